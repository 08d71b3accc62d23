"""Assign a new batch of the extraction corpus to dev or test by the fixed rule of
tests/extract_corpus/README.md, before any extractor change is made on it.

Each text's stratum is the kind with the most gold items (targets, funding, tasks, the first
of these on a tie; ``none`` when it has none). Within each stratum the sorted ids are shuffled
with a fresh ``random.Random(16)`` and the first ``round(0.6 * n)`` go to dev, the rest to test.

    python scripts/split_corpus.py tests/extract_corpus 087 126    # prints the SPLIT lines
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

KINDS = ("targets", "funding", "tasks")


def stratum(gold: dict) -> str:
    counts = [len(gold.get(k) or []) for k in KINDS]
    return "none" if max(counts) == 0 else KINDS[counts.index(max(counts))]


def split(root: Path, first: str, last: str) -> dict[str, str]:
    ids = sorted(p.name[:3] for p in root.glob("[0-9][0-9][0-9].gold.yaml") if first <= p.name[:3] <= last)
    strata: dict[str, list[str]] = {}
    for i in ids:
        gold = yaml.safe_load((root / f"{i}.gold.yaml").read_text(encoding="utf-8"))
        strata.setdefault(stratum(gold), []).append(i)
    part = {}
    for members in strata.values():
        members = sorted(members)
        random.Random(16).shuffle(members)
        n_dev = round(0.6 * len(members))
        for k, i in enumerate(members):
            part[i] = "dev" if k < n_dev else "test"
    return dict(sorted(part.items()))


if __name__ == "__main__":
    root, first, last = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    for i, p in split(root, first, last).items():
        print(i, p)
