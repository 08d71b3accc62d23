"""``kgtool --lang zh``: every command's own lines are Chinese — progress, summaries, counts,
status lines, hints and the framing of one-line errors — while English stays the default,
``--json`` output and exit codes stay as they are.

Each test runs the real command (click's CliRunner) on a copy of the project and asserts the
exact Chinese of the key lines, then that no English word of ours is left: words inside paths,
IRIs, CURIEs, `commands`, --options, quoted values and file names, and an explicit list of
names (SPARQL, Oxigraph …), are not ours to translate. What comes verbatim from a third-party
library or the operating system (a parser's message, ``No such file or directory``) and the
data (query-file descriptions, labels) are cut out by the tests that meet them.
"""
from __future__ import annotations

import errno
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgtool.cli.main import cli

sys.path.insert(0, str(Path(__file__).parent))
import servers  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PROGRESS_ZH = ["加载本体、约束和数据（rdflib）", "验证（SHACL）", "推理（OWL 2 RL）", "应用规则",
               "写入查询存储", "写入构建产物"]
#: names, not words of ours: products, standards, keys, placeholders
NAMES = {"kgtool", "SPARQL", "SHACL", "OWL", "RL", "IRI", "URL", "HTTP", "SERVICE", "LOAD",
         "INSERT", "DELETE", "DROP", "FROM", "NAMED", "Ctrl", "rdflib", "Oxigraph", "owlrl",
         "NAME", "VALUE", "NNN", "KIND", "TEXT", "DRAFT", "UTF", "GB", "RDF"}


def english_words(text: str) -> set[str]:
    """Runs of ASCII letters in ``text`` outside paths, IRIs, identifiers and :data:`NAMES`."""
    t = re.sub(r"`[^`]*`", " ", text)                     # `kgtool build --incremental`
    t = re.sub(r"https?://[!-~]+", " ", t)                 # URLs and IRIs
    t = re.sub(r"(?<![\w.])(?:/|\./)[!-~]*", " ", t)       # absolute paths
    t = re.sub(r"'[^']*'|\"[^\"]*\"", " ", t)              # quoted values
    t = re.sub(r"--[\w-]+(=[!-~]*)?", " ", t)              # options
    t = re.sub(r"\b[\w.-]+:[\w./#<>+-]+", " ", t)          # CURIEs, pid:port
    t = re.sub(r"\b[\w.-]+/[\w./-]*", " ", t)              # relative paths: data/reference/
    t = re.sub(r"\b[\w.-]+\.(?:ttl|nq|trig|txt|rq|png|svg|html|yaml|csv)\b", " ", t)  # file names
    t = re.sub(r"\b[\w-]+-violation\b|\bdoc-\d+\b", " ", t)  # query and graph names
    t = re.sub(r"\b\d{8}T\d{6}Z-[0-9a-f]+\b", " ", t)       # build ids
    t = re.sub(r"\$[A-Z_]+|\b[A-Z][A-Z_]*[A-Z]_[A-Z_]+\b", " ", t)  # environment variables
    return {w for w in re.findall(r"[A-Za-z]{2,}", t) if w not in NAMES}


def assert_chinese(text: str) -> None:
    left = english_words(text)
    assert not left, f"English words {sorted(left)} in:\n{text}"


def run(proj: Path, *args: str):
    return CliRunner().invoke(cli, ["--project", str(proj), *args], catch_exceptions=False)


def zh(proj: Path, *args: str):
    return run(proj, "--lang", "zh", *args)


def copy_project(dest: Path) -> Path:
    for d in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / d, dest / d)
    return dest


@pytest.fixture(scope="module")
def proj(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("zhproj"))


@pytest.fixture(scope="module")
def built(proj):
    """The build of the project copy, run in Chinese."""
    result = zh(proj, "build")
    assert result.exit_code == 0, result.output
    return result


# ------------------------------------------------------------------------------ build
def test_build_progress_and_summary_are_chinese(built, proj):
    assert built.stderr.splitlines() == PROGRESS_ZH
    lines = built.stdout.splitlines()
    summary = next(line for line in lines if line.startswith("三元组："))
    assert re.fullmatch(r"三元组：\d+（推理得出 \d+，规则生成 \d+）；构建用时 \d+\.\d 秒 -> "
                        + re.escape(str(proj / "build")), summary), summary
    assert lines[-1] == "验证：符合约束"
    assert lines[0].split()[:2] == ["源文件", "文件数"]
    assert_chinese(built.stdout + built.stderr)


