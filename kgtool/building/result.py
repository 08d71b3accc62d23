"""What a build returns: :class:`BuildResult`, the same for every engine and for full and
incremental builds."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["BuildResult"]


@dataclass
class BuildResult:
    """Outcome of a build.

    :ivar kg: the :class:`~kgtool.rdf.graph.KnowledgeGraph` of a build on rdflib (None on
        Oxigraph, and for an incremental build on Oxigraph).
    :ivar store: the :class:`~kgtool.stores.oxigraph.OxigraphStore` of a build on Oxigraph.
    :ivar report: the :class:`~kgtool.validation.report.ValidationReport` (None when
        validation was skipped).
    :ivar reasoner: the reasoner that ran (``owlrl``, ``reasonable``, ``sparql``).
    :ivar backend: the engine that built (:class:`~kgtool.engines.base.Engine`).
    :ivar loaded: the engine's :class:`~kgtool.engines.base.LoadedGraph` (None for an
        incremental build, whose graphs live in its state).
    :ivar rebuild: the :class:`~kgtool.building.incremental.RebuildReport` of an incremental
        build (None for a full build).
    :ivar out_dir: the build directory; ``generation``: the generation written in it.
    """

    kg: object = None
    report: object = None
    inferred: int = 0
    rule_triples: int = 0
    reasoning_errors: list[str] = field(default_factory=list)
    reasoning_warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    out_dir: Path | None = None
    store: object = None
    sources: dict = field(default_factory=dict)
    reasoner: str = ""
    counts: list | None = None
    generation: Path | None = None
    input_warnings: list[str] = field(default_factory=list)
    backend: object = None
    loaded: object = None
    rebuild: object = None
    triple_total: int | None = None

    @property
    def conforms(self) -> bool:
        return self.report is not None and bool(self.report.conforms) and not self.reasoning_errors

    @property
    def triples(self) -> int:
        """Triples over all named graphs (asserted, inferred and rules), counted once."""
        if self.triple_total is None:
            self.triple_total = self.backend.triple_count(self.loaded)
        return self.triple_total

    def document_counts(self) -> list:
        """Facts per source document (computed once)."""
        if self.counts is None:
            from kgtool.querying.stats import document_counts

            self.counts = document_counts(self.backend.query_store(self.loaded),
                                          self.backend.graph_sizes(self.loaded))
        return self.counts

    def query_store(self):
        """A :class:`~kgtool.stores.base.Store` to query the built graph in this process (the
        union of the named graphs as a set, as every store reads it)."""
        if self.loaded is None:
            from kgtool.errors import KgtoolError

            raise KgtoolError("an incremental build keeps its graphs in its state: open the "
                              "build directory to query it (kgtool.open_build)")
        return self.backend.query_store(self.loaded)
