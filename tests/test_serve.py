"""``kgtool serve``: the built graph on a real Oxigraph server on 127.0.0.1 (issue #4)."""
from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import time
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))
import servers  # noqa: E402

from kgtool.errors import SecurityError, StoreError  # noqa: E402
from kgtool.rdf.graph import load_project  # noqa: E402
from kgtool.project import Project  # noqa: E402
from kgtool.querying.named import get_named_query, run_query  # noqa: E402
from kgtool.stores.remote import RemoteStore  # noqa: E402
from kgtool.stores.base import RdflibStore  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def kg():
    return load_project(Project(ROOT))


@pytest.fixture(scope="module")
def server(kg):
    if servers.oxigraph_binary() is None:
        pytest.skip(f"the oxigraph server is not installed ({servers.INSTALL_HINT})")
    from kgtool.servers.serve import serve

    with serve(kg, port=servers.free_port()) as handle:
        yield handle
    assert not handle.running


def test_named_query_over_http_matches_embedded(server, kg):
    q = get_named_query(ROOT / "queries", "funders")
    remote = run_query(RemoteStore(server.query_url), q)
    local = run_query(RdflibStore(kg), q)
    assert remote.columns == local.columns
    # the served default graph is the RDF merge: no duplicate rows, unlike a union graph
    assert Counter(remote.text_rows()) == Counter(local.text_rows())
    assert RemoteStore(server.query_url).triple_count() == len(kg)


def test_plain_http_get(server):
    query = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://w3id.org/kgtool/ontology#PolicyDocument> }"
    req = urllib.request.Request(server.query_url + "?" + urllib.parse.urlencode({"query": query}),
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        data = json.load(resp)
    assert int(data["results"]["bindings"][0]["n"]["value"]) >= 1
    with urllib.request.urlopen(server.ui_url, timeout=10) as resp:
        assert resp.status == 200


def test_read_only_refuses_updates(server):
    for url, body, ctype, method in [
        (server.update_url, b"update=INSERT+DATA+%7B%3Chttp%3A%2F%2Fa%3E+%3Chttp%3A%2F%2Fb%3E+1%7D",
         "application/x-www-form-urlencoded", "POST"),
        (server.store_url + "?default", b"<http://a> <http://b> <http://c> .",
         "application/n-triples", "PUT"),
    ]:
        req = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": ctype})
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=10)
        assert err.value.code == 400
        assert "the server is read-only" in err.value.read().decode()
    assert RemoteStore(server.query_url).triple_count() > 0


def test_port_in_use_is_one_line_store_error(server, kg):
    from kgtool.servers.serve import serve

    port = int(server.url.rsplit(":", 1)[1])
    with pytest.raises(StoreError, match=f"port {port} on 127.0.0.1 is already in use"):
        serve(kg, port=port)


def test_non_loopback_bind_refused(kg):
    from kgtool.servers.serve import serve

    with pytest.raises(SecurityError, match="allow-remote-bind"):
        serve(kg, host="0.0.0.0", port=servers.free_port())


def test_cli_serve_answers_and_stops_on_ctrl_c(kg, monkeypatch):
    if servers.oxigraph_binary() is None:
        pytest.skip(f"the oxigraph server is not installed ({servers.INSTALL_HINT})")
    from kgtool.cli import remote as cli_remote
    from kgtool.cli.main import cli
    from kgtool.servers.serve import ServerHandle

    if "serve" not in cli.commands:
        cli.add_command(cli_remote.serve_cmd)
    from kgtool.stores.base import RdflibStore

    monkeypatch.setattr("kgtool.cli.common.store_for", lambda c, *a, **k: RdflibStore(kg))
    seen = {}

    def fake_wait(self):
        seen["ask"] = RemoteStore(self.query_url).ask("ASK { ?s ?p ?o }")
        seen["handle"] = self
        raise KeyboardInterrupt

    monkeypatch.setattr(ServerHandle, "wait", fake_wait)
    port = servers.free_port()
    result = CliRunner().invoke(cli, ["--project", str(ROOT), "serve", "--port", str(port)])
    assert result.exit_code == 0, result.output
    assert f"SPARQL endpoint: http://127.0.0.1:{port}/query" in result.output
    assert f"query UI: http://127.0.0.1:{port}/" in result.output
    assert seen["ask"] is True and not seen["handle"].running
    with socket.socket() as s:  # the port is free again (TIME_WAIT aside)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))


