"""What a digest says: new fact sheets, or an initiative spotlight and a funding fact.

Pure functions over corpus records: no SQL, no Discord. ``build_digest`` returns a ``Reply``
whose pages are the digest's messages (one page per message; several only when one message
would break Discord's limits). Every message carries the delivery's *marker* in its embed
footer, so after a restart the channel can be searched for a digest whose outcome was lost.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.model import DocumentRecord, FundingRecord, InitiativeRecord
from bot.query.copies import without_copies
from bot.query.funding import amount_text, totals
from bot.reply.model import COLOR, Embed, EmbedField, Page, Reply
from bot.reply.payload import render_payload, validate_payload
from bot.reply.text import escape_markdown, markdown_link, safe_url, shorten
from bot.store.follows import TopicMatch

from .schedule import format_local_date

MARKER_PREFIX = "Briefbot digest"
PREVIEW_FOOTER = "Preview · not posted"
DOCUMENTS_PER_MESSAGE = 6
MAX_MESSAGES = 3  # a digest never takes more than this many messages
MAX_DOCUMENTS = DOCUMENTS_PER_MESSAGE * MAX_MESSAGES
TOP_INITIATIVES = 3
# Discord allows 6000 characters over a message's embeds; staying well below means the payload
# layer never has to shorten anything, so the footer (and its marker) always survives.
MESSAGE_BUDGET = 4800
FIELD_VALUE_BUDGET = 1000
_PAGE_SUFFIX = re.compile(r" · (\d+)/(\d+)\s*$")


@dataclass(frozen=True, slots=True)
class Corpus:
    """The records a digest is made from (a ``Snapshot``, a ``CorpusIndex`` or the like)."""

    documents: Sequence[DocumentRecord]
    initiatives: Sequence[InitiativeRecord]
    funding: Sequence[FundingRecord]

    @classmethod
    def of(cls, source: Any) -> Corpus:
        """The records of ``source``; an index is read through its own lookups (see ``IndexCorpus``)."""
        if hasattr(source, "initiative_keys"):
            return IndexCorpus(source.documents, source.initiatives, source.funding, source)
        return cls(tuple(source.documents), tuple(source.initiatives), tuple(source.funding))

    def initiatives_of(self, document_ids: set[int]) -> dict[int, list[InitiativeRecord]]:
        """Initiatives of these fact sheets, in document order."""
        out: dict[int, list[InitiativeRecord]] = {}
        for initiative in self.initiatives:
            if initiative.document_id in document_ids:
                out.setdefault(initiative.document_id, []).append(initiative)
        return {key: sorted(value, key=lambda i: i.order) for key, value in out.items()}

    def funding_of(self, document_ids: set[int]) -> dict[int, list[FundingRecord]]:
        out: dict[int, list[FundingRecord]] = {}
        for record in self.funding:
            if record.document_id in document_ids:
                out.setdefault(record.document_id, []).append(record)
        return out

    def initiative_keys(self) -> Iterable[tuple[int, int, Any]]:
        """(document id, order, handle) of every initiative; ``initiative(handle)`` gives the record."""
        return ((i.document_id, i.order, i) for i in self.initiatives)

    def initiative(self, handle: Any) -> InitiativeRecord:
        return handle  # type: ignore[no-any-return]  # in a plain Corpus the handle is the record

    def counted_funding(self) -> list[tuple[int, int, int | None, float, int, Any]]:
        """(id, document id, initiative id, amount, position, handle) of every counted amount over 0."""
        return [(f.id, f.document_id, f.initiative_id, f.amount_usd, f.position, f)
                for f in self.funding if f.counted and f.amount_usd > 0]

    def funding_record(self, handle: Any) -> FundingRecord:
        return handle  # type: ignore[no-any-return]  # in a plain Corpus the handle is the record

    def funding_of_initiative(self, initiative_id: int) -> list[FundingRecord]:
        return [f for f in self.funding if f.initiative_id == initiative_id]


@dataclass(frozen=True, slots=True)
class IndexCorpus(Corpus):
    """A ``Corpus`` over a ``CorpusIndex``: keys and amounts come from its columns, and only the
    records a digest shows are made (a pass making all 800,000 records of a 50k library took 8 s)."""

    index: Any = None

    def initiatives_of(self, document_ids: set[int]) -> dict[int, list[InitiativeRecord]]:
        return {doc_id: self.index.initiatives_of(doc_id) for doc_id in document_ids}

    def funding_of(self, document_ids: set[int]) -> dict[int, list[FundingRecord]]:
        return {doc_id: self.index.funding_of_document(doc_id) for doc_id in document_ids}

    def initiative_keys(self) -> Iterable[tuple[int, int, Any]]:
        return self.index.initiative_keys()  # type: ignore[no-any-return]  # the index field is untyped

    def initiative(self, handle: Any) -> InitiativeRecord:
        return self.index.initiative(handle)  # type: ignore[no-any-return]  # the index field is untyped

    def counted_funding(self) -> list[tuple[int, int, int | None, float, int, Any]]:
        return self.index.counted_funding_keys()  # type: ignore[no-any-return]  # the index field is untyped

    def funding_record(self, handle: Any) -> FundingRecord:
        return self.index.funding_record(handle)  # type: ignore[no-any-return]  # the index field is untyped

    def funding_of_initiative(self, initiative_id: int) -> list[FundingRecord]:
        return self.index.funding_of_initiative(initiative_id)  # type: ignore[no-any-return]  # the index field is untyped


@dataclass(frozen=True, slots=True)
class SpotlightPick:
    key: str  # document identity + '#' + order
    cycle: int
    initiative: InitiativeRecord


@dataclass(slots=True)
class Digest:
    """One server's digest for one local day, ready to render."""

    guild_id: int
    local_date: dt.date
    reply: Reply
    new_documents: tuple[DocumentRecord, ...] = ()
    spotlight: SpotlightPick | None = None
    funding_fact: FundingRecord | None = None
    marker: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return digest_title(self.local_date)


