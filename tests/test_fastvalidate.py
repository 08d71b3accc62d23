"""kgtool.validation.compiled gives the same SHACL results as pySHACL (kgtool.validation.pyshacl_validator), issue #8.

Compared: (severity, focus, path, source shape) — and, where pySHACL is deterministic, the
value, both messages and the provenance — on (a) the real data, (b) every mutation case of
tests/shapes/*.ru applied to tests/data/mini-kg.ttl, (c) a synthetic corpus with injected
violations (kgtool.synth).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kgtool.validation.compiled import compile_shapes, validate_fast
from kgtool.rdf.namespaces import KG, KGT, XSD
from kgtool.validation.pyshacl_validator import load_shapes, validate_graph

ROOT = Path(__file__).resolve().parents[1]
MINI_KG = ROOT / "tests" / "data" / "mini-kg.ttl"
CASES = sorted((ROOT / "tests" / "shapes").glob("*.ru"))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def plan(shapes):
    return compile_shapes(shapes)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    for f in sorted((ROOT / "ontology").glob("*.ttl")):
        g.parse(f, format="turtle")
    return g


def core(report) -> set:
    return {(r.severity, r.focus_node, r.path, r.shape) for r in report.results}


def full(report) -> set:
    return {(r.severity, r.focus_node, r.path, r.shape, r.value, r.message_en, r.message_zh,
             r.source_quote, r.document, r.doc_number) for r in report.results}


def test_project_shapes_compile_without_fallback(plan):
    assert plan.fallback == set()
    assert {q.kind for q in plan.queries} >= {"value", "focus", "datatype", "sparql"}


def test_real_data(project, shapes):
    from kgtool.rdf.graph import load_project

    kg = load_project(project)
    ref = validate_graph(kg.asserted(), shapes=kg.shapes, ontology=kg.ontology())
    fast = validate_fast(kg)
    assert core(fast) == core(ref) and full(fast) == full(ref)
    assert fast.conforms == ref.conforms


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_mutation_case(case, shapes, plan, ontology):
    g = Graph().parse(MINI_KG, format="turtle")
    g.update(case.read_text(encoding="utf-8"))
    ref = validate_graph(g, shapes=shapes, ontology=ontology)
    fast = validate_fast(g, shapes=shapes, ontology=ontology, plan=plan)
    assert ref.results, "the case should break a shape"
    assert core(fast) == core(ref)
    assert full(fast) == full(ref)
    assert fast.conforms == ref.conforms


@pytest.mark.parametrize("lexical,datatype,prop", [
    ("abc", XSD.decimal, KGT.value), ("804.0", XSD.decimal, KGT.value),
    ("2015-13-45", XSD.date, None), ("yes", XSD.boolean, KGT.perYear)])
def test_literal_forms(shapes, plan, ontology, lexical, datatype, prop):
    """Ill-typed literals are violations; Oxigraph's canonical forms do not leak."""
    g = Graph().parse(MINI_KG, format="turtle")
    subject = KG["fact/yufufa-2011-3/target-01"] if prop else KG["doc/yufufa-2011-3"]
    prop = prop or __import__("rdflib").URIRef("http://purl.org/dc/terms/issued")
    g.remove((subject, prop, None))
    g.add((subject, prop, Literal(lexical, datatype=datatype)))
    ref = validate_graph(g, shapes=shapes, ontology=ontology)
    fast = validate_fast(g, shapes=shapes, ontology=ontology, plan=plan)
    assert full(fast) == full(ref)


def test_synthetic_corpus(tmp_path, shapes, plan, ontology):
    synth = pytest.importorskip("kgtool.synth")
    synth.generate(4000, seed=7, out_dir=tmp_path, violation_share=0.05)
    g = Graph()
    for f in sorted(tmp_path.rglob("*.ttl")):
        g.parse(f, format="turtle")
    ref = validate_graph(g, shapes=shapes, ontology=ontology)
    fast = validate_fast(g, shapes=shapes, ontology=ontology, plan=plan)
    assert ref.results
    assert core(fast) == core(ref)
    assert full(fast) == full(ref)


