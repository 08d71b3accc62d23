"""Load a build into a remote triple store, all or nothing, and fetch graphs back.

:func:`push` first removes the staging graphs an interrupted push left, then uploads every
named graph of the build with the SPARQL 1.1 Graph Store HTTP Protocol (§5.3 HTTP PUT) to a
staging graph ``<name>-staging-<token>`` and checks its size with a ``COUNT`` query, and only
then switches all of them in ONE SPARQL 1.1 Update request (``MOVE <staging> TO <name>`` per
graph, §3.2.5, ``;``-separated): Oxigraph and Virtuoso run one request as one transaction, so
Oxigraph runs one request as one transaction, so the remote holds the whole previous build or
the whole new one, never a mix. Virtuoso 7 does not (a failing operation leaves the earlier
ones applied), so there a switch the server applied in part is completed by a second request.
A failure before the switch drops the staging graphs (when the server still answers); a
failure of the switch itself is resolved by looking at the remote: MOVE removes its staging
graph, so the staging graphs still there say which graphs were switched. The report says
which build every graph holds.
"""
from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable
from urllib.parse import quote, urlencode

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kgtool.bilingual import Bilingual, in_lang
from kgtool.errors import KgtoolError, StoreError
from kgtool.rdf.graph import KnowledgeGraph
from kgtool.stores.remote import (DEFAULT_TIMEOUT, NoAnswer, RemoteStore, credentials_for, graph_iri,
                     http_request)

__all__ = ["push", "pull", "server_urls", "PushReport", "GraphPush", "SERVER_KINDS", "STAGING"]

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


STAGING = re.compile(r"^(?P<target>.+)-staging-[0-9a-f]{12}$")


#: a graph's status in Chinese (``kgtool --lang zh push``)
STATUS_ZH = {"replaced": "已替换", "kept": "保留原内容", "unknown": "未知", "dry-run": "试运行"}


@dataclass
class GraphPush:
    """What happened (or would happen) to one named graph.

    ``status``: ``replaced`` (holds the new build), ``kept`` (holds its previous content),
    ``unknown`` (the server stopped answering during the switch) or ``dry-run``.
    """

    graph: str
    local: int
    remote_before: int | None = None
    remote_after: int | None = None
    to_add: int | None = None
    to_remove: int | None = None
    status: str = "kept"
    error: str = ""

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


