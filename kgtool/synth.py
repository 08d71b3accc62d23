"""Deterministic synthetic corpus in kgtool's own ontology, shaped like the real graph (issue #8).

:func:`generate` writes, for a triple budget and a seed, byte-identical Turtle on every run:

* ``reference/synth-jurisdictions.ttl``: the administrative hierarchy top-down, as far as the
  budget allows (34 provincial-level units with their GB/T 2260 codes and names, then 333
  prefecture cities, then 2,844 counties/districts with synthetic names and GB/T 2260-like
  codes), ``kgt:partOf`` up to the real ``kg:jur/100000``; codes already in the real
  ``data/reference/jurisdictions.ttl`` are used but not re-emitted;
* ``reference/synth-agencies.ttl``: per jurisdiction a government and agencies (人民政府,
  办公厅, 质量技术监督局, 财政局 …) from a template list; ``reference/synth-activities.ttl``;
* ``documents/GGG-NNNNNN.ttl``: one file per numbered document (issued 2005–2025, 文号 like
  ``苏政发〔2012〕17号``) with its targets, goals, programs, measures, tasks and assignments,
  zones, standardization-body measures, industry priorities and funding, in the measured
  proportions of the five real documents; ``GGG`` groups documents into at most ~500 graphs
  ``kgg:doc-GGG`` (:func:`kgtool.graph.graph_name_for` keys graphs by a 3-digit prefix);
* ``manifest.json``: counts and the deliberately broken facts, each with its focus node and
  the shape expected to report it.

Metrics, units, comparators, quantity kinds, levels, roles, zone types, body types, document
types and industries are the real concepts of ``data/reference``, so the corpus loads with
the real ontology and reference data and conforms except for the injected violations.
Amounts are IRI nodes ``<fact>/amount`` (the real data uses blank nodes) so that a broken
amount can be named in the manifest. Turtle is written as text (no rdflib): 1M triples take
a few seconds.
"""
from __future__ import annotations

import json
import math
import random
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .project import default_project

__all__ = ["generate", "SynthManifest", "InjectedViolation", "VIOLATION_KINDS", "PROPORTIONS"]

GENERATOR_VERSION = "1"
KGSH = "https://w3id.org/kgtool/shapes#"
ID = "https://w3id.org/kgtool/id/"

# Facts per numbered document, measured on data/documents (5 numbered documents) with
#   SELECT ?cls (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a ?cls } } GROUP BY ?cls
# over the kgg:doc-* graphs: Measure 196, IndustryPriority 57, Target 43, Goal 40, Program 39,
# DemonstrationZone 39, Task 18 (87 TaskAssignment: responsible 70, cooperating 15, lead 2),
# FundingMeasure 14, BudgetStatement 9, StandardizationBodyMeasure 7; 21 PolicyDocument nodes
# (5 numbered + transmitted, cited and planned ones); ~1,090 triples per numbered document.
PROPORTIONS = {"measure": 196, "industry": 57, "target": 43, "goal": 40, "program": 39,
               "zone": 39, "task": 18, "funding": 14, "budget": 9, "sbm": 7}
ROLE_WEIGHTS = {"responsible": 70, "cooperating": 15, "lead": 2}
ASSIGNMENTS_PER_TASK = 87 / 18
REFERENCE_SHARE = 0.2  # share of the budget for jurisdictions and agencies (real: ~0.3 with concepts)
DOC_TRIPLES = (400, 1800)  # triples per numbered document (real mean ~1,090)

#: kind -> (shape IRI expected in the report, SHACL constraint component)
VIOLATION_KINDS = {
    "missing-quote": (KGSH + "PolicyFact-quote-count", "sh:MinCountConstraintComponent"),
    "range-min-above-max": (KGSH + "Target-range-order", "sh:LessThanOrEqualsConstraintComponent"),
    "percent-above-100": (KGSH + "Target-percent-bounds", "sh:OrConstraintComponent"),
    "deadline-before-issue": (KGSH + "Goal-deadline-after-issue", "sh:SPARQLConstraintComponent"),
    "task-without-lead": (KGSH + "Task-lead", "sh:QualifiedMinCountConstraintComponent"),
    "amount-not-positive": (KGSH + "MonetaryAmount-value-positive",
                            "sh:MinExclusiveConstraintComponent"),
    "conflicting-values": (KGSH + "ConflictingTargetValues", "sh:SPARQLConstraintComponent"),
}

