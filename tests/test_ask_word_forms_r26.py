"""/ask, twenty-sixth round: a topic said in other word forms or with a word between its words is still covered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.query.answer import _variants, answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library

BUS_SHEET = """---
title: "FACT SHEET: Administration Announces $500 Million to Electrify School Buses"
date: '2024-01-08'
---

- **Clean school buses.** EPA is awarding $500 million to 280 school districts to electrify their school bus fleets.
- **Charging.** The awards also pay for chargers at bus depots.
"""

OTHER_SHEET = """---
title: "FACT SHEET: Administration Expands Apprenticeship Training Programs"
date: '2024-03-01'
---

- **Registered apprenticeships.** The Department of Labor will expand registered apprenticeship programs.
- **Youth pathways.** New grants will help high schools connect students to apprenticeships.
"""


def test_a_noun_in_ification_finds_its_verb() -> None:
    found = dict(_variants("electrification"))
    assert found.get("electrify", 0) >= 0.9 and found.get("electrified", 0) >= 0.9
    assert dict(_variants("notify")).get("notification", 0) >= 0.9


def test_school_bus_electrification_is_the_sheet_that_electrifies_buses(tmp_path: Path) -> None:
    """The asker says "electrification", the sheet "electrify": the same topic, so the sheet answers."""
    index = _small_library(tmp_path, {"2024-01-08-buses.md": BUS_SHEET, "2024-03-01-training.md": OTHER_SHEET})
    result = answer(index, read_question("how much school bus electrification money did epa hand out", today=TODAY))
    assert result.covered, result.reason
    assert result.top_document is not None and "Electrify School Buses" in result.top_document.title


def _common_words_library(tmp_path: Path) -> dict[str, str]:
    """Enough sheets that "opioid" and "grant" are common words: a topic of only them must stand together."""
    sheets: dict[str, str] = {}
    for n in range(48):
        sheets[f"2022-{1 + n % 12:02d}-{1 + n // 12:02d}-sheet-{n}.md"] = f"""---
title: "FACT SHEET: Update number {n} on Recovery Efforts"
date: '2022-{1 + n % 12:02d}-{1 + n // 12:02d}'
---

- **Item {n}.** The opioid epidemic took many lives in county {n}, and local leaders, nurses, families, schools and
  volunteers have worked on it for years; a separate program gives a grant for road repair in town {n}.
"""
    sheets["2022-09-23-awards.md"] = """---
title: "FACT SHEET: Administration Announces New Actions on Addiction"
date: '2022-09-23'
---

- **Awards to every state.** HHS is awarding $1.5 billion in State Opioid Response Grant funding to all states and
  territories.
"""
    return sheets


def test_two_common_words_with_one_word_between_them_stand_together(tmp_path: Path) -> None:
    """ "opioid grant": the sheet names the "State Opioid Response Grant". One word between the two is how a sheet
    names the thing asked about; sheets that say the two words apart still do not hold the topic."""
    index = _small_library(tmp_path, _common_words_library(tmp_path))
    result = answer(index, read_question("how much opioid grant money did hhs give the states", today=TODAY))
    assert result.covered, result.reason
    assert result.top_document is not None and "Actions on Addiction" in result.top_document.title
    assert all("Recovery Efforts" not in c.document.title for c in result.candidates if c.coverage >= 0.74)


CANAL_SHEET = """---
title: "FACT SHEET: Administration Announces New Investments in Western Water"
date: '2024-09-12'
---

- **Canal lining in Arizona.** The Bureau of Reclamation is funding canal lining and water savings projects with
  irrigation districts in Arizona. Totaling approximately $107 million, taken together these first projects will
  keep billions of gallons in Lake Mead.
- **Youth pathways.** New grants will help high schools connect students to apprenticeships.
"""


def test_money_asked_about_in_a_state_is_covered_by_an_initiative_naming_it(tmp_path: Path) -> None:
    """The initiative on the topic names Arizona: the question is covered and the figure shown, even when the figure's
    own words hold too little of the topic for it to be stated ("nothing on this names Arizona" was wrong)."""
    index = _small_library(tmp_path, {"2024-09-12-water.md": CANAL_SHEET, "2024-03-01-training.md": OTHER_SHEET})
    result = answer(index, read_question("how much money went to canal lining water savings contracts in arizona",
                                         today=TODAY))
    assert result.covered, result.reason
    assert result.top_document is not None and "Western Water" in result.top_document.title
    assert result.figures and result.figures[0].record.amount_usd == 107_000_000


def test_what_something_is_worth_asks_how_much_and_worth_is_no_topic_word() -> None:
    reading = read_question("how much is the new bridge contract worth", today=TODAY)
    assert reading.intent == "funding"
    assert "worth" not in reading.topic and "bridge" in reading.topic


def test_a_month_without_a_year_is_the_last_such_month_before_the_day_asked() -> None:
    """ "trump's december order" asked on 1 December 2026 is December 2025; "in march" is March 2026. "may" and "march"
    are months only where a month is said ("in may", "trump's march order"), and "the 4th of july" is no month."""
    today = dt.date(2026, 12, 1)
    reading = read_question("who enforces trump's december order on state ai laws", today=today)
    assert (reading.date_from, reading.date_to) == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert "december" not in reading.topic
    reading = read_question("what did the epa announce in march about soot", today=today)
    assert (reading.date_from, reading.date_to) == (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert read_question("may the president sign a march madness proclamation", today=today).date_from is None
    assert read_question("what did biden announce for the 4th of july", today=today).date_from is None
    reading = read_question("how much did doe award in october 2023", today=today)
    assert (reading.date_from, reading.date_to) == (dt.date(2023, 10, 1), dt.date(2023, 10, 31))


def test_a_country_typed_with_two_letters_swapped_or_one_left_out_asks_for_foreign_money() -> None:
    """ "afirca", "indonesa": money for another country, as when it is spelled right. Real words one letter from a
    country ("hungry", "columbia", "african americans") and its adjective ("philippine") are read as before."""
    for question in ("how much did biden pledge for the cholera outbreak in afirca",
                     "how much is the us putting into the compact with indonesa"):
        assert read_question(question, today=TODAY).kind == "foreign", question
    for question in ("how much did usda spend to feed hungry kids", "how much did the columbia river dam get",
                     "how much went to african american farmers"):
        assert read_question(question, today=TODAY).kind == "new", question


def test_two_agencies_named_together_are_not_one_agencys_filter() -> None:
    """ "how much are epa and doe making available": money the two give together; reading it as EPA's alone would
    hide DOE's sheets. One agency is still the filter, and an agency the money is for is still the topic."""
    reading = read_question("how much are epa and doe making available to plug old wells", today=TODAY)
    assert reading.agency is None and {"epa", "doe"} <= set(reading.topic)
    assert read_question("how much is doe making available to plug old wells", today=TODAY).agency == "DOE"


