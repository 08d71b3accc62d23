"""Resolution hooks of the draft graph: the document's jurisdiction, drafted organisations, funders.

Called by :mod:`kgtool.intake.extract.to_rdf` while it writes the draft:

- :func:`attach_document_jurisdiction` gives the document ``kgt:jurisdiction`` (with
  ``kgt:jurisdictionStatus`` and, when inferred, ``kgt:jurisdictionEvidence``) and drafts the
  jurisdiction, and its missing ancestors, when the reference data lacks it;
- :func:`describe_drafted_org` gives an organisation the reference data does not know the
  jurisdiction its name implies (市… → the document's city) and a *needs review* comment;
- :func:`funders_named` reads the paying body of a funding clause that names one
  (由市财政局资助…, 市财政每年安排…) when the extractor found none.
"""
from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kgtool.rdf.namespaces import KG, KGT
from kgtool.intake.extract.jurisdiction import add_jurisdiction, agency_division, jurisdiction_iri
from kgtool.intake.extract.reading_doubts import reasons

NEEDS_REVIEW = "Needs review: "
#: the same prefix of a draft's Chinese review notes
NEEDS_REVIEW_ZH = "待复核："
#: the note on a funding item whose place a text naming other places leaves in doubt
PLACE_DOUBT = NEEDS_REVIEW + "place of the amount: "
#: the note on a funding item the reading-doubt model doubts (:mod:`.reading_doubts`)
READING_DOUBT = NEEDS_REVIEW + "doubtful reading: "


def reading_doubt_note(p: float, marks) -> str:
    """The English note on a fact the reading-doubt model doubts (score ``p``, its ``marks``)."""
    return (f"{READING_DOUBT}it resembles what the extractor read wrongly in texts it had not been tuned on "
            f"(p {p:.2f}: {'; '.join(reasons(marks))}); check it against the text")


def reading_doubt_zh(p: float, marks) -> str:
    """The same note's Chinese words (without the 待复核 prefix): also the review's need."""
    return (f"读取存疑：与抽取器在未调校过的文本上读错的条目相似（概率 {p:.2f}：{'；'.join(reasons(marks, 'zh'))}），"
            "请对照原文核对")


def other_places_doubt_zh(places) -> str:
    """The review's Chinese words for the other-places doubt on a funding item."""
    return f"资助所属地区存疑：文中还提到其他地区（{'、'.join(places)}），本条按文件所属地区记录"


def attach_document_jurisdiction(g: Graph, ctx, issuer: URIRef | None) -> URIRef | None:
    """Add the document's jurisdiction to ``g``; return its IRI (``None`` when not found).

    The place read from the text (:attr:`ctx.place`) wins; otherwise the jurisdiction of the
    issuer when the reference data knows the issuer.
    """
    place, ref, doc = ctx.place, ctx.ref, ctx.doc
    if place is not None:
        jur = add_jurisdiction(g, place.code, ref.graph)
        g.add((doc, KGT.jurisdiction, jur))
        g.add((doc, KGT.jurisdictionStatus, KG[f"status/{place.status}"]))
        if place.status == "inferred":
            g.add((doc, KGT.jurisdictionEvidence, Literal(place.evidence, lang="en")))
        return jur
    jur = ref.graph.value(issuer, KGT.jurisdiction) if issuer is not None else None
    if jur is not None:
        g.add((doc, KGT.jurisdiction, jur))
        g.add((doc, KGT.jurisdictionStatus, KG["status/stated"]))
    return jur


def describe_drafted_org(g: Graph, ctx, name: str, node: URIRef) -> None:
    """Jurisdiction and review comment of an organisation drafted from the text."""
    doc_div = ctx.place.division if ctx.place is not None else None
    d = agency_division(name, doc_div)
    if d is not None:
        g.add((node, KGT.jurisdiction, add_jurisdiction(g, d.code, ctx.ref.graph)))
        where = f"placed in {d.name} ({d.code})"
    else:
        where = "jurisdiction unknown"
    g.add((node, RDFS.comment, Literal(
        f"{NEEDS_REVIEW}new organisation {name!r}, {where}; not in reference/organisations.ttl.",
        lang="en")))


_PAYER = re.compile(
    r"(?:由|从)?(?P<org>(?:[\u4e00-\u9fff]{2,6}?[省市区县])?[省市区县](?:级)?(?:人民政府|政府|财政局|财政厅|财政))"
    r"(?:每年)?(?:给予|安排|资助|补助|奖励|拨付|统筹|设立|予以)")


# a government or finance body opening a clause that offers money further on (市政府对获得市长质量奖
# 单位颁发奖牌、证书,并奖励60万元; 区政府分别给予100万元; 由县财政分别给予奖励5万元), not the name of
# its award or policy (市政府质量奖由60万元/家调整为…, 市政府的奖励政策)
_CLAUSE_PAYER = re.compile(
    r"(?:^|[,;:]|由)(?P<org>(?:[\u4e00-\u9fff]{2,6}?[省市区县])?[省市区县](?:级)?(?:人民政府|政府|财政局|财政厅|财政))"
    r"(?!的|质量奖)[^。;]{0,40}?(?:给予|资助|补助|奖励|拨付|予以|以奖代补|奖补)")     # not 市政府质量奖由60万元…


def funders_named(ctx, quote: str) -> list[URIRef]:
    """The paying bodies a funding clause names (市财政每年安排…, 由区政府给予…, 市政府对…并奖励),
    resolved or drafted in the document's jurisdiction."""
    from kgtool.intake.textnorm import normalize

    out = []
    text = normalize(quote)
    for m in [*_PAYER.finditer(text), *_CLAUSE_PAYER.finditer(text)]:
        org = ctx.org(m["org"])
        if org is not None and org not in out:
            out.append(org)
    return out


def jurisdiction_of_code(code: str) -> URIRef:
    """``kg:jur/<code>`` (re-exported for the review and intake modules)."""
    return jurisdiction_iri(code)