def test_english_stays_the_default(built, proj, tmp_path):
    out = tmp_path / "b"
    result = run(proj, "build", "--out", str(out))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "loading ontology, shapes and data (rdflib)", "validating (SHACL)", "reasoning (OWL 2 RL)",
        "applying rules", "writing the query store", "writing build artefacts"]
    assert re.search(r"^triples: \d+ \(inferred \d+, rules \d+\); built in \d+\.\d s -> ",
                     result.stdout, re.M)
    assert result.stdout.splitlines()[-1] == "validation: conforms"
    bad = run(proj, "query", "no-such-query")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("kgtool: error: no named query 'no-such-query' in ")


def test_incremental_build_stale_sources_and_input_warnings(tmp_path):
    proj = copy_project(tmp_path / "p")
    first = zh(proj, "build", "--incremental")
    assert first.exit_code == 0, first.output
    assert first.stderr.splitlines()[-1] == "完整重建：尚无增量状态"
    assert re.search(r"^三元组：\d+（推理得出 \d+，规则生成 \d+）；重建用时 \d+\.\d\d 秒，写入产物用时 "
                     r"\d+\.\d\d 秒 -> ", first.stdout, re.M), first.stdout
    doc = proj / "data" / "documents" / "000-yufufa-2011-3.ttl"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")

    stale = zh(proj, "query", "funders", "-f", "csv")
    assert stale.exit_code == 0
    [warning] = stale.stderr.splitlines()
    assert re.fullmatch(r"kgtool：警告：" + re.escape(str(doc)) + r" 在构建 \S+ 之后已更改；结果来自该构建"
                        r"（运行 `kgtool build --incremental`，或加 --rebuild）", warning), warning

    rebuilt = zh(proj, "--rebuild", "query", "funders", "-f", "csv")
    assert rebuilt.exit_code == 0
    assert rebuilt.stderr.splitlines() == ["自上次构建以来有 1 个源文件已更改：先增量构建（--rebuild）",
                                           "增量构建：重新加载 doc-000"]

    shapes = proj / "ontology" / "shapes" / "concepts.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    empty = proj / "data" / "documents" / "099-empty.ttl"
    empty.write_text("@prefix kgt: <https://w3id.org/kgtool/ontology#> .\n", encoding="utf-8")
    again = zh(proj, "build", "--incremental")
    assert again.exit_code == 0, again.output
    assert again.stderr.splitlines()[-1] == "完整重建：concepts.ttl 已更改（本体、约束、规则或参考数据）"
    full = zh(proj, "build")  # (the input checks run on a full build)
    assert full.exit_code == 0, full.output
    assert f"警告：{empty}：空的文件数据文件（没有三元组）：它会构建成一个没有任何内容的文件；请填写或删除它" \
        in full.stdout.splitlines()
    assert_chinese(first.output + stale.stderr + rebuilt.stderr + again.output + full.output)


def test_a_second_build_is_refused_in_chinese(built, proj):
    from kgtool.building.lock import BuildLock

    with BuildLock(proj / "build"):
        refused = zh(proj, "build")
    assert refused.exit_code == 2
    assert re.fullmatch(r"kgtool：错误：另一个构建正在 " + re.escape(str(proj / "build"))
                        + r" 中运行（进程 \d+）；请等待它完成，或加 --wait\n", refused.stderr), refused.stderr


# --------------------------------------------------------------------------- validate
DRAFT = (Path(__file__).parent / "data" / "draft-target-local-standards.ttl").read_text(encoding="utf-8")


def test_validate_lines(built, proj, tmp_path):
    ok = zh(proj, "validate", str(proj / "data/documents/004-yufubanfa-2017-104.ttl"))
    assert ok.exit_code == 0 and ok.stdout == "符合约束（0 条警告）\n"
    draft = tmp_path / "draft.ttl"
    draft.write_text(DRAFT, encoding="utf-8")
    bad = zh(proj, "validate", str(draft))
    assert bad.exit_code == 1
    first = bad.stdout.splitlines()[0]
    assert first.startswith("违规：kg:metric/local-standards skos:inScheme：该 IRI 被用作指标")
    assert_chinese(bad.stdout)


