"""/ask: a topic the library covers, asked about a period it does not, is "not covered in that period", with the dates
of the sheets that do cover it, so the asker can ask again without the date."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

SHEET = """---
title: "Fact Sheet: Administration Announces Funding to Restore Oyster Reefs"
date: '{date}'
---

Today, the Administration announced $12 million to restore oyster reefs in the Chesapeake Bay.

- **Oyster reefs.** NOAA will award $12 million to restore oyster reefs in Maryland and Virginia.
"""


def test_a_covered_topic_asked_for_another_year_names_the_years_that_cover_it(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"2022-05-02-oysters.md": SHEET.format(date="2022-05-02"),
                                      "2023-06-01-oysters.md": SHEET.format(date="2023-06-01")})
    covered = answer(index, read_question("how much for oyster reef restoration", today=TODAY))
    assert covered.covered, covered.reason
    result = answer(index, read_question("how much for oyster reef restoration in 2019", today=TODAY))
    assert not result.covered
    assert result.reason.startswith("dates: the topic is covered, but not in that period"), result.reason
    assert "2022-05-02 to 2023-06-01" in result.reason, result.reason
