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

    def stop(self) -> None:
        stop_process(self.proc)


def start_oxigraph(tmp: Path) -> RunningServer:
    """A writable Oxigraph server (union default graph, like the embedded store)."""
    exe = oxigraph_binary()
    if exe is None:
        pytest.skip(f"the oxigraph server is not installed ({INSTALL_HINT})")
    port = free_port()
    log = tmp / "oxigraph.log"
    proc = subprocess.Popen([exe, "serve", "--location", str(tmp / "oxidb"),
                             "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=log.open("wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(base + "/query?query=ASK%7B%7D", proc=proc)
    except RuntimeError:
        stop_process(proc)
        raise
    return RunningServer("oxigraph", base, base + "/query", base + "/update", base + "/store",
                         proc, {}, log)


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
    proc = subprocess.Popen([exe, "+foreground", "+configfile", str(ini)], cwd=d,
                            stdout=log.open("wb"), stderr=subprocess.STDOUT)
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
                         base + "/sparql-graph-crud-auth", proc, env, log)


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
