"""CLI command ``eval-extract``: extraction quality per kind.

Reports precision and recall on the held-out *test* part of the annotated corpus, on its *dev*
part, and, labelled as training data, on the five seed texts against the curated graph.
Registered on the main group in ``kgtool/cli/main.py``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import click

from kgtool.bilingual import Bilingual
from kgtool.cli.common import Ctx, pass_ctx

PART_TITLES = {"test": "test part of {corpus} (held out: never used for tuning)",
               "dev": "dev part of {corpus} (used for tuning)",
               "seeds": "seed texts (TRAINING DATA: the extractor was written on these)"}
#: the same headings with ``--lang zh``
PART_TITLES_ZH = {"test": "{corpus} 的测试部分（留出数据：从未用于调试）",
                  "dev": "{corpus} 的开发部分（用于调试）",
                  "seeds": "种子文本（训练数据：抽取器就是据此编写的）"}


def part_title(part: str, corpus: Path | None, ids: tuple[str, ...] = (), *,
               lang: str = "en") -> str:
    """The heading of one part's figures, naming the corpus directory and the ids scored
    (in ``lang``)."""
    zh = lang == "zh"
    where = str(corpus) if corpus is not None else ("标注语料" if zh else "the annotated corpus")
    try:
        where = str(Path(where).resolve().relative_to(Path.cwd()))
    except ValueError:
        pass
    title = (PART_TITLES_ZH if zh else PART_TITLES)[part].format(corpus=where)
    if not ids or part == "seeds":
        return title
    return title + (f"，文本 {'、'.join(ids)}" if zh else f", texts {', '.join(ids)}")


def id_filter(ids: tuple[str, ...]):
    """``("087-126", "001")`` → a predicate on three-digit text ids (None: every text)."""
    from kgtool.errors import InputError

    if not ids:
        return None
    spans = []
    for item in ids:
        m = re.fullmatch(r"(\d{3})(?:-(\d{3}))?", item)
        if not m:
            raise InputError(Bilingual(f"--ids expects NNN or NNN-NNN, got {item!r}",
                                       f"--ids 应为 NNN 或 NNN-NNN，而不是 {item!r}"))
        spans.append((m[1], m[2] or m[1]))
    return lambda cid: any(a <= cid <= b for a, b in spans)


def default_extract_corpus(root: Path) -> Path | None:
    """``<project root>/tests/extract_corpus`` when it exists."""
    p = root / "tests" / "extract_corpus"
    return p if (p / "SPLIT").is_file() else None


def run_eval(parts, *, extract_corpus: Path | None, seeds: Path | None, data_dir: Path,
             only=None) -> dict:
    """Evaluate each requested part; returns ``{part: EvalReport}`` in the order asked."""
    from kgtool.errors import InputError
    from kgtool.intake.evaluate import evaluate_extraction
    from kgtool.intake.corpus import evaluate_corpus

    reports = {}
    for part in parts:
        if part == "seeds":
            if seeds is None:
                raise InputError(Bilingual("no seed corpus: pass --corpus or set KGTOOL_CORPUS",
                                           "没有种子文本：请加 --corpus 或设置 KGTOOL_CORPUS"))
            reports[part] = evaluate_extraction(seeds, data_dir)
        else:
            if extract_corpus is None:
                raise InputError(Bilingual("no annotated corpus: pass --extract-corpus",
                                           "没有标注语料：请加 --extract-corpus"))
            reports[part] = evaluate_corpus(extract_corpus, part, data_dir, only=only)
    return reports


@click.command("eval-extract")
@click.option("--part", "parts", multiple=True, type=click.Choice(["test", "dev", "seeds"]),
              help="What to score (repeatable; default: test, dev, and seeds when present).")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Seed texts (default $KGTOOL_CORPUS or ../shared/seeds).")
@click.option("--extract-corpus", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Annotated corpus with SPLIT (default tests/extract_corpus).")
@click.option("--ids", multiple=True, metavar="NNN[-NNN]",
              help="Score only these texts of the annotated corpus, e.g. one batch: --ids 087-126.")
@click.option("--misses", is_flag=True, help="Also list missed and extra facts (dev and seeds only).")
@click.option("--second-reading", is_flag=True,
              help="Instead of the extractor, score a second analyst's independent reading of "
                   "some corpus texts (second_reading/ in the corpus) against the gold: the "
                   "human ceiling of these figures.")
@pass_ctx
def eval_extract_cmd(c: Ctx, parts, corpus, extract_corpus, ids, misses, second_reading):
    """Score the extractor: precision and recall per kind on the test part, the dev part and
    (labelled as training data) the seed texts.

    Example:
        kgtool eval-extract --part test
    """
    from kgtool.project import default_corpus_dir

    if second_reading:
        _second_reading(c, extract_corpus or default_extract_corpus(c.project.root), misses)
        return
    seeds = corpus or default_corpus_dir()
    if not parts:
        parts = ("test", "dev") + (("seeds",) if seeds else ())
        if not seeds:
            c.say(c.text("no seed corpus (--corpus or $KGTOOL_CORPUS): seeds not scored",
                         "没有种子文本（--corpus 或 $KGTOOL_CORPUS）：不为种子文本评分"))
    annotated = extract_corpus or default_extract_corpus(c.project.root)
    reports = run_eval(parts, extract_corpus=annotated, seeds=seeds, data_dir=c.project.data[0],
                       only=id_filter(ids))
    if c.json:
        click.echo(json.dumps({p: {"title": part_title(p, annotated, ids), **r.to_dict()}
                               for p, r in reports.items()}, ensure_ascii=False))
        return
    for p, r in reports.items():
        click.echo(f"== {part_title(p, annotated, ids, lang=c.lang)}")
        click.echo(r.to_text(c.lang))
        if misses and p != "test":   # the test part's misses are not for reading while tuning
            for m in r.misses:
                click.echo(f"  {m}")
        click.echo("")


def _second_reading(c: Ctx, annotated: Path | None, misses: bool) -> None:
    """``eval-extract --second-reading``: how far two analysts' readings of the same texts agree."""
    from kgtool.errors import InputError
    from kgtool.intake.agreement import SECOND_READING_DIR, agreement_text, compare_readings

    if annotated is None:
        raise InputError(Bilingual("no annotated corpus: pass --extract-corpus",
                                   "没有标注语料：请加 --extract-corpus"))
    report = compare_readings(annotated, annotated / SECOND_READING_DIR)
    if c.json:
        click.echo(json.dumps({"second_reading": report.to_dict()}, ensure_ascii=False))
        return
    click.echo(c.text("== two independent readings of the same texts (the first is the gold; "
                      "neither reader saw the other or the extractor)",
                      "== 同一批文本的两次独立标注（第一次即金标准；两位标注者互不知情，也未见抽取结果）"))
    click.echo(agreement_text(report, c.lang))
    if misses:
        for m in report.misses:
            click.echo(f"  {m}")
