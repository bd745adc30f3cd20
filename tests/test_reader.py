"""/ask's second reader (bot/reader): the sentence model, its vectors in the store, and the rule that lets it cover a
question the word index leaves uncovered only where both readers agree on the sheet."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from pathlib import Path

import numpy as np
import pytest

from bot import reader
from bot.app import App
from bot.cli import main as cli_main
from bot.commands.spec import Invocation
from bot.config import Settings
from bot.dburl import parse_target
from bot.query import CorpusIndex
from bot.query.answer import answer
from bot.query.question import read_question
from bot.store import Store
from tests.test_ask import TODAY, _small_library
from tests.test_commands_replies import everything, payloads

needs_model = pytest.mark.skipif(reader.model_id() is None,
                                 reason=f"the sentence model package {reader.MODEL_PACKAGE} is not installed "
                                        "(./test.sh installs it)")

PERMITS = """---
title: "Fact Sheet: President Biden Speeds Up Permitting for Clean Energy"
date: '2024-04-10'
---

- **Faster Permitting.** The Council on Environmental Quality will lead NEPA reviews to speed permitting for clean
  energy projects, with $20 million for agency staff.
- **Transmission Lines.** The Department of Energy will site new transmission lines on federal land.
"""

HOSPITALS = """---
title: "Fact Sheet: New Grants for Rural Hospitals"
date: '2025-06-02'
---

- **Rural Hospitals.** HHS announced $50 million in new grants to keep rural hospitals open.
"""

BRIDGES = """---
title: "Fact Sheet: Rebuilding Bridges in Ohio"
date: '2025-07-01'
---

