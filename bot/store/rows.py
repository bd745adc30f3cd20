"""The row shapes the store reads records and indexes from: one named, typed tuple per shape.

Each shape is defined once here, and the SELECT list that reads it is made from its fields
(``select_list``), so the snapshot (``documents.snapshot_rows``), the streaming index rows
(``index_rows.read_index_rows``) and the index build (``CorpusIndex``, by field name) cannot
disagree about which column comes where. Rows stay tuples (``NamedTuple``): as cheap to make
and read as the plain rows SQLite returns.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from bot.model import DocumentRecord, Snapshot


class DocumentRow(NamedTuple):
    """A fact sheet as stored: dates as ISO text, tags as a JSON list."""

    id: int
    title: str
    date: str | None
    source_url: str | None
    path: str
    tags: str  # JSON list
    ingested_at: str
    initiative_count: int
    body_text: str  # "" when not asked for
    opening: str  # the body's first OPENING_CHARS characters, always read (the sheet's lead)


class InitiativeRow(NamedTuple):
    id: int
    document_id: int
    title: str
    section: str | None
    order: int
    text: str
    links: str  # JSON [[text, url], …]; "" or "[]" for none
    acronyms: str  # JSON list; "" or "[]" for none


class FundingRow(NamedTuple):
    id: int
    document_id: int
    initiative_id: int | None
    amount_usd: float
    text: str
    qualifier: str | None
    sentence: str
    category: str
    fiscal_year: int | None
    counted: int  # 0 or 1 as stored (a bool from a snapshot)
    reason: str | None
    parent_id: int | None
    position: int


class AcronymRow(NamedTuple):
    document_id: int
    short: str
    full: str


RowT = TypeVar("RowT", bound=tuple[Any, ...])

# SQL for the fields that are not a column of the same name in the table read.
OPENING_CHARS = 2400  # the lead of a sheet: its opening paragraphs (a subtitle and background paragraphs may come first; 1,200
# cut off leads that name who chairs or leads what was announced in their third or fourth paragraph, 57th round)
DOCUMENT_SQL = {name: f"d.{name}" for name in DocumentRow._fields} | {
    "initiative_count": "(SELECT count(*) FROM initiatives i WHERE i.document_id = d.id)",
    "opening": f"substr(d.body_text, 1, {OPENING_CHARS})",
}
DOCUMENT_SQL_NO_BODY = DOCUMENT_SQL | {"body_text": "''"}
INITIATIVE_SQL = {"order": "ord"}


def select_list(row_type: type[tuple[Any, ...]], sql: Mapping[str, str] | None = None) -> str:
    """The SELECT list reading ``row_type``: each field in order, as the column of its name or
    the expression ``sql`` gives for it (a name that is no field is an error)."""
    fields: tuple[str, ...] = row_type._fields  # type: ignore[attr-defined]  # every NamedTuple has them
    sql = sql or {}
    unknown = set(sql) - set(fields)
    if unknown:
        raise ValueError(f"{row_type.__name__} has no field {', '.join(sorted(unknown))}")
    return ", ".join(sql.get(name, name) for name in fields)


DOCUMENT_COLUMNS = select_list(DocumentRow, DOCUMENT_SQL)
DOCUMENT_COLUMNS_NO_BODY = select_list(DocumentRow, DOCUMENT_SQL_NO_BODY)
INITIATIVE_COLUMNS = select_list(InitiativeRow, INITIATIVE_SQL)
FUNDING_COLUMNS = select_list(FundingRow)
ACRONYM_COLUMNS = select_list(AcronymRow)

RowsOf = Callable[[Sequence[int]], Iterable[RowT]]


@dataclass(frozen=True, slots=True)
class IndexRows:
    """What an index is built from, as the store reads it.

    ``initiatives(document_ids)`` yields the ``InitiativeRow``s of those fact sheets in the order
    given, each sheet's in document order; ``funding(document_ids)`` likewise its ``FundingRow``s
    in position order. Rows come in the index's order, so the builder never holds them all at once.
    """

    version: int
    documents: Sequence[DocumentRecord]
    initiatives: RowsOf[InitiativeRow]
    funding: RowsOf[FundingRow]
    acronyms: Iterable[AcronymRow]
    generation: str = ""

    @classmethod
    def from_snapshot(cls, snapshot: Snapshot) -> IndexRows:
        initiatives: dict[int, list[InitiativeRow]] = {}
        for i in sorted(snapshot.initiatives, key=lambda i: (i.document_id, i.order, i.id)):
            initiatives.setdefault(i.document_id, []).append(InitiativeRow(
                id=i.id, document_id=i.document_id, title=i.title, section=i.section, order=i.order, text=i.text,
                links=json.dumps([[link.text, link.url] for link in i.links]) if i.links else "",
                acronyms=json.dumps(list(i.acronyms)) if i.acronyms else ""))
        funding: dict[int, list[FundingRow]] = {}
        for f in sorted(snapshot.funding, key=lambda f: (f.document_id, f.position, f.id)):
            funding.setdefault(f.document_id, []).append(FundingRow(
                id=f.id, document_id=f.document_id, initiative_id=f.initiative_id, amount_usd=f.amount_usd,
                text=f.text, qualifier=f.qualifier, sentence=f.sentence, category=f.category,
                fiscal_year=f.fiscal_year, counted=f.counted, reason=f.reason, parent_id=f.parent_id,
                position=f.position))
        return cls(snapshot.version, snapshot.documents, _in_order(initiatives), _in_order(funding),
                   [AcronymRow(a.document_id, a.short, a.full) for a in snapshot.acronyms], snapshot.generation)


def _in_order(rows: dict[int, list[RowT]]) -> Callable[[Sequence[int]], Iterator[RowT]]:
    def rows_of(document_ids: Sequence[int]) -> Iterator[RowT]:
        for document_id in document_ids:
            yield from rows.get(document_id, ())
    return rows_of
