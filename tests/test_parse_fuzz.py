"""Whatever bytes arrive, the parser returns a document or raises ParseError — nothing else."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.ingest import ParseError, parse_document
from bot.model import CATEGORIES, ParsedDocument

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
        assert mention.parent_position is None or mention.parent_position < position
        assert mention.initiative_order is None or 0 <= mention.initiative_order < len(doc.initiatives)
    for text in (doc.body_text, doc.title, *(i.text for i in doc.initiatives)):
        text.encode("utf-8")  # no lone surrogates reach the store


def parse_or_refuse(raw: bytes) -> None:
    try:
        doc = parse_document(raw, "fuzz.md")
    except ParseError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    check(doc)


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
