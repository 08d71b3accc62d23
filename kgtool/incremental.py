"""Incremental rebuild (issue #8): changing one source document re-loads, re-reasons and
re-validates only what depends on it.

State (default ``<project.build>/state/``):

- ``store/``: an on-disk :class:`~kgtool.oxistore.OxigraphStore` with every asserted named graph
  (``kgg:ontology``, ``kgg:reference``, ``kgg:doc-NNN`` …), the shapes (``kgg:shapes``), and the
  derived triples split by the graph they come from: ``kgg:inferred-base`` / ``kgg:rules-base``
  (closure and rules of ontology + reference) and ``kgg:inferred-doc-NNN`` /
  ``kgg:rules-doc-NNN`` per document graph. ``kgg:inferred`` and ``kgg:rules`` of a normal build
  are their unions minus the asserted triples (:func:`load_state`).
- ``restore.pickle``: the store's map from Oxigraph's canonical literal forms to the original
  ones (:attr:`OxigraphStore.restore` lives in memory only); ``results.pickle``: the last
  validation results; ``manifest.json``: the sha256 of every source file, the files of each
  named graph, the reasoner and per-graph reasoning errors.

Why the closure can be computed one document at a time
------------------------------------------------------
The ontology (``ontology/*.ttl``) uses only ``rdfs:subClassOf``, ``rdfs:subPropertyOf``,
``rdfs:domain``, ``rdfs:range``, ``owl:disjointWith`` and one ``owl:TransitiveProperty``
(``kgt:partOf``): no ``owl:inverseOf``, ``owl:SymmetricProperty``, functional or
inverse-functional properties, keys, property chains, ``owl:sameAs`` or class restrictions.
With such a schema every OWL 2 RL rule that *adds* an instance-level triple (cax-sco, prp-dom,
prp-rng, prp-spo1, and the schema rules scm-*) has at most one instance-level premise, except
prp-trp (transitivity), which needs two ``kgt:partOf`` triples; owl:disjointWith (cax-dw) only
produces inconsistency *messages*, never triples. So every derivation of an instance-level
triple is a chain starting from one asserted triple ``t`` and the ontology, except chains of
``kgt:partOf``, which are asserted only in ``kgg:reference``. Hence, for ontology O, reference R
and document graphs D1…Dn:

    closure(O ∪ R ∪ D1 ∪ … ∪ Dn) = closure(O ∪ R) ∪ closure(O ∪ D1) ∪ … ∪ closure(O ∪ Dn)

(⊇ by monotonicity; ⊆ because each derived triple comes from one asserted triple, which lies
in R or in some Di, or from a ``kgt:partOf`` chain in R). Facts point to documents in their own
graph (``kgt:statedIn``); ``eli:cites``/``kgt:transmits`` objects are nodes the citing graph
describes itself; the only cross-graph links go to reference nodes, whose types are derived in
``closure(O ∪ R)``. The per-document closure therefore needs O and Di only (not R: smaller and
faster), and ``kgg:inferred`` = (that union) − (every asserted triple). The module checks the
preconditions on every rebuild and falls back to a full rebuild, saying why, when the ontology
uses another construct or a document graph states a transitive property or schema triples
(``rdfs:subClassOf`` …). ``tests/test_incremental.py`` proves the equation on the real data
(union of the per-document closures = the full build's ``kgg:inferred``) for both reasoners.

Rules (``ontology/rules/*.rq``) join triples of one fact (a task and its assignments, a
funding measure's funders and activities) and the 文号 key is per document node: they are
re-run for a changed graph over O ∪ R ∪ its closure only; again the test compares with a full
build.

Validation: results of the focus nodes that a change can affect — the subjects of the old and
new version of the changed graphs, plus the nodes of other graphs that point to them (two
hops back) — are recomputed with :func:`~kgtool.fastvalidate.validate_fast` on a small store
holding ontology, reference and the triples around those nodes (two hops forward, one hop
back); stored results of every other node are kept. The cross-document SPARQL shapes
(:data:`CROSS_SHAPES`) always run over every target.

The cross-document SPARQL shapes are re-run only for the targets a change can reach: the
focus nodes and every target sharing all the key values (:data:`_CROSS_KEYS`: metric, deadline
and unit; document, metric, jurisdiction and quantity kind) with one of them, before or after
the change.

Unchanged files are found by size and mtime (``manifest.json`` ``stats``) and not read; a
file whose mtime was within 2 s of being hashed is hashed again next time (a second write in
the same mtime tick would go unseen). The sha256 stays the test of a change.

Large graphs (reasoner ``sparql``; ``auto`` picks it when the backend resolves to Oxigraph for
the project's estimated size, as ``kgtool build`` does)
----------------------------------------------------------------------------------------------
The state is then kept the way :mod:`kgtool.fastbuild` builds: files parsed by Oxigraph
(canonical literal forms, no restore map), the store's default graph holding exactly the
asserted union (ontology + data, so the cross-document shapes and ``kgg:inferred`` − asserted
run inside Oxigraph), per-source derived graphs as above plus the merged ``kgg:inferred`` and
``kgg:rules`` kept up to date triple by triple (:func:`_remerge`). A document's closure is
computed with the ontology's OWL RL rules compiled to SPARQL updates (:mod:`kgtool.oxreason`,
compiled once and kept in the manifest) on a scratch store holding that document only. The
manifest also keeps the document-counts rows and graph sizes, so
:func:`write_state_artefacts` writes ``graph.nq`` (streamed out of Oxigraph graph by graph),
``validation.json`` and ``summary.json`` without a whole-graph query.
``tests/test_incremental.py`` compares these artefacts with :func:`kgtool.fastbuild.build_native`
on a synthetic corpus before and after a change.

Known limit: an ``owl:disjointWith`` clash between types stated in two *different document*
graphs is reported by the full owlrl build's reasoning errors, not by the incremental one
(per-document errors and clashes with reference data are).
"""
from __future__ import annotations

import hashlib
import json
import pickle
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .errors import InputError
from .graph import KnowledgeGraph, graph_name_for, load_files, load_project, rdf_files
from .namespaces import (GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_REFERENCE, GRAPH_RULES,
                         GRAPH_SHAPES, KGG, KGT, bind_prefixes)
from .oxistore import OxigraphStore, from_ox, to_ox
from .project import Project
from .reason import REASONERS, ReasoningBudget, _reasonable_available, load_rules, reason
from .textnorm import doc_number_key
from .validate import SEVERITIES, ValidationReport, ValidationResult

__all__ = ["RebuildReport", "rebuild", "load_state", "CROSS_SHAPES", "STATE_VERSION"]

STATE_VERSION = 2
#: the reasoner name of the Oxigraph-native state (large graphs, see the module docs)
NATIVE = "sparql"
KGSH = "https://w3id.org/kgtool/shapes#"
#: SPARQL shapes comparing facts of different documents: always re-run over all targets.
CROSS_SHAPES = frozenset({URIRef(KGSH + "SubJurisdictionTargetAboveParent"),
                          URIRef(KGSH + "ConflictingTargetValues")})
_DOC = str(KGG) + "doc-"
INFERRED_BASE = KGG["inferred-base"]
RULES_BASE = KGG["rules-base"]
# Ontology constructs under which the per-document closure is proven (module docstring).
_SAFE_SCHEMA = {RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
                OWL.disjointWith, OWL.equivalentClass, OWL.equivalentProperty}
_UNSAFE_TYPES = {OWL.SymmetricProperty, OWL.FunctionalProperty, OWL.InverseFunctionalProperty,
                 OWL.AsymmetricProperty, OWL.IrreflexiveProperty, OWL.ReflexiveProperty,
                 OWL.Restriction}
