"""Jurisdiction and agency resolution of drafted documents (issue 16)."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, RDFS

from kgtool.intake.extract import extract_document
from kgtool.intake.extract.jurisdiction import (agency_division, division, from_doc_number,
                                         infer_jurisdiction, lineage, place_in)
from kgtool.intake.extract.text import TextView, read_policy_text
from kgtool.rdf.namespaces import KG, KGT

INPUTS = Path(__file__).parent / "inputs" / "intake"
CHENGDU_TASK = "（一）推进企业标准自我声明公开。开展企业标准公开监督检查。（市质监局牵头，市经信委、市商务委配合）\n"


@pytest.mark.parametrize("text,code", [
    ("泸州市人民政府办公室", "510500"), ("成都市人民政府关于积极采用国际一流标准", "510100"),
    ("合川区人民政府", "500117"), ("辽宁省人民政府办公厅", "210000"), ("市质监局", None)])
def test_place_in_issuer(text, code):
    got = place_in(text)
    assert (got.code if got else None) == code


@pytest.mark.parametrize("number,code", [
    ("渝府发〔2011〕3号", "500000"), ("苏府〔2007〕99号", "320500"), ("鲁政办发〔2019〕12号", "370000"),
    ("粤府〔2010〕1号", "440000"), ("泸市府办〔2018〕5号", "510500"), ("成府发〔2017〕9号", "510100"),
    ("川办发〔2016〕104号", "510000"), ("国办发〔2015〕89号", None)])
def test_doc_number_prefix(number, code):
    got = from_doc_number(number)
    assert (got.code if got else None) == code


def test_divisions_carry_gbt2260_codes_and_parents():
    assert [d.code for d in lineage("510500")] == ["510500", "510000", "100000"]
    assert division("500117").parent == "500000"        # a municipality's district: no 市辖区 level
    assert division("510100").english == "Chengdu" and division("210000").english == "Liaoning Province"


def test_agency_relative_to_document():
    hechuan, chengdu = division("500117"), division("510100")
    assert agency_division("市质监局", hechuan).code == "500000"
    assert agency_division("区财政局", hechuan).code == "500117"
    assert agency_division("市质监局", chengdu).code == "510100"
    assert agency_division("省财政厅", chengdu).code == "510000"


def test_document_jurisdiction_from_title_and_number():
    g = infer_jurisdiction(TextView(read_policy_text(INPUTS / "chengdu-2017-9.txt")).text)
    assert (g.code, g.status) == ("510100", "stated")
    g = infer_jurisdiction(TextView("批转省质监局关于实施技术标准战略意见的通知\n粤府〔2010〕1号\n各地级以上市人民政府").text)
    assert (g.code, g.status) == ("440000", "inferred") and "粤府" in g.evidence


def test_chengdu_agencies_are_not_chongqing_bureaux():
    text = (INPUTS / "chengdu-2017-9.txt").read_text(encoding="utf-8") + CHENGDU_TASK
    d = extract_document(text, source_name="chengdu-2017-9.txt")
    g = d.graph
    [task] = d.by_kind("task")
    agents = [g.value(a, KGT.agent) for a in g.objects(task.iri, KGT.assignment)]
    assert len(agents) == 3
    for a in agents:
        assert not str(a).startswith(str(KG["org/cq-"])), a
        assert str(a).startswith(str(KG["draft/chengdu-2017-9/org-"]))
        assert g.value(a, KGT.jurisdiction) == KG["jur/510100"]
        assert any("Needs review" in str(c) for c in g.objects(a, RDFS.comment))
    labels = {str(lab) for a in agents for lab in g.objects(a, RDFS.label) if lab.language == "zh"}
    assert labels == {"市质监局", "市经信委", "市商务委"}
    doc = d.doc_iri
    assert g.value(doc, KGT.jurisdiction) == KG["jur/510100"]
    # Chengdu and Sichuan are not in the reference data: drafted, partOf their parents
    assert (KG["jur/510100"], RDF.type, KGT.PrefectureCity) in g
    assert (KG["jur/510100"], KGT.partOf, KG["jur/510000"]) in g
    assert (KG["jur/510000"], KGT.adminCode, Literal("510000")) in g
    assert (KG["jur/510000"], KGT.partOf, KG["jur/100000"]) in g
    assert (KG["jur/100000"], None, None) not in g            # in the reference data already


def test_chongqing_text_still_uses_chongqing_bureaux():
    text = "重庆市人民政府办公厅关于印发重点任务分工的通知\n渝府办发〔2017〕104号\n" + CHENGDU_TASK
    d = extract_document(text, source_name="cq.txt")
    [task] = d.by_kind("task")
    agents = {d.graph.value(a, KGT.agent) for a in d.graph.objects(task.iri, KGT.assignment)}
    assert KG["org/cq-qts"] in agents and KG["org/cq-commerce"] in agents


def test_targets_get_the_document_jurisdiction():
    d = extract_document(INPUTS / "liaoning-2016-plan.txt", source_name="liaoning-2016-plan.txt")
    ts = d.by_kind("target")
    assert ts and all(d.graph.value(t.iri, KGT.jurisdiction) == KG["jur/210000"] for t in ts)


def test_funding_gets_the_funder_the_text_names():
    text = ("成都市人民政府关于积极采用国际一流标准开展品质提升行动建设品质成都的意见\n成府发〔2017〕9号\n"
            "对主导制定国际标准的企业，市财政给予每项50万元资助。\n")
    d = extract_document(text, source_name="cd-fund.txt")
    funding = d.by_kind("funding")
    assert funding
    for f in funding:
        [funder] = list(d.graph.objects(f.iri, KGT.funder))
        assert d.graph.value(funder, KGT.jurisdiction) == KG["jur/510100"]
        assert "市财政" in {str(x) for x in d.graph.objects(funder, RDFS.label)}


def test_placeless_text_does_not_borrow_another_jurisdictions_finance():
    """Without a place, 省财政 is drafted (flagged, jurisdiction unknown), not Guangdong's."""
    d = extract_document("省财政设立实施技术标准战略专项经费，主要资助企事业单位参与标准制修订、承担TC/SC/WG以及开展标准科研等工作。",
                         source_name="t")
    f, = d.by_kind("budget")
    funders = list(d.graph.objects(f.iri, KGT.funder))
    assert funders and KG["org/gd-finance"] not in funders
    for o in funders:
        assert any("jurisdiction unknown" in str(c) for c in d.graph.objects(o, RDFS.comment))


