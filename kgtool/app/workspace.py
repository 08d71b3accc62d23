"""What the web workspace shows: documents with their facts, comparisons, money, responsibility,
named questions, free SPARQL and draft checks — as plain Python data, independent of the web layer.

Every read goes through a :class:`kgtool.stores.base.Store` (so the same page works on the embedded
rdflib store, on Oxigraph, or on a remote endpoint), with the app's own named queries
(``kgtool/app/queries/*.rq``) or the project's (``queries/*.rq``), parameters bound, never pasted.
"""
from __future__ import annotations

import html
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgtool.errors import InputError, KgtoolError
from kgtool.project import Project, default_corpus_dir
from kgtool.querying.named import NamedQuery, load_named_queries, run_query
from kgtool.querying.results import ResultTable, term_to_python, term_to_text

__all__ = ["Workspace", "DocumentPage", "Highlight", "CheckResult", "UPLOAD_LIMIT", "anchor_of",
           "highlight"]

APP_QUERIES = Path(__file__).resolve().parent / "queries"
#: the key the funding totals give items that name no funder (or no activity)
NONE_NAMED = "urn:kgtool:none"
#: largest upload the draft check accepts (bytes)
UPLOAD_LIMIT = 5 * 1024 * 1024
#: classes shown for a fact, most specific first
_FACT_CLASSES = ("Target", "BudgetStatement", "FundingMeasure", "Task", "DemonstrationZone",
                 "StandardizationBodyMeasure", "IndustryPriority", "Goal", "Program", "Measure",
                 "PolicyFact")
_DRAFT_SUFFIXES = {".ttl", ".trig", ".nt", ".nq", ".jsonld", ".rdf", ".csv", ".xlsx", ".txt"}


def _records(table: ResultTable) -> list[dict[str, Any]]:
    """Rows as dicts; IRIs and literals as text, numbers as numbers, unbound as ``None``."""
    out = []
    for row in table.rows:
        out.append({c: (term_to_python(v) if v is not None else None)
                    for c, v in zip(table.columns, row)})
    return out


def anchor_of(fact: str) -> str:
    """The HTML id of a fact's highlighted sentence on its document page (stable, so other
    pages can link to it).

    >>> anchor_of("https://w3id.org/kgtool/id/fact/x")
    'f-9c79609765'
    """
    import hashlib

    return "f-" + hashlib.sha1(fact.encode("utf-8")).hexdigest()[:10]


def fact_class(classes: str) -> str:
    """The most specific kgtool class among space-separated local names.

    >>> fact_class("PolicyFact Target Goal")
    'Target'
    """
    names = classes.split()
    for c in _FACT_CLASSES:
        if c in names:
            return c
    return names[0] if names else "PolicyFact"


@dataclass
class Highlight:
    """A fact's quote located in the source text."""

    fact: str
    anchor: str
    start: int
    end: int


@dataclass
class DocumentPage:
    """One document: metadata, its facts with their links, and the source text with anchors."""

    iri: str
    meta: dict
    facts: list[dict]
    citations: list[dict]
    text_html: str | None
    missing_quotes: list[str] = field(default_factory=list)


@dataclass
class CheckResult:
    """The outcome of checking an uploaded draft: the report, and how the file was read."""

    filename: str
    read_as: str
    conforms: bool
    results: list[dict]
    drafted_facts: int = 0


