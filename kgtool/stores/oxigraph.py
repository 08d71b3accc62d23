"""The embedded Oxigraph backend: :class:`OxigraphStore`, the :class:`~kgtool.stores.base.Store`
protocol over ``pyoxigraph.Store`` (in memory, or on disk with a path).

Every named graph of a :class:`~kgtool.rdf.graph.KnowledgeGraph` is loaded as quads; queries see
the set union of the named graphs as their default graph, as with
:class:`~kgtool.stores.base.RdflibStore` (kept materialised in Oxigraph's default graph, because
Oxigraph's ``use_default_graph_as_union`` is a bag union: about twice the memory).
Parameters are bound as a ``VALUES`` block of escaped RDF terms, as for a remote endpoint,
so that Oxigraph's planner sees them (``substitutions`` for a blank node); the query's own
text is never changed by a value; SERVICE, FROM and updates are refused by
:func:`kgtool.sparql.safety.check_query`. Results are rdflib terms in a
:class:`~kgtool.querying.results.ResultTable`, so output does not depend on the backend.

Two Oxigraph behaviours are undone on the way out (PERFORMANCE.md, "Correctness traps"):

- Oxigraph stores valid numeric, boolean and date literals in canonical form (``"804.0"`` →
  ``"804"``, ``"1"^^xsd:boolean`` → ``"true"``). The store remembers the original lexical form
  of every stored literal whose form changes and returns that original. Values *computed* by a
  query (``SUM``, ``?v + 0`` …) are Oxigraph's canonical forms: equal in value to rdflib's,
  possibly different in spelling; compare them numerically.
- Oxigraph lowercases language tags (``@zh-Hant`` → ``@zh-hant``); stored tags are restored the
  same way. Plain strings come back as plain literals (not ``^^xsd:string``).

Ill-typed literals (``"abc"^^xsd:integer``) are kept ill-typed: rdflib may normalise their
lexical form into a valid one (``"yes"^^xsd:boolean`` prints as ``"false"`` but stays
``ill_typed``), so they are stored with a trailing space, which no XSD datatype accepts, and
the rdflib literal is returned on the way out. A query reading ``STR()`` of an ill-typed value
sees that space.

The time limit holds for every query, even one that computes for minutes before its first
row (a GROUP BY or ORDER BY over the whole store): the query runs in a worker thread
(pyoxigraph releases the GIL while Oxigraph evaluates) and the caller waits for it at most
the limit, then gets :class:`~kgtool.errors.QueryError`. Oxigraph cannot cancel a query
(it has no timeout nor cancellation: oxigraph issue #1336), so an abandoned query goes on in
its daemon thread until Oxigraph yields its next row, where it stops, or until the process
exits (the ``kgtool`` command does, right after reporting the error). ``SIGALRM``
(:func:`kgtool.stores.base.time_limit`) could not do this: Python runs a signal handler only
between result rows, so ``find-quote`` ran 211 s under a 30 s limit at 1M triples.
"""
from __future__ import annotations

import contextlib
import re
import threading
from pathlib import Path
from typing import Iterable, Mapping

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from kgtool.errors import QueryError
from kgtool.rdf.lexical import is_valid_lexical
from kgtool.stores.remote import inject_values
from kgtool.rdf.network_guard import no_network
from kgtool.querying.results import ResultTable
from kgtool.sparql.safety import check_query
from kgtool.sparql.text import declare_prefixes
from kgtool.stores.base import DEFAULT_TIMEOUT, QueryMethods, over_time

__all__ = ["OxigraphStore", "to_ox", "from_ox"]

_SELECT = re.compile(r"\bSELECT\b(\s+(DISTINCT|REDUCED)\b)?", re.IGNORECASE)
_GROUP_BY = re.compile(r"\bGROUP\s+BY\b", re.IGNORECASE)
_MASK = re.compile(r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
                   r"|'(?:[^'\\\n]|\\.)*'|<[^<>\s]*>|#[^\n]*")


_CHECKED: set[str] = set()  # query texts that passed check_query (no SERVICE/FROM/update)


