"""Train the assignment-hint model on the dev part of the extraction corpus and write its
weights to kgtool/intake/extract/assignment_hints.json (issue #16).

Each candidate body's name in each line of a dev text (:func:`kgtool.intake.extract.assignment_hints.text_candidates`)
is labelled 1 when a gold assignment of that text names the body. A logistic regression
(scikit-learn, default settings) is fitted; its weights, intercept and the threshold 0.5 are
written. Only the dev part is read: the test part stays held out.

    .venv/bin/pip install scikit-learn      # not a kgtool dependency: training only
    .venv/bin/python scripts/train_assignment_hints.py
"""
from __future__ import annotations

import json
from pathlib import Path

from kgtool.intake.corpus import load_corpus
from kgtool.intake.extract.assignment_hints import same_body, text_candidates
from kgtool.intake.extract.text import TextView
from kgtool.intake.textnorm import normalize

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "kgtool" / "intake" / "extract" / "assignment_hints.json"


def main() -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = load_corpus(ROOT / "tests" / "extract_corpus", "dev")
    X, y = [], []
    for t in texts:
        gold = {normalize(g["agency"]) for g in t.gold["tasks"]}
        for _, name, feats in text_candidates(TextView(t.text).text):
            X.append(feats)
            y.append(int(any(same_body(name, g) for g in gold)))
    dv = DictVectorizer()
    clf = LogisticRegression(max_iter=2000).fit(dv.fit_transform(X), y)
    weights = {k: round(float(w), 6) for k, w in zip(dv.get_feature_names_out(), clf.coef_[0]) if w}
    OUT.write_text(json.dumps({
        "trained_on": f"dev part of tests/extract_corpus ({len(texts)} texts, {len(y)} candidates, "
                      f"{sum(y)} named by a gold assignment)",
        "threshold": 0.5, "intercept": round(float(clf.intercept_[0]), 6),
        "weights": dict(sorted(weights.items()))}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(weights)} weights from {len(y)} dev candidates")


if __name__ == "__main__":
    main()
