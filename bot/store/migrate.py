"""``briefbot migrate --to postgresql://…``: copy a SQLite database into PostgreSQL, verified.

Everything is copied — fact sheets (same ids), guild digest state, delivery records, watched-source
state, follows and their alert claims, initiative vectors, and the ``meta`` values (data version,
generation, command hashes) — in one PostgreSQL transaction that commits only after the row counts
and a content checksum of every table match the SQLite file's. A target that already holds exactly
this content is left as it is (running the command twice changes nothing); a target holding anything
else is refused, never merged into.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

from bot.dburl import DatabaseUrl
from bot.store._fts import plain_text
from bot.store.base import Store, StoreError


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[str, ...]
    order: str  # a full ordering (the primary key)
    where: str = ""
    identity: bool = False  # ids come from an identity sequence, to be moved past the copied ones
    extra: tuple[tuple[str, Callable[[tuple[Any, ...]], Any]], ...] = ()  # PostgreSQL-only columns


TABLES: tuple[Table, ...] = (
    Table("documents", ("id", "identity", "path", "title", "date", "published_time", "source_url", "tags",
                        "body_text", "content_hash", "ingested_at", "warnings"), "id", identity=True),
    Table("initiatives", ("id", "document_id", "ord", "title", "section", "text", "links", "acronyms"), "id",
          identity=True, extra=(("plain", lambda row: plain_text(row[5])),)),
    Table("funding", ("id", "document_id", "initiative_id", "position", "amount_usd", "text", "qualifier",
                      "sentence", "category", "fiscal_year", "counted", "reason", "parent_id"), "id", identity=True),
    Table("acronyms", ("document_id", "short", "full"), "document_id, short"),
    # instance_id names one database (a saved index is tied to it); schema_version is per backend.
    Table("meta", ("key", "value"), "key", where="key NOT IN ('instance_id', 'schema_version')"),
    Table("digest_settings", ("guild_id", "channel_id", "local_time", "timezone", "enabled", "updated_at",
                              "last_error", "last_error_at"), "guild_id"),
    Table("digest_posts", ("guild_id", "local_date", "status", "channel_id", "marker", "due_at", "claimed_at",
                           "posted_at", "message_ids", "error"), "guild_id, local_date"),
    Table("digest_spotlight", ("guild_id", "initiative_key", "cycle", "shown_at"), "guild_id, initiative_key, cycle"),
    Table("source_state", ("source", "kind", "state", "error", "since", "first_seen", "checked_at", "last_success",
                           "last_new", "last_error_at", "cursor"), "source"),
    Table("source_transitions", ("id", "source", "old_state", "new_state", "error", "at", "notify"), "id",
          identity=True),
    Table("source_notices", ("transition_id", "guild_id", "status", "channel_id", "marker", "message_id", "error",
                             "at"), "transition_id, guild_id"),
    Table("source_entries", ("source", "entry_key", "url", "path", "size", "mtime_ns", "error", "seen_at"),
          "source, entry_key"),
    Table("source_http", ("url", "etag", "last_modified", "updated_at"), "url"),
    Table("follows", ("id", "guild_id", "user_id", "channel_id", "role_id", "topic", "min_amount", "created_at",
                      "last_error", "last_error_at", "broken"), "id", identity=True),
    Table("follow_alerts", ("target", "identity", "content_hash", "guild_id", "kind", "status", "marker", "payload",
                            "title", "role_id", "follow_ids", "attempts", "claimed_at", "posted_at", "message_id",
                            "error"), "target, identity, content_hash"),
    Table("follow_checked", ("scope", "identity", "content_hash", "checked_at"), "scope, identity, content_hash"),
    Table("follow_baselines", ("scope", "baselined_at"), "scope"),
    Table("follow_matches", ("guild_id", "identity", "content_hash", "kind", "title", "topics", "matched_at"),
          "guild_id, identity, content_hash"),
    Table("initiative_vectors", ("initiative_id", "model", "vector"), "initiative_id"),
)


@dataclass(frozen=True, slots=True)
class MigrationReport:
    counts: dict[str, int]  # rows per table, the same on both sides
    checksum: str  # of every table's content, the same on both sides
    copied: bool  # False: the target held exactly this already

    def text(self, source: Path, target: DatabaseUrl) -> str:
        rows = ", ".join(f"{name} {count}" for name, count in self.counts.items() if count)
        if not self.copied:
            return (f"{target} already holds everything in {source} (same counts, checksum {self.checksum[:16]}): "
                    "nothing changed")
        return (f"copied {source} into {target}: {rows or 'no rows'}; counts and checksum "
                f"{self.checksum[:16]} verified on both sides")


def _select(table: Table, quote: bool) -> str:
    columns = ", ".join('"full"' if quote and c == "full" else c for c in table.columns)
    where = f" WHERE {table.where}" if table.where else ""
    return f"SELECT {columns} FROM {table.name}{where} ORDER BY {table.order}"


def _hex(value: object) -> str:
    """A vector's bytes (SQLite BLOB, PostgreSQL bytea: both read as ``bytes``) in the checksum."""
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"cannot checksum a {type(value).__name__}")


