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

from .errors import InputError, SecurityError
from .namespaces import PREFIXES, SH
from .project import default_project
from .validation_report import _short

__all__ = ["default_shape_files", "load_shapes"]

# sh:select … and kgtool's Oxigraph variant of sh:select (kgtool.shapecompile.SELECT_OXIGRAPH)
_SPARQL_TEXT_PREDICATES = (SH.select, SH.ask, SH.construct, SH.update,
                           URIRef("https://w3id.org/kgtool/shapes#selectOxigraph"))
_FORBIDDEN = re.compile(r"(?<![\w?$:/#.-])(SERVICE|FROM|LOAD)(?![\w:-])", re.IGNORECASE)
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_STRING = re.compile(r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"",
                     re.DOTALL)
_COMMENT = re.compile(r"#[^\n]*")


def _sparql_keywords(text: str) -> list[str]:
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


def _check_shapes_security(graph: Graph, path: Path) -> None:
    for pred in _SPARQL_TEXT_PREDICATES:
        for node, text in graph.subject_objects(pred):
            bad = _sparql_keywords(str(text))
            if bad:
                shape = _owning_shape(graph, node)
                raise SecurityError(
                    f"{path}: shape {_short(shape)} uses {', '.join(bad)} in its SPARQL "
                    f"({pred.n3(graph.namespace_manager)}); remote services and dataset "
                    "clauses are refused")


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
        _check_shapes_security(one, path)
        for prefix, ns in one.namespaces():
            if prefix:
                out.bind(prefix, ns, override=False)
        out += one
    return out
