"""One fact sheet stored twice: the same title published at two addresses (whitehouse.gov, then its archive at
bidenwhitehouse.archives.gov) or published again a few days later at an address ending "-2". Lists of sheets (an
/ask answer's sheets, the digest's new sheets) name such a sheet once; its money is already counted once (a later
sheet's money said again is added where it was first announced)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from bot.model import DocumentRecord
from bot.query.text import fold, tokens

SAME_SHEET_DAYS = 3  # one title published again this many days apart at most: the same sheet at another address


def _title_key(doc: DocumentRecord) -> tuple[str, ...]:
    return tuple(tokens(fold(doc.title)))


def _close(a: dt.date | None, b: dt.date | None) -> bool:
    if a is None or b is None:
        return a == b
    return abs((a - b).days) <= SAME_SHEET_DAYS


def same_sheet(a: DocumentRecord, b: DocumentRecord) -> bool:
    """Whether two stored documents are one fact sheet (same title, dated at most three days apart)."""
    return _title_key(a) == _title_key(b) and _close(a.date, b.date)


def without_copies(docs: Iterable[DocumentRecord], shown: Iterable[DocumentRecord] = ()) -> list[DocumentRecord]:
    """``docs`` in their order, less each one that is a copy of an earlier one or of one in ``shown`` (already listed
    elsewhere, e.g. in an earlier digest). Linear: titles are compared through a dictionary, not pairwise; of ``shown``
    only the documents dated near one of ``docs`` are read."""
    docs = list(docs)
    near: set[dt.date | None] = {day + dt.timedelta(days=k) for day in {doc.date for doc in docs if doc.date is not None}
                                 for k in range(-SAME_SHEET_DAYS, SAME_SHEET_DAYS + 1)}
    if any(doc.date is None for doc in docs):
        near.add(None)  # an undated sheet is a copy of an undated one with its title
    dates: dict[tuple[str, ...], list[dt.date | None]] = {}
    for doc in shown:
        if doc.date in near:
            dates.setdefault(_title_key(doc), []).append(doc.date)
    out: list[DocumentRecord] = []
    for doc in docs:
        key = _title_key(doc)
        if any(_close(doc.date, day) for day in dates.get(key, ())):
            continue
        dates.setdefault(key, []).append(doc.date)
        out.append(doc)
    return out


def grouped_copies(docs: Iterable[DocumentRecord]) -> list[tuple[DocumentRecord, list[DocumentRecord]]]:
    """``docs`` in their order, each with its copies later in ``docs`` (which are not listed on their own). Linear, as
    ``without_copies``."""
    out: list[tuple[DocumentRecord, list[DocumentRecord]]] = []
    by_title: dict[tuple[str, ...], list[tuple[dt.date | None, list[DocumentRecord]]]] = {}
    for doc in docs:
        key = _title_key(doc)
        earlier = next((copies for day, copies in by_title.get(key, ()) if _close(doc.date, day)), None)
        if earlier is not None:
            earlier.append(doc)
            continue
        copies: list[DocumentRecord] = []
        by_title.setdefault(key, []).append((doc.date, copies))
        out.append((doc, copies))
    return out
