"""Document structure from markdown-it-py's token stream: sections, initiatives, plain text.

Fact sheets are pandoc conversions of web pages, so the same idea shows up in several shapes.
Sections come from headings, bold-only paragraphs and ALL-CAPS label lines. Initiatives are
top-level list items, numbered paragraphs and bold-lead paragraphs (``**Title.** text``). A few
pandoc artefacts are repaired on the token stream: bold markers that CommonMark refuses to close
(``**Title. **Text``), closing ``###`` markers, and raw HTML, which is reduced to its text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bot.ingest._normalize import (
    clean_run,
    collapse_whitespace,
    escape_line_starts,
    html_to_text,
    sentence_spans,
    single_spaces,
)
from bot.model import Initiative, Link
from bot.text import escape_markdown, shorten
from bot.urls import honest_label, safe_url

TITLE_MAX = 100  # first-sentence titles
LEAD_TITLE_MAX = 256  # bold-lead titles are kept whole up to Discord's embed-title limit
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")
LABEL_MAX = 150  # longer bold/ALL-CAPS paragraphs are prose, not section labels


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark")
    # Indented "code" in a fact sheet is always a pandoc indentation artefact: read it as text.
    # text_join would merge backslash escapes into text; keeping them apart tells a literal
    # "\*\*" from an unmatched bold marker.
    md.disable(["code", "text_join"])
    # Accept every link target here; non-http(s) ones are turned into plain text when rendering.
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # markdown-it's documented hook
    return md


_MD = _make_parser()

# ---- inline segments ----------------------------------------------------------------------------
# An inline run becomes a flat list of (kind, value) pairs:
#   "t" text · "x" escaped/literal text · "br" hard line break ·
#   "b+"/"b-" bold · "i+"/"i-" italic · "u+"/"u-" underline · "a+" (href) / "a-" link.
Segment = tuple[str, str]
_OPENERS = {"b+": "b-", "i+": "i-", "u+": "u-", "a+": "a-"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_MARKERS = {"b+": "**", "i+": "*", "u+": "__"}

_TAG_RE = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9]*)")
_UNDERLINE_STYLE_RE = re.compile(r"underline", re.I)
_BOLD_LITERAL_RE = re.compile(r"\*\*")
_CLOSING_MARKER_RE = re.compile(r"^[\s*_\\]*#{2,}[\s*_\\#]*$")
_TRAILING_MARKER_RE = re.compile(r"(?:^|\s)\\?#{3,}\s*$")
# "1. text" / "1\. text" that Markdown kept as a paragraph, or a typed bullet ("• text").
_NUMBER_PREFIX_RE = re.compile(r"^\s*(?:\d{1,3}[.)]|[•·▪◦‣●○■□➢➤✓✔])\s+(?=\S)")
_NUMBER_STRIP_RE = re.compile(r"^\s*(?:\d{1,3}[.)]|[•·▪◦‣●○■□➢➤✓✔])(?:\s+|$)")
_LEAD_END_RE = re.compile(r"[.:!?]$")
# Two or more ALL-CAPS words and a colon opening a paragraph.
_CAPS_PREFIX_RE = re.compile(r"^\s*([A-Z][A-Z0-9,&'’/.\-]*(?: [A-Z0-9][A-Z0-9,&'’/.\-]*)+)\s*:\s+(?=\S)")
_QUOTE_START_RE = re.compile(r"^\s*[“\"‘']")
_REST_START_RE = re.compile(r"^\s*[.:—–-]")
_LEAD_TRIM_RE = re.compile(r"[\s.:–—-]+$")
_REST_TRIM_RE = re.compile(r"^[\s.:—–-]+")
_WS_RE = re.compile(r"\s+")


_SIMPLE_SEGMENTS: dict[str, Segment] = {
    "hardbreak": ("br", ""),
    "strong_open": ("b+", ""),
    "strong_close": ("b-", ""),
    "em_open": ("i+", ""),
    "em_close": ("i-", ""),
    "link_close": ("a-", ""),
}


def _segments(children: Sequence[Token]) -> tuple[list[Segment], bool, bool]:
    """Segments, whether some text holds a literal ``**``, whether escaped text occurs."""
    segs: list[Segment] = []
    spans: list[bool] = []  # open <span>s: True when it underlines
    pending: list[str] = []  # adjacent text pieces, joined once
    escaped = False
    literal_bold = False
    for tok in children:
        kind = tok.type
        if kind == "text":
            pending.append(tok.content)
            continue
        if kind == "softbreak":
            pending.append(" ")
            continue
        if pending:
            text = "".join(pending)
            literal_bold = literal_bold or "**" in text
            segs.append(("t", text))
            pending = []
        if kind in _SIMPLE_SEGMENTS:
            segs.append(_SIMPLE_SEGMENTS[kind])
        elif kind == "text_special":
            # An entity (&nbsp;, &#8203;) may decode to a character the body clean-up removed.
            segs.append(("x", clean_run(tok.content) if tok.info == "entity" else tok.content))
            escaped = True
        elif kind == "code_inline":
            segs.append(("x", tok.content))
            escaped = True
        elif kind == "link_open":
            segs.append(("a+", str(tok.attrs.get("href", ""))))
        elif kind == "html_inline":
            _html_inline(tok.content, segs, spans)
        # images and anything unknown carry no readable text
    if pending:
        text = "".join(pending)
        literal_bold = literal_bold or "**" in text
        segs.append(("t", text))
    return segs, literal_bold, escaped


def _html_inline(tag: str, segs: list[Segment], spans: list[bool]) -> None:
    match = _TAG_RE.match(tag)
    if match is None:
        return
    closing, name = match.group(1) == "/", match.group(2).lower()
    if name == "br":
        segs.append(("br", ""))
    elif name in ("u", "ins"):
        segs.append(("u-" if closing else "u+", ""))
    elif name == "span":
        if closing:
            if spans and spans.pop():
                segs.append(("u-", ""))
        else:
            underline = bool(_UNDERLINE_STYLE_RE.search(tag))
            spans.append(underline)
            if underline:
                segs.append(("u+", ""))
    elif name in ("strong", "b"):
        segs.append(("b-" if closing else "b+", ""))
    elif name in ("em", "i"):
        segs.append(("i-" if closing else "i+", ""))


def _repair_bold(segs: list[Segment]) -> list[Segment]:
    """Pair up ``**`` that CommonMark left as text (pandoc writes ``**Title. **Text``)."""
    literal = 0
    depth = 0
    for kind, value in segs:
        if kind == "b+":
            depth += 1
        elif kind == "b-":
            depth -= 1
        elif kind == "t" and depth == 0:
            literal += value.count("**")
    if literal == 0:
        return segs
    out: list[Segment] = []
    depth = 0
    seen = 0
    open_repair = False
    for kind, value in segs:
        if kind == "b+":
            depth += 1
        elif kind == "b-":
            depth -= 1
        if kind != "t" or depth != 0 or "**" not in value:
            out.append((kind, value))
            continue
        pieces = _BOLD_LITERAL_RE.split(value)
        for index, piece in enumerate(pieces):
            if piece:
                out.append(("t", piece))
            if index < len(pieces) - 1:
                seen += 1
                if seen == literal and not open_repair:
                    continue  # an odd one out: drop it
                out.append(("b-" if open_repair else "b+", ""))
                open_repair = not open_repair
    if open_repair:
        out.append(("b-", ""))
    return out


def _merge_text(segs: list[Segment]) -> list[Segment]:
    """Join adjacent text pieces."""
    out: list[Segment] = []
    for kind, value in segs:
        if kind in ("t", "x"):
            if out and out[-1][0] == "t":
                out[-1] = ("t", out[-1][1] + value)
            else:
                out.append(("t", value))
        else:
            out.append((kind, value))
    return out


def inline_segments(children: Sequence[Token] | None) -> list[Segment]:
    """An inline token run as segments, with pandoc's bold and ``###`` artefacts repaired."""
    segs, literal_bold, escaped = _segments(children or ())
    if literal_bold:
        segs = _repair_bold(segs)
    if literal_bold or escaped:
        segs = _merge_text(segs)
    return _strip_trailing_marker(segs)


