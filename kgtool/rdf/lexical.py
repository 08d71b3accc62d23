"""Lexical forms that XSD forbids but rdflib (and Python) accept.

rdflib converts literals with Python's constructors, which accept more than XSD does:
``Decimal("NaN")``, ``Decimal("1_000")``, ``int("２０１５")`` (full-width digits) all succeed, so
such literals are not flagged ``ill_typed`` and pySHACL's ``sh:datatype`` lets them pass — or
crashes on them in a comparison (``decimal.InvalidOperation``). Validation therefore checks the
lexical form of every literal of an XSD numeric, boolean or date type against the XSD grammar
(ASCII digits only) first, reports each offender with its original form, and keeps it out of
the graph pySHACL sees.
"""
from __future__ import annotations

import re
from typing import Iterable

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import XSD

__all__ = ["LEXICAL_SHAPE", "CHECKED_DATATYPES", "invalid_lexical_forms", "is_valid_lexical",
           "messages"]

KGSH = Namespace("https://w3id.org/kgtool/shapes#")
LEXICAL_SHAPE = KGSH["LexicalForm"]

_INT = r"[+-]?[0-9]+"
_DEC = r"[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)"
_TZ = r"(Z|[+-][0-9]{2}:[0-9]{2})?"
_GRAMMAR = {
    XSD.integer: _INT, XSD.int: _INT, XSD.long: _INT, XSD.short: _INT,
    XSD.nonNegativeInteger: r"[+]?[0-9]+|-0+", XSD.positiveInteger: r"[+]?[0-9]+",
    XSD.decimal: _DEC,
    XSD.double: _DEC + r"([eE][+-]?[0-9]+)?|" + r"[+-]?INF|NaN",
    XSD.float: _DEC + r"([eE][+-]?[0-9]+)?|" + r"[+-]?INF|NaN",
    XSD.boolean: r"true|false|1|0",
    XSD.gYear: r"-?[0-9]{4,}" + _TZ,
    XSD.date: r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}" + _TZ,
    XSD.dateTime: r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]+)?" + _TZ,
}
_COMPILED = {dt: re.compile(f"(?:{rx})", re.ASCII) for dt, rx in _GRAMMAR.items()}
CHECKED_DATATYPES = tuple(_GRAMMAR)


def is_valid_lexical(literal: Literal) -> bool:
    """True unless ``literal`` has a checked XSD datatype and a lexical form XSD forbids.

    >>> is_valid_lexical(Literal("2015", datatype=XSD.integer))
    True
    >>> [is_valid_lexical(Literal(v, datatype=XSD.decimal, normalize=False))
    ...  for v in ("１２", "1_000", "NaN", "804.0")]
    [False, False, False, True]
    """
    rx = _COMPILED.get(literal.datatype) if literal.datatype is not None else None
    if rx is None:
        return True
    lexical = str(literal)
    if lexical != lexical.strip():
        return False
    return rx.fullmatch(lexical) is not None and not literal.ill_typed


def invalid_lexical_forms(triples: Iterable[tuple]) -> list[tuple]:
    """Triples whose object literal has a lexical form XSD forbids but rdflib accepted.

    Includes literals rdflib marks ``ill_typed`` and those it accepts (``"1_000"``, ``"NaN"``,
    full-width digits) or never checked (parsed with ``normalize=False``).
    """
    out = []
    for s, p, o in triples:
        if isinstance(o, Literal) and o.datatype in _COMPILED and not is_valid_lexical(o):
            out.append((s, p, o))
    return out


def messages(literal: Literal) -> tuple[str, str]:
    """(English, Chinese) message for an invalid lexical form."""
    dt = str(literal.datatype).rsplit("#", 1)[-1]
    return (f"{str(literal)!r} is not a valid xsd:{dt} (XSD allows ASCII digits only, "
            f"no separators, no NaN for decimals); the original form is kept",
            f"{str(literal)!r} 不是合法的 xsd:{dt}（只允许半角数字，不得含分隔符或 NaN）；已保留原文")