_UNSAFE_PREDICATES = {OWL.inverseOf, OWL.propertyChainAxiom, OWL.hasKey, OWL.sameAs,
                      OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue, OWL.intersectionOf,
                      OWL.unionOf, OWL.oneOf, OWL.maxCardinality, OWL.maxQualifiedCardinality,
                      OWL.complementOf, OWL.differentFrom, OWL.AllDifferent}
_SCHEMA_PREDICATES = {RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
                      OWL.equivalentClass, OWL.equivalentProperty, OWL.inverseOf,
                      OWL.sameAs, OWL.disjointWith, OWL.propertyChainAxiom, OWL.hasKey}


def _derived_name(kind: str, graph: URIRef) -> URIRef:
    """``kgg:inferred-doc-003`` / ``kgg:rules-doc-003`` for ``kgg:doc-003``."""
    return KGG[f"{kind}-{str(graph)[len(str(KGG)):]}"]


@dataclass
class RebuildReport:
    """Outcome of :func:`rebuild`.

    :ivar full: a full rebuild was done (``reason`` says why).
    :ivar changed_graphs: the named graphs reloaded (all of them on a full rebuild).
    :ivar reloaded_triples: asserted triples parsed and loaded.
    :ivar inferred: size of the merged ``kgg:inferred``.
    :ivar report: the merged validation report.
    :ivar timings: seconds per step.
    """

    full: bool
    changed_graphs: list[URIRef]
    reloaded_triples: int
    inferred: int
    report: ValidationReport
    timings: dict[str, float] = field(default_factory=dict)
    reason: str = ""
    rule_triples: int = 0
    reasoning_errors: list[str] = field(default_factory=list)
    reasoning_warnings: list[str] = field(default_factory=list)
    focus_nodes: int = 0
    native: bool = False  #: the state is kept the Oxigraph-native way (large graphs)

    @property
    def conforms(self) -> bool:
        return bool(self.report.conforms) and not self.reasoning_errors


# --------------------------------------------------------------------------- files
def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


#: a file modified less than this long before it was hashed is hashed again next time
#: (its mtime may not move on a second write within the file system's time granularity)
_RACY_NS = 2_000_000_000


def _hash_files(files: Iterable[Path], old: dict | None = None,
                old_stats: dict | None = None) -> tuple[dict, dict]:
    """(sha256 by path, [size, mtime_ns] by path) of ``files``; a file whose size and mtime
    are those recorded in ``old_stats`` keeps its ``old`` hash without being read."""
    old, old_stats = old or {}, old_stats or {}
    hashes, stats = {}, {}
    now = time.time_ns()
    for p in files:
        key = str(p)
        st = p.stat()
        stat = [st.st_size, st.st_mtime_ns]
        if key in old and old_stats.get(key) == stat:
            hashes[key] = old[key]
        else:
            hashes[key] = _sha256(p)
        if now - st.st_mtime_ns > _RACY_NS:
            stats[key] = stat
    return hashes, stats


def _project_files(project: Project) -> tuple[list[Path], list[Path]]:
    """(global files: ontology, shapes, rules, non-document data; document files)."""
    onto = [p for p in rdf_files(project.ontology_dir)
            if "shapes" not in p.relative_to(project.ontology_dir).parts]
    shapes = [p for p in rdf_files(project.shapes_dir) if p.name != "term-metadata.ttl"]
    rules = sorted(Path(project.rules_dir).glob("*.rq"))
    glob_, docs = onto + shapes + rules, []
    for d in project.data:
        for p in rdf_files(Path(d)):
            (docs if str(graph_name_for(p)).startswith(_DOC) else glob_).append(p)
    return [p.resolve() for p in glob_], [p.resolve() for p in docs]


def _ontology_unsafe(ontology: Graph) -> str:
    """Why the per-document closure is not proven for this ontology ('' when it is)."""
    for s, p, o in ontology:
        if p in _UNSAFE_PREDICATES:
            return f"the ontology uses {p.n3()} (on {s.n3()})"
        if p == RDF.type and o in _UNSAFE_TYPES:
            return f"the ontology declares {s.n3()} a {o.n3()}"
    return ""


def _graph_unsafe(graph: Graph, transitive: set) -> str:
    """Why a document graph breaks the per-document closure ('' when it does not)."""
    for s, p, o in graph:
        if p in transitive:
            return f"a document graph states the transitive property {p.n3()}"
        if p in _SCHEMA_PREDICATES or p in _UNSAFE_PREDICATES:
            return f"a document graph states schema triples ({p.n3()})"
        if p == RDF.type and (o in _UNSAFE_TYPES or o in (OWL.Class, OWL.ObjectProperty,
                                                          OWL.DatatypeProperty,
                                                          OWL.TransitiveProperty)):
            return f"a document graph declares schema terms ({o.n3()})"
    return ""


# --------------------------------------------------------------------------- state
#: open state stores by directory (RocksDB allows one handle per process)
_OPEN: dict[str, OxigraphStore] = {}


class _State:
    def __init__(self, state_dir: Path) -> None:
        self.dir = Path(state_dir)
        self.manifest_path = self.dir / "manifest.json"

    def exists(self) -> bool:
        return self.manifest_path.is_file() and (self.dir / "store").is_dir()

    def manifest(self) -> dict:
        return json.loads(self.manifest_path.read_text(encoding="utf-8"))

    def open(self, *, fresh: bool = False) -> OxigraphStore:
        """The state store (one open handle per directory and process: RocksDB locks it)."""
        path = (self.dir / "store").resolve()
        st = _OPEN.get(str(path))
        if st is not None and not fresh:
            return st
        if st is not None:
            st.store.clear()
            st.restore = {}
            return st
        if fresh and path.exists():
            shutil.rmtree(path)
        self.dir.mkdir(parents=True, exist_ok=True)
        st = OxigraphStore(path)
        rp = self.dir / "restore.pickle"
        if not fresh and rp.is_file():
            st.restore = pickle.loads(rp.read_bytes())
        _OPEN[str(path)] = st
        return st

    def results(self) -> list[ValidationResult]:
        return pickle.loads((self.dir / "results.pickle").read_bytes())

    def save(self, st: OxigraphStore, manifest: dict, results: list[ValidationResult]) -> None:
        st.flush()
        for name, data in (("restore.pickle", pickle.dumps(st.restore)),
                           ("results.pickle", pickle.dumps(results))):
            tmp = self.dir / (name + ".tmp")
            tmp.write_bytes(data)
            tmp.replace(self.dir / name)
        self.save_manifest(manifest)

    def save_manifest(self, manifest: dict) -> None:
        tmp = self.dir / "manifest.json.tmp"
        tmp.write_text(json.dumps(manifest, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(self.manifest_path)


def _asserted_names(st: OxigraphStore) -> list[URIRef]:
    """Data graphs of the state store (reference, documents, file-*): no ontology/derived."""
    return [n for n in st.graph_names()
            if n not in (GRAPH_ONTOLOGY, GRAPH_SHAPES, GRAPH_INFERRED, GRAPH_RULES)
            and not str(n).startswith((str(KGG) + "inferred-", str(KGG) + "rules-"))]


def _derived_names(st: OxigraphStore, kind: str) -> list[URIRef]:
    return [n for n in st.graph_names() if str(n).startswith(f"{KGG}{kind}-")]


def _resolve_reasoner(reasoner: str, project: Project | None = None,
                      backend: str = "auto") -> str:
    if reasoner == NATIVE:
        return reasoner
    if reasoner not in REASONERS:
        raise InputError(f"unknown reasoner {reasoner!r}; choose one of "
                         f"{', '.join(REASONERS + (NATIVE,))}")
    if reasoner == "auto" and project is not None:
        from .backends import resolve_backend
        from .oxiload import estimate_triples

        if resolve_backend(backend, estimate_triples(project)) == "oxigraph":
            return NATIVE
    if reasoner == "auto":
        return "reasonable" if _reasonable_available() else "owlrl"
    return reasoner


# --------------------------------------------------------------------------- reasoning
def _closure(ontology: Graph, data: Graph, name: URIRef, reasoner: str,
             budget: ReasoningBudget):
    """``reason`` on ontology + one data graph: (inferred Graph, errors, warnings)."""
    mini = KnowledgeGraph()
    mini.replace_graph(GRAPH_ONTOLOGY, ontology)
    mini.replace_graph(name, data)
    rr = reason(mini, budget=budget, reasoner=reasoner)
    return mini.graph(GRAPH_INFERRED), rr.errors, rr.warnings


def _rules(st: OxigraphStore, rules, graphs: list[URIRef]) -> Graph:
    """The project rules and 文号 keys over ``graphs`` of the state store (Oxigraph)."""
    out = Graph()
    for rule in rules:
        for t in st.raw_query(rule.text, default_graphs=graphs):
            out.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object, st.restore)))
    pred = to_ox(KGT.docNumber)
    for g in graphs:
        for q in st.store.quads_for_pattern(None, pred, None, to_ox(g)):
            key = doc_number_key(str(from_ox(q.object, st.restore)))
            if key:
                out.add((from_ox(q.subject), KGT.docNumberKey, Literal(key)))
    return out


