"""Funding arithmetic: totals that never double count, and how money reads.

What a figure is (its kind and source) and whether it counts in its own fact sheet were decided
at parse time: only new money of the sheet counts, and of a figure and its parts only the
outermost (``bot.model``). One rule turns that into the total of any answer:

* the figures an answer is *about* (every figure of a fact sheet, or those matching a topic)
  each add themselves when they count, or — when one is a part of a counted whole the answer is
  not about — the part: a topic that matches one state of a state-by-state total adds that
  state, not the national total;
* a figure never adds when a figure it is part of adds (a state and its institutions are never
  added together), and a repeat adds through its first mention, once;
* across fact sheets, the same money announced again by a later sheet (same amount and kind,
  same purpose) does not add again when its first announcement adds in the same answer.

Totals say "at least" when an added figure was a lower bound ("more than $1.2 billion"),
"up to" when one was an upper bound, and say plainly when both kinds were added.
``totals`` applies the rule to records; ``CorpusIndex`` applies the same rule to its columns.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from bot.model import (
    BUDGET_REQUEST,
    CATEGORIES,
    FOREIGN_COMMITMENT,
    KIND_UNCLEAR,
    MONEY_KINDS,
    NEW_FEDERAL,
    OTHER_COMMITMENT,
    PRIVATE_COMMITMENT,
    REASON_FOR_KIND,
    REASON_PART_OF_PREFIX,
    STATE_LOCAL_COMMITMENT,
    SUPPLEMENTAL_REQUEST,
    FundingRecord,
    is_lower_bound,
    is_upper_bound,
    kind_and_source,
    relation_of,
)

_UNITS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
MIXED_BOUNDS = "some figures are lower bounds, some upper"
MAX_DEPTH = 8  # parts of parts of …: real sheets nest two or three deep
# How each money category reads in a headline ("New federal funding $X · Budget requests $Y").
KIND_LABELS = {
    NEW_FEDERAL: "New federal funding",
    BUDGET_REQUEST: "Budget requests",
    SUPPLEMENTAL_REQUEST: "Supplemental requests",
    PRIVATE_COMMITMENT: "Commitments by companies and foundations",
    STATE_LOCAL_COMMITMENT: "Commitments by states and cities",
    FOREIGN_COMMITMENT: "Commitments by foreign governments",
    OTHER_COMMITMENT: "Commitments by others",
}
# Same money announced again by a later sheet: same amount and category, sentences this alike.
REANNOUNCED_MIN_SIMILARITY = 85  # rapidfuzz token_set_ratio
REANNOUNCED_MAX_COMPARED = 12  # earlier first announcements of the same amount compared per figure
_KEY_WORD = re.compile(r"\b[A-Z0-9][\w.-]*")
_KEY_STOP = frozenset((
    "The", "This", "That", "These", "Those", "In", "Further", "Furthermore", "Today", "And", "Also", "A", "An",
    "Additionally", "Moreover", "Finally", "First", "Second", "Third", "Through", "With", "By", "For", "On", "As",
    "Under", "Since", "To", "Of", "At", "It", "Its", "Our", "We", "Each", "Both", "From", "Overall", "Together",
    "Meanwhile", "Now", "Over", "More", "Nearly", "About", "Up", "Last", "Earlier", "Previously", "Recently",
    "President", "Administration", "U.S", "United", "States", "America", "American", "Americans",
))


def _trim(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def format_usd(amount: float) -> str:
    """"$29.587 billion", "$535 million", "$750,000": words from a million up, at most 3 decimals."""
    if not math.isfinite(amount):
        return "an unknown amount"
    sign = "-" if amount < 0 else ""
    value = abs(amount)
    for n, (size, word) in enumerate(_UNITS):  # largest unit first
        if value >= size:
            scaled = round(value / size, 3)
            if scaled >= 1000 and n > 0:  # 999.9999 million reads as 1 billion
                size, word = _UNITS[n - 1]
                scaled = round(value / size, 3)
            return f"{sign}${_trim(scaled)} {word}"
    if value == int(value):
        return f"{sign}${value:,.0f}"
    return f"{sign}${value:,.2f}"


def bounded_usd(amount: float, at_least: bool, up_to: bool, *, short: bool = False) -> str:
    """"$5 million", "at least $5 million", "up to $5 million", or "about $5 million (some figures
    are lower bounds, some upper)" when both kinds of bound went into the sum ("about $5
    million" when ``short``: a breakdown line under a headline that says it)."""
    if at_least and up_to:
        return f"about {format_usd(amount)}" + ("" if short else f" ({MIXED_BOUNDS})")
    if at_least:
        return f"at least {format_usd(amount)}"
    if up_to:
        return f"up to {format_usd(amount)}"
    return format_usd(amount)


