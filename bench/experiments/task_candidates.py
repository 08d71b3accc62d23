"""Experiment (not a kgtool feature): does a learned classifier of assignment candidates carry
over to held-out text better than the task rules?

Candidates and features are those of :mod:`kgtool.intake.extract.assignment_hints` (the bodies'
names a simple finder sees in each line; role words in the line and right after the name, news
words, a names-only line, a division column word anywhere in the text, …), each with the label "a gold assignment of this text names this body" (task text and role
ignored: a body-level measure, not the assignment-level one of ``kgtool eval-extract``). A
logistic regression is trained on the dev part only, without the rules' output as a feature, and
scored on both parts against the bodies the extractor's rules draft.

Needs scikit-learn, which kgtool does not depend on:

    .venv/bin/pip install scikit-learn
    .venv/bin/python bench/experiments/task_candidates.py

Result recorded in bench/RESULTS.md (2026-12-07).
"""
from __future__ import annotations

from collections import defaultdict

from kgtool.intake.corpus import load_corpus
from kgtool.intake.extract import extract_document
from kgtool.intake.extract.assignment_hints import same_body, text_candidates
from kgtool.intake.extract.text import TextView
from kgtool.intake.textnorm import normalize

CORPUS = "tests/extract_corpus"
THRESHOLDS = (0.3, 0.5, 0.7)


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
            for _, name, feats in text_candidates(TextView(t.text).text):
                cands.append({"part": part, "id": t.id, "name": name, "f": feats,
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
