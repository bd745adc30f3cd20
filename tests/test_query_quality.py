"""Does /initiative find what a reader would point at? Measured over the 40 real fact sheets.

The cases in ``tests/data/query_quality.toml`` were written by reading the documents: acronyms,
typos, words only found in an initiative's body, title words and natural questions. The
acceptance bar is top-1 >= 95% and top-5 = 100%.

``load_cases`` and ``evaluate`` are plain functions so a benchmark can reuse them against any
``CorpusIndex`` (for example the real corpus plus tens of thousands of synthetic sheets).
"""

from __future__ import annotations

import asyncio
import inspect
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHARED_DIR

CASES_FILE = Path(__file__).resolve().parent / "data" / "query_quality.toml"
CORPUS_DIR = SHARED_DIR / "corpus"
KINDS = ("acronym", "typo", "body", "title", "multiword")
# The mix the table is meant to keep: enough of each kind that one kind cannot hide another.
MIN_PER_KIND = {"acronym": 15, "typo": 15, "body": 15, "title": 15, "multiword": 10}
TOP1_TARGET = 0.95
TOP5_TARGET = 1.0
RESULT_LIMIT = 5


@dataclass(frozen=True, slots=True)
class QueryCase:
    query: str
    kind: str
    document: str  # file name in corpus/
    title: str  # beginning of the expected initiative's title, as read


@dataclass(frozen=True, slots=True)
class Failure:
    """A case whose expected initiative was not the first result."""

    case: QueryCase
    rank: int | None  # 0-based position among the results, None when absent
    got: tuple[tuple[str, str], ...]  # (document file name, initiative title) of each result

    def describe(self) -> str:
        where = "not in top 5" if self.rank is None else f"rank {self.rank + 1}"
        lines = [
            f"[{self.case.kind}] {self.case.query!r} ({where})",
            f"    expected: {self.case.document} :: {self.case.title}",
        ]
        lines += [f"    got {i + 1}: {doc} :: {title}" for i, (doc, title) in enumerate(self.got)]
        if not self.got:
            lines.append("    got: no results")
        return "\n".join(lines)


# ---- folding (independent of the code under test) ------------------------------------------

