"""Funding items (amounts of money offered) and budget statements (issue #16).

Each amount in a funding schedule becomes one funding item with, read from the sentence:

- ``activity``: what is rewarded (主导制定国际标准, 承担TC秘书处, 示范区 …) — the list item that
  ``分别`` assigns to it, or the words before it (inherited from the previous clause when a
  clause only says 参与制订、修订的, 第二承担单位 …; the quote then starts at that clause);
- ``tier``: 第N档 (``分三档给予补助：100万元、50万元和30万元``), 一等奖/一类所 lists, 第一承担单位,
  主导/参与/协助, 国家级/省级;
- ``cap`` (最高, 不超过, 以内, 上限) and ``scope`` (``per-unit-per-year`` for 同一单位年度累计…,
  else ``per-item``);
- ``revision``: ``new`` (制定), ``revised`` (修订) or ``new-or-revised`` (制修订, 制(修)定);
- ``jurisdiction``: in a text that lists several places' rules (a heading line 深圳市 or 华容区,
  政策依据：《河北省…》, or a place opening a paragraph or sentence as a rule's subject: 平阳县出台了…,
  吉林省延边州政府对…), the place above the amount, read strictly
  (:func:`~kgtool.intake.extract.jurisdiction.division_named`); an amount no such place covers, in a
  text that names a place besides the document's own and its ancestors, is doubted on review
  (:func:`other_places`);
- ``funders``: the paying body the clause names (由区财政…, 市政府对…并奖励), a place's government
  opening the rule (吉林省延边州政府对…), the document's own place as subject (义乌将分别给予…), or a
  heading line over the list (县政府设立以下奖项及奖励标准:).

Not offers: money received, an old level (由10万元/项提高到…, 从原来的1万元提升到了2万元), money
spent, allocated or paid out (安排奖励经费400万元, 已兑现…, 共计…), a budget or a programme's yearly
ceiling (本项目每年资助总额不超过300万元; a unit's cap 同一单位年度…总额不超过 is an offer), an amount that
sizes its subject (千亿元级企业, 百亿元以上产业集群), a payout to firms the sentence names (…有限公司…各
奖励20万元), a payout's total (奖励总额为814万元), an allocation handed down (下达…补助经费200万元), a
share of a cost (市财政承担119万元), an investment (投资3000万元建设…), a fund's yearly sum
(专项资金,每年2000万元), a condition (纳税额不得低于200万元, 当年纳税300~500万元的), an amount in a
sentence with no offer or money word (培育主营业务收入超50亿元企业2家), and a news report of what a
recipient will get (最高将得到…100万元的奖励) when a sentence gives the same amount.

Budget statements are the sentences that commit funds without an amount, or that set a sum aside
for a purpose (区级财政安排4000万元重大项目前期费，统筹用于…). Money that is the value of a target
(海洋生产总值3000亿元, 全员劳动生产率达到22万元/人: a money metric, or an amount right after a target
verb in a sentence that offers nothing) is neither; 投入品 (farm inputs), 投入强度 and 投入产出
commit no money.
"""
from __future__ import annotations

import contextlib
import io
import re
from decimal import Decimal
from functools import lru_cache

from rdflib import URIRef

from kgtool.intake.patterns import AMOUNT_RE
from kgtool.intake.extract.text import is_headline
from kgtool.intake.extract.draft import DraftFact, DraftContext
from kgtool.intake.extract.reference import pick_reference
from kgtool.intake.extract.jurisdiction import division_named

_FUNDER_RE = re.compile(r"由(?P<org>[^,;。由]{2,30})(?:承担|资助|支付|安排|负担|列支)|"
                        r"由(?P<awarder>[^,;。由]{2,12}?)(?:进行)?表彰(?:和|并)?奖励")   # 由市政府进行表彰和奖励
# an adverb between the payer and its verb (奖励资金由市财政统筹安排): not part of the name
_PAYER_ADVERB_RE = re.compile(r"(?:统筹|足额|专项|统一)$")


def _payer(m: re.Match) -> str:
    """The paying body a :data:`_FUNDER_RE` match names."""
    return _PAYER_ADVERB_RE.sub("", m["org"]) if m["org"] else m["awarder"]


