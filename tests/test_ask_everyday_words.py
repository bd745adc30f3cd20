"""/ask, ninth stop: a long-past year that is part of a name, and everyday words for what the sheets say formally
(behaviour a user notices, on tiny libraries built for each test)."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

_MONUMENT_SHEET = """---
title: "FACT SHEET: President Biden Designates the Springfield 1908 Race Riot National Monument"
date: '2024-08-16'
---

- **A new national monument.** Today, President Biden is designating the Springfield 1908 Race Riot National
  Monument in Springfield, Illinois, to honor the victims of the race riot and the community that rose after it.
"""

_RENTERS_SHEET = """---
title: "FACT SHEET: Biden-Harris Administration Takes Action to Protect Renters"
date: '2023-01-25'
---

- **Advance notice before an eviction.** HUD is proposing a rule that would require public housing agencies to give
  tenants at least 30 days' advance notice before filing an eviction for nonpayment of rent.
- **Fair housing.** The Federal Housing Finance Agency will take steps to promote fair housing for tenants.
"""


def test_a_long_past_year_in_a_name_is_the_topic_not_a_date(tmp_path: Path) -> None:
    """"The 1908 race riot" names what the monument honours; read as a date filter it left nothing but "not in that
    period". A year that places the question ("in 1965", "the 2024 summit") still filters."""
    reading = read_question("where did biden create a national monument for the 1908 race riot", today=TODAY)
    assert reading.year is None and "1908" in reading.topic
    index = _small_library(tmp_path, {"2024-08-16-monument.md": _MONUMENT_SHEET})
    result = answer(index, reading)
    assert result.covered and result.top is not None
    assert "Springfield" in result.top.initiative.text
    assert read_question("what happened in 1965 with voting rights", today=TODAY).year == 1965
    assert read_question("what did the 2024 summit agree", today=TODAY).year == 2024


def test_a_heads_up_before_eviction_for_unpaid_rent_finds_advance_notice(tmp_path: Path) -> None:
    """The sheets say "advance notice" and "nonpayment of rent"; people say "a heads up" and "unpaid rent"."""
    index = _small_library(tmp_path, {"2023-01-25-renters.md": _RENTERS_SHEET})
    reading = read_question("what did hud propose so tenants get a heads up before being evicted for unpaid rent",
                            today=TODAY)
    result = answer(index, reading)
    assert result.covered and result.top is not None
    assert result.top.initiative.title.startswith("Advance notice")


def test_supposed_to_is_how_the_asker_hedges_not_the_topic() -> None:
    reading = read_question("how much is the climate smart buildings initiative suppose to bring in", today=TODAY)
    assert "suppose" not in reading.topic
    assert "supposed" not in read_question("what is the supposed to happen with tiktok", today=TODAY).topic
    assert "domestic" in read_question("how much for making test supplies here at home", today=TODAY).expanded
