"""The W3C OWL 2 test cases against every OWL RL reasoner path the CLI can choose.

Cases: ``../shared/w3c-owl2-tests/`` (``rl/cases/*``: premise + conclusion or non-conclusion;
``all/cases/*``: consistency / inconsistency premises; see its README). The reference is
owlrl (the OWL 2 RL rules in Python), run directly here, not through kgtool. RL is not
complete, so the W3C verdict itself is not the yardstick: an engine must agree with owlrl.

Per engine and case the outcome is

- ``pass``: the same consistency verdict as owlrl and, on a consistent premise, exactly
  owlrl's closure (modulo the schema noise :func:`kgtool.reasoning.closure.reason` filters) — so the
  case's conclusion is entailed exactly when owlrl entails it;
- ``refused``: a one-line :class:`~kgtool.errors.ReasoningError` naming the construct;
- ``wrong``: anything else (a triple owlrl does not derive, one it derives missing, another
  consistency verdict). Zero are allowed.

Engines (what ``kgtool build --reasoner X`` runs): ``owlrl``, ``reasonable``, ``auto`` on a
small graph (:func:`kgtool.reasoning.closure.reason`), ``sparql`` — also what ``auto`` runs above the
size threshold, the Oxigraph-native build — (:func:`kgtool.reasoning.sparql_rules.reason_store` on a
store of named graphs, as the native build loads it) and ``sparql-union`` (the same on a
store whose union is materialised, as the incremental native state reasons).

Run ``python tests/test_w3c_owl.py`` for the table of counts.
"""
from __future__ import annotations

import json
import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from owlrl import DeductiveClosure, OWLRL_Semantics
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from kgtool.errors import ReasoningError
from kgtool.rdf.graph import KnowledgeGraph
from kgtool.rdf.namespaces import GRAPH_INFERRED, document_graph
from kgtool.reasoning.closure import ReasoningBudget, is_noise, reason

SUITE = Path(os.environ.get("KGTOOL_W3C_OWL2",
                            Path(__file__).resolve().parents[1].parent / "shared" / "w3c-owl2-tests"))
ERR = "http://www.daml.org/2002/03/agents/agent-ont#"
ENGINES = ("owlrl", "reasonable", "auto", "sparql", "sparql-union")
BUDGET = ReasoningBudget(seconds=30)


@dataclass
class Case:
    name: str
    premise: Path
    target: Path | None = None  # conclusion or non-conclusion
    positive: bool | None = None

    def graph(self) -> Graph:
        g = Graph()
        g.parse(self.premise, format="xml")
        imports = SUITE / "rl" / "imports"
        for iri in g.objects(None, OWL.imports):  # the one vendored import (see the README)
            for doc in imports.glob("*.rdf"):
                d = Graph().parse(doc, format="xml")
                if (iri, RDF.type, OWL.Ontology) in d:
                    g += d
        return g


def cases() -> list[Case]:
    out = []
    for d in sorted((SUITE / "rl" / "cases").glob("*/")):
        if (d / "conclusion.rdf").is_file():
            out.append(Case("rl/" + d.name, d / "premise.rdf", d / "conclusion.rdf", True))
        elif (d / "non-conclusion.rdf").is_file():
            out.append(Case("rl/" + d.name, d / "premise.rdf", d / "non-conclusion.rdf", False))
    for d in sorted((SUITE / "all" / "cases").glob("*/")):
        if (d / "source" / "premise.rdf").is_file():
            out.append(Case("all/" + d.name, d / "source" / "premise.rdf"))
    return out


@dataclass
class Outcome:
    closure: set | None = None  # filtered closure (None: refused / failed)
    inconsistent: bool = False
    engine: str = ""  # the engine that ran (a fast one may delegate to owlrl)
    refusal: str = ""
    crash: str = ""


def _filtered(triples, premise: Graph) -> set:
    return {t for t in triples if not is_noise(*t) and not str(t[1]).startswith(ERR)
            and t[2] != URIRef(ERR + "ErrorMessage")}


