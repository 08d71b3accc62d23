"""The web workspace (``kgtool app``): a Starlette application with Jinja templates, served on
127.0.0.1, read-only, offline.

Every asset is local (``kgtool/app/static``); a Content-Security-Policy forbids anything else.
Pages take ``?lang=zh|en`` (remembered in a cookie). Query text from users goes through the same
checks as the CLI (:func:`kgtool.sparql.safety.check_query`: no SERVICE, FROM or updates) and the
same time limit.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote as urlquote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kgtool.errors import KgtoolError
from kgtool.app.i18n import LANGS, translate
from kgtool.app.workspace import UPLOAD_LIMIT, Workspace, anchor_of

__all__ = ["create_app", "CSP"]

HERE = Path(__file__).resolve().parent
#: nothing but this server: no CDN, no fonts, no beacons
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-src 'self'; frame-ancestors 'self'; "
       "base-uri 'none'")
#: the embedded explorer inlines its script and data (still no request may leave the page)
EXPLORER_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                "img-src data:; connect-src 'none'; frame-ancestors 'self'; base-uri 'none'")
#: bars drawn in the comparison chart (the table lists every target)
_MAX_BARS = 40
#: YASGUI sets inline styles; it still may only talk to this server
EDITOR_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
NAV = ("documents", "compare", "money", "responsibility", "questions", "sparql", "explore", "check")


class _Headers(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response


def create_app(workspace: Workspace, *, default_lang: str = "zh") -> Starlette:
    """The ASGI application over ``workspace``.

    :param workspace: the data behind the pages.
    :param default_lang: page language when the request does not choose one.
    :returns: a :class:`starlette.applications.Starlette` app.
    """
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["urlq"] = lambda v: urlquote(str(v), safe="")
    env.filters["num"] = _number
    env.filters["anchor"] = anchor_of
    for name in env.list_templates():  # compiled once, not on the first visit of each page
        env.get_template(name)

    def lang_of(request: Request) -> str:
        lang = request.query_params.get("lang") or request.cookies.get("lang") or default_lang
        return lang if lang in LANGS else default_lang

    def render(request: Request, template: str, status: int = 200, **ctx) -> HTMLResponse:
        lang = lang_of(request)
        ctx.setdefault("page", "")

        def t(key: str) -> str:
            return translate(key, lang)

        def label(zh, en):
            return (zh or en or "") if lang == "zh" else (en or zh or "")

        vocabulary = workspace.vocabulary()

        def term(name: str) -> str:
            """A class or property of the ontology in the page's language (roles: the UI words)."""
            if name.startswith("role-"):
                return translate(name[5:], lang)
            pair = vocabulary.get(name)
            return name if pair is None else pair[0] if lang == "zh" else pair[1]

        other = "en" if lang == "zh" else "zh"
        params = dict(request.query_params)
        params["lang"] = other
        switch = request.url.path + "?" + "&".join(f"{k}={urlquote(v, safe='')}"
                                                    for k, v in params.items())
        body = env.get_template(template).render(
            request=request, lang=lang, t=t, label=label, term=term, doc_label=workspace.doc_label,
            nav=NAV, switch_url=switch, **ctx)
        response = HTMLResponse(body, status_code=status)
        if request.query_params.get("lang") in LANGS:
            response.set_cookie("lang", lang, samesite="strict", httponly=True)
        return response

    def error_page(request: Request, exc: Exception, status: int = 400, **ctx) -> HTMLResponse:
        return render(request, "error.html", status=status, error=" ".join(str(exc).split()), **ctx)

    # -- pages --------------------------------------------------------------------------
    async def documents(request: Request):
        return render(request, "documents.html", page="documents", docs=workspace.documents())

    async def document(request: Request):
        iri = request.query_params.get("iri", "")
        try:
            doc = workspace.document(iri)
        except KgtoolError as exc:
            return error_page(request, exc, 404, page="documents")
        return render(request, "document.html", page="documents", doc=doc)

    async def compare(request: Request):
        metrics = workspace.metrics()
        metric = request.query_params.get("metric") or (metrics[0]["metric"] if metrics else "")
        rows = workspace.compare(f"<{metric}>") if metric else []
        chart = _compare_chart(rows, lang_of(request))
        return render(request, "compare.html", page="compare", metrics=metrics, metric=metric,
                      rows=rows, chart=chart)

    async def money(request: Request):
        return render(request, "money.html", page="money", money=workspace.money())

    async def responsibility(request: Request):
        doc = request.query_params.get("doc") or None
        return render(request, "responsibility.html", page="responsibility",
                      matrix=workspace.responsibility(doc))

    async def questions(request: Request):
        return render(request, "questions.html", page="questions", queries=workspace.questions())

    async def question(request: Request):
        name = request.path_params["name"]
        if name not in workspace.named:
            return error_page(request, KgtoolError(f"no named query {name!r}"), 404, page="questions")
        query = workspace.named[name]
        values = {p.name: request.query_params.get(p.name, "") for p in query.parameters}
        table, error = None, None
        if request.query_params.get("run") is not None or not any(p.required for p in query.parameters):
            try:
                table = workspace.ask(name, values)
            except KgtoolError as exc:
                error = " ".join(str(exc).split())
        fmt = request.query_params.get("format")
        if table is not None and fmt in ("csv", "json"):
            media = "text/csv" if fmt == "csv" else "application/sparql-results+json"
            body = table.serialize(fmt)
            return Response(body, media_type=f"{media}; charset=utf-8", headers={
                "Content-Disposition": f'attachment; filename="{name}.{fmt}"'})
        return render(request, "question.html", page="questions", query=query, values=values,
                      table=table, error=error, status=400 if error else 200)

    async def sparql(request: Request):
        text, table, error = "", None, None
        if request.method == "POST":
            form = await request.form()
            text = str(form.get("query", ""))
        else:
            text = request.query_params.get("query", "")
        if text.strip():
            try:
                table = workspace.sparql(text)
            except KgtoolError as exc:
                error = " ".join(str(exc).split())
        return render(request, "sparql.html", status=400 if error else 200, page="sparql",
                      text=text, table=table, error=error)

    async def editor(request: Request):
        response = render(request, "editor.html", page="sparql",
                          text=request.query_params.get("query", ""))
        response.headers["Content-Security-Policy"] = EDITOR_CSP
        return response

    async def explore(request: Request):
        from kgtool.views.network import VIEWS

        view = request.query_params.get("view", "agency-task")
        if view not in VIEWS:
            view = "agency-task"
        return render(request, "explore.html", page="explore", views=VIEWS, view=view)

    async def explore_frame(request: Request):
        from kgtool.views.network import VIEWS

        view = request.path_params["view"]
        if view not in VIEWS:
            return PlainTextResponse(f"unknown view {view}", status_code=404)
        page = workspace.explorer_page(view)
        return HTMLResponse(page, headers={"Content-Security-Policy": EXPLORER_CSP})

    async def check(request: Request):
        result, error = None, None
        if request.method == "POST":
            length = int(request.headers.get("content-length") or 0)
            if length > UPLOAD_LIMIT + 64 * 1024:
                error = f"upload of {length} bytes is over the {UPLOAD_LIMIT} byte limit"
            else:
                form = await request.form(max_files=1, max_fields=4)
                upload = form.get("file")
                if upload is None or not hasattr(upload, "read"):
                    error = "choose a file to upload"
                else:
                    content = await upload.read(UPLOAD_LIMIT + 1)
                    try:
                        result = workspace.check(upload.filename or "upload", content)
                    except KgtoolError as exc:
                        error = " ".join(str(exc).split())
        return render(request, "check.html", status=400 if error else 200, page="check",
                      result=result, error=error, limit=UPLOAD_LIMIT)

    async def endpoint(request: Request):
        """A read-only SPARQL 1.1 Protocol endpoint (SELECT; results as SPARQL JSON) with the
        CLI's refusals: HTTP 400 and the reason for SERVICE, FROM, updates and bad syntax."""
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip()
            if ctype == "application/sparql-query":
                text = (await request.body()).decode("utf-8", "replace")
            else:
                form = await request.form(max_files=0, max_fields=8)
                if form.get("update") is not None:
                    return PlainTextResponse("SPARQL updates are refused: the workspace is "
                                             "read-only", status_code=400)
                text = str(form.get("query", ""))
        else:
            if "update" in request.query_params:
                return PlainTextResponse("SPARQL updates are refused: the workspace is read-only",
                                         status_code=400)
            text = request.query_params.get("query", "")
        if not text.strip():
            return PlainTextResponse("no query given (parameter 'query')", status_code=400)
        try:
            table = workspace.sparql(text)
        except KgtoolError as exc:
            return PlainTextResponse(" ".join(str(exc).split()), status_code=400)
        return Response(table.to_sparql_json(), media_type="application/sparql-results+json")

    async def terms(request: Request):
        try:
            rows = workspace.terms(request.query_params.get("kind", ""),
                                   request.query_params.get("q", ""))
        except KgtoolError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse(rows)

    routes = [
        Route("/", documents), Route("/document", document), Route("/compare", compare),
        Route("/money", money), Route("/responsibility", responsibility),
        Route("/questions", questions), Route("/questions/{name}", question),
        Route("/sparql", sparql, methods=["GET", "POST"]), Route("/sparql/editor", editor),
        Route("/explore", explore),
        Route("/explore/frame/{view}", explore_frame),
        Route("/check", check, methods=["GET", "POST"]), Route("/api/terms", terms),
        Route("/query", endpoint, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    return Starlette(routes=routes, middleware=[Middleware(_Headers)])


def _number(value) -> str:
    """Numbers with thousands separators; anything else as text."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def _compare_chart(rows: list[dict], lang: str) -> dict:
    """Bars for the comparison chart: one per target, grouped by deadline year, drawn as SVG
    by the template (hover shows the quote); ranges drawn from min to max."""
    bars = []
    for r in rows:
        low = r["min_value"] if isinstance(r["min_value"], (int, float)) else None
        high = r["max_value"] if isinstance(r["max_value"], (int, float)) else None
        value = r["value"] if isinstance(r["value"], (int, float)) else None
        top = value if value is not None else high if high is not None else low
        if top is None:
            continue
        who = (r["jurisdiction_zh"] or r["jurisdiction_en"]) if lang == "zh" else \
            (r["jurisdiction_en"] or r["jurisdiction_zh"])
        bars.append({"label": f"{who or '—'} {r['deadline'] or ''}".strip(), "top": top,
                     "low": low if value is None else None, "aspirational": bool(r["aspirational"]),
                     "quote": r["quote"], "target": r["target"], "doc": r["doc"]})
    total = len(bars)
    bars = bars[:_MAX_BARS]
    peak = max((b["top"] for b in bars), default=0) or 1
    for i, b in enumerate(bars):
        b["x"] = 60 + i * 72
        b["h"] = round(170 * b["top"] / peak, 1)
        b["y"] = round(200 - b["h"], 1)
        if b["low"] is not None:
            b["low_y"] = round(200 - 170 * b["low"] / peak, 1)
    return {"bars": bars, "width": max(360, 100 + 72 * len(bars)), "total": total}
