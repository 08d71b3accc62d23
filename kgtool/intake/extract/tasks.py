"""Tasks and their agency assignments, in the formats policy texts use (issue #16).

- bracketed notes after a task, in any bracket style: ``(市质监局负责, 市财政局配合)``,
  ``〔市场监管总局(国家标准委)牵头, 外交部、商务部等按职责分工负责〕``;
- labelled notes and columns: ``（责任单位：市发展改革委、市市场监管局牵头）``,
  ``〔责任单位：省发展改革委、商务厅按职责分工负责。…〕`` (a role word after the names rules them),
  ``（牵头单位：市市场监管局；配合单位：市财政局）``, ``牵头单位：…`` at a line start;
- prose: ``X负责…`` / ``由X负责，…`` / ``由X牵头，…`` opening a clause (also after an ordinal
  ``一是``), ``X牵头，Y、Z配合`` inside a sentence, ``由X会同Y、Z等部门负责落实`` (X leads, the
  others cooperate); names may carry a bracketed alias
  (``由工商局(质监局)牵头，加大对…的监管``);
- a ``责任单位：X、Y`` line of its own after a paragraph (blank lines between allowed, a bracketed
  remark after the names too), or after the task's last sentence on the same line
  (``…标准体系。责任单位：省市场监管局``): the assignment of that paragraph's tasks (the task
  quote is the paragraph and the line). Where the document says the first 责任单位 named leads
  (``第一责任单位为牵头单位``), the first one is lead, the others responsible;
- more prose: ``…工作由X牵头组织和管理`` / ``该项工作由X负责。`` inside a sentence, ``由X和Y牵头``
  (a 和 inside a name such as 国家发展和改革委员会 stays), ``第一、X作为…牵头单位,负责…`` (lead, and
  responsible for what follows), ``办公室设在X,承担…工作`` (responsible), and a named body told
  what to do (``财政局要为创建工作提供经费保障``: responsible; a collective's ``要`` assigns
  nothing); before 等部门 short department names count (质监、住建、发改等部门);
- ``|`` tables with agency columns (负责单位, 牵头部门, 参与单位 …, see :mod:`.pipe_tables`), a
  cell's own labels (``主办:X承办:Y``, ``牵头:X配合:Y``) ruling its names;
- in a document that says the first body named leads (排名第一的为牵头单位), a note that only
  lists bodies (also once its brackets are lost): the first leads, the others are responsible;
- ``由X承办,Y配合`` (承办 leads); ``牵头责任单位:`` lines; project blocks whose ``牵头领导:`` line
  names a person above the ``牵头单位:`` line (the task is the project's heading); a heading
  ``一、X牵头工作(8项)`` over numbered items (X leads each); a table cut into one cell per line
  without 序号 (:mod:`.task_tables`); sections (科), towns (镇), 街道 and 中储粮…直属库 are bodies,
  ``属地乡镇`` and ``局相关业务科室`` are not (a kind of department, 公安部门, is drafted as a new
  agency and flagged for review, not dropped);
- a role word at the end of a note covers the names before it that have none:
  ``(区发改局牵头,区财政局、区水务局等部门,区国投公司配合)``.
- any clause of a sentence that opens with bodies' names and their role cue, wherever it stands
  (``加强标准实施,市质监局负责标准宣贯,市财政局负责经费保障``; ``X会同Y组织…``: X leads, Y
  cooperates; ``X统筹…``: lead), not in a report of what was done (了, 近日, 以来 …).

Roles: lead (牵头), responsible (负责, 按职责分工负责, 责任单位), cooperating (配合, 参与, 协助,
配合单位). Generic collectives (各有关部门, 地方人民政府, 市级各有关部门) are left out unless the
reference data models them as collective actors (各区县人民政府 in the Chongqing reference); a
bracketed alias (市场监管总局(国家标准委)) is dropped from the name.
"""
from __future__ import annotations

import re

from rdflib import URIRef

from kgtool.intake.extract.draft import DraftFact, DraftContext
from kgtool.intake.extract.pipe_tables import pipe_tables
from kgtool.intake.extract.roles import LABEL_RE as _LABEL_RE, column_role, label_role
from kgtool.intake.extract.task_tables import table_rows
from kgtool.intake.extract.text import starts_list_item

_OPEN = "(〔【["
# a bracket whose content may hold one level of round brackets (an alias)
_NOTE_RE = re.compile(r"[(〔【\[](?P<c>(?:[^()〔〕【】\[\]]|\([^()]{0,20}\)){2,300})[)〕】\]]")
# a note the capture cut off before its closing bracket, at the end of a line
_CUT_NOTE_RE = re.compile(r"[(〔【\[](?P<c>(?:[^()〔〕【】\[\]\n]|\([^()\n]{0,20}\)){2,300})(?=\n|$)")
_ROLE_WORDS = [("牵头落实", "lead"), ("负责落实", "responsible"), ("配合落实", "cooperating"),
               ("负责实施", "responsible"), ("牵头负责", "lead"), ("按职责分工负责", "responsible"), ("分工负责", "responsible"),
               ("共同负责", "responsible"), ("牵头", "lead"), ("承办", "lead"), ("负责", "responsible"),
               ("配合", "cooperating"), ("参与", "cooperating"), ("参加", "cooperating"),
               ("协助", "cooperating")]
