"""The engine interface: what a build and a read command ask of an engine.

An engine loads a project's files into its own graph representation, validates the asserted
data against the shapes, computes the OWL 2 RL closure and the project rules, writes the
build artefacts and the persistent query store of a generation, keeps the state of an
incremental build, and opens a written build for reading. :mod:`kgtool.building.pipeline`
runs these steps in one order for every engine; no command asks which engine it has.

Two implementations: :class:`~kgtool.engines.rdflib_engine.RdflibEngine` (rdflib +
owlrl/reasonable + pySHACL, the reference) and
:class:`~kgtool.engines.oxigraph_engine.OxigraphEngine` (Oxigraph + the ontology compiled to
SPARQL + the compiled SHACL validator). :func:`kgtool.engines.choose_engine` picks one.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kgtool.bilingual import Bilingual
from kgtool.project import Project

__all__ = ["Engine", "LoadedGraph", "WRITING_ARTEFACTS", "WRITING_STORE"]

#: the progress lines of :meth:`Engine.write`
WRITING_ARTEFACTS = Bilingual("writing build artefacts", "写入构建产物")
WRITING_STORE = Bilingual("writing the query store", "写入查询存储")


@dataclass
class LoadedGraph:
    """A project loaded by an engine.

    :ivar graph: the engine's own representation (a :class:`~kgtool.rdf.graph.KnowledgeGraph`
        or an :class:`~kgtool.stores.oxigraph.OxigraphStore`).
    :ivar store: a :class:`~kgtool.stores.base.Store` over it (what input checks and
        counting queries read).
    :ivar shapes: the shapes graph.
    :ivar sources: graph name -> the files loaded into it.
    """

    graph: object
    store: object
    shapes: object
    sources: dict = field(default_factory=dict)


class Engine(ABC):
    """One way of loading, reasoning, validating, writing and reading a graph."""

    #: ``rdflib`` or ``oxigraph`` (what ``--backend`` names)
    name: str = ""
    #: the reasoner an incremental state of this engine is kept with
    #: (:func:`kgtool.building.incremental.rebuild`)
    incremental_reasoner: str = ""

    # --- a build -------------------------------------------------------------------------
    @abstractmethod
    def load(self, project: Project) -> LoadedGraph:
        """Ontology, shapes, reference data and documents, one named graph per source.

        :raises InputError: a file does not parse (file, line, column)."""

    @abstractmethod
    def validate(self, loaded: LoadedGraph):
        """The SHACL report of the asserted data (with the ontology's class hierarchy)."""

    @abstractmethod
    def reason(self, loaded: LoadedGraph, budget):
        """The OWL 2 RL closure into ``kgg:inferred``; a
        :class:`~kgtool.reasoning.closure.ReasoningResult` (its ``engine``: the reasoner
        that ran)."""

    @abstractmethod
    def apply_rules(self, loaded: LoadedGraph, rules_dir: Path) -> int:
        """The project rules (SPARQL CONSTRUCT) into ``kgg:rules``; the triples added."""

    @abstractmethod
    def write(self, result, out: Path, say: Callable[[str], None]) -> None:
        """The graph files (``graph.nq`` …) and the query store of ``result`` (a
        :class:`~kgtool.building.result.BuildResult`) into the generation directory ``out``;
        times the steps into ``result.timings``. The pipeline writes the reports last."""

    @abstractmethod
    def result_graphs(self, loaded: LoadedGraph) -> dict:
        """``kg`` and ``store`` of the :class:`~kgtool.building.result.BuildResult` (the
        rdflib graph, or the Oxigraph store; the other None)."""

    @abstractmethod
    def query_store(self, loaded: LoadedGraph):
        """A :class:`~kgtool.stores.base.Store` to query a build made in this process (the
        union of the named graphs as a set)."""

    @abstractmethod
    def graph_sizes(self, loaded: LoadedGraph) -> dict[str, int]:
        """Triples per named graph."""

    @abstractmethod
    def triple_count(self, loaded: LoadedGraph) -> int:
        """Triples over all named graphs."""

    # --- an incremental build --------------------------------------------------------------
    @abstractmethod
    def write_incremental(self, state_dir: Path, gen_dir: Path, previous: Path | None,
                          rebuild, timings: dict, say: Callable[[str], None]):
        """Every artefact (reports included) and the query store of an incremental build,
        from its state (``previous``: the generation it was copied from, whose store can be
        updated by difference); returns the :class:`~kgtool.building.result.BuildResult`."""

    # --- reading a build -------------------------------------------------------------------
    @abstractmethod
    def open(self, build_dir: Path):
        """A read-only :class:`~kgtool.stores.base.Store` over the build in ``build_dir`` (a
        generation directory, or a build directory of the layout before generations).

        :raises InputError: when there is no build."""

    # --- validating files ----------------------------------------------------------------
    @abstractmethod
    def validate_data(self, data, shapes, ontology):
        """The SHACL report of ``data`` (an rdflib graph) against ``shapes``."""
