"""Draft the graph of a new policy document from its raw text (issue #5).

:func:`extract_document` reads a Chinese policy text (simplified or traditional, UTF-8 or
GB18030) and drafts, in the terms of docs/MODEL.md: the document's metadata (number, title,
issuer, dates, citations, transmittal), quantitative targets, funding items and budget
statements, tasks with agency assignments, TC/SC/WG measures, demonstration zones and
industry priorities. Each drafted fact carries ``kgt:quote`` (an exact substring of the
text), ``kgt:quoteStart``/``kgt:quoteEnd`` (character offsets into the text) and
``kgt:statedIn``; fact IRIs are ``kg:draft/<doc-slug>/<kind>-<nn>``. A draft is for review
(``kgtool review``), not for merging unread: the patterns are rules, and the text decides.

Matching runs on a normalised *view* of the text (:class:`TextView`: NFKC, half-width,
simplified, whitespace removed) with an offset map back to the original characters.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from .errors import InputError
from .extract_patterns import (AMOUNT_RE, BODY_ACTIONS, BODY_TYPES, DATE_PATTERNS, DEADLINE_RE,
                               DOC_NO_RE, QUANTITY_RE, ROLE_WORDS, ZONE_TYPES, cn_number,
                               match_metric, parse_number)
from .namespaces import ELI, KG, KGT, SCHEMA, bind_prefixes
from .textnorm import normalize, to_halfwidth, to_simplified

__all__ = ["extract_document", "read_policy_text", "Draft", "DraftFact", "TextView", "Reference",
           "load_reference", "review_lines"]

_UNITS = {"项": "item", "个": "unit", "家": "enterprise", "名": "person", "%": "percent",
          "个月": "month"}
_UNIT_EN = {"item": "items", "unit": "units", "enterprise": "enterprises", "person": "persons",
            "percent": "%", "month": "months"}


# ------------------------------------------------------------------------------ reading
def read_policy_text(path: str | os.PathLike) -> str:
    """Read a policy text file: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK.

    :param path: the file.
    :returns: the decoded text (a BOM removed, line ends kept).
    :raises InputError: ``<file>: empty file`` or ``<file>: not a text file`` (NUL bytes,
        undecodable bytes, control characters).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes("渝府发〔2011〕3号".encode("gb18030"))
    >>> read_policy_text(p)
    '渝府发〔2011〕3号'
    """
    data = Path(path).read_bytes()
    return decode_text(data, name=str(path))


def decode_text(data: bytes, *, name: str) -> str:
    """Decode the bytes of a text file (see :func:`read_policy_text`)."""
    if not data.strip():
        raise InputError("empty file", path=name)
    text = None
    if data.startswith(b"\xef\xbb\xbf"):
        text = _try(data[3:], "utf-8")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _try(data, "utf-16")
    elif b"\x00" not in data:
        text = _try(data, "utf-8")
        if text is None:
            text = _try(data, "gb18030")
    if text is None or _looks_binary(text):
        raise InputError("not a text file", path=name)
    if not text.strip():
        raise InputError("empty file", path=name)
    return text


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_binary(text: str) -> bool:
    bad = sum(1 for c in text if (unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn"))
              and c not in "\t\n\r\f\v")
    return "\x00" in text or bad > max(2, len(text) // 100)


# ----------------------------------------------------------------------------- text view
class TextView:
    """The matching view of a text and its offset map back to the original.

    ``view.text[i]`` is the normalised form of ``view.original[view.offsets[i]]``;
    whitespace other than newlines is dropped.

    >>> v = TextView("到 ２０１５年，新增")
    >>> v.text
    '到2015年,新增'
    >>> v.quote(0, 6)
    ('到 ２０１５年', 0, 7)
    """

    def __init__(self, original: str) -> None:
        self.original = original
        chars: list[str] = []
        offsets: list[int] = []
        for i, ch in enumerate(original):
            if ch.isspace() and ch != "\n":
                continue
            n = to_halfwidth(unicodedata.normalize("NFKC", ch))
            if len(n) != 1:
                n = ch
            if n.isspace() and n != "\n":
                continue
            chars.append(n)
            offsets.append(i)
        joined = "".join(chars)
        simp = to_simplified(joined)
        if len(simp) != len(joined):  # phrase conversion changed a length: line by line
            lines = joined.split("\n")
            out = []
            for line in lines:
                s = to_simplified(line)
                out.append(s if len(s) == len(line) else "".join(
                    c2 if len(c2 := to_simplified(c)) == 1 else c for c in line))
            simp = "\n".join(out)
        self.text = simp
        self.offsets = offsets

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets ``[s, e)`` of view characters ``[start, end)``."""
        return self.offsets[start], self.offsets[end - 1] + 1

    def quote(self, start: int, end: int) -> tuple[str, int, int]:
        """The original characters of a view span, and their offsets."""
        s, e = self.span(start, end)
        return self.original[s:e], s, e


