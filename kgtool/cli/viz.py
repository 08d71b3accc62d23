"""``kgtool chart`` and the HTML branch of ``kgtool export``.

The lead's ``cli.py`` registers :func:`chart_cmd` and calls :func:`html_export` for
``kgtool export --format html``; each body parses, makes one API call and renders.
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from kgtool.cli.common import Ctx, pass_ctx

__all__ = ["chart_cmd", "html_export"]


def html_export(source, view: str, out: Path, *, title: str | None = None,
                include_ontology: bool = False) -> Path:
    """Write the offline HTML explorer of ``view`` (``kgtool export --format html``; the
    view defaults to agency-task there, and ``--include-ontology`` keeps the ontology terms
    of the full view).

    Example:
        kgtool export -f html -o tasks.html
        kgtool export -f html --view full --include-ontology -o everything.html
    """
    from kgtool.views.explorer import write_explorer

    return write_explorer(source, view, Path(out), title=title,
                          include_ontology=include_ontology)


@click.command("chart")
@click.argument("name", type=click.Choice(["targets-by-year", "metric-comparison",
                                           "responsibility-matrix", "funding"]))
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output file; .png or .svg.")
@click.option("--metric", help="metric-comparison: metric IRI or CURIE, e.g. kg:metric/agri-demo-zones "
                               "(default: the metric set by the most jurisdictions).")
@click.option("--labels", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the data labels (titles are bilingual).")
@click.option("--title", help="Replace the default chart title.")
@click.option("--dpi", default=150, show_default=True, help="Resolution of PNG output.")
@click.option("--endpoint", help="Read from a remote SPARQL endpoint instead of the build.")
@pass_ctx
def chart_cmd(c: Ctx, name, out, metric, labels, title, dpi, endpoint):
    """Draw a chart for reports (PNG or SVG, Chinese labels).

    Example:
        kgtool chart targets-by-year -o targets.png
        kgtool chart metric-comparison --metric kg:metric/agri-demo-zones -o zones.svg
    """
    from kgtool.views.charts import chart

    if endpoint:
        from kgtool.stores.remote import RemoteStore

        source = RemoteStore(endpoint)
    else:
        from kgtool.cli.common import store_for

        source = store_for(c)
    path = chart(name, source, out, metric=metric, lang=labels,
                 title=title, dpi=dpi)
    c.wrote(path)
    if c.json:
        click.echo(json.dumps({"out": str(path)}))
