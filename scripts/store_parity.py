"""Ingest the real fact sheets into SQLite and into PostgreSQL and print how the two compare.

    .venv/bin/python scripts/store_parity.py              # corpus + wh-factsheets (1,661 files)
    .venv/bin/python scripts/store_parity.py --corpus     # the 40-sheet corpus only

A throw-away PostgreSQL server is started from the system's binaries (as the tests do) and
removed at the end. Prints: each ingest's figures, whether ``briefbot export --format json`` is
identical apart from ids and timestamps (per table), both scorecards (/initiative query quality,
stored money figures) and, per /search query of the tests, both totals, whether the matches are
the same and how much of the ranking agrees. ``tests/test_store_parity.py`` asserts the same.
Exit status 1 when anything that must be equal is not.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import parity
from tests.postgres_server import admin_execute, throwaway_server

SHARED = parity.PROJECT_ROOT.parent / "shared"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", action="store_true", help="only ../shared/corpus (40 sheets)")
    args = parser.parse_args(argv)
    folders = [SHARED / "corpus"] + ([] if args.corpus else [SHARED / "wh-factsheets"])
    ok = True
    with tempfile.TemporaryDirectory(prefix="briefbot-parity-") as temp, throwaway_server() as server:
        env = parity.quiet_env(Path(temp) / "no-seeds")
        admin_execute(server, "CREATE DATABASE parity")
        targets: dict[str, Path | str] = {"sqlite": Path(temp) / "briefbot.db", "postgresql": server.url("parity")}
        print(f"ingest of {', '.join(f.name for f in folders)}:")
        runs = {}
        for name, target in targets.items():
            runs[name] = run = parity.ingest(target, folders, env)
            print(f"  {name:<10} {run.files:,} files in {run.seconds:.1f} s ({run.files / run.seconds:.0f}/s; "
                  f"{run.wall_seconds:.1f} s with start-up): {run.added} added, {run.updated} updated, "
                  f"{run.unchanged} unchanged, {run.rejected} rejected")
        print(f"  PostgreSQL rate / SQLite rate: {runs['sqlite'].seconds / runs['postgresql'].seconds:.0%}")

        exports = {name: parity.normalise(parity.export_json(t, env)) for name, t in targets.items()}
        print("briefbot export --format json, ids and timestamps aside:")
        for table, rows in exports["sqlite"].items():
            same = rows == exports["postgresql"][table]
            ok &= same
            detail = "" if same else " — " + parity.first_difference(rows, exports["postgresql"][table])
            print(f"  {table:<12} {len(rows):>6,} rows  {'identical' if same else 'DIFFERENT'}{detail}")

        quality = {name: parity.quality_scorecard(t) for name, t in targets.items()}
        same = quality["sqlite"] == quality["postgresql"]
        ok &= same
        print(f"query-quality scorecard: {'identical' if same else 'DIFFERENT'} — {quality['sqlite'].splitlines()[0]}")

        money = {name: parity.run(parity.stored_money_scorecard(t, SHARED)) for name, t in targets.items()}
        same = money["sqlite"] == money["postgresql"]
        ok &= same
        print(f"stored money scorecard: {'identical' if same else 'DIFFERENT'}")
        print("\n".join("  " + line for line in money["sqlite"].splitlines() if " read as " not in line))

        hits = {name: parity.run(parity.all_hits(t, parity.SEARCH_QUERIES)) for name, t in targets.items()}
        print("/search (total SQLite / PostgreSQL, same matches, leading hits in the same order, overlap of the "
              "first ten):")
        for c in parity.compare_search(hits["sqlite"], hits["postgresql"]):
            ok &= c.same_matches and c.total_sqlite == c.total_postgresql
            shown = c.query if len(c.query) <= 24 else c.query[:21] + "…"
            print(f"  {shown!r:<28} {c.total_sqlite:>5} / {c.total_postgresql:<5} "
                  f"{'same' if c.same_matches else 'DIFFERENT':<9} order {c.same_top:>3}  top-10 {c.top10_overlap}")
    print("parity: " + ("everything that must be equal is" if ok else "DIFFERENCES above"))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
