"""Spreadsheet intake (issue #5): CSV/XLSX templates and their reading into draft RDF.

``write_template(kind, path)`` writes a header row and one example row taken from the curated
data, as CSV (UTF-8 with BOM, so Excel opens it) or XLSX. ``read_sheet(path)`` reads a filled
template (CSV in UTF-8 with or without BOM, or GBK/GB18030; or XLSX) into the same RDF the
extractor drafts. Every bad cell is reported, one line each (``<file>[<sheet>]:<row>: <column>:
<problem>``), in one ``InputError``. The ``jurisdiction`` column (a GB/T 2260 code such as
``500000``, ``kg:jur/500000`` or a name such as ``重庆市``) places short agency names (市质监局)
and is the jurisdiction of targets and funding items; one the reference data lacks is drafted.
"""
from __future__ import annotations

import csv
import io
import os
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from kgtool.errors import InputError
from kgtool.rdf.namespaces import ELI, KG, KGT, SCHEMA, bind_prefixes
from kgtool.intake.textnorm import normalize

__all__ = ["TEMPLATES", "write_template", "read_sheet"]

TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "documents": [("document", "doc/yufufa-2011-3"), ("doc_number", "渝府发〔2011〕3号"),
                  ("title", "重庆市人民政府关于加快实施技术标准战略打造内陆技术标准高地的若干意见"),
                  ("issuer", "重庆市人民政府"), ("issued", "2011-01-18"),
                  ("source_file", "000_bd02ed76a9d5e334.txt"), ("cites", ""),
                  ("jurisdiction", "500000")],
    "targets": [("document", "doc/yufufa-2011-3"),
                ("quote", "新增备案企业产品标准5000项。"),
                ("metric", "enterprise-product-standards-filed"), ("value", "5000"),
                ("min_value", ""), ("max_value", ""), ("comparator", "exactly"), ("unit", "item"),
                ("deadline", "2015"), ("per_year", "false"), ("aspirational", "false"),
                ("quantity_kind", "increment"), ("level", ""), ("jurisdiction", "500000")],
    "funding": [("document", "doc/sufu-2007-99"),
                ("quote", "提出国际标准研制项目得到立项认可，作为标准主要起草单位的，经标准主管机构依法发布后，资助经费100万元；"),
                ("amount_cny", "1000000"), ("original_amount", "100万元"),
                ("funder", "项目承担单位所在地的市（区）政府"),
                ("recipient_condition", "提出国际标准研制项目得到立项认可，作为标准主要起草单位的"),
                ("per_item", "false"), ("per_year", "false"),
                ("activity", "intl-standard-lead-drafting"), ("jurisdiction", "320500")],
    "tasks": [("document", "doc/yufubanfa-2017-104"), ("task", "1"),
              ("quote", "开展企业标准公开事中事后监管，对依据标准生产的产品或提供的服务开展监督检查，并将结果纳入企业质量信用档案数据库。（市质监局牵头负责，市政府有关部门、各区县人民政府配合）"),
              ("agency", "市质监局"), ("role", "lead"), ("jurisdiction", "500000")],
}
_REQUIRED = {"documents": ("document",),
             "targets": ("document", "quote", "comparator", "unit", "jurisdiction"),
             "funding": ("document", "quote", "funder", "activity", "jurisdiction"),
             "tasks": ("document", "task", "quote", "agency", "role", "jurisdiction")}
_CHOICES = {"comparator": ("exactly", "at-least", "at-most", "range"),
            "unit": ("item", "unit", "enterprise", "person", "percent", "month"),
            "quantity_kind": ("increment", "stock", "rate", "limit"),
            "level": ("international", "national", "provincial", "municipal", "district"),
            "role": ("lead", "responsible", "cooperating")}


def write_template(kind: str, path: str | os.PathLike) -> Path:
    """Write the template of ``kind`` (documents, targets, funding, tasks) to ``path``.

    :param kind: one of :data:`TEMPLATES`.
    :param path: ``.csv`` (UTF-8 with BOM) or ``.xlsx``.
    :returns: the path written.
    :raises InputError: unknown kind or file suffix.
    """
    from kgtool.fsutil import write_bytes_atomic

    if kind not in TEMPLATES:
        raise InputError(f"unknown template kind {kind!r} (choose {', '.join(TEMPLATES)})")
    path = Path(path)
    header = [c for c, _ in TEMPLATES[kind]]
    example = [v for _, v in TEMPLATES[kind]]
    if path.suffix.lower() == ".csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(header)
        w.writerow(example)
        return write_bytes_atomic(path, buf.getvalue().encode("utf-8-sig"))
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = kind
        ws.append(header)
        ws.append(example)
        out = io.BytesIO()
        wb.save(out)
        return write_bytes_atomic(path, out.getvalue())
    raise InputError("template must be .csv or .xlsx", path=str(path))


