"""The measured shape of the real corpus and the manifest of a synthetic one.

Proportions of fact kinds and roles measured on the five real numbered documents, the triple
budget split, the deliberately broken fact kinds with the shape expected to report each, and
the :class:`SynthManifest` / :class:`InjectedViolation` records written to ``manifest.json``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

GENERATOR_VERSION = "1"
KGSH = "https://w3id.org/kgtool/shapes#"
ID = "https://w3id.org/kgtool/id/"

# Facts per numbered document, measured on data/documents (5 numbered documents) with
#   SELECT ?cls (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a ?cls } } GROUP BY ?cls
# over the kgg:doc-* graphs: Measure 196, IndustryPriority 57, Target 43, Goal 40, Program 39,
# DemonstrationZone 39, Task 18 (87 TaskAssignment: responsible 70, cooperating 15, lead 2),
# FundingMeasure 14, BudgetStatement 9, StandardizationBodyMeasure 7; 21 PolicyDocument nodes
# (5 numbered + transmitted, cited and planned ones); ~1,090 triples per numbered document.
PROPORTIONS = {"measure": 196, "industry": 57, "target": 43, "goal": 40, "program": 39,
               "zone": 39, "task": 18, "funding": 14, "budget": 9, "sbm": 7}
ROLE_WEIGHTS = {"responsible": 70, "cooperating": 15, "lead": 2}
ASSIGNMENTS_PER_TASK = 87 / 18
REFERENCE_SHARE = 0.2  # share of the budget for jurisdictions and agencies (real: ~0.3 with concepts)
DOC_TRIPLES = (400, 1800)  # triples per numbered document (real mean ~1,090)

#: kind -> (shape IRI expected in the report, SHACL constraint component)
VIOLATION_KINDS = {
    "missing-quote": (KGSH + "PolicyFact-quote-count", "sh:MinCountConstraintComponent"),
    "range-min-above-max": (KGSH + "Target-range-order", "sh:LessThanOrEqualsConstraintComponent"),
    "percent-above-100": (KGSH + "Target-percent-bounds", "sh:OrConstraintComponent"),
    "deadline-before-issue": (KGSH + "Goal-deadline-after-issue", "sh:SPARQLConstraintComponent"),
    "task-without-lead": (KGSH + "Task-lead", "sh:QualifiedMinCountConstraintComponent"),
    "amount-not-positive": (KGSH + "MonetaryAmount-value-positive",
                            "sh:MinExclusiveConstraintComponent"),
    "conflicting-values": (KGSH + "ConflictingTargetValues", "sh:SPARQLConstraintComponent"),
}


@dataclass
class InjectedViolation:
    """One deliberately broken fact and the result the validator must report for it."""

    kind: str
    focus: str
    shape: str
    component: str
    document: str


@dataclass
class SynthManifest:
    """What :func:`generate` wrote (also saved as ``manifest.json``)."""

    seed: int
    requested_triples: int
    triples: int
    files: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    violations: list[InjectedViolation] = field(default_factory=list)
    generator_version: str = GENERATOR_VERSION

    def to_dict(self) -> dict:
        return asdict(self)
