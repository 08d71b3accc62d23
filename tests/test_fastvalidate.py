"""kgtool.fastvalidate gives the same SHACL results as pySHACL (kgtool.validate), issue #8.

Compared: (severity, focus, path, source shape) — and, where pySHACL is deterministic, the
value, both messages and the provenance — on (a) the real data, (b) every mutation case of
tests/shapes/*.ru applied to tests/data/mini-kg.ttl, (c) a synthetic corpus with injected
violations (kgtool.synth).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal

from kgtool.fastvalidate import compile_shapes, validate_fast
from kgtool.namespaces import KG, KGT, XSD
from kgtool.validate import load_shapes, validate_graph

ROOT = Path(__file__).resolve().parents[1]
MINI_KG = ROOT / "tests" / "data" / "mini-kg.ttl"
CASES = sorted((ROOT / "tests" / "shapes").glob("*.ru"))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def plan(shapes):
    return compile_shapes(shapes)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    for f in sorted((ROOT / "ontology").glob("*.ttl")):
        g.parse(f, format="turtle")
    return g


def core(report) -> set:
    return {(r.severity, r.focus_node, r.path, r.shape) for r in report.results}


def full(report) -> set:
    return {(r.severity, r.focus_node, r.path, r.shape, r.value, r.message_en, r.message_zh,
             r.source_quote, r.document, r.doc_number) for r in report.results}


def test_project_shapes_compile_without_fallback(plan):
    assert plan.fallback == set()
    assert {q.kind for q in plan.queries} >= {"value", "focus", "datatype", "sparql"}


def test_real_data(project, shapes):
    from kgtool.graph import load_project

    kg = load_project(project)
    ref = validate_graph(kg.asserted(), shapes=kg.shapes, ontology=kg.ontology())
    fast = validate_fast(kg)
    assert core(fast) == core(ref) and full(fast) == full(ref)
    assert fast.conforms == ref.conforms


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_mutation_case(case, shapes, plan, ontology):
    g = Graph().parse(MINI_KG, format="turtle")
    g.update(case.read_text(encoding="utf-8"))
    ref = validate_graph(g, shapes=shapes, ontology=ontology)
    fast = validate_fast(g, shapes=shapes, ontology=ontology, plan=plan)
    assert ref.results, "the case should break a shape"
    assert core(fast) == core(ref)
    assert full(fast) == full(ref)
    assert fast.conforms == ref.conforms


@pytest.mark.parametrize("lexical,datatype,prop", [
    ("abc", XSD.decimal, KGT.value), ("804.0", XSD.decimal, KGT.value),
    ("2015-13-45", XSD.date, None), ("yes", XSD.boolean, KGT.perYear)])
def test_literal_forms(shapes, plan, ontology, lexical, datatype, prop):
    """Ill-typed literals are violations; Oxigraph's canonical forms do not leak."""
    g = Graph().parse(MINI_KG, format="turtle")
    subject = KG["fact/yufufa-2011-3/target-01"] if prop else KG["doc/yufufa-2011-3"]
    prop = prop or __import__("rdflib").URIRef("http://purl.org/dc/terms/issued")
    g.remove((subject, prop, None))
    g.add((subject, prop, Literal(lexical, datatype=datatype)))
    ref = validate_graph(g, shapes=shapes, ontology=ontology)
    fast = validate_fast(g, shapes=shapes, ontology=ontology, plan=plan)
    assert full(fast) == full(ref)


def test_synthetic_corpus(tmp_path, shapes, plan, ontology):
    synth = pytest.importorskip("kgtool.synth")
    synth.generate(4000, seed=7, out_dir=tmp_path, violation_share=0.05)
    g = Graph()
    for f in sorted(tmp_path.rglob("*.ttl")):
        g.parse(f, format="turtle")
    ref = validate_graph(g, shapes=shapes, ontology=ontology)
    fast = validate_fast(g, shapes=shapes, ontology=ontology, plan=plan)
    assert ref.results
    assert core(fast) == core(ref)
    assert full(fast) == full(ref)


def test_oxigraph_store_views(tmp_path, shapes, plan, ontology):
    """An OxigraphStore with one named graph per file gives pySHACL's results whichever way
    the data + ontology union is read: its default graph (detected, or ``union_is_asserted``),
    a copy when ``kgg:inferred`` holds triples that would change the results, or Oxigraph's
    union when the default graph is empty."""
    import pyoxigraph as ox
    from rdflib import RDF, URIRef

    from kgtool.graph import graph_name_for
    from kgtool.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY
    from kgtool.oxistore import OxigraphStore, to_ox

    synth = pytest.importorskip("kgtool.synth")
    synth.generate(4000, seed=7, out_dir=tmp_path, violation_share=0.05)
    data, quads = Graph(), []
    for f in sorted(tmp_path.rglob("*.ttl")):
        one = Graph().parse(f, format="turtle")
        data += one
        quads += [(s, p, o, graph_name_for(f)) for s, p, o in one]
    quads += [(s, p, o, GRAPH_ONTOLOGY) for s, p, o in ontology]
    ref = validate_graph(data, shapes=shapes, ontology=ontology)
    missing_quote = next(r.focus_node for r in ref.results if r.path == KGT.quote)

    store = OxigraphStore()
    store.add_quads(quads)
    assert full(validate_fast(store, shapes=shapes, plan=plan)) == full(ref)
    assert full(validate_fast(store, shapes=shapes, plan=plan, union_is_asserted=True)) == full(ref)

    store.add_quads([(missing_quote, KGT.quote, Literal("inferred"), GRAPH_INFERRED),
                     (URIRef("http://example.org/x"), RDF.type, KGT.Target, GRAPH_INFERRED)])
    assert full(validate_fast(store, shapes=shapes, plan=plan)) == full(ref)

    named_only = OxigraphStore()
    named_only.store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g))
                                 for s, p, o, g in quads)
    assert full(validate_fast(named_only, shapes=shapes, plan=plan)) == full(ref)