# the last word of a body's name: bureaux, commissions, offices, ministries, and the other bodies
# national and local notes name (人民银行, 供销合作总社, 共青团中央, 中国科协, 全国工商联 …)
_AGENCY_END = re.compile(r"(?:局|委|办|厅|部|署|会|院|联|中心|办公室|室|政府|小组|总局|委员会|集团|公司|"
                         r"协会|管委会|部门|开发区|高新区|园区|银行|分行|支行|总社|联社|中央|科协|研究所|所|台|馆|站|处|"
                         r"支队|大队|海关|科|镇|街道|直属库)$")
_GENERIC = re.compile(r"^(?:各|有关|相关|其他|其它|地方|市级各|区级各|县级各|省级各)|有关部门|各有关|"
                      r"^(?:市|区|县|省)级(?:相关|有关)|^(?:市|区|县|省)直|^全(?:市|区|县|省)|.各|相关部门$|相关单位$|^部门$|^单位$|"
                      r"^属地|相关[\u4e00-\u9fff]{0,4}(?:科室|处室)$|^(?:乡|镇|乡镇|街道|科室|处室)$")
_ALIAS_RE = re.compile(r"\([^()]{1,20}\)")
# a run of agency names: characters, 、 and bracketed aliases (工商局(质监局))
_NAMES = r"(?:[\u4e00-\u9fff、]|\([^()]{1,20}\))"
# the role cues of a body's own duty: 按职责分工做好…, 承担… (not a share of a cost: 市财政承担50%, 承担费用)
_DUTY_CUES = (r"按(?:照)?职责(?:分工)?(?:负责|做好|抓好|落实)|"
              r"承担(?![\d一二三四五六七八九十百]|[^,;。]{0,6}(?:费用|经费|资金|比例|责任))")
# X负责… / X具体负责… / X按职责分工做好… / X承担…
_PROSE_RESP_RE = re.compile(r"^(?:由)?(?P<names>" + _NAMES + r"{2,60}?)(?:具体|主要|全面|共同|统一|分别)?"
                            r"(?P<role>牵头负责|负责牵头|负责|"
                            + _DUTY_CUES + r")(?!人|同志)[,:]?"
                            r"(?P<task>[^,;。]{2,})")
# 建立由X牵头的联席会议制度: X leads what the clause names
_PROSE_LEAD_OF_RE = re.compile(r"由(?P<names>" + _NAMES + r"{2,60}?)牵头的(?P<task>[^,;。]{4,})")
def _lead_then_cooperating(opening: str, coop_max: int) -> re.Pattern:
    """``由X牵头,Y、Z配合`` (also X承办/主办/举办, and Y承办 or 具体实施/具体负责: responsible)."""
    return re.compile(opening + r"(?P<lead>" + _NAMES + r"{2,40}?)(?:牵头|承办|主办|举办),(?P<coop>" + _NAMES +
                      r"{2,%d}?)(?:等部门|等单位|等)?(?P<role>配合|参与|参加|协助|承办|具体实施|具体负责)" % coop_max)


_SECOND_ROLE = {"承办": "responsible", "具体实施": "responsible", "具体负责": "responsible"}


_PROSE_LEAD_RE = _lead_then_cooperating(r"(?:由)?", 80)
# the same after 由 inside a sentence, the lead's names starting at 由 (…行动由教育部、共青团中央牵头,…参加)
_PROSE_BY_LEAD_RE = _lead_then_cooperating(r"由", 240)
# a clause about the event, meeting or award the sentence before it names (活动由X举办,Y承办)
_ANAPHORA_RE = re.compile(r"(?:本次|此次|这次|该)?(?:活动|会议|评选|比赛|竞赛|大会)(?:由|的主办)")
# 主办单位是X,承办单位是Y (an article naming an award's host and organiser)
_HOST_LABELS_RE = re.compile(r"主办(?:单位|部门)(?:是|为)(?P<lead>" + _NAMES + r"{2,40}?)(?=[,;。]|$)"
                             r"(?:,承办(?:单位|部门)(?:是|为)(?P<resp>" + _NAMES + r"{2,40}?)(?=[,;。(]|$))?")
# X和Y(共同)承担的“国家园艺标准化示范区”: each project and the bodies that carry it
_UNDERTAKEN_RE = re.compile(r"(?:^|[,:;])(?P<names>" + _NAMES + r"{2,60}?)(?:共同)?承担的“[^”]{2,40}”")
# 由X会同Y、Z等部门负责落实 / 研究提出…: X convenes (lead), the others cooperate
_PROSE_CONVENE_RE = re.compile(r"由(?P<lead>" + _NAMES + r"{2,40}?)会同(?P<coop>" + _NAMES +
                               r"{2,160}?)(?:等部门|等单位|等)?(?:负责|研究|共同|组织|制定|提出|落实|办理)")
