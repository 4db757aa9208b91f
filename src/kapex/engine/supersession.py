"""Updated facts: when a newer memory restates an attribute an older one stated.

People state the same few attributes of themselves again and again, and the newest statement
is the one that holds: where they live, where and as what they work, whom they are with, how
they eat, which phone or car they have, which team they support, when an appointment is.
Each such attribute is a *frame*: a family name and the constructions that state it ("I live
in", "we moved to", "my phone is", "I drive a", "the vet moved … to Monday"). A statement of
a frame is a ``Claim``: the family, and the subject it is about (the user, or a named person,
pet or relative: "Pepper's appointment" is Pepper's, not the user's).

Contract (pure, deterministic, English):
- ``claims(text, names=...)`` → the frames a user statement states; none for questions,
  requests and strongly hedged sentences ("I might move to Leeds" states nothing yet).
  ``names`` are the people the text names (a subject is someone, never the council or the
  town a sentence names).
- ``superseded(newer, older)`` → True when some claim of the newer memory has the same
  family and subject as a claim of the older one. The caller adds the other conditions
  (newer in time, both from the user, similar enough in meaning).

Attributes no frame names are read generically from possession ("my GP is now …", "I
switched banks"): family ``attribute:<noun>``. What it cannot do: read an attribute stated
without "my", or notice an update stated only by implication ("the new place has a garden"
after "I live in Leeds"). Such pairs keep their
plain order, where recency breaks ties between equally relevant memories.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CAPITAL = r"(?-i:[A-Z])"  # patterns are case-insensitive; a name's capital is not
_RELATIVE = (
    r"mum|mom|mother|dad|father|son|daughter|sister|brother|wife|husband|partner|boyfriend|"
    r"girlfriend|grandma|grandmother|grandpa|grandfather|aunt|uncle|cousin|niece|nephew|"
    r"kid|child|baby|dog|cat|puppy|kitten|friend|flatmate|roommate"
)
#: Who can state an attribute: the user, a relative ("my wife", "our dog") or a name.
_I = rf"(?:i|we|(?:my|our) (?:{_RELATIVE})|{_CAPITAL}[a-z]+)"
_I_AM = (
    rf"(?:i'?m|i am|we'?re|we are|(?:my|our) (?:{_RELATIVE}) (?:is|'s)|{_CAPITAL}[a-z]+ (?:is|'s))"
)
_NOW = r"(?:now |currently |finally |just |only |still |officially |actually )*"
#: "we've got", "I have bought": the perfect before a frame's verb.
_HAVE = r"(?:'ve|'d| have)?"

_DEVICES = {
    "phone": r"phone|mobile|handset|smartphone|iphone|pixel|galaxy|oneplus|xiaomi|nokia|motorola",
    "computer": r"laptop|computer|pc|macbook|thinkpad|chromebook|desktop|notebook",
    "tablet": r"tablet|ipad|kindle|e-?reader",
    "watch": r"watch|smartwatch|fitbit|garmin",
    "console": r"console|playstation|ps5|xbox|switch|steam deck",
}
#: Models people name instead of the make: "the corsa passed its MOT" is about the user's car
#: as surely as "my car". Makes, plain nouns and models that are also words are not ("the car
#: park", "my jazz band", "my focus", "the polo match", "a civic duty"): those need a verb
#: of having.
_CAR_MODEL = (
    r"prius|corolla|mondeo|kuga|corsa|astra|passat|octavia|fabia|clio|megane|micra|qashqai|"
    r"yaris|camry|sportage|tucson|berlingo|hilux|land rover|range rover"
)
_VEHICLE = (
    r"car|van|truck|pickup|suv|hatchback|estate|motorbike|motorcycle|scooter|moped|e-?bike|"
    r"camper|honda|toyota|ford|volkswagen|vw|tesla|polestar|bmw|audi|mercedes|kia|hyundai|"
    r"nissan|mazda|volvo|renault|peugeot|citro[eë]n|fiat|skoda|subaru|mini|jeep|seat|dacia|"
    r"vauxhall|opel|lexus|porsche|jaguar|suzuki|yamaha|ducati|vespa|golf|jazz|banger|fiesta|"
    r"ev|electric car|harley|kawasaki|triumph|ktm|royal enfield|"
    rf"focus|polo|civic|{_CAR_MODEL}"
)
_PARTNER = r"boyfriend|girlfriend|partner|husband|wife|fianc[eé]e?|spouse"
_EVENT = (
    r"appointment|appt|surgery|operation|procedure|interview|exam|test|hearing|trial|court "
    r"date|flight|check-?up|scan|mri|x-?ray|vaccination|jab|booster|consultation|session|"
    r"meeting|viva|audition|induction|reading|ceremony|wedding|party|deadline|due date|"
    r"visit|lesson|class|match|game|gig|concert|dentist|vet|doctor|gp|clinic"
)
_RESCHEDULE = (
    r"moved|move|rescheduled|reschedule|postponed|postpone|pushed back|push back|brought "
    r"forward|bring forward|changed|change|shifted|cancelled|canceled|rebooked|delayed|"
    r"is now|now on|now at|instead"
)
_DATE = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|"
    r"next (?:week|month)|\d{1,2}(?:st|nd|rd|th)?(?: of)? (?:jan|feb|mar|apr|may|jun|jul|aug|"
    r"sep|oct|nov|dec)\w*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w* \d{1,2}|"
    r"\d{1,2}[:.]\d{2}|\d{1,2} ?(?:am|pm)"
)


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


#: family → constructions that state it. Each is written from the grammar of the statement
#: (subject + verb + complement), never from one example sentence.
FRAMES: dict[str, re.Pattern[str]] = {
    "residence": _any(
        rf"\b{_I} {_NOW}(?:live|living|lived|'?re living|am living|rent|own)\b",
        # "moved my sessions" moves a thing; "we moved (to Leeds)" moves the household.
        rf"\b{_I}{_HAVE} {_NOW}(?:moved|relocated|emigrated)\b"
        r"(?! (?:my|our|the|it|them|his|her|their|a|an|some)\b)",
        rf"\b{_I_AM} {_NOW}(?:moving|relocating|based) (?:to|in|into|out)\b",
        rf"\b{_I_AM} {_NOW}(?:renting (?:a|an|in|at|with|from)|(?:living|lodging) (?:in|at|with|on|"
        r"near|above))\b",
        r"\bgot the keys (?:to|for) (?:our|my|the) (?:new )?(?:flat|apartment|house|home|place)\b",
        r"\bmy (?:new )?(?:flat|apartment|house|home|place|address) (?:is|was) (?:in|on|by|near)\b",
        rf"\b{_I} (?:just )?bought (?:a|our|my|the) (?:first )?(?:flat|apartment|house|home)\b",
    ),
    "employer": _any(
        rf"\b{_I} {_NOW}(?:work|works|worked|'?m working|am working|is working) (?:at|for|as|in)\b",
        r"\bmy (?:new |current )?(?:job|role|position|employer|boss) (?:is|at|as|with)\b",
        rf"\b{_I}{_HAVE} {_NOW}(?:got|started|landed|accepted|took|taken|begun|began) "
        r"(?:a |my |the )?(?:new )?(?:job|role|position|post|offer|contract)\b",
        rf"\b{_I}{_HAVE} {_NOW}(?:joined|been hired|was hired|got hired|started at|"
        r"started working)\b",
        rf"\b{_I_AM} {_NOW}(?:a |an |the )?[\w -]{{2,40}}? (?:at|for) {_CAPITAL}",
        rf"\bas (?:a |an |the )?[\w -]{2, 30}? (?:at|for|in) (?:the )?{_CAPITAL}",
        rf"\b{_I}{_HAVE} {_NOW}(?:quit|resigned|left my job|handed in my notice|"
        r"was laid off|got laid off|was fired|got fired|was made redundant|retired)\b",
        rf"\b{_I_AM} {_NOW}(?:unemployed|self-employed|freelancing|between jobs|retired)\b",
        r"\b(?:got |been |was )?taken on (?:permanently |full[- ]time |as \w+ )?(?:at|by)\b",
        r"\b(?:now |currently |recently )?employed (?:at|by|with)\b",
        r"\b(?:currently|now) working (?:with|at|for|in)\b",
        r"\bonboarded (?:at|with|by)\b",
        r"\bsigned (?:my|a|the) (?:new )?(?:contract|offer) (?:with|at)\b",
        r"\b(?:changed|switched|swapped) (?:company|companies|jobs?|employers?|firms?)\b",
        r"\bmoved to a new (?:company|job|employer|firm|role)\b",
        r"\bfirst (?:day|week|month|shift) (?:at|in) (?:the |my )?new (?:job|place|company|office|"
        r"role|firm)\b",
        # As what: a promotion or a new title replaces the role stated before.
        r"\b(?:got|been|was|were|am|is|'s|'m|'ve been|finally|just) promoted\b",
        r"\bpromotion (?:came through|went through|is official|was confirmed|to)\b",
        r"\b(?:my )?new (?:job )?title\b",
    ),
    "relationship": _any(
        rf"\b{_I_AM} {_NOW}(?:single|married|engaged|divorced|separated|widowed|"
        r"in a relationship|seeing someone|dating|together|a couple)\b",
        rf"\b{_I}{_HAVE} (?:been )?{_NOW}(?:seeing|dating|going out with|together)\b",
        r"\b(?:broke up|split up|we split|got engaged|got married|got divorced|"
        r"moved in together|officially together|an item)\b",
        rf"\b(?:my new|have a|got a) (?:{_PARTNER})\b",
        r"\b(?:deleted|back on|off) (?:all )?(?:the |my )?dating apps?\b",
        # "I'm with Adebayo now", "not with the irish fella anymore".
        rf"\b{_I_AM} (?:now |officially )?with {_CAPITAL}[a-z]+\b,? (?:now|these days)\b",
        r"\b(?:not|no longer) (?:with|seeing|dating) (?:him|her|them|[\w' -]{2,30}?) "
        r"(?:any ?more|these days)\b",
    ),
    "diet": _any(
        rf"\b{_I_AM} {_NOW}(?:a |fully |completely |strictly |mostly )*(?:vegan|vegetarian|veggie|"
        r"pescatarian|plant-based|keto|paleo|gluten-free|dairy-free|carnivore|flexitarian|"
        r"teetotal|sober|off meat|off dairy)\b",
        rf"\b{_I}{_HAVE} {_NOW}(?:eat|don'?t eat|do not eat|stopped eating|no longer eat|avoid|"
        r"cut out|gave up|quit|drink|don'?t drink|stopped drinking)\b",
        r"\b(?:my diet|went|gone|going|switched|turned) (?:is |to )?(?:fully |completely |"
        r"strictly )?(?:vegan|vegetarian|plant-based|keto|pescatarian|paleo)\b",
        r"\b(?:vegan|vegetarian|plant-based|pescatarian|keto) (?:now|these days|since)\b",
    ),
    "vehicle": _any(
        rf"\b{_I}{_HAVE} {_NOW}(?:drive|ride|own|have|bought|got|sold|traded(?: in)?|"
        rf"part[- ]exchanged|px'?d|scrapped|got rid of|swapped|"
        rf"leased?|use|love|loving|adore|picked up|collected|exchanged|replaced|switched to)"
        rf"\b[^.;!?]{{0,40}}\b(?:{_VEHICLE})s?\b",
        rf"\b(?:my|our) (?:new |old |family |company |current )?(?:{_VEHICLE})"
        r"(?: is|'s| was| now)\b",
        # What people call the car they have: "the new ride is a Tesla", "my wheels these days".
        r"\b(?:my|our|the) new (?:ride|motor|wheels)\b(?=\s*(?:is|'s|[:,.!]|$))|\bmy wheels\b",
        # What one is in now: "in a secondhand leaf now", "driving a Zoe these days".
        rf"\b(?:driving|riding|in) (?:a|an|the|my) [^.;!?]{{0,30}}\b(?:{_VEHICLE})s?\b"
        r"[^.;!?]{0,15}\b(?:now|these days|at the moment)\b",
        rf"\bthe (?:{_VEHICLE}) {_I} (?:drive|ride|have|own)\b",
        rf"\b(?:the|my|our) (?:old |new |little |trusty )?(?:{_CAR_MODEL})(?:'s)?\b",
    ),
    "team": _any(
        rf"\b{_I} {_NOW}(?:support|follow|cheer for|root for) (?:the )?{_CAPITAL}",
        rf"\b{_CAPITAL}[\w.-]+ (?:supporter|fan)\b",
        rf"\b(?:supporter|fan) of (?:the )?{_CAPITAL}",
        r"\bmy (?:team|club) (?:is|are)\b",
    ),
    **{
        f"device:{kind}": _any(
            rf"\bmy (?:new |current |old )?(?:{words})\b[^.;!?]{{0,20}}\b(?:is|now|was)\b",
            rf"\b{_I}{_HAVE} {_NOW}(?:have|got|bought|use|switched to|upgraded to|own|"
            rf"replaced)\b[^.;!?]{{0,30}}\b(?:{words})s?\b",
        )
        for kind, words in _DEVICES.items()
    },
    "schedule": _any(
        rf"\b(?:{_EVENT})\b[^.;!?]{{0,60}}\b(?:{_DATE}|{_RESCHEDULE})\b",
        rf"\b(?:{_RESCHEDULE})\b[^.;!?]{{0,60}}\b(?:{_EVENT})\b",
    ),
}

#: Any other attribute the user names as theirs: "my gym is now …", "my new dentist is …",
#: "I changed my bank to …", "I switched gyms". The family is the attribute's noun
#: ("attribute:gym"), so two statements update each other only when they name the same
#: thing. Relatives and pets are subjects, not attributes ("my sister is a nurse" says
#: something about the sister); words for time, feelings and the body's moment-to-moment
#: state say how things are, not which thing the user has.
_OWNED = (
    r"\bmy (?:new |current |usual |regular |main |go-to )?"
    r"(?P<noun>[a-z]+(?:[ -][a-z]+)?) (?:is|are|'s) (?:now |currently |still |actually |"
    r"officially )*(?!(?:not|no|so|too|very|really|a bit|kind of|still)\b|[a-z]+ing\b)"
)
_CHANGED = (
    r"\b(?:i|we) (?:have |'ve )?(?:just |finally )?(?:changed|switched|swapped|replaced|moved)"
    r" (?:my |our )?(?P<changed>[a-z]+?)s?\b(?: (?:to|for|from|over)\b|[.,;!]|$)"
)
_ATTRIBUTE = re.compile(f"{_OWNED}|{_CHANGED}", re.IGNORECASE)
_NOT_ATTRIBUTES = frozenset(
    {
        *(_RELATIVE.split("|")),
        *re.findall(
            r"[a-z]+",
            "day week weekend morning evening night year month life time mood head mind heart "
            "body back stomach throat chest knee leg arm hand foot skin eye feet guess point "
            "question answer problem worry fear hope plan idea goal dream bad fault turn name "
            "self family parent kid children friend to it them up",
        ),
    }
)


def _attributes(text: str) -> set[str]:
    """The owned things a statement names (``_OWNED`` / ``_CHANGED``), as family names."""
    found = set()
    for match in _ATTRIBUTE.finditer(text):
        noun = (match.group("noun") or match.group("changed") or "").lower()
        # One family for "my session is" and "my sessions are".
        noun = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
        if noun and noun.split()[-1] not in _NOT_ATTRIBUTES:
            found.add(f"attribute:{noun}")
    return found


_QUESTION = re.compile(
    r"\?\s*$|^\s*(?:can|could|would|will|should|do|does|did|is|are|am|what|which|who|when|"
    r"where|why|how|please|help me|tell me|remind me)\b",
    re.IGNORECASE,
)
_HEDGED = re.compile(
    r"\b(?:might|maybe|perhaps|possibly|thinking (?:of|about)|considering|not sure|"
    r"i'?m (?:not )?(?:sure|certain) (?:if|whether)|if i|hoping to|would like to|"
    r"want to|plan to|planning to)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|we|we're|we've|our|us)\b", re.I)
_POSSESSIVE_NAME = re.compile(
    rf"\b(?P<who>{_CAPITAL}[a-z]+|(?<=my )(?:{_RELATIVE})|(?<=our )(?:{_RELATIVE}))'s\b",
    re.IGNORECASE,
)
_EVENT_WORD = re.compile(rf"\b(?:{_EVENT})\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement of one attribute: its family, whom it is about (empty when the sentence
    does not say) and, for schedules, what is scheduled (the kinds of appointment named)."""

    family: str
    subjects: frozenset[str]
    things: frozenset[str] = frozenset()


