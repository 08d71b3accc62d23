"""Extraction quality: the extractor's drafts of the seed texts against the curated graph (issue #5).

For each seed file ``NNN_*.txt`` with a curated document (``kgt:sourceFile``) in
``<data_dir>/documents/``, facts are compared per kind, one-to-one (as many pairs as match, then the best quote overlap; :func:`one_to_one`):

- targets: metric + value (or min/max) + deadline; a drafted target without metric (a
  ``kgt:Goal`` with a value) matches a curated target on quote overlap and value;
- funding items (with an amount): amount + funder (when the curated item names one) + quote overlap
  (equal amounts in one document are told apart by the quote);
- budget statements (no amount): quote overlap;
- task assignments: (task, agency, role), tasks paired by quote overlap.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kgtool.errors import InputError
from kgtool.rdf.namespaces import KG, KGT, SCHEMA
from kgtool.intake.textnorm import normalize

__all__ = ["evaluate_extraction", "EvalReport", "KindScore"]


#: the Chinese names of the kinds, attributes, confidences and near-miss fields of the figures
KIND_ZH = {"targets": "目标", "funding items": "资助条目", "budget statements": "预算表述",
           "task assignments": "任务分工", "funding": "资助条目"}
ATTRIBUTE_ZH = {"cap": "封顶", "funder": "资助方", "jurisdiction": "所属地区", "level": "标准层级",
                "tier": "档次", "aspirational": "力争", "comparator": "比较方式", "kind": "增量/存量/比率",
                "unit": "单位"}
CONFIDENCE_ZH = {"high": "高", "medium": "中", "low": "低"}
NEAR_ZH = {"deadline": "期限", "role": "角色", "task text": "任务文字"}


@dataclass
class KindScore:
    """Precision and recall of one kind of fact."""

    kind: str
    drafted: int = 0
    curated: int = 0
    matched: int = 0
    listed: int = 0      # curated facts missed, within two lines of a sentence listed as not drafted

    @property
    def precision(self) -> float:
        return self.matched / self.drafted if self.drafted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.curated if self.curated else 1.0


@dataclass
class EvalReport:
    """Scores per kind, and the documents compared."""

    scores: dict[str, KindScore] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    agreement: dict[str, tuple[int, int]] = field(default_factory=dict)  # attr -> (agree, compared)
    undrafted: int = 0   # sentences the drafts list as not drafted, over all documents
    # unmatched drafted/curated pairs that one field keeps apart ("targets: deadline" -> n)
    near: dict[str, int] = field(default_factory=dict)
    # drafted facts by the review's confidence: (kind, confidence) -> [drafted, correct]
    by_confidence: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    # the document's jurisdiction against the gold's: right, wrong, none, unsaid … -> texts
    jurisdiction: Counter = field(default_factory=Counter)

    def jurisdiction_line(self, lang: str = "en") -> str | None:
        """``document jurisdiction: right 120/140, coarser 3, finer 2, wrong 7, not found 8; …``
        (in ``lang``) or None."""
        j = self.jurisdiction
        named = sum(j[k] for k in ("right", "coarser", "finer", "wrong", "none"))
        if not named and not j["unsaid, none"] + j["unsaid, drafted"]:
            return None
        if lang == "zh":
            return (f"文件所属地区：正确 {j['right']}/{named}，偏粗 {j['coarser']}，偏细 {j['finer']}，"
                    f"错误 {j['wrong']}，未找到 {j['none']}；未写明地区的文本：给出了地区 "
                    f"{j['unsaid, drafted']} 篇，未给出 {j['unsaid, none']} 篇")
        return (f"document jurisdiction: right {j['right']}/{named}, coarser {j['coarser']}, finer {j['finer']}, "
                f"wrong {j['wrong']}, not found {j['none']}; texts that do not say: "
                f"{j['unsaid, drafted']} given one, {j['unsaid, none']} none")

    def confidence_line(self, lang: str = "en") -> str | None:
        """``precision by review confidence: targets high 151/182 (0.83), …`` (in ``lang``) or None."""
        if not self.by_confidence:
            return None
        zh = lang == "zh"
        parts = []
        for kind in self.scores:
            cells = [f"{CONFIDENCE_ZH[conf] if zh else conf} {ok}/{n} ({ok / n:.2f})"
                     for conf in ("high", "medium", "low")
                     if (n := self.by_confidence.get((kind, conf), [0, 0])[0])
                     for ok in [self.by_confidence[(kind, conf)][1]]]
            if cells:
                parts.append(f"{KIND_ZH.get(kind, kind) if zh else kind} " + ("，" if zh else ", ").join(cells))
        if zh:
            return "按复核置信度的精确率：" + "；".join(parts)
        return "precision by review confidence: " + "; ".join(parts)

    def to_markdown(self) -> str:
        rows = ["| kind | drafted | curated | matched | precision | recall |",
                "|---|---:|---:|---:|---:|---:|"]
        for s in self.scores.values():
            rows.append(f"| {s.kind} | {s.drafted} | {s.curated} | {s.matched} | "
                        f"{s.precision:.2f} | {s.recall:.2f} |")
        if self.agreement:
            rows.append("")
            rows.append("Attributes of matched facts (agree / compared): " + ", ".join(
                f"{k} {a}/{n}" for k, (a, n) in sorted(self.agreement.items())))
        return "\n".join(rows)

    def to_text(self, lang: str = "en") -> str:
        """The figures as ``kgtool eval-extract`` prints them, in English or (``lang="zh"``) Chinese."""
        if lang == "zh":
            return self._to_text_zh()
        lines = [f"{'kind':<18}{'drafted':>8}{'curated':>8}{'matched':>8}{'precision':>10}{'recall':>8}"]
        for s in self.scores.values():
            lines.append(f"{s.kind:<18}{s.drafted:>8}{s.curated:>8}{s.matched:>8}"
                         f"{s.precision:>10.2f}{s.recall:>8.2f}")
        for k, (a, n) in sorted(self.agreement.items()):
            lines.append(f"  {k}: {a}/{n} agree")
        if any(s.listed for s in self.scores.values()):
            lines.append("missed, within two lines of a sentence listed as not drafted: " + ", ".join(
                f"{s.kind} {s.listed}/{s.curated - s.matched}" for s in self.scores.values())
                + f" ({self.undrafted} sentences listed in {len(self.documents)} texts)")
        if any(self.near.values()):
            lines.append("near misses, one field apart: " + ", ".join(
                f"{k} {n}" for k, n in self.near.items()))
        if self.confidence_line():
            lines.append(self.confidence_line())
        if self.jurisdiction_line():
            lines.append(self.jurisdiction_line())
        lines.append(f"documents: {', '.join(self.documents)}")
        return "\n".join(lines)

    def _to_text_zh(self) -> str:
        def kind(k: str) -> str:
            return KIND_ZH.get(k, k)
        lines = ["类别\t起草\t标注\t匹配\t精确率\t召回率"]
        for s in self.scores.values():
            lines.append(f"{kind(s.kind)}\t{s.drafted}\t{s.curated}\t{s.matched}\t{s.precision:.2f}\t{s.recall:.2f}")
        for k, (a, n) in sorted(self.agreement.items()):
            group, _, attr = k.partition(".")
            lines.append(f"  {kind(group)}·{ATTRIBUTE_ZH.get(attr, attr)}：{a}/{n} 一致")
        if any(s.listed for s in self.scores.values()):
            lines.append("漏抽且在“未起草”所列句子两行之内：" + "，".join(
                f"{kind(s.kind)} {s.listed}/{s.curated - s.matched}" for s in self.scores.values())
                + f"（{len(self.documents)} 篇文本中列出 {self.undrafted} 句）")
        if any(self.near.values()):
            lines.append("差一个字段的近似匹配：" + "，".join(
                f"{kind(k.split(': ')[0])}·{NEAR_ZH.get(k.split(': ')[1], k.split(': ')[1])} {n}"
                for k, n in self.near.items()))
        if self.confidence_line("zh"):
            lines.append(self.confidence_line("zh"))
        if self.jurisdiction_line("zh"):
            lines.append(self.jurisdiction_line("zh"))
        lines.append(f"文本：{'、'.join(self.documents)}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """Scores as plain data (for ``--json``)."""
        return {"documents": list(self.documents),
                "scores": {k: {"drafted": s.drafted, "curated": s.curated, "matched": s.matched,
                               "precision": round(s.precision, 3), "recall": round(s.recall, 3),
                               "missed_listed": s.listed}
                           for k, s in self.scores.items()},
                "agreement": {k: {"agree": a, "compared": n} for k, (a, n) in sorted(self.agreement.items())},
                "near_misses": dict(self.near), "undrafted_sentences": self.undrafted,
                "by_confidence": {f"{k} {c}": {"drafted": n, "correct": ok}
                                  for (k, c), (n, ok) in sorted(self.by_confidence.items())},
                "document_jurisdiction": dict(self.jurisdiction)}


def _overlap(a: str, b: str) -> float:
    """Share of the shorter normalised quote covered by the longest common substring."""
    a, b = normalize(a), normalize(b)
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    best = 0
    for i in range(len(short)):  # quotes are short: the quadratic scan is fine
        lo, hi = best + 1, len(short) - i
        while lo <= hi and short[i:i + lo] in long_:
            best = lo
            lo += 1
    return best / len(short)


def _dec(x):
    return None if x is None else Decimal(str(x)).normalize()


def _target_rows(g: Graph, doc) -> list[dict]:
    rows = []
    for cls in (KGT.Target, KGT.Goal):
        for t in g.subjects(RDF.type, cls):
            if g.value(t, KGT.statedIn) != doc:
                continue
            vals = (_dec(g.value(t, KGT.value)), _dec(g.value(t, KGT.minValue)),
                    _dec(g.value(t, KGT.maxValue)))
            if cls == KGT.Goal and (t, RDF.type, KGT.Target) not in g and vals == (None,) * 3:
                continue  # qualitative goals are not targets
            metric = g.value(t, KGT.metric)
            if metric is not None and str(metric).startswith(str(KG["draft/"])):
                metric = None               # a proposed metric concept: not in the scheme
            rows.append({"iri": t, "metric": metric, "vals": vals,
                         "deadline": str(g.value(t, KGT.deadline) or ""),
                         "quote": str(g.value(t, KGT.quote) or "")})
    return rows


def _funding_rows(g: Graph, doc, *, with_amount: bool) -> list[dict]:
    rows = []
    for t in set(g.subjects(RDF.type, KGT.FundingMeasure)) | set(g.subjects(RDF.type, KGT.BudgetStatement)):
        if g.value(t, KGT.statedIn) != doc:
            continue
        amt = g.value(t, KGT.amount)
        value = _dec(g.value(amt, SCHEMA.value)) if amt is not None else None
        if (value is not None) != with_amount:
            continue
        rows.append({"iri": t, "amount": value, "funders": set(g.objects(t, KGT.funder)),
                     "quote": str(g.value(t, KGT.quote) or "")})
    return rows


def _task_rows(g: Graph, doc) -> list[dict]:
    rows = []
    for t in g.subjects(RDF.type, KGT.Task):
        if g.value(t, KGT.statedIn) != doc:
            continue
        pairs = {(g.value(a, KGT.agent), g.value(a, KGT.role)) for a in g.objects(t, KGT.assignment)}
        rows.append({"iri": t, "pairs": pairs, "quote": str(g.value(t, KGT.quote) or "")})
    return rows


def one_to_one(drafted, curated, score) -> list[tuple[dict, dict]]:
    """Pairs of drafted and curated facts, each used at most once: as many pairs as the
    ``score`` (> 0: they match) allows, and among those the highest total score.

    A maximum-cardinality matching (networkx), not a greedy one: taking the best-scoring pair
    first can leave a curated fact unmatched that another pairing would have matched (two
    amounts of 5万元 whose quotes overlap), an under-count the greedy scorer made until
    2026-12-07.
    """
    import networkx as nx

    g = nx.Graph()
    for i, d in enumerate(drafted):
        for j, c in enumerate(curated):
            s = score(d, c)
            if s > 0:
                g.add_edge(("d", i), ("c", j), weight=s)
    pairs = []
    for u, v in nx.max_weight_matching(g, maxcardinality=True):
        (_, c), (_, d) = sorted((u, v))          # ("c", j) sorts before ("d", i)
        pairs.append((d, c))
    return [(drafted[d], curated[c]) for d, c in sorted(pairs)]


def _target_score(d, c) -> float:
    ov = _overlap(d["quote"], c["quote"])
    if d["metric"] is not None:
        if d["metric"] == c["metric"] and d["vals"] == c["vals"] and d["deadline"] == c["deadline"]:
            return 1.0 + ov
        return 0.0
    return ov if (ov >= 0.5 and d["vals"] == c["vals"]) else 0.0


def _funding_score(d, c) -> float:
    if d["amount"] != c["amount"]:
        return 0.0
    if c["funders"] and not (d["funders"] & c["funders"]):
        return 0.0
    return 0.01 + _overlap(d["quote"], c["quote"])


def _budget_score(d, c) -> float:
    ov = _overlap(d["quote"], c["quote"])
    return ov if ov >= 0.5 else 0.0


def evaluate_extraction(corpus_dir: str | os.PathLike, data_dir: str | os.PathLike) -> EvalReport:
    """Run the extractor over the seed texts and score it against the curated graph.

    :param corpus_dir: directory of the seed ``*.txt`` files.
    :param data_dir: project data directory (``reference/`` and ``documents/``).
    :returns: an :class:`EvalReport` with precision and recall per kind.
    :raises InputError: a directory is missing or holds no seed text.
    """
    from kgtool.intake.extract import extract_document

    corpus, data = Path(corpus_dir), Path(data_dir)
    if not corpus.is_dir():
        raise InputError("corpus directory not found", path=str(corpus))
    if not (data / "documents").is_dir():
        raise InputError("no documents/ directory", path=str(data))
    curated = Graph()
    for f in sorted((data / "documents").glob("*.ttl")):
        curated.parse(f, format="turtle")
    by_source: dict[str, URIRef] = {}
    for d, src in sorted(curated.subject_objects(KGT.sourceFile)):  # the numbered outer notice
        n = len(set(curated.subjects(KGT.statedIn, d)))
        if str(src) not in by_source or n > len(set(curated.subjects(KGT.statedIn, by_source[str(src)]))):
            by_source[str(src)] = d
    report = EvalReport(scores={k: KindScore(k) for k in
                                ("targets", "funding items", "budget statements", "task assignments")})
    seeds = sorted(corpus.glob("*.txt"))
    if not seeds:
        raise InputError("no *.txt seed files", path=str(corpus))
    for seed in seeds:
        doc = by_source.get(seed.name)
        if doc is None:
            continue
        report.documents.append(seed.name)
        draft = extract_document(seed, source_name=seed.name, data_dir=data)
        dg, dd = draft.graph, draft.doc_iri
        for kind, rows, score in (
                ("targets", lambda g, d: _target_rows(g, d), _target_score),
                ("funding items", lambda g, d: _funding_rows(g, d, with_amount=True), _funding_score),
                ("budget statements", lambda g, d: _funding_rows(g, d, with_amount=False), _budget_score)):
            drafted, gold = rows(dg, dd), rows(curated, doc)
            pairs = one_to_one(drafted, gold, score)
            sc = report.scores[kind]
            sc.drafted += len(drafted)
            sc.curated += len(gold)
            sc.matched += len(pairs)
            hit = {id(c) for _, c in pairs}
            report.misses += [f"{seed.name}: missed {kind[:-1]}: {c['quote'][:40]}" for c in gold
                              if id(c) not in hit]
        drafted, gold = _task_rows(dg, dd), _task_rows(curated, doc)
        pairs = one_to_one(drafted, gold, lambda d, c: _budget_score(d, c))
        sc = report.scores["task assignments"]
        sc.drafted += sum(len(d["pairs"]) for d in drafted)
        sc.curated += sum(len(c["pairs"]) for c in gold)
        sc.matched += sum(len(d["pairs"] & c["pairs"]) for d, c in pairs)
    return report