# 由X牵头，<task>: a lead agency opening a clause, no cooperating one named
_PROSE_LEAD_ONLY_RE = re.compile(r"^由(?P<names>" + _NAMES + r"{2,60}?)牵头,(?P<task>[^;。]{4,})")
# …工作由X牵头组织和管理, / 该项工作由X负责。: X leads (is responsible for) what the clause names
_PROSE_BY_END_RE = re.compile(r"(?P<task>[^,;:。]{2,40}?)由(?P<names>" + _NAMES + r"{2,60}?)"
                              r"(?P<role>牵头|负责)(?:组织|实施|管理|推进|落实|和|、){0,6}(?=[,;。]|$)")
# 领导小组办公室设在X,承担日常工作: the body that hosts the office carries its work
_PROSE_HOSTS_RE = re.compile(r"设在(?P<names>" + _NAMES + r"{2,40}?),(?P<task>(?:负责|承担)[^,;。]{2,})")
# 第一、X作为…牵头单位,负责…: X leads what it is named lead of, and answers for what follows
_PROSE_AS_LEAD_RE = re.compile(r"(?:^|:)(?:第?[一二三四五六七八九十]+、)?(?P<names>" + _NAMES + r"{2,40}?)作为(?P<task>[^,;。]{2,40}?)牵头(?:单位|部门)"
                               r"(?:,(?P<resp>负责[^,;。]{2,}))?")
# 财政局要为创建工作提供经费保障 / 工商、食药…等部门要加强…: a named body told what to do; the same
# of a body that guides others' work (市市场监管局指导属地市场监管局…开展…). Not what a body will do
# (农业农村部将组织…): the collectors of batches 1–9 did not read 将 as an assignment.
_PROSE_MUST_RE = re.compile(r"^(?P<names>" + _NAMES + r"{2,60}?)(?:要(?!会同)|(?=指导))(?:负责)?"
                            r"(?P<task>[^,;。]{4,})")
# 牵头领导:涂超 — a person over the 牵头单位 line, not the task
_PERSON_LABEL_RE = re.compile(r"(?:牵头|责任|分管|联系|包抓)(?:县|市|区)?(?:级)?领导:")
# 一、县示范区管委会牵头工作(8项): the body that leads every numbered item under the heading
_HEADING_LEAD_RE = re.compile(r"^[一二三四五六七八九十]+、(?P<names>" + _NAMES + r"{2,40}?)(?P<role>牵头|负责)"
                              r"(?:的)?(?:工作|任务|事项)(?:\(\d+项\))?$", re.M)
# a document that says once which of the 责任单位 listed leads: the first one
_FIRST_IS_LEAD_RE = re.compile(r"第一(?:个)?(?:责任)?(?:单位|部门)?为牵头(?:单位|部门)|"
                               r"排(?:名|在|列)?第一(?:位)?的?(?:单位|部门)?为牵头(?:单位|部门)")
# closing brackets left at a sentence's end after the capture lost the opening one
_STRAY_CLOSE_RE = re.compile(r"[)〕】\]]+[。;]?$")
_ORDINAL_RE = re.compile(r"^(?:\d{1,2}[.、]|\([一二三四五六七八九十\d]{1,3}\)|第?[一二三四五六七八九十]+、|"
                         r"第[一二三四五六七八九十百零]+条\s*)?"
                         r"(?:[一二三四五六七八九十]是|其[一二三四五六七八九十])?")


def _clean_name(name: str, known=lambda n: False) -> str | None:
    name = _ALIAS_RE.sub("", name).strip(" ,:、")
    name = re.sub(r"(?:等部门|等单位|等)$", "", name)
    name = re.sub(r"^(?:[一二三四五六七八九十]是)?(?:由|请|并由|会同)", "", name)
    if len(name) < 2:
        return None
    if known(name):             # in the reference data, collectives included (各区县人民政府)
        return name
    if _GENERIC.search(name) or not _AGENCY_END.search(name):
        return None
    return name


def _conjoined(piece: str) -> list[str]:
    """The names of ``X和Y`` / ``X及Y`` / ``X与Y``: the split into the most parts that each end as
    a body's name does, so that a 和 inside a name stays (国家标准化管理委员会和国家发展和改革委员会 →
    two names; 工业和信息化部 → one)."""
    bare = re.sub(r"(?:等部门|等单位|等)$", "", piece)
    best = [bare]
    for m in re.finditer(r"和|及|与", bare):
        left, right = bare[:m.start()], bare[m.end():]
        if len(left) >= 2 and _AGENCY_END.search(left):
            rest = _conjoined(right)
            if all(_AGENCY_END.search(r) for r in rest) and 1 + len(rest) > len(best):
                best = [left] + rest
    return best


