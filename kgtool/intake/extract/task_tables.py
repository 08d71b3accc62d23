"""Responsibility tables that a capture flattened: ``序号 | 工作内容 | 责任单位 | 责任类型`` with
its rows run together on one line or cut into one cell per line (issue #16).

A table cut into one cell per line (a header of short lines 序号, 目标任务, 牵头单位, 责任单位, then
rows opening with a line holding the row number) gives each row's agency lines to the agency
columns in order. After a header naming a 责任单位 (or 牵头单位) column beside another column (序号, 工作内容,
任务, 措施, 事项, 完成时限, 责任类型), each row starts at its number ``(25)``; the row's
agencies are the run of names (``市文广旅局``, ``市市场监管局市税务局``) right before its
责任类型 word (受理, 组织实施, 牵头 …) or at the row's end, and the text before them is the task.
A remark ``(市税务局配合提供数据)`` after the names (its brackets may be lost) makes the agency
named in it cooperating. A table cut into one cell per line without a 序号 column (实事项目 /
主办单位 / 推进情况) is read row by row while each row's agency cell holds names.
"""
from __future__ import annotations

import re

from kgtool.intake.extract.roles import column_role, label_role

_HEADER_RE = re.compile(r"(?:责任单位|牵头单位)(?=[^\n]{0,40}?(?:责任类型|完成时限|时限|备注))|"
                        r"(?:序号|工作内容|任务|措施|事项)[^\n]{0,30}?(?:责任单位|牵头单位)")
_ROW_RE = re.compile(r"\((\d{1,3})\)")
# an agency of the document's place: a 市/区/县/省 prefix and an organisation word
_AGENCY = r"(?:市|区|县|省|州)[\u4e00-\u9fff]{1,12}?(?:局|委|办|部|厅|中心|办公室|委员会|政府)"
_TYPE = r"(?:制定细则组织实施|组织实施|牵头|负责|配合|受理|实施|落实)"
_CELL_RE = re.compile(r"(?P<names>(?:" + _AGENCY + r")+)(?:\(?(?P<remark>(?:" + _AGENCY + r")+)"
                      r"配合[^()。]{0,12}?[)。]?)?(?:(?!配合[^()。]{0,12}?[)。])(?P<type>" + _TYPE + r")|$)")
_ROLE = {"牵头": "lead", "配合": "cooperating"}


def table_rows(t: str, names_of) -> list[tuple[int, int, list[tuple[str, str]]]]:
    """``(row_start, row_end, [(name, role), …])`` of each row of every flattened
    responsibility table in the view text ``t`` (positions in ``t``). ``names_of(line)`` gives
    the agency names of a line that is nothing but names, else None."""
    cells = _cell_table(t, names_of)
    if cells:
        return cells
    header = _HEADER_RE.search(t)
    if not header:
        return _unnumbered_cell_table(t, names_of)
    marks = [m for m in _ROW_RE.finditer(t, header.end())]
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(t)
        flat, where = _flatten(t, m.end(), end)
        cell = _last_cell(flat)
        if cell is None:
            continue
        pairs = [(n, _ROLE.get(cell["type"] or "", "responsible")) for n in _names(cell["names"])]
        pairs += [(n, "cooperating") for n in _names(cell["remark"] or "")]
        out.append((m.start(), where[cell.end() - 1] + 1, pairs))
    return out


def _flatten(t: str, start: int, end: int) -> tuple[str, list[int]]:
    """The row without line breaks, and the position in ``t`` of each of its characters."""
    where = [i for i in range(start, end) if t[i] != "\n"]
    return "".join(t[i] for i in where), where


def _last_cell(row: str) -> re.Match | None:
    """The agencies of a row: the first name run (after some task text) followed by a 责任类型
    word, or ending the row."""
    return next((m for m in _CELL_RE.finditer(row) if m.start() > 0), None)


def _names(run: str) -> list[str]:
    return re.findall(_AGENCY, run)


