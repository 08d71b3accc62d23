"""Server time of every page of the web workspace (``kgtool app``), on a build.

Runs the real Starlette application in-process (httpx's ASGI transport, one thread, as uvicorn
runs it), after the same start-up as ``kgtool app`` (the build generation's Oxigraph store
opened read-only, page queries checked once). Each page is requested ``--repeat`` times; the table gives
the median and the slowest, in milliseconds, and the issue's target (≤ 300 ms on the five
documents, ≤ 1 s on a 1M-triple build).

Usage:
    python bench/app_pages.py                          # the project's own build (build/)
    python bench/app_pages.py --build /tmp/b1m --target-ms 1000
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", type=Path, default=ROOT / "build", help="build directory")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--target-ms", type=float, default=300.0)
    args = ap.parse_args(argv)

    import httpx

    from kgtool.app import Workspace, create_app
    from kgtool.stores.oxigraph_load import load_nquads
    from kgtool.project import Project

    from kgtool.building.query_store import open_build_store
    from kgtool.building.generations import open_generation

    t0 = time.perf_counter()
    gen = open_generation(args.build)  # as kgtool app: the generation's store, read-only
    store = open_build_store(gen.dir) if gen is not None else None
    if store is None:  # a build without a store: graph.nq into memory
        store = load_nquads((gen.dir if gen is not None else args.build) / "graph.nq")
    t_load = time.perf_counter() - t0
    workspace = Workspace(store, Project(ROOT, build_dir=args.build))
    t0 = time.perf_counter()
    workspace.warm()
    t_warm = time.perf_counter() - t0
    app = create_app(workspace)
    docs = workspace.documents()
    busiest = max(docs, key=lambda d: d["facts"])["doc"] if docs else ""
    metric = workspace.metrics()[0]["metric"] if workspace.metrics() else ""
    pages = ["/", f"/document?iri={quote(busiest, safe='')}", f"/compare?metric={quote(metric, safe='')}",
             "/money", "/responsibility", "/questions", "/questions/funders",
             "/questions/documents", "/sparql", "/explore", "/check",
             "/api/terms?kind=metric&q=%E6%A0%87%E5%87%86"]

    async def run() -> list[tuple[str, list[float], int]]:
        out = []
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            for page in pages:
                times = []
                status = 0
                for _ in range(args.repeat):
                    t = time.perf_counter()
                    r = await client.get(page)
                    times.append((time.perf_counter() - t) * 1000)
                    status = r.status_code
                out.append((page, times, status))
        return out

    results = asyncio.run(run())
    print(f"build: {args.build} ({len(docs)} documents); start-up: open {t_load:.2f} s, "
          f"query check {t_warm:.1f} s")
    print("| page | status | first (ms) | p50 (ms) | max (ms) | target |")
    print("|---|---|---:|---:|---:|---|")
    missed = 0
    for page, times, status in results:
        p50 = statistics.median(times)
        ok = p50 <= args.target_ms and status == 200
        missed += not ok
        label = page if len(page) < 60 else page[:57] + "…"
        print(f"| `{label}` | {status} | {times[0]:.0f} | {p50:.0f} | {max(times):.0f} | "
              f"{'met' if ok else 'MISSED'} (≤ {args.target_ms:g}) |")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