def _split_names(part: str, known=lambda n: False) -> list[str] | None:
    """Agency names of ``X、Y和Z`` (None when a piece is not an agency name and not generic).
    Before 等部门 a short name is a department's (质监、住建、发改等部门)."""
    names = []
    departments = _ALIAS_RE.sub("", part).strip().endswith("等部门")
    for piece in re.split(r"[、,]", _ALIAS_RE.sub("", part)):
        piece = re.sub(r"(?:等部门|等单位|等)$", "", piece.strip())
        if not piece:
            continue
        cands = [re.sub(r"等(?:相关|有关|其他)?(?:部门|单位)$", "", c) for c in _conjoined(piece)]
        for c in cands:
            name = _clean_name(c, known)
            if name is not None:
                names.append(name)
            elif departments and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", c) and not _GENERIC.search(c):
                names.append(c)
            elif not _GENERIC.search(_ALIAS_RE.sub("", c)) and not _AGENCY_END.search(c):
                return None
    return names


def _parse_note(content: str, known=lambda n: False) -> list[tuple[str, str]] | None:
    """(name, role) pairs of a bracketed note, or None when it is not an assignment note."""
    content = content.split("。")[0]
    if _LABEL_RE.search(content):
        out = []
        parts = [p for p in _LABEL_RE.split(content) if p is not None]
        # parts: [before, label, names, label, names, ...]
        for i in range(1, len(parts) - 1, 2):
            role = label_role(parts[i])
            # …市商务局,排在第一位的为牵头部门,下同: the remark of a first-is-lead document
            names_part = re.sub(r"[,;]?(?:" + _FIRST_IS_LEAD_RE.pattern + r")(?:[,;]?下同)?$", "",
                                parts[i + 1].strip(";, ")).strip(";, ")
            for word, r in _ROLE_WORDS:     # 责任单位:X、Y牵头 / …按职责分工负责: the role word rules
                if names_part.endswith(word):
                    role, names_part = r, names_part[:-len(word)]
                    break
            for n in _split_names(names_part, known) or []:
                out.append((n, role))
        return out or None
    out, waiting = [], []
    for part in re.split(r"[,;]", content):
        part = part.strip()
        if not part:
            continue
        role = None
        for word, r in _ROLE_WORDS:
            if part.endswith(word):
                role, part = r, part[:-len(word)]
                break
        names = _split_names(part, known)
        if names is None:
            return None
        if role is None:           # …区水务局等部门, 区国投公司、各街道办事处配合: the role comes later
            waiting += names
            continue
        out += [(n, role) for n in waiting + names]
        waiting = []
    return (out or None) if not waiting else None


def _assign(ctx: DraftContext, pairs) -> tuple[tuple, tuple]:
    assigns, written = [], []
    for name, role in pairs:
        org = ctx.org(name)
        if (org, role) not in assigns:
            assigns.append((org, role))
            written.append((org, name))
    return tuple(assigns), tuple(written)


