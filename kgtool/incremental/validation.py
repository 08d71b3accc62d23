"""Re-validation after a change (:mod:`kgtool.incremental`).

Results of the focus nodes that a change can affect are recomputed with
:func:`~kgtool.fastvalidate.validate_fast` on a small store holding the ontology and the
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

from ..namespaces import GRAPH_ONTOLOGY, KGG, KGT
from ..oxistore import OxigraphStore, from_ox, to_ox
from ..validate import ValidationResult
from .common import CONFLICTING, SUB_ABOVE_PARENT

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
    above their jurisdictions (``kgt:partOf+`` of the sub-jurisdiction shape). The data is
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
                    if depth == 0 and q.predicate == _JUR:
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
    (pyoxigraph terms), over the data graphs or, on the native state, the default graph."""

    def __init__(self, st: OxigraphStore, data_graphs: list[URIRef], *, native: bool) -> None:
        self.store, self.native = st.store, native
        self.data = {to_ox(g) for g in data_graphs}
        self._with_mdu: dict = {}
        self._jur_of: dict = {}
        self._up: dict | None = None
        self._down: dict | None = None

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

    def matching(self, pairs) -> set:
        """Subjects with every ``(predicate, value)`` of ``pairs``: the subjects of the first
        pair, kept where each other triple exists (point lookups; Oxigraph does not drive a
        join from a ``VALUES`` block, so the SPARQL form scanned every target: 0.1–0.4 s per
        call at 1M triples)."""
        (p0, v0), *rest = pairs
        out = self.subjects(p0, v0)
        for p, v in rest:
            out = {n for n in out if self.has(n, p, v)}
        return out

    def with_mdu(self, m, d, u) -> set:
        """Targets with metric ``m``, deadline ``d`` and unit ``u`` (cached)."""
        if (m, d, u) not in self._with_mdu:
            self._with_mdu[m, d, u] = self.matching(zip(_MDU, (m, d, u)))
        return self._with_mdu[m, d, u]

    def jurisdictions(self, node) -> set:
        if node not in self._jur_of:
            self._jur_of[node] = self.objects(node, _JUR)
        return self._jur_of[node]

    def _closure(self, start, edges: dict) -> set:
        out, todo = set(), [start]
        while todo:
            for n in edges.get(todo.pop(), ()):
                if n not in out:
                    out.add(n)
                    todo.append(n)
        return out

    def _hierarchy(self) -> None:
        self._up, self._down = {}, {}
        quads = (self.store.quads_for_pattern(None, _PART_OF, None, _DFLT) if self.native else
                 (q for q in self.store.quads_for_pattern(None, _PART_OF, None, None)
                  if q.graph_name in self.data))
        for q in quads:
            self._up.setdefault(q.subject, set()).add(q.object)
            self._down.setdefault(q.object, set()).add(q.subject)

    def above(self, jur) -> set:
        """Jurisdictions ``jur`` is ``kgt:partOf+``."""
        if self._up is None:
            self._hierarchy()
        return self._closure(jur, self._up)

    def below(self, jur) -> set:
        """Jurisdictions that are ``kgt:partOf+`` ``jur``."""
        if self._down is None:
            self._hierarchy()
        return self._closure(jur, self._down)

    # --- the keys of the two shapes
    def snapshot(self, nodes: Iterable) -> dict:
        """{shape: key tuples of ``nodes``} now (call before and after a change)."""
        sub, conflict = set(), set()
        for n in nodes:
            n = n if isinstance(n, (ox.NamedNode, ox.BlankNode, ox.Literal)) else to_ox(n)
            sub |= self.keys(n, (*_MDU, _JUR))
            conflict |= self.keys(n, _CONFLICT)
        return {SUB_ABOVE_PARENT: sub, CONFLICTING: conflict}

    def _solve(self, key: tuple, pattern: str) -> set:
        """``?x`` of ``pattern`` (SPARQL, ``{0}`` … the terms of ``key``), or None when a
        term is a blank node (no SPARQL constant for it). One query per key, its terms
        constants: Oxigraph starts from the most selective one (~4 ms a key on the on-disk
        state at 1M triples), whereas from a ``VALUES`` block of many keys it scanned every
        target (0.1–0.4 s a call)."""
        if any(isinstance(v, ox.BlankNode) for v in key):
            return None
        query = "SELECT ?x WHERE { " + pattern.format(*map(str, key)) + " }"
        rows = (self.store.query(query) if self.native else
                self.store.query(query, default_graph=sorted(self.data, key=str) or [_DFLT]))
        return {r[0] for r in rows}

    def below_targets(self, keys: set[tuple]) -> set:
        """Targets with a metric, deadline and unit of ``keys`` in a jurisdiction below its."""
        out = set()
        for key in keys:
            found = self._solve(key, f"?x {_MDU[0]} {{0}} ; {_MDU[1]} {{1}} ; {_MDU[2]} {{2}} ; "
                                     f"{_JUR} ?j . ?j {_PART_OF}+ {{3}}")
            if found is None:
                below = self.below(key[3])
                found = {t for t in self.with_mdu(*key[:3]) if self.jurisdictions(t) & below}
            out |= found
        return out

    def parents(self, nodes: set) -> set:
        """Targets that the sub-jurisdiction shape may compare ``nodes`` with (same metric,
        deadline and unit, a jurisdiction above)."""
        out = set()
        for key in {k for n in nodes for k in self.keys(n, (*_MDU, _JUR))}:
            found = self._solve(key, f"{{3}} {_PART_OF}+ ?a . ?x {_JUR} ?a ; {_MDU[0]} {{0}} ; "
                                     f"{_MDU[1]} {{1}} ; {_MDU[2]} {{2}}")
            if found is None:
                above = self.above(key[3])
                found = {t for t in self.with_mdu(*key[:3]) if self.jurisdictions(t) & above}
            out |= found
        return out

    def sharing(self, keys: set[tuple]) -> set:
        """Targets with one of the (document, metric, jurisdiction, quantity kind) ``keys``."""
        out = set()
        for key in keys:
            found = self._solve(key, "?x " + " ; ".join(f"{p} {{{i}}}"
                                                       for i, p in enumerate(_CONFLICT)))
            out |= found if found is not None else self.matching(zip(_CONFLICT, key))
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
    from ..fastvalidate import validate_fast

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
