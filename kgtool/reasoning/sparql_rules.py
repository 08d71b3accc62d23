"""OWL 2 RL on Oxigraph: the ontology's axioms compiled to SPARQL updates (``--reasoner sparql``).

The schema (T-box: the ontology graph plus any schema triples stated in data) is small, so
its own OWL RL closure is computed by owlrl, the reference engine. The instance-level rules
that closure implies are then compiled to a few SPARQL ``INSERT`` updates with ``VALUES``
tables and run inside Oxigraph until nothing new is derived, without one Python object per
triple:

- ``prp-spo1`` (``rdfs:subPropertyOf``, closed) and ``prp-trp`` (``owl:TransitiveProperty``,
  as a property path), repeated until stable;
- ``prp-dom`` / ``prp-rng`` (every class the closed schema gives a property's subject or
  object, superclasses included) and ``cax-sco`` (every superclass);
- ``cax-dw`` / ``cax-adc``: individuals of two disjoint classes are reported with owlrl's
  message.

New triples go into ``kgg:inferred`` (and into the default graph when the store keeps it as the
materialised union; otherwise the rules read every named graph with ``GRAPH ?g`` patterns, and
transitivity, which a property path cannot follow across graphs, is two-step composition
repeated until stable); the schema closure's own new triples go into ``kgg:inferred`` too, so
the graph equals what :func:`kgtool.reasoning.closure.reason` writes with owlrl, modulo the same filtered
noise (``tests/test_fastbuild.py`` compares them on the five documents and a synthetic corpus).

The compiled rules are exact only on the constructs of :mod:`kgtool.reasoning.profile` (the RDFS
schema axioms, transitivity, class disjointness, on named classes and properties: what the
project's ontology uses); ``x rdf:type owl:Nothing`` and disjointness clashes are reported
with owlrl's messages. When the store uses any other construct (``owl:sameAs``,
``owl:inverseOf``, restrictions, a subclass of ``owl:SymmetricProperty``, a sub-property of
``rdfs:subClassOf``, blank-node classes …) :func:`reason_store` delegates to owlrl, the
reference, on a copy of the graph, and says so in a warning.
"""
from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kgtool.bilingual import Bilingual
from kgtool.rdf.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_RULES, KGT
from kgtool.stores.oxigraph import OxigraphStore, from_ox, to_ox
from kgtool.reasoning.profile import (COVERED_PREDICATES, COVERED_TYPES, VOCABULARY, uncovered,
                         vocabulary_name)
from kgtool.reasoning.closure import (ERR_NS, INCONSISTENT, ReasoningBudget, ReasoningResult,
                     cycle_warning, is_noise, over_budget, subclass_cycles, load_rules, one_line,
                     owlrl_closure)
from kgtool.intake.textnorm import doc_number_key

__all__ = ["SUPPORTED", "UNSUPPORTED_PREDICATES", "UNSUPPORTED_TYPES", "reason_store",
           "apply_rules_store", "schema_of", "schema_closure", "RulePlan", "disjoint_errors",
           "ill_typed_errors", "graph_size", "unsupported_constructs", "nothing_errors"]

#: OWL/RDFS axioms the compiled rules cover (everything else: owlrl, see kgtool.reasoning.profile)
SUPPORTED = (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
             OWL.TransitiveProperty, OWL.disjointWith, OWL.AllDisjointClasses)
UNSUPPORTED_PREDICATES = tuple(t for t in VOCABULARY if t not in COVERED_PREDICATES)
UNSUPPORTED_TYPES = tuple(t for t in VOCABULARY if t not in COVERED_TYPES)
_SCHEMA_PREDICATES = (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
                      OWL.disjointWith, OWL.members)
_NOISE_CLASSES = (OWL.Thing, RDFS.Resource, OWL.NamedIndividual)
_MAX_ROUNDS = 50


def _iri(term) -> str:
    return f"<{term}>"


def _values(pairs) -> str:
    return " ".join(f"({_iri(a)} {_iri(b)})" for a, b in sorted(pairs))