# ----------------------------------------------------------------------------- reference
@dataclass
class Reference:
    """Labels of the reference graph used for matching (organisations, metrics, industries)."""

    graph: Graph
    orgs: dict[str, list[URIRef]] = field(default_factory=dict)      # normalised name -> orgs
    org_label: dict[URIRef, str] = field(default_factory=dict)       # org -> zh label
    industries: list[tuple[str, URIRef]] = field(default_factory=list)

    def label(self, node, lang: str = "zh") -> str | None:
        for o in self.graph.objects(node, SKOS.prefLabel):
            if getattr(o, "language", None) == lang:
                return str(o)
        for o in self.graph.objects(node, RDFS.label):
            if getattr(o, "language", None) == lang:
                return str(o)
        return None


def _strip_collective(name: str) -> str:
    return re.sub(r"^(各|有关)|\(自治县\)", "", name)


@lru_cache(maxsize=4)
def _load_reference_cached(ref_dir: str) -> Reference:
    g = Graph()
    for f in sorted(Path(ref_dir).glob("*.ttl")):
        g.parse(f, format="turtle")
    ref = Reference(graph=g)
    from rdflib.namespace import ORG
    org_classes = {ORG.Organization} | set(g.subjects(RDFS.subClassOf, ORG.Organization))
    org_types = (KGT.Government, KGT.GovernmentAgency, KGT.CoordinationBody, KGT.CollectiveActor,
                 KGT.IndustryBody, KGT.StandardizationBody, KGT.TechnicalCommittee, ORG.Organization)
    orgs = {s for t in (*org_types, *org_classes) for s in g.subjects(RDF.type, t)}
    for o in sorted(orgs):
        for p in (RDFS.label, SKOS.altLabel, SKOS.prefLabel):
            for lab in g.objects(o, p):
                if str(getattr(lab, "language", "") or "").startswith("zh"):
                    key = normalize(str(lab))
                    for k in {key, _strip_collective(key)}:
                        ref.orgs.setdefault(k, [])
                        if o not in ref.orgs[k]:
                            ref.orgs[k].append(o)
                    if p == RDFS.label and lab.language == "zh":
                        ref.org_label[o] = str(lab)
    for ind in sorted(set(g.subjects(SKOS.inScheme, KG["scheme/industries"]))):
        for p in (RDFS.label, SKOS.altLabel):
            for lab in g.objects(ind, p):
                if str(getattr(lab, "language", "") or "").startswith("zh") and len(str(lab)) >= 2:
                    ref.industries.append((normalize(str(lab)), ind))
    ref.industries.sort(key=lambda x: -len(x[0]))
    return ref


def load_reference(data_dir: str | os.PathLike | None = None) -> Reference:
    """Load ``<data_dir>/reference/*.ttl`` (default: the project's ``data/``)."""
    if data_dir is None:
        from .project import default_project
        data_dir = default_project().data[0]
    ref_dir = Path(data_dir) / "reference"
    if not ref_dir.is_dir():
        raise InputError("no reference/ directory", path=str(data_dir))
    return _load_reference_cached(str(ref_dir.resolve()))


