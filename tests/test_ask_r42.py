"""/ask, forty-second round: behaviour a user notices, on tiny libraries built for each test."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

# Two amounts for the Pacific: one for the Pacific Islands countries, one for disaster relief in the Pacific.
_PACIFIC_SHEET = """---
title: "FACT SHEET: Roadmap for a 21st-Century U.S.-Pacific Island Partnership"
date: '2023-09-25'
---

- **Humanitarian Assistance for the Pacific.** The United States will provide $5 million for humanitarian disaster
  relief and preparedness in the Pacific.
- **Support for Pacific Islands countries.** In addition, the United States intends to provide over $14 million to
  Pacific Islands countries for humanitarian demining and health.
"""

def test_countries_after_a_topic_word_are_part_of_the_group_asked_about(tmp_path: Path) -> None:
    """"How much to pacific countries …" asks about the Pacific Islands countries, a group the sheets name: the
    figure for them is stated, not the $5 million for the Pacific at large. "Which countries …" still asks where."""
    index = _small_library(tmp_path, {"2023-09-25-pacific.md": _PACIFIC_SHEET})
    reading = read_question("how much to pacific countries humanitarian", today=TODAY)
    assert "countries" in reading.topic
    result = answer(index, reading)
    assert result.figures and result.figures[0].record.amount_usd == 14_000_000
    assert "countries" not in read_question("which countries got humanitarian aid", today=TODAY).topic
