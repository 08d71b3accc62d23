"""Patterns and keyword tables of the policy-text extractor (issue #5).

Everything here works on the *matching view* of a text (see :class:`TextView` in
``kgtool.intake.extract``): NFKC + half-width + simplified characters, whitespace other than
newlines removed. So full-width digits and brackets are already ASCII (``（`` → ``(``,
``，`` → ``,``, ``％`` → ``%``), and traditional characters are simplified.
"""
from __future__ import annotations

import re
from decimal import Decimal

__all__ = ["cn_number", "parse_number", "QUANTITY_RE", "AMOUNT_RE", "DOC_NO_RE", "DATE_PATTERNS",
           "METRIC_RULES", "match_metric", "LEVEL_WORDS", "ROLE_WORDS", "ZONE_TYPES",
           "BODY_TYPES", "BODY_ACTIONS", "DEADLINE_RE", "PLAN_PERIOD_RE", "plan_period_end", "five_year_plan_end", "DOC_NO_SHAPE_RE", "repaired_doc_number", "match_activity", "deadline_year", "UNIT_WORDS", "UNIT_CODE"]

CN_NUM_CHARS = "零〇○一二两三四五六七八九十百千万亿"


def cn_number(text: str) -> int | None:
    """Value of a Chinese numeral (``二十`` → 20, ``一千三百`` → 1300, ``二〇一一`` → 2011),
    read by cn2an; None when ``text`` is not a Chinese numeral.

    >>> cn_number("一千三百"), cn_number("十五"), cn_number("二○○七")
    (1300, 15, 2007)
    """
    import cn2an  # maintained Chinese-numeral parser

    if not text or any(c not in CN_NUM_CHARS for c in text):
        return None
    try:
        value = cn2an.cn2an(text.replace("○", "〇"), "normal")
    except ValueError:
        return None
    return int(value) if value == int(value) else None


def parse_number(text: str) -> Decimal | None:
    """Arabic (``2.5``) or Chinese (``二十``) numeral as a Decimal, else None.

    >>> parse_number("2.5"), parse_number("二十")
    (Decimal('2.5'), Decimal('20'))
    """
    text = text.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    n = cn_number(text)
    return None if n is None else Decimal(n)


_NUM = r"(?:\d+(?:\.\d+)?|[零〇○一二两三四五六七八九十百千]+)"
_DASH = r"[—\-~～―–至到]"
# Measure words of target quantities, longest first: (word as written, unit code, multiplier).
# The codes are the concepts kg:unit/<code> of data/reference/concepts.ttl; 千X, 万X and 亿X are X
# counted in thousands / ten-thousands / hundred-millions (the value is kept as written, the scale
# beside it).
UNIT_WORDS = [("个百分点", "percentage-point", 1), ("个工作日", "day", 1), ("个月", "month", 1),
              ("万人次", "person-time", 10_000), ("人次", "person-time", 1),
              ("万人", "person", 10_000), ("万户", "household", 10_000), ("万件", "piece", 10_000),
              ("万家", "enterprise", 10_000), ("万个", "unit", 10_000), ("万项", "item", 10_000),
              ("万吨", "ton", 10_000), ("万亩", "mu", 10_000), ("亿元", "cny", 100_000_000),
              ("万元", "cny", 10_000), ("万亿元", "cny", 1_000_000_000_000), ("万名", "person", 10_000),
              ("千家", "enterprise", 1_000), ("千个", "unit", 1_000), ("千项", "item", 1_000), ("千人", "person", 1_000),
              ("千名", "person", 1_000), ("千户", "household", 1_000), ("千件", "piece", 1_000),
              ("项", "item", 1), ("个", "unit", 1), ("家", "enterprise", 1),
              ("件", "piece", 1), ("所", "institution", 1), ("座", "seat", 1), ("名", "person", 1),
              ("人", "person", 1), ("户", "household", 1), ("年", "year", 1), ("天", "day", 1),
              ("次", "times", 1), ("套", "set", 1), ("台", "machine", 1), ("条", "article", 1),
              ("种", "kind", 1), ("批次", "batch", 1), ("批", "batch", 1), ("处", "place", 1), ("吨", "ton", 1),
              ("亩", "mu", 1), ("%", "percent", 1), ("分", None, 1)]
# more measure words of plans (no unit concept in the scheme yet: a drafted target proposes one,
# flagged for review), and their 万/亿 forms, kept in the unit as written (5万千瓦: value 5)
_MORE_UNITS = ("千瓦时", "千瓦", "平方公里", "平方米", "立方米", "公里", "千米", "公顷", "标准箱", "美元",
               "根", "辆", "张", "篇", "部", "门", "栋", "间", "床", "头", "只", "株", "棵", "艘", "架",
               "册", "份", "场次", "场", "期", "轮", "例", "支", "小时", "分钟", "周", "米")
