"""What the compiled SHACL validator (:func:`kgtool.validation.compiled.validate_fast`) hands to
pySHACL, and how: shapes the compiler leaves alone, shapes whose answer would depend on a
literal form Oxigraph rewrote, and the one case it refuses.

- :func:`lexically_exposed`: the lexical-form-dependent shapes (:attr:`FastPlan.lexical`)
  reading a predicate that has, in the store, a literal Oxigraph keeps in another form;
- :func:`run_delegated`: pySHACL on those shapes only (the others' targets dropped from a copy
  of the shapes graph), its results of them and their property shapes;
- :func:`refuse_lost_datatypes`: an Oxigraph-filled store no longer knows ``xsd:byte`` ….
"""
from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kgtool.errors import InputError
from kgtool.rdf.namespaces import GRAPH_ONTOLOGY, SH
from kgtool.stores.oxigraph import OxigraphStore
from kgtool.validation.shape_compiler import FastPlan, shape_targets
from kgtool.validation.pyshacl_validator import ValidationResult, validate_graph

__all__ = ["lexically_exposed", "run_delegated", "refuse_lost_datatypes"]

#: XSD types Oxigraph stores as xsd:integer ("100"^^xsd:byte is read back as "100"^^xsd:integer)
_INTEGER_SUBTYPES = {XSD[t] for t in ("byte", "short", "int", "long", "unsignedByte",
                                       "unsignedShort", "unsignedInt", "unsignedLong",
                                       "nonNegativeInteger", "positiveInteger",
                                       "negativeInteger", "nonPositiveInteger")}


def refuse_lost_datatypes(shapes: Graph | None) -> None:
    """A store filled straight by Oxigraph (the native build) no longer knows that a literal
    was an ``xsd:byte`` …: refuse a shape that checks one of those datatypes."""
    if shapes is None:
        return
    for shape, dtype in shapes.subject_objects(SH.datatype):
        if dtype in _INTEGER_SUBTYPES:
            raise InputError(f"shape {shape}: sh:datatype {dtype} cannot be checked on an "
                             "Oxigraph store (it keeps such literals as xsd:integer); validate "
                             "with --backend rdflib")


def lexically_exposed(plan: FastPlan, store: OxigraphStore) -> set:
    """The shapes of ``plan.lexical`` whose queries read a predicate that has, in ``store``, a
    literal Oxigraph keeps in another form than the data (``"1.00"`` stored as ``"1"``, an
    ill-typed literal stored with a trailing space: :attr:`OxigraphStore.restore`): on those
    values the compiled answer could differ from the RDF terms', so pySHACL runs them."""
    if not store.restore or not plan.lexical:
        return set()
    tainted = set()
    for value, dtype, lang in store.restore:  # the keys: literals as Oxigraph stores them
        term = ox.Literal(value, language=lang) if lang else \
            ox.Literal(value, datatype=ox.NamedNode(dtype)) if dtype else ox.Literal(value)
        tainted.update(f"<{q.predicate.value}>" for q in
                       store.store.quads_for_pattern(None, None, term, None))
    if not tainted:
        return set()
    texts: dict = {}
    for q in plan.queries:
        texts.setdefault(q.shape, []).append(q.text)
    exposed = set()
    for shape in plan.lexical:
        text = " ".join(texts.get(shape, [])) + plan.focus.get(shape, "")
        names = set(tainted)
        for prefix, ns in re.findall(r"PREFIX\s+([\w-]*):\s*<([^>]*)>", text, re.IGNORECASE):
            names.update(f"{prefix}:{t[1 + len(ns):-1]}" for t in tainted if t[1:].startswith(ns))
        where = text[text.upper().find("WHERE"):]
        if any(n in text for n in names) or "VALUES ?this { \"" in text \
                or re.search(r"[?$]\w+\s+[?$]\w+", where):  # a variable predicate
            exposed.add(shape)
    return exposed


def _only_targets_of(shapes: Graph, delegated: set) -> Graph:
    """A copy of ``shapes`` in which only the ``delegated`` shapes have targets (explicit or
    implicit), so that pySHACL validates only them; every shape stays defined, as sh:node,
    sh:or … may reach it."""
    dropped = {s for s in shape_targets(shapes) if s not in delegated and not any(
        p in delegated for p in shapes.objects(s, SH.property))}  # they give their properties targets
    if not dropped:
        return shapes
    class_types = {RDFS.Class, *shapes.subjects(RDFS.subClassOf, RDFS.Class)}
    out = Graph()
    for s, p, o in shapes:
        if s in dropped and (p in _TARGET_PREDICATES or (p == RDF.type and o in class_types)):
            continue
        out.add((s, p, o))
    return out


_TARGET_PREDICATES = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}


def run_delegated(delegated: set, store: OxigraphStore, names: list[URIRef], shapes: Graph,
              data: Graph | None, focus_nodes) -> list[ValidationResult]:
    """pySHACL's results of the ``delegated`` shapes (their property shapes included)."""
    if data is None:  # the store's terms, with the lexical forms it remembers
        data = Graph()
        for n in names:
            data += store.triples(n)
    onto = store.triples(GRAPH_ONTOLOGY)  # empty: no ontology (not the project's default)
    report = validate_graph(data, shapes=_only_targets_of(shapes, delegated), ontology=onto)
    return [r for r in report.results if r.shape in delegated
            and (focus_nodes is None or r.focus_node in focus_nodes)]
