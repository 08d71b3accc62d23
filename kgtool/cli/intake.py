"""CLI commands of policy-text intake: ``extract``, ``review``, ``template``, ``intake`` (``eval-extract`` is in :mod:`kgtool.cli.eval`).

Registered on the main group in ``kgtool/cli/main.py``. Each command parses, makes one API call
and renders; errors are ``KgtoolError``s, which the group turns into exit code 2.
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from kgtool.cli.common import Ctx, pass_ctx


def _write_graph(graph, out: Path, *, head: str = "") -> None:
    """Write ``graph`` as Turtle after ``head`` (comment lines), serialised fully before the file
    is touched."""
    from kgtool.fsutil import write_text_atomic

    text = head + graph.serialize(format="turtle")
    write_text_atomic(out, text)


# the kinds of drafted fact, as ``kgtool --lang zh extract`` names them
_KIND_ZH = {"target": "目标", "goal": "目标（未定指标）", "funding": "资助", "budget": "预算", "task": "任务分工",
            "tcsc": "标准化技术组织", "zone": "示范区或试点", "industry": "重点产业"}


@click.command("extract")
@click.argument("doc", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Draft Turtle file to write.")
@click.option("--doc-iri", help="IRI of the document node (default kg:draft/<slug>).")
@pass_ctx
def extract_cmd(c: Ctx, doc, out, doc_iri):
    """Draft the graph of a policy text (UTF-8 or GB18030) into a Turtle file.

    Example:
        kgtool extract new-opinion.txt --out draft.ttl
    """
    from kgtool.intake.extract import extract_document

    from kgtool.intake.extract.coverage import undrafted_comments, undrafted_lines, undrafted_sentences

    draft = extract_document(doc, source_name=doc.name, doc_iri=doc_iri,
                             data_dir=c.project.data[0])
    undrafted = undrafted_sentences(draft)
    from kgtool.intake.extract.review_file import source_comment

    # the source text (an added fact's quote is checked against it) and the sentences no rule read
    _write_graph(draft.graph, out, head=source_comment(doc, out) + undrafted_comments(undrafted))
    counts: dict[str, int] = {}
    for f in draft.facts:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    if c.json:
        click.echo(json.dumps({"out": str(out), "facts": counts,
                               "undrafted": [{"kind": u.kind, "line": u.line, "text": u.text} for u in undrafted]},
                              ensure_ascii=False))
    else:
        if c.lang == "zh":
            click.echo(f"已写入 {out}：" + ("，".join(f"{_KIND_ZH.get(k, k)} {n} 条" for k, n in counts.items())
                                           or "仅文件元数据"))
        else:
            click.echo(f"wrote {out}: " + (", ".join(f"{n} {k}" for k, n in counts.items()) or "metadata only"))
        for line in undrafted_lines(undrafted, lang=c.lang):
            click.echo(line)


@click.command("review")
@click.argument("draft", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--export", "export_to", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the review file (YAML: one entry per fact, decision accept/reject/edit).")
@click.option("--apply", "apply_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Apply an edited review file: add the document to data/documents/ as NNN-<slug>.ttl.")
@click.option("--no-validate", is_flag=True, help="With --apply: write without validating first.")
@pass_ctx
def review_cmd(c: Ctx, draft, export_to, apply_file, no_validate):
    """Show each drafted fact (quote, confidence, decisions); export or apply the review file.

    Exit 1 when --apply finds violations (nothing written).

    Examples:
        kgtool --lang zh review draft.ttl
        kgtool review draft.ttl --export review.yaml
        kgtool review --apply review.yaml
    """
    from kgtool.errors import InputError

    if apply_file is not None:
        if draft is not None or export_to is not None:
            raise InputError(c.text("--apply takes the review file alone (no DRAFT, no --export)",
                                    "--apply 只接受审阅文件（不要 DRAFT，也不要 --export）"))
        from kgtool.intake.extract.accept import accept_review

        res = accept_review(c.project, apply_file, validate=not no_validate)
        n = res.counts
        if res.path is None:
            click.echo(res.report.to_text(lang=c.lang))
            click.echo(c.text("not added: the reviewed document does not validate",
                              "未加入：审阅后的文件未通过验证"))
            raise click.exceptions.Exit(1)
        if c.json:
            click.echo(json.dumps({"path": str(res.path), "graph": str(res.graph_name),
                                   "document": str(res.document), **n}, ensure_ascii=False))
        elif c.lang == "zh":
            click.echo(f"已加入 {res.path}（命名图 {res.graph_name}）：接受 {n['accept']} 条，修改 {n['edit']} 条，"
                       f"删除 {n['reject']} 条，补充 {n['add']} 条")
        else:
            click.echo(f"added {res.path} (graph {res.graph_name}): {n['accept']} accepted, "
                       f"{n['edit']} edited, {n['reject']} rejected, {n['add']} added")
        return
    if draft is None:
        raise InputError(c.text("give a DRAFT file (or --apply REVIEW.yaml)",
                                "请给出 DRAFT 文件（或 --apply REVIEW.yaml）"))
    if export_to is not None:
        from kgtool.intake.extract.review_file import export_review

        content = export_review(draft, export_to, data_dir=c.project.data[0])
        c.wrote(export_to, f"{len(content['facts'])} facts, {len(content['organisations'])} drafted organisations, "
                f"{len(content['add'])} not-drafted sentences to add from (decision: skip)",
                f"事实 {len(content['facts'])} 条，新起草机构 {len(content['organisations'])} 个，"
                f"未起草句子 {len(content['add'])} 句（add 部分，decision: skip；补充时改为 add）")
        return
    from kgtool.intake.extract import review_lines
    from kgtool.intake.extract.review import review_items, short_iri
    from kgtool.intake.extract.review_file import read_draft

    g = read_draft(draft)
    if c.json:
        click.echo(json.dumps([{"id": short_iri(i.iri), "kind": i.kind, "confidence": i.confidence,
                                "quote": i.quote, "needs": i.needs_zh if c.lang == "zh" else i.needs,
                                "values": i.values}
                               for i in review_items(g, data_dir=c.project.data[0])],
                              ensure_ascii=False, indent=1))
        return
    from kgtool.intake.extract.coverage import read_undrafted, undrafted_lines

    for line in review_lines(g, lang=c.lang, data_dir=c.project.data[0]):
        click.echo(line)
    for line in undrafted_lines(read_undrafted(draft.read_text(encoding="utf-8", errors="replace")), lang=c.lang):
        click.echo(line)


@click.command("template")
@click.argument("kind", type=click.Choice(["documents", "targets", "funding", "tasks"]))
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Template file: .csv (UTF-8 with BOM) or .xlsx.")
@pass_ctx
def template_cmd(c: Ctx, kind, out):
    """Write a spreadsheet template (header row + one example row) for data intake.

    Example:
        kgtool template targets --out targets.xlsx
    """
    from kgtool.intake.spreadsheets import write_template

    write_template(kind, out)
    c.wrote(out)


@click.command("intake")
@click.argument("sheet", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Draft Turtle file to write.")
@pass_ctx
def intake_cmd(c: Ctx, sheet, out):
    """Read a filled template (CSV or XLSX) into a draft Turtle file.

    Example:
        kgtool intake targets.xlsx --out draft.ttl
    """
    from kgtool.intake.spreadsheets import read_sheet

    g = read_sheet(sheet, data_dir=c.project.data[0])
    _write_graph(g, out)
    click.echo(f"已写入 {out}：{len(g)} 个三元组" if c.lang == "zh" else f"wrote {out}: {len(g)} triples")

