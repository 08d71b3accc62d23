"""``kgtool serve``, ``kgtool push`` and ``kgtool pull``: the graph on a real SPARQL server.

Registered in :mod:`kgtool.cli.main` with ``cli.add_command``. Credentials for push/pull come from
``KGTOOL_SPARQL_USER`` / ``KGTOOL_SPARQL_PASSWORD`` / ``KGTOOL_SPARQL_AUTH`` or ``~/.netrc``,
never from the command line.
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from kgtool.bilingual import Bilingual, in_lang
from kgtool.cli.common import Ctx, pass_ctx, store_for
from kgtool.errors import KgtoolError

__all__ = ["serve_cmd", "push_cmd", "pull_cmd"]


# ---------------------------------------------------------------------------------- serve
@click.command("serve")
@click.option("--port", default=7878, show_default=True, help="TCP port (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--allow-remote-bind", is_flag=True,
              help="Permit a non-loopback --host (exposes the endpoint to the network).")
@click.option("--cors", "cors", metavar="ORIGIN",
              help="Allow cross-origin requests; Oxigraph allows every origin, so give '*'.")
@click.option("--writable", is_flag=True,
              help="Accept SPARQL updates and Graph Store writes (read-only by default).")
@click.option("--allow-service", is_flag=True,
              help="Pass SPARQL SERVICE (and with --writable, LOAD) on: the server then sends "
                   "requests out. Refused with HTTP 400 by default.")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0),
              help="Query time limit in seconds (0: none).")
@pass_ctx
def serve_cmd(c: Ctx, port, host, allow_remote_bind, cors, writable, allow_service, timeout):
    """Serve the last build as a SPARQL endpoint with Oxigraph until Ctrl-C or SIGTERM.

    Requests pass a gate first: SERVICE, LOAD, updates and Graph Store writes get HTTP 400
    unless allowed by the options below.

    Example:
        kgtool serve --port 7878
        curl 'http://127.0.0.1:7878/query?query=ASK%7B%7D'
    """
    import gc
    import signal

    from kgtool.servers.serve import serve

    if cors is not None and cors != "*":
        raise click.BadParameter(c.text("the Oxigraph server allows every origin or none; "
                                        "give --cors '*'",
                                        "Oxigraph 服务器只能允许所有来源或不允许任何来源；请给出 "
                                        "--cors '*'"), param_hint="--cors")
    from kgtool.cli.common import store_for

    kg = store_for(c)
    previous = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, _interrupt)  # SIGTERM stops the server as Ctrl-C does
    try:
        handle = serve(kg, host=host, port=port, read_only=not writable, cors=cors is not None,
                       allow_remote_bind=allow_remote_bind, allow_service=allow_service,
                       query_timeout=timeout or None,
                       progress=lambda msg: click.echo(in_lang(msg, c.lang)))
        del kg  # Oxigraph holds the data now; the loaded graph need not stay in this process
        gc.collect()
        try:
            if c.json:
                click.echo(json.dumps({"query": handle.query_url, "ui": handle.ui_url,
                                       "update": None if handle.read_only else handle.update_url,
                                       "store": None if handle.read_only else handle.store_url}))
            c.say(c.text("press Ctrl-C to stop", "按 Ctrl-C 停止"))
            code = handle.wait()
        except KeyboardInterrupt:
            code = 0
        finally:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second signal waits for the stop
            handle.stop()
    finally:
        signal.signal(signal.SIGTERM, previous)
    c.say(c.text("server stopped", "服务器已停止"))
    if code not in (0, -2, -15):
        raise click.exceptions.Exit(2)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


# ----------------------------------------------------------------------------------- push
def _urls(c: Ctx, endpoint, update, store, server, base):
    from kgtool.servers.push import server_urls

    if server:
        if not base:
            raise click.UsageError(c.text("--server needs --base URL (for fuseki: the dataset URL)",
                                          "--server 需要 --base URL（fuseki：数据集的 URL）"))
        q, u, s = server_urls(server, base)
        return endpoint or q, update or u, store or s
    if not (endpoint and update and store):
        raise click.UsageError(c.text("give --endpoint, --update and --store, or --server with --base",
                                      "请给出 --endpoint、--update 和 --store，或 --server 加 --base"))
    return endpoint, update, store


@click.command("push")
@click.option("--endpoint", help="SPARQL query URL.")
@click.option("--update", "update_url", help="SPARQL Update URL.")
@click.option("--store", "store_url", help="Graph Store Protocol URL.")
@click.option("--server", type=click.Choice(["oxigraph", "virtuoso", "fuseki"]),
              help="Derive the three URLs from --base for this server kind.")
@click.option("--base", help="Server base URL (fuseki: the dataset URL, e.g. http://127.0.0.1:3030/kg).")
@click.option("--dry-run", is_flag=True, help="Only compare: counts and triples to add/remove.")
@click.option("--timeout", default=60.0, show_default=True, help="Time limit per request (s).")
@pass_ctx
def push_cmd(c: Ctx, endpoint, update_url, store_url, server, base, dry_run, timeout):
    """Replace the named graphs of the build on a remote store, all of them or none.

    Every graph is uploaded to a staging graph first; one update request then switches all
    of them, so the remote holds the previous build or the new one, never a mix. Staging
    graphs an interrupted push left are removed first.

    Example:
        kgtool push --server oxigraph --base http://127.0.0.1:7878 --dry-run
        KGTOOL_SPARQL_AUTH=digest kgtool push --server virtuoso --base http://127.0.0.1:8890
    """
    from kgtool.servers.push import push

    q, u, s = _urls(c, endpoint, update_url, store_url, server, base)
    report = push(store_for(c), query_url=q, update_url=u, store_url=s, dry_run=dry_run,
                  timeout=timeout)
    if c.json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(report.to_text(lang=c.lang), nl=False)
    if not report.ok:
        raise _PushFailed(Bilingual(report.summary(), report.summary("zh")))


class _PushFailed(KgtoolError):
    """A push that did not complete (the report above says which build each graph holds)."""


# ----------------------------------------------------------------------------------- pull
@click.command("pull")
@click.option("--endpoint", required=True, help="SPARQL query URL.")
@click.option("--graph", "graphs", multiple=True, help="Graph IRI to fetch (repeatable; default all).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output directory (one TriG file per graph).")
@click.option("--timeout", default=60.0, show_default=True, help="Time limit per request (s).")
@pass_ctx
def pull_cmd(c: Ctx, endpoint, graphs, out_dir, timeout):
    """Fetch named graphs from a remote store into TriG files.

    Example:
        kgtool pull --endpoint http://127.0.0.1:7878/query --graph https://w3id.org/kgtool/graph/doc-000 --out pulled/
    """
    from kgtool.servers.push import pull

    written = pull(endpoint, list(graphs) or None, out_dir, timeout=timeout)
    if c.json:
        click.echo(json.dumps({k: str(v) for k, v in written.items()}, ensure_ascii=False))
    else:
        for name, path in written.items():
            click.echo(f"{name} -> {path}")
