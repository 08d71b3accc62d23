"""Named SPARQL queries: files in ``queries/`` with a ``#+`` metadata header.

One query per file; the kebab-case file name is the query's name. The header is made of
``#+ key: value`` lines (``title``, ``summary``, ``description``, ``tags``, ``params``,
``endpoint``), so the file still runs in any SPARQL tool. Parameters follow the BASIL
convention: ``?_name`` is required, ``?__name`` optional; a suffix gives the type
(``_iri``, ``_xsd_integer``, ``_xsd_decimal``, ``_xsd_gYear``, ``_xsd_date``,
``_xsd_boolean``); otherwise the value is a plain string. Values are bound as RDF terms
(``initBindings`` or a ``VALUES`` block), never pasted into the query text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kgtool.bilingual import Bilingual
from kgtool.errors import QueryError
from kgtool.project import builtin_queries_dir
from kgtool.rdf.lexical import is_valid_lexical
from kgtool.rdf.namespaces import PREFIXES
from kgtool.querying.results import ResultTable

__all__ = ["NamedQuery", "Parameter", "load_named_queries", "get_named_query", "bind_parameters",
           "run_query", "parse_header", "builtin_queries_dir"]

_PARAM_RE = re.compile(r"[?$](__?)([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)")
_TYPES = {"iri": None, "xsd_integer": XSD.integer, "xsd_decimal": XSD.decimal,
          "xsd_gYear": XSD.gYear, "xsd_date": XSD.date, "xsd_boolean": XSD.boolean,
          "xsd_string": XSD.string}
_EXAMPLES = {"xsd_integer": "12", "xsd_decimal": "0.5", "xsd_gYear": "2015",
             "xsd_date": "2017-06-30", "xsd_boolean": "true or false"}
_BAD_IRI_CHARS = re.compile(r'[\s<>"{}|^`\\]')


@dataclass(frozen=True)
class Parameter:
    """A query parameter (a BASIL variable)."""

    name: str
    variable: str
    kind: str  # "iri", "string" or an xsd type suffix
    required: bool
    description: str = ""

    def to_term(self, value: str) -> Node:
        """Turn a user-supplied string into an RDF term of this parameter's type."""
        if self.kind == "iri":
            return parse_iri(value, param=self.name)
        if self.kind == "string":
            return Literal(value)
        datatype = _TYPES[self.kind]
        lit = Literal(value, datatype=datatype)
        if datatype != XSD.string and (lit.ill_typed or not is_valid_lexical(lit)):
            kind, example = self.kind[4:], _EXAMPLES[self.kind]
            raise QueryError(Bilingual(f"parameter {self.name}: {value!r} is not a valid {kind}"
                                       f" (expected e.g. {example})",
                                       f"参数 {self.name}：{value!r} 不是有效的 {kind}（例如 {example}）"))
        return lit


def parse_iri(value: str, *, param: str = "value") -> URIRef:
    """An IRI from ``<iri>``, a full IRI or a CURIE with a project prefix (``kg:jur/500000``)."""
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        v = v[1:-1]
    prefix, sep, local = v.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        v = str(PREFIXES[prefix]) + local
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", v) or _BAD_IRI_CHARS.search(v):
        raise QueryError(Bilingual(f"parameter {param}: {value!r} is not a valid IRI",
                                   f"参数 {param}：{value!r} 不是有效的 IRI"))
    return URIRef(v)


