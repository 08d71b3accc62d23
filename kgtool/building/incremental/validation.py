"""Re-validation after a change (:mod:`kgtool.building.incremental`).

Results of the focus nodes that a change can affect are recomputed with
:func:`~kgtool.validation.compiled.validate_fast` on a small store holding the ontology and the
triples around those nodes (two hops forward, one hop back, the ``kgt:partOf`` chains above
their jurisdictions); stored results of every other node are kept. The focus nodes are the
subjects of the old and new version of the changed graphs (rdflib mode) or of the triples that
differ between them (native mode, with the nodes of the changed graphs those point to and the
objects that shapes target), plus the nodes that point to them (two hops back, :func:`pointing`).

The two cross-document SPARQL shapes are re-run, each on its own small store, for the targets
whose result a change can alter, found by exact index lookups:

- ``kgsh:SubJurisdictionTargetAboveParent`` compares a target with the targets of the same
  metric, deadline and unit in the jurisdictions above its own (``kgt:partOf+``). A changed
  target F can alter the result of F and of the targets with F's metric, deadline and unit
  (before or after the change) in the jurisdictions *below* F's; each of them is validated
  with the targets of its key in the jurisdictions *above* its own (its possible parents).
- ``kgsh:ConflictingTargetValues`` compares targets with the same document, metric,
  jurisdiction and quantity kind: F alters the results of the targets sharing such a key with
  it, validated together with every target sharing a key with one of them.
"""
from __future__ import annotations

from itertools import product
from typing import Iterable

import pyoxigraph as ox
from rdflib import URIRef

from kgtool.rdf.namespaces import GRAPH_ONTOLOGY, KGG, KGT
from kgtool.stores.oxigraph import OxigraphStore, from_ox, to_ox
from kgtool.validation.pyshacl_validator import ValidationResult
from kgtool.building.incremental.common import CONFLICTING, SUB_ABOVE_PARENT

__all__ = ["CrossIndex", "pointing", "validate_changed"]

_DFLT = ox.DefaultGraph()
_MDU = tuple(to_ox(p) for p in (KGT.metric, KGT.deadline, KGT.unit))
_JUR, _DOC, _PART_OF = to_ox(KGT.jurisdiction), to_ox(KGT.statedIn), to_ox(KGT.partOf)
_CONFLICT = tuple(to_ox(p) for p in (KGT.statedIn, KGT.metric, KGT.jurisdiction, KGT.quantityKind))


def context_store(st: OxigraphStore, data_graphs: list[URIRef], nodes: set, *,
                  native: bool = False) -> OxigraphStore:
    """A small in-memory store for validating ``nodes``: the ontology, and from the data the
    triples with one of ``nodes`` as subject or object, those of the nodes up to two hops
    after them (value nodes, their types and their own values) and the ``kgt:partOf`` chains
    above every jurisdiction these reach (``kgt:partOf+`` of the sub-jurisdiction shape; the
    document's and the agencies' jurisdictions of the agency shape). The data is
    read from ``data_graphs`` or, on the native state (``native``), from the default graph
    (the asserted union, one quad per triple) and put into one graph."""
    ctx = OxigraphStore()
    ctx.restore = st.restore
    data = {to_ox(g) for g in data_graphs}
    dg = to_ox(KGG["validation-context"])
    where = _DFLT if native else None

    def quads(s, p, o):
        if native:
            return [ox.Quad(q.subject, q.predicate, q.object, dg)
                    for q in st.store.quads_for_pattern(s, p, o, _DFLT)]
        return [q for q in st.store.quads_for_pattern(s, p, o, where) if q.graph_name in data]

    out: list[ox.Quad] = list(st.store.quads_for_pattern(None, None, None, to_ox(GRAPH_ONTOLOGY)))
    seen: set = set()
    frontier = {to_ox(n) for n in nodes}
    up: list = []
    for depth in range(3):
        nxt = set()
        for n in frontier - seen:
            seen.add(n)
            for q in quads(n, None, None):
                out.append(q)
                if not isinstance(q.object, ox.Literal):
                    nxt.add(q.object)
                    if q.predicate == _JUR:  # any jurisdiction reached: its chain upwards
                        up.append(q.object)
            if depth == 0:
                for q in quads(None, None, n):
                    out.append(q)
                    nxt.add(q.subject)
        frontier = nxt
    done: set = set()
    while up:
        j = up.pop()
        if j not in done:
            done.add(j)
            for q in quads(j, _PART_OF, None):
                out.append(q)
                up.append(q.object)
    ctx.store.bulk_extend(out)
    return ctx