# --------------------------------------------------------------------------------- draft
@dataclass
class DraftFact:
    """One drafted fact: its kind, key values, and the quote it was read from."""

    kind: str
    quote: str
    start: int
    end: int
    values: dict = field(default_factory=dict)
    iri: URIRef | None = None

    def key(self) -> tuple:
        vals = tuple(sorted((k, str(v)) for k, v in self.values.items()
                            if k not in ("comment", "recipient")))
        return self.kind, normalize(self.quote), vals


@dataclass
class Draft:
    """The result of :func:`extract_document`: the draft graph and its facts."""

    graph: Graph
    facts: list[DraftFact]
    doc_iri: URIRef
    text: str
    metadata: dict

    def by_kind(self, kind: str) -> list[DraftFact]:
        return [f for f in self.facts if f.kind == kind]


class _Ctx:
    def __init__(self, view: TextView, ref: Reference, slug: str, doc: URIRef) -> None:
        self.view, self.ref, self.slug, self.doc = view, ref, slug, doc
        self.place = _doc_place(view.text, ref)
        self.new_orgs: dict[str, URIRef] = {}
        self.new_org_names: dict[str, str] = {}

    def org(self, name: str, *, create: bool = True) -> URIRef | None:
        key = normalize(name)
        for k in (key, _strip_collective(key)):
            cands = self.ref.orgs.get(k)
            if cands:
                return _pick(cands, self.ref, self.place)
        if not create or not key:
            return None
        if key not in self.new_orgs:
            self.new_orgs[key] = KG[f"draft/{self.slug}/org-{len(self.new_orgs) + 1:02d}"]
            self.new_org_names[key] = name
        return self.new_orgs[key]


def _doc_place(text: str, ref: Reference) -> str | None:
    counts = {}
    for lab in ref.org_label.values():
        place = lab[:2]
        if place not in counts:
            counts[place] = text.count(place)
    best = max(counts.items(), key=lambda kv: kv[1], default=(None, 0))
    return best[0] if best[1] else None


def _pick(cands: list[URIRef], ref: Reference, place: str | None) -> URIRef:
    if len(cands) > 1 and place:
        for c in cands:
            if ref.org_label.get(c, "").startswith(place):
                return c
    return cands[0]


def _slug(source_name: str) -> str:
    stem = Path(source_name).stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    return slug or "doc"


