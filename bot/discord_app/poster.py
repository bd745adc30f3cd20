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

from bot.digest.ports import PostError
from bot.discord_app.views import outgoing_from_payload

log = logging.getLogger(__name__)

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
        return channel  # type: ignore[return-value]  # private channels too; can_post checks the type

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
                me = await guild.fetch_member(self.client.user.id)
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

    async def send(self, channel_id: int, payloads: list[dict[str, Any]],
                   nonces: list[str] | None = None) -> list[int]:
        """Post each payload in order; the ids of the messages posted.

        Raises ``PostError`` on the first failure; messages already posted stay (their ids are
        in the error's ``message_ids``, so the digest does not post them again). With
        ``nonces``, discord.py sends ``enforce_nonce``: a repeat within Discord's few minutes
        returns the first message rather than posting a second.
        """
        channel = self.client.get_partial_messageable(channel_id)
        ids: list[int] = []
        for number, payload in enumerate(payloads):
            message = outgoing_from_payload(payload)
            extra: dict[str, Any] = {"nonce": nonces[number]} if nonces else {}
            try:
                sent = await channel.send(**message.channel_kwargs(), **extra)
            except Exception as exc:
                error = _post_error(exc, channel_id)
                error.message_ids = list(ids)
                raise error from exc
            ids.append(sent.id)
        return ids

    async def recent_messages(self, channel_id: int, limit: int = 50) -> list[tuple[int, str, list[dict[str, Any]]]]:
        """The channel's latest messages (newest first): id, content, embeds as dicts."""
        channel = self.client.get_partial_messageable(channel_id)
        try:
            return [(message.id, message.content, [dict(embed.to_dict()) for embed in message.embeds])
                    async for message in channel.history(limit=limit)]
        except Exception as exc:
            raise _post_error(exc, channel_id) from exc


def _mention(channel_id: int) -> str:
    return f"<#{channel_id}>"


def _describe(exc: BaseException) -> str:
    if isinstance(exc, discord.HTTPException):
        return f"Discord said {exc.status}: {exc.text or exc.response.reason}"
    return str(exc) or type(exc).__name__


def _retry_after(exc: discord.HTTPException) -> float | None:
    headers = getattr(exc.response, "headers", None) or {}
    try:
        return float(headers.get("Retry-After", ""))
    except ValueError:
        return None


def _post_error(exc: BaseException, channel_id: int) -> PostError:
    """Classify a failure so the scheduler knows whether retrying soon can help.

    Only outages, rate limits and network trouble are ``transient``. Any other refusal by
    Discord (missing permission, or a message it rejects) would fail the same way again, so it
    is reported like a permission problem: recorded, shown in ``/digest status``, tried the
    next day.
    """
    where = _mention(channel_id)
    if isinstance(exc, PostError):
        return exc
    if isinstance(exc, discord.NotFound):
        return PostError("not_found", f"The channel {where} no longer exists or I cannot see it.")
    if isinstance(exc, discord.Forbidden):
        return PostError("forbidden", f"I am not allowed to post in {where} (missing permission).")
    if isinstance(exc, discord.HTTPException):
        if exc.status == 429 or exc.status >= 500:
            return PostError("transient", f"Discord is busy or unavailable ({exc.status}).",
                             retry_after=_retry_after(exc))
        return PostError("forbidden", f"Discord refused the post in {where} ({_describe(exc)}).")
    if isinstance(exc, aiohttp.ClientError | OSError | TimeoutError):
        return PostError("transient", f"Could not reach Discord ({_describe(exc)}).")
    log.error("unexpected failure talking to Discord about channel %s", channel_id, exc_info=exc)
    return PostError("transient", f"Posting in {where} failed: {_describe(exc)}")