def test_oxigraph_store_views(tmp_path, shapes, plan, ontology):
    """An OxigraphStore with one named graph per file gives pySHACL's results whichever way
    the data + ontology union is read: its default graph (detected, or ``union_is_asserted``),
    a copy when ``kgg:inferred`` holds triples that would change the results, or Oxigraph's
    union when the default graph is empty."""
    import pyoxigraph as ox
    from rdflib import RDF, URIRef

    from kgtool.rdf.graph import graph_name_for
    from kgtool.rdf.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY
    from kgtool.stores.oxigraph import OxigraphStore, to_ox

    synth = pytest.importorskip("kgtool.synth")
    synth.generate(4000, seed=7, out_dir=tmp_path, violation_share=0.05)
    data, quads = Graph(), []
    for f in sorted(tmp_path.rglob("*.ttl")):
        one = Graph().parse(f, format="turtle")
        data += one
        quads += [(s, p, o, graph_name_for(f)) for s, p, o in one]
    quads += [(s, p, o, GRAPH_ONTOLOGY) for s, p, o in ontology]
    ref = validate_graph(data, shapes=shapes, ontology=ontology)
    missing_quote = next(r.focus_node for r in ref.results if r.path == KGT.quote)

    store = OxigraphStore()
    store.add_quads(quads)
    assert full(validate_fast(store, shapes=shapes, plan=plan)) == full(ref)
    assert full(validate_fast(store, shapes=shapes, plan=plan, union_is_asserted=True)) == full(ref)

    store.add_quads([(missing_quote, KGT.quote, Literal("inferred"), GRAPH_INFERRED),
                     (URIRef("http://example.org/x"), RDF.type, KGT.Target, GRAPH_INFERRED)])
    assert full(validate_fast(store, shapes=shapes, plan=plan)) == full(ref)

    named_only = OxigraphStore()
    named_only.store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g))
                                 for s, p, o, g in quads)
    assert full(validate_fast(named_only, shapes=shapes, plan=plan)) == full(ref)


# --------------------------------------------------------------------------- kgsh:selectOxigraph
CROSS = ("SubJurisdictionTargetAboveParent", "ConflictingTargetValues")
KGSH = "https://w3id.org/kgtool/shapes#"

