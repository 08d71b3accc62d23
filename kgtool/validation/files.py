"""``kgtool validate``: check new data files together with the existing graph."""
from __future__ import annotations

from pathlib import Path

from kgtool.rdf.graph import KnowledgeGraph, load_files, load_project
from kgtool.rdf.namespaces import KGG
from kgtool.project import Project
from kgtool.validation.concepts import explain_undefined_concepts
from kgtool.validation.pyshacl_validator import ValidationReport, load_shapes, validate_graph

__all__ = ["validate_files"]


REMOTE_GRAPH = KGG["file-remote"]
_ALL_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def validate_files(project: Project, files: list[Path], *, alone: bool = False,
                   shapes: list[Path] | None = None, endpoint: str | None = None,
                   timeout: float = 60.0, engine: str = "rdflib",
                   loaded: KnowledgeGraph | None = None) -> ValidationReport:
    """Validate ``files`` with the project's reference data and documents (or alone).

    With no files, validates the project's own data.

    :param alone: validate only ``files`` (plus the ontology for class hierarchy).
    :param shapes: shapes files to use instead of ``ontology/shapes/``.
    :param endpoint: validate the graph of a remote SPARQL endpoint (fetched with one
        CONSTRUCT of its default graph) together with ``files``, instead of the local data.
    :param engine: ``rdflib`` (pySHACL), ``oxigraph`` (:func:`kgtool.validation.compiled.validate_fast`)
        or ``auto`` (by the number of triples, :func:`kgtool.engines.choose_engine`); both
        give the same report (``tests/test_w3c_shacl.py``).
    :param loaded: the project as :func:`~kgtool.rdf.graph.load_project` already loaded it (the
        caller's own copy: ``files`` are added to it), instead of loading it again.
    :returns: the :class:`~kgtool.validation.pyshacl_validator.ValidationReport` (non-conformance is data).
    :raises InputError: when a file does not parse.
    """
    if alone or endpoint:
        # the reference data (jurisdictions, organisations, concept schemes) is what the
        # files refer to: without it every such reference would be a false violation
        reference = tuple(d / "reference" for d in project.data if (d / "reference").is_dir())
        kg = load_project(project.with_(data_dirs=reference or (project.root / ".no-data",)))
        load_files(kg, files)
        if endpoint:
            from kgtool.stores.remote import RemoteStore

            remote = RemoteStore(endpoint, timeout=timeout).construct(_ALL_TRIPLES, timeout=timeout)
            target = kg.graph(REMOTE_GRAPH)
            ontology = kg.ontology()
            for t in remote:
                if t not in ontology:  # the server may hold the ontology too
                    target.add(t)
    elif loaded is not None:
        kg = loaded
        load_files(kg, files)
    else:
        kg = load_project(project, extra_files=files)
    shapes_graph = load_shapes(shapes) if shapes else kg.shapes
    from kgtool.engines.selection import choose_engine

    data = kg.asserted()
    report = choose_engine(engine, size=len(kg)).validate_data(data, shapes_graph, kg.ontology())
    return explain_undefined_concepts(report, _with_ontology(data, kg.ontology()), shapes_graph)


def _with_ontology(data, ontology):
    """A plain Graph of the validated data and the class hierarchy (for the closest IRIs)."""
    from rdflib import Graph

    g = Graph()
    for source in (data, ontology):
        if source is not None:
            for t in source.triples((None, None, None)):
                g.add(t)
    return g