# a heading line that names the payer of the list below it (县政府设立以下奖项及奖励标准:)
_HEAD_PAYER_RE = re.compile(
    r"(?P<org>(?:[\u4e00-\u9fff]{2,6}?[省市区县])?[省市区县](?:级)?(?:人民政府|政府|财政局|财政厅|财政))"
    r"(?:设立|制定|实行|按照?|对)[^。:\n]{0,30}(?:奖励|奖项|补助|资助|扶持)[^。:\n]{0,20}:[ \t]*$", re.M)
# a named place's government opening a rule that offers money (吉林省延边州政府对…, 北京密云县人民政府规定对…)
_PLACE_GOV_RE = re.compile(r"(?:^|[,;:。])(?:如|例如)?(?P<gov>(?P<place>[\u4e00-\u9fff]{2,12}?(?:省|市|州|县|区|盟))"
                           r"(?:人民政府|政府))(?:规定)?对")
_ACTIVITY_RE = re.compile(r"标准|秘书处|技术委员会|TC|SC|WG|示范|试点|奖项|贡献奖|等奖|标识|领跑者|验收|基地|中心")
_TIER_RE = re.compile(r"第[一二三四五六七八九十\d]+(?:承担|起草)?单位|非第一起草单位|第一起草单位|"
                      r"[一二三四五六七八九十]等奖|[一二三四五六七八九十]类所|国家级|省级|市级|总额|"
                      r"主导|参与|协助|牵头")
_CAP_RE = re.compile(r"最高|不超过|不高于|上限|封顶|最多")
_SCOPE_RE = re.compile(r"同一单位|单户|每家|单个单位|同一年度|年度内|年度累计|每年度|每年累计")
_LEVEL_RE = re.compile(r"国际|国家|行业|地方|团体|企业|区域")
_GLUE_RE = re.compile(r"^[、,和及与或\s]*$")
# money that is not offered: the value of a target (海洋生产总值3000亿元, 旅游总收入1100亿元) …
_MONEY_METRIC_RE = re.compile(r"(?:总值|总收入|收入|产值|增加值|营业额|销售额|交易额|规模|余额|投资额)[^,;。]{0,4}$")
# … or the level a target sets (全员劳动生产率达到22万元/人): an amount right after a target verb
_TARGET_VALUE_RE = re.compile(r"(?:达到|达|提高到|提高至|提升到|提升至|增加到|增至|超过|突破|稳定在|保持在)$")
# … or a threshold the recipient must reach, in a conditional clause ending in 的
_THRESHOLD_RE = re.compile(r"(?:收入|产值|销售额|营业额|营收|主营业务|规模|投资额|交易额)[^,;。]{0,8}?"
                           r"(?:突破|超过|达到|达)(?P<span>[^,;。的]*?)(?:以上)?的")
_OFFER_RE = re.compile(r"给予|奖励|资助|补助|补贴|扶持|奖补|一次性|每项|每个|每家|拨付|配套")
# … and, without an offer word, the words that still make an amount money on offer (以奖代补, 奖金,
# 额外增加5万元, a schedule's table cell)
_MONEY_WORD_RE = re.compile(r"奖|补|资助|经费|资金|增加|\|")
# … or a sum the government sets aside for a purpose (区级财政安排4000万元重大项目前期费，统筹用于…):
# a budget statement with an amount, not an amount offered for an activity
_ALLOCATION_RE = re.compile(r"(?:安排|投入|设立)[^,;。]{0,4}$")
# 投入 commits money, but 农业投入品 (farm inputs), 研发投入强度, 投入产出 and 经费投入增长10% (a target) do not
_SPEND = r"投入(?!品|强度|产出|增长|占)"
_COUNT = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
# province-level divisions (GB/T 2260), for the headings of multi-place compilations
_PROVINCES = {"北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市", "首都": "北京市",
              "河北": "河北省", "山西": "山西省", "辽宁": "辽宁省", "吉林": "吉林省", "黑龙江": "黑龙江省",
              "江苏": "江苏省", "浙江": "浙江省", "安徽": "安徽省", "福建": "福建省", "江西": "江西省",
              "山东": "山东省", "河南": "河南省", "湖北": "湖北省", "湖南": "湖南省", "广东": "广东省",
              "海南": "海南省", "四川": "四川省", "贵州": "贵州省", "云南": "云南省", "陕西": "陕西省",
              "甘肃": "甘肃省", "青海": "青海省", "台湾": "台湾省", "内蒙古": "内蒙古自治区",
              "广西": "广西壮族自治区", "西藏": "西藏自治区", "宁夏": "宁夏回族自治区",
              "新疆": "新疆维吾尔自治区", "香港": "香港特别行政区", "澳门": "澳门特别行政区"}
