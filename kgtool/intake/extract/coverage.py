"""Sentences the rules drafted nothing from, though they read like a fact (issue #16): the
extractor's misses made visible, so that recall it lacks is loud rather than silent.

Every extraction rule is a heuristic, and on texts it was not tuned on it misses facts (the
held-out figures in ``bench/RESULTS.md``). :func:`undrafted_sentences` lists each sentence of
the text that no drafted fact quotes and that has the marks of one:

- ``task``: a role label (``责任单位:``) or a role word (牵头, 负责, 配合, 协助, 参与, 承担, 会同,
  职责) next to a body's name (…局, …委, …办, …中心 …); and, in a text with the column words of a
  division of work anywhere (责任单位, 牵头部门, 涉及部门, 职责分工), a line whose last cell holds
  nothing but bodies' names (``住建局``, ``市教育局、市财政局``): the agency column of a table
  flattened to one cell per line, where no role word stands near the names; and a sentence naming
  a body that the assignment-hint model, learnt on the dev part of the corpus, scores a likely
  assigned one (:mod:`.assignment_hints`);
- ``task`` too: a clause opening with a body and what it will or must do (``海南省质监局将加快制定…``,
  ``商务部门要…``; not a collective's ``各地各部门要…``): the corpus's collectors split on reading it as
  an assignment, so no rule drafts it and the analyst decides;
- ``target``: a quantity with a goal word (到2025年, 力争, 达到, 新增, 以上, 不少于, 年内 …) and no
  mark of a past result (截至, 已, 累计完成 …);
- ``funding``: an amount of money with an offer word (奖励, 补助, 资助, 给予, 扶持, 补贴).

The marks are deliberately coarser than, and independent of, the extractor's own patterns
(:mod:`.targets`, :mod:`.tasks`): a net that shared the rules' past markers or name endings would
share their blind spots.

``kgtool extract`` prints them (and writes them as comments at the head of the draft file) and
``kgtool review`` shows them after the facts: the analyst reads these sentences for facts to add.

    >>> from kgtool.intake.extract import extract_document
    >>> d = extract_document("(一)加强标准实施。\\n市质监局主抓标准宣贯,市财政局予以配合。", source_name="t.txt")
    >>> [(u.kind, u.line, u.text) for u in undrafted_sentences(d)]
    [('task', 2, '市质监局主抓标准宣贯,市财政局予以配合。')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kgtool.intake.extract.assignment_hints import likely_lines
from kgtool.intake.extract.draft import Draft
from kgtool.intake.extract.roles import LABEL_RE
from kgtool.intake.extract.text import TextView, split_sentences
from kgtool.intake.patterns import AMOUNT_RE, QUANTITY_RE

# a body's name with a role word after it in the same clause (市财政局予以配合, 市质监局按职责…)
_ROLE_RE = re.compile(r"牵头|负责|配合|协助|协办|参与|参加|承担|承办|会同|职责")
_BODY_ROLE_RE = re.compile(r"[\u4e00-\u9fff](?:局|委|办|厅|部|署|司|中心|委员会|政府|公司|集团|协会|处|科|站|所|院|会|队)"
                           r"[^,;。]{0,10}?(?:" + _ROLE_RE.pattern + ")")
# a body opening a clause with what it will do or must do (海南省质监局将加快制定…, 商务部门要…): a
# reading the corpus's collectors split on, so the sentence is listed for the analyst to decide
_BODY_SUBJECT_RE = re.compile(r"(?:^|[,:;。])(?!各|相关|有关|其他)[\u4e00-\u9fff]{1,14}(?<!格)(?:局|委|厅|部|署|司|中心|委员会|部门|办公室)"
                              r"(?:还|也|今年|明年|下一步)?(?:将|要)(?!求|点|于|是|会)")
_GOAL_RE = re.compile(r"(?:到|至)20\d\d年|20\d\d年(?:底|末)?(?:前|以前)|力争|争取|确保|达到|新增|以上|不少于|不低于|"
                      r"超过|突破|培育|建成|创建|打造|实现|计划|预计|年内|今年|目标|提高到|提升到|控制在|累计达")
_PAST_RE = re.compile(r"截至|截止|已经|已有|已完成|累计完成|共有|目前|去年|上年|同比|[^,;。]了")
_OFFER_RE = re.compile(r"奖励|补助|资助|给予|扶持|补贴|奖补")
# a column or label word of a division of work anywhere in the text (责任单位, 牵头部门, 涉及部门,
# 职责分工): a table's cells that hold nothing but names are then assignments
_DIVISION_RE = re.compile(r"(?:责任|牵头|配合|协助|主办|承办|实施|涉及|主管|监管)(?:单位|部门)|职责分工|分工")
# one body's name, alone in a cell (教体局, 市市场监督管理局, 河池海关, 人民银行河池市分行)
_BODY = (r"[\u4e00-\u9fff()]{1,16}?(?:局|委|办|厅|署|中心|委员会|办公室|管委会|政府|公司|集团|协会|"
         r"支队|大队|海关|分行|银行|院|所|站)(?:牵头|等)?")
# the issuer's or a signatory's line (洋县人民政府, 市政府办公室): no cell of a division table
_ISSUER_RE = re.compile(r"[\u4e00-\u9fff]{1,12}?(?:人民政府|人民政府办公室|政府办公室|办公厅)")
_NAMES_CELL_RE = re.compile(_BODY + r"(?:[、,/]" + _BODY + r")*")


@dataclass(frozen=True)
class UndraftedSentence:
    """A sentence with the marks of a fact that no drafted fact quotes."""

    kind: str        # task, target or funding: the marks it has
    line: int        # 1-based line of the original text where it starts
    text: str        # its original characters


def _names_cell(sent: str) -> bool:
    """Whether the last cell of ``sent`` (cells split at spaces and ``|``) holds nothing but
    bodies' names: an agency column of a table flattened to one cell per line or per row."""
    cells = [c for c in re.split(r"[\s|]+", sent) if c]
    return bool(cells) and bool(_NAMES_CELL_RE.fullmatch(cells[-1])) and not _ISSUER_RE.fullmatch(cells[-1])


