"""Lines that likely assign a task to a body, by a model learnt on the dev part of the corpus
(issue #16): a hint for the not-drafted listing, never a drafted fact.

The task rules (:mod:`.tasks`) read the formats of the texts they were written on and carry
over poorly to new ones (held-out body recall 0.45, ``bench/RESULTS.md``). A logistic regression
over the bodies' names in each line, with hand-written features (role words in the line and right
after the name, news words, a names-only line, a division column word anywhere in the text …),
trained on the dev part only, finds more of the held-out bodies (0.59 at p > 0.5). Its weights
are data (``assignment_hints.json``, written by ``scripts/train_assignment_hints.py``, which
needs scikit-learn); scoring needs nothing but this module.

:func:`likely_lines` gives the lines of a text holding a name the model scores at or above its
threshold; :mod:`.coverage` lists those that no drafted task quotes.
"""
from __future__ import annotations

import re

from kgtool.intake.extract.logistic import Model, load_models

__all__ = ["candidates", "features", "text_candidates", "same_body", "likely_lines", "Model", "load_model"]

_END = (r"委员会|办公室|管委会|总局|局|委|办|厅|中心|政府|联社|总社|协会|公司|集团|部|署|研究院|所|站|"
        r"支队|大队|海关|银行|分行|科协|工商联")
# a body's name at a boundary: after a separator or 由/要/和 …, before a separator or a role word
_NAME = re.compile(r"(?:(?<=^)|(?<=[、,;:()\[\]〔〕【】\s|由要和及与同会是为]))"
                   r"(?P<n>[\u4e00-\u9fff]{1,12}?(?:" + _END + r"))"
                   r"(?=[、,;:()\[\]〔〕【】\s|。牵负配协参承主会要和及与等按具分共指]|$)")
_END_RE = re.compile(r"(?:" + _END + r")$")
_ROLE = ["牵头", "负责", "配合", "协助", "参与", "参加", "承担", "承办", "主办", "会同", "落实", "责任单位",
         "牵头单位", "配合单位", "责任部门", "职责"]
_NEWS = ["会议", "出席", "主持", "介绍", "获悉", "记者", "表示", "指出", "强调", "讲话", "召开", "同志", "负责人", "局长"]
_COLS = re.compile(r"(?:责任|牵头|配合|协助|主办|承办|实施|涉及)(?:单位|部门)|职责分工")
_SEP = re.compile(r"[、,;:()\[\]〔〕【】\s/|和及与等]+")


def same_body(a: str, b: str) -> bool:
    """Whether two names name one body as the corpus labels do (省质监局 and 质监局)."""
    return a == b or a.endswith(b) or b.endswith(a)


def candidates(line: str) -> list[tuple[str, int, int]]:
    """(name, start, end) of each body's name the finder sees in one line.

    >>> [n for n, _, _ in candidates("由市质监局牵头,市财政局、市商务局配合")]
    ['市质监局', '市财政局', '市商务局']
    """
    out, seen = [], set()
    for i in range(len(line)):
        m = _NAME.match(line, i)
        if not m:
            continue
        name = re.sub(r"^(?:由|请|经|对|会同|联合|以及)", "", m["n"])
        start = m.end("n") - len(name)
        if 2 <= len(name) <= 16 and start not in seen:     # 由市质监局 and 市质监局 are one name
            seen.add(start)
            out.append((name, start, m.end("n")))
    return out


def features(lines: list[str], li: int, cands, name: str, a: int, b: int, has_cols: bool) -> dict[str, int]:
    """The features of the name at ``[a, b)`` of line ``li`` (``cands``: the line's candidates;
    ``has_cols``: the text has a division column word)."""
    line = lines[li]
    after, before = line[b:b + 8], line[max(0, a - 4):a]
    rest = _SEP.sub("", re.sub("|".join(re.escape(c[0]) for c in cands), "", line))
    f = {f"role_line:{w}": 1 for w in _ROLE if w in line}
    f.update({f"role_after:{w}": 1 for w in _ROLE if w in after})
    f.update({f"news:{w}": 1 for w in _NEWS if w in line})
    f["names_only"] = int(len(re.sub("|".join(_ROLE), "", rest)) <= 2)
    f["has_cols"] = int(has_cols)
    f["by"] = int(before.endswith("由"))
    f["must"] = int(after.startswith("要"))
    f["line_start"] = int(a <= 2)
    f[f"ncands:{min(len(cands), 5)}"] = 1
    f[f"len:{min(len(line) // 20, 6)}"] = 1
    f[f"end:{_END_RE.search(name).group()}"] = 1
    f["generic"] = int(bool(re.match(r"各|有关|相关|其他", name)))
    f["prev_names_only"] = int(li > 0 and bool(candidates(lines[li - 1])) and len(lines[li - 1]) < 40)
    return {k: v for k, v in f.items() if v}


def text_candidates(view_text: str) -> list[tuple[int, str, dict[str, int]]]:
    """(line index, name, features) of every candidate of a text (its matching view)."""
    lines = view_text.split("\n")
    has_cols = bool(_COLS.search(view_text))
    out = []
    for li, line in enumerate(lines):
        cs = candidates(line)
        for name, a, b in cs:
            out.append((li, name, features(lines, li, cs, name, a, b, has_cols)))
    return out


def load_model() -> Model:
    """The packaged model (``assignment_hints.json``)."""
    return load_models("assignment_hints.json")[""]


def likely_lines(view_text: str, model: Model | None = None) -> dict[int, list[tuple[str, float]]]:
    """Line index → the names on it the model scores at or above its threshold, with the score."""
    model = model or load_model()
    out: dict[int, list[tuple[str, float]]] = {}
    for li, name, feats in text_candidates(view_text):
        p = model.probability(feats)
        if p >= model.threshold:
            out.setdefault(li, []).append((name, round(p, 2)))
    return out
