"""Turtle text writer of the synthetic corpus (no rdflib): prefixes, literals, subject blocks."""
from __future__ import annotations

_PREFIXES = """@base <https://w3id.org/kgtool/id/> .
@prefix kgt: <https://w3id.org/kgtool/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def turtle_literal(text: str, lang: str | None = None) -> str:
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"@{lang}' if lang else f'"{text}"'


def turtle_decimal(value) -> str:
    return f'"{value}"^^xsd:decimal'


class TurtleWriter:
    """Turtle text for subject blocks, counting triples."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.triples = 0

    def block(self, subject: str, pairs: list[tuple[str, object]]) -> None:
        lines = []
        for pred, obj in pairs:
            if isinstance(obj, tuple):  # (text, triple count) for nested blank nodes
                obj, n = obj
                self.triples += n
            elif isinstance(obj, list):
                self.triples += len(obj)
                obj = " , ".join(obj)
            else:
                self.triples += 1
            lines.append(f"    {pred} {obj}")
        self.parts.append(f"{subject}\n" + " ;\n".join(lines) + " .\n\n")

    def text(self, header: str) -> str:
        return _PREFIXES + header + "\n" + "".join(self.parts)
