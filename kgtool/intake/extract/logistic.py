"""A logistic regression kept as data: weights per feature name, an intercept, a threshold and a
line saying what it was trained on (issue #16).

The extractor's learnt parts (:mod:`.assignment_hints`, :mod:`.reading_doubts`) are trained by
scripts that need scikit-learn (``scripts/train_*.py``); scoring needs only this module and the
packaged JSON file, so kgtool does not depend on scikit-learn.

    >>> m = Model({"a": 2.0}, -1.0, 0.5, "a doctest")
    >>> round(m.probability({"a": 1}), 3), round(m.probability({}), 3)
    (0.731, 0.269)
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["Model", "load_models"]


@dataclass(frozen=True)
class Model:
    """A logistic regression's weights, intercept and threshold, and what it was trained on."""

    weights: dict[str, float]
    intercept: float
    threshold: float
    trained_on: str

    def probability(self, feats: dict[str, int]) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-z))

    def contributions(self, feats: dict[str, int]) -> list[tuple[str, float]]:
        """The features that raise the probability, largest first."""
        out = [(k, self.weights.get(k, 0.0) * v) for k, v in feats.items()]
        return sorted([(k, w) for k, w in out if w > 0], key=lambda kw: -kw[1])


@lru_cache(maxsize=None)
def load_models(file_name: str) -> dict[str, Model]:
    """The models of a packaged JSON file: ``{"models": {name: {weights, intercept, threshold,
    trained_on}}}``, or a single model at top level (read as the name ``""``)."""
    raw = json.loads(resources.files("kgtool.intake.extract").joinpath(file_name).read_text(encoding="utf-8"))
    models = raw["models"] if "models" in raw else {"": raw}
    return {name: Model(m["weights"], m["intercept"], m["threshold"], m["trained_on"])
            for name, m in models.items()}
