"""The draft as RDF: the document node, citations, each fact and the drafted organisations."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from kgtool.intake.patterns import DOC_NO_SHAPE_RE, match_activity, repaired_doc_number
from kgtool.rdf.namespaces import ELI, KG, KGT, SCHEMA, bind_prefixes
from kgtool.intake.textnorm import normalize, to_simplified
from kgtool.intake.extract.draft import DraftFact, DraftContext
from kgtool.intake.extract.resolution import (NEEDS_REVIEW_ZH, PLACE_DOUBT, attach_document_jurisdiction,
                                              describe_drafted_org, funders_named, other_places_doubt_zh,
                                              reading_doubt_note, reading_doubt_zh)
from kgtool.intake.extract.text import TextView, without_glosses

_UNIT_EN = {"item": "items", "unit": "units", "enterprise": "enterprises", "person": "persons",
            "percent": "%", "month": "months", "percentage-point": "percentage points",
            "cny": "CNY", "household": "households", "piece": "pieces", "institution": "institutions",
            "year": "years"}


# ------------------------------------------------------------------------------- graph
_CLASS = {"target": KGT.Target, "goal": KGT.Goal, "funding": KGT.FundingMeasure,
          "budget": KGT.BudgetStatement, "task": KGT.Task, "tcsc": KGT.StandardizationBodyMeasure,
          "zone": KGT.DemonstrationZone, "industry": KGT.IndustryPriority}
_KIND_EN = {"target": "Target", "goal": "Goal", "funding": "Funding", "budget": "Budget statement",
            "task": "Task", "tcsc": "TC/SC/WG measure", "zone": "Demonstration zone or pilot",
            "industry": "Industry priority"}


def _dec(v) -> Literal:
    return Literal(Decimal(v).normalize() if Decimal(v) == Decimal(v).to_integral() else v,
                   datatype=XSD.decimal)


def draft_graph(ctx: DraftContext, meta: dict, facts: list[DraftFact], *, source_name: str) -> Graph:
    g = Graph()
    bind_prefixes(g)
    doc, view, ref = ctx.doc, ctx.view, ctx.ref
    hant = _is_traditional(view)
    zh = "zh-Hant" if hant else "zh"
    g.add((doc, RDF.type, KGT.PolicyDocument))
    g.add((doc, KGT.sourceFile, Literal(source_name)))
    g.add((doc, DCTERMS.language, Literal("zh-Hant" if hant else "zh-Hans")))
    if "number" in meta:
        _add_number(g, doc, meta["number"][0])
    title = meta.get("title", (Path(source_name).stem,))[0]
    g.add((doc, DCTERMS.title, Literal(title, lang=zh)))
    g.add((doc, RDFS.label, Literal(title, lang=zh)))
    g.add((doc, RDFS.label, Literal(f"Draft of {source_name}", lang="en")))
    issuer_name = meta.get("issuer_name") or meta.get("signer")
    issuer = ctx.org(issuer_name) if issuer_name else None
    if issuer is not None:
        g.add((doc, DCTERMS.creator, issuer))
    jur = attach_document_jurisdiction(g, ctx, issuer)        # resolution hook
    if meta.get("doctype"):
        g.add((doc, KGT.documentType, KG[f"doctype/{meta['doctype']}"]))
    for key, prop in (("issued", DCTERMS.issued), ("published", KGT.publicationDate),
                      ("uploaded", KGT.webUploadDate)):
        if key in meta:
            g.add((doc, prop, Literal(meta[key][0], datatype=XSD.date)))
    if meta.get("abridged"):
        g.add((doc, KGT.abridged, Literal(True)))
    if meta.get("joined_lines"):          # say so: the text was read as a hard-wrapped copy
        g.add((doc, RDFS.comment, Literal(
            f"Read as a hard-wrapped copy (lines cut at a page width): {meta['joined_lines']} line "
            "breaks inside paragraphs were joined for matching; quotes keep the original text.", lang="en")))
        g.add((doc, RDFS.comment, Literal(
            f"按版面折行的文本处理：为匹配合并了段落内的 {meta['joined_lines']} 处换行；引文保留原文。", lang="zh")))
    # citations, transmittal, planned documents
    n = 0
    for c in meta.get("citations", []):
        n += 1
        node = KG[f"draft/{ctx.slug}/cited-{n:02d}"]
        g.add((node, RDF.type, KGT.PolicyDocument))
        g.add((node, DCTERMS.title, Literal(c["title"], lang=zh)))
        g.add((node, RDFS.label, Literal(c["title"], lang=zh)))
        g.add((node, RDFS.label, Literal(f"Document cited by {source_name}", lang="en")))
        if c["number"]:
            _add_number(g, node, c["number"])
        if c["rel"] == "transmits":
            g.add((doc, KGT.transmits, node))
            g.add((doc, KGT.transmittalType, KG[f"transmittal/{c['type']}"]))
            g.add((node, KGT.documentStatus, KG["status/encoded"]))
            inner = meta.get("inner_creator")
            if inner:
                g.add((node, DCTERMS.creator, ctx.org(inner)))
        elif c["rel"] == "planned":
            g.add((node, KGT.documentStatus, KG["status/planned"]))
        else:
            g.add((doc, ELI.cites, node))
            g.add((node, KGT.documentStatus, KG["status/cited"]))
    proposed = _proposed_concepts(g, ctx, facts, zh)
    places = _amount_jurisdictions(g, ctx, facts)
    for f in facts:
        _add_fact(g, ctx, f, places.get(f.values.get("jurisdiction"), jur) if f.kind == "funding" else jur,
                  zh, proposed, title=title if "title" in meta else "")
    for key in ctx.new_orgs:
        add_drafted_org(g, ctx, key, zh)
    return g


def add_drafted_org(g: Graph, ctx: DraftContext, key: str, zh: str = "zh") -> None:
    """The triples of the organisation ``ctx`` drafted for the normalised name ``key``."""
    node = ctx.new_orgs[key]
    g.add((node, RDF.type, KGT.GovernmentAgency if re.search(r"局|委|办|厅$", key) else
           KGT.Government if key.endswith("政府") else KGT.CollectiveActor))
    g.add((node, RDFS.label, Literal(ctx.new_org_names[key], lang=zh)))
    g.add((node, RDFS.label, Literal("Organisation drafted from the text (not in the reference data)",
                                     lang="en")))
    describe_drafted_org(g, ctx, ctx.new_org_names[key], node)   # resolution hook


def amount_node(g: Graph, fact, yuan, written: str) -> BNode:
    """The fact's ``kgt:amount`` (a ``schema:MonetaryAmount`` in CNY) and the amount as written."""
    amt = BNode()
    g.add((fact, KGT.amount, amt))
    g.add((amt, RDF.type, SCHEMA.MonetaryAmount))
    g.add((amt, SCHEMA.value, _dec(yuan)))
    g.add((amt, SCHEMA.currency, Literal("CNY")))
    g.add((fact, KGT.originalAmount, Literal(written)))
    return amt