@dataclass
class PushReport:
    """Outcome of :func:`push`: which build the remote holds, per graph.

    ``build``: ``new`` (every graph replaced), ``previous`` (every graph kept), ``unknown``
    (one or the other for all graphs: the server did not answer after the switch request),
    ``mixed`` (a store that applied part of the switch and refused the rest; each graph's
    status says which build it holds) or ``None`` for a dry run.
    """

    graphs: list[GraphPush] = field(default_factory=list)
    dry_run: bool = False
    build: str | None = None
    error: str = ""
    removed_staging: list[str] = field(default_factory=list)
    staging_left: list[str] = field(default_factory=list)
    warning: str = ""

    @property
    def ok(self) -> bool:
        return self.dry_run and not self.error or self.build == "new" and not self.error

    def to_dict(self) -> dict:
        return {"ok": self.ok, "dry_run": self.dry_run, "build": self.build,
                "error": self.error, "removed_staging": self.removed_staging,
                "staging_left": self.staging_left, "warning": self.warning,
                "graphs": [g.to_dict() for g in self.graphs]}

    def summary(self, lang: str = "en") -> str:
        """The last line of :meth:`to_text` (in ``lang``)."""
        if lang == "zh":
            return self._summary_zh()
        n = len(self.graphs)
        if self.dry_run:
            return "dry run: nothing changed"
        if self.build == "new" and not self.error:
            return (f"push complete: all {n} graphs hold the new build"
                    + (f" ({self.warning})" if self.warning else ""))
        k = len(self.staging_left)
        left = (f"; {k} staging graph{'s are' if k > 1 else ' is'} left on the server (or may "
                f"be, if it does not answer) and the next push removes "
                f"{'them' if k > 1 else 'it'}" if k else "")
        if self.build == "new":
            return f"the new build is in place in all {n} graphs, but: {self.error}{left}"
        if self.build == "mixed":
            new = sum(g.status == "replaced" for g in self.graphs)
            return (f"push failed: {self.error}; the server applied only part of the switch: "
                    f"{new} of {n} graphs hold the new build, the others their previous "
                    f"content (listed above); the next push completes it{left}")
        if self.build == "previous":
            return (f"push failed: {self.error}; all {n} graphs keep their previous "
                    f"content{left}")
        return (f"push failed: {self.error}; the switch was sent but not confirmed, so the "
                f"{n} graphs hold the previous build or the new one (all alike on a store "
                f"that runs the switch as one transaction, such as Oxigraph); run "
                f"`kgtool push --dry-run` to see which{left}")

    def _summary_zh(self) -> str:
        n, error = len(self.graphs), in_lang(self.error, "zh")
        if self.dry_run:
            return "试运行：未做任何更改"
        if self.build == "new" and not self.error:
            return (f"推送完成：全部 {n} 个图均为新构建"
                    + (f"（{in_lang(self.warning, 'zh')}）" if self.warning else ""))
        k = len(self.staging_left)
        left = (f"；服务器上留有 {k} 个暂存图（服务器无应答时可能如此），下次推送会将其删除"
                if k else "")
        if self.build == "new":
            return f"全部 {n} 个图均已为新构建，但：{error}{left}"
        if self.build == "mixed":
            new = sum(g.status == "replaced" for g in self.graphs)
            return (f"推送失败：{error}；服务器只执行了部分切换：{n} 个图中有 {new} 个为新构建，"
                    f"其余保留原内容（见上方列表）；下次推送会完成切换{left}")
        if self.build == "previous":
            return f"推送失败：{error}；全部 {n} 个图保留原内容{left}"
        return (f"推送失败：{error}；切换请求已发出但未得到确认，因此这 {n} 个图为原构建或新构建"
                f"（在把切换作为一个事务执行的存储上，例如 Oxigraph，所有图都相同）；运行 "
                f"`kgtool push --dry-run` 查看是哪一个{left}")

    def to_text(self, lang: str = "en") -> str:
        """One line per graph, then :meth:`summary` (in ``lang``)."""
        if lang == "zh":
            return self._text_zh()
        lines = []
        for name in self.removed_staging:
            lines.append(f"removed staging graph {name} left by an interrupted push")
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
        lines.append(self.summary())
        return "\n".join(lines) + "\n"

    def _text_zh(self) -> str:
        lines = [f"已删除中断的推送留下的暂存图 {name}" for name in self.removed_staging]
        for g in self.graphs:
            if self.dry_run:
                lines.append(f"{g.graph}：远程 {g.remote_before}，本地 {g.local}，"
                             f"+{g.to_add} -{g.to_remove}")
                continue
            line = (f"{g.graph}：{STATUS_ZH.get(g.status, g.status)}（本地 {g.local}，"
                    f"远程原有 {g.remote_before}")
            line += f"，现有 {g.remote_after}）" if g.remote_after is not None else "）"
            if g.error:
                line += f"：{in_lang(g.error, 'zh')}"
            lines.append(line)
        lines.append(self._summary_zh())
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
                     credentials=self.store_cred, what=Bilingual("the upload", "上传"))

    def update(self, text: str, what: str = Bilingual("the update", "更新")) -> None:
        http_request(self.update_url, method="POST", timeout=self.timeout,
                     data=urlencode({"update": text}).encode("utf-8"),
                     headers={"Content-Type": "application/x-www-form-urlencoded"},
                     credentials=self.update_cred, what=what)

    def drop(self, graphs: Iterable[URIRef]) -> None:
        """Drop ``graphs`` in one request (nothing sent for none)."""
        ops = [f"DROP SILENT GRAPH {graph_iri(g)}" for g in graphs]
        if ops:
            self.update(" ;\n".join(ops), Bilingual("dropping staging graphs", "删除暂存图"))

    def counts(self, names: list[URIRef]) -> dict[URIRef, int]:
        """Triples per graph of ``names`` in one query (0 for an empty or missing graph)."""
        out = {n: 0 for n in names}
        if not names:
            return out
        values = " ".join(graph_iri(n) for n in names)
        table = self.query.select(
            f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} "
            f"GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g")
        for g, n in table.rows:
            if g in out:
                out[g] = int(n.toPython())
        return out

    def staging_graphs(self) -> list[URIRef]:
        """Staging graphs on the server (``…-staging-<12 hex digits>``)."""
        return [g for g in self.query.graph_names() if STAGING.match(str(g))]