def reference(premise: Graph) -> Outcome:
    """owlrl itself (the settings kgtool runs it with), ill-typed literals counted as
    inconsistency as kgtool reports them."""
    g = Graph()
    for t in premise:
        g.add(t)
    DeductiveClosure(OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    errors = any(True for _ in g.subjects(RDF.type, URIRef(ERR + "ErrorMessage")))
    errors = errors or any(isinstance(o, Literal) and o.ill_typed for o in premise.objects())
    return Outcome(_filtered(g, premise), errors)


def run_engine(engine: str, premise: Graph) -> Outcome:
    kg = KnowledgeGraph()
    name = document_graph("001")
    for t in premise:
        kg.graph(name).add(t)
    try:
        if engine.startswith("sparql"):
            from kgtool.stores.oxigraph import OxigraphStore
            from kgtool.reasoning.sparql_rules import reason_store

            store = OxigraphStore()
            store.union_materialised = engine == "sparql-union"
            try:
                store.add_quads((s, p, o, name) for s, p, o in premise)
            except ValueError as exc:  # kgtool's Oxigraph loader refuses such a file (exit 2)
                return Outcome(refusal=f"not loadable into Oxigraph: {exc}")
            rr = reason_store(store, budget=BUDGET)
            closure = set(premise) | set(store.triples(GRAPH_INFERRED))
        else:
            rr = reason(kg, budget=BUDGET, reasoner=engine)
            closure = set(premise) | set(kg.graph(GRAPH_INFERRED))
    except ReasoningError as exc:
        return Outcome(refusal=str(exc))
    except BaseException as exc:  # noqa: BLE001 - a crash is a wrong verdict, recorded
        if isinstance(exc, KeyboardInterrupt):
            raise
        return Outcome(crash=f"{exc.__class__.__name__}: {str(exc)[:200]}")
    return Outcome(_filtered(closure, premise), bool(rr.errors), rr.engine)


def _entails(closure: set, target: Path) -> bool:
    """Whether the (non-)conclusion maps into ``closure`` (blank nodes as variables)."""
    t = Graph().parse(target, format="xml")
    g = Graph()
    for x in closure:
        g.add(x)
    pats = []
    for s, p, o in t:
        if o == OWL.Ontology:
            continue
        pats.append(" ".join(f"?b{x}" if not isinstance(x, (URIRef, Literal)) else x.n3()
                             for x in (s, p, o)))
    return not pats or bool(g.query("ASK { " + " . ".join(pats) + " }").askAnswer)


def grade(case: Case, engine: str, ref: Outcome, premise: Graph) -> tuple[str, str]:
    """(``pass`` | ``refused`` | ``wrong``, detail)."""
    out = run_engine(engine, premise)
    if out.crash:
        return "wrong", f"crashed: {out.crash}"
    if out.refusal:
        if "\n" in out.refusal:
            return "wrong", "refusal message spans several lines"
        return "refused", out.refusal
    if out.inconsistent != ref.inconsistent:
        return "wrong", (f"consistency: owlrl says {'in' if ref.inconsistent else ''}consistent, "
                         f"{engine} says {'in' if out.inconsistent else ''}consistent")
    if ref.inconsistent:
        return "pass", out.engine
    extra, missing = out.closure - ref.closure, ref.closure - out.closure
    if extra:
        return "wrong", f"derives {len(extra)} triple(s) owlrl does not, e.g. {sorted(extra)[0]}"
    if missing:
        return "wrong", f"misses {len(missing)} triple(s) owlrl derives, e.g. {sorted(missing)[0]}"
    if case.target is not None and _entails(out.closure, case.target) != _entails(ref.closure, case.target):
        return "wrong", "conclusion verdict differs"
    return "pass", out.engine


_REFS: dict[str, tuple] = {}


def _reference_for(case: Case):
    if case.name not in _REFS:
        premise = case.graph()
        try:
            _REFS[case.name] = (premise, reference(premise), "")
        except Exception as exc:  # owlrl itself fails on a few inputs: no verdict to compare
            _REFS[case.name] = (premise, None, f"{exc.__class__.__name__}: {exc}")
    return _REFS[case.name]


CASES = cases() if SUITE.is_dir() else []


@pytest.mark.skipif(not CASES, reason=f"W3C OWL 2 test cases not found in {SUITE} "
                                      "(set KGTOOL_W3C_OWL2)")
@pytest.mark.parametrize("engine", ENGINES)
def test_no_wrong_verdict(engine):
    wrong, counts = [], Counter()
    for case in CASES:
        premise, ref, why = _reference_for(case)
        if ref is None:
            counts["no reference"] += 1
            continue
        verdict, detail = grade(case, engine, ref, premise)
        counts[verdict] += 1
        if verdict == "wrong":
            wrong.append(f"{case.name}: {detail}")
    assert counts["pass"] > 0
    assert not wrong, f"{engine}: {len(wrong)} wrong verdicts:\n" + "\n".join(wrong)


def main() -> int:
    """Print per-engine counts (and every non-pass case) as JSON lines and a table."""
    table = {}
    for engine in ENGINES:
        counts = Counter()
        for case in CASES:
            premise, ref, why = _reference_for(case)
            if ref is None:
                counts["no reference"] += 1
                continue
            verdict, detail = grade(case, engine, ref, premise)
            counts[verdict] += 1
            if verdict == "pass":
                counts["by " + detail] += 1
            else:
                print(json.dumps({"engine": engine, "case": case.name, "verdict": verdict,
                                  "detail": detail[:300]}, ensure_ascii=False))
        table[engine] = counts
    print(f"{'engine':14} pass (computed by: reasonable sparql owlrl) refused wrong no-reference")
    for engine, c in table.items():
        print(f"{engine:14} {c['pass']:4} ({c['by reasonable']:10} {c['by sparql']:6} "
              f"{c['by owlrl']:5}) {c['refused']:7} {c['wrong']:5} {c['no reference']:12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
