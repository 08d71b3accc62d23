"""Input guards and error positions for :mod:`kgtool.rdf.parse`.

Refuses dangerous or over-limit input before or while it is parsed: nesting depth and
RDF 1.2 triple terms (pre-scan), RDF/XML DOCTYPE/ENTITY declarations, JSON-LD contexts not
listed as allowed (inlined from their local copy otherwise), lone surrogates in JSON, and
over-long literals. Also turns positions and pyoxigraph syntax errors into one-line
:class:`kgtool.errors.InputError` messages naming file:line:column.
"""
from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from kgtool.errors import InputError


@dataclass(frozen=True)
class ParseLimits:
    """Resource bounds applied to every parsed input."""

    max_bytes: int = 50_000_000
    max_literal_chars: int = 1_000_000
    max_nesting: int = 100


TEXT_FORMATS = frozenset({"turtle", "nt", "nquads", "trig"})


# --------------------------------------------------------------------------- positions

def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def fail_at(reason: str, source: str, text: str | None = None, offset: int | None = None,
          line: int | None = None, column: int | None = None) -> InputError:
    if text is not None and offset is not None:
        line, column = _line_col(text, offset)
    return InputError(" ".join(str(reason).split()), path=source, line=line, column=column)


# --------------------------------------------------------------------------- pre-scans

_TTL_TOKEN = re.compile(r'''
    "{3}(?:[^"\\]|\\.|"(?!""))*"{3} | '{3}(?:[^'\\]|\\.|'(?!''))*'{3}
  | "(?:[^"\\\r\n]|\\.)*" | '(?:[^'\\\r\n]|\\.)*'
  | <(?:[^<>"{}|^`\\\x00-\x20]|\\.)*>
  | \#[^\r\n]* | \\. | (?P<tt><<) | (?P<open>[\[({]) | (?P<close>[\])}])
''', re.VERBOSE | re.DOTALL)
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|(?P<open>[\[{])|(?P<close>[\]}])', re.DOTALL)
_XML_TOKEN = re.compile(r'''<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>
  | (?P<close></[^>]*>)
  | (?P<open><[A-Za-z_:][^\s/>]*(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(?P<empty>/?)>)''',
                        re.VERBOSE | re.DOTALL)
_MARKERS = ("[", "(", "{", "<")


def check_nesting(text: str, fmt: str, limits: ParseLimits, source: str) -> None:
    """Refuse nesting deeper than ``limits.max_nesting`` (and RDF 1.2 triple terms)."""
    if fmt in TEXT_FORMATS:
        scanner = _TTL_TOKEN
        if "<<" not in text and sum(text.count(c) for c in "[({") <= limits.max_nesting:
            return  # cannot be too deep: skip the scan
    elif fmt == "json-ld":
        scanner = _JSON_TOKEN
        if text.count("[") + text.count("{") <= limits.max_nesting:
            return
    else:
        scanner = _XML_TOKEN
        if text.count("<") <= limits.max_nesting:
            return
    depth = 0
    for match in scanner.finditer(text):
        if match.lastgroup == "open" and not match.groupdict().get("empty"):
            depth += 1
            if depth > limits.max_nesting:
                raise fail_at(f"nesting deeper than {limits.max_nesting} levels", source, text,
                            match.start())
        elif match.lastgroup == "close" or match.groupdict().get("empty"):
            depth = max(0, depth - (match.lastgroup == "close"))
        elif match.lastgroup == "tt":
            raise fail_at("RDF 1.2 triple terms (<< >>) are not supported", source, text,
                        match.start())


_DOCTYPE = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def check_xml(text: str, source: str) -> None:
    found = _DOCTYPE.search(text)
    if found:
        raise fail_at(f"RDF/XML with a <!{found.group(1).upper()} declaration is refused "
                    "(entity expansion and external entities)", source, text, found.start())


# --------------------------------------------------------------------------- JSON-LD contexts

def _load_context(ref: str, allowed: Collection[str], source: str, text: str):
    """Return the local copy of an allowed context reference."""
    local = allowed[ref] if isinstance(allowed, Mapping) else None
    if isinstance(local, (dict, list)):
        return local
    if local is None:
        if "://" in ref:
            raise fail_at(f"JSON-LD context <{ref}> is allowed but no local copy was given "
                        "(pass allowed_contexts={iri: local_path})", source, text,
                        find_offset(text, json.dumps(ref)))
        local = ref
    local_path = Path(local)
    if not local_path.is_absolute() and source not in ("<input>",):
        local_path = Path(source).parent / local_path
    try:
        doc = json.loads(local_path.read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError) as err:
        raise InputError(f"cannot read JSON-LD context {ref}: {err}", path=source) from None
    return doc.get("@context", doc) if isinstance(doc, dict) else doc


