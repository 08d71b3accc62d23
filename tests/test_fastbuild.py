"""The Oxigraph-native build: loading (kgtool.stores.oxigraph_load, parse.load_file_into), OWL RL compiled
to SPARQL (kgtool.reasoning.sparql_rules) against owlrl, and `kgtool build` on Oxigraph (kgtool.engines.oxigraph_engine)
against the reference build."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import BNode, Literal
from rdflib.namespace import RDF

from kgtool.building.pipeline import build, load_build
from kgtool.cli.main import cli
from kgtool.errors import InputError
from kgtool.rdf.graph import load_project
from kgtool.rdf.namespaces import GRAPH_INFERRED, GRAPH_RULES
from kgtool.stores.oxigraph_load import load_project_store
from kgtool.stores.oxigraph import OxigraphStore
from kgtool.reasoning.sparql_rules import apply_rules_store, reason_store
from kgtool.rdf.parse import load_file_into, parse_file
from kgtool.project import Project
from kgtool.reasoning.closure import apply_rules, reason

ROOT = Path(__file__).resolve().parents[1]
INPUTS = Path(__file__).parent / "inputs"


def _norm(term):
    """A term compared across loads: blank nodes alike, literals by value (Oxigraph stores
    canonical forms: "804.0"^^xsd:decimal and "804"^^xsd:decimal are the same value)."""
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal):
        return ("literal", term.value if term.value is not None else str(term),
                str(term.datatype), term.language)
    return str(term)


def _bag(triples) -> Counter:
    return Counter(tuple(_norm(x) for x in t) for t in triples)


def _corpus_project(corpus: Path) -> Project:
    return Project(ROOT, data_dirs=(ROOT / "data" / "reference", corpus / "reference",
                                    corpus / "documents"))


def _compare_with_owlrl(project: Project, union: bool = True, engine: str = "sparql"):
    """The compiled reasoner (on a store with or without its union materialised) against
    owlrl; ``engine``: the one expected to run (an inconsistent graph is delegated to owlrl)."""
    loaded = load_project_store(project, union=union)
    fast = reason_store(loaded.store)
    apply_rules_store(loaded.store, project.rules_dir)
    kg = load_project(project)
    ref = reason(kg, reasoner="owlrl")
    apply_rules(kg, project.rules_dir)
    for graph in (GRAPH_INFERRED, GRAPH_RULES):
        expected, got = _bag(kg.graph(graph)), _bag(loaded.store.triples(graph))
        assert got == expected, (f"{graph}: only owlrl {list((expected - got).items())[:3]}; "
                                 f"only compiled {list((got - expected).items())[:3]}")
    assert fast.errors == ref.errors
    assert fast.engine == engine and fast.inferred == ref.inferred
    return fast


# ------------------------------------------------------------------ OWL RL compiled to SPARQL
@pytest.mark.parametrize("union", [True, False], ids=["union", "named-graphs-only"])
def test_compiled_reasoner_equals_owlrl_on_the_five_documents(project, union):
    result = _compare_with_owlrl(project, union)
    assert result.inferred > 2000 and not result.errors


@pytest.mark.parametrize("union", [True, False], ids=["union", "named-graphs-only"])
def test_compiled_reasoner_equals_owlrl_on_a_synthetic_corpus(tmp_path, union):
    from kgtool.synth import generate

    generate(4000, seed=7, out_dir=tmp_path, violation_share=0.05)
    _compare_with_owlrl(_corpus_project(tmp_path), union)


def _toy_project(tmp_path: Path, turtle: str) -> Project:
    docs = tmp_path / "documents"
    docs.mkdir()
    (docs / "900-toy.ttl").write_text(
        "@prefix kgt: <https://w3id.org/kgtool/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix ex: <http://example.org/> .\n" + turtle, encoding="utf-8")
    return Project(ROOT, data_dirs=(ROOT / "data" / "reference", docs))


@pytest.mark.parametrize("union", [True, False], ids=["union", "named-graphs-only"])
def test_disjoint_classes_reported_as_owlrl_does(tmp_path, union):
    project = _toy_project(tmp_path, "ex:x a kgt:Province , kgt:District .\n")
    result = _compare_with_owlrl(project, union, engine="owlrl")  # inconsistent: delegated
    assert any("Disjoint classes" in e and "http://example.org/x" in e for e in result.errors)


@pytest.mark.parametrize("union", [True, False], ids=["union", "named-graphs-only"])
def test_schema_stated_in_data_and_transitivity_feeding_a_superproperty(tmp_path, union):
    # kgt:partOf gets a super-property in the data: the rules must then run to a fixpoint;
    # the chain a → b → c → d → e crosses three documents (graphs)
    project = _toy_project(tmp_path, "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                                     "kgt:partOf rdfs:subPropertyOf ex:locatedIn .\n"
                                     "ex:Town rdfs:subClassOf kgt:District .\n"
                                     "ex:a a ex:Town ; kgt:partOf ex:b . ex:b kgt:partOf ex:c .\n")
    for n, (a, b) in enumerate((("c", "d"), ("d", "e")), start=901):
        (tmp_path / "documents" / f"{n}-toy.ttl").write_text(
            f"<http://example.org/{a}> <https://w3id.org/kgtool/ontology#partOf> "
            f"<http://example.org/{b}> .\n", encoding="utf-8")
    _compare_with_owlrl(project, union)
    loaded = load_project_store(project, union=union)
    reason_store(loaded.store)
    inferred = {tuple(map(str, t)) for t in loaded.store.triples(GRAPH_INFERRED)}
    assert ("http://example.org/a", "http://example.org/locatedIn", "http://example.org/e") in inferred
    assert ("http://example.org/a", str(RDF.type), "https://w3id.org/kgtool/ontology#Jurisdiction") \
        in inferred


@pytest.mark.parametrize("union", [True, False], ids=["union", "named-graphs-only"])
def test_ill_typed_literals_reported_as_reason_does(tmp_path, union):
    # owlrl itself crashes on "lots"^^xsd:decimal, so the expectation is reason()'s message
    project = _toy_project(tmp_path, 'ex:t a kgt:Target ; kgt:targetValue '
                                     '"lots"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n')
    loaded = load_project_store(project, union=union)
    result = reason_store(loaded.store)
    assert result.errors == ['ill-typed literal "lots"^^<http://www.w3.org/2001/XMLSchema#decimal> '
                             'on <http://example.org/t> <https://w3id.org/kgtool/ontology#targetValue>']


@pytest.mark.parametrize("union", [True, False], ids=["union", "named-graphs-only"])
def test_constructs_outside_the_compiled_rules_delegate_to_owlrl(tmp_path, union):
    project = _toy_project(tmp_path, "ex:hasPart owl:inverseOf kgt:partOf .\n"
                                     "ex:a kgt:partOf ex:b .\n")
    loaded = load_project_store(project, union=union)
    result = reason_store(loaded.store)
    assert result.engine == "owlrl"
    assert any("owl:inverseOf" in w and "reasoned with owlrl" in w for w in result.warnings)
    inferred = {tuple(map(str, t)) for t in loaded.store.triples(GRAPH_INFERRED)}
    assert ("http://example.org/b", "http://example.org/hasPart", "http://example.org/a") in inferred


# ------------------------------------------------------------------------ loading into Oxigraph
def test_load_file_into_reports_file_line_and_column_like_parse_file():
    for name in ("unclosed-literal.ttl", "missing-final-dot.ttl", "undefined-prefix.ttl"):
        with pytest.raises(InputError) as expected:
            parse_file(INPUTS / name)
        with pytest.raises(InputError) as got:
            load_file_into(ox.Store(), INPUTS / name, ox.NamedNode("http://example.org/g"))
        assert str(got.value) == str(expected.value)


def test_load_file_into_keeps_blank_nodes_of_two_files_apart(tmp_path):
    store = ox.Store()
    for i in (1, 2):
        path = tmp_path / f"{i}.ttl"
        path.write_text(f'_:b <http://example.org/p> "{i}" .\n', encoding="utf-8")
        load_file_into(store, path, ox.NamedNode("http://example.org/g"))
    assert len({q.subject for q in store}) == 2


def test_load_file_into_refuses_triple_terms(tmp_path):
    path = tmp_path / "tt.ttl"
    path.write_text("<http://example.org/a> <http://example.org/p> "
                    "<< <http://example.org/s> <http://example.org/p> <http://example.org/o> >> .\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="triple terms"):
        load_file_into(ox.Store(), path, ox.NamedNode("http://example.org/g"))


@pytest.mark.parametrize("body, refused", [
    ('<http://example.org/a> <http://example.org/p> "%s" .\n' % ("x" * 300), True),
    ('<http://example.org/a> <http://example.org/p> """%s""" .\n' % ("x\n" * 150), True),
    ("".join(f'<http://example.org/a{i}> <http://example.org/p> "short" .\n'
             for i in range(20)), False),
])
def test_load_file_into_limits_literals_not_files(tmp_path, body, refused):
    """A file longer than the literal limit loads natively when no literal can exceed it;
    a literal over the limit, on one line or in long quotes, is refused as parse_file does."""
    from kgtool.rdf.parse import ParseLimits

    path = tmp_path / "f.ttl"
    path.write_text(body, encoding="utf-8")
    limits = ParseLimits(max_literal_chars=200)
    store = ox.Store()
    if refused:
        with pytest.raises(InputError, match="literal"):
            load_file_into(store, path, ox.NamedNode("http://example.org/g"), limits=limits)
    else:
        load_file_into(store, path, ox.NamedNode("http://example.org/g"), limits=limits)
        assert len(store) == 20


def test_loaded_store_has_the_reference_graphs(project):
    loaded = load_project_store(project)
    kg = load_project(project)
    assert loaded.store.graph_names() == kg.graph_names()
    for name in kg.graph_names():
        assert _bag(loaded.store.triples(name)) == _bag(kg.graph(name)), name
    assert loaded.store.union_size() == len(kg.full())
    assert len(loaded.shapes) == len(kg.shapes)


# --------------------------------------------------------------------------- the native build
@pytest.fixture(scope="module")
def native(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("native-build")
    return build(project, out_dir=out, reasoner="sparql")


def test_native_build_validates_and_counts_like_the_reference_build(native, built):
    assert native.store is not None and native.kg is None and native.reasoner == "sparql"
    assert native.backend.name == "oxigraph"
    assert native.conforms == built.conforms
    assert native.report.to_dict() == built.report.to_dict()
    summary = json.loads((native.out_dir / "summary.json").read_text(encoding="utf-8"))
    reference = json.loads((built.out_dir / "summary.json").read_text(encoding="utf-8"))
    asserted = [{k: v for k, v in d.items() if k != "triples"} for d in summary["documents"]]
    assert asserted == [{k: v for k, v in d.items() if k != "triples"}
                        for d in reference["documents"]]
    assert [d["triples"] for d in summary["documents"]] == \
        [d["triples"] for d in reference["documents"]]
    assert summary["backend"] == "oxigraph" and summary["reasoner"] == "sparql"


def test_native_build_writes_nquads_that_load_back(native, built):
    out = native.out_dir
    # the build's generation holds these artefacts only (no Turtle views), plus its store
    record = json.loads((native.generation / "generation.json").read_text(encoding="utf-8"))
    assert sorted(record["artefacts"]) == ["graph.nq", "summary.json", "validation.json"]
    assert sorted(p.name for p in out.iterdir() if p.is_symlink() and p.name != "current") == [
        "graph.nq", "store", "summary.json", "validation.json"]
    first = (out / "graph.nq").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# Generated by `kgtool build`")
    kg = load_build(out)
    ref = built.kg
    for name in ref.graph_names():
        if name != GRAPH_INFERRED:  # reasonable (the reference build's) differs at schema level
            assert _bag(kg.graph(name)) == _bag(ref.graph(name)), name
    assert len(kg.graph(GRAPH_INFERRED)) == native.inferred


def test_native_build_cli_reports_injected_violations(tmp_path):
    from kgtool.synth import generate

    corpus = tmp_path / "corpus"
    generate(3000, seed=3, out_dir=corpus, violation_share=0.05)
    out = tmp_path / "build"
    res = CliRunner().invoke(cli, ["--backend", "oxigraph", "build", "--data",
                                   str(ROOT / "data" / "reference"), "--data",
                                   str(corpus / "reference"), "--data", str(corpus / "documents"),
                                   "--out", str(out)])
    assert res.exit_code == 1, res.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["backend"] == "oxigraph" and summary["violations"] > 0
    assert f"triples: {summary['triples']}" in res.output


@pytest.fixture(scope="module")
def native_project(tmp_path_factory):
    """A project directory over the real ontology, queries and data, built on Oxigraph."""
    root = tmp_path_factory.mktemp("native-project")
    for name in ("ontology", "queries", "data"):
        (root / name).symlink_to(ROOT / name)
    res = CliRunner().invoke(cli, ["--project", str(root), "--backend", "oxigraph", "build"])
    assert res.exit_code == 0, res.output
    return root


def test_native_build_is_queried_and_exported_on_oxigraph(native_project, built, store):
    from kgtool.views.export import select_graph
    from kgtool.querying.named import get_named_query, run_query

    run = CliRunner().invoke
    res = run(cli, ["--project", str(native_project), "--backend", "oxigraph", "--json",
                    "query", "documents"])
    assert res.exit_code == 0, res.output
    expected = run_query(store, get_named_query(ROOT / "queries", "documents"), {})
    assert len(json.loads(res.output)["results"]["bindings"]) == len(expected.rows)
    for fmt in ("ttl", "nq", "trig", "jsonld"):
        out = native_project / f"asserted.{fmt}"
        res = run(cli, ["--project", str(native_project), "--backend", "oxigraph", "export",
                        "-f", fmt, "--graph", "asserted", "-o", str(out)])
        assert res.exit_code == 0, res.output
        got = parse_file(out)
        triples = {q[:3] for q in got.quads((None, None, None, None))}
        assert _bag(triples) == _bag(select_graph(built.kg, "asserted", quads=False)), fmt
    res = run(cli, ["--project", str(native_project), "--backend", "oxigraph", "export",
                    "-f", "graphml", "--view", "agency-task", "-o",
                    str(native_project / "tasks.graphml")])
    assert res.exit_code == 0 and (native_project / "tasks.graphml").stat().st_size > 1000


def test_large_build_served_from_its_oxigraph_store(native, store):
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    import servers

    if servers.oxigraph_binary() is None:
        pytest.skip(f"the oxigraph server is not installed ({servers.INSTALL_HINT})")
    from kgtool.querying.named import get_named_query, run_query
    from kgtool.stores.remote import RemoteStore
    from kgtool.servers.serve import serve

    q = get_named_query(ROOT / "queries", "funders")
    with serve(native.store, port=servers.free_port()) as handle:
        remote = run_query(RemoteStore(handle.query_url), q)
        assert RemoteStore(handle.query_url).triple_count() == native.triples
    assert Counter(remote.text_rows()) == Counter(run_query(store, q).text_rows())


def test_full_export_of_a_store_without_its_union(project, tmp_path):
    """A store that never materialised its union (the native build's) still exports the whole
    graph: the union is materialised on demand, not dumped empty."""
    from kgtool.views.export import export_rdf_store

    loaded = load_project_store(project, union=False)
    assert not loaded.store.union_materialised
    named = {q.triple for q in loaded.store.store.quads_for_pattern(None, None, None, None)}
    out = export_rdf_store(loaded.store, tmp_path / "full.nt", fmt="nt")
    dumped = ox.Store()
    dumped.load(path=str(out), format=ox.RdfFormat.N_TRIPLES)
    def ground(triples):  # blank node labels change in a round trip
        return {t for t in triples if not any(isinstance(x, ox.BlankNode) for x in t)}

    got = [q.triple for q in dumped]
    assert len(got) == len(named) > 1000
    assert ground(got) == ground(named)
