"""What the digest says, and that it always fits Discord's limits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from bot.digest.content import (
    Corpus,
    build_digest,
    marker_pages,
    new_marker,
    pick_spotlight,
    render_messages,
)
from bot.model import DocumentRecord, FundingRecord, InitiativeRecord
from bot.reply import limits

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 28, 13, 0, tzinfo=UTC)
DAY = dt.date(2026, 11, 28)


def doc(doc_id: int, title: str, *, ingested: dt.datetime, url: str | None = None, day: dt.date | None = None,
        initiatives: int = 0) -> DocumentRecord:
    return DocumentRecord(doc_id, title, day or dt.date(2026, 11, 20), url or f"https://example.gov/{doc_id}",
                          f"{doc_id}.md", (), ingested, initiatives)


def initiative(init_id: int, doc_id: int, order: int, title: str) -> InitiativeRecord:
    return InitiativeRecord(init_id, doc_id, title, None, order, f"**{title}.** Details.", (), ())


def money(fund_id: int, doc_id: int, amount: float, *, initiative_id: int | None = None, qualifier: str | None = None,
          counted: bool = True, position: int = 0, sentence: str = "It provides money.",
          repeat_of: int | None = None) -> FundingRecord:
    return FundingRecord(fund_id, doc_id, initiative_id, amount, f"${amount:,.0f}", qualifier, sentence,
                         "budget request", 2026, counted, None if counted else f"repeat of ${amount:,.0f}",
                         repeat_of, position)


def test_new_fact_sheets_are_listed_with_date_link_funding_and_top_initiatives() -> None:
    old = doc(1, "Old Sheet", ingested=NOW - dt.timedelta(days=3))
    new = doc(2, "Fact Sheet: Safer Roads", ingested=NOW - dt.timedelta(hours=2), url="https://example.gov/roads",
              day=dt.date(2026, 11, 27), initiatives=5)
    inits = [initiative(20 + n, 2, n, f"Road initiative {n}") for n in range(5)]
    funding = [money(1, 2, 1_200_000_000, qualifier="more than"), money(2, 2, 300_000_000, position=1),
               money(3, 2, 300_000_000, counted=False, position=2, repeat_of=2)]  # a repeat: not added again
    digest = build_digest(Corpus([old, new], inits, funding), guild_id=7, local_date=DAY,
                          since=NOW - dt.timedelta(days=1), marker=new_marker(7, DAY))
    [page] = digest.reply.pages
    [embed] = page.embeds
    assert embed.title == "Policy briefing — Saturday 28 November 2026"
    assert "1** new fact sheet " in embed.description or "**1** new fact sheet" in embed.description
    [item] = embed.fields
    assert item.name == "Fact Sheet: Safer Roads"
    assert "27 November 2026" in item.value
    assert "(https://example.gov/roads)" in item.value
    assert "New money: **at least $1.5 billion** (budget requests)" in item.value
    assert [line for line in item.value.splitlines() if line.startswith("• ")] == [
        "• Road initiative 0", "• Road initiative 1", "• Road initiative 2"]
    assert "2 more" in item.value
    assert digest.spotlight is None


def test_a_sheet_stored_twice_is_posted_once() -> None:
    """The same sheet at whitehouse.gov and at its archive, both stored since the last digest, is one new sheet; its
    copy published again at "…-2" the next day, after the digest that listed it, is not new; the same title a year
    later is another sheet."""
    title = "Fact Sheet: Bringing Chips Back"
    earlier = doc(1, "Fact Sheet: Safer Roads", ingested=NOW - dt.timedelta(days=2), day=dt.date(2026, 11, 25))
    corpus = Corpus([
        earlier,
        doc(2, title, ingested=NOW - dt.timedelta(hours=3), url="https://www.whitehouse.gov/chips/",
            day=dt.date(2026, 11, 27)),
        doc(3, title, ingested=NOW - dt.timedelta(hours=2), url="https://bidenwhitehouse.archives.gov/chips/",
            day=dt.date(2026, 11, 27)),
        doc(4, "Fact Sheet: Safer Roads", ingested=NOW - dt.timedelta(hours=1), url="https://example.gov/roads-2",
            day=dt.date(2026, 11, 26)),
        doc(5, title, ingested=NOW - dt.timedelta(hours=1), url="https://example.gov/chips-2025",
            day=dt.date(2025, 11, 27)),
    ], [], [])
    digest = build_digest(corpus, guild_id=7, local_date=DAY, since=NOW - dt.timedelta(days=1))
    kept = [d.id for d in digest.new_documents]
    assert len(kept) == 2 and kept[0] in (2, 3) and kept[1] == 5, kept  # one copy of the sheet, then last year's
    [page] = digest.reply.pages
    embed = page.embeds[0]
    assert "**2** new fact sheets" in embed.description
    assert [item.name for item in embed.fields] == [title, title]
    assert "Safer Roads" not in "\n".join(item.value for item in embed.fields)


def test_first_digest_says_last_24_hours_and_later_ones_since_the_last_briefing() -> None:
    corpus = Corpus([doc(1, "A sheet", ingested=NOW - dt.timedelta(hours=1))], [], [])
    first = build_digest(corpus, guild_id=1, local_date=DAY, since=NOW - dt.timedelta(hours=24), first=True)
    later = build_digest(corpus, guild_id=1, local_date=DAY, since=NOW - dt.timedelta(hours=24))
    assert "last 24 hours" in first.reply.pages[0].embeds[0].description
    assert "since the last briefing" in later.reply.pages[0].embeds[0].description


def test_many_new_fact_sheets_fit_a_few_valid_messages_each_marked() -> None:
    docs = [doc(n, f"Fact Sheet number {n}: " + "very long title words " * 8, ingested=NOW - dt.timedelta(minutes=n),
                initiatives=4) for n in range(1, 41)]
    inits = [initiative(1000 + n * 10 + k, n, k, "An initiative title that goes on " * 4) for n in range(1, 41)
             for k in range(4)]
    marker = new_marker(99, DAY)
    digest = build_digest(Corpus(docs, inits, []), guild_id=99, local_date=DAY, since=NOW - dt.timedelta(days=1),
                          marker=marker)
    payloads = render_messages(digest.reply)
    assert 1 < len(payloads) <= 3
    listed = [f["name"] for p in payloads for e in p["embeds"] for f in e["fields"]]
    shown = [name for name in listed if name.startswith("Fact Sheet number")]
    [more] = [name for name in listed if "more new fact sheets" in name]
    assert len(shown) >= 6
    assert len(shown) + int(more.split()[1]) == 40  # every new sheet is shown or counted
    for number, payload in enumerate(payloads, 1):
        assert payload["embeds"][0]["footer"]["text"] == f"{marker} · {number}/{len(payloads)}"
        total = sum(len(e.get("title", "")) + len(e.get("description", "")) + len(e["footer"]["text"])
                    + sum(len(f["name"]) + len(f["value"]) for f in e["fields"]) for e in payload["embeds"])
        assert total <= limits.EMBEDS_TOTAL_MAX
    messages = [(500 + n, "", p["embeds"]) for n, p in enumerate(payloads)]
    found, count = marker_pages(list(reversed(messages)), marker)
    assert count == len(payloads)
    assert found == {n: 500 + n for n in range(len(payloads))}
    assert marker_pages(messages, new_marker(99, DAY)) == ({}, None)  # another delivery's marker


def test_quiet_day_shows_a_spotlight_and_a_funding_fact_with_its_source() -> None:
    sheet = doc(1, "Clean Water Fact Sheet", ingested=NOW - dt.timedelta(days=30), url="https://example.gov/water")
    inits = [initiative(10, 1, 0, "Lead Pipe Replacement")]
    funding = [money(5, 1, 15_000_000_000, initiative_id=10, sentence="It invests $15 billion in lead pipes.")]
    digest = build_digest(Corpus([sheet], inits, funding), guild_id=3, local_date=DAY, since=NOW - dt.timedelta(days=1),
                          marker=new_marker(3, DAY))
    embed = digest.reply.pages[0].embeds[0]
    assert "Spotlight: Lead Pipe Replacement" in embed.description
    fields = {f.name: f.value for f in embed.fields}
    assert "[Clean Water Fact Sheet](https://example.gov/water)" in fields["From"]
    assert "$15 billion" in fields["Funding fact"]
    assert "lead pipes" in fields["Funding fact"]
    assert "Source: [Clean Water Fact Sheet](https://example.gov/water)" in fields["Funding fact"]
    assert digest.spotlight is not None and digest.spotlight.key == "https://example.gov/water#0"


def test_empty_library_says_so() -> None:
    digest = build_digest(Corpus([], [], []), guild_id=1, local_date=DAY, since=NOW)
    assert "no fact sheets yet" in digest.reply.pages[0].embeds[0].description
    assert digest.reply.pages[0].embeds[0].footer == "Preview · not posted"


def spotlight(guild_id: int, keys: list[str], cycle: int, shown: Iterable[str]) -> tuple[str, int]:
    """``pick_spotlight`` over keys that are never empty: it always picks one."""
    picked = pick_spotlight(guild_id, keys, cycle, shown)
    assert picked is not None
    return picked


def test_spotlight_rotation_covers_everything_before_repeating() -> None:
    keys = [f"https://example.gov/{n}#0" for n in range(7)]
    shown: set[str] = set()
    cycle = 0
    seen_per_cycle: dict[int, list[str]] = {}
    for _ in range(21):
        key, cycle_now = spotlight(5, keys, cycle, shown)
        if cycle_now != cycle:
            cycle, shown = cycle_now, set()
        assert key not in shown
        shown.add(key)
        seen_per_cycle.setdefault(cycle, []).append(key)
    assert sorted(seen_per_cycle) == [0, 1, 2]
    assert all(sorted(v) == sorted(keys) for v in seen_per_cycle.values())
    orders = {guild: spotlight(guild, keys, 0, ())[0] for guild in range(1, 30)}
    assert len(set(orders.values())) > 1  # servers do not all see the same initiative first


def test_spotlight_survives_reingest_and_includes_initiatives_added_mid_cycle() -> None:
    """Keys are document identity + order: a re-ingested sheet (new ids) keeps its shown state."""
    before = Corpus([doc(1, "Sheet", ingested=NOW - dt.timedelta(days=9), url="https://example.gov/s")],
                    [initiative(10, 1, 0, "First"), initiative(11, 1, 1, "Second")], [])
    first = build_digest(before, guild_id=1, local_date=DAY, since=NOW)
    assert first.spotlight is not None
    shown = {first.spotlight.key}
    after = Corpus([doc(77, "Sheet", ingested=NOW - dt.timedelta(days=2), url="https://example.gov/s")],
                   [initiative(90, 77, 0, "First"), initiative(91, 77, 1, "Second"), initiative(92, 77, 2, "Third")],
                   [])
    titles = set()
    for _ in range(2):
        digest = build_digest(after, guild_id=1, local_date=DAY, since=NOW, spotlight_shown=shown)
        assert digest.spotlight is not None and digest.spotlight.cycle == 0
        titles.add(digest.spotlight.initiative.title)
        shown.add(digest.spotlight.key)
    assert first.spotlight.initiative.title not in titles
    assert len(titles) == 2


def test_your_topics_lists_what_matched_the_servers_follows_newest_first() -> None:
    from bot.store.follows import TopicMatch

    sheet = doc(1, "Fact Sheet: Safer Roads", ingested=NOW - dt.timedelta(hours=2))
    matches = [
        TopicMatch("roads", "new", "Fact Sheet: Safer Roads", ("roads",), NOW - dt.timedelta(hours=2)),
        TopicMatch("quokka", "updated", "FACT SHEET: Protecting the *Quokka* Program", ("quokka", "rangers"),
                   NOW - dt.timedelta(hours=1)),
    ]
    digest = build_digest(Corpus([sheet], [], []), guild_id=7, local_date=DAY, since=NOW - dt.timedelta(days=1),
                          marker=new_marker(7, DAY), topic_matches=matches)
    topics = [e for page in digest.reply.pages for e in page.embeds if e.title == "Your topics"]
    assert len(topics) == 1
    lines = topics[0].description.splitlines()
    assert lines[0] == "**2** fact sheets matched topics followed here."
    assert lines[1] == r"• **FACT SHEET: Protecting the \*Quokka\* Program** (updated) — quokka, rangers"
    assert lines[2] == "• **Fact Sheet: Safer Roads** — roads"
    for message in render_messages(digest.reply):  # still within Discord's limits
        assert len(message["embeds"]) <= 10
    without = build_digest(Corpus([sheet], [], []), guild_id=7, local_date=DAY, since=NOW - dt.timedelta(days=1))
    assert not [e for page in without.reply.pages for e in page.embeds if e.title == "Your topics"]
