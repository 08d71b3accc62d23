"""The Oxigraph-native state of :mod:`kgtool.building.incremental` (large graphs; reasoner ``sparql``,
which ``auto`` picks when the backend resolves to Oxigraph for the project's estimated size,
as ``kgtool build`` does).

The state is kept the way :class:`kgtool.engines.oxigraph_engine.OxigraphEngine` builds: files parsed by Oxigraph (canonical
literal forms, no restore map), the store's default graph holding exactly the asserted union
(ontology + data, so the cross-document keys and ``kgg:inferred`` − asserted are read inside
Oxigraph), per-source derived graphs plus the merged ``kgg:inferred`` and ``kgg:rules`` kept up
to date for the triples a change touches (:func:`~.native_steps.remerge`). A document's
closure is computed with the ontology's OWL RL rules compiled to SPARQL updates
(:mod:`kgtool.reasoning.sparql_rules`, compiled once and kept in the manifest) on a scratch store holding
that document only. The manifest also keeps the document-counts rows and graph sizes, and
``graph.nq`` is kept in pieces (:mod:`.nquads`), so :func:`write_state_artefacts` reads
nothing from the store. ``tests/test_incremental.py`` compares these artefacts with
:class:`kgtool.engines.oxigraph_engine.OxigraphEngine` on a synthetic corpus before and after a change.
"""
from __future__ import annotations

import json
import pickle
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kgtool.bilingual import Bilingual, in_lang
from kgtool.errors import InputError
from kgtool.building.faults import fault_point
from kgtool.fsutil import write_bytes_atomic, write_text_atomic, write_text_if_changed
from kgtool.rdf.graph import graph_name_for
from kgtool.rdf.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_REFERENCE, GRAPH_RULES, GRAPH_SHAPES
from kgtool.stores.oxigraph import OxigraphStore, from_ox, to_ox
from kgtool.reasoning.closure import load_rules
from kgtool.building.incremental.common import (DOC_PREFIX, INFERRED_BASE, NATIVE, RULES_BASE, RebuildReport,
                     all_errors, derived_name, is_asserted, sort_results)
from kgtool.building.incremental.derive import run_rules
from kgtool.building.incremental.files import files_of as files_by_graph, graph_of, hash_files, project_files
from kgtool.building.incremental.native_steps import (DFLT, count_rows, doc_closure, merge_native, native_plan, owned_name,
                           put, remerge, same_blank_nodes, triple)
from kgtool.building.incremental.nquads import piece_name, pieces_of, update_pieces, write_all_pieces, write_graph_nq
from kgtool.building.incremental.safety import doc_unsafe_native, ontology_unsafe
from kgtool.building.incremental.state import STATE_VERSION, State, manifest_counts, record_change
from kgtool.building.incremental.validation import CrossIndex, kept_results, pointing, validate_changed

__all__ = ["full", "incremental", "write_state_artefacts"]


