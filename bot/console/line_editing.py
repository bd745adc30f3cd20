"""Typing at the console: reading a line without blocking the event loop, tab completion
(command and option names, and the app's autocomplete for values), history, the terminal mode."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bot.commands.spec import BY_KEY, CommandSpec, OptionSpec
from bot.config import Settings
from bot.dburl import local_path

from .args import CommandLineError, find_command, groups, option_keys, top_level_names

log = logging.getLogger(__name__)

PROMPT = "briefbot> "
HISTORY_FILE_NAME = "console_history"
HISTORY_LENGTH = 1000
CONSOLE_COMMANDS = ("/page", "/quit", "next", "prev")  # the console's own words, offered first

Autocomplete = Callable[[str, str, str], list[tuple[str, str]]]  # App.autocomplete(key, option, current)
_DATED_LABEL = re.compile(r"\s+·\s+\d{4}-\d{2}-\d{2}$")  # "Title · 2023-11-16", as autocomplete labels end
_INTERNAL_VALUE = re.compile(r"[a-z]+:\d+")  # id:12, doc:3: exact, but unreadable on the line


def complete_line(buffer: str, word: str) -> list[str]:
    """Tab completions for ``word``, the last word of ``buffer`` (the line up to the cursor).

    Words that are complete end with a space; option names end with their colon, ready for
    the value (readline adds nothing itself).
    """
    before = buffer[: len(buffer) - len(word)] if buffer.endswith(word) else buffer
    typed = before.split()
    if not typed:
        candidates = [f"/{name} " for name in top_level_names()] + [f"{c} " for c in CONSOLE_COMMANDS]
        return [c for c in candidates if c.startswith(word)]
    first = typed[0].lstrip("/").lower()
    grouped = groups()
    if first in grouped and len(typed) == 1:
        return [f"{name} " for name in grouped[first] if name.startswith(word)]
    key = f"{first} {typed[1].lower()}" if first in grouped else first
    spec = BY_KEY.get(key)
    if spec is None:
        return []
    used = {option.name for option in spec.options if f"{option.name}:" in before}
    return [f"{option.name}:" for option in spec.options
            if option.name not in used and f"{option.name}:".startswith(word)]


def _value_being_typed(buffer: str) -> tuple[CommandSpec, OptionSpec, int] | None:
    """The command, the option whose value the cursor is in, and where that value starts."""
    try:
        spec, rest = find_command(buffer)
    except CommandLineError:
        return None
    if not rest[:1].isspace() or not spec.options:  # still typing the command's name
        return None
    offset = len(buffer) - len(rest)
    keys = option_keys(spec, rest)
    if keys:
        name, start = keys[-1].group(1), keys[-1].end()
    else:
        name, start = spec.options[0].name, len(rest) - len(rest.lstrip())
    option = next(option for option in spec.options if option.name == name)
    return spec, option, offset + start


def _complete_value(buffer: str, value: tuple[CommandSpec, OptionSpec, int],
                    autocomplete: Autocomplete) -> tuple[list[str], list[str]]:
    """Completion of an option's value from the app's autocomplete (see ``complete_buffer``)."""
    spec, option, start = value
    choices = autocomplete(spec.key, option.name, buffer[start:].strip())
    if not choices:
        return [], []
    names = [_DATED_LABEL.sub("", label) for label, _ in choices]
    inserts = [chosen if not _INTERNAL_VALUE.fullmatch(chosen) or name.endswith("…") or names.count(name) > 1
               else name for name, (_, chosen) in zip(names, choices, strict=True)]
    labels = [label for label, _ in choices]
    if len(choices) == 1:
        return [buffer[:start] + inserts[0]], labels
    # Several: every replacement starts with the line as typed, so readline keeps it and lists them.
    return [buffer] + [buffer + insert for insert in inserts], labels


def complete_buffer(buffer: str, autocomplete: Autocomplete | None = None) -> tuple[list[str], list[str]]:
    """Tab completion of the whole line up to the cursor: (replacement lines, what to list).

    Command and option names complete as ``complete_line`` says. In the value of an option with
    autocomplete (``/initiative hid``, ``/funding document:glob``) the app's autocomplete — the
    same suggestions Discord shows — completes it: one suggestion replaces the value with its
    name (or its exact id when the name is cut short or not unique); several are listed, and the
    line is kept as typed.
    """
    word = re.split(r"\s", buffer)[-1]
    prefix = buffer[: len(buffer) - len(word)]
    value = _value_being_typed(buffer) if autocomplete is not None else None
    single_value = value is not None and len(value[0].options) == 1 and value[1].autocomplete
    if not single_value:
        words = complete_line(buffer, word)
        if words or value is None or not value[1].autocomplete:
            return [prefix + w for w in words], words
    assert value is not None and autocomplete is not None
    return _complete_value(buffer, value, autocomplete)


async def read_line(prompt: str) -> str:
    """``input()`` on a daemon thread, so the event loop keeps running and Ctrl-C can exit."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()

    def deliver(value: str | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(value or "")

    def worker() -> None:
        with contextlib.suppress(AttributeError, OSError, ValueError):  # not on every platform
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # Ctrl-C goes to the loop's thread
        try:
            line, error = input(prompt), None
        except BaseException as exc:  # EOFError ends the console; others surface in the loop
            line, error = None, exc
        with contextlib.suppress(RuntimeError):  # the loop already ended (Ctrl-C): nobody waits
            loop.call_soon_threadsafe(deliver, line, error)

    threading.Thread(target=worker, name="console-input", daemon=True).start()
    return await future


def cancel_on_ctrl_c(task: asyncio.Task[Any]) -> Callable[[], None]:
    """Ctrl-C cancels ``task`` through the loop's own signal handling; returns the undo.

    The terminal's SIGINT goes to whichever thread of the process does not block it: the prompt's
    reader blocks it, but the executor's and the database's threads do not. Python's plain handler
    then runs only once the main thread wakes, and the loop asleep in ``select()`` was not woken:
    the console waited for the next key. The loop's handler writes to its wake-up pipe from any
    thread, so the loop wakes at once."""
    loop = asyncio.get_running_loop()
    try:
        loop.add_signal_handler(signal.SIGINT, task.cancel)
    except (NotImplementedError, RuntimeError, ValueError):  # no signals on this platform, or not the main thread
        return lambda: None

    def undo() -> None:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.remove_signal_handler(signal.SIGINT)

    return undo


def history_path(settings: Settings) -> Path:
    """The history file sits beside the database, so each library keeps its own."""
    return local_path(settings.db_path).expanduser().resolve().parent / HISTORY_FILE_NAME


def _leave_ctrl_c_to_python(readline: Any) -> None:
    """GNU readline catches SIGINT itself while it handles a key and passes it on only when it next
    looks: a Ctrl-C that lands as it finishes a key (just after Tab listed the names) waited for the
    next key press, and the console did not end. With its catching off, Python's handler sees every
    Ctrl-C at once; the console puts the terminal back itself (``restore_terminal``)."""
    try:
        import ctypes

        ctypes.c_int.in_dll(ctypes.CDLL(readline.__file__), "rl_catch_signals").value = 0
    except (ImportError, OSError, ValueError, AttributeError, TypeError):
        pass  # libedit, or a build without the symbol: readline's own handling stays


def setup_readline(history: Path, autocomplete: Autocomplete | None = None) -> Callable[[], None] | None:
    """History and tab completion when a person is typing; returns the save-history callback."""
    try:
        import readline
    except ImportError:  # not available on every platform; the console works without it
        return None
    _leave_ctrl_c_to_python(readline)
    lines: list[str] = []  # the replacements offered for the current Tab press
    listed: list[str] = []  # what to show for them (autocomplete labels, not whole lines)

    def completer(text: str, state: int) -> str | None:
        if state == 0:  # the whole line up to the cursor is the text (no word delimiters)
            lines[:], listed[:] = complete_buffer(text, autocomplete)
        return lines[state] if state < len(lines) else None

    def show_list(substitution: str, matches: Sequence[str], longest: int) -> None:
        print()
        for item in listed:
            print(f"  {item}")
        print(PROMPT + readline.get_line_buffer(), end="", flush=True)

    readline.set_completer_delims("")
    readline.set_completer(completer)
    readline.set_completion_display_matches_hook(show_list)
    readline.parse_and_bind("tab: complete")
    readline.parse_and_bind("set show-all-if-ambiguous on")
    readline.set_history_length(HISTORY_LENGTH)
    with contextlib.suppress(OSError):
        readline.read_history_file(history)

    def save() -> None:
        try:
            history.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(history)
        except OSError as exc:
            log.debug("could not save console history to %s: %s", history, exc)

    return save


def terminal_state() -> Any:
    """The terminal's mode now, to put back on the way out (None when stdin is no terminal)."""
    try:
        import termios

        return termios.tcgetattr(sys.stdin.fileno())
    except (ImportError, OSError, ValueError):
        return None


def restore_terminal(state: Any) -> None:
    """Put the terminal back as ``terminal_state`` found it: the prompt's reader may still hold it raw."""
    if state is None:
        return
    with contextlib.suppress(ImportError, OSError, ValueError):
        import termios

        termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, state)
