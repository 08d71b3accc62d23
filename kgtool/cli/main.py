"""The ``kgtool`` command line: each command parses its options, makes one API call and
renders the result. Exit codes: 0 ok, 1 violations found, 2 error."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kgtool import __version__
from kgtool.bilingual import in_lang
from kgtool.cli.common import (EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS, Ctx, describe_rebuild,
                         error_line, quiet_libraries, store_for, pass_ctx, report_error)
from kgtool.errors import KgtoolError
from kgtool.project import Project, default_project


class KgtoolGroup(click.Group):
    """Turns every error into one line on stderr and exit code 2 (a traceback only with
    ``--debug``): library errors as they are, storage errors with what to do, anything
    unexpected naming the command and the step it was in."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KgtoolError as exc:
            raise click.exceptions.Exit(report_error(exc, _lang(ctx))) from None
        except OSError as exc:
            if _debug(ctx):
                raise
            click.echo(error_line(os_error_line(exc, _lang(ctx)), _lang(ctx)), err=True)
            raise click.exceptions.Exit(EXIT_ERROR) from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, exit 2
            if _debug(ctx):
                raise
            from kgtool.building.query_store import is_corruption

            lang = _lang(ctx)
            if is_corruption(exc):  # RocksDB's damage reports come as RuntimeError too
                click.echo(error_line(os_error_line(exc, lang), lang), err=True)
                raise click.exceptions.Exit(EXIT_ERROR) from None
            obj = ctx.obj
            step = getattr(obj, "step", "") if obj is not None else ""
            where = f"`kgtool {ctx.invoked_subcommand or ''}`".replace(" `", "`")
            msg = " ".join(str(exc).split())[:300]
            if lang == "zh":
                where += f"（{step}）" if step else ""
                line = (f"{where} 中出现意外的 {type(exc).__name__}：{msg}（这是 kgtool 的缺陷；"
                        "请加 --debug 重新运行以查看回溯，并报告此问题）")
            else:
                where += f" ({step})" if step else ""
                line = (f"unexpected {type(exc).__name__} in {where}: {msg} "
                        "(a kgtool bug; run again with --debug for a traceback and report it)")
            click.echo(error_line(line, lang), err=True)
            raise click.exceptions.Exit(EXIT_ERROR) from None


def _lang(ctx) -> str:
    """The ``--lang`` of the command line (``en`` before the options are read)."""
    return getattr(ctx.obj, "lang", "en")


def _debug(ctx) -> bool:
    return bool(getattr(ctx.obj, "debug", False)) or "--debug" in sys.argv[1:2]


def os_error_line(exc: Exception, lang: str = "en") -> str:
    """One line for an operating-system or storage error, saying what to do (in ``lang``; the
    system's own wording of the error stays as it is)."""
    import errno

    from kgtool.building.query_store import is_corruption

    zh = lang == "zh"
    text = " ".join(str(exc).split())
    name = getattr(exc, "filename", None)
    if getattr(exc, "errno", None) == errno.ENOSPC or "No space left" in text:
        where = f"{name}: " if name else ""
        if zh:
            return (f"{where}设备空间不足（{text[:200]}）；请释放一些空间（或用 --out 构建到另一个"
                    "磁盘）后重新运行命令；先前的构建保留不变")
        return (f"{where}no space left on device ({text[:200]}); free some space (or build "
                "into another disk with --out) and run the command again; the previous build "
                "is kept")
    if is_corruption(exc):
        if zh:
            return (f"构建目录中的存储已损坏（{text[:200]}）；请运行 `kgtool build` 从源文件"
                    "写入新的存储")
        return (f"a store in the build directory is damaged ({text[:200]}); run `kgtool "
                "build` to write a new one from the source files")
    where = f"{name}: " if name else ""
    return f"{where}{getattr(exc, 'strerror', None) or text}"


