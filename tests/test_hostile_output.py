"""Hostile fact sheets: every reply is a valid Discord payload whose links are the sheets' own.

A fact sheet is untrusted input. Whatever its front matter and text say, a reply must stay
within Discord's limits, ping nobody, and link only to where the sheet itself links: its real
``source_url`` or the links written in its text. A URL that closes the Markdown link around it
and opens another (``https://example.gov/h6)[x](https://evil.example``) must not render a second,
attacker-chosen link, and a masked link must not show one address while opening another.

The check below reads each payload as Discord would: masked links ``[label](target)`` and bare
or ``<…>`` addresses in message content, embed descriptions, field names and field values (the
text Discord turns into links), and the embed's and link buttons' URLs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from markdown_it import MarkdownIt

from bot.app import App
from bot.commands.spec import Invocation
from bot.config import Settings
from bot.digest.content import Corpus, build_digest, render_messages
from bot.ingest import parse_document
from bot.reply.payload import render_payload, validate_payload

LONG_TITLE = "FACT SHEET: " + " ".join(f"word{n}" for n in range(800))[:4990]

SHEETS: dict[str, str] = {
    "breakout.md": """---
title: "FACT SHEET: [Click here](https://evil-title.example) @everyone **bold** <@123> <@&456> @here"
source_url: "https://example.gov/h6)[x](https://evil-source.example"
date: '2026-11-20'
---