def _strip_trailing_marker(segs: list[Segment]) -> list[Segment]:
    """Drop a closing ``###`` that ends a paragraph."""
    for index in range(len(segs) - 1, -1, -1):
        kind, value = segs[index]
        if kind == "t":
            tail = value.rstrip()
            if not tail:
                continue
            if not tail.endswith("###"):
                return segs
            match = _TRAILING_MARKER_RE.search(value)
            if match:
                segs = list(segs)
                segs[index] = ("t", value[: match.start()])
            return segs
        if kind in _CLOSERS or kind == "br":
            continue
        return segs
    return segs


def plain_text(segs: Sequence[Segment]) -> str:
    return "".join([value if kind == "t" else "\n" if kind == "br" else "" for kind, value in segs])


def render_markdown(segs: Sequence[Segment]) -> str:
    """Discord Markdown: bold/italic/underline kept, http(s) links masked, the rest escaped."""
    frames: list[tuple[str, str, list[str]]] = [("", "", [])]
    in_link = 0
    for kind, value in segs:
        if kind == "t":
            frames[-1][2].append(escape_markdown(value, inline_run=True))
        elif kind == "br":
            frames[-1][2].append("\n")
        elif kind in _OPENERS:
            frames.append((kind, value, []))
            if kind == "a+":
                in_link += 1
        elif kind in _CLOSERS:
            opener = _CLOSERS[kind]
            if frames[-1][0] != opener and not any(frame[0] == opener for frame in frames[1:]):
                continue  # a stray closer
            while True:
                frame_kind = frames[-1][0]
                in_link -= frame_kind == "a+"
                _close_frame(frames, in_link)
                if frame_kind == opener:
                    break
    while len(frames) > 1:
        in_link -= frames[-1][0] == "a+"
        _close_frame(frames, in_link)
    return "".join(frames[0][2])


