"""What the digest needs from the outside world: a way to post, and a clock.

The digest never imports discord.py. The Discord runtime implements ``Poster``; tests use a fake.
Time comes from a ``Clock`` so the scheduler can be driven through days of simulated time
without waiting (see ``bot.digest.clock``).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Protocol, runtime_checkable

PostErrorKind = Literal["forbidden", "not_found", "transient"]
POST_ERROR_KINDS: frozenset[str] = frozenset({"forbidden", "not_found", "transient"})


class PostError(Exception):
    """Posting failed. ``kind`` decides what the digest does about it.

    - ``forbidden``: the bot lacks permission in the channel (recorded, retried the next day);
    - ``not_found``: the channel is gone (recorded, retried the next day);
    - ``transient``: a Discord 5xx, a 429 or a timeout; retried with backoff within the
      catch-up window, waiting at least ``retry_after`` seconds when Discord said so.
    """

    def __init__(self, kind: PostErrorKind, message: str = "", *, retry_after: float | None = None) -> None:
        if kind not in POST_ERROR_KINDS:
            raise ValueError(f"unknown PostError kind {kind!r}")
        super().__init__(message or kind)
        self.kind: PostErrorKind = kind
        self.message = message or kind
        self.retry_after = retry_after
        # Ids of the messages that did go out before the failure (a digest of several messages
        # can fail half-way); the digest records them instead of posting those pages again.
        self.message_ids: list[int] = []


@runtime_checkable
class Poster(Protocol):
    """Posts digest messages to a channel and reads a channel's recent messages back."""

    async def can_post(self, channel_id: int) -> str | None:
        """None when the bot can send messages with embeds there, else a reason a person can act on."""
        ...

    async def send(self, channel_id: int, payloads: list[dict], nonces: list[str] | None = None) -> list[int]:
        """Send one message per payload, in order; return the message ids. Raises ``PostError``.

        ``nonces`` (one per payload, at most 25 characters) make Discord return the message
        already sent with the same nonce, minutes ago, instead of posting it again.
        """
        ...

    async def recent_messages(self, channel_id: int, limit: int = 50) -> list[tuple[int, str, list[dict]]]:
        """The channel's latest messages as (message id, content, embeds as dicts), newest first.

        Used after a restart to find out whether a claimed digest reached Discord.
        Raises ``PostError`` like ``send``.
        """
        ...


@runtime_checkable
class Clock(Protocol):
    """Wall-clock time for the scheduler; injected so tests run days in milliseconds."""

    def now(self) -> dt.datetime:
        """The current time, timezone-aware, in UTC."""
        ...

    async def sleep_until(self, when: dt.datetime) -> None:
        """Return once ``now() >= when`` (immediately when that is already so)."""
        ...