@click.group(cls=KgtoolGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--project", "project_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Project directory (default: the current one if it has ontology/, else the kgtool checkout).")
@click.option("--quiet", "-q", is_flag=True, help="No progress messages.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON output.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of human output: labels, progress, summaries and error lines "
                   "(--json output is the same in both).")
@click.option("--backend", type=click.Choice(["auto", "rdflib", "oxigraph"]), default="auto",
              show_default=True, help="Embedded store and validator: rdflib + pySHACL (reference) or "
              "Oxigraph + compiled SHACL (fast); auto picks Oxigraph for large graphs.")
@click.option("--debug", is_flag=True, help="Show a traceback for unexpected errors.")
@click.option("--rebuild", is_flag=True,
              help="Read commands: if ontology/ or data/ changed since the build, build "
                   "incrementally first (default: a warning on stderr).")
@click.version_option(__version__, prog_name="kgtool")
@click.pass_context
def cli(ctx, project_dir, quiet, as_json, lang, backend, debug, rebuild):
    """kgtool: a knowledge graph of Chinese technical-standards policy.

    Build the graph from ontology/ and data/, query it, validate new data, export it.
    Exit codes: 0 ok, 1 violations found, 2 error.
    """
    quiet_libraries()
    project = Project(project_dir.resolve()) if project_dir else default_project()
    ctx.obj = Ctx(project, quiet, as_json, lang, backend, debug=debug, rebuild=rebuild)


# ---------------------------------------------------------------------------------- build
@cli.command("build")
@click.option("--data", "data_dirs", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Data directory or file (repeatable; default data/).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output directory (default build/).")
@click.option("--reason-timeout", default=120.0, show_default=True, help="Reasoning time budget (s).")
@click.option("--reasoner", type=click.Choice(["auto", "owlrl", "reasonable", "sparql"]),
              default="auto", show_default=True,
              help="OWL 2 RL engine: owlrl is the reference; reasonable the fast one (refused, "
                   "exit 2, on constructs it is not exact on); sparql the ontology compiled to "
                   "SPARQL on Oxigraph (the large-graph build; delegates other constructs to "
                   "owlrl); auto picks an exact one. Inconsistencies exit 1.")
@click.option("--incremental", is_flag=True,
              help="Reuse build/state/: reload, re-reason and re-validate only changed documents.")
@click.option("--wait", is_flag=True,
              help="If another build is running in the build directory, wait for it (default: exit 2).")
@pass_ctx
def build_cmd(c: Ctx, data_dirs, out_dir, reason_timeout, reasoner, incremental, wait):
    """Load, reason, apply rules and validate; write the artefacts to build/.

    Example:
        kgtool build
    """
    from kgtool.building.pipeline import build
    from kgtool.reasoning.closure import ReasoningBudget

    project = c.project.with_(data_dirs=tuple(d.resolve() for d in data_dirs)) if data_dirs else c.project
    c.step = (c.text("incremental build", "增量构建") if incremental
              else c.text("build", "构建"))
    result = build(project, out_dir=out_dir, budget=ReasoningBudget(seconds=reason_timeout),
                   reasoner=reasoner, backend=c.backend, progress=c.say, wait=wait,
                   incremental=incremental)
    if result.rebuild is not None:
        c.say(describe_rebuild(result.rebuild, c.lang))
    counts = result.document_counts()
    timings = result.timings
    if c.json:
        out = {"conforms": result.conforms, "triples": result.triples,
               "inferred": result.inferred, "rule_triples": result.rule_triples,
               "violations": len(result.report.violations),
               "warnings": len(result.report.warnings),
               "out": str(result.out_dir) if result.out_dir else None}
        if result.rebuild is not None:
            out["timings_s"] = {k: round(v, 3) for k, v in timings.items()}
        click.echo(json.dumps(out, ensure_ascii=False))
    else:
        from kgtool.querying.render import counts_table

        click.echo(counts_table(counts, c.lang))
        if result.rebuild is not None:
            took = c.text(f"rebuilt in {timings['rebuild']:.2f} s, artefacts written in "
                          f"{timings['write']:.2f} s",
                          f"重建用时 {timings['rebuild']:.2f} 秒，写入产物用时 {timings['write']:.2f} 秒")
        else:
            took = c.text(f"built in {timings['total']:.1f} s", f"构建用时 {timings['total']:.1f} 秒")
        click.echo(c.text(f"triples: {result.triples} (inferred {result.inferred}, rules "
                          f"{result.rule_triples}); {took}",
                          f"三元组：{result.triples}（推理得出 {result.inferred}，规则生成 "
                          f"{result.rule_triples}）；{took}")
                   + (f" -> {result.out_dir}" if result.out_dir else ""))
        for w in result.input_warnings:
            click.echo(c.text("warning: ", "警告：") + in_lang(w, c.lang))
        for w in result.reasoning_warnings:
            click.echo(c.text("reasoning warning: ", "推理警告：") + in_lang(w, c.lang))
        for e in result.reasoning_errors:  # the reasoner's own words
            click.echo(c.text("reasoning error: ", "推理错误：") + in_lang(e, c.lang))
        report = result.report
        if not report.conforms:
            click.echo(report.to_text(lang=c.lang))
        elif report.warnings:  # warnings do not fail a build, but the analyst reads them
            click.echo(c.text(f"validation: conforms, {len(report.warnings)} warnings:",
                              f"验证：符合约束，{len(report.warnings)} 条警告：") + "\n"
                       + report.to_text(lang=c.lang))
        else:
            click.echo(c.text("validation: conforms", "验证：符合约束"))
    raise click.exceptions.Exit(EXIT_OK if result.conforms else EXIT_VIOLATIONS)


# ------------------------------------------------------------------------------- validate
@cli.command("validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--alone", is_flag=True, help="Validate the files without the existing graph.")
@click.option("--shapes", "shapes_paths", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Shapes file (repeatable; default ontology/shapes/).")
@click.option("--endpoint", help="Validate the graph of this SPARQL query URL (with FILES).")
@click.option("--timeout", default=60.0, show_default=True, help="Remote fetch time limit (s).")
@click.option("--engine", type=click.Choice(["auto", "rdflib", "oxigraph"]), default=None,
              help="SHACL engine: rdflib (pySHACL, the reference), oxigraph (shapes compiled to "
                   "SPARQL; what it does not compile exactly goes to pySHACL) or auto (by size); "
                   "default: the global --backend.")
@pass_ctx
def validate_cmd(c: Ctx, files, alone, shapes_paths, endpoint, timeout, engine):
    """Validate new data together with the existing graph (exit 0 conforms, 1 violations).

    Example:
        kgtool validate draft.ttl
        kgtool validate --alone --shapes my-shapes.ttl --engine oxigraph draft.ttl
    """
    from kgtool.validation.files import validate_files

    report = validate_files(c.project, list(files), alone=alone,
                            shapes=list(shapes_paths) or None, endpoint=endpoint, timeout=timeout,
                            engine=engine or c.backend)
    if c.json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(report.to_text(lang=c.lang) if not report.conforms else
                   c.text(f"conforms ({len(report.warnings)} warnings)",
                          f"符合约束（{len(report.warnings)} 条警告）")
                   + (c.text(":", "：") + "\n" + report.to_text(lang=c.lang)
                      if report.warnings else ""))
    raise click.exceptions.Exit(EXIT_OK if report.conforms else EXIT_VIOLATIONS)


# ---------------------------------------------------------------------------------- query
def _parse_params(c: Ctx, values) -> dict[str, str]:
    out = {}
    for v in values:
        key, sep, val = v.partition("=")
        if not sep or not key:
            raise click.BadParameter(c.text(f"{v!r} is not NAME=VALUE", f"{v!r} 不是 NAME=VALUE 形式"),
                                     param_hint="--param")
        out[key.strip()] = val
    return out


@cli.command("query")
@click.argument("name", required=False)
@click.option("--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Run the SPARQL in this file.")
@click.option("--text", "query_text", help="Run this SPARQL text.")
@click.option("--param", "-p", "params", multiple=True, help="Parameter NAME=VALUE (repeatable).")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "md"]),
              default="table", show_default=True)