- **Bridge Repair.** The Department of Transportation will repair 300 bridges across Ohio with $1 billion.
"""

# "overhaul" and "coordinating" are in no sheet: the word index finds the permitting sheet holding part of the topic
# and says the library does not cover the question.
UNCOVERED_WHAT = "what is being done about the nepa permitting overhaul"
UNCOVERED_MONEY = "how much for the nepa permitting overhaul?"
UNCOVERED_WHO = "who is coordinating the nepa permitting overhaul"
# Uncovered for the word index in the same way, and near enough the permitting initiative for the real model (0.62)
OVERHAUL = "what did biden do to overhaul clean energy permitting"


def _sheet_id(index: CorpusIndex, title_word: str) -> int:
    (doc,) = [d for d in index.documents if title_word in d.title]
    return doc.id


class FakeReader:
    """A second reader whose pick is the first initiative of the sheet titled with ``title_word``, at ``cosine``; it
    counts the questions it was asked."""

    def __init__(self, index: CorpusIndex, title_word: str, cosine: float) -> None:
        self.sheet = _sheet_id(index, title_word)
        self.initiative = min(i.id for i in index.initiatives if i.document_id == self.sheet)
        self.cosine = cosine
        self.asked: list[str] = []

    def best_initiative(self, question: str) -> tuple[int, int, float]:
        self.asked.append(question)
        return self.initiative, self.sheet, self.cosine


@pytest.fixture
def library(tmp_path: Path) -> CorpusIndex:
    return _small_library(tmp_path, {"permits.md": PERMITS, "hospitals.md": HOSPITALS})


# ---- the rule ------------------------------------------------------------------------------------


def test_the_word_index_alone_leaves_these_questions_uncovered(library: CorpusIndex) -> None:
    for question in (UNCOVERED_WHAT, UNCOVERED_MONEY, UNCOVERED_WHO):
        result = answer(library, read_question(question, today=TODAY))
        assert not result.covered and "overhaul" in result.reason
        assert [lead.document.id for lead in result.leads] == [_sheet_id(library, "Permitting")]


def test_when_the_model_agrees_on_the_sheet_a_question_about_what_was_done_is_answered(library: CorpusIndex) -> None:
    agrees = FakeReader(library, "Permitting", 0.7)
    what = answer(library, read_question(UNCOVERED_WHAT, today=TODAY), second_reader=agrees)
    assert what.covered and what.second_reader
    assert what.top is not None and what.top.initiative.title.startswith("Faster Permitting")
    assert agrees.asked == [UNCOVERED_WHAT]


def test_questions_after_one_fact_are_left_to_the_words(library: CorpusIndex) -> None:
    """How much: the sheet both readers agree on may be about the topic without the figure asked for, so the model is
    not asked at all. Who, when, where (round 55c): the model is asked, but its sheet covers the question only when it
    says what is asked about ("coordinating" is in no sheet)."""
    agrees = FakeReader(library, "Permitting", 0.9)
    for question in (UNCOVERED_MONEY, UNCOVERED_WHO):
        result = answer(library, read_question(question, today=TODAY), second_reader=agrees)
        assert not result.covered and not result.second_reader
    assert agrees.asked == [UNCOVERED_WHO]


def test_a_model_that_looks_elsewhere_or_is_not_close_enough_rescues_nothing(library: CorpusIndex) -> None:
    elsewhere = FakeReader(library, "Hospitals", 0.9)
    distant = FakeReader(library, "Permitting", 0.59)
    for second in (elsewhere, distant):
        result = answer(library, read_question(UNCOVERED_WHAT, today=TODAY), second_reader=second)
        assert not result.covered and not result.second_reader


def test_the_model_is_not_asked_when_the_words_decide(library: CorpusIndex) -> None:
    """A covered question, an uncovered one with a lead in its words and one out of scope never pay for encoding the
    question."""
    second = FakeReader(library, "Hospitals", 0.99)
    covered = answer(library, read_question("how much for rural hospitals?", today=TODAY), second_reader=second)
    assert covered.covered and not covered.second_reader and covered.figure_sure
    covered_what = answer(library, read_question("what is being done for rural hospitals?", today=TODAY),
                          second_reader=second)
    assert covered_what.covered and not covered_what.second_reader
    with_lead = answer(library, read_question(UNCOVERED_MONEY, today=TODAY), second_reader=second)
    assert not with_lead.covered and [c.document.id for c in with_lead.leads] == [_sheet_id(library, "Permitting")]
    assert not answer(library, read_question("what's the weather tomorrow", today=TODAY), second_reader=second).covered
    assert second.asked == []


FAR_FROM_WORDS = "how much for keeping country clinics afloat"


def test_with_no_lead_in_its_words_the_closest_in_meaning_is_offered_as_a_lead_only(library: CorpusIndex) -> None:
    alone = answer(library, read_question(FAR_FROM_WORDS, today=TODAY))
    assert not alone.covered and not alone.leads
    close = FakeReader(library, "Hospitals", 0.65)
    result = answer(library, read_question(FAR_FROM_WORDS, today=TODAY), second_reader=close)
    assert not result.covered and not result.figures and not result.second_reader  # still not covered
    assert [(c.document.id, c.initiative.title) for c in result.leads] == [
        (_sheet_id(library, "Hospitals"), "Rural Hospitals")]
    assert close.asked == [FAR_FROM_WORDS]
    from bot.commands import dispatch
    from tests.fake_app import FakeApp

    reply = asyncio.run(dispatch(FakeApp(library, reader=close), "ask", {"question": FAR_FROM_WORDS},
                                 Invocation(user_id=42)))
    payloads(reply)
    text = everything(reply)
    assert "don't cover" in text and "Closest leads" in text and "Rural Hospitals" in text
    assert "$50 million" not in text  # a lead, not an answer: no figure
    far = FakeReader(library, "Hospitals", 0.55)
    assert not answer(library, read_question(FAR_FROM_WORDS, today=TODAY), second_reader=far).leads
    # not a lead from outside the question's dates (the hospitals sheet is from 2025)
    dated = f"{FAR_FROM_WORDS} in 2021"
    assert not answer(library, read_question(dated, today=TODAY), second_reader=close).leads


def test_the_reply_says_the_answer_rests_on_the_two_readers(library: CorpusIndex) -> None:
    from bot.commands import dispatch
    from tests.fake_app import FakeApp

    app = FakeApp(library, reader=FakeReader(library, "Permitting", 0.7))
    reply = asyncio.run(dispatch(app, "ask", {"question": UNCOVERED_WHAT}, Invocation(user_id=42)))
    payloads(reply)  # within every Discord limit
    text = everything(reply)
    assert "Council on Environmental Quality" in text and "word index and the sentence model agree" in text
    plain = asyncio.run(dispatch(FakeApp(library), "ask", {"question": UNCOVERED_WHAT}, Invocation(user_id=42)))
    assert "don't cover" in everything(plain) and "sentence model" not in everything(plain)


# ---- the model -----------------------------------------------------------------------------------


@needs_model
def test_a_question_reads_the_same_alone_or_beside_a_long_text() -> None:
    """Padding to the longest text of a batch must not change a short text's vector (the mask keeps padding out)."""
    model = reader.load_model()
    assert model is not None
    long_text = reader.initiative_text("Fact Sheet: Rebuilding Bridges", "Bridge Repair", BRIDGES * 3)
    alone = model.encode([UNCOVERED_WHO])[0]
    batched = model.encode([long_text, UNCOVERED_WHO])[1]
    assert alone.shape == (reader.DIMENSIONS,)
    assert float(np.linalg.norm(alone)) == pytest.approx(1.0, abs=1e-5)
    assert float(alone @ batched) > 0.99999


