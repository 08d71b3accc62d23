"""Load ontology, reference data and documents into one dataset, a named graph per source.

Every triple's origin is known from its graph: ``kgg:ontology``, ``kgg:reference``,
``kgg:doc-NNN`` (one per source document, from files named ``NNN-*.ttl``), and, after
reasoning, ``kgg:inferred`` and ``kgg:rules``. One document can be replaced alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from rdflib import Dataset, Graph, URIRef

from kgtool.errors import InputError, KgtoolError
from kgtool.rdf.namespaces import (GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_REFERENCE, GRAPH_RULES,
                         GRAPH_SHAPES, KGG, bind_prefixes, document_graph)
from kgtool.rdf.parse import FORMAT_BY_SUFFIX, parse_files
from kgtool.project import Project

__all__ = ["KnowledgeGraph", "load_project", "load_files", "graph_name_for", "rdf_files",
           "DERIVED_GRAPHS"]

DERIVED_GRAPHS = (GRAPH_INFERRED, GRAPH_RULES)
_DOC_PREFIX = re.compile(r"^(\d{3})[-_]")


def rdf_files(directory: Path) -> list[Path]:
    """RDF files under ``directory`` (recursively), sorted, hidden files skipped."""
    if not directory.exists():
        return []
    if directory.is_file():
        return [directory]
    return sorted(p for p in directory.rglob("*")
                  if p.is_file() and p.suffix.lower() in FORMAT_BY_SUFFIX
                  and not any(part.startswith(".") for part in p.relative_to(directory).parts))


def graph_name_for(path: Path) -> URIRef:
    """Named graph a data file loads into.

    ``NNN-*.ttl`` → ``kgg:doc-NNN``; files under a ``reference`` folder → ``kgg:reference``;
    anything else → ``kgg:file-<stem>``.

    >>> str(graph_name_for(Path("data/documents/003-sufu-2007-99.ttl")))
    'https://w3id.org/kgtool/graph/doc-003'
    """
    m = _DOC_PREFIX.match(path.name)
    if m:
        return document_graph(m.group(1))
    if "reference" in path.parts:
        return GRAPH_REFERENCE
    return KGG[f"file-{re.sub(r'[^A-Za-z0-9_.-]', '_', path.stem)}"]


@dataclass
class KnowledgeGraph:
    """A dataset of named graphs plus where each came from.

    :ivar dataset: the rdflib Dataset; its default graph is empty and queries see the union
        of the named graphs, which stay apart for export and replacement.
    :ivar shapes: the SHACL shapes, kept out of the dataset.
    :ivar sources: graph name → files loaded into it.
    """

    dataset: Dataset = field(default_factory=lambda: Dataset(default_union=True))
    shapes: Graph = field(default_factory=Graph)
    sources: dict[URIRef, list[Path]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        bind_prefixes(self.dataset)

    # -- access ---------------------------------------------------------------------------
    def graph(self, name: URIRef) -> Graph:
        """The named graph ``name`` (created empty if absent)."""
        return self.dataset.graph(name)

    def graph_names(self) -> list[URIRef]:
        """Names of the non-empty named graphs, sorted."""
        return sorted({g.identifier for g in self.dataset.graphs()
                       if isinstance(g.identifier, URIRef) and len(g)}, key=str)

    def document_graph_names(self) -> list[URIRef]:
        """Names of the per-document graphs, sorted."""
        return [n for n in self.graph_names() if str(n).startswith(str(KGG) + "doc-")]

    def union(self, names: Iterable[URIRef]) -> Graph:
        """A new plain Graph holding the union of the given named graphs."""
        out = Graph()
        bind_prefixes(out)
        for name in names:
            for t in self.dataset.graph(name):
                out.add(t)
        return out

    def asserted(self) -> Graph:
        """Reference data + documents (no ontology, shapes or derived triples)."""
        return self.union([GRAPH_REFERENCE, *self.document_graph_names(),
                           *[n for n in self.graph_names() if "/file-" in str(n)]])

    def ontology(self) -> Graph:
        return self.union([GRAPH_ONTOLOGY])

    def derived(self) -> Graph:
        return self.union(DERIVED_GRAPHS)

    def full(self) -> Graph:
        """Every named graph: ontology, reference, documents and derived triples."""
        return self.union(self.graph_names())

    def quads(self, names: Iterable[URIRef] | None = None) -> Iterator[tuple]:
        wanted = set(names) if names is not None else None
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            gid = getattr(g, "identifier", g)
            if wanted is None or gid in wanted:
                yield s, p, o, gid

    def __len__(self) -> int:
        return sum(len(self.dataset.graph(n)) for n in self.graph_names())

    # -- mutation -------------------------------------------------------------------------
    def add_parsed(self, name: URIRef, parsed: Dataset, path: Path | None = None) -> int:
        """Add a parsed file's triples to graph ``name`` (its own quads keep their graph)."""
        target = self.dataset.graph(name)
        n = 0
        for s, p, o, g in parsed.quads((None, None, None, None)):
            gid = getattr(g, "identifier", g)
            if gid is None or gid == parsed.default_graph.identifier:
                target.add((s, p, o))
            else:
                self.dataset.graph(gid).add((s, p, o))
            n += 1
        if path is not None:
            self.sources.setdefault(name, []).append(path)
        return n

    def replace_graph(self, name: URIRef, triples: Iterable[tuple]) -> None:
        """Replace the content of graph ``name``."""
        self.dataset.remove_graph(self.dataset.graph(name))
        g = self.dataset.graph(name)
        for t in triples:
            g.add(t)

    def clear_derived(self) -> None:
        for name in DERIVED_GRAPHS:
            self.dataset.remove_graph(self.dataset.graph(name))


