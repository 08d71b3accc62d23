"""The fast engine: Oxigraph end to end, for large graphs.

Load (:mod:`kgtool.stores.oxigraph_load`: files parsed and stored by Oxigraph, no rdflib
term per triple), validate the asserted data (shapes compiled to SPARQL,
:mod:`kgtool.validation.compiled`, which hands what it does not compile to pySHACL), reason
(the ontology compiled to SPARQL updates, :mod:`kgtool.reasoning.sparql_rules`, which hands
constructs it is not exact on to owlrl), apply the rules, write ``graph.nq`` and the query
store.

Validation reads the asserted data and the ontology, exactly what the reference validates.
The store never copies the named graphs into its default graph while building (that copy
costs about as much as loading, and a third more memory): validation and the rules read
Oxigraph's union of the named graphs, inferred triples go into ``kgg:inferred`` only;
:meth:`query_store` materialises the set union when a caller queries the result in the same
process. Literals are as Oxigraph stores them (valid numbers, booleans and dates in
canonical form: ``"804.0"^^xsd:decimal`` is ``"804"^^xsd:decimal``, equal in value).
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from kgtool.engines.base import WRITING_ARTEFACTS, WRITING_STORE, Engine, LoadedGraph
from kgtool.project import Project

__all__ = ["OxigraphEngine"]

#: the reasoner of this engine (the ontology compiled to SPARQL), as ``--reasoner`` names it
SPARQL_REASONER = "sparql"  # = kgtool.engines.selection.SPARQL_REASONER (not imported: no cycle)


class OxigraphEngine(Engine):
    """Oxigraph + the ontology compiled to SPARQL + the compiled SHACL validator."""

    name = "oxigraph"
    incremental_reasoner = SPARQL_REASONER

    def __repr__(self) -> str:
        return "OxigraphEngine()"

    def load(self, project: Project) -> LoadedGraph:
        from kgtool.stores.oxigraph_load import load_project_store

        loaded = load_project_store(project, union=False)
        return LoadedGraph(loaded.store, loaded.store, loaded.shapes, loaded.sources)

    def validate(self, loaded: LoadedGraph):
        from kgtool.validation.compiled import validate_fast

        return validate_fast(loaded.graph, shapes=loaded.shapes)

    def validate_data(self, data, shapes, ontology):
        from kgtool.validation.compiled import validate_fast

        return validate_fast(data, shapes=shapes, ontology=ontology)

    def reason(self, loaded: LoadedGraph, budget):
        from kgtool.reasoning.sparql_rules import reason_store

        return reason_store(loaded.graph, budget=budget)

    def apply_rules(self, loaded: LoadedGraph, rules_dir: Path) -> int:
        from kgtool.reasoning.sparql_rules import apply_rules_store

        return apply_rules_store(loaded.graph, rules_dir)

    def write(self, result, out: Path, say: Callable[[str], None]) -> None:
        from kgtool.building.artefacts import GENERATED_NOTE, VIEW_ARTEFACTS, write_nquads
        from kgtool.building.faults import fault_point
        from kgtool.building.query_store import write_store_from_nquads

        t = time.perf_counter()
        say(WRITING_ARTEFACTS)
        out.mkdir(parents=True, exist_ok=True)
        write_nquads(result.store, out / "graph.nq", GENERATED_NOTE)
        fault_point("artefact-written")
        for name in VIEW_ARTEFACTS:
            (out / name).unlink(missing_ok=True)
        result.timings["write"] = time.perf_counter() - t
        t = time.perf_counter()
        say(WRITING_STORE)
        write_store_from_nquads(out / "graph.nq", out)  # parsed by Oxigraph: no quad in Python
        result.timings["store"] = time.perf_counter() - t

    def result_graphs(self, loaded: LoadedGraph) -> dict:
        return {"kg": None, "store": loaded.graph}

    def query_store(self, loaded: LoadedGraph):
        return loaded.graph.ensure_union()

    def graph_sizes(self, loaded: LoadedGraph) -> dict[str, int]:
        from kgtool.building.artefacts import store_graph_sizes

        return store_graph_sizes(loaded.graph)

    def triple_count(self, loaded: LoadedGraph) -> int:
        return loaded.graph.triple_count()

    def write_incremental(self, state_dir: Path, gen_dir: Path, previous: Path | None,
                          rebuild, timings: dict, say: Callable[[str], None]):
        from kgtool.building.incremental.native import write_state_artefacts
        from kgtool.building.incremental.state import state_counts
        from kgtool.building.query_store import update_store_from_pieces, write_store_from_nquads
        from kgtool.building.result import BuildResult

        t = time.perf_counter()
        write_state_artefacts(state_dir, gen_dir, rebuild, timings)
        timings["write"] = time.perf_counter() - t
        t = time.perf_counter()
        if previous is None or not update_store_from_pieces(previous, gen_dir):
            write_store_from_nquads(gen_dir / "graph.nq", gen_dir)
        timings["store"] = time.perf_counter() - t
        counts, triples = state_counts(state_dir)
        return BuildResult(None, rebuild.report, rebuild.inferred, rebuild.rule_triples,
                           rebuild.reasoning_errors, rebuild.reasoning_warnings, timings,
                           reasoner=SPARQL_REASONER, backend=self, counts=counts,
                           triple_total=triples, rebuild=rebuild)

    def open(self, build_dir: Path):
        from kgtool.building.query_store import open_build_store

        store = open_build_store(build_dir)
        if store is None:  # a build directory of the layout before generations
            from kgtool.stores.oxigraph_load import load_nquads

            return load_nquads(Path(build_dir) / "graph.nq")
        return store