@click.option("--endpoint", help="SPARQL query URL of a remote endpoint.")
@click.option("--timeout", default=30.0, show_default=True, help="Query time limit (s).")
@click.option("--allow-service", is_flag=True, help="Permit SPARQL SERVICE (off by default).")
@click.option("--max-width", default=60, show_default=True,
              help="Table format: wrap cells wider than this many columns (0: one line per row).")
@pass_ctx
def query_cmd(c: Ctx, name, query_file, query_text, params, fmt, endpoint, timeout, allow_service,
              max_width):
    """Run a named query from queries/, a query file, or SPARQL text.

    Example:
        kgtool query funders
        kgtool query targets-by-jurisdiction -p jurisdiction=kg:jur/500000 -f csv
    """
    from kgtool.querying.named import NamedQuery, get_named_query, run_query

    chosen = [x for x in (name, query_file, query_text) if x]
    if len(chosen) != 1:
        raise click.UsageError(c.text("give exactly one of NAME, --file or --text",
                                      "请只给出 NAME、--file、--text 三者之一"))
    if name:
        q = get_named_query(c.project.queries_dir, name)
    elif query_file:
        q = NamedQuery.from_text(query_file.stem, query_file.read_text(encoding="utf-8"), query_file)
    else:
        q = NamedQuery.from_text("<text>", query_text)
    values = _parse_params(c, params)
    if any(p.name == "lang" for p in q.parameters) and "lang" not in values:
        values["lang"] = c.lang  # --lang picks the label language of named queries
    store = store_for(c, endpoint, timeout=timeout)
    if allow_service and hasattr(store, "allow_service"):
        store.allow_service = True
    table = run_query(store, q, values, timeout=timeout)
    click.echo(table.serialize("json" if c.json else fmt, max_width=max_width, lang=c.lang),
               nl=False)


