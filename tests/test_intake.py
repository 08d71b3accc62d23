"""Tests of spreadsheet intake (issue #5)."""
from __future__ import annotations

import pytest
import rdflib
from click.testing import CliRunner

from kgtool.errors import InputError
from kgtool.intake.spreadsheets import TEMPLATES, read_sheet, write_template
from kgtool.rdf.namespaces import KG, KGT, SCHEMA


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_template_round_trip(tmp_path, kind, ext):
    path = write_template(kind, tmp_path / f"{kind}.{ext}")
    if ext == "csv":
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    g = read_sheet(path)
    assert len(g) > 3


def test_targets_sheet_rdf(tmp_path):
    g = read_sheet(write_template("targets", tmp_path / "t.csv"))
    t = next(g.subjects(KGT.metric, KG["metric/enterprise-product-standards-filed"]))
    assert g.value(t, KGT.value).toPython() == 5000 and str(g.value(t, KGT.deadline)) == "2015"


def test_funding_sheet_rdf(tmp_path):
    g = read_sheet(write_template("funding", tmp_path / "f.xlsx"))
    f = next(g.subjects(KGT.funder, KG["org/sz-project-owner-local-gov"]))
    assert g.value(g.value(f, KGT.amount), SCHEMA.value).toPython() == 1000000


def test_gbk_csv_and_csv_without_bom(tmp_path):
    text = ("document,task,quote,agency,role,jurisdiction\n"
            "doc/x,1,加强国际标准文献服务工作。,市商务委,responsible,500000\n")
    for enc in ("gbk", "utf-8"):
        p = tmp_path / f"tasks-{enc}.csv"
        p.write_bytes(text.encode(enc))
        g = read_sheet(p)
        a = next(g.subjects(KGT.agent, KG["org/cq-commerce"]))
        assert g.value(a, KGT.role) == KG["role/responsible"]


