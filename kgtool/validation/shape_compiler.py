"""The SHACL-to-SPARQL compiler of :mod:`kgtool.validation.compiled`: one violation query per
constraint, run over the whole data graph at once.

"Exact or delegating": for each shape the compiler either translates W3C SHACL §2–§5
exactly, or hands the shape *whole* to pySHACL (:attr:`FastPlan.fallback`, with the reason in
:attr:`FastPlan.reasons`; its property shapes go with it and pySHACL's results for all of them
are kept), or — for what SHACL itself forbids — :func:`kgtool.validation.shapes.check_shapes` refuses the
shapes with one line. ``tests/test_w3c_shacl.py`` runs the W3C suite on it; pySHACL
(:func:`kgtool.validation.pyshacl_validator.validate_graph`) is the reference.

Compiled:

- Targets (§2.1.3): ``sh:targetClass`` (instances of subclasses too, via ``rdfs:subClassOf*``
  over data + ontology, as pySHACL's ``ont_graph`` mix-in), implicit class targets (a shape
  that is an ``rdfs:Class``), ``sh:targetNode``, ``sh:targetSubjectsOf``,
  ``sh:targetObjectsOf``; property shapes inherit the targets of the node shapes that list
  them under ``sh:property``. ``sh:deactivated true`` shapes have no focus nodes, give their
  property shapes none, and conform wherever they are reached (``sh:node`` …).
- Core components (§4): ``minCount``, ``maxCount``, ``datatype``, ``class``, ``in``,
  ``hasValue``, ``pattern`` with that shape's own ``flags``, ``nodeKind``,
  ``minLength``/``maxLength``, the four value ranges (numeric and date bounds),
  ``languageIn``, ``lessThan``/``lessThanOrEquals``, ``qualifiedValueShape`` with
  ``qualifiedMinCount``/``MaxCount``, ``node``, ``not``, ``and``, ``or``, ``xone``; nested
  shapes become ``EXISTS`` conditions (nested ``minCount`` ≤ 1, ``maxCount`` 0 only).
- ``sh:datatype`` queries return candidates; every candidate is re-checked in Python with
  pySHACL's own rule (:func:`kgtool.validation.compiled._well_typed`): value spaces as rdflib knows
  them (``"300"^^xsd:byte`` is ill-typed).
- SPARQL-based constraints (§5, ``sh:select``): run once with ``$this`` unbound, each row then
  bound to its focus node — compiled only when that *is* pre-binding: ``$this`` occurs in a
  triple pattern at the start of the top-level group, every nested group is an OPTIONAL or
  (NOT) EXISTS body, and there is no UNION, sub-select, aggregate, solution modifier, GRAPH or
  non-deterministic function. A constraint may carry :data:`SELECT_OXIGRAPH`
  (``kgsh:selectOxigraph``, docs/MODEL.md): an equivalent SELECT written for Oxigraph's
  optimizer, run instead of ``sh:select`` (which decides whether the constraint compiles;
  ``tests/test_fastvalidate.py`` proves both give the same results).
- RDF term equality: components that compare or measure literals (:data:`_LEXICAL`) are marked
  in :attr:`FastPlan.lexical`; :func:`kgtool.validation.compiled.validate_fast` hands them to pySHACL
  when the data has a literal Oxigraph stores in another form on a predicate they read
  (:mod:`kgtool.validation.delegation`).

Delegated (whole shape): ``sh:closed``, ``sh:equals``, ``sh:disjoint``, ``sh:uniqueLang``,
``sh:qualifiedValueShapesDisjoint``, SPARQL-based constraint components, ``sh:property`` under
a property shape, nested counts other than the above, ``$PATH``/``$currentShape``/
``$shapesGraph``, SPARQL Oxigraph does not parse, ``sh:datatype rdfs:Literal`` …, and any other
``sh:`` predicate.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import count
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from kgtool.rdf.namespaces import SH
from kgtool.stores.oxigraph import to_ox
from kgtool.validation.sparql_constraints import SELECT_OXIGRAPH, NotCompiled, compiled_select

__all__ = ["compile_shapes", "FastPlan", "SELECT_OXIGRAPH", "shape_targets"]


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
#: SHACL predicates of a shape that are not constraints (or are read with another one)
_IGNORED = {SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group,
            SH.property, SH.path, SH.deactivated, SH.defaultValue, SH.qualifiedMinCount,
            SH.qualifiedMaxCount, SH.flags, SH.select, SH.prefixes, SH.declare, *_TARGETS}
#: what :meth:`_Compiler.fail` translates (any other ``sh:`` predicate: the shape is delegated)
_COMPONENTS = {SH.datatype, SH["class"], SH["in"], SH.hasValue, SH.pattern, SH.nodeKind,
               SH.minLength, SH.maxLength, *(_r for _r in (SH.minExclusive, SH.minInclusive,
               SH.maxExclusive, SH.maxInclusive)), SH.languageIn, SH.node, SH["not"], SH["or"],
               SH.xone, SH["and"]}
#: components whose answer depends on the lexical form or the identity of literal values
#: (Oxigraph keeps canonical forms: ``"1.0"`` and ``"1.00"`` are one term there)
_LEXICAL = {SH["in"], SH.hasValue, SH.pattern, SH.minLength, SH.maxLength, SH.minCount,
            SH.maxCount, SH.qualifiedValueShape, SH.lessThan, SH.lessThanOrEquals,
            SH.datatype, SH.sparql}
#: implicit class targets (§2.1.3.3): a shape that is an instance of one of these
_CLASS_TYPES = {RDFS.Class}
_RANGES = {SH.minExclusive: ">", SH.minInclusive: ">=", SH.maxExclusive: "<",
           SH.maxInclusive: "<="}
_NODE_KINDS = {SH.IRI: "!isIRI({v})", SH.Literal: "!isLiteral({v})",
               SH.BlankNode: "!isBlank({v})", SH.BlankNodeOrIRI: "isLiteral({v})",
               SH.BlankNodeOrLiteral: "isIRI({v})", SH.IRIOrLiteral: "isBlank({v})"}
_CASTABLE = {XSD.decimal, XSD.integer, XSD.boolean, XSD.date, XSD.dateTime, XSD.gYear,
             XSD.double, XSD.float, XSD.time, XSD.string}
_RDF_TYPE = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
#: datatypes whose order Oxigraph and rdflib agree on (sh:minInclusive … on other: delegated)
_ORDERED = {XSD.decimal, XSD.integer, XSD.double, XSD.float, XSD.date, XSD.dateTime,
            XSD.gYear, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger,
            XSD.positiveInteger, XSD.nonPositiveInteger, XSD.negativeInteger, XSD.unsignedInt,
            XSD.unsignedLong, XSD.unsignedShort, XSD.unsignedByte}


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
    component: Node | None = None   # the constraint's predicate (sh:minCount …)


@dataclass
class FastPlan:
    """Shapes compiled to SPARQL: the queries, and the shapes left to pySHACL.

    :ivar fallback: shapes handed whole to pySHACL; their results, and those of the property
        shapes under them (:attr:`delegated`), are pySHACL's.
    :ivar lexical: compiled shapes whose answer depends on literals' lexical forms; they are
        handed to pySHACL too when the data holds a literal Oxigraph stores in another form.
    :ivar reasons: why each shape of ``fallback`` is delegated (one line each).
    """

    queries: list[_Query] = field(default_factory=list)
    focus: dict[Node, str] = field(default_factory=dict)   # shape -> focus SELECT
    fallback: set[Node] = field(default_factory=set)
    lexical: set[Node] = field(default_factory=set)
    reasons: dict[Node, str] = field(default_factory=dict)
    shapes: Graph = field(default_factory=Graph)

    def delegated(self, extra: Iterable[Node] = ()) -> set[Node]:
        """``fallback`` and ``extra`` with every shape reachable from them by ``sh:property``
        (pySHACL reports a property shape's results under the property shape)."""
        out, todo = set(), [*self.fallback, *extra]
        while todo:
            shape = todo.pop()
            if shape not in out:
                out.add(shape)
                todo.extend(self.shapes.objects(shape, SH.property))
        return out


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.fresh = count()
        self.custom = {p for param in shapes.objects(None, SH.parameter)
                       for p in shapes.objects(param, SH.path)}
        self.lexical = False   # set while compiling a shape that uses a _LEXICAL component

    def var(self) -> str:
        return f"?_v{next(self.fresh)}"

    def items(self, node) -> list:
        return list(Collection(self.g, node))

    def active(self, shape) -> bool:
        return (shape, SH.deactivated, Literal(True)) not in self.g

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
    def fail(self, shape, pred, obj, v: str, nested: bool = True) -> str:
        """A SPARQL condition true when value ``v`` fails constraint ``pred obj`` of ``shape``
        (``nested``: inside another shape's condition, where no Python re-check follows)."""
        if pred in _LEXICAL:
            self.lexical = True
        if pred == SH.datatype:
            if obj in (RDFS.Literal, RDFS.Datatype) or not isinstance(obj, URIRef):
                raise _Unsupported(f"sh:datatype {obj}")
            if nested and obj not in (XSD.string, RDF.langString):
                if obj not in _CASTABLE:
                    raise _Unsupported(f"nested sh:datatype {obj}")
                # exact when every literal is stored as written and well-typed (no restore)
                self.lexical = True
            if obj == RDF.langString:
                return f"!(isLiteral({v}) && lang({v}) != \"\")"
            # a candidate when not a literal of the datatype or a cast to it fails; every
            # literal of a datatype Oxigraph cannot cast is a candidate, checked in Python
            ok = f"COALESCE(datatype(<{obj}>({v})) = <{obj}>, false)" if obj in _CASTABLE \
                else "false"
            return f"!(isLiteral({v}) && datatype({v}) = <{obj}> && {ok})"
        if pred == SH["class"]:
            return f"NOT EXISTS {{ {v} {_RDF_TYPE} {_t(obj)} }}"
        if pred == SH["in"]:
            alts = " || ".join(f"sameTerm({v}, {_t(x)})" for x in self.items(obj)) or "false"
            return f"!({alts})"
        if pred == SH.hasValue:
            return f"!sameTerm({v}, {_t(obj)})"
        if pred == SH.pattern:
            flags = str(self.g.value(shape, SH.flags) or "")
            if not re.fullmatch(r"[smix]*", flags):
                raise _Unsupported(f"sh:flags {flags!r}")
            return f"(isBlank({v}) || !REGEX(STR({v}), {_str(str(obj))}, {_str(flags)}))"
        if pred == SH.nodeKind:
            if obj not in _NODE_KINDS:
                raise _Unsupported(f"nodeKind {obj}")
            return _NODE_KINDS[obj].format(v=v)
        if pred in (SH.minLength, SH.maxLength):
            op = "<" if pred == SH.minLength else ">"
            return f"(isBlank({v}) || STRLEN(STR({v})) {op} {int(obj)})"
        if pred in _RANGES:
            if not isinstance(obj, Literal) or obj.datatype not in _ORDERED:
                raise _Unsupported(f"{pred} {obj!r}")
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

    def constraints(self, shape) -> list[tuple]:
        """The (predicate, object) constraints of ``shape``; _Unsupported for any predicate
        this compiler does not know (a ``sh:`` one, or a custom component's parameter)."""
        out = []
        for p, o in self.g.predicate_objects(shape):
            if p in _IGNORED:
                continue
            if p in self.custom:
                raise _Unsupported(f"parameter {p} of a SPARQL-based constraint component")
            if not str(p).startswith(str(SH)):
                continue  # rdf:type, rdfs:label …: not constraints
            if p not in _COMPONENTS and p not in (SH.sparql, SH.minCount, SH.maxCount,
                                                  SH.qualifiedValueShape, SH.lessThan,
                                                  SH.lessThanOrEquals):
                raise _Unsupported(f"{p}")
            out.append((p, o))
        return out

    def conforms(self, shape, x: str) -> str:
        """A SPARQL condition true when node ``x`` conforms to ``shape``."""
        if not self.active(shape):
            return "true"
        conds = []
        path = self.g.value(shape, SH.path)
        if path is not None and any(self.g.objects(shape, SH.property)):
            raise _Unsupported("sh:property under a property shape")
        for p, o in self.constraints(shape):
            if p in (SH.sparql, SH.qualifiedValueShape, SH.lessThan, SH.lessThanOrEquals):
                raise _Unsupported(f"nested {p}")
            if path is None:
                if p in (SH.minCount, SH.maxCount):
                    raise _Unsupported(f"{p} on a node shape")
                conds.append(f"!({self.fail(shape, p, o, x)})")
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
                self.lexical = True
                conds.append(f"EXISTS {{ {x} {ps} {_t(o)} }}")
            else:
                v = self.var()
                conds.append(f"NOT EXISTS {{ {x} {ps} {v} FILTER({self.fail(shape, p, o, v)}) }}")
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
        if path is not None and any(self.g.objects(shape, SH.property)):
            raise _Unsupported("sh:property under a property shape")
        last = None
        for p, o in self.constraints(shape):
            for q in out:
                q.component = q.component or last
            last = p
            if p in (SH.minCount, SH.maxCount, SH.qualifiedValueShape) and \
                    (p != SH.minCount or int(o) > 1):
                self.lexical = True
            if p == SH.sparql:
                self.lexical = True  # DATATYPE(), STR() … of values
                out.append(self.sparql(shape, o))
            elif p == SH.datatype:
                v = "?this" if ps is None else "?v"
                pat = "" if ps is None else f"?this {ps} ?v ."
                out.append(_Query(shape, "datatype", f"SELECT DISTINCT ?this {v if ps else ''} "
                                  f"WHERE {{ {F} {pat} FILTER({self.fail(shape, p, o, v, False)}) }}",
                                  datatype=o))
            elif ps is None:
                if p in (SH.minCount, SH.maxCount, SH.qualifiedValueShape, SH.lessThan,
                         SH.lessThanOrEquals):
                    raise _Unsupported(f"{p} on a node shape")
                kind = "focus" if p == SH.hasValue else "focus_value"
                out.append(_Query(shape, kind, "SELECT DISTINCT ?this WHERE "
                                  f"{{ {F} FILTER({self.fail(shape, p, o, '?this', False)}) }}"))
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
                self.lexical = True
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
            else:
                out.append(_Query(shape, "value", f"SELECT DISTINCT ?this ?v WHERE {{ {F} "
                                  f"?this {ps} ?v FILTER({self.fail(shape, p, o, '?v', False)}) }}"))
        for q in out:
            q.component = q.component or last
        return out

    def sparql(self, shape, constraint) -> _Query:
        if not self.active(constraint):
            return _Query(shape, "none", "")
        try:
            text = compiled_select(self.g, shape, constraint)
        except NotCompiled as exc:
            raise _Unsupported(str(exc)) from exc
        return _Query(shape, "sparql", text, constraint=constraint)


def _is_shape(g: Graph, node) -> bool:
    return (node, RDF.type, SH.NodeShape) in g or (node, RDF.type, SH.PropertyShape) in g \
        or any(str(p).startswith(str(SH)) and p not in (SH.declare,) for p in g.predicates(node))


def shape_targets(shapes: Graph) -> dict[Node, set]:
    """Each active shape with a target and the (target predicate, object) pairs that make its
    focus nodes: its own (implicit class targets included: a shape that is an
    ``rdfs:Class``), and for a property shape those of the active node shapes that list it
    under ``sh:property``."""
    active = lambda s: (s, SH.deactivated, Literal(True)) not in shapes  # noqa: E731
    targets: dict[Node, set] = {}
    for p in _TARGETS:
        for s, o in shapes.subject_objects(p):
            targets.setdefault(s, set()).add((p, o))
    class_types = _CLASS_TYPES | set(shapes.subjects(RDFS.subClassOf, RDFS.Class))
    for t in class_types:
        for s in shapes.subjects(RDF.type, t):
            if _is_shape(shapes, s):
                targets.setdefault(s, set()).add((SH.targetClass, s))
    targets = {s: t for s, t in targets.items() if active(s)}
    for s in list(targets):
        for prop in shapes.objects(s, SH.property):
            if active(prop):
                targets.setdefault(prop, set()).update(targets[s])
    return targets


def compile_shapes(shapes: Graph) -> FastPlan:
    """Compile ``shapes`` into SPARQL violation queries (see the module docstring).

    :raises InputError: the shapes use SPARQL that SHACL forbids in pre-bound queries, or
        a boolean parameter that is not ``true``/``false`` (:func:`kgtool.validation.shapes.check_shapes`).

    >>> from kgtool.validation.pyshacl_validator import load_shapes
    >>> plan = compile_shapes(load_shapes())
    >>> len(plan.queries) > 50, plan.fallback
    (True, set())
    """
    from kgtool.validation.shapes import check_shapes

    check_shapes(shapes)
    c = _Compiler(shapes)
    plan = FastPlan(shapes=shapes)
    for shape, tgt in shape_targets(shapes).items():
        focus = c.focus(tgt)
        plan.focus[shape] = focus
        c.lexical = False
        try:
            plan.queries += c.shape_queries(shape, focus)
        except _Unsupported as exc:
            plan.fallback.add(shape)
            plan.reasons[shape] = str(exc)
        if c.lexical:
            plan.lexical.add(shape)
    delegated = plan.delegated()
    plan.queries = [q for q in plan.queries if q.kind != "none" and q.shape not in delegated]
    return plan
