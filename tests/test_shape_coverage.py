"""Every constraint-bearing shape has a case file.

A shape in the ``kgsh:`` namespace that carries at least one constraint parameter of its own
(not merely ``sh:property`` links to other shapes) must be named in the ``# expect:`` header of
some ``tests/shapes/*.ru`` file, so that ``tests/test_shapes.py`` sees it fire with its en and zh
messages. Shapes that only group property shapes (e.g. ``kgsh:TargetShape``) need no case.
"""
from __future__ import annotations

import re
from pathlib import Path

from rdflib import Namespace, URIRef

from kgtool.validation.pyshacl_validator import load_shapes

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "tests" / "shapes").glob("*.ru"))
EXPECT = re.compile(r"^#\s*expect:\s*(\S+)\s+(Violation|Warning|Info)\s+<?([^>\s]+)>?\s*$")
SH = Namespace("http://www.w3.org/ns/shacl#")
KGSH = "https://w3id.org/kgtool/shapes#"

CONSTRAINT_PARAMETERS = [SH[p] for p in (
    "minCount", "maxCount", "datatype", "class", "in", "pattern", "hasValue",
    "minInclusive", "maxInclusive", "minExclusive", "maxExclusive", "lessThanOrEquals",
    "minLength", "qualifiedValueShape", "or", "xone", "not", "node", "sparql", "languageIn",
    "nodeKind")]


def constraint_shapes() -> set[str]:
    """Local names of the kgsh: shapes with at least one constraint parameter of their own."""
    shapes = load_shapes()
    names = set()
    for param in CONSTRAINT_PARAMETERS:
        for s in shapes.subjects(param, None):
            if isinstance(s, URIRef) and str(s).startswith(KGSH):
                names.add(str(s)[len(KGSH):])
    return names


def case_shapes() -> set[str]:
    names = set()
    for path in CASES:
        lines = path.read_text(encoding="utf-8").splitlines()
        m = EXPECT.match(lines[0]) if lines else None
        assert m, f"{path.name}: first line must be '# expect: <shape> <severity> <focus IRI>'"
        names.add(m.group(1))
    return names


def test_constraint_shapes_found():
    names = constraint_shapes()
    assert len(names) > 40, sorted(names)
    # shapes that only group property shapes are not constraint-bearing
    assert "TargetShape" not in names and "PolicyDocumentShape" not in names
    # node shapes with constraints of their own are
    assert {"MonetaryAmountShape", "DemonstrationZoneShape", "ConflictingTargetValues"} <= names


def test_every_constraint_shape_has_a_case():
    missing = sorted(constraint_shapes() - case_shapes())
    assert not missing, ("constraint-bearing shapes without a tests/shapes/*.ru case: "
                         + ", ".join(missing))


def test_every_case_names_a_known_shape():
    unknown = sorted(case_shapes() - constraint_shapes())
    assert not unknown, "case files name shapes with no constraints of their own: " + ", ".join(unknown)
