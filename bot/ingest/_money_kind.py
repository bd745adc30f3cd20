"""What a dollar figure is: new money, a request, someone else's commitment, or not money at all.

Read from the words around the figure, nearest first: the few words right before and after it
("per student", "an increase of", "saves families"), then its clause, then its sentence. The
nearest cue that names a kind wins; a figure with no cue at all but a money verb nearby is new
federal money, and one with neither is left undecided (shown, never added).

The rules were written from the development half of the hand-made gold set
(tests/data/money/, ``python -m bot.ingest.money_eval``) and the fact sheets outside it.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from bot.ingest._plans import full_year
from bot.model import (
    KIND_BACKGROUND,
    KIND_COMMITMENT,
    KIND_ESTIMATE,
    KIND_NEW,
    KIND_PER_UNIT,
    KIND_PRICE,
    KIND_REQUEST,
    KIND_STATISTIC,
    KIND_THRESHOLD,
    KIND_UNCLEAR,
    MONEY_KINDS,
    SOURCE_FEDERAL,
    SOURCE_FOREIGN,
    SOURCE_PRIVATE,
    SOURCE_STATE_LOCAL,
)

# More than any government or company has ever put up at once: a figure this large that reads as
# money provided is an economy, a market or a debt.
LARGEST_MONEY_PROVIDED = 5e12
NEAR = 70  # characters each side of the figure that count as "right next to it"
SMALLEST_REQUEST = 100_000  # a request is for a programme, never a few dollars
SMALL = 1_000_000  # amounts under this are per-unit amounts or prices far more often than programs


@dataclass(frozen=True, slots=True)
class Role:
    kind: str
    source: str | None
    supplemental: bool = False


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_ESCAPE_OR_CAPITAL = re.compile(r"\\.|[A-Z]")


class _Lowered:
    """A case-insensitive pattern run as a lowercase one over lowercased text: Python's
    IGNORECASE makes these cue lists about ten times slower. Lowercasing ASCII keeps every
    position, so matches point into the original text."""

    __slots__ = ("_compiled", "source")

    def __init__(self, pattern: str) -> None:
        self.source = pattern  # as written: what scripts/money_ablation.py takes apart
        lowered = _ESCAPE_OR_CAPITAL.sub(lambda m: m.group() if m.group().startswith("\\") else m.group().lower(),
                                         pattern)
        self._compiled = re.compile(_factor_word_start(lowered))

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self._compiled.search(_lower(text), pos)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self._compiled.match(_lower(text), pos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self._compiled.finditer(_lower(text))


_LOWERED: dict[int, tuple[str, str]] = {}


def _lower(text: str) -> str:
    """Lowercased ASCII, remembered for the last few strings: one sentence is searched by many
    cue lists in a row. The entry holds the string itself, so its id cannot be reused meanwhile."""
    hit = _LOWERED.get(id(text))
    if hit is not None and hit[0] is text:
        return hit[1]
    lowered = text.translate(_ASCII_LOWER)
    if len(_LOWERED) >= 64:
        _LOWERED.clear()
    _LOWERED[id(text)] = (text, lowered)
    return lowered


def _top_level_branches(pattern: str) -> list[str]:
    branches, depth, start, index = [], 0, 0, 0
    in_class = False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:index])
            start = index + 1
        index += 1
    branches.append(pattern[start:])
    return branches


def _factor_word_start(pattern: str) -> str:
    """"\\bprice|\\bcost…|\\bfee" as "\\b(?:price|cost…|fee)": Python tries every branch at every
    position, so a long list of cues is far faster with the shared word boundary checked once."""
    branches = _top_level_branches(pattern)
    if len(branches) < 3 or not all(branch.startswith("\\b") for branch in branches):
        return pattern
    return "\\b(?:" + "|".join(branch[2:] for branch in branches) + ")"


def _rx(pattern: str) -> _Lowered:
    return _Lowered(pattern)


# ---- right after the figure ---------------------------------------------------------------------

_PER_AFTER = _rx(
    r"^\s*(?:\w+\s+){0,3}?(?:per|a|an|each|every|/)\s*(?:eligible\s+|new\s+|additional\s+|qualifying\s+)?"
    r"(?:person|people|household|family|families|student|borrower|child|children|kid|worker|employee|home"
    r"|homeowner|renter|vehicle|car|truck|bus|ton|dose|pill|prescription|unit|participant|recipient|individual"
    r"|patient|beneficiar(?:y|ies)|enrollee|veteran|customer|subscriber|acre|share|barrel|gallon|kilowatt|kwh"
    r"|megawatt|job|teacher|apprentice|member|couple|filer|taxpayer|tenant|senior|farmer|claim|visit|test"
    r"|ticket|meal|night|trip|passenger|application|pupil|officer|firefighter|nurse|doctor|servicemember"
    r"|hire|recruit|participant|resident|american|mile|square\s+foot|installation|charger|port|device"
    r"|month|week|day|hour|year|annually|fill|course|vial|pack|box|treatment|infusion|injection|pen)s?\b"
)
_EACH_AFTER = _rx(r"^\W*(?:each|apiece|per\s+(?:award|grant|project|recipient|state|site|engine|hub|community))\b")
# "will provide each NSF Engine with up to $160 million", "each funded at up to $1 million".
_EACH_BEFORE = _rx(r"\beach\s+(?!(?:year|month|week|day|of)\b)[\w-]+(?:\s+[\w-]+){0,2}?\s+(?:with|at|receiv\w*"
                   r"|awarded|gets?|worth)\s+(?:up\s+to\s+|nearly\s+|about\s+|over\s+|approximately\s+)?$")
# A quantity measured, not money given: "two-way trade amounted to over $X", "losses of $1 billion",
# "a cumulative price tag of nearly $100 billion", "sales topped $X".
_MEASURED_AT = _rx(r"\b(?:amount(?:ed|s)?\s+to|reached|topped|price\s+tag\s+of|loss(?:es)?\s+(?:of|over|totaling)"
                   r"|loses\s+over)\s+(?:(?:nearly|over|more\s+than|about|almost|approximately|roughly|some)\s+)?$")
# A change stated by its size: "The Budget cuts federal spending by $200 billion", "lower Medicaid costs by
# over $10 billion", "slashing Amtrak funding by $1 billion": what a cut takes away is never money given.
# "… by nearly ": the end of a change's wording, right before its size (shared with the title's reading in ``_funding``).
BY_SIZE = r"by\s+(?:(?:over|more\s+than|nearly|about|roughly|almost|up\s+to|approximately|an\s+estimated|at\s+least)\s+)*$"
# The words that may size a figure right before it ("a total of", "more than", "an estimated"): at most one.
_SIZE_WORDS = (r"(?:(?:a\s+total\s+of|an?\s+additional|an?\s+estimated|more\s+than|over|nearly|almost|about|approximately"
               r"|roughly|up\s+to|at\s+least)\s+)?")
_CUT_BY = _rx(r"\b(?:cut(?:s|ting)?|slash(?:es|ed|ing)?|reduc(?:e|es|ed|ing)|lower(?:s|ed|ing)?|decreas(?:e|es|ed|ing)"
              r"|trim(?:s|med|ming)?)\s+(?:[\w'’-]+\s+){0,5}?" + BY_SIZE)
_LOSES = _rx(r"\b(?:lose|loses|losing|lost)\s+(?:[\w’'-]+\s+){0,3}?" + _SIZE_WORDS + r"$")
_DRAWN_FROM = _rx(r"\$[\d.,]+\s*(?:million|billion|trillion)?\s+(?:of|out\s+of|from)\s+(?:the\s+|a\s+|an\s+)?"
                  r"(?:total\s+of\s+|additional\s+|over\s+|more\s+than\s+|nearly\s+|up\s+to\s+)?$")
# A line drawn at an amount: "assess all projects above $20 million", "contracts in excess of $500,000",
# "incomes above $400,000". Money given is "over" or "more than" a sum, not "above" it.
_ABOVE_LINE = _rx(r"\b(?!(?:is|are|was|were|be|been|rise|rises|rose|risen|increase[sd]?|grow|grows|grew|grown|go|goes|went"
                  r"|remain|remains|stay|stays|well|far|just|still|now|to|levels?|funding|spending)\b)[a-z][\w-]*\s+"
                  r"(?:above|in\s+excess\s+of)\s+$")
# The face value of debts owed to others that public money buys and retires: "relieve up to $110 million
# in medical debt", "eliminate $40 million in credit card debt". What is written off is what people owed,
# not what is spent (debt is bought for cents on the dollar). Federal student loans forgiven are left alone:
# there the written-off sum is what the government gives up.
_DEBT_RELIEVED = _rx(r"^\s*(?:in|of)\s+(?:(?:new|additional|outstanding|unpaid|past-due)\s+)?"
                     r"(?:medical|hospital|consumer|credit\s+card|household)\s+debts?\b")
_TIME_RATE_AFTER = _rx(r"^\s*(?:per|a|an|each|every|/)\s*(?:month|week|day|hour|year)\b|^\s*(?:monthly|annually|hourly)\b")
_PRICE_CUE = _rx(
    r"\bpric(?:e|es|ed|ing)\b|\bcost(?:s)?\s+(?:of|just|only|no\s+more|less|under)|\bcopay|co-pay"
    r"|\bpremium|\bcharg(?:e|es|ed|ing)\b|\binsulin\b|\bper\s+(?:dose|prescription|vial|pill|fill)\b"
    r"|\bmedicines?\b|\bmedications?\b|\bdoses?\b|\bmonthly\s+supply|\blist\s+price|\bretail"
    r"|\bsells?\s+for|\bplans?\s+(?:for|at)\b|\btreatments?\b|\bper\s+line\b|\bdiscounted\b"
)
_PER_UNIT_CUE = _rx(
    r"\bper\s+\w+|\beach\b|\bup\s+to\b|\btax\s+credits?\b|\bcredits?\s+(?:of|worth)\b|\brebates?\b|\bdeductions?\b"
    r"|\bscholarships?\b|\bstipends?\b|\bdebt\s+(?:relief|cancell?ation)|\bforgiv|\bcancel|\bwages?\b|\bsalar(?:y|ies)\b"
    r"|\bpay\b|\bbonus|\bbenefits?\b|\ban\s+hour\b|\bincentives?\b|\bvouchers?\b|\bmonthly\b|\bchild\s+tax\b"
    r"|\brelief\s+(?:of|checks?|payments?)\b|\bchecks?\b|\bdirect\s+payments?|\bstimulus\b|\bbalances?\b"
    r"|\bsubsid(?:y|ies)\b|\bdiscount\b|\bcoverage\b|\bearn\b|\bsavings?\s+of\s+up\s+to"
)
# "earning under $125,000", "incomes below $75,000", "contracts over $10 million"
_THRESHOLD_BEFORE = _rx(
    r"(?:earn(?:ing|s)?|income[s]?(?:\s+(?:of|is|are))?|mak(?:e|es|ing)|salar(?:y|ies)|revenues?|assets|valued|worth"
    r"|contracts?|purchases?|transactions?|thresholds?|limits?|exceed(?:s|ing)?|loans?|balances?|debts?|owe(?:s|d)?"
    r"|families|households|individuals|borrowers|those|people|anyone|workers|businesses|companies|firms)"
    r"\s+(?:of\s+|with\s+|that\s+|is\s+|are\s+)?(?:less\s+than|under|below|up\s+to|more\s+than|over|above|at\s+least"
    r"|at\s+or\s+below|no\s+more\s+than|exceeding|greater\s+than|beyond|of)?\s*$"
)
# "deny deductions for all compensation over $1 million", "applicants requesting over $150 million in direct
# funding": pay or an application above a line a rule draws, not money anyone gives.
_LINE_BEFORE = _rx(r"\b(?:compensation|pay(?:s|ing)?|paid|gains?|requesting|seeking|applying\s+for)\s+(?:of\s+)?"
                   r"(?:(?:over|above|more\s+than|in\s+excess\s+of|exceeding|greater\s+than)\s+)?$")
_OVER = ("over", "above", "more than", "in excess of", "exceeding", "greater than")
_LINE_CUE = _rx(r"\bemployees?\b|\bexecutives?\b|\bcompensation\b|\bdeduct|\bapplicants?\b|\bapplications?\b"
                r"|\btax(?:es)?\b")
_THRESHOLD_CUE = _rx(r"\bincomes?\b|\bearn(?:s|ing)?\b|\bthreshold|\beligib|\bqualif|\bmaking\s+(?:less|under|below)")
_ESTIMATE_CUE = _rx(
    # "to help save lives", "saving the lives of": lives saved, not money saved.
    r"\bsav(?:e|es|ed|ing|ings)\b(?!\s+(?:(?:the|more|many|countless|\w+['’]s)\s+)?(?:lives|a\s+life)\b)"
    r"|\blower(?:s|ing|ed)?\s+(?:\w+\s+){0,3}?(?:costs?|bills?|prices?)\b"
    r"|\breduc(?:e|es|ed|ing)\s+(?:\w+\s+){0,3}?(?:deficits?|costs?|bills?|spending|debt)\b|\bdeficit\s+reduction"
    r"|\bestimated\b|\bestimates?\b|\bprojected\b|\bprojections?\b|\beconomic\s+(?:impact|benefits?|output|activity|growth)"
    r"|\bwould\s+(?:cost|generate|add|boost|save|raise|increase|reduce|lose)\b|\bcosts?\s+(?:taxpayers|the\s+government"
    r"|the\s+economy|consumers|families|americans|medicare|businesses|households|the\s+federal)"
    r"|\bin\s+(?:savings|benefits|net\s+benefits|health\s+benefits|climate\s+benefits|insurance\s+coverage|coverage)\b"
    r"|\bbenefits\s+of\b"
    r"|\bgenerat(?:e|es|ed|ing)\b|\brais(?:e|es|ing)\s+(?:\w+\s+){0,2}?revenue|\brevenue\s+(?:raised|increase)"
    r"|\bcut(?:s|ting)?\s+(?:\w+\s+){0,3}?(?:costs?|bills?|taxes|prices)\b|\bputs?\s+(?:\w+\s+){0,3}back\s+in"
    r"|\bin\s+(?:the\s+)?pockets?\b|\bextra\s+(?:cash|money)\b|\bbreathing\s+room|\bannual\s+(?:savings|benefits)"
    r"|\bover\s+(?:a|the)\s+decade|\bwindfall"
    r"|\btrigger(?:s|ed)?\b|\bspur(?:s|red)?\b|\bexpected\s+to\s+(?:contribute|generate|create|add|boost|yield|produce|save|reach|drive)\b|\bincome\s+gains?|\bboost(?:s|ed|ing)?\s+(?:\w+\s+){0,3}?(?:income|wages|gdp|economy)"
)
# An effect already had, as sheets that look back report it: "generated", "spurred", "has helped unlock".
_DONE_EFFECT = _rx(r"\b(?:generated|spurred|triggered|catalyzed|leveraged|mobilized|unlocked|attracted)\b"
                   r"|\bhelped\s+(?:to\s+)?(?:spur|generate|mobilize|unlock|attract|catalyze|leverage)\b")
_PURCHASE = _rx(r"\b(?:will|to|plans?\s+to|agreed\s+to)\s+(?:purchase|buy|acquire|order)\b|\bpurchase\s+(?:of|agreement)\b"
                r"|\borders?\s+(?:for|of)\b")
# Money others are expected to bring in: an estimate, unless someone commits to it.
_LEVERAGE = _rx(r"\b(?:mobiliz\w+|leverag\w+|unlock\w*|catalyz\w+|crowd(?:s|ing)?\s+in)")
_COMMITTED_TO = _rx(r"\bcommit\w*\s+(?:\w+\s+){0,2}$|\bpledg\w*\s+(?:\w+\s+){0,2}$")
_STATISTIC_CUE = _rx(
    r"\bdebts?\b(?!\s+(?:capital|financing|instruments?|facilit\w*|relief))|\bdamages?\b|\blosses\b|\blost\b|\btrade\b|\bexports?\b|\bimports?\b|\bbilateral\b|\bmarkets?\b"
    r"|\bGDP\b|\beconomy\b|\brevenues?\b|\bsales\b|\bvalued\s+at\b|\bworth\b|\bvalue\s+of\b|\bspent\b|\bspending\b"
    r"|\bprofits?\b|\bransom|\bstolen\b|\bfraud|\bindustry\b|\bsurplus|\bdeficits?\b|\bcosts?\s+(?:of|to)\b|\bmarket\s+cap"
    r"|\bbillion-dollar\b|\bpaid\s+(?:out|in)|\bowed?\b|\bunpaid\b|\bin\s+claims\b|\btolls?\b|\bcapitaliz|\bsize\b"
    r"|\bannual(?:ly)?\s+(?:cost|trade|sales|revenue)|\bper\s+capita|\bbusiness\s+volume|\bturnover\b|\bstock\b"
    r"|\bwages?\b|\bincome\b|\bearnings\b|\bnet\s+worth|\bwealth\b|\bvaluation|\bfinanc(?:ial)?\s+flows?"
    r"|\bremittances?\b|\boutput\b|\bproduction\s+value|\btariffs?\b|\bduties\b|\bexported\b|\bimported\b"
    r"|\bcollect(?:s|ed)?\b|\bin\s+taxes\b|\bout-of-pocket\b"
)
# Verbs of giving money: where they stand, a trade or debt word does not make a figure a statistic.
_GIVING_VERB = _rx(
    r"\bannounc\w*|\baward\w*|\bprovid\w*|\binvest(?:s|ed|ing)?\b|\bmak(?:e|es|ing)\s+(?:\w+\s+)?available|\ballocat\w*"
    r"|\bgrants?\b|\bloans?\b|\bdeliver\w*|\bapprov\w*|\bobligat\w*|\bdisburs\w*"
    r"|\bdedicat\w*|\bcommit\w*|\bfinanc\w*|\bappropriat\w*|\bdevot\w*|\bspend(?:s)?\b|\bwill\s+receive\b"
)
_BACKGROUND_NEAR = _rx(
    r"^\W*(?:\w+\s+){0,1}?(?:increase|more|less|decrease|cut|reduction)\s+(?:from|over|above|than|compared|below)\b"
    r"|^\W*(?:\w+\s+){0,2}?(?:above|over|below|than|from)\s+(?:the\s+)?(?:FY\s?)?(?:20\d\d|'\d\d)"
    r"(?:\s+enacted|\s+levels?|\s+budget)|\benacted\s+levels?|\b(?:more|less)\s+than\s+(?:double|triple|in\s+20\d\d)"
    r"|^\W*(?:\w+\s+){0,2}?(?:relative\s+to|compared\s+(?:to|with))\s+(?:current|prior|previous|last|the\s+(?:current|prior))\b"
)
# "an $86 million increase", "a $300 million cut": the figure measures a change of level.
_AN_BEFORE = _rx(r"\ban?\s*$")
_CHANGE_AFTER = _rx(r"^\W*(?:increase|cut|decrease|reduction)\b")
_INCREASE_BEFORE = _rx(r"\b(?:an?\s+)?(?:increase|cut|decrease|reduction)\s+of\s*(?:nearly\s+|over\s+|more\s+than\s+|about\s+)?$")
_BACKGROUND_CUE = _rx(
    r"\bsince\s+(?:taking\s+office|the\s+(?:President|Administration)|(?:President\s+)?Biden|President\s+Trump"
    r"|(?:19|20)\d\d|january|february|march|april|may|june|july|august|september|october|november|december|day\s+one"
    r"|the\s+start|the\s+beginning|its\s+(?:passage|enactment|launch|creation|inception)|the\s+(?:law|act|program)"
    r"|then|enactment|passage|last|the\s+\w+\s+(?:was|were)|(?:the\s+)?\w+\s+\w+\s+(?:was|were)\s+(?:signed|enacted))"
    r"|\bto\s+date\b|\bso\s+far\b|\bthus\s+far\b|\balready\b|\bpreviously\b|\blast\s+(?:year|month|week|fall|spring"
    r"|summer|winter)|\bearlier\s+this\s+(?:year|month|week)|\bearlier\s+in\s+(?:the\s+year|20\d\d)\b"
    r"|\bover\s+the\s+(?:past|last)\b|\bcumulative"
    r"|\b(?:in|during|within)\s+the\s+(?:past|last|previous)\s+(?:[\w-]+\s+)?(?:years|months|weeks)\b"
    r"|\bin\s+(?:total|all),?\s+(?:the\s+)?(?:\w+\s+){0,4}?(?:has|have)\b|\b(?:has|have|had)\s+(?:now\s+|also\s+|already\s+)?"
    r"(?:provided|invested|awarded|announced|made|delivered|secured|approved|distributed|mobilized|unleashed|sparked"
    r"|allocated|obligated|disbursed|spent|received|leveraged|catalyzed|unlocked|helped|supported|funded|granted"
    r"|loaned|issued|paid|returned|saved|cancell?ed|forgiven|discharged|attracted|generated|reached|totaled"
    r"|sent|dedicated|deployed|brought|raised|announced|closed|financed|drawn|spurred|benefited|resulted|been"
    r"|exceeded|surpassed|topped|grown|climbed|used)\b"
    r"|\bwas\s+(?:provided|awarded|announced|allocated|made|approved)\b|\bwere\s+(?:provided|awarded|announced"
    r"|allocated|made|approved)\b|\bin\s+(?:fiscal\s+year\s+)?20(?:0\d|1\d|2[0-3])\b(?!\s+budget)"
    r"|\b(?:Republicans?|MAGA|Congressional\s+Republicans|their\s+plan|GOP)\b|\bwould\s+cut\b|\bcutting\b"
    r"|\b(?:the\s+)?(?:prior|previous)\s+(?:administration|year)|\bhistoric\s+\$|\bbuilds?\s+on\b|\bbuilding\s+on\b"
    r"|\bcontinu(?:e|es|ing)\s+to\b|\bthrough\s+last\b|\b(?:a|one|two|three|\d+)\s+(?:years?|months?|weeks?)\s+ago\b"
    r"|\blast\s+fiscal\s+year\b|\bin\s+the\s+last\s+(?:fiscal\s+)?year\b"
    r"|\brecently\s+(?:announced|awarded|approved|made|committed|completed|closed|secured|launched|\w+ed)\b"
    r"|\bon\s+the\s+heels\s+of\b"
    r"|\bduring\s+(?:the|his|her|this|my)\s+(?:(?:President['’]s|first|second)\s+)?(?:term|administration|tenure|presidency)"
)
_YEARLY_FLOW = _rx(r"^\W*(?:\w+\s+){0,2}?(?:a|per|each|every)\s+year\b|^\W*(?:annually|yearly)\b")
_LONG_AGO = _rx(r"\b(?:a|one|two|three|four|five|\d+)\s+(?:years?|months?)\s+ago\b")
# "between 2015 and 2020", "through 2020": past when the span ended before the sheet's year;
# "committed $13 million from 2023 to 2025" or "through 2032" in a sheet of 2023 is the period
# the money covers, not money of the past.
_SPAN = re.compile(r"(?i)\b(?:(?:between|from)\s+(?:19|20)\d\d\s+(?:and|to|through)|through)\s+((?:19|20)\d\d)\b")


def _past_span(sentence: str, when: dt.date | None) -> bool:
    return when is not None and any(int(m.group(1)) < when.year for m in _SPAN.finditer(sentence))
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_DATED = _rx(r"(?:\b(?:in|on|during)\s+|\()(?:(" + "|".join(_MONTHS) + r")\s+(?:\d{1,2},\s+)?)?(20\d\d)\b(?!\s+budget)")
# The rest of the figure's clause: "a $100 million loan to Barbados in January 2023", "President Biden's $5 billion
# commitment in September 2021", up to a stop, a semicolon or a dash that starts another thought.
_CLAUSE_AFTER = re.compile(r"[^.;:—–]{0,90}")


def _clause_after(after: str) -> str:
    match = _CLAUSE_AFTER.match(after)  # always matches, perhaps empty
    return match.group() if match else ""


# "In September, NSF announced …", "visited this project in January to announce …": a month named without
# its year is this year's.
_MONTH_ALONE = _rx(r"\b(?:in|on|during|since|last|this\s+past)\s+(" + "|".join(_MONTHS)
                   + r")\b(?!\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(?:of\s+)?(?:19|20)\d\d)")


def _dated_before(before: str, when: dt.date | None) -> bool:
    """"In May 2023, President Biden chose … $600 billion …" in a sheet of 2024: the text before
    the figure dates it to a month before the sheet's."""
    if when is None:
        return False
    for match in _DATED.finditer(before):
        month = _MONTHS.index(match.group(1)) + 1 if match.group(1) else 12
        if (int(match.group(2)), month) < (when.year, when.month):
            return True
    for match in _DATED_PROMISE.finditer(before):
        if ((int(match.group(2)), _MONTHS.index(match.group(1).lower()) + 1) < (when.year, when.month)
                and _PROMISE_OF.match(before[match.end():])):
            return True
    return False


