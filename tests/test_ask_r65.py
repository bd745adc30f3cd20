"""/ask, round 65: numbers that are no sum, a White House sheet, a quantity asked per day, what a department wants,
a state's possessive typed without its apostrophe, more of the sheets' words, a saving asked for, the budget a
fiscal year names, a department's Secretary, a passage that says when, and a part not passed over for its whole
(docs/ask.md, "Round 65")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.query.question import FUNDING, INITIATIVES, NONE, SOURCES, WHEN, read_question
from tests.test_ask import TODAY, ask_small_library
from tests.test_ask_r54h import FILLER_SHEETS


@pytest.mark.parametrize(("question", "intent"), [
    # the numbers that are names are no sum to work out: the question is about the sheets
    ("what did the us do after 9/11 to help first responders", INITIATIVES),
    ("when did the port of long beach start running 24/7 in 2021", WHEN),
    # a White House sheet is a fact sheet
    ("which wh sheet lists the metro areas that hit record low unemployment, aug 2023", SOURCES),
    # how much of a thing in a day or a week is a quantity, not money, unless money is named
    ("how much russian oil n petroleum was the us importing per day before biden banned it in march 2022", INITIATIVES),
    ("how much money per day did the us spend on the evacuation", FUNDING),
    # the weather the sheets write of is no small talk; the weather outside still is
    ("how much did the us put toward noaas weather ready pacific early warning program at cop28", FUNDING),
    ("whats the weather in boston tomorrow", NONE),
    # how long something is supposed to last: until when
    ("how long is the dc national guard supposed to stay mobilized under trumps aug 2025 dc memo", WHEN),
])
def test_the_intent_of_these_questions(question: str, intent: str) -> None:
    assert read_question(question, today=TODAY).intent == intent


def test_arithmetic_is_still_out_of_scope() -> None:
    assert read_question("what is 52-50", today=TODAY).intent == NONE


def test_a_state_and_a_department_typed_as_chat() -> None:
    reading = read_question("how much quick release emergency relief did dot give hawaiis dot after the maui fires",
                            today=TODAY)
    assert reading.state == "Hawaii" and "hawaiis" not in reading.topic
    assert read_question("how much did the carolinas get for storm recovery", today=TODAY).state is None
    reading = read_question("when does ed's webinar series on stopping hate threats n bullying in schools kick off, "
                            "the one announced nov 2023", today=TODAY)
    assert reading.agency == "ED" and "one" not in reading.topic
    assert reading.window() == (dt.date(2023, 11, 1), dt.date(2023, 11, 30))
    reading = read_question("by when does interior want single use plastics phased out on national parks", today=TODAY)
    assert reading.agency == "DOI"


@pytest.mark.parametrize(("question", "added"), [
    ("who does trumps fentanyl order tell to go after the assets n banks behind the trade", {"financial", "institutions"}),
    ("what does the order let doe do to stop power plants from leaving the grid", {"prevent", "generation", "resources"}),
    ("how long is the guard supposed to stay mobilized", {"remain"}),
    ("how much is fmcsa giving states to speed up cdls", {"expedite"}),
    ("how long does the NRC get to finish rewriting its regs", {"rulemaking", "rulemakings"}),
    ("how many public health workers did biden want in his pre inauguration covid plan", {"elect"}),
])
def test_the_sheets_words_are_added(question: str, added: set[str]) -> None:
    assert added <= set(read_question(question, today=TODAY).expanded)


@pytest.mark.parametrize(("question", "wanted", "not_wanted"), [
    ("when does the 10 pt cut to the fentanyl tariffs on china kick in", {"percentage", "points"}, {"pt"}),
    ("what does the grid order let doe do", set(), {"let"}),
    ("how long is the guard supposed to stay", set(), {"long"}),
])
def test_words_of_the_topic(question: str, wanted: set[str], not_wanted: set[str]) -> None:
    topic = set(read_question(question, today=TODAY).topic)
    assert wanted <= topic and not (not_wanted & topic)


def test_a_budget_named_by_its_fiscal_year_is_the_one_sent_the_year_before() -> None:
    reading = read_question("how much wouldve bidens fy24 budget saved by closing the like kind exchange loophole",
                            today=TODAY)
    assert reading.window() == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    # a fiscal year without a budget is still October to September
    assert read_question("how much did dot award in fy24 for bridges", today=TODAY).window() == (
        dt.date(2023, 10, 1), dt.date(2024, 9, 30))


_IVF_SHEET = """---
title: "FACT SHEET: President Donald J. Trump Announces Actions to Lower Costs of IVF and Fertility Care"
date: '2025-10-16'
---

Today, President Trump announced an agreement with EMD Serono, one of the world's leading manufacturers of fertility
medications.

**Lowering the price of fertility drugs**

