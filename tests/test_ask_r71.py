"""/ask, round 71: money lent, paid, raised to, or a package's, penalty's size asked without "how much"; a chat verb's
dropped g; a state, a town, an organisation or a company as the one that spends; prices, earnings, savings, losses
and what a person pays as no money handed out; a country's name with its apostrophe dropped; the ones that acted
listed; more ways of asking when and who; a state's own spending and a company's "sinking" in as the sum asked for; a
running total beside a package's own sum; a compound the question splits ("flag … pole": "flagpole"); a nonstop
flight as the sheets' direct one (docs/ask.md, "Round 71")."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.query.question import (
    FUNDING,
    INITIATIVES,
    KIND_FOREIGN,
    KIND_PRIVATE,
    KIND_REQUEST,
    KIND_STATE_LOCAL,
    WHEN,
    WHO,
    read_question,
)
from tests.test_ask import TODAY, ask_small_library
from tests.test_ask_r54h import FILLER_SHEETS


@pytest.mark.parametrize(("question", "intent"), [
    ("whats dfc lending to make housing cheaper in the philippines", FUNDING),
    ("show me what hungarys mol paid for american crude oil when vance was in budapest", FUNDING),
    ("what did biden bump the us adaptation fund pledge up to at cop27", FUNDING),
    ("whats the biggest single military aid package australia has sent ukraine", FUNDING),
    ("whats the fine if a port doesnt report a cyber incident", FUNDING),
    ("list the big retailers n shippers that promised to move containers at night", WHO),
    ("under the order who gets to decide what the law means for the whole exec branch", WHO),
    ("what days is the national archives showing the emancipation proclamation", WHEN),
    ("whats the actual cutoff date for wind n solar projects to still get the tax credits", WHEN),
    # a promise, not money raised to a sum
    ("what did biden raise at the summit about maritime security", INITIATIVES),
])
def test_the_intent_of_these_questions(question: str, intent: str) -> None:
    assert read_question(question, today=TODAY).intent == intent


@pytest.mark.parametrize(("question", "kind"), [
    # a verb with its g dropped is the verb: the state puts its own money in
    ("how much is connecticut puttin toward a climate venture capital fund", KIND_STATE_LOCAL),
    ("how much arp money is harris county tx putting into the program that hires homeless ppl", KIND_STATE_LOCAL),
    ("how big were the arp bonuses maine gave its home care workers", KIND_STATE_LOCAL),
    ("how much state money did louisiana put into its new nonprofit that helps towns apply for grants",
     KIND_STATE_LOCAL),
    ("how much is novelis sinking into that aluminum recycling plant in kentucky", KIND_PRIVATE),
    ("how much did hispanic federation put up for free tax prep help", KIND_PRIVATE),
    ("how much is the heartland fund committing to its rural program", KIND_PRIVATE),
    # a program's name in a budget request is not a nonprofit's money
    ("how much did biden ask for the nonprofit security grant program in his fy2023 budget", KIND_REQUEST),
    # a country's name with its apostrophe dropped is the country
    ("show me what hungarys mol paid for american crude oil", KIND_FOREIGN),
])
def test_who_spends(question: str, kind: str) -> None:
    assert read_question(question, today=TODAY).kind == kind


@pytest.mark.parametrize("question", [
    "whats sanofis blood thinner plavix gonna cost on trumprx",
    "how much money could a world cup host city rake in",
    "how much were ppl saving every month on their internet bills thru the acp",
    "how much did dol say hispanic women lose in wages vs white men",
    "how much more would a 62 yr old in tampa pay for insurance a yr",
    "under the ira how much of the price of an electric van can a small biz get back",
    "how big a discount does pfizer give on xeljanz if u buy direct",
])
def test_a_price_an_earning_a_saving_a_loss_is_no_money_handed_out(question: str) -> None:
    reading = read_question(question, today=TODAY)
    assert reading.intent == FUNDING and reading.kind is None


def test_a_country_with_its_apostrophe_dropped_is_its_name() -> None:
    reading = read_question("show me what hungarys mol paid for american crude oil", today=TODAY)
    assert "hungary" in reading.topic and "hungaries" not in reading.topic
    # a plural typed with "-ys" is still the "-ies" plural the sheets write
    assert "supplies" in read_question("who made the covid test supplys", today=TODAY).topic


def test_a_department_the_order_says_had_to_act_is_the_agency() -> None:
    reading = read_question("by what date did the lumber order say commerce had to finish the section 232 report",
                            today=TODAY)
    assert reading.agency == "DOC"


@pytest.mark.parametrize("question", [
    "which tech company got h1bs approved while laying off 16k us workers",
    "who signed off on the first ever intel community estimate on climate change",
])
def test_off_is_no_topic(question: str) -> None:
    assert "off" not in read_question(question, today=TODAY).topic


_CLIMATE_CAPITAL_SHEET = """---
title: "FACT SHEET: Biden-Harris Administration Takes Action to Expand Access to Capital for Small- and Medium-Sized Climate Businesses"
date: '2024-05-30'
---

Through President Biden's Investing in America agenda, the U.S. is making the largest public investment in climate
action in history.

**Releasing the new Climate Capital Guidebook:** SBA is releasing a guidebook for small climate businesses.

**<u>Today’s announcements build on prior Biden-Harris Administration
actions to expand access to climate capital, including:</u>**

**Expanding Financing for Clean Energy and Climate Solutions:**

