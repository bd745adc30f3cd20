"""A throw-away PostgreSQL server for the tests, started from the system's binaries.

``initdb`` + ``pg_ctl`` in a temporary folder, on a free port on 127.0.0.1 only, trust auth, no
password and no system service. PostgreSQL refuses to run as root, so under root the server
runs as ``nobody`` (``runuser``), owning its folder. Each test that asks for ``pg_url`` gets a
database of its own, copied from a template that is already migrated (``CREATE DATABASE …
TEMPLATE``, a file copy: fast).

Without the binaries (or asyncpg) the tests that need the server are skipped with one line
saying why; under CI (``CI`` set) they fail instead: there they must run.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import pytest

SUPERUSER = "briefbot"
TEMPLATE = "briefbot_template"
_UNPRIVILEGED = "nobody"  # who runs the server when the tests run as root


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _binary_dir() -> Path | None:
    """Where ``initdb``, ``pg_ctl`` and ``postgres`` are: PATH first, then Debian's layout."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    """One running server; ``url(name)`` is a database URL the store accepts."""

    bin_dir: Path
    root: Path  # data/, the socket and the log live here
    port: int
    run_as: str | None  # the unprivileged user under root, else None
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.run_as is not None:
            command = ["runuser", "-u", self.run_as, "--", *command]
        done = subprocess.run(command, cwd=self.root, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
            raise RuntimeError(f"{args[0]} failed ({done.returncode}):\n{tail}")

    def init(self) -> None:
        self.data_dir.mkdir()
        if self.run_as is not None:
            entry = pwd.getpwnam(self.run_as)
            for path in (self.root, self.data_dir):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self._run("initdb", "-D", str(self.data_dir), "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8",
                  "--locale=C", "--no-sync")
        (self.data_dir / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n", encoding="utf-8")
        with (self.data_dir / "postgresql.conf").open("a", encoding="utf-8") as conf:
            # Throw-away data: durability costs time for nothing here.
            conf.write(f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                       f"unix_socket_directories = '{self.root}'\n"
                       "fsync = off\nfull_page_writes = off\nsynchronous_commit = off\nmax_connections = 200\n")

    def start(self) -> None:
        self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data_dir), "-l", str(self.log_file))

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "stop", "-w", "-t", "60", "-m", mode, "-D", str(self.data_dir))

    def restart(self) -> None:
        """Stop (dropping every connection) and start again on the same port: a server restart."""
        self.stop("fast")
        self.start()

    def next_name(self) -> str:
        return f"t{os.getpid()}_{next(self._names)}"


def _start() -> PostgresServer:
    bin_dir = _binary_dir()
    if bin_dir is None:
        raise LookupError("needs PostgreSQL's initdb and pg_ctl (not found on PATH or in /usr/lib/postgresql)")
    run_as = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(_UNPRIVILEGED)
        except KeyError as exc:
            raise LookupError(f"runs as root and there is no user {_UNPRIVILEGED!r} to run PostgreSQL as") from exc
        if shutil.which("runuser") is None:
            raise LookupError("runs as root and runuser (util-linux) is missing to run PostgreSQL unprivileged")
        run_as = _UNPRIVILEGED
    root = Path(tempfile.mkdtemp(prefix="briefbot-pg-"))
    last: Exception | None = None
    for _ in range(3):  # a free port may be taken between the probe and the start
        server = PostgresServer(bin_dir, root, _free_port(), run_as)
        try:
            if not server.data_dir.exists():
                server.init()
            else:
                conf = server.data_dir / "postgresql.conf"
                conf.write_text(conf.read_text(encoding="utf-8") + f"port = {server.port}\n", encoding="utf-8")
            server.start()
            return server
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
            last = exc
    shutil.rmtree(root, ignore_errors=True)
    raise RuntimeError(f"could not start PostgreSQL: {last}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server (skipped, or failed under CI, where it cannot run)."""
    try:
        import asyncpg  # noqa: F401  # the driver the store uses
    except ImportError:
        _unavailable("needs the asyncpg package (pip install -e '.[test]')")
    try:
        server = _start()
    except LookupError as exc:
        _unavailable(str(exc))
    try:
        yield server
    finally:
        with contextlib.suppress(RuntimeError, OSError, subprocess.TimeoutExpired):
            server.stop("immediate")
        shutil.rmtree(server.root, ignore_errors=True)


def _unavailable(reason: str) -> NoReturn:
    if _in_ci():
        pytest.fail(f"CI is set and PostgreSQL cannot run here: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests: {reason}")


def admin_execute(server: PostgresServer, *statements: str) -> None:
    """Run ``statements`` on the server's ``postgres`` database, from any thread or event loop
    (in a thread of its own, so it may be called while a test's event loop runs)."""
    import asyncpg

    async def run() -> None:
        conn = await asyncpg.connect(server.url("postgres"))
        try:
            for statement in statements:
                await conn.execute(statement)
        finally:
            await conn.close()

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()


@pytest.fixture(scope="session")
def postgres_template(postgres_server: PostgresServer) -> str:
    """An already migrated database that every test's own database is copied from."""
    from bot.store import Store

    async def migrate() -> None:
        store = await Store.open(postgres_server.url(TEMPLATE))
        await store.close()

    admin_execute(postgres_server, f"CREATE DATABASE {TEMPLATE}")
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, migrate()).result()
    return TEMPLATE


def drop_database(server: PostgresServer, name: str) -> None:
    """Drop a test's database, and the saved index a bot wrote for it under the project's data/ folder
    (a server database's index is named after host, port and database there, not beside a file)."""
    import bot.dburl
    from bot.dburl import local_path

    with contextlib.suppress(Exception):
        admin_execute(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    project_data = Path(bot.dburl.__file__).resolve().parent.parent / "data"  # where a bot process writes
    for folder in {project_data, bot.dburl.DATA_DIR}:  # and where this process does (pg_url moves it)
        Path(f"{local_path(server.url(name), folder)}.index").unlink(missing_ok=True)


@pytest.fixture
def pg_url(postgres_server: PostgresServer, postgres_template: str, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The URL of a fresh, migrated, empty database of this test's own (dropped after). The files a
    bot keeps for a server database (its saved index, watched feeds' and repositories' downloads) go
    under the project's data/ folder; in this process a test's go under its own temporary folder."""
    monkeypatch.setattr("bot.dburl.DATA_DIR", tmp_path / "server-data")
    name = postgres_server.next_name()
    admin_execute(postgres_server, f"CREATE DATABASE {name} TEMPLATE {postgres_template}")
    try:
        yield postgres_server.url(name)
    finally:
        drop_database(postgres_server, name)


@contextlib.contextmanager
def throwaway_server() -> Iterator[PostgresServer]:
    """The same throw-away server outside pytest (scripts, benchmarks): started here, stopped and
    removed on leaving. Raises LookupError (no binaries) or RuntimeError (would not start)."""
    server = _start()
    try:
        yield server
    finally:
        with contextlib.suppress(RuntimeError, OSError, subprocess.TimeoutExpired):
            server.stop("immediate")
        shutil.rmtree(server.root, ignore_errors=True)
