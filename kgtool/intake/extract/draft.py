"""The draft's data: :class:`DraftFact`, :class:`Draft`, and the extraction context ``DraftContext``.

``DraftContext`` carries the text view, the reference labels, the document slug and IRI, and the
organisations drafted from the text that the reference data does not know.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from kgtool.intake.textnorm import normalize
from kgtool.intake.extract.reference import Reference, doc_place, pick_reference, strip_collective
from kgtool.intake.extract.text import TextView


# --------------------------------------------------------------------------------- draft
@dataclass
class DraftFact:
    """One drafted fact: its kind, key values, and the quote it was read from."""

    kind: str
    quote: str
    start: int
    end: int
    values: dict = field(default_factory=dict)
    iri: URIRef | None = None

    def key(self) -> tuple:
        vals = tuple(sorted((k, str(v)) for k, v in self.values.items()
                            if k not in ("comment", "recipient")))
        return self.kind, normalize(self.quote), vals


@dataclass
class Draft:
    """The result of :func:`extract_document`: the draft graph and its facts."""

    graph: Graph
    facts: list[DraftFact]
    doc_iri: URIRef
    text: str
    metadata: dict

    def by_kind(self, kind: str) -> list[DraftFact]:
        return [f for f in self.facts if f.kind == kind]


_FROM_TEXT = object()


class DraftContext:
    """What the rules share while drafting one text; ``place`` (a
    :class:`~kgtool.intake.extract.jurisdiction.JurisdictionGuess`) is read from the text unless
    given (the review file resolves the names an analyst adds in the draft's jurisdiction)."""

    def __init__(self, view: TextView, ref: Reference, slug: str, doc: URIRef, *, place=_FROM_TEXT) -> None:
        self.view, self.ref, self.slug, self.doc = view, ref, slug, doc
        self.place = doc_place(view.text, ref) if place is _FROM_TEXT else place
        self.ref = ref.for_place(self.place)   # no organisation of another jurisdiction
        self.new_orgs: dict[str, URIRef] = {}
        self.new_org_names: dict[str, str] = {}

    def org(self, name: str, *, create: bool = True) -> URIRef | None:
        key = normalize(name)
        for k in (key, strip_collective(key)):
            cands = self.ref.orgs.get(k)
            if cands:
                return pick_reference(cands, self.ref, self.place)
        if not create or not key:
            return None
        if key not in self.new_orgs:
            self.new_orgs[key] = URIRef(f"{self.doc}/org-{len(self.new_orgs) + 1:02d}")
            self.new_org_names[key] = name
        return self.new_orgs[key]

def make_slug(source_name: str) -> str:
    stem = Path(source_name).stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    return slug or "doc"
