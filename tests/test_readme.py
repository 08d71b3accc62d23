"""Every sample output in README.md is what the code prints today (scripts/readme_samples.py)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _samples():
    spec = importlib.util.spec_from_file_location("readme_samples", ROOT / "scripts" / "readme_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_has_samples_and_they_are_current(tmp_path):
    samples = _samples()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = list(samples.SAMPLE.finditer(readme))
    assert len(found) >= 4, "README.md should carry its sample outputs between sample markers"
    fresh = samples.render(readme, samples.built_copy(tmp_path))
    stale = [m.group("cmd") for m, n in zip(found, samples.SAMPLE.finditer(fresh))
             if m.group("body") != n.group("body")]
    assert stale == [], f"stale README samples (run python scripts/readme_samples.py): {stale}"


def _python_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("From Python:")
    block = text[text.index("```python\n", start) + len("```python\n"):]
    return block[:block.index("```")]


@pytest.mark.parametrize("large", [False, True], ids=["small-build", "large-build"])
def test_the_python_example_runs_on_a_small_and_a_large_build(tmp_path, monkeypatch, large):
    # a copy of the project, built as the README says; `large` builds it the large-graph
    # way (Oxigraph engine), where the build result holds no rdflib graph
    import shutil

    for part in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / part, tmp_path / part)
    monkeypatch.chdir(tmp_path)
    if large:
        monkeypatch.setenv("KGTOOL_LARGE_GRAPH", "1")
    scope: dict = {}
    exec(compile(_python_example(), "README.md (From Python)", "exec"), scope)
    assert scope["result"].backend.name == ("oxigraph" if large else "rdflib")
    df = scope["df"]
    assert len(df) > 0 and "funder" in " ".join(map(str, df.columns)).lower()
