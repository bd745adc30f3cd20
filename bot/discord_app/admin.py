"""Who is an admin on Discord: members with Manage Server, in a server.

Discord hides admin groups from members without Manage Server (``default_member_permissions``),
but server owners can override that per channel or role, so ``bot.commands.dispatch`` checks
again on every call, from ``Invocation.is_admin`` set here.
"""

from __future__ import annotations

import discord

ADMIN_PERMISSIONS = discord.Permissions(manage_guild=True)


def is_admin(interaction: discord.Interaction) -> bool:
    """True when the caller may manage this server (never in direct messages)."""
    if interaction.guild_id is None:
        return False
    permissions = interaction.permissions
    return bool(permissions.manage_guild or permissions.administrator)