def test_error_framing_keeps_the_location_and_the_parsers_words(built, proj, tmp_path):
    missing = zh(proj, "validate", str(tmp_path / "missing.ttl"))
    assert missing.exit_code == 2
    assert missing.stderr == f"kgtool：错误：{tmp_path / 'missing.ttl'}: 无法读取文件：No such file or directory\n"
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://ex/> .\nex:a ex:b ex:c\nex:d ex:e .\n", encoding="utf-8")
    syntax = zh(proj, "validate", str(broken))
    assert syntax.exit_code == 2
    # the framing is ours, the parser's message is Oxigraph's own
    assert syntax.stderr.startswith(f"kgtool：错误：{broken}:3:1: ")
    gb = tmp_path / "gb.ttl"
    gb.write_bytes("标准".encode("gb18030") + b"\n")
    encoding = zh(proj, "validate", str(gb))
    assert encoding.stderr == f"kgtool：错误：{gb}:1:1: 不是 UTF-8 编码（像是 GB18030）；请把文件转换为 UTF-8\n"
    suffix = zh(proj, "validate", str(tmp_path / "x.xyz"))
    assert suffix.stderr == (f"kgtool：错误：{tmp_path / 'x.xyz'}: 无法从后缀 '.xyz' 判断 RDF 格式；"
                             "请明确给出格式\n")
    assert_chinese(encoding.stderr + suffix.stderr)


