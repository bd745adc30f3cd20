"""``briefbot ask`` and ``briefbot console``: the bot's commands in a terminal, no Discord needed.

Lines are written the way Discord users type slash commands (``/funding query:border``) and
parsed against the same command table the Discord wiring registers, then answered by the same
``App.handle``. ``--json`` prints the exact Discord payload, so what the console shows is what
Discord would receive.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.text import Text

from bot.commands.spec import ALL_COMMANDS, BY_KEY, CommandSpec, Invocation, OptionSpec
from bot.config import ConfigError, Settings, load_settings
from bot.reply.model import Embed, Page, Reply
from bot.reply.payload import render_payload

log = logging.getLogger(__name__)

PROMPT = "briefbot> "
HISTORY_FILE_NAME = "console_history"
HISTORY_LENGTH = 1000
QUIT_WORDS = frozenset({"/quit", "/exit", "quit", "exit"})
NEXT_WORDS = frozenset({"next", "/next", "n"})
PREVIOUS_WORDS = frozenset({"prev", "/prev", "previous", "p"})
CONSOLE_COMMANDS = ("/page", "/quit", "next", "prev")
EXIT_USAGE = 2
PICK_QUERY_PREFIX = "id:"  # /initiative query:id:<n> shows initiative n, as the Discord menu does

_PLACEHOLDERS = {"string": "text", "channel": "channel", "attachment": "file", "integer": "number"}
# "name:value" at the very start of the text, for a name this command does not have.
# Not "https://…", and not "note: …" (a colon then a space reads as prose).
_LOOKS_LIKE_OPTION = re.compile(r"([a-z][a-z0-9_-]*):(?!//)(?=\S)")
# Values that look like "name:" but are values: "id:12" names an initiative exactly (as the
# Discord menu and autocomplete do), so "/initiative id:12" works as typed.
_VALUE_PREFIXES = frozenset({"id"})
_QUOTE_PAIRS = {'"': '"', "'": "'", "“": "”", "‘": "’"}


class CommandLineError(Exception):
    """A console line that is not a valid command: one-line ``message`` and a ``usage`` line."""

    def __init__(self, message: str, usage: str) -> None:
        super().__init__(message)
        self.message = message
        self.usage = usage


# ---- parsing -----------------------------------------------------------------------------------


def usage_line(spec: CommandSpec) -> str:
    """``usage: /funding [query:<text>] [document:<text>]`` — required options without brackets."""
    parts = [f"usage: /{spec.key}"]
    for option in spec.options:
        word = f"{option.name}:<{_PLACEHOLDERS.get(option.kind, 'text')}>"
        parts.append(word if option.required else f"[{word}]")
    return " ".join(parts)


def _groups() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for spec in ALL_COMMANDS:
        if spec.group:
            groups.setdefault(spec.group, []).append(spec.name)
    return groups


def _top_level_names() -> list[str]:
    """Command names as typed first: plain commands and groups, in table order."""
    names: list[str] = []
    for spec in ALL_COMMANDS:
        name = spec.group or spec.name
        if name not in names:
            names.append(name)
    return names


def general_usage() -> str:
    groups = _groups()
    listed = [f"/{name} {'|'.join(groups[name])}" if name in groups else f"/{name}" for name in _top_level_names()]
    return "usage: /command [option:value …] — commands: " + ", ".join(listed)


def _unquote(value: str) -> str:
    """Strip one pair of quotes around the whole value (not from '"a" and "b"')."""
    value = value.strip()
    if len(value) >= 2 and _QUOTE_PAIRS.get(value[0]) == value[-1]:
        inner = value[1:-1]
        if value[0] not in inner and value[-1] not in inner:
            return inner.strip()
    return value


def _find_command(text: str) -> tuple[CommandSpec, str]:
    """The command a line names (a group takes its subcommand as the second word), and the rest."""
    match = re.match(r"/?(\S+)(?:\s+(\S+))?", text)
    if match is None:
        raise CommandLineError("type a command, for example /initiative hidta", general_usage())
    first = match.group(1).lower()
    second = (match.group(2) or "").lower()
    groups = _groups()
    if first in groups:
        spec = BY_KEY.get(f"{first} {second}")
        if spec is None:
            problem = f"unknown subcommand: /{first} {second}" if second else f"/{first} needs a subcommand"
            raise CommandLineError(problem, f"usage: /{first} {'|'.join(groups[first])}")
        return spec, text[match.end(2):]
    spec = BY_KEY.get(first)
    if spec is None:
        raise CommandLineError(f"unknown command: /{first}", general_usage())
    return spec, text[match.end(1):]


def _check_value(spec: CommandSpec, option: OptionSpec, value: str) -> None:
    if option.max_length is not None and len(value) > option.max_length:
        raise CommandLineError(
            f"{option.name}: is {len(value)} characters long; at most {option.max_length} fit",
            usage_line(spec))
    if option.kind == "integer" and not re.fullmatch(r"[+-]?\d+", value):
        raise CommandLineError(f"{option.name}: must be a whole number, not {value!r}", usage_line(spec))


def parse_command_line(line: str) -> tuple[CommandSpec, dict[str, str]]:
    """Parse ``/command option:value …`` as typed in Discord into its spec and option values.

    A value runs until the next ``name:`` of one of this command's options, so quotes are
    optional and other colons stay in the value. Text before any ``name:`` goes to the first
    option when the command has one option, or when no ``name:`` appears at all.
    """
    text = line.strip()
    if not text:
        raise CommandLineError("type a command, for example /initiative hidta", general_usage())
    spec, rest = _find_command(text)
    usage = usage_line(spec)
    names = [option.name for option in spec.options]
    keys = []
    if names:
        alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
        keys = list(re.finditer(rf"(?:^|(?<=\s))({alternatives}):", rest))

    raw: dict[str, str] = {}
    leading = (rest[: keys[0].start()] if keys else rest).strip()
    if leading:
        if not names:
            raise CommandLineError(f"/{spec.key} takes no options", usage)
        unknown = _LOOKS_LIKE_OPTION.match(leading)
        if unknown and unknown.group(1) not in names and unknown.group(1) not in _VALUE_PREFIXES:
            raise CommandLineError(f"unknown option {unknown.group(1)}: for /{spec.key}", usage)
        if keys and len(names) > 1:
            raise CommandLineError(
                f"say which option {leading!r} is for, e.g. {names[0]}:{leading}", usage)
        raw[names[0]] = leading
    for number, key in enumerate(keys):
        name = key.group(1)
        if name in raw:
            raise CommandLineError(f"option {name}: is given twice", usage)
        end = keys[number + 1].start() if number + 1 < len(keys) else len(rest)
        raw[name] = rest[key.end():end]

    options: dict[str, str] = {}
    for option in spec.options:
        value = _unquote(raw.get(option.name, ""))
        if value:
            _check_value(spec, option, value)
            options[option.name] = value
        elif option.required:
            raise CommandLineError(f"missing required option {option.name}: for /{spec.key}", usage)
    return spec, options


def complete_line(buffer: str, word: str) -> list[str]:
    """Tab completions for ``word``, the last word of ``buffer`` (the line up to the cursor).

    Words that are complete end with a space; option names end with their colon, ready for
    the value (readline adds nothing itself).
    """
    before = buffer[: len(buffer) - len(word)] if buffer.endswith(word) else buffer
    typed = before.split()
    if not typed:
        candidates = [f"/{name} " for name in _top_level_names()] + [f"{c} " for c in CONSOLE_COMMANDS]
        return [c for c in candidates if c.startswith(word)]
    first = typed[0].lstrip("/").lower()
    groups = _groups()
    if first in groups and len(typed) == 1:
        return [f"{name} " for name in groups[first] if name.startswith(word)]
    key = f"{first} {typed[1].lower()}" if first in groups else first
    spec = BY_KEY.get(key)
    if spec is None:
        return []
    used = {option.name for option in spec.options if f"{option.name}:" in before}
    return [f"{option.name}:" for option in spec.options
            if option.name not in used and f"{option.name}:".startswith(word)]


Autocomplete = Callable[[str, str, str], list[tuple[str, str]]]  # App.autocomplete(key, option, current)
_DATED_LABEL = re.compile(r"\s+·\s+\d{4}-\d{2}-\d{2}$")  # "Title · 2023-11-16", as autocomplete labels end
_INTERNAL_VALUE = re.compile(r"[a-z]+:\d+")  # id:12, doc:3: exact, but unreadable on the line


def _value_being_typed(buffer: str) -> tuple[CommandSpec, OptionSpec, int] | None:
    """The command, the option whose value the cursor is in, and where that value starts."""
    try:
        spec, rest = _find_command(buffer)
    except CommandLineError:
        return None
    if not rest[:1].isspace() or not spec.options:  # still typing the command's name
        return None
    offset = len(buffer) - len(rest)
    names = [option.name for option in spec.options]
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    keys = list(re.finditer(rf"(?:^|(?<=\s))({alternatives}):", rest))
    if keys:
        name, start = keys[-1].group(1), keys[-1].end()
    else:
        name, start = names[0], len(rest) - len(rest.lstrip())
    option = next(option for option in spec.options if option.name == name)
    return spec, option, offset + start


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


# ---- rendering ---------------------------------------------------------------------------------

_INLINE = re.compile(
    r"\\(?P<escaped>[^\w\s])"
    r"|(?P<marker>\*\*|__|~~|\|\|)"
    r"|(?<![\w*])\*(?P<star>[^\s*](?:[^*\n]*?[^\s*\\])?)\*(?![*\w])"  # *italic*
    r"|(?<![\w_])_(?P<under>[^\s_](?:[^_\n]*?[^\s_\\])?)_(?![_\w])"  # _italic_
    r"|`(?P<code>[^`\n]+)`"
    r"|\[(?P<label>(?:[^\[\]\\\n]|\\.)*)\]\((?P<url>(?:[^()\s]|\([^()\s]*\))*)\)"
)
_MARKER_STYLES = {"**": "bold", "__": "underline", "~~": "strike", "||": "dim"}


def _inline(line: str, base: str = "") -> Text:
    """One line of Discord Markdown as styled terminal text; links show their address."""
    out = Text()
    active: list[str] = []

    def style() -> str:
        return " ".join(filter(None, [base, *(_MARKER_STYLES[m] for m in active)]))

    position = 0
    for match in _INLINE.finditer(line):
        out.append(line[position:match.start()], style=style())
        position = match.end()
        if match.group("escaped") is not None:
            out.append(match.group("escaped"), style=style())
        elif match.group("marker") is not None:
            marker = match.group("marker")
            if marker in active:
                active.remove(marker)
            else:
                active.append(marker)
        elif match.group("star") is not None or match.group("under") is not None:
            out.append_text(_inline(match.group("star") or match.group("under"), f"{style()} italic".strip()))
        elif match.group("code") is not None:
            out.append(match.group("code"), style=f"{style()} cyan".strip())
        else:
            label = re.sub(r"\\(.)", r"\1", match.group("label"))
            out.append(label, style=f"{style()} underline".strip())
            out.append(f" ({match.group('url')})", style="dim")
    out.append(line[position:], style=style())
    return out


def _markdown(text: str, base: str = "") -> Text:
    """Discord Markdown (headings, quotes, sub-text, inline styles) as terminal text."""
    lines: list[Text] = []
    for line in text.splitlines():
        heading = re.match(r"#{1,3}\s+", line)
        if heading:
            lines.append(_inline(line[heading.end():], f"{base} bold".strip()))
        elif line.startswith("-# "):
            lines.append(_inline(line[3:], f"{base} dim".strip()))
        elif re.match(r">>?>?\s", line):
            lines.append(Text("│ ", style="dim") + _inline(re.sub(r"^>+\s", "", line), base))
        else:
            lines.append(_inline(line, base))
    return Text("\n").join(lines)


class _Indented:
    """Text indented under a field name: wrapped with the indent kept on a terminal, one
    unwrapped line per line otherwise, so piped links stay whole and copyable."""

    def __init__(self, text: Text, indent: int = 2) -> None:
        self.text = text
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if console.soft_wrap:
            yield Text("\n").join(Text(" " * self.indent) + line for line in self.text.split("\n"))
        else:
            yield Padding(self.text, (0, 0, 0, self.indent), expand=False)


def output_console() -> Console:
    """Rich output to stdout: wrapped for a terminal, whole lines when piped."""
    out = Console(highlight=False)
    out.soft_wrap = not out.is_terminal
    return out


def _embed_renderables(embed: Embed) -> list[RenderableType]:
    parts: list[RenderableType] = []
    if embed.title:
        parts.append(_markdown(embed.title, "bold"))
    if embed.url:
        parts.append(Text(embed.url, style="dim"))
    if embed.description:
        parts.append(_markdown(embed.description))
    for item in embed.fields:
        parts.append(Text(""))
        parts.append(_markdown(item.name, "bold"))
        parts.append(_Indented(_markdown(item.value)))
    if embed.footer:
        parts.append(Text(""))
        parts.append(_markdown(embed.footer, "dim"))
    return parts


def page_count(reply: Reply) -> int:
    return max(len(reply.pages), 1)


def no_such_page(number: int, count: int) -> str:
    """``there is no page 5 (1 page)``, for a page number (from 1) outside the reply."""
    return f"there is no page {number} ({count} page{'' if count == 1 else 's'})"


def _says_page(page: Page, number: int, count: int) -> bool:
    """Whether the page already says ``page i/n`` itself (handlers put it in the footer)."""
    marker = f"page {number}/{count}"
    texts = [page.content or ""] + [embed.footer or "" for embed in page.embeds]
    return any(marker in text.lower() for text in texts)


def render_text(reply: Reply, page: int = 0) -> RenderableType:
    """One page of ``reply`` for a terminal: bold titles, links spelled out, fields, footer,
    ``page i/n`` once when there are several, and the did-you-mean choices as a numbered list."""
    pages = reply.pages or [Page()]
    index = min(max(page, 0), len(pages) - 1)
    current = pages[index]
    parts: list[RenderableType] = []
    if current.content:
        parts.append(_markdown(current.content, "red" if reply.error else ""))
    for embed in current.embeds:
        if parts:
            parts.append(Text(""))
        parts.extend(_embed_renderables(embed))
    if not parts:
        parts.append(Text("Nothing to show.", style="dim"))
    if len(pages) > 1 and not _says_page(current, index + 1, len(pages)):
        parts.append(Text(""))
        parts.append(Text(f"page {index + 1}/{len(pages)}", style="dim"))
    if reply.choices and index == 0:
        parts.append(Text(""))
        parts.append(Text("Did you mean…?", style="bold"))
        for number, choice in enumerate(reply.choices, 1):
            line = Text(f"{number}. ") + _inline(choice.label)
            if choice.description:
                line.append(f" — {choice.description}", style="dim")
            parts.append(_Indented(line))
    return Group(*parts)


# ---- running commands --------------------------------------------------------------------------


def _console_invocation() -> Invocation:
    """The operator owns the database, so the console may run admin commands too."""
    return Invocation(is_admin=True)


def _print_error(message: str, usage: str | None = None) -> None:
    print(f"briefbot: error: {message}", file=sys.stderr, flush=True)
    if usage:
        print(usage, file=sys.stderr, flush=True)


def _settings(args: Any) -> Settings:
    """The settings the command line already loaded, else loaded here from --config/--db."""
    settings = getattr(args, "settings", None)
    if isinstance(settings, Settings):
        return settings
    return load_settings(getattr(args, "config", None), getattr(args, "db", None))


def _attach_files(spec: CommandSpec, options: dict[str, str], invocation: Invocation,
                  settings: Settings) -> None:
    """Read a file option (``/briefing-admin add file:sheet.md``) as Discord would upload it:
    the option holds the file name and ``extras["attachment"]`` holds ``(name, bytes)``."""
    for option in spec.options:
        if option.kind != "attachment" or option.name not in options:
            continue
        path = Path(options[option.name]).expanduser()
        usage = usage_line(spec)
        try:
            size = path.stat().st_size
            if size > settings.attachment_max_bytes:
                raise CommandLineError(
                    f"{path} is {size} bytes; files up to {settings.attachment_max_bytes} bytes are accepted", usage)
            data = path.read_bytes()
        except OSError as exc:
            raise CommandLineError(f"cannot read {path}: {exc.strerror or exc}", usage) from exc
        options[option.name] = path.name
        invocation.extras["attachment"] = (path.name, data)


DIGEST_PREVIEW_USAGE = "usage: briefbot digest --preview [--guild ID] [--date YYYY-MM-DD]"


def _not_in_the_console(spec: CommandSpec) -> CommandLineError | None:
    """The /digest commands belong to a Discord server; the console previews with its own command."""
    if spec.group != "digest":
        return None
    if spec.name == "preview":
        return CommandLineError("in the console, preview the digest with: briefbot digest --preview",
                                DIGEST_PREVIEW_USAGE)
    return CommandLineError(f"/{spec.key} works in a Discord server, for that server's digest; "
                            "in the console, see a digest with: briefbot digest --preview", DIGEST_PREVIEW_USAGE)


def _prepare(line: str, settings: Settings) -> tuple[CommandSpec, dict[str, str], Invocation]:
    """Parse a line and gather what it needs; raises ``CommandLineError`` with a usage line.

    A line that does not start with ``/`` is a question in plain words: ``/ask`` answers it.
    """
    if line.strip() and not line.lstrip().startswith("/"):
        spec = BY_KEY["ask"]
        question = line.strip()
        _check_value(spec, spec.options[0], question)
        return spec, {"question": question}, _console_invocation()
    spec, options = parse_command_line(line)
    elsewhere = _not_in_the_console(spec)
    if elsewhere is not None:
        raise elsewhere
    invocation = _console_invocation()
    _attach_files(spec, options, invocation, settings)
    return spec, options, invocation


async def _open_app(settings: Settings, *, announce_seed: bool = True) -> Any:
    from bot.app import App  # imported late: parsing and rendering work without it

    return await App.open(settings, announce_seed=announce_seed)


async def _document_count(app: Any) -> int | None:
    counter = getattr(getattr(app, "store", None), "document_count", None)
    if counter is None:
        return None
    try:
        return int(await counter())
    except Exception:  # the count only decorates the banner
        log.debug("could not count documents", exc_info=True)
        return None


def _dump_json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, indent=2, ensure_ascii=False)


async def ask_main(args: Any) -> int:
    """Answer one command line and print it (``--json``: the exact Discord payload)."""
    try:
        settings = _settings(args)
        spec, options, invocation = _prepare(args.command, settings)
    except CommandLineError as exc:
        _print_error(exc.message, exc.usage)
        return EXIT_USAGE
    except ConfigError as exc:
        _print_error(str(exc))
        return EXIT_USAGE
    page = max(int(getattr(args, "page", 1) or 1), 1) - 1
    app = await _open_app(settings)
    try:
        reply = await app.handle(spec.key, options, invocation)
    finally:
        await app.close()
    if page >= page_count(reply):
        _print_error(no_such_page(page + 1, page_count(reply)))
        return EXIT_USAGE
    if getattr(args, "json", False):
        print(_dump_json(render_payload(reply, page)))
    else:
        output_console().print(render_text(reply, page))
    return 0


# ---- interactive console -----------------------------------------------------------------------


async def _read_line(prompt: str) -> str:
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
        try:
            line, error = input(prompt), None
        except BaseException as exc:  # EOFError ends the console; others surface in the loop
            line, error = None, exc
        with contextlib.suppress(RuntimeError):  # the loop already ended (Ctrl-C): nobody waits
            loop.call_soon_threadsafe(deliver, line, error)

    threading.Thread(target=worker, name="console-input", daemon=True).start()
    return await future


def _history_path(settings: Settings) -> Path:
    return Path(settings.db_path).expanduser().resolve().parent / HISTORY_FILE_NAME


def _setup_readline(history: Path, autocomplete: Autocomplete | None = None) -> Callable[[], None] | None:
    """History and tab completion when a person is typing; returns the save-history callback."""
    try:
        import readline
    except ImportError:  # not available on every platform; the console works without it
        return None
    listed: list[str] = []

    def completer(text: str, state: int) -> str | None:
        if state == 0:  # the whole line up to the cursor is the text (no word delimiters)
            lines, shown = complete_buffer(text, autocomplete)
            completer.lines = lines  # type: ignore[attr-defined]
            listed[:] = shown
        lines = getattr(completer, "lines", [])
        return lines[state] if state < len(lines) else None

    def show_list(substitution: str, matches: list[str], longest: int) -> None:
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


def banner(count: int | None, db_path: Path | str, *, seeded: int = 0) -> str:
    """The first line a new user sees when ``./run.sh`` has no Discord token to connect with."""
    sheets = f"{count} fact sheet{'' if count == 1 else 's'}" if count is not None else "the fact sheets"
    fresh = " (new database: the bundled seed was just loaded)" if seeded else ""
    return (f"Briefbot console — offline on {sheets} from {db_path}{fresh}. No Discord token configured: "
            "set DISCORD_TOKEN (or DISCORD_TOKEN_FILE) and run ./run.sh to connect to Discord.")


class _Conversation:
    """The interactive loop's state: the last reply, for next/prev/page and numbered picks."""

    def __init__(self, app: Any, settings: Settings, console: Console) -> None:
        self.app = app
        self.settings = settings
        self.console = console
        self.last: Reply | None = None
        self.page = 0

    def show(self, page: int) -> None:
        assert self.last is not None
        pages = page_count(self.last)
        self.page = min(max(page, 0), pages - 1)
        self.console.print(render_text(self.last, self.page))
        if pages > 1:
            self.console.print(Text("next, prev or /page N to turn pages", style="dim"))

    def _note(self, text: str) -> None:
        self.console.print(Text(text, style="dim"))

    def turn(self, line: str) -> None:
        if self.last is None:
            _print_error("no reply to page through yet; ask something first", "usage: /page <number>")
            return
        pages = page_count(self.last)
        lowered = line.lower()
        if lowered in NEXT_WORDS:
            if self.page + 1 >= pages:
                self._note("this is the last page" if pages > 1 else "this reply has only one page")
                return
            target = self.page + 1
        elif lowered in PREVIOUS_WORDS:
            if self.page == 0:
                self._note("this is the first page" if pages > 1 else "this reply has only one page")
                return
            target = self.page - 1
        else:
            number = line.split(None, 1)[1].strip() if " " in line.strip() else ""
            if not number.isdigit():
                _print_error("which page? e.g. /page 2", "usage: /page <number>")
                return
            if not 1 <= int(number) <= pages:
                _print_error(no_such_page(int(number), pages), f"usage: /page <1-{pages}>" if pages > 1 else None)
                return
            target = int(number) - 1
        self.show(target)

    async def ask(self, line: str) -> None:
        try:
            spec, options, invocation = _prepare(line, self.settings)
        except CommandLineError as exc:
            _print_error(exc.message, exc.usage)
            return
        await self.run(spec, options, invocation)

    async def run(self, spec: CommandSpec, options: dict[str, str], invocation: Invocation) -> None:
        try:
            reply = await self.app.handle(spec.key, options, invocation)
        except Exception as exc:
            log.exception("/%s failed", spec.key)
            _print_error(f"/{spec.key} failed: {exc}")
            return
        self.last = reply
        self.show(0)

    async def pick(self, number: int) -> None:
        """A number answers the last did-you-mean list, like picking from Discord's menu."""
        choices = self.last.choices if self.last is not None else []
        if not choices:
            _print_error("there is no did-you-mean list to pick from", general_usage())
            return
        if not 1 <= number <= len(choices):
            _print_error(f"there is no choice {number}", f"usage: a number from 1 to {len(choices)}")
            return
        chosen = choices[number - 1].initiative_id
        await self.run(BY_KEY["initiative"], {"query": f"{PICK_QUERY_PREFIX}{chosen}"}, _console_invocation())


