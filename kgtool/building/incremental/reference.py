"""The rdflib-mode state of :mod:`kgtool.building.incremental` (small graphs; reasoner ``owlrl`` or
``reasonable``): files loaded through rdflib, closures computed per source graph with the
project's reasoner (:mod:`.safety` says why that is exact), rules and validation on the
Oxigraph state store. :func:`load_state` gives the graphs a full build makes."""
from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import OWL, RDF

from kgtool.bilingual import Bilingual, in_lang
from kgtool.errors import InputError
from kgtool.rdf.graph import KnowledgeGraph, load_files, load_project
from kgtool.rdf.namespaces import (GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_REFERENCE, GRAPH_RULES,
                          GRAPH_SHAPES, bind_prefixes)
from kgtool.stores.oxigraph import from_ox, to_ox
from kgtool.reasoning.closure import load_rules
from kgtool.building.incremental.common import (INFERRED_BASE, RULES_BASE, RebuildReport, all_errors, derived_name,
                     sort_results)
from kgtool.building.incremental.derive import closure, merged_count, merged_graph, rules_count, run_rules
from kgtool.building.incremental.files import files_of as files_by_graph, graph_of, hash_files
from kgtool.building.incremental.safety import graph_unsafe, ontology_unsafe
from kgtool.building.incremental.state import STATE_VERSION, State, asserted_names, record_change
from kgtool.building.incremental.validation import CrossIndex, kept_results, pointing, validate_changed

__all__ = ["full", "incremental", "load_state"]


def full(project, state: State, reasoner, budget, why, glob_files, doc_files) -> RebuildReport:
    """Build the state from scratch (rdflib mode)."""
    from kgtool.validation.compiled import compile_shapes, validate_fast

    timings: dict[str, float] = {}
    t = time.perf_counter()
    kg = load_project(project)
    if not kg.document_graph_names():
        raise InputError("no document data found (expected files named NNN-*.ttl)",
                         path=str(project.data[0]))
    state.begin()
    asserted = [n for n in kg.graph_names() if n != GRAPH_ONTOLOGY]
    st = state.open(fresh=True)
    st.add_quads(kg.quads(kg.graph_names()))
    st.add_quads((s, p, o, GRAPH_SHAPES) for s, p, o in kg.shapes)
    reloaded = sum(len(kg.graph(n)) for n in asserted)
    timings["load"] = time.perf_counter() - t

    t = time.perf_counter()
    ontology = kg.ontology()
    unsafe = ontology_unsafe(ontology)
    transitive = set(ontology.subjects(RDF.type, OWL.TransitiveProperty))
    docs = kg.document_graph_names()
    for g in docs:
        unsafe = unsafe or graph_unsafe(kg.graph(g), transitive)
    errors: dict[str, list[str]] = {}
    base_names = asserted if unsafe else [n for n in asserted if n not in docs]
    # unsafe: one closure over everything, kept as the "base"
    base_inf, errs, warnings = closure(ontology, kg.union(base_names), GRAPH_REFERENCE,
                                       reasoner, budget)
    st.add_quads((s, p, o, INFERRED_BASE) for s, p, o in base_inf)
    if errs:
        errors["base"] = errs
    if not unsafe:
        for g in docs:
            inf, errs, _w = closure(ontology, kg.graph(g), g, reasoner, budget)
            st.add_quads((s, p, o, derived_name("inferred", g)) for s, p, o in inf
                         if (s, p, o) not in base_inf)
            if errs:
                errors[str(g)] = errs
    timings["reason"] = time.perf_counter() - t

    t = time.perf_counter()
    rules = load_rules(project.rules_dir)
    st.add_quads((s, p, o, RULES_BASE) for s, p, o in
                 run_rules(st, rules, [GRAPH_ONTOLOGY, INFERRED_BASE, *base_names]))
    if not unsafe:
        for g in docs:
            derived = run_rules(st, rules, [GRAPH_ONTOLOGY, GRAPH_REFERENCE, INFERRED_BASE, g,
                                            derived_name("inferred", g)])
            st.add_quads((s, p, o, derived_name("rules", g)) for s, p, o in derived)
    timings["rules"] = time.perf_counter() - t

    t = time.perf_counter()
    report = validate_fast(kg, shapes=kg.shapes, ontology=ontology, plan=compile_shapes(kg.shapes))
    timings["validate"] = time.perf_counter() - t

    t = time.perf_counter()
    inferred = merged_count(st, "inferred", asserted + [GRAPH_ONTOLOGY])
    rule_triples = rules_count(st, asserted + [GRAPH_ONTOLOGY])
    files, stats = hash_files(glob_files + doc_files)
    manifest = {"version": STATE_VERSION, "reasoner": reasoner, "project": str(project.root),
                "files": files, "stats": stats, "doc_files": sorted(str(p) for p in doc_files),
                "graphs": sorted(str(g) for g in asserted),
                "sources": {str(k): [str(p) for p in v] for k, v in kg.sources.items()},
                "errors": errors, "warnings": warnings, "rule_triples": rule_triples,
                "unsafe": unsafe}
    state.save(st, manifest, report.results)
    timings["save"] = time.perf_counter() - t
    timings["total"] = sum(timings.values())
    if unsafe:  # (the construct named in the ontology's terms)
        why = Bilingual(f"{why}; incremental reasoning disabled: {unsafe}",
                        f"{in_lang(why, 'zh')}；增量推理已停用：{unsafe}")
    return RebuildReport(True, sorted(asserted, key=str), reloaded, inferred, report,
                         timings, why, rule_triples, all_errors(errors), warnings)