def draft_tasks(ctx: DraftContext, sents) -> list[DraftFact]:
    t, out = ctx.view.text, []

    def known(name: str) -> bool:
        return ctx.org(name, create=False) is not None

    noted: list[tuple[int, int]] = []
    prev_end = 0
    first_leads = bool(_FIRST_IS_LEAD_RE.search(t))
    whole = list(_NOTE_RE.finditer(t))
    closed = {m.start() for m in whole}     # a note whose closing bracket is on a later line is whole
    notes = sorted(whole + [m for m in _CUT_NOTE_RE.finditer(t) if m.start() not in closed],
                   key=lambda m: m.start())
    for m in notes:
        content = m["c"]
        pairs = _parse_note(content, known) if re.search(r"负责|配合|牵头|参与|参加|协助|承办|单位|部门:", content) \
            else None
        if not pairs and first_leads and t[m.start() - 1:m.start()] == "。":
            pairs = _names_note(content, known)     # 。(市发改委、市农委…。排名第一的为牵头单位)
        if not pairs:
            continue
        if first_leads and re.match(r"责任(?:单位|部门):", content) and all(r == "responsible" for _, r in pairs):
            pairs = [(n, "lead" if i == 0 else r) for i, (n, r) in enumerate(pairs)]   # (责任单位:X、Y…)
        line_start = t.rfind("\n", 0, m.start()) + 1
        if not t[line_start:m.start()].strip() and line_start > prev_end:
            start = _paragraph_start(t, line_start, prev_end)      # a note on a line of its own
        else:
            start = _task_start(t, m.start(), prev_end)
        out.append(_task_fact(ctx, start, m.end(), pairs))
        noted.append((start, m.end()))
        prev_end = m.end()
    def names_of(line: str) -> list[str] | None:
        return _split_names(line, known) if _AGENCY_END.search(line) else None

    for r0, r1, pairs in table_rows(t, names_of):   # a flattened 序号|工作内容|责任单位 table
        if any(a <= r0 < b for a, b in noted):
            continue
        pairs = [(n, r) for n, r in pairs if _clean_name(n, known)]
        if pairs:
            out.append(_task_fact(ctx, r0, r1, pairs))
            noted.append((r0, r1))
    for h in _HEADING_LEAD_RE.finditer(t):    # 一、X牵头工作(8项) over 1.… 2.… items
        names = _split_names(h["names"], known)
        nxt = re.compile(r"^[一二三四五六七八九十]+、", re.M).search(t, h.end())
        for item in re.finditer(r"^\d{1,2}[.、].+$", t[h.end():nxt.start() if nxt else len(t)], re.M):
            a, b = h.end() + item.start(), h.end() + item.end()
            if names and not any(x <= a < y for x, y in noted):
                out.append(_task_fact(ctx, a, b, [(n, "lead" if h["role"] == "牵头" else "responsible")
                                                  for n in names]))
                noted.append((a, b))
    for table in pipe_tables(t):            # 序号|项目名称|…|负责单位|参与单位|
        for r0, r1, pairs in _pipe_rows(table, known):
            if not any(a <= r0 < b for a, b in noted):
                out.append(_task_fact(ctx, r0, r1, pairs))
                noted.append((r0, r1))
    label_fact = None       # (index in out, end, start, pairs) of the last 责任单位: line's task
    bare_fact = None        # the same of the last note that lost its brackets
    prose_at: dict[int, int] = {}   # index in out -> start of a task drafted from prose
    for k, (s, e) in enumerate(sents):
        if any(a <= s < b or a < e <= b for a, b in noted):
            continue
        bare = _bare_note(t[s:e], known)
        listed = _STRAY_CLOSE_RE.sub("", t[s:e].strip()).rstrip("。; ")
        if not bare and first_leads and s and t[s - 1] == "。" and "、" in listed and ":" not in listed:
            bare = _names_note(listed, known)   # …。市发改委、市农委…直属库。: a list that lost its brackets
        if bare and s >= 1 and t[s - 1] in "\n。;":
            if bare_fact and t[s - 1] == ";" and not t[bare_fact[1]:s].strip(" ;"):
                i, _, first, before = bare_fact     # X、Y牵头;Z、W配合: the same note goes on
                out[i] = _task_fact(ctx, first, e, before + bare)
                bare_fact = (i, e, first, before + bare)
                prev_end = e
                continue
            # a note whose brackets the capture lost: the assignment of the text before it
            start = _previous_line(t, s) if t[s - 1] == "\n" else _task_start(t, s, prev_end)
            for i, a in prose_at.items():       # what a sentence inside it drafted, the note rules
                if start <= a < s:
                    out[i] = None
            if first_leads and all(r == "responsible" for _, r in bare):
                bare = [(n, "lead" if i == 0 else r) for i, (n, r) in enumerate(bare)]   # 第一为牵头单位
            out.append(_task_fact(ctx, start, e, bare))
            bare_fact = (len(out) - 1, e, start, bare)
            prev_end = e
            continue
        pairs = _prose_pairs(t[s:e], known)
        if not _LABEL_RE.match(_ORDINAL_RE.sub("", t[s:e])):   # more bodies in its other clauses
            named = {n for n, _ in pairs}
            pairs = pairs + [p for p in _clause_pairs(t[s:e], known) if p[0] not in named]
        if pairs:
            start = s
            if k and _ANAPHORA_RE.match(t[s:e]):    # 活动由X举办…: the event the paragraph before names
                start = _previous_line(t, s) if t[s - 1] == "\n" else sents[k - 1][0]
            if _label_only(t[s:e]) and not t[:s].strip():
                continue        # a capture that opens on the 责任部门: line of a task it cut off
            if _label_only(t[s:e]) and s >= 1 and t[s - 1] in "\n。;":
                if t[s - 1] == "\n":                  # 责任单位：… after the paragraph it assigns,
                    start = _previous_line(t, s)        # under the 牵头单位 line before it, if any
                    while start > 0 and (_LABEL_RE.match(line := t[start:t.find("\n", start) % (len(t) + 1)])
                                         or _PERSON_LABEL_RE.match(line)):
                        start = _previous_line(t, start)
                else:                                   # …标准体系。责任单位：X on the same line
                    start = t.rfind("\n", 0, s) + 1
                start = _block_start(t, _under_heading(t, start), prev_end)
                if first_leads and _LABEL_RE.match(t[s:e])["label"] in ("责任单位", "责任部门"):
                    pairs = [(n, "lead" if i == 0 else r) for i, (n, r) in enumerate(pairs)]
                if label_fact and label_fact[1] == s and t[s - 1] == ";":
                    # 责任单位:X、Y;协助单位:Z — the labels after the first go on assigning its task
                    i, _, first, before = label_fact
                    pairs = before + pairs
                    out[i] = _task_fact(ctx, first, e, pairs)
                    label_fact = (i, e, first, pairs)
                    continue
                label_fact = (len(out), e, start, pairs)
            if not _label_only(t[s:e]):
                prose_at[len(out)] = start
            out.append(_task_fact(ctx, start, e, pairs))
    return [f for f in out if f is not None]


_IN_CELL_LABEL_RE = re.compile(r"(牵头|负责|主办|承办|配合|参与|协办)(?:单位|部门)?:")
# a label inside a cell that changes its column's role (主办/承办/负责 keep it)
_IN_CELL_ROLE = {"牵头": "lead", "配合": "cooperating", "参与": "cooperating", "协办": "cooperating"}


