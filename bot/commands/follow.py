"""/follow add|list|remove: topics a server follows in a channel, or a member by DM.

A channel follow needs Manage Server (it posts where everyone reads and may ping a role); any
member may follow a topic for themselves, delivered by DM. Who may run what is the command
table's (``guild_only``, ``admin_options``), enforced by ``dispatch``; what is left here is per
follow: a member removes only their own. Limits per server and per person come from the
``[follows]`` settings.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.app_protocol import BotApp
from bot.commands.registry import completer, handler
from bot.commands.spec import Invocation
from bot.follows.delivery import ROLE_GONE
from bot.follows.topics import TopicError, normalise_topic
from bot.query.funding import format_usd
from bot.reply.model import Embed, EmbedField, Reply
from bot.reply.text import escape_markdown, shorten
from bot.store.follows import Follow, FollowStore

_ID_RE = re.compile(r"^\s*(?:<[#@]&?)?(\d{1,25})>?\s*$")
_AMOUNT_RE = re.compile(r"^\$?\s*(\d[\d,]*(?:\.\d+)?)\s*(trillion|billion|million|thousand|bn|[kmb])?$", re.I)
_SCALE = {"trillion": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "m": 1e6, "thousand": 1e3,
          "k": 1e3}


def _error(text: str) -> Reply:
    return Reply.text(text, ephemeral=True, error=True)


def parse_amount(text: str) -> float | None:
    """"$5 million", "5M", "5,000,000" → 5e6; None when it is not an amount."""
    found = _AMOUNT_RE.match(" ".join(text.split()))
    if found is None:
        return None
    value = float(found.group(1).replace(",", ""))
    return value * _SCALE.get((found.group(2) or "").lower(), 1.0)


def _id(text: str | None) -> int | None:
    found = _ID_RE.match(text or "")
    return int(found.group(1)) if found else None


def describe(follow: Follow) -> str:
    """One line of ``/follow list``."""
    where = f"<#{follow.channel_id}>" if follow.channel_id is not None else f"DM to <@{follow.user_id}>"
    parts = [f"**{escape_markdown(follow.topic)}** → {where}"]
    if follow.role_id is not None:
        parts.append(f"pings <@&{follow.role_id}>")
    if follow.min_amount:
        parts.append(f"from {format_usd(follow.min_amount)}")
    line = " · ".join(parts) + f" (#{follow.id})"
    if follow.last_error:
        state = "stopped" if follow.broken else (
            "note" if follow.last_error.startswith(ROLE_GONE) else "last alert failed")
        line += f"\n  ⚠ {state}: {escape_markdown(shorten(follow.last_error, 200))}"
    return line


def _remember(app: BotApp, guild_id: int, follows: list[Follow]) -> None:
    """Autocomplete may not wait for the store: it reads the follows the last call saw."""
    app.follow_directory[guild_id] = follows


def _store(app: BotApp) -> FollowStore:
    return app.store.follows


@handler("follow add")
async def follow_add(app: BotApp, options: dict[str, str], invocation: Invocation) -> Reply:
    if invocation.guild_id is None or invocation.user_id is None:  # dispatch refuses this first
        return _error("Follows belong to a person in a server.")
    try:
        topic = normalise_topic(options.get("topic", ""))
    except TopicError as exc:
        return _error(str(exc))
    channel_id = _id(options.get("channel"))
    role_id = _id(options.get("role"))
    if options.get("channel") and channel_id is None:
        return _error("Pick a channel from the list.")
    if role_id is not None and channel_id is None:
        return _error("A role can only be pinged in a channel: give `channel` too, or leave out `role`.")
    if role_id == invocation.guild_id:
        return _error("Alerts never ping @everyone; pick a role.")
    min_amount = None
    if options.get("min_amount"):
        min_amount = parse_amount(options["min_amount"])
        if min_amount is None or min_amount <= 0:
            return _error("`min_amount` is an amount in dollars, e.g. `5000000` or `$5 million`.")
    settings = app.settings
    store = _store(app)
    added = await store.add(guild_id=invocation.guild_id, user_id=invocation.user_id, channel_id=channel_id,
                            role_id=role_id, topic=topic, min_amount=min_amount, now=dt.datetime.now(dt.UTC),
                            per_server=settings.follows_per_server, per_person=settings.follows_per_person)
    if isinstance(added, str):
        return _error(added)
    _remember(app, invocation.guild_id, await store.of_guild(invocation.guild_id))
    where = f"in <#{channel_id}>" if channel_id is not None else "by direct message to you"
    ping = f", pinging <@&{role_id}>" if role_id is not None else ""
    money = f" (only when its matching money adds up to {format_usd(min_amount)})" if min_amount else ""
    return Reply.text(f"Following **{escape_markdown(topic)}**: each new or changed fact sheet about it is posted "
                      f"{where}{ping}{money}.", ephemeral=True)


@handler("follow list")
async def follow_list(app: BotApp, options: dict[str, str], invocation: Invocation) -> Reply:
    assert invocation.guild_id is not None  # guild_only: dispatch refused direct messages
    follows = await _store(app).of_guild(invocation.guild_id)
    _remember(app, invocation.guild_id, follows)
    channel = [f for f in follows if f.channel_id is not None]
    mine = [f for f in follows if f.channel_id is None and f.user_id == invocation.user_id]
    others = sum(1 for f in follows if f.channel_id is None and f.user_id != invocation.user_id)
    if not channel and not mine:
        return Reply.text("Nothing is followed here yet. Try `/follow add topic:fentanyl`.", ephemeral=True)
    embed = Embed(title="Followed topics")
    if channel:
        embed.fields.append(EmbedField("In channels", "\n".join(describe(f) for f in channel)))
    if mine:
        embed.fields.append(EmbedField("Yours, by direct message", "\n".join(describe(f) for f in mine)))
    limit = app.settings.follows_per_server
    embed.footer = f"{len(follows)} of {limit} follows used in this server" + (
        f" ({others} personal follow{'s' if others != 1 else ''} of other members)" if others else "")
    return Reply.embed(embed, ephemeral=True)


@handler("follow remove")
async def follow_remove(app: BotApp, options: dict[str, str], invocation: Invocation) -> Reply:
    assert invocation.guild_id is not None  # guild_only: dispatch refused direct messages
    store = _store(app)
    value = options.get("follow", "")
    follows = await store.of_guild(invocation.guild_id)
    wanted = _id(value)
    follow = next((f for f in follows if f.id == wanted), None) if wanted is not None else None
    if follow is None:
        topic = " ".join(value.split()).casefold()
        candidates = [f for f in follows if f.topic.casefold() == topic and _may_remove(f, invocation)]
        follow = candidates[0] if len(candidates) == 1 else None
    if follow is None:
        return _error("No such follow here; pick one from the list (see `/follow list`).")
    if not _may_remove(follow, invocation):
        return _error("Only members with the Manage Server permission can remove channel follows "
                      "and other members' follows.")
    await store.remove(follow.id, invocation.guild_id)
    _remember(app, invocation.guild_id, await store.of_guild(invocation.guild_id))
    return Reply.text(f"Stopped following **{escape_markdown(follow.topic)}** "
                      f"({'in <#' + str(follow.channel_id) + '>' if follow.channel_id else 'by DM'}).", ephemeral=True)


def _may_remove(follow: Follow, invocation: Invocation) -> bool:
    return invocation.is_admin or (follow.channel_id is None and follow.user_id == invocation.user_id)


@completer("follow remove", "follow")
def _follows(app: BotApp, current: str, invocation: Invocation | None = None) -> list[tuple[str, str]]:
    if invocation is None or invocation.guild_id is None:
        return []
    directory = app.follow_directory
    typed = current.casefold().strip()
    out = []
    for follow in directory.get(invocation.guild_id, []):
        if not _may_remove(follow, invocation):
            continue
        where = "DM" if follow.channel_id is None else f"channel {follow.channel_id}"
        label = f"{follow.topic} ({where})"
        if typed in label.casefold():
            out.append((label, str(follow.id)))
    return out
