"""/ask, thirty-second round: words around the question that are not its topic (see docs/ask.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.query.answer import answer
from bot.query.question import FUNDING, NONE, WHEN, WHO, read_question
from tests.test_ask import TODAY, _small_library

PORTS = "how much did EPA announce for clean ports in october 2024"


@pytest.mark.parametrize("text", [
    "how much did EPA announce for clean ports back in october 2024",
    "how much did EPA announce for clean ports in early october 2024",
    "how much did EPA announce for clean ports in mid-october 2024",
    "how much did EPA announce for clean ports in late october 2024",
    "how much did EPA announce for clean ports at the end of october 2024",
    "how much did EPA announce for clean ports at the start of october 2024",
    "how much did EPA announce for clean ports in the first week of october 2024",
    "how much did EPA announce for clean ports in the month of october 2024",
    "how much did EPA announce for clean ports sometime in october 2024",
])
def test_how_the_asker_places_a_date_is_the_date_not_the_topic(text: str) -> None:
    """"back in", "early", "the end of", "the first week of" before a date say when, as the date does: the filter
    is the same month, and no "early" or "back" is left for the sheets to hold."""
    plain = read_question(PORTS, today=TODAY)
    loose = read_question(text, today=TODAY)
    assert (loose.date_from, loose.date_to) == (plain.date_from, plain.date_to) == (dt.date(2024, 10, 1),
                                                                                   dt.date(2024, 10, 31))
    assert loose.topic == plain.topic == ("clean", "ports")


@pytest.mark.parametrize("text", [
    "what did biden announce on heat waves back in 2023",
    "what did biden announce on heat waves sometime in 2023",
    "what did biden announce on heat waves in the year 2023",
    "what did biden announce on heat waves in early 2023",
    "what did biden announce on heat waves in late 2023",
])
def test_how_the_asker_places_a_year_is_the_year_not_the_topic(text: str) -> None:
    reading = read_question(text, today=TODAY)
    assert reading.year == 2023
    assert reading.topic == ("heat", "waves")


def test_words_before_a_date_that_are_the_topic_stay() -> None:
    """Only qualifiers right before the date go: "the first national monument" keeps "first", a topic before
    "in 2021" keeps its words."""
    reading = read_question("what was biden's first national monument in 2021", today=TODAY)
    assert "first" in reading.topic and reading.earliest
    assert read_question("how much for the end of the tb epidemic in 2023", today=TODAY).topic[:2] == ("end", "tb")


def test_fiscal_and_a_year_is_a_fiscal_year() -> None:
    reading = read_question("fema bric funding fiscal 2022", today=TODAY)
    assert (reading.year, reading.fiscal, reading.agency, reading.topic) == (2022, True, "FEMA", ("bric",))
    assert read_question("how much for fusion in the fiscal 2025 budget", today=TODAY).topic == ("fusion",)


@pytest.mark.parametrize("text", [
    "how much CHIPS act money is intel getting pls",
    "how much CHIPS act money is intel getting lol",
    "how much CHIPS act money is intel getting tbh",
    "how much CHIPS act money is intel getting ty",
    "btw how much CHIPS act money is intel getting",
    "how much CHIPS act money is intel actually getting",
    "how much CHIPS act money is intel gonna get",
    "approx how much CHIPS act money is intel getting",
    "how much CHIPS act money is intel getting according to the fact sheets",
    "According to the White House, how much CHIPS act money is intel getting?",
    "how much CHIPS act money is intel getting, per the white house",
])
def test_chat_words_emphasis_and_attribution_are_not_the_topic(text: str) -> None:
    """"pls", "lol", "actually", "gonna", "according to the fact sheets": how people type, never what the question is
    about (left in, a rare word no sheet holds made the question go unanswered, and "fact sheets" asked for sheets)."""
    reading = read_question(text, today=TODAY)
    assert reading.intent == FUNDING
    assert set(reading.topic) == {"chips", "act", "intel"}


@pytest.mark.parametrize(("text", "intent", "topic"), [
    ("idk who chairs the national energy dominance council", WHO, {"chairs", "national", "energy", "dominance",
                                                                    "council"}),
    ("i don't know who chairs the national energy dominance council", WHO, {"chairs", "national", "energy",
                                                                             "dominance", "council"}),
    ("what the heck did trump do to stop creditors seizing venezuela's oil money", "initiatives",
     {"stop", "creditors", "seizing", "venezuela", "oil"}),
    ("In april 2022, who did biden nominate to lead the atf", WHO, {"nominate", "lead", "atf"}),
    ("what day did the SAVE plan launch", WHEN, {"save", "plan"}),
    ("whats the dollar figure for lead pipe replacement", FUNDING, {"lead", "pipe", "replacement"}),
    ("how much did biden reveal for lead pipe replacement", FUNDING, {"lead", "pipe", "replacement"}),
])
def test_how_the_question_opens_is_read_through_the_asker_s_words(text: str, intent: str, topic: set[str]) -> None:
    reading = read_question(text, today=TODAY)
    assert reading.intent == intent
    assert set(reading.topic) == topic


def test_small_talk_with_an_attribution_is_still_small_talk() -> None:
    assert read_question("what should i name my sailboat, per the white house", today=TODAY).intent == NONE


def test_a_request_for_fact_sheets_still_asks_for_sources() -> None:
    assert read_question("which fact sheets are about tiktok", today=TODAY).intent == "sources"


@pytest.mark.parametrize(("text", "agency", "kind"), [
    ("how much is the housing department putting into mobile home parks", "HUD", "new"),
    ("how much is the agency for international development giving to indigenous women in guatemala", "USAID",
     "foreign"),
])
def test_an_agency_by_the_name_people_use(text: str, agency: str, kind: str) -> None:
    reading = read_question(text, today=TODAY)
    assert (reading.agency, reading.kind) == (agency, kind)


PORTS_SHEET = """---
title: "FACT SHEET: EPA Announces Nearly $3 Billion for Clean Ports"
date: '2024-10-29'
---

