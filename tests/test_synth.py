"""kgtool.synth: deterministic synthetic corpus with injected violations (issue #8)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgtool.synth import VIOLATION_KINDS, generate

ROOT = Path(__file__).resolve().parents[1]


def _files(d: Path) -> dict[str, bytes]:
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth5k")
    return out, generate(5000, seed=7, out_dir=out)


def test_same_seed_gives_identical_files(tmp_path):
    generate(8000, seed=3, out_dir=tmp_path / "a")
    generate(8000, seed=3, out_dir=tmp_path / "b")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_different_seed_gives_different_files(tmp_path):
    generate(8000, seed=3, out_dir=tmp_path / "a")
    generate(8000, seed=4, out_dir=tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "b")


def test_regenerating_removes_stale_documents(tmp_path):
    generate(20000, seed=1, out_dir=tmp_path)
    m = generate(3000, seed=1, out_dir=tmp_path)
    on_disk = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.ttl"))
    assert on_disk == sorted(m.files)


@pytest.mark.parametrize("n", [2_000, 10_000, 50_000])
def test_triple_count_close_to_request(tmp_path, n):
    import pyoxigraph as ox

    m = generate(n, seed=11, out_dir=tmp_path)
    parsed = sum(len(list(ox.parse(path=str(tmp_path / f), format=ox.RdfFormat.TURTLE)))
                 for f in m.files)
    assert parsed == m.triples
    assert abs(m.triples - n) <= 0.1 * n


def test_manifest_lists_files_counts_and_violations(small):
    out, m = small
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert data["triples"] == m.triples and data["seed"] == 7
    assert {v["kind"] for v in data["violations"]} == set(VIOLATION_KINDS)
    assert all((out / f).is_file() for f in data["files"])
    assert data["counts"]["documents"] >= 2


def test_corpus_parses_and_loads_with_real_ontology(small):
    from kgtool.rdf.graph import load_project
    from kgtool.rdf.parse import parse_files
    from kgtool.project import Project

    out, m = small
    assert len(parse_files([out / f for f in m.files])) == len(m.files)
    kg = load_project(Project(ROOT, data_dirs=(ROOT / "data" / "reference", out / "reference",
                                               out / "documents")))
    assert kg.document_graph_names()
    assert len(kg) > m.triples


def test_validator_reports_exactly_the_injected_violations(small):
    from kgtool.rdf.graph import load_project
    from kgtool.project import Project
    from kgtool.validation.pyshacl_validator import validate_graph

    out, m = small
    kg = load_project(Project(ROOT, data_dirs=(ROOT / "data" / "reference", out / "reference",
                                               out / "documents")))
    report = validate_graph(kg.asserted(), shapes=kg.shapes, ontology=kg.ontology())
    got = {(str(r.focus_node), str(r.shape)) for r in report.results}
    expected = {(v.focus, v.shape) for v in m.violations}
    assert got == expected
    assert all(r.severity == "Violation" for r in report.results)


def test_zero_share_conforms(tmp_path):
    from kgtool.rdf.graph import load_project
    from kgtool.project import Project
    from kgtool.validation.pyshacl_validator import validate_graph

    m = generate(3000, seed=2, out_dir=tmp_path, violation_share=0)
    assert m.violations == []
    kg = load_project(Project(ROOT, data_dirs=(ROOT / "data" / "reference", tmp_path / "reference",
                                               tmp_path / "documents")))
    assert validate_graph(kg.asserted(), shapes=kg.shapes, ontology=kg.ontology()).results == []


def test_budget_too_small():
    with pytest.raises(ValueError):
        generate(100, seed=1, out_dir=Path("/nonexistent"))
