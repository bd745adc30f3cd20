"""/ask, forty-fifth round: behaviour a user notices, on tiny libraries built for each test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.query.question import FUNDING, NONE, WHEN, WHERE, WHO, read_question
from tests.test_ask import TODAY
from tests.test_ask import ask_small_library as _ask


def test_a_town_and_its_postal_code_closing_the_question_name_the_state() -> None:
    """"Who announced the bakery workers pension rescue in hershey pa": an address as people type it, the town and
    then its state's code. "pa" was read as a topic word (lower-case codes that are words were never states); after a
    town's name, at the end of the question, it can only be Pennsylvania. Not without a town ("in the us pa"), and
    not the codes a message ends with for other reasons ("… in portland or")."""
    reading = read_question("who announced the bakery workers pension rescue in hershey pa", today=TODAY)
    assert reading.state == "Pennsylvania"
    assert "pa" not in reading.topic and "hershey" in reading.topic
    assert read_question("how much for jobs in racine, wi?", today=TODAY).state == "Wisconsin"
    assert read_question("what did biden do in the us pa", today=TODAY).state is None
    assert read_question("how much in portland or", today=TODAY).state is None


# A sheet that says where it happened only in its opening paragraph.
_PENSION_SHEET = """---
title: "FACT SHEET: Biden-Harris Administration Announces Pensions Protected"
date: '2024-06-21'
---

Today in Hershey, Pennsylvania, the Senior Advisor to the President announced that the earned pensions of bakery
workers are protected.

- **Bakery workers.** The Special Financial Assistance program protects the earned pensions of bakery workers and
  retirees of the bakery and confectionery union.
- **Truck drivers.** The program also protects the pensions of truck drivers across the Midwest.
"""


def test_a_state_a_sheet_names_in_its_lead_answers_a_question_about_it(tmp_path: Path) -> None:
    """"Who announced the bakery workers pension protection in hershey, pennsylvania": the sheet says once, in its
    opening, where it happened ("Today in Hershey, Pennsylvania, …"); its initiatives never name the state, and the
    question was said not covered ("nothing on this names Pennsylvania"). A question other than a money question now
    finds its state in the lead of a sheet that holds the topic, as the agency check already read the lead for who
    acted."""
    result = _ask(tmp_path, {"2024-06-21-pensions.md": _PENSION_SHEET},
                  "who announced the bakery workers pensions protected in hershey, pennsylvania")
    assert result.covered, result.reason
    assert result.top is not None and "bakery" in result.top.initiative.title.lower()


def test_a_question_opening_with_which_towns_asks_where_even_when_it_names_money() -> None:
    """"Which towns on route 66 are getting federal money for its 100th birthday": the towns are the answer, the money
    says which towns; it was read as a money question. "How much" still asks for money."""
    assert read_question("which towns on route 66 are getting federal money for its 100th birthday",
                         today=TODAY).intent == WHERE
    assert read_question("what states got broadband money in 2023", today=TODAY).intent == WHERE
    assert read_question("which states got the most money for broadband, how much", today=TODAY).intent != WHERE


# A rule on who must be licensed to deal in firearms, and a sheet on gun shows.
_DEALER_SHEET = """---
title: "FACT SHEET: Justice Department Proposes Rule on Firearms Dealers"
date: '2023-08-31'
---

- **Licensed dealers.** The Department of Justice proposed a rule to clarify who must be licensed as a firearms dealer
  to sell firearms for profit.
- **Records.** The rule also explains what records a dealer keeps.
"""

_SHOW_SHEET = """---
title: "FACT SHEET: Safer Communities"
date: '2023-08-15'
---

- **Shows.** The Department will visit gun shows across the country.
- **Schools.** The Department of Education will fund school counselors.
"""


def test_a_gun_on_its_own_is_a_firearm(tmp_path: Path) -> None:
    """"What did doj propose about who has to get a license to sell guns": the sheets say "licensed … firearms dealer
    to sell firearms"; read as the asker's "guns" only, no text held the topic and it was said not covered."""
    result = _ask(tmp_path, {"2023-08-31-dealers.md": _DEALER_SHEET, "2023-08-15-shows.md": _SHOW_SHEET},
                  "what did doj propose about who has to get a license to sell guns")
    assert result.covered, result.reason
    assert result.top is not None and "dealer" in result.top.initiative.title.lower()