@needs_model
def test_paraphrases_land_nearer_their_topic_than_a_lookalike() -> None:
    model = reader.load_model()
    assert model is not None
    for question, meant, lookalike in [
        ("rural internet", "Broadband for rural communities", "Rural hospitals"),
        ("chip factories", "Semiconductor manufacturing plants", "Potato chips and snacks"),
        ("toxic pipes in our homes", "Replacing lead service lines", "Potato chips and snacks"),
    ]:
        asked, near, far = model.encode([question, meant, lookalike])
        assert float(asked @ near) > float(asked @ far) + 0.1, question


def test_vectors_keep_half_precision_in_the_store() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(3, reader.DIMENSIONS)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    packed = reader.pack(vectors)
    assert [len(b) for b in packed] == [reader.DIMENSIONS * 2] * 3
    back = reader.unpack(b"".join(packed)).astype(np.float32)
    assert np.allclose(back, vectors, atol=1e-3)


# ---- vectors in the store, the embedding job, the app --------------------------------------------


async def _ingest(store: Store, folder: Path, sheets: dict[str, str]) -> None:
    from bot.pipeline import ingest_paths

    folder.mkdir(exist_ok=True)
    for name, text in sheets.items():
        (folder / name).write_text(text, encoding="utf-8")
    await ingest_paths(store, [folder], max_bytes=1_000_000, progress=False, report=lambda line: None)


@needs_model
async def test_the_embedding_job_fills_in_every_vector_and_the_reader_finds_the_sheet(tmp_path: Path) -> None:
    model = reader.load_model()
    assert model is not None
    store = await Store.open(tmp_path / "library.db")
    try:
        await _ingest(store, tmp_path / "a", {"permits.md": PERMITS, "hospitals.md": HOSPITALS})
        assert await reader.load_reader(store, enabled=True, max_initiatives=1000) is None  # no vectors yet
        seen: list[tuple[int, int]] = []
        assert await reader.embed_missing(store, model, progress=lambda have, total: seen.append((have, total))) == 3
        assert seen[-1] == (3, 3)
        assert await reader.embed_missing(store, model) == 0  # nothing left to do
        second = await reader.load_reader(store, enabled=True, max_initiatives=1000)
        assert second is not None and len(second) == 3
        snapshot = CorpusIndex.build(await store.snapshot())
        _, sheet, cosine = second.best_initiative(OVERHAUL)
        assert sheet == _sheet_id(snapshot, "Permitting") and cosine >= 0.6
        # off when switched off, or for a library larger than allowed
        assert await reader.load_reader(store, enabled=False, max_initiatives=1000) is None
        assert await reader.load_reader(store, enabled=True, max_initiatives=2) is None
        # a new sheet without vectors turns it off until the job has run again
        await _ingest(store, tmp_path / "b", {"bridges.md": BRIDGES})
        assert await reader.load_reader(store, enabled=True, max_initiatives=1000) is None
        assert await reader.embed_missing(store, model) == 1
        assert await reader.load_reader(store, enabled=True, max_initiatives=1000) is not None
    finally:
        await store.close()


