"""Steps of the Oxigraph-native state (:mod:`.native`), all inside Oxigraph: the compiled OWL
RL plan, one document's closure on a scratch store, ``kgg:inferred`` / ``kgg:rules`` kept as
owner graphs (built once, then kept up to date for the triples a change touches), and the
document-counts rows."""
from __future__ import annotations

import time
from typing import Iterable

import pyoxigraph as ox
from rdflib import URIRef

from kgtool.rdf.namespaces import GRAPH_INFERRED, GRAPH_RULES, KGG
from kgtool.stores.oxigraph import OxigraphStore, to_ox
from kgtool.reasoning.closure import ReasoningBudget
from kgtool.building.incremental.common import INF_PREFIX, OWNED_PREFIX, RULES_PREFIX

__all__ = ["native_plan", "doc_closure", "put", "owned_name", "merge_native", "remerge",
           "same_blank_nodes", "count_rows"]

DFLT = ox.DefaultGraph()


def native_plan(store: OxigraphStore, budget: ReasoningBudget) -> dict:
    """The compiled OWL RL updates of :mod:`kgtool.reasoning.sparql_rules` for the schema in ``store``
    (kept in the manifest: the ontology does not change between incremental rebuilds)."""
    from kgtool.reasoning.sparql_rules import RulePlan, schema_closure, schema_of

    plan = RulePlan(schema_closure(schema_of(store), budget, time.monotonic()))
    loop, once = plan.updates()  # over a materialised union: no update repeats itself
    return {"loop": [u for u, _ in loop], "once": once,
            "disjoint": sorted([str(a), str(b)] for a, b in plan.disjoint),
            "transitive": [str(p) for p in plan.transitive]}


def doc_closure(quads: Iterable[ox.Quad], plan: dict, budget: ReasoningBudget
                ) -> tuple[list[ox.Triple], list[str]]:
    """closure(O ∪ Di) − Di with the compiled updates, on a scratch store holding Di only
    (the updates carry the ontology in their VALUES tables): (inferred triples, errors).

    :raises ReasoningError: the closure exceeds the budget.
    """
    from kgtool.reasoning.closure import over_budget
    from kgtool.reasoning.sparql_rules import disjoint_errors, graph_size, ill_typed_errors

    scratch = OxigraphStore()
    scratch.store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, DFLT) for q in quads)
    start = time.monotonic()
    size = 0
    for _ in range(50):
        if not plan["loop"]:
            break
        for update in plan["loop"]:
            scratch.store.update(update)
        new_size = graph_size(scratch)
        if new_size == size:
            break
        size = new_size
        if size > budget.max_triples:
            raise over_budget(triples=budget.max_triples)
    for update in plan["once"]:
        scratch.store.update(update)
    if time.monotonic() - start > budget.seconds:
        raise over_budget(seconds=budget.seconds)
    pairs = [(URIRef(a), URIRef(b)) for a, b in plan["disjoint"]]
    errors = sorted(set(disjoint_errors(scratch, pairs)) | set(ill_typed_errors(scratch)))
    inferred = [q.triple for q in
                scratch.store.quads_for_pattern(None, None, None, to_ox(GRAPH_INFERRED))]
    return inferred, errors


def put(store: ox.Store, graph, triples: Iterable) -> int:
    """Add ``triples`` (pyoxigraph Triples) to ``graph`` only (not to the default graph)."""
    batch = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
    store.extend(batch)
    return len(batch)


def owned_name(source: str) -> str:
    """The owner graph of a per-source derived graph.

    >>> owned_name("https://w3id.org/kgtool/graph/inferred-doc-003")
    'https://w3id.org/kgtool/graph/owned-inferred-doc-003'
    """
    return OWNED_PREFIX + source[len(str(KGG)):]


def merge_native(store: ox.Store) -> dict[str, int]:
    """The owner graphs (``kgg:owned-*``, whose union per kind is ``kgg:inferred`` /
    ``kgg:rules``) from the per-source derived graphs, inside Oxigraph (the default graph
    holds exactly the asserted triples): a triple goes to the owner graph of its first source
    in name order (``*-base`` sorts before ``*-doc-*``).

    :returns: the sizes of ``kgg:inferred`` and ``kgg:rules``.
    """
    owned_inf = owned_name(INF_PREFIX)
    for prefix, extra in ((INF_PREFIX, ""),
                          (RULES_PREFIX, f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} "
                                         f"FILTER(STRSTARTS(STR(?h), \"{owned_inf}\")) }}")):
        store.update(
            f"INSERT {{ GRAPH ?owner {{ ?s ?p ?o }} }} WHERE {{ "
            f"{{ SELECT ?s ?p ?o (MIN(STR(?g)) AS ?first) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
            f"FILTER(STRSTARTS(STR(?g), \"{prefix}\")) FILTER NOT EXISTS {{ ?s ?p ?o }} {extra} }} "
            f"GROUP BY ?s ?p ?o }} "
            f"BIND(IRI(CONCAT(\"{OWNED_PREFIX}\", STRAFTER(?first, \"{KGG}\"))) AS ?owner) }}")
    sizes = {str(GRAPH_INFERRED): 0, str(GRAPH_RULES): 0}
    rows = store.query(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                       f"FILTER(STRSTARTS(STR(?g), \"{OWNED_PREFIX}\")) }} GROUP BY ?g")
    for r in rows:
        kind = GRAPH_INFERRED if r["g"].value.startswith(owned_inf) else GRAPH_RULES
        sizes[str(kind)] += int(r["n"].value)
    return sizes


