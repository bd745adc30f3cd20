"""Reading a question typed in plain words: what is asked, about what, and within which limits.

Deterministic and offline: word lists and patterns, no language model. ``read_question`` turns
"how much did FEMA put into BRIC for 2021?" into a ``Reading``: the intent (funding), the topic
words (bric), and the filters (year 2021, agency FEMA, money kind new). ``/ask`` answers from
the reading, and shows it ("Read as: funding · topic bric · 2021 · FEMA · new federal money") so
a reader can see how the question was understood and run the exact command instead.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from bot.query.chat_words import SHORT_FORMS as CHAT_SHORT_FORMS
from bot.query.paraphrase import expand_topic
from bot.query.text import STOPWORDS, fold, tokens

FUNDING, INITIATIVES, SOURCES, WHEN, WHO, WHERE, NONE = (
    "funding", "initiatives", "sources", "when", "who", "where", "none")
INTENTS = (FUNDING, INITIATIVES, SOURCES, WHEN, WHO, WHERE, NONE)

# Money kinds a question can ask for (``FundingRecord.kind``/``source`` read them back).
KIND_NEW, KIND_REQUEST, KIND_PRIVATE, KIND_STATE_LOCAL, KIND_FOREIGN = (
    "new", "request", "private", "state_local", "foreign")
KIND_LABELS = {
    KIND_NEW: "new federal money",
    KIND_REQUEST: "budget request",
    KIND_PRIVATE: "private commitments",
    KIND_STATE_LOCAL: "state and local money",
    KIND_FOREIGN: "foreign commitments",
}

MAX_QUESTION_CHARS = 300

# ---- places ------------------------------------------------------------------------------------

STATES = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
    "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky",
    "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri",
    "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York",
    "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island",
    "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
    "West Virginia", "Wisconsin", "Wyoming", "District of Columbia", "Puerto Rico", "Guam",
    "U.S. Virgin Islands", "American Samoa", "Northern Mariana Islands",
)
STATE_CODES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho",
    "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands",
}
# Written-out names that are not the state ("Washington" alone is usually the city; "New York"
# may be the city too, but the state is the safer reading for money and places).
_STATE_NOT_AFTER = re.compile(r"(?:\bwest|\bnew|\bnorth|\bsouth|\bof)\s+$")

# Other countries, regions and groups of countries: money with, for or from one of them is foreign money.
# Every sovereign country (a reader asks about any of them, not only those a question of the set named),
# not "Georgia" (a state), "Turkey" (the bird) nor "Indian" (American Indian tribes); groups the United States belongs to
# (NATO, the G7) are not foreign partners on their own.
COUNTRIES = (
    "Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Antigua and Barbuda", "Argentina", "Armenia",
    "Australia", "Austria", "Azerbaijan", "Bahamas", "Bahrain", "Bangladesh", "Barbados", "Belarus", "Belgium",
    "Belize", "Benin", "Bhutan", "Bolivia", "Bosnia", "Botswana", "Brazil", "Brunei", "Bulgaria", "Burkina Faso",
    "Burundi", "Cabo Verde", "Cape Verde", "Cambodia", "Cameroon", "Canada", "Central African Republic", "Chad",
    "Chile", "China", "Colombia", "Comoros", "Congo", "DRC", "Costa Rica", "Cote d'Ivoire", "Côte d'Ivoire",
    "Ivory Coast", "Croatia", "Cuba", "Cyprus", "Czechia", "Czech Republic", "Denmark", "Djibouti", "Dominica",
    "Dominican Republic", "Ecuador", "Egypt", "El Salvador", "Equatorial Guinea", "Eritrea", "Estonia", "Eswatini",
    "Ethiopia", "Fiji", "Finland", "France", "Gabon", "Gambia", "Germany", "Ghana", "Greece", "Greenland", "Grenada",
    "Guatemala", "Guinea", "Guinea-Bissau", "Guyana", "Haiti", "Honduras", "Hungary", "Iceland", "India",
    "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Jamaica", "Japan", "Jordan", "Kazakhstan", "Kenya",
    "Kiribati", "Korea", "South Korea", "North Korea", "Kosovo", "Kuwait", "Kyrgyzstan", "Laos", "Latvia",
    "Lebanon", "Lesotho", "Liberia", "Libya", "Liechtenstein", "Lithuania", "Luxembourg", "Madagascar", "Malawi",
    "Malaysia", "Maldives", "Mali", "Malta", "Marshall Islands", "Mauritania", "Mauritius", "Mexico",
    "Micronesia", "Moldova", "Monaco", "Mongolia", "Montenegro", "Morocco", "Mozambique", "Myanmar", "Burma",
    "Namibia", "Nauru", "Nepal", "Netherlands", "New Zealand", "Nicaragua", "Niger", "Nigeria", "North Macedonia",
    "Norway", "Oman", "Pakistan", "Palau", "Panama", "Papua New Guinea", "Paraguay", "Peru", "Philippines",
    "Poland", "Portugal", "Qatar", "Romania", "Russia", "Rwanda", "Saint Lucia", "Samoa", "San Marino",
    "Saudi Arabia", "Senegal", "Serbia", "Seychelles", "Sierra Leone", "Singapore", "Slovakia", "Slovenia",
    "Solomon Islands", "Somalia", "South Africa", "South Sudan", "Spain", "Sri Lanka", "Sudan", "Suriname",
    "Sweden", "Switzerland", "Syria", "Taiwan", "Tajikistan", "Tanzania", "Thailand", "Timor-Leste", "Togo",
    "Tonga", "Trinidad and Tobago", "Tunisia", "Türkiye", "Turkiye", "Turkmenistan", "Tuvalu", "Uganda",
    "Ukraine", "United Arab Emirates", "UAE", "United Kingdom", "UK", "Britain", "England", "Scotland", "Uruguay",
    "Uzbekistan", "Vanuatu", "Venezuela", "Vietnam", "Yemen", "Zambia", "Zimbabwe", "Gaza", "West Bank",
    "European Union", "EU", "ASEAN", "African Union", "Africa", "Latin America", "Central America", "Caribbean",
    "Middle East", "Pacific Islands", "Indo-Pacific",
    # thirty-second round: the other continents and regions a reader names as readily as Africa, and capital cities
    # that are no American town's name too (not Paris, London, Moscow, Athens, Lima, Dublin …)
    "Europe", "Eastern Europe", "Asia", "Southeast Asia", "South Asia", "Central Asia", "South America", "Balkans",
    "Western Balkans", "Sahel", "Horn of Africa", "Oceania",
    "Kyiv", "Kiev", "Beijing", "Tokyo", "Seoul", "Pyongyang", "Manila", "Jakarta", "New Delhi", "Islamabad", "Kabul",
    "Baghdad", "Tehran", "Riyadh", "Abu Dhabi", "Doha", "Cairo", "Nairobi", "Addis Ababa", "Abuja", "Kinshasa",
    "Luanda", "Lusaka", "Kigali", "Accra", "Hanoi", "Taipei", "Bangkok", "Canberra", "Ottawa", "Mexico City",
    "Bogota", "Bogotá", "Caracas", "Havana", "Port-au-Prince", "Tegucigalpa", "Guatemala City", "Brasilia", "Brasília",
    "Buenos Aires", "Brussels", "Warsaw", "Tel Aviv", "Jerusalem", "Ankara", "Kathmandu", "Dhaka", "Ulaanbaatar",
    "Phnom Penh", "Port Moresby",
)
# What the people and companies of those countries are called: "swiss companies", "japanese automakers".
DEMONYMS = (
    "afghan", "albanian", "algerian", "angolan", "argentine", "argentinian", "armenian", "australian",
    "austrian", "azerbaijani", "bahraini", "bangladeshi", "belgian", "bolivian", "bosnian", "brazilian",
    "british", "bulgarian", "cambodian", "cameroonian", "canadian", "chilean", "chinese", "colombian",
    "congolese", "croatian", "cuban", "cypriot", "czech", "danish", "dutch", "ecuadorian", "egyptian", "emirati",
    "english", "estonian", "ethiopian", "european", "filipino", "finnish", "french", "german", "ghanaian",
    "greek", "guatemalan", "haitian", "honduran", "hungarian", "icelandic", "indonesian", "iranian", "iraqi",
    "irish", "israeli", "italian", "jamaican", "japanese", "jordanian", "kazakh", "kenyan", "korean", "kuwaiti",
    "laotian", "latvian", "lebanese", "liberian", "libyan", "lithuanian", "malaysian", "mexican", "mongolian",
    "moroccan", "mozambican", "nepali", "nigerian", "norwegian", "omani", "pakistani", "palestinian", "panamanian",
    "paraguayan", "peruvian", "philippine", "polish", "portuguese", "qatari", "romanian", "russian", "rwandan",
    "salvadoran", "saudi", "scottish", "senegalese", "serbian", "singaporean", "slovak", "slovenian", "somali",
    "spanish", "sudanese", "swedish", "swiss", "syrian", "taiwanese", "tanzanian", "thai", "tunisian", "turkish",
    "ugandan", "ukrainian", "uruguayan", "uzbek", "venezuelan", "vietnamese", "yemeni", "zambian", "zimbabwean",
    "african", "latin american", "central american", "caribbean", "middle eastern",
)
# (not after "new": "tribes in new mexico" is a state, 68th round)
_COUNTRY = re.compile(r"(?<!\w)(?<!new\s)(?:" + "|".join(sorted((re.escape(c.lower()) for c in COUNTRIES), key=len, reverse=True))
                      + r")(?![\w])")
_DEMONYM = "(?:" + "|".join(sorted(DEMONYMS, key=len, reverse=True)) + ")"
# A country's adjective ("philippine maritime law enforcement", "haitian migrants"): that country, as its name is;
# not "african american" (Americans).
_DEMONYM_WORD = re.compile(rf"\b{_DEMONYM}s?\b(?!\s+americans?\b)")  # and its people: "the ukrainians" (32nd round)
# "swiss companies", "japanese automakers", "companies from korea": businesses of another country, not American ones.
# Not when they are what the money is against ("to compete with chinese manufacturers").
_FOREIGN_BUSINESSES = re.compile(
    r"(?<!against\s)(?<!with\s)(?<!counter\s)(?<!than\s)"
    rf"\b{_DEMONYM}\s+(?:[a-z-]+\s+)?(?:compan(?:y|ies)|firms?|businesses|investors|corporations|manufacturers"
    r"|automakers|airlines|banks)\b"
    r"|\b(?:compan(?:y|ies)|firms|businesses|investors)\s+(?:from|based\s+in)\s+(?:the\s+)?"
    r"(?P<country>[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,2})")


def names_country(text: str) -> bool:
    """The text names another country or a group of them ("us-asean", "guinea and drc")."""
    return bool(_COUNTRY.search(text.lower().replace("’", "'")))


# A country the money is against or kept out of, not exchanged with ("to compete with china", "less reliance on
# china", "the border wall with mexico").
_COUNTRY_AS_RIVAL = re.compile(r"\b(?:compet\w*|counter\w*|against|rivals?|relian\w*|dependen\w*|beat|outpace|"
                               r"border|from\s+entering)\b(?:\s+[\w'-]+){0,3}\s*$")


# One-word names of other countries and regions long enough that two letters swapped ("afirca") or, in a longer
# one, a letter left out ("indonesa") still names only them. Not a letter changed or added: "columbia", "grenade",
# "african" and "frances" are words of their own; nor a short name missing a letter ("hungry").
_COUNTRY_WORDS = tuple(sorted({c.lower() for c in COUNTRIES if " " not in c and "-" not in c and len(c) >= 6}))
_WORD = re.compile(r"[a-z]{6,}")


def _misspelled_country(text: str) -> re.Match[str] | None:
    """A word that is a country's name (``_COUNTRY_WORDS``) with two letters swapped, or of at least 9 letters with
    one left out (an 8-letter word), the first letter kept: a typo of it."""
    for match in _WORD.finditer(text):
        word = match.group(0)
        for name in _COUNTRY_WORDS:
            if name[0] != word[0] or OSA.distance(word, name, score_cutoff=1) > 1:
                continue
            if word in DEMONYMS:
                break  # "philippine": a country's adjective, read as such
            if word == name:
                break  # the name itself is ``_COUNTRY``'s to find, with its exceptions ("tribes in new mexico")
            if (len(word) == len(name) and sorted(word) == sorted(name)) or (len(word) == len(name) - 1 >= 8):
                return match
    return None


def _money_abroad(lowered: str) -> bool:
    """A funding question that names another country (not as a rival): the set's convention, followed by every
    development question naming one, is that money with, from or for another country is foreign money. A country's
    name typed with one letter wrong ("the mpox outbreak in afirca") names it too."""
    text = lowered.replace("’", "'")
    if any(not _COUNTRY_AS_RIVAL.search(text[:match.start()]) for match in _COUNTRY.finditer(text)):
        return True
    if _TO_ABROAD.search(text):
        return True
    typo = _misspelled_country(text)
    return typo is not None and not _COUNTRY_AS_RIVAL.search(text[:typo.start()])


# Money said to go abroad or to come from abroad without naming where (thirty-second round): "foreign aid",
# "overseas", "abroad", "international climate finance", "foreign companies", "our allies" (not allies in congress).
# Money pledged at the G7 or the G20 (49th round: "how much extra food security aid did biden pledge at the g7") is
# pledged among other countries, for them, as money at a summit with a named country already is.
_FROM_ABROAD = re.compile(r"\bforeign\s+(?:[a-z]+\s+)?(?:compan(?:y|ies)|firms?|investors?|investments?|governments?|countries"
                          r"|partners?|nations?)\b|\b(?:other|partner|allied)\s+(?:countries|nations|governments)\b"
                          r"|\b(?:our|nato|european|asian|pacific|foreign)\s+allies\b|\ballies\s+(?:and\s+partners|abroad|overseas)\b")
_TO_ABROAD = re.compile(r"\bforeign\s+(?:aid|assistance|help)\b|\boverseas\b|\babroad\b|\bg-?(?:7|20)\b"
                        r"|\binternational\s+(?:aid|assistance|development|climate\s+(?:financ\w*|aid|funding))\b"
                        r"|\bbilateral\b|\bcop\s?\d\d\b|\b(?:multilateral|regional)\s+development\s+banks?\b"
                        r"|\b(?:asian|african|inter-?american|world)\s+(?:development\s+)?bank\b|\b(?:idb|adb|afdb)\b"
                        r"|\bgreen\s+climate\s+fund\b|\bipef\b|\bsummits?\s+for\s+democracy\b"
                        # 63rd round: a global fund ("the global equality fund for lgbtqi rights", "the Global Fund")
                        # and money for people worldwide
                        r"|\bglobal\s+(?:[a-z]+\s+)?fund\b|\bworldwide\b|\baround\s+the\s+world\b"
                        r"|\bdeveloping\s+(?:countries|nations|world)\b"
                        # the global AIDS relief programme, always spent abroad (68th round)
                        r"|\bpepfars?\b")


_ABROAD_WORDS = frozenset({"overseas", "abroad"})


def _foreign_businesses(lowered: str) -> bool:
    if _FROM_ABROAD.search(lowered):
        return True
    match = _FOREIGN_BUSINESSES.search(lowered)
    if match is None:
        return False
    return match.group("country") is None or names_country(match.group("country"))


# ---- agencies ----------------------------------------------------------------------------------
# acronym → (full name, other ways to say it). A bare department word ("commerce", "energy")
# is a topic, not an agency: only "Department of X", "X Department" or an acronym names one.
AGENCIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "USDA": ("Department of Agriculture", ("agriculture department", "dept of agriculture")),
    "DOC": ("Department of Commerce", ("commerce department", "dept of commerce")),
    "DOD": ("Department of Defense", ("defense department", "pentagon", "dod", "department of war", "war department",
                                      "secretary of war", "war secretary")),
    # ("ed's webinar series": the short name with its possessive is the department's; 65th round)
    "ED": ("Department of Education", ("education department", "dept of education", "ed's", "ed’s")),
    "DOE": ("Department of Energy", ("energy department", "dept of energy")),
    "HHS": ("Department of Health and Human Services", ("health and human services",)),
    "DHS": ("Department of Homeland Security", ("homeland security department", "homeland security")),
    "HUD": ("Department of Housing and Urban Development", ("housing and urban development", "housing department",
                                                             "department of housing", "dept of housing")),
    "DOJ": ("Department of Justice", ("justice department", "dept of justice")),
    "DOL": ("Department of Labor", ("labor department", "dept of labor")),
    "State": ("Department of State", ("state department", "dept of state")),
    "DOI": ("Department of the Interior", ("interior department", "department of interior",
                                           "dept of the interior")),
    "Treasury": ("Department of the Treasury", ("treasury department", "department of treasury")),
    "DOT": ("Department of Transportation", ("transportation department", "dept of transportation", "usdot")),
    # "the va" in lower case (51st round: "how much did the va give out"): Virginia is never "the va"
    "VA": ("Department of Veterans Affairs", ("veterans affairs", "va department", "the va")),
    "EPA": ("Environmental Protection Agency", ("epa",)),
    "FEMA": ("Federal Emergency Management Agency", ("fema",)),
    "NOAA": ("National Oceanic and Atmospheric Administration", ("noaa",)),
    "NSF": ("National Science Foundation", ("nsf",)),
    "NIH": ("National Institutes of Health", ("nih",)),
    "CDC": ("Centers for Disease Control and Prevention", ("cdc",)),
    "FDA": ("Food and Drug Administration", ("fda",)),
    "CMS": ("Centers for Medicare & Medicaid Services", ("cms",)),
    "ARPA-H": ("Advanced Research Projects Agency for Health", ("arpa-h", "arpa h", "arpah")),
    "MARAD": ("Maritime Administration", ("marad",)),
    "BOEM": ("Bureau of Ocean Energy Management", ("boem",)),
    "FHWA": ("Federal Highway Administration", ("fhwa",)),
    "FTA": ("Federal Transit Administration", ("fta",)),
    "FAA": ("Federal Aviation Administration", ("faa",)),
    "FRA": ("Federal Railroad Administration", ("fra",)),
    "NTIA": ("National Telecommunications and Information Administration", ("ntia",)),
    "SBA": ("Small Business Administration", ("sba",)),
    "USAID": ("U.S. Agency for International Development", ("usaid", "agency for international development")),
    "MCC": ("Millennium Challenge Corporation", ()),
    "USTR": ("Office of the U.S. Trade Representative", ("ustr", "trade representative")),
    "DOE LPO": ("Loan Programs Office", ("loan programs office",)),
    "CBP": ("U.S. Customs and Border Protection", ("customs and border protection",)),
    "ICE": ("U.S. Immigration and Customs Enforcement", ("immigration and customs enforcement",)),
    "IRS": ("Internal Revenue Service", ("irs",)),
    "SSA": ("Social Security Administration", ("ssa",)),
    "OSTP": ("Office of Science and Technology Policy", ("ostp",)),
    "ONDCP": ("Office of National Drug Control Policy", ("ondcp",)),
    "AmeriCorps": ("AmeriCorps", ("americorps",)),
    "NASA": ("National Aeronautics and Space Administration", ("nasa",)),
    "USGS": ("U.S. Geological Survey", ("usgs",)),
    "BLM": ("Bureau of Land Management", ("blm",)),
    "Reclamation": ("Bureau of Reclamation", ("bureau of reclamation",)),
    "USACE": ("U.S. Army Corps of Engineers", ("army corps of engineers", "army corps", "usace")),
    # Other agencies the sheets name often: a reader may ask about any of them.
    "FCC": ("Federal Communications Commission", ()),
    "FTC": ("Federal Trade Commission", ()),
    "SEC": ("Securities and Exchange Commission", ()),
    "FERC": ("Federal Energy Regulatory Commission", ()),
    "NRC": ("Nuclear Regulatory Commission", ()),
    "CFPB": ("Consumer Financial Protection Bureau", ()),
    "OPM": ("Office of Personnel Management", ()),
    "OMB": ("Office of Management and Budget", ()),
    "GSA": ("General Services Administration", ()),
    "DFC": ("U.S. International Development Finance Corporation", ("development finance corporation",)),
    "EXIM": ("Export-Import Bank of the United States", ("export-import bank", "ex-im bank")),
    "USTDA": ("U.S. Trade and Development Agency", ("trade and development agency",)),
    "IHS": ("Indian Health Service", ()),
    "HRSA": ("Health Resources and Services Administration", ()),
    "ASPR": ("Administration for Strategic Preparedness and Response", ("aspr",)),  # 21 sheets write ASPR (67th round)
    "SAMHSA": ("Substance Abuse and Mental Health Services Administration", ()),
    "ACL": ("Administration for Community Living", ()),
    "ACF": ("Administration for Children and Families", ()),
    "NPS": ("National Park Service", ("park service", "parks service", "national parks service")),
    "USFS": ("U.S. Forest Service", ("forest service",)),
    "FWS": ("U.S. Fish and Wildlife Service", ("fish and wildlife service",)),
    "BIA": ("Bureau of Indian Affairs", ()),
    "BIE": ("Bureau of Indian Education", ()),  # the schools it runs for tribes (49th round)
    "NIST": ("National Institute of Standards and Technology", ()),
    "TVA": ("Tennessee Valley Authority", ()),  # "tva's ceo": 3 sheets name it (68th round)
    "EDA": ("Economic Development Administration", ()),
    "NHTSA": ("National Highway Traffic Safety Administration", ()),
    "PHMSA": ("Pipeline and Hazardous Materials Safety Administration", ()),
    "FMCSA": ("Federal Motor Carrier Safety Administration", ()),
    "CISA": ("Cybersecurity and Infrastructure Security Agency", ()),
    "TSA": ("Transportation Security Administration", ()),
    "USCIS": ("U.S. Citizenship and Immigration Services", ("citizenship and immigration services",)),
    "USCG": ("U.S. Coast Guard", ("coast guard",)),
    "FBI": ("Federal Bureau of Investigation", ()),
    "DEA": ("Drug Enforcement Administration", ()),
    "ATF": ("Bureau of Alcohol, Tobacco, Firearms and Explosives", ()),
    "BOP": ("Federal Bureau of Prisons", ("bureau of prisons",)),
    "NNSA": ("National Nuclear Security Administration", ()),
    "USPTO": ("U.S. Patent and Trademark Office", ("patent and trademark office",)),
    "NEA": ("National Endowment for the Arts", ()),
    "NEH": ("National Endowment for the Humanities", ()),
    "Peace Corps": ("Peace Corps", ("peace corps",)),
    # 64th round: regulators and offices the sheets name (in 4 to 15 sheets each)
    "FDIC": ("Federal Deposit Insurance Corporation", ("fdic",)),
    "EEOC": ("Equal Employment Opportunity Commission", ("eeoc",)),
    "OSHA": ("Occupational Safety and Health Administration", ("osha",)),
    "FHFA": ("Federal Housing Finance Agency", ("fhfa",)),
    "CFTC": ("Commodity Futures Trading Commission", ("cftc",)),
    "NRCS": ("Natural Resources Conservation Service", ("nrcs",)),
    "FinCEN": ("Financial Crimes Enforcement Network", ("fincen",)),
    "OFAC": ("Office of Foreign Assets Control", ("ofac",)),
    "NLRB": ("National Labor Relations Board", ("nlrb",)),
    "DARPA": ("Defense Advanced Research Projects Agency", ("darpa",)),
    "USPS": ("U.S. Postal Service", ("usps", "postal service")),
}
# Acronyms that are also ordinary words or program names when written in lower case: only
# recognised as written in capitals ("ICE", "VA", "ED", "MCC").
_CAPITALS_ONLY = frozenset({"ICE", "VA", "ED", "DOC", "MCC", "State", "Treasury", "Reclamation", "CMS", "FRA",
                            "FTA", "SSA", "SEC", "ACL", "NEA", "BOP"})
_AGENCY_TOPIC_BEFORE = re.compile(r"\b(?:for|to|into|toward|towards|fund|funds|funding"
                                  # the agency someone is picked to lead: "who did biden nominate to lead the atf"
                                  r"|(?:to|nominated?|picked?|chosen|named?)\s+(?:lead|head|run|direct)"
                                  # agencies given as examples: "agencies like the ftc and sec"
                                  r"|like|such\s+as|including"
                                  # the agency the President addresses: "what did biden tell the park service to do"
                                  r"|(?:tells?|told|instruct(?:s|ed)?)"
                                  r")\s+(?:the\s+)?$")

# "from biden era epa rules", "under the osha and cms rules": the rules are the topic, whoever acts on them now
_AGENCY_RULES_AFTER = re.compile(r"\s+(?:and\s+(?:the\s+)?[\w-]+\s+)?(?:rules|regulations)\b")  # "the osha and cms rules"
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")

# ---- wording -----------------------------------------------------------------------------------

_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2)}
_MONTH_WORD = "|".join(sorted(_MONTHS, key=len, reverse=True))
_YEAR = r"(?:19|20)\d\d"

# Out of scope: everyday questions no fact sheet answers (weather, jokes, sums, sports, shopping).
_SMALL_TALK = re.compile(
    # (not the weather the sheets write of: "noaas weather ready pacific program", "extreme weather"; 65th round)
    r"(?<!extreme )(?<!severe )\bweather\b(?!\s*-?\s*(?:ready|service|events?|satellites?|prediction|data|alerts?"
    r"|warnings?|radars?|stations?|resilien\w*|disasters?))"
    r"|\b(?:forecast|rain(?:ing)?|snow(?:ing)?|temperature|jokes?|funny|riddle|pizza|restaurants?|recipes?"
    r"|cook|movies?|films?|songs?|music|netflix|tv\s+shows?|recommend|router|wifi|wi-fi|password|laptop"
    r"|iphone|android|printer|translate|translation|world\s+series|super\s+bowl|nba|nfl|mlb|won\s+the|score"
    r"|stock\s+market|stocks?\s+(?:price|up|down)|bitcoin|crypto\s+price|horoscope|how\s+tall|how\s+old\s+is"
    r"|mount\s+everest|capital\s+of|meaning\s+of\s+life|who\s+are\s+you|your\s+name|hello|hi\s+there"
    # a person's tastes (51st round: "whats bidens favorite ice cream flavor"): no fact sheet says what anyone likes
    r"|favou?rite\s+(?:[a-z]+\s+){0,2}(?:flavou?rs?|foods?|dish|meals?|snacks?|desserts?|drinks?|colou?rs?|books?"
    r"|animals?|pets?|hobb(?:y|ies)|ice\s+cream))\b"
)
# Sports results ("did the lakers win last night") and household how-to ("how do i fix a flat tire"):
# no fact sheet answers them, whatever their words.
_OUT_OF_SCOPE = re.compile(
    r"^\s*(?:did|do|does|will|can)\s+the\s+[a-z.' ]{2,30}?\s+(?:win|lose|beat|play)\b"
    r"|\b(?:win|won|lose|lost)\s+(?:last\s+night|yesterday|tonight|the\s+game)\b|\bplayoffs?\b|\bgame\s+score\b"
    r"|\bhow\s+(?:do|can|should|would)\s+(?:i|you|we)\s+(?:fix|repair|unclog|patch|clean|bake|cook|tie|iron|paint"
    r"|change\s+(?:a|my|the)\s+(?:[\w']+\s+)?(?:tire|tyre|oil|battery|diaper))\b|\bflat\s+(?:bike\s+|bicycle\s+|car\s+)?tires?\b"
    # personal favours ("suggest a name for my kitten", "write me a poem") and pets: nothing a sheet says
    r"|\b(?:suggest|think\s+of|come\s+up\s+with)\s+(?:a\s+|some\s+)?(?:good\s+|cute\s+|nice\s+|funny\s+)?names?\b"
    r"|\bwrite\s+(?:me\s+)?(?:a\s+)?(?:poem|story|song|haiku|limerick)\b"
    r"|\bmy\s+(?:new\s+|little\s+)?(?:kitten|kitty|cat|puppy|dog|pet|hamster|goldfish)s?\b|\bkittens?\b|\bpupp(?:y|ies)\b"
    # the kitchen: cooking something ("how long do i boil an egg"), a sourdough starter
    r"|\b(?:boil|bake|fry|roast|poach|grill|simmer|scramble|cook)(?:ed|ing|s)?\s+(?:an?\s+|the\s+|my\s+|some\s+)?"
    r"(?:[\w'-]+\s+)?(?:eggs?|yolks?|bread|cakes?|cookies|pasta|rice|steaks?|chicken|potato(?:es)?|vegetables)\b"
    r"|\b(?:runny|hard-?boiled|soft-?boiled)\s+(?:eggs?|yolks?)\b|\bsourdough\b"
    # baking and recipes ("whats a good substitute for buttermilk in pancakes"; 57th round)
    r"|\b(?:recipes?|pancakes?|waffles?|muffins?|cupcakes?|brownies|buttermilk|frosting)\b"
    r"|\b(?:substitute|replacement|swap)\s+for\s+(?:[\w-]+\s+)?(?:butter|eggs?|milk|flour|sugar|cream|baking\s+(?:soda|powder))\b"
    # unit conversions ("how many cups are in a gallon")
    r"|\bhow\s+many\s+(?:cups|ounces|oz|tablespoons|teaspoons|grams|pounds|quarts|pints|liters|litres|gallons|inches"
    r"|feet|yards|miles|meters|metres|kilometers|kilometres|centimeters|millimeters|seconds|minutes|hours|days|weeks)"
    r"\s+(?:are\s+|is\s+)?(?:there\s+)?(?:in|per|to)\s+(?:an?|one|1|the)?\s*(?:cup|ounce|oz|tablespoon|teaspoon|gram|pound"
    r"|kilo(?:gram)?|quart|pint|liter|litre|gallon|inch|foot|yard|mile|meter|metre|kilometer|kilometre|minute|hour|day"
    r"|week|month|year)s?\b"
)
# A first-person how-to ("how do i get X out of a carpet", "what should i name my sailboat", "how can i get my toddler
# to sleep"): what the asker should do in their own life, which no fact sheet says, unless the question names anything
# from the world of policy, money or government ("how do i apply for the SAVE plan", "how can i lower my energy bill",
# "what should i know about the new tax credit") (twenty-seventh round).
# "how do i …", "what should i …", "what's the best way to get rid of …" (52nd round: the asker's own chore)
_PERSONAL_HOW_TO = re.compile(r"^\s*(?:how\s+(?:do|can|should|would)\s+i|what\s+(?:should|do|can)\s+i"
                              r"|what\s+is\s+the\s+(?:best|easiest|fastest|cheapest|quickest)\s+way\s+to)\b")
_POLICY_CUE = re.compile(
    r"\b(?:appl(?:y|ying|ication)|qualif\w*|eligib\w*|sign\s+up|enroll\w*|register\w*|claim|report|file|vote|voting"
    r"|program\w*|plan|plans|polic\w*|federal|government|gov|law|laws|act|rule\w*|order|regulation\w*|agenc\w*"
    r"|department|dept|congress|senate|president|biden|trump|harris|obama|vance|administration|white\s+house|fact\s*sheets?"
    r"|tax\w*|credit\w*|loans?|debt|grants?|fund\w*|benefit\w*|subsid\w*|rebate\w*|refund\w*|insurance|medicare"
    r"|medicaid|social\s+security|snap|wic|veterans?|military|passport|visa|citizenship|immigra\w*|asylum|tariff\w*"
    r"|cost\w*|pric\w*|bills?|pay|paying|afford\w*|cheaper|save|saving|money|rent|mortgage|student|college|school"
    r"|internet|broadband|energy|electric\w*|solar|heat\s+pump|ev|car\s+charger|health|vaccin\w*|covid|drugs?"
    r"|job|jobs|work|business|small\s+business|farm\w*|disaster|fema|flood\w*|wildfire\w*|real\s+id)\b")
_ARITHMETIC = re.compile(r"\b\d+(?:\.\d+)?\s*(?:times|plus|minus|divided\s+by|x|\*|\+|-|/)\s*\d+(?:\.\d+)?\b")
# A road's number, or the numbers of roads that share a stretch ("the I-39/90/94 bridge", "route 1/9"): a name, not a sum
# to work out (62nd round; "hwy" is already "highway" here, see the chat short forms)
_ROAD_NUMBERS = re.compile(r"\b(?:i|us|sr|rt|route|highway|interstate)[-\s]?\d+[a-z]?(?:\s*[/-]\s*\d+[a-z]?)+\b")
# An age range ("covid shots to kids 5-11", "ages 12-15", "5-11 year olds"): who, not a sum (63rd round)
_AGE_RANGE = re.compile(r"\b(?:ages?d?|kids|children|child|youth|teens?|adults?|people|ppl|students|those)\s+\d+\s*[-–]\s*\d+\b"
                        r"|\b\d+\s*[-–]\s*\d+\s*(?:year|yr)s?[\s-]*olds?\b"
                        # the numbers that are names ("running 24/7", "after 9/11"): no sum to work out either (65th
                        # round; a range of rates, "the 50-52% by 2030 target", was dropped: docs/ask.md, "Round 65")
                        r"|\b24\s*/\s*7\b|\b9\s*/\s*11\b")

_SOURCES_CUES = re.compile(
    # "which wh sheet lists …": a White House sheet is a fact sheet (65th round)
    r"\b(?:fact|wh|white\s+house)\s*sheets?\b|\bwhere\s+can\s+i\s+(?:read|find|learn|see)\b|\bread\s+(?:more\s+)?about\b"
    r"|\bsources?\b|\bdocuments?\b|\blinks?\b|\barticles?\b|\bwrite-?ups?\b"
)
_SOURCES_LISTING = re.compile(
    r"\b(?:which|what|list|find|any|show|is\s+there|are\s+there|where)\b[^?]{0,40}\b(?:fact|wh|white\s+house)\s*sheets?\b"
    r"|\bfact\s*sheets?\s+(?:on|about|from|in|covering|that)\b|\bwhere\s+can\s+i\s+(?:read|find|learn)\b"
    # a list the White House put out is a sheet: "is there a white house list of usaid grants they called waste"
    r"|\b(?:is|was)\s+there\s+(?:a|an|any)\s+(?:white\s+house|official|administration|government)\s+lists?\s+of\b"
    # a statement the White House put out is one of its sheets: "is there an official wh statement on why …" (66th round)
    r"|\b(?:is|was)\s+there\s+(?:a|an|any)\s+(?:official\s+)?(?:white\s+house|wh|administration|official)\s+"
    r"statements?\s+(?:on|about|explaining|saying)\b"
)
# Words that ask for an amount whatever the topic: "how much", "what is the total" (not "the total tariff", a rate:
# 61st round).
_AMOUNT_WORDS = (r"\bhow\s+(?:much|big|large)\b|\bhow\s+many\s+(?:dollars|billions?|millions?)\b"
                 r"|\bwhat\s+(?:is|was)\s+the\s+(?:(?:dollar|approximate|approximately|rough|estimated|exact|total|full"
                 r"|overall|grand|combined)\s+)?"
                 r"(?:amount|size|total(?!\s+tariffs?\b)|price\s+tag|budget)\b"
                 # "what amount is intel putting into …", "what dollar amount did …" (thirtieth round)
                 r"|^\s*(?:and\s+)?(?:in\s+)?what\s+(?:dollar\s+)?amount\b"
                 # "what do ppl in the climate corps get paid": what someone is paid (68th round)
                 r"|\bwhat\s+(?:do|does|did|will|would)\b[^?]*\b(?:get|gets)\s+paid\b")
_FUNDING_CUES = re.compile(
    _AMOUNT_WORDS + r"|\bfunding\b|\bdollars?\b"
    r"|\bmoney\b|\bbudget\b|\bcost\b|\bprice\s+tag\b"
    # "what's the us pledge for …", "what is the federal investment in …": the sum pledged or invested (29th round)
    r"|^\s*what\s+(?:is|was)\s+the\s+(?:[\w.'’-]+\s+){0,2}?(?:pledge|investment|contribution)\s+(?:in|into|for|to|toward)\b"
    # "what did they spend on …", "what has the us invested in …": the money spent is what is asked (29th round)
    r"|^\s*what\s+(?:did|does|do|will|has|have|had|is|are|was|were)\s+(?:(?!(?:on|about|in|for|of|to|with)\b)[\w'’.-]+\s+){1,3}"
    r"(?:spen[dt]|spending|invest(?:ed|ing)?)\s+(?:on|in|into|for)\b"
    # "whats goldsboro getting from femas resilience grants": what a place gets out of money handed out (67th round)
    r"|^\s*what(?:s|['’]s|\s+is|\s+are)\s+[^?]{1,60}?\s(?:getting|receiving)\s+(?:from|out\s+of)\s+[^?]{0,60}?"
    r"\b(?:grants?|awards?|funds?|aid)\b"
    # "any number on what the us n canada are spending to modernize norad" (68th round)
    r"|\bwhat\s+(?:[\w'’.-]+\s+){1,4}?(?:are|is|were|was|will\s+be)\s+spending\s+(?:on|to|for|in)\b"
    # "any idea what the us pledged for new maritime programs …", "whats the african development bank putting into …",
    # "whats saudi arabia paying to cover us costs": the sum someone pledged, put in or pays (70th round)
    r"|\bwhat\s+(?:[\w'’.-]+\s+){1,4}?(?:pledged|committed|contributed)\s+(?:for|toward|towards|into|in)\b"
    r"|^\s*what\s+is\s+[^?]{1,60}?\s(?:putting|investing|contributing|paying)\s+(?:into|in|toward|towards|for|to)\b"
    # "whats the smithsonian getting from taxpayers every yr" (70th round)
    r"|^\s*what\s+is\s+[^?]{1,60}?\s(?:getting|receiving)\s+from\s+(?:the\s+)?(?:taxpayers?|feds)\b"
    # "whats the one time fema payment per household", "whats epa's guidance … supposed to save them per repair": a
    # payment's size, a saving (70th round)
    r"|\bwhat\s+is\s+the\s+(?:[\w'’.-]+\s+){0,4}?(?:payments?|stipends?)\b"
    r"|^\s*what\s+(?:is|are|will|would|does|do)\b[^?]*\b(?:supposed|expected|going|meant|projected)\s+to\s+save\b"
    # "whats dfc lending to make housing cheaper", "show me what hungarys mol paid for american crude oil", "what did
    # biden bump the adaptation fund pledge up to", "whats the biggest single military aid package …", "whats the fine
    # if a port doesnt report …" (71st round)
    r"|^\s*what\s+is\s+[^?]{1,60}?\s(?:lending|loaning|financing)\s+(?:into|in|toward|towards|for|to)\b"
    r"|\bwhat\s+(?:[\w'’.-]+\s+){1,4}?(?:paid|spent)\s+(?:for|on)\b"
    r"|^\s*what\s+(?:did|does|do|will|has|have|had)\s+[^?]{1,40}?\b(?:bump|rais|increas|boost|hik|doubl|tripl|up)\w*"
    r"\s+[^?]{0,60}?\b(?:pledge|contribution|funding|budget|aid|grant|loan)s?\s+(?:up\s+)?to\b"
    r"|^\s*what\s+is\s+the\s+(?:biggest|largest|smallest|single\s+largest)\s+(?:[\w'’.-]+\s+){0,3}?(?:package|grant|award"
    r"|investment|loan|pledge|contribution|donation)s?\b"
    r"|^\s*what\s+is\s+the\s+(?:fine|penalty|max(?:imum)?\s+(?:fine|penalty))\b"
)
# "what did / is / has … do(ing)": the question asks what was done, whatever money its topic names ("oil money",
# "money laundering"); "how much" or "what is the amount" still asks for money (twenty-eighth round).
_ACTIONS_ASKED = re.compile(r"^\s*what\s+(?:did|does|do|will|would|has|have|had|is|are|was|were|can|could|should)\b"
                            r"[^?]{0,80}?\b(?:do|doing|done)\b")
_AMOUNT_ASKED = re.compile(_AMOUNT_WORDS)
# "what did biden announce … so small businesses dont lose money …": what was announced, signed, ordered or proposed is
# the answer, whatever money the rest of the question names; "how much" still asks for money (round 55m)
_ACT_ASKED = re.compile(r"^\s*what\s+(?:did|does|do|will|would|has|have|had)\s+(?:[\w'’.-]+\s+){1,4}?"
                        r"(?:announce|unveil|launch|sign|order|propose|introduce|roll\s+out)\b"
                        # not when its object is money: "what did biden announce for broadband funding"
                        r"(?!\s+(?:(?:in|for|on|about|more|new|additional|the|any|of)\s+)*(?:[\w'’-]+\s+){0,2}?"
                        r"(?:funding|money|dollars|grants?|funds?|investments?)\b)")
_WHEN_CUES = re.compile(r"^\s*(?:and\s+)?when\b|^\s*how\s+soon\b|^\s*(?:in\s+|of\s+|by\s+)?(?:what|which)\s+(?:year|month)\b|\bwhen\s+(?:did|was|were|is|are|will|has|have|do|does)\b|\bwhat\s+date\b"
                        r"|\bwhat\s+days?\b|\bhow\s+long\s+ago\b|^\s*(?:at|from)\s+what\s+point\b|^\s*since\s+when\b"
                        r"|\b(?:release|launch|start|signing|announcement|effective"
                        # "whats the actual cutoff date for wind n solar projects" (71st round; "cutoff" is read as
                        # "threshold")
                        r"|cutoff|threshold|end|expiration|expiry|due|deadline)\s+date\b"
                        # "what's the deadline for workers to be vaccinated" (50th round)
                        r"|^\s*what\s+(?:is|was|are|were)\s+the\s+(?:[a-z]+\s+)?deadlines?\b"
                        # asked last: "… extended the pause on the china tariffs until when" (57th round)
                        r"|\b(?:until|till|til|by)\s+when\b\W*$"
                        # "how long does the NRC get to finish …": the deadline it was given (61st round)
                        r"|^\s*how\s+long\s+(?:does|do|did|will)\s+[^?]{0,60}?\s(?:get|have|has)\s+to\b"
                        # "how long is the dc national guard supposed to stay mobilized": until when (65th round)
                        r"|^\s*how\s+long\s+(?:is|are|was|were)\s+[^?]{0,60}?\s(?:supposed|expected|scheduled|set"
                        r"|due)\s+to\b")
# One word between "which" / "what" and what is asked for may say which of them ("which federal agencies", "which
# african countries"); not a verb or an article ("which is the agency …", "what did states …").
_QUALIFIER = r"(?!(?:is|are|was|were|do|does|did|has|have|had|will|can|of|the|a|an)\b)"
# How many of them the asker knows there are ("which 12 states were in the pilot", "what three companies …"): said
# between "which" / "what" and what is asked for, it does not change what is asked (round 55m).
_COUNT = (r"(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|several|few|other|\d+\s+other)"
          r"\s+)?")
_WHO_CUES = re.compile(
    # "list the big retailers n shippers that promised …": the ones that acted are the answer (71st round)
    r"^\s*(?:list|name)\s+(?:all\s+|every\s+)?(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:compan(?:y|ies)|firms|businesses"
    r"|retailers|shippers|carriers|suppliers|manufacturers|automakers|drugmakers|banks|unions|universities|hospitals)\b"
    r"(?=[^?]{0,40}\b(?:that|who|which)\b)|"
    # "which federal agencies signed …", "which state officials …" (50th round)
    r"^\s*whom?\b|\bwhich\s+" + _COUNT + r"(?:" + _QUALIFIER + r"[a-z-]+\s+)?"
    r"(?:agency|agencies|department|departments|office|offices|official|officials|group)\b"
    r"|^\s*(?:which|what)\s+(?:officials?|person|people|leaders?|advis[eo]rs?"
    # "which cabinet ppl n advisers signed off on …" (70th round)
    r"|cabinet\s+(?:members?|secretar(?:y|ies)|people|officials?))\b"
    r"|\bwhat\s+(?:agency|agencies|department|office)\b|\bwho\s+(?:runs|leads|signed|picked|is\s+in\s+charge|oversees"
    r"|manages|administers|announced|launched|heads"
    # "who reviews all the existing regs" (61st round): the one that acts on it is asked for
    r"|reviews|reviewed|approves|approved|decides|decided|enforces|coordinates|chairs|co-chairs|implements)\b"
    # "who gets to decide what the law means" (71st round)
    r"|\bwho\s+(?:gets?|got|has|have|had)\s+to\s+(?:decide|approve|review|sign|pick|choose|enforce|oversee|certify"
    r"|run|lead|name|appoint)\b"
    # "which ai companies made …", "which hospitals signed …": the companies or institutions that acted are the answer
    r"|^\s*(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?:compan(?:y|ies)|firms?|businesses|organi[sz]ations|hospitals"
    r"|universities|banks|unions|drugmakers|automakers|manufacturers|tribes?|tribal\s+nations?"
    # "which us lab signed …", "which discount pharmacy outfits r getting …" (68th round)
    r"|labs?|laborator(?:y|ies)|nonprofits?|charit(?:y|ies)|pharmac(?:y|ies)|outfits?|think\s+tanks?)\b"
    r"(?!\s+(?:fact\s*)?sheets?\b)"
    # "whats the name of that kindergarten teacher biden told …": a person's name is asked (69th round)
    r"|\bwhat\s+(?:is|was)\s+(?:the\s+)?names?\s+of\s+(?:the|that|this|those)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:teachers?|person|people|wom[ae]n|m[ae]n|guys?|lady|ladies|officials?|students?|workers?|nurses?|doctors?"
    r"|officers?|veterans?|farmers?|owners?|survivors?|moms?|dads?|mothers?|fathers?|kids?|girls?|boys?)\b"
)
_WHERE_CUES = re.compile(
    r"^\s*where\b|\bwhich\s+" + _COUNT + r"(?:states?|cities|city|towns?|count(?:y|ies)|places?|countries|country|regions?"
    r"|communities|locations?|territor(?:y|ies)|metros?|metro\s+areas?)\b"
    r"|\bwhat\s+" + _COUNT + r"(?:states?|cities|city|towns?|count(?:y|ies)|places?|countries|regions?|locations?)\b"
    # "which african countries …", "what other states …", "which us cities …": the places asked for, with one word that
    # says which of them (47th round); not a verb or article ("which is the state …", "what did states …")
    r"|^\s*(?:which|what)\s+" + _COUNT + _QUALIFIER + r"(?:non[-\s]?)?[a-z0-9]+\s+"
    # "which texas metros were on that list" (70th round)
    r"(?:countries|nations|states|cities|towns|counties|communities|regions|interstates|highways|territories|metros"
    r"|metro\s+areas)\b"
    r"(?!\s+(?:fact\s*)?sheets?\b)"
    # "list the states …", "name the cities …": the places are what is asked (thirty-first round)
    r"|^\s*(?:list|name|show\s+me)\s+(?:all\s+)?(?:the\s+)?(?:states?|cities|towns?|count(?:y|ies)|places?|countries"
    r"|regions?|locations?)\b"
    r"|\bwhere\s+(?:is|are|was|were|did)\b"
    # "which school did biden and jill visit …": what someone visited is a place (62nd round)
    r"|^\s*(?:which|what)\s+(?:[\w-]+\s+){1,3}?(?:did|does|will|is|was|are|were)\s+(?:[\w'’-]+\s+){1,5}?"
    r"(?:visit|visiting|tour|touring)\b(?!\s+(?:fact\s*)?sheets?\b)"
    # "what's the location of …", "the whereabouts of …", "what part of the country …" (thirty-second round)
    r"|^\s*what\s+(?:is\s+)?(?:the\s+)?(?:exact\s+)?location\s+of\b|\bwhereabouts\b|^\s*(?:in\s+)?what\s+part\s+of\b"
)
# A question that opens by asking for places ("which towns on route 66 are getting federal money …", "what states got
# broadband money"): the places are what is asked, whatever else it names, unless it asks how much.
_PLACES_OPEN = re.compile(r"^\s*(?:which|what)\s+" + _COUNT + r"(?:states?|cities|city|towns?|count(?:y|ies)|places?"
                          r"|communities|regions?|locations?)\b(?!\s+(?:fact\s*)?sheets?\b)")

# Words that carry the question, not its topic.
_QUESTION_WORDS = frozenset(["how", "much", "many", "big", "large", "what", "whats", "which", "who", "whom", "whose", "when", "where", "why", "is", "are", "was", "were", "do", "does", "did", "done", "doing", "can", "could", "would", "should", "will", "shall", "may", "might", "must", "tell", "me", "show", "give", "list", "find", "info", "any", "there", "here", "please", "i", "you", "we", "about", "regarding", "around", "on", "for", "to", "in", "of", "the", "a", "an", "and", "or", "with", "by", "from", "at", "into", "onto", "toward", "towards", "through", "via", "under", "over", "get", "gets", "getting", "got", "go", "went", "going", "put", "putting", "puts", "set", "aside", "spend", "spending", "spent", "spends", "invest", "investing", "invested", "invests", "pay", "paying", "paid", "contribute", "contributes", "contributing", "contributed", "money", "funding", "funded", "fund", "funds", "dollars", "dollar", "amount", "total", "size", "cost", "costs", "worth", "announce", "announced", "announces", "announcing", "announcement", "tout", "touted", "say", "said", "says", "unveil", "unveiled", "unveils", "reveal", "revealed", "reveals", "biden", "bidens", "harris", "emhoff", "trump", "trumps", "president", "presidents", "vice", "administration", "administrations", "white", "house", "government", "federal", "us", "u", "s", "new", "latest", "recent", "recently", "plus", "also", "just", "really", "already", "fact", "sheet", "sheets", "factsheet", "factsheets", "source", "sources", "document", "documents", "read", "more", "learn", "link", "links", "article", "articles", "write", "up", "ups", "covering", "cover", "covers", "talk", "talks", "talking", "mention", "mentions", "mentioned", "happened", "happen", "happens", "happening", "up", "did", "has", "have", "had", "been", "being", "be", "this", "that", "these", "those", "it", "its", "their", "them", "they", "nobody", "everybody", "anyone", "someone", "something", "anything", "everything", "things", "thing", "stuff", "lot", "lots", "request", "requested", "requesting", "requests", "ask", "asked", "asking", "budget", "proposal", "proposed", "propose", "proposes", "agency", "agencies", "department", "departments", "office", "offices", "runs", "run", "running", "leads", "lead_", "leading", "in_charge", "charge", "located", "location", "locations", "place", "places", "state", "states", "city", "cities", "country", "countries", "where", "when", "date", "ago", "since", "until", "till", "til", "between", "before", "after", "during", "last", "exactly", "exact", "roughly", "rough", "approximately", "approximate", "else", "besides"])
# Kept when they are most of what a question says ("what is the gold card visa").
_SOFT_WORDS = frozenset({"plan", "program", "programs", "rules", "rule", "policy", "order", "act", "law"})
# Filler that never helps find an initiative.
_FILLER = frozenset({"extra", "called", "out", "made", "make", "making", "doing", "done", "help", "helping", "taking",
                     "take", "took", "taken", "takes", "each", "every", "all", "some", "most", "top", "big", "bigger", "biggest",
                     "ever", "still", "yet", "now", "today", "tonight", "tomorrow", "yesterday", "week",
                     "signed", "sign", "handing", "hand", "off", "picked", "pick", "agree", "agreed", "launch",
                     "launched", "release", "released", "declare", "declared", "designated", "designate", "require",
                     "requires", "reset", "mark", "marks", "want", "need", "know", "like", "kind", "sort", "ways",
                     "way", "say", "much", "give", "gave", "dedicate", "dedicated", "award", "awarded", "awards",
                     "commit", "committed", "commitment", "commitments", "joined", "join", "open",
                     "available", "provide", "provided", "providing", "receive", "received", "receiving",
                     "pass", "passed", "reach", "reached", "hit", "million", "millions", "billion", "billions",
                     "trillion", "thousand", "hundred", "teh", "hte", "adn", "rid", "get", "came", "come", "comes", "coming",
                     "alongside", "together", "among", "amongst", "warning", "warn", "warns", "warned",
                     "because", "whether", "although", "though", "unless", "if",  # how a clause joins, not a topic
                     # the asker's age word, like "new": the sheets say "former", "abandoned", "aging", "legacy" (42nd round)
                     "old",
                     # "how much is it suppose(d) to bring in": how the asker hedges, never the topic (ninth stop)
                     "suppose", "supposed",
                     "soon",  # "how soon did biden want a first report": asked as when (66th round)
                     # how people type around a question (thirty-second round): chat short forms and words of emphasis,
                     # "… pls", "lol", "tbh", "what did biden actually announce", "officially": never the topic, and
                     # as rare words no sheet's sentence holds they left the question unanswered
                     "pls", "plz", "lol", "lmao", "thx", "tysm", "tbh", "btw", "idk", "imo", "imho", "fyi", "lmk",
                     "ngl", "omg", "haha", "ty", "actually", "basically", "specifically", "literally", "honestly",
                     "seriously", "officially", "even", "approx", "anyway", "anyways", "kinda", "sorta",
                     # "what does the order let doe do", "does the memo let partners get": how the question asks what
                     # is allowed; the sheets write "allow", "authorize" or the act itself (65th round)
                     "let", "lets", "letting",
                     # "for finally expanding medicaid": how the asker feels about when it came (69th round)
                     "finally"})
# Verbs that name the event a "when" question asks about: not part of the topic, but a fact sheet
# whose title says it ("Launches the SAVE Plan") is the one that answers.
HINT_VERBS = frozenset({"launch", "launched", "launches", "sign", "signed", "signs", "declare", "declared",
                        "declares", "designate", "designated", "designates", "reset", "resets", "release",
                        "released", "releases", "announce", "announced", "announces", "unveil", "unveiled",
                        "establish", "established", "create", "created", "issue", "issued", "issues",
                        "commit", "commits", "committed"})
# People a question may name as the one who acted ("how much did Harris announce"); a sheet whose
# title names them alone ("Vice President Harris Announces …", not "Biden-Harris Administration") is theirs.
SPEAKERS = frozenset({"biden", "harris", "trump", "vance", "emhoff"})
# Words that, when they are the topic's only words, still carry it.
_KEEP_IF_ALONE = frozenset({"award", "awards", "commitments", "deal", "deals", "sign", "order"})


@dataclass(frozen=True, slots=True)
class Reading:
    """How a question was understood."""

    text: str
    intent: str
    topic: tuple[str, ...]  # the topic's words, folded, as the question says them
    expanded: tuple[str, ...] = ()  # words the paraphrase table adds ("toxic pipes" → lead, service, line)
    phrases: tuple[str, ...] = ()  # the paraphrases used, "toxic pipes → lead pipes", for the reader
    year: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    agency: str | None = None  # the acronym key of AGENCIES ("EPA"), or the name as given
    state: str | None = None
    document: str | None = None  # "the CHIPS fact sheet" → "CHIPS"
    kind: str | None = None  # KIND_*
    fiscal: bool = False  # the year is a fiscal year ("FY2024", "the 2024 budget")
    hints: tuple[str, ...] = ()  # event verbs ("launch"): a sheet whose title says them is preferred
    capitals: tuple[str, ...] = ()  # topic words written in capitals ("SAVE"): names, matched as written
    amounts: tuple[float, ...] = ()  # dollar figures the question names ("the $3 billion to replace …")
    speakers: tuple[str, ...] = ()  # who the question says acted ("did harris announce"): "harris"
    soft: tuple[str, ...] = ()  # topic words that are the question's own verb ("is indonesia buying"): weigh less
    earliest: bool = False  # "biden's first national monument": of the sheets that answer equally, the oldest
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def topic_text(self) -> str:
        return " ".join(self.topic)

    @property
    def search_words(self) -> tuple[str, ...]:
        """Topic words then paraphrase words, each once."""
        return tuple(dict.fromkeys([*self.topic, *self.expanded]))

    def window(self) -> tuple[dt.date | None, dt.date | None]:
        """The dates a fact sheet must fall in, from the year or the range (None: open)."""
        if self.date_from or self.date_to:
            return self.date_from, self.date_to
        if self.year is None:
            return None, None
        if self.kind == KIND_REQUEST or (self.fiscal and _BUDGET_NAMED.search(self.text.lower())):
            # The budget for fiscal year Y is sent to Congress early in calendar year Y-1 and the sheets
            # that recall it ("In his FY2024 budget proposal …") follow within that year.
            return dt.date(self.year - 1, 1, 1), dt.date(self.year - 1, 12, 31)
        if self.fiscal:  # fiscal year Y: October of Y-1 to September of Y
            return dt.date(self.year - 1, 10, 1), dt.date(self.year, 9, 30)
        return dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)

    def filters_text(self) -> list[str]:
        parts: list[str] = []
        if self.date_from or self.date_to:
            parts.append(_range_text(self.date_from, self.date_to))
        elif self.year is not None:
            parts.append(f"FY{self.year}" if self.fiscal or self.kind == KIND_REQUEST else str(self.year))
        if self.agency:
            parts.append(self.agency)
        if self.state:
            parts.append(self.state)
        if self.document:
            parts.append(f"fact sheet “{self.document}”")
        if self.kind:
            parts.append(KIND_LABELS.get(self.kind, self.kind))
        return parts

    def summary(self) -> str:
        """"funding · topic lead pipe replacement · 2023 · EPA"."""
        head = [self.intent if self.intent != NONE else "not a question about the fact sheets"]
        if self.topic:
            head.append(f"topic {self.topic_text}")
        head += self.filters_text()
        return " · ".join(head)


def _range_text(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        if start.day == 1 and end == _month_end(end.year, end.month):
            if (start.year, start.month) == (end.year, end.month):
                return start.strftime("%B %Y")
            if start.month == 1 and end.month == 12 and start.year == end.year:
                return str(start.year)
            return f"{start.strftime('%B %Y')} to {end.strftime('%B %Y')}"
        return f"{start.isoformat()} to {end.isoformat()}"
    if start:
        return f"since {start.isoformat()}"
    if end:
        return f"before {end.isoformat()}"
    return ""


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


# ---- dates -------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Dates:
    year: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    fiscal: bool = False
    spans: list[tuple[int, int]] = field(default_factory=list)  # where in the text they were said


# A month said without a year or a day: a full name ("the december order"), or after "in", "last", a possessive …
# ("in march", "trump's may order": "may" and "march" are words of their own, and so are the short forms elsewhere).
_MONTH_ALONE = re.compile(
    r"(?:(?<!\bof\s)\b(?P<month>january|february|april|june|july|august|september|october|november|december)"
    r"|(?:\b(?:in|last|this|since|during|early|late|mid)\s+|['’]s\s+)"
    r"(?P<month2>march|may|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)\b(?!\.?,?\s*\d)")


# A day or a month written in figures (twenty-ninth round): "3/16/2022", "3/16/22", "2022-03-16"; "10/2024".
_NUMERIC_DAY = re.compile(r"(?<![\d/.$-])(?:(?P<month>1[0-2]|0?[1-9])/(?P<day>3[01]|[12]\d|0?[1-9])/(?P<year>(?:19|20)\d\d|\d\d)"
                          r"|(?P<iso_year>(?:19|20)\d\d)-(?P<iso_month>1[0-2]|0[1-9])-(?P<iso_day>3[01]|[12]\d|0[1-9]))"
                          r"(?![\d/.-]*\d)")
_NUMERIC_MONTH = re.compile(rf"(?<![\d/.$-])(1[0-2]|0?[1-9])\s*/\s*({_YEAR})(?![\d/])")


def _month_year(month_word: str, year_text: str | None, today: dt.date) -> tuple[int, int]:
    month = _MONTHS[month_word.lower().rstrip(".")]
    if year_text:
        return int(year_text), month
    year = today.year if month <= today.month else today.year - 1  # "in March": the last March
    return year, month


# A quarter or a half of a year (45th round): "q1 2025", "in the second quarter of 2023", "the first half of 2022"
# name three or six months, as a season does; read as the bare year they filtered the whole year. (Not "h2 2024":
# H2 is hydrogen in the sheets.)
_ORDINAL_PARTS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": 0}
_PART_OF_YEAR = re.compile(
    rf"\b(?:q(?P<q>[1-4])|(?P<quarter>first|1st|second|2nd|third|3rd|fourth|4th|last)\s+quarter"
    rf"|(?P<half>first|1st|second|2nd|last)\s+half)\s*(?:of\s+|,\s*)?(?P<year>{_YEAR})\b")


# A holiday or a month the nation keeps, with its year, placed as a time ("before juneteenth 2024", "on thanksgiving
# 2021", "during black history month 2023"): the month it falls in, as a season names its months (47th round). The
# holiday's name stays in the topic: sheets timed for it name it ("… Ahead of Juneteenth National Independence Day").
# Only after a word that places a time: "his earth day 2022 executive order" names the order, and its year is the
# year; a holiday alone is a topic word. (Not "since" or "after", which open a span; not Easter, Hanukkah or Hispanic
# Heritage Month: their months vary or straddle.)
_HOLIDAY_MONTHS = {  # the regex below reads each apostrophe as optional ("new years day", "presidents day")
    "new year's day": 1, "mlk day": 1, "martin luther king day": 1, "martin luther king jr day": 1,
    "black history month": 2, "presidents' day": 2, "president's day": 2, "valentine's day": 2,
    "women's history month": 3, "earth day": 4, "memorial day": 5, "juneteenth": 6, "pride month": 6,
    "independence day": 7, "fourth of july": 7, "4th of july": 7, "labor day": 9, "halloween": 10, "veterans' day": 11,
    "thanksgiving": 11, "christmas": 12, "new year's eve": 12,
}
_HOLIDAY_MONTH_BY_NAME = {name.replace("'", ""): month for name, month in _HOLIDAY_MONTHS.items()}
_HOLIDAY = re.compile(
    r"\b(?:before|ahead\s+of|around|on|during|over|near|leading\s+up\s+to)\s+(?:the\s+)?("
    + "|".join(sorted((re.escape(name).replace("'", "['’]?") for name in _HOLIDAY_MONTHS), key=len, reverse=True))
    + rf")(?:\s+day)?,?\s+(?:of\s+)?(?P<year>{_YEAR})\b")


def _holiday_month(match: re.Match[str]) -> int:
    """The month of the holiday a ``_HOLIDAY`` match names."""
    return _HOLIDAY_MONTH_BY_NAME[re.sub(r"['’]", "", match.group(1))]


def _part_of_year(match: re.Match[str]) -> tuple[int, int]:
    """The first and last month of the quarter or half a ``_PART_OF_YEAR`` match names."""
    if match.group("q") or match.group("quarter"):
        quarter = int(match.group("q")) if match.group("q") else (_ORDINAL_PARTS[match.group("quarter")] or 4)
        return 3 * quarter - 2, 3 * quarter
    half = _ORDINAL_PARTS[match.group("half")] or 2
    return 6 * half - 5, 6 * half


# Two years joined by a dash ("in 2022-2023", "2021–23"): the years from the first to the second, as "between 2022 and
# 2023" is. Read before the sums, where "2022-2023" was a subtraction and the question "not about the sheets". A
# year's month ("2022-03") is no span: the second figure must come after the first.
_YEAR_SPAN = re.compile(rf"(?<![\d/.$-])({_YEAR})[-–—]({_YEAR}|\d\d)(?![\d/.-])")  # "2022 - 2023" is still a sum


def _year_span(text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The first and last year of a dashed span of years in ``text``, and where it stands."""
    for match in _YEAR_SPAN.finditer(text):
        first, end_text = int(match.group(1)), match.group(2)
        last = int(end_text) if len(end_text) == 4 else first // 100 * 100 + int(end_text)
        if first < last <= first + 20:
            return (first, last), match.span()
    return None