async def console_main(args: Any) -> int:
    """Interactive console: read command lines until /quit or end of input."""
    try:
        settings = _settings(args)
    except ConfigError as exc:
        _print_error(str(exc))
        return EXIT_USAGE
    app = await _open_app(settings, announce_seed=False)  # the banner says it instead
    interactive = sys.stdin.isatty()
    terminal = _terminal_state() if interactive else None
    save_history = _setup_readline(_history_path(settings), app.autocomplete) if interactive else None
    chat = _Conversation(app, settings, output_console())
    try:
        print(banner(await _document_count(app), settings.db_path, seeded=getattr(app, "seeded", 0)), flush=True)
        await _converse(chat, interactive)
    except (KeyboardInterrupt, asyncio.CancelledError):  # Ctrl-C leaves like Ctrl-D: not an error
        if interactive:
            print(flush=True)  # end the prompt's line
    finally:
        _restore_terminal(terminal)  # the prompt's reader may still hold the terminal in raw mode
        if save_history is not None:
            save_history()
        await app.close()
    return 0


def _terminal_state() -> Any:
    try:
        import termios

        return termios.tcgetattr(sys.stdin.fileno())
    except (ImportError, OSError, ValueError):
        return None


def _restore_terminal(state: Any) -> None:
    if state is None:
        return
    with contextlib.suppress(ImportError, OSError, ValueError):
        import termios

        termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, state)


async def _converse(chat: _Conversation, interactive: bool) -> None:
    """Read and answer lines until /quit or end of input."""
    while True:
        try:
            line = await _read_line(PROMPT if interactive else "")
        except EOFError:
            if interactive:
                print()  # end the prompt's line
            return
        line = line.strip()
        if not interactive and line:
            print(f"{PROMPT}{line}", flush=True)  # piped input reads like typed input
        if not line:
            continue
        lowered = line.lower()
        if lowered in QUIT_WORDS:
            return
        if lowered in NEXT_WORDS or lowered in PREVIOUS_WORDS or lowered.split()[0] == "/page":
            chat.turn(line)
            continue
        if line.isdigit():
            await chat.pick(int(line))
            continue
        await chat.ask(line)
        sys.stdout.flush()
