"""One size, measured in a fresh process: start-up, peak memory, command latencies, baselines.

The suite runs it twice per size: first ``--startup-only`` with no saved index (a cold start:
the index is built from the database, then saved as the bot does), then the full measurement,
which starts warm from that saved index, as a restart with unchanged data does.

Run by the suite as ``python -m benchmarks.measure --db DB --mix MIX.json --out OUT.json
--launched WALLCLOCK``; ``--launched`` is the parent's ``time.time()`` just before starting
this process, so start-up includes the interpreter and every import the bot needs.

Order matters for memory: start-up and the bot's own queries are measured (and peak memory
read) before the baselines build their lists of every title and text.
"""

from __future__ import annotations

import time

_STARTED_WALL = time.time()  # as early as possible: imports below are part of start-up

import argparse  # noqa: E402
import asyncio  # noqa: E402
import difflib  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from collections.abc import Awaitable, Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from types import ModuleType  # noqa: E402
from typing import Any  # noqa: E402

FUNDING_TOPICS = 200  # /funding query:<topic> runs (title and body words of the mix) …
FUNDING_TOPIC_SECONDS = 60.0  # … or fewer (at least 30) when they take longer than this in all
FUNDING_ALL_RUNS = 20
ASK_QUESTIONS = 400  # /ask runs: the question set's questions, then questions made from the mix's words
ASK_SECONDS = 90.0
_ASK_FORMS = ("how much money for {}?", "what is {}?", "when was {} announced?", "which fact sheets cover {}?",
              "who runs {}?", "how much did the budget request for {} in 2024?")  # /funding with no query: every counted amount in the corpus …
FUNDING_ALL_SECONDS = 60.0  # … or fewer runs (at least 3) when they take longer than this in all
BASELINE_LIMIT = 25  # as many results as autocomplete offers