- **Clean Ports Program.** The Environmental Protection Agency (EPA) announced nearly $3 billion for clean ports
  through the Clean Ports Program, to buy zero-emission port equipment.
"""


@pytest.mark.parametrize("text", [
    "how much did EPA announce for clean ports in october 2024",
    "how much did EPA announce for clean ports in early october 2024 pls",
    "how much did EPA actually announce for clean ports back in october 2024 lol",
])
def test_the_question_asked_loosely_is_answered_as_asked_plainly(tmp_path: Path, text: str) -> None:
    """The user sees the same answer, stated, however the words around the question go."""
    index = _small_library(tmp_path, {"2024-10-29-ports.md": PORTS_SHEET})
    result = answer(index, read_question(text, today=TODAY))
    assert result.covered, result.reason
    assert result.figures and result.figures[0].record.amount_usd == 3e9
    assert result.figure_sure, result.hedge


@pytest.mark.parametrize("text", [
    "how much cash for lead pipe replacement",
    "how much federal cash for lead pipe replacement",
    "how much lead pipe replacement cash did biden announce",
])
def test_cash_asked_about_is_the_money(text: str) -> None:
    reading = read_question(text, today=TODAY)
    assert reading.intent == FUNDING
    assert reading.topic == ("lead", "pipe", "replacement")


@pytest.mark.parametrize(("text", "topic"), [
    ("how much cash assistance did families get", ("cash", "assistance", "families")),
    ("what did biden do about cash for clunkers", ("cash", "clunkers")),
])
def test_cash_that_names_a_thing_stays_in_the_topic(text: str, topic: tuple[str, ...]) -> None:
    assert read_question(text, today=TODAY).topic == topic


@pytest.mark.parametrize(("text", "verb"), [
    ("did the biden administration add new sanctions on the western balkans", "add"),
    ("did the biden-harris administration add new sanctions on the western balkans", "add"),
    ("which departments did the trump administration order to repel illegal crossings", "order"),
    ("who's drawing up the plan for a us sovereign wealth fund", "drawing"),
    ("where's toyota building its first north american ev battery plant", "building"),
])
def test_the_verb_of_an_administration_or_after_a_contraction_is_the_asker_s(text: str, verb: str) -> None:
    """"did the trump administration order" is read as "did trump order": the verb is the asker's word (it counts 0.3),
    as is the -ing verb after "who's" or "where's" as after "who is"."""
    reading = read_question(text, today=TODAY)
    assert verb in reading.topic and verb in reading.soft


@pytest.mark.parametrize(("text", "state"), [
    ("how much is microsoft investing in racine, Wis.", "Wisconsin"),
    ("how much IRA money for colorado river conservation deals in Calif.", "California"),
    ("how much lead pipe money is going to Pa.", "Pennsylvania"),
    ("how much flood money did FEMA send in Wash.", "Washington"),
])
def test_a_state_by_its_newspaper_short_form_is_the_state(text: str, state: str) -> None:
    assert read_question(text, today=TODAY).state == state


@pytest.mark.parametrize("text", [
    "what did the Mass. General hospital get",
    "what did Miss. Universe say",
    "how much for the ill. and sick",
])
def test_a_short_form_that_is_a_word_is_no_state_unless_after_in(text: str) -> None:
    assert read_question(text, today=TODAY).state is None


@pytest.mark.parametrize(("text", "agency"), [
    ("how much did the E.P.A. announce for clean ports", "EPA"),
    ("how much did h.u.d. put into mobile home parks", "HUD"),
])
def test_an_acronym_written_with_dots_is_the_agency(text: str, agency: str) -> None:
    assert read_question(text, today=TODAY).agency == agency


def test_the_year_then_fiscal_year_is_a_fiscal_year() -> None:
    reading = read_question("how much for fusion energy in the 2025 fiscal year budget", today=TODAY)
    assert (reading.year, reading.fiscal, reading.topic) == (2025, True, ("fusion", "energy"))


@pytest.mark.parametrize("text", [
    "how much foreign aid did biden announce for food security",
    "how much did america give overseas for malaria",
    "how much did the us pledge abroad for clean energy",
    "how much international climate finance did biden pledge",
    "how much are foreign companies investing in the us",
    "how much did our european allies commit to ukraine's air defense",
    "how much did the us send to kyiv",
    "how much did the us give the ukrainians",
    "how much did biden pledge for clean energy in southeast asia",
    "how much did the us give europe for energy security",
])
def test_money_said_to_go_abroad_or_come_from_abroad_is_foreign_money(text: str) -> None:
    """A region, a capital city, a country's people, "overseas", "foreign aid": money with, from or for another
    country, as a country's name already said."""
    assert read_question(text, today=TODAY).kind == "foreign"


