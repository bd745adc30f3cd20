"""Shortening, escaping, url and page-splitting functions behave as Discord readers need."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.reply.pages import split_pages
from bot.reply.text import escape_markdown, safe_url, shorten

LINK = "[the fact sheet](https://www.whitehouse.gov/briefing-room/statements-releases/2023/11/16/x/)"


def words_of(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9$]+", text)


# ---- shorten -----------------------------------------------------------------------------------


def test_short_text_is_returned_unchanged() -> None:
    assert shorten("HIDTA funding", 100) == "HIDTA funding"


def test_cut_ends_with_ellipsis_at_a_word_boundary() -> None:
    text = "The High Intensity Drug Trafficking Areas program coordinates law enforcement"
    result = shorten(text, 30)
    assert len(result) <= 30
    assert result.endswith("…")
    kept = result[:-1].split()
    assert kept == text.split()[: len(kept)]  # whole words only, in order
    assert kept  # something survived


def test_never_cuts_inside_a_word() -> None:
    text = "alpha beta gamma delta epsilon"
    for limit in range(2, len(text)):
        result = shorten(text, limit)
        assert len(result) <= limit
        for word in result.rstrip("…").split():
            assert word in text.split()


def test_one_word_longer_than_the_limit_leaves_only_the_ellipsis() -> None:
    assert shorten("x" * 50, 20) == "…"


def test_link_straddling_the_cut_is_dropped_whole() -> None:
    text = f"Read {LINK} for the details"
    cut_inside_link = len("Read [the fact")
    result = shorten(text, cut_inside_link + 2)
    assert result == "Read…"


def test_link_that_fits_is_kept_whole() -> None:
    text = f"Read {LINK} for the details of every program"
    result = shorten(text, len("Read ") + len(LINK) + 6)
    assert LINK in result
    assert result.endswith("…")


def test_open_bold_is_closed_after_the_ellipsis() -> None:
    result = shorten("Funding: **more than $1.2 billion for border technology** in FY24", 40)
    assert len(result) <= 40
    assert result.count("**") % 2 == 0
    assert result.endswith("…**")


def test_bold_opened_right_at_the_cut_is_dropped_not_left_dangling() -> None:
    result = shorten("Funding request **$1.2 billion", 20)
    assert result == "Funding request…"


def test_other_paired_markers_are_closed_too() -> None:
    for marker in ("__", "~~", "||"):
        result = shorten(f"start {marker}one two three four five six{marker} end", 25)
        assert result.count(marker) == 2, result


def test_escaped_asterisks_are_not_markers() -> None:
    result = shorten(r"a \*\* b c d e f g h i j k l m n", 12)
    assert not result.endswith("**")


def test_tiny_limits() -> None:
    assert shorten("hello world", 1) == "…"
    assert shorten("hello world", 0) == ""


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab *_[]()\n:/.h")) , max_size=300), st.integers(0, 120))
def test_shorten_always_respects_the_limit(text: str, limit: int) -> None:
    result = shorten(text, limit)
    assert len(result) <= max(limit, 0)
    if len(text) <= limit:
        assert result == text
    else:
        assert result.endswith("…") or result.endswith("**") or limit == 0 or result.endswith(("__", "~~", "||"))


# ---- escape_markdown ---------------------------------------------------------------------------


def test_escape_makes_markdown_characters_literal() -> None:
    escaped = escape_markdown("*bold* _it_ ~~s~~ `code` ||spoil|| [a](b) back\\slash")
    assert escaped == r"\*bold\* \_it\_ \~\~s\~\~ \`code\` \|\|spoil\|\| \[a\](b) back\\slash"


def test_escape_line_start_markers_only_at_line_start() -> None:
    escaped = escape_markdown("# Title\n> quote\n- item\n-# small\na > b # c - d")
    assert escaped.splitlines() == [r"\# Title", r"\> quote", r"\- item", r"\-# small", "a > b # c - d"]


def test_escaping_twice_changes_nothing() -> None:
    once = escape_markdown("**Border** _security_ \\ C:\\path # not a heading\n# heading")
    assert escape_markdown(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab\\*_~`|[]>#- \n")), max_size=60))
def test_escape_is_idempotent(text: str) -> None:
    once = escape_markdown(text)
    assert escape_markdown(once) == once


def test_plain_text_is_untouched() -> None:
    assert escape_markdown("Fentanyl precursor controls, 2023") == "Fentanyl precursor controls, 2023"


# ---- safe_url ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "https://www.whitehouse.gov/briefing-room/",
    "http://example.com/a?b=c#d",
    "HTTPS://EXAMPLE.COM",
])
def test_http_urls_are_kept(url: str) -> None:
    assert safe_url(url) == url


@pytest.mark.parametrize("url", [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,hi",
    "ftp://example.com/file",
    "https://exa mple.com",
    "https://example.com/\x00",
    "https://example.com/a\nb",
    "https://",
    "//example.com",
    "",
    None,
    "https://example.com/" + "a" * 2048,
])
def test_unsafe_urls_are_refused(url: str | None) -> None:
    assert safe_url(url) is None


def test_url_at_the_length_limit_is_kept() -> None:
    url = "https://example.com/" + "a" * (2048 - len("https://example.com/"))
    assert safe_url(url) == url


# ---- split_pages -------------------------------------------------------------------------------


def test_blocks_are_packed_whole() -> None:
    blocks = ["first block of text", "second block", "third block here", "fourth"]
    pages = split_pages(blocks, 40)
    assert all(len(page) <= 40 for page in pages)
    assert "\n".join(pages).split("\n") == blocks  # order kept, every block whole
    assert len(pages) < len(blocks)  # small blocks share a page


def test_oversized_block_is_split_at_word_boundaries_without_losing_words() -> None:
    block = " ".join(f"word{n}" for n in range(200))
    pages = split_pages(["intro", block, "outro"], 100)
    assert all(len(page) <= 100 for page in pages)
    assert words_of(" ".join(pages)) == words_of(" ".join(["intro", block, "outro"]))


def test_split_keeps_links_whole_and_bold_balanced() -> None:
    block = "**" + " ".join(["Funding detail"] * 30) + f" {LINK} " + " ".join(["more"] * 40) + "**"
    pages = split_pages([block], 150)
    assert all(len(page) <= 150 for page in pages)
    assert any(LINK in page for page in pages)
    assert all(page.count("**") % 2 == 0 for page in pages)


def test_a_single_huge_word_is_split_rather_than_lost() -> None:
    word = "x" * 250
    pages = split_pages([word], 100)
    assert all(len(page) <= 100 for page in pages)
    assert "".join(pages) == word


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("abc [](): h\n")), max_size=200), max_size=8),
       st.integers(32, 120))
def test_split_pages_respects_the_limit_and_loses_nothing(blocks: list[str], limit: int) -> None:
    pages = split_pages(blocks, limit)
    assert all(len(page) <= limit for page in pages)
    assert "".join("".join(pages).split()) == "".join("".join(blocks).split())


def test_no_blocks_no_pages() -> None:
    assert split_pages([], 100) == []
