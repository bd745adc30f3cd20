"""``CorpusIndex``: everything a command needs to answer from memory, built once per data version.

Lookups never touch SQL: ``find_initiatives`` and ``autocomplete`` run on inverted indexes
(``FieldIndex``) and rapidfuzz only re-ranks a few hundred candidates, so a keystroke costs the
same at 40 fact sheets and at 50,000. The index is immutable; the app builds a new one off the
event loop when the store's data version moves, then swaps it in.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import gc
import hashlib
import heapq
import itertools
import json
import logging
import math
import re
import sys
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from bot.model import (
    BUDGET_REQUEST,
    AcronymRecord,
    DocumentRecord,
    FundingRecord,
    InitiativeRecord,
    Link,
    Snapshot,
    is_lower_bound,
    is_upper_bound,
    relation_of,
)
from bot.query.columns import Parts, TextColumn, TextColumnBuilder
from bot.query.fields import PREFIX, TYPO, FieldIndex, QueryGroup
from bot.query.funding import (
    MAX_DEPTH,
    REANNOUNCED_MAX_COMPARED,
    REANNOUNCED_MIN_SIMILARITY,
    CategoryTotal,
    FundingTotals,
    YearTotal,
    added_note,
    category_rank,
    drop_reannounced,
    is_money,
    is_unclear,
    key_words,
    select_added,
    totals,
    why_not_added,
)
from bot.query.text import STOPWORDS, content_tokens, fold, tokenize, tokens
from bot.store.rows import FundingRow, IndexRows

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 10
CHOICE_LIMIT = 100  # Discord: autocomplete choice name and value length
FOUND_SHARE = 0.55  # of the score: how much of the query (idf-weighted) the initiative contains
TITLE_SHARE = 0.30  # how much of it is in the title; the rest is rapidfuzz title similarity
_CANDIDATE_TITLE_WEIGHT = 1.5  # first pass: a title word counts a bit more than a body word
_SEARCH_BUDGET = 50_000  # postings read per /initiative lookup
_AUTOCOMPLETE_BUDGET = 15_000  # postings read per keystroke
_TERMS_CACHE_ROWS = 4_000  # rows whose words stay tokenised between lookups
NEAR_SCORE = 30.0  # a loose-typo match scoring below this is not near enough to suggest
NEAR_TITLE_RATIO = 75.0  # rapidfuzz WRatio a title must reach to be suggested as near
_SEARCH_POOL = 120  # candidates re-scored exactly (each costs a tokenised body and a rapidfuzz call)
_BRUTE_FORCE_CAP = 20_000  # last-resort fuzzy scans look at this many (newest) titles only
_ID_VALUE = re.compile(r"\s*id\s*:\s*(\d+)\s*", re.IGNORECASE)
_DOC_VALUE = re.compile(r"\s*doc\s*:\s*(\d+)\s*", re.IGNORECASE)
_MD_LINK = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*\)")
_BARE_URL = re.compile(r"https?://\S+")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_FACT_SHEET = re.compile(r"^\s*fact\s+sheet\s*[:\-–—]\s*", re.IGNORECASE)


_R = TypeVar("_R")
# Funding flags, one per row: can add (counted, or a part of a counted whole); can add and is
# a part of another; left out because its role is unclear (and it is no part or repeat).
_ADDABLE, _NESTED, _UNCLEAR = 1, 2, 4
# Columns of strings kept as UTF-8 blobs (``TextColumn``) once built.
_TEXT_COLUMNS = ("ini_titles", "ini_texts", "ini_links", "ini_acronyms", "f_text", "f_sentence", "f_reason")
_PUBLIC_PARTS = ("version", "generation", "documents")  # parts kept as public attributes


class _RowTerms(NamedTuple):
    """One row's words, as the exact re-scoring needs them.

    Tuples, and dicts (word → None) instead of sets: made only of strings, the collector stops
    tracking them, so thousands of cached rows cost full collections nothing (sets are always
    tracked, and walked).
    """

    folded_title: str
    title_list: tuple[str, ...]
    title_set: dict[str, None]
    body_list: tuple[str, ...]
    body_set: dict[str, None]
    raw_title: dict[str, None]  # title words as written (no acronym expansions)


@dataclass(frozen=True, slots=True)
class Match:
    """One answer to a lookup: the initiative, its fact sheet, a 0–100 score and why it matched."""

    initiative: InitiativeRecord
    document: DocumentRecord
    score: float
    why: str


def _plain(text: str) -> str:
    """Markdown text without link targets: URLs are not words anybody searches for."""
    return _BARE_URL.sub(" ", _MD_LINK.sub("] ", text))


def display_title(title: str) -> str:
    """A title for a short list: no "FACT SHEET:" lead-in, no invisible joiners, single spaces."""
    text = " ".join(_INVISIBLE.sub("", title).split())
    stripped = _FACT_SHEET.sub("", text)
    return stripped or text


def _short(text: str, limit: int) -> str:
    text = " ".join(_INVISIBLE.sub("", text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def _documents_parts(documents: Sequence[DocumentRecord]) -> Parts:
    """Documents as columns of plain values (see ``CorpusIndex.parts``)."""
    return Parts(
        id=array("q", [doc.id for doc in documents]),
        title=[doc.title for doc in documents],
        date=[doc.date.isoformat() if doc.date else "" for doc in documents],
        source_url=[doc.source_url or "" for doc in documents],
        has_source_url=array("b", [doc.source_url is not None for doc in documents]),
        path=[doc.path for doc in documents],
        tags=[list(doc.tags) for doc in documents],
        ingested_at=[doc.ingested_at.isoformat() for doc in documents],
        initiative_count=array("q", [doc.initiative_count for doc in documents]),
        body_text=[doc.body_text for doc in documents],
    )


def _documents_from_parts(parts: dict[str, Any]) -> tuple[DocumentRecord, ...]:
    date, datetime = dt.date.fromisoformat, dt.datetime.fromisoformat
    columns = [parts[name] for name in ("id", "title", "date", "source_url", "has_source_url", "path", "tags",
                                        "ingested_at", "initiative_count", "body_text")]
    if len({len(column) for column in columns}) > 1:
        raise ValueError("document columns differ in length")
    return tuple(
        DocumentRecord(doc_id, title, date(day) if day else None, url if has_url else None, path,
                       tuple(map(str, tags)), datetime(ingested), count, body)
        for doc_id, title, day, url, has_url, path, tags, ingested, count, body in zip(*columns, strict=True)
    )


def _totals_parts(value: tuple[Any, ...]) -> Parts:
    """The library totals (added rows, other rows, re-announced rows, summary) as plain data."""
    added, other, dropped, summary = value
    amount, at_least, up_to, breakdown, by_year, unclear_amount, unclear_count, dropped_amount, dropped_count = summary
    return Parts(
        added=added, other=other, dropped=dropped, amount=amount, at_least=at_least, up_to=up_to,
        breakdown=[[line.category, line.fiscal_year, line.amount, line.at_least, line.count, line.up_to]
                   for line in breakdown],
        by_year=[[line.year, line.amount, line.at_least, line.up_to, line.count] for line in by_year],
        unclear=[unclear_amount, unclear_count], announced_again=[dropped_amount, dropped_count])


def _totals_from_parts(parts: dict[str, Any]) -> tuple[Any, ...]:
    def year_of(year: Any) -> int | None:
        return None if year is None else int(year)

    breakdown = tuple(
        CategoryTotal(str(category), year_of(year), float(amount), bool(at_least), int(count), bool(up_to))
        for category, year, amount, at_least, count, up_to in parts["breakdown"])
    by_year = tuple(YearTotal(year_of(year), float(amount), bool(at_least), bool(up_to), int(count))
                    for year, amount, at_least, up_to, count in parts["by_year"])
    unclear_amount, unclear_count = parts["unclear"]
    dropped_amount, dropped_count = parts["announced_again"]
    summary = (float(parts["amount"]), bool(parts["at_least"]), bool(parts["up_to"]), breakdown, by_year,
               float(unclear_amount), int(unclear_count), float(dropped_amount), int(dropped_count))
    return parts["added"], parts["other"], parts["dropped"], summary


def _doc_key(doc: DocumentRecord) -> tuple[dt.date, dt.datetime, int]:
    ingested = doc.ingested_at
    if ingested.tzinfo is None:
        ingested = ingested.replace(tzinfo=dt.UTC)
    return (doc.date or dt.date.min, ingested, doc.id)


class _Acronyms:
    """Acronyms and their full names, so "hidta" also finds "High Intensity Drug Trafficking Area"."""

    def __init__(self, records: Iterable[AcronymRecord]) -> None:
        self.full_names: dict[str, list[str]] = {}  # folded short → full names as written
        self.by_length: dict[int, dict[tuple[str, ...], list[str]]] = {}  # word count → full name → shorts
        self.full_tokens: dict[str, tuple[str, ...]] = {}  # folded short → tokens of one full name
        self.first_words: set[str] = set()  # first words of full names: where a scan can start
        seen: set[tuple[tuple[str, ...], str]] = set()
        for record in records:
            short = "".join(tokenize(record.short))
            full = tuple(tokenize(record.full))
            if len(short) < 2 or len(full) < 2 or (full, short) in seen:
                continue
            seen.add((full, short))
            self.full_names.setdefault(short, []).append(record.full)
            self.by_length.setdefault(len(full), {}).setdefault(full, []).append(short)
            self.first_words.add(full[0])
            self.full_tokens.setdefault(short, full)

    def explain(self, term: str, title_words: Iterable[str]) -> str:
        """Why ``term`` counts as a title word although not written there: which acronym it stands for."""
        names = self.full_names.get(term)
        if names:
            return f"as {names[0]}"
        for short in sorted(title_words):
            full = self.full_tokens.get(short)
            if full and term in full:
                return f"{short.upper()} = {' '.join(full)}"
        return "acronym"

    def extras(self, toks: Sequence[str]) -> set[str]:
        """Short forms whose full name appears in ``toks``, and full-name words of shorts that do."""
        found: set[str] = set()
        if not self.full_names:
            return found
        first_words = self.first_words
        for start, token in enumerate(toks):
            if token not in first_words:
                continue
            for length, names in self.by_length.items():
                shorts = names.get(tuple(toks[start:start + length]))
                if shorts:
                    found.update(shorts)
        for token in toks:
            full = self.full_tokens.get(token)
            if full:
                found.update(t for t in full if t not in STOPWORDS)
        return found

    def parts(self) -> Parts:
        """Plain values (strings, lists, dicts with string keys) for ``bot.query.cache``."""
        return Parts(
            full_names=self.full_names,
            by_length=[[length, [[list(full), shorts] for full, shorts in names.items()]]
                       for length, names in self.by_length.items()],
            full_tokens={short: list(full) for short, full in self.full_tokens.items()},
            first_words=sorted(self.first_words),
        )

    @classmethod
    def from_parts(cls, parts: dict[str, Any]) -> _Acronyms:
        self = cls(())
        self.full_names = {str(short): [str(name) for name in names] for short, names in parts["full_names"].items()}
        self.by_length = {int(length): {tuple(full): list(shorts) for full, shorts in names}
                          for length, names in parts["by_length"]}
        self.full_tokens = {str(short): tuple(full) for short, full in parts["full_tokens"].items()}
        self.first_words = set(parts["first_words"])
        return self


class _RecordView(Sequence[_R]):
    """A read-only sequence over index rows that makes each record only when it is asked for.

    The index keeps its data in columns (lists of strings, ``array``s); half a million record
    objects would cost hundreds of megabytes, seconds to load and a garbage collector that walks
    them all. Slicing returns a list of records.
    """

    __slots__ = ("_make", "_rows", "_size")

    def __init__(self, make: Callable[[int], _R], size: int, rows: Sequence[int] | None = None) -> None:
        self._make = make
        self._rows = rows
        self._size = size if rows is None else len(rows)

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, item):  # type: ignore[no-untyped-def, override]
        if isinstance(item, slice):
            return [self._make(row) for row in self._row_range()[item]]
        if item < 0:
            item += self._size
        if not 0 <= item < self._size:
            raise IndexError("record index out of range")
        return self._make(item if self._rows is None else self._rows[item])

    def __iter__(self) -> Iterator[_R]:
        make = self._make
        for row in self._row_range():
            yield make(row)

    def _row_range(self) -> Sequence[int]:
        return range(self._size) if self._rows is None else self._rows

    def rows(self) -> Sequence[int]:
        """The index rows behind this view, in order."""
        return self._row_range()

    def made_by(self, make: Callable[[int], Any]) -> bool:
        return self._make == make


def _ranges(doc_rows: Sequence[int], documents: int) -> array:
    """Offsets of each document's run of rows (rows come grouped by document, in document order)."""
    counts = array("I", [0]) * documents
    for n in doc_rows:
        counts[n] += 1
    offsets = array("I", [0])
    total = 0
    for count in counts:
        total += count
        offsets.append(total)
    return offsets