_PREFIXES = """@base <https://w3id.org/kgtool/id/> .
@prefix kgt: <https://w3id.org/kgtool/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# 34 provincial-level units: GB/T 2260 code, name, English, 文号 abbreviation, municipality?
_PROVINCES = [
    ("11", "北京市", "Beijing", "京", 1), ("12", "天津市", "Tianjin", "津", 1),
    ("13", "河北省", "Hebei", "冀", 0), ("14", "山西省", "Shanxi", "晋", 0),
    ("15", "内蒙古自治区", "Inner Mongolia", "内", 0), ("21", "辽宁省", "Liaoning", "辽", 0),
    ("22", "吉林省", "Jilin", "吉", 0), ("23", "黑龙江省", "Heilongjiang", "黑", 0),
    ("31", "上海市", "Shanghai", "沪", 1), ("32", "江苏省", "Jiangsu", "苏", 0),
    ("33", "浙江省", "Zhejiang", "浙", 0), ("34", "安徽省", "Anhui", "皖", 0),
    ("35", "福建省", "Fujian", "闽", 0), ("36", "江西省", "Jiangxi", "赣", 0),
    ("37", "山东省", "Shandong", "鲁", 0), ("41", "河南省", "Henan", "豫", 0),
    ("42", "湖北省", "Hubei", "鄂", 0), ("43", "湖南省", "Hunan", "湘", 0),
    ("44", "广东省", "Guangdong", "粤", 0), ("45", "广西壮族自治区", "Guangxi", "桂", 0),
    ("46", "海南省", "Hainan", "琼", 0), ("50", "重庆市", "Chongqing", "渝", 1),
    ("51", "四川省", "Sichuan", "川", 0), ("52", "贵州省", "Guizhou", "黔", 0),
    ("53", "云南省", "Yunnan", "云", 0), ("54", "西藏自治区", "Tibet", "藏", 0),
    ("61", "陕西省", "Shaanxi", "陕", 0), ("62", "甘肃省", "Gansu", "甘", 0),
    ("63", "青海省", "Qinghai", "青", 0), ("64", "宁夏回族自治区", "Ningxia", "宁", 0),
    ("65", "新疆维吾尔自治区", "Xinjiang", "新", 0), ("71", "台湾省", "Taiwan", "台", 0),
    ("81", "香港特别行政区", "Hong Kong", "港", 0), ("82", "澳门特别行政区", "Macao", "澳", 0),
]
N_PREFECTURES, N_COUNTIES = 333, 2844
_C1 = [("安", "An"), ("宝", "Bao"), ("昌", "Chang"), ("东", "Dong"), ("丰", "Feng"),
       ("广", "Guang"), ("海", "Hai"), ("华", "Hua"), ("嘉", "Jia"), ("建", "Jian"),
       ("金", "Jin"), ("开", "Kai"), ("临", "Lin"), ("龙", "Long"), ("明", "Ming"),
       ("南", "Nan"), ("平", "Ping"), ("清", "Qing"), ("瑞", "Rui"), ("顺", "Shun"),
       ("泰", "Tai"), ("天", "Tian"), ("文", "Wen"), ("兴", "Xing"), ("永", "Yong")]
_C2 = [("安", "an"), ("城", "cheng"), ("川", "chuan"), ("德", "de"), ("和", "he"),
       ("湖", "hu"), ("江", "jiang"), ("康", "kang"), ("林", "lin"), ("陵", "ling"),
       ("宁", "ning"), ("泉", "quan"), ("山", "shan"), ("水", "shui"), ("阳", "yang"),
       ("源", "yuan"), ("州", "zhou"), ("溪", "xi")]
# agency templates: slug, zh (province form, lower form), en, short zh, class
_AGENCIES = [
    ("gov", ("人民政府", "人民政府"), "People's Government", "政府", "Government"),
    ("office", ("人民政府办公厅", "人民政府办公室"), "General Office of the People's Government",
     "政府办公厅", "GovernmentAgency"),
    ("qts", ("质量技术监督局", "质量技术监督局"), "Bureau of Quality and Technical Supervision",
     "质监局", "GovernmentAgency"),
    ("finance", ("财政厅", "财政局"), "Finance Department", "财政局", "GovernmentAgency"),
    ("ndrc", ("发展和改革委员会", "发展和改革局"), "Development and Reform Commission", "发展改革委",
     "GovernmentAgency"),
    ("std-lg", ("标准化工作领导小组", "标准化工作领导小组"), "Standardization Leading Group",
     "标准化领导小组", "CoordinationBody"),
    ("eitc", ("经济和信息化委员会", "经济和信息化局"), "Economy and Information Technology Commission",
     "经济信息委", "GovernmentAgency"),
    ("stc", ("科学技术厅", "科学技术局"), "Science and Technology Department", "科技局",
     "GovernmentAgency"),
    ("agri", ("农业厅", "农业局"), "Agriculture Department", "农业局", "GovernmentAgency"),
    ("commerce", ("商务厅", "商务局"), "Commerce Department", "商务局", "GovernmentAgency"),
    ("env", ("环境保护厅", "环境保护局"), "Environmental Protection Department", "环保局",
     "GovernmentAgency"),
    ("edu", ("教育厅", "教育局"), "Education Department", "教育局", "GovernmentAgency"),
]
_AGENCIES_PER_LEVEL = {1: 12, 2: 8, 3: 5}
_LEVEL = {1: "provincial", 2: "municipal", 3: "district"}
# value bands per level keep sub-jurisdiction targets below their parents' (no warnings)
_BANDS = {"count": {1: (1000, 2000), 2: (100, 999), 3: (1, 99)},
          "percent": {1: (80, 100), 2: (50, 79), 3: (10, 49)},
          "month": {1: (18, 24), 2: (12, 17), 3: (6, 11)}}
_UNIT_ZH = {"item": "项", "unit": "个", "enterprise": "家", "person": "名", "percent": "%",
            "month": "个月"}
_TOPICS = [("实施技术标准战略", "implementing the technical standards strategy"),
           ("加快推进标准化工作", "speeding up standardization work"),
           ("深化标准化工作改革", "deepening the reform of standardization work"),
           ("加强农业标准化工作", "strengthening agricultural standardization"),
           ("推进服务业标准化", "promoting service-sector standardization"),
           ("加强节能标准化工作", "strengthening energy-saving standardization"),
           ("发展团体标准", "developing association standards"),
           ("加强标准化人才队伍建设", "building the standardization workforce"),
           ("实施质量强省战略", "implementing the quality-first strategy")]
_ACTIONS = [("制定实施标准化发展规划", "draft and implement a standardization development plan"),
            ("完善地方标准体系", "improve the local standard system"),
            ("推动企业标准自我声明公开", "promote self-declared enterprise standards"),
            ("加强标准实施监督", "strengthen supervision of standard implementation"),
            ("建设标准信息公共服务平台", "build a public standards information platform"),
            ("开展标准化试点示范", "run standardization pilots and demonstrations"),
            ("培育发展团体标准", "foster association standards"),
            ("参与国际标准化活动", "take part in international standardization"),
            ("加强标准化宣传培训", "strengthen standardization publicity and training"),
            ("推进农业标准化生产", "promote standardized agricultural production"),
            ("健全标准化协调推进机制", "improve the standardization coordination mechanism"),
            ("开展技术性贸易措施研究", "research technical barriers to trade")]
_ACTIVITIES = [("synth-standard-drafting", "标准起草资助", "subsidy for drafting standards"),
               ("synth-pilot-acceptance", "试点示范验收奖励", "award for accepted pilots"),
               ("synth-tc-secretariat", "技术委员会秘书处经费", "funding of TC secretariats"),
               ("synth-standards-training", "标准化培训", "standardization training"),
               ("synth-information-platform", "标准信息平台建设", "standards information platform"),
               ("synth-good-behaviour", "标准化良好行为企业奖励", "good-behaviour enterprise award")]
_ZONETYPES = ["agri-demo-zone", "service-pilot", "standardization-demo-park",
              "hi-tech-park-demo-zone", "logistics-pilot", "incubation-base",
              "production-demo-zone", "application-demo-base", "market-pilot",
              "energy-saving-pilot"]
_DOMAINS = ["agriculture", "services", "high-tech", "logistics", "manufacturing", "urban",
            "public-services", "energy-saving"]
_NUMERALS = "一二三四五六七八九十"


@dataclass
class InjectedViolation:
    """One deliberately broken fact and the result the validator must report for it."""

    kind: str
    focus: str
    shape: str
    component: str
    document: str


@dataclass
class SynthManifest:
    """What :func:`generate` wrote (also saved as ``manifest.json``)."""

    seed: int
    requested_triples: int
    triples: int
    files: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    violations: list[InjectedViolation] = field(default_factory=list)
    generator_version: str = GENERATOR_VERSION

    def to_dict(self) -> dict:
        return asdict(self)


def _lit(text: str, lang: str | None = None) -> str:
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"@{lang}' if lang else f'"{text}"'


def _dec(value) -> str:
    return f'"{value}"^^xsd:decimal'


class _Writer:
    """Turtle text for subject blocks, counting triples."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.triples = 0

    def block(self, subject: str, pairs: list[tuple[str, object]]) -> None:
        lines = []
        for pred, obj in pairs:
            if isinstance(obj, tuple):  # (text, triple count) for nested blank nodes
                obj, n = obj
                self.triples += n
            elif isinstance(obj, list):
                self.triples += len(obj)
                obj = " , ".join(obj)
            else:
                self.triples += 1
            lines.append(f"    {pred} {obj}")
        self.parts.append(f"{subject}\n" + " ;\n".join(lines) + " .\n\n")

    def text(self, header: str) -> str:
        return _PREFIXES + header + "\n" + "".join(self.parts)


