"""W3C RDF 1.1 Turtle and N-Triples test suites run through kgtool.rdf.parse.

Source: /work/shared/w3c-rdf-tests/rdf/rdf11/{rdf-turtle,rdf-n-triples}/manifest.ttl.
Each test's base IRI is its action IRI (the manifest's mf:assumedTestBase + file name).
Expected eval results are read with rdflib's own N-Triples parser (an independent reader).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
XSD_STRING = rdflib.URIRef("http://www.w3.org/2001/XMLSchema#string")
RDF_TYPE = rdflib.RDF.type

from kgtool.errors import InputError
from kgtool.rdf.parse import parse_file

SUITES = Path("/work/shared/w3c-rdf-tests/rdf/rdf11")
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
RDFT = rdflib.Namespace("http://www.w3.org/ns/rdftest#")

pytestmark = pytest.mark.skipif(not SUITES.is_dir(), reason="W3C rdf-tests not available")


def _manifest_tests(suite: str) -> list[tuple[str, str, str, Path, Path | None]]:
    folder = SUITES / suite
    manifest = folder / "manifest.ttl"
    if not manifest.is_file():
        return []
    graph = rdflib.Graph().parse(manifest, format="turtle")
    declared = next(graph.objects(None, MF.assumedTestBase), None)
    test_base = str(declared) if declared else f"https://w3c.github.io/rdf-tests/rdf/rdf11/{suite}/"
    graph = rdflib.Graph().parse(manifest, format="turtle", publicID=test_base + "manifest.ttl")
    entries = next(graph.objects(None, MF.entries))
    tests = []
    for test in rdflib.collection.Collection(graph, entries):
        kind = str(graph.value(test, RDF_TYPE)).rsplit("#", 1)[1]
        action = str(graph.value(test, MF.action))
        result = graph.value(test, MF.result)
        local = folder / action[len(test_base):]
        expected = folder / str(result)[len(test_base):] if result is not None else None
        tests.append((str(test).rsplit("#", 1)[1], kind, action, local, expected))
    return tests


TESTS = _manifest_tests("rdf-turtle") + _manifest_tests("rdf-n-triples")
FORMAT = {".ttl": "turtle", ".nt": "nt"}


def _plain_strings(graph: rdflib.Graph) -> rdflib.Graph:
    """Put equal RDF terms in one spelling before the isomorphism test.

    ``"x"^^xsd:string`` and ``"x"`` are the same RDF term (kgtool keeps the plain form), and
    language tags compare case-insensitively (RDF 1.1 §3.3; pyoxigraph writes them in lower
    case, rdflib's isomorphism hashes them case-sensitively).
    """
    out = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, rdflib.Literal) and o.datatype == XSD_STRING:
            o = rdflib.Literal(str(o))
        elif isinstance(o, rdflib.Literal) and o.language:
            o = rdflib.Literal(str(o), lang=o.language.lower())
        out.add((s, p, o))
    return out


def _read_expected(path: Path) -> rdflib.Graph:
    """rdflib's N-Triples reader with literal normalisation off (keep lexical forms)."""
    saved, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        return rdflib.Graph().parse(path, format="nt")
    finally:
        rdflib.NORMALIZE_LITERALS = saved


@pytest.mark.parametrize("name,kind,action,local,expected", TESTS, ids=[t[0] for t in TESTS])
def test_w3c(name, kind, action, local, expected):
    fmt = FORMAT[local.suffix]
    if "Negative" in kind:
        with pytest.raises(InputError) as info:
            parse_file(local, format=fmt, base_iri=action)
        assert info.value.path == str(local)
        return
    dataset = parse_file(local, format=fmt, base_iri=action)
    if kind.endswith("Eval"):
        got = _plain_strings(dataset.default_graph)
        want = _plain_strings(_read_expected(expected))
        assert isomorphic(got, want), f"{name}: not isomorphic to {expected.name}"


def test_suite_counts():
    """Every test of both manifests is collected; report the counts per kind."""
    counts = Counter(kind for _, kind, *_ in TESTS)
    assert counts["TestTurtleNegativeSyntax"] == 94
    assert counts["TestNTriplesNegativeSyntax"] == 29
    assert counts["TestTurtleEval"] == 145
    assert counts["TestTurtlePositiveSyntax"] == 74
    assert counts["TestNTriplesPositiveSyntax"] == 41
    assert sum(counts.values()) == 383
