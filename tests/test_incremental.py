"""Incremental rebuild (kgtool.building.incremental): same graphs and validation results as a full build.

Every test works on a copy of the project (ontology/, data/, queries/) in tmp_path.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from rdflib import BNode, Graph
from rdflib.compare import isomorphic

from kgtool.building.pipeline import build
from kgtool.rdf.graph import load_project
from kgtool.building.incremental import CROSS_SHAPES, load_state, rebuild
from kgtool.building.incremental.common import derived_name
from kgtool.building.incremental.derive import closure
from kgtool.rdf.namespaces import GRAPH_INFERRED, GRAPH_REFERENCE, GRAPH_RULES, KGG
from kgtool.project import Project
from kgtool.reasoning.closure import ReasoningBudget, _reasonable_available

ROOT = Path(__file__).resolve().parents[1]
DOC3 = Path("data/documents/003-sufu-2007-99.ttl")
REASONERS = ["owlrl"] + (["reasonable"] if _reasonable_available() else [])
FAST = REASONERS[-1]


def _copy(tmp_path: Path) -> Project:
    root = tmp_path / "project"
    for d in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / d, root / d)
    return Project(root)


def _key(report) -> set:
    f = lambda x: "_:b" if isinstance(x, BNode) else x  # noqa: E731 (blank node ids differ)
    return {(r.severity, f(r.focus_node), f(r.path), f(r.shape)) for r in report.results}


def _provenance(report) -> set:
    """Each result's source sentence and document number (blank nodes aside)."""
    return {(r.focus_node, r.shape, r.source_quote, r.doc_number) for r in report.results
            if not isinstance(r.focus_node, BNode) and not isinstance(r.shape, BNode)}


def _edit(project: Project, rel: Path, old: str, new: str) -> None:
    path = project.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _assert_same_as_full_build(project: Project, state: Path, result, reasoner: str) -> None:
    fresh = build(project, write=False, reasoner=reasoner)
    kg = load_state(state)
    assert kg.graph_names() == fresh.kg.graph_names()
    for name in fresh.kg.graph_names():
        assert isomorphic(kg.graph(name), fresh.kg.graph(name)), name
    assert result.inferred == fresh.inferred
    assert result.rule_triples == fresh.rule_triples
    assert _key(result.report) == _key(fresh.report)
    assert result.report.conforms == fresh.report.conforms


@pytest.fixture(scope="module")
def real_kg():
    return load_project(Project(ROOT))


@pytest.mark.parametrize("reasoner", REASONERS)
def test_union_of_document_closures_is_the_full_closure(real_kg, reasoner):
    """The locality argument of the module docstring, checked on the real data: the closure of
    ontology + reference + all documents equals closure(O ∪ R) ∪ ⋃ closure(O ∪ Di), minus
    the asserted triples."""
    full = build(Project(ROOT), write=False, validate=False, reasoner=reasoner)
    onto = real_kg.ontology()
    union = Graph()
    base, _e, _w = closure(onto, real_kg.graph(GRAPH_REFERENCE), GRAPH_REFERENCE, reasoner,
                            ReasoningBudget())
    union += base
    for g in real_kg.document_graph_names():
        inf, _e, _w = closure(onto, real_kg.graph(g), g, reasoner,
                               ReasoningBudget())
        union += inf
    for name in real_kg.graph_names():
        union -= real_kg.graph(name)
    assert isomorphic(union, full.kg.graph(GRAPH_INFERRED))
    assert len(union) == full.inferred


def test_no_change_reloads_nothing(tmp_path):
    project = _copy(tmp_path)
    state = tmp_path / "state"
    first = rebuild(project, state_dir=state, reasoner=FAST)
    assert first.full and first.reason == "no state yet"
    assert first.reloaded_triples > 0
    again = rebuild(project, state_dir=state, reasoner=FAST)
    assert not again.full
    assert again.changed_graphs == [] and again.reloaded_triples == 0
    assert again.inferred == first.inferred
    assert _key(again.report) == _key(first.report)


