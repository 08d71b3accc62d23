"""Look up the IRIs a query parameter can take, and check a parameter before a query runs.

A parameter IRI that names nothing in the graph would make a query return zero rows, which
looks like an answer; :func:`check_iri_exists` refuses it with the closest IRIs instead
(:mod:`difflib` on the IRIs' local names and on their labels, compared in simplified script).
:func:`list_terms` answers ``kgtool terms KIND [TEXT]``: the IRIs of one kind with their zh and
en labels, filtered by text in either script.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.term import Node

from kgtool.bilingual import Bilingual
from kgtool.errors import QueryError
from kgtool.rdf.namespaces import KG, PREFIXES
from kgtool.intake.textnorm import normalize

__all__ = ["Term", "TERM_KINDS", "list_terms", "check_iri_exists", "closest_terms", "curie",
           "local_name_similarity"]

# What each kind is in the graph: a SPARQL pattern binding ?term (constants only).
_KIND_PATTERNS = {
    "metrics": "?term skos:inScheme <https://w3id.org/kgtool/id/scheme/metrics> .",
    "industries": "?term skos:inScheme <https://w3id.org/kgtool/id/scheme/industries> .",
    "jurisdictions": "?term a/rdfs:subClassOf* kgt:Jurisdiction .",
    "agencies": "?term a/rdfs:subClassOf* org:Organization .",
    "documents": "?term a kgt:PolicyDocument .",
}
TERM_KINDS = tuple(_KIND_PATTERNS)

_PREFIXES = """PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dct: <http://purl.org/dc/terms/>
"""

# every labelled IRI of the project namespace, with every label (any language)
_LABELLED = _PREFIXES + """SELECT DISTINCT ?term ?label WHERE {
  ?term rdfs:label|skos:prefLabel|skos:altLabel|dct:title|kgt:docNumber ?label .
  FILTER(isIRI(?term) && STRSTARTS(STR(?term), "https://w3id.org/kgtool/id/"))
}"""

_USED = "SELECT ?p WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } } LIMIT 1"


@dataclass(frozen=True)
class Term:
    """An IRI of the graph with its Chinese and English labels (empty when it has none)."""

    iri: str
    zh: str
    en: str

    @property
    def curie(self) -> str:
        return curie(self.iri)


def curie(iri: str) -> str:
    """``kg:metric/x`` for a project IRI, else the IRI itself.

    >>> curie("https://w3id.org/kgtool/id/jur/500000")
    'kg:jur/500000'
    """
    for name, ns in PREFIXES.items():
        if iri.startswith(str(ns)) and name in ("kg", "kgt"):
            return f"{name}:{iri[len(str(ns)):]}"
    return iri


def local_name_similarity(a: str, b: str) -> float:
    """difflib ratio of two local names (``metric/local-standards``), also with their
    ``-``-separated words sorted, so swapped words score high.

    >>> local_name_similarity("metric/local-standards", "metric/standards-local")
    1.0
    """
    a, b = a.lower(), b.lower()
    words = lambda x: sorted(x.replace("/", "-").split("-"))  # noqa: E731
    return max(difflib.SequenceMatcher(None, a, b).ratio(),
               difflib.SequenceMatcher(None, words(a), words(b)).ratio())


def _labels_query(kind: str) -> str:
    return _PREFIXES + f"""SELECT DISTINCT ?term ?zh ?en WHERE {{
  {_KIND_PATTERNS[kind]}
  FILTER(isIRI(?term))
  OPTIONAL {{ ?term rdfs:label|dct:title ?zh FILTER(lang(?zh) = "zh") }}
  OPTIONAL {{ ?term rdfs:label ?en FILTER(lang(?en) = "en") }}
}}"""


def list_terms(store, kind: str, text: str | None = None, *, timeout: float | None = 30.0) -> list[Term]:
    """The IRIs of one kind (``metrics``, ``industries``, ``jurisdictions``, ``agencies``,
    ``documents``) with zh and en labels, sorted by IRI; with ``text``, only those whose IRI,
    labels or other names contain it (compared in simplified script, so 標準 finds 标准).

    :raises QueryError: on an unknown kind.
    """
    if kind not in _KIND_PATTERNS:
        kinds = ", ".join(TERM_KINDS)
        raise QueryError(Bilingual(f"unknown kind {kind!r} (choose one of {kinds})",
                                   f"未知的类别 {kind!r}（可选：{kinds}）"))
    table = store.select(_labels_query(kind), timeout=timeout)
    terms: dict[str, Term] = {}
    for iri, zh, en in table.rows:
        key = str(iri)
        if key not in terms or (not terms[key].zh and zh) or (not terms[key].en and en):
            old = terms.get(key)
            terms[key] = Term(key, str(zh or (old.zh if old else "")), str(en or (old.en if old else "")))
    out = sorted(terms.values(), key=lambda t: t.iri)
    if text:
        needle = normalize(text).lower()
        names = _all_names(store, timeout)
        out = [t for t in out if needle in normalize(t.curie).lower()
               or any(needle in n for n in names.get(t.iri, ()))]
    return out


def _all_names(store, timeout) -> dict[str, list[str]]:
    """Every IRI's labels (all languages, alternative labels, titles, numbers), as matching keys."""
    names: dict[str, list[str]] = {}
    for term, label in store.select(_LABELLED, timeout=timeout).rows:
        names.setdefault(str(term), []).append(normalize(str(label)).lower())
    return names


