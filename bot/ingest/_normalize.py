"""Text clean-up shared by every part of the parser, and the fold the query layer matches with.

Display text keeps typography (curly quotes, accents, case) but loses invisible characters that
break search and copy-paste: the scraped fact sheets are full of word joiners (U+2060),
soft hyphens and non-breaking spaces.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from itertools import islice

# Every Unicode "Cf" (format) character: invisible, and never meaningful in a fact sheet.
# Spelled out as ranges so importing the module stays instant; a test checks it against the
# running interpreter's Unicode database.
_FORMAT_CHARS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_FORMAT_RE = re.compile(f"[{_FORMAT_CHARS}]")
# Space separators other than the plain space (NBSP, thin spaces, ideographic space, …).
_ODD_SPACE_RE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\v\f]")
_LINE_SEP_RE = re.compile("\r\n?|[\u2028\u2029\x85]")
_SPACES_RE = re.compile(r" {2,}")
_SPACE_AROUND_NEWLINE_RE = re.compile(r" *\n *")
_MANY_NEWLINES_RE = re.compile(r"\n{3,}")

_QUOTE_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
})


_ASCII_BYTES = bytes(range(128))
_CHAR_FIXES: dict[str, str] = {}  # non-ASCII character → its replacement, filled on first sight


def _fix_for(char: str) -> str:
    fix = _CHAR_FIXES.get(char)
    if fix is None:
        if _FORMAT_RE.match(char):
            fix = ""
        elif "\ud800" <= char <= "\udfff":  # a lone surrogate (only YAML escapes make one)
            fix = "\ufffd"
        elif _LINE_SEP_RE.match(char):
            fix = "\n"
        elif _ODD_SPACE_RE.match(char):
            fix = " "
        else:
            fix = char
        _CHAR_FIXES[char] = fix
    return fix


def clean_run(text: str) -> str:
    """NFC, no format characters, every kind of space a plain space; whitespace runs are kept.

    Works character by distinct character with str.replace: a regex pass over a whole fact
    sheet costs about ten times more.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for control in "\t\v\f":
        if control in text:
            text = text.replace(control, " ")
    if text.isascii():
        return text
    # The distinct non-ASCII characters, found fast by deleting every ASCII byte.
    others = set(text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))
    for char in others:
        fix = _fix_for(char)
        if fix != char:
            text = text.replace(char, fix)
    return unicodedata.normalize("NFC", text)


def collapse_whitespace(text: str) -> str:
    """Single spaces, no spaces around line breaks, at most one blank line, trimmed."""
    if "  " in text:
        text = _SPACES_RE.sub(" ", text)
    if "\n" in text:
        if " \n" in text or "\n " in text:
            text = _SPACE_AROUND_NEWLINE_RE.sub("\n", text)
        if "\n\n\n" in text:
            text = _MANY_NEWLINES_RE.sub("\n\n", text)
    return text.strip()


def normalize_display(text: str) -> str:
    """Text as shown to people: NFC, invisible characters removed, whitespace tidied.

    Curly quotes, accents and case are kept; line breaks survive (at most one blank line).
    """
    return collapse_whitespace(clean_run(str(text)))


class _FoldTable(dict[int, int | str | None]):
    """str.translate table filled on first sight of each character: combining marks and
    format characters vanish, curly quotes and dashes become ASCII, the rest stays."""

    def __missing__(self, codepoint: int) -> int | str | None:
        char = chr(codepoint)
        if unicodedata.combining(char) or _FORMAT_RE.match(char):
            value: int | str | None = None
        else:
            value = _QUOTE_FOLD.get(codepoint, codepoint)
        self[codepoint] = value
        return value


_FOLD_TABLE = _FoldTable()


def fold_for_match(text: str) -> str:
    """The matching key: accents, case, quote/dash style and invisible characters don't matter.

    ``fold_for_match("Biden\u2060–Harris’s Café")`` == ``"biden-harris's cafe"``. The query layer
    folds user input with this same function, so both sides compare equal.
    """
    text = str(text)
    if text.isascii():
        return single_spaces(text.lower())
    return single_spaces(unicodedata.normalize("NFKD", text).casefold().translate(_FOLD_TABLE))


def single_spaces(text: str) -> str:
    r"""Every run of whitespace one space, none at the ends: ``re.sub(r"\s+", " ", text).strip()``
    several times faster (str.split and ``\s`` agree on what whitespace is)."""
    return " ".join(text.split())


# ---- Discord Markdown escaping (runs of text: ``bot.text.escape_markdown(..., inline_run=True)``) ----

