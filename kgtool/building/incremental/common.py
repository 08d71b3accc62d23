"""Names, the report type and the result order shared by the modules of
:mod:`kgtool.building.incremental`.

The state store keeps the derived triples split by the graph they come from:
``kgg:inferred-base`` / ``kgg:rules-base`` (closure and rules of ontology + reference) and
``kgg:inferred-doc-NNN`` / ``kgg:rules-doc-NNN`` per document graph (:func:`derived_name`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import URIRef

from kgtool.rdf.namespaces import GRAPH_INFERRED, GRAPH_RULES, GRAPH_SHAPES, KGG
from kgtool.validation.pyshacl_validator import SEVERITIES, ValidationReport, ValidationResult

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["RebuildReport", "CROSS_SHAPES", "NATIVE", "derived_name", "sort_results"]

#: the reasoner name of the Oxigraph-native state (large graphs, see :mod:`.native`)
NATIVE = "sparql"
KGSH = "https://w3id.org/kgtool/shapes#"
SUB_ABOVE_PARENT = URIRef(KGSH + "SubJurisdictionTargetAboveParent")
CONFLICTING = URIRef(KGSH + "ConflictingTargetValues")
#: SPARQL shapes comparing facts of different documents (re-run over the targets a change
#: can reach, :mod:`.validation`)
CROSS_SHAPES = frozenset({SUB_ABOVE_PARENT, CONFLICTING})
DOC_PREFIX = str(KGG) + "doc-"
INFERRED_BASE = KGG["inferred-base"]
RULES_BASE = KGG["rules-base"]
INF_PREFIX = f"{KGG}inferred-"
RULES_PREFIX = f"{KGG}rules-"
#: native state: ``kgg:owned-inferred-doc-003`` holds the triples of ``kgg:inferred`` whose
#: first source (``base``, then the documents in name order) is ``kgg:inferred-doc-003``
#: (their union is ``kgg:inferred``; same for ``kgg:rules``)
OWNED_PREFIX = f"{KGG}owned-"
#: graphs of the native state that are neither asserted nor per-source derived
MERGED = (str(GRAPH_INFERRED), str(GRAPH_RULES), str(GRAPH_SHAPES))


def derived_name(kind: str, graph: URIRef) -> URIRef:
    """``kgg:inferred-doc-003`` / ``kgg:rules-doc-003`` for ``kgg:doc-003``.

    >>> str(derived_name("rules", KGG["doc-003"]))
    'https://w3id.org/kgtool/graph/rules-doc-003'
    """
    return KGG[f"{kind}-{str(graph)[len(str(KGG)):]}"]


def is_asserted(name: str) -> bool:
    """An asserted graph of the native state (data or ontology; not derived, not shapes)."""
    return not (name in MERGED or name.startswith((INF_PREFIX, RULES_PREFIX, OWNED_PREFIX)))


@dataclass
class RebuildReport:
    """Outcome of :func:`kgtool.building.incremental.rebuild`.

    :ivar full: a full rebuild was done (``reason`` says why).
    :ivar changed_graphs: the named graphs reloaded (all of them on a full rebuild).
    :ivar reloaded_triples: asserted triples parsed and loaded.
    :ivar inferred: size of the merged ``kgg:inferred``.
    :ivar report: the merged validation report.
    :ivar timings: seconds per step.
    """

    full: bool
    changed_graphs: list[URIRef]
    reloaded_triples: int
    inferred: int
    report: ValidationReport
    timings: dict[str, float] = field(default_factory=dict)
    reason: str = ""
    rule_triples: int = 0
    reasoning_errors: list[str] = field(default_factory=list)
    reasoning_warnings: list[str] = field(default_factory=list)
    focus_nodes: int = 0
    native: bool = False  #: the state is kept the Oxigraph-native way (large graphs)
    #: ``graph.nq`` being written while the rebuild validated (a future of its path), or None
    graph_nq: "Future | None" = field(default=None, repr=False, compare=False)

    @property
    def conforms(self) -> bool:
        return bool(self.report.conforms) and not self.reasoning_errors


def sort_results(results: list[ValidationResult]) -> ValidationReport:
    """A report of ``results`` in a stable order (severity, focus node, shape, path, value)."""
    order = {s: i for i, s in enumerate(SEVERITIES)}
    results = sorted(results, key=lambda r: (order.get(r.severity, 9), str(r.focus_node),
                                             r.shape_name, str(r.path), str(r.value)))
    return ValidationReport(conforms=not any(r.severity == "Violation" for r in results),
                            results=results)


def all_errors(errors: dict[str, list[str]]) -> list[str]:
    """The reasoning errors of every source, sorted and without repeats."""
    return sorted({e for v in errors.values() for e in v})