def schema_of(store: OxigraphStore) -> Graph:
    """The T-box: the ontology graph plus schema triples (subclass, subproperty, domain,
    range, disjointness, OWL declarations and the lists they use) stated anywhere."""
    tbox = store.triples(GRAPH_ONTOLOGY)
    preds = " ".join(_iri(p) for p in _SCHEMA_PREDICATES)
    q = (f"SELECT ?s ?p ?o WHERE {{ {{ VALUES ?p {{ {preds} }} ?s ?p ?o }} UNION "
         f"{{ BIND(<{RDF.type}> AS ?p) ?s ?p ?o FILTER(STRSTARTS(STR(?o), \"{OWL}\")) }} }}")
    for r in store.raw_query(q):
        tbox.add((from_ox(r["s"]), from_ox(r["p"]), from_ox(r["o"])))
    lists = (f"SELECT ?l ?p ?o WHERE {{ ?x <{OWL.members}> ?h . ?h <{RDF.rest}>* ?l . "
             f"?l ?p ?o FILTER(?p IN (<{RDF.first}>, <{RDF.rest}>)) }}")
    for r in store.raw_query(lists):
        tbox.add((from_ox(r["l"]), from_ox(r["p"]), from_ox(r["o"])))
    return tbox


def unsupported_constructs(store: OxigraphStore, tbox: Graph | None = None) -> list[str]:
    """The constructs in ``store`` the compiled rules do not cover, in words (``owl:sameAs``,
    ``a blank-node class`` …; sorted; empty when :func:`reason_store` can use them).

    :param tbox: :func:`schema_of` the store, when the caller has it already.
    """
    preds = " ".join(_iri(p) for p in UNSUPPORTED_PREDICATES)
    types = " ".join(_iri(t) for t in UNSUPPORTED_TYPES)
    q = (f"SELECT DISTINCT ?t WHERE {{ {{ VALUES ?t {{ {preds} }} ?s ?t ?o }} UNION "
         f"{{ VALUES ?t {{ {types} }} ?s a ?t }} }}")
    found = {vocabulary_name(from_ox(r["t"])) for r in store.raw_query(q)}
    if store.raw_query("ASK { ?s a ?t FILTER(isBlank(?t)) }"):
        found.add("an individual typed with a blank-node class")
    found.update(uncovered(schema_of(store) if tbox is None else tbox))
    return sorted(found)


def schema_closure(tbox: Graph, budget: ReasoningBudget, start: float) -> Graph:
    """owlrl's OWL RL closure of the T-box ``tbox`` (small), within ``budget`` counted from
    ``start`` (``time.monotonic()``); owlrl's error messages are in the returned graph."""
    return owlrl_closure(tbox, budget, start)