_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def fold(text: str) -> str:
    """Case-, accent-, quote- and whitespace-insensitive form used to compare titles."""
    text = unicodedata.normalize("NFKD", text.replace("\u00a0", " "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _INVISIBLE.sub("", text).translate(_QUOTES).casefold()
    return " ".join(text.split())


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>$&\"'])")


def plain_text(markdown: str) -> str:
    """Rough reading text of a fact sheet: links reduced to their text, emphasis and tags gone.

    Only used to check the case table against the documents, so it needs to be good enough for
    a human-written title prefix to be found, not a full Markdown renderer.
    """
    text = _LINK.sub(r"\1", markdown)
    text = _TAG.sub(" ", text)
    text = _ESCAPE.sub(r"\1", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", text)
    return " ".join(text.split())


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold(text))


# ---- the table and the harness --------------------------------------------------------------


def load_cases(path: Path = CASES_FILE) -> list[QueryCase]:
    """The case table, on its own (no project code needed)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [QueryCase(query=c["query"], kind=c["kind"], document=c["document"], title=c["title"])
            for c in data["case"]]


def corpus_files(corpus_dir: Path = CORPUS_DIR) -> list[Path]:
    """The fact sheets of the corpus (SOURCES.md describes them and is not one)."""
    return sorted(p for p in corpus_dir.glob("*.md") if p.name != "SOURCES.md")


def case_matches(case: QueryCase, document_path: str, initiative_title: str) -> bool:
    """Same document file and the title starts with the expected beginning (folded)."""
    return Path(document_path).name == case.document and fold(initiative_title).startswith(fold(case.title))


def evaluate(index: Any, cases: Iterable[QueryCase], *, limit: int = RESULT_LIMIT
             ) -> tuple[float, float, list[Failure]]:
    """Run every case through ``index.find_initiatives``; return (top-1, top-5, failures).

    Rates are fractions of the cases; failures are the cases that did not come first, in table
    order, with what came back instead.
    """
    cases = list(cases)
    top1 = top5 = 0
    failures: list[Failure] = []
    for case in cases:
        matches = list(index.find_initiatives(case.query, limit=limit))[:limit]
        got = tuple((Path(m.document.path).name, m.initiative.title) for m in matches)
        rank = next((i for i, (doc, title) in enumerate(got) if case_matches(case, doc, title)), None)
        if rank == 0:
            top1 += 1
        if rank is not None:
            top5 += 1
        if rank != 0:
            failures.append(Failure(case=case, rank=rank, got=got))
    total = len(cases) or 1
    return top1 / total, top5 / total, failures


def report(top1: float, top5: float, failures: Sequence[Failure], cases: Sequence[QueryCase]) -> str:
    """Figures, first-place hits per kind, then every case that did not come first."""
    missed = Counter(f.case.kind for f in failures)
    kinds = Counter(c.kind for c in cases)
    per_kind = ", ".join(f"{k} {kinds[k] - missed[k]}/{kinds[k]}" for k in KINDS if kinds[k])
    head = (f"top-1 {top1:.1%}, top-5 {top5:.1%} over {len(cases)} queries "
            f"({len(failures)} not first; first by kind: {per_kind})")
    return "\n".join([head, *(f.describe() for f in failures)])


# ---- building the index the way the app does --------------------------------------------------


def _pipeline_parts() -> tuple[Any, Any, Any]:
    """The store, pipeline and index entry points the app builds its index with."""
    from bot.pipeline import ingest_paths
    from bot.query import CorpusIndex
    from bot.store import Store

    return Store, ingest_paths, CorpusIndex


@dataclass(frozen=True, slots=True)
class CorpusBuild:
    snapshot: Any
    index: Any
    rejections: tuple[str, ...]  # what the pipeline reported while ingesting


async def _build(db_path: Path, files: list[Path]) -> CorpusBuild:
    from bot.config import Settings

    store_cls, ingest_paths, corpus_index_cls = _pipeline_parts()
    rejections: list[str] = []
    store = await store_cls.open(db_path)
    try:
        outcome = ingest_paths(store, files, max_bytes=Settings().max_file_bytes, progress=False,
                               report=rejections.append)
        if inspect.isawaitable(outcome):
            await outcome
        snapshot = await store.snapshot()
    finally:
        await store.close()
    return CorpusBuild(snapshot, corpus_index_cls.build(snapshot), tuple(rejections))


@pytest.fixture(scope="module")
def real_corpus(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> CorpusBuild:
    """../shared/corpus ingested once into a fresh database, and the index built from it."""
    _pipeline_parts()
    files = corpus_files()
    assert files, f"no fact sheets found in {CORPUS_DIR}"
    db_path = tmp_path_factory.mktemp("query-quality") / "corpus.db"
    return asyncio.run(_build(db_path, files))


# ---- the table itself (no code under test) ----------------------------------------------------


def test_case_table_has_the_intended_spread() -> None:
    cases = load_cases()
    kinds = Counter(c.kind for c in cases)
    assert set(kinds) <= set(KINDS), f"unknown kinds: {set(kinds) - set(KINDS)}"
    short = {k: (kinds[k], n) for k, n in MIN_PER_KIND.items() if kinds[k] < n}
    assert not short, f"too few cases of some kinds (have, want): {short}"
    assert len(cases) >= 70
    assert len({c.document for c in cases}) >= 25
    duplicates = [q for q, n in Counter(fold(c.query) for c in cases).items() if n > 1]
    assert not duplicates, f"queries listed twice: {duplicates}"


@pytest.mark.requires_shared
def test_every_expectation_is_backed_by_its_document() -> None:
    """Each expected title is really in the named fact sheet, and each kind is what it claims."""
    texts: dict[str, str] = {}
    problems: list[str] = []
    for case in load_cases():
        path = CORPUS_DIR / case.document
        if not path.is_file():
            problems.append(f"{case.query!r}: no such document {case.document}")
            continue
        if case.document not in texts:
            texts[case.document] = fold(plain_text(path.read_text(encoding="utf-8")))
        text = texts[case.document]
        query, prefix = fold(case.query), fold(case.title)
        if prefix not in text:
            problems.append(f"{case.query!r}: title {case.title!r} not found in {case.document}")
        if case.kind == "acronym" and f"({query})" not in text:
            problems.append(f"{case.query!r}: not defined as 'Full Name ({case.query})' in {case.document}")
        if case.kind == "typo" and query in text:
            problems.append(f"{case.query!r}: is spelled correctly in {case.document}, not a typo")
        if case.kind == "body" and (query not in text or query in prefix):
            problems.append(f"{case.query!r}: should be in {case.document} but not in the title")
        if case.kind == "title" and not set(_words(case.query)) <= set(_words(case.title)):
            problems.append(f"{case.query!r}: has words that are not in the title {case.title!r}")
    assert not problems, "\n".join(problems)


# ---- the code under test ---------------------------------------------------------------------


def test_every_fact_sheet_is_indexed(real_corpus: CorpusBuild) -> None:
    indexed = {Path(d.path).name for d in real_corpus.snapshot.documents}
    missing = sorted({p.name for p in corpus_files()} - indexed)
    assert not missing, (f"fact sheets that did not make it into the index: {missing}\n"
                         + "\n".join(real_corpus.rejections))


def test_initiative_lookup_quality_on_real_corpus(real_corpus: CorpusBuild) -> None:
    cases = load_cases()
    top1, top5, failures = evaluate(real_corpus.index, cases)
    summary = report(top1, top5, failures, cases)
    print(summary)
    assert top1 >= TOP1_TARGET and top5 >= TOP5_TARGET, summary
