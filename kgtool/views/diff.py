"""``kgtool diff``: what changed between two builds or two RDF files.

Triples are compared after blank-node canonicalisation (:mod:`rdflib.compare`), so two
serialisations of the same graph show no difference. Facts (nodes typed with a
``kgt:PolicyFact`` class or ``kgt:PolicyDocument``) are reported as added, removed or changed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import RDF

from kgtool.rdf.namespaces import KGT
from kgtool.rdf.parse import parse_file

__all__ = ["GraphDiff", "diff_graphs", "diff_paths", "load_for_diff"]

_FACT_CLASSES = {KGT[c] for c in ("PolicyFact", "Goal", "Target", "FundingMeasure",
                                  "BudgetStatement", "Task", "Measure", "Program",
                                  "DemonstrationZone", "StandardizationBodyMeasure",
                                  "IndustryPriority", "PolicyDocument")}


@dataclass
class GraphDiff:
    """Differences between an old and a new graph."""

    added: list[tuple] = field(default_factory=list)
    removed: list[tuple] = field(default_factory=list)
    facts_added: list[str] = field(default_factory=list)
    facts_removed: list[str] = field(default_factory=list)
    facts_changed: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed)

    def to_dict(self) -> dict:
        return {"triples_added": len(self.added), "triples_removed": len(self.removed),
                "facts_added": self.facts_added, "facts_removed": self.facts_removed,
                "facts_changed": self.facts_changed,
                "added": [" ".join(t.n3() for t in tr) for tr in self.added],
                "removed": [" ".join(t.n3() for t in tr) for tr in self.removed]}

    def to_text(self, limit: int = 50, *, lang: str = "en") -> str:
        """The counts, then up to ``limit`` facts and triples of each kind (words in ``lang``)."""
        zh = lang == "zh"
        triples_word, fact_word = ("三元组：", "事实：") if zh else ("triples: ", "facts: ")
        lines = [f"{triples_word}+{len(self.added)} -{len(self.removed)}",
                 f"{fact_word}+{len(self.facts_added)} -{len(self.facts_removed)} "
                 f"~{len(self.facts_changed)}"]
        fact = "事实" if zh else "fact"
        for sign, items in (("+", self.facts_added), ("-", self.facts_removed),
                            ("~", self.facts_changed)):
            lines += [f"{sign} {fact} {i}" for i in items[:limit]]
        for sign, triples in (("+", self.added), ("-", self.removed)):
            lines += [f"{sign} " + " ".join(t.n3() for t in tr) for tr in triples[:limit]]
            if len(triples) > limit:
                more = len(triples) - limit
                lines.append(f"{sign} … 另有 {more} 个" if zh else f"{sign} … {more} more")
        return "\n".join(lines)


def _facts(g: Graph) -> set[URIRef]:
    return {s for s, o in g.subject_objects(RDF.type) if o in _FACT_CLASSES and isinstance(s, URIRef)}


def diff_graphs(old: Graph, new: Graph) -> GraphDiff:
    """Compare two graphs.

    >>> from rdflib import Literal
    >>> a, b = Graph(), Graph()
    >>> _ = a.add((URIRef("urn:x"), RDF.value, Literal(1)))
    >>> diff_graphs(a, b).to_dict()["triples_removed"]
    1
    """
    _, only_old, only_new = graph_diff(to_isomorphic(old), to_isomorphic(new))
    out = GraphDiff(sorted(only_new), sorted(only_old))
    fo, fn = _facts(old), _facts(new)
    out.facts_added = sorted(str(f) for f in fn - fo)
    out.facts_removed = sorted(str(f) for f in fo - fn)
    touched = {t[0] for t in out.added} | {t[0] for t in out.removed}
    # a change to an owned node (e.g. a task assignment) counts for the fact that owns it
    for s in list(touched):
        for parent in set(old.subjects(None, s)) | set(new.subjects(None, s)):
            touched.add(parent)
    out.facts_changed = sorted(str(f) for f in (fo & fn) & touched)
    return out


def load_for_diff(path: Path) -> Graph:
    """A build directory (its ``graph.nq``) or an RDF file, as one merged Graph."""
    path = Path(path)
    if path.is_dir():
        from kgtool.building.generations import current_generation

        path = (current_generation(path) or path) / "graph.nq"  # one generation, whole
    ds = parse_file(path)
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def diff_paths(old: Path, new: Path) -> GraphDiff:
    """Diff two builds (directories) or RDF files."""
    return diff_graphs(load_for_diff(old), load_for_diff(new))
