"""The kgtool CLI on the real data: every command, formats, exit codes, parameter binding,
refused SERVICE, atomic export, diff, inferred graph kept apart."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kgtool.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def proj(tmp_path_factory):
    """A copy of the project (ontology, data, queries) with its own build/ directory."""
    root = tmp_path_factory.mktemp("proj")
    for d in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / d, root / d)
    return root


def run(proj, *args, input=None):
    result = CliRunner().invoke(cli, ["--project", str(proj), *args], input=input,
                                catch_exceptions=False)
    return result


@pytest.fixture(scope="module")
def built(proj):
    result = run(proj, "--quiet", "build")
    assert result.exit_code in (0, 1), result.output
    return result


def test_build_reports_counts_and_conformance(built, proj):
    assert "000_bd02ed76a9d5e334.txt" in built.output
    assert "004_ea0f70c2f175dfd3.txt" in built.output
    assert "validation: conforms" in built.output, built.output
    assert built.exit_code == 0
    for name in ("graph.trig", "graph.nq", "asserted.ttl", "inferred.ttl", "full.ttl", "validation.json",
                 "summary.json"):
        assert (proj / "build" / name).is_file(), name
    assert (proj / "build" / "asserted.ttl").read_text(encoding="utf-8").startswith("# Generated")
    summary = json.loads((proj / "build" / "summary.json").read_text(encoding="utf-8"))
    assert summary["conforms"] is True and summary["inferred_triples"] > 0


def test_inferred_graph_kept_apart(built, proj):
    asserted = Graph().parse(proj / "build" / "asserted.ttl")
    inferred = Graph().parse(proj / "build" / "inferred.ttl")
    assert len(inferred) > 0
    assert not set(asserted) & set(inferred)
    ds = Dataset()
    ds.parse(proj / "build" / "graph.trig", format="trig")
    names = {str(g.identifier) for g in ds.graphs()}
    assert "https://w3id.org/kgtool/graph/inferred" in names
    assert "https://w3id.org/kgtool/graph/doc-003" in names


def test_query_funders_answers_which_agency_funds_what(built, proj):
    result = run(proj, "query", "funders", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows and list(rows[0]) == ["funder", "activity", "amount_cny", "doc_number", "kind"]
    # the kind tells a subsidy with an amount from a budget statement (issue 18)
    kinds = {r["kind"] for r in rows}
    assert kinds == {"funding measure", "budget statement"}
    assert all(r["amount_cny"] for r in rows if r["kind"] == "funding measure")
    assert not any(r["amount_cny"] for r in rows if r["kind"] == "budget statement")
    by_doc = {r["doc_number"] for r in rows}
    assert {"苏府〔2007〕99号", "粤府〔2010〕1号", "渝府发〔2011〕3号"} <= by_doc
    suzhou = [r for r in rows if r["doc_number"] == "苏府〔2007〕99号" and r["amount_cny"]]
    assert any(float(r["amount_cny"]) == 1_000_000 for r in suzhou)
    zh = run(proj, "--lang", "zh", "query", "funders", "-p", "lang=zh", "-f", "tsv")
    assert "项目承担单位所在地的市（区）政府" in zh.output or "所在地" in zh.output


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "md"])
def test_query_formats(built, proj, fmt):
    result = run(proj, "query", "documents", "-f", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(result.output)
        assert data["head"]["vars"][0] == "doc_number"
        assert len(data["results"]["bindings"]) == 5
    elif fmt == "md":
        assert result.output.startswith("| doc_number |")
    elif fmt in ("csv", "tsv"):
        assert len(result.output.strip().splitlines()) == 6
    else:
        assert "(5 rows)" in result.output


def test_query_parameter_bound_not_pasted(built, proj):
    ok = run(proj, "query", "find-quote", "-p", "text=采标率", "-f", "csv")
    assert ok.exit_code == 0 and len(ok.output.splitlines()) > 1
    for hostile in ['public" || ?s != "x', 'x" } ; DELETE WHERE { ?s ?p ?o } ; INSERT DATA { "',
                    "} ; DROP ALL"]:
        result = run(proj, "query", "find-quote", "-p", f"text={hostile}", "-f", "csv")
        assert result.exit_code == 0, result.output
        assert len(result.output.strip().splitlines()) == 1  # header only: no extra rows
    bad_iri = run(proj, "query", "targets-by-jurisdiction", "-p",
                  "jurisdiction=http://x/> } ; DROP ALL")
    assert bad_iri.exit_code == 2 and "not a valid IRI" in bad_iri.output
    # the data is unchanged
    after = run(proj, "query", "documents", "-f", "csv")
    assert len(after.output.strip().splitlines()) == 6


def test_query_missing_and_unknown_parameter(built, proj):
    missing = run(proj, "query", "targets-by-jurisdiction")
    assert missing.exit_code == 2 and "--param jurisdiction" in missing.output
    unknown = run(proj, "query", "documents", "-p", "nope=1")
    assert unknown.exit_code == 2 and "no parameter nope" in unknown.output


def test_service_and_updates_refused(built, proj):
    r = run(proj, "query", "--text", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert r.exit_code == 2 and "SERVICE" in r.output and "Traceback" not in r.output
    r = run(proj, "query", "--text", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
    assert r.exit_code == 2 and "FROM" in r.output
    r = run(proj, "query", "--text", "DROP ALL")
    assert r.exit_code == 2 and "refused" in r.output
    r = run(proj, "query", "--text", "SELECT WHERE {")
    assert r.exit_code == 2 and r.output.startswith("kgtool: error:") and len(r.output.splitlines()) == 1


def test_runaway_query_stopped(built, proj):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    r = run(proj, "query", "--text", q, "--timeout", "1")
    assert r.exit_code == 2 and "time limit" in r.output


def test_queries_lists_names_and_parameters(built, proj):
    r = run(proj, "queries")
    assert r.exit_code == 0
    assert "funders" in r.output and "--param jurisdiction=<iri> (required)" in r.output
    data = json.loads(run(proj, "--json", "queries").output)
    assert {"documents", "targets", "funding", "tasks", "citations", "funders"} <= {q["name"] for q in data}


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld"])
def test_export_rdf_round_trips(built, proj, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    r = run(proj, "export", "-f", fmt, "--graph", "asserted", "-o", str(out))
    assert r.exit_code == 0, r.output
    ds = Dataset()
    ds.parse(out, format={"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig",
                          "jsonld": "json-ld"}[fmt])
    n = len(set((s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))))
    reference = Graph().parse(proj / "build" / "asserted.ttl")
    assert n == len(reference)
    assert "重庆市质量技术监督局".encode("utf-8") in out.read_bytes() or fmt in ("nt", "nq")


def test_failed_export_keeps_previous_file(built, proj, tmp_path, monkeypatch):
    out = tmp_path / "keep.ttl"
    out.write_text("previous content", encoding="utf-8")
    import kgtool.building.pipeline as b

    def broken(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(Graph, "serialize", broken)
    r = run(proj, "export", "-f", "ttl", "-o", str(out))
    assert r.exit_code == 2 and "disk full" in r.output
    assert out.read_text(encoding="utf-8") == "previous content"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.ttl"]


def test_stats_table(built, proj):
    r = run(proj, "stats", "-f", "csv")
    assert r.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert [row["source_file"][:3] for row in rows[:-1]] == ["000", "001", "002", "003", "004"]
    assert int(rows[3]["funding_items"]) >= 15  # the Suzhou schedule
    assert int(rows[4]["tasks"]) >= 18


def test_diff_of_a_changed_file(built, proj, tmp_path):
    a = proj / "build" / "asserted.ttl"
    g = Graph().parse(a)
    from rdflib import URIRef
    fact = URIRef("https://w3id.org/kgtool/id/fact/sufu-2007-99/target-01")
    removed = list(g.triples((fact, None, None)))
    assert removed, "expected the first Suzhou target in the data"
    g.remove((fact, None, None))
    b = tmp_path / "changed.ttl"
    g.serialize(b, format="turtle")
    r = run(proj, "--json", "diff", str(a), str(b))
    data = json.loads(r.output)
    assert data["triples_removed"] == len(removed) and data["triples_added"] == 0
    assert str(fact) in data["facts_removed"]
    same = json.loads(run(proj, "--json", "diff", str(a), str(a)).output)
    assert same["triples_added"] == same["triples_removed"] == 0


def test_validate_exit_codes(built, proj, tmp_path):
    good = run(proj, "validate")
    assert good.exit_code == 0, good.output
    bad = tmp_path / "bad.ttl"
    bad.write_text("""@prefix kgt: <https://w3id.org/kgtool/ontology#> .
