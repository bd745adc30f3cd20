"""The discord.py client: endpoints, intents, command sync, refresh loop, digest start, shutdown.

``serve(settings, token)`` runs one bot process until SIGINT/SIGTERM and returns its exit
status. Only non-privileged intents are used (slash commands need no message content or
member lists). The REST base URL and gateway URL come from settings, so the same code talks to
Discord, a rate-limit proxy or a local test server.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
import sys
from typing import Any

import aiohttp
import discord
import yarl

from bot.app_protocol import BotApp
from bot.config import Settings
from bot.digest.scheduler import DigestScheduler
from bot.discord_app.alerts import FollowRunner, start_follows
from bot.discord_app.poster import DiscordPoster
from bot.discord_app.sources import start_sources
from bot.discord_app.sync import prepare_targets, sync_if_changed
from bot.discord_app.views import NO_MENTIONS
from bot.discord_app.wiring import Interactions, build_tree
from bot.tasks import cancel_and_wait

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_TOKEN = 2
REDACTED = "[token redacted]"


# ---- process-wide set-up -----------------------------------------------------------------------


def configure_endpoints(settings: Settings) -> None:
    """Point discord.py at the configured REST API and gateway (set before creating a client).

    A plain client connects to ``DiscordWebSocket.DEFAULT_GATEWAY`` without asking the API for
    a gateway URL, and so does a sharded client given its shard count; interaction responses
    and webhooks share ``Route.BASE`` with every other REST call.
    """
    discord.http.Route.BASE = settings.api_base.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)
    # No voice here: skip discord.py's start-up warnings about missing voice libraries.
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False


def make_intents() -> discord.Intents:
    """Guild events only: no privileged intents (members, presences, message content)."""
    intents = discord.Intents.default()
    intents.members = False
    intents.presences = False
    intents.message_content = False
    intents.guilds = True
    return intents


# Interaction tokens: each lets whoever holds it answer (or edit the answer to) that interaction
# for 15 minutes. discord.py logs them at DEBUG — in the gateway event's "token" field and in the
# follow-up URLs (…/interactions/<id>/<token>/callback, …/webhooks/<application id>/<token>/…).
_SECRET_FIELD = re.compile(r"""(?P<head>["']token["']\s*:\s*["'])[^"']+""")
_SECRET_PATH = re.compile(r"(?P<head>/(?:interactions|webhooks)/\d+/)[^/\s'\"?#]+")


