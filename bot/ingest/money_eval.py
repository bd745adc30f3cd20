"""Scorecard of the money model against the hand-made gold set (tests/data/money/*.toml).

    python -m bot.ingest.money_eval               # both halves, summary
    python -m bot.ingest.money_eval --sheets      # and one line per sheet
    python -m bot.ingest.money_eval --errors dev  # every disagreement on the development half
    python -m bot.ingest.money_eval --only dev --errors dev  # the same, without scoring the held-out half

The gold files label every dollar figure of real fact sheets read from ``../shared`` (the
project's sibling folder, or ``--shared DIR``). Gold figures are matched to the parser's
mentions in document order by amount. Figures marked ``not_figure`` and the second figure of a
range are not scored.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.ingest import parse_file
from bot.model import FundingMention

ROOT = Path(__file__).resolve().parents[2]
GOLD_DIR = ROOT / "tests" / "data" / "money"
DEFAULT_SHARED = ROOT.parent / "shared"
NOT_SCORED_KINDS = frozenset({"not_figure"})
MONEY_KINDS = frozenset({"new", "request", "commitment"})  # as the gold files spell them
TOTAL_TOLERANCE = 0.05

# The targets the held-out half must meet (issue: money you can trust).
TARGETS = {
    "counted": 0.95,
    "kind": 0.90,
    "not_money_counted_max": 0.01,
    "sheet_totals": 0.90,
    "recall": 1.0,
}


@dataclass(slots=True)
class GoldFigure:
    n: int
    text: str
    amount: float
    kind: str
    source: str
    relation: str
    counted: bool
    context: str
    missed: bool = False  # added by the annotator after the template's figures: found anywhere


@dataclass(slots=True)
class GoldSheet:
    name: str
    path: str
    split: str
    total: float
    alt_total: float | None
    figures: list[GoldFigure]

    @property
    def targets(self) -> list[float]:
        """The totals an analyst would accept: the total and, where the sheet has one, its second reading."""
        return [self.total] + ([self.alt_total] if self.alt_total is not None else [])


@dataclass(slots=True)
class SheetScore:
    sheet: GoldSheet
    pairs: list[tuple[GoldFigure, FundingMention]] = field(default_factory=list)
    missed: list[GoldFigure] = field(default_factory=list)
    parsed_total: float = 0.0

    @property
    def total_ok(self) -> bool:
        return any(within_tolerance(self.parsed_total, target) for target in self.targets)

    @property
    def targets(self) -> list[float]:
        return self.sheet.targets


def within_tolerance(value: float, target: float) -> bool:
    """A total agrees with an analyst's: within 5%, or exactly $0 when the analyst says $0."""
    if target == 0:
        return value == 0
    return abs(value - target) <= abs(target) * TOTAL_TOLERANCE