# "through our May 2023 commitment to provide $2 million", "Delivering on President Biden's September 2021
# commitment of $5 billion": a month and year that name a promise date the promise, and its money, to then.
_DATED_PROMISE = _rx(r"\b(" + "|".join(_MONTHS) + r")\s+(20\d\d)\s+(?:commitment|pledge|promise|announcement)s?\b")
# The promise is the figure's own: "commitment of $5 billion", "commitment to provide up to $2 million"; not money
# given today toward it ("Delivering on … commitment of $5 billion …, USAID is investing $412 million").
_PROMISE_OF = _rx(r"\s+(?:of|to\s+(?:\w+\s+){0,2}?(?:provide|invest|give|deliver|contribute|mobilize|commit))"
                  r"\s+(?:(?:up\s+to|nearly|over|more\s+than|about|approximately|an?\s+additional)\s+)*$")


def _dated_after(after: str, when: dt.date | None) -> bool:
    """"supported a $100 million loan to Barbados in January 2023" in a sheet of June 2023: a month and
    year in the figure's own clause, after it, before the sheet's month, date the money to before the
    sheet. A year alone is not enough there ("$1 billion in 2022" is as often the year money is for),
    nor is a date after a verb of the future ("will be disbursed in March 2023")."""
    if when is None:
        return False
    text = _clause_after(after)
    return any(match.group(1) and not _FUTURE.search(text[:match.start()])
               and (int(match.group(2)), _MONTHS.index(match.group(1).lower()) + 1) < (when.year, when.month)
               for match in _DATED.finditer(text))


