"""The jurisdiction hierarchy and reference data of the synthetic corpus.

Reads the concepts of the real ``data/reference`` (metrics, industries, jurisdiction codes),
builds the administrative hierarchy top-down and writes ``reference/synth-*.ttl``
(jurisdictions, agencies, funded activities) within a triple budget.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from kgtool.synth.model import ID
from kgtool.synth.vocabulary import (ACTIVITIES, AGENCIES, AGENCIES_PER_LEVEL, C1, C2, LEVEL,
                         PROVINCES, N_COUNTIES, N_PREFECTURES)
from kgtool.synth.writer import turtle_literal, TurtleWriter


def reference_concepts(reference_dir: Path) -> tuple[list[str], list[str], set[str]]:
    """Metric slugs, industry slugs and jurisdiction codes of the real reference data."""
    def subjects(name: str, kind: str) -> list[str]:
        path = reference_dir / name
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        return sorted(set(re.findall(rf"^<{kind}/([^>]+)>", text, re.MULTILINE)))

    return (subjects("metrics.ttl", "metric"), subjects("industries.ttl", "industry"),
            set(subjects("jurisdictions.ttl", "jur")))


def metric_kind(slug: str) -> tuple[str, str, str]:
    """(unit, quantity kind, band) of a real metric."""
    if slug.endswith(("rate", "share")):
        return "percent", "rate", "percent"
    if slug.endswith("cycle"):
        return "month", "limit", "month"
    if "enterprise" in slug and "standards" not in slug:
        return "enterprise", "stock", "count"
    if slug.endswith("experts"):
        return "person", "stock", "count"
    if any(k in slug for k in ("zones", "pilots", "bases", "centres", "platforms", "hosted",
                               "tc-sc")):
        return "unit", "stock", "count"
    return "item", "increment", "count"


@dataclass
class SynthJurisdiction:
    code: str
    zh: str
    en: str
    level: int  # 1 provincial, 2 prefecture, 3 county
    parent: str
    cls: str
    abbrev: str
    emit: bool = True
    agencies: list = field(default_factory=list)  # (slug, iri, short zh)


def concept_hierarchy(rng: random.Random) -> list[SynthJurisdiction]:
    """The whole hierarchy, top-down (provinces, prefectures, counties)."""
    provinces = [SynthJurisdiction(c + "0000", zh, en + (" Municipality" if m else ""), 1, "100000",
                      "Municipality" if m else "Province", ab) for c, zh, en, ab, m in PROVINCES]
    with_prefectures = [p for p, row in zip(provinces, PROVINCES)
                        if not row[4] and row[0] not in ("71", "81", "82")]
    prefectures: list[SynthJurisdiction] = []
    per, extra = divmod(N_PREFECTURES, len(with_prefectures))
    for i, prov in enumerate(with_prefectures):
        for k in range(per + (i < extra)):
            (a, pa), (b, pb) = rng.choice(C1), rng.choice(C2)
            prefectures.append(SynthJurisdiction(f"{prov.code[:2]}{k + 1:02d}00", a + b + "市",
                                    pa + pb + " City", 2, prov.code, "PrefectureCity", a))
    parents = prefectures + [p for p in provinces if p.cls == "Municipality"]
    counties: list[SynthJurisdiction] = []
    per, extra = divmod(N_COUNTIES, len(parents))
    for i, parent in enumerate(parents):
        stem = parent.code[:4] if parent.level == 2 else parent.code[:2] + "01"
        for k in range(per + (i < extra)):
            (a, pa), (b, pb) = rng.choice(C1), rng.choice(C2)
            suffix, en = ("区", "District") if parent.level == 1 or k % 2 else ("县", "County")
            counties.append(SynthJurisdiction(f"{stem}{k + 1:02d}", a + b + suffix, f"{pa}{pb} {en}", 3,
                                 parent.code, "District", a))
    return provinces + prefectures + counties


def write_reference(jurs: list[SynthJurisdiction], out: Path, budget: int,
                     real_codes: set[str]) -> tuple[list[SynthJurisdiction], int, list[str]]:
    """Jurisdictions and agencies top-down within ``budget`` triples."""
    jw, aw = TurtleWriter(), TurtleWriter()
    taken: list[SynthJurisdiction] = []
    for j in jurs:
        n_ag = AGENCIES_PER_LEVEL[j.level]
        cost = 6 + 7 * n_ag
        if taken and jw.triples + aw.triples + cost > budget and len(taken) >= 1:
            break
        j.emit = j.code not in real_codes
        if j.emit:
            jw.block(f"<jur/{j.code}>", [
                ("a", f"kgt:{j.cls}"), ("rdfs:label", [turtle_literal(j.zh, "zh"), turtle_literal(j.en, "en")]),
                ("kgt:adminCode", turtle_literal(j.code)), ("kgt:partOf", f"<jur/{j.parent}>")])
        lower = 0 if j.level == 1 else 1
        for slug, zh, en, short, cls in AGENCIES[:n_ag]:
            iri = f"<org/{j.code}-{slug}>"
            pairs = [("a", f"kgt:{cls}"),
                     ("rdfs:label", [turtle_literal(j.zh + zh[lower], "zh"), turtle_literal(f"{j.en} {en}", "en")]),
                     ("skos:altLabel", turtle_literal(short, "zh")), ("kgt:jurisdiction", f"<jur/{j.code}>"),
                     ("kgt:level", f"<level/{LEVEL[j.level]}>")]
            if slug != "gov":
                pairs.append(("org:subOrganizationOf", f"<org/{j.code}-gov>"))
            aw.block(iri, pairs)
            j.agencies.append((slug, iri, short))
        taken.append(j)
    act = TurtleWriter()
    for slug, zh, en in ACTIVITIES:
        act.block(f"<activity/{slug}>", [
            ("a", "skos:Concept"), ("rdfs:label", [turtle_literal(zh, "zh"), turtle_literal(en, "en")]),
            ("skos:prefLabel", [turtle_literal(zh, "zh"), turtle_literal(en, "en")]),
            ("skos:inScheme", "<scheme/funded-activities>")])
    ref = out / "reference"
    ref.mkdir(parents=True, exist_ok=True)
    files = []
    for name, w, what in (("synth-jurisdictions.ttl", jw, "Jurisdictions"),
                          ("synth-agencies.ttl", aw, "Agencies"),
                          ("synth-activities.ttl", act, "Funded activities")):
        (ref / name).write_text(w.text(f"# {what} of a synthetic corpus (kgtool.synth); "
                                       "generated, do not edit.\n"), encoding="utf-8")
        files.append(f"reference/{name}")
    return taken, jw.triples + aw.triples + act.triples, files


def labels(reference_dir: Path, name: str, kind: str) -> dict[str, str]:
    """slug -> Chinese prefLabel of the concepts ``<kind/slug>`` of a reference file."""
    import pyoxigraph as ox

    path = reference_dir / name
    out: dict[str, str] = {}
    if not path.is_file():
        return out
    prefix = f"{ID}{kind}/"
    for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        s, o = q.subject, q.object
        if (q.predicate.value.endswith("#prefLabel") and isinstance(o, ox.Literal)
                and o.language == "zh" and isinstance(s, ox.NamedNode) and s.value.startswith(prefix)):
            out.setdefault(s.value[len(prefix):], o.value)
    return dict(sorted(out.items()))
