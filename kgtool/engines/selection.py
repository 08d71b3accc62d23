"""``choose_engine``: the one place that picks the engine of a build or of a read."""
from __future__ import annotations

from typing import Callable

from kgtool.engines.base import Engine
from kgtool.engines.size import ENGINE_NAMES, resolve_backend
from kgtool.errors import KgtoolError

__all__ = ["choose_engine", "RDFLIB_REASONERS", "SPARQL_REASONER"]

#: reasoners that run on rdflib graphs, and the one compiled to SPARQL on Oxigraph
RDFLIB_REASONERS = ("owlrl", "reasonable")
SPARQL_REASONER = "sparql"


def choose_engine(backend: str = "auto", *, size: int | Callable[[], int] = 0,
                  reasoner: str = "auto") -> Engine:
    """The engine for ``--backend`` and ``--reasoner``.

    :param backend: ``auto``, ``rdflib`` or ``oxigraph``.
    :param size: the graph's triples (or a function computing them, called only when
        ``auto`` needs it).
    :param reasoner: ``auto``, ``owlrl``, ``reasonable`` (rdflib) or ``sparql`` (Oxigraph);
        an explicit reasoner decides the engine.
    """
    from kgtool.engines.oxigraph_engine import OxigraphEngine
    from kgtool.engines.rdflib_engine import RdflibEngine

    if reasoner == SPARQL_REASONER:
        return OxigraphEngine()
    if reasoner in RDFLIB_REASONERS:
        return RdflibEngine(reasoner, validator=backend)
    if reasoner != "auto":
        raise KgtoolError(f"unknown reasoner {reasoner!r}; choose one of auto, "
                          f"{', '.join(RDFLIB_REASONERS)}, {SPARQL_REASONER}")
    if backend not in ENGINE_NAMES:
        raise KgtoolError(f"unknown backend {backend!r}; choose one of {', '.join(ENGINE_NAMES)}")
    chosen = resolve_backend("auto", size() if callable(size) else size) if backend == "auto" else backend
    if chosen == "oxigraph":
        return OxigraphEngine()
    # an explicit --backend rdflib keeps pySHACL, the reference, at any size; auto validates
    # a graph above the threshold with the compiled validator (the same report)
    return RdflibEngine(reasoner, validator=backend)
