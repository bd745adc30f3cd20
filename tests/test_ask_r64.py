"""/ask, round 64: more chat short forms and agencies, a word's -ism and -ic forms, a count of things that asks no news,
money recalled as "last week", and what a later sheet dates to the month or year asked about (docs/ask.md,
"Round 64")."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest

from bot.commands.spec import Invocation
from bot.query.question import FUNDING, read_question
from tests.test_ask import TODAY, _small_library, ask_small_library
from tests.test_ask_r54h import FILLER_SHEETS
from tests.test_commands_replies import everything, payloads


@pytest.mark.parametrize(("question", "wanted", "not_wanted"), [
    ("by when does the us want an astronaut on the moon, per the dec 2023 space council mtg", "meeting", "mtg"),
    ("who runs the mgmt of the strategic petroleum reserve", "management", "mgmt"),
    ("which meds got their prices cut", "medications", "meds"),
    ("what did the govs agree to at the border summit", "governors", "govs"),
    ("whats the env justice scorecard", "environmental", "env"),
    ("did the us sanction the kremlin spox", "spokesperson", "spox"),
    ("how much for lead pipes rn", "pipes", "rn"),
])
def test_more_chat_short_forms_are_read_as_the_sheets_words(question: str, wanted: str, not_wanted: str) -> None:
    topic = read_question(question, today=TODAY).topic
    assert wanted in topic and not_wanted not in topic


@pytest.mark.parametrize(("question", "added"), [
    ("what does the antisemitism order make agencies do", {"anti", "semitism"}),
    ("what does the anti-semitism order make agencies do", {"antisemitism"}),
    ("how much did chicago get to hire or keep 50 more cops", {"officers", "retain"}),
])
def test_the_sheets_other_spellings_and_words_are_added(question: str, added: set[str]) -> None:
    assert added <= set(read_question(question, today=TODAY).expanded)


@pytest.mark.parametrize(("question", "agency"), [
    ("how big a fine could the fdic hit failed bank execs with", "FDIC"),
    ("what did osha require of employers", "OSHA"),
    ("which russian companies did commerce add to the entity list in june 2022", "DOC"),
    ("how much did va put out in aug 2023 for homeless vets", "VA"),
])
def test_more_agencies_are_read(question: str, agency: str) -> None:
    assert read_question(question, today=TODAY).agency == agency


def test_agencies_named_before_their_rules_stay_the_topic() -> None:
    reading = read_question("whats the deadline for workers to be fully vaxxed under the osha and cms rules", today=TODAY)
    assert reading.agency is None and {"osha", "cms"} <= set(reading.topic)


_HATE_CRIMES_SHEET = """---
title: "FACT SHEET: Biden-Harris Administration Takes Action to Address Alarming Rise of Reported Antisemitic and
  Islamophobic Events at Schools and on College Campuses"
date: '2023-11-14'
---

Today, the Administration is announcing new actions to address antisemitic and Islamophobic incidents on campuses.

**Investigating and prosecuting hate crimes**

On Oct. 30, the DOJ announced that it is awarding over $38 million in grants to support the investigation and
prosecution of hate crimes, including antisemitic and Islamophobic incidents on college campuses, and to expand victim
services.

**Supporting students**

The Department of Education is releasing new resources for students.
"""


_FAITH_SHEET = """---
title: "FACT SHEET: Celebrating the Anniversary of the White House Office of Faith-Based Partnerships"
date: '2022-02-14'
---

The Office has worked with faith leaders across the country.

**Countering hate**

The Office convened faith leaders on antisemitism and Islamophobia in our communities.

**Vaccination**

Faith leaders hosted vaccination clinics in their houses of worship.
"""


def test_an_ism_is_found_as_its_ic(tmp_path: Path) -> None:
    """"antisemitism" and "islamophobia" are the campus sheet's "antisemitic" and "Islamophobic": that sheet, which
    holds the whole topic, answers, not the one that says the words as asked but not on campuses."""
    got = ask_small_library(tmp_path, {"2023-11-14-campuses.md": _HATE_CRIMES_SHEET,
                                       "2022-02-14-faith.md": _FAITH_SHEET, **FILLER_SHEETS},
                            "what is the administration doing about antisemitism and islamophobia on campuses")
    assert got.covered, got.reason
    assert got.top is not None and got.top.document.date == dt.date(2023, 11, 14)


_CRIME_SHEET = """---
title: "FACT SHEET: President Biden's Actions to Fight Crime and Make Our Communities Safer"
date: '2024-02-28'
---

The President is delivering results to make communities safer.

**Chicago, Illinois**

Chicago invested $100 million for public safety, including $16 million for community violence intervention. Chicago
also received $6.25 million in grants from the Department of Justice to hire or retain 50 additional officers.

**Detroit, Michigan**

Detroit used its American Rescue Plan funds to hire more police officers and expand its ShotStoppers program.
"""


def test_a_count_of_things_asks_no_news(tmp_path: Path) -> None:
    """"50 more cops" counts officers: the question asks what Chicago got, which the sheet gives as money it received
    (read as earlier money), not news, so the figure is the answer."""
    got = ask_small_library(tmp_path, {"2024-02-28-crime.md": _CRIME_SHEET, **FILLER_SHEETS},
                            "how much did chicago get in doj grants to hire or keep 50 more cops")
    assert got.covered and got.figures, got.reason
    assert got.figures[0].record.amount_usd == 6.25e6 and got.figure_sure, got.hedge


_NEH_BEFORE = """---
title: "FACT SHEET: Biden-Harris Administration Continues to Counter Hate-Fueled Violence"
date: '2023-09-15'
---

