"""Named plans and proposals, and when each was unveiled: money said again is not money proposed anew.

A sheet that unveils a plan ("FACT SHEET: The American Jobs Plan") proposes its money; a sheet weeks
later that says "The American Jobs Plan proposes to invest $400 billion" repeats a proposal made
before. Nothing in the later sheet dates the plan, so the dates are kept here, as the law-signing
dates are for laws (``_money_kind._LAWS``). Only plans whose unveiling sheet is in the real sheets
are listed; a plan that became law is a law from its signing on (``_LAWS``).
"""

from __future__ import annotations

import datetime as dt
import re

# Each plan's names, and the date of the sheet that unveiled it (paths under ../shared/wh-factsheets).
PLANS: tuple[tuple[str, re.Pattern[str], dt.date], ...] = (
    # briefings-statements/2021-03/2021-03-31-fact-sheet-the-american-jobs-plan.md
    ("American Jobs Plan", re.compile(r"\bAmerican\s+Jobs\s+Plan\b"), dt.date(2021, 3, 31)),
    # briefings-statements/2021-04/2021-04-28-fact-sheet-the-american-families-plan.md
    ("American Families Plan", re.compile(r"\bAmerican\s+Families\s+Plan\b"), dt.date(2021, 4, 28)),
    # briefings-statements/2021-06/2021-06-24-fact-sheet-president-biden-announces-support-for-the-
    # bipartisan-infrastructure-framework.md (signed into law on 15 November 2021: ``_LAWS``)
    ("Bipartisan Infrastructure Framework", re.compile(r"\bBipartisan\s+Infrastructure\s+Framework"),
     dt.date(2021, 6, 24)),
    # statements-releases/2022-07/2022-07-21-fact-sheet-president-bidens-safer-america-plan.md
    ("Safer America Plan", re.compile(r"\bSafer\s+America\s+Plan\b"), dt.date(2022, 7, 21)),
)
# The plan's own week: the sheets that present a plan in its first days (one per topic) propose its
# money as much as the unveiling sheet does.
PLAN_IS_NEW_DAYS = 7
REASON_PROPOSED_BEFORE = "a proposal made earlier, said again"

_PLAN_WORD = re.compile(r"[Pp]lan|[Ff]ramework")  # every name and pointer below has one: a cheap first look
# The money is asked for or changed now: not the plan said again.
_MADE_NOW = re.compile(r"(?i)\btoday\b|\bamend\w*|\bis\s+(?:announcing|sending|submitting|transmitting)\b")
# A budget before the figure asks for it ("The Budget … $30 billion … to fully fund the Safer America
# Plan"): a budget that funds a plan asks for that money anew; a budget after it is named for context.
_BUDGET = re.compile(r"(?i)\bbudget\b")
# "builds on the American Jobs Plan by providing …": the plan is what new money builds on.
_BUILDS_ON = re.compile(r"(?i)\b(?:builds?|building|built)\s+on\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$")


def plan_said_again(sentence: str, before: str, when: dt.date | None, title: str = "") -> str | None:
    """The plan whose money the sentence restates, in a sheet dated after the plan's first week;
    None when the sentence names no plan of the table (by its name, or as "the Plan" under a title
    that names it), a plan it names is in its first week ("The Bipartisan Infrastructure Framework
    provides the full American Jobs Plan funding level", five days after the Framework), the sheet
    is undated, the sentence says the money is asked for now or a budget asks for it (``before``: the
    sentence up to the figure)."""
    if when is None or not _PLAN_WORD.search(sentence) or _MADE_NOW.search(sentence) or _BUDGET.search(before):
        return None
    named = [(name, unveiled) for name, pattern, unveiled in PLANS if _names(pattern, sentence)]
    if not named:
        named = [(name, unveiled) for name, pattern, unveiled in PLANS
                 if pattern.search(title) and _points_back(name, sentence)]
    if not named or any((when - unveiled).days <= PLAN_IS_NEW_DAYS for _, unveiled in named):
        return None
    return named[0][0]


def plan_of_title(sentence: str, before: str, when: dt.date | None, title: str) -> str | None:
    """The plan a request restates when the sheet's title names the plan, past the plan's first week: under "The
    American Jobs Plan Supports Small Businesses" (two weeks after the plan), "President Biden is calling on Congress
    to invest $5 billion" asks again for the plan's money, though the sentence does not name it. None when the sheet
    is undated, the sentence says the money is asked for now or a budget asks for it, or no plan of the table is in
    the title (the caller asks only of money the sentence already reads as asked of Congress)."""
    if when is None or _MADE_NOW.search(sentence) or _BUDGET.search(before):
        return None
    return next((name for name, pattern, unveiled in PLANS
                 if pattern.search(title) and (when - unveiled).days > PLAN_IS_NEW_DAYS), None)