@pytest.mark.parametrize(("text", "kind"), [
    ("how much did biden and his allies in congress put into the chips act", "new"),
    ("how much is the us spending to compete with beijing on chips", "new"),
    ("how much for african american farmers", "new"),
    ("how much foreign aid is in the fy25 budget", "request"),
])
def test_abroad_only_where_the_money_goes_abroad(text: str, kind: str) -> None:
    assert read_question(text, today=TODAY).kind == kind


def test_where_the_money_goes_is_the_kind_not_the_topic() -> None:
    """"overseas", "abroad" are the kind's to check, not words the sheet's sentence must hold; "foreign aid" weighs
    less than what the aid is for."""
    reading = read_question("how much did america give overseas for malaria", today=TODAY)
    assert "overseas" not in reading.topic and "malaria" in reading.topic
    aid = read_question("how much foreign aid did biden announce for food security", today=TODAY)
    assert "foreign" in aid.soft and "food" not in aid.soft


MALARIA_SHEET = """---
title: "FACT SHEET: Administration Announces New Actions Against Malaria"
date: '2023-04-25'
---

- **Malaria research at home.** The National Institutes of Health will invest $80 million in new malaria research
  at American universities.
- **Fighting malaria in Zambia.** The United States will provide $50 million to Zambia to fight malaria through
  bed nets and treatment.
"""


def test_money_asked_about_as_going_abroad_is_the_money_for_another_country(tmp_path: Path) -> None:
    """"how much is the us sending abroad to fight malaria": the $50 million for Zambia, not the NIH's research money
    at home, which leads when the question does not say abroad."""
    index = _small_library(tmp_path, {"2023-04-25-malaria.md": MALARIA_SHEET})
    abroad = answer(index, read_question("how much is the us sending abroad to fight malaria", today=TODAY))
    assert abroad.covered, abroad.reason
    assert abroad.figures and abroad.figures[0].record.amount_usd == 50e6


@pytest.mark.parametrize(("text", "plain"), [
    ("explain the WISE initiative harris launched at APEC", "what is the WISE initiative harris launched at APEC"),
    ("can you explain build back better world", "what is build back better world"),
    ("give me a rundown of the national action plan to combat human trafficking",
     "what is the national action plan to combat human trafficking"),
    ("summarize biden's AI executive order", "what is biden's AI executive order"),
    ("explain how much intel got from the chips act", "how much intel got from the chips act"),
    ("at what point did trump sign the stablecoin bill", "when did trump sign the stablecoin bill"),
    ("how long ago did trump sign the stablecoin bill", "when did trump sign the stablecoin bill"),
    ("what's the location of LS greenlink's cable factory", "where is LS greenlink's cable factory"),
    ("where can i find info on PFAS", "where can i read about PFAS"),
    ("what steps did trump take on tik tok", "what did trump do about tik tok"),
    ("what actions has trump taken on tik tok", "what did trump do about tik tok"),
    ("how did biden respond to the baby formula shortage", "what did biden do about the baby formula shortage"),
    ("what was biden's response to the baby formula shortage", "what did biden do about the baby formula shortage"),
])
def test_how_the_question_is_framed_is_not_its_topic(text: str, plain: str) -> None:
    """"explain", "a rundown of", "at what point", "the location of", "info on", "what steps", "respond to": how the
    question asks, read as the plain question (same intent, same topic)."""
    framed, asked = read_question(text, today=TODAY), read_question(plain, today=TODAY)
    assert (framed.intent, framed.kind) == (asked.intent, asked.kind)
    assert set(framed.topic) == set(asked.topic)


