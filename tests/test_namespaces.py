"""The kgt: vocabulary module is generated from the ontology, in sync with it, and strict."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kgtool.rdf.namespaces import KG, KGT, PREFIXES

ROOT = Path(__file__).resolve().parent.parent


def test_generated_module_is_in_sync_with_the_ontology(tmp_path):
    out = tmp_path / "namespaces_kgt.py"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_namespaces.py"), "--out", str(out)],
                   check=True, cwd=tmp_path)
    current = (ROOT / "kgtool" / "rdf" / "namespaces_kgt.py").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == current, \
        "kgtool/rdf/namespaces_kgt.py is out of date: run scripts/gen_namespaces.py"


def test_check_mode_reports_a_stale_module(tmp_path):
    stale = tmp_path / "namespaces_kgt.py"
    stale.write_text("# old\n", encoding="utf-8")
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_namespaces.py"), "--check",
                        "--out", str(stale)], capture_output=True, text=True)
    assert r.returncode == 1 and "out of date" in r.stderr


def test_every_declared_class_and_property_is_a_term():
    g = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        g.parse(path, format="turtle")
    declared = {s for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
                for s in g.subjects(RDF.type, t) if str(s).startswith(str(KGT))}
    assert len(declared) > 80  # 28 classes and 54 properties when this test was written
    for term in declared:
        local = str(term)[len(str(KGT)):]
        assert getattr(KGT, local) == term
        assert KGT[local] == term


def test_a_mistyped_term_is_refused():
    assert KGT.statedIn == URIRef("https://w3id.org/kgtool/ontology#statedIn")
    with pytest.raises(AttributeError, match="satedIn"):
        KGT.satedIn  # noqa: B018
    with pytest.raises(AttributeError, match="satedIn"):
        KGT["satedIn"]


def test_instance_namespaces_stay_open_and_prefixes_bind():
    assert KG["anything/at/all"] == URIRef("https://w3id.org/kgtool/id/anything/at/all")
    assert str(PREFIXES["kgt"]) == "https://w3id.org/kgtool/ontology#"
    g = Graph()
    g.bind("kgt", PREFIXES["kgt"])
    assert dict(g.namespaces())["kgt"] == URIRef("https://w3id.org/kgtool/ontology#")
