"""The digest's way of talking to Discord: check a channel, post payloads, read recent posts.

The digest scheduler only knows the ``Poster`` protocol, so it can be tested without Discord;
this is the real implementation on top of a connected discord.py client. Channels are
addressed by id through partial messageables, so a post does not depend on what is cached.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
import discord

from bot.discord_app.views import outgoing_from_payload

try:
    from bot.digest.ports import PostError
except ImportError:  # the digest package defines it; this keeps the runtime importable on its own

    class PostError(Exception):  # type: ignore[no-redef]
        """Posting failed; ``kind`` tells the scheduler whether a retry can help."""

        def __init__(self, kind: str, message: str) -> None:
            super().__init__(message)
            self.kind = kind
            self.message = message


log = logging.getLogger(__name__)

# PostError kinds
FORBIDDEN = "forbidden"  # the bot lacks a permission there: an admin must fix it, retrying will not help
MISSING = "missing"  # the channel is gone or invisible to the bot
REJECTED = "rejected"  # Discord refused the message itself (a bug on our side)
TRANSIENT = "transient"  # network trouble, rate limits, Discord outage: retry later

MESSAGEABLE_TYPES = (discord.TextChannel, discord.Thread, discord.VoiceChannel, discord.StageChannel)


class DiscordPoster:
    """``Poster`` for the digest, backed by a logged-in discord.py client."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def _channel(self, channel_id: int) -> discord.abc.GuildChannel | discord.Thread | None:
        channel = self.client.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.client.fetch_channel(channel_id)
            except (discord.NotFound, discord.Forbidden):
                return None
        return channel  # type: ignore[return-value]

    async def can_post(self, channel_id: int) -> str | None:
        """None when the bot can send messages with embeds in the channel, else why not."""
        try:
            channel = await self._channel(channel_id)
        except (discord.HTTPException, aiohttp.ClientError, OSError) as exc:
            return f"I could not look up that channel right now ({_describe(exc)}); try again in a minute."
        if channel is None:
            return "I cannot see that channel: it may have been deleted, or I lack the View Channel permission."
        if not isinstance(channel, MESSAGEABLE_TYPES):
            return f"{_mention(channel_id)} is not a channel I can post messages in; pick a text channel."
        guild = channel.guild
        me = guild.me
        if me is None:
            try:
                me = await guild.fetch_member(self.client.user.id)  # type: ignore[union-attr]
            except discord.HTTPException as exc:
                return f"I could not check my permissions in that server ({_describe(exc)})."
        permissions = channel.permissions_for(me)
        missing = [name for name, allowed in (
            ("View Channel", permissions.view_channel),
            ("Send Messages in Threads" if isinstance(channel, discord.Thread) else "Send Messages",
             permissions.send_messages_in_threads if isinstance(channel, discord.Thread)
             else permissions.send_messages),
            ("Embed Links", permissions.embed_links),
        ) if not allowed]
        if missing:
            return f"I need the {', '.join(missing)} permission(s) in {_mention(channel_id)}."
        return None

    async def send(self, channel_id: int, payloads: list[dict[str, Any]]) -> list[int]:
        """Post each payload in order; the ids of the messages posted.

        Raises ``PostError`` on the first failure; messages already posted stay (their ids are
        in the error's ``message_ids`` so a retry can skip them).
        """
        channel = self.client.get_partial_messageable(channel_id)
        ids: list[int] = []
        for payload in payloads:
            message = outgoing_from_payload(payload)
            try:
                sent = await channel.send(**message.channel_kwargs())
            except Exception as exc:
                error = _post_error(exc, channel_id)
                error.message_ids = list(ids)  # type: ignore[attr-defined]
                raise error from exc
            ids.append(sent.id)
        return ids

    async def recent_messages(self, channel_id: int, limit: int = 50) -> list[tuple[int, str, list[dict[str, Any]]]]:
        """The channel's latest messages (newest first): id, content, embeds as dicts."""
        channel = self.client.get_partial_messageable(channel_id)
        try:
            return [(message.id, message.content, [embed.to_dict() for embed in message.embeds])
                    async for message in channel.history(limit=limit)]
        except Exception as exc:
            raise _post_error(exc, channel_id) from exc


def _mention(channel_id: int) -> str:
    return f"<#{channel_id}>"


def _describe(exc: BaseException) -> str:
    if isinstance(exc, discord.HTTPException):
        return f"Discord said {exc.status}: {exc.text or exc.response.reason}"
    return str(exc) or type(exc).__name__


def _post_error(exc: BaseException, channel_id: int) -> Exception:
    """Classify a failure so the scheduler knows whether a retry can help."""
    where = _mention(channel_id)
    if isinstance(exc, discord.Forbidden):
        return PostError(FORBIDDEN, f"I am not allowed to post in {where} (missing permission).")
    if isinstance(exc, discord.NotFound):
        return PostError(MISSING, f"The channel {where} no longer exists or I cannot see it.")
    if isinstance(exc, discord.HTTPException):
        if exc.status == 429 or exc.status >= 500:
            return PostError(TRANSIENT, f"Discord is busy or unavailable ({exc.status}); will retry.")
        return PostError(REJECTED, f"Discord rejected the message ({_describe(exc)}).")
    if isinstance(exc, aiohttp.ClientError | OSError | TimeoutError):
        return PostError(TRANSIENT, f"Could not reach Discord ({_describe(exc)}); will retry.")
    if isinstance(exc, PostError):
        return exc
    return PostError(REJECTED, f"Posting failed: {_describe(exc)}")
