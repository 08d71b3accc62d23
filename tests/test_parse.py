"""kgtool.rdf.parse: strict, contained loading of RDF files (inputs in tests/inputs/)."""
from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

from kgtool.errors import InputError, SecurityError
from kgtool.rdf.network_guard import network_blocked, no_network
from kgtool.rdf.parse import ParseLimits, parse_bytes, parse_file, parse_files

INPUTS = Path(__file__).parent / "inputs"
XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "http://example.org/"


def refused(path: Path, **kw) -> InputError:
    with pytest.raises(InputError) as info:
        parse_file(path, **kw)
    return info.value


@pytest.mark.parametrize("name,line,column,words", [
    ("unclosed-literal.ttl", 2, 11, "unexpected end of file"),
    ("missing-final-dot.ttl", 3, 1, "missing final '.'"),
    ("iri-with-space.ttl", 2, 11, "Invalid IRI code point ' '"),
    ("lone-surrogate.ttl", 2, 16, "\\uD800"),
    ("literal-subject.ttl", 2, 1, "not a valid subject"),
    ("undefined-prefix.ttl", 2, 11, "prefix undefined: has not been declared"),
])
def test_syntax_errors_name_file_line_column(name, line, column, words):
    err = refused(INPUTS / name)
    assert f"{name}:{line}:{column}: " in str(err)
    assert (err.line, err.column) == (line, column)
    assert words in str(err)
    assert "\n" not in str(err)


def test_bom_accepted():
    dataset = parse_file(INPUTS / "bom.ttl")
    assert (rdflib.URIRef(EX + "s"), rdflib.URIRef(EX + "p"), rdflib.Literal("with BOM")) in dataset


def test_gb18030_refused_with_hint(tmp_path):
    path = tmp_path / "gbk.ttl"
    path.write_bytes(b'<http://example.org/s> <http://example.org/p> "' + "中文".encode("gb18030")
                     + b'" .\n')
    err = refused(path)
    assert "not UTF-8 (looks like GB18030)" in str(err)
    assert f"gbk.ttl:1:48: " in str(err)


def test_invalid_utf8_refused_with_position():
    with pytest.raises(InputError) as info:
        parse_bytes(b'# ok\n<http://example.org/s> <http://example.org/p> "\xff\xfe" .', format="nt",
                    source="x.nt")
    assert "not UTF-8" in str(info.value) and "x.nt:2:" in str(info.value)


def test_deep_nesting_refused_quickly(tmp_path):
    path = tmp_path / "deep.ttl"
    path.write_text("<http://example.org/s> <http://example.org/p> "
                    + "[ <http://example.org/p> " * 200 + "]" * 200 + " .\n")
    start = time.perf_counter()
    err = refused(path)
    assert time.perf_counter() - start < 1
    assert "nesting deeper than 100" in str(err)
    collection = "<http://example.org/s> <http://example.org/p> " + "(" * 200 + ")" * 200 + " ."
    with pytest.raises(InputError, match="nesting"):
        parse_bytes(collection.encode(), format="turtle")
    json_doc = '{"@id": "http://example.org/s", "http://example.org/p": ' + "[" * 200 + "]" * 200 + "}"
    with pytest.raises(InputError, match="nesting"):
        parse_bytes(json_doc.encode(), format="json-ld")


def test_nesting_within_limit_accepted():
    text = "<http://example.org/s> <http://example.org/p> " + "(" * 50 + ")" * 50 + " ."
    assert len(parse_bytes(text.encode(), format="turtle")) == 99  # 1 + 49 rdf:first/rest pairs


def test_oversize_literal_refused():
    data = b'<http://example.org/s> <http://example.org/p>\n "' + b"x" * 101 + b'" .'
    with pytest.raises(InputError, match="literal longer than 100") as info:
        parse_bytes(data, format="turtle", source="big.ttl",
                    limits=ParseLimits(max_literal_chars=100))
    assert "big.ttl:2:2:" in str(info.value)
    assert len(parse_bytes(data, format="turtle", limits=ParseLimits(max_literal_chars=101))) == 1


def test_oversize_file_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.nt"
    path.write_bytes(b'<http://example.org/s> <http://example.org/p> "x" .\n' * 100)
    err = refused(path, limits=ParseLimits(max_bytes=1000))
    assert "more than the limit of 1000" in str(err)
    with pytest.raises(InputError, match="limit"):
        parse_bytes(path.read_bytes(), format="nt", limits=ParseLimits(max_bytes=1000))


def test_entity_bomb_refused_instantly():
    start = time.perf_counter()
    err = refused(INPUTS / "entity-bomb.rdf")
    assert time.perf_counter() - start < 1
    assert "DOCTYPE" in str(err) and "entity-bomb.rdf:2:1:" in str(err)


def test_plain_rdfxml_parsed():
    data = (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            b'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/s">'
            b'<ex:p>x</ex:p></rdf:Description></rdf:RDF>')
    assert len(parse_bytes(data, format="xml")) == 1


@pytest.fixture
def no_sockets(monkeypatch):
    """Fail the test if anything tries to connect a socket or resolve a name."""
    def forbidden(*args, **kwargs):
        pytest.fail(f"network used: {args!r}")
    monkeypatch.setattr(socket.socket, "connect", forbidden)
    monkeypatch.setattr(socket, "getaddrinfo", forbidden)
    monkeypatch.setattr(socket, "create_connection", forbidden)


@pytest.mark.parametrize("name,line", [("remote-context.jsonld", 3),
                                       ("nested-remote-context.jsonld", 3)])