_PLACE_RE = re.compile("(?P<prov>" + "|".join(sorted(_PROVINCES, key=len, reverse=True)) +
                       r")(?:省|市|自治区)?|(?P<city>[\u4e00-\u9fff]{2,4}?(?:市|州|盟|地区))")
_HEADING_RE = re.compile(r"^(?:政策依据:)?《(?P<title>[^》]{4,80})》|^(?P<bare>[\u4e00-\u9fff]{2,8}"
                         r"(?:省|市|自治区|区|县))$")


@lru_cache(maxsize=1)
def _money_parser():
    """jionlp's money parser (a maintained Chinese-NLP library); its import prints a banner on
    stdout, which must not reach kgtool's output."""
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp
    return jionlp.parse_money


def money_value(written: str) -> Decimal | None:
    """Yuan of an amount as written (``20万元``, ``1.5亿元``, ``五万元``), read by jionlp.

    >>> money_value("20万元"), money_value("1.5亿元")
    (Decimal('200000'), Decimal('150000000'))
    """
    try:
        got = _money_parser()(re.sub(r"\s+", "", written))
    except (ValueError, TypeError):
        return None
    if not got or got.get("case") != "元" or got.get("definition") != "accurate":
        return None
    value = Decimal(got["num"])
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


# money received (各获50万元奖励, 分别获得奖金30万元), an old level (由10万元/项提高到50万元/项),
# a budget (预算每年从600万元提高到1800万元), money already spent (截至目前…共安排1.48亿元)
_RECEIVED_RE = re.compile(r"(?<![将可])获(?:得)?(?:了)?(?:奖金|奖励|资助|补助|资金)?$")   # 将获得: an offer
_RAISED_AFTER_RE = re.compile(r"(?:/[项个家件])?(?:提高到|提高至|提升到|提升至|调整为|增加到|增至|上调至|上调到)|"
                              r"(?:/[项个家件])?(?:提高|提升|增加|上调)(?:到|至)了")
# the old levels a rule raises, one or a list: 由原来的100万元、50万元、30万元和10万元提高到200万元、…
_LEVEL = r"\d+(?:\.\d+)?\s*[万萬]?元(?:/[项个家件])?"
_OLD_LEVELS_BEFORE_RE = re.compile(r"(?:由|从)(?:原来的|原来|原|过去的)?(?:每[家个项件])?(?:" + _LEVEL + r"[、和及与])*$")
_OLD_LEVELS_AFTER_RE = re.compile(r"(?:[、和及与]" + _LEVEL + r")*")
# an award raised to a new level: 一等奖奖金由5万元提高到 (the amount after it is the offer)
_RAISED_AWARD_RE = re.compile(r"(?:奖金|奖励金|资助金|补助金|奖励标准|资助标准|补助标准)(?:额度)?(?:由|从)[^,;。]*$")
# an amount that sizes its subject (千亿元级企业, 百亿元以上产业集群), not money offered
_SIZE_AFTER_RE = re.compile(r"(?:级|量级|以上(?:的)?(?:产业|企业|集群|项目|园区|平台|行业))")
_SPENT_RE = re.compile(r"共安排|累计安排|共投入|累计投入|已安排|已投入|共计|合计|累计发放|已发放|共发放|已兑现|兑现了|共兑现|"
                       r"(?:奖金|奖励|资助|补助)总额(?:为|达|是)?$|"    # 本届…奖金总额265万元: the awards' sum
                       r"总额为|总额达|下达|"    # 奖励总额为814万元 (a payout's total), 下达…补助经费200万元
                       # a programme's yearly ceiling (本项目每年资助总额不超过300万元), not a unit's cap
                       r"(?:本项目|本专项|全年|每年)(?:[^,;。同每单]{0,6})总额")


