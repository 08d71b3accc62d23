"""``kgtool synth``: write a deterministic synthetic corpus for scale tests."""
from __future__ import annotations

import json
from pathlib import Path

import click

from kgtool.cli.common import Ctx, pass_ctx

__all__ = ["synth_cmd"]


def _triples(c: Ctx, value: str) -> int:
    text = value.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    try:
        return int(float(text[:-1] if mult > 1 else text) * mult)
    except ValueError:
        raise click.BadParameter(c.text(f"{value!r} is not a triple count like 10000, 100k or 1M",
                                        f"{value!r} 不是三元组数（如 10000、100k 或 1M）")) from None


@click.command("synth")
@click.option("--triples", "triples", required=True, help="Triple budget, e.g. 10000, 100k, 1M.")
@click.option("--seed", default=1, show_default=True, type=int, help="Random seed (same seed, same bytes).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output directory (reference/, documents/, manifest.json).")
@click.option("--violation-share", default=0.01, show_default=True, type=float,
              help="Share of facts deliberately broken (0 for a conforming corpus).")
@pass_ctx
def synth_cmd(c: Ctx, triples: str, seed: int, out_dir: Path, violation_share: float):
    """Write a synthetic corpus shaped like the real graph, with injected violations.

    Example:
        kgtool synth --triples 100k --seed 1 --out /tmp/synth
    """
    from kgtool.synth import generate

    m = generate(_triples(c, triples), seed=seed, out_dir=out_dir, violation_share=violation_share)
    if c.json:
        click.echo(json.dumps({"triples": m.triples, "files": len(m.files),
                               "documents": m.counts["documents"],
                               "violations": len(m.violations), "out": str(out_dir)},
                              ensure_ascii=False))
    else:
        click.echo(c.text(f"{m.triples} triples in {len(m.files)} files ({m.counts['documents']} "
                          f"documents, {len(m.violations)} injected violations) -> {out_dir}",
                          f"{m.triples} 个三元组，{len(m.files)} 个文件（政策文件 "
                          f"{m.counts['documents']} 份，注入违规 {len(m.violations)} 处）-> {out_dir}"))
