"""The web workspace (``kgtool app``, issue 20): its data layer on the real build, and the real
application in headless Chromium (every page, each form, a click from a fact to its sentence,
an upload with known mistakes, zero requests leaving 127.0.0.1).

The browser part needs Debian's chromium + chromium-driver (``scripts/install-browser.sh``) and
selenium; it skips with that reason otherwise. The source-text highlighting needs the seed
corpus (``../shared/seeds``); those checks skip where it is absent.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

from kgtool.errors import KgtoolError

sys.path.insert(0, str(Path(__file__).resolve().parent))
import chromium  # noqa: E402  (tests/chromium.py: the shared headless-Chromium driver)

ROOT = Path(__file__).resolve().parents[1]
DOC_004 = "https://w3id.org/kgtool/id/doc/yufubanfa-2017-104"
DOC_003 = "https://w3id.org/kgtool/id/doc/sufu-2007-99"
AGRI_ZONES = "https://w3id.org/kgtool/id/metric/agri-demo-zones"
SCREENSHOTS = os.environ.get("KGTOOL_SCREENSHOTS")  # a folder: save one PNG per page there

# A draft with three known mistakes: an ill-typed value, a missing quote, a target without a
# comparator (the shapes name each one).
BAD_DRAFT = """@base <https://w3id.org/kgtool/id/> .
@prefix kgt: <https://w3id.org/kgtool/ontology#> .
@prefix kg: <https://w3id.org/kgtool/id/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<fact/check/target-01> a kgt:Target ;
    rdfs:label "测试目标"@zh , "test target"@en ;
    kgt:statedIn <doc/yufufa-2011-3> ;
    kgt:quote "新增备案企业产品标准5000项。" ;
    kgt:metric <metric/enterprise-product-standards-filed> ;
    kgt:unit <unit/item> ;
    kgt:jurisdiction <jur/500000> ;
    kgt:deadline "2015"^^xsd:gYear ;
    kgt:value "５０００"^^xsd:decimal .
<fact/check/target-02> a kgt:Target ;
    rdfs:label "无引文"@zh , "no quote"@en ;
    kgt:statedIn <doc/yufufa-2011-3> ;
    kgt:metric <metric/enterprise-product-standards-filed> ;
    kgt:comparator <comparator/at-least> ;
    kgt:unit <unit/item> ;
    kgt:jurisdiction <jur/500000> ;
    kgt:deadline "2015"^^xsd:gYear ;
    kgt:value 10 .
