"""Document metadata drafted from the text: number, title, issuer, type, dates, citations."""
from __future__ import annotations

import re

from kgtool.intake.patterns import DATE_PATTERNS, DOC_NO_RE, cn_number
from kgtool.intake.textnorm import normalize
from kgtool.intake.extract.draft import DraftContext
from kgtool.intake.extract.text import split_sentences


# ------------------------------------------------------------------------------ metadata
_TITLE_END = re.compile(r"的(?:若干意见|实施意见|意见|通知|决定|方案|办法)")
_TITLE_LINE = re.compile(r"(?:意见|通知|决定|方案|办法|规划|纲要|计划|细则|要点|规定|措施)(?:\([^()]{4,20}\))?$")
_FURNITURE = re.compile(r"首页|当前位置|您的位置|欢迎|您好|>|字号|浏览|来源|点击|分享|登录|注册|搜索")
_GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)")


def draft_metadata(ctx: DraftContext) -> dict:
    t, view = ctx.view.text, ctx.view
    meta: dict = {}
    # number: the first 文号 not inside a citation 》(…)
    for m in DOC_NO_RE.finditer(t):
        if t[max(0, m.start() - 2):m.start()].endswith("》("):
            continue
        code = m["code"]
        cut = max(code.rfind(c) for c in "知见案的》」号:") + 1
        s = m.start("code") + cut
        if s >= m.start("year") - 1:
            continue
        q = view.quote(s, m.end())
        meta["number"] = (_GLOSS.sub("", q[0]), q[1], q[2])   # 國市(shì)監… -> 國市監…
        break
    # title
    title = None
    for m in re.finditer(r"关于", t):
        ls = max(t.rfind("\n", 0, m.start()), t.rfind("。", 0, m.start()), t.rfind("|", 0, m.start()),
                 t.rfind(":", 0, m.start()), t.rfind("号", 0, m.start())) + 1
        window = t[m.start():m.start() + 120]
        e = _TITLE_END.search(window)
        if not e:
            continue
        end = m.start() + e.end()
        if t.startswith("的通知", end):
            end += 3
        line_end = t.find("\n", end)
        whole_line = ls >= t.rfind("\n", 0, m.start()) + 1 and \
            t[end:line_end if line_end >= 0 else len(t)].strip() == ""
        if ("《" in t[ls:m.start()] or "》" in t[m.start():end]) and not whole_line:
            continue                       # a cited title inside a sentence
        title = (ls, end)
        break
    if title is None:             # a line that names a document type; never page furniture
        for line in re.finditer(r"[^\n]+", t):
            text = line.group()
            if 4 <= len(text) <= 60 and _TITLE_LINE.search(text) and not _FURNITURE.search(text):
                title = line.span()
                break
    if title:
        q = view.quote(*title)
        meta["title"] = (re.sub(r"\s+", "", q[0]), q[1], q[2])
        tt = t[title[0]:title[1]]
        prefix = tt.split("关于", 1)[0] if "关于" in tt else ""
        transmitted_by = None
        if prefix.startswith("批转"):
            transmitted_by, prefix = prefix[2:], ""
        meta["inner_creator"] = transmitted_by
        meta["issuer_name"] = prefix or None
        meta["doctype"] = ("task-division" if "分工" in tt and not tt.endswith("通知") else
                           "notice" if tt.endswith("通知") else
                           "implementation-plan" if tt.endswith("方案") else
                           "opinion" if tt.endswith("意见") else None)
    # dates
    dates = []
    for pat in DATE_PATTERNS:
        for m in pat.finditer(t):
            y = int(m["y"]) if m["y"].isdigit() else cn_number(m["y"])
            mo = int(m["m"]) if m["m"].isdigit() else cn_number(m["m"])
            d = int(m["d"]) if m["d"].isdigit() else cn_number(m["d"])
            if y and mo and d and 1 <= mo <= 12 and 1 <= d <= 31 and 1949 <= y <= 2100:
                before = t[max(0, m.start() - 6):m.start()]
                dates.append((m.start(), m.end(), f"{y:04d}-{mo:02d}-{d:02d}", before))
    dates.sort()
    for s, e, iso, before in dates:
        if "生成日期" in before:
            continue                  # a web page's generation date, not the document's
        if "发布日期" in before and "published" not in meta:
            meta["published"] = (iso, s, e)
        elif "时间" in before and "uploaded" not in meta:
            meta["uploaded"] = (iso, s, e)
        elif "issued" not in meta and "发布日期" not in before and "时间" not in before:
            meta["issued"] = (iso, s, e)
            sig = re.search(r"([\u4e00-\u9fff]{2,16}(?:人民政府办公厅|人民政府办公室|人民政府|办公厅))$",
                            t[max(0, s - 20):s])
            if sig:
                meta["signer"] = sig.group(1)
    meta["abridged"] = "此文有删减" in t
    return meta


def draft_citations(ctx: DraftContext) -> list[dict]:
    t, out, seen = ctx.view.text, [], set()
    sents = split_sentences(t)
    for m in re.finditer(r"《([^《》]{2,120})》(?:\((?P<no>[^()]{2,30}?号)\))?", t):
        sent = next(((s, e) for s, e in sents if s <= m.start() < e), (m.start(), m.end()))
        before = t[max(sent[0], m.start() - 6):m.start()]
        after = t[m.end():min(sent[1], m.end() + 30)]
        item = {"title": ctx.view.quote(m.start(1), m.end(1))[0], "span": m.span(),
                "sentence": sent, "number": None}
        if m["no"]:
            item["number"] = ctx.view.quote(m.start("no"), m.end("no"))[0]
        if not m["no"] and ("批转" in after or "印发" in after or "批转" in before):
            item["rel"] = "transmits"
            item["type"] = "pizhuan" if "批转" in after + before else "yinfa"
        elif re.search(r"(制定|制订|出台|起草|推进)(实施)?$", before) or "制定工作" in after[:6]:
            item["rel"] = "planned"
        else:
            item["rel"] = "cites"
        if out and out[-1]["rel"] == "planned" and item["rel"] == "cites" and \
                t[out[-1]["span"][1]:m.start()] in ("和", "、", "及"):
            item["rel"] = "planned"
        key = (normalize(item["title"]), item["number"] and normalize(item["number"]))
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out
