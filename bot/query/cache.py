"""A warm start: the built ``CorpusIndex`` saved beside the database and reused while nothing changed.

Building the index reads every record and tokenises every initiative: seconds for thousands
of fact sheets, most of a minute at 50,000. Loading the saved index takes a fraction of that,
because the index is kept in columns (lists of strings and ``array``s) and the file stores them
flat: a list of strings is one UTF-8 blob split on NUL, an array is its raw bytes. Loading is a
few hundred ``bytes.split`` / ``array.frombytes`` calls, each on a piece of at most a few
megabytes, so a load in a worker thread never holds the GIL long enough to stall the event loop.

The file is only used when it was written by the same code (a fingerprint of the query layer
and the data model), for the same database (a random instance id kept in ``meta``) and the same
data version; anything else — including a damaged file — means "build it again". Small parts
are pickled: the file is trusted like the database next to it, both written by Briefbot only.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import os
import pickle
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from bot.query.columns import Parts
from bot.query.index import CorpusIndex

log = logging.getLogger(__name__)

FORMAT = 3
_MAGIC = b"briefbot-index\n"
_SOURCES = ("bot/model.py", "bot/query/index.py", "bot/query/fields.py", "bot/query/text.py",
            "bot/query/funding.py", "bot/query/cache.py", "bot/query/columns.py")
_PIECE_BYTES = 4 << 20  # strings and arrays are written and read in pieces of about this size
_NUL = "\x00"
_END = {"end": True}


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


# ---- parts ↔ bytes ---------------------------------------------------------------------------


def _flatten(parts: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for name, value in parts.items():
        if isinstance(value, Parts):
            yield from _flatten(value, f"{prefix}{name}.")
        else:
            yield prefix + name, value


def _unflatten(flat: dict[str, Any]) -> dict[str, Any]:
    parts: dict[str, Any] = {}
    for name, value in flat.items():
        head, _, rest = name.partition(".")
        if rest:
            parts.setdefault(head, {})[rest] = value
        else:
            parts[name] = value
    return parts


def _string_pieces(values: list[str]) -> Iterator[bytes]:
    """``values`` as NUL-joined UTF-8 pieces of about ``_PIECE_BYTES`` (whole strings per piece)."""
    start, size = 0, 0
    for n, value in enumerate(values):
        size += len(value) + 1
        if size >= _PIECE_BYTES:
            yield _NUL.join(values[start:n + 1]).encode()
            start, size = n + 1, 0
    if start < len(values):
        yield _NUL.join(values[start:]).encode()


def _is_string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and _NUL not in item for item in value)


def _encode(value: Any) -> tuple[str, Any, Iterator[bytes]]:
    """(kind, detail, pieces) for one part; the pieces are made one at a time as they are written."""
    if isinstance(value, array):
        step = max(1, _PIECE_BYTES // value.itemsize)
        return "array", value.typecode, (value[n:n + step].tobytes() for n in range(0, len(value), step))
    if isinstance(value, list) and value and all(isinstance(item, bytes) for item in value):
        return "blobs", len(value), iter(value)
    if _is_string_list(value):
        return "strings", len(value), _string_pieces(value)
    return "pickle", None, iter([pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)])


def _decode(kind: str, detail: Any, pieces: Iterator[bytes]) -> Any:
    if kind == "array":
        out = array(detail)
        for piece in pieces:
            out.frombytes(piece)
        return out
    if kind == "strings":
        strings: list[str] = []
        for piece in pieces:
            strings.extend(piece.decode().split(_NUL))
        if len(strings) != detail and not (detail == 0 and strings == []):
            raise ValueError("string count does not match")
        return strings
    if kind == "blobs":
        blobs = list(pieces)
        if len(blobs) != detail:
            raise ValueError("blob count does not match")
        return blobs
    if kind == "pickle":
        return pickle.loads(b"".join(pieces))
    raise ValueError(f"unknown part kind {kind!r}")


def _write_pieces(handle: BinaryIO, pieces: Iterator[bytes]) -> None:
    """Each piece as (length + 1, 8 bytes) then its bytes; a 0 length ends the part."""
    for piece in pieces:
        handle.write((len(piece) + 1).to_bytes(8, "little"))
        handle.write(piece)
    handle.write((0).to_bytes(8, "little"))


def _read_pieces(handle: BinaryIO) -> Iterator[bytes]:
    while True:
        head = handle.read(8)
        if len(head) != 8:
            raise EOFError("the index file is cut short")
        size = int.from_bytes(head, "little") - 1
        if size < 0:
            return
        piece = handle.read(size)
        if len(piece) != size:
            raise EOFError("the index file is cut short")
        yield piece


# ---- load and save ---------------------------------------------------------------------------


def load(path: Path, *, instance: str, version: int | None) -> CorpusIndex | None:
    """The saved index when it matches this database and data version exactly, else None.

    ``version=None`` accepts the saved index of any data version of this database (a start that
    answers from the previous data while the current index is built).
    """
    try:
        with path.open("rb") as handle:
            if handle.readline() != _MAGIC:
                return None
            header = json.loads(handle.readline())
            expected = {"code": CODE_FINGERPRINT, "instance": instance, "version": version}
            if version is None:
                del expected["version"]
            if not isinstance(header, dict) or {key: header.get(key) for key in expected} != expected:
                return None
            enabled = gc.isenabled()
            gc.collect()  # garbage alive now would be frozen with the index below, never to be freed
            gc.disable()  # what is read is young and acyclic: collections meanwhile would only walk it
            try:
                flat: dict[str, Any] = {}
                while (line := json.loads(handle.readline())) != _END:
                    name, kind, detail = line
                    flat[name] = _decode(kind, detail, _read_pieces(handle))
                index = CorpusIndex.from_parts(_unflatten(flat))
                del flat
                gc.freeze()  # see CorpusIndex.from_rows: the first collection after this would walk it all
            finally:
                if enabled:
                    gc.enable()
    except FileNotFoundError:
        return None
    except Exception as exc:  # a damaged or foreign file: rebuild, don't fail the start
        log.warning("ignoring the saved index %s (%s); building it again", path, exc)
        return None
    return index if version is None or index.version == version else None


def save(path: Path, index: CorpusIndex, *, instance: str) -> bool:
    """Write the index atomically (temporary file, then rename): readers never see half a file.

    Parts are written one piece at a time, so saving needs little memory beyond the index.
    False (with a warning logged) when it could not be written.
    """
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        header = {"code": CODE_FINGERPRINT, "instance": instance, "version": index.version}
        with tmp.open("wb") as handle:
            handle.write(_MAGIC)
            handle.write(json.dumps(header).encode() + b"\n")
            for name, value in _flatten(index.parts()):
                kind, detail, pieces = _encode(value)
                handle.write(json.dumps([name, kind, detail]).encode() + b"\n")
                _write_pieces(handle, pieces)
            handle.write(json.dumps(_END).encode() + b"\n")
        os.replace(tmp, path)
    except Exception as exc:  # a full disk or read-only folder only costs the next start time
        log.warning("could not save the index to %s: %s", path, exc)
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False
    return True