_SCALED = ("千瓦时", "千瓦", "平方米", "立方米", "公里", "公顷", "标准箱", "美元", "辆", "张", "头", "只",
           "株", "棵", "册", "份", "套", "台", "吨标准煤")
UNIT_WORDS += [(w, None, 1) for w in _MORE_UNITS if w not in {u for u, _, _ in UNIT_WORDS}]
UNIT_WORDS += [(p + w, None, m) for w in _SCALED for p, m in (("万", 10_000), ("亿", 100_000_000))
               if p + w not in {u for u, _, _ in UNIT_WORDS}]
# longest first, so that 个百分点 wins over 个 and 万千瓦 over 千瓦 (分 stays last: a score)
UNIT_WORDS.sort(key=lambda u: (u[0] == "分", -len(u[0])))
UNIT_CODE = {w: (c, m) for w, c, m in UNIT_WORDS}


def _unit_pattern(word: str) -> str:
    # a score (90分) only where 分 ends the quantity: not 分钟, 分之一, 分别, 分类 …
    return r"分(?=[(),;。、:]|以上|以下|左右|$)" if word == "分" else re.escape(word)
# a quantity: value or range + measure word (个月 before 个), or a bare 万/亿 before 规模;
# not preceded by 第 (ordinals), a digit or a dot; 余/多 between them (130余项, 20多个) is "more than".
QUANTITY_RE = re.compile(
    r"(?<![第\d.])(?P<num>(?P<lo>" + _NUM + r")\s*(?:" + _DASH + r"{1,2}\s*(?P<hi>" + _NUM +
    r"))?)\s*(?P<approx>余|多)?(?:(?P<unit>" + "|".join(_unit_pattern(w) for w, _, _ in UNIT_WORDS) +
    r")(?P<per>/[千万百]?人口?)?|(?P<bare>万|亿)(?=规模|以上|左右))(?P<after>以上|以内|以下|左右|上下)?")
AMOUNT_RE = re.compile(r"(?<![\d.])(?P<num>\d+(?:\.\d+)?|[零〇○一二两三四五六七八九十百千]+)"
                       r"\s*(?P<mult>万|亿)?元")
# a 文号 in any bracket style (〔〕 [] () 【】; ﹝﹞ and full-width forms are NFKC-mapped to these);
# ``closed`` is empty when the closing bracket was lost in the source (鲁政办〔201912号).
DOC_NO_RE = re.compile(r"(?P<code>[\u4e00-\u9fff]{1,8})[〔\[(【]\s*(?P<year>(?:19|20)\d{2})\s*"
                       r"(?P<closed>[〕\])】]?)\s*(?P<serial>\d{1,4})\s*号")


# what ontology/shapes/document.ttl (PolicyDocument-docNumber-pattern) accepts as a number
DOC_NO_SHAPE_RE = re.compile(r"^[^〔［（(\[ 　]+(〔[ 　]?[0-9０-９]{4}〕|\[[ 　]?[0-9０-９]{4}\]|（[ 　]?[0-9０-９]{4}）|"
                             r"\([ 　]?[0-9０-９]{4}\)|［[ 　]?[0-9０-９]{4}］)[0-9０-９]+号$|"
                             r"^[^〔［（(\[ 　]+令第[0-9０-９]+号$")       # a decree: 省政府令第256号


def repaired_doc_number(text: str) -> tuple[str, bool] | None:
    """``CODE〔YYYY〕N号`` of a document number as written, and whether a bracket had to be
    restored (the source lost it), or None when ``text`` is not a document number.

    >>> repaired_doc_number("鲁政办〔201912号")
    ('鲁政办〔2019〕12号', True)
    >>> repaired_doc_number("泰市监发[2025]23号")
    ('泰市监发〔2025〕23号', False)
    """
    m = DOC_NO_RE.search(re.sub(r"\s+", "", text))
    if not m:
        return None
    return f"{m['code']}〔{m['year']}〕{int(m['serial'])}号", not m["closed"]
_FIVE_YEAR = {"十一五": "2010", "十二五": "2015", "十三五": "2020", "十四五": "2025", "十五五": "2030"}
# 2025年前, 2025年底前, 2022年8月底前 — also 2022年8底前, a capture that lost 月
DEADLINE_RE = re.compile(r"(?<![截止])(?:到|至)(?P<y1>\d{4})年|(?P<y2>\d{4})年(?:\d{1,2}月?)?(?:底|末)?(?:前|以前|之前)"
                         # a year opening a sentence that sets a goal: 2025年,力争…达到2.95%
                         r"|(?:^|(?<=[。\n]))(?P<y3>20\d\d)年(?:底|末)?,(?=[^。\n]{0,12}(?:力争|争取|确保|要|将|目标))"
                         # the plan of a year: 2024年计划改造…, 2024年度计划对…
                         r"|(?<![\d—\-~至到])(?P<y4>20\d\d)年度?计划(?!单列)"
                         r"|(?<!比)(?<!较)(?<!比“)(?<!较“)“?(?P<fyp>十[一二三四五]五)”?(?:末|期末|时期末)")