def _read_dates(text: str, today: dt.date) -> _Dates:
    """Years, fiscal years, months, seasons and relative dates, in the lower-cased question."""
    out = _Dates()

    def take(match: re.Match[str]) -> None:
        out.spans.append(match.span())

    # "fiscal 2024" is a fiscal year too (thirty-second round), but only before a year written as one ("fiscal 24" no)
    fiscal = re.search(r"\b(?:fy|fiscal\s+year)\s*[-'’]?\s*((?:19|20)?\d\d)\b|\bfiscal\s+((?:19|20)\d\d)\b"
                       r"|\b((?:19|20)\d\d)\s+fiscal\s+year\b", text)
    if fiscal:
        value = int(fiscal.group(1) or fiscal.group(2) or fiscal.group(3))
        out.year, out.fiscal = (value if value > 99 else 2000 + value), True
        take(fiscal)
        return out
    between = re.search(rf"\bbetween\s+({_YEAR})\s+and\s+({_YEAR})\b|\bfrom\s+({_YEAR})\s+(?:to|through|thru|until|till)\s+({_YEAR})\b",
                        text)
    span_of_years = _year_span(text)
    if span_of_years is not None:  # "in 2022-2023", "2021–23": those years (45th round)
        (first, last), span = span_of_years
        out.date_from, out.date_to = dt.date(first, 1, 1), dt.date(last, 12, 31)
        out.spans.append(span)
        return out
    if between:
        first = int(between.group(1) or between.group(3))
        last = int(between.group(2) or between.group(4))
        out.date_from, out.date_to = dt.date(min(first, last), 1, 1), dt.date(max(first, last), 12, 31)
        take(between)
        return out
    since = re.search(rf"\b(since|after|from|starting)\s+(?:(?:the\s+)?(?:start|beginning)\s+of\s+)?"
                      rf"(?:({_MONTH_WORD})\.?\s+)?({_YEAR})?\b", text)
    before = re.search(rf"\b(before|until|prior\s+to)\s+(?:({_MONTH_WORD})\.?\s+)?({_YEAR})\b", text)
    # "october 2024", "october of 2024", "oct '24" (twenty-ninth round: "of" and a year's last two figures)
    month = re.search(rf"\b({_MONTH_WORD})\.?,?\s+(?:of\s+)?({_YEAR}|['’]\d\d)(?!\d)", text)
    # the month after its year ("in 2024 october", "in 2024 in october"; thirtieth round); "may" and "march" only at the
    # end, where they cannot be verbs ("in 2024 may the …")
    month_after = None if month else re.search(
        rf"\b({_YEAR}),?\s+(?:in\s+)?(?:((?!may\b|march\b)(?:{_MONTH_WORD}))\b\.?|(may|march)\s*[?.!]?\s*$)(?!\s*\d)", text)
    # a day ("on march 16 2022", "march 16th, 2022", "16 march 2022"): the sheets of that day
    on_day = re.search(rf"\b({_MONTH_WORD})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+({_YEAR})\b", text) or \
        re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_WORD})\.?,?\s+({_YEAR})\b", text)
    season = re.search(rf"\b(spring|summer|fall|autumn|winter)\s+(?:of\s+)?({_YEAR})\b", text)
    part = _PART_OF_YEAR.search(text)
    numeric_day = _NUMERIC_DAY.search(text)
    numeric_month = None if numeric_day else _NUMERIC_MONTH.search(text)
    if since and (since.group(2) or since.group(3)) and (since.group(1) != "from" or since.group(2)):
        if since.group(3):
            year, month_number = int(since.group(3)), _MONTHS[since.group(2)] if since.group(2) else 1
        else:
            year, month_number = _month_year(since.group(2), None, today)
        out.date_from = dt.date(year, month_number, 1)
        if since.group(1) == "from" and not _FROM_ON.match(text, since.end()):
            # "the fact sheets … from july 2021": what is dated that month, as "from 2021" is that year; "from july 2021
            # on", "from july 2021 to …" open a span (round 54m)
            out.date_to = _month_end(year, month_number)
        take(since)
        return out
    if before:
        year = int(before.group(3))
        month_number = _MONTHS[before.group(2)] if before.group(2) else 1
        out.date_to = dt.date(year, month_number, 1) - dt.timedelta(days=1)
        take(before)
        return out
    if part:  # "q1 2025", "the second quarter of 2023", "the first half of 2022": those months
        first, last = _part_of_year(part)
        year = int(part.group("year"))
        out.date_from, out.date_to = dt.date(year, first, 1), _month_end(year, last)
        take(part)
        return out
    holiday = _HOLIDAY.search(text)
    if holiday:  # "before juneteenth 2024": the month it falls in; the holiday's name stays a topic word
        year, month_number = int(holiday.group("year")), _holiday_month(holiday)
        out.date_from, out.date_to = dt.date(year, month_number, 1), _month_end(year, month_number)
        out.spans.append(holiday.span("year"))
        return out
    if season:
        first, last = _SEASONS[season.group(1)]
        year = int(season.group(2))
        out.date_from = dt.date(year, first, 1)
        out.date_to = _month_end(year + 1, last) if last < first else _month_end(year, last)
        take(season)
        return out
    if on_day:
        if on_day.group(1).isdigit():
            month_word, day_text = on_day.group(2), on_day.group(1)
        else:
            month_word, day_text = on_day.group(1), on_day.group(2)
        with contextlib.suppress(ValueError):  # "february 30": no such day, read the month below
            out.date_from = out.date_to = dt.date(int(on_day.group(3)), _MONTHS[month_word.rstrip(".")], int(day_text))
            take(on_day)
            return out
    if numeric_day:  # "on 3/16/2022", "2022-03-16": the sheets of that day, month first as in the US
        parts = numeric_day.groupdict()
        year_text = parts["year"] or parts["iso_year"]
        year = int(year_text) if len(year_text) == 4 else 2000 + int(year_text)
        with contextlib.suppress(ValueError):
            out.date_from = out.date_to = dt.date(year, int(parts["month"] or parts["iso_month"]),
                                                  int(parts["day"] or parts["iso_day"]))
            take(numeric_day)
            return out
    if numeric_month and 1 <= int(numeric_month.group(1)) <= 12:  # "in 10/2024": that month
        year, month_number = int(numeric_month.group(2)), int(numeric_month.group(1))
        out.date_from, out.date_to = dt.date(year, month_number, 1), _month_end(year, month_number)
        take(numeric_month)
        return out
    if month_after:
        year, month_number = int(month_after.group(1)), _MONTHS[month_after.group(2) or month_after.group(3)]
        out.date_from, out.date_to = dt.date(year, month_number, 1), _month_end(year, month_number)
        take(month_after)
        return out
    if month:
        year_text = month.group(2).lstrip("'’")
        year, month_number = int(year_text) if len(year_text) == 4 else 2000 + int(year_text), _MONTHS[month.group(1)]
        out.date_from, out.date_to = dt.date(year, month_number, 1), _month_end(year, month_number)
        take(month)
        return out
    relative = re.search(r"\b(last|this|past)\s+(month|year|week)\b|\bin\s+the\s+(?:past|last)\s+(\d+)\s+(days|weeks|months|years)\b"
                         r"|\b(yesterday|today)\b", text)
    if relative:
        take(relative)
        if relative.group(5):
            day = today - dt.timedelta(days=1) if relative.group(5) == "yesterday" else today
            out.date_from = out.date_to = day
        elif relative.group(3):
            count, unit = int(relative.group(3)), relative.group(4)
            days = {"days": 1, "weeks": 7, "months": 30, "years": 365}[unit] * count
            out.date_from, out.date_to = today - dt.timedelta(days=days), today
        else:
            which, unit = relative.group(1), relative.group(2)
            if unit == "month":
                if which == "this":
                    out.date_from, out.date_to = dt.date(today.year, today.month, 1), today
                elif which == "past":
                    out.date_from, out.date_to = today - dt.timedelta(days=30), today
                else:
                    year, month_number = _shift_month(today.year, today.month, -1)
                    out.date_from, out.date_to = dt.date(year, month_number, 1), _month_end(year, month_number)
            elif unit == "year":
                if which == "this":
                    out.year = today.year
                elif which == "past":
                    out.date_from, out.date_to = today - dt.timedelta(days=365), today
                else:
                    out.year = today.year - 1
            else:
                start = today - dt.timedelta(days=today.weekday() + (7 if which == "last" else 0))
                out.date_from = start
                out.date_to = start + dt.timedelta(days=6) if which == "last" else today
        return out
    years = [m for m in re.finditer(rf"(?<![\d$.,])({_YEAR})(?![\d%]|\s*(?:billion|million|trillion))", text)
             if (int(m.group(1)) <= today.year or re.match(r"\s*budget\b", text[m.end():]))
             and not _names_a_past_event(text, m, today)]
    alone = None if years else _MONTH_ALONE.search(text)
    if alone:  # "trump's december order", "in october": the last such month begun before the day asked
        which = "month" if alone.group("month") else "month2"
        month_number = _MONTHS[alone.group(which)]
        year = today.year if (today.month, today.day) > (month_number, 1) else today.year - 1
        out.date_from, out.date_to = dt.date(year, month_number, 1), _month_end(year, month_number)
        out.spans.append(alone.span(which))
        return out
    # A year still to come ("the 2032 olympics") cannot be when a sheet came out: it names the thing
    # and stays in the topic (a budget for a later year is a fiscal year, read above).
    if years:
        match = years[-1]
        out.year = int(match.group(1))
        before_text = text[max(0, match.start() - 20):match.start()]
        after_text = text[match.end():match.end() + 20]
        out.fiscal = bool(re.search(r"\bbudget\b", after_text) or re.search(r"\bbudget\s+(?:for|in)\s+$", before_text))
        take(match)
    return out