_OPENING = re.compile(
    rf"^\W*(?:(?P<i>i|i'm|i've|i'd|i'll|we|we're|we've|our family)\b"
    rf"|(?:my|our) (?P<relative>{_RELATIVE})\b"
    rf"|(?P<name>{_CAPITAL}[a-z]+)(?:'s)?\b)",
    re.IGNORECASE,
)


def _subjects(text: str, names: frozenset[str]) -> frozenset[str]:
    """Whom a statement is about: the subject the sentence opens with (the user, "my dad",
    "Maya"), else a possessive name or relative ("the vet moved Pepper's jab"), else the
    user when the sentence is in the first person, else the names it carries (maybe none)."""
    opening = _OPENING.match(text)
    if opening and opening.group("i"):
        return frozenset({"user"})
    if opening and opening.group("relative"):
        return frozenset({opening.group("relative").lower()})
    # A capital opening a sentence may be any word ("Sold the car…"): it is a name only when
    # entity extraction says so or a possessive marks it.
    name = opening.group("name") if opening else None
    lowered = {n.lower() for n in names}
    if name and (name.lower() in lowered or text.lstrip().startswith(f"{name}'s")):
        return frozenset({name.lower()})
    possessive = {m.group("who").lower() for m in _POSSESSIVE_NAME.finditer(text)}
    if possessive:
        return frozenset(possessive)
    if _FIRST_PERSON.search(text):
        return frozenset({"user"})
    return frozenset(lowered)


