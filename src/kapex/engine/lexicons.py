"""Word lists behind the write-time signals, as data (English; lower-case; whole-word regexes).

Each list exists for one signal in ``kapex.engine.signals`` and is kept short and literal so a
reviewer can see why a turn scored as it did. Patterns are matched case-insensitively on word
boundaries against the raw turn.
"""

from __future__ import annotations

import re


def words(*phrases: str) -> re.Pattern[str]:
    """A case-insensitive whole-word alternation of the phrases (regex syntax allowed)."""
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b", re.IGNORECASE)


# fmt: off
FIRST_PERSON_SINGULAR = words(
    r"i", r"i'm", r"im", r"i've", r"i'd", r"i'll", r"me", r"my", r"mine", r"myself"
)
FIRST_PERSON_PLURAL = words(r"we", r"we're", r"we've", r"us", r"our", r"ours", r"ourselves")

#: Life areas whose mention makes a first-person statement a disclosure (SDV).
DISCLOSURE_DOMAINS: dict[str, re.Pattern[str]] = {
    "relationships": words(
        r"mom", r"mum", r"mother", r"dad", r"father", r"parents?", r"sister", r"brother",
        r"siblings?", r"son", r"daughter", r"kids?", r"children", r"child", r"baby", r"husband",
        r"wife", r"partner", r"boyfriend", r"girlfriend", r"spouse", r"grandma", r"grandmother",
        r"grandpa", r"grandfather", r"aunt", r"uncle", r"cousin", r"family", r"friends?",
        r"best friend", r"fianc[eé]e?", r"ex", r"dating", r"relationship", r"marriage",
        r"married", r"divorced?",
    ),
    "health": words(
        r"doctor", r"hospital", r"surgery", r"diagnos\w*", r"cancer", r"sick", r"ill",
        r"illness", r"pain", r"therapy", r"therapist", r"medication", r"meds", r"anxiety",
        r"depress\w*", r"pregnan\w*", r"injur\w*", r"health", r"allerg\w*", r"insomnia",
        r"disease", r"condition", r"symptoms?", r"died", r"passed away", r"death",
    ),
    "work": words(
        r"job", r"work", r"working", r"boss", r"manager", r"career", r"promot\w*", r"fired",
        r"laid off", r"hired", r"interview", r"coworkers?", r"colleagues?", r"salary", r"office",
        r"team", r"company", r"project", r"startup", r"business", r"retir\w*", r"quit",
    ),
    "feelings": words(
        r"feel", r"feeling", r"felt", r"scared", r"afraid", r"anxious", r"worried", r"stressed",
        r"lonely", r"sad", r"happy", r"angry", r"upset", r"grateful", r"proud", r"ashamed",
        r"guilty", r"overwhelmed", r"heartbroken", r"excited", r"nervous", r"hurt", r"miss",
        r"love", r"hate", r"grief", r"grieving", r"exhausted", r"tired", r"burn(?:ed|t) out",
        r"burnout", r"frustrated", r"stress", r"confused", r"disappointed", r"jealous",
        r"embarrassed", r"relieved", r"hopeful", r"worry",
    ),
    "life": words(
        r"mov(?:e|ed|ing) (?:to|out|in)", r"apartment", r"house", r"home", r"school", r"college",
        r"university", r"degree", r"graduat\w*", r"money", r"debt", r"rent", r"mortgage",
        r"savings", r"wedding", r"birthday", r"funeral", r"religio\w*", r"faith", r"identity",
        r"trans", r"transgender", r"gay", r"lesbian", r"bisexual", r"queer", r"lgbtq\+?",
        r"non-?binary", r"gender", r"coming out", r"came out", r"transition\w*",
    ),
}

#: Major life events: name → pattern. A hit adds the ``life_event`` modifier.
LIFE_EVENTS: dict[str, re.Pattern[str]] = {
    "death": words(
        r"passed away", r"died", r"dies", r"death of", r"funeral", r"lost my \w+ to",
        r"killed in", r"miscarriage", r"stillborn",
    ),
    "birth": words(
        r"gave birth", r"was born", r"(?:having|had|expecting) a baby", r"pregnant", r"newborn",
        r"adopted",
    ),
    "diagnosis": words(
        r"diagnosed", r"diagnosis", r"cancer", r"tumou?r", r"terminal", r"chemo\w*", r"stroke",
        r"heart attack", r"surgery",
    ),
    "career": words(
        r"promoted", r"promotion", r"got fired", r"was fired", r"laid off", r"lost my job",
        r"new job", r"got the job", r"got hired", r"quit my job", r"retired", r"retiring",
        r"started my own business",
    ),
    "move": words(
        r"mov(?:ed|ing) (?:to|out|abroad|countries|cities|back)", r"relocat\w*", r"emigrat\w*",
        r"bought a (?:house|home|flat|condo)",
    ),
    "breakup": words(
        r"broke up", r"break ?up", r"divorc\w*", r"separated", r"dumped me", r"left me",
        r"cheated on",
    ),
    "wedding": words(
        r"got married", r"getting married", r"wedding", r"engaged", r"proposed", r"married"
    ),
    "education": words(
        r"graduated", r"graduation", r"got into (?:college|university|grad school)",
        r"dropped out", r"got my degree",
    ),
    "accident": words(r"accident", r"crash(?:ed)?", r"hospitali[sz]ed", r"emergency room"),
}