def _rows(path: Path) -> list[list[str]]:
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # zipfile/openpyxl raise many types
            raise InputError(f"not an XLSX file ({type(exc).__name__})", path=str(path)) from None
        ws = wb.worksheets[0]
        rows = [["" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
                 for v in row] for row in ws.iter_rows(values_only=True)]
        wb.close()
        return rows
    data = path.read_bytes()
    if not data.strip():
        raise InputError("empty file", path=str(path))
    if b"\x00" in data:
        raise InputError("not a text file", path=str(path))
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError("not a text file", path=str(path))
    return [row for row in csv.reader(io.StringIO(text))]


def _kind(header: list[str], path: Path) -> str:
    """The template a header row is of: all its columns belong to it and it shares the most."""
    cols = set(header) - {""}
    fits = [k for k in ("targets", "funding", "tasks", "documents")
            if cols <= {c for c, _ in TEMPLATES[k]} and set(_REQUIRED[k]) & cols]
    if not fits:
        raise InputError("header row matches no template (documents, targets, funding, tasks)",
                         path=str(path), line=1)
    kind = max(fits, key=lambda k: len(cols & {c for c, _ in TEMPLATES[k]}))
    missing = [c for c in _REQUIRED[kind] if c not in cols]
    if missing:
        raise InputError(f"{kind} sheet: required column{'s' if len(missing) > 1 else ''} "
                         f"{', '.join(missing)} missing (see `kgtool template {kind}`)",
                         path=str(path), line=1)
    return kind


class _BadCell(Exception):
    """One bad cell; collected by :func:`read_sheet`, never raised out of it."""


def _jurisdiction(value: str):
    """The division a jurisdiction cell names (code, kg:jur/code or a name), or ``None``."""
    from kgtool.intake.extract.jurisdiction import division, place_in

    v = value.strip()
    v = v.rsplit("/", 1)[-1] if v.startswith(("kg:jur/", "http")) else v
    if re.fullmatch(r"\d{6}", v):
        return division(v)
    return place_in(v)


def _activities(data_dir) -> set:
    """Funded-activity concepts defined in the project's data (reference and documents)."""
    from kgtool.project import default_project

    root = Path(data_dir) if data_dir is not None else default_project().data[0]
    g = Graph()
    for f in sorted(root.rglob("*.ttl")):
        g.parse(f, format="turtle")
    return set(g.subjects(SKOS.inScheme, KG["scheme/funded-activities"]))