class RulePlan:
    """The instance rules a closed schema implies, as SPARQL updates."""

    def __init__(self, closure: Graph) -> None:
        def keep_class(c):
            return isinstance(c, URIRef) and c not in _NOISE_CLASSES

        self.sub_prop = {(p, q) for p, q in closure.subject_objects(RDFS.subPropertyOf)
                         if p != q and isinstance(p, URIRef) and isinstance(q, URIRef)}
        self.transitive = sorted(p for p in closure.subjects(RDF.type, OWL.TransitiveProperty)
                                 if isinstance(p, URIRef))
        self.sub_class = {(c, d) for c, d in closure.subject_objects(RDFS.subClassOf)
                          if c != d and isinstance(c, URIRef) and keep_class(d)}
        # only the most specific classes of a property's (closed) domain and range: the
        # subclass rule, run after, adds their superclasses (fewer candidate rows to dedupe)
        self.domain = self._most_specific(closure, RDFS.domain, keep_class)
        self.range = self._most_specific(closure, RDFS.range, keep_class)
        pairs = {(c, d) for c, d in closure.subject_objects(OWL.disjointWith)
                 if isinstance(c, URIRef) and isinstance(d, URIRef)}
        for node in closure.subjects(RDF.type, OWL.AllDisjointClasses):
            for head in closure.objects(node, OWL.members):
                members = list(Collection(closure, head))
                pairs |= {(a, b) for i, a in enumerate(members) for b in members[i + 1:]}
        self.disjoint = pairs
        # prp-spo1 runs before prp-trp, so one round is complete unless a transitive
        # property has a super-property (transitivity then feeds the subproperty rule again)
        self.feeds_back = any(p in {a for a, _ in self.sub_prop} for p in self.transitive)

    def _most_specific(self, closure: Graph, axiom: URIRef, keep) -> set[tuple]:
        classes: dict[URIRef, set] = {}
        for p, c in closure.subject_objects(axiom):
            if isinstance(p, URIRef) and keep(c):
                classes.setdefault(p, set()).add(c)
        strict = {(c, d) for c, d in self.sub_class if (d, c) not in self.sub_class}
        return {(p, c) for p, cs in classes.items() for c in cs
                if not any((d, c) in strict for d in cs)}

    def updates(self, union: bool = True) -> tuple[list[tuple[str, bool]], list[str]]:
        """(updates repeated until stable, updates run once after them); each repeated one
        comes with whether it must itself be repeated until it adds nothing.

        :param union: the store's default graph is the materialised union (patterns read it,
            new triples go into it and ``kgg:inferred``); otherwise patterns read every named
            graph (``GRAPH ?g``) and new triples go into ``kgg:inferred`` only.
        """
        inf = _iri(GRAPH_INFERRED)
        fresh = iter(range(10**6))

        def head(t: str) -> str:
            return f"{t} . GRAPH {inf} {{ {t} }}" if union else f"GRAPH {inf} {{ {t} }}"

        def pat(t: str) -> str:
            return t if union else f"GRAPH ?_g{next(fresh)} {{ {t} }}"

        loop, once = [], []
        # DISTINCT before the insert: Oxigraph pays per inserted row, duplicates included
        if self.sub_prop:
            loop.append((f"INSERT {{ {head('?x ?q ?y')} }} WHERE {{ "
                         f"{{ SELECT DISTINCT ?x ?q ?y WHERE {{ "
                         f"VALUES (?p ?q) {{ {_values(self.sub_prop)} }} {pat('?x ?p ?y')} }} }} "
                         f"FILTER NOT EXISTS {{ {pat('?x ?q ?y')} }} }}", False))
        for p in self.transitive:
            t = _iri(p)
            if union:  # a path over the union: complete in one update
                loop.append((f"INSERT {{ {head(f'?x {t} ?z')} }} WHERE {{ {{ SELECT DISTINCT ?x ?z "
                             f"WHERE {{ ?x {t} ?y . ?y {t}+ ?z }} }} "
                             f"FILTER NOT EXISTS {{ ?x {t} ?z }} }}", False))
            else:  # a path cannot cross graphs: compose two steps, repeated (doubling lengths)
                loop.append((f"INSERT {{ {head(f'?x {t} ?z')} }} WHERE {{ {{ SELECT DISTINCT ?x ?z "
                             f"WHERE {{ {pat(f'?x {t} ?y')} {pat(f'?y {t} ?z')} }} }} "
                             f"FILTER NOT EXISTS {{ {pat(f'?x {t} ?z')} }} }}", True))
        for pairs, subject, extra in ((self.domain, "?x", ""),
                                      (self.range, "?y", "FILTER(!isLiteral(?y))")):
            if pairs:
                once.append(f"INSERT {{ {head('?n a ?c')} }} WHERE {{ "
                            f"{{ SELECT DISTINCT ?n ?c WHERE {{ "
                            f"VALUES (?p ?c) {{ {_values(pairs)} }} "
                            f"{pat('?x ?p ?y')} {extra} BIND({subject} AS ?n) }} }} "
                            f"FILTER NOT EXISTS {{ {pat('?n a ?c')} }} }}")
        if self.sub_class:
            once.append(f"INSERT {{ {head('?x a ?d')} }} WHERE {{ "
                        f"{{ SELECT DISTINCT ?x ?d WHERE {{ "
                        f"VALUES (?c ?d) {{ {_values(self.sub_class)} }} {pat('?x a ?c')} }} }} "
                        f"FILTER NOT EXISTS {{ {pat('?x a ?d')} }} }}")
        return loop, once


