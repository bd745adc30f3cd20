"""/digest setup|off|status|preview|now as an admin sees them, and time-zone autocomplete."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.commands import autocomplete, dispatch
from bot.commands.spec import Invocation
from bot.config import Settings
from bot.dburl import parse_target
from bot.digest.scheduler import DigestScheduler
from bot.model import DocumentRecord, InitiativeRecord, Snapshot
from bot.reply.model import Reply
from bot.store import Store
from tests.digest_fakes import FakeClock, FakePoster

UTC = dt.UTC
GUILD = 4242
CHANNEL = 777
ADMIN = Invocation(user_id=1, guild_id=GUILD, channel_id=CHANNEL, is_admin=True)


@pytest.fixture
async def app(db_target: Path | str) -> AsyncIterator[SimpleNamespace]:
    """An app whose digest runs on a fake clock (9 June 2026, 10:00 UTC) and a fake Discord, on each
    store backend (``db_target``)."""
    store = await Store.open(db_target)
    clock = FakeClock(dt.datetime(2026, 6, 9, 10, 0, tzinfo=UTC))
    poster = FakePoster(clock=clock)
    sheet = DocumentRecord(1, "Sheet", dt.date(2026, 1, 1), "https://example.gov/s", "s.md", (),
                           dt.datetime(2025, 1, 1, tzinfo=UTC), 3)
    inits = tuple(InitiativeRecord(10 + n, 1, f"Initiative {n}", None, n, "Text.", (), ()) for n in range(3))
    made = SimpleNamespace(store=store, index=Snapshot(1, (sheet,), inits, (), ()), poster=poster,
                           settings=Settings(db_path=parse_target(db_target)))
    DigestScheduler(made, poster, clock, made.settings)  # not started: the commands use its clock
    made.clock, made.fake = clock, poster
    try:
        yield made
    finally:
        await store.close()


async def run(app: SimpleNamespace, key: str, invocation: Invocation = ADMIN, /, **options: str) -> Reply:
    return await dispatch(app, key, options, invocation)


def text(reply: Reply) -> str:
    page = reply.pages[0]
    return page.content + "".join(e.title + e.description for e in page.embeds)


SETUP = {"channel": str(CHANNEL), "time": "08:00", "timezone": "America/New_York"}


@pytest.mark.parametrize("key", ["digest setup", "digest off", "digest status", "digest preview", "digest now"])
async def test_refused_outside_servers_and_for_non_admins(app: SimpleNamespace, key: str) -> None:
    in_dm = await run(app, key, Invocation(user_id=1, guild_id=None, is_admin=True), **SETUP)
    assert in_dm.error and "server" in text(in_dm)
    member = await run(app, key, Invocation(user_id=2, guild_id=GUILD, is_admin=False), **SETUP)
    assert member.error and "Manage Server" in text(member)
    assert await app.store.digest.get_config(GUILD) is None
    assert app.fake.send_calls == 0


async def test_setup_turns_the_digest_on_and_says_when_it_runs(app: SimpleNamespace) -> None:
    reply = await run(app, "digest setup", channel=str(CHANNEL), time="8:00", timezone="america/new_york")
    assert not reply.error and reply.ephemeral
    content = text(reply)
    assert f"<#{CHANNEL}>" in content and "America/New_York" in content
    assert "08:00 EDT" in content and "12:00 UTC" in content  # 10:00 UTC is 06:00 in New York: today
    config = await app.store.digest.get_config(GUILD)
    assert config is not None and (config.channel_id, config.local_time, config.timezone) == (
        CHANNEL, "08:00", "America/New_York")


@pytest.mark.parametrize(("options", "expected"), [
    ({"time": "25:00"}, "00 to 23"),
    ({"time": "eight"}, "HH:MM"),
    ({"timezone": "America/New_Yrok"}, "Did you mean America/New_York"),
    ({"timezone": "Nowhere/Atlantis"}, "not a time zone"),
    ({"channel": "general"}, "channel"),
])
async def test_setup_refuses_bad_input_and_changes_nothing(app: SimpleNamespace, options: dict[str, str],
                                                           expected: str) -> None:
    reply = await run(app, "digest setup", **{**SETUP, **options})
    assert reply.error
    assert expected in text(reply)
    assert await app.store.digest.get_config(GUILD) is None


async def test_setup_checks_the_bot_can_post_there(app: SimpleNamespace) -> None:
    app.fake.cannot_post[CHANNEL] = "I need the Send Messages permission(s) in <#777>."
    reply = await run(app, "digest setup", **SETUP)
    assert reply.error
    assert "Send Messages" in text(reply) and "Nothing was changed" in text(reply)
    assert await app.store.digest.get_config(GUILD) is None


async def test_status_shows_next_run_last_post_link_and_last_error(app: SimpleNamespace) -> None:
    assert "not set up" in text(await run(app, "digest status"))
    await run(app, "digest setup", **SETUP)
    posted = await run(app, "digest now")
    assert not posted.error
    [message] = app.fake.messages(CHANNEL)
    status = text(await run(app, "digest status"))
    assert "**Daily digest:** on" in status
    assert "Wed 10 Jun 2026, 08:00 EDT (12:00 UTC" in status  # today's counts as done: next is tomorrow
    assert f"https://discord.com/channels/{GUILD}/{CHANNEL}/{message.id}" in status
    assert "**Last error:** none" in status

    app.fake.forbidden.add(CHANNEL)
    app.clock.set(dt.datetime(2026, 6, 10, 12, 0, tzinfo=UTC))
    failed = await run(app, "digest now")
    assert failed.error and "permission" in text(failed)
    status = text(await run(app, "digest status"))
    assert "**Last error**" in status and "missing permission" in status
    assert f"/{message.id}" in status  # the last successful post is still linked


async def test_preview_is_private_unmarked_and_changes_nothing(app: SimpleNamespace) -> None:
    await run(app, "digest setup", **SETUP)
    first = await run(app, "digest preview")
    second = await run(app, "digest preview")
    assert first.ephemeral and not first.error
    embed = first.pages[0].embeds[0]
    assert embed.title == "Policy briefing — Tuesday 9 June 2026"
    assert "Briefbot digest" not in (embed.footer or "")
    assert embed.description == second.pages[0].embeds[0].description  # the spotlight did not move on
    assert await app.store.digest.spotlight_state(GUILD) == (0, frozenset())
    assert app.fake.send_calls == 0


async def test_now_posts_once_per_day(app: SimpleNamespace) -> None:
    assert (await run(app, "digest now")).error  # not set up yet
    await run(app, "digest setup", **SETUP)
    assert "Posted today's digest" in text(await run(app, "digest now"))
    assert "already done" in text(await run(app, "digest now"))
    assert len(app.fake.messages(CHANNEL)) == 1


async def test_off_stops_it_and_says_so(app: SimpleNamespace) -> None:
    assert "was not on" in text(await run(app, "digest off"))
    await run(app, "digest setup", **SETUP)
    assert "is off" in text(await run(app, "digest off"))
    assert "**Daily digest:** off" in text(await run(app, "digest status"))
    assert (await run(app, "digest now")).error


def test_timezone_autocomplete_is_ranked_case_insensitive_and_forgiving(app: SimpleNamespace) -> None:
    def values(typed: str) -> list[str]:
        return [value for _, value in autocomplete(app, "digest setup", "timezone", typed)]

    assert values("new york")[0] == "America/New_York"
    assert values("EUROPE/LON")[0] == "Europe/London"
    assert values("tokio")[0] == "Asia/Tokyo"
    assert values("")[:2] == ["UTC", "America/New_York"]
    assert 0 < len(values("a")) <= 25
    assert values("zzzzzz") == []
    names = [name for name, _ in autocomplete(app, "digest setup", "timezone", "kolkata")]
    assert names[0].startswith("Asia/Kolkata (UTC+05:30)")


async def test_status_names_a_failing_watched_source(app: SimpleNamespace) -> None:
    from bot.store.sources import SourceState

    await run(app, "digest setup", **SETUP)
    assert "**Sources:**" not in text(await run(app, "digest status"))  # nothing watched: no line
    since = dt.datetime(2026, 6, 9, 9, 0, tzinfo=UTC)
    await app.store.sources.record(
        SourceState("https://example.gov/feed.xml", "feed", "failing", "HTTP 500 from example.gov", since, since),
        previous="ok", notify=True)
    status = text(await run(app, "digest status"))
    assert "**Sources:** 1 source watched: 1 failing, 0 stale." in status
    assert "example.gov" in status and "HTTP 500" in status
