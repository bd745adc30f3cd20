"""The parser's and the store's shortcuts give exactly what the plain way gives.

Ingest skips work where it can (a substring test before a regex pass, sentences read only as
far as needed, funding rows stored with their parent ids in one go, a read buffer the size of
the file). Each shortcut is checked here against the straightforward version it replaces, on
arbitrary text, so a reader never sees a different title, text, sentence or total.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.ingest import ParseError, parse_file
from bot.ingest._normalize import _ABBREVIATIONS as ABBREVIATIONS
from bot.ingest._normalize import collapse_whitespace, escape_line_starts, single_spaces, split_sentences
from bot.pipeline import ingest_paths
from bot.store import SqliteStore, Store, prepare_rows
from bot.store._fts import plain_text
from tests.test_store import make_doc, mention

# Text made mostly of the characters the shortcuts look for, so their edge cases come up often.
MARKUP = st.text(
    alphabet=st.sampled_from(list("ab AZ.!?…:#>-+*_~`|\\[]()\n\t\"“”’'1٣\u3000\u00a0\u2028")),
    max_size=40,
)
SENTENCES = st.lists(
    st.sampled_from(["The U.S. Customs", " office", ". ", "Dr. Gupta", " said", "! ", "? ", "\n", "Jan. 6",
                     " A. ", "(J.R.R.) ", "“Yes.” ", "e.g. ", "it", "Mr", ". the", "…", "  ", "x.Y. "]),
    max_size=14,
).map("".join)


# ---- text clean-up -------------------------------------------------------------------------------


@given(MARKUP)
@settings(max_examples=400, deadline=None)
def test_single_spaces_is_the_regex_collapse(text: str) -> None:
    assert single_spaces(text) == re.sub(r"\s+", " ", text).strip()


@given(MARKUP)
@settings(max_examples=400, deadline=None)
def test_collapse_whitespace_matches_the_full_regex_passes(text: str) -> None:
    expected = re.sub(r" {2,}", " ", text)
    expected = re.sub(r" *\n *", "\n", expected)
    expected = re.sub(r"\n{3,}", "\n\n", expected).strip()
    assert collapse_whitespace(text) == expected


@given(MARKUP)
@settings(max_examples=400, deadline=None)
def test_line_start_escaping_matches_the_regex_on_every_line(text: str) -> None:
    expected = re.sub(r"(?m)^([ ]*)(#|>|[-+*](?=[ #]|$)|\d+[.)](?= |$))", r"\1\\\2", text)
    assert escape_line_starts(text) == expected


@given(st.lists(st.sampled_from(["**", "__", "~~", "\\*", "\\", "[a](https://x.gov)", "](", "word", " "]),
                max_size=10).map("".join))
@settings(max_examples=400, deadline=None)
def test_search_text_strips_markdown_like_the_three_regex_passes(markdown: str) -> None:
    text = re.sub(r"\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*\)", r"\1", markdown)
    text = re.sub(r"\*\*|__|~~", "", text)
    assert plain_text(markdown) == re.sub(r"\\([\\`*_{}\[\]()#+\-.!|~>])", r"\1", text)


# ---- sentences -----------------------------------------------------------------------------------


def reference_sentences(text: str) -> list[str]:
    """Sentence splitting as first written: every boundary tested with the initials pattern."""
    end_re = re.compile(r"[.!?…]+[\"”’')\]]*[ ]+|\n+")
    initials_re = re.compile(r"(?:^|[\s(\"“])(?:[A-Za-z]\.)+[A-Za-z]?\.?$")
    spans: list[tuple[int, int]] = []
    start = 0
    for match in end_re.finditer(text):
        cut = match.end()
        if cut >= len(text):
            break
        if match.group()[0] != "\n":
            if text[cut].islower():
                continue
            head = text[max(start, match.start() - 12):match.start() + 1]
            word = head.rsplit(None, 1)[-1].lstrip("(\"“") if head.strip() else ""
            if word.endswith(".") and (word[:-1].lower() in ABBREVIATIONS or initials_re.search(" " + word)):
                continue
        piece_end = match.start() + len(match.group().rstrip())
        if text[start:piece_end].strip():
            spans.append((start, piece_end))
        start = cut
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return [text[a:b].strip() for a, b in spans]


@given(SENTENCES)
@settings(max_examples=500, deadline=None)
def test_sentences_split_where_the_plain_splitter_splits(text: str) -> None:
    assert split_sentences(text) == reference_sentences(text)


def test_initials_and_abbreviations_still_do_not_end_a_sentence() -> None:
    text = "The U.S. Customs office and Dr. Gupta met J. Smith. Then the A.I. lab opened. Done!"
    assert split_sentences(text) == [
        "The U.S. Customs office and Dr. Gupta met J. Smith.", "Then the A.I. lab opened.", "Done!"]


# ---- reading a file ------------------------------------------------------------------------------


SHEET = "---\ntitle: Growing sheet\ndate: 2024-01-01\n---\n- **First thing.** Does A.\n"


def test_a_sheet_that_grows_while_being_read_is_read_whole(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "sheet.md"
    path.write_text(SHEET + "- **Second thing.** Added while ingest ran.\n", encoding="utf-8")
    real_stat = Path.stat
    # The size check sees the file as it was a moment before the rest was written.
    monkeypatch.setattr(Path, "stat", lambda self, **kw: _ShrunkStat(real_stat(self, **kw), len(SHEET)))
    doc = parse_file(path, max_bytes=10_000)
    assert [i.title for i in doc.initiatives] == ["First thing", "Second thing"]


def test_a_sheet_that_grows_past_the_limit_while_being_read_is_rejected(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "sheet.md"
    path.write_text(SHEET + "- more\n" * 400, encoding="utf-8")
    real_stat = Path.stat
    monkeypatch.setattr(Path, "stat", lambda self, **kw: _ShrunkStat(real_stat(self, **kw), len(SHEET)))
    with pytest.raises(ParseError, match="over the 2 KB limit"):
        parse_file(path, max_bytes=2048)


class _ShrunkStat:
    """An os.stat_result reporting a smaller size, as seen just before the file grew."""

    def __init__(self, real: object, size: int) -> None:
        self._real = real
        self.st_size = size

    def __getattr__(self, name: str) -> object:
        return getattr(self._real, name)


# ---- funding parents -----------------------------------------------------------------------------


def stored_parts(db: Path) -> list[tuple[str, str, str]]:
    """(document, part, the amount its parent row holds) for every part, read straight from SQL."""
    with sqlite3.connect(db) as conn:
        return conn.execute(
            """SELECT d.title, f.text, p.text FROM funding f JOIN funding p ON p.id = f.parent_id
                 JOIN documents d ON d.id = f.document_id
                WHERE p.document_id = f.document_id ORDER BY d.title, f.position"""
        ).fetchall()


async def test_parts_point_at_their_own_documents_amounts_across_updates(tmp_db: Path) -> None:
    first = make_doc()
    second = make_doc(url="https://example.gov/other", title="Other sheet", content_hash="h2")
    async with await Store.open(tmp_db) as store:
        await store.ingest(first)
        await store.ingest(second)
        await store.ingest(make_doc(content_hash="changed"))  # replaces the first, new rows at the end
    # Parts point at their whole and repeats at their first mention, each in its own sheet.
    assert stored_parts(tmp_db) == [
        ("FACT SHEET: Fighting Illicit Drug Trafficking", "$305 million", "$535 million"),
        ("FACT SHEET: Fighting Illicit Drug Trafficking", "$535 million", "$535 million"),
        ("Other sheet", "$305 million", "$535 million"),
        ("Other sheet", "$535 million", "$535 million"),
    ]


async def test_a_part_listed_before_its_whole_is_still_linked(tmp_db: Path) -> None:
    funding = [
        mention(305e6, "$305 million", 0, initiative=1, counted=False, reason="part of $535 million", parent=1),
        mention(535e6, "$535 million", 1, initiative=1),
    ]
    async with await Store.open(tmp_db) as store:
        await store.ingest(make_doc(funding=funding))
        snap = await store.snapshot()
    part, whole = snap.funding
    assert part.parent_id == whole.id and whole.parent_id is None


# ---- storing a batch of sheets in one hop --------------------------------------------------------


async def test_each_sheet_of_a_batch_commits_or_fails_on_its_own(store: Store, tmp_db: Path) -> None:
    good = prepare_rows(make_doc())
    broken = prepare_rows(make_doc(url="https://example.gov/broken", title="Broken sheet", content_hash="b",
                                   funding=[mention(1e6, "$1 million", 0), mention(2e6, "$2 million", 0)]))
    other = prepare_rows(make_doc(url="https://example.gov/other", title="Other sheet", content_hash="h2"))
    first, failed, last = await store.ingest_batch([good, broken, other])
    assert isinstance(failed, sqlite3.IntegrityError)
    assert not isinstance(first, Exception) and not isinstance(last, Exception)
    assert (first.status, last.status) == ("added", "added")
    with sqlite3.connect(tmp_db) as conn:
        titles = [row[0] for row in conn.execute("SELECT title FROM documents ORDER BY id")]
        amounts = conn.execute("SELECT count(*) FROM funding WHERE text LIKE '$_ million'").fetchone()[0]
    assert titles == ["FACT SHEET: Fighting Illicit Drug Trafficking", "Other sheet"]
    assert amounts == 0  # nothing of the broken sheet is left behind
    assert await store.data_version() == 2


async def test_a_later_file_with_the_same_source_url_replaces_the_earlier_one_in_a_pooled_run(
        tmp_path: Path, tmp_db: Path, shared_dir: Path) -> None:
    sources = sorted((shared_dir / "corpus").glob("*.md"))[:24]
    folder = tmp_path / "sheets"
    folder.mkdir()
    for source in sources:
        (folder / source.name).write_bytes(source.read_bytes())
    # A copy of the first sheet, edited, sorted last: same source_url, newer text.
    edited = sources[0].read_text(encoding="utf-8").replace("\n---\n", "\n---\n\nEdited intro.\n\n", 1)
    (folder / "zz-edited-copy.md").write_text(edited, encoding="utf-8")
    async with await Store.open(tmp_db) as store:
        summary = await ingest_paths(store, [folder], max_bytes=2_000_000, report=lambda line: None, workers=2)
        count = await store.document_count()
    assert (summary.added, summary.updated, summary.rejected) == (24, 1, [])
    assert summary.same_identity == [(str(folder / "zz-edited-copy.md"), str(folder / sources[0].name))]
    assert count == 24
    with sqlite3.connect(tmp_db) as conn:
        (path,) = conn.execute("SELECT path FROM documents WHERE body_text LIKE 'Edited intro.%'").fetchone()
    assert path == str(folder / "zz-edited-copy.md")


async def test_a_bulk_ingest_checkpoints_less_often_only_while_it_runs(tmp_db: Path, shared_dir: Path) -> None:
    async with await Store.open(tmp_db) as store:
        assert isinstance(store, SqliteStore)  # the write-ahead log is SQLite's
        before = list(await store.connection.execute_fetchall("PRAGMA wal_autocheckpoint"))
        summary = await ingest_paths(store, [shared_dir / "corpus"], max_bytes=2_000_000, workers=2,
                                     report=lambda line: None)
        after = list(await store.connection.execute_fetchall("PRAGMA wal_autocheckpoint"))
        async with store.bulk_mode(4000):
            during = list(await store.connection.execute_fetchall("PRAGMA wal_autocheckpoint"))
        assert await store.document_count() == summary.added > 20
    assert before == after == [(1000,)]
    assert during == [(4000,)]
