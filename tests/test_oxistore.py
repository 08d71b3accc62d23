"""OxigraphStore answers every named query like RdflibStore (issue #8)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kgtool.errors import QueryError, SecurityError
from kgtool.stores.oxigraph import OxigraphStore
from kgtool.querying.named import bind_parameters, load_named_queries, run_query
from kgtool.stores.base import RdflibStore, Store

ROOT = Path(__file__).resolve().parents[1]
QUERIES = load_named_queries(ROOT / "queries")
EX = "http://example.org/"
G1, G2 = URIRef(EX + "g1"), URIRef(EX + "g2")


@pytest.fixture(scope="module")
def stores():
    from kgtool.rdf.graph import load_project
    from kgtool.project import Project
    from kgtool.reasoning.closure import apply_rules, reason

    project = Project(ROOT)
    kg = load_project(project)
    reason(kg)
    apply_rules(kg, project.rules_dir)
    return RdflibStore(kg), OxigraphStore.from_knowledge_graph(kg)


def _cell(term):
    """Comparable form of a cell: numbers by value (Oxigraph canonicalises computed
    decimals), GROUP_CONCAT lists as sorted parts (their order is unspecified)."""
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype in (XSD.decimal, XSD.integer, XSD.double):
        try:
            return Decimal(str(term.toPython()))
        except Exception:
            return str(term)
    text = str(term)
    return " | ".join(sorted(text.split(" | "))) if " | " in text else text


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_named_query_parity(name, stores):
    rdflib_store, oxi = stores
    q = QUERIES[name]
    bindings = bind_parameters(q, q.example_params)
    a = rdflib_store.select(q.text, bindings=bindings)
    b = oxi.select(q.text, bindings=bindings)
    assert a.columns == b.columns
    rows_a = sorted((tuple(_cell(c) for c in r) for r in a.rows), key=repr)
    rows_b = sorted((tuple(_cell(c) for c in r) for r in b.rows), key=repr)
    assert rows_a == rows_b


# optional parameters set as well: Oxigraph's substitutions left BOUND(?__x) false, so these
# were ignored (targets-by-jurisdiction with deadline=2015 gave every deadline's rows)
OPTIONAL_PARAMS = [("targets-by-jurisdiction", {"jurisdiction": "kg:jur/500000", "deadline": "2015"}),
                   ("chart-metric-comparison", {"metric": "kg:metric/agri-demo-zones"}),
                   ("tasks", {"lang": "zh"})]


@pytest.mark.parametrize("name,params", OPTIONAL_PARAMS, ids=[n for n, _ in OPTIONAL_PARAMS])
def test_optional_parameters_parity(name, params, stores):
    rdflib_store, oxi = stores
    q = QUERIES[name]
    bindings = bind_parameters(q, params)
    a = rdflib_store.select(q.text, bindings=bindings)
    b = oxi.select(q.text, bindings=bindings)
    unfiltered = oxi.select(q.text, bindings=bind_parameters(q, {k: v for k, v in params.items()
                                                                  if k in ("jurisdiction",)}))
    assert a.columns == b.columns
    assert sorted(map(repr, a.rows)) == sorted(map(repr, b.rows))
    if name != "tasks":
        assert len(b) < len(unfiltered)


def test_is_a_store_and_counts(stores):
    rdflib_store, oxi = stores
    assert isinstance(oxi, Store) and oxi.name == "oxigraph"
    assert oxi.triple_count() == rdflib_store.triple_count()


def _small() -> OxigraphStore:
    s = OxigraphStore()
    s.add_quads([
        (URIRef(EX + "a"), URIRef(EX + "v"), Literal("804.0", datatype=XSD.decimal), G1),
        (URIRef(EX + "a"), URIRef(EX + "n"), Literal("abc", datatype=XSD.integer), G1),
        (URIRef(EX + "a"), URIRef(EX + "l"), Literal("繁體", lang="zh-Hant"), G1),
        (URIRef(EX + "a"), URIRef(EX + "s"), Literal("plain"), G1),
        (URIRef(EX + "a"), RDF.type, URIRef(EX + "C"), G1),
        (URIRef(EX + "a"), RDF.type, URIRef(EX + "C"), G2),
    ])
    return s


def test_lexical_forms_restored():
    s = _small()
    row = s.select(f"SELECT ?v ?n ?l ?s WHERE {{ <{EX}a> <{EX}v> ?v ; <{EX}n> ?n ; "
                   f"<{EX}l> ?l ; <{EX}s> ?s }}").rows[0]
    assert row[0] == Literal("804.0", datatype=XSD.decimal)  # Oxigraph stores "804"
    assert row[1] == Literal("abc", datatype=XSD.integer)     # ill-typed kept verbatim
    assert row[2] == Literal("繁體", lang="zh-Hant")           # Oxigraph lowercases the tag
    assert row[3] == Literal("plain") and row[3].datatype is None
    # a computed value is Oxigraph's canonical form: equal in value only
    [(total,)] = s.select(f"SELECT (SUM(?v) AS ?t) WHERE {{ ?x <{EX}v> ?v }}").rows
    assert Decimal(str(total)) == Decimal("804")


def test_union_is_a_set_and_graph_replacement():
    s = _small()
    assert len(s.select(f"SELECT ?x WHERE {{ ?x a <{EX}C> }}")) == 1  # stated in g1 and g2
    s.replace_graph(G1, [(URIRef(EX + "b"), RDF.type, URIRef(EX + "C"))])
    got = {r[0] for r in s.select(f"SELECT ?x WHERE {{ ?x a <{EX}C> }}")}
    assert got == {URIRef(EX + "a"), URIRef(EX + "b")}  # a is still in g2
    s.remove_graph(G2)
    assert {r[0] for r in s.select(f"SELECT ?x WHERE {{ ?x a <{EX}C> }}")} == {URIRef(EX + "b")}
    assert s.triple_count() == 1


def test_bindings_are_substituted_not_pasted():
    s = _small()
    q = f'SELECT ?x WHERE {{ ?x <{EX}s> ?_text }}'
    assert len(s.select(q, bindings={"_text": Literal("plain")})) == 1
    assert len(s.select(q, bindings={"_text": Literal('plain" } UNION { ?x ?p ?o')})) == 0
    grouped = f'SELECT ?x (COUNT(*) AS ?n) WHERE {{ ?x <{EX}s> ?o FILTER(?o = ?_t) }} GROUP BY ?x'
    table = s.select(grouped, bindings={"_t": Literal("plain")})
    assert table.columns == ["x", "n"] and len(table) == 1
    # a blank node cannot go into a VALUES block: Oxigraph substitutions instead
    b = BNode()
    s.add_quads([(b, URIRef(EX + "s"), Literal("plain"), G1)])
    q2 = f'SELECT ?o WHERE {{ ?_node <{EX}s> ?o }}'
    assert [r[0] for r in s.select(q2, bindings={"_node": b})] == [Literal("plain")]


def test_ask_construct_and_blank_nodes():
    s = OxigraphStore()
    b = BNode("b1")
    s.add_quads([(b, URIRef(EX + "p"), Literal("x"), G1)])
    assert s.ask(f"ASK {{ ?s <{EX}p> \"x\" }}")
    g = s.construct(f"CONSTRUCT {{ ?s <{EX}q> ?o }} WHERE {{ ?s <{EX}p> ?o }}")
    assert len(g) == 1 and isinstance(next(iter(g))[0], BNode)


@pytest.mark.parametrize("text,error", [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", SecurityError),
    ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", SecurityError),
    ("DROP ALL", SecurityError),
    ("SELEKT nothing", QueryError),
])
def test_refused(text, error):
    with pytest.raises(error):
        _small().select(text)


def test_on_disk(tmp_path):
    s = OxigraphStore(tmp_path / "ox")
    s.add_quads([(URIRef(EX + "a"), RDF.type, URIRef(EX + "C"), G1)])
    s.flush()
    assert s.graph_names() == [G1]


def test_violation_queries_agree_on_a_corpus_with_injected_violations(tmp_path):
    """The violation queries find the injected facts without a quote on both engines
    (FILTER NOT EXISTS inside UNION branches once hid them from Oxigraph, per SPARQL scoping)."""
    from kgtool.rdf.graph import load_project
    from kgtool.project import Project
    from kgtool.querying.named import get_named_query, run_query
    from kgtool.synth import generate

    generate(5000, seed=2, out_dir=tmp_path)
    kg = load_project(Project(ROOT).with_(data_dirs=(ROOT / "data" / "reference", tmp_path)))
    for name in ("fact-without-source-violation", "task-without-lead-violation"):
        q = get_named_query(ROOT / "queries", name)
        ref = run_query(RdflibStore(kg), q)
        fast = run_query(OxigraphStore.from_knowledge_graph(kg), q)
        assert sorted(ref.text_rows()) == sorted(fast.text_rows())
    assert len(run_query(RdflibStore(kg), get_named_query(ROOT / "queries",
                                                          "fact-without-source-violation"))) > 0


@pytest.mark.parametrize("hostile", ['public" || ?s != "x',
                                     'x" } ; DELETE WHERE { ?s ?p ?o } ; INSERT DATA { "',
                                     "} ; DROP ALL", 'x" } } ; DROP ALL ; SELECT * { "'])
def test_hostile_parameter_is_a_value_on_oxigraph(stores, hostile):
    """Parameters reach Oxigraph as a VALUES block of escaped terms: a hostile string is only
    a string that matches nothing, and the store is unchanged."""
    _, oxi = stores
    queries = load_named_queries(ROOT / "queries")
    before = oxi.triple_count()
    assert run_query(oxi, queries["find-quote"], {"text": "采标率"}).rows  # the binding works
    table = run_query(oxi, queries["find-quote"], {"text": hostile})
    assert table.rows == []
    assert oxi.triple_count() == before
