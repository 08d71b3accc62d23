"""SHACL validation of kgtool data: a pySHACL wrapper returning a :class:`ValidationReport`.

Implements the validation requirement of docs/MODEL.md: the shapes in ``ontology/shapes/*.ttl``
(SHACL Core plus SHACL-SPARQL constraints, W3C SHACL §2–§5) run over the *asserted* data.

Following the pySHACL traps in PERFORMANCE.md, validation runs with inference off on a plain
``rdflib.Graph``; the ontology is passed only as pySHACL's ``ont_graph`` so that ``sh:class`` and
``sh:targetClass`` see the class hierarchy (pySHACL mixes it into a copy, never into the input).

Every result carries the English and Chinese ``sh:message`` of its shape, and, to point a
reader back to the text, the verbatim ``kgt:quote`` of the fact concerned and the document
(``kgt:statedIn``) and 文号 (``kgt:docNumber``) it comes from.

Non-conformance is data, not an exception: :func:`validate_graph` returns a report and
:meth:`ValidationReport.raise_for_results` raises :class:`ValidationFailed` on request.
"""
from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

from .errors import InputError, KgtoolError, SecurityError
from .namespaces import (GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_RULES, GRAPH_SHAPES, KGT,
                         PREFIXES, SH)
from .project import default_project

__all__ = ["load_shapes", "validate_graph", "ValidationResult", "ValidationReport",
           "ValidationFailed", "EXCLUDED_GRAPHS", "SEVERITIES"]

#: Named graphs of a Dataset that are never validated as data.
EXCLUDED_GRAPHS = (GRAPH_INFERRED, GRAPH_RULES, GRAPH_SHAPES, GRAPH_ONTOLOGY)
#: Severities in report order.
SEVERITIES = ("Violation", "Warning", "Info")

# sh:select … and kgtool's Oxigraph variant of sh:select (kgtool.shapecompile.SELECT_OXIGRAPH)
_SPARQL_TEXT_PREDICATES = (SH.select, SH.ask, SH.construct, SH.update,
                           URIRef("https://w3id.org/kgtool/shapes#selectOxigraph"))
_FORBIDDEN = re.compile(r"(?<![\w?$:/#.-])(SERVICE|FROM|LOAD)(?![\w:-])", re.IGNORECASE)
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_STRING = re.compile(r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"",
                     re.DOTALL)
_COMMENT = re.compile(r"#[^\n]*")
# Predicates that tie a node without a quote to the fact that owns it.
_OWNER_PREDICATES = (KGT.assignment, KGT.amount, KGT.planPeriod)


class ValidationFailed(KgtoolError):
    """The data does not conform to the shapes (exit code 1)."""

    exit_code = 1

    def __init__(self, report: "ValidationReport") -> None:
        self.report = report
        n = len(report.violations)
        super().__init__(f"{n} SHACL violation{'s' if n != 1 else ''} found\n"
                         + report.to_text())


# --------------------------------------------------------------------------- shapes
def _sparql_keywords(text: str) -> list[str]:
    """Forbidden keywords (SERVICE, FROM, LOAD) used as keywords in a SPARQL text."""
    stripped = _STRING.sub(" ", _IRI.sub(" ", text))
    stripped = _COMMENT.sub(" ", stripped)
    return sorted({m.group(1).upper() for m in _FORBIDDEN.finditer(stripped)})


def _owning_shape(graph: Graph, node: Node) -> Node:
    """The nearest IRI naming ``node``: itself, or a subject pointing at it (two levels up)."""
    frontier, seen = [node], set()
    for _ in range(3):
        for n in frontier:
            if isinstance(n, URIRef):
                return n
        nxt = []
        for n in frontier:
            seen.add(n)
            nxt.extend(s for s in graph.subjects(None, n) if s not in seen)
        if not nxt:
            break
        frontier = nxt
    return node


def _check_shapes_security(graph: Graph, path: Path) -> None:
    for pred in _SPARQL_TEXT_PREDICATES:
        for node, text in graph.subject_objects(pred):
            bad = _sparql_keywords(str(text))
            if bad:
                shape = _owning_shape(graph, node)
                raise SecurityError(
                    f"{path}: shape {_short(shape)} uses {', '.join(bad)} in its SPARQL "
                    f"({pred.n3(graph.namespace_manager)}); remote services and dataset "
                    "clauses are refused")


