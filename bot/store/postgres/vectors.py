"""Writing initiative vectors on PostgreSQL: the twin of ``bot.store.vectors.write``.

SQLite's write transaction keeps every ingest out; here an ingest may delete an initiative while
the vectors are being written, and the foreign key would then fail the whole batch. So the rows
of the initiatives still there are locked first (``FOR KEY SHARE``: no delete until commit; a
row deleted meanwhile is left out once its deleter commits) and only those get a vector.
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from bot.store.vectors import VectorSource, latest, still_as_read


async def write(conn: asyncpg.Connection, model: str, vectors: Sequence[tuple[int, bytes]],
                made_from: Sequence[VectorSource] | None = None) -> int:
    """Upsert ``vectors`` of ``model`` inside the caller's transaction; returns how many were stored. With
    ``made_from``, an initiative that no longer reads as its source did gets none (see ``still_as_read``)."""
    wanted = latest(vectors)
    rows = await conn.fetch(
        """SELECT i.id, d.title, i.title, i.text FROM initiatives i JOIN documents d ON d.id = i.document_id
            WHERE i.id = ANY($1::bigint[]) ORDER BY i.id FOR KEY SHARE OF i""", list(wanted))
    present = [int(row["id"]) for row in rows]
    if made_from is not None:
        kept = still_as_read([tuple(row) for row in rows], made_from)
        present = [initiative_id for initiative_id in present if initiative_id in kept]
    if not present:
        return 0
    await conn.execute(
        """INSERT INTO initiative_vectors (initiative_id, model, vector)
           SELECT v.id, $1, v.vector FROM unnest($2::bigint[], $3::bytea[]) AS v (id, vector)
           ON CONFLICT (initiative_id) DO UPDATE SET model = excluded.model, vector = excluded.vector""",
        model, present, [wanted[initiative_id] for initiative_id in present])
    return len(present)