def bounds_of(qualifiers: Iterable[str | None]) -> tuple[bool, bool]:
    """(some lower bound, some upper bound) among the qualifiers of added figures."""
    distinct = set(qualifiers)
    return any(map(is_lower_bound, distinct)), any(map(is_upper_bound, distinct))


@dataclass(frozen=True, slots=True)
class CategoryTotal:
    """One line of the breakdown: a category (and fiscal year, for budget requests)."""

    category: str
    fiscal_year: int | None
    amount: float
    at_least: bool
    count: int
    up_to: bool = False

    @property
    def label(self) -> str:
        if self.fiscal_year is not None:
            return f"{self.category} (FY{self.fiscal_year % 100:02d})"
        return self.category

    @property
    def text(self) -> str:
        return bounded_usd(self.amount, self.at_least, self.up_to, short=True)


@dataclass(frozen=True, slots=True)
class YearTotal:
    """Money added from the fact sheets of one calendar year (None: undated sheets)."""

    year: int | None
    amount: float
    at_least: bool
    up_to: bool
    count: int

    @property
    def label(self) -> str:
        return str(self.year) if self.year is not None else "undated"

    @property
    def text(self) -> str:
        return bounded_usd(self.amount, self.at_least, self.up_to, short=True)


@dataclass(frozen=True, slots=True)
class KindTotal:
    """One part of the headline: a kind and source of money ("Budget requests $26.535 billion"),
    with its fiscal years for budget requests."""

    category: str
    amount: float
    at_least: bool
    up_to: bool
    count: int
    years: tuple[CategoryTotal, ...] = ()  # budget requests by fiscal year (None: year not stated)

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.category, self.category[:1].upper() + self.category[1:])

    @property
    def text(self) -> str:
        return bounded_usd(self.amount, self.at_least, self.up_to, short=True)

    @property
    def years_text(self) -> str:
        """"FY24", or "FY24 $1 billion, FY25 $2 billion, year not stated $5 million" when the
        requests span several fiscal years."""
        if not self.years or all(item.fiscal_year is None for item in self.years):
            return ""
        if len(self.years) == 1:
            return f"FY{self.years[0].fiscal_year % 100:02d}"  # type: ignore[operator]  # not None: checked above
        stated = [item for item in self.years if item.fiscal_year is not None]
        unstated = [item for item in self.years if item.fiscal_year is None]
        return ", ".join([*(f"FY{item.fiscal_year % 100:02d} {item.text}" for item in stated),  # type: ignore[operator]  # stated: not None
                          *(f"year not stated {item.text}" for item in unstated)])


def _no_reason(record: FundingRecord) -> str:
    return record.reason or "not added"


def _no_note(record: FundingRecord) -> str | None:
    return None


@dataclass(frozen=True, slots=True)
class FundingTotals:
    amount: float  # the sum of the figures added, each once
    at_least: bool  # some added figure was a lower bound
    breakdown: tuple[CategoryTotal, ...]  # by category (and fiscal year for budget requests)
    counted: Sequence[FundingRecord]  # the figures added
    not_counted: Sequence[tuple[FundingRecord, str]]  # (figure, why it is not added)
    up_to: bool = False  # some added figure was an upper bound
    by_year: tuple[YearTotal, ...] = ()  # by the year of the fact sheet's date
    unclear_amount: float = 0.0  # left out because the figure's role was unclear
    unclear_count: int = 0
    reannounced_amount: float = 0.0  # money announced again by a later sheet, not added again
    reannounced_count: int = 0
    added_ids: Container[int] = field(default=frozenset(), compare=False)  # ids of ``counted``
    reason_of: Callable[[FundingRecord], str] = field(default=_no_reason, compare=False)
    note_of: Callable[[FundingRecord], str | None] = field(default=_no_note, compare=False)

    @property
    def headline(self) -> str:
        """"at least $29.587 billion", "up to $8 billion", "$535 million", or "no dollar amounts"."""
        if not self.counted:
            return "no new money" if self.not_counted else "no dollar amounts"
        return bounded_usd(self.amount, self.at_least, self.up_to)

    @property
    def empty(self) -> bool:
        return not self.counted and not self.not_counted

    @property
    def by_kind(self) -> tuple[KindTotal, ...]:
        """The breakdown by kind and source, budget requests' fiscal years folded into one part."""
        out: list[KindTotal] = []
        for category, items in _runs(self.breakdown):
            lower, upper = any(i.at_least for i in items), any(i.up_to for i in items)
            years = tuple(items) if category == BUDGET_REQUEST else ()
            out.append(KindTotal(category, math.fsum(i.amount for i in items), lower, upper,
                                 sum(i.count for i in items), years))
        return tuple(out)

    def is_added(self, record: FundingRecord) -> bool:
        return record.id in self.added_ids

    def reason(self, record: FundingRecord) -> str:
        """Why a figure of this answer is not added ("part of $535 million", "a price", …)."""
        return self.reason_of(record)

    def note(self, record: FundingRecord) -> str | None:
        """What to say about an added figure: "part of $535 million" when a part is added in place
        of a whole the answer is not about, "first announced in …" for money announced before."""
        return self.note_of(record)