# A year long past written as part of a name ("the 1908 race riot", "1921 tulsa massacre", "the 1965 voting rights
# act"): what the sheets call the thing they honour or recall, not when a sheet came out. Only before a word, not after
# a word that places a date ("in 1965", "since 1972"), and only twenty years or more before the day asked: a recent
# year before a word ("the 2024 summit") still says when.
_PLACES_A_DATE = re.compile(r"\b(?:in|since|from|during|before|after|until|till|by|between|of|and|to|through|around"
                            r"|circa|year|years|back|early|late|mid)\s*$")
_NAME_AFTER_YEAR = re.compile(r"\s+(?!(?:and|to|or|through|until|till|when|then|while|as|budget)\b)[a-z]{3,}")
_YEARS_BEFORE_ANY_SHEET = 20
# Events named by their year, prepared for and written about years ahead: the year names the event, not a sheet's date.
_EVENT_AFTER_YEAR = re.compile(r"\s+(?:fifa\s+|men['’]?s\s+|women['’]?s\s+)?(?:world\s+cups?|olympics?|olympic\s+games"
                               r"|paralympics?|paralympic\s+games|winter\s+games|summer\s+games|census)\b")


def _names_a_past_event(text: str, match: re.Match[str], today: dt.date) -> bool:
    """The year is part of the name of what is asked about ("the 1908 race riot"), not a date filter."""
    if _EVENT_AFTER_YEAR.match(text, match.end()):
        return True  # "the 2026 world cup": the sheets preparing for it are dated years before (57th round)
    if int(match.group(1)) > today.year - _YEARS_BEFORE_ANY_SHEET:
        return False
    return (_NAME_AFTER_YEAR.match(text, match.end()) is not None
            and _PLACES_A_DATE.search(text, 0, match.start()) is None)