def test_validate_against_the_endpoint(server, tmp_path):
    from kgtool.cli.main import cli

    ok = CliRunner().invoke(cli, ["--project", str(ROOT), "validate", "--endpoint", server.query_url])
    assert ok.exit_code == 0, ok.output
    bad = tmp_path / "bad.ttl"
    bad.write_text("<https://w3id.org/kgtool/id/fact/x/target-01> a "
                   "<https://w3id.org/kgtool/ontology#Target> .\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["--project", str(ROOT), "validate", "--endpoint", server.query_url,
                                 str(bad)])
    assert r.exit_code == 1 and "target-01" in r.output


# ----------------------------------------------------------- the gate: nothing reaches out
def _send(url: str, *, data: bytes | None = None, ctype: str | None = None,
          method: str | None = None) -> tuple[int, str]:
    headers = {"Accept": "application/sparql-results+json"}
    if ctype:
        headers["Content-Type"] = ctype
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def _attempts(base: str, trap: str) -> list[tuple[str, str, bytes | None, str | None]]:
    """(what, url, body, content type): SERVICE, LOAD and updates in every encoding."""
    q, u = base + "/query", base + "/update"
    enc = urllib.parse.quote
    service = f"SELECT * WHERE {{ SERVICE <{trap}> {{ ?s ?p ?o }} }}"
    variants = {
        "upper": service,
        "lowercase": f"select * where {{ service <{trap}> {{ ?s ?p ?o }} }}",
        "silent": f"SELECT * WHERE {{ SERVICE SILENT <{trap}> {{ ?s ?p ?o }} }}",
        "variable": f"SELECT * WHERE {{ VALUES ?e {{ <{trap}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        "nested": f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ OPTIONAL {{ SERVICE <{trap}> "
                  f"{{ ?s ?p ?o }} }} }} }} }}",
        "comment-split": f"SELECT * WHERE {{ #x\nSERVICE\n<{trap}> {{ ?s ?p ?o }} }}",
        "prefixed": f"PREFIX t: <{trap.rsplit('/', 1)[0]}/> SELECT * WHERE {{ SErViCe t:sparql "
                    f"{{ ?s ?p ?o }} }}",
        "unicode-escape": f"SELECT * WHERE {{ \\u0053ERVICE <{trap}> {{ ?s ?p ?o }} }}",
    }
    out = []
    for name, text in variants.items():
        out.append((f"GET {name}", q + "?query=" + enc(text), None, None))
        out.append((f"POST form {name}", q, ("query=" + enc(text)).encode(),
                    "application/x-www-form-urlencoded"))
        out.append((f"POST direct {name}", q, text.encode(), "application/sparql-query"))
    # every character percent-encoded, and '+' for spaces
    out.append(("GET all-percent", q + "?query=" + "".join(f"%{b:02X}" for b in service.encode()),
                None, None))
    out.append(("GET plus-spaces", q + "?query=" + urllib.parse.quote_plus(service), None, None))
    # a harmless query in the URL and SERVICE in the body, or two query parameters
    out.append(("POST mixed", q + "?query=" + enc("ASK {}"), ("query=" + enc(service)).encode(),
                "application/x-www-form-urlencoded"))
    out.append(("GET two", q + "?query=" + enc("ASK {}") + "&query=" + enc(service), None, None))
    out.append(("POST direct with url", q + "?query=" + enc("ASK {}"), service.encode(),
                "application/sparql-query"))
    for name, text in {"load": f"LOAD <{trap}>",
                       "load-into": f"load silent <{trap}> INTO GRAPH <urn:x>",
                       "insert": "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                       "insert-service": f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{trap}> "
                                         f"{{ ?s ?p ?o }} }}"}.items():
        out.append((f"update form {name}", u, ("update=" + enc(text)).encode(),
                    "application/x-www-form-urlencoded"))
        out.append((f"update direct {name}", u, text.encode(), "application/sparql-update"))
        out.append((f"update on /query {name}", q + "?query=" + enc(text), None, None))
        out.append((f"update form on /query {name}", q, ("query=" + enc(text)).encode(),
                    "application/x-www-form-urlencoded"))
    return out


