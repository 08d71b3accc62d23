"""Files of a network view for Gephi, Cytoscape, yEd and Graphviz: GraphML, GEXF, Cytoscape
JSON and DOT (``kgtool export -f graphml|gexf|cyjs|dot``).

What every format guarantees, so that the importers keep the whole view:

- every edge has an id unique in the file (``e0``, ``e1``, … in the view's edge order):
  Gephi drops an edge whose id it has already seen, and Cytoscape.js refuses duplicate ids;
- an attribute that a view leaves missing (for example ``amount_cny`` of a funding link whose
  measures state no amount) is missing in the file too, never written as 0;
- node ``label`` is the short label (see :mod:`kgtool.views.network`); the full titles stay in
  ``label_zh`` / ``label_en``; edge ``label`` is the relation (a role in agency-task) and edge
  ``weight`` a double (a count: never an amount, never an invented 0);
- Cytoscape JSON carries what ``networkx.cytoscape_graph`` needs (node ``value`` and ``name``,
  edge ``key``) and what Cytoscape desktop reads (``name``, ``shared_name``, ``interaction``);
- DOT node labels are the short zh and en labels (two short lines), other attributes are
  prefixed ``kg_``.

Files are written through :func:`kgtool.fsutil.atomic_write`: a failed write keeps the
previous file.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from kgtool.errors import KgtoolError
from kgtool.fsutil import atomic_write

__all__ = ["NETWORK_FORMATS", "write_network", "network_document", "cyjs_data", "dot_quote",
           "with_edge_ids"]

NETWORK_FORMATS = ("graphml", "gexf", "cyjs", "dot")


def with_edge_ids(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``g`` whose edge keys are ``e0``, ``e1``, … (unique in the whole graph), with
    str/int/float/bool attributes of one type per attribute name.

    An attribute that is an int on some items and a float on others becomes float; one
    that mixes numbers and text becomes text. Missing values stay missing.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b"); _ = g.add_edge("a", "b"); _ = g.add_edge("b", "a")
    >>> [k for _, _, k in with_edge_ids(g).edges(keys=True)]
    ['e0', 'e1', 'e2']
    """
    h = nx.MultiDiGraph()
    h.graph.update(g.graph)
    h.add_nodes_from((n, dict(d)) for n, d in g.nodes(data=True))
    for i, (u, v, d) in enumerate(g.edges(data=True)):
        d = dict(d)
        if "relation" in d:
            d.setdefault("label", d["relation"])  # the edge label Gephi and yEd show
        if isinstance(d.get("weight"), int) and not isinstance(d["weight"], bool):
            d["weight"] = float(d["weight"])  # Gephi reads edge weights as doubles
        h.add_edge(u, v, key=f"e{i}", **d)

    def unify(items: list[dict]) -> None:
        kinds: dict[str, set[type]] = {}
        for data in items:
            for k, v in list(data.items()):
                if v is None:
                    del data[k]
                    continue
                if not isinstance(v, (str, int, float)):
                    v = data[k] = str(v)
                kinds.setdefault(k, set()).add(type(v))
        for k, types in kinds.items():
            if len(types) < 2:
                continue
            cast = str if (str in types or bool in types) else float
            for data in items:
                if k in data:
                    data[k] = (str(data[k]).lower() if isinstance(data[k], bool)
                               else cast(data[k]))

    unify([d for _, d in h.nodes(data=True)])
    unify([d for _, _, d in h.edges(data=True)])
    return h


def _write_graphml(g: nx.MultiDiGraph, fh) -> None:
    # a multigraph's edge id is its key: e0, e1, … (unique, see with_edge_ids)
    nx.write_graphml(g, fh, encoding="utf-8", prettyprint=True, named_key_ids=False)


def _write_gexf(g: nx.MultiDiGraph, fh) -> None:
    h = g.copy()
    for _, _, key, d in h.edges(keys=True, data=True):
        d["id"] = key  # networkx writes the "id" attribute as the GEXF edge id
    nx.write_gexf(h, fh, encoding="utf-8", prettyprint=True)