class Workspace:
    """The data behind every page, read from one store.

    :param store: a :class:`kgtool.stores.base.Store` holding the built graph.
    :param project: the project (queries, shapes, reference data, source texts).
    :param corpus: directory of the source texts (default: the project's seed corpus).
    :param timeout: per-query time limit in seconds.
    """

    def __init__(self, store, project: Project, *, corpus: Path | None = None,
                 timeout: float = 30.0) -> None:
        self.store = store
        self.project = project
        self.corpus = corpus if corpus is not None else default_corpus_dir()
        self.timeout = timeout
        self.app_queries = load_named_queries(APP_QUERIES)
        self.named = load_named_queries(project.queries_dir)
        self._explorer: dict[str, str] = {}
        self._vocabulary: dict[str, tuple[str, str]] | None = None
        self._documents: list[dict] | None = None

    def vocabulary(self) -> dict[str, tuple[str, str]]:
        """``{local name: (zh, en)}`` labels of the ontology's classes and properties."""
        if self._vocabulary is None:
            self._vocabulary = {r["name"]: (r["zh"] or r["name"], r["en"] or r["name"])
                                for r in self._run("vocabulary")}
        return self._vocabulary

    def warm(self) -> int:
        """Check every query the pages run once, so that the first visit of a page does not
        pay for SPARQL parsing; returns how many were checked."""
        from kgtool.sparql.safety import check_query

        texts = [q.text for q in self.app_queries.values()] + [q.text for q in self.questions()]
        for text in texts:
            check_query(text)
        return len(texts)

    def explorer_page(self, view: str) -> str:
        """The explorer page of a network view (computed once: the store is read-only)."""
        if view not in self._explorer:
            from kgtool.views.explorer import explorer_data, render_html

            self._explorer[view] = render_html(explorer_data(self.store, view))
        return self._explorer[view]

    # -- helpers ------------------------------------------------------------------------
    def _run(self, name: str, params: dict | None = None) -> list[dict]:
        table = run_query(self.store, self.app_queries[name], params or {}, timeout=self.timeout)
        return _records(table)

    # -- documents ----------------------------------------------------------------------
    def documents(self) -> list[dict]:
        """Every encoded document with metadata and fact counts (read once: the store is
        read-only)."""
        if self._documents is not None:
            return self._documents
        counts: dict[tuple[str, str], int] = {(r["doc"], r["kind"]): r["n"]
                                              for r in self._run("document-fact-counts")}
        docs = self._run("documents")
        for d in docs:
            for kind in ("targets", "funding", "tasks", "zones", "facts"):
                d[kind] = counts.get((d["doc"], kind), 0)
        self._documents = docs
        return docs

    def doc_label(self, iri: str) -> str:
        """How a page names a document: its 文号, else its title."""
        for d in self.documents():
            if d["doc"] == iri:
                return d["doc_number"] or d["title"] or iri
        return iri

    def document(self, iri: str) -> DocumentPage:
        """One document's page data.

        :raises InputError: when ``iri`` names no encoded document.
        """
        meta = [d for d in self.documents() if d["doc"] == iri]
        if not meta:
            raise InputError(f"no encoded document {iri}")
        facts = self._run("document-facts", {"doc": f"<{iri}>"})
        links: dict[str, list[dict]] = defaultdict(list)
        for row in self._run("document-links", {"doc": f"<{iri}>"}):
            links[row["fact"]].append(row)
        for f in facts:
            f["class"] = fact_class(f["classes"] or "")
            f["links"] = sorted(links.get(f["fact"], []), key=lambda r: (r["property"], str(r["value"])))
        facts.sort(key=lambda f: (f["start"] if isinstance(f["start"], int) else 10**9, f["fact"]))
        for f in facts:
            f["anchor"] = anchor_of(f["fact"])
        citations = self._run("citations", {"doc": f"<{iri}>"})
        text_html, missing = self._source_html(meta[0].get("source_file"), facts)
        return DocumentPage(iri, meta[0], facts, citations, text_html, missing)

    def _source_html(self, source_file: str | None, facts: list[dict]) -> tuple[str | None, list[str]]:
        """The source text as HTML with each fact's quote wrapped in ``<mark id=…>``."""
        if not source_file or self.corpus is None:
            return None, []
        path = self.corpus / source_file
        if not path.is_file():
            return None, []
        from kgtool.intake.extract.text import read_policy_text

        text = read_policy_text(path)
        spans: list[Highlight] = []
        missing: list[str] = []
        for f in facts:
            quote = f["quote"] or ""
            start = f["start"] if isinstance(f["start"], int) and text[f["start"]:].startswith(quote) \
                else text.find(quote)
            if not quote or start < 0:
                missing.append(f["fact"])
                continue
            spans.append(Highlight(f["fact"], f["anchor"], start, start + len(quote)))
        return highlight(text, spans), missing

    # -- compare, money, responsibility -------------------------------------------------
    def metrics(self) -> list[dict]:
        """Metrics that have targets, most used first."""
        return self._run("metrics")

    def compare(self, metric: str) -> list[dict]:
        """Targets of ``metric`` (and narrower metrics) across jurisdictions and years."""
        return self._run("compare", {"metric": metric})

    def money(self) -> dict:
        """The first 500 funding rows, the number of all of them, and per funder and per
        activity the total of the stated amounts with how many items state none (so nothing
        is silently left out)."""
        def totals(name: str) -> list[dict]:
            rows = self._run(name)
            for r in rows:  # the queries' stand-in for "names none"
                if r["key"] == NONE_NAMED:
                    r["key"] = None
            return rows

        return {"rows": self._run("money"), "count": self._run("money-count")[0]["n"],
                "per_funder": totals("money-by-funder"), "per_activity": totals("money-by-activity")}

    #: more tasks than this and the matrix shows one document at a time
    MATRIX_TASKS = 60

    def responsibility(self, doc: str | None = None) -> dict:
        """The agency × task matrix (of ``doc``; of every document when they hold few tasks
        together, else of the document with most tasks) and every agency's workload."""
        task_docs = self._run("task-documents")
        if doc is None and sum(d["tasks"] for d in task_docs) > self.MATRIX_TASKS and task_docs:
            doc = task_docs[0]["doc"]
        rows = self._run("responsibility", {"doc": f"<{doc}>"} if doc else {})
        tasks: dict[str, dict] = {}
        agencies: dict[str, dict] = {}
        cells: dict[tuple[str, str], str] = {}
        for r in rows:
            tasks.setdefault(r["task"], {"iri": r["task"], "zh": r["task_zh"], "en": r["task_en"],
                                         "doc": r["doc"], "quote": r["quote"],
                                         "doc_number": r["doc_number"]})
            agencies.setdefault(r["agency"], {"iri": r["agency"], "zh": r["agency_zh"],
                                              "en": r["agency_en"]})
            cells[(r["agency"], r["task"])] = r["role"]
        busiest = [dict(r, iri=r["agency"]) for r in self._run("workload")]
        rank = {w["iri"]: i for i, w in enumerate(busiest)}
        order = [agencies[a] for a in sorted(agencies, key=lambda a: (rank.get(a, len(rank)), a))]
        return {"tasks": list(tasks.values()), "agencies": order, "cells": cells,
                "workload": busiest, "agency_count": self._run("agency-count")[0]["n"],
                "doc": doc, "task_docs": task_docs}

    # -- questions and SPARQL -----------------------------------------------------------
    def questions(self) -> list[NamedQuery]:
        """The project's named queries that users ask (views and charts left out)."""
        return [q for name, q in sorted(self.named.items())
                if not name.startswith(("view-", "chart-"))]

    def ask(self, name: str, params: dict[str, str]) -> ResultTable:
        """Run named query ``name`` with ``params`` (empty values dropped).

        :raises KgtoolError: unknown query, bad parameter, refused or failed query.
        """
        if name not in self.named:
            raise InputError(f"no named query {name!r}")
        values = {k: v for k, v in params.items() if v.strip()}
        return run_query(self.store, self.named[name], values, timeout=self.timeout)

    def sparql(self, text: str) -> ResultTable:
        """Run free SPARQL text read-only, with the CLI's refusals and time limit."""
        return run_query(self.store, NamedQuery.from_text("<editor>", text), {},
                         timeout=self.timeout)

    def terms(self, kind: str, text: str = "", *, limit: int = 50) -> list[dict]:
        """IRIs and labels for a parameter picker, filtered by ``text`` in either script."""
        from kgtool.intake.textnorm import normalize

        classes = {"metric": "https://w3id.org/kgtool/id/scheme/metrics",
                   "jurisdiction": "https://w3id.org/kgtool/ontology#Jurisdiction",
                   "agency": "http://www.w3.org/ns/org#Organization",
                   "industry": "https://w3id.org/kgtool/id/scheme/industries",
                   "document": "https://w3id.org/kgtool/ontology#PolicyDocument"}
        if kind not in classes:
            raise InputError(f"unknown term kind {kind!r} (one of {', '.join(classes)})")
        rows = self._run("terms", {"class": f"<{classes[kind]}>"})
        needle = normalize(text).lower() if text else ""
        out = []
        for r in rows:
            hay = normalize(" ".join(str(r[k] or "") for k in ("term", "label_zh", "label_en"))).lower()
            if needle in hay:
                out.append(r)
        return out[:limit]

    # -- draft check --------------------------------------------------------------------
    def check(self, filename: str, content: bytes) -> CheckResult:
        """Validate an uploaded draft (RDF, a filled CSV/XLSX template, or a policy text that
        the extractor drafts) together with the project's data. Nothing is written to the
        project: the file lives in a temporary directory for the check only.

        :raises InputError: empty, too large, unknown type, or unreadable file.
        """
        name = Path(filename or "upload").name
        suffix = Path(name).suffix.lower()
        if suffix not in _DRAFT_SUFFIXES:
            raise InputError(f"{name}: unsupported file type {suffix or '(none)'} "
                             f"(one of {', '.join(sorted(_DRAFT_SUFFIXES))})")
        if not content:
            raise InputError(f"{name}: the file is empty")
        if len(content) > UPLOAD_LIMIT:
            raise InputError(f"{name}: {len(content)} bytes is over the {UPLOAD_LIMIT} byte limit")
        with tempfile.TemporaryDirectory(prefix="kgtool-check-") as tmp:
            try:
                return self._check_file(Path(tmp) / name, content)
            except InputError as exc:  # name the upload, not the temporary copy
                raise InputError(str(exc).replace(str(Path(tmp)) + "/", "")) from None

    def _check_file(self, path: Path, content: bytes) -> CheckResult:
        from kgtool.validation.files import validate_files

        name, suffix = path.name, path.suffix.lower()
        path.write_bytes(content)
        drafted = 0
        if suffix in (".csv", ".xlsx"):
            from kgtool.intake.spreadsheets import read_sheet

            graph = read_sheet(path, data_dir=self.project.data[0])
            read_as = "template"
            path = path.with_suffix(".ttl")
            graph.serialize(path, format="turtle")
            drafted = len(set(graph.subjects()))
        elif suffix == ".txt":
            from kgtool.intake.extract import extract_document

            draft = extract_document(path, source_name=name, data_dir=self.project.data[0])
            read_as = "text"
            drafted = len(draft.facts)
            path = path.with_suffix(".ttl")
            draft.graph.serialize(path, format="turtle")
        else:
            read_as = "rdf"
        report = validate_files(self.project, [path])
        results = []
        for r in report.results:
            d = r.to_dict()
            d["focus_text"] = term_to_text(r.focus_node)
            results.append(d)
        return CheckResult(name, read_as, report.conforms, results, drafted)