@pytest.mark.parametrize("reasoner", REASONERS)
def test_one_changed_document_equals_full_build(tmp_path, reasoner):
    project = _copy(tmp_path)
    state = tmp_path / "state"
    first = rebuild(project, state_dir=state, reasoner=reasoner)
    _assert_same_as_full_build(project, state, first, reasoner)
    _edit(project, DOC3, '"60"^^xsd:decimal', '"61"^^xsd:decimal')
    result = rebuild(project, state_dir=state, reasoner=reasoner)
    assert not result.full
    assert result.changed_graphs == [KGG["doc-003"]]
    assert 0 < result.reloaded_triples < first.reloaded_triples / 3
    _assert_same_as_full_build(project, state, result, reasoner)
    # the same through the explicit list of changed files
    _edit(project, DOC3, '"61"^^xsd:decimal', '"62"^^xsd:decimal')
    result = rebuild(project, state_dir=state, reasoner=reasoner,
                     changed=[project.root / DOC3])
    assert result.changed_graphs == [KGG["doc-003"]]
    _assert_same_as_full_build(project, state, result, reasoner)


@pytest.mark.parametrize("old,new,shape", [
    # a range target whose minimum exceeds its maximum
    ('kgt:minValue "2"^^xsd:decimal', 'kgt:minValue "9"^^xsd:decimal', "Target-range-order"),
    # a fact without its quote
    ('kgt:quote "', 'rdfs:comment "removed quote: ', "PolicyFact-quote-count"),
])
def test_violation_reported_like_full_build_and_cleared(tmp_path, old, new, shape):
    project = _copy(tmp_path)
    state = tmp_path / "state"
    rebuild(project, state_dir=state, reasoner=FAST)
    files = [p for p in (project.root / "data/documents").glob("*.ttl") if old in p.read_text()]
    assert files, old
    rel = files[0].relative_to(project.root)
    _edit(project, rel, old, new)
    broken = rebuild(project, state_dir=state, reasoner=FAST)
    assert not broken.full
    assert any(str(r.shape).endswith(shape) for r in broken.report.violations), \
        broken.report.to_text()
    _assert_same_as_full_build(project, state, broken, FAST)
    _edit(project, rel, new, old)
    fixed = rebuild(project, state_dir=state, reasoner=FAST)
    assert not any(str(r.shape).endswith(shape) for r in fixed.report.results)
    _assert_same_as_full_build(project, state, fixed, FAST)


def test_cross_document_shape_rerun(tmp_path):
    """A duplicated target with another value in the same document (ConflictingTargetValues)."""
    project = _copy(tmp_path)
    state = tmp_path / "state"
    rebuild(project, state_dir=state, reasoner=FAST)
    _edit(project, DOC3, '"60"^^xsd:decimal', '"60"^^xsd:decimal , "70"^^xsd:decimal')
    result = rebuild(project, state_dir=state, reasoner=FAST)
    assert not result.full
    _assert_same_as_full_build(project, state, result, FAST)
    assert {r.shape for r in result.report.results} - CROSS_SHAPES  # value maxCount at least


def test_added_and_removed_document(tmp_path):
    project = _copy(tmp_path)
    state = tmp_path / "state"
    rebuild(project, state_dir=state, reasoner=FAST)
    docs = project.root / "data/documents"
    moved = tmp_path / "004-industries.ttl"
    shutil.move(docs / "004-industries.ttl", moved)
    result = rebuild(project, state_dir=state, reasoner=FAST)
    assert not result.full and result.changed_graphs == [KGG["doc-004"]]
    _assert_same_as_full_build(project, state, result, FAST)
    shutil.move(moved, docs / "004-industries.ttl")
    result = rebuild(project, state_dir=state, reasoner=FAST)
    assert not result.full and result.changed_graphs == [KGG["doc-004"]]
    _assert_same_as_full_build(project, state, result, FAST)


