"""Funding mentions: every dollar figure, what kind of money it is, and whether it adds to totals.

Fact sheets repeat themselves ("more than $1.2 billion" twice), break amounts down
("$535 million …, including $305 million for …") and state totals next to their parts. A figure
counts toward a total only once: repeats, parts of a parent amount and stated totals whose parts
are listed are kept for display but marked ``counted=False`` with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from bot.ingest._money import MoneyMatch, find_money
from bot.ingest._normalize import iter_sentence_spans
from bot.ingest._structure import Block
from bot.model import (
    BUDGET_REQUEST,
    ENACTED_LAW,
    EXISTING_PROGRAM,
    OTHER,
    PRIVATE_COMMITMENT,
    REASON_PART_OF_PREFIX,
    REASON_REPEAT,
    REASON_STATED_TOTAL,
    SUPPLEMENTAL_REQUEST,
    FundingMention,
)

MAX_MENTIONS = 5000
MAX_SENTENCE_CHARS = 800  # longer "sentences" are looked at through a window around each figure
SENTENCE_WINDOW = 350
BLOCK_WINDOW = 2000  # how far from a budget figure a fiscal year may be, within its block
MAX_LOOKBACK = 50  # earlier figures considered as a parent, a repeat or a part of a total
SENTENCE_CUE_REACH = 200  # outside its own clause, a cue this far from the figure says nothing
SAME_PURPOSE_MIN_SIMILARITY = 80  # rapidfuzz token_set_ratio of the two sentences
TOTAL_TOLERANCE = 0.01  # a stated total matches its parts within 1%
MAX_TOTAL_PARTS = 40

# ---- categories ---------------------------------------------------------------------------------

# (category, pattern, lowercase words one of which must appear before the pattern is tried)
_CUES: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    (SUPPLEMENTAL_REQUEST, re.compile(r"(?i)\bsupplemental\b"), ("supplemental",)),
    (BUDGET_REQUEST, re.compile(
        r"(?i)(?<!congressional )(?<!management and )\bbudget\b(?!\s+office)(?!\s+act\b)"
        r"|\bFY\s?'?\d{2,4}\b|\bfiscal\s+year\b|\bappropriations?\s+request"
    ), ("budget", "fy", "fiscal", "appropriation")),
    (ENACTED_LAW, re.compile(
        r"(?i)\bbipartisan\s+infrastructure\s+(?:law|deal|investment)|\binfrastructure\s+investment\s+and\s+jobs\s+act"
        r"|\binflation\s+reduction\s+act|\bamerican\s+rescue\s+plan|\bchips\s+(?:and|&)\s+science\s+act|\bchips\s+act"
        r"|\bbipartisan\s+safer\s+communities\s+act|\bpact\s+act|\bcares\s+act|\bsigned\s+into\s+law"
        r"|\b(?:the|this)\s+(?:act|law|legislation)\s+(?:also\s+)?(?:provides|provided|invests|invested|includes"
        r"|included|delivers|funds|makes|appropriates|allocates|will\s+provide|will\s+invest)\b"
        r"|\benacted\b|\bappropriated\b|\bappropriations\s+act\b"
    ), ("law", "act", "plan", "deal", "investment", "enacted", "appropriat", "legislation")),
    (PRIVATE_COMMITMENT, re.compile(
        r"\bFoundations?\b|(?i:\bpledg(?:e|es|ed|ing)\b|\bprivate[- ]sector\b|\bphilanthrop\w*"
        r"|\bprivate\s+(?:capital|investments?|investors|funding|companies|partners|financing))"
        r"|(?i:\binvestments?\s+(?:by|from))\s+[A-Z]"
    ), ("pledg", "private", "philanthrop", "foundation", "investment")),
    (EXISTING_PROGRAM, re.compile(
        r"(?i)\bprograms?\b[^.;$]{0,40}?\b(?:devotes|devoted|provides|provided|funds|funded|supports|supported"
        r"|invests|invested|awards|awarded|distributes|distributed|delivers|delivered|allocates|allocated)\b"
        r"|\bawards?\b|\bawarded\b|\bgrants?\b|\bgranted\b|\bfunding\s+opportunit\w*|\bloans?\b"
        r"|\bcooperative\s+agreements?\b"
    ), ("program", "award", "grant", "funding opportunit", "loan", "cooperative agreement")),
)
_PRIVATE_RANK = next(rank for rank, cue in enumerate(_CUES) if cue[0] == PRIVATE_COMMITMENT)
# "<Company> is committing / will invest $X": private money when the subject is not the government.
_PRIVATE_VERB_RE = re.compile(
    r"(?i)\b(?:commits|committed|committing|invests|investing|pledges|pledged|pledging"
    r"|(?:will|to|would)\s+(?:also\s+)?(?:commit|invest|pledge)|(?:has|have|had)\s+(?:also\s+)?invested)\b"
)
_PRIVATE_VERB_NEEDLES = ("commit", "invest", "pledg")
_GOVERNMENT_RE = re.compile(
    r"\b(?:United States|U\.S\.|US|USG|America|American|Administration|administration|[Gg]overnment"
    r"|Department|Secretary|President|[Ff]ederal|Congress|[Aa]genc(?:y|ies)|State|States|Treasury|[Ww]e"
    r"|[Oo]ur|Biden|Harris|Trump|White House|Act|[Ll]aw|Plan|[Bb]udget|[Pp]rogram|Bank|Corporation for"
    r"|USAID|DFC|EXIM|MCC|NASA|NSF|NIH|DOE|DOT|EPA|HHS|HUD|USDA|DOD|DoD|DHS|FEMA|SBA|VA|G7|G20|Partnership"
    r"|[Gg]overnors?|[Mm]ayors?|[Cc]ity|[Cc]ities|[Cc]ount(?:y|ies)|Tribes?|Tribal|[Ss]tates?|[Ll]ocal|[Mm]unicipal\w*"
    r"|Commonwealth|Nations?|Ministry|Kingdom|Republic|[Dd]eal|Fund|Commission|Initiative|Framework"
    r"|[Pp]artners|[Aa]llies|Canada|Mexico|Japan|Korea|India|Australia|Germany|France|Italy|UK|EU|European"
    r"|Quad|NATO|World Bank|IMF|UN)\b"
)
_CAPITALISED_RE = re.compile(r"\b[A-Z][\w&'’.-]+")
_CLAUSE_BREAK_RE = re.compile(r"[;()]|—|\s–\s|:\s")
_FISCAL_YEAR_RE = re.compile(
    r"(?i)\b(?:FY|fiscal\s+year)\s?(?:\(FY\)\s?)?'?(\d{4}|\d{2})\b"
    r"|\b(\d{4})\s+(?:President['’]s\s+)?budget\b"
    r"|\bbudget\s+for\s+(?:fiscal\s+year\s+|FY\s?)?(\d{4})\b"
)

# ---- nesting, repeats, totals -------------------------------------------------------------------

_INCLUDING_RE = re.compile(
    r"(?i)\b(?:including|includes|included|include|which\s+includes|of\s+which|among\s+(?:them|which)"
    r"|with)\s*[:,]?\s*(?:an?\s+)?$"
)
_CONTINUE_RE = re.compile(r"(?i)^[^;$]{0,80}(?:\band\b|,)\s*(?:an?\s+|another\s+)?$")
_OF_THIS_RE = re.compile(
    r"(?i)^\s*(?:of|from)\s+(?:this|that|these|those|the|which|it)\b[^;]{0,60}?,?\s*$"
)
_OF_THAT_AFTER_RE = re.compile(
    r"(?i)^\s*(?:of\s+(?:that|this|which|it|these|those|the\s+total)\b|is\s+part\s+of\b)"
)
_BACK_REFERENCE_RE = re.compile(r"(?i)\b(?:the|this|that|these|those)\s+$")
_TOTAL_BEFORE_RE = re.compile(
    r"(?i)\b(?:total(?:ing|ling|s|ed)?|combined|cumulative|aggregate|overall|collectively|altogether)"
    r"(?:\s+(?:of|to|more\s+than|over|nearly|approximately|about|up\s+to))?[\s,:]*$"
)
_TOTAL_AFTER_RE = re.compile(r"(?i)^\s*(?:in\s+total|total|combined|altogether|in\s+all|overall)\b")
_COLON_AFTER_RE = re.compile(r"^[^$:;.]{0,60}:")
_KEY_TOKEN_STOP = frozenset(
    ["The", "This", "That", "These", "Those", "In", "Further", "Furthermore", "Today", "And", "Also", "A", "An", "Additionally", "Moreover", "Finally", "First", "Second", "Third", "Through", "With", "By", "For", "On", "As", "Under", "Since", "To", "Of", "At", "It", "Its", "Our", "We", "Each", "Both", "From", "Overall", "Together", "Meanwhile", "Now", "Over", "More", "Nearly", "About", "Up"]
)


@dataclass(slots=True)
class _Mention:
    match: MoneyMatch
    block: int
    sentence_id: tuple[int, int]  # (block, sentence in the block): only ever compared for equality
    sentence: str
    clause: str
    before: str  # sentence text before the phrase
    after: str  # sentence text after the phrase
    initiative: int | None
    list_id: int | None
    category: str
    fiscal_year: int | None
    counted: bool = True
    reason: str | None = None
    parent: int | None = None


def find_funding(blocks: Sequence[Block], title: str = "", warnings: list[str] | None = None) -> list[FundingMention]:
    """Every dollar figure in the body, classified, with repeats/parts/stated totals resolved.

    Past MAX_MENTIONS figures (real sheets have a few hundred at most) the rest are skipped,
    with a warning, so a hostile file cannot make ingestion crawl.
    """
    mentions = _collect(blocks, title)
    if len(mentions) > MAX_MENTIONS:
        mentions = mentions[:MAX_MENTIONS]
        if warnings is not None:
            warnings.append(f"more than {MAX_MENTIONS} dollar figures; only the first {MAX_MENTIONS} were read")
    if not mentions:
        return []
    _nest(mentions, blocks)
    _mark_repeats(mentions, blocks)
    _mark_stated_totals(mentions, blocks)
    return [
        FundingMention(
            amount_usd=m.match.amount,
            text=m.match.text,
            qualifier=m.match.qualifier,
            sentence=m.sentence,
            initiative_order=m.initiative,
            category=m.category,
            fiscal_year=m.fiscal_year,
            counted=m.counted,
            reason=m.reason,
            parent_position=m.parent,
            position=position,
        )
        for position, m in enumerate(mentions)
    ]


def _collect(blocks: Sequence[Block], title: str) -> list[_Mention]:
    mentions: list[_Mention] = []
    for block_index, block in enumerate(blocks):
        text = block.plain
        if len(mentions) > MAX_MENTIONS:
            break
        if "$" not in text:
            continue
        matches = find_money(text, limit=MAX_MENTIONS + 1 - len(mentions))
        cue_cache: dict[str, tuple[list[tuple[int, int, int, str]], list[tuple[int, int]]]] = {}
        # Sentences are read only as far as the last figure: the rest of the block is not needed.
        sentences = iter_sentence_spans(text)
        span = next(sentences, None)
        following = next(sentences, None)
        span_index = 0
        for match in matches:
            while following is not None and span is not None and span[1] <= match.figure_start:
                span, following = following, next(sentences, None)
                span_index += 1
            s_start, s_end = span if span is not None else (0, len(text))
            s_start = min(s_start, match.start)
            s_end = max(s_end, match.end)
            if s_end - s_start > MAX_SENTENCE_CHARS:
                s_start, s_end = _window(text, s_start, s_end, match.start, match.end)
            sentence = text[s_start:s_end]
            rel_start, rel_end = match.start - s_start, match.end - s_start
            clause_start, clause_end = _clause_bounds(sentence, rel_start, rel_end)
            clause = sentence[clause_start:clause_end]
            cues = cue_cache.get(sentence)
            if cues is None:
                cues = cue_cache[sentence] = _cues(sentence)
            category = _classify(sentence, cues, clause_start, clause_end, rel_start, rel_end)
            fiscal_year = None
            if category == BUDGET_REQUEST:
                fiscal_year = _fiscal_year(
                    (clause, rel_start - clause_start), (sentence, rel_start),
                    _around(text, match.start, BLOCK_WINDOW), (title, 0),
                )
            mentions.append(_Mention(
                match=match,
                block=block_index,
                sentence_id=(block_index, span_index),
                sentence=" ".join(sentence.split()),
                clause=clause,
                before=sentence[:rel_start],
                after=sentence[rel_end:],
                initiative=block.initiative,
                list_id=block.list_id,
                category=category,
                fiscal_year=fiscal_year,
            ))
    return mentions


def _window(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """A stretch of an overlong "sentence" (a run-on table row, say) around one figure, cut at
    spaces: it keeps the work per figure bounded however long the sentence is."""
    new_lo = max(lo, start - SENTENCE_WINDOW)
    new_hi = min(hi, end + SENTENCE_WINDOW)
    if new_lo > lo:
        space = text.find(" ", new_lo, start)
        new_lo = space + 1 if space != -1 else new_lo
    if new_hi < hi:
        space = text.rfind(" ", end, new_hi)
        new_hi = space if space != -1 else new_hi
    return new_lo, new_hi


def _around(text: str, anchor: int, reach: int) -> tuple[str, int]:
    lo = max(0, anchor - reach)
    return text[lo:anchor + reach], anchor - lo


def _clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    clause_start = 0
    for brk in _CLAUSE_BREAK_RE.finditer(sentence, 0, start):
        clause_start = brk.end()
    brk = _CLAUSE_BREAK_RE.search(sentence, end)
    return clause_start, (brk.start() if brk else len(sentence))


def _cues(sentence: str) -> tuple[list[tuple[int, int, int, str]], list[tuple[int, int]]]:
    """Category cues in a sentence (start, end, rank, category), and company-verb positions."""
    lowered = sentence.lower()
    cues: list[tuple[int, int, int, str]] = []
    for rank, (category, pattern, needles) in enumerate(_CUES):
        for needle in needles:  # a plain loop: any() over a generator costs more than the tests
            if needle in lowered:
                cues.extend((cue.start(), cue.end(), rank, category) for cue in pattern.finditer(sentence))
                break
    verbs: list[tuple[int, int]] = []
    for needle in _PRIVATE_VERB_NEEDLES:
        if needle in lowered:
            verbs = [(verb.start(), verb.end()) for verb in _PRIVATE_VERB_RE.finditer(sentence)]
            break
    return cues, verbs


def _classify(sentence: str, cues: tuple[list[tuple[int, int, int, str]], list[tuple[int, int]]],
              clause_start: int, clause_end: int, start: int, end: int) -> str:
    """Nearest cue wins, looking in the figure's clause first, then its whole sentence.

    "supplemental" anywhere in the scope wins outright: "supplemental budget request" is not a
    regular budget request.
    """
    found, verbs = cues
    wide = (max(0, start - SENTENCE_CUE_REACH), min(len(sentence), end + SENTENCE_CUE_REACH))
    for lo, hi in ((clause_start, clause_end), wide):
        best: tuple[int, int, str] | None = None
        for cue_start, cue_end, rank, category in found:
            if cue_start < lo or cue_end > hi:
                continue
            if category == SUPPLEMENTAL_REQUEST:
                return SUPPLEMENTAL_REQUEST
            distance = _distance(cue_start, cue_end, start, end)
            if best is None or (distance, rank) < best[:2]:
                best = (distance, rank, category)
        for verb_start, verb_end in verbs:
            if verb_start < lo or verb_end > hi:
                continue
            subject = sentence[lo:verb_start]
            if _GOVERNMENT_RE.search(subject) or not _CAPITALISED_RE.search(subject):
                continue
            distance = _distance(verb_start, verb_end, start, end)
            if best is None or (distance, _PRIVATE_RANK) < best[:2]:
                best = (distance, _PRIVATE_RANK, PRIVATE_COMMITMENT)
        if best is not None:
            return best[2]
    return OTHER


def _distance(cue_start: int, cue_end: int, start: int, end: int) -> int:
    if cue_end <= start:
        return start - cue_end
    if cue_start >= end:
        return cue_start - end
    return 0


def _fiscal_year(*scopes: tuple[str, int]) -> int | None:
    """The fiscal year nearest the figure, looking in ever wider text (clause → title)."""
    for text, anchor in scopes:
        best: tuple[int, int] | None = None
        for match in _FISCAL_YEAR_RE.finditer(text):
            digits = next(group for group in match.groups() if group)
            year = int(digits) + (2000 if len(digits) == 2 else 0)
            if not 1990 <= year <= 2100:
                continue
            distance = abs(match.start() - anchor)
            if best is None or distance < best[0]:
                best = (distance, year)
        if best is not None:
            return best[1]
    return None


def _nest(mentions: list[_Mention], blocks: Sequence[Block]) -> None:
    """Mark amounts introduced as part of another ("including $305 million for …")."""
    children_sum: dict[int, float] = {}
    for index, mention in enumerate(mentions):
        parent = _parent_of(mentions, index, blocks)
        if parent is None:
            continue
        total = children_sum.get(parent, 0.0) + mention.match.amount
        if total > mentions[parent].match.amount * (1 + TOTAL_TOLERANCE):
            continue
        children_sum[parent] = total
        mention.parent = parent
        mention.counted = False
        mention.reason = REASON_PART_OF_PREFIX + mentions[parent].match.figure
        if mention.category == OTHER:
            mention.category = mentions[parent].category
            mention.fiscal_year = mentions[parent].fiscal_year


def _parent_of(mentions: list[_Mention], index: int, blocks: Sequence[Block]) -> int | None:
    mention = mentions[index]
    amount = mention.match.amount
    previous = mentions[index - 1] if index else None
    same_sentence = previous is not None and previous.sentence_id == mention.sentence_id
    if previous is not None and same_sentence:
        gap = blocks[mention.block].plain[previous.match.end:mention.match.start]
        if _INCLUDING_RE.search(gap[-60:]):
            return _larger_before(mentions, index, amount, same_sentence_only=True)
        if previous.parent is not None and _CONTINUE_RE.match(gap):
            return previous.parent
    if _OF_THIS_RE.match(mention.before):
        return _larger_before(mentions, index, amount, same_sentence_only=False)
    if _OF_THAT_AFTER_RE.match(mention.after):
        return _larger_before(mentions, index, amount, same_sentence_only=False)
    return None


def _larger_before(mentions: list[_Mention], index: int, amount: float, *, same_sentence_only: bool) -> int | None:
    mention = mentions[index]
    for candidate in range(index - 1, max(-1, index - 1 - MAX_LOOKBACK), -1):
        other = mentions[candidate]
        if same_sentence_only and other.sentence_id != mention.sentence_id:
            return None
        if not same_sentence_only and mention.block - other.block > 1:
            return None
        if other.parent is None and other.match.amount > amount:
            return candidate
    return None


def _mark_repeats(mentions: list[_Mention], blocks: Sequence[Block]) -> None:
    """The same amount for the same purpose said again counts once."""
    by_amount: dict[float, list[int]] = {}
    for index, mention in enumerate(mentions):
        earlier = by_amount.setdefault(mention.match.amount, [])
        if mention.counted and earlier:
            back_reference = bool(_BACK_REFERENCE_RE.search(mention.before[-12:]))
            recent = earlier[-MAX_LOOKBACK:]
            if (back_reference or any(_same_purpose(mentions[e], mention) for e in recent)
                    or any(_restates_lead(mentions[e], mention, blocks) for e in recent)):
                mention.counted = False
                mention.reason = REASON_REPEAT
        earlier.append(index)


def _restates_lead(first: _Mention, second: _Mention, blocks: Sequence[Block]) -> bool:
    """"**Access to $3 billion in debt capital.** … $3 billion in funding …": the bold title
    announces the figure the initiative's text then spells out."""
    if first.block != second.block:
        return False
    return first.match.start < blocks[first.block].lead_chars <= second.match.start