def cyjs_data(g: nx.MultiDiGraph) -> dict:
    """The Cytoscape JSON document of ``g`` (edges keyed as by :func:`with_edge_ids`).

    Readable by Cytoscape desktop (File ▸ Import ▸ Network from File), Cytoscape.js
    (``cytoscape({elements: doc.elements})``) and ``networkx.cytoscape_graph``.
    """
    name = g.graph.get("name", "")
    nodes = [{"data": {**d, "id": n, "value": n, "name": d.get("label", n), "shared_name": n}}
             for n, d in g.nodes(data=True)]
    edges = []
    for u, v, key, d in g.edges(keys=True, data=True):
        relation = str(d.get("relation", ""))
        edges.append({"data": {**d, "id": key, "key": key, "source": u, "target": v,
                               "interaction": relation,
                               "shared_name": f"{u} ({relation}) {v}"}})
    return {"format_version": "1.0", "generated_by": "kgtool",
            "target_cytoscapejs_version": "~3",
            "data": {"name": name, "shared_name": name}, "directed": True, "multigraph": True,
            "elements": {"nodes": nodes, "edges": edges}}


def _write_cyjs(g: nx.MultiDiGraph, fh) -> None:
    json.dump(cyjs_data(g), fh, ensure_ascii=False, indent=1)
    fh.write("\n")


def dot_quote(text: Any) -> str:
    r"""A DOT double-quoted string: backslash, quote and line breaks escaped.

    >>> print(dot_quote('市质监局 "QTS"\nline'))
    "市质监局 \"QTS\"\nline"
    """
    s = str(text).replace("\\", "\\\\").replace('"', '\\"')
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{s}"'


def _dot_value(value: Any) -> Any:
    return str(value).lower() if isinstance(value, bool) else value


def _dot_attrs(attrs: dict) -> str:
    return ", ".join(f"{dot_quote(k)}={dot_quote(_dot_value(v))}" for k, v in attrs.items())


def _write_dot(g: nx.MultiDiGraph, fh) -> None:
    fh.write(f"// Generated by kgtool (view {g.graph.get('name', '')}); UTF-8.\n")
    fh.write(f"digraph {dot_quote(g.graph.get('name', 'kgtool'))} {{\n")
    fh.write('  graph [charset="UTF-8", rankdir="LR", overlap="false"];\n')
    fh.write('  node [shape="box", style="rounded", fontname="Noto Sans CJK SC"];\n')
    fh.write('  edge [fontname="Noto Sans CJK SC", fontsize="9"];\n')
    for n, d in g.nodes(data=True):
        lines = [x for x in (d.get("short_zh"), d.get("short_en")) if x]
        label = "\n".join(dict.fromkeys(lines)) or d.get("label") or n
        tooltip = " / ".join(x for x in (d.get("label_zh"), d.get("label_en")) if x) or n
        attrs = {"label": label, "tooltip": tooltip}
        attrs.update({f"kg_{k}": v for k, v in d.items() if k != "label"})
        fh.write(f"  {dot_quote(n)} [{_dot_attrs(attrs)}];\n")
    for u, v, key, d in g.edges(keys=True, data=True):
        attrs = {"id": key, "label": d.get("relation", "")}
        attrs.update({f"kg_{k}": val for k, val in d.items() if k != "label"})
        fh.write(f"  {dot_quote(u)} -> {dot_quote(v)} [{_dot_attrs(attrs)}];\n")
    fh.write("}\n")


_WRITERS = {"graphml": (_write_graphml, "wb"), "gexf": (_write_gexf, "wb"),
            "cyjs": (_write_cyjs, "w"), "dot": (_write_dot, "w")}


def network_document(g: nx.MultiDiGraph, fmt: str) -> nx.MultiDiGraph:
    """Check ``fmt`` and return the graph as it is written (:func:`with_edge_ids`)."""
    if fmt not in NETWORK_FORMATS:
        raise KgtoolError(f"unknown network format {fmt!r}; choose one of "
                          f"{', '.join(NETWORK_FORMATS)}")
    return with_edge_ids(g)


def write_network(g: nx.MultiDiGraph, out: Path, *, fmt: str) -> Path:
    """Write ``g`` to ``out`` as GraphML, GEXF, Cytoscape JSON or DOT, atomically.

    :param g: a view from :func:`kgtool.views.network.build_view`.
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
    h = network_document(g, fmt)
    writer, mode = _WRITERS[fmt]
    out = Path(out)
    with atomic_write(out, mode) as fh:
        writer(h, fh)
    return out
