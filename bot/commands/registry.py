"""The handler registry and ``dispatch``, the only way into a handler.

Handler modules register themselves with ``@handler(key)`` / ``@completer(key, option)``;
``bot.commands`` imports them all. ``dispatch`` also enforces the command table's permissions
(``CommandSpec.admin`` / ``guild_only``) for every transport, so no handler checks them itself.
An unknown key or a failing handler becomes an error ``Reply`` (with an error id written to the
log), because the transports rely on always having something to send — except a failing
database: that is not one command's problem but the operator's, so it is raised as a
``CommandFault`` (a ``StoreError`` carrying the error id and what to do), which ``briefbot ask``
turns into one line and a non-zero exit and the Discord transport into the usual private
message with the id. ``autocomplete`` answers from memory and returns [] on any problem, since
Discord gives it three seconds and nothing else to fall back on.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import secrets
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bot.app_protocol import BotApp
from bot.commands.spec import BY_KEY, Invocation
from bot.reply.model import Reply
from bot.store import DRIVER_ERRORS, StoreError, database_fault, is_database_fault

log = logging.getLogger(__name__)
# What a failing database may raise: caught below and turned into one fault report.
_STORE_FAULTS: tuple[type[Exception], ...] = (StoreError, *DRIVER_ERRORS)

Handler = Callable[[BotApp, dict[str, str], Invocation], Coroutine[Any, Any, Reply]]
Completer = Callable[..., list[tuple[str, str]]]  # fn(app, current) or fn(app, current, invocation)

HANDLERS: dict[str, Handler] = {}
OFFLOADED: set[str] = set()  # handlers that only read the in-memory index: run in a worker thread
# One thread: with the GIL a second one would not answer sooner, only take more turns from the loop.
ANSWERS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefbot-answers")
AUTOCOMPLETERS: dict[tuple[str, str], Completer] = {}
WITH_INVOCATION: set[tuple[str, str]] = set()  # completers that need to know who asks, and where

_CHOICES_MAX = 25
_CHOICE_TEXT_MAX = 100


def handler(key: str, *, offload: bool = False) -> Callable[[Handler], Handler]:
    """Register ``async def fn(app, options, invocation) -> Reply`` as the handler of ``key``.

    ``offload=True`` is for handlers that never await anything (they only read ``app.index``):
    ``dispatch`` runs them in a worker thread, so a lookup over a large library costs the event
    loop at most a GIL switch interval at a time instead of its whole length.
    """

    def register(fn: Handler) -> Handler:
        HANDLERS[key] = fn
        if offload:
            OFFLOADED.add(key)
        else:
            OFFLOADED.discard(key)
        return fn

    return register


def completer(key: str, option: str) -> Callable[[Completer], Completer]:
    """Register ``def fn(app, current) -> [(name, value)]`` for one option of one command (or
    ``fn(app, current, invocation)`` when the choices depend on the server or the person)."""

    def register(fn: Completer) -> Completer:
        AUTOCOMPLETERS[(key, option)] = fn
        if "invocation" in inspect.signature(fn).parameters:
            WITH_INVOCATION.add((key, option))
        return fn

    return register


def new_error_id() -> str:
    """A short id the user can quote and the operator can find in the log."""
    return secrets.token_hex(3)


async def dispatch(app: BotApp, key: str, options: dict[str, str] | None, invocation: Invocation | None) -> Reply:
    """Run the handler for ``key`` when the caller may: a refusal and errors become an ephemeral
    reply (errors with an id), except a failing database, raised as ``CommandFault``."""
    fn = HANDLERS.get(key)
    if fn is None:
        return Reply.text(f"Unknown command `/{key[:80]}`. Try `/help`.", ephemeral=True, error=True)
    invocation = invocation or Invocation()
    clean = {str(k): "" if v is None else str(v) for k, v in (options or {}).items()}
    spec = BY_KEY.get(key)
    refusal = spec.refusal(invocation, clean) if spec is not None else None
    if refusal is not None:
        log.info("refused /%s for user %s in guild %s: %s", key, invocation.user_id, invocation.guild_id, refusal)
        return Reply.text(refusal, ephemeral=True, error=True)
    try:
        call = fn(app, clean, invocation)
        if key in OFFLOADED:
            reply = await asyncio.get_running_loop().run_in_executor(ANSWERS, _run_to_completion, call)
        else:
            reply = await call
        if not isinstance(reply, Reply):
            raise TypeError(f"handler for {key!r} returned {type(reply).__name__}, not Reply")
        return reply
    except _STORE_FAULTS as exc:
        if not (isinstance(exc, StoreError) or is_database_fault(exc)):
            return _error_reply(key)
        error_id = new_error_id()
        log.debug("command /%s failed (error id %s)", key, error_id, exc_info=True)
        raise CommandFault(key, error_id, database_fault(exc, _database_path(app))) from exc
    except Exception:
        return _error_reply(key)


def _error_reply(key: str) -> Reply:
    """The reply to a failed command, with an error id; the log gets the same id and the traceback
    (call from an ``except`` block)."""
    error_id = new_error_id()
    log.exception("command /%s failed (error id %s)", key, error_id)
    return Reply.text(
        f"Something went wrong (error id {error_id}). Please try again; if it keeps happening, "
        "give this id to the bot's operator.",
        ephemeral=True,
        error=True,
    )


class CommandFault(StoreError):
    """A command failed because the database did: ``error_id`` is in the message and the log."""

    def __init__(self, key: str, error_id: str, fault: StoreError) -> None:
        super().__init__(f"/{key} failed (error id {error_id}): {fault}")
        self.error_id = error_id
        self.fault = fault


def _database_path(app: BotApp) -> str:
    return str(app.store.path or "in use")


def _run_to_completion(call: Coroutine[Any, Any, Reply]) -> Reply:
    """Run a coroutine that never suspends, in the calling thread."""
    try:
        call.send(None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]  # StopIteration carries an untyped value
    call.close()
    raise RuntimeError("an offloaded handler awaited something; register it without offload=True")


def autocomplete(app: BotApp, key: str, option: str, current: str | None,
                 invocation: Invocation | None = None) -> list[tuple[str, str]]:
    """Choices for one option as the user types: at most 25, each name and value ≤ 100 characters."""
    try:
        fn = AUTOCOMPLETERS.get((key, option))
        if fn is None:
            return []
        out: list[tuple[str, str]] = []
        found = fn(app, current or "", invocation) if (key, option) in WITH_INVOCATION else fn(app, current or "")
        for name, value in found:
            name, value = str(name)[:_CHOICE_TEXT_MAX].strip(), str(value)[:_CHOICE_TEXT_MAX]
            if name and value:
                out.append((name, value))
            if len(out) == _CHOICES_MAX:
                break
        return out
    except Exception:
        log.exception("autocomplete failed for /%s %s", key, option)
        return []
