"""Settings: defaults, overridden by a TOML file, overridden by environment variables.

The file is ``--config PATH``, else ``BRIEFBOT_CONFIG``, else ``config/briefbot.toml`` when it
exists. ``config/briefbot.example.toml`` documents every key. The Discord token is never read
from the file: only from ``DISCORD_TOKEN`` or the file named by ``DISCORD_TOKEN_FILE``.

Every value is checked when it is read: a wrong type or a value out of range is a
``ConfigError`` naming the setting, where it came from and what is allowed. Unknown keys in the
file are not fatal (an older or newer file still works) but each one is reported with the
nearest known key.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bot.dburl import DatabaseUrl, is_database_url, mask_password, parse_target

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
DEFAULT_CONFIG_FILE = PROJECT_ROOT / "config" / "briefbot.toml"
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "briefbot.db"
DISCORD_API_BASE = "https://discord.com/api/v10"
DISCORD_GATEWAY_URL = "wss://gateway.discord.gg/"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class ConfigError(Exception):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True, slots=True)
class Settings:
    db_path: Path | DatabaseUrl = DEFAULT_DB_PATH  # a SQLite file, or a postgresql:// URL
    seeds_dir: Path = SEEDS_DIR
    max_file_bytes: int = 5 * 1024 * 1024
    index_cache: bool = True  # keep the built search index beside the database for fast starts
    index_process_min_documents: int = 500  # build the index in a child process from this many sheets
    ingest_niceness: int = 5  # `briefbot ingest` runs this much below normal CPU priority (0: not at all)
    log_level: str = "INFO"
    dev_guild_ids: tuple[int, ...] = ()  # sync commands to these guilds instead of globally
    api_base: str = DISCORD_API_BASE
    gateway_url: str = DISCORD_GATEWAY_URL
    shard_count: int | None = None  # None: one process, one shard (plain client)
    shard_ids: tuple[int, ...] | None = None
    refresh_seconds: float = 2.0  # how often the bot checks the database for new data
    attachment_max_bytes: int = 1 * 1024 * 1024  # /briefing add
    digest_default_time: str = "08:00"
    digest_default_timezone: str = "UTC"
    digest_catchup_hours: float = 6.0
    sources_watch: tuple[str, ...] = ()  # folders, git repositories, RSS/Atom feed URLs (bot/sources)
    sources_poll_seconds: float = 60.0
    sources_stale_days: float = 3.0
    follows_per_server: int = 25  # /follow add: follows a server may have (channel and personal together)
    follows_per_person: int = 10  # /follow add: follows one member may have in one server
    ask_second_reader: bool = True  # /ask's sentence model (bot/reader), when its package is installed
    ask_reader_max_initiatives: int = 100_000  # above this many initiatives the second reader stays off (memory)
    config_file: Path | None = field(default=None, compare=False)


# ---- what each setting accepts ------------------------------------------------------------------


class _Invalid(Exception):
    """A value is not what its setting allows (the caller adds which setting and where from)."""


@dataclass(frozen=True, slots=True)
class _Rule:
    kind: str  # "db" | "path" | "int" | "float" | "bool" | "ids" | "str" | "sources"
    allowed: str  # completes "must be …"
    check: Callable[[Any], bool] = lambda value: True


def _valid_time(text: str) -> bool:
    from bot.digest.schedule import ScheduleError, parse_local_time  # pure time math, stdlib only

    try:
        parse_local_time(text)
    except ScheduleError:
        return False
    return True


def _valid_timezone(name: str) -> bool:
    from bot.digest.schedule import ScheduleError, parse_timezone

    try:
        parse_timezone(name)
    except ScheduleError:
        return False
    return True


_RULES: dict[str, _Rule] = {
    "db_path": _Rule("db", "a file path or a postgresql://user:password@host:port/dbname URL"),
    "seeds_dir": _Rule("path", "a folder path"),
    "max_file_bytes": _Rule("int", "a whole number of bytes, at least 1", lambda v: v >= 1),
    "index_cache": _Rule("bool", "true or false"),
    "index_process_min_documents": _Rule("int", "a whole number of fact sheets, 0 or more", lambda v: v >= 0),
    "ingest_niceness": _Rule("int", "a whole number from 0 to 19", lambda v: 0 <= v <= 19),
    "log_level": _Rule("str", f"one of {', '.join(LOG_LEVELS)}", lambda v: v.strip().upper() in LOG_LEVELS),
    "dev_guild_ids": _Rule("ids", "a list of server ids (whole numbers, at least 1)",
                           lambda v: all(i >= 1 for i in v)),
    "api_base": _Rule("str", "an http:// or https:// address", lambda v: re.match(r"https?://\S+$", v) is not None),
    "gateway_url": _Rule("str", "a ws:// or wss:// address", lambda v: re.match(r"wss?://\S+$", v) is not None),
    "shard_count": _Rule("int", "a whole number of shards, at least 1", lambda v: v >= 1),
    "shard_ids": _Rule("ids", "a non-empty list of different shard numbers, 0 or more",
                       lambda v: len(v) > 0 and all(i >= 0 for i in v) and len(set(v)) == len(v)),
    "refresh_seconds": _Rule("float", "a number of seconds from 0.1 to 86400", lambda v: 0.1 <= v <= 86400),
    "attachment_max_bytes": _Rule("int", "a whole number of bytes, at least 1", lambda v: v >= 1),
    "digest_default_time": _Rule("str", "a 24-hour time HH:MM, e.g. 08:00", _valid_time),
    "digest_default_timezone": _Rule("str", "an IANA time zone, e.g. America/New_York or UTC", _valid_timezone),
    "digest_catchup_hours": _Rule("float", "a number of hours from 0 to 168", lambda v: 0 <= v <= 168),
    "sources_watch": _Rule("sources", "a list of folders, git repositories and feed URLs (strings)",
                           lambda v: all(item.strip() for item in v)),
    "sources_poll_seconds": _Rule("float", "a number of seconds from 1 to 86400", lambda v: 1 <= v <= 86400),
    "sources_stale_days": _Rule("float", "a number of days from 0.01 to 3650", lambda v: 0.01 <= v <= 3650),
    "follows_per_server": _Rule("int", "a whole number of follows from 1 to 1000", lambda v: 1 <= v <= 1000),
    "follows_per_person": _Rule("int", "a whole number of follows from 1 to 1000", lambda v: 1 <= v <= 1000),
    "ask_second_reader": _Rule("bool", "true or false"),
    "ask_reader_max_initiatives": _Rule("int", "a whole number of initiatives, 0 or more", lambda v: v >= 0),
}

_ENV: dict[str, str] = {
    "BRIEFBOT_DB": "db_path",
    "BRIEFBOT_SEEDS": "seeds_dir",
    "BRIEFBOT_MAX_FILE_BYTES": "max_file_bytes",
    "BRIEFBOT_INDEX_CACHE": "index_cache",
    "BRIEFBOT_INDEX_PROCESS_MIN_DOCUMENTS": "index_process_min_documents",
    "BRIEFBOT_INGEST_NICENESS": "ingest_niceness",
    "BRIEFBOT_LOG_LEVEL": "log_level",
    "BRIEFBOT_DEV_GUILD_IDS": "dev_guild_ids",
    "DISCORD_API_BASE": "api_base",
    "DISCORD_GATEWAY_URL": "gateway_url",
    "BRIEFBOT_SHARD_COUNT": "shard_count",
    "BRIEFBOT_SHARD_IDS": "shard_ids",
    "BRIEFBOT_REFRESH_SECONDS": "refresh_seconds",
    "BRIEFBOT_ATTACHMENT_MAX_BYTES": "attachment_max_bytes",
    "BRIEFBOT_DIGEST_TIME": "digest_default_time",
    "BRIEFBOT_DIGEST_TIMEZONE": "digest_default_timezone",
    "BRIEFBOT_DIGEST_CATCHUP_HOURS": "digest_catchup_hours",
    "BRIEFBOT_WATCH": "sources_watch",
    "BRIEFBOT_POLL_SECONDS": "sources_poll_seconds",
    "BRIEFBOT_STALE_DAYS": "sources_stale_days",
    "BRIEFBOT_FOLLOWS_PER_SERVER": "follows_per_server",
    "BRIEFBOT_FOLLOWS_PER_PERSON": "follows_per_person",
    "BRIEFBOT_SECOND_READER": "ask_second_reader",
    "BRIEFBOT_READER_MAX_INITIATIVES": "ask_reader_max_initiatives",
}

# TOML layout: [database] path, max_file_bytes; [discord] ...; [digest] ...
_FILE_KEYS: dict[tuple[str, str], str] = {
    ("database", "path"): "db_path",
    ("database", "seeds_dir"): "seeds_dir",
    ("database", "max_file_bytes"): "max_file_bytes",
    ("database", "index_cache"): "index_cache",
    ("database", "index_process_min_documents"): "index_process_min_documents",
    ("database", "ingest_niceness"): "ingest_niceness",
    ("logging", "level"): "log_level",
    ("discord", "dev_guild_ids"): "dev_guild_ids",
    ("discord", "api_base"): "api_base",
    ("discord", "gateway_url"): "gateway_url",
    ("discord", "shard_count"): "shard_count",
    ("discord", "shard_ids"): "shard_ids",
    ("discord", "refresh_seconds"): "refresh_seconds",
    ("discord", "attachment_max_bytes"): "attachment_max_bytes",
    ("digest", "default_time"): "digest_default_time",
    ("digest", "default_timezone"): "digest_default_timezone",
    ("digest", "catchup_hours"): "digest_catchup_hours",
    ("sources", "watch"): "sources_watch",
    ("sources", "poll_seconds"): "sources_poll_seconds",
    ("sources", "stale_days"): "sources_stale_days",
    ("follows", "per_server"): "follows_per_server",
    ("follows", "per_person"): "follows_per_person",
    ("ask", "second_reader"): "ask_second_reader",
    ("ask", "reader_max_initiatives"): "ask_reader_max_initiatives",
}
_SECTIONS: dict[str, list[str]] = {}
for _section, _key in _FILE_KEYS:
    _SECTIONS.setdefault(_section, []).append(_key)


def _int(value: object) -> int:
    if isinstance(value, bool | float):  # true is not 1; 5.5 is not 5
        raise _Invalid
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
        return int(value)
    raise _Invalid


def _float(value: object) -> float:
    if isinstance(value, bool):
        raise _Invalid
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError as exc:
            raise _Invalid from exc
    else:
        raise _Invalid
    if not math.isfinite(number):  # nan, inf
        raise _Invalid
    return number


def _bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
    raise _Invalid


def _ids(value: object) -> tuple[int, ...]:
    if isinstance(value, str):
        return tuple(_int(part) for part in value.replace(",", " ").split())
    if isinstance(value, list):
        return tuple(_int(item) for item in value)
    raise _Invalid


# A piece that is a URL scheme ("https", "git+ssh") or the user@host of an scp-style git address:
# the path separator after it belongs to the address, not between two entries.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_SCP_HOST = re.compile(r"[\w.-]+@[\w.-]+")


def split_watch_list(text: str, sep: str = os.pathsep) -> list[str]:
    """``BRIEFBOT_WATCH`` split on the path separator, keeping URLs whole.

    On POSIX the separator is ``:``, which URLs contain too: a piece that looks like a scheme and
    is followed by ``//…`` (``https://host/feed``), or like ``user@host`` (``git@host:repo.git``),
    is joined with what follows instead of starting a new entry.
    """
    pieces = text.split(sep)
    entries: list[str] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        while sep == ":" and index + 1 < len(pieces) and _continues(piece, pieces[index + 1]):
            index += 1
            piece = f"{piece}:{pieces[index]}"
        entries.append(piece.strip())
        index += 1
    return [entry for entry in entries if entry]


def _continues(piece: str, following: str) -> bool:
    """Whether ``piece:following`` is one address cut at a colon."""
    if _SCHEME.fullmatch(piece.strip()) and following.startswith("//"):
        return True  # scheme ":" //host
    if "://" in piece and "/" not in piece.split("://", 1)[1] and re.match(r"\d+(/|$)", following):
        return True  # //host ":" port
    return bool(_SCP_HOST.fullmatch(piece.strip()) and following)  # user@host ":" path


def _sources(value: object, base: Path | None) -> tuple[str, ...]:
    """Watch entries: URLs as written, local paths made absolute against the config file's folder."""
    if isinstance(value, str):
        items = split_watch_list(value)
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = [item.strip() for item in value]
    else:
        raise _Invalid
    out: list[str] = []
    for item in items:
        if base is not None and item and "://" not in item and not _SCP_HOST.match(item) \
                and not item.startswith("git+"):
            path = Path(item).expanduser()
            item = str(path if path.is_absolute() else base / path)
        out.append(item)
    return tuple(out)


