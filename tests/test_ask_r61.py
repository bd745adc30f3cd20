"""/ask, round 61: readings of money abroad, of prices and changes, and of who and when (docs/ask.md, "Round 61")."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.query.question import FUNDING, KIND_FOREIGN, KIND_NEW, WHEN, WHERE, WHO, read_question
from tests.test_ask import TODAY, ask_small_library


@pytest.mark.parametrize("question", [
    "how much did kamala pledge to the green climate fund at cop28",
    "how much bilateral global health security $ did the us provide in fy22",
    "how big was the us guarantee for the asian development bank climate facility",
    "how much is the us chipping in to the ipef project preparation facility",
    "how much did state dept put into the americas partnership fund for nature at the idb",
])
def test_money_for_international_funds_and_banks_is_money_abroad(question: str) -> None:
    """The question set's convention: money with, from or for other countries is foreign money, also when the
    question names an international fund, bank or climate conference rather than a country."""
    assert read_question(question, today=TODAY).kind == KIND_FOREIGN


@pytest.mark.parametrize("question", ["how much did doe give for battery plants in michigan",
                                      "how much is the northeast corridor getting to fix amtrak tunnels"])
def test_money_at_home_stays_federal_money(question: str) -> None:
    assert read_question(question, today=TODAY).kind == KIND_NEW


@pytest.mark.parametrize("question", [
    "what does it cost agencies to get stuff published in the federal register",
    "medical debt in collections dropped by how much after the aca medicaid expansion",
    "how much wud the fy24 budget save by killing the special tax break for crypto",
    "18 months in, whats the total infrastructure law $ the admin had announced",
])
def test_a_price_a_change_or_a_running_total_asks_for_no_kind_of_money_handed_out(question: str) -> None:
    reading = read_question(question, today=TODAY)
    assert reading.intent == FUNDING and reading.kind is None


def test_who_acts_on_it_and_how_long_one_has_are_who_and_when() -> None:
    who = read_question("under trumps feb 2025 doge deregulation order who reviews all the existing regs", today=TODAY)
    assert who.intent == WHO and "regulations" in who.topic  # "regs" as the sheets write it
    assert read_question("how long does the NRC get to finish rewriting its regs", today=TODAY).intent == WHEN
    assert read_question("how long is the new permit valid", today=TODAY).intent != WHEN
    assert read_question("what specific interstates got added in round 5 of the ev corridors",
                         today=TODAY).intent == WHERE


@pytest.mark.parametrize(("question", "state"), [
    ("hud loan for that affordable housing retrofit in clinton nc - how much was it", "North Carolina"),
    ("augusta ga got named a workforce hub in may 2023, how much private investment was lined up there", "Georgia"),
])
def test_a_town_and_its_state_code_name_the_state(question: str, state: str) -> None:
    assert read_question(question, today=TODAY).state == state


@pytest.mark.parametrize("question", ["how much is it in total - the whole thing",
                                      "so la was getting how much for the olympics"])
def test_two_letters_that_are_words_name_no_state(question: str) -> None:
    assert read_question(question, today=TODAY).state is None


_REGISTER_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Increases Efficiency at the Federal Register"
date: '2025-05-09'
---

- **Lowering Publishing Costs.** Today the Government Publishing Office charges agencies $151 per column of text
  published in the Federal Register, a cost the Order directs the Archivist to lower.
"""


def test_what_it_costs_someone_is_answered_by_the_price(tmp_path: Path) -> None:
    """A price is what "what does it cost them" asks; "how much did it cost" asks for a sum, which a price is not."""
    asked = ask_small_library(tmp_path, {"2025-05-09-register.md": _REGISTER_SHEET},
                              "what does it cost agencies to get stuff published in the federal register")
    assert asked.covered and asked.figures and "$151 per column" in asked.passage
    (tmp_path / "sum").mkdir()
    summed = ask_small_library(tmp_path / "sum", {"2025-05-09-register.md": _REGISTER_SHEET},
                               "how much did publishing the federal register cost agencies")
    assert not summed.covered


def test_chat_short_forms_are_read_as_the_sheets_words() -> None:
    chipped = read_question("how much did biden say the us would chip in to the g7 RISE supply chain partnership",
                            today=TODAY)
    assert "chip" not in chipped.topic and "semiconductor" not in chipped.expanded  # to contribute, not a chip
    assert "semiconductor" in read_question("how many chips in the us are made in taiwan", today=TODAY).expanded


def test_the_total_tariff_is_a_rate_not_a_sum() -> None:
    assert read_question("trumps brazil tariff order july 2025 - whats the total tariff on brazilian stuff now",
                         today=TODAY).intent != FUNDING
    assert read_question("whats the total for the brazil tariff relief fund", today=TODAY).intent == FUNDING


_ARP_SHEET = """---
title: "FACT SHEET: Addressing Addiction and the Overdose Epidemic"
date: '2022-03-01'
---

- **Harm reduction.** The American Rescue Plan included $30 million in support for harm reduction services such as
  syringe services programs, a first for federal funding.
"""

