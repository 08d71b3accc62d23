"""An offline interactive explorer of a network view: one self-contained HTML file (issues
#6 and #18).

The page draws one view of :mod:`kgtool.views.network` with Cytoscape.js and its fcose force
layout (vendored from npm in ``kgtool/views/assets/``, see ``VENDORED.md``): nodes coloured by class
and sized by degree, edges coloured by role (lead / responsible / cooperating) with a legend,
short labels that never pile up (a label is drawn only where it overlaps no label already
drawn, biggest nodes first, at a constant screen size; the hovered or selected node, its
neighbours and the search matches always show theirs), a zh/en toggle, a search box, filters
by document, class and jurisdiction, a "focus" button that keeps the selected node's
neighbourhood, and a side panel with a node's properties, neighbours and the source quotes
(``kgt:quote``, with the stating document's 文号) of the facts it takes part in.

Computed in Python and embedded as JSON: the starting positions (Fruchterman–Reingold with a
fixed seed, which fcose then refines without randomising, so the same graph gives the same
picture), the quotes and the filter memberships. The page inlines the libraries (each with
its MIT licence text), its own JavaScript and CSS, loads no font, image or script from
anywhere, and forbids every request with a Content-Security-Policy, so it works offline.
The ``full`` view leaves the ontology terms out unless ``include_ontology``.

A fact "takes part" for a node when the node is the fact itself, is linked to it by one
triple in either direction (other than ``rdf:type``), or is reached through one blank node
or :class:`kgt:TaskAssignment` (task → assignment → agency).
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, RDFS, SKOS

from kgtool.errors import KgtoolError
from kgtool.fsutil import write_text_atomic
from kgtool.rdf.graph import KnowledgeGraph
from kgtool.rdf.namespaces import KGT
from kgtool.views.layout import layout_positions
from kgtool.views.network import VIEWS, build_view, check_choice, curie

__all__ = ["write_explorer", "explorer_data", "render_html", "layout_positions", "ASSETS_DIR",
           "MAX_QUOTES_PER_NODE", "ROLE_COLOURS", "LIBRARIES"]

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
MAX_QUOTES_PER_NODE = 200
# the vendored libraries in load order, each with its licence file (kgtool/views/assets/VENDORED.md)
LIBRARIES = (("cytoscape.min.js", "LICENSE-cytoscape.txt"),
             ("layout-base.js", "LICENSE-layout-base.txt"),
             ("cose-base.js", "LICENSE-cose-base.txt"),
             ("cytoscape-fcose.js", "LICENSE-cytoscape-fcose.txt"))
ROLE_COLOURS = {"lead": "#c0392b", "responsible": "#e67e22", "cooperating": "#2e86c1"}
ROLE_LABELS = {"lead": ("牵头", "lead"), "responsible": ("负责", "responsible"),
               "cooperating": ("配合", "cooperating")}
_PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
            "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#d62728", "#2ca02c", "#9467bd",
            "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#aec7e8")
_PREFIXES = """PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
FACTS_QUERY = _PREFIXES + """
SELECT ?fact (MIN(?q) AS ?quote) (MIN(?qs) AS ?quote_simplified) (SAMPLE(?d) AS ?doc)
       (MIN(?dn) AS ?doc_number) (MIN(?dz) AS ?doc_zh) (MIN(?de) AS ?doc_en)
       (SAMPLE(?j) AS ?jurisdiction) (MIN(?jz) AS ?jur_zh) (MIN(?je) AS ?jur_en)
       (MIN(?fz) AS ?label_zh) (MIN(?fe) AS ?label_en)
WHERE {
  ?fact kgt:quote ?q .
  OPTIONAL { ?fact kgt:quoteSimplified ?qs }
  OPTIONAL { ?fact rdfs:label ?fz FILTER(langMatches(lang(?fz), "zh")) }
  OPTIONAL { ?fact rdfs:label ?fe FILTER(langMatches(lang(?fe), "en")) }
  OPTIONAL { ?fact kgt:statedIn ?d .
    OPTIONAL { ?d kgt:docNumber ?dn }
    OPTIONAL { ?d rdfs:label ?dz FILTER(langMatches(lang(?dz), "zh")) }
    OPTIONAL { ?d rdfs:label ?de FILTER(langMatches(lang(?de), "en")) } }
  OPTIONAL { ?fact kgt:jurisdiction ?j .
    OPTIONAL { ?j rdfs:label|skos:prefLabel ?jz FILTER(langMatches(lang(?jz), "zh")) }
    OPTIONAL { ?j rdfs:label|skos:prefLabel ?je FILTER(langMatches(lang(?je), "en")) } }
}
GROUP BY ?fact
ORDER BY ?fact
"""
LINKS_QUERY = _PREFIXES + """
SELECT DISTINCT ?fact ?node
WHERE {
  ?fact kgt:quote ?q .
  { ?fact ?p ?node FILTER(?p != rdf:type && !isLiteral(?node)) }
  UNION { ?node ?p ?fact FILTER(?p != rdf:type) }
  UNION { ?fact ?p ?mid . ?mid ?r ?node
          FILTER(isBlank(?mid) && ?r != rdf:type && !isLiteral(?node)) }
  UNION { ?fact ?p ?mid . ?mid a kgt:TaskAssignment ; ?r ?node
          FILTER(?r != rdf:type && !isLiteral(?node) && ?node != ?fact) }
}
ORDER BY ?fact ?node
"""


