"""Violation checks: every named query whose role is ``violation`` (file name
``*-violation.rq``) must return zero rows on the graph.

>>> from kgtool.querying.named import builtin_queries_dir
>>> sorted(q.name for q in violation_queries(builtin_queries_dir()))[:1]
['agency-outside-jurisdiction-violation']
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kgtool.querying.named import NamedQuery, load_named_queries, run_query
from kgtool.querying.results import ResultTable

__all__ = ["CheckResult", "violation_queries", "run_checks"]


@dataclass(frozen=True)
class CheckResult:
    """One violation query and the rows it returned (each row is one violation)."""

    query: NamedQuery
    table: ResultTable

    @property
    def passed(self) -> bool:
        return len(self.table) == 0


def violation_queries(queries_dir: Path) -> list[NamedQuery]:
    """The ``violation`` queries of ``queries_dir``, by name."""
    return [q for q in load_named_queries(queries_dir).values() if q.role == "violation"]


def run_checks(store, queries_dir: Path, *, timeout: float | None = 30.0) -> list[CheckResult]:
    """Run every violation query of ``queries_dir`` on ``store`` (any :class:`kgtool.stores.base.Store`).

    :raises QueryError: when a query fails or needs a parameter (a check takes none).
    """
    return [CheckResult(q, run_query(store, q, {}, timeout=timeout))
            for q in violation_queries(queries_dir)]