# ------------------------------------------------------------------------------ query
def test_query_errors_are_chinese(built, proj):
    unknown = zh(proj, "query", "no-such-query")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith(f"kgtool：错误：{proj / 'queries'} 中没有名为 'no-such-query' 的查询（已有：")
    needs = zh(proj, "query", "targets-by-jurisdiction")
    assert needs.exit_code == 2
    assert needs.stderr.startswith("kgtool：错误：查询 'targets-by-jurisdiction' 需要 --param jurisdiction=…（")
    extra = zh(proj, "query", "funders", "-p", "nope=1")
    assert extra.stderr == "kgtool：错误：查询 'funders' 没有参数 nope（参数：funder, lang）\n"
    typed = zh(proj, "query", "targets-by-jurisdiction", "-p", "jurisdiction=kg:jur/500000",
               "-p", "deadline=abc")
    assert typed.stderr == "kgtool：错误：参数 deadline：'abc' 不是有效的 gYear（例如 2015）\n"
    nothing = zh(proj, "query", "metric-comparison", "-p", "metric=kg:metric/no-such-metric-at-all")
    assert nothing.exit_code == 2
    assert nothing.stderr == ("kgtool：错误：参数 metric：'kg:metric/no-such-metric-at-all' 在图中不指称"
                              "任何对象；没有相似的 IRI；可用 `kgtool terms KIND TEXT` 列出候选\n")
    service = zh(proj, "query", "--text", "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
    assert service.stderr == "kgtool：错误：拒绝 SPARQL SERVICE（联邦查询）；如需允许，请加 --allow-service\n"
    update = zh(proj, "query", "--text", "INSERT DATA { <a:b> <a:b> <a:b> }")
    assert update.stderr == ("kgtool：错误：拒绝 SPARQL 更新（INSERT、DELETE、LOAD、DROP …）；kgtool "
                             "的查询是只读的\n")
    syntax = zh(proj, "query", "--text", "SELEC")
    assert syntax.stderr.startswith("kgtool：错误：SPARQL 语法错误，第 1 行第 1 列：")  # then pyparsing's words
    usage = zh(proj, "query")
    assert usage.exit_code == 2 and "请只给出 NAME、--file、--text 三者之一" in usage.stderr
    for r in (unknown, typed, nothing, service, update):
        assert r.exit_code == 2
        # (the known names, the parameter's name and type are not words of ours)
        assert_chinese(re.sub(r"参数 \w+|gYear", "", r.stderr.split("（已有：")[0]))
    assert_chinese(needs.stderr.split("（")[0].replace("--param jurisdiction=…", "")
                   + extra.stderr.replace("nope（参数：funder, lang）", ""))


def test_queries_listing_words(built, proj):
    r = zh(proj, "queries")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert "agency-outside-jurisdiction-violation  [违规检查]" in lines
    assert "agency-workload  [报告]" in lines
    assert "    --param metric=<iri> （必填）IRI of the metric, e.g. kg:metric/agri-demo-zones" in lines
    assert "    --param lang=<string> （可选）label language, en (default) or zh" in lines
    # the roles and the required/optional marks are ours; the names, summaries and descriptions
    # are the query files'
    roles = [line.split("  ", 1)[1] for line in lines if not line.startswith(" ")]
    marks = [re.search(r"（[^）]*）", line)[0] for line in lines if line.startswith("    --param")]
    assert set(roles) == {"[违规检查]", "[报告]"} and set(marks) == {"（必填）", "（可选）"}
    json_en, json_zh = run(proj, "--json", "queries"), zh(proj, "--json", "queries")
    assert json_en.stdout == json_zh.stdout


def test_table_headings_of_analyse_and_terms(built, proj):
    agencies = zh(proj, "analyse", "agencies").stdout.splitlines()[0].split()
    assert agencies[-2:] == ["度中心性", "中介中心性"]
    citations = zh(proj, "analyse", "citations").stdout.splitlines()[0].split()
    assert citations == ["文号", "标题", "被引次数", "引用次数"]
    terms = zh(proj, "terms", "metrics", "地方标准").stdout.splitlines()
    assert terms[0].split() == ["标识（IRI）", "中文名称", "英文名称"]
    assert re.fullmatch(r"（共 \d+ 行）", terms[-1])
    assert_chinese(" ".join(agencies + citations))


# ---------------------------------------------------------------------- diff, synth …
def test_diff_and_synth_summaries(built, proj, tmp_path):
    same = zh(proj, "diff", str(proj / "build" / "graph.nq"), str(proj / "build" / "graph.nq"))
    assert same.exit_code == 0 and same.stdout == "三元组：+0 -0\n事实：+0 -0 ~0\n"
    old, new = tmp_path / "old.nt", tmp_path / "new.nt"
    old.write_text("", encoding="utf-8")
    new.write_text("<https://w3id.org/kgtool/id/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                   "<https://w3id.org/kgtool/ontology#Target> .\n", encoding="utf-8")
    d = zh(proj, "diff", str(old), str(new))
    assert d.stdout.splitlines()[:3] == ["三元组：+1 -0", "事实：+1 -0 ~0", "+ 事实 https://w3id.org/kgtool/id/x"]
    out = tmp_path / "synth"
    s = zh(proj, "synth", "--triples", "2k", "--out", str(out))
    assert s.exit_code == 0
    assert re.fullmatch(r"\d+ 个三元组，\d+ 个文件（政策文件 \d+ 份，注入违规 \d+ 处）-> " + re.escape(str(out)) + "\n",
                        s.stdout), s.stdout
    bad = zh(proj, "synth", "--triples", "many", "--out", str(out))
    assert bad.exit_code == 2 and "'many' 不是三元组数（如 10000、100k 或 1M）" in bad.stderr
    assert_chinese(same.stdout + d.stdout + s.stdout)


def test_check_and_export_lines(built, proj, tmp_path):
    check = zh(proj, "check")
    assert check.exit_code == 0
    assert check.stdout.splitlines()[-1] == "3 个检查，0 个违规"
    assert_chinese(check.stdout)
    out = tmp_path / "x.graphml"
    export = zh(proj, "export", "-f", "graphml", "-o", str(out))
    assert export.exit_code == 0 and export.stderr == f"已写入 {out}\n"
    wrong = zh(proj, "export", "-f", "xyz", "-o", str(out))
    assert wrong.exit_code == 2
    assert wrong.stderr.startswith("kgtool：错误：未知的网络格式 'xyz'；可选：")
    rdf = zh(proj, "export", "-f", "ttl", "--endpoint", "http://127.0.0.1:9/q", "-o", str(out))
    assert rdf.exit_code == 2 and "RDF 导出读取本地构建；请去掉 --endpoint" in rdf.stderr


def test_chart_output_suffix_error(built, proj, tmp_path):
    r = zh(proj, "chart", "funding", "-o", str(tmp_path / "chart.gif"))
    assert r.exit_code == 2
    assert r.stderr == "kgtool：错误：图表输出文件须以 .png 或 .svg 结尾，而不是 'chart.gif'\n"


def test_unreachable_endpoint(built, proj):
    r = zh(proj, "query", "funders", "--endpoint", f"http://127.0.0.1:{servers.free_port()}/sparql",
           "--timeout", "5")
    assert r.exit_code == 2
    # (Connection refused: the system's words)
    assert re.fullmatch(r"kgtool：错误：无法连接 http://127\.0\.0\.1:\d+/sparql：Connection refused\n",
                        r.stderr), r.stderr


def test_app_refuses_a_remote_host_in_chinese(built, proj):
    r = zh(proj, "app", "--host", "0.0.0.0")
    assert r.exit_code == 2
    assert r.stderr == ("kgtool：错误：拒绝绑定 0.0.0.0：工作台仅供本机使用；如需对网络开放，请加 "
                        "--allow-remote-bind\n")


def test_app_start_line(built, proj, monkeypatch):
    import uvicorn

    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: None)  # no serving
    port = servers.free_port()
    r = zh(proj, "app", "--port", str(port))
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines()[-1] == f"kgtool app：http://localhost:{port}/（只读；按 Ctrl-C 停止）"


def test_eval_extract_heading_and_ids_error(built, proj):
    bad = zh(proj, "eval-extract", "--ids", "abc")
    assert bad.exit_code == 2
    assert bad.stderr == "kgtool：错误：--ids 应为 NNN 或 NNN-NNN，而不是 'abc'\n"
    r = CliRunner().invoke(cli, ["--lang", "zh", "eval-extract", "--part", "dev", "--ids", "001"],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    heading = r.stdout.splitlines()[0]
    assert re.fullmatch(r"== \S*extract_corpus 的开发部分（用于调试），文本 001", heading), heading
    lines = r.stdout.splitlines()
    assert lines[1] == "类别\t起草\t标注\t匹配\t精确率\t召回率"
    assert [ln.split("\t")[0] for ln in lines[2:5]] == ["目标", "资助条目", "任务分工"]
    assert lines[-2] == "文本：001"
    assert any(ln.startswith("文件所属地区：正确 ") for ln in lines)
    assert_chinese("\n".join(lines[1:]))
    # the numbers are the English table's, to the digit
    en = CliRunner().invoke(cli, ["eval-extract", "--part", "dev", "--ids", "001"], catch_exceptions=False)
    assert re.findall(r"\d+(?:\.\d+)?", "\n".join(lines[1:])) == re.findall(
        r"\d+(?:\.\d+)?", "\n".join(en.stdout.splitlines()[1:]))


# ---------------------------------------------------------------------------- review
def test_review_usage_errors(built, proj, tmp_path):
    r = zh(proj, "review")
    assert r.exit_code == 2 and r.stderr == "kgtool：错误：请给出 DRAFT 文件（或 --apply REVIEW.yaml）\n"


# -------------------------------------------------------------------- unexpected errors
def test_unexpected_and_disk_full_errors_are_framed_in_chinese(built, proj, monkeypatch):
    def boom(*a, **k):
        raise ValueError("boom")

    monkeypatch.setattr("kgtool.views.diff.diff_paths", boom)
    r = zh(proj, "diff", str(proj / "build" / "graph.nq"), str(proj / "build" / "graph.nq"))
    assert r.exit_code == 2
    assert r.stderr == ("kgtool：错误：`kgtool diff` 中出现意外的 ValueError：boom（这是 kgtool 的缺陷；"
                        "请加 --debug 重新运行以查看回溯，并报告此问题）\n")

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device", "out.ttl")

    monkeypatch.setattr("kgtool.views.ontodoc.write_html", full)
    r = zh(proj, "docs", "-o", "out.ttl")
    assert r.exit_code == 2
    assert r.stderr == ("kgtool：错误：out.ttl: 设备空间不足（[Errno 28] No space left on device: 'out.ttl'）；"
                        "请释放一些空间（或用 --out 构建到另一个磁盘）后重新运行命令；先前的构建保留不变\n")


# ---------------------------------------------------------------- JSON stays the same
@pytest.mark.parametrize("args", [("validate", "data/documents/004-yufubanfa-2017-104.ttl"),
                                  ("diff", "build/graph.nq", "build/graph.nq"),
                                  ("check",), ("stats",), ("terms", "metrics", "地方标准")])
def test_json_output_does_not_depend_on_lang(built, proj, args):
    args = tuple(str(proj / a) if "/" in a else a for a in args)
    en, zh_ = run(proj, "--json", *args), zh(proj, "--json", *args)
    assert en.exit_code == zh_.exit_code
    assert json.loads(en.stdout) == json.loads(zh_.stdout)
    assert en.stdout == zh_.stdout


# ----------------------------------------------------------------- serve and push
@pytest.mark.server
def test_serve_lines(built, proj, monkeypatch):
    if servers.oxigraph_binary() is None:
        pytest.skip(f"the oxigraph server is not installed ({servers.INSTALL_HINT})")
    from kgtool.servers.serve import ServerHandle

    def stop_at_once(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(ServerHandle, "wait", stop_at_once)
    port = servers.free_port()
    r = zh(proj, "serve", "--port", str(port))
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == [f"SPARQL 端点：http://127.0.0.1:{port}/query",
                                     f"查询界面：http://127.0.0.1:{port}/",
                                     "查询时间限制：30 秒；SERVICE 和 LOAD：拒绝"]
    assert r.stderr.splitlines() == ["按 Ctrl-C 停止", "服务器已停止"]
    assert_chinese(r.output)


@pytest.fixture(scope="module")
def read_only_server(built, proj):
    if servers.oxigraph_binary() is None:
        pytest.skip(f"the oxigraph server is not installed ({servers.INSTALL_HINT})")
    from kgtool.rdf.graph import load_project
    from kgtool.project import Project
    from kgtool.servers.serve import serve

    with serve(load_project(Project(proj)), port=servers.free_port()) as handle:
        yield handle


@pytest.mark.server
def test_push_dry_run_and_refused_push(built, proj, read_only_server):
    base = read_only_server.query_url.rsplit("/", 1)[0]
    dry = zh(proj, "push", "--server", "oxigraph", "--base", base, "--dry-run")
    assert dry.exit_code == 0, dry.output
    lines = dry.stdout.splitlines()
    assert lines[-1] == "试运行：未做任何更改"
    assert all(re.fullmatch(r"https://w3id\.org/kgtool/graph/[\w-]+：远程 \d+，本地 \d+，\+\d+ -\d+", line)
               for line in lines[:-1]), lines
    assert "https://w3id.org/kgtool/graph/doc-000：远程 1121，本地 1121，+0 -0" in lines
    assert_chinese(dry.stdout)

    refused = zh(proj, "push", "--server", "oxigraph", "--base", base)
    assert refused.exit_code == 2
    *graphs, summary = refused.stdout.splitlines()
    assert all(re.fullmatch(r"https://w3id\.org/kgtool/graph/[\w-]+：保留原内容（本地 \d+，远程原有 \d+）.*", g)
               for g in graphs), graphs
    head, _, rest = summary.partition("（HTTP 400）：")  # then the gate's own answer
    assert head == (f"推送失败：上传 https://w3id.org/kgtool/graph/doc-000 失败：{base}/store 拒绝了上传")
    assert rest.endswith(f"；全部 {len(graphs)} 个图保留原内容")
    assert refused.stderr == f"kgtool：错误：{summary}\n"
    assert_chinese(head + "\n".join(g.split("：", 1)[1].split("：")[0] for g in graphs))
    json_en = run(proj, "--json", "push", "--server", "oxigraph", "--base", base, "--dry-run")
    json_zh = zh(proj, "--json", "push", "--server", "oxigraph", "--base", base, "--dry-run")
    assert json_en.stdout == json_zh.stdout


def test_push_usage_error(built, proj):
    r = zh(proj, "push", "--server", "oxigraph")
    assert r.exit_code == 2 and "--server 需要 --base URL（fuseki：数据集的 URL）" in r.stderr


def test_english_word_detector_finds_our_words():
    assert english_words("validation: conforms") == {"validation", "conforms"}
    assert english_words("已写入 /tmp/x.ttl：kg:metric/a-b，`kgtool build`，--rebuild，'abc'") == set()
    assert english_words("按 Ctrl-C 停止；SPARQL 端点：http://127.0.0.1:1/query") == set()
