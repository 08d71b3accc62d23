"""Write the extraction-quality tables into bench/RESULTS.md, section "Extraction quality"
(issues #5, #16): the held-out test part of tests/extract_corpus, its dev part, and the five
seed texts (training data).

Run: .venv/bin/python bench/eval_extract.py   (same figures as `kgtool eval-extract`)
"""
from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

from kgtool.cli.eval import PART_TITLES, default_extract_corpus, run_eval
from kgtool.fsutil import write_text_atomic
from kgtool.project import default_corpus_dir, default_project

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def main() -> int:
    project = default_project()
    seeds = default_corpus_dir()
    parts = ("test", "dev") + (("seeds",) if seeds else ())
    reports = run_eval(parts, extract_corpus=default_extract_corpus(project.root), seeds=seeds,
                       data_dir=project.data[0])
    blocks = []
    for part, r in reports.items():
        blocks.append(f"### {PART_TITLES[part]}\n\n{len(r.documents)} texts.\n\n{r.to_markdown()}\n")
    section = (
        f"## Extraction quality\n\nCommand: `.venv/bin/kgtool eval-extract` (or "
        f"`.venv/bin/python bench/eval_extract.py`, which writes this section), "
        f"{date.today().isoformat()}. The annotated corpus (37 public policy excerpts, not the "
        f"seeds; tests/extract_corpus/README.md) was split into dev and test before the extractor "
        f"was tuned; tuning looked at dev only.\n\n" + "\n".join(blocks) +
        "\nMatching: targets on value (or min/max) + deadline + the gold quote inside the drafted "
        "quote; funding items on amount + quote; task assignments on (agency as written or any label "
        "of the resolved organisation, role, task text). The seed texts are scored against the "
        "curated graph in data/documents/ (targets on metric + value + deadline, funding on amount "
        "+ funder + quote, budget statements on quote overlap). \"Attributes of matched facts\" "
        "count, among matched pairs, how often unit, comparator, aspiration, stock/increment, "
        "funding level (国际/国家/行业/地方/团体…), tier, cap and the jurisdiction of a "
        "multi-place compilation agree with the gold.\n")
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    pat = re.compile(r"## Extraction quality\n.*?(?=\n## |\n<!-- |\Z)", re.S)
    new = pat.sub(lambda m: section.rstrip("\n") + "\n", old) if pat.search(old) else \
        old.rstrip("\n") + "\n\n" + section
    write_text_atomic(RESULTS, new if new.endswith("\n") else new + "\n")
    for part, r in reports.items():
        print(f"== {PART_TITLES[part]}\n{r.to_text()}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
