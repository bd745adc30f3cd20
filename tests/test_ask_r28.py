"""/ask, twenty-eighth round: general fixes (see docs/ask.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.query.answer import answer
from bot.query.question import FUNDING, INITIATIVES, read_question
from tests.test_ask import TODAY, _small_library


@pytest.mark.parametrize("text", [
    "what did trump do in january 2026 to stop creditors seizing venezuela's oil money",
    "what is the administration doing about money laundering",
    "what has treasury done to cut the cost of remittances",
])
def test_what_was_done_is_asked_even_when_the_topic_names_money(text: str) -> None:
    assert read_question(text, today=TODAY).intent == INITIATIVES


@pytest.mark.parametrize("text", [
    "how much money did the administration do for tribal broadband",
    "what did the budget do for nasa, and how much was it",
    "how much oil money is venezuela getting",
])
def test_how_much_still_asks_for_money(text: str) -> None:
    assert read_question(text, today=TODAY).intent == FUNDING


def test_the_park_service_is_the_national_park_service() -> None:
    reading = read_question("how much grant money did the park service open up for historic preservation",
                            today=TODAY)
    assert reading.agency == "NPS"
    assert "park" not in reading.topic and "service" not in reading.topic


@pytest.mark.parametrize(("text", "word"), [
    ("did trump cancel the salmon memo", "memorandum"),
    ("how much yearly funding do hbcus get", "annual"),
    ("how are small island economies bouncing back from covid", "recovery"),
])
def test_clipped_and_everyday_forms_find_the_sheets_words(text: str, word: str) -> None:
    assert word in read_question(text, today=TODAY).search_words


SALMON_SHEET = """---
title: "FACT SHEET: President Revokes Columbia River Basin Directive"
date: '2025-06-12'
---

- **Revoking the salmon memorandum.** Today's Memorandum revokes the earlier Presidential Memorandum on restoring wild
  salmon and steelhead in the Columbia River Basin.
