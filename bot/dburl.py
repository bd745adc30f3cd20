"""Where the data lives: a SQLite file path or a ``postgresql://`` URL, told apart in one place.

A URL may carry a password. ``DatabaseUrl`` keeps it out of every message: ``str()`` and
``repr()`` show the URL with the password masked, and only ``secret`` (what the driver is given)
holds it whole. Files a machine keeps for itself (the saved index, watched-source downloads,
console history) go under ``local_path``: beside the database file, or for a server database
in the local data folder under a name made from host, port and database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

SCHEMES = ("postgresql", "postgres")
_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
DATA_DIR = Path(__file__).resolve().parent.parent / "data"  # the project's data folder (as config's default)


@dataclass(frozen=True, slots=True)
class DatabaseUrl:
    """A PostgreSQL database URL; printing it never shows the password."""

    secret: str = field(repr=False)  # the URL as given, password included: for the driver only

    def __post_init__(self) -> None:
        parts = urlsplit(self.secret)
        if parts.scheme not in SCHEMES or (not parts.hostname and not parts.path.strip("/")):
            raise ValueError("a database URL looks like postgresql://user:password@host:5432/dbname")

    @property
    def redacted(self) -> str:
        parts = urlsplit(self.secret)
        if parts.password is None:
            return self.secret
        netloc = parts.netloc.rsplit("@", 1)
        user = netloc[0].split(":", 1)[0]
        return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))

    @property
    def database(self) -> str:
        return unquote(urlsplit(self.secret).path.lstrip("/")) or "postgres"

    def __str__(self) -> str:
        return self.redacted

    def __repr__(self) -> str:
        return f"DatabaseUrl({self.redacted!r})"


def mask_password(text: str) -> str:
    """``text`` with the password of any ``scheme://user:password@`` in it replaced by ``***``."""
    return _PASSWORD.sub(r"\1***@", text)


def is_database_url(text: str) -> bool:
    return any(text.strip().startswith(f"{scheme}://") for scheme in SCHEMES)


def parse_target(text: str | Path | DatabaseUrl) -> Path | DatabaseUrl:
    """A ``--db`` / ``BRIEFBOT_DB`` / ``[database] path`` value as a file path or a database URL."""
    if isinstance(text, DatabaseUrl | Path):
        return text
    return DatabaseUrl(text.strip()) if is_database_url(text) else Path(text)


def local_path(target: Path | str | DatabaseUrl, data_dir: Path | None = None) -> Path:
    """The path local files are named after: the database file itself, or for a server database
    ``<data_dir>/<host>_<port>_<database>.pg`` (one per database, never the password)."""
    if not isinstance(target, DatabaseUrl):
        if isinstance(target, str) and is_database_url(target):
            return local_path(DatabaseUrl(target), data_dir)
        return Path(target)
    parts = urlsplit(target.secret)
    name = _SAFE.sub("_", f"{parts.hostname or 'local'}_{parts.port or 5432}_{target.database}")
    return (data_dir or DATA_DIR) / f"{name}.pg"
