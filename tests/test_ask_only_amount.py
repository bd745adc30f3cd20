"""/ask: earlier money is the answer when the library gives no other amount for the thing asked."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

PROGRESS_SHEET = """---
title: "FACT SHEET: Two Years of Rebuilding the Nation's Bridges and Harbors"
date: '2023-05-12'
---

Two years ago, the President signed a law to rebuild roads, bridges and harbors across the country.

- **Lighthouse Bridge.** In Port Alder, Oregon, more than $310 million was awarded to retrofit the Lighthouse Bridge
  so that it withstands a major earthquake.
- **Harbor Dredging.** The Army Corps of Engineers has completed dredging of twelve harbors on the Pacific coast.
"""

RIVAL_SHEET = """---
title: "FACT SHEET: President Announces New Funding for Earthquake Safety"
date: '2023-06-20'
---

Today, the President is announcing new funding to make bridges safer in an earthquake.

- **Lighthouse Bridge.** The Department of Transportation will provide $45 million to retrofit the Lighthouse Bridge
  against earthquakes, on top of earlier work.
"""


def test_earlier_money_with_no_other_amount_for_the_topic_is_given_as_the_answer(tmp_path: Path) -> None:
    """"More than $310 million was awarded" recalls money given before the sheet: it is stated when it is the only
    amount any sheet gives for the bridge's retrofit, since there is no announcement it could stand in for."""
    index = _small_library(tmp_path, {"2023-05-12-bridges-progress.md": PROGRESS_SHEET})
    result = answer(index, read_question("how much money did the lighthouse bridge get for earthquake retrofitting",
                                         today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 310_000_000
    assert result.figure_sure, result.hedge


def test_earlier_money_beside_another_amount_for_the_topic_is_listed(tmp_path: Path) -> None:
    """Another sheet gives another amount for the same retrofit, in its own words: the recalled money is listed
    with it, not stated."""
    index = _small_library(tmp_path, {"2023-05-12-bridges-progress.md": PROGRESS_SHEET,
                                      "2023-06-20-earthquake-safety.md": RIVAL_SHEET})
    result = answer(index, read_question("how much money did the lighthouse bridge get for earthquake retrofitting",
                                         today=TODAY))
    assert result.covered and result.figures
    amounts = {f.record.amount_usd for f in result.figures[:3]}
    assert {310_000_000, 45_000_000} <= amounts
    assert not (result.figure_sure and result.figures[0].record.amount_usd == 310_000_000), result.hedge