def full(project, state: State, reasoner, budget, why, glob_files, doc_files) -> RebuildReport:
    """The first build of a large graph's state, the way :class:`kgtool.engines.oxigraph_engine.OxigraphEngine`
    builds: files parsed by Oxigraph, validation compiled to SPARQL, OWL RL compiled to SPARQL
    updates, all in a memory store that is then written as ``graph.nq`` pieces and
    bulk-copied to ``state/store``."""
    from kgtool.validation.compiled import compile_shapes, validate_fast
    from kgtool.building.artefacts import store_graph_sizes as graph_sizes
    from kgtool.stores.oxigraph_load import materialise_union, project_files as load_order
    from kgtool.reasoning.sparql_rules import reason_store, unsupported_constructs
    from kgtool.rdf.parse import load_file_into, parse_files

    timings: dict[str, float] = {}
    t = time.perf_counter()
    onto, shape_files, data = load_order(project)
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
    docs = [n for n in names if str(n).startswith(DOC_PREFIX)]
    if not docs:
        raise InputError("no document data found (expected files named NNN-*.ttl)",
                         path=str(project.data[0]))
    timings["load"] = time.perf_counter() - t

    t = time.perf_counter()
    report = validate_fast(mem, shapes=shapes, union_is_asserted=True)
    timings["validate"] = time.perf_counter() - t

    t = time.perf_counter()
    unsupported = unsupported_constructs(mem)
    unsafe = ontology_unsafe(mem.triples(GRAPH_ONTOLOGY))
    if unsupported and not unsafe:
        unsafe = f"the compiled OWL RL rules do not cover {unsupported[0]}"
    plan = native_plan(mem, budget) if not unsafe else {}
    if not unsafe:
        unsafe = doc_unsafe_native(mem.store, [to_ox(g) for g in docs], plan["transitive"])
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
    put(mem.store, base_g,
        (q.triple for q in base.store.quads_for_pattern(None, None, None, to_ox(GRAPH_INFERRED))))
    del base
    if not unsafe:
        for g in docs:
            inf, errs = doc_closure(mem.store.quads_for_pattern(None, None, None, to_ox(g)),
                                    plan, budget)
            put(mem.store, to_ox(derived_name("inferred", g)),
                (t_ for t_ in inf if ox.Quad(*t_, base_g) not in mem.store))
            if errs:
                errors[str(g)] = errs
    timings["reason"] = time.perf_counter() - t

    t = time.perf_counter()
    rules = load_rules(project.rules_dir)
    put(mem.store, to_ox(RULES_BASE),
        (triple(t_) for t_ in run_rules(mem, rules, [GRAPH_ONTOLOGY, INFERRED_BASE, *base_names])))
    if not unsafe:
        for g in docs:
            derived = run_rules(mem, rules, [GRAPH_ONTOLOGY, GRAPH_REFERENCE, INFERRED_BASE, g,
                                             derived_name("inferred", g)])
            put(mem.store, to_ox(derived_name("rules", g)), (triple(t_) for t_ in derived))
    merged = merge_native(mem.store)
    timings["rules"] = time.perf_counter() - t

    t = time.perf_counter()
    counts = count_rows(mem)
    sizes = {g: n for g, n in graph_sizes(mem).items() if is_asserted(g)}
    sizes.update(merged)
    state.begin()
    st = state.open(fresh=True)
    pieces = write_all_pieces(mem.store, state, [str(GRAPH_ONTOLOGY), *map(str, names)])
    timings["pieces"] = time.perf_counter() - t
    t = time.perf_counter()
    st.store.bulk_extend(mem.store.quads_for_pattern(None, None, None, None))
    st.store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(GRAPH_SHAPES))
                         for s, p, o in shapes)
    del mem
    files, stats = hash_files(glob_files + doc_files)
    manifest = {"version": STATE_VERSION, "reasoner": reasoner, "project": str(project.root),
                "files": files, "stats": stats, "doc_files": sorted(str(p) for p in doc_files),
                "graphs": sorted(str(g) for g in names), "sources": sources,
                "errors": errors, "warnings": warnings, "unsafe": unsafe, "plan": plan,
                "counts": counts, "sizes": sizes, "rules": [r.text for r in rules],
                "inferred": sizes.get(str(GRAPH_INFERRED), 0),
                "rule_triples": sizes.get(str(GRAPH_RULES), 0), "pieces": pieces}
    write_bytes_atomic(state.dir / "shapes.pickle", pickle.dumps((shapes, compile_shapes(shapes))))
    state.save(st, manifest, report.results)
    timings["save"] = time.perf_counter() - t
    timings["total"] = sum(timings.values())
    if unsafe:  # (the construct named in the ontology's terms)
        why = Bilingual(f"{why}; incremental reasoning disabled: {unsafe}",
                        f"{in_lang(why, 'zh')}；增量推理已停用：{unsafe}")
    return RebuildReport(True, sorted(names, key=str), sum(sizes.get(str(n), 0) for n in names),
                         manifest["inferred"], sort_results(report.results), timings, why,
                         manifest["rule_triples"], all_errors(errors), warnings, native=True)


