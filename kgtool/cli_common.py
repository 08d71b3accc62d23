"""Shared pieces of the ``kgtool`` command line: the context object, the store a command
reads, and the error rendering used by :mod:`kgtool.cli` and the ``cli_*`` command modules."""
from __future__ import annotations

import click

from .project import Project

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2


class Ctx:
    """Options shared by every command."""

    def __init__(self, project: Project, quiet: bool, as_json: bool, lang: str,
                 backend: str = "auto") -> None:
        self.project, self.quiet, self.json, self.lang = project, quiet, as_json, lang
        self.backend = backend

    def say(self, msg: str) -> None:
        if not self.quiet and not self.json:
            click.echo(msg, err=True)


def report_error(exc: Exception) -> int:
    """Print ``exc`` as one line on stderr; return its exit code."""
    msg = " ".join(str(exc).split())
    click.echo(f"kgtool: error: {msg}", err=True)
    return getattr(exc, "exit_code", EXIT_ERROR)


pass_ctx = click.make_pass_decorator(Ctx)


def quiet_libraries() -> None:
    """rdflib logs a traceback for every ill-typed literal it meets and warns when it writes
    one; kgtool reports those literals itself, as validation results, so keep the noise out."""
    import logging
    import warnings

    logging.getLogger("rdflib").setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", message="Serializing weird numerical")
    warnings.filterwarnings("ignore", category=DeprecationWarning)


def store_for(c: Ctx, endpoint: str | None = None, *, timeout: float = 30.0):
    """The store a command reads: a remote endpoint, else the last build, else a fresh build."""
    if endpoint:
        from .remote import RemoteStore

        return RemoteStore(endpoint, timeout=timeout)
    from .backends import make_store

    if large_build(c):
        from .oxiload import load_nquads  # straight into Oxigraph, no rdflib

        return load_nquads(c.project.build / "graph.nq")
    return make_store(load_kg(c), c.backend)


def large_build(c: Ctx) -> bool:
    """The last build is read on Oxigraph (``--backend oxigraph``, or ``auto`` and large)."""
    from .backends import resolve_backend
    from .build import build_size

    return ((c.project.build / "graph.nq").is_file()
            and resolve_backend(c.backend, build_size(c.project.build)) == "oxigraph")


def load_kg(c: Ctx):
    from .build import build, load_build

    if (c.project.build / "graph.nq").is_file():
        return load_build(c.project.build)
    c.say("no build yet: loading and reasoning in memory (run `kgtool build` to keep it)")
    return build(c.project, write=False, validate=False, progress=c.say).kg
