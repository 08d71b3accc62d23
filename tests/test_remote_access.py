"""SERVICE, FROM / FROM NAMED and LOAD in a project's own shapes, rules and named queries are
refused when the project is loaded, on every backend, with one line naming the file and the
keyword (exit 2) — and nothing reaches the network: each run points the SPARQL at a trap
listener on 127.0.0.1 that counts connections."""
from __future__ import annotations

import shutil
import socket
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgtool.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]


class Trap:
    """A TCP listener on 127.0.0.1 that counts the connections it receives."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(2)
        self.sock.close()


@pytest.fixture(scope="module")
def trap():
    t = Trap()
    yield t
    t.close()


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "ontology", root / "ontology")
    shutil.copytree(ROOT / "queries", root / "queries")
    (root / "data" / "documents").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "reference", root / "data" / "reference")
    for doc in sorted((ROOT / "data" / "documents").glob("001-*.ttl")):
        shutil.copy(doc, root / "data" / "documents" / doc.name)
    return root


def _shape(select: str) -> str:
    return ("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
            "@prefix kgt: <https://w3id.org/kgtool/ontology#> .\n"
            "@prefix ex: <http://example.org/trap#> .\n"
            "ex:TrapShape a sh:NodeShape ; sh:targetClass kgt:Document ;\n"
            f'  sh:sparql [ sh:message "trap" ; sh:select """{select}""" ] .\n')


def _cases(port: int) -> dict[str, tuple[str, str, str]]:
    """name → (file relative to the project, its text, keyword expected in the message)."""
    url = f"http://127.0.0.1:{port}/sparql"
    return {
        "shape-SERVICE": ("ontology/shapes/trap.ttl", _shape(
            f"SELECT $this WHERE {{ SERVICE <{url}> {{ $this ?p ?o }} }}"), "SERVICE"),
        "shape-FROM": ("ontology/shapes/trap.ttl", _shape(
            f"SELECT $this FROM <{url}> WHERE {{ $this ?p ?o }}"), "FROM"),
        "rule-SERVICE": ("ontology/rules/trap.rq",
                         f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
                         "SERVICE"),
        "rule-FROM-NAMED": ("ontology/rules/trap.rq",
                            f"CONSTRUCT {{ ?s ?p ?o }} FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                            "FROM"),
        "rule-LOAD": ("ontology/rules/trap.rq", f"LOAD <{url}>", "LOAD"),
        "query-SERVICE": ("queries/trap.rq",
                          f"SELECT * WHERE {{ service<{url}> {{ ?s ?p ?o }} }}", "SERVICE"),
        "query-FROM": ("queries/trap.rq", f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}", "FROM"),
    }


RUNS = [("rdflib", "auto"), ("rdflib", "owlrl"), ("oxigraph", "auto"), ("oxigraph", "sparql")]


@pytest.mark.parametrize("case", list(_cases(0)))
def test_remote_access_in_project_files_is_refused_on_every_backend(tmp_path, trap, case):
    root = _project(tmp_path)
    rel, text, keyword = _cases(trap.port)[case]
    (root / rel).write_text(text, encoding="utf-8")
    before = trap.connections
    commands = [["--backend", b, "build", "--reasoner", r, "--out", str(tmp_path / f"b-{b}-{r}")]
                for b, r in RUNS]
    commands += [["--backend", b, "build", "--incremental", "--out", str(tmp_path / f"i-{b}")]
                 for b in ("rdflib", "oxigraph")]
    if rel.startswith("queries/"):
        commands += [["--backend", b, "query", "trap"] for b in ("rdflib", "oxigraph")]
    for args in commands:
        result = CliRunner().invoke(cli, ["--project", str(root), "--quiet", *args])
        lines = [l for l in result.stderr.splitlines() if l.strip()]
        assert result.exit_code == 2, (args, result.output)
        assert len(lines) == 1 and "Traceback" not in result.output, (args, result.output)
        assert Path(rel).name in lines[0] and keyword in lines[0], (args, lines[0])
    assert trap.connections == before, f"{trap.connections - before} request(s) reached the trap"


@pytest.mark.parametrize("backend", ["rdflib", "oxigraph"])
def test_ad_hoc_service_and_from_never_reach_the_network(tmp_path, trap, backend):
    root = _project(tmp_path)
    url = f"http://127.0.0.1:{trap.port}/sparql"
    before = trap.connections
    for text in (f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
                 f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
                 f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                 # a SERVICE the checker (rdflib) reads as part of a comment and Oxigraph
                 # would run: a lone carriage return ends a comment only for Oxigraph
                 f"SELECT * WHERE {{ ?s ?p ?o }} # x\rSERVICE <{url}> {{ ?s ?p ?o }}\n",
                 f"SELECT * WHERE {{ SERVIC\\u0045 <{url}> {{ ?s ?p ?o }} }}"):
        result = CliRunner().invoke(cli, ["--project", str(root), "--backend", backend,
                                          "query", "--text", text])
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert trap.connections == before


def test_trap_counts_a_real_connection(trap):
    # the listener works: a direct connection is counted (so zero above means zero)
    before = trap.connections
    with socket.create_connection(("127.0.0.1", trap.port), timeout=2):
        pass
    for _ in range(50):
        if trap.connections > before:
            break
        threading.Event().wait(0.05)
    assert trap.connections == before + 1
