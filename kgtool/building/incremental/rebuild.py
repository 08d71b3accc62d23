""":func:`rebuild`: find what changed since the state was saved and rebuild that part (or
everything, saying why)."""
from __future__ import annotations

import time
from pathlib import Path

from kgtool.bilingual import Bilingual
from kgtool.errors import InputError
from kgtool.rdf.namespaces import GRAPH_ONTOLOGY
from kgtool.project import Project
from kgtool.reasoning.closure import REASONERS, ReasoningBudget
from kgtool.building.incremental import native, reference
from kgtool.building.incremental.common import NATIVE, RebuildReport, all_errors, sort_results
from kgtool.building.incremental.derive import merged_count
from kgtool.building.incremental.files import hash_files, project_files
from kgtool.building.incremental.state import STATE_VERSION, State, asserted_names

__all__ = ["rebuild"]


def resolve_reasoner(reasoner: str, project: Project | None = None,
                     backend: str = "auto") -> str:
    """The reasoner a state is kept with (``sparql``: the Oxigraph-native state)."""
    if reasoner == NATIVE:
        return reasoner
    if reasoner not in REASONERS:
        raise InputError(f"unknown reasoner {reasoner!r}; choose one of "
                         f"{', '.join(REASONERS + (NATIVE,))}")
    if reasoner == "auto" and project is not None:
        from kgtool.engines.selection import choose_engine
        from kgtool.stores.oxigraph_load import estimate_triples

        return choose_engine(backend, size=lambda: estimate_triples(project)).incremental_reasoner
    # ``auto`` stays ``auto``: kgtool.reasoning.closure.reason picks reasonable per input only where it
    # is exact, owlrl elsewhere (an explicit ``reasonable`` refuses uncovered constructs)
    return reasoner


def _why_full(state: State, manifest: dict, reasoner: str) -> str:
    """Why the state cannot be updated incrementally ('' when it can)."""
    if manifest.get("version") != STATE_VERSION:
        return Bilingual(f"state from another kgtool version (format {manifest.get('version')}, "
                         f"now {STATE_VERSION})",
                         f"增量状态来自另一个 kgtool 版本（格式 {manifest.get('version')}，"
                         f"现为 {STATE_VERSION}）")
    if state.unfinished():
        return Bilingual("the previous rebuild did not finish", "上次重建未完成")
    if manifest.get("reasoner") != reasoner:
        return Bilingual(f"reasoner changed ({manifest.get('reasoner')} → {reasoner})",
                         f"推理机已更改（{manifest.get('reasoner')} → {reasoner}）")
    return manifest.get("unsafe") or ""


def rebuild(project: Project, *, state_dir: Path | None = None,
            changed: list[Path] | None = None, reasoner: str = "auto",
            budget: ReasoningBudget = ReasoningBudget(), backend: str = "auto",
            graph_nq: Path | None = None) -> RebuildReport:
    """Bring the state in ``state_dir`` up to date with the project's files.

    The first call (no state) does a full build and writes the state. Later calls find the
    added, changed and removed files by sha256 (or take ``changed`` as the list of files that
    changed, added or were deleted) and reload, re-reason, re-apply rules to and re-validate
    only the document graphs concerned. A change to the ontology, shapes, rules, reference
    data, another non-document data file or the reasoner, a state of another format version
    or one whose last rebuild did not finish makes a full rebuild
    (:attr:`RebuildReport.reason` says why).

    :param project: the project.
    :param state_dir: where the state lives (default ``<project.build>/state``).
    :param changed: files known to have changed (skips hashing the others).
    :param reasoner: ``auto``, ``owlrl``, ``reasonable`` or ``sparql`` (as
        :func:`kgtool.building.pipeline.build`: ``sparql``, also chosen by ``auto`` when ``backend``
        resolves to Oxigraph for the project's size, keeps the state the Oxigraph-native way,
        see :mod:`kgtool.building.incremental.native`).
    :param budget: reasoning limits per closure.
    :param backend: ``auto``, ``rdflib`` or ``oxigraph`` (only picks the reasoner for ``auto``).
    :param graph_nq: where :func:`~kgtool.building.incremental.write_state_artefacts` will write
        ``graph.nq``; an incremental rebuild of a native state starts writing it there as
        soon as the graphs are final, while it re-validates
        (:attr:`RebuildReport.graph_nq`).
    :returns: a :class:`RebuildReport`.
    :raises InputError: a file does not parse (the state is left as it was).
    :raises ReasoningError: a closure exceeds ``budget`` (the next rebuild is a full one).
    """
    state = State(Path(state_dir) if state_dir is not None else project.build / "state")
    reasoner = resolve_reasoner(reasoner, project, backend)
    full = native.full if reasoner == NATIVE else reference.full
    t0 = time.perf_counter()
    glob_files, doc_files = project_files(project)
    if not state.exists():
        return full(project, state, reasoner, budget, Bilingual("no state yet", "尚无增量状态"),
                    glob_files, doc_files)
    manifest = state.manifest()
    why = _why_full(state, manifest, reasoner)
    if why:
        return full(project, state, reasoner, budget, why, glob_files, doc_files)
    old = manifest["files"]
    stats = manifest.get("stats", {})
    if changed is None:
        current, stats = hash_files(glob_files + doc_files, old, stats)
    else:
        current, stats = dict(old), dict(stats)
        for p in changed:
            p = Path(p).resolve()
            stats.pop(str(p), None)
            if p.is_file():
                h, s_ = hash_files([p])
                current.update(h)
                stats.update(s_)
            else:
                current.pop(str(p), None)
    diff = {k for k in set(old) | set(current) if old.get(k) != current.get(k)}
    known_docs = {str(p) for p in doc_files} | set(manifest["doc_files"])
    glob_diff = sorted(k for k in diff if k not in known_docs)
    if glob_diff:
        name, more = Path(glob_diff[0]).name, len(glob_diff) - 1
        why = Bilingual(f"{name} changed (ontology, shapes, rules or reference data)"
                        + (f" and {more} more" if more else ""),
                        f"{name}" + (f" 等 {more + 1} 个文件" if more else "")
                        + " 已更改（本体、约束、规则或参考数据）")
        return full(project, state, reasoner, budget, why, glob_files, doc_files)
    timings = {"detect": time.perf_counter() - t0}
    t = time.perf_counter()
    st = state.open()
    timings["open"] = time.perf_counter() - t
    if not diff:
        if stats != manifest.get("stats"):
            manifest["stats"] = stats
            state.save_manifest(manifest)
        inferred = (manifest["inferred"] if reasoner == NATIVE else
                    merged_count(st, "inferred", asserted_names(st) + [GRAPH_ONTOLOGY]))
        return RebuildReport(False, [], 0, inferred, sort_results(state.results()), timings, "",
                             manifest.get("rule_triples", 0), all_errors(manifest["errors"]),
                             manifest.get("warnings", []), native=reasoner == NATIVE)
    manifest["stats"] = stats
    if reasoner == NATIVE:
        return native.incremental(project, state, st, manifest, current, diff, budget, timings,
                                  graph_nq)
    return reference.incremental(project, state, st, manifest, current, diff, reasoner, budget,
                                 timings)