@dataclass
class NamedQuery:
    """A query file with its metadata."""

    name: str
    text: str
    path: Path | None = None
    meta: dict = field(default_factory=dict)
    parameters: list[Parameter] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.meta.get("summary") or self.name)

    @property
    def summary(self) -> str:
        return str(self.meta.get("summary") or self.meta.get("title") or "")

    @property
    def description(self) -> str:
        return str(self.meta.get("description") or "")

    @property
    def tags(self) -> list[str]:
        return list(self.meta.get("tags") or [])

    @property
    def example_params(self) -> dict[str, str]:
        """Parameters of the ``#+ example: [name=value, …]`` header (used by tests and docs)."""
        items = self.meta.get("example") or []
        items = [items] if isinstance(items, str) else items
        return dict(item.split("=", 1) for item in items if "=" in item)

    @property
    def simplified_params(self) -> set[str]:
        """Parameters of the ``#+ simplified: [name, …]`` header: their values are converted
        to simplified characters before binding (the query compares them with simplified text)."""
        items = self.meta.get("simplified") or []
        return {items} if isinstance(items, str) else set(items)

    @property
    def role(self) -> str:
        """``violation`` (must return no rows), ``construct`` or ``report``."""
        if self.name.endswith("-violation"):
            return "violation"
        if self.name.startswith("construct-"):
            return "construct"
        return "report"

    @classmethod
    def from_text(cls, name: str, text: str, path: Path | None = None) -> "NamedQuery":
        meta = parse_header(text, source=str(path or name))
        docs = meta.get("params") or {}
        if not isinstance(docs, dict):
            docs = {}
        params: dict[str, Parameter] = {}
        body = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("#"))
        for m in _PARAM_RE.finditer(body):
            under, raw = m.groups()
            kind, base = "string", raw
            for suffix in sorted(_TYPES, key=len, reverse=True):
                if raw.endswith("_" + suffix):
                    kind, base = suffix, raw[: -len(suffix) - 1]
                    break
            variable = under + raw
            params.setdefault(base, Parameter(base, variable, kind, under == "_",
                                              str(docs.get(base, ""))))
        return cls(name, text, path, meta, list(params.values()))


def _scalar(value: str):
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        return [v.strip().strip("'\"") for v in value[1:-1].split(",") if v.strip()]
    return value.strip("'\"") if value[:1] in "'\"" else value


def parse_header(text: str, *, source: str = "<query>") -> dict:
    """The ``#+`` header of a query file as a dict (a small YAML subset).

    Supports ``key: value``, ``key: [a, b]``, and a key followed by ``- item`` lines or
    ``name: text`` lines indented under it.

    >>> parse_header("#+ summary: Who funds what?\\n#+ tags: [funding, agency]\\nSELECT * {}")
    {'summary': 'Who funds what?', 'tags': ['funding', 'agency']}
    """
    meta: dict = {}
    current: str | None = None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#+"):
            if line.strip() and not line.startswith("#"):
                break
            continue
        content = line[2:]
        if not content.strip():
            continue
        indented = content.startswith("   ") or content.lstrip().startswith("- ")
        stripped = content.strip()
        if indented and current is not None:
            if stripped.startswith("- "):
                if not isinstance(meta[current], list):
                    meta[current] = []
                meta[current].append(_scalar(stripped[2:]))
            elif ":" in stripped:
                if not isinstance(meta[current], dict):
                    meta[current] = {}
                k, _, v = stripped.partition(":")
                meta[current][k.strip()] = v.strip()
            continue
        key, sep, value = stripped.partition(":")
        if not sep:
            raise QueryError(f"{source}:{lineno}: header line is not 'key: value'")
        current = key.strip()
        meta[current] = _scalar(value) if value.strip() else ""
    return meta




def load_named_queries(directory: Path) -> dict[str, NamedQuery]:
    """Every ``*.rq`` file of ``directory`` by name.

    :raises SecurityError: when a file uses SERVICE, FROM or LOAD (named with the file).
    """
    from kgtool.sparql.safety import check_sparql_file

    out = {}
    for path in sorted(Path(directory).glob("*.rq")):
        check_sparql_file(path, "named query")
        out[path.stem] = NamedQuery.from_text(path.stem, path.read_text(encoding="utf-8"), path)
    return out


