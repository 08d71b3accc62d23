"""SHACL validation that scales: the project's shapes compiled to SPARQL, run on Oxigraph.

Implements W3C SHACL §2–§5 for the constraint components the project's shapes use, with
:func:`kgtool.validate.validate_graph` (pySHACL) as the reference it must agree with
(``tests/test_fastvalidate.py`` compares both on the real data, every mutation case of
``tests/shapes/`` and a synthetic corpus).

- Targets (§2.1.3): ``sh:targetClass`` (instances of subclasses too, via ``rdfs:subClassOf*``
  over data + ontology, as pySHACL's ``ont_graph`` mix-in), ``sh:targetNode``,
  ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``; property shapes inherit the targets of the
  node shapes that list them under ``sh:property``.
- Core components (§4): ``minCount``, ``maxCount``, ``datatype``, ``class``, ``in``,
  ``hasValue``, ``pattern``/``flags``, ``nodeKind``, ``minLength``/``maxLength``, the four value
  ranges, ``languageIn``, ``qualifiedValueShape`` with ``qualifiedMinCount``/``MaxCount``,
  ``node``, ``not``, ``and``, ``or``. One SPARQL query per constraint over the whole graph;
  nested shapes (inside ``sh:or`` …) become ``EXISTS`` conditions.
- ``sh:datatype`` also rejects ill-typed literals (``"abc"^^xsd:integer``): Oxigraph keeps them
  verbatim, a cast to the datatype fails on them; every candidate is re-checked in Python with
  rdflib's ``ill_typed`` and pySHACL's rule. Known gap: a literal Oxigraph accepts but rdflib
  calls ill-typed (none known for the types used here) would not be reported.
- SPARQL-based constraints (§5, ``sh:select``): the query runs once over the whole graph with
  ``$this`` unbound and each row is bound to its ``$this`` (equivalent to pre-binding when, as
  in every project query, ``$this`` occurs in a triple pattern of the top-level group);
  messages get pySHACL's ``{?var}`` substitution.
- Anything else (``$PATH``, ``sh:ask``, other components, complex nesting) makes that shape fall
  back to pySHACL; :attr:`FastPlan.fallback` names those shapes.

Oxigraph's canonical literal forms (``"804.0"`` → ``"804"``) are undone through
:attr:`kgtool.oxistore.OxigraphStore.restore`, so reported values keep their lexical form.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import count
from typing import Iterable

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from .lexical import (CHECKED_DATATYPES, LEXICAL_SHAPE, invalid_lexical_forms, is_valid_lexical,
                      messages)
from .errors import InputError
from .namespaces import GRAPH_ONTOLOGY, GRAPH_SHAPES, KGG, KGT, SH
from .oxistore import OxigraphStore, from_ox, to_ox
from .validate import (EXCLUDED_GRAPHS, SEVERITIES, ValidationReport, ValidationResult,
                       _pick_messages, _severity, load_shapes)

__all__ = ["validate_fast", "compile_shapes", "FastPlan"]

_DATA_GRAPH = KGG["validation-data"]
_TMP_ONTOLOGY = KGG["validation-ontology"]
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
_PY_TYPES = {XSD.integer: int, XSD.decimal: "Decimal", XSD.boolean: bool, XSD.float: float,
             XSD.double: float, XSD.date: "date"}
_RDF_TYPE = f"<{RDF.type}>/<{RDFS.subClassOf}>*"


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
        for p, o in sorted(set(targets), key=str):
            if p == SH.targetClass:
                parts.append(f"?this {_RDF_TYPE} {_t(o)} .")
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
        header = []
        for decl_src in self.g.objects(constraint, SH.prefixes):
            for decl in self.g.objects(decl_src, SH.declare):
                header.append(f"PREFIX {self.g.value(decl, SH.prefix)}: "
                              f"<{self.g.value(decl, SH.namespace)}>")
        return _Query(shape, "sparql", "\n".join(header) + "\n" + str(text), constraint=constraint)


def compile_shapes(shapes: Graph) -> FastPlan:
    """Compile ``shapes`` into SPARQL violation queries (see the module docstring).

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


# ------------------------------------------------------------------------------- running
def _well_typed(value: Literal, dtype: URIRef) -> bool:
    """pySHACL's sh:datatype rule for one literal whose datatype is ``dtype``."""
    from datetime import date
    from decimal import Decimal

    if getattr(value, "ill_typed", None) is True:
        return False
    want = _PY_TYPES.get(dtype)
    if want is None:
        return True
    kinds = {"Decimal": Decimal, "date": date}
    return isinstance(value.value, kinds.get(want, want) if isinstance(want, str) else want)


