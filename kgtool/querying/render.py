"""Human-readable renderings shared by commands (count tables)."""
from __future__ import annotations

from rdflib import Literal

from kgtool.querying.results import ResultTable
from kgtool.querying.stats import DocumentCounts

__all__ = ["counts_result_table", "counts_table"]

_COLUMNS = ["source_file", "documents", "targets", "funding_items", "tasks", "agencies",
            "industries", "triples"]


def counts_result_table(counts: list[DocumentCounts], *, total_triples: int | None = None,
                        lang: str = "en") -> ResultTable:
    """The per-document counts as a :class:`ResultTable` with a total row (its words in
    ``lang``)."""
    rows = [tuple(Literal(getattr(c, k)) for k in _COLUMNS) for c in counts]
    zh = lang == "zh"
    totals = ["合计" if zh else "total"] + [sum(getattr(c, k) for c in counts) for k in _COLUMNS[1:]]
    if total_triples is not None:
        totals[-1] = (f"{totals[-1]}（全图 {total_triples}）" if zh
                      else f"{totals[-1]} (graph: {total_triples})")
    rows.append(tuple(Literal(v) for v in totals))
    return ResultTable(list(_COLUMNS), rows)


def counts_table(counts: list[DocumentCounts], lang: str = "en") -> str:
    """The per-document counts as an aligned text table (headings in ``lang``)."""
    text = counts_result_table(counts, lang=lang).serialize("table", lang=lang)
    return text.rstrip("\n").rsplit("\n", 1)[0]  # without the row count
