"""Network views of the graph for Gephi, Cytoscape and Graphviz (``kgtool export --view``).

A view is a :class:`networkx.MultiDiGraph`. Every view except ``full`` is defined by a SELECT
query ``queries/view-<name>.rq`` returning one row per edge with the columns ``source``,
``source_label_zh``, ``source_label_en``, ``source_class``, ``target``, ``target_label_zh``,
``target_label_en``, ``target_class``, ``relation``, ``weight``; further ``source_<x>`` /
``target_<x>`` columns become node attributes ``<x>``, and any other column an edge
attribute. Being SPARQL, the views run on any :class:`kgtool.stores.base.Store` (embedded rdflib or
a remote endpoint). The ``full`` view turns every triple whose object is an IRI or blank node
into an edge (relation = predicate CURIE) and literals into node attributes (``label_zh`` /
``label_en`` from ``rdfs:label``, the others under their predicate CURIE); its ``class`` is
the most specific ``rdf:type``, first by CURIE.

The ``full`` view leaves out the ontology terms (classes, properties and the other
resources of the vocabularies: kgt:, owl:, rdfs:, skos:, schema:, … — every IRI outside the
data namespace ``https://w3id.org/kgtool/id/`` — and the blank nodes only they point at)
unless ``include_ontology=True``: the rdf:type edges to classes then leave too, while
``class`` stays a node attribute.

Every node carries ``label_zh`` and ``label_en`` (the full labels, titles included),
``short_zh`` and ``short_en`` (a document's 文号 when it has one, otherwise the label cut to
:data:`SHORT_ZH` characters or :data:`SHORT_EN` characters at a word boundary, with "…"),
``label`` (``short_zh``, else ``short_en``, else the CURIE: what Gephi, Cytoscape and yEd
show), ``class`` (CURIE) and ``degree``; every edge ``relation`` and ``weight`` (a count,
never an amount). The files are written by :mod:`kgtool.views.network_formats`.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kgtool.bilingual import Bilingual
from kgtool.errors import KgtoolError
from kgtool.rdf.graph import KnowledgeGraph
from kgtool.rdf.namespaces import KG, PREFIXES
from kgtool.views.network_formats import NETWORK_FORMATS, dot_quote, write_network
from kgtool.querying.named import builtin_queries_dir, get_named_query, run_query
from kgtool.querying.results import ResultTable, term_to_python

__all__ = ["VIEWS", "NETWORK_FORMATS", "build_view", "write_network", "export_view",
           "view_from_table", "curie", "short_label", "is_ontology_term", "VIEW_QUERIES_DIR",
           "SHORT_ZH", "SHORT_EN", "dot_quote", "check_choice"]

VIEWS = ("full", "agency-task", "citations", "funding", "targets")
SHORT_ZH = 14
SHORT_EN = 32
VIEW_QUERIES_DIR = builtin_queries_dir()
FULL_CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
_EDGE_FIXED = ("source", "target", "relation", "weight")
_NAMESPACES = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()),
                     key=lambda item: -len(item[0]))


def curie(iri: str | URIRef) -> str:
    """The CURIE of ``iri`` with the project prefixes, or the IRI itself.

    >>> curie("https://w3id.org/kgtool/ontology#Task")
    'kgt:Task'
    >>> curie("http://example.org/x")
    'http://example.org/x'
    """
    text = str(iri)
    for ns, prefix in _NAMESPACES:
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


def _node_id(term: Any) -> str:
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _value(term: Any) -> Any:
    """A GraphML-safe Python value (str, int, float or bool) of a term, or None."""
    value = term_to_python(term)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def short_label(text: str, lang: str) -> str:
    """``text`` cut to :data:`SHORT_ZH` characters (zh) or :data:`SHORT_EN` characters at a
    word boundary (en), with "…" when cut.

    >>> short_label("重庆市人民政府办公厅关于印发重庆市标准化体系建设发展规划的通知", "zh")
    '重庆市人民政府办公厅关于印…'
    >>> short_label("Notice of the General Office of the State Council on issuing", "en")
    'Notice of the General Office of…'
    >>> short_label("国务院", "zh")
    '国务院'
    """
    limit = SHORT_ZH if lang == "zh" else SHORT_EN
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if lang != "zh" and " " in cut and text[limit - 1] != " ":
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:、，") + "…"


def _finish(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Fill the labels and ``degree`` on every node and a default ``weight`` on every edge."""
    for node, data in g.nodes(data=True):
        data.setdefault("label_zh", "")
        data.setdefault("label_en", "")
        data.setdefault("class", "")
        number = data.get("doc_number") or data.get("kgt:docNumber")
        data["short_zh"] = str(number or short_label(data["label_zh"], "zh"))
        data["short_en"] = str(number or short_label(data["label_en"], "en"))
        data["label"] = data["short_zh"] or data["short_en"] or curie(node)
        data["degree"] = int(g.degree(node))
    for _, _, data in g.edges(data=True):
        if data.get("weight") is None:
            data["weight"] = 1
    return g