@cli.command("queries")
@pass_ctx
def queries_cmd(c: Ctx):
    """List the named queries with their descriptions and parameters.

    Example:
        kgtool queries
    """
    from kgtool.querying.named import load_named_queries

    qs = load_named_queries(c.project.queries_dir)
    if c.json:
        click.echo(json.dumps([{"name": q.name, "title": q.title, "summary": q.summary,
                                "description": q.description, "tags": q.tags,
                                "parameters": [{"name": p.name, "type": p.kind,
                                                "required": p.required,
                                                "description": p.description}
                                               for p in q.parameters]} for q in qs.values()],
                              ensure_ascii=False, indent=1))
        return
    roles = {"violation": "违规检查", "construct": "构造", "report": "报告"}
    for q in qs.values():
        click.echo(f"{q.name}  [{c.text(q.role, roles.get(q.role, q.role))}]")
        click.echo(f"    {q.summary}")  # the query file's own words
        for p in q.parameters:
            req = (c.text("(required)", "（必填）") if p.required
                   else c.text("(optional)", "（可选）"))
            sep = "" if c.lang == "zh" else " "
            click.echo(f"    --param {p.name}=<{p.kind}> {req}{sep}{p.description}".rstrip())


# --------------------------------------------------------------------------------- export
@cli.command("export")
@click.option("--format", "-f", "fmt", required=True,
              help="RDF: ttl nt nq trig jsonld; network: graphml gexf cyjs dot; html.")
@click.option("--view", default=None,
              help="Network view: full, agency-task, citations, funding, targets "
                   "[default: full; agency-task for html].")
@click.option("--include-ontology", is_flag=True,
              help="View full: keep the ontology terms (classes, properties, vocabularies).")
@click.option("--graph", "which", type=click.Choice(["asserted", "inferred", "full"]), default="full",
              show_default=True, help="Which triples (RDF formats).")
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--endpoint", help="Read from a remote SPARQL endpoint (network views).")
@pass_ctx
def export_cmd(c: Ctx, fmt, view, include_ontology, which, out, endpoint):
    """Export the last build as RDF, a network file, or an HTML explorer.

    Example:
        kgtool export -f graphml --view agency-task -o tasks.graphml
    """
    from kgtool.views.export import RDF_FORMATS, export_build

    if fmt in RDF_FORMATS:
        if endpoint:
            raise click.UsageError(c.text("RDF export reads the local build; drop --endpoint",
                                          "RDF 导出读取本地构建；请去掉 --endpoint"))
        path = export_build(store_for(c), out, fmt=fmt, graph=which)
    elif fmt == "html":
        from kgtool.cli.viz import html_export

        path = html_export(store_for(c, endpoint), view or "agency-task", out,
                           include_ontology=include_ontology)
    else:
        from kgtool.views.network import export_view

        path = export_view(store_for(c, endpoint), view or "full", out, fmt=fmt,
                           include_ontology=include_ontology)
    c.wrote(path)
    if c.json:
        click.echo(json.dumps({"out": str(path)}))


# -------------------------------------------------------------------------------- analyse
@cli.command("analyse")
@click.argument("what", type=click.Choice(["agencies", "citations"]))
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "md"]),
              default="table", show_default=True)
