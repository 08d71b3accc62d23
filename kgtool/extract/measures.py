"""The other drafted facts: funding, budgets, TC/SC/WG measures, zones, industries.

Funding items and budget statements (with their funders), TC/SC/WG measures, demonstration
zones and pilots, and industry priorities (two or more reference industries in one sentence).
Tasks and their assignments are drafted by :mod:`.tasks`.
"""
from __future__ import annotations

import re

from rdflib import URIRef

from ..extract_patterns import AMOUNT_RE, BODY_ACTIONS, BODY_TYPES, ZONE_TYPES, parse_number
from .draft import DraftFact, _Ctx
from .reference import _pick


# ------------------------------------------------------------------------------- funding
_FUNDER_RE = re.compile(r"由(?P<org>[^,;。由]{2,30})(?:承担|资助|支付|安排|负担)")


def _funding(ctx: _Ctx, sents) -> list[DraftFact]:
    t, out = ctx.view.text, []
    default_funder = None
    for s, e in sents:
        m = _FUNDER_RE.search(t[s:e])
        if m and ("经费" in t[s:e] or "资助" in t[s:e]):
            default_funder = ctx.org(m["org"])
    for s, e in sents:
        sent = t[s:e]
        amounts = list(AMOUNT_RE.finditer(sent))
        fm = _FUNDER_RE.search(sent)
        funders = [ctx.org(fm["org"])] if fm else []
        if not funders:
            funders = _orgs_in(ctx, sent, funding=True)
        lead = re.match(r"\d{1,2}\.(?!\d)", sent)
        qs = s + (lead.end() if lead else 0)
        quote, q0, q1 = ctx.view.quote(qs, e)
        if amounts:
            for a in amounts:
                num = parse_number(a["num"])
                if num is None:
                    continue
                value = num * {"万": 10_000, "亿": 100_000_000}.get(a["mult"] or "", 1)
                cond_end = sent.rfind(",", 0, a.start())
                cond = sent[(lead.end() if lead else 0):cond_end] if cond_end > 0 else ""
                if "资助" in cond:
                    cond = cond.split("资助")[0].rstrip(",")
                vals = {"amount": value, "original": ctx.view.quote(s + a.start(), s + a.end())[0],
                        "funders": tuple(funders or ([default_funder] if default_funder else [])),
                        "perItem": bool(re.search(r"每(通过|.{0,6}一项)", sent)),
                        "perYear": "每年" in sent}
                if cond:
                    rs, re_ = s + (lead.end() if lead else 0), s + cond_end
                    vals["recipient"] = ctx.view.quote(rs, re_)[0] if re_ > rs else cond
                out.append(DraftFact("funding", quote, q0, q1, vals))
        elif (re.search(r"经费|资金|财政|资助|投入", sent) and
              re.search(r"设立|加大|安排|支持|资助|投入|统筹", sent) or "奖励补助" in sent) and \
                len(sent) > 16 and not re.match(r"\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、", sent) \
                and not (fm and sent.startswith(("各资助经费", "资助经费", "上述"))):
            if not funders and default_funder and "资助" in sent:
                funders = [default_funder]
            out.append(DraftFact("budget", quote, q0, q1,
                                 {"funders": tuple(funders), "perYear": "每年" in sent}))
    return out


def _orgs_in(ctx: _Ctx, sent: str, *, funding: bool = False) -> list[URIRef]:
    """Known organisations named in a sentence (longest names first, no overlaps)."""
    found, taken = [], []
    for key in sorted(ctx.ref.orgs, key=len, reverse=True):
        if len(key) < 3:
            continue
        for m in re.finditer(re.escape(key), sent):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if funding and key.endswith("政府") and not re.search(
                    re.escape(key) + r".{0,8}(经费|资金|投入|财政|资助|预算|激励|奖励|补助)", sent):
                continue
            taken.append(m.span())
            org = _pick(ctx.ref.orgs[key], ctx.ref, ctx.place)
            if org not in found:
                found.append(org)
    return found


# -------------------------------------------------------------- bodies, zones, industries
def _bodies_zones_industries(ctx: _Ctx, sents) -> list[DraftFact]:
    t, out = ctx.view.text, []
    for s, e in sents:
        sent = t[s:e]
        quote, q0, q1 = ctx.view.quote(s, e)
        if re.search(r"TC|技术委员会|分委员会|工作组\(WG\)|标准制订工作组", sent):
            types = []
            for word, bt in BODY_TYPES:
                if word in sent and bt not in types:
                    types.append(bt)
            action = next((a for w, a in BODY_ACTIONS if w in sent), None)
            vals = {"bodyTypes": tuple(types)}
            if action:
                vals["action"] = action
            lvl = re.search(r"国际|全国|国家级|省级|市级|区级", sent)
            if lvl:
                vals["level"] = {"国际": "international", "全国": "national", "国家级": "national",
                                 "省级": "provincial", "市级": "municipal", "区级": "district"}[lvl.group()]
            out.append(DraftFact("tcsc", quote, q0, q1, vals))
        for word, zt in ZONE_TYPES:
            i = sent.find(word)
            if i < 0 or (zt == "agri-demo-zone" and "高新" in sent[max(0, i - 8):i]):
                continue
            lvl = re.search(r"(国家级|省级|市级)(?:和(?:国家级|省级|市级))?[^,;。]{0,6}$", sent[:i])
            vals = {"zoneType": zt}
            if lvl:
                vals["level"] = {"国家级": "national", "省级": "provincial", "市级": "municipal"}[lvl.group(1)]
            out.append(DraftFact("zone", quote, q0, q1, vals))
        inds, taken = [], []
        for key, ind in ctx.ref.industries:
            for m in re.finditer(re.escape(key), sent):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                taken.append(m.span())
                if ind not in inds:
                    inds.append(ind)
        if len(inds) >= 2:
            out.append(DraftFact("industry", quote, q0, q1, {"industries": tuple(inds)}))
    return out