def pointing(st: OxigraphStore, data_graphs: list[URIRef], nodes: set, hops: int = 2) -> set:
    """Nodes of ``data_graphs`` with a path of up to ``hops`` triples to one of ``nodes``."""
    data = {to_ox(g) for g in data_graphs}
    found, frontier = set(), {to_ox(n) for n in nodes}
    for _ in range(hops):
        nxt = set()
        for n in frontier:
            for q in st.store.quads_for_pattern(None, None, n, None):
                if q.graph_name in data and q.subject not in found:
                    nxt.add(q.subject)
        found |= nxt
        frontier = nxt
    return {from_ox(n) for n in found}


class CrossIndex:
    """Exact index lookups on the state store for the keys of the cross-document shapes
    (pyoxigraph terms), over the data graphs or, on the native state, the default graph.

    On the on-disk state a range scan costs ~1–3 µs per row and a point lookup ~20–30 µs, so
    each lookup intersects cached scans (the targets of a metric, the nodes of a few
    jurisdictions or of a document) before it checks the remaining terms node by node. The
    nodes of one document share its jurisdiction, so its keys share those scans. (One SPARQL
    query per key, its terms constants, took 5–20 ms a key: Oxigraph started from the metric
    and checked its ~250 targets by point lookups.)"""

    def __init__(self, st: OxigraphStore, data_graphs: list[URIRef], *, native: bool) -> None:
        self.store, self.native = st.store, native
        self.data = {to_ox(g) for g in data_graphs}
        self._scans: dict = {}  # (predicate, object) -> subjects
        self._within: dict = {}  # frozenset of jurisdictions -> their nodes

    def objects(self, s, p) -> set:
        if self.native:
            return {q.object for q in self.store.quads_for_pattern(s, p, None, _DFLT)}
        return {q.object for q in self.store.quads_for_pattern(s, p, None, None)
                if q.graph_name in self.data}

    def subjects(self, p, o) -> set:
        if self.native:
            return {q.subject for q in self.store.quads_for_pattern(None, p, o, _DFLT)}
        return {q.subject for q in self.store.quads_for_pattern(None, p, o, None)
                if q.graph_name in self.data}

    def keys(self, node, preds: tuple) -> set[tuple]:
        """Every combination of ``node``'s values of ``preds`` (none if one is missing)."""
        if isinstance(node, ox.Literal):
            return set()
        vals = []
        for p in preds:
            vals.append(self.objects(node, p))
            if not vals[-1]:
                return set()
        return set(product(*vals))

    def has(self, s, p, o) -> bool:
        """Whether the triple is in the data (one point lookup)."""
        if self.native:
            return ox.Quad(s, p, o, _DFLT) in self.store
        return any(q.graph_name in self.data for q in self.store.quads_for_pattern(s, p, o, None))

    def scan(self, p, o) -> set:
        """Subjects with ``p`` ``o`` (one range scan, cached)."""
        if (p, o) not in self._scans:
            self._scans[p, o] = self.subjects(p, o)
        return self._scans[p, o]

    def within(self, jurs: frozenset) -> set:
        """Subjects whose ``kgt:jurisdiction`` is one of ``jurs`` (cached)."""
        if jurs not in self._within:
            self._within[jurs] = set().union(*(self.scan(_JUR, j) for j in jurs))
        return self._within[jurs]

    def matching(self, candidates: set, pairs) -> set:
        """The ``candidates`` with every ``(predicate, value)`` of ``pairs`` (point lookups)."""
        return {n for n in candidates if all(self.has(n, p, v) for p, v in pairs)}

    def _closure(self, start, step) -> set:
        """Nodes reachable from ``start`` by one or more ``step``s."""
        out, todo = set(), [start]
        while todo:
            for n in step(todo.pop()):
                if n not in out:
                    out.add(n)
                    todo.append(n)
        return out

    def above(self, jur) -> frozenset:
        """Jurisdictions ``jur`` is ``kgt:partOf+`` (a lookup per level)."""
        return frozenset(self._closure(jur, lambda j: self.objects(j, _PART_OF)))

    def below(self, jur) -> frozenset:
        """Jurisdictions that are ``kgt:partOf+`` ``jur`` (none for a county: one scan)."""
        return frozenset(self._closure(jur, lambda j: self.scan(_PART_OF, j)))

    # --- the keys of the two shapes
    def snapshot(self, nodes: Iterable) -> dict:
        """{shape: key tuples of ``nodes``} now (call before and after a change)."""
        sub, conflict = set(), set()
        for n in nodes:
            n = n if isinstance(n, (ox.NamedNode, ox.BlankNode, ox.Literal)) else to_ox(n)
            sub |= self.keys(n, (*_MDU, _JUR))
            conflict |= self.keys(n, _CONFLICT)
        return {SUB_ABOVE_PARENT: sub, CONFLICTING: conflict}

    def _with_key(self, key: tuple, jurs: frozenset) -> set:
        """Targets with the metric, deadline and unit of ``key`` in one of ``jurs``."""
        if not jurs:
            return set()
        m, d, u = key[:3]
        return self.matching(self.scan(_MDU[0], m) & self.within(jurs),
                             ((_MDU[1], d), (_MDU[2], u)))

    def below_targets(self, keys: set[tuple]) -> set:
        """Targets with a metric, deadline and unit of ``keys`` in a jurisdiction below its
        (``?x metric m ; deadline d ; unit u ; jurisdiction ?j . ?j partOf+ j``)."""
        return set().union(*(self._with_key(key, self.below(key[3])) for key in keys))

    def parents(self, nodes: set) -> set:
        """Targets that the sub-jurisdiction shape may compare ``nodes`` with (same metric,
        deadline and unit, a jurisdiction above: ``j partOf+ ?a . ?x jurisdiction ?a``)."""
        keys = {k for n in nodes for k in self.keys(n, (*_MDU, _JUR))}
        return set().union(*(self._with_key(key, self.above(key[3])) for key in keys))

    def sharing(self, keys: set[tuple]) -> set:
        """Targets with one of the (document, metric, jurisdiction, quantity kind) ``keys``."""
        out = set()
        for doc, metric, jur, kind in keys:
            out |= self.matching(self.scan(_CONFLICT[0], doc) & self.scan(_CONFLICT[1], metric),
                                 ((_CONFLICT[2], jur), (_CONFLICT[3], kind)))
        return out

    def to_check(self, focus: set, *snapshots: dict) -> dict:
        """{shape: (targets whose results to recompute, nodes to load to validate them)}
        for a change of ``focus`` (rdflib terms) whose keys before and after are
        ``snapshots``. Only targets with a key now need loading (with the targets they are
        compared with); the others lose their old results."""
        foc = {to_ox(n) for n in focus}
        sub = foc | self.below_targets(set().union(*(s[SUB_ABOVE_PARENT] for s in snapshots)))
        keyed = {n for n in sub if self.keys(n, (*_MDU, _JUR))}
        conflict = foc | self.sharing(set().union(*(s[CONFLICTING] for s in snapshots)))
        keys = set().union(*(self.keys(n, _CONFLICT) for n in conflict))
        return {SUB_ABOVE_PARENT: (_rdf(sub), _rdf(keyed | self.parents(keyed))),
                CONFLICTING: (_rdf(conflict), _rdf(self.sharing(keys)))}


