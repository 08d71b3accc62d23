"""Shared fixtures: the project, one real build per session, and golden files."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite golden files from the current results.")


@pytest.fixture(scope="session")
def project():
    from kgtool.project import Project

    return Project(ROOT)


@pytest.fixture(scope="session")
def built(project, tmp_path_factory):
    """The real graph of the five documents, built once into a temporary build dir."""
    from kgtool.building.pipeline import build

    out = tmp_path_factory.mktemp("build")
    return build(project, out_dir=out)


@pytest.fixture(scope="session")
def store(built):
    from kgtool.stores.base import RdflibStore

    return RdflibStore(built.kg)


def _cell(value: str) -> str:
    """GROUP_CONCAT order is unspecified in SPARQL: sort " | "-separated lists."""
    return " | ".join(sorted(value.split(" | "))) if " | " in value else value


def _rows_to_csv(columns, rows) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in sorted(tuple(_cell(v) for v in row) for row in rows):
        w.writerow(r)
    return buf.getvalue()


class Golden:
    """Compare a result with ``tests/golden/<name>``; ``--update-golden`` rewrites it."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def table(self, name: str, table) -> None:
        """Compare a ResultTable as sorted CSV rows (columns in order)."""
        path = GOLDEN / name
        text = _rows_to_csv(table.columns, table.text_rows())
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if not path.exists():
            pytest.fail(f"golden file {path} is missing; run pytest --update-golden")
        expected = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        got = list(csv.reader(io.StringIO(text)))
        assert got[0] == expected[0], f"columns changed for {name}"
        assert got[1:] == expected[1:], f"rows of {name} differ from {path}"

    def graph(self, name: str, graph) -> None:
        """Compare an rdflib Graph by isomorphism with a Turtle golden file."""
        from rdflib import Graph
        from rdflib.compare import isomorphic

        path = GOLDEN / name
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            graph.serialize(path, format="turtle")
        if not path.exists():
            pytest.fail(f"golden file {path} is missing; run pytest --update-golden")
        assert isomorphic(graph, Graph().parse(path, format="turtle")), f"{name} differs"


@pytest.fixture(scope="session")
def golden(request):
    return Golden(request.config.getoption("--update-golden"))
