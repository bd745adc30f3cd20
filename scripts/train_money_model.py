"""Train the money-kind model on the development half of the gold set and write it into the
package (bot/ingest/money_model.json). Reproducible: same gold files, same code, same model.

    .venv/bin/pip install -e '.[train]'   # training only; the bot reads the JSON without it
    .venv/bin/python scripts/train_money_model.py [--shared ../shared]
    .venv/bin/python scripts/train_money_model.py --cv   # honest development figures, nothing written
        # all development sheets, then the chosen ones (tests/data/money/chosen_dev.txt) and the rest apart
    .venv/bin/python scripts/train_money_model.py --learning-curve -C 3   # CV with fewer training sheets
    .venv/bin/python scripts/train_money_model.py --cv -C 3 --stage-C 1 --out-at 0.8,0.9 --in-at 0.9,2
        # the optional counted stage, per pair of thresholds (none ships: see docs/money.md, round 8)
    .venv/bin/python scripts/train_money_model.py --cv -C 3 --learner hgb [--conjunctions]
        # boosted trees, or conjunctions, in place of the linear model (none ships: docs/money.md, round 12a)

Only the development half is read; the held-out half is for measuring, never for training.
The model's figures on its own training sheets flatter it, so the regularisation strength is
chosen, and ``--cv`` reports the whole pipeline (rules, model and totals), by cross-validation
that holds out whole development sheets: each fold's sheets are read by a model trained on the
other folds' sheets only.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.ingest import _funding  # noqa: E402
from bot.ingest._frontmatter import read_front_matter  # noqa: E402
from bot.ingest._funding import find_funding  # noqa: E402
from bot.ingest._money_model import (  # noqa: E402
    MODEL_PATH,
    CountedStage,
    LinearModel,
    counted_stage_from_payload,
    model_from_payload,
)
from bot.ingest._structure import parse_structure  # noqa: E402
from bot.ingest.money_eval import (  # noqa: E402
    DEFAULT_SHARED,
    GoldSheet,
    SheetScore,
    Summary,
    load_gold,
    match_figures,
    score_sheet,
    summarise,
)

C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
MIN_WEIGHT = 0.02
FOLDS = 5
NEVER = 2.0  # a stage threshold above 1: that direction never flips
LEARNING_SHARES = (0.25, 0.5, 0.75, 1.0)
CHOSEN_PATH = ROOT / "tests" / "data" / "money" / "chosen_dev.txt"  # the development sheets chosen as the held-out half was


@dataclass(slots=True)
class Examples:
    """One sheet's figures as the models read them, with their gold labels."""

    rows: list[list[str]] = field(default_factory=list)  # what the kind model reads
    kinds: list[str] = field(default_factory=list)
    stage_rows: list[list[str]] = field(default_factory=list)  # what the counted stage reads
    counted: list[str] = field(default_factory=list)  # "counted" or "not"


def examples(shared: Path, sheets: Sequence[GoldSheet]) -> Examples:
    """Every figure of ``sheets`` the parser finds, read by the rules alone."""
    out = Examples()
    for sheet in sheets:
        text = (shared / sheet.path).read_text(encoding="utf-8")
        front = read_front_matter(text)
        features: list[list[str]] = []
        stage_features: list[list[str]] = []
        mentions = find_funding(parse_structure(front.body).blocks, front.title, [], front.date,
                                use_model=False, features_out=features, counted_features_out=stage_features)
        for gold, found in match_figures(sheet.figures, mentions):
            if found is not None:
                out.rows.append(features[found])
                out.kinds.append(gold.kind)
                out.stage_rows.append(stage_features[found])
                out.counted.append("counted" if gold.counted else "not")
    return out


