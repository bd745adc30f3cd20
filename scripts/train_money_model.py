"""Train the money-kind model on the development half of the gold set and write it into the
package (bot/ingest/money_model.json). Reproducible: same gold files, same code, same model.

    .venv/bin/pip install -e '.[train]'   # training only; the bot reads the JSON without it
    .venv/bin/python scripts/train_money_model.py [--shared ../shared]
    .venv/bin/python scripts/train_money_model.py --cv   # honest development figures, nothing written

Only the development half is read; the held-out half is for measuring, never for training.
The model's figures on its own training sheets flatter it, so the regularisation strength is
chosen, and ``--cv`` reports the whole pipeline (rules, model and totals), by cross-validation
that holds out whole development sheets: each fold's sheets are read by a model trained on the
other folds' sheets only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.ingest import _funding  # noqa: E402
from bot.ingest._frontmatter import read_front_matter  # noqa: E402
from bot.ingest._funding import find_funding  # noqa: E402
from bot.ingest._money_model import MODEL_PATH, LinearModel, model_from_payload  # noqa: E402
from bot.ingest._structure import parse_structure  # noqa: E402
from bot.ingest.money_eval import DEFAULT_SHARED, GoldSheet, load_gold, match_figures, score_sheet, summarise  # noqa: E402

C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
MIN_WEIGHT = 0.02
FOLDS = 5


def examples(shared: Path, sheets: Sequence[GoldSheet]) -> tuple[list[list[str]], list[str], list[str]]:
    """(features, gold kind, sheet) for every figure of ``sheets`` the parser finds."""
    rows: list[list[str]] = []
    kinds: list[str] = []
    groups: list[str] = []
    for sheet in sheets:
        text = (shared / sheet.path).read_text(encoding="utf-8")
        front = read_front_matter(text)
        features: list[list[str]] = []
        mentions = find_funding(parse_structure(front.body).blocks, front.title, [], front.date,
                                use_model=False, features_out=features)
        for gold, found in match_figures(sheet.figures, mentions):
            if found is not None:
                rows.append(features[found])
                kinds.append(gold.kind)
                groups.append(sheet.name)
    return rows, kinds, groups


def fit(rows: list[list[str]], kinds: list[str], c: float) -> dict[str, Any]:
    """The model as the JSON payload the package reads."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(row, 1) for row in rows])
    model = LogisticRegression(C=c, max_iter=4000, random_state=0).fit(matrix, kinds)
    weights = {}
    for column, name in enumerate(vectorizer.get_feature_names_out()):
        row = [round(float(model.coef_[k][column]), 3) for k in range(len(model.classes_))]
        if max(abs(w) for w in row) >= MIN_WEIGHT:
            weights[str(name)] = row
    return {
        "about": "money-kind model: trained by scripts/train_money_model.py on the development half of tests/data/money",
        "C": c, "examples": len(rows),
        "classes": [str(k) for k in model.classes_],
        "bias": [round(float(b), 4) for b in model.intercept_],
        "weights": dict(sorted(weights.items())),
    }


@contextmanager
def reading_with(model: LinearModel | None) -> Iterator[None]:
    """Parse with this model in place of the shipped one (None: the rules alone)."""
    saved = _funding.load_model
    _funding.load_model = lambda: model  # type: ignore[assignment]
    try:
        yield
    finally:
        _funding.load_model = saved


def folds(sheets: Sequence[GoldSheet]) -> list[list[GoldSheet]]:
    """Development sheets in FOLDS groups, dealt in name order: fixed, so runs compare."""
    return [list(sheets[k::FOLDS]) for k in range(FOLDS)]


def cross_validate(shared: Path, sheets: Sequence[GoldSheet], c: float) -> list[str]:
    """The scorecard of the development half when every sheet is read by a model that never saw it."""
    data = {sheet.name: examples(shared, [sheet]) for sheet in sheets}
    scores = []
    for held in folds(sheets):
        names = {sheet.name for sheet in held}
        rows = [r for name, (rs, _, _) in data.items() if name not in names for r in rs]
        kinds = [k for name, (_, ks, _) in data.items() if name not in names for k in ks]
        model = model_from_payload(fit(rows, kinds, c))
        with reading_with(model):
            scores += [score_sheet(sheet, shared) for sheet in held]
    return summarise(scores).lines(f"development half, grouped {FOLDS}-fold CV, C={c}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--cv", action="store_true", help="print the cross-validated scorecard; write nothing")
    parser.add_argument("-C", type=float, help="regularisation strength (default: chosen by grouped CV)")
    parser.add_argument("--min-confidence", type=float, help="with --cv: how sure the model must be to overrule "
                        f"the rules' kind (default: the package's, {_funding.MODEL_MIN_CONFIDENCE})")
    args = parser.parse_args()
    if args.min_confidence is not None:
        _funding.MODEL_MIN_CONFIDENCE = args.min_confidence
    sheets = [sheet for sheet in load_gold() if sheet.split == "dev"]
    if args.cv:
        with reading_with(None):
            rules = [score_sheet(sheet, args.shared) for sheet in sheets]
        print("\n".join(summarise(rules).lines("development half, rules alone")))
        for c in ([args.C] if args.C else C_GRID):
            print("\n".join(cross_validate(args.shared, sheets, c)))
        return 0
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_score

    rows, kinds, groups = examples(args.shared, sheets)
    c = args.C
    if c is None:
        matrix = DictVectorizer().fit_transform([dict.fromkeys(row, 1) for row in rows])
        best: tuple[float, float] | None = None
        for candidate in C_GRID:
            model = LogisticRegression(C=candidate, max_iter=4000, random_state=0)
            score = cross_val_score(model, matrix, kinds, groups=groups, cv=GroupKFold(n_splits=FOLDS)).mean()
            print(f"C={candidate:<5} cross-validated kind accuracy on the development sheets: {score:.3f}")
            if best is None or score > best[0]:
                best = (score, candidate)
        assert best is not None
        c = best[1]
    payload = fit(rows, kinds, c)
    MODEL_PATH.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(rows)} figures, C={c}, {len(payload['weights'])} features → {MODEL_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
