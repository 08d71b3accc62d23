"""``graph.nq`` of the native state, kept in pieces (``state/nq/``) so that a rebuild
re-serialises only what changed and writing the artefact is a file concatenation.

``graph.nq`` holds every asserted graph plus ``kgg:inferred`` and ``kgg:rules``, as
:func:`kgtool.building.artefacts.write_nquads` writes them. The pieces (N-Quads files) are:

- ``a-<graph>.nq``: one asserted graph (``a-ontology``, ``a-reference``, ``a-doc-003`` …);
- ``i-<source>.nq`` / ``r-<source>.nq``: an owner graph (``kgg:owned-inferred-doc-003`` …,
  :func:`~.native_steps.merge_native`) in ``kgg:inferred`` / ``kgg:rules``: the triples whose
  first source is ``source``. Every merged triple is in exactly one owner graph, so the
  concatenation holds the full build's graphs (N-Quads lines are independent: their order
  does not matter).

A change to document graph ``g`` rewrites ``a-g`` and the pieces of the owner graphs that
:func:`~.native_steps.remerge` changed. The manifest lists the pieces in the order they are
written.
"""
from __future__ import annotations

import io
import os
from pathlib import Path
from concurrent.futures import Future
from typing import Iterable

import pyoxigraph as ox

from kgtool.fsutil import atomic_write, write_bytes_atomic
from kgtool.rdf.namespaces import GRAPH_INFERRED, GRAPH_RULES, KGG
from kgtool.building.incremental.common import OWNED_PREFIX
from kgtool.building.incremental.state import State

__all__ = ["write_all_pieces", "update_pieces", "write_graph_nq"]

_OWNED = {"i": (OWNED_PREFIX + "inferred-", ox.NamedNode(str(GRAPH_INFERRED))),
          "r": (OWNED_PREFIX + "rules-", ox.NamedNode(str(GRAPH_RULES)))}
_CHUNK = 1 << 24


def piece_name(graph: str) -> str:
    """The piece of an asserted graph or of an owner graph.

    >>> piece_name("https://w3id.org/kgtool/graph/owned-rules-doc-003")
    'r-doc-003.nq'
    """
    for kind, (prefix, _) in _OWNED.items():
        if graph.startswith(prefix):
            return f"{kind}-{graph[len(prefix):]}.nq"
    return f"a-{graph[len(str(KGG)):]}.nq"


def pieces_of(graph: str) -> set[str]:
    """Every piece that a change of asserted graph ``graph`` can rewrite directly: its own
    and those of the owner graphs of what it infers and what the rules derive from it.

    >>> sorted(pieces_of("https://w3id.org/kgtool/graph/doc-003"))
    ['a-doc-003.nq', 'i-doc-003.nq', 'r-doc-003.nq']
    """
    own = piece_name(graph)
    return {own, *(kind + own[1:] for kind in "ir")}


def _order(name: str) -> tuple:
    return "air".index(name[0]), name[2:]


def _piece_bytes(store: ox.Store, graph: str) -> bytes:
    """``graph`` of ``store`` as N-Quads (owner graphs in their merged graph). Oxigraph
    writes N-Triples, whose lines all end in `` .\\n``; the graph name goes before the dot."""
    name = piece_name(graph)
    label = _OWNED[name[0]][1] if name[0] in _OWNED else ox.NamedNode(graph)
    buf = io.BytesIO()
    store.dump(buf, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    return buf.getvalue().replace(b" .\n", f" {label} .\n".encode("utf-8"))


def write_all_pieces(store: ox.Store, state: State, asserted: Iterable[str]) -> list[str]:
    """Every piece of ``store`` (a full build, before the state store is filled) into a fresh
    ``state/nq/`` (synced once at the end: the state's ``unfinished`` marker guards it).

    :returns: the pieces, in order.
    """
    state.pieces_dir.mkdir(parents=True, exist_ok=True)
    owners = [g.value for g in store.named_graphs() if g.value.startswith(OWNED_PREFIX)]
    names = []
    for graph in [*asserted, *owners]:
        data = _piece_bytes(store, graph)
        if data:
            name = piece_name(graph)
            (state.pieces_dir / name).write_bytes(data)
            names.append(name)
    os.sync()
    return sorted(names, key=_order)


def update_pieces(store: ox.Store, state: State, pieces: list[str], graphs: Iterable[str]
                  ) -> list[str]:
    """Rewrite the pieces of ``graphs`` (asserted or owner graph names) from ``store`` (each
    file atomically; a piece that became empty is removed).

    :returns: the new list of pieces, in order.
    """
    out = set(pieces)
    for graph in graphs:
        name = piece_name(graph)
        data = _piece_bytes(store, graph)
        if data:
            write_bytes_atomic(state.pieces_dir / name, data)
            out.add(name)
        else:
            (state.pieces_dir / name).unlink(missing_ok=True)
            out.discard(name)
    return sorted(out, key=_order)


def write_graph_nq(state: State, pieces: list[str], path: Path, note: str = "", *,
                   rest: "Future[tuple[list[str], set[str]]] | None" = None) -> Path:
    """``graph.nq`` at ``path`` (atomically): ``note``, then the pieces, copied by the kernel
    (``copy_file_range``) where it can.

    The file is renamed into place without an ``fsync`` (~0.15 s for 280 MB, a sixth of an
    incremental rebuild at 1M triples): it is a copy of the pieces, which are durable, and
    every rebuild writes it again from them.

    :param rest: when given, ``pieces`` are those a running rebuild will not rewrite, copied
        while it works; ``rest`` then yields the final pieces and the names of those it
        rewrote. The other final pieces are appended (N-Quads lines are independent, so the
        order does not matter); if one of the early pieces was rewritten after all, or is gone,
        the file is written again from the final list. If ``rest`` fails, nothing is written.
    """
    head = note.encode("utf-8")
    with atomic_write(path, "wb", durable=False) as fh:
        fh.write(head)
        fh.flush()
        dst = fh.fileno()
        _copy_pieces(state, pieces, dst)
        if rest is not None:
            final, rewritten = rest.result()
            early = set(pieces)
            if early & set(rewritten) or not early <= set(final):
                os.ftruncate(dst, len(head))
                os.lseek(dst, len(head), os.SEEK_SET)
                _copy_pieces(state, final, dst)
            else:
                _copy_pieces(state, [p for p in final if p not in early], dst)
    return path


def _copy_pieces(state: State, pieces: Iterable[str], dst: int) -> None:
    for name in pieces:
        with open(state.pieces_dir / name, "rb") as src:
            _append(src.fileno(), dst, os.fstat(src.fileno()).st_size)


def _append(src: int, dst: int, size: int) -> None:
    left = size
    try:
        while left > 0:
            n = os.copy_file_range(src, dst, min(left, _CHUNK))
            if n == 0:
                break
            left -= n
    except (AttributeError, OSError):
        pass
    while left > 0:  # no copy_file_range (another OS or file system): plain reads and writes
        os.lseek(src, size - left, os.SEEK_SET)
        data = os.read(src, min(left, _CHUNK))
        if not data:
            break
        left -= os.write(dst, data)
    if left:
        raise OSError(f"piece shrank while being copied ({left} bytes missing)")
