"""The follows' SQL: who follows which topic where, one alert claim per (target, sheet version),
which sheet versions were checked, and what matched each server.

Exactly-once rests on ``follow_alerts``' primary key ``(target, identity, content_hash)``: an alert
is *claimed* (its row inserted, with the message to send) in the same transaction that marks the
sheet version checked, before anything is sent. A restart, a second process or a re-ingest of the
same file finds the row instead of alerting again; a claim left unsent is found by its status.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.store._db import Db
from bot.store.digest import from_text, to_text

CLAIMED = "claimed"
POSTED = "posted"
FAILED = "failed"


def channel_target(channel_id: int) -> str:
    return f"c:{channel_id}"


def user_target(user_id: int) -> str:
    return f"u:{user_id}"


@dataclass(frozen=True, slots=True)
class Follow:
    """One ``/follow add``: a topic, where its alerts go, whom they ping."""

    id: int
    guild_id: int
    user_id: int
    channel_id: int | None  # None: by DM to user_id
    role_id: int | None
    topic: str
    min_amount: float | None
    created_at: dt.datetime
    last_error: str | None = None
    last_error_at: dt.datetime | None = None
    broken: bool = False

    @property
    def target(self) -> str:
        return channel_target(self.channel_id) if self.channel_id is not None else user_target(self.user_id)


@dataclass(frozen=True, slots=True)
class AlertClaim:
    """One alert to one channel or person about one version of one sheet."""

    target: str
    identity: str
    content_hash: str
    guild_id: int
    kind: str  # 'new' | 'updated'
    status: str
    marker: str
    payload: dict[str, object]
    title: str
    role_id: int | None
    follow_ids: tuple[int, ...]
    attempts: int
    claimed_at: dt.datetime
    posted_at: dt.datetime | None = None
    message_id: int | None = None
    error: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.target, self.identity, self.content_hash)


@dataclass(frozen=True, slots=True)
class PendingSheet:
    """A stored sheet version no follow has been checked against yet."""

    document_id: int
    identity: str
    content_hash: str
    known: bool  # another version of the same sheet was checked before: an update


@dataclass(frozen=True, slots=True)
class TopicMatch:
    """What matched one server's follows (for the digest's "Your topics")."""

    identity: str
    kind: str
    title: str
    topics: tuple[str, ...]
    matched_at: dt.datetime


_FOLLOW_COLUMNS = ("id, guild_id, user_id, channel_id, role_id, topic, min_amount, created_at, last_error, "
                   "last_error_at, broken")
_ALERT_COLUMNS = ("target, identity, content_hash, guild_id, kind, status, marker, payload, title, role_id, "
                  "follow_ids, attempts, claimed_at, posted_at, message_id, error")


def _int(value: object) -> int:
    """An INTEGER column's value (SQLite hands rows back as untyped objects)."""
    if isinstance(value, int):
        return value
    if isinstance(value, (str, float)):
        return int(value)
    raise TypeError(f"expected an integer from the database, got {type(value).__name__}")


def _opt_int(value: object) -> int | None:
    return None if value is None else _int(value)


def _opt_float(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, (int, float, str)):
        return float(value)
    raise TypeError(f"expected a number from the database, got {type(value).__name__}")


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


def _time(value: object) -> dt.datetime | None:
    return from_text(None if value is None else str(value))


def _follow(row: Sequence[object]) -> Follow:
    (id_, guild_id, user_id, channel_id, role_id, topic, min_amount, created_at, last_error, last_error_at,
     broken) = row
    return Follow(_int(id_), _int(guild_id), _int(user_id), _opt_int(channel_id), _opt_int(role_id), str(topic),
                  _opt_float(min_amount), _time(created_at) or dt.datetime.now(dt.UTC),
                  _opt_str(last_error), _time(last_error_at), bool(broken))


def _alert(row: Sequence[object]) -> AlertClaim:
    (target, identity, content_hash, guild_id, kind, status, marker, payload, title, role_id, follow_ids,
     attempts, claimed_at, posted_at, message_id, error) = row
    return AlertClaim(str(target), str(identity), str(content_hash), _int(guild_id), str(kind),
                      str(status), str(marker), json.loads(str(payload)), str(title), _opt_int(role_id),
                      tuple(_int(i) for i in json.loads(str(follow_ids))), _int(attempts),
                      _time(claimed_at) or dt.datetime.now(dt.UTC), _time(posted_at), _opt_int(message_id),
                      _opt_str(error))


