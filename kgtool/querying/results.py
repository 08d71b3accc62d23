"""Query result tables and their serialisations (table, CSV, TSV, SPARQL JSON, Markdown).

Every backend (embedded rdflib, Oxigraph, a remote endpoint) returns a :class:`ResultTable`
with the same columns, so output does not depend on where a query ran.
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable, Sequence

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

__all__ = ["ResultTable", "FORMATS", "term_to_python", "term_to_text"]

FORMATS = ("table", "csv", "tsv", "json", "md")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def term_to_text(term: Node | None) -> str:
    """Plain text of an RDF term: IRIs as is, literals by lexical form, unbound as ''."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def term_to_python(term: Node | None) -> Any:
    """Python value of a term: numbers for numeric literals, booleans, else text."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, (int, float, bool)):
            return value
        return str(term)
    return term_to_text(term)


def _csv_safe(text: str) -> str:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ gets a leading quote."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _wrap(text: str, max_width: int | None) -> list[str]:
    """Lines of at most ``max_width`` display columns (CJK characters count 2): breaks at
    spaces, or between any two characters of a word that does not fit. Nothing is dropped.

    >>> _wrap("地方标准制定周期 local standard drafting cycle", 16)
    ['地方标准制定周期', 'local standard', 'drafting cycle']
    """
    text = " ".join(text.split())
    if not max_width or _width(text) <= max_width:
        return [text]
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if _width(candidate) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        while _width(word) > max_width:  # a long word (or CJK run) breaks anywhere
            piece, w = "", 0
            for ch in word:
                if w + _width(ch) > max_width:
                    break
                piece += ch
                w += _width(ch)
            lines.append(piece)
            word = word[len(piece):]
        current = word
    if current:
        lines.append(current)
    return lines


@dataclass
class ResultTable:
    """Rows of a SELECT query.

    :ivar columns: variable names in projection order.
    :ivar rows: one tuple of rdflib terms (or None when unbound) per solution.
    """

    columns: list[str]
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts of Python values."""
        return [{c: term_to_python(v) for c, v in zip(self.columns, r)} for r in self.rows]

    def text_rows(self) -> list[tuple[str, ...]]:
        """Rows as tuples of plain text (what the golden files hold)."""
        return [tuple(term_to_text(v) for v in r) for r in self.rows]

    def column(self, name: str) -> list[Node | None]:
        i = self.columns.index(name)
        return [r[i] for r in self.rows]

    def to_dataframe(self):
        """A pandas DataFrame of the Python values (pandas imported lazily)."""
        import pandas as pd

        return pd.DataFrame(self.records(), columns=self.columns)

    # -- serialisations -------------------------------------------------------------------
    def serialize(self, fmt: str = "table", *, max_width: int | None = 60,
                  lang: str = "en") -> str:
        """Render as ``table``, ``csv``, ``tsv``, ``json`` (SPARQL 1.1 results JSON) or ``md``.

        :param max_width: ``table`` only: cells wider than this many display columns wrap
            onto several lines (None or 0: no wrapping). Nothing is ever cut.
        :param lang: ``zh``: ``table`` and ``md`` with Chinese column headings and 是/否 for
            booleans (:mod:`kgtool.querying.headings`); the other formats are for programs
            and keep the variable names.
        """
        if lang != "en" and fmt in ("table", "md"):
            from kgtool.querying.headings import localise

            table = localise(self, lang)
            return table._table(max_width, lang) if fmt == "table" else table._markdown()
        if fmt == "csv":
            return self._delimited(",")
        if fmt == "tsv":
            return self._delimited("\t")
        if fmt == "json":
            return self.to_sparql_json()
        if fmt == "md":
            return self._markdown()
        if fmt == "table":
            return self._table(max_width)
        raise ValueError(f"unknown result format {fmt!r}; choose one of {', '.join(FORMATS)}")

    def _delimited(self, sep: str) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=sep, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.text_rows():
            writer.writerow([_csv_safe(v) for v in row])
        return buf.getvalue()

    def to_sparql_json(self) -> str:
        def term(t: Node) -> dict:
            if isinstance(t, URIRef):
                return {"type": "uri", "value": str(t)}
            if isinstance(t, BNode):
                return {"type": "bnode", "value": str(t)}
            d = {"type": "literal", "value": str(t)}
            if t.language:
                d["xml:lang"] = t.language
            elif t.datatype:
                d["datatype"] = str(t.datatype)
            return d

        bindings = [{c: term(v) for c, v in zip(self.columns, r) if v is not None} for r in self.rows]
        return json.dumps({"head": {"vars": self.columns}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1) + "\n"

    def _table(self, max_width: int | None, lang: str = "en") -> str:
        """Aligned columns; a cell wider than ``max_width`` display columns wraps onto more
        lines (never cut); ``max_width`` None or 0 keeps every cell on one line."""
        cells = [[_wrap(v, max_width) for v in r] for r in self.text_rows()]
        widths = [max([_width(c)] + [_width(line) for r in cells for line in r[i]])
                  for i, c in enumerate(self.columns)]
        line = "  ".join(_pad(c, w) for c, w in zip(self.columns, widths)).rstrip()
        sep = "  ".join("-" * w for w in widths)
        body = []
        wrapped = any(len(c) > 1 for r in cells for c in r)
        for n, r in enumerate(cells):
            if wrapped and n:
                body.append("")  # a blank line between records once any of them wraps
            for k in range(max(len(c) for c in r) if r else 0):
                body.append("  ".join(_pad(c[k] if k < len(c) else "", w)
                                      for c, w in zip(r, widths)).rstrip())
        count = f"（共 {len(cells)} 行）" if lang == "zh" else f"({len(cells)} rows)"
        return "\n".join([line, sep, *body, count]) + "\n"

    def _markdown(self) -> str:
        def esc(v: str) -> str:
            return " ".join(v.split()).replace("|", "\\|")

        out = ["| " + " | ".join(self.columns) + " |", "|" + "---|" * len(self.columns)]
        out += ["| " + " | ".join(esc(v) for v in r) + " |" for r in self.text_rows()]
        return "\n".join(out) + "\n"

    @classmethod
    def from_rows(cls, columns: Sequence[str], rows: Iterable[Sequence[Node | None]]) -> "ResultTable":
        return cls(list(columns), [tuple(r) for r in rows])