def _past_fiscal_year(after: str, when: dt.date | None) -> bool:
    """"totaling $5.1 billion in lending to women-owned businesses in FY23", "is investing over $427 million for
    127 projects … in fiscal year 2022" in a sheet of 2023 or 2024: a federal fiscal year that had ended (30
    September) before the sheet, in the figure's own clause after it, dates the money to that year: earlier
    money, or a year's record. Not after a verb of the future."""
    if when is None:
        return False
    text = _clause_after(after)
    for match in _FISCAL_YEAR_AFTER.finditer(text):
        year = full_year(match.group(1))
        if not _FUTURE.search(text[:match.start()]) and dt.date(year, 9, 30) < when:
            return True
    return False


def _past_fiscal_year_before(before: str, when: dt.date | None) -> bool:
    """"In FY 2023, SBA made record gains in lending … – including $1.5 billion in loans …", "in Fiscal Year 2023,
    agencies … awarding SDBs a record-breaking $76.2 billion" in a sheet of 2024: a federal fiscal year that had
    ended before the sheet, earlier in the figure's sentence and clause, dates the money to that year, as it does
    after the figure. Not when a verb of the future or today's announcement comes between the year and the figure
    ("In FY 2023, Congress provided …; today USDA is announcing …")."""
    if when is None:
        return False
    clause = re.split(r"[;.]\s", before)[-1]
    for match in _FISCAL_YEAR_BEFORE.finditer(clause):
        year = full_year(match.group(1))
        between = clause[match.end():]
        if (dt.date(year, 9, 30) < when and not _FUTURE.search(between) and not _ANNOUNCED_NOW.search(between)
                and not _SOURCE_YEAR.match(between)):
            return True
    return False


_FISCAL_YEAR_BEFORE = _rx(r"\b(?:in|during)\s+(?:the\s+)?(?:FY|fiscal\s+year)\s*['’]?((?:20)?\d{2})\b")
# "in FY 2020 funds", "in FY 2022 and FY 2023 funds": the year of the money's source, which may be spent now.
_AND_ANOTHER_YEAR = r"(?:\s+(?:and|or|to|through)\s+(?:FY|fiscal\s+year)\s*['’]?(?:20)?\d{2})?"
_SOURCE_NOUNS = r"funds?|funding|appropriations?|dollars|money|resources"
_SOURCE_YEAR = _rx(r"^" + _AND_ANOTHER_YEAR + r"\s+(?:" + _SOURCE_NOUNS + r"|budget|request)\b")
_FISCAL_YEAR_AFTER = _rx(r"\b(?:in|for|during|through)\s+(?:the\s+)?(?:FY|fiscal\s+year)\s*['’]?((?:20)?\d{2})\b"
                         r"(?!" + _AND_ANOTHER_YEAR + r"\s+(?:" + _SOURCE_NOUNS + r")\b)")


def _month_before(before: str, when: dt.date | None) -> bool:
    """"In September, NSF announced nearly $100 million" in a sheet of October: a month named
    without its year, earlier than the sheet's, dates the money given to before the sheet. Not in a
    sentence about what will happen ("will open applications in March" is next year's March)."""
    if when is None or _FUTURE.search(before):
        return False
    return any(_MONTHS.index(match.group(1)) + 1 < when.month for match in _MONTH_ALONE.finditer(before))


# Someone else's plan, described to be argued with: "Republicans … calling for $3 trillion in tax
# giveaways", "$1.5 trillion in cuts to Social Security".
_OTHERS_PLAN = _rx(
    r"\brepublicans?\b|\bgop\b|\bmaga\b|\bspeaker\s+mccarthy\b|\btheir\s+(?:plan|budget|bill|proposal)\b"
    r"|\bin\s+(?:tax\s+giveaways|tax\s+cuts\s+for|cuts\s+to)\b|\btax\s+giveaways?\b|\bcuts?\s+to\s+(?:social\s+security|medicare|medicaid)"
    r"|\bto\s+the\s+deficit\b"
)
_TODAY = _rx(r"\btoday\b|\bthis\s+week\b|\bnewly\b|\bis\s+announcing\b|\bare\s+announcing\b|\bwill\b")
_REQUEST_CUE = _rx(
    r"\bbudget\b(?!\s+(?:office|act|reconciliation|deficit))|(?<!\bin\s)\bfiscal\s+year\b"
    r"|\brequest(?:s|ed|ing)?\b(?!\s+for\s+(?:proposals|applications|information))|\bpropos(?:es|ed|ing)\b|\bcall(?:s|ed|ing)?\s+(?:on\s+Congress|for)\b|\bask(?:s|ed)?\s+Congress"
    r"|\burg(?:es|ing)\s+Congress|\bsupplemental\b|\bCongress\s+to\s+(?:provide|fund|pass|appropriate)"
)
# The budget as the subject of a verb of giving: "The Budget also provides", "The FY 2024 Budget invests".
_BUDGET_GIVES = _rx(r"^\W*(?:(?:in\s+addition|additionally|further|also|finally),?\s+)?(?:the\s+)?(?:president['’]s\s+)?"
                    r"(?:(?:fy\s?|fiscal\s+year\s+)?(?:20)?\d\d\s+)?(?:president['’]s\s+)?budget\b")
# Someone asking for the money, in the present: "The Budget requests", "calls on Congress to";
# not "funds requested by the State", "applicants proposing".
_ASKED = _rx(r"\bbudget\b|\brequests\b|\bis\s+requesting\b|\bpropos(?:es|ed)\b|\bask(?:s|ing)?\b|\burg(?:e|es|ing)\b"
             r"|\bcall(?:s|ing)?\s+(?:on|for)\b|\bsupplemental\b")
_SUPPLEMENTAL = _rx(r"\bsupplemental\b")
# Supplemental money already enacted, spent from or named: "$10 million from Ukraine supplemental funding", "with
# $2 million in Ukraine supplemental funds", "the Supplemental Targeted EIDL Advance Program" (a programme's name,
# capitalised). Neither asks Congress for anything; "the supplemental funding request" and "the Emergency
# Supplemental Request" still do.
_ENACTED_SUPPLEMENTAL = re.compile(
    r"(?i:\b(?:from|in|with|through|using)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?supplemental\s+(?:funding|funds"
    r"|appropriations?|resources)\b(?!\s+request))"
    r"|\bSupplemental(?!(?:\s+[A-Z][\w-]*){0,4}\s+Requests?\b)(?:\s+[A-Z][\w-]*){1,5}"
)
_ENACTED_CUE = _rx(r"\benacted\b|\bappropriations\s+act\b|\bsigned\s+into\s+law")
_PRIVATE_CUE = re.compile(
    r"\b(?:Inc|Corp|Corporation|LLC|Ltd|Co|Company|Companies|company|companies|Foundation|Foundations|foundations?"
    r"|philanthrop\w*|Philanthrop\w*|private[- ]sector|Private[- ]sector|private\s+(?:capital|investments?|investors|funding"
    r"|companies|partners|financing|sector|entities|firms)|firms?|businesses|investors|industry|Group|Holdings|Partners"
    r"|Capital|Ventures|Bank(?!\s+of\s+(?:America|the))|Airways|Airlines|Energy|Technologies|Motors|Pharma\w*"
    r"|Microsoft|Google|Amazon|Apple|Meta|IBM|Intel|Micron|Samsung|TSMC|Boeing|GE|Nvidia|NVIDIA|Oracle|OpenAI"
    r"|universit(?:y|ies)|University|nonprofits?|non-profits?|organizations?|NGOs?|donors?|employers?|unions?"
    r"|stakeholders|members|coalition|Fund(?!\s+for)|Trust|Institute|Association|Alliance|Council|hospitals?|Health)\b"
)
_FOREIGN_CUE = re.compile(
    r"\b(?:Government\s+of|government\s+of|Governments|Kingdom|Republic|Emirates|Emirati|UAE|Qatar\w*|Saudi\w*|Japan\w*"
    r"|Korea\w*|ROK|India\w*|Australia\w*|Canad\w*|Mexic\w*|German\w*|France|French|Ital\w*|UK|British|EU|European"
    r"|Indonesia\w*|Philippin\w*|Vietnam\w*|Taiwan\w*|Chin\w*|Brazil\w*|Israel\w*|Ukrain\w*|Africa\w*|Kenya\w*"
    r"|Angola\w*|Zambia\w*|Congo\w*|DRC|Nigeria\w*|Ghana\w*|Egypt\w*|Morocc\w*|Pacific\s+Island\w*|Fiji\w*"
    r"|Development\s+Bank|World\s+Bank|IMF|Asian\s+Development|African\s+Development|multilateral|Ministry|Minister"
    r"|partner\s+(?:countries|governments|nations)|allies|countries|nations|donor\s+countries|G7|G20|Quad|NATO"
    r"|sovereign\s+wealth|Public\s+Investment\s+Fund|PIF|QIA|Mubadala|ADQ|ADNOC|Aramco)\b"
)
_STATE_LOCAL_CUE = _rx(
    r"\bstates?\s+(?:and\s+(?:localities|local\s+governments|cities|territories)\s+)?(?:have|has|are|will|committed|invested)"
    r"|\bstate\s+and\s+local\b|\bcit(?:y|ies)\s+(?:of\s+)?\w*\s*(?:will|has|have|is|are|committed)|\bcount(?:y|ies)\b"
    r"|\bgovernors?\b|\bmayors?\b|\bmunicipal|\blocal\s+governments?\b|\bstate\s+of\s+[A-Z]|\bstate\s+funds?\b"
    r"|\bstate\s+legislat|\btribes?\s+(?:have|has|will)\b|\bthe\s+state\s+(?:has|will|is)\b|\bcommonwealth"
)
_COMMIT_VERB = _rx(
    r"\bcommit(?:s|ted|ting|ments?)?\b|\bpledg(?:e|es|ed|ing)\b|\bwill\s+(?:also\s+)?(?:invest|provide|contribute"
    r"|donate|fund|spend|purchase|buy|deploy|mobilize|finance|build|open|expand)\b|\bwill\s+(?:also\s+)?make\s+(?:\S+\s+){0,4}?available\b|\binvest(?:s|ing|ment|ments)?\s+(?:of|by|from)?"
    r"|\bdonat(?:e|es|ed|ion|ions|ing)\b|\bcontribut(?:e|es|ed|ion|ions|ing)\b|\bpurchas(?:e|es|ed|ing)\b"
    r"|\border(?:s|ed)?\s+(?:for|of)\b|\bdeals?\b|\bagreements?\b|\bannounc(?:e|es|ed|ing)\b|\bplans?\s+to\b"
    r"|\bsecured\b|\binvest(?:ed)?\b|\braise[ds]?\b|\bmobiliz\w+|\bfinancing\b"
)
_FEDERAL_SUBJECT = re.compile(
    r"\b(?:United\s+States|U\.S\.(?!\s+(?:companies|firms|businesses|private|investors|industry|subsidiar))|USG|(?<!North\s)(?<!South\s)(?<!Latin\s)(?<!Central\s)America(?!n\s+(?:companies|firms|businesses))|Administration|[Gg]overnment(?!\s+of)|Department|Secretary|President"
    r"|[Ff]ederal|Congress|[Aa]genc(?:y|ies)|Treasury|Biden|Harris|Trump|White\s+House|USAID|DFC|EXIM|Export-Import|MCC"
    r"|NASA|NSF|NIH|DOE|DOT|EPA|HHS|HUD|USDA|DOD|DoD|DHS|FEMA|SBA|VA|CDC|FDA|CMS|HRSA|SAMHSA|NOAA|Army|Corps"
    # Federal corporations, named before the "Corporation" that would read as a company's name.
    r"|Development\s+Finance\s+Corporation|Millennium\s+Challenge\s+Corporation|Commodity\s+Credit\s+Corporation"
    r"|Federal\s+Deposit\s+Insurance|Corporation\s+for\s+(?:National|Public\s+Broadcasting)|Tennessee\s+Valley\s+Authority"
    # Agencies a sheet names by acronym or short name as the giver ("IHS will invest", "Commerce will provide"),
    # which would otherwise read as a company's name.
    r"|IHS|DOI|DOL|DOJ|ED|ONDCP|OVW|NIEHS|BOEM|BLM|USGS|NPS|FWS|USFS|NRCS|FHWA|FTA|FAA|FRA|NHTSA|PHMSA|FMCSA|MARAD"
    r"|EDA|NTIA|NIST|BIA|ACF|ACL|ASPR|OSHA|NEA|NEH|IMLS|AmeriCorps|USPTO|TVA|ARPA-[EH]|DARPA|NNSA|BARDA|GSA|SSA"
    r"|USTR|USADF|Peace\s+Corps|Commerce|Interior|Justice|Labor|Defense|State\s+Department|Pentagon"
    r"|Bipartisan\s+Infrastructure\s+Law|Inflation\s+Reduction\s+Act|American\s+Rescue\s+Plan|CHIPS|Act|[Ll]aw"
    r"|[Pp]rogram|[Gg]rants?|[Ll]oans?|[Aa]wards?|Office|Bureau|Service|Commission|Administration's|We|we|our|Our"
    r"|Framework|[Bb]ill|Budget|budget|Plan|Initiative|Deal|Fund|Partnership|PGII|G7)\b"
)
_MONEY_VERB = _rx(
    r"\bspend(?:s)?\b|\bannounc\w*|\baward\w*|\bprovid\w*|\binvest\w*|\bmak(?:e|es|ing)\s+(?:\w+\s+)?available|\bavailable\b|\ballocat\w*"
    r"|\bgrants?\b|\bloans?\b|\bfund\w*|\bdeliver\w*|\bapprov\w*|\bobligat\w*|\bdisburs\w*|\bdistribut\w*|\bsupport\w*"
    r"|\bdedicat\w*|\bcommit\w*|\bmobiliz\w*|\bfor\b|\bto\b|\bfinanc\w*|\bappropriat\w*|\binclud\w*|\bdevot\w*"
    r"|\bsend\w*|\bsecur\w*|\bassistance\b|\baid\b|\bagreement\b|\btargets?\b|\bexpand\w*|\blaunch\w*"
    r"|\bbreakdown\b|\bbroken\s+down\b"
)


