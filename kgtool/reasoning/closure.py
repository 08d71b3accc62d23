"""OWL 2 RL closure (owlrl) and project rules (SPARQL CONSTRUCT), each into its own graph.

The asserted graphs are never modified: :func:`reason` writes the new triples of the OWL RL
closure of ontology + reference + documents into ``kgg:inferred``; :func:`apply_rules` runs
``ontology/rules/*.rq`` over asserted + inferred triples and writes into ``kgg:rules``.
Reasoning runs under a time and size budget (owlrl alone can run for minutes on an
``owl:sameAs`` chain); running it twice gives the same graphs.

Two engines: ``owlrl`` (the pure Python reference, every OWL 2 RL rule) and ``reasonable``
(Rust, ~30× faster here), which is exact only on the constructs of
:data:`kgtool.reasoning.profile.COVERED_PREDICATES` (it derives unsound ``owl:sameAs`` from
inverse-functional properties, skips chains, keys and cardinalities, reports no
inconsistency). ``auto`` picks ``reasonable`` when it is installed and the graph uses only
those constructs, owlrl otherwise; ``reasonable`` asked for explicitly on a graph that uses
another construct is refused with a :class:`~kgtool.errors.ReasoningError` naming it. On the
reasonable path kgtool reports the inconsistencies the covered constructs can produce
(disjoint classes, ``owl:Nothing``) itself, with owlrl's messages
(:func:`kgtool.reasoning.profile.inconsistencies`). Outputs differ only in schema-level noise
(reflexive ``owl:equivalentClass``, ``rdfs:subClassOf`` of builtins …), which is filtered;
``tests/test_reason.py`` proves parity on the five documents, ``tests/test_w3c_owl.py`` on
the W3C OWL 2 cases. Every inconsistency ends up in :attr:`ReasoningResult.errors`, one line
each (``kgtool build`` prints them and exits 1).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from owlrl import DeductiveClosure, OWLRL_Semantics
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kgtool.bilingual import Bilingual
from kgtool.errors import ReasoningError, SecurityError
from kgtool.rdf.graph import KnowledgeGraph
from kgtool.rdf.namespaces import GRAPH_INFERRED, GRAPH_RULES, KGT
from kgtool.reasoning.profile import inconsistencies, schema_triples, uncovered
from kgtool.querying.named import NamedQuery
from kgtool.sparql.safety import check_query, contains_forbidden_keywords
from kgtool.intake.textnorm import doc_number_key

__all__ = ["ReasoningBudget", "ReasoningResult", "ReasonableRefused", "reason", "apply_rules",
           "load_rules", "one_line", "owlrl_closure", "cycle_warning", "over_budget", "INCONSISTENT"]

ERR_NS = "http://www.daml.org/2002/03/agents/agent-ont#"
#: the warning of a build whose graph is inconsistent (either reasoner)
INCONSISTENT = Bilingual("the graph is inconsistent: closure and messages computed with owlrl",
                         "图不一致：闭包和错误信息改由 owlrl 计算")


def over_budget(*, seconds: float | None = None, triples: int | None = None,
                chain: bool = False) -> ReasoningError:
    """The error of a closure stopped by its budget: ``seconds`` of time or ``triples``."""
    if seconds is not None:
        return ReasoningError(Bilingual(
            f"reasoning stopped: time budget of {seconds:g} s exceeded"
            + (" (a long owl:sameAs or transitive chain?)" if chain else ""),
            f"推理已停止：超出 {seconds:g} 秒的时间预算"
            + ("（owl:sameAs 链或传递链过长？）" if chain else "")))
    return ReasoningError(Bilingual(f"reasoning stopped: closure exceeds {triples} triples",
                                    f"推理已停止：闭包超过 {triples} 个三元组"))


def cycle_warning(cycle) -> Bilingual:
    """The warning on a cycle of ``rdfs:subClassOf`` (class CURIEs, in order)."""
    chain = " -> ".join(cycle)
    return Bilingual(f"cyclic rdfs:subClassOf: {chain}", f"rdfs:subClassOf 成环：{chain}")
_BUILTIN = (str(OWL), str(RDF), str(RDFS), str(XSD))


@dataclass(frozen=True)
class ReasoningBudget:
    """Limits of one closure: wall time in seconds and triples in the closure."""

    seconds: float = 60.0
    max_triples: int = 2_000_000


@dataclass
class ReasoningResult:
    """What a closure produced."""

    inferred: int = 0
    rule_triples: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    engine: str = ""


class _BudgetedOWLRL(OWLRL_Semantics):
    """owlrl's OWL RL semantics with a deadline and a size cap checked while it runs."""

    deadline: float = float("inf")
    max_triples: int = 2_000_000
    budget: ReasoningBudget = ReasoningBudget()
    _calls = 0

    def rules(self, t, cycle_num):
        self._calls += 1
        if self._calls % 2000 == 0:
            self._check()
        return super().rules(t, cycle_num)

    def _check(self):
        if time.monotonic() > self.deadline:
            raise over_budget(seconds=self.budget.seconds, chain=True)
        if len(self.graph) + len(self.added_triples) > self.max_triples:
            raise over_budget(triples=self.max_triples)


