"""Network analysis of the views in :mod:`kgtool.views.network`: agency centrality, citation ranking.

:func:`agency_centrality` projects the agency-task network onto the agencies (two agencies
are linked when they are assigned the same task) and reports each agency's task counts by
role with its degree and betweenness centrality in that projection. :func:`citation_ranking`
ranks documents by how often they are cited. Both return a
:class:`~kgtool.querying.results.ResultTable`, so they render like query results (table, CSV, JSON).
"""
from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from itertools import combinations

import networkx as nx
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kgtool.views.network import build_view
from kgtool.querying.results import ResultTable

__all__ = ["agency_centrality", "citation_ranking", "ROLES"]

ROLES = ("lead", "responsible", "cooperating")
_PLACES = Decimal("0.0001")


def _decimal(x: float) -> Literal:
    """An ``xsd:decimal`` literal of ``x`` rounded to 4 places.

    >>> str(_decimal(1 / 3))
    '0.3333'
    """
    value = Decimal(repr(float(x))).quantize(_PLACES, rounding=ROUND_HALF_EVEN)
    return Literal(value, datatype=XSD.decimal)


def _integer(n: int) -> Literal:
    return Literal(int(n), datatype=XSD.integer)


def _term(node_id: str):
    return BNode(node_id[2:]) if node_id.startswith("_:") else URIRef(node_id)


def _text(value: str | None, lang: str | None = None) -> Literal | None:
    if not value:
        return None
    return Literal(value, lang=lang) if lang else Literal(value)


def agency_projection(tasks: nx.MultiDiGraph) -> nx.Graph:
    """The agencies of an agency-task view, linked when they share a task.

    Edge attribute ``weight`` counts the shared tasks.

    :param tasks: the ``agency-task`` view (agency → task edges).
    :returns: an undirected graph over the agencies (every agency, even one with no partner).
    """
    agencies = {u for u, _ in tasks.edges()}
    proj = nx.Graph()
    proj.add_nodes_from(sorted(agencies))
    for task in sorted({v for _, v in tasks.edges()}):
        members = sorted({u for u in tasks.predecessors(task)})
        for a, b in combinations(members, 2):
            w = proj.get_edge_data(a, b, {}).get("weight", 0)
            proj.add_edge(a, b, weight=w + 1)
    return proj


def agency_centrality(source) -> ResultTable:
    """Which agencies carry most tasks, in what roles, and how central are they?

    :param source: a :class:`~kgtool.rdf.graph.KnowledgeGraph` or any store (see
        :func:`kgtool.views.network.build_view`).
    :returns: columns ``agency``, ``label_zh``, ``label_en``, ``tasks`` (distinct tasks),
        ``lead``, ``responsible``, ``cooperating`` (tasks per role), ``degree_centrality`` and
        ``betweenness`` (normalised, over the agency projection, rounded to 4 places); sorted by
        ``tasks`` descending, then agency IRI.
    :raises KgtoolError: when the view query fails.

    >>> from kgtool.rdf.graph import KnowledgeGraph
    >>> agency_centrality(KnowledgeGraph()).columns[:4]
    ['agency', 'label_zh', 'label_en', 'tasks']
    """
    view = build_view(source, "agency-task")
    proj = agency_projection(view)
    degree = nx.degree_centrality(proj) if len(proj) > 1 else {n: 0.0 for n in proj}
    between = nx.betweenness_centrality(proj, normalized=True)
    rows = []
    for agency in proj.nodes:
        data = view.nodes[agency]
        tasks = set()
        by_role = {r: set() for r in ROLES}
        for _, task, edge in view.out_edges(agency, data=True):
            tasks.add(task)
            role = edge.get("role")
            if role in by_role:
                by_role[role].add(task)
        rows.append((len(tasks), agency, (
            _term(agency), _text(data.get("label_zh"), "zh"), _text(data.get("label_en"), "en"),
            _integer(len(tasks)), *(_integer(len(by_role[r])) for r in ROLES),
            _decimal(degree.get(agency, 0.0)), _decimal(between.get(agency, 0.0)))))
    rows.sort(key=lambda r: (-r[0], r[1]))
    return ResultTable(["agency", "label_zh", "label_en", "tasks", *ROLES,
                        "degree_centrality", "betweenness"], [r[2] for r in rows])


def citation_ranking(source) -> ResultTable:
    """Which documents are cited most, and how many do they cite?

    :param source: a :class:`~kgtool.rdf.graph.KnowledgeGraph` or any store.
    :returns: columns ``doc_number`` (文号 as written, unbound when none), ``title``,
        ``cited_by`` and ``cites`` (distinct documents); one row per document of the citation
        network, sorted by ``cited_by`` descending, then ``cites`` descending, then title.
    :raises KgtoolError: when the view query fails.

    >>> from kgtool.rdf.graph import KnowledgeGraph
    >>> citation_ranking(KnowledgeGraph()).columns
    ['doc_number', 'title', 'cited_by', 'cites']
    """
    view = build_view(source, "citations")
    rows = []
    for doc, data in view.nodes(data=True):
        cited_by = len(set(view.predecessors(doc)))
        cites = len(set(view.successors(doc)))
        title = data.get("title") or data.get("label_zh") or data.get("label") or doc
        number = data.get("doc_number")
        rows.append((-cited_by, -cites, str(title), doc,
                     (_text(number), Literal(str(title)), _integer(cited_by), _integer(cites))))
    rows.sort(key=lambda r: r[:4])
    return ResultTable(["doc_number", "title", "cited_by", "cites"], [r[4] for r in rows])
