"""A :class:`~kgtool.stores.base.Store` over a remote SPARQL 1.1 Protocol endpoint (SPARQLWrapper).

Implements the query side of the SPARQL 1.1 Protocol (§2.1 query operation) and reads the
SPARQL 1.1 Query Results JSON Format. Parameters are bound with a ``VALUES`` block put
first in the outer ``WHERE`` group (so the query's BIND/FILTER/OPTIONAL see them, as with
rdflib's ``initBindings``); every value is written by rdflib's ``Term.n3()``.

Credentials come from the environment (``KGTOOL_SPARQL_USER``, ``KGTOOL_SPARQL_PASSWORD``,
``KGTOOL_SPARQL_AUTH=basic|digest``) or from a ``~/.netrc`` entry for the endpoint's host;
they never appear in a message.
"""
from __future__ import annotations

import json
import netrc
import os
import re
import socket
import time
import urllib.error
from dataclasses import dataclass
from typing import Mapping
from urllib.parse import urlsplit

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kgtool.bilingual import Bilingual, in_lang
from kgtool.errors import QueryError, SecurityError, StoreError
from kgtool.querying.results import ResultTable
from kgtool.sparql.safety import check_query

__all__ = ["RemoteStore", "Credentials", "credentials_for", "inject_values", "DEFAULT_TIMEOUT",
           "http_request", "open_request", "graph_iri", "NoAnswer"]

DEFAULT_TIMEOUT = 30.0
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_BAD_IRI_CHARS = re.compile(r'[\s<>"{}|^`\\]')
_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"      # IRI reference (a '<' operator is followed by a space)
    r"|#[^\n]*"                  # comment
    r"|[{}]" r"|[A-Za-z_][A-Za-z0-9_]*" r"|[\s\S]", re.DOTALL)


class NoAnswer(StoreError):
    """A request that may have reached the server, but no answer came (time limit, reset):
    the server may have applied it or may still apply it."""


@dataclass(frozen=True)
class Credentials:
    """User, password and scheme (``basic`` or ``digest``); ``repr`` hides the password."""

    user: str
    password: str
    scheme: str = "basic"

    def __repr__(self) -> str:
        return f"Credentials(user={self.user!r}, password='***', scheme={self.scheme!r})"


def credentials_for(url: str) -> Credentials | None:
    """Credentials for ``url`` from the environment, else from netrc, else ``None``.

    :param url: the endpoint URL (its host selects the netrc entry).
    :returns: :class:`Credentials` or ``None``.
    :raises StoreError: when ``KGTOOL_SPARQL_AUTH`` is neither ``basic`` nor ``digest``.

    >>> credentials_for("http://127.0.0.1:1/none") is None or True
    True
    """
    scheme = (os.environ.get("KGTOOL_SPARQL_AUTH") or "basic").strip().lower()
    if scheme not in ("basic", "digest"):
        raise StoreError(f"KGTOOL_SPARQL_AUTH must be basic or digest, not {scheme!r}")
    user = os.environ.get("KGTOOL_SPARQL_USER")
    password = os.environ.get("KGTOOL_SPARQL_PASSWORD")
    if user and password is not None:
        return Credentials(user, password, scheme)
    host = urlsplit(url).hostname
    if not host:
        return None
    try:
        entry = netrc.netrc(os.environ.get("NETRC") or None).authenticators(host)
    except (OSError, netrc.NetrcParseError):
        return None
    if entry and entry[0] and entry[2] is not None:
        return Credentials(entry[0], entry[2], scheme)
    return None


def _check_term(name: str, term: Node) -> str:
    if not _VAR.match(name):
        raise QueryError(f"invalid parameter variable name {name!r}")
    if isinstance(term, URIRef):
        if _BAD_IRI_CHARS.search(str(term)) or not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", str(term)):
            raise QueryError(f"parameter {name}: {str(term)!r} is not a valid IRI")
        return term.n3()
    if isinstance(term, Literal):
        return term.n3()
    raise QueryError(f"parameter {name}: a {type(term).__name__} cannot be sent to an endpoint")