# the sentence pays firms it names (an award decision, news of a ceremony): a payout, not a rule
_NAMED_FIRM_RE = re.compile(r"有限(?:责任)?公司|股份有限公司")
# what an amount is instead of an offer: a share of a cost (市财政承担119万元), an investment
# (投资3000万元建设…), a fund's yearly sum (专项资金,每年2000万元), a condition (纳税额不得低于200万元)
_NOT_OFFER_BEFORE_RE = re.compile(r"(?:承担|投资|专项资金,?(?:每年)?|较(?:上届|上年|去年|上一届|往年)?|"
                                  r"(?:纳税|收入|产值|利税|资产|销售额|营业额)[^,;。]{0,4}(?:不得低于|不低于|不少于|达到|超过)|"
                                  r"(?:纳税|收入|产值|利税|资产|销售额|营业额|营收)(?:在|达|为)?)"
                                  r"(?:\d+(?:\.\d+)?\s*[~～\-—至到])?$")     # 当年纳税300~500万元的
# a bracket of another body's levels the rule takes as its model: 参照省政府质量奖的做法(…由100万元/家
#调整为200万元/家…)
_MODEL_RE = re.compile(r"(?:参照|参考|对照|比照)[^。]{0,30}\([^()]*$")


def _not_offered(sent: str, clause: str, a: re.Match) -> bool:
    """An amount the sentence does not offer: received, an old level or rule, a budget, money
    spent or summed, a payout to firms the sentence names, a share of a cost, an investment, a
    condition (产值2000万元及以上), another body's level cited as a model."""
    before = sent[:a.start()]
    return bool(_RECEIVED_RE.search(before) or _NAMED_FIRM_RE.search(sent) or _NOT_OFFER_BEFORE_RE.search(before) or
                (_OLD_LEVELS_BEFORE_RE.search(before) and _RAISED_AFTER_RE.match(
                    sent, _OLD_LEVELS_AFTER_RE.match(sent, a.end()).end())) or _MODEL_RE.search(before) or
                _SIZE_AFTER_RE.match(sent, a.end()) or re.search(r"安排[^,;。]{0,12}(?:经费|资金)$", before) or
                re.search(r"预算", clause) or _SPENT_RE.search(clause) or re.search(r"截至|截止", before) or
                re.match(r"(?:原来|原先|过去|以往|此前)", sent))         # 原来…奖励100万元: the old rule


# a place opening a paragraph or a sentence as the subject of a rule: 平阳县出台了…, 如辽宁省鞍山市人民政府在
# 《…》中…, 吉林省延边州政府对…, 湖南省望城县规定,…
_SUBJECT_PLACE_RE = re.compile(r"(?:^|[。;])[ \t]*(?:如|例如|另外,|此外,)?(?P<place>[\u4e00-\u9fff]{2,12}?"
                               r"(?:省|市|州|县|区|盟))(?:人民政府|政府)?(?:出台了?|规定|制定了?|印发了?|明确|对|在《)",
                               re.M)


def _compilation_places(t: str) -> list[tuple[int, str]]:
    """The places of a text that lists several places' rules, each with where its rules begin
    (empty when the text lists one place): heading lines (a cited title opening with a place, a
    line that is only a place's name: 鄂州市 / 华容区) and places opening a paragraph or a sentence
    as the subject of a rule (平阳县出台了…, 瓯海区出台了…). A name GB/T 2260 does not know is no place."""
    out = []
    pos = 0
    for line in t.split("\n"):
        m = _HEADING_RE.match(line)
        if m:
            text = m["bare"] or m["title"]
            p = _PLACE_RE.search(text)
            if p and (m["bare"] or p.start() <= 2):
                out.append((pos, _PROVINCES[p["prov"]] if p["prov"] else p["city"]))
            elif m["bare"]:
                out.append((pos, m["bare"]))
        pos += len(line) + 1
    out += [(m.start("place"), m["place"]) for m in _SUBJECT_PLACE_RE.finditer(t)]
    out = sorted((p, n) for p, n in out if division_named(n) is not None)
    return out if len({p for _, p in out}) >= 2 else []


def _clean_activity(text: str) -> str:
    marks = list(re.finditer(r"(?<![\d.])[\d一二三四五六七八九十]{1,2}[.、](?!\d)|\([一二三四五六七八九十\d]{1,3}\)", text))
    if marks:                          # …按以下标准奖励:1、每主导制订…: the last list item
        text = text[marks[-1].end():]
    text = re.sub(r"(?:择优)?分[两二三四五六七]档|给予|一次性|奖励|资助|补助资金|补助|奖补|支持|分别|"
                  r"最高|不超过|每项|按项目|资金总额|总额|其中:?", "", text)
    # the payer opening or closing the clause is no part of what is funded (吉林省延边州政府对…的企业,
    # …的企业,市政府分别…)
    text = re.sub(r"^[\u4e00-\u9fff]{0,12}?(?:人民政府|政府|财政局|财政)(?:规定)?(?=对)", "", text)
    text = re.sub(r",[\u4e00-\u9fff]{0,12}?(?:人民政府|政府|财政局|财政)$", "", text)
    return text.strip(",;:、的 ")


