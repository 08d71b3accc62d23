"""A wheel installed outside the checkout builds and queries a project that has no queries/:
the named queries (and every other asset a read command loads) ship inside the package."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "queries" / "funders.csv"
pytestmark = pytest.mark.slow


def _cell(value: str) -> str:  # as tests/conftest.py: GROUP_CONCAT order is unspecified
    return " | ".join(sorted(value.split(" | "))) if " | " in value else value


def _rows(text: str) -> tuple[list[str], list[tuple[str, ...]]]:
    header, *rows = list(csv.reader(io.StringIO(text)))
    return header, sorted(tuple(_cell(v) for v in r) for r in rows)


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """A fresh venv holding only the kgtool wheel; its dependencies come from this test's
    environment (``--system-site-packages`` plus a .pth naming our site-packages), so nothing
    is downloaded."""
    tmp = tmp_path_factory.mktemp("wheel")
    # Build from a copy of the packaging inputs: an in-tree `pip wheel .` writes setuptools'
    # build/lib into the checkout's build/, which is kgtool's output directory.
    src = tmp / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    for name in ("kgtool", "queries"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    dist = tmp / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", ".", "-w", str(dist)],
                   cwd=src, check=True, timeout=600)
    (wheel,) = dist.glob("kgtool-*.whl")
    env_dir = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(env_dir)],
                   check=True, timeout=300)
    py = env_dir / "bin" / "python"
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # the .pth lines are added to sys.path but .pth files inside them are not run, so this
    # environment's editable kgtool stays invisible: only the wheel provides kgtool
    Path(purelib, "_kgtool_test_deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
                   check=True, timeout=300)
    return env_dir


@pytest.fixture(scope="module")
def outside(tmp_path_factory):
    """A project directory with the checkout's ontology/ and data/ but no queries/."""
    proj = tmp_path_factory.mktemp("project")
    for name in ("ontology", "data"):
        shutil.copytree(ROOT / name, proj / name)
    return proj


def kgtool(venv: Path, proj: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KGTOOL_CORPUS")}
    return subprocess.run([str(venv / "bin" / "kgtool"), "--project", str(proj), *args],
                          cwd=proj.parent, env=env, capture_output=True, text=True, timeout=600)


def test_the_wheel_ships_the_named_queries(venv):
    out = subprocess.run([str(venv / "bin" / "python"), "-c",
                          "import kgtool, kgtool.querying.named as q; print(kgtool.__file__); "
                          "print(q.builtin_queries_dir())"],
                         cwd=venv, capture_output=True, text=True, check=True).stdout.split()
    assert out[0].startswith(str(venv)) and not out[0].startswith(str(ROOT))
    shipped = Path(out[1])
    assert shipped == Path(out[0]).parent / "builtin_queries"
    assert sorted(p.name for p in shipped.glob("*.rq")) == sorted(p.name for p in (ROOT / "queries").glob("*.rq"))
    for p in (ROOT / "queries").glob("*.rq"):
        assert (shipped / p.name).read_bytes() == p.read_bytes(), p.name


def test_installed_wheel_builds_and_queries_a_project_without_queries(venv, outside, built):
    assert not (outside / "queries").exists()
    b = kgtool(venv, outside, "build")
    assert b.returncode == 0, b.stderr
    assert "validation: conforms" in b.stdout
    mine = json.loads((outside / "build" / "summary.json").read_text(encoding="utf-8"))
    checkout = json.loads((built.out_dir / "summary.json").read_text(encoding="utf-8"))
    for key in ("triples", "inferred_triples", "rule_triples", "conforms", "violations", "warnings"):
        assert mine[key] == checkout[key], key
    q = kgtool(venv, outside, "query", "funders", "-f", "csv")
    assert q.returncode == 0, q.stderr
    header, rows = _rows(q.stdout)
    golden_header, golden_rows = _rows(GOLDEN.read_text(encoding="utf-8"))
    assert header == golden_header and rows == golden_rows and len(rows) > 40
    c = kgtool(venv, outside, "check")
    assert c.returncode == 0, c.stdout + c.stderr
    assert "task-without-lead-violation: 0 rows" in c.stdout
