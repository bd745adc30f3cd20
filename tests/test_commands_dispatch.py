"""The registry: dispatch never raises, autocomplete never raises, every command has a handler."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest

from bot import commands
from bot.commands import AUTOCOMPLETERS, HANDLERS, autocomplete, dispatch, handler
from bot.commands.spec import ALL_COMMANDS, NEEDS_MANAGE_SERVER, NEEDS_SERVER, Invocation
from bot.query import CorpusIndex
from bot.reply.model import Reply
from bot.reply.payload import render_payload
from tests.fake_app import FakeApp
from tests.test_query_index import EDGE_INPUTS, HIDTA, seed_snapshot


@pytest.fixture
def app() -> FakeApp:
    return FakeApp(CorpusIndex.build(seed_snapshot()))


@pytest.fixture
def temporary_handlers() -> Any:
    saved = dict(HANDLERS), dict(AUTOCOMPLETERS)
    yield
    HANDLERS.clear()
    HANDLERS.update(saved[0])
    AUTOCOMPLETERS.clear()
    AUTOCOMPLETERS.update(saved[1])


def test_every_command_in_the_table_has_a_handler() -> None:
    assert {spec.key for spec in ALL_COMMANDS} <= set(HANDLERS)


def test_every_autocompleted_option_has_a_completer() -> None:
    wanted = {(spec.key, option.name) for spec in ALL_COMMANDS for option in spec.options if option.autocomplete}
    assert wanted <= set(AUTOCOMPLETERS)


async def test_unknown_command_is_an_error_reply(app: FakeApp) -> None:
    reply = await dispatch(app, "no such command", {}, Invocation())
    assert reply.error and reply.ephemeral
    assert "Unknown command" in reply.pages[0].content


async def test_a_failing_handler_becomes_an_error_reply_with_an_id(
        app: FakeApp, temporary_handlers: Any, caplog: pytest.LogCaptureFixture) -> None:
    @handler("explode")
    async def explode(app: Any, options: dict[str, str], invocation: Invocation) -> Reply:
        raise RuntimeError("boom")

    with caplog.at_level(logging.ERROR, logger="bot.commands"):
        reply = await dispatch(app, "explode", {}, Invocation())
    assert reply.error and reply.ephemeral
    found = re.search(r"error id ([0-9a-f]{6})", reply.pages[0].content)
    assert found, reply.pages[0].content
    assert found.group(1) in caplog.text and "boom" in caplog.text
    render_payload(reply)


async def test_a_handler_returning_garbage_is_also_caught(app: FakeApp, temporary_handlers: Any) -> None:
    @handler("garbage")
    async def garbage(app: Any, options: dict[str, str], invocation: Invocation) -> Any:
        return "not a reply"

    reply = await dispatch(app, "garbage", {}, Invocation())
    assert reply.error and "error id" in reply.pages[0].content


async def test_broken_app_never_raises_out_of_dispatch() -> None:
    class Broken:
        def __getattr__(self, name: str) -> Any:
            raise RuntimeError(f"no {name}")

    for spec in ALL_COMMANDS:
        options = {option.name: "x" for option in spec.options}
        reply = await dispatch(Broken(), spec.key, options, Invocation(is_admin=True, guild_id=1))
        assert isinstance(reply, Reply)
        render_payload(reply)


async def test_none_options_are_tolerated(app: FakeApp) -> None:
    reply = await dispatch(app, "initiative", {"query": None}, None)  # type: ignore[dict-item]  # deliberately ill-typed input
    assert "Tell me what to look for" in reply.pages[0].content


@pytest.mark.parametrize("current", EDGE_INPUTS)
def test_autocomplete_over_every_option_never_raises(app: FakeApp, current: str) -> None:
    for key, option in list(AUTOCOMPLETERS):
        choices = autocomplete(app, key, option, current)
        assert len(choices) <= 25
        assert all(1 <= len(name) <= 100 and 1 <= len(value) <= 100 for name, value in choices)


def test_autocomplete_unknown_option_and_broken_completer(app: FakeApp, temporary_handlers: Any) -> None:
    assert autocomplete(app, "initiative", "nope", "hid") == []
    assert autocomplete(app, "nope", "query", "hid") == []

    @commands.completer("initiative", "query")
    def broken(app: Any, current: str) -> list[tuple[str, str]]:
        raise ValueError("bad")

    assert autocomplete(app, "initiative", "query", "hid") == []


def test_autocomplete_trims_to_discord_limits(app: FakeApp, temporary_handlers: Any) -> None:
    @commands.completer("initiative", "query")
    def many(app: Any, current: str) -> list[tuple[str, str]]:
        return [("n" * 300, "v" * 300)] * 40 + [("", "empty name dropped")]

    choices = autocomplete(app, "initiative", "query", "x")
    assert len(choices) == 25
    assert all(len(name) == 100 and len(value) == 100 for name, value in choices)


async def test_initiative_autocomplete_value_round_trips_through_the_handler(app: FakeApp) -> None:
    name, value = autocomplete(app, "initiative", "query", "hidta")[0]
    assert name.startswith(HIDTA[:50])
    reply = await dispatch(app, "initiative", {"query": value}, Invocation())
    assert reply.pages[0].embeds[0].title == HIDTA


async def test_document_autocomplete_value_round_trips(app: FakeApp) -> None:
    _, value = autocomplete(app, "briefing", "document", "drug trafficking")[0]
    reply = await dispatch(app, "briefing", {"document": value}, Invocation())
    assert reply.pages[0].embeds[0].title == app.index.documents[0].title


# ---- who may run what: the command table's admin / guild_only, checked once, here ---------------

ADMIN_KEYS = [spec.key for spec in ALL_COMMANDS if spec.admin]
SERVER_KEYS = [spec.key for spec in ALL_COMMANDS if spec.guild_only]


@pytest.mark.parametrize("key", ADMIN_KEYS)
async def test_members_without_manage_server_get_the_one_refusal(app: FakeApp, key: str) -> None:
    reply = await dispatch(app, key, {}, Invocation(user_id=2, guild_id=10, is_admin=False))
    assert reply.error and reply.ephemeral
    assert reply.pages[0].content == NEEDS_MANAGE_SERVER


@pytest.mark.parametrize("key", SERVER_KEYS)
async def test_server_commands_are_refused_in_direct_messages_even_for_admins(app: FakeApp, key: str) -> None:
    reply = await dispatch(app, key, {}, Invocation(user_id=2, guild_id=None, is_admin=True))
    assert reply.error and reply.ephemeral
    assert reply.pages[0].content == NEEDS_SERVER


async def test_a_refused_command_never_reaches_its_handler(app: FakeApp, temporary_handlers: Any) -> None:
    called: list[str] = []

    @handler(ADMIN_KEYS[0])
    async def spy(app: Any, options: dict[str, str], invocation: Invocation) -> Reply:
        called.append(str(invocation.user_id))
        return Reply.text("ran")

    await dispatch(app, ADMIN_KEYS[0], {}, Invocation(user_id=2, guild_id=10, is_admin=False))
    assert called == []
    allowed = await dispatch(app, ADMIN_KEYS[0], {}, Invocation(user_id=1, guild_id=10, is_admin=True))
    assert allowed.pages[0].content == "ran" and called == ["1"]
