"""kgtool: a knowledge graph and rules system for Chinese technical-standards policy.

The Python API mirrors the CLI one to one::

    from kgtool import Project, build, load_build, RdflibStore, run_query, get_named_query
    result = build(Project("."))
    table = run_query(RdflibStore(result.kg), get_named_query(Path("queries"), "funders"))
"""
__version__ = "0.1.0"

from .errors import (InputError, KgtoolError, QueryError, ReasoningError, SecurityError,  # noqa: E402
                     StoreError)
from .project import Project, default_project  # noqa: E402
from .graph import KnowledgeGraph, load_files, load_project  # noqa: E402
from .store import RdflibStore, Store  # noqa: E402
from .queries import NamedQuery, get_named_query, load_named_queries, run_query  # noqa: E402
from .results import ResultTable  # noqa: E402
from .reason import apply_rules, reason  # noqa: E402
from .build import build, load_build  # noqa: E402

__all__ = [
    "__version__", "KgtoolError", "InputError", "QueryError", "ReasoningError", "SecurityError",
    "StoreError", "Project", "default_project", "KnowledgeGraph", "load_project", "load_files",
    "Store", "RdflibStore", "NamedQuery", "get_named_query", "load_named_queries", "run_query",
    "ResultTable", "reason", "apply_rules", "build", "load_build",
]
