"""Human-readable renderings shared by commands (count tables)."""
from __future__ import annotations

from rdflib import Literal

from kgtool.querying.results import ResultTable
from kgtool.querying.stats import DocumentCounts

__all__ = ["counts_result_table", "counts_table"]

_COLUMNS = ["source_file", "documents", "targets", "funding_items", "tasks", "agencies",
            "industries", "triples"]


def counts_result_table(counts: list[DocumentCounts], *, total_triples: int | None = None) -> ResultTable:
    """The per-document counts as a :class:`ResultTable` with a total row."""
    rows = [tuple(Literal(getattr(c, k)) for k in _COLUMNS) for c in counts]
    totals = ["total"] + [sum(getattr(c, k) for c in counts) for k in _COLUMNS[1:]]
    if total_triples is not None:
        totals[-1] = f"{totals[-1]} (graph: {total_triples})"
    rows.append(tuple(Literal(v) for v in totals))
    return ResultTable(list(_COLUMNS), rows)


def counts_table(counts: list[DocumentCounts]) -> str:
    """The per-document counts as an aligned text table."""
    return counts_result_table(counts).serialize("table").rsplit("\n(", 1)[0]
