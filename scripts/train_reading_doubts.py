"""Train the reading-doubt model on the extractor's first-look funding errors and write its
weights to kgtool/intake/extract/reading_doubts.json (issue #16).

For each corpus batch whose split was committed before the extractor ran on it, the extractor
of that commit (checked out in a temporary git worktree) drafts the batch's dev texts; each
drafted funding item is labelled right or wrong against the gold (the scoring of
``kgtool eval-extract``). Those rows are the errors of text the rules had not been tuned on. A
logistic regression over :func:`kgtool.intake.extract.reading_doubts.features` is fitted on all
batches; leave-one-batch-out scores (AUC; the wrong readings a threshold flags)
are printed, and the threshold 0.4 is written (chosen before any test-part figure was seen).
Only dev texts are read: the test part stays held out.

    .venv/bin/pip install scikit-learn      # not a kgtool dependency: training only
    .venv/bin/python scripts/train_reading_doubts.py
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from kgtool.intake.corpus import _funding_score, load_corpus
from kgtool.intake.evaluate import one_to_one
from kgtool.intake.extract.reading_doubts import features

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "extract_corpus"
OUT = ROOT / "kgtool" / "intake" / "extract" / "reading_doubts.json"
THRESHOLD = 0.4
# (first id, last id, the commit that added the batch, before the extractor was run on it)
BATCHES = [("087", "126", "4b669f7"), ("127", "167", "2adf383"), ("168", "227", "8e01ef7"),
           ("228", "276", "7d70386"), ("277", "317", "d4e6450"), ("318", "362", "e22daa1"),
           ("363", "407", "679b6df"), ("408", "452", "81eddba"), ("453", "497", "cfd55df"),
           ("498", "542", "1d752d7")]
# run inside the old checkout: its extractor and its row readers; one JSON line per drafted row
DUMP = r"""
import json, sys
from kgtool.intake.extract import extract_document
from kgtool.intake import corpus as C
corpus, ids = sys.argv[1], sys.argv[2].split(",")
for i in ids:
    body = open(f"{corpus}/{i}.txt", encoding="utf-8").read().split("\n", 1)[1]
    d = extract_document(body, source_name=f"{i}.txt")
    for r in C._funding_rows(d):
        print(json.dumps({"id": i, "quote": r["quote"], "amount": str(r["amount"])}, ensure_ascii=False))
"""


def first_look_rows(dev_ids: set[str]) -> list[dict]:
    """Each batch's dev rows as drafted by the extractor of the commit that added the batch."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for first, last, commit in BATCHES:
            ids = sorted(i for i in dev_ids if first <= i <= last)
            wt = Path(tmp) / commit
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(wt), commit],
                           check=True, capture_output=True)
            try:
                res = subprocess.run([sys.executable, "-c", DUMP, str(CORPUS), ",".join(ids)], check=True,
                                     capture_output=True, text=True, cwd=wt,
                                     env={**os.environ, "PYTHONPATH": str(wt)})
            finally:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(wt)], check=True)
            out += [dict(json.loads(line), batch=first) for line in res.stdout.splitlines()]
    return out


def label(rows: list[dict], texts: dict) -> None:
    """Mark each row right (matched one-to-one with a gold item, as eval-extract matches) or wrong."""
    groups: dict = {}
    for r in rows:
        r["amount"] = Decimal(r["amount"])
        groups.setdefault(r["id"], []).append(r)
    for i, rs in groups.items():
        used = {id(d) for d, _ in one_to_one(rs, texts[i].gold["funding"], _funding_score)}
        for r in rs:
            r["wrong"] = int(id(r) not in used)


def main() -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    texts = {t.id: t for t in load_corpus(CORPUS, "dev")}
    rows = first_look_rows(set(texts))
    label(rows, texts)
    X, y = [features(r["quote"], texts[r["id"]].text, amount=r["amount"]) for r in rows], [r["wrong"] for r in rows]
    held = [0.0] * len(rows)
    for first, _, _ in BATCHES:          # leave one batch out: a new month's texts
        tr = [k for k, r in enumerate(rows) if r["batch"] != first]
        te = [k for k, r in enumerate(rows) if r["batch"] == first]
        dv = DictVectorizer()
        clf = LogisticRegression(max_iter=3000).fit(dv.fit_transform([X[k] for k in tr]), [y[k] for k in tr])
        for k, p in zip(te, clf.predict_proba(dv.transform([X[k] for k in te]))[:, 1]):
            held[k] = p
    flagged = [k for k in range(len(rows)) if held[k] >= THRESHOLD]
    summary = (f"{len(rows)} first-look funding rows of {len(BATCHES)} batches' dev texts, {sum(y)} wrong; "
               f"leave-one-batch-out AUC {roc_auc_score(y, held):.2f}, at p >= {THRESHOLD} "
               f"{len(flagged)} flagged of which {sum(y[k] for k in flagged)} wrong")
    print(summary)
    dv = DictVectorizer()
    clf = LogisticRegression(max_iter=3000).fit(dv.fit_transform(X), y)
    models = {"funding": {"trained_on": summary, "threshold": THRESHOLD, "intercept": round(float(clf.intercept_[0]), 6),
                          "weights": {k: round(float(w), 6) for k, w in zip(dv.get_feature_names_out(), clf.coef_[0])
                                      if w}}}
    OUT.write_text(json.dumps({"models": models}, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                   encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
