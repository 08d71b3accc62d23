"""The persistent query store of a build generation (``build/current/store/``).

Every build leaves, beside its artefacts, an on-disk Oxigraph store holding exactly the
quads of ``graph.nq`` plus their set union in the default graph (what
:class:`~kgtool.stores.oxigraph.OxigraphStore` queries see), and ``store-literals.pickle``, the
map from Oxigraph's canonical literal forms to the original ones (:attr:`OxigraphStore.restore`;
empty for a large build, whose ``graph.nq`` Oxigraph wrote itself). Blank nodes keep the
labels of ``graph.nq`` in a large build's store. Read commands open it
read-only (:func:`open_build_store`) in milliseconds instead of parsing ``graph.nq``.

A generation is never written after it became current, so a read-only handle never meets a
writer (which pyoxigraph documents as undefined behaviour).
"""
from __future__ import annotations

import pickle
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from kgtool.bilingual import Bilingual
from kgtool.errors import StorageError
from kgtool.building.faults import fault_point
from kgtool.fsutil import copy_tree_linked, write_bytes_atomic
from kgtool.stores.oxigraph import OxigraphStore

__all__ = ["STORE_DIR", "LITERALS", "write_store_from_kg", "write_store_from_nquads", "update_store_from_pieces", "open_build_store",
           "is_corruption"]

#: more changed quads than this: an incremental build reloads its store from graph.nq
MAX_PIECE_CHANGES = 200_000

STORE_DIR = "store"
LITERALS = "store-literals.pickle"


def is_corruption(exc: BaseException) -> bool:
    """Whether ``exc`` is RocksDB reporting damaged files (checksum mismatch, bad block…)."""
    text = str(exc)
    return isinstance(exc, (OSError, RuntimeError)) and "Corruption" in text


def _compact(store: ox.Store) -> None:
    """Compact a freshly written store into sorted, non-overlapping levels
    (``Store.optimize``, RocksDB's full compaction).

    A bulk load leaves dozens of overlapping tables, so every index lookup of a query merges
    them all; compacted, the named queries run about twice as fast on the 1M-triple build
    (bench/RESULTS.md, "Read commands on a persistent 1M-triple build"). The cost: ~5 s of
    build at 1M, and a larger store (its last level is written uncompressed: 632 MB against
    361 MB at 1M). An incremental build does not compact: it changes a few quads of a
    compacted store."""
    store.optimize()


def _finish(store: ox.Store, gen_dir: Path, restore: dict) -> None:
    store.flush()
    write_bytes_atomic(gen_dir / LITERALS, pickle.dumps(restore))
    fault_point("store-written")


def _with_union(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    dflt = ox.DefaultGraph()
    for q in quads:
        if isinstance(q.graph_name, ox.DefaultGraph):
            continue
        yield q
        yield ox.Quad(q.subject, q.predicate, q.object, dflt)


def write_store_from_kg(kg, gen_dir: Path) -> Path:
    """The store of a small (rdflib) build, from its :class:`~kgtool.rdf.graph.KnowledgeGraph`."""
    path = Path(gen_dir) / STORE_DIR
    store = OxigraphStore.from_knowledge_graph(kg, path=path)
    _compact(store.store)
    _finish(store.store, Path(gen_dir), store.restore)
    del store
    return path


def write_store_from_nquads(nq: Path, gen_dir: Path) -> Path:
    """The store of a large build, from its ``graph.nq``: each quad and its triple in the
    default graph (the set union). The file's blank node labels are kept (Oxigraph's own
    loaders rename them), so that :func:`update_store_from_pieces` can later remove a quad
    by its line; parsing through Python costs about 1.4 times Oxigraph's ``bulk_load``."""
    from kgtool.stores.oxigraph_load import GRAPH_FILE_DEFAULT

    path = Path(gen_dir) / STORE_DIR
    disk = ox.Store(str(path))
    file_default = ox.NamedNode(str(GRAPH_FILE_DEFAULT))

    def quads():
        for q in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS):
            if isinstance(q.graph_name, ox.DefaultGraph):
                q = ox.Quad(q.subject, q.predicate, q.object, file_default)
            yield q

    disk.bulk_extend(_with_union(quads()))
    _compact(disk)
    _finish(disk, Path(gen_dir), {})
    del disk
    return path


