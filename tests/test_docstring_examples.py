"""The examples in the API docstrings run and give what they show (``doctest``).

Every module of the package is imported and its ``>>>`` examples executed; a module without
examples passes trivially, so the test also checks that the documented API has examples at all.
"""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import kgtool

MODULES = sorted(m.name for m in pkgutil.walk_packages(kgtool.__path__, "kgtool.")
                 if not m.name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_examples_in_docstrings_hold(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, report=False, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} docstring examples fail in {name}"


def test_the_documented_api_has_examples():
    finder = doctest.DocTestFinder()
    with_examples = {name for name in MODULES
                     if any(t.examples for t in finder.find(importlib.import_module(name)))}
    assert {"kgtool.rdf.parse", "kgtool.validation.pyshacl_validator", "kgtool.validation.shapes", "kgtool.querying.named",
            "kgtool.intake.textnorm", "kgtool.views.network"} <= with_examples
    assert len(with_examples) >= 25
