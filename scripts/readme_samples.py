"""Regenerate (or check) the sample outputs in README.md from the code.

A sample is a block between two markers; the first names the kgtool command line that
produces it (run in-process on a build of the project), optionally with ``head=N`` to keep the
first N lines::

    <!-- sample: --lang zh query funders -f md | head=6 -->
    ...output...
    <!-- /sample -->

Usage:
    python scripts/readme_samples.py           # rewrite README.md's samples
    python scripts/readme_samples.py --check   # exit 1 and name the stale samples
"""
from __future__ import annotations

import argparse
import re
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = re.compile(r"(<!-- sample: (?P<cmd>[^\n]*?) -->\n)(?P<body>.*?)(<!-- /sample -->)", re.S)


def _run(project: Path, cmd: str) -> str:
    from click.testing import CliRunner

    from kgtool.cli.main import cli

    argv, head = cmd, None
    if " | head=" in cmd:
        argv, head = cmd.split(" | head=")
    result = CliRunner().invoke(cli, ["--project", str(project), *shlex.split(argv)],
                                catch_exceptions=False)
    out = result.stdout
    if head is not None:
        out = "\n".join(out.splitlines()[:int(head)]) + "\n"
    fence = "" if out.lstrip().startswith("|") else "```\n"
    return f"{fence}{out.rstrip()}\n{fence}"


def render(readme: str, project: Path) -> str:
    """``readme`` with every sample replaced by the output of its command on ``project``."""
    return SAMPLE.sub(lambda m: m.group(1) + _run(project, m.group("cmd")) + m.group(4), readme)


def built_copy(dest: Path) -> Path:
    """A copy of the project (ontology, data, queries) with its own build, in ``dest``."""
    for d in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / d, dest / d)
    from click.testing import CliRunner

    from kgtool.cli.main import cli

    CliRunner().invoke(cli, ["--project", str(dest), "--quiet", "build"], catch_exceptions=False)
    return dest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check; exit 1 when stale")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="kgtool-readme-") as tmp:
        fresh = render(readme, built_copy(Path(tmp)))
    if args.check:
        stale = [m.group("cmd") for m, n in zip(SAMPLE.finditer(readme), SAMPLE.finditer(fresh))
                 if m.group("body") != n.group("body")]
        for cmd in stale:
            print(f"README.md: stale sample: kgtool {cmd} (run python scripts/readme_samples.py)")
        return 1 if stale else 0
    (ROOT / "README.md").write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
