"""Chinese administrative divisions (GB/T 2260) and a document's jurisdiction.

The divisions are cpca's data set (``cpca/resources/adcodes.csv``, synced from the public
``adcode`` list of the national statistics bureau / Ministry of Civil Affairs codes); place
names in an issuer or a title are read by ``cpca.transform``. English names are the pinyin of
the name (pypinyin) with the division type. The only hand-written table is :data:`DOCNO_PREFIX`:
the one-character abbreviations (简称) used in document numbers (文号), which no library here
carries.

:func:`infer_jurisdiction` reads, in this order: the place named at the head of the text (the
issuer or the title), a national issuer at the head (国务院, a ministry, 国家…委员会) or a national
number prefix (国办发, 国标委 …: the country, code 100000), the document-number prefix (渝府发 → 重庆市, 苏府 → 苏州市, 鲁政办 →
山东省), and, failing both, the division named most often in the text (status ``inferred``).
:func:`agency_division` places a short agency name (市质监局, 区财政局, 省财政厅) relative to it.
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kgtool.rdf.namespaces import KG, KGT

__all__ = ["Division", "JurisdictionGuess", "division", "lineage", "place_in", "places_in", "division_named", "infer_jurisdiction",
           "agency_division", "jurisdiction_iri", "add_jurisdiction", "DOCNO_PREFIX",
           "JURISDICTION_CLASSES", "national_issuer", "NATIONAL_DOCNO_PREFIX"]

COUNTRY = "100000"
_MUNICIPALITIES = {"110000", "120000", "310000", "500000"}
# placeholder rows of GB/T 2260 that are not places (a municipality's 市辖区/县 groupings)
_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# 简称 of provincial-level divisions as they open a 文号 (渝府发, 鲁政办发, 川办发 …), and the few
# city prefixes that would otherwise read as a province (苏府 is Suzhou; Jiangsu is 苏政) or that
# are not the first character of the city's name (穗 = 广州).
DOCNO_PREFIX: dict[str, str] = {
    "京": "110000", "津": "120000", "冀": "130000", "晋": "140000", "内": "150000", "辽": "210000",
    "吉": "220000", "黑": "230000", "沪": "310000", "苏": "320000", "浙": "330000", "皖": "340000",
    "闽": "350000", "赣": "360000", "鲁": "370000", "豫": "410000", "鄂": "420000", "湘": "430000",
    "粤": "440000", "桂": "450000", "琼": "460000", "渝": "500000", "川": "510000", "黔": "520000",
    "贵": "520000", "云": "530000", "滇": "530000", "藏": "540000", "陕": "610000", "甘": "620000",
    "青": "630000", "宁": "640000", "新": "650000",
    "苏府": "320500", "苏市": "320500", "穗": "440100",
}

# 文号 prefixes of the central government and its ministries and commissions (国发 国务院, 国办发/国办函
# 国务院办公厅, 国函, 中发 中共中央, 国标委 国家标准化管理委员会, 国市监 市场监管总局, 工信部 …): a number
# opening with one of them is national.
NATIONAL_DOCNO_PREFIX = ("国发", "国办发", "国办函", "国函", "中发", "中办发", "国标委", "国市监", "国质检",
                         "工信部", "财政部", "科技部", "商务部", "农业农村部", "国知发")

# issuers that are national by their name: the central bodies, ministries (…部 of the State
# Council), commissions and administrations whose name starts with 国家 or ends with 总局/总署.
# A name that opens with a place or with 省/市/区/县 is never one of them.
_NATIONAL_ISSUER = re.compile(
    r"(?<![\u4e00-\u9fff《\u300a])(?:中共中央|国务院(?:办公厅)?|"
    r"(?:工业和信息化|工信|科学技术|科技|财政|商务|农业农村|生态环境|住房和城乡建设|交通运输|教育|民政|"
    r"自然资源|水利|文化和旅游|人力资源社会保障|人力资源和社会保障|应急管理|公安|司法)部|"
    r"国家[\u4e00-\u9fff]{2,12}?(?:委员会|委|总局|局|署)|市场监管总局|海关总署|质检总局|税务总局)")

# a purpose clause before a national body's name cites it (为贯彻落实中共中央、国务院…, 根据…)
_CITING = re.compile(r"贯彻|落实|根据|按照|依据|遵照|为了|^\s*为")


def national_issuer(head: str) -> str | None:
    """The national body a text's head names as its issuer (国务院办公厅, 工业和信息化部等四部门 …),
    or ``None`` when the head names none.

    >>> national_issuer("中共中央国务院印发")
    '中共中央'
    >>> national_issuer("四川省市场监督管理局") is None
    True
    >>> national_issuer("为深入贯彻落实中共中央、国务院") is None
    True
    """
    for m in _NATIONAL_ISSUER.finditer(head):
        if _CITING.search(head[:m.start()]):   # 为贯彻落实中共中央、国务院…: cited, not the issuer
            return None
        return m.group(0)
    return None


def national_number(number: str | None) -> bool:
    """Whether a document number opens with a national prefix (国办发〔2021〕10号, 国标委联〔2022〕…)."""
    m = re.search(r"([\u4e00-\u9fff]{1,10})\s*[〔\[(（【]\s*(?:19|20)\d\d", number or "")
    if not m:
        return False
    run = m.group(1)
    for p in NATIONAL_DOCNO_PREFIX:
        hit = re.search(p + r"[\u4e00-\u9fff]{0,3}$", run)
        if hit is None:
            continue
        before = run[hit.start() - 1:hit.start()]     # 川工信部, 市工信部: a local body's prefix
        if before and (before in DOCNO_PREFIX or before in "省市区县" or any(
                d.kind == "prefecture" and d.name.startswith(before) for d in _divisions().values())):
            continue
        return True
    return False


@dataclass(frozen=True)
class Division:
    """One administrative division: six-digit GB/T 2260 code, zh name, parent code, kind."""

    code: str
    name: str
    parent: str | None
    kind: str   # country | province | municipality | prefecture | district

    @property
    def short(self) -> str:
        """The name without its type suffix (成都市 → 成都, 合川区 → 合川)."""
        s = re.sub(r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|省|市|区|县|盟|旗)$",
                   "", self.name)
        return s if len(s) >= 2 else self.name

    @property
    def english(self) -> str:
        from pypinyin import lazy_pinyin

        base = "".join(lazy_pinyin(self.short)).title()
        suffix = {"province": " Province", "municipality": " Municipality", "prefecture": "",
                  "country": ""}.get(self.kind)
        if suffix is None:
            suffix = " County" if self.name.endswith("县") else " District"
        return base + suffix


@lru_cache(maxsize=1)
def _divisions() -> dict[str, Division]:
    raw: dict[str, str] = {}
    with resources.files("cpca.resources").joinpath("adcodes.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            raw[row["adcode"][:6]] = row["name"]
    out = {COUNTRY: Division(COUNTRY, "中国", None, "country")}
    for code, name in raw.items():
        if name in _PLACEHOLDERS:
            continue
        if code.endswith("0000"):
            out[code] = Division(code, name, COUNTRY,
                                 "municipality" if code in _MUNICIPALITIES else "province")
            continue
        prov = code[:2] + "0000"
        if code.endswith("00"):
            out[code] = Division(code, name, prov, "prefecture")
            continue
        city = code[:4] + "00"
        parent = city if raw.get(city) and raw[city] not in _PLACEHOLDERS else prov
        out[code] = Division(code, name, parent, "district")
    return out


def province_names() -> list[str]:
    """Full and short names of every province-level division (广东省, 广东, 重庆市, 重庆 …)."""
    provs = [d for d in _divisions().values() if d.kind in ("province", "municipality")]
    return sorted({n for d in provs for n in (d.name, d.short)}, key=len, reverse=True)


def division(code: str) -> Division | None:
    """The division of a six-digit code, or ``None``.

    >>> division("510500").name, division("510500").parent
    ('泸州市', '510000')
    """
    return _divisions().get(str(code)[:6])


def lineage(code: str) -> list[Division]:
    """The division and its ancestors, nearest first, ending with the country."""
    out, d = [], division(code)
    while d is not None:
        out.append(d)
        d = division(d.parent) if d.parent else None
    return out


def related(a: str, b: str) -> bool:
    """Whether two divisions (codes) are one, or one contains the other.

    >>> related("510500", "510000"), related("510500", "510100")
    (True, False)
    """
    return b in {d.code for d in lineage(a)} or a in {d.code for d in lineage(b)}


def place_in(name: str) -> Division | None:
    """The most specific division a short string (an issuer, a title, an agency) names.

    >>> place_in("泸州市人民政府办公室").code
    '510500'
    >>> place_in("市质监局") is None
    True
    >>> place_in("密云县").name         # not 云南's 云县, which cpca alone reads
    '密云区'
    >>> place_in("江西吉安市政府").name  # the city, not 吉安县 read as 吉安 with a level word
    '吉安市'
    """
    return places_in([name])[0]


def places_in(names: list[str]) -> list[Division | None]:
    """:func:`place_in` of many strings with one ``cpca.transform`` call."""
    import warnings

    import cpca

    todo = [n for n in names if n and re.search(r"[\u4e00-\u9fff]", n)]
    found: dict[str, Division | None] = {}
    if todo:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            codes = list(cpca.transform(todo)["adcode"])
        for name, code in zip(todo, codes):
            d = division(code[:6]) if isinstance(code, str) and code.strip() else None
            # cpca infers the province of a bare district name; keep only a place the string names
            while d is not None and d.short not in name and d.name not in name:
                d = division(d.parent) if d.parent and d.parent != COUNTRY else None
            found[name] = _longer_name(name, d)
    return [found.get(n) for n in names]


def _longer_name(text: str, d: Division | None) -> Division | None:
    """``d``, unless the characters before its name in ``text`` make the name of another
    division (cpca reads 密云县 as 云南's 云县: the 密 before it makes 密云县, now 密云区)."""
    if d is None:
        return None
    for form in (d.name, d.short):
        i = text.find(form) if len(form) >= 2 else -1
        if i <= 0 or not re.match(r"[\u4e00-\u9fff]", text[i - 1]):
            continue
        for k in (1, 2):
            whole = text[max(0, i - k):i + len(form)]
            if _names_exactly(whole, d):
                return d        # 江西吉安市 names 吉安市 itself, not 吉安县 with a level word
            other = [c for c in _divisions().values() if c.kind != "country" and c.code != d.code
                     and _names_exactly(whole, c)]
            if len(other) == 1:
                return other[0]
    return d


_ETHNIC = re.compile(r"(?:[\u4e00-\u9fff]{1,2}族)+(?=自治|$)")


def _names_exactly(n: str, d: Division | None) -> bool:
    """Whether ``n`` is ``d``'s name, short name or short name with a level word, with only the
    names of the places containing it before it."""
    if d is None:
        return False
    core = _ETHNIC.sub("", d.short)
    ends = [d.name] + [x + lvl for x in {d.short, core} if len(x) >= 2
                       for lvl in ("省", "市", "州", "县", "区", "盟", "旗", "地区")]
    if d.kind in ("province", "municipality", "prefecture") and len(core) >= 2:
        ends.append(core)                # 北京, 山东, 苏州: the short names in use
    for e in ends:
        if n.endswith(e):
            rest = n[:-len(e)]           # only the names of the places containing it may precede
            for a in reversed([x for x in lineage(d.code) if x.code != d.code and x.kind != "country"]):
                for form in (a.name, _ETHNIC.sub("", a.short), a.short):
                    if form and rest.startswith(form):
                        rest = rest[len(form):]
                        break
            if not rest:
                return True
    return False


def division_named(name: str) -> Division | None:
    """The division a place's name denotes, strictly: the name ends with the division's name, its
    short name, or its short name with a level word (延边州 for 延边朝鲜族自治州, 华容区, 吉林省延边州);
    a county since made a district keeps its old name (密云县 → 密云区). None when the string
    is not such a name (cpca reads 密云县 as 云县 of 云南; that is refused here).

    >>> division_named("吉林省延边州").name, division_named("延边州").code, division_named("北京密云县").name
    ('延边朝鲜族自治州', '222400', '密云区')
    >>> division_named("全市") is None
    True
    """
    tries = [name] + ([name[:-1] + {"县": "区", "区": "县"}[name[-1]]] if name[-1:] in "县区" else [])
    for n, d in zip(tries, places_in(tries)):
        for cand in ([d] + _children_named(d, n) if d is not None else []):
            if _names_exactly(n, cand):
                return cand
    # a name cpca does not know (延边州): the one division it names, if only one
    found = [d for d in _divisions().values() if d.kind != "country" and _names_exactly(name, d)]
    return found[0] if len(found) == 1 else None


def _children_named(d: Division, name: str) -> list[Division]:
    """Divisions inside ``d`` whose short name (without an ethnic group) ``name`` ends with
    (cpca stops at the province for 吉林省延边州)."""
    out = []
    for c in _divisions().values():
        if c.parent == d.code or (c.parent and _divisions().get(c.parent) and _divisions()[c.parent].parent == d.code):
            core = _ETHNIC.sub("", c.short)
            if len(core) >= 2 and re.search(re.escape(core) + r"(?:省|市|州|县|区|盟|旗|地区)?$", name):
                out.append(c)
    return out


_DOCNO = re.compile(r"(?P<prefix>[\u4e00-\u9fff]{1,8}?)(?:府|政|办|发|函|字)[\u4e00-\u9fff]{0,4}"
                    r"[〔\[(（【]\s*(?:19|20)\d\d")


def from_doc_number(number: str, *, within: Division | None = None) -> Division | None:
    """The division a document number's prefix names (渝府发〔2011〕3号 → 重庆市), or ``None``.

    A prefix not in :data:`DOCNO_PREFIX` is read as the first character of a prefecture-level
    city (泸市府 → 泸州市, 成府发 → 成都市) when exactly one city (within ``within``, if given)
    starts with it.
    """
    m = _DOCNO.search(number or "")
    if not m:
        return None
    head = number[m.start():m.start() + 2]
    if head in DOCNO_PREFIX:
        return division(DOCNO_PREFIX[head])
    first = number[m.start()]
    cities = [d for d in _divisions().values() if d.kind == "prefecture" and d.name.startswith(first)
              and (within is None or within.code in {x.code for x in lineage(d.code)})]
    if first in DOCNO_PREFIX and (not cities or "政" in number[m.start():m.start() + 3]):
        return division(DOCNO_PREFIX[first])
    return cities[0] if len(cities) == 1 else None


@dataclass
class JurisdictionGuess:
    """A document's jurisdiction: the division, ``stated`` or ``inferred``, and the evidence."""

    division: Division
    status: str
    evidence: str

    @property
    def code(self) -> str:
        return self.division.code


def place_mentions(text: str) -> Counter:
    """How often each division is named in the text (full names; short names of provinces and
    prefecture-level cities of three characters or fewer)."""
    counts: Counter = Counter()
    for d in _divisions().values():
        if d.kind == "country":
            continue
        n = text.count(d.name) if len(d.name) >= 3 else 0
        if d.kind != "district" and d.short != d.name and len(d.short) >= 2:
            n = max(n, text.count(d.short))
        if n:
            counts[d.code] = n
    return counts


_ISSUER = re.compile(r"[\u4e00-\u9fff]{1,12}?(?:省|市|区|县|自治区|自治州)人民政府(?:办公厅|办公室)?")
_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[(（【]\s*(?:19|20)\d\d\s*[〕\])）】]?\s*\d{1,4}\s*号")


