"""``kgtool build --incremental`` as a whole new generation of the build directory.

The previous generation's state is copied into the new generation (:func:`.state.copy_state`:
immutable files hard-linked) and only the copy is updated, so a crash, a full disk or a
damaged update never changes the state of the current generation. A state store that RocksDB
reports as damaged (``Corruption: block checksum mismatch`` …) is never used: the message
says so in one line and the state is rebuilt from the source files.
"""
from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kgtool.building.faults import fault_point
from kgtool.project import Project
from kgtool.reasoning.closure import ReasoningBudget
from kgtool.building.incremental.common import RebuildReport
from kgtool.building.incremental.state import State, copy_state

__all__ = ["IncrementalBuild", "build_incremental"]


@dataclass
class IncrementalBuild:
    """Outcome of :func:`build_incremental`.

    :ivar rebuild: the :class:`~kgtool.building.incremental.RebuildReport`.
    :ivar result: a :class:`kgtool.building.pipeline.BuildResult` of the graphs (rdflib mode; None for
        the native state, whose counts come from the state's manifest).
    :ivar out_dir: the build directory; ``generation``: the generation written in it.
    """

    rebuild: RebuildReport
    result: object = None
    out_dir: Path | None = None
    generation: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)
    counts: list = field(default_factory=list)
    triples: int = 0


def build_incremental(project: Project, *, out_dir: Path | None = None,
                      reasoner: str = "auto", backend: str = "auto",
                      budget: ReasoningBudget = ReasoningBudget(), wait: bool = False,
                      progress: Callable[[str], None] | None = None) -> IncrementalBuild:
    """Bring the build directory up to date incrementally, as a new generation.

    :raises kgtool.building.lock.BuildLockedError: another build runs and ``wait`` is false.
    :raises InputError: a file does not parse (the current generation stays).
    """
    from kgtool.building.pipeline import BuildResult, write_artefacts
    from kgtool.building.query_store import (is_corruption, update_store_from_pieces, write_store_from_kg,
                              write_store_from_nquads)
    from kgtool.building.generations import (GenerationWriter, previous_sources, project_sources,
                              source_roots)
    from kgtool.building.incremental.native import write_state_artefacts
    from kgtool.building.incremental.rebuild import rebuild
    from kgtool.building.incremental.reference import load_state
    from kgtool.building.incremental.state import state_counts

    say = progress or (lambda msg: None)
    sources = project_sources(project, previous_sources(out_dir or project.build))
    with GenerationWriter(out_dir or project.build, wait=wait,
                          on_wait=lambda pid: say(f"waiting for the build of pid {pid}")) as gen:
        state_dir = gen.dir / "state"
        t = time.perf_counter()
        if gen.previous is not None and State(gen.previous / "state").exists():
            copy_state(gen.previous / "state", state_dir)
        copied = time.perf_counter() - t
        fault_point("state-copied")
        state = State(state_dir)

        def run() -> RebuildReport:
            return rebuild(project, state_dir=state_dir, reasoner=reasoner, backend=backend,
                           budget=budget, graph_nq=gen.dir / "graph.nq")

        try:
            try:
                rr = run()
            except (OSError, RuntimeError) as exc:  # pyoxigraph reports RocksDB's both ways
                if not is_corruption(exc):
                    raise
                say("incremental state corrupted (" + " ".join(str(exc).split())[:300]
                    + "); rebuilding it from the source files")
                state.close()
                shutil.rmtree(state_dir, ignore_errors=True)
                rr = run()
                rr.reason = "the previous state was corrupted"
            timings = dict(rr.timings)
            timings["copy-state"] = copied
            timings["rebuild"] = timings.pop("total", sum(rr.timings.values()))
            out = IncrementalBuild(rr, timings=timings)
            t = time.perf_counter()
            if rr.native:  # large graph: artefacts straight from the state, counts cached
                write_state_artefacts(state_dir, gen.dir, rr, timings)
                timings["write"] = time.perf_counter() - t
                t = time.perf_counter()
                if gen.previous is None or not update_store_from_pieces(gen.previous, gen.dir):
                    write_store_from_nquads(gen.dir / "graph.nq", gen.dir)
                timings["store"] = time.perf_counter() - t
                out.counts, out.triples = state_counts(state_dir)
            else:
                result = BuildResult(load_state(state_dir), rr.report, rr.inferred,
                                     rr.rule_triples, rr.reasoning_errors,
                                     rr.reasoning_warnings, timings)
                write_store_from_kg(result.kg, gen.dir)
                write_artefacts(result, gen.dir)
                timings["write"] = time.perf_counter() - t
                out.result, out.triples = result, result.triples
        finally:
            state.close()
        timings["total"] = sum(timings.get(k, 0.0) for k in ("copy-state", "rebuild", "write",
                                                             "store"))
        gen.commit(sources, triples=out.triples, incremental=True,
                    source_roots=source_roots(project))
        out.out_dir, out.generation = gen.build_dir, gen.dir
        if out.result is not None:
            out.result.out_dir = gen.build_dir
            out.result.generation = gen.dir
    return out
