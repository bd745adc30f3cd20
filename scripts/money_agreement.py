"""How far two people reading the same sheets agree on the money labels: the ceiling the money
model can be measured against.

`tests/data/money_second_reading/` holds a second, independent reading of some sheets of the gold
set: the same template (every "$<digit>" of the body, numbered alike), labelled by another
annotator who did not see the first labels. This prints the agreement of the two readings with the
measures of `python -m bot.ingest.money_eval`, for all of them and for each study (a file's
`study`, 1 when it has none) and half:

    python scripts/money_agreement.py            # the summary
    python scripts/money_agreement.py --figures  # and every figure the readings label differently
                                                 # (development sheets only: the held-out half
                                                 # is measured, not read for its errors)
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.ingest.money_eval import (  # noqa: E402
    GOLD_DIR,
    MONEY_KINDS,
    GoldFigure,
    GoldSheet,
    load_gold,
    within_tolerance,
)

SECOND_DIR = ROOT / "tests" / "data" / "money_second_reading"


@dataclass(slots=True)
class Agreement:
    """Counts over the figures both readings score, and over the sheets."""

    figures: int = 0
    counted: int = 0
    kind: int = 0
    money_or_not: int = 0
    relation: int = 0
    not_money: int = 0  # figures the first reading calls not money
    not_money_counted: int = 0  # … that the second reading counts
    sheets: int = 0
    totals: int = 0  # sheets whose totals agree within the scorecard's tolerance (either reading's alt_total)


def _relation_kind(figure: GoldFigure) -> str:
    """"part of 3" → "part": the two readings may point at different numbers for the same whole."""
    return figure.relation.split(" ")[0] if figure.relation else ""


def compare(first: list[GoldSheet], second: list[GoldSheet], *, show: bool = False) -> Agreement:
    """Agreement of two readings over the sheets of ``second``; ``show`` lists the differences of
    development sheets."""
    by_name = {sheet.name: sheet for sheet in first}
    result = Agreement()
    for other in second:
        sheet = by_name.get(other.name)
        if sheet is None:
            print(f"{other.name}: no such sheet in the gold set", file=sys.stderr)
            continue
        result.sheets += 1
        listed = show and sheet.split == "dev"
        if any(within_tolerance(a, b) for a in other.targets for b in sheet.targets):
            result.totals += 1
        elif listed:
            print(f"== {sheet.name}: totals {sheet.total:,.0f} / {other.total:,.0f}")
        theirs = {figure.n: figure for figure in other.figures}
        for figure in sheet.figures:
            mate = theirs.get(figure.n)
            if mate is None:
                continue
            result.figures += 1
            result.counted += figure.counted == mate.counted
            result.kind += figure.kind == mate.kind
            result.money_or_not += (figure.kind in MONEY_KINDS) == (mate.kind in MONEY_KINDS)
            result.relation += _relation_kind(figure) == _relation_kind(mate)
            if figure.kind not in MONEY_KINDS:
                result.not_money += 1
                result.not_money_counted += mate.counted
            if listed and (figure.counted != mate.counted or figure.kind != mate.kind):
                print(f"  {sheet.name[:40]} #{figure.n} {figure.text!r}: first {figure.kind}/{figure.relation or '-'}/"
                      f"{'C' if figure.counted else 'n'}  second {mate.kind}/{mate.relation or '-'}/"
                      f"{'C' if mate.counted else 'n'}  | {figure.context[:80]}")
    return result


def _study(directory: Path, sheet: GoldSheet) -> int:
    """Which study a second reading belongs to (the file's ``study``; the first study had none)."""
    data = tomllib.loads((directory / f"{sheet.name}.toml").read_text(encoding="utf-8"))
    return int(data.get("study", 1))


def _print(label: str, result: Agreement) -> None:
    print(f"{label}: {result.sheets} sheets, {result.figures} figures")
    print(f"  counted flag agrees                  {_share(result.counted, result.figures)}")
    print(f"  kind agrees                          {_share(result.kind, result.figures)}")
    print(f"  money or not agrees                  {_share(result.money_or_not, result.figures)}")
    print(f"  relation agrees (part/repeat/none)   {_share(result.relation, result.figures)}")
    print(f"  first's not-money counted by second  {_share(result.not_money_counted, result.not_money)}")
    print(f"  sheet totals within 5%               {_share(result.totals, result.sheets)}"
          f" ({result.totals} of {result.sheets}, either reading's second total allowed)")


def _share(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:5.1f}%" if whole else "    —"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--second", type=Path, default=SECOND_DIR, help="the folder of second readings")
    parser.add_argument("--figures", action="store_true", help="list every figure labelled differently")
    args = parser.parse_args(argv)
    second = load_gold(args.second)
    if not second:
        print(f"no labelled second readings in {args.second}", file=sys.stderr)
        return 2
    first = load_gold(GOLD_DIR)
    _print("two readings, all sheets", compare(first, second, show=args.figures))
    groups: dict[tuple[int, str], list[GoldSheet]] = {}
    for sheet in second:
        groups.setdefault((_study(args.second, sheet), sheet.split), []).append(sheet)
    for (study, split), sheets in sorted(groups.items()):
        _print(f"study {study}, {'development' if split == 'dev' else 'held-out'} half", compare(first, sheets))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
