"""Normalisation of Chinese policy text for matching (never for storage).

Quotes and labels keep their original characters; these functions produce *keys* used to
compare strings: traditional → simplified (OpenCC t2s), full-width ASCII digits, letters and
punctuation → half-width, and the bracket variants of document numbers (〔2015〕, [2015],
（2015）, ［２０１５］) → one canonical form.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["to_simplified", "to_halfwidth", "normalize", "doc_number_key", "DOC_NUMBER_RE"]


@lru_cache(maxsize=1)
def _converter():
    import opencc  # opencc-python-reimplemented: pure Python, no native build

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified ones.

    >>> to_simplified("技術標準")
    '技术标准'
    """
    return _converter().convert(text)


def to_halfwidth(text: str) -> str:
    """Map full-width ASCII variants (U+FF01–U+FF5E) and the ideographic space to ASCII.

    >>> to_halfwidth("２０１５年，ＴＣ")
    '2015年,TC'
    """
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif code == 0x3000:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def normalize(text: str) -> str:
    """Matching key of a Chinese string: NFKC, simplified, half-width, no whitespace.

    >>> normalize("重點領域 重點產品的採標率")
    '重点领域重点产品的采标率'
    """
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(to_halfwidth(text))
    return re.sub(r"\s+", "", text)


_OPEN = "〔[（(［【"
_CLOSE = "〕]）)］】"
DOC_NUMBER_RE = re.compile(
    r"(?P<code>[\u4e00-\u9fff]{1,12})\s*[" + re.escape(_OPEN) + r"]\s*(?P<year>[0-9０-９]{4})\s*["
    + re.escape(_CLOSE) + r"]\s*(?P<serial>[0-9０-９]{1,4})\s*号"
)


def doc_number_key(number: str) -> str | None:
    """Canonical key of a document number (文号), or None when it is not one.

    All bracket styles, full-width digits, traditional characters and stray spaces map to
    ``CODE〔YYYY〕N号``.

    >>> doc_number_key("渝府办发［２０１７］104号") == doc_number_key("渝府辦發〔 2017〕104號")
    True
    >>> doc_number_key("渝府办发〔 2017〕104号")
    '渝府办发〔2017〕104号'
    """
    text = to_simplified(to_halfwidth(unicodedata.normalize("NFKC", number)))
    m = DOC_NUMBER_RE.search(text)
    if not m:
        return None
    return f"{m['code']}〔{int(m['year'])}〕{int(m['serial'])}号"