#: Hedges lower linguistic certainty (LCS); each distinct hit costs certainty.
HEDGES = words(
    r"maybe", r"perhaps", r"possibly", r"probably", r"i guess", r"i suppose", r"i think",
    r"i believe", r"not sure", r"unsure", r"i don'?t know", r"idk", r"might", r"may be",
    r"could be", r"kind of", r"kinda", r"sort of", r"sorta", r"seems?", r"apparently",
    r"i'?m not certain", r"hard to say", r"i wonder", r"or something", r"i feel like", r"likely",
    r"unlikely", r"somewhat", r"dunno", r"no idea", r"who knows", r"we'?ll see", r"undecided",
    r"tentative(?:ly)?", r"in theory",
    # A plan held open (epistemic and conditional hedges on intentions): what it depends on,
    # what is hoped or weighed, what is not fixed yet.
    r"depend(?:s|ing)? on", r"if (?:it|all|everything) (?:works out|goes (?:well|to plan))",
    r"hopefully", r"(?:i'?m|we'?re) hoping", r"fingers crossed", r"toying with",
    r"in two minds", r"torn between", r"tbc", r"pencil(?:l?ed)? in",
    r"(?:not|haven'?t|hasn'?t|nothing(?: is|'s)?) (?:yet )?(?:decided|booked|confirmed)",
    r"not (?:set|fixed) yet",
)
#: Boosters raise linguistic certainty.
BOOSTERS = words(
    r"definitely", r"certainly", r"absolutely", r"for sure", r"i know", r"always", r"never",
    r"clearly", r"obviously", r"i(?:'m| am) (?:certain|sure|positive)", r"i will", r"i'll",
    r"i(?:'m| am) going to", r"i(?:'ve| have) decided", r"decided", r"committed",
    r"without a doubt", r"100%",
    # A plan made binding by an act: booked, paid for, signed.
    r"(?<!not )(?<!n't )(?<!nothing )booked", r"(?<!not )(?<!nothing )confirmed",
    r"paid (?:the|a|our|my) deposit",
    r"signed (?:the|a) (?:contract|lease|papers)", r"it'?s official", r"all set",
)

#: Emotionally heavy words VADER misses or under-weights (euphemisms, clinical words): intensity.
HEAVY_WORDS: dict[str, float] = {
    r"passed away": 0.8,
    r"died": 0.8,
    r"death": 0.7,
    r"funeral": 0.7,
    r"grie\w+": 0.7,
    r"cancer": 0.75,
    r"diagnosed": 0.6,
    r"terminal": 0.8,
    r"miscarriage": 0.85,
    r"divorc\w*": 0.65,
    r"broke up": 0.6,
    r"laid off": 0.6,
    r"fired": 0.55,
    r"suicid\w*": 0.9,
    r"abuse\w*": 0.85,
    r"assault\w*": 0.85,
    r"hospital\w*": 0.5,
    r"surgery": 0.5,
    r"accident": 0.55,
    r"pregnant": 0.55,
    r"engaged": 0.6,
    r"got married": 0.65,
    r"promoted": 0.55,
    r"heartbroken": 0.8,
    r"devastated": 0.85,
    r"terrified": 0.75,
    r"panic\w*": 0.65,
    r"overwhelmed": 0.6,
    r"lonely": 0.55,
}
HEAVY_WORD_PATTERNS = tuple(
    (re.compile(rf"\b{w}\b", re.IGNORECASE), v) for w, v in HEAVY_WORDS.items()
)

#: Urgency cues (PDV) beyond resolved dates.
URGENCY = words(
    r"urgent\w*", r"asap", r"right now", r"immediately", r"emergency", r"deadline",
    r"due (?:today|tomorrow|tonight|soon|this week)", r"just (?:now|happened|found out|got)",
    r"in an hour", r"in a few (?:hours|minutes)", r"hurry", r"running out of time",
    r"can'?t wait", r"starts? (?:tomorrow|monday|next week)",
)

#: Turns made only of these are small talk (damped).
SMALL_TALK = re.compile(
    r"^(?:(?:hi|hey|hello|hiya|yo|sup|good (?:morning|afternoon|evening|night)|gm|gn|"
    r"thanks?(?: you)?(?: so much| a lot)?|thx|ty|ok(?:ay)?|k|cool|nice|great|awesome|sure|"
    r"yes|yeah|yep|no|nope|nah|lol|lmao|haha+|hehe|bye|goodbye|see (?:you|ya)(?: later| soon)?|"
    r"ttyl|how are you(?: doing)?|how'?s it going|what'?s up|wassup|not much|same|me too|"
    r"you too|i'?m (?:good|fine|ok(?:ay)?)|all good|sounds good|got it|np|no worries|"
    r"of course|wow|oh|ah|hmm+|um+|well|indeed|right|true|agreed|exactly|and you|"
    r"just (?:chilling|checking in)|nothing much|have a (?:good|nice|great) (?:day|one|night))"
    r"[\s,.!?:;)(*'\"-]*)+$",
    re.IGNORECASE,
)

#: Openers that mark a turn as a reply to a question (not unprompted).
REPLY_OPENERS = re.compile(
    r"^\s*(?:yes|yeah|yep|no|nope|nah|sure|well|it was|it's|because|that's|i did|i do|"
    r"not really|kind of|sort of|definitely|absolutely|probably|maybe)\b",
    re.IGNORECASE,
)

NUMBER = re.compile(r"\b\d+(?:[.,:]\d+)?\b")
# fmt: on
