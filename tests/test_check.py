"""``kgtool check``: every ``*-violation`` named query on the last build; exit 1 on rows."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgtool.querying.checks import violation_queries
from kgtool.cli.main import cli
from kgtool.querying.named import builtin_queries_dir

ROOT = Path(__file__).resolve().parents[1]
DOC = "004-yufubanfa-2017-104.ttl"
TASK = "fact/yufubanfa-2017-104/task-04"


def run(proj: Path, *args: str):
    return CliRunner().invoke(cli, ["--project", str(proj), *args], catch_exceptions=False)


def copy_project(root: Path) -> Path:
    for d in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / d, root / d)
    return root


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    proj = copy_project(tmp_path_factory.mktemp("real"))
    built = run(proj, "--quiet", "build")
    assert built.exit_code == 0, built.output
    return proj


@pytest.fixture(scope="module")
def leadless(tmp_path_factory):
    """The real project with the lead assignment of task-04 removed from its task."""
    proj = copy_project(tmp_path_factory.mktemp("leadless"))
    path = proj / "data" / "documents" / DOC
    text = path.read_text(encoding="utf-8")
    lead_link = f"kgt:assignment <{TASK}/a-1> ,\n        <{TASK}/a-2> ,"
    assert text.count(lead_link) == 1
    path.write_text(text.replace(lead_link, f"kgt:assignment <{TASK}/a-2> ,"), encoding="utf-8")
    built = run(proj, "--quiet", "build")
    assert built.exit_code == 1, built.output  # the task shape reports it too
    return proj


def test_the_violation_queries_are_the_violation_files():
    names = {q.name for q in violation_queries(builtin_queries_dir())}
    assert names == {p.stem for p in (ROOT / "queries").glob("*-violation.rq")}
    assert "task-without-lead-violation" in names and len(names) >= 2


def test_real_data_passes_every_check(real):
    r = run(real, "check")
    assert r.exit_code == 0, r.output
    for name in {q.name for q in violation_queries(real / "queries")}:
        assert f"ok  {name}: 0 rows" in r.output
    assert "with violations" in r.output and ", 0 with violations" in r.output


def test_a_task_without_lead_fails_and_is_named(leadless):
    r = run(leadless, "check")
    assert r.exit_code == 1, r.output
    assert "FAIL  task-without-lead-violation: 1 row (Tasks without a lead" in r.output
    assert f"    task=kg:{TASK}\n" in r.output
    assert "ok  fact-without-source-violation: 0 rows" in r.output
    zh = run(leadless, "--lang", "zh", "check")
    assert zh.exit_code == 1 and "违规  task-without-lead-violation: 1 行" in zh.output
    js = run(leadless, "--json", "check")
    assert js.exit_code == 1
    by_name = {q["name"]: q for q in json.loads(js.output)}
    assert by_name["task-without-lead-violation"]["records"] == [
        {"task": f"https://w3id.org/kgtool/id/{TASK}"}]
    assert by_name["fact-without-source-violation"]["rows"] == 0


@pytest.fixture(scope="module")
def misresolved(tmp_path_factory):
    """The real project with one agency of a Chongqing task resolved to a Suzhou organisation,
    as a short name (市政府办公室) resolved against another city's reference data would be."""
    proj = copy_project(tmp_path_factory.mktemp("misresolved"))
    path = proj / "data" / "documents" / DOC
    text = path.read_text(encoding="utf-8")
    agent = "kgt:agent <org/cq-ccc> ;"
    assert text.count(agent) >= 1
    path.write_text(text.replace(agent, "kgt:agent <org/sz-gov-office> ;", 1), encoding="utf-8")
    built = run(proj, "--quiet", "build")
    assert built.exit_code == 0, built.output  # a warning, not a violation: joint documents exist
    assert "AgencyOutsideJurisdiction" in built.output or "another jurisdiction" in built.output
    return proj


def test_an_agency_of_another_jurisdiction_fails_and_is_named(misresolved):
    r = run(misresolved, "--json", "check")
    assert r.exit_code == 1, r.output
    by_name = {q["name"]: q for q in json.loads(r.output)}
    assert by_name["agency-outside-jurisdiction-violation"]["records"] == [
        {"assignment": "https://w3id.org/kgtool/id/fact/yufubanfa-2017-104/task-01/a-2",
         "agency": "https://w3id.org/kgtool/id/org/sz-gov-office",
         "agency_jurisdiction": "https://w3id.org/kgtool/id/jur/320500",
         "document_jurisdiction": "https://w3id.org/kgtool/id/jur/500000"}]
    assert by_name["task-without-lead-violation"]["rows"] == 0


def test_a_broken_violation_query_is_an_error(real, tmp_path):
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "ontology").symlink_to(real / "ontology")
    (proj / "data").symlink_to(real / "data")
    (proj / "build").symlink_to(real / "build")
    (proj / "queries").mkdir()
    (proj / "queries" / "broken-violation.rq").write_text("SELECT ?x WHERE { ?x \n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["--project", str(proj), "check"])
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith("kgtool: error:") and len(r.stderr.strip().splitlines()) == 1


def test_a_project_without_queries_uses_the_built_in_ones(tmp_path):
    from kgtool.project import Project

    assert Project(tmp_path).queries_dir == builtin_queries_dir()
    assert (builtin_queries_dir() / "funders.rq").is_file()
    (tmp_path / "queries").mkdir()
    assert Project(tmp_path).queries_dir == tmp_path / "queries"  # the project's own win
