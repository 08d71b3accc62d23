"""kgtool: a knowledge graph and rules system for Chinese technical-standards policy.

The Python API mirrors the CLI one to one::

    from kgtool import Project, build, open_build, run_query, get_named_query
    result = build(Project("."))
    table = run_query(open_build(Path("build")), get_named_query(Path("queries"), "funders"))

The names below are imported on first use (PEP 562), so that ``import kgtool`` and
commands that need only part of the package (``kgtool build --incremental``) do not pay
for rdflib's SPARQL parser and networkx at start-up.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: public name -> module (relative to this package) that defines it
_EXPORTS = {
    "KgtoolError": ".errors", "InputError": ".errors", "QueryError": ".errors",
    "ReasoningError": ".errors", "SecurityError": ".errors", "StoreError": ".errors",
    "Project": ".project", "default_project": ".project",
    "KnowledgeGraph": ".rdf.graph", "load_files": ".rdf.graph", "load_project": ".rdf.graph",
    "Store": ".stores.base", "RdflibStore": ".stores.base",
    "NamedQuery": ".querying.named", "get_named_query": ".querying.named",
    "load_named_queries": ".querying.named", "run_query": ".querying.named",
    "ResultTable": ".querying.results",
    "reason": ".reasoning.closure", "apply_rules": ".reasoning.closure",
    "build": ".building.pipeline", "load_build": ".building.pipeline",
    "open_build": ".building.pipeline", "BuildResult": ".building.result",
    "Engine": ".engines", "choose_engine": ".engines",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kgtool' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