def _or_minus_one(row: int | None) -> int:
    return -1 if row is None else row


def _title_key(folded_title: str) -> int:
    """A stable 64-bit key of a folded title's words (Python's own str hash changes per process)."""
    digest = hashlib.blake2b(" ".join(tokens(folded_title)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def _sorted_lookup(keys: Sequence[int]) -> tuple[array, array]:
    """(sorted keys, row of each): a dict-like lookup in two arrays, found by bisection."""
    order = sorted(range(len(keys)), key=keys.__getitem__)
    return array("q", [keys[row] for row in order]), array("I", order)


def _lookup(keys: array, rows: array, key: int) -> int | None:
    """The first (lowest) row stored under ``key``, or None."""
    at = bisect.bisect_left(keys, key)
    return rows[at] if at < len(keys) and keys[at] == key else None


@functools.lru_cache(maxsize=512)
def _decode_links(raw: str) -> tuple[Link, ...]:
    return tuple(Link(text, url) for text, url in json.loads(raw)) if raw else ()


@functools.lru_cache(maxsize=8192)
def _decode_strings(raw: str) -> tuple[str, ...]:
    return tuple(json.loads(raw)) if raw else ()


class CorpusIndex:
    """Immutable, in-memory view of the whole corpus, answering every lookup without SQL.

    Rows are initiatives (and funding mentions) in rank order: newest fact sheet first, then
    document order. Everything is kept in columns indexed by row; records are made on demand.
    """

    # Parts saved by ``bot.query.cache``: plain lists of strings and arrays, plus a few small objects.
    PARTS = ("version", "generation", "documents", "acronyms", "ini_range", "fund_range", "ini_ids", "ini_doc", "ini_order",
             "ini_titles", "ini_section", "sections", "ini_texts", "ini_links", "ini_acronyms",
             "ini_id_keys", "ini_id_rows", "title_keys", "title_rows", "fields", "doc_fields",
             "f_ids", "f_doc", "f_ini", "f_amount", "f_text", "f_qualifier", "qualifiers", "f_sentence",
             "f_category", "categories", "f_year", "f_counted", "f_reason", "f_parent", "f_position",
             "f_id_keys", "f_id_rows", "funding_fields", "library_parts", "group_keys", "group_offsets",
             "group_rows", "f_flags",
             "f_part", "f_repeat", "f_first", "child_keys", "child_offsets", "child_rows", "related_rows",
             "doc_titles_folded", "doc_title_keys")

    def __init__(self) -> None:  # use CorpusIndex.build(snapshot) or CorpusIndex.from_rows(rows)
        self.version = 0
        self.generation = ""  # the store's generation id the index was built from (see Store.data_state)
        self.documents: tuple[DocumentRecord, ...] = ()
        self._terms_cache: dict[int, _RowTerms] = {}
        self._newest_folded: list[str] | None = None

    # ---- building ---------------------------------------------------------------------------

    @classmethod
    def build(cls, snapshot: Snapshot) -> CorpusIndex:
        """The index of a snapshot of records (tests, small corpora)."""
        return cls.from_rows(IndexRows.from_snapshot(snapshot))

    @classmethod
    def from_rows(cls, rows: IndexRows) -> CorpusIndex:
        """Build the index with the cyclic garbage collector paused, then freeze what is alive.

        A build allocates millions of objects without cycles; collections during it only cost
        time (and hold the GIL other threads need). The collector still counts those allocations,
        so the first collection after it would walk everything the build kept: ``gc.freeze()``
        moves it out of the collector's sight first. The index holds no reference cycles, so
        frozen or not, it is freed by reference counting when it is replaced.
        """
        was_enabled = gc.isenabled()
        gc.collect()  # garbage alive now would be frozen with the index below, never to be freed
        gc.disable()
        try:
            index = cls._build(rows)
            gc.freeze()
            return index
        finally:
            if was_enabled:
                gc.enable()

    @classmethod
    def _build(cls, source: IndexRows) -> CorpusIndex:
        self = cls()
        self.version = source.version
        self.generation = source.generation
        self.documents = tuple(sorted(source.documents, key=_doc_key, reverse=True))
        doc_row = {doc.id: n for n, doc in enumerate(self.documents)}
        self._acronyms = _Acronyms(AcronymRecord(row.document_id, row.short, row.full) for row in source.acronyms)

        # Initiatives arrive in rank order (newest sheet first), straight into the columns.
        ranked_ids = [doc.id for doc in self.documents]
        self._ini_ids, self._ini_doc, self._ini_order = array("q"), array("I"), array("I")
        titles: list[str] = []
        section_code: dict[str, int] = {"": 0}
        self._ini_section = array("I")
        texts, links, acronyms = TextColumnBuilder(), TextColumnBuilder(), TextColumnBuilder()
        for row in source.initiatives(ranked_ids):
            self._ini_ids.append(row.id)
            self._ini_doc.append(doc_row[row.document_id])
            titles.append(row.title)
            self._ini_section.append(section_code.setdefault(row.section or "", len(section_code)))
            self._ini_order.append(row.order)
            texts.append(row.text)
            links.append(row.links if row.links and row.links != "[]" else "")
            acronyms.append(row.acronyms if row.acronyms and row.acronyms != "[]" else "")
        self._sections = list(section_code)
        self._ini_texts, self._ini_links, self._ini_acronyms = texts.finish(), links.finish(), acronyms.finish()
        self._ini_range = _ranges(self._ini_doc, len(self.documents))
        self._ini_id_keys, self._ini_id_rows = _sorted_lookup(self._ini_ids)

        folded = [fold(title) for title in titles]
        self._ini_titles = TextColumn.of(titles)
        del titles
        self._title_keys, self._title_rows = _sorted_lookup([_title_key(title) for title in folded])
        # Kept until the funding index is built: one shared string per distinct word, not millions.
        title_terms = [list(map(sys.intern, self._title_terms_of(title))) for title in folded]
        del folded
        self._fields = FieldIndex.build(title_terms, (self._body_terms(row) for row in range(len(self._ini_ids))))

        self._doc_titles_folded = [fold(doc.title) for doc in self.documents]
        self._doc_title_keys = [" ".join(tokens(title)) for title in self._doc_titles_folded]
        self._doc_fields = FieldIndex.build([tokens(title) for title in self._doc_titles_folded])
        self._build_funding(source.funding, doc_row, title_terms)
        del title_terms
        self._prepare()
        self._library_parts = self._library_totals_parts()
        self._prepare_library()
        return self

    def _build_funding(self, source: Callable[[Sequence[int]], Iterable[FundingRow]],
                       doc_row: dict[int, int], initiative_terms: Sequence[list[str]]) -> None:
        self._f_ids, self._f_doc, self._f_ini = array("q"), array("I"), array("i")
        self._f_amount, self._f_year, self._f_counted = array("d"), array("i"), array("b")
        self._f_qualifier, self._f_category, self._f_position = array("I"), array("I"), array("I")
        parent_ids = array("q")
        text, sentence, reason = TextColumnBuilder(), TextColumnBuilder(), TextColumnBuilder()
        qualifier_code: dict[str, int] = {"": 0}
        category_code: dict[str, int] = {}
        initiative_row = functools.partial(_lookup, self._ini_id_keys, self._ini_id_rows)
        for row in source([doc.id for doc in self.documents]):
            self._f_ids.append(row.id)
            self._f_doc.append(doc_row[row.document_id])
            found = initiative_row(row.initiative_id) if row.initiative_id is not None else None
            self._f_ini.append(-1 if found is None else found)
            self._f_amount.append(float(row.amount_usd))
            text.append(row.text)
            self._f_qualifier.append(qualifier_code.setdefault(row.qualifier or "", len(qualifier_code)))
            sentence.append(row.sentence)
            self._f_category.append(category_code.setdefault(row.category, len(category_code)))
            self._f_year.append(row.fiscal_year if row.fiscal_year is not None else -1)
            self._f_counted.append(1 if row.counted else 0)
            reason.append(row.reason or "")
            parent_ids.append(row.parent_id if row.parent_id is not None else -1)
            self._f_position.append(row.position)
        self._f_text, self._f_sentence, self._f_reason = text.finish(), sentence.finish(), reason.finish()
        self._qualifiers = list(qualifier_code)
        self._categories = list(category_code)
        self._fund_range = _ranges(self._f_doc, len(self.documents))
        self._f_id_keys, self._f_id_rows = _sorted_lookup(self._f_ids)
        funding_row = functools.partial(_lookup, self._f_id_keys, self._f_id_rows)
        self._f_parent = array("i", [-1 if parent < 0 else _or_minus_one(funding_row(parent)) for parent in parent_ids])
        del parent_ids

        category_words = [tokenize(category) for category in self._categories]

        def title_terms(n: int) -> list[str]:
            initiative = self._f_ini[n]
            words = category_words[self._f_category[n]]
            return words + initiative_terms[initiative] if initiative >= 0 else words

        count = len(self._f_ids)
        self._funding_fields = FieldIndex.build(
            [title_terms(n) for n in range(count)],
            (content_tokens(tokenize(f"{self._f_sentence[n]} {self._f_text[n]}")) for n in range(count)),
        )
        self._build_funding_groups()

    def _build_funding_groups(self) -> None:
        """Precompute what makes totals and related figures set operations instead of loops.

        Relations: each figure's whole (``_f_part``), the first mention of each repeat in its sheet
        (``_f_repeat``), each whole's parts (``_child_*``), and the first announcement of money an
        earlier sheet announced already (``_f_first``). Flags: which figures can add (counted, or a
        part of a counted whole) and which of those are parts of another. Groups: the breakdown line
        of each figure that can add (category, fiscal year of a budget request, the sheet's year).
        """
        count = len(self._f_ids)
        self._f_part, self._f_repeat = array("i", [-1]) * count, array("i", [-1]) * count
        for row in range(count):
            parent = self._f_parent[row]
            if parent >= 0 and parent != row:
                if relation_of(self._f_reason[row] or None) == "repeat of":
                    self._f_repeat[row] = parent
                else:
                    self._f_part[row] = parent
        money = [is_money(category) for category in self._categories]
        unclear = [is_unclear(category) for category in self._categories]
        flags = array("b", [0]) * count
        for row in range(count):
            if self._f_counted[row]:
                flags[row] = _ADDABLE
            elif money[self._f_category[row]] and self._f_repeat[row] < 0:
                whole, depth = self._f_part[row], 0
                while whole >= 0 and depth < MAX_DEPTH and not self._f_counted[whole]:
                    whole, depth = self._f_part[whole], depth + 1
                if whole >= 0 and self._f_counted[whole]:
                    flags[row] = _ADDABLE
            if flags[row] and self._f_part[row] >= 0:
                flags[row] |= _NESTED
            if (not flags[row] and unclear[self._f_category[row]] and self._f_part[row] < 0
                    and self._f_repeat[row] < 0):
                flags[row] = _UNCLEAR
        self._f_flags = flags

        budget = self._categories.index(BUDGET_REQUEST) if BUDGET_REQUEST in self._categories else -1
        doc_years = [doc.date.year if doc.date else -1 for doc in self.documents]
        members: dict[tuple[int, int, int], list[int]] = {}
        for row in range(count):
            if flags[row] & _ADDABLE:
                category = self._f_category[row]
                key = (category, self._f_year[row] if category == budget else -1, doc_years[self._f_doc[row]])
                found = members.get(key)
                if found is None:
                    members[key] = [row]
                else:
                    found.append(row)
        self._group_keys = [(self._categories[category], year, doc_year) for category, year, doc_year in members]
        self._group_offsets, self._group_rows = array("q", [0]), array("I")
        for rows in members.values():
            self._group_rows.extend(rows)
            self._group_offsets.append(len(self._group_rows))

        children: dict[int, list[int]] = {}
        for row in range(count):
            if self._f_part[row] >= 0:
                children.setdefault(self._f_part[row], []).append(row)
        self._child_keys, self._child_offsets, self._child_rows = array("I"), array("q", [0]), array("I")
        for parent in sorted(children):
            self._child_keys.append(parent)
            self._child_rows.extend(children[parent])
            self._child_offsets.append(len(self._child_rows))
        self._related_rows = array("I", sorted(
            set(children).union(row for row in range(count) if self._f_part[row] >= 0 or self._f_repeat[row] >= 0)))
        self._f_first = self._find_reannouncements()

    def _find_reannouncements(self) -> array:
        """For each counted figure a later sheet announces again, the row of its first announcement.

        Same money: the same amount, category and fiscal year, in sentences alike
        (``REANNOUNCED_MIN_SIMILARITY``) that name no different program, place or company
        (capitalised words: one sentence's are a subset of the other's). Counted figures are
        sorted by amount, oldest sheet first within each; only amounts found in more than one
        sheet are looked at, and a figure is compared with at most ``REANNOUNCED_MAX_COMPARED``
        earlier first announcements (the latest) besides one exact look-up of its sentence, so
        the work stays linear however often an amount recurs, and nothing is kept for the
        amounts said once.
        """
        first = array("i", [-1]) * len(self._f_ids)
        amount_of, counted, doc_of = self._f_amount.__getitem__, self._f_counted, self._f_doc
        candidates = [row for n in reversed(range(len(self.documents)))  # oldest fact sheet first
                      for row in range(self._fund_range[n], self._fund_range[n + 1])
                      if counted[row] and amount_of(row) > 0]
        candidates.sort(key=amount_of)  # stable: each amount's figures stay oldest first
        for _, same_amount in itertools.groupby(candidates, key=amount_of):
            rows = list(same_amount)
            if len(rows) < 2 or doc_of[rows[0]] == doc_of[rows[-1]]:
                continue  # one figure, or all in one sheet (whose repeats the parser marked)
            groups: dict[tuple[int, int], list[int]] = {}
            for row in rows:
                groups.setdefault((self._f_category[row], self._f_year[row]), []).append(row)
            for group in groups.values():
                if len(group) > 1:
                    self._announced_first(group, first)
        return first

    def _announced_first(self, rows: list[int], first: array) -> None:
        """Within figures of one amount, category and fiscal year (oldest sheet first), point each
        one a later sheet announces again at its first announcement."""
        ratio, doc_of = fuzz.token_set_ratio, self._f_doc
        announced: list[list[Any]] = []  # [row, sheet, processed sentence, key words or None]
        exact: dict[str, int] = {}
        for row in rows:
            n = doc_of[row]
            raw = self._f_sentence[row]
            sentence = default_process(raw)
            found = exact.get(sentence, -1)
            if found >= 0 and doc_of[found] == n:
                found = -1
            words: frozenset[str] | None = None
            if found < 0:
                for entry in itertools.islice((e for e in reversed(announced) if e[1] != n),
                                              REANNOUNCED_MAX_COMPARED):
                    if words is None:
                        words = key_words(raw)
                    if entry[3] is None:
                        entry[3] = key_words(self._f_sentence[entry[0]])
                    other_words = entry[3]
                    if (words <= other_words or other_words <= words) and ratio(
                            sentence, entry[2], processor=None, score_cutoff=REANNOUNCED_MIN_SIMILARITY):
                        found = entry[0]
                        break
            if found >= 0:
                first[row] = found
            else:
                announced.append([row, n, sentence, words])
                exact.setdefault(sentence, row)
                if len(announced) > 4 * REANNOUNCED_MAX_COMPARED:
                    del announced[:-2 * REANNOUNCED_MAX_COMPARED]

    def _prepare(self) -> None:
        """Lookups derived from the saved parts (cheap: set and dict building in C, or per document)."""
        self._group_sets = [frozenset(memoryview(self._group_rows)[a:b])
                            for a, b in itertools.pairwise(self._group_offsets)]
        flags = self._f_flags
        self._addable_set = frozenset(itertools.compress(range(len(flags)), (f & _ADDABLE for f in flags)))
        self._nested_set = frozenset(itertools.compress(range(len(flags)), (f & _NESTED for f in flags)))
        self._unclear_set = frozenset(itertools.compress(range(len(flags)), (f & _UNCLEAR for f in flags)))
        self._repeat_set = frozenset(itertools.compress(range(len(flags)), (r >= 0 for r in self._f_repeat)))
        self._reannounced_set = frozenset(itertools.compress(range(len(flags)), (r >= 0 for r in self._f_first)))
        self._related_set = frozenset(self._related_rows)
        self._qualifier_bounds = [(is_lower_bound(q or None), is_upper_bound(q or None)) for q in self._qualifiers]
        self._doc_by_id = {doc.id: doc for doc in self.documents}
        self._doc_row = {doc.id: n for n, doc in enumerate(self.documents)}
        # The first (newest) row of each title's words; reversed so earlier rows overwrite later ones.
        self._doc_title_lookup = {key: row for row, key in reversed(list(enumerate(self._doc_title_keys)))}

    def _prepare_library(self) -> None:
        self._library_added = frozenset(self._library_parts[0])
        self._library_dropped = frozenset(self._library_parts[2])

    # The views below are made per use, not stored: a stored bound method would be a reference
    # cycle, and an index must be freed by reference counting the moment it is replaced (it is
    # frozen out of the garbage collector's sight once loaded, see ``bot.query.builder``).

    @property
    def initiatives(self) -> _RecordView[InitiativeRecord]:
        """Every initiative, in rank order (records made as they are read)."""
        return _RecordView(self._initiative_at, len(self._ini_ids))

    @property
    def funding(self) -> _RecordView[FundingRecord]:
        """Every funding mention, in rank order (records made as they are read)."""
        return _RecordView(self._funding_at, len(self._f_ids))

    def release(self, piece: int = 20_000) -> None:
        """Empty the big columns a piece at a time, so no single step holds the GIL for long.

        Freeing half a million strings in one go takes tens of milliseconds of one C call; the
        app calls this from a worker thread on an index it has just replaced and nobody else holds.
        """
        for name in _TEXT_COLUMNS:
            column = getattr(self, f"_{name}")
            if isinstance(column, TextColumn):
                column.release()
        values = self._newest_folded
        while values:
            del values[-piece:]
        self._terms_cache = {}

    # ---- saving -----------------------------------------------------------------------------

    def parts(self) -> dict[str, Any]:
        """The index as named parts (see ``PARTS``) for ``bot.query.cache`` to write.

        Every part is plain data: arrays, lists of strings or of byte blobs, and JSON values
        (numbers, strings, lists, dicts with string keys). Records and other objects are turned
        into those here and made again in ``from_parts``: the saved file is read back as data,
        never as code.
        """
        out = Parts()
        for name in self.PARTS:
            value = getattr(self, name if name in _PUBLIC_PARTS else f"_{name}")
            if name == "documents":
                value = _documents_parts(value)
            elif name == "library_parts":
                value = _totals_parts(value)
            elif isinstance(value, FieldIndex | TextColumn | _Acronyms):
                value = value.parts()
            out[name] = value
        return out

    @classmethod
    def from_parts(cls, parts: dict[str, Any]) -> CorpusIndex:
        self = cls()
        for name in cls.PARTS:
            value = parts[name]
            if name in ("fields", "doc_fields", "funding_fields"):
                value = FieldIndex.from_parts(value)
            elif name in _TEXT_COLUMNS:
                value = TextColumn.from_parts(value)
            elif name == "documents":
                value = _documents_from_parts(value)
            elif name == "acronyms":
                value = _Acronyms.from_parts(value)
            elif name == "library_parts":
                value = _totals_from_parts(value)
            elif name == "group_keys":
                value = [(str(category), int(year), int(doc_year)) for category, year, doc_year in value]
            elif name == "version":
                value = int(value)
            elif name == "generation":
                value = str(value)
            setattr(self, name if name in _PUBLIC_PARTS else f"_{name}", value)
        self._prepare()
        self._prepare_library()
        return self

    # ---- records ----------------------------------------------------------------------------

    def _initiative_at(self, row: int) -> InitiativeRecord:
        return InitiativeRecord(
            id=self._ini_ids[row],
            document_id=self.documents[self._ini_doc[row]].id,
            title=self._ini_titles[row],
            section=self._sections[self._ini_section[row]] or None,
            order=self._ini_order[row],
            text=self._ini_texts[row],
            links=_decode_links(self._ini_links[row]),
            acronyms=_decode_strings(self._ini_acronyms[row]),
        )

    def _funding_at(self, row: int) -> FundingRecord:
        initiative, parent, year = self._f_ini[row], self._f_parent[row], self._f_year[row]
        return FundingRecord(
            id=self._f_ids[row],
            document_id=self.documents[self._f_doc[row]].id,
            initiative_id=self._ini_ids[initiative] if initiative >= 0 else None,
            amount_usd=self._f_amount[row],
            text=self._f_text[row],
            qualifier=self._qualifiers[self._f_qualifier[row]] or None,
            sentence=self._f_sentence[row],
            category=self._categories[self._f_category[row]],
            fiscal_year=year if year >= 0 else None,
            counted=bool(self._f_counted[row]),
            reason=self._f_reason[row] or None,
            parent_id=self._f_ids[parent] if parent >= 0 else None,
            position=self._f_position[row],
        )

    def _initiative_row(self, initiative_id: int) -> int | None:
        return _lookup(self._ini_id_keys, self._ini_id_rows, initiative_id)

    def _funding_row(self, funding_id: int) -> int | None:
        return _lookup(self._f_id_keys, self._f_id_rows, funding_id)

    def _rows_totals(self, shown_rows: Iterable[int], about_rows: Iterable[int] | None = None) -> FundingTotals:
        """The total of an answer showing these rows, about ``about_rows`` (default: all of them)."""
        shown = shown_rows if isinstance(shown_rows, (set, frozenset)) else set(shown_rows)
        about = shown if about_rows is None else set(about_rows)
        added, wanted = select_added(about, addable=self._addable_set, nested=self._nested_set,
                                     part_of=self._f_part.__getitem__, repeat_of=self._f_repeat.__getitem__,
                                     repeats=self._repeat_set)
        added &= shown
        dropped = drop_reannounced(added, self._f_first.__getitem__, self._reannounced_set)
        unclear = (wanted & self._unclear_set & shown) - added
        summary = self._summary(added, unclear, dropped)
        return self._totals(summary, array("I", sorted(added)), array("I", sorted(shown - added)),
                            added, dropped, wanted)

    def _summary(self, added: Collection[int], unclear: Collection[int], dropped: Collection[int]) -> tuple[Any, ...]:
        """(amount, at least, up to, breakdown, by year, unclear amount and count, announced-again
        amount and count) of the rows an answer adds."""
        amount_of, qualifier_of, bounds = self._f_amount.__getitem__, self._f_qualifier.__getitem__, self._qualifier_bounds
        lines: dict[tuple[str, int], list[Collection[int]]] = {}
        years: dict[int, list[Collection[int]]] = {}
        everything = len(added) == len(self._addable_set)
        for (category, fiscal_year, doc_year), rows in zip(self._group_keys, self._group_sets, strict=True):
            members = rows if everything else rows.intersection(added)
            if members:
                lines.setdefault((category, fiscal_year), []).append(members)
                years.setdefault(doc_year, []).append(members)

        def summed(parts: list[Collection[int]]) -> tuple[float, bool, bool, int]:
            qualifiers = [bounds[q] for q in set(map(qualifier_of, itertools.chain.from_iterable(parts)))]
            return (math.fsum(map(amount_of, itertools.chain.from_iterable(parts))), any(b[0] for b in qualifiers),
                    any(b[1] for b in qualifiers), sum(map(len, parts)))

        breakdown = []
        for (category, fiscal_year), parts in sorted(
                lines.items(), key=lambda kv: (category_rank(kv[0][0]), kv[0][0], kv[0][1])):
            amount, lower, upper, count = summed(parts)
            breakdown.append(CategoryTotal(category, fiscal_year if fiscal_year >= 0 else None, amount, lower, count,
                                           upper))
        by_year = tuple(YearTotal(year if year >= 0 else None, *summed(parts)) for year, parts in sorted(years.items()))
        return (math.fsum(map(amount_of, added)), any(item.at_least for item in breakdown),
                any(item.up_to for item in breakdown), tuple(breakdown), by_year, math.fsum(map(amount_of, unclear)),
                len(unclear), math.fsum(map(amount_of, dropped)), len(dropped))

    def _totals(self, summary: tuple[Any, ...], added_rows: array, other_rows: array, added: Collection[int],
                dropped: Collection[int], wanted: Collection[int] | None) -> FundingTotals:
        """Totals whose record lists are made on demand (a page shows a few of 300,000).

        ``wanted``: the rows the answer is about (None: all of them).
        """
        amount, lower, upper, breakdown, by_year, unclear_amount, unclear_count, again_amount, again_count = summary
        funding_row, addable = self._funding_row, self._addable_set

        def whole_at(row: int) -> FundingRecord | None:
            return self._funding_at(self._f_part[row]) if self._f_part[row] >= 0 else None

        def reason_at(row: int) -> str:
            record = self._funding_at(row)
            return why_not_added(record, whole=whole_at(row),
                                 first_text=self._first_text(row) if row in dropped else None,
                                 context=wanted is not None and row in addable and row not in wanted)

        def reason(record: FundingRecord) -> str:
            row = funding_row(record.id)
            if row is None:
                return why_not_added(record, whole=None, first_text=None, context=False)
            return reason_at(row)

        def note(record: FundingRecord) -> str | None:
            row = funding_row(record.id)
            if row is None:
                return None
            return added_note(record, whole=whole_at(row),
                              first_text=self._first_text(row) if self._f_first[row] >= 0 else None)

        def not_counted_at(row: int) -> tuple[FundingRecord, str]:
            return self._funding_at(row), reason_at(row)

        return FundingTotals(
            amount=amount, at_least=lower, up_to=upper, breakdown=breakdown, by_year=by_year,
            counted=_RecordView(self._funding_at, 0, added_rows),
            not_counted=_RecordView(not_counted_at, 0, other_rows),
            unclear_amount=unclear_amount, unclear_count=unclear_count,
            reannounced_amount=again_amount, reannounced_count=again_count,
            added_ids=_RowsById(funding_row, added), reason_of=reason, note_of=note,
        )

    def _first_text(self, row: int) -> str | None:
        """"first announced in “Title” (2023-05-01)" for money a later sheet announces again."""
        first = self._f_first[row]
        return None if first < 0 else self._announced_in(self.documents[self._f_doc[first]])

    def announced_where(self, first: FundingRecord) -> str:
        """What an answer says of money announced again: where ``first`` announced it."""
        doc = self._doc_by_id.get(first.document_id)
        return self._announced_in(doc) if doc is not None else "first announced in an earlier fact sheet"

    @staticmethod
    def _announced_in(doc: DocumentRecord) -> str:
        when = doc.date.isoformat() if doc.date else "undated"
        return f"first announced in “{_short(display_title(doc.title), 90)}” ({when})"

    def first_announcement(self, record: FundingRecord) -> tuple[FundingRecord, DocumentRecord] | None:
        """The figure (and its fact sheet) an earlier sheet first announced this money in, if any."""
        row = self._funding_row(record.id)
        if row is None or self._f_first[row] < 0:
            return None
        first = self._f_first[row]
        return self._funding_at(first), self.documents[self._f_doc[first]]

    def first_announcements(self) -> dict[int, int]:
        """Funding id → funding id of its first announcement, for every money announced again."""
        return {self._f_ids[row]: self._f_ids[self._f_first[row]] for row in sorted(self._reannounced_set)}

    def _library_totals_parts(self) -> tuple[Any, ...]:
        """What ``library_totals`` answers, computed once when the index is built."""
        everything = range(len(self._f_ids))
        added, _ = select_added(everything, addable=self._addable_set, nested=self._nested_set,
                                part_of=self._f_part.__getitem__, repeat_of=self._f_repeat.__getitem__,
                                repeats=self._repeat_set)
        dropped = drop_reannounced(added, self._f_first.__getitem__, self._reannounced_set)
        summary = self._summary(added, self._unclear_set, dropped)
        return (array("I", sorted(added)), array("I", sorted(set(everything) - added)), array("I", sorted(dropped)),
                summary)

    def _row_terms(self, row: int) -> _RowTerms:
        """Title and body words of one row for exact re-scoring; recent rows are cached."""
        cached = self._terms_cache.get(row)
        if cached is None:
            folded = fold(self._ini_titles[row])
            title_list = self._title_terms_of(folded)
            body_list = self._body_terms(row)
            cached = _RowTerms(folded, tuple(title_list), dict.fromkeys(title_list), tuple(body_list),
                               dict.fromkeys(body_list), dict.fromkeys(tokens(folded)))
            if len(self._terms_cache) >= _TERMS_CACHE_ROWS:
                self._terms_cache.clear()  # simple and thread-safe enough: it only ever holds derived data
            self._terms_cache[row] = cached
        return cached

    def _title_terms_of(self, folded_title: str) -> list[str]:
        toks = tokens(folded_title)
        return toks + sorted(self._acronyms.extras(toks))

    def _body_terms(self, row: int) -> list[str]:
        toks = [t for t in tokenize(_plain(self._ini_texts[row])) if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]
        toks.extend("".join(tokenize(short)) for short in _decode_strings(self._ini_acronyms[row]))
        return toks

    def _newest_titles_folded(self) -> list[str]:
        """Folded titles of the newest rows, for the last-resort fuzzy scan (made once, on first use)."""
        if self._newest_folded is None:
            self._newest_folded = [fold(title) for title in self._ini_titles[:_BRUTE_FORCE_CAP]]
        return self._newest_folded

    # ---- plain lookups ----------------------------------------------------------------------

    def document(self, document_id: int) -> DocumentRecord | None:
        return self._doc_by_id.get(document_id)

    def initiative(self, initiative_id: int) -> InitiativeRecord | None:
        row = self._initiative_row(initiative_id)
        return None if row is None else self._initiative_at(row)

    def initiatives_of(self, document_id: int) -> list[InitiativeRecord]:
        """A fact sheet's initiatives, in document order."""
        n = self._doc_row.get(document_id)
        if n is None:
            return []
        return [self._initiative_at(row) for row in range(self._ini_range[n], self._ini_range[n + 1])]

    def newest_document(self) -> DocumentRecord | None:
        return self.documents[0] if self.documents else None

    def funding_of_document(self, document_id: int) -> list[FundingRecord]:
        return [self._funding_at(row) for row in self._funding_rows_of_document(document_id)]

    def funding_of_initiative(self, initiative_id: int) -> list[FundingRecord]:
        row = self._initiative_row(initiative_id)
        if row is None:
            return []
        n = self._ini_doc[row]
        return [self._funding_at(f) for f in range(self._fund_range[n], self._fund_range[n + 1])
                if self._f_ini[f] == row]

    def funding_record(self, funding_id: int | None) -> FundingRecord | None:
        row = self._funding_row(funding_id) if funding_id is not None else None
        return None if row is None else self._funding_at(row)

    def funding_totals(self, records: Sequence[FundingRecord]) -> FundingTotals:
        """The total of an answer showing ``records`` (records of this index, or any records).

        A view from ``funding_about`` carries which rows the answer is about; any other records
        of this index are all what the answer is about. Added up from the columns, with money
        first announced in an earlier sheet counted once; records not of this index are added
        up by ``totals``.
        """
        if isinstance(records, _RecordView) and records.made_by(self._funding_at):
            return self._rows_totals(records.rows(), getattr(records, "about", None))
        rows = [self._funding_row(record.id) for record in records]
        if any(row is None or self._f_ids[row] != record.id or self._funding_at(row) != record
               for row, record in zip(rows, records, strict=True)):
            return totals(records)
        return self._rows_totals(rows)  # type: ignore[arg-type]

    def initiative_keys(self) -> Iterator[tuple[int, int, int]]:
        """(document id, order, initiative id) of every initiative, from the columns (no records)."""
        doc_ids = [doc.id for doc in self.documents]
        return zip(map(doc_ids.__getitem__, self._ini_doc), self._ini_order, self._ini_ids, strict=True)

    def counted_funding_keys(self) -> list[tuple[int, int, int | None, float, int, int]]:
        """(id, document id, initiative id, amount, position, funding id) of the amounts over 0 the
        library adds (counted, and not money an earlier sheet announced already)."""
        doc_ids = [doc.id for doc in self.documents]
        out = []
        for row in sorted(self._library_added):
            amount = self._f_amount[row]
            if amount > 0:
                initiative = self._f_ini[row]
                out.append((self._f_ids[row], doc_ids[self._f_doc[row]],
                            self._ini_ids[initiative] if initiative >= 0 else None, amount,
                            self._f_position[row], self._f_ids[row]))
        return out

    def library_totals(self) -> FundingTotals:
        """Totals over every fact sheet, added up when the index was built: each sheet's new money,
        by kind and by year, money announced again by a later sheet counted once."""
        added_rows, other_rows, _, summary = self._library_parts
        return self._totals(summary, added_rows, other_rows, self._library_added, self._library_dropped, None)

    def match_for(self, initiative: InitiativeRecord, score: float = 100.0, why: str = "picked") -> Match:
        return Match(initiative, self._doc_by_id[initiative.document_id], score, why)

    def _funding_rows_of_document(self, document_id: int) -> range:
        n = self._doc_row.get(document_id)
        return range(0) if n is None else range(self._fund_range[n], self._fund_range[n + 1])

    # ---- initiatives ------------------------------------------------------------------------

    def resolve_initiative(self, value: str) -> InitiativeRecord | None:
        """An "id:<n>" value (from autocomplete or a pick) → that initiative, exactly."""
        found = _ID_VALUE.fullmatch(value or "")
        return self.initiative(int(found.group(1))) if found else None

    def find_initiatives(self, query: str, limit: int = 6) -> list[Match]:
        """Best matches first. Empty when no word of the query is anywhere in the corpus."""
        try:
            picked = self.resolve_initiative(query)
            if picked is not None:
                return [self.match_for(picked, 100.0, "picked by id")]
            return self._rank(query, limit=limit, prefix_last=True, budget=_SEARCH_BUDGET, pool=_SEARCH_POOL)
        except Exception:
            log.exception("initiative lookup failed for %r", query[:MAX_QUERY_CHARS])
            return []

    def suggest_initiatives(self, query: str, limit: int = 5) -> list[Match]:
        """The nearest titles, for when nothing matched: looser typo matching, then titles that are
        close as written. Empty when nothing is near: a list of unrelated titles helps nobody."""
        try:
            found = self._rank(query, limit=limit, prefix_last=True, budget=_SEARCH_BUDGET, pool=100,
                               typo_cutoff=60.0)
            found = [m for m in found if m.score >= NEAR_SCORE]
            if found:
                return found
            folded = fold((query or "")[:MAX_QUERY_CHARS])
            if folded.strip() and self.initiatives:
                pool = self._newest_titles_folded()
                hits = process.extract(folded, pool, scorer=fuzz.WRatio, processor=None, limit=limit,
                                       score_cutoff=NEAR_TITLE_RATIO)
                return [self.match_for(self._initiative_at(row), round(score / 2, 1), "similar title")
                        for _, score, row in hits]
        except Exception:
            log.exception("suggestions failed for %r", (query or "")[:MAX_QUERY_CHARS])
        return []

    def _query_tokens(self, query: str) -> tuple[str, list[str]]:
        folded = fold((query or "")[:MAX_QUERY_CHARS])
        return folded, content_tokens(tokens(folded))[:MAX_QUERY_WORDS]

    def _rank(self, query: str, *, limit: int, prefix_last: bool, budget: int, pool: int,
              typo_cutoff: float | None = None) -> list[Match]:
        folded, toks = self._query_tokens(query)
        if not toks or not self.initiatives:
            return []
        exact = self._exact_title_row(folded)
        groups = self._fields.groups(toks, prefix_last=prefix_last, typo_cutoff=typo_cutoff)
        if not any(g.expansions for g in groups):
            return []
        rough = self._fields.candidates(groups, budget, title_weight=_CANDIDATE_TITLE_WEIGHT)
        rows = _top_rows(rough, pool)
        if exact is not None and exact not in rows:
            rows.append(exact)
        query_text = " ".join(toks)
        scored = [self._score_row(row, groups, query_text, exact_row=exact) for row in rows]
        return _complete_first(scored, len([g for g in groups if g.expansions]), limit)

    def _score_row(self, row: int, groups: Sequence[QueryGroup], query_text: str,
                   exact_row: int | None) -> tuple[Match, int, int]:
        rec = self._initiative_at(row)
        folded_title, title_list, title_set, body_list, body_set, raw_title = self._row_terms(row)
        found = in_title = possible = 0.0
        notes: list[str] = []
        matched_terms: list[str | None] = []
        for group in groups:
            possible += group.idf
            best, best_title, best_term, where, kind = 0.0, 0.0, None, "", ""
            for exp in group.expansions:
                if exp.term in title_set:
                    best_title = max(best_title, exp.similarity)
                    loc = "title"
                elif exp.term in body_set:
                    loc = "text"
                else:
                    continue
                if exp.similarity > best or (exp.similarity == best and loc == "title"):
                    best, best_term, where, kind = exp.similarity, exp.term, loc, exp.kind
            found += best * group.idf
            in_title += best_title * group.idf
            matched_terms.append(best_term)
            if best_term is not None:
                label = best_term if best_term == group.token else f"{group.token}→{best_term}"
                if kind == TYPO:
                    label += " (typo)"
                elif kind == PREFIX:
                    label = f"{group.token}…→{best_term}"
                if where == "title" and best_term not in raw_title:
                    where = f"title ({self._acronyms.explain(best_term, raw_title)})"
                notes.append(f"{label} in {where}")
        words_found = sum(1 for term in matched_terms if term is not None)
        if found <= 0 or possible <= 0:
            return Match(rec, self._doc_by_id[rec.document_id], 0.0, "no words matched"), row, 0
        similarity = fuzz.WRatio(query_text, folded_title, processor=None) / 100.0
        bonus = _phrase_bonus(matched_terms, title_list, body_list)
        # Finding every word (anywhere) matters most; finding them in the title breaks the tie.
        score = 100.0 * (FOUND_SHARE * found / possible + TITLE_SHARE * in_title / possible
                         + (1.0 - FOUND_SHARE - TITLE_SHARE) * similarity) + bonus
        score = min(99.0, score)  # 100 is for exact titles
        if row == exact_row:
            score, notes = 100.0, ["exact title"]
        why = "; ".join(notes) or "similar title"
        return Match(rec, self._doc_by_id[rec.document_id], round(score, 1), why), row, words_found

    def autocomplete(self, current: str, limit: int = 25) -> list[tuple[str, str]]:
        """(name, value) choices for the initiative option; values are "id:<n>". Never raises."""
        try:
            limit = max(0, min(limit, 25))
            text = (current or "").strip()[:MAX_QUERY_CHARS]
            picked = self.resolve_initiative(text)
            if picked is not None:
                return [self._initiative_choice(picked)]
            if not text:
                return [self._initiative_choice(rec) for rec in self.initiatives[:limit]]
            found = self._rank(text, limit=limit, prefix_last=True, budget=_AUTOCOMPLETE_BUDGET,
                               pool=max(2 * limit, 40))
            return [self._initiative_choice(m.initiative) for m in found]
        except Exception:
            log.exception("autocomplete failed for %r", (current or "")[:MAX_QUERY_CHARS])
            return []

    def _initiative_choice(self, rec: InitiativeRecord) -> tuple[str, str]:
        doc = self._doc_by_id.get(rec.document_id)
        suffix = f" · {doc.date.isoformat()}" if doc is not None and doc.date else ""
        name = _short(rec.title, CHOICE_LIMIT - len(suffix)) + suffix
        return name or f"Initiative {rec.id}", f"id:{rec.id}"

    # ---- documents --------------------------------------------------------------------------

    def find_document(self, text: str, *, exact_only: bool = False) -> DocumentRecord | None:
        """"doc:<id>", an exact title, or (unless ``exact_only``) a title typed roughly."""
        try:
            value = (text or "").strip()
            found = _DOC_VALUE.fullmatch(value)
            if found:
                return self.document(int(found.group(1)))
            if value.isdigit() and self.document(int(value)) is not None:
                return self.document(int(value))
            if exact_only:
                row = self._doc_title_lookup.get(" ".join(tokenize(value)))
                return None if row is None else self.documents[row]
            ranked = self._rank_documents(value, limit=1)
            if ranked and ranked[0][1] >= 70:
                return ranked[0][0]
        except Exception:
            log.exception("document lookup failed for %r", (text or "")[:MAX_QUERY_CHARS])
        return None

    def nearest_documents(self, text: str, limit: int = 5) -> list[DocumentRecord]:
        """Titles closest to ``text``; the newest fact sheets when nothing is close at all."""
        try:
            ranked = [doc for doc, _ in self._rank_documents(text, limit=limit, typo_cutoff=60.0)]
            if not ranked and (text or "").strip():
                hits = process.extract(fold(text[:MAX_QUERY_CHARS]), self._doc_titles_folded[:_BRUTE_FORCE_CAP],
                                       scorer=fuzz.WRatio, processor=None, limit=limit)
                ranked = [self.documents[row] for _, score, row in hits if score > 0]
            if ranked:
                return ranked
        except Exception:
            log.exception("document suggestions failed for %r", (text or "")[:MAX_QUERY_CHARS])
        return list(self.documents[:limit])

    def _rank_documents(self, text: str, *, limit: int, prefix_last: bool = True,
                        typo_cutoff: float | None = None) -> list[tuple[DocumentRecord, float]]:
        folded, toks = self._query_tokens(text)
        if not toks or not self.documents:
            return []
        exact = self._doc_title_lookup.get(" ".join(tokens(folded)))
        if exact is not None:
            return [(self.documents[exact], 100.0)]
        groups = self._doc_fields.groups(toks, prefix_last=prefix_last, typo_cutoff=typo_cutoff)
        if not any(g.expansions for g in groups):
            return []
        rough = self._doc_fields.candidates(groups, _SEARCH_BUDGET)
        if not rough:
            return []
        possible = sum(g.idf for g in groups)
        query_text = " ".join(toks)
        scored: list[tuple[float, int]] = []
        for row in _top_rows(rough, max(3 * limit, 60)):
            words = set(tokens(self._doc_titles_folded[row]))
            gained = sum(max((e.similarity for e in g.expansions if e.term in words), default=0.0) * g.idf
                         for g in groups)
            coverage = gained / possible if possible else 0.0
            similarity = fuzz.WRatio(query_text, self._doc_titles_folded[row], processor=None) / 100.0
            scored.append((round(100.0 * (0.6 * coverage + 0.4 * similarity), 1), row))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [(self.documents[row], score) for score, row in scored[:limit]]

    def autocomplete_documents(self, current: str, limit: int = 25) -> list[tuple[str, str]]:
        """(name, "doc:<id>") choices for fact-sheet options, newest first when empty. Never raises."""
        try:
            limit = max(0, min(limit, 25))
            text = (current or "").strip()[:MAX_QUERY_CHARS]
            found = _DOC_VALUE.fullmatch(text)
            if found and self.document(int(found.group(1))) is not None:
                return [self._document_choice(self.document(int(found.group(1))))]  # type: ignore[arg-type]
            if not text:
                return [self._document_choice(doc) for doc in self.documents[:limit]]
            return [self._document_choice(doc) for doc, _ in self._rank_documents(text, limit=limit)]
        except Exception:
            log.exception("document autocomplete failed for %r", (current or "")[:MAX_QUERY_CHARS])
            return []

    @staticmethod
    def _document_choice(doc: DocumentRecord) -> tuple[str, str]:
        suffix = f" · {doc.date.isoformat()}" if doc.date else ""
        name = _short(display_title(doc.title), CHOICE_LIMIT - len(suffix)) + suffix
        return name or f"Fact sheet {doc.id}", f"doc:{doc.id}"

    # ---- funding ----------------------------------------------------------------------------

    def funding_about(self, query: str, document_id: int | None = None) -> Sequence[FundingRecord]:
        """Funding mentions about a topic (initiative titles, sentences, categories; typos allowed).

        Every query word must be found. Related mentions come along to show what the matched ones
        belong to: the wholes of a part, the parts of a whole, the first mention of a repeat. The
        view remembers which mentions matched (``about``): ``funding_totals`` adds the matched
        figures, a matched part instead of a whole that did not match, never a part and its whole.
        A broad topic matches tens of thousands of mentions: records are made only as they are
        read (``funding_totals`` adds them up from the columns).
        """
        _, toks = self._query_tokens(query)
        toks = [t for t in toks if t not in STOPWORDS]  # "the" is not a topic
        if not toks or not len(self._f_ids):
            return []
        groups = self._funding_fields.groups(toks, prefix_last=False, prefix_min=4)
        if not all(g.expansions for g in groups):
            return []
        rows = self._funding_fields.rows_matching_all(groups)
        if document_id is not None:
            rows &= set(self._funding_rows_of_document(document_id))  # relatives share the fact sheet
        picked = set(rows)
        part_of, repeat_of, child_keys = self._f_part, self._f_repeat, self._child_keys
        children = memoryview(self._child_rows)
        for row in rows & self._related_set:  # wholes, parts and first mentions of repeats
            whole, depth = part_of[row], 0
            while whole >= 0 and depth < MAX_DEPTH:
                picked.add(whole)
                whole, depth = part_of[whole], depth + 1
            if repeat_of[row] >= 0:
                picked.add(repeat_of[row])
            at = bisect.bisect_left(child_keys, row)
            if at < len(child_keys) and child_keys[at] == row:
                picked.update(children[self._child_offsets[at]:self._child_offsets[at + 1]])
        return _FundingView(self._funding_at, array("I", sorted(picked)), rows)

    def funding_about_ids(self, records: Sequence[FundingRecord]) -> set[int] | None:
        """Ids of the records a ``funding_about`` answer is about (the others came along to show
        what they belong to); None for any other sequence."""
        about = getattr(records, "about", None)
        return None if about is None else {self._f_ids[row] for row in about}

    def _exact_title_row(self, folded_query: str) -> int | None:
        """The newest initiative whose title has exactly the query's words, if any."""
        row = _lookup(self._title_keys, self._title_rows, _title_key(folded_query))
        if row is None or tokens(fold(self._ini_titles[row])) != tokens(folded_query):
            return None
        return row


class _RowsById:
    """``id in rows``: whether a funding id is one of a set of index rows (no set of ids is made)."""

    __slots__ = ("_row_of", "_rows")

    def __init__(self, row_of: Callable[[int], int | None], rows: Collection[int]) -> None:
        self._row_of = row_of
        self._rows = rows

    def __contains__(self, funding_id: object) -> bool:
        if not isinstance(funding_id, int):
            return False
        row = self._row_of(funding_id)
        return row is not None and row in self._rows


class _FundingView(_RecordView[FundingRecord]):
    """Funding records an answer shows, and the rows among them it is about (``about``)."""

    __slots__ = ("about",)

    def __init__(self, make: Callable[[int], FundingRecord], rows: Sequence[int], about: Collection[int]) -> None:
        super().__init__(make, 0, rows)
        self.about = about


def _complete_first(scored: list[tuple[Match, int, int]], words: int, limit: int) -> list[Match]:
    """Best first, where an initiative holding every query word (title, text or link text) comes
    before any holding only some of them, whatever their scores; an exact title stays first.

    The scores shown follow that order: a partial match scores just below the complete match
    above it, so "did you mean" sees the gap the order implies.
    """
    def complete(item: tuple[Match, int, int]) -> bool:
        return words < 2 or item[2] >= words or item[0].score >= 100.0

    scored.sort(key=lambda item: (not complete(item), -item[0].score, item[1]))
    out: list[Match] = []
    ceiling: float | None = None
    for item in scored[:limit]:
        match = item[0]
        if match.score <= 0:
            continue
        if complete(item):
            ceiling = match.score if ceiling is None else min(ceiling, match.score)
        elif ceiling is not None and match.score >= ceiling:
            match = Match(match.initiative, match.document, round(max(0.1, ceiling - 0.1), 1), match.why)
        out.append(match)
    return out


def _top_rows(scores: dict[int, float], pool: int) -> list[int]:
    """The ``pool`` best-scoring rows; ties go to the lower row (the newer fact sheet)."""
    if len(scores) <= pool:
        return sorted(scores, key=lambda row: (-scores[row], row))
    threshold = heapq.nlargest(pool, scores.values())[-1]
    above = [row for row, value in scores.items() if value > threshold]
    ties = heapq.nsmallest(pool - len(above), (row for row, value in scores.items() if value == threshold))
    return sorted(above, key=lambda row: (-scores[row], row)) + ties


def _phrase_bonus(matched: Sequence[str | None], title: Sequence[str], body: Sequence[str]) -> float:
    """Up to 6 points when consecutive query words appear next to each other (title), 2 (text)."""
    pairs = [(a, b) for a, b in itertools.pairwise(matched) if a and b]
    if not pairs:
        return 0.0
    title_pairs = set(itertools.pairwise(title))
    body_pairs = set(itertools.pairwise(body))
    points = sum(6.0 if pair in title_pairs else 2.0 if pair in body_pairs else 0.0 for pair in pairs)
    return points / len(pairs)
