"""Export the built graph as RDF (ttl, nt, nq, trig, jsonld) — asserted, inferred or full.

Network views for Gephi / Cytoscape / Graphviz live in :mod:`kgtool.views.network`. Every write
goes to a temporary file renamed into place, so a failed export keeps the previous file.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from kgtool.building.pipeline import write_graph
from kgtool.errors import KgtoolError
from kgtool.rdf.graph import KnowledgeGraph
from kgtool.rdf.namespaces import GRAPH_INFERRED, GRAPH_RULES, bind_prefixes

__all__ = ["RDF_FORMATS", "GRAPH_SELECTIONS", "export_rdf", "export_rdf_store", "select_graph"]

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


_OX_FORMATS = {"ttl": "TURTLE", "nt": "N_TRIPLES", "nq": "N_QUADS", "trig": "TRIG",
               "jsonld": "JSON_LD"}


def export_rdf_store(store, out: Path, *, fmt: str, graph: str = "full") -> Path:
    """:func:`export_rdf` for an :class:`~kgtool.stores.oxigraph.OxigraphStore` holding a build (a
    large build, :mod:`kgtool.engines.oxigraph_build`): serialised by Oxigraph, literals as it stores them.

    :returns: ``out``.
    :raises KgtoolError: on an unknown format or graph selection.
    """
    import pyoxigraph as ox

    from kgtool.building.pipeline import GENERATED_NOTE
    from kgtool.fsutil import atomic_write
    from kgtool.rdf.namespaces import PREFIXES

    if fmt not in RDF_FORMATS:
        raise KgtoolError(f"unknown RDF format {fmt!r}; choose one of {', '.join(RDF_FORMATS)}")
    if graph not in GRAPH_SELECTIONS:
        raise KgtoolError(f"unknown graph {graph!r}; choose one of {', '.join(GRAPH_SELECTIONS)}")
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
