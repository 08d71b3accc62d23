"""The store interface every command talks to, and its embedded rdflib implementation.

A :class:`Store` answers SPARQL SELECT / ASK / CONSTRUCT with bound parameters and a time
limit. :class:`RdflibStore` (the default) wraps a :class:`~kgtool.rdf.graph.KnowledgeGraph`;
other backends (Oxigraph embedded, a remote SPARQL endpoint) implement the same methods, so
commands never depend on where the graph lives.
"""
from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator, Mapping, Protocol, runtime_checkable

from rdflib import Graph
from rdflib.term import Node

from kgtool.bilingual import Bilingual
from kgtool.errors import QueryError
from kgtool.rdf.graph import KnowledgeGraph
from kgtool.rdf.network_guard import no_network
from kgtool.querying.results import ResultTable
from kgtool.sparql.safety import check_query
from kgtool.sparql.text import PREDECLARED, declare_prefixes

__all__ = ["Store", "QueryMethods", "RdflibStore", "DEFAULT_TIMEOUT", "time_limit", "over_time"]

DEFAULT_TIMEOUT = 30.0


@runtime_checkable
class Store(Protocol):
    """What kgtool needs from a triple store."""

    name: str

    def select(self, query: str, *, bindings: Mapping[str, Node] | None = None,
               timeout: float | None = DEFAULT_TIMEOUT) -> ResultTable:
        """Run a SELECT query; ``bindings`` maps variable names (without ``?``) to terms."""

    def ask(self, query: str, *, bindings: Mapping[str, Node] | None = None,
            timeout: float | None = DEFAULT_TIMEOUT) -> bool:
        """Run an ASK query."""

    def construct(self, query: str, *, bindings: Mapping[str, Node] | None = None,
                  timeout: float | None = DEFAULT_TIMEOUT) -> Graph:
        """Run a CONSTRUCT query and return the triples."""

    def triple_count(self) -> int:
        """Number of triples over all graphs."""


def over_time(seconds: float, what: str = "query") -> QueryError:
    """The error of a ``what`` (a query) stopped by its time limit of ``seconds``."""
    what_zh = "查询" if what == "query" else what
    return QueryError(Bilingual(f"{what} stopped after the time limit of {seconds:g} s "
                                "(raise it with --timeout)",
                                f"{what_zh}超过 {seconds:g} 秒的时间限制，已停止（可用 --timeout 调高）"))


@contextlib.contextmanager
def time_limit(seconds: float | None, what: str = "query") -> Iterator[None]:
    """Raise :class:`QueryError` when the block runs longer than ``seconds``.

    Uses ``SIGALRM`` and so applies in the main thread only (elsewhere it is a no-op).
    """
    if not seconds or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum, frame):
        raise over_time(seconds, what)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class QueryMethods:
    """``select``/``ask``/``construct`` on top of a ``_run(query, bindings, timeout)`` that
    returns ``(kind, value)``; shared by the embedded stores."""

    def _run(self, query: str, bindings, timeout):  # pragma: no cover - abstract
        raise NotImplementedError

    def select(self, query, *, bindings=None, timeout=DEFAULT_TIMEOUT) -> ResultTable:
        kind, value = self._run(query, bindings, timeout)
        if kind != "SELECT":
            raise QueryError(f"expected a SELECT query, got {kind}")
        return value

    def ask(self, query, *, bindings=None, timeout=DEFAULT_TIMEOUT) -> bool:
        kind, value = self._run(query, bindings, timeout)
        if kind != "ASK":
            raise QueryError(f"expected an ASK query, got {kind}")
        return value

    def construct(self, query, *, bindings=None, timeout=DEFAULT_TIMEOUT) -> Graph:
        kind, value = self._run(query, bindings, timeout)
        if kind not in ("CONSTRUCT", "DESCRIBE"):
            raise QueryError(f"expected a CONSTRUCT query, got {kind}")
        return value


class RdflibStore(QueryMethods):
    """The embedded default: rdflib over a :class:`KnowledgeGraph` (union of its graphs).

    :param kg: the loaded graph.
    :param allow_service: permit SPARQL SERVICE (off by default).
    """

    name = "rdflib"

    def __init__(self, kg: KnowledgeGraph, *, allow_service: bool = False) -> None:
        self.kg = kg
        self.allow_service = allow_service

    def _run(self, query: str, bindings, timeout):
        check_query(query, allow_service=self.allow_service)  # positions of the user's text
        query = declare_prefixes(query)  # the same prefixes on every backend (sparql_text)
        init = {k.lstrip("?$"): v for k, v in (bindings or {}).items()}
        try:
            guard = contextlib.nullcontext() if self.allow_service else no_network()
            with time_limit(timeout), guard:
                # initNs: exactly the predeclared prefixes, not every prefix bound on the dataset
                result = self.kg.dataset.query(query, initBindings=init, initNs=PREDECLARED)
                if result.type == "SELECT":
                    vars_ = [str(v) for v in result.vars]
                    rows = [tuple(row) for row in result]
                    return result.type, ResultTable(vars_, rows)
                if result.type == "ASK":
                    return result.type, bool(result.askAnswer)
                g = Graph()
                for t in result:
                    g.add(t)
                return result.type, g
        except QueryError:
            raise
        except Exception as exc:  # rdflib evaluation errors
            if exc.__class__.__name__ == "SecurityError":
                raise
            raise QueryError(f"query failed: {exc.__class__.__name__}: {exc}") from None


    def triple_count(self) -> int:
        return len(self.kg)
