"""The crisis lexicon's building blocks: normalisation, the rule type, shared vocabulary and
the context markers (negation, jokes, tech talk, farewells with a return).

Contract: every rule names its category, a weight in (0, 1] and how context may cancel it.
A weight of 1.0 is a sign strong enough on its own; weaker signs (0.4–0.6) only count when
they add up. The patterns run over ``normalise(text)``: lower case, one kind of apostrophe,
letters repeated three or more times squeezed to two, common chat spellings expanded.
The rules themselves are in ``crisis_rules``.

Rules are written from general warning signs (ideation, plans, means, farewell notes,
threats with intent, violence by a person against the writer, acute symptoms), never from
individual benchmark lines. Safety reasoning: a false negative is the expensive error, so
the lexicon aims for recall; the context checks in ``crisis.py`` (negation, jokes, tech talk)
exist because a detector that fires on "this bug is killing me" gets switched off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SELF_HARM = "self_harm"
HARM_TO_OTHERS = "harm_to_others"
ABUSE = "abuse"
MEDICAL = "medical_emergency"
CATEGORIES = (SELF_HARM, HARM_TO_OTHERS, ABUSE, MEDICAL)

_CHAT_SPELLINGS = {
    r"\bim\b": "i'm",
    r"\bive\b": "i've",
    r"\bid\b(?= (rather|never|be)\b)": "i'd",
    r"\bdont\b": "don't",
    r"\bcant\b": "can't",
    r"\bwont\b": "won't",
    r"\bisnt\b": "isn't",
    r"\bdoesnt\b": "doesn't",
    r"\bwanna\b": "want to",
    r"\bgonna\b": "going to",
    r"\bgunna\b": "going to",
    r"\bu\b": "you",
    r"\bur\b": "your",
    r"\bmyslef\b": "myself",
    r"\bmy self\b": "myself",
}
_SPELLING_RES = [(re.compile(k), v) for k, v in _CHAT_SPELLINGS.items()]
_REPEATS = re.compile(r"([a-z])\1{2,}")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower-cased text with uniform apostrophes, squeezed letter runs and expanded chat forms."""
    lowered = text.lower().replace("’", "'").replace("‘", "'").replace("`", "'")
    lowered = _REPEATS.sub(r"\1\1", lowered)
    for pattern, replacement in _SPELLING_RES:
        lowered = pattern.sub(replacement, lowered)
    return _SPACES.sub(" ", lowered).strip()


@dataclass(frozen=True)
class Rule:
    """One warning sign. ``negatable``: a negation just before the match cancels it.
    ``hyperbole_prone``: a joke marker in the message ("lol", "haha") weakens it.
    ``first_person``: only counts when the message speaks about the writer.
    ``farewell``: cancelled when the message promises a return ("see you after the holidays").
    Weak rules (weight < 1) count each distinct match, up to two."""

    name: str
    category: str
    pattern: re.Pattern[str]
    weight: float = 1.0
    negatable: bool = True
    hyperbole_prone: bool = False
    first_person: bool = False
    farewell: bool = False


def rule(name: str, category: str, regex: str, weight: float = 1.0, **flags: bool) -> Rule:
    return Rule(name, category, re.compile(regex), weight, **flags)