def _names(pattern: re.Pattern[str], sentence: str) -> bool:
    """The sentence names the plan as where money comes from: not what new money builds on, nor a
    yardstick ("the Act provides the full American Jobs Plan funding level — $21 billion")."""
    return any(not _BUILDS_ON.search(sentence[:found.start()][-60:]) and not _YARDSTICK.match(sentence, found.end())
               for found in pattern.finditer(sentence))


_YARDSTICK = re.compile(r"\s+(?:funding\s+)?levels?\b")


def _points_back(name: str, sentence: str) -> bool:
    """"The Framework invests $66 billion", "President Biden's plan will invest $5 billion" in a sheet
    whose title names the plan: the plan, by the last word of its name."""
    head = name.rsplit(" ", 1)[-1].lower()
    return any(found.group(1).lower() == head for found in _THE_PLAN.finditer(sentence))


_THE_PLAN = re.compile(r"\b(?:[Tt]he|[Tt]his|[Hh]is|President(?:\s+Biden)?['’]s)\s+(Plan|plan|Framework|framework)\b")


# The President's Budget for each fiscal year, and the day it went to Congress (the public record; the
# FY 2026 date is the discretionary request of May 2025). A later year not listed is taken to go by the
# end of May of the calendar year before it, as every Budget since FY 2021 did.
BUDGETS: dict[int, dt.date] = {
    2021: dt.date(2020, 2, 10),
    2022: dt.date(2021, 5, 28),
    2023: dt.date(2022, 3, 28),
    2024: dt.date(2023, 3, 9),
    2025: dt.date(2024, 3, 11),
    2026: dt.date(2025, 5, 2),
}
# The Budget's own week: agencies present their parts of it in the days after it goes to Congress.
BUDGET_IS_NEW_DAYS = 7
# A fiscal year's Budget named as where the money is asked for: "his FY24 budget request", "The President's
# Fiscal Year 2025 Budget includes", "the Budget for Fiscal Year 2024", "the President's 2024 Budget".
_FY_BUDGET = re.compile(
    r"(?i)\b(?:FY|fiscal\s+year)\s?'?(\d{4}|\d{2})\s+(?:President['’]s\s+)?budget\b"
    r"|\b(\d{4})\s+(?:President['’]s\s+)?budget\b"
    r"|\bbudget\s+(?:request\s+)?for\s+(?:fiscal\s+year\s+|FY\s?)(\d{4}|\d{2})\b"
)


def full_year(digits: str) -> int:
    """A year as written in a fiscal year ("FY24", "FY 2024"): two digits are this century's."""
    year = int(digits)
    return year + 2000 if year < 100 else year


# A sheet presenting the President's Budget: "The President's Budget Reduces Deficits …", "President Biden's Budget
# Advances Equity".
_BUDGET_TITLE = re.compile(r"(?i)\b(?:President|Biden|Trump)['’]s\s+(?:(?:FY\s?|fiscal\s+year\s+)?\d{2,4}\s+)?Budget\b")


def presents_budget(title: str, when: dt.date | None) -> bool:
    """The sheet presents the President's Budget in that Budget's own week ("President Biden's Budget Lowers Energy
    Costs …", the day the FY 2024 Budget went to Congress): the money it lists is what the Budget asks for, whether or
    not each sentence says "the Budget" again ("It also provides $505 million …", "Investments include …")."""
    if when is None or not _BUDGET_TITLE.search(title):
        return False
    return any(0 <= (when - sent).days <= BUDGET_IS_NEW_DAYS for sent in BUDGETS.values())


def budget_said_again(sentence: str, when: dt.date | None) -> int | None:
    """The fiscal year of the President's Budget whose request the sentence says again, in a sheet dated
    after that Budget's first week ("President Biden has requested $26 billion … in his FY24 budget
    request", eight months after the FY 2024 Budget went to Congress); None when the sentence names no
    year's Budget, the sheet is undated or in the Budget's first week, or the sentence says the request
    is made or changed now ("today", "amends", "is sending")."""
    if when is None or _MADE_NOW.search(sentence):
        return None
    for found in _FY_BUDGET.finditer(sentence):
        digits = next(group for group in found.groups() if group)
        year = full_year(digits)
        sent = BUDGETS.get(year, dt.date(year - 1, 5, 31))
        if (when - sent).days > BUDGET_IS_NEW_DAYS:
            return year
    return None