<https://w3id.org/kgtool/id/fact/draft/target-01> a kgt:Target ;
    kgt:statedIn <https://w3id.org/kgtool/id/doc/yufufa-2011-3> .
""", encoding="utf-8")
    r = run(proj, "validate", str(bad))
    assert r.exit_code == 1 and "target-01" in r.output
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    r = run(proj, "validate", str(broken))
    assert r.exit_code == 2 and "broken.ttl:1:" in r.output and "Traceback" not in r.output


def test_docs_writes_html(proj, tmp_path):
    out = tmp_path / "onto.html"
    r = run(proj, "docs", "-o", str(out))
    assert r.exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "PolicyDocument" in html and "政策文件" in html


def test_every_command_has_help():
    for name, cmd in cli.commands.items():
        assert cmd.help and cmd.help.strip(), name
        r = CliRunner().invoke(cli, [name, "--help"])
        assert r.exit_code == 0 and "Usage" in r.output


def test_build_incremental_reloads_only_the_changed_document(proj, tmp_path):
    out = tmp_path / "inc"
    first = CliRunner().invoke(cli, ["--project", str(proj), "build", "--incremental", "--out", str(out)])
    assert first.exit_code == 0, first.output
    again = CliRunner().invoke(cli, ["--project", str(proj), "build", "--incremental", "--out", str(out)])
    assert again.exit_code == 0 and "incremental: reloaded nothing" in again.output
    doc = proj / "data" / "documents" / "003-sufu-2007-99.ttl"
    original = doc.read_text(encoding="utf-8")
    try:
        doc.write_text(original.replace('"60"^^xsd:decimal', '"61"^^xsd:decimal', 1), encoding="utf-8")
        changed = CliRunner().invoke(cli, ["--project", str(proj), "build", "--incremental", "--out", str(out)])
        assert changed.exit_code == 0 and "incremental: reloaded doc-003" in changed.output
    finally:
        doc.write_text(original, encoding="utf-8")


@pytest.mark.parametrize("what,first_column", [("agencies", "agency"), ("citations", "doc_number")])
def test_analyse(built, proj, what, first_column):
    r = run(proj, "analyse", what, "-f", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert rows and list(rows[0])[0] == first_column
    if what == "agencies":
        assert rows[0]["agency"].endswith("/org/cq-qts") and int(rows[0]["lead"]) >= 1
    else:
        assert {r["doc_number"] for r in rows} >= {"国办发〔 2017〕27号"}


# ------------------------------------------------------------ issue 18: queries never fail silently
def test_parameter_naming_nothing_exits_2_with_closest_iris(built, proj):
    r = run(proj, "query", "metric-comparison", "-p", "metric=kg:metric/local-standards")
    assert r.exit_code == 2 and len(r.output.strip().splitlines()) == 1, r.output
    assert "names nothing in the graph" in r.output
    assert "closest: kg:metric/standards-local (地方标准, local standards)" in r.output
    r = run(proj, "query", "targets-by-jurisdiction", "-p", "jurisdiction=kg:jur/50000")
    assert r.exit_code == 2 and "kg:jur/500000 (重庆市, Chongqing Municipality)" in r.output
    # a label instead of an IRI: the IRIs it may mean
    r = run(proj, "query", "targets-by-jurisdiction", "-p", "jurisdiction=重庆")
    assert r.exit_code == 2 and "is not a valid IRI" in r.output and "kg:jur/500000" in r.output
    # an existing IRI still answers
    ok = run(proj, "query", "metric-comparison", "-p", "metric=kg:metric/standards-local", "-f", "csv")
    assert ok.exit_code == 0 and len(ok.output.strip().splitlines()) > 1


def test_parameter_of_the_wrong_type_exits_2(built, proj):
    r = run(proj, "query", "targets-by-jurisdiction", "-p", "jurisdiction=kg:jur/500000",
            "-p", "deadline=twenty")
    assert r.exit_code == 2 and len(r.output.strip().splitlines()) == 1
    assert "'twenty' is not a valid gYear (expected e.g. 2015)" in r.output


@pytest.mark.parametrize("kind,text,expected", [
    ("metrics", "標準", "kg:metric/standards-local"),          # traditional finds simplified
    ("metrics", "local standards", "kg:metric/standards-local"),
    ("jurisdictions", "合川", "kg:jur/500117"),
    ("agencies", "有关区县", "kg:org/cq-relevant-district-govs"),
    ("industries", "水泥", "kg:industry/cement"),
    ("documents", "104", "kg:doc/yufubanfa-2017-104"),
])
def test_terms_lists_iris_with_zh_and_en_labels(built, proj, kind, text, expected):
    r = run(proj, "terms", kind, text, "-f", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert list(rows[0]) == ["iri", "zh", "en"]
    hit = [row for row in rows if row["iri"] == expected]
    assert hit and hit[0]["zh"] and hit[0]["en"], rows


def test_terms_without_text_lists_every_metric(built, proj):
    rows = list(csv.DictReader(io.StringIO(run(proj, "terms", "metrics", "-f", "csv").output)))
    assert len(rows) == 32 and all(r["iri"].startswith("kg:metric/") for r in rows)


def test_table_wraps_long_cells_instead_of_cutting(built, proj):
    table = run(proj, "query", "funders").output
    csv_rows = list(csv.DictReader(io.StringIO(run(proj, "query", "funders", "-f", "csv").output)))
    longest = max((r["activity"] for r in csv_rows), key=len)
    assert len(longest) > 60 and "…" not in table
    assert all(word in table for word in longest.split())  # every word is there, wrapped
    one_line = run(proj, "query", "funders", "--max-width", "0").output
    assert longest in one_line
    assert f"({len(csv_rows)} rows)" in table


def test_lang_zh_output_is_chinese(built, proj):
    r = run(proj, "--lang", "zh", "query", "metric-comparison", "-p", "metric=kg:metric/agri-demo-zones",
            "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert {row["comparator"] for row in rows} == {"等于"}
    assert {row["quantity_kind"] for row in rows} == {"新增量"}
    assert "技术标准优化发展实施意见" in {row["doc_number"] for row in rows}  # 001: zh name, no number
    import re
    for row in rows:
        for col in ("metric", "jurisdiction", "doc_number", "comparator", "unit", "quantity_kind"):
            assert not re.search(r"[A-Za-z]{3,}", row[col]), (col, row[col])
    funders = list(csv.DictReader(io.StringIO(run(proj, "--lang", "zh", "query", "funders", "-f", "csv").output)))
    assert {r["kind"] for r in funders} == {"资助措施", "预算安排"}


def test_find_quote_one_row_per_fact_in_both_scripts(built, proj):
    simplified = list(csv.DictReader(io.StringIO(
        run(proj, "query", "find-quote", "-p", "text=技术标准孵化基地", "-f", "csv").output)))
    traditional = list(csv.DictReader(io.StringIO(
        run(proj, "query", "find-quote", "-p", "text=技術標準孵化基地", "-f", "csv").output)))
    assert simplified == traditional and simplified
    facts = [r["fact"] for r in simplified]
    assert len(facts) == len(set(facts))  # one row per fact, not per class
    assert not any("PolicyFact" in r["class"] for r in simplified)  # inferred classes left out
    # the traditional quote of 001 is found from simplified text and shown as written
    assert any("孵化基地" in r["quote"] and "標準" in r["quote"] for r in simplified)
    # and a simplified quote (000) from traditional text
    assert any(r["doc_number"] == "渝府发〔2011〕3号" for r in traditional)


def test_demonstration_zones_one_row_per_zone(built, proj):
    rows = list(csv.DictReader(io.StringIO(run(proj, "query", "demonstration-zones", "-f", "csv").output)))
    zones = [r for r in rows if r["kind"] == "zone"]
    count = run(proj, "query", "--text", "PREFIX kgt: <https://w3id.org/kgtool/ontology#> "
                "SELECT (COUNT(DISTINCT ?z) AS ?n) WHERE { ?z a kgt:DemonstrationZone }", "-f", "csv")
    assert len(zones) == int(count.output.splitlines()[1])
    # several places of one zone are joined, in the original script
    assert any("雙鳳優質桃李" in r["location"] and " | " in r["location"] for r in zones)


def test_documents_have_every_metadata_field(built, proj):
    rows = {r["source_file"][:3]: r for r in csv.DictReader(io.StringIO(
        run(proj, "query", "documents", "-f", "csv").output))}
    assert rows["001"]["web_uploaded"] == "2022-02-10" and rows["001"]["issued"] == ""
    assert rows["001"]["jurisdiction_status"] == "inferred"
    assert rows["000"]["jurisdiction_status"] == "stated"
    assert rows["002"]["published"] == "2010-01-15" and rows["002"]["transmits"]
    assert rows["003"]["adopted_at"] == "市政府第73次常务会议"


@pytest.mark.parametrize("name", ["metrics", "shared-metrics", "planned-documents", "industry-rollup"])
def test_new_named_queries_answer(built, proj, name):
    r = run(proj, "query", name, "-f", "csv")
    assert r.exit_code == 0 and len(r.output.strip().splitlines()) > 1, r.output


def test_recurring_industries_rolls_narrower_industries_up(built, proj):
    rows = {r["industry"]: r for r in csv.DictReader(io.StringIO(
        run(proj, "query", "recurring-industries", "-f", "csv").output))}
    # no document names "manufacturing" itself in all five, but each names a narrower one
    assert int(rows["manufacturing"]["documents"]) == 5


# ------------------------------------------------------------ issue 18: validate new data
def test_validate_reports_undefined_concept_with_closest_iri(built, proj, tmp_path):
    draft = tmp_path / "draft.ttl"
    shutil.copyfile(Path(__file__).parent / "data" / "draft-target-local-standards.ttl", draft)
    r = run(proj, "validate", str(draft))
    assert r.exit_code == 1, r.output
    assert "kg:metric/local-standards" in r.output and "defined nowhere" in r.output
    assert "Closest defined: kg:metric/standards-local" in r.output
    zh = run(proj, "--lang", "zh", "validate", str(draft))
    assert "最接近的已定义 IRI：kg:metric/standards-local" in zh.output


def test_validate_alone_knows_the_reference_data(built, proj):
    r = run(proj, "validate", "--alone", str(proj / "data/documents/004-yufubanfa-2017-104.ttl"),
            str(proj / "data/documents/004-industries.ttl"))
    assert r.exit_code == 0, r.output
