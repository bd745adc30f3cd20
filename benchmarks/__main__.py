"""``python -m benchmarks``: ingest, query, start-up, memory and loop-lag figures at several sizes.

For each size: build (or reuse) its database with the real ``briefbot ingest`` and time the
parse floor; draw the fixed query mix from it; measure start-up, memory, command latencies and
the two baselines in a fresh process; then, unless ``--skip-lag``, the bot's event-loop lag
while another process ingests the real fact sheets. Prints the report and writes it to
``docs/benchmarks.md``. Generated corpora and databases are cached in ``benchmarks/.cache/``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks._common import CACHE_DIR, PROJECT_ROOT, SEED, SizeSpec, parse_size, read_json, write_json
from benchmarks.corpora import database, quiet_env, saved_index_path
from benchmarks.querymix import build_mix
from benchmarks.report import check_targets, machine_info, render

DEFAULT_SIZES = "real,1k,10k,50k"
# Brute force scans every title and text per query: at 50k that is a second or more per query,
# so big sizes run the baselines on an evenly spread subsample of the mix.
_BASELINE_STRING_BUDGET = 10_000_000  # queries × strings: about a minute and a half of brute force


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=DEFAULT_SIZES,
                        help=f"comma-separated: real, 1k, 10k, 50k or any number of sheets (default {DEFAULT_SIZES})")
    parser.add_argument("--queries", type=int, default=1000, help="queries in the fixed mix (default 1000)")
    parser.add_argument("--baseline-queries", type=int, default=None, metavar="N",
                        help="queries the baselines run per size (default: as many as fit ~10 million "
                             "query×string pairs, at least 30)")
    parser.add_argument("--skip-lag", action="store_true", help="skip the event-loop lag runs")
    parser.add_argument("--skip-postgres", action="store_true",
                        help="skip the PostgreSQL figures (python -m benchmarks.postgres, run after the rest)")
    parser.add_argument("--lag-sizes", default=None,
                        help="sizes to run the lag measurement at (default: real and the largest synthetic size)")
    parser.add_argument("--lag-rate", type=float, default=25.0, help="interactions per second in the lag run")
    parser.add_argument("--fresh", action="store_true", help="rebuild databases even when cached")
    parser.add_argument("--report-only", action="store_true",
                        help="write the report again from the last run's saved results (after editing "
                             "benchmarks/notes.md), measuring nothing")
    parser.add_argument("--build-only", action="store_true",
                        help="only build (or check) the cached corpora and databases; measure nothing else")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "benchmarks.md",
                        help="where to write the report (default docs/benchmarks.md)")
    args = parser.parse_args(argv)
    try:
        args.specs = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
        if args.lag_sizes:
            args.lag_names = {parse_size(s).name for s in args.lag_sizes.split(",") if s.strip()}
        else:  # the real corpus and the largest synthetic size: each lag run costs a full ingest
            synthetic = [s for s in args.specs if s.synthetic]
            args.lag_names = {s.name for s in args.specs if not s.synthetic}
            args.lag_names |= {max(synthetic, key=lambda s: s.synthetic).name} if synthetic else set()
    except ValueError as exc:
        parser.error(str(exc))
    if args.queries < 10:
        parser.error("--queries must be at least 10")
    return args


def _keep_follows_section(path: Path, text: str) -> str:
    """Carry over the sections ``python -m benchmarks.follows`` and ``python -m benchmarks.postgres``
    wrote (separate runs)."""
    from benchmarks import follows, postgres

    old = path.read_text(encoding="utf-8") if path.exists() else ""
    for start, end in ((follows.START, follows.END), (postgres.START, postgres.END)):
        if start in old and end in old:
            section = start + old.partition(start)[2].partition(end)[0] + end
            text = text.rstrip("\n") + "\n\n" + section + "\n"
    return text


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _baseline_count(args: argparse.Namespace, initiatives: int) -> int:
    if args.baseline_queries is not None:
        return max(1, min(int(args.baseline_queries), int(args.queries)))
    strings = max(1, 2 * initiatives)
    return max(30, min(int(args.queries), _BASELINE_STRING_BUDGET // strings))


def _initiative_count(db_path: Path) -> int:
    import sqlite3

    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT count(*) FROM initiatives").fetchone()[0])


def _measure_queries(spec: SizeSpec, db_path: Path, mix_path: Path, baseline_queries: int, *,
                     startup_only: bool = False) -> dict[str, Any]:
    """Start-up and memory (and unless ``startup_only``: latencies and baselines), in a fresh process."""
    out = CACHE_DIR / "results" / f"{spec.name}.{'cold' if startup_only else 'query'}.json"
    out.unlink(missing_ok=True)
    command = [sys.executable, "-m", "benchmarks.measure", "--db", str(db_path), "--mix", str(mix_path),
               "--out", str(out), "--baseline-queries", str(baseline_queries)]
    if startup_only:
        command.append("--startup-only")
    elif spec.synthetic:  # the real size replaces corpus/ files by same-URL copies from wh-factsheets/
        command.append("--quality")
    launched = time.time()
    done = subprocess.run([*command, "--launched", repr(launched)], cwd=PROJECT_ROOT,
                          env=quiet_env(CACHE_DIR / "empty-seeds"), stdout=subprocess.DEVNULL)
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"measuring {spec.name} failed (exit {done.returncode}); its errors are above")
    measured: dict[str, Any] = read_json(out)
    return measured


def run(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    for spec in args.specs:
        started = time.perf_counter()
        built = database(spec, fresh=args.fresh, log=_log)
        if args.build_only:
            _log(f"[{spec.name}] database ready: {built.db_path}")
            continue
        result: dict[str, Any] = {"label": spec.label, "synthetic": spec.synthetic, "ingest": built.ingest,
                                  "ingest_cached": built.cached}
        mix_path = CACHE_DIR / "mix" / f"{built.db_path.stem}-{args.queries}.json"
        if not mix_path.exists():
            write_json(mix_path, build_mix(built.db_path, args.queries, SEED))
        mix = read_json(mix_path)
        baseline_queries = _baseline_count(args, _initiative_count(built.db_path))
        result["load_average"] = os.getloadavg()[0]  # other work on the machine shows up in every figure
        saved_index_path(built.db_path).unlink(missing_ok=True)
        _log(f"[{spec.name}] measuring a cold start (no saved index) in a fresh process …")
        result["cold"] = _measure_queries(spec, built.db_path, mix_path, baseline_queries, startup_only=True)
        _log(f"[{spec.name}] measuring a warm start, {len(mix)} queries and the baselines "
             f"({baseline_queries} queries) in another …")
        result["query"] = _measure_queries(spec, built.db_path, mix_path, baseline_queries)
        result["documents"] = result["query"]["counts"]["documents"]
        q = result["query"]
        _log(f"[{spec.name}] start-up {result['cold']['startup']['seconds']:.2f} s cold, "
             f"{q['startup']['seconds']:.2f} s warm; autocomplete p99 "
             f"{q['autocomplete']['p99']:.1f} ms, /initiative p99 {q['initiative']['p99']:.1f} ms")
        if not args.skip_lag and spec.name in args.lag_names:
            from benchmarks.lag import measure_lag

            base = None if not spec.synthetic else built.db_path
            result["lag"] = asyncio.run(measure_lag(spec.name, base, [m["q"] for m in mix],
                                                    rate=args.lag_rate, log=_log))
            _log(f"[{spec.name}] loop lag max {result['lag']['lag_ms']['max']:.0f} ms")
        write_json(CACHE_DIR / "results" / f"{spec.name}.json", result)
        _log(f"[{spec.name}] done in {time.perf_counter() - started:.0f} s")
        results[spec.name] = result
    return results


def _last_run() -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """The results and details of the last complete run, as saved in the cache."""
    last = CACHE_DIR / "results" / "last-run.json"
    if not last.exists():
        raise SystemExit(f"no saved run in {last.parent}: run the benchmarks first")
    details = read_json(last)
    return {size: read_json(CACHE_DIR / "results" / f"{size}.json") for size in details["sizes"]}, details


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    if args.report_only:
        results, details = _last_run()
    else:
        command = "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:])
        machine = machine_info()  # before measuring: the commit and date are those of the code measured
        results = run(args)
        if args.build_only:
            return 0
        details = {"command": command.strip(), "machine": machine, "query_count": args.queries,
                   "sizes": list(results)}
        write_json(CACHE_DIR / "results" / "last-run.json", details)
    text = render(results, details["machine"], command=details["command"], query_count=details["query_count"])
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = _keep_follows_section(args.out, text)
    args.out.write_text(text, encoding="utf-8")
    missed = [row for row in check_targets(results) if row[3] is False]
    _log(f"wrote {args.out}" + (f"; {len(missed)} target(s) missed" if missed else ""))
    if not args.skip_postgres and not args.report_only:
        from benchmarks import postgres

        try:  # its own section: PostgreSQL against SQLite ingest, answers, time to notice
            postgres.main(["--out", str(args.out)])
        except (LookupError, RuntimeError) as exc:  # no PostgreSQL binaries here: said, not fatal
            _log(f"PostgreSQL figures skipped: {exc}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