def default_shape_files() -> list[Path]:
    """The project's data shapes: ``ontology/shapes/*.ttl`` except ``term-metadata.ttl``."""
    shapes_dir = default_project().shapes_dir
    return sorted(p for p in shapes_dir.glob("*.ttl") if p.name != "term-metadata.ttl")


def load_shapes(paths: Iterable[Path] | None = None) -> Graph:
    """Load SHACL shapes files into one graph, refusing SPARQL that reaches outside the data.

    :param paths: Turtle files to load; default: every ``ontology/shapes/*.ttl`` of the
        project except ``term-metadata.ttl`` (which validates the ontology, not the data).
    :returns: a plain :class:`rdflib.Graph` holding all the shapes.
    :raises InputError: a file is missing or does not parse.
    :raises SecurityError: a ``sh:select``/``sh:ask``/``sh:construct`` text uses ``SERVICE``,
        ``FROM`` or ``LOAD``; the message names the file and the shape.

    >>> g = load_shapes()
    >>> (URIRef("https://w3id.org/kgtool/shapes#TargetShape"), RDF.type, SH.NodeShape) in g
    True
    """
    files = default_shape_files() if paths is None else [Path(p) for p in paths]
    out = Graph()
    for name, ns in PREFIXES.items():
        out.bind(name, ns)
    for path in files:
        if not path.is_file():
            raise InputError("no such shapes file", path=str(path))
        one = Graph()
        try:
            one.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several unrelated parser exceptions
            raise InputError(f"cannot parse shapes: {exc}", path=str(path)) from exc
        _check_shapes_security(one, path)
        for prefix, ns in one.namespaces():
            if prefix:
                out.bind(prefix, ns, override=False)
        out += one
    return out


# --------------------------------------------------------------------------- report
def _short(node: Node | None) -> str:
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
            "path": None if self.path is None else _short(self.path),
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

        :param lang: ``"en"`` or ``"zh"`` for the message language.
        :returns: the text (``"Conforms."``/``"符合约束。"`` when there are no results).
        """
        if not self.results:
            return "符合约束。" if lang == "zh" else "Conforms."
        lines = []
        for r in self.results:
            path = f" {_short(r.path)}" if r.path is not None else ""
            value = f" [{_short(r.value)}]" if r.value not in (None, r.focus_node) else ""
            lines.append(f"{r.severity}: {_short(r.focus_node)}{path}{value}: {r.message(lang)}")
            if r.source_quote:
                lines.append(f"    “{r.source_quote}”")
            where = " ".join(x for x in (r.doc_number or "",
                                          f"({_short(r.document)})" if r.document else "") if x)
            if where:
                lines.append(f"    {where}")
        return "\n".join(lines)

    def raise_for_results(self) -> None:
        """Raise when the data does not conform.

        :raises ValidationFailed: there is at least one ``Violation``.
        """
        if not self.conforms:
            raise ValidationFailed(self)


# --------------------------------------------------------------------------- validation
def _data_graph(data: Graph | Dataset) -> tuple[Graph, Graph | None, Graph | None]:
    """A plain Graph of the data, plus the Dataset's ontology and shapes graphs if any."""
    if isinstance(data, Dataset):
        out, onto, shapes = Graph(), Graph(), Graph()
        for ctx in data.graphs():
            gid = ctx.identifier
            target = onto if gid == GRAPH_ONTOLOGY else shapes if gid == GRAPH_SHAPES else \
                None if gid in EXCLUDED_GRAPHS else out
            if target is not None:
                for t in ctx.triples((None, None, None)):
                    target.add(t)
        return out, (onto if len(onto) else None), (shapes if len(shapes) else None)
    if isinstance(data, Graph):
        if type(data) is not Graph or not isinstance(data.store, Memory):
            # e.g. a ConjunctiveGraph or oxrdflib store: copy into a plain in-memory graph
            copy = Graph()
            for t in data.triples((None, None, None)):
                copy.add(t)
            return copy, None, None
        return data, None, None
    raise InputError(f"cannot validate a {type(data).__name__}; expected rdflib Graph or Dataset")


