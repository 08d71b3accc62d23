"""Load a build into a remote triple store and fetch graphs back.

Uses the SPARQL 1.1 Graph Store HTTP Protocol (§5.3 HTTP PUT) to upload each named graph of
the :class:`~kgtool.graph.KnowledgeGraph` to a staging graph ``<name>-staging-<random>``,
checks its size with a ``COUNT`` query (SPARQL 1.1 Protocol), and swaps it in with one
SPARQL 1.1 Update request ``MOVE <staging> TO <name>`` (§3.2.5: the target's old content
is removed in the same operation). A failure before the swap leaves the target graph as it
was and drops the staging graph.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Iterable
from urllib.parse import quote, urlencode

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from .errors import KgtoolError, StoreError
from .fsutil import atomic_write
from .graph import KnowledgeGraph
from .remote import DEFAULT_TIMEOUT, RemoteStore, _iri, credentials_for, http_request

__all__ = ["push", "pull", "server_urls", "PushReport", "GraphPush", "SERVER_KINDS"]

SERVER_KINDS = ("oxigraph", "virtuoso", "fuseki")


def server_urls(kind: str, base: str) -> tuple[str, str, str]:
    """Query, update and Graph Store URLs of a server kind at ``base``.

    :param kind: ``oxigraph``, ``virtuoso`` or ``fuseki`` (``base`` then ends with the dataset).
    :returns: ``(query_url, update_url, store_url)``.
    :raises KgtoolError: on an unknown kind.

    >>> server_urls("fuseki", "http://127.0.0.1:3030/kg")
    ('http://127.0.0.1:3030/kg/query', 'http://127.0.0.1:3030/kg/update', 'http://127.0.0.1:3030/kg/data')
    """
    b = base.rstrip("/")
    if kind == "oxigraph":
        return b + "/query", b + "/update", b + "/store"
    if kind == "virtuoso":
        return b + "/sparql", b + "/sparql-auth", b + "/sparql-graph-crud-auth"
    if kind == "fuseki":
        return b + "/query", b + "/update", b + "/data"
    raise StoreError(f"unknown server kind {kind!r}; choose one of {', '.join(SERVER_KINDS)}")


@dataclass
class GraphPush:
    """What happened (or would happen) to one named graph."""

    graph: str
    local: int
    remote_before: int | None = None
    remote_after: int | None = None
    to_add: int | None = None
    to_remove: int | None = None
    status: str = "pending"  # pending, replaced, unchanged, failed, skipped, dry-run
    error: str = ""

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


@dataclass
class PushReport:
    """Per-graph outcome of :func:`push`."""

    graphs: list[GraphPush] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return all(g.status not in ("failed", "skipped") for g in self.graphs)

    def to_dict(self) -> dict:
        return {"ok": self.ok, "dry_run": self.dry_run, "graphs": [g.to_dict() for g in self.graphs]}

    def to_text(self) -> str:
        lines = []
        for g in self.graphs:
            if self.dry_run:
                lines.append(f"{g.graph}: remote {g.remote_before}, local {g.local}, "
                             f"+{g.to_add} -{g.to_remove}")
            else:
                line = f"{g.graph}: {g.status} (local {g.local}, remote before {g.remote_before}"
                line += f", after {g.remote_after})" if g.remote_after is not None else ")"
                if g.error:
                    line += f": {g.error}"
                lines.append(line)
        lines.append(("dry run: nothing changed" if self.dry_run else
                      "push complete" if self.ok else "push stopped; graphs not marked "
                      "'replaced' keep their previous content"))
        return "\n".join(lines) + "\n"


def _key(term):
    """Compare terms by value: Oxigraph writes "804.0"^^xsd:decimal as "804", Virtuoso may
    type plain strings and lower-case language tags."""
    if isinstance(term, Literal):
        if term.language:
            return ("lang", str(term), term.language.lower())
        if term.datatype in (None, XSD.string):
            return ("str", str(term))
        value = term.toPython()
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return ("num", Decimal(str(value)))
        return ("lit", str(term.datatype), str(value) if value is not term else str(term))
    return term


def _diff(local: Graph, remote: Graph) -> tuple[int, int]:
    if any(isinstance(x, BNode) for t in (*local, *remote) for x in t):
        from rdflib.compare import graph_diff, to_isomorphic

        _, only_local, only_remote = graph_diff(to_isomorphic(local), to_isomorphic(remote))
        lk = {tuple(map(_key, t)) for t in only_local}
        rk = {tuple(map(_key, t)) for t in only_remote}
    else:
        lk = {tuple(map(_key, t)) for t in local}
        rk = {tuple(map(_key, t)) for t in remote}
    return len(lk - rk), len(rk - lk)


def _ntriples(graph: Graph) -> bytes:
    return graph.serialize(format="nt", encoding="utf-8")


class _Remote:
    """The three endpoints of one server, with credentials from the environment / netrc."""

    def __init__(self, query_url: str, update_url: str, store_url: str, timeout: float) -> None:
        self.query = RemoteStore(query_url, timeout=timeout)
        self.update_url, self.store_url, self.timeout = update_url, store_url, timeout
        self.update_cred = credentials_for(update_url)
        self.store_cred = credentials_for(store_url)

    def upload(self, graph: URIRef, data: bytes) -> None:
        url = f"{self.store_url}?{urlencode({'graph': str(graph)}, quote_via=quote)}"
        http_request(url, method="PUT", data=data, timeout=self.timeout,
                     headers={"Content-Type": "application/n-triples"},
                     credentials=self.store_cred, what="the upload")

    def update(self, text: str) -> None:
        http_request(self.update_url, method="POST", timeout=self.timeout,
                     data=urlencode({"update": text}).encode("utf-8"),
                     headers={"Content-Type": "application/x-www-form-urlencoded"},
                     credentials=self.update_cred, what="the update")

    def drop(self, graph: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH {_iri(graph)}")


def _push_one(remote: _Remote, name: URIRef, local: Graph, item: GraphPush) -> None:
    staging = URIRef(f"{name}-staging-{secrets.token_hex(6)}")
    uploaded = False
    try:
        remote.upload(staging, _ntriples(local))
        uploaded = True
        got = remote.query.graph_count(staging)
        if got != item.local:
            raise StoreError(f"staging graph holds {got} triples, expected {item.local}; "
                             f"not swapped in")
        remote.update(f"MOVE {_iri(staging)} TO {_iri(name)}")
        uploaded = False
    finally:
        if uploaded:
            try:
                remote.drop(staging)
            except KgtoolError:
                pass
    item.remote_after = remote.query.graph_count(name)
    if item.remote_after != item.local:
        raise StoreError(f"after the swap {name} holds {item.remote_after} triples, "
                         f"expected {item.local}")


def push(kg: KnowledgeGraph, *, query_url: str, update_url: str, store_url: str,
         dry_run: bool = False, timeout: float = DEFAULT_TIMEOUT,
         graphs: Iterable[URIRef] | None = None) -> PushReport:
    """Replace each named graph of ``kg`` on a remote store, one graph at a time, atomically.

    :param kg: the graph to push (``kg.graph_names()`` gives the graphs).
    :param query_url: SPARQL query URL (counts and dry-run comparison).
    :param update_url: SPARQL Update URL (the swap).
    :param store_url: Graph Store Protocol URL (the upload).
    :param dry_run: only compare: remote count, local count, triples to add and remove.
    :param timeout: time limit of each HTTP request in seconds.
    :param graphs: push only these graphs (default all).
    :returns: a :class:`PushReport`; on a failure the failed graph and the ones after it are
        marked ``failed`` / ``skipped`` and keep their previous content.
    :raises StoreError: when the store cannot be reached before anything was sent.

    >>> push(KnowledgeGraph(), query_url="http://127.0.0.1:9/q", update_url="http://127.0.0.1:9/u",
    ...      store_url="http://127.0.0.1:9/s").graphs
    []
    """
    remote = _Remote(query_url, update_url, store_url, timeout)
    report = PushReport(dry_run=dry_run)
    names = list(graphs) if graphs is not None else kg.graph_names()
    failed = False
    for name in names:
        local = kg.graph(name)
        item = GraphPush(str(name), len(local))
        report.graphs.append(item)
        if failed:
            item.status = "skipped"
            continue
        try:
            item.remote_before = remote.query.graph_count(name)
            if dry_run:
                item.to_add, item.to_remove = _diff(local, remote.query.graph_triples(name))
                item.status = "dry-run"
                continue
            _push_one(remote, name, local, item)
            item.status = "replaced"
        except KgtoolError as exc:
            if not report.graphs[:-1] and item.remote_before is None:
                raise  # nothing reachable: one clear error
            item.status, item.error, failed = "failed", str(exc), True
    return report


def _slug(name: str) -> str:
    import re

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
        from .namespaces import bind_prefixes

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
