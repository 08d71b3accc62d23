"""Incremental rebuild: changing one source document re-loads, re-reasons and
re-validates only what depends on it.

:func:`rebuild` keeps a state directory (default ``<project.build>/state/``, :mod:`.state`)
and, when document files changed (found by size, mtime and sha256, :mod:`.files`), reloads
only their named graphs, computes their closure and rules alone (:mod:`.safety` proves that
this equals the full closure for the project's ontology, and checks the preconditions on every
rebuild), updates the merged ``kgg:inferred`` / ``kgg:rules`` and re-validates the focus nodes
and cross-document targets the change can reach (:mod:`.validation`). Anything else — the
ontology, shapes, rules, reference data, the reasoner, the state's format — makes a full
rebuild, and the report says why.

Two ways to keep the state, picked by the reasoner:

- rdflib mode (``owlrl``/``reasonable``, small graphs, :mod:`.reference`): :func:`load_state`
  gives the graphs a full build makes, written by :class:`kgtool.engines.rdflib_engine.RdflibEngine`;
- Oxigraph-native mode (``sparql``, large graphs, :mod:`.native`): everything stays in
  Oxigraph, and :func:`write_state_artefacts` writes ``graph.nq`` from pieces kept in the
  state (:mod:`.nquads`), ``validation.json`` and ``summary.json`` without reading the store.

``tests/test_incremental.py`` proves the result equals a full build in both modes (a changed,
unchanged, added and removed document).
"""
from kgtool.building.incremental.common import CROSS_SHAPES, RebuildReport
from kgtool.building.incremental.native import write_state_artefacts
from kgtool.building.incremental.rebuild import rebuild
from kgtool.building.incremental.reference import load_state
from kgtool.building.incremental.state import STATE_VERSION, state_counts

__all__ = ["RebuildReport", "rebuild", "load_state", "CROSS_SHAPES", "STATE_VERSION",
           "state_counts", "write_state_artefacts"]