# Targets around the mini KG's target-01 (Chongqing, 20 items of standards-intl by 2015) that
# exercise both cross-document constraints. (a) Sub-jurisdiction (a district below Chongqing)
# targets, each in its own document: ranges, several values and deadlines, another unit, no
# deadline. (b) Pairs in one document (metric intl-adoption-rate): no deadlines, per-year flags,
# industries, a range, several deadlines, a deadline of another datatype, another jurisdiction.
# (No value is written twice in different lexical forms, e.g. 20 and 20.0: the fast path maps
# Oxigraph's canonical form back to one of them only.)
_CROSS_EDGES = """
@base <https://w3id.org/kgtool/id/> .
@prefix kgt: <https://w3id.org/kgtool/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
kgt:District rdfs:subClassOf kgt:Jurisdiction .
<jur/500100> a kgt:District ; rdfs:label "区"@zh , "District"@en ; kgt:adminCode "500100" ;
    kgt:partOf <jur/500000> .
"""
_Y15, _Y20 = '"2015"^^xsd:gYear', '"2020"^^xsd:gYear'
_EDGE_TARGETS = [
    # name, document, jurisdiction, deadlines, extra predicate-objects
    ("nat-2015", "national", "100000", [_Y15], "kgt:value 10.0"),
    ("nat-2020", "national", "100000", [_Y20], "kgt:value 45.0"),
    ("d-above", "d-above", "500100", [_Y15], "kgt:value 30.0"),
    ("d-range", "d-range", "500100", [_Y15], "kgt:minValue 5.0 ; kgt:maxValue 25.0"),
    ("d-below", "d-below", "500100", [_Y15], "kgt:value 8.0"),
    ("d-unit", "d-unit", "500100", [_Y15], "kgt:value 50.0 ; kgt:unit <unit/percent>"),
    ("d-two-deadlines", "d-two-deadlines", "500100", [_Y15, _Y20], "kgt:value 40.0"),
    ("d-value-and-max", "d-value-and-max", "500100", [_Y15], "kgt:value 15.0 ; kgt:maxValue 60.0"),
    ("d-two-values", "d-two-values", "500100", [_Y15], "kgt:value 31.0 , 5.0"),
    ("d-no-deadline", "d-no-deadline", "500100", [], "kgt:value 70.0"),
] + [(name, "pairs", jur, deadlines, "kgt:metric <metric/intl-adoption-rate> ; " + extra)
     for name, jur, deadlines, extra in [
    ("c-nodl-1", "500100", [], "kgt:value 70.0 ; kgt:industry <industry/x>"),
    ("c-nodl-2", "500100", [], "kgt:value 71.0 ; kgt:industry <industry/x>"),
    ("c-dl-1", "500100", [_Y15], "kgt:value 72.0 ; kgt:industry <industry/dl>"),
    ("c-dl-2", "500100", [], "kgt:value 73.0 ; kgt:industry <industry/dl>"),
    ("c-py-1", "500100", [_Y15], "kgt:value 74.0 ; kgt:perYear true ; kgt:industry <industry/py>"),
    ("c-py-2", "500100", [_Y15], "kgt:value 75.0 ; kgt:industry <industry/py>"),
    ("c-pyf-1", "500100", [_Y15], "kgt:value 76.0 ; kgt:perYear false ; kgt:industry <industry/pyf>"),
    ("c-pyf-2", "500100", [_Y15], "kgt:value 77.0 ; kgt:industry <industry/pyf>"),
    ("c-ind-1", "500100", [_Y15], "kgt:value 78.0 ; kgt:industry <industry/a>"),
    ("c-ind-2", "500100", [_Y15], "kgt:value 79.0 ; kgt:industry <industry/a> , <industry/b>"),
    ("c-range-1", "500100", [_Y15], "kgt:minValue 11.0 ; kgt:maxValue 21.0 ; kgt:industry <industry/r>"),
    ("c-range-2", "500100", [_Y15], "kgt:value 21.0 ; kgt:industry <industry/r>"),
    ("c-same-1", "500100", [_Y15], "kgt:value 22.0 ; kgt:industry <industry/s>"),
    ("c-same-2", "500100", [_Y15], "kgt:value 22.0 ; kgt:industry <industry/s>"),
    ("c-dls-1", "500100", [_Y15, _Y20], "kgt:value 80.0 ; kgt:industry <industry/d>"),
    ("c-dls-2", "500100", [_Y20], "kgt:value 81.0 ; kgt:industry <industry/d>"),
    ("c-str-1", "500100", ['"2030"'], "kgt:value 82.0 ; kgt:industry <industry/t>"),
    ("c-str-2", "500100", ['"2030"^^xsd:gYear'], "kgt:value 83.0 ; kgt:industry <industry/t>"),
    ("c-jur-1", "500100", [_Y15], "kgt:value 84.0 ; kgt:industry <industry/j>"),
    ("c-jur-2", "500000", [_Y15], "kgt:value 85.0 ; kgt:industry <industry/j>"),
]]


def _cross_edge_graph() -> Graph:
    ttl = [_CROSS_EDGES]
    for name, doc, jur, deadlines, extra in _EDGE_TARGETS:
        metric = "" if "kgt:metric" in extra else "kgt:metric <metric/standards-intl> ;"
        unit = "" if "kgt:unit" in extra else "kgt:unit <unit/item> ;"
        ttl.append(f"""<doc/{doc}> a kgt:PolicyDocument ; <http://purl.org/dc/terms/title> "{doc}"@zh .
            <fact/{doc}/{name}> a kgt:Target ; kgt:statedIn <doc/{doc}> ;
            kgt:quote "引文"@zh ; rdfs:label "{name}"@zh , "{name}"@en ;
            {metric} {unit} kgt:comparator <cmp/exactly> ; kgt:quantityKind <qkind/increment> ;
            kgt:jurisdiction <jur/{jur}> ; {extra}
            {''.join(f'; kgt:deadline {d} ' for d in deadlines)} .""")
    g = Graph().parse(MINI_KG, format="turtle")
    g.parse(data="\n".join(ttl), format="turtle")
    return g