def _close_frame(frames: list[tuple[str, str, list[str]]], in_link: int) -> None:
    kind, value, parts = frames.pop()
    inner = "".join(parts)
    target = frames[-1][2]
    if kind == "a+":
        url = safe_url(value)
        text = inner.strip()
        if url is None:
            target.append(inner)
        elif text and honest_label(text, url) == text:
            target.append(f"{inner[: len(inner) - len(inner.lstrip())]}[{text}]({url})"
                          f"{inner[len(inner.rstrip()):]}")
        else:  # no label, or one showing the address of another site: show where it goes
            target.append(f"[{escape_markdown(url, inline_run=True)}]({url})")
        return
    core = inner.strip()
    if not core or in_link > 0:
        target.append(inner)
        return
    marker = _MARKERS[kind]
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()):]
    target.append(f"{lead}{marker}{core}{marker}{trail}")


def links_of(segs: Sequence[Segment]) -> list[Link]:
    links: list[Link] = []
    stack: list[tuple[str, list[str]]] = []
    for kind, value in segs:
        if kind == "a+":
            stack.append((value, []))
        elif kind == "a-" and stack:
            href, parts = stack.pop()
            url = safe_url(href)
            if url is not None:
                text = single_spaces(clean_run("".join(parts))) or url
                links.append(Link(text=honest_label(text, url), url=url))
            if stack:
                stack[-1][1].extend(parts)
        elif kind == "t" and stack:
            stack[-1][1].append(value)
    return links


def _split_lines(segs: list[Segment]) -> list[list[Segment]]:
    """Split at hard breaks that are not inside bold/italic/link."""
    lines: list[list[Segment]] = [[]]
    depth = 0
    for seg in segs:
        kind = seg[0]
        if kind in _OPENERS:
            depth += 1
        elif kind in _CLOSERS:
            depth = max(0, depth - 1)
        if kind == "br" and depth == 0:
            lines.append([])
        else:
            lines[-1].append(seg)
    return lines


def _is_formatted_only(segs: Sequence[Segment]) -> bool:
    """Every visible character sits inside bold or underline (a bold-only label)."""
    depth = 0
    seen = False
    for kind, value in segs:
        if kind in ("b+", "u+"):
            depth += 1
        elif kind in ("b-", "u-"):
            depth = max(0, depth - 1)
        elif kind == "t" and value.strip():
            if depth == 0:
                return False
            seen = True
    return seen


def _is_caps_label(text: str) -> bool:
    letters = 0
    for ch in text:
        if ch.islower():
            return False
        if ch.isupper():
            letters += 1
    return letters >= 3


def label_of(segs: Sequence[Segment]) -> str | None:
    """The section name if this line is a bold-only or ALL-CAPS label, else None."""
    text = plain_text(segs)
    if len(text) > 2 * LABEL_MAX:
        return None
    text = single_spaces(text)
    if not text or len(text) > LABEL_MAX or _CLOSING_MARKER_RE.match(text):
        return None
    if _is_formatted_only(segs) or _is_caps_label(text.replace("*", "")):
        label = text.replace("**", "").strip().rstrip(":").strip()
        return label or None
    return None


def _lead_split(segs: Sequence[Segment]) -> tuple[str, int] | None:
    """When ``segs`` open with a bold/underlined run: its plain text and where it ends."""
    index = 0
    while index < len(segs) and segs[index][0] == "t" and not segs[index][1].strip():
        index += 1
    if index >= len(segs) or segs[index][0] not in ("b+", "u+"):
        return None
    depth = 0
    parts: list[str] = []
    end: int | None = None
    for pos in range(index, len(segs)):
        kind, value = segs[pos]
        if depth == 0 and end is not None:
            # "**Combats** **Opioid Networks.**": adjacent bold runs make one lead.
            if kind == "t" and not value.strip():
                continue
            if kind not in ("b+", "u+") or _LEAD_END_RE.search("".join(parts).rstrip()):
                break
            parts.append(" ")
        if kind in ("b+", "u+", "i+", "a+"):
            depth += 1
        elif kind in ("b-", "u-", "i-", "a-"):
            depth -= 1
            if depth == 0:
                end = pos + 1
        elif kind == "t":
            parts.append(value)
        elif kind == "br":
            parts.append(" ")
    if end is None:
        return None
    return "".join(parts), end


def _break_follows(segs: Sequence[Segment], index: int) -> bool:
    """The lead is a line of its own: a hard break comes next (blank text aside)."""
    for kind, value in segs[index:]:
        if kind == "br":
            return True
        if kind != "t" or value.strip():
            return False
    return False


