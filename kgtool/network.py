"""Network views of the graph for Gephi, Cytoscape and Graphviz (``kgtool export --view``).

A view is a :class:`networkx.MultiDiGraph`. Every view except ``full`` is defined by a SELECT
query ``queries/view-<name>.rq`` returning one row per edge with the columns ``source``,
``source_label_zh``, ``source_label_en``, ``source_class``, ``target``, ``target_label_zh``,
``target_label_en``, ``target_class``, ``relation``, ``weight``; further ``source_<x>`` /
``target_<x>`` columns become node attributes ``<x>``, and any other column an edge
attribute. Being SPARQL, the views run on any :class:`kgtool.store.Store` (embedded rdflib or
a remote endpoint). The ``full`` view turns every triple whose object is an IRI or blank node
into an edge (relation = predicate CURIE) and literals into node attributes (``label_zh`` /
``label_en`` from ``rdfs:label``, the others under their predicate CURIE); its ``class`` is
the most specific ``rdf:type``, first by CURIE.

Every node carries ``label_zh``, ``label_en``, ``label`` (English, else Chinese, else the
CURIE), ``class`` (CURIE) and ``degree``; every edge ``relation`` and ``weight``.
Files are written as GraphML, GEXF, Cytoscape.js JSON or DOT, always through
:func:`kgtool.fsutil.atomic_write`, so a failed write keeps the previous file.
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from .errors import KgtoolError
from .fsutil import atomic_write
from .graph import KnowledgeGraph
from .namespaces import PREFIXES
from .queries import builtin_queries_dir, get_named_query, run_query
from .results import ResultTable, term_to_python

__all__ = ["VIEWS", "NETWORK_FORMATS", "build_view", "write_network", "export_view",
           "view_from_table", "curie", "VIEW_QUERIES_DIR"]

VIEWS = ("full", "agency-task", "citations", "funding", "targets")
NETWORK_FORMATS = ("graphml", "gexf", "cyjs", "dot")
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
    """A GraphML-safe Python value (str, int or float) of a term, or None."""
    value = term_to_python(term)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _finish(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Fill ``label``/``degree`` on every node and a default ``weight`` on every edge."""
    for node, data in g.nodes(data=True):
        data.setdefault("label_zh", "")
        data.setdefault("label_en", "")
        data.setdefault("class", "")
        data["label"] = data["label_en"] or data["label_zh"] or curie(node)
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
    for row in table.rows:
        rec = dict(zip(table.columns, row))
        if rec["source"] is None or rec["target"] is None:
            continue
        ends = {}
        for end in ("source", "target"):
            node = _node_id(rec[end])
            ends[end] = node
            attrs = g.nodes[node] if node in g else {}
            for col, term in rec.items():
                if not col.startswith(end + "_"):
                    continue
                key = col[len(end) + 1:]
                value = _value(term)
                if key == "class" and value is not None:
                    value = curie(value)
                if value is not None and not attrs.get(key):
                    attrs[key] = value
            g.add_node(node, **attrs)
        edge = {"relation": _value(rec["relation"]) or "related"}
        for col, term in rec.items():
            if col in _EDGE_FIXED or col.startswith(("source_", "target_")):
                continue
            value = _value(term)
            if value is not None:
                edge[col] = value
        weight = _value(rec.get("weight"))
        edge["weight"] = weight if isinstance(weight, (int, float)) else 1
        g.add_edge(ends["source"], ends["target"], **edge)
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
    """The same from an :class:`~kgtool.oxistore.OxigraphStore`, read as pyoxigraph terms
    (no rdflib term per triple): the union as a set, literals in their original form."""
    import pyoxigraph as ox

    from .oxistore import _key

    store.ensure_union()
    restore = store.restore

    def node(term) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value

    def statements():
        for r in store.raw_query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"):
            s, p, o = r[0], r[1], r[2]
            if isinstance(o, ox.Literal):
                original = restore.get(_key(o)) if restore else None
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
        from .store import RdflibStore

        return RdflibStore(source)
    if hasattr(source, "select"):
        return source
    raise KgtoolError(f"cannot build a network view from {type(source).__name__}; "
                      f"pass a KnowledgeGraph or a Store")


