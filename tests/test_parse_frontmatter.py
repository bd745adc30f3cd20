"""Front matter, decoding, size limits and the normalisation every field goes through."""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
import unicodedata
from pathlib import Path

import pytest

from bot.ingest import ParseError, fold_for_match, normalize_display, parse_document, parse_file
from tests._deadline import within

BODY = "Some text.\n"


def sheet(front: str, body: str = BODY) -> bytes:
    return f"---\n{front}\n---\n{body}".encode()


def parse(front: str, body: str = BODY):
    return parse_document(sheet(front, body), "sheet.md")


# ---- rejections ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\n ", "empty file"),
        (b"Just a paragraph, no front matter.\n", "no front matter"),
        (b"# Heading\n\n---\ntitle: x\n---\n", "no front matter"),
        (b"---\ntitle: x\n", "front matter is not closed"),
        (b"---\ntitle: [unclosed\n---\nbody\n", "invalid YAML front matter"),
        (b"---\n- a\n- b\n---\nbody\n", "invalid YAML front matter"),
        (b"---\ndate: '2023-01-01'\n---\nbody\n", "no title in front matter"),
        (b"---\ntitle: ''\n---\nbody\n", "no title in front matter"),
        (b"---\ntitle: \"\\u2060 \\u00a0\"\n---\nbody\n", "no title in front matter"),
        (b"---\ntitle: caf\xe9\n---\n", "not UTF-8 text"),
        ("---\ntitle: x\n---\n".encode("utf-16"), "not UTF-8 text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"---\ntitle: x\n---\nbody\x00more", "binary file"),
    ],
)
def test_unusable_input_is_rejected_with_a_one_line_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_document(raw, "bad.md")
    message = str(caught.value)
    assert message.startswith(reason)
    assert "\n" not in message


ALIAS_BOMB = "\n".join(
    ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    + [f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]" for level in range(1, 10)]
    + ["title: *a9", "tags: *a9"]
)


def test_an_alias_bomb_is_rejected_at_once() -> None:
    raw = sheet(ALIAS_BOMB)
    assert len(raw) < 600
    with within(2, "parsing a 500-byte alias bomb"), \
            pytest.raises(ParseError, match=r"^invalid YAML front matter: its aliases \(\*name\) expand to over"):
        parse_document(raw, "bomb.md")


def test_an_alias_inside_its_own_anchor_is_rejected() -> None:
    with pytest.raises(ParseError, match=r"an alias \(\*name\) refers to a node it is part of"):
        parse("loop: &loop [a, *loop]\ntitle: *loop")


def test_a_few_small_aliases_are_fine() -> None:
    doc = parse("common: &tags [border, drugs]\ntitle: Aliased\ntags: *tags")
    assert (doc.title, doc.tags) == ("Aliased", ["border", "drugs"])


def test_yaml_error_says_where() -> None:
    with pytest.raises(ParseError, match=r"invalid YAML front matter: .*line \d+"):
        parse_document(b"---\ntitle: ok\ntags: [a, b\n---\nbody\n", "bad.md")


def test_non_bytes_input_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_document("---\ntitle: x\n---\n", "x.md")  # type: ignore[arg-type]  # str on purpose: the wrong input


# ---- fields -------------------------------------------------------------------------------------


def test_all_fields_read_and_hash_is_of_the_raw_bytes() -> None:
    raw = sheet(
        "date: '2023-11-16'\npublished_time: 2023-11-16 11:04:25-05:00\n"
        "source_url: https://www.whitehouse.gov/x/\ntags: statements-releases\ntitle: A Title"
    )
    doc = parse_document(raw, "dir/a.md")
    assert doc.path == "dir/a.md"
    assert doc.title == "A Title"
    assert doc.date == dt.date(2023, 11, 16)
    assert doc.published_time == "2023-11-16 11:04:25-05:00"
    assert doc.source_url == "https://www.whitehouse.gov/x/"
    assert doc.tags == ["statements-releases"]
    # The hash names these bytes as read by this parser: a file stored by an older parser (whose
    # hash was of the bytes alone) is read again on the next ingest.
    assert doc.content_hash == parse_document(raw, "elsewhere.md").content_hash
    assert doc.content_hash != parse_document(raw + b"\n", "dir/a.md").content_hash
    assert doc.content_hash != hashlib.sha256(raw).hexdigest()
    assert doc.warnings == []