def digest_title(local_date: dt.date) -> str:
    return f"Policy briefing — {format_local_date(local_date)}"


# ---- markers -----------------------------------------------------------------------------------


def new_marker(guild_id: int, local_date: dt.date) -> str:
    """A marker unique to one delivery: ``Briefbot digest · <guild>:<date> · <nonce>``."""
    return f"{MARKER_PREFIX} · {guild_id}:{local_date.isoformat()} · {secrets.token_hex(4)}"


def page_nonce(marker: str, index: int) -> str:
    """The Discord nonce of page ``index`` of the digest marked ``marker``: the same in every
    process that sends it, so a send that lands late is not doubled by another's resend."""
    return hashlib.blake2s(f"{marker}#{index}".encode(), digest_size=12).hexdigest()[:25]


def footer_for(marker: str, index: int, count: int) -> str:
    return marker if count <= 1 else f"{marker} · {index + 1}/{count}"


def marker_pages(messages: Iterable[tuple[int, str, list[dict[str, Any]]]],
                 marker: str) -> tuple[dict[int, int], int | None]:
    """Find the digest marked ``marker`` among ``messages``.

    Returns page index → message id for the pages found, and how many pages that digest had
    (None when no page was found).
    """
    found: dict[int, int] = {}
    count: int | None = None
    for message_id, content, embeds in messages:
        texts = [content or ""]
        texts.extend(str((embed.get("footer") or {}).get("text") or "") for embed in embeds or [])
        for text in texts:
            if marker not in text:
                continue
            match = _PAGE_SUFFIX.match(text[text.index(marker) + len(marker):])
            page, pages = (int(match.group(1)) - 1, int(match.group(2))) if match else (0, 1)
            found.setdefault(page, message_id)
            count = pages
            break
    return found, count


# ---- helpers -----------------------------------------------------------------------------------


