"""``kgtool serve``: the built graph on a real Oxigraph server on 127.0.0.1 (issue #4)."""
from __future__ import annotations

import json
import socket
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
from kgtool.graph import load_project  # noqa: E402
from kgtool.project import Project  # noqa: E402
from kgtool.queries import get_named_query, run_query  # noqa: E402
from kgtool.remote import RemoteStore  # noqa: E402
from kgtool.store import RdflibStore  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def kg():
    return load_project(Project(ROOT))


@pytest.fixture(scope="module")
def server(kg):
    if servers.oxigraph_binary() is None:
        pytest.skip(f"the oxigraph server is not installed ({servers.INSTALL_HINT})")
    from kgtool.serve import serve

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
        assert err.value.code in (403, 405)


def test_port_in_use_is_one_line_store_error(server, kg):
    from kgtool.serve import serve

    port = int(server.url.rsplit(":", 1)[1])
    with pytest.raises(StoreError, match=f"port {port} on 127.0.0.1 is already in use"):
        serve(kg, port=port)


def test_non_loopback_bind_refused(kg):
    from kgtool.serve import serve

    with pytest.raises(SecurityError, match="allow-remote-bind"):
        serve(kg, host="0.0.0.0", port=servers.free_port())


def test_cli_serve_answers_and_stops_on_ctrl_c(kg, monkeypatch):
    if servers.oxigraph_binary() is None:
        pytest.skip(f"the oxigraph server is not installed ({servers.INSTALL_HINT})")
    from kgtool import cli_remote
    from kgtool.cli import cli
    from kgtool.serve import ServerHandle

    if "serve" not in cli.commands:
        cli.add_command(cli_remote.serve_cmd)
    monkeypatch.setattr(cli_remote, "load_kg", lambda c: kg)
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
    from kgtool.cli import cli

    ok = CliRunner().invoke(cli, ["--project", str(ROOT), "validate", "--endpoint", server.query_url])
    assert ok.exit_code == 0, ok.output
    bad = tmp_path / "bad.ttl"
    bad.write_text("<https://w3id.org/kgtool/id/fact/x/target-01> a "
                   "<https://w3id.org/kgtool/ontology#Target> .\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["--project", str(ROOT), "validate", "--endpoint", server.query_url,
                                 str(bad)])
    assert r.exit_code == 1 and "target-01" in r.output