# (比“十一五”末翻番: the end of a plan period named as a base, not a deadline)


# a five-year-plan period (“十二五”期间): the period a sentence with a modal sets goals for
PLAN_PERIOD_RE = re.compile(r"“?(?P<fyp>十[一二三四五]五)”?(?:期间|时期)")


def five_year_plan_end(name: str) -> str | None:
    """The last year of the five-year plan a name mentions (``“十四五”规划`` → ``2025``), or None."""
    m = re.search(r"十[一二三四五]五", name)
    return _FIVE_YEAR[m.group()] if m else None


def plan_period_end(m: re.Match) -> str:
    """The last year of a :data:`PLAN_PERIOD_RE` period (``“十二五”期间`` → ``2015``)."""
    return _FIVE_YEAR[m["fyp"]]


def deadline_year(m: re.Match) -> str:
    """The year of a :data:`DEADLINE_RE` match (``"十三五"末`` → ``2020``)."""
    return m["y1"] or m["y2"] or m["y3"] or m["y4"] or _FIVE_YEAR[m["fyp"]]


DATE_PATTERNS = [
    re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"),
    re.compile(r"(?P<y>[〇○零一二三四五六七八九]{4}|\d{4})年(?P<m>[一二三四五六七八九十]{1,3})月"
               r"(?P<d>[一二三四五六七八九十]{1,3})日"),     # 二〇二二年七月六日 (2022年七月六日 in a view)
    re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
]

LEVEL_WORDS = [("国际", "international"), ("国家级", "national"), ("全国", "national"),
               ("省级", "provincial"), ("市级", "municipal"), ("区级", "district")]
ROLE_WORDS = [("牵头负责", "lead"), ("按职责分工负责", "responsible"), ("牵头", "lead"),
              ("负责", "responsible"), ("配合", "cooperating")]
ZONE_TYPES = [("高新技术产业园标准化示范区", "hi-tech-park-demo-zone"),
              ("农业标准化示范区", "agri-demo-zone"), ("服务标准化试点", "service-pilot"),
              ("标准化示范园区", "standardization-demo-park"), ("物流标准化试点", "logistics-pilot"),
              ("技术标准孵化基地", "incubation-base"), ("标准化生产示范区", "production-demo-zone"),
              ("应用推广示范基地", "application-demo-base"), ("标准化市场建设试点", "market-pilot"),
              ("节能标准化试点", "energy-saving-pilot")]
BODY_TYPES = [("分技术委员会", "sc"), ("分委员会", "sc"), ("SC", "sc"), ("工作组", "wg"), ("WG", "wg"),
              ("技术委员会", "tc"), ("TC", "tc")]
BODY_ACTIONS = [("秘书处", "secretariat"), ("主席", "chair"), ("召集人", "chair"), ("落户", "host"),
                ("设立在", "host"), ("在渝设立", "host"), ("委员", "join"), ("培育", "establish"),
                ("建立", "establish"), ("建设", "establish"), ("组建", "establish"), ("承担", "host")]


def _has(p: str, *words: str) -> bool:
    return all(w in p for w in words)


def _level(p: str) -> str | None:
    for word, lvl in (("国家级", "national"), ("省级", "provincial"), ("市级", "municipal")):
        if word in p and "以上" not in p.split(word, 1)[1][:2]:
            return lvl
    return None


def _by_level(base: str, p: str, allowed: tuple[str, ...]) -> str:
    lvl = _level(p)
    return f"{base}-{lvl}" if lvl in allowed else base