def view_from_table(table: ResultTable, *, name: str = "view") -> nx.MultiDiGraph:
    """Build a view from the rows of a view query (see the module docstring for columns).

    :param table: the SELECT result.
    :param name: stored as the graph attribute ``name``.
    :returns: the network.
    :raises KgtoolError: when a fixed column is missing.
    """
    missing = [c for c in ("source", "target", "relation") if c not in table.columns]
    if missing:
        raise KgtoolError(f"view query {name!r} lacks column(s) {', '.join(missing)}")
    g = nx.MultiDiGraph(name=name)
    cols = list(table.columns)
    at = {c: i for i, c in enumerate(cols)}
    # the columns of each end's node attributes, and of the edge's, found once
    ends = [(at[end], [(i, c[len(end) + 1:]) for i, c in enumerate(cols)
                       if c.startswith(end + "_")]) for end in ("source", "target")]
    edge_cols = [(i, c) for i, c in enumerate(cols)
                 if c not in _EDGE_FIXED and not c.startswith(("source_", "target_"))]
    relation_at, weight_at = at["relation"], at.get("weight")
    memo: dict = {}  # term -> _value(term): labels and classes repeat over many rows

    def value_of(term):
        if term is None:
            return None
        try:
            return memo[term]
        except KeyError:
            out = memo[term] = _value(term)
            return out

    nodes = g.nodes
    for row in table.rows:
        if row[ends[0][0]] is None or row[ends[1][0]] is None:
            continue
        ids = []
        for end_at, attr_cols in ends:
            node = _node_id(row[end_at])
            ids.append(node)
            if node not in g:
                g.add_node(node)
            attrs = nodes[node]
            for i, key in attr_cols:
                value = value_of(row[i])
                if key == "class" and value is not None:
                    value = curie(value)
                if value is not None and not attrs.get(key):
                    attrs[key] = value
        edge = {"relation": value_of(row[relation_at]) or "related"}
        for i, col in edge_cols:
            value = value_of(row[i])
            if value is not None:
                edge[col] = value
        weight = value_of(row[weight_at]) if weight_at is not None else None
        edge["weight"] = weight if isinstance(weight, (int, float)) else 1
        g.add_edge(ids[0], ids[1], **edge)
    return _finish(g)


def _graph_statements(graph: Graph):
    """The ``full`` view's input from an rdflib graph: (subject id, predicate IRI, object id
    or None, (literal text, language) or None), and the (sub, super) class IRI pairs."""
    def statements():
        for s, p, o in graph:
            if isinstance(o, Literal):
                yield _node_id(s), str(p), None, (str(o), o.language)
            else:
                yield _node_id(s), str(p), _node_id(o), None

    pairs = {(str(a), str(b)) for a, b in graph.subject_objects(RDFS.subClassOf)}
    return statements(), pairs