def incremental(project, state: State, st: OxigraphStore, manifest: dict, current: dict,
                diff: set, budget, timings: dict, graph_nq: Path | None = None
                ) -> RebuildReport:
    """Reload, re-reason, re-apply rules to and re-validate the graphs of the files in
    ``diff`` on the native state. Only the triples that differ between the old and the new
    version of a graph (asserted, inferred, rules) are written, and only they, their subjects
    and the nodes and targets that reach them are looked at again; nothing goes through
    rdflib but the rules' output and the validation context.

    :param graph_nq: where to write ``graph.nq`` (:func:`write_state_artefacts`), started as
        soon as its pieces are updated (:attr:`RebuildReport.graph_nq`)."""
    from kgtool.rdf.parse import load_file_into

    store = st.store
    t = time.perf_counter()
    graphs = {URIRef(g) for g in manifest["graphs"]}
    changed = sorted({graph_of(k) for k in diff}, key=str)
    files_of = files_by_graph(changed, current)
    staged = ox.Store()  # parse everything first: all or nothing
    for g, files in files_of.items():
        for f in files:
            load_file_into(staged, f, to_ox(g))
    plan = manifest["plan"]
    why = doc_unsafe_native(staged, [to_ox(g) for g in changed], plan["transitive"])
    if why:
        return full(project, state, NATIVE, budget, why, *project_files(project))
    new, edits, described = {}, {}, set()
    for g in changed:
        old = {q.triple for q in store.quads_for_pattern(None, None, None, to_ox(g))}
        new[g] = same_blank_nodes(
            {q.triple for q in staged.quads_for_pattern(None, None, None, to_ox(g))}, old)
        edits[g] = (new[g] - old, old - new[g])
        described |= {t_.subject for t_ in old | new[g]}
    del staged
    added = {t_ for a, _r in edits.values() for t_ in a}
    removed = {t_ for _a, r in edits.values() for t_ in r}
    subjects = {t_.subject for t_ in added | removed}
    old_keys = CrossIndex(st, [], native=True).snapshot(subjects)
    # graph.nq: the pieces this change cannot rewrite are copied (by the kernel, no GIL held)
    # while the rebuild works; the rest once they are known (write_state_artefacts waits)
    final: Future | None = None
    writing = None
    if graph_nq:
        own = set().union(*(pieces_of(str(g)) for g in changed))
        final = Future()
        writing = graph_nq_in_background(
            state, [p_ for p_ in manifest["pieces"] if p_ not in own], graph_nq, rest=final)
    try:
        state.begin()
        for g in changed:
            _apply(store, to_ox(g), *edits[g])
            (graphs.add if new[g] else graphs.discard)(g)
        # the default graph stays the union of the asserted graphs
        store.extend(ox.Quad(*t_, DFLT) for t_ in added)
        for t_ in removed:
            if not any(is_asserted(q.graph_name.value) for q in
                       store.quads_for_pattern(t_.subject, t_.predicate, t_.object, None)
                       if isinstance(q.graph_name, ox.NamedNode)):
                store.remove(ox.Quad(*t_, DFLT))
        touched = added | removed  # triples whose place in kgg:inferred / kgg:rules may change
        timings["load"] = time.perf_counter() - t

        t = time.perf_counter()
        errors = dict(manifest["errors"])
        base_g = to_ox(INFERRED_BASE)
        for g in changed:
            errors.pop(str(g), None)
            inf: set = set()
            if new[g]:
                found, errs = doc_closure((ox.Quad(*t_, DFLT) for t_ in new[g]), plan, budget)
                inf = {t_ for t_ in found if ox.Quad(*t_, base_g) not in store}
                if errs:
                    errors[str(g)] = errs
            name = to_ox(derived_name("inferred", g))
            touched |= _apply(store, name, *_diff(store, name, inf))
        timings["reason"] = time.perf_counter() - t

        t = time.perf_counter()
        # the rules are those of the full build (a change to them makes a full rebuild)
        rules = [SimpleNamespace(text=text) for text in manifest["rules"]]
        for g in changed:
            derived = set()
            if new[g]:
                derived = {triple(t_) for t_ in
                           run_rules(st, rules, [GRAPH_ONTOLOGY, GRAPH_REFERENCE, INFERRED_BASE, g,
                                                 derived_name("inferred", g)])}
            name = to_ox(derived_name("rules", g))
            touched |= _apply(store, name, *_diff(store, name, derived))
        delta, dirty = remerge(store, touched)
        for g in changed:  # a removed document's graphs are empty now: drop their names too
            if not new[g]:
                store.remove_graph(to_ox(g))
                for name in (str(derived_name(k, g)) for k in ("inferred", "rules")):
                    store.remove_graph(ox.NamedNode(name))
                    store.remove_graph(ox.NamedNode(owned_name(name)))
        timings["rules"] = time.perf_counter() - t

        t = time.perf_counter()
        rewrite = [str(g) for g in changed if any(edits[g])] + sorted(dirty)
        manifest["pieces"] = update_pieces(store, state, manifest["pieces"], rewrite)
        if final is not None:
            final.set_result((manifest["pieces"], {piece_name(g_) for g_ in rewrite}))
        timings["pieces"] = time.perf_counter() - t

        t = time.perf_counter()
        data_graphs = sorted(graphs, key=str)
        shapes, fplan = pickle.loads((state.dir / "shapes.pickle").read_bytes())
        # whose results can change: the subjects of changed triples, the nodes that reach them
        # (two hops back), the nodes of the changed graphs these point to (value nodes: their
        # results quote their fact), and objects that shapes target
        focus = {from_ox(n) for n in subjects}
        focus |= pointing(st, data_graphs, focus)
        focus |= {from_ox(q.object) for n in focus
                  for q in store.quads_for_pattern(to_ox(n), None, None, DFLT)
                  if q.object in described}
        focus |= _objects_as_targets(shapes, added | removed)
        index = CrossIndex(st, data_graphs, native=True)
        cross = index.to_check(focus, old_keys, index.snapshot(focus))
        fresh = validate_changed(st, shapes, fplan, data_graphs, focus, cross, native=True)
        report = sort_results(kept_results(state.results(), focus, cross) + fresh)
        timings["validate"] = time.perf_counter() - t

        t = time.perf_counter()
        counts, sizes = manifest["counts"], manifest["sizes"]
        for g in changed:
            if not any(edits[g]):
                continue
            counts.pop(str(g), None)
            sizes.pop(str(g), None)
            if new[g]:
                counts.update(count_rows(st, g))
                sizes[str(g)] = len(new[g])
        for k, d in delta.items():
            sizes[k] = sizes.get(k, 0) + d
        manifest.update(counts=counts, sizes=sizes, inferred=sizes.get(str(GRAPH_INFERRED), 0),
                        rule_triples=sizes.get(str(GRAPH_RULES), 0))
        record_change(manifest, current, graphs, files_of, errors)
        state.save(st, manifest, report.results, flush=False)
        timings["save"] = time.perf_counter() - t
        timings["total"] = sum(timings.values())
        return RebuildReport(False, changed, sum(len(v) for v in new.values()),
                             manifest["inferred"],
                             report, timings, "", manifest["rule_triples"], all_errors(errors),
                             manifest.get("warnings", []), len(focus), native=True,
                             graph_nq=writing)
    except BaseException as exc:
        if final is not None and not final.done():
            final.set_exception(exc)  # the writer drops its temporary file
        raise


