"""Network views (kgtool.views.network) and their analysis (kgtool.views.analyse) on the real data.

Every view is written in every format and read back; counts, Chinese labels and the
view-specific attributes must survive. Expected numbers come from independent SPARQL
queries over the same graph, never from constants.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Literal, URIRef

from kgtool.views import network

from kgtool.views import network_formats
from kgtool.views.analyse import agency_centrality, citation_ranking
from kgtool.errors import KgtoolError
from kgtool.rdf.graph import KnowledgeGraph, load_project
from kgtool.views.network import NETWORK_FORMATS, VIEWS, build_view, dot_quote, export_view, write_network
from kgtool.project import Project
from kgtool.reasoning.closure import apply_rules
from kgtool.stores.base import RdflibStore

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "data" / "documents"
GOLDEN = Path(__file__).resolve().parent / "golden" / "network"
KG_ID = "https://w3id.org/kgtool/id/"
QTS = KG_ID + "org/cq-qts"
QTS_FULL_NAME = "重庆市质量技术监督局"
SUZHOU_FUNDER = KG_ID + "org/sz-project-owner-local-gov"
PREFIXES = """PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
"""
# A DOT edge statement: "source" -> "target" [ ... ];
DOT_EDGE = re.compile(r'^\s*"(?:[^"\\]|\\.)*"\s*->\s*"(?:[^"\\]|\\.)*"')


def need_document(prefix: str, what: str) -> None:
    """Skip when the data file of document ``prefix`` is not written yet."""
    if not any(p.name.startswith(prefix + "-") and "industries" not in p.name
               for p in DOCS.glob("*.ttl")):
        pytest.skip(f"data/documents has no {prefix}-*.ttl yet ({what})")


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    project = Project(ROOT)
    graph = load_project(project)
    apply_rules(graph, project.rules_dir)
    return graph


@pytest.fixture(scope="module")
def views(kg) -> dict[str, nx.MultiDiGraph]:
    return {view: build_view(kg, view) for view in VIEWS}


def sparql(kg, query: str):
    return RdflibStore(kg).select(PREFIXES + query, timeout=120)


# ------------------------------------------------------------------ real readers per format
GVPR_PROGRAM = r"""N { printf("N\t%s\t%s\n", $.name, aget($, "kg_label_zh")); }
E { printf("E\t%s\t%s\t%s\n", $.tail.name, $.head.name, aget($, "id")); }
"""


def xml_edge_ids(path: Path) -> list[str]:
    """The id attribute of every <edge> of a GraphML or GEXF file, in file order."""
    import xml.etree.ElementTree as ET

    return [el.get("id") for el in ET.parse(path).iter() if el.tag.rsplit("}", 1)[-1] == "edge"]


def read_back(path: Path, fmt: str):
    """(node count, edge count, {node: label_zh}, [edge id]) as the format's real reader
    sees the file: networkx.read_graphml / read_gexf / cytoscape_graph, Graphviz's gvpr."""
    if fmt in ("graphml", "gexf"):
        g = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
        ids = xml_edge_ids(path)
        return g.number_of_nodes(), g.number_of_edges(), dict(g.nodes(data="label_zh")), ids
    if fmt == "cyjs":
        data = json.loads(path.read_text(encoding="utf-8"))
        g = nx.cytoscape_graph(data)
        ids = [d["id"] for _, _, d in g.edges(data=True)]
        return g.number_of_nodes(), g.number_of_edges(), dict(g.nodes(data="label_zh")), ids
    assert fmt == "dot"
    if not shutil.which("gvpr"):
        pytest.skip("Graphviz (gvpr) not installed: run scripts/install-browser.sh")
    res = subprocess.run(["gvpr", GVPR_PROGRAM, str(path)], capture_output=True, text=True,
                         timeout=120, check=True)
    labels, ids = {}, []
    for line in res.stdout.splitlines():
        kind, *rest = line.split("\t")
        if kind == "N":
            labels[rest[0]] = rest[1] or None
        else:
            ids.append(rest[2])
    return len(labels), len(ids), labels, ids