#: Chat drops the subject of a sentence about oneself ("Seeing a guy called Ruairi", "Traded
#: the old banger in", "Loving my little red Fiesta"): a sentence that opens with one of the
#: frames' verbs is read with "I" restored. A past tense opening a sentence nearly always has
#: lost its "I"; a form in -ing is as often a gerund subject ("Seeing my kids happy was the
#: best", "Dating apps are exhausting"), so it counts only before someone new ("a", "an",
#: "someone", a name) or, for loving, before "my".
_DROPPED_SUBJECT = re.compile(
    r"(?:^|(?<=[.!?;,]\s))\s*(?="
    r"(?:moved|started|joined|got|bought|picked up|collected|sold|traded|switched|swapped|"
    r"upgraded|quit|left|landed|went|part[- ]exchanged|px'?d|scrapped|exchanged|replaced|"
    r"accepted|leased)\b"
    r"|(?:seeing|dating|going out with|living with|driving) (?:a|an|someone|somebody|"
    r"(?-i:[A-Z])[a-z]+)\b"
    r"|lov(?:e|ing) my\b)",
    re.IGNORECASE,
)


def claims(text: str, *, names: frozenset[str] | set[str] = frozenset()) -> list[Claim]:
    """The attributes a user statement states (module contract); [] for questions, requests
    and hedged plans."""
    if _QUESTION.search(text) or _HEDGED.search(text):
        return []
    subjects = _subjects(text, frozenset(names))
    restored = _DROPPED_SUBJECT.sub(" I ", text)
    if not subjects and restored != text:
        subjects = frozenset({"user"})
    text = restored
    found = []
    for family, pattern in FRAMES.items():
        if pattern.search(text):
            things: frozenset[str] = frozenset()
            if family == "schedule":
                things = frozenset(m.group(0).lower() for m in _EVENT_WORD.finditer(text))
            found.append(Claim(family=family, subjects=subjects, things=things))
    # The generic reading stands beside the frames: a frame may read the same sentence as
    # something else ("my GP is now Dr V" is also a schedule word with "now").
    found += [Claim(family=f, subjects=subjects) for f in sorted(_attributes(text))]
    return found


def _same_subject(a: frozenset[str], b: frozenset[str]) -> bool:
    # A sentence that does not say whose it is ("The vet moved the jab to Monday") can update
    # anyone's; two that both say must name the same one.
    return not a or not b or bool(a & b)


def superseded(newer: list[Claim], older: list[Claim]) -> bool:
    """Whether some claim of ``newer`` restates a claim of ``older``: same family, same
    subject and, for schedules, the same kind of appointment."""
    return any(
        n.family == o.family
        and _same_subject(n.subjects, o.subjects)
        and (n.family != "schedule" or bool(n.things & o.things))
        for n in newer
        for o in older
    )


__all__ = ["FRAMES", "Claim", "claims", "superseded"]