def _reference_concepts(reference_dir: Path) -> tuple[list[str], list[str], set[str]]:
    """Metric slugs, industry slugs and jurisdiction codes of the real reference data."""
    def subjects(name: str, kind: str) -> list[str]:
        path = reference_dir / name
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        return sorted(set(re.findall(rf"^<{kind}/([^>]+)>", text, re.MULTILINE)))

    return (subjects("metrics.ttl", "metric"), subjects("industries.ttl", "industry"),
            set(subjects("jurisdictions.ttl", "jur")))


def _metric_kind(slug: str) -> tuple[str, str, str]:
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
class _Jur:
    code: str
    zh: str
    en: str
    level: int  # 1 provincial, 2 prefecture, 3 county
    parent: str
    cls: str
    abbrev: str
    emit: bool = True
    agencies: list = field(default_factory=list)  # (slug, iri, short zh)


def _hierarchy(rng: random.Random) -> list[_Jur]:
    """The whole hierarchy, top-down (provinces, prefectures, counties)."""
    provinces = [_Jur(c + "0000", zh, en + (" Municipality" if m else ""), 1, "100000",
                      "Municipality" if m else "Province", ab) for c, zh, en, ab, m in _PROVINCES]
    with_prefectures = [p for p, row in zip(provinces, _PROVINCES)
                        if not row[4] and row[0] not in ("71", "81", "82")]
    prefectures: list[_Jur] = []
    per, extra = divmod(N_PREFECTURES, len(with_prefectures))
    for i, prov in enumerate(with_prefectures):
        for k in range(per + (i < extra)):
            (a, pa), (b, pb) = rng.choice(_C1), rng.choice(_C2)
            prefectures.append(_Jur(f"{prov.code[:2]}{k + 1:02d}00", a + b + "市",
                                    pa + pb + " City", 2, prov.code, "PrefectureCity", a))
    parents = prefectures + [p for p in provinces if p.cls == "Municipality"]
    counties: list[_Jur] = []
    per, extra = divmod(N_COUNTIES, len(parents))
    for i, parent in enumerate(parents):
        stem = parent.code[:4] if parent.level == 2 else parent.code[:2] + "01"
        for k in range(per + (i < extra)):
            (a, pa), (b, pb) = rng.choice(_C1), rng.choice(_C2)
            suffix, en = ("区", "District") if parent.level == 1 or k % 2 else ("县", "County")
            counties.append(_Jur(f"{stem}{k + 1:02d}", a + b + suffix, f"{pa}{pb} {en}", 3,
                                 parent.code, "District", a))
    return provinces + prefectures + counties