def _outer_group_start(query: str) -> int:
    """Index just after the ``{`` that opens the outer WHERE group of ``query``."""
    depth, form, seen_where, templates = 0, None, False, 0
    prev_word = ""
    for m in _TOKEN.finditer(query):
        tok = m.group(0)
        if tok[0] in "\"'#<" and len(tok) > 1:
            continue
        if tok == "{":
            if depth == 0:
                if form == "CONSTRUCT" and not seen_where and templates == 0:
                    templates = 1  # the template; the pattern follows
                else:
                    if form == "CONSTRUCT" and prev_word == "WHERE" and templates == 0:
                        raise QueryError("parameters cannot be bound in the short form "
                                         "CONSTRUCT WHERE { … }; write a template")
                    return m.end()
            depth += 1
        elif tok == "}":
            depth -= 1
        elif tok[0].isalpha() or tok[0] == "_":
            word = tok.upper()
            if depth == 0 and form is None and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = word
            if depth == 0 and word == "WHERE":
                seen_where = True
            if not tok.isspace():
                prev_word = word
    raise QueryError("the query has no WHERE group to bind parameters in")


def inject_values(query: str, bindings: Mapping[str, Node] | None) -> str:
    """``query`` with a ``VALUES`` block first in its outer WHERE group.

    :param query: SPARQL query text.
    :param bindings: variable name (with or without ``?``) → rdflib term.
    :returns: the query text (unchanged when there are no bindings).
    :raises QueryError: on an invalid variable name, IRI, or a blank node value.

    >>> from rdflib import Literal
    >>> inject_values('SELECT ?s WHERE { ?s ?p ?o }', {'o': Literal('a"b')})
    'SELECT ?s WHERE { VALUES (?o) { ("a\\\\"b") }\\n ?s ?p ?o }'
    """
    if not bindings:
        return query
    names, values = [], []
    for k, v in bindings.items():
        name = k.lstrip("?$")
        names.append(name)
        values.append(_check_term(name, v))
    block = (" VALUES (" + " ".join("?" + n for n in names) + ") { ("
             + " ".join(values) + ") }\n")
    at = _outer_group_start(query)
    return query[:at] + block + query[at:]


def open_request(request, credentials: Credentials | None, timeout: float | None):
    """Open a :class:`urllib.request.Request` with ``credentials`` (basic: sent at once;
    digest: answered to the server's challenge). No process-wide opener is installed."""
    import base64
    import urllib.request

    handlers = []
    if credentials is not None and credentials.scheme == "digest":
        mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        mgr.add_password(None, request.full_url, credentials.user, credentials.password)
        handlers.append(urllib.request.HTTPDigestAuthHandler(mgr))
    elif credentials is not None:
        token = base64.b64encode(f"{credentials.user}:{credentials.password}".encode("utf-8"))
        request.add_unredirected_header("Authorization", "Basic " + token.decode("ascii"))
    opener = urllib.request.build_opener(*handlers)
    return opener.open(request, timeout=timeout) if timeout else opener.open(request)


def _http_error_detail(exc, where: str, credentials: Credentials | None = None,
                       what: str = "the request") -> str:
    """An excerpt of an HTTP error's body (the password, if echoed, masked). A 401 raises
    "authentication refused" at once (without the body, which may echo credentials); a 403
    raises naming the real cause: a read-only server, or a user without that permission."""
    if exc.code == 401:
        raise StoreError(Bilingual(f"authentication refused by {where} (HTTP 401)",
                                   f"{where} 拒绝了身份验证（HTTP 401）")) from None
    try:
        detail = _excerpt(exc.read())
    except Exception:
        detail = ""
    if credentials is not None and credentials.password:
        detail = detail.replace(credentials.password, "***")
    if exc.code == 403:
        read_only = "read-only" in detail.lower() or "read only" in detail.lower()
        cause = ("the server is read-only" if read_only else
                 "the server or this user may not do that (read-only, or no write permission)")
        cause_zh = ("服务器是只读的" if read_only else
                    "服务器或此用户不能这样做（只读，或没有写权限）")
        raise StoreError(Bilingual(f"{where} refused {what}: {cause} (HTTP 403"
                                   + (f": {detail})" if detail else ")"),
                                   f"{where} 拒绝了{in_lang(what, 'zh')}：{cause_zh}（HTTP 403"
                                   + (f"：{detail}）" if detail else "）"))) from None
    return detail


