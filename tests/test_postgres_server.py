"""The test PostgreSQL server itself: reachable on loopback without a password, and restartable."""

from __future__ import annotations

import asyncpg

from tests.postgres_server import PostgresServer


async def test_the_server_answers_on_loopback_without_a_password(postgres_server: PostgresServer) -> None:
    conn = await asyncpg.connect(postgres_server.url())
    try:
        version = await conn.fetchval("SHOW server_version_num")
        address = await conn.fetchval("SELECT host(inet_server_addr())")
    finally:
        await conn.close()
    assert int(version) >= 150000
    assert address == "127.0.0.1"


async def test_a_restart_drops_connections_and_the_server_comes_back(postgres_server: PostgresServer) -> None:
    conn = await asyncpg.connect(postgres_server.url())
    postgres_server.restart()
    assert conn.is_closed() or not await _still_works(conn)
    again = await asyncpg.connect(postgres_server.url())
    try:
        assert await again.fetchval("SELECT 1") == 1
    finally:
        await again.close()


async def _still_works(conn: asyncpg.Connection) -> bool:
    try:
        await conn.fetchval("SELECT 1")
    except (asyncpg.PostgresError, OSError, asyncpg.InterfaceError):
        return False
    finally:
        conn.terminate()
    return True
