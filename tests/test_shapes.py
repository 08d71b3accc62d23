"""Tests of the SHACL shapes (ontology/shapes/*.ttl) and of kgtool.validation.pyshacl_validator.

Each ``tests/shapes/*.ru`` file is a SPARQL Update applied to a copy of ``tests/data/mini-kg.ttl``;
its first line ``# expect: <shape local name> <severity> <focus IRI>`` names the result that must
appear. A focus IRI also matches a blank node it owns (e.g. the ``kgt:amount`` node of a funding
measure), since blank nodes cannot be named in the header.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kgtool.errors import KgtoolError, SecurityError
from kgtool.rdf.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_REFERENCE, KG, KGT, document_graph
from kgtool.validation.pyshacl_validator import (ValidationFailed, ValidationReport, load_shapes, validate_graph)

ROOT = Path(__file__).resolve().parent.parent
MINI_KG = ROOT / "tests" / "data" / "mini-kg.ttl"
CASES = sorted((ROOT / "tests" / "shapes").glob("*.ru"))
EXPECT = re.compile(r"^#\s*expect:\s*(\S+)\s+(Violation|Warning|Info)\s+<?([^>\s]+)>?\s*$")
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
DOC = KG["doc/yufufa-2011-3"]
TARGET_01 = KG["fact/yufufa-2011-3/target-01"]


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="session")
def ontology() -> Graph | None:
    """ontology/*.ttl when the ontology helper has written it, else None (the fixture carries
    the few subclass triples the tests need)."""
    files = sorted((ROOT / "ontology").glob("*.ttl"))
    if not files:
        return None
    g = Graph()
    for f in files:
        g.parse(f, format="turtle")
    return g


@pytest.fixture()
def mini_kg() -> Graph:
    return Graph().parse(MINI_KG, format="turtle")


def _expectation(path: Path) -> tuple[str, str, URIRef]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = EXPECT.match(first)
    assert m, f"{path.name}: first line must be '# expect: <shape> <severity> <focus IRI>'"
    return m.group(1), m.group(2), URIRef(m.group(3))


def _focus_matches(graph: Graph, result_focus, expected: URIRef) -> bool:
    if result_focus == expected:
        return True
    return isinstance(result_focus, BNode) and (expected, None, result_focus) in graph


# ------------------------------------------------------------------------------ the fixture
def test_mini_kg_conforms(mini_kg, shapes, ontology):
    report = validate_graph(mini_kg, shapes=shapes, ontology=ontology)
    assert report.conforms, report.to_text()
    assert report.results == [], report.to_text()


def test_mini_kg_conforms_without_ontology(mini_kg, shapes):
    report = validate_graph(mini_kg, shapes=shapes, ontology=Graph())
    assert report.results == [], report.to_text()


def test_case_files_cover_enough_shapes():
    assert len(CASES) >= 15
    names = {_expectation(p)[0] for p in CASES}
    assert {"SubJurisdictionTargetAboveParent", "ConflictingTargetValues"} <= names


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_shape_case(case, mini_kg, shapes, ontology):
    shape, severity, focus = _expectation(case)
    mini_kg.update(case.read_text(encoding="utf-8"))
    report = validate_graph(mini_kg, shapes=shapes, ontology=ontology)
    hits = [r for r in report.results
            if r.shape_name == shape and r.severity == severity
            and _focus_matches(mini_kg, r.focus_node, focus)]
    assert hits, f"{shape} {severity} did not fire on {focus}; got:\n{report.to_text()}"
    for r in hits:
        assert r.message_en.strip() and r.message_zh.strip()
        assert r.message_en != r.message_zh
        assert re.search(r"[\u4e00-\u9fff]", r.message_zh), r.message_zh
        if focus == DOC:
            assert r.doc_number or r.document == DOC
        elif "/fact/" in str(focus):
            assert r.source_quote, f"no source quote for {r.focus_node}"
        assert r.severity in report.to_text()
    assert report.conforms == (not report.violations)


# ------------------------------------------------------------------------------ report details
def test_source_quote_of_assignment_comes_from_its_task(mini_kg, shapes):
    mini_kg.update((ROOT / "tests/shapes/assignment-role-in.ru").read_text(encoding="utf-8"))
    report = validate_graph(mini_kg, shapes=shapes)
    [r] = [r for r in report.results if r.shape_name == "TaskAssignment-role-in"]
    assert r.source_quote == str(mini_kg.value(KG["fact/yufufa-2011-3/task-01"], KGT.quote))
    assert r.document == DOC and r.doc_number == "渝府发〔2011〕3号"
    assert r.value == KG["role/observer"]


@pytest.mark.parametrize("subject,prop,lexical,datatype,shape", [
    (TARGET_01, KGT.value, "abc", XSD_DECIMAL, "Target-value-datatype"),
    (DOC, URIRef("http://purl.org/dc/terms/issued"), "2015-13-45", XSD_DATE,
     "PolicyDocument-issued-datatype"),
])
def test_ill_typed_literal_keeps_lexical_form(mini_kg, shapes, subject, prop, lexical, datatype, shape):
    mini_kg.remove((subject, prop, None))
    mini_kg.add((subject, prop, Literal(lexical, datatype=datatype)))
    report = validate_graph(mini_kg, shapes=shapes)
    [r] = [r for r in report.results if r.shape_name == shape]
    assert isinstance(r.value, Literal)
    assert str(r.value) == lexical and r.value.datatype == datatype
    assert r.to_dict()["value"] == lexical
    assert not report.conforms


def test_report_text_and_dict(mini_kg, shapes):
    mini_kg.update((ROOT / "tests/shapes/cross-sub-jurisdiction-above-parent.ru").read_text(encoding="utf-8"))
    report = validate_graph(mini_kg, shapes=shapes)
    assert report.conforms  # a warning only
    assert report.warnings and not report.violations
    report.raise_for_results()  # warnings do not raise
    en, zh = report.to_text("en"), report.to_text("zh")
    assert en.startswith("Warning: kg:fact/yufufa-2011-3/target-01")
    assert "    “制定、修订国际标准" in en and "    渝府发〔2011〕3号" in en
    assert "下级" in zh or "高于" in zh
    d = report.to_dict()
    assert d["conforms"] is True and d["counts"]["Warning"] == len(report.warnings)
    assert d["results"][0]["doc_number"] == "渝府发〔2011〕3号"


def test_raise_for_results(mini_kg, shapes):
    mini_kg.update((ROOT / "tests/shapes/document-title.ru").read_text(encoding="utf-8"))
    report = validate_graph(mini_kg, shapes=shapes)
    with pytest.raises(ValidationFailed) as info:
        report.raise_for_results()
    assert isinstance(info.value, KgtoolError) and info.value.exit_code == 1
    assert info.value.report is report


def test_conforming_report_has_text():
    assert ValidationReport(conforms=True).to_text() == "Conforms."
    assert ValidationReport(conforms=True).to_text("zh") == "符合约束。"


# ------------------------------------------------------------------------------ input handling
def test_validation_does_not_mutate_graph(mini_kg, shapes, ontology):
    mini_kg.update((ROOT / "tests/shapes/target-range-order.ru").read_text(encoding="utf-8"))
    before, n = Graph(), len(mini_kg)
    before += mini_kg
    validate_graph(mini_kg, shapes=shapes, ontology=ontology)
    assert len(mini_kg) == n and isomorphic(before, mini_kg)


def test_dataset_excludes_derived_graphs_and_is_not_mutated(mini_kg, shapes):
    ds = Dataset()
    for t in mini_kg:
        ds.graph(document_graph("000")).add(t)
    # an ill-typed value in kgg:inferred must be ignored
    ds.graph(GRAPH_INFERRED).add((TARGET_01, KGT.perYear, Literal("yes")))
    ds.graph(GRAPH_ONTOLOGY).add((KGT.Country, URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
                                  KGT.Jurisdiction))
    quads_before = set(ds.quads((None, None, None, None)))
    report = validate_graph(ds, shapes=shapes)
    assert report.results == [], report.to_text()
    assert set(ds.quads((None, None, None, None))) == quads_before
    # the same triple in a data graph is reported
    ds.graph(GRAPH_REFERENCE).add((TARGET_01, KGT.perYear, Literal("yes")))
    report = validate_graph(ds, shapes=shapes)
    assert [r.shape_name for r in report.violations] == ["Target-perYear"]


# ------------------------------------------------------------------------------ shapes loading
def test_every_shape_has_en_and_zh_messages(shapes):
    sh = URIRef("http://www.w3.org/ns/shacl#")
    constraint_shapes = set(shapes.subjects(URIRef(str(sh) + "path"), None)) | set(
        shapes.subjects(URIRef(str(sh) + "targetClass"), None)) | set(
        shapes.subjects(URIRef(str(sh) + "select"), None))
    named = [s for s in constraint_shapes if isinstance(s, URIRef)]
    assert len(named) > 40
    for s in named:
        langs = {m.language for m in shapes.objects(s, URIRef(str(sh) + "message"))}
        assert {"en", "zh"} <= langs, f"{s} lacks an @en or @zh sh:message"


def test_patterns_avoid_backslash_d(shapes):
    for p in shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#pattern")):
        assert "\\d" not in str(p)


def test_default_shapes_skip_term_metadata(shapes):
    assert not any("term-metadata" in str(s) for s in shapes.subjects())


@pytest.mark.parametrize("keyword", ["SERVICE <http://example.org/sparql> { ?s ?p ?o }",
                                     "?s ?p ?o . } FROM <http://example.org/g> {",
                                     "load"])
def test_load_shapes_refuses_remote_sparql(tmp_path, keyword):
    bad = tmp_path / "bad.ttl"
    bad.write_text(f'''
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:EvilShape a sh:NodeShape ; sh:targetNode ex:x ;
  sh:sparql [ sh:message "m"@en , "m"@zh ; sh:select """SELECT $this WHERE {{ {keyword} }}""" ] .
''', encoding="utf-8")
    with pytest.raises(SecurityError) as info:
        load_shapes([bad])
    assert "bad.ttl" in str(info.value) and "EvilShape" in str(info.value)


def test_load_shapes_allows_keywords_in_names_and_strings(tmp_path):
    ok = tmp_path / "ok.ttl"
    ok.write_text('''
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:FineShape a sh:NodeShape ; sh:targetNode ex:x ;
  sh:sparql [ sh:message "m"@en ; sh:select """
    # load nothing from anywhere
    SELECT $this ?from WHERE { $this ex:loadFactor ?from . FILTER(?from != "SERVICE") }""" ] .
''', encoding="utf-8")
    assert len(load_shapes([ok])) > 0


# ------------------------------------------------------------------------------ the real data
def test_real_data_conforms(shapes, ontology):
    docs = sorted((ROOT / "data" / "documents").glob("*.ttl"))
    if not docs:
        pytest.skip("data/documents has no *.ttl yet (the data helper has not written it)")
    data = Graph()
    for f in sorted((ROOT / "data" / "reference").glob("*.ttl")) + docs:
        data.parse(f, format="turtle")
    report = validate_graph(data, shapes=shapes, ontology=ontology)
    assert report.conforms, (f"{len(report.violations)} violations in data/:\n"
                             + report.to_text())
