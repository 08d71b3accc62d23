"""Strict, contained RDF loading: the one entry point every kgtool command reads data through.

Implements the W3C RDF 1.1 concrete syntaxes Turtle, N-Triples, N-Quads and TriG, plus
RDF/XML and JSON-LD, by parsing with pyoxigraph (a conformant parser; every negative
syntax test of the W3C Turtle and N-Triples suites is refused) and copying the quads into an
:class:`rdflib.Dataset`. Guarantees:

* every failure is a :class:`kgtool.errors.InputError` carrying ``path``, ``line`` and
  ``column`` (1-based, in characters) when a position is known, and a one-line reason;
* literals keep their lexical form (``"２０１５"^^xsd:integer`` stays as written);
  ``xsd:string`` literals become plain rdflib literals; blank nodes are fresh per file;
* relative IRIs are never resolved against the working directory: with no ``base_iri`` they
  are refused (JSON-LD drops them, as its algorithm requires);
* input must be UTF-8 (a BOM is stripped); size, literal length and nesting depth are
  bounded by :class:`ParseLimits`; RDF/XML with a DOCTYPE or ENTITY declaration is refused;
  JSON-LD contexts given by URL or file name are refused unless allowed, and nothing is
  ever fetched: parsing runs inside :func:`kgtool.rdf.network_guard.no_network`.

RDF 1.2 triple terms and directional language strings are refused (rdflib cannot hold them).
"""
from __future__ import annotations

import json
import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kgtool.bilingual import Bilingual
from kgtool.errors import InputError, KgtoolError
from kgtool.rdf.network_guard import no_network

from kgtool.rdf.parse_convert import to_dataset, to_quads
from kgtool.rdf.parse_guards import (ParseLimits, SURROGATE_ESCAPE, TEXT_FORMATS, check_nesting, check_xml, fail_at,
                           has_surrogate, inline_contexts, may_hold_long_literal,
                           syntax_error)

__all__ = ["FORMAT_BY_SUFFIX", "ParseLimits", "parse_file", "parse_bytes", "parse_files",
           "load_file_into"]

FORMAT_BY_SUFFIX = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig",
                    ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".owl": "xml",
                    ".xml": "xml"}

_OX_FORMAT = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
              "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
              "json-ld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
_ALIASES = {"ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "nq": "nquads",
            "n-quads": "nquads", "jsonld": "json-ld", "rdf/xml": "xml", "rdfxml": "xml",
            "application/rdf+xml": "xml", "text/turtle": "turtle",
            "application/n-triples": "nt", "application/n-quads": "nquads",
            "application/trig": "trig", "application/ld+json": "json-ld"}




# --------------------------------------------------------------------------- encoding