def _near(before: str, after: str) -> tuple[str, str]:
    return before[-NEAR:], after[:NEAR]


# A sheet whose title announces nothing ("… Efforts to End HIV/AIDS", "One Year In, …",
# "State-by-State Analysis of …") looks back: its money is background unless a sentence says
# it is announced today.
_ANNOUNCING_TITLE = _rx(
    r"\$|\bannounc\w*|\bapproves?\b|\binvests?\b|\bsecures?\b|\bcloses?\b|\bbudget\b|\bdeals?\b"
    r"|\bcommitments?\b|\bagreements?\b|\bawards?\b|\bbillions?\b|\bmillions?\b|\bfunding\b|\bframework\b"
    r"|\bprograms?\b|\bjumpstarts?\b|\bpartnership\b|\bassistance\b|\bact\b|\blaw\b|\bbill\b"
    r"|\bcalls?\s+on\s+congress\b|\burges?\s+congress\b|\brequests?\b"
)
_LOOKING_BACK_TITLE = _rx(
    r"\b(?:one|two|three|four|five|six|\d+)\s+(?:years?|months?)\s+(?:in|into|after|following|since|of)\b"
    r"|\banniversary|\bcelebrat\w*|\banalysis\b|\bprogress\b|\bhistoric\s+investments\b|\bongoing\b|\bupdate\b"
    r"|\blook(?:s|ing)?\s+back|\bnew\s+era\b|\bachievements\b|\bmilestones?\b|\bhits\s+the\s+ground"
)
_ANNOUNCED_NOW = _rx(r"\btoday\b|\b(?:is|are)\s+announcing\b|\bnewly\s+announced\b"
                    r"|\bwill\s+announce\b|\bannounc(?:es|ing)\b")
_PAST_MONEY_VERB = _rx(
    r"\b(?:awarded|announced|provided|invested|launched|released|received|distributed|disbursed|obligated"
    r"|allocated|approved|delivered|made\s+available|committed|granted|loaned|spent|funded|mobilized"
    r"|contributed|purchased)\b"
)


# Right before the figure: "builds on the $15 billion …", "is part of the over $50 billion …",
# "bringing the total … to over $2 trillion", "has now delivered $250 million".
_BACKGROUND_BEFORE = _rx(
    r"\b(?:increas\w*|ris(?:e|es|ing)|grow\w*|rais\w*)\s+(?:\w+\s+){0,5}?to\s+(?:almost\s+|nearly\s+|over\s+|more\s+than\s+)?$"
    r"|\bbr(?:ing|ings|inging|ought)\s+(?:[\w.’'-]+\s+){0,8}?to\s+a\s+(?:new\s+|record\s+|combined\s+)?total\s+of\s+"
    r"(?:almost\s+|nearly\s+|over\s+|more\s+than\s+|about\s+|approximately\s+)?$"
    r"|\bas\s+of\s+(?:today|now|this\s+(?:week|month|year))\b[^$;]{0,70}$"
    # "which will bring U.S. total contributions to the Amazon Fund to $100 million", "bringing the collective total to
    # over $400 million": the running total the news adds to.
    r"|\b(?:br(?:ing|ings|inging|ought)|rais(?:e|es|ed|ing)|increas(?:e|es|ed|ing)|grow(?:s|ing)?|push(?:es|ed|ing)?)\s+"
    r"(?:[\w.’'-]+\s+){0,4}?(?:total|overall|cumulative|combined)\b[^$;]{0,80}\bto\s+(?:(?:almost|nearly|over|more\s+than"
    r"|about|approximately|roughly|at\s+least)\s+)?$"
    r"|\b(?:builds?\s+on|building\s+on|built\s+on|is\s+part\s+of|are\s+part\s+of|part\s+of\s+(?:the|a|its)|on\s+top\s+of"
    r"|adds?\s+to|bring(?:s|ing)?\s+(?:the|its|our)\s+(?:\w+\s+){0,2}?total|has\s+now|have\s+now|to\s+date|so\s+far"
    r"|(?:has|have)\s+(?:already\s+)?received|had|previously\s+(?:announced|committed)|cumulative(?:ly)?|in\s+total\s+since)"
    r"\b[^$;]{0,70}$"
)
# In a sheet that reports on what was done, "announced a state-by-state breakdown of over $2.7
# billion" announces the report, not the money.
_REPORT_OF = _rx(r"\b(?:breakdown|analysis|summary|tally|accounting)\s+of\s+(?:over\s+|nearly\s+|more\s+than\s+"
                 r"|about\s+|almost\s+)?$")
# Laws whose money is background in a sheet written well after they were signed.
_LAWS = (
    (_rx(r"\bBipartisan\s+Infrastructure\s+(?:Law|Deal)\b|\bInfrastructure\s+Investment\s+and\s+Jobs\s+Act\b|\bBIL\b"),
     dt.date(2021, 11, 15)),
    (_rx(r"\bInflation\s+Reduction\s+Act\b"), dt.date(2022, 8, 16)),
    (_rx(r"\bAmerican\s+Rescue\s+Plan\b|\bARP\b"), dt.date(2021, 3, 11)),
    (_rx(r"\bCHIPS\s+(?:and|&)\s+Science\s+Act\b|\bCHIPS\s+Act\b"), dt.date(2022, 8, 9)),
    (_rx(r"\bBipartisan\s+Safer\s+Communities\s+Act\b"), dt.date(2022, 6, 25)),
    (_rx(r"\bPACT\s+Act\b"), dt.date(2022, 8, 10)),
)
LAW_IS_NEW_DAYS = 60


def _old_law(sentence: str, when: dt.date | None) -> bool:
    """The sentence spends a law's money in a sheet written months after the law was signed."""
    if when is None:
        return False
    return any((when - signed).days > LAW_IS_NEW_DAYS
               and any(not _BUILDS_ON.search(sentence[:found.start()][-40:])
                       for found in pattern.finditer(sentence))
               for pattern, signed in _LAWS)


# A law or a programme as the subject of the money: "the Bipartisan Infrastructure Law will invest", "the Inflation
# Reduction Act provides", "… combined will invest"; "The Ports Infrastructure Development Program will invest".
_SPENDS = r"(?:will\s+(?:also\s+)?)?(?:invest|provide|deliver|direct|dedicate|allocate)s?\s+" + _SIZE_WORDS + r"$"
_LAW_SPENDS = _rx(r"\b(?:Law|Laws|Act|Acts)\s+(?:(?:combined|together|alone|also)\s+)?" + _SPENDS)
_PROGRAM_SPENDS = _rx(r"\b[Pp]rogram\s+(?:also\s+)?" + _SPENDS)


# What marks a programme's money as its whole pot: the years it runs ("over the next 10 years", "through 2026"), a
# total, or a law it comes from.
_POT_SPAN = _rx(r"^\W*(?:[\w’'-]+\s+){0,8}?(?:over\s+(?:the\s+)?(?:next\s+)?(?:\d+|\w+)\s+(?:years|fiscal\s+years)"
                r"|through\s+(?:fiscal\s+year\s+|FY\s*)?20\d\d)\b")
_TOTAL_OF_BEFORE = _rx(r"\btotal\s+of\s+$")


def _holds_its_money(before: str, after: str, sentence: str, when: dt.date | None) -> bool:
    """A law signed months before the sheet, or a programme's whole pot, is the subject of the money: the sum is what
    it holds over its years. A law of the weeks before is still news, and so is a law the rules cannot date; a
    programme launched with its money ("The program provides $12 million to protect habitats") is news too."""
    if _PROGRAM_SPENDS.search(before):
        return bool(_POT_SPAN.match(after) or _TOTAL_OF_BEFORE.search(before)
                    or any(pattern.search(sentence) for pattern, _ in _LAWS))
    return bool(_LAW_SPENDS.search(before)) and _old_law(sentence, when) and not names_recent_law(sentence, when)


def names_recent_law(sentence: str, when: dt.date | None) -> bool:
    """The sentence names a law signed in the weeks before the sheet: its money is still news. A
    word-level model cannot see the dates, so this reading is the rules' alone to make; in an undated
    sheet nothing can tell how recent the law is, so that reading is the rules' too."""
    if when is None:
        return any(pattern.search(sentence) for pattern, _ in _LAWS)
    return any(0 <= (when - signed).days <= LAW_IS_NEW_DAYS and pattern.search(sentence)
               for pattern, signed in _LAWS)


# "The Budget builds on Bipartisan Infrastructure Law investments by providing $2.8 billion": the
# law is what the new money builds on, not where it comes from.
_BUILDS_ON = _rx(r"\b(?:builds?|building|built)\s+on\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$")


@lru_cache(maxsize=64)
def reports_progress(title: str) -> bool:
    """A title that says the sheet reports on what was done ("State-by-State Analysis of …",
    "One Year In"), whatever amount it names."""
    return bool(_LOOKING_BACK_TITLE.search(title))


# "On One Year Anniversary …, Administration Announces New Actions", "Celebrates … and Announces New Commitments":
# a sheet that looks back and also says it brings something new today.
_ANNOUNCES_NEW_TITLE = _rx(r"\b(?:announc|unveil|launch)\w*\s+(?:\w+\s+){0,2}?new\b")


@lru_cache(maxsize=64)
def only_reports_progress(title: str) -> bool:
    """A title that reports on what was done and announces nothing new: there, money a sentence says is
    coming or being given is the programs' standing money. "Marks One Year … and Announces New Actions" brings
    news as well, and its money said to be coming is that news."""
    return reports_progress(title) and not _ANNOUNCES_NEW_TITLE.search(title)


