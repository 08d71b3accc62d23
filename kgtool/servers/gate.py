"""The front of ``kgtool serve``: a Starlette app that checks every SPARQL request before the
Oxigraph server behind it sees it.

Oxigraph's server would run ``SERVICE`` with its own HTTP client (out of reach of the Python
network guard) and ``LOAD`` fetches a URL, so both are refused here with an HTTP 400 naming
the reason, as are updates and Graph Store writes on a read-only server. The request text is
parsed with rdflib's SPARQL 1.1 parser (:mod:`rdflib.plugins.sparql.parser`); text it cannot
parse is refused, never passed on. Only the text that was checked reaches Oxigraph: it is
re-sent as one ``application/sparql-query`` (or ``sparql-update``) body, whatever encoding the
client used (GET, form, direct POST), so no decoding difference can smuggle anything past the
check.

Routes: ``/`` (the query UI: GET only, query string dropped), ``/query`` (GET, POST),
``/update`` (POST, writable only), ``/store`` (GET/HEAD; PUT/POST/DELETE writable only).
Everything else is 404.
"""
from __future__ import annotations

import contextlib
import functools
import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import parse_qsl, urlencode

from kgtool.sparql.safety import divergent_text, remote_constructs

__all__ = ["GatePolicy", "Refused", "check_request_text", "make_app"]

# parameters of the SPARQL 1.1 Protocol (and Oxigraph's union switch) passed on as they came
_QUERY_PARAMS = ("default-graph-uri", "named-graph-uri", "union-default-graph")
_UPDATE_PARAMS = ("using-graph-uri", "using-named-graph-uri")
MAX_TEXT_BYTES = 4_000_000  # a query or update body; Graph Store uploads are not limited
_HOP_HEADERS = frozenset({"connection", "keep-alive", "transfer-encoding", "content-length",
                          "content-encoding", "te", "trailer", "upgrade", "host"})


class Refused(Exception):
    """A request the gate will not pass on; ``str()`` is the one-line reason sent as 400."""


@dataclass(frozen=True)
class GatePolicy:
    """What the server accepts beyond read-only queries of its own data.

    :param writable: pass SPARQL updates and Graph Store writes on (never ``LOAD``).
    :param allow_service: pass ``SERVICE`` (federated queries) and, when writable, ``LOAD``.
    """

    writable: bool = False
    allow_service: bool = False