def _decode(data: bytes, source: str) -> tuple[bytes, str]:
    """Strip a UTF-8 BOM and decode strictly; returns (bytes without BOM, text)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as err:
        start = data.rfind(b"\n", 0, err.start) + 1
        line = data.count(b"\n", 0, err.start) + 1
        column = len(data[start:err.start].decode("utf-8", "replace")) + 1
        try:
            data.decode("gb18030")
            reason = Bilingual("not UTF-8 (looks like GB18030); convert the file to UTF-8",
                               "不是 UTF-8 编码（像是 GB18030）；请把文件转换为 UTF-8")
        except UnicodeDecodeError:
            byte = f"0x{data[err.start]:02X}"
            reason = Bilingual(f"not UTF-8 (invalid byte {byte} at byte offset {err.start})",
                               f"不是 UTF-8 编码（第 {err.start} 字节处有无效字节 {byte}）")
        raise InputError(reason, path=source, line=line, column=column) from None


# --------------------------------------------------------------------------- public API

def _normalise_format(fmt: str, source: str) -> str:
    key = fmt.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in _OX_FORMAT:
        known = ", ".join(sorted(_OX_FORMAT))
        raise InputError(Bilingual(f"unknown RDF format {fmt!r} (known: {known})",
                                   f"未知的 RDF 格式 {fmt!r}（已知：{known}）"), path=source)
    return key


def parse_bytes(data: bytes, *, format: str, source: str = "<input>",
                base_iri: str | None = None, limits: ParseLimits = ParseLimits(),
                allowed_contexts: Collection[str] = (), as_quads: bool = False) -> rdflib.Dataset:
    """Parse RDF from bytes into a new dataset, strictly and without network access.

    :param data: the serialised RDF (UTF-8, optional BOM).
    :param format: one of ``turtle``, ``nt``, ``nquads``, ``trig``, ``json-ld``, ``xml``
        (common aliases and media types are accepted).
    :param source: name used in error messages.
    :param base_iri: base for relative IRIs; ``None`` refuses relative IRIs.
    :param limits: size, literal and nesting bounds.
    :param allowed_contexts: JSON-LD context references that may be used; a
        :class:`~collections.abc.Mapping` maps each to a local file or a context object,
        other entries must be local file names (relative to ``source``'s directory).
    :param as_quads: return a list of ``pyoxigraph.Quad`` instead (same checks; blank nodes
        renamed to fresh ids; literals exactly as parsed), for the Oxigraph-native build.
    :returns: an :class:`rdflib.Dataset`; triples go to its default graph.
    :raises kgtool.errors.InputError: on any syntax, encoding, limit or policy violation.

    >>> ds = parse_bytes(b'<http://ex/s> <http://ex/p> "2015"^^<http://www.w3.org/2001/XMLSchema#integer> .',
    ...                  format="turtle")
    >>> [str(o) for o in ds.objects()]
    ['2015']
    """
    fmt = _normalise_format(format, source)
    if len(data) > limits.max_bytes:
        raise InputError(Bilingual(f"input is {len(data)} bytes, more than the limit of "
                                   f"{limits.max_bytes}",
                                   f"输入有 {len(data)} 字节，超过 {limits.max_bytes} 字节的上限"),
                         path=source)
    data, text = _decode(data, source)
    try:
        return _parse_text(data, text, fmt, source, base_iri, limits, allowed_contexts,
                           as_quads)
    except SyntaxError as err:
        raise syntax_error(err, source, text, fmt) from None
    except InputError:
        raise
    except KgtoolError as err:  # e.g. SecurityError from the network guard
        raise InputError(" ".join(str(err).split()), path=source) from None
    except (ValueError, TypeError, OSError, RecursionError, MemoryError) as err:
        # safety net: the contract is "InputError or a dataset", never another type
        raise InputError(f"cannot parse: {' '.join(str(err).split())}", path=source) from None


def _parse_text(data: bytes, text: str, fmt: str, source: str, base_iri: str | None,
                limits: ParseLimits, allowed_contexts: Collection[str],
                as_quads: bool = False) -> rdflib.Dataset:
    check_nesting(text, fmt, limits, source)
    if fmt == "xml":
        check_xml(text, source)
    if fmt == "json-ld":
        try:
            document = json.loads(text)
        except ValueError as err:
            raise InputError(f"invalid JSON: {getattr(err, 'msg', err)}", path=source,
                             line=getattr(err, "lineno", None),
                             column=getattr(err, "colno", None)) from None
        if has_surrogate(document):
            raise fail_at("lone surrogate escape (\\uD800-\\uDFFF) in a JSON string", source,
                        text, getattr(SURROGATE_ESCAPE.search(text), "start", lambda: None)())
        inlined = inline_contexts(document, allowed_contexts, source, text)
        if inlined != document:
            data = json.dumps(inlined, ensure_ascii=False).encode("utf-8")
    with no_network():
        quads = ox.parse(data, _OX_FORMAT[fmt],
                         base_iri=None if fmt in ("nt", "nquads") else base_iri,
                         without_named_graphs=fmt not in ("nquads", "trig", "json-ld"),
                         rename_blank_nodes=as_quads)
        return (to_quads if as_quads else to_dataset)(quads, limits, source, text)


def parse_file(path: str | os.PathLike, *, format: str | None = None,
               base_iri: str | None = None, limits: ParseLimits = ParseLimits(),
               allowed_contexts: Collection[str] = (), as_quads: bool = False) -> rdflib.Dataset:
    """Parse an RDF file strictly (see the module docstring for the guarantees).

    :param path: the file; its suffix gives the format unless ``format`` is given
        (see :data:`FORMAT_BY_SUFFIX`).
    :param format: explicit format name, as for :func:`parse_bytes`.
    :param base_iri: base for relative IRIs; ``None`` (default) refuses relative IRIs —
        they are never resolved against the working directory.
    :param limits: size, literal and nesting bounds; oversize files are refused before
        being read.
    :param allowed_contexts: JSON-LD context references that may be used.
    :param as_quads: return a list of ``pyoxigraph.Quad`` (see :func:`parse_bytes`).
    :returns: an :class:`rdflib.Dataset`.
    :raises kgtool.errors.InputError: if the file is missing, unreadable, too big or invalid.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.nt"
    >>> _ = p.write_text('<http://ex/s> <http://ex/p> "x" .\\n')
    >>> len(parse_file(p))
    1
    """
    source = str(path)
    data = _read_file(path, format, limits)
    return parse_bytes(data, format=format or FORMAT_BY_SUFFIX[Path(source).suffix.lower()],
                       source=source, base_iri=base_iri, limits=limits,
                       allowed_contexts=allowed_contexts, as_quads=as_quads)


def _read_file(path: str | os.PathLike, format: str | None, limits: ParseLimits) -> bytes:
    """The bytes of ``path`` (size-limited), after checking its format is known."""
    source = str(path)
    if format is None:
        format = FORMAT_BY_SUFFIX.get(Path(source).suffix.lower())
        if format is None:
            suffix = Path(source).suffix
            raise InputError(Bilingual(f"cannot tell the RDF format from the suffix {suffix!r}; "
                                       "give the format explicitly",
                                       f"无法从后缀 {suffix!r} 判断 RDF 格式；请明确给出格式"),
                             path=source)
    _normalise_format(format, source)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limits.max_bytes:
                raise InputError(Bilingual(f"file is {size} bytes, more than the limit of "
                                           f"{limits.max_bytes}",
                                           f"文件有 {size} 字节，超过 {limits.max_bytes} 字节的上限"),
                                 path=source)
            data = handle.read(min(size, limits.max_bytes) + 1)
    except OSError as err:
        why = err.strerror or err  # the system's own words
        raise InputError(Bilingual(f"cannot read file: {why}", f"无法读取文件：{why}"),
                         path=source) from None
    if len(data) > limits.max_bytes:
        raise InputError(Bilingual(f"file is more than the limit of {limits.max_bytes} bytes",
                                   f"文件超过 {limits.max_bytes} 字节的上限"), path=source)
    return data


def load_file_into(store: ox.Store, path: str | os.PathLike, graph: ox.NamedNode, *,
                   format: str | None = None, base_iri: str | None = None,
                   limits: ParseLimits = ParseLimits()) -> None:
    """Parse a file strictly straight into a pyoxigraph store (the Oxigraph-native build).

    The same guarantees as :func:`parse_file` (the file's triples go to ``graph``; quads of a
    TriG/N-Quads file keep their graph; blank nodes are fresh), but Turtle, N-Triples, N-Quads
    and TriG are parsed and stored by Oxigraph without a Python object per triple. Unlike
    :func:`parse_file`, literals are stored as Oxigraph stores them: valid numeric, boolean and
    date literals in canonical form (``"804.0"^^xsd:decimal`` → ``"804"``, equal in value).
    Files that need a Python-side check (JSON-LD, RDF/XML, possibly over-long literals,
    directional language strings) go through :func:`parse_bytes`.

    :raises kgtool.errors.InputError: as :func:`parse_file`; on failure the store may hold
        part of the file and should be discarded.
    """
    source = str(path)
    data = _read_file(path, format, limits)  # refuses an unknown format first
    fmt = _normalise_format(format or FORMAT_BY_SUFFIX[Path(source).suffix.lower()], source)
    raw, text = _decode(data, source)
    if (fmt not in TEXT_FORMATS or may_hold_long_literal(text, limits.max_literal_chars)
            or "--ltr" in text or "--rtl" in text):
        quads = parse_bytes(data, format=fmt, source=source, base_iri=base_iri, limits=limits,
                            as_quads=True)
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object,
                                  graph if isinstance(q.graph_name, ox.DefaultGraph)
                                  else q.graph_name) for q in quads)
        return
    try:
        check_nesting(text, fmt, limits, source)
        with no_network():
            store.load(raw, _OX_FORMAT[fmt], base_iri=None if fmt in ("nt", "nquads") else base_iri,
                       to_graph=graph)
    except SyntaxError as err:
        raise syntax_error(err, source, text, fmt) from None
    except InputError:
        raise
    except KgtoolError as err:
        raise InputError(" ".join(str(err).split()), path=source) from None
    except (ValueError, TypeError, OSError, RecursionError, MemoryError) as err:
        raise InputError(f"cannot parse: {' '.join(str(err).split())}", path=source) from None


def parse_files(paths: Iterable[str | os.PathLike], **kw) -> list[rdflib.Dataset]:
    """Parse several files, all or nothing.

    :param paths: the files.
    :param kw: keyword options passed to :func:`parse_file` for every file.
    :returns: one dataset per file, in order — only if every file parsed.
    :raises kgtool.errors.InputError: for the first file that fails; nothing is returned.

    >>> parse_files([])
    []
    """
    return [parse_file(path, **kw) for path in paths]