def _oxigraph_statements(store):
    """The same from an :class:`~kgtool.stores.oxigraph.OxigraphStore`, read as pyoxigraph terms
    (no rdflib term per triple): the union as a set, literals in their original form."""
    import pyoxigraph as ox

    from kgtool.stores.oxigraph import term_key

    store.ensure_union()
    restore = store.restore

    def node(term) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value

    def statements():
        for r in store.raw_query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"):
            s, p, o = r[0], r[1], r[2]
            if isinstance(o, ox.Literal):
                original = restore.get(term_key(o)) if restore else None
                text = str(original) if original is not None else o.value
                yield node(s), p.value, None, (text, o.language)
            else:
                yield node(s), p.value, node(o), None

    rows = store.raw_query(f"SELECT ?a ?b WHERE {{ ?a <{RDFS.subClassOf}> ?b }}")
    pairs = {(r[0].value, r[1].value) for r in rows}
    return statements(), pairs


def _full_view(statements, subclass_pairs: set[tuple[str, str]]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name="full")
    labels: dict[str, dict[str, list[str]]] = {}
    literals: dict[str, dict[str, set[str]]] = {}
    classes: dict[str, list[str]] = {}
    curies: dict[str, str] = {}
    label_iri, type_iri = str(RDFS.label), str(RDF.type)
    for sid, p, oid, literal in statements:
        if sid not in g:
            g.add_node(sid)
        if literal is not None:
            text, lang = literal
            if p == label_iri and lang:
                lang = lang.lower()
                key = "label_zh" if lang.startswith("zh") else "label_en" if lang.startswith("en") else None
                if key:
                    # plain zh before zh-Hant, then lexical order: deterministic
                    labels.setdefault(sid, {}).setdefault(key, []).append(
                        (0 if lang in ("zh", "en") else 1, text))
                    continue
            pc = curies.get(p) or curies.setdefault(p, curie(p))
            literals.setdefault(sid, {}).setdefault(pc, set()).add(text)
            continue
        if p == type_iri and not oid.startswith("_:"):
            classes.setdefault(sid, []).append(oid)
        pc = curies.get(p) or curies.setdefault(p, curie(p))
        g.add_edge(sid, oid, key=pc, relation=pc, weight=1)
    for node, data in g.nodes(data=True):
        for key, values in labels.get(node, {}).items():
            data[key] = sorted(values)[0][1]
        for key, values in literals.get(node, {}).items():
            if key not in ("label_zh", "label_en", "class", "label", "degree"):
                data[key] = " | ".join(sorted(values))
        if node in classes:
            data["class"] = _most_specific(subclass_pairs, classes[node])
    return _finish(g)


def is_ontology_term(node: str) -> bool:
    """True for an IRI outside the data namespace (a class, property or other vocabulary
    resource); blank nodes are judged by what points at them (see :func:`without_ontology`).

    >>> is_ontology_term("https://w3id.org/kgtool/ontology#Task"), is_ontology_term(
    ...     "https://w3id.org/kgtool/id/org/cq-qts"), is_ontology_term("_:b0")
    (True, False, False)
    """
    return not node.startswith("_:") and not node.startswith(str(KG))


