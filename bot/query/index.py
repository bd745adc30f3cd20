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
import itertools
import json
import logging
import math
import re
import sys
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from bot.model import (
    BUDGET_REQUEST,
    KIND_UNCLEAR,
    REASON_FOR_KIND,
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
from bot.query.columns import TextColumn, TextColumnBuilder
from bot.query.copies import copy_positions
from bot.query.fields import FieldIndex
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
from bot.query.index_columns import Acronyms, IndexColumns
from bot.query.ranking import SEARCH_BUDGET, Match, RowTerms, rank_documents, rank_initiatives
from bot.query.text import STOPWORDS, TermMemo, content_tokens, fold, tokenize, tokens
from bot.store.rows import OPENING_CHARS, FundingRow, IndexRows
from bot.urls import site_of

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 10
CHOICE_LIMIT = 100  # Discord: autocomplete choice name and value length
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


def _plain(text: str) -> str:
    """Markdown text without link targets: URLs are not words anybody searches for."""
    return _BARE_URL.sub(" ", _MD_LINK.sub("] ", text))


def display_title(title: str) -> str:
    """A title for a short list: no "FACT SHEET:" lead-in, no invisible joiners, single spaces."""
    text = " ".join(_INVISIBLE.sub("", title).split())
    stripped = _FACT_SHEET.sub("", text)
    return stripped or text


def _counted_in_copy(doc: DocumentRecord) -> str:
    """Why a figure of one fact sheet stored twice (two addresses) is not added again in a list of sheets."""
    site = site_of(doc.source_url)
    where = f" at {site}" if site else ""
    when = doc.date.isoformat() if doc.date else "undated"
    return f"counted once: the same fact sheet is also stored{where} ({when})"


def _copies_of_documents(documents: Sequence[DocumentRecord]) -> array:
    """``IndexColumns.doc_copy_of``: sheets are compared oldest first (documents are newest first), the order
    ``_find_reannouncements`` counts money in, so a copy points at the copy its money is counted in."""
    count = len(documents)
    oldest_first = copy_positions(documents[::-1])
    return array("i", [-1 if at < 0 else count - 1 - at for at in reversed(oldest_first)])


def _short(text: str, limit: int) -> str:
    text = " ".join(_INVISIBLE.sub("", text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def _content_words(text: str) -> list[str]:
    return content_tokens(tokenize(text))


def _doc_key(doc: DocumentRecord) -> tuple[dt.date, dt.datetime, int]:
    ingested = doc.ingested_at
    if ingested.tzinfo is None:
        ingested = ingested.replace(tzinfo=dt.UTC)
    return (doc.date or dt.date.min, ingested, doc.id)


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

    def __getitem__(self, item):  # untyped: Sequence's int and slice overloads in one
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


def lead_text(opening: str, first_title: str | None) -> str:
    """A sheet's lead: its opening up to where its first initiative's title starts, or, when the title is not found
    there and the opening was cut short, up to its last full sentence."""
    head = " ".join(first_title.split())[:40] if first_title else ""
    at = opening.find(head) if len(head) >= 12 else -1
    if at >= 0:
        return opening[:at]
    if len(opening) >= OPENING_CHARS:  # cut short: drop the unfinished sentence
        return opening[:max(opening.rfind(". "), opening.rfind(".\n"), 0) + 1]
    return opening


def _first_title_at(c: IndexColumns, n: int) -> str | None:
    """The title of the first initiative of the sheet at position ``n``, where its lead ends (None: it has none)."""
    return c.ini_titles[c.ini_range[n]] if c.ini_range[n] < c.ini_range[n + 1] else None


def _lead_terms(lead: str) -> list[str]:
    """The content words of a sheet's lead, as the lead's passages are read (``answer._lead_passages``); the index
    keeps each word once per row."""
    return [t for t in tokenize(lead) if t not in STOPWORDS]


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
    return _words_key(tokens(folded_title))


def _words_key(words: Sequence[str]) -> int:
    digest = hashlib.blake2b(" ".join(words).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def _title_words(title: str) -> list[str]:
    return tokens(fold(title))


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

    def __init__(self, columns: IndexColumns | None = None) -> None:
        """An index of ``columns`` (as built, or loaded by ``bot.query.cache``); empty without.

        Build one with ``CorpusIndex.build(snapshot)`` or ``CorpusIndex.from_rows(rows)``.
        """
        self.columns = IndexColumns() if columns is None else columns
        self._terms_cache: dict[int, RowTerms] = {}
        self._newest_folded: list[str] | None = None
        self._listed_funding_rows: array | None = None
        self._prepare()
        self._prepare_library()

    @property
    def version(self) -> int:
        """The store's data version the index was built from."""
        return self.columns.version

    @property
    def generation(self) -> str:
        """The store's generation id the index was built from (see ``Store.data_state``)."""
        return self.columns.generation

    @property
    def documents(self) -> tuple[DocumentRecord, ...]:
        """Every fact sheet, newest first."""
        return self.columns.documents

    # ---- building ---------------------------------------------------------------------------

    @classmethod
    def build(cls, snapshot: Snapshot) -> CorpusIndex:
        """The index of a snapshot of records (tests, small corpora)."""
        return cls.from_rows(IndexRows.from_snapshot(snapshot))

    @classmethod
    def from_rows(cls, rows: IndexRows, memo: TermMemo | None = None) -> CorpusIndex:
        """Build the index with the cyclic garbage collector paused, then freeze what is alive.

        A build allocates millions of objects without cycles; collections during it only cost
        time (and hold the GIL other threads need). The collector still counts those allocations,
        so the first collection after it would walk everything the build kept: ``gc.freeze()``
        moves it out of the collector's sight first. The index holds no reference cycles, so
        frozen or not, it is freed by reference counting when it is replaced. ``memo`` (kept by a
        long-lived builder) saves tokenising again the texts the previous build already did.
        """
        was_enabled = gc.isenabled()
        gc.collect()  # garbage alive now would be frozen with the index below, never to be freed
        gc.disable()
        try:
            index = cls._build(rows, memo)
            gc.freeze()
            return index
        finally:
            if was_enabled:
                gc.enable()

    @classmethod
    def _build(cls, source: IndexRows, memo: TermMemo | None = None) -> CorpusIndex:
        self = cls()
        memo = memo if memo is not None else TermMemo(keep=False)
        c = self.columns
        c.version = source.version
        c.generation = source.generation
        c.documents = tuple(sorted(source.documents, key=_doc_key, reverse=True))
        doc_row = {doc.id: n for n, doc in enumerate(c.documents)}
        c.acronyms = Acronyms(AcronymRecord(row.document_id, row.short, row.full) for row in source.acronyms)

        # Initiatives arrive in rank order (newest sheet first), straight into the columns.
        ranked_ids = [doc.id for doc in c.documents]
        c.ini_ids, c.ini_doc, c.ini_order = array("q"), array("I"), array("I")
        titles: list[str] = []
        section_code: dict[str, int] = {"": 0}
        c.ini_section = array("I")
        texts, links, acronyms = TextColumnBuilder(), TextColumnBuilder(), TextColumnBuilder()
        for row in source.initiatives(ranked_ids):
            c.ini_ids.append(row.id)
            c.ini_doc.append(doc_row[row.document_id])
            titles.append(row.title)
            c.ini_section.append(section_code.setdefault(row.section or "", len(section_code)))
            c.ini_order.append(row.order)
            texts.append(row.text)
            links.append(row.links if row.links and row.links != "[]" else "")
            acronyms.append(row.acronyms if row.acronyms and row.acronyms != "[]" else "")
        c.sections = list(section_code)
        c.ini_texts, c.ini_links, c.ini_acronyms = texts.finish(), links.finish(), acronyms.finish()
        c.ini_range = _ranges(c.ini_doc, len(c.documents))
        c.ini_id_keys, c.ini_id_rows = _sorted_lookup(c.ini_ids)

        title_words = [memo.words(f"\x01{title}", functools.partial(_title_words, title)) for title in titles]
        c.ini_titles = TextColumn.of(titles)
        del titles
        c.title_keys, c.title_rows = _sorted_lookup([_words_key(words) for words in title_words])
        # Kept until the funding index is built: one shared string per distinct word, not millions.
        title_terms = [[*words, *map(sys.intern, sorted(c.acronyms.extras(words)))] for words in title_words]
        del title_words
        c.fields = FieldIndex.build(title_terms, (memo.words(f"{c.ini_acronyms[row]}\x00{c.ini_texts[row]}",
                                                              functools.partial(self._body_terms, row))
                                                  for row in range(len(c.ini_ids))))

        c.doc_titles_folded = [fold(doc.title) for doc in c.documents]
        c.doc_title_keys = [" ".join(tokens(title)) for title in c.doc_titles_folded]
        c.doc_fields = FieldIndex.build([tokens(title) for title in c.doc_titles_folded])
        # each sheet's lead, which no initiative holds: a sheet whose lead alone says what was asked is gathered by it
        c.lead_fields = FieldIndex.build([_lead_terms(lead_text(doc.opening, _first_title_at(c, n)))
                                          for n, doc in enumerate(c.documents)])
        self._build_funding(source.funding, doc_row, title_terms, memo)
        del title_terms
        memo.finish()
        self._prepare()
        c.library_parts = self._library_totals_parts()
        self._prepare_library()
        return self

    def _build_funding(self, source: Callable[[Sequence[int]], Iterable[FundingRow]],
                       doc_row: dict[int, int], initiative_terms: Sequence[list[str]], memo: TermMemo) -> None:
        c = self.columns
        c.f_ids, c.f_doc, c.f_ini = array("q"), array("I"), array("i")
        c.f_amount, c.f_year, c.f_counted = array("d"), array("i"), array("b")
        c.f_qualifier, c.f_category, c.f_position = array("I"), array("I"), array("I")
        parent_ids = array("q")
        text, sentence, reason = TextColumnBuilder(), TextColumnBuilder(), TextColumnBuilder()
        qualifier_code: dict[str, int] = {"": 0}
        category_code: dict[str, int] = {}
        initiative_row = functools.partial(_lookup, c.ini_id_keys, c.ini_id_rows)
        for row in source([doc.id for doc in c.documents]):
            c.f_ids.append(row.id)
            c.f_doc.append(doc_row[row.document_id])
            found = initiative_row(row.initiative_id) if row.initiative_id is not None else None
            c.f_ini.append(-1 if found is None else found)
            c.f_amount.append(float(row.amount_usd))
            text.append(row.text)
            c.f_qualifier.append(qualifier_code.setdefault(row.qualifier or "", len(qualifier_code)))
            sentence.append(row.sentence)
            c.f_category.append(category_code.setdefault(row.category, len(category_code)))
            c.f_year.append(row.fiscal_year if row.fiscal_year is not None else -1)
            c.f_counted.append(1 if row.counted else 0)
            reason.append(row.reason or "")
            parent_ids.append(row.parent_id if row.parent_id is not None else -1)
            c.f_position.append(row.position)
        c.f_text, c.f_sentence, c.f_reason = text.finish(), sentence.finish(), reason.finish()
        c.qualifiers = list(qualifier_code)
        c.categories = list(category_code)
        c.fund_range = _ranges(c.f_doc, len(c.documents))
        c.doc_copy_of = _copies_of_documents(c.documents)
        c.f_id_keys, c.f_id_rows = _sorted_lookup(c.f_ids)
        funding_row = functools.partial(_lookup, c.f_id_keys, c.f_id_rows)
        c.f_parent = array("i", [-1 if parent < 0 else _or_minus_one(funding_row(parent)) for parent in parent_ids])
        del parent_ids

        category_words = [tokenize(category) for category in c.categories]

        def title_terms(n: int) -> list[str]:
            initiative = c.f_ini[n]
            words = category_words[c.f_category[n]]
            return words + initiative_terms[initiative] if initiative >= 0 else words

        count = len(c.f_ids)
        c.funding_fields = FieldIndex.build(
            [title_terms(n) for n in range(count)],
            (memo.words(words, functools.partial(_content_words, words))
             for words in (f"{c.f_sentence[n]} {c.f_text[n]}" for n in range(count))),
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
        c = self.columns
        count = len(c.f_ids)
        c.f_part, c.f_repeat = array("i", [-1]) * count, array("i", [-1]) * count
        for row in range(count):
            parent = c.f_parent[row]
            if parent >= 0 and parent != row:
                if relation_of(c.f_reason[row] or None) == "repeat of":
                    c.f_repeat[row] = parent
                else:
                    c.f_part[row] = parent
        money = [is_money(category) for category in c.categories]
        unclear = [is_unclear(category) for category in c.categories]
        unclear_reason = REASON_FOR_KIND[KIND_UNCLEAR]  # ``is_unclear(category, reason)``, by category once
        flags = array("b", [0]) * count
        for row in range(count):
            if c.f_counted[row]:
                flags[row] = _ADDABLE
            elif money[c.f_category[row]] and c.f_repeat[row] < 0:
                whole, depth = c.f_part[row], 0
                while whole >= 0 and depth < MAX_DEPTH and not c.f_counted[whole]:
                    whole, depth = c.f_part[whole], depth + 1
                if whole >= 0 and c.f_counted[whole]:
                    flags[row] = _ADDABLE
            if flags[row] and c.f_part[row] >= 0:
                flags[row] |= _NESTED
            if (not flags[row] and c.f_part[row] < 0 and c.f_repeat[row] < 0
                    and (unclear[c.f_category[row]] or (money[c.f_category[row]] and c.f_reason[row] == unclear_reason))):
                flags[row] = _UNCLEAR
        c.f_flags = flags

        budget = c.categories.index(BUDGET_REQUEST) if BUDGET_REQUEST in c.categories else -1
        doc_years = [doc.date.year if doc.date else -1 for doc in c.documents]
        members: dict[tuple[int, int, int], list[int]] = {}
        for row in range(count):
            if flags[row] & _ADDABLE:
                category = c.f_category[row]
                key = (category, c.f_year[row] if category == budget else -1, doc_years[c.f_doc[row]])
                found = members.get(key)
                if found is None:
                    members[key] = [row]
                else:
                    found.append(row)
        c.group_keys = [(c.categories[category], year, doc_year) for category, year, doc_year in members]
        c.group_offsets, c.group_rows = array("q", [0]), array("I")
        for rows in members.values():
            c.group_rows.extend(rows)
            c.group_offsets.append(len(c.group_rows))

        children: dict[int, list[int]] = {}
        for row in range(count):
            if c.f_part[row] >= 0:
                children.setdefault(c.f_part[row], []).append(row)
        c.child_keys, c.child_offsets, c.child_rows = array("I"), array("q", [0]), array("I")
        for parent in sorted(children):
            c.child_keys.append(parent)
            c.child_rows.extend(children[parent])
            c.child_offsets.append(len(c.child_rows))
        c.related_rows = array("I", sorted(
            set(children).union(row for row in range(count) if c.f_part[row] >= 0 or c.f_repeat[row] >= 0)))
        c.f_first = self._find_reannouncements()

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
        c = self.columns
        first = array("i", [-1]) * len(c.f_ids)
        amount_of, counted, doc_of = c.f_amount.__getitem__, c.f_counted, c.f_doc
        candidates = [row for n in reversed(range(len(c.documents)))  # oldest fact sheet first
                      for row in range(c.fund_range[n], c.fund_range[n + 1])
                      if counted[row] and amount_of(row) > 0]
        candidates.sort(key=amount_of)  # stable: each amount's figures stay oldest first
        for _, same_amount in itertools.groupby(candidates, key=amount_of):
            rows = list(same_amount)
            if len(rows) < 2 or doc_of[rows[0]] == doc_of[rows[-1]]:
                continue  # one figure, or all in one sheet (whose repeats the parser marked)
            groups: dict[tuple[int, int], list[int]] = {}
            for row in rows:
                groups.setdefault((c.f_category[row], c.f_year[row]), []).append(row)
            for group in groups.values():
                if len(group) > 1:
                    self._announced_first(group, first)
        return first

    def _announced_first(self, rows: list[int], first: array) -> None:
        """Within figures of one amount, category and fiscal year (oldest sheet first), point each
        one a later sheet announces again at its first announcement."""
        c = self.columns
        ratio, doc_of = fuzz.token_set_ratio, c.f_doc
        announced: list[list[Any]] = []  # [row, sheet, processed sentence, key words or None]
        exact: dict[str, int] = {}
        for row in rows:
            n = doc_of[row]
            raw = c.f_sentence[row]
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
                        entry[3] = key_words(c.f_sentence[entry[0]])
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
        c = self.columns
        self._group_sets = [frozenset(memoryview(c.group_rows)[a:b])
                            for a, b in itertools.pairwise(c.group_offsets)]
        flags = c.f_flags
        self._addable_set = frozenset(itertools.compress(range(len(flags)), (f & _ADDABLE for f in flags)))
        self._nested_set = frozenset(itertools.compress(range(len(flags)), (f & _NESTED for f in flags)))
        self._unclear_set = frozenset(itertools.compress(range(len(flags)), (f & _UNCLEAR for f in flags)))
        self._repeat_set = frozenset(itertools.compress(range(len(flags)), (r >= 0 for r in c.f_repeat)))
        self._reannounced_set = frozenset(itertools.compress(range(len(flags)), (r >= 0 for r in c.f_first)))
        self._related_set = frozenset(c.related_rows)
        self._qualifier_bounds = [(is_lower_bound(q or None), is_upper_bound(q or None)) for q in c.qualifiers]
        self._doc_by_id = {doc.id: doc for doc in c.documents}
        self._doc_row = {doc.id: n for n, doc in enumerate(c.documents)}
        # The first (newest) row of each title's words; reversed so earlier rows overwrite later ones.
        self._doc_title_lookup = {key: row for row, key in reversed(list(enumerate(c.doc_title_keys)))}

    def _prepare_library(self) -> None:
        c = self.columns
        self._library_added = frozenset(c.library_parts[0])
        self._library_dropped = frozenset(c.library_parts[2])

    # The views below are made per use, not stored: a stored bound method would be a reference
    # cycle, and an index must be freed by reference counting the moment it is replaced (it is
    # frozen out of the garbage collector's sight once loaded, see ``bot.query.builder``).

    @property
    def initiatives(self) -> _RecordView[InitiativeRecord]:
        """Every initiative, in rank order (records made as they are read)."""
        return _RecordView(self._initiative_at, len(self.columns.ini_ids))

    @property
    def funding(self) -> _RecordView[FundingRecord]:
        """Every funding mention, in rank order (records made as they are read)."""
        return _RecordView(self._funding_at, len(self.columns.f_ids))

    def funding_listed(self) -> _RecordView[FundingRecord]:
        """Every funding mention, in rank order, less those of the second copy of a fact sheet stored twice
        (its money is counted in the other copy, listed too): what a listing of every sheet's money shows."""
        rows = self._listed_funding_rows
        if rows is None:
            c = self.columns
            rows = array("I")
            for n, copy_of in enumerate(c.doc_copy_of):
                if copy_of < 0:
                    rows.extend(range(c.fund_range[n], c.fund_range[n + 1]))
            self._listed_funding_rows = rows
        return _RecordView(self._funding_at, 0, rows)

    def sheets_with_copies(self) -> list[tuple[DocumentRecord, list[DocumentRecord]]]:
        """Every fact sheet, newest first, each once with the other documents that are copies of it (the same sheet
        stored at another address)."""
        c = self.columns
        copies: dict[int, list[DocumentRecord]] = {}
        for n, copy_of in enumerate(c.doc_copy_of):
            if copy_of >= 0:
                copies.setdefault(copy_of, []).append(c.documents[n])
        return [(doc, copies.get(n, [])) for n, doc in enumerate(c.documents) if c.doc_copy_of[n] < 0]

    def release(self, piece: int = 20_000) -> None:
        """Empty the big columns a piece at a time, so no single step holds the GIL for long.

        Freeing half a million strings in one go takes tens of milliseconds of one C call; the
        app calls this from a worker thread on an index it has just replaced and nobody else holds.
        """
        for column in self.columns.text_columns():
            column.release()
        values = self._newest_folded
        while values:
            del values[-piece:]
        self._terms_cache = {}

    # ---- records ----------------------------------------------------------------------------

    def _initiative_at(self, row: int) -> InitiativeRecord:
        c = self.columns
        return InitiativeRecord(
            id=c.ini_ids[row],
            document_id=c.documents[c.ini_doc[row]].id,
            title=c.ini_titles[row],
            section=c.sections[c.ini_section[row]] or None,
            order=c.ini_order[row],
            text=c.ini_texts[row],
            links=_decode_links(c.ini_links[row]),
            acronyms=_decode_strings(c.ini_acronyms[row]),
        )

    def _funding_at(self, row: int) -> FundingRecord:
        c = self.columns
        initiative, parent, year = c.f_ini[row], c.f_parent[row], c.f_year[row]
        return FundingRecord(
            id=c.f_ids[row],
            document_id=c.documents[c.f_doc[row]].id,
            initiative_id=c.ini_ids[initiative] if initiative >= 0 else None,
            amount_usd=c.f_amount[row],
            text=c.f_text[row],
            qualifier=c.qualifiers[c.f_qualifier[row]] or None,
            sentence=c.f_sentence[row],
            category=c.categories[c.f_category[row]],
            fiscal_year=year if year >= 0 else None,
            counted=bool(c.f_counted[row]),
            reason=c.f_reason[row] or None,
            parent_id=c.f_ids[parent] if parent >= 0 else None,
            position=c.f_position[row],
        )

    def _initiative_row(self, initiative_id: int) -> int | None:
        c = self.columns
        return _lookup(c.ini_id_keys, c.ini_id_rows, initiative_id)

    def _funding_row(self, funding_id: int) -> int | None:
        c = self.columns
        return _lookup(c.f_id_keys, c.f_id_rows, funding_id)

    def _rows_totals(self, shown_rows: Iterable[int], about_rows: Iterable[int] | None = None) -> FundingTotals:
        """The total of an answer showing these rows, about ``about_rows`` (default: all of them)."""
        c = self.columns
        shown = shown_rows if isinstance(shown_rows, (set, frozenset)) else set(shown_rows)
        about = shown if about_rows is None else set(about_rows)
        added, wanted = select_added(about, addable=self._addable_set, nested=self._nested_set,
                                     part_of=c.f_part.__getitem__, repeat_of=c.f_repeat.__getitem__,
                                     repeats=self._repeat_set)
        added &= shown
        dropped = drop_reannounced(added, c.f_first.__getitem__, self._reannounced_set)
        unclear = (wanted & self._unclear_set & shown) - added
        summary = self._summary(added, unclear, dropped)
        return self._totals(summary, array("I", sorted(added)), array("I", sorted(shown - added)),
                            added, dropped, wanted)

    def _summary(self, added: Collection[int], unclear: Collection[int], dropped: Collection[int]) -> tuple[Any, ...]:
        """(amount, at least, up to, breakdown, by year, unclear amount and count, announced-again
        amount and count) of the rows an answer adds."""
        c = self.columns
        amount_of, qualifier_of, bounds = c.f_amount.__getitem__, c.f_qualifier.__getitem__, self._qualifier_bounds
        lines: dict[tuple[str, int], list[Collection[int]]] = {}
        years: dict[int, list[Collection[int]]] = {}
        everything = len(added) == len(self._addable_set)
        for (category, fiscal_year, doc_year), rows in zip(c.group_keys, self._group_sets, strict=True):
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
        c = self.columns
        amount, lower, upper, breakdown, by_year, unclear_amount, unclear_count, again_amount, again_count = summary
        funding_row, addable = self._funding_row, self._addable_set

        def whole_at(row: int) -> FundingRecord | None:
            return self._funding_at(c.f_part[row]) if c.f_part[row] >= 0 else None

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
            first = self._first_where(row)
            said_before = first is not None and not first[1]  # a copy's money is its own
            return added_note(record, whole=whole_at(row),
                              first_text=self._announced_in(first[0]) if first and said_before else None)

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
        """"first announced in “Title” (2023-05-01)" for money a later sheet announces again; for the
        same sheet stored twice (``IndexColumns.doc_copy_of``), that it is counted in the other copy."""
        first = self._first_where(row)
        if first is None:
            return None
        earlier, copy = first
        return _counted_in_copy(earlier) if copy else self._announced_in(earlier)

    def _first_where(self, row: int) -> tuple[DocumentRecord, bool] | None:
        """The fact sheet that first announced this row's money, and whether it is this very sheet stored again
        (``IndexColumns.doc_copy_of``, worked out when the index is built); None for money no earlier
        sheet announced."""
        c = self.columns
        first = c.f_first[row]
        if first < 0:
            return None
        earlier, this = c.f_doc[first], c.f_doc[row]
        return c.documents[earlier], self._sheet_of(earlier) == self._sheet_of(this)

    def _sheet_of(self, doc_row: int) -> int:
        """The row of the document a copy is of (``IndexColumns.doc_copy_of``), or the document's own row."""
        copy_of = self.columns.doc_copy_of[doc_row]
        return doc_row if copy_of < 0 else copy_of

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
        c = self.columns
        row = self._funding_row(record.id)
        if row is None or c.f_first[row] < 0:
            return None
        first = c.f_first[row]
        return self._funding_at(first), c.documents[c.f_doc[first]]

    def first_announcements(self) -> dict[int, int]:
        """Funding id → funding id of its first announcement, for every money announced again."""
        c = self.columns
        return {c.f_ids[row]: c.f_ids[c.f_first[row]] for row in sorted(self._reannounced_set)}

    def _library_totals_parts(self) -> tuple[Any, ...]:
        """What ``library_totals`` answers, computed once when the index is built."""
        c = self.columns
        everything = range(len(c.f_ids))
        added, _ = select_added(everything, addable=self._addable_set, nested=self._nested_set,
                                part_of=c.f_part.__getitem__, repeat_of=c.f_repeat.__getitem__,
                                repeats=self._repeat_set)
        dropped = drop_reannounced(added, c.f_first.__getitem__, self._reannounced_set)
        copied = {row for row in dropped  # one sheet stored twice: not money announced again
                  if (first := self._first_where(row)) is not None and first[1]}
        dropped -= copied
        summary = self._summary(added, self._unclear_set, dropped)
        return (array("I", sorted(added)), array("I", sorted(set(everything) - added - copied)),
                array("I", sorted(dropped)), summary)

    def _row_terms(self, row: int) -> RowTerms:
        """Title and body words of one row for exact re-scoring; recent rows are cached."""
        cached = self._terms_cache.get(row)
        if cached is None:
            folded = fold(self.columns.ini_titles[row])
            title_list = self._title_terms_of(folded)
            body_list = self._body_terms(row)
            cached = RowTerms(folded, tuple(title_list), dict.fromkeys(title_list), tuple(body_list),
                               dict.fromkeys(body_list), dict.fromkeys(tokens(folded)))
            if len(self._terms_cache) >= _TERMS_CACHE_ROWS:
                self._terms_cache.clear()  # simple and thread-safe enough: it only ever holds derived data
            self._terms_cache[row] = cached
        return cached

    def _title_terms_of(self, folded_title: str) -> list[str]:
        toks = tokens(folded_title)
        return toks + sorted(self.columns.acronyms.extras(toks))

    def _body_terms(self, row: int) -> list[str]:
        c = self.columns
        toks = [t for t in tokenize(_plain(c.ini_texts[row])) if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]
        toks.extend("".join(tokenize(short)) for short in _decode_strings(c.ini_acronyms[row]))
        return toks

    def _newest_titles_folded(self) -> list[str]:
        """Folded titles of the newest rows, for the last-resort fuzzy scan (made once, on first use)."""
        if self._newest_folded is None:
            self._newest_folded = [fold(title) for title in self.columns.ini_titles[:_BRUTE_FORCE_CAP]]
        return self._newest_folded

    # ---- plain lookups ----------------------------------------------------------------------

    def document(self, document_id: int) -> DocumentRecord | None:
        return self._doc_by_id.get(document_id)

    def initiative(self, initiative_id: int) -> InitiativeRecord | None:
        row = self._initiative_row(initiative_id)
        return None if row is None else self._initiative_at(row)

    def initiative_title(self, initiative_id: int) -> str | None:
        """An initiative's title alone, without making its record (its text may run to pages)."""
        row = self._initiative_row(initiative_id)
        return None if row is None else self.columns.ini_titles[row]

    def _initiative_rows(self, document_id: int) -> range:
        """The rows of a fact sheet's initiatives, in document order (none for a sheet not in the index)."""
        n = self._doc_row.get(document_id)
        return range(0) if n is None else range(self.columns.ini_range[n], self.columns.ini_range[n + 1])

    def initiatives_of(self, document_id: int) -> list[InitiativeRecord]:
        """A fact sheet's initiatives, in document order."""
        return [self._initiative_at(row) for row in self._initiative_rows(document_id)]

    def initiative_words_of(self, document_id: int) -> list[tuple[str, str]]:
        """(title, text) of a fact sheet's initiatives, in document order: what reading a sheet's words needs,
        without building each initiative's record (its links decoded) — /ask reads a few hundred cold sheets."""
        c = self.columns
        return [(c.ini_titles[row], c.ini_texts[row]) for row in self._initiative_rows(document_id)]

    def first_initiative_title(self, document_id: int) -> str | None:
        """The title of a fact sheet's first initiative, where its lead ends."""
        n = self._doc_row.get(document_id)
        return None if n is None else _first_title_at(self.columns, n)

    def newest_document(self) -> DocumentRecord | None:
        c = self.columns
        return c.documents[0] if c.documents else None

    def funding_of_document(self, document_id: int) -> list[FundingRecord]:
        return [self._funding_at(row) for row in self._funding_rows_of_document(document_id)]

    def funding_of_initiative(self, initiative_id: int) -> list[FundingRecord]:
        c = self.columns
        row = self._initiative_row(initiative_id)
        if row is None:
            return []
        n = c.ini_doc[row]
        return [self._funding_at(f) for f in range(c.fund_range[n], c.fund_range[n + 1])
                if c.f_ini[f] == row]

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
        if any(row is None or self.columns.f_ids[row] != record.id or self._funding_at(row) != record
               for row, record in zip(rows, records, strict=True)):
            return totals(records)
        return self._rows_totals(rows)  # type: ignore[arg-type]  # no None left: checked just above

    def initiative_keys(self) -> Iterator[tuple[int, int, int]]:
        """(document id, order, initiative id) of every initiative, from the columns (no records)."""
        c = self.columns
        doc_ids = [doc.id for doc in c.documents]
        return zip(map(doc_ids.__getitem__, c.ini_doc), c.ini_order, c.ini_ids, strict=True)

    def counted_funding_keys(self) -> list[tuple[int, int, int | None, float, int, int]]:
        """(id, document id, initiative id, amount, position, funding id) of the amounts over 0 the
        library adds (counted, and not money an earlier sheet announced already)."""
        c = self.columns
        doc_ids = [doc.id for doc in c.documents]
        out = []
        for row in sorted(self._library_added):
            amount = c.f_amount[row]
            if amount > 0:
                initiative = c.f_ini[row]
                out.append((c.f_ids[row], doc_ids[c.f_doc[row]],
                            c.ini_ids[initiative] if initiative >= 0 else None, amount,
                            c.f_position[row], c.f_ids[row]))
        return out

    def library_totals(self) -> FundingTotals:
        """Totals over every fact sheet, added up when the index was built: each sheet's new money,
        by kind and by year, money announced again by a later sheet counted once."""
        added_rows, other_rows, _, summary = self.columns.library_parts
        return self._totals(summary, added_rows, other_rows, self._library_added, self._library_dropped, None)

    def match_for(self, initiative: InitiativeRecord, score: float = 100.0, why: str = "picked") -> Match:
        return Match(initiative, self._doc_by_id[initiative.document_id], score, why)

    def _funding_rows_of_document(self, document_id: int) -> range:
        c = self.columns
        n = self._doc_row.get(document_id)
        return range(0) if n is None else range(c.fund_range[n], c.fund_range[n + 1])

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
            return rank_initiatives(self, query, limit=limit, prefix_last=True, budget=SEARCH_BUDGET, pool=_SEARCH_POOL)
        except Exception:
            log.exception("initiative lookup failed for %r", query[:MAX_QUERY_CHARS])
            return []

    def suggest_initiatives(self, query: str, limit: int = 5) -> list[Match]:
        """The nearest titles, for when nothing matched: looser typo matching, then titles that are
        close as written. Empty when nothing is near: a list of unrelated titles helps nobody."""
        try:
            found = rank_initiatives(self, query, limit=limit, prefix_last=True, budget=SEARCH_BUDGET, pool=100,
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
            found = rank_initiatives(self, text, limit=limit, prefix_last=True, budget=_AUTOCOMPLETE_BUDGET,
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
                return None if row is None else self.columns.documents[row]
            ranked = rank_documents(self, value, limit=1)
            if ranked and ranked[0][1] >= 70:
                return ranked[0][0]
        except Exception:
            log.exception("document lookup failed for %r", (text or "")[:MAX_QUERY_CHARS])
        return None

    def nearest_documents(self, text: str, limit: int = 5) -> list[DocumentRecord]:
        """Titles closest to ``text``; the newest fact sheets when nothing is close at all."""
        c = self.columns
        try:
            ranked = [doc for doc, _ in rank_documents(self, text, limit=limit, typo_cutoff=60.0)]
            if not ranked and (text or "").strip():
                hits = process.extract(fold(text[:MAX_QUERY_CHARS]), c.doc_titles_folded[:_BRUTE_FORCE_CAP],
                                       scorer=fuzz.WRatio, processor=None, limit=limit)
                ranked = [c.documents[row] for _, score, row in hits if score > 0]
            if ranked:
                return ranked
        except Exception:
            log.exception("document suggestions failed for %r", (text or "")[:MAX_QUERY_CHARS])
        return list(c.documents[:limit])

    def autocomplete_documents(self, current: str, limit: int = 25) -> list[tuple[str, str]]:
        """(name, "doc:<id>") choices for fact-sheet options, newest first when empty. Never raises."""
        try:
            limit = max(0, min(limit, 25))
            text = (current or "").strip()[:MAX_QUERY_CHARS]
            found = _DOC_VALUE.fullmatch(text)
            picked = self.document(int(found.group(1))) if found else None
            if picked is not None:
                return [self._document_choice(picked)]
            if not text:
                return [self._document_choice(doc) for doc in self.columns.documents[:limit]]
            return [self._document_choice(doc) for doc, _ in rank_documents(self, text, limit=limit)]
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
        c = self.columns
        _, toks = self._query_tokens(query)
        toks = [t for t in toks if t not in STOPWORDS]  # "the" is not a topic
        if not toks or not len(c.f_ids):
            return []
        groups = c.funding_fields.groups(toks, prefix_last=False, prefix_min=4)
        if not all(g.expansions for g in groups):
            return []
        rows = c.funding_fields.rows_matching_all(groups)
        if document_id is not None:
            rows &= set(self._funding_rows_of_document(document_id))  # relatives share the fact sheet
        else:
            rows = self._without_copied_sheets(rows)
        picked = set(rows)
        part_of, repeat_of, child_keys = c.f_part, c.f_repeat, c.child_keys
        children = memoryview(c.child_rows)
        for row in rows & self._related_set:  # wholes, parts and first mentions of repeats
            whole, depth = part_of[row], 0
            while whole >= 0 and depth < MAX_DEPTH:
                picked.add(whole)
                whole, depth = part_of[whole], depth + 1
            if repeat_of[row] >= 0:
                picked.add(repeat_of[row])
            at = bisect.bisect_left(child_keys, row)
            if at < len(child_keys) and child_keys[at] == row:
                picked.update(children[c.child_offsets[at]:c.child_offsets[at + 1]])
        return _FundingView(self._funding_at, array("I", sorted(picked)), rows)

    def _without_copied_sheets(self, rows: set[int]) -> set[int]:
        """``rows`` less those of a fact sheet stored twice whose other copy also matched: the answer lists the
        sheet once, as the copy its money is counted in (``IndexColumns.doc_copy_of``)."""
        c = self.columns
        doc_of, copy_of = c.f_doc, c.doc_copy_of
        sheets = {doc_of[row] for row in rows}
        copies = {n for n in sheets if copy_of[n] >= 0 and copy_of[n] in sheets}
        if not copies:
            return rows
        return {row for row in rows if doc_of[row] not in copies}

    def funding_about_ids(self, records: Sequence[FundingRecord]) -> set[int] | None:
        """Ids of the records a ``funding_about`` answer is about (the others came along to show
        what they belong to); None for any other sequence."""
        about = getattr(records, "about", None)
        return None if about is None else {self.columns.f_ids[row] for row in about}

    def _exact_title_row(self, folded_query: str) -> int | None:
        """The newest initiative whose title has exactly the query's words, if any."""
        c = self.columns
        row = _lookup(c.title_keys, c.title_rows, _title_key(folded_query))
        if row is None or tokens(fold(c.ini_titles[row])) != tokens(folded_query):
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
