"""/ask: a department said by its bare word as who acted ("did commerce award", "did the labor dept announce") is
the agency asked about; a state's own department of that name ("led by the South Carolina Department of Commerce")
does not name the federal one."""

from __future__ import annotations

import pytest

from bot.query.answer import _names_agency
from bot.query.question import agency_names, read_question
from tests.test_ask import TODAY


@pytest.mark.parametrize(("question", "agency", "topic"), [
    ("how much did commerce award the regional innovation engines", "DOC", {"regional", "innovation", "engines"}),
    ("what rule did commerce propose on drone imports", "DOC", {"rule", "drone", "imports"}),
    ("how much did the labor dept announce for youth apprenticeships", "DOL", {"youth", "apprenticeships"}),
    ("how much is the treasury dept giving to community lenders", "Treasury", {"community", "lenders"}),
])
def test_a_bare_department_word_that_acts_is_the_agency(question: str, agency: str, topic: set[str]) -> None:
    reading = read_question(question, today=TODAY)
    assert reading.agency == agency
    assert topic <= set(reading.topic) and "dept" not in reading.topic


@pytest.mark.parametrize("question", [
    "what is the administration doing about commerce with china",
    "how much did energy prices rise last winter",
    "how much for labor unions in the budget",
])
def test_a_bare_department_word_that_does_not_act_stays_a_topic(question: str) -> None:
    assert read_question(question, today=TODAY).agency is None


def test_a_states_own_department_does_not_name_the_federal_one() -> None:
    names = agency_names("DOC")
    assert not _names_agency("Ohio Hub, led by the Ohio Department of Commerce, aims to lead in batteries.", names)
    assert not _names_agency("Work led by Rhode Island's Department of Commerce.", names)
    assert _names_agency("The Department of Commerce is investing $504 million in Tech Hubs.", names)
    assert _names_agency("Led by the Ohio Department of Commerce with the Department of Commerce's EDA.", names)
