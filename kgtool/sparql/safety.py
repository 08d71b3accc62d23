"""Refuse SPARQL that would reach outside the loaded graph, before it is evaluated.

``SERVICE`` (federated queries), ``FROM``/``FROM NAMED`` (rdflib dereferences them) and any
update (``LOAD``, ``DROP``, ``INSERT`` …) are refused unless explicitly allowed. The process-wide
network guard (:mod:`kgtool.rdf.network_guard`) is the backstop — but not for Oxigraph, whose own HTTP
client runs SERVICE outside Python: hence :func:`check_project_files`, which refuses a
project whose shapes (``ontology/shapes``), rules (``ontology/rules``) or named queries
(``queries/``) use SERVICE, FROM or LOAD when the project is loaded, before any of them runs,
whatever the backend.

:func:`check_query` parses with rdflib's SPARQL parser (0.2-1.4 s for a named query, more
than most queries take on Oxigraph). With ``remember=True`` (the Oxigraph store's queries), a
text it passed is remembered on disk, keyed by the
SHA-256 of the text, the allow flags and the checker itself (this module's and
:mod:`kgtool.sparql_text`'s source, rdflib's parser module and pyparsing's installed files),
in ``$KGTOOL_CACHE_DIR`` (default ``$XDG_CACHE_HOME/kgtool`` or ``~/.cache/kgtool``;
``KGTOOL_CACHE_DIR=`` turns it off): the same text is then passed without parsing in later
processes; a changed text, a changed checker and every refusal are parsed again, so the
verdicts and messages are exactly the parser's. An unwritable cache directory only costs
the parse.
"""
from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path

from kgtool.bilingual import Bilingual
from kgtool.errors import QueryError, SecurityError

__all__ = ["check_query", "contains_forbidden_keywords", "check_project_files",
           "check_sparql_file", "divergent_text", "remote_constructs", "verdict_cache_dir",
           "verdict_key", "MAX_VERDICTS"]

_KEYWORDS = re.compile(r"\b(SERVICE|FROM|LOAD)\b", re.IGNORECASE)


def _strip_strings_and_comments(text: str) -> str:
    out = re.sub(r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'', '""', text)
    out = re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', '""', out)
    out = re.sub(r"<[^<>\s]*>", "<>", out)
    return re.sub(r"#[^\n]*", "", out)


def contains_forbidden_keywords(text: str) -> list[str]:
    """SERVICE / FROM / LOAD keywords in SPARQL text (outside strings, IRIs and comments).

    >>> contains_forbidden_keywords('SELECT * WHERE { SERVICE <http://x> { ?s ?p ?o } }')
    ['SERVICE']
    >>> contains_forbidden_keywords('SELECT ?s WHERE { ?s ?p "FROM" }')
    []
    """
    return sorted({m.group(1).upper() for m in _KEYWORDS.finditer(_strip_strings_and_comments(text))})


_CONSTRUCTS = {"ServiceGraphPattern": "SERVICE", "DatasetClause": "FROM", "Load": "LOAD"}


def remote_constructs(parsed) -> set[str]:
    """SERVICE, FROM and LOAD in a query or update parsed by rdflib's SPARQL parser."""
    found: set[str] = set()

    def walk(node) -> None:
        name = _CONSTRUCTS.get(getattr(node, "name", None))
        if name:
            found.add(name)
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            for v in node:
                walk(v)

    walk(parsed)
    return found


# Where rdflib (the checker) and Oxigraph (an engine) read the same text differently, so that a
# check by one would not hold for the other: rdflib ends a comment only at a line feed (Oxigraph
# also at a carriage return, so "# x\rSERVICE …\n" hides a live SERVICE from rdflib), and
# rdflib replaces \u / \U escapes in the whole text before parsing (Oxigraph only inside
# strings and IRIs). Found by the SPARQL gate of ``kgtool serve`` (kgtool.servers.gate).
_DIVERGENT = re.compile(r"\r(?!\n)|\\[uU][0-9A-Fa-f]{4}")


