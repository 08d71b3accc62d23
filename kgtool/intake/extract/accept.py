"""Add a reviewed draft to the project's data (``kgtool review --apply review.yaml``).

:func:`accept_review` applies the review file (:func:`~kgtool.intake.extract.review_file.apply_review`),
validates the result with the project's data, and writes it as the next
``data/documents/NNN-<slug>.ttl`` — its own named graph ``kgg:doc-NNN`` — without ever
overwriting a file (the file is created exclusively, from a complete temporary file). The next
``kgtool build --incremental`` loads it.

Jurisdictions the draft had to add (not in the reference data) go to
``data/reference/jurisdictions-drafted.ttl`` (merged, written atomically), not into the
document: ``kgt:partOf`` is transitive, and a document graph stating it would turn every later
incremental build into a full one.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from kgtool.errors import InputError
from kgtool.rdf.namespaces import document_graph

__all__ = ["AcceptResult", "accept_review", "next_document_path"]

_PREFIX = re.compile(r"^(\d{3})-")


@dataclass
class AcceptResult:
    """What :func:`accept_review` did: the file written (``None`` if validation failed)."""

    path: Path | None
    document: URIRef
    graph_name: URIRef | None
    counts: dict
    report: object | None      # the ValidationReport, when validated


def next_document_path(documents: Path, slug: str) -> Path:
    """``documents/NNN-<slug>.ttl`` with NNN one above the highest number in use."""
    used = [int(m.group(1)) for p in documents.iterdir() if (m := _PREFIX.match(p.name))] \
        if documents.is_dir() else []
    n = max(used, default=-1) + 1
    if n > 999:
        raise InputError("no free document number (000-999 are used)", path=str(documents))
    return documents / f"{n:03d}-{slug}.ttl"


JURISDICTIONS_FILE = "jurisdictions-drafted.ttl"


def _move_jurisdictions(g: Graph, known: Graph, path: Path) -> str | None:
    """Take the jurisdictions the project lacks out of ``g``; the merged reference file's text."""
    from rdflib.namespace import RDF

    from kgtool.rdf.namespaces import KGT, bind_prefixes
    from kgtool.intake.extract.jurisdiction import JURISDICTION_CLASSES

    classes = set(JURISDICTION_CLASSES.values()) | {KGT.Jurisdiction}
    new = {s for c in classes for s in g.subjects(RDF.type, c) if (s, RDF.type, None) not in known}
    if not new:
        return None
    merged = Graph()
    bind_prefixes(merged)
    if path.is_file():
        merged.parse(path, format="turtle")
    for s in new:
        for t in list(g.triples((s, None, None))):
            merged.add(t)
            g.remove(t)
    return ("# Jurisdictions added by `kgtool review --apply` (GB/T 2260 codes from cpca's data);\n"
            "# review their English labels. Graph kgg:reference.\n" + merged.serialize(format="turtle"))


def _same_document(g: Graph, doc: URIRef, known: Graph):
    """An encoded document of the data with the draft's number or source file, or ``None``."""
    from kgtool.rdf.namespaces import KGT
    from kgtool.intake.textnorm import normalize

    keys = {(p, normalize(str(o))) for p in (KGT.docNumber, KGT.sourceFile) for o in g.objects(doc, p)}
    for p, key in keys:
        for other, value in known.subject_objects(p):
            if normalize(str(value)) == key and (other, KGT.sourceFile, None) in known:
                return other, str(value)
    return None


def accept_review(project, review_path: str | os.PathLike, *, validate: bool = True) -> AcceptResult:
    """Apply a review file and add the reviewed document to ``<data>/documents/``.

    :param project: the :class:`~kgtool.project.Project` whose first data directory receives it.
    :param review_path: the YAML file of ``kgtool review --export``.
    :param validate: validate with the project's data first; on violations nothing is written.
    :raises InputError: a bad review file, or a document already in the data.
    """
    from kgtool.intake.extract.review_file import apply_review
    from kgtool.fsutil import write_text_atomic

    from kgtool.rdf.graph import load_project

    loaded = load_project(project)      # read once: what is known, then what is validated
    known = loaded.asserted()
    data_dir = project.data[0]
    g, doc, counts = apply_review(review_path, known=known, data_dir=data_dir)
    if (doc, None, None) in known:
        raise InputError(f"{doc} is already in the project's data; nothing written", path=str(review_path))
    same = _same_document(g, doc, known)
    if same is not None:
        raise InputError(f"{same[1]} is already in the project's data as {same[0]}; nothing written",
                         path=str(review_path))
    slug = str(doc).rsplit("/", 1)[-1]
    jur_path = Path(data_dir) / "reference" / JURISDICTIONS_FILE
    jur_text = _move_jurisdictions(g, known, jur_path)
    documents = Path(data_dir) / "documents"
    documents.mkdir(parents=True, exist_ok=True)
    text = (f"# Reviewed with `kgtool review --apply {Path(review_path).name}` on "
            f"{_dt.date.today().isoformat()}: {counts['accept']} accepted, {counts['edit']} edited, "
            f"{counts['reject']} rejected, {counts.get('add', 0)} added.\n" + g.serialize(format="turtle"))
    report = None
    if validate:
        from kgtool.validation.files import validate_files

        with tempfile.TemporaryDirectory() as tmp:
            probes = [write_text_atomic(Path(tmp) / f"{slug}.ttl", text)]
            if jur_text is not None:
                probes.append(write_text_atomic(Path(tmp) / "jurisdictions.ttl", jur_text))
            report = validate_files(project, probes, loaded=loaded)
        if not report.conforms:
            return AcceptResult(None, doc, None, counts, report)
    if jur_text is not None:
        write_text_atomic(jur_path, jur_text)
    path = next_document_path(documents, slug)
    fd, tmp_name = tempfile.mkstemp(dir=documents, prefix=".accept-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        while True:
            try:
                os.link(tmp_name, path)     # fails if the name exists: never overwrites
                break
            except FileExistsError:
                path = next_document_path(documents, slug)
    finally:
        os.unlink(tmp_name)
    return AcceptResult(path, doc, document_graph(path.name[:3]), counts, report)
