"""What each read-only command answers, on the bundled fact sheet built as records.

Every reply goes through ``render_payload`` (which validates every Discord limit), so a reply
that Discord would refuse fails here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.commands import dispatch
from bot.commands.spec import ALL_COMMANDS, Invocation
from bot.query import CorpusIndex
from bot.reply.model import Reply
from bot.reply.payload import render_payload, validate_payload
from bot.store import SearchHit
from tests.fake_app import FakeApp, FakeStore
from tests.test_query_index import (
    BORDER,
    DETECTION,
    HIDTA,
    SEED_TITLE,
    SEED_URL,
    Snapshot,
    make_document,
    make_initiatives,
    seed_parts,
    seed_snapshot,
)


@pytest.fixture
def app() -> FakeApp:
    return FakeApp(CorpusIndex.build(seed_snapshot()))


def payloads(reply: Reply) -> list[dict[str, Any]]:
    """Every page rendered and validated, as a transport would send them."""
    out = []
    for n in range(len(reply.pages)):
        payload = render_payload(reply, n, reply_key="k1", owner_id=42)
        validate_payload(payload)
        out.append(payload)
    return out


def everything(reply: Reply) -> str:
    """All visible text of a reply (content, titles, descriptions, fields, footers)."""
    parts: list[str] = []
    for page in reply.pages:
        parts.append(page.content)
        for embed in page.embeds:
            parts += [embed.title, embed.description, embed.footer or ""]
            for item in embed.fields:
                parts += [item.name, item.value]
    return "\n".join(parts)


async def ask(app: FakeApp, key: str, **options: str) -> Reply:
    reply = await dispatch(app, key, options, Invocation(user_id=42))
    payloads(reply)
    return reply


# ---- /initiative ------------------------------------------------------------------------------


async def test_initiative_shows_one_embed_with_funding_links_and_fact_sheet(app: FakeApp) -> None:
    reply = await ask(app, "initiative", query="detection tech")
    assert not reply.error
    embed = reply.pages[0].embeds[0]
    assert embed.title == DETECTION
    assert embed.url == SEED_URL
    assert "Non-Intrusive Inspection Systems" in embed.description
    fields = {f.name: f.value for f in embed.fields}
    assert "**$535 million**" in fields["Funding"]
    assert "$305 million (part of $535 million, not added)" in fields["Funding"]
    assert "more than $1.2 billion (repeat of $1.2 billion, not added)" in fields["Funding"]
    assert "Counted here: **$535 million**" in fields["Funding"]  # the part and the repeat are not added
    assert "https://www.whitehouse.gov/omb/briefing-room/2023/03/09/fact-sheet-budget/" in fields["Links"]
    assert "2023-11-16" in fields["Fact sheet"] and SEED_URL in fields["Fact sheet"]


async def test_initiative_clear_winner_has_no_choices(app: FakeApp) -> None:
    reply = await ask(app, "initiative", query="hidta")
    assert reply.pages[0].embeds[0].title == HIDTA
    assert reply.choices == []


async def test_initiative_weak_match_offers_did_you_mean(app: FakeApp) -> None:
    reply = await ask(app, "initiative", query="illicit fentanyl")
    assert reply.choices, "several initiatives fit equally: the reply must offer the others"
    shown = reply.pages[0].embeds[0].title
    assert shown not in [c.label for c in reply.choices]
    assert 1 <= len(reply.choices) <= 5
    assert all(c.description and "Global Illicit Drug" in c.description for c in reply.choices)
    assert "pick another" in reply.pages[0].content.lower()
    payload = payloads(reply)[0]
    assert any(row["components"][0]["type"] == 3 for row in payload["components"])


async def test_initiative_pick_by_id_shows_exactly_that_one(app: FakeApp) -> None:
    target = next(r for r in app.index.initiatives if r.title == BORDER)
    reply = await ask(app, "initiative", query=f"id:{target.id}")
    assert reply.pages[0].embeds[0].title == BORDER
    assert reply.choices == []


async def test_initiative_no_match_says_so_and_suggests(app: FakeApp) -> None:
    reply = await ask(app, "initiative", query="qqqqzzzz **bold** <@123>")
    text = everything(reply)
    assert "No initiative matches" in text
    assert "\\*\\*bold\\*\\*" in text  # user input echoed escaped
    assert reply.choices == [] and "Nearest titles" not in text  # nothing near: no unrelated titles
    assert not reply.error


async def test_initiative_long_text_becomes_pages(app: FakeApp) -> None:
    doc = make_document(7, "Long sheet", dt.date(2024, 2, 2), "https://example.gov/long")
    text = "\n".join(f"Paragraph {n} " + "word " * 150 for n in range(12))
    initiatives = make_initiatives(7, 1, [("Very long initiative", text, ())])
    long_app = FakeApp(CorpusIndex.build(Snapshot(1, (doc,), tuple(initiatives), (), ())))
    reply = await ask(long_app, "initiative", query="very long initiative")
    assert len(reply.pages) > 1
    joined = " ".join(p.embeds[0].description for p in reply.pages)
    assert all(f"Paragraph {n} " in joined for n in range(12))  # nothing lost across pages


async def test_initiative_without_query_or_library(app: FakeApp) -> None:
    assert "Tell me what to look for" in everything(await ask(app, "initiative", query="  "))
    empty = FakeApp(CorpusIndex.build(Snapshot(0, (), (), (), ())))
    assert "no initiatives" in everything(await ask(empty, "initiative", query="hidta"))


# ---- /funding ---------------------------------------------------------------------------------


async def test_funding_whole_corpus_headline_and_breakdown(app: FakeApp) -> None:
    reply = await ask(app, "funding")
    text = everything(reply)
    assert "at least $29.587 billion" in reply.pages[0].embeds[0].title
    # By kind and source, new federal money first, then by the year of the fact sheet.
    assert ("New federal funding **at least $302 million** · Budget requests **$26.535 billion** (FY24) · "
            "Supplemental requests **at least $2.75 billion**") in text
    assert "By year of the fact sheet: 2023 **at least $29.587 billion**" in text
    assert "$305 million (part of $535 million, not added)" in text
    assert "(repeat of $1.2 billion, not added)" in text
    assert SEED_URL in text  # the source of the items


async def test_funding_border_lists_the_border_items(app: FakeApp) -> None:
    reply = await ask(app, "funding", query="border")
    text = everything(reply)
    assert "**more than $1.2 billion** — supplemental request — Increasing security at the border" in text
    assert "**$535 million** — budget request, FY24 — Deploying detection technology" in text
    assert "$305 million (part of $535 million, not added)" in text
    assert "$26 billion" not in text
    assert "at least $1.735 billion" in reply.pages[0].embeds[0].title


async def test_funding_document_by_title_and_unknown_title(app: FakeApp) -> None:
    reply = await ask(app, "funding", document="global illicit drug trafficking")
    assert "at least $29.587 billion" in reply.pages[0].embeds[0].title
    assert reply.pages[0].embeds[0].url == SEED_URL
    missing = await ask(app, "funding", document="offshore wind jobs")
    text = everything(missing)
    assert "No fact sheet matches" in text and "Global Illicit Drug" in text


async def test_funding_unknown_topic_says_so(app: FakeApp) -> None:
    text = everything(await ask(app, "funding", query="qqqzzz"))
    assert "No funding mentions about" in text


async def test_funding_many_documents_are_grouped_newest_first() -> None:
    old_doc, old_inits, old_funding, old_acr = seed_parts(doc_id=1, date=dt.date(2022, 1, 1), title="Old sheet",
                                                          url="https://example.gov/old")
    new_doc, new_inits, new_funding, new_acr = seed_parts(doc_id=2, first_initiative=100, first_funding=100,
                                                          title="New sheet", url="https://example.gov/new")
    snap = Snapshot(1, (old_doc, new_doc), tuple(old_inits + new_inits), tuple(old_funding + new_funding),
                    tuple(old_acr + new_acr))
    reply = await ask(FakeApp(CorpusIndex.build(snap)), "funding")
    text = everything(reply)
    assert text.index("New sheet") < text.index("Old sheet")
    # The new sheet announces the same money again, word for word: it is counted once, where it
    # was first announced (this used to add up to $59.174 billion, every dollar twice).
    assert "at least $29.587 billion" in reply.pages[0].embeds[0].title
    assert "By year of the fact sheet: 2022 **at least $29.587 billion**" in text
    assert "Announced again: 5 figures ($29.587 billion) repeat money first announced in an earlier fact sheet" in text
    assert "$535 million (first announced in “Old sheet” (2022-01-01), not added)" in text


# ---- /sources, /briefing, /search, /help -------------------------------------------------------


async def test_sources_lists_fact_sheets_and_initiative_links(app: FakeApp) -> None:
    every = everything(await ask(app, "sources"))
    assert SEED_URL in every and "12 initiatives" in every
    one = await ask(app, "sources", query="border security")
    text = everything(one)
    assert SEED_URL in text
    assert "https://www.whitehouse.gov/ondcp/briefing-room/2023/10/20/white-house-calls/" in text
    hidta = everything(await ask(app, "sources", query="hidta"))
    assert "cites no other links" in hidta
    assert "No initiative matches" in everything(await ask(app, "sources", query="qqqzzzz"))


async def test_sources_lists_a_sheet_stored_twice_once_with_its_other_address() -> None:
    """The same fact sheet at whitehouse.gov and at its archive: one line, with the archive link after it; a sheet
    with the same title a year later is another sheet."""
    day = dt.date(2022, 8, 9)
    docs = (make_document(1, "FACT SHEET: Chips Act", day, "https://www.whitehouse.gov/chips/", initiative_count=3),
            make_document(2, "FACT SHEET: Chips Act", day, "https://bidenwhitehouse.archives.gov/chips/",
                          initiative_count=3),
            make_document(3, "FACT SHEET: Chips Act", dt.date(2023, 8, 9), "https://example.gov/chips-2023/"))
    app = FakeApp(CorpusIndex.build(Snapshot(1, docs, (), (), ())))
    text = everything(await ask(app, "sources"))
    assert "Sources: 2 fact sheets (1 of them stored at more than one address), newest first" in text
    assert text.count("Chips Act") == 2
    assert ("also at [bidenwhitehouse.archives.gov](https://bidenwhitehouse.archives.gov/chips/)" in text
            or "also at [whitehouse.gov](https://www.whitehouse.gov/chips/)" in text)
    assert "https://bidenwhitehouse.archives.gov/chips/" in text and "https://www.whitehouse.gov/chips/" in text


async def test_briefing_newest_and_by_title(app: FakeApp) -> None:
    reply = await ask(app, "briefing")
    embed = reply.pages[0].embeds[0]
    assert embed.title == SEED_TITLE
    assert embed.url == SEED_URL
    text = everything(reply)
    assert "2023-11-16" in text and "12 initiatives" in text
    assert "at least $29.587 billion" in text
    assert "… and 4 more" in text
    named = await ask(app, "briefing", document="doc:1")
    assert named.pages[0].embeds[0].title == SEED_TITLE
    assert "No fact sheet matches" in everything(await ask(app, "briefing", document="qqq zzz"))


def _hit(n: int) -> SearchHit:
    return SearchHit(kind="initiative" if n % 2 else "document", document_id=1, initiative_id=n if n % 2 else None,
                     title=f"Result {n} with_under*score", snippet=f"about **fentanyl** precursor {n} *x*",
                     document_title=SEED_TITLE, source_url=SEED_URL)


async def test_search_pages_hits_and_keeps_bold_matches(app: FakeApp) -> None:
    app.store = FakeStore(hits=[_hit(n) for n in range(12)])
    reply = await ask(app, "search", text="fentanyl")
    assert app.store.searched == ["fentanyl"]
    assert len(reply.pages) == 3  # 5 per page
    first = reply.pages[0].embeds[0]
    assert "**fentanyl**" in first.description
    assert "\\*x\\*" in first.description  # stray markers from the text are escaped
    last = reply.pages[2].embeds[0]
    assert first.footer is not None and "Results 1–5 of 12" in first.footer
    assert last.footer is not None and "Results 11–12 of 12" in last.footer


async def test_search_shows_a_sheet_stored_twice_once(app: FakeApp) -> None:
    """The same fact sheet at two addresses (whitehouse.gov and its archive) matches twice with the same title and
    words: the reply lists it once and counts it once; a different sheet with the same title but other words stays."""
    copy = [SearchHit(kind="document", document_id=n, initiative_id=None, title="Bringing Chips Back",
                      snippet="**semiconductor** manufacturing", document_title="Bringing Chips Back",
                      source_url=f"https://{host}/chips/") for n, host in ((1, "www.whitehouse.gov"),
                                                                           (2, "bidenwhitehouse.archives.gov"))]
    other = SearchHit(kind="document", document_id=3, initiative_id=None, title="Bringing Chips Back",
                      snippet="a year of **semiconductor** plants", document_title="Bringing Chips Back",
                      source_url="https://bidenwhitehouse.archives.gov/chips-one-year/")
    app.store = FakeStore(hits=[*copy, other])
    reply = await ask(app, "search", text="semiconductor")
    text = everything(reply)
    assert text.count("Bringing Chips Back") == 2 and "www.whitehouse.gov/chips/" in text
    assert "archives.gov/chips/)" not in text and "chips-one-year" in text
    footer = reply.pages[0].embeds[0].footer
    assert footer is not None and "Results 1–2 of 2" in footer


async def test_search_with_no_hits_suggests_initiative(app: FakeApp) -> None:
    text = everything(await ask(app, "search", text="nothing here"))
    assert "No fact sheet or initiative mentions" in text and "/initiative" in text


async def test_help_lists_every_command_with_its_example(app: FakeApp) -> None:
    text = everything(await ask(app, "help"))
    for spec in ALL_COMMANDS:
        assert f"/{spec.key}" in text
        assert spec.example in text
    assert "Manage Server" in text
