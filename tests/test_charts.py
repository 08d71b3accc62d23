"""Charts for reports (issue #6): each chart is drawn from the real data as PNG and SVG,
with a font that really has the Chinese glyphs (no tofu boxes).

Needs a CJK font (``scripts/install-browser.sh`` installs fonts-noto-cjk); skips otherwise.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kgtool.views.charts import CHARTS, chart, chart_data, cjk_font, pick_metric
from kgtool.errors import KgtoolError

ROOT = Path(__file__).resolve().parents[1]
DOCS_IMG = ROOT / "docs" / "img"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# a Chinese label each chart must contain (from the real data)
ZH_TEXT = {"targets-by-year": "重庆市", "metric-comparison": "苏州市",
           "responsibility-matrix": "重庆市质量技术监督局", "funding": "主导起草国际标准"}


@pytest.fixture(scope="module")
def font():
    try:
        return cjk_font()
    except KgtoolError as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def kg(project):
    from kgtool.rdf.graph import load_project
    from kgtool.reasoning.closure import apply_rules

    graph = load_project(project)
    apply_rules(graph, project.rules_dir)
    return graph


def _has_glyphs(path: str, text: str) -> bool:
    from fontTools.ttLib import TTCollection, TTFont

    fonts = (TTCollection(path).fonts if path.lower().endswith((".ttc", ".otc"))
             else [TTFont(path)])
    return any(all(ord(ch) in (f.getBestCmap() or {}) for ch in text) for f in fonts)


def test_font_has_cjk_glyphs(font):
    family, path = font
    assert "CJK" in family or "Hei" in family or "Han" in family or "SC" in family
    assert _has_glyphs(path, "重庆苏州广东合川牵头负责配合万元")
    from matplotlib import ft2font

    face = ft2font.FT2Font(path)
    assert face.get_char_index(ord("重")) and face.get_char_index(ord("苏"))


@pytest.mark.parametrize("name", CHARTS)
def test_chart_png_and_svg(name, kg, font, tmp_path):
    png = chart(name, kg, tmp_path / f"chart-{name}.png")
    data = png.read_bytes()
    assert data[:8] == PNG_MAGIC and len(data) > 20_000
    svg = chart(name, kg, tmp_path / f"chart-{name}.svg")
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    # labels are drawn as glyph paths and kept as text in comments
    assert ZH_TEXT[name] in text
    assert len(text) > 20_000
    DOCS_IMG.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(png, DOCS_IMG / f"chart-{name}.png")


def test_chart_data_is_real(kg):
    years = chart_data("targets-by-year", kg)
    assert sum(int(r["targets"]) for r in years) == 43
    roles = {r["role"] for r in chart_data("responsibility-matrix", kg)}
    assert roles == {"lead", "responsible", "cooperating"}
    funding = chart_data("funding", kg)
    assert max(float(r["amount_cny"]) for r in funding) == 1_000_000


def test_default_metric_has_most_jurisdictions(kg):
    rows = chart_data("metric-comparison", kg)
    best = pick_metric(rows)
    n = len({r["jurisdiction"] for r in rows if r["metric"] == best})
    assert all(len({r["jurisdiction"] for r in rows if r["metric"] == m}) <= n
               for m in {r["metric"] for r in rows})
    assert n >= 3


def test_metric_option_selects_the_metric(kg, font, tmp_path):
    out = chart("metric-comparison", kg, tmp_path / "m.svg",
                metric="kg:metric/agri-demo-zones-municipal")
    text = out.read_text(encoding="utf-8")
    assert "市级农业标准化示范区" in text and "苏州市" not in text


def test_bad_suffix_and_name(kg, font, tmp_path):
    with pytest.raises(KgtoolError, match=r"\.png or \.svg"):
        chart("funding", kg, tmp_path / "x.pdf")
    with pytest.raises(KgtoolError, match="unknown chart"):
        chart("pie", kg, tmp_path / "x.png")
    assert not list(tmp_path.iterdir())


def test_missing_font_names_the_install_script(monkeypatch):
    from matplotlib import font_manager

    import kgtool.views.charts as charts

    charts.cjk_font.cache_clear()
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    try:
        with pytest.raises(KgtoolError, match="scripts/install-browser.sh"):
            charts.cjk_font()
    finally:
        charts.cjk_font.cache_clear()


def test_chart_command(font, tmp_path):
    from click.testing import CliRunner

    from kgtool.cli.main import cli
    from kgtool.cli.viz import chart_cmd

    if "chart" not in cli.commands:
        cli.add_command(chart_cmd)
    out = tmp_path / "t.png"
    result = CliRunner().invoke(cli, ["-q", "chart", "targets-by-year", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == PNG_MAGIC
    result = CliRunner().invoke(cli, ["chart", "funding", "-o", str(tmp_path / "x.gif")])
    assert result.exit_code == 2 and "png or .svg" in result.output


def test_funding_chart_counts_links_without_amount(kg, font, tmp_path):
    """The funding links whose measures state no amount are counted beside the amounts,
    not left out: the count equals an independent SPARQL count on the same graph."""
    from kgtool.views.charts import funding_links_without_amount
    from kgtool.stores.base import RdflibStore

    rows = RdflibStore(kg).select("""PREFIX kgt: <https://w3id.org/kgtool/ontology#>
        SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?f ?a WHERE {
          ?m kgt:funder ?f ; kgt:activity ?a .
          FILTER EXISTS { ?m a ?k VALUES ?k { kgt:FundingMeasure kgt:BudgetStatement } }
          FILTER NOT EXISTS { ?m2 kgt:funder ?f ; kgt:activity ?a ; kgt:amount [] } } }""",
                                  timeout=120)
    expected = int(rows.rows[0][0])
    links = funding_links_without_amount(kg)
    assert len(links) == expected > 0
    assert not {(r["funder"], r["activity"]) for r in links} & {
        (r["funder"], r["activity"]) for r in chart_data("funding", kg)}
    text = chart("funding", kg, tmp_path / "f.svg").read_text(encoding="utf-8")
    assert f"未说明金额：{expected} 项资助关系" in text
    text = chart("funding", kg, tmp_path / "f-en.svg", lang="en").read_text(encoding="utf-8")
    assert f"No amount stated: {expected} funding links" in text