def _merged_count(st: OxigraphStore, kind: str, minus: list[URIRef]) -> int:
    """Distinct triples of the ``kind``-* graphs stated in none of ``minus``."""
    src = _derived_names(st, kind)
    if not src:
        return 0
    q = ("SELECT (COUNT(*) AS ?n) WHERE { { SELECT DISTINCT ?s ?p ?o WHERE { VALUES ?g { "
         + " ".join(f"<{g}>" for g in src) + " } GRAPH ?g { ?s ?p ?o } } } "
         "MINUS { VALUES ?h { " + " ".join(f"<{g}>" for g in minus)
         + " } GRAPH ?h { ?s ?p ?o } } }")
    return int(next(iter(st.raw_query(q)))["n"].value)


def _merged_graph(st: OxigraphStore, kind: str, minus: Iterable[Graph]) -> Graph:
    out = Graph()
    for n in _derived_names(st, kind):
        for t in st.triples(n):
            out.add(t)
    for g in minus:
        for t in g:
            out.remove(t)
    return out


# --------------------------------------------------------------------------- validation
def _context_store(st: OxigraphStore, data_graphs: list[URIRef], nodes: set,
                   predicates: Iterable[URIRef] = ()) -> OxigraphStore:
    """A small in-memory store for validating ``nodes``: the ontology, every triple of
    ``predicates`` (e.g. ``kgt:partOf`` for transitive paths), and from ``data_graphs`` the
    triples with one of ``nodes`` as subject or object and those of the nodes up to two hops
    after them (value nodes, their types and their own values)."""
    ctx = OxigraphStore()
    ctx.restore = st.restore
    data = {to_ox(g) for g in data_graphs}
    quads: list[ox.Quad] = list(st.store.quads_for_pattern(None, None, None, to_ox(GRAPH_ONTOLOGY)))
    for p in predicates:
        quads += [q for q in st.store.quads_for_pattern(None, to_ox(p), None, None)
                  if q.graph_name in data]
    seen: set = set()
    frontier = {to_ox(n) for n in nodes}
    for depth in range(3):
        nxt = set()
        for n in frontier - seen:
            seen.add(n)
            for q in st.store.quads_for_pattern(n, None, None, None):
                if q.graph_name in data:
                    quads.append(q)
                    if not isinstance(q.object, ox.Literal):
                        nxt.add(q.object)
            if depth == 0:
                for q in st.store.quads_for_pattern(None, None, n, None):
                    if q.graph_name in data:
                        quads.append(q)
                        nxt.add(q.subject)
        frontier = nxt
    ctx.store.bulk_extend(quads)
    return ctx


def _context_store_native(st: OxigraphStore, data_graphs: list[URIRef], nodes: set,
                          predicates: Iterable[URIRef] = ()) -> OxigraphStore:
    """:func:`_context_store` on the native state: read from its default graph (the asserted
    union, one quad per triple), the data put into one graph."""
    ctx = OxigraphStore()
    dg = to_ox(KGG["validation-context"])
    quads: list[ox.Quad] = list(st.store.quads_for_pattern(None, None, None, to_ox(GRAPH_ONTOLOGY)))
    triples: list = []
    for p in predicates:
        triples += st.store.quads_for_pattern(None, to_ox(p), None, _DFLT)
    seen: set = set()
    frontier = {to_ox(n) for n in nodes}
    for depth in range(3):
        nxt = set()
        for n in frontier - seen:
            seen.add(n)
            for q in st.store.quads_for_pattern(n, None, None, _DFLT):
                triples.append(q)
                if not isinstance(q.object, ox.Literal):
                    nxt.add(q.object)
            if depth == 0:
                for q in st.store.quads_for_pattern(None, None, n, _DFLT):
                    triples.append(q)
                    nxt.add(q.subject)
        frontier = nxt
    ctx.store.bulk_extend(quads + [ox.Quad(q.subject, q.predicate, q.object, dg) for q in triples])
    return ctx


def _pointing(st: OxigraphStore, data_graphs: list[URIRef], nodes: set, hops: int = 2) -> set:
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


def _targets(st: OxigraphStore, data_graphs: list[URIRef]) -> set:
    q = ("SELECT DISTINCT ?t WHERE { ?t a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* "
         f"<{KGT.Target}> }}")
    return {from_ox(r["t"]) for r in st.raw_query(q, default_graphs=data_graphs + [GRAPH_ONTOLOGY])}


#: per cross-document shape: predicates whose values two targets it compares always share
#: (triple patterns of both ``$this`` and the other target in its ``sh:select``)
_CROSS_KEYS = {URIRef(KGSH + "SubJurisdictionTargetAboveParent"):
               (KGT.metric, KGT.deadline, KGT.unit),
               URIRef(KGSH + "ConflictingTargetValues"):
               (KGT.statedIn, KGT.metric, KGT.jurisdiction, KGT.quantityKind)}
_ALL = "all"


def _cross_keys(st: OxigraphStore, nodes: set, data_graphs: list[URIRef]) -> dict:
    """The key values (:data:`_CROSS_KEYS`) of ``nodes`` now: {shape: {tuple of ox terms}},
    or :data:`_ALL` for a shape when a key value is a blank node (no VALUES for it)."""
    from itertools import product

    data = {to_ox(g) for g in data_graphs}
    out: dict = {}
    for shape, preds in _CROSS_KEYS.items():
        keys: set = set()
        for n in nodes:
            if isinstance(n, Literal):
                continue
            vals = []
            for p in preds:
                vals.append({q.object for q in st.store.quads_for_pattern(to_ox(n), to_ox(p), None, None)
                             if q.graph_name in data})
                if not vals[-1]:
                    break
            else:
                keys |= set(product(*vals))
        out[shape] = _ALL if any(isinstance(v, ox.BlankNode) for k in keys for v in k) else keys
    return out