class FollowStore:
    """Follows and their alerts, over either backend's ``Db`` (``bot.store._db``)."""

    def __init__(self, db: Db) -> None:
        self._db = db

    async def _read(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        return await self._db.fetch(sql, params)

    # ---- follows -----------------------------------------------------------------------------

    async def add(self, *, guild_id: int, user_id: int, channel_id: int | None, role_id: int | None, topic: str,
                  min_amount: float | None, now: dt.datetime, per_server: int, per_person: int) -> Follow | str:
        """Add a follow, or say why not (a limit, or the same follow exists)."""
        async with self._db.transaction() as tx:
            rows = await tx.fetch(
                "SELECT count(*), sum(CASE WHEN user_id = ? AND channel_id IS NULL THEN 1 ELSE 0 END) "
                "FROM follows WHERE guild_id = ?", (user_id, guild_id))
            in_server, personal = _int(rows[0][0] or 0), _int(rows[0][1] or 0)
            if in_server >= per_server:
                return f"This server follows {in_server} topics already, the most allowed ({per_server})."
            if channel_id is None and personal >= per_person:
                return f"You follow {personal} topics here already, the most allowed ({per_person})."
            added = await tx.fetch(
                """INSERT INTO follows (guild_id, user_id, channel_id, role_id, topic, min_amount, created_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id""",
                (guild_id, user_id, channel_id, role_id, topic, None if min_amount is None else float(min_amount),
                 to_text(now)))
            if not added:
                return "That follow exists already (see `/follow list`)."
            follow_id = _int(added[0][0])
        return Follow(follow_id, guild_id, user_id, channel_id, role_id, topic, min_amount, now.astimezone(dt.UTC))

    async def get(self, follow_id: int) -> Follow | None:
        rows = await self._read(f"SELECT {_FOLLOW_COLUMNS} FROM follows WHERE id = ?", (follow_id,))
        return _follow(rows[0]) if rows else None

    async def of_guild(self, guild_id: int) -> list[Follow]:
        rows = await self._read(f"SELECT {_FOLLOW_COLUMNS} FROM follows WHERE guild_id = ? ORDER BY id", (guild_id,))
        return [_follow(row) for row in rows]

    async def all(self) -> list[Follow]:
        rows = await self._read(f"SELECT {_FOLLOW_COLUMNS} FROM follows ORDER BY id")
        return [_follow(row) for row in rows]

    async def version(self) -> tuple[int, int]:
        """Changes whenever follows are added or removed (the matcher is rebuilt then)."""
        rows = await self._read("SELECT count(*), COALESCE(max(id), 0) FROM follows")
        return _int(rows[0][0]), _int(rows[0][1])

    async def remove(self, follow_id: int, guild_id: int) -> Follow | None:
        async with self._db.transaction() as tx:
            rows = await tx.fetch(
                f"SELECT {_FOLLOW_COLUMNS} FROM follows WHERE id = ? AND guild_id = ?", (follow_id, guild_id))
            if not rows:
                return None
            await tx.execute("DELETE FROM follows WHERE id = ?", (follow_id,))
        return _follow(rows[0])

    async def remove_guild(self, guild_id: int) -> int:
        """The bot left the server: its follows go (alerts already sent stay recorded)."""
        async with self._db.transaction() as tx:
            removed = await tx.execute("DELETE FROM follows WHERE guild_id = ?", (guild_id,))
            await tx.execute("DELETE FROM follow_matches WHERE guild_id = ?", (guild_id,))
            return removed

    async def record_fault(self, follow_ids: Iterable[int], error: str | None, now: dt.datetime, *,
                           broken: bool = False) -> None:
        """Note a delivery problem on the follows (None clears it); ``broken``: do not try again."""
        ids = list(follow_ids)
        if not ids:
            return
        marks = ",".join("?" * len(ids))
        async with self._db.transaction() as tx:
            await tx.execute(
                f"UPDATE follows SET last_error = ?, last_error_at = ?, broken = ? WHERE id IN ({marks})",
                (error, to_text(now) if error else None, int(broken), *ids))

    # ---- checking sheets ---------------------------------------------------------------------

    async def is_baselined(self, scope: str) -> bool:
        return bool(await self._read("SELECT 1 FROM follow_baselines WHERE scope = ?", (scope,)))

    async def baseline(self, scope: str, now: dt.datetime) -> int:
        """Mark every stored sheet version checked without alerting: a first run does not alert
        about the library that was already there."""
        async with self._db.transaction() as tx:
            marked = await tx.execute(
                """INSERT INTO follow_checked (scope, identity, content_hash, checked_at)
                   SELECT CAST(? AS TEXT), identity, content_hash, CAST(? AS TEXT) FROM documents WHERE true
                   ON CONFLICT DO NOTHING""",
                (scope, to_text(now)))
            await tx.execute("INSERT INTO follow_baselines (scope, baselined_at) VALUES (?, ?) "
                             "ON CONFLICT DO NOTHING", (scope, to_text(now)))
            return marked

    async def pending(self, scope: str, limit: int = 500) -> list[PendingSheet]:
        """Stored sheet versions not yet checked, oldest stored first."""
        rows = await self._read(
            """SELECT d.id, d.identity, d.content_hash,
                      EXISTS (SELECT 1 FROM follow_checked k WHERE k.scope = ? AND k.identity = d.identity)
                 FROM documents d
                WHERE NOT EXISTS (SELECT 1 FROM follow_checked c
                                   WHERE c.scope = ? AND c.identity = d.identity AND c.content_hash = d.content_hash)
                ORDER BY d.ingested_at, d.id LIMIT ?""", (scope, scope, limit))
        return [PendingSheet(_int(r[0]), str(r[1]), str(r[2]), bool(r[3])) for r in rows]

    async def sheet_text(self, document_id: int) -> tuple[str, str] | None:
        """(title, body text) of a stored sheet, for matching."""
        rows = await self._read("SELECT title, body_text FROM documents WHERE id = ?", (document_id,))
        return (str(rows[0][0]), str(rows[0][1])) if rows else None

    async def acronym_map(self) -> dict[str, str]:
        """Every acronym the library defines (short → first full name seen), for topic expansion."""
        rows = await self._read('SELECT short, "full" FROM acronyms ORDER BY document_id, short')
        out: dict[str, str] = {}
        for short, full in rows:
            out.setdefault(str(short), str(full))
        return out

    async def settle_sheet(self, scope: str, sheet: PendingSheet, claims: Sequence[AlertClaim],
                           matches: Sequence[tuple[int, TopicMatch]], now: dt.datetime) -> list[AlertClaim]:
        """In one transaction: claim each alert (skipping ones claimed already), note what matched
        each server, and mark the sheet version checked. Returns the claims that are new."""
        fresh: list[AlertClaim] = []
        async with self._db.transaction() as tx:
            for claim in claims:
                claimed = await tx.execute(
                    f"""INSERT INTO follow_alerts ({_ALERT_COLUMNS})
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, NULL, NULL, NULL)
                        ON CONFLICT DO NOTHING""",
                    (claim.target, claim.identity, claim.content_hash, claim.guild_id, claim.kind, CLAIMED,
                     claim.marker, json.dumps(claim.payload), claim.title, claim.role_id,
                     json.dumps(list(claim.follow_ids)), to_text(now)))
                if claimed:
                    fresh.append(claim)
            await tx.executemany(
                """INSERT INTO follow_matches (guild_id, identity, content_hash, kind, title, topics, matched_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                [(guild_id, match.identity, sheet.content_hash, match.kind, match.title,
                  json.dumps(list(match.topics)), to_text(match.matched_at)) for guild_id, match in matches])
            await tx.execute(
                "INSERT INTO follow_checked (scope, identity, content_hash, checked_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING", (scope, sheet.identity, sheet.content_hash, to_text(now)))
        return fresh

    async def matches_since(self, guild_id: int, since: dt.datetime) -> list[TopicMatch]:
        rows = await self._read(
            "SELECT identity, kind, title, topics, matched_at FROM follow_matches "
            "WHERE guild_id = ? AND matched_at >= ? ORDER BY matched_at, identity", (guild_id, to_text(since)))
        return [TopicMatch(str(r[0]), str(r[1]), str(r[2]), tuple(json.loads(str(r[3]))),
                           _time(r[4]) or since) for r in rows]

    # ---- alert claims ------------------------------------------------------------------------

    async def unfinished(self) -> list[AlertClaim]:
        rows = await self._read(f"SELECT {_ALERT_COLUMNS} FROM follow_alerts WHERE status = ? "
                                "ORDER BY claimed_at, target, identity", (CLAIMED,))
        return [_alert(row) for row in rows]

    async def alerts(self, *, target: str | None = None) -> list[AlertClaim]:
        where, params = ("WHERE target = ?", (target,)) if target else ("", ())
        rows = await self._read(f"SELECT {_ALERT_COLUMNS} FROM follow_alerts {where} "
                                "ORDER BY claimed_at, target, identity", params)
        return [_alert(row) for row in rows]

    async def attempted(self, key: tuple[str, str, str], error: str) -> None:
        """A transient failure: the claim stays, one attempt more."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE follow_alerts SET attempts = attempts + 1, error = ? "
                "WHERE target = ? AND identity = ? AND content_hash = ? AND status = ?", (error, *key, CLAIMED))

    async def mark_posted(self, key: tuple[str, str, str], message_id: int, now: dt.datetime, *,
                          follow_ids: Iterable[int] = (), note: str | None = None) -> None:
        """Record the alert sent and, in the same transaction, set the fault of ``follow_ids`` to
        ``note`` (None clears it): ``/follow list`` never shows a sent alert as failed."""
        ids = list(follow_ids)
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE follow_alerts SET status = ?, message_id = ?, posted_at = ?, error = NULL "
                "WHERE target = ? AND identity = ? AND content_hash = ?", (POSTED, message_id, to_text(now), *key))
            if ids:
                marks = ",".join("?" * len(ids))
                await tx.execute(
                    f"UPDATE follows SET last_error = ?, last_error_at = ?, broken = 0 WHERE id IN ({marks})",
                    (note, to_text(now) if note else None, *ids))

    async def mark_failed(self, key: tuple[str, str, str], error: str) -> None:
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE follow_alerts SET status = ?, error = ? WHERE target = ? AND identity = ? AND content_hash = ?",
                (FAILED, error, *key))
