"""The watched sources' SQL: each source's health, its transitions, the notices servers got about
them, what each source already handed to ingest, and the feeds' conditional-request headers.

The state lives here rather than in the watching process because ``briefbot watch`` may run on
another machine than the bot: the watcher records transitions, the bot posts the ones it has not
posted yet. Notices are exactly once like the digest: a (transition, server) row is *claimed*
before anything is sent and finished with the message id after, so a restart finds the claim.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from bot.store._db import Db
from bot.store.digest import from_text, to_text

OK = "ok"
FAILING = "failing"
STALE = "stale"
STATES = (OK, FAILING, STALE)

CLAIMED = "claimed"
POSTED = "posted"
FAILED = "failed"


@dataclass(frozen=True, slots=True)
class SourceState:
    """One watched source as last seen."""

    source: str
    kind: str  # 'folder' | 'git' | 'feed'
    state: str  # OK | FAILING | STALE
    error: str | None
    since: dt.datetime  # when the current state began
    first_seen: dt.datetime
    checked_at: dt.datetime | None = None
    last_success: dt.datetime | None = None
    last_new: dt.datetime | None = None
    last_error_at: dt.datetime | None = None
    cursor: str | None = None  # git: the last commit ingested


@dataclass(frozen=True, slots=True)
class Transition:
    """A change of a source's state; ``notify`` when it went bad or recovered."""

    id: int
    source: str
    old_state: str | None
    new_state: str
    error: str | None
    at: dt.datetime
    notify: bool


@dataclass(frozen=True, slots=True)
class Notice:
    """One server's message about one transition, from claim to outcome."""

    transition_id: int
    guild_id: int
    status: str  # CLAIMED | POSTED | FAILED
    channel_id: int
    marker: str
    message_id: int | None
    error: str | None
    at: dt.datetime


_STATE_COLUMNS = ("source, kind, state, error, since, first_seen, checked_at, last_success, last_new, "
                  "last_error_at, cursor")
_TRANSITION_COLUMNS = "id, source, old_state, new_state, error, at, notify"
_NOTICE_COLUMNS = "transition_id, guild_id, status, channel_id, marker, message_id, error, at"


def _time(value: object) -> dt.datetime | None:
    return from_text(None if value is None else str(value))


def _state(row: Iterable[object]) -> SourceState:
    source, kind, state, error, since, first_seen, checked_at, last_success, last_new, last_error_at, cursor = row
    return SourceState(
        source=str(source), kind=str(kind), state=str(state), error=None if error is None else str(error),
        since=_time(since), first_seen=_time(first_seen),  # type: ignore[arg-type]  # NOT NULL columns
        checked_at=_time(checked_at), last_success=_time(last_success), last_new=_time(last_new),
        last_error_at=_time(last_error_at), cursor=None if cursor is None else str(cursor),
    )


def _transition(row: Iterable[object]) -> Transition:
    id_, source, old_state, new_state, error, at, notify = row
    return Transition(int(id_), str(source), None if old_state is None else str(old_state),  # type: ignore[call-overload]  # SQLite values: int columns
                      str(new_state), None if error is None else str(error), _time(at), bool(notify))  # type: ignore[arg-type]  # at: NOT NULL


def _notice(row: Iterable[object]) -> Notice:
    transition_id, guild_id, status, channel_id, marker, message_id, error, at = row
    return Notice(int(transition_id), int(guild_id), str(status), int(channel_id),  # type: ignore[call-overload]  # SQLite values: int columns
                  str(marker), None if message_id is None else int(message_id),  # type: ignore[call-overload]  # SQLite values: int columns
                  None if error is None else str(error), _time(at))  # type: ignore[arg-type]  # at: NOT NULL


def _opt(value: dt.datetime | None) -> str | None:
    return None if value is None else to_text(value)