def fit(rows: list[list[str]], kinds: list[str], c: float, class_weight: str | None = None,
        sample_weight: Sequence[float] | None = None) -> dict[str, Any]:
    """The model as the JSON payload the package reads (``sample_weight``: how much each example counts, for comparisons
    such as scripts/money_context_experiments.py; the shipped models weigh every example alike)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(row, 1) for row in rows])
    model = LogisticRegression(C=c, max_iter=4000, random_state=0, class_weight=class_weight).fit(
        matrix, kinds, sample_weight=sample_weight)
    coef = model.coef_
    classes = [str(k) for k in model.classes_]
    bias = [float(b) for b in model.intercept_]
    if len(classes) == 2:  # a binary model keeps one row: spread it as two scores, same probabilities
        coef = [-coef[0] / 2, coef[0] / 2]
        bias = [-bias[0] / 2, bias[0] / 2]
    weights = {}
    for column, name in enumerate(vectorizer.get_feature_names_out()):
        row = [round(float(coef[k][column]), 3) for k in range(len(classes))]
        if max(abs(w) for w in row) >= MIN_WEIGHT:
            weights[str(name)] = row
    return {
        "about": "money-kind model: trained by scripts/train_money_model.py on the development half of tests/data/money",
        "C": c, "examples": len(rows),
        "classes": classes,
        "bias": [round(b, 4) for b in bias],
        "weights": dict(sorted(weights.items())),
    }


def fit_stage(data: Sequence[Examples], c: float, out_at: float, in_at: float, focus: bool = False,
              weights: Sequence[float] | None = None) -> dict[str, Any]:
    """The counted stage as the JSON payload the package reads (``focus``: trained only on the
    figures the rules count, i.e. for taking figures out; ``weights``: how much each sheet of ``data`` counts)."""
    sheet_weights = weights if weights is not None else [1.0] * len(data)
    pairs = [(r, k, w) for d, w in zip(data, sheet_weights, strict=True)
             for r, k in zip(d.stage_rows, d.counted, strict=True) if not focus or "counted=True" in r]
    payload = fit([r for r, _, _ in pairs], [k for _, k, _ in pairs], c,
                  sample_weight=[w for _, _, w in pairs] if weights is not None else None)
    payload["about"] = "counted stage: trained by scripts/train_money_model.py --stage on the development half"
    payload.update(out_at=out_at, in_at=in_at)
    return payload


CONJUNCT_PREFIXES = ("b1:", "a1:", "b:", "a:", "block=", "flag:", "qual=", "mag=", "parent_rule=", "src=")


def conjoined(row: Sequence[str]) -> list[str]:
    """The row with the rules' kind conjoined to each cue word and structural feature
    ("rule=new&b1:announced", "rule=background&flag:part"): the interactions a sum of weights
    cannot express."""
    rule = next((f for f in row if f.startswith("rule=")), "rule=?")
    return [*row, *(f"{rule}&{f}" for f in row if f.startswith(CONJUNCT_PREFIXES))]


@dataclass(slots=True)
class TreeKindModel:
    """A gradient-boosted tree learner over the most frequent binary features, read through the
    same ``predict(features) -> (kind, probability)`` the pipeline asks of the linear model
    (comparison only: scikit-learn at run time)."""

    estimator: Any
    columns: dict[str, int]
    classes: tuple[str, ...]
    conjunctions: bool
    known: dict[tuple[str, ...], tuple[str, float]] = field(default_factory=dict)

    def matrix(self, rows: Sequence[Sequence[str]]) -> Any:
        import numpy as np

        out = np.zeros((len(rows), len(self.columns)), dtype=np.float32)
        for i, row in enumerate(rows):
            for name in conjoined(row) if self.conjunctions else row:
                column = self.columns.get(name)
                if column is not None:
                    out[i, column] = 1.0
        return out

    def prime(self, rows: Sequence[Sequence[str]]) -> None:
        """Predict these rows in one batch (a boosted model is slow one row at a time)."""
        if rows:
            for row, proba in zip(rows, self.estimator.predict_proba(self.matrix(rows)), strict=True):
                best = int(proba.argmax())
                self.known[tuple(row)] = (self.classes[best], float(proba[best]))

    def predict(self, features: Iterable[str]) -> tuple[str, float]:
        row = tuple(features)
        if row not in self.known:
            self.prime([row])
        return self.known[row]


@dataclass(slots=True)
class ConjoinedLinear:
    """The linear model read over conjoined rows."""

    model: LinearModel

    def predict(self, features: Sequence[str]) -> tuple[str, float]:
        return self.model.predict(conjoined(features))


def fit_trees(rows: list[list[str]], kinds: list[str], variant: Variant) -> TreeKindModel:
    """A boosted-tree learner over the ``variant.top`` most frequent (conjoined) features."""
    from collections import Counter


    counts = Counter(f for r in rows for f in set(conjoined(r) if variant.conjunctions else r))
    kept = [f for f, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:variant.top]]
    model = TreeKindModel(None, {f: i for i, f in enumerate(kept)}, (), variant.conjunctions)
    matrix = model.matrix(rows)
    if variant.learner == "hgb":
        from sklearn.ensemble import HistGradientBoostingClassifier

        estimator = HistGradientBoostingClassifier(
            max_iter=variant.trees, learning_rate=variant.rate, max_leaf_nodes=variant.leaves,
            min_samples_leaf=variant.min_leaf, l2_regularization=1.0, early_stopping=False, random_state=0)
    else:
        from sklearn.ensemble import GradientBoostingClassifier

        estimator = GradientBoostingClassifier(n_estimators=variant.trees, learning_rate=variant.rate,
                                               max_leaf_nodes=variant.leaves, min_samples_leaf=variant.min_leaf,
                                               subsample=1.0, random_state=0)
    model.estimator = estimator.fit(matrix, kinds)
    model.classes = tuple(str(k) for k in estimator.classes_)
    return model


@contextmanager
def reading_with(model: LinearModel | None, stage: CountedStage | None = None) -> Iterator[None]:
    """Parse with this model (and counted stage) in place of the shipped ones (None: the rules alone)."""
    saved = _funding.load_model, _funding.load_counted_stage

    def this_model(path: Path = MODEL_PATH) -> LinearModel | None:
        return model

    def this_stage(path: Path = MODEL_PATH) -> CountedStage | None:
        return stage

    _funding.load_model = this_model
    _funding.load_counted_stage = this_stage
    try:
        yield
    finally:
        _funding.load_model, _funding.load_counted_stage = saved


def folds(sheets: Sequence[GoldSheet]) -> list[list[GoldSheet]]:
    """Development sheets in FOLDS groups, dealt in name order: fixed, so runs compare."""
    return [list(sheets[k::FOLDS]) for k in range(FOLDS)]


@dataclass(frozen=True, slots=True)
class Variant:
    """One way of training and applying the models, as cross-validated."""

    c: float = 3.0
    class_weight: str | None = None
    stage_c: float | None = None  # None: no counted stage
    thresholds: tuple[tuple[float, float], ...] = ((NEVER, NEVER),)  # (out_at, in_at) of the stage
    stage_focus: bool = False
    learner: str = "linear"  # or "hgb", "gb": boosted trees (comparison only, docs/money.md round 12a)
    conjunctions: bool = False  # add the rules' kind x cue / structure conjunctions
    top: int = 300  # trees: the most frequent features kept
    trees: int = 200
    rate: float = 0.1
    leaves: int = 15
    min_leaf: int = 10
    stage_learner: str = "linear"  # or "hgb": boosted trees for the counted stage too (comparison only)
    chosen_weight: float = 1.0  # how much each figure of a chosen development sheet counts in the kind model
    stage_chosen_weight: float = 1.0  # likewise in the counted stage


def cross_validate_scores(shared: Path, sheets: Sequence[GoldSheet], variant: Variant, *,
                          data: dict[str, Examples] | None = None, train_fraction: float = 1.0, seed: int = 0,
                          chosen: Collection[str] = ()) -> dict[tuple[float, float], list[SheetScore]]:
    """Every development sheet's score when it is read by models that never saw it, per stage threshold pair.
    ``train_fraction`` < 1 trains each fold on a random share of the other folds' sheets (the learning curve); the
    sheets scored are always all of them. ``chosen`` names the sheets ``variant.chosen_weight`` and
    ``variant.stage_chosen_weight`` weigh in training."""
    data = data if data is not None else {sheet.name: examples(shared, [sheet]) for sheet in sheets}
    scores: dict[tuple[float, float], list[SheetScore]] = {pair: [] for pair in variant.thresholds}
    rng = random.Random(seed)
    for held in folds(sheets):
        names = {sheet.name for sheet in held}
        train_names = [sheet.name for sheet in sheets if sheet.name not in names]
        if train_fraction < 1:
            train_names = rng.sample(train_names, max(2, round(len(train_names) * train_fraction)))
        train = [data[name] for name in train_names]
        train_rows, train_kinds = [r for d in train for r in d.rows], [k for d in train for k in d.kinds]
        kind_weights = sheet_weights(train_names, chosen, variant.chosen_weight)
        row_weights = ([w for d, w in zip(train, kind_weights, strict=True) for _ in d.rows]
                       if kind_weights is not None else None)
        model: Any
        if variant.learner == "linear":
            if variant.conjunctions:
                model = ConjoinedLinear(model_from_payload(fit([conjoined(r) for r in train_rows], train_kinds,
                                                               variant.c, variant.class_weight, row_weights)))
            else:
                model = model_from_payload(fit(train_rows, train_kinds, variant.c, variant.class_weight, row_weights))
        else:
            model = fit_trees(train_rows, train_kinds, variant)
            model.prime([r for sheet in held for r in data[sheet.name].rows])
        stage_payload = (fit_stage(train, variant.stage_c, NEVER, NEVER, variant.stage_focus,
                                   sheet_weights(train_names, chosen, variant.stage_chosen_weight))
                         if variant.stage_c else None)
        stage_trees = None
        if variant.stage_c and variant.stage_learner != "linear":
            stage_trees = fit_trees([r for d in train for r in d.stage_rows], [k for d in train for k in d.counted],
                                    replace(variant, learner=variant.stage_learner))
            stage_trees.prime([r for sheet in held for r in data[sheet.name].stage_rows])
        for out_at, in_at in variant.thresholds:
            stage = None
            if stage_trees is not None:
                stage = CountedStage(stage_trees, out_at, in_at)
            elif stage_payload is not None:
                stage = counted_stage_from_payload({**stage_payload, "out_at": out_at, "in_at": in_at})
            with reading_with(model, stage):
                scores[(out_at, in_at)] += [score_sheet(sheet, shared) for sheet in held]
    return scores


def cross_validate(shared: Path, sheets: Sequence[GoldSheet], variant: Variant, *,
                   data: dict[str, Examples] | None = None, train_fraction: float = 1.0,
                   seed: int = 0, chosen: Collection[str] = ()) -> dict[tuple[float, float], Summary]:
    """The development half's scorecard when every sheet is read by models that never saw it, per
    stage threshold pair (``cross_validate_scores``, summarised)."""
    return {pair: summarise(found) for pair, found in cross_validate_scores(
        shared, sheets, variant, data=data, train_fraction=train_fraction, seed=seed, chosen=chosen).items()}


def sheet_weights(names: Sequence[str], chosen: Collection[str], weight: float) -> list[float] | None:
    """Each sheet's weight in training: ``weight`` for the chosen ones, 1 for the rest (None: all alike)."""
    if weight == 1 or not chosen:
        return None
    return [weight if name in chosen else 1.0 for name in names]


