"""Reading policy text files, the normalised matching view of a text, and sentence spans.

:func:`read_policy_text`/:func:`decode_text` decode UTF-8, UTF-16 (BOM) or GB18030 bytes;
:class:`TextView` is the NFKC/half-width/simplified view with an offset map back to the
original characters; :func:`split_sentences` splits the view into clauses.
"""
from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from kgtool.errors import InputError
from kgtool.intake.textnorm import to_halfwidth, to_simplified


# ------------------------------------------------------------------------------ reading
def read_policy_text(path: str | os.PathLike) -> str:
    """Read a policy text file: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK.

    :param path: the file.
    :returns: the decoded text (a BOM removed, line ends kept).
    :raises InputError: ``<file>: empty file`` or ``<file>: not a text file`` (NUL bytes,
        undecodable bytes, control characters).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes("渝府发〔2011〕3号".encode("gb18030"))
    >>> read_policy_text(p)
    '渝府发〔2011〕3号'
    """
    data = Path(path).read_bytes()
    return decode_text(data, name=str(path))


def decode_text(data: bytes, *, name: str) -> str:
    """Decode the bytes of a text file (see :func:`read_policy_text`)."""
    if not data.strip():
        raise InputError("empty file", path=name)
    text = None
    if data.startswith(b"\xef\xbb\xbf"):
        text = _try(data[3:], "utf-8")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _try(data, "utf-16")
    elif b"\x00" not in data:
        text = _try(data, "utf-8")
        if text is None:
            text = _try(data, "gb18030")
    if text is None or looks_binary(text):
        raise InputError("not a text file", path=name)
    if not text.strip():
        raise InputError("empty file", path=name)
    return text


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def looks_binary(text: str) -> bool:
    bad = sum(1 for c in text if (unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn"))
              and c not in "\t\n\r\f\v")
    return "\x00" in text or bad > max(2, len(text) // 100)


# ----------------------------------------------------------------------------- text view
# pinyin glosses that some web captures insert after characters: 標準化(huà), 工(gōng)程
# paragraph marks that some document-sharing captures put where the line breaks were: the
# Cyrillic letter Р (U+0420) standing between Chinese characters or punctuation
_PARA_MARKS = "\u0420"
_GLOSS = r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüḿńňǹ]{1,6}\)"
_GLOSS_RE = re.compile(r"[\u4e00-\u9fff](" + _GLOSS + ")")


def without_glosses(text: str) -> str:
    """``text`` without the pinyin glosses a capture put after characters (深寶規(guī) → 深寶規)."""
    return re.sub(r"(?<=[\u4e00-\u9fff])" + _GLOSS, "", text)


# a year written in Chinese digits (到二〇二五年): read as 2025年, one character for one
_CN_YEAR_RE = re.compile(r"(?<![〇○零一二三四五六七八九十])([〇○零一二三四五六七八九]{4})年")
_CN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")


# the letter l (or I) written for the digit 1 before a decimal point and a digit, in Chinese text
_LETTER_ONE_RE = re.compile(r"(?<=[\u4e00-\u9fff])[lI](?=\.\d)")


