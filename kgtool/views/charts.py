"""Charts for reports: matplotlib figures of the graph, PNG or SVG.

Each chart reads its data with one named query ``queries/chart-<name>.rq`` through
:func:`kgtool.querying.named.run_query`, so it runs on the embedded graph or any store:

- ``targets-by-year``: quantitative targets by deadline year, stacked by jurisdiction;
- ``metric-comparison``: one metric (and its narrower metrics) across jurisdictions; by
  default the metric set by the most jurisdictions;
- ``responsibility-matrix``: agency × task, cells coloured by role (lead / responsible /
  cooperating);
- ``funding``: amounts by funded activity and funder, in 万元; a second panel counts, per
  funder, the funding links (funder → activity, from the ``funding`` network view) whose
  measures state no amount (budget statements), so none is left out silently.

Chinese labels are drawn with an installed CJK font (Noto Sans CJK from the Debian package
``fonts-noto-cjk``, found through :mod:`matplotlib.font_manager`); without one the chart
is refused rather than drawn with empty boxes. Figures are made with
:class:`matplotlib.figure.Figure` (no pyplot global state) and written atomically.
"""
from __future__ import annotations

import io
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Callable

from kgtool.bilingual import Bilingual
from kgtool.errors import KgtoolError
from kgtool.fsutil import write_bytes_atomic
from kgtool.rdf.graph import KnowledgeGraph
from kgtool.querying.named import builtin_queries_dir, get_named_query, run_query

__all__ = ["CHARTS", "CHART_FORMATS", "chart", "cjk_font", "chart_data", "ROLE_COLOURS",
           "funding_links_without_amount"]

CHARTS = ("targets-by-year", "metric-comparison", "responsibility-matrix", "funding")
CHART_FORMATS = ("png", "svg")
CHART_QUERIES_DIR = builtin_queries_dir()
ROLE_ORDER = ("lead", "responsible", "cooperating")
ROLE_COLOURS = {"lead": "#c0392b", "responsible": "#f39c12", "cooperating": "#f7e08a"}
ROLE_LABELS = {"lead": "牵头 lead", "responsible": "负责 responsible",
               "cooperating": "配合 cooperating"}
_PREFERRED_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
                    "Source Han Sans CN", "Noto Sans CJK TC", "Noto Sans CJK JP",
                    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei",
                    "PingFang SC", "Noto Serif CJK SC", "AR PL UMing CN")
_FONT_FILE_HINTS = ("cjk", "wqy", "wenquanyi", "sourcehan", "simhei", "msyh", "pingfang",
                    "notosanssc", "uming")
_PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
            "#ff9da7", "#9c755f", "#bab0ac")
_MISSING_FONT = Bilingual("no CJK font found for the Chinese chart labels; install one with "
                          "scripts/install-browser.sh (apt-get install fonts-noto-cjk)",
                          "找不到用于图表中文标签的 CJK 字体；请用 scripts/install-browser.sh 安装"
                          "（apt-get install fonts-noto-cjk）")


@lru_cache(maxsize=1)
def cjk_font() -> tuple[str, str]:
    """The family name and file of an installed font with Chinese glyphs.

    Prefers Noto Sans CJK SC; fonts installed after matplotlib built its cache are found
    by scanning the system font folders and registering them.

    :returns: ``(family, path)``.
    :raises KgtoolError: when no CJK font is installed (naming scripts/install-browser.sh).
    """
    from matplotlib import font_manager

    def find():
        by_name = {}
        for f in font_manager.fontManager.ttflist:
            by_name.setdefault(f.name, f.fname)
        for name in _PREFERRED_FONTS:
            if name in by_name:
                return name, by_name[name]
        return None

    found = find()
    if found is None:
        for path in font_manager.findSystemFonts():
            if any(h in Path(path).name.lower().replace("-", "") for h in _FONT_FILE_HINTS):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        found = find()
    if found is None:
        raise KgtoolError(_MISSING_FONT)
    return found


