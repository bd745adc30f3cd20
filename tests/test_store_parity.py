"""The same fact sheets ingested into SQLite and into PostgreSQL give the same bot.

``briefbot ingest`` of ``../shared/corpus`` (and, separately, of it with ``../shared/wh-factsheets``:
1,661 files) into a SQLite file and into a database on the throw-away PostgreSQL server; then
what a user sees is compared: ``briefbot export --format json`` apart from ids and timestamps,
the /initiative query-quality scorecard over the index the app builds, the money scorecard of
the stored dollar figures, and the matches of every /search query the tests ask. Rankings of
/search may differ (bm25 against ts_rank, see ``test_search_finds_the_same_matches``), so only
the sets of matches are held equal. ``scripts/store_parity.py`` prints the same comparison.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests import parity
from tests._scorecards import SCORECARD_LINES
from tests.postgres_server import PostgresServer, admin_execute, drop_database

pytestmark = [pytest.mark.slow, pytest.mark.requires_shared]

SETS = {"corpus": ("corpus",), "corpus+wh-factsheets": ("corpus", "wh-factsheets")}


@dataclass(frozen=True, slots=True)
class Pair:
    name: str
    sqlite: Path
    postgresql: str
    ingested: dict[str, parity.IngestRun]
    env: dict[str, str]


@pytest.fixture(scope="module", params=list(SETS))
def pair(request: pytest.FixtureRequest, shared_dir: Path, tmp_path_factory: pytest.TempPathFactory,
         postgres_server: PostgresServer, postgres_template: str) -> Any:
    """One set of sheets ingested by the real command into both backends."""
    folders = [shared_dir / name for name in SETS[request.param]]
    root = tmp_path_factory.mktemp("parity")
    env = parity.quiet_env(root / "no-seeds")
    database = postgres_server.next_name()
    admin_execute(postgres_server, f"CREATE DATABASE {database} TEMPLATE {postgres_template}")
    url = postgres_server.url(database)
    try:
        sqlite = root / "briefbot.db"
        runs = {"sqlite": parity.ingest(sqlite, folders, env), "postgresql": parity.ingest(url, folders, env)}
        yield Pair(request.param, sqlite, url, runs, env)
    finally:
        drop_database(postgres_server, database)


def test_both_backends_take_in_every_sheet_alike(pair: Pair) -> None:
    lite, pg = pair.ingested["sqlite"], pair.ingested["postgresql"]
    assert lite.files > 0 and lite.rejected == 0
    assert (pg.files, pg.added, pg.updated, pg.unchanged, pg.rejected) == (
        lite.files, lite.added, lite.updated, lite.unchanged, lite.rejected)


def test_export_is_identical_apart_from_ids_and_timestamps(pair: Pair) -> None:
    lite = parity.normalise(parity.export_json(pair.sqlite, pair.env))
    pg = parity.normalise(parity.export_json(pair.postgresql, pair.env))
    assert set(lite) == set(pg) == {"documents", "initiatives", "funding"}
    assert all(lite[table] for table in lite), "an export table is empty: nothing compared"
    for table in lite:
        assert lite[table] == pg[table], f"{table}: {parity.first_difference(lite[table], pg[table])}"


def test_query_quality_scorecard_is_identical(pair: Pair, request: pytest.FixtureRequest) -> None:
    lite = parity.quality_scorecard(pair.sqlite)
    pg = parity.quality_scorecard(pair.postgresql)
    assert lite.startswith("top-1 ")
    assert pg == lite
    line = f"query quality on both backends ({pair.name}): {lite.splitlines()[0]}"
    if pair.name != "corpus":  # the cases name corpus/ files; their wh-factsheets twins (same body) come first here
        line = f"query quality identical on both backends ({pair.name}); its rates are not a quality figure " \
               "(the cases name corpus/ files, whose byte-identical wh-factsheets twins rank first)"
    request.config.stash.setdefault(SCORECARD_LINES, []).append(line)


def test_stored_money_scorecard_is_identical(pair: Pair, shared_dir: Path, request: pytest.FixtureRequest) -> None:
    lite = parity.run(parity.stored_money_scorecard(pair.sqlite, shared_dir))
    pg = parity.run(parity.stored_money_scorecard(pair.postgresql, shared_dir))
    assert "figures found with the right value" in lite
    assert pg == lite
    found = [line.strip() for line in lite.splitlines() if "figures found" in line or " sheets, " in line]
    request.config.stash.setdefault(SCORECARD_LINES, []).append(
        f"stored money figures on both backends ({pair.name}): " + "; ".join(found))


def test_search_finds_the_same_matches(pair: Pair) -> None:
    """Same totals and the same hits for every query; not the same order. FTS5 ranks by bm25
    (words rare in the library weigh more, title × 10), PostgreSQL by ts_rank (how often the words
    occur, title weight A against body D, no library-wide rarity), so multi-word queries such as
    "clean energy" list the same matches in another order."""
    lite = parity.run(parity.all_hits(pair.sqlite, parity.SEARCH_QUERIES))
    pg = parity.run(parity.all_hits(pair.postgresql, parity.SEARCH_QUERIES))
    compared = parity.compare_search(lite, pg)
    assert any(c.total_sqlite > 0 for c in compared), "no query found anything: nothing compared"
    differing = [c for c in compared if c.total_sqlite != c.total_postgresql or not c.same_matches]
    assert not differing, differing
