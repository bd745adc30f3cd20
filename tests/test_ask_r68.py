"""/ask, round 68: chat's contractions, money taken in or a price read as no money handed out, a place
spending its own share, a threshold, "new mexico", labs and pharmacies as who, "600b", and the initiative a figure
belongs to named under it (docs/ask.md, "Round 68")."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.query.question import (
    FUNDING,
    INITIATIVES,
    KIND_FOREIGN,
    KIND_NEW,
    KIND_STATE_LOCAL,
    WHO,
    read_question,
)
from tests.test_ask import TODAY, _small_library
from tests.test_ask_r54h import FILLER_SHEETS


@pytest.mark.parametrize(("question", "wanted", "not_wanted"), [
    # "wouldve" is "would have", which is no topic
    ("how many child care providers wouldve started getting paid on time", {"providers"}, {"wouldve"}),
    # how the sheet is asked for: "lists", "breaks down", "runs thru" say it covers the topic
    ("which fact sheet lists the trump era rules biden told agencies to review", {"rules"}, {"lists"}),
    ("the wh fact sheet that breaks down the bipartisan infrastructure deal", {"infrastructure"}, {"breaks", "down"}),
    ("which fact sheet runs thru what each agency is doing to get ppl registered to vote", {"vote"}, {"runs", "thru"}),
    ("how much did doe put up for enviro reviews", {"environmental"}, {"enviro"}),
    ("how much was interior setting aside to help tribes move away from climate threats", {"tribes"}, {"setting"}),
    ("how much does tva's ceo actually make rn, the pay trump wants capped", {"ceo"}, {"rn"}),
])
def test_words_of_the_topic(question: str, wanted: set[str], not_wanted: set[str]) -> None:
    topic = set(read_question(question, today=TODAY).topic)
    assert wanted <= topic and not (not_wanted & topic)


@pytest.mark.parametrize("question", [
    "how much was the ftc judgment against arete financial for the student loan relief scam",
    "how much have ftc settlments w student loan forgiveness scammers added up to",
    "how much revenue would quadrupling the stock buyback tax bring in",
    "how much in chinese imports did bidens may 2024 tariff hikes actually cover",
    "wh says families saved how much a yr on gas n utility bills back in trumps first term?",
    "whats it actually cost to make one vial of insulin",
    "how much of a tax credit can u get for a home energy audit under the ira",
    "what do ppl in the new climate corps get paid for their yr of service",
])
def test_money_taken_in_a_price_or_a_pay_rate_is_no_money_handed_out(question: str) -> None:
    reading = read_question(question, today=TODAY)
    assert reading.intent == FUNDING and reading.kind is None


@pytest.mark.parametrize("question", [
    "how much of its emergency rental assistance did chicago put toward the right to counsel pilot",
    "how much of its arp school money did nyc put into growing its community schools",
])
def test_a_place_spending_its_own_share_is_state_or_local_money(question: str) -> None:
    assert read_question(question, today=TODAY).kind == KIND_STATE_LOCAL


def test_an_agency_spending_its_own_share_is_not_read_as_a_place() -> None:
    assert read_question("how much of its grant money did hud put into lead pipes", today=TODAY).kind == KIND_NEW


def test_new_mexico_is_a_state_not_another_country() -> None:
    reading = read_question("how much did ntia hand out in aug 2022 to get tribes in new mexico online", today=TODAY)
    assert reading.state == "New Mexico" and reading.kind == KIND_NEW
    assert read_question("how much aid did harris announce for mexico", today=TODAY).kind == KIND_FOREIGN


def test_east_of_the_mississippi_is_the_river() -> None:
    reading = read_question("how many members does the lumbee tribe have, the biggest tribe east of the mississippi",
                            today=TODAY)
    assert reading.state is None
    assert read_question("how much is mississippi getting for broadband", today=TODAY).state == "Mississippi"


@pytest.mark.parametrize(("question", "intent"), [
    ("how big does a foreign investment have to be to get fast tracked reviews under the investment memo", INITIATIVES),
    ("which us lab signed that microbe genomics deal w singapores a*star", WHO),
    ("which discount pharmacy outfits r getting plugged into trumprx", WHO),
    ("what do ppl in the new climate corps get paid for their yr of service", FUNDING),
])
def test_the_intent_of_these_questions(question: str, intent: str) -> None:
    assert read_question(question, today=TODAY).intent == intent


def test_pepfar_money_is_spent_abroad() -> None:
    assert read_question("pepfars nurse leadership program in 2024, how much $ is going into it",
                         today=TODAY).kind == KIND_FOREIGN


def test_tva_is_an_agency() -> None:
    assert read_question("how much does tva's ceo make", today=TODAY).agency == "TVA"


def test_billions_written_with_a_b() -> None:
    assert read_question("separate from the 600b in trumps eu deal", today=TODAY).amounts == (600e9,)
    assert read_question("which states are in phase 1b of the vaccine rollout", today=TODAY).amounts == ()


_FUND_SHEET = """---
title: "FACT SHEET: Release of the River Security Strategy"
date: '2023-10-31'
---

Today, the Administration is releasing its River Security Strategy.

**Investing in the Clean Rivers Partnership Fund**

In Fiscal Year 2023, the Environmental Protection Agency dedicated $10 million to the partnership in Ohio and Texas.

**Training river keepers**

The Environmental Protection Agency will train 500 river keepers.
"""


def test_a_money_answer_names_the_initiative_its_figure_belongs_to(tmp_path: Path) -> None:
    """The figure's sentence does not name the fund; the heading it sits under does. The reply names that initiative
    under the figure, with the command that opens it; before, only the sentence was shown."""
    from bot.commands.ask import _money_page
    from bot.query.answer import answer

    index = _small_library(tmp_path, {"2023-10-31-rivers.md": _FUND_SHEET, **FILLER_SHEETS})
    reading = read_question("epa money for the clean rivers partnership fund, how much was it", today=TODAY)
    result = answer(index, reading)
    assert result.covered and result.figures and result.figures[0].record.amount_usd == 10_000_000
    page = _money_page(index, reading, result, "/funding")
    description = page.embeds[0].description or ""
    initiative_id = result.figures[0].record.initiative_id
    assert f"↳ under “Investing in the Clean Rivers Partnership Fund” · `/initiative id:{initiative_id}`" in description
    # the line follows the figure it belongs to
    assert description.index("$10 million") < description.index("↳ under")


def test_what_two_countries_are_spending_is_money() -> None:
    reading = read_question("is there any number on what the us n canada are spending to modernize norad", today=TODAY)
    assert reading.intent == FUNDING


def test_a_fine_is_what_the_sheets_call_a_penalty() -> None:
    assert "penalties" in read_question("is trump bringing back fines for social security fraud",
                                        today=TODAY).expanded
    assert "penalties" not in read_question("what's in the fine print of the deal", today=TODAY).expanded
