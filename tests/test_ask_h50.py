"""/ask, round 50h: hedges that hid a right lead figure (see docs/ask.md, "Round 50h (figure hedges)")."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

HEADED_SHEET = """---
title: "FACT SHEET: Biden Administration Announces Historic $10 Billion Investment to Expand Access to COVID-19 Vaccines
  and Build Vaccine Confidence in Hardest-Hit and Highest-Risk Communities"
date: '2021-03-25'
---

*Administration Makes Essential Workers Eligible for Vaccinations at
Community Health Centers in Federal CHC Vaccination Program*

*Administration Also Announces New Program to Vaccinate Dialysis
Patients Nationwide*

As part of President Biden’s continued efforts to ensure COVID-19
vaccines reach all people and all communities, the Biden-Harris
Administration is announcing a series of actions to expand access to
COVID-19 vaccines to the hardest-hit and highest-risk communities across
the country. With funding in large part from the American Rescue Plan,
the U.S. Department of Health and Human Services (HHS) is investing
nearly $10 billion to expand access to vaccines, build trust and better serve
communities of color, rural areas, low-income populations, and other
underserved communities in the COVID-19 response. This funding will
expand access to vaccines for vulnerable populations and increase
vaccine confidence across the country.

Equity is at the center of the Administration’s COVID-19 response. The
President has set up federally-run community vaccination centers in
hard-hit areas; sent vaccines directly to local pharmacies and Community
Health Centers that disproportionately serve vulnerable populations;
launched hundreds of mobile clinics to meet people where they are; and
created the COVID-19 Health Equity Task Force.

These actions are garnering initial results. In the past two months, 60
percent of doses at federally-run Community Vaccination sites were
administered to people of color. In the federal retail pharmacy program,
45 percent of sites were located in zip codes with high social
vulnerability scores – a CDC index that uses 15 U.S. census variables to
identify communities that may need support. Finally, over 65 percent of
the federal doses allocated to Community Health Centers have been
administered to people of color.

But there is more work to do.  That is why we’re doubling down on the
progress we are seeing through federal programs. Today’s announcements
include:

**$6 Billion Investment in Community Health Centers to Expand Access to
Vaccines in Underserved Communities. **HHS will invest more than $6
billion from the American Rescue Plan into Community Health Centers
nationwide to expand COVID-19 vaccinations, testing, and treatment for
vulnerable populations; deliver preventive and primary health care
services to people at higher risk for COVID-19; and expand health
centers’ operational capacity during the pandemic and beyond, including
modifying and improving physical infrastructure and adding mobile units.
 The Health Resources and Services Administration (HRSA), will provide
funding starting in April to nearly 1,400 centers across the country.
Community Health Centers serve 1 in 5 people living in rural
communities. More than 91% of health center patients are individuals or
families living at or below 200% of the Federal Poverty Guidelines, and
more than 60% are racial or ethnic minorities.

For detailed information on how this funding is being distributed to
health centers nationwide, including state-by-state breakdowns and an
interactive health center funding map, please
visit: <https://bphc.hrsa.gov/program-opportunities/american-rescue-plan/awards>.

**Expanding Eligibility for Vaccines to Patients Served by Community
Health Centers**. In addition to today’s historic investment in
Community Health Centers, Community Health Centers participating in the
federal Health Center COVID-19 Vaccine Program are invited to expand
eligibility to populations in the ACIP’s 1C eligibility tier – this
includes frontline essential workers and all persons 16 years and older
with high-risk medical conditions. This means approximately 83% of the
adults seen at Community Health Centers participating in the federal
Health Center COVID-19 Vaccine Program will now be eligible for
vaccinations. This follows the President’s announcement that all adults
will be eligible for vaccinations no later than May 1. Today’s news will
enable more people in need to receive vaccine doses.

**$3 Billion to Strengthen Vaccine Confidence.** HHS, through the
Centers for Disease Control and Prevention (CDC), will invest $3 billion
to support local efforts to increase vaccine uptake and equity. This
funding will go directly to states, territories, and some large cities,
enabling them to support local health departments and community-based
organizations in launching new programs and initiatives intended to
increase vaccine access, acceptance, and uptake. This funding will focus
on reaching communities hit hardest by the pandemic, including those
with a high social vulnerability index, minority communities, and rural
areas. The awards will be made in early April and administered through
CDC’s existing immunization cooperative agreement with 64 jurisdictions.
More than half of this funding is being made available thanks to the
American Rescue Plan.