def _add_number(g: Graph, node, written: str) -> None:
    """kgt:docNumber as written; when the source lost a bracket (鲁政办〔201912号), the number
    read from it, with a note quoting what was written."""
    fixed = repaired_doc_number(written)
    if fixed and fixed[1]:
        g.add((node, KGT.docNumber, Literal(fixed[0])))
        g.add((node, RDFS.comment, Literal(
            f"Document number written 「{written}」 in the source (a bracket was lost); read as "
            f"{fixed[0]}. Check on review.", lang="en")))
        return
    if not DOC_NO_SHAPE_RE.match(written):
        # 浙政辦發〔2023〕24號, 长政办发﹝2021﹞72号, 菏政办字 〔2023〕1号: the form the shape
        # asks for, read from the simplified, bracket-normalised text; the comment keeps the original
        plain = to_simplified(without_glosses(written)).translate(_BRACKETS)
        fixed = repaired_doc_number(plain) or ((plain, False) if DOC_NO_SHAPE_RE.match(plain) else None)
        if fixed:
            g.add((node, KGT.docNumber, Literal(fixed[0])))
            g.add((node, RDFS.comment, Literal(
                f"Document number written 「{written}」 in the source; recorded in the standard "
                f"form {fixed[0]}.", lang="en")))
            return
    g.add((node, KGT.docNumber, Literal(written)))


