"""A fact sheet stored twice is one sheet to the reader (bot/query/copies.py)."""

from __future__ import annotations

import datetime as dt

from bot.model import DocumentRecord
from bot.query.copies import copy_positions, same_sheet, without_copies

STORED = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)


def _doc(doc_id: int, title: str, day: dt.date | None) -> DocumentRecord:
    return DocumentRecord(doc_id, title, day, f"https://example.gov/{doc_id}", f"{doc_id}.md", (), STORED, 0)


def test_same_title_within_three_days_is_one_sheet_a_year_apart_two() -> None:
    sheet = _doc(1, "FACT SHEET: Bringing Chips Back", dt.date(2022, 1, 20))
    assert same_sheet(sheet, _doc(2, "Fact Sheet:  Bringing Chips Back", dt.date(2022, 1, 21)))  # case and spaces
    assert not same_sheet(sheet, _doc(3, "FACT SHEET: Bringing Chips Back", dt.date(2023, 1, 20)))
    assert not same_sheet(sheet, _doc(4, "FACT SHEET: Bringing Chips Home", dt.date(2022, 1, 20)))


def test_without_copies_keeps_the_first_of_each_sheet_and_skips_what_was_shown() -> None:
    docs = [_doc(1, "Chips", dt.date(2022, 1, 21)), _doc(2, "Chips", dt.date(2022, 1, 20)),
            _doc(3, "Roads", dt.date(2022, 1, 21)), _doc(4, "Untitled date", None), _doc(5, "Untitled date", None),
            _doc(6, "Ports", dt.date(2022, 1, 22))]
    shown = [_doc(9, "Ports", dt.date(2022, 1, 19)), _doc(10, "Roads", dt.date(2021, 1, 21))]
    assert [d.id for d in without_copies(docs, shown=shown)] == [1, 3, 4]


def test_copy_positions_point_each_copy_at_the_first_of_its_sheet() -> None:
    docs = [_doc(1, "Chips", dt.date(2022, 1, 21)), _doc(2, "Roads", dt.date(2022, 1, 21)),
            _doc(3, "Chips", dt.date(2022, 1, 20)), _doc(4, "Chips", dt.date(2023, 1, 20)),
            _doc(5, "Chips", dt.date(2022, 1, 19))]
    assert list(copy_positions(docs)) == [-1, -1, 0, -1, 0]
