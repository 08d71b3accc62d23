"""The one measure that picks an engine for ``--backend auto``: a graph's triples, above
:data:`LARGE_GRAPH` (or ``KGTOOL_LARGE_GRAPH``) → Oxigraph."""
from __future__ import annotations

import os

from kgtool.errors import KgtoolError

__all__ = ["ENGINE_NAMES", "LARGE_GRAPH", "large_graph_threshold", "resolve_backend"]

ENGINE_NAMES = ("auto", "rdflib", "oxigraph")
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
    """The engine name for ``backend`` (``auto`` → by size).

    >>> resolve_backend("auto", 10_000), resolve_backend("auto", 1_000_000)
    ('rdflib', 'oxigraph')
    """
    if backend not in ENGINE_NAMES:
        raise KgtoolError(f"unknown backend {backend!r}; choose one of {', '.join(ENGINE_NAMES)}")
    if backend == "auto":
        return "oxigraph" if n_triples > large_graph_threshold() else "rdflib"
    return backend