def remerge(store: ox.Store, touched: set) -> tuple[dict[str, int], set[str]]:
    """Bring the owner graphs up to date for ``touched`` triples (whose membership in an
    asserted or derived graph changed; one index lookup each): a triple is in ``kgg:inferred``
    when some ``inferred-*`` graph derives it and none asserts it, in ``kgg:rules`` when some
    ``rules-*`` graph derives it and it is neither asserted nor inferred, and in the owner
    graph of its first source.

    :returns: the size changes of ``kgg:inferred`` and ``kgg:rules``, and the owner graphs
        that changed.
    """
    delta = {str(GRAPH_INFERRED): 0, str(GRAPH_RULES): 0}
    dirty: set[str] = set()
    for t_ in touched:
        where = {q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
                 for q in store.quads_for_pattern(t_.subject, t_.predicate, t_.object, None)}
        inferred = False
        for prefix, merged in ((INF_PREFIX, GRAPH_INFERRED), (RULES_PREFIX, GRAPH_RULES)):
            owned = owned_name(prefix)
            has = next((w for w in where if w.startswith(owned)), None)
            sources = [w for w in where if w.startswith(prefix)]
            want = (owned_name(min(sources)) if sources and "" not in where and not inferred
                    else None)
            inferred = want is not None
            if has == want:
                continue
            if has is not None:
                store.remove(ox.Quad(*t_, ox.NamedNode(has)))
                delta[str(merged)] -= 1
                dirty.add(has)
            if want is not None:
                store.add(ox.Quad(*t_, ox.NamedNode(want)))
                delta[str(merged)] += 1
                dirty.add(want)
    return delta, dirty


def same_blank_nodes(new: set, old: set) -> set:
    """``new`` with each blank node renamed to the blank node of ``old`` that has the same
    shape — the same triples, nested blank nodes compared by their own shape — so that a
    re-parsed file differs from its stored version only by what really changed. A renaming
    of blank nodes to distinct names: the graph stays the same graph; blank nodes whose shape
    is not unique or not found (or that form cycles) keep their fresh names."""
    if not any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
               for t in new):
        return new
    a, b = _shapes(new), _shapes(old)
    rename = {n: b[h] for h, n in a.items() if h in b}
    if not rename:
        return new
    return {ox.Triple(rename.get(t.subject, t.subject), t.predicate, rename.get(t.object, t.object))
            for t in new}


def _shapes(triples: set) -> dict:
    """{shape hash: blank node} for the blank nodes of ``triples`` whose shape is unique."""
    import hashlib

    out_edges: dict = {}
    in_edges: dict = {}
    for t in triples:
        if isinstance(t.subject, ox.BlankNode):
            out_edges.setdefault(t.subject, []).append(t)
        if isinstance(t.object, ox.BlankNode) and not isinstance(t.subject, ox.BlankNode):
            in_edges.setdefault(t.object, []).append(t)
    memo: dict = {}

    def shape(node, depth: int = 0):
        if node in memo:
            return memo[node]
        if depth > 32:  # a cycle of blank nodes
            return None
        parts = []
        for t in out_edges.get(node, ()):
            o = t.object
            if isinstance(o, ox.BlankNode):
                o = shape(o, depth + 1)
                if o is None:
                    return None
            parts.append(f"> {t.predicate} {o}")
        parts += [f"< {t.predicate} {t.subject}" for t in in_edges.get(node, ())]
        memo[node] = hashlib.sha256("\n".join(sorted(parts)).encode("utf-8")).hexdigest()
        return memo[node]

    seen: dict = {}
    for node in {*out_edges, *in_edges}:
        h = shape(node)
        if h is not None:
            seen.setdefault(h, []).append(node)
    return {h: nodes[0] for h, nodes in seen.items() if len(nodes) == 1}


def count_rows(store: OxigraphStore, graph: URIRef | None = None) -> dict[str, list]:
    """Rows of the ``document-counts`` query (all graphs, or ``graph`` only) by graph name."""
    from kgtool.querying.named import builtin_queries_dir, get_named_query

    query = get_named_query(builtin_queries_dir(), "document-counts")
    rows = store.raw_query(query.text, bindings={"graph": graph} if graph is not None else None)
    out = {}
    for r in rows:
        out[r["graph"].value] = [r["source_file"].value] + [int(r[k].value) for k in (
            "documents", "targets", "funding_items", "tasks", "agencies", "industries")]
    return out


def triple(t) -> ox.Triple:
    s, p, o = t
    return ox.Triple(to_ox(s), to_ox(p), to_ox(o))