# Things that change meaning only at the start of a line: headings, quotes, lists, subtext.
_LINE_START_RE = re.compile(r"(?m)^([ ]*)(#|>|[-+*](?=[ #]|$)|\d+[.)](?= |$))")


def escape_line_starts(markdown: str) -> str:
    """Escape characters that would turn a line into a heading, quote or list item."""
    if "\n" not in markdown:  # one line: only its first character can need escaping
        first = markdown.lstrip(" ")[:1]
        if not first or (first not in "#>-+*" and not first.isdecimal()):
            return markdown
    if _LINE_START_RE.search(markdown) is None:  # "**Bold** …" and the like: nothing to escape
        return markdown
    return _LINE_START_RE.sub(r"\1\\\2", markdown)


# ---- raw HTML -----------------------------------------------------------------------------------

_HTML_COMMENT_RE = re.compile(r"<!--.*?(?:-->|$)", re.S)
_HTML_DROP_RE = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|$)", re.S | re.I)
_HTML_BREAK_RE = re.compile(r"<br\b[^>]*>|</(?:p|div|tr|li|h[1-6]|caption|figcaption|table|thead|tbody|ul|ol)\s*>", re.I)
_HTML_CELL_RE = re.compile(r"</t[dh]\s*>\s*(?=<t[dh]\b)", re.I)
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>|<[!?][^>]*>")


def html_to_text(fragment: str) -> str:
    """Reduce a raw HTML block (table, figure, underline, …) to its readable text."""
    text = _HTML_COMMENT_RE.sub("", fragment)
    if "<" in text:
        text = _HTML_DROP_RE.sub("", text)
        text = _HTML_CELL_RE.sub(" | ", text)
        text = _HTML_BREAK_RE.sub("\n", text)
        text = _HTML_TAG_RE.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    return text


# ---- sentences and titles -----------------------------------------------------------------------

_SENTENCE_END_RE = re.compile(r"([.!?…]+[\"”’')\]]*)[ ]+|\n+")
_INITIALS_RE = re.compile(r"(?:^|[\s(\"“])(?:[A-Za-z]\.)+[A-Za-z]?\.?$")
_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "st", "jr", "sr", "no", "nos", "vs", "inc", "co", "corp", "ltd", "gov", "sen", "rep", "reps", "gen", "lt", "col", "sgt", "capt", "adm", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "dept", "est", "fig", "ft", "mt", "pres", "hon", "e.g", "i.e", "a.m", "p.m", "u.s", "u.k", "d.c"]
)


def _may_be_initials(word: str) -> bool:
    """False when ``word`` (ending in ".") cannot end in initials such as "U.S." or "J.": the
    letter before its final period is not itself preceded by a period or an opening mark.
    Most words ("communities.") are ruled out here without running ``_INITIALS_RE``."""
    if len(word) < 2:
        return False
    before = word[-2]
    if before == ".":
        return True
    if not (before.isascii() and before.isalpha()):
        return False
    return len(word) == 2 or word[-3] in ".(\"“"


def sentence_spans(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """Start/end offsets of the sentences in ``text`` (line breaks always end a sentence).

    Abbreviations and initials ("U.S. Customs", "Dr. Gupta", "Jan. 6") do not end one.
    With ``limit``, only the first ``limit`` sentences (a title needs one, not the paragraph).
    """
    return list(islice(iter_sentence_spans(text), limit))


def iter_sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """``sentence_spans``, one at a time: a caller that needs the first few stops reading there."""
    size = len(text)
    start = 0
    for match in _SENTENCE_END_RE.finditer(text):
        cut = match.end()
        if cut >= size:
            break
        mark = match.start()
        punctuation_end = match.end(1)
        if punctuation_end == -1:  # line breaks
            piece_end = mark
        else:
            if text[cut].islower():
                continue
            # Only a period can end an abbreviation or initials ("!" and "?" always end a sentence).
            if text[mark] == ".":
                head = text[max(start, mark - 12):mark + 1]
                word = head.rsplit(None, 1)[-1].lstrip("(\"“")
                if word[:-1].lower() in _ABBREVIATIONS or (
                    _may_be_initials(word) and _INITIALS_RE.search(" " + word)
                ):
                    continue
            piece_end = punctuation_end  # the spaces after the punctuation are not the sentence's
        # Non-blank: usually its first character already says so, without copying the sentence.
        if (start < piece_end and not text[start].isspace()) or text[start:piece_end].strip():
            yield start, piece_end
        start = cut
    if text[start:].strip():
        yield start, len(text.rstrip())


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, trimmed."""
    return [text[a:b].strip() for a, b in sentence_spans(text)]