def _cross_focus(st: OxigraphStore, data_graphs: list[URIRef], focus: set, *keysets,
                 native: bool = False) -> set:
    """Targets whose cross-document results a change of ``focus`` can alter: ``focus`` and
    every node sharing (before or after the change) all key values of a cross-document shape
    with one of them. Queried on the store's default graph (a superset of the data)."""
    out = set(focus)
    for shape, preds in _CROSS_KEYS.items():
        keys: set = set()
        for ks in keysets:
            if ks.get(shape) == _ALL:
                return out | _targets(st, data_graphs)
            keys |= ks.get(shape, set())
        dflt = _DFLT if native else None
        for key in keys:  # index lookups: candidates by the first key, checked on the others
            cands = {q.subject for q in st.store.quads_for_pattern(None, to_ox(preds[0]), key[0], dflt)}
            for p, v in zip(preds[1:], key[1:]):
                cands = {c for c in cands
                         if next(iter(st.store.quads_for_pattern(c, to_ox(p), v, dflt)), None)}
            out |= {from_ox(c) for c in cands}
    return out


def _sort(results: list[ValidationResult]) -> ValidationReport:
    order = {s: i for i, s in enumerate(SEVERITIES)}
    results = sorted(results, key=lambda r: (order.get(r.severity, 9), str(r.focus_node),
                                             r.shape_name, str(r.path), str(r.value)))
    return ValidationReport(conforms=not any(r.severity == "Violation" for r in results),
                            results=results)


def _validate_incremental(st, shapes, plan, data_graphs, focus: set,
                          cross_focus: set | None = None, native: bool = False
                          ) -> list[ValidationResult]:
    """Results of ``focus`` (all shapes but the cross-document ones) and of the cross-document
    shapes over ``cross_focus`` (default: every target)."""
    from .fastvalidate import FastPlan, validate_fast

    context = _context_store_native if native else _context_store
    out: list[ValidationResult] = []
    if focus:
        ctx = context(st, data_graphs, focus)
        rep = validate_fast(ctx, shapes=shapes, plan=plan, focus_nodes=focus)
        out += [r for r in rep.results if r.shape not in CROSS_SHAPES]
    cross = FastPlan(queries=[q for q in plan.queries if q.shape in CROSS_SHAPES],
                     focus=plan.focus, fallback=set(), shapes=plan.shapes)
    if cross.queries:
        targets = _targets(st, data_graphs) if cross_focus is None else cross_focus
        ctx = context(st, data_graphs, targets, [KGT.partOf])
        rep = validate_fast(ctx, shapes=shapes, plan=cross, focus_nodes=targets)
        out += [r for r in rep.results if r.shape in CROSS_SHAPES]
    return out


# --------------------------------------------------------------------------- rebuild
def rebuild(project: Project, *, state_dir: Path | None = None,
            changed: list[Path] | None = None, reasoner: str = "auto",
            budget: ReasoningBudget = ReasoningBudget(), backend: str = "auto") -> RebuildReport:
    """Bring the state in ``state_dir`` up to date with the project's files.

    The first call (no state) does a full build and writes the state. Later calls find the
    added, changed and removed files by sha256 (or take ``changed`` as the list of files that
    changed, added or were deleted) and reload, re-reason, re-apply rules to and re-validate
    only the document graphs concerned. A change to the ontology, shapes, rules, reference
    data, another non-document data file or the reasoner makes a full rebuild
    (:attr:`RebuildReport.reason` says why).

    :param project: the project.
    :param state_dir: where the state lives (default ``<project.build>/state``).
    :param changed: files known to have changed (skips hashing the others).
    :param reasoner: ``auto``, ``owlrl``, ``reasonable`` or ``sparql`` (as
        :func:`kgtool.build.build`: ``sparql``, also chosen by ``auto`` when ``backend``
        resolves to Oxigraph for the project's size, keeps the state the Oxigraph-native way,
        see "Large graphs" in the module docs).
    :param budget: reasoning limits per closure.
    :param backend: ``auto``, ``rdflib`` or ``oxigraph`` (only picks the reasoner for ``auto``).
    :returns: a :class:`RebuildReport`.
    :raises InputError: a file does not parse (the state is left as it was).
    """
    state = _State(Path(state_dir) if state_dir is not None else project.build / "state")
    reasoner = _resolve_reasoner(reasoner, project, backend)
    full = _full_native if reasoner == NATIVE else _full
    glob_files, doc_files = _project_files(project)
    if not state.exists():
        return full(project, state, reasoner, budget, "no state yet", glob_files, doc_files)
    manifest = state.manifest()
    if manifest.get("version") != STATE_VERSION:
        return full(project, state, reasoner, budget, "state from another kgtool version",
                    glob_files, doc_files)
    if manifest.get("reasoner") != reasoner:
        return full(project, state, reasoner, budget,
                    f"reasoner changed ({manifest.get('reasoner')} → {reasoner})",
                    glob_files, doc_files)
    if manifest.get("unsafe"):
        return full(project, state, reasoner, budget, manifest["unsafe"], glob_files, doc_files)
    t0 = time.perf_counter()
    old = manifest["files"]
    stats = manifest.get("stats", {})
    if changed is None:
        current, stats = _hash_files(glob_files + doc_files, old, stats)
    else:
        current, stats = dict(old), dict(stats)
        for p in changed:
            p = Path(p).resolve()
            stats.pop(str(p), None)
            if p.is_file():
                h, s_ = _hash_files([p])
                current.update(h)
                stats.update(s_)
            else:
                current.pop(str(p), None)
    diff = {k for k in set(old) | set(current) if old.get(k) != current.get(k)}
    known_docs = {str(p) for p in doc_files} | set(manifest["doc_files"])
    glob_diff = sorted(k for k in diff if k not in known_docs)
    if glob_diff:
        return full(project, state, reasoner, budget,
                    f"{Path(glob_diff[0]).name} changed (ontology, shapes, rules or reference "
                    "data)" + (f" and {len(glob_diff) - 1} more" if len(glob_diff) > 1 else ""),
                    glob_files, doc_files)
    timings = {"detect": time.perf_counter() - t0}
    t = time.perf_counter()
    st = state.open()
    timings["open"] = time.perf_counter() - t
    if not diff:
        if stats != manifest.get("stats"):
            manifest["stats"] = stats
            state.save_manifest(manifest)
        report = _sort(state.results())
        inferred = (manifest["inferred"] if reasoner == NATIVE else
                    _merged_count(st, "inferred", _asserted_names(st) + [GRAPH_ONTOLOGY]))
        return RebuildReport(False, [], 0, inferred,
                             report, timings, "", manifest.get("rule_triples", 0),
                             sorted({e for v in manifest["errors"].values() for e in v}),
                             manifest.get("warnings", []), native=reasoner == NATIVE)
    manifest["stats"] = stats
    if reasoner == NATIVE:
        return _incremental_native(project, state, st, manifest, current, diff, budget, timings)
    return _incremental(project, state, st, manifest, current, diff, reasoner, budget, timings)