-   Thanks to the President’s Inflation Reduction Act, the Environmental
    Protection Agency is implementing the $27 billion **Greenhouse Gas
    Reduction Fund**, a first-of-a-kind national financing program to
    catalyze private investment in clean energy projects. The agency
    announced $14 billion for a [**National Clean Investment
    Fund**](https://www.epa.gov/greenhouse-gas-reduction-fund/national-clean-investment-fund),
    $6 billion for the [**Clean Communities Investment
    Accelerator**](https://www.epa.gov/greenhouse-gas-reduction-fund/clean-communities-investment-accelerator),
    and $7 billion for the [**Solar for All
    Program**](https://www.epa.gov/greenhouse-gas-reduction-fund/solar-all).
    Together, these investments are creating new clean energy job
    opportunities and reducing pollution in low-income and disadvantaged
    communities, as part of President Biden’s [**Justice40
    Initiative**](https://bidenwhitehouse.archives.gov/environmentaljustice/justice40/).

<!-- -->

-   The Inflation Reduction Act contains new and expanded **tax
    credits** to support investment in new clean electricity generation
    projects, clean energy manufacturing plants, electric vehicle
    charging stations, and other clean energy projects. The law also
    contains new credit monetization provisions for [**direct
    pay**](http://www.cleanenergy.gov/directpay) and
    **transferability**, which are expanding eligibility to tax-exempt
    entities like cities, states, and nonprofit organizations and
    helping to lower the cost of financing clean energy
    investments.[](http://www.cleanenergy.gov/directpay)

<!-- -->

-   Made possible by funding from the [**American Rescue
    Plan**](https://bidenwhitehouse.archives.gov/american-rescue-plan/), the
    Department of the Treasury allocated nearly $10 billion through the
    [**State Small Business Credit
    Initiative**](https://home.treasury.gov/policy-issues/small-business-programs/state-small-business-credit-initiative-ssbci)
    to deliver funding to states, territories, and Tribal governments
    that spurs lending and support to small businesses. Several states
    are using funds from the State Small Business Credit Initiative to
    support climate-focused initiatives, for example: Connecticut is
    leveraging $89 million to launch a climate equity and venture
    capital program, Illinois is using $20 million to support its
    Climate Bank Finance Participation Loan Program, and New Jersey is
    committing $80 million to its Clean Energy Loans Program.
"""


def test_a_states_own_spending_is_the_sum_asked_for(tmp_path: Path) -> None:
    """The money model reads the state's sum as earlier federal money (the state spends its allocation); asked what
    the state puts toward its fund, that sum is the answer, given as such."""
    result = ask_small_library(tmp_path, {"2024-05-30-climate-capital.md": _CLIMATE_CAPITAL_SHEET, **FILLER_SHEETS},
                               "how much is connecticut puttin toward a climate venture capital fund")
    assert result.covered and result.figures and result.figure_sure
    assert result.figures[0].record.amount_usd == 89_000_000


_PARTNERS_SHEET = """---
title: "FACT SHEET: United States Welcomes Growing Contributions to Global Security from Indo-Pacific Partners"
date: '2024-07-11'
---

Today, the United States welcomes the contributions of its Indo-Pacific partners.

-   **Support to Ukraine.** In July 2024, Australia continued its steadfast support to Ukraine with the announcement
    of Australia's largest single military support package of $250 million. This latest package takes Australia's
    military assistance to Ukraine to more than $1.1 billion since the start of Russia's full-scale invasion in
    February 2022.
-   **Maritime security.** Japan is strengthening maritime security cooperation in the region.
"""


def test_a_running_total_beside_a_packages_sum_is_no_rival(tmp_path: Path) -> None:
    """"Since the start of …" says the second sum is a running total: the package's own sum answers."""
    result = ask_small_library(tmp_path, {"2024-07-11-partners.md": _PARTNERS_SHEET, **FILLER_SHEETS},
                               "whats the biggest single military aid package from australia for ukraine")
    assert result.figures and result.figure_sure
    assert result.figures[0].record.amount_usd == 250_000_000


_PRIDE_SHEET = """---
title: "FACT SHEET: The Biden-Harris Administration Champions LGBTQ+ Equality and Marks Pride Month"
date: '2021-06-01'
---

Today, the Administration marks Pride Month.

-   **Ensuring Pride Flags Fly on U.S. Embassies Around the World.** The State Department announced it will allow
    U.S. diplomatic outposts to fly the Pride flag on the same flagpole as the U.S. flag.
-   **Protecting LGBTQ+ students.** The Department of Education will enforce Title IX for LGBTQ+ students.
"""


def test_a_compound_the_question_splits_is_found(tmp_path: Path) -> None:
    """"the pride flag on the same pole" is the sheet's "flagpole", though the two words do not stand side by side."""
    result = ask_small_library(tmp_path, {"2021-06-01-pride.md": _PRIDE_SHEET, **FILLER_SHEETS},
                               "can us embassies fly the pride flag on the same pole as the american flag")
    assert result.covered and result.top is not None
    assert result.top.initiative.title.startswith("Ensuring Pride Flags")


_BAHRAIN_SHEET = """---
title: "FACT SHEET: Biden-Harris Administration Strengthens Partnership with the Kingdom of Bahrain"
date: '2023-09-13'
---

Today, the United States and Bahrain signed a new agreement.

-   **Commercial and Economic Ties.** During the Crown Prince's visit, both countries have set a target for launching
    direct flights between the United States and Bahrain by summer 2024.
-   **Security.** The two countries will deepen their security cooperation.
"""


def test_a_nonstop_flight_is_the_sheets_direct_one(tmp_path: Path) -> None:
    result = ask_small_library(tmp_path, {"2023-09-13-bahrain.md": _BAHRAIN_SHEET, **FILLER_SHEETS},
                               "when were nonstop flights between the us n bahrain supposed to start")
    assert result.covered and result.top is not None
    assert result.top.initiative.title.startswith("Commercial and Economic Ties")