def _write_reference(jurs: list[_Jur], out: Path, budget: int,
                     real_codes: set[str]) -> tuple[list[_Jur], int, list[str]]:
    """Jurisdictions and agencies top-down within ``budget`` triples."""
    jw, aw = _Writer(), _Writer()
    taken: list[_Jur] = []
    for j in jurs:
        n_ag = _AGENCIES_PER_LEVEL[j.level]
        cost = 6 + 7 * n_ag
        if taken and jw.triples + aw.triples + cost > budget and len(taken) >= 1:
            break
        j.emit = j.code not in real_codes
        if j.emit:
            jw.block(f"<jur/{j.code}>", [
                ("a", f"kgt:{j.cls}"), ("rdfs:label", [_lit(j.zh, "zh"), _lit(j.en, "en")]),
                ("kgt:adminCode", _lit(j.code)), ("kgt:partOf", f"<jur/{j.parent}>")])
        lower = 0 if j.level == 1 else 1
        for slug, zh, en, short, cls in _AGENCIES[:n_ag]:
            iri = f"<org/{j.code}-{slug}>"
            pairs = [("a", f"kgt:{cls}"),
                     ("rdfs:label", [_lit(j.zh + zh[lower], "zh"), _lit(f"{j.en} {en}", "en")]),
                     ("skos:altLabel", _lit(short, "zh")), ("kgt:jurisdiction", f"<jur/{j.code}>"),
                     ("kgt:level", f"<level/{_LEVEL[j.level]}>")]
            if slug != "gov":
                pairs.append(("org:subOrganizationOf", f"<org/{j.code}-gov>"))
            aw.block(iri, pairs)
            j.agencies.append((slug, iri, short))
        taken.append(j)
    act = _Writer()
    for slug, zh, en in _ACTIVITIES:
        act.block(f"<activity/{slug}>", [
            ("a", "skos:Concept"), ("rdfs:label", [_lit(zh, "zh"), _lit(en, "en")]),
            ("skos:prefLabel", [_lit(zh, "zh"), _lit(en, "en")]),
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


def _labels(reference_dir: Path, name: str, kind: str) -> dict[str, str]:
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


_FORCED_FACT = {"missing-quote": "measure", "range-min-above-max": "target",
                "percent-above-100": "target", "deadline-before-issue": "target",
                "conflicting-values": "target", "task-without-lead": "task",
                "amount-not-positive": "funding"}


class _Corpus:
    """Documents one after another; injects violations while writing."""

    def __init__(self, rng: random.Random, jurs: list[_Jur], metrics: dict[str, str],
                 industries: dict[str, str], share: float) -> None:
        self.rng = rng
        self.by_level = {lv: [j for j in jurs if j.level == lv] for lv in (1, 2, 3)}
        self.metrics = [(slug, zh, *_metric_kind(slug)) for slug, zh in metrics.items()]
        self.industries = list(industries.items())
        self.share = share
        self.pending = list(VIOLATION_KINDS) if share > 0 else []
        self.violations: list[InjectedViolation] = []
        self.cited: list[tuple[int, str]] = []
        self.serials: dict[tuple[str, int], int] = {}
        self.counts: dict[str, int] = {k: 0 for k in PROPORTIONS}
        self.counts.update(documents=0, document_nodes=0, assignments=0, citations=0)
        self.kinds = list(PROPORTIONS)
        self.weights = [PROPORTIONS[k] for k in self.kinds]

    # ----------------------------------------------------------------- violations
    def _inject(self, applicable: list[str]) -> str | None:
        for kind in self.pending:
            if kind in applicable:
                self.pending.remove(kind)
                return kind
        if applicable and self.share > 0 and self.rng.random() < self.share:
            return self.rng.choice(applicable)
        return None

    def _record(self, kind: str, focus: str, doc: str) -> None:
        shape, component = VIOLATION_KINDS[kind]
        self.violations.append(InjectedViolation(kind, ID + focus.strip("<>"), shape, component,
                                                 ID + doc.strip("<>")))

    # ----------------------------------------------------------------- documents
    def document(self, index: int, budget: int) -> tuple[str, int]:
        rng = self.rng
        levels = [lv for lv in (1, 2, 3) if self.by_level[lv]]
        level = 1 if index == 0 else rng.choices(levels, [(3, 4, 3)[lv - 1] for lv in levels])[0]
        j = rng.choice(self.by_level[level])
        year = rng.randint(2005, 2025)
        slugs = [a[0] for a in j.agencies]
        issuer = rng.choices(["gov", "office", "qts"], [50, 35, 15])[0]
        if issuer not in slugs:
            issuer = "gov"
        creator = next(a[1] for a in j.agencies if a[0] == issuer)
        code = {"gov": "政发", "office": "政办发", "qts": "质监发"}[issuer] if level == 1 else \
            {"gov": "府发", "office": "府办发", "qts": "质监发"}[issuer]
        prefix = j.abbrev + code
        serial = self.serials.get((prefix, year), rng.randint(0, 20)) + rng.randint(1, 9)
        self.serials[(prefix, year)] = serial
        number = f"{prefix}〔{year}〕{serial}号"
        slug = f"synth-{index:06d}"
        doc = f"<doc/{slug}>"
        topic_zh, topic_en = rng.choice(_TOPICS)
        end = year + rng.randint(1, 5)
        w = _Writer()
        period = ("[ a time:ProperInterval ;\n        time:hasBeginning [ a time:Instant ; "
                  f'time:inXSDgYear "{year}"^^xsd:gYear ] ;\n        time:hasEnd [ a time:Instant ; '
                  f'time:inXSDgYear "{end}"^^xsd:gYear ] ]', 7 + 1)
        if issuer == "office":
            title = f"{j.zh}人民政府办公厅关于印发{j.zh}{topic_zh}实施方案的通知"
            title_en = f"Notice of the General Office of the {j.en} People's Government on " \
                       f"issuing the {j.en} implementation plan for {topic_en}"
            dtype = "notice"
        elif issuer == "gov":
            title = f"{j.zh}人民政府关于{topic_zh}的意见"
            title_en = f"Opinions of the {j.en} People's Government on {topic_en}"
            dtype = "opinion"
        else:
            title = f"{j.zh}质量技术监督局关于{topic_zh}的通知"
            title_en = f"Notice of the {j.en} Bureau of Quality and Technical Supervision on {topic_en}"
            dtype = "notice"
        pairs = [("a", "kgt:PolicyDocument"),
                 ("rdfs:label", [_lit(f"{number}：{title}", "zh"), _lit(title_en, "en")]),
                 ("dct:title", _lit(title, "zh")), ("kgt:docNumber", _lit(number)),
                 ("dct:creator", creator), ("dct:issued",
                                            f'"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"^^xsd:date'),
                 ("kgt:jurisdiction", f"<jur/{j.code}>"), ("kgt:jurisdictionStatus", "<status/stated>"),
                 ("kgt:documentType", f"<doctype/{dtype}>"), ("kgt:documentStatus", "<status/encoded>"),
                 ("kgt:sourceFile", _lit(f"{index:06d}_synthetic.txt")), ("dct:language", _lit("zh-Hans")),
                 ("kgt:abridged", '"false"^^xsd:boolean'), ("kgt:planPeriod", period)]
        earlier = [d for y, d in self.cited if y <= year]
        cites = rng.sample(earlier, min(len(earlier), rng.choice((0, 1, 1, 2, 3))))
        if cites:
            pairs.append(("eli:cites", sorted(cites)))
            self.counts["citations"] += len(cites)
        inner = None
        if issuer == "office":
            inner = f"<doc/{slug}-plan>"
            pairs += [("kgt:transmits", inner), ("kgt:transmittalType", "<transmittal/yinfa>")]
        w.block(doc, pairs)
        self.counts["document_nodes"] += 1
        if inner:
            plan = f"{j.zh}{topic_zh}实施方案"
            w.block(inner, [("a", "kgt:PolicyDocument"),
                            ("rdfs:label", [_lit(plan, "zh"), _lit(f"{j.en} implementation plan for {topic_en}", "en")]),
                            ("dct:title", _lit(plan, "zh")), ("dct:creator", creator),
                            ("kgt:jurisdiction", f"<jur/{j.code}>"),
                            ("kgt:documentType", "<doctype/implementation-plan>"),
                            ("kgt:documentStatus", "<status/encoded>")])
            self.counts["document_nodes"] += 1
        self.cited.append((year, doc))
        self.counts["documents"] += 1
        ctx = _DocCtx(self, w, j, year, end, slug, doc)
        ctx.fact("program")
        forced = [_FORCED_FACT[k] for k in self.pending]
        while w.triples < budget - 10 or forced:
            kind = forced.pop(0) if forced else rng.choices(self.kinds, self.weights)[0]
            ctx.fact(kind)
        return w.text(f"# Synthetic document {index} ({number}); kgtool.synth, generated, do not edit.\n"), w.triples


class _DocCtx:
    """Facts of one document."""

    def __init__(self, corpus: _Corpus, w: _Writer, j: _Jur, year: int, end: int, slug: str,
                 doc: str) -> None:
        self.c, self.w, self.j, self.year, self.end, self.slug, self.doc = \
            corpus, w, j, year, end, slug, doc
        self.n: dict[str, int] = {}
        self.programs: list[str] = []
        self.used_metrics: set[str] = set()
        self.planned = 0

    def _iri(self, kind: str) -> str:
        self.n[kind] = self.n.get(kind, 0) + 1
        return f"<fact/{self.slug}/{kind}-{self.n[kind]:02d}>"

    def _common(self, cls: str, quote: str, zh: str, en: str, drop_quote: bool = False) -> list:
        pairs = [("a", f"kgt:{cls}"), ("kgt:statedIn", self.doc)]
        if not drop_quote:
            pairs.append(("kgt:quote", _lit(quote, "zh")))
        pairs.append(("rdfs:label", [_lit(zh, "zh"), _lit(en, "en")]))
        return pairs

    def _tail(self, pairs: list) -> list:
        pairs.append(("kgt:jurisdiction", f"<jur/{self.j.code}>"))
        if self.programs:
            pairs.append(("kgt:partOfProgram", self.c.rng.choice(self.programs)))
        return pairs

    def fact(self, kind: str) -> None:
        c, rng = self.c, self.c.rng
        if kind == "target":
            if self._target():
                return
            kind = "goal"
        c.counts[kind] += 1
        act_zh, act_en = rng.choice(_ACTIONS)
        if kind == "program":
            iri = self._iri("program")
            k = len(self.programs)
            zh = f"{_NUMERALS[k % 10]}、{act_zh}"
            self.w.block(iri, self._tail(self._common("Program", zh + "。", zh, f"Section {k + 1}: {act_en}")))
            self.programs.append(iri)
            return
        if kind == "task":
            self._task(act_zh, act_en)
            return
        if kind in ("funding", "budget"):
            self._funding(kind)
            return
        iri = self._iri(kind)
        drop = c._inject(["missing-quote"]) == "missing-quote"
        if drop:
            c._record("missing-quote", iri, self.doc)
        jzh = self.j.zh
        if kind == "industry":
            inds = rng.sample(c.industries, rng.randint(1, 4))
            names = "、".join(n for _, n in inds)
            pairs = self._common("IndustryPriority", f"重点支持{names}等产业的标准研制。",
                                 f"重点产业：{names}", "priority industries", drop)
            pairs.append(("kgt:industry", [f"<industry/{s}>" for s, _ in sorted(inds)]))
        elif kind == "zone":
            zt = rng.choice(_ZONETYPES)
            pairs = self._common("DemonstrationZone", f"积极创建{jzh}标准化示范区，{act_zh}。",
                                 f"{jzh}示范区建设", f"demonstration zones in {self.j.en}", drop)
            pairs += [("kgt:zoneType", f"<zonetype/{zt}>"),
                      ("kgt:level", f"<level/{rng.choice(['national', 'provincial', _LEVEL[self.j.level]])}>"),
                      ("kgt:domain", f"<domain/{rng.choice(_DOMAINS)}>")]
        elif kind == "sbm":
            pairs = self._common("StandardizationBodyMeasure", "争取更多的国际和国家TC/SC/WG落户。",
                                 "争取TC/SC/WG落户", "attract TC/SC/WG", drop)
            pairs += [("kgt:bodyType", ["<bodytype/tc>", "<bodytype/sc>"][: rng.randint(1, 2)]),
                      ("kgt:level", "<level/national>"),
                      ("kgt:action", _lit(rng.choice(["host", "establish", "join"]), "en"))]
        elif kind == "goal":
            pairs = self._common("Goal", f"全面提升{jzh}标准化水平，{act_zh}。",
                                 f"提升{jzh}标准化水平", f"raise the level of standardization in {self.j.en}", drop)
        else:  # measure
            pairs = self._common("Measure", f"{act_zh}，切实做好相关工作。", act_zh, act_en, drop)
            if rng.random() < 0.05:
                self.planned += 1
                planned = f"<doc/{self.slug}-planned-{self.planned:02d}>"
                name = f"{jzh}标准化管理办法（{self.planned}）"
                self.w.block(planned, [("a", "kgt:PolicyDocument"),
                                       ("rdfs:label", [_lit(name, "zh"), _lit(f"{self.j.en} standardization measures", "en")]),
                                       ("dct:title", _lit(name, "zh")), ("kgt:jurisdiction", f"<jur/{self.j.code}>"),
                                       ("kgt:documentType", "<doctype/measures>"),
                                       ("kgt:documentStatus", "<status/planned>")])
                c.counts["document_nodes"] += 1
                pairs.append(("kgt:plannedDocument", planned))
        self.w.block(iri, self._tail(pairs))

    def _value(self, band: str, level: int | None = None) -> int:
        lo, hi = _BANDS[band][level or self.j.level]
        return self.c.rng.randint(lo, hi)

    def _target(self) -> bool:
        c, rng = self.c, self.c.rng
        free = [m for m in c.metrics if m[0] not in self.used_metrics]
        want_pct = "percent-above-100" in c.pending and self.j.level == 1
        pct = [m for m in free if m[3] == "percent"]
        if want_pct and pct:
            free = pct
        if not free:
            return False
        slug, mzh, unit, qkind, band = rng.choice(free)
        self.used_metrics.add(slug)
        c.counts["target"] += 1
        if band == "percent":
            cmp = "at-least"
        elif band == "month":
            cmp = "at-most"
        elif "range-min-above-max" in c.pending:
            cmp = "range"
        else:
            cmp = rng.choices(["exactly", "at-least", "range"], [27, 5, 6])[0]
        applicable = ["missing-quote", "deadline-before-issue", "conflicting-values"]
        if cmp == "range":
            applicable.append("range-min-above-max")
        if band == "percent" and self.j.level == 1:
            applicable.append("percent-above-100")
        inject = c._inject(applicable)
        deadline = rng.randint(self.year + 1, self.end) if self.end > self.year else self.year
        if inject == "deadline-before-issue":
            deadline = self.year - rng.randint(1, 3)
        iri = self._iri("target")
        if inject:
            c._record(inject, iri, self.doc)
        u = _UNIT_ZH[unit]
        if cmp == "range":
            lo, hi = sorted(rng.sample(range(*_widen(_BANDS[band][self.j.level])), 2))
            if inject == "range-min-above-max":
                lo, hi = hi, lo
            values = [("kgt:minValue", _dec(lo)), ("kgt:maxValue", _dec(hi))]
            said = f"{lo}—{hi}{u}"
        else:
            v = self._value(band)
            if inject == "percent-above-100":
                v = rng.randint(101, 150)
            values = [("kgt:value", _dec(v))]
            said = {"exactly": f"达到{v}{u}", "at-least": f"达到{v}{u}以上",
                    "at-most": f"不超过{v}{u}"}[cmp]
        strive = rng.random() < 0.35
        quote = f"到{deadline}年，{'力争' if strive else ''}{self.j.zh}{mzh}{said}。"
        pairs = self._common("Target", quote, f"{mzh}{said}", f"{slug}: {said} by {deadline}",
                             inject == "missing-quote")
        rest = [("kgt:metric", f"<metric/{slug}>"), *values, ("kgt:comparator", f"<cmp/{cmp}>"),
                ("kgt:unit", f"<unit/{unit}>"), ("kgt:quantityKind", f"<qkind/{qkind}>"),
                ("kgt:deadline", f'"{deadline}"^^xsd:gYear')]
        if rng.random() < 0.55:
            rest.append(("kgt:level", f"<level/{_LEVEL[self.j.level]}>"))
        if strive:
            rest.append(("kgt:aspirational", '"true"^^xsd:boolean'))
        self.w.block(iri, self._tail(pairs + rest))
        if inject == "conflicting-values":
            other = self._iri("target")
            c.counts["target"] += 1
            old = values[0][1] if cmp != "range" else None
            v = self._value(band)
            while _dec(v) == old:
                v = self._value(band)
            vals = [("kgt:value", _dec(v))] if cmp != "range" else \
                [("kgt:minValue", values[0][1]), ("kgt:maxValue", _dec(_BANDS[band][self.j.level][1]))]
            if cmp == "range" and vals[1][1] == values[1][1]:
                vals[0] = ("kgt:minValue", _dec(_BANDS[band][self.j.level][0]))
            rest2 = [p for p in rest if p[0] not in ("kgt:value", "kgt:minValue", "kgt:maxValue")]
            pairs2 = self._common("Target", quote + "（另一处表述）", f"{mzh}（另一数值）",
                                  f"{slug}: second value by {deadline}")
            self.w.block(other, self._tail(pairs2 + vals + rest2))
            c._record("conflicting-values", other, self.doc)
        return True

    def _task(self, act_zh: str, act_en: str) -> None:
        c, rng = self.c, self.c.rng
        iri = self._iri("task")
        inject = c._inject(["missing-quote", "task-without-lead"])
        if inject:
            c._record(inject, iri, self.doc)
        n = max(1, min(len(self.j.agencies), round(rng.expovariate(1 / ASSIGNMENTS_PER_TASK)) + 1))
        agents = rng.sample(self.j.agencies, n)
        roles = [rng.choices(list(ROLE_WEIGHTS), list(ROLE_WEIGHTS.values()))[0] for _ in agents]
        if "lead" not in roles and "responsible" not in roles:
            roles[0] = "responsible"
        if inject == "task-without-lead":
            roles = ["cooperating"] * n
        shorts = "、".join(a[2] for a in agents)
        pairs = self._common("Task", f"{act_zh}。（{shorts}负责）", act_zh, act_en,
                             inject == "missing-quote")
        pairs = self._tail(pairs)
        pairs.append(("kgt:assignment", [f"{iri[:-1]}/a-{k + 1}>" for k in range(n)]))
        self.w.block(iri, pairs)
        for k, (agent, role) in enumerate(zip(agents, roles)):
            self.w.block(f"{iri[:-1]}/a-{k + 1}>", [
                ("a", "kgt:TaskAssignment"),
                ("rdfs:label", [_lit(f"{agent[2]}{'配合' if role == 'cooperating' else '负责'}", "zh"),
                                _lit(f"{agent[0]}: {role}", "en")]),
                ("kgt:agent", agent[1]), ("kgt:role", f"<role/{role}>")])
        c.counts["assignments"] += n

    def _funding(self, kind: str) -> None:
        c, rng = self.c, self.c.rng
        if "amount-not-positive" in c.pending:
            kind = "funding"
        iri = self._iri("funding")
        applicable = ["missing-quote"] + (["amount-not-positive"] if kind == "funding" else [])
        inject = c._inject(applicable)
        funder = next((a[1] for a in self.j.agencies if a[0] == "finance"), self.j.agencies[0][1])
        act = rng.choice(_ACTIVITIES)
        if kind == "budget":
            pairs = self._common("BudgetStatement", f"各级财政安排专项经费，支持{act[1]}。",
                                 f"安排经费支持{act[1]}", f"budget for {act[2]}", inject == "missing-quote")
            pairs += [("kgt:funder", funder), ("kgt:activity", f"<activity/{act[0]}>")]
            self.w.block(iri, self._tail(pairs))
        else:
            amount = rng.choice([10000, 20000, 50000, 100000, 200000, 300000, 500000, 1000000])
            written = f"{amount // 10000}万元"
            pairs = self._common("FundingMeasure", f"对{act[1]}给予资助经费{written}。",
                                 f"{act[1]}资助{written}", f"CNY {amount} for {act[2]}",
                                 inject == "missing-quote")
            node = f"{iri[:-1]}/amount>"
            pairs += [("kgt:funder", funder), ("kgt:activity", f"<activity/{act[0]}>"),
                      ("kgt:amount", node), ("kgt:originalAmount", _lit(written))]
            self.w.block(iri, self._tail(pairs))
            value = amount
            if inject == "amount-not-positive":
                value = rng.choice([0, -amount])
                c._record(inject, node, self.doc)
                inject = None
            self.w.block(node, [("a", "schema:MonetaryAmount"), ("schema:value", _dec(value)),
                                ("schema:currency", _lit("CNY"))])
        if inject:
            c._record(inject, iri, self.doc)


def _widen(band: tuple[int, int]) -> tuple[int, int]:
    return band[0], band[1] + 1


def _remove_previous(out: Path) -> None:
    """Delete the files listed by an earlier ``manifest.json`` in ``out`` (no stale documents)."""
    try:
        old = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    for name in old.get("files", []):
        path = out / name
        if ".." not in Path(name).parts and path.is_file():
            path.unlink()


def generate(triples: int, *, seed: int, out_dir: Path, violation_share: float = 0.01,
             reference_dir: Path | None = None) -> SynthManifest:
    """Write a synthetic corpus of about ``triples`` triples into ``out_dir``.

    :param triples: the triple budget (the result is within a few percent of it).
    :param seed: random seed; the same seed and budget give byte-identical files.
    :param out_dir: directory to write ``reference/``, ``documents/`` and ``manifest.json`` into
        (created; the files of an earlier corpus listed in its manifest are removed first).
        Load ``out_dir/reference`` and ``out_dir/documents`` (not ``out_dir``, whose
        ``manifest.json`` would be read as JSON-LD) with the real ontology and reference data.
    :param violation_share: share of facts deliberately broken; when > 0 every kind of
        :data:`VIOLATION_KINDS` is injected at least once (0 gives a conforming corpus).
    :param reference_dir: the real reference data whose concepts are reused
        (default: the project's ``data/reference``).
    :returns: the :class:`SynthManifest`, also written to ``manifest.json``.
    :raises ValueError: when ``triples`` is below 500.

    >>> import tempfile
    >>> m = generate(2000, seed=1, out_dir=Path(tempfile.mkdtemp()))
    >>> 1800 <= m.triples <= 2200, len(m.violations) >= 7
    (True, True)
    """
    if triples < 500:
        raise ValueError("a synthetic corpus needs a budget of at least 500 triples")
    reference_dir = Path(reference_dir or default_project().root / "data" / "reference")
    out = Path(out_dir)
    _remove_previous(out)
    rng = random.Random(seed)
    metrics = _labels(reference_dir, "metrics.ttl", "metric")
    industries = _labels(reference_dir, "industries.ttl", "industry")
    _, _, real_codes = _reference_concepts(reference_dir)
    jurs, ref_triples, files = _write_reference(_hierarchy(rng), out, int(triples * REFERENCE_SHARE),
                                                real_codes)
    corpus = _Corpus(rng, jurs, metrics, industries, violation_share)
    remaining = triples - ref_triples
    mean = sum(DOC_TRIPLES) / 2
    per_graph = max(1, math.ceil(remaining / mean / 500))
    docs_dir = out / "documents"
    docs_dir.mkdir(parents=True, exist_ok=True)
    total, index = ref_triples, 0
    while remaining > 60:
        size = min(rng.randint(*DOC_TRIPLES), remaining)
        if remaining - size < DOC_TRIPLES[0] // 2:
            size = remaining
        text, n = corpus.document(index, size)
        name = f"documents/{index // per_graph:03d}-{index:06d}.ttl"
        (out / name).write_text(text, encoding="utf-8")
        files.append(name)
        remaining -= n
        total += n
        index += 1
    counts = dict(corpus.counts)
    counts.update(jurisdictions=len(jurs), jurisdictions_emitted=sum(j.emit for j in jurs),
                  agencies=sum(len(j.agencies) for j in jurs),
                  jurisdictions_by_level={_LEVEL[lv]: len(corpus.by_level[lv]) for lv in (1, 2, 3)},
                  reference_triples=ref_triples, graphs=(index + per_graph - 1) // per_graph)
    manifest = SynthManifest(seed, triples, total, files, counts, corpus.violations)
    (out / "manifest.json").write_text(
        json.dumps(manifest.to_dict(), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        encoding="utf-8")
    return manifest