def _store_of(source):
    if isinstance(source, KnowledgeGraph):
        from kgtool.stores.base import RdflibStore

        return RdflibStore(source)
    if hasattr(source, "select"):
        return source
    raise KgtoolError(f"cannot chart {type(source).__name__}; pass a KnowledgeGraph or a Store")


def chart_data(name: str, source, *, params: dict[str, str] | None = None,
               queries_dir: Path | None = None) -> list[dict]:
    """The rows (Python values) of ``queries/chart-<name>.rq`` on ``source``.

    :raises KgtoolError: on an unknown chart; :class:`~kgtool.errors.QueryError` when the
        query fails.
    """
    if name not in CHARTS:
        raise KgtoolError(f"unknown chart {name!r}; choose one of {', '.join(CHARTS)}")
    query = get_named_query(Path(queries_dir or CHART_QUERIES_DIR), f"chart-{name}")
    return run_query(_store_of(source), query, params or {}, timeout=120).records()


def _doc_name(row: dict, lang: str) -> str:
    """A document's 文号, else its label in ``lang`` (the chart queries' doc_number[_zh])."""
    return str((row.get("doc_number_zh") if lang == "zh" else None) or row.get("doc_number") or "")


def _label(row: dict, key: str, lang: str) -> str:
    other = "en" if lang == "zh" else "zh"
    return str(row.get(f"{key}_{lang}") or row.get(f"{key}_{other}") or row.get(key) or "")


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _num(v) -> float | None:
    return None if v in (None, "") else float(v)


