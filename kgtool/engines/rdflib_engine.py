"""The reference engine: rdflib graphs, the OWL 2 RL closure of owlrl (or reasonable where it
is exact, :mod:`kgtool.reasoning.profile`), pySHACL.

Its validator is pySHACL, or the compiled validator (same report: ``tests/test_w3c_shacl.py``)
when ``--backend oxigraph`` is asked for with an rdflib reasoner, or with ``auto`` above
:func:`kgtool.engines.large_graph_threshold` triples, so that ``--reasoner owlrl`` on a large
graph does not wait for pySHACL.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from kgtool.engines.base import WRITING_ARTEFACTS, WRITING_STORE, Engine, LoadedGraph
from kgtool.project import Project

__all__ = ["RdflibEngine"]


class RdflibEngine(Engine):
    """rdflib + owlrl/reasonable + pySHACL.

    :param reasoner: ``auto`` (reasonable where exact, else owlrl), ``owlrl`` or ``reasonable``.
    :param validator: ``auto`` (by size), ``rdflib`` (pySHACL) or ``oxigraph`` (compiled).
    """

    name = "rdflib"

    def __init__(self, reasoner: str = "auto", validator: str = "auto"):
        self.reasoner = reasoner
        self.validator = validator
        self.incremental_reasoner = reasoner

    def __repr__(self) -> str:
        return f"RdflibEngine(reasoner={self.reasoner!r}, validator={self.validator!r})"

    def load(self, project: Project) -> LoadedGraph:
        from kgtool.rdf.graph import load_project
        from kgtool.stores.base import RdflibStore

        kg = load_project(project)
        return LoadedGraph(kg, RdflibStore(kg), kg.shapes, kg.sources)

    def validate(self, loaded: LoadedGraph):
        kg = loaded.graph
        return self.validate_data(kg.asserted(), kg.shapes, kg.ontology(), size=len(kg))

    def validate_data(self, data, shapes, ontology, size: int | None = None):
        from kgtool.engines.size import resolve_backend

        if resolve_backend(self.validator, size if size is not None else len(data)) == "oxigraph":
            from kgtool.validation.compiled import validate_fast

            return validate_fast(data, shapes=shapes, ontology=ontology)
        from kgtool.validation.pyshacl_validator import validate_graph

        return validate_graph(data, shapes=shapes, ontology=ontology)

    def reason(self, loaded: LoadedGraph, budget):
        from kgtool.reasoning.closure import reason

        return reason(loaded.graph, budget=budget, reasoner=self.reasoner)

    def apply_rules(self, loaded: LoadedGraph, rules_dir: Path) -> int:
        from kgtool.reasoning.closure import apply_rules

        return apply_rules(loaded.graph, rules_dir)

    def write(self, result, out: Path, say: Callable[[str], None]) -> None:
        from kgtool.building.artefacts import write_views
        from kgtool.building.query_store import write_store_from_kg

        t = time.perf_counter()
        say(WRITING_STORE)
        write_store_from_kg(result.kg, out)
        result.timings["store"] = time.perf_counter() - t
        t = time.perf_counter()
        say(WRITING_ARTEFACTS)
        write_views(result.kg, out)
        result.timings["write"] = time.perf_counter() - t

    def result_graphs(self, loaded: LoadedGraph) -> dict:
        return {"kg": loaded.graph, "store": None}

    def query_store(self, loaded: LoadedGraph):
        return loaded.store

    def graph_sizes(self, loaded: LoadedGraph) -> dict[str, int]:
        kg = loaded.graph
        return {str(n): len(kg.graph(n)) for n in kg.graph_names()}

    def triple_count(self, loaded: LoadedGraph) -> int:
        return len(loaded.graph)

    def write_incremental(self, state_dir: Path, gen_dir: Path, previous: Path | None,
                          rebuild, timings: dict, say: Callable[[str], None]):
        from kgtool.building.artefacts import write_reports, write_views
        from kgtool.building.incremental.reference import load_state
        from kgtool.building.query_store import write_store_from_kg
        from kgtool.building.result import BuildResult
        from kgtool.stores.base import RdflibStore

        t = time.perf_counter()
        kg = load_state(state_dir)
        result = BuildResult(kg, rebuild.report, rebuild.inferred, rebuild.rule_triples,
                             rebuild.reasoning_errors, rebuild.reasoning_warnings, timings,
                             sources=kg.sources, reasoner=self.reasoner, backend=self,
                             loaded=LoadedGraph(kg, RdflibStore(kg), kg.shapes, kg.sources),
                             rebuild=rebuild)
        write_views(kg, gen_dir)
        write_reports(result, gen_dir, reasoner=result.reasoner, backend=self.name)
        timings["write"] = time.perf_counter() - t
        t = time.perf_counter()
        write_store_from_kg(kg, gen_dir)
        timings["store"] = time.perf_counter() - t
        return result

    def open(self, build_dir: Path):
        from kgtool.building.artefacts import load_build
        from kgtool.stores.base import RdflibStore

        return RdflibStore(load_build(build_dir))