def _pipe_rows(table, known) -> list[tuple[int, int, list[tuple[str, str]]]]:
    """``(row_start, row_end, pairs)`` of each row of a ``|`` table with agency columns
    (负责单位, 牵头部门, 参与单位 …); a cell may label its bodies (``主办:X承办:Y``, ``牵头:X配合:Y``)."""
    columns = [(i, column_role(c.text)) for i, c in enumerate(table.header)
               if re.fullmatch(r"[^|]{0,4}(?:单位|部门)", c.text) and column_role(c.text)]
    out = []
    for row in table.rows if columns else ():
        pairs, last = [], None
        for i, role in columns:
            if i >= len(row):
                continue
            parts = _IN_CELL_LABEL_RE.split(row[i].text)
            chunks = [(role, parts[0])] + [(_IN_CELL_ROLE.get(parts[k], role), parts[k + 1])
                                           for k in range(1, len(parts) - 1, 2)]
            for r, chunk in chunks:
                names = _split_names(chunk, known) if chunk else None
                if names:
                    pairs += [(n, r) for n in names]
                    last = row[i].end
        if pairs:
            out.append((row[0].start, last, pairs))
    return out


def _task_fact(ctx: DraftContext, start: int, end: int, pairs) -> DraftFact:
    """The task fact quoting view span ``[start, end)`` with its (name, role) assignments."""
    assigns, written = _assign(ctx, pairs)
    quote, q0, q1 = ctx.view.quote(start, end)
    return DraftFact("task", quote, q0, q1, {"assignments": assigns, "agentNames": written})


def _task_start(t: str, note_start: int, prev_end: int) -> int:
    """Where the task a note assigns begins: its line's start (not before the previous note's
    end), after a heading sentence (``一、…。``) and blank space."""
    start = max(t.rfind("\n", 0, note_start) + 1, prev_end)
    # a chapter heading (一、…。) before the task, not reaching into the item that follows it
    head = re.match(r"[一二三四五六七八九十]+、(?:(?!\d{1,2}[.、]|\([一二三四五六七八九十\d]{1,3}\))[^。])*"
                    r"(?:。|(?=\d{1,2}[.、]|\([一二三四五六七八九十\d]{1,3}\)))|实施“[^”]*”。",
                    t[start:note_start])
    if head:
        start += head.end()
    while start < note_start and t[start] in "\n ":
        start += 1
    above = t.rfind("\n", 0, max(start - 1, 0)) + 1
    if not head and start == t.rfind("\n", 0, note_start) + 1 and above >= prev_end and \
            _SECTION_HEADING_RE.fullmatch(t[above:start].strip()):
        start = above           # 一、推进重大项目建设 over the paragraph its note ends: the heading names the task
    return start


# a section heading of its own line (一、推进重大项目建设 / (三)加强标准实施), no sentence after it
_SECTION_HEADING_RE = re.compile(r"(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]{1,3}\))[^。;:,\n]{2,30}")


def _names_note(content: str, known) -> list[tuple[str, str]] | None:
    """A note after a task that only lists bodies, in a document that says the first one named
    leads: the first leads, the others are responsible."""
    names = _split_names(content.split("。")[0], known)
    if not names:
        return None
    return [(n, "lead" if i == 0 else "responsible") for i, n in enumerate(names)]


def _bare_note(sent: str, known) -> list[tuple[str, str]] | None:
    """The pairs of a sentence that is nothing but an assignment note without its brackets
    (lost in a capture: ``…同标准办理。市政府办公室牵头,市级各有关部门按职责分工负责)``), or None.

    Every comma part must be agency names ending in a role word, names waiting for the next
    part's role word, or generic collectives (a note cut off by the capture may end in
    ``市级各有关部门按职责``); one task word makes it prose, which :func:`_prose_pairs` reads.
    """
    content = _STRAY_CLOSE_RE.sub("", sent.strip()).rstrip("。; ")
    if not content or _LABEL_RE.match(content) or content[0] in _OPEN:
        return None
    return _parse_note(content, known)


