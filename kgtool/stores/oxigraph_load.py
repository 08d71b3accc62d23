"""Oxigraph-native loading: project files parsed and stored by Oxigraph
(:func:`kgtool.rdf.parse.load_file_into`), with no rdflib term per triple.

Same graph layout as :func:`kgtool.rdf.graph.load_project` (``kgg:ontology``, ``kgg:reference``,
``kgg:doc-NNN`` …; shapes stay an rdflib Graph, they are small) and the same strictness
(size, encoding, nesting and syntax checks with file, line and column). The default graph is
then filled with the set union of the named graphs inside Oxigraph, as
:class:`~kgtool.stores.oxigraph.OxigraphStore` expects by default, unless the caller does without
(``union=False``: the native build, see :attr:`OxigraphStore.union_materialised`). Literals are kept as Oxigraph stores them
(valid numbers, booleans and dates in canonical form, ``"804.0"`` → ``"804"``, equal in value;
ill-typed literals verbatim). This is what makes ``kgtool build`` at 10⁶ triples cost seconds
(an rdflib Dataset of 1M triples takes ~30 s and ~1.3 GB to build).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kgtool.errors import InputError
from kgtool.rdf.graph import graph_name_for, rdf_files
from kgtool.rdf.network_guard import no_network
from kgtool.rdf.namespaces import GRAPH_ONTOLOGY, GRAPH_SHAPES, KGG
from kgtool.stores.oxigraph import OxigraphStore
from kgtool.rdf.parse import ParseLimits, load_file_into, parse_files
from kgtool.project import Project

__all__ = ["LoadedStore", "load_project_store", "load_nquads", "project_files",
           "estimate_triples", "materialise_union"]

GRAPH_FILE_DEFAULT = KGG["file-default"]  # where a build file's triples outside any graph go
#: limits for reading kgtool's own build output (``graph.nq`` of 10⁷ triples is ~3 GB)
BUILD_LIMITS = ParseLimits(max_bytes=1 << 40)
#: bytes of Turtle per triple in kgtool's documents (measured on the synthetic corpus: ~49)
BYTES_PER_TRIPLE = 50


@dataclass
class LoadedStore:
    """A project loaded into Oxigraph: the store, the shapes, and the files of each graph."""

    store: OxigraphStore
    shapes: Graph = field(default_factory=Graph)
    sources: dict[URIRef, list[Path]] = field(default_factory=dict)


def project_files(project: Project, *, with_shapes: bool = True) -> tuple[list, list, list]:
    """(ontology files, shapes files, data files) of ``project``, as ``load_project`` reads them."""
    onto = [p for p in rdf_files(project.ontology_dir)
            if "shapes" not in p.relative_to(project.ontology_dir).parts]
    shapes = [p for p in rdf_files(project.shapes_dir)
              if p.name != "term-metadata.ttl"] if with_shapes else []
    data = [p for d in project.data for p in rdf_files(Path(d))]
    return onto, shapes, data


def estimate_triples(project: Project) -> int:
    """A cheap estimate of a project's size in triples, from the size of its data files."""
    _, _, data = project_files(project, with_shapes=False)
    return sum(p.stat().st_size for p in data) // BYTES_PER_TRIPLE


def materialise_union(store: OxigraphStore) -> None:
    """Fill Oxigraph's default graph with the set union of the named graphs (what
    :class:`OxigraphStore` queries see), inside Oxigraph."""
    store.ensure_union(force=True)  # its files were loaded straight into Oxigraph


def load_project_store(project: Project, *, extra_files: Iterable[Path] = (),
                       path: Path | None = None, with_shapes: bool = True,
                       union: bool = True) -> LoadedStore:
    """Load a project's ontology, reference data and documents into Oxigraph.

    :param project: paths (see :class:`kgtool.project.Project`).
    :param extra_files: more data files.
    :param path: directory for an on-disk store; ``None`` for memory.
    :param union: materialise the default graph as the set union of the named graphs (see
        :attr:`OxigraphStore.union_materialised`); the native build does without (it costs
        about as much as loading, and a third more memory).
    :returns: a :class:`LoadedStore`.
    :raises InputError: when any file does not parse (nothing is stored).
    """
    onto, shape_files, data = project_files(project, with_shapes=with_shapes)
    data = data + [Path(p) for p in extra_files]
    loaded = LoadedStore(OxigraphStore(path))
    for ds in parse_files(shape_files):
        for t in ds.quads((None, None, None, None)):
            loaded.shapes.add(t[:3])
    if shape_files:
        loaded.sources[GRAPH_SHAPES] = list(shape_files)
    onto_set = set(onto)
    for file in onto + data:
        name = GRAPH_ONTOLOGY if file in onto_set else graph_name_for(file)
        load_file_into(loaded.store.store, file, ox.NamedNode(str(name)))
        loaded.sources.setdefault(name, []).append(file)
    if union:
        materialise_union(loaded.store)
    else:
        loaded.store.union_materialised = False
    return loaded


def load_nquads(path: Path, *, store_path: Path | None = None) -> OxigraphStore:
    """A build's ``graph.nq`` as an :class:`OxigraphStore` (for queries over a large build).

    :raises InputError: when the file does not parse.
    """
    store = OxigraphStore(store_path)
    # kgtool's own output: Oxigraph reads the file itself (no copy of it in Python)
    try:
        with no_network():
            store.store.load(path=str(path), format=ox.RdfFormat.N_QUADS,
                             to_graph=ox.NamedNode(str(GRAPH_FILE_DEFAULT)))
    except SyntaxError as err:
        raise InputError(f"not a kgtool build file: {' '.join(str(err).split())}",
                         path=str(path)) from None
    except OSError as err:
        raise InputError(f"cannot read file: {err}", path=str(path)) from None
    materialise_union(store)
    return store
