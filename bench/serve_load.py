"""Bounded load test of ``kgtool serve`` on loopback (issue 19).

Starts ``kgtool serve`` as a child process (the gate and its Oxigraph server, as a user runs
it), then N client threads each send M SPARQL queries over HTTP: every named query of
``queries/`` that runs without parameters or with its ``#+ example:`` parameters (bound into
the text), in turn, and every 20th request a ``SERVICE`` query aimed at a loopback trap,
which the gate must refuse with HTTP 400. Reports p50/p95/max latency of the answered
queries, errors (anything but a complete 200 for an ordinary query, anything but 400 for a
SERVICE query), requests that reached the trap (must be 0), and the resident memory of the
server processes (the gate process plus its Oxigraph child), sampled every 0.2 s.

    .venv/bin/python bench/serve_load.py --clients 8 --queries 200
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from kgtool.querying.named import bind_parameters, load_named_queries  # noqa: E402
from kgtool.stores.remote import inject_values  # noqa: E402


def query_mix() -> list[tuple[str, str]]:
    """(name, SPARQL text with its example parameters bound) of the runnable named queries."""
    out = []
    for name, q in sorted(load_named_queries(ROOT / "queries").items()):
        if name.startswith("view-") or q.role == "construct":
            continue
        params = q.example_params
        if any(p.required and p.name not in params for p in q.parameters):
            continue
        out.append((name, inject_values(q.text, bind_parameters(q, params))))
    return out


def rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and its children, in KiB (0 when gone)."""
    total = 0
    pids = [pid]
    try:
        pids += [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def start_serve(port: int, timeout: float) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "kgtool", "--project", str(ROOT), "serve",
                             "--port", str(port), "--timeout", str(timeout)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in proc.stdout:
        if line.startswith("SPARQL endpoint: "):
            threading.Thread(target=proc.stdout.read, daemon=True).start()  # drain
            return proc, line.split()[2]
    proc.wait()
    raise SystemExit(f"kgtool serve did not start (exit {proc.returncode})")


def inner_url(pid: int) -> str:
    """The query URL of the Oxigraph child of ``kgtool serve`` (its ``--bind`` address)."""
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        cmd = Path(f"/proc/{child}/cmdline").read_bytes().decode().split("\0")
        if "--bind" in cmd:
            return f"http://{cmd[cmd.index('--bind') + 1]}/query"
    raise SystemExit("no Oxigraph child found")


def post(url: str, text: str, timeout: float) -> int:
    req = urllib.request.Request(url, data=text.encode("utf-8"),
                                 headers={"Content-Type": "application/sparql-query",
                                          "Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            json.loads(resp.read())  # the whole answer, parsed
            return resp.status
    except urllib.error.HTTPError as exc:
        exc.read()
        return exc.code


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--queries", type=int, default=200, help="queries per client")
    ap.add_argument("--timeout", type=float, default=30.0, help="kgtool serve --timeout")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--direct", action="store_true",
                    help="send the ordinary queries to the Oxigraph child, past the gate "
                         "(to measure what the gate adds; SERVICE queries are not sent)")
    args = ap.parse_args(argv)

    import servers  # tests/servers.py: free_port and the loopback trap

    mix = query_mix()
    with servers.Trap() as trap:
        service = f"SELECT * WHERE {{ SERVICE <{trap.url}> {{ ?s ?p ?o }} }}"
        proc, url = start_serve(servers.free_port(), args.timeout)
        if args.direct:
            url = inner_url(proc.pid)
        peak, stop = [rss_kb(proc.pid)], threading.Event()

        def sample():
            while not stop.wait(0.2):
                peak.append(rss_kb(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        latencies: list[float] = []
        errors: list[str] = []
        refused = [0]
        lock = threading.Lock()

        def client(k: int) -> None:
            for i in range(args.queries):
                n = k * args.queries + i
                if n % 20 == 19 and not args.direct:
                    name, text, want = "SERVICE", service, 400
                else:
                    name, text = mix[n % len(mix)]
                    want = 200
                start = time.perf_counter()
                try:
                    code = post(url, text, args.timeout + 30)
                except Exception as exc:  # a broken or timed-out answer counts as an error
                    code, detail = None, f"{name}: {exc.__class__.__name__}: {exc}"
                took = time.perf_counter() - start
                with lock:
                    if code == want == 200:
                        latencies.append(took)
                    elif code == want == 400:
                        refused[0] += 1
                    else:
                        errors.append(detail if code is None else f"{name}: HTTP {code}")

        idle = rss_kb(proc.pid)
        wall = time.perf_counter()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - wall
        stop.set()
        sampler.join()
        after = rss_kb(proc.pid)
        proc.terminate()
        code = proc.wait(60)
        trap_hits = len(trap.hits)
    lat = sorted(latencies)
    q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [0.0] * 99
    figures = {
        "through": "oxigraph directly" if args.direct else "the gate",
        "clients": args.clients, "queries_per_client": args.queries,
        "requests": args.clients * args.queries, "distinct_queries": len(mix),
        "answered": len(lat), "refused_service": refused[0], "errors": len(errors),
        "error_samples": errors[:5], "trap_requests": trap_hits,
        "p50_ms": round(q[49] * 1000, 1), "p95_ms": round(q[94] * 1000, 1),
        "max_ms": round(lat[-1] * 1000, 1) if lat else None,
        "throughput_qps": round(len(lat) / wall, 1), "wall_s": round(wall, 1),
        "rss_idle_mb": round(idle / 1024, 1), "rss_peak_mb": round(max(peak) / 1024, 1),
        "rss_after_mb": round(after / 1024, 1), "serve_exit": code,
        "cpus": os.cpu_count(), "load_avg_1m": round(os.getloadavg()[0], 1),
    }
    print(json.dumps(figures, indent=1))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n")
    ok = not errors and trap_hits == 0 and code == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