# (test, metric-or-callable). ``p`` = the phrase around one number, ``s`` = its sentence,
# ``u`` = the unit as written. Ordered from specific to general.
METRIC_RULES = [
    (lambda p, s, u: "采标率" in p, "intl-adoption-rate"),
    (lambda p, s, u: "产品数量" in p and "国际标准" in p, "products-adopting-intl-standards"),
    (lambda p, s, u: "上升为地方标准" in p, "enterprise-standards-to-local"),
    (lambda p, s, u: _has(p, "备案", "企业产品标准"), "enterprise-product-standards-filed"),
    (lambda p, s, u: u == "家" and "委员" in s and "企业" in p and "良好行为" not in p,
     "tc-member-enterprises"),
    (lambda p, s, u: u == "名" and "委员" in s, "tc-member-experts"),
    (lambda p, s, u: "良好行为企业" in p,
     lambda p: _by_level("good-behaviour-enterprises", p, ("national", "provincial"))),
    (lambda p, s, u: "农业标准化示范区" in p,
     lambda p: _by_level("agri-demo-zones", p, ("national", "provincial", "municipal"))),
    (lambda p, s, u: "服务标准化基地" in p or "示范点" in p, "service-bases"),
    (lambda p, s, u: "服务标准化试点" in p,
     lambda p: _by_level("service-pilots", p, ("national", "municipal"))),
    (lambda p, s, u: "标准化示范区" in p and ("总数" in p or "国家级和省级" in p),
     "standardization-demo-zones"),
    (lambda p, s, u: "质检中心" in p, "quality-inspection-centres-national"),
    (lambda p, s, u: "公共检测" in p and "平台" in p, "public-testing-platforms"),
    (lambda p, s, u: "省级" in p and ("TC" in p or "技术委员会" in p), "provincial-tc-sc"),
    (lambda p, s, u: any(w in p for w in ("TC", "技术委员会", "工作组")), "tc-sc-wg-hosted"),
    (lambda p, s, u: u == "%" and "标准化" in p and "农业" in p, "agri-production-standardized-share"),
    (lambda p, s, u: u == "%" and "企业标准体系" in p, "enterprise-standard-system-share"),
    (lambda p, s, u: "制定周期" in p, "local-standard-cycle"),
    (lambda p, s, u: "主导或参与" in p or "主导和参与" in p, "standards-led-or-participated"),
    (lambda p, s, u: "采用国际标准" in p, "intl-standards-adopted"),
    (lambda p, s, u: "省级农业地方标准" in p, "standards-local-agri-provincial"),
    (lambda p, s, u: "市级农业地方标准" in p, "standards-local-agri-municipal"),
    (lambda p, s, u: "国家和行业标准" in p or "国家标准、行业标准" in p or "国家标准和行业标准" in p,
     "standards-national-industry"),
    (lambda p, s, u: "国际标准" in p and "地方标准" not in p, "standards-intl"),
    (lambda p, s, u: "地方标准" in p, "standards-local"),
]


def match_metric(phrase: str, sentence: str, unit: str) -> str | None:
    """Local name of the metric (``kg:metric/<name>``) a phrase counts, or None.

    >>> match_metric("新增备案企业产品标准", "新增备案企业产品标准5000项。", "项")
    'enterprise-product-standards-filed'
    >>> match_metric("新增国家级农业标准化示范区", "", "个")
    'agri-demo-zones-national'
    """
    for test, metric in METRIC_RULES:
        if test(phrase, sentence, unit):
            return metric(phrase) if callable(metric) else metric
    return None


# Funded activities of the curated graph (kg:activity/<name>, scheme funded-activities), matched
# on a drafted funding item's activity text (normalised). Ordered from specific to general;
# an activity no rule fits becomes a proposed concept for review.
ACTIVITY_RULES = [
    (re.compile(r"秘书处.*(全国|国家)|(全国|国家).*(技术委员会|TC|SC).*秘书处"), "national-tc-sc-secretariat"),
    (re.compile(r"秘书处|技术委员会|TC|SC|WG"), "tc-sc-wg-undertaking"),
    (re.compile(r"参与|协助|非第一|第二承担"), "standard-drafting-participation"),
    (re.compile(r"(主导|第一|牵头|主持|负责起草).*国际[^,;。]{0,4}标准|国际.*标准.*(主导|第一)"),
     "intl-standard-lead-drafting"),
    (re.compile(r"(主导|第一|牵头|主持|负责起草).*国家[^,;。]{0,4}标准|国家.*标准.*(主导|第一)"),
     "national-standard-lead-drafting"),
    (re.compile(r"(主导|第一|牵头|主持|负责起草).*行业[^,;。]{0,4}标准|行业.*标准.*(主导|第一)"),
     "industry-standard-lead-drafting"),
    (re.compile(r"(主导|第一|牵头|主持|负责起草).*(省级|省)地方标准"), "provincial-local-standard-lead-drafting"),
]


def match_activity(text: str) -> str | None:
    """Local name of the funded-activity concept (``kg:activity/<name>``) a text names, or None.

    >>> match_activity("每主导制订、修订一项国家标准"), match_activity("参与制订、修订")
    ('national-standard-lead-drafting', 'standard-drafting-participation')
    """
    for rule, name in ACTIVITY_RULES:
        if rule.search(text):
            return name
    return None

