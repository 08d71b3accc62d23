"""The reference graph used for matching: organisation, metric and industry labels.

:func:`load_reference` reads ``<data_dir>/reference/*.ttl`` once per directory (cached);
:meth:`Reference.for_place` keeps the organisations a document of one jurisdiction can mean;
:func:`doc_place` is the document's jurisdiction and :func:`pick_reference` chooses between
organisations of the same name by the nearest jurisdiction.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kgtool.errors import InputError
from kgtool.rdf.namespaces import KG, KGT
from kgtool.intake.textnorm import normalize


# ----------------------------------------------------------------------------- reference
@dataclass
class Reference:
    """Labels of the reference graph used for matching (organisations, metrics, industries)."""

    graph: Graph
    orgs: dict[str, list[URIRef]] = field(default_factory=dict)      # normalised name -> orgs
    org_label: dict[URIRef, str] = field(default_factory=dict)       # org -> zh label
    industries: list[tuple[str, URIRef]] = field(default_factory=list)
    org_jur: dict[URIRef, str] = field(default_factory=dict)          # org -> GB/T 2260 code
    key_place: dict[str, str] = field(default_factory=dict)          # label naming a place -> code

    def for_place(self, place) -> "Reference":
        """This reference with only the organisations a document of ``place`` can mean.

        An organisation is a candidate for a label when its jurisdiction is the document's
        jurisdiction or one of its ancestors (市质监局 in a Hechuan text is Chongqing's), or when
        the label itself names the organisation's place (重庆市人民政府 in any text). A
        document of unknown jurisdiction keeps national organisations and place-naming labels.

        :param place: a :class:`~kgtool.intake.extract.jurisdiction.JurisdictionGuess` or ``None``.
        """
        from kgtool.intake.extract.jurisdiction import COUNTRY, lineage

        allowed = {d.code for d in lineage(place.code)} if place is not None else {COUNTRY}
        orgs: dict[str, list[URIRef]] = {}
        for key, cands in self.orgs.items():
            named = self.key_place.get(key)
            keep = [o for o in cands if self.org_jur.get(o) in allowed
                    or (named is not None and self.org_jur.get(o) == named)]
            if keep:
                orgs[key] = keep
        return Reference(graph=self.graph, orgs=orgs, org_label=self.org_label,
                         industries=self.industries, org_jur=self.org_jur, key_place=self.key_place)

    def label(self, node, lang: str = "zh") -> str | None:
        for o in self.graph.objects(node, SKOS.prefLabel):
            if getattr(o, "language", None) == lang:
                return str(o)
        for o in self.graph.objects(node, RDFS.label):
            if getattr(o, "language", None) == lang:
                return str(o)
        return None


def strip_collective(name: str) -> str:
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
                    for k in {key, strip_collective(key)}:
                        ref.orgs.setdefault(k, [])
                        if o not in ref.orgs[k]:
                            ref.orgs[k].append(o)
                    if p == RDFS.label and lab.language == "zh":
                        ref.org_label[o] = str(lab)
    for o in orgs:
        jur = g.value(o, KGT.jurisdiction)
        if jur is not None:
            ref.org_jur[o] = str(jur).rsplit("/", 1)[-1]
    ref.key_place = _keys_naming_places(list(ref.orgs))
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
        from kgtool.project import default_project
        data_dir = default_project().data[0]
    ref_dir = Path(data_dir) / "reference"
    if not ref_dir.is_dir():
        raise InputError("no reference/ directory", path=str(data_dir))
    return _load_reference_cached(str(ref_dir.resolve()))

def _keys_naming_places(keys: list[str]) -> dict[str, str]:
    """The organisation labels that name a place themselves (重庆市人民政府), with its code."""
    from kgtool.intake.extract.jurisdiction import places_in

    keys = [k for k in keys if re.search(r"[省市区县州]", k)]
    return {k: d.code for k, d in zip(keys, places_in(keys)) if d is not None}


def doc_place(text: str, ref: Reference):
    """The document's jurisdiction (:func:`~kgtool.intake.extract.jurisdiction.infer_jurisdiction`)."""
    from kgtool.intake.extract.jurisdiction import infer_jurisdiction

    return infer_jurisdiction(text)


def pick_reference(cands: list[URIRef], ref: Reference, place) -> URIRef:
    """Of several organisations of one name, the one of the nearest jurisdiction."""
    if len(cands) > 1 and place is not None:
        from kgtool.intake.extract.jurisdiction import lineage

        order = {d.code: i for i, d in enumerate(lineage(place.code))}
        return min(cands, key=lambda c: order.get(ref.org_jur.get(c), len(order)))
    return cands[0]
