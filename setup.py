"""Packaging hook: ship the top-level ``queries/`` in the wheel as ``kgtool/builtin_queries/``.

The named queries stay where the project layout keeps them (``queries/``, the canonical
files); ``build_py`` copies them into the build tree, so ``pip wheel .`` (and a wheel built
from the sdist, see MANIFEST.in) carries them and an installed kgtool finds them through
``kgtool.querying.named.builtin_queries_dir()``. Everything else is declared in pyproject.toml.
"""
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

QUERIES = Path(__file__).resolve().parent / "queries"


class BuildPyWithQueries(build_py):
    """``build_py`` that also copies ``queries/*.rq`` and its README into the package."""

    def run(self):
        super().run()
        if self.editable_mode:  # an editable install reads queries/ from the checkout
            return
        files = sorted(QUERIES.glob("*.rq")) + [QUERIES / "README.md"]
        if len(files) < 2:
            raise SystemExit(f"{QUERIES}: no named queries to ship")
        target = Path(self.build_lib) / "kgtool" / "builtin_queries"
        self.mkpath(str(target))
        for src in files:
            self.copy_file(str(src), str(target / src.name))


setup(cmdclass={"build_py": BuildPyWithQueries})