Examples of new programs this funding to jurisdictions could support
include:

-   A rural, faith-based organization could receive funding to conduct
    door-to-door outreach to schedule vaccination appointments in
    partnership with a community health center;
-   A food assistance and housing nonprofit in a high-poverty community
    could receive funding to conduct vaccine outreach and education, and
    to ensure its clients, including those with disabilities or limited
    mobility, have transportation to a FEMA-supported mass vaccination
    site;
-   Funding could support hiring or extending the hours of community
    health workers who do culturally-competent bilingual health
    outreach, so they can make sure uninsured people who are receiving
    care also have the information they need to get a free vaccination.

**Launch a Partnership to Vaccinate Dialysis Patients. **The
Administration is announcing a new partnership with dialysis clinics to
provide COVID-19 vaccinations to people receiving dialysis and health
care personnel in outpatient dialysis clinics. Kidney disease
disproportionately affects racial and ethnic minorities as 34% of
patients on dialysis are Black and 19% are Hispanic. People on dialysis
who contract COVID-19 often have severe health outcomes and have a 50%
hospitalization rate and a mortality rate between 20-30% from COVID-19.
There are about 500,000 people in the U.S. who receive regular dialysis
treatment. Through this partnership, the Administration will provide
vaccines directly to dialysis treatment centers so patients who
typically go three times a week for treatment are able to get vaccinated
at their place of care.

**$330 Million to Invest in Community Health Workers. **HHS, through
CDC, will provide $300 million to jurisdictions for community health
worker services to support COVID-19 prevention and control, and an
additional $32 million for training, technical assistance, and
evaluation. This funding will be used to address disparities in access
to COVID-19 related services, such as testing, contact tracing, and
vaccinations, and it will help address factors that increase risk of
severe COVID-19 illness such as chronic diseases, pregnancy, and food
insecurity. For example, this funding could support nurses who are
serving hard-hit areas or local community health workers conducting
outreach efforts to make those at highest risk aware of vaccination
opportunities. This effort will benefit populations with increased
prevalence of COVID-19 and disproportionately impacted by long-standing
health disparities related to sociodemographic characteristics,
geographic regions, and economic strata.

###
"""


def test_a_figure_its_own_heading_announces_is_stated_beside_the_sheets_larger_total(tmp_path: Path) -> None:
    """The $3 billion's own words hold the topic only with its heading, and the sheet's $10 billion of the same kind
    holds as much with the sheet's title; but the heading "$3 Billion to Strengthen Vaccine Confidence" says which sum
    the sheet gives for vaccine confidence: it is stated, not listed beside the larger total."""
    index = _small_library(tmp_path, {"2021-03-25-vaccine-confidence.md": HEADED_SHEET})
    result = answer(index, read_question("how much did cdc get to build covid vaccine confidence", today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 3_000_000_000
    assert result.figure_sure, result.hedge


COMPETITION_SHEET = """---
title: "FACT SHEET: Administration Highlights New Commitments Toward Workforce Development in Advanced Shipbuilding"
date: '2026-02-20'
---

Today, the Administration will announce new commitments to workforce development in advanced shipbuilding.

These commitments complement new and ongoing federal investments to expand the shipbuilding workforce, including:

-   The **Department of Labor** awarded more than $45 million to scale Registered Apprenticeship programs in
    shipbuilding to 30 states.
-   **The U.S. National Science Foundation (NSF)** launched a $19 million Future Shipbuilding competition on
    February 2 to catalyze new shipbuilding capabilities that do not exist today through research and workforce
    training.
-   The **Shipyard Skills Initiative** is expected to catalyze over $900 million of private sector investment in
    shipyard training by 2030.
"""


def test_a_competition_launched_with_its_sum_is_stated_though_read_as_an_estimate(tmp_path: Path) -> None:
    """"NSF launched a $19 million Future Shipbuilding competition": the money model reads the sum as an estimate, but
    the sentence hands it out, with no word of a guess beside it; no earlier sheet gives it. It is stated."""
    index = _small_library(tmp_path, {"2026-02-20-shipbuilding.md": COMPETITION_SHEET})
    result = answer(index, read_question("how much was nsf's future shipbuilding competition", today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 19_000_000
    assert result.figures[0].record.kind == "estimate"
    assert result.figure_sure, result.hedge


def test_a_sum_expected_to_be_drawn_in_is_still_listed(tmp_path: Path) -> None:
    """"Is expected to catalyze over $900 million of private sector investment … by 2030": a guess at an outcome,
    not money handed out: still listed, not stated."""
    index = _small_library(tmp_path, {"2026-02-20-shipbuilding.md": COMPETITION_SHEET})
    result = answer(index, read_question("how much will the shipyard skills initiative bring in for shipyard training",
                                         today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 900_000_000
    assert not result.figure_sure


MADE_HERE_SHEET = """---
title: "FACT SHEET: Administration Delivers on Made in America Commitments"
date: '2026-03-04'
---

