"""Every sample output in README.md is what the code prints today (scripts/readme_samples.py)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

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
