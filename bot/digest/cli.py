"""``briefbot digest --preview [--guild ID] [--date YYYY-MM-DD]``: print a digest without posting it.

Posting needs Discord, so the console only previews. The preview is exactly what the server
would get (new fact sheets since its last digest, or its next spotlight), minus the marker.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
from types import SimpleNamespace
from typing import Any

from bot.config import Settings, load_settings

from .clock import SystemClock
from .content import Digest
from .delivery import DigestService
from .schedule import ScheduleError, parse_local_time, parse_timezone, slot_for

PROG = "briefbot"
EXIT_USAGE = 2


class _FixedClock(SystemClock):
    """A clock stopped at one instant: the preview of a given date is built "as of" its slot."""

    def __init__(self, when: dt.datetime) -> None:
        self._when = when

    def now(self) -> dt.datetime:
        return self._when


def _error(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr, flush=True)
    return EXIT_USAGE


async def build_preview(settings: Settings, guild_id: int | None, local_date: dt.date | None) -> Digest:
    """The digest ``guild_id`` would get on ``local_date`` (today in its zone when None)."""
    from bot.pipeline import ensure_seeded
    from bot.store import Store

    store = await Store.open(settings.db_path)
    try:
        await ensure_seeded(store, settings)
        snapshot = await store.snapshot()
        app = SimpleNamespace(store=store, index=snapshot, settings=settings, poster=None)
        service = DigestService(app, None, SystemClock(), settings)
        guild = guild_id or 0
        config = await service.store.get_config(guild) if guild_id else None
        tz = parse_timezone(config.timezone if config else settings.digest_default_timezone)
        at = parse_local_time(config.local_time if config else settings.digest_default_time)
        if local_date is not None:
            service.clock = _FixedClock(slot_for(local_date, at, tz).at)
        day = local_date or service.clock.now().astimezone(tz).date()
        return await service.compose(guild, day, marker=None)
    finally:
        await store.close()


def print_digest(digest: Digest) -> None:
    """The digest as the console shows every reply: Discord Markdown rendered (bold, headings,
    links spelled out), wrapped on a terminal and whole lines when piped. Each message of a
    digest that Discord gets as several is shown in turn."""
    from rich.text import Text

    from bot.console import output_console, render_text  # the console's renderer, loaded only here
    from bot.reply.model import Reply

    console = output_console()
    for number, page in enumerate(digest.reply.pages):
        if number:
            console.print(Text(""))
        console.print(render_text(Reply(pages=[page])))


def digest_main(args: argparse.Namespace | Any) -> int:
    """Entry point for ``briefbot digest``; returns the exit status."""
    if not getattr(args, "preview", False):
        return _error("the console can only preview the digest: add --preview "
                      "(the bot posts digests itself; /digest now posts one from Discord)")
    settings = getattr(args, "settings", None) or load_settings(getattr(args, "config", None),
                                                                getattr(args, "db", None))
    raw_date = getattr(args, "date", None)
    try:
        local_date = dt.date.fromisoformat(raw_date) if isinstance(raw_date, str) else raw_date
    except ValueError:
        return _error(f"{raw_date!r} is not a date like 2026-11-28")
    try:
        digest = asyncio.run(build_preview(settings, getattr(args, "guild", None), local_date))
    except ScheduleError as exc:
        return _error(str(exc))
    print_digest(digest)
    return 0