# ----------------------------------------------------------------------------- sentences
def _sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences/clauses of the view: split at 。 ; ! and newlines."""
    out = []
    start = 0
    for m in re.finditer(r"[。;!\n]", text):
        end = m.end() if m.group() != "\n" else m.start()
        out.append((start, end))
        start = m.end()
    out.append((start, len(text)))
    spans = []
    for s, e in out:
        while s < e and text[s] in "—-·•*":
            s += 1
        if e - s >= 2:
            spans.append((s, e))
    return spans


# ------------------------------------------------------------------------------ metadata
_TITLE_END = re.compile(r"的(?:若干意见|实施意见|意见|通知|决定|方案|办法)")


def _metadata(ctx: _Ctx) -> dict:
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
        meta["number"] = view.quote(s, m.end())
        break
    # title
    title = None
    for m in re.finditer(r"关于", t):
        ls = max(t.rfind("\n", 0, m.start()), t.rfind("。", 0, m.start()),
                 t.rfind(":", 0, m.start()), t.rfind("号", 0, m.start())) + 1
        window = t[m.start():m.start() + 120]
        e = _TITLE_END.search(window)
        if not e:
            continue
        end = m.start() + e.end()
        if t.startswith("的通知", end):
            end += 3
        if "《" in t[ls:m.start()] or "》" in t[m.start():end]:
            continue
        title = (ls, end)
        break
    if title is None:
        for line in re.finditer(r"[^\n]+", t):
            if 4 <= len(line.group()) <= 60 and not line.group().startswith("["):
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


def _citations(ctx: _Ctx) -> list[dict]:
    t, out, seen = ctx.view.text, [], set()
    sents = _sentences(t)
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


# --------------------------------------------------------------------------------- tasks
_PAREN_RE = re.compile(r"\(([^()]{2,200})\)")


def _parse_assignments(ctx: _Ctx, content: str) -> list[tuple[URIRef, str]]:
    out = []
    for part in re.split(r"[,;]", content):
        role = None
        for word, r in ROLE_WORDS:
            if part.endswith(word):
                role, part = r, part[: -len(word)]
                break
        if role is None:
            return []
        for name in re.split(r"[、和]", part):
            name = name.strip()
            if len(name) < 2:
                continue
            if not re.search(r"局|委|办|府|厅|部门|会议|小组|中心|政府|院|会$", name):
                return []
            org = ctx.org(name)
            if (org, role) not in out:
                out.append((org, role))
    return out


def _tasks(ctx: _Ctx) -> list[DraftFact]:
    t, out = ctx.view.text, []
    prev_end = 0
    for m in _PAREN_RE.finditer(t):
        content = m.group(1)
        if not re.search(r"负责|配合|牵头", content):
            continue
        assigns = _parse_assignments(ctx, content)
        if not assigns:
            continue
        start = max(t.rfind("\n", 0, m.start()) + 1, prev_end)
        head = re.match(r"[一二三四五六七八九十]+、[^。]*。|实施“[^”]*”。", t[start:m.start()])
        if head:
            start += head.end()
        while start < m.start() and t[start] in "\n ":
            start += 1
        quote, q0, q1 = ctx.view.quote(start, m.end())
        out.append(DraftFact("task", quote, q0, q1, {"assignments": tuple(assigns)}))
        prev_end = m.end()
    return out


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


# ------------------------------------------------------------------------------ top level
def extract_document(text_or_path, *, source_name: str, doc_iri: str | URIRef | None = None,
                     data_dir: str | os.PathLike | None = None) -> Draft:
    """Draft the graph of one policy document.

    :param text_or_path: the text itself, or a path (``Path``, or a ``str`` naming a file).
    :param source_name: the file name recorded as ``kgt:sourceFile``; also gives the doc slug.
    :param doc_iri: IRI of the document node (default ``kg:draft/<slug>``).
    :param data_dir: project data directory holding ``reference/`` (default: the project's).
    :returns: a :class:`Draft`.
    :raises InputError: the file is empty or not text.

    >>> d = extract_document("渝府发〔2011〕3号\\n到2015年，新增备案企业产品标准5000项。",
    ...                      source_name="x.txt")
    >>> [(f.kind, str(f.values["value"]), f.values["metric"]) for f in d.by_kind("target")]
    [('target', '5000', 'enterprise-product-standards-filed')]
    """
    if isinstance(text_or_path, os.PathLike) or (
            isinstance(text_or_path, str) and "\n" not in text_or_path and len(text_or_path) < 1024
            and os.path.isfile(text_or_path)):
        text = read_policy_text(text_or_path)
    elif isinstance(text_or_path, str):
        text = text_or_path.lstrip("\ufeff")
        if "\x00" in text or _looks_binary(text):
            raise InputError("not a text file", path=source_name)
        if not text.strip():
            raise InputError("empty file", path=source_name)
    else:
        raise InputError(f"expected text or a path, got {type(text_or_path).__name__}",
                         path=source_name)
    ref = load_reference(data_dir)
    slug = _slug(source_name)
    doc = URIRef(str(doc_iri)) if doc_iri else KG[f"draft/{slug}"]
    view = TextView(text)
    ctx = _Ctx(view, ref, slug, doc)
    sents = _sentences(view.text)
    meta = _metadata(ctx)
    meta["citations"] = _citations(ctx)
    facts = _targets(ctx, sents) + _funding(ctx, sents) + _tasks(ctx) + \
        _bodies_zones_industries(ctx, sents)
    seen, unique = set(), []
    for f in facts:
        k = f.key()
        if k not in seen:
            seen.add(k)
            unique.append(f)
    counters: dict[str, int] = {}
    for f in unique:
        counters[f.kind] = counters.get(f.kind, 0) + 1
        f.iri = KG[f"draft/{slug}/{f.kind}-{counters[f.kind]:02d}"]
    graph = _build_graph(ctx, meta, unique, source_name=source_name)
    return Draft(graph=graph, facts=unique, doc_iri=doc, text=text, metadata=meta)


def review_lines(graph: Graph, *, lang: str = "en", data_dir=None) -> list[str]:
    """Human-readable lines for each drafted fact of a draft graph: kind, key values, quote.

    :param graph: a draft graph (from :func:`extract_document` or ``kgtool intake``).
    :param lang: label language of concept names, ``en`` or ``zh``.
    :returns: lines, three per fact: ``<iri>  <kind>``, key values, the quote.
    """
    ref = load_reference(data_dir)

    def name(node):
        if isinstance(node, Literal):
            return str(node)
        lab = graph.value(node, RDFS.label) if (node, RDFS.label, None) in graph else None
        for src in (ref, None):
            if src is not None:
                got = src.label(node, lang) or src.label(node, "zh")
                if got:
                    return got
        if lab is not None:
            return str(lab)
        return str(node).replace(str(KG), "kg:")

    lines = []
    facts = sorted(set(graph.subjects(KGT.quote, None)), key=str)
    for f in facts:
        kinds = sorted(str(t).replace(str(KGT), "") for t in graph.objects(f, RDF.type))
        lines.append(f"{str(f).replace(str(KG), 'kg:')}  {'/'.join(kinds)}")
        parts = []
        for p, label in _REVIEW_PROPS:
            for o in sorted(graph.objects(f, p), key=str):
                if p == KGT.amount:
                    o = graph.value(o, SCHEMA.value)
                    if o is None:
                        continue
                parts.append(f"{label}={name(o)}")
        for a in sorted(graph.objects(f, KGT.assignment), key=str):
            parts.append(f"{name(graph.value(a, KGT.agent))}:{name(graph.value(a, KGT.role))}")
        lines.append("    " + ("; ".join(parts) if parts else "-"))
        s, e = graph.value(f, KGT.quoteStart), graph.value(f, KGT.quoteEnd)
        where = f" [{s}:{e}]" if s is not None else ""
        lines.append(f"    「{graph.value(f, KGT.quote)}」{where}")
    return lines


_REVIEW_PROPS = [(KGT.metric, "metric"), (KGT.value, "value"), (KGT.minValue, "min"),
                 (KGT.maxValue, "max"), (KGT.comparator, "comparator"), (KGT.unit, "unit"),
                 (KGT.deadline, "deadline"), (KGT.perYear, "perYear"),
                 (KGT.aspirational, "aspirational"), (KGT.amount, "amount CNY"),
                 (KGT.funder, "funder"), (KGT.recipientCondition, "recipient"),
                 (KGT.bodyType, "body"), (KGT.action, "action"), (KGT.zoneType, "zone"),
                 (KGT.level, "level"), (KGT.industry, "industry"), (RDFS.comment, "note")]


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


def _build_graph(ctx: _Ctx, meta: dict, facts: list[DraftFact], *, source_name: str) -> Graph:
    g = Graph()
    bind_prefixes(g)
    doc, view, ref = ctx.doc, ctx.view, ctx.ref
    hant = _is_traditional(view)
    zh = "zh-Hant" if hant else "zh"
    g.add((doc, RDF.type, KGT.PolicyDocument))
    g.add((doc, KGT.sourceFile, Literal(source_name)))
    g.add((doc, DCTERMS.language, Literal("zh-Hant" if hant else "zh-Hans")))
    if "number" in meta:
        g.add((doc, KGT.docNumber, Literal(meta["number"][0])))
    title = meta.get("title", (Path(source_name).stem,))[0]
    g.add((doc, DCTERMS.title, Literal(title, lang=zh)))
    g.add((doc, RDFS.label, Literal(title, lang=zh)))
    g.add((doc, RDFS.label, Literal(f"Draft of {source_name}", lang="en")))
    issuer_name = meta.get("issuer_name") or meta.get("signer")
    issuer = ctx.org(issuer_name) if issuer_name else None
    if issuer is not None:
        g.add((doc, DCTERMS.creator, issuer))
    jur = ref.graph.value(issuer, KGT.jurisdiction) if issuer is not None else None
    if jur is not None:
        g.add((doc, KGT.jurisdiction, jur))
        g.add((doc, KGT.jurisdictionStatus, KG["status/stated"]))
    if meta.get("doctype"):
        g.add((doc, KGT.documentType, KG[f"doctype/{meta['doctype']}"]))
    for key, prop in (("issued", DCTERMS.issued), ("published", KGT.publicationDate),
                      ("uploaded", KGT.webUploadDate)):
        if key in meta:
            g.add((doc, prop, Literal(meta[key][0], datatype=XSD.date)))
    if meta.get("abridged"):
        g.add((doc, KGT.abridged, Literal(True)))
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
            g.add((node, KGT.docNumber, Literal(c["number"])))
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
    for f in facts:
        _add_fact(g, ctx, f, jur, zh)
    for key, node in ctx.new_orgs.items():
        g.add((node, RDF.type, KGT.GovernmentAgency if re.search(r"局|委|办|厅$", key) else
               KGT.Government if key.endswith("政府") else KGT.CollectiveActor))
        g.add((node, RDFS.label, Literal(ctx.new_org_names[key], lang=zh)))
        g.add((node, RDFS.label, Literal("Organisation drafted from the text (not in the reference data)",
                                         lang="en")))
    return g


def _is_traditional(view: TextView) -> bool:
    sample = "".join(view.original.split())[:4000]
    if not sample:
        return False
    changed = sum(1 for a, b in zip(sample, to_simplified(sample)) if a != b)
    return changed > max(3, len(sample) // 100)


def _add_fact(g: Graph, ctx: _Ctx, f: DraftFact, jur, zh: str) -> None:
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
    en = _KIND_EN[f.kind]
    if f.kind in ("target", "goal"):
        if v.get("metric"):
            m = KG[f"metric/{v['metric']}"]
            g.add((s, KGT.metric, m))
            en += f": {ref.label(m, 'en') or v['metric']}"
        if "value" in v:
            g.add((s, KGT.value, _dec(v["value"])))
            en += f" {v['value']}"
        if "min" in v:
            g.add((s, KGT.minValue, _dec(v["min"])))
            g.add((s, KGT.maxValue, _dec(v["max"])))
            en += f" {v['min']}–{v['max']}"
        en += f" {_UNIT_EN[v['unit']]}"
        g.add((s, KGT.comparator, KG[f"cmp/{v['comparator']}"]))
        g.add((s, KGT.unit, KG[f"unit/{v['unit']}"]))
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
    elif f.kind in ("funding", "budget"):
        for org in v.get("funders", ()):
            g.add((s, KGT.funder, org))
        if "amount" in v:
            amt = BNode()
            g.add((s, KGT.amount, amt))
            g.add((amt, RDF.type, SCHEMA.MonetaryAmount))
            g.add((amt, SCHEMA.value, _dec(v["amount"])))
            g.add((amt, SCHEMA.currency, Literal("CNY")))
            g.add((s, KGT.originalAmount, Literal(v["original"])))
            en += f": {v['amount']} CNY"
        if v.get("recipient"):
            g.add((s, KGT.recipientCondition, Literal(v["recipient"], lang=zh)))
        if v.get("perItem"):
            g.add((s, KGT.perItem, Literal(True)))
        if v.get("perYear"):
            g.add((s, KGT.perYear, Literal(True)))
        g.add((s, RDFS.comment, Literal(
            "Drafted: the funded activity is the quoted clause; choose kgt:activity concepts on review.",
            lang="en")))
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
