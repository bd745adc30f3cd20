"""A warm start: the built ``CorpusIndex`` saved beside the database and reused while nothing changed.

Building the index reads every record and tokenises every initiative: seconds for thousands
of fact sheets, most of a minute at 50,000. Loading the saved index takes a fraction of that.
The file is only used when it was written by the same code (a fingerprint of the query layer
and the data model), for the same database (a random instance id kept in ``meta``) and the same
data version; anything else — including a damaged file — means "build it again".

The file is a pickle, trusted like the database next to it: both are written by Briefbot only.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import os
import pickle
from pathlib import Path

from bot.query.index import CorpusIndex

log = logging.getLogger(__name__)

FORMAT = 1
_MAGIC = b"briefbot-index\n"
_SOURCES = ("bot/model.py", "bot/query/index.py", "bot/query/fields.py", "bot/query/text.py",
            "bot/query/funding.py", "bot/query/cache.py")


def _fingerprint() -> str:
    root = Path(__file__).resolve().parents[2]
    digest = hashlib.sha256(str(FORMAT).encode())
    for name in _SOURCES:
        with contextlib.suppress(OSError):
            digest.update((root / name).read_bytes())
    return digest.hexdigest()[:16]


CODE_FINGERPRINT = _fingerprint()


def cache_path(db_path: Path | str) -> Path:
    db = Path(db_path)
    return db.with_name(db.name + ".index")


def load(path: Path, *, instance: str, version: int) -> CorpusIndex | None:
    """The saved index when it matches this database and data version exactly, else None."""
    try:
        with path.open("rb") as handle:
            if handle.readline() != _MAGIC:
                return None
            header = json.loads(handle.readline())
            if header != {"code": CODE_FINGERPRINT, "instance": instance, "version": version}:
                return None
            enabled = gc.isenabled()
            gc.disable()  # millions of acyclic objects: collections while loading only cost time
            try:
                index = pickle.load(handle)
            finally:
                if enabled:
                    gc.enable()
    except FileNotFoundError:
        return None
    except Exception as exc:  # a damaged or foreign file: rebuild, don't fail the start
        log.warning("ignoring the saved index %s (%s); building it again", path, exc)
        return None
    if not isinstance(index, CorpusIndex) or index.version != version:
        return None
    return index


def save(path: Path, index: CorpusIndex, *, instance: str) -> None:
    """Write the index atomically (temporary file, then rename): readers never see half a file."""
    header = json.dumps({"code": CODE_FINGERPRINT, "instance": instance, "version": index.version})
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as handle:
            handle.write(_MAGIC)
            handle.write(header.encode() + b"\n")
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception as exc:  # a full disk or read-only folder only costs the next start time
        log.warning("could not save the index to %s: %s", path, exc)
        with contextlib.suppress(OSError):
            tmp.unlink()
