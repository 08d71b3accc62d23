"""``kgtool build`` on Oxigraph end to end, for large graphs (``--backend oxigraph``, or
``auto`` when the data files hold more than :data:`kgtool.engines.choice.LARGE_GRAPH` triples).

Load (:mod:`kgtool.stores.oxigraph_load`), validate the asserted data (shapes compiled to SPARQL,
:mod:`kgtool.validation.compiled`), reason (the ontology compiled to SPARQL updates,
:mod:`kgtool.reasoning.sparql_rules`), apply the rules, write. No step builds an rdflib term per triple.

Artefacts: ``graph.nq`` (every named graph, what later commands load), ``validation.json``
and ``summary.json``. The Turtle and TriG views of the small-graph build (``graph.trig``,
``asserted.ttl``, ``inferred.ttl``, ``full.ttl``) are not written: at 10⁶ triples each costs
seconds and hundreds of MB; ``kgtool export`` writes any of them on demand. Stale copies from
an earlier build are removed so the directory never mixes two builds. Literals in
``graph.nq`` are as Oxigraph stores them (valid numbers, booleans and dates in canonical
form: ``"804.0"^^xsd:decimal`` is written ``"804"^^xsd:decimal``, equal in value).

Validation runs before reasoning, on the asserted data and the ontology, exactly the data
the reference (pySHACL with the ontology mixed in) validates.

The store never copies the named graphs into its default graph (that copy costs about as much
as loading, and a third more memory): validation and the rules read Oxigraph's union of the
named graphs, inferred triples go into ``kgg:inferred`` only. :meth:`BuildResult.query_store`
materialises the set union when a caller wants to query the result in the same process.
"""
from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from kgtool.building.pipeline import BuildResult, publish, write_reports
from kgtool.errors import InputError
from kgtool.building.faults import fault_point
from kgtool.fsutil import atomic_write
from kgtool.rdf.namespaces import KGG
from kgtool.stores.oxigraph_load import load_project_store
from kgtool.stores.oxigraph import OxigraphStore
from kgtool.reasoning.sparql_rules import apply_rules_store, reason_store
from kgtool.project import Project
from kgtool.reasoning.closure import ReasoningBudget

__all__ = ["build_native", "write_nquads", "write_native_artefacts", "write_summary",
           "graph_sizes", "VIEW_ARTEFACTS"]

#: small-build artefacts a large build does not write (see the module docstring)
VIEW_ARTEFACTS = ("graph.trig", "asserted.ttl", "inferred.ttl", "full.ttl")


def graph_sizes(store: OxigraphStore) -> dict[str, int]:
    """Triples per named graph, counted inside Oxigraph."""
    rows = store.raw_query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"].value: int(r["n"].value) for r in rows}


def write_nquads(store: OxigraphStore, path: Path, note: str = "") -> Path:
    """Every named graph of ``store`` as N-Quads, atomically (Oxigraph serialises each graph
    as N-Triples, whose lines all end in `` .\\n``; the graph name is put before the dot)."""
    with atomic_write(path, "wb") as fh:
        fh.write(note.encode("utf-8"))
        for g in sorted(store.store.named_graphs(), key=str):
            buf = io.BytesIO()
            store.store.dump(buf, format=ox.RdfFormat.N_TRIPLES, from_graph=g)
            fh.write(buf.getvalue().replace(b" .\n", f" {g} .\n".encode("utf-8")))
    return path


def build_native(project: Project, *, out_dir: Path | None = None, write: bool = True,
                 budget: ReasoningBudget = ReasoningBudget(), validate: bool = True,
                 progress: Callable[[str], None] | None = None,
                 wait: bool = False) -> BuildResult:
    """Build on Oxigraph; same contract as :func:`kgtool.building.pipeline.build` (whose docs apply:
    a new generation of the build directory, under its lock), but the result holds ``store``
    (an :class:`~kgtool.stores.oxigraph.OxigraphStore`), not ``kg``.

    :raises InputError: when a file does not parse or there are no documents.
    :raises ReasoningError: when reasoning exceeds its budget.
    """
    if write and validate:
        return publish(project, out_dir, wait, progress,
                       lambda gen: _build_native(project, gen, budget, validate, progress))
    return _build_native(project, None, budget, validate, progress)


def _build_native(project: Project, out: Path | None, budget: ReasoningBudget, validate: bool,
                  progress: Callable[[str], None] | None) -> BuildResult:
    """The Oxigraph build; writes its artefacts and store into ``out`` when given."""
    from kgtool.building.query_store import write_store_from_nquads
    from kgtool.validation.compiled import validate_fast

    say = progress or (lambda msg: None)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    say("loading ontology, shapes and data into Oxigraph")
    loaded = load_project_store(project, union=False)
    store = loaded.store
    if not any(str(g).startswith(str(KGG) + "doc-") for g in store.graph_names()):
        raise InputError("no document data found (expected files named NNN-*.ttl)",
                         path=str(project.data[0]))
    from kgtool.building.input_checks import input_warnings

    suspicious = input_warnings(project, store)
    timings["load"] = time.perf_counter() - t0
    report = None
    t = time.perf_counter()
    if validate:
        say("validating (SHACL compiled to SPARQL on Oxigraph)")
        report = validate_fast(store, shapes=loaded.shapes)
    timings["validate"] = time.perf_counter() - t
    t = time.perf_counter()
    say("reasoning (OWL 2 RL compiled to SPARQL on Oxigraph)")
    rr = reason_store(store, budget=budget)
    timings["reason"] = time.perf_counter() - t
    t = time.perf_counter()
    say("applying rules")
    rule_triples = apply_rules_store(store, project.rules_dir)
    timings["rules"] = time.perf_counter() - t
    result = BuildResult(None, report, rr.inferred, rule_triples, rr.errors, rr.warnings,
                         timings, store=store, sources=loaded.sources, engine=rr.engine,
                         input_warnings=suspicious)
    if out is not None and report is not None:
        t = time.perf_counter()
        say("writing build artefacts")
        result.out_dir = write_native_artefacts(result, out)
        timings["write"] = time.perf_counter() - t
        t = time.perf_counter()
        say("writing the query store")
        write_store_from_nquads(out / "graph.nq", out)  # parsed by Oxigraph: no quad in Python
        timings["store"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    if result.out_dir is not None:
        write_summary(result, result.out_dir)  # last, so that it records every timing
    return result


def write_native_artefacts(result: BuildResult, out: Path) -> Path:
    """``graph.nq`` of a native build into ``out`` (and the small-build views removed);
    :func:`write_summary` writes ``validation.json`` and ``summary.json``."""
    from kgtool.building.pipeline import GENERATED_NOTE

    out.mkdir(parents=True, exist_ok=True)
    write_nquads(result.store, out / "graph.nq", GENERATED_NOTE)
    fault_point("artefact-written")
    for name in VIEW_ARTEFACTS:
        (out / name).unlink(missing_ok=True)
    return out


def write_summary(result: BuildResult, out: Path) -> None:
    """``validation.json`` and ``summary.json`` (counts, engines and timings) of the build."""
    write_reports(result, out, reasoner=result.engine, backend="oxigraph")