def is_noise(s, p, o) -> bool:
    if isinstance(s, Literal):
        return True
    if p in (OWL.equivalentClass, OWL.equivalentProperty) and s == o:
        return True
    if p in (RDFS.subClassOf, RDFS.subPropertyOf) and (s == o or o in (OWL.Thing, RDFS.Resource)):
        return True
    if p == OWL.sameAs and s == o:
        return True
    if p == RDF.type and o in (OWL.Thing, RDFS.Resource, OWL.NamedIndividual):
        return True
    if isinstance(s, URIRef) and str(s).startswith(_BUILTIN):
        return True
    return False


def subclass_cycles(graph: Graph) -> list[list[str]]:
    import networkx as nx  # only here: importing it costs ~0.15 s at start-up

    g = nx.DiGraph()
    g.add_edges_from((str(s), str(o)) for s, o in graph.subject_objects(RDFS.subClassOf)
                     if s != o and isinstance(s, URIRef) and isinstance(o, URIRef))
    return [sorted(c) for c in nx.simple_cycles(g)][:10]


REASONERS = ("auto", "owlrl", "reasonable")


def _reasonable_available() -> bool:
    try:
        import reasonable  # noqa: F401
    except ImportError:
        return False
    return True


class ReasonableRefused(ReasoningError):
    """``reasonable`` cannot reason on this input exactly (or failed on it)."""


def _closure_reasonable(base: Graph, budget: ReasoningBudget) -> Graph:
    """OWL RL closure with the ``reasonable`` engine, as a Graph including ``base`` (only
    exact on graphs :func:`kgtool.reasoning.profile.uncovered` passes)."""
    import reasonable

    if len(base) > budget.max_triples:
        raise ReasoningError(f"reasoning refused: {len(base)} input triples exceed the budget "
                             f"of {budget.max_triples}")
    r = reasonable.PyReasoner()
    try:
        r.from_graph(base)
        triples = r.reason()
    except BaseException as exc:  # a Rust panic is a BaseException (pyo3 PanicException)
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        first = (str(exc).splitlines() or [""])[0][:160]
        raise ReasonableRefused(f"reasoner reasonable failed on this input "
                                f"({exc.__class__.__name__}: {first})") from None
    out = Graph()
    typed_strings = {o for o in base.objects() if isinstance(o, Literal) and o.datatype == XSD.string}
    for s, p, o in triples:
        # reasonable types every plain string as xsd:string; restore the plain literal
        if isinstance(o, Literal) and o.datatype == XSD.string and o not in typed_strings:
            o = Literal(str(o))
        out.add((s, p, o))
        if len(out) > budget.max_triples:
            raise over_budget(triples=budget.max_triples)
    return out


def owlrl_closure(graph: Graph, budget: ReasoningBudget, start: float) -> Graph:
    """owlrl's OWL RL closure of a copy of ``graph`` (its error messages included, as
    ``err:ErrorMessage`` nodes), within ``budget`` counted from ``start``
    (``time.monotonic()``)."""
    class Semantics(_BudgetedOWLRL):
        pass

    Semantics.deadline = start + budget.seconds
    Semantics.max_triples = budget.max_triples
    Semantics.budget = budget
    work = Graph()
    for t in graph:
        work.add(t)
    DeductiveClosure(Semantics, axiomatic_triples=False, datatype_axioms=False).expand(work)
    return work


def _try_reasonable(base: Graph, budget: ReasoningBudget, *, explicit: bool
                    ) -> tuple[str, Graph | None]:
    """(``reasonable``, its closure) when it is installed and exact on ``base``; otherwise
    (``owlrl``, None) for ``auto``, or a :class:`ReasonableRefused` naming the construct
    when ``reasonable`` was asked for."""
    if not _reasonable_available():
        if explicit:
            raise ReasonableRefused("reasoner reasonable is not installed "
                                    "(pip install reasonable), or use --reasoner owlrl")
        return "owlrl", None
    constructs = uncovered(base)
    if constructs:
        if explicit:
            raise ReasonableRefused(
                f"reasoner reasonable refused: the graph uses {constructs[0]}"
                + (f" (and {len(constructs) - 1} more construct(s))" if len(constructs) > 1 else "")
                + ", on which reasonable is not exact; use --reasoner owlrl or auto")
        return "owlrl", None
    try:
        closure = _closure_reasonable(base, budget)
    except ReasonableRefused:
        if explicit:
            raise
        return "owlrl", None
    # reasonable does not close the schema itself (scm-* rules: sub-property chains, domain
    # and range through super-classes, equivalence from mutual subclasses …): owlrl's
    # closure of the T-box, which is small, supplies those triples
    for t in owlrl_closure(schema_triples(base), budget, time.monotonic()):
        closure.add(t)
    return "reasonable", closure