-   **Launching the Breakout Program.** It provides $99999999999999999999 trillion for @everyone.
-   **Second Breakout initiative.** Read [here](https://x.gov/a)](https://evil-text.example) for $5 million.
""",
    "masked.md": """---
title: "FACT SHEET: Masked Links"
source_url: "https://example.gov/masked"
date: '2026-11-21'
---

-   **Spoofed label initiative.** See [https://a.gov](https://evil-label.example), \
[WhiteHouse.gov](https://www.whitehouse.gov/x) and [a.gov](https://evil-label2.example/path) \
and [click https://b.gov now](https://evil-label3.example). It costs $7 million.
-   **Bad targets initiative.** [js](javascript:alert(1)) [data](data:text/html,hi) [rel](/relative) \
[user](https://whitehouse.gov@evil-userinfo.example/) [paren](https://ok.gov/a_(b)) <https://auto.gov/x> \
[ctl](https://evil%0A.example) [idn](https://éxample.gov/ünï) and $1 billion.
""",
    "badurl.md": """---
title: "FACT SHEET: Bad Source <script>alert(1)</script> `code` ||spoiler|| ~~strike~~ > quote"
source_url: "javascript:alert(document.cookie)"
date: '2026-11-22'
---

-   **Plain initiative with absurd money.** Funding of $999,999,999,999,999,999,999,999 billion and \
$1e308 and more than $0.000001 million.
""",
    "userinfo.md": """---
title: "FACT SHEET: User Info"
source_url: "https://www.whitehouse.gov@evil-userinfo2.example/fact-sheet"
date: '2026-11-23'
---

-   **User info initiative.** It provides $3 million.
""",
    "long.md": f"""---
title: "{LONG_TITLE}"
source_url: "https://example.gov/long?q=<b>&r=a b"
date: '2026-11-24'
---

-   **{"Very long initiative title " * 40}.** {"Body words @everyone " * 600} $12 million.
""",
}

_MASKED_LINK = re.compile(r"(?<!\\)\[((?:\\.|[^\[\]\\])*)\]\(\s*<?((?:\([^()\s]*\)|[^()\s\\<>])+)>?\s*\)")
_ANGLE_LINK = re.compile(r"<(https?://[^\s>]+)>")
_BARE_URL = re.compile(r"https?://[^\s<]+[^<.,:;\"')\]\s]")
_URL_IN_LABEL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>()\[\]\\]+")


def _normal(url: str) -> str:
    """An address as a browser would go there: decoded, host in ASCII and lower case."""
    text = unquote(url.strip())
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    if not parts.netloc:
        return text
    host = parts.netloc.lower()
    if not host.isascii():
        host = host.encode("idna").decode()
    return f"{parts.scheme.lower()}://{host}{text[len(parts.scheme) + 3 + len(parts.netloc):]}"


def _allowed_links(raw: str) -> set[str]:
    """Where the sheet itself links: its front-matter source_url as written, the targets of the
    links in its Markdown, and addresses written out in its title or text."""
    front, body = raw.split("---\n", 2)[1:]
    found = set()
    source = re.search(r'^source_url: "(.*)"$', front, re.M)
    if source:
        found.add(source.group(1))
    for token in MarkdownIt("commonmark").parse(body):
        for child in token.children or ():
            if child.type == "link_open":
                found.add(str(child.attrs.get("href")))
    title = re.search(r'^title: "(.*)"$', front, re.M)
    text = f"{title.group(1) if title else ''}\n{body}"
    found.update(re.findall(r"https?://[^\s<>\"]+", text))  # as far as an address can run …
    found.update(re.findall(r"https?://[^\s<>\"()\[\]]+", text))  # … or up to a bracket
    return {_normal(url) for url in found if url.startswith(("http://", "https://"))}


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _link_problems(text: str, allowed: set[str], where: str) -> list[str]:
    problems = []
    for match in _MASKED_LINK.finditer(text):
        label, target = match.group(1), match.group(2)
        if _normal(target) not in allowed:
            problems.append(f"{where}: link to {target!r} the sheets never link to")
        for shown in _URL_IN_LABEL.findall(label):
            shown_site = _site(shown if "://" in shown else f"http://{shown}")
            if shown_site != _site(target):
                problems.append(f"{where}: link shows {shown!r} but opens {target!r}")
    rest = _MASKED_LINK.sub(" ", text)
    for url in [*_ANGLE_LINK.findall(rest), *_BARE_URL.findall(_ANGLE_LINK.sub(" ", rest))]:
        normal = _normal(url.rstrip("…"))  # a snippet may cut an address the sheet wrote out
        if not any(candidate.startswith(normal) for candidate in allowed):
            problems.append(f"{where}: bare address {url!r} the sheets never link to")
    return problems


def _payload_problems(payload: dict[str, Any], allowed: set[str]) -> list[str]:
    validate_payload(payload)
    assert payload["allowed_mentions"] == {"parse": []}
    problems = _link_problems(payload.get("content") or "", allowed, "content")
    for number, embed in enumerate(payload.get("embeds") or [], 1):
        problems += _link_problems(embed.get("description") or "", allowed, f"embed {number} description")
        for item in embed.get("fields") or []:
            problems += _link_problems(item["name"], allowed, f"embed {number} field name")
            problems += _link_problems(item["value"], allowed, f"embed {number} field {item['name'][:30]!r}")
        if embed.get("url") and _normal(embed["url"]) not in allowed:
            problems.append(f"embed {number} url {embed['url']!r}")
    for row in payload.get("components") or []:
        for child in row.get("components") or []:
            if child.get("url") and _normal(child["url"]) not in allowed:
                problems.append(f"link button {child['url']!r}")
    return problems


@pytest.fixture
async def hostile_app(tmp_path: Path) -> AsyncIterator[App]:
    settings = Settings(db_path=tmp_path / "hostile.db", seeds_dir=tmp_path / "no-seeds")
    app = await App.open(settings, seed_if_empty=False)
    for name, raw in SHEETS.items():
        await app.store.ingest(parse_document(raw.encode(), name))
    await app.refresh_if_changed(debounce=False)
    try:
        yield app
    finally:
        await app.close()


def _commands(app: App) -> list[tuple[str, dict[str, str]]]:
    index = app.index
    commands: list[tuple[str, dict[str, str]]] = [
        ("sources", {}), ("funding", {}), ("briefing", {}), ("help", {}),
        ("search", {"text": "initiative"}), ("search", {"text": "everyone"}), ("search", {"text": "breakout"}),
        ("initiative", {"query": "everyone"}), ("initiative", {"query": "breakout"}),
        ("sources", {"query": "nothing like this at all"}),
    ]
    for doc in index.documents:
        commands += [("briefing", {"document": f"doc:{doc.id}"}), ("funding", {"document": f"doc:{doc.id}"})]
    for initiative in index.initiatives:
        commands += [("initiative", {"query": f"id:{initiative.id}"}), ("sources", {"query": f"id:{initiative.id}"}),
                     ("funding", {"query": initiative.title[:40]})]
    return commands


async def test_every_reply_over_hostile_sheets_is_valid_and_links_only_where_the_sheets_do(
        hostile_app: App) -> None:
    allowed = set().union(*(_allowed_links(raw) for raw in SHEETS.values()))
    assert len(hostile_app.index.documents) == len(SHEETS)
    problems: list[str] = []
    replies = 0
    for command, options in _commands(hostile_app):
        reply = await hostile_app.handle(command, options, Invocation(user_id=1))
        assert not reply.error, (command, options, reply)
        for page in range(len(reply.pages)):
            replies += 1
            payload = render_payload(reply, page, reply_key="k", owner_id=1)
            problems += [f"/{command} {options} page {page + 1}: {p}" for p in _payload_problems(payload, allowed)]
    assert replies > 40
    assert problems == [], "\n".join(problems)


async def test_the_digest_over_hostile_sheets_is_valid_and_links_only_where_the_sheets_do(
        hostile_app: App) -> None:
    allowed = set().union(*(_allowed_links(raw) for raw in SHEETS.values()))
    corpus = Corpus.of(hostile_app.index)
    now = dt.datetime.now(dt.UTC)
    digests = [build_digest(corpus, guild_id=1, local_date=dt.date(2026, 11, 28), since=now - dt.timedelta(days=1))]
    for guild in range(12):  # no new sheets: a spotlight on each initiative in turn
        digests.append(build_digest(corpus, guild_id=guild, local_date=dt.date(2026, 11, 28) + dt.timedelta(guild),
                                    since=now + dt.timedelta(days=1)))
    problems = []
    for digest in digests:
        for payload in render_messages(digest.reply):
            problems += _payload_problems(payload, allowed)
    assert problems == [], "\n".join(problems)
    names = [item.name for digest in digests[:1] for page in digest.reply.pages
             for embed in page.embeds for item in embed.fields]
    assert any(r"\[Click here\]" in name for name in names)  # the title, shown as written


def test_front_matter_urls_that_could_break_out_are_made_safe_or_dropped() -> None:
    breakout = parse_document(SHEETS["breakout.md"].encode(), "b.md")
    assert breakout.source_url == "https://example.gov/h6%29%5Bx%5D%28https://evil-source.example"
    assert parse_document(SHEETS["badurl.md"].encode(), "c.md").source_url is None
    userinfo = parse_document(SHEETS["userinfo.md"].encode(), "u.md")
    assert userinfo.source_url is None
    assert any("source_url" in warning for warning in userinfo.warnings)