# ---------------------------------------------------------------------------------- charts
def _targets_by_year(fig, rows: list[dict], lang: str, opts: dict) -> None:
    none = "无期限" if lang == "zh" else "no deadline"
    years = sorted({r["deadline"] or "" for r in rows}, key=lambda y: (y == "", y))
    jurs = sorted({r["jurisdiction"] for r in rows})
    names = {r["jurisdiction"]: _label(r, "jurisdiction", lang) for r in rows}
    counts = {(r["deadline"] or "", r["jurisdiction"]): int(r["targets"]) for r in rows}
    ax = fig.add_subplot()
    xs = list(range(len(years)))
    bottom = [0] * len(years)
    for i, j in enumerate(jurs):
        h = [counts.get((y, j), 0) for y in years]
        ax.bar(xs, h, bottom=bottom, color=_PALETTE[i % len(_PALETTE)], label=names[j],
               edgecolor="white", width=0.65)
        bottom = [b + x for b, x in zip(bottom, h)]
    for x, total in zip(xs, bottom):
        ax.annotate(str(total), (x, total), ha="center", va="bottom", fontsize=9,
                    xytext=(0, 2), textcoords="offset points")
    ax.set_xticks(xs, [y or none for y in years])
    ax.set_xlabel("截止年份 deadline year")
    ax.set_ylabel("定量目标数 number of targets")
    ax.set_title(opts.get("title") or "各地区定量目标的截止年份  Targets by deadline year")
    ax.legend(title="地区 jurisdiction", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_ylim(0, max(bottom + [1]) * 1.12)


def pick_metric(rows: list[dict]) -> str:
    """The metric set by the most jurisdictions (then most targets, then smallest IRI).

    >>> pick_metric([{"metric": "m:a", "jurisdiction": "j1", "target": "t1"},
    ...              {"metric": "m:b", "jurisdiction": "j1", "target": "t2"},
    ...              {"metric": "m:b", "jurisdiction": "j2", "target": "t3"}])
    'm:b'
    """
    jurs, targets = defaultdict(set), defaultdict(set)
    for r in rows:
        jurs[r["metric"]].add(r["jurisdiction"])
        targets[r["metric"]].add(r["target"])
    if not jurs:
        raise KgtoolError(Bilingual("no targets with a metric in the graph", "图中没有带指标的目标"))
    return min(jurs, key=lambda m: (-len(jurs[m]), -len(targets[m]), m))


def _metric_comparison(fig, rows: list[dict], lang: str, opts: dict) -> None:
    metric = opts.get("metric_iri") or pick_metric(rows)
    rows = [r for r in rows if r["metric"] == metric]
    if not rows:
        raise KgtoolError(Bilingual(f"no targets for metric {metric}", f"指标 {metric} 没有目标"))
    jurs = sorted({r["jurisdiction"] for r in rows})
    colour = {j: _PALETTE[i % len(_PALETTE)] for i, j in enumerate(jurs)}
    rows = sorted(rows, key=lambda r: (r["jurisdiction"], r["deadline"] or "", r["target"]))
    ax = fig.add_subplot()
    labels, values, errs = [], [], [[], []]
    for r in rows:
        v, lo, hi = _num(r.get("value")), _num(r.get("min_value")), _num(r.get("max_value"))
        top = v if v is not None else hi if hi is not None else lo or 0.0
        values.append(top)
        errs[0].append(top - lo if v is None and lo is not None else 0)
        errs[1].append(0)
        sub = _label(r, "target_metric", lang)
        parts = [_label(r, "jurisdiction", lang)]
        if sub != _label(r, "metric", lang):
            parts.append(_short(sub, 18))
        parts.append(str(r.get("deadline") or "—"))
        labels.append(" · ".join(parts))
    ys = list(range(len(rows)))[::-1]
    ax.barh(ys, values, xerr=errs if any(errs[0]) else None, color=[colour[r["jurisdiction"]] for r in rows],
            height=0.6, capsize=3, error_kw={"elinewidth": 1})
    for y, r, v in zip(ys, rows, values):
        unit = _label(r, "unit", lang)
        rng = (f"{_fmt(r['min_value'])}–{_fmt(r['max_value'])}" if r.get("value") is None
               and r.get("min_value") is not None and r.get("max_value") is not None
               else _fmt(v))
        per = ("/年" if lang == "zh" else "/yr") if r.get("per_year") in (True, "true") else ""
        ax.annotate(f"{rng} {unit}{per}  {_short(_doc_name(r, lang), 24)}", (v, y), va="center",
                    fontsize=8, xytext=(4, 0), textcoords="offset points")
    ax.set_yticks(ys, labels)
    ax.set_xlabel("目标值 target value")
    ax.set_xlim(0, max(values + [1]) * 1.6)
    name = _label(rows[0], "metric", lang)
    ax.set_title(opts.get("title") or f"指标比较 Metric comparison: {name}")
    ax.spines[["top", "right"]].set_visible(False)


def _fmt(v) -> str:
    f = float(v)
    return str(int(f)) if f == int(f) else f"{f:g}"


def _responsibility_matrix(fig, rows: list[dict], lang: str, opts: dict) -> None:
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    rank = {r: i for i, r in enumerate(ROLE_ORDER)}
    cell: dict[tuple[str, str], str] = {}
    tasks, agencies = {}, {}
    for r in rows:
        key = (r["agency"], r["task"])
        role = r["role"] if r["role"] in rank else "responsible"
        if key not in cell or rank[role] < rank[cell[key]]:
            cell[key] = role
        tasks[r["task"]] = _label(r, "task", lang)
        agencies[r["agency"]] = _label(r, "agency", lang)
    task_ids = sorted(tasks)
    load = defaultdict(int)
    for (a, _), role in cell.items():
        load[a] += 1
    agency_ids = sorted(agencies, key=lambda a: (-load[a], agencies[a]))
    grid = [[rank[cell[(a, t)]] + 1 if (a, t) in cell else 0 for t in task_ids]
            for a in agency_ids]
    ax = fig.add_subplot()
    cmap = ListedColormap(["#ffffff"] + [ROLE_COLOURS[r] for r in ROLE_ORDER])
    ax.pcolormesh(grid, cmap=cmap, vmin=-0.5, vmax=len(ROLE_ORDER) + 0.5,
                  edgecolors="#dddddd", linewidth=0.5)
    ax.invert_yaxis()
    ax.set_yticks([i + 0.5 for i in range(len(agency_ids))],
                  [_short(agencies[a], 16) for a in agency_ids], fontsize=8)
    ax.set_xticks([i + 0.5 for i in range(len(task_ids))],
                  [f"{t.rsplit('/', 1)[-1]} {_short(tasks[t], 12)}" for t in task_ids],
                  rotation=60, ha="right", fontsize=7)
    ax.set_title(opts.get("title") or "任务分工矩阵  Agency × task responsibility")
    ax.legend(handles=[Patch(facecolor=ROLE_COLOURS[r], edgecolor="#999", label=ROLE_LABELS[r])
                       for r in ROLE_ORDER], loc="upper left", bbox_to_anchor=(1.01, 1),
              frameon=False, title="角色 role")
    ax.set_aspect("equal")


def funding_links_without_amount(source) -> list[dict]:
    """The funding links (funder → activity) none of whose measures states an amount, from
    the ``funding`` network view: ``funder``, ``funder_zh``, ``funder_en``, ``activity``,
    ``activity_zh``, ``activity_en``, ``measures``; sorted by funder and activity.
    """
    from kgtool.views.network import build_view

    g = build_view(source, "funding")
    links = []
    for u, v, d in g.edges(data=True):
        if d.get("measures_with_amount", 0) == 0 and "amount_cny" not in d:
            fu, ac = g.nodes[u], g.nodes[v]
            links.append({"funder": u, "funder_zh": fu.get("label_zh"),
                          "funder_en": fu.get("label_en"), "activity": v,
                          "activity_zh": ac.get("label_zh"), "activity_en": ac.get("label_en"),
                          "measures": int(d.get("measures", 1))})
    return sorted(links, key=lambda r: (r["funder"], r["activity"]))


def _funding(fig, rows: list[dict], lang: str, opts: dict) -> None:
    if not rows:
        raise KgtoolError(Bilingual("no funding measure with an amount in the graph",
                                    "图中没有写明金额的资助措施"))
    missing = opts.get("without_amount") or []
    funders = sorted({r["funder"] for r in rows})
    colour = {f: _PALETTE[i % len(_PALETTE)] for i, f in enumerate(funders)}
    names = {r["funder"]: _label(r, "funder", lang) for r in rows + missing}
    rows = sorted(rows, key=lambda r: (-float(r["amount_cny"]), r["activity"], r["funder"]))
    grid = fig.add_gridspec(1, 2, width_ratios=(3, 1.4)) if missing else None
    ax = fig.add_subplot(grid[0, 0]) if missing else fig.add_subplot()
    ys = list(range(len(rows)))[::-1]
    amounts = [float(r["amount_cny"]) / 10000 for r in rows]
    ax.barh(ys, amounts, color=[colour[r["funder"]] for r in rows], height=0.65)
    for y, r, a in zip(ys, rows, amounts):
        per = (" 每项" if lang == "zh" else " per item") if r.get("per_item") in (True, "true") else ""
        ax.annotate(f"{_fmt(a)} 万元{per}  {_doc_name(r, lang)}", (a, y), va="center",
                    fontsize=8, xytext=(4, 0), textcoords="offset points")
    ax.set_yticks(ys, [_short(_label(r, "activity", lang), 22) for r in rows], fontsize=8)
    ax.set_xlabel("金额（万元） amount (10,000 CNY)")
    ax.set_xlim(0, max(amounts) * 1.5)
    ax.set_title(opts.get("title") or "资助金额  Funding by activity and funder")
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=colour[f], label=_short(names[f], 24)) for f in funders],
              title="出资方 funder", frameon=False, loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    if missing:
        _funding_without_amount(fig.add_subplot(grid[0, 1]), missing, names, lang)