def closest_terms(store, wanted: str, *, n: int = 5, timeout: float | None = 30.0) -> list[Term]:
    """The project IRIs closest to ``wanted`` (an IRI, CURIE or label): difflib ratio on the
    local name after the same kind prefix (``metric/…``) and on every label."""
    names = _all_names(store, timeout)
    key = normalize(wanted).lower()
    local = wanted[len(str(KG)):] if wanted.startswith(str(KG)) else wanted.split(":", 1)[-1]
    kind_prefix = local.split("/", 1)[0] + "/" if "/" in local.lstrip("/") else ""
    scores: dict[str, float] = {}
    for iri, labels in names.items():
        iri_local = iri[len(str(KG)):]
        if kind_prefix and not iri_local.startswith(kind_prefix):
            continue
        best = local_name_similarity(normalize(local), iri_local)
        if kind_prefix:  # compare the part after the kind too (local-standards ~ standards-local)
            best = max(best, local_name_similarity(local[len(kind_prefix):],
                                                   iri_local[len(kind_prefix):]))
        for label in labels:
            best = max(best, difflib.SequenceMatcher(None, key, label).ratio())
            if key and key in label:
                best = max(best, 0.8)
        scores[iri] = best
    chosen = [iri for iri, s in sorted(scores.items(), key=lambda x: (-x[1], x[0])) if s >= 0.6][:n]
    return [_term_labels(store, iri, timeout) for iri in chosen]


def _term_labels(store, iri: str, timeout) -> Term:
    table = store.select(_PREFIXES + """SELECT ?zh ?en WHERE {
  OPTIONAL { ?term rdfs:label|dct:title ?zh FILTER(lang(?zh) = "zh") }
  OPTIONAL { ?term rdfs:label ?en FILTER(lang(?en) = "en") } } LIMIT 1""",
                         bindings={"term": URIRef(iri)}, timeout=timeout)
    zh, en = (table.rows[0] if table.rows else (None, None))
    return Term(iri, str(zh or ""), str(en or ""))


def describe_matches(terms: list[Term]) -> str:
    """``kg:metric/a (中文, English); …`` for an error message."""
    parts = []
    for t in terms:
        labels = ", ".join(x for x in (t.zh, t.en) if x)
        parts.append(f"{t.curie} ({labels})" if labels else t.curie)
    return "; ".join(parts)


def check_iri_exists(store, param: str, value: str, iri: Node, *,
                     timeout: float | None = 30.0) -> None:
    """Refuse an IRI parameter that occurs nowhere in the graph, naming the closest IRIs.

    :raises QueryError: ``parameter metric: kg:metric/x names nothing in the graph; closest: …``
    """
    if store.select(_USED, bindings={"x": iri}, timeout=timeout).rows:
        return
    raise QueryError(unknown_message(store, param, value, timeout=timeout))


def unknown_message(store, param: str, value: str, *, timeout: float | None = 30.0,
                    invalid: bool = False) -> Bilingual:
    """The one-line error for a parameter value that names nothing (``invalid``: that is not
    an IRI at all), with the closest IRIs."""
    matches = closest_terms(store, value.strip().strip("<>"), timeout=timeout)
    closest = describe_matches(matches)
    what = "is not a valid IRI" if invalid else "names nothing in the graph"
    hint = (f"closest: {closest}" if matches
            else "no similar IRI; list candidates with `kgtool terms KIND TEXT`")
    what_zh = "不是有效的 IRI" if invalid else "在图中不指称任何对象"
    hint_zh = (f"最接近的：{closest}" if matches
               else "没有相似的 IRI；可用 `kgtool terms KIND TEXT` 列出候选")
    return Bilingual(f"parameter {param}: {value!r} {what}; {hint}",
                     f"参数 {param}：{value!r} {what_zh}；{hint_zh}")
