"""Derived triples of one source graph (:mod:`kgtool.building.incremental`): the closure of the
ontology and one data graph (rdflib reasoners), the project rules over graphs of the state
store, and the merged ``kgg:inferred`` / ``kgg:rules`` of a full build from the per-source
derived graphs (``kind-*``)."""
from __future__ import annotations

from typing import Iterable

from rdflib import Graph, Literal, URIRef

from kgtool.rdf.graph import KnowledgeGraph
from kgtool.rdf.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, KGT
from kgtool.stores.oxigraph import OxigraphStore, from_ox, to_ox
from kgtool.reasoning.closure import ReasoningBudget, reason
from kgtool.intake.textnorm import doc_number_key
from kgtool.building.incremental.state import derived_names

__all__ = ["closure", "run_rules", "merged_count", "merged_graph"]


def closure(ontology: Graph, data: Graph, name: URIRef, reasoner: str,
            budget: ReasoningBudget):
    """``reason`` on ontology + one data graph: (inferred Graph, errors, warnings)."""
    mini = KnowledgeGraph()
    mini.replace_graph(GRAPH_ONTOLOGY, ontology)
    mini.replace_graph(name, data)
    rr = reason(mini, budget=budget, reasoner=reasoner)
    return mini.graph(GRAPH_INFERRED), rr.errors, rr.warnings


def run_rules(st: OxigraphStore, rules, graphs: list[URIRef]) -> Graph:
    """The project rules and 文号 keys over ``graphs`` of the state store (Oxigraph)."""
    out = Graph()
    for rule in rules:
        for t in st.raw_query(rule.text, default_graphs=graphs):
            out.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object, st.restore)))
    pred = to_ox(KGT.docNumber)
    for g in graphs:
        for q in st.store.quads_for_pattern(None, pred, None, to_ox(g)):
            key = doc_number_key(str(from_ox(q.object, st.restore)))
            if key:
                out.add((from_ox(q.subject), KGT.docNumberKey, Literal(key)))
    return out


def merged_count(st: OxigraphStore, kind: str, minus: list[URIRef]) -> int:
    """Distinct triples of the ``kind``-* graphs stated in none of ``minus``."""
    src = derived_names(st, kind)
    if not src:
        return 0
    q = ("SELECT (COUNT(*) AS ?n) WHERE { { SELECT DISTINCT ?s ?p ?o WHERE { VALUES ?g { "
         + " ".join(f"<{g}>" for g in src) + " } GRAPH ?g { ?s ?p ?o } } } "
         "MINUS { VALUES ?h { " + " ".join(f"<{g}>" for g in minus)
         + " } GRAPH ?h { ?s ?p ?o } } }")
    return int(next(iter(st.raw_query(q)))["n"].value)


def rules_count(st: OxigraphStore, asserted: list[URIRef]) -> int:
    """Size of the merged ``kgg:rules``: rule triples neither asserted nor inferred."""
    return merged_count(st, "rules", asserted + derived_names(st, "inferred"))


def merged_graph(st: OxigraphStore, kind: str, minus: Iterable[Graph]) -> Graph:
    """The union of the ``kind``-* graphs minus every triple of ``minus``."""
    out = Graph()
    for n in derived_names(st, kind):
        for t in st.triples(n):
            out.add(t)
    for g in minus:
        for t in g:
            out.remove(t)
    return out