def _store_for(data, ontology: Graph | None) -> tuple[OxigraphStore, list[URIRef], Graph | None]:
    """An Oxigraph store, the names of its data graphs, and the default shapes if any."""
    from .graph import KnowledgeGraph

    if isinstance(data, OxigraphStore):
        names = [n for n in data.graph_names() if n not in EXCLUDED_GRAPHS and n != _TMP_ONTOLOGY]
        return data, names, None
    store = OxigraphStore()
    shapes = None
    if isinstance(data, KnowledgeGraph):
        names = [n for n in data.graph_names() if n not in EXCLUDED_GRAPHS]
        store.add_quads(data.quads(names + ([GRAPH_ONTOLOGY] if ontology is None else [])))
        shapes = data.shapes if len(data.shapes) else None
    elif isinstance(data, Dataset):
        names = set()
        quads = []
        for s, p, o, g in data.quads((None, None, None, None)):
            gid = getattr(g, "identifier", g)
            if gid is None or gid == data.default_graph.identifier:
                gid = _DATA_GRAPH
            if gid in EXCLUDED_GRAPHS and gid != GRAPH_ONTOLOGY:
                continue
            if gid != GRAPH_ONTOLOGY:
                names.add(gid)
            elif ontology is not None:
                continue
            quads.append((s, p, o, gid))
        store.add_quads(quads)
        names = sorted(names, key=str)
        sg = data.graph(GRAPH_SHAPES)
        shapes = sg if len(sg) else None
    elif isinstance(data, Graph):
        store.add_quads((s, p, o, _DATA_GRAPH) for s, p, o in data)
        names = [_DATA_GRAPH]
    else:
        raise InputError(f"cannot validate a {type(data).__name__}; expected a KnowledgeGraph, "
                         "OxigraphStore, rdflib Graph or Dataset")
    if ontology is not None:
        store.add_quads((s, p, o, GRAPH_ONTOLOGY) for s, p, o in ontology)
    return store, names, shapes


def _provenance(store: OxigraphStore, data_graphs: list[URIRef], focus: Node):
    """(quote, document, doc number) as :func:`kgtool.validate._provenance`, via SPARQL."""
    gs = [to_ox(g) for g in data_graphs]

    def objs(s, p):
        found = {from_ox(q.object, store.restore) for g in gs
                 for q in store.store.quads_for_pattern(to_ox(s), to_ox(p), None, g)}
        return sorted(found, key=str)

    def subjs(p, o):
        found = {from_ox(q.subject) for g in gs
                 for q in store.store.quads_for_pattern(None, to_ox(p), to_ox(o), g)}
        return sorted(found, key=str)

    from .validate import _OWNER_PREDICATES

    fact = focus
    quotes = objs(focus, KGT.quote)
    quote = quotes[0] if quotes else None
    if quote is None:
        for pred in _OWNER_PREDICATES:
            owners = subjs(pred, focus)
            if owners:
                fact = owners[0]
                q2 = objs(fact, KGT.quote)
                quote = q2[0] if q2 else None
                break
    docs = objs(fact, KGT.statedIn)
    doc = docs[0] if docs else None
    if doc is None and objs(focus, KGT.docNumber):
        doc = focus
    numbers = objs(doc, KGT.docNumber) if doc is not None else []
    return (None if quote is None else str(quote), doc if isinstance(doc, URIRef) else None,
            str(numbers[0]) if numbers else None)


def _substitute(msg: str, values: dict) -> str:
    for var, val in values.items():
        msg = re.sub("{{[?$]{}}}".format(var), str(val), msg)
    return msg