# How the asker places a date more loosely or more closely than the sheets date it ("back in 2022", "sometime in
# 2021", "in early october 2024", "at the end of march 2023", "the first week of may 2024", "in the year 2021"): words
# right before the date that the filter already says (thirty-second round). Left in the topic they were words no
# sheet's sentence on the topic holds ("early", "sometime"), and the question went unanswered. The filter stays the
# whole month or year: "early october" is not a day the sheets can be narrowed to.
_DATE_QUALIFIERS = frozenset({"back", "sometime", "early", "earlier", "mid", "late", "later", "beginning", "start",
                              "end", "middle", "half", "week", "weeks", "month", "year", "calendar", "circa", "first",
                              "second", "last", "final"})
_DATE_LINKS = frozenset({"in", "of", "the", "during", "at", "on", "by", "around", "way", "all", "that"})
_WORD_BEFORE = re.compile(r"([\w'’]+)[\s,-]*$")


def _with_qualifiers(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The date's span grown over the asker's qualifiers right before it ("back in", "early", "the end of")."""
    start, new_start = span[0], span[0]
    for _ in range(8):
        match = _WORD_BEFORE.search(text, 0, start)
        if match is None:
            break
        word = match.group(1).lower()
        if word in _DATE_QUALIFIERS:
            new_start = start = match.start()
        elif word in _DATE_LINKS:
            start = match.start()
        else:
            break
    return new_start, span[1]


# ---- the reading -------------------------------------------------------------------------------


# "… to nevada", "… – nevada" right after a state: the two are the ends of a route.
_ROUTE_TO_STATE = re.compile(r"\s*(?:to|-|–)\s*(?P<state>"
                             + "|".join(re.escape(name.lower()) for name in sorted(STATES, key=len, reverse=True))
                             + r")\b")


# One pattern per state, compiled once: built per question they crowd the regular-expression cache
# (56 names), and every question pays for compiling them again.
# Names that end another state's or place's name ("West Virginia", "New Mexico", "New York City"): read only where
# no such word comes before them (``_STATE_NOT_AFTER``), and never with a possessive "s" ("the virginias").
_NAME_IN_ANOTHER = frozenset({"Virginia", "Carolina", "Dakota", "Mexico", "York", "Jersey", "Hampshire"})
# (a whole state's name may carry its possessive without the apostrophe: "did dot give hawaiis dot"; 65th round)
_STATE_PATTERNS = tuple((name, re.compile(rf"\b{re.escape(name.lower())}"
                                          + (r"(?:s\b|\b)" if " " not in name and not name.endswith("s")
                                             and name not in _NAME_IN_ANOTHER else r"\b")))
                        for name in STATES)


# A state by its postal code (twenty-ninth round): "in TX", "in N.C.", "is OH getting", and in lower case after "in"
# ("in tx") when the code is no word or common short form of its own.
_CODE_SAID = re.compile(r"\b(?:in|across)\s+(?:([A-Z])\.([A-Z])\.|(?P<code>[A-Za-z]{2})\b(?![.'’-]\w))"
                        r"|\b(?P<subject>[A-Z]{2})\s+(?=(?:get|gets|getting|got|receive[sd]?|receiving)\b)")
_CODES_THAT_ARE_WORDS = frozenset({"in", "me", "oh", "hi", "ok", "or", "pa", "de", "la", "ma", "al", "co", "id", "mo",
                                   "ne", "wa", "va", "gu", "vi", "ms", "md", "ut", "nd"})
# A code in capitals anywhere in a question not typed in capitals ("racine WI", "its TX wafer plant"; thirty-first
# round): only the codes that are no word and no common short form of something else in capitals (not "CT" scans,
# "AR", "MS", "PR", "SC", "IA", "NE", "DE" …).
_CODE_IN_CAPITALS = re.compile(r"(?<![\w.&/-])(?P<code>AZ|AK|FL|IL|KS|KY|MI|MN|MT|NC|NH|NJ|NM|NV|NY|RI|SD|TN|TX|VT|WI|WV|WY)"
                               r"(?![\w.&/-])")


# A town and its state's postal code closing the question, as an address is written ("in hershey pa", "in racine,
# wi"): after a place's name the two letters can only be its state, even a code that is a word elsewhere ("pa", "md").
# Not the codes a chat ends with or that name something else as often ("ok", "hi", "me", "or", "in", "va", "la").
# 61st round: or closing the clause before a dash ("the retrofit in clinton nc - how much was it").
_TOWN_THEN_CODE = re.compile(r"\bin\s+(?P<town>[a-z][a-z.'’-]+(?:\s+[a-z][a-z.'’-]+)?),?\s+(?P<code>[a-z]{2})"
                             r"(?:\s*[?.!]*\s*$|\s+[-–—]\s)")
_CODES_NOT_AFTER_TOWN = frozenset({"ok", "hi", "me", "or", "in", "va", "la"})


# "<town> <code>" before a place in it, anywhere in the question ("how much did the faa give columbia sc airport",
# "the savannah ga port"): the code names the state (round 55m).
_TOWN_CODE_PLACE = re.compile(r"\b(?P<town>[a-z][a-z.'’-]{2,}),?\s+(?P<code>[a-z]{2})\s+(?=(?:regional\s+|international\s+)?"
                              r"(?:airports?|ports?|harbou?rs?|plants?|factor(?:y|ies)|facilit(?:y|ies)|bridges?|shipyards?"
                              r"|mines?|mills?|refiner(?:y|ies)|smelters?|hospitals?|campus(?:es)?|bases?|terminals?"
                              r"|stations?|projects?|sites?)\b)")


# "<town> <code>" as the subject of what happened to it ("augusta ga got named a workforce hub"; 61st round): only a
# code that is no word of its own ("la was", "me is" are not states).
_TOWN_CODE_SUBJECT = re.compile(r"^\s*(?P<town>[a-z][a-z.'’-]{2,}(?:\s+[a-z][a-z.'’-]{2,})?),?\s+(?P<code>[a-z]{2})\s+"
                                r"(?=(?:got|gets|getting|was|is|will|has|had)\b)")


def _town_then_code(lowered: str) -> tuple[str, tuple[int, int]] | None:
    """The state a question's closing "in <town> <code>" names, a "<town> <code>" before a place in it or opening the
    question as its subject, and where its code stands."""
    match = _TOWN_THEN_CODE.search(lowered) or _TOWN_CODE_PLACE.search(lowered)
    if match is None and (subject := _TOWN_CODE_SUBJECT.search(lowered)) is not None \
            and subject.group("code") not in _CODES_THAT_ARE_WORDS:
        match = subject
    if match is None or match.group("code") in _CODES_NOT_AFTER_TOWN or match.group("code").upper() not in STATE_CODES:
        return None
    town = match.group("town").split()
    if any(word in _QUESTION_WORDS or word in _MONTHS or word in _FILLER for word in town):
        return None  # "in the us pa", "in march md": no town before the code
    return STATE_CODES[match.group("code").upper()], match.span("code")


def _slips_of(name: str) -> set[str]:
    """A state's name with one letter left out or added, or two side by side swapped, its first and last letters
    kept ("wisocnsin", "marlyand", "haawii")."""
    inner = range(1, len(name) - 1)
    slips = {name[:n] + name[n + 1:] for n in inner}
    slips |= {name[:n] + name[n + 1] + name[n] + name[n + 2:] for n in range(1, len(name) - 2)}
    slips |= {name[:n] + letter + name[n:] for n in range(1, len(name)) for letter in "abcdefghijklmnopqrstuvwxyz"}
    return slips - {name}


# A state's name of six letters or more typed with one slip of the keys (thirty-first round). Only one-word names
# ("Washington" alone is the city), and never a state's own name.
_STATE_NAMES_LOWER = frozenset(name.lower() for name in STATES)
_STATE_SLIPS = {slip: name for name in sorted(STATES, reverse=True)
                if " " not in name and len(name) >= 6 and name != "Washington"
                for slip in _slips_of(name.lower()) if slip not in _STATE_NAMES_LOWER}


# A state's name that begins a meeting's name ("the puerto rico economic dialogue", "the alaska tribal summit"): the
# meeting is the topic, as "the Colorado River" is; the state is no filter on its own.
_NAMES_A_MEETING = re.compile(r"(?:\s+(?!(?:at|the|in|on|for|of|to|and|a|an|with|by|from|get|got|gets|did|was|is|will"
                              r"|has|had)\b)[a-z]+){0,2}?\s+(?:dialogues?|summits?|conferences?|forums?|roundtables?"
                              r"|convenings?|symposi(?:um|a))\b")


def _find_state(raw: str) -> tuple[str | None, tuple[int, int] | None]:
    lowered = raw.lower()
    best: tuple[int, str, tuple[int, int]] | None = None
    for name, pattern in _STATE_PATTERNS:
        for match in pattern.finditer(lowered):
            if name == "Washington" and not re.search(r"\bwashington\s+state\b|\bstate\s+of\s+washington\b", lowered):
                continue
            if name in _NAME_IN_ANOTHER and \
                    _STATE_NOT_AFTER.search(lowered[:match.start()]):
                continue
            if re.match(r"\s+(?:river|basin|plateau|street|avenue|county|city|valley|delta|bay|sound|lake)\b",
                        lowered[match.end():]):
                continue  # "the Colorado River", "Kansas City": a place named after the state
            if re.search(r"\b(?:east|west)\s+of\s+the\s+$", lowered[:match.start()]):
                continue  # "the biggest tribe east of the mississippi": the river (68th round)
            if re.match(r"\s*-?\s*class\b", lowered[match.end():]):
                continue  # "the virginia class subs", "ohio-class": a class of ships named after the state (52nd round)
            if _NAMES_A_MEETING.match(lowered, match.end()):
                continue  # "the first puerto rico economic dialogue": a meeting's name, not where money goes (45th round)
            if name == "Georgia" and re.search(r"\bcountry\s+of\s+georgia\b", lowered):
                continue
            route = _ROUTE_TO_STATE.match(lowered, match.end())
            if route is not None and route.group("state") != name.lower():
                return None, None  # "the idaho to nevada transmission line": a route, not where the money goes
            span = match.span()
            if best is None or len(name) > best[0]:
                best = (len(name), name, span)
    if best is None:
        coded = re.search(r",\s*([A-Z]{2})\b", raw)
        if coded and coded.group(1) in STATE_CODES:
            return STATE_CODES[coded.group(1)], coded.span()
        for match in _CODE_SAID.finditer(raw):
            code = "".join(part for part in match.groups() if part)
            lowered_code = code.lower()
            if code.upper() not in STATE_CODES or code.upper() in ("VA", "LA"):
                continue  # "VA" is the agency as often as Virginia, "LA" the city as often as Louisiana
            if code != code.upper() and (lowered_code in _CODES_THAT_ARE_WORDS or match.group(3) is None):
                continue  # lower case only after "in" and never a word of its own ("in or out", "in la")
            return STATE_CODES[code.upper()], match.span(match.lastindex or 0)
        town_code = _town_then_code(lowered)
        if town_code is not None:
            return town_code
        if not raw.isupper():
            capitals = _CODE_IN_CAPITALS.search(raw)
            if capitals:
                return STATE_CODES[capitals.group("code")], capitals.span()
        for match in re.finditer(r"\b[a-z]{6,}\b", lowered):
            if match.group() in _STATE_SLIPS:
                return _STATE_SLIPS[match.group()], match.span()
        return None, None
    return best[1], best[2]


def _agency_pattern(names: dict[str, str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


# Every way of naming each agency, in one pattern for the capitals-only acronyms and one for the rest (written
# names, lower case): a question is read with two searches, not one per agency.
_AGENCY_BY_CAPITALS = {key: key for key in AGENCIES if key in _CAPITALS_ONLY}
_AGENCY_BY_LOWER = {name: key for key, (full, aliases) in reversed(list(AGENCIES.items()))
                    for name in ((key.lower(),) if key not in _CAPITALS_ONLY else ()) + (full.lower(), *aliases)}
_AGENCY_CAPITALS = _agency_pattern(_AGENCY_BY_CAPITALS)
_AGENCY_LOWER = _agency_pattern(_AGENCY_BY_LOWER)


# A department named by its bare word (or "dept") as who acted: "did commerce award", "did the labor dept announce",
# "what rule did commerce propose". A bare word elsewhere stays a topic ("commerce", "energy prices").
_DEPARTMENT_WORDS = {"agriculture": "USDA", "commerce": "DOC", "education": "ED", "energy": "DOE", "justice": "DOJ",
                     "labor": "DOL", "interior": "DOI", "treasury": "Treasury", "transportation": "DOT",
                     # "how much did va put out …": Veterans Affairs, lower case, as the one that acts (64th round)
                     "va": "VA"}
_ACTING_VERBS = (r"award|announce|propose|issue|release|launch|give|provide|invest|spend|fund|grant|commit|finalize"
                 r"|open|say|ask|put|approve|select|allocate|send|make|do|unveil|roll"
                 # what a department does to companies or rules: "did commerce add … to the entity list" (64th round)
                 r"|add|impose|ban|block|restrict|sanction|designate|publish|create|establish|extend|expand"
                 # what a department was told to do: "by when was treasury supposed to finish …" (63rd round)
                 r"|supposed|required|expected|tasked|directed|ordered|due|charged"
                 # what a department means to do: "by when does interior want single use plastics phased out" (65th round)
                 r"|want|plan|intend|aim|seek"
                 # "how much was interior setting aside" (68th round)
                 r"|set")
_DEPARTMENT_ACTS = re.compile(
    # "did the order say commerce had to finish …" (71st round)
    r"\b(?:did|does|do|will|would|has|have|is|was|say|says|said)\s+(?:the\s+)?(?P<word>" + "|".join(_DEPARTMENT_WORDS)
    # "by when does commerce have to publish …": what it must do (70th round)
    + r")(?:\s+(?:dept\.?|department))?\s+(?:(?:have|has|had|need|needs|got)\s+to\s+[a-z]+|(?:" + _ACTING_VERBS
    + r")\w*)\b")
_DEPT_ABBREVIATED = re.compile(r"\b(?P<word>" + "|".join(_DEPARTMENT_WORDS) + r")\s+dept\b\.?")


def _department_acting(lowered: str) -> tuple[str, tuple[int, int]] | None:
    """A department said by its bare word as the subject of the question's verb, or as "X dept"."""
    match = _DEPARTMENT_ACTS.search(lowered) or _DEPT_ABBREVIATED.search(lowered)
    if match is None:
        return None
    end = match.end("word")
    dept = re.match(r"\s+(?:dept\b\.?|department\b)", lowered[end:])
    return _DEPARTMENT_WORDS[match.group("word")], (match.start("word"), end + (dept.end() if dept else 0))


def _title_cased(raw: str) -> bool:
    """A question typed With Every Word Capitalised, where a capital says nothing ("What State Is …")."""
    words = re.findall(r"[A-Za-z][A-Za-z'’]+", raw)
    return len(words) >= 4 and sum(1 for w in words if w[0].isupper()) >= 0.8 * len(words)


def _find_agency(raw: str) -> tuple[str | None, list[tuple[int, int]]]:
    lowered = raw.lower()
    found: list[tuple[int, str, tuple[int, int]]] = []
    title_cased = _title_cased(raw)
    for pattern, text, names in ((_AGENCY_CAPITALS, raw, _AGENCY_BY_CAPITALS), (_AGENCY_LOWER, lowered, _AGENCY_BY_LOWER)):
        # in a title-cased question "State" or "Treasury" is only a capitalised word (an acronym still counts)
        found.extend((m.start(), names[m.group(0)], m.span()) for m in pattern.finditer(text)
                     if not (title_cased and pattern is _AGENCY_CAPITALS and not m.group(0).isupper()))
    if not found and (acting := _department_acting(lowered)) is not None:
        found.append((acting[1][0], acting[0], acting[1]))
    if not found:
        return None, []
    found.sort()
    # an agency's own thing ("chip in to usaid's initiative") names the agency, whatever comes before it
    named = [(key, span) for _, key, span in found
             if (_POSSESSIVE_AFTER.match(lowered[span[1]:]) or not _AGENCY_TOPIC_BEFORE.search(lowered[:span[0]]))
             and not _AGENCY_RULES_AFTER.match(lowered[span[1]:])]
    # ("the budget for CBP and ICE": an agency the money is for is the topic)
    if len({key for key, _ in named}) > 1:
        return None, []  # "how much are epa and doe making available": two agencies together, neither a filter alone
    return (named[0][0], [named[0][1]]) if named else (None, [])


# States, cities and counties as the ones who spend ("have states put", "did the counties spend"): their own decision
# over money, state or local (57th round).
_LOCAL_GOVERNMENTS = re.compile(r"\b(?:states|cities|counties|localities|municipalities|governors|mayors"
                                r"|local\s+governments?|state\s+governments?)\s*$"
                                # a town or a county anywhere in the spender ("is harris county tx putting", 71st round)
                                r"|\b(?:county|city|town|parish|borough|township|village)\b")
# Words that make the one spending the government (or a state, a country), not a company.
_NOT_A_BUYER = frozenset({
    "the", "biden", "trump", "harris", "obama", "congress", "government", "administration", "it", "they", "we", "he",
    "she", "america", "us", "federal", "department", "agency", "state", "states", "city", "cities", "county",
    "white", "president", "you", "i", *(key.lower() for key in AGENCIES),
})


def _a_buyer(subject: str) -> bool:
    """Whether the one a question says pays is someone other than the government: no word of ``_NOT_A_BUYER``, and not
    a department by its bare word alone ("how much did commerce give", 49th round) — in a company's name it is a word
    of the name ("is eos energy putting", 63rd round)."""
    words = set(subject.split())
    return not (words & _NOT_A_BUYER) and not (words - {"the"} <= _DEPARTMENT_WORDS.keys())


# Agencies whose money goes only abroad (foreign assistance, development finance): what they give or commit is money
# for another country, whether or not the question names one ("how much did usaid commit to feed the future").
_ABROAD_AGENCIES = frozenset({"USAID", "MCC", "DFC", "USTDA"})
# What the President or the administration *wants* money for is what it asks Congress for: a proposal, a budget
# request ("how big is the fund biden wants", "how much does biden want doj to get").
_WANTS = re.compile(r"\b(?:biden|trump|harris|obama|president|administration|white\s+house)(?:['’]s)?\s+"
                    r"(?:(?:still|really|now|also)\s+)?(?:wants|want|wanted)\b")
# A budget, a request, a proposal, money asked of Congress.
# The President's plans put to Congress and never enacted as such (50th round): "how much was in the american jobs
# plan for electric school buses" asks what was proposed. Not the American Rescue Plan (a law) or Build Back Better
# World (the G7's infrastructure partnership).
_ASKS_CONGRESS = re.compile(r"\bbudget\b(?!\s+support\b)|\brequest\w*\b|\bask(?:ed|ing)?\s+(?:congress\s+)?for\b|\bpropos\w*"
                            # "how much did biden call on congress for" (66th round)
                            r"|\bcall(?:s|ed|ing)?\s+on\s+congress\b"
                            r"|\bamerican\s+(?:jobs|families)\s+plans?\b|\bbuild\s+back\s+better\b(?!\s+world\b)")


# Companies named by what they are, as the subject of the question's paying verb, however long the subject ("are amgen,
# merck, gsk and the other drugmakers in trump's december deals investing", "did the big automakers commit"): their
# money, not the government's. Not companies the money goes to ("how much did doe give battery makers") (28th round).
_COMPANY_WORDS = r"(?:compan(?:y|ies)|firms?|businesses|corporations?|drug ?makers?|automakers?|chipmakers?|carmakers?" \
                 r"|manufacturers?|investors?|insurers?|banks?|utilities|airlines?)"
_COMPANIES_PAYING = re.compile(
    r"\b(?:is|are|was|were|did|do|does|will|have|has)\s+(?:[^?.]{0,100}?\s)?" + _COMPANY_WORDS
    + r"\s+(?:[^?.]{0,60}?\s)?(?:putting|investing|spending|committing|pledging|paying|buying|purchasing|invest|commit"
    r"|pledge|pay|buy|purchase|spend|put)\b")


# Companies that receive the money are not who gives it: "how much did the faa give aircraft companies to develop
# engines" asks for federal money handed to companies, not for the companies' own commitments. Only when the companies
# are the only private word and stand after a verb of giving (the government's, or no one else's), or after "for" /
# "to" while no verb of theirs pays ("how much for aircraft companies to develop engines", 42nd round).
_COMPANIES_GIVEN_TO = re.compile(r"\b(?:give|gave|given|giving|award(?:ed|ing|s)?|grant(?:ed|ing|s)?|provid(?:e|ed|es|ing)"
                                 r"|lend(?:s|ing)?|lent|loan(?:ed|ing|s)?|for|to)\s+(?:[a-z][\w-]*\s+){0,2}?"
                                 r"compan(?:y|ies)\b")
# Words that say the money is private whoever receives it, and those that say so unless companies receive it.
_PRIVATE_WORDS = re.compile(r"\bprivate\b|\bcorporat\w*\b|\bphilanthrop\w*|\bfoundations?\b")
_PRIVATE_UNLESS_GIVEN_TO = re.compile(r"\bcompan(?:y|ies)\b|\btrade\s+and\s+investment\s+deals\b"
                                      r"|\bnon-?profits?\b|\bcharit(?:y|ies)\b"  # "upstream the nonprofit" (68th round)
                                      r"|\bbusiness(?:es)?\s+(?:commit|invest|pledg)\w*")


# A question about what something costs, how far a sum fell or rose, what a change saves, or what had been announced
# by then asks for a price, a statistic, an estimate or a running total: no kind of money handed out (61st round:
# "what does it cost agencies to get stuff published", "medical debt in collections dropped by how much", "how much wud
# the fy24 budget save", "whats the total infrastructure law $ the admin had announced").
# How far a sum fell or rose ("medical debt in collections dropped by how much"): a statistic is asked (answer.py's
# ``_UNIT_ASKED`` lets one answer it).
CHANGE_ASKED = (r"\b(?:dropp?ed|fell|rose|grew|declined)\s+by\s+how\s+much\b"
                # "the house bill wanted to cut how much from amtrak" (67th round)
                r"|\b(?:cut|slash|trim|reduce)\s+how\s+much\b"
                # "how much did the aca medicaid expansion cut hospitals uncompensated care costs by" (66th round)
                r"|^\s*how\s+much\s+(?:did|does|do|has|have|had|will|would|could|can)\b[^?]*\b(?:cut|reduce|lower|shrink"
                r"|raise|increase|boost|grow|drop)\b[^?]*\bby\W*$")
_NOT_HANDED_OUT = re.compile(r"\bwhat\s+(?:does|did|will|would)\s+(?:it\s+)?cost\b|\bhow\s+much\s+(?:does|did|will|would)\b[^?]*"
                             r"\bcost\b|" + CHANGE_ASKED +
                             r"|\bhow\s+much\b[^?]*\b(?:save|saves|saved|saving)\b|\bhad\s+announced\b|\bso\s+far\b"
                             # what a person pays in tax ("how much more tax would a typical 60 yr old … have to
                             # pay", 63rd round): a burden, not money handed out
                             r"|\bhow\s+much\s+(?:more\s+|less\s+|extra\s+)?(?:in\s+)?tax(?:es)?\b[^?]*\bpay\b"
                             # money taken in or counted, not handed out (68th round): "how much revenue would the tax
                             # raise", "the ftc judgment against …", "ftc settlments w scammers", "a fine", "the avg tax
                             # refund", "how much in chinese imports did the tariff hikes cover"
                             r"|\b(?:revenues?|judg(?:e)?ments?|settle?ments?|(?:a|the)\s+fine|fines|penalt(?:y|ies)"
                             r"|refunds?|imports)\b"
                             # "families saved how much", "whats it actually cost to make one vial", "how much of a tax
                             # credit can u get", "what do ppl … get paid": a saving, a price, what one person gets
                             r"|\b(?:save|saves|saved|saving)\s+how\s+much\b"
                             # money taken away, not handed out: "how much money did the us freeze", "had trump already
                             # axed", "is trump pulling from the smithsonian", "got cut off", "claw back" (70th round; not
                             # a purpose: "to cut off", "to pull rare earths out")
                             r"|(?<!to\s)\b(?:freez(?:e|es|ing)|froze|frozen|ax(?:e|ed|es|ing)|claw(?:s|ed|ing)?\s+back"
                             r"|rescind\w*|revok\w*|cut(?:s|ting)?\s+off"
                             r"|pull(?:s|ed|ing)?\s+(?:[\w-]+\s+){0,3}?(?:from|back))\b"
                             # "how much more do showerheads cost" (70th round)
                             r"|\bhow\s+much\s+(?:more\s+|less\s+)?do\b[^?]*\bcost\b"
                             # "whats epa's guidance … supposed to save them per repair" (70th round)
                             r"|\b(?:supposed|expected|going|meant|projected)\s+to\s+save\b"
                             r"|\bwhat(?:['’]?s|\s+is|\s+does|\s+did)\s+(?:it\s+)?(?:actually\s+|really\s+)?cost\b"
                             r"|\bhow\s+much\b[^?]*\b(?:can|could|would|will|do|does|did)\s+(?:u|you|i|we|a\s+(?:typical\s+)?"
                             r"(?:family|household|person|worker|student|borrower|homeowner|renter)|families|households|people|ppl"
                             r"|someone|taxpayers|borrowers|homeowners|renters|students|workers"
                             # "can a small biz get back" (71st round)
                             r"|a\s+(?:small\s+)?(?:biz|business|company|employer|farmer)|small\s+(?:biz|businesses)|employers"
                             r"|farmers)\s+(?:get|save|receive|claim)\b"
                             r"|\b(?:get|gets)\s+paid\b"
                             # what a tax brings in: "how much a yr was the 15% global minimum tax supposed to bring
                             # in" (69th round)
                             r"|\btax(?:es)?\b[^?]*\b(?:bring|brings|brought|bringing)\s+in\b"
                             # "whats plavix gonna cost on trumprx", "how much could a host city rake in": a price,
                             # money earned (71st round)
                             r"|\b(?:gonna|going\s+to|will|would)\s+cost\b|\brak(?:e|es|ed|ing)\s+in\b"
                             # "how much were ppl saving …", "how much did dol say hispanic women lose in wages", "how
                             # much more would a 62 yr old … pay for insurance": a saving, a loss, what a person pays
                             r"|\bhow\s+much\b[^?]*\b(?:lose|loses|lost|losing)\b"
                             # "how big a discount does pfizer give on xeljanz": a price cut, not money handed out
                             r"|\bhow\s+(?:big|much|large)\s+(?:of\s+)?a\s+discount\b"
                             r"|\bhow\s+much\s+(?:more\s+|less\s+|extra\s+)?(?:would|will|do|does|did|could|can)\s+(?:a|an"
                             r"|the\s+(?:average|typical)|ppl|people|families|households|seniors|consumers|patients)\b[^?]*"
                             r"\bpay\b")


# "how much of its rescue plan money is indiana spending on …", "of its emergency rental assistance did chicago put
# toward …": whoever spends a share of its own money, when no agency, company or country is named, is a state or a
# town spending what it was given (68th round)
_SHARE_OF_ITS_OWN = re.compile(r"\bhow\s+much\s+(?:of\s+)?(?:its|their)\b[^?]*?\b(?:did|does|do|has|have|will|is|are)\s+"
                               r"((?:[a-z][\w&.'’-]*\s+){1,3}?)(?:put|putting|spen[dt]|spending|us(?:e|ed|ing)|allocat\w*"
                               r"|direct(?:ed|ing)?|budget(?:ed|ing)?|invest(?:ed|ing)?)\b")


# A state's or a town's money by name ("how much state money did louisiana put …"), a state before its verb of giving
# ("the bonuses maine gave …"), an organisation by its kind ("did hispanic federation put up", 71st round).
_STATE_MONEY = re.compile(r"\b(?:state|city|county|local)\s+(?:money|funds|funding|dollars|budget\s+money)\b")
_STATE_GAVE = re.compile(r"\b((?:[a-z]+\s+)?[a-z]+)\s+(?:gave|spent|invested|committed|allocated|directed)\b")
_ORGANISATION = re.compile(r"\b(?:federation|foundation|association|coalition|alliance|institute|society|nonprofit"
                           r"|charity|philanthropy|fund)\b")


def _find_kind(lowered: str, intent: str, has_fiscal: bool, agency: str | None) -> str | None:
    if intent != FUNDING or _NOT_HANDED_OUT.search(lowered):
        return None
    if re.search(r"\bstates?\s+and\s+(?:cities|localities|local)\b|\bstate\s+and\s+local\b|\bcities\s+and\s+states\b",
                 lowered) and re.search(r"\b(?:put|committed?|dedicat\w*|spen[dt]|invest\w*)\b", lowered):
        return KIND_STATE_LOCAL
    own_share = _SHARE_OF_ITS_OWN.search(lowered)
    if own_share and _find_agency(own_share.group(1))[0] is None and not names_country(own_share.group(1)) \
            and not re.search(_COMPANY_WORDS, own_share.group(1)):
        return KIND_STATE_LOCAL  # "how much of its arp school money did nyc put into …": a place spends its share
    if re.search(r"\b(?:in|of)\s+(?:new\s+)?commitments\b|\bcommitments\s+(?:from|by)\b", lowered) and \
            not names_country(lowered):
        return KIND_PRIVATE  # "how much in new commitments": pledged by others, not federal money
    if agency in _ABROAD_AGENCIES and not _foreign_businesses(lowered) and not _ASKS_CONGRESS.search(lowered):
        return KIND_FOREIGN  # before "corporation" reads as a company: "the Millennium Challenge Corporation"
    if _foreign_businesses(lowered):
        return KIND_FOREIGN  # "how much are swiss companies investing in the us": money from another country
    if _STATE_MONEY.search(lowered):
        return KIND_STATE_LOCAL  # "how much state money did louisiana put into its new nonprofit" (71st round)
    if _PRIVATE_WORDS.search(lowered) or (_PRIVATE_UNLESS_GIVEN_TO.search(lowered)
                                           and (not _COMPANIES_GIVEN_TO.search(lowered)
                                                or _COMPANIES_PAYING.search(lowered))
                                           # "the nonprofit security grant program in his fy2023 budget": a program's
                                           # name in a request (71st round)
                                           and not _ASKS_CONGRESS.search(lowered)):
        return KIND_PRIVATE
    if _ASKS_CONGRESS.search(lowered) or _WANTS.search(lowered):
        return KIND_REQUEST
    if _money_abroad(lowered):
        return KIND_FOREIGN  # money with, from or for another country: a deal, its purchases, aid to it
    # "how much are amgen, merck and the other drugmakers … investing": companies pay (after another country:
    # "angola's airline" paying is foreign money)
    if _COMPANIES_PAYING.search(lowered):
        return KIND_PRIVATE
    # "how much is korean air paying for …": a named buyer or investor that is not the government; up to four words, as
    # "is the texas workforce commission putting up", and "contributing" ("is maryland chipping in" reads so) (66th round)
    subject = re.search(r"\b(?:is|are|was|were|did|has|have)\s+((?:[a-z][\w&.-]*\s+){1,4}?)(?:putting|investing|"
                        r"spending|committing|pledging|building|paying|buying|purchasing|ordering|contribut(?:e|ing)|sinking|pouring)\b",
                        lowered) or \
        re.search(r"\b(?:did|does|do|will)\s+((?:[a-z][\w&.-]*\s+){1,3}?)(?:invest|commit|pledge|donate|give|contribute|buy|purchase)\b",
                  lowered)  # "how much did google pledge", "did starbucks give": the base form after "did"
    # "how much rescue plan money have states put into home care", "did the counties spend": only a state or local
    # government is read as the spender here ("did google put" stays as it was)
    spender = subject or re.search(r"\b(?:did|does|do|will|has|have)\s+((?:[a-z][\w&.-]*\s+){1,3}?)(?:put|spen[dt]"
                                   r"|us(?:e|ed)|allocated?|direct(?:ed)?)\b", lowered)
    if spender and (_find_state(spender.group(1))[0] is not None or _LOCAL_GOVERNMENTS.search(spender.group(1))):
        return KIND_STATE_LOCAL  # "how much is kansas spending on …": the state's own money, not a company's
    gave = _STATE_GAVE.search(lowered)
    if gave and _find_state(gave.group(1))[0] is not None:
        return KIND_STATE_LOCAL  # "the arp bonuses maine gave its home care workers": a state gives (71st round)
    if spender and _ORGANISATION.search(spender.group(1)) and _find_agency(spender.group(1))[0] is None:
        return KIND_PRIVATE  # "how much did hispanic federation put up": an organisation's own money (71st round)
    if subject and names_country(subject.group(1)):
        return KIND_FOREIGN  # "how much is australia spending on …": another country buys
    if subject and _a_buyer(subject.group(1)) and _find_agency(subject.group(1))[0] is None:
        return KIND_PRIVATE
    text = lowered.replace("’", "'")
    if any(not _COUNTRY_AS_RIVAL.search(text[:match.start()]) for match in _DEMONYM_WORD.finditer(text)):
        return KIND_FOREIGN  # "philippine maritime law enforcement": a country's adjective names it (after a named buyer)
    if re.search(r"\bhow\s+(?:big|large)\s+is\s+the\b[^?]*\bprogram\b", lowered) and not re.search(
            r"\b(?:announc\w*|award\w*|grant\w*|loan\w*|getting|get|got|put|spend\w*|provid\w*)\b", lowered):
        return None  # the size of a program, not money handed out
    return KIND_NEW


def _find_document(raw: str) -> tuple[str | None, tuple[int, int] | None]:
    match = re.search(r"\b(?:in|from|on)?\s*the\s+([\w .&'’-]{2,60}?)\s+fact\s*sheet\b(?!s)", raw, re.IGNORECASE)
    if match is None:
        return None, None
    name = match.group(1).strip()
    if not name or name.lower() in {"latest", "newest", "last", "first", "new", "same", "other", "a", "one"}:
        return None, None
    return name, match.span()


# "the fy24 budget", "bidens 2024 budget": the budget for that fiscal year, sent to Congress the year before, whatever
# the question asks of it ("how much wouldve the fy24 budget saved by …"; 65th round)
_BUDGET_NAMED = re.compile(r"\b(?:fy|fiscal\s+(?:year|yr)\s*)[-'’]?\s*(?:19|20)?\d\d\s+budget\b"
                           r"|\b(?:19|20)\d\d\s+budget\b|\bbudget\s+for\s+(?:fy|fiscal)")


# The student loan plan named SAVE, in capitals as its sheets write it (70th round).
_SAVE_PLAN = re.compile(r"\bSAVE\b")


# "what's", "whats": "what is", wherever a cue reads the question's opening ("whats the price tag on …").
_WHAT_IS = re.compile(r"\bwhat(?:['’ʼ`]s|s)\b")


# A phrase set off by a comma before the question's opening word ("in april 2022, who did biden nominate …", "under
# the 2021 order, when …"; thirty-second round): the cues that must open the question are read after it.
_LEADING_PHRASE = re.compile(r"^[^,?]{2,60},\s*(?=(?:who|whom|whose|what|which|when|where|how)\b)")
# A leading "when" clause with no comma ("when trump announced the indonesia trade deal in july 2025 how big did the wh
# say the goods trade gap was"): a clause that dates what follows, not a "when" question (no "did", "will" after
# "when"); the question is what comes after it (69th round)
_LEADING_WHEN_CLAUSE = re.compile(r"^\s*(?:and\s+)?(?:back\s+)?when\s+(?!(?:did|does|do|is|was|were|are|will|would|has"
                                  r"|have|had|can|could|should|exactly|specifically)\b)[^?,]{3,120}?\s+"
                                  r"(?=(?:how\s+(?:much|big|large|many)|what|which|who|whom|where)\b)")


# "what % of fed contract dollars …", "what share of the money": a rate is asked, not a sum (round 60)
_SHARE_ASKED = re.compile(r"^\s*(?:and\s+)?what\s*(?:%|percent(?:age)?\b|share\b|portion\b|fraction\b)")
# "programs that are way over budget", "came in under budget", "kept it within budget": how a cost compares with its
# plan, said of a program; the question does not ask for a budget (46th round).
_AGAINST_BUDGET = re.compile(r"\b(?:over|under|within|above|beyond)\s+(?:the\s+|its\s+|their\s+)?budget\b")


# "how much russian oil was the us importing per day", "how much fentanyl can the labs crank out per week": how much of
# a thing in a time, a quantity the sheets count, unless money is named (65th round)
_QUANTITY_ASKED = re.compile(r"^\s*how\s+much\b[^?]*\bper\s+(?:day|week|hour)\b"
                             # "by how much did the number of people on jobless checks drop": a count that changed, and
                             # "how big is the monument, like how many acres": a size (67th round; not "how much for
                             # restoring 300 acres", which asks for money)
                             r"|\bhow\s+much\b[^?]*\bthe\s+(?:number|count)\s+of\b"
                             r"|\bhow\s+(?:big|large|many)\b[^?]*\b(?:acres|hectares|square\s+miles)\b")
_MONEY_NAMED = re.compile(r"\$|\b(?:money|funding|funds?|dollars?|costs?|pay|paid|spend\w*|invest\w*|aid|grants?"
                          r"|budget|pric\w*|sav(?:e|es|ed|ing|ings)|loans?|wages?|salary|earn\w*|fees?|bills?)\b")


# "out of all the us colleges how many actually report their foreign money": a count is asked, whatever money the
# question names; "how many dollars / billions" is an amount, which ``_AMOUNT_ASKED`` already says (70th round)
_COUNT_ASKED = re.compile(r"\bhow\s+many\b(?!\s+thousands?\b)")


# How big something must be to qualify (68th round): a threshold the rule sets, not money handed out.
_THRESHOLD_ASKED = re.compile(r"\bhow\s+(?:big|large|much)\s+(?:does|do|did|would|will|must)\b[^?]*\b(?:have\s+to|need\s+to)\s+be\b")


def _intent(lowered: str) -> str:
    lowered = _AGAINST_BUDGET.sub(" ", _LEADING_WHEN_CLAUSE.sub("", _LEADING_PHRASE.sub("", _WHAT_IS.sub("what is",
                                                                                                         lowered))))
    sums = _ARITHMETIC.search(_AGE_RANGE.sub(" ", _ROAD_NUMBERS.sub(" ", _YEAR_SPAN.sub(" ", _NUMERIC_DAY.sub(
        " ", _NUMERIC_MONTH.sub(" ", lowered))))))  # "in 10/2024" is a month, "2022-2023" two years, "the I-39/90/94
    # bridge" a road, "kids 5-11" an age
    if _SMALL_TALK.search(lowered) or _OUT_OF_SCOPE.search(lowered) or sums:
        return NONE
    if _PERSONAL_HOW_TO.search(lowered) and not _POLICY_CUE.search(lowered):
        return NONE
    if _SOURCES_LISTING.search(lowered) or (_SOURCES_CUES.search(lowered) and re.search(
            r"^\s*(?:which|list|find|show|any|is\s+there|are\s+there|where\s+can)\b", lowered)):
        return SOURCES
    if _WHEN_CUES.search(lowered):
        return WHEN
    if _WHO_CUES.search(lowered):
        return WHO
    if (_ACTIONS_ASKED.search(lowered) or _ACT_ASKED.search(lowered)) and not _AMOUNT_ASKED.search(lowered):
        return INITIATIVES  # "what did trump do to stop creditors seizing venezuela's oil money": what was done
    if _PLACES_OPEN.search(lowered) and not _AMOUNT_ASKED.search(lowered):
        return WHERE  # "which towns … are getting federal money": the places are the answer, the money says which
    if _THRESHOLD_ASKED.search(lowered):
        return INITIATIVES  # "how big does a foreign investment have to be to get …": a threshold a rule sets
    if _QUANTITY_ASKED.search(lowered) and not _MONEY_NAMED.search(lowered):
        return INITIATIVES  # "how much russian oil … per day", "how much fentanyl … per week": a quantity, not money
    if _FUNDING_CUES.search(lowered) and not ((_SHARE_ASKED.search(lowered) or _COUNT_ASKED.search(lowered))
                                              and not _AMOUNT_ASKED.search(lowered)):
        return FUNDING
    if _WHERE_CUES.search(lowered):
        return WHERE
    return INITIATIVES


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for n in range(start, min(end, len(chars))):
            chars[n] = " "
    return "".join(chars)


# "deal with", "cope with": how the question asks, not an agreement.
_ASKING_VERB = re.compile(r"\b(?:deal|dealing|deals|cope|coping)\s+with\b|\bas\s+(?:a\s+)?part\s+of\b")
# How soon, said by the asker ("right after the bridge collapsed", "shortly before", "right away"): the sheets
# date what they announce and never say "right".
_HOW_SOON = re.compile(r"\b(?:right|shortly|soon|immediately|directly|just)\s+(?=after\b|before\b|following\b)"
                       r"|\bright\s+(?:away|now)\b")
# Personal pronouns: who the question is about is said by name or not at all ("on her palawan trip").
_PRONOUNS = frozenset({"he", "she", "him", "his", "her", "hers", "my", "mine", "your", "yours", "ours", "himself",
                       "herself", "themselves", "myself", "yourself"})


# A pronoun's contraction ("he'd put", "they'll", "we've"): folded without its apostrophe it would read as a
# rare word ("hed") that weighs most in the topic.
_CONTRACTION = re.compile(r"\b(?:i|you|he|she|it|we|they|who|that|there)['’ʼ`](?:d|ll|ve|re|m)\b", re.IGNORECASE)
# A negated auxiliary, with or without its apostrophe ("so my bill doesnt go up", "why didn't"): how the question
# asks, never a topic word (without the apostrophe "doesnt" would read as a rare word).
_NEGATED = re.compile(r"\b(?:do|does|did|is|are|was|were|has|have|had|ca|could|would|should|wo|must)n['’ʼ`]?t\b",
                      re.IGNORECASE)


# The kind of place a "where" question asks for ("what town in texas is …", "which county got …"): the answer, not
# the topic ("city", "state" and "country" are question words wherever they stand).
_PLACE_ASKED = re.compile(r"\b(?:what|which)\s+(?:towns?|count(?:y|ies))\b"
                          # and the kind of person a "who" question asks for: "which official leads …" (30th round)
                          r"|^\s*(?:which|what)\s+(?:officials?|person|people|leaders?|cabinet\s+(?:members?|secretar(?:y|ies)))\b"
                          # and how a question asks when or how much: "in what year", "the price tag" (29th round)
                          r"|\b(?:what|which)\s+(?:year|month)\b|\bprice\s+tags?\b"
                          # "what day / what date", "the dollar figure", "what sum" (thirty-second round)
                          r"|\b(?:what|which)\s+(?:day|date)\b|\b(?:dollar|money)\s+(?:figures?|values?|sums?|numbers?)\b"
                          r"|\bwhat\s+(?:is\s+the\s+)?sum\b"
                          # "at what point", "how long ago", "what part of", "info on …", "what steps / actions did …",
                          # "how did … respond to", "… 's response to" (thirty-second round)
                          r"|\b(?:at|from)\s+what\s+point\b|\bhow\s+long\s+ago\b|\bwhat\s+part\s+of\b"
                          # "how long is the guard supposed to stay", "how long does the NRC get" (65th round)
                          r"|^\s*how\s+long\b"
                          r"|\b(?:more\s+)?(?:info|information|details|news|updates?)\s+(?=(?:on|about|regarding)\b)"
                          r"|^\s*what\s+(?:steps|actions?|measures|moves)\b(?=\s+(?:did|does|do|has|have|had|is|are|was|were|will))"
                          r"|\brespond(?:ed|ing|s)?\s+to\b|\b(?:response|reaction)\s+to\b")


# Words that ask which body ("which office", "what agency") unless a topic word right before them names one.
_NAMED_BY = frozenset({"office", "offices"})
# Words that ask where ("which countries") unless a topic word right before them makes them a group the sheets
# name: "pacific countries", "partner countries", "indian country" (42nd round); and "way" / "ways", how a question
# asks ("what ways", "the way"), unless a topic word right before it makes it the thing asked about ("two-way trade",
# "develop a novel way", typed without its article) (42nd round).
_NAMED_GROUP = frozenset({"country", "countries", "way", "ways"})
_NAMED_WHEN_AFTER_TOPIC = _NAMED_BY | _NAMED_GROUP


# "the first round of mega grants", "a new batch of awards", "the second tranche of aid": how the asker counts out the
# money, which the sheets give as the grants themselves ("New Mega Project Grants"); "round", "batch", "tranche" or
# "wave" after a word that counts it and before "of" is not what the question is about ("the heat wave of 2023" is).
_BATCH_OF = re.compile(r"\b(first|second|third|fourth|fifth|next|latest|newest|new|another|last|final|initial|recent"
                       r"|fresh|a|one|this|that)\s+(?:rounds?|batch(?:es)?|tranches?|waves?)\s+of\b")


# The users of a thing, as the asker describes them ("masks to people who use food pantries", "folks who rely on
# medicaid"): the sheets name the thing ("through the nation's food pantries"), not its users in those words.
_USERS_OF = re.compile(r"\b(?:people|folks|those|anyone|everyone|someone|somebody)\s+(?:who|that)\s+(?:use[sd]?|using"
                       r"|rel(?:y|ies|ied)\s+on|depend(?:s|ed)?\s+on|visit(?:s|ed)?|go(?:es)?\s+to|went\s+to"
                       r"|shop(?:s|ped)?\s+at|attend(?:s|ed)?)\b")


# "to get people their updated booster", "get everyone a shot", "getting folks the help": whom the asker wants a thing
# got to, in the asker's words, before the thing itself; the sheets name the thing ("get their free updated COVID-19
# vaccine"), and "people" weighed as a topic word no sentence has (46th round). Only before the thing given (an
# article or "their"): "get people signed up", "get people with disabilities jobs" keep it.
_GET_PEOPLE = re.compile(r"\b(get|gets|getting|got)\s+(?:people|folks|everyone|everybody)"
                         r"(?=\s+(?:their|a|an|the|some|more|free)\b)")


def _topic_words(text: str) -> list[str]:
    """Content words of what is left once the question's own words and the filters are removed."""
    folded = _PLACE_ASKED.sub(" ", fold(_NEGATED.sub(" ", _CONTRACTION.sub(" ", text))))
    folded = re.sub(r"\$\s?\d[\d,.]*\s*(?:billion|million|trillion|thousand|bn|m|k)?", " ", folded)
    folded = _HOW_SOON.sub(" ", _ASKING_VERB.sub(" ", folded))
    folded = _GET_PEOPLE.sub(r"\1", _USERS_OF.sub(" ", _BATCH_OF.sub(r"\1", folded)))
    words = [w for w in tokens(folded.replace("-", " - ")) if w != "-"]
    words_set = list(words)
    out: list[str] = []
    for n, word in enumerate(words_set):
        if word in _NAMED_WHEN_AFTER_TOPIC and out and n and words_set[n - 1] == out[-1]:
            out.append(word)  # "the pandemic preparedness office": part of its name, not "which office" (27th round)
            continue
        if word in STOPWORDS or word in _QUESTION_WORDS or word in _FILLER or word in _PRONOUNS:
            continue
        if len(word) == 1 and not word.isdigit():
            continue
        if word.isdigit() and len(word) <= 2:
            continue  # "the 10 innovation engines": a count, not a name ("988", "section 301" are kept)
        if n and words_set[n - 1] in ("which", "what") and word in _NUMBER_WORDS:
            continue  # "which three countries": how many are asked for (round 55m)
        out.append(word)
    if not out:  # "what is the gold card program": keep the soft words rather than nothing
        out = [w for w in words_set if w in _SOFT_WORDS or w in _KEEP_IF_ALONE]
    return list(dict.fromkeys(out))


_MONEY = re.compile(r"\$\s?(\d[\d,]*(?:\.\d+)?)\s*(trillion|billion|million|thousand|bn|m)?\b", re.IGNORECASE)
_MONEY_SCALE = {"trillion": 1e12, "billion": 1e9, "bn": 1e9, "million": 1e6, "m": 1e6, "thousand": 1e3}


def _amounts(text: str) -> tuple[float, ...]:
    found: list[float] = []
    for match in _MONEY.finditer(text):
        try:
            value = float(match.group(1).replace(",", ""))
        except ValueError:
            continue
        found.append(round(value * _MONEY_SCALE.get((match.group(2) or "").lower(), 1.0), 2))
    return tuple(found)


# The verbs of a step the asker reports ("did trump move to label", "sought to block").
_STEP_TO = r"move[ds]?|moving|step(?:s|ped)?|seek(?:s|ing)?|sought|aim(?:s|ed|ing)?"
# The question's own verb: an -ing form after "is/are/was/were" and at most three words ("is indonesia
# buying", "who is drawing up"; not a noun after an article, "is the housing plan"), or a verb after "getting to", "going to", "trying to" ("getting to fix").
_OWN_VERB = (re.compile(r"(?:\b(?:is|are|was|were)|\b(?:who|what|where|when|how|which|that|there)['’]s)\s+"
                        r"(?:[\w.'’-]+\s+){0,3}?(?<!\ba\s)(?<!\ban\s)(?<!\bthe\s)(?<!\bthis\s)"
                        r"(?<!\bthat\s)(?<!\bits\s)(?<!\btheir\s)(?<!\bour\s)(?<!\bnew\s)([a-z]{3,}ing)\b"),
             re.compile(r"\b(?:getting|get|gets|going|trying|try|tries|want|wants|wanting|need|needs)\s+to\s+([a-z]{3,})\b"),
             # a step the asker reports and the verb it leads to: "did trump move to label", "sought to block"; and a
             # passive verb after "being" / "been" ("where is the fab being built"): the sheets say "designating",
             # "will build", "construction"
             re.compile(rf"\b({_STEP_TO})\s+to\s+[a-z]{{3,}}\b"),
             re.compile(rf"\b(?:{_STEP_TO})\s+to\s+([a-z]{{3,}})\b"),
             re.compile(r"\b(?:being|been)\s+([a-z]{3,}(?:ed|en|t|wn))\b"),
             # money a sale, a deal or a tax raises: "how much did the lease sale bring in" (the sheets say "raised",
             # "generating", "in winning bids"); not people brought in ("to bring in tutors") (42nd round)
             re.compile(r"\b(bring|brings|bringing|brought)\s+in\b(?=\s*(?:$|[?.,!;:]|(?:from|for|to|through|under|by|at"
                        r"|over|this|last|each|per|every|a\s+year|so\s+far|since|after|during)\b))"),
             # a verb the asker reports: "has south korea agreed to buy", "who did trump tell to send troops"
             re.compile(r"\b(?:agree[ds]?|planned|planning|decided?|tell|told|ordered|directed)\s+(?:(?!to\b)[a-z]+\s+){0,2}?to\s+([a-z]{3,})\b"),
             # the verb of whoever the question says acted: "did harris promise", "did the us send", "what did trump
             # change about": the sheets say what was done in their own words ("announced", "provide", "restores")
             re.compile(r"\b(?:did|does|do|will|would|has|have|had)\s+(?:the\s+)?(?:u\.?\s?s\.?|united\s+states|america"
                        r"|(?:(?:biden|trump|obama)(?:[-–\s]+harris)?\s+)?administration|government|white\s+house|congress"
                        r"|(?:vice\s+)?president(?:\s+\w+)?|"
                        + "|".join(sorted(SPEAKERS)) + r")\s+([a-z]{3,})\b"),
             # the verb of a speaker named after a preposition, in -ing (47th round): "a fact sheet on trump ordering an
             # investigation", "what happened after biden signing …": the sheets say "directing", "signed"
             re.compile(r"\b(?:on|about|of|after|before|over|since|regarding)\s+(?:president\s+)?(?:"
                        + "|".join(sorted(SPEAKERS)) + r")(?:['’]?s)?\s+([a-z]{3,}ing)\b"),
             # a country that acts, after its auxiliary (thirtieth round): "will china buy", "did japan pledge", "does
             # india get", as "is china going to buy" and "is indonesia buying" already were
             re.compile(r"\b(?:did|does|do|will|would|has|have|had|can|could)\s+(?:the\s+)?"
                        + _COUNTRY.pattern + r"\s+([a-z]{3,})\b"))


# "biden's first new national monument", "the earliest …": an order in time as well as a word ("the first-ever
# strategy" is only the sheet's words).
_FIRST = re.compile(r"(?:'s|’s|\bthe|\bhis|\bher|\btheir|\bits)\s+(first|earliest)\b(?!\s*-?\s*ever)"
                    # a title or a name, not an order in time: "the first lady", "the first responders" (32nd round)
                    r"(?!\s+(?:lady|ladies|gentleman|family|responders?|amendment|nations|step\s+act)\b)")


# Who gives private money, as a question says it ("how much did companies pledge"): the money kind, which
# figures are checked for, not a word the sheets use ("new private sector commitments", "Millicom will invest").
_PRIVATE_GIVERS = re.compile(r"\b(?:(?:private\s+)?compan(?:y|ies)|businesses|firms|corporations|philanthrop(?:y|ies|ists)"
                             r"|private\s+sector|donors)\b(?:\s+([a-z]{3,})\b)?")


# The particle of a phrasal verb ("shut down", "bounce back", "get the name back", "cut down on"): how the asker
# says it, which the sheets say with one verb ("eliminates", "recover", "restores"); "up" and "out" are dropped.
_PARTICLES = frozenset({"down", "back", "off", "away"})


# What a named buyer or giver does with its money, as a question says it: the sheets say "commitments" or name the sum.
_BUYER_VERB = re.compile(r"\b(?:invest|commit|pledge|donate|buy|purchase|putting|investing|spending|committing|pledging"
                         r"|paying|buying|purchasing|ordering)\b")


def _own_verbs(lowered: str, topic: list[str], kind: str | None = None) -> tuple[str, ...]:
    """Topic words that say how the question asks rather than what about: the sheets say the same thing
    with other verbs ("buying" → "purchases", "fix" → "rebuild", "drawing up" → "deliver a plan")."""
    found = {fold(match.group(1)) for pattern in _OWN_VERB for match in pattern.finditer(lowered)}
    if kind == KIND_PRIVATE:  # the givers of private money and their verb: "did companies pledge"
        for match in _PRIVATE_GIVERS.finditer(lowered):
            found.update(fold(word) for word in match.group(0).split())
        found.update(match.group(0) for match in _BUYER_VERB.finditer(lowered))  # "did google pledge", "is korean air paying"
    if kind == KIND_FOREIGN:  # "foreign aid", "foreign companies": where the money goes or comes from, which the kind checks
        found.add("foreign")
    found.update(_PARTICLES)
    soft = tuple(word for word in topic if word in found)
    return soft if len(soft) < len(topic) else ()


_AUX_BEFORE = re.compile(r"\b(?:did|does|do|will|would|has|have|had)\s+(?:the\s+)?$")


def _agency_verbs(lowered: str, spans: list[tuple[int, int]], topic: list[str]) -> tuple[str, ...]:
    """The verb of an agency the question says acted ("did doe offer", "has the fcc approved"): the asker's word."""
    found: list[str] = []
    for start, end in spans:
        if _AUX_BEFORE.search(lowered[:start]):
            after = re.match(r"\s+(?:dept\.?\s+|department\s+)?([a-z]{3,})\b", lowered[end:])
            if after and fold(after.group(1)) in topic:
                found.append(fold(after.group(1)))
    return tuple(found) if len(found) < len(topic) else ()


def _speakers(raw: str) -> tuple[str, ...]:
    """The people a question names ("did Harris announce", "Biden's budget"). When one acts and another is named
    only as whose thing it was ("did trump cancel biden's memo", "trump revoked bidens order"), the one who acted
    (twenty-ninth round): the sheet that answers is the one where they did it."""
    found = [w if w in SPEAKERS else w.removesuffix("s") for w in tokens(fold(raw))]
    named = tuple(dict.fromkeys(w for w in found if w in SPEAKERS))
    if len(named) < 2:
        return named
    owners = {w for w in named if re.search(rf"\b{w}(?:['’]s|s)\b", raw.lower())
              and not re.search(rf"\b{w}\b(?!['’]s)", raw.lower())}
    acting = tuple(w for w in named if w not in owners)
    return acting or named


# How a question may be led into, in speech or chat, before it asks anything: a greeting or a word that joins it to
# the talk ("hey, who chairs …", "ok so what did …", "quick question: when was …") and a request to be told ("can you
# tell me how much …", "do you know who …", "i was wondering what …", "any idea when …", "remind me, where …").
# They are no topic words, and the question's own opening ("who", "when", "which agency") is read from what follows
# (twenty-ninth round). Only before a question's opening word, so "well water" or "so-called" stay as they are.
_LEAD_IN = re.compile(
    r"^(?:\s*(?:(?:hey|hi|hello|yo|ok|okay|so|well|um+|uh+|hmm+|also|and|but|oh|alright|right|briefbot|bot|"
    r"(?:a\s+)?quick\s+question|(?:one\s+more|another|a)\s+question|btw|by\s+the\s+way|just\s+curious|out\s+of\s+curiosity|"
    r"(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?(?:tell|remind|show)\s+me|(?:please\s+|pls\s+)?(?:tell|remind)\s+me|"
    # a request to look it up (thirty-first round): "show me who …", "can you find out how much …", "help me find …"
    r"(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?)?(?:find(?:\s+out)?|look\s+up|check|figure\s+out"
    r"|help\s+me\s+(?:find(?:\s+out)?|figure\s+out|understand))|(?:please\s+|pls\s+)?(?:show|let)\s+me(?:\s+know|\s+see)?|"
    r"(?:do|does)\s+(?:you|u|any\s*(?:one|body))\s+(?:happen\s+to\s+)?know|any\s*(?:one|body)\s+know|(?:any|no)\s+idea|"
    r"(?:i\s+was|i['’]?m|i\s+am|just)\s+wondering|i\s+wonder|idk|i\s+(?:don['’]?t|do\s+not)\s+know|i(?:['’]d|\s+would)\s+like\s+to\s+know|"
    r"i\s+(?:want|need)\s+to\s+know|please|pls)\b[\s,:;.!?-]*)+)"
    r"(?=(?:who|whom|whose|what|whats|which|when|where|how|why|did|does|do|is|are|was|were|has|have|had|can|could|will"
    r"|if|whether)\b)", re.IGNORECASE)
_IF_WHETHER = re.compile(r"^(?:if|whether)\s+", re.IGNORECASE)


_COURTESY_WORDS = frozenset({
    "hi", "hello", "hey", "hiya", "heya", "yo", "there", "all", "folks", "everyone", "team", "friend", "briefbot", "bot",
    "good", "morning", "afternoon", "evening", "day", "question", "questions", "quick", "one", "another", "more", "for",
    "you", "u", "ya", "i", "im", "i'm", "i’m", "have", "got", "a", "an", "ok", "okay", "so", "um", "uh", "hmm", "well",
    "thanks", "thank", "thx", "ty", "tysm", "cheers", "much", "lot", "bunch", "very", "again", "in", "advance", "really",
    "appreciate", "appreciated", "it", "this", "the", "help", "please", "pls", "plz", "just", "curious", "wondering",
    "lol", "haha", "sorry", "asking", "ask", "to", "bother", "would", "be", "great", "helpful", "awesome", "that's", "that’s", "thats",
})
# A piece of the message between punctuation marks: "Hi there!", "Question for you.", ", thank you so much", "? thanks!"
_PIECE_END = re.compile(r"(?<=[,.!?:;])(?=\s)")
_GREETING = re.compile(r"^(?:hi|hello|hey|hiya|heya|good\s+(?:morning|afternoon|evening))(?:\s+there)?\s+(?=\w)",
                       re.IGNORECASE)


def _courtesy(piece: str) -> bool:
    words = re.findall(r"[\w'’]+", piece.lower())
    return all(w in _COURTESY_WORDS for w in words)  # no word at all: an emoji, ":)"


def _without_courtesy(raw: str) -> str:
    """The message without the greetings, thanks and asides around the question (thirty-first round): a piece before
    or after it, between punctuation marks, that holds only such words ("Hi there! …", "Question for you. …",
    "… ? thanks!", "…, thank you so much", "… ? I'm curious.") and a greeting with no mark after it ("hi there how
    much …"). What is left must still be two words or more ("hello" stays as it is)."""
    pieces = _PIECE_END.split(raw)
    if len(pieces) < 2:
        kept = raw
    else:
        start, end = 0, len(pieces)
        while start < end - 1 and _courtesy(pieces[start]):
            start += 1
        while end - 1 > start and _courtesy(pieces[end - 1]):
            end -= 1
        kept = "".join(pieces[start:end]).strip()
        if len(kept.split()) < 2:
            kept = raw
    greeting = _GREETING.match(kept)
    if greeting and len(kept[greeting.end():].split()) >= 2:
        kept = kept[greeting.end():]
    return kept


# A request put to the bot before a question in few words ("could you check fema bric funding fy2022", "any idea on
# port money for offshore wind"; thirty-first round): the words after it are the question.
_REQUEST_BEFORE_WORDS = re.compile(
    r"^\s*(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?(?:check|find|look\s+up|look\s+into|dig\s+up|pull\s+up)"
    r"|any\s+idea\s+(?:on|about)|(?:any|some)\s+(?:info|information|details)\s+(?:on|about))\s+", re.IGNORECASE)


# Who the asker says the answer is from, before or after the question ("… according to the fact sheets", "…, per the
# white house", "based on the fact sheets, …"; thirty-second round): where to look, not what. Left in, "fact sheets"
# read as a question about which sheets, and "according" or "per" as a rare topic word.
_ATTRIBUTION_WORDS = (r"(?:according\s+to|per|based\s+on|going\s+by)\s+(?:the\s+|your\s+|these\s+)?"
                      r"(?:fact[\s-]*sheets?|factsheets?|white\s+house|sheets?|docs|documents|records|briefbot|library)")
_ATTRIBUTION_AFTER = re.compile(rf"[\s,;:-]*\b{_ATTRIBUTION_WORDS}\s*(?P<mark>[?.!]*)\s*$", re.IGNORECASE)
_ATTRIBUTION_BEFORE = re.compile(rf"^\s*{_ATTRIBUTION_WORDS}\s*[,:;-]\s*", re.IGNORECASE)


def _without_attribution(raw: str) -> str:
    kept = _ATTRIBUTION_BEFORE.sub("", _ATTRIBUTION_AFTER.sub(lambda m: m.group("mark"), raw))
    return kept if len(kept.split()) >= 2 else raw


# A request to explain or sum something up ("explain the WISE initiative", "can you explain …", "give me a rundown of
# …", "summarize …"; thirty-second round): the question "what is …", or the question that follows it ("explain how
# much …"). Left in, "explain" or "rundown" were rare topic words no sheet's sentence holds.
_EXPLAIN = re.compile(
    r"^\s*(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?|please\s+|pls\s+)?"
    r"(?:explain|describe|summari[sz]e|break\s+down|give\s+me\s+(?:a\s+|the\s+)?(?:quick\s+|short\s+|brief\s+)?"
    r"(?:rundown|run\s*-?\s*down|summary|overview|breakdown)\s+(?:of|on)|(?:a\s+|quick\s+)?(?:rundown|summary|overview)"
    r"\s+(?:of|on))\s+(?:to\s+me\s+)?", re.IGNORECASE)
_OPENS_QUESTION = re.compile(r"(?:who|whom|whose|what|whats|which|when|where|how|why)\b", re.IGNORECASE)


def _without_request_to_explain(raw: str) -> str:
    match = _EXPLAIN.match(raw)
    if match is None or not raw[match.end():].strip():
        return raw
    rest = raw[match.end():]
    return rest if _OPENS_QUESTION.match(rest) else "what is " + rest


# The message as typed around the question (thirty-second round): in quotes or brackets ('"who chairs …"'), after a
# header ("re:", "Q:", "subject:"), or with its question word last ("the SAVE plan launch - when?", "…, who?").
_WRAPPED = re.compile(r"^\s*(?P<open>[\"“”'‘’`(\[«])(?P<inner>.+?)(?P<close>[\"“”'‘’`)\]»])\s*(?P<mark>[?.!]*)\s*$", re.DOTALL)
_PAIRS = {'"': '"“”', "“": '”"', "”": '”"', "'": "'’", "‘": "’'", "’": "’'", "`": "`", "(": ")", "[": "]", "«": "»"}
_HEADER = re.compile(r"^\s*(?:re|fw|fwd|q|question|subject|topic|query)\s*:\s*", re.IGNORECASE)
_ASKED_LAST = re.compile(r"^(?P<rest>.+?)(?:\s*[,;:–—-]\s*(?P<word>who|when|where)\s*\?*|\s+(?P<word2>who|when|where)\s*\?+)\s*$",
                         re.IGNORECASE | re.DOTALL)


def _unwrapped(raw: str) -> str:
    wrapped = _WRAPPED.match(raw)
    if wrapped and wrapped.group("close") in _PAIRS.get(wrapped.group("open"), ""):
        raw = wrapped.group("inner") + wrapped.group("mark")
    unheaded = _HEADER.sub("", raw, count=1)
    return unheaded if len(unheaded.split()) >= 2 else raw


def _asked_last(raw: str) -> str:
    last = _ASKED_LAST.match(raw)
    if last and not _OPENS_QUESTION.match(last.group("rest")) and len(last.group("rest").split()) >= 2:
        return f"{last.group('word') or last.group('word2')} {last.group('rest')}"
    return raw


def _without_lead_in(raw: str) -> str:
    """The question without a greeting or a request to be told before it ("hey, can you tell me who …" → "who …")."""
    raw = _without_request_to_explain(_without_attribution(_asked_last(_without_courtesy(_unwrapped(raw)))))
    match = _LEAD_IN.match(raw)
    if match is None:
        request = _REQUEST_BEFORE_WORDS.match(raw)
        if request is not None and len(raw[request.end():].split()) >= 2:
            return raw[request.end():]
        return raw
    rest = _IF_WHETHER.sub("", raw[match.end():])
    return rest if len(rest.split()) >= 2 else raw


# A country's name with "s" and no apostrophe ("mexicos conagua", "japans pledge"), read as its possessive (62nd
# round): only one-word names that do not end in "s" already, and never one that with an "s" is a word or a name of its
# own ("the americas", "the turkeys the president pardoned", "chiles", "frances", "panamas", "jordans").
_COUNTRY_PLURAL_WORDS = frozenset({"america", "chad", "chile", "france", "georgia", "guinea", "jordan", "niger", "panama",
                                   "turkey", "wales"})
_COUNTRY_POSSESSIVE = re.compile(
    r"\b(" + "|".join(sorted((c.lower() for c in COUNTRIES if c.isalpha() and not c.lower().endswith("s")
                               and c.lower() not in _COUNTRY_PLURAL_WORDS), key=len, reverse=True)) + r")s\b",
    re.IGNORECASE)


# An agency's short name with "s" and no apostrophe, read as its possessive (fifty-ninth round): not where that is a word
# ("does", "bias") or another agency ("nrcs" is the Natural Resources Conservation Service), nor for the names known
# only in capitals.
_AGENCY_SHORT_NAMES = sorted((key for key in AGENCIES if key.isupper() and key.isalpha() and len(key) >= 3),
                             key=len, reverse=True)
_AGENCY_POSSESSIVE = re.compile(
    r"\b(" + "|".join(key.lower() for key in _AGENCY_SHORT_NAMES
                      if key not in _CAPITALS_ONLY and key not in {"DOE", "BIA", "NRC", "SEC"}) + r")s\b", re.IGNORECASE)
# The same in capitals, for every short name: "DOEs carbon removal prize" ("does" is never written "DOEs").
_AGENCY_POSSESSIVE_CAPITALS = re.compile(r"\b(" + "|".join(_AGENCY_SHORT_NAMES) + r")s\b")


# Short forms of the words the reading knows (twenty-ninth round): "potus" is the president, "the biden admin" the
# administration, "the state dept" the department, "govt" the government, "trade & investment" trade and investment.
_SHORT_FORMS = ((re.compile(r"\b(?:potus|prez)\b", re.IGNORECASE), "president"),
                (re.compile(r"\badmin(?=s?\b|['’]s\b)", re.IGNORECASE), "administration"),
                (re.compile(r"\bdept\b\.?", re.IGNORECASE), "department"),
                # 45th round: a question word's contraction, with or without its apostrophe ("where'd the money go",
                # "how'd", "what've", "hows", "wheres", "whos"): read as the question word and its verb, not as a rare
                # topic word ("whered")
                (re.compile(r"\b(how|where|when|what|why)['’ʼ`]d\b", re.IGNORECASE), r"\1 did"),
                (re.compile(r"\b(how|where|when|what|why|who)['’ʼ`]ve\b", re.IGNORECASE), r"\1 have"),
                (re.compile(r"\b(how|where|when|what|why|who)['’ʼ`]re\b", re.IGNORECASE), r"\1 are"),
                (re.compile(r"\b(how|where|who)['’ʼ`]?s\b", re.IGNORECASE), r"\1 is"),
                # 46th round: "whens the deadline …", "when's": "when is" (no English word "whens"; "what's" is read
                # elsewhere, and "whats" is a question word)
                (re.compile(r"\bwhen['’ʼ`]?s\b", re.IGNORECASE), "when is"),
                # 47th round: "how much is the new fund … starting with", "… to begin with": a dangling "starting with"
                # at the end says the asker wants the first sum, not a word of the topic ("starting")
                (re.compile(r"[\s,]+(?:starting|to\s+start|to\s+begin|beginning)\s+with\s*(?=[?.!]*\s*$)", re.IGNORECASE),
                 ""),
                # 45th round: "fiscal yr 2023", "last yr"
                (re.compile(r"\byr\b\.?", re.IGNORECASE), "year"),
                (re.compile(r"\byrs\b\.?", re.IGNORECASE), "years"),
                # 54th round (c): "thru" is "through" wherever it stands ("put into latino owned banks thru the emergency
                # capital investment program"), not only between two dates: no sheet writes "thru"
                (re.compile(r"\bthru\b", re.IGNORECASE), "through"),
                (re.compile(r"\bww\s?(?:2|ii)\b", re.IGNORECASE), "world war ii"),  # "before ww2"
                (re.compile(r"\bww\s?(?:1|i)\b", re.IGNORECASE), "world war i"),
                (re.compile(r"\bgov(?:['’]?t)\b", re.IGNORECASE), "government"),
                # round 55m: the short forms of chat ("at risk young ppl", "natl parks", "intl aid", "7.5 to 50 mil a
                # yr"): no sheet writes them, so as typed they are topic words nothing holds
                (re.compile(r"\bppl\b", re.IGNORECASE), "people"),
                # round 60: "critical n emerging tech" (not "n korea", "n carolina": north)
                (re.compile(r"(?<=[a-z])\s+n\s+(?=[a-z])(?!(?:korea|carolina|dakota|ireland|macedonia|america)\b)",
                            re.IGNORECASE), " and "),
                (re.compile(r"\bnat['’]?l\b\.?", re.IGNORECASE), "national"),
                (re.compile(r"\bint['’]?l\b\.?", re.IGNORECASE), "international"),
                (re.compile(r"\babt\b", re.IGNORECASE), "about"),
                # 61st round: "rewriting its regs", "review all the existing regs"; "the house gop's budget"; "how much is
                # the us chipping in to": to contribute, not a semiconductor
                (re.compile(r"\bregs\b", re.IGNORECASE), "regulations"),
                (re.compile(r"\bgop\b", re.IGNORECASE), "republican"),
                # and the chat short forms of common words no sheet writes ("infra money", "the approx amount", "the fbi
                # hq", "last wk", "econ development", "ntl parks", "the dept of ed")
                (re.compile(r"\binfra\b", re.IGNORECASE), "infrastructure"),
                (re.compile(r"\bapprox\b\.?", re.IGNORECASE), "approximately"),
                (re.compile(r"\bhq\b", re.IGNORECASE), "headquarters"),
                (re.compile(r"\bwk\b\.?", re.IGNORECASE), "week"),
                (re.compile(r"\bwks\b\.?", re.IGNORECASE), "weeks"),
                (re.compile(r"\becon\b\.?", re.IGNORECASE), "economic"),
                (re.compile(r"\bntl\b\.?", re.IGNORECASE), "national"),
                (re.compile(r"\b(department|dept)\s+of\s+ed\b(?!\s*-)", re.IGNORECASE), r"\1 of education"),
                (re.compile(r"\bchip(?:ping|ped|s)?\s+in\b(?=\s+(?:to|for|on|toward|towards|with|\$|\d)\b|\s*[?.!]*\s*$)",
                            re.IGNORECASE), "contribute"),
                # 57th round: "small biz saturday", "who r the co chairs"
                (re.compile(r"\bbiz\b", re.IGNORECASE), "business"),
                (re.compile(r"\b(who|what|where|when|how|which)\s+r\b", re.IGNORECASE), r"\1 are"),
                # fifty-ninth round: "the wh guidebook", "how much wud the budget save", "the offshore wind farm the
                # admin ok'd", "the ed dept": no sheet writes them
                (re.compile(r"\bwh\b", re.IGNORECASE), "white house"),
                (re.compile(r"\b(w|sh|c)ud\b", re.IGNORECASE), r"\1ould"),
                (re.compile(r"\bok(?:['’]?d|ayed)\b", re.IGNORECASE), "approved"),
                (re.compile(r"\bed\s+(?=dept\b|department\b)", re.IGNORECASE), "education "),
                # 62nd round: "cyber ops", "how many mhz of spectrum", "the labor depts sprint", "how many ppl would end
                # up paying more": no sheet writes them ("end up" is how the asker goes on, not a word of the topic)
                (re.compile(r"(?<!\bco[-\s])(?<!\bco)(?<!\bphoto\s)\bops\b", re.IGNORECASE), "operations"),
                (re.compile(r"\bmhz\b", re.IGNORECASE), "megahertz"),
                (re.compile(r"\bghz\b", re.IGNORECASE), "gigahertz"),
                (re.compile(r"\b(" + "|".join(_DEPARTMENT_WORDS) + r")\s+depts\b\.?", re.IGNORECASE),
                 r"\1 department's"),  # "the labor depts sprint"
                (re.compile(r"\bdepts\b\.?", re.IGNORECASE), "departments"),
                # 63rd round: "added chemical as the 4th one": the pronoun after an ordinal is no topic word
                (re.compile(r"\b(\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
                            r"|tenth|last|next|new|latest|other)\s+ones?\b", re.IGNORECASE), r"\1"),
                # 65th round: "the one announced nov 2023", "the one from the summit": the pronoun pointing back
                (re.compile(r"\bthe\s+ones?\s+(?=(?:announced|from|in|at|on|that|which|he|she|they|biden|trump|harris"
                            r"|signed|released|launched|unveiled|issued|about|for|with)\b)", re.IGNORECASE), "the "),
                (re.compile(r"\bhed\b", re.IGNORECASE), "he would"),  # "who did biden say hed nominate": "he'd"
                (re.compile(r"\btheyd\b", re.IGNORECASE), "they would"),
                (re.compile(r"\b(?:end|ends|ended|ending)\s+up\s+(?=\w+ing\b)", re.IGNORECASE), ""),
                # "usaids centroamerica local money", "epas new rule": an agency's short name with its apostrophe left
                # out (not where that is a word: "does", "docs", "bias", or another agency, "nrcs")
                (_AGENCY_POSSESSIVE, r"\1's"),
                (_AGENCY_POSSESSIVE_CAPITALS, r"\1's"),
                (_COUNTRY_POSSESSIVE, r"\1's"),
                # round 60: "fed contract $", "whats the $ amount", "federal $$": a dollar sign with no figure is the
                # word; "500k homes" is the sheets' "500,000" (not the "401k" plan)
                (re.compile(r"(?<![\w$])\$+(?!\s*\d)"), " dollars "),
                (re.compile(r"(?<![\w.,])(?!401k)(\d{1,3})k\b", re.IGNORECASE), r"\g<1>000"),
                # "fed contract $", "fed vehicles", "fed hires": "federal" before a noun (not "the fed", the Federal Reserve,
                # nor the verb: "fed up", "fed by")
                (re.compile(r"(?<!\bthe\s)\bfed\b(?=\s+[a-z])(?!\s+(?:up|by|to|into|on|with|and|or|in|at|more|off)\b)",
                            re.IGNORECASE), "federal"),
                (re.compile(r"(?<=\d)\s*mil\b\.?", re.IGNORECASE), " million"),
                (re.compile(r"(?<=\d)\s*bil\b\.?", re.IGNORECASE), " billion"),
                (re.compile(r"(?<=\s)&(?=\s)"), "and"),
                # thirtieth round: "the united states" is "the us" (not a name that goes on, "United States-Mexico-…");
                # "roll out" is "announce"
                (re.compile(r"\bthe\s+united\s+states\b(?!\s*[-–‑])", re.IGNORECASE), "the us"),
                (re.compile(r"\broll(?:ed)?\s+out\b", re.IGNORECASE), "announce"),
                (re.compile(r"\brolls\s+out\b", re.IGNORECASE), "announces"),
                (re.compile(r"\brolling\s+out\b", re.IGNORECASE), "announcing"),
                # 47th round: "kick off" is "launch" ("where did tanden and vilsack kick off the … event series": the
                # sheet "launches … event series"); not the kickoff of a game or a meeting, a noun
                (re.compile(r"\bkick(?:ed)?\s+off\b", re.IGNORECASE), "launch"),
                (re.compile(r"\bkicks\s+off\b", re.IGNORECASE), "launches"),
                (re.compile(r"\bkicking\s+off\b", re.IGNORECASE), "launching"),
                # 51st round: "what did the order change", "what does the new rule change for truckers": "change" is the
                # question's verb, what the order did (its subject a run of words with no preposition or verb between);
                # not "climate change" or "a name change", a topic; nor when a person or the government changed it
                # ("what did trump change about commercial fishing": whoever acted, the verb a soft word)
                (re.compile(r"^(?P<pre>\s*what\s+(?:did|does|do|will|would)\s+(?:(?!(?:on|about|for|to|in|with|of|do|say|"
                            r"said|and|regarding|climate|name|biden|trump|harris|obama|vance|he|she|they|we|you|i|us"
                            r"|president|administration|congress|government)\b)[\w'’.-]+\s+){1,8})change\b"
                            r"(?=\s*(?:[?.!]|$|for\b|about\b))",
                            re.IGNORECASE), r"\g<pre>do"),
                # 51st round: a rule or a tariff that "kicks in" takes effect, as the sheets say ("when do the new
                # tariff rates … kick in": "will take effect on August 1"); not money someone kicks in ("how much
                # did japan kick in"), which is given
                *((re.compile(rf"^(?!.*\bhow\s+much\b)(?P<pre>.*?)\b{kick}\s+in\b(?!\s+(?:\$|\d|money|funds?|cash))",
                              re.IGNORECASE), rf"\g<pre>{take} effect")
                  for kick, take in (("kicks", "takes"), ("kicked", "took"), ("kicking", "taking"), ("kick", "take"))),
                # a speaker's first name ("joe biden", "kamala harris", "donald trump"): the surname names them, and
                # the first name alone would weigh as a rare topic word no sheet's sentence has; "the vp" is the vice
                # president (whose, the question does not say)
                (re.compile(r"\b(?:joe|joseph|kamala|donald|j\.?\s?d\.?|doug|douglas)\s+(?=(?:r\.?\s+)?(?:biden|harris|trump|"
                            r"vance|emhoff)\b)", re.IGNORECASE), ""),
                (re.compile(r"(?<=biden),?\s+jr\b\.?", re.IGNORECASE), ""),
                # 51st round: "kamala" alone ("how much did kamala pledge") is the Vice President by her first name,
                # as everyone calls her: read as "harris", a speaker, not a company giving its own money
                (re.compile(r"\bkamala(?:['’]?s)?\b(?!\s+(?:d\.?\s+)?harris\b)", re.IGNORECASE), "harris"),
                # 47th round: "the trump era rules", "obama-era guidance": "era" after a president's name is the
                # asker's word for his time in office, which the sheets call by his name or "the previous
                # administration", never an era
                (re.compile(r"\b(biden|trump|obama|bush|clinton|reagan|carter)((?:['’]?s)?)[-–\s]+era\b", re.IGNORECASE),
                 r"\1\2"),
                (re.compile(r"\bvp\b|\bv\.p\.", re.IGNORECASE), "vice president"),
                # 49th round: Turkey the country ("after the turky earthquake", "aid to turkey", "turkye") is Türkiye, as
                # the sheets spell it since 2022, and so another country (Turkey is not in COUNTRIES, for the bird); not
                # in a question on Thanksgiving or a pardon, nor before the bird's farms, prices or meat, nor after
                # "wild"; the paraphrase table still adds "turkiye" beside the bird
                (re.compile(r"^(?!.*\b(?:thanksgiving|pardon\w*)\b)(.*?)(?<!\bwild\s)\bturk(?:e?y|ye)\b(?!\s+(?:prices?"
                            r"|farm\w*|dinners?|birds?|sandwich\w*|legs?|hunt\w*|breasts?|meat|flu|vultures?)\b)",
                            re.IGNORECASE), r"\1Turkiye"),
                # what people call the government: "the feds", "uncle sam", "the wh"
                (re.compile(r"\bthe\s+feds\b", re.IGNORECASE), "the government"),
                (re.compile(r"\buncle\s+sam\b", re.IGNORECASE), "the us"),
                (re.compile(r"\bthe\s+wh\b", re.IGNORECASE), "the white house"),
                # thirty-second round: "gonna", "wanna", "gotta"; "what the heck did …" is "what did …"
                (re.compile(r"\bgonna\b", re.IGNORECASE), "going to"),
                (re.compile(r"\bwanna\b", re.IGNORECASE), "want to"),
                (re.compile(r"\bgotta\b", re.IGNORECASE), "got to"),
                (re.compile(r"(?:(?<=\bwhat)|(?<=\bwho)|(?<=\bhow)|(?<=\bwhy)|(?<=\bwhen)|(?<=\bwhere))\s+(?:the\s+)?"
                            r"(?:heck|hell)\b", re.IGNORECASE), ""))
# then the table of chat short forms ("scotus", "rx drug prices", "mil aid"; 63rd round): after the forms above, so "5 mil"
# is already "5 million" when "mil" alone is read as military
_SHORT_FORMS += CHAT_SHORT_FORMS


_NUMBER_WORDS = {word: n for n, word in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"))} | {word: 10 * n for n, word in enumerate((
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), start=2)} | {"a": 1, "an": 1}
_SCALES = {"bn": "billion", "bln": "billion", "billion": "billion", "mn": "million", "mln": "million",
           "million": "million", "tn": "trillion", "trillion": "trillion"}