def _facts_and_links(source) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    """Fact rows (the columns of :data:`FACTS_QUERY`) and (fact, node) links.

    A :class:`KnowledgeGraph` is walked in Python (fast); any other store answers
    :data:`FACTS_QUERY` and :data:`LINKS_QUERY`. Both give the same result.
    """
    if isinstance(source, KnowledgeGraph):
        return _facts_from_graph(source.full())
    if not hasattr(source, "select"):
        raise KgtoolError(f"cannot build an explorer from {type(source).__name__}; "
                          f"pass a KnowledgeGraph or a Store")
    facts = _text_records(source.select(FACTS_QUERY, timeout=120))
    links = [(r["fact"], r["node"]) for r in
             _text_records(source.select(LINKS_QUERY, timeout=120))]
    return facts, links


def _node_text(term) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _min_label(graph: Graph, subject, lang: str, preds=(RDFS.label,)) -> str:
    values = [str(o) for p in preds for o in graph.objects(subject, p)
              if isinstance(o, Literal) and o.language
              and (o.language.lower() == lang or o.language.lower().startswith(lang + "-"))]
    return min(values) if values else ""


def _facts_from_graph(graph: Graph) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    facts, links = [], set()
    for fact in sorted({s for s in graph.subjects(KGT.quote, None)}, key=_node_text):
        row = {"fact": _node_text(fact)}
        quotes = sorted(str(o) for o in graph.objects(fact, KGT.quote))
        simple = sorted(str(o) for o in graph.objects(fact, KGT.quoteSimplified))
        docs = sorted(graph.objects(fact, KGT.statedIn), key=str)
        jurs = sorted(graph.objects(fact, KGT.jurisdiction), key=str)
        numbers = sorted(str(o) for d in docs for o in graph.objects(d, KGT.docNumber))
        row.update(quote=quotes[0], quote_simplified=simple[0] if simple else "",
                   doc=_node_text(docs[0]) if docs else "", doc_number=numbers[0] if numbers else "",
                   doc_zh=min((_min_label(graph, d, "zh") for d in docs), default=""),
                   doc_en=min((_min_label(graph, d, "en") for d in docs), default=""),
                   jurisdiction=_node_text(jurs[0]) if jurs else "",
                   jur_zh=min((_min_label(graph, j, "zh", (RDFS.label, SKOS.prefLabel))
                               for j in jurs), default=""),
                   jur_en=min((_min_label(graph, j, "en", (RDFS.label, SKOS.prefLabel))
                               for j in jurs), default=""),
                   label_zh=_min_label(graph, fact, "zh"), label_en=_min_label(graph, fact, "en"))
        facts.append(row)
        fid = row["fact"]
        for p, o in graph.predicate_objects(fact):
            if p == RDF.type or isinstance(o, Literal):
                continue
            links.add((fid, _node_text(o)))
            if isinstance(o, BNode) or (o, RDF.type, KGT.TaskAssignment) in graph:
                for r, o2 in graph.predicate_objects(o):
                    if r != RDF.type and not isinstance(o2, Literal) and o2 != fact:
                        links.add((fid, _node_text(o2)))
        for s2, p in graph.subject_predicates(fact):
            if p != RDF.type:
                links.add((fid, _node_text(s2)))
    return facts, sorted(links)


def _text(value) -> str:
    return "" if value is None else str(value)


def _text_records(table) -> list[dict[str, str]]:
    """Rows as dicts of plain text (blank nodes as ``_:id``, like the view's node ids)."""
    return [dict(zip(table.columns, row)) for row in table.text_rows()]


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _colours(classes: list[str]) -> dict[str, str]:
    return {c: _PALETTE[i % len(_PALETTE)] for i, c in enumerate(classes)}


