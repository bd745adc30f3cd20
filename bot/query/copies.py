"""One fact sheet stored twice: the same title published at two addresses (whitehouse.gov, then its archive at
bidenwhitehouse.archives.gov) or published again a few days later at an address ending "-2". Lists of sheets (an
/ask answer's sheets, the digest's new sheets) name such a sheet once; its money is already counted once (a later
sheet's money said again is added where it was first announced)."""

from __future__ import annotations

import datetime as dt
import functools
from array import array
from collections.abc import Iterable, Sequence

from bot.model import DocumentRecord
from bot.query.text import fold, tokens

SAME_SHEET_DAYS = 3  # one title published again this many days apart at most: the same sheet at another address


def _title_key(doc: DocumentRecord) -> tuple[str, ...]:
    return _title_words(doc.title)


@functools.lru_cache(maxsize=8192)
def _title_words(title: str) -> tuple[str, ...]:
    """Cached per title: an answer compares each of its sheets with the others, and folding is what that costs."""
    return tuple(tokens(fold(title)))


def _close(a: dt.date | None, b: dt.date | None) -> bool:
    if a is None or b is None:
        return a == b
    return abs((a - b).days) <= SAME_SHEET_DAYS


def same_sheet(a: DocumentRecord, b: DocumentRecord) -> bool:
    """Whether two stored documents are one fact sheet (same title, dated at most three days apart)."""
    return _close(a.date, b.date) and _title_key(a) == _title_key(b)


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


def copy_positions(docs: Sequence[DocumentRecord]) -> array[int]:
    """For each of ``docs``, the position of the earlier one in ``docs`` it is a copy of (the first such), or -1.
    Linear, as ``without_copies``: worked out once when the index is built, so that no answer compares titles."""
    out = array("i", [-1]) * len(docs)
    by_title: dict[tuple[str, ...], list[tuple[dt.date | None, int]]] = {}
    for position, doc in enumerate(docs):
        key = _title_key(doc)
        earlier = by_title.setdefault(key, [])
        first = next((at for day, at in earlier if _close(doc.date, day)), -1)
        if first >= 0:
            out[position] = first
        else:
            earlier.append((doc.date, position))
    return out
