"""A warm start: the built ``CorpusIndex`` saved beside the database and reused while nothing changed.

Building the index reads every record and tokenises every initiative: seconds for thousands
of fact sheets, most of a minute at 50,000. Loading the saved index takes a fraction of that,
because the index is kept in columns (lists of strings and ``array``s) and the file stores them
flat: a list of strings is one UTF-8 blob split on NUL, an array is its raw bytes, and the few
small values (counts, little dicts and lists) are JSON. Loading is a few hundred ``bytes.split``
/ ``array.frombytes`` calls, each on a piece of at most a few megabytes, so a load in a worker
thread never holds the GIL long enough to stall the event loop.

The file is read as data only — nothing in it is ever run, whoever wrote it — and trusted no
further than it can be checked:

- it is used only when written by the same code (a fingerprint of the query layer and the data
  model), for the same database (a random instance id kept in ``meta``), the same data version
  and the same content: the store draws a new random ``generation`` in the transaction of every
  change, and the index records the one it was built from;
- each part carries a SHA-256 of its bytes, checked as it is read.

Anything else — a stale, foreign, cut or damaged file — means "build it again", with one
warning line saying why when it is not simply older data.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import json
import logging
import os
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from bot.query.columns import Parts
from bot.query.index import CorpusIndex
from bot.query.index_columns import IndexColumns, codec_of

log = logging.getLogger(__name__)

FORMAT = 4
_MAGIC = b"briefbot-index\n"
_DIGEST = hashlib.sha256  # per part; about 2 GB/s where the CPU has SHA instructions
_DIGEST_BYTES = _DIGEST().digest_size
_TYPECODES = frozenset("bBhHiIlLqQfd")
_SOURCES = ("bot/model.py", "bot/query/index.py", "bot/query/index_columns.py", "bot/query/fields.py",
            "bot/query/text.py", "bot/query/funding.py", "bot/query/cache.py", "bot/query/columns.py",
            "bot/store/rows.py")
_PIECE_BYTES = 4 << 20  # strings and arrays are written and read in pieces of about this size
_NUL = "\x00"
_LINE_LIMIT = 1 << 16  # header and part lines are short; a longer one is not an index file
_END_LINE = b'{"end": true}\n'


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


# ---- columns ↔ parts -------------------------------------------------------------------------


def _parts_of(columns: IndexColumns) -> Parts:
    """Every field of ``columns`` as plain data (arrays, lists of strings or byte blobs, JSON
    values), named as the field: records and other objects are turned into those by the field's
    codec, and made again by ``_columns_of``. The file is read back as data, never as code."""
    return Parts({column.name: codec_of(column).save(getattr(columns, column.name))
                  for column in dataclasses.fields(IndexColumns)})


def _columns_of(parts: dict[str, Any]) -> IndexColumns:
    """The columns saved by ``_parts_of`` (a missing part is a ``KeyError``: not this format)."""
    return IndexColumns(**{column.name: codec_of(column).load(parts[column.name])
                           for column in dataclasses.fields(IndexColumns)})


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
    """(kind, detail, pieces) for one part; the pieces are made one at a time as they are written.

    Arrays, lists of strings and lists of byte blobs are written flat; anything else must be a
    JSON value (``TypeError`` otherwise: objects are turned into plain data by the index itself).
    """
    if isinstance(value, array):
        step = max(1, _PIECE_BYTES // value.itemsize)
        return "array", value.typecode, (value[n:n + step].tobytes() for n in range(0, len(value), step))
    if isinstance(value, list) and value and all(isinstance(item, bytes) for item in value):
        return "blobs", len(value), iter(value)
    if _is_string_list(value):
        return "strings", len(value), _string_pieces(value)
    return "json", None, iter([json.dumps(value, ensure_ascii=False, default=_not_json).encode()])


def _not_json(value: Any) -> Any:
    raise TypeError(f"an index part holds a {type(value).__name__}, which is not saved: make it plain data")


def _decode(kind: str, detail: Any, pieces: Iterator[bytes]) -> Any:
    if kind == "array":
        if detail not in _TYPECODES:
            raise ValueError(f"unknown array type {detail!r}")
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
    if kind == "json":
        return json.loads(b"".join(pieces))
    raise ValueError(f"unknown part kind {kind!r}")


def _write_part(handle: BinaryIO, name: str, value: Any) -> None:
    """One part: its line ``[name, kind, detail]``, its pieces, then the digest of all of that.

    Each piece is (length + 1, 8 bytes) then its bytes; a 0 length ends the pieces.
    """
    kind, detail, pieces = _encode(value)
    digest = _DIGEST()

    def write(data: bytes) -> None:
        digest.update(data)
        handle.write(data)

    write(json.dumps([name, kind, detail]).encode() + b"\n")
    for piece in pieces:
        write((len(piece) + 1).to_bytes(8, "little"))
        write(piece)
    write((0).to_bytes(8, "little"))
    handle.write(digest.digest())


def _read_part(handle: BinaryIO, line: bytes, file_size: int) -> tuple[str, Any]:
    """The part whose line was just read: (name, value), once its bytes match their digest.

    Pieces are decoded as they are read (memory stays flat), so a damaged part may fail to
    decode before its digest is complete: the rest is then read and the checksum, when it does
    not match, is the reason given.
    """
    name, kind, detail = json.loads(line)
    digest = _DIGEST(line)
    pieces = _read_pieces(handle, digest, file_size)
    try:
        value = _decode(kind, detail, pieces)
    except Exception:
        for _ in pieces:
            pass
        _check_digest(handle, name, digest)
        raise
    _check_digest(handle, name, digest)
    return name, value


def _check_digest(handle: BinaryIO, name: str, digest: Any) -> None:
    if handle.read(_DIGEST_BYTES) != digest.digest():
        raise ValueError(f"part {name!r} does not match its checksum")


def _read_pieces(handle: BinaryIO, digest: Any, file_size: int) -> Iterator[bytes]:
    while True:
        head = handle.read(8)
        if len(head) != 8:
            raise EOFError("the index file is cut short")
        digest.update(head)
        size = int.from_bytes(head, "little") - 1
        if size < 0:
            return
        if size > file_size:
            raise ValueError("a piece is longer than the file")
        piece = handle.read(size)
        if len(piece) != size:
            raise EOFError("the index file is cut short")
        digest.update(piece)
        yield piece


# ---- load and save ---------------------------------------------------------------------------


def load(path: Path, *, instance: str, version: int | None, generation: str | None = None) -> CorpusIndex | None:
    """The saved index when it matches this database, data version and generation, else None.

    ``version=None`` accepts the saved index of any data version of this database (a start that
    answers from the previous data while the current index is built; the caller compares the
    index's ``version`` and ``generation`` with the store's to know whether it is current).
    ``generation=None`` with a version accepts any generation (an index this process just had
    built from that version).
    """
    try:
        with path.open("rb") as handle:
            if handle.readline() != _MAGIC:
                return None
            header = json.loads(handle.readline(_LINE_LIMIT))
            if not isinstance(header, dict):
                return None
            expected: dict[str, object] = {"code": CODE_FINGERPRINT, "instance": instance}
            if version is not None:
                expected["version"] = version
            if {key: header.get(key) for key in expected} != expected:
                return None
            if version is not None and generation is not None and header.get("generation") != generation:
                log.warning("ignoring the saved index %s: it was built from other data with the same data version "
                            "(an older copy of the database restored?); building it again", path)
                return None
            enabled = gc.isenabled()
            gc.collect()  # garbage alive now would be frozen with the index below, never to be freed
            gc.disable()  # what is read is young and acyclic: collections meanwhile would only walk it
            try:
                flat: dict[str, Any] = {}
                file_size = os.fstat(handle.fileno()).st_size
                while (line := handle.readline(_LINE_LIMIT)) != _END_LINE:
                    if not line.endswith(b"\n"):
                        raise EOFError("the index file is cut short")
                    name, value = _read_part(handle, line, file_size)
                    flat[name] = value
                if handle.read(1):
                    raise ValueError("unexpected bytes after the last part")
                index = CorpusIndex(_columns_of(_unflatten(flat)))
                del flat
                gc.freeze()  # see CorpusIndex.from_rows: the first collection after this would walk it all
            finally:
                if enabled:
                    gc.enable()
            if (index.version, index.generation) != (header.get("version"), header.get("generation")):
                raise ValueError("the parts do not match the header")
    except FileNotFoundError:
        return None
    except Exception as exc:  # a damaged or foreign file: rebuild, don't fail the start
        log.warning("ignoring the saved index %s (%s); building it again", path, exc)
        return None
    return index


def save(path: Path, index: CorpusIndex, *, instance: str) -> bool:
    """Write the index atomically (temporary file, then rename): readers never see half a file.

    Parts are written one piece at a time, so saving needs little memory beyond the index.
    False (with a warning logged) when it could not be written.
    """
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # a PostgreSQL bot keeps it under data/
        header = {"code": CODE_FINGERPRINT, "instance": instance, "version": index.version,
                  "generation": index.generation}
        with tmp.open("wb") as handle:
            handle.write(_MAGIC)
            handle.write(json.dumps(header).encode() + b"\n")
            for name, value in _flatten(_parts_of(index.columns)):
                _write_part(handle, name, value)
            handle.write(_END_LINE)
        os.replace(tmp, path)
    except Exception as exc:  # a full disk or read-only folder only costs the next start time
        log.warning("could not save the index to %s: %s", path, exc)
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False
    return True
