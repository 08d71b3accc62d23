"""``kgtool terms KIND [TEXT]``: the IRIs a query parameter can take, with zh and en labels."""
from __future__ import annotations

import click
from rdflib import Literal

from kgtool.cli.common import Ctx, pass_ctx, store_for
from kgtool.querying.results import FORMATS, ResultTable
from kgtool.querying.terms import TERM_KINDS, list_terms

__all__ = ["terms_cmd"]


@click.command("terms")
@click.argument("kind", type=click.Choice(TERM_KINDS))
@click.argument("text", required=False)
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--endpoint", help="SPARQL query URL of a remote endpoint.")
@pass_ctx
def terms_cmd(c: Ctx, kind, text, fmt, endpoint):
    """List the IRIs of metrics, jurisdictions, agencies, industries or documents with their
    Chinese and English labels; TEXT keeps those whose IRI or names contain it (either script).

    Example:
        kgtool terms metrics 标准
        kgtool query metric-comparison -p metric=kg:metric/standards-local
    """
    terms = list_terms(store_for(c, endpoint), kind, text)
    table = ResultTable(["iri", "zh", "en"], [(Literal(t.curie), Literal(t.zh), Literal(t.en))
                                              for t in terms])
    click.echo(table.serialize("json" if c.json else fmt, lang=c.lang), nl=False)