@pytest.mark.parametrize("rel", ["data/reference/metrics.ttl", "ontology/target.ttl",
                                 "ontology/shapes/facts.ttl", "ontology/rules/funds.rq"])
def test_global_change_triggers_full_rebuild(tmp_path, rel):
    project = _copy(tmp_path)
    state = tmp_path / "state"
    rebuild(project, state_dir=state, reasoner=FAST)
    path = project.root / rel
    path.write_text(path.read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
    result = rebuild(project, state_dir=state, reasoner=FAST)
    assert result.full
    assert Path(rel).name in result.reason
    _assert_same_as_full_build(project, state, result, FAST)


def test_reasoner_change_triggers_full_rebuild(tmp_path):
    if len(REASONERS) < 2:
        pytest.skip("needs both reasoners")
    project = _copy(tmp_path)
    state = tmp_path / "state"
    rebuild(project, state_dir=state, reasoner="reasonable")
    result = rebuild(project, state_dir=state, reasoner="owlrl")
    assert result.full and "reasoner" in result.reason


def test_document_stating_schema_triples_falls_back_to_full(tmp_path):
    project = _copy(tmp_path)
    state = tmp_path / "state"
    rebuild(project, state_dir=state, reasoner=FAST)
    path = project.root / "data/documents/003-industries.ttl"
    path.write_text(path.read_text(encoding="utf-8") +
                    "\n<https://w3id.org/kgtool/id/x> "
                    "<https://w3id.org/kgtool/ontology#partOf> "
                    "<https://w3id.org/kgtool/id/jur/100000> .\n", encoding="utf-8")
    result = rebuild(project, state_dir=state, reasoner=FAST)
    assert result.full and "transitive" in result.reason
    _assert_same_as_full_build(project, state, result, FAST)


def test_incremental_is_faster_than_full(tmp_path):
    project = _copy(tmp_path)
    state = tmp_path / "state"
    t = time.perf_counter()
    rebuild(project, state_dir=state, reasoner=FAST)
    full_state = time.perf_counter() - t
    t = time.perf_counter()
    build(project, write=False, reasoner=FAST)
    full_build = time.perf_counter() - t
    _edit(project, DOC3, '"60"^^xsd:decimal', '"61"^^xsd:decimal')
    t = time.perf_counter()
    result = rebuild(project, state_dir=state, reasoner=FAST)
    incremental = time.perf_counter() - t
    assert not result.full
    print(f"\nfull rebuild {full_state:.2f} s, build() {full_build:.2f} s, incremental "
          f"{incremental:.2f} s: incremental/build() = {incremental / full_build:.2f}, "
          f"incremental/full rebuild = {incremental / full_state:.2f}")
    assert incremental < full_build
    assert incremental < full_state


def test_state_graph_names(tmp_path):
    """The state store keeps derived triples per source graph."""
    from kgtool.building.incremental.state import State

    project = _copy(tmp_path)
    state = tmp_path / "state"
    rebuild(project, state_dir=state, reasoner=FAST)
    names = set(State(state).open().graph_names())
    assert derived_name("inferred", KGG["doc-003"]) in names
    assert GRAPH_INFERRED not in names and GRAPH_RULES not in names


# ------------------------------------------------------------------ synthetic corpus
def _synth_project(tmp_path: Path, seed: int = 3) -> tuple[Project, Path]:
    from kgtool.synth import generate

    corpus = tmp_path / "corpus"
    generate(3000, seed=seed, out_dir=corpus, violation_share=0.05)
    return Project(ROOT, data_dirs=(ROOT / "data" / "reference", corpus / "reference",
                                    corpus / "documents")), corpus


def _edit_synth(corpus: Path, index: int) -> Path:
    """Change a number and a date of one synthetic document (a target value, an issue date)."""
    import re

    files = sorted((corpus / "documents").glob("*.ttl"))
    for path in files[index % len(files):] + files:
        text = path.read_text(encoding="utf-8")
        m = re.search(r'kgt:(?:value|maxValue|minValue) "(\d+)', text)
        if m:
            break
    assert m, corpus
    text = text[:m.start(1)] + str(int(m.group(1)) + 7) + text[m.end(1):]
    text = re.sub(r'"(\d{4})-(\d\d)-(\d\d)"\^\^xsd:date',
                  lambda d: f'"{d.group(1)}-{d.group(2)}-{int(d.group(3)) % 28 + 1:02d}"^^xsd:date',
                  text, count=1)
    path.write_text(text, encoding="utf-8")
    return path


def test_synthetic_corpus_one_changed_document_equals_full_build(tmp_path):
    project, corpus = _synth_project(tmp_path)
    state = tmp_path / "state"
    rebuild(project, state_dir=state, reasoner=FAST)
    _edit_synth(corpus, 5)
    result = rebuild(project, state_dir=state, reasoner=FAST)
    assert not result.full and len(result.changed_graphs) == 1
    _assert_same_as_full_build(project, state, result, FAST)


def _assert_native_same_as_build_native(project: Project, state: Path, result, tmp_path: Path):
    """The native state's artefacts equal those of the full build on Oxigraph; graph.nq
    (written from the state's pieces) loads with kgtool.stores.oxigraph_load.load_nquads and holds each
    triple once."""
    import json

    from kgtool.building.pipeline import load_build
    from kgtool.building.artefacts import store_graph_sizes as graph_sizes
    from kgtool.building.incremental import write_state_artefacts
    from kgtool.stores.oxigraph_load import load_nquads

    inc_dir, full_dir = tmp_path / "inc", tmp_path / "full"
    write_state_artefacts(state, inc_dir, result)
    fresh = build(project, out_dir=full_dir, backend="oxigraph")
    a, b = load_build(inc_dir), load_build(full_dir)
    assert a.graph_names() == b.graph_names()
    for name in b.graph_names():
        assert isomorphic(a.graph(name), b.graph(name)), name
    assert result.inferred == fresh.inferred
    assert result.rule_triples == fresh.rule_triples
    assert sorted(result.reasoning_errors) == sorted(fresh.reasoning_errors)
    assert _key(result.report) == _key(fresh.report)
    assert _provenance(result.report) == _provenance(fresh.report)
    sa, sb = (json.loads((d / "summary.json").read_text(encoding="utf-8")) for d in (inc_dir, full_dir))
    for k in ("conforms", "violations", "warnings", "inferred_triples", "rule_triples",
              "triples", "documents"):
        assert sa[k] == sb[k], k
    loaded = load_nquads(inc_dir / "graph.nq")
    sizes = {g: n for g, n in graph_sizes(loaded).items() if g.startswith(str(KGG))}
    assert sizes == {g: n for g, n in graph_sizes(load_nquads(full_dir / "graph.nq")).items()
                     if g.startswith(str(KGG))}
    lines = [x for x in (inc_dir / "graph.nq").read_bytes().splitlines() if x and x[:1] != b"#"]
    assert len(lines) == len(set(lines)) == sum(sizes.values()) == sa["triples"]
    return fresh


def test_native_state_one_changed_document_equals_build_native(tmp_path):
    """Large-graph mode (reasoner ``sparql``): the state kept in Oxigraph, artefacts written
    from it, equal to the Oxigraph-native full build before and after one document changes
    (and after a document is removed)."""
    project, corpus = _synth_project(tmp_path, seed=5)
    state = tmp_path / "state"
    first = rebuild(project, state_dir=state, reasoner="sparql")
    assert first.full and first.native
    _assert_native_same_as_build_native(project, state, first, tmp_path / "a")
    _edit_synth(corpus, 3)
    # graph.nq written as the command does: unchanged pieces copied while the rebuild runs
    result = rebuild(project, state_dir=state, reasoner="sparql",
                     graph_nq=tmp_path / "b" / "inc" / "graph.nq")
    assert not result.full and result.native and len(result.changed_graphs) == 1
    assert result.graph_nq.result() == tmp_path / "b" / "inc" / "graph.nq"
    _assert_native_same_as_build_native(project, state, result, tmp_path / "b")
    again = rebuild(project, state_dir=state, reasoner="sparql")
    assert again.changed_graphs == [] and again.inferred == result.inferred
    docs = sorted((corpus / "documents").glob("*.ttl"))
    assert len(docs) > 1
    docs[-1].unlink()
    removed = rebuild(project, state_dir=state, reasoner="sparql",
                      graph_nq=tmp_path / "c" / "inc" / "graph.nq")
    assert not removed.full and removed.graph_nq is not None
    _assert_native_same_as_build_native(project, state, removed, tmp_path / "c")


def test_unchanged_files_are_not_hashed(tmp_path, monkeypatch):
    """Only files whose size or mtime moved are read again (sha256 stays the final check)."""
    import os

    import kgtool.building.incremental.files as inc

    project = _copy(tmp_path)
    state = tmp_path / "state"
    old = time.time() - 60  # older than the racy-mtime window
    for p in project.root.rglob("*"):
        if p.is_file():
            os.utime(p, (old, old))
    rebuild(project, state_dir=state, reasoner=FAST)
    hashed = []
    real = inc.sha256
    monkeypatch.setattr(inc, "sha256", lambda p: hashed.append(Path(p).name) or real(p))
    assert rebuild(project, state_dir=state, reasoner=FAST).changed_graphs == []
    assert hashed == []
    _edit(project, DOC3, '"60"^^xsd:decimal', '"61"^^xsd:decimal')
    result = rebuild(project, state_dir=state, reasoner=FAST)
    assert hashed == [DOC3.name] and result.changed_graphs == [KGG["doc-003"]]


def _block(text: str, index: int = 0) -> tuple[int, int]:
    """(start, end) in ``text`` of the ``index``-th target with a value, a unit and a deadline."""
    import re

    found = [m for m in re.finditer(r"(?ms)^<fact/[^>]+/target-\d+>\n.*?\.\n", text)
             if 'kgt:value "' in m.group(0) and "kgt:unit" in m.group(0)
             and "kgt:deadline" in m.group(0)]
    return found[index].span()


def _field(block: str, pred: str) -> str:
    import re

    return re.search(rf"kgt:{pred} ([^;]+?) [;.]\n", block).group(1)


def _set(text: str, span: tuple[int, int], **values: str) -> str:
    """``text`` with the target at ``span`` given new objects for the predicates ``values``."""
    import re

    block = text[span[0]:span[1]]
    for pred, value in values.items():
        block = re.sub(rf"(kgt:{pred} )[^;]+?( [;.]\n)", lambda m: m.group(1) + value + m.group(2),
                       block, count=1)
    return text[:span[0]] + block + text[span[1]:]


def test_native_cross_document_targets_equal_build_native(tmp_path):
    """The sub-jurisdiction shape across two documents: a target of doc 001 (jurisdiction
    150000) gets the metric, deadline and unit of a target of doc 000 moved to the parent
    jurisdiction 100000 with a higher value (a warning on the doc-001 target); then only
    doc 000 changes (the parent's value rises above, then falls back): the doc-001 target's
    result follows although its document did not change."""
    from kgtool.building.incremental.common import SUB_ABOVE_PARENT

    project, corpus = _synth_project(tmp_path, seed=5)
    state = tmp_path / "state"
    rebuild(project, state_dir=state, reasoner="sparql")
    docs = sorted((corpus / "documents").glob("*.ttl"))
    assert len(docs) >= 2
    parent_doc, child_doc = docs[0], docs[1]
    ptext, ctext = (p.read_text(encoding="utf-8") for p in (parent_doc, child_doc))
    pspan, cspan = _block(ptext), _block(ctext)
    pblock = ptext[pspan[0]:pspan[1]]
    value = int(_field(pblock, "value").split('"')[1].split(".")[0])
    ptext = _set(ptext, pspan, jurisdiction="<jur/100000>")
    parent_doc.write_text(ptext, encoding="utf-8")
    child_doc.write_text(_set(ctext, cspan, **{p: _field(pblock, p) for p in ("metric", "deadline", "unit")},
                              value=f'"{value + 100}"^^xsd:decimal'), encoding="utf-8")
    child = ctext[cspan[0]:cspan[1]].split(">")[0][1:]

    def warned(report) -> bool:
        return any(r.shape == SUB_ABOVE_PARENT and str(r.focus_node).endswith(child)
                   for r in report.results)

    steps = [(True, None), (False, value + 1000), (True, value)]
    for i, (expected, parent_value) in enumerate(steps):
        if parent_value is not None:
            pspan = _block(ptext)
            ptext = _set(ptext, pspan, value=f'"{parent_value}"^^xsd:decimal')
            parent_doc.write_text(ptext, encoding="utf-8")
        result = rebuild(project, state_dir=state, reasoner="sparql")
        assert not result.full
        assert (KGG["doc-001"] in result.changed_graphs) == (i == 0)
        fresh = _assert_native_same_as_build_native(project, state, result, tmp_path / f"s{i}")
        assert warned(fresh.report) is expected and warned(result.report) is expected


def test_native_blank_node_edit_and_pieces(tmp_path):
    """A changed blank-node structure (a plan period's end year) equals the full build, and
    the rebuild rewrites only the pieces of graph.nq it must (the ontology's and the other
    documents' stay as they were)."""
    import re

    project, corpus = _synth_project(tmp_path, seed=5)
    state = tmp_path / "state"
    rebuild(project, state_dir=state, reasoner="sparql")
    pieces = state / "nq"
    before = {p.name: p.stat().st_mtime_ns for p in pieces.iterdir()}
    doc = sorted((corpus / "documents").glob("*.ttl"))[1]
    text = doc.read_text(encoding="utf-8")
    m = re.search(r'time:hasEnd \[ a time:Instant ; time:inXSDgYear "(\d{4})"', text)
    assert m, doc
    doc.write_text(text[:m.start(1)] + str(int(m.group(1)) + 1) + text[m.end(1):], encoding="utf-8")
    result = rebuild(project, state_dir=state, reasoner="sparql")
    assert not result.full and result.changed_graphs == [KGG["doc-001"]]
    _assert_native_same_as_build_native(project, state, result, tmp_path / "a")
    after = {p.name: p.stat().st_mtime_ns for p in pieces.iterdir()}
    rewritten = {n for n in after if before.get(n) != after[n]}
    assert "a-doc-001.nq" in rewritten
    assert "a-ontology.nq" not in rewritten and "a-doc-000.nq" not in rewritten


def test_same_blank_nodes_keeps_the_graph():
    """Renaming the blank nodes of a re-parsed graph to the stored ones is a renaming (the
    graph stays isomorphic) and maps unchanged structures to the stored names."""
    import pyoxigraph as ox

    from kgtool.building.incremental.native_steps import same_blank_nodes

    def parse(text: str) -> set:
        return {q.triple for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE)}

    doc = ("<http://x/d> <http://x/p> [ <http://x/a> [ <http://x/y> %s ] ; "
           "<http://x/b> [ <http://x/y> 2030 ] ] .")
    old, same, changed = parse(doc % 2025), parse(doc % 2025), parse(doc % 2026)
    assert old != same  # fresh blank nodes on every parse
    assert same_blank_nodes(same, old) == old
    renamed = same_blank_nodes(changed, old)
    # new: the changed node's triple, and its parent's three (its shape includes the child's);
    # the unchanged sibling keeps its stored name
    assert len(renamed) == len(changed) and len(renamed - old) == 4
    sibling = {t.subject for t in old if str(t.object) == str(ox.Literal(2030))}
    assert sibling <= {t.subject for t in renamed}
    g1, g2 = Graph(), Graph()
    for graph, triples in ((g1, renamed), (g2, changed)):
        for t in triples:
            graph.parse(data=f"{t.subject} {t.predicate} {t.object} .", format="nt")
    assert isomorphic(g1, g2)


