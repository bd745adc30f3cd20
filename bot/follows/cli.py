"""``briefbot follow --preview PATH``: which follows of which servers a fact sheet would alert,
and the messages, without storing the sheet or sending anything.

The sheet is parsed the way ingest parses it and matched against
every follow in the database; each message is shown as the console shows replies.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from types import SimpleNamespace
from typing import Any

from bot.config import Settings, load_settings
from bot.follows.service import FollowService, PlannedAlert
from bot.ingest import ParseError, parse_file
from bot.reply.model import Reply

PROG = "briefbot"
EXIT_USAGE = 2


def _error(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr, flush=True)
    return EXIT_USAGE


async def build_preview(settings: Settings, path: str) -> list[tuple[PlannedAlert, Reply]]:
    """The alerts the sheet at ``path`` would send (ParseError when it is not a fact sheet)."""
    from bot.store import Store

    document = parse_file(path, settings.max_file_bytes)
    store = await Store.open(settings.db_path)
    try:
        app = SimpleNamespace(store=store, index=None, settings=settings)
        return await FollowService(app, None).preview_parsed(document)
    finally:
        await store.close()


def where(planned: PlannedAlert) -> str:
    """"server 123 · channel 456" or "server 123 · DM to member 789"."""
    claim = planned.claim
    kind, _, raw = claim.target.partition(":")
    place = f"channel {raw}" if kind == "c" else f"DM to member {raw}"
    topics = ", ".join(dict.fromkeys(f"{m.follow.topic} (#{m.follow.id})" for m in planned.matches))
    return f"server {claim.guild_id} · {place} · follows: {topics}"


def follow_main(args: argparse.Namespace | Any) -> int:
    """Entry point for ``briefbot follow``; returns the exit status."""
    if not getattr(args, "preview", None):
        return _error("give --preview PATH: the bot sends alerts itself; this only shows them")
    settings = getattr(args, "settings", None) or load_settings(getattr(args, "config", None),
                                                                getattr(args, "db", None))
    try:
        alerts = asyncio.run(build_preview(settings, str(args.preview)))
    except ParseError as exc:
        return _error(f"{args.preview}: {exc}")
    from rich.text import Text

    from bot.console import output_console, render_text  # the console's renderer, loaded only here

    console = output_console()
    if not alerts:
        console.print("No follow matches this fact sheet: nothing would be sent.")
        return 0
    console.print(f"{len(alerts)} alert(s) would be sent:")
    for planned, reply in alerts:
        console.print(Text(""))
        console.print(Text(where(planned), style="bold"))
        console.print(render_text(reply))
    return 0