def test_gate_refuses_service_load_and_updates_before_the_engine(server):
    with servers.Trap() as trap:
        attempts = _attempts(server.url, trap.url)
        results = {what: _send(url, data=body, ctype=ctype) for what, url, body, ctype in attempts}
        time.sleep(0.5)
        assert trap.hits == []
    for what, (code, text) in results.items():
        assert code == 400, (what, code, text)
        assert text.startswith("refused: "), (what, text)
    assert "SERVICE" in results["GET lowercase"][1] and "--allow-service" in results["GET lowercase"][1]
    assert "read-only" in results["update direct load"][1]
    assert "not accepted on /query" in results["update on /query load"][1]
    assert "exactly one" in results["GET two"][1]
    # ordinary queries still pass, in every encoding
    ask = "ASK { ?s ?p ?o }"
    for url, body, ctype in [(server.query_url + "?query=" + urllib.parse.quote(ask), None, None),
                             (server.query_url, ("query=" + urllib.parse.quote(ask)).encode(),
                              "application/x-www-form-urlencoded"),
                             (server.query_url, ask.encode(), "application/sparql-query")]:
        code, text = _send(url, data=body, ctype=ctype)
        assert code == 200 and json.loads(text)["boolean"] is True


@pytest.mark.parametrize("end,code", [("\r", 400), ("\r\n", 400), ("\x0b", 200), ("\x0c", 200),
                                      ("\x85", 200), ("\u2028", 200), ("\u2029", 200)],
                         ids=["CR", "CRLF", "VT", "FF", "NEL", "LS", "PS"])
def test_comment_ends_where_oxigraph_ends_it(server, end, code):
    """rdflib ends a comment only at a line feed, Oxigraph also at a carriage return: a lone
    CR is refused (it would hide a live SERVICE from the check; the control below shows
    Oxigraph itself runs it); with the other characters both read the rest of the line as
    comment, and nothing goes out."""
    with servers.Trap() as trap:
        text = f"SELECT * WHERE {{ ?s ?p ?o # c{end}SERVICE <{trap.url}> {{ ?s ?p ?o }} \n }}"
        got, body = _send(server.query_url, data=text.encode(), ctype="application/sparql-query")
        time.sleep(0.3)
        assert got == code, body
        assert trap.hits == []
        if end == "\r":
            assert "carriage return" in body
            _send(server.inner_url + "/query", data=text.encode(), ctype="application/sparql-query")
            assert len(trap.hits) == 1  # the control: past the gate, Oxigraph does go out


def test_unicode_escapes_are_refused(server):
    """rdflib replaces \\u escapes in the whole text before parsing, Oxigraph only inside
    strings and IRIs, so the two could see different queries."""
    text = 'SELECT ?x WHERE { BIND("x\\u0022 AS ?x) }'
    code, body = _send(server.query_url, data=text.encode(), ctype="application/sparql-query")
    assert code == 400 and "\\u or \\U escape at line 1" in body


