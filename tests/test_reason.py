"""Reasoning: inferred triples kept apart, engine parity, idempotence, budgets."""
from __future__ import annotations

import time

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kgtool.errors import ReasoningError
from kgtool.rdf.graph import KnowledgeGraph, load_project
from kgtool.rdf.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_REFERENCE, KGT, KG, document_graph
from kgtool.reasoning.closure import ReasoningBudget, reason

EX = Namespace("http://example.org/")


@pytest.fixture(scope="module")
def kg(project):
    return load_project(project)


def _data_level(triples):
    """Inferences about instances (not about ontology terms)."""
    return {t for t in triples if not str(t[0]).startswith(str(KGT))}


def test_inferred_graph_is_separate_and_asserted_unchanged(kg):
    before = {n: len(kg.graph(n)) for n in kg.graph_names()}
    result = reason(kg)
    assert result.inferred == len(kg.graph(GRAPH_INFERRED)) > 0
    for name, size in before.items():
        assert len(kg.graph(name)) == size, f"{name} changed"
    # no inferred triple is also asserted
    asserted = kg.asserted() + kg.ontology()
    assert not any(t in asserted for t in kg.graph(GRAPH_INFERRED))
    # an expected entailment: a Target is a PolicyFact; a district is part of China
    assert (KG["fact/yufufa-2011-3/target-01"], RDF.type, KGT.PolicyFact) in kg.graph(GRAPH_INFERRED)
    assert (KG["jur/500117"], KGT.partOf, KG["jur/100000"]) in kg.graph(GRAPH_INFERRED)


def test_reasoning_twice_changes_nothing(kg):
    reason(kg)
    first = set(kg.graph(GRAPH_INFERRED))
    reason(kg)
    assert set(kg.graph(GRAPH_INFERRED)) == first


def test_fast_engine_matches_reference_on_instance_data(kg):
    pytest.importorskip("reasonable")
    reason(kg, reasoner="owlrl")
    reference = _data_level(kg.graph(GRAPH_INFERRED))
    reason(kg, reasoner="reasonable")
    fast = _data_level(kg.graph(GRAPH_INFERRED))
    assert fast == reference, (f"only owlrl: {sorted(reference - fast)[:5]}; "
                               f"only reasonable: {sorted(fast - reference)[:5]}")


def _toy(triples) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    g = kg.graph(document_graph("900"))
    for t in triples:
        g.add(t)
    return kg


def test_same_as_chain_stopped_by_budget():
    chain = [(EX[f"n{i}"], OWL.sameAs, EX[f"n{i + 1}"]) for i in range(200)]
    kg = _toy(chain)
    start = time.monotonic()
    with pytest.raises(ReasoningError, match="budget|exceeds"):
        reason(kg, reasoner="owlrl", budget=ReasoningBudget(seconds=2, max_triples=20_000))
    assert time.monotonic() - start < 30


def test_transitive_chain_stopped_by_size_budget():
    triples = [(EX.partOf, RDF.type, OWL.TransitiveProperty)]
    triples += [(EX[f"j{i}"], EX.partOf, EX[f"j{i + 1}"]) for i in range(300)]
    kg = _toy(triples)
    with pytest.raises(ReasoningError):
        reason(kg, reasoner="owlrl", budget=ReasoningBudget(seconds=5, max_triples=5_000))


def test_cyclic_subclass_terminates_and_is_reported():
    kg = _toy([(EX.A, RDFS.subClassOf, EX.B), (EX.B, RDFS.subClassOf, EX.C),
               (EX.C, RDFS.subClassOf, EX.A), (EX.x, RDF.type, EX.A)])
    result = reason(kg, reasoner="owlrl")
    assert any("cyclic" in w for w in result.warnings)
    assert (EX.x, RDF.type, EX.C) in kg.graph(GRAPH_INFERRED)