# Masks handed out through food pantries.
_MASK_SHEET = """---
title: "FACT SHEET: Biden Administration Delivers Masks to Communities"
date: '2021-02-10'
---

- **Food pantries.** Distribute free masks through the nation's food bank and food pantry system.
- **Health centers.** Deliver masks to community health centers.
"""


def test_the_people_who_use_a_thing_are_not_the_topic(tmp_path: Path) -> None:
    """"What did biden do to get free masks to people who use food pantries": "people" and "use" describe who uses
    the pantries; the sheet names the pantries ("through the nation's food pantry system"), and the two words kept
    the topic from being held. "Families who rely on …" keeps "families": the sheets say it."""
    result = _ask(tmp_path, {"2021-02-10-masks.md": _MASK_SHEET},
                  "what did biden do to get free masks to people who use food pantries")
    assert result.covered, result.reason
    assert result.top is not None and "pantries" in result.top.initiative.title.lower()
    assert "people" not in read_question("masks to people who use food pantries", today=TODAY).topic


# A sheet on suspending an exemption, and a sheet on another exemption.
_EXEMPTION_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Ends the De Minimis Exemption Globally"
date: '2025-07-30'
---

- **Effective August 29.** President Trump suspended duty-free de minimis treatment for low-value shipments from
  every country.
- **Enforcement.** CBP will inspect more packages at the border.
"""

_OTHER_SHEET = """---
title: "Fact Sheet: Duty Free Shops"
date: '2025-05-02'
---

- **Duty free.** Duty free shops at airports may sell more goods.
"""


def test_a_noun_in_nsion_finds_its_verb(tmp_path: Path) -> None:
    """"When did trump's suspension of duty free de minimis take effect": the sheet says "suspended"; "suspension" did
    not find it, and the sheet on duty free shops, which holds the other words, came first. A noun in -nsion and its
    verb in -nd ("expansion" / "expand", "extension" / "extend") are other endings of one word."""
    result = _ask(tmp_path, {"2025-07-30-de-minimis.md": _EXEMPTION_SHEET, "2025-05-02-shops.md": _OTHER_SHEET},
                  "when did trump's suspension of duty free de minimis take effect")
    assert result.covered, result.reason
    assert result.top is not None and "de-minimis" in str(result.top.document.path)


# A sheet on how people are served, and one on government buildings.
_SERVICE_SHEET = """---
title: "FACT SHEET: Putting the Public First: Improving Customer Experience and Service Delivery"
date: '2021-12-13'
---

- **Online services.** Agencies will improve the customer experience of government services online, so filers spend
  less time.
- **Passports.** The State Department will let Americans renew passports online.
"""

_BUILDINGS_SHEET = """---
title: "FACT SHEET: Federal Buildings"
date: '2021-12-20'
---

- **Offices.** Government services move to new federal buildings in ten cities.
"""


def test_a_hassle_is_the_customer_experience(tmp_path: Path) -> None:
    """"What did biden sign to make government services less of a hassle": the sheets speak of the customer experience
    of government services (or of a burden); read as the asker's "hassle" only, it was said not covered."""
    result = _ask(tmp_path, {"2021-12-13-service.md": _SERVICE_SHEET, "2021-12-20-buildings.md": _BUILDINGS_SHEET},
                  "what did biden sign to make government services less of a hassle")
    assert result.covered, result.reason
    assert result.top is not None and "online" in result.top.initiative.title.lower()