def _switch_text(pairs: list[tuple[URIRef, URIRef | None]]) -> str:
    """One update request: MOVE each staging graph onto its target; a graph empty in the
    build is dropped (MOVE of an empty staging graph fails on stores that drop empty graphs)."""
    ops = [f"MOVE {graph_iri(s)} TO {graph_iri(n)}" if s is not None else f"DROP SILENT GRAPH {graph_iri(n)}"
           for n, s in pairs]
    return " ;\n".join(ops)


def push(kg: KnowledgeGraph, *, query_url: str, update_url: str, store_url: str,
         dry_run: bool = False, timeout: float = DEFAULT_TIMEOUT,
         graphs: Iterable[URIRef] | None = None) -> PushReport:
    """Replace the named graphs of ``kg`` on a remote store, all of them or none.

    :param kg: the graph to push (``kg.graph_names()`` gives the graphs): a
        :class:`~kgtool.rdf.graph.KnowledgeGraph`, or the store of an opened build
        (:func:`kgtool.building.pipeline.open_build`, either engine).
    :param query_url: SPARQL query URL (counts and dry-run comparison).
    :param update_url: SPARQL Update URL (the switch, dropping staging graphs).
    :param store_url: Graph Store Protocol URL (the uploads).
    :param dry_run: only compare: remote count, local count, triples to add and remove.
    :param timeout: time limit of each HTTP request in seconds.
    :param graphs: push only these graphs (default all).
    :returns: a :class:`PushReport` saying which build every graph holds.
    :raises StoreError: when the store cannot be read before anything was sent.

    >>> push(KnowledgeGraph(), query_url="http://127.0.0.1:9/q", update_url="http://127.0.0.1:9/u",
    ...      store_url="http://127.0.0.1:9/s").graphs  # doctest: +SKIP
    []
    """
    remote = _Remote(query_url, update_url, store_url, timeout)
    report = PushReport(dry_run=dry_run)
    kg = getattr(kg, "kg", None) or kg  # an RdflibStore: its KnowledgeGraph
    graph_of = kg.graph if hasattr(kg, "graph") else kg.triples  # else an OxigraphStore
    names = list(graphs) if graphs is not None else kg.graph_names()
    locals_ = {n: graph_of(n) for n in names}
    report.graphs = [GraphPush(str(n), len(locals_[n])) for n in names]
    items = dict(zip(names, report.graphs))
    # reading fails loudly: nothing has been sent yet
    leftovers = remote.staging_graphs()
    before = remote.counts(names)
    for n, item in items.items():
        item.remote_before = before[n]
    if dry_run:
        for n, item in items.items():
            item.to_add, item.to_remove = _diff(locals_[n], remote.query.graph_triples(n))
            item.status = "dry-run"
        return report
    report.build = "previous"
    try:
        remote.drop(leftovers)
        report.removed_staging = [str(g) for g in leftovers]
    except KgtoolError as exc:
        report.error = Bilingual(f"cannot remove the staging graphs an interrupted push left: {exc}",
                                 f"无法删除中断的推送留下的暂存图：{exc.in_lang('zh')}")
        report.staging_left = [str(g) for g in leftovers]
        return report
    token = secrets.token_hex(6)
    pairs: list[tuple[URIRef, URIRef | None]] = []
    uploaded: list[URIRef] = []
    try:
        for n in names:
            if not len(locals_[n]):
                pairs.append((n, None))
                continue
            staging = URIRef(f"{n}-staging-{token}")
            uploaded.append(staging)  # before the request: it may land although it fails
            remote.upload(staging, _ntriples(locals_[n]))
            got = remote.counts([staging])[staging]
            if got != len(locals_[n]):
                raise StoreError(Bilingual(f"staging graph of {n} holds {got} triples, expected "
                                           f"{len(locals_[n])}",
                                           f"{n} 的暂存图有 {got} 个三元组，应为 {len(locals_[n])} 个"))
            pairs.append((n, staging))
    except KgtoolError as exc:
        report.error = Bilingual(f"upload of {n} failed: {exc}", f"上传 {n} 失败：{exc.in_lang('zh')}")
        items[n].error = Bilingual(str(exc), exc.in_lang("zh"))
        _drop_staging(remote, uploaded, report)
        return report
    try:
        remote.update(_switch_text(pairs), Bilingual("the switch to the new build", "切换到新构建"))
    except KgtoolError as exc:
        report.error = Bilingual(f"the switch failed: {exc}", f"切换失败：{exc.in_lang('zh')}")
        _resolve_switch(remote, pairs, report, exc)
        return report
    report.build = "new"
    for item in report.graphs:
        item.status = "replaced"
    try:
        after = remote.counts(names)
    except KgtoolError as exc:
        report.error = Bilingual(f"the new build is not verified: {exc}",
                                 f"新构建未能核实：{exc.in_lang('zh')}")
        return report
    wrong = []
    for n, item in items.items():
        item.remote_after = after[n]
        if after[n] != item.local:
            item.error = Bilingual(f"holds {after[n]} triples, expected {item.local}",
                                   f"有 {after[n]} 个三元组，应为 {item.local} 个")
            wrong.append(str(n))
    if wrong:
        report.error = Bilingual(f"after the switch {len(wrong)} graphs hold other counts: "
                                 f"{', '.join(wrong)}",
                                 f"切换后有 {len(wrong)} 个图的三元组数不符：{', '.join(wrong)}")
    return report


