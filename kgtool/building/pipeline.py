"""``kgtool build``: the one build orchestrator, for every engine, full and incremental.

A full build runs the same steps whatever the engine (:mod:`kgtool.engines`): load, check
the input (:mod:`kgtool.building.input_checks`), validate the asserted data, reason, apply
the rules, write the graph files and the query store, write the reports last. An incremental
build (``incremental=True``) updates a copy of the previous generation's state
(:mod:`kgtool.building.incremental`) and lets the engine write the artefacts from it.

Either way the build writes a whole new generation of the build directory and switches to it
in one atomic step (:mod:`kgtool.building.generations`; ``build/graph.nq`` etc. are fixed
links through ``build/current``), under the directory's build lock
(:mod:`kgtool.building.lock`). Read commands open the generation's query store
(:func:`open_build`), never the build's files.
"""
from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Callable

from kgtool.bilingual import Bilingual
from kgtool.building.artefacts import GENERATED_NOTE, load_build, write_graph, write_reports
from kgtool.building.faults import fault_point
from kgtool.building.result import BuildResult
from kgtool.errors import InputError
from kgtool.project import Project
from kgtool.reasoning.closure import ReasoningBudget

__all__ = ["BuildResult", "build", "publish", "load_build", "open_build", "build_size",
           "build_engine", "open_generation_store", "GENERATED_NOTE", "write_graph"]


def build_engine(project: Project, backend: str = "auto", reasoner: str = "auto"):
    """The engine a build of ``project`` runs on (``auto``: by the estimated triples of its
    files, :func:`kgtool.engines.choose_engine`)."""
    from kgtool.engines.selection import choose_engine
    from kgtool.stores.oxigraph_load import estimate_triples

    return choose_engine(backend, size=lambda: estimate_triples(project), reasoner=reasoner)


def build(project: Project, *, out_dir: Path | None = None, write: bool = True,
          budget: ReasoningBudget = ReasoningBudget(), reasoner: str = "auto",
          validate: bool = True, backend: str = "auto", progress: Callable[[str], None] | None = None,
          wait: bool = False, incremental: bool = False) -> BuildResult:
    """Build the graph of a project.

    :param project: where ontology, shapes, rules and data are.
    :param out_dir: the build directory (default ``project.build``).
    :param write: write a generation (False for a dry run in memory).
    :param budget: reasoning limits.
    :param reasoner: ``auto``, ``owlrl`` (reference), ``reasonable`` (fast, refused on
        constructs it is not exact on), ``sparql`` (the ontology compiled to SPARQL on
        Oxigraph).
    :param validate: run SHACL validation (needed to write a generation).
    :param backend: ``rdflib``, ``oxigraph`` or ``auto`` (by size, :mod:`kgtool.engines`).
    :param progress: called with a short message before each step.
    :param wait: when another build holds the build directory, wait for it (else fail).
    :param incremental: reuse the previous generation's state: reload, re-reason and
        re-validate only the changed documents (:attr:`BuildResult.rebuild` says what and why).
    :returns: a :class:`BuildResult`; non-conformance is reported in it, not raised.
    :raises InputError: when a file does not parse.
    :raises SecurityError: when a shapes, rule or named-query file uses SERVICE, FROM or LOAD.
    :raises ReasoningError: when reasoning exceeds its budget, or ``reasonable`` is asked for
        on a construct it is not exact on.
    :raises kgtool.building.lock.BuildLockedError: another build runs and ``wait`` is false.
    """
    from kgtool.sparql.safety import check_project_files

    check_project_files(project)  # SERVICE/FROM/LOAD in shapes, rules, queries: refused now
    engine = build_engine(project, backend, reasoner)
    say = progress or (lambda msg: None)
    if incremental:
        return publish(project, out_dir, wait, progress,
                       lambda gen: _run_incremental(engine, project, gen, budget, say),
                       incremental=True)
    if write and validate:
        return publish(project, out_dir, wait, progress,
                       lambda gen: _run(engine, project, gen.dir, budget, validate, say))
    return _run(engine, project, None, budget, validate, say)


def publish(project: Project, out_dir: Path | None, wait: bool,
            progress: Callable[[str], None] | None, run, **info) -> BuildResult:
    """Run ``run(generation)`` (a build writing its artefacts and store into the
    :class:`~kgtool.building.generations.GenerationWriter`'s directory) under the build lock
    of ``out_dir`` and make its generation current. Nothing changes in the build directory
    when ``run`` raises or writes nothing (``out_dir`` of its result None)."""
    from kgtool.building.generations import (GenerationWriter, previous_sources,
                                             project_sources, source_roots)

    say = progress or (lambda msg: None)
    sources = project_sources(project, previous_sources(out_dir or project.build))
    # (taken before reading: an edit made during the build shows as a change)
    with GenerationWriter(out_dir or project.build, wait=wait,
                          on_wait=lambda pid: say(Bilingual(f"waiting for the build of pid {pid}",
                                                             f"等待进程 {pid} 的构建完成"))) as gen:
        result = run(gen)
        if result.out_dir is None:
            return result
        gen.commit(sources, triples=result.triples, source_roots=source_roots(project), **info)
        result.out_dir, result.generation = gen.build_dir, gen.dir
    return result