def test_the_words_that_carry_a_question_are_read_through_a_slip_of_the_keys() -> None:
    """"Hwo mcuh did biden give for broadband", "wich state got the battery plant", "whn did biden announce the chips
    money": mistyped, the question's own words were read as topic words (its rarest ones) and the question lost its
    intent. Two letters swapped or one left out, the first kept, read as the word; a slip that is itself a word ("may",
    "were") stays what it is."""
    money = read_question("hwo mcuh did biden give for broadband", today=TODAY)
    assert money.intent == FUNDING and money.topic == ("broadband",)
    assert read_question("wich state got the battery plant", today=TODAY).intent == WHERE
    assert read_question("whn did biden announce the chips money", today=TODAY).intent == WHEN
    assert "goverment" not in read_question("how much did the goverment give for broadband", today=TODAY).topic
    assert read_question("where were the grants given", today=TODAY).intent == WHERE


def test_a_quarter_or_half_of_a_year_is_read_as_its_months() -> None:
    """"What did trump do in q1 2025 on tariffs", "how much in the first half of 2023 for broadband": the bare year was
    read and "q1" stayed a topic word; a quarter or a half names its months, as a season does. "From 2021 thru 2023"
    and "fiscal yr 2023" are read as the asker means them."""
    quarter = read_question("what did trump do in q1 2025 on tariffs", today=TODAY)
    assert (quarter.date_from, quarter.date_to) == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert quarter.topic == ("tariffs",)
    half = read_question("how much in the first half of 2023 for broadband", today=TODAY)
    assert (half.date_from, half.date_to) == (dt.date(2023, 1, 1), dt.date(2023, 6, 30))
    last = read_question("what happened in the last quarter of 2024 on tariffs", today=TODAY)
    assert (last.date_from, last.date_to) == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    thru = read_question("broadband money from 2021 thru 2023", today=TODAY)
    assert (thru.date_from, thru.date_to) == (dt.date(2021, 1, 1), dt.date(2023, 12, 31))
    fiscal = read_question("how much did the admin give in fiscal yr 2023 for head start", today=TODAY)
    assert fiscal.fiscal and fiscal.year == 2023


def test_a_state_that_begins_a_meetings_name_is_the_topic() -> None:
    """"Who came to the white house for the first puerto rico economic dialogue": the dialogue is named after Puerto
    Rico, as "the Colorado River" is after Colorado; it was read as a question about what happened in Puerto Rico.
    "How much did texas get at the summit" still names Texas."""
    dialogue = read_question("who came to the white house for the first puerto rico economic dialogue", today=TODAY)
    assert dialogue.state is None and "puerto" in dialogue.topic
    assert read_question("how much did texas get at the summit", today=TODAY).state == "Texas"


def test_a_question_words_contraction_is_read_as_the_word_and_its_verb() -> None:
    """"Where'd the chips money go", "wheres the new battery plant", "whos in charge of …": folded without the
    apostrophe the contraction read as a rare topic word ("whered"), and "wheres" / "whos" asked nothing."""
    went = read_question("where'd the chips money go", today=TODAY)
    assert went.topic == ("chips",)
    assert read_question("wheres the new battery plant", today=TODAY).intent == WHERE
    assert read_question("whos in charge of the ai safety institute", today=TODAY).intent == WHO
    assert read_question("what've they done about fentanyl", today=TODAY).topic == ("fentanyl",)


def test_two_years_joined_by_a_dash_are_a_span_of_years() -> None:
    """"How much did biden give michigan for evs in 2022-2023" was read as a subtraction, and the question as one "not
    about the fact sheets"; the two years are the span asked about, as "between 2022 and 2023" is. A day written
    "2022-03-16" stays a day, and "what is 2022 - 2023" a sum."""
    span = read_question("how much did biden give michigan for evs in 2022-2023", today=TODAY)
    assert span.intent == FUNDING and span.state == "Michigan"
    assert (span.date_from, span.date_to) == (dt.date(2022, 1, 1), dt.date(2023, 12, 31))
    short = read_question("broadband grants 2021–23", today=TODAY)
    assert (short.date_from, short.date_to) == (dt.date(2021, 1, 1), dt.date(2023, 12, 31))
    day = read_question("what did biden announce on 2022-03-16", today=TODAY)
    assert day.date_from == day.date_to == dt.date(2022, 3, 16)
    assert read_question("what is 2022 - 2023", today=TODAY).intent == NONE
