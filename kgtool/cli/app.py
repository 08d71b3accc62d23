"""``kgtool app``: the web workspace on 127.0.0.1 (see :mod:`kgtool.app`)."""
from __future__ import annotations

import socket
from pathlib import Path

import click

from kgtool.bilingual import Bilingual
from kgtool.cli.common import Ctx, pass_ctx, store_for
from kgtool.errors import KgtoolError

__all__ = ["app_cmd"]

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _build_store(c: Ctx):
    """The last build in Oxigraph, where every page's queries take milliseconds: the
    generation's own store opened read-only (held for reading while the app runs), else the
    build's graph.nq loaded into memory; None when there is no build."""
    from kgtool.building.query_store import open_build_store

    gen = c.generation()
    if gen is None:
        return None
    store = open_build_store(gen.dir)
    if store is None:
        from kgtool.stores.oxigraph_load import load_nquads

        return load_nquads(gen.dir / "graph.nq")
    store.generation = gen  # the reader lock lives as long as the store
    return store


@click.command("app")
@click.option("--port", default=8765, show_default=True, help="TCP port (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--allow-remote-bind", is_flag=True,
              help="Permit a non-loopback --host (exposes the workspace to the network).")
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the source texts (default: $KGTOOL_CORPUS or ../shared/seeds).")
@click.option("--timeout", default=30.0, show_default=True, help="Per-query time limit (s).")
@click.option("--endpoint", help="Read from a remote SPARQL endpoint instead of the build.")
@pass_ctx
def app_cmd(c: Ctx, port, host, allow_remote_bind, corpus, timeout, endpoint):
    """Start the web workspace (documents, compare, money, responsibility, questions,
    SPARQL, explore, check a draft) on the last build, read-only, until Ctrl-C.

    Example:
        kgtool app --port 8765
    """
    if host not in _LOOPBACK and not allow_remote_bind:
        raise KgtoolError(Bilingual(f"refusing to bind {host}: the workspace is for this machine; "
                                    f"pass --allow-remote-bind to expose it",
                                    f"拒绝绑定 {host}：工作台仅供本机使用；如需对网络开放，请加 "
                                    f"--allow-remote-bind"))
    import uvicorn

    from kgtool.app import Workspace, create_app

    store = None if endpoint else _build_store(c)
    if store is None:
        store = store_for(c, endpoint, timeout=timeout)
    workspace = Workspace(store, c.project, corpus=corpus, timeout=timeout)
    workspace.warm()
    app = create_app(workspace, default_lang=c.lang if c.lang in ("zh", "en") else "zh")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        raise KgtoolError(Bilingual(f"cannot listen on {host}:{port}: {exc.strerror}",
                                    f"无法监听 {host}:{port}：{exc.strerror}")) from None
    bound = sock.getsockname()[1]
    url = f"http://{'localhost' if host == '127.0.0.1' else host}:{bound}/"
    click.echo(c.text(f"kgtool app: {url} (read-only; Ctrl-C to stop)",
                      f"kgtool app：{url}（只读；按 Ctrl-C 停止）"), err=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])