def _runs(items: Sequence[CategoryTotal]) -> list[tuple[str, list[CategoryTotal]]]:
    out: list[tuple[str, list[CategoryTotal]]] = []
    for item in items:
        if out and out[-1][0] == item.category:
            out[-1][1].append(item)
        else:
            out.append((item.category, [item]))
    return out


def category_rank(category: str) -> int:
    try:
        return CATEGORIES.index(category)
    except ValueError:
        return len(CATEGORIES)


def is_money(category: str) -> bool:
    return kind_and_source(category)[0] in MONEY_KINDS


def is_unclear(category: str, reason: str | None = None) -> bool:
    """Left out because its role is unclear: the parser named no kind, or it read money the counted stage
    was not sure is new money of the sheet (kind kept, reason "role unclear")."""
    if kind_and_source(category)[0] == KIND_UNCLEAR:
        return True
    return reason == REASON_FOR_KIND[KIND_UNCLEAR] and is_money(category)


# ---- the rule ----------------------------------------------------------------------------------


def select_added(about: Collection[int], *, addable: Container[int], nested: Collection[int],
                 part_of: Callable[[int], int], repeat_of: Mapping[int, int] | Callable[[int], int],
                 repeats: Collection[int]) -> tuple[set[int], set[int]]:
    """(figures added, figures the answer is about) for the figures ``about`` an answer is about.

    Figures are numbers (index rows, or positions in a list). ``addable``: figures that are
    money of their sheet — counted, or a part of a counted whole; ``nested``: the addable figures
    that are a part of another (the others add whenever the answer is about them); ``part_of(n)``:
    the whole ``n`` is part of, or -1; ``repeat_of``: the first mention of each repeat in
    ``repeats``. A repeat stands for its first mention. A figure adds when the answer is about
    it, it is addable, and no whole above it is addable and in the answer.
    """
    wanted = set(about)
    first = repeat_of.get if isinstance(repeat_of, Mapping) else repeat_of
    originals = set(map(first, wanted.intersection(repeats)))
    originals.discard(None)
    originals.discard(-1)
    wanted |= originals  # type: ignore[arg-type]  # None was discarded above
    can_add = wanted.intersection(addable) if isinstance(addable, (set, frozenset)) else {
        n for n in wanted if n in addable}
    parts = can_add.intersection(nested)
    added = can_add.difference(parts)
    # Parts add unless a whole above them can add too. Walked a level at a time over all of
    # them at once (most parts are one level deep).
    climbing = {n: part_of(n) for n in parts}
    for _ in range(MAX_DEPTH):
        if not climbing:
            break
        added.update(n for n, whole in climbing.items() if whole < 0)
        climbing = {n: part_of(whole) for n, whole in climbing.items() if whole >= 0 and whole not in can_add}
    else:
        added.update(climbing)  # deeper than any real sheet nests: the part stands on its own
    return added, wanted


def drop_reannounced(added: set[int], first_of: Mapping[int, int] | Callable[[int], int],
                     reannounced: Iterable[int]) -> set[int]:
    """Figures announced again whose first announcement adds too: taken out of ``added``, returned."""
    first = first_of.get if isinstance(first_of, Mapping) else first_of
    dropped: set[int] = set()
    for n in added.intersection(reannounced):
        original = first(n)
        if original is not None and original >= 0 and original in added:
            dropped.add(n)
    added -= dropped
    return dropped


def figure_of(record: FundingRecord) -> str:
    """The figure as written, without its qualifier: "$1.2 billion" of "more than $1.2 billion"."""
    at = record.text.find("$")
    return record.text[at:] if at >= 0 else format_usd(record.amount_usd)