def _kinds(sent: str, division: bool = False, learned: bool = False) -> list[str]:
    """The kinds of fact whose marks ``sent`` has; ``division``: the text has the column or label
    words of a division of work, so that a cell of names marks a task too; ``learned``: the
    sentence is on a line where the assignment-hint model sees a likely assigned body."""
    out = []
    if LABEL_RE.search(sent) or _BODY_ROLE_RE.search(sent) or _BODY_SUBJECT_RE.search(sent) or \
            (division and _names_cell(sent)) or learned:
        out.append("task")
    if QUANTITY_RE.search(sent) and _GOAL_RE.search(sent) and not _PAST_RE.search(sent):
        out.append("target")
    if _OFFER_RE.search(sent) and AMOUNT_RE.search(sent):
        out.append("funding")
    return out


# the drafted kinds that read a sentence's marks of each kind (a budget statement reads an amount)
_READ_BY = {"task": {"task"}, "target": {"target"}, "funding": {"funding", "budget"}}


def undrafted_sentences(draft: Draft) -> list[UndraftedSentence]:
    """The sentences of ``draft.text`` with the marks of a kind of fact that no drafted fact of
    that kind quotes, in text order (a sentence with the marks of two kinds may be listed twice)."""
    view = TextView(draft.text)
    division = _DIVISION_RE.search(view.text) is not None
    likely = likely_lines(view.text)
    out = []
    for s, e in split_sentences(view.text):
        first = view.text.count("\n", 0, s)
        learned = any(name in view.text[s:e] for li in range(first, first + view.text.count("\n", s, e) + 1)
                      for name, _ in likely.get(li, ()))
        kinds = _kinds(view.text[s:e], division, learned)
        if not kinds:
            continue
        text, q0, q1 = view.quote(s, e)
        for kind in kinds:       # a target drafted from a sentence does not read its task note
            if not any(f.kind in _READ_BY[kind] and f.start < q1 and q0 < f.end for f in draft.facts):
                out.append(UndraftedSentence(kind, draft.text.count("\n", 0, q0) + 1, text.strip()))
    return out


_MARK = "# not drafted"
_KIND_ZH = {"task": "任务分工", "target": "目标", "funding": "资助"}
_COMMENT_RE = re.compile(r"^# not drafted \(line (?P<line>\d+), (?P<kind>task|target|funding)\): (?P<text>.*)$")


def undrafted_comments(items: list[UndraftedSentence]) -> str:
    """Turtle comment lines for the head of a draft file (one per sentence, its line breaks as
    spaces): they travel with the draft to ``kgtool review`` and never enter the graph."""
    if not items:
        return ""
    head = (f"{_MARK}: {len(items)} sentences read like a fact but no rule drafted one; "
            "check them on review\n")
    return head + "".join(f"{_MARK} (line {u.line}, {u.kind}): {' '.join(u.text.split())}\n" for u in items)


def read_undrafted(text: str) -> list[UndraftedSentence]:
    """The sentences :func:`undrafted_comments` wrote at the head of a draft file's ``text``."""
    out = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _COMMENT_RE.match(line)
        if m:
            out.append(UndraftedSentence(m["kind"], int(m["line"]), m["text"]))
    return out


def undrafted_lines(items: list[UndraftedSentence], *, lang: str = "en") -> list[str]:
    """What ``kgtool extract`` and ``kgtool review`` print about ``items`` (``lang`` en or zh)."""
    if not items:
        return []
    if lang == "zh":
        out = [f"未起草：以下 {len(items)} 句像是包含事实，但规则未能起草，请核对是否有遗漏："]
        out += [f"  第 {u.line} 行（{_KIND_ZH[u.kind]}）：{u.text}" for u in items]
    else:
        out = [f"not drafted: {len(items)} sentences read like a fact but no rule drafted one; "
               "check them for facts to add:"]
        out += [f"  line {u.line} ({u.kind}): {u.text}" for u in items]
    return out