def _prose_pairs(sent: str, known) -> list[tuple[str, str]]:
    """Assignments stated in running text: ``X负责…``, ``由X负责…``, ``X牵头，Y、Z配合``,
    ``牵头单位：X`` at a line start."""
    sent = _ORDINAL_RE.sub("", sent)
    lab = _LABEL_RE.match(sent)
    if lab:                     # 责任单位:莲塘镇任务目标:…: a capture ran the next field into the names
        sent = re.split(r"(?:任务目标|工作目标|目标任务|完成时限|完成时间|工作内容|牵头领导|责任领导):", sent)[0]
    if lab and not re.search(r"[(〔【\[]", sent):
        sent = _STRAY_CLOSE_RE.sub("", sent.rstrip())
    if lab:
        return _parse_note(sent, known) or []
    m = _PROSE_LEAD_ONLY_RE.match(sent)
    if m and not re.search(r"配合|参与|协助", m["task"][:40]):
        names = _split_names(m["names"], known)
        if names:
            return [(n, "lead") for n in names]
    m = _PROSE_CONVENE_RE.search(sent)
    if m:
        lead, coop = _split_names(m["lead"], known), _split_names(m["coop"], known)
        if lead and coop is not None:
            return [(n, "lead") for n in lead] + [(n, "cooperating") for n in coop]
    for rx in (_PROSE_BY_LEAD_RE, _PROSE_LEAD_RE):
        m = rx.search(sent)
        if m:
            lead, coop = _split_names(m["lead"], known), _split_names(m["coop"], known)
            if lead and coop is not None:
                second = _SECOND_ROLE.get(m["role"], "cooperating")
                return [(n, "lead") for n in lead] + [(n, second) for n in coop]
    m = _HOST_LABELS_RE.search(sent)
    if m:                       # …奖的主办单位是X,承办单位是Y: the host leads, the organiser is responsible
        lead, resp = _split_names(m["lead"], known), _split_names(m["resp"] or "", known)
        if lead:
            return [(n, "lead") for n in lead] + [(n, "responsible") for n in resp or []]
    pairs = [(n, "responsible") for m in _UNDERTAKEN_RE.finditer(sent)
             for n in _split_names(m["names"], known) or []]
    if pairs:                   # X和Y承担的“国家园艺标准化示范区”: the bodies that carry each project
        return pairs
    m = _PROSE_LEAD_OF_RE.search(sent)
    if m:
        names = _split_names(m["names"], known)
        if names:
            return [(n, "lead") for n in names]
    m = _PROSE_RESP_RE.match(sent)
    if m and (len(m["task"]) >= 4 or "牵头" in m["role"]):
        names = _split_names(m["names"], known)
        if names:
            role = "lead" if "牵头" in m["role"] else "responsible"
            return [(n, role) for n in names]
    m = _PROSE_AS_LEAD_RE.search(sent)
    if m:
        names = _split_names(m["names"], known)
        if names:
            return [(n, "lead") for n in names] + [(n, "responsible") for n in names if m["resp"]]
    m = _PROSE_MUST_RE.match(sent)
    if m:                       # named bodies only: 各区县人民政府…要高度重视 exhorts, it assigns nothing
        names = _split_names(m["names"], known)
        if names and not any(_GENERIC.search(n) for n in names):
            return [(n, "responsible") for n in names]
    for rx, role in ((_PROSE_BY_END_RE, None), (_PROSE_HOSTS_RE, "responsible")):
        m = rx.search(sent)
        if m:
            names = _split_names(m["names"], known)
            if names:
                return [(n, role or ("lead" if m["role"] == "牵头" else "responsible")) for n in names]
    return []


# a clause that opens with bodies' names and the role they take (the role cue right after the
# names, an adverb between): 市财政局负责经费保障 / 区发改局牵头 / 市场监管局会同农业农村局组织…
_CLAUSE_CUE_RE = re.compile(r"(?:具体|主要|全面|共同|统一|分别|切实|要)?"
                            r"(?P<role>牵头负责|负责牵头|牵头|统筹|具体实施|负责|会同|配合|协助|"
                            + _DUTY_CUES + r")"
                            r"(?!人|同志|单位|部门|领导|工作的)")
_CLAUSE_ROLE = {"牵头负责": "lead", "负责牵头": "lead", "牵头": "lead", "统筹": "lead", "会同": "lead",
                "配合": "cooperating", "协助": "cooperating"}
# a body's name, not a phrase that ends like one (国务院同意建立由发展改革委, …工作由市质量技监局,
# a heading run into its lost note: 强化科技创新区科技局牵头)
_PLAIN_NAME_RE = re.compile(r"(?![我本该]|强化|加强|推进|推动|实施|开展|建立|完善|提升|促进|深化|打造|培育|做好|落实|"
                            r"组织|全面|大力|积极)(?:(?!由|的|是|在|将|对|为|把|了|同意|建立|以来|表示|近日|日前|所称|指)"
                            r"[\u4e00-\u9fff()]){2,20}")
# a report of what was done, not a division of work
_REPORTED_RE = re.compile(r"(?<!为)了(?!解)|近日|日前|去年|近年|以来|此前|已经|制定的《|提请")
# what follows 会同 Y: the joint action (会同市农业农村局组织开展…)
_CONVENED_RE = re.compile(r"(?P<coop>" + _NAMES + r"{2,160}?)(?:等部门|等单位|等)?"
                          r"(?=负责|研究|共同|组织|制定|提出|落实|办理|开展|推进|做好|加强|建立|完善|实施|编制|制订)")


