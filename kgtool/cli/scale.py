"""``kgtool synth``: write a deterministic synthetic corpus for scale tests."""
from __future__ import annotations

import json
from pathlib import Path

import click

from kgtool.cli.common import Ctx, pass_ctx

__all__ = ["synth_cmd"]


def _triples(value: str) -> int:
    text = value.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    try:
        return int(float(text[:-1] if mult > 1 else text) * mult)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a triple count like 10000, 100k or 1M") from None


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

    m = generate(_triples(triples), seed=seed, out_dir=out_dir, violation_share=violation_share)
    if c.json:
        click.echo(json.dumps({"triples": m.triples, "files": len(m.files),
                               "documents": m.counts["documents"],
                               "violations": len(m.violations), "out": str(out_dir)},
                              ensure_ascii=False))
    else:
        click.echo(f"{m.triples} triples in {len(m.files)} files ({m.counts['documents']} documents, "
                   f"{len(m.violations)} injected violations) -> {out_dir}")
