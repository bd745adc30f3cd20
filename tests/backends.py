"""One parametrised fixture runs a test on each store backend: SQLite, then PostgreSQL.

``backend`` is the only parametrised fixture; ``db_target`` and ``any_store`` derive from it, so
a test that asks for both still runs once per backend (not once per pair). The PostgreSQL runs
share the session's throw-away server and get a fresh database each, copied from a migrated
template (``tests/postgres_server.py``). A test that probes the SQLite file itself (WAL, file
damage, its path) carries ``@pytest.mark.sqlite_only`` and is not run on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Store

BACKENDS = ("sqlite", "postgresql")  # the names ``Store.backend`` carries


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The backend this run of the test is on."""
    return str(request.param)


@pytest.fixture
def db_target(backend: str, request: pytest.FixtureRequest, tmp_db: Path) -> Path | str:
    """Where the test's database goes on this backend: a SQLite file (not created yet), or the URL
    of a fresh, migrated database of its own on the test PostgreSQL server."""
    return tmp_db if backend == "sqlite" else str(request.getfixturevalue("pg_url"))


@pytest.fixture
async def any_store(db_target: Path | str) -> AsyncIterator[Store]:
    """A freshly migrated, empty database on this backend. A test module runs its ``store`` tests
    on both backends by defining ``store`` as this fixture."""
    opened = await Store.open(db_target)
    try:
        yield opened
    finally:
        await opened.close()
