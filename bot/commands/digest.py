"""/digest setup|off|status|preview|now, and time-zone autocomplete.

Manage Server only and guilds only (``admin``/``guild_only`` in the command table):
``bot.commands.dispatch`` refuses anyone else before a handler here runs, whatever the transport.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from rapidfuzz import fuzz, process

from bot.commands.registry import completer, handler
from bot.commands.spec import Invocation
from bot.digest.clock import SystemClock
from bot.digest.content import digest_title
from bot.digest.delivery import DigestService, message_link
from bot.digest.schedule import (
    ScheduleError,
    Slot,
    available_timezones,
    describe_instant,
    format_local_time,
    next_slot,
    parse_local_time,
    parse_timezone,
)
from bot.digest.scheduler import plan_for
from bot.reply.model import Reply
from bot.reply.text import escape_markdown, shorten
from bot.store.digest import CLAIMED, FAILED, POSTED, SKIPPED, DigestConfig, DigestPost

CHOICES_MAX = 25
POPULAR_ZONES = (
    "UTC", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Phoenix",
    "America/Anchorage", "Pacific/Honolulu", "America/Toronto", "America/Mexico_City", "America/Sao_Paulo",
    "Europe/London", "Europe/Dublin", "Europe/Paris", "Europe/Berlin", "Europe/Madrid", "Europe/Kyiv",
    "Africa/Lagos", "Africa/Johannesburg", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo",
    "Australia/Sydney", "Pacific/Auckland",
)
_HIDDEN_ZONES = frozenset({"Factory", "localtime", "posixrules"})
_CHANNEL_RE = re.compile(r"^\s*(?:<#)?(\d{1,25})>?\s*$")


def _error(text: str) -> Reply:
    return Reply.text(text, ephemeral=True, error=True)


def service_for(app: Any) -> DigestService:
    """The running scheduler's service (same clock and poster), else a fresh one."""
    scheduler = getattr(app, "digest_scheduler", None)
    if scheduler is not None:
        return scheduler.service
    return DigestService(app, getattr(app, "poster", None), SystemClock(), app.settings)


def _reschedule(app: Any) -> None:
    scheduler = getattr(app, "digest_scheduler", None)
    if scheduler is not None:
        scheduler.reschedule()


def _channel(channel_id: int | None) -> str:
    return f"<#{channel_id}>" if channel_id else "its channel"


def _where_and_when(config: DigestConfig) -> str:
    return f"in {_channel(config.channel_id)} at {config.local_time} {config.timezone} every day"


async def _next_run_text(service: DigestService, config: DigestConfig) -> str:
    """When the next digest goes out, in the server's zone and in UTC."""
    now = service.clock.now()
    tz = parse_timezone(config.timezone)
    last = await service.store.last_post(config.guild_id)
    decision = plan_for(config, last, now, service.catchup)
    if decision.action == "post":
        return f"due now ({describe_instant(decision.slot.at, tz)}), posting shortly"
    slot = decision.slot
    if decision.action == "skip":
        slot = next_slot(parse_local_time(config.local_time), tz, after=now, guard_date=slot.local_date)
    return describe_instant(slot.at, tz)


# ---- time zones ----------------------------------------------------------------------------------


def _zone_label(name: str, now: dt.datetime) -> str:
    offset = now.astimezone(parse_timezone(name)).strftime("%z")
    sign = "−" if offset.startswith("-") else "+"
    return f"{name} (UTC{sign}{offset[1:3]}:{offset[3:5]})"