# where a news report or a web page names a place that is not the document's: a dateline
# (新华社杭州7月5日电, 北京4月19日电, 中国消费者报成都讯), an outlet (石家庄日报, 上海证券报, 新浪广西),
# a source or welcome line (来源:…, 欢迎访问深圳建科汇), an addressee line (各市(含定州、辛集市)人民政府…:)
_FURNITURE = re.compile(
    r"(?:据)?(?:新华社|中新社|新华网|人民网|中新网|央视网|本报)?[\u4e00-\u9fff]{2,4}\d{1,2}月\d{1,2}日电|"
    r"[\u4e00-\u9fff]{0,10}(?:报|网)[\u4e00-\u9fff]{0,6}讯|"
    r"[\u4e00-\u9fff]{2,8}?(?:日报|晚报|早报|商报|证券报|消费者报|新闻网|电视台|广播电视台)(?:客户端)?|"
    r"新浪[\u4e00-\u9fff]{2,3}|(?:来源|欢迎访问)[^\n]*|^各[^\n]{2,80}:[ \t]*$", re.M)


def strip_furniture(text: str) -> str:
    """``text`` with its datelines, outlets, source and addressee lines blanked (same length),
    so that the places they name do not count as the document's.

    >>> strip_furniture("新华社杭州7月5日电 全省").strip()
    '全省'
    """
    return _FURNITURE.sub(lambda m: " " * len(m.group()), text)