def read_chosen(path: Path = CHOSEN_PATH) -> frozenset[str]:
    """The chosen development sheets (tests/data/money/chosen_dev.txt): gold file names, one per line, '#' comments."""
    if not path.exists():
        return frozenset()
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line.removesuffix(".toml") for line in lines if line)


def subset_lines(scores: Sequence[SheetScore], chosen: Collection[str], label: str) -> list[str]:
    """The scorecard of the chosen development sheets and of the rest, each in the same lines as the whole."""
    if not chosen:
        return []
    picked = [score for score in scores if score.sheet.name in chosen]
    rest = [score for score in scores if score.sheet.name not in chosen]
    out: list[str] = []
    for part, name in ((picked, "chosen sheets (chosen_dev.txt)"), (rest, "the rest (labelled in bulk)")):
        if part:
            out += summarise(part).lines(f"{label}, {name}")
    return out


def brief(summary: Summary) -> str:
    """counted / kind / not-money counted / totals, in percent."""
    return (f"{summary.counted:6.1%} {summary.kind:6.1%} {summary.not_money_counted:6.1%} "
            f"{summary.sheet_totals:6.1%}")


def learning_curve(shared: Path, sheets: Sequence[GoldSheet], variant: Variant, seeds: int) -> None:
    """Grouped CV of ``variant`` (the shipped procedure by default) trained on a random share of each
    fold's training sheets."""
    data = {sheet.name: examples(shared, [sheet]) for sheet in sheets}
    with reading_with(None):
        rules = summarise([score_sheet(sheet, shared) for sheet in sheets])
    train_sheets = len(sheets) - len(sheets) // FOLDS
    print(f"learning curve: grouped {FOLDS}-fold CV over all {len(sheets)} development sheets, {variant}; "
          f"each fold trained on a random share of its ~{train_sheets} training sheets")
    print("share  sheets seed  counted   kind  nm-cnt totals")
    print(f"rules      0    -  {brief(rules)}")
    for fraction in LEARNING_SHARES:
        runs = [cross_validate(shared, sheets, variant, data=data, train_fraction=fraction, seed=seed)
                [(NEVER, NEVER)] for seed in range(seeds if fraction < 1 else 1)]
        for seed, summary in enumerate(runs):
            print(f"{fraction:4.0%} {round(train_sheets * fraction):6d} {seed:4d}  {brief(summary)}")
        if len(runs) > 1:
            mean = [sum(getattr(r, name) for r in runs) / len(runs)
                    for name in ("counted", "kind", "not_money_counted", "sheet_totals")]
            print(f"{fraction:4.0%} {round(train_sheets * fraction):6d} mean  " + " ".join(f"{m:6.1%}" for m in mean))


