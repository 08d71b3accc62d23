"""CLI command ``eval-extract``: extraction quality per kind.

Reports precision and recall on the held-out *test* part of the annotated corpus, on its *dev*
part, and, labelled as training data, on the five seed texts against the curated graph.
Registered on the main group in ``kgtool/cli/main.py``.
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from kgtool.cli.common import Ctx, pass_ctx

PART_TITLES = {"test": "test part of tests/extract_corpus (held out: never used for tuning)",
               "dev": "dev part of tests/extract_corpus (used for tuning)",
               "seeds": "seed texts (TRAINING DATA: the extractor was written on these)"}


def default_extract_corpus(root: Path) -> Path | None:
    """``<project root>/tests/extract_corpus`` when it exists."""
    p = root / "tests" / "extract_corpus"
    return p if (p / "SPLIT").is_file() else None


def run_eval(parts, *, extract_corpus: Path | None, seeds: Path | None, data_dir: Path) -> dict:
    """Evaluate each requested part; returns ``{part: EvalReport}`` in the order asked."""
    from kgtool.errors import InputError
    from kgtool.intake.evaluate import evaluate_extraction
    from kgtool.intake.corpus import evaluate_corpus

    reports = {}
    for part in parts:
        if part == "seeds":
            if seeds is None:
                raise InputError("no seed corpus: pass --corpus or set KGTOOL_CORPUS")
            reports[part] = evaluate_extraction(seeds, data_dir)
        else:
            if extract_corpus is None:
                raise InputError("no annotated corpus: pass --extract-corpus")
            reports[part] = evaluate_corpus(extract_corpus, part, data_dir)
    return reports


@click.command("eval-extract")
@click.option("--part", "parts", multiple=True, type=click.Choice(["test", "dev", "seeds"]),
              help="What to score (repeatable; default: test, dev, and seeds when present).")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Seed texts (default $KGTOOL_CORPUS or ../shared/seeds).")
@click.option("--extract-corpus", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Annotated corpus with SPLIT (default tests/extract_corpus).")
@click.option("--misses", is_flag=True, help="Also list missed and extra facts (dev and seeds only).")
@pass_ctx
def eval_extract_cmd(c: Ctx, parts, corpus, extract_corpus, misses):
    """Score the extractor: precision and recall per kind on the test part, the dev part and
    (labelled as training data) the seed texts.

    Example:
        kgtool eval-extract --part test
    """
    from kgtool.project import default_corpus_dir

    seeds = corpus or default_corpus_dir()
    if not parts:
        parts = ("test", "dev") + (("seeds",) if seeds else ())
        if not seeds:
            c.say("no seed corpus (--corpus or $KGTOOL_CORPUS): seeds not scored")
    reports = run_eval(parts, extract_corpus=extract_corpus or default_extract_corpus(c.project.root),
                       seeds=seeds, data_dir=c.project.data[0])
    if c.json:
        click.echo(json.dumps({p: {"title": PART_TITLES[p], **r.to_dict()} for p, r in reports.items()},
                              ensure_ascii=False))
        return
    for p, r in reports.items():
        click.echo(f"== {PART_TITLES[p]}")
        click.echo(r.to_text())
        if misses and p != "test":   # the test part's misses are not for reading while tuning
            for m in r.misses:
                click.echo(f"  {m}")
        click.echo("")
