"""Choosing the embedded backend: rdflib (reference) or Oxigraph (fast).

``auto`` picks Oxigraph when the graph is large (more than :data:`LARGE_GRAPH` triples, or
the value of the environment variable ``KGTOOL_LARGE_GRAPH``, which tests use to build a
small project the large-graph way) and rdflib otherwise. Both return identical results on every named query and identical
validation reports (``tests/test_oxistore.py``, ``tests/test_fastvalidate.py``).
"""
from __future__ import annotations

import os

from kgtool.errors import KgtoolError
from kgtool.rdf.graph import KnowledgeGraph

__all__ = ["BACKENDS", "LARGE_GRAPH", "resolve_backend", "make_store", "validate_with",
           "large_graph_threshold"]

BACKENDS = ("auto", "rdflib", "oxigraph")
LARGE_GRAPH = 200_000


def large_graph_threshold() -> int:
    """Triples above which ``auto`` picks Oxigraph (``KGTOOL_LARGE_GRAPH`` or
    :data:`LARGE_GRAPH`)."""
    value = os.environ.get("KGTOOL_LARGE_GRAPH", "").strip()
    if not value:
        return LARGE_GRAPH
    try:
        return int(value)
    except ValueError:
        raise KgtoolError(f"KGTOOL_LARGE_GRAPH={value!r} is not a number of triples") from None


def resolve_backend(backend: str, n_triples: int) -> str:
    """The concrete backend for ``backend`` (``auto`` → by size).

    >>> resolve_backend("auto", 10_000), resolve_backend("auto", 1_000_000)
    ('rdflib', 'oxigraph')
    """
    if backend not in BACKENDS:
        raise KgtoolError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if backend == "auto":
        return "oxigraph" if n_triples > large_graph_threshold() else "rdflib"
    return backend


def make_store(kg: KnowledgeGraph, backend: str = "auto"):
    """A query store over ``kg`` for the chosen backend."""
    if resolve_backend(backend, len(kg)) == "oxigraph":
        from kgtool.stores.oxigraph import OxigraphStore

        return OxigraphStore.from_knowledge_graph(kg)
    from kgtool.stores.base import RdflibStore

    return RdflibStore(kg)


def validate_with(kg: KnowledgeGraph, backend: str = "auto"):
    """Validate ``kg``'s asserted data with the backend's validator (pySHACL or compiled SPARQL)."""
    if resolve_backend(backend, len(kg)) == "oxigraph":
        from kgtool.validation.compiled import validate_fast

        return validate_fast(kg, shapes=kg.shapes, ontology=kg.ontology())
    from kgtool.validation.pyshacl_validator import validate_graph

    return validate_graph(kg.asserted(), shapes=kg.shapes, ontology=kg.ontology())
