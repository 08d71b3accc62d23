"""Namespaces used across kgtool (see docs/MODEL.md).

``KGT`` (the ontology's vocabulary) is strict: it is generated from ``ontology/*.ttl`` into
:mod:`kgtool.rdf.namespaces_kgt` by ``scripts/gen_namespaces.py``, and a term the ontology does
not declare raises AttributeError. ``KG`` and ``KGG`` name instances and graphs, so they stay
open namespaces."""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, ORG

from kgtool.rdf.namespaces_kgt import KGT

KG = Namespace("https://w3id.org/kgtool/id/")
KGG = Namespace("https://w3id.org/kgtool/graph/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, Namespace | type[KGT]] = {
    "kgt": KGT, "kg": KG, "kgg": KGG, "eli": ELI, "schema": SCHEMA,
    "dct": DCTERMS, "owl": OWL, "prov": PROV, "rdf": RDF, "rdfs": RDFS,
    "skos": SKOS, "time": TIME, "xsd": XSD, "org": ORG, "sh": SH,
}

# Named graphs
GRAPH_ONTOLOGY = KGG["ontology"]
GRAPH_SHAPES = KGG["shapes"]
GRAPH_REFERENCE = KGG["reference"]
GRAPH_INFERRED = KGG["inferred"]
GRAPH_RULES = KGG["rules"]


def document_graph(prefix: str):
    """Named graph of one source document, ``kgg:doc-NNN``."""
    return KGG[f"doc-{prefix}"]


def bind_prefixes(graph) -> None:
    """Bind the project prefixes on an rdflib Graph or Dataset."""
    for name, ns in PREFIXES.items():
        graph.bind(name, ns, override=True)
