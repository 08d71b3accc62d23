"""The HTML explorer (issue #6): self-contained, renders the real graph in headless Chromium,
shows a node's quotes on click, and makes no network request.

Needs Debian's chromium + chromium-driver (``scripts/install-browser.sh``) and selenium;
the browser tests skip with that reason when they are missing.
"""
from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from kgtool.explorer import explorer_data, layout_positions, render_html, write_explorer
from kgtool.network import build_view

ROOT = Path(__file__).resolve().parents[1]
DOCS_IMG = ROOT / "docs" / "img"
FACT = "https://w3id.org/kgtool/id/fact/yufubanfa-2017-104/task-02"
AGENCY = "https://w3id.org/kgtool/id/org/cq-agri"


@pytest.fixture(scope="module")
def kg(project):
    """The real graph (ontology + data + SPARQL rules; no OWL reasoning needed here)."""
    from kgtool.graph import load_project
    from kgtool.reason import apply_rules

    graph = load_project(project)
    apply_rules(graph, project.rules_dir)
    return graph


def _quote_of(kg, fact: str) -> str:
    from rdflib import URIRef

    from kgtool.namespaces import KGT

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
    n = build_view(kg, "agency-task").number_of_nodes()
    assert f'<span id="node-count">{n}</span>' in page


def test_data_has_quotes_and_filters(kg):
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
    json.dumps(data)  # JSON-serialisable


def test_store_and_graph_give_the_same_page(kg):
    from kgtool.store import RdflibStore

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
                        "facts": [], "classes": [], "documents": [], "jurisdictions": []})
    assert page.count("</script>") == 2  # the two real ones only


# ---------------------------------------------------------------------------- in Chromium
def _driver():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not chromium or not chromedriver:
        pytest.skip("headless Chromium not installed: run scripts/install-browser.sh "
                    "(apt-get install chromium chromium-driver fonts-noto-cjk)")
    webdriver = pytest.importorskip("selenium.webdriver",
                                    reason="selenium not installed (pip install selenium)")
    import tempfile

    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 "--window-size=1400,900", "--force-device-scale-factor=1",
                 f"--user-data-dir={tempfile.mkdtemp(prefix='kgtool-chromium-')}"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return webdriver.Chrome(service=Service(chromedriver), options=opts)


@pytest.fixture(scope="module")
def browser():
    driver = _driver()
    yield driver
    driver.quit()


def _wait(driver, script: str, timeout: float = 20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for: {script}")


def _requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg["method"] in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            urls.append(msg["params"].get("request", {}).get("url") or msg["params"].get("url"))
    return urls


@pytest.mark.browser
@pytest.mark.parametrize("view, node", [("full", FACT), ("agency-task", AGENCY)])
def test_explorer_in_chromium(browser, kg, tmp_path, view, node):
    page = write_explorer(kg, view, tmp_path / f"explorer-{view}.html")
    url = page.resolve().as_uri()
    browser.get_log("performance")  # drop earlier entries
    browser.get(url)
    _wait(browser, "return window.kgExplorer && window.kgExplorer.ready")
    expected = build_view(kg, view).number_of_nodes()
    assert int(browser.find_element("id", "node-count").text) == expected
    assert browser.execute_script("return window.kgExplorer.nodeCount") == expected
    assert browser.execute_script("return window.kgExplorer.visibleCount()") == expected
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors

    # a real click on the node's circle opens its panel with the quote
    from selenium.webdriver.common.action_chains import ActionChains

    assert browser.execute_script("return window.kgExplorer.selectNode(arguments[0])", node)
    browser.execute_script("window.kgExplorer.selectNode(null)")
    pos = browser.execute_script("return window.kgExplorer.screenPosition(arguments[0])", node)
    body = browser.find_element("tag name", "body")
    ActionChains(browser).move_to_element_with_offset(body, 0, 0).perform()
    canvas = browser.find_element("id", "canvas")
    rect = canvas.rect
    ActionChains(browser).move_to_element_with_offset(
        canvas, int(pos["x"] - rect["x"] - rect["width"] / 2),
        int(pos["y"] - rect["y"] - rect["height"] / 2)).click().perform()
    assert browser.execute_script("return window.kgExplorer.selected()") == node
    panel = browser.find_element("id", "quotes").text
    assert _squash(_quote_of(kg, FACT)) in _squash(panel)
    assert "渝府办发" in panel  # the stating document's number

    # search, language toggle and a filter work
    assert browser.execute_script("return window.kgExplorer.search('农业')") >= 1
    assert browser.execute_script("return window.kgExplorer.setLang('en')") == "en"
    shown = browser.execute_script(
        "return window.kgExplorer.setFilter('doc', arguments[0])",
        "https://w3id.org/kgtool/id/doc/yufubanfa-2017-104")
    assert 0 < shown <= expected
    browser.execute_script("window.kgExplorer.setFilter('doc', ''); window.kgExplorer.search('');"
                           "window.kgExplorer.setLang('zh'); window.kgExplorer.selectNode(arguments[0]);"
                           "window.kgExplorer.redraw(); document.getElementById('tooltip').hidden = true;", node)
    shot = tmp_path / f"explorer-{view}.png"
    browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if view == "agency-task":
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, DOCS_IMG / "explorer.png")

    requested = [u for u in _requests(browser) if u]
    assert requested and all(u == url or u.startswith(("data:", "about:")) for u in requested), \
        requested