def _clause_pairs(sent: str, known) -> list[tuple[str, str]]:
    """Assignments of every clause of a sentence that opens with bodies' names and their role
    cue, wherever the clause stands: ``加强标准实施,市质监局负责标准宣贯,市财政局负责经费保障``
    gives 市质监局 and 市财政局 (responsible); ``X会同Y、Z组织…`` gives X lead, Y and Z cooperating;
    ``X统筹…`` lead. A clause whose opening is not a run of bodies' names (企业负责…, 各地要…)
    assigns nothing."""
    out: list[tuple[str, str]] = []
    if _HEADING_LEAD_RE.fullmatch(sent.strip()):
        return out              # 一、X牵头工作(8项): the heading over the items it assigns
    sent = _ORDINAL_RE.sub("", sent)
    if _REPORTED_RE.search(sent):
        return out              # what a body did (牵头起草了…, 近日…会同…修订发布): news, not a division
    depth, starts = 0, [0]        # clause starts: after a comma or colon outside brackets
    for i, ch in enumerate(sent):
        if ch in "(〔【[":
            depth += 1
        elif ch in ")〕】]":
            depth -= 1
        elif depth == 0 and ch in ",:" and i + 1 < len(sent):
            starts.append(i + 1)
    for c0, c1 in zip(starts, starts[1:] + [len(sent) + 1]):
        clause = sent[c0:c1 - 1]
        for m in _CLAUSE_CUE_RE.finditer(clause, 2, 62):
            names = _split_names(re.sub(r"^(?:并由|由)", "", clause[:m.start()]), known)
            if not names or not all(_PLAIN_NAME_RE.fullmatch(n) for n in names):
                continue
            role = _CLAUSE_ROLE.get(m["role"], "responsible")
            out += [(n, role) for n in names]
            if m["role"] == "会同":
                c = _CONVENED_RE.match(clause, m.end())
                coop = _split_names(c["coop"], known) if c else None
                out += [(n, "cooperating") for n in coop or []]
            break
    return out


def _paragraph_start(t: str, s: int, prev_end: int) -> int:
    """Start of the paragraph before the line at ``s``: the nearest of the last 12 lines above
    that starts a list item (``(一)``, ``1.``), not before ``prev_end`` nor across a blank line;
    else the last non-empty line (a paragraph a hard-wrapped copy cut at a full stop)."""
    last = _previous_line(t, s)
    start = last
    for _ in range(12):
        end = t.find("\n", start)
        if starts_list_item(t[start:end if end >= 0 else len(t)]):
            return start
        if start == 0 or t[start - 1] != "\n" or start - 1 <= prev_end or t[start - 2:start] == "\n\n":
            break
        start = t.rfind("\n", 0, start - 1) + 1
        if start < prev_end:
            break
    return last


def _under_heading(t: str, start: int) -> int:
    """``start``, or the start of the chapter heading right above the paragraph there
    (``四、依托国字号产业基地,全力打造…`` over an unnumbered paragraph ending in ``责任单位:…``):
    the heading names the task the paragraph's label assigns."""
    if start == 0 or starts_list_item(t[start:t.find("\n", start) % (len(t) + 1)]):
        return start            # (一)推进…: an item of its own under a chapter of several
    above = _previous_line(t, start)
    line = t[above:t.find("\n", above)].strip()
    return above if re.fullmatch(r"[一二三四五六七八九十]+、[^。;:]{2,40}", line) else start


def _block_start(t: str, start: int, prev_end: int) -> int:
    """``start``, or the first line of the 【目标任务】…【推进措施】… block it lies in: a block of
    bracketed headings (no blank line, not before ``prev_end``) that a 责任单位 line closes
    assigns as a whole."""
    line, first = start, None
    for _ in range(15):
        if t.startswith("【", line):
            first = line
        if line == 0 or line - 1 <= prev_end or t[line - 2:line] == "\n\n":
            break
        above = t.rfind("\n", 0, line - 1) + 1
        if _LABEL_RE.match(t[above:line].strip()):
            break               # the 责任单位 line that closed the block before
        line = above
    return first if first is not None else start


# a cell of a table cut into one cell per line that is no task: a value (2, ≥57个, 98%), a row
# number, a fragment of a broken cell (完成启 / 动准备)
_VALUE_CELL_RE = re.compile(r"[\d.,%≥≤<>~—\-+ ]+[个项家件所次批%万亿元]*|[\u4e00-\u9fff]{1,3}")


def _previous_line(t: str, s: int) -> int:
    """Start of the last non-empty line before position ``s`` (a line start), passing over up to
    six value cells of a table cut into one cell per line (the row's label is its task)."""
    start, first = s, None
    for _ in range(7):
        end = start - 1
        while end > 0 and t[end - 1] in "\n ":
            end -= 1
        start = t.rfind("\n", 0, end) + 1
        first = start if first is None else first
        if not _VALUE_CELL_RE.fullmatch(t[start:end].strip()) or start == 0:
            return start
    return first            # seven value cells: no label above them, the line before


def _label_only(sent: str) -> bool:
    """``责任单位：X、Y`` or ``责任单位：X,Y`` (labels and names only: the caller has parsed every
    name; a bracketed remark may follow:
    ``责任单位:市发改委、市财政局(第一责任单位为牵头单位,下同)``)."""
    sent = re.sub(r"\([^()]*\)$", "", sent.strip(" 。;"))
    return bool(_LABEL_RE.match(sent)) and "。" not in sent


def agent_names(fact: DraftFact) -> dict[URIRef, str]:
    """The agency names of a task fact as written in the text, by organisation."""
    return dict(fact.values.get("agentNames", ()))
