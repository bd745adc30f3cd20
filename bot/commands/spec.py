"""The command set as users see it in Discord: names, descriptions, options.

Both transports read this one table: the Discord wiring registers app_commands from it, the
console parses ``/name option:value`` against it, ``/help`` lists it. Handlers live in
sibling modules and are looked up by ``CommandSpec.key``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The one wording of each refusal, whatever the transport (``bot.commands.dispatch`` sends them).
NEEDS_SERVER = "This command only works in a server, not in direct messages."
NEEDS_MANAGE_SERVER = "Only members with the **Manage Server** permission can use this command."
NEEDS_MANAGE_SERVER_FOR = ("Only members with the **Manage Server** permission can give `{option}`; "
                           "leave it out to use the command for yourself.")


@dataclass(frozen=True, slots=True)
class OptionSpec:
    name: str
    description: str
    required: bool = False
    autocomplete: bool = False
    kind: str = "string"  # "string" | "channel" | "role" | "attachment" | "integer"
    max_length: int | None = 200
    channel_types: tuple[str, ...] = ()  # for "channel": discord channel type names; () = text and news


@dataclass(frozen=True, slots=True)
class CommandSpec:
    key: str  # "initiative", "briefing add", "digest setup" (group + subcommand)
    description: str
    options: tuple[OptionSpec, ...] = ()
    example: str = ""  # shown by /help and the README
    # Manage Server only: Discord shows it to those members in servers only (default_permissions,
    # guild_only); ``dispatch`` checks it again. The console's operator counts as an admin.
    admin: bool = False
    guild_only: bool = False  # needs a server (its state is per server): refused in direct messages
    # Options only Manage Server may give (``/follow add channel:`` posts where everyone reads);
    # without them the command is open to every member.
    admin_options: tuple[str, ...] = ()

    @property
    def group(self) -> str | None:
        return self.key.split(" ", 1)[0] if " " in self.key else None

    @property
    def name(self) -> str:
        return self.key.rsplit(" ", 1)[-1]

    def refusal(self, invocation: Invocation, options: dict[str, str] | None = None) -> str | None:
        """Why this caller may not run this command (with these options) here, or None when they may."""
        if self.guild_only and invocation.guild_id is None:
            return NEEDS_SERVER
        if self.admin and not invocation.is_admin:
            return NEEDS_MANAGE_SERVER
        if not invocation.is_admin:
            given = [name for name in self.admin_options if (options or {}).get(name)]
            if given:
                return NEEDS_MANAGE_SERVER_FOR.format(option=given[0])
        return None


@dataclass(frozen=True, slots=True)
class Invocation:
    """Who is asking, and where. The console is the operator: no guild, admin."""

    user_id: int | None = None
    guild_id: int | None = None
    channel_id: int | None = None
    is_admin: bool = False
    locale: str | None = None
    extras: dict[str, object] = field(default_factory=dict)  # e.g. attachment bytes for /briefing add


def _opt(name: str, description: str, **kw: object) -> OptionSpec:
    return OptionSpec(name, description, **kw)  # type: ignore[arg-type]  # OptionSpec's own keywords, passed on


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(
        "initiative",
        "Find an initiative in the fact sheets: what it is, its funding, its source.",
        (_opt("query", "Words, an acronym or a title (typos are fine)", required=True, autocomplete=True),),
        example="/initiative hidta",
    ),
    CommandSpec(
        "funding",
        "Funding totals that never double count, with a breakdown and sources.",
        (
            _opt("query", "Narrow to a topic, e.g. border", autocomplete=False),
            _opt("document", "One fact sheet (title)", autocomplete=True),
        ),
        example="/funding query:border",
    ),
    CommandSpec(
        "sources",
        "Links to the fact sheets, and the links cited in an initiative.",
        (_opt("query", "An initiative to show the cited links of", autocomplete=True),),
        example="/sources hidta",
    ),
    CommandSpec(
        "briefing",
        "One fact sheet at a glance: date, link, initiatives and funding.",
        (_opt("document", "Fact sheet title (newest when left out)", autocomplete=True),),
        example="/briefing",
    ),
    CommandSpec(
        "search",
        "Full-text search over every fact sheet and initiative.",
        (_opt("text", "Words to search for", required=True),),
        example="/search fentanyl precursor",
    ),
    CommandSpec(
        "ask",
        "Ask in plain words: answers with cited figures, or says the fact sheets don't cover it.",
        (_opt("question", "A question, e.g. how much for lead pipes in 2024?", required=True, max_length=300),),
        example="/ask question:how much did EPA announce for lead pipes?",
    ),
    CommandSpec("help", "Every command, with an example.", example="/help"),
)

# Admin commands form their own top-level group: Discord allows no subcommands under a command
# that takes options (/briefing [document]), and default_member_permissions applies per
# top-level command, so "Manage Server only" needs a group of its own.
ADMIN_COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(
        "briefing-admin add",
        "Add a fact sheet (Markdown with front matter) to this bot's library.",
        (_opt("file", "The fact sheet (.md)", required=True, kind="attachment", max_length=None),),
        example="/briefing-admin add file:fact-sheet.md",
        admin=True,
    ),
    CommandSpec(
        "briefing-admin remove",
        "Remove a fact sheet from this bot's library.",
        (_opt("document", "Fact sheet title", required=True, autocomplete=True),),
        example="/briefing-admin remove document:Global Illicit Drug Trafficking",
        admin=True,
    ),
)

DIGEST_COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(
        "digest setup",
        "Post a policy briefing every morning in a channel.",
        (
            _opt("channel", "Where to post", required=True, kind="channel", max_length=None),
            _opt("time", "Local time, HH:MM (24-hour)", required=True, max_length=5),
            _opt("timezone", "IANA time zone, e.g. America/New_York", required=True, autocomplete=True,
                 max_length=64),
        ),
        example="/digest setup channel:#policy time:08:00 timezone:America/New_York",
        admin=True,
        guild_only=True,
    ),
    CommandSpec("digest off", "Stop the daily digest in this server.", example="/digest off", admin=True,
                guild_only=True),
    CommandSpec("digest status", "When the next digest runs, the last post and the last error.",
                example="/digest status", admin=True, guild_only=True),
    CommandSpec("digest preview", "See what the digest would post now (only you see it).",
                example="/digest preview", admin=True, guild_only=True),
    CommandSpec("digest now", "Post the digest now (counts as today's).", example="/digest now", admin=True,
                guild_only=True),
)

SOURCES_COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("sources-status", "Watched folders, repositories and feeds: state, last success, last error.",
                example="/sources-status", admin=True),
)

# Any member may follow a topic by DM; a channel follow needs Manage Server (``admin_options``,
# checked by dispatch: Discord's default_member_permissions would hide the whole group from members).
FOLLOW_COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(
        "follow add",
        "Get an alert when a new or changed fact sheet is about a topic (in a channel, or by DM).",
        (
            _opt("topic", "Words, an acronym or a phrase, e.g. fentanyl, HIDTA, broadband in Ohio", required=True,
                 max_length=100),
            _opt("channel", "Post alerts here (Manage Server); leave out to get them by DM", kind="channel",
                 max_length=None, channel_types=("text", "news", "forum", "public_thread", "private_thread",
                                                 "news_thread")),
            _opt("role", "A role to ping with each alert (channel follows only)", kind="role", max_length=None),
            _opt("min_amount", "Only sheets whose matching money adds up to this many dollars, e.g. 5 million",
                 max_length=30),
        ),
        example="/follow add topic:fentanyl channel:#policy role:@drug-policy",
        guild_only=True,
        admin_options=("channel",),
    ),
    CommandSpec("follow list", "The topics followed in this server, and any delivery problems.",
                example="/follow list", guild_only=True),
    CommandSpec(
        "follow remove",
        "Stop following a topic.",
        (_opt("follow", "The follow to remove", required=True, autocomplete=True),),
        example="/follow remove follow:fentanyl",
        guild_only=True,
    ),
)

ALL_COMMANDS: tuple[CommandSpec, ...] = (COMMANDS + ADMIN_COMMANDS + DIGEST_COMMANDS + SOURCES_COMMANDS
                                          + FOLLOW_COMMANDS)
BY_KEY: dict[str, CommandSpec] = {spec.key: spec for spec in ALL_COMMANDS}