def graph_size(store: OxigraphStore, graph: URIRef = GRAPH_INFERRED) -> int:
    """Triples in ``graph`` (counted inside Oxigraph)."""
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return int(next(iter(store.raw_query(q)))["n"].value)


def ill_typed_errors(store: OxigraphStore) -> list[str]:
    """owlrl's ill-typed-literal errors, as :func:`kgtool.reasoning.closure.reason` reports them."""
    q = (f"SELECT DISTINCT ?o WHERE {{ ?s ?p ?o FILTER(isLiteral(?o) && "
         f"STRSTARTS(STR(DATATYPE(?o)), \"{XSD}\") && DATATYPE(?o) != <{XSD.string}>) }}")
    bad = [r["o"] for r in store.raw_query(q) if getattr(from_ox(r["o"]), "ill_typed", False)]
    where = ox.DefaultGraph() if store.union_materialised else None
    errors: dict[str, None] = {}
    for o in bad:
        for q_ in store.store.quads_for_pattern(None, None, o, where):
            errors[f"ill-typed literal {from_ox(o).n3()} on {from_ox(q_.subject).n3()} "
                   f"{from_ox(q_.predicate).n3()}"] = None
    return list(errors)


def disjoint_errors(store: OxigraphStore, pairs) -> list[str]:
    """owlrl's message for each individual of both classes of a disjoint pair in ``pairs``
    (:attr:`RulePlan.disjoint`)."""
    if not pairs:
        return []
    q = (f"SELECT ?c1 ?c2 ?x WHERE {{ VALUES (?c1 ?c2) {{ {_values(pairs)} }} "
         f"?x a ?c1 . ?x a ?c2 }}")
    return [f"Disjoint classes {r['c1'].value} and {r['c2'].value} have a common individual "
            f"{from_ox(r['x'])}" for r in store.raw_query(q)]


def nothing_errors(store: OxigraphStore) -> list[str]:
    """owlrl's message for each individual of ``owl:Nothing`` (``cls-nothing2``)."""
    q = f"SELECT DISTINCT ?x WHERE {{ ?x a <{OWL.Nothing}> }}"
    return [f"{from_ox(r['x'])} is defined of type 'Nothing'" for r in store.raw_query(q)]


def _add(store: OxigraphStore, graph: URIRef, triples) -> int:
    """Add triples not yet in the union to ``graph`` (and to the union, when materialised);
    returns how many."""
    g, dflt = to_ox(graph), ox.DefaultGraph()
    batch = []
    for s, p, o in triples:
        s_, p_, o_ = to_ox(s), to_ox(p), to_ox(o)
        if store.union_materialised:
            if ox.Quad(s_, p_, o_, dflt) not in store.store:
                batch += [ox.Quad(s_, p_, o_, g), ox.Quad(s_, p_, o_, dflt)]
        elif next(iter(store.store.quads_for_pattern(s_, p_, o_, None)), None) is None:
            batch.append(ox.Quad(s_, p_, o_, g))
    store.store.bulk_extend(batch)
    return len(batch) // (2 if store.union_materialised else 1)