class TokenRedactor(logging.Filter):
    """Replaces secrets in any log line (message, arguments or traceback) that holds them: the bot
    token, and the interaction tokens discord.py's debug lines carry."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def _redact(self, text: str) -> str:
        if self.token and self.token in text:
            text = text.replace(self.token, REDACTED)
        if "token" in text:
            text = _SECRET_FIELD.sub(rf"\g<head>{REDACTED}", text)
        if "/interactions/" in text or "/webhooks/" in text:
            text = _SECRET_PATH.sub(rf"\g<head>{REDACTED}", text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the record
            message = str(record.msg)
        redacted = self._redact(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        return True


def setup_logging(settings: Settings, token: str) -> None:
    """Log to stderr at the configured level, with the bot's and interactions' tokens redacted on
    every handler."""
    root = logging.getLogger()
    if not root.handlers:  # run without the CLI, which already set up logging
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(stream)
        root.setLevel(settings.log_level.upper())
    for handler in root.handlers:
        if not any(isinstance(f, TokenRedactor) for f in handler.filters):
            handler.addFilter(TokenRedactor(token))


# ---- the client ----------------------------------------------------------------------------------


class BriefbotMixin:
    """Behaviour shared by the single-process and the sharded client."""

    app: BotApp
    settings: Settings
    interactions: Interactions
    tree: Any

    def _init_briefbot(self, app: BotApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.interactions = Interactions(app, settings)
        self.tree = build_tree(self, self.interactions)  # type: ignore[arg-type]  # mixed into a discord.Client
        self.add_dynamic_items(*self.interactions.dynamic_items())  # type: ignore[attr-defined]  # discord.Client's
        self.poster: DiscordPoster | None = None
        self.scheduler: DigestScheduler | None = None
        self.follows: FollowRunner | None = None  # topic alerts, once ready
        self.synced_targets: list[str] = []
        self._background: list[asyncio.Task[Any]] = []
        self._ready_once = asyncio.Event()

    async def setup_hook(self) -> None:
        """After login, before the gateway: sync commands if they changed, start the refresh loop."""
        targets = prepare_targets(self.tree, self.settings.dev_guild_ids)
        try:
            self.synced_targets = await sync_if_changed(self.tree, self.app.store, targets)
        except discord.HTTPException as exc:
            log.error("could not sync slash commands (%s %s); will try again at the next start",
                      exc.status, exc.text)
        except Exception:
            log.exception("could not sync slash commands; will try again at the next start")
        self._background.append(asyncio.create_task(self._refresh_loop(), name="briefbot-refresh"))

    async def _refresh_loop(self) -> None:
        """Pick up fact sheets other processes added (``briefbot ingest``) without a restart: at
        once when the database says so (PostgreSQL), else at the next poll."""
        while True:
            await self.app.wait_for_change(self.settings.refresh_seconds)
            try:
                changed = await self.app.refresh_if_changed()
            except Exception:
                log.exception("refreshing from the database failed; will try again")
            else:
                if changed:
                    log.info("fact sheets changed; answers now use the new data")

    async def on_ready(self) -> None:
        if self._ready_once.is_set():
            return
        self._ready_once.set()
        user = getattr(self, "user", None)
        log.info("connected as %s (%s) to %d server(s)", user, getattr(user, "id", "?"),
                 len(getattr(self, "guilds", [])))
        self.poster = DiscordPoster(self)  # type: ignore[arg-type]  # mixed into a discord.Client
        self.app.poster = self.poster
        self.scheduler = await start_digest(self.app, self.poster, self.settings)
        self._background += start_sources(self.app, self.poster, self.settings,
                                          (lambda g: owns_guild(g, self.settings)) if self.settings.shard_count else None)
        self.follows = await start_follows(self, owns_guild)

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        if self.follows is not None:
            await self.follows.guild_removed(guild.id)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Components with ids no dynamic item knows: slash commands and autocomplete go through the
        command tree, page buttons and the did-you-mean menu through their dynamic items."""
        if interaction.type is discord.InteractionType.component:
            await self.interactions.on_component(interaction)

    async def wait_until_briefbot_ready(self) -> None:
        await self._ready_once.wait()

    async def _stop_briefbot(self) -> None:
        await cancel_and_wait(self._background, errors_too=True)
        self._background.clear()
        if self.scheduler is not None:
            await stop_digest(self.scheduler)
            self.scheduler = None
        if self.follows is not None:
            await self.follows.stop()
            self.follows = None


class BriefbotClient(BriefbotMixin, discord.Client):
    """One process, one gateway connection."""

    def __init__(self, app: BotApp, settings: Settings, **options: Any) -> None:
        super().__init__(intents=make_intents(), allowed_mentions=NO_MENTIONS, **options)
        self._init_briefbot(app, settings)

    async def close(self) -> None:
        await self._stop_briefbot()
        await super().close()


class ShardedBriefbotClient(BriefbotMixin, discord.AutoShardedClient):
    """Some or all shards of a bot in one process (``shard_count``/``shard_ids``)."""

    def __init__(self, app: BotApp, settings: Settings, **options: Any) -> None:
        if settings.shard_ids is not None:  # left out, discord.py runs every shard
            options["shard_ids"] = list(settings.shard_ids)
        super().__init__(intents=make_intents(), allowed_mentions=NO_MENTIONS,
                         shard_count=settings.shard_count, **options)
        self._init_briefbot(app, settings)

    async def close(self) -> None:
        await self._stop_briefbot()
        await super().close()


