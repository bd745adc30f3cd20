"""Sync the slash commands with Discord only when they changed.

Discord rate-limits command registration heavily and a sync on every start would hit that
with several shards or frequent restarts. The exact registration payload is hashed per target
("global" or one development guild) and the hash kept in the database's meta table; it is
written only after Discord accepted the sync, so a failed sync is retried on the next start.

Processes sharing one PostgreSQL database sync one at a time (the store's command-sync lock):
the second finds the hashes the first wrote and sends nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Awaitable, Iterable
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

import discord
from discord import app_commands

log = logging.getLogger(__name__)

SYNC_LOCK_SECONDS = 60.0  # how long to wait for another process's sync before leaving it to them


class MetaStore(Protocol):
    """Where the hash of the last synced command set is kept (``bot.store.Store``)."""

    def get_meta(self, key: str) -> Awaitable[str | None]: ...

    def set_meta(self, key: str, value: str) -> Awaitable[None]: ...

    def command_sync_lock(self, timeout: float) -> AbstractAsyncContextManager[bool]: ...


def target_name(guild_id: int | None) -> str:
    return "global" if guild_id is None else f"guild:{guild_id}"


def command_payload(tree: app_commands.CommandTree[Any], guild_id: int | None) -> list[dict[str, Any]]:
    """What ``tree.sync`` would send for this target, in a stable order."""
    guild = None if guild_id is None else discord.Object(id=guild_id)
    commands = tree._get_all_commands(guild=guild)
    return sorted((command.to_dict(tree) for command in commands), key=lambda c: (c.get("type", 1), c["name"]))


def command_hash(tree: app_commands.CommandTree[Any], guild_id: int | None) -> str:
    document = {"target": target_name(guild_id), "commands": command_payload(tree, guild_id)}
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def prepare_targets(tree: app_commands.CommandTree[Any], dev_guild_ids: Iterable[int]) -> list[int | None]:
    """Global, or each development guild (commands copied there: they show up instantly)."""
    guild_ids = list(dict.fromkeys(dev_guild_ids))
    if not guild_ids:
        return [None]
    for guild_id in guild_ids:
        tree.copy_global_to(guild=discord.Object(id=guild_id))
    return list(guild_ids)


async def sync_if_changed(tree: app_commands.CommandTree[Any], store: MetaStore,
                          targets: Iterable[int | None], *, lock_seconds: float = SYNC_LOCK_SECONDS) -> list[str]:
    """Sync every target whose payload hash differs from the stored one; return those synced.

    Holds the store's command-sync lock meanwhile; when another process kept it for
    ``lock_seconds``, syncs nothing (that process is syncing the same commands)."""
    async with store.command_sync_lock(lock_seconds) as held:
        if not held:
            log.warning("another process has been syncing slash commands for %gs; leaving it to that one",
                        lock_seconds)
            return []
        return await _sync_changed(tree, store, targets)


async def _sync_changed(tree: app_commands.CommandTree[Any], store: MetaStore,
                        targets: Iterable[int | None]) -> list[str]:
    synced: list[str] = []
    for guild_id in targets:
        name = target_name(guild_id)
        key = f"command_hash:{name}"
        digest = command_hash(tree, guild_id)
        if await store.get_meta(key) == digest:
            log.info("slash commands unchanged for %s; not syncing", name)
            continue
        guild = None if guild_id is None else discord.Object(id=guild_id)
        registered = await tree.sync(guild=guild)
        await store.set_meta(key, digest)
        log.info("synced %d slash commands to %s", len(registered), name)
        synced.append(name)
    return synced
