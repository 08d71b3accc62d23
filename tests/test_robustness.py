"""Hostile and broken input beyond parsing (issue #7): values, document numbers, rules,
the network backstop during queries, CSV neutralisation, byte-identical Chinese text, and a
fuzz test of the parameter binder."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from rdflib import Graph, Literal

from kgtool.errors import KgtoolError, QueryError, SecurityError
from kgtool.querying.named import NamedQuery, bind_parameters
from kgtool.reasoning.closure import load_rules
from kgtool.querying.results import ResultTable
from kgtool.intake.textnorm import doc_number_key
from kgtool.validation.files import validate_files

INPUTS = Path(__file__).resolve().parent / "inputs"


# -- Values ---------------------------------------------------------------------------------
def test_ill_typed_values_reported_with_original_lexical_form(project):
    report = validate_files(project, [INPUTS / "values" / "ill-typed.ttl"])
    assert not report.conforms
    values = {str(r.value) for r in report.results if r.value is not None}
    for lexical in ("abc", "2015-13-45", "２０１５", "1_000", "NaN"):
        assert lexical in values, f"{lexical!r} not reported (got {sorted(values)})"


@pytest.mark.parametrize("written", ["渝府办发〔2017〕104号", "渝府办发[2017]104号", "渝府办发（2017）104号",
                                     "渝府办发［２０１７］１０４号", "渝府办发〔 2017〕104号",
                                     "渝府辦發〔2017〕104號", "渝府办发(2017)104号"])
def test_document_number_variants_map_to_one_key(written):
    assert doc_number_key(written) == "渝府办发〔2017〕104号"


def test_document_number_key_derived_in_graph_keeps_original(built):
    from kgtool.rdf.namespaces import GRAPH_RULES, KG, KGT

    doc = KG["doc/yufubanfa-2017-104"]
    assert str(built.kg.dataset.value(doc, KGT.docNumber)) == "渝府办发〔 2017〕104号"
    keys = list(built.kg.graph(GRAPH_RULES).objects(doc, KGT.docNumberKey))
    assert [str(k) for k in keys] == ["渝府办发〔2017〕104号"]


# -- Rules and shapes -----------------------------------------------------------------------
@pytest.mark.parametrize("body", [
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
])
def test_rule_files_with_service_from_load_refused(tmp_path, body):
    (tmp_path / "evil.rq").write_text(f"#+ summary: hostile rule\n{body}\n", encoding="utf-8")
    with pytest.raises(SecurityError, match="evil.rq"):
        load_rules(tmp_path)


def test_project_rules_load():
    rules = load_rules(Path(__file__).resolve().parents[1] / "ontology" / "rules")
    assert {r.name for r in rules} >= {"funds", "assigned-tasks"}


# -- Network backstop during queries ----------------------------------------------------------
def test_audit_hook_blocks_outbound_request_during_query(store, monkeypatch):
    """Even if the SERVICE check were bypassed, the query cannot reach the network."""
    import kgtool.stores.base as store_mod

    monkeypatch.setattr(store_mod, "check_query", lambda *a, **k: None)
    attempts = []
    real_connect = socket.socket.connect

    def spy(self, address):
        attempts.append(address)
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", spy)
    with pytest.raises(KgtoolError):
        store.select("SELECT * WHERE { SERVICE <http://203.0.113.7/sparql> { ?s ?p ?o } }",
                     timeout=10)
    assert not attempts, f"a connection was attempted: {attempts}"


# -- Exports ----------------------------------------------------------------------------------
def test_csv_cells_neutralised():
    table = ResultTable(["cell"], [(Literal("=HYPERLINK(\"http://x\")"),), (Literal("+1"),),
                                   (Literal("-2"),), (Literal("@SUM(A1)"),), (Literal("重庆"),)])
    lines = table.serialize("csv").splitlines()[1:]
    assert [l.lstrip('"')[0] for l in lines[:4]] == ["'"] * 4
    assert lines[4] == "重庆"


@pytest.mark.parametrize("fmt", ["turtle", "nt", "nquads", "trig", "json-ld"])
def test_chinese_text_round_trips_byte_identical(built, tmp_path, fmt):
    from kgtool.rdf.namespaces import KG, KGT
    from kgtool.rdf.parse import parse_file

    fact = KG["fact/cq-district-opinion/target-01"]
    quote = built.kg.dataset.value(fact, KGT.quote)
    assert quote is not None and quote.language.lower() == "zh-hant"
    out = tmp_path / f"g.{ {'turtle': 'ttl', 'nt': 'nt', 'nquads': 'nq', 'trig': 'trig', 'json-ld': 'jsonld'}[fmt]}"
    from kgtool.views.export import export_rdf

    export_rdf(built.kg, out, fmt=out.suffix[1:], graph="asserted")
    back = parse_file(out)
    again = [o for _, _, o, _ in back.quads((fact, KGT.quote, None, None))]
    assert [str(o).encode("utf-8") for o in again] == [str(quote).encode("utf-8")]
    assert again[0].language == quote.language


# -- Parameter binder fuzz ----------------------------------------------------------------------
_Q = NamedQuery.from_text("t", "SELECT ?s WHERE { ?s ?p ?_text . ?s ?q ?__where_iri . "
                               "?s ?r ?__n_xsd_integer }")


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=80), where=st.text(max_size=80), n=st.text(max_size=12))
def test_binder_fuzz_only_kgtool_errors(text, where, n):
    try:
        bindings = bind_parameters(_Q, {"text": text, "where": where, "n": n})
    except QueryError:
        return
    assert str(bindings["_text"]) == text  # the value is a literal, never query text


def test_fast_validator_reports_lexical_forms_like_reference(project):
    from kgtool.validation.compiled import validate_fast
    from kgtool.rdf.graph import load_project

    kg = load_project(project, extra_files=[INPUTS / "values" / "ill-typed.ttl"])
    fast = validate_fast(kg, shapes=kg.shapes, ontology=kg.ontology())
    values = {str(r.value) for r in fast.results if r.value is not None}
    for lexical in ("abc", "2015-13-45", "２０１５", "1_000", "NaN"):
        assert lexical in values
