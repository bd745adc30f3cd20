"""The Discord side of Briefbot: ``briefbot run`` connects the bot and serves slash commands."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.config import ConfigError, load_settings, read_token

__all__ = ["run_main"]

NO_TOKEN = ("briefbot: error: no Discord bot token: set DISCORD_TOKEN, or DISCORD_TOKEN_FILE to a "
            "file holding it")


def run_main(args: argparse.Namespace) -> int:
    """``briefbot run``: serve until SIGINT/SIGTERM. Exit 0 when stopped, 2 for a token problem."""
    try:
        settings = getattr(args, "settings", None) or load_settings(getattr(args, "config", None),
                                                                    getattr(args, "db", None))
        token = read_token()
    except ConfigError as exc:
        print(f"briefbot: error: {exc}", file=sys.stderr)
        return 2
    if not token:
        print(NO_TOKEN, file=sys.stderr)
        return 2

    from bot.discord_app.client import serve, setup_logging  # discord.py loads only when running

    setup_logging(settings, token)
    try:
        return asyncio.run(serve(settings, token))
    except KeyboardInterrupt:  # a second Ctrl-C while shutting down
        return 0