def _incremental(project, state, st, manifest, current, diff, reasoner, budget, timings):
    t = time.perf_counter()
    graphs = {URIRef(g) for g in manifest["graphs"]}
    changed_graphs = sorted({graph_name_for(Path(k)) for k in diff}, key=str)
    # parse first (all or nothing), then replace
    files_of = {g: sorted(k for k in current if graph_name_for(Path(k)) == g)
                for g in changed_graphs}
    staged = KnowledgeGraph()
    reloaded = 0
    for g, files in files_of.items():
        if files:
            reloaded += load_files(staged, [Path(f) for f in files], graph=g)
    transitive = set(st.triples(GRAPH_ONTOLOGY).subjects(RDF.type, OWL.TransitiveProperty))
    for g in changed_graphs:
        why = _graph_unsafe(staged.graph(g), transitive)
        if why:
            glob_files, doc_files = _project_files(project)
            return _full(project, state, reasoner, budget, why, glob_files, doc_files)
    old_subjects: set = set()
    for g in changed_graphs:
        old_subjects |= {from_ox(q.subject) for q in
                         st.store.quads_for_pattern(None, None, None, to_ox(g))}
    old_keys = _cross_keys(st, old_subjects, _asserted_names(st))
    for g in changed_graphs:
        st.remove_graph(g)
        if files_of[g]:
            st.add_quads((s, p, o, g) for s, p, o in staged.graph(g))
            graphs.add(g)
        else:
            graphs.discard(g)
    timings["load"] = time.perf_counter() - t

    t = time.perf_counter()
    ontology = st.triples(GRAPH_ONTOLOGY)
    base_g = to_ox(INFERRED_BASE)
    errors = dict(manifest["errors"])
    for g in changed_graphs:
        inf_name = _derived_name("inferred", g)
        st.remove_graph(inf_name)
        errors.pop(str(g), None)
        if not files_of[g]:
            continue
        inf, errs, _w = _closure(ontology, staged.graph(g), g, reasoner, budget)
        st.add_quads((s, p, o, inf_name) for s, p, o in inf
                     if ox.Quad(to_ox(s), to_ox(p), to_ox(o), base_g) not in st.store)
        if errs:
            errors[str(g)] = errs
    timings["reason"] = time.perf_counter() - t

    t = time.perf_counter()
    rules = load_rules(project.rules_dir)
    for g in changed_graphs:
        rname = _derived_name("rules", g)
        st.remove_graph(rname)
        if files_of[g]:
            derived = _rules(st, rules, [GRAPH_ONTOLOGY, GRAPH_REFERENCE, INFERRED_BASE, g,
                                         _derived_name("inferred", g)])
            st.add_quads((s, p, o, rname) for s, p, o in derived)
    timings["rules"] = time.perf_counter() - t

    t = time.perf_counter()
    data_graphs = _asserted_names(st)
    shapes = st.triples(GRAPH_SHAPES)
    from .fastvalidate import compile_shapes

    plan = compile_shapes(shapes)
    new_subjects = {s for g in changed_graphs if files_of[g] for s in staged.graph(g).subjects()}
    focus = old_subjects | new_subjects
    focus |= _pointing(st, data_graphs, focus)
    cross = _cross_focus(st, data_graphs, focus, old_keys, _cross_keys(st, focus, data_graphs))
    kept = [r for r in state.results()
            if ((r.focus_node not in cross) if r.shape in CROSS_SHAPES else (r.focus_node not in focus))]
    fresh = _validate_incremental(st, shapes, plan, data_graphs, focus, cross)
    report = _sort(kept + fresh)
    timings["validate"] = time.perf_counter() - t

    t = time.perf_counter()
    asserted = data_graphs + [GRAPH_ONTOLOGY]
    inferred = _merged_count(st, "inferred", asserted)
    rule_triples = _rules_count(st, asserted)
    manifest.update(files=current, graphs=sorted(str(g) for g in graphs),
                    doc_files=sorted(k for k in current if str(graph_name_for(Path(k))).startswith(_DOC)),
                    errors=errors, rule_triples=rule_triples)
    for g in changed_graphs:
        if files_of[g]:
            manifest.setdefault("sources", {})[str(g)] = files_of[g]
        else:
            manifest.get("sources", {}).pop(str(g), None)
    state.save(st, manifest, report.results)
    timings["save"] = time.perf_counter() - t
    timings["total"] = sum(timings.values())
    return RebuildReport(False, changed_graphs, reloaded, inferred, report, timings, "",
                         rule_triples, sorted({e for v in errors.values() for e in v}),
                         manifest.get("warnings", []), len(focus))


def _rules_count(st: OxigraphStore, asserted: list[URIRef]) -> int:
    return _merged_count(st, "rules", asserted + _derived_names(st, "inferred"))


def _full(project, state, reasoner, budget, why, glob_files, doc_files) -> RebuildReport:
    from .fastvalidate import compile_shapes, validate_fast

    timings: dict[str, float] = {}
    t = time.perf_counter()
    kg = load_project(project)
    if not kg.document_graph_names():
        raise InputError("no document data found (expected files named NNN-*.ttl)",
                         path=str(project.data[0]))
    asserted_names = [n for n in kg.graph_names() if n != GRAPH_ONTOLOGY]
    st = state.open(fresh=True)
    st.add_quads(kg.quads(kg.graph_names()))
    st.add_quads((s, p, o, GRAPH_SHAPES) for s, p, o in kg.shapes)
    reloaded = sum(len(kg.graph(n)) for n in asserted_names)
    timings["load"] = time.perf_counter() - t

    t = time.perf_counter()
    ontology = kg.ontology()
    unsafe = _ontology_unsafe(ontology)
    transitive = set(ontology.subjects(RDF.type, OWL.TransitiveProperty))
    docs = kg.document_graph_names()
    for g in docs:
        unsafe = unsafe or _graph_unsafe(kg.graph(g), transitive)
    errors: dict[str, list[str]] = {}
    warnings: list[str] = []
    base_names = [n for n in asserted_names if n not in docs]
    if unsafe:  # one closure over everything, kept as the "base"
        base_names = asserted_names
    base = kg.union(base_names)
    base_inf, errs, warnings = _closure(ontology, base, GRAPH_REFERENCE, reasoner, budget)
    st.add_quads((s, p, o, INFERRED_BASE) for s, p, o in base_inf)
    if errs:
        errors["base"] = errs
    if not unsafe:
        for g in docs:
            inf, errs, _w = _closure(ontology, kg.graph(g), g, reasoner, budget)
            st.add_quads((s, p, o, _derived_name("inferred", g)) for s, p, o in inf
                         if (s, p, o) not in base_inf)
            if errs:
                errors[str(g)] = errs
    timings["reason"] = time.perf_counter() - t

    t = time.perf_counter()
    rules = load_rules(project.rules_dir)
    st.add_quads((s, p, o, RULES_BASE) for s, p, o in
                 _rules(st, rules, [GRAPH_ONTOLOGY, INFERRED_BASE, *base_names]))
    if not unsafe:
        for g in docs:
            derived = _rules(st, rules, [GRAPH_ONTOLOGY, GRAPH_REFERENCE, INFERRED_BASE, g,
                                         _derived_name("inferred", g)])
            st.add_quads((s, p, o, _derived_name("rules", g)) for s, p, o in derived)
    timings["rules"] = time.perf_counter() - t

    t = time.perf_counter()
    report = validate_fast(kg, shapes=kg.shapes, ontology=ontology, plan=compile_shapes(kg.shapes))
    timings["validate"] = time.perf_counter() - t

    t = time.perf_counter()
    asserted = asserted_names + [GRAPH_ONTOLOGY]
    inferred = _merged_count(st, "inferred", asserted)
    rule_triples = _rules_count(st, asserted)
    files, stats = _hash_files(glob_files + doc_files)
    manifest = {"version": STATE_VERSION, "reasoner": reasoner, "project": str(project.root),
                "files": files, "stats": stats, "doc_files": sorted(str(p) for p in doc_files),
                "graphs": sorted(str(g) for g in asserted_names),
                "sources": {str(k): [str(p) for p in v] for k, v in kg.sources.items()},
                "errors": errors, "warnings": warnings, "rule_triples": rule_triples,
                "unsafe": unsafe}
    state.save(st, manifest, report.results)
    timings["save"] = time.perf_counter() - t
    timings["total"] = sum(timings.values())
    if unsafe:
        why = f"{why}; incremental reasoning disabled: {unsafe}"
    return RebuildReport(True, sorted(asserted_names, key=str), reloaded, inferred, report,
                         timings, why, rule_triples,
                         sorted({e for v in errors.values() for e in v}), warnings)


# --------------------------------------------------------------------------- native (large graphs)
_INF_PREFIX = f"{KGG}inferred-"
_RULES_PREFIX = f"{KGG}rules-"
_DERIVED = (str(GRAPH_INFERRED), str(GRAPH_RULES), str(GRAPH_SHAPES))
_DFLT = ox.DefaultGraph()


