"""The curated data: every fact traceable to a verbatim sentence of its source document."""
from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from kgtool.namespaces import KG, KGT
from kgtool.project import default_corpus_dir

CORPUS = default_corpus_dir()
needs_corpus = pytest.mark.skipif(CORPUS is None, reason="source texts not found: set "
                                  "KGTOOL_CORPUS or place them in ../shared/seeds")


@pytest.fixture(scope="module")
def data(built):
    return built.kg.asserted()


@needs_corpus
def test_every_quote_is_verbatim_in_its_source_file(data):
    texts = {f.name: f.read_text(encoding="utf-8") for f in CORPUS.glob("*.txt")}
    checked, missing = 0, []
    for fact, quote in data.subject_objects(KGT.quote):
        doc = data.value(fact, KGT.statedIn)
        source = data.value(doc, KGT.sourceFile)
        assert source is not None, f"{fact}: its document {doc} names no source file"
        if str(quote) not in texts[str(source)]:
            missing.append((str(fact), str(quote)[:40]))
        checked += 1
    assert checked >= 450 and not missing, missing[:5]


def test_every_fact_has_quote_document_and_labels(data):
    facts = {s for s, o in data.subject_objects(RDF.type) if o in {
        KGT.Target, KGT.Goal, KGT.FundingMeasure, KGT.BudgetStatement, KGT.Task, KGT.Measure,
        KGT.Program, KGT.DemonstrationZone, KGT.StandardizationBodyMeasure, KGT.IndustryPriority}}
    assert len(facts) >= 450
    for f in facts:
        assert len(list(data.objects(f, KGT.quote))) == 1, f
        assert len(list(data.objects(f, KGT.statedIn))) == 1, f
        langs = {l.language for l in data.objects(f, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
        assert {"zh", "en"} <= {str(x).lower()[:2] for x in langs if x}, f


def test_suzhou_schedule_item_by_item(data):
    """The ten-item subsidy schedule of 苏府〔2007〕99号 gives 15 funding facts (items 1, 4 and 7
    have several amounts; item 10 has none), all paid by the project owner's local government."""
    doc = KG["doc/sufu-2007-99"]
    measures = [f for f in data.subjects(KGT.statedIn, doc)
                if (f, RDF.type, KGT.FundingMeasure) in data or (f, RDF.type, KGT.BudgetStatement) in data]
    assert len(measures) == 15
    funders = {data.value(f, KGT.funder) for f in measures}
    assert funders == {KG["org/sz-project-owner-local-gov"]}
    originals = sorted(str(data.value(f, KGT.originalAmount)) for f in measures
                       if data.value(f, KGT.originalAmount) is not None)
    assert originals.count("100万元") == 1 and len(originals) == 14


def test_scrambled_guangdong_text_yields_each_target_once(data):
    doc = KG["doc/yuefu-2010-1"]
    quotes = [str(data.value(f, KGT.quote)) for f in data.subjects(KGT.statedIn, doc)
              if (f, RDF.type, KGT.Target) in data]
    values = sorted((str(data.value(f, KGT.metric)), str(data.value(f, KGT.value)))
                    for f in data.subjects(KGT.statedIn, doc) if (f, RDF.type, KGT.Target) in data)
    assert len(values) == len(set(values)) == 8, values


def test_traditional_document_keeps_its_script_with_simplified_for_matching(data):
    fact = KG["fact/cq-district-opinion/target-01"]
    quote = data.value(fact, KGT.quote)
    assert quote.language.lower() == "zh-hant"
    simplified = data.value(fact, KGT.quoteSimplified)
    assert simplified is not None and simplified.language == "zh"
    doc = KG["doc/cq-district-opinion"]
    assert data.value(doc, KGT.jurisdictionStatus) == KG["status/inferred"]
    assert data.value(doc, KGT.webUploadDate) is not None
    assert data.value(doc, URIRef("http://purl.org/dc/terms/issued")) is None
