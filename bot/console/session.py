"""Running console lines against the app: a typed line made ready to dispatch, and the
interactive conversation (answers, page turning, numbered did-you-mean picks, /quit)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from rich.console import Console
from rich.text import Text

from bot.app_protocol import BotApp
from bot.commands.spec import BY_KEY, CommandSpec, Invocation
from bot.config import Settings
from bot.dburl import DatabaseUrl
from bot.reply.model import Reply

from .args import CommandLineError, check_value, general_usage, parse_command_line, usage_line
from .line_editing import PROMPT, read_line
from .render import no_such_page, page_count, print_error, render_text

log = logging.getLogger(__name__)

QUIT_WORDS = frozenset({"/quit", "/exit", "quit", "exit"})
NEXT_WORDS = frozenset({"next", "/next", "n"})
PREVIOUS_WORDS = frozenset({"prev", "/prev", "previous", "p"})
PICK_QUERY_PREFIX = "id:"  # /initiative query:id:<n> shows initiative n, as the Discord menu does
DIGEST_PREVIEW_USAGE = "usage: briefbot digest --preview [--guild ID] [--date YYYY-MM-DD]"


def console_invocation() -> Invocation:
    """The operator owns the database, so the console may run admin commands too."""
    return Invocation(is_admin=True)


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


def _not_in_the_console(spec: CommandSpec) -> CommandLineError | None:
    """The /digest commands belong to a Discord server; the console previews with its own command."""
    if spec.group != "digest":
        return None
    if spec.name == "preview":
        return CommandLineError("in the console, preview the digest with: briefbot digest --preview",
                                DIGEST_PREVIEW_USAGE)
    return CommandLineError(f"/{spec.key} works in a Discord server, for that server's digest; "
                            "in the console, see a digest with: briefbot digest --preview", DIGEST_PREVIEW_USAGE)


def prepare(line: str, settings: Settings) -> tuple[CommandSpec, dict[str, str], Invocation]:
    """Parse a line and gather what it needs; raises ``CommandLineError`` with a usage line.

    A line that does not start with ``/`` is a question in plain words: ``/ask`` answers it.
    """
    if line.strip() and not line.lstrip().startswith("/"):
        spec = BY_KEY["ask"]
        question = line.strip()
        check_value(spec, spec.options[0], question)
        return spec, {"question": question}, console_invocation()
    spec, options = parse_command_line(line)
    elsewhere = _not_in_the_console(spec)
    if elsewhere is not None:
        raise elsewhere
    invocation = console_invocation()
    _attach_files(spec, options, invocation, settings)
    return spec, options, invocation


async def document_count(app: BotApp) -> int | None:
    """How many sheets the database holds, for the banner; None when it cannot say."""
    try:
        return int(await app.store.document_count())
    except Exception:  # the count only decorates the banner
        log.debug("could not count documents", exc_info=True)
        return None


def banner(count: int | None, db_path: Path | str | DatabaseUrl, *, seeded: int = 0) -> str:
    """The first line a new user sees when ``./run.sh`` has no Discord token to connect with."""
    sheets = f"{count} fact sheet{'' if count == 1 else 's'}" if count is not None else "the fact sheets"
    fresh = " (new database: the bundled seed was just loaded)" if seeded else ""
    return (f"Briefbot console — offline on {sheets} from {db_path}{fresh}. No Discord token configured: "
            "set DISCORD_TOKEN (or DISCORD_TOKEN_FILE) and run ./run.sh to connect to Discord.")


class Conversation:
    """The interactive loop's state: the last reply, for next/prev/page and numbered picks."""

    def __init__(self, app: BotApp, settings: Settings, console: Console) -> None:
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

    def _step(self, forward: bool, pages: int) -> int | None:
        """The page ``next``/``prev`` turns to, or None (with a note) at either end."""
        at_end = self.page + 1 >= pages if forward else self.page == 0
        if at_end:
            edge = "last" if forward else "first"
            self._note(f"this is the {edge} page" if pages > 1 else "this reply has only one page")
            return None
        return self.page + 1 if forward else self.page - 1

    def _numbered(self, line: str, pages: int) -> int | None:
        """The page ``/page N`` asks for (from 0), or None after saying what is wrong."""
        number = line.split(None, 1)[1].strip() if " " in line.strip() else ""
        if not number.isdigit():
            print_error("which page? e.g. /page 2", "usage: /page <number>")
            return None
        if not 1 <= int(number) <= pages:
            print_error(no_such_page(int(number), pages), f"usage: /page <1-{pages}>" if pages > 1 else None)
            return None
        return int(number) - 1

    def turn(self, line: str) -> None:
        """``next``, ``prev`` or ``/page N`` on the last reply."""
        if self.last is None:
            print_error("no reply to page through yet; ask something first", "usage: /page <number>")
            return
        pages = page_count(self.last)
        lowered = line.lower()
        if lowered in NEXT_WORDS or lowered in PREVIOUS_WORDS:
            target = self._step(lowered in NEXT_WORDS, pages)
        else:
            target = self._numbered(line, pages)
        if target is not None:
            self.show(target)

    async def ask(self, line: str) -> None:
        try:
            spec, options, invocation = prepare(line, self.settings)
        except CommandLineError as exc:
            print_error(exc.message, exc.usage)
            return
        await self.run(spec, options, invocation)

    async def run(self, spec: CommandSpec, options: dict[str, str], invocation: Invocation) -> None:
        try:
            reply = await self.app.handle(spec.key, options, invocation)
        except Exception as exc:
            log.exception("/%s failed", spec.key)
            print_error(f"/{spec.key} failed: {exc}")
            return
        self.last = reply
        self.show(0)

    async def pick(self, number: int) -> None:
        """A number answers the last did-you-mean list, like picking from Discord's menu."""
        choices = self.last.choices if self.last is not None else []
        if not choices:
            print_error("there is no did-you-mean list to pick from", general_usage())
            return
        if not 1 <= number <= len(choices):
            print_error(f"there is no choice {number}", f"usage: a number from 1 to {len(choices)}")
            return
        chosen = choices[number - 1].initiative_id
        await self.run(BY_KEY["initiative"], {"query": f"{PICK_QUERY_PREFIX}{chosen}"}, console_invocation())


async def converse(chat: Conversation, interactive: bool) -> None:
    """Read and answer lines until /quit or end of input."""
    while True:
        try:
            line = await read_line(PROMPT if interactive else "")
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
