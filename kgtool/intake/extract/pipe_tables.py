"""Tables a web capture flattened into cells separated by ``|`` (issue #16).

Three layouts are read: rows divided by lines holding only ``|`` (a cell per line between
them; the header is the first row naming 序号 or an agency column, title rows above it are
skipped), a row per line (``序号|项目名称|内容|负责单位|参与单位|``, a row may run on
to the next line) and a cell per line (``指标|`` / ``2020年基期值|`` / ``2025年目标值|`` …). The
header is the first line's cells when it holds three or more; in the cell-per-line layout it is
the cells before the first row, whose second cell is the first value-like one (``60``, ``>6.5``,
``—``). The cells after the header are cut into rows of the header's width. A table whose first
column is numbered (序号) and whose rows do not start with their number is not read at all: a
cell lost by the capture would shift every later cell into the wrong column.

:func:`pipe_tables` gives the tables; :mod:`.tasks` reads agency columns (负责单位, 参与单位 …)
and :mod:`.targets` reads indicator tables (a 2025年目标值 column).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# a value cell of an indicator table: 60, >6.5, 97.8%, a dash (also one mis-read as 一), [4], (9)
_VALUE_CELL_RE = re.compile(r"[<>≥≤]?\d+(?:\.\d+)?%?|[-—–一]|[\[(][^\[\]()]{0,8}[\])]")


@dataclass(frozen=True)
class Cell:
    """One cell: its text (stripped) and its span in the view text."""
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class PipeTable:
    header: list[Cell]
    rows: list[list[Cell]]

    def __bool__(self) -> bool:
        return bool(self.header)

    def column(self, pattern: str) -> int | None:
        """Index of the first header cell matching ``pattern``, or None."""
        return next((i for i, c in enumerate(self.header) if re.search(pattern, c.text)), None)


def pipe_tables(t: str) -> list[PipeTable]:
    """Every ``|`` table of the view text ``t`` with a header and at least one row."""
    out = []
    for start, end in _blocks(t):
        separated = _separated(t, start, end)
        if separated is not None:
            if separated:
                out.append(separated)
            continue
        cells = _cells(t, start, end)
        line_end = t.find("\n", start, end)
        first_line = [c for c in cells if c.text and (line_end < 0 or c.start < line_end)]
        table = _table(cells, first_line_cells=len(first_line))
        if table is not None:
            out.append(table)
    return out


def _blocks(t: str) -> list[tuple[int, int]]:
    """Spans of the runs of consecutive lines that hold a ``|`` (a line without one between two
    that do is a cell cut over two lines)."""
    out, pos, run = [], 0, None
    lines = t.split("\n")
    for k, line in enumerate(lines):
        end = pos + len(line)
        if "|" in line or (run and line.strip() and k + 1 < len(lines) and "|" in lines[k + 1]):
            run = (run[0] if run else pos, end)
        elif line.strip() or run is None:
            if run:
                out.append(run)
            run = None
        pos = end + 1
    if run:
        out.append(run)
    return out


def _separated(t: str, start: int, end: int) -> PipeTable | None:
    """A table whose rows are divided by lines holding nothing but ``|`` (each cell on a line of
    its own): the header is the first row naming 序号 or a column of 单位/部门; ``None`` when the
    block has fewer than two such divider lines or no such header (a lone ``|`` line is a cell's
    end cut onto a line of its own), a falsy table when its rows do not follow their numbers."""
    lines, pos = [], start
    for line in t[start:end].split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    if sum(1 for _, ln in lines if set(ln.strip()) == {"|"}) < 2:
        return None
    records, cur = [], []
    for p, ln in lines:
        if set(ln.strip()) <= {"|"}:
            if cur:
                records.append(cur)
            cur = []
        else:
            cur += [c for c in _cells(t, p, p + len(ln)) if c.text]
    if cur:
        records.append(cur)
    head = next((i for i, r in enumerate(records)
                 if any(re.fullmatch(r"序号|编号|[^|]{0,4}(?:单位|部门)", c.text) for c in r) and len(r) >= 2), None)
    if head is None:
        return None
    header, rows = records[head], records[head + 1:]
    if re.fullmatch(r"序号|编号", header[0].text) and any(r[0].text != str(k + 1) for k, r in enumerate(rows)):
        return PipeTable([], [])
    return PipeTable(header, rows)


def _cells(t: str, start: int, end: int) -> list[Cell]:
    out, pos = [], start
    for piece in t[start:end].split("|"):
        s, e = pos, pos + len(piece)
        while s < e and t[s] in " \n":
            s += 1
        while e > s and t[e - 1] in " \n":
            e -= 1
        out.append(Cell(t[s:e], s, e))
        pos += len(piece) + 1
    if out and not out[-1].text:
        out.pop()                   # the line's closing |
    return out


def _table(cells: list[Cell], first_line_cells: int) -> PipeTable | None:
    if first_line_cells >= 3:
        width = first_line_cells
    else:                           # a cell per line: the header ends before the first row
        first_value = next((i for i, c in enumerate(cells) if i >= 2 and _VALUE_CELL_RE.fullmatch(c.text)), None)
        if first_value is None:
            return None
        width = first_value - 1
    if width < 2 or len(cells) < 2 * width:
        return None
    header, body = cells[:width], cells[width:]
    rows = [body[i:i + width] for i in range(0, len(body), width)]
    if re.fullmatch(r"序号|编号", header[0].text):
        for k, row in enumerate(rows):
            if row[0].text != str(k + 1):
                return None         # a lost cell shifted the columns: refuse rather than misread
    return PipeTable(header, rows)