def _ends_with_colon(segs: Sequence[Segment]) -> bool:
    return plain_text(segs).rstrip().endswith(":")


_ALNUM_RE = re.compile(r"[^\W_]")  # a word character other than "_": what str.isalnum accepts


def _has_alnum(text: str) -> bool:
    return _ALNUM_RE.search(text) is not None


def lead_title(segs: Sequence[Segment], *, whole_ok: bool) -> str | None:
    """``**Title.** text`` → "Title". ``whole_ok``: a bold-only paragraph also gives a title."""
    split = _lead_split(segs)
    if split is None:
        return None
    lead, end = split
    lead = single_spaces(lead)
    rest = plain_text(segs[end:])
    if not _has_alnum(lead):
        return None
    if _has_alnum(rest):
        # "**Title.** Text", "**Title**: text", "**Title** The text", a line of its own — but not
        # "**Today**, the President …" or "**$5 million** for …", which carry on one sentence.
        if not (_LEAD_END_RE.search(lead) or _REST_START_RE.match(rest) or _break_follows(segs, end)
                or rest.lstrip()[:1].isupper()):
            return None
        if not whole_ok and lead.endswith(":") and _QUOTE_START_RE.match(rest):
            return None  # "**Secretary Haaland:** “…”" is a quotation, not an initiative
    elif not whole_ok:
        return None
    caps = _CAPS_LEAD_RE.match(lead)
    if caps and not lead.endswith(":") and _is_caps_label(caps.group(1)):
        # "**TRANSFORMING U.S. SHIPBUILDING: Today,** President …": the label is the title, not the
        # bold words that happen to follow it.
        return shorten(caps_title(caps.group(1)), LEAD_TITLE_MAX, markdown=False)
    if lead.endswith((",", ";")) or _DANGLING_RE.search(lead):
        return None  # bold stopped mid-clause ("**Today,** the President …"): not a title
    # ``lead`` has no space at either end, so only a final stop, colon or dash can be trimmed.
    title = _LEAD_TRIM_RE.sub("", lead).strip() if lead.endswith((".", ":", "–", "—", "-")) else lead
    return shorten(title, LEAD_TITLE_MAX, markdown=False) if title else None


