"""The HTML explorer (issues #6, #18): Cytoscape.js + fcose bundled in the page, renders the
real graph in headless Chromium, colours edges by role, keeps labels apart, shows a node's
quotes on click, toggles zh/en, and makes no request.

Needs Debian's chromium + chromium-driver (``scripts/install-browser.sh``) and selenium;
the browser tests skip with that reason when they are missing.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from kgtool.views.explorer import (ASSETS_DIR, LIBRARIES, ROLE_COLOURS, explorer_data, layout_positions,
                             render_html, write_explorer)
from kgtool.views.network import build_view, is_ontology_term

sys.path.insert(0, str(Path(__file__).parent))
import chromium  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DOCS_IMG = ROOT / "docs" / "img"
FACT = "https://w3id.org/kgtool/id/fact/yufubanfa-2017-104/task-02"
AGENCY = "https://w3id.org/kgtool/id/org/cq-agri"
QTS = "https://w3id.org/kgtool/id/org/cq-qts"


@pytest.fixture(scope="module")
def kg(project):
    """The real graph (ontology + data + SPARQL rules; no OWL reasoning needed here)."""
    from kgtool.rdf.graph import load_project
    from kgtool.reasoning.closure import apply_rules

    graph = load_project(project)
    apply_rules(graph, project.rules_dir)
    return graph


def _quote_of(kg, fact: str) -> str:
    from rdflib import URIRef

    from kgtool.rdf.namespaces import KGT

    return str(next(kg.dataset.objects(URIRef(fact), KGT.quote)))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ------------------------------------------------------------------------- without browser
def test_page_is_self_contained(kg, tmp_path):
    out = write_explorer(kg, "agency-task", tmp_path / "x.html", title="Tasks 任务")
    page = out.read_text(encoding="utf-8")
    assert "<title>Tasks 任务</title>" in page
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page, re.I)
    assert not re.search(r"https?://[^\"'\s]*\.(js|css|woff2?|ttf|png)\b", page)
    assert "@import" not in page and "url(" not in page
    assert "Content-Security-Policy" in page and "connect-src 'none'" in page
    assert "default-src 'none'" in page
    n = build_view(kg, "agency-task").number_of_nodes()
    assert f'<span id="node-count">{n}</span>' in page
    assert "{{" not in page.split("<script", 1)[0]  # every placeholder filled


def test_libraries_are_bundled_with_their_licences(kg, tmp_path):
    """Each vendored file is the one VENDORED.md names (sha256), is package data, and goes
    into the page preceded by its licence text."""
    vendored = (ASSETS_DIR / "VENDORED.md").read_text(encoding="utf-8")
    page = render_html(explorer_data(kg, "citations"))
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for name, licence in LIBRARIES:
        code = (ASSETS_DIR / name).read_bytes()
        row = next(line for line in vendored.splitlines() if line.startswith(f"| {name} |"))
        assert hashlib.sha256(code).hexdigest() in row, name
        text = (ASSETS_DIR / licence).read_text(encoding="utf-8")
        assert "MIT" in row and "Permission is hereby granted" in text
        assert text.strip() in page and code.decode("utf-8").strip()[-200:] in page
    assert '"views/assets/*.js"' in pyproject and '"views/assets/LICENSE-*.txt"' in pyproject
    assert '"views/assets/*.html"' in pyproject


def test_data_has_quotes_filters_and_roles(kg):
    data = explorer_data(kg, "agency-task")
    nodes = {n["id"]: n for n in data["nodes"]}
    quote = _quote_of(kg, FACT)
    # the task shows its own quote; the agency shows the quotes of its tasks (via assignments)
    for node in (FACT, AGENCY):
        quotes = [data["facts"][i]["quote"] for i in nodes[node]["facts"]]
        assert quote in quotes, node
        assert all(data["facts"][i]["doc_number"] for i in nodes[node]["facts"])
    assert nodes[AGENCY]["docs"] == ["https://w3id.org/kgtool/id/doc/yufubanfa-2017-104"]
    assert {c["id"] for c in data["classes"]} == {"kgt:GovernmentAgency", "kgt:Task",
                                                  "kgt:CollectiveActor"}
    assert data["documents"] and data["jurisdictions"]
    g = build_view(kg, "agency-task")
    roles = {}
    for _, _, d in g.edges(data=True):
        roles[d["role"]] = roles.get(d["role"], 0) + 1
    assert {r["id"]: r["count"] for r in data["roles"]} == roles
    assert {r["id"]: r["colour"] for r in data["roles"]} == {r: ROLE_COLOURS[r] for r in roles}
    assert nodes[QTS]["szh"] == g.nodes[QTS]["short_zh"] and nodes[QTS]["zh"] == "重庆市质量技术监督局"
    json.dumps(data)  # JSON-serialisable


def test_full_view_hides_the_ontology_unless_asked(kg):
    data = explorer_data(kg, "full")
    assert not [n["id"] for n in data["nodes"] if is_ontology_term(n["id"])]
    assert len(data["nodes"]) == build_view(kg, "full").number_of_nodes()
    everything = explorer_data(kg, "full", include_ontology=True)
    ids = {n["id"] for n in everything["nodes"]}
    assert "https://w3id.org/kgtool/ontology#Task" in ids and len(ids) > len(data["nodes"])


def test_store_and_graph_give_the_same_page(kg):
    from kgtool.stores.base import RdflibStore

    assert explorer_data(RdflibStore(kg), "funding") == explorer_data(kg, "funding")


def test_layout_is_deterministic_and_spread():
    import networkx as nx

    g = nx.gnm_random_graph(300, 600, seed=3)
    a, b = layout_positions(g), layout_positions(g)
    assert a == b
    xs = sorted(x for x, _ in a.values())
    assert xs[-1] - xs[0] > 100 and len(set(a.values())) == 300


def test_unknown_view_is_an_error(kg, tmp_path):
    from kgtool.errors import KgtoolError

    with pytest.raises(KgtoolError, match="unknown view"):
        write_explorer(kg, "nope", tmp_path / "x.html")
    assert not (tmp_path / "x.html").exists()


def test_script_json_cannot_close_the_script():
    page = render_html({"view": "x", "nodes": [{"id": "a", "zh": "</script><b>"}], "edges": [],
                        "facts": [], "classes": [], "roles": [], "documents": [],
                        "jurisdictions": []})
    assert page.count("</script>") == 2 + len(LIBRARIES)  # the real ones only


def test_cli_export_html_defaults_to_a_focused_view(monkeypatch, kg, tmp_path):
    """kgtool export -f html without --view writes the agency-task view, not the full graph;
    --include-ontology reaches the full view."""
    from click.testing import CliRunner

    import kgtool.cli.main as cli_module

    from kgtool.stores.base import RdflibStore

    monkeypatch.setattr(cli_module, "store_for", lambda c, *a, **k: RdflibStore(kg))
    out = tmp_path / "x.html"
    res = CliRunner().invoke(cli_module.cli, ["-q", "export", "-f", "html", "-o", str(out)])
    assert res.exit_code == 0, res.output
    n = build_view(kg, "agency-task").number_of_nodes()
    assert f'<span id="node-count">{n}</span>' in out.read_text(encoding="utf-8")
    res = CliRunner().invoke(cli_module.cli, ["-q", "export", "-f", "html", "--view", "full",
                                              "--include-ontology", "-o", str(out)])
    assert res.exit_code == 0, res.output
    n = build_view(kg, "full", include_ontology=True).number_of_nodes()
    assert f'<span id="node-count">{n}</span>' in out.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- in Chromium
@pytest.fixture(scope="module")
def browser():
    driver = chromium.driver()
    yield driver
    driver.quit()


def _open(browser, page: Path, timeout: float = 180.0) -> str:
    url = page.resolve().as_uri()
    browser.get("about:blank")
    browser.get_log("performance")  # drop earlier entries
    browser.get_log("browser")
    browser.get(url)
    chromium.wait_for(browser, "return window.kgExplorer && window.kgExplorer.ready", timeout)
    return url


def _no_request_left(browser, url: str) -> None:
    requested = chromium.requested_urls(browser)
    assert requested and all(u == url or u.startswith(("data:", "about:")) for u in requested), \
        requested
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
    assert resources == []


def _click_node(browser, node: str) -> None:
    """A real mouse click on the node's disc (through Cytoscape.js's own event handling)."""
    from selenium.webdriver.common.action_chains import ActionChains

    pos = browser.execute_script("return window.kgExplorer.screenPosition(arguments[0])", node)
    stage = browser.find_element("id", "cy")
    rect = stage.rect
    assert rect["x"] <= pos["x"] <= rect["x"] + rect["width"], (pos, rect)
    ActionChains(browser).move_to_element_with_offset(
        stage, int(pos["x"] - rect["x"] - rect["width"] / 2),
        int(pos["y"] - rect["y"] - rect["height"] / 2)).click().perform()


@pytest.mark.browser
def test_explorer_in_chromium(browser, kg, tmp_path):
    view = "agency-task"
    g = build_view(kg, view)
    page = write_explorer(kg, view, tmp_path / f"explorer-{view}.html")
    url = _open(browser, page)
    k = "window.kgExplorer"
    counts = browser.execute_script(f"return [{k}.cy.nodes().length, {k}.cy.edges().length, "
                                    f"{k}.visibleCount(), {k}.visibleEdgeCount()]")
    assert counts == [g.number_of_nodes(), g.number_of_edges()] * 2
    assert int(browser.find_element("id", "node-count").text) == g.number_of_nodes()
    assert int(browser.find_element("id", "edge-count").text) == g.number_of_edges()
    assert not chromium.console_errors(browser)

    # edges coloured by role, with a legend naming each role in zh and en
    colours = browser.execute_script(
        f"return {k}.cy.edges().map(function (e) {{ return e.style('line-color'); }})")
    rgb = {r: "rgb({},{},{})".format(*(int(c[i:i + 2], 16) for i in (1, 3, 5)))
           for r, c in ROLE_COLOURS.items()}
    roles = [d["role"] for _, _, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1],
                                                                                 e[2]["relation"]))]
    assert colours == [rgb[r] for r in roles]
    legend = browser.find_element("id", "legend-roles").text
    assert all(w in legend for w in ("牵头", "lead", "负责", "responsible", "配合", "cooperating"))

    # labels do not pile up: Cytoscape.js's own label boxes never overlap; the big nodes keep theirs
    assert browser.execute_script(f"return {k}.labelOverlaps()") == 0
    labelled = browser.execute_script(f"return {k}.labelled()")
    assert QTS in labelled and 5 <= len(labelled) < g.number_of_nodes()
    browser.execute_script(f"{k}.cy.zoom({{level: 3, renderedPosition: {k}.cy.getElementById("
                           f"arguments[0]).renderedPosition()}}); {k}.placeLabels();", QTS)
    assert browser.execute_script(f"return {k}.labelOverlaps()") == 0
    browser.execute_script(f"{k}.fit()")

    # a real click on the agency's disc opens its panel with the quote of one of its tasks
    _click_node(browser, AGENCY)
    assert browser.execute_script(f"return {k}.selected()") == AGENCY
    panel = browser.find_element("id", "quotes").text
    assert _squash(_quote_of(kg, FACT)) in _squash(panel)
    assert "渝府办发" in panel  # the stating document's number
    assert browser.find_element("id", "panel-title").text == g.nodes[AGENCY]["label_zh"]
    assert "lead" in browser.find_element("id", "neighbours").text or \
        "responsible" in browser.find_element("id", "neighbours").text
    # the selected node keeps its label, its neighbours come next, still without any overlap
    assert AGENCY in browser.execute_script(f"return {k}.labelled()")
    assert browser.execute_script(f"return {k}.labelOverlaps()") == 0

    # search finds a Chinese label
    found = browser.execute_script(f"return {k}.search('质量技术监督')")
    assert found == sum(1 for _, d in g.nodes(data=True) if "质量技术监督" in d["label_zh"]) >= 1
    assert browser.execute_script(f"return {k}.selected()") == QTS
    assert browser.find_element("id", "panel-title").text == "重庆市质量技术监督局"

    # the language toggle changes the labels (a real click on the button)
    zh = browser.execute_script(f"return {k}.label(arguments[0])", QTS)
    browser.find_element("id", "lang").click()
    en = browser.execute_script(f"return {k}.label(arguments[0])", QTS)
    assert zh == g.nodes[QTS]["short_zh"] and en == g.nodes[QTS]["short_en"] and zh != en
    assert browser.find_element("id", "panel-title").text == g.nodes[QTS]["label_en"]
    browser.find_element("id", "lang").click()
    assert browser.execute_script(f"return {k}.label(arguments[0])", QTS) == zh

    # focus keeps the selected node's neighbourhood; reset brings everything back
    shown = browser.execute_script(f"return {k}.setFocus(true)")
    assert shown == 1 + len(set(g.successors(QTS)) | set(g.predecessors(QTS)))
    browser.find_element("id", "reset").click()
    assert browser.execute_script(f"return {k}.visibleCount()") == g.number_of_nodes()
    doc = "https://w3id.org/kgtool/id/doc/yufubanfa-2017-104"
    assert 0 < browser.execute_script(f"return {k}.setFilter('doc', arguments[0])", doc) \
        <= g.number_of_nodes()
    browser.execute_script(f"{k}.setFilter('doc', ''); {k}.search(''); {k}.selectNode(null);")

    assert not chromium.console_errors(browser)
    _no_request_left(browser, url)

    # the README's picture: the real page with the agency selected
    _click_node(browser, AGENCY)
    browser.execute_script("document.getElementById('tooltip').hidden = true;")
    shot = tmp_path / "explorer.png"
    browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    DOCS_IMG.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, DOCS_IMG / "explorer.png")


@pytest.mark.browser
@pytest.mark.parametrize("view", ["full", "funding", "citations", "targets"])
def test_every_view_loads_whole(browser, kg, tmp_path, view):
    """Each view loads without console error or request, with the view's node and edge counts
    (the full view without its ontology terms) and its labels apart; a click shows the quote."""
    g = build_view(kg, view)
    url = _open(browser, write_explorer(kg, view, tmp_path / f"explorer-{view}.html"))
    k = "window.kgExplorer"
    counts = browser.execute_script(f"return [{k}.cy.nodes().length, {k}.cy.edges().length, "
                                    f"{k}.visibleCount(), {k}.visibleEdgeCount()]")
    assert counts == [g.number_of_nodes(), g.number_of_edges()] * 2
    assert browser.execute_script(f"return {k}.labelOverlaps()") == 0
    if view == "full":
        assert browser.execute_script(f"return {k}.label(arguments[0])", FACT)  # a data node
        assert not browser.execute_script(
            f"return {k}.cy.getElementById('https://w3id.org/kgtool/ontology#Task').length")
        # a real click on a task whose disc no other disc covers (the full view is dense),
        # centred and zoomed in, shows the task's own quote
        tasks = sorted(n for n in g if "/task-" in n and "TaskAssignment" not in
                       g.nodes[n]["class"] and g.nodes[n]["class"] == "kgt:Task")
        fact = browser.execute_script("""var cy = window.kgExplorer.cy;
            return arguments[0].find(function (id) {
              var n = cy.getElementById(id), p = n.position();
              return cy.nodes().every(function (o) {
                if (o.same(n)) return true;
                var q = o.position();
                return Math.hypot(p.x - q.x, p.y - q.y) > o.width() / 2 + 1;
              });
            }) || null;""", tasks)
        assert fact, "every task disc is covered by another node"
        browser.execute_script(f"{k}.selectNode(arguments[0]); {k}.cy.zoom({{level: 4, "
                               f"renderedPosition: {k}.cy.getElementById(arguments[0])"
                               f".renderedPosition()}}); {k}.selectNode(null);", fact)
        assert browser.execute_script(f"return {k}.selected()") is None
        _click_node(browser, fact)
        assert browser.execute_script(f"return {k}.selected()") == fact
        assert _squash(_quote_of(kg, fact)) in _squash(browser.find_element("id", "quotes").text)
    assert not chromium.console_errors(browser)
    _no_request_left(browser, url)