def find_offset(text: str, needle: str) -> int | None:
    pos = text.find(needle)
    return pos if pos >= 0 else None


def inline_contexts(node, allowed: Collection[str], source: str, text: str,
                     in_context: bool = False, depth: int = 0):
    """Replace allowed string contexts/imports by their local copy; refuse the others.

    Walks the whole document: top-level, embedded and scoped ``@context`` values, and
    ``@import`` inside context objects.
    """
    if depth > 8:
        raise InputError("JSON-LD contexts nested more than 8 levels", path=source)

    def context(value):
        if isinstance(value, list):
            return [context(item) for item in value]
        if isinstance(value, str):
            if value not in allowed:
                raise fail_at(f"JSON-LD context <{value}> refused: remote or file contexts must "
                            "be listed in allowed_contexts", source, text,
                            find_offset(text, json.dumps(value)))
            loaded = _load_context(value, allowed, source, text)
            return inline_contexts(loaded, allowed, source, text, True, depth + 1)
        return inline_contexts(value, allowed, source, text, True, depth)

    if isinstance(node, list):
        return [inline_contexts(item, allowed, source, text, in_context, depth)
                for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: context(value) if key == "@context"
           else inline_contexts(value, allowed, source, text, in_context, depth)
           for key, value in node.items()}
    if in_context and "@import" in out:
        imported = context(out.pop("@import"))
        if not isinstance(imported, dict):
            raise InputError("JSON-LD @import must name a context object", path=source)
        out = {**imported, **out}
    return out


# --------------------------------------------------------------------------- literals

def long_string_offset(text: str, limit: int) -> int | None:
    for match in _TTL_TOKEN.finditer(text):
        if match.group(0)[:1] in "\"'" and len(match.group(0)) > limit:
            return match.start()
    return None


def may_hold_long_literal(text: str, limit: int) -> bool:
    """Whether ``text`` may hold a literal over ``limit`` characters: without long-string
    quotes a literal ends on its line, so the longest line bounds it."""
    if len(text) <= limit:
        return False
    if '"""' in text or "'''" in text:
        return True
    return max(map(len, text.split("\n"))) > limit


_SURROGATE = re.compile("[\ud800-\udfff]")
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def has_surrogate(node) -> bool:
    if isinstance(node, str):
        return _SURROGATE.search(node) is not None
    if isinstance(node, dict):
        return any(has_surrogate(k) or has_surrogate(v) for k, v in node.items())
    if isinstance(node, list):
        return any(has_surrogate(item) for item in node)
    return False


# --------------------------------------------------------------------------- syntax errors

_POSITION = re.compile(r"^Parser error (?:at|between) line \d+ .*?: ", re.DOTALL)
_IRI_IN_MSG = re.compile(r"error while parsing IRI '(.*?)': No scheme found", re.DOTALL)


def syntax_error(err: SyntaxError, source: str, text: str, fmt: str) -> InputError:
    message = str(err.msg if err.msg else err)
    reason = _POSITION.sub("", message)
    if fmt in TEXT_FORMATS and reason in ("Unexpected end", "Unexpected end of file"):
        reason = "unexpected end of file (unclosed string, IRI or bracket, or missing final '.')"
    line, column = err.lineno, err.offset
    if "No scheme found in an absolute IRI" in message:
        iri = None
        found = _IRI_IN_MSG.search(message)
        if found:
            iri = found.group(1)
        elif line and column and err.end_lineno == line and err.end_offset:
            lines = text.split("\n", line)
            if len(lines) >= line:
                iri = lines[line - 1][column - 1:err.end_offset - 1].strip("<>")
        if found and not line:
            offset = find_offset(text, f'"{iri}"')
            if offset is not None:
                line, column = _line_col(text, offset + 1)
        reason = f"relative IRI <{iri}> with no base (give a base IRI or use absolute IRIs)"
    return InputError(" ".join(reason.split()), path=source, line=line or None,
                      column=column or None)
