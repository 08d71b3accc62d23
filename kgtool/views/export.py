"""Export the built graph as RDF (ttl, nt, nq, trig, jsonld) — asserted, inferred or full.

Network views for Gephi / Cytoscape / Graphviz live in :mod:`kgtool.views.network`. Every write
goes to a temporary file renamed into place, so a failed export keeps the previous file.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from kgtool.building.artefacts import write_graph
from kgtool.rdf.graph import GRAPH_SELECTIONS, select_graph
from kgtool.rdf.graph import KnowledgeGraph
from kgtool.rdf.namespaces import GRAPH_INFERRED, GRAPH_RULES, bind_prefixes
from kgtool.views.network import check_choice

__all__ = ["RDF_FORMATS", "GRAPH_SELECTIONS", "export_rdf", "export_rdf_store", "select_graph"]

RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}




def export_rdf(kg: KnowledgeGraph, out: Path, *, fmt: str, graph: str = "full") -> Path:
    """Write the selected graph to ``out`` in ``fmt`` (a key of :data:`RDF_FORMATS`).

    :returns: ``out``.
    :raises KgtoolError: on an unknown format or graph selection.
    """
    check_choice(fmt, RDF_FORMATS, "RDF format")
    quads = fmt in ("nq", "trig")
    data = select_graph(kg, graph, quads=quads)
    return write_graph(data, Path(out), RDF_FORMATS[fmt], note=fmt in ("ttl", "trig"))


def export_build(store, out: Path, *, fmt: str, graph: str = "full") -> Path:
    """Export a build opened as a store (:func:`kgtool.building.pipeline.open_build`): an
    rdflib store's graph through rdflib (:func:`export_rdf`), an Oxigraph store's through
    Oxigraph (:func:`export_rdf_store`), each keeping the literals as its build wrote them."""
    kg = getattr(store, "kg", None)
    if kg is not None:
        return export_rdf(kg, out, fmt=fmt, graph=graph)
    return export_rdf_store(store, out, fmt=fmt, graph=graph)


_OX_FORMATS = {"ttl": "TURTLE", "nt": "N_TRIPLES", "nq": "N_QUADS", "trig": "TRIG",
               "jsonld": "JSON_LD"}


def export_rdf_store(store, out: Path, *, fmt: str, graph: str = "full") -> Path:
    """:func:`export_rdf` for an :class:`~kgtool.stores.oxigraph.OxigraphStore` holding a build (a
    large build, :class:`kgtool.engines.oxigraph_engine.OxigraphEngine`): serialised by Oxigraph, literals as it stores them.

    :returns: ``out``.
    :raises KgtoolError: on an unknown format or graph selection.
    """
    import pyoxigraph as ox

    from kgtool.building.artefacts import GENERATED_NOTE
    from kgtool.fsutil import atomic_write
    from kgtool.rdf.namespaces import PREFIXES

    check_choice(fmt, RDF_FORMATS, "RDF format")
    check_choice(graph, GRAPH_SELECTIONS, "graph")
    derived = {str(GRAPH_INFERRED), str(GRAPH_RULES)}
    names = [g for g in store.store.named_graphs() if isinstance(g, ox.NamedNode)
             and (graph == "full" or (g.value in derived) == (graph == "inferred"))]
    names.sort(key=lambda g: g.value)
    oxfmt = getattr(ox.RdfFormat, _OX_FORMATS[fmt])
    prefixes = {k: str(v) for k, v in PREFIXES.items()} if fmt in ("ttl", "trig") else None
    with atomic_write(out, "wb") as fh:
        if fmt in ("ttl", "trig"):
            fh.write(GENERATED_NOTE.encode("utf-8"))
        if fmt in ("nq", "trig", "jsonld") or graph != "full":
            quads = (q for g in names for q in store.store.quads_for_pattern(None, None, None, g))
            if fmt in ("nq", "trig", "jsonld"):
                ox.serialize(quads, fh, format=oxfmt, prefixes=prefixes)
                return Path(out)
            union = ox.Store()  # a set union of the selected graphs
            union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
            union.dump(fh, format=oxfmt, from_graph=ox.DefaultGraph(), prefixes=prefixes)
        else:  # the full union is Oxigraph's default graph (materialised if it is not)
            store.ensure_union().store.dump(fh, format=oxfmt, from_graph=ox.DefaultGraph(),
                                            prefixes=prefixes)
    return Path(out)