def graph_nq_in_background(state: State, pieces: list[str], path: Path, *,
                           rest: Future | None = None) -> Future:
    """Start writing ``graph.nq`` at ``path`` from ``pieces`` (then ``rest``, see
    :func:`~.nquads.write_graph_nq`) in a thread; its future."""
    from kgtool.building.artefacts import GENERATED_NOTE

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="graph-nq")
    future = pool.submit(write_graph_nq, state, list(pieces), Path(path), GENERATED_NOTE,
                         rest=rest)
    pool.shutdown(wait=False)  # the task runs on; the interpreter waits for it at exit
    return future


def _diff(store: ox.Store, graph, new: set) -> tuple[set, set]:
    """(triples of ``new`` not in ``graph`` of ``store``, triples of ``graph`` not in ``new``)."""
    old = {q.triple for q in store.quads_for_pattern(None, None, None, graph)}
    return new - old, old - new


def _apply(store: ox.Store, graph, added: set, removed: set) -> set:
    """Add ``added`` to and remove ``removed`` from ``graph``; returns both."""
    put(store, graph, added)
    for t_ in removed:
        store.remove(ox.Quad(*t_, graph))
    return added | removed


def _objects_as_targets(shapes, triples: set) -> set:
    """Objects of ``triples`` whose results they can change: those of the predicates of
    ``sh:targetObjectsOf`` and ``sh:inversePath`` in ``shapes``."""
    from rdflib.namespace import SH

    preds = {to_ox(p) for p in (*shapes.objects(None, SH.targetObjectsOf),
                                *shapes.objects(None, SH.inversePath))
             if isinstance(p, URIRef)}
    return {from_ox(t_.object) for t_ in triples
            if t_.predicate in preds and not isinstance(t_.object, ox.Literal)}


