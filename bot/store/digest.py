"""The digest's SQL: per-guild settings, one delivery row per guild and local day, spotlight rotation.

Exactly-once delivery rests on ``digest_posts``' primary key ``(guild_id, local_date)``: a
process *claims* a day by inserting its row before sending anything, so a second process (or
a restart) finds the claim instead of posting again. Updates that finish a claim name the
claim's marker, so they never overwrite a claim that replaced it. Each claim names the process
holding it (``claimed_by``); when that process is known to have stopped, another takes the claim
over (``take_over``, compare-and-swap on marker and holder) and settles it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from bot.store._db import Db

CLAIMED = "claimed"
POSTED = "posted"
SKIPPED = "skipped"
FAILED = "failed"
STATUSES = (CLAIMED, POSTED, SKIPPED, FAILED)

# Whether the process that holds a claim still runs: ``alive`` (leave it be), ``gone`` (its claim
# may be taken over), ``unknown`` (the backend cannot tell; settled when a process starts).
OwnerState = Literal["alive", "gone", "unknown"]


def owner_label(key: int) -> str:
    """``host/pid/key``: who holds a claim, readable in the database; ``key`` tells processes apart
    (a pid is reused; on PostgreSQL it is also the advisory lock that says the process is alive)."""
    return f"{socket.gethostname()}/{os.getpid()}/{key}"


def owner_key(label: str | None) -> int | None:
    try:
        return int(label.rsplit("/", 1)[1]) if label else None
    except (IndexError, ValueError):
        return None


def new_owner_key() -> int:
    """A random positive 63-bit key (a PostgreSQL advisory lock key is a signed bigint)."""
    return secrets.randbits(62) + 1


class ClaimOwners(Protocol):
    """This process's name on its claims, and whether the holders of other claims still run."""

    me: str

    async def hold(self) -> None:
        """Make sure other processes can see this one is alive (before it claims anything)."""
        ...

    async def states(self, owners: set[str]) -> dict[str, OwnerState]: ...

    async def close(self) -> None: ...


class LocalOwners:
    """SQLite: no lock another process could see, so only this process's own claims are known to
    be alive; anyone else's are ``unknown``: a process settles them when it starts, as before."""

    def __init__(self) -> None:
        self.me = owner_label(new_owner_key())

    async def hold(self) -> None:
        return None

    async def states(self, owners: set[str]) -> dict[str, OwnerState]:
        return {owner: "alive" if owner == self.me else "unknown" for owner in owners}

    async def close(self) -> None:
        return None