def _check_choice(value: str, choices: Iterable[str], what: str) -> None:
    choices = tuple(choices)
    if value not in choices:
        raise KgtoolError(f"unknown {what} {value!r}; choose one of {', '.join(choices)}")


def build_view(source, view: str, *, queries_dir: Path | None = None,
               timeout: float | None = 120.0) -> nx.MultiDiGraph:
    """Build the network view ``view`` of ``source``.

    :param source: a :class:`~kgtool.graph.KnowledgeGraph` or any store with ``select``
        (and ``construct`` for the ``full`` view).
    :param view: one of :data:`VIEWS`.
    :param queries_dir: where the ``view-*.rq`` files are (default: kgtool's ``queries/``).
    :param timeout: time limit of each query in seconds.
    :returns: a MultiDiGraph; nodes carry ``label_zh``, ``label_en``, ``label``, ``class``,
        ``degree``; edges carry ``relation``, ``weight`` and the view's attributes.
    :raises KgtoolError: on an unknown view; :class:`~kgtool.errors.QueryError` when a query fails.

    >>> kg = KnowledgeGraph()
    >>> build_view(kg, "citations").number_of_edges()
    0
    """
    _check_choice(view, VIEWS, "view")
    if view == "full":
        if isinstance(source, KnowledgeGraph):
            return _full_view(*_graph_statements(source.full()))
        store = _store_of(source)
        if hasattr(store, "ensure_union"):  # Oxigraph: straight from its terms
            return _full_view(*_oxigraph_statements(store))
        return _full_view(*_graph_statements(store.construct(FULL_CONSTRUCT, timeout=timeout)))
    store = _store_of(source)
    query = get_named_query(Path(queries_dir or VIEW_QUERIES_DIR), f"view-{view}")
    return view_from_table(run_query(store, query, timeout=timeout), name=view)