@functools.lru_cache(maxsize=2048)
def _verdict(text: str, update: bool, policy: GatePolicy) -> str:
    """'' when ``text`` may pass, else the reason (cached: the same text gets the same answer)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    parse, other = (parseUpdate, parseQuery) if update else (parseQuery, parseUpdate)
    try:
        parsed = parse(text)
    except Exception as exc:  # rdflib raises ParseException and assorted errors
        try:
            other(text)
        except Exception:
            where = (f" at line {exc.lineno}, column {exc.col}"
                     if isinstance(exc, ParseException) else "")
            return (f"refused: not a SPARQL 1.1 {'update' if update else 'query'} that kgtool "
                    f"can check (syntax error{where})")
        if update:
            return "refused: this is a query; send it to /query"
        return ("refused: SPARQL updates are not accepted on /query"
                + ("; send them to /update" if policy.writable else
                   " (the server is read-only; start it with --writable to accept updates)"))
    found = remote_constructs(parsed)
    if "SERVICE" in found and not policy.allow_service:
        return ("refused: SPARQL SERVICE (a federated query) would make the server send "
                "requests out; start kgtool serve with --allow-service to permit it")
    if "LOAD" in found and not policy.allow_service:
        return ("refused: SPARQL LOAD would make the server fetch a URL; start kgtool serve "
                "with --allow-service to permit it")
    return ""


def check_request_text(text: str, *, update: bool, policy: GatePolicy) -> None:
    """Refuse ``text`` unless it is a SPARQL query (``update=False``) or update the policy allows.

    :raises Refused: with the reason.

    >>> check_request_text("SELECT * WHERE { service <http://x> { ?s ?p ?o } }",
    ...                    update=False, policy=GatePolicy())
    Traceback (most recent call last):
    kgtool.servers.gate.Refused: refused: SPARQL SERVICE (a federated query) would make the server send requests out; start kgtool serve with --allow-service to permit it
    """
    if update and not policy.writable:
        raise Refused("refused: the server is read-only (start kgtool serve with --writable "
                      "to accept updates)")
    divergent = divergent_text(text)
    if divergent:
        raise Refused(f"refused: {divergent}")
    reason = _verdict(text, update, policy)
    if reason:
        raise Refused(reason)


def _one(pairs: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in pairs if k == name]
    if len(values) > 1:
        raise Refused(f"refused: {len(values)} '{name}' parameters; send exactly one")
    return values[0] if values else None


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(f"refused: the request body is not UTF-8 (byte {exc.start})") from None


async def extract_text(request, field: str, direct_type: str) -> tuple[str, list[tuple[str, str]]]:
    """The SPARQL text of a protocol request and its URL parameters, from GET ``?field=``,
    a form POST or a direct POST of ``direct_type``; refuses ambiguous or mixed encodings."""
    try:
        url_pairs = parse_qsl(request.url.query, keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise Refused("refused: the URL query string is not valid UTF-8") from None
    in_url = _one(url_pairs, field)
    if request.method == "GET":
        if in_url is None:
            raise Refused(f"refused: no '{field}' parameter")
        return in_url, url_pairs
    ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_TEXT_BYTES:
            raise Refused(f"refused: a {field} over {MAX_TEXT_BYTES // 1_000_000} MB")
    if ctype == "application/x-www-form-urlencoded":
        try:
            form = parse_qsl(_decode(body), keep_blank_values=True, errors="strict")
        except (UnicodeDecodeError, ValueError):
            raise Refused("refused: the form body is not valid UTF-8") from None
        in_form = _one(form, field)
        if in_form is None or in_url is not None:
            raise Refused(f"refused: send exactly one '{field}' (in the form body)")
        return in_form, url_pairs + [(k, v) for k, v in form if k != field]
    if ctype == direct_type:
        if in_url is not None:
            raise Refused(f"refused: a '{field}' parameter next to a {direct_type} body")
        return _decode(body), url_pairs
    raise Refused(f"refused: content type {ctype or '(none)'}; use "
                  f"application/x-www-form-urlencoded or {direct_type}")


class _Overrun(Exception):
    """A response still streaming at the time limit: aborts the client's connection, so a
    cut-off result can never be read as a complete one."""


def make_app(backend: str, policy: GatePolicy, *, timeout: float | None,
             on_overrun: Callable[[], None] | None = None):
    """The Starlette app in front of the Oxigraph server at ``backend`` (``http://127.0.0.1:PORT``).

    :param timeout: time limit of each request in seconds, from its arrival to the last byte
        of its answer (``None``: none). Oxigraph's own ``--timeout-s`` does not stop an
        aggregate over a cartesian product nor a long result stream, so the gate enforces it.
    :param on_overrun: called (in a worker thread) when a request overran the limit; serve
        restarts the Oxigraph server there, which is the only way to stop its evaluation.
    """
    import anyio
    import httpx
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse, StreamingResponse
    from starlette.routing import Route

    limit = httpx.Timeout(connect=10.0, read=(timeout + 15.0) if timeout else None,
                          write=60.0, pool=None)
    client = httpx.AsyncClient(base_url=backend, timeout=limit, trust_env=False,
                               follow_redirects=False)

    over = (f"the request did not finish within the time limit of {timeout:g} s; "
            f"the engine was restarted to stop it\n") if timeout else ""

    async def overrun() -> None:
        if on_overrun is not None:
            await anyio.to_thread.run_sync(on_overrun)

    async def forward(method: str, path: str, params: list[tuple[str, str]], headers: dict,
                      content: bytes | None):
        req = client.build_request(method, path + ("?" + urlencode(params) if params else ""),
                                   headers=headers, content=content)
        start = time.monotonic()
        try:
            with anyio.fail_after(timeout) if timeout else contextlib.nullcontext():
                resp = await client.send(req, stream=True)
        except TimeoutError:
            await overrun()
            return PlainTextResponse(over, 503)
        except httpx.HTTPError as exc:
            return PlainTextResponse(f"the Oxigraph server failed: {exc.__class__.__name__}\n",
                                     502)

        async def body():
            try:
                async for chunk in resp.aiter_raw():
                    if timeout and time.monotonic() - start > timeout:
                        await overrun()
                        raise _Overrun(over)
                    yield chunk
            finally:
                await resp.aclose()

        out_headers = {k: v for k, v in resp.headers.items() if k.lower() not in _HOP_HEADERS}
        return StreamingResponse(body(), status_code=resp.status_code, headers=out_headers)

    def accept(request) -> dict:
        return {"accept": request.headers.get("accept", "*/*")}

    async def refuse(exc: Refused):
        return PlainTextResponse(str(exc) + "\n", 400)

    async def query(request):
        try:
            text, pairs = await extract_text(request, "query", "application/sparql-query")
            check_request_text(text, update=False, policy=policy)
        except Refused as exc:
            return await refuse(exc)
        params = [(k, v) for k, v in pairs if k in _QUERY_PARAMS]
        return await forward("POST", "/query", params,
                             {**accept(request),
                              "content-type": "application/sparql-query; charset=utf-8"},
                             text.encode("utf-8"))

    async def update(request):
        try:
            if not policy.writable:
                raise Refused("refused: the server is read-only (start kgtool serve with "
                              "--writable to accept updates)")
            text, pairs = await extract_text(request, "update", "application/sparql-update")
            check_request_text(text, update=True, policy=policy)
        except Refused as exc:
            return await refuse(exc)
        params = [(k, v) for k, v in pairs if k in _UPDATE_PARAMS]
        return await forward("POST", "/update", params,
                             {**accept(request),
                              "content-type": "application/sparql-update; charset=utf-8"},
                             text.encode("utf-8"))

    async def store(request):
        if request.method not in ("GET", "HEAD") and not policy.writable:
            return await refuse(Refused("refused: the server is read-only (start kgtool serve "
                                        "with --writable to accept Graph Store writes)"))
        pairs = parse_qsl(request.url.query, keep_blank_values=True)
        headers = accept(request)
        if "content-type" in request.headers:
            headers["content-type"] = request.headers["content-type"]
        body = await request.body() if request.method in ("PUT", "POST") else None
        return await forward(request.method, "/store", pairs, headers, body)

    async def ui(request):
        return await forward("GET", "/", [], accept(request), None)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        await client.aclose()

    routes = [Route("/", ui, methods=["GET"]),
              Route("/query", query, methods=["GET", "POST"]),
              Route("/update", update, methods=["POST"]),
              Route("/store", store, methods=["GET", "HEAD", "PUT", "POST", "DELETE"])]
    return Starlette(routes=routes, lifespan=lifespan)