@lru_cache(maxsize=64)
def looks_back(title: str) -> bool:
    """A sheet that reports on what was done rather than announcing something."""
    return reports_progress(title) or not _ANNOUNCING_TITLE.search(title)


def classify(before: str, after: str, clause: str, sentence: str, amount: float, qualifier: str | None,
             *, retrospective: bool = False, when: dt.date | None = None, title: str = "") -> Role:
    """The role of one figure from the text around it (``before``/``after``: its sentence on each
    side); in a sheet that looks back, money not said to be announced now is background, and so
    is a law's money in a sheet written months after the law (``when``: the sheet's date)."""
    role = _classify_in_sheet(before, after, clause, sentence, amount, qualifier, retrospective, when, title)
    if role.kind in (KIND_BACKGROUND, KIND_NEW, KIND_COMMITMENT, KIND_UNCLEAR) and (
            (_OUTCOME_BEFORE.search(before[-60:]) and not _MONEY_RAISED_AFTER.match(after[:60]))
            or _OUTCOME_AFTER.match(after[:60])):
        # "generated $344 million in export sales", "the maintenance backlog grew to over $22.9 billion", "won a $7.5
        # million judgment": what money did or what is owed, a fact about the world, not money given before or now.
        return Role(KIND_STATISTIC, None)
    return role


# ---- whose money, from the words right at the figure (read after both models: ``_funding._what_the_words_at_a_figure_say``) ----

# Money that comes into the country is someone else's: "an economic exchange worth at least $1.2 trillion" (an agreement
# with another country), "it will invest $27 billion in U.S. research", "their investment commitments in the United
# States to almost $1 trillion". The government invests in programmes and places, not "in the United States".
_EXCHANGE_BEFORE = _rx(r"\beconomic\s+exchange\s+(?:worth|valued\s+at|of)\s+" + _SIZE_WORDS + r"$")
_INVESTS_BEFORE = _rx(r"\binvest(?:s|ing)?\s+" + _SIZE_WORDS + r"$")
_INTO_THE_COUNTRY_AFTER = _rx(
    r"^\W*(?:[\w-]+\s+){0,2}?(?:in|into)\s+(?:the\s+)?(?:United\s+States|U\.S\.)(?!\s+(?:government|federal))")
_INVESTMENT_INTO_THE_COUNTRY_BEFORE = _rx(
    r"\binvestments?(?:\s+commitments?)?\s+(?:in|into)\s+(?:the\s+)?(?:United\s+States|U\.S\.)\s+(?:to|of|worth|totaling)\s+"
    + _SIZE_WORDS + r"$")


def inbound_giver(before: str, after: str) -> str | None:
    """Who brings money into the country, when the words around a figure say it comes in and no federal giver is
    its subject: another country when one is named before it, else a company or investor."""
    near = before[-160:]
    exchange = _EXCHANGE_BEFORE.search(near) is not None
    if not (exchange or _INVESTMENT_INTO_THE_COUNTRY_BEFORE.search(near)
            or (_INVESTS_BEFORE.search(near) and _INTO_THE_COUNTRY_AFTER.match(after[:60]))):
        return None
    subject = near[max(near.rfind(". "), 0):]
    foreign = _FOREIGN_CUE.search(subject)
    federal = _FEDERAL_SUBJECT.search(subject)
    if not exchange and federal is not None and (foreign is None or federal.start() < foreign.start()):
        return None  # "The Administration will invest over $20 billion … into U.S. port infrastructure"; an exchange
        # is the other side's money whoever signed it
    return SOURCE_FOREIGN if foreign else SOURCE_PRIVATE


# "BP plans to invest more than $5 billion", "Applied Materials is announcing an investment of up to $4 billion", "Google
# is launching a $2 million fund": a named giver that is not the government, with a verb of investing.
_INVESTS_VERB_BEFORE = _rx(r"\b(?:plans?\s+to\s+invest|(?:is|are)\s+(?:announcing|making)\s+(?:an?\s+)?(?:new\s+)?investments?"
                           r"\s+of|(?:is|are)\s+launching\s+an?)\s+" + _SIZE_WORDS + r"$")
_LOCAL_NAME = re.compile(r"(?i)\b(?:city|county|town|village|municipality|borough|commonwealth)\b")
# Agency acronyms the federal-subject list lacks, written in capitals ("PMI plans to invest $28 million").
_MORE_FEDERAL_NAMES = re.compile(r"\b(?:DOC|DOJ|DOL|DOI|DOS|NIST|USTR|OSTP|PEPFAR|PMI|NTIA|NIFA|ARS|ARPA-[EH]|BIS|USPTO|MBDA"
                                 r"|Centers\s+for\s+(?:Disease|Medicare)|National\s+(?:Institutes|Science\s+Foundation|Park\s+Service))\b")


def named_investor(before: str) -> str | None:
    """Who invests the figure, when a name that is not the government's is the subject of a verb of investing."""
    text = before[-160:]
    verb = _INVESTS_VERB_BEFORE.search(text)
    if verb is None:
        return None
    subject = text[max(text.rfind(". "), text.rfind("; "), 0):verb.start()]  # with a lead-in: "… Initiative (PMI): PMI"
    return _giver_named(subject)


def _giver_named(subject: str) -> str | None:
    """Whose money it is when ``subject`` names a giver that is not the government: a city's or state's ("The City"),
    another country's, else a company's or foundation's; None for a federal or unnamed subject."""
    if _FEDERAL_SUBJECT.search(subject) or _MORE_FEDERAL_NAMES.search(subject) or not _NAMED_SUBJECT.search(subject):
        return None
    if _STATE_LOCAL_CUE.search(subject) or _LOCAL_NAME.search(subject):
        return SOURCE_STATE_LOCAL
    return SOURCE_FOREIGN if _FOREIGN_CUE.search(subject) else SOURCE_PRIVATE


# "TWC has now committed to invest $15 million", "Hyundai Hope On Wheels awards nearly $15 million", "Brown will pay
# $50 million", "Australia announced its intention to provide $13 million": a named giver that is not the government
# gives its own money now, unless the sentence looks back ("since 2021", "has invested", "to date").
_PLEDGES_VERB_BEFORE = _rx(
    r"\b(?:(?:has|have)\s+(?:also\s+|now\s+|jointly\s+)?(?:committed|pledged)(?:\s+to\s+(?:invest|provide|contribute|give|donate"
    r"|spend|raise)(?:\s+and\s+grant)?)?|will\s+(?:also\s+)?(?:invest|pay|give|donate|contribute|provide|commit|spend|award)"
    r"|(?:is|are)\s+(?:also\s+)?(?:committing|pledging|donating|contributing|directing|awarding)|commits|pledges|donates"
    r"|awards|announced\s+(?:its|their)\s+intention\s+to\s+provide)\s+(?:an?\s+(?:new\s+|combined\s+)?)?"
    + _SIZE_WORDS + r"$")


_SINCE_THE_LAST = _rx(r"\bsince\s+the\s+(?:last|previous|first)\b")
# "$5 billion in HOME-ARP funds": federal money passed on, whoever spends it.
_FEDERAL_FUNDS_AFTER = _rx(r"^\W*(?:[\w-]+\s+){0,3}?(?:in|of|from)\s+(?:[\w-]+\s+){0,2}?(?:\w+-)?(?:ARP|American\s+Rescue\s+Plan|federal"
                           r"|Bipartisan\s+Infrastructure|Inflation\s+Reduction|CHIPS)\b")


# The giving is still to come: "will give", "is committing", "commits", "has committed to invest" (not a bare "has
# committed $5 million", which a sheet reporting progress uses for money given before).
_PLEDGES_AHEAD = _rx(r"\b(?:will|is|are|commits|pledges|donates|awards|announced)\b|\bto\s+\w+(?:\s+and\s+\w+)?\s+" + _SIZE_WORDS + r"$")


def named_giver_pledges(before: str, after: str, sentence: str) -> tuple[str, bool] | None:
    """Whose pledge a figure is, when a name that is not the government's is the subject of a verb of giving now, and
    whether the verb says the giving is still to come."""
    verb = _PLEDGES_VERB_BEFORE.search(before[-160:])
    if verb is None or _BACKGROUND_CUE.search(sentence) or _SINCE_THE_LAST.search(sentence) or _FEDERAL_FUNDS_AFTER.match(after):
        return None
    start = len(before) - len(before[-160:]) + verb.start()
    subject = before[max(before.rfind(". ", 0, start), before.rfind("; ", 0, start), before.rfind(": ", 0, start), 0):start]
    giver = _giver_named(subject)
    return None if giver is None else (giver, _PLEDGES_AHEAD.search(verb.group(0)) is not None)


# "$37 million in federal funds", "$30 million in funding from the U.S. Department of Energy", "a new multi-year U.S.
# contribution of up to $100 million", "the United States is providing $15 million": the government's own money, however
# many partners the sentence also names.
_FEDERAL_MONEY_AFTER = _rx(r"^\W*(?:in\s+)?(?:(?:new\s+|additional\s+)?federal\s+(?:funds|funding|grants|dollars)\b"
                           r"|(?:in\s+)?(?:funding|financing|grants?)\s+from\s+the\s+(?:U\.S\.|United\s+States)\s+(?!private)"
                           r"(?:government|Department|Agency|International|Trade|Development))")
_FEDERAL_MONEY_BEFORE = _rx(r"(?:\b(?:U\.S\.|United\s+States|USG)\s+(?:government\s+)?(?:contribution|commitment|funding"
                            r"|investment|assistance)\s+of|\bthe\s+United\s+States\s+(?:is|will\s+be)\s+providing)\s+"
                            + _SIZE_WORDS + r"$")


def says_federal_money(before: str, after: str) -> bool:
    """The words right at a figure say it is the US government's money."""
    return bool(_FEDERAL_MONEY_AFTER.match(after[:80]) or _FEDERAL_MONEY_BEFORE.search(before[-80:]))


# ---- which kind of not-money, from the words right at the figure (read after both models) ----

# "a family of 3 earning $46,000", "families making up to $200,000", "incomes up to $125,000", "raised the family
# income limit to $170,000", "those borrowing $12,000 or less": a line drawn on what people earn or owe.
_EARNS_BEFORE = _rx(r"(?:\b(?:earn(?:s|ing)?|borrowing|took\s+out)\s+(?:a\s+combined\s+)?"
                    r"|\b(?:earn(?:s|ing|ed)?|ma(?:de|kes?|king))\s+(?:a\s+combined\s+|(?:less|more)\s+than\s+|under\s+|below\s+"
                    r"|above\s+|up\s+to\s+)"
                    r"|\bincomes?(?:\s+limit)?\s+(?:of\s+|up\s+to\s+|to\s+|below\s+|under\s+|above\s+|over\s+|less\s+than\s+))$")
_HOURLY_AFTER = _rx(r"^\s*(?:per|an|/)\s*hour\b")
# "price cut from $202 to $30", "will be discounted from $458 to $51", "fall from $1,000 and $1,349 to …": a price said
# before and after a change.
_PRICE_CHANGE = _rx(r"\b(?:price|prices|cost|costs|discounted|cut|drop|fall|falls|fell|lowered|reduced)\b[^.;$]{0,40}"
                    r"\bfrom\s+\$")
# Where the figure stands in "from $X to $Y": the price before ("from $202", "from $1,000 and $1,349") or after it
# ("… to $30", "to an average price of $350").
_PRICE_BEFORE_CHANGE = re.compile(r"^\s*(?:per\s+\w+\s+|a\s+(?:month|year)\s+)?to\s+")
_PRICE_AFTER_CHANGE = re.compile(r"\bfrom\s+$|\bfrom\s+\$[\d,.]+\s+(?:and|or)\s+$"
                          r"|\bfrom\s+\$[^;.]{0,40}\bto\s+(?:an?\s+average\s+(?:price\s+)?of\s+)?$")


# "an estimated $109 billion", "aims to mobilize $70 million", "its stated target of mobilizing $1 billion", "catalyze
# roughly $2 billion in private funding": money hoped for or projected, not given.
_HOPED_FOR_BEFORE = _rx(r"\b(?:an\s+estimated|projected|(?:aims?|aiming|seeks?|seeking|hopes?)\s+to\s+(?:pool|mobilize|raise|catalyze"
                        r"|unlock|leverage|attract)|(?:target|goal)\s+of\s+(?:mobilizing\s+|raising\s+)?|catalyze|mobilize)\s+"
                        + _SIZE_WORDS + r"(?:roughly\s+)?$")