@click.option("--endpoint", help="SPARQL query URL of a remote endpoint.")
@pass_ctx
def analyse_cmd(c: Ctx, what, fmt, endpoint):
    """Network figures: agency degree/betweenness in the task network, or documents by citations.

    Example:
        kgtool analyse agencies
        kgtool analyse citations -f md
    """
    from kgtool.views.analyse import agency_centrality, citation_ranking

    source = store_for(c, endpoint)
    table = agency_centrality(source) if what == "agencies" else citation_ranking(source)
    click.echo(table.serialize("json" if c.json else fmt, lang=c.lang), nl=False)


# ---------------------------------------------------------------------------------- stats
@cli.command("stats")
@click.option("--endpoint", help="SPARQL query URL of a remote endpoint.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "md"]),
              default="table", show_default=True)
@pass_ctx
def stats_cmd(c: Ctx, endpoint, fmt):
    """Counts per source document: documents, targets, funding items, tasks, agencies, industries, triples.

    Example:
        kgtool stats -f md
    """
    from kgtool.querying.named import get_named_query, run_query

    if endpoint:
        table = run_query(store_for(c, endpoint), get_named_query(c.project.queries_dir,
                                                                   "document-counts"))
        click.echo(table.serialize("json" if c.json else fmt, lang=c.lang), nl=False)
        return
    from kgtool.cli.common import build_summary
    from kgtool.querying.render import counts_result_table
    from kgtool.querying.stats import DocumentCounts, document_counts

    summary = build_summary(c)
    if summary is not None and "documents" in summary and "triples" in summary:
        # the counts the build computed and recorded in its own generation
        counts = [DocumentCounts(**d) for d in summary["documents"]]
        table = counts_result_table(counts, total_triples=int(summary["triples"]),
                                    lang=c.lang if fmt in ("table", "md") and not c.json else "en")
    else:  # no summary: a build in memory, or one of the layout before generations
        store = store_for(c)
        table = counts_result_table(document_counts(store), total_triples=store.triple_count(),
                                    lang=c.lang if fmt in ("table", "md") and not c.json else "en")
    click.echo(table.serialize("json" if c.json else fmt, lang=c.lang), nl=False)


# ----------------------------------------------------------------------------------- diff
@cli.command("diff")
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@pass_ctx
def diff_cmd(c: Ctx, old, new):
    """Added / removed triples and facts between two builds (directories) or RDF files.

    Example:
        kgtool diff build-old/ build/
    """
    from kgtool.views.diff import diff_paths

    d = diff_paths(old, new)
    click.echo(json.dumps(d.to_dict(), ensure_ascii=False, indent=1) if c.json
               else d.to_text(lang=c.lang))
    raise click.exceptions.Exit(EXIT_OK)


# ----------------------------------------------------------------------------------- docs
@cli.command("docs")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("build/ontology.html"), show_default=True)
@pass_ctx
def docs_cmd(c: Ctx, out):
    """Write the ontology documentation (one self-contained HTML page).

    Example:
        kgtool docs -o ontology.html
    """
    from kgtool.views.ontodoc import write_html

    path = write_html(c.project.ontology_dir, out)
    c.wrote(path)


# Commands of the other concept areas live in their own modules and register here.
from kgtool.cli.app import app_cmd  # noqa: E402
from kgtool.cli.check import check_cmd  # noqa: E402
from kgtool.cli.eval import eval_extract_cmd  # noqa: E402
from kgtool.cli.intake import extract_cmd, intake_cmd, review_cmd, template_cmd  # noqa: E402
from kgtool.cli.remote import pull_cmd, push_cmd, serve_cmd  # noqa: E402
from kgtool.cli.scale import synth_cmd  # noqa: E402
from kgtool.cli.terms import terms_cmd  # noqa: E402
from kgtool.cli.viz import chart_cmd  # noqa: E402

for _cmd in (extract_cmd, review_cmd, template_cmd, intake_cmd, eval_extract_cmd,
             serve_cmd, push_cmd, pull_cmd, chart_cmd, synth_cmd, app_cmd, terms_cmd, check_cmd):
    cli.add_command(_cmd)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``kgtool`` script."""
    try:
        cli.main(args=argv, prog_name="kgtool", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