_SMALL_WORDS = frozenset(["a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "or", "the", "to", "with", "via"])


def caps_title(label: str) -> str:
    """"TRANSFORMING U.S. SHIPBUILDING" → "Transforming U.S. Shipbuilding" (acronyms kept)."""
    words = label.split()
    out: list[str] = []
    for n, word in enumerate(words):
        lower = word.lower()
        if "." in word.strip(".") or (len(word) <= 4 and word.isalpha() and lower not in _SMALL_WORDS
                                      and lower not in _COMMON_SHORT):
            out.append(word)  # U.S., NATO, AI
        elif n and lower in _SMALL_WORDS:
            out.append(lower)
        else:
            out.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(out)


_COMMON_SHORT = frozenset(["able", "also", "back", "bad", "best", "big", "body", "case", "city", "cost", "data", "deal", "done", "down", "each", "ends", "even", "ever", "fair", "fast", "fees", "find", "fire", "five", "food", "four", "free", "from", "full", "fund", "gas", "gets", "give", "goal", "good", "grid", "grow", "half", "hard", "have", "help", "high", "home", "hope", "jobs", "just", "keep", "kids", "land", "last", "lead", "less", "life", "like", "line", "live", "long", "look", "lost", "love", "made", "make", "many", "more", "most", "move", "much", "must", "near", "need", "new", "next", "nine", "now", "off", "once", "one", "only", "open", "over", "own", "paid", "part", "pay", "plan", "play", "poor", "post", "pro", "push", "race", "rate", "real", "rest", "rise", "risk", "road", "role", "rule", "run", "safe", "same", "save", "says", "seas", "see", "sets", "ship", "show", "side", "sign", "six", "size", "slow", "some", "stay", "step", "stop", "take", "ten", "than", "that", "them", "then", "they", "this", "time", "tone", "top", "toys", "two", "unit", "used", "vote", "wage", "want", "war", "way", "ways", "well", "were", "what", "when", "who", "why", "will", "win", "work", "year", "your", "zero"])
_CAPS_LEAD_RE = re.compile(r"^([A-Z][A-Z0-9,&'’/.\-]*(?: [A-Z0-9][A-Z0-9,&'’/.\-]*)+)\s*:\s+\S")
_DANGLING_RE = re.compile(r"\b(?:the|a|an|and|or|of|to|for|with|in|on|by|as|that|which)$", re.IGNORECASE)


_LEAD_IN_RE = re.compile(r"^(?:Today|Additionally|In addition|Also|Furthermore|Moreover|Finally|Meanwhile|"
                         r"This week|Last week|Yesterday),\s+(?=\S)")


def sentence_title(text: str) -> str:
    """The first sentence, without its final period, at most TITLE_MAX characters; a lead-in such as
    "Today," is left out so the title reads as one ("President Biden is announcing …")."""
    text = text[:600].strip()  # the title is at most TITLE_MAX characters anyway
    lead_in = _LEAD_IN_RE.match(text)
    if lead_in:
        rest = text[lead_in.end():]
        text = rest[:1].upper() + rest[1:]
    spans = sentence_spans(text, limit=1)
    first = text[spans[0][0]:spans[0][1]] if spans else text
    first = single_spaces(first)
    if first.endswith((".", ":")) and not first.endswith(".."):
        first = first[:-1].rstrip()
    return shorten(first, TITLE_MAX, markdown=False)


def _finish_markdown(segs: Sequence[Segment]) -> str:
    return escape_line_starts(collapse_whitespace(render_markdown(segs)))


def _finish_plain(segs: Sequence[Segment]) -> str:
    return collapse_whitespace(plain_text(segs))


def _strip_number(segs: list[Segment]) -> list[Segment]:
    for index, (kind, value) in enumerate(segs):
        if kind == "t":
            match = _NUMBER_STRIP_RE.match(value)
            if match:
                return [*segs[:index], ("t", value[match.end():]), *segs[index + 1:]]
            if value.strip():
                return segs
        elif kind not in _OPENERS:
            return segs
    return segs


# ---- blocks -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Block:
    """A unit of body text, in document order: where funding and sentences are looked for."""

    plain: str
    kind: str  # "section", "prose" or "initiative"
    initiative: int | None = None  # Initiative.order
    list_id: int | None = None  # the top-level list an initiative came from
    markdown: str = ""  # prose only: kept in case its section becomes an initiative
    links: list[Link] = field(default_factory=list)
    section_index: int | None = None  # prose only: index of the section block above it
    lead_chars: int = 0  # initiatives: length of the bold lead that starts ``plain`` (0: none)


@dataclass(slots=True)
class Structure:
    blocks: list[Block] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    body_text: str = ""


class _Walker:
    def __init__(self) -> None:
        self.out = Structure()
        self.section: str | None = None
        self.section_block: int | None = None  # index in blocks of the current section label
        self.list_counter = 0

    # -- shared bits --
    def add_section(self, name: str) -> None:
        name = single_spaces(name)
        if not name:
            return
        self.section = name
        if name not in self.out.sections:
            self.out.sections.append(name)
        self.section_block = len(self.out.blocks)
        self.out.blocks.append(Block(plain=name, kind="section"))

    def add_prose(self, plain: str, markdown: str = "", links: list[Link] | None = None) -> None:
        stripped = plain.strip()
        if not stripped:
            return
        self.out.blocks.append(Block(
            plain=plain, kind="prose", markdown=markdown or escape_line_starts(escape_markdown(plain, inline_run=True)),
            links=links or [], section_index=self.section_block,
        ))
        # "… The Administration's actions include:" introduces the list below it: its last
        # sentence names that list's section.
        if stripped.endswith(":"):
            lead_in = _SENTENCE_SPLIT_RE.split(stripped)[-1].rstrip(":").strip()
            if lead_in and len(lead_in) <= LABEL_MAX:
                self.section = _WS_RE.sub(" ", lead_in)
                if self.section not in self.out.sections:
                    self.out.sections.append(self.section)

    def add_initiative(self, title: str, markdown: str, plain: str, links: list[Link],
                       list_id: int | None = None, *, from_lead: bool = False) -> None:
        order = len(self.out.initiatives)
        if not title.strip():  # an item such as "- ." has no sentence to speak of
            title = shorten(single_spaces(plain), TITLE_MAX, markdown=False) or "Untitled"
        unique: list[Link] = []
        for link in links:
            if link not in unique:
                unique.append(link)
        self.out.initiatives.append(Initiative(
            title=title, section=self.section, order=order, text=markdown, links=unique,
        ))
        lead_chars = len(title) + 1 if from_lead and plain.startswith(title) else 0
        self.out.blocks.append(Block(plain=plain, kind="initiative", initiative=order, list_id=list_id,
                                     lead_chars=lead_chars))

    # -- walking --
    def walk(self, tokens: list[Token], title: str = "") -> Structure:
        index = 0
        count = len(tokens)
        list_depth = 0
        current_list: int | None = None
        blocks_at_list_end = -1  # how many blocks there were when the last top-level list closed
        while index < count:
            tok = tokens[index]
            kind = tok.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                # A list that follows another with nothing shown between them (only an HTML comment,
                # "<!-- -->", which converters put there to split a list) is the same list on the page.
                if list_depth == 0 and len(self.out.blocks) != blocks_at_list_end:
                    self.list_counter += 1
                    current_list = self.list_counter
                list_depth += 1
            elif kind in ("bullet_list_close", "ordered_list_close"):
                list_depth = max(0, list_depth - 1)
                if list_depth == 0:
                    blocks_at_list_end = len(self.out.blocks)
            elif kind == "list_item_open" and list_depth == 1:
                end = _matching_close(tokens, index)
                self.list_item(tokens[index + 1:end], current_list)
                index = end
            elif kind == "heading_open" and list_depth == 0:
                segs = inline_segments(tokens[index + 1].children)
                text = single_spaces(plain_text(segs))
                if text and not _CLOSING_MARKER_RE.match(text):
                    self.add_section(text.rstrip(":").strip())
                index += 2
            elif kind == "paragraph_open" and list_depth == 0:
                self.paragraph(inline_segments(tokens[index + 1].children))
                index += 2
            elif kind in ("html_block", "fence", "code_block") and list_depth == 0:
                text = html_to_text(tok.content) if kind == "html_block" else tok.content
                plain = collapse_whitespace(clean_run(text))
                if plain and not _CLOSING_MARKER_RE.match(plain):
                    self.add_prose(plain)
            index += 1
        if not self.out.initiatives:
            self.sections_as_initiatives()
            self.more_initiatives(sections=False)
        else:
            self.more_initiatives(sections=True)
        if not self.out.initiatives and title:
            self.sheet_as_initiative(title)
        self.out.body_text = "\n\n".join(block.plain for block in self.out.blocks)
        return self.out

    def sections_as_initiatives(self) -> None:
        """No lists, numbered or bold-lead paragraphs: each labelled section of prose
        ("DELIVERS HIGH SPEED INTERNET …" and its paragraphs) becomes one initiative."""
        blocks = self.out.blocks
        groups: dict[int, list[Block]] = {}
        for block in blocks:
            if block.kind == "prose" and block.section_index is not None:
                groups.setdefault(block.section_index, []).append(block)
        for section_index, members in groups.items():
            order = len(self.out.initiatives)
            links: list[Link] = []
            for block in members:
                block.initiative = order
                links.extend(link for link in block.links if link not in links)
            self.out.initiatives.append(Initiative(
                title=shorten(blocks[section_index].plain, LEAD_TITLE_MAX, markdown=False),
                section=None,
                order=order,
                text="\n\n".join(block.markdown for block in members),
                links=links,
            ))

    def sheet_as_initiative(self, title: str) -> None:
        """Prose only, no list, label or heading over prose: the sheet makes one announcement, so its
        prose is one initiative under the sheet's own title ("White House Launches Office of Pandemic
        Preparedness and Response Policy"). Without it the sheet could not be found or shown by
        initiative at all. A few words of prose are no announcement: such a sheet keeps none."""
        members = [block for block in self.out.blocks if block.kind == "prose"]
        text = "\n\n".join(block.markdown for block in members)
        name = _FACT_SHEET_PREFIX_RE.sub("", single_spaces(title)).strip()
        if len(text) < SHEET_TEXT_MIN or not name:
            return
        links: list[Link] = []
        for block in members:
            block.initiative = 0
            links.extend(link for link in block.links if link not in links)
        self.out.initiatives.append(Initiative(title=shorten(name, LEAD_TITLE_MAX, markdown=False), section=None,
                                               order=0, text=text, links=links))

    def more_initiatives(self, *, sections: bool) -> None:
        """Initiatives the lists and bold leads miss: a section of prose under its own heading
        ("Electric Buses" and its paragraphs), and each row of a table (a drug and its price).

        They take their place in document order; the funding of a section's prose belongs to it.
        """
        blocks = self.out.blocks
        found: list[tuple[int, Initiative, list[Block]]] = []  # (block position, initiative, its prose)
        section: int | None = None
        members: list[Block] = []
        listed = False

        def close() -> None:
            if not sections or section is None or listed or not members:
                return
            name = blocks[section].plain
            text = "\n\n".join(block.markdown for block in members)
            if len(name) > LABEL_MAX or len(text) < SECTION_TEXT_MIN or name.rstrip().endswith(":"):
                return
            links: list[Link] = []
            for block in members:
                links.extend(link for link in block.links if link not in links)
            found.append((section, Initiative(title=shorten(name, LEAD_TITLE_MAX, markdown=False), section=None, order=-1,
                                              text=text, links=links), members))

        for position, block in enumerate(blocks):
            if block.kind == "section":
                close()
                section, members, listed = position, [], False
            elif block.kind == "initiative":
                listed = True
            elif block.kind == "prose":
                rows = table_rows(block.plain)
                if rows:
                    heading = blocks[section].plain if section is not None else None
                    found.extend((position, row, []) for row in _row_initiatives(rows, heading))
                else:
                    members.append(block)
        close()
        if not found:
            return
        entries: list[tuple[int, int, Initiative, list[Block]]] = []
        block_of: dict[int, int] = {}
        for position, block in enumerate(blocks):
            if block.initiative is not None and (block.kind == "initiative" or not sections):
                block_of.setdefault(block.initiative, position)
        for initiative in self.out.initiatives:
            entries.append((block_of.get(initiative.order, len(blocks)), 0, initiative, []))
        entries += [(position, 1, initiative, prose) for position, initiative, prose in found]
        entries.sort(key=lambda entry: (entry[0], entry[1]))
        renumber: dict[int, int] = {}
        ordered: list[Initiative] = []
        for number, (_, new, initiative, prose) in enumerate(entries):
            if not new:
                renumber[initiative.order] = number
            initiative.order = number
            for block in prose:
                block.initiative = number
            ordered.append(initiative)
        for block in blocks:
            if block.initiative is not None and block.initiative in renumber and all(block is not p for p in
                                                                                     _members(found)):
                block.initiative = renumber[block.initiative]
        self.out.initiatives = ordered

    def paragraph(self, segs: list[Segment]) -> None:
        lines = _split_lines(segs)
        while lines:
            label = label_of(lines[0])
            if label is None:
                break
            # A bold first line over more text ("**Holding the Regime Accountable**" then its
            # paragraph) is an initiative's lead; ALL-CAPS lines and "…:" lines stay labels.
            if len(lines) > 1 and not _is_caps_label(label) and not _ends_with_colon(lines[0]):
                break
            self.add_section(label)
            lines.pop(0)
        if not lines:
            return
        rest: list[Segment] = []
        for number, line in enumerate(lines):
            if number:
                rest.append(("br", ""))
            rest.extend(line)
        rest = self.caps_prefix_label(rest)
        plain = _finish_plain(rest)
        if not plain or _CLOSING_MARKER_RE.match(plain):
            return
        numbered = _NUMBER_PREFIX_RE.match(plain)
        if numbered:
            rest = _strip_number(rest)
            plain = _finish_plain(rest)
            lead = lead_title(rest, whole_ok=True)
            self.add_initiative(lead or sentence_title(plain), _finish_markdown(rest), plain, links_of(rest),
                                from_lead=lead is not None)
            return
        title = lead_title(rest, whole_ok=False)
        markdown = _finish_markdown(rest)
        if title is not None:
            self.add_initiative(title, markdown, plain, links_of(rest), from_lead=True)
            return
        self.add_prose(plain, markdown, links_of(rest))

    def caps_prefix_label(self, segs: list[Segment]) -> list[Segment]:
        """"TAKING BACK CONTROL: For the past four years, …" (the label bold or not) opens a
        section named by the ALL-CAPS words; the rest of the paragraph is read as usual."""
        split = _lead_split(segs)
        if split is not None:
            lead = single_spaces(split[0])
            label = lead.rstrip(":").strip()
            if " " in label and _is_caps_label(label) and len(label) <= LABEL_MAX:
                rest = list(segs[split[1]:])
                if rest and rest[0][0] == "t":
                    rest[0] = ("t", _REST_TRIM_RE.sub("", rest[0][1]))
                if _has_alnum(plain_text(rest)):
                    self.add_section(label)
                    return rest
            return segs
        if not segs or segs[0][0] != "t":
            return segs
        match = _CAPS_PREFIX_RE.match(segs[0][1])
        if match is None or sum(ch.isalpha() for ch in match.group(1)) < 4:
            return segs
        self.add_section(match.group(1))
        return [("t", segs[0][1][match.end():]), *segs[1:]]

    def list_item(self, tokens: list[Token], list_id: int | None) -> None:
        md_parts: list[str] = []
        plain_parts: list[str] = []
        links: list[Link] = []
        lead_paragraph: list[list[Segment]] = []
        _render_item_body(tokens, 0, md_parts, plain_parts, links, lead_paragraph)
        first = lead_paragraph[0] if lead_paragraph else None
        markdown = collapse_whitespace("\n".join([p for p in md_parts if p]))
        plain = collapse_whitespace("\n".join([p for p in plain_parts if p]))
        if not plain or _CLOSING_MARKER_RE.match(plain):
            return
        lead = lead_title(first, whole_ok=True) if first else None
        self.add_initiative(lead or sentence_title(plain), markdown, plain, links, list_id,
                            from_lead=lead is not None)


def _members(found: list[tuple[int, Initiative, list[Block]]]) -> list[Block]:
    return [block for _, _, prose in found for block in prose]


SECTION_TEXT_MIN = 80  # a heading over less prose than this is a label, not an initiative
SHEET_TEXT_MIN = 400  # a sheet of prose only is one initiative when it says at least this much
_FACT_SHEET_PREFIX_RE = re.compile(r"^fact\s+sheet\s*:\s*", re.IGNORECASE)
_TABLE_ROWS_MAX = 60


def table_rows(plain: str) -> list[list[str]] | None:
    """A table as the parser keeps it ("cell | cell" lines, rows apart): header first, or None."""
    lines: list[str] = []
    for line in (line for line in plain.split("\n\n") if line.strip()):
        if " | " in line or not lines:
            lines.append(line)
        else:
            lines[-1] += " " + line  # a cell that ran over a blank line
    if len(lines) < 2 or not all(" | " in line for line in lines):
        return None
    rows = [[" ".join(cell.split()) for cell in line.split(" | ")] for line in lines]
    width = len(rows[0])
    if width < 2 or any(len(row) != width for row in rows):
        return None
    return rows[: _TABLE_ROWS_MAX + 1]


def _row_initiatives(rows: list[list[str]], section: str | None) -> list[Initiative]:
    """One initiative per data row: the first cell is its title, the others its text by header."""
    header, *body = rows
    out: list[Initiative] = []
    for row in body:
        name = row[0].strip()
        if not _has_alnum(name) or len(name) > LABEL_MAX:
            continue
        lines = [f"**{escape_markdown(head, inline_run=True)}:** {escape_markdown(cell, inline_run=True)}" for head, cell in zip(header[1:], row[1:],
                                                                                              strict=True) if cell]
        out.append(Initiative(title=shorten(name, LEAD_TITLE_MAX, markdown=False), section=section, order=-1,
                              text="\n".join([escape_markdown(name, inline_run=True), *lines])))
    return out


def _matching_close(tokens: list[Token], start: int) -> int:
    """Index of the token closing the one at ``start`` (same nesting level)."""
    level = tokens[start].level
    close = tokens[start].type.replace("_open", "_close")
    for index in range(start + 1, len(tokens)):
        if tokens[index].type == close and tokens[index].level == level:
            return index
    return len(tokens)


def _render_item_body(tokens: list[Token], depth: int, md_parts: list[str], plain_parts: list[str],
                      links: list[Link], lead_paragraph: list[list[Segment]] | None = None) -> None:
    """Append a list item's paragraphs and nested items (as indented sub-items) to the parts.

    ``lead_paragraph`` receives the segments of the item's opening paragraph — its first
    inline run, when no nested list or HTML block comes before it — for the title, so the
    caller does not read that paragraph a second time.
    """
    index = 0
    count = len(tokens)
    indent = "  " * max(0, depth - 1)
    looking_for_lead = lead_paragraph is not None
    while index < count:
        tok = tokens[index]
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            looking_for_lead = False
            end = _matching_close(tokens, index)
            ordered = kind == "ordered_list_open"
            number = _list_start(tok)
            pos = index + 1
            while pos < end:
                if tokens[pos].type == "list_item_open":
                    item_end = _matching_close(tokens, pos)
                    sub_md: list[str] = []
                    sub_plain: list[str] = []
                    _render_item_body(tokens[pos + 1:item_end], depth + 1, sub_md, sub_plain, links)
                    text_md = "\n".join([p for p in sub_md if p]).strip()
                    text_plain = "\n".join([p for p in sub_plain if p]).strip()
                    if text_plain and not _CLOSING_MARKER_RE.match(text_plain):
                        marker = f"{number}." if ordered else "-"
                        md_parts.append(f"{indent}{marker} {text_md}")
                        plain_parts.append(text_plain)
                    number += 1
                    pos = item_end
                pos += 1
            index = end
        elif kind == "inline":
            segs = inline_segments(tok.children)
            if looking_for_lead:
                looking_for_lead = False
                if lead_paragraph is not None and index and tokens[index - 1].type == "paragraph_open":
                    lead_paragraph.append(segs)
            plain = _finish_plain(segs)
            if plain and not _CLOSING_MARKER_RE.match(plain):
                md_parts.append(_indent_continuation(_finish_markdown(segs), indent, depth))
                plain_parts.append(plain)
                links.extend(links_of(segs))
        elif kind in ("html_block", "fence", "code_block"):
            looking_for_lead = looking_for_lead and kind != "html_block"
            text = html_to_text(tok.content) if kind == "html_block" else tok.content
            plain = collapse_whitespace(clean_run(text))
            if plain and not _CLOSING_MARKER_RE.match(plain):
                md_parts.append(_indent_continuation(escape_line_starts(escape_markdown(plain, inline_run=True)), indent, depth))
                plain_parts.append(plain)
        index += 1


def _indent_continuation(markdown: str, indent: str, depth: int) -> str:
    if depth == 0 or "\n" not in markdown:
        return markdown
    return markdown.replace("\n", "\n" + indent + "  ")


def _list_start(tok: Token) -> int:
    try:
        return int(tok.attrs.get("start", 1) or 1)
    except (TypeError, ValueError):
        return 1


def parse_structure(body: str, title: str = "") -> Structure:
    """Walk the Markdown body once and collect sections, initiatives and text blocks.

    The body is cleaned (NFC, invisible characters, odd spaces) once, before parsing, so that
    every piece of text taken from the tokens is already clean.
    """
    return _Walker().walk(_MD.parse(clean_run(body)), clean_run(title))