# "$62.6 billion in new two-way trade", "the $90 billion textile industry", "costs America $280 billion", "imported $274
# million", "over $30 billion in assets": a fact about the economy, not money given before.
_FACT_AFTER = _rx(r"^\W*(?:(?:in|of)\s+(?:new\s+|annual\s+|total\s+)?(?:two-way\s+|bilateral\s+)?(?:trade|exports?|imports?"
                  r"|assets|losses|damages)\b(?!\s+(?:finance|financing|promotion|capacity))|(?!in\b|to\b|for\b)(?:[\w-]+\s+)?"
                  r"(?:industry|market)\b)")
_FACT_BEFORE = _rx(r"\b(?:imported|exported|costs?\s+(?:America|Americans|the\s+(?:U\.S\.|country|economy|nation))"
                   r"|trade\s+(?:surplus|deficit)\s+of)\s+" + _SIZE_WORDS + r"$")


def names_not_money_kind(before: str, after: str, sentence: str) -> str | None:
    """Which kind of not-money the words right at a figure say it is: an income line, a price that changes, money
    hoped for, or a fact about the economy."""
    if _EARNS_BEFORE.search(before[-60:]) and not _HOURLY_AFTER.match(after):
        return KIND_THRESHOLD  # not a wage ("will earn at least $15 per hour")
    if _PRICE_CHANGE.search(sentence) and (_PRICE_BEFORE_CHANGE.match(after) or _PRICE_AFTER_CHANGE.search(before)):
        return KIND_PRICE
    if _HOPED_FOR_BEFORE.search(before[-80:]):
        return KIND_ESTIMATE
    if _FACT_AFTER.match(after[:60]) or _FACT_BEFORE.search(before[-60:]):
        return KIND_STATISTIC
    return None


_OUTCOME_BEFORE = _rx(r"\b(?:generated|generating|led\s+to|resulted\s+in|resulting\s+in|backlog\s+(?:of|was|is|grew\s+to"
                      r"|reached|stood\s+at)|won\s+an?|launder(?:ed|ing)?|seizures\s+of)\s+" + _SIZE_WORDS + r"$")
_OUTCOME_AFTER = _rx(r"^\W*(?:in\s+(?:new\s+)?(?:export\s+)?(?:sales|revenues?|exports)\b|in\s+(?:loan\s+volume\s+)?outstanding"
                     r"|judg(?:e)?ment\b|in\s+seizures\b)")
# "has generated more than $1.2 billion in commitments", "led to $7.1 billion in financing": money raised is money
# given (before or now), whatever verb brought it.
_MONEY_RAISED_AFTER = _rx(r"^\W*in\s+(?:new\s+)?(?:[\w.-]+\s+){0,3}?(?:commitments?|investments?|financing|funding|grants?"
                          r"|loans?|capital|pledges?)\b")


def _classify_in_sheet(before: str, after: str, clause: str, sentence: str, amount: float, qualifier: str | None,
                       retrospective: bool, when: dt.date | None, title: str) -> Role:
    role = _classify(before, after, clause, sentence, amount, qualifier)
    if role.kind == KIND_REQUEST and amount < SMALLEST_REQUEST:
        # "limits cost-sharing … to no more than $2", "even $30 is too much for some families": no budget
        # asks Congress for a few dollars; a small sum in a sentence that asks is a price or a cap.
        return Role(KIND_PRICE if _PRICE_CUE.search(sentence) else KIND_PER_UNIT, None)
    if role.kind == KIND_NEW and (_DEALS_BEFORE.search(before[-60:]) or _DEALS_AFTER.match(after[:60])):
        # "announced over $200 billion in commercial deals", "economic deals totaling $243.5 billion":
        # the money of a deal is the other side's pledge, whoever announces it.
        return Role(KIND_COMMITMENT, SOURCE_FOREIGN if _FOREIGN_CUE.search(sentence) or _FOREIGN_CUE.search(title)
                    else SOURCE_PRIVATE)
    if role.kind in MONEY_KINDS and (_TAKEN_BEFORE.search(before[-80:]) or _TAKEN_AFTER.match(after[:60])):
        # "the Task Force has seized over $500 million in assets", "Columbia will pay the United States $200 million
        # to settle claims", "penalties and forfeitures of over $1 billion": money taken in, not money provided.
        return Role(KIND_STATISTIC, None)
    if (role.kind in (KIND_ESTIMATE, KIND_STATISTIC) and _DONE_BEFORE.search(before[-60:])
            and not _ANNOUNCED_NOW.search(sentence) and not _FUTURE.search(before[-60:])):
        # "The Administration mobilized over $2 billion …", "La Margarita also received $205,000 …":
        # money already given or brought in, whatever the rest of the sentence says it did.
        return Role(KIND_BACKGROUND, None)
    if role.kind in MONEY_KINDS and (_OTHERS_PLAN.search(sentence) or _LONG_AGO.search(sentence)
                                     or _past_span(sentence, when) or _dated_before(before[-120:], when)
                                     or _dated_after(after, when) or _past_fiscal_year(after, when)
                                     or _past_fiscal_year_before(before[-240:], when)):
        return Role(KIND_BACKGROUND, role.source)
    if role.kind in (KIND_NEW, KIND_COMMITMENT) and _month_before(before[-120:], when):
        # A request dated earlier is a request said again, a matter of the request's own rules.
        return Role(KIND_BACKGROUND, role.source)
    if role.kind in MONEY_KINDS and retrospective and _REPORT_OF.search(before[-60:]):
        return Role(KIND_BACKGROUND, role.source)
    if role.kind == KIND_REQUEST and retrospective and not (_ASKED.search(sentence) or _ANNOUNCED_NOW.search(sentence)):
        # In a sheet that looks back a request is one made before, as money is money given before,
        # unless the sentence asks for it in so many words or says it is made now.
        return Role(KIND_BACKGROUND, role.source)
    if role.kind in (KIND_NEW, KIND_COMMITMENT) and amount > LARGEST_MONEY_PROVIDED:
        return Role(KIND_STATISTIC, None)  # "$30 trillion of global output", "an $18 trillion market"
    if role.kind in (KIND_NEW, KIND_COMMITMENT) and amount >= 1e11 and _YEARLY_FLOW.match(after):
        return Role(KIND_STATISTIC, None)  # "pays roughly $1.5 trillion a year into the health care system"
    if role.kind in MONEY_KINDS and _PRAISED.search(before[-90:]) and not _ANNOUNCED_NOW.search(sentence):
        return Role(KIND_BACKGROUND, role.source)  # "The Leaders applauded DFC's $50 million loan": done before
    if role.kind in MONEY_KINDS and _HOLDS_BEFORE.search(before[-40:]):
        return Role(KIND_BACKGROUND, role.source)  # "EXIM currently has over $7 billion in exposure": a stock held
    found = _BACKGROUND_BEFORE.search(before[-110:]) if role.kind in MONEY_KINDS else None
    if found is not None and not _THEN_GIVES.search(found.group()):
        return Role(KIND_BACKGROUND, role.source)
    if role.kind in (KIND_NEW, KIND_COMMITMENT) and not _ANNOUNCED_NOW.search(sentence):
        past = _PAST_MONEY_VERB.search(before[-90:]) if role.kind == KIND_NEW else None
        if past is not None and (_PRESIDENT_SAID.search(before[-90:][:past.start()])
                                 or _PRESENT_PASSIVE.search(before[-90:][:past.start()])):
            past = None  # "President Trump announced …" is the day's news; "are funded by" is not past
        # A sheet that says it reports on what was done ("Six Months After …") reads "will provide" as
        # its programs' standing money; one whose title merely announces nothing reads money a sentence
        # says is coming as new, unless the sentence also dates it earlier ("previously announced that
        # it expects to invest").
        looking_back = retrospective and (only_reports_progress(title) or not (_GIVES_LATER.search(before[-80:])
                                                                           or _GIVES_NOW.search(before[-80:]))
                                          or bool(_BACKGROUND_CUE.search(sentence) and not _TODAY.search(sentence)))
        # Unless the sentence says its money is still to come, or calls it new (counted from no past point,
        # in a sheet that does not only report progress).
        said_new = _says_coming(before, after) or (_calls_new(after) and not only_reports_progress(title)
                                                  and not _SINCE.search(sentence))
        if (looking_back or (past is not None and not _FUTURE.search(before[-90:]))) and not said_new:
            return Role(KIND_BACKGROUND, role.source)
        if role.kind == KIND_NEW and _old_law(sentence, when) and not _WILL_GIVE.search(before[-60:]):
            return Role(KIND_BACKGROUND, role.source)
        if role.kind == KIND_NEW and _holds_its_money(before[-80:], after, sentence, when):
            # "The Bipartisan Infrastructure Law will invest $65 billion in broadband", "The Mega program will
            # invest a total of $5 billion through 2026": what a law or a program holds, not money given today.
            return Role(KIND_BACKGROUND, role.source)
    if role.kind in MONEY_KINDS and _LOSES.search(before[-70:]):
        return Role(KIND_ESTIMATE, None)  # "would stand to lose nearly $5.2 billion in funding": a loss, not money given
    if role.kind in MONEY_KINDS and _DRAWN_FROM.search(before[-60:]):
        # "is announcing the first $343 million of $1.75 billion that will be awarded", "has obligated over $6 billion out
        # of $9.5 billion approved": the larger sum a part is drawn from is the programme's money, not the news.
        return Role(KIND_BACKGROUND, role.source)
    if role.kind in MONEY_KINDS and _CUT_BY.search(before[-70:]):
        return Role(KIND_ESTIMATE, None)  # "The Budget cuts federal spending by $200 billion": a change, not money
    if role.kind in MONEY_KINDS and _DEBT_RELIEVED.match(after[:60]):
        # The debt written off, not money given; relief the sentence reports as done is earlier money.
        done = _BACKGROUND_CUE.search(sentence) and not _TODAY.search(sentence)
        return Role(KIND_BACKGROUND, None) if done else Role(KIND_ESTIMATE, None)
    return role


_TAKEN_BEFORE = _rx(
    r"\b(?:seiz(?:e|es|ed|ing)|forfeit(?:s|ed|ing)?|recovered|clawed\s+back|collected)\s+(?:\w+\s+){0,3}?"
    + _SIZE_WORDS + r"$"
    r"|\bpa(?:y|ys|id|ying)\s+(?:the\s+)?(?:United\s+States|U\.S\.|(?:federal\s+)?government|Treasury)\s+" + _SIZE_WORDS + r"$"
    r"|\b(?:penalt(?:y|ies)|fines|forfeitures?|restitution|damages|settlements?)\s+(?:of|totaling|totalling|worth)\s+"
    + _SIZE_WORDS + r"$")
_TAKEN_AFTER = _rx(r"^\W*(?:\w+\s+){0,3}?(?:to\s+settle\b|in\s+(?:civil\s+|criminal\s+)?(?:penalties|fines|restitution"
                   r"|damages|forfeitures?)\b|(?:in\s+)?(?:seized|forfeited)\s+assets\b)")
_DEALS_BEFORE = _rx(r"\b(?:deals?|agreements?|exchange)\s+(?:totaling|totalling|worth|valued\s+at)\s+(?:(?:at\s+least"
                   r"|more\s+than|over|nearly|almost|approximately|about|roughly|up\s+to)\s+)?$")
_DEALS_AFTER = _rx(r"^\s*(?:in|of)\s+(?:new\s+)?(?:commercial|economic|business|trade|investment|bilateral)?\s*"
                   r"(?:deals?|agreements?)\b")


# Money a sentence applauds or commends was given before: "The Leaders applauded DFC's $50 million loan".
_PRAISED = _rx(r"\b(?:applaud|commend|congratulat|prais|laud|hail)\w*\b[^.;$]{0,80}$")
# What someone holds now, not what it gives: "currently has over $7 billion in exposure", "has a total of
# $45 million in active financial operations".
_HOLDS_BEFORE = _rx(r"\b(?:currently\s+|now\s+)?(?:has|have|holds?)\s+(?:a\s+(?:total|portfolio)\s+of\s+)?$")


# "builds on the Bipartisan Infrastructure Law by providing $2.8 billion", "builds on … to include
# $2.3 billion": what the sentence builds on is earlier money; the figure after a new verb is not.
_THEN_GIVES = _rx(r"\b(?:by|with|while|and)\s+(?:also\s+)?(?:provid|invest|award|fund|includ|deliver|allocat|commit"
                  r"|add|request|propos|launch|announc|mak)\w*\b|\bto\s+(?:also\s+)?(?:include|provide|invest|fund"
                  r"|deliver|allocate|commit|add|request|propose|launch)\b")
