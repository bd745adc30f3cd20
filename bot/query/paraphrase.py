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
    # everyday words for what the sheets say formally (ninth stop): "made here at home" is domestic manufacturing,
    # "a heads up before eviction" is advance notice, "unpaid rent" is nonpayment of rent
    (r"\bhere at home\b|\bmade at home\b", "domestic"),
    (r"\bheads? ?ups?\b", "notice advance"),
    (r"\bunpaid rent\b|\bnot paying rent\b|\bbehind on rent\b", "nonpayment rent"),
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
    (r"\bnyc\b", "new york city"),  # 67th round: 8 sheets write NYC, 44 New York City
    # 67th round: what the sheets call authoritarian governments (6 sheets write "dictator", 25 "authoritarian")
    (r"\bdictators?\b|\bdictatorships?\b|\bdespots?\b", "authoritarian governments"),
    (r"\b(?:washington,? )?d\.? ?c\b(?! circuit)", "district columbia"),  # "dc", "d.c.": the sheets spell it out
    # "take states to court", "sue": what the sheets call litigation or a lawsuit
    (r"\btak(?:e|es|ing) (?:\w+ ){0,3}to court\b|\bsu(?:e|es|ing|ed)\b", "litigation lawsuit"),
    (r"\bgun violence\b|\bgun safety\b", "gun violence firearms"),
    (r"\bghost guns?\b", "ghost gun firearm"),
    # a gun on its own is what the sheets call a firearm ("a license to sell guns" is "licensed firearms dealer")
    (r"(?<!ghost )\bguns?\b(?! violence| safety| control| laws?| rules?| reform| rights)", "firearms"),
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
    # "bil" and "iija": the law's short forms (66th round)
    (r"\binfrastructure bill\b|\binfrastructure law\b|\binfrastructure deal\b|\bbil\b|\biija\b",
     "bipartisan infrastructure law investment jobs act"),
    (r"\bira\b", "inflation reduction act"),
    (r"\barp\b", "american rescue plan"),
    (r"\bpay raises?\b|\braises\b", "pay"),
    (r"\bfabs?\b", "fabs semiconductor"),
    (r"\bchinese\b|\bbeijing\b", "china prc"),
    (r"\bbab(?:y|ies)\b", "infant infants"),
    (r"\bdrones?\b", "unmanned aircraft systems uas"),
    # a carrier's catapult is what the sheets call its aircraft launch system ("the Advanced Electromagnetic Aircraft
    # Launch Systems") (54th round, c)
    (r"\bcatapults?\b", "aircraft launch systems"),
    (r"\bdangerous\b|\bdangers?\b", "threats threat"),
    (r"(?<!policy )(?<!decision )\bmakers?\b|\bmanufacturers?\b", "manufacturing manufacturers"),
    (r"\bdefen[cs]e (?:contractors?|companies|firms|industry)\b", "defense industrial base"),
    (r"\b(?:emergency|urgent) (?:aid|relief|assistance|help)\b", "urgent humanitarian relief"),
    # a bill signed is an act or a law ("the stablecoin bill" → the GENIUS Act), not a bill to pay
    (r"(?<!energy )(?<!electric )(?<!electricity )(?<!utility )(?<!medical )(?<!hospital )(?<!heating )"
     r"(?<!water )(?<!power )(?<!phone )(?<!internet )(?<!grocery )(?<!monthly )(?<!tax )\bbills?\b", "act law"),
    (r"\bpowers\b(?! (?:plants?|lines?|grids?|sector))",
     "authority authorities"),
    # to stop doing something is what the sheets call ending or limiting it: "order the doj to quit using private
    # prisons" is the "Executive Order Limiting Use of Private Prisons", "to End the Use of" them (round 54m)
    (r"\b(?:quit|quits|quitting|stop|stops|stopping|cease|ceases|ceasing) (?:using|use of|the use of)\b", "end use"),
    (r"\b(?:quit|quits|quitting|stop|stops|stopping|cease|ceases|ceasing) (?:using|use of|the use of)\b", "limiting use"),
    # Everyday words for the sheets' policy words (round 18). A paraphrase's words must all be found together, so
    # each other way of saying it is an entry of its own ("fake" → "fraudulent", or → "false", or → "counterfeit").
    (r"\bseniors?\b|\belderly\b", "older adults"),
    (r"\bseniors?\b|\belderly\b", "older americans"),
    (r"\brivers\b|\bcanals?\b", "waterways"),
    # small or rural towns are what the sheets call rural communities ("$10 million in available grants for rural
    # communities") (54th round, c)
    (r"\b(?:rural|small) towns?\b", "rural communities"),
    (r"\bnear miss(?:es)?\b", "close calls"),
    # a wrong made "its own crime", "a separate crime": what the sheets call a specific offense ("sexual harassment as
    # a specific offense under the Uniform Code of Military Justice") (54th round, c)
    (r"\b(?:its|their) own (?:crimes?|offen[cs]es?)\b|\ba (?:separate|standalone|stand alone|distinct) (?:crime|offen[cs]e)\b"
     r"|\ba crime (?:of|in) (?:its|their) own\b", "specific offense"),
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
    (r"\bfirst(?:[- ]ever)?\b", "inaugural"),  # round 60: "the first us singapore tech dialogue" was its inaugural one
    (r"\bairlines?\b", "carrier"),
    (r"\bcap\b", "capping"),
    # Clipped and everyday forms of the sheets' words (twenty-eighth round): "memo" is a memorandum, "yearly" annual,
    # "bounce back" a recovery.
    (r"\bmemos?\b", "memorandum"),
    # 57th round: "the cyber NSM" is a National Security Memorandum; "algorithms that lowball home appraisals" are what
    # the sheets call algorithmic bias in home valuation
    (r"\bnsms?\b", "national security memorandum"),
    # "trump's one voice EO", "which biden EOs": users write an executive order as EO (fifty-ninth round)
    (r"\beos?\b", "executive order"),
    (r"\bwic\b", "women infants children"),
    (r"\b(?:falling|dropping|shrinking|declining) (?=(?:[\w-]+ )?(?:enrollments?|attendance|populations?|numbers))",
     "decline declines"),
    (r"\balgorithms?\b", "algorithmic automated"),
    (r"\blow ?ball\w*|\bundervalu\w*", "bias valuation"),
    (r"\b(?:home|house) apprais\w*", "home valuation valuations"),
    (r"\byearly\b|\bper year\b|\bevery year\b|\beach year\b", "annual"),
    (r"\bbounc(?:e|es|ed|ing) back\b", "recovery"),
    (r"\b(?:put|puts|putting|placed?) (?:a )?hold on\b|\bhalt(?:s|ed|ing)?\b|\bfreez(?:e|es|ing)\b", "pause"),
    # a pause is what the sheets call a suspension ("the pause on the higher china tariffs" is "the suspension of
    # heightened tariffs"), and higher tariffs are heightened ones (57th round)
    (r"\bpaus(?:e|es|ed|ing)\b", "suspension"),
    (r"\bhigher (?=(?:[\w-]+ )?(?:tariffs?|duties)\b)", "heightened"),
    # Everyday words for the sheets' words, by policy area (thirty-fifth round), written from general knowledge of how
    # federal policy is talked about, before looking at any question the code misses. Each target word is one the
    # sheets use; an everyday word with other senses is matched only in a phrase that fixes its sense ("unions" of
    # workers, not the European Union).
    # Health care and drug prices
    (r"\bobama ?care\b", "affordable care act"),
    (r"\b(?:medical|hospital|doctor|doctors) bills?\b", "medical debt"),
    (r"\bsurprise (?:medical )?(?:bills?|billing)\b", "surprise billing"),
    (r"\b(?:meds|medicines?|medications?|prescriptions)\b(?! (?:abortion|act))", "prescription drugs"),
    (r"\bdrug ?stores?\b", "pharmacies"),
    (r"\b(?:flu|covid|booster|vaccine) shots?\b|\bjabs?\b", "vaccines vaccination"),
    # "fully vaxxed", "the vax mandate", "unvaxxed workers": the clipped word for vaccinated (50th round)
    (r"\b(?:un)?vax+(?:ed|ing|es)?\b", "vaccinated vaccination"),
    # "the virginia class subs", "rotating subs … under aukus": submarines, where a ship's class, the navy or AUKUS says
    # so (not substitute teachers or subscriptions) (52nd round)
    (r"\b(?:nuclear(?:[- ]powered)?|attack|class|navy|naval)\s+subs\b|\bsubs\b(?=[^?]*\b(?:aukus|navy|naval|nuclear)\b)",
     "submarines"),
    # a booster is a dose of vaccine ("the updated covid booster": "the updated COVID-19 vaccine") (46th round)
    (r"\bboosters?\b(?! (?:shots?|clubs?|seats?|rockets?))", "vaccine vaccines"),
    (r"\babortion pills?\b", "medication abortion mifepristone"),
    (r"\bfertility treatments?\b|\btest tube bab(?:y|ies)\b", "ivf in vitro fertilization"),
    (r"\bvap(?:e|es|ing|ers?)\b|\be ?cig(?:arette)?s?\b", "e cigarettes tobacco"),
    (r"\bsmoking\b|\bcigarettes?\b", "tobacco"),
    (r"\bnarcan\b", "naloxone"),
    (r"\bmeth\b", "methamphetamine"),
    (r"\bpandemic prep\b|\bnext pandemic\b", "pandemic preparedness"),
    # Housing and rent
    (r"\bhouses\b", "homes"),
    (r"\bhouses\b", "housing"),  # not "homes": the sheets say it of homes connected, weatherized, built
    (r"\bunhoused\b|\bhomeless (?:people|folks|vets|veterans|families)\b|\bliving on the street\b", "homelessness"),
    (r"\brent (?:hikes?|increases?|going up)\b|\brising rents?\b|\brents? (?:going|gone) up\b", "rent increases"),
    (r"\b(?:first time )?home ?buyers?\b|\bbuy(?:ing)? (?:a|their first) (?:home|house)\b", "homebuyers homeownership"),
    (r"\bsection 8\b|\bhousing vouchers?\b|\brent vouchers?\b", "housing choice vouchers"),
    (r"\b(?:heating|gas|power|electric|electricity|energy|utility) bills?\b", "energy costs"),
    (r"\b(?:heating|gas|power|electric|electricity|energy|utility) bills?\b", "home energy assistance liheap"),
    (r"\bhome insulation\b|\binsulat(?:e|ing) homes\b", "weatherization"),
    # Jobs, wages and unions
    (r"\bpaychecks?\b|\btake home pay\b", "wages"),
    (r"\blabor unions?\b|\bunion (?:workers|members|jobs|rights)\b|\bunioniz\w*", "collective bargaining organize"),
    # "to train workers for retrofitting n electrifying buildings" (70th round; sheets: 15 write "train(ing) workers",
    # 536 "workforce")
    (r"\bjob training\b|\bskills training\b|\bworker training\b|\btrain(?:s|ed|ing)?\s+(?:the\s+)?workers\b",
     "workforce development training"),
    (r"\bgig (?:workers?|economy)\b|\bapp drivers?\b|\bfreelancers?\b", "independent contractors"),
    (r"\bnon ?competes?\b", "noncompete agreements"),
    (r"\b(?:workplace|job|worker) safety\b", "occupational safety"),
    (r"\b(?:good|well|high|decent) (?:paying )?jobs\b", "good paying jobs"),
    (r"\b(?:unemployment|jobless) (?:checks?|benefits?|pay)\b", "unemployment insurance"),
    (r"\bsick days?\b|\bfamily leave\b|\bmaternity leave\b|\bparental leave\b", "paid leave"),
    # Energy and climate
    (r"\bglobal warming\b|\bclimate crisis\b", "climate change"),
    (r"\bcarbon (?:emissions|pollution)\b|\bco2\b", "greenhouse gas emissions"),
    (r"\bsmog\b|\bdirty air\b", "air pollution"),
    (r"\bgas prices?\b|\bprices? at the pump\b|\bpump prices?\b", "gasoline prices"),
    (r"\bnuclear (?:plants?|power)\b", "nuclear energy reactors"),
    (r"\bgreen energy\b|\brenewables\b|\brenewable power\b", "clean energy"),
    (r"\bgreen jobs?\b", "clean energy jobs"),
    (r"\bhome batter(?:y|ies)\b|\bbig batter(?:y|ies)\b|\bgrid batter(?:y|ies)\b", "battery storage"),
    (r"\blng\b", "liquefied natural gas"),
    (r"\boil (?:drilling|leases?)\b|\bdrill(?:ing)? for oil\b", "oil gas leasing"),
    # Transport and roads
    (r"\bpotholes?\b|\b(?:fix|fixing|repair|repairing) (?:the )?roads\b|\broad repairs?\b", "roads highways repair"),
    (r"\bpublic transport(?:ation)?\b|\bmass transit\b|\bsubways?\b|\bbus(?:es)? and trains?\b", "public transit"),
    (r"\b(?:flight|plane) delays?\b|\bcancell?ed flights?\b", "flight cancellations delays"),
    (r"\b(?:car|traffic) (?:crashes|accidents|deaths)\b|\broad deaths\b", "roadway fatalities"),
    (r"\btruckers?\b|\btruck drivers?\b", "trucking"),
    (r"\bbike (?:lanes?|paths?)\b", "bicycle pedestrian"),
    (r"\btrains\b|\btrain (?:lines?|stations?|service|tracks?|routes?|travel)\b", "rail"),
    # Schools, colleges and student aid
    (r"\bcollege costs?\b|\bcost of college\b|\btuition costs?\b", "college affordability"),
    (r"\bfree (?:community )?college\b", "tuition free community college"),
    (r"\b(?:student )?(?:loan|debt) forgiveness\b|\bforgiv(?:e|ing) student\b|\bcancel(?:ling)? student\b",
     "student debt relief"),
    (r"\b(?:college )?financial aid\b|\bcollege aid\b", "student aid fafsa"),
    (r"\bteachers? (?:pay|salar(?:y|ies)|wages)\b", "teacher pay"),
    (r"\bpre ?k\b|\bpreschool\b|\bnursery school\b", "preschool"),
    (r"\bblack colleges\b", "historically black colleges universities"),
    (r"\bschool lunch(?:es)?\b|\bfree lunch(?:es)?\b|\bschool breakfasts?\b", "school meals"),
    (r"\btrade schools?\b|\bvocational\b|\bshop class\b", "career technical education"),
    # Immigration and the border
    (r"\billegal (?:immigrants?|migrants?|immigration)\b|\bundocumented (?:immigrants?|migrants?|people)\b",
     "illegal aliens"),
    (r"\billegal immigrants?\b|\bundocumented (?:immigrants?|people)\b", "migrants"),
    (r"\bdeport\w*", "removal"),
    (r"\bborder crossings?\b|\bpeople crossing the border\b", "border encounters"),
    (r"\basylum seekers?\b", "asylum"),
    (r"\bgreen cards?\b", "lawful permanent residents"),
    (r"\bdreamers\b", "daca"),
    (r"\bh ?1 ?bs?\b|\bwork visas?\b", "h 1b"),
    (r"\bhuman smuggl\w*|\bpeople smuggl\w*|\bcoyotes\b", "smuggling"),
    (r"\bdrug (?:cartels?|gangs?)\b", "cartels transnational criminal organizations"),
    # Crime, policing and guns
    (r"\bcops\b|\bpolice officers?\b|\bpolicing\b", "law enforcement"),
    # 64th round: a cop is an officer ("to hire or retain 50 additional officers"); to hire or keep staff is what the
    # sheets call hiring or retaining them (10 sheets write "hire or retain", none "hire or keep")
    (r"\bcops?\b", "officers"),
    # 67th round: a trooper is a state police officer (2 sheets write "trooper", 2 "state police")
    (r"\b(?:state )?troopers?\b", "state police officers"),
    (r"\b(?:hire|hiring|hired) (?:or|and) keep\b", "retain"),
    (r"\bgun (?:control|laws?|rules?|reform)\b", "gun safety"),
    (r"\bred flag (?:laws?|orders?)\b", "extreme risk protection orders"),
    (r"\b(?:2nd|second) amendment\b|\bgun rights\b", "second amendment"),
    (r"\bprison reform\b|\bsentencing reform\b", "criminal justice reform"),
    (r"\bscams?\b|\bscammers?\b|\bfraudsters?\b|\bripoffs?\b|\brip offs?\b", "fraud"),
    # 68th round: a fine the government imposes is a penalty (the sheets write "civil monetary penalties")
    (r"\bfines?\b(?! print)", "penalties"),
    # 67th round: a nursing home is a long-term care facility (14 sheets say it that way); "disabled students" are
    # students with disabilities (0 sheets write "disabled students", 21 "students with disabilities")
    (r"\bnursing homes?\b", "long-term care facilities residents"),
    (r"\bdisabled (?:students|kids|children|people|persons|americans|adults|workers|youth)\b", "with disabilities"),
    # Veterans and the military
    (r"\bmilitary bases?\b|\barmy bases?\b", "military installations"),
    (r"\bnukes\b", "nuclear weapons"),
    (r"\bwar ?ships\b|\bnavy ships\b|\bbuild(?:ing)? ships\b", "shipbuilding"),
    (r"\b(?:arms|weapons?) sales\b|\bsell(?:ing)? weapons\b", "arms transfers"),
    (r"\bmilitary famil(?:y|ies)\b|\bmilitary spouses?\b", "military families"),
    # Farming and food
    (r"\bfarmers\b|\branchers\b", "agricultural producers"),
    (r"\bgrocer(?:y|ies)(?: (?:prices?|bills?|costs?))?\b", "food prices"),
    (r"\bmeat ?packers?\b|\bmeatpacking\b|\bbeef prices?\b|\bmeat prices?\b", "meat processing"),
    (r"\bhunger\b|\bgoing hungry\b", "food insecurity"),
    (r"\bbird flu\b", "avian influenza h5n1"),
    (r"\bfood banks?\b|\bfood pantr(?:y|ies)\b", "food assistance"),
    # Tech, AI and cyber
    (r"\bhack(?:ers?|ing|s|ed)?\b|\bcyber ?attacks?\b", "cybersecurity cyber"),
    (r"\bhackers?\b", "malicious cyber actors"),
    (r"\bchat ?bots?\b|\bchat ?gpt\b", "artificial intelligence ai"),
    (r"\bdeep ?fakes?\b", "synthetic content"),
    (r"\bcrypto(?:currenc(?:y|ies))?\b|\bbitcoin\b", "digital assets"),
    (r"\bpersonal data\b|\bonline privacy\b|\bdata privacy\b", "privacy personal data"),
    (r"\bcell (?:phone )?(?:service|towers?|coverage)\b|\b5g\b", "wireless spectrum"),
    # 69th round: a cell network is a mobile one (the sheets write "mobile and broadband networks"), a telecom company a
    # telecommunications one (71 sheets)
    (r"\bcell(?:ular)? (?:phone )?networks?\b", "mobile wireless networks"),
    (r"\btelecoms?\b", "telecommunications"),
    # put-off repairs are deferred maintenance (6 sheets), free lawyering pro bono legal services (14 and 26)
    (r"\b(?:put off|postponed|delayed|overdue) (?:repairs?|maintenance)\b", "deferred maintenance"),
    (r"\bfree (?:lawyering|legal (?:work|help|services))\b|\blawyering\b", "pro bono legal services"),
    # chat verbs for what the sheets say formally: debt wiped out is canceled (12 sheets write "debt cancellation"),
    # money sunk into a company an equity investment (20), visa bans slapped on people imposed (100), relief pushed out
    # delivered (260), laid-off workers dislocated ones (9)
    (r"\bwip(?:e|es|ed|ing) out\b", "canceling cancellation"),
    (r"\bsink(?:s|ing)? into\b|\bsunk into\b", "invest investment"),
    (r"\bslap(?:s|ped|ping)? (?:w|with|on)\b", "impose imposed"),
    (r"\bpush(?:ed|es|ing)? out\b", "delivered provided"),
    (r"\blaid[- ]off\b|\blayoffs?\b", "dislocated"),
    (r"\bwi ?fi\b", "broadband internet"),
    # Trade and tariffs
    (r"\bimport (?:taxes|tax|duties|fees)\b|\btaxes on imports\b|\btrade war\b", "tariffs"),
    # goods "coming into the us", "shipped into the country", "brought in to america": what the sheets call imports
    # (46th round)
    (r"\b(?:coming|come|comes|came|brought|bringing|shipped|shipping|flowing|flow|pouring|sent|sold|getting|let|"
     r"smuggled|entering|enter|enters) (?:in ?to|into|in) (?:the )?(?:us|usa|u s|united states|country|america)\b",
     "import imports"),
    # a country buying goods abroad ("countries that buy venezuelan oil", "nations buying russian gas") is what the
    # sheets call importing them ("countries importing Venezuelan oil") (54th round, c)
    (r"\b(?:countr(?:y|ies)|nations?) (?:that |which |who )?(?:(?:are|is|were|was) )?"
     r"(?:buy|buys|bought|buying|purchas(?:e|es|ed|ing))\b",
     "import imports importing"),
    (r"\bbring(?:ing)? (?:jobs|factories|manufacturing) (?:back|home)\b|\bbuild(?:ing)? it here\b", "onshoring reshoring"),
    (r"\boutsourc\w*|\boffshoring\b|\bjobs overseas\b", "offshoring"),
    # Disasters
    (r"\b(?:disaster|hurricane|storm|flood|tornado|fire) (?:relief|aid|help|money)\b", "disaster assistance"),
    (r"\b(?:disaster|hurricane|storm|flood|tornado|fire) (?:relief|aid|help|money)\b", "disaster recovery"),
    (r"\bstorms\b", "severe storms"),
    # Child care and elder care
    (r"\bday ?care\b|\bbaby ?sitting\b|\bchildcare\b|\bnanny\b|\bnannies\b", "child care"),
    (r"\belder ?care\b|\bcar(?:e|ing) for (?:aging|elderly|older) (?:parents|relatives|people)\b", "long term care"),
    (r"\bhome health aides?\b|\bcaregivers?\b", "care workers caregiving"),
    (r"\bold (?:people|folks)\b", "older americans"),
    (r"\bsocial security checks?\b", "social security benefits"),
    # Taxes
    (r"\btax breaks?\b|\btax write ?offs?\b", "tax credits"),
    (r"\btax breaks?\b", "tax cuts"),
    (r"\bthe (?:rich|wealthy)\b|\brich (?:people|folks)\b|\bmillionaires\b", "wealthiest americans"),
    (r"\btax(?:es)? on (?:companies|corporations|big business)\b|\bcompany taxes\b", "corporate tax"),
    (r"\bfil(?:e|ing) (?:my |your |our )?taxes\b|\btax filing\b", "tax returns"),
    (r"\btax hikes?\b", "tax increases"),
    # Small business and consumers
    (r"\bstart ?ups?\b|\bmom and pop\b", "small businesses entrepreneurs"),
    (r"\b(?:hidden|surprise|overdraft|late|bank|credit card|resort|bag|baggage) fees\b", "junk fees"),
    (r"\b(?:concert|event|show) tickets?\b|\bticket (?:prices?|fees)\b", "ticketing"),
    # Water
    (r"\bsew(?:er|age)(?: systems?| plants?)?\b", "wastewater"),
    (r"\b(?:dirty|contaminated|polluted|unsafe) water\b", "clean water"),
    (r"\b(?:dirty|contaminated|polluted|unsafe) water\b", "water contamination"),
    # Government and foreign aid
    (r"\bgovernment shut ?downs?\b|\bshut ?down of the government\b", "lapse in appropriations"),
    (r"\b(?:federal|government) (?:workers|employees|staff)\b|\bcivil servants?\b|\bbureaucrats\b",
     "federal workforce employees"),
    (r"\bfood aid\b", "food assistance humanitarian"),
    (r"\bvoter id\b", "voter identification"),
    (r"\bgarbage\b|\btrash\b", "waste"),
    # to fight a harm is what the sheets call countering or combating it ("fight domestic terrorism": "Countering
    # Domestic Terrorism") (46th round)
    (r"\bfight(?:s|ing)?\b(?! for\b)|\bfought\b(?! for\b)", "countering combating combat"),
    # Dealing with the government (45th round): a hassle is what the sheets call the customer experience, or a burden
    (r"\bhassles?\b|\bhassle free\b", "customer experience"),
    (r"\bhassles?\b|\bhassle free\b", "burden burdens"),
    # Kept on hold by a company or an agency (47th round): what the sheets call hold times and customer service, a hassle
    # and a headache ("… through excessive paperwork, hold times, and general aggravation … headaches and hassles"); not a
    # plan "on hold" (paused), which keeps no one waiting
    (r"\b(?:keeps?|kept|keeping|puts?|putting|leaves?|left|leaving|stuck|waiting) (?:you|me|us|people|customers"
     r"|consumers|folks|callers|them) on hold(?: forever| for (?:hours|ages|ever))?\b|\bon hold (?:forever|for (?:hours"
     r"|ages|ever))\b", "hold times customer service hassles headaches"),
    # A push, the noun ("the new push on women's health research", "the solar push"): the sheets' effort,
    # initiative or campaign; not the verb ("to push his plan", "did trump push") (42nd round)
    (r"(?<!\bto )(?<!\bdid )(?<!\bwill )(?<!\bdoes )(?<!\bcan )\bpush(?:es)?\b", "effort initiative campaign"),
    # 62nd round: the President's wife by her name, which the sheets often write as her title ("The President and
    # First Lady will mark the start of the school year by visiting …")
    (r"\bjill\b|\bmelania\b", "first lady"),
    # 63rd round: the chat names of digital money ("an illicit finance risk assessment on defi", "the tax break for
    # crypto"), which the sheets write out; to finish a report or a rule is to complete it
    (r"\bdefi\b", "decentralized finance"),
    (r"\bcrypto(?:s|currenc(?:y|ies))?\b", "digital assets cryptocurrency"),
    (r"\bfinish(?:es|ed|ing)?\b", "complete"),
    # "getting covid vaccine straight from the feds": what the sheets write as directly
    (r"\bstraight (?:from|to)\b", "directly"),
    # 64th round: the sheets write antisemitism both joined and hyphenated (17 and 9 sheets): "trumps jan 2025
    # antisemitism order" is the one "to Combat Anti-Semitism"
    (r"\bantisemit(?:ism|ic)\b", "anti semitism"),
    (r"\banti semit(?:ism|ic)\b", "antisemitism"),
    # 65th round: banks are what the sheets call financial institutions ("the assets n banks behind the fentanyl trade")
    (r"\bbanks\b", "financial institutions"),
    # to stop something from happening is to prevent it ("to stop power plants from leaving the grid": "to prevent
    # significant generation resources from leaving the grid"); a power plant is a generation resource
    (r"\bstop(?:s|ping|ped)?\b(?= (?:[\w'-]+ ){1,4}from\b)", "prevent"),
    (r"\bpower plants?\b", "generation resources"),
    # to stay is to remain ("how long is the dc national guard supposed to stay mobilized": "will remain mobilized")
    (r"\bstay(?:s|ed|ing)?\b", "remain"),
    # to speed something up is what the sheets call expediting or accelerating it ("to speed up cdls": "expedite CDLs")
    (r"\bspeed(?:s|ing)? up\b|\bsped up\b", "expedite accelerate streamline"),
    # a nonstop flight is what the sheets call a direct one ("nonstop flights between the us n bahrain": "launching
    # direct flights between the United States and Bahrain"; 71st round)
    (r"\bnon ?stop (?:flights?|service|routes?)\b", "direct"),
    # before the inauguration, the sheets write the President-elect ("his pre inauguration covid vaccine plan":
    # "President-elect Biden outlines COVID-19 vaccination plan")
    (r"\bpre ?inaug\w*|\bbefore (?:he|biden|trump) (?:took|takes) office\b|\bbefore (?:the|his) inauguration\b",
     "president elect"),
    # rewriting rules is rulemaking ("how long does the NRC get to finish rewriting its regs": "to complete
    # rulemakings within 18 months")
    (r"\b(?:re ?writ\w*|overhaul\w*|revis\w*) (?:(?:its|their|the|all) )?(?:regs|regulations|rules)\b",
     "rulemaking rulemakings"),
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
