"""Serve a built graph as a SPARQL 1.1 endpoint: Oxigraph's server behind a checking gate.

The graph is dumped to N-Quads in a temporary directory, bulk-loaded with ``oxigraph load``
and served with ``oxigraph serve-read-only`` (or ``oxigraph serve`` when writable) on an
internal loopback port. Clients talk to the gate (:mod:`kgtool.servers.gate`, Starlette on
uvicorn) on the public port; it refuses ``SERVICE``, ``LOAD``, updates and Graph Store writes
with an HTTP 400 naming the reason unless the server was started to allow them, and passes
on only the text it checked. Queries stop after a time limit (30 s by default, Oxigraph's
``--timeout-s``). The default graph holds the RDF merge of the named graphs (each triple
once), so queries without ``GRAPH`` see what the embedded store sees; Oxigraph's own
``--union-default-graph`` would repeat a triple found in several graphs (oxigraph issue
#1919). The server binds to loopback unless told otherwise.

Endpoints: ``/query`` (SPARQL 1.1 Protocol), ``/update`` and ``/store`` (Graph Store Protocol,
writes in writable mode only), ``/`` the query UI.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kgtool.bilingual import Bilingual
from kgtool.errors import StoreError
from kgtool.rdf.graph import KnowledgeGraph

__all__ = ["serve", "ServerHandle", "oxigraph_executable", "remove_stale_workdirs",
           "LOOPBACK_HOSTS", "DEFAULT_QUERY_TIMEOUT"]

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
DEFAULT_QUERY_TIMEOUT = 30.0


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
    raise StoreError(Bilingual("the Oxigraph server is not installed; run `pip install oxigraph` "
                               "(or scripts/install-servers.sh)",
                               "未安装 Oxigraph 服务器；请运行 `pip install oxigraph`（或 "
                               "scripts/install-servers.sh）"))


@dataclass
class ServerHandle:
    """A running server (the gate and the Oxigraph child); stop it with :meth:`stop` or a
    ``with`` block."""

    url: str
    process: subprocess.Popen
    workdir: Path
    read_only: bool = True
    log: Path | None = None
    gate: object | None = field(default=None, repr=False)  # the uvicorn.Server
    gate_thread: threading.Thread | None = field(default=None, repr=False)
    query_timeout: float | None = None
    command: list[str] = field(default_factory=list, repr=False)  # the Oxigraph server's
    inner_url: str = ""  # where the gate reaches it (loopback, internal port)
    restarts: int = 0
    _stopped: bool = field(default=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

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
        return (not self._stopped and self.process.poll() is None
                and (self.gate_thread is None or self.gate_thread.is_alive()))

    def stop(self, *, timeout: float = 10.0) -> None:
        """Stop the gate and the Oxigraph server, remove the temporary database (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        try:
            if self.gate is not None:
                self.gate.should_exit = True
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(5)
            if self.gate_thread is not None:
                self.gate_thread.join(timeout)
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def restart_engine(self) -> None:
        """Kill the Oxigraph server and start it again on the same database and port: the
        only way to stop a query evaluation that overran the time limit (requests running
        at that moment fail with HTTP 502 or 503)."""
        with self._lock:
            if self._stopped:
                return
            self.process.kill()
            self.process.wait(10)
            log = (self.log or self.workdir / "server.log").open("ab")
            with log:
                self.process = subprocess.Popen(self.command, stdout=log,
                                                stderr=subprocess.STDOUT,
                                                stdin=subprocess.DEVNULL,
                                                preexec_fn=_die_with_parent)
            self.restarts += 1
            _wait_ready(self.process, self.log, self.inner_url, 60.0)

    def wait(self) -> int:
        """Block until the Oxigraph server or the gate stops; returns the server's exit code
        (``-1`` when the gate stopped first)."""
        while True:
            proc = self.process
            try:
                code = proc.wait(0.5)
            except subprocess.TimeoutExpired:
                if self.gate_thread is not None and not self.gate_thread.is_alive():
                    return -1
                continue
            with self._lock:  # a restart replaces the process: wait for the new one
                if proc is self.process:
                    return code

    def __enter__(self) -> "ServerHandle":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


_WORKDIR_PREFIX = "kgtool-serve-"


def remove_stale_workdirs(root: Path | None = None) -> list[Path]:
    """Remove the temporary directories of ``kgtool serve`` processes that no longer run
    (killed with SIGKILL, which no handler can catch); returns the removed directories."""
    removed = []
    for d in Path(root or tempfile.gettempdir()).glob(_WORKDIR_PREFIX + "*"):
        try:
            pid = int((d / "owner.pid").read_text())
        except (OSError, ValueError):
            continue  # not ours, or still being created
        try:
            os.kill(pid, 0)
            continue
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        shutil.rmtree(d, ignore_errors=True)
        removed.append(d)
    return removed


def _die_with_parent() -> None:
    """In the child before exec (Linux): get SIGTERM when the kgtool process dies, even by
    SIGKILL, so no Oxigraph server outlives it."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


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
    """An :class:`~kgtool.stores.oxigraph.OxigraphStore` holding a build, as :func:`_dump` writes a
    KnowledgeGraph: its default graph the merge of the named graphs (materialised first when
    the store does not keep it)."""
    import pyoxigraph as ox

    store.ensure_union().store.dump(str(path), format=ox.RdfFormat.N_QUADS)


def _load_source(kg_or_build_dir) -> KnowledgeGraph:
    if isinstance(kg_or_build_dir, KnowledgeGraph) or hasattr(kg_or_build_dir, "raw_query"):
        return kg_or_build_dir  # a KnowledgeGraph, or an OxigraphStore of a build
    if getattr(kg_or_build_dir, "kg", None) is not None:
        return kg_or_build_dir.kg  # an RdflibStore of a build
    from kgtool.building.pipeline import load_build

    return load_build(Path(kg_or_build_dir))


def serve(kg_or_build_dir: KnowledgeGraph | str | Path, *, host: str = "127.0.0.1",
          port: int = 7878, read_only: bool = True, cors: bool = False,
          allow_remote_bind: bool = False, allow_service: bool = False,
          startup_timeout: float = 60.0,
          query_timeout: float | None = DEFAULT_QUERY_TIMEOUT,
          progress: Callable[[str], None] | None = None) -> ServerHandle:
    """Start the Oxigraph server with the graph loaded, behind the checking gate.

    :param kg_or_build_dir: a :class:`KnowledgeGraph`, an
        :class:`~kgtool.stores.oxigraph.OxigraphStore` holding a large build, or a build directory.
    :param host: interface to bind; loopback unless ``allow_remote_bind``.
    :param port: TCP port (``0`` picks a free one).
    :param read_only: refuse updates and Graph Store writes (default).
    :param cors: allow cross-origin requests (Oxigraph's ``--cors``: any origin).
    :param allow_service: pass SPARQL ``SERVICE`` (and, when writable, ``LOAD``) to the
        server, which then sends requests out; refused with HTTP 400 by default.
    :param query_timeout: query time limit in seconds (default 30; ``None`` or 0: none).
    :param progress: called with the URL lines once the server answers.
    :returns: a :class:`ServerHandle` (a context manager).
    :raises StoreError: when the port is in use, the binary is missing or the server fails.
    :raises SecurityError: when ``host`` is not loopback and ``allow_remote_bind`` is false.

    >>> from kgtool.rdf.graph import KnowledgeGraph
    >>> with serve(KnowledgeGraph(), port=0) as server:  # doctest: +SKIP
    ...     server.query_url.endswith("/query")
    True
    """
    from kgtool.errors import SecurityError

    if host not in LOOPBACK_HOSTS and not allow_remote_bind:
        raise SecurityError(Bilingual(f"refusing to bind {host}: only loopback by default "
                                      f"(pass --allow-remote-bind to expose the endpoint)",
                                      f"拒绝绑定 {host}：默认只绑定本机回环地址（如需对网络开放"
                                      f"端点，请加 --allow-remote-bind）"))
    if query_timeout is not None and query_timeout < 0:
        raise StoreError(f"the query time limit must be positive, not {query_timeout:g}")
    exe = oxigraph_executable()
    public = _bind(host, port)  # held from here on: nobody else can take the port
    remove_stale_workdirs()
    workdir: Path | None = None
    proc = None
    try:
        kg = _load_source(kg_or_build_dir)
        workdir = Path(tempfile.mkdtemp(prefix=_WORKDIR_PREFIX))
        (workdir / "owner.pid").write_text(str(os.getpid()))
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
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            inner_port = probe.getsockname()[1]
        cmd = [exe, "serve-read-only" if read_only else "serve", "--location", str(db),
               "--bind", f"127.0.0.1:{inner_port}"]
        if cors:
            cmd.append("--cors")
        if query_timeout:
            cmd += ["--timeout-s", str(max(1, round(query_timeout)))]
        log = workdir / "server.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        inner = f"http://127.0.0.1:{inner_port}"
        _wait_ready(proc, log, inner, startup_timeout)
        bind_host = f"[{host}]" if ":" in host else host
        url_host = "127.0.0.1" if host == "localhost" else bind_host
        handle = ServerHandle(f"http://{url_host}:{public.getsockname()[1]}", proc, workdir,
                              read_only, log, query_timeout=query_timeout or None,
                              command=cmd, inner_url=inner)
        handle.gate, handle.gate_thread = _start_gate(
            public, inner, read_only=read_only, allow_service=allow_service,
            query_timeout=query_timeout, startup_timeout=startup_timeout,
            on_overrun=handle.restart_engine)
    except BaseException:
        public.close()
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(5)
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
        raise
    if progress is not None:
        progress(Bilingual(f"SPARQL endpoint: {handle.query_url}"
                           + ("" if read_only else f"  (update: {handle.update_url}, "
                              f"Graph Store: {handle.store_url})"),
                           f"SPARQL 端点：{handle.query_url}"
                           + ("" if read_only else f"（更新：{handle.update_url}，"
                              f"图存储协议：{handle.store_url}）")))
        progress(Bilingual(f"query UI: {handle.ui_url}", f"查询界面：{handle.ui_url}"))
        progress(Bilingual("query time limit: "
                           + (f"{query_timeout:g} s" if query_timeout else "none")
                           + "; SERVICE and LOAD " + ("allowed" if allow_service else "refused"),
                           "查询时间限制：" + (f"{query_timeout:g} 秒" if query_timeout else "无")
                           + "；SERVICE 和 LOAD：" + ("允许" if allow_service else "拒绝")))
    return handle


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise StoreError(Bilingual(f"port {port} on {host} is already in use; choose another "
                                   f"with --port",
                                   f"{host} 上的端口 {port} 已被占用；请用 --port 另选一个")) from None
    return sock


def _start_gate(sock: socket.socket, inner: str, *, read_only: bool, allow_service: bool,
                query_timeout: float | None, startup_timeout: float, on_overrun):
    """Run the gate (uvicorn) in a daemon thread on the bound socket ``sock``."""
    import uvicorn

    from kgtool.servers.gate import GatePolicy, make_app

    app = make_app(inner, GatePolicy(writable=not read_only, allow_service=allow_service),
                   timeout=query_timeout or None, on_overrun=on_overrun)
    # "critical": a stream cut at the time limit or by stop() is not an error to print
    config = uvicorn.Config(app, log_level="critical", access_log=False, lifespan="on",
                            timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                              name="kgtool-serve-gate", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise StoreError("the SPARQL gate of kgtool serve did not start")
        time.sleep(0.02)
    return server, thread


def _wait_ready(proc: subprocess.Popen, log: Path, url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    probe = url + "/query?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            text = log.read_text(errors="replace")
            raise StoreError(f"the Oxigraph server exited with code {proc.returncode}: "
                             + " ".join(text.split())[-300:])
        try:
            with contextlib.closing(urllib.request.urlopen(probe, timeout=2)):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise StoreError(f"the Oxigraph server did not answer at {url} within {timeout:g} s")
