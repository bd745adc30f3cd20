"""Slash commands built from the command table, and every interaction answered in time.

The app_commands are generated from ``bot.commands.spec.ALL_COMMANDS`` (names, descriptions,
options, autocomplete, admin groups), so Discord, the console and ``/help`` always agree.
Every callback funnels into ``Interactions.run_command``, which asks ``App.handle`` for a
``Reply`` and answers within Discord's 3-second window: straight away when the handler is
quick, otherwise after deferring (the handler keeps running; the answer replaces the
"thinking…" message). Page buttons (``bb:page:<reply_key>:<page>``) and the did-you-mean menu
(``bb:pick:<owner>``) are ``discord.ui.DynamicItem``s (``Interactions.dynamic_items``, added to
the client): discord.py matches their custom ids, whatever message they are on, across restarts.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import aiohttp
import discord
from discord import app_commands

from bot.app_protocol import BotApp
from bot.commands.registry import new_error_id
from bot.commands.spec import ALL_COMMANDS, CommandSpec, Invocation, OptionSpec
from bot.config import Settings
from bot.discord_app.admin import ADMIN_PERMISSIONS
from bot.discord_app.admin import is_admin as caller_is_admin
from bot.discord_app.views import NO_MENTIONS, OutgoingMessage, ReplyCache, outgoing_from_payload
from bot.reply.model import Reply
from bot.reply.pages import PAGE_PREFIX, PageRef, page_custom_id
from bot.reply.payload import PICK_PREFIX, autocomplete_choices, pick_custom_id, render_payload
from bot.reply.text import human_size

log = logging.getLogger(__name__)

DEFER_AFTER_SECONDS = 1.5  # Discord drops interactions not answered within 3 s
MAX_AUTOCOMPLETE_CHOICES = 25

THINKING = "briefbot.thinking"  # interaction.extras flag: a public "thinking…" placeholder is showing
EXPIRED = "This result has expired — run the command again."
NOT_YOURS = "Only the person who asked can use these buttons."
TEXT_CHANNEL_TYPES = [discord.ChannelType.text, discord.ChannelType.news]
PAGE_TEMPLATE = re.escape(PAGE_PREFIX) + r"(?P<reply_key>.+):(?P<page>[0-9]+)"
PICK_TEMPLATE = re.escape(PICK_PREFIX) + r"(?P<owner_id>[0-9]+)"
_DYNAMIC_IDS = (re.compile(PAGE_TEMPLATE), re.compile(PICK_TEMPLATE))

# Descriptions of the top-level groups (the table describes the subcommands themselves).
GROUP_DESCRIPTIONS = {
    "briefing-admin": "Manage the fact sheets this bot answers from (Manage Server only).",
    "digest": "A daily policy briefing posted in this server (Manage Server only).",
    "follow": "Alerts when new fact sheets are about a topic you follow.",
}


def error_text(error_id: str) -> str:
    return (f"Something went wrong on my side (error id `{error_id}`). Please try again; if it keeps "
            "happening, give this id to the bot's operator.")


class Interactions:
    """Turns interactions into ``App`` calls and replies; holds the reply cache for buttons."""

    def __init__(self, app: BotApp, settings: Settings, *, cache: ReplyCache | None = None,
                 defer_after: float = DEFER_AFTER_SECONDS) -> None:
        self.app = app
        self.settings = settings
        self.cache = cache or ReplyCache()
        self.defer_after = defer_after
        self._background: set[asyncio.Future[Any]] = set()

    # ---- slash commands -----------------------------------------------------------------------

    async def run_command(self, interaction: discord.Interaction, spec: CommandSpec,
                          values: dict[str, Any]) -> None:
        """Answer with the handler's reply (deferring when slow); ``dispatch`` decides who may run it."""
        options: dict[str, str] = {}
        attachments: dict[str, discord.Attachment] = {}
        for name, value in values.items():
            if value is None:
                continue
            if isinstance(value, discord.Attachment):
                attachments[name] = value
                options[name] = value.filename
            elif isinstance(value, str):
                options[name] = value
            elif hasattr(value, "id"):  # channels
                options[name] = str(value.id)
            else:
                options[name] = str(value)
        invocation = self._invocation(interaction)
        await self._answer(interaction, self._execute(spec, options, attachments, invocation),
                           update=False, label=f"/{spec.key}")

    async def _execute(self, spec: CommandSpec, options: dict[str, str],
                       attachments: dict[str, discord.Attachment], invocation: Invocation) -> Reply:
        if spec.refusal(invocation, options) is not None:
            attachments = {}  # dispatch refuses the caller: no point fetching their file
        for attachment in attachments.values():
            refusal = await self._download(attachment, invocation)
            if refusal is not None:
                return Reply.text(refusal, ephemeral=True, error=True)
        return await self.app.handle(spec.key, options, invocation)

    async def _download(self, attachment: discord.Attachment, invocation: Invocation) -> str | None:
        """Fetch an attachment into ``invocation.extras["attachment"]``; a reason when refused."""
        limit = self.settings.attachment_max_bytes
        if attachment.size > limit:
            return (f"`{attachment.filename}` is {human_size(attachment.size)}; files up to {human_size(limit)} "
                    "are accepted.")
        try:
            data = await attachment.read()
        except (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError) as exc:
            log.warning("could not download attachment %s: %s", attachment.filename, exc)
            return f"I could not download `{attachment.filename}` from Discord; please upload it again."
        if len(data) > limit:
            return f"`{attachment.filename}` is {human_size(len(data))}; files up to {human_size(limit)} are accepted."
        invocation.extras["attachment"] = (attachment.filename, data)
        return None

    def _invocation(self, interaction: discord.Interaction) -> Invocation:
        return Invocation(
            user_id=interaction.user.id,
            guild_id=interaction.guild_id,
            channel_id=interaction.channel_id,
            is_admin=caller_is_admin(interaction),
            locale=str(interaction.locale) if interaction.locale is not None else None,
            extras={},
        )

    async def autocomplete(self, interaction: discord.Interaction, spec: CommandSpec, option: OptionSpec,
                           current: str) -> list[app_commands.Choice[str]]:
        """Suggestions from memory; a failure shows no suggestions rather than an error."""
        try:
            pairs = self.app.autocomplete(spec.key, option.name, current or "", self._invocation(interaction))
            choices = autocomplete_choices(pairs)
        except Exception:
            log.exception("autocomplete for /%s %s failed (error id %s)", spec.key, option.name, new_error_id())
            return []
        return [app_commands.Choice(name=c["name"], value=c["value"]) for c in choices[:MAX_AUTOCOMPLETE_CHOICES]]

    # ---- buttons and menus --------------------------------------------------------------------

    def dynamic_items(self) -> tuple[type[discord.ui.DynamicItem[Any]], ...]:
        """The page button and the did-you-mean menu, answered by this object (``add_dynamic_items``)."""
        interactions = self

        class PageButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=PAGE_TEMPLATE):
            """◀ / ▶: show another page of the reply cached under ``reply_key``."""

            def __init__(self, reply_key: str, page: int) -> None:
                super().__init__(discord.ui.Button(custom_id=page_custom_id(reply_key, page)))
                self.ref = PageRef(reply_key, page)

            @classmethod
            async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                                     match: re.Match[str], /) -> PageButton:
                return cls(match["reply_key"], int(match["page"]))

            async def callback(self, interaction: discord.Interaction) -> None:
                await interactions.guarded(interaction, interactions.show_page(interaction, self.ref))

        class PickMenu(discord.ui.DynamicItem[discord.ui.Select[Any]], template=PICK_TEMPLATE):
            """Did you mean…?: only ``owner_id`` (0 when unknown) may pick."""

            def __init__(self, owner_id: int) -> None:
                super().__init__(discord.ui.Select(custom_id=pick_custom_id(owner_id)))
                self.owner_id = owner_id

            @classmethod
            async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                                     match: re.Match[str], /) -> PickMenu:
                return cls(int(match["owner_id"]))

            async def callback(self, interaction: discord.Interaction) -> None:
                await interactions.guarded(interaction, interactions.pick(interaction, self.owner_id,
                                                                          list(self.item.values)))

        return PageButton, PickMenu

    async def on_component(self, interaction: discord.Interaction) -> None:
        """A pressed component none of ``dynamic_items`` answers (an id from an older version)."""
        data: dict[str, Any] = dict(interaction.data or {})
        custom_id = str(data.get("custom_id", ""))
        if any(pattern.fullmatch(custom_id) for pattern in _DYNAMIC_IDS):
            return  # answered by a dynamic item
        await self.guarded(interaction, self._expired(interaction), f"component {custom_id!r}")

    async def guarded(self, interaction: discord.Interaction, work: Awaitable[None], label: str = "") -> None:
        """Run a component's answer; a failure is answered with an error id, never left to discord.py."""
        try:
            await work
        except Exception as exc:
            data: dict[str, Any] = dict(interaction.data or {})
            await self._fail(interaction, exc, label or f"component {data.get('custom_id')!r}")

    async def show_page(self, interaction: discord.Interaction, ref: PageRef) -> None:
        entry = self.cache.get(ref.reply_key)
        if entry is None:
            await self._expired(interaction)
            return
        if entry.owner_id is not None and interaction.user.id != entry.owner_id:
            await self._send_text(interaction, NOT_YOURS)
            return
        page = min(max(int(ref.page), 0), len(entry.reply.pages) - 1)
        payload = render_payload(entry.reply, page, reply_key=ref.reply_key, owner_id=entry.owner_id)
        await interaction.response.edit_message(**outgoing_from_payload(payload).edit_kwargs())

    async def pick(self, interaction: discord.Interaction, owner_id: int, values: list[str]) -> None:
        if interaction.user.id != owner_id:
            await self._send_text(interaction, NOT_YOURS)
            return
        if not values:
            await self._expired(interaction)
            return
        invocation = self._invocation(interaction)
        work = self.app.handle("initiative", {"query": f"id:{values[0]}"}, invocation)
        await self._answer(interaction, work, update=True, label="did-you-mean pick")

    async def _expired(self, interaction: discord.Interaction) -> None:
        """Say so privately and take the dead buttons off the message."""
        await interaction.response.edit_message(view=None)
        await interaction.followup.send(EXPIRED, ephemeral=True, allowed_mentions=NO_MENTIONS)

    # ---- answering ----------------------------------------------------------------------------

    async def _answer(self, interaction: discord.Interaction, work: Awaitable[Reply], *, update: bool,
                      label: str) -> None:
        """Run the handler; answer directly if it is quick, else defer first, then answer."""
        task: asyncio.Future[Reply] = asyncio.ensure_future(work)
        done, _ = await asyncio.wait({task}, timeout=self.defer_after)
        deferred = False
        if not done:
            try:
                if update:
                    await interaction.response.defer()
                else:
                    await interaction.response.defer(thinking=True)
                    interaction.extras[THINKING] = True
                deferred = True
            except discord.HTTPException as exc:
                log.warning("%s: could not defer (%s); the answer will be dropped", label, exc)
                self._keep_until_done(task, label)
                return
        try:
            reply = await task
        except Exception as exc:
            await self._fail(interaction, exc, label)
            return
        try:
            await self._deliver(interaction, reply, deferred=deferred, update=update)
        except Exception as exc:
            await self._fail(interaction, exc, f"{label} (sending the answer)")

    def _render(self, reply: Reply, owner_id: int | None) -> OutgoingMessage:
        key = self.cache.put(reply, owner_id) if len(reply.pages) > 1 else None
        return outgoing_from_payload(render_payload(reply, 0, reply_key=key, owner_id=owner_id))

    async def _deliver(self, interaction: discord.Interaction, reply: Reply, *, deferred: bool,
                       update: bool) -> None:
        """Send (or edit into place) the reply's first page."""
        message = self._render(reply, interaction.user.id)
        private = message.ephemeral or (update and reply.error)
        if private:
            message.ephemeral = True
        if not deferred:
            if update and not private:
                await interaction.response.edit_message(**message.edit_kwargs())
            else:
                await interaction.response.send_message(**message.send_kwargs())
            return
        if private:
            await self._followup(interaction, message.send_kwargs())
            return
        await interaction.edit_original_response(**message.edit_kwargs())
        interaction.extras.pop(THINKING, None)

    async def _followup(self, interaction: discord.Interaction, kwargs: dict[str, Any]) -> None:
        """A follow-up message that keeps its own visibility.

        Discord turns the first follow-up after a public "thinking…" defer into that public
        message, whatever its flags say; deleting the placeholder first makes a private answer
        a new, private message.
        """
        if interaction.extras.pop(THINKING, False):
            with contextlib.suppress(discord.NotFound):
                await interaction.delete_original_response()
        await interaction.followup.send(**kwargs)

    async def _send_text(self, interaction: discord.Interaction, text: str) -> None:
        if interaction.response.is_done():
            await self._followup(interaction, {"content": text, "ephemeral": True, "allowed_mentions": NO_MENTIONS})
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)

    async def _fail(self, interaction: discord.Interaction, exc: BaseException, label: str) -> None:
        """Log the failure with an id and show the caller the same id, privately."""
        error_id = getattr(exc, "error_id", None) or new_error_id()  # a CommandFault has one already
        log.error("%s failed for user %s in guild %s (error id %s)", label, interaction.user.id,
                  interaction.guild_id, error_id, exc_info=exc)
        try:
            await self._send_text(interaction, error_text(error_id))
        except discord.HTTPException as send_exc:
            log.warning("could not report error id %s to the user: %s", error_id, send_exc)

    def _keep_until_done(self, task: asyncio.Future[Any], label: str) -> None:
        """Let an abandoned handler finish (it may be writing), logging rather than leaking errors."""

        def finished(done: asyncio.Future[Any]) -> None:
            self._background.discard(done)
            if not done.cancelled() and done.exception() is not None:
                log.warning("%s: abandoned handler failed: %r", label, done.exception())

        self._background.add(task)
        task.add_done_callback(finished)

    async def on_tree_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        """Errors discord.py caught before or around the callback (bad option values, …)."""
        if isinstance(error, app_commands.TransformerError):
            await self._reply_error_text(interaction, f"That value for an option is not valid: {error.value!r}.")
            return
        if isinstance(error, app_commands.CheckFailure):
            await self._reply_error_text(interaction, "You cannot use this command here.")
            return
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        await self._fail(interaction, original, f"/{interaction.command.qualified_name if interaction.command else '?'}")

    async def _reply_error_text(self, interaction: discord.Interaction, text: str) -> None:
        try:
            await self._send_text(interaction, text)
        except discord.HTTPException as exc:
            log.warning("could not send an error message: %s", exc)


