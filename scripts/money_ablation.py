"""Which money rules generalise: each cue rule and relation rule switched off in turn, scored on
development sheets the rules were written from ("old") and on those annotated later ("fresh").

    .venv/bin/python scripts/money_ablation.py                # rule families, fresh = the 32 newest dev sheets
    .venv/bin/python scripts/money_ablation.py --branches     # and every alternative of every cue list
    .venv/bin/python scripts/money_ablation.py --fresh 8      # the 8 newest as the fresh set
    .venv/bin/python scripts/money_ablation.py --score-only   # only the baseline on each set (and with the model)

"Fresh" sheets are the development sheets most recently added to tests/data/money (by the commit
that added each file). Rules are read alone (no kind model): the shipped model has seen every
development sheet, so it would flatter the fresh set. A rule that only helps on the sheets it was
written from, and does nothing or harm on the fresh ones, overfits. Only the development half is read.
Each row gives, per set, how many figures more (+) or fewer (-) agree once the rule is off:
counted flag, kind, not-money figures counted (fewer is better), sheets whose total is right.
"""

from __future__ import annotations

import argparse
import math
import re
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.ingest import _funding, _money_kind  # noqa: E402
from bot.ingest._frontmatter import read_front_matter  # noqa: E402
from bot.ingest._structure import Block, parse_structure  # noqa: E402
from bot.ingest.money_eval import (  # noqa: E402
    DEFAULT_SHARED,
    GOLD_DIR,
    MONEY_KINDS,
    GoldSheet,
    SheetScore,
    _kind,
    load_gold,
    match_figures,
)


class _Never:
    """A cue list that never matches."""

    source = "(?!)"
    _compiled = re.compile("(?!)")

    def search(self, *_: Any) -> None:
        return None

    def match(self, *_: Any) -> None:
        return None

    def finditer(self, *_: Any) -> Iterator[re.Match[str]]:
        return iter(())

    def sub(self, _replacement: Any, text: str, *_: Any, **__: Any) -> str:
        return text  # a pattern that never matches replaces nothing


@dataclass(slots=True)
class Doc:
    sheet: GoldSheet
    blocks: list[Block]
    title: str
    date: Any


def added_order(directory: Path = GOLD_DIR) -> dict[str, int]:
    """Gold file name → the time of the commit that added it (oldest wins)."""
    out = subprocess.run(["git", "log", "--diff-filter=A", "--format=@%ct", "--name-only", "--", str(directory)],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    when: dict[str, int] = {}
    stamp = 0
    for line in out.splitlines():
        if line.startswith("@"):
            stamp = int(line[1:])
        elif line.endswith(".toml"):
            when[Path(line).stem] = stamp  # log runs newest first: the last seen is the oldest
    return when


def load_docs(shared: Path, sheets: Sequence[GoldSheet]) -> list[Doc]:
    docs = []
    for sheet in sheets:
        front = read_front_matter((shared / sheet.path).read_text(encoding="utf-8"))
        docs.append(Doc(sheet, list(parse_structure(front.body).blocks), front.title, front.date))
    return docs


@dataclass(slots=True)
class Score:
    figures: int
    counted: int
    kind: int
    not_money: int
    not_money_counted: int
    totals: int
    sheets: int

    def line(self) -> str:
        pct = lambda a, b: 100 * a / b if b else 100.0  # noqa: E731
        return (f"counted {pct(self.counted, self.figures):5.1f}  kind {pct(self.kind, self.figures):5.1f}  "
                f"not-money counted {pct(self.not_money_counted, self.not_money):4.1f}  "
                f"totals {pct(self.totals, self.sheets):5.1f} ({self.totals}/{self.sheets})  figures {self.figures}")

    def delta(self, base: Score) -> tuple[int, int, int, int]:
        return (self.counted - base.counted, self.kind - base.kind,
                self.not_money_counted - base.not_money_counted, self.totals - base.totals)


def score(docs: Sequence[Doc], use_model: bool = False) -> Score:
    _money_kind._role_in.cache_clear()
    _money_kind._commitment_source.cache_clear()
    _money_kind.looks_back.cache_clear()
    s = Score(0, 0, 0, 0, 0, 0, len(docs))
    for doc in docs:
        mentions = _funding.find_funding(doc.blocks, doc.title, [], doc.date, use_model=use_model)
        result = SheetScore(doc.sheet, parsed_total=math.fsum(m.amount_usd for m in mentions if m.counted))
        for gold, found in match_figures(doc.sheet.figures, mentions):
            if found is None:
                continue
            mention = mentions[found]
            s.figures += 1
            s.counted += gold.counted == mention.counted
            s.kind += gold.kind == _kind(mention)
            if gold.kind not in MONEY_KINDS:
                s.not_money += 1
                s.not_money_counted += mention.counted
        s.totals += result.total_ok
    return s


@contextmanager
def patched(module: Any, name: str, value: Any) -> Iterator[None]:
    saved = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, saved)


