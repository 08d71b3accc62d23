"""Tests of spreadsheet intake (issue #5)."""
from __future__ import annotations

import pytest
import rdflib
from click.testing import CliRunner

from kgtool.errors import InputError
from kgtool.intake import TEMPLATES, read_sheet, write_template
from kgtool.namespaces import KG, KGT, SCHEMA


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
    text = "document,task,quote,agency,role\ndoc/x,1,加强国际标准文献服务工作。,市商务委,responsible\n"
    for enc in ("gbk", "utf-8"):
        p = tmp_path / f"tasks-{enc}.csv"
        p.write_bytes(text.encode(enc))
        g = read_sheet(p)
        a = next(g.subjects(KGT.agent, KG["org/cq-commerce"]))
        assert g.value(a, KGT.role) == KG["role/responsible"]


@pytest.mark.parametrize("row,message", [
    ("doc/x,q,nonsense,5,exactly,item", ":2: metric: unknown metric 'nonsense'"),
    ("doc/x,q,intl-adoption-rate,abc,exactly,item", ":2: value: 'abc' is not a number"),
    ("doc/x,q,intl-adoption-rate,5,about,item", ":2: comparator: 'about' is not one of"),
    (",q,intl-adoption-rate,5,exactly,item", ":2: document: required value missing"),
])
def test_errors_name_file_row_column(tmp_path, row, message):
    p = tmp_path / "bad.csv"
    p.write_text("document,quote,metric,value,comparator,unit\n" + row + "\n", encoding="utf-8")
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
    from kgtool.cli import cli
    from kgtool.cli_intake import intake_cmd, template_cmd
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
