"""Reading a console line the way Discord users type slash commands: ``/cmd option:value …``.

Parsed against the same command table the Discord wiring registers, so the console accepts
exactly the commands and options Discord offers.
"""

from __future__ import annotations

import re

from bot.commands.spec import ALL_COMMANDS, BY_KEY, CommandSpec, OptionSpec

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


def usage_line(spec: CommandSpec) -> str:
    """``usage: /funding [query:<text>] [document:<text>]`` — required options without brackets."""
    parts = [f"usage: /{spec.key}"]
    for option in spec.options:
        word = f"{option.name}:<{_PLACEHOLDERS.get(option.kind, 'text')}>"
        parts.append(word if option.required else f"[{word}]")
    return " ".join(parts)


def groups() -> dict[str, list[str]]:
    """Command groups (``/digest setup|off|…``) and their subcommand names, in table order."""
    found: dict[str, list[str]] = {}
    for spec in ALL_COMMANDS:
        if spec.group:
            found.setdefault(spec.group, []).append(spec.name)
    return found


def top_level_names() -> list[str]:
    """Command names as typed first: plain commands and groups, in table order."""
    names: list[str] = []
    for spec in ALL_COMMANDS:
        name = spec.group or spec.name
        if name not in names:
            names.append(name)
    return names


def general_usage() -> str:
    """The usage line for a line that names no command: every command, groups with their parts."""
    grouped = groups()
    listed = [f"/{name} {'|'.join(grouped[name])}" if name in grouped else f"/{name}" for name in top_level_names()]
    return "usage: /command [option:value …] — commands: " + ", ".join(listed)


def _unquote(value: str) -> str:
    """Strip one pair of quotes around the whole value (not from '"a" and "b"')."""
    value = value.strip()
    if len(value) >= 2 and _QUOTE_PAIRS.get(value[0]) == value[-1]:
        inner = value[1:-1]
        if value[0] not in inner and value[-1] not in inner:
            return inner.strip()
    return value


def find_command(text: str) -> tuple[CommandSpec, str]:
    """The command a line names (a group takes its subcommand as the second word), and the rest."""
    match = re.match(r"/?(\S+)(?:\s+(\S+))?", text)
    if match is None:
        raise CommandLineError("type a command, for example /initiative hidta", general_usage())
    first = match.group(1).lower()
    second = (match.group(2) or "").lower()
    grouped = groups()
    if first in grouped:
        spec = BY_KEY.get(f"{first} {second}")
        if spec is None:
            problem = f"unknown subcommand: /{first} {second}" if second else f"/{first} needs a subcommand"
            raise CommandLineError(problem, f"usage: /{first} {'|'.join(grouped[first])}")
        return spec, text[match.end(2):]
    spec = BY_KEY.get(first)
    if spec is None:
        raise CommandLineError(f"unknown command: /{first}", general_usage())
    return spec, text[match.end(1):]


def option_keys(spec: CommandSpec, rest: str) -> list[re.Match[str]]:
    """Where each ``name:`` of one of ``spec``'s options starts a value in ``rest``, in order."""
    names = [option.name for option in spec.options]
    if not names:
        return []
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return list(re.finditer(rf"(?:^|(?<=\s))({alternatives}):", rest))


def check_value(spec: CommandSpec, option: OptionSpec, value: str) -> None:
    """Refuse a value Discord itself would refuse: too long, or not a number where one is due."""
    if option.max_length is not None and len(value) > option.max_length:
        raise CommandLineError(
            f"{option.name}: is {len(value)} characters long; at most {option.max_length} fit",
            usage_line(spec))
    if option.kind == "integer" and not re.fullmatch(r"[+-]?\d+", value):
        raise CommandLineError(f"{option.name}: must be a whole number, not {value!r}", usage_line(spec))


def _leading_value(spec: CommandSpec, leading: str, has_keys: bool) -> str:
    """The option that text before any ``name:`` belongs to (the first one), or why it has none."""
    usage = usage_line(spec)
    names = [option.name for option in spec.options]
    if not names:
        raise CommandLineError(f"/{spec.key} takes no options", usage)
    unknown = _LOOKS_LIKE_OPTION.match(leading)
    if unknown and unknown.group(1) not in names and unknown.group(1) not in _VALUE_PREFIXES:
        raise CommandLineError(f"unknown option {unknown.group(1)}: for /{spec.key}", usage)
    if has_keys and len(names) > 1:
        raise CommandLineError(f"say which option {leading!r} is for, e.g. {names[0]}:{leading}", usage)
    return names[0]


def _raw_values(spec: CommandSpec, rest: str) -> dict[str, str]:
    """Each option's text as typed: a value runs until the next ``name:`` of this command."""
    keys = option_keys(spec, rest)
    raw: dict[str, str] = {}
    leading = (rest[: keys[0].start()] if keys else rest).strip()
    if leading:
        raw[_leading_value(spec, leading, bool(keys))] = leading
    for number, key in enumerate(keys):
        name = key.group(1)
        if name in raw:
            raise CommandLineError(f"option {name}: is given twice", usage_line(spec))
        end = keys[number + 1].start() if number + 1 < len(keys) else len(rest)
        raw[name] = rest[key.end():end]
    return raw


def parse_command_line(line: str) -> tuple[CommandSpec, dict[str, str]]:
    """Parse ``/command option:value …`` as typed in Discord into its spec and option values.

    A value runs until the next ``name:`` of one of this command's options, so quotes are
    optional and other colons stay in the value. Text before any ``name:`` goes to the first
    option when the command has one option, or when no ``name:`` appears at all.
    """
    text = line.strip()
    if not text:
        raise CommandLineError("type a command, for example /initiative hidta", general_usage())
    spec, rest = find_command(text)
    raw = _raw_values(spec, rest)
    options: dict[str, str] = {}
    for option in spec.options:
        value = _unquote(raw.get(option.name, ""))
        if value:
            check_value(spec, option, value)
            options[option.name] = value
        elif option.required:
            raise CommandLineError(f"missing required option {option.name}: for /{spec.key}", usage_line(spec))
    return spec, options