def get_named_query(directory: Path, name: str) -> NamedQuery:
    """One named query, or :class:`QueryError` listing the known names."""
    queries = load_named_queries(directory)
    if name not in queries:
        known = ", ".join(queries)
        raise QueryError(Bilingual(f"no named query {name!r} in {directory} (known: {known or 'none'})",
                                   f"{directory} 中没有名为 {name!r} 的查询（已有：{known or '无'}）"))
    return queries[name]


def bind_parameters(query: NamedQuery, values: Mapping[str, str]) -> dict[str, Node]:
    """Check and convert user values into bindings ``{variable: term}``.

    :raises QueryError: on an unknown or missing parameter or an invalid value.
    """
    by_name = {p.name: p for p in query.parameters}
    unknown = sorted(set(values) - set(by_name))
    if unknown:
        names, known = ", ".join(unknown), ", ".join(by_name)
        raise QueryError(Bilingual(f"query {query.name!r} has no parameter {names}"
                                   f" (parameters: {known or 'none'})",
                                   f"查询 {query.name!r} 没有参数 {names}（参数：{known or '无'}）"))
    bindings: dict[str, Node] = {}
    simplified = query.simplified_params
    for p in query.parameters:
        if p.name in values:
            value = values[p.name]
            if p.name in simplified:  # matched against simplified text: 採標率 finds 采标率
                from kgtool.intake.textnorm import to_simplified

                value = to_simplified(value)
            bindings[p.variable] = p.to_term(value)
        elif p.required:
            raise QueryError(Bilingual(f"query {query.name!r} needs --param {p.name}=…"
                                       + (f" ({p.description})" if p.description else ""),
                                       f"查询 {query.name!r} 需要 --param {p.name}=…"
                                       + (f"（{p.description}）" if p.description else "")))
    return bindings


def run_query(store, query: NamedQuery | str, params: Mapping[str, str] | None = None, *,
              timeout: float | None = 30.0) -> ResultTable:
    """Run a named query (or SPARQL text) on ``store`` with bound parameters.

    :param store: any :class:`kgtool.stores.base.Store`.
    :param query: a :class:`NamedQuery` or SPARQL text (its BASIL variables are parameters).
    :param params: parameter values as strings (``{"jurisdiction": "kg:jur/500000"}``).
    :returns: the :class:`ResultTable`.
    :raises QueryError: on a bad parameter, a syntax error, or a timeout.
    :raises SecurityError: when the query uses SERVICE/FROM/updates.
    """
    if isinstance(query, str):
        query = NamedQuery.from_text("<text>", query)
    values = dict(params or {})
    try:
        bindings = bind_parameters(query, values)
    except QueryError as exc:
        _suggest_for_invalid_iri(store, query, values, exc, timeout)
        raise
    check_parameters(store, query, values, bindings, timeout=timeout)
    return store.select(query.text, bindings=bindings, timeout=timeout)


def check_parameters(store, query: NamedQuery, values: Mapping[str, str],
                     bindings: Mapping[str, Node], *, timeout: float | None = 30.0) -> None:
    """Refuse, before the query runs, an IRI parameter that names nothing in the graph (a
    query would answer zero rows as if that were the answer); the error names the closest IRIs.

    :raises QueryError: one line with the closest matches (see :mod:`kgtool.querying.terms`).
    """
    from kgtool.querying.terms import check_iri_exists

    for p in query.parameters:
        if p.kind == "iri" and p.variable in bindings:
            check_iri_exists(store, p.name, values[p.name], bindings[p.variable], timeout=timeout)


def _suggest_for_invalid_iri(store, query: NamedQuery, values, exc: QueryError, timeout) -> None:
    """A value that is not an IRI at all (``-p jurisdiction=重庆``): name the IRIs it may mean."""
    from kgtool.querying.terms import unknown_message

    for p in query.parameters:
        if p.kind == "iri" and p.name in values and str(exc).startswith(f"parameter {p.name}:"):
            raise QueryError(unknown_message(store, p.name, values[p.name], timeout=timeout,
                                             invalid=True)) from None