def _noop(*_: Any, **__: Any) -> None:
    return None


# Relation, counting and title rules of _funding (each a pass over the figures).
FUNDING_PASSES = (
    "_headline_is_news", "_lead_restated", "_nest_in_sentences", "_nest_in_structure", "_nest_stated_totals",
    "_nest_parts_that_add_up",
    "_inherit_roles", "_list_items_take_intro_kind", "_list_under_background_intro", "_pronouns_keep_the_giver",
    "_mark_repeats", "_title_amount_restated", "_nest_under_headline", "_larger_than_headline",
)
FUNDING_CONSTANTS: dict[str, Any] = {}


def variants(branches: bool) -> Iterator[tuple[str, Callable[[], Any]]]:
    """(label, context manager factory) for each rule switched off."""
    for name in FUNDING_PASSES:
        yield f"_funding.{name}", partial(patched, _funding, name, _noop)
    yield "_funding.looks_back (no sheet looks back)", lambda: patched(_funding, "looks_back", lambda _title: False)
    yield "_money_kind._LAWS (old law's money)", lambda: patched(_money_kind, "_LAWS", ())
    yield ("_money_kind.LARGEST_MONEY_PROVIDED", lambda: patched(_money_kind, "LARGEST_MONEY_PROVIDED", math.inf))
    cues = [(name, value) for name, value in vars(_money_kind).items()
            if isinstance(value, (_money_kind._Lowered, re.Pattern)) and name.startswith("_")
            and name not in ("_ESCAPE_OR_CAPITAL",)]
    for name, value in cues:
        yield f"_money_kind.{name}", partial(patched, _money_kind, name, _Never())
        if not branches or not isinstance(value, _money_kind._Lowered):
            continue
        parts = _money_kind._top_level_branches(value.source)
        if len(parts) < 2:
            continue
        for index, part in enumerate(parts):
            rest = "|".join(parts[:index] + parts[index + 1:])
            yield (f"_money_kind.{name} − {part[:60]}",
                   partial(patched, _money_kind, name, _money_kind._Lowered(rest)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--fresh", type=int, default=32, help="how many of the newest dev sheets are fresh")
    parser.add_argument("--branches", action="store_true", help="also drop each alternative of each cue list")
    parser.add_argument("--score-only", action="store_true")
    parser.add_argument("--all", action="store_true", help="print rows with no effect too")
    args = parser.parse_args()
    sheets = [sheet for sheet in load_gold() if sheet.split == "dev"]
    order = added_order()
    sheets.sort(key=lambda sheet: (order.get(sheet.name, 0), sheet.name))
    fresh_names = {sheet.name for sheet in sheets[len(sheets) - args.fresh:]}
    fresh = load_docs(args.shared, [s for s in sheets if s.name in fresh_names])
    old = load_docs(args.shared, [s for s in sheets if s.name not in fresh_names])
    base_fresh, base_old = score(fresh), score(old)
    print(f"rules alone, old ({len(old)} sheets):   {base_old.line()}")
    print(f"rules alone, fresh ({len(fresh)} sheets): {base_fresh.line()}")
    if args.score_only:
        # The shipped model as well: fair on the fresh sheets only if it was trained before they came.
        print(f"with the shipped model, old:   {score(old, use_model=True).line()}")
        print(f"with the shipped model, fresh: {score(fresh, use_model=True).line()}")
        return 0
    print("\nrule switched off: change in agreeing figures (counted, kind, not-money counted [lower is better],"
          " sheet totals) — fresh | old;  verdict")
    for label, context in variants(args.branches):
        with context():
            d_fresh, d_old = score(fresh).delta(base_fresh), score(old).delta(base_old)
        if not args.all and not any(d_fresh) and not any(d_old):
            continue
        gain_fresh = -d_fresh[0] - d_fresh[1] + d_fresh[2] - 3 * d_fresh[3]  # what the rule is worth there
        gain_old = -d_old[0] - d_old[1] + d_old[2] - 3 * d_old[3]
        verdict = ("helps both" if gain_fresh > 0 and gain_old > 0 else
                   "OVERFIT: helps old, hurts fresh" if gain_old > 0 > gain_fresh else
                   "old only, idle on fresh" if gain_old > 0 and not any(d_fresh) else
                   "old only, no gain on fresh" if gain_old > 0 else
                   "fresh only" if gain_fresh > 0 else "hurts fresh" if gain_fresh < 0 else "no gain")
        fmt = lambda d: f"{d[0]:+4d} {d[1]:+4d} {d[2]:+4d} {d[3]:+3d}"  # noqa: E731
        print(f"{label[:78]:78} {fmt(d_fresh)} | {fmt(d_old)}  worth {gain_fresh:+4d}/{gain_old:+4d}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