def _run(engine, project: Project, out: Path | None, budget: ReasoningBudget, validate: bool,
         say: Callable[[str], None]) -> BuildResult:
    """A full build on ``engine``; writes its artefacts and store into ``out`` when given."""
    from kgtool.building.input_checks import input_warnings
    from kgtool.rdf.namespaces import KGG

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    say(Bilingual(f"loading ontology, shapes and data ({engine.name})",
                  f"加载本体、约束和数据（{engine.name}）"))
    loaded = engine.load(project)
    if not any(str(g).startswith(str(KGG) + "doc-") for g in loaded.graph.graph_names()):
        raise InputError(Bilingual("no document data found (expected files named NNN-*.ttl)",
                                   "未找到文件数据（应为名为 NNN-*.ttl 的文件）"),
                         path=str(project.data[0]))
    suspicious = input_warnings(project, loaded.store)
    timings["load"] = time.perf_counter() - t0
    report = None
    t = time.perf_counter()
    if validate:
        say(Bilingual("validating (SHACL)", "验证（SHACL）"))
        report = engine.validate(loaded)
    timings["validate"] = time.perf_counter() - t
    t = time.perf_counter()
    say(Bilingual("reasoning (OWL 2 RL)", "推理（OWL 2 RL）"))
    rr = engine.reason(loaded, budget)
    timings["reason"] = time.perf_counter() - t
    t = time.perf_counter()
    say(Bilingual("applying rules", "应用规则"))
    rule_triples = engine.apply_rules(loaded, project.rules_dir)
    timings["rules"] = time.perf_counter() - t
    result = BuildResult(report=report, inferred=rr.inferred, rule_triples=rule_triples,
                         reasoning_errors=rr.errors, reasoning_warnings=rr.warnings,
                         timings=timings, sources=loaded.sources, reasoner=rr.engine,
                         backend=engine, loaded=loaded, input_warnings=suspicious,
                         **engine.result_graphs(loaded))
    if out is not None and report is not None:
        engine.write(result, out, say)
        result.out_dir = out
    timings["total"] = time.perf_counter() - t0
    if result.out_dir is not None:
        write_reports(result, out, reasoner=result.reasoner, backend=engine.name)  # last: every timing
    return result


def _run_incremental(engine, project: Project, gen, budget: ReasoningBudget,
                     say: Callable[[str], None]) -> BuildResult:
    """An incremental build into the generation ``gen``: the previous generation's state is
    copied (:func:`~kgtool.building.incremental.state.copy_state`: immutable files
    hard-linked) and only the copy is updated, so a crash, a full disk or a damaged update
    never changes the current generation. A state store that RocksDB reports as damaged
    (``Corruption: block checksum mismatch`` …) is never used: the message says so in one
    line and the state is rebuilt from the source files."""
    from kgtool.building.incremental import rebuild
    from kgtool.building.incremental.state import State, copy_state
    from kgtool.building.query_store import is_corruption

    state_dir = gen.dir / "state"
    t = time.perf_counter()
    if gen.previous is not None and State(gen.previous / "state").exists():
        copy_state(gen.previous / "state", state_dir)
    copied = time.perf_counter() - t
    fault_point("state-copied")
    state = State(state_dir)

    def run():
        return rebuild(project, state_dir=state_dir, reasoner=engine.incremental_reasoner,
                       budget=budget, graph_nq=gen.dir / "graph.nq")

    try:
        try:
            rr = run()
        except (OSError, RuntimeError) as exc:  # pyoxigraph reports RocksDB's both ways
            if not is_corruption(exc):
                raise
            detail = " ".join(str(exc).split())[:300]
            say(Bilingual(f"incremental state corrupted ({detail}); rebuilding it from the "
                          "source files", f"增量状态已损坏（{detail}）；从源文件重建"))
            state.close()
            shutil.rmtree(state_dir, ignore_errors=True)
            rr = run()
            rr.reason = Bilingual("the previous state was corrupted", "先前的增量状态已损坏")
        timings = dict(rr.timings)
        timings["copy-state"] = copied
        timings["rebuild"] = timings.pop("total", sum(rr.timings.values()))
        result = engine.write_incremental(state_dir, gen.dir, gen.previous, rr, timings, say)
    finally:
        state.close()
    timings["total"] = sum(timings.get(k, 0.0) for k in ("copy-state", "rebuild", "write",
                                                         "store"))
    result.out_dir = gen.dir
    return result


def build_size(build_dir: Path) -> int:
    """Triples of the last build (from ``summary.json``; 0 when there is none)."""
    from kgtool.building.generations import current_generation

    base = current_generation(Path(build_dir)) or Path(build_dir)
    try:
        return int(json.loads((base / "summary.json").read_text("utf-8"))["triples"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def open_build(build_dir: Path, backend: str = "auto"):
    """A read-only :class:`~kgtool.stores.base.Store` over the current generation of the
    build in ``build_dir``, on the engine ``backend`` asks for (``auto``: by the build's
    size). The store holds the generation: a later build does not remove it while the store
    is open (``store.close()``, or the end of the process, lets it go).

    :raises InputError: when there is no build yet.
    """
    from kgtool.building.generations import open_generation

    gen = open_generation(Path(build_dir))
    base = gen.dir if gen is not None else Path(build_dir)
    if not (base / "graph.nq").is_file():
        if gen is not None:
            gen.close()
        raise InputError("no build found; run `kgtool build` first", path=str(base / "graph.nq"))
    return open_generation_store(gen, base, backend)


def open_generation_store(gen, base: Path, backend: str = "auto"):
    """The store of the build in ``base`` (a generation directory held as ``gen``, or a build
    directory of the layout before generations, ``gen`` None) on the engine ``backend`` asks
    for; the store keeps ``gen`` held while it lives."""
    from kgtool.engines.selection import choose_engine

    store = choose_engine(backend, size=lambda: build_size(base)).open(base)
    store.generation = gen  # the reader lock lives as long as the store
    return store
