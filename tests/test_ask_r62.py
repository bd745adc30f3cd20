"""/ask, round 62: chat short forms, readings of places, a share asked, and a sum a sheet says twice (docs/ask.md,
"Round 62")."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.commands import dispatch
from bot.commands.spec import Invocation
from bot.query.answer import ONLY_CONTEXT_REASON
from bot.query.question import FUNDING, KIND_FOREIGN, NONE, WHERE, read_question
from tests.fake_app import FakeApp
from tests.test_ask import TODAY, _small_library, ask_small_library
from tests.test_ask_r54h import FILLER_SHEETS
from tests.test_commands_replies import everything, payloads


@pytest.mark.parametrize(("question", "wanted", "not_wanted"), [
    ("who runs the new program doing cyber ops against scam gangs", "operations", "ops"),
    ("how many mhz of spectrum is the national spectrum strategy gonna study", "megahertz", "mhz"),
    ("how many ppl would end up paying more at the pharmacy", "pharmacy", "end"),
])
def test_chat_short_forms_are_read_as_the_sheets_words(question: str, wanted: str, not_wanted: str) -> None:
    topic = read_question(question, today=TODAY).topic
    assert wanted in topic and not_wanted not in topic


def test_a_department_by_its_word_and_depts_is_the_department() -> None:
    reading = read_question("how many new cyber apprenticeship programs came out of the labor depts 120 day sprint",
                            today=TODAY)
    assert reading.agency == "DOL" and "depts" not in reading.topic


@pytest.mark.parametrize("question", ["USDA money for rural electric co-ops clean power how much",
                                      "how much for rural electric co ops"])
def test_co_ops_stay_cooperatives(question: str) -> None:
    assert "operations" not in read_question(question, today=TODAY).topic


_FORUM_SHEET = """---
title: "Fact Sheet: President Biden to Catalyze Global Climate Action through the Major Economies Forum on Energy and
  Climate"
date: '2023-04-20'
---

At today's meeting, the President will highlight new steps the United States is taking to reduce emissions. The
President will also announce significant new steps the United States is taking to support developing countries in
taking stronger climate action – including providing $1 billion to the Green Climate Fund and requesting $500 million
for the Amazon Fund and related activities.

**Strengthening Support for Climate Action in Developing Countries**

*Providing $1 Billion to the Green Climate Fund*

In 2021, President Biden pledged to work with Congress to quadruple U.S. climate support for developing countries.
As part of this broader effort, today, the President will announce that the United States is providing $1 billion
to the Green Climate Fund (GCF), bringing total U.S. contributions to the GCF to $2 billion.

**Decarbonizing International Shipping**

The United States will work with partners on zero-emission shipping.
"""


def test_a_sum_said_twice_is_quoted_from_the_part_of_the_sheet_on_it(tmp_path: Path) -> None:
    """The lead's summary lists it beside another sum; the part of the sheet on it says it in full, and the running
    total after it ("bringing total … to $2 billion") is the next figure, not this one."""
    got = ask_small_library(tmp_path, {"2023-04-20-forum.md": _FORUM_SHEET, **FILLER_SHEETS},
                            "how much is the us providing to the green climate fund")
    assert got.covered and got.figures and got.figure_sure, got.hedge
    assert got.figures[0].record.amount_usd == 1_000_000_000
    assert got.passage.startswith("As part of this broader effort, today, the President will announce")


def test_what_someone_visited_is_a_place_and_the_first_lady_is_read_by_her_title() -> None:
    reading = read_question("which school did biden and jill visit to kick off the school year in aug 2023",
                            today=TODAY)
    assert reading.intent == WHERE
    assert {"first", "lady"} <= set(reading.expanded)  # "The President and First Lady will mark the start …"
    assert read_question("which factory did harris tour in michigan", today=TODAY).intent == WHERE
    assert read_question("which community college is micron giving 5 million to", today=TODAY).intent != WHERE


def test_a_road_named_by_its_numbers_is_no_sum_to_work_out() -> None:
    reading = read_question("how much federal $ did wisconsin get to replace the I-39/90/94 bridge over the wisconsin "
                            "river", today=TODAY)
    assert reading.intent == FUNDING and reading.state == "Wisconsin"
    assert read_question("whats 39/90", today=TODAY).intent == NONE


@pytest.mark.parametrize("question", ["which non g7 countries signed on to the g7 democratic resilience statement",
                                      "which non-nato countries sent troops"])
def test_countries_outside_a_group_are_places(question: str) -> None:
    assert read_question(question, today=TODAY).intent == WHERE


_AIRCRAFT_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Adjusts Imports of Commercial Aircraft and Jet Engines"
date: '2026-07-09'
---

- **Adjusting Imports.** The Proclamation imposes tariffs on imported jet engines and aircraft parts under Section 232.
- **Monitoring.** The Secretary of Commerce will inform the President of any circumstances that require further action.
"""

