"""SHACL shapes files: where the project keeps them, and loading them safely.

:func:`load_shapes` reads Turtle shapes into one rdflib graph and refuses a SPARQL-based
constraint (``sh:select``/``sh:ask``/``sh:construct``/``sh:update``, or kgtool's Oxigraph
variant of ``sh:select``) that uses ``SERVICE``, ``FROM`` or ``LOAD``: shapes are data, and
validating with them must not reach outside the data being validated.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import RDF  # noqa: F401  (the doctest of load_shapes uses it)
from rdflib.term import Node

from kgtool.errors import InputError, SecurityError
from kgtool.rdf.namespaces import PREFIXES, SH
from kgtool.project import default_project
from kgtool.validation.report import short_iri

__all__ = ["default_shape_files", "load_shapes", "check_shapes", "check_shapes_security",
           "sparql_text_problem", "bare_sparql"]

# sh:select … and kgtool's Oxigraph variant of sh:select (kgtool.validation.shape_compiler.SELECT_OXIGRAPH)
_SPARQL_TEXT_PREDICATES = (SH.select, SH.ask, SH.construct, SH.update,
                           URIRef("https://w3id.org/kgtool/shapes#selectOxigraph"))
_FORBIDDEN = re.compile(r"(?<![\w?$:/#.-])(SERVICE|FROM|LOAD)(?![\w:-])", re.IGNORECASE)
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_STRING = re.compile(r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"",
                     re.DOTALL)
_COMMENT = re.compile(r"#[^\n]*")


def bare_sparql(text: str) -> str:
    """``text`` with IRIs, string literals and comments blanked: what is left is keywords,
    variables, prefixed names and punctuation (for checks that must not read inside them)."""
    return _COMMENT.sub(" ", _STRING.sub(" ", _IRI.sub(" ", text)))


def sparql_keywords(text: str) -> list[str]:
    """Forbidden keywords (SERVICE, FROM, LOAD) used as keywords in a SPARQL text."""
    stripped = _STRING.sub(" ", _IRI.sub(" ", text))
    stripped = _COMMENT.sub(" ", stripped)
    return sorted({m.group(1).upper() for m in _FORBIDDEN.finditer(stripped)})


def _owning_shape(graph: Graph, node: Node) -> Node:
    """The nearest IRI naming ``node``: itself, or a subject pointing at it (two levels up)."""
    frontier, seen = [node], set()
    for _ in range(3):
        for n in frontier:
            if isinstance(n, URIRef):
                return n
        nxt = []
        for n in frontier:
            seen.add(n)
            nxt.extend(s for s in graph.subjects(None, n) if s not in seen)
        if not nxt:
            break
        frontier = nxt
    return node


def check_shapes_security(graph: Graph, path: Path) -> None:
    """Refuse SPARQL-based constraints of ``graph`` (read from ``path``) that use
    SERVICE, FROM or LOAD (:class:`SecurityError` naming the file and the shape)."""
    for pred in _SPARQL_TEXT_PREDICATES:
        for node, text in graph.subject_objects(pred):
            bad = sparql_keywords(str(text))
            if bad:
                shape = _owning_shape(graph, node)
                raise SecurityError(
                    f"{path}: shape {short_iri(shape)} uses {', '.join(bad)} in its SPARQL "
                    f"({pred.n3(graph.namespace_manager)}); remote services and dataset "
                    "clauses are refused")


def _check_boolean_forms(path: Path) -> None:
    """Refuse a boolean shape parameter written other than ``true``/``false`` (``"1"``):
    rdflib's parser turns ``"1"^^xsd:boolean`` into ``"true"``, a different RDF term, so the
    file is read once more by pyoxigraph's parser, which keeps lexical forms."""
    import pyoxigraph as ox

    wanted = {ox.NamedNode(str(p)) for p in _BOOLEAN_PARAMETERS}
    try:
        triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
        for t in triples:
            if t.predicate in wanted and not (isinstance(t.object, ox.Literal)
                                              and t.object.value in ("true", "false")):
                raise InputError(f"{short_iri(URIRef(t.predicate.value))} {t.object} is not the "
                                 "literal true or false; refused", path=str(path))
    except SyntaxError:  # rdflib accepted the file: its reading stands
        return


def default_shape_files() -> list[Path]:
    """The project's data shapes: ``ontology/shapes/*.ttl`` except ``term-metadata.ttl``."""
    shapes_dir = default_project().shapes_dir
    if not shapes_dir.is_dir():  # an installed kgtool outside any project: say so, do not pass empty
        raise InputError("no shapes directory (run in a project with ontology/shapes/ or pass "
                         "the shapes)", path=str(shapes_dir))
    return sorted(p for p in shapes_dir.glob("*.ttl") if p.name != "term-metadata.ttl")


