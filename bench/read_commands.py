"""Read commands on an existing build, end to end (issue #17's read targets).

    python bench/read_commands.py --project P [--repeat 3] [--timeout 30] \\
        [--views agency-task] [--out bench/RESULTS.md] [--json PATH]

``P`` is a project directory whose ``build/`` holds a build (``kgtool build``; for the 1M
figures, a ``kgtool synth --triples 1000000 --seed 1`` corpus built with ``--backend
oxigraph``, see bench/README.md); nothing is built here. Each command runs ``--repeat`` times
as a child process, ``python -m kgtool.cli.main --project P …``, process start included:

* ``query NAME -f csv`` for every named query of ``P/queries`` (required parameters get
  bench/run.py's values), with ``--timeout``;
* ``stats``;
* ``export -f graphml --view V`` for each ``--views``.

Reported per command: median and p95 wall time, the child's peak RSS (``wait4``), its exit
status, and the median as a ratio to the baseline ``python -m kgtool.cli.main --version`` measured in
the same run (``--repeat`` times before and after the commands; ``python -c "import kgtool"``
is reported too). Then each named query ``--repeat`` times in this process on the build's
store opened once (:func:`kgtool.building.query_store.open_build_store`, the store read commands use):
its p50. A command whose first run takes over ``--long-s`` runs once. Targets (issue #17):
every read command ≤ 1 s end to end, every named query p50 ≤ 50 ms on the opened store, at
1M triples. The results replace the section between ``<!-- bench:reads:start -->`` and
``<!-- bench:reads:end -->`` of ``--out``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from run import QUERY_PARAMS, versions, write_results  # noqa: E402 - bench/run.py's values

CLI = [sys.executable, "-m", "kgtool.cli.main"]
TARGET_WALL_S = 1.0
TARGET_P50_S = 0.050


def run_child(cmd: list[str], timeout: float) -> dict:
    """Run ``cmd``; wall time, peak RSS (MB), exit status, last stderr line."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        try:
            _, status, usage = _wait4(proc, timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            status = -9
        wall = time.perf_counter() - start
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    code = os.waitstatus_to_exitcode(status) if status != -9 else "killed"
    return {"wall": wall, "rss_mb": usage.ru_maxrss / 1024, "exit": code,
            "stderr": lines[-1] if lines else ""}


def _wait4(proc: subprocess.Popen, timeout: float):
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return pid, status, usage
        if time.monotonic() > deadline:
            raise subprocess.TimeoutExpired(proc.args, timeout)
        time.sleep(0.002)


def p95(values: list[float]) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def commands(project: Path, args, out_dir: Path) -> list[tuple[str, list[str]]]:
    from kgtool.querying.named import load_named_queries

    base = CLI + ["--project", str(project), "--backend", args.backend]
    cmds = []
    for name, q in load_named_queries(project / "queries").items():
        extra = []
        for p in q.parameters:
            if p.required:
                extra += ["-p", f"{p.name}={QUERY_PARAMS[p.name]}"]
        cmds.append((f"query {name}", base + ["query", name, "-f", "csv", *extra,
                                              "--timeout", f"{args.timeout:g}"]))
    cmds.append(("stats", base + ["stats"]))
    for view in args.views.split(","):
        cmds.append((f"export -f graphml --view {view}",
                     base + ["export", "-f", "graphml", "--view", view,
                             "-o", str(out_dir / f"{view}.graphml")]))
    return cmds


def measure(cmd: list[str], args) -> list[dict]:
    runs = [run_child(cmd, args.timeout + 120)]
    if runs[0]["wall"] <= args.long_s:
        runs += [run_child(cmd, args.timeout + 120) for _ in range(args.repeat - 1)]
    return runs


def in_process(project: Path, args) -> tuple[dict, dict]:
    """Each named query on the build's store, opened once: p50 and rows."""
    from kgtool.building.query_store import open_build_store
    from kgtool.building.generations import open_generation
    from kgtool.querying.named import load_named_queries, run_query

    gen = open_generation(project / "build")
    if gen is None:
        raise SystemExit(f"{project / 'build'}: no build")
    start = time.perf_counter()
    store = open_build_store(gen.dir)
    opened = time.perf_counter() - start
    if store is None:
        raise SystemExit(f"{gen.dir}: the generation has no store (a build older than stores)")
    out = {}
    for name, q in load_named_queries(project / "queries").items():
        params = {p.name: QUERY_PARAMS[p.name] for p in q.parameters if p.required}
        times, rows, error = [], None, ""
        for i in range(args.repeat):
            t = time.perf_counter()
            try:
                rows = len(run_query(store, q, params, timeout=args.timeout).rows)
            except Exception as exc:  # noqa: BLE001 - reported in the table
                error = " ".join(str(exc).split())[:120]
            times.append(time.perf_counter() - t)
            if error or times[-1] > args.long_s:
                break
        out[name] = {"times": times, "rows": rows, "error": error}
    info = {"generation": gen.build_id, "open_s": opened,
            "store_mb": sum(f.stat().st_size for f in (gen.dir / "store").iterdir()) / 2**20}
    summary = json.loads((gen.dir / "summary.json").read_text(encoding="utf-8"))
    info["triples"] = summary.get("triples")
    gen.close()
    return out, info


def render(args, base_version: list[dict], base_import: list[dict], rows: dict, inproc: dict,
           info: dict, load: tuple) -> str:
    med = lambda rs: statistics.median(r["wall"] for r in rs)  # noqa: E731
    b = med(base_version)
    lines = ["<!-- bench:reads:start -->",
             "## Read commands on a persistent 1M-triple build", "",
             f"Command: `{args.command}`", "",
             f"Run {time.strftime('%Y-%m-%d %H:%M')} on {platform.machine()}, {os.cpu_count()} "
             f"cores, Python {platform.python_version()}; {versions()}. Load average "
             f"{load[0]:.1f} at the start, {load[1]:.1f} at the end (other jobs share the "
             "machine: compare the ratio column). Build: "
             f"{info.get('triples') or '?'} triples, generation {info['generation']}, store "
             f"{info['store_mb']:.0f} MB, opened read-only in {info['open_s'] * 1000:.0f} ms.", "",
             f"Baselines (median of {len(base_version)}): `python -m kgtool.cli.main --version` "
             f"{b:.3f} s (the ratio column divides by it), `python -c \"import kgtool\"` "
             f"{med(base_import):.3f} s. Each command {args.repeat} runs (once when the first "
             f"took over {args.long_s:g} s), end to end as a child process; peak RSS is the "
             "child's.", "",
             "| command | median (s) | p95 (s) | max RSS (MB) | median / baseline | ≤ 1 s |",
             "|---|---:|---:|---:|---:|---|"]
    met = 0
    for label, rs in rows.items():
        m = med(rs)
        bad = [r for r in rs if r["exit"] != 0]
        ok = m <= TARGET_WALL_S and not bad
        met += ok
        verdict = "met" if ok else f"missed by {m - TARGET_WALL_S:.2f} s"
        if bad:
            verdict = f"exit {bad[0]['exit']}: {bad[0]['stderr'][:90]}"
        lines.append(f"| `{label}` | {m:.2f} | {p95([r['wall'] for r in rs]):.2f} | "
                     f"{max(r['rss_mb'] for r in rs):.0f} | {m / b:.1f} | {verdict} |")
    lines += ["", f"End to end ≤ 1 s: met by {met} of {len(rows)} commands "
              f"(1 s is {TARGET_WALL_S / b:.1f}× this run's baseline).", "",
              f"Named queries in one process on the opened store (`run_query`, "
              f"{args.repeat} runs, p50):", "",
              "| query | rows | p50 (ms) | ≤ 50 ms |", "|---|---:|---:|---|"]
    met_q = 0
    for name, r in inproc.items():
        p50 = statistics.median(r["times"]) if r["times"] else float("nan")
        ok = not r["error"] and p50 <= TARGET_P50_S
        met_q += ok
        verdict = ("met" if ok else f"missed ({p50 / TARGET_P50_S:.1f}× the target)") \
            if not r["error"] else f"error: {r['error']}"
        lines.append(f"| {name} | {r['rows'] if r['rows'] is not None else '–'} | "
                     f"{p50 * 1000:.0f} | {verdict} |")
    lines += ["", f"p50 ≤ 50 ms: met by {met_q} of {len(inproc)} named queries.",
              "<!-- bench:reads:end -->", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--project", required=True, type=Path, help="project directory with a build")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--timeout", type=float, default=30.0, help="each query's --timeout (s)")
    p.add_argument("--long-s", type=float, default=10.0,
                   help="a command whose first run takes longer runs once")
    p.add_argument("--views", default="agency-task", help="comma-separated network views")
    p.add_argument("--backend", default="auto", choices=["auto", "rdflib", "oxigraph"])
    p.add_argument("--out", type=Path, help="write the section into this file")
    p.add_argument("--json", type=Path, help="also save the raw timings here")
    args = p.parse_args(argv)
    args.command = "python bench/read_commands.py " + " ".join(argv if argv is not None
                                                                else sys.argv[1:])
    project = args.project.resolve()
    load = [os.getloadavg()[0]]
    version = CLI + ["--version"]
    importing = [sys.executable, "-c", "import kgtool"]
    base_version = [run_child(version, 60) for _ in range(args.repeat)]
    base_import = [run_child(importing, 60) for _ in range(args.repeat)]
    rows: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="kgbench-reads-") as tmp:
        for label, cmd in commands(project, args, Path(tmp)):
            rows[label] = measure(cmd, args)
            r = rows[label]
            print(f"{label}: {statistics.median(x['wall'] for x in r):.2f} s "
                  f"(exit {r[0]['exit']})", file=sys.stderr, flush=True)
    base_version += [run_child(version, 60) for _ in range(args.repeat)]
    base_import += [run_child(importing, 60) for _ in range(args.repeat)]
    inproc, info = in_process(project, args)
    load.append(os.getloadavg()[0])
    section = render(args, base_version, base_import, rows, inproc, info, tuple(load))
    print(section)
    if args.out:
        write_results(args.out, section, "reads")
    if args.json:
        args.json.write_text(json.dumps({"baseline_version": base_version,
                                         "baseline_import": base_import, "commands": rows,
                                         "in_process": inproc, "build": info,
                                         "load": load}, indent=1, ensure_ascii=False),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
