"""kgtool.engines.choose_engine: the one place that picks an engine, and what each choice
validates with."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from kgtool.engines import choose_engine
from kgtool.engines.oxigraph_engine import OxigraphEngine
from kgtool.engines.rdflib_engine import RdflibEngine


@pytest.mark.parametrize("backend, size, reasoner, kind, validator", [
    ("auto", 10, "auto", RdflibEngine, "auto"),
    ("auto", 10**9, "auto", OxigraphEngine, None),
    ("rdflib", 10**9, "auto", RdflibEngine, "rdflib"),
    ("oxigraph", 10, "auto", OxigraphEngine, None),
    ("auto", 10**9, "owlrl", RdflibEngine, "auto"),
    ("oxigraph", 10, "owlrl", RdflibEngine, "oxigraph"),
    ("rdflib", 10, "sparql", OxigraphEngine, None),
])
def test_choice(backend, size, reasoner, kind, validator):
    engine = choose_engine(backend, size=size, reasoner=reasoner)
    assert type(engine) is kind
    if validator is not None:
        assert engine.validator == validator


def test_size_is_computed_only_when_auto_needs_it():
    def boom():
        raise AssertionError("size asked for")

    assert choose_engine("rdflib", size=boom).name == "rdflib"
    assert choose_engine("oxigraph", size=boom).name == "oxigraph"
    assert choose_engine("auto", size=lambda: 10).name == "rdflib"


def test_explicit_rdflib_validates_with_pyshacl_at_any_size(monkeypatch):
    # above the threshold, `--backend rdflib` still means pySHACL (the reference); `auto`
    # hands such a graph to the compiled validator
    monkeypatch.setenv("KGTOOL_LARGE_GRAPH", "1")
    import kgtool.validation.compiled as compiled
    import kgtool.validation.pyshacl_validator as reference

    used = []
    monkeypatch.setattr(compiled, "validate_fast", lambda *a, **k: used.append("compiled"))
    monkeypatch.setattr(reference, "validate_graph", lambda *a, **k: used.append("pyshacl"))
    data = Graph()
    for i in range(3):
        data.add((URIRef(f"urn:x:{i}"), URIRef("urn:p"), Literal(i)))
    choose_engine("rdflib", size=len(data)).validate_data(data, Graph(), Graph())
    choose_engine("auto", size=0, reasoner="owlrl").validate_data(data, Graph(), Graph())
    assert used == ["pyshacl", "compiled"]


def test_unknown_names_are_refused():
    from kgtool.errors import KgtoolError

    with pytest.raises(KgtoolError, match="unknown backend"):
        choose_engine("jena")
    with pytest.raises(KgtoolError, match="unknown reasoner"):
        choose_engine("auto", reasoner="hermit")
