"""Read commands on a build's on-disk store: the SPARQL check's remembered verdicts and the
query time limit (issue #17; bench/read_commands.py measures them at 1M triples)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kgtool.sparql import safety as sparql_safety
from kgtool.errors import QueryError, SecurityError
from kgtool.stores.oxigraph import OxigraphStore
from kgtool.sparql.safety import check_query, verdict_key

ROOT = Path(__file__).resolve().parents[1]
ASK = "PREFIX ex: <http://example.org/> ASK { ?s ex:p ?o }"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A fresh verdict cache directory, and a process that has checked nothing yet."""
    monkeypatch.setenv("KGTOOL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(sparql_safety, "_PASSED", set())
    parses = []
    real = sparql_safety._parse_and_check

    def counted(text, **kw):
        parses.append(text)
        return real(text, **kw)

    monkeypatch.setattr(sparql_safety, "_parse_and_check", counted)
    return tmp_path / "cache" / "sparql-checked", parses


def _new_process(monkeypatch):
    monkeypatch.setattr(sparql_safety, "_PASSED", set())


def test_a_passed_text_is_not_parsed_again_in_a_later_process(cache, monkeypatch):
    where, parses = cache
    check_query(ASK, remember=True)
    assert parses == [ASK] and (where / verdict_key(ASK)).is_file()
    _new_process(monkeypatch)
    check_query(ASK, remember=True)
    assert parses == [ASK]  # the verdict on disk, no parse


def test_a_changed_query_file_is_parsed_again(cache, monkeypatch, tmp_path):
    """The verdict is keyed by the file's content: an edited named query is checked anew,
    and refused exactly as without the cache."""
    from kgtool.querying.named import get_named_query

    where, parses = cache
    qdir = tmp_path / "queries"
    qdir.mkdir()
    (qdir / "q.rq").write_text("#+ summary: x\nSELECT ?s WHERE { ?s ?p ?o } LIMIT 1\n",
                               encoding="utf-8")
    first = get_named_query(qdir, "q").text
    check_query(first, remember=True)
    _new_process(monkeypatch)
    check_query(first, remember=True)
    assert parses == [first]
    (qdir / "q.rq").write_text("#+ summary: x\nSELECT ?s WHERE { ?s ?p ?o LIMIT 1\n",
                               encoding="utf-8")
    changed = get_named_query(qdir, "q").text
    _new_process(monkeypatch)
    with pytest.raises(QueryError) as cached_run:
        check_query(changed, remember=True)
    assert parses == [first, changed]
    monkeypatch.setenv("KGTOOL_CACHE_DIR", "")  # the cache off: the same refusal
    with pytest.raises(QueryError) as plain_run:
        check_query(changed, remember=True)
    assert str(cached_run.value) == str(plain_run.value)
    assert sorted(os.listdir(where)) == [verdict_key(first)]  # a refusal is never kept


@pytest.mark.parametrize("text,error", [
    ("DROP ALL", SecurityError),
    ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", SecurityError),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", SecurityError),
    ("SELEKT nothing", QueryError),
    ("SELECT * WHERE { ?s ?p ?o } # c\rSERVICE", SecurityError),
])
def test_refusals_are_the_same_every_time(cache, monkeypatch, text, error):
    where, parses = cache
    messages = []
    for _ in range(2):
        _new_process(monkeypatch)
        with pytest.raises(error) as exc:
            check_query(text, remember=True)
        messages.append(str(exc.value))
    assert messages[0] == messages[1]
    assert not where.exists() or not os.listdir(where)


def test_without_remember_every_call_parses(cache, monkeypatch):
    """rdflib-evaluated callers (RdflibStore, rules) keep parsing: the parse also sets up
    rdflib's own parser for escaped local names."""
    where, parses = cache
    check_query(ASK, remember=True)
    check_query(ASK)
    check_query(ASK)
    assert len(parses) == 3


def test_the_oxigraph_store_reuses_a_verdict_of_an_earlier_process(cache, monkeypatch,
                                                                   tmp_path):
    import kgtool.stores.oxigraph as oxistore

    where, parses = cache
    text = "SELECT ?s WHERE { ?s ?p ?o }"
    check_query(text, remember=True)
    _new_process(monkeypatch)
    monkeypatch.setattr(oxistore, "_CHECKED", set())
    assert _store(tmp_path, n=2).select(text, timeout=30).rows
    assert parses == [text]


def test_the_allow_flags_are_part_of_the_verdict(cache, monkeypatch):
    where, parses = cache
    text = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    check_query(text, allow_service=True, remember=True)
    _new_process(monkeypatch)
    with pytest.raises(SecurityError, match="SERVICE"):
        check_query(text, remember=True)
    assert len(parses) == 2


def test_the_checker_is_part_of_the_verdict(cache, monkeypatch):
    """A verdict of another checker (this module or rdflib's parser changed) is not reused."""
    where, parses = cache
    check_query(ASK, remember=True)
    monkeypatch.setattr(sparql_safety, "_checker_digest", "another checker")
    _new_process(monkeypatch)
    check_query(ASK, remember=True)
    assert len(parses) == 2 and len(os.listdir(where)) == 2


def test_an_unwritable_cache_only_costs_the_parse(cache, monkeypatch, tmp_path):
    where, parses = cache
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("KGTOOL_CACHE_DIR", str(blocker))
    check_query(ASK, remember=True)
    _new_process(monkeypatch)
    check_query(ASK, remember=True)
    assert len(parses) == 2