_TRUCK_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Adjusts Imports of Medium and Heavy-Duty Trucks"
date: '2025-10-17'
---

- **Adjusting Imports.** The Proclamation imposes a 25% tariff on imports of medium- and heavy-duty trucks.
"""


def _share_reply(tmp_path: Path, question: str) -> str:
    tmp_path.mkdir()
    index = _small_library(tmp_path, {"aircraft.md": _AIRCRAFT_SHEET, "trucks.md": _TRUCK_SHEET})
    reply = asyncio.run(dispatch(FakeApp(index), "ask", {"question": question}, Invocation(user_id=42)))
    payloads(reply)  # every Discord limit holds
    return everything(reply)


def test_a_question_after_a_share_that_no_passage_gives_says_so(tmp_path: Path) -> None:
    """"what tariff %": the sheet on the aircraft tariffs never says the rate, so the reply says no percentage is said
    (and shows the closest passage); the truck sheet, which says one, answers."""
    aircraft = _share_reply(tmp_path / "a", "what tariff % is trump putting on imported jet engines and aircraft parts")
    assert "No percentage" in aircraft and "jet engines" in aircraft
    trucks = _share_reply(tmp_path / "t", "what tariff % is trump putting on imported heavy-duty trucks")
    assert "No percentage" not in trucks and "25%" in trucks


def test_he_would_and_a_country_s_possessive_typed_without_apostrophes() -> None:
    assert read_question("who did biden say hed nominate to run the atf back in april 2021",
                         today=TODAY).topic == ("nominate", "atf")
    reading = read_question("how much are the epa and mexicos conagua putting into fixing the tijuana river sewage "
                            "pollution", today=TODAY)
    assert reading.kind == KIND_FOREIGN and "mexico" in reading.topic
    # a country's name with an "s" that is a word of its own stays that word
    assert "turkeys" in read_question("what were the names of the turkeys the president pardoned",
                                      today=TODAY).topic


def test_money_from_the_summit_for_democracy_is_money_abroad() -> None:
    assert read_question("how much has the us put into the surge and sustain fund for anti censorship tech since the "
                         "first summit for democracy", today=TODAY).kind == KIND_FOREIGN


_VETERANS_SHEET = """---
title: "Fact Sheet: Biden-Harris Administration Announces New Actions to Support Veterans and Their Families"
date: '2023-11-10'
---

- **Protecting veterans from scams.** Today, the President is launching the new Veteran Scam and Fraud Evasion (VSAFE)
  Task Force to better protect veterans and their families against scams. In 2023, veterans, Service members, and their
  families reported $477 million in losses to fraud.
- **Housing.** HUD will expand housing vouchers for homeless veterans.
"""


def test_a_money_question_near_only_a_statistic_says_no_sum_is_given(tmp_path: Path) -> None:
    """The task force is on the sheet, but the only amount near it is what veterans lost to fraud: no sum is said for
    what goes into it, so the library does not answer how much (the statistic is shown as context, never as the
    answer)."""
    got = ask_small_library(tmp_path, {"2023-11-10-veterans.md": _VETERANS_SHEET, **FILLER_SHEETS},
                            "how much money is going into bidens vsafe veteran scam task force")
    assert not got.covered and got.reason == ONLY_CONTEXT_REASON