def validate_fast(data, *, shapes: Graph | None = None, ontology: Graph | None = None,
                  plan: FastPlan | None = None, focus_nodes: set | None = None,
                  fallback_data: Graph | None = None) -> ValidationReport:
    """Validate like :func:`kgtool.validate.validate_graph`, with the shapes run as SPARQL on
    Oxigraph.

    :param data: a :class:`~kgtool.graph.KnowledgeGraph` (its asserted graphs), an
        :class:`~kgtool.oxistore.OxigraphStore` (every named graph except ``kgg:inferred``,
        ``kgg:rules``, ``kgg:shapes``; ``kgg:ontology`` is the ontology), an rdflib Graph or
        Dataset.
    :param shapes: the shapes; default: the KnowledgeGraph's or Dataset's, else
        :func:`~kgtool.validate.load_shapes`.
    :param ontology: class hierarchy mixed into the data (pySHACL's ``ont_graph``).
    :param plan: a :func:`compile_shapes` plan to reuse.
    :param focus_nodes: report only these focus nodes (incremental re-validation).
    :param fallback_data: rdflib data for shapes left to pySHACL (built from the store when
        not given).
    :returns: a :class:`~kgtool.validate.ValidationReport` with the same results as
        pySHACL's.
    :raises InputError: ``data`` is of an unsupported type.

    >>> validate_fast(Graph()).conforms
    True
    """
    store, names, ds_shapes = _store_for(data, ontology)
    if shapes is None:
        shapes = ds_shapes if ds_shapes is not None else load_shapes()
    plan = plan if plan is not None and plan.shapes is shapes else compile_shapes(shapes)
    graphs = names + [GRAPH_ONTOLOGY]
    found: dict[tuple, ValidationResult] = {}
    focus_cache: dict[Node, set] = {}

    def severity(shape):
        return _severity(shapes.value(shape, SH.severity))

    def add(shape, focus, path, value, messages, shape_msgs):
        if focus_nodes is not None and focus not in focus_nodes:
            return
        en, zh = _pick_messages(messages, shape_msgs)
        sev = severity(shape)
        key = (sev, focus, path if not isinstance(path, BNode) else None, value,
               shape if not isinstance(shape, BNode) else None, en)
        if key not in found:
            found[key] = ValidationResult(sev, focus, path, value, shape, en, zh)

    for q in plan.queries:
        shape_msgs_l = list(shapes.objects(q.shape, SH.message))
        shape_msgs = {str(m) for m in shape_msgs_l}
        path = shapes.value(q.shape, SH.path)
        rows = store.raw_query(q.text, default_graphs=graphs)
        if q.kind == "sparql":
            if focus_cache.get(q.shape) is None:
                focus_cache[q.shape] = {from_ox(r[0]) for r in
                                        store.raw_query(plan.focus[q.shape], default_graphs=graphs)}
            cols = [v.value for v in rows.variables]
            if "this" not in cols:
                raise InputError(f"SPARQL constraint of {q.shape} does not select $this")
            cmsgs = [m for m in shapes.objects(q.constraint, SH.message) if m not in shape_msgs_l]
            for r in rows:
                vals = {c: from_ox(r[c], store.restore) for c in cols if r[c] is not None}
                this = vals.get("this")
                if this not in focus_cache[q.shape]:
                    continue
                p = vals.get("path", path)
                v = vals.get("value", None if path is not None else this)
                sub = {k: x for k, x in vals.items() if k not in ("this", "path", "value")}
                sub.update({"this": this, **({"path": p} if p is not None else {}),
                            **({"value": v} if v is not None else {})})
                msgs = [Literal(_substitute(str(m), sub)) for m in shape_msgs_l + cmsgs]
                add(q.shape, this, p, v, msgs, shape_msgs)
            continue
        for r in rows:
            this = from_ox(r["this"], store.restore)
            value = None
            if q.kind == "value" or (q.kind == "datatype" and path is not None):
                value = from_ox(r["v"], store.restore)
            elif q.kind in ("focus_value", "datatype"):
                value = this
            if q.kind == "datatype" and isinstance(value, Literal) and \
                    value.datatype == q.datatype and _well_typed(value, q.datatype) \
                    and is_valid_lexical(value):
                continue
            if q.kind == "datatype" and isinstance(value, Literal) and value.datatype is None \
                    and value.language is None and q.datatype == XSD.string:
                continue
            add(q.shape, this, path, value, shape_msgs_l, shape_msgs)

    results = list(found.values())
    # lexical forms XSD forbids but rdflib accepts: reported once, as validate_graph does
    
    # only literals of the checked datatypes leave Oxigraph (not every triple)
    typed = ", ".join(f"<{dt}>" for dt in CHECKED_DATATYPES)
    rows = store.raw_query("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o) && "
                           f"DATATYPE(?o) IN ({typed})) }}", default_graphs=names)
    bad = invalid_lexical_forms(
        (from_ox(r["s"]), from_ox(r["p"]), from_ox(r["o"], store.restore)) for r in rows)
    if bad:
        reported = {(r.focus_node, r.path) for r in results}
        for s_, p_, o_ in bad:
            if (s_, p_) not in reported and (focus_nodes is None or s_ in focus_nodes):
                en, zh = messages(o_)
                results.append(ValidationResult("Violation", s_, p_, o_, LEXICAL_SHAPE, en, zh))
    if plan.fallback:
        results += _fallback(plan, store, names, shapes, fallback_data, focus_nodes)
    data_graphs = names
    for r in results:
        if r.source_quote is None and r.document is None:
            r.source_quote, r.document, r.doc_number = _provenance(store, data_graphs, r.focus_node)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    results.sort(key=lambda r: (order.get(r.severity, 9), str(r.focus_node), r.shape_name,
                                str(r.path), str(r.value)))
    return ValidationReport(conforms=not any(r.severity == "Violation" for r in results),
                            results=results)


def _fallback(plan: FastPlan, store: OxigraphStore, names: list[URIRef], shapes: Graph,
              data: Graph | None, focus_nodes) -> list[ValidationResult]:
    """pySHACL for the shapes the compiler left alone (results of those shapes only)."""
    from .validate import validate_graph

    if data is None:
        data = Graph()
        for n in names:
            data += store.triples(n)
    onto = store.triples(GRAPH_ONTOLOGY)
    report = validate_graph(data, shapes=shapes, ontology=onto if len(onto) else None)
    return [r for r in report.results if r.shape in plan.fallback
            and (focus_nodes is None or r.focus_node in focus_nodes)]