def test_writable_server_takes_updates_but_not_load(kg):
    from kgtool.servers.serve import serve

    with servers.Trap() as trap, serve(kg, port=servers.free_port(), read_only=False) as srv:
        code, text = _send(srv.update_url, data=b"INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "
                                                b"<urn:c> } }", ctype="application/sparql-update")
        assert code in (200, 204), text
        assert RemoteStore(srv.query_url).ask("ASK { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
        for text in (f"LOAD <{trap.url}>", f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{trap.url}> "
                                           f"{{ ?s ?p ?o }} }}"):
            code, body = _send(srv.update_url, data=text.encode(), ctype="application/sparql-update")
            assert code == 400 and "--allow-service" in body, body
        time.sleep(0.5)
        assert trap.hits == []


def test_allow_service_does_reach_out(kg):
    """The control for the trap: with --allow-service the same query does arrive there."""
    from kgtool.servers.serve import serve

    with servers.Trap() as trap, serve(kg, port=servers.free_port(), allow_service=True) as srv:
        text = f"SELECT * WHERE {{ SERVICE <{trap.url}> {{ ?s ?p ?o }} }}"
        code, body = _send(srv.query_url + "?query=" + urllib.parse.quote(text))
        assert code == 200, body
        assert trap.hits and trap.hits[0][0] in ("GET", "POST")


def test_unparsable_text_is_refused(server):
    code, text = _send(server.query_url + "?query=" + urllib.parse.quote("SELECT * WHERE { ?s"))
    assert code == 400 and "syntax error at line 1" in text


# -------------------------------------------------------------- a server that stays up
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
STREAM = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_query_time_limit_cuts_off_a_cartesian_product(kg):
    """Oxigraph's --timeout-s stops neither of these; the gate does, and restarts the engine
    so that no evaluation keeps running after its client got the error."""
    from kgtool.servers.serve import serve

    with serve(kg, port=servers.free_port(), query_timeout=2) as srv:
        first = srv.process
        start = time.monotonic()
        code, text = _send(srv.query_url, data=CARTESIAN.encode(), ctype="application/sparql-query")
        took = time.monotonic() - start
        assert code == 503 and "time limit of 2 s" in text and took < 10, (code, took, text)
        assert first.poll() is not None and srv.restarts == 1  # the evaluation is gone
        assert RemoteStore(srv.query_url).ask("ASK { ?s ?p ?o }")  # still serving
        # a long result stream is cut off as a broken response, never a short complete one
        start = time.monotonic()
        req = urllib.request.Request(srv.query_url, data=STREAM.encode(),
                                     headers={"Content-Type": "application/sparql-query",
                                              "Accept": "application/sparql-results+json"})
        with pytest.raises((http.client.IncompleteRead, ConnectionError, urllib.error.URLError)):
            with urllib.request.urlopen(req, timeout=30) as resp:
                while resp.read(1 << 20):
                    pass
        assert time.monotonic() - start < 15 and srv.restarts == 2
        assert RemoteStore(srv.query_url).ask("ASK { ?s ?p ?o }")


def test_default_time_limit_is_30_s(kg):
    from kgtool.servers.serve import DEFAULT_QUERY_TIMEOUT, serve

    assert DEFAULT_QUERY_TIMEOUT == 30.0
    with serve(kg, port=servers.free_port()) as srv:
        cmd = open(f"/proc/{srv.process.pid}/cmdline", "rb").read().split(b"\0")
        assert cmd[cmd.index(b"--timeout-s") + 1] == b"30"
        assert b"serve-read-only" in cmd


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(x) for x in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _start_cli_serve(tmp: Path) -> tuple[subprocess.Popen, int, Path]:
    """``kgtool serve`` as a subprocess on the project (its Oxigraph child pid and workdir)."""
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "kgtool", "--project", str(ROOT), "serve",
                             "--port", str(servers.free_port())], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("SPARQL endpoint: "):
            url = line.split()[2]
            assert RemoteStore(url).ask("ASK { ?s ?p ?o }")
            kids = [k for k in _children(proc.pid) if "oxigraph" in
                    Path(f"/proc/{k}/cmdline").read_bytes().decode(errors="replace")]
            dirs = [d for d in tmp.glob("kgtool-serve-*")
                    if (d / "owner.pid").read_text() == str(proc.pid)]
            assert len(kids) == 1 and len(dirs) == 1
            return proc, kids[0], dirs[0]
    proc.kill()
    raise AssertionError("kgtool serve did not start: " + "".join(lines)[-2000:])


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_stops_the_child_and_removes_the_temporary_directory(signum, tmp_path):
    if servers.oxigraph_binary() is None:
        pytest.skip(f"the oxigraph server is not installed ({servers.INSTALL_HINT})")
    proc, child, workdir = _start_cli_serve(tmp_path)
    try:
        proc.send_signal(signum)
        out, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, out
    assert "server stopped" in out and "Traceback" not in out
    assert not _alive(child)
    assert not workdir.exists()
    assert list(tmp_path.glob("kgtool-serve-*")) == []


def test_sigkill_takes_the_child_along_and_next_start_removes_the_leftovers(tmp_path, kg):
    if servers.oxigraph_binary() is None:
        pytest.skip(f"the oxigraph server is not installed ({servers.INSTALL_HINT})")
    from kgtool.servers.serve import remove_stale_workdirs

    proc, child, workdir = _start_cli_serve(tmp_path)
    proc.kill()
    proc.wait(30)
    deadline = time.monotonic() + 20
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child)  # PR_SET_PDEATHSIG: no Oxigraph server outlives kgtool serve
    assert workdir.exists()
    assert remove_stale_workdirs(tmp_path) == [workdir]  # what serve() runs when it starts
    assert not workdir.exists()