# Shared vocabulary.
INTENT = (
    r"(?:i'm going to|i am going to|i'll|i will|i want to|i plan to|planning to|plan is to|"
    r"i'm about to|about to|i swear i'll|i could really|i could|i'm thinking about|thinking about|"
    r"thinking of|fantasi[sz]ing about|imagining|urge to|figured out how to|planning how to|"
    r"going to|want to|i feel like i could|ready to|next time i see \w+ i'll)"
)
PERSON_NOUN = (
    r"(?:husband|wife|boyfriend|girlfriend|partner|ex|ex-husband|ex-wife|ex-boyfriend|"
    r"ex-girlfriend|boss|co-?worker|colleague|roommate|flatmate|neighbou?r|teacher|dad|father|"
    r"mom|mother|mum|stepdad|stepmom|stepfather|stepmother|brother|sister|son|daughter|kid|"
    r"kids|child|children|baby|family|friend|classmates?|students?|landlord|manager|parents?|"
    r"cousin|uncle|aunt|grandma|grandpa|guy|girl|man|woman|dog|cat|teachers?|coach|bitch|bastard|"
    r"asshole|prick|fucker|motherfucker|cunt|idiot|dude|snitch|whore|slut)"
)
# A person noun followed by one of these is a computing object ("kill the child process").
TECH_AFTER = (
    r"(?! (?:process|processes|thread|threads|node|nodes|pod|pods|task|tasks|job|jobs|"
    r"element|elements|component|widget|container|session|pid|branch|table)\b)"
)
TARGET = (
    r"(?:him|her|them(?: all)?|you|someone|somebody|anyone|everyone|people|them all|"
    r"(?:my|his|her|their|the|that|this|our) (?:little |older |own |new |old |stupid |fucking )?"
    rf"(?:\w+ )?{PERSON_NOUN}){TECH_AFTER}\b"
)
# Base forms and gerunds: "going to stab", "fantasising about stabbing".
VIOLENT = (
    r"(?:kill(?:ing)?|murder(?:ing)?|hurt(?:ing)?|stab(?:bing)?|shoot(?:ing)?|strangl(?:e|ing)|"
    r"chok(?:e|ing)|beat(?:ing)?(?: up)?|hit(?:ting)?|slap(?:ping)?|kick(?:ing)?|tortur(?:e|ing)|"
    r"suffocat(?:e|ing)|poison(?:ing)?|drown(?:ing)?|attack(?:ing)?|punch(?:ing)?|smash(?:ing)?|"
    r"slash(?:ing)?|burn(?:ing)?|end(?:ing)?|harm(?:ing)?|maim(?:ing)?|knife|hunt(?:ing)? down)"
)
SELF_VERBS = (
    r"(?:kill|killing|killed|hurt|hurting|harm|harming|cut|cutting|burn|burning|hang|hanging|"
    r"drown|drowning|starve|starving|poison|poisoning|shoot|shooting|stab|stabbing|suffocate)"
)
DRUGS = (
    r"(?:pills|meds|medication|medicine|tablets|painkillers|sleeping pills|antidepressants|"
    r"insulin|heroin|fentanyl|opioids|oxy\w*|tylenol|paracetamol|acetaminophen|ibuprofen|"
    r"xanax|drugs|\w+pam|\w+done)"
)
ABUSER = (
    r"(?:he|she|they|(?!(?:never|not|i|you|we|who|to|would|will|can|could|should|don't|didn't|"
    r"won't|wouldn't|it|this|that|message|song|story|words|letter|news|really|bus|car|truck|train|"
    r"ball|wave|door|branch)\b)\w+)"
)
ABUSE_AUX = (
    r"(?:(?:'ll|will|would|always|often|still|keeps?|keeps on|kept|used to|tries to|tried to|"
    r"is going to|is|was|has|had|started|starts|gets drunk and|got drunk and) )?"
)
ME_OR_KIN = (
    r"(?:me|us|my (?:little |older |baby )?(?:mom|mum|mother|sister|brother|kids?|children|son|"
    r"daughter)(?: and me)?)"
)

# Overdose and pill-taking are self-harm when intended, a medical emergency when accidental
# or when it happened to someone else.
INTENT_MARKERS = re.compile(
    r"\b(?:going to|want to|plan|planning|tonight|waiting for (?:them|it) to kick in|on purpose|"
    r"i'm ready)\b"
)
ACCIDENT_MARKERS = re.compile(r"\b(?:by accident|accidentally|by mistake|mistakenly|didn't mean)\b")
THIRD_PERSON = re.compile(
    r"\b(?:my|our) (?:friend|son|daughter|kid|toddler|baby|dad|mom|brother|sister|husband|wife|"
    r"partner|roommate|child|grandma|grandpa)\b|\b(?:he|she|they)\b"
)
FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'll|i'd|me|my|myself|mine)\b")
# A farewell that promises a return ("see you after the holidays") is not a note.
RETURN_CUES = re.compile(
    r"\b(?:see (?:you|ya|u)|talk (?:to you )?(?:soon|later|tomorrow)|be back|back on|after the|"
    r"next (?:week|month|year)|tomorrow|monday|tuesday|wednesday|thursday|friday|weekend|"
    r"holidays?|vacation|trip|offline|signing off|logging off)\b"
)
JOKE_MARKERS = re.compile(r"\b(?:lol|lmao|lmfao|haha\w*|jk|just kidding|rofl)\b|😂|🤣|💀|😅|😆")
NEGATION = re.compile(r"\b(?:never|not|no|nobody|nothing|neither|nor|without)\b|n't\b|\bcannot\b")
# "can't stop thinking about it", "can't control the urge" keep the thought; not a denial.
NEGATION_EXCEPTIONS = re.compile(
    r"\b(?:can't|cannot|couldn't|won't|don't) (?:stop|help|control|resist|fight|shake)\b"
    r"|\bnothing matters\b|\bno one cares\b"
)
CLAUSE_BREAK = re.compile(r"[.!?;,]|\b(?:but|and|because|so|though|although)\b")
TECH_CONTEXT = re.compile(
    r"\bkill\s+-\d|\bsig(?:kill|term|int)\b|\bp?killall\b|\bpkill\b|\bpid\b|\bprocess(?:es)?\b"
    r"|\bkubectl\b|\bcron\b|\bdocker\b|\bserver\b|\bthreads?\b|\bkill switch\b|\bcontainer\b"
    r"|\bterminal\b|\bcommand\b|\bscript\b|\bdeploy\w*\b|\bbranch\b"
)