def _digest(rows: Sequence[Sequence[Any]]) -> str:
    hasher = hashlib.sha256()
    for row in rows:
        hasher.update(json.dumps(list(row), ensure_ascii=False, separators=(",", ":"), default=_hex).encode())
        hasher.update(b"\n")
    return hasher.hexdigest()


def _summary(tables: dict[str, list[tuple[Any, ...]]]) -> tuple[dict[str, int], str]:
    counts = {name: len(rows) for name, rows in tables.items()}
    total = hashlib.sha256("".join(f"{name}:{_digest(rows)}" for name, rows in tables.items()).encode())
    return counts, total.hexdigest()


def _read_sqlite(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        conn.execute("BEGIN")  # one consistent state of every table
        return {table.name: [tuple(row) for row in conn.execute(_select(table, quote=False))] for table in TABLES}
    finally:
        conn.close()


async def _read_postgres(conn: asyncpg.Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {table.name: [tuple(row) for row in await conn.fetch(_select(table, quote=True))] for table in TABLES}


async def copy_to_postgres(source: Path, target: DatabaseUrl) -> MigrationReport:
    """Copy the SQLite database at ``source`` into the PostgreSQL database ``target`` (created
    schema and all by ``Store.open``), verify it, and say what was done."""
    if not source.is_file():
        raise StoreError(f"cannot migrate {source}: there is no database file there")
    async with await Store.open(source):  # brings an older file's schema up to date first
        pass
    async with await Store.open(target):  # creates or migrates the PostgreSQL schema
        pass
    rows = await asyncio.to_thread(_read_sqlite, source)
    counts, checksum = _summary(rows)
    conn = await asyncpg.connect(target.secret)
    try:
        async with conn.transaction():
            await conn.execute("LOCK TABLE documents, meta IN EXCLUSIVE MODE")  # no ingest meanwhile
            present = await _read_postgres(conn)
            present_counts, present_checksum = _summary(present)
            if present_checksum == checksum:
                return MigrationReport(counts, checksum, copied=False)
            meta_only = all(not found for name, found in present.items() if name != "meta")
            if not meta_only:
                filled = ", ".join(f"{name} {n}" for name, n in present_counts.items() if n and name != "meta")
                raise StoreError(f"{target} already holds other data ({filled}): migrate into an empty database")
            await conn.execute("DELETE FROM meta WHERE key NOT IN ('instance_id', 'schema_version')")
            for table in TABLES:
                records = rows[table.name]
                if not records:
                    continue
                names = [*table.columns, *(name for name, _ in table.extra)]
                await conn.copy_records_to_table(
                    table.name, columns=names,
                    records=[(*row, *(make(row) for _, make in table.extra)) for row in records])
                if table.identity:
                    await conn.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT max(id) FROM {table.name}))")
            copied_counts, copied_checksum = _summary(await _read_postgres(conn))
            if (copied_counts, copied_checksum) != (counts, checksum):
                raise StoreError(f"the copy in {target} does not match {source} (counts or checksum differ): "
                                 "nothing was committed")
    finally:
        await conn.close()
    return MigrationReport(counts, checksum, copied=True)