@pytest.mark.parametrize("row,message", [
    ("doc/x,q,nonsense,5,exactly,item,500000", ":2: metric: unknown metric 'nonsense'"),
    ("doc/x,q,intl-adoption-rate,abc,exactly,item,500000", ":2: value: 'abc' is not a number"),
    ("doc/x,q,intl-adoption-rate,5,about,item,500000", ":2: comparator: 'about' is not one of"),
    (",q,intl-adoption-rate,5,exactly,item,500000", ":2: document: required value missing"),
    ("doc/x,q,intl-adoption-rate,5,exactly,item,999999", ":2: jurisdiction: '999999' is not a GB/T"),
])
def test_errors_name_file_row_column(tmp_path, row, message):
    p = tmp_path / "bad.csv"
    p.write_text("document,quote,metric,value,comparator,unit,jurisdiction\n" + row + "\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_sheet(p)
    assert str(exc.value).startswith(str(p) + message)


def test_unknown_header_and_empty(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"x.csv:1: header row"):
        read_sheet(p)
    p.write_bytes(b"")
    with pytest.raises(InputError, match="empty file"):
        read_sheet(p)


def test_cli_template_and_intake(tmp_path):
    from kgtool.cli.main import cli
    from kgtool.cli.intake import intake_cmd, template_cmd
    for cmd in (template_cmd, intake_cmd):
        if cmd.name not in cli.commands:
            cli.add_command(cmd)
    sheet, out = tmp_path / "tasks.xlsx", tmp_path / "draft.ttl"
    r = CliRunner().invoke(cli, ["template", "tasks", "--out", str(sheet)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["intake", str(sheet), "--out", str(out)])
    assert r.exit_code == 0, r.output
    g = rdflib.Graph().parse(out, format="turtle")
    assert (None, KGT.role, KG["role/lead"]) in g


# ------------------------------------------------------------------ issue 16
def _cli_with(*cmds):
    from kgtool.cli.main import cli
    for cmd in cmds:
        if cmd.name not in cli.commands:
            cli.add_command(cmd)
    return cli


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_template_example_row_validates(tmp_path, kind):
    """template → intake → validate exit 0, for every template."""
    from kgtool.cli.main import cli
    sheet, out = tmp_path / f"{kind}.xlsx", tmp_path / f"{kind}.ttl"
    assert CliRunner().invoke(cli, ["template", kind, "--out", str(sheet)]).exit_code == 0
    r = CliRunner().invoke(cli, ["intake", str(sheet), "--out", str(out)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["validate", str(out)])
    assert r.exit_code == 0, r.output


def test_templates_carry_the_columns_their_shapes_require():
    cols = {k: {c for c, _ in v} for k, v in TEMPLATES.items()}
    assert "jurisdiction" in cols["targets"] and "activity" in cols["funding"]
    assert {"funder", "jurisdiction"} <= cols["funding"]


def test_targets_and_funding_get_jurisdiction_activity(tmp_path):
    g = read_sheet(write_template("targets", tmp_path / "t.csv"))
    t = next(g.subjects(KGT.metric, None))
    assert g.value(t, KGT.jurisdiction) == KG["jur/500000"]
    g = read_sheet(write_template("funding", tmp_path / "f.csv"))
    f = next(g.subjects(KGT.funder, None))
    assert g.value(f, KGT.activity) == KG["activity/intl-standard-lead-drafting"]
    assert g.value(f, KGT.jurisdiction) == KG["jur/320500"]


def test_agency_is_resolved_in_the_row_jurisdiction(tmp_path):
    p = tmp_path / "tasks.csv"
    p.write_text("document,task,quote,agency,role,jurisdiction\n"
                 "doc/x,1,开展监督检查。,市质监局,lead,510100\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"tasks.csv:2: agency: unknown organisation '市质监局' in 成都市 \(510100\)"):
        read_sheet(p)


def test_every_bad_cell_in_one_run(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("document,quote,metric,value,comparator,unit,deadline,jurisdiction\n"
                 "doc/x,q,nonsense,abc,exactly,item,2015,500000\n"
                 "doc/x,q,intl-adoption-rate,5,about,cm,soon,\n"
                 "doc/x,q,intl-adoption-rate,85,at-least,percent,2015,500000\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_sheet(p)
    lines = str(exc.value).splitlines()
    assert lines == [f"{p}:2: metric: unknown metric 'nonsense' (see reference/metrics.ttl)",
                     f"{p}:2: value: 'abc' is not a number",
                     f"{p}:3: jurisdiction: required value missing",
                     f"{p}:3: comparator: 'about' is not one of exactly, at-least, at-most, range",
                     f"{p}:3: unit: 'cm' is not one of item, unit, enterprise, person, percent, month",
                     f"{p}:3: deadline: 'soon' is not a year"]


def test_every_bad_cell_cli_exit_2_names_sheet(tmp_path):
    from openpyxl import Workbook
    from kgtool.cli.main import cli
    wb = Workbook()
    ws = wb.active
    ws.title = "tasks"
    ws.append(["document", "task", "quote", "agency", "role", "jurisdiction"])
    ws.append(["doc/x", "1", "开展监督检查。", "市质监局", "boss", "500000"])
    ws.append(["doc/x", "2", "开展监督检查。", "不存在局", "lead", "500000"])
    p = tmp_path / "tasks.xlsx"
    wb.save(p)
    out = tmp_path / "d.ttl"
    r = CliRunner().invoke(cli, ["intake", str(p), "--out", str(out)])
    assert r.exit_code == 2 and not out.exists()
    assert f"{p}[tasks]:2: role: 'boss' is not one of lead, responsible, cooperating" in r.output
    assert f"{p}[tasks]:3: agency: unknown organisation '不存在局'" in r.output


def test_missing_required_column_is_named(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("document,quote,metric,value,comparator,unit\ndoc/x,q,intl-adoption-rate,5,exactly,item\n",
                 encoding="utf-8")
    with pytest.raises(InputError, match=r"t.csv:1: targets sheet: required column jurisdiction missing"):
        read_sheet(p)