def _thresholds(text: str | None) -> tuple[float, ...]:
    return tuple(float(t) for t in text.split(",")) if text else (NEVER,)


def _chosen_sheets(args: argparse.Namespace) -> set[str] | None:
    """The development sheets to train on, when not all of them: a file naming them, one per line, or the
    sheets the shipped model names (it records them), so that a model kept while the set grew can be rebuilt."""
    if args.sheets is not None:
        return {line.strip() for line in args.sheets.read_text(encoding="utf-8").splitlines() if line.strip()}
    if args.same_sheets:
        names = json.loads(MODEL_PATH.read_text(encoding="utf-8")).get("sheets")
        if not names:
            raise SystemExit(f"{MODEL_PATH.relative_to(ROOT)} names no sheets: train it once with --sheets or on all")
        return set(names)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--cv", action="store_true", help="print the cross-validated scorecard; write nothing")
    parser.add_argument("--learning-curve", action="store_true",
                        help="print grouped CV with each fold trained on 25/50/75/100%% of its sheets; write nothing")
    parser.add_argument("--seeds", type=int, default=3, help="with --learning-curve: random draws per share")
    parser.add_argument("-C", type=float, help="regularisation strength (default: chosen by grouped CV)")
    parser.add_argument("--class-weight", choices=["balanced"], help="weigh the kinds' examples inversely to their counts")
    parser.add_argument("--min-confidence", type=float, help="with --cv: how sure the model must be to overrule "
                        f"the rules' kind (default: the package's, {_funding.MODEL_MIN_CONFIDENCE})")
    parser.add_argument("--overrule-money", type=float, help="with --cv: how sure the model must be to take a "
                        f"figure out of money (default: the package's, {_funding.MODEL_OVERRULES_MONEY})")
    parser.add_argument("--stage-C", type=float, help="also train the counted stage with this strength")
    parser.add_argument("--out-at", help="counted stage: confidence to take a figure out of the totals "
                        "(with --cv, a comma-separated list to compare; above 1: never)")
    parser.add_argument("--in-at", help="counted stage: confidence to put a figure into the totals (likewise)")
    parser.add_argument("--stage-focus", action="store_true", help="train the stage on the figures the rules count only")
    parser.add_argument("--learner", choices=["linear", "hgb", "gb"], default="linear",
                        help="with --cv / --learning-curve: the kind learner compared (boosted trees: comparison only)")
    parser.add_argument("--stage-learner", choices=["linear", "hgb", "gb"], default="linear",
                        help="with --cv: the counted stage's learner compared (boosted trees: comparison only)")
    parser.add_argument("--conjunctions", action="store_true",
                        help="with --cv / --learning-curve: add the rules' kind x cue and x structure conjunctions")
    parser.add_argument("--top", type=int, default=300, help="trees: the most frequent features kept")
    parser.add_argument("--trees", type=int, default=200, help="trees: boosting rounds")
    parser.add_argument("--rate", type=float, default=0.1, help="trees: learning rate")
    parser.add_argument("--leaves", type=int, default=15, help="trees: leaves per tree")
    parser.add_argument("--min-leaf", type=int, default=10, help="trees: examples per leaf at least")
    parser.add_argument("--sheets", type=Path, help="train only on the development sheets this file names (gold file "
                        "names, one per line)")
    parser.add_argument("--same-sheets", action="store_true",
                        help="train only on the development sheets the shipped model was trained on")
    parser.add_argument("--chosen", type=Path, default=CHOSEN_PATH,
                        help="the chosen development sheets: --cv also scores them and the rest apart; --chosen-weight "
                             f"weighs them in training (default: {CHOSEN_PATH.relative_to(ROOT)})")
    parser.add_argument("--chosen-weight", type=float, default=1.0,
                        help="how much each figure of a chosen sheet counts in training the kind model (default 1)")
    parser.add_argument("--stage-chosen-weight", type=float, default=1.0,
                        help="how much each figure of a chosen sheet counts in training the counted stage (default 1)")
    parser.add_argument("--sheet-scores", type=Path,
                        help="with --cv: also write each sheet's CV reading to this file (tab-separated: settings, sheet, "
                             "chosen, figures matched, counted flags agreeing, kinds agreeing, total within 5%%)")
    parser.add_argument("--dump-examples", type=Path,
                        help="write what the rules give the models on each development sheet to this file and stop "
                             "(run at the commit before a rule change)")
    parser.add_argument("--train-on", type=Path,
                        help="with --cv: train each fold's models on the examples of this file (--dump-examples) and "
                             "read with the rules as they are now: a rule change's own effect, without retraining's")
    args = parser.parse_args()
    shape = {"learner": args.learner, "conjunctions": args.conjunctions, "top": args.top, "trees": args.trees,
             "rate": args.rate, "leaves": args.leaves, "min_leaf": args.min_leaf,
             "stage_learner": args.stage_learner, "chosen_weight": args.chosen_weight,
             "stage_chosen_weight": args.stage_chosen_weight}
    if args.min_confidence is not None:
        _funding.MODEL_MIN_CONFIDENCE = args.min_confidence
    if args.overrule_money is not None:
        _funding.MODEL_OVERRULES_MONEY = args.overrule_money
    sheets = [sheet for sheet in load_gold() if sheet.split == "dev"]
    chosen_dev = read_chosen(args.chosen)
    if chosen_dev - {sheet.name for sheet in sheets}:
        parser.error(f"{args.chosen} names sheets that are not development sheets of the gold set")
    chosen = _chosen_sheets(args)
    if chosen is not None:
        unknown = chosen - {sheet.name for sheet in sheets}
        if unknown:
            parser.error(f"not development sheets of the gold set: {', '.join(sorted(unknown)[:3])}")
        sheets = [sheet for sheet in sheets if sheet.name in chosen]
    if args.learning_curve:
        learning_curve(args.shared, sheets, Variant(c=args.C or 3.0, **shape), args.seeds)
        return 0
    pairs = tuple((o, i) for o in _thresholds(args.out_at) for i in _thresholds(args.in_at))
    if args.dump_examples:
        dumped = {sheet.name: asdict(examples(args.shared, [sheet])) for sheet in sheets}
        args.dump_examples.write_text(json.dumps(dumped), encoding="utf-8")
        print(f"wrote the examples of {len(dumped)} development sheets to {args.dump_examples}")
        return 0
    if args.cv:
        with reading_with(None):
            rules = [score_sheet(sheet, args.shared) for sheet in sheets]
        print("\n".join(summarise(rules).lines("development half, rules alone")))
        if args.train_on:
            saved = json.loads(args.train_on.read_text(encoding="utf-8"))
            missing = [sheet.name for sheet in sheets if sheet.name not in saved]
            if missing:
                parser.error(f"{args.train_on} lacks development sheets: {', '.join(missing[:3])}")
            data = {sheet.name: Examples(**saved[sheet.name]) for sheet in sheets}
        else:
            data = {sheet.name: examples(args.shared, [sheet]) for sheet in sheets}
        for c in ([args.C] if args.C else C_GRID):
            variant = Variant(c=c, class_weight=args.class_weight, stage_c=args.stage_C, thresholds=pairs,
                              stage_focus=args.stage_focus, **shape)
            found = cross_validate_scores(args.shared, sheets, variant, data=data, chosen=chosen_dev)
            for (out_at, in_at), scores in found.items():
                summary = summarise(scores)
                label = f"development half, grouped {FOLDS}-fold CV, C={c}"
                if args.learner != "linear" or args.conjunctions:
                    label += f", {args.learner}{' + conjunctions' if args.conjunctions else ''}"
                    if args.learner != "linear":
                        label += (f" (top {args.top}, {args.trees} rounds, rate {args.rate}, {args.leaves} leaves, "
                                  f"min leaf {args.min_leaf})")
                if args.stage_C:
                    label += f", counted stage C={args.stage_C} out at {out_at} in at {in_at}"
                    if args.stage_learner != "linear":
                        label += f" ({args.stage_learner}: top {args.top}, {args.trees} rounds, rate {args.rate})"
                if args.chosen_weight != 1 or args.stage_chosen_weight != 1:
                    label += f", chosen sheets weighed {args.chosen_weight:g} (kind) / {args.stage_chosen_weight:g} (stage)"
                print("\n".join(summary.lines(label)))
                print("\n".join(subset_lines(scores, chosen_dev, label)))
                if args.sheet_scores:
                    with args.sheet_scores.open("a", encoding="utf-8") as out:
                        for score in scores:
                            out.write("\t".join(str(v) for v in (
                                label, score.sheet.name, int(score.sheet.name in chosen_dev), len(score.pairs),
                                sum(g.counted == m.counted for g, m in score.pairs),
                                sum(g.kind == m.kind for g, m in score.pairs), int(score.total_ok))) + "\n")
        return 0
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_score

    data = {sheet.name: examples(args.shared, [sheet]) for sheet in sheets}
    rows = [r for d in data.values() for r in d.rows]
    kinds = [k for d in data.values() for k in d.kinds]
    groups = [name for name, d in data.items() for _ in d.rows]
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
    names = list(data)
    kind_weights = sheet_weights(names, chosen_dev, args.chosen_weight)
    payload = fit(rows, kinds, c, args.class_weight,
                  [w for name, w in zip(names, kind_weights, strict=True) for _ in data[name].rows]
                  if kind_weights is not None else None)
    if kind_weights is not None:
        payload["chosen_weight"] = args.chosen_weight
    if args.stage_C:
        (out_at, in_at), = pairs
        payload["counted_stage"] = fit_stage(list(data.values()), args.stage_C, out_at, in_at,
                                             weights=sheet_weights(names, chosen_dev, args.stage_chosen_weight))
        if args.stage_chosen_weight != 1 and chosen_dev:
            payload["counted_stage"]["chosen_weight"] = args.stage_chosen_weight
    payload["sheets"] = sorted(sheet.name for sheet in sheets)  # what it was trained on: --same-sheets retrains it
    MODEL_PATH.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(rows)} figures, C={c}, {len(payload['weights'])} features → {MODEL_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