def why_not_added(record: FundingRecord, *, whole: FundingRecord | None, first_text: str | None,
                  context: bool) -> str:
    """Why a figure of an answer is not added, in the reader's words.

    ``first_text``: set when it is money announced before that the answer adds where it was first
    announced; ``whole``: the figure it is part of; ``context``: the answer shows it only because
    a part of it matched (it would count, but the answer is about the part).
    """
    if first_text:
        return first_text
    if record.reason and not record.counted:
        return record.reason
    if whole is not None:
        return REASON_PART_OF_PREFIX + figure_of(whole)
    if context:
        return "shown for the matched part under it"
    if not is_money(record.category):
        return REASON_FOR_KIND.get(kind_and_source(record.category)[0], "not added")
    return "not added"


def added_note(record: FundingRecord, *, whole: FundingRecord | None, first_text: str | None) -> str | None:
    """What to say next to an added figure: a part added in place of a whole the answer is not
    about ("part of $535 million"), money first announced in an earlier sheet."""
    if not record.counted:
        return record.reason if record.reason else (REASON_PART_OF_PREFIX + figure_of(whole) if whole else None)
    return first_text


def parts_check(records: Sequence[FundingRecord]) -> dict[int, tuple[float, int]]:
    """For each figure with parts among ``records``: (what its parts that are money add up to,
    how many); a price or a per-unit amount said inside a total is no share of it."""
    out: dict[int, tuple[float, int]] = {}
    for record in records:
        if (record.parent_id is not None and relation_of(record.reason) != "repeat of"
                and is_money(record.category)):
            amount, count = out.get(record.parent_id, (0.0, 0))
            out[record.parent_id] = (amount + record.amount_usd, count + 1)
    return out


def parts_text(stated: FundingRecord, parts_amount: float, parts: int) -> str:
    """"parts add up to $305 million of the stated $535 million" (or "… to the stated $X")."""
    whole = format_usd(stated.amount_usd)
    noun = "its part adds" if parts == 1 else f"its {parts} parts add"
    if abs(parts_amount - stated.amount_usd) <= stated.amount_usd * 0.01:
        return f"{noun} up to the stated {whole}"
    if parts_amount > stated.amount_usd:
        return f"{noun} up to {format_usd(parts_amount)}, more than the stated {whole}"
    return f"{noun} up to {format_usd(parts_amount)} of the stated {whole}"


def key_words(sentence: str) -> frozenset[str]:
    """Capitalised words and numbers of a sentence: what tells one program, place or company from
    another when two sentences are otherwise alike."""
    words = (word.rstrip(".-") for word in _KEY_WORD.findall(sentence))
    return frozenset(word for word in words if word and word not in _KEY_STOP)


def totals(funding_records: Iterable[FundingRecord], *, about: Collection[int] | None = None,
           first_announced: Mapping[int, int] | None = None,
           year_of: Mapping[int, int | None] | None = None,
           first_where: Callable[[FundingRecord], str] | None = None) -> FundingTotals:
    """The total of an answer made of these records, by the rule above.

    ``about``: ids of the records the answer is about (default: all of them; the others are
    only shown, e.g. the whole a matched part belongs to). ``first_announced``: id → id of the
    first announcement in an earlier fact sheet (both among the records), and ``first_where``
    what to say of a first announcement. ``year_of``: document id → year, for ``by_year``.
    """
    records = list(funding_records)
    position = {r.id: n for n, r in enumerate(records)}
    parent = [position.get(r.parent_id, -1) if r.parent_id is not None else -1 for r in records]
    is_repeat = [relation_of(r.reason) == "repeat of" or r.reason == "repeat" for r in records]
    part = [-1 if is_repeat[n] else parent[n] for n in range(len(records))]
    repeat_first = {n: parent[n] for n in range(len(records)) if is_repeat[n] and parent[n] >= 0}
    addable: set[int] = set()
    for n, record in enumerate(records):
        if record.counted:
            addable.add(n)
        elif is_money(record.category) and not is_repeat[n]:
            whole, depth = part[n], 0
            while whole >= 0 and depth < MAX_DEPTH and not records[whole].counted:
                whole, depth = part[whole], depth + 1
            if whole >= 0 and records[whole].counted:
                addable.add(n)
    nested = {n for n in addable if part[n] >= 0}
    wanted_positions = range(len(records)) if about is None else [position[i] for i in about if i in position]
    added, wanted = select_added(wanted_positions, addable=addable, nested=nested, part_of=part.__getitem__,
                                 repeat_of=repeat_first, repeats=repeat_first)
    first: dict[int, int] = {}
    if first_announced:
        first = {position[a]: position[b] for a, b in first_announced.items() if a in position and b in position}
    dropped = drop_reannounced(added, first, first)
    return _assemble(
        records, added, wanted, dropped, part=part, addable=addable, first=first,
        year_of=(lambda r: year_of.get(r.document_id)) if year_of is not None else None,
        first_text=lambda n: _first_text(records[first[n]], first_where),
    )


