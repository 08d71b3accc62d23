"""SHACL validation of kgtool data: a pySHACL wrapper returning a :class:`ValidationReport`.

Implements the validation requirement of docs/MODEL.md: the shapes in ``ontology/shapes/*.ttl``
(SHACL Core plus SHACL-SPARQL constraints, W3C SHACL §2–§5) run over the *asserted* data.

Following the pySHACL traps in PERFORMANCE.md, validation runs with inference off on a plain
``rdflib.Graph``; the ontology is passed only as pySHACL's ``ont_graph`` so that ``sh:class`` and
``sh:targetClass`` see the class hierarchy (pySHACL mixes it into a copy, never into the input).

Every result carries the English and Chinese ``sh:message`` of its shape, and, to point a
reader back to the text, the verbatim ``kgt:quote`` of the fact concerned and the document
(``kgt:statedIn``) and 文号 (``kgt:docNumber``) it comes from (the report types are in
:mod:`kgtool.validation.report`; loading the shapes safely is :mod:`kgtool.validation.shapes`).

Non-conformance is data, not an exception: :func:`validate_graph` returns a report and
:meth:`ValidationReport.raise_for_results` raises :class:`ValidationFailed` on request.
"""
from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from rdflib import BNode, Dataset, Graph, Literal
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

from kgtool.errors import InputError, KgtoolError
from kgtool.rdf.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_RULES, GRAPH_SHAPES, SH
from kgtool.project import default_project
# Shapes loading and the report types live in their own modules; they are re-exported here,
# where callers have always found them.
from kgtool.validation.shapes import check_shapes, load_shapes  # noqa: F401
from kgtool.validation.report import (SEVERITIES, ValidationFailed, ValidationReport,  # noqa: F401
                                ValidationResult, provenance_of)

__all__ = ["load_shapes", "validate_graph", "conforms_of", "ValidationResult", "ValidationReport",
           "ValidationFailed", "EXCLUDED_GRAPHS", "SEVERITIES"]

#: Named graphs of a Dataset that are never validated as data.
EXCLUDED_GRAPHS = (GRAPH_INFERRED, GRAPH_RULES, GRAPH_SHAPES, GRAPH_ONTOLOGY)


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


def severity_of(node: Node | None) -> str:
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


def pick_messages(messages: list[Literal], shape_messages: set[str]) -> tuple[str, str]:
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


def conforms_of(results: list[ValidationResult]) -> bool:
    """kgtool's verdict: no result whose severity blocks (anything but ``sh:Warning`` and
    ``sh:Info``; a custom severity blocks, as ``sh:Violation`` does).

    SHACL's own ``sh:conforms`` is false on any result; kgtool lets warnings and infos pass.
    """
    return not any(r.severity not in ("Warning", "Info") for r in results)


def _results(results_graph: Graph, data: Graph, shapes: Graph) -> list[ValidationResult]:
    out, seen = [], set()
    # the report's own results; nested ones (pySHACL's sh:detail) are not results of the report
    for node in results_graph.objects(None, SH.result):
        g = results_graph
        focus = g.value(node, SH.focusNode)
        path = g.value(node, SH.resultPath)
        value = g.value(node, SH.value)
        shape = g.value(node, SH.sourceShape)
        shape_messages = {str(m) for m in shapes.objects(shape, SH.message)} if shape else set()
        en, zh = pick_messages(list(g.objects(node, SH.resultMessage)), shape_messages)
        severity = severity_of(g.value(node, SH.resultSeverity))
        key = (severity, focus, path if not isinstance(path, BNode) else None, value,
               shape if not isinstance(shape, BNode) else None, en)
        if key in seen:
            continue
        seen.add(key)
        quote, doc, number = provenance_of(data, focus)
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
    from kgtool.rdf.lexical import LEXICAL_SHAPE, invalid_lexical_forms, messages

    bad = invalid_lexical_forms(graph)
    checked = graph
    if bad:  # pySHACL passes or crashes on them: give it a copy where they are plainly
        checked = Graph()  # ill-typed (a " (invalid)" suffix), and report them here instead
        for t in graph:
            checked.add(t)
        for s_, p_, o_ in bad:
            checked.remove((s_, p_, o_))
            checked.add((s_, p_, Literal(str(o_) + " (invalid)", datatype=o_.datatype, normalize=False)))
    check_shapes(shapes)
    try:
        with _cached_sparql_parsing():
            _conforms, results_graph, _text = _pyshacl_validate(
                checked, shacl_graph=shapes, ont_graph=ontology, inference="none",
                abort_on_first=False, allow_infos=True, allow_warnings=True, meta_shacl=False,
                advanced=False, inplace=False, debug=False)
    except Exception as exc:  # pySHACL raises ReportableRuntimeError, rdflib errors, …
        raise KgtoolError(f"SHACL validation could not run: {exc}") from exc
    if not isinstance(results_graph, Graph):  # pySHACL returns a ValidationFailure instead
        raise KgtoolError("SHACL validation could not run: "
                          + " ".join(str(getattr(results_graph, "message", results_graph)).split()))
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
                                            *provenance_of(graph, s_)))
    return ValidationReport(conforms=conforms_of(results), results=results)