@pytest.mark.parametrize("fmt", NETWORK_FORMATS)
@pytest.mark.parametrize("view", VIEWS)
def test_view_read_by_the_real_reader(view, fmt, views, tmp_path):
    """Every node and edge arrives, every edge id is unique, Chinese labels are byte-identical."""
    g = views[view]
    out = write_network(g, tmp_path / f"{view}.{fmt}", fmt=fmt)
    assert out.is_file() and out.stat().st_size > 0
    nodes, edges, labels, ids = read_back(out, fmt)
    assert (nodes, edges) == (g.number_of_nodes(), g.number_of_edges())
    assert len(ids) == edges and len(set(ids)) == edges and None not in ids
    expected = {n: d["label_zh"] for n, d in g.nodes(data=True) if d["label_zh"]}
    assert {n: labels.get(n) for n in expected} == expected  # byte-identical Chinese
    if QTS in g:
        assert labels[QTS] == QTS_FULL_NAME


@pytest.mark.skipif(not shutil.which("gc"), reason="Graphviz (gc) not installed: run scripts/install-browser.sh")
@pytest.mark.parametrize("view", VIEWS)
def test_graphviz_counts_dot(view, views, tmp_path):
    g = views[view]
    out = write_network(g, tmp_path / f"{view}.dot", fmt="dot")
    res = subprocess.run(["gc", "-n", "-e", str(out)], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and not res.stderr, res.stderr
    assert res.stdout.split()[:2] == [str(g.number_of_nodes()), str(g.number_of_edges())]


@pytest.mark.skipif(not shutil.which("dot"), reason="Graphviz (dot) not installed: run scripts/install-browser.sh")
@pytest.mark.parametrize("view", ["citations", "agency-task", "funding", "targets"])
def test_dot_labels_are_short(view, views, tmp_path):
    """Graphviz lays the view out with the short labels: every node box stays narrow (the
    citations graph was 3,448 px wide with the full zh and en titles)."""
    g = views[view]
    out = write_network(g, tmp_path / f"{view}.dot", fmt="dot")
    res = subprocess.run(["dot", "-Tjson0", str(out)], capture_output=True, text=True,
                         timeout=300, check=True)
    laid = json.loads(res.stdout)
    widths = [float(o["width"]) * 72 for o in laid["objects"] if "width" in o]  # inches -> pt
    assert len(widths) == g.number_of_nodes() and max(widths) < 300, max(widths)
    if view == "citations":
        x0, y0, x1, y1 = map(float, laid["bb"].split(","))
        assert x1 - x0 < 1000
        titles = {o["name"]: o["label"] for o in laid["objects"]}
        number = next(d["doc_number"] for _, d in g.nodes(data=True) if d.get("doc_number"))
        assert any(label.startswith(number) for label in titles.values())


def test_cytoscape_js_reads_cyjs(views, tmp_path):
    """Cytoscape.js (the copy bundled for the explorer) in headless Chromium builds every view
    from the .cyjs file: same node and edge counts, no console error."""
    from kgtool.views.explorer import ASSETS_DIR

    sys.path.insert(0, str(Path(__file__).parent))
    import chromium

    drv = chromium.driver()
    try:
        library = (ASSETS_DIR / "cytoscape.min.js").read_text(encoding="utf-8")
        for view, g in views.items():
            cyjs = write_network(g, tmp_path / f"{view}.cyjs", fmt="cyjs")
            doc = cyjs.read_text(encoding="utf-8").replace("<", "\\u003c")
            page = tmp_path / f"{view}.html"
            page.write_text(
                "<!DOCTYPE html><meta charset='utf-8'><script>" + library + "</script>"
                "<script>var doc = " + doc + ";\n"
                "var cy = cytoscape({headless: true, elements: doc.elements});\n"
                "window.counts = [cy.nodes().length, cy.edges().length,"
                " cy.getElementById(" + json.dumps(QTS) + ").data('label_zh') || null];"
                "</script>", encoding="utf-8")
            drv.get(page.resolve().as_uri())
            counts = chromium.wait_for(drv, "return window.counts")
            assert counts[:2] == [g.number_of_nodes(), g.number_of_edges()], view
            if QTS in g:
                assert counts[2] == QTS_FULL_NAME
            assert not chromium.console_errors(drv), view
    finally:
        drv.quit()


def test_export_view_writes_file(kg, tmp_path):
    out = export_view(kg, "citations", tmp_path / "c.cyjs", fmt="cyjs")
    assert json.loads(out.read_text(encoding="utf-8"))["elements"]["edges"]


def test_labels_short_and_full(views):
    for view, g in views.items():
        for node, d in g.nodes(data=True):
            assert len(d["short_zh"]) <= network.SHORT_ZH or d["short_zh"] == d.get(
                "doc_number", d.get("kgt:docNumber")), (view, node)
            assert len(d["short_en"]) <= network.SHORT_EN or d["short_en"] == d.get(
                "doc_number", d.get("kgt:docNumber")), (view, node)
            assert d["label"] == (d["short_zh"] or d["short_en"] or network.curie(node))
    doc = views["citations"].nodes[KG_ID + "doc/yufubanfa-2017-104"]
    # the 文号 as written in the data (kgt:docNumber), the full title in label_zh
    assert doc["short_zh"] == doc["short_en"] == doc["doc_number"]
    assert doc["doc_number"].startswith("渝府办发") and doc["doc_number"].endswith("104号")
    assert doc["label_zh"].startswith("渝府办发〔2017〕104号：关于印发")


def test_full_view_leaves_ontology_out_unless_asked(kg, views):
    g = views["full"]
    ontology = [n for n in g if network.is_ontology_term(n)]
    assert not ontology
    assert "https://w3id.org/kgtool/ontology#Task" not in g and QTS in g
    everything = build_view(kg, "full", include_ontology=True)
    assert "https://w3id.org/kgtool/ontology#Task" in everything
    dropped = set(everything) - set(g)
    assert dropped and all(network.is_ontology_term(n) or n.startswith("_:") for n in dropped)
    # every data node and every edge between data nodes is kept
    data_nodes = {n for n in everything if not network.is_ontology_term(n) and not n.startswith("_:")}
    assert data_nodes <= set(g)
    assert g.number_of_edges() == sum(1 for u, v in everything.edges() if u in g and v in g)
    assert all(d["degree"] == g.degree(n) for n, d in g.nodes(data=True))


@pytest.mark.parametrize("view", VIEWS)
def test_views_are_not_empty_and_nodes_complete(view, views):
    g = views[view]
    if view == "agency-task":
        need_document("004", "task assignments")
    assert g.number_of_edges() > 0, f"view {view} is empty on the real data"
    for node, data in g.nodes(data=True):
        assert {"label_zh", "label_en", "label", "class", "degree"} <= set(data), node
        assert data["degree"] == g.degree(node)
    for _, _, data in g.edges(data=True):
        assert data["relation"] and isinstance(data["weight"], (int, float))


# ------------------------------------------------------------------ view-specific content
def test_agency_task_roles_and_qts(views, kg):
    need_document("004", "task assignments of 渝府办发〔2017〕104号")
    g = views["agency-task"]
    roles = {d.get("role") for _, _, d in g.edges(data=True)}
    assert roles and roles <= {"lead", "responsible", "cooperating"}
    expected = sparql(kg, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?t ?o ?r WHERE {"
                          " ?t a kgt:Task ; kgt:assignment [ kgt:agent ?o ; kgt:role ?r ] } }")
    assert g.number_of_edges() == int(expected.rows[0][0])
    tasks = {n: len(set(g.successors(n))) for n in {u for u, _ in g.edges()}}
    assert max(tasks, key=lambda n: (tasks[n], n == QTS)) == QTS
    assert tasks[QTS] > max(v for n, v in tasks.items() if n != QTS)
    assert any(d["role"] == "lead" for _, _, d in g.out_edges(QTS, data=True))
    assert g.nodes[QTS]["label_zh"] == QTS_FULL_NAME


def test_funding_weight_of_suzhou_funder(views, kg):
    need_document("003", "the Suzhou reward schedule of 苏府〔2007〕99号")
    g = views["funding"]
    assert SUZHOU_FUNDER in g
    # Independent: every (measure, activity) pair of the Suzhou funder with its CNY amount.
    rows = sparql(kg, f"""SELECT ?m ?a ?v WHERE {{
        ?m kgt:funder <{SUZHOU_FUNDER}> ; kgt:activity ?a ;
           kgt:amount [ schema:value ?v ; schema:currency "CNY" ] . }}""")
    expected = sum(float(r[2].toPython()) for r in rows)
    assert expected > 0
    edges = [d for _, _, d in g.out_edges(SUZHOU_FUNDER, data=True)]
    got = sum(d["amount_cny"] for d in edges if d["amount_known"])
    assert got == pytest.approx(expected)
    assert len([d for d in edges if d["amount_known"]]) == len({(r[0], r[1]) for r in rows})
    for d in edges:
        assert d["weight"] == d["measures"] >= 1
        assert ("amount_cny" in d) is d["amount_known"]


def test_funding_links_without_amount_stay_without(views, kg, tmp_path):
    """A funding link whose measures state no amount has no amount_cny, amount_known=false and
    a weight counting its measures: no invented 0 that Gephi would drop, in any format."""
    need_document("000", "budget statements")
    g = views["funding"]
    # independent: the funder-activity pairs of which no measure states an amount
    rows = sparql(kg, """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?f ?a WHERE {
        ?m kgt:funder ?f ; kgt:activity ?a .
        FILTER EXISTS { ?m a ?k VALUES ?k { kgt:FundingMeasure kgt:BudgetStatement } }
        FILTER NOT EXISTS { ?m2 kgt:funder ?f ; kgt:activity ?a ; kgt:amount [] } } }""")
    unknown = [d for _, _, d in g.edges(data=True) if d["amount_known"] is False]
    assert len(unknown) == int(rows.rows[0][0]) > 0
    assert all("amount_cny" not in d and d["measures_with_amount"] == 0 for d in unknown)
    assert all(d["weight"] == d["measures"] >= 1 for _, _, d in g.edges(data=True))
    for fmt in NETWORK_FORMATS:
        out = write_network(g, tmp_path / f"funding.{fmt}", fmt=fmt)
        text = out.read_text(encoding="utf-8")
        if fmt == "gexf":
            weights = re.findall(r'<edge [^>]*weight="([^"]+)"', text)
            assert len(weights) == g.number_of_edges() and "0" not in weights
        if fmt == "graphml":
            h = nx.read_graphml(out)
            assert sum(1 for *_, d in h.edges(data=True) if "amount_cny" not in d) == len(unknown)
            assert all(d["weight"] >= 1 for *_, d in h.edges(data=True))
            assert sum(1 for *_, d in h.edges(data=True) if d["amount_known"] is False) == len(unknown)
        if fmt == "cyjs":
            edges = json.loads(text)["elements"]["edges"]
            assert sum(1 for e in edges if "amount_cny" not in e["data"]) == len(unknown)


def test_targets_view(views, kg):
    g = views["targets"]
    expected = sparql(kg, "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {"
                          " ?t a kgt:Target ; kgt:jurisdiction ?j ; kgt:metric ?m }")
    assert sum(d["weight"] for _, _, d in g.edges(data=True)) == int(expected.rows[0][0])
    for _, _, d in g.edges(data=True):
        assert d["relation"] == "target"
        assert "value" in d and re.fullmatch(r"[\d.]+(–[\d.]+)?", str(d["value"]))
    assert any(d.get("doc_number") == "渝府发〔2011〕3号" for _, _, d in g.edges(data=True))


def test_citations_doc_numbers(views, kg):
    g = views["citations"]
    expected = sparql(kg, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?b WHERE { ?a eli:cites ?b } }")
    assert g.number_of_edges() == int(expected.rows[0][0])
    numbers = dict(sparql(kg, "SELECT ?d ?n WHERE { ?d kgt:docNumber ?n }").rows)
    for node, data in g.nodes(data=True):
        if URIRef(node) in numbers:
            assert data["doc_number"] == str(numbers[URIRef(node)])
    for u, v, d in g.edges(data=True):
        assert d["cited_title"] == g.nodes[v]["title"]


def test_full_view_from_store_matches_graph(kg, views):
    via_store = build_view(RdflibStore(kg), "full")
    g = views["full"]
    assert (via_store.number_of_nodes(), via_store.number_of_edges()) == \
        (g.number_of_nodes(), g.number_of_edges())
    assert g.nodes[QTS]["label_zh"] == QTS_FULL_NAME
    assert g.nodes[QTS]["class"] == "kgt:GovernmentAgency"


def test_full_view_from_oxigraph_terms_equals_the_graph_one(kg, views):
    """The Oxigraph path reads pyoxigraph terms, not rdflib ones: the same nodes, attributes
    and edges."""
    from collections import Counter

    from kgtool.stores.oxigraph import OxigraphStore

    via_ox = build_view(OxigraphStore.from_knowledge_graph(kg), "full")
    g = views["full"]
    assert dict(via_ox.nodes(data=True)) == dict(g.nodes(data=True))
    assert Counter((u, v, d["relation"]) for u, v, d in via_ox.edges(data=True)) == \
        Counter((u, v, d["relation"]) for u, v, d in g.edges(data=True))
    assert via_ox.nodes[QTS]["class"] == "kgt:GovernmentAgency"


def test_store_and_graph_give_same_view(kg, views):
    g = build_view(RdflibStore(kg), "targets")
    assert sorted(g.edges(data="value")) == sorted(views["targets"].edges(data="value"))


# ------------------------------------------------------------------ errors and atomicity
def test_unknown_view_and_format(kg, tmp_path):
    with pytest.raises(KgtoolError, match=r"unknown view 'nope'; choose one of full, agency-task"):
        build_view(kg, "nope")
    with pytest.raises(KgtoolError, match=r"unknown view"):
        export_view(kg, "nope", tmp_path / "x.dot", fmt="dot")
    with pytest.raises(KgtoolError, match=r"unknown network format 'png'; choose one of graphml"):
        export_view(kg, "citations", tmp_path / "x.png", fmt="png")
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("fmt", NETWORK_FORMATS)
def test_failed_write_keeps_previous_file(fmt, views, tmp_path, monkeypatch):
    out = tmp_path / f"net.{fmt}"
    write_network(views["citations"], out, fmt=fmt)
    before = out.read_bytes()
    real, mode = network_formats._WRITERS[fmt]

    def broken(g, fh):
        real(g, fh)  # the whole content goes to the temporary file first…
        fh.write(b"\0partial" if "b" in mode else "partial")
        raise RuntimeError("disk full")  # …then the write fails midway

    monkeypatch.setitem(network_formats._WRITERS, fmt, (broken, mode))
    with pytest.raises(RuntimeError, match="disk full"):
        write_network(views["funding"], out, fmt=fmt)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temp file left


# ------------------------------------------------------------------ small golden files
def tiny_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name="tiny")
    g.add_node("https://w3id.org/kgtool/id/org/cq-qts", label_zh=QTS_FULL_NAME,
               label_en='Bureau "QTS"', **{"class": "kgt:GovernmentAgency"})
    g.add_node("https://w3id.org/kgtool/id/fact/x/task-01", label_zh="任务\\一",
               label_en="Task one", **{"class": "kgt:Task"})
    g.add_edge("https://w3id.org/kgtool/id/org/cq-qts", "https://w3id.org/kgtool/id/fact/x/task-01",
               relation="lead", role="lead", weight=1)
    g.add_edge("https://w3id.org/kgtool/id/org/cq-qts", "https://w3id.org/kgtool/id/fact/x/task-01",
               relation="responsible", role="responsible", weight=2.5)
    return network._finish(g)


@pytest.mark.parametrize("fmt", ["dot", "cyjs"])
def test_tiny_golden(fmt, tmp_path, request):
    out = write_network(tiny_graph(), tmp_path / f"tiny.{fmt}", fmt=fmt)
    golden = GOLDEN / f"tiny.{fmt}"
    if request.config.getoption("--update-golden", default=False):
        golden.write_bytes(out.read_bytes())
    if not golden.exists():
        pytest.fail(f"golden file {golden} is missing; run pytest --update-golden")
    assert out.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8")


def test_dot_quote_escapes():
    assert dot_quote('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'


def test_mixed_numeric_attributes_become_float(tmp_path):
    out = write_network(tiny_graph(), tmp_path / "t.graphml", fmt="graphml")
    g = nx.read_graphml(out)
    assert sorted(d["weight"] for _, _, d in g.edges(data=True)) == [1.0, 2.5]
    assert sorted(k for _, _, k in g.edges(keys=True)) == ["e0", "e1"]  # parallel edges kept


# ------------------------------------------------------------------ analysis
def test_agency_centrality(kg):
    need_document("004", "task assignments")
    table = agency_centrality(kg)
    assert table.columns == ["agency", "label_zh", "label_en", "tasks", "lead", "responsible",
                             "cooperating", "degree_centrality", "betweenness"]
    first = dict(zip(table.columns, table.rows[0]))
    assert first["agency"] == URIRef(QTS)
    assert first["label_zh"] == Literal(QTS_FULL_NAME, lang="zh")
    assert int(first["lead"]) >= 1
    tasks = [int(r[3]) for r in table.rows]
    assert tasks == sorted(tasks, reverse=True)
    for row in table.rows:
        rec = dict(zip(table.columns, row))
        assert int(rec["tasks"]) <= int(rec["lead"]) + int(rec["responsible"]) + int(rec["cooperating"])
        for col in ("degree_centrality", "betweenness"):
            value = rec[col].toPython()
            assert 0 <= value <= 1 and value == round(value, 4)


def test_citation_ranking(kg):
    table = citation_ranking(kg)
    assert table.columns == ["doc_number", "title", "cited_by", "cites"]
    cited = [int(r[2]) for r in table.rows]
    assert cited == sorted(cited, reverse=True) and cited[0] >= 1
    total = sparql(kg, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?b WHERE { ?a eli:cites ?b } }")
    assert sum(cited) == sum(int(r[3]) for r in table.rows) == int(total.rows[0][0])