def test_byte_order_mark_and_crlf_line_endings_are_accepted() -> None:
    raw = b"\xef\xbb\xbf---\r\ntitle: Windows file\r\ndate: 2024-01-02\r\n---\r\n- **Item.** Text.\r\n"
    doc = parse_document(raw, "w.md")
    assert doc.title == "Windows file"
    assert doc.date == dt.date(2024, 1, 2)
    assert [i.title for i in doc.initiatives] == ["Item"]


def test_lone_cr_line_endings_are_accepted() -> None:
    raw = b"---\rtitle: Classic Mac file\rdate: 2024-01-02\r---\r\r- **First.** Costs $5 million.\r- **Second.** Text.\r"
    doc = parse_document(raw, "mac.md")
    assert doc.title == "Classic Mac file"
    assert doc.date == dt.date(2024, 1, 2)
    assert [i.title for i in doc.initiatives] == ["First", "Second"]
    assert [m.amount_usd for m in doc.funding] == [5_000_000]


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("date: 2023-11-16", dt.date(2023, 11, 16)),  # YAML gives a date object
        ("date: '2023-11-16'", dt.date(2023, 11, 16)),  # a string
        ("date: 2023-11-16 08:30:00", dt.date(2023, 11, 16)),  # a datetime
        ("date: 'November 16, 2023'", dt.date(2023, 11, 16)),
        ("date: 20231116", dt.date(2023, 11, 16)),  # YAML reads it as the number 20231116
        ("published_time: 2023-11-16 11:04:25-05:00", dt.date(2023, 11, 16)),  # missing date falls back
        ("published_time: '2023-11-16T23:30:00-05:00'", dt.date(2023, 11, 16)),
    ],
)
def test_dates_in_any_yaml_shape(front: str, expected: dt.date) -> None:
    doc = parse(f"title: T\n{front}")
    assert doc.date == expected
    assert doc.warnings == []


@pytest.mark.parametrize("value", ["'someday'", "2023-02-30", "'2023-13-01'", "20231345", "[1, 2]"])
def test_unparseable_date_is_unknown_with_a_warning(value: str) -> None:
    doc = parse(f"title: T\ndate: {value}\npublished_time: 2023-11-16 11:04:25-05:00")
    assert doc.date is None  # not silently replaced by published_time
    assert len(doc.warnings) == 1
    assert "date" in doc.warnings[0]


def test_duplicate_keys_keep_the_last_value_with_a_warning() -> None:
    doc = parse("title: First title\ndate: 2024-01-01\ntitle: Second title\ndate: 2024-01-02")
    assert (doc.title, doc.date) == ("Second title", dt.date(2024, 1, 2))
    assert doc.warnings == [
        "front matter has 'title' more than once; the last one is used",
        "front matter has 'date' more than once; the last one is used",
    ]


def test_no_date_at_all_is_unknown_with_a_warning() -> None:
    doc = parse("title: T")
    assert doc.date is None
    assert doc.published_time is None
    assert any("date" in w for w in doc.warnings)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://example.com/x", "www.whitehouse.gov/x", "data:text/html,hi", "https://", "[1, 2]"],
)
def test_non_http_source_url_is_dropped_with_a_warning(url: str) -> None:
    doc = parse(f"title: T\ndate: 2023-01-01\nsource_url: {url}")
    assert doc.source_url is None
    assert any("source_url" in w for w in doc.warnings)


