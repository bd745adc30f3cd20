"""A small linear model that reads the kind of a dollar figure from the rules' reading and the
words around it.

The rules (``_money_kind``) name a kind from cues; the model weighs those cues against each other
and against the words and the document's structure, as learned from the development half of the
hand-made gold set. It is trained by ``python scripts/train_money_model.py`` (scikit-learn,
fixed seed, reproducible) and ships as plain JSON in the package: inference is a sum of weights,
no library and nothing fetched at run time. Without the file the rules' reading stands.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

MODEL_PATH = Path(__file__).with_name("money_model.json")


@dataclass(frozen=True, slots=True)
class LinearModel:
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def scores(self, features: Iterable[str]) -> list[float]:
        rows = [row for row in map(self.weights.get, features) if row is not None]
        if not rows:
            return list(self.bias)
        return [bias + sum(column) for bias, column in zip(self.bias, zip(*rows, strict=True), strict=True)]

    def predict(self, features: Iterable[str]) -> tuple[str, float]:
        """The most likely class and its probability."""
        scores = self.scores(features)
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        best = max(range(len(scores)), key=scores.__getitem__)
        return self.classes[best], exps[best] / sum(exps)


@cache
def _models_in(path: Path) -> tuple[LinearModel | None, CountedStage | None]:
    """The kind model and the counted stage of the model file, read and parsed once per process."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, None
    return model_from_payload(data), counted_stage_from_payload(data.get("counted_stage"))


def load_model(path: Path = MODEL_PATH) -> LinearModel | None:
    """The shipped model, or None when there is none (the rules decide alone)."""
    return _models_in(path)[0]


def model_from_payload(data: dict[str, Any]) -> LinearModel:
    """The model from its JSON form (as written by scripts/train_money_model.py)."""
    classes = tuple(data["classes"])
    return LinearModel(
        classes=classes,
        bias=tuple(float(b) for b in data["bias"]),
        weights={feature: tuple(float(w) for w in row) for feature, row in data["weights"].items()},
    )


class Predictor(Protocol):
    """What the counted stage asks of its model: the most likely class and its probability (the shipped linear model,
    or a learner the training script compares)."""

    def predict(self, features: Iterable[str]) -> tuple[str, float]: ...


@dataclass(frozen=True, slots=True)
class CountedStage:
    """A second model that reads the rules' counted flag with the figure's context and place in
    the document, and flips it only when at least this sure (one threshold per direction, chosen
    by grouped cross-validation on the development sheets; above 1: never)."""

    model: Predictor
    out_at: float
    in_at: float

    def flip(self, features: Iterable[str], counted: bool) -> bool:
        """Whether the stage overrules the counted flag ``counted``."""
        verdict, confidence = self.model.predict(features)
        if (verdict == "counted") == counted:
            return False
        return confidence >= (self.out_at if counted else self.in_at)


def load_counted_stage(path: Path = MODEL_PATH) -> CountedStage | None:
    """The shipped counted stage, or None when the model file has none."""
    return _models_in(path)[1]


def counted_stage_from_payload(data: dict[str, Any] | None) -> CountedStage | None:
    """The counted stage from its JSON form, None when absent."""
    if not data:
        return None
    return CountedStage(model_from_payload(data), out_at=float(data["out_at"]), in_at=float(data["in_at"]))