def _parse(name: str, value: object, base: Path | None) -> object:
    """``value`` (an environment string or a TOML value) as setting ``name``, or ``_Invalid``."""
    rule = _RULES[name]
    parsed: object
    if rule.kind == "db" and isinstance(value, str) and is_database_url(value):
        try:
            parsed = DatabaseUrl(value.strip())
        except ValueError:
            raise _Invalid from None
    elif rule.kind in ("path", "db"):
        if not isinstance(value, str) or not value.strip():
            raise _Invalid
        path = Path(value).expanduser()
        parsed = path if path.is_absolute() or base is None else base / path
    elif rule.kind == "int":
        parsed = _int(value)
    elif rule.kind == "float":
        parsed = _float(value)
    elif rule.kind == "bool":
        parsed = _bool(value)
    elif rule.kind == "ids":
        parsed = _ids(value)
    elif rule.kind == "sources":
        parsed = _sources(value, base)
    else:
        if not isinstance(value, str):
            raise _Invalid
        parsed = value.strip()
    if not rule.check(parsed):
        raise _Invalid
    return parsed


def _shown(value: object) -> str:
    """A file value as it would be written in TOML, for an error message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{mask_password(value)}"'
    if isinstance(value, dict):
        return "a table"
    return str(value)


# ---- loading -------------------------------------------------------------------------------------


def _warn(message: str) -> None:
    print(f"briefbot: warning: {message}", file=sys.stderr, flush=True)


def _nearest(word: str, candidates: list[str]) -> str | None:
    found = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return found[0] if found else None


def _unknown_key_hint(section: str | None, key: str) -> str:
    """``; did you mean [database] path?`` — the nearest known key, wherever it lives."""
    elsewhere = [s for s, keys in _SECTIONS.items() if key in keys]
    if elsewhere:
        return f"; did you mean [{elsewhere[0]}] {key}?"
    if section in _SECTIONS:
        near = _nearest(key, _SECTIONS[section])
        if near:
            return f"; did you mean [{section}] {near}?"
    everywhere = {k: s for s, keys in _SECTIONS.items() for k in keys}
    near = _nearest(key, list(everywhere))
    if near:
        return f"; did you mean [{everywhere[near]}] {near}?"
    if section in _SECTIONS:
        return f"; [{section}] knows {', '.join(_SECTIONS[section])}"
    return ""


def _read_file(path: Path, warn: Callable[[str], None], origin: dict[str, str]) -> dict[str, object]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {path}") from exc
    except IsADirectoryError as exc:
        raise ConfigError(f"config file {path} is a folder, not a file") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"config file {path}: {exc.strerror or exc}") from exc
    base = path.resolve().parent
    values: dict[str, object] = {}
    for section, table in data.items():
        if section not in _SECTIONS:
            if isinstance(table, dict):
                near = _nearest(section, list(_SECTIONS))
                hint = f"; did you mean [{near}]?" if near else f"; the sections are {', '.join(_SECTIONS)}"
                warn(f"config file {path}: unknown section [{section}] is ignored{hint}")
            else:
                warn(f"config file {path}: unknown key {section} (outside any section) is ignored"
                     f"{_unknown_key_hint(None, section)}")
            continue
        if not isinstance(table, dict):
            raise ConfigError(f"config file {path}: {section} = {_shown(table)}: [{section}] must be a "
                              f"section of settings ({', '.join(_SECTIONS[section])})")
        for key, value in table.items():
            name = _FILE_KEYS.get((section, key))
            if name is None:
                warn(f"config file {path}: unknown key [{section}] {key} is ignored{_unknown_key_hint(section, key)}")
                continue
            origin[name] = f"config file {path}: [{section}] {key} = {_shown(value)}"
            try:
                values[name] = _parse(name, value, base)
            except _Invalid:
                raise ConfigError(f"config file {path}: [{section}] {key} = {_shown(value)}: "
                                  f"{key} must be {_RULES[name].allowed}") from None
    values["config_file"] = path
    return values


def load_settings(config_path: str | Path | None = None, db_path: str | Path | None = None,
                  environ: dict[str, str] | None = None, *,
                  warn: Callable[[str], None] = _warn) -> Settings:
    """Build settings from defaults, the config file, the environment and explicit overrides.

    A bad value raises ``ConfigError``; an unknown key in the file is passed to ``warn``.
    """
    env = os.environ if environ is None else environ
    values: dict[str, object] = {}
    origin: dict[str, str] = {}  # setting → where its value came from, for error messages
    chosen = config_path or env.get("BRIEFBOT_CONFIG")
    path = Path(chosen) if chosen else (DEFAULT_CONFIG_FILE if DEFAULT_CONFIG_FILE.exists() else None)
    if path is not None:
        values.update(_read_file(path, warn, origin))
    for var, name in _ENV.items():
        raw = env.get(var, "")
        if raw.strip():
            origin[name] = f"environment variable {var}={mask_password(raw)!r}"
            try:
                values[name] = _parse(name, raw, None)
            except _Invalid:
                raise ConfigError(f"{origin[name]}: {name} must be {_RULES[name].allowed}") from None
    if db_path is not None:
        values["db_path"] = parse_target(db_path)
    settings = replace(Settings(), **values)  # type: ignore[arg-type]  # each value checked by its rule above
    if settings.log_level != settings.log_level.upper():
        settings = replace(settings, log_level=settings.log_level.upper())
    _check_shards(settings, origin.get("shard_ids", "shard_ids"))
    return settings


def _check_shards(settings: Settings, where: str) -> None:
    if settings.shard_ids is None:
        return
    if settings.shard_count is None:
        raise ConfigError(f"{where}: shard_ids needs shard_count, the total number of shards "
                          "([discord] shard_count or BRIEFBOT_SHARD_COUNT)")
    if any(i >= settings.shard_count for i in settings.shard_ids):
        raise ConfigError(f"{where}: shard_ids must be from 0 to {settings.shard_count - 1} "
                          f"(shard_count is {settings.shard_count})")


def read_token(environ: dict[str, str] | None = None) -> str | None:
    """The Discord token from DISCORD_TOKEN, else from the file DISCORD_TOKEN_FILE names.

    None when neither is set; ``ConfigError`` when the file is missing, unreadable, not UTF-8
    text or empty (a token file that holds nothing is a mistake, not "no token").
    """
    env = os.environ if environ is None else environ
    token = env.get("DISCORD_TOKEN", "").strip()
    if token:
        return token
    token_file = env.get("DISCORD_TOKEN_FILE", "").strip()
    if not token_file:
        return None
    try:
        token = Path(token_file).read_bytes().decode("utf-8").strip()
    except UnicodeDecodeError:
        raise ConfigError(f"DISCORD_TOKEN_FILE {token_file} is not UTF-8 text: it should hold only "
                          "the bot token") from None
    except OSError as exc:
        raise ConfigError(f"DISCORD_TOKEN_FILE {token_file}: {exc.strerror or exc}") from exc
    if not token:
        raise ConfigError(f"DISCORD_TOKEN_FILE {token_file} is empty: put the bot token in it, or unset "
                          "DISCORD_TOKEN_FILE to use the offline console")
    return token
