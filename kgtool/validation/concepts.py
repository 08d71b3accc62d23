"""Name the closest defined IRI when a concept or jurisdiction IRI is defined nowhere.

The check itself is SHACL (``ontology/shapes/concepts.ttl``: the objects of ``kgt:metric``,
``kgt:unit``, ``kgt:industry`` … must be in their concept scheme, the objects of
``kgt:jurisdiction`` and ``kgt:partOf`` must be jurisdictions), so every validation engine
reports it. SHACL cannot say what was meant, so :func:`explain_undefined_concepts` adds, to
each such result, the closest IRI of the same scheme or class (difflib on local names, see
:func:`kgtool.querying.terms.local_name_similarity`) and the fact and sentence that use the IRI.
"""
from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kgtool.rdf.namespaces import KG, KGT, SH
from kgtool.querying.terms import curie, local_name_similarity
from kgtool.validation.report import ValidationReport

__all__ = ["explain_undefined_concepts", "closest_defined", "CONCEPT_SHAPE_PREFIXES"]

#: Local-name prefixes of the shapes in ``ontology/shapes/concepts.ttl``.
CONCEPT_SHAPE_PREFIXES = ("Concept-", "Defined-")


def _local(iri: str) -> str:
    return iri[len(str(KG)):] if iri.startswith(str(KG)) else iri


def _candidates(data: Graph, shapes: Graph, shape: URIRef) -> set[URIRef]:
    """The IRIs the shape accepts: members of its scheme (``sh:hasValue``) or instances of
    its class (``sh:class``, subclasses included)."""
    out: set[URIRef] = set()
    for scheme in shapes.objects(shape, SH.hasValue):
        out.update(s for s in data.subjects(SKOS.inScheme, scheme) if isinstance(s, URIRef))
    for cls in shapes.objects(shape, SH["class"]):
        classes = {cls} | set(data.transitive_subjects(RDFS.subClassOf, cls))
        for c in classes:
            out.update(s for s in data.subjects(RDF.type, c) if isinstance(s, URIRef))
    return out


def closest_defined(wanted: URIRef, candidates: set[URIRef], *, n: int = 3,
                    cutoff: float = 0.6) -> list[URIRef]:
    """The ``n`` candidates whose local names are closest to ``wanted``'s."""
    scored = sorted(((local_name_similarity(_local(str(wanted)), _local(str(c))), str(c)), c)
                    for c in candidates if c != wanted)
    return [c for (score, _), c in reversed(scored) if score >= cutoff][:n]


def explain_undefined_concepts(report: ValidationReport, data: Graph, shapes: Graph) -> ValidationReport:
    """Add the closest defined IRI and the using fact's sentence to every result of a
    concept-reference shape (in place; returns ``report``).

    :param data: the validated data with the reference data (and the ontology's class
        hierarchy, for jurisdictions).
    """
    for r in report.results:
        if not r.shape_name.startswith(CONCEPT_SHAPE_PREFIXES) or not isinstance(r.focus_node, URIRef):
            continue
        matches = closest_defined(r.focus_node, _candidates(data, shapes, r.shape))
        if matches:
            names = ", ".join(curie(str(m)) for m in matches)
            r.message_en += f" Closest defined: {names}."
            r.message_zh += f" 最接近的已定义 IRI：{names}。"
        users = sorted(s for s in data.subjects(None, r.focus_node) if isinstance(s, URIRef))
        if users and r.source_quote is None:
            user = users[0]
            quote = data.value(user, KGT.quote)
            doc = data.value(user, KGT.statedIn)
            r.message_en += f" Used by {curie(str(user))}."
            r.message_zh += f" 使用者：{curie(str(user))}。"
            r.source_quote = None if quote is None else str(quote)
            r.document = doc if isinstance(doc, URIRef) else None
            number = data.value(doc, KGT.docNumber) if doc is not None else None
            r.doc_number = None if number is None else str(number)
    return report