# first-person level words: the document speaks as a province, a city, a county or a district
_LEVEL_WORDS = {"province": ("我省", "本省"), "prefecture": ("我市", "本市"),
                "county": ("我县", "本县"), "district": ("我区", "本区")}
_REGIONS = ("自治区",)


def _level(text: str) -> str | None:
    """The level the text speaks as (我市 ×3 → ``prefecture``), when one level word dominates."""
    counts = {k: sum(text.count(w) for w in ws) for k, ws in _LEVEL_WORDS.items()}
    top = max(counts.values())
    best = [k for k, n in counts.items() if n == top]
    return best[0] if top and len(best) == 1 else None


def _named_within(text: str, d: Division, kinds: tuple[str, ...]) -> list[tuple[int, Division]]:
    """Divisions inside ``d`` of one of ``kinds`` the text names (full name, or short name of
    two characters or more), with how often, most named first."""
    out = []
    for c in _divisions().values():
        if c.code == d.code or d.code not in {x.code for x in lineage(c.code)[1:]}:
            continue
        kind = "county" if c.kind == "district" and c.name.endswith(("县", "旗")) else c.kind
        if kind not in kinds:
            continue
        n = max(text.count(c.name), text.count(c.short) if len(c.short) >= 2 else 0)
        if n:
            out.append((n, c))
    return sorted(out, key=lambda x: (-x[0], x[1].code))