"""


@pytest.fixture(scope="module")
def proj(tmp_path_factory):
    """A copy of the project with its own build."""
    from kgtool.building.pipeline import build
    from kgtool.project import Project

    root = tmp_path_factory.mktemp("appproj")
    for d in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / d, root / d)
    project = Project(root)
    build(project)
    return project


@pytest.fixture(scope="module")
def workspace(proj):
    from kgtool.app import Workspace
    from kgtool.stores.oxigraph_load import load_nquads

    return Workspace(load_nquads(proj.build / "graph.nq"), proj)


# ---------------------------------------------------------------------------- data layer
def test_documents_list_every_encoded_document_with_counts(workspace):
    docs = {d["doc"]: d for d in workspace.documents()}
    assert len(docs) == 5
    d4 = docs[DOC_004]
    assert d4["doc_number"].replace(" ", "") == "渝府办发〔2017〕104号"
    assert d4["tasks"] == 18 and d4["targets"] == 1
    assert docs[DOC_003]["funding"] >= 15
    assert all(d["facts"] > 0 for d in docs.values())


def test_document_page_highlights_every_quote(workspace):
    from kgtool.project import default_corpus_dir

    if default_corpus_dir() is None:
        pytest.skip("seed corpus (../shared/seeds) absent: no source text to highlight")
    page = workspace.document(DOC_004)
    assert page.text_html is not None
    assert page.missing_quotes == []
    anchors = set(re.findall(r'id="(f-[0-9a-f]{10})"', page.text_html))
    assert anchors == {f["anchor"] for f in page.facts}
    assert any(f["class"] == "Task" and any(l["property"].startswith("role-") for l in f["links"])
               for f in page.facts)


def test_unknown_document_is_an_error(workspace):
    with pytest.raises(KgtoolError, match="no encoded document"):
        workspace.document("https://w3id.org/kgtool/id/doc/nothing")


def test_compare_shows_aspirational_flag_and_kind(workspace):
    rows = workspace.compare(f"<{AGRI_ZONES}>")
    assert len(rows) >= 3
    assert {r["jurisdiction_zh"] for r in rows} >= {"重庆市"}
    assert all("aspirational" in r and "kind_en" in r for r in rows)


def test_money_keeps_items_without_amount(workspace):
    money = workspace.money()
    kinds = {r["kind"] for r in money["rows"]}
    assert kinds == {"subsidy", "budget"}
    # the five documents: fewer than 500 rows (one per item, funder and activity)
    assert money["count"] == len({r["fact"] for r in money["rows"]}) and len(money["rows"]) < 500
    known = sum(1 for r in money["rows"] if isinstance(r["amount"], (int, float)))
    # every item is counted once per funder it names (or once as naming none)
    from kgtool.querying.named import run_query

    with_funders = run_query(workspace.store, "PREFIX kgt: <https://w3id.org/kgtool/ontology#> "
                             "SELECT ?f ?funder ?a WHERE { ?f a kgt:FundingMeasure . "
                             "OPTIONAL { ?f kgt:funder ?funder } "
                             "OPTIONAL { ?f kgt:amount/<https://schema.org/value> ?a } }")
    assert sum(r["with_amount"] + r["without_amount"] for r in money["per_funder"]) == len(with_funders)
    assert sum(r["with_amount"] for r in money["per_funder"]) == \
        sum(1 for row in with_funders.rows if row[2] is not None)
    assert known > 0 and money["per_funder"][0]["total"] > 0


def test_responsibility_matrix_has_every_assignment(workspace):
    from kgtool.querying.named import run_query

    m = workspace.responsibility()
    n = len(run_query(workspace.store, workspace.app_queries["responsibility"]))
    assert len(m["cells"]) == n and n > 0
    assert len(m["tasks"]) == 18
    assert m["agency_count"] == len(m["agencies"]) == len(m["workload"])
    roles = [m["cells"][k] for k in m["cells"]]
    assert sum(w["lead"] for w in m["workload"]) == roles.count("lead") > 0
    assert sum(w["cooperating"] for w in m["workload"]) == roles.count("cooperating")


def test_sparql_editor_refuses_service_and_updates(workspace):
    from kgtool.errors import SecurityError

    with pytest.raises(SecurityError):
        workspace.sparql("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    with pytest.raises(SecurityError):
        workspace.sparql("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert len(workspace.sparql("SELECT ?s WHERE { ?s a <https://w3id.org/kgtool/ontology#Task> }")) == 18


def test_terms_picker_searches_both_scripts(workspace):
    hits = workspace.terms("metric", "示范区")
    assert any(h["term"] == AGRI_ZONES for h in hits)
    assert workspace.terms("metric", "示範區") == hits
    with pytest.raises(KgtoolError):
        workspace.terms("colour")


def test_check_reports_each_known_mistake(workspace):
    result = workspace.check("draft.ttl", BAD_DRAFT.encode())
    assert not result.conforms
    focus = {(r["focus_text"].rsplit("/", 1)[-1], r["path"]) for r in result.results}
    assert ("target-01", "kgt:value") in focus
    assert ("target-01", "kgt:comparator") in focus
    assert ("target-02", "kgt:quote") in focus
    quoted = [r for r in result.results if r["focus_text"].endswith("target-01")]
    assert all(r["source_quote"] == "新增备案企业产品标准5000项。" for r in quoted)


def test_check_drafts_a_policy_text(workspace):
    text = "渝府发〔2011〕3号\n到2015年，新增备案企业产品标准5000项。\n"
    result = workspace.check("policy.txt", text.encode())
    assert result.read_as == "text" and result.drafted_facts >= 1


def test_check_refuses_bad_uploads(workspace):
    from kgtool.app.workspace import UPLOAD_LIMIT

    with pytest.raises(KgtoolError, match="unsupported file type"):
        workspace.check("x.exe", b"MZ")
    with pytest.raises(KgtoolError, match="empty"):
        workspace.check("x.ttl", b"")
    with pytest.raises(KgtoolError, match="limit"):
        workspace.check("x.ttl", b"#" * (UPLOAD_LIMIT + 1))
    with pytest.raises(KgtoolError, match="x.ttl"):  # the parser's one line, with the file
        workspace.check("x.ttl", b"<a> <b> .")


def test_highlight_nests_no_marks():
    from kgtool.app.workspace import Highlight, highlight

    out = highlight("0123456789", [Highlight("a", "q0", 1, 6), Highlight("b", "q1", 3, 5),
                                   Highlight("c", "q2", 7, 9)])
    assert out.count("<mark") == 2 and 'id="q1"' in out and out.index('id="q1"') < out.index('id="q0"')


# ------------------------------------------------------------------------- in Chromium
@pytest.fixture(scope="module")
def server(proj):
    """``kgtool app --port 0`` on the copy's build, as a user starts it."""
    proc = subprocess.Popen([sys.executable, "-m", "kgtool", "--project", str(proj.root), "app",
                             "--port", "0"], stderr=subprocess.PIPE, text=True)
    line = ""
    end = time.monotonic() + 120
    while time.monotonic() < end:
        line = proc.stderr.readline()
        m = re.search(r"(http://localhost:\d+/)", line)
        if m:
            break
        if proc.poll() is not None:
            raise AssertionError(f"kgtool app exited: {line}{proc.stderr.read()}")
    else:
        proc.kill()
        raise AssertionError("kgtool app did not start")
    yield m.group(1).replace("localhost", "127.0.0.1")
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    driver = chromium.driver()
    driver.implicitly_wait(15)  # form posts return before the next page is there
    yield driver
    driver.quit()