_NUMBER_WORD = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
# Money written without its dollar sign (thirty-first round): "3 bn", "20bn", "5 million dollars", "five billion
# dollars", "a billion dollars" → "$3 billion" …, so the reading sees the sum as it sees "$3 billion". A figure and a
# bare "million" or "billion" stays a count ("1 million homes").
_BARE_MONEY = re.compile(
    # "separate from the 600b in trumps eu deal": a "b" after two figures or more, or a decimal, is billions (68th
    # round; "phase 1b" stays)
    rf"(?<![\w$.,-])(?P<bfigure>\d{{2,}}(?:\.\d+)?|\d\.\d+)b\b(?:\s+(?:dollars|usd)\b)?"
    rf"|(?<![\w$.,])(?:(?P<figure>\d[\d,]*(?:\.\d+)?)\s*(?:(?P<short>bn|bln|mn|mln|tn)\b(?:\s+(?:dollars|usd)\b)?"
    rf"|(?P<long>billion|million|trillion)\s+(?:dollars|usd)\b"
    # or said as money by what follows it: "pulled in 4.37 billion in bids" (57th round)
    rf"|(?P<long2>billion|million|trillion)\b(?=\s+in\s+(?:(?:new|total|winning|federal|private)\s+)?(?:bids|funding"
    rf"|grants|investments?|loans|aid|financing|commitments|pledges|revenue|contracts|awards)\b))"
    rf"|(?P<words>(?:(?:{_NUMBER_WORD})[\s-]+)*(?:{_NUMBER_WORD}))\s+(?P<scale>billion|million|trillion)\s+dollars\b)",
    re.IGNORECASE)