def _funding_without_amount(ax, missing: list[dict], names: dict, lang: str) -> None:
    """Per funder, how many funding links state no amount (drawn beside the amounts)."""
    count: dict[str, int] = defaultdict(int)
    for r in missing:
        count[r["funder"]] += 1
    order = sorted(count, key=lambda f: (-count[f], names[f]))
    ys = list(range(len(order)))[::-1]
    ax.barh(ys, [count[f] for f in order], color="#9c9c9c", hatch="//", edgecolor="white",
            height=0.6)
    for y, f in zip(ys, order):
        ax.annotate(str(count[f]), (count[f], y), va="center", fontsize=8, xytext=(3, 0),
                    textcoords="offset points")
    ax.set_yticks(ys, [_short(names[f], 14) for f in order], fontsize=8)
    ax.set_xlim(0, max(count.values()) * 1.3)
    ax.set_xlabel("资助关系数 funding links")
    total = len(missing)
    ax.set_title(f"未说明金额：{total} 项资助关系" if lang == "zh"
                 else f"No amount stated: {total} funding links", fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)


_DRAW: dict[str, tuple[Callable, tuple[float, float]]] = {
    "targets-by-year": (_targets_by_year, (8, 5)),
    "metric-comparison": (_metric_comparison, (10, 6)),
    "responsibility-matrix": (_responsibility_matrix, (12, 10)),
    "funding": (_funding, (14, 6.5)),
}


