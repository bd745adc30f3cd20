"""/ask: the kind of money a question asks for, read from who gives it and who wants it (twenty-fifth round)."""

from __future__ import annotations

import pytest

from bot.query.question import read_question
from tests.test_ask import TODAY


@pytest.mark.parametrize("question", [
    "how much did usaid commit to the new nutrition partnership",
    "how much is usaid putting into its clean water platform",
    "how much is the Millennium Challenge Corporation putting into the new compact",
    "how much did the DFC lend for the solar plant",
])
def test_an_agency_that_gives_only_abroad_asks_for_foreign_money(question: str) -> None:
    """USAID, the MCC, the DFC and USTDA spend abroad: their money is money for another country even when the
    question names none, so the figures read as foreign money answer it."""
    assert read_question(question, today=TODAY).kind == "foreign"


@pytest.mark.parametrize("question", [
    "how much does biden want the epa to get for lead pipes",
    "how big is the housing fund the president wants",
    "how much money does the administration want for wildfire crews",
    "how much does trump want for the border wall",
])
def test_what_the_president_wants_is_a_request(question: str) -> None:
    """Money the President wants is money asked of Congress (a proposal, the budget), not money handed out."""
    assert read_question(question, today=TODAY).kind == "request"


@pytest.mark.parametrize(("question", "kind"), [
    ("how much did the epa give for lead pipes", "new"),  # a domestic agency hands out new money
    ("how much do farmers want for drought relief", "new"),  # what others want is not a request
    ("how much did usaid get in the 2024 budget", "request"),  # the budget still reads as a request
])
def test_other_kinds_are_unchanged(question: str, kind: str) -> None:
    assert read_question(question, today=TODAY).kind == kind


def test_germany_is_another_country() -> None:
    """Every sovereign country names foreign money; Germany was missing from the list."""
    assert read_question("how much is germany putting into the new fund", today=TODAY).kind == "foreign"