def load_shapes(paths: Iterable[Path] | None = None) -> Graph:
    """Load SHACL shapes files into one graph, refusing SPARQL that reaches outside the data.

    :param paths: Turtle files to load; default: every ``ontology/shapes/*.ttl`` of the
        project except ``term-metadata.ttl`` (which validates the ontology, not the data).
    :returns: a plain :class:`rdflib.Graph` holding all the shapes.
    :raises InputError: a file is missing or does not parse.
    :raises SecurityError: a ``sh:select``/``sh:ask``/``sh:construct`` text uses ``SERVICE``,
        ``FROM`` or ``LOAD``; the message names the file and the shape.

    >>> g = load_shapes()
    >>> (URIRef("https://w3id.org/kgtool/shapes#TargetShape"), RDF.type, SH.NodeShape) in g
    True
    """
    files = default_shape_files() if paths is None else [Path(p) for p in paths]
    out = Graph()
    for name, ns in PREFIXES.items():
        out.bind(name, ns)
    for path in files:
        if not path.is_file():
            raise InputError("no such shapes file", path=str(path))
        one = Graph()
        try:
            one.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several unrelated parser exceptions
            raise InputError(f"cannot parse shapes: {exc}", path=str(path)) from exc
        check_shapes_security(one, path)
        _check_boolean_forms(path)
        for prefix, ns in one.namespaces():
            if prefix:
                out.bind(prefix, ns, override=False)
        out += one
    return out


# ------------------------------------------------------------------ SHACL-SPARQL restrictions
_PREBOUND_AS = re.compile(r"\bAS\s*[?$](this|currentShape|shapesGraph)\b", re.IGNORECASE)
_VALUE_AS = re.compile(r"\bAS\s*[?$](value)\b", re.IGNORECASE)
_REFUSED_KEYWORDS = re.compile(r"(?<![\w?$:/#.-])(MINUS|VALUES|SERVICE)(?![\w:-])", re.IGNORECASE)
_SUBSELECT = re.compile(r"\{\s*SELECT\b(.*?)\bWHERE\b", re.IGNORECASE | re.DOTALL)
_BOOLEAN_PARAMETERS = (SH.deactivated, SH.closed, SH.uniqueLang, SH.qualifiedValueShapesDisjoint)


def sparql_text_problem(text: str, *, value_prebound: bool = False) -> str | None:
    """What SHACL §5.2.1/§6.3 forbid in a pre-bound SPARQL query ``text``, or None.

    Forbidden: ``MINUS``, ``VALUES``, ``SERVICE``; ``AS $this`` (and ``$currentShape``,
    ``$shapesGraph``, and ``$value`` in an ASK validator, where it is pre-bound); a sub-select
    that does not project ``$this`` (``SELECT *`` included, since a variable only filtered on
    is not in scope).

    >>> sparql_text_problem("SELECT $this WHERE { $this ?p ?o MINUS { $this ?p 1 } }")
    'MINUS'
    >>> sparql_text_problem("SELECT $this WHERE { $this ?p ?o }") is None
    True
    """
    bare = bare_sparql(text)
    kw = _REFUSED_KEYWORDS.search(bare)
    if kw:
        return kw.group(1).upper()
    m = _PREBOUND_AS.search(bare) or (_VALUE_AS.search(bare) if value_prebound else None)
    if m:
        return f"BIND/AS of the pre-bound variable ${m.group(1)}"
    for sub in _SUBSELECT.finditer(bare):
        if not re.search(r"[?$]this\b", sub.group(1)):
            return "a sub-SELECT that does not project $this"
    return None


def check_shapes(shapes: Graph) -> None:
    """Refuse, with one line, shapes whose meaning SHACL leaves undefined or forbids.

    - SPARQL that SHACL forbids in pre-bound queries (:func:`sparql_text_problem`), in
      ``sh:select`` and ``sh:ask`` texts;
    - a boolean parameter (``sh:deactivated``, ``sh:closed``, ``sh:uniqueLang``,
      ``sh:qualifiedValueShapesDisjoint``) that is not the literal ``true`` or ``false``
      (``"1"^^xsd:boolean`` is a different RDF term, and validators disagree on it).

    :raises InputError: naming the shape and the construct.
    """
    from rdflib import Literal
    from rdflib.namespace import XSD

    for pred in (SH.select, SH.ask):  # $value is pre-bound in ASK validators only (§6.3)
        for node, text in shapes.subject_objects(pred):
            problem = sparql_text_problem(str(text), value_prebound=pred == SH.ask)
            if problem:
                raise InputError(f"shape {short_iri(_owning_shape(shapes, node))}: SHACL forbids "
                                 f"{problem} in a pre-bound SPARQL query ({short_iri(pred)})")
    for pred in _BOOLEAN_PARAMETERS:
        for node, value in shapes.subject_objects(pred):
            if not (isinstance(value, Literal) and value.datatype == XSD.boolean
                    and str(value) in ("true", "false")):
                raise InputError(f"shape {short_iri(node)}: {short_iri(pred)} {value.n3()} is not the "
                                 "literal true or false; refused")