class TextView:
    """The matching view of a text and its offset map back to the original.

    ``view.text[i]`` is the normalised form of ``view.original[view.offsets[i]]``;
    whitespace other than newlines is dropped, and so are pinyin glosses in brackets after a
    character (``標準化(huà)``), which web captures of some sites insert; a year in Chinese digits
    (``二〇二五年``) reads as ``2025年``, and a letter l written for the digit 1 (``奖励l.5万元``) as 1. A paragraph mark
    that a capture left instead of a line break (``…不受损害。Р责任单位:…``; the Cyrillic Р
    between non-Cyrillic characters) reads as a newline.

    >>> v = TextView("到 ２０１５年，新增")
    >>> v.text
    '到2015年,新增'
    >>> v.quote(0, 6)
    ('到 ２０１５年', 0, 7)
    """

    def __init__(self, original: str) -> None:
        self.original = original
        chars: list[str] = []
        offsets: list[int] = []
        for i, ch in enumerate(original):
            if ch.isspace() and ch != "\n":
                continue
            n = to_halfwidth(unicodedata.normalize("NFKC", ch))
            if len(n) != 1:
                n = ch
            if n.isspace() and n != "\n":
                continue
            chars.append(n)
            offsets.append(i)
        drop = soft_line_breaks(original, chars, offsets)                  # PDF copies
        self.joined_lines = len(drop)
        drop += _thousands_separators(original, chars, offsets)             # 1,000项
        for i in sorted(drop, reverse=True):
            del chars[i]
            del offsets[i]
        for i, ch in enumerate(chars):
            if ch in _PARA_MARKS and not _cyrillic(chars[i - 1] if i else "") and \
                    not _cyrillic(chars[i + 1] if i + 1 < len(chars) else ""):
                chars[i] = "\n"
        for m in reversed(list(_GLOSS_RE.finditer("".join(chars)))):  # 標準化(huà) -> 標準化
            del chars[m.start(1):m.end(1)]
            del offsets[m.start(1):m.end(1)]
        joined = _CN_YEAR_RE.sub(lambda m: m[1].translate(_CN_DIGITS) + "年", "".join(chars))  # 二〇二五年
        joined = _LETTER_ONE_RE.sub("1", joined)       # l.5万元: a capture's letter l for the digit 1
        simp = to_simplified(joined)
        if len(simp) != len(joined):  # phrase conversion changed a length: line by line
            lines = joined.split("\n")
            out = []
            for line in lines:
                s = to_simplified(line)
                out.append(s if len(s) == len(line) else "".join(
                    c2 if len(c2 := to_simplified(c)) == 1 else c for c in line))
            simp = "\n".join(out)
        self.text = simp
        self.offsets = offsets

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets ``[s, e)`` of view characters ``[start, end)``."""
        return self.offsets[start], self.offsets[end - 1] + 1

    def quote(self, start: int, end: int) -> tuple[str, int, int]:
        """The original characters of a view span, and their offsets."""
        s, e = self.span(start, end)
        return self.original[s:e], s, e


# a line that ends a sentence or a heading; and one that starts a list item or a heading
_LINE_END_RE = re.compile(r"[。!?;:：；！？\)）|｜]$")
_GLOSS_START_RE = re.compile("^" + _GLOSS)
_SENTENCE_END_RE = re.compile(r"[。!?;；！？)）]$")
# a line opening a note or a 责任单位 label: the end of the paragraph before it (not a short
# bracket inside a name the cut ran through: 各县\n(市、区)政府)
_NOTE_START_RE = re.compile(r"[(（\[【〔](?![^()（）]{1,6}[)）][\u4e00-\u9fff])|(?:牵头|责任|配合|协办|参与)(?:单位|部门)")
_GLOSS_END_RE = re.compile(_GLOSS_RE.pattern + "$")
# ㈠…㈩ (U+3220–3229) and ⑴…⒇, ①…⑳: the single-character item numbers of some word processors
_ITEM_START_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]{1,3}[)）]|"
                            r"\d{1,2}[.、．](?!\d)|第[一二三四五六七八九十]+[章条节]|[—\-·•*|]|"
                            r"[\u3220-\u3229\u2474-\u2487\u2460-\u2473])")


def _thousands_separators(original: str, chars: list[str], offsets: list[int]) -> list[int]:
    """Indices of the ASCII commas that group digits by thousands (``1,000``, ``1,234,567``: a
    run of 1–3 digits, then groups of exactly three); a full-width ``，`` between numbers is a
    list separator and stays."""
    text = "".join(chars)
    out = []
    for m in re.finditer(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?!\d|,\d)", text):
        commas = [k for k in range(m.start(), m.end()) if text[k] == ","]
        if all(original[offsets[k]] == "," for k in commas):
            out += commas
    return out


def is_headline(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a headline: a short line of its own (≤ 40 characters,
    no full stop or semicolon) above the body, i.e. with no full stop anywhere before it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
    return (len(line) <= 40 and not re.search(r"[。;]", line) and line == text[start:end].strip()
            and "。" not in text[:line_start])


def starts_list_item(line: str) -> bool:
    """Whether a line starts a list item or a heading: ``一、`` ``(一)`` ``1.`` ``第三条`` ``—``."""
    return bool(_ITEM_START_RE.match(line.strip()))


def display_width(line: str) -> int:
    """Columns a line takes in a fixed-width layout: wide and full-width characters 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def soft_line_breaks(original: str, chars: list[str], offsets: list[int]) -> list[int]:
    """Indices in ``chars`` of the line breaks a hard-wrapped copy (text copied out of a PDF,
    every line cut at the page width) put inside paragraphs; ``[]`` for a text that is not
    hard-wrapped.

    The text is hard-wrapped when at least three lines end within 4 columns of one width W (the
    page width, at least 30 columns) and hardly any line (one in ten, none twice as wide: a
    paragraph on one line means the text is not wrapped) is wider. A break is
    soft when the next line does not start a list item, a note or a 责任单位 label, and its line
    is nearly that wide (justified lines with spaces and half-width digits vary: within a fifth
    of W) without ending a sentence, or exactly that wide (within 2 columns) ending one: a
    paragraph rarely ends right at the page edge. Lines of one width that all end sentences
    (list items of one pattern) are a list: at least a third of the full lines must be cut
    inside a sentence.
    """
    lines = original.split("\n")
    widths = [display_width(ln.strip()) for ln in lines]
    long = [w for w in widths if w >= 30]
    if len(long) < 3:
        return []
    wider_allowed = max(1, len(long) // 10)          # a URL, a table row
    pages = [w for w in set(long) if sum(1 for x in long if w - 4 <= x <= w) >= 3
             and sum(1 for x in long if x > w + 2) <= wider_allowed and max(long) <= 2 * w]
    if not pages:
        return []
    page = max(pages)
    cut, at_edge, pos = set(), set(), 0
    for ln, w, nxt in zip(lines, widths, lines[1:]):
        pos += len(ln)            # pos: offset of this line's "\n" in the original
        end = _GLOSS_END_RE.sub(lambda m: m.group(0)[0], ln.strip())     # …分(fēn)
        nxt = _GLOSS_START_RE.sub("", nxt.strip())           # (dǎo)金融機構: a gloss, no note
        if nxt and not _ITEM_START_RE.match(nxt) and not _NOTE_START_RE.match(nxt):
            if page - max(4, page // 5) <= w <= page + 2 and not _LINE_END_RE.search(end):
                cut.add(pos)      # a line cut inside a sentence
            elif page - 2 <= w <= page + 2 and _SENTENCE_END_RE.search(end):
                at_edge.add(pos)  # a full line ending a sentence: the page edge, not the paragraph's
        pos += 1
    full = sum(1 for w in widths if page - 2 <= w <= page + 2)
    if len(cut) < max(1, full // 3):
        return []                 # lines of one width that end sentences: a list, not a page
    breaks = cut | at_edge
    return [i for i, (c, o) in enumerate(zip(chars, offsets)) if c == "\n" and o in breaks]


def _cyrillic(ch: str) -> bool:
    return bool(ch) and "\u0400" <= ch <= "\u04ff"


# ----------------------------------------------------------------------------- sentences
def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences/clauses of the view: split at 。 ; ! and newlines, and before an
    article number after a space, a comma or a chapter title (a rule captured as one run-on line:
    ``…原则,,第七条X负责…``, ``第二章组织管理第七条X负责…``)."""
    out = []
    start = 0
    for m in re.finditer(r"[。;!\n]|(?<=[ ,])(?=第[一二三四五六七八九十百零]{1,4}[条章])|"
                         r"第[一二三四五六七八九十]{1,3}章[\u4e00-\u9fff]{2,8}?(?=第[一二三四五六七八九十百零]{1,4}条)", text):
        end = m.end() if m.group() != "\n" else m.start()
        out.append((start, end))
        start = m.end()
    out.append((start, len(text)))
    spans = []
    for s, e in out:
        while s < e and text[s] in "—-·•*":
            s += 1
        if e - s >= 2:
            spans.append((s, e))
    return spans
