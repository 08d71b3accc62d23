"""The other drafted facts: TC/SC/WG measures, zones, industries.

TC/SC/WG measures, demonstration zones and pilots, and industry priorities (two or more
reference industries in one sentence). Funding is drafted by :mod:`.funding`, tasks and their
assignments by :mod:`.tasks`.
"""
from __future__ import annotations

import re


from kgtool.intake.patterns import BODY_ACTIONS, BODY_TYPES, ZONE_TYPES
from kgtool.intake.extract.draft import DraftFact, DraftContext


# -------------------------------------------------------------- bodies, zones, industries
# a body's name in a list (县农业农村局、县林业局、县供销联社): the industry words inside it name no
# priority industry
_BODY_NAME_RE = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:局|厅|委员会|委|办公室|联社|总社|集团|公司|协会)(?=[、,;。:)和与及等]|$)")

def draft_bodies_zones_industries(ctx: DraftContext, sents) -> list[DraftFact]:
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
        inds, taken = [], [m.span() for m in _BODY_NAME_RE.finditer(sent)]   # 县林业局 names no industry
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
