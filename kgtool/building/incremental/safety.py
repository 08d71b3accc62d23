"""When the closure of :mod:`kgtool.building.incremental` can be computed one document at a time.

The ontology (``ontology/*.ttl``) uses only ``rdfs:subClassOf``, ``rdfs:subPropertyOf``,
``rdfs:domain``, ``rdfs:range``, ``owl:disjointWith`` and one ``owl:TransitiveProperty``
(``kgt:partOf``): no ``owl:inverseOf``, ``owl:SymmetricProperty``, functional or
inverse-functional properties, keys, property chains, ``owl:sameAs`` or class restrictions.
With such a schema every OWL 2 RL rule that *adds* an instance-level triple (cax-sco, prp-dom,
prp-rng, prp-spo1, and the schema rules scm-*) has at most one instance-level premise, except
prp-trp (transitivity), which needs two ``kgt:partOf`` triples; owl:disjointWith (cax-dw) only
produces inconsistency *messages*, never triples. So every derivation of an instance-level
triple is a chain starting from one asserted triple ``t`` and the ontology, except chains of
``kgt:partOf``, which are asserted only in ``kgg:reference``. Hence, for ontology O, reference R
and document graphs D1…Dn:

    closure(O ∪ R ∪ D1 ∪ … ∪ Dn) = closure(O ∪ R) ∪ closure(O ∪ D1) ∪ … ∪ closure(O ∪ Dn)

(⊇ by monotonicity; ⊆ because each derived triple comes from one asserted triple, which lies
in R or in some Di, or from a ``kgt:partOf`` chain in R). Facts point to documents in their own
graph (``kgt:statedIn``); ``eli:cites``/``kgt:transmits`` objects are nodes the citing graph
describes itself; the only cross-graph links go to reference nodes, whose types are derived in
``closure(O ∪ R)``. The per-document closure therefore needs O and Di only (not R: smaller and
faster), and ``kgg:inferred`` = (that union) − (every asserted triple). The functions here check
the preconditions on every rebuild; the rebuild falls back to a full one, saying why, when the
ontology uses another construct or a document graph states a transitive property or schema
triples (``rdfs:subClassOf`` …). ``tests/test_incremental.py`` proves the equation on the real
data (union of the per-document closures = the full build's ``kgg:inferred``) for both reasoners.

Rules (``ontology/rules/*.rq``) join triples of one fact (a task and its assignments, a
funding measure's funders and activities) and the 文号 key is per document node: they are
re-run for a changed graph over O ∪ R ∪ its closure only; again the test compares with a full
build.

Known limit: an ``owl:disjointWith`` clash between types stated in two *different document*
graphs is reported by the full owlrl build's reasoning errors, not by the incremental one
(per-document errors and clashes with reference data are).
"""
from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

__all__ = ["ontology_unsafe", "graph_unsafe", "doc_unsafe_native"]

_UNSAFE_TYPES = {OWL.SymmetricProperty, OWL.FunctionalProperty, OWL.InverseFunctionalProperty,
                 OWL.AsymmetricProperty, OWL.IrreflexiveProperty, OWL.ReflexiveProperty,
                 OWL.Restriction}
_UNSAFE_PREDICATES = {OWL.inverseOf, OWL.propertyChainAxiom, OWL.hasKey, OWL.sameAs,
                      OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue, OWL.intersectionOf,
                      OWL.unionOf, OWL.oneOf, OWL.maxCardinality, OWL.maxQualifiedCardinality,
                      OWL.complementOf, OWL.differentFrom, OWL.AllDifferent}
_SCHEMA_PREDICATES = {RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
                      OWL.equivalentClass, OWL.equivalentProperty, OWL.inverseOf,
                      OWL.sameAs, OWL.disjointWith, OWL.propertyChainAxiom, OWL.hasKey}
_SCHEMA_TYPES = _UNSAFE_TYPES | {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                                 OWL.TransitiveProperty}
_RDF_TYPE = ox.NamedNode(str(RDF.type))


def ontology_unsafe(ontology: Graph) -> str:
    """Why the per-document closure is not proven for this ontology ('' when it is)."""
    for s, p, o in ontology:
        if p in _UNSAFE_PREDICATES:
            return f"the ontology uses {p.n3()} (on {s.n3()})"
        if p == RDF.type and o in _UNSAFE_TYPES:
            return f"the ontology declares {s.n3()} a {o.n3()}"
    return ""


def graph_unsafe(graph: Graph, transitive: set) -> str:
    """Why a document graph breaks the per-document closure ('' when it does not)."""
    for s, p, o in graph:
        if p in transitive:
            return f"a document graph states the transitive property {p.n3()}"
        if p in _SCHEMA_PREDICATES or p in _UNSAFE_PREDICATES:
            return f"a document graph states schema triples ({p.n3()})"
        if p == RDF.type and o in _SCHEMA_TYPES:
            return f"a document graph declares schema terms ({o.n3()})"
    return ""


def doc_unsafe_native(store: ox.Store, graphs: list, transitive: list[str]) -> str:
    """:func:`graph_unsafe` for ``graphs`` of ``store`` (one indexed lookup per predicate)."""
    preds = [str(p) for p in _SCHEMA_PREDICATES | _UNSAFE_PREDICATES] + list(transitive)
    types = [str(t) for t in _SCHEMA_TYPES]
    for g in graphs:
        for p in preds:
            if next(iter(store.quads_for_pattern(None, ox.NamedNode(p), None, g)), None):
                kind = ("the transitive property" if p in transitive else "schema triples")
                return f"a document graph states {kind} (<{p}>)"
        for t in types:
            if next(iter(store.quads_for_pattern(None, _RDF_TYPE, ox.NamedNode(t), g)), None):
                return f"a document graph declares schema terms (<{t}>)"
    return ""
