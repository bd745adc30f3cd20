"""Chat short forms, each with the words the fact sheets write for it.

People in a Discord server write "scotus", "the exec order on ai", "rx drug prices", "mil aid to taiwan"; the sheets
write "Supreme Court", "executive order", "prescription", "military". ``SHORT_FORMS`` replaces a short form the sheets
(nearly) never write in that meaning. The table was written from general knowledge of how policy is talked about, not
from the question set, and each entry was checked against the 1,662 sheets under ``../shared`` (how many write the
short form, how many its expansion; docs/ask.md, "Round 63").
"""

from __future__ import annotations

import re

# (pattern over the question as typed, case ignored; replacement), with how many of the 1,662 sheets write the short
# form / its expansion. Applied after the reading's own short forms, so "5 mil" is already "5 million" when "mil"
# alone is read as military.
_SHORT_FORMS: tuple[tuple[str, str], ...] = (
    (r'\bbucks\b(?!\s+county)', 'dollars'),  # sheets: 2 / 472
    (r'(?<![\w.,$])(\d{1,3})\s*grand\b(?!\s+prix)', r'\g<1>000'),  # sheets: 2 / 913
    (r'(?<=\d)\s*tril+\b\.?', ' trillion'),  # sheets: 0 / 100
    (r'(?<=\d)\s*mill\b\.?', ' million'),  # sheets: 0 / 1108
    (r'\$(\d{1,3}(?:\.\d+)?)\s?b\b', r'$\1 billion'),  # sheets: 15 / 934
    (r'\bamt\b\.?', 'amount'),  # sheets: 0 / 158
    (r'\bpct\b\.?', 'percent'),  # sheets: 0 / 500
    (r'\bmths?\b\.?|(?<=\d)\s*mos?\b\.?', ' months'),  # sheets: 3 / 362
    (r'\bdems\b', 'democrats'),  # sheets: 0 / 60
    (r'\brepubs?\b|\brepubes\b|\brethugs?\b', 'republicans'),  # sheets: 0 / 139
    (r'\bscotus\b', 'supreme court'),  # sheets: 0 / 63
    (r'\bflotus\b', 'first lady'),  # sheets: 0 / 83
    (r'\bsotu\b', 'state of the union'),  # sheets: 0 / 68
    (r'\bveep\b', 'vice president'),  # sheets: 0 / 347
    (r'\bpres\b\.?(?=\s+[a-z])', 'president'),  # sheets: 1 / 1581
    (r'\bsec\.?\s+of\b', 'secretary of'),  # sheets: 0 / 344
    (r'\bsen\.?(?=\s+[a-z])', 'senator'),  # sheets: 1 / 60
    (r'\breps\b\.?', 'representatives'),  # sheets: 0 / 99
    (r'\bapprops\b', 'appropriations'),  # sheets: 0 / 90
    # sheets: 4 write it, 1087 the expansion
    (r'\bgov\b(?=\s+(?:funding|spending|money|shutdowns?|contracts?|contractors?|programs?|agencies|workers'
     r'|employees|jobs|officials|data|websites?|sites?|grants?|debt|efficiency|benefits|assistance|aid|loans?)\b)',
     'government'),
    (r'\bexec\b\.?(?=\s+(?:orders?|branch|actions?|office|director|summit)\b)', 'executive'),  # sheets: 0 / 735
    (r'\borgs\b', 'organizations'),  # sheets: 0 / 595
    (r'\bunivs\b\.?|\bunis\b', 'universities'),  # sheets: 0 / 307
    (r'\buniv\b\.?|\buni\b', 'university'),  # sheets: 0 / 307
    (r'\bnat(?:ural)?\s?gas\b', 'natural gas'),  # sheets: 0 / 53
    (r'\bhwys\b\.?', 'highways'),  # sheets: 0 / 119
    (r'\bhwy\b\.?', 'highway'),  # sheets: 0 / 119
    (r'\bhsr\b', 'high speed rail'),  # sheets: 0 / 13
    (r'\bapts\b\.?', 'apartments'),  # sheets: 1 / 22
    (r'\bapt\b\.?', 'apartment'),  # sheets: 1 / 22
    (r'\bnat\s?sec\b', 'national security'),  # sheets: 1 / 387
    (r'\bammo\b', 'ammunition'),  # sheets: 0 / 16
    (r'(?<!\d)(?<!\d\s)(?<!\ba\s)(?<!\bhalf a\s)\bmil\b(?!\s*(?:dollars|bucks))', 'military'),  # sheets: 0 / 361
    (r'\bnk\b', 'north korea'),  # sheets: 0 / 10
    (r'\bmid\s?east\b', 'middle east'),  # sheets: 0 / 35
    (r'\bparis (?:climate )?(?:accords?|deal|pact)\b', 'paris agreement'),  # sheets: 0 / 41
    (r'\bfent\b', 'fentanyl'),  # sheets: 0 / 62
    (r'\bweed\b(?!\s?(?:killers?|control|whack\w*))', 'marijuana'),  # sheets: 0 / 12
    (r'\bms\s?13\b', 'ms-13'),  # sheets: 0 / 5
    (r'\bdv\b', 'domestic violence'),  # sheets: 0 / 61
    (r'\bpeds\b', 'pediatric'),  # sheets: 0 / 31
    (r'\brx\b', 'prescription'),  # sheets: 1 / 134
    (r'\brehab\b', 'rehabilitation'),  # sheets: 1 / 75
    (r'\bhep\s?([abc])\b', r'hepatitis \1'),  # sheets: 2 / 11
    # sheets: 2 write it, 450 the expansion
    (r'\bag\b(?=\s+(?:sector|industry|workers?|exports?|imports?|policy|subsid\w*|secretary|department|dept'
     r'|research|lands?|producers?|trade|programs?|jobs|loans?|products?|economy)\b)', 'agricultural'),
    (r'\bk\s?12\b', 'k-12'),  # sheets: 3 / 84
    (r'\bsped\b', 'special education'),  # sheets: 2 / 16
    # sheets: 1 write it, 99 the expansion
    (r'\bhs\b(?=\s+(?:students?|grads?|graduates?|diplomas?|seniors?|juniors?|teachers?|kids|dropouts?'
     r'|equivalency)\b)', 'high school'),
    (r'\bb/c\b|\bbc\b|\bcuz\b|\bcoz\b|\bbcuz\b', 'because'),  # sheets: 0 / 314
    (r'\bb4\b', 'before'),  # sheets: 0 / 383
    (r'\byday\b', 'yesterday'),  # sheets: 0 / 59
    (r'\bw/o\b', 'without'),  # sheets: 0 / 397
    (r'\bw/(?!o\b)', 'with '),  # sheets: 0 / 1592
    # round 64
    (r'\bmtgs\b\.?', 'meetings'),  # sheets: 0 / 341
    (r'\bmtg\b\.?', 'meeting'),  # sheets: 0 / 341
    (r'\bmgmt\b\.?', 'management'),  # sheets: 1 / 579
    (r'\bmeds\b', 'medications'),  # sheets: 0 / 89
    (r'\bgovs\b', 'governors'),  # sheets: 0 / 64
    (r'\benv\b\.?', 'environmental'),  # sheets: 0 / 503
    (r'\bspox\b', 'spokesperson'),  # sheets: 0 / 9
    (r'\s+rn\s*(?=[?.!]*\s*$)|\s+rn(?=\s*,)', ''),  # "right now" at the end of a question ("how much for lead pipes rn"); sheets: 3 / -
    # round 65
    (r'(?<=\d)\s*pts?\b\.?', ' percentage points'),  # "the 10 pt cut to the fentanyl tariffs"; sheets: 0 / 23
    # round 66: phrasal verbs of chat, each with the plain verb the sheets write
    (r'\blined\s+up\b', 'committed'),  # "how much private investment was lined up there"; sheets: 0 / 708
    (r'\bgo(?:es)?\s+(?:thru|through|over)\b', 'covers'),  # "which sheet goes thru the partnership"; sheets: 3 / 41
    (r'\bcrank(?:s|ing)?\s+out\b', 'produce'),  # "how much fentanyl can the labs crank out"; sheets: 0 / 224
    (r'\bdig(?:s|ging)?\s+up\b|\bdug\s+up\b', 'found'),  # "how much unreported money did ed dig up"; sheets: 0 / 228
    (r'\bgotten\b', 'received'),  # "how much has harvard gotten from china"; sheets: 29 / 264
    (r'\bkept\s+(?=\w+ing\b)', ''),  # "the deal biden kept pushing": the asker's emphasis; sheets: 1 / -
    # round 67: more of chat's verbs and nouns, each with the word the sheets write
    (r'\byank(?:s|ed|ing)?\b', 'revoke'),  # "besides yanking his clearance"; sheets: 0 (Yankton, Yankee) / 60
    (r'\bdig(?:s|ging)?\s+into\b|\bdug\s+into\b', 'review'),  # "does it dig into what he did"; sheets: 0 / 98
    (r'\bitd\b', 'it would'),  # "it'd" typed without its apostrophe ("said itd give"); sheets: 0 / -
    (r'\bre-?grow(?:s|ing|n)?\b', 'restore'),  # "a fund to regrow degraded land"; sheets: 0 / 432
    (r'\bstick(?:s|ing)?\s+up\s+for\b|\bstuck\s+up\s+for\b', 'advocate for'),  # sheets: 0 / 25
    (r'\bhammer(?:s|ed|ing)?\s+out\b', 'negotiate'),  # "who's supposed to hammer out the deals"; sheets: 0 / 202
    (r'\bma(?:ke|kes|king|de)\s+the\s+jump\b', 'transition'),  # "make the jump from school to work"; sheets: 0 / 342
    (r'\bbody\s?cams?\b', 'body cameras'),  # "bodycams for state troopers"; sheets: 1 / 6
    (r'\bchop(?:s|ped|ping)?\b(?!\s+block)', 'cut'),  # "wanted to chop how much from amtrak"; sheets: 0 / 251
    (r'\broundups?\b', ''),  # "the 2 yr anniversary roundup": the asker's word for a summing-up; sheets: 0 / -
    (r'\bgrandkids?\b', 'grandchildren'),  # sheets: 0 / 2
    (r'\bgovt(s?)\b\.?', r'government\1'),  # "federal state n local govts"; sheets: 1 / 1194
    (r'\bsum(?:s|med|ming)?\s+up\b', 'covers'),  # "which fact sheet sums up the strategy": the sheet that covers it; sheets: 0 / -
    # round 68
    (r'\benviro\b', 'environmental'),  # "enviro reviews n permits"; sheets: 1 / 510
    (r'\bsetting\s+aside\b', 'set aside'),  # "how much was interior setting aside"; sheets: 3 / 28
    (r"\b(would|could|should|might|must)(?:ve|a)\b", r"\1 have"),  # "wouldve started getting paid"; sheets: 0 / -
    # "which fact sheet lists the rules", "the sheet that breaks down the deal": the sheet that covers it
    (r"\b(sheets?|that|which|one)\s+(?:lists|listed|breaks\s+down|broke\s+down|breaking\s+down)\b", r"\1 covers"),  # sheets: - / -
    # round 69
    (r'\bhw\b', 'how'),  # "hw big is gsa's backlog"; sheets: 0 / -
    (r'\bdisinfo\b', 'disinformation'),  # sheets: 0 / 31
    (r'\bmisinfo\b', 'misinformation'),  # sheets: 0 / 13
    (r'\bspy\s+agenc(y|ies)\b', r'intelligence agenc\1'),  # "how many spy agencies agreed"; sheets: 0 / 6
    (r'\bthe\s+([\w-]+\s+)?co\b(?![-.]?\s*ops?\b)', r'the \1company'),  # "the telecom co millicom"; sheets: - / -
    (r'\bincl\b\.?', 'including'),  # "aid incl the refugee n migrant support"; sheets: 1 / -
    (r'\bin\s+line\s+for\b', 'eligible for'),  # "was missouri in line for"; sheets: 2 / 147
    (r'\bcutoffs?\b', 'threshold'),  # "the de minimis cutoff", "is there a size cutoff"; sheets: 0 / 43
    # round 70
    # "…in oil n gas, $ wise", "whats upstream putting into …, $ wise": money is asked, "wise" is how; sheets: 0 / -
    (r'\b(?:money|dollars?|cost|budget)\s*-?\s*wise\b', 'money'),
    # round 71
    # "is connecticut puttin toward", "whats dfc lendin": the dropped g of a verb the reading knows; sheets: 1 / 1498
    (r"\b(putt|gett|invest|spend|pay|giv|committ|pledg|contribut|fund|lend|rais|sink|pour|buy|build|mak|tak|do)in['’]?"
     r"(?![\w'’-])", r"\1ing"),
)
SHORT_FORMS = tuple((re.compile(pattern, re.IGNORECASE), word) for pattern, word in _SHORT_FORMS)