def _same_purpose(first: _Mention, second: _Mention) -> bool:
    if first.sentence_id == second.sentence_id or first.category != second.category:
        return False
    if fuzz.token_set_ratio(first.sentence, second.sentence, processor=default_process) < SAME_PURPOSE_MIN_SIMILARITY:
        return False
    # "Boston gets $5 million …" and "Chicago gets $5 million …" are alike but not the same money.
    # Names and numbers around the figure must agree (one side may have fewer).
    a = _key_tokens(first.before + " " + first.clause)
    b = _key_tokens(second.before + " " + second.clause)
    return a <= b or b <= a


def _key_tokens(text: str) -> set[str]:
    """Capitalised words and numbers: what tells one grant or place from another."""
    tokens = {w.strip(",.;:()“”\"'’") for w in text.split() if w[:1].isupper() or w[:1].isdigit()}
    return {t for t in tokens if t and t not in _KEY_TOKEN_STOP and "$" not in t}


def _mark_stated_totals(mentions: list[_Mention], blocks: Sequence[Block]) -> None:
    """A stated total is not added on top of its parts when the parts sum to it (within 1%)."""
    for index, mention in enumerate(mentions):
        if not mention.counted or mention.match.amount <= 0:
            continue
        keyword = bool(_TOTAL_BEFORE_RE.search(mention.before[-40:]) or _TOTAL_AFTER_RE.match(mention.after))
        colon = bool(_COLON_AFTER_RE.match(mention.after))
        if keyword and _parts_before_sum(mentions, index):
            mention.counted, mention.reason = False, REASON_STATED_TOTAL
            continue
        intro_list = _intro_list(mentions, index, blocks)
        if (keyword or colon or intro_list is not None) and _parts_after_sum(mentions, index, intro_list):
            mention.counted, mention.reason = False, REASON_STATED_TOTAL


