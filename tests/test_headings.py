"""`--lang zh` tables read in Chinese: column headings from kgtool/querying/column_labels.tsv,
booleans 是/否, the row count in Chinese; CSV/TSV/JSON keep the variable names for programs."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from rdflib.plugins.sparql import prepareQuery

from kgtool.querying.headings import column_labels
from kgtool.querying.named import builtin_queries_dir, get_named_query, load_named_queries, run_query
from kgtool.querying.render import counts_result_table

APP_QUERIES = Path(__file__).resolve().parents[1] / "kgtool" / "app" / "queries"


def _columns(text: str) -> list[str]:
    return [str(v) for v in prepareQuery(text).algebra["PV"]]


def test_every_column_of_every_built_in_query_has_a_chinese_heading():
    missing = {}
    for q in load_named_queries(builtin_queries_dir()).values():
        lacking = [c for c in _columns(q.text) if c not in column_labels()]
        if lacking:
            missing[q.name] = lacking
    assert missing == {}
    assert all(re.search(r"[\u4e00-\u9fff]", zh) for zh in column_labels().values())


def test_a_zh_table_has_chinese_headings_booleans_and_count(store):
    q = get_named_query(builtin_queries_dir(), "targets")
    table = run_query(store, q, {"lang": "zh"})
    text = table.serialize("table", lang="zh", max_width=0)
    header = text.splitlines()[0]
    assert header.split()[:4] == ["文号", "行政区域", "指标", "比较方式"]
    assert not re.search(r"[A-Za-z_]{3,}", header), header
    assert text.rstrip().endswith(f"（共 {len(table)} 行）")
    per_year = table.columns.index("per_year")
    assert {str(r[per_year]) for r in table.rows} >= {"false"}
    body = text.splitlines()[2:-1]
    assert all(" false" not in line and " true" not in line for line in body)
    assert any(" 否" in line for line in body)
    md = table.serialize("md", lang="zh").splitlines()[0]
    assert md.startswith("| 文号 | 行政区域 | 指标 |")


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_machine_formats_keep_variable_names_and_booleans(store, fmt):
    q = get_named_query(builtin_queries_dir(), "targets")
    table = run_query(store, q, {"lang": "zh"})
    out = table.serialize(fmt, lang="zh")
    rows = list(csv.DictReader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
    assert list(rows[0])[:3] == ["doc_number", "jurisdiction", "metric"]
    assert {r["per_year"] for r in rows} <= {"true", "false", ""}


def test_the_counts_table_total_row_in_chinese(built):
    table = counts_result_table(built.document_counts(), total_triples=built.triples, lang="zh")
    last = table.serialize("md", lang="zh").splitlines()[-1]
    assert last.startswith("| 合计 |") and f"（全图 {built.triples}）" in last
