"""``kgtool check``: run every ``*-violation`` named query on the last build."""
from __future__ import annotations

import json

import click
from rdflib import Literal, URIRef

from kgtool.cli.common import EXIT_OK, EXIT_VIOLATIONS, Ctx, pass_ctx, store_for

_MAX_TEXT = 60


def _short(term) -> str:
    """A cell for a terminal: IRIs (and IRI strings) as CURIEs, text quoted and cut."""
    from kgtool.views.network import curie

    if term is None:
        return ""
    text = str(term)
    if isinstance(term, URIRef) or (isinstance(term, Literal) and text.startswith("http")
                                    and " " not in text):
        return curie(text)
    if len(text) > _MAX_TEXT:
        text = text[: _MAX_TEXT - 1] + "…"
    return json.dumps(text, ensure_ascii=False)


@click.command("check")
@click.option("--endpoint", help="SPARQL query URL of a remote endpoint (default: the last build).")
@click.option("--timeout", default=30.0, show_default=True, help="Time limit per query (s).")
@click.option("--max-rows", default=20, show_default=True,
              help="Offending rows printed per query (0: all).")
@pass_ctx
def check_cmd(c: Ctx, endpoint, timeout, max_rows):
    """Run every *-violation named query; exit 1 when any returns rows.

    Example:
        kgtool check
    """
    from kgtool.querying.checks import run_checks

    results = run_checks(store_for(c, endpoint, timeout=timeout), c.project.queries_dir,
                         timeout=timeout)
    failed = [r for r in results if not r.passed]
    if c.json:
        click.echo(json.dumps([{"name": r.query.name, "title": r.query.title,
                                "rows": len(r.table), "records": r.table.records()}
                               for r in results], ensure_ascii=False, indent=1))
        raise click.exceptions.Exit(EXIT_VIOLATIONS if failed else EXIT_OK)
    zh = c.lang == "zh"
    for r in results:
        n = len(r.table)
        count = f"{n} 行" if zh else f"{n} row" + ("" if n == 1 else "s")
        click.echo(f"{'违规' if n and zh else '通过' if zh else 'FAIL' if n else 'ok'}  "
                   f"{r.query.name}: {count}" + ("" if zh else f" ({r.query.title})"))
        shown = r.table.rows if max_rows <= 0 else r.table.rows[:max_rows]
        for row in shown:
            click.echo("    " + "  ".join(f"{col}={_short(v)}" for col, v in zip(r.table.columns, row)))
        if len(shown) < n:
            click.echo(f"    … 另有 {n - len(shown)} 行" if zh else f"    … {n - len(shown)} more")
    if zh:
        click.echo(f"{len(results)} 个检查，{len(failed)} 个违规")
    else:
        click.echo(f"{len(results)} checks, {len(failed)} with violations")
    raise click.exceptions.Exit(EXIT_VIOLATIONS if failed else EXIT_OK)