# ------------------------------------------------------------------------------- writers
def _harmonised(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are str/int/float with one type per attribute name.

    An attribute that is an int on some items and a float on others becomes float; one
    that mixes numbers and text becomes text. Missing values stay missing.
    """
    h = g.copy()

    def unify(items: list[dict]) -> None:
        kinds: dict[str, set[type]] = {}
        for data in items:
            for k, v in list(data.items()):
                if v is None:
                    del data[k]
                    continue
                if not isinstance(v, (str, int, float)) or isinstance(v, bool):
                    v = data[k] = str(v)
                kinds.setdefault(k, set()).add(type(v))
        for k, types in kinds.items():
            if len(types) < 2:
                continue
            cast = str if str in types else float
            for data in items:
                if k in data:
                    data[k] = cast(data[k])

    unify([d for _, d in h.nodes(data=True)])
    unify([d for _, _, d in h.edges(data=True)])
    return h


def _write_graphml(g: nx.MultiDiGraph, fh) -> None:
    nx.write_graphml(g, fh, encoding="utf-8", prettyprint=True)


def _write_gexf(g: nx.MultiDiGraph, fh) -> None:
    nx.write_gexf(g, fh, encoding="utf-8", prettyprint=True)


def _cyjs_data(g: nx.MultiDiGraph) -> dict:
    nodes = [{"data": {"id": n, "name": d.get("label", n), **d}} for n, d in g.nodes(data=True)]
    edges = []
    for i, (u, v, key, d) in enumerate(g.edges(keys=True, data=True)):
        edges.append({"data": {"id": f"e{i}", "source": u, "target": v,
                               "key": str(key), **d}})
    return {"data": {"name": g.graph.get("name", "")}, "directed": True, "multigraph": True,
            "elements": {"nodes": nodes, "edges": edges}}


def _write_cyjs(g: nx.MultiDiGraph, fh) -> None:
    json.dump(_cyjs_data(g), fh, ensure_ascii=False, indent=1)
    fh.write("\n")


def dot_quote(text: Any) -> str:
    r"""A DOT double-quoted string: backslash, quote and line breaks escaped.

    >>> print(dot_quote('市质监局 "QTS"\nline'))
    "市质监局 \"QTS\"\nline"
    """
    s = str(text).replace("\\", "\\\\").replace('"', '\\"')
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{s}"'


def _dot_attrs(attrs: dict) -> str:
    return ", ".join(f"{dot_quote(k)}={dot_quote(v)}" for k, v in attrs.items())


def _write_dot(g: nx.MultiDiGraph, fh) -> None:
    fh.write(f"// Generated by kgtool (view {g.graph.get('name', '')}); UTF-8.\n")
    fh.write(f"digraph {dot_quote(g.graph.get('name', 'kgtool'))} {{\n")
    fh.write('  graph [charset="UTF-8", rankdir="LR", overlap="false"];\n')
    fh.write('  node [shape="box", style="rounded", fontname="Noto Sans CJK SC"];\n')
    fh.write('  edge [fontname="Noto Sans CJK SC", fontsize="9"];\n')
    for n, d in g.nodes(data=True):
        label = "\n".join(x for x in (d.get("label_zh"), d.get("label_en")) if x) or curie(n)
        attrs = {"label": label, "tooltip": n}
        attrs.update({f"kg_{k}": v for k, v in d.items() if k != "label"})
        fh.write(f"  {dot_quote(n)} [{_dot_attrs(attrs)}];\n")
    for u, v, d in g.edges(data=True):
        attrs = {"label": d.get("relation", "")}
        attrs.update({f"kg_{k}": val for k, val in d.items()})
        fh.write(f"  {dot_quote(u)} -> {dot_quote(v)} [{_dot_attrs(attrs)}];\n")
    fh.write("}\n")


_WRITERS = {"graphml": (_write_graphml, "wb"), "gexf": (_write_gexf, "wb"),
            "cyjs": (_write_cyjs, "w"), "dot": (_write_dot, "w")}


def write_network(g: nx.MultiDiGraph, out: Path, *, fmt: str) -> Path:
    """Write ``g`` to ``out`` as GraphML, GEXF, Cytoscape.js JSON or DOT, atomically.

    :param g: a view from :func:`build_view`.
    :param out: the file to (over)write; a failed write leaves the previous file intact.
    :param fmt: one of :data:`NETWORK_FORMATS`.
    :returns: ``out``.
    :raises KgtoolError: on an unknown format.

    >>> import tempfile
    >>> g = nx.MultiDiGraph(name="demo")
    >>> _ = g.add_edge("a", "b", relation="cites", weight=1)
    >>> p = write_network(g, Path(tempfile.mkdtemp()) / "demo.dot", fmt="dot")
    >>> sum("->" in line for line in p.read_text(encoding="utf-8").splitlines())
    1
    """
    _check_choice(fmt, NETWORK_FORMATS, "network format")
    writer, mode = _WRITERS[fmt]
    h = _harmonised(g)
    out = Path(out)
    with atomic_write(out, mode) as fh:
        writer(h, fh)
    return out


def export_view(source, view: str, out: Path, *, fmt: str) -> Path:
    """Build view ``view`` of ``source`` and write it to ``out`` in ``fmt`` (the CLI's export).

    :param source: a :class:`~kgtool.graph.KnowledgeGraph` or a store.
    :param view: one of :data:`VIEWS`.
    :param out: output file.
    :param fmt: one of :data:`NETWORK_FORMATS`.
    :returns: ``out``.
    :raises KgtoolError: on an unknown view or format (checked before any work).
    """
    _check_choice(view, VIEWS, "view")
    _check_choice(fmt, NETWORK_FORMATS, "network format")
    return write_network(build_view(source, view), Path(out), fmt=fmt)