_BRACKETS = str.maketrans({"﹝": "〔", "﹞": "〕", "［": "〔", "］": "〕", "（": "〔", "）": "〕"})


def budget_activity(quote: str, title: str = "") -> str | None:
    """The funded-activity concept a budget statement names: standardization work when the money
    is for 标准化 (经费, 资金, 奖励 of a standardization programme, as the curated seed statements
    read it; the specific rules of funding items are not applied to a whole sentence, where
    参与 or 国际 rarely name the funded activity) — named in the sentence, or in the title
    of a document whose funds the sentence speaks of (本政策涉及的奖励(资助)资金 in 《…标准化推进
    奖励(资助)实施意见》); None when neither names a purpose (the review then asks for one).

    >>> budget_activity("本政策涉及的标准化推进奖励资金,由区级财政资金预算安排。")
    'standardization-work'
    >>> budget_activity("资助资金预算一经批复,应严格执行。") is None
    True
    """
    text = normalize(quote)
    if "标准化" in text or ("标准化" in normalize(title) and re.search(r"奖励|资助|补助|资金|经费", text)):
        return "standardization-work"
    return None


def _known_activity(v: dict) -> str | None:
    """The funded-activity concept of a funding item's activity text; none for a cap on a
    unit's yearly total, which covers every activity of the schedule."""
    if v.get("scope") == "per-unit-per-year":
        return None
    return match_activity(normalize(v["activity"]))


def _proposed_concepts(g: Graph, ctx: DraftContext, facts: list[DraftFact], zh: str) -> dict:
    """Draft concepts for metrics and units the schemes lack, one per distinct label, each
    flagged for review: ``{("metric" | "unit", label): node}``."""
    out: dict[tuple[str, str], URIRef] = {}
    for f in facts:
        wanted = []
        if f.kind == "funding" and f.values.get("activity") and not _known_activity(f.values):
            wanted.append(("activity", f.values["activity"]))
        if f.kind == "target" and not f.values.get("metric") and f.values.get("metricLabel"):
            wanted.append(("metric", f.values["metricLabel"]))
        if f.kind == "target" and not f.values.get("unit") and f.values.get("unitText"):
            wanted.append(("unit", f.values["unitText"]))
        for kind, label in wanted:
            if (kind, label) in out:
                continue
            n = sum(1 for k, _ in out if k == kind) + 1
            node = KG[f"draft/{ctx.slug}/{kind}-{n:02d}"]
            out[(kind, label)] = node
            g.add((node, RDF.type, SKOS.Concept))
            g.add((node, SKOS.inScheme, KG[{"metric": "scheme/metrics", "unit": "scheme/units",
                                            "activity": "scheme/funded-activities"}[kind]]))
            g.add((node, SKOS.prefLabel, Literal(label, lang=zh)))
            g.add((node, RDFS.label, Literal(label, lang=zh)))
            g.add((node, RDFS.label, Literal(f"Proposed {kind} 「{label}」 (needs review)", lang="en")))
            g.add((node, RDFS.comment, Literal(
                f"Drafted from the text: no {kind} of the scheme fits. Needs review: map it to an "
                f"existing concept or accept it as new.", lang="en")))
    return out


