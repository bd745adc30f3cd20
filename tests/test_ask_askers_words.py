"""/ask: the asker's own words (contractions, negations, particles, reported verbs, a step taken "to" do something,
a passive verb, the kind of place asked for, "cheaper", a country's adjective, a named
giver), a figure a sentence raises, and a lead that says what a sheet does."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.query.answer import answer
from bot.query.question import read_question
from tests.test_ask import TODAY, _small_library


def test_a_pronouns_contraction_is_not_a_topic_word() -> None:
    """ "he'd" folds to "hed", a rare word that would weigh most in the topic."""
    reading = read_question("how much did biden say he'd put into making fertilizer", today=TODAY)
    assert reading.topic == ("fertilizer",)


@pytest.mark.parametrize(("question", "soft"), [
    ("when did trump shut down the federal executive institute", "down"),  # a phrasal verb's particle
    ("when did the defense department get the department of war name back", "back"),
    ("how much us military equipment has south korea agreed to buy", "buy"),  # a verb the asker reports
    ("who did trump tell to send troops to the border", "send"),
    ("when did trump move to label the brotherhood chapters as terrorists", "label"),  # a step and the verb it leads to
    ("when did trump move to label the brotherhood chapters as terrorists", "move"),
    ("where is samsung's chip fab being built", "built"),  # a passive verb after "being"
])
def test_how_the_asker_says_it_weighs_less(question: str, soft: str) -> None:
    reading = read_question(question, today=TODAY)
    assert soft in reading.topic and soft in reading.soft


def test_a_negated_auxiliary_is_not_a_topic_word() -> None:
    """ "doesnt", typed without its apostrophe, would read as a rare word that weighs most in the topic."""
    for text in ("so my electric bill doesnt go up", "so my electric bill doesn't go up"):
        assert read_question(text, today=TODAY).topic == ("electric", "bill")


def test_the_kind_of_place_asked_for_is_the_answer_not_the_topic() -> None:
    reading = read_question("what town in texas is samsung's new chip fab being built in", today=TODAY)
    assert reading.intent == "where" and "town" not in reading.topic and reading.state == "Texas"
    assert "towns" in read_question("how much housing money went to rural towns", today=TODAY).topic


def test_a_plan_is_a_noun_not_a_reported_verb() -> None:
    """ "rescue plan money went to meals": "meals" is what the question is about."""
    reading = read_question("how much rescue plan money went to meals for seniors", today=TODAY)
    assert "meals" in reading.topic and "meals" not in reading.soft


@pytest.mark.parametrize(("question", "kind"), [
    ("how much did google pledge for cybersecurity", "private"),  # a named giver, base verb after "did"
    ("how much did california commit to high speed rail", "state_local"),  # a state is no company: its own money
    ("how much did the us pledge for ukraine", "foreign"),
    ("how much did harris promise philippine maritime law enforcement", "foreign"),  # a country's adjective
    ("how much is korean air paying for the boeing jets", "private"),  # a named buyer stays private
    ("how much went to african american farmers", "new"),
])
def test_the_kind_of_money_a_question_names(question: str, kind: str) -> None:
    assert read_question(question, today=TODAY).kind == kind


RAISED_SHEET = """---
title: "FACT SHEET: President Announces New Actions to Lower Costs for Farmers"
date: '2022-05-11'
---

Farmers face high input prices.

- **Double funding for domestic fertilizer production.** Today, the President is announcing that he is doubling
  his initial $250 million investment in domestic fertilizer production to $500 million to lower costs for farmers.
- **Technical assistance.** USDA will expand technical assistance for nutrient management.
"""


BEEF_SHEET = """---
title: "FACT SHEET: President Ensures Affordable Beef for the American Consumer"
date: '2026-02-06'
---

**SUPPLEMENTING OUR BEEF SUPPLY:** Today, the President signed a Proclamation temporarily increasing the tariff-rate
quota for lean beef trimmings to boost supply and make ground beef affordable for American consumers.

-   The Proclamation permits an additional 80,000 metric tons of lean beef trimmings per year.
-   As a result of drought, ground beef prices reached an average of $6.69 per pound in December 2025.
-   The cattle herd has fallen to a record low.
-   USDA will help ranchers keep beef affordable.
"""


def test_cheaper_is_read_as_affordable_and_a_lead_that_holds_as_much_says_what_the_sheet_does(tmp_path: Path) -> None:
    """ "make ground beef cheaper": the sheets say "affordable" or "prices"; the lead and the price statistic hold
    the topic alike, and the lead — what was signed — is what is quoted."""
    index = _small_library(tmp_path, {"2026-02-06-beef.md": BEEF_SHEET})
    result = answer(index, read_question("what is the president doing to make ground beef cheaper", today=TODAY))
    assert result.covered
    assert "signed a Proclamation" in result.passage


@pytest.mark.parametrize(("text", "read"), [
    ("when did trump declare a crime emergency in dc", True),
    ("how much is going to washington d.c. transit", True),
    ("what did the dc circuit rule on the tariffs", False),  # a court, not the city
])
def test_dc_is_read_as_the_district_of_columbia(text: str, read: bool) -> None:
    from bot.query.paraphrase import expand_topic
    from bot.query.text import fold

    added, _ = expand_topic([], fold(text))
    assert ("columbia" in added) == read


def test_a_field_finds_its_adjective_and_a_pact_is_an_agreement() -> None:
    from bot.query.answer import _variants

    assert "political" in {word for word, _ in _variants("politics")}  # "debanking people over their politics"
    assert "agreement" in read_question("what's the security pact with bahrain", today=TODAY).expanded
    assert "agreement" not in read_question("how much for the PACT act toxic exposures fund", today=TODAY).expanded
    assert "devices" in read_question("whats the cyber trust mark for smart home gadgets", today=TODAY).expanded


SHIPYARD_SHEET = """---
title: "Fact Sheet: President Secures Deals During State Visit"
date: '2025-10-29'
---

