"""Everyday words for what the fact sheets call by their official names.

People ask about "toxic pipes", "rural internet" or "chip factories"; the sheets say "lead
service lines", "broadband" and "semiconductor manufacturing". This small hand-made table adds
the sheets' words to a question's topic. Added words count almost as much as the words typed (0.99,
see ``bot.query.answer``): a paraphrase is another way of saying the same thing, but a text holds the
whole topic only in the asker's own words, so a paraphrase can only help where those are not found.

The table was written from general knowledge of how US policy is talked about (and checked on
the development half of ``tests/data/ask_questions.toml``); ``docs/ask.md`` says why a bundled
embedding model did not earn its place instead.
"""

from __future__ import annotations

import re

# Phrases (folded, as regular expressions) → the sheets' words for them.
PHRASES: tuple[tuple[str, str], ...] = (
    (r"\btoxic (?:water )?pipes?\b|\bpoison(?:ed|ous)? pipes?\b|\blead lines?\b|\bold pipes?\b",
     "lead pipe service line replacement"),
    (r"\brural internet\b|\bhigh speed internet\b|\binternet access\b|\binternet for (?:every|all)\w*\b",
     "broadband bead high-speed internet"),
    (r"\binternet\b", "broadband"),
    (r"\bchip (?:factor(?:y|ies)|fabs?|plants?|makers?|manufactur\w*)\b|\bchip making\b|\bchipmak\w*",
     "semiconductor manufacturing fabs facility"),
    (r"\bchips?\b(?! act| and science)", "semiconductor semiconductors"),
    (r"\bbullet trains?\b|\bfast trains?\b|\bhigh speed trains?\b", "high-speed rail passenger"),
    (r"\bvegas to (?:la|los angeles)\b|\blas vegas to (?:la|los angeles)\b", "brightline west"),
    (r"\bforever chemicals?\b", "pfas"),
    (r"\bheat ?waves?\b", "extreme heat"),
    (r"\bhaggl\w*|\bbargain\w*", "negotiation"),
    (r"\bsuicide hotline\b|\bcrisis hotline\b|\bcrisis line\b", "988 lifeline crisis"),
    (r"\bburn pits?\b", "pact act toxic exposures"),
    (r"\b(?:electric car|ev|electric vehicle) charg\w*\b|\bcar chargers?\b", "ev charging electric vehicle chargers"),
    (r"\belectric cars?\b", "electric vehicles ev"),
    (r"\bsplit by highways?\b|\bdivided by highways?\b|\bhighways? (?:split|divid)\w*\b|\breconnect\w* neighborhoods?\b",
     "reconnecting communities divided transportation infrastructure"),
    (r"\bgreen(?:er)? building\w*(?: (?:rules?|codes?|standards?))?\b|\bbuilding energy rules?\b|\bclean buildings?\b",
     "building performance standards"),
    (r"\bfuel economy\b|\bmileage rules?\b|\bgas mileage\b", "corporate average fuel economy cafe standards"),
    (r"\bteacher shortages?\b|\bshortage of teachers\b", "teaching profession teacher shortages"),
    (r"\bstudent debt\b|\bstudent loans?\b", "student loan borrowers"),
    (r"\bfood stamps?\b", "snap nutrition"),
    (r"\bwildfires?\b|\bforest fires?\b", "wildfire"),
    (r"\bsolar panels?\b", "solar"),
    (r"\bwind farms?\b|\bwind power\b|\bwind energy\b", "offshore wind"),
    (r"\bpower lines?\b|\belectric grid\b|\bpower grid\b", "transmission grid"),
    (r"\bco ?ops?\b", "cooperatives"),
    (r"\bvets\b", "veterans"),
    (r"\bphilly\b", "philadelphia"),
    (r"\b(?:washington,? )?d\.? ?c\b(?! circuit)", "district columbia"),  # "dc", "d.c.": the sheets spell it out
    (r"\bgun violence\b|\bgun safety\b", "gun violence firearms"),
    (r"\bghost guns?\b", "ghost gun firearm"),
    (r"\bopioids?\b", "opioid overdose"),
    (r"\baddiction\b|\baddicts?\b", "substance use disorder overdose"),
    (r"\baddiction\b|\baddicts?\b", "drug"),
    (r"\bclean water\b|\bdrinking water\b", "water drinking wastewater infrastructure"),
    (r"\bsmall business(?:es)?\b", "small businesses"),
    (r"\bclimate jobs? corps\b", "american climate corps"),
    (r"\bkids\b|\bchildren\b", "children child"),
    (r"\bdrug prices?\b|\bprescription drugs?\b", "prescription drug prices medicare"),
    (r"\bhealth insurance\b", "health coverage affordable care act"),
    # "cheaper": the sheets say it one of three ways, each a reading of its own
    (r"\bcheap(?:er|est|r)?\b|\bless\s+expensive\b", "affordable"),
    (r"\bcheap(?:er|est|r)?\b|\bless\s+expensive\b", "lower costs"),
    (r"\bcheap(?:er|est|r)?\b|\bless\s+expensive\b", "prices"),
    (r"\bdata ?centers?\b", "datacenter data center"),
    (r"\bai\b", "artificial intelligence"),
    (r"\bexecutive orders?\b", "executive order"),
    (r"\bfuel\b", "fuel"),
    (r"\bplanes?\b|\bairplanes?\b", "aviation aircraft"),
    (r"\bjets?\b|\bjetliners?\b", "aircraft"),
    (r"\bweed ?killers?\b", "herbicides"),
    (r"\bbans?\b|\bbanned\b|\bbanning\b", "prohibit prohibition"),
    (r"\bcars?\b", "vehicles automakers"),
    (r"\bvisa\b", "visa immigration"),
    (r"\baid\b", "assistance"),
    (r"\bdeals?\b", "agreement"),
    (r"\bpacts?\b(?! act)", "agreement"),  # "the security pact with bahrain"; not the PACT Act
    (r"\btreat(?:y|ies)\b", "agreement"),
    (r"\bgadgets?\b|\bgizmos?\b", "devices"),  # "smart home gadgets"
    (r"\b(?:weapons?|arms|military) (?:packages?|aid|help)\b", "security assistance"),  # "the weapons package for ukraine"
    (r"\bbrodband\b|\bbroad band\b", "broadband"),
    (r"\btik tok\b", "tiktok"),
    (r"\bla declaration\b", "los angeles declaration"),
    (r"\binfrastructure bill\b|\binfrastructure law\b|\binfrastructure deal\b",
     "bipartisan infrastructure law investment jobs act"),
    (r"\bira\b", "inflation reduction act"),
    (r"\barp\b", "american rescue plan"),
    (r"\bpay raises?\b|\braises\b", "pay"),
    (r"\bfabs?\b", "fabs semiconductor"),
    (r"\bchinese\b|\bbeijing\b", "china prc"),
    (r"\bbab(?:y|ies)\b", "infant infants"),
    (r"\bdrones?\b", "unmanned aircraft systems uas"),
    (r"\bdangerous\b|\bdangers?\b", "threats threat"),
    (r"(?<!policy )(?<!decision )\bmakers?\b|\bmanufacturers?\b", "manufacturing manufacturers"),
    (r"\bdefen[cs]e (?:contractors?|companies|firms|industry)\b", "defense industrial base"),
    (r"\b(?:emergency|urgent) (?:aid|relief|assistance|help)\b", "urgent humanitarian relief"),
    # a bill signed is an act or a law ("the stablecoin bill" → the GENIUS Act), not a bill to pay
    (r"(?<!energy )(?<!electric )(?<!electricity )(?<!utility )(?<!medical )(?<!hospital )(?<!heating )"
     r"(?<!water )(?<!power )(?<!phone )(?<!internet )(?<!grocery )(?<!monthly )(?<!tax )\bbills?\b", "act law"),
    (r"\bpowers\b(?! (?:plants?|lines?|grids?|sector))",
     "authority authorities"),
    # Everyday words for the sheets' policy words (round 18). A paraphrase's words must all be found together, so
    # each other way of saying it is an entry of its own ("fake" → "fraudulent", or → "false", or → "counterfeit").
    (r"\bseniors?\b|\belderly\b", "older adults"),
    (r"\bseniors?\b|\belderly\b", "older americans"),
    (r"\brivers\b|\bcanals?\b", "waterways"),
    (r"\bnear miss(?:es)?\b", "close calls"),
    (r"\bcoastlines?\b", "coastal"),
    (r"\bmade in (?:the )?usa\b", "made in america"),
    (r"\bfake\b|\bphony\b|\bbogus\b", "fraudulent"),
    (r"\bfake\b|\bphony\b|\bbogus\b", "counterfeit"),
    (r"\bmobile homes?(?: parks?)?\b|\btrailer parks?\b", "manufactured housing communities"),
    (r"\bmobile homes?\b|\btrailers?\b", "manufactured housing"),
    (r"\bresell(?:ers?|ing)\b", "scalping"),
    (r"\bresell(?:ers?|ing)\b", "secondary"),
    (r"\b(?:jack|jacks|jacking|hike|hikes|hiking) up (?:the )?prices?\b|\bprice hikes?\b|\bjack(?:s|ing)? up\b",
     "price gouging"),
    (r"\btroops?\b|\bsoldiers?\b", "armed forces"),
    (r"\bsouth korea\w*\b", "republic korea"),
    (r"\bsouth korea\w*\b", "rok"),
    (r"\brules?\b", "regulations"),
    (r"\bops\b", "operations"),
    (r"\bdrug ?makers?\b|\bdrug companies\b|\bpharma\b", "pharmaceutical manufacturers"),
    (r"\bdrug ?makers?\b|\bdrug companies\b|\bpharma\b", "pharmaceutical companies"),
    (r"\b(?:ocean|marine|sea) (?:reserves?|sanctuar(?:y|ies)|preserves?)\b", "marine national monument"),
    (r"\bboats?\b|\bships?\b", "vessels"),
    (r"\bred tape\b", "streamline"),
    (r"\bturkey\b|\bturkish\b", "turkiye"),
    (r"\b(?:invest\w* (?:in|abroad|overseas)|investments? in) (?:chin\w*|foreign|overseas)", "outbound investment"),
    (r"\bspy ?(?:ware|software|apps?)\b", "spyware"),
    (r"\bspy ?(?:tech\w*|tools?|gear)\b", "surveillance technology"),
    (r"\b401 ?k\b", "401 k"),
    (r"\btech\b", "technology"),
    (r"\bbirth control\b", "contraception"),
    (r"\bfly(?:ing)?\b|\bflown\b", "flights"),
    (r"\babandoned (?:oil|gas|coal|mines?|wells?)\b", "orphaned"),
    (r"\bretrofit\w*", "renovate"),
    (r"\bchip(?:s|ping)? in\b", "contribution"),
    (r"\bairlines?\b", "carrier"),
    (r"\bcap\b", "capping"),
    # Clipped and everyday forms of the sheets' words (twenty-eighth round): "memo" is a memorandum, "yearly" annual,
    # "bounce back" a recovery.
    (r"\bmemos?\b", "memorandum"),
    (r"\byearly\b|\bper year\b|\bevery year\b|\beach year\b", "annual"),
    (r"\bbounc(?:e|es|ed|ing) back\b", "recovery"),
    (r"\b(?:put|puts|putting|placed?) (?:a )?hold on\b|\bhalt(?:s|ed|ing)?\b|\bfreez(?:e|es|ing)\b", "pause"),
)
# An ordinal the question uses where the sheets write the number ("the third anniversary" → "Three-Year
# Anniversary", "the fifth year" → "five years").
_ORDINALS = ("second two", "third three", "fourth four", "fifth five", "sixth six", "seventh seven",
             "eighth eight", "ninth nine", "tenth ten")
PHRASES += tuple((rf"\b{ordinal}\b", number) for ordinal, number in (pair.split() for pair in _ORDINALS))
_COMPILED = tuple((re.compile(pattern), tuple(words.split())) for pattern, words in PHRASES)


def expand_topic(topic: list[str], folded_text: str) -> tuple[list[str], list[str]]:
    """(words to add to the topic, "phrase → words" notes) for a question's folded text."""
    added: list[str] = []
    notes: list[str] = []
    text = " ".join(folded_text.replace("-", " ").split())
    for pattern, words in _COMPILED:
        match = pattern.search(text)
        if match is None:
            continue
        new = [w for w in words if w not in topic and w not in added]
        if not new:
            continue
        added.extend(new)
        phrase = match.group(0).strip()
        if phrase not in " ".join(words):
            notes.append(f"{phrase} → {' '.join(words)}")
    return added, notes
