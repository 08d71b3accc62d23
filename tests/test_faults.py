"""Fault injection on real builds (issue #19): a build killed at each named write step
(``KGTOOL_FAULT_AT``, :mod:`kgtool.building.faults`) and at random times (SIGKILL), two builds at once,
a build while queries run, a small disk (tmpfs, root only), a corrupted incremental state, and
an unexpected exception. After each: the build directory's current generation is complete and
consistent (every artefact and the store of the same build), the next build succeeds without
manual cleanup, and an incremental build equals a full build.

Builds run as ``python -m kgtool`` subprocesses on the Oxigraph build of the checkout's five
documents (``--backend oxigraph``: the fastest full build; the generation code is shared by
every build kind, see ``tests/test_generations.py``).
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset
from rdflib.compare import isomorphic

from kgtool.building.query_store import open_build_store
from kgtool.building.faults import FAULT_EXIT
from kgtool.building.generations import current_generation, open_generation

ROOT = Path(__file__).resolve().parent.parent
NEW_TRIPLE = ('\n<https://w3id.org/kgtool/id/fault-test> '
              '<http://www.w3.org/2000/01/rdf-schema#label> "fault test {n}"@en .\n')


@pytest.fixture()
def proj(tmp_path):
    for d in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / d, tmp_path / d)
    return tmp_path


def kgtool(proj: Path, *args, fault: str | None = None, popen: bool = False, out=None,
           quiet: bool = False):
    env = dict(os.environ)
    env.pop("KGTOOL_FAULT_AT", None)
    if fault:
        env["KGTOOL_FAULT_AT"] = fault
    cmd = [sys.executable, "-m", "kgtool", "--project", str(proj), "--backend", "oxigraph",
           *(["--quiet"] if quiet else []), *args]
    if out is not None:
        cmd += ["--out", str(out)]
    if popen:
        return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)


def build(proj, *args, **kw):
    quiet = "--quiet" in args
    return kgtool(proj, "build", *(a for a in args if a != "--quiet"), quiet=quiet, **kw)


def change_document(proj: Path, n: int) -> None:
    doc = proj / "data" / "documents" / "002-yuefu-2010-1.ttl"
    with doc.open("a", encoding="utf-8") as fh:
        fh.write(NEW_TRIPLE.format(n=n))


def nq_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip() and not line.startswith(b"#"))


def check_generation(build_dir: Path) -> dict:
    """The current generation is complete and consistent; returns its record."""
    cur = current_generation(build_dir)
    assert cur is not None, "no current generation"
    rec = json.loads((cur / "generation.json").read_text(encoding="utf-8"))
    assert {"graph.nq", "validation.json", "summary.json"} <= set(rec["artefacts"])
    for name, size in rec["artefacts"].items():
        assert (cur / name).stat().st_size == size, name
    summary = json.loads((cur / "summary.json").read_text(encoding="utf-8"))
    quads = nq_lines(cur / "graph.nq")
    assert summary["triples"] == rec["triples"] == quads
    store = open_build_store(cur)
    assert store is not None and store.triple_count() == quads
    if summary.get("backend") == "oxigraph":  # graph.nq written by Oxigraph: the same quads
        import pyoxigraph as ox

        in_store = {q for q in store.store.quads_for_pattern(None, None, None, None)
                    if not isinstance(q.graph_name, ox.DefaultGraph)}
        assert in_store == set(ox.parse(path=str(cur / "graph.nq"), format=ox.RdfFormat.N_QUADS))
        union = {q.triple for q in in_store}
        assert union == {q.triple for q in store.store.quads_for_pattern(
            None, None, None, ox.DefaultGraph())}
    del store
    # readers reach the current generation only; the previous one is kept for readers that
    # still hold it; anything else is a killed build's leftover, removed by the next build
    gens = {g.name for g in build_dir.glob("gen-*")}
    assert cur.name in gens and rec["previous"] in gens | {None}
    for name in ("graph.nq", "summary.json", "validation.json", "store"):
        assert (build_dir / name).resolve().parent == cur.resolve(), name
    return rec


def check_clean(build_dir: Path) -> None:
    """No leftovers: no partial generation, temporary or trash file."""
    names = [p.name for p in build_dir.iterdir()]
    assert not [n for n in names if n.endswith(".tmp") or n.startswith((".trash-", ".current."))]
    cur = current_generation(build_dir)
    rec = json.loads((cur / "generation.json").read_text(encoding="utf-8"))
    assert {g.name for g in build_dir.glob("gen-*")} <= {cur.name, rec["previous"]}
    for g in build_dir.glob("gen-*"):
        assert not list(g.glob("*.tmp")), g


def same_graph(a: Path, b: Path) -> bool:
    """The two N-Quads files hold the same named graphs (blank nodes up to renaming)."""
    da, db = Dataset(), Dataset()
    da.parse(a, format="nquads")
    db.parse(b, format="nquads")
    names_a = {g.identifier for g in da.graphs() if len(g)}
    names_b = {g.identifier for g in db.graphs() if len(g)}
    return names_a == names_b and all(isomorphic(da.graph(n), db.graph(n)) for n in names_a)


def test_kill_at_each_write_step_of_a_full_build(proj):
    out = proj / "build"
    assert build(proj, "--quiet").returncode == 0
    before = check_generation(out)
    for point in ("locked", "generation-created", "artefact-written#1", "artefact-written#2",
                  "artefact-written#3", "store-written", "generation-recorded", "switched",
                  "cleaned"):
        r = build(proj, "--quiet", fault=point)
        assert r.returncode == FAULT_EXIT, (point, r.stderr)
        rec = check_generation(out)
        if point in ("switched", "cleaned"):
            assert rec["build_id"] != before["build_id"], point
            assert rec["previous"] == before["generation"]
        else:
            assert rec["build_id"] == before["build_id"], point
        before = rec
    r = build(proj, "--quiet")
    assert r.returncode == 0, r.stderr
    check_generation(out)
    check_clean(out)


def test_kill_at_each_write_step_of_an_incremental_build(proj):
    out = proj / "build"
    assert build(proj, "--quiet", "--incremental").returncode == 0
    before = check_generation(out)
    state_manifest = (current_generation(out) / "state" / "manifest.json").read_bytes()
    change_document(proj, 1)
    for point in ("state-copied", "state-changing", "artefact-written#1", "store-written",
                  "generation-recorded"):
        r = build(proj, "--quiet", "--incremental", fault=point)
        assert r.returncode == FAULT_EXIT, (point, r.stderr)
        rec = check_generation(out)
        assert rec["build_id"] == before["build_id"], point
        # the current generation's state is never touched by a later build
        assert (current_generation(out) / "state" / "manifest.json").read_bytes() == state_manifest
    r = build(proj, "--incremental")
    assert r.returncode == 0, r.stderr
    assert "incremental: reloaded doc-002" in r.stderr  # the state survived every kill
    check_generation(out)
    check_clean(out)
    full = proj / "full"
    assert build(proj, "--quiet", out=full).returncode == 0
    assert same_graph(out / "graph.nq", full / "graph.nq")


def test_sigkill_at_random_times(proj):
    out = proj / "build"
    assert build(proj, "--quiet", "--incremental").returncode == 0
    rnd = random.Random(19)
    for i in range(4):
        change_document(proj, i)
        p = build(proj, "--quiet", *(["--incremental"] if i % 2 else []), popen=True)
        time.sleep(rnd.uniform(0.5, 5.0))
        p.send_signal(signal.SIGKILL)
        p.communicate()
        check_generation(out)
    r = build(proj, "--incremental")
    assert r.returncode == 0, r.stderr
    check_generation(out)
    check_clean(out)
    full = proj / "full"
    assert build(proj, "--quiet", out=full).returncode == 0
    assert same_graph(out / "graph.nq", full / "graph.nq")


def test_two_builds_at_once(proj):
    out = proj / "build"
    a, b = (build(proj, "--quiet", popen=True) for _ in range(2))
    (_, err_a), (_, err_b) = a.communicate(), b.communicate()
    codes = sorted([a.returncode, b.returncode])
    assert codes == [0, 2], (err_a, err_b)
    winner, loser_err = (a, err_b) if a.returncode == 0 else (b, err_a)
    assert loser_err.strip() == (f"kgtool: error: another build is running (pid {winner.pid}) "
                                 f"in {out}; wait for it to finish or pass --wait")
    first = check_generation(out)
    # with --wait both run, one after the other; incremental ones share no state
    change_document(proj, 1)
    a, b = (build(proj, "--quiet", "--incremental", "--wait", popen=True) for _ in range(2))
    (_, err_a), (_, err_b) = a.communicate(), b.communicate()
    assert (a.returncode, b.returncode) == (0, 0), (err_a, err_b)
    assert "Traceback" not in err_a + err_b and "orrupt" not in err_a + err_b
    rec = check_generation(out)
    second = json.loads((out / rec["previous"] / "generation.json").read_text())
    assert second["previous"] == first["generation"]
    check_clean(out)


def test_build_while_queries_run(proj):
    out = proj / "build"
    assert build(proj, "--quiet").returncode == 0
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    gen = open_generation(out)
    expected = open_build_store(gen.dir).select(query).rows
    gen.close()
    p = build(proj, "--quiet", popen=True)
    seen, reads = set(), 0
    while p.poll() is None or reads == 0:
        gen = open_generation(out)
        rows = open_build_store(gen.dir).select(query).rows
        assert rows == expected  # either generation, always whole
        seen.add(gen.build_id)
        gen.close()
        reads += 1
    assert p.returncode == 0, p.stderr.read()
    cli = kgtool(proj, "query", "funders", "-f", "csv")
    assert cli.returncode == 0 and cli.stderr == "", cli.stderr
    rec = check_generation(out)
    assert reads >= 3 and rec["build_id"] not in seen or len(seen) >= 1


def _gen_bytes(build_dir: Path) -> int:
    cur = current_generation(build_dir)
    return sum(p.stat().st_size for p in cur.rglob("*") if p.is_file())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="tmpfs is Linux")
def test_small_disk(proj, tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    probe = tmp_path / "probe"
    assert build(proj, "--quiet", out=probe).returncode == 0
    size = _gen_bytes(probe)
    mnt = tmp_path / "small"
    mnt.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size * 4}", "tmpfs",
                              str(mnt)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        out = mnt / "build"
        r = build(proj, "--quiet", "--incremental", out=out)
        assert r.returncode == 0, r.stderr
        first = check_generation(out)
        # fill the disk but for half a generation
        free = os.statvfs(mnt).f_bavail * os.statvfs(mnt).f_frsize
        ballast = mnt / "ballast"
        ballast.write_bytes(b"\0" * max(0, free - size // 2))
        for args in ((), ("--incremental",)):
            r = build(proj, "--quiet", *args, out=out)
            assert r.returncode == 2, r.stderr
            lines = r.stderr.strip().splitlines()
            assert len(lines) == 1 and "no space left on device" in lines[0], r.stderr
            assert str(out) in lines[0]  # names the file
            assert check_generation(out)["build_id"] == first["build_id"]
        ballast.unlink()
        change_document(proj, 1)
        r = build(proj, "--incremental", out=out)
        assert r.returncode == 0, r.stderr
        assert "incremental: reloaded doc-002" in r.stderr  # the state survived the full disk
        check_generation(out)
        check_clean(out)
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_corrupted_state_is_rebuilt_not_used(proj):
    out = proj / "build"
    assert build(proj, "--quiet", "--incremental").returncode == 0
    ssts = sorted((current_generation(out) / "state" / "store").glob("*.sst"))
    assert ssts
    for sst in ssts:  # a copy first: the files are hard links shared with nothing else here
        data = bytearray(sst.read_bytes())
        for i in range(64, len(data) - 64, 97):
            data[i] ^= 0x5A
        sst.unlink()
        sst.write_bytes(bytes(data))
    change_document(proj, 1)
    r = build(proj, "--incremental")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    notes = [line for line in r.stderr.splitlines() if line.startswith("incremental state")]
    assert len(notes) == 1 and "Corruption" in notes[0], r.stderr
    assert notes[0].endswith("rebuilding it from the source files")
    assert "full rebuild: the previous state was corrupted" in r.stderr
    check_generation(out)
    full = proj / "full"
    assert build(proj, "--quiet", out=full).returncode == 0
    assert same_graph(out / "graph.nq", full / "graph.nq")


def test_an_unexpected_exception_is_one_line_and_exit_2(proj, monkeypatch):
    import importlib

    from kgtool.cli.main import cli

    build_module = importlib.import_module("kgtool.building.pipeline")

    def broken(*a, **k):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(build_module, "build", broken)
    r = CliRunner().invoke(cli, ["--project", str(proj), "build"])
    assert r.exit_code == 2
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "kgtool: error: unexpected ZeroDivisionError in `kgtool build` (build): division by zero")
    r = CliRunner().invoke(cli, ["--debug", "--project", str(proj), "build"])
    assert isinstance(r.exception, ZeroDivisionError)  # the traceback, with --debug


def test_a_read_command_names_a_stale_build_and_rebuilds_on_request(proj):
    assert build(proj, "--quiet", "--incremental").returncode == 0
    doc = proj / "data" / "documents" / "002-yuefu-2010-1.ttl"
    doc.write_bytes(doc.read_bytes())  # same content, new mtime: not a change
    r = kgtool(proj, "query", "funders", "-f", "csv")
    assert r.returncode == 0 and r.stderr == "", r.stderr
    change_document(proj, 1)
    r = kgtool(proj, "query", "funders", "-f", "csv")
    assert r.returncode == 0
    assert r.stderr.splitlines() == [
        f"kgtool: warning: {doc} changed since the build {check_generation(proj / 'build')['build_id']}; "
        "results are of that build (run `kgtool build --incremental`, or pass --rebuild)"]
    r = kgtool(proj, "--rebuild", "query", "funders", "-f", "csv")
    assert r.returncode == 0 and "rebuilding incrementally" in r.stderr
    assert "incremental: reloaded doc-002" in r.stderr
    check_generation(proj / "build")
    r = kgtool(proj, "query", "funders", "-f", "csv")
    assert r.returncode == 0 and r.stderr == "", r.stderr
