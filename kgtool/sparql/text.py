"""SPARQL text as every backend reads it: the same predeclared prefixes, the same local names.

Ad-hoc SPARQL (``kgtool query --text``/``--file``) and named queries must give the same
answer on rdflib, Oxigraph and a remote server. Two things differed:

- **Predeclared prefixes.** rdflib resolved any prefix bound on the dataset (the project's
  and rdflib's own: ``foaf:``, ``schema:`` …), Oxigraph none. Now every store declares the
  project prefixes of :data:`PREDECLARED` (:data:`kgtool.rdf.namespaces.PREFIXES`: ``kgt kg kgg
  eli schema dct owl prov rdf rdfs skos time xsd org sh``) and no other:
  :func:`declare_prefixes` adds a ``PREFIX`` declaration for each one the text does not
  declare itself, on its first line (line numbers of errors stay right), before the text
  goes to rdflib (which is also given exactly these as ``initNs``), Oxigraph or a server;
  a prefix that is neither declared nor predeclared is refused with one
  :class:`~kgtool.errors.QueryError` on every backend (rdflib would otherwise resolve its
  own defaults, ``foaf:`` …, where Oxigraph and servers fail).
- **Escaped local names.** SPARQL lets a prefixed name escape reserved characters
  (``kg:fact\\/yufufa-2011-3\\/target-01`` is ``<…/fact/yufufa-2011-3/target-01>``); rdflib's
  parser kept the backslashes (and matched nothing), and not every server parses them.
  :func:`declare_prefixes` therefore writes each prefixed name with an escape as the full
  IRI it stands for before any backend sees it; :func:`fix_rdflib_local_names`, run by
  :func:`kgtool.sparql.safety.check_query` when it first loads rdflib's SPARQL parser (not at
  import: building that grammar costs ~0.1 s), also makes rdflib's parser drop them as the
  grammar says, for the rest of the process.
"""
from __future__ import annotations

import re

from kgtool.errors import QueryError
from kgtool.rdf.namespaces import PREFIXES

__all__ = ["PREDECLARED", "declare_prefixes", "fix_rdflib_local_names"]

#: prefix -> namespace IRI declared for every query on every backend
PREDECLARED: dict[str, str] = {name: str(ns) for name, ns in PREFIXES.items()}

_MASK = re.compile(r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
                   r"|'(?:[^'\\\n]|\\.)*'|<[^<>\s]*>|#[^\n]*")
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE)
_USED = re.compile(r"(?<![\w?$.\-:\\])([A-Za-z][\w.-]*)?:(?=[\w%\\:]|[\s;,.)\]}/|*+?^!]|$)")
_DECL_IRI = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:\s*<([^<>\s]*)>", re.IGNORECASE)
_ESC = r"\\[_~.\-!$&\"'()*+,;=/?#@%]"
_PNAME_ESCAPED = re.compile(r"(?<![\w?$.\-:\\])([A-Za-z][\w.-]*)?:((?:[\w\-.:%]|" + _ESC
                            + r")*" + _ESC + r"(?:[\w\-.:%]|" + _ESC + r")*)")
_ESCAPE = re.compile(r"\\([_~.\-!$&\"'()*+,;=/?#@%])")


def declare_prefixes(text: str) -> str:
    """``text`` with a ``PREFIX`` declaration, on its first line, for each predeclared prefix
    it does not declare itself.

    >>> declare_prefixes("PREFIX kg: <urn:x:> SELECT * { ?s a kgt:Target }").count("PREFIX kg:")
    1
    >>> declare_prefixes('SELECT * { ?s a foaf:Person }')
    Traceback (most recent call last):
    ...
    kgtool.errors.QueryError: undeclared prefix foaf: (add PREFIX foaf: <…>; kgtool predeclares only kgt: kg: kgg: eli: schema: dct: owl: prov: rdf: rdfs: skos: time: xsd: org: sh:)
    >>> declare_prefixes(r"PREFIX kg: <urn:x:> SELECT * { kg:a\\/b ?p ?o }")[-30:]
    'SELECT * { <urn:x:a/b> ?p ?o }'
    >>> declare_prefixes("SELECT * {}").startswith("PREFIX kgt: <https://w3id.org/kgtool/ontology#> ")
    True
    """
    masked = _MASK.sub(lambda m: " " * len(m.group(0)), text)
    declared = {m.group(1) or "" for m in _DECLARED.finditer(masked)}
    unknown = sorted({m.group(1) or "" for m in _USED.finditer(masked)}
                     - declared - set(PREDECLARED))
    if unknown:
        raise QueryError(f"undeclared prefix {unknown[0]}: (add PREFIX {unknown[0]}: <…>; "
                         f"kgtool predeclares only {' '.join(p + ':' for p in PREDECLARED)})")
    decls = "".join(f"PREFIX {p}: <{ns}> " for p, ns in PREDECLARED.items() if p not in declared)
    return decls + _expand_escaped_names(text, masked)


def _expand_escaped_names(text: str, masked: str) -> str:
    """Prefixed names with a ``\\`` escape in ``text`` written as full IRIs."""
    if "\\" not in masked:
        return text
    namespaces = dict(PREDECLARED)
    namespaces.update({m.group(1) or "": m.group(2) for m in _DECL_IRI.finditer(text)})
    out, last = [], 0
    for m in _PNAME_ESCAPED.finditer(masked):
        local = m.group(2).rstrip(".")  # a local name does not end with a dot
        prefix = m.group(1) or ""
        if prefix not in namespaces:
            continue
        out.append(text[last:m.start()])
        out.append("<" + namespaces[prefix] + _ESCAPE.sub(r"\1", local) + ">")
        last = m.start() + len(prefix) + 1 + len(local)
    out.append(text[last:])
    return "".join(out)


def fix_rdflib_local_names() -> None:
    """Make rdflib's SPARQL parser unescape ``PN_LOCAL_ESC`` in prefixed names (it keeps the
    backslash: ``kg:a\\/b`` became ``<…a\\/b>``). Idempotent."""
    from rdflib.plugins.sparql import parser

    element = parser.PN_LOCAL
    if getattr(element, "_kgtool_unescapes", False):
        return
    element.add_parse_action(lambda toks: _ESCAPE.sub(r"\1", toks[0]))
    element._kgtool_unescapes = True