def _at_level(guess: JurisdictionGuess | None, text: str) -> JurisdictionGuess | None:
    """The guess moved to the level the text speaks as: a province's text that says 我市 is of
    the city of that province it names most (浙江省 → 台州市), a city's text that says 我省 of
    its province (济南市 → 山东省), 我区 in an autonomous region's city its region; unchanged when
    the level words do not dominate or name no place."""
    if guess is None:
        return None
    level, d = _level(text), guess.division
    if level is None or d.kind == "country":
        return guess
    kind = "county" if d.kind == "district" and d.name.endswith(("县", "旗")) else d.kind
    if level == kind or (level == "prefecture" and (d.kind == "municipality" or d.name.endswith("市"))):
        return guess           # 我市 of a municipality or of a county-level city (陆丰市) is its own
    word = _LEVEL_WORDS[level][0]
    line = lineage(d.code)
    # a place the head states is not moved up: a city's text may speak of 我省 (its province)
    if guess.status == "inferred" and level == "district" and any(x.name.endswith(_REGIONS) for x in line):
        region = next(x for x in line if x.name.endswith(_REGIONS))
        return guess if region.code == d.code else JurisdictionGuess(
            region, "inferred", f"{guess.evidence}; the text says {word} of {region.name}")
    up = next((x for x in line[1:] if (x.kind in ("province", "municipality") if level == "province"
                                       else x.kind == "prefecture" and level == "prefecture")), None)
    if up is not None:
        if guess.status != "inferred":
            return guess
        return JurisdictionGuess(up, "inferred", f"{guess.evidence}; the text says {word}: {up.name}")
    kinds = {"prefecture": ("prefecture",), "county": ("county",), "district": ("district",)}.get(level, ())
    inside = _named_within(text, d, kinds)
    if inside:
        n, c = inside[0]
        return JurisdictionGuess(c, "inferred", f"{guess.evidence}; the text says {word} and names {c.name}")
    return guess


