"""Scale benchmark: every kgtool stage on synthetic corpora, reference backend vs fast backend.

    python bench/run.py --sizes 10k,100k,1M [--repeat 3] [--budget-s 600] [--out bench/RESULTS.md]

For each size a corpus is generated with :func:`kgtool.synth.generate` into a temporary
directory; then each backend runs in its own subprocess (so its peak memory, ``ru_maxrss``,
is its own) through the stages build (the whole ``kgtool build`` in a child process),
incremental (``kgtool build --incremental`` after one document changed, fast backend only),
parse, reason, rules, validate, every named query of ``queries/`` and every network view
exported as GraphML:

* reference: ``kgtool.rdf.graph.load_project`` (pyoxigraph parser → rdflib Dataset), owlrl,
  SPARQL rules on rdflib, pySHACL (``kgtool.validation.pyshacl_validator``), queries on ``RdflibStore``;
* fast: pyoxigraph parse into ``kgtool.stores.oxigraph.OxigraphStore``, ``reasonable``, rules and
  queries on Oxigraph, ``kgtool.validation.compiled`` — each marked ``n/a`` when not importable.

A stage that ran over ``--budget-s`` (or whose linear extrapolation from the previous size
would) is not run again at larger sizes and is reported as "over budget". Timings are medians
of ``--repeat`` runs; a stage whose first run takes more than 30 s runs once. The results go
into a marked section of ``--out`` (other content of that file is kept).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LONG_RUN_S = 30.0
QUERY_PARAMS = {"text": "标准", "metric": "kg:metric/standards-intl",
                "jurisdiction": "kg:jur/110000"}


def parse_size(text: str) -> int:
    text = text.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if mult > 1 else text) * mult)


def size_label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def stage_names() -> list[str]:
    from kgtool.views.network import VIEWS
    from kgtool.querying.named import load_named_queries

    queries = sorted(load_named_queries(ROOT / "queries"))
    # validate before reason: both validate the asserted data (the native build's order)
    return (["build", "incremental", "parse", "validate", "reason", "rules"]
            + [f"query:{q}" for q in queries]
            + [f"network:{v}" for v in VIEWS])


# ------------------------------------------------------------------------------ worker
class NotApplicable(Exception):
    """The stage does not exist for this backend (reported ``n/a``)."""


class _Stages:
    """Stage implementations of one backend over one corpus."""

    def __init__(self, backend: str, corpus: Path, budget: float) -> None:
        from kgtool.project import Project

        self.backend, self.corpus, self.budget = backend, corpus, budget
        self.project = Project(ROOT, data_dirs=(ROOT / "data" / "reference", corpus / "reference",
                                                corpus / "documents"))
        self.kg = self.store = self.shapes = self.pending = None
        self.files: list[Path] = []
        self.inc_dir: Path | None = None  # the incremental stage's copy of the corpus
        self.inc_edits, self.inc_file = 0, ""
        self.inc_timings: list[dict] = []  # the child's step timings, one dict per run

    # --- reference backend
    def ref_parse(self):
        from kgtool.rdf.graph import load_project
        from kgtool.stores.base import RdflibStore

        self.kg = load_project(self.project)
        self.store = RdflibStore(self.kg)

    def ref_reason(self):
        from kgtool.reasoning.closure import ReasoningBudget, reason

        return reason(self.kg, budget=ReasoningBudget(seconds=self.budget, max_triples=50_000_000),
                      reasoner="owlrl").inferred

    def ref_rules(self):
        from kgtool.reasoning.closure import apply_rules

        return apply_rules(self.kg, self.project.rules_dir, timeout=self.budget)

    def ref_validate(self):
        from kgtool.validation.pyshacl_validator import validate_graph

        return len(validate_graph(self.kg.asserted(), shapes=self.kg.shapes,
                                  ontology=self.kg.ontology()).results)

    # --- fast backend (the stages of kgtool.engines.oxigraph_build, the Oxigraph-native build)
    def fast_parse(self):
        from kgtool.stores.oxigraph_load import load_project_store

        loaded = load_project_store(self.project, union=False)  # as kgtool build does
        self.store, self.shapes = loaded.store, loaded.shapes

    def _drop(self, graph):
        """Undo an earlier repeat of a stage that writes ``graph`` (untimed)."""
        g = f"<{graph}>"
        self.store.store.update(f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }} ; "
                                f"DROP SILENT GRAPH {g}")

    def fast_reason(self):
        from kgtool.reasoning.sparql_rules import reason_store
        from kgtool.reasoning.closure import ReasoningBudget

        return reason_store(self.store, budget=ReasoningBudget(
            seconds=self.budget, max_triples=50_000_000)).inferred

    def fast_rules(self):
        from kgtool.reasoning.sparql_rules import apply_rules_store

        return apply_rules_store(self.store, self.project.rules_dir, timeout=self.budget)

    def prepare(self, stage: str) -> None:
        """Before each timed run: a repeat of reason/rules starts from the state before it;
        queries and networks read the built graph as a set, as `kgtool query` does on a
        large build (its graph.nq loaded with the union materialised)."""
        if self.backend == "fast" and stage.startswith(("query:", "network:")):
            self.store.ensure_union()
        if self.backend == "fast" and stage == "incremental":
            self._prepare_incremental()
        if self.backend != "fast" or stage not in ("reason", "rules"):
            return
        from kgtool.rdf.namespaces import GRAPH_INFERRED, GRAPH_RULES

        if stage == "reason":
            self._drop(GRAPH_RULES)
            self._drop(GRAPH_INFERRED)
        else:
            self._drop(GRAPH_RULES)

    def commit(self):
        """Nothing to do: every stage leaves its output in place for the next one."""

    # --- `kgtool build --incremental` after one document changed (fast backend)
    def _kgtool_build(self, docs: Path, out: Path, *extra: str) -> dict:
        """Run ``kgtool --backend oxigraph build --incremental`` in a child process; its JSON."""
        cmd = [sys.executable, "-m", "kgtool.cli.main", "--json", "--backend", "oxigraph", "build",
               "--incremental", *extra]
        for d in (ROOT / "data" / "reference", self.corpus / "reference", docs):
            cmd += ["--data", str(d)]
        cmd += ["--out", str(out), "--reason-timeout", str(self.budget)]
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=self.budget)
        if proc.returncode not in (0, 1):  # 1: violations found (the corpus has some)
            raise RuntimeError(f"kgtool build --incremental exited {proc.returncode}: "
                               f"{(proc.stderr or proc.stdout).strip()[-300:]}")
        return json.loads(proc.stdout.strip().splitlines()[-1])

    def _prepare_incremental(self) -> None:
        """Untimed: the first time, copy the corpus's documents and build the state once;
        before every run, change one literal (a target value) of one more document."""
        import re

        if self.inc_dir is None:
            self.inc_dir = Path(tempfile.mkdtemp(prefix="kgbench-inc-"))
            shutil.copytree(self.corpus / "documents", self.inc_dir / "documents")
            self._kgtool_build(self.inc_dir / "documents", self.inc_dir / "build")
        files = sorted((self.inc_dir / "documents").glob("*.ttl"))
        self.inc_edits += 1
        start = (self.inc_edits * 7919) % len(files)  # a different document each run
        for path in files[start:] + files[:start]:
            text = path.read_text(encoding="utf-8")
            m = re.search(r'kgt:(?:value|maxValue|minValue) "(\d+)', text)
            if m:
                path.write_text(text[:m.start(1)] + str(int(m.group(1)) + 7) + text[m.end(1):],
                                encoding="utf-8")
                self.inc_file = path.name
                return
        raise RuntimeError("no target value to change in the corpus")

    def fast_incremental(self):
        """The whole child command (rebuild + artefacts); the value is the median of the
        child's own step timings over the runs so far."""
        out = self._kgtool_build(self.inc_dir / "documents", self.inc_dir / "build")
        timings = out.get("timings_s", {})
        if "detect" not in timings:  # the state was rebuilt from scratch: not what is measured
            raise RuntimeError(f"kgtool build --incremental made a full rebuild ({self.inc_file})")
        self.inc_timings.append(timings)
        return {k: round(statistics.median(t.get(k, 0.0) for t in self.inc_timings), 3)
                for k in timings}

    def ref_incremental(self):
        raise NotApplicable("fast backend only")

    def cleanup(self) -> None:
        if self.inc_dir is not None:
            shutil.rmtree(self.inc_dir, ignore_errors=True)

    def fast_validate(self):
        from kgtool.validation.compiled import validate_fast

        # the store holds asserted data + ontology only: validate runs before reason
        return len(validate_fast(self.store, shapes=self.shapes).results)

    # --- the whole `kgtool build` command, in a child process (wall time, its peak memory)
    def build(self):
        data = [str(ROOT / "data" / "reference"), str(self.corpus / "reference"),
                str(self.corpus / "documents")]
        out = Path(tempfile.mkdtemp(prefix="kgbench-build-"))
        cmd = [sys.executable, "-m", "kgtool.cli.main", "--quiet"]
        cmd += (["--backend", "rdflib", "build", "--reasoner", "owlrl"] if self.backend == "ref"
                else ["--backend", "oxigraph", "build"])
        for d in data:
            cmd += ["--data", d]
        cmd += ["--out", str(out), "--reason-timeout", str(self.budget)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True,
                              timeout=self.budget)
        if proc.returncode not in (0, 1):  # 1: violations found (the corpus has some)
            raise RuntimeError(f"kgtool build exited {proc.returncode}: "
                               f"{(proc.stderr or proc.stdout).strip()[-300:]}")
        self.child_peak_mb = max(before, resource.getrusage(
            resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        shutil.rmtree(out, ignore_errors=True)
        return self.child_peak_mb

    # --- shared
    def query(self, name: str):
        from kgtool.querying.named import get_named_query, run_query

        nq = get_named_query(self.project.queries_dir, name)
        params = {p.name: QUERY_PARAMS[p.name] for p in nq.parameters if p.required}
        return len(run_query(self.store, nq, params, timeout=self.budget).rows)

    def network(self, view: str, out: Path):
        from kgtool.views.network import build_view, write_network

        g = build_view(self.kg if self.backend == "ref" else self.store, view,
                       timeout=self.budget)
        write_network(g, out / f"{view}.graphml", fmt="graphml")
        return g.number_of_edges()

    def run(self, stage: str, out: Path):
        if stage.startswith("query:"):
            return self.query(stage[6:])
        if stage.startswith("network:"):
            return self.network(stage[8:], out)
        if stage == "build":
            return self.build()
        return getattr(self, f"{self.backend}_{stage}")()


def worker(args) -> None:
    from kgtool.stores.base import time_limit

    result = {"stages": {}, "peak_mb": None}
    out = Path(args.result)
    skip = json.loads(args.skip or "{}")
    st = _Stages(args.backend, Path(args.corpus), args.budget_s)
    tmp = Path(tempfile.mkdtemp(prefix="kgbench-net-"))
    broken = None
    for stage in json.loads(args.stages) if args.stages else stage_names():
        rec = result["stages"][stage] = {"times": [], "status": "ok", "note": ""}
        if stage in skip:
            rec.update(status=skip[stage][0], note=skip[stage][1])
        elif broken:
            rec.update(status="skipped", note=broken)
        else:
            for i in range(args.repeat):
                st.prepare(stage)
                t0 = time.perf_counter()
                try:
                    with time_limit(args.budget_s, stage):
                        value = st.run(stage, tmp)
                except ImportError as exc:
                    rec.update(status="n/a", note=f"not available ({exc.name or exc})")
                    break
                except NotApplicable as exc:
                    rec.update(status="n/a", note=str(exc))
                    break
                except Exception as exc:  # noqa: BLE001 - every failure is a result here
                    took = time.perf_counter() - t0
                    over = took >= args.budget_s * 0.99 or "budget" in str(exc)
                    rec.update(status="over budget" if over else "error",
                               note=f"{type(exc).__name__}: {' '.join(str(exc).split())[:160]}")
                    if over:
                        rec["times"].append(took)
                    break
                took = time.perf_counter() - t0
                rec["times"].append(took)
                rec["value"] = value
                if took > LONG_RUN_S:
                    break
            if rec["status"] == "ok":
                st.commit()
            if stage == "parse" and rec["status"] != "ok":
                broken = "no graph (parse failed)"
        if stage == "build":  # the peak of the `kgtool build` child, not of this worker
            rec["peak_mb"] = result["build_peak_mb"] = getattr(st, "child_peak_mb", None)
        else:
            rec["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            result["peak_mb"] = rec["peak_mb"]
        out.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    st.cleanup()
    shutil.rmtree(tmp, ignore_errors=True)


# ------------------------------------------------------------------------------ driver
def _median(rec: dict) -> float | None:
    return statistics.median(rec["times"]) if rec.get("times") and rec["status"] == "ok" else None


def run_backend(backend: str, corpus: Path, n: int, args, skip: dict, stages: list[str]) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        result_path = Path(fh.name)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "--backend", backend,
           "--corpus", str(corpus), "--result", str(result_path), "--repeat", str(args.repeat),
           "--budget-s", str(args.budget_s), "--skip", json.dumps(skip),
           "--stages", json.dumps(stages)]
    timeout = args.budget_s * (len(stages) + 2) * args.repeat
    try:
        subprocess.run(cmd, cwd=ROOT, timeout=timeout, check=False,
                       stdout=subprocess.DEVNULL if args.quiet else None)
    except subprocess.TimeoutExpired:
        pass
    try:
        result = json.loads(result_path.read_text() or "{}")
    except (OSError, ValueError):
        result = {}
    result_path.unlink(missing_ok=True)
    result.setdefault("stages", {})
    for stage in stages:
        result["stages"].setdefault(stage, {"times": [], "status": "error",
                                            "note": "worker stopped before this stage"})
    return result


def plan_skips(history: list[tuple[int, dict]], n: int, budget: float) -> dict:
    """Stages not to run at size ``n``: over budget before, or extrapolated to be."""
    skip = {}
    for prev_n, res in history:
        for stage, rec in res["stages"].items():
            if rec["status"] in ("over budget", "n/a"):
                skip[stage] = (rec["status"], rec["note"] if rec["status"] == "n/a"
                               else f"over budget at {size_label(prev_n)}")
            elif rec["status"] == "ok" and rec["times"]:
                est = min(rec["times"]) * n / prev_n
                if est > budget:
                    skip[stage] = ("over budget", f"est. {est:.0f} s from {size_label(prev_n)}")
                elif stage in skip and skip[stage][0] == "over budget" and "est." in skip[stage][1]:
                    del skip[stage]
    return skip


def _fmt(rec: dict) -> str:
    m = _median(rec)
    if m is None:
        return rec["status"] + (f" ({rec['note']})" if rec.get("note") else "")
    return f"{m:.3f}" if m < 10 else f"{m:.1f}"


def markers(section: str) -> tuple[str, str]:
    return f"<!-- bench:{section}:start -->", f"<!-- bench:{section}:end -->"


def render(args, sizes, results, gen_times, versions, stages) -> str:
    start, end = markers(args.section)
    lines = [start, f"## Scale benchmark: {args.section} (synthetic corpora)", "",
             f"Command: `{args.command}`", "",
             f"Run {time.strftime('%Y-%m-%d')} on {platform.machine()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()}; {versions}. Seconds, median of up to "
             f"{args.repeat} runs (a stage taking over {LONG_RUN_S:.0f} s runs once); "
             f"budget {args.budget_s:g} s per stage. Corpus: `kgtool synth --seed {args.seed}` "
             "+ the real ontology and reference data. See bench/README.md.", "",
             "| stage | size | reference (s) | fast (s) | fast/reference |",
             "|---|---|---:|---:|---:|"]
    for n in sizes:
        lines.append(f"| generate | {size_label(n)} | {gen_times[n]:.2f} | | |")
    missing = {"times": [], "status": "not run", "note": ""}
    for stage in stages:
        for n in sizes:
            ref = results[n]["ref"]["stages"].get(stage, missing)
            fast = results[n]["fast"]["stages"].get(stage, missing)
            a, b = _median(ref), _median(fast)
            ratio = f"{b / a:.3f}" if a and b is not None else "–"
            lines.append(f"| {stage} | {size_label(n)} | {_fmt(ref)} | {_fmt(fast)} | {ratio} |")
    for key, label in (("build_peak_mb", "peak memory, build (MB)"),
                       ("peak_mb", "peak memory, stages (MB)")):
        for n in sizes:
            a, b = results[n]["ref"].get(key), results[n]["fast"].get(key)
            ratio = f"{b / a:.3f}" if a and b else "–"
            lines.append(f"| {label} | {size_label(n)} | {a or 0:.0f} | {b or 0:.0f} | {ratio} |")
    lines += ["", *targets(sizes, results, stages), "", end]
    return "\n".join(lines) + "\n"


def targets(sizes, results, stages) -> list[str]:
    """The issue's targets, checked against this run (only those a measured size speaks to)."""
    out = ["### Targets (issue 8), checked against this run", ""]

    def fast(n, stage):
        return _median(results[n]["fast"]["stages"].get(stage, {"status": "not run"}))

    def ref(n, stage):
        return _median(results[n]["ref"]["stages"].get(stage, {"status": "not run"}))

    def verdict(ok):
        return "met" if ok else "**missed**"

    for n in sizes:
        b, peak = fast(n, "build"), results[n]["fast"].get("build_peak_mb")
        if n == 1_000_000 and b is not None:
            out.append(f"- `kgtool build` at 1M: {b:.1f} s (target ≤ 30 s: {verdict(b <= 30)}, "
                       f"{b / 30:.2f}× the target), peak {peak or 0:.0f} MB (target ≤ 4096 MB: "
                       f"{verdict((peak or 0) <= 4096)}).")
        if n == 10_000_000 and b is not None:
            out.append(f"- `kgtool build` at 10M: {b:.0f} s (target ≤ 600 s: {verdict(b <= 600)}), "
                       f"peak {peak or 0:.0f} MB (target < 8192 MB: {verdict((peak or 0) < 8192)}).")
        a = ref(n, "build")
        if n == 100_000 and a is not None and b is not None:
            out.append(f"- build at 100k, reference/fast: {a / b:.1f}× (target ≥ 20×: "
                       f"{verdict(a / b >= 20)}).")
        inc = fast(n, "incremental")
        if n == 1_000_000 and inc is not None:
            stage = results[n]["fast"]["stages"]["incremental"]
            steps, times = stage.get("value") or {}, stage.get("times") or []
            over = sum(t > 1 for t in times)
            spread = (f", {len(times)} runs on as many documents: {min(times):.2f}–"
                      f"{max(times):.2f} s, {over} over 1 s" if len(times) > 1 else "")
            out.append(f"- incremental rebuild at 1M (one document changed; the whole `kgtool "
                       f"build --incremental`, artefacts included): median {inc:.2f} s{spread} "
                       f"(target ≤ 1 s: {verdict(inc <= 1)}"
                       + (" at the median, not for every document)" if over and inc <= 1 else ")")
                       + (
                           f"; of which, medians of the command's own timings: rebuild "
                           f"{steps['rebuild']:.2f} s (re-load, re-reason, re-validate, state "
                           f"saved), artefacts {steps['write']:.2f} s, the rest process start, "
                           f"imports and exit." if "rebuild" in steps and "write" in steps
                           else "."))
        if n == 1_000_000:
            qs = [(s, fast(n, s)) for s in stages if s.startswith("query:")]
            slow = sorted(((s[6:], t) for s, t in qs if t is not None and t > 0.05),
                          key=lambda x: -x[1])
            done = [t for _, t in qs if t is not None]

            def rows(q):  # the value of a query stage is its row count
                v = results[n]["fast"]["stages"].get(f"query:{q}", {}).get("value")
                return f" ({v:,} rows)" if isinstance(v, int) else ""

            if done:
                out.append(f"- named queries at 1M: {len(done) - len(slow)} of {len(done)} with "
                           f"p50 ≤ 50 ms (target: all); over: " +
                           (", ".join(f"{q} {t * 1000:.0f} ms{rows(q)}" for q, t in slow)
                            or "none") + ".")
    return out if len(out) > 2 else []


def write_results(path: Path, section: str, name: str = "scale") -> None:
    start, end = markers(name)
    text = path.read_text(encoding="utf-8") if path.is_file() else "# Benchmark results\n\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + section.rstrip("\n") + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for pkg in ("rdflib", "owlrl", "pyshacl", "pyoxigraph", "reasonable", "networkx"):
        try:
            out.append(f"{pkg} {version(pkg)}")
        except PackageNotFoundError:
            out.append(f"{pkg} missing")
    return ", ".join(out)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="10k,100k,1M", help="comma-separated triple counts (10k, 1M, 10M …)")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--budget-s", type=float, default=600.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--backends", default="ref,fast", help="ref, fast or both (ref,fast)")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    p.add_argument("--section", default="scale",
                   help="name of the marked section of --out to replace (default: scale)")
    p.add_argument("--json", type=Path, help="also save the raw results as JSON")
    p.add_argument("--only", help="comma-separated stages (or prefixes such as query:) to run")
    p.add_argument("--quiet", action="store_true")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--backend", help=argparse.SUPPRESS)
    p.add_argument("--corpus", help=argparse.SUPPRESS)
    p.add_argument("--result", help=argparse.SUPPRESS)
    p.add_argument("--skip", help=argparse.SUPPRESS)
    p.add_argument("--stages", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        worker(args)
        return 0
    args.command = "python bench/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    from kgtool.synth import generate

    sizes = sorted(parse_size(s) for s in args.sizes.split(","))
    backends = [b.strip() for b in args.backends.split(",")]
    stages = stage_names()  # fixed for the whole run (queries/ may change meanwhile)
    if args.only:
        wanted = [w.strip() for w in args.only.split(",") if w.strip()]
        stages = [s for s in stages if any(s == w or (w.endswith(":") and s.startswith(w))
                                           for w in wanted)]
    results, gen_times, history = {}, {}, {"ref": [], "fast": []}
    with tempfile.TemporaryDirectory(prefix="kgbench-") as tmp:
        for n in sizes:
            corpus = Path(tmp) / size_label(n)
            t0 = time.perf_counter()
            generate(n, seed=args.seed, out_dir=corpus)
            gen_times[n] = time.perf_counter() - t0
            results[n] = {}
            for backend in ("ref", "fast"):
                if backend not in backends:
                    results[n][backend] = {"stages": {s: {"times": [], "status": "not run",
                                                          "note": ""} for s in stages}}
                    continue
                skip = plan_skips(history[backend], n, args.budget_s)
                if not args.quiet:
                    print(f"[bench] {size_label(n)} {backend}", file=sys.stderr, flush=True)
                results[n][backend] = run_backend(backend, corpus, n, args, skip, stages)
                history[backend].append((n, results[n][backend]))
    if args.json:
        args.json.write_text(json.dumps({"command": args.command, "results": {
            size_label(n): r for n, r in results.items()}}, ensure_ascii=False, indent=1))
    write_results(args.out, render(args, sizes, results, gen_times, versions(), stages), args.section)

    if not args.quiet:
        print(f"[bench] wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