def _matches_total(parts: int, total: float, target: float) -> bool:
    return parts >= 2 and abs(total - target) <= target * TOTAL_TOLERANCE


def _parts_before_sum(mentions: list[_Mention], index: int) -> bool:
    target = mentions[index].match.amount
    total, parts = 0.0, 0
    for candidate in range(index - 1, max(-1, index - 1 - MAX_LOOKBACK), -1):
        other = mentions[candidate]
        if other.sentence_id != mentions[index].sentence_id:
            break
        if not other.counted:
            continue
        total += other.match.amount
        parts += 1
        if _matches_total(parts, total, target):
            return True
        if total > target * (1 + TOTAL_TOLERANCE):
            break
    return False


def _intro_list(mentions: list[_Mention], index: int, blocks: Sequence[Block]) -> int | None:
    """The list right after this prose figure, when the figure is the last one of its block."""
    mention = mentions[index]
    block = blocks[mention.block]
    if block.kind == "initiative":
        return None
    if index + 1 < len(mentions) and mentions[index + 1].block == mention.block:
        return None
    following = mention.block + 1
    while following < len(blocks) and blocks[following].kind == "section":
        following += 1
    if following < len(blocks) and blocks[following].kind == "initiative":
        return blocks[following].list_id
    return None


def _parts_after_sum(mentions: list[_Mention], index: int, list_id: int | None) -> bool:
    target = mentions[index].match.amount
    total, parts = 0.0, 0
    for candidate in range(index + 1, min(len(mentions), index + 1 + MAX_TOTAL_PARTS * 2)):
        other = mentions[candidate]
        # Parts sit in the total's own block or, for an intro total ("… $3 billion:" then a
        # list), in the list right below it: never in unrelated text further down.
        if other.block != mentions[index].block and (list_id is None or other.list_id != list_id):
            break
        if not other.counted:
            continue
        if other.match.amount >= target:
            break
        total += other.match.amount
        parts += 1
        if _matches_total(parts, total, target):
            return True
        if total > target * (1 + TOTAL_TOLERANCE) or parts >= MAX_TOTAL_PARTS:
            break
    return False

