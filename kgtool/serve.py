"""Serve a built graph as a SPARQL 1.1 endpoint with the Oxigraph server (``oxigraph`` on PyPI).

The graph is dumped to N-Quads in a temporary directory, bulk-loaded with ``oxigraph load``
and served with ``oxigraph serve-read-only`` (updates and Graph Store writes refused) or, when
asked, ``oxigraph serve``. The default graph holds the RDF merge of the named graphs (each
triple once), so queries without ``GRAPH`` see what the embedded store sees; Oxigraph's own
``--union-default-graph`` would repeat a triple found in several graphs (oxigraph issue #1919). The server binds to loopback unless told otherwise.

Endpoints: ``/query`` (SPARQL 1.1 Protocol), ``/update`` and ``/store`` (Graph Store Protocol,
writable mode only), ``/`` the query UI.
"""
from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .errors import StoreError
from .graph import KnowledgeGraph

__all__ = ["serve", "ServerHandle", "oxigraph_executable", "LOOPBACK_HOSTS"]

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def oxigraph_executable() -> str:
    """Path of the ``oxigraph`` server binary (next to this Python, else on ``PATH``).

    :raises StoreError: when it is not installed.
    """
    here = Path(sys.executable).parent / "oxigraph"
    if here.is_file():
        return str(here)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise StoreError("the Oxigraph server is not installed; run `pip install oxigraph` "
                     "(or scripts/install-servers.sh)")