def _requests(driver) -> list[str]:
    return chromium.requested_urls(driver)


def _severe(driver) -> list[str]:
    return [e["message"] for e in chromium.console_errors(driver)]


def _shot(driver, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(SCREENSHOTS) / f"app-{name}.png"))


def _outside(urls: list[str]) -> list[str]:
    """Network requests (http, https, ws, wss, ftp) to any host but 127.0.0.1; the browser's
    own chrome:// pages and data:/blob: URLs are not network requests."""
    return [u for u in urls if u and urlparse(u).scheme in ("http", "https", "ws", "wss", "ftp")
            and urlparse(u).hostname != "127.0.0.1"]


@pytest.mark.browser
def test_every_page_loads_without_errors_or_outside_requests(server, browser):
    _requests(browser), _severe(browser)  # drop earlier entries
    for path, name in (("?lang=zh", "documents"), ("compare", "compare"), ("money", "money"),
                       ("responsibility", "responsibility"), ("questions", "questions"),
                       ("questions/funders", "question"), ("sparql", "sparql"),
                       ("explore?view=agency-task", "explore"), ("check", "check"),
                       (f"document?iri={quote(DOC_003, safe='')}", "document")):
        browser.get(server + path)
        assert browser.find_element("css selector", "h1").text, path
        assert browser.find_element("id", f"nav-{'documents' if name == 'document' else name if name != 'question' else 'questions'}")
        time.sleep(0.3)
        _shot(browser, name)
        assert _severe(browser) == [], path
    assert _outside(_requests(browser)) == []


@pytest.mark.browser
def test_click_on_a_fact_lands_on_its_highlighted_sentence(server, browser):
    from kgtool.project import default_corpus_dir

    if default_corpus_dir() is None:
        pytest.skip("seed corpus (../shared/seeds) absent: no source text to highlight")
    browser.get(server + f"document?iri={quote(DOC_004, safe='')}")
    links = browser.find_elements("css selector", "a.fact-link")
    assert len(links) >= 18
    fact = links[-1]
    anchor = fact.get_attribute("data-anchor")
    quote_text = browser.find_element("css selector", f"#fact-{anchor} blockquote").text
    browser.execute_script("arguments[0].scrollIntoView()", fact)
    fact.click()
    mark = browser.find_element("css selector", "mark.focus")
    assert mark.text.replace("\n", "") in quote_text.replace("\n", "") or \
        quote_text.replace("\n", "") in mark.text.replace("\n", "")
    top = browser.execute_script("const r = arguments[0].getBoundingClientRect(); "
                                 "const p = document.getElementById('source-text').getBoundingClientRect();"
                                 "return [r.top >= p.top - 1 && r.top <= p.bottom, r.height > 0]", mark)
    assert top == [True, True]
    assert browser.execute_script("return location.hash") == f"#{anchor}"


@pytest.mark.browser
def test_question_form_runs_and_downloads(server, browser):
    browser.get(server + "questions/metric-comparison?lang=en")
    field = browser.find_element("id", "p-metric")
    field.send_keys(AGRI_ZONES)
    browser.find_element("id", "run").click()
    rows = browser.find_elements("css selector", "#results tbody tr")
    assert len(rows) >= 3
    csv_href = browser.find_element("id", "csv").get_attribute("href")
    assert csv_href.startswith(server) and "format=csv" in csv_href
    # a bad parameter is one line, no table
    browser.get(server + "questions/targets-by-jurisdiction?jurisdiction=not%20an%20iri&run=1")
    assert "not a valid IRI" in browser.find_element("id", "error").text