def _cell_table(t: str, names_of) -> list[tuple[int, int, list[tuple[str, str]]]]:
    """A table cut into one cell per line: a header of short lines (序号, 目标任务, 牵头单位,
    责任单位, …), then rows that each start with a line holding only the row number. The
    lines of a row that are nothing but agency names fill the agency columns in order."""
    filled = _filled_lines(t)
    for k, (p, ln) in enumerate(filled):
        if ln == "序号":
            header = [h for _, h in filled[k + 1:k + 8]]
            first = None
        elif _ONE_LINE_HEADER_RE.fullmatch(ln):     # 序号 涉及部门 职责分工: the header on one line
            header, first = _COLUMN_NAME_RE.findall(ln[2:]), k + 1
        else:
            continue
        roles = []
        for h in header:
            if len(h) > 12:
                break
            roles.append(_column(h))
        agency_roles = [r for r in roles if r]
        if not agency_roles:
            continue
        body = filled[first if first is not None else k + 1 + len(roles):]
        starts = [i for i, (_, ln2) in enumerate(body) if ln2.isdigit()]
        out = []
        for j, i in enumerate(starts):
            row = body[i:starts[j + 1] if j + 1 < len(starts) else len(body)]
            pairs, row_end, col, duties = [], None, 0, None
            for n2, (p2, ln2) in enumerate(row[1:], 1):
                names = names_of(ln2)
                if not names:            # task text before the agency cells; after them, the end
                    if col == 0:
                        continue
                    if n2 == 1 + col:    # the agency cells opened the row: this line is its duties
                        duties = (p2, ln2)
                    break
                if col < len(agency_roles):
                    pairs += [(n, agency_roles[col]) for n in names]
                col += 1
                row_end = p2 + len(ln2)
            if pairs and duties is not None:
                out += [(a, b, pairs) for a, b in _duty_clauses(*duties)]
            elif pairs:
                out.append((row[0][0], row_end, pairs))
        return out
    return []


# 序号 涉及部门 职责分工 / 序号 重点任务 责任单位 完成时限: a flattened table's header on one line
# (the view has dropped the spaces between its column names)
_COLUMN_NAME_RE = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:部门|单位|分工|内容|任务|时限|时间|事项|措施|备注|目标|类型|"
                             r"领域|对象|层级|名称|项目|要求|主体)")
_ONE_LINE_HEADER_RE = re.compile(r"序号(?:" + _COLUMN_NAME_RE.pattern + r"){2,7}")


def _column(header: str) -> str | None:
    """The role an agency column gives its bodies; a column of departments that names no role
    (涉及部门, 职能部门) holds the bodies responsible for the row."""
    return column_role(header) or ("responsible" if re.fullmatch(r"[\u4e00-\u9fff]{0,4}(?:部门|单位)", header)
                                   else None)


def _duty_clauses(start: int, line: str) -> list[tuple[int, int]]:
    """The duties a body's cell lists (``负责A,依法查处B;建立C;指导D。``), one span per clause
    closed by ``;`` or ``。``: each is a task of the body."""
    out, a = [], 0
    for m in re.finditer(r"[;。]|$", line):
        if m.start() - a >= 4:
            out.append((start + a, start + m.start()))
        a = m.end()
    return out


def _filled_lines(t: str) -> list[tuple[int, str]]:
    """(position, stripped text) of the non-empty lines of ``t``."""
    out, pos = [], 0
    for ln in t.split("\n"):
        if ln.strip():
            out.append((pos, ln.strip()))
        pos += len(ln) + 1
    return out


def _unnumbered_cell_table(t: str, names_of) -> list[tuple[int, int, list[tuple[str, str]]]]:
    """A table cut into one cell per line without a 序号 column (实事项目 / 主办单位 / 推进情况),
    read only when the text has no numbered table: a header of two to seven short lines, one of
    them an agency column, then rows of as many lines; reading stops at the first row whose
    agency cell is not names."""
    filled = _filled_lines(t)
    for k in range(len(filled)):
        header = []
        for _, h in filled[k:k + 7]:
            if len(h) > 8 or re.search(r"[,。;:、]", h):
                break
            header.append(h)
        roles = [label_role(h) for h in header]      # a line of its own is the column name
        if len(header) < 2 or not any(roles) or roles[0]:
            continue
        out, body = [], filled[k + len(header):]
        for i in range(0, len(body) - len(header) + 1, len(header)):
            row = body[i:i + len(header)]
            cells = [names_of(cell) if role else [] for (_, cell), role in zip(row, roles)]
            if not all(names for names, role in zip(cells, roles) if role):
                break
            out.append((row[0][0], max(p + len(c) for (p, c), r in zip(row, roles) if r),
                        [(n, role) for names, role in zip(cells, roles) if role for n in names]))
        if out:                 # a title line above the header shifted the columns: try below it
            return out
    return []
