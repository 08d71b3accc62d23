"""The persistent query store of a build generation (``build/current/store/``).

Every build leaves, beside its artefacts, an on-disk Oxigraph store holding exactly the
quads of ``graph.nq`` plus their set union in the default graph (what
:class:`~kgtool.oxistore.OxigraphStore` queries see), and ``store-literals.pickle``, the
map from Oxigraph's canonical literal forms to the original ones (:attr:`OxigraphStore.restore`;
empty for a large build, whose ``graph.nq`` Oxigraph wrote itself). Read commands open it
read-only (:func:`open_build_store`) in milliseconds instead of parsing ``graph.nq``.

A generation is never written after it became current, so a read-only handle never meets a
writer (which pyoxigraph documents as undefined behaviour).
"""
from __future__ import annotations

import pickle
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from .errors import StorageError
from .faults import fault_point
from .fsutil import write_bytes_atomic
from .oxistore import OxigraphStore

__all__ = ["STORE_DIR", "LITERALS", "write_store_from_kg", "write_store_from_store",
           "write_store_from_nquads", "open_build_store", "is_corruption"]

STORE_DIR = "store"
LITERALS = "store-literals.pickle"


def is_corruption(exc: BaseException) -> bool:
    """Whether ``exc`` is RocksDB reporting damaged files (checksum mismatch, bad block…)."""
    text = str(exc)
    return isinstance(exc, (OSError, RuntimeError)) and "Corruption" in text


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
    """The store of a small (rdflib) build, from its :class:`~kgtool.graph.KnowledgeGraph`."""
    path = Path(gen_dir) / STORE_DIR
    store = OxigraphStore.from_knowledge_graph(kg, path=path)
    _finish(store.store, Path(gen_dir), store.restore)
    del store
    return path


def write_store_from_store(src: OxigraphStore, gen_dir: Path) -> Path:
    """The store of a large (Oxigraph) build, copied from the build's memory store."""
    path = Path(gen_dir) / STORE_DIR
    disk = ox.Store(str(path))
    disk.bulk_extend(_with_union(src.store.quads_for_pattern(None, None, None, None)))
    _finish(disk, Path(gen_dir), dict(src.restore))
    del disk
    return path


def write_store_from_nquads(nq: Path, gen_dir: Path) -> Path:
    """The store of an incremental large build, loaded from its ``graph.nq``."""
    from .oxiload import GRAPH_FILE_DEFAULT

    path = Path(gen_dir) / STORE_DIR
    disk = ox.Store(str(path))
    file_default = ox.NamedNode(str(GRAPH_FILE_DEFAULT))

    def quads():
        for q in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS):
            if isinstance(q.graph_name, ox.DefaultGraph):
                q = ox.Quad(q.subject, q.predicate, q.object, file_default)
            yield q

    disk.bulk_extend(_with_union(quads()))
    _finish(disk, Path(gen_dir), {})
    del disk
    return path


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
        raise StorageError(f"{path}: the build's store cannot be opened "
                           f"({' '.join(str(exc).split())[:200]}); run `kgtool build` to "
                           "write a new one") from None