def infer_jurisdiction(text: str, *, number: str | None = None,
                       head_chars: int = 160) -> JurisdictionGuess | None:
    """The jurisdiction of a policy text (:func:`_infer` on the text without its news and page
    furniture, moved to the level the text speaks as, :func:`_at_level`)."""
    clean = strip_furniture(text)
    if number is None:
        for m in _NUMBER.finditer(text[:2000]):
            if not re.search(r"》\(?$", text[max(0, m.start() - 2):m.start()]):   # not a citation's
                number = m.group(0)
                break
    guess = _at_level(_infer(clean, number=number, head_chars=head_chars), clean)
    if guess is None and _NATIONAL_CUE.search(clean) and not _LOCAL_CUE.search(clean):
        cue = _NATIONAL_CUE.search(clean).group()
        return JurisdictionGuess(division(COUNTRY), "inferred",
                                 f"{NATIONAL_BY_CUES}; the text speaks of {cue} and of no local level")
    return guess


#: the evidence of a country inferred from a text that names no place (the review doubts it)
NATIONAL_BY_CUES = "no place named"
# a text that names no place: national when it speaks of the centre (国务院, 我国, 全国, a ministry)
# and never as or of a local level (我省, 全市, 省政府, 市市场监管局 …)
_NATIONAL_CUE = re.compile(r"国务院|党中央|中共中央|我国|全国|中国[\u4e00-\u9fff]{0,6}(?:科协|协会|联合会)|国家(?:标准委|发展改革委|市场监督管理总局)|市场监管总局|"
                           r"(?:农业农村|工业和信息化|商务|财政|科技|生态环境|住房和城乡建设|交通运输)部")