_DONE_BEFORE = _rx(
    r"\b(?:provided|received|mobilized|generated|delivered|invested|awarded|leveraged|secured|raised|granted"
    r"|disbursed|distributed|allocated|obligated|spent|unlocked|attracted|catalyzed)\s+(?:\w+\s+){0,3}?"
    r"(?:(?:a\s+total\s+of|nearly|over|more\s+than|about|almost|approximately|roughly|at\s+least)\s+)?$"
)
# "The Army Corps of Engineers will spend $70 million": money a sentence says is coming.
_WILL_GIVE = _rx(r"\bwill\s+(?:also\s+)?(?:spend|provide|invest|award|fund|make|deliver|allocate|commit|contribute|"
                 r"donate|give|devote|dedicate|direct|distribute|disburse|grant|lend|loan|receive)\b[^.;]{0,40}$")
# The same, in any of the ways English states the future: "Google plans to invest $1 billion", "USAID intends to
# provide $2.72 million", "DOT will release a $4.2 million funding opportunity". In a sheet that looks back this
# is the sheet's news; a law's money recipients "plan to spend" is still the law's (``_old_law`` reads "will" only).
_GIVES_LATER = _rx(r"\b(?:will|plans?\s+to|intends?\s+to|(?:is|are)\s+(?:set|going|expected)\s+to|expects?\s+to)\s+"
                   r"(?:also\s+|soon\s+)?(?:spend|provide|invest|award|fund|make|deliver|allocate|commit|contribute|donate"
                   r"|give|devote|dedicate|direct|distribute|disburse|grant|lend|loan|receive|launch|deploy|offer|release"
                   r"|open)\b[^.;]{0,40}$")
# Money a named giver is giving as the sheet speaks: "USAID is investing $2.8 million", "DFC is providing a $200
# million loan", "the Fish and Wildlife Service is distributing over $56 million". In a sheet whose title announces
# nothing this is the sheet's news, as money said to be coming is (``_GIVES_LATER``); a sheet that reports progress
# keeps reading it as its programs' standing money.
_GIVES_NOW = _rx(r"\bis\s+(?:also\s+|now\s+|newly\s+)?(?:providing|investing|awarding|distributing|launching"
                 r"|allocating|funding|granting|lending|releasing|committing|contributing|deploying|delivering"
                 r"|making)\b[^.;]{0,40}$")
# The counted stage's bar (``_funding._apply_counted_stage``): money a sentence says is being given or asked for ("The
# State Department will provide $20 million", "The President will announce $130 million", "HHS is funding $9 million in
# new grants", "The Administration is also requesting $2 billion", "the supplemental
# funding request includes $1.2 billion", "The FY24 budget requests $1 billion", "a supplemental funding request of
# $8 billion") stays in the totals whatever the stage reads. Trained on many short sheets without money, the stage learned that a short sheet's last
# figure is seldom new money, and it cannot tell those from a short sheet that gives some. Wider than ``_GIVES_LATER``
# and ``_GIVES_NOW`` (a request, "will use"), as the stage's guard, not a reading of the kind.
_GIVEN_NOW_REACH = 60
_GIVEN_NOW = _rx(r"\b(?:will\s+(?:also\s+)?(?:provide|invest|award|fund|make\s+available|deliver|commit|use|spend|dedicate"
                 r"|allocate|announce|send|contribute)|(?:is|are)\s+(?:also\s+)?(?:requesting|providing|investing|awarding"
                 r"|announcing|committing|funding|launching|contributing|dedicating|allocating)"
                 r"|(?:budget|supplemental|request)\s+(?:also\s+)?(?:requests|includes)|request\s+(?:of|for)(?=\s+\S*$)"
                 r"|intends?\s+to\s+request|request\s+to\s+Congress\s+for)\b")


# The sentence calls its money new or says it is still to come, whatever the sheet's title or a past verb suggest:
# "DFC announced $358 million of new investments", "HHS is providing $8.5 billion … in the coming weeks", "NOAA will
# later this week launch a first-ever $575 million Challenge", "announced its intent to provide $12 million", "will
# launch the … Initiative, devoting $42 million", "is creating a new Rural Energy Pilot Program with $10 million".
_NEW_AFTER = _rx(r"^\s*(?:in|of)\s+new\b")
_COMING_BEFORE = _rx(r"(?:\bin\s+the\s+(?:coming|next\s+few)\s+(?:days|weeks|months)|\blater\s+this\s+(?:week|month))[^.;]{0,60}$")
_COMING_AFTER = _rx(r"^[^.;,]{0,60}?(?:\bin\s+the\s+(?:coming|next\s+few)\s+(?:days|weeks|months)\b"
                    r"|\blater\s+this\s+(?:week|month)\b)")
_MEANS_TO_GIVE = _rx(
    r"\b(?:(?:its|the|an|their)\s+intent(?:ion)?\s+to|on\s+track\s+to|partnering\s+to)\s+(?:also\s+)?(?:provide|invest"
    r"|allocate|award|make\s+available|deliver|fund|contribute|launch)\b[^.;]{0,40}$"
    r"|\b(?:will|plans?\s+to|intends?\s+to)\s+(?:also\s+)?(?:launch|create|establish|start|stand\s+up)\b[^.;]{0,140}?"
    r"(?:,\s*|\s+)(?:devoting|providing|investing|committing|dedicating|with\s+(?:an?\s+)?(?:initial\s+|additional\s+"
    r"|total\s+)?(?:investment|funding|commitment|budget)\s+of)\s+" + _SIZE_WORDS + r"$"
    r"|\b(?:is|are)\s+(?:also\s+)?(?:creating|launching|establishing)\s+(?:a|an)\s+new\b[^.;]{0,100}\s+with\s+"
    + _SIZE_WORDS + r"$")


# "Since the United States announced $215 million in new funding …", "Since President Biden took office, the private
# sector has committed over $100 billion in new …": money counted from a past point is earlier money, new or not.
_SINCE = _rx(r"\bsince\b")


def _calls_new(after: str) -> bool:
    """The words after a figure call it new money ("$358 million of new investments"); in a sheet that only reports
    progress, or counted from a past point ("since"), that is new when it was given, and the caller says so."""
    return bool(_NEW_AFTER.match(after))


def _says_coming(before: str, after: str) -> bool:
    """The words around a figure say the money is still to come: not money of before, whatever the sheet's title."""
    return bool(_COMING_BEFORE.search(before[-120:]) or _COMING_AFTER.match(after) or _MEANS_TO_GIVE.search(before[-240:]))


def says_given_now(before: str) -> bool:
    """The words before a figure say the money is being given or asked for now, or will be."""
    return bool(_GIVEN_NOW.search(before[-_GIVEN_NOW_REACH:]))


_PRESENT_PASSIVE = _rx(r"\b(?:is|are|will\s+be|to\s+be|being|be)\s+(?:\w+\s+)?$")
_PRESIDENT_SAID = _rx(r"\b(?:President|Vice\s+President)(?:\s+[\w.'’-]+){0,3}\s+(?:also\s+|has\s+|have\s+)?$")
_FUTURE = _rx(r"\bwill\b|\bto\s+be\b|\bplans?\s+to\b|\bintends?\s+to\b")


def _classify(before: str, after: str, clause: str, sentence: str, amount: float, qualifier: str | None) -> Role:
    near_before, near_after = _near(before, after)
    small = amount < SMALL
    per_after = bool(_PER_AFTER.match(near_after))
    rate_after = bool(_TIME_RATE_AFTER.match(near_after))
    # ---- not money provided: the tightest cues first -------------------------------------------
    if _INCREASE_BEFORE.search(near_before[-30:]) or _BACKGROUND_NEAR.match(near_after):
        return Role(KIND_BACKGROUND, None)
    if _AN_BEFORE.search(near_before[-6:]) and _CHANGE_AFTER.match(near_after):
        return Role(KIND_BACKGROUND, None)  # "$717 million, an $86 million increase": the change from an earlier level
    if _THRESHOLD_BEFORE.search(near_before[-45:]) and (small or _THRESHOLD_CUE.search(near_before)):
        return Role(KIND_THRESHOLD, None)
    if _ABOVE_LINE.search(near_before[-40:]):
        return Role(KIND_THRESHOLD, None)
    line = _LINE_BEFORE.search(near_before[-40:])
    if line is not None and (qualifier in _OVER or line.group().rstrip().endswith(_OVER)) and _LINE_CUE.search(sentence):
        return Role(KIND_THRESHOLD, None)
    if _EACH_AFTER.match(near_after) or _EACH_BEFORE.search(near_before[-60:]):
        return Role(KIND_PER_UNIT, None)
    if _MEASURED_AT.search(near_before[-40:]):
        return Role(KIND_STATISTIC, None)
    if small and _SAVING_BEFORE.search(near_before[-50:]):
        # "saving an average of $800 per year", "annual savings of nearly $1,400": what someone
        # saves, never a price, whatever the drug or premium the sentence names.
        projected = _PROJECTED.search(near_before[-50:])
        return Role(KIND_PER_UNIT if per_after and not projected else KIND_ESTIMATE, None)
    if small and (per_after or (rate_after and small)):
        return Role(KIND_PRICE if _PRICE_CUE.search(clause) else KIND_PER_UNIT, None)
    if small and _PRICE_CUE.search(near_before + " " + near_after):
        return Role(KIND_PRICE, None)
    if small and (qualifier in ("up to", "as much as") or _PER_UNIT_CUE.search(clause)):
        return Role(KIND_PER_UNIT, None)
    # "will invest $6B to spur …", "$500 million to lower energy costs": what follows "to" is
    # the money's purpose; an effect named there does not make the money an estimate.
    near = near_before[-45:] + " " + near_after[:45]
    # Likewise money that "will mobilize billions more" is the lever, not the money levered.
    cuts = [found.start() for found in (_PURPOSE_AFTER.search(near_after[:45]), _LEVERAGE.search(near_after[:45]))
            if found is not None]
    if cuts and _role_in(near) in (_ESTIMATE, _STATISTIC):
        near = near_before[-45:] + " " + near_after[:min(cuts)]
    # Who gives is read from the giver's whole name, where the window cuts one.
    giver = _with_whole_name(before, 45) + near[len(near_before[-45:]):]
    if (not small and _VALUED_BEFORE.search(near_before[-30:]) and _PURCHASE.search(clause)
            and not _DONE_DEAL.search(clause)):
        # "Korean Air will purchase 103 Boeing aircraft valued at $36.2 billion": the value of a
        # purchase someone commits to is their commitment, not a statistic.
        return Role(KIND_COMMITMENT, _commitment_source(clause) or SOURCE_PRIVATE)
    for scope in (near, clause, sentence):
        role = _role_in(scope, giver) if scope is near else _role_in(scope)
        if role is not None:
            return role
        if scope is near and not small:
            # "… is announcing over $560 million in new funding …": a verb of giving right before
            # the figure decides, whatever the rest of the sentence says.
            giving = _GIVING_VERB.search(near_before[-45:])
            if giving is not None:
                source = _commitment_source(before[-200:] + " " + near_after[:45]) or _committed_by(near_after)
                if source is not None:
                    return Role(KIND_COMMITMENT, source)
                if _BUDGET_GIVES.search(before[:giving.start() + len(before) - len(near_before[-45:])]):
                    # "The Budget builds on … by providing $2.8 billion": the budget gives, so it is asked for
                    return Role(KIND_REQUEST, SOURCE_FEDERAL, supplemental=bool(_SUPPLEMENTAL.search(sentence)))
                return Role(KIND_NEW, SOURCE_FEDERAL)
            if _PURCHASE.search(clause):
                return Role(KIND_COMMITMENT, _commitment_source(clause) or SOURCE_PRIVATE)
    if small:
        return Role(KIND_PER_UNIT if _PER_UNIT_CUE.search(sentence) else KIND_UNCLEAR, None)
    if _MONEY_VERB.search(sentence):
        return Role(KIND_NEW, SOURCE_FEDERAL)
    return Role(KIND_UNCLEAR, None)


# A word of a proper name: a capitalised word, an acronym in brackets, or a small word inside a name.
_NAME_WORD = r"(?:[A-Z][\w.&'’-]*|\([A-Z][\w.&-]*\)|of|and|for|on|the|&)"
# The words of a proper name, ending where a window of text begins: "the U.S. International Development",
# "the Department of Health and Human Services (HHS)".
_NAME_TAIL = re.compile(rf"(?:{_NAME_WORD}\s+){{1,12}}$")