def test_http_source_url_is_kept() -> None:
    doc = parse("title: T\ndate: 2023-01-01\nsource_url: http://example.com/a?b=c")
    assert doc.source_url == "http://example.com/a?b=c"
    assert doc.warnings == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2024", "2024"), ("3.5", "3.5"), ("true", "True"), ("[Part, One]", "Part One"), ("2023-01-02", "2023-01-02")],
)
def test_non_string_title_is_coerced_to_text(value: str, expected: str) -> None:
    doc = parse(f"title: {value}\ndate: 2023-01-01")
    assert doc.title == expected
    assert any("title" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("a, b ,a", ["a", "b"]), ("[x, y]", ["x", "y"]), ("", []), ("7", ["7"]), ("[x, null, 3]", ["x", "3"])],
)
def test_tags(value: str, expected: list[str]) -> None:
    assert parse(f"title: T\ndate: 2023-01-01\ntags: {value}").tags == expected


def test_title_is_normalised_for_display() -> None:
    # The real seed title: a word joiner inside "Biden-Harris" and a non-breaking space.
    doc = parse('title: "FACT SHEET: Biden-\\u2060Harris Fight Against Global Illicit Drug\\u00a0Trafficking"')
    assert doc.title == "FACT SHEET: Biden-Harris Fight Against Global Illicit Drug Trafficking"


def test_no_lone_surrogate_gets_through() -> None:
    # YAML refuses the escape outright; an HTML entity in the body is replaced.
    with pytest.raises(ParseError, match="invalid YAML front matter"):
        parse('title: "Broken \\ud800 title"')
    doc = parse("title: T\ndate: 2023-01-01", "- **Item.** Broken &#xD800; entity &#55296; here.\n")
    doc.initiatives[0].text.encode("utf-8")
    doc.body_text.encode("utf-8")


# ---- parse_file ---------------------------------------------------------------------------------


def test_parse_file_reads_and_parses(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(sheet("title: From disk\ndate: 2023-01-01"))
    doc = parse_file(path)
    assert doc.title == "From disk"
    assert doc.path == str(path)


def test_parse_file_refuses_oversized_files_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    with open(path, "wb") as handle:  # sparse: 7.2 MB on paper, nothing to read
        handle.truncate(int(7.2 * 1024 * 1024))
    with pytest.raises(ParseError, match=r"^file is 7\.2 MB, over the 5 MB limit$"):
        parse_file(path)


def test_parse_file_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(sheet("title: T") + b"x" * 3000)
    with pytest.raises(ParseError, match="over the 2 KB limit"):
        parse_file(path, max_bytes=2048)
    assert parse_file(path, max_bytes=10_000).title == "T"


def test_parse_file_os_errors_become_parse_errors(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="cannot read file"):
        parse_file(tmp_path / "missing.md")
    with pytest.raises(ParseError, match="cannot read file"):
        parse_file(tmp_path)  # a directory


# ---- normalisation functions -----------------------------------------------------------------


def test_normalize_display_removes_invisible_characters_but_keeps_typography() -> None:
    text = "Biden-\u2060Harris\u200b  “quoted”\u00a0café co\u00adoperate\r\nnext\u2028line"
    assert normalize_display(text) == "Biden-Harris “quoted” café cooperate\nnext\nline"


def test_normalize_display_composes_accents() -> None:
    assert normalize_display("Cafe\u0301") == "Café"


def test_every_format_character_is_removed() -> None:
    format_chars = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    text = "a" + "".join(format_chars) + "b"
    assert normalize_display(text) == "ab"
    assert fold_for_match(text) == "ab"


def test_fold_for_match_ignores_case_accents_quotes_and_invisible_characters() -> None:
    assert fold_for_match("Biden\u2060–Harris’s  CAFÉ “Plan”") == fold_for_match('biden-harris\'s cafe "plan"')
    assert fold_for_match("People’s Republic") == "people's republic"
    assert fold_for_match("  Straße\u00a0\n") == "strasse"
    assert fold_for_match("HIDTA") != fold_for_match("HIDTB")
