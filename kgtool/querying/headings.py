"""Result tables for reading in Chinese: column headings from a data file
(``column_labels.tsv``: the variable name and its Chinese heading), booleans as 是 / 否.

Only the human formats (``table``, ``md``) are localised; CSV, TSV and JSON keep the
variable names and ``true``/``false``, which scripts read. A column with no heading in the
file (a query of the project's own) keeps its variable name.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import XSD

__all__ = ["column_heading", "localise"]

LABELS_FILE = Path(__file__).resolve().parent / "column_labels.tsv"
_BOOLEANS = {"zh": {"true": "是", "false": "否"}}


@lru_cache(maxsize=1)
def column_labels() -> dict[str, str]:
    """Variable name -> Chinese heading."""
    out = {}
    for line in LABELS_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, zh = line.split("\t")
            out[name] = zh
    return out


def column_heading(name: str, lang: str) -> str:
    """The heading of column ``name`` in ``lang`` (``en``: the variable name).

    >>> column_heading("amount_cny", "zh"), column_heading("amount_cny", "en")
    ('金额（元）', 'amount_cny')
    """
    return column_labels().get(name, name) if lang == "zh" else name


def localise(table, lang: str):
    """A copy of a :class:`~kgtool.querying.results.ResultTable` with the headings and the
    boolean cells of ``lang`` (the same table for ``en``)."""
    if lang != "zh":
        return table
    words = _BOOLEANS[lang]

    def cell(v):
        if isinstance(v, Literal) and v.datatype == XSD.boolean and str(v) in words:
            return Literal(words[str(v)])
        return v

    return type(table)([column_heading(c, lang) for c in table.columns],
                       [tuple(cell(v) for v in r) for r in table.rows])
