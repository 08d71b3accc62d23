#!/usr/bin/env python3
"""Generate ``kgtool/rdf/namespaces_kgt.py``: the ``kgt:`` vocabulary as a strict rdflib
``DefinedNamespace`` (``_fail = True``), from every class and property declared in
``ontology/*.ttl``.

    python scripts/gen_namespaces.py                 # rewrite kgtool/rdf/namespaces_kgt.py
    python scripts/gen_namespaces.py --out FILE      # write elsewhere (the sync test does)
    python scripts/gen_namespaces.py --check         # exit 1 when the module is out of date

A term is declared when it is the subject of ``rdf:type`` owl:Class, rdfs:Class or any
property type (owl:ObjectProperty, owl:DatatypeProperty, owl:AnnotationProperty,
rdf:Property and the OWL property characteristics). Run it after adding a term to the
ontology; ``tests/test_namespaces.py`` fails while the two disagree.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "kgtool" / "rdf" / "namespaces_kgt.py"
KGT_IRI = "https://w3id.org/kgtool/ontology#"

CLASS_TYPES = {OWL.Class, RDFS.Class}
PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property,
                  OWL.TransitiveProperty, OWL.FunctionalProperty, OWL.InverseFunctionalProperty,
                  OWL.SymmetricProperty, OWL.AsymmetricProperty, OWL.ReflexiveProperty,
                  OWL.IrreflexiveProperty}


def declared_terms(ontology_dir: Path) -> tuple[dict[str, str], dict[str, str]]:
    """``(classes, properties)``: local name -> English label, of the kgt: terms declared in
    the top-level ``*.ttl`` files of ``ontology_dir`` (shapes and rules are not the vocabulary)."""
    graph = Graph()
    for path in sorted(Path(ontology_dir).glob("*.ttl")):
        graph.parse(path, format="turtle")
    classes: dict[str, str] = {}
    properties: dict[str, str] = {}
    for subject, kind in graph.subject_objects(RDF.type):
        name = str(subject)
        if not name.startswith(KGT_IRI):
            continue
        local = name[len(KGT_IRI):]
        target = classes if kind in CLASS_TYPES else properties if kind in PROPERTY_TYPES else None
        if target is None:
            continue
        if not local.isidentifier():
            raise SystemExit(f"{ontology_dir}: kgt:{local} is not a Python identifier; "
                             "add _extras support to scripts/gen_namespaces.py")
        labels = [str(l) for l in graph.objects(subject, RDFS.label)
                  if getattr(l, "language", None) == "en"]
        target[local] = min(labels) if labels else ""
    return classes, properties


def render(classes: dict[str, str], properties: dict[str, str]) -> str:
    """The text of the generated module."""
    lines = [
        '"""The ``kgt:`` vocabulary (https://w3id.org/kgtool/ontology#), generated from',
        "``ontology/*.ttl`` by ``scripts/gen_namespaces.py``; do not edit by hand.",
        "",
        "Strict: a term not declared in the ontology (``KGT.satedIn``) raises AttributeError",
        'instead of minting a new IRI."""',
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class KGT(DefinedNamespace):",
        '    """Classes and properties of the kgtool ontology."""',
        "",
        "    _NS = Namespace(\"" + KGT_IRI + "\")",
        "    _fail = True",
        "",
        "    # Classes",
    ]
    for name in sorted(classes):
        lines.append(f"    {name}: URIRef" + (f"  # {classes[name]}" if classes[name] else ""))
    lines += ["", "    # Properties"]
    for name in sorted(properties):
        lines.append(f"    {name}: URIRef" + (f"  # {properties[name]}" if properties[name] else ""))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ontology", type=Path, default=ROOT / "ontology")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="compare instead of writing")
    args = ap.parse_args(argv)
    text = render(*declared_terms(args.ontology))
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
        if current != text:
            print(f"{args.out} is out of date: run scripts/gen_namespaces.py", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
