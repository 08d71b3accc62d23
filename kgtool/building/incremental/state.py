"""The on-disk state of :mod:`kgtool.building.incremental` (default ``<project.build>/state/``).

- ``store/``: an on-disk :class:`~kgtool.stores.oxigraph.OxigraphStore` with every asserted named
  graph, the shapes (``kgg:shapes``) and the derived triples split by source graph
  (:func:`~kgtool.building.incremental.common.derived_name`);
- ``manifest.json``: the format version (:data:`STATE_VERSION`), the sha256, size and mtime
  of every source file, the files of each named graph, the reasoner, per-graph reasoning
  errors (and, for the native state, the compiled rules, document counts, graph sizes and the
  pieces of ``graph.nq``);
- ``results.pickle``: the last validation results; ``restore.pickle``: the store's map from
  Oxigraph's canonical literal forms to the original ones (rdflib mode);
- ``nq/``: ``graph.nq`` in pieces (native state, :mod:`.nquads`);
- ``unfinished``: present while a rebuild changes the store; found at the start of the next
  rebuild, it makes a full rebuild (the store may hold half an update).
"""
from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

from rdflib import URIRef

from kgtool.errors import InputError
from kgtool.building.faults import fault_point
from kgtool.fsutil import copy_tree_linked, write_bytes_atomic, write_text_atomic
from kgtool.rdf.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_RULES, GRAPH_SHAPES, KGG
from kgtool.stores.oxigraph import OxigraphStore
from kgtool.validation.pyshacl_validator import ValidationResult

__all__ = ["STATE_VERSION", "State", "state_counts", "copy_state"]

#: format of the state directory; a state of another version is rebuilt from scratch
#: (3: ``graph.nq`` kept in pieces, ``unfinished`` marker)
STATE_VERSION = 3

#: open state stores by directory (RocksDB allows one handle per process)
_OPEN: dict[str, OxigraphStore] = {}


class State:
    """A state directory: its manifest, store, results and ``graph.nq`` pieces."""

    def __init__(self, state_dir: Path) -> None:
        self.dir = Path(state_dir)
        self.manifest_path = self.dir / "manifest.json"
        self.pieces_dir = self.dir / "nq"
        self.marker = self.dir / "unfinished"

    def exists(self) -> bool:
        return self.manifest_path.is_file() and (self.dir / "store").is_dir()

    def manifest(self) -> dict:
        """The manifest.

        :raises InputError: it is not JSON (the file names it).
        """
        try:
            return json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except ValueError as err:
            raise InputError(f"broken incremental state manifest ({err}); delete the state "
                             "directory to rebuild", path=str(self.manifest_path)) from None

    def open(self, *, fresh: bool = False) -> OxigraphStore:
        """The state store (one open handle per directory and process: RocksDB locks it)."""
        path = (self.dir / "store").resolve()
        st = _OPEN.get(str(path))
        if st is not None and not fresh:
            return st
        if st is not None:
            st.store.clear()
            st.restore = {}
            shutil.rmtree(self.pieces_dir, ignore_errors=True)
            return st
        if fresh:
            for d in (path, self.pieces_dir):
                if d.exists():
                    shutil.rmtree(d)
        self.dir.mkdir(parents=True, exist_ok=True)
        st = OxigraphStore(path)
        rp = self.dir / "restore.pickle"
        if not fresh and rp.is_file():
            st.restore = pickle.loads(rp.read_bytes())
        _OPEN[str(path)] = st
        return st

    def close(self) -> None:
        """Close this process's handle on the state store (RocksDB closes it when the last
        reference goes), so that the directory can be removed or copied."""
        _OPEN.pop(str((self.dir / "store").resolve()), None)

    def results(self) -> list[ValidationResult]:
        return pickle.loads((self.dir / "results.pickle").read_bytes())

    def begin(self) -> None:
        """Mark the state as being changed (until :meth:`save`)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        self.marker.touch()

    def unfinished(self) -> bool:
        return self.marker.exists()

    def save(self, st: OxigraphStore, manifest: dict, results: list[ValidationResult], *,
             flush: bool = True) -> None:
        """Write results and manifest (atomically) and clear the marker; ``flush``: write the
        store's memory tables to disk first (after a bulk load; ordinary writes are in
        RocksDB's write-ahead log already)."""
        fault_point("state-changing")
        if flush:
            st.flush()
        write_bytes_atomic(self.dir / "restore.pickle", pickle.dumps(st.restore))
        write_bytes_atomic(self.dir / "results.pickle", pickle.dumps(results))
        self.save_manifest(manifest)
        self.marker.unlink(missing_ok=True)

    def save_manifest(self, manifest: dict) -> None:
        write_text_atomic(self.manifest_path, json.dumps(manifest, ensure_ascii=False) + "\n")


def asserted_names(st: OxigraphStore) -> list[URIRef]:
    """Data graphs of the state store (reference, documents, file-*): no ontology/derived."""
    return [n for n in st.graph_names()
            if n not in (GRAPH_ONTOLOGY, GRAPH_SHAPES, GRAPH_INFERRED, GRAPH_RULES)
            and not str(n).startswith((str(KGG) + "inferred-", str(KGG) + "rules-",
                                       str(KGG) + "owned-"))]


def derived_names(st: OxigraphStore, kind: str) -> list[URIRef]:
    return [n for n in st.graph_names() if str(n).startswith(f"{KGG}{kind}-")]


def record_change(manifest: dict, current: dict, graphs: set, files_of: dict,
                  errors: dict) -> None:
    """Put the files, graphs, document files, sources and reasoning errors after an
    incremental rebuild of the graphs in ``files_of`` into ``manifest``."""
    from kgtool.building.incremental.files import is_document

    manifest.update(files=current, graphs=sorted(str(g) for g in graphs), errors=errors,
                    doc_files=sorted(k for k in current if is_document(k)))
    sources = manifest.setdefault("sources", {})
    for g, files in files_of.items():
        if files:
            sources[str(g)] = files
        else:
            sources.pop(str(g), None)


def state_counts(state_dir: Path) -> tuple[list, int]:
    """(:class:`~kgtool.querying.stats.DocumentCounts` per document graph, triples) of a native state,
    from its manifest (no query)."""
    return manifest_counts(State(Path(state_dir)).manifest())


def manifest_counts(manifest: dict) -> tuple[list, int]:
    from kgtool.querying.stats import DocumentCounts

    sizes = manifest["sizes"]
    counts = [DocumentCounts(g, *row, sizes.get(g, 0)) for g, row in
              sorted(manifest["counts"].items(), key=lambda kv: kv[1][0])]
    return counts, sum(sizes.values())


def copy_state(src: Path, dst: Path) -> None:
    """Copy the state directory ``src`` to ``dst`` (which must not exist) for a new build
    generation, without changing ``src``: files that are never changed in place once written
    — RocksDB's ``*.sst`` tables and the ``nq/`` pieces, which are replaced by rename — are
    hard-linked (no data copied; a copy where the file system has no hard links), everything
    else (RocksDB's manifest, write-ahead log and options, the manifest, the pickles) copied.
    The copy is then changed alone: a crash, a full disk or a corrupted update leave ``src``
    as it was."""
    copy_tree_linked(src, dst, lambda p: p.suffix == ".sst" or p.parent.name == "nq")
