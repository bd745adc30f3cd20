"""An RSS or Atom feed of fact sheets: each entry's page is fetched once and becomes a sheet.

Polite by default: a User-Agent naming the bot and its version, conditional requests for the feed
(ETag / Last-Modified: an unchanged feed costs a 304), one request at a time per host with a
delay between them, a timeout on every request, and retries with exponential backoff on 5xx, 429
(honouring Retry-After) and network errors. Entries are remembered in the store, so a page is
fetched once; a page that could not be fetched is tried again next poll, and the feed's ETag is
only kept once every entry was handled.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from bot import __version__
from bot.pipeline import IngestSummary
from bot.sources import FEED, Poll, SourceError
from bot.sources.convert import date_of, html_to_markdown, sheet_text
from bot.store.sources import SourceStore

log = logging.getLogger("bot.sources")

USER_AGENT = f"Briefbot/{__version__} (fact-sheet feed reader; python-aiohttp)"


@dataclass(frozen=True, slots=True)
class Politeness:
    user_agent: str = USER_AGENT
    host_delay: float = 1.0  # seconds between two requests to one host
    timeout: float = 30.0  # per request
    retries: int = 3  # attempts after the first
    backoff: float = 2.0  # first wait; doubles each retry
    max_backoff: float = 60.0
    max_bytes: int = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Response:
    url: str
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes


class FetchError(SourceError):
    """A request failed after its retries (network error, timeout, or an error status)."""


@dataclass
class HttpClient:
    """One aiohttp session for every feed, pacing requests per host."""

    politeness: Politeness = field(default_factory=Politeness)
    _session: aiohttp.ClientSession | None = None
    _hosts: dict[str, tuple[asyncio.Lock, list[float]]] = field(default_factory=dict)
    requests: int = 0  # every request sent, retries included (tests and logs read it)

    def _pace(self, url: str) -> tuple[asyncio.Lock, list[float]]:
        host = urlsplit(url).netloc.lower()
        if host not in self._hosts:
            self._hosts[host] = (asyncio.Lock(), [0.0])
        return self._hosts[host]

    async def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """GET ``url``: the response (any status below 500 but 429), or ``FetchError`` once retries
        are spent."""
        if self._session is None:
            # A fresh connection per request: polls are a minute apart, and a connection a server left in
            # a bad state after an error answer must not break the next poll.
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(force_close=True, limit_per_host=1),
                headers={"User-Agent": self.politeness.user_agent},
                timeout=aiohttp.ClientTimeout(total=self.politeness.timeout))
        polite = self.politeness
        problem = "no attempt"
        for attempt in range(polite.retries + 1):
            wait: float | None = None
            lock, last = self._pace(url)
            async with lock:
                delay = last[0] + polite.host_delay - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                try:
                    self.requests += 1
                    async with self._session.get(url, headers=headers or {}, allow_redirects=True) as reply:
                        body = await _read_body(reply, polite.max_bytes, url)
                        headers = {key.lower(): value for key, value in reply.headers.items()}
                        response = Response(str(reply.url), reply.status, headers, body)
                except (aiohttp.ClientError, TimeoutError) as exc:
                    problem = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
                    response = None
                finally:
                    last[0] = time.monotonic()
            if response is not None:
                if response.status != 429 and response.status < 500:
                    return response
                problem = f"HTTP {response.status}"
                wait = _retry_after(response.headers.get("retry-after"))
            if attempt < polite.retries:
                backoff = min(polite.backoff * 2 ** attempt, polite.max_backoff)
                await asyncio.sleep(min(max(backoff, wait or 0.0), polite.max_backoff))
        raise FetchError(f"{url}: {' '.join(problem.split())} (after {polite.retries + 1} attempts)")

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


async def _read_body(reply: aiohttp.ClientResponse, limit: int, url: str) -> bytes:
    """The whole body, or ``FetchError`` past ``limit`` bytes (read in chunks: never all at once)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in reply.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise FetchError(f"{url}: larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _retry_after(value: str | None) -> float | None:
    if value and re.fullmatch(r"\s*\d+(\.\d+)?\s*", value):
        return float(value)
    return None


def entry_key(entry: Any) -> str | None:
    return str(entry.get("id") or entry.get("link") or "").strip() or None


class FeedSource:
    """One RSS/Atom feed; its entries' pages become fact-sheet files in ``folder``."""

    kind = FEED

    def __init__(self, name: str, folder: Path, store: SourceStore, http: HttpClient,
                 *, max_file_bytes: int = 5 * 1024 * 1024) -> None:
        self.name = name
        self.url = name.strip()
        self.folder = folder
        self._store = store
        self._http = http
        self._max_file_bytes = max_file_bytes

    async def poll(self) -> Poll:
        import feedparser

        etag, modified = await self._store.validators(self.url)
        conditional = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", modified)) if v}
        response = await self._http.get(self.url, conditional)
        if response.status == 304:
            return Poll()
        if response.status >= 400:
            raise SourceError(f"the feed answered HTTP {response.status}")
        parsed = await asyncio.to_thread(feedparser.parse, response.body)
        if not parsed.entries and (parsed.bozo or not parsed.get("version")):
            reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "")() or \
                str(parsed.get("bozo_exception") or "no entries")
            raise SourceError(f"not an RSS or Atom feed ({' '.join(reason.split())[:200]})")
        seen = await self._store.seen_entries(self.name)
        entries = [entry for entry in reversed(parsed.entries) if (entry_key(entry) or "") not in seen
                   and entry_key(entry) and entry.get("link")]
        errors: list[str] = []
        written: dict[str, tuple[str, str]] = {}  # path → (entry key, url)
        handled: list[tuple[str, str | None, str | None, str | None]] = []
        fetch_failed = False
        for entry in entries:
            key, link = entry_key(entry), str(entry.get("link"))
            assert key is not None
            try:
                page = await self._http.get(link)
                if page.status >= 400:
                    raise FetchError(f"{link}: HTTP {page.status}")
            except FetchError as exc:
                fetch_failed = True
                errors.append(f"page not fetched: {exc}")
                continue
            try:
                path = await asyncio.to_thread(self._write_sheet, entry, page)
            except SourceError as exc:
                errors.append(f"page not readable: {link}: {exc}")
                handled.append((key, link, None, str(exc)))
                continue
            written[str(path)] = (key, link)
        feed_etag, feed_modified = response.headers.get("etag"), response.headers.get("last-modified")

        async def commit(summary: IngestSummary) -> None:
            rejected = {rejection.path: rejection.reason for rejection in summary.rejected}
            now = dt.datetime.now(dt.UTC)
            rows = handled + [(key, url, path, rejected.get(path)) for path, (key, url) in written.items()]
            await self._store.mark_entries(self.name, rows, now)
            if not fetch_failed and (feed_etag or feed_modified):
                await self._store.save_validators(self.url, feed_etag, feed_modified, now)

        return Poll(paths=[Path(p) for p in written], errors=errors, commit=commit)

    def _write_sheet(self, entry: Any, page: Response) -> Path:
        html = page.body.decode(_charset(page.headers.get("content-type")) or "utf-8", "replace")
        converted = html_to_markdown(html)
        date, published = date_of(entry.get("published") or entry.get("updated"))
        text = sheet_text(converted, source_url=str(entry.get("link")), title=entry.get("title"),
                          date=date, published_time=published)
        data = text.encode("utf-8")
        if len(data) > self._max_file_bytes:
            raise SourceError(f"the converted sheet is larger than {self._max_file_bytes} bytes")
        key = entry_key(entry) or str(entry.get("link"))
        name = f"{(converted.date or date or 'undated')}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.md"
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / name
        partial = path.with_suffix(".md.partial")
        partial.write_bytes(data)
        partial.replace(path)
        return path

    async def close(self) -> None:
        return None


def _charset(content_type: str | None) -> str | None:
    match = re.search(r"charset=([\w-]+)", content_type or "", re.IGNORECASE)
    if not match:
        return None
    try:
        "".encode(match.group(1))
    except LookupError:
        return None
    return match.group(1)