def _mask(text: str) -> str:
    """``text`` with strings, IRIs and comments blanked out (positions kept)."""
    return _MASK.sub(lambda m: " " * len(m.group(0)), text)


def _projection_end(masked: str, start: int) -> int:
    m = re.compile(r"\b(WHERE|FROM)\b|\{", re.IGNORECASE).search(masked, start)
    return m.start() if m else len(masked)

_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term (lexical form kept, even when ill-typed).

    >>> to_ox(Literal("1.0", datatype=XSD.decimal)).value
    '1.0'
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot store {type(term).__name__} {term!r} in Oxigraph")


def term_key(term) -> tuple:
    """Hashable identity of a pyoxigraph literal."""
    return (term.value, term.datatype.value if term.datatype is not None else None, term.language)


def _make_fast_text_literal():
    """A constructor of plain and language-tagged rdflib Literals that skips
    ``Literal.__new__``'s lexical-to-Python casting (about 10 µs a literal, most of the cost
    of a large result), or ``None`` when it does not give exactly what ``Literal()`` gives
    (checked here, so another rdflib version falls back to ``Literal()``)."""
    new = str.__new__

    def fast(value: str, lang: str | None = None) -> Literal:
        inst = new(Literal, value)
        inst._language = lang
        inst._datatype = None
        inst._value = value
        inst._ill_typed = None
        return inst

    try:
        for value, lang in (("abc", None), ("", None), ("标准 x", "zh"), ("a\nb", "zh-hant")):
            a, b = fast(value, lang), Literal(value, lang=lang)
            if not (type(a) is type(b) and a == b and hash(a) == hash(b) and a.eq(b)
                    and all(getattr(a, k) == getattr(b, k) for k in Literal.__slots__)
                    and a.n3() == b.n3() and a.toPython() == b.toPython()):
                return None
    except Exception:  # noqa: BLE001 - any difference means: use Literal()
        return None
    return fast


_fast_text_literal = _make_fast_text_literal()
_LANG_OK: set[str] = set()  # language tags rdflib accepted (Literal() validates them)


def _text_literal(value: str, lang: str | None = None) -> Literal:
    if _fast_text_literal is None:
        return Literal(value, lang=lang)
    if lang is not None and lang not in _LANG_OK:
        Literal("", lang=lang)  # raises on a tag rdflib rejects, as Literal() would
        _LANG_OK.add(lang)
    return _fast_text_literal(value, lang)