def test_old_or_unfinished_state_makes_a_full_rebuild(tmp_path):
    """A state of another format version, or whose last rebuild stopped half-way, is rebuilt
    from scratch with a reason (and then equals the full build)."""
    import json

    from kgtool.building.incremental import STATE_VERSION

    project, corpus = _synth_project(tmp_path, seed=5)
    state = tmp_path / "state"
    rebuild(project, state_dir=state, reasoner="sparql")
    manifest = json.loads((state / "manifest.json").read_text(encoding="utf-8"))
    manifest["version"] = STATE_VERSION - 1
    (state / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    _edit_synth(corpus, 1)
    result = rebuild(project, state_dir=state, reasoner="sparql")
    assert result.full and "another kgtool version" in result.reason
    (state / "unfinished").touch()
    result = rebuild(project, state_dir=state, reasoner="sparql")
    assert result.full and "did not finish" in result.reason
    assert not (state / "unfinished").exists()
    _assert_native_same_as_build_native(project, state, result, tmp_path / "a")


def test_native_document_number_and_quote_edits(tmp_path):
    """Edits that change the source sentence or document number quoted by results of other
    nodes (a fact's value nodes, every fact of the document) equal the full build, quotes
    and numbers included."""
    import re

    project, corpus = _synth_project(tmp_path, seed=5)
    state = tmp_path / "state"
    rebuild(project, state_dir=state, reasoner="sparql")
    doc = sorted((corpus / "documents").glob("*.ttl"))[1]
    edits = [(r'kgt:docNumber "([^"]+)"', lambda m: m.group(0).replace(m.group(1), m.group(1) + "X")),
             (r'kgt:quote "([^"]+)"', lambda m: m.group(0).replace(m.group(1), "改" + m.group(1)))]
    for i, (pattern, change) in enumerate(edits):
        text = doc.read_text(encoding="utf-8")
        assert re.search(pattern, text), pattern
        doc.write_text(re.sub(pattern, change, text, count=1), encoding="utf-8")
        result = rebuild(project, state_dir=state, reasoner="sparql")
        assert not result.full and result.changed_graphs == [KGG["doc-001"]]
        fresh = _assert_native_same_as_build_native(project, state, result, tmp_path / f"e{i}")
        assert any(r.doc_number and r.doc_number.endswith("X") for r in fresh.report.results)


def test_cross_index_lookups_equal_their_sparql(tmp_path):
    """The cross-document lookups (cached scans intersected, then point lookups) find exactly
    the targets the SPARQL patterns of the two cross-document shapes find, for the key of
    every target of a synthetic corpus, and some of them find other targets."""
    import pyoxigraph as ox

    from kgtool.building.incremental.state import State
    from kgtool.building.incremental.validation import _CONFLICT, _JUR, _MDU, _PART_OF, CrossIndex
    from kgtool.synth import generate

    corpus = tmp_path / "corpus"
    generate(20000, seed=7, out_dir=corpus, violation_share=0.05)
    project = Project(ROOT, data_dirs=(ROOT / "data" / "reference", corpus / "reference",
                                       corpus / "documents"))
    state = tmp_path / "state"
    rebuild(project, state_dir=state, reasoner="sparql")
    st = State(state).open()
    index = CrossIndex(st, [], native=True)
    targets = {q.subject for q in st.store.quads_for_pattern(None, _MDU[0], None, None)}
    # a few targets get a twin (an IRI, and a blank node) in a jurisdiction above their own
    dflt = ox.DefaultGraph()
    for i, t in enumerate(sorted(targets, key=str)[:12]):
        for m, d, u, j in index.keys(t, (*_MDU, _JUR)):
            for up in sorted(index.above(j), key=str)[:1]:
                twin = ox.NamedNode(f"{t.value}-twin{i}") if i % 2 else ox.BlankNode()
                st.store.extend([ox.Quad(twin, p, o, dflt)
                                 for p, o in zip((*_MDU, _JUR), (m, d, u, up))])
    index = CrossIndex(st, [], native=True)
    targets = {q.subject for q in st.store.quads_for_pattern(None, _MDU[0], None, None)}

    def sparql(pattern: str, key: tuple) -> set:
        return {r[0] for r in st.store.query(
            "SELECT ?x WHERE { " + pattern.format(*map(str, key)) + " }")}

    m, d, u = _MDU
    found = {"below": 0, "parents": 0, "sharing": 0}
    for t in targets:
        for key in index.keys(t, (*_MDU, _JUR)):
            if any(isinstance(v, ox.BlankNode) for v in key):
                continue  # no SPARQL constant for it
            below = sparql(f"?x {m} {{0}} ; {d} {{1}} ; {u} {{2}} ; {_JUR} ?j . "
                           f"?j {_PART_OF}+ {{3}}", key)
            assert index.below_targets({key}) == below, key
            found["below"] += len(below)
        parents = set().union(*(sparql(f"{{3}} {_PART_OF}+ ?a . ?x {_JUR} ?a ; {m} {{0}} ; "
                                       f"{d} {{1}} ; {u} {{2}}", key)
                                for key in index.keys(t, (*_MDU, _JUR))))
        assert index.parents({t}) == parents, t
        found["parents"] += len(parents)
        for key in index.keys(t, _CONFLICT):
            sharing = sparql("?x " + " ; ".join(f"{p} {{{i}}}" for i, p in enumerate(_CONFLICT)),
                             key)
            assert index.sharing({key}) == sharing and t in sharing, key
            found["sharing"] += len(sharing) - 1
    assert len(targets) > 50 and all(found.values()), found


def test_graph_nq_early_pieces_then_the_rest(tmp_path):
    """write_graph_nq with ``rest``: the early pieces, then the others; written again from
    the final list when an early piece was rewritten meanwhile; nothing written (the old file
    kept) when the rebuild fails."""
    from concurrent.futures import Future
    from threading import Thread

    from kgtool.building.incremental.nquads import write_graph_nq
    from kgtool.building.incremental.state import State

    state = State(tmp_path / "state")
    state.pieces_dir.mkdir(parents=True)
    for name in ("a-x.nq", "a-y.nq", "i-x.nq"):
        (state.pieces_dir / name).write_text(f"<s> <p> <{name}> .\n", encoding="utf-8")
    out = tmp_path / "graph.nq"

    def run(early, outcome):
        rest = Future()
        done = []
        worker = Thread(target=lambda: done.append(_capture(write_graph_nq, state, early, out,
                                                            "# note\n", rest=rest)))
        worker.start()
        if isinstance(outcome, Exception):
            rest.set_exception(outcome)
        else:
            final, rewritten = outcome
            if "a-x.nq" in rewritten:
                (state.pieces_dir / "a-x.nq").write_text("<s> <p> <new> .\n", encoding="utf-8")
            rest.set_result((final, rewritten))
        worker.join(10)
        return done[0]

    assert run(["a-y.nq"], (["a-x.nq", "a-y.nq", "i-x.nq"], set())) == out
    assert out.read_text(encoding="utf-8").splitlines() == [
        "# note", "<s> <p> <a-y.nq> .", "<s> <p> <a-x.nq> .", "<s> <p> <i-x.nq> ."]
    assert run(["a-x.nq", "a-y.nq"], (["a-x.nq", "a-y.nq"], {"a-x.nq"})) == out
    assert out.read_text(encoding="utf-8").splitlines() == [
        "# note", "<s> <p> <new> .", "<s> <p> <a-y.nq> ."]
    before = out.read_bytes()
    failed = run(["a-y.nq"], RuntimeError("the rebuild failed"))
    assert isinstance(failed, RuntimeError) and out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".graph.nq")] == []


def _capture(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except Exception as exc:  # returned to the test thread
        return exc