@pytest.mark.browser
def test_sparql_editor_refuses_service(server, browser):
    browser.get(server + "sparql")
    box = browser.find_element("id", "query")
    box.clear()
    box.send_keys("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    browser.find_element("id", "run").click()
    assert "SERVICE" in browser.find_element("id", "error").text
    assert _outside(_requests(browser)) == []


@pytest.mark.browser
def test_upload_with_known_mistakes_shows_each(server, browser, tmp_path):
    draft = tmp_path / "draft.ttl"
    draft.write_text(BAD_DRAFT, encoding="utf-8")
    browser.get(server + "check?lang=en")
    browser.find_element("id", "file").send_keys(str(draft))
    browser.find_element("id", "check-run").click()
    report = browser.find_element("id", "report").text
    for expected in ("target-01", "target-02", "kgt:value", "kgt:comparator", "kgt:quote"):
        assert expected in report
    _shot(browser, "check-report")


@pytest.mark.browser
def test_language_toggle(server, browser):
    browser.get(server + "money?lang=zh")
    assert browser.find_element("id", "nav-money").text == "资金"
    browser.find_element("id", "lang-switch").click()
    assert browser.find_element("id", "nav-money").text == "Money"
    browser.get(server + "compare")  # the cookie keeps the choice
    assert browser.find_element("id", "nav-compare").text == "Compare"


@pytest.mark.browser
def test_matrix_click_lands_on_the_task_sentence(server, browser):
    from kgtool.project import default_corpus_dir

    if default_corpus_dir() is None:
        pytest.skip("seed corpus (../shared/seeds) absent: no source text to highlight")
    browser.get(server + "responsibility?lang=zh")
    cells = browser.find_elements("css selector", "#matrix td.role-lead")
    assert cells, "the matrix shows lead roles"
    head = browser.find_elements("css selector", "#matrix th.task-head a")
    assert len(head) == 18
    head[0].click()
    mark = browser.find_element("css selector", "mark.focus")
    assert mark.text and browser.execute_script("return location.pathname") == "/document"


class _Client:
    """Requests to the app in this thread (httpx's ASGI transport under asyncio.run), as
    uvicorn runs it: Oxigraph's query results must be dropped in the thread that made them,
    which starlette's TestClient (a thread per request) does not do."""

    def __init__(self, app) -> None:
        self.app = app

    def request(self, method: str, url: str, **kw):
        import asyncio

        import httpx

        async def go():
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
                return await c.request(method, url, **kw)

        return asyncio.run(go())

    def get(self, url: str, **kw):
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw):
        return self.request("POST", url, **kw)


def _client(workspace):
    from kgtool.app import create_app

    return _Client(create_app(workspace))


def test_query_endpoint_answers_and_refuses(workspace):
    """The app's SPARQL protocol endpoint: SELECT answers as SPARQL JSON; SERVICE, FROM and
    updates are refused with 400 and the reason, before any evaluation."""
    c = _client(workspace)
    ok = c.get("/query", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/kgtool/ontology#Task> }"})
    assert ok.status_code == 200
    assert ok.json()["results"]["bindings"][0]["n"]["value"] == "18"
    for bad, reason in (("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE"),
                        ("SELECT * FROM <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }", "FROM"),
                        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "updates")):
        r = c.post("/query", content=bad, headers={"content-type": "application/sparql-query"})
        assert r.status_code == 400 and reason in r.text, bad
    assert c.post("/query", data={"update": "DROP ALL"}).status_code == 400
    assert c.get("/query", params={"update": "DROP ALL"}).status_code == 400


def test_pages_send_a_content_security_policy(workspace):
    from kgtool.app import CSP

    c = _client(workspace)
    for page in ("/", "/check", "/sparql"):
        r = c.get(page)
        assert r.headers["content-security-policy"] == CSP
        assert "default-src 'none'" in CSP and "http" not in CSP


@pytest.mark.browser
def test_yasgui_editor_runs_on_the_workspace_endpoint(server, browser):
    """The bundled YASGUI runs a query against /query, shows the rows, and refuses SERVICE
    with the workspace's reason; no console errors, nothing leaves 127.0.0.1."""
    _requests(browser), _severe(browser)
    q = "SELECT ?task WHERE { ?task a <https://w3id.org/kgtool/ontology#Task> }"
    browser.get(server + f"sparql/editor?query={quote(q, safe='')}")
    browser.find_element("css selector", ".yasqe_queryButton").click()
    end = time.monotonic() + 20
    rows = 0
    while time.monotonic() < end and rows < 18:
        rows = browser.execute_script(
            "return document.querySelectorAll('.yasr table tbody tr').length")
        time.sleep(0.2)
    assert rows == 18
    _shot(browser, "editor")
    assert _severe(browser) == []
    assert _outside(_requests(browser)) == []


@pytest.mark.browser
def test_compare_and_responsibility_forms(server, browser):
    from selenium.webdriver.support.ui import Select

    browser.get(server + "compare?lang=zh")
    Select(browser.find_element("id", "metric")).select_by_value(AGRI_ZONES)
    browser.find_element("id", "compare-run").click()
    rows = browser.find_elements("css selector", "#compare-table tbody tr")
    assert len(rows) >= 3
    assert browser.find_elements("css selector", "#compare-chart g.bar")
    assert "重庆市" in browser.find_element("id", "compare-table").text
    browser.get(server + "responsibility")
    Select(browser.find_element("id", "doc")).select_by_value(DOC_004)
    browser.find_element("id", "doc-run").click()
    assert len(browser.find_elements("css selector", "#matrix th.task-head")) == 18
    assert _severe(browser) == []
