"""``TextColumn``: many strings kept as UTF-8 in a few large byte blobs, decoded when read.

Half a million initiative texts as ``str`` objects cost ~55 bytes each on top of the text, sit in
small-object arenas the allocator rarely gives back (so memory stays high after an index is
replaced), and must be split into objects again at every load. Here a column is a handful of
byte blobs of a few megabytes plus three arrays: loading is reading the blobs, freeing returns
the memory to the system, and the garbage collector never looks inside.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

PIECE_BYTES = 4 << 20


class Parts(dict):
    """Named parts saved side by side (``bot.query.cache`` writes each one as flat pieces)."""


class TextColumn(Sequence[str]):
    """A read-only column of strings; ``column[row]`` decodes that one string."""

    __slots__ = ("_end", "_piece", "_pieces", "_start")

    def __init__(self, pieces: list[bytes], piece: array, start: array, end: array) -> None:
        self._pieces = pieces
        self._piece = piece
        self._start = start
        self._end = end

    @classmethod
    def of(cls, values: Iterable[str], piece_bytes: int = PIECE_BYTES) -> TextColumn:
        builder = TextColumnBuilder(piece_bytes)
        for value in values:
            builder.append(value)
        return builder.finish()

    def __len__(self) -> int:
        return len(self._piece)

    @overload
    def __getitem__(self, item: int) -> str: ...

    @overload
    def __getitem__(self, item: slice) -> list[str]: ...

    def __getitem__(self, item: int | slice) -> str | list[str]:
        if isinstance(item, slice):
            return [self[row] for row in range(*item.indices(len(self)))]
        text: str = self._pieces[self._piece[item]][self._start[item]:self._end[item]].decode("utf-8", "surrogatepass")
        return text

    def __iter__(self) -> Iterator[str]:
        for row in range(len(self)):
            yield self[row]

    def release(self) -> None:
        """Drop the text (each blob is one free); the column is empty afterwards."""
        self._pieces = []
        self._piece, self._start, self._end = array("I"), array("I"), array("I")

    def parts(self) -> Parts:
        return Parts(pieces=self._pieces, piece=self._piece, start=self._start, end=self._end)

    @classmethod
    def from_parts(cls, parts: dict[str, Any]) -> TextColumn:
        return cls(list(parts["pieces"]), parts["piece"], parts["start"], parts["end"])


class TextColumnBuilder:
    """Appends strings one at a time (rows streamed from the database) into a ``TextColumn``."""

    def __init__(self, piece_bytes: int = PIECE_BYTES) -> None:
        self._piece_bytes = piece_bytes
        self._pieces: list[bytes] = []
        self._piece, self._start, self._end = array("I"), array("I"), array("I")
        self._buffer: list[bytes] = []
        self._size = 0

    def append(self, value: str) -> None:
        data = value.encode("utf-8", "surrogatepass")
        if self._size and self._size + len(data) > self._piece_bytes:
            self._pieces.append(b"".join(self._buffer))
            self._buffer, self._size = [], 0
        self._piece.append(len(self._pieces))
        self._start.append(self._size)
        self._size += len(data)
        self._end.append(self._size)
        self._buffer.append(data)

    def finish(self) -> TextColumn:
        if self._buffer:
            self._pieces.append(b"".join(self._buffer))
            self._buffer, self._size = [], 0
        return TextColumn(self._pieces, self._piece, self._start, self._end)
