"""The saved index is read as data, checked part by part, and tied to the database's content.

Whoever can write the database's folder can write the index file beside it: the file must never
run code, a damaged byte must not change an answer, and an index of other data must not be
served just because the data version happens to be the same.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.app import App
from bot.commands.spec import Invocation
from bot.config import Settings
from bot.ingest import parse_document
from bot.query import cache
from bot.query.cache import cache_path
from bot.store import Store

QUANTUM = b"""---
title: "FACT SHEET: Quantum Networking Testbeds"
source_url: https://example.gov/quantum-testbeds
date: '2026-11-20'
---

-   **Launching the Quantum Networking Testbed Program (QNTP).** The QNTP will provide $40 million.
"""

LEVEES = b"""---
title: "FACT SHEET: Coastal Levee Repairs"
source_url: https://example.gov/coastal-levees
date: '2026-11-21'
---

-   **Repairing Gulf Coast levees.** The Army Corps of Engineers will spend $70 million.
"""


async def _ingest(db_path: Path, raw: bytes, name: str) -> int:
    store = await Store.open(db_path)
    try:
        await store.ingest(parse_document(raw, name))
        return await store.data_version()
    finally:
        await store.close()


async def _answer(app: App, command: str, **options: str) -> str:
    page = (await app.handle(command, options, Invocation())).pages[0]
    parts = [page.content or ""]
    for embed in page.embeds:
        parts += [embed.title or "", embed.description or ""]
        parts += [f"{field.name} {field.value}" for field in embed.fields]
    return "\n".join(parts)


def _copy_database(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def _restore_database(backup: Path, db_path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(backup, db_path)


# ---- same data version, other content ----------------------------------------------------------


async def test_every_change_draws_a_new_generation_in_its_own_transaction(tmp_db: Path) -> None:
    store = await Store.open(tmp_db)
    try:
        seen = {(await store.data_state())[1]}
        added = await store.ingest(parse_document(QUANTUM, "quantum.md"))
        seen.add((await store.data_state())[1])
        await store.ingest(parse_document(QUANTUM, "quantum.md"))  # unchanged: no change, same generation
        assert (await store.data_state())[1] in seen
        await store.remove_document(added.document_id)
        seen.add((await store.data_state())[1])
        assert len(seen) == 3 and "" in seen  # a new database has none until its first change
        with pytest.raises(ValueError):
            await store.set_meta("generation", "forged")
    finally:
        await store.close()


async def test_a_restored_older_database_is_not_answered_from_the_newer_index(tmp_path: Path) -> None:
    """Restore a backup, ingest one file: the data version is what it was, the content is not."""
    db = tmp_path / "bot.db"
    settings = Settings(db_path=db)
    await (await App.open(settings)).close()  # the seed
    backup = tmp_path / "backup.db"
    _copy_database(db, backup)

    version_with_quantum = await _ingest(db, QUANTUM, "quantum.md")
    app = await App.open(settings)  # `briefbot ask`: builds and saves the index of this content
    assert "Quantum Networking" in await _answer(app, "sources")
    await app.close()

    _restore_database(backup, db)
    assert await _ingest(db, LEVEES, "levees.md") == version_with_quantum

    app = await App.open(settings)
    try:
        assert not app.index_loaded_from_cache
        sources = await _answer(app, "sources")
        assert "Coastal Levee Repairs" in sources and "Quantum Networking" not in sources
        funding = await _answer(app, "funding")
        assert "$2.82 billion" in funding  # the seed's $2.75 billion + $70 million, not + $40 million
    finally:
        await app.close()


async def test_the_bot_catches_up_with_a_restored_database_at_the_same_data_version(tmp_path: Path) -> None:
    """The long-running bot may start from an older saved index, but must then rebuild."""
    db = tmp_path / "bot.db"
    settings = Settings(db_path=db)
    await (await App.open(settings)).close()
    backup = tmp_path / "backup.db"
    _copy_database(db, backup)
    await _ingest(db, QUANTUM, "quantum.md")
    await (await App.open(settings)).close()  # saved: the index with the quantum sheet
    _restore_database(backup, db)
    await _ingest(db, LEVEES, "levees.md")

    bot = await App.open(settings, accept_older_index=True)
    try:
        await bot.refresh_if_changed(debounce=False)
        sources = await _answer(bot, "sources")
        assert "Coastal Levee Repairs" in sources and "Quantum Networking" not in sources
    finally:
        await bot.close()


# ---- damaged bytes -----------------------------------------------------------------------------


def _part_spans(path: Path) -> list[tuple[str, int, int, int]]:
    """(name, start of its line, start of its data, end of its data) for every part of the file."""
    spans = []
    with path.open("rb") as handle:
        handle.readline()
        handle.readline()
        while (line := handle.readline()) != b'{"end": true}\n':
            start = handle.tell() - len(line)
            data_start = handle.tell()
            while (size := int.from_bytes(handle.read(8), "little") - 1) >= 0:
                handle.seek(size, 1)
            data_end = handle.tell()
            handle.seek(hashlib.sha256().digest_size, 1)
            spans.append((json.loads(line)[0], start, data_start, data_end))
    return spans


def _flip(path: Path, offset: int) -> bytes:
    data = bytearray(path.read_bytes())
    original = bytes(data)
    data[offset] ^= 0x20
    path.write_bytes(bytes(data))
    return original


async def test_a_flipped_byte_in_any_part_means_a_rebuild_not_a_wrong_answer(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    db = tmp_path / "bot.db"
    settings = Settings(db_path=db)
    first = await App.open(settings)
    instance = await first.store.get_meta("instance_id")
    version = await first.store.data_version()
    await first.close()
    path = cache_path(db)
    spans = _part_spans(path)
    assert len(spans) > 50 and {"f_amount", "documents.title", "fields.prefix_top"} <= {s[0] for s in spans}

    for name, line_start, data_start, data_end in spans:
        # A byte of the part's data (past the first 8-byte length), else of its line.
        offset = data_start + 8 + (data_end - data_start - 16) // 2 if data_end - data_start > 16 else line_start + 2
        original = _flip(path, offset)
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="bot.query.cache"):
            assert cache.load(path, instance=str(instance), version=version) is None, name
        warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1, (name, warnings)
        if data_end - data_start > 16:
            assert f"part {name!r} does not match its checksum" in warnings[0]
        path.write_bytes(original)

    # What a user would have seen: one flipped byte in an amount, and the total was a thousandfold off.
    name, _, data_start, _ = next(span for span in spans if span[0] == "f_amount")
    _flip(path, data_start + 8 + 6)  # the exponent byte of the first amount
    app = await App.open(settings)
    try:
        assert not app.index_loaded_from_cache
        assert "at least $2.75 billion" in await _answer(app, "funding")
    finally:
        await app.close()


# ---- a file that would run code ----------------------------------------------------------------


class _Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[[Path, str], int], tuple[Path, str]]:
        return (Path.write_text, (self.marker, "code ran"))


async def test_a_crafted_index_file_never_runs_code(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    db = tmp_path / "bot.db"
    settings = Settings(db_path=db)
    await (await App.open(settings)).close()
    path = cache_path(db)
    magic, header = path.read_bytes().split(b"\n", 2)[:2]  # a header that matches this database
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Payload(marker))
    part = json.dumps(["version", "pickle", None]).encode() + b"\n"
    part += (len(payload) + 1).to_bytes(8, "little") + payload + (0).to_bytes(8, "little")
    path.write_bytes(magic + b"\n" + header + b"\n" + part + hashlib.sha256(part).digest() + b'{"end": true}\n')

    with caplog.at_level(logging.WARNING, logger="bot.query.cache"):
        app = await App.open(settings)
    try:
        assert not marker.exists()
        assert not app.index_loaded_from_cache
        assert "at least $2.75 billion" in await _answer(app, "funding")
        assert any("ignoring the saved index" in r.getMessage() for r in caplog.records)
    finally:
        await app.close()


async def test_the_saved_file_holds_no_pickle(tmp_path: Path) -> None:
    """Every part is an array, a list of strings or blobs, or JSON: nothing a loader could run."""
    db = tmp_path / "bot.db"
    settings = Settings(db_path=db)
    await (await App.open(settings)).close()
    path = cache_path(db)
    kinds = set()
    with path.open("rb") as handle:
        for _name, line_start, _, _ in _part_spans(path):
            handle.seek(line_start)
            kinds.add(json.loads(handle.readline())[1])
    assert kinds <= {"array", "strings", "blobs", "json"}, kinds
