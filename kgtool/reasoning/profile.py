"""Which OWL constructs a graph uses, and whether the fast OWL RL engines reason on them exactly.

owlrl (the reference) implements every OWL 2 RL rule. The two fast engines do not:
``reasonable`` derives unsound ``owl:sameAs`` from inverse-functional properties, skips
property chains, keys and cardinalities and reports no inconsistency; the rules compiled to
SPARQL (:mod:`kgtool.reasoning.sparql_rules`) cover a few axioms only. Both are exact on the constructs of
:data:`COVERED` (``tests/test_w3c_owl.py`` checks them against owlrl on the W3C OWL 2 cases,
``tests/test_reason.py`` on the project): the RDFS schema axioms, transitive properties and
class disjointness (whose clashes kgtool reports itself with owlrl's messages, see
:func:`inconsistencies`), with schema stated on named classes and properties only.

:func:`uncovered` lists what a graph uses beyond that, in words naming the construct; the
reasoner then delegates to owlrl (``auto``, ``sparql``) or refuses (``--reasoner
reasonable``).
"""
from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

__all__ = ["COVERED_PREDICATES", "COVERED_TYPES", "VOCABULARY", "uncovered", "inconsistencies",
           "SCHEMA_PREDICATES", "vocabulary_name", "schema_triples"]

#: predicates the fast engines handle exactly (any other OWL/RDF/RDFS predicate is uncovered)
COVERED_PREDICATES = frozenset({
    RDF.type, RDF.first, RDF.rest, RDF.value,
    RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
    RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy,
    OWL.disjointWith, OWL.members,
    OWL.versionInfo, OWL.versionIRI, OWL.priorVersion, OWL.backwardCompatibleWith,
    OWL.incompatibleWith, OWL.imports, OWL.deprecated,
})
#: classes of the OWL/RDF/RDFS vocabulary an individual may be typed with (declarations,
#: transitivity, disjointness; owl:Nothing is reported as an inconsistency)
COVERED_TYPES = frozenset({
    OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
    OWL.OntologyProperty, OWL.Ontology, OWL.NamedIndividual, OWL.Thing, OWL.Nothing,
    OWL.DeprecatedClass, OWL.DeprecatedProperty, OWL.TransitiveProperty,
    OWL.AllDisjointClasses, RDFS.Class, RDFS.Datatype, RDF.Property, RDF.List,
})
#: the schema axioms the covered rules read
SCHEMA_PREDICATES = (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
                     OWL.disjointWith)
# built-in terms a schema axiom may point at without changing what the rules mean
_NEUTRAL_OBJECTS = {
    RDFS.subClassOf: {OWL.Thing, RDFS.Resource, OWL.Nothing},
    RDFS.subPropertyOf: {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy},
    RDFS.domain: {OWL.Thing, RDFS.Resource},
    RDFS.range: {OWL.Thing, RDFS.Resource, RDFS.Literal, RDF.langString, RDF.PlainLiteral},
    OWL.disjointWith: set(),
}
_BUILTIN = (str(OWL), str(RDF), str(RDFS))
#: every term of the OWL, RDF and RDFS vocabularies
VOCABULARY = tuple(ns[n] for ns in (OWL, RDF, RDFS) for n in sorted(ns.__annotations__))


