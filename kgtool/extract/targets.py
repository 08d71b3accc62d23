"""Quantitative targets and goals: numbers, the metric they count, comparator and deadline."""
from __future__ import annotations

import re

from ..extract_patterns import AMOUNT_RE, DEADLINE_RE, QUANTITY_RE, match_metric, parse_number
from .draft import DraftFact, _Ctx

_UNITS = {"项": "item", "个": "unit", "家": "enterprise", "名": "person", "%": "percent",
          "个月": "month"}


# ------------------------------------------------------------------------------- targets
def _deadlines(t: str) -> list[tuple[int, str]]:
    return [(m.start(), m["y1"] or m["y2"]) for m in DEADLINE_RE.finditer(t)]


def _targets(ctx: _Ctx, sents) -> list[DraftFact]:
    t, out = ctx.view.text, []
    dls = _deadlines(t)
    for s, e in sents:
        sent = t[s:e]
        if AMOUNT_RE.search(sent) or "资助" in sent:
            continue
        qs = [q for q in QUANTITY_RE.finditer(sent)]
        if not qs:
            continue
        own = DEADLINE_RE.search(sent)
        if own:
            deadline = own["y1"] or own["y2"]
        else:
            prior = [y for p, y in dls if p < s]
            deadline = prior[-1] if prior else (dls[0][1] if dls else None)
        phrases = _phrases(sent, qs)
        prev = None
        for q, phrase in zip(qs, phrases):
            unit = q["unit"]
            metric = match_metric(phrase, sent, unit)
            if metric is None and prev and len(phrase) <= 8:
                lvl = re.search(r"国家级|省级|市级", phrase)
                if lvl:
                    base = re.sub(r"国家级|省级|市级|市级以上", "", prev)
                    metric = match_metric(lvl.group() + base, sent, unit)
            if metric:
                prev = phrase
            lo, hi = parse_number(q["lo"]), parse_number(q["hi"]) if q["hi"] else None
            if lo is None or (hi is None and q["hi"]):
                continue
            chinese = not q["lo"][0].isdigit()
            if metric is None and (chinese or not _target_signal(sent, deadline)):
                continue
            before = sent[:q.start()]
            vals = {"unit": _UNITS[unit], "deadline": deadline}
            if hi is not None:
                vals.update(min=lo, max=hi, comparator="range")
            else:
                vals["value"] = lo
                local = phrase
                vals["comparator"] = ("at-least" if q["above"] or "不少于" in local or "以上" in
                                      sent[q.end():q.end() + 2] else
                                      "at-most" if "不超过" in local or "不高于" in local else "exactly")
            vals["aspirational"] = bool(re.search(r"力争|争取", before))
            vals["perYear"] = "每年" in before
            vals["qkind"] = ("rate" if unit == "%" else "stock" if "总数" in phrase else
                             "limit" if vals.get("comparator") == "at-most" else "increment")
            lvl = re.search(r"国际|国家级|全国|省级|市级", phrase)
            if lvl and metric and not metric.startswith(("standards-national", "standards-led")):
                vals["level"] = {"国际": "international", "国家级": "national", "全国": "national",
                                 "省级": "provincial", "市级": "municipal"}[lvl.group()]
            if metric:
                vals["metric"] = metric
            else:
                vals["comment"] = f"Metric not recognised; phrase: {phrase}"
            quote, qs0, qe0 = ctx.view.quote(s, e)
            out.append(DraftFact("target" if metric else "goal", quote, qs0, qe0, vals))
    return out


def _target_signal(sent: str, deadline) -> bool:
    return bool(deadline) and bool(re.search(r"新增|新建|达到|总数达|以上|不少于|不超过|力争|创建|建设", sent))


def _phrases(sent: str, qs) -> list[str]:
    """The words around each number that say what it counts."""
    if "分别" in sent and len(qs) >= 2:
        pos = sent.index("分别")
        after = [q for q in qs if q.start() > pos]
        if len(after) >= 2:
            ls = max(sent.rfind(c, 0, pos) for c in ",;:") + 1
            parts = [p for p in sent[ls:pos].split("、") if p]
            if len(parts) >= len(after):
                parts = parts[-len(after):]
                verb = sent[ls:pos]
                res = []
                for q in qs:
                    res.append(parts[after.index(q)] + sent[pos:pos + 4] if q in after else "")
                return [r + ("新增" if "新增" in verb else "") for r in res]
    out = []
    for i, q in enumerate(qs):
        left = max(sent.rfind(c, 0, q.start()) for c in ",;:。") + 1
        if i and qs[i - 1].end() > left:
            left = qs[i - 1].end()
        rights = [sent.find(c, q.end()) for c in ",;。、("]
        right = min([r for r in rights if r >= 0] + [len(sent)])
        if i + 1 < len(qs):
            right = min(right, qs[i + 1].start())
        out.append(sent[left:q.start()].lstrip("、") + sent[q.end():right])
    return out