def _amount_infos(sent: str, amounts) -> list[dict]:
    """Activity, tier, cap and scope of each amount of one sentence; ``start``: where its context
    begins in ``sent``."""
    groups, cur = [], []
    for a in amounts:
        if cur and _GLUE_RE.match(sent[cur[-1].end():a.start()]):
            cur.append(a)
        else:
            if cur:
                groups.append(cur)
            cur = [a]
    if cur:
        groups.append(cur)
    infos, prev_end, last_activity, last_start, last_level = [], 0, None, 0, None
    for g in groups:
        head_start = max([prev_end] + [sent.rfind(c, 0, g[0].start()) + 1 for c in ";。"])
        head = sent[head_start:g[0].start()]
        after = sent[g[-1].end():g[-1].end() + 6]
        items = []
        if "分别" in head:
            before = head[:head.index("分别")]
            before = before[max(before.rfind(c) for c in ",:") + 1:]
            m = re.search(r"([一二三四五六七八九十])、([一二三四五六七八九十])、([一二三四五六七八九十])(等奖|类)", before)
            if m:
                items = [m[i] + m[4] for i in (1, 2, 3)]
            else:
                items = [re.sub(r"^(?:按照|按|对于|对)", "", p) for p in re.split(r"、", before) if p]
                tail = re.search(r"标准(.+)$", items[-1]) if items else None
                if tail:                 # 国际标准、国家标准、行业标准主导制定单位: shared tail
                    items = [p + tail.group(1) if p.endswith("标准") else p for p in items]
            if len(items) < len(g):
                items = []
        n_tier = re.search(r"分([两二三四五六七])档", head) or re.match(r"[^,;。]{0,4}([两二三四五六七])档", after)
        activity = _clean_activity(head)
        own = bool(_ACTIVITY_RE.search(head))
        cont = re.match(r"\s*/\s*(?:项|件|个)?\s*[、,;]", head)
        if cont and own and last_activity:      # 国际标准30万元/项、国家标准20万元/项: same verb
            lv = _LEVEL_RE.search(last_activity)
            activity = (last_activity[:lv.start()] if lv else "") + _clean_activity(head[cont.end():])
        if not own and last_activity:
            activity = f"{activity}({last_activity})" if activity else last_activity
        elif own and not _LEVEL_RE.search(activity) and last_level:
            activity = f"{activity}({last_level})"      # 其中：标准制定第一承担单位 (国际技术标准)
        for k, a in enumerate(g):
            act, tier, start = activity, None, (head_start if own or not last_activity else last_start)
            if items:
                item = items[-len(g):][k]
                if _ACTIVITY_RE.search(item) and not re.fullmatch(r"[一二三四五六七八九十](?:等奖|类)", item):
                    act = _clean_activity(item) or item
                else:
                    tier = item
            elif n_tier and len(g) > 1:
                tier = f"第{'一二三四五六七'[k]}档"
            else:
                tm = list(_TIER_RE.finditer(head))
                tier = tm[-1].group() if tm else None
            cap = bool(_CAP_RE.search(head[-12:]) or re.match(r"\s*以内", sent[a.end():]))
            scope = "per-unit-per-year" if _SCOPE_RE.search(head) else "per-item"
            infos.append({"activity": act or None, "tier": tier, "cap": cap, "scope": scope,
                          "start": start, "revision": _revision(f"{head} {act or ''}")})
        if own:
            last_activity, last_start = activity, head_start
            if _LEVEL_RE.search(head):
                last_level = activity
        prev_end = g[-1].end()
    return infos


def _revision(text: str) -> str | None:
    """Whether the funded standards work is drafting new standards, revising, or either."""
    if re.search(r"制\(?修\)?[订定]|制修订|制[订定]、修[订定]|制[订定]或修[订定]", text):
        return "new-or-revised"
    if re.search(r"修[订定]", text):
        return "revised"
    if re.search(r"制[订定]|起草", text) and "标准" in text:
        return "new"
    return None