# ---- building the command tree ------------------------------------------------------------------


class BriefbotTree(app_commands.CommandTree[discord.Client]):
    """A command tree whose errors are answered (with an error id) instead of only logged."""

    def __init__(self, client: discord.Client, interactions: Interactions) -> None:
        super().__init__(client, fallback_to_global=True)
        self.interactions = interactions

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await self.interactions.on_tree_error(interaction, error)


class ChannelOption(app_commands.Transformer[discord.Client]):
    """A channel option offering only the channel kinds its command can use (text and announcement
    channels by default, where digests go; forums and threads for follows); discord.py would
    otherwise offer every kind of channel."""

    def __init__(self, types: tuple[str, ...] = ()) -> None:
        self._types = [discord.ChannelType[name] for name in types] or list(TEXT_CHANNEL_TYPES)

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return list(self._types)

    async def transform(self, interaction: discord.Interaction, value: Any, /) -> Any:
        return value  # the resolved channel or thread; only its id is used


def _annotation(option: OptionSpec) -> Any:
    """The parameter annotation discord.py derives the option's type and limits from."""
    if option.kind == "channel":
        annotation: Any = app_commands.Transform[app_commands.AppCommandChannel,
                                                 ChannelOption(option.channel_types)]
    elif option.kind == "attachment":
        annotation = discord.Attachment
    elif option.kind == "role":
        annotation = discord.Role
    elif option.kind == "integer":
        annotation = int
    elif option.max_length:
        annotation = app_commands.Range[str, None, option.max_length]
    else:
        annotation = str
    return annotation if option.required else annotation | None


