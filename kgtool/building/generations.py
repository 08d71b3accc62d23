"""Whole-build generations: how ``build/`` changes from one complete build to the next.

Layout of a build directory::

    build/
      .lock                  the build lock (kgtool.building.lock), holding the builder's pid
      current -> gen-000007  the complete generation readers use (a relative symlink)
      gen-000007/            one build: graph.nq, graph.trig, *.ttl, validation.json,
                             summary.json, state/ (incremental state), store/ (Oxigraph
                             store opened by read commands), generation.json (last written)
      gen-000006/            the previous generation (kept for readers that still hold it)
      graph.nq -> current/graph.nq, summary.json -> current/summary.json, ...
                             fixed links, so the documented paths keep working

A build takes the lock, removes what a crashed build left (generation directories that are
neither current nor previous, ``*.tmp`` files), writes a whole new generation beside the
current one, records it (``generation.json``: build id, artefact sizes, the size and mtime of
every source file) and then switches ``current`` to it in one ``rename`` of a symlink: a
reader sees the old generation or the new one, never a mix. A process killed at any point
leaves ``current`` on a complete generation; the next build cleans up and proceeds.

Readers open a generation with :func:`open_generation`: they resolve ``current`` once, use
only paths inside that generation, and hold a shared ``flock`` on its ``.readers`` file, so
the cleanup after a later switch never removes a generation a reader still holds.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from kgtool.building.lock import LOCK_NAME, BuildLock
from kgtool.errors import StorageError
from kgtool.building.faults import fault_point
from kgtool.fsutil import write_text_atomic

__all__ = ["Generation", "GenerationWriter", "open_generation", "current_generation",
           "clean_leftovers", "source_stats", "project_sources", "source_roots", "sources_under",
           "previous_sources", "changed_sources", "ARTEFACTS", "LINKS",
           "RECORD", "CURRENT"]

CURRENT = "current"
RECORD = "generation.json"
READERS = ".readers"
GEN_PREFIX = "gen-"
_GEN = re.compile(r"^gen-(\d{6,})$")
#: artefacts a generation may hold, each also reachable as ``build/<name>``
ARTEFACTS = ("graph.nq", "graph.trig", "asserted.ttl", "inferred.ttl", "full.ttl",
             "validation.json", "summary.json")
#: fixed links ``build/<name> -> current/<name>``
LINKS = ARTEFACTS + ("state", "store")


@dataclass
class Generation:
    """One complete generation of a build directory (see the module docstring)."""

    dir: Path
    record: dict = field(default_factory=dict)
    _fd: int | None = field(default=None, repr=False)

    @property
    def build_id(self) -> str:
        return self.record.get("build_id", "")

    def path(self, name: str) -> Path:
        return self.dir / name

    def close(self) -> None:
        """Drop the reader lock (the generation may then be removed by a later build)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __del__(self) -> None:
        self.close()


def current_generation(build_dir: Path) -> Path | None:
    """The directory ``build/current`` points to, or None (no generation yet)."""
    link = Path(build_dir) / CURRENT
    try:
        target = os.readlink(link)
    except OSError:
        return None
    gen = Path(build_dir) / target
    return gen if (gen / RECORD).is_file() else None