def divergent_text(text: str) -> str | None:
    r"""Why ``text`` cannot be checked for every engine (None when it can).

    >>> divergent_text("SELECT * WHERE { ?s ?p ?o } # c\rSERVICE")
    "a carriage return without a line feed at line 1, which kgtool's checker and Oxigraph would read differently; write the characters themselves and end lines with a line feed"
    >>> divergent_text("SELECT * WHERE { ?s ?p ?o }\r\n") is None
    True
    """
    bad = _DIVERGENT.search(text)
    if not bad:
        return None
    what = "a carriage return without a line feed" if bad.group() == "\r" else "a \\u or \\U escape"
    line = text.count("\n", 0, bad.start()) + 1
    return (f"{what} at line {line}, which kgtool's checker and Oxigraph would read "
            f"differently; write the characters themselves and end lines with a line feed")


#: entries kept in the verdict cache; past this the older half is removed
MAX_VERDICTS = 4000
_PASSED: set[str] = set()  # verdict keys passed in this process
_checker_digest: str | None = None


def verdict_cache_dir() -> Path | None:
    """Where passed verdicts are kept (None: the cache is off)."""
    env = os.environ.get("KGTOOL_CACHE_DIR")
    if env is not None:
        return Path(env) / "sparql-checked" if env else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kgtool" / "sparql-checked"


