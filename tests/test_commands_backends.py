"""Every command on the bundled seed sheet, through ``App``, replies alike on SQLite and PostgreSQL.

The same script of commands — lookups, search, funding, ``/ask``, the digest and follow state they
write, an admin removal and what the library says afterwards — runs against a SQLite file and a
PostgreSQL database, each seeded by ``App.open``. The replies must read the same, apart from row
ids and clock times (which name a row or a moment, not what the user is told). ``/search`` is the
one command whose text may differ: each engine ranks (bm25 / ``ts_rank``) and picks the excerpt
(``snippet`` / ``ts_headline``) its own way, so there the same matches and the same count must come
back, in any order.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

from bot.app import App
from bot.commands.spec import BY_KEY, Invocation
from bot.config import Settings
from bot.dburl import parse_target
from bot.reply.model import Reply

GUILD, CHANNEL, ADMIN_ID, MEMBER_ID = 4242, 777, 1, 2
ADMIN = Invocation(user_id=ADMIN_ID, guild_id=GUILD, channel_id=CHANNEL, is_admin=True)
MEMBER = Invocation(user_id=MEMBER_ID, guild_id=GUILD, channel_id=CHANNEL)
SEED_TITLE = "Global Illicit Drug Trafficking"

# (command, options, who asks); "{follow}" is the id the first /follow add was given.
SCRIPT: tuple[tuple[str, dict[str, str], Invocation], ...] = (
    ("help", {}, MEMBER),
    ("initiative", {"query": "hidta"}, MEMBER),
    ("initiative", {"query": "hidat"}, MEMBER),
    ("initiative", {"query": "precursor chemicals"}, MEMBER),
    ("initiative", {"query": "no such thing at all"}, MEMBER),
    ("funding", {}, MEMBER),
    ("funding", {"query": "border"}, MEMBER),
    ("funding", {"document": SEED_TITLE}, MEMBER),
    ("sources", {}, MEMBER),
    ("sources", {"query": "hidta"}, MEMBER),
    ("search", {"text": "fentanyl"}, MEMBER),
    ("search", {"text": "precursor chemicals"}, MEMBER),
    ("search", {"text": 'NOT fentanyl*"('}, MEMBER),
    ("briefing", {}, MEMBER),
    ("briefing", {"document": SEED_TITLE}, MEMBER),
    ("ask", {"question": "How much is going to HIDTA?"}, MEMBER),
    ("ask", {"question": "What did they announce about broadband in Ohio?"}, MEMBER),
    ("digest setup", {"channel": str(CHANNEL), "time": "08:00", "timezone": "America/New_York"}, ADMIN),
    ("digest status", {}, ADMIN),
    ("digest preview", {}, ADMIN),
    ("digest now", {}, ADMIN),
    ("digest off", {}, ADMIN),
    ("digest status", {}, ADMIN),
    ("follow add", {"topic": "fentanyl"}, MEMBER),
    ("follow add", {"topic": "HIDTA", "channel": str(CHANNEL), "min_amount": "5 million"}, ADMIN),
    ("follow add", {"topic": "fentanyl"}, MEMBER),
    ("follow list", {}, MEMBER),
    ("follow remove", {"follow": "{follow}"}, MEMBER),
    ("follow list", {}, ADMIN),
    ("briefing-admin remove", {"document": SEED_TITLE}, ADMIN),
    ("sources", {}, MEMBER),
    ("search", {"text": "fentanyl"}, MEMBER),
    ("funding", {}, MEMBER),
)

# Row ids (follow #3, id:17 in a picker) and clock readings may differ between two databases.
_VOLATILE = (
    (re.compile(r"#\d+"), "#N"),
    (re.compile(r"\bid:\d+"), "id:N"),
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)?"), "<time>"),
    (re.compile(r"\b\d{1,2}:\d{2}\b(?! America)"), "<hh:mm>"),
)


_SEARCH_HIT = re.compile(r"^\*\*\[(.+)\]\(", re.M)  # "**[title](url)**" heads each hit


def readable(key: str, reply: Reply) -> str:
    """What the user is shown (every page, embed and choice), with row ids and times masked; for
    ``/search`` the matches found and their count, not their order or excerpts."""
    if key == "search":
        embeds = [embed for page in reply.pages for embed in page.embeds]
        hits = sorted(title for embed in embeds for title in _SEARCH_HIT.findall(embed.description))
        return json.dumps({"error": reply.error, "footer": [embed.footer for embed in embeds][:1],
                           "content": [page.content for page in reply.pages], "hits": hits}, ensure_ascii=False)
    fields: dict[str, Any] = dataclasses.asdict(reply)
    for choice in fields["choices"]:
        choice["initiative_id"] = 0
    text = json.dumps(fields, ensure_ascii=False, sort_keys=True)
    for pattern, mask in _VOLATILE:
        text = pattern.sub(mask, text)
    return text


async def transcript(target: Path | str) -> list[str]:
    """Run the script on a fresh database at ``target``, seeded by ``App.open`` as in production."""
    app = await App.open(Settings(db_path=parse_target(target), index_cache=False), announce_seed=False)
    replies: list[str] = []
    follow_id = ""
    try:
        for key, options, invocation in SCRIPT:
            asked = {name: value.format(follow=follow_id) for name, value in options.items()}
            reply = await app.handle(key, asked, invocation)
            if key == "follow add" and not follow_id and not reply.error:
                follow_id = str((await app.store.follows.of_guild(GUILD))[0].id)
            replies.append(f"/{key} {asked}: {readable(key, reply)}")
    finally:
        await app.close()
    return replies


async def test_every_command_replies_alike_on_sqlite_and_postgresql(tmp_db: Path, pg_url: str) -> None:
    on_sqlite = await transcript(tmp_db)
    on_postgres = await transcript(pg_url)
    assert {key.split(" ")[0] for key, _, _ in SCRIPT} >= {
        "initiative", "funding", "sources", "search", "briefing", "digest", "ask", "follow"}
    assert all(key in BY_KEY for key, _, _ in SCRIPT)
    # The script did what it says: the seed answered, the follow it made was found and removed.
    removal = next(n for n, (key, _, _) in enumerate(SCRIPT) if key == "follow remove")
    assert "HIDTA" in on_sqlite[1] and "Stopped following" in on_sqlite[removal]
    assert "Results 1–5 of 8" in on_sqlite[SCRIPT.index(("search", {"text": "fentanyl"}, MEMBER))]
    for sqlite_reply, postgres_reply in zip(on_sqlite, on_postgres, strict=True):
        assert postgres_reply == sqlite_reply