def without_ontology(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``g`` without its ontology terms and the blank nodes reached only from them (an OWL
    axiom's lists and restrictions); degrees are recomputed.
    """
    kept = {n for n in g if not n.startswith("_:") and not is_ontology_term(n)}
    todo = list(kept)
    while todo:  # blank nodes hanging off data nodes (amounts, intervals, …)
        for m in g.successors(todo.pop()):
            if m.startswith("_:") and m not in kept:
                kept.add(m)
                todo.append(m)
    h = g.subgraph(kept).copy()
    for node, data in h.nodes(data=True):
        data["degree"] = int(h.degree(node))
    return h


def _most_specific(subclass_pairs: set[tuple[str, str]], types: list[str]) -> str:
    """The first (sorted) CURIE among ``types`` that has no subclass among ``types``.

    With only asserted types this is simply the first sorted type; after reasoning it keeps
    ``kgt:Task`` rather than its superclass ``kgt:Measure``.
    """
    types = sorted(set(types), key=curie)
    specific = [t for t in types
                if not any(u != t and (u, t) in subclass_pairs for u in types)]
    return curie((specific or types)[0])


def _store_of(source):
    if isinstance(source, KnowledgeGraph):
        from kgtool.stores.base import RdflibStore

        return RdflibStore(source)
    if hasattr(source, "select"):
        return source
    raise KgtoolError(f"cannot build a network view from {type(source).__name__}; "
                      f"pass a KnowledgeGraph or a Store")


#: the things :func:`check_choice` names, in Chinese
_CHOICE_ZH = {"view": "视图", "network format": "网络格式", "RDF format": "RDF 格式", "graph": "图"}


def check_choice(value: str, choices: Iterable[str], what: str) -> None:
    """Refuse a ``value`` (a ``what``: view, network format …) that is not one of ``choices``.

    :raises KgtoolError: naming the choices.
    """
    choices = tuple(choices)
    if value not in choices:
        known = ", ".join(choices)
        raise KgtoolError(Bilingual(f"unknown {what} {value!r}; choose one of {known}",
                                    f"未知的{_CHOICE_ZH.get(what, what)} {value!r}；可选：{known}"))


def build_view(source, view: str, *, queries_dir: Path | None = None,
               timeout: float | None = 120.0, include_ontology: bool = False) -> nx.MultiDiGraph:
    """Build the network view ``view`` of ``source``.

    :param source: a :class:`~kgtool.rdf.graph.KnowledgeGraph` or any store with ``select``
        (and ``construct`` for the ``full`` view).
    :param view: one of :data:`VIEWS`.
    :param queries_dir: where the ``view-*.rq`` files are (default: kgtool's ``queries/``).
    :param timeout: time limit of each query in seconds.
    :param include_ontology: ``full`` view: keep the ontology terms (see the module docstring).
    :returns: a MultiDiGraph; nodes carry ``label_zh``, ``label_en``, ``label``, ``class``,
        ``degree``; edges carry ``relation``, ``weight`` and the view's attributes.
    :raises KgtoolError: on an unknown view; :class:`~kgtool.errors.QueryError` when a query fails.

    >>> kg = KnowledgeGraph()
    >>> build_view(kg, "citations").number_of_edges()
    0
    """
    check_choice(view, VIEWS, "view")
    if view == "full":
        if isinstance(source, KnowledgeGraph):
            g = _full_view(*_graph_statements(source.full()))
        else:
            store = _store_of(source)
            if hasattr(store, "ensure_union"):  # Oxigraph: straight from its terms
                g = _full_view(*_oxigraph_statements(store))
            else:
                g = _full_view(*_graph_statements(store.construct(FULL_CONSTRUCT,
                                                                  timeout=timeout)))
        return g if include_ontology else without_ontology(g)
    store = _store_of(source)
    query = get_named_query(Path(queries_dir or VIEW_QUERIES_DIR), f"view-{view}")
    return view_from_table(run_query(store, query, timeout=timeout), name=view)


def export_view(source, view: str, out: Path, *, fmt: str,
                include_ontology: bool = False) -> Path:
    """Build view ``view`` of ``source`` and write it to ``out`` in ``fmt`` (the CLI's export).

    :param source: a :class:`~kgtool.rdf.graph.KnowledgeGraph` or a store.
    :param view: one of :data:`VIEWS`.
    :param out: output file.
    :param fmt: one of :data:`NETWORK_FORMATS`.
    :param include_ontology: ``full`` view: keep the ontology terms.
    :returns: ``out``.
    :raises KgtoolError: on an unknown view or format (checked before any work).
    """
    check_choice(view, VIEWS, "view")
    check_choice(fmt, NETWORK_FORMATS, "network format")
    g = build_view(source, view, include_ontology=include_ontology)
    return write_network(g, Path(out), fmt=fmt)