def _target(text: str) -> Path | str:
    """A database file, or a server database's URL kept as written (a Path would fold its '//')."""
    return text if "://" in text else Path(text)


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=_target, required=True, help="a SQLite file or a postgresql:// URL")
    parser.add_argument("--mix", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--launched", type=float, default=_STARTED_WALL)
    parser.add_argument("--baseline-queries", type=int, default=50)
    parser.add_argument("--startup-only", action="store_true",
                        help="measure start-up and memory only, then close (saving the index if built)")
    parser.add_argument("--no-second-reader", action="store_true",
                        help="answer /ask from the word index alone, as without the model or the vectors")
    parser.add_argument("--quality", action="store_true",
                        help="also run the query-quality cases (the database holds ../shared/corpus by file name)")
    return parser.parse_args()


def _progress(message: str) -> None:
    print(f"    {message}", file=sys.stderr, flush=True)


class _Stopwatch:
    """Times the start-up steps App.open runs (database snapshot, index build) from outside."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def wrap_sync(self, owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - started

        setattr(owner, name, timed)

    def wrap_async(self, owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)

        async def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await original(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - started

        setattr(owner, name, timed)


async def _time_each(items: list[Any], call: Callable[[Any], Awaitable[Any] | Any]) -> tuple[list[float], list[Any]]:
    timings: list[float] = []
    results: list[Any] = []
    for item in items:
        started = time.perf_counter()
        result = call(item)
        if asyncio.iscoroutine(result):
            result = await result
        timings.append(time.perf_counter() - started)
        results.append(result)
    return timings, results


def _ask_questions(mix: list[dict[str, str]]) -> list[str]:
    """The question set's questions, then plain questions made from the mix's title and body words."""
    import tomllib

    questions_file = Path(__file__).resolve().parents[1] / "tests" / "data" / "ask_questions.toml"
    questions = [q["text"] for q in tomllib.loads(questions_file.read_text(encoding="utf-8"))["question"]]
    words = [item["q"] for item in mix if item["kind"] in ("title", "body")]
    for n, word in enumerate(words):
        questions.append(_ASK_FORMS[n % len(_ASK_FORMS)].format(word))
    return questions[:ASK_QUESTIONS]


async def main(args: argparse.Namespace) -> dict[str, Any]:
    imported = time.perf_counter()
    from benchmarks._common import memory_kib, summary_ms
    from bot.app import App
    from bot.commands.spec import Invocation
    from bot.config import Settings
    from bot.discord_app import client as _runtime  # noqa: F401  (the bot imports discord.py to serve)
    from bot.query import index as query_index
    from bot.reply.payload import render_payload
    from bot.store import Store

    import_seconds = time.perf_counter() - imported
    watch = _Stopwatch()
    watch.wrap_async(Store, "snapshot", "snapshot")
    watch.wrap_sync(query_index.CorpusIndex, "build", "index_build")
    index_cache: ModuleType | None
    try:
        from bot.query import cache as index_cache
    except ImportError:  # no warm start in this version: every start builds the index
        index_cache = None
    else:
        watch.wrap_sync(index_cache, "load", "index_load")
    try:
        from bot.query import builder as index_builder
    except ImportError:  # every build runs in this process in this version
        pass
    else:
        watch.wrap_async(index_builder.IndexBuilder, "build", "index_build_child")

    mix: list[dict[str, str]] = json.loads(args.mix.read_text(encoding="utf-8"))
    queries = [item["q"] for item in mix]
    invocation = Invocation()
    from bot.dburl import local_path, parse_target

    settings = Settings(db_path=parse_target(args.db), seeds_dir=local_path(args.db).parent / "no-seeds",
                        ask_second_reader=not args.no_second_reader)

    opened = time.perf_counter()
    app = await App.open(settings, seed_if_empty=False)
    open_seconds = time.perf_counter() - opened
    first = time.perf_counter()
    render_payload(await app.handle("initiative", {"query": queries[0]}, invocation), 0)
    first_answer_seconds = time.perf_counter() - first
    ready_wall = time.time()
    memory_ready = memory_kib()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux: the index builder
    if children:
        memory_ready["children_VmHWM"] = children
    startup = {
        "seconds": ready_wall - args.launched,
        "interpreter": max(0.0, _STARTED_WALL - args.launched),
        "imports": import_seconds,
        "app_open": open_seconds,
        "first_answer": first_answer_seconds,
        "index_loaded_from_cache": getattr(app, "index_loaded_from_cache", False),
        **watch.seconds,
    }
    if args.startup_only:  # the cold start: closing waits for the saved index the next start loads
        closing = time.perf_counter()
        await app.close()
        startup["save_for_next_start"] = time.perf_counter() - closing
        return {"startup": startup, "memory_kib": {"ready": memory_ready}}
    _progress(f"ready after {ready_wall - args.launched:.1f} s ({memory_ready.get('VmHWM', 0) // 1024} MiB); "
              f"timing {len(queries)} /initiative queries …")

    async def initiative(query: str) -> Any:
        reply = await app.handle("initiative", {"query": query}, invocation)
        return render_payload(reply, 0)  # what the Discord side sends

    def autocomplete(query: str) -> list[tuple[str, str]]:
        return app.autocomplete("initiative", "query", query)

    async def funding(options: dict[str, str]) -> Any:
        return render_payload(await app.handle("funding", options, invocation), 0)

    async def ask(question: str) -> Any:
        return render_payload(await app.handle("ask", {"question": question}, invocation), 0)

    initiative_times, _ = await _time_each(queries, initiative)
    _progress("… autocomplete …")
    autocomplete_times, choices = await _time_each(queries, autocomplete)
    _progress("… /funding with a query …")
    topics = [item["q"] for item in mix if item["kind"] in ("title", "body")][:FUNDING_TOPICS]
    funding_query_times: list[float] = []
    budget_end = time.perf_counter() + FUNDING_TOPIC_SECONDS
    for topic in topics:
        if len(funding_query_times) >= 30 and time.perf_counter() > budget_end:
            break
        funding_query_times += (await _time_each([{"query": topic}], funding))[0]
    _progress("… /ask …")
    ask_times: list[float] = []
    budget_end = time.perf_counter() + ASK_SECONDS
    for question in _ask_questions(mix):
        if len(ask_times) >= 100 and time.perf_counter() > budget_end:
            break
        ask_times += (await _time_each([question], ask))[0]
    _progress("… /funding with no query …")
    funding_all_times: list[float] = []
    budget_end = time.perf_counter() + FUNDING_ALL_SECONDS
    while len(funding_all_times) < FUNDING_ALL_RUNS and (len(funding_all_times) < 3
                                                         or time.perf_counter() < budget_end):
        funding_all_times += (await _time_each([{}], funding))[0]
    memory_queries = memory_kib()
    answered = sum(1 for c in choices if c)

    by_kind: dict[str, dict[str, Any]] = {}
    for kind in sorted({item["kind"] for item in mix}):
        rows = [i for i, item in enumerate(mix) if item["kind"] == kind]
        by_kind[kind] = {
            "initiative": summary_ms([initiative_times[i] for i in rows]),
            "autocomplete": summary_ms([autocomplete_times[i] for i in rows]),
            "autocomplete_answered": sum(1 for i in rows if choices[i]) / len(rows),
        }

    index = app.index
    if args.quality:
        _progress("… query-quality cases …")
    quality = _quality(index) if args.quality else {}
    counts = {"documents": len(index.documents), "initiatives": len(index.initiatives),
              "funding": len(index.funding),
              # /ask's second reader (bot/reader): on only where every initiative has a vector and the library is
              # within reader_max_initiatives; 0 when off
              "second_reader_vectors": len(getattr(app, "reader", None) or ())}
    await app.close()
    del choices
    gc.collect()

    baselines = _baselines(index, queries, args.baseline_queries, autocomplete_times)
    return {
        "counts": counts,
        "startup": startup,
        "memory_kib": {"ready": memory_ready, "after_queries": memory_queries},
        "initiative": summary_ms(initiative_times),
        "autocomplete": summary_ms(autocomplete_times),
        "autocomplete_answered": answered / len(queries),
        "by_kind": by_kind,
        "funding_query": summary_ms(funding_query_times),
        "funding_all": summary_ms(funding_all_times),
        "ask": summary_ms(ask_times),
        "baselines": baselines,
        "quality": quality,
    }


def _quality(index: Any) -> dict[str, Any]:
    """The query-quality cases (expected answers in the 40 real sheets) against this index."""
    try:
        from tests.test_query_quality import KINDS, TOP1_TARGET, TOP5_TARGET, evaluate, load_cases
    except ImportError:  # the tests are not shipped with an installed copy
        return {}
    cases = load_cases()
    top1, top5, failures = evaluate(index, cases)
    missed = [f.case.kind for f in failures]
    per_kind = ", ".join(f"{kind} {sum(c.kind == kind for c in cases) - missed.count(kind)}/"
                         f"{sum(c.kind == kind for c in cases)}" for kind in KINDS)
    return {"cases": len(cases), "top1": top1, "top5": top5, "top1_target": TOP1_TARGET,
            "top5_target": TOP5_TARGET, "by_kind": per_kind,
            "not_first": [f.describe().splitlines()[0] for f in failures][:20]}


def _baselines(index: Any, queries: list[str], wanted: int, autocomplete_times: list[float]) -> dict[str, Any]:
    """Brute force (rapidfuzz WRatio over every title and text) and difflib, on a fixed subsample."""
    from rapidfuzz import fuzz, process, utils

    from benchmarks._common import summary_ms

    wanted = max(1, min(wanted, len(queries)))
    step = len(queries) / wanted
    rows = [int(i * step) for i in range(wanted)]
    sample = [queries[i] for i in rows]

    prepared = time.perf_counter()
    titles = [utils.default_process(r.title) for r in index.initiatives]
    titles += [utils.default_process(d.title) for d in index.documents]
    everything = titles + [utils.default_process(r.text) for r in index.initiatives]
    prepare_seconds = time.perf_counter() - prepared

    def brute(query: str) -> Any:
        return process.extract(utils.default_process(query), everything, scorer=fuzz.WRatio, processor=None,
                               limit=BASELINE_LIMIT)

    def close_matches(query: str) -> Any:
        return difflib.get_close_matches(utils.default_process(query), titles, n=BASELINE_LIMIT, cutoff=0.6)

    _progress(f"… baselines: {wanted} queries over {len(everything):,} strings …")
    brute_times = [_clock(brute, q) for q in sample]
    difflib_times = [_clock(close_matches, q) for q in sample]
    return {
        "queries": wanted,
        "rows": rows,
        "strings_brute": len(everything),
        "strings_difflib": len(titles),
        "prepare_seconds": prepare_seconds,
        "brute_force": summary_ms(brute_times),
        "difflib": summary_ms(difflib_times),
        "autocomplete_same_queries": summary_ms([autocomplete_times[i] for i in rows]),
    }


def _clock(call: Callable[[str], Any], query: str) -> float:
    started = time.perf_counter()
    call(query)
    return time.perf_counter() - started


if __name__ == "__main__":
    options = _parse_args()
    result = asyncio.run(main(options))
    from benchmarks._common import memory_kib, write_json

    result["memory_kib"]["end"] = memory_kib()
    write_json(options.out, result)