_NEW_MONEY_SHEET = """---
title: "FACT SHEET: New Actions to Beat the Overdose Epidemic"
date: '2022-09-23'
---

- **Grants to states.** Today the Department of Health and Human Services is announcing more than $450 million in new
  grants to states to expand treatment and reduction of overdose deaths.
"""


def test_what_a_law_named_by_its_short_form_put_into_something_is_stated(tmp_path: Path) -> None:
    """ "arp money went to …" asks what the American Rescue Plan put in: the law's own figure is the answer, stated,
    though the money model reads it as earlier money and another sheet announces new money on part of the topic."""
    got = ask_small_library(tmp_path, {"2022-03-01-addiction.md": _ARP_SHEET, "2022-09-23-overdose.md": _NEW_MONEY_SHEET},
                            "how much arp money went to harm reduction stuff like syringe services")
    assert got.covered and got.figures and got.figures[0].record.amount_usd == 30_000_000
    assert got.figure_sure, got.hedge


@pytest.mark.parametrize(("question", "word", "typed"), [
    ("how much infra money went to ohio bridges", "infrastructure", "infra"),
    ("where is the new fbi hq", "headquarters", "hq"),
    ("how much for econ development in appalachia", "economic", "econ"),
    ("how much for the ntl parks", "national", "ntl"),
])
def test_chat_short_forms_of_common_words_are_the_words(question: str, word: str, typed: str) -> None:
    reading = read_question(question, today=TODAY)
    assert word in reading.topic and typed not in reading.topic


def test_the_approximate_amount_asks_for_money_and_info_is_no_topic() -> None:
    approx = read_question("whats the approx amount for ev chargers", today=TODAY)
    assert approx.intent == FUNDING and approx.topic_text == "ev chargers"
    info = read_question("any info on the new dept of ed rule", today=TODAY)
    assert info.agency == "ED" and "info" not in info.topic
    assert read_question("what did they announce last wk on broadband", today=TODAY).date_from is not None


_TARIFF_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Restores Section 232 Tariffs"
date: '2025-02-11'
---

- **Restoring the steel and aluminum tariffs.** The tariffs led to a wave in investment across the United States, with
  more than $10 billion in new steel and aluminum plants announced after the tariffs were first imposed.
"""

_LEASE_SHEET = """---
title: "FACT SHEET: Record Offshore Wind Lease Sale"
date: '2022-02-25'
---

- **New York Bight.** The offshore wind lease sale in the New York Bight brought in $4.37 billion in winning bids, the
  highest-grossing competitive offshore energy lease sale in history.
"""


def test_what_the_government_takes_in_is_answered_only_by_money_taken_in(tmp_path: Path) -> None:
    """ "How much will the tariffs bring in" is not answered by the investment the tariffs drew; "how much did the lease
    sale bring in" is answered by what the sale brought in."""
    tariffs = ask_small_library(tmp_path, {"2025-02-11-tariffs.md": _TARIFF_SHEET},
                                "how much money will trumps restored steel and aluminum tariffs bring in")
    assert not tariffs.covered and "no dollar figure" in tariffs.reason
    (tmp_path / "lease").mkdir()
    lease = ask_small_library(tmp_path / "lease", {"2022-02-25-lease.md": _LEASE_SHEET},
                              "how much did the new york bight offshore wind lease sale bring in")
    # shown first, not stated as new money: the money model reads winning bids as no money provided
    assert lease.covered and lease.figures and lease.figures[0].record.amount_usd == 4_370_000_000


_RECALLED_SHEET = """---
title: "FACT SHEET: New Commitments to End Hunger and Build Healthy Communities"
date: '2024-02-27'
---

- **Meals for older adults.** The Department of Agriculture (USDA) invested nearly $30 million in American Rescue Plan
  funds to help food banks deliver meals to seniors in rural communities.
"""


_OLDER_SHEET = """---
title: "FACT SHEET: Funds to Support the Health of Older Americans"
date: '2023-09-01'
---

- **Older Americans Act.** Today the Administration for Community Living is announcing $1.4 billion in new funding,
  building on the American Rescue Plan, to support the health of seniors and older adults in their homes.
"""


def test_what_went_to_something_is_not_stated_from_an_agencys_earlier_spending(tmp_path: Path) -> None:
    """ "how much rescue plan money went to meals for seniors" is not answered, as sure, by an agency's earlier spending
    of some of the law's money that a later sheet recalls: only the law's own figure is what went to it."""
    got = ask_small_library(tmp_path, {"2024-02-27-hunger.md": _RECALLED_SHEET, "2023-09-01-older.md": _OLDER_SHEET},
                            "how much rescue plan money went to meals for seniors")
    assert got.covered and got.figures
    assert not (got.figure_sure and got.figures[0].record.amount_usd == 30_000_000)