def _first_text(original: FundingRecord, first_where: Callable[[FundingRecord], str] | None) -> str:
    return first_where(original) if first_where is not None else "first announced in an earlier fact sheet"


def _assemble(records: Sequence[FundingRecord], added: set[int], wanted: set[int], dropped: set[int], *,
              part: Sequence[int], addable: Container[int], first: Mapping[int, int],
              year_of: Callable[[FundingRecord], int | None] | None,
              first_text: Callable[[int], str | None]) -> FundingTotals:
    """FundingTotals of a small answer held as a list (the index builds big ones from columns)."""
    groups: dict[tuple[str, int | None], list[FundingRecord]] = {}
    years: dict[int | None, list[FundingRecord]] = {}
    for n in sorted(added):
        record = records[n]
        year = record.fiscal_year if record.category == BUDGET_REQUEST else None
        groups.setdefault((record.category, year), []).append(record)
        if year_of is not None:
            years.setdefault(year_of(record), []).append(record)
    breakdown = tuple(
        _line(category, year, members)
        for (category, year), members in sorted(
            groups.items(), key=lambda kv: (category_rank(kv[0][0]), kv[0][0], _year_key(kv[0][1])))
    )
    by_year = tuple(YearTotal(year, *_sum(members), len(members))
                    for year, members in sorted(years.items(), key=lambda kv: _year_key(kv[0])))
    counted = [records[n] for n in sorted(added)]
    amount, lower, upper = _sum(counted)
    unclear = [records[n] for n in sorted(wanted) if n not in added and part[n] < 0
               and is_unclear(records[n].category, records[n].reason)
               and relation_of(records[n].reason) is None]
    index_of = {r.id: n for n, r in enumerate(records)}

    def whole_of(n: int) -> FundingRecord | None:
        return records[part[n]] if part[n] >= 0 else None

    def reason(record: FundingRecord) -> str:
        n = index_of.get(record.id)
        if n is None:
            return why_not_added(record, whole=None, first_text=None, context=False)
        return why_not_added(record, whole=whole_of(n), first_text=first_text(n) if n in dropped else None,
                             context=n in addable and n not in wanted)

    def note(record: FundingRecord) -> str | None:
        n = index_of.get(record.id)
        if n is None:
            return None
        return added_note(record, whole=whole_of(n), first_text=first_text(n) if n in first else None)

    not_counted = [(records[n], reason(records[n])) for n in range(len(records)) if n not in added]
    return FundingTotals(
        amount=amount, at_least=lower, up_to=upper, breakdown=breakdown, by_year=by_year,
        counted=tuple(counted), not_counted=tuple(not_counted),
        unclear_amount=math.fsum(r.amount_usd for r in unclear), unclear_count=len(unclear),
        reannounced_amount=math.fsum(records[n].amount_usd for n in dropped), reannounced_count=len(dropped),
        added_ids=frozenset(r.id for r in counted), reason_of=reason, note_of=note,
    )


def _year_key(year: int | None) -> int:
    return -1 if year is None else year


def _sum(records: Sequence[FundingRecord]) -> tuple[float, bool, bool]:
    lower, upper = bounds_of(map(_QUALIFIER, records))
    return math.fsum(map(_AMOUNT, records)), lower, upper


def _line(category: str, year: int | None, members: Sequence[FundingRecord]) -> CategoryTotal:
    amount, lower, upper = _sum(members)
    return CategoryTotal(category=category, fiscal_year=year, amount=amount, at_least=lower, count=len(members),
                         up_to=upper)


_AMOUNT = attrgetter("amount_usd")
_QUALIFIER = attrgetter("qualifier")


def amount_text(record: FundingRecord) -> str:
    """The amount as the fact sheet qualifies it: "more than $1.2 billion"."""
    qualifier = (record.qualifier or "").strip()
    return f"{qualifier} {format_usd(record.amount_usd)}" if qualifier else format_usd(record.amount_usd)
