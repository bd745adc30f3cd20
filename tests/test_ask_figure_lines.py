"""How /ask names a figure it lists: its kind, and why it is not added only where the kind does not say it."""

from __future__ import annotations

import datetime as dt

from bot.commands.ask import figure_line
from bot.model import BACKGROUND, NEW_FEDERAL, DocumentRecord, FundingRecord
from bot.query import CorpusIndex
from bot.query.answer import Figure
from tests.test_query_index import seed_snapshot

SHEET = DocumentRecord(id=1, title="FACT SHEET: Lead Pipes", date=dt.date(2024, 5, 2), source_url=None, path="1.md",
                       tags=(), ingested_at=dt.datetime(2024, 5, 2, tzinfo=dt.UTC), initiative_count=1)


def _line(category: str, counted: bool, reason: str | None) -> str:
    record = FundingRecord(id=1, document_id=1, initiative_id=None, amount_usd=15e9, text="$15 billion",
                           qualifier=None, sentence="It is part of the historic $15 billion for lead pipes.",
                           category=category, fiscal_year=None, counted=counted, reason=reason, parent_id=None,
                           position=0)
    return figure_line(CorpusIndex.build(seed_snapshot()), Figure(record, SHEET, 1.0, 1.0, True, False))


def test_a_figure_whose_kind_says_why_it_is_not_added_says_it_once() -> None:
    assert "(earlier or cumulative money, not added)" in _line(BACKGROUND, False, "announced earlier or cumulative")
    assert "(earlier or cumulative money, not added)" in _line(BACKGROUND, False, None)


def test_a_reason_the_kind_does_not_give_is_still_said() -> None:
    assert "(new federal funding, not added: part of $3 billion)" in _line(NEW_FEDERAL, False, "part of $3 billion")
    assert "(earlier or cumulative money, not added: repeat of $20 billion)" in _line(BACKGROUND, False,
                                                                                     "repeat of $20 billion")
    assert "(new federal funding, counted)" in _line(NEW_FEDERAL, True, None)
