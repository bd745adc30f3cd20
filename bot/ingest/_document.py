"""From raw bytes to a ``ParsedDocument``: decode, front matter, structure, acronyms, funding."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from bot.ingest._acronyms import AcronymMatcher, find_definitions
from bot.ingest._errors import ParseError
from bot.ingest._frontmatter import read_front_matter
from bot.ingest._funding import find_funding
from bot.ingest._structure import parse_structure
from bot.model import ParsedDocument
from bot.urls import safe_url

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 5 * MB
# Control characters (other than tab, newlines, form feed) mean this is not a text document.
_BINARY_BYTES = bytes(range(0, 9)) + b"\x0b" + bytes(range(14, 32))
_BINARY_SAMPLE = 8192


# Bumped whenever what the parser makes of the same bytes changes (the money model, say): a file
# stored by an older parser then no longer looks unchanged, so the next ingest reads it again.
PARSER_VERSION = b"money-model-49\nsheet-initiative-1\nunits-7\n"


def content_hash(raw: bytes) -> str:
    """Identifies this file as read by this parser: unchanged files are skipped on re-ingest."""
    return hashlib.sha256(PARSER_VERSION + raw).hexdigest()


def _decode(raw: bytes) -> str:
    if not raw.strip():
        raise ParseError("empty file")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ParseError("not UTF-8 text (it is UTF-16; save it as UTF-8)")
    if b"\x00" in raw or _looks_binary(raw[:_BINARY_SAMPLE]):
        raise ParseError("binary file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParseError("not UTF-8 text") from None
    if "\r" in text:  # Windows (CR LF) and classic Mac (CR alone) line endings
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _looks_binary(sample: bytes) -> bool:
    control = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    return control > max(2, len(sample) // 100)


def _parse(raw: bytes, path: str) -> ParsedDocument:
    text = _decode(raw)
    front = read_front_matter(text)
    structure = parse_structure(front.body, front.title)
    acronyms = find_definitions([front.title, *(block.plain for block in structure.blocks)])
    matcher = AcronymMatcher(acronyms)
    for initiative in structure.initiatives:
        initiative.acronyms = matcher.used_in(initiative.text)
    return ParsedDocument(
        path=path,
        title=front.title,
        date=front.date,
        published_time=front.published_time,
        source_url=_source_url(front.source_url, front.warnings),
        tags=front.tags,
        body_text=structure.body_text,
        sections=structure.sections,
        initiatives=structure.initiatives,
        funding=find_funding(structure.blocks, front.title, front.warnings, front.date),
        acronyms=acronyms,
        content_hash=content_hash(raw),
        warnings=front.warnings,
    )


def _source_url(url: str | None, warnings: list[str]) -> str | None:
    """The front matter's URL as every link is checked (``bot.urls.safe_url``): one http(s)
    link that cannot break out of the Markdown it is written into, or None with a warning."""
    if url is None:
        return None
    safe = safe_url(url)
    if safe is None:
        shown = url if len(url) <= 60 else url[:59] + "…"
        warnings.append(f"source_url {shown!r} dropped: not a usable http(s) URL")
    return safe


def parse_document(raw: bytes, path: str) -> ParsedDocument:
    """Parse one fact sheet. Pure: no I/O. Any input gives a document or a ``ParseError``
    (or ``MemoryError``, left for the caller: see ``bot.workers``)."""
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise ParseError(f"expected bytes, got {type(raw).__name__}")
    try:
        return _parse(bytes(raw), str(path))
    except (ParseError, MemoryError):
        raise
    except RecursionError:
        raise ParseError("document is nested too deeply to read") from None
    except Exception as exc:  # a library surprise must not escape as anything but ParseError
        raise ParseError(f"could not parse: {type(exc).__name__}: {exc}") from exc


def _human_size(size: int) -> str:
    if size >= MB:
        return f"{size / MB:.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{size / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{size} bytes"


def parse_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedDocument:
    """Read and parse one file, refusing files over ``max_bytes`` before reading them.

    Only a regular file is read: a named pipe or a device would block the read or never end.
    """
    try:
        with open(path, "rb", opener=_open_without_blocking) as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise ParseError("not a regular file")
            size = info.st_size
            if size > max_bytes:
                raise ParseError(f"file is {_human_size(size)}, over the {_human_size(max_bytes)} limit")
            # Ask for the size just seen, not max_bytes: a read buffer of the whole limit costs
            # more than parsing the few kilobytes of a typical sheet.
            raw = handle.read(size + 1)
            if len(raw) > size:  # it grew since the check: read on, up to just past the limit
                raw += handle.read(max_bytes + 1 - len(raw))
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ParseError(f"cannot read file: {reason}") from None
    if len(raw) > max_bytes:  # it grew between the size check and the read
        raise ParseError(f"file is over the {_human_size(max_bytes)} limit")
    return parse_document(raw, str(path))


def _open_without_blocking(path: str, flags: int) -> int:
    """Open so that a named pipe with no writer does not block (regular files ignore the flag)."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