def timezone_choices(current: str, limit: int = CHOICES_MAX, *, now: dt.datetime | None = None) -> list[tuple[str, str]]:
    """Zones matching what the user typed, best first: exact, prefix, city prefix, substring, fuzzy.

    Case-insensitive; spaces count as underscores ("new york" finds America/New_York). With
    nothing typed, the most used zones come first.
    """
    now = now or dt.datetime.now(dt.UTC)
    names = [name for name in available_timezones() if name not in _HIDDEN_ZONES]
    query = "_".join((current or "").split()).casefold()
    if not query:
        picked = [name for name in POPULAR_ZONES if name in names]
    else:
        ranked: list[tuple[int, int, str]] = []
        for name in names:
            folded = name.casefold()
            city = folded.rsplit("/", 1)[-1]
            if folded == query:
                tier = 0
            elif folded.startswith(query) or city == query:
                tier = 1
            elif city.startswith(query) or any(part.startswith(query) for part in folded.split("/")):
                tier = 2
            elif query in folded:
                tier = 3
            else:
                continue
            ranked.append((tier, len(name), name))
        picked = [name for _, _, name in sorted(ranked)]
        if len(picked) < limit:  # typos: closest city or full name, by edit similarity
            chosen = set(picked)
            cities = [name.casefold().rsplit("/", 1)[-1] for name in names]
            scores: dict[int, float] = {}
            for candidates in (cities, [name.casefold() for name in names]):
                for _, score, position in process.extract(query, candidates, scorer=fuzz.ratio,
                                                          limit=limit * 2, score_cutoff=70):
                    scores[position] = max(scores.get(position, 0.0), score)
            for position in sorted(scores, key=lambda p: (-scores[p], names[p])):
                if names[position] not in chosen:
                    picked.append(names[position])
                    chosen.add(names[position])
    return [(_zone_label(name, now), name) for name in picked[:limit]]


@completer("digest setup", "timezone")
def _complete_timezone(app: Any, current: str) -> list[tuple[str, str]]:
    return timezone_choices(current)


# ---- handlers ------------------------------------------------------------------------------------


@handler("digest setup")
async def setup(app: Any, options: dict[str, str], invocation: Invocation) -> Reply:
    assert invocation.guild_id is not None
    match = _CHANNEL_RE.match(options.get("channel") or "")
    if not match:
        return _error("Pick the channel to post in (the channel option).")
    channel_id = int(match.group(1))
    try:
        local_time = parse_local_time(options.get("time") or "")
    except ScheduleError as error:
        return _error(str(error))
    zone_text = options.get("timezone") or ""
    try:
        zone = parse_timezone(zone_text)
    except ScheduleError as error:
        close = [value for _, value in timezone_choices(zone_text, 3)]
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        return _error(shorten(escape_markdown(str(error)), 1500) + hint)
    service = service_for(app)
    poster = service.poster or getattr(app, "poster", None)
    if poster is not None:
        reason = await poster.can_post(channel_id)
        if reason:
            return _error(f"I cannot post in {_channel(channel_id)}: {reason} Nothing was changed.")
    config = await service.store.save_config(invocation.guild_id, channel_id, format_local_time(local_time),
                                             zone.key, service.clock.now())
    _reschedule(app)
    next_run = await _next_run_text(service, config)
    return Reply.text(f"The daily digest is on: {_where_and_when(config)}.\nNext digest: {next_run}.",
                      ephemeral=True)


@handler("digest off")
async def off(app: Any, options: dict[str, str], invocation: Invocation) -> Reply:
    assert invocation.guild_id is not None
    service = service_for(app)
    if not await service.store.disable(invocation.guild_id, service.clock.now()):
        return Reply.text("The daily digest was not on. `/digest setup` turns it on.", ephemeral=True)
    _reschedule(app)
    return Reply.text("The daily digest is off. `/digest setup` turns it on again.", ephemeral=True)


def _describe_post(post: DigestPost, guild_id: int) -> str:
    day = digest_title(post.local_date).split(" — ", 1)[-1]
    if post.status == POSTED and post.message_ids:
        return f"{day}: posted — {message_link(guild_id, post.channel_id, post.message_ids[0])}"
    if post.status == FAILED:
        return f"{day}: not posted — {escape_markdown(post.error or 'failed')}"
    if post.status == SKIPPED:
        return f"{day}: skipped — {escape_markdown(post.error or 'missed')}"
    if post.status == CLAIMED:
        return f"{day}: being posted"
    return f"{day}: {post.status}"