def open_generation(build_dir: Path) -> Generation | None:
    """The current generation, held for reading (a shared lock on its ``.readers`` file
    until :meth:`Generation.close` or the end of the process); None when there is none."""
    for _ in range(50):
        gen = current_generation(build_dir)
        if gen is None:
            return None
        try:
            fd = os.open(gen / READERS, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            time.sleep(0.01)  # removed between the readlink and the open: look again
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:  # being removed right now
            os.close(fd)
            time.sleep(0.01)
            continue
        try:
            record = json.loads((gen / RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            os.close(fd)
            time.sleep(0.01)
            continue
        return Generation(gen, record, fd)
    raise StorageError(f"{build_dir}: the current build generation keeps disappearing; "
                       "is a build being run in a loop?")


# ---------------------------------------------------------------------------------- sources
def _sha256(path: str) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def source_stats(files: Iterable[Path], previous: dict | None = None, *,
                 hashes: bool = True) -> dict[str, list]:
    """``{path: [size, mtime_ns, sha256]}`` of the source files a build read (``hashes``
    false: without the hash); a file whose size and mtime are those in ``previous`` keeps
    its recorded hash without being read."""
    previous = previous or {}
    out = {}
    for p in files:
        with contextlib.suppress(OSError):
            st = os.stat(p)
            key = str(p)
            entry = [st.st_size, st.st_mtime_ns]
            if hashes:
                old = previous.get(key)
                entry.append(old[2] if old and len(old) > 2 and old[:2] == entry
                             else _sha256(key))
            out[key] = entry
    return out


def source_roots(project) -> list[str]:
    """The directories (or files) whose content a build of ``project`` reads."""
    return [os.path.abspath(d) for d in (project.ontology_dir, *project.data)]


def project_sources(project, previous: dict | None = None) -> dict[str, list]:
    """:func:`sources_under` the project's ``ontology/`` and data directories."""
    return sources_under(source_roots(project), previous)


def sources_under(roots: Iterable[str], previous: dict | None = None, *,
                  hashes: bool = True) -> dict[str, list]:
    """:func:`source_stats` of every file under ``roots`` (hidden names skipped), without
    importing any RDF library."""
    files: list[str] = []

    def walk(path: str) -> None:
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            for e in os.scandir(path):
                if e.name.startswith("."):
                    continue
                if e.is_dir():
                    walk(e.path)
                elif e.is_file():
                    files.append(e.path)

    for d in roots:
        if os.path.isfile(d):
            files.append(d)
        else:
            walk(d)
    return source_stats((Path(f) for f in sorted(files)), previous, hashes=hashes)


def changed_sources(recorded: dict, roots: Iterable[str]) -> list[str]:
    """Files under ``roots`` added, removed or changed since ``recorded`` (a
    :func:`source_stats`): found by size and mtime, and a file whose mtime alone moved is
    hashed (rewritten with the same content: unchanged)."""
    now = sources_under(roots, hashes=False)
    out = []
    for k in sorted(set(recorded) | set(now)):
        old, new = recorded.get(k), now.get(k)
        if old is None or new is None:
            out.append(k)
        elif old[:2] != new:
            if len(old) < 3 or old[0] != new[0] or _sha256(k) != old[2]:
                out.append(k)
    return out


def previous_sources(build_dir: Path) -> dict:
    """The source record of the current generation ({} without one)."""
    cur = current_generation(build_dir)
    if cur is None:
        return {}
    try:
        return json.loads((cur / RECORD).read_text(encoding="utf-8")).get("sources", {})
    except (OSError, ValueError):
        return {}


# ---------------------------------------------------------------------------------- writing
def _generations(build_dir: Path) -> list[tuple[int, Path]]:
    out = []
    with contextlib.suppress(FileNotFoundError):
        for e in os.scandir(build_dir):
            m = _GEN.match(e.name)
            if m and e.is_dir(follow_symlinks=False):
                out.append((int(m.group(1)), Path(e.path)))
    return sorted(out)


def _held_by_reader(gen: Path) -> bool:
    try:
        fd = os.open(gen / READERS, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _remove_tree(path: Path) -> None:
    """Remove a directory: renamed to a hidden ``.trash-*`` name first (a crash during the
    removal leaves that name, removed by the next build), then deleted."""
    trash = path.parent / f".trash-{path.name}-{uuid.uuid4().hex[:8]}"
    try:
        os.rename(path, trash)
    except FileNotFoundError:
        return
    shutil.rmtree(trash, ignore_errors=True)


def clean_leftovers(build_dir: Path, *, keep_previous: bool = True) -> list[str]:
    """Remove what crashed or finished builds left in ``build_dir`` (call with the build lock
    held): generation directories other than the current one, its predecessor and those a
    reader holds; temporary files (``*.tmp``, ``.trash-*``, ``.current.*``). Returns the
    names removed."""
    build_dir = Path(build_dir)
    removed = []
    cur = current_generation(build_dir)
    keep = set()
    if cur is not None:
        keep.add(cur.name)
        if keep_previous:
            with contextlib.suppress(OSError, ValueError):
                prev = json.loads((cur / RECORD).read_text(encoding="utf-8")).get("previous")
                if prev:
                    keep.add(prev)
    for _, gen in _generations(build_dir):
        if gen.name in keep or _held_by_reader(gen):
            continue
        _remove_tree(gen)
        removed.append(gen.name)
    with contextlib.suppress(FileNotFoundError):
        for e in os.scandir(build_dir):
            if e.name.startswith(".trash-"):
                shutil.rmtree(e.path, ignore_errors=True)
                removed.append(e.name)
            elif (e.name.endswith(".tmp") or e.name.startswith(".current.")) \
                    and not e.is_dir(follow_symlinks=False):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(e.path)
                removed.append(e.name)
    return removed


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _symlink_atomic(target: str, link: Path) -> None:
    """Make ``link`` a symlink to ``target``, replacing what was there in one rename."""
    tmp = link.parent / f".current.{link.name}.{os.getpid()}.{uuid.uuid4().hex[:6]}"
    os.symlink(target, tmp)
    try:
        os.replace(tmp, link)
    except IsADirectoryError:  # a real directory of the pre-generation layout (build/state)
        os.unlink(tmp)
        _remove_tree(link)
        os.symlink(target, link)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


class GenerationWriter:
    """Writes one new generation of a build directory (a context manager).

    ``with GenerationWriter(build_dir) as gen:`` takes the build lock, cleans leftovers and
    creates an empty generation directory ``gen.dir``; the caller writes everything into it,
    then calls :meth:`commit`. Leaving the block with an exception (or without a commit)
    removes the new directory; the current generation is untouched either way.

    :param build_dir: the build directory.
    :param wait: wait for another build to finish instead of failing.
    :param on_wait: called with the other build's pid when waiting.
    """

    def __init__(self, build_dir: Path, *, wait: bool = False, on_wait=None) -> None:
        self.build_dir = Path(build_dir)
        self.lock = BuildLock(self.build_dir, wait=wait, on_wait=on_wait)
        self.build_id = f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{uuid.uuid4().hex[:12]}"
        self.dir: Path | None = None
        self.previous: Path | None = None
        self.committed = False

    def __enter__(self) -> "GenerationWriter":
        self.lock.acquire()
        try:
            clean_leftovers(self.build_dir)
            fault_point("locked")
            self.previous = current_generation(self.build_dir)
            gens = _generations(self.build_dir)
            number = (gens[-1][0] + 1) if gens else 1
            self.dir = self.build_dir / f"{GEN_PREFIX}{number:06d}"
            self.dir.mkdir()
            (self.dir / READERS).touch()
            fault_point("generation-created")
        except BaseException:
            self.lock.release()
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if not self.committed and self.dir is not None:
                _remove_tree(self.dir)
        finally:
            self.lock.release()

    def commit(self, sources: dict[str, list[int]] | None = None, **info) -> Path:
        """Record the generation (``generation.json``), switch ``current`` to it, refresh
        the fixed links and remove generations older than the previous one.

        :param sources: :func:`source_stats` of the files the build read.
        :param info: more keys for ``generation.json``.
        :returns: the generation directory.
        """
        gen = self.dir
        artefacts = {}
        for name in ARTEFACTS:
            p = gen / name
            if p.is_file():
                artefacts[name] = p.stat().st_size
        record = {"build_id": self.build_id, "generation": gen.name,
                  "previous": self.previous.name if self.previous is not None else None,
                  "pid": os.getpid(), "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                                time.gmtime()),
                  "artefacts": artefacts, "sources": sources or {}, **info}
        # every file of the generation is on disk before it becomes current
        for root, _dirs, files in os.walk(gen):
            for f in files:
                with contextlib.suppress(OSError):
                    fd = os.open(os.path.join(root, f), os.O_RDONLY)
                    try:
                        os.fsync(fd)
                    finally:
                        os.close(fd)
        write_text_atomic(gen / RECORD, json.dumps(record, ensure_ascii=False, indent=1) + "\n")
        _fsync_dir(gen)
        fault_point("generation-recorded")
        _symlink_atomic(gen.name, self.build_dir / CURRENT)
        _fsync_dir(self.build_dir)
        self.committed = True
        fault_point("switched")
        for name in LINKS:
            link = self.build_dir / name
            target = f"{CURRENT}/{name}"
            if (gen / name).exists():
                if not (link.is_symlink() and os.readlink(link) == target):
                    _symlink_atomic(target, link)
            elif link.is_symlink() or link.is_file():
                link.unlink()  # not part of this kind of build (the Turtle views of a large one)
            elif link.is_dir():
                _remove_tree(link)  # build/state of the layout before generations
        clean_leftovers(self.build_dir)
        fault_point("cleaned")
        return gen


def lock_path(build_dir: Path) -> Path:
    return Path(build_dir) / LOCK_NAME