def _with_whole_name(before: str, width: int) -> str:
    """The last ``width`` characters of ``before``, reaching back to the start of a name the window
    would cut: who gives the money is read from the giver's whole name ("… Department of Health and
    Human Services will invest" is the government, not a company named "Health")."""
    start = len(before) - width
    if start <= 0:
        return before
    while start > 0 and not before[start - 1].isspace():
        start -= 1  # the start of the word the window cuts
    first = before[start:].split(None, 1)
    if not first or not (first[0][:1].isupper() or first[0] in ("of", "and", "for", "&")):
        return before[-width:]
    found = _NAME_TAIL.search(before[max(0, start - 80):start])
    return before[start - len(found.group()) if found else start:]


def _committed_by(after: str) -> str | None:
    """"announcing more than $900 million in commitments by governments, private sector companies
    …": the money is others' commitment, whoever announces it."""
    if _PRIVATE_PLEDGES.match(after):
        return SOURCE_PRIVATE
    found = _COMMITMENTS_BY.match(after)
    if found is None:
        return None
    givers = after[found.end():found.end() + 80]
    for cue, source in ((_PRIVATE_CUE, SOURCE_PRIVATE), (_FOREIGN_CUE, SOURCE_FOREIGN),
                        (_STATE_LOCAL_CUE, SOURCE_STATE_LOCAL)):
        if cue.search(givers):
            return source
    return None


# "announced more than $1.9 billion in new private sector commitments": the noun the figure
# measures names the givers, whoever announces them.
_PRIVATE_PLEDGES = _rx(r"^\s*(?:in\s+)?(?:new\s+|additional\s+)?(?:private(?:[- ]sector)?|philanthropic|corporate)\s+"
                       r"(?:sector\s+)?(?:commitments?|pledges?|contributions?|investments?|capital|funding|financing)\b")
_COMMITMENTS_BY = _rx(r"^\s*(?:in\s+)?(?:new\s+)?(?:private\s+)?(?:commitments?|pledges?|contributions?|investments?)"
                      r"\s+(?:by|from)\s+")
_SAVING_BEFORE = _rx(r"\bsav(?:e|es|ed|ing|ings)\b(?:\s+(?:of|by|an?|average|averaging|up|to|more|than|over|nearly|about"
                     r"|around|roughly|approximately|at|least|as|much|families|seniors|consumers|patients|people|them"
                     r"|americans|households|enrollees|beneficiaries|borrowers|each|per|year|annually|on|average))*\s*$")
_ESTIMATE = Role(KIND_ESTIMATE, None)
_STATISTIC = Role(KIND_STATISTIC, None)
_PROJECTED = _rx(r"\b(?:projected|estimated|expected|could|would|stand\s+to)\b")
_PURPOSE_AFTER = _rx(r"\s(?:to|in\s+order\s+to)\s+(?:help\s+)?(?!the\s+(?:deficit|debt|economy)\b|\$|\d)")
_VALUED_BEFORE = _rx(r"\b(?:valued\s+at|worth|totaling|totalling|with\s+a\s+(?:total\s+)?value\s+of)\s+"
                     r"(?:(?:about|approximately|nearly|over|more\s+than|up\s+to|roughly|around|almost|an\s+estimated)\s+)?$")
_DONE_DEAL = _rx(r"\b(?:closed|completed|signed|finalized|purchased|bought|ordered)\b|\b(?:has|have|had)\s+(?:been\s+)?\w+ed\b")


@lru_cache(maxsize=2048)
def _role_in(scope: str, giver: str | None = None) -> Role | None:
    """The kind a stretch of text names for the figure, or None when it names none; a giver other
    than the government is not read from a name ``giver`` (the same stretch, reaching back to the
    start of a name it cuts) shows to be the government's. Cached: the figures of one sentence
    share their sentence (and often their clause) as scope."""
    if _OTHERS_PLAN.search(scope):
        return Role(KIND_BACKGROUND, None)
    if _ESTIMATE_CUE.search(scope):
        if _DONE_EFFECT.search(scope) and _BACKGROUND_CUE.search(scope) and not _TODAY.search(scope):
            return Role(KIND_BACKGROUND, None)  # "since 2021 … has helped spur $500 billion": done, not expected
        return Role(KIND_ESTIMATE, None)
    leverage = _LEVERAGE.search(scope)
    if leverage is not None and not _COMMITTED_TO.search(scope[:leverage.start()]):
        if _BACKGROUND_CUE.search(scope) and not _TODAY.search(scope):
            return Role(KIND_BACKGROUND, None)  # "has mobilized $1 billion": done, not expected
        return Role(KIND_ESTIMATE, None)
    if _REQUEST_CUE.search(_ENACTED_SUPPLEMENTAL.sub(" ", scope)) and not _ENACTED_CUE.search(scope):
        if _earlier_than_request(scope) and not _TODAY.search(scope):
            return Role(KIND_BACKGROUND, None)
        return Role(KIND_REQUEST, SOURCE_FEDERAL, supplemental=bool(_SUPPLEMENTAL.search(scope)))
    if _BACKGROUND_CUE.search(scope) and not _TODAY.search(scope):
        return Role(KIND_BACKGROUND, None)
    commitment = _commitment_source(scope)
    if commitment is not None and giver is not None and _commitment_source(giver) is None:
        commitment = None  # the whole name is the government's: "the Department of Health … will invest"
    if commitment is not None:
        return Role(KIND_COMMITMENT, commitment)
    if _STATISTIC_CUE.search(scope) and not _GIVING_VERB.search(scope) and not _PURCHASE.search(scope):
        return Role(KIND_STATISTIC, None)
    return None


def _earlier_than_request(scope: str) -> bool:
    """A request sentence that also names earlier money. What a request "builds on" is earlier
    money, but the request itself is new ("The Budget builds on our investments to include over
    $2.3 billion"): that cue alone does not make the sentence's figure background."""
    return any(not _BUILDS_ON_CUE.fullmatch(found.group()) for found in _BACKGROUND_CUE.finditer(scope))


_BUILDS_ON_CUE = re.compile(r"(?i)builds?\s+on|building\s+on")


@lru_cache(maxsize=2048)
def _commitment_source(scope: str) -> str | None:
    """Who commits the money when the text names someone other than the US government as the one
    committing it: the name must come before the verb ("Japan will invest $X"), not after a
    preposition ("$X to invest in Japan")."""
    verb = _COMMIT_VERB.search(scope)
    if verb is None:
        return None
    subject = scope[:verb.start()]
    # A federal giver named in the verb's own clause is the giver, whatever a lead-in before a colon
    # names: "… to Make Homes More Energy Efficient: DOE announced".
    lead_in = max(subject.rfind(":"), subject.rfind(";"))
    if lead_in >= 0 and _FEDERAL_SUBJECT.search(subject, lead_in):
        subject = subject[lead_in + 1:]
    federal = _FEDERAL_SUBJECT.search(subject)
    for cue, source in ((_FOREIGN_CUE, SOURCE_FOREIGN), (_STATE_LOCAL_CUE, SOURCE_STATE_LOCAL),
                        (_PRIVATE_CUE, SOURCE_PRIVATE)):
        found = cue.search(subject)
        if found is None or _AFTER_PREPOSITION.search(subject[:found.start()]):
            continue
        if federal is None or found.start() < federal.start():
            if _in_federal_name(subject, found.start()):
                continue  # "the … Health Care Provider Protection Act": a word of a federal name
            return source
    # "Sysco will provide $500 million", "PUBLIX: Publix commits …": a named subject that is not
    # the government, with a verb of pledging.
    if federal is None and _PLEDGE_VERB.match(scope, verb.start()) and _NAMED_SUBJECT.search(subject):
        return SOURCE_PRIVATE
    return None


# The words that end the name of a part of the federal government or of a law.
_FEDERAL_HEAD = re.compile(r"Act|Law|Department|Office|Administration|Agency|Bureau|Service|Commission")
# A proper name's words: capitalised words and the small words inside a name.
_NAME_WORDS = re.compile(rf"{_NAME_WORD}(?:\s+|$)")


def _in_federal_name(subject: str, at: int) -> bool:
    """Whether the word at ``at`` is inside a name whose later words name the federal government
    ("Dr. Lorna Breen Health Care Provider Protection Act", "Health Resources and Services Administration")."""
    position = at
    while (word := _NAME_WORDS.match(subject, position)) is not None and word.end() > position:
        if position > at and _FEDERAL_HEAD.fullmatch(word.group().strip()):
            return True
        position = word.end()
    return False


_PLEDGE_VERB = _rx(r"commit|pledg|will\s+(?:also\s+)?(?:invest|provide|contribute|donate|fund|commit|raise|launch)"
                   r"|invests?\b|donat|contribut|(?:has|have)\s+(?:also\s+)?(?:committed|pledged)")
_NAMED_SUBJECT = re.compile(r"\b(?!(?:The|This|That|These|Those|It|In|Over|Today|Through|With|By|And|Also|Additionally"
                            r"|Further|Finally|As|To|For|On|At|Each|All|Both|New|First|Second)\b)[A-Z][\w&'’.-]+")


_AFTER_PREPOSITION = re.compile(r"(?i)\b(?:in|to|into|across|for|with|throughout|from)\s+(?:the\s+)?(?:\w+\s+){0,2}$")


def announced_now(sentence: str) -> bool:
    """The sentence says its money is announced today ("Today, X is announcing …")."""
    return bool(_ANNOUNCED_NOW.search(sentence))


# Asking for money that was asked for before and is still asked for: "continues to push for $5 billion",
# "is continuing to seek a historic $5.2 billion", "has repeatedly urged the Senate to enact".
_ASKED_AGAIN = _rx(r"\bcontinu(?:es|ing|e)\s+to\s+(?:seek|push|urge|call\s+(?:on|for)|ask|press|fight\s+for)\b"
                   r"|\brepeatedly\s+(?:urged|called|asked|pressed)\b|\bkeeps?\s+(?:pushing|calling|urging|asking)\b")


def asked_again(before: str) -> bool:
    """The words before a figure say it is still being asked for: a request made before, said again."""
    return bool(_ASKED_AGAIN.search(before[-100:]))


def names_proposal(clause: str, before: str, after: str) -> bool:
    """The figure's clause names a proposal ("The discretionary request provides $1 billion", "The President's
    FY22 budget proposal includes a $20 billion increase"): money read as background there is a proposal
    made before, said again, not money given earlier."""
    if _INCREASE_OVER_BEFORE.search(before[-40:]) or _INCREASE_OVER_AFTER.match(after):
        return False  # "an increase of $55 million over last year": a comparison, not the money asked for
    return bool(_PROPOSAL.search(clause)) and not _ENACTED_CUE.search(clause) and not _SUPPLEMENTAL.search(clause)


_INCREASE_OVER_BEFORE = _rx(r"(?:\bincrease\s+of|\b(?:increas|rais|boost|grow)\w*\b[^$]{0,80}?\bby)\s+"
                            r"(?:about\s+|nearly\s+|over\s+|more\s+than\s+|almost\s+|roughly\s+)?$")
_INCREASE_OVER_AFTER = _rx(r"\s*(?:million\s+|billion\s+)?(?:(?:increase|more)\s+(?:over|above|than|from|compared)"
                           r"|(?:relative\s+to|above|over)\s+(?:current|last\s+year|the\s+\d{4}|fy))\b")


# A proposal named as such: a request, a proposal, a President's or a fiscal year's budget, Congress asked; not a
# fiscal year alone (a law's money "in each fiscal year"), an omnibus, or a call for proposals.
_PROPOSAL = _rx(
    r"\brequest(?:s|ed)?\b(?!\s+for\s+(?:proposals|applications|information))|(?<!for\s)(?<!in\s)\bpropos(?:al|als|es|ed)\b"
    r"|\b(?:president['’]s|fy\s?(?:20)?\d\d|fiscal\s+year\s+(?:20)?\d\d)\s+(?:discretionary\s+)?budget\b"
    r"|\bbudget\s+(?:proposal|request)s?\b|\b(?:call(?:s|ed|ing)?\s+on|ask(?:s|ed|ing)?|urg(?:es|ed|ing))\s+congress\b"
)


def commitment_source(sentence: str) -> str | None:
    """Who other than the US government commits the money a sentence names, if it says so."""
    return _commitment_source(sentence)


def intro_role(text: str) -> Role | None:
    """What a sentence introducing a list with no amount of its own says its amounts are
    ("The Department is awarding grants to:", "Medicare spent the most on:"); None: it does not say."""
    role = _role_in(text)
    if role is not None:
        return role
    return Role(KIND_NEW, SOURCE_FEDERAL) if _MONEY_VERB.search(text) else None


# Names of givers other than the US government (foreign governments and banks; companies and
# foundations), for passes that compare who gives two figures.
FOREIGN_CUE = _FOREIGN_CUE
PRIVATE_CUE = _PRIVATE_CUE
