"""Funding arithmetic: totals that never double count, and how money is written.

Whether a mention counts was decided at parse time (repeats, parts of a parent amount and
stated totals do not). Here we only add what counts, and say "at least" when any counted
amount was a lower bound ("more than $1.2 billion").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter

from bot.model import BUDGET_REQUEST, CATEGORIES, FundingRecord, is_lower_bound

_UNITS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def _trim(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def format_usd(amount: float) -> str:
    """"$29.587 billion", "$535 million", "$750,000": words from a million up, at most 3 decimals."""
    if not math.isfinite(amount):
        return "an unknown amount"
    sign = "-" if amount < 0 else ""
    value = abs(amount)
    for n, (size, word) in enumerate(_UNITS):  # largest unit first
        if value >= size:
            scaled = round(value / size, 3)
            if scaled >= 1000 and n > 0:  # 999.9999 million reads as 1 billion
                size, word = _UNITS[n - 1]
                scaled = round(value / size, 3)
            return f"{sign}${_trim(scaled)} {word}"
    if value == int(value):
        return f"{sign}${value:,.0f}"
    return f"{sign}${value:,.2f}"


@dataclass(frozen=True, slots=True)
class CategoryTotal:
    """One line of the breakdown: a category (and fiscal year, for budget requests)."""

    category: str
    fiscal_year: int | None
    amount: float
    at_least: bool
    count: int

    @property
    def label(self) -> str:
        if self.fiscal_year is not None:
            return f"{self.category} (FY{self.fiscal_year % 100:02d})"
        return self.category

    @property
    def text(self) -> str:
        return ("at least " if self.at_least else "") + format_usd(self.amount)


@dataclass(frozen=True, slots=True)
class FundingTotals:
    amount: float  # sum of counted amounts only
    at_least: bool  # some counted amount was a lower bound
    breakdown: tuple[CategoryTotal, ...]
    counted: Sequence[FundingRecord]
    not_counted: Sequence[tuple[FundingRecord, str]]  # (mention, why it is not added)

    @property
    def headline(self) -> str:
        """"at least $29.587 billion", "$535 million", or "no dollar amounts"."""
        if not self.counted:
            return "no dollar amounts"
        return ("at least " if self.at_least else "") + format_usd(self.amount)

    @property
    def empty(self) -> bool:
        return not self.counted and not self.not_counted


def category_rank(category: str) -> int:
    try:
        return CATEGORIES.index(category)
    except ValueError:
        return len(CATEGORIES)


def totals(funding_records: Iterable[FundingRecord], *, by_fiscal_year: bool = True) -> FundingTotals:
    """Add counted amounts; break them down by category (and fiscal year for budget requests).

    Written for hundreds of thousands of records (``/funding`` over the whole library): plain
    comprehensions, and "at least" decided once per distinct qualifier rather than per record.
    """
    records = funding_records if isinstance(funding_records, (list, tuple)) else list(funding_records)
    counted = [r for r in records if r.counted]
    not_counted = [(r, r.reason or "not added") for r in records if not r.counted]
    groups: dict[tuple[str, int | None], list[FundingRecord]] = {}
    for record in counted:
        year = record.fiscal_year if by_fiscal_year and record.category == BUDGET_REQUEST else None
        members = groups.get((record.category, year))
        if members is None:
            groups[(record.category, year)] = [record]
        else:
            members.append(record)
    breakdown = tuple(
        CategoryTotal(
            category=category,
            fiscal_year=year,
            amount=math.fsum(map(_AMOUNT, members)),
            at_least=_any_lower_bound(members),
            count=len(members),
        )
        for (category, year), members in sorted(
            groups.items(), key=lambda kv: (category_rank(kv[0][0]), kv[0][0], kv[0][1] or 0)
        )
    )
    return FundingTotals(
        amount=math.fsum(map(_AMOUNT, counted)),
        at_least=any(item.at_least for item in breakdown),
        breakdown=breakdown,
        counted=tuple(counted),
        not_counted=tuple(not_counted),
    )


_AMOUNT = attrgetter("amount_usd")


def _any_lower_bound(records: list[FundingRecord]) -> bool:
    return any(is_lower_bound(qualifier) for qualifier in set(map(_QUALIFIER, records)))


_QUALIFIER = attrgetter("qualifier")


def amount_text(record: FundingRecord) -> str:
    """The amount as the fact sheet qualifies it: "more than $1.2 billion"."""
    qualifier = (record.qualifier or "").strip()
    return f"{qualifier} {format_usd(record.amount_usd)}" if qualifier else format_usd(record.amount_usd)