def test_jsonld_remote_context_refused_without_network(no_sockets, name, line):
    err = refused(INPUTS / name)
    assert "allowed_contexts" in str(err) and f"{name}:{line}:" in str(err)


def test_jsonld_allowed_context_from_local_copy(no_sockets, tmp_path):
    (tmp_path / "ctx.jsonld").write_text('{"@context": {"name": "http://example.org/name"}}')
    doc = tmp_path / "doc.jsonld"
    doc.write_text('{"@context": "https://example.org/ctx", "@id": "http://example.org/s", '
                   '"name": "x"}')
    with pytest.raises(InputError, match="refused"):
        parse_file(doc)
    dataset = parse_file(doc, allowed_contexts={"https://example.org/ctx": tmp_path / "ctx.jsonld"})
    assert (rdflib.URIRef(EX + "s"), rdflib.URIRef(EX + "name"), rdflib.Literal("x")) in dataset
    with pytest.raises(InputError, match="no local copy"):
        parse_file(doc, allowed_contexts=["https://example.org/ctx"])


def test_parse_runs_inside_no_network(monkeypatch):
    import pyoxigraph as ox
    import kgtool.rdf.parse as parse_module
    seen = []
    real = ox.parse
    monkeypatch.setattr(parse_module.ox, "parse", lambda *a, **k: seen.append(network_blocked()) or real(*a, **k))
    parse_bytes(b'<http://example.org/s> <http://example.org/p> "x" .', format="nt")
    assert seen == [True] and not network_blocked()


def test_guard_blocks_non_loopback_hosts():
    assert not network_blocked()
    with no_network():
        assert network_blocked()
        with pytest.raises(SecurityError):
            socket.getaddrinfo("example.org", 80)
        with pytest.raises(SecurityError):
            socket.create_connection(("192.0.2.1", 80), timeout=0.01)
        socket.getaddrinfo("localhost", 80)  # loopback stays allowed
    assert not network_blocked()


def test_relative_iri_not_resolved_against_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    err = refused(INPUTS / "relative-iri.ttl")
    assert "relative IRI <relative/o> with no base" in str(err)
    assert "relative-iri.ttl:1:47:" in str(err)
    dataset = parse_file(INPUTS / "relative-iri.ttl", base_iri="http://example.org/base/")
    objects = {str(o) for o in dataset.objects()}
    assert objects == {"http://example.org/base/relative/o"}
    assert not any(str(tmp_path) in str(term) or term.startswith("file:")
                   for triple in dataset for term in triple)


def test_lexical_forms_preserved():
    dataset = parse_file(INPUTS / "lexical-forms.ttl")
    got = {(str(o), str(o.datatype)) for o in dataset.objects()}
    assert got == {("abc", XSD + "integer"), ("２０１５", XSD + "integer"), ("1_000", XSD + "integer"),
                   ("NaN", XSD + "decimal"), ("2015-13-45", XSD + "date"),
                   ("804.0", XSD + "decimal"), ("01", XSD + "integer")}


def test_pyoxigraph_parser_keeps_lexical_forms():
    """The parser must not canonicalise (only Oxigraph's store does)."""
    import pyoxigraph as ox
    quads = ox.parse((INPUTS / "lexical-forms.ttl").read_bytes(), ox.RdfFormat.TURTLE)
    assert {q.object.value for q in quads} == {"abc", "２０１５", "1_000", "NaN", "2015-13-45",
                                                "804.0", "01"}


def test_quads_keep_graph_names_and_triples_go_to_default_graph():
    data = (b'<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n'
            b'<http://example.org/s> <http://example.org/p> "g" <http://example.org/g> .\n')
    dataset = parse_bytes(data, format="nquads")
    assert len(dataset.default_graph) == 1
    assert len(dataset.graph(rdflib.URIRef(EX + "g"))) == 1
    plain = parse_bytes(data.splitlines()[0], format="nt")
    assert len(plain.default_graph) == 1


def test_blank_nodes_distinct_per_file():
    data = b'_:b <http://example.org/p> "x" .'
    first, second = parse_bytes(data, format="nt"), parse_bytes(data, format="nt")
    assert set(first.subjects()).isdisjoint(second.subjects())


def test_parse_files_all_or_nothing(tmp_path):
    good = tmp_path / "good.nt"
    good.write_text('<http://example.org/s> <http://example.org/p> "x" .\n')
    assert len(parse_files([good, good])) == 2
    result = None
    with pytest.raises(InputError) as info:
        result = parse_files([good, INPUTS / "missing-final-dot.ttl", good])
    assert result is None and "missing-final-dot.ttl:3:1:" in str(info.value)


def test_missing_file_and_unknown_suffix(tmp_path):
    assert "cannot read file" in str(refused(tmp_path / "nope.ttl"))
    other = tmp_path / "data.csv"
    other.write_text("a,b\n")
    assert "format" in str(refused(other))


_FORMATS = st.sampled_from(["turtle", "nt", "nquads", "trig", "json-ld", "xml"])
_RDFISH = st.text(alphabet=st.sampled_from(list('<>"\'[](){}@:_.;,#\\^ \nabcxyz01-/?=&%uU中')),
                  max_size=200)


@settings(max_examples=200, deadline=None)
@given(data=st.one_of(st.binary(max_size=300), _RDFISH.map(lambda s: s.encode("utf-8"))),
       fmt=_FORMATS)
def test_fuzz_only_input_error(data, fmt):
    try:
        parse_bytes(data, format=fmt, base_iri="http://example.org/",
                    limits=ParseLimits(max_nesting=20, max_literal_chars=50))
    except InputError as err:
        assert "\n" not in str(err)
