"""/ask, forty-seventh round: how questions are read, on the words a user types."""

from __future__ import annotations

import datetime as dt

from bot.query.question import WHERE, read_question
from tests.test_ask import TODAY


def test_a_holiday_placed_as_a_time_is_its_month() -> None:
    """"How much new underrepresented communities grant money did the park service open up before juneteenth 2024":
    the asker places the time by the holiday, and the year alone filtered the whole of 2024. A holiday with its year
    after a word that places a time ("before", "on", "around", "ahead of", "during") is the month it falls in; its
    name stays a topic word (the sheet: "… Ahead of Juneteenth National Independence Day"). "His earth day 2022
    executive order" names the order: its year is the year."""
    reading = read_question("how much new underrepresented communities grant money did the park service open up "
                            "before juneteenth 2024", today=TODAY)
    assert (reading.date_from, reading.date_to, reading.year) == (dt.date(2024, 6, 1), dt.date(2024, 6, 30), None)
    assert "juneteenth" in reading.topic
    thanksgiving = read_question("what did biden do on thanksgiving 2021", today=TODAY)
    assert (thanksgiving.date_from, thanksgiving.date_to) == (dt.date(2021, 11, 1), dt.date(2021, 11, 30))
    named = read_question("where did biden sign his earth day 2022 executive order on forests", today=TODAY)
    assert (named.year, named.date_from) == (2022, None)


def test_which_places_with_a_word_that_says_which_asks_where() -> None:
    """"Which african countries is usaid's primary health care collaborative focusing on first": the countries are the
    answer; "which countries" asked where, but one word between ("african", "other", "us") made it a question on
    initiatives. A question that opens "which / what" and one word before countries, nations, states, cities, towns,
    counties, communities or regions asks where; a verb or an article there does not ("what did states get")."""
    reading = read_question("which african countries is usaid's primary health care collaborative focusing on first",
                            today=TODAY)
    assert reading.intent == WHERE
    assert read_question("what other countries joined the pledge", today=TODAY).intent == WHERE
    assert read_question("what did states get from the rescue plan", today=TODAY).intent != WHERE


def test_kept_on_hold_is_hold_times() -> None:
    """"Is biden doing anything about companies that keep you on hold forever": the sheet says "hold times" and
    "headaches and hassles" ("Time Is Money"); "keep", "forever" and "you" are the asker's. Someone kept, put or left
    on hold (and "on hold forever", "for hours") reads as hold times, customer service, hassles; a plan "on hold" does
    not."""
    reading = read_question("is biden doing anything about companies that keep you on hold forever", today=TODAY)
    assert {"times", "customer", "service", "hassles"} <= set(reading.expanded)
    assert "times" not in read_question("is the offshore wind project on hold", today=TODAY).expanded


def test_a_presidents_era_is_his_time_in_office() -> None:
    """"Which fact sheet lists the trump era rules biden told agencies to review": "era" after a president's name is
    the asker's word for his time in office and weighed as a topic word the sheets never use for it. "The trump era
    rules", "obama-era guidance" read without it; "the era of great power competition" keeps it."""
    reading = read_question("which fact sheet lists the trump era rules biden told agencies to review", today=TODAY)
    assert "era" not in reading.topic and "rules" in reading.topic
    assert "era" not in read_question("what obama-era guidance did trump rescind", today=TODAY).topic
    assert "era" in read_question("what happened in the era of great power competition", today=TODAY).topic


def test_a_speakers_verb_in_ing_after_a_preposition_is_the_askers() -> None:
    """"Is there a fact sheet on trump ordering an investigation into actblue": "ordering" is what the asker says Trump
    did and weighed in full as a topic word the sheet's sentences do not have ("directing … to investigate"). A
    speaker's verb in -ing after a preposition ("on trump ordering", "about biden signing") counts 0.3, as "did trump
    order" already did."""
    reading = read_question("is there a fact sheet on trump ordering an investigation into actblue", today=TODAY)
    assert "ordering" in reading.soft and "actblue" not in reading.soft
    assert "signing" in read_question("what changed after biden signing the chips act", today=TODAY).soft


def test_a_dangling_starting_with_is_no_topic_word() -> None:
    """"How much is the new fund to help local communities get involved in marine sanctuaries starting with": a
    "starting with" (or "to begin with") left at the end says the asker wants the first sum ("an initial $2
    million"); "starting" weighed as a topic word the sheet's sentence does not have. "Which states are starting
    with the pilot" keeps it: something follows."""
    reading = read_question("how much is the new fund to help local communities get involved in marine sanctuaries "
                            "starting with", today=TODAY)
    assert "starting" not in reading.topic and "sanctuaries" in reading.topic
    assert "start" not in read_question("how much did the fund have to start with?", today=TODAY).topic
    assert "starting" in read_question("which states are starting with the pilot", today=TODAY).topic


def test_kick_off_is_launch() -> None:
    """"Where did tanden and vilsack kick off the rural america event series": the sheet "launches" the series, and
    "kick" and "off" weighed as topic words it does not have (another sheet, "… to Kick Off Fourth Investing in
    America Tour", came first). "Kick off", "kicked off", "kicking off" read as launch, which the reading knows as the
    question's own verb, as "roll out" reads as announce."""
    reading = read_question("where did tanden and vilsack kick off the rural america event series", today=TODAY)
    assert "kick" not in reading.topic and "off" not in reading.topic and "series" in reading.topic
    assert "kick" not in read_question("when is biden kicking off the investing in america tour", today=TODAY).topic
