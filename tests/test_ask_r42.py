"""/ask, forty-second round: behaviour a user notices, on tiny libraries built for each test."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import KIND_NEW, KIND_PRIVATE, read_question
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

# Money for companies, from an agency, beside a company's own investment.
_AIRCRAFT_SHEET = """---
title: "FACT SHEET: Investing in Cleaner Aviation"
date: '2023-08-01'
---

- **Honda Aircraft.** Honda Aircraft Company has announced an additional investment of $55.7 million for production
  of its new aircraft in North Carolina.
- **FAA grants.** The FAA is launching more than $100 million for aircraft and engine companies to develop quieter
  and more efficient aircraft.
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


def test_money_for_companies_is_federal_money_handed_to_them(tmp_path: Path) -> None:
    """"How much for aircraft companies to develop …" asks for money the companies receive (here the FAA's), not
    what companies invest: no verb of giving is needed when "for" says who gets it. Companies investing stay
    private."""
    reading = read_question("how much for aircraft companies develop", today=TODAY)
    assert reading.kind == KIND_NEW
    index = _small_library(tmp_path, {"2023-08-01-aviation.md": _AIRCRAFT_SHEET})
    result = answer(index, reading)
    assert result.figures and result.figures[0].record.amount_usd == 100_000_000
    for text in ("how much are companies investing for clean energy", "how much did companies pledge to the challenge"):
        assert read_question(text, today=TODAY).kind == KIND_PRIVATE, text


def test_bring_in_is_how_a_question_asks_for_money_raised() -> None:
    """"How much did the lease sale bring in" asks for the money the sale raised; the sheets say "raised" or "in
    winning bids", so "bring" weighs as the question's own verb, not as a topic word. Bringing in people is a topic."""
    assert read_question("how much did the offshore wind lease sale bring in", today=TODAY).soft == ("bring",)
    assert read_question("how much will the tariffs bring in this year?", today=TODAY).soft == ("bring",)
    assert "bring" not in read_question("how much to bring in tutors and mentors", today=TODAY).soft


def test_a_push_is_read_as_the_sheets_effort_or_initiative() -> None:
    """"The new push on women's health research", "the ALL INside push": the sheets say effort, initiative or
    campaign, so a sheet saying "a new NIH-wide effort" holds the whole topic; "to push his plan" is a verb, not
    another name for an effort."""
    for text in ("how much is nih putting into the new push on women's health research",
                 "who is running the ALL INside push on unsheltered homelessness"):
        assert {"effort", "initiative"} <= set(read_question(text, today=TODAY).expanded), text
    verb = read_question("which state did biden go to in march 2024 to push his plan to lower housing costs", today=TODAY)
    assert "effort" not in verb.expanded


def test_old_is_the_askers_word_for_what_the_sheets_call_former_or_abandoned() -> None:
    """"Clean energy manufacturing in old coal communities": the sheets say "former coal communities" or "coal
    communities", never "old", so like "new" the word is how the asker describes, not part of the topic; a sheet
    that says the rest then holds the whole topic."""
    reading = read_question("how much did DOE award in nov 2023 for clean energy manufacturing in old coal communities",
                            today=TODAY)
    assert "old" not in reading.topic and {"coal", "communities", "manufacturing"} <= set(reading.topic)


def test_way_after_a_topic_word_is_what_the_question_asks_about() -> None:
    """"How much to develop way chronic" (a novel way to assess chronic pain, typed without its article) keeps "way",
    which tells that sentence from "develop … chronic absenteeism" programs; "what ways …", "all the way" and "a new
    way" still drop it."""
    assert "way" in read_question("how much to develop way chronic", today=TODAY).topic
    assert "way" in read_question("what is the two-way trade deal with kenya", today=TODAY).topic
    for text in ("what ways is biden helping renters", "how much to develop a new way to assess chronic pain"):
        assert "way" not in read_question(text, today=TODAY).topic, text
