"""Suspicious input that still builds is named, one line each, by kgtool build (issue 19):
an empty document file, two documents with the same 文号, a document file declaring ontology
terms — on both build pipelines, and nothing is said about the real data."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgtool.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def suspicious(tmp_path_factory):
    root = tmp_path_factory.mktemp("suspicious")
    for d in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / d, root / d)
    docs = root / "data" / "documents"
    (docs / "005-empty.ttl").write_text("@prefix kgt: <https://w3id.org/kgtool/ontology#> .\n"
                                       "# to be filled in\n", encoding="utf-8")
    # the Suzhou opinion entered a second time under another file number
    text = (docs / "003-sufu-2007-99.ttl").read_text(encoding="utf-8")
    (docs / "006-sufu-again.ttl").write_text(
        text.replace("<doc/sufu-2007-99>", "<doc/sufu-2007-99-again>")
            .replace("sufu-2007-99/", "sufu-2007-99-again/"), encoding="utf-8")
    (docs / "007-term.ttl").write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<https://w3id.org/kgtool/ontology#Subsidy> a owl:Class .\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("backend", ["rdflib", "oxigraph"])
def test_each_suspicious_input_is_named(suspicious, backend, tmp_path):
    r = CliRunner().invoke(cli, ["--project", str(suspicious), "--backend", backend, "build",
                                 "--out", str(tmp_path / "b")])
    assert r.exit_code in (0, 1), r.output
    lines = [l for l in r.output.splitlines() if l.startswith("warning: ")]
    assert any("005-empty.ttl: empty document file" in l for l in lines), lines
    assert any("the same 文号 苏府〔2007〕99号" in l and "003_" in l for l in lines), lines
    assert any("doc-007" in l and "ontology#Subsidy" in l and "Class" in l for l in lines), lines
    assert len(lines) == 3, lines
    summary = json.loads((tmp_path / "b" / "summary.json").read_text(encoding="utf-8"))
    assert len(summary["input_warnings"]) == 3


def test_the_real_data_has_no_suspicious_input(tmp_path):
    r = CliRunner().invoke(cli, ["--project", str(ROOT), "build", "--out", str(tmp_path / "b")])
    assert r.exit_code == 0, r.output
    assert not [l for l in r.output.splitlines() if l.startswith("warning: ")]