def chart(name: str, source, out: Path, *, metric: str | None = None, lang: str = "zh",
          title: str | None = None, dpi: int = 150, queries_dir: Path | None = None) -> Path:
    """Draw chart ``name`` of ``source`` into ``out`` (PNG or SVG by its suffix), atomically.

    :param name: one of :data:`CHARTS`.
    :param source: a :class:`~kgtool.rdf.graph.KnowledgeGraph` or a store.
    :param out: the ``.png`` or ``.svg`` file to (over)write.
    :param metric: for ``metric-comparison``: the metric IRI or CURIE (``kg:metric/…``);
        default: the metric set by the most jurisdictions.
    :param lang: label language, ``zh`` (default) or ``en``.
    :param title: replaces the default title.
    :param dpi: resolution of PNG output.
    :param queries_dir: where ``chart-*.rq`` are (default: kgtool's ``queries/``).
    :returns: ``out``.
    :raises KgtoolError: on an unknown chart, an unsupported suffix, a missing CJK font or
        no data; :class:`~kgtool.errors.QueryError` when the query fails.

    >>> chart("pie", KnowledgeGraph(), Path("x.png"))
    Traceback (most recent call last):
    ...
    kgtool.errors.KgtoolError: unknown chart 'pie'; choose one of targets-by-year, metric-comparison, responsibility-matrix, funding
    """
    if name not in CHARTS:
        raise KgtoolError(f"unknown chart {name!r}; choose one of {', '.join(CHARTS)}")
    out = Path(out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in CHART_FORMATS:
        raise KgtoolError(Bilingual(f"chart output must end in .png or .svg, not {out.name!r}",
                                    f"图表输出文件须以 .png 或 .svg 结尾，而不是 {out.name!r}"))
    if lang not in ("zh", "en"):
        raise KgtoolError(f"unknown label language {lang!r}; choose zh or en")
    family, _ = cjk_font()
    params, opts = {}, {"title": title}
    if metric and name == "metric-comparison":
        from kgtool.querying.named import parse_iri

        params["metric"] = metric
        opts["metric_iri"] = str(parse_iri(metric, param="metric"))
    rows = chart_data(name, source, params=params, queries_dir=queries_dir)
    if not rows:
        raise KgtoolError(Bilingual(f"chart {name!r}: the graph has no data for it",
                                    f"图表 {name!r}：图中没有它所需的数据"))
    if name == "funding":
        opts["without_amount"] = funding_links_without_amount(source)
    import matplotlib
    from matplotlib.figure import Figure

    draw, size = _DRAW[name]
    rc = {"font.family": "sans-serif", "font.sans-serif": [family, "DejaVu Sans"],
          "axes.unicode_minus": False, "svg.fonttype": "path", "svg.hashsalt": "kgtool",
          "savefig.bbox": "tight"}
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=size, dpi=dpi, layout="constrained")
        draw(fig, rows, lang, opts)
        buf = io.BytesIO()
        meta = {"Date": None} if fmt == "svg" else {"Software": "kgtool"}
        fig.savefig(buf, format=fmt, dpi=dpi, metadata=meta)
    return write_bytes_atomic(out, buf.getvalue())