@dataclass
class ServerHandle:
    """A running Oxigraph server; stop it with :meth:`stop` or a ``with`` block."""

    url: str
    process: subprocess.Popen
    workdir: Path
    read_only: bool = True
    log: Path | None = None
    _stopped: bool = field(default=False, repr=False)

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    @property
    def update_url(self) -> str:
        return self.url + "/update"

    @property
    def store_url(self) -> str:
        return self.url + "/store"

    @property
    def ui_url(self) -> str:
        return self.url + "/"

    @property
    def running(self) -> bool:
        return not self._stopped and self.process.poll() is None

    def stop(self, *, timeout: float = 10.0) -> None:
        """Stop the server and remove its temporary database (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def wait(self) -> int:
        """Block until the server exits; returns its exit code."""
        return self.process.wait()

    def __enter__(self) -> "ServerHandle":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def _dump(kg: KnowledgeGraph, path: Path) -> int:
    """Write every named graph, and their RDF merge (each triple once) as the default graph."""
    from rdflib.plugins.serializers.nt import _nt_row

    n = 0
    merged: set[str] = set()
    with path.open("w", encoding="utf-8") as fh:
        for s, p, o, g in kg.quads():
            triple = _nt_row((s, p, o))[:-3]  # N-Triples escaping, without " .\n"
            fh.write(f"{triple} {g.n3()} .\n")
            merged.add(triple)
            n += 1
        for triple in sorted(merged):
            fh.write(f"{triple} .\n")
    return n


def _dump_store(store, path: Path) -> None:
    """An :class:`~kgtool.oxistore.OxigraphStore` holding a build, as :func:`_dump` writes a
    KnowledgeGraph: its default graph the merge of the named graphs (materialised first when
    the store does not keep it)."""
    import pyoxigraph as ox

    store.ensure_union().store.dump(str(path), format=ox.RdfFormat.N_QUADS)


def _load_source(kg_or_build_dir) -> KnowledgeGraph:
    if isinstance(kg_or_build_dir, KnowledgeGraph) or hasattr(kg_or_build_dir, "raw_query"):
        return kg_or_build_dir  # a KnowledgeGraph, or an OxigraphStore of a large build
    from .build import load_build

    return load_build(Path(kg_or_build_dir))


def serve(kg_or_build_dir: KnowledgeGraph | str | Path, *, host: str = "127.0.0.1",
          port: int = 7878, read_only: bool = True, cors: bool = False,
          allow_remote_bind: bool = False, startup_timeout: float = 60.0,
          query_timeout: float | None = None,
          progress: Callable[[str], None] | None = None) -> ServerHandle:
    """Start the Oxigraph server with the graph loaded.

    :param kg_or_build_dir: a :class:`KnowledgeGraph`, an
        :class:`~kgtool.oxistore.OxigraphStore` holding a large build, or a build directory.
    :param host: interface to bind; loopback unless ``allow_remote_bind``.
    :param port: TCP port (``0`` picks a free one).
    :param read_only: refuse updates and Graph Store writes (default).
    :param cors: allow cross-origin requests (Oxigraph's ``--cors``: any origin).
    :param query_timeout: server-side query time limit in seconds.
    :param progress: called with the URL lines once the server answers.
    :returns: a :class:`ServerHandle` (a context manager).
    :raises StoreError: when the port is in use, the binary is missing or the server fails.
    :raises SecurityError: when ``host`` is not loopback and ``allow_remote_bind`` is false.

    >>> from kgtool.graph import KnowledgeGraph
    >>> with serve(KnowledgeGraph(), port=0) as server:  # doctest: +SKIP
    ...     server.query_url.endswith("/query")
    True
    """
    from .errors import SecurityError

    if host not in LOOPBACK_HOSTS and not allow_remote_bind:
        raise SecurityError(f"refusing to bind {host}: only loopback by default "
                            f"(pass --allow-remote-bind to expose the endpoint)")
    exe = oxigraph_executable()
    if port == 0:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            s.bind((host, 0))
            port = s.getsockname()[1]
    if not _port_free(host, port):
        raise StoreError(f"port {port} on {host} is already in use; choose another with --port")
    kg = _load_source(kg_or_build_dir)
    workdir = Path(tempfile.mkdtemp(prefix="kgtool-serve-"))
    try:
        dump = workdir / "graph.nq"
        if isinstance(kg, KnowledgeGraph):
            _dump(kg, dump)
        else:
            _dump_store(kg, dump)
        db = workdir / "db"
        loaded = subprocess.run([exe, "load", "--location", str(db), "--file", str(dump)],
                                capture_output=True, text=True)
        if loaded.returncode != 0:
            raise StoreError("oxigraph load failed: "
                             + " ".join((loaded.stderr or loaded.stdout).split())[-300:])
        dump.unlink()
        bind_host = f"[{host}]" if ":" in host else host
        cmd = [exe, "serve-read-only" if read_only else "serve", "--location", str(db),
               "--bind", f"{bind_host}:{port}"]
        if cors:
            cmd.append("--cors")
        if query_timeout:
            cmd += ["--timeout-s", str(max(1, int(query_timeout)))]
        log = workdir / "server.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    url_host = "127.0.0.1" if host == "localhost" else bind_host
    handle = ServerHandle(f"http://{url_host}:{port}", proc, workdir, read_only, log)
    try:
        _wait_ready(handle, startup_timeout)
    except BaseException:
        handle.stop()
        raise
    if progress is not None:
        progress(f"SPARQL endpoint: {handle.query_url}"
                 + ("" if read_only else f"  (update: {handle.update_url}, "
                    f"Graph Store: {handle.store_url})"))
        progress(f"query UI: {handle.ui_url}")
    return handle


def _wait_ready(handle: ServerHandle, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    probe = handle.query_url + "?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if handle.process.poll() is not None:
            text = handle.log.read_text(errors="replace") if handle.log else ""
            if "in use" in text.lower():
                raise StoreError(f"port of {handle.url} is already in use; choose another "
                                 f"with --port")
            raise StoreError(f"the Oxigraph server exited with code {handle.process.returncode}: "
                             + " ".join(text.split())[-300:])
        try:
            with contextlib.closing(urllib.request.urlopen(probe, timeout=2)):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise StoreError(f"the Oxigraph server did not answer at {handle.url} within {timeout:g} s")