def read_sheet(path: str | os.PathLike, *, data_dir: str | os.PathLike | None = None) -> Graph:
    """Read a filled template into draft RDF (the extractor's terms).

    :param path: a ``.csv`` (UTF-8, with or without BOM, or GBK/GB18030) or ``.xlsx`` file.
    :param data_dir: project data directory with ``reference/`` (organisations, metrics).
    :returns: an rdflib Graph.
    :raises InputError: every bad cell, one line each: ``<file>[<sheet>]:<row>: <column>: <problem>``.
    """
    from kgtool.intake.extract import DraftContext, TextView, load_reference, make_slug
    from kgtool.intake.extract.jurisdiction import JurisdictionGuess, add_jurisdiction

    path = Path(path)
    rows = _rows(path)
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise InputError("empty file", path=str(path))
    header = [h.strip().lower() for h in rows[0]]
    kind = _kind(header, path)
    where = f"{path}[{kind}]" if path.suffix.lower() == ".xlsx" else str(path)
    ref = load_reference(data_dir)
    slug = make_slug(path.name)
    g = Graph()
    bind_prefixes(g)
    activities = _activities(data_dir) if kind == "funding" else set()
    tasks: dict[tuple, URIRef] = {}
    errors: list[str] = []
    n = 0
    for lineno, raw in enumerate(rows[1:], start=2):
        row = {h: (raw[i].strip() if i < len(raw) else "") for i, h in enumerate(header) if h}
        bad_before = len(errors)

        def fail(col: str, problem: str):
            errors.append(f"{where}:{lineno}: {col}: {problem}")
            raise _BadCell

        def cell(check, *args):
            """Run one cell's check; a bad cell is recorded and gives ``None``."""
            try:
                return check(*args)
            except _BadCell:
                return None

        for col in _REQUIRED[kind]:
            if not row.get(col):
                cell(fail, col, "required value missing")
        for col, allowed in _CHOICES.items():
            if row.get(col) and row[col] not in allowed:
                cell(fail, col, f"{row[col]!r} is not one of {', '.join(allowed)}")
        place = None
        if row.get("jurisdiction"):
            place = _jurisdiction(row["jurisdiction"])
            if place is None:
                cell(fail, "jurisdiction", f"{row['jurisdiction']!r} is not a GB/T 2260 code or place name")
        ctx = DraftContext(TextView(" "), ref, slug, KG[f"draft/{slug}"])
        ctx.place = JurisdictionGuess(place, "stated", "spreadsheet") if place else None
        ctx.ref = ref.for_place(ctx.place)
        doc = _iri(row["document"]) if row.get("document") else None
        zh = "zh"

        def org(col, name=None):
            name = name or row[col]
            o = ctx.org(name, create=False)
            if o is None:
                at = f" in {place.name} ({place.code})" if place else " (no jurisdiction given)"
                fail(col, f"unknown organisation {name!r}{at} (not in reference/organisations.ttl)")
            return o

        def dec(col):
            try:
                return Literal(Decimal(row[col].replace(",", "")), datatype=XSD.decimal)
            except InvalidOperation:
                fail(col, f"{row[col]!r} is not a number")

        def flag(col):
            v = row.get(col, "").lower()
            if v not in ("", "true", "false", "1", "0", "yes", "no"):
                fail(col, f"{row[col]!r} is not true/false")
            return v in ("true", "1", "yes")

        def year(col):
            if row.get(col) and not re.fullmatch(r"\d{4}", row[col]):
                fail(col, f"{row[col]!r} is not a year")
            return row.get(col)

        def date(col):
            if row.get(col) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[col]):
                fail(col, f"{row[col]!r} is not a date YYYY-MM-DD")
            return row.get(col)

        # every cell checked before any triple is written
        v: dict = {}
        if kind == "documents":
            v["issuer"] = cell(org, "issuer") if row.get("issuer") else None
            v["issued"] = cell(date, "issued")
        elif kind == "tasks":
            v["agency"] = cell(org, "agency") if row.get("agency") else None
        elif kind == "targets":
            v["metric"] = _metric(ref, row.get("metric", ""))
            if row.get("metric") and v["metric"] is None:
                cell(fail, "metric", f"unknown metric {row['metric']!r} (see reference/metrics.ttl)")
            if row.get("comparator") == "range":
                if not (row.get("min_value") and row.get("max_value")):
                    cell(fail, "min_value", "a range needs min_value and max_value")
                else:
                    v["min"], v["max"] = cell(dec, "min_value"), cell(dec, "max_value")
            elif not row.get("value"):
                cell(fail, "value", "required value missing")
            else:
                v["value"] = cell(dec, "value")
            v["deadline"] = cell(year, "deadline")
            v["flags"] = {c: cell(flag, c) for c in ("per_year", "aspirational")}
        else:
            v["amount"] = cell(dec, "amount_cny") if row.get("amount_cny") else None
            v["funders"] = [cell(org, "funder", name.strip())
                            for name in re.split(r"[;；]", row.get("funder", "")) if name.strip()]
            v["activities"] = []
            for a in filter(None, (x.strip() for x in re.split(r"[;；]", row.get("activity", "")))):
                node = _iri(a) if "/" in a else KG[f"activity/{a}"]
                if node not in activities:
                    cell(fail, "activity", f"unknown funded activity {a!r} (not in the project's data)")
                v["activities"].append(node)
            v["flags"] = {c: cell(flag, c) for c in ("per_item", "per_year")}
        if len(errors) > bad_before:
            continue
        jur = add_jurisdiction(g, place.code, ref.graph) if place is not None else None
        if kind == "documents":
            g.add((doc, RDF.type, KGT.PolicyDocument))
            for col, p in (("doc_number", KGT.docNumber), ("source_file", KGT.sourceFile)):
                if row.get(col):
                    g.add((doc, p, Literal(row[col])))
            if row.get("title"):
                g.add((doc, DCTERMS.title, Literal(row["title"], lang=zh)))
                g.add((doc, RDFS.label, Literal(row["title"], lang=zh)))
            if v["issuer"] is not None:
                g.add((doc, DCTERMS.creator, v["issuer"]))
            if v["issued"]:
                g.add((doc, DCTERMS.issued, Literal(v["issued"], datatype=XSD.date)))
            if jur is not None:
                g.add((doc, KGT.jurisdiction, jur))
                g.add((doc, KGT.jurisdictionStatus, KG["status/stated"]))
            for c in filter(None, (x.strip() for x in row.get("cites", "").split(";"))):
                g.add((doc, ELI.cites, _iri(c)))
            continue
        if kind == "tasks":
            key = (row["document"], row["task"])
            if key not in tasks:
                n += 1
                tasks[key] = KG[f"draft/{slug}/task-{n:02d}"]
                _fact(g, tasks[key], KGT.Task, doc, row["quote"])
            s = tasks[key]
            i = len(list(g.objects(s, KGT.assignment))) + 1
            a = URIRef(f"{s}/a-{i}")
            g.add((s, KGT.assignment, a))
            g.add((a, RDF.type, KGT.TaskAssignment))
            g.add((a, KGT.agent, v["agency"]))
            g.add((a, KGT.role, KG[f"role/{row['role']}"]))
            continue
        n += 1
        s = KG[f"draft/{slug}/{'target' if kind == 'targets' else 'funding'}-{n:02d}"]
        if kind == "targets":
            metric = v["metric"]
            _fact(g, s, KGT.Target if metric else KGT.Goal, doc, row["quote"])
            if metric:
                g.add((s, KGT.metric, metric))
            if "min" in v:
                g.add((s, KGT.minValue, v["min"]))
                g.add((s, KGT.maxValue, v["max"]))
            else:
                g.add((s, KGT.value, v["value"]))
            g.add((s, KGT.comparator, KG[f"cmp/{row['comparator']}"]))
            g.add((s, KGT.unit, KG[f"unit/{row['unit']}"]))
            g.add((s, KGT.quantityKind, KG[f"qkind/{row.get('quantity_kind') or 'increment'}"]))
            if v["deadline"]:
                g.add((s, KGT.deadline, Literal(v["deadline"], datatype=XSD.gYear)))
            if row.get("level"):
                g.add((s, KGT.level, KG[f"level/{row['level']}"]))
            for col, p in (("per_year", KGT.perYear), ("aspirational", KGT.aspirational)):
                if v["flags"][col]:
                    g.add((s, p, Literal(True)))
        else:
            _fact(g, s, KGT.FundingMeasure if v["amount"] is not None else KGT.BudgetStatement,
                  doc, row["quote"])
            if v["amount"] is not None:
                amt = BNode()
                g.add((s, KGT.amount, amt))
                g.add((amt, RDF.type, SCHEMA.MonetaryAmount))
                g.add((amt, SCHEMA.value, v["amount"]))
                g.add((amt, SCHEMA.currency, Literal("CNY")))
            if row.get("original_amount"):
                g.add((s, KGT.originalAmount, Literal(row["original_amount"])))
            for o in v["funders"]:
                g.add((s, KGT.funder, o))
            for a in v["activities"]:
                g.add((s, KGT.activity, a))
            if row.get("recipient_condition"):
                g.add((s, KGT.recipientCondition, Literal(row["recipient_condition"], lang=zh)))
            for col, p in (("per_item", KGT.perItem), ("per_year", KGT.perYear)):
                if v["flags"][col]:
                    g.add((s, p, Literal(True)))
        if jur is not None:
            g.add((s, KGT.jurisdiction, jur))
    if errors:
        raise InputError("\n".join(errors))      # every bad cell, one line each
    return g


def _fact(g: Graph, s, cls, doc, quote: str) -> None:
    g.add((s, RDF.type, cls))
    g.add((s, KGT.statedIn, doc))
    g.add((s, KGT.quote, Literal(quote, lang="zh")))
    g.add((s, RDFS.label, Literal(quote if len(quote) <= 40 else quote[:39] + "…", lang="zh")))
    g.add((s, RDFS.label, Literal(f"{str(cls).split('#')[-1]} (from a spreadsheet)", lang="en")))


def _iri(value: str) -> URIRef:
    v = value.strip()
    if v.startswith(("http://", "https://")):
        return URIRef(v)
    return KG[v[3:] if v.startswith("kg:") else v]


def _metric(ref, value: str):
    if not value:
        return None
    v = value.strip()
    for cand in (_iri(v) if "/" in v else KG[f"metric/{v}"],):
        if (cand, SKOS.inScheme, KG["scheme/metrics"]) in ref.graph:
            return cand
    key = normalize(v)
    for m in ref.graph.subjects(SKOS.inScheme, KG["scheme/metrics"]):
        if any(normalize(str(lab)) == key for lab in ref.graph.objects(m, RDFS.label)):
            return m
    return None