def explorer_data(source, view: str = "full", *, graph: nx.MultiDiGraph | None = None,
                  include_ontology: bool = False) -> dict:
    """The JSON the explorer page embeds: nodes with positions, edges, facts and filters.

    :param source: a :class:`~kgtool.rdf.graph.KnowledgeGraph` or a store (for the quotes).
    :param view: one of :data:`kgtool.views.network.VIEWS`.
    :param graph: the already built view (default: :func:`build_view` of ``source``).
    :param include_ontology: ``full`` view: keep the ontology terms.
    :returns: a dict with ``view``, ``nodes``, ``edges``, ``facts``, ``classes``, ``roles``
        (the edge roles present, with colours), ``documents`` and ``jurisdictions``.
    :raises KgtoolError: on an unknown view; :class:`~kgtool.errors.QueryError` when a
        query fails.

    >>> data = explorer_data(KnowledgeGraph(), "citations")
    >>> (len(data["nodes"]), len(data["facts"]))
    (0, 0)
    """
    check_choice(view, VIEWS, "view")
    g = graph if graph is not None else build_view(source, view,
                                                   include_ontology=include_ontology)
    fact_rows, link_rows = _facts_and_links(source)
    facts: list[dict] = []
    fact_index: dict[str, int] = {}
    documents: dict[str, dict] = {}
    jurisdictions: dict[str, dict] = {}
    for row in fact_rows:
        fid = _text(row["fact"])
        doc, jur = _text(row.get("doc")), _text(row.get("jurisdiction"))
        if doc:
            documents.setdefault(doc, {"id": doc, "number": _text(row.get("doc_number")),
                                       "zh": _text(row.get("doc_zh")),
                                       "en": _text(row.get("doc_en"))})
        if jur:
            jurisdictions.setdefault(jur, {"id": jur, "zh": _text(row.get("jur_zh")),
                                           "en": _text(row.get("jur_en"))})
        fact_index[fid] = len(facts)
        facts.append({"id": fid, "quote": _text(row.get("quote")),
                      "simplified": _text(row.get("quote_simplified")),
                      "doc": doc, "doc_number": _text(row.get("doc_number")), "jur": jur,
                      "zh": _text(row.get("label_zh")), "en": _text(row.get("label_en"))})
    linked: dict[str, set[int]] = {}
    for fid, i in fact_index.items():
        linked.setdefault(fid, set()).add(i)
    for fid, node_id in link_rows:
        if fid in fact_index and node_id in g:
            linked.setdefault(node_id, set()).add(fact_index[fid])

    class_count: dict[str, int] = {}
    for _, d in g.nodes(data=True):
        cls = d.get("class") or ""
        class_count[cls] = class_count.get(cls, 0) + 1
    classes = sorted(class_count, key=lambda c: (-class_count[c], c))
    colours = _colours(classes)
    pos = layout_positions(g)
    index = {node: i for i, node in enumerate(sorted(g.nodes, key=str))}
    nodes = []
    for node in sorted(g.nodes, key=str):
        d = g.nodes[node]
        fact_ids = sorted(linked.get(node, ()), key=lambda i: (facts[i]["doc_number"],
                                                               facts[i]["id"]))
        docs = sorted({facts[i]["doc"] for i in fact_ids if facts[i]["doc"]}
                      | ({node} if node in documents else set()))
        jurs = sorted({facts[i]["jur"] for i in fact_ids if facts[i]["jur"]}
                      | ({node} if node in jurisdictions else set()))
        props = {k: _jsonable(v) for k, v in sorted(d.items())
                 if k not in ("label", "label_zh", "label_en", "short_zh", "short_en", "class",
                              "degree")}
        x, y = pos.get(node, (0.0, 0.0))
        nodes.append({"id": node, "curie": curie(node), "zh": d.get("label_zh") or "",
                      "en": d.get("label_en") or "", "szh": d.get("short_zh") or "",
                      "sen": d.get("short_en") or "", "cls": d.get("class") or "",
                      "deg": int(d.get("degree", 0)), "x": x, "y": y, "props": props,
                      "facts": fact_ids[:MAX_QUOTES_PER_NODE], "nfacts": len(fact_ids),
                      "docs": docs, "jurs": jurs})
    edges = []
    role_count: dict[str, int] = {}
    for u, v, d in sorted(g.edges(data=True), key=lambda e: (str(e[0]), str(e[1]),
                                                             str(e[2].get("relation")))):
        attrs = {k: _jsonable(val) for k, val in sorted(d.items()) if k != "relation"}
        rel = str(d.get("relation", ""))
        role = str(d.get("role") or rel)
        edge = {"s": index[u], "t": index[v], "rel": rel, "attrs": attrs}
        if role in ROLE_COLOURS:
            edge["role"] = role
            role_count[role] = role_count.get(role, 0) + 1
        edges.append(edge)
    # keep only the facts some node shows, renumbered in order
    keep = sorted({i for n in nodes for i in n["facts"]})
    renumber = {old: new for new, old in enumerate(keep)}
    for n in nodes:
        n["facts"] = [renumber[i] for i in n["facts"]]
    facts = [facts[i] for i in keep]
    used_docs = sorted({doc for n in nodes for doc in n["docs"]})
    used_jurs = sorted({j for n in nodes for j in n["jurs"]})
    return {"view": view, "nodes": nodes, "edges": edges, "facts": facts,
            "classes": [{"id": c, "colour": colours[c], "count": class_count[c]}
                        for c in classes],
            "roles": [{"id": r, "zh": ROLE_LABELS[r][0], "en": ROLE_LABELS[r][1],
                       "colour": ROLE_COLOURS[r], "count": role_count[r]}
                      for r in ROLE_COLOURS if r in role_count],
            "documents": [documents[x] for x in used_docs if x in documents],
            "jurisdictions": [jurisdictions[x] for x in used_jurs if x in jurisdictions]}