def _without_oxigraph_select(shapes: Graph) -> Graph:
    from kgtool.validation.shape_compiler import SELECT_OXIGRAPH

    g = Graph()
    g += shapes
    g.remove((None, SELECT_OXIGRAPH, None))
    return g


def test_select_oxigraph_is_run_instead_of_select(shapes, plan):
    """Where a SPARQL constraint has kgsh:selectOxigraph, the plan runs that text."""
    from kgtool.rdf.namespaces import SH
    from kgtool.validation.shape_compiler import SELECT_OXIGRAPH

    annotated = {s: str(t) for s, t in shapes.subject_objects(SELECT_OXIGRAPH)}
    assert {str(shapes.value(predicate=SH.sparql, object=c)) for c in annotated} \
        == {KGSH + n for n in CROSS}
    for q in plan.queries:
        if q.kind == "sparql" and q.constraint in annotated:
            assert annotated[q.constraint] in q.text
            assert str(shapes.value(q.constraint, SH.select)) not in q.text
    assert sum(q.constraint in annotated for q in plan.queries) == len(annotated)
    plain = compile_shapes(_without_oxigraph_select(shapes))
    for q in plain.queries:
        if q.kind == "sparql":
            assert str(shapes.value(q.constraint, SH.select)) in q.text


def test_select_oxigraph_guards(shapes):
    """A text projecting other variables is not used; SERVICE and FROM are refused."""
    from kgtool.errors import SecurityError
    from kgtool.rdf.namespaces import SH
    from kgtool.validation.shape_compiler import SELECT_OXIGRAPH

    constraint = next(shapes.subjects(SELECT_OXIGRAPH, None))
    g = _without_oxigraph_select(shapes)
    g.add((constraint, SELECT_OXIGRAPH, Literal("SELECT $this WHERE { $this a ?c }")))
    with pytest.warns(UserWarning, match="selectOxigraph"):
        q = next(q for q in compile_shapes(g).queries if q.constraint == constraint)
    assert str(shapes.value(constraint, SH.select)) in q.text
    g.set((constraint, SELECT_OXIGRAPH, Literal(
        "SELECT $this ?other ?value WHERE { SERVICE <http://example.org/> { $this ?other ?value } }")))
    with pytest.raises(SecurityError):
        compile_shapes(g)


def test_cross_document_edge_cases(shapes, plan, ontology):
    """Both cross-document constraints fire, with pySHACL's results from kgsh:selectOxigraph
    and from sh:select run on Oxigraph."""
    g = _cross_edge_graph()
    ref = validate_graph(g, shapes=shapes, ontology=ontology)
    fast = validate_fast(g, shapes=shapes, ontology=ontology, plan=plan)
    plain = _without_oxigraph_select(shapes)
    fast_select = validate_fast(g, shapes=plain, ontology=ontology, plan=compile_shapes(plain))
    fired = {n: {str(r.focus_node).rsplit("/", 1)[-1] for r in ref.results
                 if r.shape == URIRef(KGSH + n)} for n in CROSS}
    assert fired["SubJurisdictionTargetAboveParent"] == {
        "target-01", "d-above", "d-range", "d-two-deadlines", "d-value-and-max", "d-two-values"}
    assert fired["ConflictingTargetValues"] == {
        "c-nodl-1", "c-nodl-2", "c-pyf-1", "c-pyf-2", "c-range-1", "c-range-2", "c-dls-1",
        "c-dls-2", "c-str-1", "c-str-2"}
    assert full(fast) == full(ref)
    assert full(fast_select) == full(ref)