@pytest.mark.parametrize(("text", "word"), [
    ("who handles the genesis mission", "handles"),
    ("which agency is responsible for hot air balloon rides", "responsible"),
    ("who oversees timeshare companies", "oversees"),
])
def test_how_a_who_question_asks_for_the_one_in_charge_weighs_less(text: str, word: str) -> None:
    reading = read_question(text, today=TODAY)
    assert reading.intent == WHO
    assert word in reading.soft and len(reading.soft) < len(reading.topic)


def test_explain_alone_is_still_read() -> None:
    assert read_question("explain", today=TODAY).topic == ("explain",)


@pytest.mark.parametrize(("text", "plain"), [
    ('"who chairs the national energy dominance council"', "who chairs the national energy dominance council"),
    ("“who chairs the national energy dominance council?”", "who chairs the national energy dominance council?"),
    ("(how much CHIPS act money is intel getting)", "how much CHIPS act money is intel getting"),
    ("re: how much CHIPS act money is intel getting?", "how much CHIPS act money is intel getting?"),
    ("Q: when did trump sign the stablecoin bill", "when did trump sign the stablecoin bill"),
    ("the SAVE student loan plan launch - when?", "when did the SAVE student loan plan launch"),
    ("hey, the SAVE student loan plan launch, when?", "when did the SAVE student loan plan launch"),
    ("the national energy dominance council chair, who?", "who chairs the national energy dominance council"),
    ("can I read about the PACT act for veterans exposed to burn pits, where?",
     "where can I read about the PACT act for veterans exposed to burn pits"),
])
def test_a_question_in_quotes_after_a_header_or_with_its_question_word_last(text: str, plain: str) -> None:
    """Quotes or brackets around the message, "re:" or "Q:" before it, or "who?" / "when?" / "where?" typed last: read
    as the question asked plainly (the intent, and no "re" for the sheets to hold)."""
    typed, asked = read_question(text, today=TODAY), read_question(plain, today=TODAY)
    assert typed.intent == asked.intent
    assert set(typed.topic) <= set(asked.topic) | {"chair"} and "re" not in typed.topic


def test_a_question_word_inside_the_question_stays_where_it_is() -> None:
    """Only a last word after a mark, with no question word opening the message, is moved."""
    assert read_question("what did biden announce on heat waves and when", today=TODAY).intent == "initiatives"
    assert read_question("the people who", today=TODAY).intent != WHO


@pytest.mark.parametrize("text", [
    "what did the first lady announce about military families",
    "how much did the first lady announce for cancer research",
    "what are the first responders getting from the rescue plan",
])
def test_the_first_lady_is_a_title_not_an_order_in_time(text: str) -> None:
    """"the first lady" names who acted; it does not ask for the oldest sheet, as "biden's first national monument"
    does."""
    assert not read_question(text, today=TODAY).earliest
    assert read_question("what state is biden's first new national monument in", today=TODAY).earliest


@pytest.mark.parametrize("text", [
    "how much did commerce actually award the 12 tech hubs",
    "how much did actually commerce award the 12 tech hubs",
    "how much did commerce really award the 12 tech hubs",
])
def test_a_word_of_emphasis_between_who_acted_and_their_verb_changes_nothing(text: str) -> None:
    """"did commerce actually award" is "did commerce award": the department that acts is the agency asked about (left
    between the two, "actually" hid it, and a figure of another agency could be stated)."""
    reading = read_question(text, today=TODAY)
    plain = read_question("how much did commerce award the 12 tech hubs", today=TODAY)
    assert (reading.agency, reading.topic, reading.kind) == (plain.agency, plain.topic, plain.kind) == ("DOC",
                                                                                                      plain.topic,
                                                                                                      plain.kind)