def reason_store(store: OxigraphStore, *, budget: ReasoningBudget = ReasoningBudget()
                 ) -> ReasoningResult:
    """OWL 2 RL closure of everything in ``store`` into ``kgg:inferred`` (see module docs).

    :param store: a freshly loaded store (no ``kgg:inferred`` / ``kgg:rules`` yet), with or
        without its union materialised (:attr:`OxigraphStore.union_materialised`).
    :param budget: time limit (checked between updates) and size limit (of the union).
    :returns: counts, errors (disjointness, ill-typed literals), warnings (cyclic
        subclasses, fallback to ``reasonable``); ``engine`` is ``sparql`` or ``reasonable``.
    :raises ReasoningError: when the budget is exceeded.
    """
    start = time.monotonic()
    result = ReasoningResult(engine="sparql")
    tbox = schema_of(store)
    unsupported = unsupported_constructs(store, tbox)
    result.warnings += [cycle_warning(c) for c in subclass_cycles(tbox)]
    if unsupported:
        constructs = ", ".join(unsupported)
        result.warnings.append(Bilingual(f"compiled OWL RL rules do not cover {constructs}; "
                                         "reasoned with owlrl instead",
                                         f"编译的 OWL RL 规则不涵盖 {constructs}；改用 owlrl 推理"))
        return _fallback(store, budget, result, start)
    closure = schema_closure(tbox, budget, start)
    errors = {str(m) for n in closure.subjects(RDF.type, URIRef(ERR_NS + "ErrorMessage"))
              for m in closure.objects(n, URIRef(ERR_NS + "error"))}
    schema_new = [t for t in closure if t not in tbox and not is_noise(*t)
                  and not str(t[1]).startswith(ERR_NS) and t[2] != URIRef(ERR_NS + "ErrorMessage")]
    _add(store, GRAPH_INFERRED, schema_new)
    plan = RulePlan(closure)
    loop, once = plan.updates(union=store.union_materialised)

    def check():
        if time.monotonic() - start > budget.seconds:
            raise over_budget(seconds=budget.seconds)

    def until_stable(update: str) -> None:
        before = graph_size(store)
        for _ in range(_MAX_ROUNDS):
            store.store.update(update)
            check()
            after = graph_size(store)
            if after == before:
                return
            before = after

    size = graph_size(store)
    for _ in range(_MAX_ROUNDS):
        for update, repeat in loop:
            if repeat:
                until_stable(update)
            else:
                store.store.update(update)
            check()
        if not plan.feeds_back:
            break
        new_size = graph_size(store)
        if new_size == size:
            break
        size = new_size
        if size > budget.max_triples:  # inferred triples alone
            raise over_budget(triples=budget.max_triples)
    for update in once:
        store.store.update(update)
        check()
    clashes = disjoint_errors(store, plan.disjoint) + nothing_errors(store)
    if clashes or errors:
        # an inconsistent graph: owlrl's closure of it (owl:Nothing is a subclass of every
        # class, every clash gets a message …) is the verdict to report, so delegate
        store.remove_graph(GRAPH_INFERRED)
        result.warnings.append(INCONSISTENT)
        return _fallback(store, budget, result, start)
    errors.update(ill_typed_errors(store))
    result.errors = sorted(one_line(e) for e in errors)
    result.inferred = graph_size(store)
    result.seconds = time.monotonic() - start
    return result


def _fallback(store: OxigraphStore, budget: ReasoningBudget, result: ReasoningResult,
              start: float) -> ReasoningResult:
    """owlrl over an rdflib copy of the union (constructs the rules don't cover)."""
    base = Graph()
    where = ox.DefaultGraph() if store.union_materialised else None
    for q in store.store.quads_for_pattern(None, None, None, where):
        base.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object, store.restore)))
    closure = owlrl_closure(base, budget, start)
    result.engine = "owlrl"
    errors = {str(m) for n in closure.subjects(RDF.type, URIRef(ERR_NS + "ErrorMessage"))
              for m in closure.objects(n, URIRef(ERR_NS + "error"))}
    _add(store, GRAPH_INFERRED, (t for t in closure if t not in base and not is_noise(*t)
                                 and not str(t[1]).startswith(ERR_NS)
                                 and t[2] != URIRef(ERR_NS + "ErrorMessage")))
    errors.update(ill_typed_errors(store))
    result.errors = sorted(one_line(e) for e in errors)
    result.inferred = graph_size(store)
    result.seconds = time.monotonic() - start
    return result


def apply_rules_store(store: OxigraphStore, rules_dir: Path, *, timeout: float = 60.0) -> int:
    """:func:`kgtool.reasoning.closure.apply_rules` on Oxigraph: the project's CONSTRUCT rules and
    ``kgt:docNumberKey`` into ``kgg:rules``; returns its size."""
    derived = Graph()
    for rule in load_rules(rules_dir):
        for t in store.construct(rule.text, timeout=timeout):
            derived.add(t)
    for s, number in store.select(f"SELECT ?s ?n WHERE {{ ?s <{KGT.docNumber}> ?n }}").rows:
        key = doc_number_key(str(number))
        if key:
            derived.add((s, KGT.docNumberKey, Literal(key)))
    _add(store, GRAPH_RULES, derived)
    return graph_size(store, GRAPH_RULES)
