"""Reasoning: inferred triples kept apart, engine parity, idempotence, budgets."""
from __future__ import annotations

import time

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kgtool.errors import ReasoningError
from kgtool.graph import KnowledgeGraph, load_project
from kgtool.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_REFERENCE, KGT, KG, document_graph
from kgtool.reason import ReasoningBudget, reason

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
