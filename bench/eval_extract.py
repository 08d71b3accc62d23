"""Write the extraction-quality table into bench/RESULTS.md, section "Extraction quality" (issue #5).

Run: .venv/bin/python bench/eval_extract.py   (same figures as `kgtool eval-extract`)
"""
from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

from kgtool.evaluate import evaluate_extraction
from kgtool.fsutil import write_text_atomic
from kgtool.project import default_corpus_dir, default_project

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def main() -> int:
    corpus = default_corpus_dir()
    if corpus is None:
        print("no seed corpus (set KGTOOL_CORPUS)", file=sys.stderr)
        return 2
    report = evaluate_extraction(corpus, default_project().data[0])
    section = (f"## Extraction quality\n\nCommand: `.venv/bin/python bench/eval_extract.py` "
               f"(same as `kgtool eval-extract`), {date.today().isoformat()}, "
               f"{len(report.documents)} seed documents against the curated graph in data/documents/.\n\n"
               f"{report.to_markdown()}\n\nTargets match on metric + value/min/max + deadline; funding "
               f"items on amount + funder + quote; budget statements on quote overlap; task assignments on "
               f"(task by quote, agency, role).\n")
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    pat = re.compile(r"## Extraction quality\n.*?(?=\n## |\Z)", re.S)
    new = pat.sub(lambda m: section.rstrip("\n"), old) if pat.search(old) else old.rstrip("\n") + "\n\n" + section
    write_text_atomic(RESULTS, new if new.endswith("\n") else new + "\n")
    print(report.to_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