The Centers for Medicare and Medicaid Services estimates women can save up to $2,200 per cycle of fertility drugs as a
result of this deal on drugs that often cost over $5,000.

**New options for employers**

Employers will be able to offer fertility benefits separately from their health plans.
"""


def test_a_saving_asked_per_cycle_is_answered_by_the_estimate(tmp_path: Path) -> None:
    """"how much can women save per cycle": the sheet's estimate of the saving is the answer, not "no dollar figure"."""
    got = ask_small_library(tmp_path, {"2025-10-16-ivf.md": _IVF_SHEET, **FILLER_SHEETS},
                            "how much can women save per cycle on fertility drugs w trumps oct 2025 emd serono deal")
    assert got.covered and got.figures, got.reason
    assert got.figures[0].record.amount_usd == 2200


_GRID_SHEET = """---
title: "FACT SHEET: President Donald J. Trump Strengthens the Reliability and Security of the United States Electric Grid"
date: '2025-04-08'
---

Today, President Trump signed an Executive Order to strengthen the reliability and security of the electric grid.

**Protecting the grid**

The Order directs the development of a uniform methodology to analyze reserve margins. The Secretary of Energy will then
utilize that process to prevent significant generation resources from leaving the grid or converting fuel sources.

**Meeting demand**

The Order calls for more electricity to meet the demand of data centers.
"""


def test_a_departments_secretary_names_the_department(tmp_path: Path) -> None:
    """The sheet names the Secretary of Energy, never DOE: it still answers what the order lets DOE do."""
    got = ask_small_library(tmp_path, {"2025-04-08-grid.md": _GRID_SHEET, **FILLER_SHEETS},
                            "what does trumps apr 2025 grid reliability order let doe do to stop power plants from "
                            "leaving the grid")
    assert got.reading.agency == "DOE"
    assert got.covered, got.reason
    assert got.top is not None and "Secretary of Energy will then utilize" in got.top.initiative.text


_RIDES_SHEET = """---
title: "FACT SHEET: President Biden Announces Month of Action to Mobilize Vaccinations"
date: '2021-06-02'
---

The President is launching a month of action to get more Americans vaccinated by July 4.

**Free rides to vaccination sites from Lyft and Uber**

Lyft and Uber will offer free rides to and from vaccination sites to everyone across the country.

**Free rides to vaccination sites: how it works**

Riders choose a nearby vaccination site in the app. The free rides from Lyft and Uber run until July 4.
"""


def test_a_when_question_is_answered_by_the_passage_that_says_when(tmp_path: Path) -> None:
    got = ask_small_library(tmp_path, {"2021-06-02-month-of-action.md": _RIDES_SHEET, **FILLER_SHEETS},
                            "till when were lyft and uber doing free rides to vaccination sites")
    assert got.reading.intent == WHEN and got.covered, got.reason
    assert got.top is not None and "until July 4" in got.top.initiative.text


_OLDER_AMERICANS = """---
title: "FACT SHEET: Biden-Harris Administration Delivers Funds to Support the Health of Older Americans"
date: '2021-05-03'
---

Today the U.S. Department of Health and Human Services' Administration for Community Living is releasing $1.4 billion in
funding from the American Rescue Plan for Older Americans Act programs, including programs to support vaccine outreach
and coordination, address social isolation, provide family caregiver support, and offer nutrition support.

The funding will be distributed as follows:

-   **$750 million for meals for older adults.** States will be able to continue home-delivered meals.
-   **$145 million to help family caregivers support their loved ones.** This funding for the National Family
    Caregiver Support Program will provide counseling, training and respite care.
"""

_CARE_ACTIONS = """---
title: "FACT SHEET: Biden-Harris Administration Announces Most Sweeping Set of Executive Actions to Improve Care"
date: '2023-04-18'
---

The President is signing an Executive Order with more than 50 directives to expand access to care.

**Supporting family caregivers**

And the ARP provided $145 million to help the National Family Caregiver Support Program deliver counseling, training,
and short-term relief to family and other informal care providers.
"""


def test_a_part_holding_the_topic_is_not_passed_over_for_the_whole(tmp_path: Path) -> None:
    """The $145 million whose own words hold the whole topic is not put after the $1.4 billion for older adults (which
    holds less of it) and stated: the larger sum is never the confident answer."""
    got = ask_small_library(tmp_path, {"2021-05-03-older.md": _OLDER_AMERICANS, "2023-04-18-care.md": _CARE_ACTIONS,
                                       **FILLER_SHEETS},
                            "how much arp money went to the national family caregiver support program")
    assert got.covered and got.figures, got.reason
    assert not (got.figure_sure and got.figures[0].record.amount_usd == 1.4e9)
    assert got.figures[0].record.amount_usd == 145e6
