"""What an analyst reviews in a draft graph (``kgtool review``): each fact, its quote, its
confidence and the decisions it needs.

:func:`review_items` lists the drafted facts as :class:`ReviewItem`; the decisions a fact needs
are read from the draft against the reference data:

- ``unmapped metric``: a quantified goal whose metric is not in the metric scheme;
- ``new agency``: an assigned agency or a funder that the reference data does not know;
- ``agency of another jurisdiction``: an agency or funder whose jurisdiction neither contains
  nor lies in the fact's (a Chongqing bureau on a Chengdu task);
- ``new jurisdiction``: a jurisdiction drafted from GB/T 2260, not in the reference data;
- ``no jurisdiction``: a target with none (the document's place was not found);
- ``ambiguous deadline``: a target without a deadline, whose quote names several years, or
  whose year was read from 年内/今年/明年 and the text's date;
- ``no funder`` / ``no activity``: a funding item missing what its shape requires;
- ``no lead``: a task whose named bodies only cooperate (``kgsh:Task-lead``);
- ``place of the amount``: a funding item whose quote names a place (by its full name) that
  neither contains nor lies in the item's jurisdiction;
- ``doubtful reading``: a funding item that resembles what the extractor read wrongly
  in texts it had not been tuned on (:mod:`.reading_doubts`, a model of its first-look errors);
- ``conflicting values``: a target whose document, metric, place, deadline and kind another
  target shares with a different value (what ``kgsh:ConflictingTargetValues`` reports: two
  listed items the draft gave one metric).

Two sorts of decision: some doubt the reading itself (:data:`READING_DOUBTS`: another
jurisdiction's agency, no jurisdiction, an ambiguous deadline, no lead, the place of the amount,
conflicting values, no activity); the others complete the reference data (a new metric, agency
or jurisdiction, the funder a text does not name) and are as likely on a well-read fact as on a
misread one. Confidence is a rule over the doubts, not a probability: ``high`` with none,
``medium`` with one, ``low`` with two or more. On the held-out texts a medium or low target is
wrong about twice as often as a high one (``bench/RESULTS.md``, confidence); a decision about the
reference data does not lower it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from kgtool.intake.textnorm import normalize
from kgtool.rdf.namespaces import KG, KGT, SCHEMA
from kgtool.intake.extract.jurisdiction import NATIONAL_BY_CUES
from kgtool.intake.extract.reference import load_reference

__all__ = ["ReviewItem", "review_items", "review_lines", "short_iri", "READING_DOUBTS"]

#: the decisions that doubt the reading itself (the others complete the reference data)
READING_DOUBTS = ("agency of another jurisdiction", "no jurisdiction", "ambiguous deadline", "no lead",
                  "place of the amount", "conflicting values", "no activity", "doubtful reading")


@dataclass
class ReviewItem:
    """One drafted fact as the analyst sees it."""

    iri: URIRef
    kind: str
    quote: str
    values: dict = field(default_factory=dict)      # field name -> str or list[str]
    needs: list[str] = field(default_factory=list)     # in English
    needs_zh: list[str] = field(default_factory=list)  # the same, in Chinese

    @property
    def doubts(self) -> list[str]:
        """The needs that doubt the reading (:data:`READING_DOUBTS`)."""
        return [n for n in self.needs if n.startswith(READING_DOUBTS)]

    @property
    def confidence(self) -> str:
        n = len(self.doubts)
        return "high" if n == 0 else "medium" if n == 1 else "low"


def short_iri(node) -> str:
    """``kg:…`` for project IRIs, the literal text for literals."""
    if isinstance(node, Literal):
        return str(node)
    return str(node).replace(str(KG), "kg:")


# field name -> property; the same names are the editable fields of the review file
FIELDS = [("metric", KGT.metric), ("value", KGT.value), ("min", KGT.minValue),
          ("max", KGT.maxValue), ("comparator", KGT.comparator), ("unit", KGT.unit),
          ("quantityKind", KGT.quantityKind), ("deadline", KGT.deadline),
          ("perYear", KGT.perYear), ("aspirational", KGT.aspirational), ("level", KGT.level),
          ("jurisdiction", KGT.jurisdiction), ("funder", KGT.funder), ("activity", KGT.activity),
          ("recipient", KGT.recipientCondition), ("perItem", KGT.perItem),
          ("bodyType", KGT.bodyType), ("action", KGT.action), ("zoneType", KGT.zoneType),
          ("industry", KGT.industry)]
MULTI = {"funder", "activity", "bodyType", "industry"}


def fact_values(graph: Graph, fact) -> dict:
    """The editable values of a fact, as short strings (lists for multi-valued fields)."""
    out: dict = {}
    for name, prop in FIELDS:
        objs = sorted((short_iri(o) for o in graph.objects(fact, prop)))
        if objs:
            out[name] = objs if name in MULTI else objs[0]
    for amt in graph.objects(fact, KGT.amount):
        v = graph.value(amt, SCHEMA.value)
        if v is not None:
            out["amount"] = str(v)
    assignments = []
    for a in sorted(graph.objects(fact, KGT.assignment), key=str):
        assignments.append({"agent": short_iri(graph.value(a, KGT.agent)),
                            "role": short_iri(graph.value(a, KGT.role))})
    if assignments:
        out["assignments"] = assignments
    return out


def _needs(graph: Graph, ref: Graph, fact, kinds: set[str], quote: str) -> list[tuple[str, str]]:
    needs: list[tuple[str, str]] = []
    known = lambda node: (node, None, None) in ref  # noqa: E731
    metric = graph.value(fact, KGT.metric)
    if "Goal" in kinds and "Target" not in kinds and re.search(r"\d", quote):
        needs.append(("unmapped metric: no metric concept matched; choose or add one",
                      "指标未匹配：未找到对应的指标概念，请选择或新增"))
    elif metric is not None and (metric, SKOS.inScheme, KG["scheme/metrics"]) not in ref:
        needs.append((f"unmapped metric: {short_iri(metric)} is a new metric concept",
                      f"指标未匹配：{short_iri(metric)} 为新指标概念"))
    agents = [graph.value(a, KGT.agent) for a in graph.objects(fact, KGT.assignment)]
    for org in [*agents, *graph.objects(fact, KGT.funder)]:
        if org is not None and not known(org):
            label = next((str(x) for x in graph.objects(org, RDFS.label)
                          if getattr(x, "language", None) in ("zh", "zh-Hant")), short_iri(org))
            jur = graph.value(org, KGT.jurisdiction)
            where = f" in {short_iri(jur)}" if jur is not None else ", jurisdiction unknown"
            where_zh = f"（{short_iri(jur)}）" if jur is not None else "（行政区域不明）"
            needs.append((f"new agency: {label}{where}", f"新机构：{label}{where_zh}"))
    jur = graph.value(fact, KGT.jurisdiction)
    for org in [*agents, *graph.objects(fact, KGT.funder)]:
        other = (graph.value(org, KGT.jurisdiction) or ref.value(org, KGT.jurisdiction)) \
            if org is not None else None
        if jur is not None and other is not None and not _related(jur, other):
            needs.append((f"agency of another jurisdiction: {short_iri(org)} is of {short_iri(other)}, "
                          f"the fact of {short_iri(jur)}",
                          f"机构属其他行政区域：{short_iri(org)} 属 {short_iri(other)}，"
                          f"本条属 {short_iri(jur)}"))
    if jur is not None and not known(jur):
        zh_label = next((str(x) for x in graph.objects(jur, RDFS.label)
                         if getattr(x, "language", None) == "zh"), "")
        en_label = next((str(x) for x in graph.objects(jur, RDFS.label)
                         if getattr(x, "language", None) == "en"), "")
        needs.append((f"new jurisdiction: {short_iri(jur)} {en_label}".rstrip(),
                      f"新行政区域：{short_iri(jur)} {zh_label}".rstrip()))
    doc = graph.value(fact, KGT.statedIn)
    evidence = str(graph.value(doc, KGT.jurisdictionEvidence) or "") if doc is not None else ""
    if kinds & {"Target", "Goal", "FundingMeasure"} and evidence.startswith(NATIONAL_BY_CUES):
        # the text names no place: the country is a guess from its words, not a place it states
        needs.append((f"no jurisdiction named: {evidence}; confirm the country or give the place",
                      "未写明行政区域：文中未提及地名，按其用语（国务院、我国等）推断为全国，请确认或指定地区"))
    if "Target" in kinds or "Goal" in kinds:
        if jur is None:
            needs.append(("no jurisdiction: the document's place was not found",
                          "缺少行政区域：未识别出文件所属地区"))
        years = set(re.findall(r"(?:19|20)\d\d(?=年)", quote))
        deadline = graph.value(fact, KGT.deadline)
        relative = re.search(r"年内|今年|明年|本年度", normalize(quote))      # also 年內 (traditional)
        if deadline is None:
            needs.append(("ambiguous deadline: none stated in the quote", "期限不明：引文未写明期限"))
        elif relative and not years:      # 年内/今年 read with the text's date: confirm the year
            year = str(deadline)[:4]
            needs.append((f"ambiguous deadline: {year} read from {relative.group()} and the text's date",
                          f"期限不明：{year} 年由“{relative.group()}”和文件日期推得，请核对"))
        elif len(years) > 1:
            needs.append((f"ambiguous deadline: the quote names {', '.join(sorted(years))}",
                          f"期限不明：引文含多个年份 {'、'.join(sorted(years))}"))
        issued = graph.value(graph.value(fact, KGT.statedIn), DCTERMS.issued)
        if deadline is not None and issued is not None and str(deadline)[:4] < str(issued)[:4]:
            # kgsh:Goal-deadline-after-issue refuses it: a past result, or a goal of an earlier plan
            needs.append((f"ambiguous deadline: {str(deadline)[:4]} is before the document's date ({issued}); "
                          "a past result, or a goal set earlier?",
                          f"期限不明：{str(deadline)[:4]} 年早于文件日期（{issued}），是已有结果还是此前设定的目标？"))
    if "Task" in kinds and not any(graph.value(a, KGT.role) in (KG["role/lead"], KG["role/responsible"])
                                   for a in graph.objects(fact, KGT.assignment)):
        needs.append(("no lead: every body named only cooperates; choose the lead or responsible body",
                      "缺少牵头或负责单位：所列单位均为配合单位，请指定牵头或负责单位"))
    from kgtool.intake.extract.resolution import (NEEDS_REVIEW, NEEDS_REVIEW_ZH, PLACE_DOUBT, READING_DOUBT,
                                                  other_places_doubt_zh)

    notes = sorted(str(n) for n in graph.objects(fact, RDFS.comment))
    for note in notes:
        if "FundingMeasure" in kinds and note.startswith(PLACE_DOUBT):
            places = re.search(r"\((.*?)\)", note)
            needs.append((note[len(NEEDS_REVIEW):],
                          other_places_doubt_zh(places.group(1).split(", ") if places else [])))
        elif note.startswith(READING_DOUBT):
            zh = next((n[len(NEEDS_REVIEW_ZH):] for n in notes if n.startswith(NEEDS_REVIEW_ZH + "读取存疑")), "读取存疑")
            needs.append((note[len(NEEDS_REVIEW):], zh))
    if "FundingMeasure" in kinds and jur is not None:
        named = _place_named(quote)
        if named is not None and not _related(KG[f"jur/{named.code}"], jur):
            needs.append((f"place of the amount: the quote names {named.name} ({named.code}), the item is of "
                          f"{short_iri(jur)}",
                          f"资助所属地区存疑：引文提到{named.name}（{named.code}），本条属 {short_iri(jur)}"))
    if kinds & {"FundingMeasure", "BudgetStatement"}:     # a budget statement is one too
        if graph.value(fact, KGT.funder) is None:
            needs.append(("no funder: name the paying body", "缺少资助方：请填写出资机构"))
        if graph.value(fact, KGT.activity) is None:
            needs.append(("no activity: choose the funded activity concept", "缺少资助事项：请选择资助事项概念"))
    return needs


def _conflicting_targets(graph: Graph) -> dict:
    """Each target with another of the same document, metric, jurisdiction, quantity kind,
    deadline, per-year flag and industries but a different value (what
    ``kgsh:ConflictingTargetValues`` reports), mapped to one such other target."""
    groups: dict = {}
    for t in graph.subjects(RDF.type, KGT.Target):
        key = (graph.value(t, KGT.statedIn), graph.value(t, KGT.metric), graph.value(t, KGT.jurisdiction),
               graph.value(t, KGT.quantityKind), str(graph.value(t, KGT.deadline) or ""),
               str(graph.value(t, KGT.perYear) or "false"), frozenset(graph.objects(t, KGT.industry)))
        if None in key[:4]:
            continue
        v, lo, hi = (graph.value(t, p) for p in (KGT.value, KGT.minValue, KGT.maxValue))
        groups.setdefault(key, []).append((t, (v if v is not None else lo, v if v is not None else hi)))
    out = {}
    for members in groups.values():
        for t, vals in members:
            other = next((o for o, ov in sorted(members, key=lambda m: str(m[0])) if o != t and ov != vals), None)
            if other is not None:
                out[t] = other
    return out


def _place_named(quote: str):
    """The division a funding quote names by its full name (北京市…给予50万元), or None: an amount
    of another place than the item's is one a compilation's headings did not place."""
    from kgtool.intake.extract.jurisdiction import place_in

    d = place_in(quote)
    return d if d is not None and d.name in normalize(quote) else None


def _related(a, b) -> bool:
    """Whether two ``kg:jur/<code>`` jurisdictions are one, or one contains the other."""
    from kgtool.intake.extract.jurisdiction import related

    return related(str(a).rsplit("/", 1)[-1], str(b).rsplit("/", 1)[-1])


def review_items(graph: Graph, *, data_dir=None) -> list[ReviewItem]:
    """The drafted facts of a draft graph (those with a ``kgt:quote``), sorted by IRI."""
    ref = load_reference(data_dir).graph
    items = []
    conflicts = _conflicting_targets(graph)
    for f in sorted(set(graph.subjects(KGT.quote, None)), key=str):
        kinds = {str(t).replace(str(KGT), "") for t in graph.objects(f, RDF.type)}
        if "PolicyDocument" in kinds:
            continue
        quote = str(graph.value(f, KGT.quote))
        needs = _needs(graph, ref, f, kinds, quote)
        if f in conflicts:
            other = short_iri(conflicts[f])
            needs.append((f"conflicting values: {other} has the same metric, deadline and place with "
                          "another value; tell the metrics apart or drop one",
                          f"数值冲突：{other} 的指标、期限和行政区域相同而数值不同；请区分指标或删去其一"))
        items.append(ReviewItem(iri=f, kind="/".join(sorted(kinds)), quote=quote,
                                values=fact_values(graph, f), needs=[en for en, _ in needs],
                                needs_zh=[zh for _, zh in needs]))
    return items


def review_lines(graph: Graph, *, lang: str = "en", data_dir=None) -> list[str]:
    """Human-readable lines for each drafted fact of a draft graph.

    :param graph: a draft graph (from :func:`extract_document` or ``kgtool intake``).
    :param lang: label language of concept names, ``en`` or ``zh``.
    :returns: per fact: ``<iri>  <kind>  [confidence]``, key values, the quote, then one
        ``decide:`` line per open decision.
    """
    ref = load_reference(data_dir)

    def name(node):
        if isinstance(node, Literal) and node.datatype == XSD.decimal:
            return _plain_decimal(node)      # 57, not the 57.0 a Turtle file writes
        if isinstance(node, Literal):
            return str(node)
        got = ref.label(node, lang) or ref.label(node, "zh")
        if got:
            return got
        langs = ("zh", "zh-Hant") if str(node).startswith(str(KG["draft/"])) else (lang, "zh", "zh-Hant")
        for want in langs:      # an organisation drafted from the text: its name as written
            for lab in graph.objects(node, RDFS.label):
                if getattr(lab, "language", None) == want:
                    return str(lab)
        return short_iri(node)

    zh = lang == "zh"
    lines = []
    for item in review_items(graph, data_dir=data_dir):
        f = item.iri
        conf = {"high": "高", "medium": "中", "low": "低"}[item.confidence] if zh else item.confidence
        lines.append(f"{short_iri(f)}  {item.kind}  [{'置信度' if zh else 'confidence'} {conf}]")
        parts = []
        for p, label in _REVIEW_PROPS:
            objs = sorted(graph.objects(f, p), key=str)
            if p == RDFS.comment:       # the notes in the review's language, when the draft has them
                mine = [o for o in objs if getattr(o, "language", None) == ("zh" if zh else "en")]
                other = [o for o in objs if getattr(o, "language", None) not in ("zh", "en")]
                objs = (mine + other) if mine else objs
            for o in objs:
                if p == KGT.amount:
                    o = graph.value(o, SCHEMA.value)
                    if o is None:
                        continue
                parts.append(f"{_LABEL_ZH.get(label, label) if zh else label}={name(o)}")
        for a in sorted(graph.objects(f, KGT.assignment), key=str):
            parts.append(f"{name(graph.value(a, KGT.agent))}:{name(graph.value(a, KGT.role))}")
        lines.append("    " + ("; ".join(parts) if parts else "-"))
        s, e = graph.value(f, KGT.quoteStart), graph.value(f, KGT.quoteEnd)
        where = f" [{s}:{e}]" if s is not None else ""
        lines.append(f"    「{item.quote}」{where}")
        for need in (item.needs_zh if zh else item.needs):
            lines.append(f"    {'待定' if zh else 'decide'}: {need}")
    return lines


def _plain_decimal(node: Literal) -> str:
    """A decimal as an analyst writes it: ``57`` for 57.0, ``0.5`` for 0.50, ``1500000``."""
    from decimal import Decimal, InvalidOperation
    try:
        return format(Decimal(str(node)).normalize(), "f")
    except InvalidOperation:
        return str(node)


_REVIEW_PROPS = [(KGT.metric, "metric"), (KGT.value, "value"), (KGT.minValue, "min"),
                 (KGT.maxValue, "max"), (KGT.comparator, "comparator"), (KGT.unit, "unit"),
                 (KGT.deadline, "deadline"), (KGT.perYear, "perYear"),
                 (KGT.aspirational, "aspirational"), (KGT.amount, "amount CNY"),
                 (KGT.funder, "funder"), (KGT.activity, "activity"),
                 (KGT.recipientCondition, "recipient"), (KGT.jurisdiction, "jurisdiction"),
                 (KGT.bodyType, "body"), (KGT.action, "action"), (KGT.zoneType, "zone"),
                 (KGT.level, "level"), (KGT.industry, "industry"), (RDFS.comment, "note")]
_LABEL_ZH = {"metric": "指标", "value": "数值", "min": "下限", "max": "上限", "comparator": "比较",
             "unit": "单位", "deadline": "期限", "perYear": "每年", "aspirational": "力争",
             "amount CNY": "金额(元)", "funder": "资助方", "activity": "资助事项",
             "recipient": "资助条件", "jurisdiction": "行政区域", "body": "机构类型",
             "action": "行动", "zone": "示范区类型", "level": "级别", "industry": "行业", "note": "备注"}