# What makes "from <month> <year>" the start of a span, not the month the sheets are from.
_FROM_ON = re.compile(r"\s*(?:on\b|onwards?\b|forward\b|to\b|through\b|thru\b|until\b|till\b|-|–)")
# A year's last two figures after a word that leads to a time ("in '23", "the '24 budget", "fall '22", "since '21").
_SHORT_YEAR = re.compile(r"\b(in|of|since|until|before|after|during|from|to|and|between|the|fall|spring|summer"
                         r"|winter|autumn|early|late|mid)\s+['’](\d\d)(?![\w'’])", re.IGNORECASE)


def _bare_money(match: re.Match[str]) -> str:
    if match.group("bfigure"):
        return f"${match.group('bfigure')} billion"
    if match.group("figure"):
        scale = _SCALES[(match.group("short") or match.group("long") or match.group("long2")).lower()]
        return f"${match.group('figure')} {scale}"
    words = re.split(r"[\s-]+", match.group("words").lower())
    if len(words) > 1 and words[0] in ("a", "an"):
        return match.group(0)
    return f"${sum(_NUMBER_WORDS[w] for w in words)} {match.group('scale').lower()}"


# Acronyms written with dots ("E.P.A.", "H.U.D."; thirty-second round): the acronym, so the agency is read. Three
# letters or more ("U.S." and "D.C." stay as they are read already), not "U.S.A.".
_DOTTED_ACRONYM = re.compile(r"(?<![\w.])(?!U\.S\.A\.)((?:[A-Za-z]\.){3,})(?!\w)")
# A state by the newspapers' short form ("Calif.", "Pa.", "Wis."; thirty-second round), written with its capital and
# its dot; those that are words or titles too ("Ind.", "Miss.", "Mass.", "Wash.", "La." …) only after "in" or a comma.
_AP_STATES = {"Ala": "Alabama", "Ariz": "Arizona", "Ark": "Arkansas", "Calif": "California", "Colo": "Colorado",
              "Conn": "Connecticut", "Fla": "Florida", "Ga": "Georgia", "Kan": "Kansas", "Kans": "Kansas",
              "Ky": "Kentucky", "Md": "Maryland", "Mich": "Michigan", "Minn": "Minnesota", "Mont": "Montana",
              "Neb": "Nebraska", "Nebr": "Nebraska", "Nev": "Nevada", "Okla": "Oklahoma", "Pa": "Pennsylvania",
              "Penn": "Pennsylvania", "Tenn": "Tennessee", "Tex": "Texas", "Vt": "Vermont", "Wis": "Wisconsin",
              "Wisc": "Wisconsin", "Wyo": "Wyoming", "W.Va": "West Virginia", "W. Va": "West Virginia"}