_LOCAL_CUE = re.compile(r"[我本全](?:省|市|县|区|州)|(?<![各])[省市县区]委|(?<![各])[省市县区](?:人民)?政府|"
                        r"(?<![各])[省市县区](?:市场监管|质监|发展改革|财政|商务|农业农村)")


def _infer(text: str, *, number: str | None = None,
           head_chars: int = 160) -> JurisdictionGuess | None:
    """The jurisdiction of a policy text (normalised: simplified, no whitespace).

    In order: the place named before 关于 at the head (issuer or title: ``stated``), unless the
    text never names it again while it names an unrelated place three times or more (a spam or
    navigation line above an article: that place, ``inferred``); an issuer
    (…市人民政府办公室, also of a one-character county: 沁县人民政府办公室) in the first lines, as in
    web captures or signatures (``stated``); the
    document number's prefix (``inferred``); a national issuer at the head, not cited
    (国务院, 工业和信息化部等四部门: ``stated``) or a national number prefix (国办发: ``inferred``),
    both the country (100000); the place the title names after 印发/批转/转发
    (``inferred``); the division the text names most (``inferred``).

    :param text: the document text (see :class:`~kgtool.intake.extract.text.TextView`).
    :param number: its document number, when already known.
    :param head_chars: how much of the text's start holds the title and issuer.
    """
    head = re.split(r"(?<=通知|意见|方案|办法|决定|规划)", text[:head_chars], maxsplit=1)[0]
    head = re.sub(r"(关于)?(印发|批转|转发).*$", "", head.split("关于")[0]) or head
    stated = place_in(head[:60])
    evidence = f"issuer or title names {stated.name}" if stated else ""
    if stated is None:          # a web capture: the issuer after page furniture, or its signature
        for m in _ISSUER.finditer(text[:800]):
            if text[max(0, m.start() - 1):m.start()] in ("《", "\u300a") or m.group(0).startswith("各"):
                continue
            stated = place_in(m.group(0))
            if stated is not None:
                evidence = f"issuer {m.group(0)}"
                break
    if number is None:
        for m in _NUMBER.finditer(text[:2000]):
            if not re.search(r"》\(?$", text[max(0, m.start() - 2):m.start()]):   # not a citation's
                number = m.group(0)
                break
    by_number = from_doc_number(number, within=stated) if number else None
    if stated is not None and by_number is None and evidence.startswith("issuer or title"):
        # a head place the text never names again, while it names an unrelated place again and
        # again: a line of page furniture (a spam or navigation line) above the article
        counts = place_mentions(strip_furniture(text))
        other = max((c for c in counts if not related(c, stated.code)), key=lambda c: counts[c], default=None)
        if other is not None and counts.get(stated.code, 0) <= 1 and counts[other] >= 3:
            d = division(other)
            return JurisdictionGuess(d, "inferred", f"{d.name} is the place the text names most "
                                                    f"({counts[other]}×); the head's {stated.name} is named once")
    if stated is not None:
        if by_number is not None and by_number.code != stated.code and \
                stated.code in {x.code for x in lineage(by_number.code)}:
            return JurisdictionGuess(by_number, "stated",
                                     f"issuer or title names {stated.name}; number {number}")
        return JurisdictionGuess(stated, "stated", evidence)
    if by_number is not None:
        return JurisdictionGuess(by_number, "inferred",
                                 f"document number {number} (prefix of {by_number.name})")
    # a central body or ministry issues it (at the head, not cited), or its number is national
    issuer = national_issuer(head[:80])
    if issuer is not None:
        return JurisdictionGuess(division(COUNTRY), "stated", f"national issuer {issuer}")
    if national_number(number):
        return JurisdictionGuess(division(COUNTRY), "inferred", f"national document number {number}")
    titled = place_in(re.sub(r"^.*?(印发|批转|转发)", "", head)[:60]) if re.search(r"印发|批转|转发", head) else None
    if titled is not None:
        return JurisdictionGuess(titled, "inferred", f"the title names {titled.name}")
    counts = place_mentions(text)
    if not counts:
        return None
    # the most specific division among the most named: a district beats its own city
    top = max(counts.values())
    best = [c for c, n in counts.items() if n == top]
    best.sort(key=lambda c: (-len(lineage(c)), c))
    d = division(best[0])
    return JurisdictionGuess(d, "inferred", f"{d.name} is the place the text names most ({top}×)")


