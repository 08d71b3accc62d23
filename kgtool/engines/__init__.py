"""The engine seam: the two ways kgtool loads, reasons, validates, writes and reads a graph,
behind one interface (:class:`~kgtool.engines.base.Engine`), chosen once, here, by one
measure.

- :class:`~kgtool.engines.rdflib_engine.RdflibEngine`: rdflib + owlrl/reasonable + pySHACL,
  the reference;
- :class:`~kgtool.engines.oxigraph_engine.OxigraphEngine`: Oxigraph + the ontology compiled
  to SPARQL + the compiled SHACL validator, the fast one.

``--backend auto`` picks Oxigraph when the graph is large: more than :data:`LARGE_GRAPH`
triples (or the value of the environment variable ``KGTOOL_LARGE_GRAPH``, which tests use to
build a small project the large-graph way), counted as the build's triples when reading a
build and estimated from the data files' size before a build. An rdflib reasoner
(``--reasoner owlrl`` / ``reasonable``) asks for the rdflib engine; ``--reasoner sparql``
for Oxigraph. Both engines give the same answers to every named query and the same
validation report (``tests/test_engine_selection.py``, the W3C suites).
"""
from kgtool.engines.base import Engine, LoadedGraph
from kgtool.engines.selection import RDFLIB_REASONERS, SPARQL_REASONER, choose_engine
from kgtool.engines.size import ENGINE_NAMES, LARGE_GRAPH, large_graph_threshold, resolve_backend

__all__ = ["Engine", "LoadedGraph", "ENGINE_NAMES", "LARGE_GRAPH", "choose_engine",
           "resolve_backend", "large_graph_threshold", "RDFLIB_REASONERS", "SPARQL_REASONER"]