_AP_STATES_AFTER_IN = {"Del": "Delaware", "Ill": "Illinois", "Ind": "Indiana", "La": "Louisiana",
                       "Mass": "Massachusetts", "Miss": "Mississippi", "Mo": "Missouri", "Ore": "Oregon",
                       "Va": "Virginia", "Wash": "Washington State"}  # "Washington" alone is the city
_AP_STATE = re.compile(r"(?<![\w.])(?P<short>" + "|".join(re.escape(k) for k in sorted(_AP_STATES, key=len, reverse=True))
                       + r")\.(?!\w)"
                       r"|(?:(?<=\bin\s)|(?<=,\s)|(?<=,))(?P<after_in>"
                       + "|".join(sorted(_AP_STATES_AFTER_IN, key=len, reverse=True)) + r")\.(?!\w)")


def _ap_state(match: re.Match[str]) -> str:
    short = match.group("short")
    return _AP_STATES[short] if short else _AP_STATES_AFTER_IN[match.group("after_in")]


# "how much cash for …", "how much CHIPS act cash is intel getting" (thirty-second round): the money asked about. Only
# in a question asking how much, and only where no noun follows ("cash assistance", "cash for clunkers" stay).
_CASH_ASKED = re.compile(r"\b(?P<how>how\s+much\s+)?cash\b(?=\s+(?:for|to|into|is|are|was|were|did|does|do|went|goes"
                         r"|going|has|have|had|will|would)\b|\s*[?.!]*\s*$)", re.IGNORECASE)


