"""/help — every command in the table with its example; admin ones marked "Manage Server"."""

from __future__ import annotations

from typing import Any

from bot.commands.registry import handler
from bot.commands.spec import ALL_COMMANDS, CommandSpec, Invocation
from bot.reply import limits
from bot.reply.model import COLOR, Embed, EmbedField, Reply
from bot.reply.pages import split_pages
from bot.reply.text import shorten


def _usage(spec: CommandSpec) -> str:
    parts = [f"/{spec.key}"]
    for option in spec.options:
        parts.append(f"{option.name}:…" if option.required else f"[{option.name}]")
    return " ".join(parts)


def _entry(spec: CommandSpec) -> str:
    admin = " *(Manage Server)*" if spec.admin else ""
    example = f"\n  e.g. `{spec.example}`" if spec.example else ""
    return f"**`{_usage(spec)}`**{admin} — {spec.description}{example}"


@handler("help", offload=True)
async def help_command(app: Any, options: dict[str, str], invocation: Invocation) -> Reply:
    everyone = [_entry(spec) for spec in ALL_COMMANDS if not spec.admin]
    admins = [_entry(spec) for spec in ALL_COMMANDS if spec.admin]
    fields: list[EmbedField] = []
    for name, entries in (("Commands", everyone), ("Manage Server only", admins)):
        for n, chunk in enumerate(split_pages(entries, limits.EMBED_FIELD_VALUE_MAX)):
            fields.append(EmbedField(name if n == 0 else f"{name} (cont.)", chunk))
    embed = Embed(
        title="Briefbot: policy fact sheets, answered with sources",
        description=shorten("Every answer comes from the fact sheets in this bot's library, with a link to "
                            "the source. Funding totals add each dollar once.", 500),
        fields=fields[: limits.EMBED_FIELDS_MAX],
        color=COLOR,
    )
    return Reply.embed(embed)
