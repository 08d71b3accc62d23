"""The curated data: every fact traceable to a verbatim sentence of its source document."""
from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from kgtool.rdf.namespaces import KG, KGT
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


# ------------------------------------------------------------- issue 18: the data says what the text says
def _assigned_tasks(data, org):
    return {t for t in data.subjects(KGT.assignment, None)
            for a in data.objects(t, KGT.assignment) if (a, KGT.agent, org) in data}


def test_004_relevant_districts_are_not_all_districts(data):
    all_districts = _assigned_tasks(data, KG["org/cq-district-govs"])
    relevant = _assigned_tasks(data, KG["org/cq-relevant-district-govs"])
    assert len(all_districts) == 12 and len(relevant) == 1
    [task] = relevant
    assert "有关区县人民政府配合" in str(data.value(task, KGT.quote))


def test_004_pilots_and_zones_of_2017_linked_to_their_tasks(data):
    doc = KG["doc/yufubanfa-2017-104"]
    zones = [z for z in data.subjects(KGT.statedIn, doc) if (z, RDF.type, KGT.DemonstrationZone) in data]
    quotes = " ".join(str(data.value(z, KGT.quote)) for z in zones)
    for words in ("国家技术标准创新基地（重庆）", "行业标准化试点", "节能标准化试点项目", "标准化试点示范项目"):
        assert words in quotes, words
    for z in zones:  # each zone's sentence is inside its task's paragraph
        task = data.value(z, KGT.ofTask)
        assert task is not None and str(data.value(z, KGT.quote)) in str(data.value(task, KGT.quote))
    target = KG["fact/yufubanfa-2017-104/target-01"]
    task = data.value(target, KGT.ofTask)
    assert task == KG["fact/yufubanfa-2017-104/task-02"]
    assert str(data.value(target, KGT.quote)) in str(data.value(task, KGT.quote))


def test_000_and_001_read_the_same_sentences_the_same_way(data):
    def zones_quoting(words):
        return {str(data.value(z, KGT.statedIn)) for z in data.subjects(RDF.type, KGT.DemonstrationZone)
                if words in str(data.value(z, KGT.quoteSimplified) or data.value(z, KGT.quote))}
    assert zones_quoting("国家现代畜牧业示范区") == {str(KG["doc/yufufa-2011-3"]), str(KG["doc/cq-district-opinion"])}
    assert zones_quoting("生态鱼") == set()  # an industry, not a zone, in both
    funding = {str(data.value(f, KGT.statedIn)) for f in data.subjects(RDF.type, KGT.BudgetStatement)
               if "多元化资金保障机制" in str(data.value(f, KGT.quoteSimplified) or data.value(f, KGT.quote))}
    assert funding == {str(KG["doc/yufufa-2011-3"]), str(KG["doc/cq-district-opinion"])}


def test_000_and_001_name_every_source_of_money(data):
    for fact, units in ((KG["fact/yufufa-2011-3/funding-01"], KG["org/cq-undertaking-units"]),
                        (KG["fact/cq-district-opinion/measure-64"], KG["org/hc-undertaking-units"])):
        funders = set(data.objects(fact, KGT.funder))
        assert {KG["org/cn-national-support"], units} <= funders  # 争取国家支持、承担单位主要投入


def test_001_range_targets_carry_their_industries(data):
    for n, industry in (("01", "cement"), ("02", "glass-tableware"), ("03", "tourism")):
        target = KG[f"fact/cq-district-opinion/target-{n}"]
        assert (target, KGT.comparator, KG["cmp/range"]) in data
        assert (target, KGT.industry, KG[f"industry/{industry}"]) in data


def test_003_adopting_meeting_and_aspirational_goals(data):
    assert str(data.value(KG["doc/suzhou-opinion-2007"], KGT.adoptedAt)) == "市政府第73次常务会议"
    for goal in data.subjects(KGT.statedIn, KG["doc/sufu-2007-99"]):
        quote = str(data.value(goal, KGT.quote))
        if (goal, RDF.type, KGT.Goal) in data and ("力争" in quote or "争创" in quote):
            assert data.value(goal, KGT.aspirational).toPython() is True, goal


def test_002_enterprises_and_institutions_fund_too(data):
    funders = set(data.objects(KG["fact/yuefu-2010-1/funding-02"], KGT.funder))
    assert KG["org/gd-enterprises-institutions"] in funders
