"""Round 54c: covered questions said not covered, and top answers from the wrong sheet (each test fails without its
change)."""

from __future__ import annotations

from pathlib import Path

from bot.query.answer import _variants, answer
from bot.query.question import KIND_FOREIGN, KIND_REQUEST, read_question
from tests.test_ask import TODAY, _small_library


def test_thru_is_through() -> None:
    reading = read_question("how much has treasury put into latino owned banks thru the emergency capital investment "
                            "program")
    assert "thru" not in reading.topic
    # (and "through" is a preposition, as "into" is: no topic word since round 63)
    assert "through" not in reading.topic and {"emergency", "capital", "investment"} <= set(reading.topic)
    assert "thru" not in read_question("what happened with the bridge thru the park").topic


def test_a_country_that_buys_goods_imports_them() -> None:
    reading = read_question("what did trump do in march 2025 about countries that buy venezuelan oil")
    assert {"import", "importing"} <= set(reading.expanded)
    assert "importing" in read_question("which nations are buying russian gas").expanded
    assert "importing" not in read_question("how much oil is the government buying for the strategic petroleum "
                                            "reserve").expanded


AUTOPEN_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Directs Review of Certain Presidential Actions"
date: '2025-06-04'
---

Today, President Donald J. Trump signed a Presidential Memorandum directing an investigation into who ran the
United States while the former President was in office.

-   **Reviewing the Actions.** The Memorandum mandates an investigation into the circumstances surrounding the
    numerous executive actions of the final years in office, examining policy documents signed with an autopen.
-   **Restoring Accountability.** The Counsel to the President will report on the findings to the Attorney General.
"""


def test_a_signature_is_what_signing_leaves(tmp_path: Path) -> None:
    """"Autopen signatures": the sheet says documents "signed with an autopen"; a signature is read as signing, as a
    grant is an award."""
    assert dict(_variants("signatures")).get("signed") == 0.92
    index = _small_library(tmp_path, {"2025-06-04-autopen.md": AUTOPEN_SHEET})
    result = answer(index, read_question("what did trump order about biden's autopen signatures", today=TODAY))
    assert result.covered
    top = result.top
    assert top is not None
    assert top.coverage >= 0.8, top.coverage
    assert "temper" not in dict(_variants("temperature"))


def test_small_and_rural_towns_are_rural_communities() -> None:
    reading = read_question("how much grant money is in usda's pilot program for clean energy in rural towns")
    assert "communities" in reading.expanded
    assert "communities" in read_question("how much did biden give small towns for water").expanded
    assert "communities" not in read_question("which towns got lead pipe money").expanded


DEI_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Protects Civil Rights and Merit-Based Opportunity by Ending Illegal DEI"
date: '2025-01-22'
---

Today, President Donald J. Trump signed an Executive Order to protect civil rights and expand individual opportunity.

-   **Ending Illegal Preferences in Contracting.** The order requires OMB to streamline the federal contracting
    process and ends race- and sex-based preferences by federal contractors.
-   **Restoring Merit.** The order directs agencies to enforce the civil rights laws against discrimination.
"""

ARMED_FORCES_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Restores Merit and Lethality to America's Armed Forces"
date: '2025-01-27'
---

Today, President Donald J. Trump signed an Executive Order to restore merit and lethality to America's fighting force.

-   **Ending Discrimination in the Ranks.** The Executive Order bans the use of discriminatory race- or sex-based
    preferences by any element of the Armed Forces, the Department of Defense, or the Department of Homeland Security.
-   **Readiness.** The Secretary of Defense will report on military readiness within 30 days.
-   **Recruiting.** The Secretary will review military academies.
"""


def test_a_sheet_that_holds_the_topic_is_listed_before_a_title_that_shares_a_word(tmp_path: Path) -> None:
    """"Which fact sheets mention trumps order banning race and sex based preferences in the military": the sheet
    whose initiative says it all comes first, not the one whose title shares "based" ("Merit-Based")."""
    index = _small_library(tmp_path, {"2025-01-22-dei.md": DEI_SHEET, "2025-01-27-armed-forces.md": ARMED_FORCES_SHEET})
    result = answer(index, read_question("which fact sheets mention trumps order banning race and sex based preferences "
                                         "in the military", today=TODAY))
    assert result.covered and result.documents
    assert result.documents[0].title.endswith("America's Armed Forces")


def test_its_own_crime_is_a_specific_offense() -> None:
    reading = read_question("did biden make sexual harassment its own crime under military law")
    assert {"specific", "offense"} <= set(reading.expanded)
    assert "offense" in read_question("is stalking now a separate crime under federal law").expanded
    assert "specific" not in read_question("what is biden doing about violent crime").expanded


def test_a_carriers_catapults_are_its_aircraft_launch_systems() -> None:
    reading = read_question("what did trump order in aug 2026 about the navy going back to steam catapults on carriers")
    assert {"aircraft", "launch", "systems"} <= set(reading.expanded)
    assert "launch" not in read_question("what did trump order about navy shipyards").expanded


def test_budget_support_for_a_country_is_no_budget_request() -> None:
    reading = read_question("how much more budget support grant money for ukraine did congress approve")
    assert reading.kind == KIND_FOREIGN
    assert read_question("how much did biden's budget ask for ukraine support").kind == KIND_REQUEST


UKRAINE_SHEET = """---
title: "FACT SHEET: On One Year Anniversary of Russia's Invasion of Ukraine, Administration Announces Actions"
date: '2023-02-24'
---

Today, the Administration is announcing actions to support Ukraine.

-   **Delivering needed economic support.** This week, the United States began disbursing $9.9 billion in budget
    support for Ukraine that the Congress approved.
-   **Energy.** The Department of Energy will send equipment to repair the grid.
"""


def test_to_start_is_to_begin(tmp_path: Path) -> None:
    """"The budget support for ukraine they started paying out": the sheet says the United States "began disbursing"
    it."""
    assert dict(_variants("started")).get("began") == 0.92
    index = _small_library(tmp_path, {"2023-02-24-ukraine.md": UKRAINE_SHEET})
    result = answer(index, read_question("how much budget support for ukraine did the us start paying out", today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 9_900_000_000


PACE_SHEET = """---
title: "FACT SHEET: U.S.-UAE Partnership to Accelerate Transition to Clean Energy (PACE)"
date: '2022-11-01'
---

Today, the United States and the United Arab Emirates signed a strategic partnership on clean energy.

-   **Investment in Clean Energy in Emerging Economies.** The U.S.-UAE Partnership for Accelerating Clean Energy
    (PACE) is set to catalyze $100 billion in financing, investment, and other support by 2035.
-   **Nuclear energy.** The two countries will promote advanced nuclear energy.
"""


def test_money_mobilized_is_money_catalyzed(tmp_path: Path) -> None:
    """"How much is the partnership supposed to mobilize": the sheet says it "is set to catalyze $100 billion"."""
    assert dict(_variants("mobilize")).get("catalyze") == 0.92
    index = _small_library(tmp_path, {"2022-11-01-pace.md": PACE_SHEET})
    result = answer(index, read_question("how much is the us uae clean energy partnership supposed to mobilize",
                                         today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 100_000_000_000