def load_files(kg: KnowledgeGraph, files: Iterable[Path], *, graph: URIRef | None = None) -> int:
    """Parse ``files`` (all or nothing) and add them to ``kg``.

    :param graph: force every file into this graph instead of :func:`graph_name_for`.
    :returns: the number of triples added.
    :raises InputError: when any file does not parse; then nothing is added.
    """
    files = [Path(f) for f in files]
    for f in files:
        if not f.is_file():
            raise InputError("no such file", path=str(f))
    parsed = parse_files(files)
    return sum(kg.add_parsed(graph or graph_name_for(f), d, f) for f, d in zip(files, parsed))


def load_project(project: Project, *, extra_files: Iterable[Path] = (),
                 with_shapes: bool = True) -> KnowledgeGraph:
    """Load a project's ontology, shapes, reference data and documents.

    :param project: paths (see :class:`kgtool.project.Project`).
    :param extra_files: more data files (e.g. a draft to validate with the rest).
    :returns: the loaded :class:`KnowledgeGraph`.
    :raises InputError: when a file does not parse (nothing is loaded).
    """
    kg = KnowledgeGraph()
    onto = [p for p in rdf_files(project.ontology_dir)
            if "shapes" not in p.relative_to(project.ontology_dir).parts]
    # term-metadata.ttl validates the ontology itself (tests/test_ontology.py), not the data
    shapes = [p for p in rdf_files(project.shapes_dir)
              if p.name != "term-metadata.ttl"] if with_shapes else []
    data: list[Path] = []
    for d in project.data:
        data.extend(rdf_files(Path(d)))
    extra = [Path(p) for p in extra_files]
    everything = onto + shapes + data + extra
    parsed = parse_files(everything)
    for path, ds in zip(everything, parsed):
        if path in shapes:
            for t in ds.quads((None, None, None, None)):
                kg.shapes.add(t[:3])
            kg.sources.setdefault(GRAPH_SHAPES, []).append(path)
            continue
        if path in onto:
            name = GRAPH_ONTOLOGY
        else:
            name = graph_name_for(path)
        kg.add_parsed(name, ds, path)
    return kg


#: the graphs an export or an artefact selects
GRAPH_SELECTIONS = ("asserted", "inferred", "full")


def select_graph(kg: KnowledgeGraph, which: str, *, quads: bool) -> Graph | Dataset:
    """The asserted, inferred (inferred + rules) or full graph; a Dataset when ``quads``."""
    if which not in GRAPH_SELECTIONS:
        raise KgtoolError(f"unknown graph {which!r}; choose one of {', '.join(GRAPH_SELECTIONS)}")
    derived = {GRAPH_INFERRED, GRAPH_RULES}
    names = kg.graph_names()
    if which == "asserted":
        names = [n for n in names if n not in derived]
    elif which == "inferred":
        names = [n for n in names if n in derived]
    if not quads:
        return kg.union(names)
    ds = Dataset()
    bind_prefixes(ds)
    for n in names:
        g = ds.graph(n)
        for t in kg.graph(n):
            g.add(t)
    return ds
