"""Settings: defaults, overridden by a TOML file, overridden by environment variables.

The file is ``--config PATH``, else ``BRIEFBOT_CONFIG``, else ``config/briefbot.toml`` when it
exists. ``config/briefbot.example.toml`` documents every key. The Discord token is never read
from the file: only from ``DISCORD_TOKEN`` or the file named by ``DISCORD_TOKEN_FILE``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
DEFAULT_CONFIG_FILE = PROJECT_ROOT / "config" / "briefbot.toml"
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "briefbot.db"
DISCORD_API_BASE = "https://discord.com/api/v10"
DISCORD_GATEWAY_URL = "wss://gateway.discord.gg/"


class ConfigError(Exception):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True, slots=True)
class Settings:
    db_path: Path = DEFAULT_DB_PATH
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
    config_file: Path | None = field(default=None, compare=False)


# Environment variable → (setting, parser)
def _bool(text: str | bool) -> bool:
    if isinstance(text, bool):
        return text
    lowered = str(text).strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"expected true or false, got {text!r}")


def _int_list(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.replace(",", " ").split() if part)


_ENV: dict[str, tuple[str, object]] = {
    "BRIEFBOT_DB": ("db_path", Path),
    "BRIEFBOT_SEEDS": ("seeds_dir", Path),
    "BRIEFBOT_MAX_FILE_BYTES": ("max_file_bytes", int),
    "BRIEFBOT_INDEX_CACHE": ("index_cache", _bool),
    "BRIEFBOT_INDEX_PROCESS_MIN_DOCUMENTS": ("index_process_min_documents", int),
    "BRIEFBOT_INGEST_NICENESS": ("ingest_niceness", int),
    "BRIEFBOT_LOG_LEVEL": ("log_level", str),
    "BRIEFBOT_DEV_GUILD_IDS": ("dev_guild_ids", _int_list),
    "DISCORD_API_BASE": ("api_base", str),
    "DISCORD_GATEWAY_URL": ("gateway_url", str),
    "BRIEFBOT_SHARD_COUNT": ("shard_count", int),
    "BRIEFBOT_SHARD_IDS": ("shard_ids", _int_list),
    "BRIEFBOT_REFRESH_SECONDS": ("refresh_seconds", float),
    "BRIEFBOT_ATTACHMENT_MAX_BYTES": ("attachment_max_bytes", int),
    "BRIEFBOT_DIGEST_TIME": ("digest_default_time", str),
    "BRIEFBOT_DIGEST_TIMEZONE": ("digest_default_timezone", str),
    "BRIEFBOT_DIGEST_CATCHUP_HOURS": ("digest_catchup_hours", float),
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
}


def _coerce(name: str, value: object, base: Path) -> object:
    current = {f.name: f for f in fields(Settings)}[name]
    if name in ("db_path", "seeds_dir"):
        path = Path(str(value)).expanduser()
        return path if path.is_absolute() else (base / path)
    if name in ("dev_guild_ids", "shard_ids"):
        if isinstance(value, str):
            return _int_list(value)
        if not isinstance(value, list):
            raise ConfigError(f"{name} must be a list of integers")
        return tuple(int(v) for v in value)
    if name == "index_cache":
        return _bool(value)  # type: ignore[arg-type]
    if name in ("max_file_bytes", "shard_count", "attachment_max_bytes", "index_process_min_documents",
                "ingest_niceness"):
        return int(value)  # type: ignore[arg-type]
    if name in ("refresh_seconds", "digest_catchup_hours"):
        return float(value)  # type: ignore[arg-type]
    del current
    return str(value)


def load_settings(config_path: str | Path | None = None, db_path: str | Path | None = None,
                  environ: dict[str, str] | None = None) -> Settings:
    """Build settings from defaults, the config file, the environment and explicit overrides."""
    env = os.environ if environ is None else environ
    values: dict[str, object] = {}
    chosen = config_path or env.get("BRIEFBOT_CONFIG")
    path = Path(chosen) if chosen else (DEFAULT_CONFIG_FILE if DEFAULT_CONFIG_FILE.exists() else None)
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"config file not found: {path}") from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
        base = path.resolve().parent
        for (section, key), name in _FILE_KEYS.items():
            if isinstance(data.get(section), dict) and key in data[section]:
                try:
                    values[name] = _coerce(name, data[section][key], base)
                except (TypeError, ValueError) as exc:
                    raise ConfigError(f"config file {path}: [{section}] {key}: {exc}") from exc
        values["config_file"] = path
    for var, (name, parse) in _ENV.items():
        raw = env.get(var)
        if raw:
            try:
                values[name] = parse(raw)  # type: ignore[operator]
            except ValueError as exc:
                raise ConfigError(f"environment variable {var}={raw!r}: {exc}") from exc
    if db_path is not None:
        values["db_path"] = Path(db_path)
    settings = replace(Settings(), **values)  # type: ignore[arg-type]
    if settings.shard_ids is not None and settings.shard_count is None:
        raise ConfigError("shard_ids needs shard_count")
    return settings


def read_token(environ: dict[str, str] | None = None) -> str | None:
    """The Discord token from DISCORD_TOKEN, else from the file DISCORD_TOKEN_FILE names."""
    env = os.environ if environ is None else environ
    token = env.get("DISCORD_TOKEN", "").strip()
    if token:
        return token
    token_file = env.get("DISCORD_TOKEN_FILE", "").strip()
    if token_file:
        try:
            return Path(token_file).read_text(encoding="utf-8").strip() or None
        except OSError as exc:
            raise ConfigError(f"DISCORD_TOKEN_FILE {token_file}: {exc.strerror}") from exc
    return None