# a comparison table of subsidy levels flattened to one cell per line (``不高于 100 萬 |``):
# column headers …标准 |, rows ``N | <province> | <cell> | …``; amounts in 万 without 元, read as
# money only under a header that says the cells are amounts (补贴额度 …)
_TABLE_MONEY_HEAD = re.compile(r"(?:补贴|资助|补助|奖励|奖补)(?:额度|金额|标准)")
_WAN_RE = re.compile(r"(?P<n>\d+(?:\.\d+)?)(?P<mult>万|亿)(?![元\d家个项件人户次台套所座名条种批处吨亩年平千])")


def _table_funding(ctx: DraftContext) -> tuple[list[DraftFact], list[tuple[int, int]]]:
    """Funding items of a flattened subsidy table, and the spans of the cells read."""
    t = ctx.view.text
    if not _TABLE_MONEY_HEAD.search(t):
        return [], []
    cells, pos = [], 0                       # (start, content) of each cell line ``content |``
    for line in t.split("\n"):
        if line.endswith("|"):
            parts = line.split("|")[:-1]
            off = pos
            for part in parts:
                cells.append((off, part))
                off += len(part) + 1
        pos += len(line) + 1
    columns, i = [], 0
    while i < len(cells) and not columns:
        run = []
        while i < len(cells) and re.fullmatch(r"[\u4e00-\u9fff]{1,8}标准", cells[i][1]):
            run.append(cells[i][1])
            i += 1
        columns = run if len(run) >= 2 else []
        i += 0 if columns else 1
    if not columns:
        return [], []
    out, spans, place, col = [], [], None, 0
    while i < len(cells):
        start, c = cells[i]
        nxt = cells[i + 1][1] if i + 1 < len(cells) else ""
        if re.fullmatch(r"\d{1,3}", c) and nxt in _PROVINCES:
            place, col, i = _PROVINCES[nxt], 0, i + 2
            continue
        if place is not None and col < len(columns):
            amounts = list(_WAN_RE.finditer(c))
            prev = 0
            for a in amounts:
                clause = c[prev:a.end()]
                lead = re.match(r"(.{2,40}?)的?(?:资助|补助|补贴|奖励)?额度", clause)
                activity = lead.group(1).lstrip(",、") if lead and len(amounts) > 1 else columns[col]
                q, q0, q1 = ctx.view.quote(start + prev, start + a.end())
                value = Decimal(a["n"]) * (10_000 if a["mult"] == "万" else 100_000_000)
                vals = {"amount": value.quantize(Decimal(1)) if value == value.to_integral() else value,
                        "original": ctx.view.quote(start + a.start(), start + a.end())[0],
                        "funders": (), "activity": activity, "cap": bool(_CAP_RE.search(clause)),
                        "scope": "per-item", "jurisdiction": place}
                out.append(DraftFact("funding", q, q0, q1, vals))
                prev = a.end() + (1 if c[a.end():a.end() + 1] == "," else 0)
            if amounts:
                spans.append((start, start + len(c)))
            col += 1 if (amounts or c == "") else 0
        i += 1
    return out, spans


