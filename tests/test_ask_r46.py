"""/ask, forty-sixth round: how questions are read, on the words a user types."""

from __future__ import annotations

from bot.query.question import FUNDING, INITIATIVES, WHEN, read_question
from tests.test_ask import TODAY


def test_whens_without_its_apostrophe_asks_when() -> None:
    """"Whens the deadline for troops discharged over the covid vaccine to ask to be reinstated": "when's" typed
    without its apostrophe was a rare topic word ("whens") and the question asked for initiatives. It is "when is", as
    "wheres" is "where is"."""
    reading = read_question("whens the deadline for troops discharged over the covid vaccine to ask to be reinstated",
                            today=TODAY)
    assert reading.intent == WHEN
    assert "whens" not in reading.topic and "deadline" in reading.topic
    assert read_question("when's the next student loan payment due", today=TODAY).intent == WHEN


def test_goods_coming_into_the_us_are_imports() -> None:
    """"What did biden do about russian vodka and seafood coming into the us": "coming" was a topic word no sheet's
    sentence has, and the sheets call goods coming into the country imports ("Ban U.S. Import of Goods from …
    Russia"). A verb of motion into the us, the country or america reads as imports; "coming" alone is filler, as
    "come" and "came" are."""
    reading = read_question("what did biden do about russian vodka and seafood coming into the us", today=TODAY)
    assert reading.topic == ("russian", "vodka", "seafood")
    assert "imports" in reading.expanded
    shipped = read_question("how much steel is shipped in to the country from china", today=TODAY)
    assert "imports" in shipped.expanded
    assert "imports" not in read_question("what is coming up for broadband", today=TODAY).expanded


def test_get_people_a_thing_reads_the_thing() -> None:
    """"What was biden doing in 2022 to get people their updated covid booster before thanksgiving": "people" is whom
    the asker wants the booster got to, in the asker's words, and weighed as a topic word no sheet's sentence has (the
    sheet: "get their free updated COVID-19 vaccine"). "Get people", "getting folks", "get everyone" before the thing
    given read as "get"; "get people signed up" and a group the sheets name ("get people with disabilities jobs")
    keep it."""
    reading = read_question("what was biden doing in 2022 to get people their updated covid booster before thanksgiving",
                            today=TODAY)
    assert "people" not in reading.topic and "booster" in reading.topic
    assert read_question("how is biden getting folks a booster", today=TODAY).topic == ("booster",)
    assert "people" in read_question("how much to get people signed up for the program", today=TODAY).topic
    assert "people" in read_question("what did biden do to get people with disabilities jobs", today=TODAY).topic


def test_a_booster_is_a_dose_of_vaccine() -> None:
    """"Their updated covid booster": the sheets say "the updated COVID-19 vaccine"; only "booster shot" was read as
    vaccines. A booster on its own is a dose of vaccine (not "booster seats", "booster rockets")."""
    reading = read_question("what was biden doing to get people their updated covid booster", today=TODAY)
    assert "vaccine" in reading.expanded
    assert "vaccine" not in read_question("what about car booster seats", today=TODAY).expanded


def test_over_budget_is_no_question_about_a_budget() -> None:
    """"What happens to pentagon weapons programs that are way over budget under trumps order": "over budget" says how
    a program's cost compares with its plan; the question was read as asking for a budget request. "Over", "under",
    "within budget" no longer make a money question; "what is the budget for nasa" still is one."""
    reading = read_question("what happens to pentagon weapons programs that are way over budget under trumps order",
                            today=TODAY)
    assert reading.intent == INITIATIVES and reading.kind is None
    assert read_question("which projects came in under budget", today=TODAY).intent == INITIATIVES
    assert read_question("what is the budget for nasa", today=TODAY).intent == FUNDING


def test_what_happens_is_the_question_not_its_topic() -> None:
    """"What happens to pentagon weapons programs …": "happened", "happen", "happening" were question words and
    "happens" a rare topic word no sheet's sentence has."""
    reading = read_question("what happens to pentagon weapons programs that are way over budget", today=TODAY)
    assert "happens" not in reading.topic and "weapons" in reading.topic


def test_to_fight_a_harm_is_to_counter_or_combat_it() -> None:
    """"How much extra did bidens 2022 budget ask for to fight domestic terrorism": the sheets say "countering domestic
    terrorism", "combating …"; "fight" found nothing. Not "fight for" (a cause, "fight for $15")."""
    reading = read_question("how much extra did bidens 2022 budget ask for to fight domestic terrorism", today=TODAY)
    assert "countering" in reading.expanded
    assert "countering" not in read_question("what did biden do in the fight for a higher minimum wage",
                                             today=TODAY).expanded
