"""Ad-hoc SPARQL gives the same answer on rdflib, Oxigraph and the servers (issue 15).

The same predeclared prefixes everywhere (:data:`kgtool.sparql.text.PREDECLARED`, no
others), prefixed names with escapes (``kg:fact\\/…``) read as the grammar says, an
undeclared prefix refused the same way on every backend."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgtool.cli.main import cli
from kgtool.errors import QueryError
from kgtool.rdf.graph import load_project
from kgtool.stores.oxigraph import OxigraphStore
from kgtool.project import Project
from kgtool.stores.base import RdflibStore

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import servers  # noqa: E402

TARGET = "https://w3id.org/kgtool/id/fact/yufufa-2011-3/target-01"
#: (query text, expected number of rows or None for "same as the full-IRI query")
QUERIES = {
    "predeclared-prefixes": "SELECT ?s WHERE { ?s a kgt:Target }",
    "escaped-local-name": r"SELECT ?p ?o WHERE { kg:fact\/yufufa-2011-3\/target-01 ?p ?o }",
    "full-iri": f"SELECT ?p ?o WHERE {{ <{TARGET}> ?p ?o }}",
    "escaped-in-bind": r"SELECT ?x WHERE { BIND(kg:fact\/a\/b AS ?x) }",
    "own-declaration-wins": "PREFIX kgt: <urn:other:> SELECT ?s WHERE { ?s a kgt:Target }",
    "escaped-in-path": (r"SELECT ?o WHERE { kg:fact\/yufufa-2011-3\/target-01 "
                        r"rdf:type/rdfs:subClassOf ?o }"),
}


@pytest.fixture(scope="module")
def kg():
    return load_project(Project(ROOT))


@pytest.fixture(scope="module")
def embedded(kg):
    return {"rdflib": RdflibStore(kg), "oxigraph": OxigraphStore.from_knowledge_graph(kg)}


def _rows(store, text):
    return sorted(tuple(str(v) for v in row) for row in store.select(text, timeout=60).rows)


def test_same_answers_on_both_embedded_backends(embedded):
    answers = {name: {q: _rows(store, text) for q, text in QUERIES.items()}
               for name, store in embedded.items()}
    assert answers["rdflib"] == answers["oxigraph"]
    a = answers["rdflib"]
    assert len(a["predeclared-prefixes"]) > 0
    assert a["escaped-local-name"] == a["full-iri"] and len(a["full-iri"]) > 5
    assert a["escaped-in-path"] != []
    assert a["escaped-in-bind"] == [("https://w3id.org/kgtool/id/fact/a/b",)]
    assert a["own-declaration-wins"] == []


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s a foaf:Person }",  # rdflib used to know foaf:, Oxigraph not
    "SELECT * WHERE { ?s a :Thing }",
])
def test_undeclared_prefix_refused_the_same_way_everywhere(embedded, text):
    messages = set()
    for store in embedded.values():
        with pytest.raises(QueryError) as refused:
            store.select(text)
        messages.add(str(refused.value))
    assert len(messages) == 1 and "undeclared prefix" in messages.pop()


def test_strings_iris_and_comments_are_not_prefixes(embedded):
    text = ('SELECT ?s WHERE { ?s a kgt:Target . # foaf:Person in a comment\n'
            ' OPTIONAL { ?s kgt:label "foaf:x \\\\/" } FILTER(?s != <urn:foaf:x>) }')
    assert _rows(embedded["rdflib"], text) == _rows(embedded["oxigraph"], text) != []


def test_cli_query_text_gives_the_same_rows(tmp_path):
    import shutil

    for d in ("ontology", "data", "queries"):  # a project copy with its own build
        shutil.copytree(ROOT / d, tmp_path / d)
    assert CliRunner().invoke(cli, ["--project", str(tmp_path), "--quiet", "build"]).exit_code == 0
    outputs = set()
    for backend in ("rdflib", "oxigraph"):
        for q in ("escaped-local-name", "full-iri"):
            result = CliRunner().invoke(cli, ["--project", str(tmp_path), "--backend", backend,
                                              "query", "--text", QUERIES[q], "-f", "csv"])
            assert result.exit_code == 0, result.output
            outputs.add("\n".join(sorted(result.output.strip().splitlines())))
    assert len(outputs) == 1 and outputs.pop().count("\n") > 5


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request, kg, tmp_path_factory):
    from kgtool.servers import push as push_mod

    running = servers.start(request.param, tmp_path_factory.mktemp(request.param))
    mp = pytest.MonkeyPatch()
    servers.auth_env(mp, running)
    try:
        report = push_mod.push(kg, query_url=running.query_url, update_url=running.update_url,
                               store_url=running.store_url, timeout=60)
        assert report.ok, report.to_text()
        yield running
    finally:
        mp.undo()
        running.stop()


@pytest.mark.server
def test_servers_give_the_same_answers(server, embedded):
    from kgtool.stores.remote import RemoteStore

    remote = RemoteStore(server.query_url, timeout=60)
    for name, text in QUERIES.items():
        got = sorted(set(_rows(remote, text)))  # a quad store repeats a triple of two graphs
        assert got == sorted(set(_rows(embedded["oxigraph"], text))), (server.kind, name)
    with pytest.raises(QueryError):
        remote.select("SELECT * WHERE { ?s a foaf:Person }")