# ------------------------------------------------------- user shapes the compiled path got wrong
_PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/t#> .
"""

#: (name, shapes + data Turtle, the focus nodes pySHACL reports): issue 15's causes, each a
#: case where the compiled path used to answer differently from pySHACL
USER_CASES = [
    ("maxCount counts RDF terms, not Oxigraph's canonical values", """
ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:maxCount 1 ] .
ex:a ex:p "1.0"^^xsd:decimal , "1.00"^^xsd:decimal .""", {"a"}),
    ("sh:in compares terms", """
ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:in ( "1.0"^^xsd:decimal ) ] .
ex:a ex:p "1.00"^^xsd:decimal .""", {"a"}),
    ("sh:minLength reads the lexical form as written", """
ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minLength 4 ] .
ex:a ex:p "1.50"^^xsd:decimal .""", set()),
    ("sh:flags belong to their own shape", """
ex:S a sh:NodeShape ; sh:targetNode ex:a ;
    sh:or ( [ sh:path ex:p ; sh:pattern "^X" ; sh:flags "i" ] [ sh:path ex:q ; sh:pattern "^Y" ] ) .
ex:a ex:p "x" ; ex:q "y" .""", set()),
    ("implicit class target", """
ex:C a rdfs:Class , sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .
ex:a a ex:C .""", {"a"}),
    ("properties of a deactivated shape do not run", """
ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:deactivated true ;
    sh:property [ sh:path ex:p ; sh:minCount 1 ] .""", set()),
    ("a deactivated shape reached through sh:node conforms", """
ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:node ex:T .
ex:T a sh:NodeShape ; sh:deactivated true ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .""",
     set()),
    ("results of a delegated shape's property shapes are kept", """
ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:closed true ; sh:ignoredProperties ( ex:q ) ;
    sh:property [ sh:path ex:p ; sh:minCount 1 ] .
ex:a ex:q 1 .""", {"a"}),
    ("sh:datatype checks the value space (xsd:byte)", """
ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:datatype xsd:byte ] .
ex:a ex:p "300"^^xsd:byte , "c"^^xsd:byte .""", {"a"}),
    ("SPARQL: pre-bound $this inside FILTER NOT EXISTS", """
ex:S a sh:NodeShape ; sh:targetNode ex:a ;
    sh:sparql [ sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this <https://example.org/t#p> ?x } }" ] .
ex:a ex:q 1 .""", {"a"}),
    ("SPARQL: OPTIONAL and !bound", """
ex:S a sh:NodeShape ; sh:targetNode ex:a ;
    sh:sparql [ sh:select "SELECT $this WHERE { OPTIONAL { $this <https://example.org/t#p> ?x } FILTER (!bound(?x)) }" ] .
ex:a ex:q 1 .""", {"a"}),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in USER_CASES], ids=[c[0] for c in USER_CASES])
def test_user_shapes_match_pyshacl(text, expected):
    g = Graph().parse(data=_PREFIXES + text, format="turtle")
    ref = validate_graph(g, shapes=g, ontology=Graph())
    fast = validate_fast(g, shapes=g)
    focus = {str(r.focus_node).rsplit("#", 1)[-1] for r in ref.results if r.shape is not None
             and "LexicalForm" not in str(r.shape)}
    assert focus == expected, ref.results  # the reference says what the case claims
    assert core(fast) == core(ref)
    assert fast.conforms == ref.conforms


@pytest.mark.parametrize("select,construct", [
    ("SELECT $this WHERE { $this ?p ?o MINUS { $this ?p 1 } }", "MINUS"),
    ("SELECT $this WHERE { $this ?p ?o VALUES ?o { 1 } }", "VALUES"),
    ("SELECT $this WHERE { BIND (1 AS $this) }", "$this"),
    ("SELECT $this WHERE { $this ?p ?o { SELECT ?o WHERE { ?s ?p ?o } } }", "sub-SELECT"),
])
def test_forbidden_prebound_sparql_is_refused_by_both_engines(select, construct):
    from kgtool.errors import InputError

    g = Graph().parse(data=_PREFIXES + f"""
ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:sparql [ sh:select "{select}" ] .
ex:a ex:q 1 .""", format="turtle")
    for run in (lambda: validate_graph(g, shapes=g, ontology=Graph()), lambda: validate_fast(g, shapes=g)):
        with pytest.raises(InputError) as err:
            run()
        assert construct in str(err.value) and "\n" not in str(err.value)