def test_review_flags_an_agency_of_another_jurisdiction():
    """A hand-edited draft that gives a Chengdu task to Chongqing's bureau is flagged."""
    from kgtool.intake.extract.review import review_items, review_lines

    text = (INPUTS / "chengdu-2017-9.txt").read_text(encoding="utf-8") + CHENGDU_TASK
    d = extract_document(text, source_name="chengdu-2017-9.txt")
    g = d.graph
    [task] = d.by_kind("task")
    a1 = next(a for a in g.objects(task.iri, KGT.assignment) if str(a).endswith("/a-1"))
    g.set((a1, KGT.agent, KG["org/cq-qts"]))
    [item] = [i for i in review_items(g) if i.iri == task.iri]
    assert any(n.startswith("agency of another jurisdiction: kg:org/cq-qts is of kg:jur/500000") for n in item.needs)
    assert item.doubts == [n for n in item.needs if n.startswith("agency of another jurisdiction")]
    assert item.confidence == "medium"          # one doubt; a new agency only completes the data
    assert any("机构属其他行政区域" in line for line in review_lines(g, lang="zh"))


def test_confidence_counts_the_doubts_about_the_reading_not_the_data_to_complete():
    from kgtool.intake.extract.review import review_items

    def item(text):
        [got] = review_items(extract_document("重庆市人民政府文件\n" + text, source_name="t.txt").graph)
        return got

    dated, undated = item("到2020年，新增地方标准600项。"), item("力争新增团体标准20项。")
    assert dated.doubts == [] and dated.confidence == "high"
    assert any(n.startswith("unmapped metric") for n in undated.needs)     # data to complete
    assert undated.doubts == ["ambiguous deadline: none stated in the quote"]
    assert undated.confidence == "medium"


@pytest.mark.parametrize("name,code,evidence", [
    ("tongling-2016-143-webpage.txt", "340700", "issuer 铜陵市人民政府办公室"),   # furniture, 办〔2016〕143号
    ("meishan-2017-webpage.txt", "511400", "issuer 眉山市人民政府办公室"),       # title without issuer
])
def test_web_captures_find_their_issuer(name, code, evidence):
    g = infer_jurisdiction(TextView(read_policy_text(INPUTS / name)).text)
    assert (g.code, g.status, g.evidence) == (code, "stated", evidence)


def test_damaged_number_and_cited_numbers():
    g = infer_jurisdiction(TextView("鲁政办〔201912号\n各市人民政府，省政府各部门：").text)
    assert (g.code, g.status) == ("370000", "inferred")
    # a cited document's number is not the document's own
    g = infer_jurisdiction(TextView("为贯彻落实《国家标准化体系建设发展规划》(川办发〔2016〕104号)，结合泸州实际。"
                                    "泸州市标准化工作要点。").text)
    assert g.code == "510500"
