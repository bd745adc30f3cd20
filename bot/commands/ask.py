"""/ask question — a question in plain words, answered from the fact sheets or honestly not.

The question is read deterministically (``bot.query.question``): its intent, topic and filters.
``bot.query.answer`` finds what answers it in the index, and the reply is made by the same
handlers the commands use: ``/initiative id:…`` for an initiative, ``/funding …`` for the money
(the money model's kinds and totals), ``/search`` for the fact sheets on a topic. The first lines
say how the question was read and which command gives the same answer, so nothing is hidden.

When the library does not answer the question, the reply says so ("These fact sheets don't
cover …"), with leads only when they are genuinely close; never a confident answer from a weak
match.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools

from bot.app_protocol import BotApp
from bot.commands.common import choices_for, date_text, document_line, link, quoted
from bot.commands.registry import ANSWERS, dispatch, handler
from bot.commands.spec import Invocation
from bot.model import REASON_FOR_KIND, FundingRecord
from bot.query import CorpusIndex, amount_text
from bot.query.answer import (
    COVERED,
    HEDGE_AGENCY,
    HEDGE_CLOSE,
    HEDGE_ESTIMATE,
    HEDGE_HEADLINE,
    HEDGE_KIND,
    HEDGE_OFFICE,
    HEDGE_OUTSAID,
    HEDGE_PART,
    HEDGE_RUNNING,
    HEDGE_SPLIT,
    HEDGE_TOTAL,
    HEDGE_WEAK,
    HEDGE_YEARS,
    NO_COUNT_REASON,
    NO_FIGURE_REASON,
    NO_SHARE_REASON,
    ONLY_CONTEXT_REASON,
    Answer,
    Figure,
    answer,
    figure_initiative_title,
)
from bot.query.question import FUNDING, NONE, SOURCES, WHEN, WHERE, WHO, Reading, read_question
from bot.reply import limits
from bot.reply.model import COLOR, Embed, EmbedField, Page, Reply
from bot.reply.text import escape_markdown, shorten

FIGURES_SHOWN = 5
SHEETS_SHOWN = 8
CHOICES = 5
_OUT_OF_SCOPE = ("That is not something these fact sheets cover: I answer questions about the White House "
                 "fact sheets in the library — initiatives, funding, dates, agencies and places. "
                 "Try `/help` for the commands, or ask e.g. “how much for lead pipes?”.")


# Why no figure is given as *the* answer, in the reader's words (``Answer.hedge``).
_HEDGE_TEXT = {
    HEDGE_WEAK: "No figure in the fact sheets is said, in its own sentence, to be for all of this; these are the "
                "figures near it.",
    HEDGE_KIND: "The closest figure is earlier or cumulative money, or an estimate, not money announced for this.",
    HEDGE_RUNNING: "The closest figure is a running total; what was new may be another of these.",
    HEDGE_PART: "The closest figure is said as part of a larger one; which one answers is not clear.",
    HEDGE_HEADLINE: "The fact sheet's title announces another of its figures on this.",
    HEDGE_TOTAL: "The closest figure is larger than what its fact sheet announces: likely the total it adds to.",
    HEDGE_CLOSE: "Several figures in the fact sheets are close answers; none stands out.",
    HEDGE_OUTSAID: "The closest figure is near this in its fact sheet, but another figure of the sheet is said for it "
                   "more plainly.",
    HEDGE_ESTIMATE: "Its fact sheet also hands out a larger sum for this that the money model reads as an estimate; "
                    "which one answers is not clear.",
    HEDGE_AGENCY: "The fact sheet of the closest figure never names the agency asked about; the money may be "
                  "another agency's.",
    HEDGE_SPLIT: "The closest figure is a whole its sentence splits into parts (who puts in what); which one answers "
                 "is not clear.",
    HEDGE_YEARS: "The closest figure is a total over several years, and the question asks how much a year.",
    HEDGE_OFFICE: "The closest figure is from a fact sheet dated outside the time in office of the person the "
                  "question names; it may be another administration's money.",
}


def _today(invocation: Invocation) -> dt.date:
    value = invocation.extras.get("today")
    return value if isinstance(value, dt.date) else dt.date.today()


def read_as(reading: Reading) -> str:
    """"Read as: funding · topic lead pipe · 2023" and the paraphrases used."""
    line = f"**Read as:** {escape_markdown(reading.summary())}"
    if reading.phrases:
        line += f" ({escape_markdown('; '.join(reading.phrases[:2]))})"
    return shorten(line, 600)


def _command_hint(command: str) -> str:
    return f"Same answer as a command: `{shorten(command, 300)}`"


def _kind_text(record: FundingRecord) -> str:
    text = record.category
    if record.fiscal_year is not None:
        text += f", FY{record.fiscal_year}"
    if record.counted:
        return f"{text}, counted"
    reason = record.reason or REASON_FOR_KIND.get(record.kind)
    if not reason or reason == REASON_FOR_KIND.get(record.kind):  # the kind already says why
        return f"{text}, not added"
    return f"{text}, not added: {reason}"


def figure_line(index: CorpusIndex, figure: Figure) -> str:
    """"**$3 billion** (new federal funding, counted) — “sentence” — [Sheet](url) · 2024-05-02"."""
    record, doc = figure.record, figure.document
    sentence = escape_markdown(shorten(" ".join(record.sentence.split()), 260))
    return (f"**{escape_markdown(amount_text(record))}** ({escape_markdown(_kind_text(record))}) — “{sentence}” — "
            f"{document_line(doc, 120)}")


def _funding_command(reading: Reading, figure: Figure | None) -> tuple[str, dict[str, str]]:
    options = {"query": reading.topic_text}
    if figure is not None:
        options["document"] = f"doc:{figure.document.id}"
    words = " ".join(f"{name}:{value}" for name, value in options.items())
    return f"/funding {words}", options


def _not_covered(index: CorpusIndex, reading: Reading, result: Answer) -> Reply:
    if reading.intent == NONE:
        return Reply.text(shorten(f"{_OUT_OF_SCOPE}\n-# {read_as(reading)}", limits.CONTENT_MAX))
    topic = reading.topic_text or reading.text
    filters = reading.filters_text()
    scope = f" ({', '.join(filters)})" if filters else ""
    lines = [f"These fact sheets don't cover {quoted(topic)}{escape_markdown(scope)}."]
    if result.reason.startswith("dates:") or result.reason.startswith("words:"):
        lines.append(escape_markdown(result.reason.split(":", 1)[1].strip().capitalize()) + ".")
    elif result.reason.startswith("state:"):
        lines.append(f"Nothing on it in the library names {escape_markdown(reading.state or '')}.")
    elif result.reason in _NOT_SAID:
        lines.append(_NOT_SAID[result.reason])
        if result.passage:
            lines.append(f"> {escape_markdown(shorten(' '.join(result.passage.split()), 400))}")
    if result.leads:
        lines.append("Closest leads (they do not answer it as asked):")
        for lead in result.leads[:3]:
            lines.append(f"• {escape_markdown(shorten(lead.initiative.title, 120))} — "
                         f"{document_line(lead.document, 100)} · `/initiative id:{lead.initiative.id}`")
    lines.append(f"-# {read_as(reading)}")
    reply = Reply.text(shorten("\n".join(lines), limits.CONTENT_MAX))
    if result.leads:
        reply.choices = choices_for(index, [lead.initiative.id for lead in result.leads], CHOICES)
    return reply


def _money_page(index: CorpusIndex, reading: Reading, result: Answer, command: str) -> Page:
    figures = [f for f in result.figures if f.coverage >= COVERED][:FIGURES_SHOWN * 2]
    lead = figures[0]
    lines = [figure_line(index, lead)]
    title = figure_initiative_title(index, lead)
    under = (f"↳ under “{escape_markdown(title)}” · `/initiative id:{lead.record.initiative_id}`"
             if title else "")  # the initiative the figure belongs to, when its sentence does not say it
    seen = {(lead.record.amount_usd, " ".join(lead.record.sentence.split()))}
    others = []
    for figure in figures[1:]:
        key = (figure.record.amount_usd, " ".join(figure.record.sentence.split()))
        if key not in seen:  # the same sentence in a sheet published twice is shown once
            seen.add(key)
            others.append(figure)
    if others:
        lines.append("")
        lines.append("Also in the fact sheets:")
        lines += [f"• {figure_line(index, f)}" for f in others[:FIGURES_SHOWN - 1]]
    if not result.figure_sure:  # list them with their sentences, do not pick one as "the" answer
        why = _HEDGE_TEXT.get(result.hedge, _HEDGE_TEXT[HEDGE_CLOSE])
        lines = [f"{why} Here they are with their sentences, closest first:", f"• {lines[0]}",
                 *([under] if under else []), *[line for line in lines[1:] if line.startswith("•")]]
    elif under:
        lines.insert(1, under)
    description = shorten("\n".join(lines), limits.EMBED_DESCRIPTION_MAX - 200)
    heading = (f"{amount_text(lead.record)} — {lead.document.title}" if result.figure_sure
               else f"Figures on {reading.topic_text}")
    embed = Embed(
        title=shorten(heading, limits.EMBED_TITLE_MAX),
        description=description,
        url=lead.document.source_url,
        fields=[EmbedField("Totals", "The pages after this one list every amount with the money model's totals "
                           "(parts and repeats are not added twice).")],
        footer=shorten(f"{lead.document.title} · {date_text(lead.document)}", limits.EMBED_FOOTER_MAX),
        color=COLOR,
    )
    content = shorten(f"{read_as(reading)}\n{_command_hint(command)}", limits.CONTENT_MAX)
    return Page(content=content, embeds=[embed])


def _sources_page(reading: Reading, result: Answer, command: str) -> Page:
    docs = result.documents[:SHEETS_SHOWN]
    lines = [f"• {document_line(doc, 200)}" for doc in docs]
    embed = Embed(
        title=shorten(f"Fact sheets about {reading.topic_text}", limits.EMBED_TITLE_MAX),
        description=shorten("\n".join(lines), limits.EMBED_DESCRIPTION_MAX),
        url=docs[0].source_url if docs else None,
        color=COLOR,
        footer=f"{len(docs)} fact sheet{'' if len(docs) == 1 else 's'}, best match first",
    )
    content = shorten(f"{read_as(reading)}\n{_command_hint(command)}", limits.CONTENT_MAX)
    return Page(content=content, embeds=[embed])


def _lead_line(reading: Reading, result: Answer) -> str:
    top = result.top
    if top is None:
        return ""
    doc = top.document
    if reading.intent == WHEN:
        when = doc.date.strftime("%-d %B %Y") if doc.date else "undated"
        return f"**When:** {when} — {link(doc.title, doc.source_url, 200)}"
    if reading.intent == WHO and result.facts:
        return f"**Named in the answer:** {escape_markdown(', '.join(result.facts))}"
    if reading.intent == WHERE and result.facts:
        return f"**Places named:** {escape_markdown(', '.join(result.facts))}"
    return ""


# A money question whose topic the sheets do cover, but with no dollar figure said for it: the reply says so before the
# passage on the topic, so that nobody takes a nearby number for the answer. With no figure even near the topic it is
# said not covered (``NO_FIGURE_REASON``); with figures near it but none holding it, the passage is the answer shown.
_NO_FIGURE = ("**No dollar figure** in these fact sheets is said for this. The closest passage on it is below; "
              "`/funding` lists every amount its fact sheet gives.")
# … and with amounts on the topic that are all prices, rates or statistics, none the sum asked for (round 54m).
_ONLY_CONTEXT = ("**No sum of money** in these fact sheets is said for this: the amounts on it are prices, rates or "
                 "statistics, like the one below. `/funding` lists every amount its fact sheet gives.")
# A question after a count whose topic the sheets cover with no number said for it (round 57c).
_NO_COUNT = "**No number** in these fact sheets is said for this. The closest passage on it is below."
# … and after a share ("what % of …") with no percentage said for it (round 62).
_NO_SHARE = "**No percentage** in these fact sheets is said for this. The closest passage on it is below."
# What the sheets do not say, by the reason the answer gives: each reply quotes the closest passage after it.
_NOT_SAID = {NO_FIGURE_REASON: _NO_FIGURE, ONLY_CONTEXT_REASON: _ONLY_CONTEXT, NO_COUNT_REASON: _NO_COUNT,
             NO_SHARE_REASON: _NO_SHARE}


async def _initiative_reply(app: BotApp, reading: Reading, result: Answer, invocation: Invocation,
                            note: str | None = None) -> Reply:
    top = result.top
    assert top is not None
    command = f"/initiative query:id:{top.initiative.id}"
    reply = await dispatch(app, "initiative", {"query": f"id:{top.initiative.id}"}, invocation)
    lines = [read_as(reading)]
    if note:
        lines.append(note)
    lead = _lead_line(reading, result)
    if lead:
        lines.append(lead)
    if result.passage and result.passage not in top.initiative.title:
        lines.append(f"> {escape_markdown(shorten(' '.join(result.passage.split()), 400))}")
    if result.overview:
        titles = " · ".join(escape_markdown(shorten(rec.title, 90)) for rec in result.overview)
        lines.append(shorten(f"Also in this fact sheet: {titles}", 900))
    lines.append(_command_hint(command))
    if reply.pages:
        first = reply.pages[0]
        first.content = shorten("\n".join([*lines, first.content] if first.content else lines), limits.CONTENT_MAX)
    others = [c.initiative.id for c in result.candidates[1:] if c.initiative.id != top.initiative.id]
    reply.choices = choices_for(app.index, others, CHOICES)
    return reply


async def _funding_reply(app: BotApp, reading: Reading, result: Answer, invocation: Invocation) -> Reply:
    figures = [f for f in result.figures if f.coverage >= COVERED]
    if not figures:  # figures near the topic, none holding it: the passage, with no amount given as the answer
        return await _initiative_reply(app, reading, result, invocation, _NO_FIGURE) if result.top else _not_covered(
            app.index, reading, result)
    command, options = _funding_command(reading, figures[0])
    listing = await dispatch(app, "funding", options, invocation)
    if listing.error or (len(listing.pages) == 1 and not listing.pages[0].embeds):
        command, options = f"/funding document:doc:{figures[0].document.id}", {"document": f"doc:{figures[0].document.id}"}
        listing = await dispatch(app, "funding", options, invocation)
    first = _money_page(app.index, reading, result, command)
    pages = [first, *(page for page in listing.pages if page.embeds)]
    return Reply(pages=pages)


async def _sources_reply(app: BotApp, reading: Reading, result: Answer, invocation: Invocation) -> Reply:
    """The fact sheets on the topic, then ``/sources`` for the best initiative: its sheet and the
    links it cites. (``/search`` is offered as the command; full-text search over a large library
    is left to it rather than run on every question.)"""
    command = f"/search text:{reading.topic_text}"
    pages = [_sources_page(reading, result, command)]
    if result.top is not None:
        cited = await dispatch(app, "sources", {"query": f"id:{result.top.initiative.id}"}, invocation)
        pages += [page for page in cited.pages if page.embeds]
    return Reply(pages=pages)


@handler("ask")
async def ask(app: BotApp, options: dict[str, str], invocation: Invocation) -> Reply:
    question = " ".join((options.get("question") or "").split())
    if not question:
        return Reply.text("Ask me something about the fact sheets, for example "
                          "`/ask question:how much for lead pipes?`", ephemeral=True)
    index: CorpusIndex = app.index
    reading = read_question(question, today=_today(invocation))
    loop = asyncio.get_running_loop()
    result = await loop.run_in_executor(ANSWERS, functools.partial(answer, index, reading,
                                                                   second_reader=app.reader))
    if not result.covered:
        return _not_covered(index, reading, result)
    if reading.intent == FUNDING:
        reply = await _funding_reply(app, reading, result, invocation)
    elif reading.intent == SOURCES and result.documents:
        reply = await _sources_reply(app, reading, result, invocation)
    elif result.top is None:
        return _not_covered(index, reading, result)
    else:
        reply = await _initiative_reply(app, reading, result, invocation)
    if result.recalled_later:
        reply = _said_under_reading(reply, _RECALLED_LATER_NOTE.format(period=result.recalled_later))
    return _said_second_reader(reply) if result.second_reader else reply


_RECALLED_LATER_NOTE = ("-# No fact sheet of {period} holds this: the answer is from a later sheet that says it "
                        "happened then.")


def _said_under_reading(reply: Reply, note: str) -> Reply:
    """The first page says ``note`` under the reading."""
    first = reply.pages[0]
    content = shorten(f"{first.content}\n{note}", limits.CONTENT_MAX)
    return dataclasses.replace(reply, pages=[dataclasses.replace(first, content=content), *reply.pages[1:]])


_SECOND_READER_NOTE = ("-# Some words of the question are in no fact sheet: this answer is where the word index and "
                       "the sentence model agree.")


def _said_second_reader(reply: Reply) -> Reply:
    """The first page says, under the reading, that the answer rests on the two readers agreeing."""
    return _said_under_reading(reply, _SECOND_READER_NOTE)