@handler("digest status")
async def status(app: Any, options: dict[str, str], invocation: Invocation) -> Reply:
    guild_id = invocation.guild_id
    assert guild_id is not None
    service = service_for(app)
    config = await service.store.get_config(guild_id)
    if config is None:
        return Reply.text("The daily digest is not set up in this server. `/digest setup` turns it on.",
                          ephemeral=True)
    lines = [f"**Daily digest:** {'on' if config.enabled else 'off'} — {_where_and_when(config)}."]
    if config.enabled:
        try:
            lines.append(f"**Next digest:** {await _next_run_text(service, config)}")
        except ScheduleError as error:
            lines.append(f"**Next digest:** none — {escape_markdown(str(error))}")
    last = await service.store.last_post(guild_id)
    posted = await service.store.last_post(guild_id, statuses=(POSTED,))
    if posted is not None and (last is None or last.local_date != posted.local_date):
        lines.append(f"**Last posted:** {_describe_post(posted, guild_id)}")
    lines.append(f"**Last digest:** {_describe_post(last, guild_id)}" if last else "**Last digest:** none yet")
    if config.last_error:
        when = config.last_error_at.strftime("%Y-%m-%d %H:%M UTC") if config.last_error_at else "recently"
        lines.append(f"**Last error** ({when}): {escape_markdown(config.last_error)}")
    else:
        lines.append("**Last error:** none")
    return Reply.text("\n".join(lines), ephemeral=True)


def _today(service: DigestService, config: DigestConfig | None) -> tuple[dt.date, str]:
    zone = config.timezone if config else service.settings.digest_default_timezone
    try:
        tz = parse_timezone(zone)
    except ScheduleError:
        tz, zone = dt.UTC, "UTC"
    return service.clock.now().astimezone(tz).date(), zone


@handler("digest preview")
async def preview(app: Any, options: dict[str, str], invocation: Invocation) -> Reply:
    assert invocation.guild_id is not None
    service = service_for(app)
    config = await service.store.get_config(invocation.guild_id)
    today, _ = _today(service, config)
    digest = await service.compose(invocation.guild_id, today, marker=None)
    reply = digest.reply
    reply.ephemeral = True
    note = "Preview: this is what the digest would post now. Only you can see it."
    if config is None or not config.enabled:
        note += " The digest is not on in this server; `/digest setup` turns it on."
    reply.pages[0].content = note
    return reply


@handler("digest now")
async def now(app: Any, options: dict[str, str], invocation: Invocation) -> Reply:
    guild_id = invocation.guild_id
    assert guild_id is not None
    service = service_for(app)
    if service.poster is None:
        return _error("Posting needs the bot to be connected to Discord.")
    config = await service.store.get_config(guild_id)
    if config is None or not config.enabled:
        return _error("The daily digest is not on in this server: `/digest setup` first.")
    today, _ = _today(service, config)
    outcome = await service.deliver(config, Slot(today, service.clock.now()), manual=True)
    if outcome.status == "retry" and outcome.claim is not None:
        outcome = await service.fail(outcome.claim, f"Discord is busy ({outcome.error}); try again in a minute")
    _reschedule(app)
    if outcome.status == "posted":
        link = message_link(guild_id, config.channel_id, outcome.message_ids[0])
        return Reply.text(f"Posted today's digest in {_channel(config.channel_id)}: {link}\n"
                          "It counts as today's: the scheduled one will not post again today.", ephemeral=True)
    if outcome.status == "already" and outcome.post is not None:
        post = outcome.post
        if post.status == CLAIMED:
            return Reply.text("Today's digest is being posted right now.", ephemeral=True)
        return Reply.text(f"Today's digest is already done — {_describe_post(post, guild_id)}. "
                          "`/digest preview` shows what it would say now.", ephemeral=True)
    return _error(f"Could not post the digest: {escape_markdown(outcome.error or 'unknown error')}")