def _severity(node: Node | None) -> str:
    if node is None:
        return "Violation"
    return str(node).rsplit("#", 1)[-1]


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _language(message: Literal) -> str:
    """``"zh"`` or ``"en"``: the language tag, else guessed from the characters (pySHACL drops
    the tags of SPARQL-constraint messages when it substitutes ``{?var}``)."""
    lang = (getattr(message, "language", None) or "").lower()
    if lang:
        return "zh" if lang.startswith("zh") else "en" if lang.startswith("en") else lang
    return "zh" if _CJK.search(str(message)) else "en"


def _pick_messages(messages: list[Literal], shape_messages: set[str]) -> tuple[str, str]:
    """The English and Chinese message of a result.

    pySHACL reports the messages of the failing constraint and, for SPARQL constraints, also
    those of the shape; the constraint's own (more specific) messages are preferred.
    """
    specific = [m for m in messages if str(m) not in shape_messages]
    pool = specific or messages
    by_lang: dict[str, list[Literal]] = {}
    for m in sorted(pool, key=lambda m: (not getattr(m, "language", None), str(m))):
        by_lang.setdefault(_language(m), []).append(m)
    en = str(by_lang["en"][0]) if by_lang.get("en") else ""
    zh = str(by_lang["zh"][0]) if by_lang.get("zh") else ""
    return en or zh, zh or en


def _first(values: Iterable[Node]) -> Node | None:
    vals = sorted(values, key=str)
    return vals[0] if vals else None


def _provenance(data: Graph, focus: Node) -> tuple[str | None, URIRef | None, str | None]:
    """(quote, document, doc number) for a focus node."""
    fact = focus
    quote = _first(data.objects(focus, KGT.quote))
    if quote is None:
        for pred in _OWNER_PREDICATES:
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


def _results(results_graph: Graph, data: Graph, shapes: Graph) -> list[ValidationResult]:
    out, seen = [], set()
    for node in results_graph.subjects(RDF.type, SH.ValidationResult):
        g = results_graph
        focus = g.value(node, SH.focusNode)
        path = g.value(node, SH.resultPath)
        value = g.value(node, SH.value)
        shape = g.value(node, SH.sourceShape)
        shape_messages = {str(m) for m in shapes.objects(shape, SH.message)} if shape else set()
        en, zh = _pick_messages(list(g.objects(node, SH.resultMessage)), shape_messages)
        severity = _severity(g.value(node, SH.resultSeverity))
        key = (severity, focus, path if not isinstance(path, BNode) else None, value,
               shape if not isinstance(shape, BNode) else None, en)
        if key in seen:
            continue
        seen.add(key)
        quote, doc, number = _provenance(data, focus)
        out.append(ValidationResult(severity, focus, path, value, shape, en, zh,
                                    quote, doc, number))
    order = {s: i for i, s in enumerate(SEVERITIES)}
    out.sort(key=lambda r: (order.get(r.severity, 9), str(r.focus_node), r.shape_name,
                            str(r.path), str(r.value)))
    return out


def _default_ontology() -> Graph | None:
    """The project's ontology modules (``ontology/*.ttl``), or None when there are none."""
    files = sorted(default_project().ontology_dir.glob("*.ttl"))
    if not files:
        return None
    g = Graph()
    for f in files:
        try:
            g.parse(f, format="turtle")
        except Exception as exc:
            raise InputError(f"cannot parse ontology: {exc}", path=str(f)) from exc
    return g


# pySHACL re-parses a SPARQL constraint's text for every focus node (0.1-0.3 s each with
# rdflib's parser), which dominates validation time. While validate_graph runs, rdflib's SPARQL
# processor reuses the parsed and translated query for identical text, prefixes and base; the
# patch is inert outside that scope (a ContextVar holds the cache).
_QUERY_CACHE: ContextVar[dict | None] = ContextVar("kgtool_sparql_cache", default=None)
_PATCH_LOCK = threading.Lock()
_PATCHED = False