def from_ox(term, restore: Mapping[tuple, Literal] | None = None) -> Node | None:
    """A pyoxigraph term as an rdflib term; ``restore`` maps canonical literals to originals."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if restore:
            original = restore.get(term_key(term))
            if original is not None:
                return original
        if term.language:
            return _text_literal(term.value, term.language)
        dt = term.datatype.value if term.datatype is not None else _XSD_STRING
        if dt == _XSD_STRING:
            return _text_literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.DefaultGraph):
        return None
    raise QueryError(f"unsupported Oxigraph term {term!r}")


def _converter(restore: Mapping[tuple, Literal] | None):
    """:func:`from_ox` with a cache, for converting one result: an IRI or literal repeated
    over many rows (labels, classes, jurisdictions) is converted once."""
    cache: dict = {}
    get = cache.get

    def conv(term):
        if term is None:
            return None
        out = get(term)
        if out is None:
            out = cache[term] = from_ox(term, restore)
        return out

    return conv


class OxigraphStore(QueryMethods):
    """Oxigraph behind the :class:`~kgtool.stores.base.Store` protocol.

    :param path: directory of an on-disk store; ``None`` for memory.
    :param allow_service: permit SPARQL SERVICE (off by default; Oxigraph embedded has no
        HTTP client anyway).

    >>> s = OxigraphStore()
    >>> s.add_quads([(URIRef("http://ex/a"), RDF.type, URIRef("http://ex/C"),
    ...               URIRef("http://ex/g"))])
    1
    >>> s.select("SELECT ?x WHERE { ?x a ?c }", bindings={"c": URIRef("http://ex/C")}).rows
    [(rdflib.term.URIRef('http://ex/a'),)]
    """

    name = "oxigraph"

    def __init__(self, path: Path | str | None = None, *, allow_service: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.store = ox.Store(str(path)) if path is not None else ox.Store()
        self.allow_service = allow_service
        #: canonical literal key -> original rdflib literal (only where the form changed)
        self.restore: dict[tuple, Literal] = {}
        #: restrict the default graph to these graphs (None: union of all named graphs)
        self.default_graphs: list[URIRef] | None = None
        #: whether Oxigraph's default graph holds the set union of the named graphs (kept in
        #: step by every method here). False for a store filled straight with named graphs
        #: (the native build skips the copy): queries then read Oxigraph's union, a bag, until
        #: :meth:`ensure_union` materialises it.
        self.union_materialised = True

    @classmethod
    def read_only(cls, path: Path | str, *, restore: dict | None = None) -> "OxigraphStore":
        """Open the on-disk store at ``path`` read-only (its default graph holds the union).

        :param restore: the original forms of its literals (:attr:`restore`).
        :raises OSError: the directory holds no store or a damaged one.
        """
        store = cls()
        store.store = ox.Store.read_only(str(path))
        store.path = Path(path)
        store.restore = dict(restore or {})
        return store

    # -- loading -------------------------------------------------------------------------
    @classmethod
    def from_knowledge_graph(cls, kg, *, path: Path | str | None = None,
                             graphs: Iterable[URIRef] | None = None) -> "OxigraphStore":
        """Load every named graph of ``kg`` (or only ``graphs``) as quads (bulk load).

        :param kg: a :class:`~kgtool.rdf.graph.KnowledgeGraph`.
        :returns: the store.
        """
        store = cls(path)
        store.add_quads(kg.quads(graphs))
        return store

    def add_quads(self, quads: Iterable[tuple]) -> int:
        """Bulk-add rdflib ``(s, p, o, graph)`` quads; returns how many were given.

        Each triple also goes into Oxigraph's default graph, which therefore holds the set
        union of the named graphs: Oxigraph's ``use_default_graph_as_union`` is a bag (a
        triple stated in two documents would match twice), rdflib's union is a set.
        """
        batch, typed = [], {}
        dflt = ox.DefaultGraph() if self.union_materialised else None
        for s, p, o, g in quads:
            oo = to_ox(o)
            if isinstance(o, Literal) and o.datatype is not None and (
                    getattr(o, "ill_typed", None) or not is_valid_lexical(o)):
                # rdflib may have normalised an ill-typed lexical form into a valid one
                # ("yes"^^xsd:boolean prints as "false"); keep it ill-typed for Oxigraph too
                oo = ox.Literal(str(o) + " ", datatype=ox.NamedNode(str(o.datatype)))
                self.restore[term_key(oo)] = o
            elif isinstance(o, Literal) and (o.language or (o.datatype is not None
                                                          and str(o.datatype) != _XSD_STRING)):
                typed[term_key(oo)] = o
            ss, pp = to_ox(s), to_ox(p)
            if dflt is not None:
                batch.append(ox.Quad(ss, pp, oo, dflt))
            if g is not None:
                batch.append(ox.Quad(ss, pp, oo, to_ox(g)))
        self.store.bulk_extend(batch)
        self._learn_canonical_forms(typed)
        return sum(1 for q in batch if not isinstance(q.graph_name, ox.DefaultGraph))

    def _learn_canonical_forms(self, typed: dict[tuple, Literal]) -> None:
        """Record originals of literals Oxigraph stores in another form (scratch store)."""
        if not typed:
            return
        scratch = ox.Store()
        pred = ox.NamedNode("urn:kgtool:v")
        items = list(typed.items())
        scratch.bulk_extend(ox.Quad(ox.NamedNode(f"urn:kgtool:i{i}"), pred, to_ox(lit))
                            for i, (_, lit) in enumerate(items))
        for q in scratch.quads_for_pattern(None, pred, None, None):
            i = int(q.subject.value[len("urn:kgtool:i"):])
            key, original = items[i]
            if term_key(q.object) != key:
                self.restore[term_key(q.object)] = original

    def replace_graph(self, name: URIRef, triples: Iterable[tuple]) -> None:
        """Replace the content of the named graph ``name`` (the union is kept in step)."""
        self.remove_graph(name)
        self.add_quads((s, p, o, name) for s, p, o in triples)

    def remove_graph(self, name: URIRef) -> None:
        """Drop the named graph ``name``; its triples leave the union unless another graph
        states them too."""
        g = to_ox(name)
        if not self.store.contains_named_graph(g):
            return
        if not self.union_materialised:
            self.store.remove_graph(g)
            return
        old = list(self.store.quads_for_pattern(None, None, None, g))
        self.store.remove_graph(g)
        dflt = ox.DefaultGraph()
        for q in old:
            still = any(not isinstance(x.graph_name, ox.DefaultGraph) for x in
                        self.store.quads_for_pattern(q.subject, q.predicate, q.object, None))
            if not still:
                self.store.remove(ox.Quad(q.subject, q.predicate, q.object, dflt))

    def graph_names(self) -> list[URIRef]:
        return sorted((URIRef(g.value) for g in self.store.named_graphs()
                       if isinstance(g, ox.NamedNode)), key=str)

    def triples(self, name: URIRef) -> Graph:
        """The named graph ``name`` as an rdflib Graph (original lexical forms)."""
        out = Graph()
        for q in self.store.quads_for_pattern(None, None, None, to_ox(name)):
            out.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object, self.restore)))
        return out

    def flush(self) -> None:
        if self.path is not None:
            self.store.flush()

    # -- queries --------------------------------------------------------------------------
    def raw_query(self, query: str, *, bindings: Mapping[str, Node] | None = None,
                  default_graphs: Iterable[URIRef] | None = None):
        """Run ``query`` unchecked and return pyoxigraph's result (for kgtool's own queries)."""
        subs = {ox.Variable(k.lstrip("?$")): to_ox(v) for k, v in (bindings or {}).items()}
        graphs = list(default_graphs) if default_graphs is not None else self.default_graphs
        if graphs is not None:
            return self.store.query(query, default_graph=[to_ox(g) for g in graphs] or
                                    [ox.DefaultGraph()], substitutions=subs or None)
        if not self.union_materialised:
            return self.store.query(query, substitutions=subs or None,
                                    use_default_graph_as_union=True)
        return self.store.query(query, substitutions=subs or None)

    def ensure_union(self, *, force: bool = False) -> "OxigraphStore":
        """Materialise the default graph as the set union of the named graphs, if it is not
        (queries then have set semantics, as over rdflib); returns the store.

        :param force: materialise even if the flag says it is (quads were added straight to
            ``self.store``, bypassing :meth:`add_quads`)."""
        if force or not self.union_materialised:
            self.store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
            self.union_materialised = True
        return self

    def _query_bound(self, query: str, bindings: Mapping[str, Node] | None):
        """Run ``query`` with ``bindings``; returns (result, projected columns to drop).

        The values go into a ``VALUES`` block first in the outer WHERE group, each written as
        a checked RDF term (:func:`kgtool.stores.remote.inject_values`, as for a remote endpoint),
        so Oxigraph's planner knows them. With ``substitutions`` (SEP-0007) it plans the
        query as if the variable were unbound: ``BOUND(?__deadline_xsd_gYear)`` became
        false, so an optional parameter was ignored, and a filter on a parameter ran after
        every OPTIONAL instead of first (``targets-by-jurisdiction`` at 1M triples: 0.6 s
        against 0.3 s).

        A value a VALUES block cannot carry (a blank node) falls back to ``substitutions``.
        Oxigraph only substitutes variables of the SELECT projection, whereas rdflib's
        ``initBindings`` pre-binds any variable; a bound parameter that the query does not
        project is therefore added to the projection (and, for grouped queries, to the last
        GROUP BY, where a constant changes no group) and dropped from the rows again. Only
        variable *names* are added to the text; values go through ``substitutions``.
        """
        if not bindings:
            return self.raw_query(query), set()
        try:
            text = inject_values(query, bindings)
        except QueryError:
            text = None
        if text is not None:
            return self.raw_query(text), set()
        try:
            return self.raw_query(query, bindings=bindings), set()
        except RuntimeError as exc:
            if "SELECT projection" not in str(exc):
                raise
        names = [k.lstrip("?$") for k in bindings]
        masked = _mask(query)
        m = _SELECT.search(masked)
        if m is None:
            raise QueryError("cannot bind parameters: no SELECT clause found")
        projected = set(re.findall(r"[?$]([A-Za-z0-9_]+)", masked[m.end():_projection_end(masked, m.end())]))
        extra = [n for n in names if n not in projected]
        add = "".join(f" ?{n}" for n in extra)
        text = query[:m.end()] + add + query[m.end():]
        groups = list(_GROUP_BY.finditer(_mask(text)))
        if groups:
            at = groups[-1].end()
            text = text[:at] + add + text[at:]
        return self.raw_query(text, bindings=bindings), set(extra)

    def _run(self, query: str, bindings, timeout):
        if query not in _CHECKED:  # rdflib's parser costs more than most Oxigraph queries
            # the user's own positions; a verdict passed in an earlier process is reused
            check_query(query, allow_service=self.allow_service, remember=True)
            if not self.allow_service:
                _CHECKED.add(query)
        query = declare_prefixes(query)  # the same prefixes on every backend (sparql_text)
        try:
            return _within(timeout, lambda stop: self._evaluate(query, bindings, stop))
        except QueryError:
            raise
        except (SyntaxError, OSError, ValueError, TypeError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc.__class__.__name__}: {exc}") from None

    def _evaluate(self, query: str, bindings, stop: threading.Event):
        """Run ``query`` and read its whole result (in the thread that calls it: pyoxigraph's
        results may not cross threads); returns ``(kind, value)``, or None once ``stop`` is
        set (the caller gave up waiting)."""
        guard = contextlib.nullcontext() if self.allow_service else no_network()
        with guard:
            result, drop = self._query_bound(query, bindings)
            if isinstance(result, ox.QuerySolutions):
                cols = [v.value for v in result.variables]
                keep = [i for i, c in enumerate(cols) if c not in drop]
                conv = _converter(self.restore)
                every = len(keep) == len(cols)
                rows = []
                add, stopped = rows.append, stop.is_set
                for sol in result:
                    if stopped():
                        return None
                    add(tuple(map(conv, sol)) if every else tuple([conv(sol[i]) for i in keep]))
                return "SELECT", ResultTable([cols[i] for i in keep], rows)
            if isinstance(result, ox.QueryBoolean):
                return "ASK", bool(result)
            g = Graph()
            conv, conv_o = _converter(None), _converter(self.restore)
            for t in result:
                if stop.is_set():
                    return None
                g.add((conv(t.subject), conv(t.predicate), conv_o(t.object)))
            return "CONSTRUCT", g

    def triple_count(self) -> int:
        """Number of triples over all named graphs (a triple in two graphs counts twice, as
        in :meth:`KnowledgeGraph.__len__`), counted inside Oxigraph."""
        if not self.union_materialised:
            return len(self.store)
        return len(self.store) - self.union_size()

    def union_size(self) -> int:
        """Number of distinct triples (the union graph), counted inside Oxigraph."""
        if not self.union_materialised:
            q = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
            return int(next(iter(self.store.query(q)))["n"].value)
        rows = self.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                default_graph=ox.DefaultGraph())
        return int(next(iter(rows))["n"].value)


def _within(seconds: float | None, work):
    """``work(stop)`` run to its end, or :class:`QueryError` after ``seconds`` (None or 0: no
    limit). The work runs in a daemon thread and the caller waits for it; on time-out ``stop``
    is set (the work checks it between result rows) and the thread is abandoned (see the
    module docstring). An exception of the work is raised here."""
    if not seconds:
        return work(threading.Event())
    stop = threading.Event()
    outcome: list = []

    def target() -> None:
        try:
            outcome.append((True, work(stop)))
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting caller
            outcome.append((False, exc))

    worker = threading.Thread(target=target, name="kgtool-oxigraph-query", daemon=True)
    worker.start()
    worker.join(seconds)
    if not outcome:
        stop.set()
        raise over_time(seconds)
    ok, value = outcome[0]
    if not ok:
        raise value
    return value