def test_ill_typed_literal_is_reported():
    kg = _toy([(EX.x, EX["count"], Literal("abc", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")))])
    result = reason(kg, reasoner="owlrl")
    assert result.errors, "owlrl's error triples for ill-typed literals must be reported"


# ------------------------------------------- every reasoner path: sound, and loud on clashes
_PREFIXES = ("@prefix ex: <http://example.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> . "
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n")


def _closures(turtle: str, engines=("owlrl", "auto", "sparql", "sparql-union")):
    """{engine: (inferred triples, errors, engine that ran)} of a document graph."""
    from kgtool.stores.oxigraph import OxigraphStore
    from kgtool.reasoning.sparql_rules import reason_store

    data = Graph().parse(data=_PREFIXES + turtle, format="turtle")
    name = document_graph("900")
    out = {}
    for engine in engines:
        if engine.startswith("sparql"):
            store = OxigraphStore()
            store.union_materialised = engine == "sparql-union"
            store.add_quads((s, p, o, name) for s, p, o in data)
            rr = reason_store(store)
            out[engine] = (set(store.triples(GRAPH_INFERRED)), rr.errors, rr.engine)
        else:
            kg = KnowledgeGraph()
            kg.replace_graph(name, data)
            rr = reason(kg, reasoner=engine)
            out[engine] = (set(kg.graph(GRAPH_INFERRED)), rr.errors, rr.engine)
    return out


def test_inverse_functional_property_derives_no_unsound_same_as():
    # two different mailboxes: reasonable used to conclude ex:alice owl:sameAs ex:bob
    turtle = ("ex:mbox a owl:InverseFunctionalProperty . "
              "ex:alice ex:mbox ex:m1 . ex:bob ex:mbox ex:m2 .\n")
    for engine, (inferred, errors, ran) in _closures(turtle).items():
        assert (EX.alice, OWL.sameAs, EX.bob) not in inferred, engine
        assert ran == "owlrl", engine  # delegated: the fast engines are not exact on IFPs
        assert not errors


def test_reasonable_asked_for_on_an_uncovered_construct_is_refused_in_one_line():
    pytest.importorskip("reasonable")
    kg = KnowledgeGraph()
    kg.replace_graph(document_graph("900"), Graph().parse(
        data=_PREFIXES + "ex:mbox a owl:InverseFunctionalProperty . ex:a ex:mbox ex:m .",
        format="turtle"))
    with pytest.raises(ReasoningError) as refused:
        reason(kg, reasoner="reasonable")
    message = str(refused.value)
    assert "owl:InverseFunctionalProperty" in message and "\n" not in message
    assert refused.value.exit_code == 2


@pytest.mark.parametrize("turtle, expected", [
    ("ex:A owl:disjointWith ex:B . ex:x a ex:A , ex:B .",
     "Disjoint classes http://example.org/A and http://example.org/B have a common individual "
     "http://example.org/x"),
    ("ex:N rdfs:subClassOf owl:Nothing . ex:y a ex:N .",
     "http://example.org/y is defined of type 'Nothing'"),
    ("[] a owl:AllDisjointClasses ; owl:members (ex:C ex:D ex:E) . ex:z a ex:C , ex:E .",
     "Disjoint classes http://example.org/C and http://example.org/E have a common individual "
     "http://example.org/z"),
    ("ex:p a owl:IrreflexiveProperty . ex:a ex:p ex:a .",
     "Irreflexive property used on http://example.org/a with http://example.org/p"),
    ("ex:a owl:sameAs ex:b . ex:a owl:differentFrom ex:b .",
     "'sameAs' and 'differentFrom' cannot be used on the same subject-object pair: "
     "(http://example.org/a, http://example.org/b)"),
], ids=["disjointWith", "Nothing-through-subclass", "AllDisjointClasses", "irreflexive",
        "sameAs-differentFrom"])
def test_every_path_reports_the_inconsistencies_owlrl_finds(turtle, expected):
    for engine, (_, errors, ran) in _closures(turtle).items():
        assert expected in errors, (engine, ran, errors)


@pytest.mark.parametrize("turtle, expected", [
    # property characteristics declared through a subclass of owl:SymmetricProperty
    ("ex:MySym rdfs:subClassOf owl:SymmetricProperty . ex:knows a ex:MySym . ex:a ex:knows ex:b .",
     (EX.b, EX.knows, EX.a)),
    # schema stated through a sub-property of rdfs:subClassOf
    ("ex:isA rdfs:subPropertyOf rdfs:subClassOf . ex:Cat ex:isA ex:Animal . ex:tom a ex:Cat .",
     (EX.tom, RDF.type, EX.Animal)),
    # a blank-node class
    ("ex:tom a _:c . _:c rdfs:subClassOf ex:Animal .", (EX.tom, RDF.type, EX.Animal)),
    # transitivity through a subclass of owl:TransitiveProperty
    ("ex:T rdfs:subClassOf owl:TransitiveProperty . ex:in a ex:T . ex:a ex:in ex:b . ex:b ex:in ex:c .",
     (EX.a, EX["in"], EX.c)),
], ids=["subclass-of-SymmetricProperty", "subproperty-of-subClassOf", "blank-node-class",
        "subclass-of-TransitiveProperty"])
def test_compiled_path_misses_are_delegated_and_derived(turtle, expected):
    results = _closures(turtle)
    reference = results["owlrl"][0]
    assert expected in reference
    for engine, (inferred, errors, ran) in results.items():
        assert expected in inferred, (engine, ran)
        assert ran == "owlrl", engine
        assert inferred == reference, engine


def test_fast_paths_used_and_exact_on_covered_constructs():
    pytest.importorskip("reasonable")
    turtle = ("ex:partOf a owl:TransitiveProperty ; rdfs:subPropertyOf ex:within ; "
              "rdfs:domain ex:Place . ex:Town rdfs:subClassOf ex:Place . "
              "ex:a a ex:Town ; ex:partOf ex:b . ex:b ex:partOf ex:c .")
    results = _closures(turtle, engines=("owlrl", "auto", "reasonable", "sparql", "sparql-union"))
    reference = results["owlrl"][0]
    assert results["auto"][2] == "reasonable" and results["sparql"][2] == "sparql"
    for engine, (inferred, errors, _) in results.items():
        assert inferred == reference, (engine, inferred ^ reference)
        assert not errors
    assert (EX.a, EX.within, EX.c) in reference and (EX.a, RDF.type, EX.Place) in reference