Today the Administration is announcing new steps to counter hate-fueled violence.

**Committing cultural resources to help communities stand united against hate**

The National Endowment for the Humanities (NEH) will support programs on civic life. Next week, NEH is announcing
$2.8 million in funding for every state, the District of Columbia, and the territories.

**Protecting places of worship**

The Department of Homeland Security is expanding its outreach to faith communities.
"""

_NEH_AFTER = """---
title: "FACT SHEET: Biden-Harris Administration Takes Landmark Step to Counter Antisemitism"
date: '2023-09-28'
---

Today the Administration is taking a landmark step.

**Cultural institutions against hate**

The National Endowment for the Humanities has placed a special emphasis on countering hate. Additionally, last week,
NEH announced $2.8 million in funding in every state and jurisdiction for United We Stand: Connecting Through Culture
programs that counter hate-motivated violence.

**Protecting campuses**

The Department of Education is issuing new guidance.
"""


def test_money_recalled_as_last_week_is_the_money_announced_then(tmp_path: Path) -> None:
    """The later sheet reads the $2.8 million as earlier money; the sheet dated the week before announces it: it is
    announced money, and stated."""
    sheets = {"2023-09-15-hate.md": _NEH_BEFORE, "2023-09-28-antisemitism.md": _NEH_AFTER, **FILLER_SHEETS}
    question = "how much did neh announce in sept 2023 for united we stand connecting thru culture programs against hate"
    got = ask_small_library(tmp_path, sheets, question)
    assert got.covered and got.figures, got.reason
    assert got.figures[0].record.amount_usd == 2.8e6 and got.figure_sure, got.hedge
    # recalled as "last year", it is not tied to the sheet of the week before: listed, not stated
    (tmp_path / "last-year").mkdir()
    got = ask_small_library(tmp_path / "last-year", {**sheets, "2023-09-28-antisemitism.md": _NEH_AFTER.replace(
        "last week,", "last year,")}, question)
    assert got.figures and got.figures[0].record.amount_usd == 2.8e6 and not got.figure_sure


_VETERANS_DAY = """---
title: "FACT SHEET: To Mark Veterans Day, Biden-Harris Administration Highlights Historic Care, Benefits, New Actions"
date: '2023-11-10'
---

This Veterans Day the Administration highlights what it has done for veterans.

**Ending veteran homelessness**

President Biden has called on Congress to end veteran homelessness. In August, VA also issued $1 billion in funding to
community organizations to help homeless and at-risk veterans through rapid rehousing, transitional housing and case
management, and prevent housing loss.

**Caring for toxic-exposed veterans**

VA has processed more than a million claims under the PACT Act.
"""

_RECALLED = "how much did va put out in aug 2023 to community organizations for rapid rehousing n transitional housing " \
            "for homeless veterans"


def test_a_later_sheet_that_dates_it_to_the_month_asked_answers(tmp_path: Path) -> None:
    """No sheet of August 2023 holds the topic; the Veterans Day sheet of November says it happened "In August": it
    answers, and says it is a later sheet."""
    from bot.commands import dispatch
    from tests.fake_app import FakeApp

    library = _small_library(tmp_path, {"2023-11-10-veterans-day.md": _VETERANS_DAY, **FILLER_SHEETS})
    from bot.query.answer import answer

    got = answer(library, read_question(_RECALLED, today=TODAY))
    assert got.reading.intent == FUNDING and got.reading.agency == "VA"
    assert got.covered and got.figures and got.figures[0].record.amount_usd == 1e9, got.reason
    assert got.recalled_later == "August 2023"
    reply = asyncio.run(dispatch(FakeApp(library), "ask", {"question": _RECALLED}, Invocation(user_id=42)))
    payloads(reply)  # within every Discord limit
    text = everything(reply)
    assert "$1 billion" in text and "No fact sheet of August 2023 holds this" in text


@pytest.mark.parametrize("question", [
    # another month: the sheet says August, not July
    _RECALLED.replace("aug 2023", "july 2023"),
    # another year: "In August" in a sheet of 2023 is August 2023, not August 2022
    _RECALLED.replace("aug 2023", "aug 2022"),
])
def test_a_later_sheet_that_does_not_date_it_there_does_not_answer(tmp_path: Path, question: str) -> None:
    got = ask_small_library(tmp_path, {"2023-11-10-veterans-day.md": _VETERANS_DAY, **FILLER_SHEETS}, question)
    assert not got.covered and got.reason.startswith("dates:"), got.reason


def test_a_later_sheet_dating_it_to_the_year_asked_answers(tmp_path: Path) -> None:
    sheet = _VETERANS_DAY.replace("In August, VA also issued", "In 2022 alone, VA issued")
    got = ask_small_library(tmp_path, {"2023-11-10-veterans-day.md": sheet, **FILLER_SHEETS},
                            _RECALLED.replace("in aug 2023", "in 2022"))
    assert got.covered and got.recalled_later == "2022", got.reason
