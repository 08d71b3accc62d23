"""Validation results and reports: what a SHACL check found, in words, with its source text.

A :class:`ValidationResult` carries the English and Chinese message of its shape and, to point a
reader back to the text, the verbatim ``kgt:quote`` of the fact concerned and the document
(``kgt:statedIn``) and 文号 (``kgt:docNumber``) it comes from (:func:`provenance_of`). Both
validators, pySHACL (:mod:`kgtool.validation.pyshacl_validator`) and the compiled one (:mod:`kgtool.validation.compiled`),
return a :class:`ValidationReport`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kgtool.errors import KgtoolError
from kgtool.rdf.namespaces import KGT, PREFIXES

__all__ = ["ValidationResult", "ValidationReport", "ValidationFailed", "SEVERITIES"]

#: Severities in report order.
SEVERITIES = ("Violation", "Warning", "Info")
#: how :meth:`ValidationReport.to_text` names them with ``lang`` zh
SEVERITY_ZH = {"Violation": "违规", "Warning": "警告", "Info": "提示"}
# Predicates that tie a node without a quote to the fact that owns it.
OWNER_PREDICATES = (KGT.assignment, KGT.amount, KGT.planPeriod)


class ValidationFailed(KgtoolError):
    """The data does not conform to the shapes (exit code 1)."""

    exit_code = 1

    def __init__(self, report: "ValidationReport") -> None:
        self.report = report
        n = len(report.violations)
        super().__init__(f"{n} SHACL violation{'s' if n != 1 else ''} found\n"
                         + report.to_text())


def short_iri(node: Node | None) -> str:
    """Compact display form: ``kg:fact/…`` for project IRIs, N3 otherwise."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        s = str(node)
        best = max(((p, str(ns)) for p, ns in PREFIXES.items() if s.startswith(str(ns))),
                   key=lambda pn: len(pn[1]), default=None)
        if best:
            return f"{best[0]}:{s[len(best[1]):]}"
        if "/shapes#" in s:
            return s.rsplit("#", 1)[1]
        return f"<{s}>"
    if isinstance(node, Literal):
        return node.n3()
    return node.n3()


@dataclass
class ValidationResult:
    """One SHACL validation result, with the text it points back to.

    :ivar severity: ``"Violation"``, ``"Warning"`` or ``"Info"``.
    :ivar focus_node: the node that failed.
    :ivar path: the property path (``None`` for node-level constraints).
    :ivar value: the offending value node, lexical form kept even when ill-typed.
    :ivar shape: the source shape (IRI, or blank node for anonymous shapes).
    :ivar message_en: the English message.
    :ivar message_zh: the Chinese message.
    :ivar source_quote: ``kgt:quote`` of the focus node or of the fact owning it.
    :ivar document: the ``kgt:statedIn`` document (or the focus when it is a document).
    :ivar doc_number: that document's ``kgt:docNumber``.
    """

    severity: str
    focus_node: Node
    path: Node | None
    value: Node | None
    shape: Node | None
    message_en: str
    message_zh: str
    source_quote: str | None = None
    document: URIRef | None = None
    doc_number: str | None = None

    @property
    def shape_name(self) -> str:
        """Local name of the source shape (after ``#`` or the last ``/``), or ``""``."""
        if not isinstance(self.shape, URIRef):
            return ""
        return re.split(r"[#/]", str(self.shape))[-1]

    def message(self, lang: str = "en") -> str:
        """The message in ``lang`` (``"en"`` or ``"zh"``)."""
        return self.message_zh if lang == "zh" else self.message_en

    def to_dict(self) -> dict:
        """A JSON-ready dict; nodes as strings (literal values by lexical form)."""
        return {
            "severity": self.severity,
            "focus_node": str(self.focus_node),
            "path": None if self.path is None else short_iri(self.path),
            "value": None if self.value is None else str(self.value),
            "value_datatype": (str(self.value.datatype) if isinstance(self.value, Literal)
                               and self.value.datatype else None),
            "shape": None if self.shape is None else str(self.shape),
            "message_en": self.message_en,
            "message_zh": self.message_zh,
            "source_quote": self.source_quote,
            "document": None if self.document is None else str(self.document),
            "doc_number": self.doc_number,
        }


@dataclass
class ValidationReport:
    """Outcome of :func:`validate_graph`.

    :ivar conforms: ``True`` when no result has severity ``Violation`` (warnings and infos
        do not break conformance).
    :ivar results: every result, violations first, then by focus node.
    """

    conforms: bool
    results: list[ValidationResult] = field(default_factory=list)

    @property
    def violations(self) -> list[ValidationResult]:
        """Results with severity ``Violation``."""
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        """Results with severity ``Warning``."""
        return [r for r in self.results if r.severity == "Warning"]

    def to_dict(self) -> dict:
        """A JSON-ready dict: ``conforms``, counts per severity and the results."""
        return {
            "conforms": self.conforms,
            "counts": {s: sum(r.severity == s for r in self.results) for s in SEVERITIES},
            "results": [r.to_dict() for r in self.results],
        }

    def to_text(self, lang: str = "en") -> str:
        """Human-readable report, one line per result plus the quote and 文号 indented.

        :param lang: ``"en"`` or ``"zh"`` for the message language (and the severity's).
        :returns: the text (``"Conforms."``/``"符合约束。"`` when there are no results).
        """
        if not self.results:
            return "符合约束。" if lang == "zh" else "Conforms."
        lines = []
        for r in self.results:
            path = f" {short_iri(r.path)}" if r.path is not None else ""
            value = f" [{short_iri(r.value)}]" if r.value not in (None, r.focus_node) else ""
            if lang == "zh":
                lines.append(f"{SEVERITY_ZH.get(r.severity, r.severity)}：{short_iri(r.focus_node)}"
                             f"{path}{value}：{r.message(lang)}")
            else:
                lines.append(f"{r.severity}: {short_iri(r.focus_node)}{path}{value}: {r.message(lang)}")
            if r.source_quote:
                lines.append(f"    “{r.source_quote}”")
            where = " ".join(x for x in (r.doc_number or "",
                                          f"({short_iri(r.document)})" if r.document else "") if x)
            if where:
                lines.append(f"    {where}")
        return "\n".join(lines)

    def raise_for_results(self) -> None:
        """Raise when the data does not conform.

        :raises ValidationFailed: there is at least one ``Violation``.
        """
        if not self.conforms:
            raise ValidationFailed(self)


def _first(values: Iterable[Node]) -> Node | None:
    vals = sorted(values, key=str)
    return vals[0] if vals else None


def provenance_of(data: Graph, focus: Node) -> tuple[str | None, URIRef | None, str | None]:
    """(quote, document, doc number) for a focus node."""
    fact = focus
    quote = _first(data.objects(focus, KGT.quote))
    if quote is None:
        for pred in OWNER_PREDICATES:
            owner = _first(data.subjects(pred, focus))
            if owner is not None:
                fact = owner
                quote = _first(data.objects(owner, KGT.quote))
                break
    doc = _first(data.objects(fact, KGT.statedIn))
    if doc is None and _first(data.objects(focus, KGT.docNumber)) is not None:
        doc = focus
    number = _first(data.objects(doc, KGT.docNumber)) if doc is not None else None
    return (None if quote is None else str(quote),
            doc if isinstance(doc, URIRef) else None,
            None if number is None else str(number))