# Words of emphasis the asker puts anywhere ("how much did commerce actually award", "what did trump literally
# sign"; thirty-second round): taken out of the text, not only the topic, so that who acted and their verb are read
# as if they were not there.
_EMPHASIS = re.compile(r"\s+\b(?:actually|basically|specifically|literally|honestly|seriously|officially|really)\b(?=\s)",
                       re.IGNORECASE)


# The words that carry a question, as they are mistyped (45th round): two letters side by side swapped or one left out,
# the first kept ("hwo mcuh", "waht", "wich state", "whn did", "anounced", "goverment"). Left unread, "how much" was no
# money question, "wich state" no "where", and the slip stayed in the topic as its rarest word. A slip that is itself
# a word ("may", "man", "were", "send", "sent", "sped", "whee") is never read as one.
_QUESTION_WORD_ANCHORS = ("how", "much", "many", "what", "which", "when", "where", "who", "announce", "announced",
                          "announcement", "government", "administration", "funding", "money", "president",
                          "department", "spend", "spent", "invest", "invested")
_SLIPS_THAT_ARE_WORDS = frozenset({"man", "may", "wha", "were", "whee", "send", "sent", "sped", "announc"})


def _slips_of_word(word: str) -> set[str]:
    """``word`` with two letters side by side swapped or, from four letters on, one left out; its first letter kept."""
    slips = {word[:n] + word[n + 1] + word[n] + word[n + 2:] for n in range(1, len(word) - 1)}
    if len(word) >= 4:
        slips |= {word[:n] + word[n + 1:] for n in range(1, len(word))}
    return slips - {word}


_QUESTION_WORD_SLIPS = {slip: word for word in _QUESTION_WORD_ANCHORS for slip in _slips_of_word(word)
                        if slip not in _SLIPS_THAT_ARE_WORDS and slip not in _QUESTION_WORD_ANCHORS}
_QUESTION_WORD_SLIP = re.compile(r"\b(?:" + "|".join(sorted(_QUESTION_WORD_SLIPS, key=len, reverse=True)) + r")\b",
                                 re.IGNORECASE)


# A plural typed with "-ys" after a consonant ("covid test supplys", "which citys", "military familys", 49th round) is
# the "-ies" plural the sheets write, read so before anything else ("which citys" asks where); a vowel before it keeps
# the word ("days", "keys", "always"), and so do "-sys", the ending of names ("genesys biologics", "synopsys"), and a word
# in capitals.
_PLURAL_SLIP = re.compile(r"\b([a-z]{2,}[bcdfghjklmnpqrtvwxz])ys\b")
# ... but a country's or a state's name with its apostrophe dropped ("hungarys mol", "kentuckys share") is the name
# (71st round)
_NAMES_IN_Y = frozenset(name.lower() for name in (*COUNTRIES, *STATES) if name.isalpha() and name.endswith("y"))


def _plural_slip(match: re.Match[str]) -> str:
    name = match.group(1) + "y"
    return name if name in _NAMES_IN_Y else match.group(1) + "ies"


def _long_forms(raw: str) -> str:
    raw = _PLURAL_SLIP.sub(_plural_slip, raw)
    raw = _QUESTION_WORD_SLIP.sub(lambda m: _QUESTION_WORD_SLIPS[m.group(0).lower()], _EMPHASIS.sub("", raw))
    if re.search(r"\bhow\s+much\b", raw, re.IGNORECASE):
        raw = _CASH_ASKED.sub(lambda m: (m.group("how") or "") + "money", raw)
    raw = _AP_STATE.sub(_ap_state, _DOTTED_ACRONYM.sub(lambda m: m.group(1).replace(".", ""), raw))
    for pattern, word in _SHORT_FORMS:
        raw = pattern.sub(word, raw)
    raw = _BARE_MONEY.sub(_bare_money, raw)
    return _SHORT_YEAR.sub(lambda m: f"{m.group(1)} {'20' if int(m.group(2)) <= 50 else '19'}{m.group(2)}", raw)


# How a "who" question asks for the one in charge ("who handles …", "which agency is responsible for …", "who
# oversees …"; thirty-second round): the asker's words, which the sheets say otherwise ("led by", "will coordinate").
_WHO_FRAMING = frozenset({"handles", "handle", "handling", "oversees", "oversee", "overseeing", "responsible",
                          "manages", "manage", "managing", "administers", "administer", "heads", "head", "coordinates",
                          "coordinate", "coordinating"})


def _who_framing(topic: list[str], intent: str) -> tuple[str, ...]:
    found = tuple(w for w in topic if intent == WHO and w in _WHO_FRAMING)
    return found if len(found) < len(topic) else ()


def read_question(text: str, today: dt.date | None = None) -> Reading:
    """What the question asks (intent), about what (topic) and within which limits (filters)."""
    raw = _long_forms(_without_lead_in(" ".join((text or "").split())[:MAX_QUESTION_CHARS]))
    today = today or dt.date.today()
    lowered = raw.lower()
    intent = _intent(lowered)
    if intent == NONE:
        return Reading(text=raw, intent=NONE, topic=tuple(_topic_words(raw)))
    dates = _read_dates(lowered, today)
    state, state_span = _find_state(raw)
    agency, agency_spans = _find_agency(raw)
    document, document_span = _find_document(raw)
    # the SAVE plan, named in capitals, is no saving asked for ("how much student debt did biden wipe out for the SAVE
    # ppl", 70th round); in a question typed all in capitals "SAVE" is only the word
    named_plan = _SAVE_PLAN.sub("saveplan", raw) if any(c.islower() for c in raw) else raw
    kind = _find_kind(named_plan.lower(), intent, dates.fiscal, agency)
    if kind == KIND_REQUEST and dates.year is not None and not dates.fiscal:
        dates.fiscal = True
    spans = [_with_qualifiers(lowered, span) for span in dates.spans] + agency_spans
    first = _FIRST.search(lowered)  # the word stays in the topic: sheets say "the first … since"
    if state_span:
        spans.append(state_span)
    if document_span:
        spans.append(document_span)
    remaining = _blank(raw, spans)
    topic = _topic_words(remaining)
    if kind == KIND_FOREIGN and set(topic) - _ABROAD_WORDS:
        topic = [w for w in topic if w not in _ABROAD_WORDS]  # "sending abroad": the kind says it (thirty-second round)
    if document and not topic:
        topic = _topic_words(document)
    if intent == FUNDING and agency and not topic:
        # "atf money in bidens fy25 budget ask - how much": the agency is all the question names, so its money is the
        # topic (69th round)
        topic = _topic_words(" ".join(raw[start:end] for start, end in agency_spans))
    expanded, phrases = expand_topic(topic, _ASKING_VERB.sub(" ", fold(remaining)))
    return Reading(
        text=raw,
        intent=intent,
        topic=tuple(topic),
        expanded=tuple(w for w in expanded if w not in topic),
        phrases=tuple(phrases),
        year=dates.year,
        date_from=dates.date_from,
        date_to=dates.date_to,
        agency=agency,
        state=state,
        document=document,
        kind=kind,
        fiscal=dates.fiscal and dates.year is not None,
        hints=tuple(dict.fromkeys(w[:6] for w in tokens(fold(raw)) if w in HINT_VERBS)),
        amounts=_amounts(raw),
        speakers=_speakers(raw),
        soft=tuple(dict.fromkeys([*_own_verbs(lowered, topic, kind), *_agency_verbs(lowered, agency_spans, topic),
                                  *_who_framing(topic, intent)])),
        earliest=first is not None,
        capitals=tuple(dict.fromkeys(w.lower() for w in re.findall(r"\b[A-Z]{3,}\b", remaining)
                                     if w.lower() in topic and not raw.isupper())),
    )


def agency_names(key: str) -> tuple[str, ...]:
    """Ways the fact sheets write an agency: its acronym, full name and other names."""
    if key not in AGENCIES:
        return (key,)
    full, aliases = AGENCIES[key]
    # a department's Secretary names it ("The Secretary of Energy will then utilize that process to prevent …"; 65th
    # round)
    secretary = [full.replace("Department of", "Secretary of", 1)] if full.startswith("Department of ") else []
    return tuple(dict.fromkeys([key, full, *aliases, *secretary]))
