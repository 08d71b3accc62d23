"""The package's public API resolves, and starting a command does not pay for what it does
not use (``kgtool/__init__.py`` imports on first use, PEP 562)."""
import json
import subprocess
import sys

import pytest

import kgtool


def test_every_public_name_resolves():
    for name in kgtool.__all__:
        assert getattr(kgtool, name) is not None, name
    assert kgtool.build.__module__ == "kgtool.building.pipeline"
    assert set(kgtool.__all__) <= set(dir(kgtool))
    with pytest.raises(AttributeError):
        kgtool.no_such_name  # noqa: B018


def _modules_after(statement: str) -> set[str]:
    code = f"{statement}; import json, sys; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    return set(json.loads(out))


def test_importing_the_package_and_the_cli_stays_light():
    # rdflib's SPARQL grammar (~0.1 s to build), networkx (~0.15 s) and owlrl are imported
    # by the commands that use them, not at start-up
    heavy = {"rdflib.plugins.sparql.parser", "networkx", "owlrl", "pyshacl"}
    assert not heavy & _modules_after("import kgtool")
    assert not heavy & _modules_after("import kgtool.cli.main")


def test_the_incremental_path_does_not_import_the_sparql_parser_or_networkx():
    loaded = _modules_after("import kgtool.building.incremental, kgtool.building.pipeline")
    assert not {"rdflib.plugins.sparql.parser", "networkx"} & loaded


def test_build_and_reason_are_functions_whose_modules_have_other_names():
    code = ("import kgtool.building.pipeline, kgtool.reasoning.closure, kgtool.building.incremental; "
            "from kgtool import build, reason; import kgtool; "
            "assert callable(build) and build.__module__ == 'kgtool.building.pipeline', build; "
            "assert callable(reason) and reason.__module__ == 'kgtool.reasoning.closure', reason; "
            "assert kgtool.build is build and kgtool.reason is reason; import sys; "
            "assert sys.modules['kgtool.building.pipeline'].build is build")
    subprocess.run([sys.executable, "-c", code], check=True)
