"""Who may run what: Manage Server for admin commands, a server for guild-only ones.

Discord hides admin groups from members without Manage Server (``default_member_permissions``),
but server owners can override that per channel or role, so the permission is checked again
on every call.
"""

from __future__ import annotations

import discord

from bot.commands.spec import CommandSpec

ADMIN_PERMISSIONS = discord.Permissions(manage_guild=True)

NEEDS_SERVER = "This command only works in a server, not in direct messages."
NEEDS_MANAGE_SERVER = "Only members with the **Manage Server** permission can use this command."


def is_admin(interaction: discord.Interaction) -> bool:
    """True when the caller may manage this server (never in direct messages)."""
    if interaction.guild_id is None:
        return False
    permissions = interaction.permissions
    return bool(permissions.manage_guild or permissions.administrator)


def refusal_for(spec: CommandSpec, interaction: discord.Interaction) -> str | None:
    """Why this caller may not run this command here, or None when they may."""
    if (spec.guild_only or spec.admin) and interaction.guild_id is None:
        return NEEDS_SERVER
    if spec.admin and not is_admin(interaction):
        return NEEDS_MANAGE_SERVER
    return None