# ------------------------------------------------------------------------- time limit
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _store(tmp_path, n=2000) -> OxigraphStore:
    from rdflib import Literal, URIRef

    s = OxigraphStore(tmp_path / "ox")
    s.add_quads((URIRef(f"http://example.org/s{i}"), URIRef("http://example.org/p"),
                 Literal(str(i)), URIRef("http://example.org/g")) for i in range(n))
    s.flush()
    return s


def test_the_time_limit_stops_a_query_before_its_first_row(tmp_path):
    """A query that computes for hours before its first row (2000³ joins, one COUNT row) is
    stopped at the limit; the store answers the next query. (In a child process: Oxigraph
    cannot cancel the abandoned query, which computes until the process exits.)"""
    writer = _store(tmp_path)
    del writer  # closed: the child opens it read-only
    code = f"""
import time
from kgtool.errors import QueryError
from kgtool.stores.oxigraph import OxigraphStore
store = OxigraphStore.read_only({str(tmp_path / "ox")!r})
start = time.monotonic()
try:
    store.select({RUNAWAY!r}, timeout=0.5)
except QueryError as exc:
    print(round(time.monotonic() - start, 3), exc)
print(store.ask("ASK {{ ?s ?p ?o }}", timeout=30))
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=600)
    first, second = r.stdout.splitlines()
    wall, message = first.split(" ", 1)
    assert message == "query stopped after the time limit of 0.5 s (raise it with --timeout)"
    assert 0.5 <= float(wall) < 5
    assert second == "True"


def test_errors_and_results_come_back_from_the_worker(tmp_path):
    store = _store(tmp_path, n=3)
    assert len(store.select("SELECT * WHERE { ?s ?p ?o }", timeout=30).rows) == 3
    assert len(store.select("SELECT * WHERE { ?s ?p ?o }", timeout=None).rows) == 3
    with pytest.raises(QueryError, match="query failed"):  # rdflib parses it, Oxigraph not
        store.select('SELECT * WHERE { ?s ?p ?o FILTER(<http://example.org/f>(?o)) }',
                     timeout=30)


@pytest.fixture(scope="module")
def built_project(tmp_path_factory):
    """The project's five documents built with ``--backend oxigraph`` (so read commands use
    the generation's on-disk store), in a directory of its own."""
    tmp = tmp_path_factory.mktemp("reads")
    proj = tmp / "proj"
    proj.mkdir()
    for d in ("ontology", "data", "queries"):
        os.symlink(ROOT / d, proj / d)
    env = {**os.environ, "KGTOOL_CACHE_DIR": str(tmp / "cache")}
    built = subprocess.run(KGTOOL + ["--project", str(proj), "--backend", "oxigraph", "--quiet",
                                     "build"], capture_output=True, text=True, env=env,
                           timeout=900)
    assert built.returncode in (0, 1), built.stderr
    assert (proj / "build" / "current" / "store").is_dir()
    return proj, env


KGTOOL = [sys.executable, "-m", "kgtool.cli.main"]


def test_kgtool_query_on_a_build_store_stops_at_its_time_limit(built_project):
    """`kgtool query --timeout 2` on a build read from its on-disk store (``--backend
    oxigraph``) exits 2 with the time-limit line soon after 2 s, where SIGALRM waited for
    the query's first row (find-quote ran 211 s under a 30 s limit at 1M triples)."""
    proj, env = built_project
    start = time.monotonic()
    r = subprocess.run(KGTOOL + ["--project", str(proj), "--backend", "oxigraph", "query",
                                 "--text", RUNAWAY, "--timeout", "2"],
                       capture_output=True, text=True, env=env, timeout=600)
    wall = time.monotonic() - start
    assert r.returncode == 2, r.stderr
    assert r.stderr.strip() == ("kgtool: error: query stopped after the time limit of 2 s "
                                "(raise it with --timeout)")
    assert wall < 2 + 30  # process start and opening the store, on a loaded machine


@pytest.mark.slow
def test_read_commands_bench_on_a_build(built_project, tmp_path):
    """bench/read_commands.py end to end on a small build: a row per read command with its
    ratio to the baseline, a p50 per named query, written into its section of --out."""
    proj, env = built_project
    out = tmp_path / "RESULTS.md"
    out.write_text("# Benchmark results\n\nkept text\n", encoding="utf-8")
    subprocess.run([sys.executable, str(ROOT / "bench" / "read_commands.py"), "--project",
                    str(proj), "--repeat", "1", "--backend", "oxigraph", "--out", str(out)],
                   cwd=ROOT, env=env, check=True, timeout=900, capture_output=True)
    text = out.read_text(encoding="utf-8")
    assert "kept text" in text and "<!-- bench:reads:start -->" in text
    assert "Command: `python bench/read_commands.py --project" in text
    rows = {line.split("|")[1].strip(): line.split("|") for line in text.splitlines()
            if line.startswith("| `")}
    names = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    expected = [f"`query {n}`" for n in names] + ["`stats`",
                                                  "`export -f graphml --view agency-task`"]
    assert sorted(rows) == sorted(expected)
    for label in ("`query funders`", "`stats`", "`export -f graphml --view agency-task`"):
        median, ratio = float(rows[label][2]), float(rows[label][5])
        assert median > 0 and ratio > 0, rows[label]
    p50 = {line.split("|")[1].strip(): line for line in text.splitlines()
           if line.count("|") == 5 and line.split("|")[1].strip() in names}
    assert sorted(p50) == names
    assert "| funders | 55 |" in text  # the five documents' funders rows