def to_text(value: dt.datetime) -> str:
    """UTC ISO 8601 with microseconds: one fixed shape, so text order is time order."""
    if value.tzinfo is None:
        raise ValueError("store times must be timezone-aware")
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def from_text(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class DigestConfig:
    """A guild's ``/digest setup``."""

    guild_id: int
    channel_id: int
    local_time: str  # 'HH:MM'
    timezone: str  # IANA name
    enabled: bool
    updated_at: dt.datetime
    last_error: str | None = None
    last_error_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class DigestPost:
    """One guild's digest for one local day, from claim to outcome."""

    guild_id: int
    local_date: dt.date
    status: str  # CLAIMED | POSTED | SKIPPED | FAILED
    channel_id: int | None
    marker: str
    due_at: dt.datetime | None
    claimed_at: dt.datetime
    posted_at: dt.datetime | None
    message_ids: tuple[int, ...]
    error: str | None
    claimed_by: str | None = None  # ``owner_label`` of the process that claimed it (None: unknown)

    @property
    def scheduled_at(self) -> dt.datetime:
        """When it was due (the claim time for rows written before due times were kept)."""
        return self.due_at or self.claimed_at


_CONFIG_COLUMNS = "guild_id, channel_id, local_time, timezone, enabled, updated_at, last_error, last_error_at"
_POST_COLUMNS = ("guild_id, local_date, status, channel_id, marker, due_at, claimed_at, posted_at, "
                 "message_ids, error, claimed_by")


def _config(row: tuple[Any, ...]) -> DigestConfig:
    guild_id, channel_id, local_time, timezone, enabled, updated_at, last_error, last_error_at = row
    return DigestConfig(
        guild_id=int(guild_id),
        channel_id=int(channel_id),
        local_time=str(local_time),
        timezone=str(timezone),
        enabled=bool(enabled),
        updated_at=from_text(str(updated_at)),  # type: ignore[arg-type]  # a NOT NULL column: never None
        last_error=last_error,
        last_error_at=from_text(last_error_at),
    )


def _post(row: tuple[Any, ...]) -> DigestPost:
    (guild_id, local_date, status, channel_id, marker, due_at, claimed_at, posted_at, message_ids,
     error, claimed_by) = row
    return DigestPost(
        guild_id=int(guild_id),
        local_date=dt.date.fromisoformat(str(local_date)),
        status=str(status),
        channel_id=None if channel_id is None else int(channel_id),
        marker=str(marker),
        due_at=from_text(due_at),
        claimed_at=from_text(str(claimed_at)),  # type: ignore[arg-type]  # a NOT NULL column: never None
        posted_at=from_text(posted_at),
        message_ids=tuple(int(i) for i in json.loads(str(message_ids) or "[]")),
        error=error,
        claimed_by=None if claimed_by is None else str(claimed_by),
    )


class DigestStore:
    """Per-guild digest state, over either backend's ``Db`` (``bot.store._db``); ``owners`` says
    who this process is on its claims and whether other claimants still run."""

    def __init__(self, db: Db, owners: ClaimOwners | None = None) -> None:
        self._db = db
        self._owners: ClaimOwners = owners if owners is not None else LocalOwners()

    @property
    def owner(self) -> str:
        """This process's ``claimed_by``."""
        return self._owners.me

    async def close(self) -> None:
        await self._owners.close()

    async def _read(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        return await self._db.fetch(sql, params)

    # ---- settings ----------------------------------------------------------------------------

    async def get_config(self, guild_id: int) -> DigestConfig | None:
        rows = await self._read(f"SELECT {_CONFIG_COLUMNS} FROM digest_settings WHERE guild_id = ?", (guild_id,))
        return _config(rows[0]) if rows else None

    async def configs(self, *, enabled_only: bool = True) -> list[DigestConfig]:
        where = " WHERE enabled = 1" if enabled_only else ""
        rows = await self._read(f"SELECT {_CONFIG_COLUMNS} FROM digest_settings{where} ORDER BY guild_id")
        return [_config(row) for row in rows]

    async def save_config(self, guild_id: int, channel_id: int, local_time: str, timezone: str,
                          now: dt.datetime) -> DigestConfig:
        """Turn the digest on with these settings; a fresh setup clears the last error."""
        async with self._db.transaction() as tx:
            await tx.execute(
                """INSERT INTO digest_settings (guild_id, channel_id, local_time, timezone, enabled, updated_at,
                                                last_error, last_error_at)
                   VALUES (?, ?, ?, ?, 1, ?, NULL, NULL)
                   ON CONFLICT (guild_id) DO UPDATE SET
                       channel_id = excluded.channel_id, local_time = excluded.local_time,
                       timezone = excluded.timezone, enabled = 1, updated_at = excluded.updated_at,
                       last_error = NULL, last_error_at = NULL""",
                (guild_id, channel_id, local_time, timezone, to_text(now)),
            )
        return DigestConfig(guild_id, channel_id, local_time, timezone, True, now.astimezone(dt.UTC))

    async def disable(self, guild_id: int, now: dt.datetime) -> bool:
        """Turn the digest off; False when it was not on."""
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                "UPDATE digest_settings SET enabled = 0, updated_at = ? WHERE guild_id = ? AND enabled = 1",
                (to_text(now), guild_id),
            )
            return changed > 0

    async def set_error(self, guild_id: int, error: str | None, now: dt.datetime) -> str | None:
        """Record (or clear, with None) the guild's last error; returns the error it replaces."""
        async with self._db.transaction() as tx:
            rows = await tx.fetch(
                "SELECT last_error FROM digest_settings WHERE guild_id = ?", (guild_id,))
            previous = rows[0][0] if rows else None
            await tx.execute(
                "UPDATE digest_settings SET last_error = ?, last_error_at = ? WHERE guild_id = ?",
                (error, to_text(now) if error else None, guild_id),
            )
        return previous

    # ---- deliveries --------------------------------------------------------------------------

    async def claim(self, guild_id: int, local_date: dt.date, *, channel_id: int, marker: str,
                    due_at: dt.datetime, now: dt.datetime, status: str = CLAIMED) -> bool:
        """Claim the guild's day; False when a row for that day exists already (nothing changes)."""
        await self._owners.hold()
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                f"""INSERT INTO digest_posts ({_POST_COLUMNS})
                    VALUES (?, ?, ?, ?, ?, ?, ?, NULL, '[]', NULL, ?)
                    ON CONFLICT (guild_id, local_date) DO NOTHING""",
                (guild_id, local_date.isoformat(), status, channel_id, marker, to_text(due_at), to_text(now),
                 self.owner),
            )
            return changed > 0

    async def reclaim(self, guild_id: int, local_date: dt.date, *, expected_marker: str, expected_status: str,
                      channel_id: int, marker: str, due_at: dt.datetime, now: dt.datetime) -> bool:
        """Take over an existing row only if it is still exactly as read (compare-and-swap)."""
        await self._owners.hold()
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                """UPDATE digest_posts
                      SET status = ?, channel_id = ?, marker = ?, due_at = ?, claimed_at = ?, posted_at = NULL,
                          message_ids = '[]', error = NULL, claimed_by = ?
                    WHERE guild_id = ? AND local_date = ? AND marker = ? AND status = ?""",
                (CLAIMED, channel_id, marker, to_text(due_at), to_text(now), self.owner, guild_id,
                 local_date.isoformat(), expected_marker, expected_status),
            )
            return changed > 0

    async def owner_states(self, posts: Iterable[DigestPost]) -> dict[str | None, OwnerState]:
        """For each claimant of ``posts``: is it still running? (None, an old row's: unknown)."""
        owners = {post.claimed_by for post in posts}
        known = {owner for owner in owners if owner is not None}
        states: dict[str | None, OwnerState] = {}
        if known:
            states.update(await self._owners.states(known))
        if None in owners:
            states[None] = "unknown"
        return states

    async def take_over(self, post: DigestPost) -> bool:
        """Make an unfinished claim this process's, only if it is still exactly as read: same
        marker (messages already sent carry it) and same holder, still unfinished. Of several
        processes that saw the holder stop, one gets it."""
        await self._owners.hold()
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                """UPDATE digest_posts SET claimed_by = ?
                    WHERE guild_id = ? AND local_date = ? AND status = ? AND marker = ?
                      AND coalesce(claimed_by, '') = ?""",
                (self.owner, post.guild_id, post.local_date.isoformat(), CLAIMED, post.marker,
                 post.claimed_by or ""),
            )
            return changed > 0

    async def get_post(self, guild_id: int, local_date: dt.date) -> DigestPost | None:
        rows = await self._read(f"SELECT {_POST_COLUMNS} FROM digest_posts WHERE guild_id = ? AND local_date = ?",
                                (guild_id, local_date.isoformat()))
        return _post(rows[0]) if rows else None

    async def last_post(self, guild_id: int, *, statuses: tuple[str, ...] = STATUSES) -> DigestPost | None:
        """The guild's most recent digest row by due time, whatever became of it."""
        marks = ", ".join("?" for _ in statuses)
        rows = await self._read(
            f"""SELECT {_POST_COLUMNS} FROM digest_posts WHERE guild_id = ? AND status IN ({marks})
                ORDER BY coalesce(due_at, claimed_at) DESC, claimed_at DESC LIMIT 1""",
            (guild_id, *statuses),
        )
        return _post(rows[0]) if rows else None

    async def last_posts(self, guild_ids: Iterable[int] | None = None) -> dict[int, DigestPost]:
        """The most recent row of every guild (or of the given guilds), in one query."""
        rows = await self._read(
            f"""SELECT {_POST_COLUMNS} FROM (
                    SELECT *, row_number() OVER (PARTITION BY guild_id
                        ORDER BY coalesce(due_at, claimed_at) DESC, claimed_at DESC) AS recency
                    FROM digest_posts) AS latest WHERE recency = 1"""
        )
        wanted = None if guild_ids is None else set(guild_ids)
        posts = (_post(row) for row in rows)
        return {post.guild_id: post for post in posts if wanted is None or post.guild_id in wanted}

    async def previous_posted(self, guild_id: int, *, before: dt.date | None = None) -> DigestPost | None:
        """The last digest that reached the channel (other than the one for ``before``)."""
        rows = await self._read(
            f"""SELECT {_POST_COLUMNS} FROM digest_posts
                WHERE guild_id = ? AND status = ? AND local_date != ?
                ORDER BY claimed_at DESC LIMIT 1""",
            (guild_id, POSTED, before.isoformat() if before else ""),
        )
        return _post(rows[0]) if rows else None

    async def unfinished(self) -> list[DigestPost]:
        """Claims whose outcome was never recorded (the process stopped between claim and result)."""
        rows = await self._read(f"SELECT {_POST_COLUMNS} FROM digest_posts WHERE status = ? ORDER BY guild_id",
                                (CLAIMED,))
        return [_post(row) for row in rows]

    async def mark_posted(self, guild_id: int, local_date: dt.date, marker: str, message_ids: list[int],
                          now: dt.datetime, *, spotlight: tuple[str, int] | None = None) -> bool:
        """The digest reached the channel: store its message ids, the spotlight it showed, clear errors."""
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                """UPDATE digest_posts SET status = ?, posted_at = ?, message_ids = ?, error = NULL
                    WHERE guild_id = ? AND local_date = ? AND marker = ?""",
                (POSTED, to_text(now), json.dumps([int(i) for i in message_ids]), guild_id,
                 local_date.isoformat(), marker),
            )
            if changed == 0:
                return False
            if spotlight is not None:
                key, cycle = spotlight
                await tx.execute(
                    """INSERT INTO digest_spotlight (guild_id, initiative_key, cycle, shown_at) VALUES (?, ?, ?, ?)
                       ON CONFLICT DO NOTHING""",
                    (guild_id, key, cycle, to_text(now)),
                )
            await tx.execute(
                "UPDATE digest_settings SET last_error = NULL, last_error_at = NULL WHERE guild_id = ?",
                (guild_id,),
            )
            return True

    async def mark_failed(self, guild_id: int, local_date: dt.date, marker: str, error: str,
                          now: dt.datetime) -> bool:
        """The digest could not be posted today; the error is kept on the row and on the guild."""
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                "UPDATE digest_posts SET status = ?, error = ? WHERE guild_id = ? AND local_date = ? AND marker = ?",
                (FAILED, error, guild_id, local_date.isoformat(), marker),
            )
            await tx.execute(
                "UPDATE digest_settings SET last_error = ?, last_error_at = ? WHERE guild_id = ?",
                (error, to_text(now), guild_id),
            )
            return changed > 0

    async def mark_skipped(self, guild_id: int, local_date: dt.date, marker: str, reason: str) -> bool:
        """A claimed digest will not be sent (it went stale); nothing reached the channel."""
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                "UPDATE digest_posts SET status = ?, error = ? WHERE guild_id = ? AND local_date = ? AND marker = ?",
                (SKIPPED, reason, guild_id, local_date.isoformat(), marker),
            )
            return changed > 0

    async def record_skipped(self, guild_id: int, local_date: dt.date, *, channel_id: int, marker: str,
                             due_at: dt.datetime, now: dt.datetime, reason: str) -> bool:
        """Note a day whose digest was missed by more than the catch-up window."""
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                f"""INSERT INTO digest_posts ({_POST_COLUMNS})
                    VALUES (?, ?, ?, ?, ?, ?, ?, NULL, '[]', ?, ?)
                    ON CONFLICT (guild_id, local_date) DO NOTHING""",
                (guild_id, local_date.isoformat(), SKIPPED, channel_id, marker, to_text(due_at), to_text(now),
                 reason, self.owner),
            )
            return changed > 0

    # ---- spotlight ---------------------------------------------------------------------------

    async def spotlight_state(self, guild_id: int) -> tuple[int, frozenset[str]]:
        """The guild's current rotation cycle and the initiative keys already shown in it."""
        rows = await self._read(
            """SELECT initiative_key, cycle FROM digest_spotlight
                WHERE guild_id = ? AND cycle = (SELECT max(cycle) FROM digest_spotlight WHERE guild_id = ?)""",
            (guild_id, guild_id),
        )
        if not rows:
            return 0, frozenset()
        return int(rows[0][1]), frozenset(str(row[0]) for row in rows)

    async def document_identities(self) -> dict[int, str]:
        """Document id → identity (URL, else path): what stays the same when a sheet is re-ingested."""
        rows = await self._read("SELECT id, identity FROM documents")
        return {int(row[0]): str(row[1]) for row in rows}
