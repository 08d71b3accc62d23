"""Named fault points for the fault-injection tests (``tests/test_faults.py``).

A build calls :func:`fault_point` at each step that writes to the build directory; when the
environment variable ``KGTOOL_FAULT_AT`` names that step (or lists it, comma-separated;
``step#N``: the N-th time the build passes it, e.g. ``artefact-written#3``), the process ends
there at once with ``os._exit(FAULT_EXIT)`` — no cleanup, no ``finally``, as a
``kill -9`` would. Unset (always, outside the tests), a fault point costs one dict lookup.
"""
from __future__ import annotations

import os

__all__ = ["FAULT_EXIT", "FAULT_POINTS", "fault_point"]

#: exit status of a process stopped at a fault point
FAULT_EXIT = 86

#: every named point, in the order a build passes them (``tests/test_faults.py`` kills at each)
FAULT_POINTS = (
    "locked",            # the build lock is held, leftovers cleaned
    "generation-created",  # the new generation directory exists, empty
    "state-copied",      # incremental: the previous generation's state copied into the new one
    "state-changing",    # incremental: the state store of the new generation is being updated
    "artefact-written",  # after each artefact file (graph.nq, graph.trig, *.ttl, *.json)
    "store-written",     # the persistent query store of the generation is on disk
    "generation-recorded",  # generation.json written: the generation is complete
    "switched",          # build/current points to the new generation
    "cleaned",           # older generations removed
)


_passed: dict[str, int] = {}


def fault_point(step: str) -> None:
    """End the process here if ``KGTOOL_FAULT_AT`` names ``step`` (or ``step#N`` and this
    is the N-th time)."""
    wanted = os.environ.get("KGTOOL_FAULT_AT")
    if not wanted:
        return
    n = _passed[step] = _passed.get(step, 0) + 1
    for item in wanted.split(","):
        name, _, nth = item.strip().partition("#")
        if name == step and (not nth or nth == str(n)):
            os._exit(FAULT_EXIT)
