"""``IndexColumns``: what a ``CorpusIndex`` is made of, one typed field per column.

Rows are initiatives or funding mentions in rank order (newest fact sheet first); a column is
an ``array``, a list of strings, a ``TextColumn`` or a ``FieldIndex`` indexed by row. These
fields are exactly what ``bot.query.cache`` saves: it walks ``dataclasses.fields(IndexColumns)``
and turns each value into plain data with the field's ``Codec`` (arrays and lists of strings as
they are), so adding a column is adding a field here. Lookups derived from the columns (sets,
dicts) are made by ``CorpusIndex`` after a build or a load and are not saved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from bot.model import AcronymRecord, DocumentRecord
from bot.query.columns import Parts, TextColumn
from bot.query.fields import FieldIndex
from bot.query.funding import CategoryTotal, YearTotal
from bot.query.text import STOPWORDS, tokenize

# (amount, at least, up to, breakdown, by year, unclear amount, unclear count, announced-again
# amount, announced-again count) of the figures an answer adds.
Summary = tuple[float, bool, bool, tuple[CategoryTotal, ...], tuple[YearTotal, ...], float, int, float, int]
# The library totals: rows added, other rows, rows announced again, summary.
LibraryTotals = tuple[array, array, array, Summary]


def _documents_to_parts(documents: Sequence[DocumentRecord]) -> Parts:
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
        opening=[doc.opening for doc in documents],
    )


def _documents_from_parts(parts: dict[str, Any]) -> tuple[DocumentRecord, ...]:
    date, datetime = dt.date.fromisoformat, dt.datetime.fromisoformat
    columns = [parts[name] for name in ("id", "title", "date", "source_url", "has_source_url", "path", "tags",
                                        "ingested_at", "initiative_count", "body_text", "opening")]
    if len({len(column) for column in columns}) > 1:
        raise ValueError("document columns differ in length")
    return tuple(
        DocumentRecord(doc_id, title, date(day) if day else None, url if has_url else None, path,
                       tuple(map(str, tags)), datetime(ingested), count, body, opening)
        for doc_id, title, day, url, has_url, path, tags, ingested, count, body, opening in zip(*columns, strict=True)
    )


def _totals_to_parts(value: tuple[Any, ...]) -> Parts:
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



class Acronyms:
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
    def from_parts(cls, parts: dict[str, Any]) -> Acronyms:
        self = cls(())
        self.full_names = {str(short): [str(name) for name in names] for short, names in parts["full_names"].items()}
        self.by_length = {int(length): {tuple(full): list(shorts) for full, shorts in names}
                          for length, names in parts["by_length"]}
        self.full_tokens = {str(short): tuple(full) for short, full in parts["full_tokens"].items()}
        self.first_words = set(parts["first_words"])
        return self


class Codec(NamedTuple):
    """How one field becomes plain data for the saved index (``save``) and back (``load``)."""

    save: Callable[[Any], Any]
    load: Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


PLAIN = Codec(_same, _same)  # arrays, lists of strings, JSON values: saved as they are
_TEXT = Codec(lambda column: column.parts(), TextColumn.from_parts)
_FIELD_INDEX = Codec(lambda index: index.parts(), FieldIndex.from_parts)


def _arrays(typecode: str) -> Callable[[], array[Any]]:
    return lambda: array(typecode)


def _empty_text() -> TextColumn:
    return TextColumn.of(())


def _empty_field_index() -> FieldIndex:
    return FieldIndex.build([])


def _saved_as(codec: Codec) -> dict[str, Codec]:
    return {"codec": codec}


def codec_of(column: dataclasses.Field[Any]) -> Codec:
    """The codec a field of ``IndexColumns`` is saved and loaded with."""
    codec: Codec = column.metadata.get("codec", PLAIN)
    return codec


def _empty_totals() -> LibraryTotals:
    return array("I"), array("I"), array("I"), (0.0, False, False, (), (), 0.0, 0, 0.0, 0)


@dataclass(slots=True, eq=False)
class IndexColumns:
    """Every column of a ``CorpusIndex`` (defaults: an empty index). Filled by the build, then
    only read. Typecodes: q 64-bit ids and keys, I row numbers and codes, i the same with -1 for
    none, d amounts, b flags."""

    version: int = field(default=0, metadata=_saved_as(Codec(_same, int)))  # the store's data version
    # The store's generation id the index was built from (see ``Store.data_state``).
    generation: str = field(default="", metadata=_saved_as(Codec(_same, str)))
    documents: tuple[DocumentRecord, ...] = field(
        default=(), metadata=_saved_as(Codec(_documents_to_parts, _documents_from_parts)))
    acronyms: Acronyms = field(default_factory=lambda: Acronyms(()),
                               metadata=_saved_as(Codec(lambda acronyms: acronyms.parts(), Acronyms.from_parts)))
    # Offsets of each document's initiatives and funding rows (rows come grouped by document).
    ini_range: array[int] = field(default_factory=_arrays("I"))
    fund_range: array[int] = field(default_factory=_arrays("I"))
    # For each document, the row of the document it is a copy of (the same sheet stored at another address: the copy
    # its money is counted in, the older or first stored), -1 for none (``copies.copy_positions``).
    doc_copy_of: array[int] = field(default_factory=_arrays("i"))
    # Initiatives, one row each.
    ini_ids: array[int] = field(default_factory=_arrays("q"))
    ini_doc: array[int] = field(default_factory=_arrays("I"))  # row of its document in ``documents``
    ini_order: array[int] = field(default_factory=_arrays("I"))
    ini_titles: TextColumn = field(default_factory=_empty_text, metadata=_saved_as(_TEXT))
    ini_section: array[int] = field(default_factory=_arrays("I"))  # code into ``sections``
    sections: list[str] = field(default_factory=list)  # "" first: no section
    ini_texts: TextColumn = field(default_factory=_empty_text, metadata=_saved_as(_TEXT))
    ini_links: TextColumn = field(default_factory=_empty_text, metadata=_saved_as(_TEXT))  # JSON [[text, url], …] or ""
    ini_acronyms: TextColumn = field(default_factory=_empty_text, metadata=_saved_as(_TEXT))  # JSON list or ""
    ini_id_keys: array[int] = field(default_factory=_arrays("q"))  # sorted ids and the row of each (see ``_sorted_lookup``)
    ini_id_rows: array[int] = field(default_factory=_arrays("I"))
    title_keys: array[int] = field(default_factory=_arrays("q"))  # sorted title keys and the row of each
    title_rows: array[int] = field(default_factory=_arrays("I"))
    fields: FieldIndex = field(default_factory=_empty_field_index, metadata=_saved_as(_FIELD_INDEX))  # titles, texts
    doc_fields: FieldIndex = field(default_factory=_empty_field_index, metadata=_saved_as(_FIELD_INDEX))
    # The content words of each sheet's lead (what it says before its first initiative), one row per document.
    lead_fields: FieldIndex = field(default_factory=_empty_field_index, metadata=_saved_as(_FIELD_INDEX))
    # Funding mentions, one row each.
    f_ids: array[int] = field(default_factory=_arrays("q"))
    f_doc: array[int] = field(default_factory=_arrays("I"))
    f_ini: array[int] = field(default_factory=_arrays("i"))  # initiative row, -1 for none
    f_amount: array[float] = field(default_factory=_arrays("d"))
    f_text: TextColumn = field(default_factory=_empty_text, metadata=_saved_as(_TEXT))
    f_qualifier: array[int] = field(default_factory=_arrays("I"))  # code into ``qualifiers``
    qualifiers: list[str] = field(default_factory=list)
    f_sentence: TextColumn = field(default_factory=_empty_text, metadata=_saved_as(_TEXT))
    f_category: array[int] = field(default_factory=_arrays("I"))  # code into ``categories``
    categories: list[str] = field(default_factory=list)
    f_year: array[int] = field(default_factory=_arrays("i"))  # fiscal year, -1 for none
    f_counted: array[int] = field(default_factory=_arrays("b"))
    f_reason: TextColumn = field(default_factory=_empty_text, metadata=_saved_as(_TEXT))
    f_parent: array[int] = field(default_factory=_arrays("i"))  # row, -1 for none
    f_position: array[int] = field(default_factory=_arrays("I"))
    f_id_keys: array[int] = field(default_factory=_arrays("q"))
    f_id_rows: array[int] = field(default_factory=_arrays("I"))
    # Initiative titles and categories; sentences.
    funding_fields: FieldIndex = field(default_factory=_empty_field_index, metadata=_saved_as(_FIELD_INDEX))
    library_parts: LibraryTotals = field(default_factory=_empty_totals,
                                         metadata=_saved_as(Codec(_totals_to_parts, _totals_from_parts)))
    # Breakdown groups: (category, fiscal year or -1, sheet year or -1) and each group's rows.
    group_keys: list[tuple[str, int, int]] = field(default_factory=list, metadata=_saved_as(Codec(
        _same, lambda keys: [(str(category), int(year), int(doc_year)) for category, year, doc_year in keys])))
    group_offsets: array[int] = field(default_factory=_arrays("q"))
    group_rows: array[int] = field(default_factory=_arrays("I"))
    f_flags: array[int] = field(default_factory=_arrays("b"))  # ADDABLE | NESTED | UNCLEAR
    f_part: array[int] = field(default_factory=_arrays("i"))  # row of the whole it is a part of, -1 for none
    f_repeat: array[int] = field(default_factory=_arrays("i"))  # row of the first mention it repeats, -1 for none
    f_first: array[int] = field(default_factory=_arrays("i"))  # row of the first announcement in an earlier sheet, -1 for none
    child_keys: array[int] = field(default_factory=_arrays("I"))  # wholes, sorted, and the rows of their parts
    child_offsets: array[int] = field(default_factory=_arrays("q"))
    child_rows: array[int] = field(default_factory=_arrays("I"))
    related_rows: array[int] = field(default_factory=_arrays("I"))  # rows with a whole, parts or a first mention
    doc_titles_folded: list[str] = field(default_factory=list)
    doc_title_keys: list[str] = field(default_factory=list)

    def text_columns(self) -> list[TextColumn]:
        return [getattr(self, column.name) for column in dataclasses.fields(self) if codec_of(column) is _TEXT]