def update_store_from_pieces(previous: Path, gen_dir: Path, pieces: str = "state/nq") -> bool:
    """The store of an incremental large build, as the previous generation's store changed
    by the quads its ``graph.nq`` pieces (:mod:`kgtool.building.incremental.nquads`) gained and lost:
    the previous store is copied (tables hard-linked, :func:`~kgtool.fsutil.copy_tree_linked`)
    and only the difference is written. A piece the rebuild did not rewrite is the same file
    (hard link) in both generations and is not read.

    :returns: False (nothing written) when it cannot: no previous store or pieces, or more
        than :data:`MAX_PIECE_CHANGES` quads changed (a full rebuild) — then use
        :func:`write_store_from_nquads`.
    """
    import os

    old_dir, new_dir = Path(previous) / pieces, Path(gen_dir) / pieces
    if not ((Path(previous) / STORE_DIR).is_dir() and (Path(previous) / LITERALS).is_file()
            and old_dir.is_dir() and new_dir.is_dir()):
        return False
    lost: set[bytes] = set()
    gained: set[bytes] = set()
    for name in set(os.listdir(old_dir)) | set(os.listdir(new_dir)):
        o, n = old_dir / name, new_dir / name
        if o.exists() and n.exists() and os.path.samefile(o, n):
            continue
        before = set(o.read_bytes().splitlines()) if o.exists() else set()
        after = set(n.read_bytes().splitlines()) if n.exists() else set()
        lost |= before - after
        gained |= after - before
        if len(lost) + len(gained) > MAX_PIECE_CHANGES:
            return False
    lost, gained = lost - gained, gained - lost  # a quad that moved between pieces stays
    path = Path(gen_dir) / STORE_DIR
    copy_tree_linked(Path(previous) / STORE_DIR, path, lambda p: p.suffix == ".sst")
    store = ox.Store(str(path))

    def parse(lines: set[bytes]) -> list[ox.Quad]:
        lines.discard(b"")
        return list(ox.parse(input=b"\n".join(sorted(lines)) + b"\n",
                             format=ox.RdfFormat.N_QUADS)) if lines else []

    dflt = ox.DefaultGraph()
    removed = parse(lost)
    for q in removed:
        store.remove(q)
    added = parse(gained)
    store.extend(added)
    store.extend(ox.Quad(q.subject, q.predicate, q.object, dflt) for q in added)
    for q in removed:  # the union keeps a triple another graph still states
        if not any(not isinstance(x.graph_name, ox.DefaultGraph)
                   for x in store.quads_for_pattern(q.subject, q.predicate, q.object, None)):
            store.remove(ox.Quad(q.subject, q.predicate, q.object, dflt))
    _finish(store, Path(gen_dir), {})
    del store
    return True


def open_build_store(gen_dir: Path) -> OxigraphStore | None:
    """The generation's store, opened read-only (None when the generation has none: a build
    made before stores were kept).

    :raises StorageError: the store is damaged (say: rebuild).
    """
    path = Path(gen_dir) / STORE_DIR
    if not path.is_dir() or not (Path(gen_dir) / LITERALS).is_file():
        return None
    try:
        restore = pickle.loads((Path(gen_dir) / LITERALS).read_bytes())
        return OxigraphStore.read_only(path, restore=restore)
    except (OSError, RuntimeError) as exc:
        detail = " ".join(str(exc).split())[:200]
        raise StorageError(Bilingual(f"{path}: the build's store cannot be opened ({detail}); "
                                     "run `kgtool build` to write a new one",
                                     f"{path}：无法打开构建的存储（{detail}）；请运行 `kgtool build` "
                                     "写入新的存储")) from None
