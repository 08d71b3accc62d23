"""The reference graph used for matching: organisation, metric and industry labels.

:func:`load_reference` reads ``<data_dir>/reference/*.ttl`` once per directory (cached);
:func:`_doc_place` and :func:`_pick` choose between organisations of the same name by the
place the document names most.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..errors import InputError
from ..namespaces import KG, KGT
from ..textnorm import normalize


# ----------------------------------------------------------------------------- reference
@dataclass
class Reference:
    """Labels of the reference graph used for matching (organisations, metrics, industries)."""

    graph: Graph
    orgs: dict[str, list[URIRef]] = field(default_factory=dict)      # normalised name -> orgs
    org_label: dict[URIRef, str] = field(default_factory=dict)       # org -> zh label
    industries: list[tuple[str, URIRef]] = field(default_factory=list)

    def label(self, node, lang: str = "zh") -> str | None:
        for o in self.graph.objects(node, SKOS.prefLabel):
            if getattr(o, "language", None) == lang:
                return str(o)
        for o in self.graph.objects(node, RDFS.label):
            if getattr(o, "language", None) == lang:
                return str(o)
        return None


def _strip_collective(name: str) -> str:
    return re.sub(r"^(各|有关)|\(自治县\)", "", name)


@lru_cache(maxsize=4)
def _load_reference_cached(ref_dir: str) -> Reference:
    g = Graph()
    for f in sorted(Path(ref_dir).glob("*.ttl")):
        g.parse(f, format="turtle")
    ref = Reference(graph=g)
    from rdflib.namespace import ORG
    org_classes = {ORG.Organization} | set(g.subjects(RDFS.subClassOf, ORG.Organization))
    org_types = (KGT.Government, KGT.GovernmentAgency, KGT.CoordinationBody, KGT.CollectiveActor,
                 KGT.IndustryBody, KGT.StandardizationBody, KGT.TechnicalCommittee, ORG.Organization)
    orgs = {s for t in (*org_types, *org_classes) for s in g.subjects(RDF.type, t)}
    for o in sorted(orgs):
        for p in (RDFS.label, SKOS.altLabel, SKOS.prefLabel):
            for lab in g.objects(o, p):
                if str(getattr(lab, "language", "") or "").startswith("zh"):
                    key = normalize(str(lab))
                    for k in {key, _strip_collective(key)}:
                        ref.orgs.setdefault(k, [])
                        if o not in ref.orgs[k]:
                            ref.orgs[k].append(o)
                    if p == RDFS.label and lab.language == "zh":
                        ref.org_label[o] = str(lab)
    for ind in sorted(set(g.subjects(SKOS.inScheme, KG["scheme/industries"]))):
        for p in (RDFS.label, SKOS.altLabel):
            for lab in g.objects(ind, p):
                if str(getattr(lab, "language", "") or "").startswith("zh") and len(str(lab)) >= 2:
                    ref.industries.append((normalize(str(lab)), ind))
    ref.industries.sort(key=lambda x: -len(x[0]))
    return ref


def load_reference(data_dir: str | os.PathLike | None = None) -> Reference:
    """Load ``<data_dir>/reference/*.ttl`` (default: the project's ``data/``)."""
    if data_dir is None:
        from ..project import default_project
        data_dir = default_project().data[0]
    ref_dir = Path(data_dir) / "reference"
    if not ref_dir.is_dir():
        raise InputError("no reference/ directory", path=str(data_dir))
    return _load_reference_cached(str(ref_dir.resolve()))

def _doc_place(text: str, ref: Reference) -> str | None:
    counts = {}
    for lab in ref.org_label.values():
        place = lab[:2]
        if place not in counts:
            counts[place] = text.count(place)
    best = max(counts.items(), key=lambda kv: kv[1], default=(None, 0))
    return best[0] if best[1] else None


def _pick(cands: list[URIRef], ref: Reference, place: str | None) -> URIRef:
    if len(cands) > 1 and place:
        for c in cands:
            if ref.org_label.get(c, "").startswith(place):
                return c
    return cands[0]
