"""Shared pieces of the ``kgtool`` command line: the context object, the store a command
reads, and the error rendering used by :mod:`kgtool.cli.main` and the ``cli_*`` command modules.

Read commands read the current generation of the build directory
(:func:`kgtool.building.generations.open_generation`), held for the whole command: a build that
finishes meanwhile does not change what they read. A large build (or ``--backend
oxigraph``) is read from the generation's on-disk store, opened read-only
(:mod:`kgtool.building.query_store`). When files under ``ontology/`` or ``data/`` changed since that
build, one line on stderr says so (``--rebuild``: an incremental build runs first).
"""
from __future__ import annotations

import click

from kgtool.bilingual import Bilingual, in_lang
from kgtool.project import Project

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2


class Ctx:
    """Options shared by every command."""

    def __init__(self, project: Project, quiet: bool, as_json: bool, lang: str,
                 backend: str = "auto", *, debug: bool = False, rebuild: bool = False) -> None:
        self.project, self.quiet, self.json, self.lang = project, quiet, as_json, lang
        self.backend = backend
        self.debug, self.rebuild = debug, rebuild
        #: what the command is doing (named by the one-line report of an unexpected error)
        self.step = ""
        self._generation = None
        self._checked = False

    def say(self, msg: str) -> None:
        """Print a progress line on stderr (not with ``--quiet`` or ``--json``), in the
        language of ``--lang`` when ``msg`` is a :class:`~kgtool.bilingual.Bilingual`."""
        self.step = msg = in_lang(msg, self.lang)
        if not self.quiet and not self.json:
            click.echo(msg, err=True)

    def text(self, en: str, zh: str) -> str:
        """``zh`` with ``--lang zh``, else ``en``: one line of the command's own output."""
        return zh if self.lang == "zh" else en

    def wrote(self, path, detail: str = "", detail_zh: str = "") -> None:
        """Say that ``path`` was written (``已写入`` with ``--lang zh``), with an optional detail."""
        if self.lang == "zh":
            self.say(f"已写入 {path}" + (f"：{detail_zh}" if detail_zh else ""))
        else:
            self.say(f"wrote {path}" + (f": {detail}" if detail else ""))

    def generation(self):
        """The build's current generation, held for reading (None: no build yet); checks
        once whether the sources changed since it was built."""
        if self._checked:
            return self._generation
        from kgtool.building.generations import changed_sources, open_generation

        self._checked = True
        gen = open_generation(self.project.build)
        if gen is not None:
            roots = gen.record.get("source_roots") or []
            changed = changed_sources(gen.record.get("sources", {}), roots)
            if changed and self.rebuild:
                from kgtool.building.pipeline import build

                self.say(Bilingual(f"{len(changed)} source file(s) changed since the build: "
                                   "rebuilding incrementally (--rebuild)",
                                   f"自上次构建以来有 {len(changed)} 个源文件已更改：先增量构建"
                                   "（--rebuild）"))
                gen.close()
                from pathlib import Path

                # the data directories that build read (``build --data`` may have named others)
                project = (self.project.with_(data_dirs=tuple(Path(r) for r in roots[1:]))
                           if len(roots) > 1 else self.project)
                result = build(project, backend=self.backend, wait=True, progress=self.say,
                               incremental=True)
                self.say(describe_rebuild(result.rebuild, self.lang))
                gen = open_generation(self.project.build)
            elif changed:
                first, more = changed[0], len(changed) - 1
                if self.lang == "zh":
                    click.echo(f"kgtool：警告：{first}" + (f" 等 {more + 1} 个文件" if more else "")
                               + f" 在构建 {gen.build_id} 之后已更改；结果来自该构建（运行 "
                               "`kgtool build --incremental`，或加 --rebuild）", err=True)
                else:
                    click.echo(f"kgtool: warning: {first}"
                               + (f" and {more} more" if more else "")
                               + f" changed since the build {gen.build_id}; results are of that "
                               "build (run `kgtool build --incremental`, or pass --rebuild)",
                               err=True)
        self._generation = gen
        return gen


def describe_rebuild(rr, lang: str = "en") -> str:
    """One line on what an incremental build did (a :class:`~kgtool.building.incremental.RebuildReport`),
    in ``lang``."""
    zh = lang == "zh"
    if rr.full:
        return ("完整重建：" if zh else "full rebuild: ") + in_lang(rr.reason, lang)
    graphs = [str(g).rsplit("/", 1)[-1] for g in rr.changed_graphs]
    if zh:
        return "增量构建：重新加载 " + ("、".join(graphs) or "（无）")
    return "incremental: reloaded " + (", ".join(graphs) or "nothing")


def error_line(msg: str, lang: str = "en") -> str:
    """The one line of an error on stderr: ``kgtool: error: …`` (``kgtool：错误：…``)."""
    return f"kgtool：错误：{msg}" if lang == "zh" else f"kgtool: error: {msg}"


def report_error(exc: Exception, lang: str = "en") -> int:
    """Print ``exc`` as one line on stderr (its Chinese wording with ``lang`` zh, where it has
    one); return its exit code."""
    text = exc.in_lang(lang) if hasattr(exc, "in_lang") else str(exc)
    click.echo(error_line(" ".join(text.split()), lang), err=True)
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
    """The store a command reads: a remote endpoint, else the last build opened read-only on
    the engine ``--backend`` asks for (:func:`kgtool.building.pipeline.open_build`), else a
    build in memory."""
    if endpoint:
        from kgtool.stores.remote import RemoteStore

        return RemoteStore(endpoint, timeout=timeout)
    from kgtool.building.pipeline import build, open_generation_store

    gen = c.generation()  # held, and checked once for sources changed since the build
    base = gen.dir if gen is not None else c.project.build
    if (base / "graph.nq").is_file():
        return open_generation_store(gen, base, c.backend)
    c.say(Bilingual("no build yet: loading and reasoning in memory (run `kgtool build` to keep it)",
                    "尚无构建：在内存中加载并推理（运行 `kgtool build` 可保存结果）"))
    return build(c.project, write=False, validate=False, backend=c.backend,
                 progress=c.say).query_store()


def build_summary(c: Ctx) -> dict | None:
    """``summary.json`` of the current generation (None without a build)."""
    import json

    gen = c.generation()
    base = gen.dir if gen is not None else c.project.build
    try:
        return json.loads((base / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