def draft_funding(ctx: DraftContext, sents) -> list[DraftFact]:
    t, out = ctx.view.text, []
    out, table_spans = _table_funding(ctx)
    default_funder = None
    for s, e in sents:
        m = _FUNDER_RE.search(t[s:e])
        if m and re.search(r"经费|资助|资金|奖金", t[s:e]):
            default_funder = ctx.org(_payer(m))
    places = _compilation_places(t)
    heads = [(m.start(), m["org"]) for m in _HEAD_PAYER_RE.finditer(t) if not AMOUNT_RE.search(m.group())]
    own = _own_place_payer(ctx)
    for s, e in sents:
        if any(a <= s < b for a, b in table_spans):
            continue
        sent = t[s:e]
        bare = re.sub(r"《[^》]*》", "", sent)     # words inside a cited title commit no funds
        amounts = list(AMOUNT_RE.finditer(sent))
        fm = _FUNDER_RE.search(sent)
        funders = [ctx.org(_payer(fm))] if fm else []
        if not funders:
            funders = _orgs_in(ctx, sent, funding=True)
        if not funders:                          # 吉林省延边州政府对…奖励100万元,对…5万元
            funders = [ctx.org(m["gov"]) for m in _PLACE_GOV_RE.finditer(sent)
                       if division_named(m["place"]) is not None][:1]
        if not funders and own and own[0].search(sent):
            funders = [ctx.org(own[1])]          # 义乌将分别给予…: the document's own place pays
        if not funders:
            funders = [ctx.org(name) for pos, name in heads if pos < s][-1:]
        lead = re.match(r"\d{1,2}\.(?!\d)", sent)
        qs = s + (lead.end() if lead else 0)
        if amounts:
            # the whole line gives the context of each amount
            full_s = t.rfind("\n", 0, s) + 1
            full = t[full_s:e]
            off = s - full_s
            infos = _amount_infos(full, list(AMOUNT_RE.finditer(full)))
            by_pos = {m.start(): i for m, i in zip(AMOUNT_RE.finditer(full), infos)}
            offered = bool(_OFFER_RE.search(sent))
            # 培育主营业务收入超50亿元企业2家: no offer, no money word — a goal's condition
            unoffered = not offered and not _MONEY_WORD_RE.search(sent)
            allocated = False
            for a in amounts:
                value = money_value(a.group())
                if value is None:
                    continue
                clause = sent[max(sent.rfind(c, 0, a.start()) for c in ",;:。") + 1:a.start()]
                if not offered and (_MONEY_METRIC_RE.search(clause) or (_TARGET_VALUE_RE.search(clause) and
                                        not _RAISED_AWARD_RE.search(clause))):
                    continue                 # 海洋生产总值3000亿元, 劳动生产率达到22万元/人: a target's value
                if any(m.start("span") <= a.start() < m.end("span") for m in _THRESHOLD_RE.finditer(sent)):
                    continue                 # 年销售收入首次突破1000万元、…1亿元的: a condition to meet
                if _not_offered(sent, clause, a):
                    continue                 # received, an old level, a budget, money already spent
                if not offered and _ALLOCATION_RE.search(clause) and re.search(r"用于", sent):
                    allocated = True         # 财政安排4000万元…前期费，统筹用于…
                    continue
                if unoffered:
                    continue
                info = by_pos.get(a.start() + off, {})
                cond_end = sent.rfind(",", 0, a.start())
                cond = sent[(lead.end() if lead else 0):cond_end] if cond_end > 0 else ""
                if "资助" in cond:
                    cond = cond.split("资助")[0].rstrip(",")
                vals = {"amount": value, "original": ctx.view.quote(s + a.start(), s + a.end())[0],
                        "funders": tuple(funders or ([default_funder] if default_funder else [])),
                        "perItem": bool(re.search(r"每(通过|.{0,6}一项)", sent)),
                        "perYear": "每年" in sent}
                for k in ("activity", "tier", "cap", "scope", "revision"):
                    if info.get(k) not in (None, False):
                        vals[k] = info[k]
                if places:
                    before = [p for pos, p in places if pos <= s + a.start()]
                    if before:
                        vals["jurisdiction"] = before[-1]
                if cond:
                    rs, re_ = s + (lead.end() if lead else 0), s + cond_end
                    vals["recipient"] = ctx.view.quote(rs, re_)[0] if re_ > rs else cond
                start = min(qs, full_s + info["start"]) if info else qs
                while start < e and t[start] in "\n ":
                    start += 1
                quote, q0, q1 = ctx.view.quote(start, e)
                out.append(DraftFact("funding", quote, q0, q1, vals))
            if allocated:
                quote, q0, q1 = ctx.view.quote(qs, e)
                out.append(DraftFact("budget", quote, q0, q1, {"funders": tuple(funders), "perYear": "每年" in sent}))
        elif (re.search(r"经费|资金|财政|资助|" + _SPEND, bare) and
              re.search(r"设立|加大|安排|支持|资助|统筹|" + _SPEND, bare) or "奖励补助" in bare) and \
                len(sent) > 16 and not re.match(r"\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、", sent) \
                and not re.search(r"(?:意见|办法|方案|通知|细则|规定|指南)$", sent) \
                and not (fm and sent.startswith(("各资助经费", "资助经费", "上述"))):
            if not funders and default_funder and "资助" in sent:
                funders = [default_funder]
            quote, q0, q1 = ctx.view.quote(qs, e)
            out.append(DraftFact("budget", quote, q0, q1,
                                 {"funders": tuple(funders), "perYear": "每年" in sent}))
    out = _without_restatements(out, ctx.view.original)
    others = other_places(t, ctx.place)
    if others:     # an amount the headings did not place, in a text naming other places: loud
        for f in out:
            if f.kind == "funding" and not f.values.get("jurisdiction"):
                f.values["otherPlaces"] = others
    return out


