"""Short labels, extractive summaries and life-area domains of a turn.

Contracts:
- ``topic_label(text, entities)``: 1–5 words, every one taken from the text (a word-for-word
  fallback of the first words when no content word is left); the first entity is kept.
- ``summary(text, role=, max_words=)``: extractive — every word of the summary appears in the
  text; the only words added are the fixed framing "The assistant said:" on assistant turns.
  It keeps the most informative sentences in their original order up to ``max_words`` words.
- ``domain_of(text, entities)``: one of ``DOMAINS`` by keyword-lexicon hits; "other" if none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kapex.engine import lexicons as lx

DOMAINS = (
    "work", "family", "relationships", "health", "money", "learning",
    "leisure", "home", "travel", "other",
)  # fmt: skip
ASSISTANT_FRAMING = "The assistant said:"

_WORD = re.compile(r"[\w][\w'’.-]*[\w]|[\w]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_STOPWORDS = frozenset(
    """a an the and or but if so of to in on at by for with from about as into onto over under
    i me my mine myself we us our you your he him his she her it its they them their this that
    these those is am are was were be been being have has had do does did done will would shall
    should can could may might must just really very also too then than there here what which
    who whom whose when where why how all any some no not nothing only own same such more most
    other another up down out off again still even ever yet oh ah um uh hey hi hello well yeah
    yes ok okay like lol haha got get gets getting go goes going went gone thing things stuff
    lot lots much many one today yesterday tomorrow tonight last next week month year ago now
    time day days im i'm ive i've id i'd ill i'll it's that's dont don't didn't doesn't can't
    cant wont won't said say says think know want feel felt make made really pretty quite
    since because while during before after around""".split()  # noqa: SIM905
)
_LEADING_FILLER = re.compile(
    r"^(?:(?:well|so|um+|uh+|oh|hey|hi|hello|yeah|ok(?:ay)?|lol)\b[\s,.!]*)+", re.IGNORECASE
)

_DOMAIN_WORDS: dict[str, re.Pattern[str]] = {
    "work": lx.DISCLOSURE_DOMAINS["work"],
    "family": lx.words(
        r"mom",
        r"mum",
        r"mother",
        r"dad",
        r"father",
        r"parents?",
        r"sister",
        r"brother",
        r"siblings?",
        r"son",
        r"daughter",
        r"kids?",
        r"children",
        r"baby",
        r"grand\w+",
        r"aunt",
        r"uncle",
        r"cousin",
        r"family",
        r"niece",
        r"nephew",
        r"in-laws?",
    ),
    "relationships": lx.words(
        r"husband",
        r"wife",
        r"partner",
        r"boyfriend",
        r"girlfriend",
        r"spouse",
        r"dating",
        r"date",
        r"relationship",
        r"married",
        r"marriage",
        r"wedding",
        r"divorc\w*",
        r"ex",
        r"friends?",
        r"friendship",
        r"broke up",
        r"breakup",
        r"crush",
        r"fianc\w*",
    ),
    "health": lx.DISCLOSURE_DOMAINS["health"],
    "money": lx.words(
        r"money",
        r"debt",
        r"loan",
        r"rent",
        r"mortgage",
        r"savings?",
        r"budget",
        r"salary",
        r"paid",
        r"pay",
        r"bills?",
        r"invest\w*",
        r"stocks?",
        r"bank",
        r"tax(?:es)?",
        r"expensive",
        r"afford",
        r"credit",
        r"\$\d+",
        r"dollars?",
        r"euros?",
        r"pounds?",
    ),
    "learning": lx.words(
        r"school",
        r"college",
        r"university",
        r"class(?:es)?",
        r"course",
        r"exam",
        r"study\w*",
        r"studied",
        r"learn\w*",
        r"homework",
        r"degree",
        r"teacher",
        r"lesson",
        r"tutor\w*",
        r"graduat\w*",
        r"thesis",
        r"research",
    ),
    "leisure": lx.words(
        r"hobby",
        r"hobbies",
        r"games?",
        r"gaming",
        r"movies?",
        r"film",
        r"music",
        r"concert",
        r"books?",
        r"reading",
        r"read",
        r"paint\w*",
        r"art",
        r"sports?",
        r"football",
        r"soccer",
        r"basketball",
        r"hik\w+",
        r"camping",
        r"cook\w*",
        r"food",
        r"restaurant",
        r"lunch",
        r"dinner",
        r"party",
        r"guitar",
        r"piano",
        r"running",
        r"gym",
        r"yoga",
        r"swim\w*",
        r"dance",
        r"dancing",
        r"pottery",
    ),
    "home": lx.words(
        r"home",
        r"house",
        r"apartment",
        r"flat",
        r"room",
        r"kitchen",
        r"garden",
        r"neighbou?rs?",
        r"landlord",
        r"mov(?:e|ed|ing)",
        r"furniture",
        r"clean\w*",
        r"pets?",
        r"dog",
        r"cat",
        r"repair\w*",
    ),
    "travel": lx.words(
        r"trip",
        r"travel\w*",
        r"vacation",
        r"holiday",
        r"flight",
        r"fly\w*",
        r"hotel",
        r"airport",
        r"abroad",
        r"visit\w*",
        r"tour\w*",
        r"beach",
        r"road trip",
        r"passport",
    ),
}
# An entity's label nudges the domain when the text alone is silent.
_LABEL_DOMAIN = {"ORG": "work", "GPE": "travel", "LOC": "travel", "FAC": "travel"}


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


#: Longest topic label: a "word" can be thousands of characters long (a pasted hash, a
#: fuzzer's "000…"), and the label must still fit where topics are stored and shown.
MAX_TOPIC_CHARS = 200


def topic_label(text: str, entities: Sequence[str] = ()) -> str:
    """A 1–5 word label made of words of the text (see the module contract), at most
    ``MAX_TOPIC_CHARS`` characters."""
    return _label(text, entities)[:MAX_TOPIC_CHARS]


def _label(text: str, entities: Sequence[str]) -> str:
    tokens = _words(text)
    if not tokens:
        return " ".join(text.split()[:5])[:40] or "note"
    content = [t for t in tokens if t.lower() not in _STOPWORDS and not t.isdigit()]
    entity = next((e for e in entities if e and e.lower() in text.lower()), None)
    picked: list[str] = []
    for token in content:
        word = token if token[0].isupper() and token.lower() != "i" else token.lower()
        if word.lower() not in (p.lower() for p in picked):
            picked.append(word)
            if len(picked) == 4:  # a long message need not be read to its end
                break
    label = picked
    if entity is not None and not any(entity.lower() == p.lower() for p in label):
        label = [*label[:3], *_words(entity)][:5]
    return " ".join(label) if label else " ".join(tokens[:3])


def _sentence_weight(sentence: str) -> float:
    words = _words(sentence)
    content = sum(1 for w in words if w.lower() not in _STOPWORDS)
    areas = sum(1 for p in lx.DISCLOSURE_DOMAINS.values() if p.search(sentence))
    first_person = 1.0 if lx.FIRST_PERSON_SINGULAR.search(sentence) else 0.0
    return content + 2.0 * areas + first_person - (3.0 if sentence.rstrip().endswith("?") else 0.0)


def summary(text: str, *, role: str, max_words: int = 40) -> str:
    """An extractive summary of at most ``max_words`` words of the text (plus framing)."""
    sentences = [s.strip() for s in _SENTENCE.split(text.strip()) if s.strip()]
    sentences = [_LEADING_FILLER.sub("", s) or s for s in sentences]
    weights = [_sentence_weight(s) for s in sentences]
    ranked = sorted(range(len(sentences)), key=lambda i: (-weights[i], i))
    if any(w > 0 for w in weights):
        # Greetings and bare questions add words, not information.
        ranked = [i for i in ranked if weights[i] > 0]
    chosen: list[int] = []
    used = 0
    for index in ranked:
        size = len(sentences[index].split())
        if used and used + size > max_words:
            continue
        chosen.append(index)
        used += size
        if used >= max_words:
            break
    pieces = " ".join(sentences[i] for i in sorted(chosen)).split()[: max(1, max_words)]
    body = " ".join(pieces)
    return f"{ASSISTANT_FRAMING} {body}" if role == "assistant" and body else body


def transcript_summary(text: str, *, role: str, speaker: object, max_words: int = 40) -> str:
    """``summary``, keeping a transcript's "Name:" prefix when the caller names the speaker:
    who said something is part of what was said."""
    prefix = f"{speaker}:" if isinstance(speaker, str) and speaker.strip() else None
    if prefix and text.startswith(prefix):
        rest = summary(text[len(prefix) :].strip(), role=role, max_words=max_words)
        return f"{prefix} {rest}" if rest else prefix
    return summary(text, role=role, max_words=max_words)


def domain_of(text: str, entities: Sequence[str] = (), *, labels: Sequence[str] = ()) -> str:
    """The life area of a turn (``DOMAINS``); entity labels break a silence, else "other"."""
    scores = {d: len(p.findall(text)) for d, p in _DOMAIN_WORDS.items()}
    best = max(DOMAINS[:-1], key=lambda d: scores.get(d, 0))
    if scores.get(best, 0) > 0:
        return best
    for label in labels:
        if label in _LABEL_DOMAIN:
            return _LABEL_DOMAIN[label]
    return "other"


__all__ = [
    "ASSISTANT_FRAMING",
    "DOMAINS",
    "domain_of",
    "summary",
    "topic_label",
    "transcript_summary",
]
