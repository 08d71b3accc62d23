"""kgtool: a knowledge graph and rules system for Chinese technical-standards policy.

The Python API mirrors the CLI one to one::

    from kgtool import Project, build, load_build, RdflibStore, run_query, get_named_query
    result = build(Project("."))
    table = run_query(RdflibStore(result.kg), get_named_query(Path("queries"), "funders"))

The names below are imported on first use (PEP 562), so that ``import kgtool`` and
commands that need only part of the package (``kgtool build --incremental``) do not pay
for rdflib's SPARQL parser and networkx at start-up.
"""
from __future__ import annotations

import importlib
import sys
import types

__version__ = "0.1.0"

#: public name -> module (relative to this package) that defines it
_EXPORTS = {
    "KgtoolError": ".errors", "InputError": ".errors", "QueryError": ".errors",
    "ReasoningError": ".errors", "SecurityError": ".errors", "StoreError": ".errors",
    "Project": ".project", "default_project": ".project",
    "KnowledgeGraph": ".graph", "load_files": ".graph", "load_project": ".graph",
    "Store": ".store", "RdflibStore": ".store",
    "NamedQuery": ".queries", "get_named_query": ".queries",
    "load_named_queries": ".queries", "run_query": ".queries",
    "ResultTable": ".results",
    "reason": ".reason", "apply_rules": ".reason",
    "build": ".build", "load_build": ".build",
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


class _Package(types.ModuleType):
    """``kgtool.build`` and ``kgtool.reason`` are functions, as they were when this package
    imported them eagerly, although modules of the same names exist: importing the submodule
    would otherwise rebind the package attribute to the module (the import system sets it),
    and ``from kgtool import build`` would then return a module."""

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, types.ModuleType) and _EXPORTS.get(name) == "." + name:
            return  # the module stays in sys.modules; the attribute resolves to the function
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