Since his first day in office, the President has focused on an industrial strategy to make more in America.

-   Cobalt Ridge Metals, who operate the only cobalt refinery in the U.S., announced a $640 million investment to
    establish a fully domestic end-to-end supply chain for cobalt batteries by 2028, which are used in electric
    vehicle motors and defense systems.
"""

MINERALS_SHEET = """---
title: "FACT SHEET: Securing a Made in America Supply Chain for Critical Minerals"
date: '2026-02-22'
---

Critical minerals provide the building blocks for many technologies.

-   The President will announce that the Department of Defense’s Industrial Base Analysis and Sustainment program
    has awarded Cobalt Ridge Metals $95 million to separate and process cobalt at its facility in Nevada,
    establishing a full end-to-end domestic cobalt battery supply chain.
"""


def test_what_an_agency_awards_a_company_is_not_a_rival_to_what_the_company_puts_in(tmp_path: Path) -> None:
    """"How much is Cobalt Ridge Metals putting into cobalt batteries": the company's own $640 million investment answers;
    the $95 million the Department of Defense "has awarded Cobalt Ridge Metals" is money the company gets, so it does not
    make the answer one of two close ones."""
    index = _small_library(tmp_path, {"2026-03-04-made-in-america.md": MADE_HERE_SHEET,
                                      "2026-02-22-critical-minerals.md": MINERALS_SHEET})
    result = answer(index, read_question("how much is cobalt ridge metals putting into cobalt batteries", today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 640_000_000
    assert result.figure_sure, result.hedge


def test_a_sum_expected_is_stated_when_the_question_asks_what_is_expected(tmp_path: Path) -> None:
    """"How much private money is the Shipyard Skills Initiative supposed to bring in": the question asks for the sum
    expected, and "is expected to catalyze over $900 million of private sector investment" says it: stated. (Asked
    without "supposed to", the same estimate is listed: the test above.)"""
    index = _small_library(tmp_path, {"2026-02-20-shipbuilding.md": COMPETITION_SHEET})
    result = answer(index, read_question("how much private money is the shipyard skills initiative supposed to bring in",
                                         today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 900_000_000
    assert result.figure_sure, result.hedge


TOWNS_SHEET = """---
title: "FACT SHEET: Administration Highlights Investing in America Agenda in Small Towns"
date: '2026-09-13'
---

Today, the Administration is highlighting what its agenda delivers for small towns.

-   **Helping small towns plan.** Last month, the U.S. Department of Transportation (DOT) released a Notice of Funding
    Opportunity (NOFO) for up to $24 million in grants to provide targeted technical assistance and a Call for Letters
    of Interest from communities seeking support through its Flourishing Towns Program.
"""

FORUM_SHEET = """---
title: "FACT SHEET: Administration Announces Support for Black-Owned Businesses at the Community Bank Forum"
date: '2026-10-25'
---

Today, the Administration is announcing new support for communities overburdened by pollution.

-   **Technical help for communities.** In coordination with DOT’s Flourishing Towns Program, and in partnership with
    the Department of Energy, EPA is awarding $180 million in funding to 16 Flourishing Towns Assistance
    Centers that will provide support to communities across the country to access federal resources.
"""


def test_another_agencys_award_is_not_a_rival_to_the_agency_asked_about(tmp_path: Path) -> None:
    """"How much is DOT offering in grants for Flourishing Towns technical assistance": DOT's "up to $24 million in grants
    to provide targeted technical assistance" answers; "… EPA is awarding $180 million" names DOT only as the program it
    coordinates with, and EPA gives the money: it does not make the answer one of two close ones."""
    index = _small_library(tmp_path, {"2026-09-13-small-towns.md": TOWNS_SHEET, "2026-10-25-forum.md": FORUM_SHEET})
    result = answer(index, read_question("how much is dot offering in grants for flourishing towns technical assistance",
                                         today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 24_000_000
    assert result.figure_sure, result.hedge
