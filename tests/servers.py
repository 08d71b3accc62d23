"""Real SPARQL servers on 127.0.0.1 for the tests: Oxigraph (the ``oxigraph`` PyPI package)
and OpenLink Virtuoso (Debian's ``virtuoso-opensource``).

Each starter returns a :class:`RunningServer` with the query / update / Graph Store URLs and
the credentials to use, and stops the process at the end. A missing binary skips the test
with a reason naming ``scripts/install-servers.sh``.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

INSTALL_HINT = "run scripts/install-servers.sh"
VIRTUOSO_USER = "kgtool"
VIRTUOSO_PASSWORD = "kgtool-test-secret-5813"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` CLI of this venv, else the one on PATH."""
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.is_file() else shutil.which("oxigraph")


def wait_http(url: str, *, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    """Wait until ``url`` answers HTTP (any status), or fail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode} before answering {url}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer {url} within {timeout:g} s")


def stop_process(proc: subprocess.Popen, *, timeout: float = 20.0) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@dataclass
class RunningServer:
    """A server started for a test."""

    kind: str
    base: str
    query_url: str
    update_url: str
    store_url: str
    proc: subprocess.Popen
    env: dict[str, str] = field(default_factory=dict)  # auth variables for RemoteStore / push
    log: Path | None = None
    cmd: list[str] = field(default_factory=list)
    cwd: Path | None = None
    lock_file: Path | None = None  # left by a killed server; removed before a restart

    def stop(self) -> None:
        stop_process(self.proc)

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(30)

    def restart(self) -> None:
        """Start the server again on the same database and ports (after :meth:`kill`)."""
        self.kill()
        if self.lock_file is not None and self.lock_file.exists():
            self.lock_file.unlink()
        self.proc = subprocess.Popen(self.cmd, cwd=self.cwd, stdout=self.log.open("ab"),
                                     stderr=subprocess.STDOUT)
        probe = self.query_url.replace("/sparql-auth", "/sparql")
        wait_http(probe + "?query=ASK%7B%7D", proc=self.proc, timeout=180)


def start_oxigraph(tmp: Path) -> RunningServer:
    """A writable Oxigraph server (union default graph, like the embedded store)."""
    exe = oxigraph_binary()
    if exe is None:
        pytest.skip(f"the oxigraph server is not installed ({INSTALL_HINT})")
    port = free_port()
    log = tmp / "oxigraph.log"
    cmd = [exe, "serve", "--location", str(tmp / "oxidb"), "--bind", f"127.0.0.1:{port}",
           "--union-default-graph"]
    proc = subprocess.Popen(cmd, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(base + "/query?query=ASK%7B%7D", proc=proc)
    except RuntimeError:
        stop_process(proc)
        raise
    return RunningServer("oxigraph", base, base + "/query", base + "/update", base + "/store",
                         proc, {}, log, cmd)


_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
AllowOSCalls = 0
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}/vsp
MaxClientConnections = 5
ServerThreads = 5
DavRoot = DAV
EnabledDavVSP = 0
HTTPProxyEnabled = 0
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 0
"""


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


def _isql(sql_port: int, password: str, sql: str) -> str:
    exe = shutil.which("isql-vt") or shutil.which("isql")
    out = subprocess.run([exe, f"127.0.0.1:{sql_port}", "dba", password, "VERBOSE=OFF",
                          "BANNER=OFF", "PROMPT=OFF", "ERRORS=STDOUT", f"exec={sql}"],
                         capture_output=True, text=True, timeout=60)
    if out.returncode != 0 or "*** Error" in out.stdout:
        raise RuntimeError(f"isql failed: {sql.split()[0]} …: {out.stdout[-400:]} {out.stderr[-400:]}")
    return out.stdout


def start_virtuoso(tmp: Path) -> RunningServer:
    """A Virtuoso server in ``tmp`` with a user allowed to update over digest auth."""
    exe = virtuoso_binary()
    if exe is None or not (shutil.which("isql-vt") or shutil.which("isql")):
        pytest.skip(f"virtuoso-opensource is not installed ({INSTALL_HINT})")
    d = tmp / "virtuoso"
    (d / "vsp").mkdir(parents=True)
    sql_port, http_port = free_port(), free_port()
    ini = d / "virtuoso.ini"
    ini.write_text(_VIRTUOSO_INI.format(d=d, sql_port=sql_port, http_port=http_port))
    log = d / "stdout.log"
    cmd = [exe, "+foreground", "+configfile", str(ini)]
    proc = subprocess.Popen(cmd, cwd=d, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    try:
        wait_http(base + "/sparql?query=ASK%7B%7D", proc=proc, timeout=120)
        pw = "dba"
        _isql(sql_port, pw, (
            f"DB.DBA.USER_CREATE('{VIRTUOSO_USER}', '{VIRTUOSO_PASSWORD}'); "
            f"GRANT SPARQL_SELECT TO \"{VIRTUOSO_USER}\"; "
            f"GRANT SPARQL_UPDATE TO \"{VIRTUOSO_USER}\"; "
            f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{VIRTUOSO_USER}', 15); "
            f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 1); "
            f"set password dba \"{VIRTUOSO_PASSWORD}dba\";"))
    except Exception:
        stop_process(proc, timeout=30)
        raise
    env = {"KGTOOL_SPARQL_USER": VIRTUOSO_USER, "KGTOOL_SPARQL_PASSWORD": VIRTUOSO_PASSWORD,
           "KGTOOL_SPARQL_AUTH": "digest"}
    return RunningServer("virtuoso", base, base + "/sparql-auth", base + "/sparql-auth",
                         base + "/sparql-graph-crud-auth", proc, env, log, cmd, d,
                         d / "virtuoso.lck")


STARTERS = {"oxigraph": start_oxigraph, "virtuoso": start_virtuoso}


def start(kind: str, tmp: Path) -> RunningServer:
    return STARTERS[kind](tmp)


def auth_env(monkeypatch, server: RunningServer) -> None:
    """Put the server's credentials into the environment (and nothing else)."""
    for k in ("KGTOOL_SPARQL_USER", "KGTOOL_SPARQL_PASSWORD", "KGTOOL_SPARQL_AUTH"):
        monkeypatch.delenv(k, raising=False)
    for k, v in server.env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("NETRC", os.devnull)


class Trap:
    """A loopback HTTP listener that records every request it receives (a SERVICE or LOAD
    that got through would land here). Use as a context manager; ``url`` and ``hits``."""

    def __init__(self) -> None:
        import http.server
        import threading

        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self):
                hits.append((self.command, self.path))
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                body = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_HEAD = _any

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Trap":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class FaultProxy:
    """A loopback HTTP proxy in front of a :class:`RunningServer` that breaks one request of
    a push on purpose: the ``n``-th request of a ``kind`` (``list`` graph names, ``count``,
    ``upload``, ``drop``, ``switch``) gets an ``action``:

    - ``kill-before``: the server is killed before the request reaches it;
    - ``kill-after``: the server handles it, then is killed before the answer is sent;
    - ``slow-before``: the request reaches the server ``delay`` seconds late (the client has
      given up; the server still applies it);
    - ``slow-after``: the server handles it, the answer comes ``delay`` seconds late.

    A dead server shows as a closed connection, as it would to a client. Requests answered
    401 (the first leg of digest authentication) are not counted. ``urls()`` gives the three
    URLs through the proxy.
    """

    def __init__(self, server: RunningServer, kind: str | None = None, n: int = 1,
                 action: str | None = None, delay: float = 3.0) -> None:
        import http.client
        import http.server
        import threading
        from urllib.parse import parse_qs, urlsplit

        self.server, self.kind, self.n, self.action, self.delay = server, kind, n, action, delay
        self.seen: dict[str, int] = {}
        self.fired = False
        self.log: list[tuple[str, str]] = []
        lock = threading.Lock()
        backend = urlsplit(server.base)
        proxy = self

        def kind_of(method: str, body: bytes) -> str:
            if method == "PUT":
                return "upload"
            form = parse_qs(body.decode("utf-8", "replace"))
            if "update" in form:
                return "switch" if "MOVE" in form["update"][0] else "drop"
            text = form.get("query", [""])[0]
            return "list" if "DISTINCT ?g" in text else "count" if "COUNT" in text else "query"

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def _forward(self, body: bytes):
                conn = http.client.HTTPConnection(backend.hostname, backend.port, timeout=120)
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "connection")}
                conn.request(self.command, self.path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                conn.close()
                return resp, data

            def _any(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
                kind = kind_of(self.command, body)
                action = None
                with lock:
                    counted = proxy.server.kind != "virtuoso" or "Authorization" in self.headers
                    if counted:
                        proxy.seen[kind] = proxy.seen.get(kind, 0) + 1
                        proxy.log.append((kind, self.command))
                        if (not proxy.fired and kind == proxy.kind
                                and proxy.seen[kind] == proxy.n):
                            proxy.fired, action = True, proxy.action
                try:
                    if action == "kill-before":
                        proxy.server.kill()
                        return self._drop()
                    if action == "slow-before":
                        time.sleep(proxy.delay)
                    resp, data = self._forward(body)
                    if action == "kill-after":
                        proxy.server.kill()
                        return self._drop()
                    if action == "slow-after":
                        time.sleep(proxy.delay)
                except OSError:
                    return self._drop()
                try:
                    self.send_response(resp.status, resp.reason)
                    for k, v in resp.getheaders():
                        if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                            self.send_header(k, v)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up

            def _drop(self):
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

            do_GET = do_POST = do_PUT = do_DELETE = _any

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, backend_url: str) -> str:
        return self.base + backend_url[len(self.server.base):]

    def urls(self) -> dict[str, str]:
        return {"query_url": self.url(self.server.query_url),
                "update_url": self.url(self.server.update_url),
                "store_url": self.url(self.server.store_url)}

    def __enter__(self) -> "FaultProxy":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