def highlight(text: str, spans: list[Highlight]) -> str:
    """``text`` escaped for HTML with each span wrapped in ``<mark id=anchor>``; a span that
    overlaps an earlier one gets an empty anchor at its start instead of a nested mark.

    >>> highlight("ab<c>d", [Highlight("f", "q0", 1, 4)])
    'a<mark id="q0" data-fact="f">b&lt;c</mark>&gt;d'
    """
    out: list[str] = []
    pos = 0
    open_until = -1
    events = sorted(spans, key=lambda s: (s.start, -s.end))
    for s in events:
        if s.start < open_until:  # overlaps a mark already open: anchor only
            continue
        out.append(html.escape(text[pos:s.start], quote=False))
        out.append(f'<mark id="{s.anchor}" data-fact="{html.escape(s.fact)}">'
                   f'{html.escape(text[s.start:s.end], quote=False)}</mark>')
        pos = open_until = s.end
    out.append(html.escape(text[pos:], quote=False))
    body = "".join(out)
    # overlapped spans: their anchors point at the mark that contains them
    for s in events:
        if f'id="{s.anchor}"' not in body:
            container = next(o for o in events if o.start <= s.start < o.end and
                             f'id="{o.anchor}"' in body)
            body = body.replace(f'<mark id="{container.anchor}"',
                                f'<a id="{s.anchor}" class="anchor"></a><mark id="{container.anchor}"', 1)
    return body