def agency_division(name: str, doc: Division | None) -> Division | None:
    """The division an agency name belongs to, read against the document's jurisdiction.

    A name that names a place (成都市质量技术监督局) is that place; 省… is the document's
    province, 市… its city (a municipality is its own city), 区…/县… its district; other names
    (各区县人民政府, 质监局) the document's jurisdiction.
    """
    own = place_in(name)
    if own is not None:
        return own
    if doc is None:
        return None
    chain = lineage(doc.code)
    wanted = {"省": ("province", "municipality"), "市": ("prefecture", "municipality"),
              "区": ("district",), "县": ("district",)}.get(name[:1])
    if name.startswith(("国务院", "国家")):
        return division(COUNTRY)
    if wanted:
        for d in chain:
            if d.kind in wanted:
                return d
    return doc


def jurisdiction_iri(code: str) -> URIRef:
    """``kg:jur/<code>``, the IRI of a jurisdiction by its GB/T 2260 code."""
    return KG[f"jur/{code}"]


JURISDICTION_CLASSES = {"country": KGT.Country, "province": KGT.Province, "municipality": KGT.Municipality,
          "prefecture": KGT.PrefectureCity, "district": KGT.District}


def add_jurisdiction(g: Graph, code: str, reference: Graph) -> URIRef:
    """Add to ``g`` the jurisdiction of ``code`` and each ancestor the reference data lacks.

    Each drafted jurisdiction gets its class, zh and en labels, ``kgt:adminCode`` and
    ``kgt:partOf`` its parent, and an ``rdfs:comment`` saying it needs review.
    :returns: the jurisdiction's IRI.
    """
    for d in lineage(code):
        node = jurisdiction_iri(d.code)
        if (node, RDF.type, None) in reference or (node, RDF.type, None) in g:
            continue
        g.add((node, RDF.type, JURISDICTION_CLASSES[d.kind]))
        g.add((node, RDFS.label, Literal(d.name, lang="zh")))
        g.add((node, RDFS.label, Literal(d.english, lang="en")))
        g.add((node, SKOS.prefLabel, Literal(d.name, lang="zh")))
        g.add((node, KGT.adminCode, Literal(d.code)))
        if d.parent:
            g.add((node, KGT.partOf, jurisdiction_iri(d.parent)))
        g.add((node, RDFS.comment, Literal(
            "Needs review: jurisdiction drafted from GB/T 2260 (cpca data); not in the reference data.",
            lang="en")))
    return jurisdiction_iri(code)
