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

STATE_VERSION = 1
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

    @property
    def conforms(self) -> bool:
        return bool(self.report.conforms) and not self.reasoning_errors


# --------------------------------------------------------------------------- files
def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


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
        tmp = self.dir / "manifest.json.tmp"
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        tmp.replace(self.manifest_path)


def _asserted_names(st: OxigraphStore) -> list[URIRef]:
    """Data graphs of the state store (reference, documents, file-*): no ontology/derived."""
    return [n for n in st.graph_names()
            if n not in (GRAPH_ONTOLOGY, GRAPH_SHAPES, GRAPH_INFERRED, GRAPH_RULES)
            and not str(n).startswith((str(KGG) + "inferred-", str(KGG) + "rules-"))]


def _derived_names(st: OxigraphStore, kind: str) -> list[URIRef]:
    return [n for n in st.graph_names() if str(n).startswith(f"{KGG}{kind}-")]


def _resolve_reasoner(reasoner: str) -> str:
    if reasoner not in REASONERS:
        raise InputError(f"unknown reasoner {reasoner!r}; choose one of {', '.join(REASONERS)}")
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


def _sort(results: list[ValidationResult]) -> ValidationReport:
    order = {s: i for i, s in enumerate(SEVERITIES)}
    results = sorted(results, key=lambda r: (order.get(r.severity, 9), str(r.focus_node),
                                             r.shape_name, str(r.path), str(r.value)))
    return ValidationReport(conforms=not any(r.severity == "Violation" for r in results),
                            results=results)


def _validate_incremental(st, shapes, plan, data_graphs, focus: set) -> list[ValidationResult]:
    """Results of ``focus`` (all shapes but the cross-document ones) and of the cross-document
    shapes over every target."""
    from .fastvalidate import FastPlan, validate_fast

    out: list[ValidationResult] = []
    if focus:
        ctx = _context_store(st, data_graphs, focus)
        rep = validate_fast(ctx, shapes=shapes, plan=plan, focus_nodes=focus)
        out += [r for r in rep.results if r.shape not in CROSS_SHAPES]
    cross = FastPlan(queries=[q for q in plan.queries if q.shape in CROSS_SHAPES],
                     focus=plan.focus, fallback=set(), shapes=plan.shapes)
    if cross.queries:
        targets = _targets(st, data_graphs)
        ctx = _context_store(st, data_graphs, targets, [KGT.partOf])
        rep = validate_fast(ctx, shapes=shapes, plan=cross, focus_nodes=targets)
        out += [r for r in rep.results if r.shape in CROSS_SHAPES]
    return out


# --------------------------------------------------------------------------- rebuild
def rebuild(project: Project, *, state_dir: Path | None = None,
            changed: list[Path] | None = None, reasoner: str = "auto",
            budget: ReasoningBudget = ReasoningBudget()) -> RebuildReport:
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
    :param reasoner: ``auto``, ``owlrl`` or ``reasonable`` (as :func:`kgtool.build.build`).
    :param budget: reasoning limits per closure.
    :returns: a :class:`RebuildReport`.
    :raises InputError: a file does not parse (the state is left as it was).
    """
    state = _State(Path(state_dir) if state_dir is not None else project.build / "state")
    reasoner = _resolve_reasoner(reasoner)
    glob_files, doc_files = _project_files(project)
    if not state.exists():
        return _full(project, state, reasoner, budget, "no state yet", glob_files, doc_files)
    manifest = state.manifest()
    if manifest.get("version") != STATE_VERSION:
        return _full(project, state, reasoner, budget, "state from another kgtool version",
                     glob_files, doc_files)
    if manifest.get("reasoner") != reasoner:
        return _full(project, state, reasoner, budget,
                     f"reasoner changed ({manifest.get('reasoner')} → {reasoner})",
                     glob_files, doc_files)
    if manifest.get("unsafe"):
        return _full(project, state, reasoner, budget, manifest["unsafe"], glob_files, doc_files)
    t0 = time.perf_counter()
    old = manifest["files"]
    if changed is None:
        current = {str(p): _sha256(p) for p in glob_files + doc_files}
    else:
        current = dict(old)
        for p in changed:
            p = Path(p).resolve()
            if p.is_file():
                current[str(p)] = _sha256(p)
            else:
                current.pop(str(p), None)
    diff = {k for k in set(old) | set(current) if old.get(k) != current.get(k)}
    known_docs = {str(p) for p in doc_files} | set(manifest["doc_files"])
    glob_diff = sorted(k for k in diff if k not in known_docs)
    if glob_diff:
        return _full(project, state, reasoner, budget,
                     f"{Path(glob_diff[0]).name} changed (ontology, shapes, rules or reference "
                     "data)" + (f" and {len(glob_diff) - 1} more" if len(glob_diff) > 1 else ""),
                     glob_files, doc_files)
    timings = {"detect": time.perf_counter() - t0}
    st = state.open()
    data_graphs = _asserted_names(st)
    if not diff:
        report = _sort(state.results())
        return RebuildReport(False, [], 0, _merged_count(st, "inferred", data_graphs + [GRAPH_ONTOLOGY]),
                             report, timings, "", manifest.get("rule_triples", 0),
                             sorted({e for v in manifest["errors"].values() for e in v}),
                             manifest.get("warnings", []))
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
    kept = [r for r in state.results() if r.focus_node not in focus and r.shape not in CROSS_SHAPES]
    fresh = _validate_incremental(st, shapes, plan, data_graphs, focus)
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
    files = {str(p): _sha256(p) for p in glob_files + doc_files}
    manifest = {"version": STATE_VERSION, "reasoner": reasoner, "project": str(project.root),
                "files": files, "doc_files": sorted(str(p) for p in doc_files),
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
