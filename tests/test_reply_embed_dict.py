"""The reply layer writes Discord's embed objects itself, exactly as discord.py would, and so the
console never loads discord.py or aiohttp."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import discord
import pytest

from bot.reply.model import Embed, EmbedField
from bot.reply.payload import _timestamp, embed_dict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

EMBEDS = [
    Embed(title=""),
    Embed(title="Only a title"),
    Embed(title="", description="Only a description"),
    Embed(title="Linked", description="text", url="https://www.whitehouse.gov/briefing-room/x/"),
    Embed(title="Black", color=0),
    Embed(title="Blue", color=0x2B6CB0, footer="Counted amounts only · page 1/2"),
    Embed(title="Fields", fields=[EmbedField("Funding", "$5 million", inline=True), EmbedField("Why", "because")]),
    Embed(title="UTC", timestamp="2024-03-09T12:30:00Z"),
    Embed(title="Offset", timestamp="2024-03-09T08:30:00-04:00"),
    Embed(title="Naive", timestamp="2024-03-09T12:30:00"),
    Embed(title="Bad time", timestamp="not a date"),
    Embed(title="Empty footer", footer="", url=None, color=None, fields=[]),
    Embed(title="Everything", description="d", url="https://example.gov/a", footer="f", color=0xFFFFFF,
          timestamp="2025-12-31T23:59:59+00:00", fields=[EmbedField("\u200b", "\u200b")]),
]


def discord_py_dict(embed: Embed) -> dict[str, object]:
    made = discord.Embed(title=embed.title or None, description=embed.description or None, url=embed.url,
                         color=embed.color, timestamp=_timestamp(embed.timestamp))
    for item in embed.fields:
        made.add_field(name=item.name, value=item.value, inline=item.inline)
    if embed.footer:
        made.set_footer(text=embed.footer)
    return dict(made.to_dict())


@pytest.mark.parametrize("embed", EMBEDS, ids=lambda embed: embed.title or "untitled")
def test_embed_dict_matches_discord_py(embed: Embed) -> None:
    assert embed_dict(embed) == discord_py_dict(embed)


def test_timestamps_are_written_in_utc() -> None:
    written = embed_dict(Embed(title="t", timestamp="2024-03-09T08:30:00-04:00"))["timestamp"]
    assert dt.datetime.fromisoformat(written) == dt.datetime(2024, 3, 9, 12, 30, tzinfo=dt.UTC)
    assert written.endswith("+00:00")


def test_the_console_and_the_reply_layer_load_without_discord_py() -> None:
    code = ("import sys, bot.console, bot.reply, bot.reply.payload; "
            "loaded = sorted(name for name in ('discord', 'aiohttp') if name in sys.modules); "
            "print(','.join(loaded))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"the console imports {done.stdout.strip()}"
