"""Every named query parses, has its metadata, and returns its golden rows on the real data."""
from __future__ import annotations

from pathlib import Path

import pytest

from kgtool.querying.named import load_named_queries, run_query

ROOT = Path(__file__).resolve().parents[1]
QUERIES = load_named_queries(ROOT / "queries")

# Fixed output columns, in order, so results can be compared across versions (issue #2).
FIXED_COLUMNS = {
    # issue 18: the columns added later are appended, so the first ones keep their positions
    "documents": ["doc_number", "title", "issuer", "jurisdiction", "issued", "source_file",
                  "published", "web_uploaded", "jurisdiction_status", "transmits", "adopted_at"],
    "targets": ["doc_number", "jurisdiction", "metric", "comparator", "value", "min_value",
                "max_value", "unit", "deadline", "per_year", "quote"],
    "funding": ["doc_number", "funder", "activity", "amount_cny", "original_amount", "condition",
                "quote"],
    "tasks": ["doc_number", "task", "agency", "role", "quote"],
    "citations": ["citing_doc_number", "cited_doc_number", "cited_title"],
    "funders": ["funder", "activity", "amount_cny", "doc_number", "kind"],
}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_header_complete(name):
    q = QUERIES[name]
    assert q.title and q.summary and q.description, f"{name}: title, summary, description"
    assert q.tags, f"{name}: tags"
    for p in q.parameters:
        if p.name != "lang" and not p.name.startswith("__"):
            assert p.description or not p.required, f"{name}: parameter {p.name} undocumented"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_golden_rows(name, store, golden):
    q = QUERIES[name]
    table = run_query(store, q, q.example_params)
    if name in FIXED_COLUMNS:
        assert table.columns == FIXED_COLUMNS[name]
    if q.role == "violation":
        assert len(table) == 0, f"{name} found violations:\n{table.serialize('table')}"
    else:
        assert len(table) > 0, f"{name} returned no rows on the real data"
    golden.table(f"queries/{name}.csv", table)


def test_every_query_has_a_golden_file():
    missing = [n for n in QUERIES if not (ROOT / "tests/golden/queries" / f"{n}.csv").exists()]
    assert not missing, f"no golden file for {missing}; run pytest --update-golden"
