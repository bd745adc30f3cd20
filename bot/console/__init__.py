"""``briefbot ask`` and ``briefbot console``: the bot's commands in a terminal, no Discord needed.

Lines are written the way Discord users type slash commands (``/funding query:border``) and
parsed against the same command table the Discord wiring registers, then answered by the same
``App.handle``. ``--json`` prints the exact Discord payload, so what the console shows is what
Discord would receive.

- ``args``: ``/cmd option:value`` → command spec and option values, usage lines;
- ``render``: a reply on a terminal (rich) or as its Discord payload (``--json``);
- ``line_editing``: reading lines, tab completion, history, the terminal mode;
- ``session``: a line made ready to run, and the interactive conversation;
- here: the two entry points, ``ask_main`` and ``console_main``.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

from bot.app_protocol import BotApp
from bot.config import ConfigError, Settings, load_settings
from bot.reply.payload import render_payload

from .args import CommandLineError, general_usage, parse_command_line, usage_line
from .line_editing import (
    PROMPT,
    cancel_on_ctrl_c,
    complete_buffer,
    complete_line,
    history_path,
    restore_terminal,
    setup_readline,
    terminal_state,
)
from .render import _inline, dump_json, no_such_page, output_console, page_count, print_error, render_text
from .session import Conversation, banner, converse, document_count, prepare

EXIT_USAGE = 2
_prepare = prepare  # the name tests and older callers use

__all__ = [
    "EXIT_USAGE", "PROMPT", "CommandLineError", "_inline", "_prepare", "ask_main", "banner", "complete_buffer",
    "complete_line", "console_main", "general_usage", "no_such_page", "output_console", "page_count",
    "parse_command_line", "prepare", "render_text", "usage_line",
]


def _settings(args: Any) -> Settings:
    """The settings the command line already loaded, else loaded here from --config/--db."""
    settings = getattr(args, "settings", None)
    if isinstance(settings, Settings):
        return settings
    return load_settings(getattr(args, "config", None), getattr(args, "db", None))


async def _open_app(settings: Settings, *, announce_seed: bool = True) -> BotApp:
    from bot.app import App  # imported late: parsing and rendering work without it

    return await App.open(settings, announce_seed=announce_seed)


async def ask_main(args: Any) -> int:
    """Answer one command line and print it (``--json``: the exact Discord payload)."""
    try:
        settings = _settings(args)
        spec, options, invocation = prepare(args.command, settings)
    except CommandLineError as exc:
        print_error(exc.message, exc.usage)
        return EXIT_USAGE
    except ConfigError as exc:
        print_error(str(exc))
        return EXIT_USAGE
    page = max(int(getattr(args, "page", 1) or 1), 1) - 1
    app = await _open_app(settings)
    try:
        reply = await app.handle(spec.key, options, invocation)
    finally:
        await app.close()
    if page >= page_count(reply):
        print_error(no_such_page(page + 1, page_count(reply)))
        return EXIT_USAGE
    if getattr(args, "json", False):
        print(dump_json(render_payload(reply, page)))
    else:
        output_console().print(render_text(reply, page))
    return 0


async def console_main(args: Any) -> int:
    """Interactive console: read command lines until /quit or end of input."""
    try:
        settings = _settings(args)
    except ConfigError as exc:
        print_error(str(exc))
        return EXIT_USAGE
    app = await _open_app(settings, announce_seed=False)  # the banner says it instead
    app.keep_reading()  # /ask's second reader: vectors for new initiatives, in the background
    interactive = sys.stdin.isatty()
    terminal = terminal_state() if interactive else None
    save_history = setup_readline(history_path(settings), app.autocomplete) if interactive else None
    chat = Conversation(app, settings, output_console())
    task = asyncio.current_task()
    stop_catching = cancel_on_ctrl_c(task) if interactive and task is not None else None
    try:
        print(banner(await document_count(app), settings.db_path, seeded=app.seeded), flush=True)
        await converse(chat, interactive)
    except (KeyboardInterrupt, asyncio.CancelledError):  # Ctrl-C leaves like Ctrl-D: not an error
        if interactive:
            print(flush=True)  # end the prompt's line
    finally:
        if stop_catching is not None:
            stop_catching()
        restore_terminal(terminal)  # the prompt's reader may still hold the terminal in raw mode
        if save_history is not None:
            save_history()
        await app.close()
    return 0