def _drop_staging(remote: _Remote, staging: list[URIRef], report: PushReport) -> None:
    """Drop ``staging``; when that fails, record the ones the server still holds (all of them
    when it does not answer)."""
    try:
        remote.drop(staging)
    except KgtoolError:
        present = _present(remote, set(staging))
        report.staging_left = sorted(str(g) for g in (staging if present is None else present))


def _present(remote: _Remote, staging: set[URIRef]) -> set[URIRef] | None:
    """The staging graphs of ``staging`` still on the server; ``None`` when it does not answer."""
    try:
        return set(remote.staging_graphs()) & staging
    except KgtoolError:
        return None


def _resolve_switch(remote: _Remote, pairs: list[tuple[URIRef, URIRef | None]],
                    report: PushReport, exc: StoreError) -> None:
    """Find out what a failed switch request did; MOVE removes its staging graph, so the
    staging graphs still on the server say which graphs were switched.

    An error answer means the server has finished with the request: all staging graphs left
    means nothing was switched (they are dropped), none left means all were. A store that
    applied part of it (Virtuoso 7 does not run an update request as one transaction) gets
    the rest in a second request (roll forward: every staging graph is complete and counted).
    Without an answer the server may still be working, so the staging graphs are watched for
    the time limit; the outcome is ``unknown`` if they do not settle, and the next push cleans
    up."""
    target = {s: n for n, s in pairs if s is not None}
    staging = set(target)
    present = _present(remote, staging)
    if isinstance(exc, NoAnswer):
        deadline = time.monotonic() + max(remote.timeout, 5.0)
        while present and time.monotonic() < deadline:
            time.sleep(0.5)
            present = _present(remote, staging)
    elif present and present != staging:
        rest = [(n, s) for n, s in pairs if s in present]
        try:
            remote.update(_switch_text(rest), Bilingual("the rest of the switch", "其余的切换"))
        except KgtoolError as again:
            report.error = Bilingual(f"{report.error}; completing it failed too: {again}",
                                     f"{in_lang(report.error, 'zh')}；补完切换也失败："
                                     f"{again.in_lang('zh')}")
        present = _present(remote, staging)
        if present == set():
            report.warning = Bilingual(f"the server applied the switch request only in part (it "
                                       f"does not run one update request as one transaction); a "
                                       f"second request switched the other {len(rest)} graphs",
                                       f"服务器只执行了部分切换请求（它不把一个更新请求作为一个事务"
                                       f"执行）；第二个请求切换了其余 {len(rest)} 个图")
            report.error = ""
    if present is None or (present == staging and isinstance(exc, NoAnswer) and staging):
        report.build = "unknown"
        report.staging_left = sorted(str(g) for g in (staging if present is None else present))
        for item in report.graphs:
            item.status = "unknown"
    elif present == staging:
        report.build = "previous"
        _drop_staging(remote, sorted(staging), report)
    elif not present:
        report.build = "new"
        for item in report.graphs:
            item.status = "replaced"
    else:
        report.build = "mixed"
        report.staging_left = sorted(str(g) for g in present)
        kept = {target[s] for s in present}
        for item in report.graphs:
            name = URIRef(item.graph)
            item.status = ("kept" if name in kept else "replaced" if name in target.values()
                           else "unknown")


from kgtool.servers.pull import pull  # noqa: E402  (kgtool.servers.push.pull predates kgtool.servers.pull)
