"""Where a kgtool project keeps its files.

A project is a directory with ``ontology/`` (OWL modules, ``shapes/``, ``rules/``), ``data/``
(``reference/`` and ``documents/``), ``queries/`` and a ``build/`` output directory. The
defaults point at the checkout this package lives in; every path can be overridden.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

__all__ = ["Project", "default_project", "default_corpus_dir"]

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def default_corpus_dir() -> Path | None:
    """The seed corpus (full source texts): ``$KGTOOL_CORPUS`` or ``../shared/seeds``, if present."""
    env = os.environ.get("KGTOOL_CORPUS")
    candidates = [Path(env)] if env else []
    candidates += [PACKAGE_ROOT.parent / "shared" / "seeds", Path.cwd().parent / "shared" / "seeds"]
    for c in candidates:
        if c.is_dir():
            return c
    return None


@dataclass(frozen=True)
class Project:
    """Paths of one kgtool project."""

    root: Path
    data_dirs: tuple[Path, ...] = field(default=())
    build_dir: Path | None = None

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes_dir(self) -> Path:
        return self.ontology_dir / "shapes"

    @property
    def rules_dir(self) -> Path:
        return self.ontology_dir / "rules"

    @property
    def queries_dir(self) -> Path:
        """The project's ``queries/``, else kgtool's built-in named queries."""
        own = self.root / "queries"
        if own.is_dir():
            return own
        return builtin_queries_dir()

    @property
    def data(self) -> tuple[Path, ...]:
        return self.data_dirs or (self.root / "data",)

    @property
    def build(self) -> Path:
        return self.build_dir or (self.root / "build")

    def with_(self, **changes) -> "Project":
        """A copy with some paths replaced."""
        return replace(self, **changes)


def default_project() -> Project:
    """The project of the current directory when it has ``ontology/``, else of this checkout."""
    cwd = Path.cwd()
    if (cwd / "ontology").is_dir() and (cwd / "data").is_dir():
        return Project(cwd)
    return Project(PACKAGE_ROOT)


def builtin_queries_dir() -> Path:
    """kgtool's own named queries: ``kgtool/builtin_queries/`` in an installed wheel (setup.py
    copies the checkout's ``queries/`` there when the wheel is built), else the checkout's
    ``queries/`` (the canonical files)."""
    package = Path(__file__).resolve().parent
    shipped = package / "builtin_queries"
    return shipped if shipped.is_dir() else package.parent / "queries"