SEED_SHEET = """---
title: "FACT SHEET: United States Announces New Commitments to Global Food Security"
date: '2024-05-20'
---

Today, at the Nairobi Harvest Summit, the United States announced new commitments to fight hunger and build resilient
food systems across East Africa.

- **Seed banks.** USAID will provide $40 million to build community seed banks that keep drought-tolerant varieties
  in farmers' hands.
- **School meals.** USDA will expand school meals programs in three countries.
"""

TRADE_SHEET = """---
title: "FACT SHEET: Trade Ministers Meet in Kenya"
date: '2023-01-01'
---

- **Trade talks.** Ministers met in Nairobi at a summit on trade and customs rules for the region.
- **Ports.** New customs software will speed up cargo checks at the port of Mombasa.
"""


def test_the_occasion_a_sheets_lead_names_is_the_context_of_its_initiatives(tmp_path: Path) -> None:
    """The sheet says once, in its lead, that it was announced at the Nairobi summit; its seed-bank initiative says the
    rest of the topic. With the lead's words at half their weight it holds the topic: covered, and that initiative
    answers. The same initiative in a sheet whose lead names no summit is not enough."""
    index = _small_library(tmp_path, {"2024-05-20-food.md": SEED_SHEET, "2023-01-01-trade.md": TRADE_SHEET,
                                      "2024-03-01-training.md": OTHER_SHEET})
    question = "what did usaid do for drought tolerant seed banks at the nairobi summit"
    result = answer(index, read_question(question, today=TODAY))
    assert result.covered, result.reason
    assert result.top is not None and result.top.initiative.title.startswith("Seed banks")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    index = _small_library(elsewhere, {"2024-05-20-food.md": SEED_SHEET.replace("at the Nairobi Harvest Summit, ", ""),
                                       "2023-01-01-trade.md": TRADE_SHEET, "2024-03-01-training.md": OTHER_SHEET})
    assert not answer(index, read_question(question, today=TODAY)).covered


PAUSE_SHEET = """---
title: "FACT SHEET: Administration Announces Temporary Pause on Pending Approvals of Liquefied Natural Gas Exports"
date: '2024-01-26'
---

Climate change is the threat of our time, and the Administration has acted on it since its first day.

Today, the Administration is announcing a temporary pause on pending decisions on exports of Liquefied Natural Gas
(LNG) until the Department of Energy can update the analyses it uses.

- Signed into law the largest climate investment in history, which has already created many new jobs.
- Launched a corps to put young people to work conserving lands and waters.
- Protected millions of acres of lands and waters.
"""

TERMINAL_SHEET = """---
title: "FACT SHEET: New Port Terminals on the Gulf Coast"
date: '2023-05-01'
---

- **Terminals.** Two new liquefied natural gas (LNG) terminals will be built on the Gulf Coast with private money.
- **Jobs.** The terminals will employ thousands of workers in construction.
- **Permits.** Export approvals for the terminals were granted last year; exports begin next spring.
- **Hearings.** State regulators will hold public hearings on the pipelines after a pause in construction.
"""


def test_a_sheet_whose_title_holds_the_topic_is_found_by_its_title_and_quotes_its_lead(tmp_path: Path) -> None:
    """None of its list items says "LNG", "exports" or "pause": they recall other actions. Its title does, spelling out
    LNG, and its lead says what it announces: that sheet answers, with its lead."""
    index = _small_library(tmp_path, {"2024-01-26-pause.md": PAUSE_SHEET, "2023-05-01-terminals.md": TERMINAL_SHEET,
                                      "2024-03-01-training.md": OTHER_SHEET})
    result = answer(index, read_question("when did biden put a hold on new lng export approvals", today=TODAY))
    assert result.covered, result.reason
    assert result.top_document is not None and "Temporary Pause" in result.top_document.title
    assert "temporary pause on pending decisions" in result.passage