def _own_place_payer(ctx: DraftContext):
    """(a pattern, its government's name) for a clause whose subject is the document's own place
    (义乌将分别给予…, 德清还将奖励…), or None when the document has no place."""
    d = getattr(ctx.place, "division", None)
    if d is None or d.kind == "country":
        return None
    names = "|".join(re.escape(n) for n in sorted({d.name, d.short} - {""}, key=len, reverse=True) if len(n) >= 2)
    if not names:
        return None
    pattern = re.compile(rf"(?:^|[,;:])(?:{names})(?:将|还将|再|另行|每年)?(?:分别|一次性)?(?:给予|奖励|补助|资助)")
    return pattern, f"{d.name}人民政府"


def other_places(text: str, place) -> tuple[str, ...]:
    """The places a text names besides the document's own (``place``, a jurisdiction guess) and
    the divisions containing it: a district of the city, a neighbouring county, another province
    (华容区 in a 鄂州市 compilation, 平阳县 in a 永嘉县 paper). An amount such a text gives no place
    of its own may belong to one of them; else ``()``. Only the document's own place and its
    ancestors (a city text naming its province) leave an amount beyond doubt."""
    from kgtool.intake.extract.jurisdiction import division, lineage, place_mentions, strip_furniture

    own = {d.code for d in lineage(place.code)} if place is not None else set()
    codes = [c for c in place_mentions(strip_furniture(text)) if c not in own]
    return tuple(division(c).name for c in sorted(codes))


# a news report of what a recipient will get (最高将得到…奖励, 可获得…), not the rule's own offer
_REPORTED_RE = re.compile(r"(?:将|可|能)(?:得到|获得)")


def _without_restatements(facts: list[DraftFact], text: str) -> list[DraftFact]:
    """One item per offer a news text repeats: a headline restating an amount the body states
    (南宁设市长质量奖 一次性奖励50万元) is dropped, so is a report of what a recipient will get
    (…最高将得到政府一次性100万元的奖励) when a sentence gives (给予) the same amount, and of body
    sentences offering the same amount after the same ten characters (…每家获奖企业或组织一次性奖励50万元)
    the one that says 给予 is kept."""
    def lead_in(f):
        i = f.quote.rfind(f.values.get("original", ""))
        return re.sub(r"\W", "", f.quote[:max(i, 0)])[-10:]

    def headline(f):
        return is_headline(text, f.start, f.end)

    funding = [f for f in facts if f.kind == "funding"]
    drop = set()
    for f in funding:
        same = [g for g in funding if g is not f and g.values.get("amount") == f.values.get("amount")]
        if headline(f) and any(not headline(g) for g in same):
            drop.add(id(f))
            continue
        if _REPORTED_RE.search(f.quote) and any(not _REPORTED_RE.search(g.quote) and "给予" in g.quote
                                                 for g in same):
            drop.add(id(f))     # …企业最高将得到政府一次性100万元的奖励: the lead of the rule that gives it
            continue
        twins = [g for g in same if not headline(g) and len(lead_in(f)) >= 8 and lead_in(g) == lead_in(f)]
        if twins and "给予" not in f.quote and any("给予" in g.quote for g in twins):
            drop.add(id(f))
    return [f for f in facts if id(f) not in drop]


def _orgs_in(ctx: DraftContext, sent: str, *, funding: bool = False) -> list[URIRef]:
    """Known organisations named in a sentence (longest names first, no overlaps)."""
    found, taken = [], []
    for key in sorted(ctx.ref.orgs, key=len, reverse=True):
        if len(key) < 3:
            continue
        for m in re.finditer(re.escape(key), sent):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if funding and key.endswith("政府") and not re.search(
                    re.escape(key) + r".{0,8}(经费|资金|投入|财政|资助|预算|激励|奖励|补助)", sent):
                continue
            taken.append(m.span())
            org = pick_reference(ctx.ref.orgs[key], ctx.ref, ctx.place)
            if org not in found:
                found.append(org)
    return found
