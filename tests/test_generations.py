"""The build lock and whole-build generations (kgtool.building.lock, kgtool.building.generations):
unit tests on directories, no build needed."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kgtool.building.lock import BuildLock, BuildLockedError
from kgtool.building.generations import (CURRENT, GenerationWriter, changed_sources, clean_leftovers,
                                current_generation, open_generation, sources_under)


def _write_generation(build: Path, text: str) -> Path:
    with GenerationWriter(build) as gen:
        (gen.dir / "graph.nq").write_text(text, encoding="utf-8")
        (gen.dir / "summary.json").write_text(json.dumps({"text": text}), encoding="utf-8")
        gen.commit({})
    return gen.dir


def test_lock_refuses_a_second_holder_naming_its_pid(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from kgtool.building.lock import BuildLock; "
         f"l = BuildLock({str(tmp_path)!r}).acquire(); print('held', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(BuildLockedError) as err:
            BuildLock(tmp_path).acquire()
        assert f"another build is running (pid {holder.pid})" in str(err.value)
        # --wait: blocks until the holder ends (killed here: the kernel drops its lock)
        waited = []
        lock = BuildLock(tmp_path, wait=True, on_wait=waited.append)
        t = threading.Timer(0.5, holder.kill)
        t.start()
        start = time.monotonic()
        lock.acquire()
        assert time.monotonic() - start >= 0.4
        assert waited == [str(holder.pid)]
        assert (tmp_path / ".lock").read_text().strip() == str(os.getpid())
        lock.release()
    finally:
        holder.kill()
        holder.wait()


def test_generations_switch_whole_and_keep_the_previous_one(tmp_path):
    build = tmp_path / "build"
    g1 = _write_generation(build, "one")
    assert current_generation(build) == g1
    assert (build / "graph.nq").read_text() == "one"  # the fixed link goes through current
    assert os.readlink(build / "graph.nq") == f"{CURRENT}/graph.nq"
    g2 = _write_generation(build, "two")
    g3 = _write_generation(build, "three")
    assert (build / "graph.nq").read_text() == "three"
    assert json.loads((g3 / "generation.json").read_text())["previous"] == g2.name
    assert sorted(p.name for p in build.glob("gen-*")) == [g2.name, g3.name]  # g1 removed
    assert not g1.exists()


def test_a_reader_keeps_its_generation(tmp_path):
    build = tmp_path / "build"
    _write_generation(build, "one")
    reader = open_generation(build)
    held = reader.dir
    for text in ("two", "three", "four"):
        _write_generation(build, text)
    assert (held / "graph.nq").read_text() == "one"  # still there for its reader
    reader.close()
    _write_generation(build, "five")
    assert not held.exists()


def test_a_failed_build_leaves_the_current_generation(tmp_path):
    build = tmp_path / "build"
    g1 = _write_generation(build, "one")
    with pytest.raises(RuntimeError):
        with GenerationWriter(build) as gen:
            (gen.dir / "graph.nq").write_text("half", encoding="utf-8")
            raise RuntimeError("disk full, say")
    assert current_generation(build) == g1
    assert (build / "graph.nq").read_text() == "one"
    assert sorted(p.name for p in build.glob("gen-*")) == [g1.name]


def test_leftovers_of_a_killed_build_are_cleaned(tmp_path):
    build = tmp_path / "build"
    g1 = _write_generation(build, "one")
    (build / "gen-000009").mkdir()
    (build / "gen-000009" / "graph.nq").write_text("partial")
    (build / ".graph.nq.abc.tmp").write_text("partial")
    (build / ".trash-gen-000003-1234").mkdir()
    removed = clean_leftovers(build)
    assert sorted(removed) == [".graph.nq.abc.tmp", ".trash-gen-000003-1234", "gen-000009"]
    assert current_generation(build) == g1


def test_the_layout_before_generations_is_replaced(tmp_path):
    build = tmp_path / "build"
    (build / "state" / "store").mkdir(parents=True)
    (build / "graph.nq").write_text("old flat file")
    (build / "graph.trig").write_text("old flat file")
    (build / "ontology.html").write_text("not an artefact")
    _write_generation(build, "new")
    assert (build / "graph.nq").is_symlink() and (build / "graph.nq").read_text() == "new"
    assert not (build / "graph.trig").exists()  # not written by this build
    assert not (build / "state").exists()
    assert (build / "ontology.html").read_text() == "not an artefact"


def test_changed_sources_are_noticed(tmp_path):
    root = tmp_path / "data"
    (root / "documents").mkdir(parents=True)
    doc = root / "documents" / "001-a.ttl"
    doc.write_text("a")
    before = sources_under([str(root)])
    assert changed_sources(before, sources_under([str(root)])) == []
    doc.write_text("ab")
    (root / "documents" / "002-b.ttl").write_text("b")
    assert changed_sources(before, sources_under([str(root)])) == sorted(
        [str(doc), str(root / "documents" / "002-b.ttl")])
