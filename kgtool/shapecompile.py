"""The SHACL-to-SPARQL compiler of :mod:`kgtool.fastvalidate`: one violation query per
constraint, run over the whole data graph at once.

Implements W3C SHACL §2–§5 for the constraint components the project's shapes use, with
:func:`kgtool.validate.validate_graph` (pySHACL) as the reference
(``tests/test_fastvalidate.py``).

- Targets (§2.1.3): ``sh:targetClass`` (instances of subclasses too, via ``rdfs:subClassOf*``
  over data + ontology, as pySHACL's ``ont_graph`` mix-in), ``sh:targetNode``,
  ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``; property shapes inherit the targets of the
  node shapes that list them under ``sh:property``.
- Core components (§4): ``minCount``, ``maxCount``, ``datatype``, ``class``, ``in``,
  ``hasValue``, ``pattern``/``flags``, ``nodeKind``, ``minLength``/``maxLength``, the four value
  ranges, ``languageIn``, ``qualifiedValueShape`` with ``qualifiedMinCount``/``MaxCount``,
  ``node``, ``not``, ``and``, ``or``. One SPARQL query per constraint over the whole graph;
  nested shapes (inside ``sh:or`` …) become ``EXISTS`` conditions.
- ``sh:datatype`` queries return candidates (not a literal of the datatype, or a cast to it
  fails); :func:`kgtool.fastvalidate.validate_fast` re-checks each in Python.
- SPARQL-based constraints (§5, ``sh:select``): the text is kept, with the declared prefixes;
  it runs with ``$this`` unbound. A constraint may carry :data:`SELECT_OXIGRAPH`
  (``kgsh:selectOxigraph``, docs/MODEL.md): an equivalent SELECT (same results, same projected
  variables) written for Oxigraph's optimizer; it is run instead of ``sh:select``, which stays
  what pySHACL runs (``tests/test_fastvalidate.py`` proves both give the same results).
- Anything else (``$PATH``, ``sh:ask``, other components, complex nesting) makes that shape fall
  back to pySHACL; :attr:`FastPlan.fallback` names those shapes.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from itertools import count
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from .errors import SecurityError
from .namespaces import SH
from .oxistore import to_ox

__all__ = ["compile_shapes", "FastPlan", "SELECT_OXIGRAPH"]

#: On a ``sh:SPARQLConstraint``: an equivalent SELECT text run by Oxigraph instead of
#: ``sh:select`` (pySHACL ignores it).
SELECT_OXIGRAPH = URIRef("https://w3id.org/kgtool/shapes#selectOxigraph")

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_IGNORED = {RDF.type, RDFS.label, RDFS.comment, SH.message, SH.severity, SH.name,
            SH.description, SH.order, SH.group, SH.property, SH.path, SH.deactivated,
            SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.flags, *_TARGETS}
_RANGES = {SH.minExclusive: ">", SH.minInclusive: ">=", SH.maxExclusive: "<",
           SH.maxInclusive: "<="}
_NODE_KINDS = {SH.IRI: "!isIRI({v})", SH.Literal: "!isLiteral({v})",
               SH.BlankNode: "!isBlank({v})", SH.BlankNodeOrIRI: "isLiteral({v})",
               SH.BlankNodeOrLiteral: "isIRI({v})", SH.IRIOrLiteral: "isBlank({v})"}
_CASTABLE = {XSD.decimal, XSD.integer, XSD.boolean, XSD.date, XSD.dateTime, XSD.gYear,
             XSD.double, XSD.float, XSD.time, XSD.string}
_RDF_TYPE = f"<{RDF.type}>/<{RDFS.subClassOf}>*"


_PROJECTION = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(.*?)\s*(?:\bWHERE\b|\{)",
                         re.IGNORECASE | re.DOTALL)


def _projected(text: str) -> set[str] | None:
    """The variable names of the outermost SELECT clause of ``text`` (None: not found)."""
    m = _PROJECTION.search(re.sub(r"#[^\n]*", " ", text))
    return None if m is None else set(re.findall(r"[?$](\w+)", m.group(1))) or {m.group(1)}


class _Unsupported(Exception):
    """A shape uses something this compiler does not translate."""


def _t(term: Node) -> str:
    """A term in SPARQL syntax (N-Triples form, escaped by pyoxigraph)."""
    return str(to_ox(term))


def _str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") \
        .replace("\r", "\\r") + '"'


@dataclass
class _Query:
    shape: Node
    kind: str            # "value" (?this ?v), "focus" (?this), "datatype", "sparql"
    text: str
    datatype: URIRef | None = None
    constraint: Node | None = None


@dataclass
class FastPlan:
    """Shapes compiled to SPARQL: the queries, and the shapes left to pySHACL."""

    queries: list[_Query] = field(default_factory=list)
    focus: dict[Node, str] = field(default_factory=dict)   # shape -> focus SELECT
    fallback: set[Node] = field(default_factory=set)
    shapes: Graph = field(default_factory=Graph)


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.fresh = count()

    def var(self) -> str:
        return f"?_v{next(self.fresh)}"

    def items(self, node) -> list:
        return list(Collection(self.g, node))

    def path(self, p) -> str:
        if isinstance(p, URIRef):
            return _t(p)
        if (p, RDF.first, None) in self.g:
            return "(" + "/".join(self.path(x) for x in self.items(p)) + ")"
        for pred, op in ((SH.inversePath, "^"), (SH.zeroOrMorePath, "*"),
                         (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
            inner = self.g.value(p, pred)
            if inner is not None:
                return f"^({self.path(inner)})" if op == "^" else f"({self.path(inner)}){op}"
        alt = self.g.value(p, SH.alternativePath)
        if alt is not None:
            return "(" + "|".join(self.path(x) for x in self.items(alt)) + ")"
        raise _Unsupported(f"path {p}")

    # -- value-level failure conditions -------------------------------------------------
    def fail(self, pred, obj, v: str) -> str:
        if pred == SH.datatype:
            ok = f"COALESCE(datatype(<{obj}>({v})) = <{obj}>, false)" if obj in _CASTABLE \
                else "true"
            return f"!(isLiteral({v}) && datatype({v}) = <{obj}> && {ok})"
        if pred == SH["class"]:
            return f"NOT EXISTS {{ {v} {_RDF_TYPE} {_t(obj)} }}"
        if pred == SH["in"]:
            alts = " || ".join(f"sameTerm({v}, {_t(x)})" for x in self.items(obj)) or "false"
            return f"!({alts})"
        if pred == SH.hasValue:
            return f"!sameTerm({v}, {_t(obj)})"
        if pred == SH.pattern:
            return f"(isBlank({v}) || !REGEX(STR({v}), {_str(str(obj))}, {_str(str(self._flags))}))"
        if pred == SH.nodeKind:
            if obj not in _NODE_KINDS:
                raise _Unsupported(f"nodeKind {obj}")
            return _NODE_KINDS[obj].format(v=v)
        if pred in (SH.minLength, SH.maxLength):
            op = "<" if pred == SH.minLength else ">"
            return f"(isBlank({v}) || STRLEN(STR({v})) {op} {int(obj)})"
        if pred in _RANGES:
            return f"!COALESCE({v} {_RANGES[pred]} {_t(obj)}, false)"
        if pred == SH.languageIn:
            alts = " || ".join(f"langMatches(lang({v}), {_str(str(x))})" for x in self.items(obj))
            return f"!(isLiteral({v}) && ({alts or 'false'}))"
        if pred == SH.node:
            return f"!({self.conforms(obj, v)})"
        if pred == SH["not"]:
            return f"({self.conforms(obj, v)})"
        if pred == SH["or"]:
            return "!(" + " || ".join(f"({self.conforms(s, v)})" for s in self.items(obj)) + ")"
        if pred == SH.xone:
            ones = " + ".join(f"IF({self.conforms(s, v)}, 1, 0)" for s in self.items(obj))
            return f"!(({ones or '0'}) = 1)"
        if pred == SH["and"]:
            return "!(" + " && ".join(f"({self.conforms(s, v)})" for s in self.items(obj)) + ")"
        raise _Unsupported(f"component {pred}")

    _flags = ""

    def constraints(self, shape) -> list[tuple]:
        out = []
        for p, o in self.g.predicate_objects(shape):
            if p in _IGNORED:
                continue
            if p == SH.sparql:
                out.append((p, o))
                continue
            out.append((p, o))
        self._flags = str(self.g.value(shape, SH.flags) or "")
        return out

    def conforms(self, shape, x: str) -> str:
        """A SPARQL condition true when node ``x`` conforms to ``shape``."""
        conds = []
        path = self.g.value(shape, SH.path)
        for p, o in self.constraints(shape):
            if p in (SH.sparql, SH.qualifiedValueShape):
                raise _Unsupported(f"nested {p}")
            if path is None:
                conds.append(f"!({self.fail(p, o, x)})")
                continue
            ps = self.path(path)
            if p == SH.minCount:
                if int(o) > 1:
                    raise _Unsupported("nested minCount > 1")
                if int(o) == 1:
                    conds.append(f"EXISTS {{ {x} {ps} {self.var()} }}")
            elif p == SH.maxCount:
                if int(o) != 0:
                    raise _Unsupported("nested maxCount > 0")
                conds.append(f"NOT EXISTS {{ {x} {ps} {self.var()} }}")
            elif p == SH.hasValue:
                conds.append(f"EXISTS {{ {x} {ps} {_t(o)} }}")
            else:
                v = self.var()
                conds.append(f"NOT EXISTS {{ {x} {ps} {v} FILTER({self.fail(p, o, v)}) }}")
        for prop in self.g.objects(shape, SH.property):
            conds.append(self.conforms(prop, x))
        return " && ".join(f"({c})" for c in conds) or "true"

    # -- top level ------------------------------------------------------------------------
    def focus(self, targets: Iterable[tuple]) -> str:
        parts = []
        classes = sorted(_t(o) for p, o in set(targets) if p == SH.targetClass)
        if len(classes) == 1:
            parts.append(f"?this {_RDF_TYPE} {classes[0]} .")
        elif classes:  # one pattern, not a UNION of one per class
            parts.append(f"?this {_RDF_TYPE} ?_target . VALUES ?_target {{ {' '.join(classes)} }}")
        for p, o in sorted(set(targets), key=str):
            if p == SH.targetClass:
                continue
            elif p == SH.targetNode:
                parts.append(f"VALUES ?this {{ {_t(o)} }}")
            elif p == SH.targetSubjectsOf:
                parts.append(f"?this {_t(o)} ?_any .")
            elif p == SH.targetObjectsOf:
                parts.append(f"?_any {_t(o)} ?this .")
        return "SELECT DISTINCT ?this WHERE { " + " UNION ".join(f"{{ {x} }}" for x in parts) + " }"

    def shape_queries(self, shape, focus: str) -> list[_Query]:
        F = f"{{ {focus} }}"
        out = []
        path = self.g.value(shape, SH.path)
        ps = self.path(path) if path is not None else None
        for p, o in self.constraints(shape):
            if p == SH.sparql:
                out.append(self.sparql(shape, o))
            elif p == SH.datatype:
                v = "?this" if ps is None else "?v"
                pat = "" if ps is None else f"?this {ps} ?v ."
                out.append(_Query(shape, "datatype", f"SELECT DISTINCT ?this {v if ps else ''} "
                                  f"WHERE {{ {F} {pat} FILTER({self.fail(p, o, v)}) }}",
                                  datatype=o))
            elif ps is None:
                if p in (SH.minCount, SH.maxCount, SH.qualifiedValueShape):
                    raise _Unsupported(f"{p} on a node shape")
                out.append(_Query(shape, "focus_value",
                                  f"SELECT DISTINCT ?this WHERE {{ {F} FILTER({self.fail(p, o, '?this')}) }}"))
            elif p == SH.minCount:
                n = int(o)
                if n == 1:
                    q = f"SELECT DISTINCT ?this WHERE {{ {F} FILTER NOT EXISTS {{ ?this {ps} ?v }} }}"
                else:
                    q = (f"SELECT ?this WHERE {{ {F} OPTIONAL {{ ?this {ps} ?v }} }} "
                         f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {n})")
                out.append(_Query(shape, "focus", q)) if n > 0 else None
            elif p == SH.maxCount:
                out.append(_Query(shape, "focus", f"SELECT ?this WHERE {{ {F} ?this {ps} ?v }} "
                                  f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {int(o)})"))
            elif p == SH.hasValue:
                out.append(_Query(shape, "focus", f"SELECT DISTINCT ?this WHERE {{ {F} "
                                  f"FILTER NOT EXISTS {{ ?this {ps} {_t(o)} }} }}"))
            elif p == SH.qualifiedValueShape:
                if self.g.value(shape, SH.qualifiedValueShapesDisjoint) is not None:
                    raise _Unsupported("qualifiedValueShapesDisjoint")
                cond = self.conforms(o, "?v")
                lo = self.g.value(shape, SH.qualifiedMinCount)
                hi = self.g.value(shape, SH.qualifiedMaxCount)
                if lo is not None:
                    out.append(_Query(shape, "focus", f"SELECT ?this WHERE {{ {F} OPTIONAL {{ ?this {ps} ?v "
                                      f"FILTER({cond}) }} }} GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {int(lo)})"))
                if hi is not None:
                    out.append(_Query(shape, "focus", f"SELECT ?this WHERE {{ {F} ?this {ps} ?v "
                                      f"FILTER({cond}) }} GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {int(hi)})"))
            elif p in (SH.lessThanOrEquals, SH.lessThan):
                op = "<=" if p == SH.lessThanOrEquals else "<"
                out.append(_Query(shape, "value", f"SELECT DISTINCT ?this ?v WHERE {{ {F} "
                                  f"?this {ps} ?v . ?this {_t(o)} ?w "
                                  f"FILTER(!COALESCE(?v {op} ?w, false)) }}"))
            elif p == SH.qualifiedValueShapesDisjoint:
                raise _Unsupported("qualifiedValueShapesDisjoint")
            else:
                out.append(_Query(shape, "value", f"SELECT DISTINCT ?this ?v WHERE {{ {F} "
                                  f"?this {ps} ?v FILTER({self.fail(p, o, '?v')}) }}"))
        for sub in self.g.objects(shape, SH.property):
            if path is not None:
                raise _Unsupported("sh:property under a property shape")
        return out

    def sparql(self, shape, constraint) -> _Query:
        if (constraint, SH.deactivated, Literal(True)) in self.g:
            return _Query(shape, "none", "")
        text = self.g.value(constraint, SH.select)
        if text is None or "$PATH" in str(text) or "$currentShape" in str(text) \
                or "$shapesGraph" in str(text):
            raise _Unsupported("SPARQL constraint without sh:select or with $PATH")
        alt = self.g.value(constraint, SELECT_OXIGRAPH)
        if alt is not None:
            from .shapes import _sparql_keywords

            bad = _sparql_keywords(str(alt))
            if bad:
                raise SecurityError(f"shape {shape}: kgsh:selectOxigraph uses {', '.join(bad)}; "
                                    "remote services and dataset clauses are refused")
            if _projected(str(alt)) != _projected(str(text)) or any(
                    v in str(alt) for v in ("$PATH", "$currentShape", "$shapesGraph")):
                warnings.warn(f"shape {shape}: kgsh:selectOxigraph does not project the variables "
                              "of sh:select; sh:select is run instead", stacklevel=2)
            else:
                text = alt
        header = []
        for decl_src in self.g.objects(constraint, SH.prefixes):
            for decl in self.g.objects(decl_src, SH.declare):
                header.append(f"PREFIX {self.g.value(decl, SH.prefix)}: "
                              f"<{self.g.value(decl, SH.namespace)}>")
        return _Query(shape, "sparql", "\n".join(header) + "\n" + str(text), constraint=constraint)


def compile_shapes(shapes: Graph) -> FastPlan:
    """Compile ``shapes`` into SPARQL violation queries (see the module docstring).

    >>> from kgtool.validate import load_shapes
    >>> plan = compile_shapes(load_shapes())
    >>> len(plan.queries) > 50
    True
    """
    c = _Compiler(shapes)
    plan = FastPlan(shapes=shapes)
    targets: dict[Node, set] = {}
    for p in _TARGETS:
        for s, o in shapes.subject_objects(p):
            targets.setdefault(s, set()).add((p, o))
    for s in list(targets):
        for prop in shapes.objects(s, SH.property):
            targets.setdefault(prop, set()).update(targets[s])
    for shape, tgt in targets.items():
        if (shape, SH.deactivated, Literal(True)) in shapes:
            continue
        focus = c.focus(tgt)
        plan.focus[shape] = focus
        try:
            plan.queries += c.shape_queries(shape, focus)
        except _Unsupported:
            plan.fallback.add(shape)
    plan.queries = [q for q in plan.queries if q.kind != "none" and q.shape not in plan.fallback]
    return plan
