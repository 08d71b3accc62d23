"""Export the built graph as RDF (ttl, nt, nq, trig, jsonld) — asserted, inferred or full.

Network views for Gephi / Cytoscape / Graphviz live in :mod:`kgtool.network`. Every write
goes to a temporary file renamed into place, so a failed export keeps the previous file.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from .build import write_graph
from .errors import KgtoolError
from .graph import KnowledgeGraph
from .namespaces import GRAPH_INFERRED, GRAPH_RULES, bind_prefixes

__all__ = ["RDF_FORMATS", "GRAPH_SELECTIONS", "export_rdf", "select_graph"]

RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}
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


def export_rdf(kg: KnowledgeGraph, out: Path, *, fmt: str, graph: str = "full") -> Path:
    """Write the selected graph to ``out`` in ``fmt`` (a key of :data:`RDF_FORMATS`).

    :returns: ``out``.
    :raises KgtoolError: on an unknown format or graph selection.
    """
    if fmt not in RDF_FORMATS:
        raise KgtoolError(f"unknown RDF format {fmt!r}; choose one of {', '.join(RDF_FORMATS)}")
    quads = fmt in ("nq", "trig")
    data = select_graph(kg, graph, quads=quads)
    return write_graph(data, Path(out), RDF_FORMATS[fmt], note=fmt in ("ttl", "trig"))