def _ox_asserted(name: str) -> bool:
    """An asserted graph of the native state (data or ontology; not derived, not shapes)."""
    return not (name in _DERIVED or name.startswith((_INF_PREFIX, _RULES_PREFIX)))


def _doc_unsafe_native(store: ox.Store, graphs: list, transitive: list[str]) -> str:
    """:func:`_graph_unsafe` for ``graphs`` of ``store`` (one indexed lookup per predicate)."""
    preds = [str(p) for p in _SCHEMA_PREDICATES | _UNSAFE_PREDICATES] + list(transitive)
    types = [str(t) for t in _UNSAFE_TYPES | {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                                               OWL.TransitiveProperty}]
    for g in graphs:
        for p in preds:
            if next(iter(store.quads_for_pattern(None, ox.NamedNode(p), None, g)), None):
                kind = ("the transitive property" if p in transitive else "schema triples")
                return f"a document graph states {kind} (<{p}>)"
        for t in types:
            if next(iter(store.quads_for_pattern(None, _RDF_TYPE, ox.NamedNode(t), g)), None):
                return f"a document graph declares schema terms (<{t}>)"
    return ""


_RDF_TYPE = ox.NamedNode(str(RDF.type))


def _native_plan(store: OxigraphStore, budget: ReasoningBudget) -> dict:
    """The compiled OWL RL updates of :mod:`kgtool.oxreason` for the schema in ``store``
    (kept in the manifest: the ontology does not change between incremental rebuilds)."""
    from .oxreason import RulePlan, schema_closure, schema_of

    plan = RulePlan(schema_closure(schema_of(store), budget, time.monotonic()))
    loop, once = plan.updates()  # over a materialised union: no update repeats itself
    return {"loop": [u for u, _ in loop], "once": once, "disjoint": sorted([str(a), str(b)] for a, b in plan.disjoint),
            "transitive": [str(p) for p in plan.transitive]}


def _doc_closure(quads: Iterable[ox.Quad], plan: dict, budget: ReasoningBudget
                 ) -> tuple[list[ox.Triple], list[str]]:
    """closure(O ∪ Di) − Di with the compiled updates, on a scratch store holding Di only
    (the updates carry the ontology in their VALUES tables): (inferred triples, errors)."""
    from .errors import ReasoningError
    from .oxreason import disjoint_errors, ill_typed_errors, graph_size

    scratch = OxigraphStore()
    scratch.store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, _DFLT) for q in quads)
    start = time.monotonic()
    size = 0
    for _ in range(50):
        if not plan["loop"]:
            break
        for update in plan["loop"]:
            scratch.store.update(update)
        new_size = graph_size(scratch)
        if new_size == size:
            break
        size = new_size
        if size > budget.max_triples:
            raise ReasoningError(f"reasoning stopped: closure exceeds {budget.max_triples} triples")
    for update in plan["once"]:
        scratch.store.update(update)
    if time.monotonic() - start > budget.seconds:
        raise ReasoningError(f"reasoning stopped: time budget of {budget.seconds:g} s exceeded")
    pairs = [(URIRef(a), URIRef(b)) for a, b in plan["disjoint"]]
    errors = sorted(set(disjoint_errors(scratch, pairs)) | set(ill_typed_errors(scratch)))
    inferred = [q.triple for q in
                scratch.store.quads_for_pattern(None, None, None, to_ox(GRAPH_INFERRED))]
    return inferred, errors


def _put(store: ox.Store, graph, triples: Iterable) -> int:
    """Add ``triples`` (pyoxigraph Triples) to ``graph`` only (not to the default graph)."""
    batch = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
    store.extend(batch)
    return len(batch)