async def test_a_store_that_keeps_nothing_stops_the_job_instead_of_spinning() -> None:
    class Forgetful:
        async def vector_counts(self, model: str) -> tuple[int, int]:
            return 0, 1

        async def initiatives_without_vectors(self, model: str, limit: int) -> list[object]:
            return [dataclasses.make_dataclass("Row", ["initiative_id", "document_title", "title", "text"])(
                7, "Sheet", "Title", "Text")]

        async def put_vectors(self, model: str, vectors: object, made_from: object = None) -> int:
            return 0

    class Model:
        name = "test-model"

        def encode(self, texts: list[str]) -> np.ndarray:
            return np.ones((len(texts), reader.DIMENSIONS), dtype=np.float32)

    with pytest.raises(RuntimeError, match="kept no vectors"):
        await reader.embed_missing(Forgetful(), Model())  # type: ignore[arg-type]


@needs_model
async def test_briefbot_embed_then_the_app_answers_with_the_second_reader(
        tmp_path: Path, db_target: Path | str, capsys: pytest.CaptureFixture[str]) -> None:
    """On SQLite and on PostgreSQL alike."""
    db = parse_target(db_target)
    store = await Store.open(db)
    try:
        await _ingest(store, tmp_path / "a", {"permits.md": PERMITS, "hospitals.md": HOSPITALS})
    finally:
        await store.close()
    assert await asyncio.to_thread(cli_main, ["embed", "--db", str(db)]) == 0
    assert "3 initiative vectors stored; 3 of 3 initiatives have one" in capsys.readouterr().out

    off = await App.open(Settings(db_path=db, ask_second_reader=False), seed_if_empty=False)
    try:
        assert off.reader is None
        reply = await off.handle("ask", {"question": OVERHAUL}, Invocation(user_id=42))
        assert "don't cover" in everything(reply)
    finally:
        await off.close()

    app = await App.open(Settings(db_path=db), seed_if_empty=False)
    try:
        assert app.reader is not None
        reply = await app.handle("ask", {"question": OVERHAUL}, Invocation(user_id=42))
        payloads(reply)
        text = everything(reply)
        assert "Council on Environmental Quality" in text and "sentence model agree" in text and "don't cover" not in text
    finally:
        await app.close()


@needs_model
async def test_the_app_embeds_new_sheets_in_the_background_after_a_change(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bot")
    db = tmp_path / "library.db"
    app = await App.open(Settings(db_path=db), seed_if_empty=False)
    try:
        assert app.reader is None  # an empty library
        app.keep_reading()
        await _ingest(app.store, tmp_path / "a", {"permits.md": PERMITS, "hospitals.md": HOSPITALS})
        assert await app.refresh_if_changed(debounce=False)
        assert app._reading is not None
        await app._reading
        assert isinstance(app.reader, reader.SecondReader) and len(app.reader) == 3
        await _ingest(app.store, tmp_path / "b", {"bridges.md": BRIDGES})
        assert await app.refresh_if_changed(debounce=False)
        await app._reading
        assert isinstance(app.reader, reader.SecondReader) and len(app.reader) == 4
        have, total = await app.store.vector_counts(reader.model_id() or "")
        assert have == total == 4
    finally:
        await app.close()
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


@needs_model
async def test_the_app_computes_no_vectors_for_a_library_too_large_for_the_reader(tmp_path: Path) -> None:
    db = tmp_path / "library.db"
    store = await Store.open(db)
    try:
        await _ingest(store, tmp_path / "a", {"permits.md": PERMITS, "hospitals.md": HOSPITALS})
    finally:
        await store.close()
    app = await App.open(Settings(db_path=db, ask_reader_max_initiatives=2), seed_if_empty=False)
    try:
        app.keep_reading()
        assert app._reading is not None
        await app._reading
        assert app.reader is None
        assert await app.store.vector_counts(reader.model_id() or "") == (0, 3)
    finally:
        await app.close()