The President secured new investment commitments during his visit.

- **Shipbuilding.** Hanwha Ocean announced a $5 billion infrastructure plan to strengthen the Philly Shipyard workforce
  and increase its current production capacity by more than ten-fold.
- **Energy.** Korea Zinc will build a smelter in Tennessee.
"""


def test_a_plan_a_company_announces_is_no_law(tmp_path: Path) -> None:
    """ "Hanwha Ocean announced a $5 billion infrastructure plan": a plan in lower case is what a company means to
    do, not a named law (the American Rescue Plan) whose money is recalled whenever it is spent."""
    index = _small_library(tmp_path, {"2025-10-29-state-visit.md": SHIPYARD_SHEET})
    result = answer(index, read_question("how much is hanwha investing in the philly shipyard", today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == 5_000_000_000
    assert result.figure_sure, result.hedge


@pytest.mark.parametrize("text", ["what did biden announce for ukraine on march 16 2022",
                                  "what did biden announce for ukraine on march 16th, 2022",
                                  "what did biden announce for ukraine on 16 march 2022"])
def test_a_day_is_read_as_that_day(text: str) -> None:
    import datetime as dt

    reading = read_question(text, today=TODAY)
    assert reading.date_from == reading.date_to == dt.date(2022, 3, 16) and "march" not in reading.topic


UKRAINE_SHEET = """---
title: "Fact Sheet on U.S. Security Assistance for Ukraine"
date: '2022-03-16'
---

President Biden today announced an additional $800 million in security assistance to Ukraine, bringing the total U.S.
security assistance committed to Ukraine to $1 billion in just the past week.

- 800 Stinger anti-aircraft systems;
- 2,000 Javelin and 1,000 light anti-armor weapons.
"""


@pytest.mark.parametrize(("name", "sheet", "question", "amount"), [
    # "doubling his initial $250 million … to $500 million": the $500 million is what is announced; the $250 million
    # is never given as the answer.
    ("2022-05-11-farmers.md", RAISED_SHEET, "how much is the president putting into domestic fertilizer production",
     500_000_000),
    # "an additional $800 million …, bringing the total … to $1 billion": the $800 million is what was announced; the
    # running total is the $1 billion after it (and "the weapons package" is the sheets' security assistance).
    ("2022-03-16-ukraine.md", UKRAINE_SHEET, "how big was the weapons package for ukraine biden announced", 800_000_000),
])
def test_the_figure_announced_is_stated_not_the_one_it_raises_or_adds_to(tmp_path: Path, name: str, sheet: str,
                                                                         question: str, amount: int) -> None:
    index = _small_library(tmp_path, {name: sheet})
    result = answer(index, read_question(question, today=TODAY))
    assert result.covered and result.figures
    assert result.figures[0].record.amount_usd == amount
    assert result.figure_sure, result.hedge


BANKING_SHEET = """---
title: "Fact Sheet: President Donald J. Trump Guarantees Fair Banking for All Americans"
date: '2025-08-07'
---

**PROHIBITING POLITICIZED OR UNLAWFUL DEBANKING:** Today, President Donald J. Trump signed an Executive Order to ensure
that Federal regulators do not promote policies and practices that allow financial institutions to deny or restrict
services based on political beliefs, religious beliefs, or lawful business activities, ensuring fair access to banking
for all Americans.

-   The Order directs Federal banking regulators to remove reputational risk and other equivalent concepts that enable
    politicized or unlawful debanking from their guidance.
-   The Order instructs the Small Business Administration to require reasonable efforts to reinstate clients.

**ADDRESSING UNFAIR BANKING PRACTICES:** President Trump believes that no American should be denied access to
financial services.

-   Operation Chokepoint, a well-documented Federal debanking initiative, targeted lawful industries for political
    reasons.
"""


def test_the_heading_of_a_lead_paragraph_is_its_context(tmp_path: Path) -> None:
    """ "PROHIBITING POLITICIZED OR UNLAWFUL DEBANKING: Today, President Donald J. Trump signed an Executive Order …":
    the heading says what the lead's sentence is about, so the lead answers what the order does."""
    index = _small_library(tmp_path, {"2025-08-07-fair-banking.md": BANKING_SHEET})
    result = answer(index, read_question("what is trump doing about banks debanking over politics", today=TODAY))
    assert result.covered
    assert result.passage.startswith("Today, President Donald J. Trump signed an Executive Order"), result.passage