def _checker_identity() -> str:
    """A digest of what decides a verdict: this module's and sparql_text's source, rdflib's
    SPARQL parser module and pyparsing's files (size and time; without importing them)."""
    global _checker_digest
    if _checker_digest is None:
        from importlib.util import find_spec

        h = hashlib.sha256(b"kgtool-check-query-1\0")
        here = Path(__file__).resolve().parent
        for own in ("safety.py", "text.py"):
            h.update((here / own).read_bytes())
        rdflib_spec, pyparsing_spec = find_spec("rdflib"), find_spec("pyparsing")
        for origin in (Path(rdflib_spec.origin).parent / "plugins" / "sparql" / "parser.py",
                       Path(pyparsing_spec.origin)):  # find_spec of a submodule would import
            st = os.stat(origin)
            h.update(f"{origin}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
        _checker_digest = h.hexdigest()
    return _checker_digest


def verdict_key(text: str, *, allow_service: bool = False, allow_from: bool = False) -> str:
    """The cache key of ``text`` checked with these flags (hex SHA-256)."""
    h = hashlib.sha256(_checker_identity().encode())
    h.update(f"\0{int(allow_service)}{int(allow_from)}\0".encode())
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _cached_pass(key: str) -> bool:
    if key in _PASSED:
        return True
    where = verdict_cache_dir()
    if where is not None and (where / key).is_file():
        _PASSED.add(key)
        return True
    return False


def _remember_pass(key: str) -> None:
    _PASSED.add(key)
    where = verdict_cache_dir()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        (where / key).touch()
        if len(_PASSED) == 1:  # once a process: keep the directory bounded
            entries = list(os.scandir(where))
            if len(entries) > MAX_VERDICTS:
                entries.sort(key=lambda e: e.stat().st_mtime)
                for e in entries[: len(entries) // 2]:
                    os.unlink(e.path)
    except OSError:
        pass  # a cache: without it the parse runs again next time


def check_query(text: str, *, allow_service: bool = False, allow_from: bool = False,
                remember: bool = False) -> None:
    """Parse ``text`` as a SPARQL query and refuse what it must not do.

    :param remember: use the verdict cache (see the module docstring): a text passed before
        with the same flags and checker passes without parsing. Only for callers whose
        engine is not rdflib (Oxigraph): parsing also makes rdflib's own SPARQL parser read
        escaped local names right for the rest of the process
        (:func:`kgtool.sparql_text.fix_rdflib_local_names`), which a cached verdict skips
        unless that parser is already loaded.
    :raises QueryError: when it is not a valid SPARQL query (updates included).
    :raises SecurityError: when it uses SERVICE or FROM and that is not allowed, or holds text
        that the checker and Oxigraph would read differently (:func:`divergent_text`).
    """
    divergent = divergent_text(text)
    if divergent:
        raise SecurityError(Bilingual(f"SPARQL refused: {divergent}", f"拒绝执行 SPARQL：{divergent}"))
    if not remember:
        _parse_and_check(text, allow_service=allow_service, allow_from=allow_from)
        return
    key = verdict_key(text, allow_service=allow_service, allow_from=allow_from)
    if _cached_pass(key):
        if "rdflib.plugins.sparql.parser" in sys.modules:
            from kgtool.sparql.text import fix_rdflib_local_names

            fix_rdflib_local_names()  # as a parse here would have (cheap once loaded)
        return
    _parse_and_check(text, allow_service=allow_service, allow_from=allow_from)
    _remember_pass(key)


def _parse_and_check(text: str, *, allow_service: bool, allow_from: bool) -> None:
    # imported here: rdflib's SPARQL grammar takes ~0.1 s to build, which commands that
    # never check a query (``kgtool build --incremental``) should not pay at start-up
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    from kgtool.sparql.text import fix_rdflib_local_names

    fix_rdflib_local_names()  # escaped local names, as the grammar says (see sparql_text)

    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except Exception:
            raise QueryError(Bilingual(  # the parser's own words after ours
                f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}",
                f"SPARQL 语法错误，第 {exc.lineno} 行第 {exc.col} 列：{exc.msg}")) from None
        raise SecurityError(Bilingual("SPARQL updates (INSERT, DELETE, LOAD, DROP …) are refused; "
                                      "kgtool queries are read-only",
                                      "拒绝 SPARQL 更新（INSERT、DELETE、LOAD、DROP …）；kgtool "
                                      "的查询是只读的")) from None
    except Exception as exc:  # rdflib raises assorted errors on malformed input
        raise QueryError(Bilingual(f"SPARQL syntax error: {exc}",
                                   f"SPARQL 语法错误：{exc}")) from None
    found = remote_constructs(parsed)
    if "SERVICE" in found and not allow_service:
        raise SecurityError(Bilingual("SPARQL SERVICE (federated query) is refused; pass "
                                      "--allow-service to permit it",
                                      "拒绝 SPARQL SERVICE（联邦查询）；如需允许，请加 "
                                      "--allow-service"))
    if "FROM" in found and not allow_from:
        raise SecurityError(Bilingual("SPARQL FROM / FROM NAMED is refused (it would load remote "
                                      "or local files); query the loaded graph instead",
                                      "拒绝 SPARQL FROM / FROM NAMED（它会加载远程或本地文件）；"
                                      "请查询已加载的图"))


def check_sparql_file(path, what: str = "query") -> None:
    """Refuse a SPARQL file (a rule or a named query) that uses SERVICE, FROM or LOAD.

    :raises SecurityError: naming the file and the keywords.
    """
    from pathlib import Path

    text = Path(path).read_text(encoding="utf-8")
    bad = contains_forbidden_keywords(text)
    if bad:
        raise SecurityError(f"{path}: {what} uses {', '.join(bad)}, which reaches outside the "
                            f"loaded graph; {what} files may not")


def check_project_files(project) -> None:
    """Refuse a project whose shapes, rules or named queries use SERVICE, FROM or LOAD
    (called when a build loads the project, before anything runs).

    :param project: a :class:`kgtool.project.Project`.
    :raises SecurityError: one line naming the file (and the shape) and the keyword.
    :raises InputError: a shapes file does not parse.
    """
    from rdflib import Graph

    from kgtool.rdf.graph import rdf_files
    from kgtool.rdf.parse import parse_file
    from kgtool.validation.shapes import check_shapes_security

    for path in rdf_files(project.shapes_dir):
        graph = Graph()
        for q in parse_file(path).quads((None, None, None, None)):
            graph.add(q[:3])
        check_shapes_security(graph, path)
    for path in sorted(project.rules_dir.glob("*.rq")):
        check_sparql_file(path, "rule")
    for path in sorted(project.queries_dir.glob("*.rq")):
        check_sparql_file(path, "named query")
