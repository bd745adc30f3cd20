"""The data model shared by every stage: what the parser produces and what the store hands back.

Flow is one way: ``ingest`` builds ``ParsedDocument`` → ``store`` persists it and returns
``DocumentRecord``/``InitiativeRecord``/``FundingRecord``/``AcronymRecord`` snapshots →
``query`` builds in-memory indexes from those records. Nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# What a dollar figure is (``kind``) and who provides it (``source``). Only the money kinds can
# add to totals; the others are dollar figures that are not money being provided.
KIND_NEW = "new"  # new federal money: appropriated, awarded, granted, loaned, invested
KIND_REQUEST = "request"  # budget or supplemental request
KIND_COMMITMENT = "commitment"  # money committed by others: companies, foundations, states, foreign governments
KIND_PRICE = "price"
KIND_PER_UNIT = "per_unit"  # per person, household or unit: caps, credits, benefits, pay
KIND_THRESHOLD = "threshold"  # income limits and other eligibility lines
KIND_ESTIMATE = "estimate"  # savings, costs, projected benefits
KIND_STATISTIC = "statistic"  # debts, losses, trade volumes: facts about the world
KIND_BACKGROUND = "background"  # earlier or cumulative money, comparisons, others' proposals
KIND_UNCLEAR = "unclear"  # the parser could not decide: shown, never added
MONEY_KINDS = frozenset({KIND_NEW, KIND_REQUEST, KIND_COMMITMENT})
KINDS = (KIND_NEW, KIND_REQUEST, KIND_COMMITMENT, KIND_PRICE, KIND_PER_UNIT, KIND_THRESHOLD, KIND_ESTIMATE,
         KIND_STATISTIC, KIND_BACKGROUND, KIND_UNCLEAR)

SOURCE_FEDERAL = "federal"
SOURCE_STATE_LOCAL = "state_local"
SOURCE_PRIVATE = "private"
SOURCE_FOREIGN = "foreign"
SOURCES = (SOURCE_FEDERAL, SOURCE_STATE_LOCAL, SOURCE_PRIVATE, SOURCE_FOREIGN)

# Funding categories, as stored and shown: one label per (kind, source), in breakdown order. The
# label is what the store keeps; kind and source are read back from it (``kind_and_source``).
NEW_FEDERAL = "new federal funding"
BUDGET_REQUEST = "budget request"
SUPPLEMENTAL_REQUEST = "supplemental request"
PRIVATE_COMMITMENT = "commitments by companies and foundations"
STATE_LOCAL_COMMITMENT = "commitments by states and cities"
FOREIGN_COMMITMENT = "commitments by foreign governments"
OTHER_COMMITMENT = "commitments by others"
PRICE = "price"
PER_UNIT = "per-person or per-unit amount"
THRESHOLD = "threshold"
ESTIMATE = "savings or cost estimate"
STATISTIC = "statistic"
BACKGROUND = "earlier or cumulative money"
OTHER = "unclear"
_CATEGORY_KIND_SOURCE: dict[str, tuple[str, str | None]] = {
    NEW_FEDERAL: (KIND_NEW, SOURCE_FEDERAL),
    BUDGET_REQUEST: (KIND_REQUEST, SOURCE_FEDERAL),
    SUPPLEMENTAL_REQUEST: (KIND_REQUEST, SOURCE_FEDERAL),
    PRIVATE_COMMITMENT: (KIND_COMMITMENT, SOURCE_PRIVATE),
    STATE_LOCAL_COMMITMENT: (KIND_COMMITMENT, SOURCE_STATE_LOCAL),
    FOREIGN_COMMITMENT: (KIND_COMMITMENT, SOURCE_FOREIGN),
    OTHER_COMMITMENT: (KIND_COMMITMENT, None),
    PRICE: (KIND_PRICE, None),
    PER_UNIT: (KIND_PER_UNIT, None),
    THRESHOLD: (KIND_THRESHOLD, None),
    ESTIMATE: (KIND_ESTIMATE, None),
    STATISTIC: (KIND_STATISTIC, None),
    BACKGROUND: (KIND_BACKGROUND, None),
    OTHER: (KIND_UNCLEAR, None),
}
CATEGORIES = tuple(_CATEGORY_KIND_SOURCE)


# Labels stored by earlier versions (a database ingested before the money model was rebuilt).
_LEGACY_KIND_SOURCE: dict[str, tuple[str, str | None]] = {
    "enacted law": (KIND_NEW, SOURCE_FEDERAL),
    "existing program funding": (KIND_NEW, SOURCE_FEDERAL),
    "private commitment": (KIND_COMMITMENT, SOURCE_PRIVATE),
}


def kind_and_source(category: str) -> tuple[str, str | None]:
    """(kind, source) of a stored category label; unknown labels read as unclear."""
    found = _CATEGORY_KIND_SOURCE.get(category)
    return found if found is not None else _LEGACY_KIND_SOURCE.get(category, (KIND_UNCLEAR, None))


def category_for(kind: str, source: str | None, *, supplemental: bool = False) -> str:
    """The stored label for a kind and source."""
    if kind == KIND_NEW:
        return NEW_FEDERAL
    if kind == KIND_REQUEST:
        return SUPPLEMENTAL_REQUEST if supplemental else BUDGET_REQUEST
    if kind == KIND_COMMITMENT:
        return {SOURCE_PRIVATE: PRIVATE_COMMITMENT, SOURCE_STATE_LOCAL: STATE_LOCAL_COMMITMENT,
                SOURCE_FOREIGN: FOREIGN_COMMITMENT}.get(source or "", OTHER_COMMITMENT)
    return {KIND_PRICE: PRICE, KIND_PER_UNIT: PER_UNIT, KIND_THRESHOLD: THRESHOLD, KIND_ESTIMATE: ESTIMATE,
            KIND_STATISTIC: STATISTIC, KIND_BACKGROUND: BACKGROUND}.get(kind, OTHER)


# Reasons a funding mention is not added to totals (``reason`` is None when it counts).
REASON_REPEAT = "repeat"
REASON_REPEAT_OF_PREFIX = "repeat of "  # followed by the first mention's phrase
REASON_PART_OF_PREFIX = "part of "  # followed by the parent's phrase, e.g. "part of $535 million"
REASON_FOR_KIND = {
    KIND_PRICE: "a price",
    KIND_PER_UNIT: "a per-person or per-unit amount",
    KIND_THRESHOLD: "an eligibility threshold",
    KIND_ESTIMATE: "a savings or cost estimate",
    KIND_STATISTIC: "a statistic, not money provided",
    KIND_BACKGROUND: "announced earlier or cumulative",
    KIND_UNCLEAR: "role unclear",
}


def relation_of(reason: str | None) -> str | None:
    """"part of" or "repeat of" for a mention whose ``parent`` is the related figure."""
    if not reason:
        return None
    if reason.startswith(REASON_PART_OF_PREFIX):
        return "part of"
    if reason == REASON_REPEAT or reason.startswith(REASON_REPEAT_OF_PREFIX):
        return "repeat of"
    return None

# Qualifiers that make an amount a lower bound: totals containing one are shown as "at least".
LOWER_BOUND_QUALIFIERS = frozenset({"more than", "over", "at least", "upwards of", "in excess of", "exceeding",
                                    "no less than", "not less than"})
# Qualifiers that make an amount an upper bound ("up to $8.5 billion"): totals say "up to".
UPPER_BOUND_QUALIFIERS = frozenset({"up to", "as much as", "less than", "under", "no more than", "not more than"})


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    url: str  # always http(s)


@dataclass(slots=True)
class Acronym:
    short: str  # "HIDTA"
    full: str  # "High Intensity Drug Trafficking Area"


@dataclass(slots=True)
class Initiative:
    title: str  # bold lead without final period, else first sentence (≤ 100 chars, word boundary)
    section: str | None  # heading / bold label / ALL-CAPS label it sits under
    order: int  # 0-based position in the document
    text: str  # full text as Discord Markdown (bold kept, http(s) links as [text](url))
    links: list[Link] = field(default_factory=list)
    acronyms: list[str] = field(default_factory=list)  # short forms it defines or uses


class _ReadsItsCategory:
    """What a dollar figure's stored ``category`` and ``qualifier`` say: its kind, its source and
    whether it is a lower bound (shared by the parsed mention and the stored record)."""

    __slots__ = ()
    category: str
    qualifier: str | None

    @property
    def is_lower_bound(self) -> bool:
        return is_lower_bound(self.qualifier)

    @property
    def kind(self) -> str:
        return kind_and_source(self.category)[0]

    @property
    def source(self) -> str | None:
        return kind_and_source(self.category)[1]


@dataclass(slots=True)
class FundingMention(_ReadsItsCategory):
    amount_usd: float  # value in US dollars (integral for every real figure seen so far)
    text: str  # the phrase as written, e.g. "more than $1.2 billion"
    qualifier: str | None  # "more than", "over", "nearly", "up to", "at least", "about", … or None
    sentence: str  # the sentence it appears in (plain text)
    initiative_order: int | None  # Initiative.order it belongs to, None for prose
    category: str  # one of CATEGORIES: says kind and source
    fiscal_year: int | None  # for budget requests ("FY24" → 2024)
    counted: bool  # adds to totals: new money of this sheet, not inside another counted figure
    reason: str | None  # None when counted; "part of $535 million", "repeat of …", "a price", …
    parent_position: int | None  # the related mention: the whole it is part of, or its first mention
    position: int  # 0-based order of the mention in the document


def is_lower_bound(qualifier: str | None) -> bool:
    """An amount said as "more than $X" means the true figure is at least X."""
    return (qualifier or "").lower() in LOWER_BOUND_QUALIFIERS


def is_upper_bound(qualifier: str | None) -> bool:
    """An amount said as "up to $X" means the true figure is at most X."""
    return (qualifier or "").lower() in UPPER_BOUND_QUALIFIERS


@dataclass(slots=True)
class ParsedDocument:
    """One fact sheet, parsed. Produced by ``bot.ingest.parse_document``; no I/O involved."""

    path: str  # where it was read from (as given)
    title: str
    date: dt.date | None
    published_time: str | None  # ISO 8601 text as in the front matter
    source_url: str | None  # http(s) only
    tags: list[str]
    body_text: str  # normalised plain text of the whole body (for full-text search)
    sections: list[str]
    initiatives: list[Initiative]
    funding: list[FundingMention]
    acronyms: list[Acronym]
    content_hash: str  # sha256 of the parser version and the raw bytes: unchanged files are skipped on re-ingest
    warnings: list[str] = field(default_factory=list)


# ---- records as stored (ids assigned by the store) -------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    id: int
    title: str
    date: dt.date | None
    source_url: str | None
    path: str
    tags: tuple[str, ...]
    ingested_at: dt.datetime  # UTC, when this version was stored (digest: "added since")
    initiative_count: int
    body_text: str = ""
    opening: str = ""  # the body's first OPENING_CHARS characters: its lead, which /ask reads as a passage


@dataclass(frozen=True, slots=True)
class InitiativeRecord:
    id: int
    document_id: int
    title: str
    section: str | None
    order: int
    text: str
    links: tuple[Link, ...]
    acronyms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FundingRecord(_ReadsItsCategory):
    id: int
    document_id: int
    initiative_id: int | None
    amount_usd: float
    text: str
    qualifier: str | None
    sentence: str
    category: str
    fiscal_year: int | None
    counted: bool
    reason: str | None
    parent_id: int | None
    position: int


@dataclass(frozen=True, slots=True)
class AcronymRecord:
    document_id: int
    short: str
    full: str


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything the in-memory query layer needs, read in one go from the store."""

    version: int  # the store's data version when read; changes whenever any document changes
    documents: tuple[DocumentRecord, ...]
    initiatives: tuple[InitiativeRecord, ...]
    funding: tuple[FundingRecord, ...]
    acronyms: tuple[AcronymRecord, ...]
    generation: str = ""  # the store's random generation id when read: new with every change
