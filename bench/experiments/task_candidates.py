"""Experiment (not a kgtool feature): does a learned classifier of assignment candidates carry
over to held-out text better than the task rules?

Candidates are the bodies' names a simple finder sees in each line of each corpus text (a name
ending in 局, 委, 办, 政府 …, at a boundary). Each gets hand-written features (role words in its
line and right after it, news words, a names-only line, a division column word anywhere in the
text, …) and the label "a gold assignment of this text names this body" (task text and role
ignored: a body-level measure, not the assignment-level one of ``kgtool eval-extract``). A
logistic regression is trained on the dev part only, without the rules' output as a feature, and
scored on both parts against the bodies the extractor's rules draft.

Needs scikit-learn, which kgtool does not depend on:

    .venv/bin/pip install scikit-learn
    .venv/bin/python bench/experiments/task_candidates.py

Result recorded in bench/RESULTS.md (2026-12-07).
"""
from __future__ import annotations

import re
from collections import defaultdict

from kgtool.intake.corpus import load_corpus
from kgtool.intake.extract import extract_document
from kgtool.intake.extract.text import TextView
from kgtool.intake.textnorm import normalize

CORPUS = "tests/extract_corpus"
_END = (r"委员会|办公室|管委会|总局|局|委|办|厅|中心|政府|联社|总社|协会|公司|集团|部|署|研究院|所|站|"
        r"支队|大队|海关|银行|分行|科协|工商联")
# a body's name at a boundary: after a separator or 由/要/和 …, before a separator or a role word
NAME = re.compile(r"(?:(?<=^)|(?<=[、,;:()\[\]〔〕【】\s|由要和及与同会是为]))"
                  r"(?P<n>[\u4e00-\u9fff]{1,12}?(?:" + _END + r"))"
                  r"(?=[、,;:()\[\]〔〕【】\s|。牵负配协参承主会要和及与等按具分共指]|$)")
END = re.compile(r"(?:" + _END + r")$")
ROLE = ["牵头", "负责", "配合", "协助", "参与", "参加", "承担", "承办", "主办", "会同", "落实", "责任单位",
        "牵头单位", "配合单位", "责任部门", "职责"]
NEWS = ["会议", "出席", "主持", "介绍", "获悉", "记者", "表示", "指出", "强调", "讲话", "召开", "同志", "负责人", "局长"]
COLS = re.compile(r"(?:责任|牵头|配合|协助|主办|承办|实施|涉及)(?:单位|部门)|职责分工")
SEP = re.compile(r"[、,;:()\[\]〔〕【】\s/|和及与等]+")
THRESHOLDS = (0.3, 0.5, 0.7)


def same_body(a: str, b: str) -> bool:
    return a == b or a.endswith(b) or b.endswith(a)


def candidates(line: str) -> list[tuple[str, int, int]]:
    """(name, start, end) of each body's name the finder sees in one line."""
    out, seen = [], set()
    for i in range(len(line)):
        m = NAME.match(line, i)
        if m and m.start("n") not in seen:
            name = re.sub(r"^(?:由|请|经|对|会同|联合|以及)", "", m["n"])
            if 2 <= len(name) <= 16:
                seen.add(m.start("n"))
                out.append((name, m.start("n"), m.end("n")))
    return out


def features(line: str, lines: list[str], li: int, cands, name: str, a: int, b: int, has_cols: bool) -> dict:
    after, before = line[b:b + 8], line[max(0, a - 4):a]
    rest = SEP.sub("", re.sub("|".join(re.escape(c[0]) for c in cands), "", line))
    f = {f"role_line:{w}": 1 for w in ROLE if w in line}
    f.update({f"role_after:{w}": 1 for w in ROLE if w in after})
    f.update({f"news:{w}": 1 for w in NEWS if w in line})
    f["names_only"] = int(len(re.sub("|".join(ROLE), "", rest)) <= 2)
    f["has_cols"] = int(has_cols)
    f["by"] = int(before.endswith("由"))
    f["must"] = int(after.startswith("要"))
    f["line_start"] = int(a <= 2)
    f[f"ncands:{min(len(cands), 5)}"] = 1
    f[f"len:{min(len(line) // 20, 6)}"] = 1
    f[f"end:{END.search(name).group()}"] = 1
    f["generic"] = int(bool(re.match(r"各|有关|相关|其他", name)))
    f["prev_names_only"] = int(li > 0 and bool(candidates(lines[li - 1])) and len(lines[li - 1]) < 40)
    return f


def collect():
    """Candidates (part, text id, name, features, label, drafted by the rules) and, per text, the
    gold and the drafted bodies."""
    cands, texts = [], {}
    for part in ("dev", "test"):
        for t in load_corpus(CORPUS, part):
            d = extract_document(t.text, source_name=f"{t.id}.txt")
            drafted = {normalize(n) for f in d.by_kind("task") for _, n in f.values["agentNames"]}
            gold = {normalize(g["agency"]) for g in t.gold["tasks"]}
            texts[(part, t.id)] = (gold, drafted)
            view = TextView(t.text).text
            has_cols = bool(COLS.search(view))
            lines = view.split("\n")
            for li, line in enumerate(lines):
                cs = candidates(line)
                for name, a, b in cs:
                    cands.append({"part": part, "id": t.id, "name": name,
                                  "f": features(line, lines, li, cs, name, a, b, has_cols),
                                  "y": int(any(same_body(name, g) for g in gold)),
                                  "rule": any(same_body(name, x) for x in drafted)})
    return cands, texts


def body_scores(texts, part: str, predicted: dict[str, set[str]]) -> str:
    """Body-level precision and recall of ``predicted`` (text id -> names) on one part."""
    tp_p = n_p = tp_r = n_g = 0
    for (p, i), (gold, _) in texts.items():
        if p != part:
            continue
        got = predicted.get(i, set())
        n_p, n_g = n_p + len(got), n_g + len(gold)
        tp_p += sum(1 for x in got if any(same_body(x, g) for g in gold))
        tp_r += sum(1 for g in gold if any(same_body(x, g) for x in got))
    return f"P {tp_p}/{n_p}={tp_p / max(n_p, 1):.2f}  R {tp_r}/{n_g}={tp_r / max(n_g, 1):.2f}"


def main() -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    cands, texts = collect()
    dv = DictVectorizer()
    dev = [c for c in cands if c["part"] == "dev"]
    clf = LogisticRegression(max_iter=2000).fit(dv.fit_transform([c["f"] for c in dev]), [c["y"] for c in dev])
    for part in ("dev", "test"):
        mine = [c for c in cands if c["part"] == part]
        probs = clf.predict_proba(dv.transform([c["f"] for c in mine]))[:, 1]
        rules = {i: drafted for (p, i), (_, drafted) in texts.items() if p == part}
        print(part, "rules (the bodies the extractor drafts):", body_scores(texts, part, rules))
        for th in THRESHOLDS:
            learned, either = defaultdict(set), defaultdict(set)
            for c, p in zip(mine, probs):
                if p > th:
                    learned[c["id"]].add(c["name"])
                if p > th or c["rule"]:
                    either[c["id"]].add(c["name"])
            for i, drafted in rules.items():
                either[i] |= drafted
            print(part, f"classifier p>{th}:", body_scores(texts, part, learned))
            print(part, f"rules or classifier p>{th}:", body_scores(texts, part, either))


if __name__ == "__main__":
    main()
