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
    def serialize(self, fmt: str = "table", *, max_width: int = 60) -> str:
        """Render as ``table``, ``csv``, ``tsv``, ``json`` (SPARQL 1.1 results JSON) or ``md``."""
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

    @staticmethod
    def _clip(text: str, max_width: int) -> str:
        text = " ".join(text.split())
        if _width(text) <= max_width:
            return text
        out, w = [], 0
        for c in text:
            cw = _width(c)
            if w + cw > max_width - 1:
                break
            out.append(c)
            w += cw
        return "".join(out) + "…"

    def _table(self, max_width: int) -> str:
        rows = [[self._clip(v, max_width) for v in r] for r in self.text_rows()]
        widths = [max([_width(c)] + [_width(r[i]) for r in rows]) for i, c in enumerate(self.columns)]
        line = "  ".join(_pad(c, w) for c, w in zip(self.columns, widths)).rstrip()
        sep = "  ".join("-" * w for w in widths)
        body = ["  ".join(_pad(v, w) for v, w in zip(r, widths)).rstrip() for r in rows]
        return "\n".join([line, sep, *body, f"({len(rows)} rows)"]) + "\n"

    def _markdown(self) -> str:
        def esc(v: str) -> str:
            return " ".join(v.split()).replace("|", "\\|")

        out = ["| " + " | ".join(self.columns) + " |", "|" + "---|" * len(self.columns)]
        out += ["| " + " | ".join(esc(v) for v in r) + " |" for r in self.text_rows()]
        return "\n".join(out) + "\n"

    @classmethod
    def from_rows(cls, columns: Sequence[str], rows: Iterable[Sequence[Node | None]]) -> "ResultTable":
        return cls(list(columns), [tuple(r) for r in rows])
