"""Conversion of parsed pyoxigraph quads for :mod:`kgtool.rdf.parse`.

:func:`to_dataset` copies them into an :class:`rdflib.Dataset` (literals keep their lexical
form, ``xsd:string`` literals become plain, blank nodes fresh per file) and
:func:`to_quads` keeps them as a list for the Oxigraph-native build; both refuse over-long
literals and RDF 1.2 terms. Importing this module installs :data:`_LITERAL_FILTER` on the
``rdflib.term`` logger (it only acts while a conversion runs).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from kgtool.rdf.parse_guards import ParseLimits, fail_at, find_offset, long_string_offset


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


# --------------------------------------------------------------------------- conversion

class _DropLiteralWarnings(logging.Filter):
    """Silence rdflib's 'Failed to convert Literal' traceback while we build literals.

    Ill-typed literals such as ``"abc"^^xsd:integer`` are legal RDF and kept as written.
    """

    active = threading.local()

    def filter(self, record: logging.LogRecord) -> bool:
        return not (getattr(self.active, "on", False)
                    and record.getMessage().startswith("Failed to convert Literal"))


_LITERAL_FILTER = _DropLiteralWarnings()
logging.getLogger("rdflib.term").addFilter(_LITERAL_FILTER)


def to_dataset(quads: Iterable, limits: ParseLimits, source: str, text: str) -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    bnodes: dict[str, rdflib.BNode] = {}
    iris: dict[str, rdflib.URIRef] = {}  # IRIs repeat a lot: build each rdflib term once
    graphs: dict[object, rdflib.Graph] = {}
    default = dataset.default_graph
    max_chars = limits.max_literal_chars
    named_node, blank_node, literal = ox.NamedNode, ox.BlankNode, ox.Literal

    def term(value) -> Node:
        kind = type(value)
        if kind is named_node:
            iri = value.value
            node = iris.get(iri)
            if node is None:
                node = iris[iri] = rdflib.URIRef(iri)
            return node
        if kind is literal:
            lexical = value.value
            if len(lexical) > max_chars:
                raise fail_at(f"literal longer than {max_chars} characters", source, text,
                            long_string_offset(text, max_chars))
            if value.language:
                if getattr(value, "direction", None):
                    raise fail_at("RDF 1.2 directional language strings are not supported",
                                source, text, find_offset(text, "--" + str(value.direction)))
                return rdflib.Literal(lexical, lang=value.language, normalize=False)
            datatype = value.datatype.value
            if datatype == _XSD_STRING:
                return rdflib.Literal(lexical, normalize=False)
            return rdflib.Literal(lexical, datatype=term(value.datatype), normalize=False)
        if kind is blank_node:
            node = bnodes.get(value.value)
            if node is None:
                node = bnodes[value.value] = rdflib.BNode()
            return node
        raise fail_at("RDF 1.2 triple terms are not supported", source, text, find_offset(text, "<<"))

    def context(name) -> rdflib.Graph:
        if isinstance(name, ox.DefaultGraph):
            return default
        graph = graphs.get(name)
        if graph is None:
            graph = graphs[name] = dataset.graph(term(name))
        return graph

    _LITERAL_FILTER.active.on = True
    try:
        # store.addN: Dataset.addN would build a Graph wrapper per quad
        dataset.store.addN((term(q.subject), term(q.predicate), term(q.object),
                            context(q.graph_name)) for q in quads)
    finally:
        _LITERAL_FILTER.active.on = False
    return dataset


def to_quads(quads: Iterable, limits: ParseLimits, source: str, text: str) -> list:
    """The parsed pyoxigraph quads as a list, with the checks :func:`to_dataset` makes
    (literal length, RDF 1.2 terms refused); blank nodes were renamed by the parser."""
    out = []
    max_chars = limits.max_literal_chars
    literal, named_node, blank_node = ox.Literal, ox.NamedNode, ox.BlankNode
    for q in quads:
        obj = q.object
        kind = type(obj)
        if kind is literal:
            if len(obj.value) > max_chars:
                raise fail_at(f"literal longer than {max_chars} characters", source, text,
                            long_string_offset(text, max_chars))
            if obj.language and getattr(obj, "direction", None):
                raise fail_at("RDF 1.2 directional language strings are not supported",
                            source, text, find_offset(text, "--" + str(obj.direction)))
        elif kind is not named_node and kind is not blank_node:
            raise fail_at("RDF 1.2 triple terms are not supported", source, text, find_offset(text, "<<"))
        if type(q.subject) is not named_node and type(q.subject) is not blank_node:
            raise fail_at("RDF 1.2 triple terms are not supported", source, text, find_offset(text, "<<"))
        out.append(q)
    return out