def document_identity(doc: DocumentRecord, identities: dict[int, str] | None = None) -> str:
    """What survives re-ingest: the store's identity, else the URL, else the path."""
    if identities and doc.id in identities:
        return identities[doc.id]
    return doc.source_url or f"path:{doc.path}"


def initiative_key(identity: str, order: int) -> str:
    return f"{identity}#{order}"


def _date_text(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "date unknown"


def _link(text: str, url: str | None) -> str:
    return markdown_link(text, url, 250)


def _stable_rank(*parts: object) -> str:
    return hashlib.sha256(":".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def _newest_first(doc: DocumentRecord) -> tuple[dt.date, dt.datetime, int]:
    return (doc.date or dt.date.min, doc.ingested_at, doc.id)


# ---- spotlight ---------------------------------------------------------------------------------


def pick_spotlight(guild_id: int, keys: Iterable[str], cycle: int, shown: Iterable[str]) -> tuple[str, int] | None:
    """The next initiative to show: none repeats until every one was shown in this cycle.

    The order within a cycle is a fixed shuffle per server and cycle, so servers see different
    initiatives on the same day. When every current initiative has been shown, a new cycle
    starts. Initiatives added mid-cycle join the current one.
    """
    candidates = sorted(set(keys))
    if not candidates:
        return None
    seen = set(shown)
    remaining = [key for key in candidates if key not in seen]
    if not remaining:
        cycle += 1
        remaining = candidates
    return min(remaining, key=lambda key: _stable_rank(guild_id, cycle, key)), cycle


def _funding_fact(corpus: Corpus, guild_id: int, local_date: dt.date, spotlight: InitiativeRecord | None,
                  identities: dict[int, str] | None) -> FundingRecord | None:
    counted = corpus.counted_funding()  # (id, document id, initiative id, amount, position, handle)
    if not counted:
        return None
    if spotlight is not None:
        own = [item for item in counted if item[2] == spotlight.id]
        if own:
            return corpus.funding_record(max(own, key=lambda item: (item[3], -item[4]))[5])
    docs = {doc.id: doc for doc in corpus.documents}
    counted.sort(key=lambda item: _stable_rank(
        guild_id, document_identity(docs[item[1]], identities) if item[1] in docs else item[1], item[4]))
    return corpus.funding_record(counted[local_date.toordinal() % len(counted)][5])


# ---- building ----------------------------------------------------------------------------------


def _document_field(doc: DocumentRecord, initiatives: list[InitiativeRecord], funding: list[FundingRecord]) -> EmbedField:
    lines = [f"{_date_text(doc.date)} · {_link('Read the fact sheet', doc.source_url)}"
             if safe_url(doc.source_url) else _date_text(doc.date)]
    money = totals(funding)  # the rule every answer uses: each dollar once, by kind and source
    if money.counted:
        kinds = money.by_kind
        detail = (" (" + " · ".join(f"{item.label.lower()} {item.text}" for item in kinds) + ")"
                  if len(kinds) > 1 else f" ({kinds[0].label.lower()})" if kinds else "")
        lines.append(shorten(f"New money: **{money.headline}**{detail}", 400))
    if initiatives:
        lines.append("Top initiatives:")
        for initiative in initiatives[:TOP_INITIATIVES]:
            lines.append(f"• {escape_markdown(shorten(initiative.title, 150))}")
        if len(initiatives) > TOP_INITIATIVES:
            lines.append(f"…and {len(initiatives) - TOP_INITIATIVES} more (see /briefing)")
    value = shorten("\n".join(lines), FIELD_VALUE_BUDGET)
    return EmbedField(shorten(escape_markdown(" ".join(doc.title.split())), 250), value)


def _new_documents_pages(title: str, docs: list[DocumentRecord], corpus: Corpus) -> list[list[EmbedField]]:
    wanted = {doc.id for doc in docs[:MAX_DOCUMENTS]}
    by_doc_initiatives = corpus.initiatives_of(wanted)
    by_doc_funding = corpus.funding_of(wanted)

    every_field = [
        _document_field(doc, by_doc_initiatives.get(doc.id, []), by_doc_funding.get(doc.id, []))
        for doc in docs[:MAX_DOCUMENTS]
    ]
    # Show as many fact sheets as fit in MAX_MESSAGES messages; the rest are counted.
    shown = len(every_field)
    while True:
        fields = every_field[:shown]
        if len(docs) > shown:
            rest = len(docs) - shown
            fields = [*fields, EmbedField(f"…and {rest} more new fact sheet{'s' if rest != 1 else ''}",
                                          "Use /briefing to see any fact sheet, or /search to find one.")]
        pages = _pack(fields, MESSAGE_BUDGET - len(title) - 300)  # room for title, description, footer
        if len(pages) <= MAX_MESSAGES or shown <= 1:
            return pages
        shown -= 1


def _pack(fields: list[EmbedField], budget: int) -> list[list[EmbedField]]:
    """Fields into pages of at most DOCUMENTS_PER_MESSAGE fields and ``budget`` characters."""
    pages: list[list[EmbedField]] = [[]]
    used = 0
    for item in fields:
        size = len(item.name) + len(item.value)
        if pages[-1] and (len(pages[-1]) >= DOCUMENTS_PER_MESSAGE or used + size > budget):
            pages.append([])
            used = 0
        pages[-1].append(item)
        used += size
    return pages


def build_digest(corpus: Corpus, *, guild_id: int, local_date: dt.date, since: dt.datetime,
                 first: bool = False, identities: dict[int, str] | None = None, spotlight_cycle: int = 0,
                 spotlight_shown: Iterable[str] = (), marker: str | None = None,
                 topic_matches: Sequence[TopicMatch] = ()) -> Digest:
    """The digest for ``local_date``: fact sheets stored after ``since``, else a spotlight.

    ``first`` says there was no earlier digest (``since`` is then 24 hours ago) and only
    changes the wording. ``marker`` goes into every message's footer; None renders a preview.
    ``topic_matches``: what matched this server's follows since then, shown as "Your topics".
    """
    title = digest_title(local_date)
    # A sheet stored twice (at two addresses, or published again a day later) is one new sheet, and not new at all
    # when its other copy was stored before: nothing is posted twice.
    new_docs = without_copies(sorted((doc for doc in corpus.documents if doc.ingested_at > since), key=_newest_first,
                                     reverse=True),
                              shown=(doc for doc in corpus.documents if doc.ingested_at <= since))
    digest = Digest(guild_id=guild_id, local_date=local_date, reply=Reply(pages=[]), marker=marker,
                    new_documents=tuple(new_docs))
    embeds: list[Embed] = []
    if new_docs:
        count = len(new_docs)
        when = "in the last 24 hours" if first else "since the last briefing"
        description = f"**{count}** new fact sheet{'s' if count != 1 else ''} {when}."
        for number, fields in enumerate(_new_documents_pages(title, new_docs, corpus)):
            embeds.append(Embed(title=title if number == 0 else f"{title} (continued)",
                                description=description if number == 0 else "", fields=fields, color=COLOR))
    elif corpus.initiatives:
        embeds.append(_spotlight_embed(digest, corpus, title, identities, spotlight_cycle, spotlight_shown, first))
    else:
        embeds.append(Embed(title=title, color=COLOR, description=(
            "The library has no fact sheets yet. An admin can add one with /briefing-admin add.")))
    if topic_matches:
        embeds.append(_topics_embed(topic_matches))
    count = len(embeds)
    for index, embed in enumerate(embeds):
        embed.footer = footer_for(marker, index, count) if marker else PREVIEW_FOOTER
    digest.reply = Reply(pages=[Page(embeds=[embed]) for embed in embeds])
    return digest


TOPIC_LINES_SHOWN = 15


def _topics_embed(matches: Sequence[TopicMatch]) -> Embed:
    """"Your topics": each sheet that matched a follow here (newest first), and which topics."""
    newest: dict[str, TopicMatch] = {}
    for match in sorted(matches, key=lambda m: m.matched_at, reverse=True):
        newest.setdefault(match.identity, match)
    lines = []
    for match in list(newest.values())[:TOPIC_LINES_SHOWN]:
        topics = ", ".join(escape_markdown(topic) for topic in match.topics)
        updated = " (updated)" if match.kind == "updated" else ""
        lines.append(f"• **{escape_markdown(shorten(match.title, 150))}**{updated} — {shorten(topics, 200)}")
    if len(newest) > TOPIC_LINES_SHOWN:
        lines.append(f"… and {len(newest) - TOPIC_LINES_SHOWN} more")
    count = len(newest)
    lead = f"**{count}** fact sheet{'s' if count != 1 else ''} matched topics followed here."
    return Embed(title="Your topics", description=shorten(lead + "\n" + "\n".join(lines), 4000), color=COLOR)


def _spotlight_embed(digest: Digest, corpus: Corpus, title: str, identities: dict[int, str] | None,
                     cycle: int, shown: Iterable[str], first: bool) -> Embed:
    docs = {doc.id: doc for doc in corpus.documents}
    identity_of = {doc_id: document_identity(doc, identities) for doc_id, doc in docs.items()}
    by_key: dict[str, Any] = {}
    for document_id, order, handle in corpus.initiative_keys():
        identity = identity_of.get(document_id)
        if identity is not None:
            by_key[initiative_key(identity, order)] = handle
    picked = pick_spotlight(digest.guild_id, by_key, cycle, shown)
    embed = Embed(title=title, color=COLOR)
    lead = "No new fact sheets in the last 24 hours" if first else "No new fact sheets since the last briefing"
    if picked is None:  # initiatives without documents cannot happen with a consistent corpus
        embed.description = lead + "."
        return embed
    key, cycle = picked
    initiative = corpus.initiative(by_key[key])
    digest.spotlight = SpotlightPick(key, cycle, initiative)
    doc = docs[initiative.document_id]
    embed.description = shorten(
        f"{lead}, so here is an initiative from the library.\n\n"
        f"**Spotlight: {escape_markdown(initiative.title)}**\n{initiative.text}", 2000)
    embed.fields.append(EmbedField("From", f"{_link(doc.title, doc.source_url)} ({_date_text(doc.date)})"))
    own = totals(corpus.funding_of_initiative(initiative.id))
    if own.counted:
        embed.fields.append(EmbedField("Its funding", own.headline))
    fact = _funding_fact(corpus, digest.guild_id, digest.local_date, initiative, identities)
    digest.funding_fact = fact
    if fact is not None:
        source = docs.get(fact.document_id)
        sentence = shorten(escape_markdown(fact.sentence), 600)
        where = f"\nSource: {_link(source.title, source.source_url)}" if source else ""
        embed.fields.append(EmbedField("Funding fact", f"**{escape_markdown(amount_text(fact))}** — {sentence}{where}"))
    return embed


# ---- rendering ---------------------------------------------------------------------------------


def render_messages(reply: Reply) -> list[dict[str, Any]]:
    """One Discord message payload per page, each checked against Discord's limits."""
    payloads = []
    for page in reply.pages:
        payload = render_payload(Reply(pages=[page]))
        validate_payload(payload)
        payloads.append(payload)
    return payloads


def plain_text(digest: Digest) -> str:
    """The digest as plain text, for the console and logs."""
    blocks: list[str] = []
    for page in digest.reply.pages:
        for embed in page.embeds:
            lines = [embed.title]
            if embed.description:
                lines.append(embed.description)
            for item in embed.fields:
                lines.append(f"\n## {item.name}\n{item.value}")
            if embed.footer:
                lines.append(f"\n— {embed.footer}")
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
