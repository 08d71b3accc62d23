"""Fetch named graphs of a remote SPARQL store into TriG files (``kgtool pull``)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from rdflib import Dataset, URIRef

from kgtool.errors import StoreError
from kgtool.fsutil import atomic_write
from kgtool.stores.remote import DEFAULT_TIMEOUT, RemoteStore

__all__ = ["pull"]


def _slug(name: str) -> str:
    tail = name.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return re.sub(r"[^A-Za-z0-9_.-]", "_", tail) or "graph"


def pull(query_url: str, graph_names: Iterable[str | URIRef] | None, out_dir: str | Path, *,
         timeout: float = DEFAULT_TIMEOUT) -> dict[str, Path]:
    """Fetch remote named graphs into ``out_dir``, one TriG file per graph.

    Everything is fetched before anything is written; each file is written atomically.

    :param query_url: SPARQL query URL.
    :param graph_names: graph IRIs, or ``None`` for every non-empty named graph.
    :param out_dir: output directory (created).
    :returns: graph IRI → file written.
    :raises StoreError: when the endpoint fails or a graph is empty / missing.
    """
    store = RemoteStore(query_url, timeout=timeout)
    names = [URIRef(str(n)) for n in graph_names] if graph_names else store.graph_names()
    fetched = []
    for name in names:
        g = store.graph_triples(name)
        if not len(g):
            raise StoreError(f"graph {name} is empty or missing on {query_url}")
        fetched.append((name, g))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    used: set[str] = set()
    for name, g in fetched:
        ds = Dataset()
        from kgtool.rdf.namespaces import bind_prefixes

        bind_prefixes(ds)
        target = ds.graph(name)
        for t in g:
            target.add(t)
        stem = _slug(str(name))
        while stem in used:
            stem += "_"
        used.add(stem)
        path = out / f"{stem}.trig"
        with atomic_write(path, "wb") as fh:
            fh.write(f"# Pulled by `kgtool pull` from {query_url}: graph <{name}>\n".encode())
            fh.write(ds.serialize(format="trig", encoding="utf-8"))
        written[str(name)] = path
    return written