class SourceStore:
    """Source state, over either backend's ``Db`` (``bot.store._db``)."""

    def __init__(self, db: Db) -> None:
        self._db = db

    async def _read(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        return list(await self._db.fetch(sql, params))

    # ---- health ------------------------------------------------------------------------------

    async def get(self, source: str) -> SourceState | None:
        rows = await self._read(f"SELECT {_STATE_COLUMNS} FROM source_state WHERE source = ?", (source,))
        return _state(rows[0]) if rows else None

    async def states(self) -> list[SourceState]:
        rows = await self._read(f"SELECT {_STATE_COLUMNS} FROM source_state ORDER BY source")
        return [_state(row) for row in rows]

    async def record(self, state: SourceState, *, previous: str | None, notify: bool) -> Transition | None:
        """Save ``state``; when its state differs from ``previous`` (or the source is new and not
        ok) add a transition in the same transaction and return it."""
        changed = previous != state.state and not (previous is None and state.state == OK)
        async with self._db.transaction() as tx:
            await tx.execute(
                f"""INSERT INTO source_state ({_STATE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (source) DO UPDATE SET
                        kind = excluded.kind, state = excluded.state, error = excluded.error,
                        since = excluded.since, checked_at = excluded.checked_at,
                        last_success = excluded.last_success, last_new = excluded.last_new,
                        last_error_at = excluded.last_error_at, cursor = excluded.cursor""",
                (state.source, state.kind, state.state, state.error, to_text(state.since),
                 to_text(state.first_seen), _opt(state.checked_at), _opt(state.last_success),
                 _opt(state.last_new), _opt(state.last_error_at), state.cursor),
            )
            if not changed:
                return None
            at = state.checked_at or state.since
            inserted = await tx.fetch(
                "INSERT INTO source_transitions (source, old_state, new_state, error, at, notify) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (state.source, previous, state.state, state.error, to_text(at), int(notify)),
            )
            return Transition(int(inserted[0][0]), state.source, previous, state.state, state.error,
                              at.astimezone(dt.UTC), notify)

    async def transitions(self, source: str | None = None, *, limit: int = 50) -> list[Transition]:
        """Newest first."""
        where, params = ("WHERE source = ?", (source,)) if source is not None else ("", ())
        rows = await self._read(
            f"SELECT {_TRANSITION_COLUMNS} FROM source_transitions {where} ORDER BY id DESC LIMIT ?",
            (*params, limit))
        return [_transition(row) for row in rows]

    # ---- what each source has handed to ingest ------------------------------------------------

    async def seen_entries(self, source: str) -> set[str]:
        rows = await self._read("SELECT entry_key FROM source_entries WHERE source = ?", (source,))
        return {str(row[0]) for row in rows}

    async def mark_entries(self, source: str, entries: Iterable[tuple[str, str | None, str | None, str | None]],
                           now: dt.datetime) -> None:
        """Remember feed entries as handled: (key, url, file it became, error or None)."""
        rows = [(source, key, url, path, error, to_text(now)) for key, url, path, error in entries]
        if not rows:
            return
        async with self._db.transaction() as tx:
            await tx.executemany(
                """INSERT INTO source_entries (source, entry_key, url, path, error, seen_at)
                   VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT (source, entry_key) DO UPDATE SET
                       url = excluded.url, path = excluded.path, error = excluded.error,
                       seen_at = excluded.seen_at""",
                rows,
            )

    async def files(self, source: str) -> dict[str, tuple[int, int]]:
        """Folder files as last ingested: path → (size, mtime in ns)."""
        rows = await self._read(
            "SELECT entry_key, size, mtime_ns FROM source_entries WHERE source = ? AND size IS NOT NULL",
            (source,))
        return {str(path): (int(size), int(mtime)) for path, size, mtime in rows}  # type: ignore[call-overload]  # SQLite values: int columns

    async def save_files(self, source: str, files: Iterable[tuple[str, int, int]], removed: Iterable[str],
                         now: dt.datetime) -> None:
        """Record the fingerprints of the files just ingested, and forget files that are gone."""
        rows = [(source, path, path, size, mtime, to_text(now)) for path, size, mtime in files]
        gone = [(source, path) for path in removed]
        if not rows and not gone:
            return
        async with self._db.transaction() as tx:
            await tx.executemany(
                """INSERT INTO source_entries (source, entry_key, path, size, mtime_ns, seen_at)
                   VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT (source, entry_key) DO UPDATE SET
                       size = excluded.size, mtime_ns = excluded.mtime_ns, seen_at = excluded.seen_at""",
                rows,
            )
            await tx.executemany("DELETE FROM source_entries WHERE source = ? AND entry_key = ?", gone)

    async def set_cursor(self, source: str, cursor: str) -> None:
        async with self._db.transaction() as tx:
            await tx.execute("UPDATE source_state SET cursor = ? WHERE source = ?", (cursor, source))

    # ---- conditional requests ---------------------------------------------------------------

    async def validators(self, url: str) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified the server sent with the last full answer for ``url``."""
        rows = await self._read("SELECT etag, last_modified FROM source_http WHERE url = ?", (url,))
        if not rows:
            return None, None
        etag, modified = rows[0]
        return (None if etag is None else str(etag)), (None if modified is None else str(modified))

    async def save_validators(self, url: str, etag: str | None, last_modified: str | None,
                              now: dt.datetime) -> None:
        async with self._db.transaction() as tx:
            await tx.execute(
                """INSERT INTO source_http (url, etag, last_modified, updated_at) VALUES (?, ?, ?, ?)
                   ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                       updated_at = excluded.updated_at""",
                (url, etag, last_modified, to_text(now)),
            )

    # ---- notices to servers -----------------------------------------------------------------

    async def notable_transitions(self, since: dt.datetime) -> list[Transition]:
        """Transitions servers are told about, from ``since`` on, oldest first."""
        rows = await self._read(
            f"SELECT {_TRANSITION_COLUMNS} FROM source_transitions WHERE notify = 1 AND at >= ? ORDER BY id",
            (to_text(since),))
        return [_transition(row) for row in rows]

    async def notices(self, transition_ids: Iterable[int]) -> dict[tuple[int, int], Notice]:
        """(transition id, guild id) → notice, for the given transitions."""
        ids = list(transition_ids)
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        rows = await self._read(f"SELECT {_NOTICE_COLUMNS} FROM source_notices WHERE transition_id IN ({marks})",
                                tuple(ids))
        notices = (_notice(row) for row in rows)
        return {(n.transition_id, n.guild_id): n for n in notices}

    async def claim_notice(self, transition_id: int, guild_id: int, *, channel_id: int, marker: str,
                           now: dt.datetime) -> bool:
        """Claim the server's notice about a transition; False when it was claimed already."""
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                f"""INSERT INTO source_notices ({_NOTICE_COLUMNS}) VALUES (?, ?, ?, ?, ?, NULL, NULL, ?)
                    ON CONFLICT (transition_id, guild_id) DO NOTHING""",
                (transition_id, guild_id, CLAIMED, channel_id, marker, to_text(now)),
            )
            return changed > 0

    async def finish_notice(self, transition_id: int, guild_id: int, marker: str, *, status: str,
                            message_id: int | None = None, error: str | None = None,
                            now: dt.datetime) -> bool:
        """Record how a claimed notice ended (only the claim with ``marker``)."""
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                """UPDATE source_notices SET status = ?, message_id = ?, error = ?, at = ?
                    WHERE transition_id = ? AND guild_id = ? AND marker = ? AND status = ?""",
                (status, message_id, error, to_text(now), transition_id, guild_id, marker, CLAIMED),
            )
            return changed > 0
