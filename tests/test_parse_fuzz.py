"""Whatever bytes arrive, the parser returns a document or raises ParseError — nothing else — and
in time: YAML anchors and aliases (alias bombs included), deep nesting and large inputs are
generated too, and every example is parsed under a hard deadline (``tests._deadline.within``)."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.ingest import ParseError, parse_document
from bot.model import CATEGORIES, ParsedDocument, relation_of
from tests._deadline import within

FRONT = "---\ntitle: Fuzzed sheet\ndate: 2024-01-02\n---\n"

# Pieces that exercise every branch of the structure, money and funding code.
MARKDOWN_PIECES = [
    "\n", "\n\n", "  \n", " ", "- ", "    - ", "1. ", "5\\. ", "• ", "## ", "**", "*", "__", "\\###", "###",
    "<!-- -->", "<u>", "</u>", '<span style="text-decoration: underline">', "</span>", "<br>", "<table><tr><td>",
    "</td><td>", "</td></tr></table>", "[", "](", ")", "https://example.gov/a", "javascript:x", "$", "$1", "$26 billion",
    "$1.2 billion", "$3.5M", "$750,000", "$1-2 billion", "more than ", "including ", "of which ", "Of this amount, ",
    "a total of ", ":", ";", ".", ",", "FY24 budget", "supplemental", "awarded", "Bipartisan Infrastructure Law",
    "Microsoft is committing", "High Intensity Drug Trafficking Area (HIDTA)", "HIDTA", "(", "U.S. ", "The ",
    "INCREASING PAY", "\u00a0", "\u2060", "\u00ad", "&nbsp;", "&#xD800;", "@everyone", "<@123>", "`", "|", "~", "é",
]


def check(doc: ParsedDocument) -> None:
    """Invariants every parsed document keeps."""
    assert doc.title
    assert [i.order for i in doc.initiatives] == list(range(len(doc.initiatives)))
    assert all(i.title for i in doc.initiatives)
    assert all(link.url.startswith(("http://", "https://")) for i in doc.initiatives for link in i.links)
    for position, mention in enumerate(doc.funding):
        assert mention.position == position
        assert math.isfinite(mention.amount_usd) and mention.amount_usd >= 0
        assert mention.category in CATEGORIES
        assert mention.counted == (mention.reason is None)
        # The related mention exists and is another one; a repeat points back at its first mention,
        # while a part may come before the stated total it belongs to ("$2M and $3M, a total of $5M").
        if mention.parent_position is not None:
            assert 0 <= mention.parent_position < len(doc.funding) and mention.parent_position != position
            if relation_of(mention.reason) == "repeat of":
                assert mention.parent_position < position
        assert mention.initiative_order is None or 0 <= mention.initiative_order < len(doc.initiatives)
    for text in (doc.body_text, doc.title, *(i.text for i in doc.initiatives)):
        text.encode("utf-8")  # no lone surrogates reach the store


# Seconds one example may take: linear work on these sizes takes a fraction of this even on a slow,
# busy machine; an alias expanded to billions of items or a quadratic blow-up takes far more.
DEADLINE = 5.0
SECONDS_PER_BYTE = 50e-6  # the slowest Markdown ("[" after "["), with a large margin


def parse_or_refuse(raw: bytes) -> ParsedDocument | None:
    with within(DEADLINE + SECONDS_PER_BYTE * len(raw), f"parsing {len(raw):,} bytes"):
        try:
            doc = parse_document(raw, "fuzz.md")
        except ParseError as exc:
            assert str(exc) and "\n" not in str(exc)
            return None
    check(doc)
    return doc


FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(raw: bytes) -> None:
    parse_or_refuse(raw)


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_after_valid_front_matter(raw: bytes) -> None:
    parse_or_refuse(FRONT.encode() + raw)


@FUZZ
@given(st.text(max_size=2000))
def test_arbitrary_text_after_valid_front_matter(text: str) -> None:
    parse_or_refuse((FRONT + text).encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.text(max_size=300))
def test_arbitrary_front_matter(front: str) -> None:
    parse_or_refuse(f"---\n{front}\n---\nBody with $5 million.\n".encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=120))
def test_markdown_shaped_bodies(pieces: list[str]) -> None:
    parse_or_refuse((FRONT + "".join(pieces)).encode())


# ---- YAML anchors and aliases, deep nesting, large inputs ----------------------------------------

SCALARS = st.sampled_from(["x", "Plain words", "'quoted: text'", "2024-01-02", "20240102", "42", "null", "~", "[]", "{}",
                           "https://example.gov/a", "$5 million", '"\\u2060"'])


@st.composite
def aliased_front_matter(draw: st.DrawFn) -> str:
    """Anchors ``a0…aN`` (N up to 40), each a list or map of up to 12 aliases to earlier ones, so
    that a few kilobytes can expand to billions of items; some fields pointing at them; now and
    then an alias inside its own anchor, and merge keys."""
    levels = draw(st.integers(1, 40))
    lines = [f"a0: &a0 [{', '.join(draw(st.lists(SCALARS, min_size=1, max_size=12)))}]"]
    maps: list[int] = []
    for level in range(1, levels + 1):
        refs = draw(st.lists(st.integers(0, level - 1), min_size=1, max_size=12))
        style = draw(st.sampled_from(["flow", "block", "map", "merge"] if maps else ["flow", "block", "map"]))
        if style == "flow":
            lines.append(f"a{level}: &a{level} [{', '.join(f'*a{r}' for r in refs)}]")
        elif style == "block":
            lines.append(f"a{level}: &a{level}\n" + "\n".join(f"  - *a{r}" for r in refs))
        elif style == "map":
            lines.append(f"a{level}: &a{level} {{{', '.join(f'k{i}: *a{r}' for i, r in enumerate(refs))}}}")
            maps.append(level)
        else:
            merged = draw(st.lists(st.sampled_from(maps), min_size=1, max_size=4))
            lines.append(f"a{level}: &a{level}\n  <<: [{', '.join(f'*a{m}' for m in merged)}]\n  own: x")
            maps.append(level)
    if draw(st.booleans()):
        lines.append("loop: &loop [x, *loop]")
    anchors = [f"*a{n}" for n in range(levels + 1)] + (["*loop"] if lines[-1].startswith("loop") else [])
    for key in ("title", "date", "published_time", "source_url", "tags"):
        value = draw(st.sampled_from([None, "Plain title", *anchors]))
        if value is not None:
            lines.append(f"{key}: {value}")
    return "\n".join(draw(st.permutations(lines)) if draw(st.booleans()) else lines)


@FUZZ
@given(aliased_front_matter())
def test_front_matter_with_anchors_and_aliases(front: str) -> None:
    doc = parse_or_refuse(f"---\n{front}\n---\nBody with $5 million.\n".encode())
    if doc is not None:
        assert len(doc.title) < 200_000  # an alias cannot make a field much bigger than the file


@FUZZ
@given(st.integers(1, 3000), st.sampled_from(["[", "{a: ", "- ", "? ", "!!seq [", "&n [", "'"]), st.booleans())
def test_deeply_nested_front_matter(depth: int, opener: str, closed: bool) -> None:
    closer = {"[": "]", "{a: ": "}", "!!seq [": "]", "&n [": "]"}.get(opener, "")
    value = opener * depth + "x" + (closer * depth if closed else "")
    parse_or_refuse(f"---\ntitle: {value}\n---\nBody.\n".encode())
    parse_or_refuse(f"---\ntitle: Deep\ntags: {value}\n---\nBody.\n".encode())


@FUZZ
@given(st.integers(1, 400), st.sampled_from(["  ", "    ", "\t"]))
def test_deeply_indented_front_matter(depth: int, indent: str) -> None:
    nested = "".join(f"{indent * level}k{level}:\n" for level in range(depth)) + indent * depth + "leaf"
    parse_or_refuse(f"---\ntitle: Indented\nextra:\n{nested}\n---\nBody.\n".encode())


@settings(FUZZ, max_examples=60)
@given(st.integers(1, 5000), st.sampled_from(["> ", "- ", "1. ", "* ", "    - ", "[", "![", "*", "_"]))
def test_deeply_nested_markdown(depth: int, piece: str) -> None:
    if piece.startswith(" "):
        body = "".join(f"{'  ' * level}- item {level} costs $1 million\n" for level in range(min(depth, 500)))
    else:
        body = piece * depth + " text with $2 million\n"
    parse_or_refuse((FRONT + body).encode())


LARGE = settings(FUZZ, max_examples=15)


@pytest.mark.slow
@LARGE
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), min_size=1, max_size=40), st.integers(1_000, 20_000))
def test_large_markdown_bodies(pieces: list[str], repeat: int) -> None:
    body = "".join(pieces) * max(1, repeat * 10 // max(1, len("".join(pieces))))  # up to a few hundred KB
    parse_or_refuse((FRONT + body[:600_000]).encode())


@pytest.mark.slow
@LARGE
@given(st.integers(1_000, 50_000), st.sampled_from(["flat", "scalar", "list", "aliases"]))
def test_large_front_matter(size: int, shape: str) -> None:
    if shape == "flat":
        front = "title: Big\n" + "".join(f"key{n}: value {n}\n" for n in range(size))
    elif shape == "scalar":
        front = "title: " + "word " * size * 4
    elif shape == "list":
        front = "title: Big\ntags:\n" + "".join(f"  - tag {n}\n" for n in range(size))
    else:  # many small aliases of one anchor: within budget or not, never slow
        front = "base: &b [x, y]\ntitle: Big\ntags: [" + ", ".join(["*b"] * size) + "]\n"
    parse_or_refuse(f"---\n{front}---\nBody with $5 million.\n".encode())