def _install_query_cache() -> None:
    global _PATCHED
    with _PATCH_LOCK:
        if _PATCHED:
            return
        from rdflib.plugins.sparql import processor

        original = processor.SPARQLProcessor.query

        def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
            cache = _QUERY_CACHE.get()
            if cache is not None and isinstance(strOrQuery, str):
                key = (strOrQuery, base, frozenset((initNs or {}).items()))
                prepared = cache.get(key)
                if prepared is None:
                    prepared = cache[key] = processor.translateQuery(
                        processor.parseQuery(strOrQuery), base, initNs)
                strOrQuery = prepared
            return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

        query.__doc__ = original.__doc__
        processor.SPARQLProcessor.query = query
        _PATCHED = True


@contextmanager
def _cached_sparql_parsing() -> Iterator[None]:
    _install_query_cache()
    token = _QUERY_CACHE.set({})
    try:
        yield
    finally:
        _QUERY_CACHE.reset(token)


def validate_graph(data: Graph | Dataset, *, shapes: Graph | None = None,
                   ontology: Graph | None = None) -> ValidationReport:
    """Validate asserted data against the SHACL shapes (inference off).

    :param data: a Graph, or a Dataset whose named graphs are validated together except
        ``kgg:inferred``, ``kgg:rules``, ``kgg:shapes`` and ``kgg:ontology`` (its default
        graph, when not empty, is data too). The input is never modified.
    :param shapes: the shapes graph; default: the Dataset's ``kgg:shapes`` graph if it has
        one, else :func:`load_shapes`.
    :param ontology: class hierarchy for ``sh:class``/``sh:targetClass`` (pySHACL's
        ``ont_graph``); default: the Dataset's ``kgg:ontology`` graph, else the project's
        ``ontology/*.ttl``. Pass an empty Graph to validate without any ontology.
    :returns: a :class:`ValidationReport`.
    :raises InputError: ``data`` is not an rdflib Graph or Dataset, or the default ontology
        does not parse.
    :raises SecurityError: the default shapes contain forbidden SPARQL (see :func:`load_shapes`).
    :raises KgtoolError: pySHACL itself failed (e.g. a malformed shapes graph).

    >>> from rdflib import Graph
    >>> validate_graph(Graph()).conforms
    True
    """
    from pyshacl import validate as _pyshacl_validate

    graph, ds_onto, ds_shapes = _data_graph(data)
    if shapes is None:
        shapes = ds_shapes if ds_shapes is not None else load_shapes()
    if ontology is None:
        ontology = ds_onto if ds_onto is not None else _default_ontology()
    elif not len(ontology):
        ontology = None
    from .lexical import LEXICAL_SHAPE, invalid_lexical_forms, messages

    bad = invalid_lexical_forms(graph)
    checked = graph
    if bad:  # pySHACL passes or crashes on them: give it a copy where they are plainly
        checked = Graph()  # ill-typed (a " (invalid)" suffix), and report them here instead
        for t in graph:
            checked.add(t)
        for s_, p_, o_ in bad:
            checked.remove((s_, p_, o_))
            checked.add((s_, p_, Literal(str(o_) + " (invalid)", datatype=o_.datatype, normalize=False)))
    try:
        with _cached_sparql_parsing():
            _conforms, results_graph, _text = _pyshacl_validate(
                checked, shacl_graph=shapes, ont_graph=ontology, inference="none",
                abort_on_first=False, allow_infos=True, allow_warnings=True, meta_shacl=False,
                advanced=False, inplace=False, debug=False)
    except Exception as exc:  # pySHACL raises ReportableRuntimeError, rdflib errors, …
        raise KgtoolError(f"SHACL validation could not run: {exc}") from exc
    results = _results(results_graph, graph, shapes)
    originals = {(s_, p_, Literal(str(o_) + " (invalid)", datatype=o_.datatype, normalize=False)): o_
                 for s_, p_, o_ in bad}
    for r in results:  # show the value as written, not the stand-in
        key = (r.focus_node, r.path, r.value)
        if key in originals:
            r.value = originals[key]
    reported = {(r.focus_node, r.path) for r in results}
    for s_, p_, o_ in bad:
        if (s_, p_) not in reported:  # no sh:datatype for this property: say it ourselves
            en, zh = messages(o_)
            results.append(ValidationResult("Violation", s_, p_, o_, LEXICAL_SHAPE, en, zh,
                                            *_provenance(graph, s_)))
    return ValidationReport(conforms=not any(r.severity == "Violation" for r in results),
                            results=results)
