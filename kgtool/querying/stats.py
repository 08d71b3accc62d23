"""Counts per source document and per graph (``kgtool stats`` and the README table)."""
from __future__ import annotations

from dataclasses import dataclass

from kgtool.rdf.graph import KnowledgeGraph
from kgtool.querying.named import builtin_queries_dir, get_named_query
from kgtool.stores.base import RdflibStore

__all__ = ["DocumentCounts", "document_counts", "graph_sizes"]


@dataclass
class DocumentCounts:
    """Facts contributed by one source document."""

    graph: str
    source_file: str
    documents: int
    targets: int
    funding_items: int
    tasks: int
    agencies: int
    industries: int
    triples: int


def document_counts(store, sizes: dict[str, int] | None = None) -> list[DocumentCounts]:
    """One :class:`DocumentCounts` per document graph, ordered by source file.

    :param store: the :class:`~kgtool.stores.base.Store` of a build.
    :param sizes: triples per named graph, when the caller has them (else counted by one
        query).
    """
    query = get_named_query(builtin_queries_dir(), "document-counts")
    table = store.select(query.text)
    if sizes is None:
        rows = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                            "GROUP BY ?g").records()
        sizes = {str(r["g"]): int(r["n"]) for r in rows}
    out = []
    for rec in table.records():
        graph = str(rec["graph"])
        out.append(DocumentCounts(graph, str(rec["source_file"]), int(rec["documents"]),
                                  int(rec["targets"]), int(rec["funding_items"]),
                                  int(rec["tasks"]), int(rec["agencies"]),
                                  int(rec["industries"]), sizes.get(graph, 0)))
    return out


def graph_sizes(kg: KnowledgeGraph) -> dict[str, int]:
    """Triples per named graph."""
    return {str(n): len(kg.graph(n)) for n in kg.graph_names()}