def write_state_artefacts(state_dir: Path, out: Path, rr: RebuildReport,
                          timings: dict | None = None) -> Path:
    """The artefacts of a large build (as :class:`kgtool.engines.oxigraph_engine.OxigraphEngine`: ``graph.nq``,
    ``validation.json``, ``summary.json``; the small-build views removed) written from the
    native state: ``graph.nq`` is the concatenation of its pieces (:mod:`.nquads`).

    :raises InputError: the state has no ``graph.nq`` pieces (not a native state).
    """
    from dataclasses import asdict

    from kgtool.building.artefacts import GENERATED_NOTE
    from kgtool.building.artefacts import VIEW_ARTEFACTS

    state = State(Path(state_dir))
    manifest = state.manifest()
    if "pieces" not in manifest:
        raise InputError("the incremental state has no graph.nq pieces (not a large-graph "
                         "state); run `kgtool build --incremental` again", path=str(state_dir))
    out.mkdir(parents=True, exist_ok=True)
    if rr.graph_nq is not None and rr.graph_nq.result() == out / "graph.nq":
        pass  # written while the rebuild validated (raises what the writer raised)
    else:
        write_graph_nq(state, manifest["pieces"], out / "graph.nq", GENERATED_NOTE)
    fault_point("artefact-written")
    for name in VIEW_ARTEFACTS:
        (out / name).unlink(missing_ok=True)
    write_text_if_changed(out / "validation.json",  # unchanged by most edits
                          json.dumps(rr.report.to_dict(), ensure_ascii=False, indent=1) + "\n")
    counts, triples = manifest_counts(manifest)
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
        "triples": triples,
        "documents": [asdict(c) for c in counts],
        "sources": manifest.get("sources", {}),
        "incremental": {"full": rr.full, "reason": rr.reason,
                        "changed_graphs": [str(g) for g in rr.changed_graphs]},
        "timings_s": {k: round(v, 3) for k, v in (timings or rr.timings).items()},
    }
    write_text_atomic(out / "summary.json", json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    fault_point("artefact-written")
    return out