def _is_traditional(view: TextView) -> bool:
    sample = "".join(view.original.split())[:4000]
    if not sample:
        return False
    changed = sum(1 for a, b in zip(sample, to_simplified(sample)) if a != b)
    return changed > max(3, len(sample) // 100)


def _amount_jurisdictions(g: Graph, ctx: DraftContext, facts) -> dict[str, URIRef]:
    """The jurisdiction of each place a multi-place compilation names over its amounts (北京市 →
    kg:jur/110000), added to ``g``; a place GB/T 2260 does not know keeps the document's."""
    from kgtool.intake.extract.jurisdiction import add_jurisdiction, division_named

    names = sorted({f.values["jurisdiction"] for f in facts if f.kind == "funding" and f.values.get("jurisdiction")})
    return {n: add_jurisdiction(g, d.code, ctx.ref.graph) for n in names if (d := division_named(n)) is not None}


def _add_fact(g: Graph, ctx: DraftContext, f: DraftFact, jur, zh: str, proposed: dict, *, title: str = "") -> None:
    s, v, ref = f.iri, f.values, ctx.ref
    g.add((s, RDF.type, _CLASS[f.kind]))
    g.add((s, KGT.statedIn, ctx.doc))
    g.add((s, KGT.quote, Literal(f.quote, lang=zh)))
    if zh == "zh-Hant":
        g.add((s, KGT.quoteSimplified, Literal(to_simplified(f.quote), lang="zh")))
    g.add((s, KGT.quoteStart, Literal(f.start, datatype=XSD.integer)))
    g.add((s, KGT.quoteEnd, Literal(f.end, datatype=XSD.integer)))
    if jur is not None:
        g.add((s, KGT.jurisdiction, jur))
    short = f.quote if len(f.quote) <= 40 else f.quote[:39] + "…"
    g.add((s, RDFS.label, Literal(short, lang=zh)))
    if v.get("doubt"):
        p, marks = v["doubt"]
        g.add((s, RDFS.comment, Literal(reading_doubt_note(p, marks), lang="en")))
        g.add((s, RDFS.comment, Literal(NEEDS_REVIEW_ZH + reading_doubt_zh(p, marks), lang="zh")))
    en = _KIND_EN[f.kind]
    if f.kind in ("target", "goal"):
        if v.get("metric"):
            m = KG[f"metric/{v['metric']}"]
            g.add((s, KGT.metric, m))
            en += f": {ref.label(m, 'en') or v['metric']}"
        elif ("metric", v.get("metricLabel")) in proposed:
            g.add((s, KGT.metric, proposed[("metric", v["metricLabel"])]))
            en += f": {v['metricLabel']} (proposed metric)"
        scale = Decimal(v.get("scale", 1))       # 2万户: value 2 as written, 20000 households
        if "value" in v:
            g.add((s, KGT.value, _dec(Decimal(v["value"]) * scale)))
            en += f" {v['value']}"
        if "min" in v:
            g.add((s, KGT.minValue, _dec(Decimal(v["min"]) * scale)))
            g.add((s, KGT.maxValue, _dec(Decimal(v["max"]) * scale)))
            en += f" {v['min']}–{v['max']}"
        en += f" {v.get('unitText', '')}" if scale != 1 or not v.get("unit") else \
            f" {_UNIT_EN.get(v['unit'], v['unit'])}"
        g.add((s, KGT.comparator, KG[f"cmp/{v['comparator']}"]))
        if v.get("unit"):
            g.add((s, KGT.unit, KG[f"unit/{v['unit']}"]))
        elif ("unit", v.get("unitText")) in proposed:
            g.add((s, KGT.unit, proposed[("unit", v["unitText"])]))
        g.add((s, KGT.quantityKind, KG[f"qkind/{v['qkind']}"]))
        if v.get("deadline"):
            g.add((s, KGT.deadline, Literal(v["deadline"], datatype=XSD.gYear)))
            en += f" by {v['deadline']}"
        if v.get("aspirational"):
            g.add((s, KGT.aspirational, Literal(True)))
        if v.get("perYear"):
            g.add((s, KGT.perYear, Literal(True)))
            en += " per year"
        if v.get("level"):
            g.add((s, KGT.level, KG[f"level/{v['level']}"]))
        if v.get("comment"):
            g.add((s, RDFS.comment, Literal(v["comment"], lang="en")))
            if v.get("metricLabel") and "proposed from the phrase" in v["comment"]:
                g.add((s, RDFS.comment, Literal(f"指标不在指标体系中，按短语提议新指标：{v['metricLabel']}", lang="zh")))
    elif f.kind in ("funding", "budget"):
        for org in v.get("funders", ()) or funders_named(ctx, f.quote):   # resolution hook
            g.add((s, KGT.funder, org))
        if "amount" in v:
            amt = amount_node(g, s, v["amount"], v["original"])
            en += f": {v['amount']} CNY"
        if v.get("recipient"):
            g.add((s, KGT.recipientCondition, Literal(v["recipient"], lang=zh)))
        if v.get("perItem"):
            g.add((s, KGT.perItem, Literal(True)))
        if v.get("perYear"):
            g.add((s, KGT.perYear, Literal(True)))
        if v.get("activity"):
            known = _known_activity(v)
            act = KG[f"activity/{known}"] if known else proposed.get(("activity", v["activity"]))
            if act is not None:
                g.add((s, KGT.activity, act))
        elif f.kind == "budget":
            act = budget_activity(f.quote, title)
            if act is not None:
                g.add((s, KGT.activity, KG[f"activity/{act}"]))
        if "amount" in v and v.get("cap"):   # 最高 / 不超过 / 以内: the amount is a maximum
            g.add((amt, SCHEMA.maxValue, _dec(v["amount"])))
        read = [f"activity「{v['activity']}」" if v.get("activity") else "",
                f"tier「{v['tier']}」" if v.get("tier") else "",
                ("cap per unit and year" if v.get("scope") == "per-unit-per-year" else "cap per item")
                if v.get("cap") else "",
                f"jurisdiction (heading of a multi-place compilation)「{v['jurisdiction']}」"
                if v.get("jurisdiction") else "",
                {"new": "new standards", "revised": "revised standards",
                 "new-or-revised": "new or revised standards"}.get(v.get("revision"), "")]
        read_zh = [f"资助事项「{v['activity']}」" if v.get("activity") else "",
                   f"档次「{v['tier']}」" if v.get("tier") else "",
                   ("每单位每年封顶" if v.get("scope") == "per-unit-per-year" else "每项封顶") if v.get("cap") else "",
                   f"所属地区（多地汇编的标题）「{v['jurisdiction']}」" if v.get("jurisdiction") else "",
                   {"new": "新制定标准", "revised": "修订标准", "new-or-revised": "制定或修订标准"}.get(
                       v.get("revision"), "")]
        read = "; ".join(x for x in read if x)
        read_zh = "；".join(x for x in read_zh if x)
        if v.get("otherPlaces"):
            g.add((s, RDFS.comment, Literal(
                f"{PLACE_DOUBT}the text names other places ({', '.join(v['otherPlaces'])}); the item "
                "was given the document's jurisdiction", lang="en")))
            g.add((s, RDFS.comment, Literal(NEEDS_REVIEW_ZH + other_places_doubt_zh(v['otherPlaces']), lang="zh")))
        g.add((s, RDFS.comment, Literal(
            "Drafted: check the funded activity (kgt:activity) against the quoted clause on review."
            + (f" Read from the text: {read}." if read else ""), lang="en")))
        g.add((s, RDFS.comment, Literal(
            "起草所得：复核时请对照引文核对资助事项（kgt:activity）。" + (f"文中读出：{read_zh}。" if read_zh else ""),
            lang="zh")))
    elif f.kind == "task":
        for i, (org, role) in enumerate(v["assignments"], 1):
            a = URIRef(f"{s}/a-{i}")
            g.add((s, KGT.assignment, a))
            g.add((a, RDF.type, KGT.TaskAssignment))
            g.add((a, KGT.agent, org))
            g.add((a, KGT.role, KG[f"role/{role}"]))
            g.add((a, RDFS.label, Literal(f"{ctx.ref.org_label.get(org, '')}:{role}", lang="zh")))
            g.add((a, RDFS.label, Literal(f"assignment {i} of {s.rsplit('/', 1)[-1]}", lang="en")))
        en += f" with {len(v['assignments'])} assignments"
    elif f.kind == "tcsc":
        for bt in v["bodyTypes"]:
            g.add((s, KGT.bodyType, KG[f"bodytype/{bt}"]))
        if v.get("action"):
            g.add((s, KGT.action, Literal(v["action"], lang="en")))
        if v.get("level"):
            g.add((s, KGT.level, KG[f"level/{v['level']}"]))
    elif f.kind == "zone":
        g.add((s, KGT.zoneType, KG[f"zonetype/{v['zoneType']}"]))
        if v.get("level"):
            g.add((s, KGT.level, KG[f"level/{v['level']}"]))
    elif f.kind == "industry":
        for ind in v["industries"]:
            g.add((s, KGT.industry, ind))
    g.add((s, RDFS.label, Literal(en + " (drafted)", lang="en")))
