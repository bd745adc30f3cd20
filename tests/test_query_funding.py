"""Funding arithmetic: what is added, what is not, how the money reads, and the topic filter."""

from __future__ import annotations

import pytest

from bot.model import BUDGET_REQUEST, NEW_FEDERAL, SUPPLEMENTAL_REQUEST
from bot.query import CorpusIndex, amount_text, format_usd, totals
from tests.test_query_index import seed_snapshot


@pytest.fixture(scope="module")
def index() -> CorpusIndex:
    return CorpusIndex.build(seed_snapshot())


@pytest.mark.parametrize(("amount", "text"), [
    (29.587e9, "$29.587 billion"),
    (535e6, "$535 million"),
    (750_000, "$750,000"),
    (1.2e9, "$1.2 billion"),
    (1.55e9, "$1.55 billion"),
    (26e9, "$26 billion"),
    (2.5e12, "$2.5 trillion"),
    (1e6, "$1 million"),
    (1_234_567, "$1.235 million"),
    (999_999_999.9, "$1 billion"),
    (12.5, "$12.50"),
    (0, "$0"),
])
def test_format_usd(amount: float, text: str) -> None:
    assert format_usd(amount) == text


def test_seed_total_is_at_least_29_587_billion(index: CorpusIndex) -> None:
    result = totals(index.funding_of_document(index.documents[0].id))
    assert result.headline == "at least $29.587 billion"
    assert result.at_least
    assert result.amount == pytest.approx(29.587e9)
    lines = {(item.category, item.fiscal_year): item for item in result.breakdown}
    assert lines[(BUDGET_REQUEST, 2024)].text == "$26.535 billion"
    assert lines[(BUDGET_REQUEST, 2024)].label == "budget request (FY24)"
    assert lines[(SUPPLEMENTAL_REQUEST, None)].text == "at least $2.75 billion"
    assert lines[(NEW_FEDERAL, None)].text == "at least $302 million"
    # Breakdown follows the category order of the data model (new federal money first since the
    # money model was rebuilt).
    assert [item.category for item in result.breakdown] == [NEW_FEDERAL, BUDGET_REQUEST, SUPPLEMENTAL_REQUEST]


def test_parts_and_repeats_are_listed_but_not_added(index: CorpusIndex) -> None:
    result = totals(index.funding_of_document(index.documents[0].id))
    assert len(result.counted) == 5
    reasons = sorted((record.text, reason) for record, reason in result.not_counted)
    assert reasons == [("$305 million", "part of $535 million"), ("more than $1.2 billion", "repeat of $1.2 billion")]


def test_totals_without_lower_bounds_are_exact() -> None:
    records = [r for r in seed_snapshot().funding if r.qualifier is None and r.counted]
    result = totals(records)
    assert result.headline == "$28.085 billion"
    assert not result.at_least


def test_no_amounts() -> None:
    result = totals([])
    assert result.headline == "no dollar amounts"
    assert result.empty


def test_amount_text_keeps_the_qualifier(index: CorpusIndex) -> None:
    by_text = {amount_text(r) for r in index.funding}
    assert "more than $1.2 billion" in by_text
    assert "$535 million" in by_text


def test_border_topic_lists_the_border_items(index: CorpusIndex) -> None:
    records = index.funding_about("border")
    texts = [(r.text, r.counted) for r in records]
    assert ("more than $1.2 billion", True) in texts  # the supplemental request
    assert ("$535 million", True) in texts  # border technology
    assert ("$305 million", False) in texts  # its part, not added
    assert all(r.text not in ("$26 billion", "$1.55 billion", "more than $302 million") for r in records)
    assert totals(records).headline == "at least $1.735 billion"


def test_topic_tolerates_typos_and_uses_titles_and_acronyms(index: CorpusIndex) -> None:
    assert [r.text for r in index.funding_about("boarder")] == [r.text for r in index.funding_about("border")]
    assert [r.text for r in index.funding_about("hidta")] == ["more than $302 million"]
    assert [r.text for r in index.funding_about("supplemental request")][:2] == ["$1.55 billion",
                                                                               "more than $1.2 billion"]
    assert index.funding_about("zzzzqqqq") == []


def test_a_part_brings_its_parent_and_a_repeat_its_original(index: CorpusIndex) -> None:
    inspection = index.funding_about("non-intrusive inspection")
    assert {r.text for r in inspection} >= {"$535 million", "$305 million"}
    machines = index.funding_about("cutting-edge detection machines")
    # Only the repeat mentions the machines; its first mention comes along so the money still counts once.
    assert [(r.text, r.counted, r.initiative_id is not None) for r in machines] == [
        ("more than $1.2 billion", True, True), ("more than $1.2 billion", False, True)]
    assert totals(machines).headline == "at least $1.2 billion"
