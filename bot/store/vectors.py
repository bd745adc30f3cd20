"""One sentence-embedding vector per initiative, for the second reader of /ask.

A vector is an opaque run of bytes made by a named model; the store neither reads nor checks
what is in it, only that one model's vectors are all the same length. Vectors are derived
data, not index data: writing them leaves ``data_version`` and ``generation`` alone, so a saved
index stays valid and no process rebuilds for them. They hang off their initiative (``ON DELETE
CASCADE``): a sheet re-ingested with new content, or removed, drops its vectors with its rows.

The reads are the same SQL on both backends and are written once here against ``Db``; the write
differs (how a concurrently removed initiative is skipped) and lives with each backend.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.store._db import Db


@dataclass(frozen=True, slots=True)
class VectorSource:
    """What a vector is made from: one initiative without a vector of the wanted model."""

    initiative_id: int
    document_title: str  # the title of the initiative's fact sheet
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class StoredVectors:
    """Every stored vector of one model, by initiative id: ``blob`` is the vectors one after the
    other in the order of ``initiative_ids`` (all the same length), ready to be viewed as an array."""

    initiative_ids: list[int]
    document_ids: list[int]  # of each initiative, in the same order
    blob: bytes


async def counts(db: Db, model: str) -> tuple[int, int]:
    """(initiatives with a vector of ``model``, all initiatives)."""
    rows = await db.fetch(
        """SELECT (SELECT count(*) FROM initiative_vectors v JOIN initiatives i ON i.id = v.initiative_id
                   WHERE v.model = ?),
                  (SELECT count(*) FROM initiatives)""", (model,))
    return int(rows[0][0]), int(rows[0][1])


async def without_vectors(db: Db, model: str, limit: int) -> list[VectorSource]:
    """Initiatives with no vector of ``model`` (none at all, or another model's), by id."""
    rows = await db.fetch(
        """SELECT i.id, d.title, i.title, i.text
             FROM initiatives i
             JOIN documents d ON d.id = i.document_id
             LEFT JOIN initiative_vectors v ON v.initiative_id = i.id AND v.model = ?
            WHERE v.initiative_id IS NULL
            ORDER BY i.id
            LIMIT ?""", (model, max(0, limit)))
    return [VectorSource(int(row[0]), str(row[1]), str(row[2]), str(row[3])) for row in rows]


async def load(db: Db, model: str) -> StoredVectors:
    """Every vector of ``model`` whose initiative exists, by initiative id, in one statement (one
    consistent state). A length that differs from the others means the model's name was reused
    for another model: a ``ValueError`` naming it, rather than vectors cut at the wrong places."""
    rows = await db.fetch(
        """SELECT v.initiative_id, i.document_id, v.vector
             FROM initiative_vectors v JOIN initiatives i ON i.id = v.initiative_id
            WHERE v.model = ?
            ORDER BY v.initiative_id""", (model,))
    vectors = [bytes(row[2]) for row in rows]
    lengths = {len(vector) for vector in vectors}
    if len(lengths) > 1:
        raise ValueError(f"the stored vectors of the model {model!r} differ in length ({sorted(lengths)} bytes): "
                         "store them again")
    return StoredVectors([int(row[0]) for row in rows], [int(row[1]) for row in rows], b"".join(vectors))


def latest(vectors: Sequence[tuple[int, bytes]]) -> dict[int, bytes]:
    """One vector per initiative id (the last given): an upsert may touch each row once."""
    return {int(initiative_id): bytes(vector) for initiative_id, vector in vectors}


def still_as_read(current: Iterable[Sequence[Any]], made_from: Sequence[VectorSource]) -> set[int]:
    """The ids whose initiative still reads as its ``VectorSource`` did: ``current`` is (id, sheet title, title,
    text) as stored now. SQLite gives the id of a sheet re-ingested last to its new first initiative, so an id alone
    does not say the vector was made from this text."""
    read = {source.initiative_id: (source.document_title, source.title, source.text) for source in made_from}
    return {int(row[0]) for row in current if read.get(int(row[0])) == (row[1], row[2], row[3])}


CURRENT_TEXTS = """SELECT i.id, d.title, i.title, i.text FROM initiatives i JOIN documents d ON d.id = i.document_id
                    WHERE i.id IN ({marks})"""


def write(db: sqlite3.Connection, model: str, vectors: Sequence[tuple[int, bytes]],
          made_from: Sequence[VectorSource] | None = None) -> int:
    """Upsert ``vectors`` of ``model`` with plain ``sqlite3`` calls, inside the caller's write
    transaction; ids whose initiative is gone are skipped (the SELECT finds no row), not a
    foreign-key error, and so are ids whose initiative no longer reads as ``made_from`` says.
    ``BEGIN IMMEDIATE`` keeps any ingest out until the transaction ends. Returns how many were stored."""
    wanted = latest(vectors)
    if made_from is not None and wanted:
        ids = list(wanted)
        current = db.execute(CURRENT_TEXTS.format(marks=", ".join("?" * len(ids))), ids).fetchall()
        kept = still_as_read(current, made_from)
        wanted = {initiative_id: vector for initiative_id, vector in wanted.items() if initiative_id in kept}
    cursor = db.executemany(
        """INSERT INTO initiative_vectors (initiative_id, model, vector)
           SELECT id, ?, ? FROM initiatives WHERE id = ?
           ON CONFLICT (initiative_id) DO UPDATE SET model = excluded.model, vector = excluded.vector""",
        [(model, vector, initiative_id) for initiative_id, vector in wanted.items()])
    return max(0, cursor.rowcount)