def load_gold(directory: Path = GOLD_DIR) -> list[GoldSheet]:
    sheets: list[GoldSheet] = []
    for path in sorted(directory.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        figures = [
            GoldFigure(
                n=int(f["n"]), text=str(f.get("text", "")), amount=float(f.get("amount", 0) or 0),
                kind=str(f.get("kind", "")), source=str(f.get("source", "")), relation=str(f.get("relation", "")),
                counted=bool(f.get("counted", False)), context=str(f.get("context", "")),
                missed=bool(f.get("missed", False)),
            )
            for f in data.get("figure", [])
        ]
        alt = data.get("alt_total")
        if any(not f.kind for f in figures):
            continue  # not labelled yet
        sheets.append(GoldSheet(
            name=path.stem, path=str(data["path"]), split=str(data.get("split", "dev")),
            total=float(data.get("total", 0) or 0), alt_total=float(alt) if alt is not None else None,
            figures=[f for f in figures if _scored(f)],
        ))
    return sheets


def _scored(figure: GoldFigure) -> bool:
    return figure.kind not in NOT_SCORED_KINDS and not figure.relation.startswith("range end")


def _same_amount(gold: GoldFigure, mention: FundingMention) -> bool:
    if gold.amount == mention.amount_usd:
        return True
    return gold.amount > 0 and abs(gold.amount - mention.amount_usd) <= gold.amount * 0.005


def match_figures(figures: Sequence[GoldFigure], mentions: Sequence[FundingMention]) -> list[tuple[GoldFigure, int | None]]:
    """Each gold figure with the position of the parser's mention of it (None: not found), in
    document order, by amount; a figure the annotator added after the template's may be anywhere."""
    out: list[tuple[GoldFigure, int | None]] = []
    cursor = 0
    used: set[int] = set()
    for gold in figures:
        window = range(len(mentions)) if gold.missed else range(cursor, min(len(mentions), cursor + 8))
        found = next((offset for offset in window if offset not in used and _same_amount(gold, mentions[offset])), None)
        out.append((gold, found))
        if found is not None:
            used.add(found)
            if not gold.missed:
                cursor = found + 1
    return out


def score_sheet(sheet: GoldSheet, shared: Path) -> SheetScore:
    document = parse_file(shared / sheet.path)
    mentions = list(document.funding)
    result = SheetScore(sheet, parsed_total=math.fsum(m.amount_usd for m in mentions if m.counted))
    for gold, found in match_figures(sheet.figures, mentions):
        if found is None:
            result.missed.append(gold)
        else:
            result.pairs.append((gold, mentions[found]))
    return result


@dataclass(slots=True)
class Summary:
    sheets: int
    figures: int
    recall: float
    counted: float
    kind: float
    source: float
    not_money_counted: float
    sheet_totals: float
    no_money_sheets_zero: str
    kind_confusion: Counter[tuple[str, str]]

    def lines(self, label: str) -> list[str]:
        return [
            f"{label}: {self.sheets} sheets, {self.figures} figures",
            f"  figures found with the right value  {self.recall:7.1%}",
            f"  counted flag agrees                 {self.counted:7.1%}",
            f"  kind agrees                         {self.kind:7.1%}",
            f"  source agrees (money kinds)         {self.source:7.1%}",
            f"  not-money figures counted           {self.not_money_counted:7.1%}",
            f"  sheet totals within 5%              {self.sheet_totals:7.1%}",
            f"  sheets with no new money at $0      {self.no_money_sheets_zero:>7}",
        ]


def summarise(scores: Sequence[SheetScore]) -> Summary:
    pairs = [pair for score in scores for pair in score.pairs]
    figures = sum(len(score.sheet.figures) for score in scores)
    not_money = [(g, m) for g, m in pairs if g.kind not in MONEY_KINDS]
    money = [(g, m) for g, m in pairs if g.kind in MONEY_KINDS]
    zero_sheets = [score for score in scores if score.sheet.total == 0 and not score.sheet.alt_total]
    confusion: Counter[tuple[str, str]] = Counter((g.kind, _kind(m)) for g, m in pairs if g.kind != _kind(m))
    return Summary(
        sheets=len(scores),
        figures=figures,
        recall=_ratio(len(pairs), figures),
        counted=_ratio(sum(g.counted == m.counted for g, m in pairs), len(pairs)),
        kind=_ratio(sum(g.kind == _kind(m) for g, m in pairs), len(pairs)),
        source=_ratio(sum((g.source or None) == _source(m) for g, m in money), len(money)),
        not_money_counted=_ratio(sum(m.counted for _, m in not_money), len(not_money)),
        sheet_totals=_ratio(sum(score.total_ok for score in scores), len(scores)),
        no_money_sheets_zero=f"{sum(s.parsed_total == 0 for s in zero_sheets)}/{len(zero_sheets)}",
        kind_confusion=confusion,
    )


def intervals(scores: Sequence[SheetScore], rounds: int = 1000, seed: int = 0) -> dict[str, tuple[float, float]]:
    """95% intervals of the counted flag and the sheet totals, with the sheets drawn again with replacement:
    how much of a change between two runs is only which sheets happen to be in the half."""
    rng = random.Random(seed)
    drawn = [summarise(rng.choices(scores, k=len(scores))) for _ in range(rounds)] if scores else []

    def spread(values: list[float]) -> tuple[float, float]:
        values.sort()
        return (values[int(0.025 * len(values))], values[int(0.975 * len(values)) - 1]) if values else (0.0, 0.0)

    return {"counted": spread([d.counted for d in drawn]), "sheet_totals": spread([d.sheet_totals for d in drawn])}


# Categories of the model before kinds existed, read as the nearest kind, so that the scorecard
# can be run against an older checkout of the parser for a before/after comparison.
_OLD_CATEGORY_KIND = {
    "budget request": ("request", "federal"), "supplemental request": ("request", "federal"),
    "enacted law": ("new", "federal"), "existing program funding": ("new", "federal"),
    "private commitment": ("commitment", "private"), "other": ("unclear", None),
}


def _kind(mention: FundingMention) -> str:
    kind = getattr(mention, "kind", None)
    return kind if kind is not None else _OLD_CATEGORY_KIND.get(mention.category, ("unclear", None))[0]


def _source(mention: FundingMention) -> str | None:
    if hasattr(mention, "source"):
        return mention.source
    return _OLD_CATEGORY_KIND.get(mention.category, ("unclear", None))[1]


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def score_all(shared: Path = DEFAULT_SHARED, splits: Iterable[str] = ("dev", "held")) -> dict[str, list[SheetScore]]:
    wanted = set(splits)
    out: dict[str, list[SheetScore]] = {split: [] for split in wanted}
    for sheet in load_gold():
        if sheet.split in wanted:
            out[sheet.split].append(score_sheet(sheet, shared))
    return out


def _money(amount: float) -> str:
    return f"${amount / 1e9:,.3f}B"


def _sheet_line(score: SheetScore) -> str:
    agree = sum(g.counted == m.counted for g, m in score.pairs)
    mark = "ok " if score.total_ok else "off"
    return (f"  {mark} {score.sheet.name[:60]:60} counted {agree:3}/{len(score.pairs):3}  "
            f"parsed {_money(score.parsed_total):>12}  gold {_money(score.sheet.total):>12}")


def _error_lines(score: SheetScore) -> list[str]:
    lines = [f"== {score.sheet.name}  parsed {_money(score.parsed_total)} gold {_money(score.sheet.total)}"]
    for gold, mention in score.pairs:
        if gold.counted != mention.counted or gold.kind != _kind(mention):
            lines.append(
                f"  #{gold.n} {gold.text!r}: gold {gold.kind}/{gold.source or '-'}/{gold.relation or '-'}/"
                f"{'C' if gold.counted else 'n'}  parser {_kind(mention)}/{_source(mention) or '-'}/"
                f"{mention.reason or '-'}/{'C' if mention.counted else 'n'}  | {gold.context[:150]}")
    lines.extend(f"  #{gold.n} {gold.text!r}: not found" for gold in score.missed)
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.ingest.money_eval", description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="folder holding corpus/ and wh-factsheets/")
    parser.add_argument("--sheets", action="store_true", help="one line per sheet")
    parser.add_argument("--errors", choices=("dev", "held"), help="list every disagreement of that half")
    parser.add_argument("--only", choices=("dev", "held"),
                        help="score only that half (tuning on the development half never reads the other)")
    args = parser.parse_args(argv)
    if not (args.shared / "corpus").is_dir():
        print(f"money_eval: no fact sheets at {args.shared} (pass --shared DIR)", file=sys.stderr)
        return 2
    if args.only and args.errors and args.errors != args.only:
        parser.error("--errors must name the half given to --only")
    results = score_all(args.shared, (args.only,) if args.only else ("dev", "held"))
    for split, label in (("dev", "development half"), ("held", "held-out half")):
        if split not in results:
            continue
        scores = results[split]
        print("\n".join(summarise(scores).lines(label)))
        spread = intervals(scores)
        print(f"  95% interval, sheets drawn again: counted {spread['counted'][0]:.1%}–{spread['counted'][1]:.1%}, "
              f"sheet totals {spread['sheet_totals'][0]:.1%}–{spread['sheet_totals'][1]:.1%}")
        if args.sheets:
            print("\n".join(_sheet_line(score) for score in scores))
    if args.errors:
        for score in results[args.errors]:
            lines = _error_lines(score)
            if len(lines) > 1:
                print("\n".join(lines))
        confusion = summarise(results[args.errors]).kind_confusion
        print("kind confusion (gold → parser):", ", ".join(f"{a}→{b} {n}" for (a, b), n in confusion.most_common(15)))
    if "held" not in results:
        return 0
    held = summarise(results["held"])
    met = (held.counted >= TARGETS["counted"] and held.kind >= TARGETS["kind"]
           and held.not_money_counted <= TARGETS["not_money_counted_max"]
           and held.sheet_totals >= TARGETS["sheet_totals"] and held.recall >= TARGETS["recall"])
    print("held-out targets:", "met" if met else "not met",
          "(counted ≥ 95%, kind ≥ 90%, not-money counted ≤ 1%, sheet totals ≥ 90%, recall 100%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