def _transport_error(exc: Exception, where: str, timeout: float | None) -> StoreError:
    """One-line StoreError for a failure below HTTP (timeout, refused, reset, bad response)."""
    import urllib.error

    import http.client

    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    why = getattr(reason, "strerror", None) or reason  # the system's own words
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return NoAnswer(Bilingual(f"{where} did not answer within {timeout or 0:g} s",
                                  f"{where} 在 {timeout or 0:g} 秒内没有应答"))
    if isinstance(reason, (ConnectionRefusedError, socket.gaierror)):
        return StoreError(Bilingual(f"cannot reach {where}: {why}", f"无法连接 {where}：{why}"))
    if isinstance(reason, (ConnectionError, http.client.HTTPException)):
        name = reason.__class__.__name__
        return NoAnswer(Bilingual(f"{where} closed the connection without an answer ({name})",
                                  f"{where} 未作应答就关闭了连接（{name}）"))
    if isinstance(exc, urllib.error.URLError):
        return StoreError(Bilingual(f"cannot reach {where}: {why}", f"无法连接 {where}：{why}"))
    detail = f"{exc.__class__.__name__}: {_excerpt(exc)}"
    return NoAnswer(Bilingual(f"cannot read from {where}: {detail}", f"无法从 {where} 读取：{detail}"))