def _callback_for(spec: CommandSpec, interactions: Interactions) -> Callable[..., Coroutine[Any, Any, None]]:
    """A callback whose signature lists the spec's options, so discord.py derives them from it."""

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        await interactions.run_command(interaction, spec, values)

    parameters = [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                    annotation=discord.Interaction)]
    for option in spec.options:
        parameters.append(inspect.Parameter(
            option.name, inspect.Parameter.KEYWORD_ONLY, annotation=_annotation(option),
            default=inspect.Parameter.empty if option.required else None))
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]  # read by inspect.signature, unknown to the checker
    callback.__name__ = callback.__qualname__ = "cmd_" + spec.key.replace(" ", "_").replace("-", "_")
    return app_commands.describe(**{option.name: option.description for option in spec.options})(callback)


def _autocomplete_for(spec: CommandSpec, option: OptionSpec,
                      interactions: Interactions) -> Callable[..., Coroutine[Any, Any, list[app_commands.Choice[str]]]]:
    async def suggest(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await interactions.autocomplete(interaction, spec, option, current)

    return suggest


def build_command(spec: CommandSpec, interactions: Interactions,
                  parent: app_commands.Group | None = None) -> app_commands.Command[Any, ..., None]:
    """One app command from one table row."""
    callback = _callback_for(spec, interactions)
    if parent is None and spec.admin:
        callback = app_commands.default_permissions(manage_guild=True)(callback)
    if parent is None and (spec.admin or spec.guild_only):
        callback = app_commands.guild_only()(callback)
    command: app_commands.Command[Any, ..., None] = app_commands.Command(
        name=spec.name, description=spec.description, callback=callback, parent=parent,
        extras={"key": spec.key})
    for option in spec.options:
        if option.autocomplete:
            command.autocomplete(option.name)(_autocomplete_for(spec, option, interactions))
    return command


def build_tree(client: discord.Client, interactions: Interactions,
               specs: tuple[CommandSpec, ...] = ALL_COMMANDS) -> BriefbotTree:
    """Register every command of the table on a new tree (groups for keys with a space)."""
    tree = BriefbotTree(client, interactions)
    groups: dict[str, app_commands.Group] = {}
    for spec in specs:
        group_name = spec.group
        if group_name is None:
            tree.add_command(build_command(spec, interactions))
            continue
        group = groups.get(group_name)
        if group is None:
            members = [s for s in specs if s.group == group_name]
            admin = any(s.admin for s in members)
            group = groups[group_name] = app_commands.Group(
                name=group_name,
                description=GROUP_DESCRIPTIONS.get(group_name, f"{group_name} commands"),
                guild_only=admin or all(s.guild_only for s in members),
                default_permissions=ADMIN_PERMISSIONS if admin else None,
            )
        group.add_command(build_command(spec, interactions, parent=group))
    for group in groups.values():
        tree.add_command(group)
    return tree
