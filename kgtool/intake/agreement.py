"""How far two independent readings of the same corpus texts agree: the human ceiling of
``kgtool eval-extract`` (issue #16).

The corpus gold (``tests/extract_corpus/NNN.gold.yaml``) is one analyst's reading. A second
analyst, who saw neither that gold nor any extractor output, annotates the same texts in the
same format (``tests/extract_corpus/second_reading/NNN.gold.yaml``). :func:`compare_readings`
scores the second reading against the first with the rules of :mod:`kgtool.intake.corpus`,
except that two quotes match when they lie in the same sentence (both readings quote a
locating substring, and two analysts cut it differently):

- targets: value (or min and max) and deadline equal;
- funding items: amount equal;
- task assignments: agency (normalised, a bracketed alias dropped) and role equal.

If the second reading recovers only part of the first, an extractor cannot be expected to
recover more of it than that on the same texts. The figure is only an estimate of that
ceiling.

>>> first = {"targets": [], "funding": [], "tasks": [
...     {"task": "推进标准化示范区建设", "agency": "市质监局", "role": "lead"}]}
>>> second = {"targets": [], "funding": [], "tasks": [
...     {"task": "标准化示范区建设", "agency": "市质监局", "role": "responsible"}]}
>>> r = compare_pair("一、推进标准化示范区建设(市质监局牵头)。", first, second)
>>> r.scores["task assignments"].matched, r.near["task assignments: role"]
(0, 1)
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from kgtool.errors import InputError
from kgtool.intake.corpus import decimal_or_none, load_corpus, read_gold, target_values
from kgtool.intake.evaluate import EvalReport, KindScore, one_to_one
from kgtool.intake.textnorm import normalize

__all__ = ["compare_readings", "compare_pair", "agreement_text", "KINDS", "SECOND_READING_DIR"]

#: where the second readings live, inside the corpus directory
SECOND_READING_DIR = "second_reading"

KINDS = (("targets", "targets", "quote"), ("funding items", "funding", "quote"),
         ("task assignments", "tasks", "task"))
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_ALIAS = re.compile(r"\([^()]{1,20}\)$")


def _sentences(norm_text: str, quote: str) -> set[int]:
    """The indexes of the sentences of ``norm_text`` that an occurrence of ``quote`` touches."""
    q = normalize(quote)
    ends = [m.start() for m in _SENTENCE_END.finditer(norm_text)]
    out, start = set(), norm_text.find(q)
    while start >= 0 and q:
        first = sum(1 for e in ends if e < start)
        last = sum(1 for e in ends if e < start + len(q) - 1)
        out.update(range(first, last + 1))
        start = norm_text.find(q, start + 1)
    return out


def _agency(name: str) -> str:
    return _ALIAS.sub("", normalize(name))


def _rows(items: list[dict], norm_text: str, key: str) -> list[dict]:
    return [{**g, "_at": _sentences(norm_text, str(g[key]))} for g in items]


def _target_score(a, b) -> float:
    return float(bool(a["_at"] & b["_at"]) and target_values(a) == target_values(b)
                 and a.get("deadline") == b.get("deadline"))


def _funding_score(a, b) -> float:
    return float(bool(a["_at"] & b["_at"]) and decimal_or_none(a["amount"]) == decimal_or_none(b["amount"]))


def _task_score(a, b) -> float:
    return float(bool(a["_at"] & b["_at"]) and a["role"] == b["role"]
                 and _agency(a["agency"]) == _agency(b["agency"]))


_SCORES = {"targets": _target_score, "funding items": _funding_score, "task assignments": _task_score}
# unmatched pairs one field keeps apart, as eval-extract counts them
_NEAR = {"targets": {"deadline": lambda a, b: _target_score(a, {**b, "deadline": a.get("deadline")})},
         "task assignments": {"role": lambda a, b: _task_score(a, {**b, "role": a["role"]})}}


def compare_pair(text: str, first: dict, second: dict, report: EvalReport | None = None,
                 text_id: str = "") -> EvalReport:
    """Add one text's two readings (gold mappings) to ``report`` (a new one when None): the
    first reading counts as curated, the second as drafted; the items only one reading has go
    to ``report.misses`` (``"NNN: only first: targets: <quote>"``)."""
    if report is None:
        report = EvalReport(scores={k: KindScore(k) for k, _, _ in KINDS})
    norm = normalize(text)
    for kind, key, quote in KINDS:
        a = _rows(first.get(key) or [], norm, quote)
        b = _rows(second.get(key) or [], norm, quote)
        pairs = one_to_one(b, a, lambda d, c, s=_SCORES[kind]: s(c, d))
        sc = report.scores[kind]
        sc.curated += len(a)
        sc.drafted += len(b)
        sc.matched += len(pairs)
        used_a = {id(c) for _, c in pairs}
        used_b = {id(d) for d, _ in pairs}
        rest_a = [c for c in a if id(c) not in used_a]
        rest_b = [d for d in b if id(d) not in used_b]
        label = "agency" if key == "tasks" else quote
        report.misses += [f"{text_id}: only {which}: {kind}: {r[label]}" + (
            f" ({r['role']}) {r['task']}" if key == "tasks" else "")
            for which, rest in (("first", rest_a), ("second", rest_b)) for r in rest]
        for field_name, score in _NEAR.get(kind, {}).items():
            key_near = f"{kind}: {field_name}"
            report.near[key_near] = report.near.get(key_near, 0) + len(
                one_to_one(rest_b, rest_a, lambda d, c, s=score: s(c, d)))
    return report


def compare_readings(corpus_dir: str | os.PathLike, second_dir: str | os.PathLike) -> EvalReport:
    """Score every second reading in ``second_dir`` (``NNN.gold.yaml``) against the corpus
    gold of the same text.

    :returns: an :class:`EvalReport` whose ``drafted`` counts are the second reading's items,
        ``curated`` the first's, ``matched`` those both readings have; ``documents`` the ids.
    :raises InputError: no second reading, a text not in the corpus, or a malformed file.
    """
    texts = {t.id: t for t in load_corpus(corpus_dir)}
    files = sorted(Path(second_dir).glob("*.gold.yaml"))
    if not files:
        raise InputError("no NNN.gold.yaml second readings", path=str(second_dir))
    report = EvalReport(scores={k: KindScore(k) for k, _, _ in KINDS})
    for f in files:
        tid = f.name.split(".", 1)[0]
        if tid not in texts:
            raise InputError(f"text {tid} is not in the corpus", path=str(f))
        t = texts[tid]
        second = read_gold(f, normalize(t.text))
        compare_pair(t.text, t.gold, second, report, tid)
        report.documents.append(tid)
    return report


_KIND_ZH = {"targets": "目标", "funding items": "资助条目", "task assignments": "任务分工"}


def agreement_text(report: EvalReport, lang: str = "en") -> str:
    """The figures of :func:`compare_readings` as ``kgtool eval-extract --second-reading`` prints
    them: per kind, the items of each reading, those both have, and the share of each reading
    the other recovers (in ``lang``)."""
    zh = lang == "zh"
    lines = ["类别\t第一次标注\t第二次标注\t两者一致\t第一次被复现\t第二次被复现" if zh else
             f"{'kind':<18}{'first':>7}{'second':>8}{'both':>6}{'of first':>10}{'of second':>11}"]
    for s in report.scores.values():
        if zh:
            lines.append(f"{_KIND_ZH[s.kind]}\t{s.curated}\t{s.drafted}\t{s.matched}\t"
                         f"{s.recall:.2f}\t{s.precision:.2f}")
        else:
            lines.append(f"{s.kind:<18}{s.curated:>7}{s.drafted:>8}{s.matched:>6}"
                         f"{s.recall:>10.2f}{s.precision:>11.2f}")
    near = {k: n for k, n in report.near.items() if n}
    if near:
        lines.append(("差一个字段的近似一致：" if zh else "near agreement, one field apart: ")
                     + (("，" if zh else ", ").join(
                         f"{_KIND_ZH[k.split(': ')[0]] if zh else k.split(': ')[0]}·"
                         f"{({'deadline': '期限', 'role': '角色'}[k.split(': ')[1]]) if zh else k.split(': ')[1]} {n}"
                         for k, n in near.items())))
    lines.append(("文本：" + "、".join(report.documents)) if zh else f"documents: {', '.join(report.documents)}")
    return "\n".join(lines)