def _builtin(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(_BUILTIN)


def vocabulary_name(term) -> str:
    """``owl:sameAs`` for a vocabulary term, ``<iri>`` for another IRI."""
    for prefix, ns in (("owl", OWL), ("rdfs", RDFS), ("rdf", RDF)):
        if isinstance(term, URIRef) and str(term).startswith(str(ns)):
            return f"{prefix}:{str(term)[len(str(ns)):]}"
    return term.n3() if isinstance(term, URIRef) else "a blank node"


def uncovered(graph: Graph) -> list[str]:
    """The constructs of ``graph`` the fast engines do not reason on exactly, each in words
    (``owl:sameAs``, ``ex:C rdfs:subClassOf owl:SymmetricProperty (schema on the OWL
    vocabulary)`` …), sorted; empty when they are exact on ``graph``.

    >>> g = Graph()
    >>> _ = g.add((URIRef("http://ex/p"), RDF.type, OWL.InverseFunctionalProperty))
    >>> uncovered(g)
    ['owl:InverseFunctionalProperty']
    """
    found: set[str] = set()
    for p in set(graph.predicates()):
        if _builtin(p) and p not in COVERED_PREDICATES and not _member_property(p):
            found.add(vocabulary_name(p))
    for t in set(graph.objects(None, RDF.type)):
        if _builtin(t) and t not in COVERED_TYPES:
            found.add(vocabulary_name(t))
        elif isinstance(t, BNode):
            found.add("an individual typed with a blank-node class")
    for axiom in SCHEMA_PREDICATES:
        neutral = _NEUTRAL_OBJECTS[axiom]
        for s, o in graph.subject_objects(axiom):
            if isinstance(s, BNode) or isinstance(o, BNode):
                found.add(f"{vocabulary_name(axiom)} on a blank-node class or property")
            elif _builtin(s) or (_builtin(o) and o not in neutral):
                found.add(f"{vocabulary_name(s)} {vocabulary_name(axiom)} {vocabulary_name(o)} "
                          "(schema on the OWL/RDF vocabulary itself)")
            elif isinstance(s, Literal) or isinstance(o, Literal):
                found.add(f"{vocabulary_name(axiom)} with a literal")
    for node in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        for head in graph.objects(node, OWL.members):
            if any(not isinstance(m, URIRef) for m in Collection(graph, head)):
                found.add("owl:AllDisjointClasses with a blank-node member")
    return sorted(found)


def schema_triples(graph: Graph) -> Graph:
    """The T-box of ``graph``: its schema axioms, OWL declarations and the lists of
    ``owl:members``."""
    tbox = Graph()
    for p in (*SCHEMA_PREDICATES, OWL.members):
        for t in graph.triples((None, p, None)):
            tbox.add(t)
    for s, o in graph.subject_objects(RDF.type):
        if isinstance(o, URIRef) and str(o).startswith(str(OWL)):
            tbox.add((s, RDF.type, o))
    for head in graph.objects(None, OWL.members):
        node = head
        while node != RDF.nil and (node, RDF.rest, None) in graph:
            for t in graph.triples((node, None, None)):
                tbox.add(t)
            node = graph.value(node, RDF.rest)
    return tbox


def _member_property(p) -> bool:
    return str(p).startswith(str(RDF) + "_")


def inconsistencies(closure: Graph, schema: Graph | None = None) -> list[str]:
    """owlrl's messages for the clashes the covered constructs can produce, found in a
    closed graph: individuals of two disjoint classes (``cax-dw``, ``cax-adc``) and
    individuals of ``owl:Nothing`` (``cls-nothing2``).

    :param closure: the closure (covered constructs only: see :func:`uncovered`).
    :param schema: where the disjointness axioms are read (default ``closure``; pass the
        asserted graph when the engine may have added symmetric ``owl:disjointWith``
        triples, which owlrl does not, so that the messages are owlrl's).
    """
    schema = closure if schema is None else schema
    errors: dict[str, None] = {}
    for c1, c2 in schema.subject_objects(OWL.disjointWith):
        for x in closure.subjects(RDF.type, c1):
            if (x, RDF.type, c2) in closure:
                errors[f"Disjoint classes {c1} and {c2} have a common individual {x}"] = None
    for node in schema.subjects(RDF.type, OWL.AllDisjointClasses):
        for head in schema.objects(node, OWL.members):
            classes = list(Collection(schema, head))
            for i, cl1 in enumerate(classes):
                for z in closure.subjects(RDF.type, cl1):
                    for cl2 in classes[i + 1:]:
                        if (z, RDF.type, cl2) in closure:
                            errors[f"Disjoint classes {cl1} and {cl2} have a common "
                                   f"individual {z}"] = None
    for x in closure.subjects(RDF.type, OWL.Nothing):
        errors[f"{x} is defined of type 'Nothing'"] = None
    return list(errors)
