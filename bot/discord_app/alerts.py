"""Topic alerts on Discord: the ``AlertPoster`` over a connected client, and the loop that checks
for new sheets after each refresh.

A channel target is addressed by id (a text or announcement channel, or a thread); a forum gets
a new post per sheet; a person target is their DM channel. Only the roles named in the payload's
``allowed_mentions`` can be pinged. discord.py already waits out 429s (``retry_after``) and
retries 5xx answers; what still fails reaches ``AlertDelivery`` as a ``PostError``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import discord

from bot.app_protocol import BotApp
from bot.config import Settings
from bot.digest.ports import PostError
from bot.discord_app.poster import _post_error
from bot.follows.service import FollowService
from bot.tasks import cancel_and_wait

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _RoleRef:
    """A role to allow pinging; its id stays a string, so the payload names it as Discord documents."""

    id: str


def _mentions(data: dict[str, Any]) -> discord.AllowedMentions:
    roles = [_RoleRef(str(int(r))) for r in data.get("roles") or []]
    return discord.AllowedMentions(everyone=False, users=False, roles=roles or False,  # type: ignore[arg-type]
                                   replied_user=False)


def _kwargs(payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "content": payload.get("content") or None,
        "embeds": [discord.Embed.from_dict(e) for e in payload.get("embeds") or []],
        "allowed_mentions": _mentions(payload.get("allowed_mentions") or {}),
    }


def _seen(message: discord.Message) -> tuple[int, str, list[dict[str, Any]]]:
    """A message as reconciliation reads it: id, text, embeds as plain dicts."""
    return message.id, message.content, [dict(e.to_dict()) for e in message.embeds]


class DiscordAlertPoster:
    """``AlertPoster`` backed by a logged-in discord.py client."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def _channel(self, target: str) -> Any:
        kind, _, raw = target.partition(":")
        target_id = int(raw)
        if kind == "u":
            user = self.client.get_user(target_id) or await self.client.fetch_user(target_id)
            return user.dm_channel or await user.create_dm()
        channel = self.client.get_channel(target_id)
        if channel is None:
            channel = await self.client.fetch_channel(target_id)
        return channel

    async def post_alert(self, target: str, payload: dict[str, Any], *, thread_name: str) -> int:
        try:
            channel = await self._channel(target)
            kwargs = _kwargs(payload)
            if isinstance(channel, discord.ForumChannel):
                created: discord.channel.ThreadWithMessage = await channel.create_thread(name=thread_name, **kwargs)
                return created.message.id
            message: discord.Message = await channel.send(**kwargs)
            return message.id
        except discord.Forbidden as exc:
            if target.startswith("u:"):
                raise PostError("forbidden", "I cannot send you direct messages (they are closed to me).") from exc
            raise _post_error(exc, int(target[2:])) from exc
        except discord.NotFound as exc:
            if target.startswith("u:"):
                raise PostError("not_found", "That member can no longer be reached.") from exc
            raise _post_error(exc, int(target[2:])) from exc
        except PostError:
            raise
        except Exception as exc:
            raise _post_error(exc, int(target[2:])) from exc

    async def recent_alerts(self, target: str, limit: int = 50) -> list[tuple[int, str, list[dict[str, Any]]]]:
        try:
            channel = await self._channel(target)
            if isinstance(channel, discord.ForumChannel):
                return await self._recent_posts(channel, limit)
            return [_seen(m) async for m in channel.history(limit=limit)]
        except PostError:
            raise
        except Exception as exc:
            raise _post_error(exc, int(target[2:])) from exc

    async def _recent_posts(self, forum: discord.ForumChannel, limit: int) -> list[tuple[int, str, list[dict[str, Any]]]]:
        """The starter messages of the forum's newest posts by this bot. The client's cache holds
        only threads it saw created or listed at connect, so after a restart (or once Discord
        archived the post) the active and the archived posts are asked for."""
        threads = {thread.id: thread for thread in forum.threads}
        for thread in await forum.guild.active_threads():
            if thread.parent_id == forum.id:
                threads[thread.id] = thread
        async for thread in forum.archived_threads(limit=limit):
            threads[thread.id] = thread
        me = self.client.user.id if self.client.user else None
        mine = [t for t in threads.values() if me is None or t.owner_id in (None, me)]
        out = []
        for thread in sorted(mine, key=lambda t: t.id, reverse=True)[:limit]:
            with contextlib.suppress(discord.NotFound):  # a post whose first message was deleted
                # A post's starter message has the post's id.
                out.append(_seen(await thread.fetch_message(thread.id)))
        return out

    async def role_exists(self, guild_id: int, role_id: int) -> bool | None:
        guild = self.client.get_guild(guild_id)
        if guild is None:
            return None
        return guild.get_role(role_id) is not None


class FollowRunner:
    """Checks for new sheet versions whenever the app's index changes (and once at start)."""

    def __init__(self, client: discord.Client, app: BotApp, settings: Settings, *,
                 guild_filter: Callable[[int], bool] | None = None, scope: str = "all") -> None:
        self.app = app
        self.settings = settings
        self.service = FollowService(app, DiscordAlertPoster(client), scope=scope, guild_filter=guild_filter)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="briefbot-follows")

    async def _run(self) -> None:
        try:
            await self.service.resume()
        except Exception:
            log.exception("settling unfinished alerts failed; will try again")
        seen: Any = None
        caught_up = False
        while True:
            try:
                index = self.app.index
                if index is not seen:
                    result = await self.service.check()
                    if not result.waiting:
                        seen = index
                    if not caught_up:
                        # Said once per start: from here on every stored sheet version is checked.
                        caught_up = True
                        log.info("topic alerts: caught up (%d sheet version(s) checked at start)",
                                 result.checked + result.baselined)
            except Exception:
                log.exception("checking fact sheets against follows failed; will try again")
            await asyncio.sleep(self.settings.refresh_seconds)

    async def guild_removed(self, guild_id: int) -> None:
        removed = await self.service.store.remove_guild(guild_id)
        if removed:
            log.info("left server %s: its %d follow(s) removed", guild_id, removed)

    async def stop(self) -> None:
        task, self._task = self._task, None
        await cancel_and_wait([task], errors_too=True)


async def start_follows(client: Any, owns_guild: Callable[[int, Any], bool]) -> FollowRunner | None:
    """Start checking for alerts (the client calls this once it is ready); with shards, only for
    the servers ``owns_guild(guild_id, settings)`` says this process serves."""
    settings = client.settings
    guild_filter = (lambda guild_id: owns_guild(guild_id, settings)) if settings.shard_count else None
    scope = "all" if not settings.shard_count else f"shards:{settings.shard_count}:{settings.shard_ids}"
    try:
        runner = FollowRunner(client, client.app, settings, guild_filter=guild_filter, scope=scope)
        runner.start()
    except Exception:
        log.exception("topic alerts could not start; commands keep working")
        return None
    return runner