def _asset(name: str) -> str:
    path = ASSETS_DIR / name
    if not path.is_file():
        raise KgtoolError(f"kgtool asset {path} is missing; reinstall kgtool")
    return path.read_text(encoding="utf-8")


def _script_json(data: dict) -> str:
    """JSON safe inside a ``<script>`` element (no ``</`` or ``<!--``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _library(name: str, licence: str) -> str:
    """A vendored library preceded by its licence text as a comment (MIT asks for it)."""
    notice = _asset(licence).replace("*/", "* /")
    return f"/*!\n{notice}\n*/\n{_asset(name)}"


CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data: blob:; connect-src 'none'; font-src 'none'; form-action 'none'; "
       "base-uri 'none'; worker-src 'none'; frame-src 'none'")


def render_html(data: dict, *, title: str | None = None) -> str:
    """The self-contained page for ``data`` from :func:`explorer_data`.

    The page is ``kgtool/views/assets/explorer.html`` with the title, the counts, the CSS, the data
    and the scripts (the vendored libraries, then ``explorer.js``) filled in.

    :param data: the explorer data.
    :param title: the page title (default: "kgtool explorer — <view>").
    :returns: the HTML text (scripts and styles inline; no external resource).

    >>> page = render_html({"view": "x", "nodes": [], "edges": [], "facts": [],
    ...                     "classes": [], "roles": [], "documents": [], "jurisdictions": []})
    >>> "<script src" in page, 'id="node-count">0<' in page
    (False, True)
    """
    title = title or f"kgtool explorer — {data.get('view', '')}"
    scripts = "\n".join(f"<script>\n{_library(name, licence)}\n</script>"
                        for name, licence in LIBRARIES)
    values = {"csp": html.escape(CSP, quote=False), "title": html.escape(title),
              "nodes": str(len(data["nodes"])), "edges": str(len(data["edges"])),
              "css": _asset("explorer.css"), "data": _script_json(data),
              "libraries": scripts, "script": _asset("explorer.js")}
    # one pass over the template only: text filled in is never scanned again
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], _asset("explorer.html"))


def write_explorer(source, view: str, out: Path, *, title: str | None = None,
                   include_ontology: bool = False) -> Path:
    """Write the interactive explorer of view ``view`` of ``source`` to one HTML file.

    :param source: a :class:`~kgtool.rdf.graph.KnowledgeGraph` or a store.
    :param view: one of :data:`kgtool.views.network.VIEWS`.
    :param out: the HTML file to (over)write, atomically.
    :param title: the page title.
    :param include_ontology: ``full`` view: keep the ontology terms.
    :returns: ``out``.
    :raises KgtoolError: on an unknown view (before any work) or a missing asset.

    >>> import tempfile
    >>> p = write_explorer(KnowledgeGraph(), "citations", Path(tempfile.mkdtemp()) / "x.html")
    >>> p.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    check_choice(view, VIEWS, "view")
    page = render_html(explorer_data(source, view, include_ontology=include_ontology),
                       title=title)
    return write_text_atomic(Path(out), page)
