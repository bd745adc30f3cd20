"""/ask: companies that receive money are not who gives it."""

from __future__ import annotations

from bot.query.question import KIND_NEW, KIND_PRIVATE, read_question
from tests.test_ask import TODAY


def test_money_given_to_companies_is_federal_money_and_companies_giving_stay_private() -> None:
    """"How much did the FAA give aircraft companies …" asks for the agency's money handed to companies, not for the
    companies' own commitments; companies pledging or investing, and private money named outright, stay private."""
    given = read_question("how much did the faa give aircraft companies to develop engines", today=TODAY)
    assert given.kind == KIND_NEW and given.agency == "FAA"
    awarded = read_question("how much did doe award companies for battery plants", today=TODAY)
    assert awarded.kind == KIND_NEW
    for text in ("how much did companies pledge for northern central america",
                 "how much is leapfrog investing in climate companies in africa",
                 "how much private money did doe award companies attract"):
        assert read_question(text, today=TODAY).kind == KIND_PRIVATE, text