def create_client(app: BotApp, settings: Settings, **options: Any) -> BriefbotClient | ShardedBriefbotClient:
    """A sharded client when shards are configured, else a plain one (``options`` go to discord.py)."""
    if settings.shard_count:
        return ShardedBriefbotClient(app, settings, **options)
    return BriefbotClient(app, settings, **options)


def owns_guild(guild_id: int, settings: Settings) -> bool:
    """Whether this process serves the guild (Discord's shard formula)."""
    if not settings.shard_count:
        return True
    shard = (guild_id >> 22) % settings.shard_count
    return settings.shard_ids is None or shard in settings.shard_ids


# ---- the digest ---------------------------------------------------------------------------------


async def start_digest(app: BotApp, poster: DiscordPoster, settings: Settings) -> DigestScheduler | None:
    """Start the daily digest scheduler for the servers this process owns."""
    guild_filter = (lambda guild_id: owns_guild(guild_id, settings)) if settings.shard_count else None
    try:
        scheduler = DigestScheduler(app, poster, settings=settings, guild_filter=guild_filter)
        scheduler.start()
    except Exception:
        log.exception("the daily digest could not start; commands keep working")
        return None
    return scheduler


async def stop_digest(scheduler: DigestScheduler) -> None:
    try:
        await scheduler.stop()
    except Exception:
        log.exception("stopping the digest scheduler failed")


# ---- running ------------------------------------------------------------------------------------


ANSWER_SWITCH_INTERVAL = 0.001


async def serve(settings: Settings, token: str) -> int:
    """Run the bot until SIGINT/SIGTERM (exit 0) or a fatal start-up error (1, or 2 for the token)."""
    from bot.app import App  # imported here: the CLI loads this module for every sub-command

    configure_endpoints(settings)
    # Answers are worked out in a thread (see bot.commands.dispatch); when it is busy, the event
    # loop waits up to one switch interval for the GIL each time it wakes. 1 ms instead of 5 keeps
    # heartbeats and interaction acknowledgements prompt for a little throughput.
    sys.setswitchinterval(ANSWER_SWITCH_INTERVAL)
    try:
        app = await App.open(settings, accept_older_index=True)
    except Exception as exc:
        log.debug("opening the database failed", exc_info=True)
        print(f"briefbot: error: cannot open the database {settings.db_path}: {_one_line(exc)}",
              file=sys.stderr)
        return EXIT_FAILURE
    app.keep_reading()  # /ask's second reader: vectors for new initiatives, in the background
    client = create_client(app, settings)
    loop = asyncio.get_running_loop()
    stopping: list[asyncio.Task[None]] = []

    def request_stop(signame: str) -> None:
        if stopping:
            return
        log.info("%s received: disconnecting", signame)
        stopping.append(asyncio.create_task(client.close()))

    installed: list[signal.Signals] = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, request_stop, sig.name)
            installed.append(sig)
    try:
        await client.start(token, reconnect=True)
    except discord.LoginFailure:
        print("briefbot: error: Discord rejected the bot token (401 Unauthorized); check DISCORD_TOKEN "
              "or DISCORD_TOKEN_FILE", file=sys.stderr)
        return EXIT_BAD_TOKEN
    except discord.PrivilegedIntentsRequired:
        print("briefbot: error: Discord refused the connection because of privileged intents",
              file=sys.stderr)
        return EXIT_FAILURE
    except (discord.HTTPException, discord.GatewayNotFound, discord.ConnectionClosed,
            aiohttp.ClientError, OSError) as exc:
        print(f"briefbot: error: cannot connect to Discord at {settings.api_base}: {_one_line(exc)}",
              file=sys.stderr)
        return EXIT_FAILURE
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
        if not client.is_closed():
            await client.close()
        for task in stopping:
            with contextlib.suppress(Exception):
                await task
        await app.close()
    log.info("stopped")
    return EXIT_OK


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