def one_line(message: str) -> str:
    """A reasoner message on one line (owlrl's may span several)."""
    return " ".join(str(message).split())


def reason(kg: KnowledgeGraph, *, budget: ReasoningBudget = ReasoningBudget(),
           reasoner: str = "auto") -> ReasoningResult:
    """Compute the OWL 2 RL closure of ontology + asserted data into ``kgg:inferred``.

    :param kg: the loaded graph; its asserted graphs are not modified.
    :param budget: time and size limits.
    :param reasoner: ``owlrl`` (reference), ``reasonable`` (fast, on covered constructs
        only) or ``auto`` (``reasonable`` when it is exact on the input, else owlrl).
    :returns: counts, owlrl's error messages (inconsistencies, ill-typed literals; one line
        each) and warnings (e.g. cyclic ``rdfs:subClassOf``); ``engine`` is the one that ran.
    :raises ReasoningError: when the budget is exceeded (``kgg:inferred`` is then left
        empty), or ``reasonable`` was asked for on a graph it is not exact on (the message
        names the construct).
    """
    start = time.monotonic()
    kg.dataset.remove_graph(kg.dataset.graph(GRAPH_INFERRED))
    base = kg.ontology()
    for t in kg.asserted():
        base.add(t)
    result = ReasoningResult()
    cycles = subclass_cycles(base)
    result.warnings += [cycle_warning(c) for c in cycles]

    if reasoner not in REASONERS:
        raise ReasoningError(f"unknown reasoner {reasoner!r}; choose one of {', '.join(REASONERS)}")
    work = None
    if reasoner in ("auto", "reasonable"):
        reasoner, work = _try_reasonable(base, budget, explicit=reasoner == "reasonable")
    result.engine = reasoner
    if work is not None and inconsistencies(work, base):
        # an inconsistent graph: owlrl's closure of it (owl:Nothing is a subclass of every
        # class, every clash gets a message …) is the verdict to report, so delegate
        result.warnings.append(INCONSISTENT)
        reasoner = result.engine = "owlrl"
        work = None
    if work is None:
        work = owlrl_closure(base, budget, start)
    inferred = kg.graph(GRAPH_INFERRED)
    errors = set(result.errors)
    for node in work.subjects(RDF.type, URIRef(ERR_NS + "ErrorMessage")):
        for msg in work.objects(node, URIRef(ERR_NS + "error")):
            errors.add(str(msg))
    for s, p, o in work:
        if (s, p, o) in base or is_noise(s, p, o):
            continue
        if str(p).startswith(ERR_NS) or o == URIRef(ERR_NS + "ErrorMessage"):
            continue
        inferred.add((s, p, o))
    for s_, p_, o_ in base:
        if isinstance(o_, Literal) and o_.ill_typed:
            errors.add(f"ill-typed literal {o_.n3()} on {s_.n3()} {p_.n3()}")
    result.errors = sorted(one_line(e) for e in errors)
    result.inferred = len(inferred)
    result.seconds = time.monotonic() - start
    return result


def load_rules(rules_dir: Path) -> list[NamedQuery]:
    """The CONSTRUCT rules of ``rules_dir`` (``*.rq``), checked for SERVICE/FROM/LOAD.

    :raises SecurityError: when a rule file uses SERVICE, FROM or LOAD.
    """
    rules = []
    for path in sorted(Path(rules_dir).glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        bad = contains_forbidden_keywords(text)
        if bad:
            raise SecurityError(f"{path}: rule uses {', '.join(bad)}, which rule files may not")
        check_query(text)
        rules.append(NamedQuery.from_text(path.stem, text, path))
    return rules


def apply_rules(kg: KnowledgeGraph, rules_dir: Path, *, timeout: float = 60.0) -> int:
    """Run the project's rules and derived keys into ``kgg:rules``; returns its size.

    Besides the CONSTRUCT files, adds ``kgt:docNumberKey`` (the normalised 文号) for every
    ``kgt:docNumber``.
    """
    from kgtool.stores.base import RdflibStore

    kg.dataset.remove_graph(kg.dataset.graph(GRAPH_RULES))
    store = RdflibStore(kg)
    derived = Graph()
    for rule in load_rules(rules_dir):
        for t in store.construct(rule.text, timeout=timeout):
            derived.add(t)
    for s, number in kg.dataset.subject_objects(KGT.docNumber):
        key = doc_number_key(str(number))
        if key:
            derived.add((s, KGT.docNumberKey, Literal(key)))
    target = kg.graph(GRAPH_RULES)
    for t in derived:
        if not any(True for _ in kg.dataset.quads((*t, None))):
            target.add(t)
    return len(target)
