"""Dollar figures in running text: "$26 billion", "more than $1.2 billion", "$3.5M", "$1-2 billion"."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_WORD_UNIT = r"(?i:thousand|million|billion|trillion)"
_SHORT_UNIT = r"(?:MM|mm|mn|Mn|bn|Bn|BN|tn|[KkMmBT])"  # attached only: "$3.5M", "$220m", "$5bn", "$50mm"
# After a space only the capital letters and "bn" read as a unit ("$973 B"), and only when no
# word goes on: "$5 T-shirts", "$20 K-12", "$5 M&A" and "$5 B.Sc" are bare dollars.
_SPACED_UNIT = r"(?:MM|bn|Bn|BN|[KMBT])(?![\w'&-]|\.\w)"
# "$395+ billion", "$600-billion": a plus sign or a hyphen may stand between number and unit.
# The word unit may run into a link's text or the next word with no space ("$1 million[Puerto Rico …]" →
# "millionPuerto", "$26 millionin"), but "millions", "billionaires" and "thousandths" are other words.
_UNIT = (rf"(?:\+?(?:[ ]|-(?={_WORD_UNIT}))?(?P<{{w}}>{_WORD_UNIT})(?![0-9_]|s\b|aires?\b|ths?\b)"
         rf"|\+?(?:(?P<{{s}}>{_SHORT_UNIT})\b|[ ](?P<{{p}}>{_SPACED_UNIT})))")
# A number ends where no digit (or comma and digit) follows: "$1,349, respectively" is $1,349.
_END = r"(?!\d|,\d)(?![eE][+-]?\d)"
_MONEY_RE = re.compile(
    # "$[482] million": a converter's escaped brackets around the number (pairs only).
    rf"\$[ ]?(?P<bracket>\[)?(?P<num>{_NUMBER}){_END}(?(bracket)\])(?:{_UNIT.format(w='word', s='short', p='spaced')})?"
    rf"(?:[ ]?(?P<sep>-|–|—|to|and)[ ]?\$?[ ]?(?P<num2>{_NUMBER}){_END}"
    rf"(?:{_UNIT.format(w='word2', s='short2', p='spaced2')})?)?"
)
_MULTIPLIERS = {
    "thousand": 10**3, "k": 10**3,
    "million": 10**6, "m": 10**6, "mm": 10**6, "mn": 10**6,
    "billion": 10**9, "b": 10**9, "bn": 10**9,
    "trillion": 10**12, "t": 10**12, "tn": 10**12,
}
# Longest first so "just over" is not read as "over".
_QUALIFIERS = (
    "no more than", "not more than", "no less than", "not less than", "more than", "upwards of", "in excess of", "at least", "up to", "nearly", "almost",
    "approximately", "roughly", "about", "around", "an estimated", "estimated", "over",
    "exceeding", "close to", "as much as", "less than", "under", "some",
)
_QUALIFIER_RE = re.compile(
    r"(?i)(?<![\w-])(?P<q>" + "|".join(q.replace(" ", r"\s+") for q in _QUALIFIERS) + r")\s+$"
)
_BETWEEN_RE = re.compile(r"(?i)\bbetween\s+$")
_FROM_RE = re.compile(r"(?i)\bfrom\s+(?:an?\s+(?:average\s+)?(?:price\s+of\s+)?)?$")
_SCIENTIFIC_RE = re.compile(r"\$[ ]?[\d.,]+[eE][+-]?\d+")
MAX_PLAUSIBLE_USD = 1e14  # $100 trillion: more than any government has ever announced


def _skip_figure(text: str, end: int) -> int:
    """Past the rest of a rejected figure ("e308", a unit word), so none of it is read again."""
    match = re.compile(r"[\w.,+-]*(?:[ ](?i:thousand|million|billion|trillion)\b)?").match(text, end)
    return match.end() if match else end


@dataclass(slots=True)
class MoneyMatch:
    start: int  # where the phrase starts (at the qualifier when there is one)
    figure_start: int  # where the "$" is
    end: int
    amount: float  # US dollars
    qualifier: str | None  # lowercase
    text: str  # the phrase as written, with its qualifier
    figure: str  # the dollar figure as written, without the qualifier


def _amount(number: str, unit: str | None) -> float:
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:
        return 0.0
    if unit:
        value *= _MULTIPLIERS.get(unit.lower(), 1)
    return float(value)


# ---- tables that give their amounts' scale once --------------------------------------------------

_SCALES = {"thousand": 10**3, "k": 10**3, "million": 10**6, "m": 10**6, "mm": 10**6, "mn": 10**6,
           "billion": 10**9, "b": 10**9, "bn": 10**9, "trillion": 10**12, "t": 10**12, "tn": 10**12}
_SCALE_WORDS = r"(?i:thousands|millions|billions|trillions)"
_DOLLARS = r"(?i:\s+of\s+(?:U\.?S\.?\s+)?dollars)"
# "(billions)", "(in millions)", "($ millions)", "$ billions", "in billions of dollars",
# "Millions of Dollars" as a whole cell, "($M)": a header saying its amounts are in units of that.
_SCALE_RE = re.compile(
    rf"\(\s*(?i:in\s+)?(?:(?:US)?\$\s*|USD\s+)?(?P<a>{_SCALE_WORDS}){_DOLLARS}?\s*\)"
    rf"|(?:(?:US)?\$|USD)\s*(?P<b>{_SCALE_WORDS})\b"
    rf"|\b(?i:in)\s+(?P<c>{_SCALE_WORDS})(?:{_DOLLARS}\b|(?=\s*(?:[)\],;:|]|$)))"
    rf"|(?:^|\|)\s*(?P<d>{_SCALE_WORDS}){_DOLLARS}\s*(?=\||$)"
    r"|\(\s*(?:US)?\$\s*(?P<e>K|M|MM|B|bn|mn)\s*\)",
    re.M,
)
_CELL_SEP_RE = re.compile(r"(?:^|(?<=\s))\|(?=\s|$)", re.M)
# "| --- | :---: |" or, without the outer pipes, "--- | ---".
_PIPE_DELIMITER_RE = re.compile(r"(?<!\S)(?P<outer>\|)?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+(?(outer)\||\|?)(?!\S)")
_PIPE_DASHES_RE = re.compile(r"-{3,}")


@dataclass(slots=True)
class ScaledSpan:
    """A table cell whose bare dollar figures ("$579") are in units of ``multiplier``."""

    start: int
    end: int
    multiplier: int


def _scale_of(text: str) -> int | None:
    """The one scale a header or caption names, or None (none, or two that disagree)."""
    scales = {_SCALES[next(g for g in match.groups() if g).lower().rstrip("s")] for match in _SCALE_RE.finditer(text)}
    return scales.pop() if len(scales) == 1 else None


def table_scales(text: str, caption: str = "") -> list[ScaledSpan]:
    """The cells of a table in ``text`` whose header or caption gives the amounts' scale.

    A table comes either from raw HTML (rows on their own lines, cells joined by " | ") or
    from a Markdown pipe table. A column's header ("Amount (billions)") scales that column; a
    caption (the lines above the header, or the heading or short line before the table, given
    as ``caption``) scales every column whose header names none. When the columns cannot be
    lined up with the header, a scale the header row names once applies to the whole table.
    """
    if "|" not in text:
        return []
    delimiter = _PIPE_DELIMITER_RE.search(text)
    if delimiter is not None:
        return _pipe_table_scales(text, caption, delimiter)
    rows = [(start, end) for start, end in _rows(text) if _CELL_SEP_RE.search(text, start, end)]
    if len(rows) < 2:
        return []
    (head_start, head_end), body = rows[0], rows[1:]
    # Lines of the header row before its first cell line are a caption (an HTML <caption>).
    first_cells = _CELL_SEP_RE.search(text, head_start, head_end)
    line_start = max(head_start, text.rfind("\n", head_start, first_cells.start()) + 1) if first_cells else head_start
    caption = caption + "\n" + text[:line_start]
    header = text[line_start:head_end]
    header_cells = [_scale_of(cell) for cell in _CELL_SEP_RE.split(header)]
    cells: list[tuple[int, int, int]] = []  # (start, end, column)
    aligned = True
    for start, end in body:
        bounds = [start, *(m.start() for m in _CELL_SEP_RE.finditer(text, start, end)), end]
        aligned = aligned and len(bounds) - 1 == len(header_cells)
        cells.extend((lo, hi, column) for column, (lo, hi) in enumerate(pairwise(bounds)))
    return _scaled(cells, header_cells if aligned else None, _scale_of(caption), _scale_of(header))


def _rows(text: str) -> list[tuple[int, int]]:
    """Rows apart by a blank line when the table has any (a cell may then run over a line
    break), else one a line."""
    separator = "\n\n" if "\n\n" in text else "\n"
    rows: list[tuple[int, int]] = []
    start = 0
    while start <= len(text):
        end = text.find(separator, start)
        end = len(text) if end < 0 else end
        rows.append((start, end))
        start = end + len(separator)
    return rows


def _pipe_table_scales(text: str, caption: str, delimiter: re.Match[str]) -> list[ScaledSpan]:
    """A Markdown pipe table, its lines perhaps run together by the paragraph ("| a | b | | --- | --- | | …")."""
    columns = len(_PIPE_DASHES_RE.findall(delimiter.group(0)))
    head_start = text.rfind("\n", 0, delimiter.start()) + 1
    before_header = text[head_start:delimiter.start()]
    first_pipe = before_header.find("|")
    header = before_header[first_pipe:] if first_pipe >= 0 else before_header
    caption = caption + "\n" + text[:head_start] + (before_header[:first_pipe] if first_pipe > 0 else "")
    header_pieces = header.strip().strip("|").split("|")
    # Outer pipes make each row its cells and then one blank piece: "| a | b | | c | d |".
    pieces: list[tuple[int, int]] = []
    position = delimiter.end()
    for piece in text[delimiter.end():].split("|"):
        pieces.append((position, position + len(piece)))
        position += len(piece) + 1
    pieces = pieces[1:-1] if len(pieces) > 2 else []
    aligned = bool(delimiter.group("outer")) and len(header_pieces) == columns and all(
        not text[lo:hi].strip() for lo, hi in pieces[columns::columns + 1])
    cells = [(lo, hi, index % (columns + 1)) for index, (lo, hi) in enumerate(pieces) if index % (columns + 1) < columns]
    if not aligned:
        cells = [(delimiter.end(), len(text), 0)]
    header_cells = [_scale_of(cell) for cell in header_pieces] if aligned else None
    return _scaled(cells, header_cells, _scale_of(caption), _scale_of(header))


def _scaled(cells: list[tuple[int, int, int]], header_cells: list[int | None] | None,
            caption_scale: int | None, header_scale: int | None) -> list[ScaledSpan]:
    """Each cell with the scale of its column's header, else the caption's; when the columns
    could not be lined up (``header_cells`` None), the caption's or the header row's."""
    out: list[ScaledSpan] = []
    for start, end, column in cells:
        if header_cells is not None:
            scale = (header_cells[column] if column < len(header_cells) else None) or caption_scale
        else:
            scale = caption_scale or header_scale
        if scale:
            out.append(ScaledSpan(start, end, scale))
    return out


def find_money(text: str, limit: int | None = None, rejected: list[str] | None = None,
               scales: list[ScaledSpan] | None = None) -> list[MoneyMatch]:
    """Every dollar figure in ``text`` (the first ``limit`` of them), left to right.

    A range counts once, at its first figure: "$1-2 billion" is $1 billion. "From $1,349 to
    $149" is a change, not a range: two figures. Figures in scientific notation ("$1e308") and
    amounts over $100 trillion are not read as money; their text goes to ``rejected``. A figure
    with no unit inside one of ``scales`` (a table "in billions") is in that span's units.
    """
    found: list[MoneyMatch] = []
    if "$" not in text:
        return _without_sign(text, found, limit)
    if rejected is not None:  # "$1e308" never matches a figure at all: say it was passed over
        rejected.extend(match.group(0) for match in _SCIENTIFIC_RE.finditer(text))
    pos = 0
    while (limit is None or len(found) < limit) and (match := _MONEY_RE.search(text, pos)) is not None:
        unit = match.group("word") or match.group("short") or match.group("spaced")
        end = match.end()
        if match.group("num2") is not None:
            unit2 = match.group("word2") or match.group("short2") or match.group("spaced2")
            second_has_dollar = "$" in text[match.end("sep"):match.start("num2")]
            is_range = second_has_dollar or (unit is None and unit2 is not None)
            lead = text[max(0, match.start() - 40):match.start()]
            if match.group("sep") == "and":
                is_range = is_range and bool(_BETWEEN_RE.search(lead[-12:]))
            elif is_range and (_FROM_RE.search(lead) or _amount(match.group("num2"), unit2 or unit)
                               < _amount(match.group("num"), unit or unit2)):
                is_range = False
            if is_range:
                unit = unit or unit2
            else:
                # "$5 million to 10 communities": the figure stops before the separator.
                end = max(match.end(name) for name in ("num", "word", "short", "spaced") if match.group(name))
        figure = text[match.start():end].rstrip(" -–—")
        end = match.start() + len(figure)
        pos = end
        amount = _amount(match.group("num"), unit)
        if unit is None and scales:
            amount *= next((span.multiplier for span in scales if span.start <= match.start() < span.end), 1)
        if not math.isfinite(amount) or amount > MAX_PLAUSIBLE_USD or _SCIENTIFIC_RE.match(text, match.start()):
            if rejected is not None:
                rejected.append(" ".join(text[match.start():_skip_figure(text, end)].split()))
            pos = _skip_figure(text, end)
            continue
        before = text[max(0, match.start() - 24):match.start()]
        qual = _QUALIFIER_RE.search(before)
        start = match.start() - (len(before) - qual.start()) if qual else match.start()
        qualifier = " ".join(qual.group("q").lower().split()) if qual else None
        if qualifier is None and "+" in figure:
            qualifier = "more than"  # "$395+ billion"
        found.append(MoneyMatch(
            start=start,
            figure_start=match.start(),
            end=end,
            amount=amount,
            qualifier=qualifier,
            text=" ".join(text[start:end].split()),
            figure=" ".join(figure.split()),
        ))
    return _without_sign(text, found, limit)


# "half a billion dollars", "half-a-trillion dollars", "two billion dollars", "5 million dollars": figures
# without a "$".
_WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "half a": 0.5, "half": 0.5}
# A number in words or digits and its scale, with nothing that would make it part of a longer figure before it.
_SCALED_NUMBER = (r"(?i)(?<![\w$.,])(?P<num>half[\s-]+a|a|an|one|two|three|four|five|six|seven|eight|nine|ten"
                  r"|\d+(?:\.\d+)?)[\s-]+(?P<unit>million|billion|trillion)")
_IN_WORDS_RE = re.compile(_SCALED_NUMBER + r"\s+dollars\b")


# "spending 14.6 billion of their $122 billion": a share written without its own "$", which it takes from
# the figure it is a share of.
_SHARES_SIGN_RE = re.compile(
    r"(?i)(?<![\w$.,])(?P<num>\d+(?:\.\d+)?)\s+(?P<unit>million|billion|trillion)"
    r"(?=\s+(?:out\s+)?of\s+(?:(?:their|the|its|our|this|that)\s+)?\$\s?\d)"
)


# "a nearly billion dollar payment increase": a scale alone, after a word of approximation, is one of it ("a
# billion-dollar scheme", with no such word, describes a size and is no figure; so does "over billion-dollar firms").
_BARE_SCALE_RE = re.compile(
    r"(?i)(?:(?<=\bnearly )|(?<=\balmost ))(?P<num>)(?P<unit>million|billion|trillion)"
    r"[\s-]dollars?\b"
)


# "earning a billion in profits": a scale followed by a noun that is money by its meaning needs no "$".
_MONEY_NOUN_RE = re.compile(_SCALED_NUMBER + r"(?=\s+in\s+(?:(?:annual|new|record|net|corporate|quarterly)\s+)?"
                            r"(?:profits?|revenues?|sales|earnings)\b)")


# Each way of writing a figure without its own "$", with a word its text must hold for the pattern to be tried.
_WITHOUT_SIGN = (("dollars", _IN_WORDS_RE), ("dollar", _BARE_SCALE_RE), ("$", _SHARES_SIGN_RE), ("illion in", _MONEY_NOUN_RE))


def _without_sign(text: str, found: list[MoneyMatch], limit: int | None) -> list[MoneyMatch]:
    """``found`` with the figures written without a "$" of their own added."""
    for cue, pattern in _WITHOUT_SIGN:
        if cue in text:
            found = _in_words(text, found, limit, pattern)
    return found


def _in_words(text: str, found: list[MoneyMatch], limit: int | None, pattern: re.Pattern[str]) -> list[MoneyMatch]:
    """Figures ``pattern`` finds without a "$" of their own, merged in order with those found with one."""
    words: list[MoneyMatch] = []
    for match in pattern.finditer(text):
        if any(m.start <= match.start() < m.end for m in found):
            continue
        number = " ".join((match.group("num") or "a").lower().replace("-", " ").split())
        value = _WORD_NUMBERS.get(number)
        amount = float(value if value is not None else Decimal(number)) * _MULTIPLIERS[match.group("unit").lower()]
        before = re.sub(r"(?i)\ba\s+$", "", text[max(0, match.start() - 26):match.start()])  # "more than a half a …"
        qual = _QUALIFIER_RE.search(before)
        start = max(0, match.start() - 26) + qual.start() if qual else match.start()
        figure = " ".join(match.group(0).split())
        words.append(MoneyMatch(start=start, figure_start=match.start(), end=match.end(), amount=amount,
                                qualifier=" ".join(qual.group("q").lower().split()) if qual else None,
                                text=" ".join(text[start:match.end()].split()), figure=figure))
    if not words:
        return found
    merged = sorted(found + words, key=lambda m: m.figure_start)
    return merged[:limit] if limit is not None else merged
