"""/ask, thirty-sixth round: a sheet's headline figure does not stand out from many sheets' answers by its headline
points alone."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import Answer, answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library
from tests.test_ask_r33 import AGENCIES_FOR_MANY, _resilience_sheet


def _headline_sheet(amount: str) -> str:
    return f"""---
title: "FACT SHEET: Department of Commerce Announces {amount} for Resilience"
date: '2023-12-28'
---

Resilience is the focus of this round of awards.

- **Resilience Awards.** Today, the Department of Commerce is announcing {amount.lower()} to help communities build
  resilience.
- **Local Partners.** Awards go to local partners in every region.
"""


def _library(tmp_path: Path, others: int) -> dict[str, str]:
    sheets = {"2023-resilience-0.md": _headline_sheet("$900 Million")}
    sheets.update({f"2023-resilience-{n}.md": _resilience_sheet(n, agency, f"${n + 1} million", lead=False)
                   for n, agency in enumerate(AGENCIES_FOR_MANY[1:1 + others], start=1)})
    return sheets


def _answer_led_by_the_headline(tmp_path: Path, others: int, question: str) -> Answer:
    """The answer to ``question`` among the headline sheet and ``others`` other sheets, whose first figure must be the
    headline's $900 million."""
    index = _small_library(tmp_path, _library(tmp_path, others))
    result = answer(index, read_question(question, today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 900_000_000, [f.record.text for f in result.figures[:3]]
    return result


def test_a_headline_figure_among_many_sheets_answers_is_listed_not_stated(tmp_path: Path) -> None:
    """Ten sheets each give an amount "to help communities build resilience"; one of them puts its amount in its
    title. That says which figure its own sheet leads with, not that the question means that sheet: the $900 million
    comes first but is listed with the others ("close"), not stated as the answer."""
    result = _answer_led_by_the_headline(tmp_path, 9, "how much to help communities build resilience")
    assert not result.figure_sure and result.hedge == "close"


def test_a_headline_figure_beside_a_few_other_answers_is_still_stated(tmp_path: Path) -> None:
    """The same headline figure beside two other sheets' amounts is stated: a few answers are not many."""
    result = _answer_led_by_the_headline(tmp_path, 2, "how much to help communities build resilience")
    assert result.figure_sure, result.hedge


def test_a_question_naming_the_headlines_sheet_still_gets_its_figure(tmp_path: Path) -> None:
    """Asked in the words of the headline's sheet alone, among the same ten sheets, the figure is stated."""
    result = _answer_led_by_the_headline(tmp_path, 9, "how much did commerce announce for resilience")
    assert result.figure_sure, result.hedge