def _merge_native(store: ox.Store) -> None:
    """``kgg:inferred`` and ``kgg:rules`` from the per-source derived graphs, inside Oxigraph
    (the default graph holds exactly the asserted triples)."""
    inf, rules = to_ox(GRAPH_INFERRED), to_ox(GRAPH_RULES)
    store.update(f"INSERT {{ GRAPH {inf} {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                 f"FILTER(STRSTARTS(STR(?g), \"{_INF_PREFIX}\")) FILTER NOT EXISTS {{ ?s ?p ?o }} }}")
    store.update(f"INSERT {{ GRAPH {rules} {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                 f"FILTER(STRSTARTS(STR(?g), \"{_RULES_PREFIX}\")) FILTER NOT EXISTS {{ ?s ?p ?o }} "
                 f"FILTER NOT EXISTS {{ GRAPH {inf} {{ ?s ?p ?o }} }} }}")


def _graph_size(store: ox.Store, name) -> int:
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}"
    return int(next(iter(store.query(q)))["n"].value)


def _count_rows(store: OxigraphStore, graph: URIRef | None = None) -> dict[str, list]:
    """Rows of the ``document-counts`` query (all graphs, or ``graph`` only) by graph name."""
    from .queries import get_named_query
    from .stats import PACKAGE_ROOT

    query = get_named_query(PACKAGE_ROOT / "queries", "document-counts")
    rows = store.raw_query(query.text, bindings={"graph": graph} if graph is not None else None)
    out = {}
    for r in rows:
        out[r["graph"].value] = [r["source_file"].value] + [int(r[k].value) for k in (
            "documents", "targets", "funding_items", "tasks", "agencies", "industries")]
    return out


def _full_native(project, state, reasoner, budget, why, glob_files, doc_files) -> RebuildReport:
    """The first build of a large graph's state, the way :func:`kgtool.fastbuild.build_native`
    builds: files parsed by Oxigraph, validation compiled to SPARQL, OWL RL compiled to SPARQL
    updates, all in a memory store that is then bulk-copied to ``state/store``."""
    from .fastvalidate import validate_fast
    from .oxiload import materialise_union, project_files
    from .oxreason import unsupported_constructs, reason_store
    from .parse import load_file_into, parse_files

    timings: dict[str, float] = {}
    t = time.perf_counter()
    onto, shape_files, data = project_files(project)
    shapes = Graph()
    for ds in parse_files(shape_files):
        for q in ds.quads((None, None, None, None)):
            shapes.add(q[:3])
    mem = OxigraphStore()
    sources: dict[str, list[str]] = {}
    onto_set = set(onto)
    for file in onto + data:
        name = GRAPH_ONTOLOGY if file in onto_set else graph_name_for(file)
        load_file_into(mem.store, file, to_ox(name))
        sources.setdefault(str(name), []).append(str(Path(file).resolve()))
    materialise_union(mem)
    names = [n for n in mem.graph_names() if n != GRAPH_ONTOLOGY]
    docs = [n for n in names if str(n).startswith(_DOC)]
    if not docs:
        raise InputError("no document data found (expected files named NNN-*.ttl)",
                         path=str(project.data[0]))
    timings["load"] = time.perf_counter() - t

    t = time.perf_counter()
    report = validate_fast(mem, shapes=shapes, union_is_asserted=True)
    timings["validate"] = time.perf_counter() - t

    t = time.perf_counter()
    unsupported = unsupported_constructs(mem)
    unsafe = _ontology_unsafe(mem.triples(GRAPH_ONTOLOGY))
    if unsupported and not unsafe:
        unsafe = f"the compiled OWL RL rules do not cover {unsupported[0]}"
    plan = _native_plan(mem, budget) if not unsafe else {}
    if not unsafe:
        unsafe = _doc_unsafe_native(mem.store, [to_ox(g) for g in docs], plan["transitive"])
    base_names = names if unsafe else [n for n in names if n not in docs]
    errors: dict[str, list[str]] = {}
    base = OxigraphStore()
    base.store.bulk_extend(q for g in [GRAPH_ONTOLOGY, *base_names]
                           for q in mem.store.quads_for_pattern(None, None, None, to_ox(g)))
    materialise_union(base)
    rr = reason_store(base, budget=budget)
    warnings = rr.warnings
    if rr.errors:
        errors["base"] = rr.errors
    base_g = to_ox(INFERRED_BASE)
    _put(mem.store, base_g,
         (q.triple for q in base.store.quads_for_pattern(None, None, None, to_ox(GRAPH_INFERRED))))
    del base
    if not unsafe:
        for g in docs:
            inf, errs = _doc_closure(mem.store.quads_for_pattern(None, None, None, to_ox(g)),
                                     plan, budget)
            _put(mem.store, to_ox(_derived_name("inferred", g)),
                 (t_ for t_ in inf if ox.Quad(*t_, base_g) not in mem.store))
            if errs:
                errors[str(g)] = errs
    timings["reason"] = time.perf_counter() - t

    t = time.perf_counter()
    rules = load_rules(project.rules_dir)
    _put(mem.store, to_ox(RULES_BASE), (_triple(t_) for t_ in
                                       _rules(mem, rules, [GRAPH_ONTOLOGY, INFERRED_BASE, *base_names])))
    if not unsafe:
        for g in docs:
            derived = _rules(mem, rules, [GRAPH_ONTOLOGY, GRAPH_REFERENCE, INFERRED_BASE, g,
                                          _derived_name("inferred", g)])
            _put(mem.store, to_ox(_derived_name("rules", g)), (_triple(t_) for t_ in derived))
    _merge_native(mem.store)
    timings["rules"] = time.perf_counter() - t

    t = time.perf_counter()
    counts = _count_rows(mem)
    from .fastbuild import graph_sizes

    sizes = {g: n for g, n in graph_sizes(mem).items() if _ox_asserted(g) or g in _DERIVED}
    st = state.open(fresh=True)
    st.store.bulk_extend(mem.store.quads_for_pattern(None, None, None, None))
    st.store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(GRAPH_SHAPES))
                         for s, p, o in shapes)
    del mem
    files, stats = _hash_files(glob_files + doc_files)
    manifest = {"version": STATE_VERSION, "reasoner": reasoner, "project": str(project.root),
                "files": files, "stats": stats, "doc_files": sorted(str(p) for p in doc_files),
                "graphs": sorted(str(g) for g in names), "sources": sources,
                "errors": errors, "warnings": warnings, "unsafe": unsafe, "plan": plan,
                "counts": counts, "sizes": sizes, "rules": [r.text for r in rules],
                "inferred": sizes.get(str(GRAPH_INFERRED), 0),
                "rule_triples": sizes.get(str(GRAPH_RULES), 0)}
    from .fastvalidate import compile_shapes

    (state.dir / "shapes.pickle").write_bytes(pickle.dumps((shapes, compile_shapes(shapes))))
    state.save(st, manifest, report.results)
    timings["save"] = time.perf_counter() - t
    timings["total"] = sum(timings.values())
    if unsafe:
        why = f"{why}; incremental reasoning disabled: {unsafe}"
    return RebuildReport(True, sorted(names, key=str), sum(sizes.get(str(n), 0) for n in names),
                         manifest["inferred"], _sort(report.results), timings, why,
                         manifest["rule_triples"], sorted({e for v in errors.values() for e in v}),
                         warnings, native=True)


def _triple(t) -> ox.Triple:
    s, p, o = t
    return ox.Triple(to_ox(s), to_ox(p), to_ox(o))


def _incremental_native(project, state, st, manifest, current, diff, budget, timings):
    """:func:`_incremental` on the native state: nothing goes through rdflib but the few
    triples of the changed graphs' rules and validation context."""
    store = st.store
    t = time.perf_counter()
    from .parse import load_file_into

    graphs = {URIRef(g) for g in manifest["graphs"]}
    changed_graphs = sorted({graph_name_for(Path(k)) for k in diff}, key=str)
    files_of = {g: sorted(k for k in current if graph_name_for(Path(k)) == g)
                for g in changed_graphs}
    staged = ox.Store()  # parse everything first: all or nothing
    for g, files in files_of.items():
        for f in files:
            load_file_into(staged, f, to_ox(g))
    plan = manifest["plan"]
    why = _doc_unsafe_native(staged, [to_ox(g) for g in changed_graphs], plan["transitive"])
    if why:
        glob_files, doc_files = _project_files(project)
        return _full_native(project, state, NATIVE, budget, why, glob_files, doc_files)
    new: dict = {g: [q.triple for q in staged.quads_for_pattern(None, None, None, to_ox(g))]
                 for g in changed_graphs}
    reloaded = sum(len(v) for v in new.values())
    touched: set = set()  # triples whose membership in kgg:inferred / kgg:rules may change
    old_subjects: set = set()
    for g in changed_graphs:
        old_subjects |= {q.subject for q in store.quads_for_pattern(None, None, None, to_ox(g))}
    old_keys = _cross_keys(st, {from_ox(n) for n in old_subjects}, sorted(graphs, key=str))
    for g in changed_graphs:
        go = to_ox(g)
        old = [q.triple for q in store.quads_for_pattern(None, None, None, go)]
        old_subjects |= {t_.subject for t_ in old}
        touched.update(old)
        touched.update(new[g])
        store.remove_graph(go)
        if new[g]:
            _put(store, go, new[g])
            graphs.add(g)
        else:
            graphs.discard(g)
    # the default graph stays the union of the asserted graphs
    removed = [t_ for t_ in touched
               if not any(_ox_asserted(q.graph_name.value) for q in
                          store.quads_for_pattern(t_.subject, t_.predicate, t_.object, None)
                          if isinstance(q.graph_name, ox.NamedNode))]
    store.extend(ox.Quad(*t_, _DFLT) for g in changed_graphs for t_ in new[g])
    for t_ in removed:
        store.remove(ox.Quad(*t_, _DFLT))
    timings["load"] = time.perf_counter() - t

    t = time.perf_counter()
    errors = dict(manifest["errors"])
    base_g = to_ox(INFERRED_BASE)
    for g in changed_graphs:
        name = to_ox(_derived_name("inferred", g))
        touched.update(q.triple for q in store.quads_for_pattern(None, None, None, name))
        store.remove_graph(name)
        errors.pop(str(g), None)
        if not new[g]:
            continue
        inf, errs = _doc_closure((ox.Quad(*t_, _DFLT) for t_ in new[g]), plan, budget)
        inf = [t_ for t_ in inf if ox.Quad(*t_, base_g) not in store]
        _put(store, name, inf)
        touched.update(inf)
        if errs:
            errors[str(g)] = errs
    timings["reason"] = time.perf_counter() - t

    t = time.perf_counter()
    from types import SimpleNamespace

    # the rules are those of the full build (a change to them makes a full rebuild), checked then
    rules = [SimpleNamespace(text=text) for text in manifest["rules"]]
    for g in changed_graphs:
        name = to_ox(_derived_name("rules", g))
        touched.update(q.triple for q in store.quads_for_pattern(None, None, None, name))
        store.remove_graph(name)
        if new[g]:
            derived = [_triple(t_) for t_ in
                       _rules(st, rules, [GRAPH_ONTOLOGY, GRAPH_REFERENCE, INFERRED_BASE, g,
                                          _derived_name("inferred", g)])]
            _put(store, name, derived)
            touched.update(derived)
    delta = _remerge(store, touched)
    timings["rules"] = time.perf_counter() - t

    t = time.perf_counter()
    data_graphs = [g for g in graphs]
    shapes, fplan = pickle.loads((state.dir / "shapes.pickle").read_bytes())
    new_subjects = {t_.subject for g in changed_graphs for t_ in new[g]}
    focus = {from_ox(n) for n in old_subjects | new_subjects}
    focus |= _pointing(st, data_graphs, focus)
    cross = _cross_focus(st, data_graphs, focus, old_keys, _cross_keys(st, focus, data_graphs),
                         native=True)
    kept = [r for r in state.results()
            if ((r.focus_node not in cross) if r.shape in CROSS_SHAPES else (r.focus_node not in focus))]
    fresh = _validate_incremental(st, shapes, fplan, data_graphs, focus, cross, native=True)
    report = _sort(kept + fresh)
    timings["validate"] = time.perf_counter() - t

    t = time.perf_counter()
    counts, sizes = manifest["counts"], manifest["sizes"]
    for g in changed_graphs:
        counts.pop(str(g), None)
        sizes.pop(str(g), None)
        if new[g]:
            counts.update(_count_rows(st, g))
            sizes[str(g)] = len(new[g])
    for k, d in delta.items():
        sizes[k] = sizes.get(k, 0) + d
    manifest.update(files=current, graphs=sorted(str(g) for g in graphs), counts=counts,
                    sizes=sizes, inferred=sizes.get(str(GRAPH_INFERRED), 0),
                    rule_triples=sizes.get(str(GRAPH_RULES), 0),
                    doc_files=sorted(k for k in current if str(graph_name_for(Path(k))).startswith(_DOC)),
                    errors=errors)
    for g in changed_graphs:
        if files_of[g]:
            manifest.setdefault("sources", {})[str(g)] = files_of[g]
        else:
            manifest.get("sources", {}).pop(str(g), None)
    state.save(st, manifest, report.results)
    timings["save"] = time.perf_counter() - t
    timings["total"] = sum(timings.values())
    return RebuildReport(False, changed_graphs, reloaded, manifest["inferred"], report, timings,
                         "", manifest["rule_triples"], sorted({e for v in errors.values() for e in v}),
                         manifest.get("warnings", []), len(focus), native=True)


def _remerge(store: ox.Store, touched: set) -> dict[str, int]:
    """Bring ``kgg:inferred`` / ``kgg:rules`` up to date for ``touched`` triples (one index
    lookup each): inferred = derived by some ``inferred-*`` graph and not asserted; rules =
    derived by some ``rules-*`` graph, neither asserted nor inferred. Returns size changes."""
    inf, rules = to_ox(GRAPH_INFERRED), to_ox(GRAPH_RULES)
    delta = {str(GRAPH_INFERRED): 0, str(GRAPH_RULES): 0}
    for t_ in touched:
        where = {q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
                 for q in store.quads_for_pattern(t_.subject, t_.predicate, t_.object, None)}
        asserted = "" in where
        in_inf = not asserted and any(w.startswith(_INF_PREFIX) for w in where)
        in_rules = (not asserted and not in_inf and any(w.startswith(_RULES_PREFIX) for w in where))
        for graph, want in ((inf, in_inf), (rules, in_rules)):
            has = graph.value in where
            if want and not has:
                store.add(ox.Quad(*t_, graph))
                delta[graph.value] += 1
            elif has and not want:
                store.remove(ox.Quad(*t_, graph))
                delta[graph.value] -= 1
    return delta


def write_state_artefacts(state_dir: Path, out: Path, rr: RebuildReport,
                          timings: dict | None = None) -> Path:
    """The artefacts of a large build (as :mod:`kgtool.fastbuild`: ``graph.nq``,
    ``validation.json``, ``summary.json``; the small-build views removed) written straight
    from the native state: ``graph.nq`` is every asserted graph plus ``kgg:inferred`` and
    ``kgg:rules``, streamed out of Oxigraph graph by graph."""
    import io
    from dataclasses import asdict

    from .build import GENERATED_NOTE
    from .fastbuild import VIEW_ARTEFACTS
    from .fsutil import atomic_write, write_text_atomic
    from .stats import DocumentCounts

    state = _State(Path(state_dir))
    manifest = state.manifest()
    st = state.open()
    out.mkdir(parents=True, exist_ok=True)
    with atomic_write(out / "graph.nq", "wb") as fh:
        fh.write(GENERATED_NOTE.encode("utf-8"))
        for g in sorted((g for g in st.store.named_graphs()
                         if _ox_asserted(g.value) or g.value in (str(GRAPH_INFERRED), str(GRAPH_RULES))),
                        key=str):
            buf = io.BytesIO()
            st.store.dump(buf, format=ox.RdfFormat.N_TRIPLES, from_graph=g)
            fh.write(buf.getvalue().replace(b" .\n", f" {g} .\n".encode("utf-8")))
    for name in VIEW_ARTEFACTS:
        (out / name).unlink(missing_ok=True)
    write_text_atomic(out / "validation.json",
                      json.dumps(rr.report.to_dict(), ensure_ascii=False, indent=1) + "\n")
    sizes = manifest["sizes"]
    counts = [DocumentCounts(g, *row, sizes.get(g, 0)) for g, row in
              sorted(manifest["counts"].items(), key=lambda kv: kv[1][0])]
    summary = {
        "conforms": rr.conforms,
        "violations": len(rr.report.violations),
        "warnings": len(rr.report.warnings),
        "inferred_triples": rr.inferred,
        "rule_triples": rr.rule_triples,
        "reasoning_errors": rr.reasoning_errors,
        "reasoning_warnings": rr.reasoning_warnings,
        "reasoner": NATIVE,
        "backend": "oxigraph",
        "triples": sum(sizes.values()),
        "documents": [asdict(c) for c in counts],
        "sources": manifest.get("sources", {}),
        "incremental": {"full": rr.full, "reason": rr.reason,
                        "changed_graphs": [str(g) for g in rr.changed_graphs]},
        "timings_s": {k: round(v, 3) for k, v in (timings or rr.timings).items()},
    }
    write_text_atomic(out / "summary.json", json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    return out


def state_counts(state_dir: Path) -> tuple[list, int]:
    """(:class:`~kgtool.stats.DocumentCounts` per document graph, triples) of a native state,
    from its manifest (no query)."""
    from .stats import DocumentCounts

    manifest = _State(Path(state_dir)).manifest()
    sizes = manifest["sizes"]
    counts = [DocumentCounts(g, *row, sizes.get(g, 0)) for g, row in
              sorted(manifest["counts"].items(), key=lambda kv: kv[1][0])]
    return counts, sum(sizes.values())


def load_state(state_dir: Path) -> KnowledgeGraph:
    """The state's graphs as a :class:`KnowledgeGraph`, as a full build makes them: ontology,
    reference, documents, ``kgg:inferred`` and ``kgg:rules`` (merged), and the shapes.

    :raises InputError: there is no state in ``state_dir``.
    """
    state = _State(Path(state_dir))
    if not state.exists():
        raise InputError("no incremental build state found; run a rebuild first",
                         path=str(state_dir))
    manifest = state.manifest()
    st = state.open()
    kg = KnowledgeGraph()
    asserted = [GRAPH_ONTOLOGY, *_asserted_names(st)]
    for n in asserted:
        kg.replace_graph(n, st.triples(n))
    stated = [kg.graph(n) for n in asserted]
    inferred = _merged_graph(st, "inferred", stated)
    kg.replace_graph(GRAPH_INFERRED, inferred)
    kg.replace_graph(GRAPH_RULES, _merged_graph(st, "rules", stated + [inferred]))
    for t in st.triples(GRAPH_SHAPES):
        kg.shapes.add(t)
    kg.sources = {URIRef(k): [Path(p) for p in v] for k, v in manifest.get("sources", {}).items()}
    bind_prefixes(kg.dataset)
    return kg
