"""Which source files changed since the last rebuild (:mod:`kgtool.building.incremental`).

Unchanged files are found by size and mtime (``manifest.json`` ``stats``) and not read; a
file whose mtime was within 2 s of being hashed is hashed again next time (a second write in
the same mtime tick would go unseen). The sha256 stays the test of a change.
"""
from __future__ import annotations

import hashlib
import os
import time
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from kgtool.rdf.graph import graph_name_for, rdf_files
from kgtool.rdf.parse import FORMAT_BY_SUFFIX
from kgtool.project import Project
from kgtool.building.incremental.common import DOC_PREFIX

__all__ = ["hash_files", "project_files"]

#: a file modified less than this long before it was hashed is hashed again next time
#: (its mtime may not move on a second write within the file system's time granularity)
RACY_NS = 2_000_000_000


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def hash_files(files: Iterable[Path], old: dict | None = None,
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
            hashes[key] = sha256(p)
        if now - st.st_mtime_ns > RACY_NS:
            stats[key] = stat
    return hashes, stats


def project_files(project: Project) -> tuple[list[Path], list[Path]]:
    """(global files: ontology, shapes, rules, non-document data; document files), resolved
    (the files :func:`kgtool.rdf.graph.rdf_files` lists, without resolving each path: a
    large corpus has one file per document)."""
    onto = [p for p in rdf_files(project.ontology_dir)
            if "shapes" not in p.relative_to(project.ontology_dir).parts]
    shapes = [p for p in rdf_files(project.shapes_dir) if p.name != "term-metadata.ttl"]
    rules = sorted(Path(project.rules_dir).glob("*.rq"))
    glob_, docs = [p.resolve() for p in onto + shapes + rules], []
    for d in project.data:
        for p in _rdf_files_resolved(Path(d)):
            (docs if str(graph_name_for(p)).startswith(DOC_PREFIX) else glob_).append(p)
    return glob_, docs


def _rdf_files_resolved(directory: Path) -> list[Path]:
    """``[p.resolve() for p in rdf_files(directory)]``, with one ``resolve`` per directory
    (and per symbolic link)."""
    if not directory.exists():
        return []
    if directory.is_file():
        return [directory.resolve()]
    out: list[Path] = []

    def walk(path: Path) -> None:
        with os.scandir(path) as entries:
            for e in entries:
                if e.name.startswith("."):
                    continue
                if e.is_dir():
                    walk(Path(e.path).resolve() if e.is_symlink() else Path(e.path))
                elif e.is_file() and Path(e.name).suffix.lower() in FORMAT_BY_SUFFIX:
                    out.append(Path(e.path).resolve() if e.is_symlink() else Path(e.path))

    walk(directory.resolve())
    return sorted(out)


@lru_cache(maxsize=None)
def graph_of(path: str):
    """:func:`kgtool.rdf.graph.graph_name_for` of a path string (remembered: a rebuild asks for
    every file more than once)."""
    return graph_name_for(Path(path))


def is_document(path: str) -> bool:
    return str(graph_of(path)).startswith(DOC_PREFIX)


def files_of(graphs: Iterable, current: dict) -> dict:
    """{graph: sorted paths of ``current`` that load into it} (empty: the graph is gone)."""
    by_graph: dict = {}
    for k in current:
        by_graph.setdefault(graph_of(k), []).append(k)
    return {g: sorted(by_graph.get(g, [])) for g in graphs}
