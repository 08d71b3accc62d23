"""SHACL-SPARQL constraints (``sh:select``) in the compiled validator
(:mod:`kgtool.validation.shape_compiler`): which ones compile, and the text that runs.

A compiled constraint runs once over the whole graph with ``$this`` unbound, each row then
bound to its focus node. That equals SHACL's pre-binding (§5.3.1: ``$this`` substituted by the
focus node) only for some queries; :func:`unbound_run_is_prebinding` accepts those and
anything else raises :class:`NotCompiled` (the shape then runs on pySHACL). What SHACL forbids
in pre-bound queries is refused earlier by :func:`kgtool.validation.shapes.check_shapes`.
"""
from __future__ import annotations

import re
import warnings

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import OWL
from rdflib.term import Node

from kgtool.errors import SecurityError
from kgtool.rdf.namespaces import SH
from kgtool.validation.shapes import bare_sparql

__all__ = ["SELECT_OXIGRAPH", "NotCompiled", "compiled_select", "unbound_run_is_prebinding"]

#: On a ``sh:SPARQLConstraint``: an equivalent SELECT text run by Oxigraph instead of
#: ``sh:select`` (pySHACL ignores it).
SELECT_OXIGRAPH = URIRef("https://w3id.org/kgtool/shapes#selectOxigraph")


class NotCompiled(Exception):
    """The constraint cannot run unbound with the pre-bound answer (the reason is the text)."""


_PROJECTION = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(.*?)\s*(?:\bWHERE\b|\{)",
                         re.IGNORECASE | re.DOTALL)


def _projected(text: str) -> set[str] | None:
    """The variable names of the outermost SELECT clause of ``text`` (None: not found)."""
    m = _PROJECTION.search(re.sub(r"#[^\n]*", " ", text))
    return None if m is None else set(re.findall(r"[?$](\w+)", m.group(1))) or {m.group(1)}


#: SPARQL a constraint may use and still run once over the whole graph with ``$this`` unbound,
#: each row then bound to its focus node: anything else changes the answer under pre-binding
_NOT_COMPILED_SPARQL = re.compile(r"(?<![\w?$:/#.-])(UNION|GROUP|HAVING|LIMIT|OFFSET|ORDER|GRAPH|"
                                  r"SELECT|COUNT|SUM|AVG|MIN|MAX|SAMPLE|GROUP_CONCAT|NOW|RAND|"
                                  r"BNODE|UUID|STRUUID)(?![\w:-])", re.IGNORECASE)


def unbound_run_is_prebinding(text: str) -> bool:
    """True when the unbound run of a ``sh:select`` gives exactly the pre-bound answer: the
    top-level group of the WHERE clause starts with triple patterns that mention ``$this``
    (before any OPTIONAL, BIND or nested group), and every nested group is the body of an
    OPTIONAL or (NOT) EXISTS (evaluated with ``$this`` already bound). A group of its own, a
    UNION branch or a sub-select would see ``$this`` unbound.

    >>> unbound_run_is_prebinding("SELECT $this WHERE { $this ?p ?o FILTER NOT EXISTS { $this ?q ?o } }")
    True
    >>> unbound_run_is_prebinding("SELECT $this WHERE { FILTER NOT EXISTS { $this ?q ?o } }")
    False
    """
    bare = bare_sparql(text)
    start = bare.find("{")
    if start < 0:
        return False
    for m in re.finditer(r"\{", bare[start + 1:]):
        before = bare[start + 1:start + 1 + m.start()].rstrip()
        if not re.search(r"\b(OPTIONAL|EXISTS)$", before, re.IGNORECASE):
            return False
    depth, top = 0, []
    for ch in bare[start:]:
        if ch == "{":
            depth += 1
            if depth == 2:
                top.append(" {} ")
            if depth == 1:
                continue
        elif ch == "}":
            depth -= 1
            if depth == 0:
                break
            continue
        if depth == 1:
            top.append(ch)
    body = "".join(top)
    head = re.split(r"\bOPTIONAL\b|\bBIND\b|\{\}", body, maxsplit=1, flags=re.IGNORECASE)[0]
    prev = None
    while prev != head:  # drop parenthesised expressions: FILTER (...) leaves "FILTER"
        prev, head = head, re.sub(r"\([^()]*\)", " ", head)
    head = re.sub(r"\bFILTER\b(\s+NOT)?(\s+EXISTS)?", " ", head, flags=re.IGNORECASE)
    return re.search(r"[?$]this\b", head) is not None


def prefixes(g: Graph, constraint: Node) -> list[str]:
    """PREFIX lines of ``constraint``'s ``sh:prefixes`` (their ``owl:imports`` too)."""
    header, seen = [], set()
    todo = list(g.objects(constraint, SH.prefixes))
    while todo:
        src = todo.pop()
        if src in seen:
            continue
        seen.add(src)
        todo.extend(g.objects(src, OWL.imports))
        for decl in g.objects(src, SH.declare):
            header.append(f"PREFIX {g.value(decl, SH.prefix)}: <{g.value(decl, SH.namespace)}>")
    return header


def compiled_select(g: Graph, shape: Node, constraint: Node) -> str:
    """The SELECT text (with its PREFIX lines) the compiled validator runs for ``constraint``
    of ``shape``: ``kgsh:selectOxigraph`` when it projects what ``sh:select`` does, else
    ``sh:select``.

    :raises NotCompiled: no ``sh:select``, ``$PATH``/``$currentShape``/``$shapesGraph``, an
        unbound run that is not pre-binding, or SPARQL Oxigraph does not parse.
    :raises SecurityError: ``kgsh:selectOxigraph`` uses SERVICE, FROM or LOAD.
    """
    text = g.value(constraint, SH.select)
    if text is None or any(v in str(text) for v in ("$PATH", "$currentShape", "$shapesGraph",
                                                   "?currentShape", "?shapesGraph")):
        raise NotCompiled("SPARQL constraint without sh:select, or with $PATH, $currentShape or "
                          "$shapesGraph")
    bare = bare_sparql(str(text))
    inner = bare[bare.upper().find("WHERE"):] if "WHERE" in bare.upper() else bare
    if _NOT_COMPILED_SPARQL.search(inner) or not unbound_run_is_prebinding(str(text)):
        raise NotCompiled("SPARQL constraint that does not bind $this in a top-level triple "
                          "pattern, or uses UNION, sub-selects, aggregates, solution modifiers "
                          "or GRAPH")
    alt = g.value(constraint, SELECT_OXIGRAPH)
    if alt is not None:
        from kgtool.validation.shapes import sparql_keywords

        bad = sparql_keywords(str(alt))
        if bad:
            raise SecurityError(f"shape {shape}: kgsh:selectOxigraph uses {', '.join(bad)}; "
                                "remote services and dataset clauses are refused")
        if _projected(str(alt)) != _projected(str(text)) or any(
                v in str(alt) for v in ("$PATH", "$currentShape", "$shapesGraph")):
            warnings.warn(f"shape {shape}: kgsh:selectOxigraph does not project the variables "
                          "of sh:select; sh:select is run instead", stacklevel=3)
        else:
            text = alt
    full = "\n".join(prefixes(g, constraint)) + "\n" + str(text)
    try:
        ox.Store().query(full)  # parses; nothing to match in an empty store
    except SyntaxError as exc:
        raise NotCompiled(f"SPARQL Oxigraph does not parse: {' '.join(str(exc).split())}") from exc
    return full
