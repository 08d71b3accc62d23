"""Tests of the ontology modules (ontology/*.ttl), their term-metadata shapes and ontodoc."""
from __future__ import annotations

import re
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kgtool.views.ontodoc import render_html, write_html

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology"
TERM_SHAPES = ONTOLOGY / "shapes" / "term-metadata.ttl"
KGT = "https://w3id.org/kgtool/ontology#"
SH = "http://www.w3.org/ns/shacl#"
MODULES = sorted(ONTOLOGY.glob("*.ttl"))
EXPECTED_MODULES = {"core", "document", "jurisdiction", "organisation", "target", "zone",
                    "funding", "task", "industry"}
TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


def _merged() -> Graph:
    graph = Graph()
    for path in MODULES:
        graph.parse(path, format="turtle")
    return graph


def _kgt_terms(graph: Graph) -> list[URIRef]:
    return sorted({s for kind in TERM_KINDS for s in graph.subjects(RDF.type, kind)
                   if str(s).startswith(str(KGT))})


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return _merged()


def test_expected_modules_exist():
    assert {p.stem for p in MODULES} >= EXPECTED_MODULES


@pytest.mark.parametrize("path", MODULES + sorted((ONTOLOGY / "shapes").glob("*.ttl")),
                         ids=lambda p: p.name)
def test_module_parses(path):
    graph = Graph().parse(path, format="turtle")
    assert len(graph) > 0


@pytest.mark.parametrize("path", sorted(ONTOLOGY.rglob("*.ttl")), ids=lambda p: p.name)
def test_no_owl_imports(path):
    graph = Graph().parse(path, format="turtle")
    assert not list(graph.triples((None, OWL.imports, None))), f"{path.name} uses owl:imports"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_header(path):
    graph = Graph().parse(path, format="turtle")
    iri = URIRef(f"https://w3id.org/kgtool/ontology/{path.stem}")
    assert (iri, RDF.type, OWL.Ontology) in graph
    for term in _kgt_terms(graph):
        assert (term, RDFS.isDefinedBy, iri) in graph, f"{term} not defined by {iri}"


def test_every_term_has_labels_and_definitions(ontology):
    terms = _kgt_terms(ontology)
    assert len(terms) > 60
    for term in terms:
        for prop in (RDFS.label, SKOS.definition):
            langs = {o.language for o in ontology.objects(term, prop) if isinstance(o, Literal)}
            assert {"zh", "en"} <= langs, f"{term} {prop} languages {langs}"


def test_property_kinds_and_reuse(ontology):
    k = lambda name: URIRef(KGT + name)  # noqa: E731
    assert (k("partOf"), RDF.type, OWL.TransitiveProperty) in ontology
    assert (k("statedIn"), RDFS.domain, k("PolicyFact")) in ontology
    assert (k("statedIn"), RDFS.range, k("PolicyDocument")) in ontology
    for shared in ("jurisdiction", "level", "industry", "perYear"):
        assert not list(ontology.objects(k(shared), RDFS.domain)), f"kgt:{shared} must have no domain"
    for prop in ("quote", "docNumber", "value", "deadline", "adminCode", "originalAmount"):
        assert (k(prop), RDF.type, OWL.DatatypeProperty) in ontology
    for prop in ("statedIn", "jurisdiction", "metric", "agent", "role", "funder", "transmits"):
        assert (k(prop), RDF.type, OWL.ObjectProperty) in ontology
    assert (k("PolicyDocument"), RDFS.subClassOf, URIRef("http://data.europa.eu/eli/ontology#LegalResource")) in ontology
    assert (k("agent"), RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#agent")) in ontology


def _validate(graph: Graph):
    shapes = Graph().parse(TERM_SHAPES, format="turtle")
    conforms, report, text = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    return conforms, report, text


def test_term_metadata_shapes_conform(ontology):
    conforms, _, text = _validate(ontology)
    assert conforms, text


def test_term_metadata_shape_fires_on_missing_zh_label(ontology):
    broken = Graph()
    broken += ontology
    goal = URIRef(KGT + "Goal")
    for label in list(broken.objects(goal, RDFS.label)):
        if label.language == "zh":
            broken.remove((goal, RDFS.label, label))
    conforms, report, _ = _validate(broken)
    assert not conforms
    results = list(report.subjects(RDF.type, URIRef(SH + "ValidationResult")))
    focus = [r for r in results if (r, URIRef(SH + "focusNode"), goal) in report]
    assert len(focus) == 1
    messages = {(str(m), m.language) for m in report.objects(focus[0], URIRef(SH + "resultMessage"))}
    assert ("A kgt class or property needs an rdfs:label in Chinese (@zh).", "en") in messages
    assert any(lang == "zh" for _, lang in messages)


def test_every_shape_constraint_has_bilingual_message():
    """A targeted shape carries sh:message @en and @zh itself, or each of its property shapes does."""
    shapes = Graph().parse(TERM_SHAPES, format="turtle")
    message, prop = URIRef(SH + "message"), URIRef(SH + "property")
    targets = (URIRef(SH + "targetClass"), URIRef(SH + "targetSubjectsOf"), URIRef(SH + "targetNode"))
    top = {s for t in targets for s in shapes.subjects(t, None)}
    assert len(top) >= 8
    for shape in top:
        carriers = list(shapes.objects(shape, prop)) or [shape]
        if list(shapes.objects(shape, message)):
            carriers = [shape]
        for carrier in carriers:
            langs = {m.language for m in shapes.objects(carrier, message)}
            assert {"en", "zh"} <= langs, f"{shape}: constraint {carrier} lacks sh:message @en/@zh"


@pytest.mark.parametrize("path", sorted(ONTOLOGY.rglob("*.ttl")), ids=lambda p: p.name)
def test_no_backslash_d_in_patterns(path):
    graph = Graph().parse(path, format="turtle")
    for pattern in graph.objects(None, URIRef(SH + "pattern")):
        assert not re.search(r"\\d", str(pattern)), f"{path.name}: use [0-9], not \\d: {pattern}"


def test_ontodoc_lists_every_term(ontology):
    page = render_html(ontology)
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "<link" not in page and "@import" not in page
    for term in _kgt_terms(ontology):
        assert str(term) in page
        for label in ontology.objects(term, RDFS.label):
            if label.language == "zh":
                assert str(label) in page


def test_ontodoc_write_html(tmp_path):
    out = write_html(ONTOLOGY, tmp_path / "docs" / "ontology.html")
    assert out.exists()
    assert "kgt:PolicyFact" in out.read_text(encoding="utf-8")
    assert [p.name for p in out.parent.iterdir()] == ["ontology.html"]  # no temp file left