def incremental(project, state: State, st, manifest, current, diff, reasoner, budget,
                timings) -> RebuildReport:
    """Reload, re-reason, re-apply rules to and re-validate the graphs of the files in
    ``diff`` (rdflib mode)."""
    from kgtool.validation.compiled import compile_shapes
    from kgtool.building.incremental.files import project_files

    t = time.perf_counter()
    graphs = {URIRef(g) for g in manifest["graphs"]}
    changed = sorted({graph_of(k) for k in diff}, key=str)
    files_of = files_by_graph(changed, current)
    staged = KnowledgeGraph()  # parse first (all or nothing), then replace
    reloaded = 0
    for g, files in files_of.items():
        if files:
            reloaded += load_files(staged, [Path(f) for f in files], graph=g)
    transitive = set(st.triples(GRAPH_ONTOLOGY).subjects(RDF.type, OWL.TransitiveProperty))
    for g in changed:
        why = graph_unsafe(staged.graph(g), transitive)
        if why:
            return full(project, state, reasoner, budget, why, *project_files(project))
    state.begin()
    old_subjects: set = set()
    for g in changed:
        old_subjects |= {from_ox(q.subject) for q in
                         st.store.quads_for_pattern(None, None, None, to_ox(g))}
    old_keys = CrossIndex(st, asserted_names(st), native=False).snapshot(old_subjects)
    for g in changed:
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
    for g in changed:
        inf_name = derived_name("inferred", g)
        st.remove_graph(inf_name)
        errors.pop(str(g), None)
        if not files_of[g]:
            continue
        inf, errs, _w = closure(ontology, staged.graph(g), g, reasoner, budget)
        st.add_quads((s, p, o, inf_name) for s, p, o in inf
                     if ox.Quad(to_ox(s), to_ox(p), to_ox(o), base_g) not in st.store)
        if errs:
            errors[str(g)] = errs
    timings["reason"] = time.perf_counter() - t

    t = time.perf_counter()
    rules = load_rules(project.rules_dir)
    for g in changed:
        rname = derived_name("rules", g)
        st.remove_graph(rname)
        if files_of[g]:
            derived = run_rules(st, rules, [GRAPH_ONTOLOGY, GRAPH_REFERENCE, INFERRED_BASE, g,
                                            derived_name("inferred", g)])
            st.add_quads((s, p, o, rname) for s, p, o in derived)
    timings["rules"] = time.perf_counter() - t

    t = time.perf_counter()
    data_graphs = asserted_names(st)
    shapes = st.triples(GRAPH_SHAPES)
    new_subjects = {s for g in changed if files_of[g] for s in staged.graph(g).subjects()}
    focus = old_subjects | new_subjects
    focus |= pointing(st, data_graphs, focus)
    index = CrossIndex(st, data_graphs, native=False)
    cross = index.to_check(focus, old_keys, index.snapshot(focus))
    fresh = validate_changed(st, shapes, compile_shapes(shapes), data_graphs, focus, cross)
    report = sort_results(kept_results(state.results(), focus, cross) + fresh)
    timings["validate"] = time.perf_counter() - t

    t = time.perf_counter()
    asserted = data_graphs + [GRAPH_ONTOLOGY]
    inferred = merged_count(st, "inferred", asserted)
    rule_triples = rules_count(st, asserted)
    record_change(manifest, current, graphs, files_of, errors)
    manifest["rule_triples"] = rule_triples
    state.save(st, manifest, report.results)
    timings["save"] = time.perf_counter() - t
    timings["total"] = sum(timings.values())
    return RebuildReport(False, changed, reloaded, inferred, report, timings, "",
                         rule_triples, all_errors(errors), manifest.get("warnings", []),
                         len(focus))


def load_state(state_dir: Path) -> KnowledgeGraph:
    """The state's graphs as a :class:`KnowledgeGraph`, as a full build makes them: ontology,
    reference, documents, ``kgg:inferred`` and ``kgg:rules`` (merged), and the shapes.

    :raises InputError: there is no state in ``state_dir``.
    """
    state = State(Path(state_dir))
    if not state.exists():
        raise InputError("no incremental build state found; run a rebuild first",
                         path=str(state_dir))
    manifest = state.manifest()
    st = state.open()
    kg = KnowledgeGraph()
    asserted = [GRAPH_ONTOLOGY, *asserted_names(st)]
    for n in asserted:
        kg.replace_graph(n, st.triples(n))
    stated = [kg.graph(n) for n in asserted]
    inferred = merged_graph(st, "inferred", stated)
    kg.replace_graph(GRAPH_INFERRED, inferred)
    kg.replace_graph(GRAPH_RULES, merged_graph(st, "rules", stated + [inferred]))
    for t in st.triples(GRAPH_SHAPES):
        kg.shapes.add(t)
    kg.sources = {URIRef(k): [Path(p) for p in v] for k, v in manifest.get("sources", {}).items()}
    bind_prefixes(kg.dataset)
    return kg
