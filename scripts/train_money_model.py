"""Train the money-kind model on the development half of the gold set and write it into the
package (bot/ingest/money_model.json). Reproducible: same gold files, same code, same model.

    .venv/bin/pip install scikit-learn   # training only; the bot reads the JSON without it
    .venv/bin/python scripts/train_money_model.py [--shared ../shared]

Only the development half is read; the held-out half is for measuring, never for training.
The regularisation strength is chosen by cross-validation over the development sheets.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.ingest._frontmatter import read_front_matter  # noqa: E402
from bot.ingest._funding import find_funding  # noqa: E402
from bot.ingest._money_model import MODEL_PATH  # noqa: E402
from bot.ingest._structure import parse_structure  # noqa: E402
from bot.ingest.money_eval import DEFAULT_SHARED, load_gold, match_figures  # noqa: E402

C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
MIN_WEIGHT = 0.02


def examples(shared: Path) -> tuple[list[list[str]], list[str], list[str]]:
    """(features, gold kind, sheet) for every development figure the parser finds."""
    rows: list[list[str]] = []
    kinds: list[str] = []
    groups: list[str] = []
    for sheet in load_gold():
        if sheet.split != "dev":
            continue
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_score

    rows, kinds, groups = examples(args.shared)
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(row, 1) for row in rows])
    best = None
    for c in C_GRID:
        model = LogisticRegression(C=c, max_iter=4000, random_state=0)
        score = cross_val_score(model, matrix, kinds, groups=groups, cv=GroupKFold(n_splits=5)).mean()
        print(f"C={c:<5} cross-validated kind accuracy on the development sheets: {score:.3f}")
        if best is None or score > best[0]:
            best = (score, c)
    assert best is not None
    model = LogisticRegression(C=best[1], max_iter=4000, random_state=0).fit(matrix, kinds)
    names = vectorizer.get_feature_names_out()
    weights = {}
    for column, name in enumerate(names):
        row = [round(float(model.coef_[k][column]), 3) for k in range(len(model.classes_))]
        if max(abs(w) for w in row) >= MIN_WEIGHT:
            weights[str(name)] = row
    payload = {
        "about": "money-kind model: trained by scripts/train_money_model.py on the development half of tests/data/money",
        "C": best[1], "examples": len(rows),
        "classes": [str(c) for c in model.classes_],
        "bias": [round(float(b), 4) for b in model.intercept_],
        "weights": dict(sorted(weights.items())),
    }
    MODEL_PATH.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(rows)} figures, C={best[1]}, {len(weights)} features → {MODEL_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