def _rdf(nodes: set) -> set:
    return {from_ox(n) for n in nodes if not isinstance(n, ox.Literal)}


def validate_changed(st: OxigraphStore, shapes, plan, data_graphs: list[URIRef], focus: set,
                     cross: dict, *, native: bool = False) -> list[ValidationResult]:
    """Results of ``focus`` for every shape but the cross-document ones, and of each
    cross-document shape for its targets in ``cross`` (:meth:`CrossIndex.to_check`), from one
    small store holding what each of them needs (more real triples do not change a result
    whose own neighbourhood is complete)."""
    from kgtool.validation.compiled import validate_fast

    targets, load = set(focus), set(focus)
    for shape_targets, shape_load in cross.values():
        targets |= shape_targets
        load |= shape_load
    if not targets:
        return []
    ctx = context_store(st, data_graphs, load, native=native)
    rep = validate_fast(ctx, shapes=shapes, plan=plan, focus_nodes=targets)
    return [r for r in rep.results
            if (r.focus_node in cross[r.shape][0] if r.shape in cross else r.focus_node in focus)]


def kept_results(results: list[ValidationResult], focus: set, cross: dict
                 ) -> list[ValidationResult]:
    """Stored results that the change cannot alter."""
    return [r for r in results
            if (r.focus_node not in cross[r.shape][0] if r.shape in cross
                else r.focus_node not in focus)]