def http_request(url: str, *, method: str = "GET", data: bytes | None = None,
                 headers: Mapping[str, str] | None = None, timeout: float | None = DEFAULT_TIMEOUT,
                 credentials: Credentials | None = None, what: str = "") -> tuple[int, bytes]:
    """One HTTP request for the SPARQL Update and Graph Store protocols.

    :returns: (status, body).
    :raises StoreError: on any failure (one line naming the URL, never the password).
    """
    import urllib.request

    req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    where = url.split("?", 1)[0]
    try:
        with open_request(req, credentials, timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        what = what or method
        detail = _http_error_detail(exc, where, credentials, what)  # (the server's own words)
        raise StoreError(Bilingual(f"{where} refused {what} with HTTP {exc.code}"
                                   + (f": {detail}" if detail else ""),
                                   f"{where} 拒绝了{in_lang(what, 'zh')}（HTTP {exc.code}）"
                                   + (f"：{detail}" if detail else ""))) from None
    except (OSError, ValueError) as exc:  # timeouts, URLError, resets, http.client errors
        raise _transport_error(exc, where, timeout) from None


def _term(d: dict) -> Node:
    kind, value = d.get("type"), d.get("value")
    if value is None:
        raise ValueError("binding without a value")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        lang = d.get("xml:lang")
        if lang:
            return Literal(value, lang=lang)
        dt = d.get("datatype")
        if dt and dt != str(XSD.string):
            return Literal(value, datatype=URIRef(dt))
        return Literal(value)
    raise ValueError(f"unknown term type {kind!r}")


class RemoteStore:
    """A SPARQL endpoint as a :class:`kgtool.stores.base.Store`.

    :param query_url: the endpoint's query URL (e.g. ``http://127.0.0.1:7878/query``).
    :param timeout: default time limit per request in seconds.
    :param credentials: explicit credentials; default from the environment / netrc.
    """

    name = "remote"

    def __init__(self, query_url: str, *, timeout: float | None = DEFAULT_TIMEOUT,
                 credentials: Credentials | None = None, allow_service: bool = False) -> None:
        parts = urlsplit(query_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreError(f"not an http(s) endpoint URL: {query_url!r}")
        if parts.username or parts.password:
            raise SecurityError("put credentials in KGTOOL_SPARQL_USER/KGTOOL_SPARQL_PASSWORD "
                                "or ~/.netrc, not in the endpoint URL")
        self.url = query_url
        self.timeout = timeout
        self.allow_service = allow_service
        self._credentials = credentials if credentials is not None else credentials_for(query_url)

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r})"

    # -- transport ------------------------------------------------------------------------
    def _open(self, request, timeout: float | None):
        return open_request(request, self._credentials, timeout)

    def request(self, query: str, *, accept: str, timeout: float | None = None) -> tuple[bytes, str]:
        """POST ``query`` (SPARQL 1.1 Protocol, built by SPARQLWrapper) and return
        (body, content type); every failure is a :class:`StoreError`, a malformed query a
        :class:`QueryError`."""
        from SPARQLWrapper import POST, SPARQLWrapper

        limit = timeout if timeout else self.timeout
        w = SPARQLWrapper(self.url)
        w.setMethod(POST)
        w.setOnlyConneg(True)  # no format=/output= parameters: the Accept header decides
        w.setQuery(query)
        # SPARQLWrapper guesses the kind of request from words in the text, comments included
        # ("workload" reads as LOAD), and would then send it as an update; kgtool only sends
        # queries here (check_query refused anything else), so it is one
        if w.isSparqlUpdateRequest():
            w.queryType = "SELECT"
        req = w._createRequest()
        req.remove_header("Accept")
        req.add_header("Accept", accept)
        start = time.monotonic()
        try:
            response = self._open(req, limit)
            ctype = response.headers.get("Content-Type", "") or ""
            chunks = []
            while True:
                chunk = response.read(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                if limit and time.monotonic() - start > limit:
                    raise socket.timeout()
            response.close()
            body = b"".join(chunks)
        except urllib.error.HTTPError as exc:
            detail = _http_error_detail(exc, self.url, self._credentials,
                                        Bilingual("the query", "查询"))
            if exc.code == 400:
                raise QueryError(f"{self.url} refused the query as malformed: {detail}") from None
            if exc.code == 404:
                raise StoreError(Bilingual(f"no SPARQL endpoint at {self.url} (HTTP 404)",
                                           f"{self.url} 处没有 SPARQL 端点（HTTP 404）")) from None
            raise StoreError(f"{self.url} failed with HTTP {exc.code}"
                             + (f": {detail}" if detail else "")) from None
        except (OSError, ValueError) as exc:  # timeouts, URLError, resets, http.client errors
            raise _transport_error(exc, self.url, limit) from None
        head = body.lstrip()[:15].lower()
        if "html" in ctype.lower() or head.startswith((b"<!doctype html", b"<html")):
            raise StoreError(Bilingual(f"{self.url} answered with an HTML page, not SPARQL results "
                                       f"(is it the query URL of a SPARQL endpoint?)",
                                       f"{self.url} 返回的是 HTML 页面，而不是 SPARQL 结果（它是 "
                                       f"SPARQL 端点的查询 URL 吗？）"))
        return body, ctype

    # -- Store protocol -------------------------------------------------------------------
    def _prepare(self, query: str, bindings) -> str:
        from kgtool.sparql.text import declare_prefixes

        check_query(query, allow_service=self.allow_service)
        query = declare_prefixes(query)  # the same prefixes on every backend (sparql_text)
        text = inject_values(query, bindings)
        if text is not query:
            check_query(text, allow_service=self.allow_service)
        return text

    def _json(self, query: str, bindings, timeout) -> dict:
        body, _ = self.request(self._prepare(query, bindings),
                               accept="application/sparql-results+json", timeout=timeout)
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StoreError(f"{self.url} sent an unreadable or truncated JSON result "
                             f"({len(body)} bytes: {exc.__class__.__name__} at byte "
                             f"{getattr(exc, 'pos', '?')})") from None
        if not isinstance(data, dict):
            raise StoreError(f"{self.url} sent JSON that is not a SPARQL result")
        return data

    def select(self, query: str, *, bindings: Mapping[str, Node] | None = None,
               timeout: float | None = None) -> ResultTable:
        """Run a SELECT query on the endpoint.

        :returns: a :class:`ResultTable` of rdflib terms.
        :raises StoreError: when the endpoint is unreachable, slow, refuses or sends junk.
        :raises QueryError: on a malformed query.
        :raises SecurityError: on SERVICE, FROM or an update.
        """
        data = self._json(query, bindings, timeout)
        try:
            columns = list(data["head"]["vars"])
            rows = [tuple(_term(b[c]) if c in b else None for c in columns)
                    for b in data["results"]["bindings"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreError(f"{self.url} sent JSON that is not a SELECT result ({exc})") from None
        return ResultTable(columns, rows)

    def ask(self, query: str, *, bindings: Mapping[str, Node] | None = None,
            timeout: float | None = None) -> bool:
        """Run an ASK query on the endpoint."""
        data = self._json(query, bindings, timeout)
        if not isinstance(data.get("boolean"), bool):
            raise StoreError(f"{self.url} sent JSON that is not an ASK result")
        return data["boolean"]

    def construct(self, query: str, *, bindings: Mapping[str, Node] | None = None,
                  timeout: float | None = None) -> Graph:
        """Run a CONSTRUCT (or DESCRIBE) query and parse the returned triples."""
        body, ctype = self.request(self._prepare(query, bindings),
                                   accept="application/n-triples, text/turtle;q=0.9",
                                   timeout=timeout)
        fmt = "nt" if "n-triples" in ctype or "ntriples" in ctype else "turtle"
        g = Graph()
        try:
            g.parse(data=body.decode("utf-8"), format=fmt)
        except Exception as exc:
            raise StoreError(f"{self.url} sent unreadable or truncated RDF ({fmt}): "
                             f"{_excerpt(exc)}") from None
        return g

    def triple_count(self) -> int:
        """Triples over all named graphs (a COUNT on the endpoint), as the embedded store
        counts them; a store's own default graph is not counted (it may be the union)."""
        table = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(table.rows[0][0].toPython()) if table.rows else 0

    def graph_count(self, graph: URIRef, *, timeout: float | None = None) -> int:
        """Triples in the named graph ``graph``."""
        table = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph_iri(graph)} {{ ?s ?p ?o }} }}",
                            timeout=timeout)
        return int(table.rows[0][0].toPython()) if table.rows else 0

    def graph_triples(self, graph: URIRef, *, timeout: float | None = None) -> Graph:
        """The triples of the named graph ``graph`` (a CONSTRUCT)."""
        return self.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph_iri(graph)} {{ ?s ?p ?o }} }}",
                              timeout=timeout)

    def graph_names(self, *, timeout: float | None = None) -> list[URIRef]:
        """Names of the non-empty named graphs."""
        table = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", timeout=timeout)
        return sorted((r[0] for r in table.rows if isinstance(r[0], URIRef)), key=str)


def graph_iri(term: URIRef) -> str:
    """``<iri>`` of a graph name, refusing one that cannot be written safely into a query."""
    if not isinstance(term, URIRef) or _BAD_IRI_CHARS.search(str(term)):
        raise QueryError(f"{str(term)!r} is not a valid graph IRI")
    return term.n3()


def _excerpt(obj, limit: int = 160) -> str:
    if isinstance(obj, bytes):
        obj = obj.decode("utf-8", "replace")
    text = " ".join(str(obj).split())
    text = re.sub(r"<[^>]{0,200}>", " ", text) if "<html" in text.lower() else text
    return text[:limit] + ("…" if len(text) > limit else "")