- **Dams.** The Memorandum directs agencies to keep the lower Snake River dams running.
"""


def test_a_memo_asked_about_is_found_as_the_sheets_memorandum(tmp_path: Path) -> None:
    index = _small_library(tmp_path, {"2025-06-12-salmon.md": SALMON_SHEET})
    result = answer(index, read_question("did the president cancel the columbia river salmon memo", today=TODAY))
    assert result.covered, result.reason
    assert result.top is not None and "salmon memorandum" in result.top.initiative.title.lower()


@pytest.mark.parametrize(("sentence", "stated"), [
    ("The Department of War is investing $400 million into Sunrise Energy Metals to develop a scandium mine.", True),
    ("USDA is now providing $400 million to Sunrise Energy Metals to develop a scandium mine.", True),
    ("The Bipartisan Infrastructure Law is investing $400 million into Sunrise Energy Metals' scandium mine.", False),
    ("The Department of War has already invested $400 million into Sunrise Energy Metals' scandium mine.", False),
])
def test_money_an_agency_is_handing_out_now_is_stated_even_when_read_as_earlier(sentence: str, stated: bool) -> None:
    """The money model may read "X is investing $400 million" as earlier money; an agency doing it now, in the present
    progressive, announces it (not a law's total, not "has already invested")."""
    from bot.query.answer import HEDGE_KIND, _hedge
    from tests.test_ask import NO_SHEETS, _figure

    # asked for new money: earlier money is all a question without news asks for may be stated (round 55m)
    reading = read_question("how much new federal money is going into sunrise energy metals scandium mine", today=TODAY)
    lead = _figure(400e6, "$400 million", sentence, "Powering American Mining", 130.0, 1.0, kind="background")
    assert (_hedge([lead], reading, NO_SHEETS) == "") is stated
    if not stated:
        assert _hedge([lead], reading, NO_SHEETS) == HEDGE_KIND


@pytest.mark.parametrize("text", [
    "how much are amgen, merck, gsk and the other drugmakers in trump's december mfn deals investing in us manufacturing",
    "how much did the big automakers commit to ev charging",
    "how much are insurers paying for the new weight loss drug coverage",
])
def test_companies_named_by_what_they_are_paying_ask_for_private_money(text: str) -> None:
    assert read_question(text, today=TODAY).kind == "private"


@pytest.mark.parametrize(("text", "kind"), [
    ("how much did doe give battery makers in october 2022", "new"),  # the companies get the money
    ("how much is the us paying airlines to fly to rural airports", "new"),
    ("how much is angola's airline paying for its new boeing 787s", "foreign"),  # another country's company
])
def test_companies_the_money_goes_to_or_from_another_country_keep_their_kind(text: str, kind: str) -> None:
    assert read_question(text, today=TODAY).kind == kind


BELARUS_SHEET = """---
title: "FACT SHEET: Holding the Lukashenka Regime Accountable"
date: '2021-08-09'
---

Today, on the anniversary of the fraudulent election, the President signed an Executive Order imposing further
consequences upon the leader of Belarus and his government for their ongoing abuses.

This E.O. provides strengthened authorities that empower the United States to raise the costs on the Lukashenka
regime. Specifically, this E.O. expands the scope of the national emergency to allow blocking sanctions on the regime.

- **Belaruskali.** Sanctions on one of the largest state-owned enterprises of Belarus, a source of revenue for the
  Lukashenka regime.
- **Visa restrictions.** Officials who undermine democracy may not enter the United States.
"""


@pytest.mark.parametrize("text", [
    "who is raising the costs on the lukashenka regime",
    "what sanctions did the president put on the lukashenka regime in belarus",
])
def test_a_lead_passage_that_refers_back_to_the_act_quotes_the_act(tmp_path: Path, text: str) -> None:
    """The passage holding most of the topic says "This E.O. provides …": the act it refers to ("signed an Executive
    Order imposing …") is said before it, and a who or what question is answered with the act."""
    index = _small_library(tmp_path, {"2021-08-09-belarus.md": BELARUS_SHEET})
    result = answer(index, read_question(text, today=TODAY))
    assert result.covered, result.reason
    assert "signed an Executive Order imposing further consequences" in result.passage, result.passage


@pytest.mark.parametrize(("text", "verb"), [
    ("how much in loan guarantees did doe offer for new power lines in april 2021", "offer"),
    ("what did the epa finalize on lead paint dust", "finalize"),
    ("has the fcc approved the broadband merger", "approved"),
])
def test_the_verb_of_an_agency_that_acted_weighs_as_the_questions_own_verb(text: str, verb: str) -> None:
    """As for "did harris promise": the sheets say what the agency did in their own words ("is seeking applications
    for up to $5 billion in loan guarantees"), so the asker's verb counts 0.3 of its weight."""
    reading = read_question(text, today=TODAY)
    assert verb in reading.topic and verb in reading.soft


GRID_SHEET = """---
title: "FACT SHEET: Administration Advances Expansion and Modernization of the Electric Grid"
date: '2021-04-27'
---

- **Loan guarantees for transmission.** DOE's Loan Programs Office is seeking applications for up to $5 billion in loan
  guarantees for new transmission lines and grid upgrades.
- **Federal land.** Agencies will speed the permitting of power lines on federal land.
"""


JOBS_SHEET = """---
title: "FACT SHEET: Registered Apprenticeships"
date: '2021-05-03'
---

- **Offers.** Employers offer paid apprenticeships in clean energy trades.
"""


def test_a_question_in_an_agencys_own_verb_is_covered_by_the_sheets_words(tmp_path: Path) -> None:
    """The sheet never says "offer": what DOE did is said as "seeking applications for … loan guarantees"."""
    index = _small_library(tmp_path, {"2021-04-27-grid.md": GRID_SHEET, "2021-05-03-jobs.md": JOBS_SHEET})
    result = answer(index, read_question("how much in loan guarantees did doe offer for new power lines", today=TODAY))
    assert result.covered, result.reason
    assert result.candidates[0].coverage >= 0.9, result.candidates[0].coverage


@pytest.mark.parametrize("text", [
    "who did biden nominate to lead the atf in april 2022",
    "who did the president pick to head the fema",
])
def test_the_agency_someone_is_picked_to_lead_is_the_topic_not_who_acted(text: str) -> None:
    """As "the budget for CBP" is about CBP: the ATF is what the nominee will lead, not the agency that acted."""
    reading = read_question(text, today=TODAY)
    assert reading.agency is None
    assert {"atf", "fema"} & set(reading.topic)


def test_an_agency_that_acts_is_still_a_filter() -> None:
    assert read_question("who did the atf name to lead its ghost gun task force", today=TODAY).agency == "ATF"
