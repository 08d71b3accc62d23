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


def document_counts(kg: KnowledgeGraph | None, store=None) -> list[DocumentCounts]:
    """One :class:`DocumentCounts` per document graph, ordered by source file.

    :param kg: the loaded graph (for per-graph triple counts); ``None`` when ``store`` is an
        :class:`~kgtool.stores.oxigraph.OxigraphStore` holding the whole build.
    :param store: where to run the counting query (default: rdflib over ``kg``).
    """
    query = get_named_query(builtin_queries_dir(), "document-counts")
    table = (store or RdflibStore(kg)).select(query.text)
    if kg is None:
        from kgtool.engines.oxigraph_build import graph_sizes as store_graph_sizes

        sizes = store_graph_sizes(store)
    else:
        sizes = {str(n): len(kg.graph(n)) for n in kg.graph_names()}
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
