"""Graph concepts read off a user's own words: interests and facets of entities.

- An **interest** is a stable like or habit the user states about themself ("I love
  bouldering", "I usually run before work", "my favourite band is Low"). Its key is the
  object phrase, lower-cased, at most four words.
- A **facet** is an attribute of a named entity: the role the entity plays in the user's life
  ("my sister Maya", "Maya is my sister" → Maya: sister; "I work at Dataflow" → Dataflow:
  employer).

Themes, the third kind, are not read from text: they are recurring topics found by
embedding similarity at ingest (``services/ingest.py``).

Contract: pure functions of the text (and the entity names found in it); every label is
made of the user's own words plus fixed framing, so nothing is invented. Assistant turns are
never read for concepts — they are not facts about the user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_STOP_AT = re.compile(
    r"\b(?:and|but|because|so|when|if|though|although|which|that|since)\b|[.,;:!?()]"
)
_LIKE = re.compile(
    r"\bI(?:'m| am)? (?:really |truly |absolutely |just )?"
    r"(?:love|like|enjoy|adore|into|a (?:big |huge )?fan of|passionate about)"
    r" (?P<object>[^.,;:!?]{2,60})",
    re.IGNORECASE,
)
_HABIT = re.compile(
    r"\bI (?:always|usually|often|regularly|every (?:day|week|morning|evening|weekend)) "
    r"(?P<object>[^.,;:!?]{2,60})",
    re.IGNORECASE,
)
_FAVOURITE = re.compile(
    r"\bmy fav(?:ou?rite)? (?P<what>[a-z]+(?: [a-z]+)?) is (?P<object>[^.,;:!?]{2,60})",
    re.IGNORECASE,
)
_ROLES = (
    "sister|brother|mom|mum|mother|dad|father|son|daughter|wife|husband|partner|boyfriend|"
    "girlfriend|fiance|fiancee|friend|best friend|roommate|neighbor|neighbour|boss|manager|"
    "coworker|colleague|therapist|doctor|teacher|coach|dog|cat|grandmother|grandfather|"
    "grandma|grandpa|aunt|uncle|cousin"
)
_MY_ROLE_NAME = re.compile(
    rf"\b[Mm]y (?P<role>{_ROLES}),? (?P<name>[A-Z][\w'-]+(?: [A-Z][\w'-]+)?)"
)
_NAME_IS_MY_ROLE = re.compile(
    rf"\b(?P<name>[A-Z][\w'-]+(?: [A-Z][\w'-]+)?) is my (?P<role>{_ROLES})\b"
)
_WORK_AT = re.compile(
    r"\bI (?:work|am working|'m working|started working|just started) (?:at|for) "
    r"(?P<name>[A-Z][\w&'.-]+(?: [A-Z][\w&'.-]+)*)"
)
_MAX_WORDS = 4
# Objects that are about something passing ("I like my new job", "I love it") not a taste.
_NOT_A_TASTE = re.compile(r"^(?:my|your|it|that|this|them|him|her|you|when|how|what|the way)\b")


@dataclass(frozen=True, slots=True)
class Facet:
    entity: str
    attribute: str

    @property
    def label(self) -> str:
        return f"{self.entity}: the user's {self.attribute}"


def _phrase(raw: str) -> str | None:
    cut = _STOP_AT.split(raw, maxsplit=1)[0].strip()
    cut = re.sub(r"^to ", "", cut, flags=re.IGNORECASE)
    if _NOT_A_TASTE.match(cut.lower()):
        return None
    words = cut.split()[:_MAX_WORDS]
    phrase = " ".join(words).strip(" '\"").lower()
    return phrase if len(phrase) >= 2 else None


def interests(text: str) -> list[str]:
    """Object phrases of the likes and habits the text states, distinct, in order."""
    found: list[str] = []
    for pattern in (_LIKE, _HABIT, _FAVOURITE):
        for match in pattern.finditer(text):
            phrase = _phrase(match.group("object"))
            if pattern is _FAVOURITE and phrase:
                phrase = f"{match.group('what').lower()}: {phrase}"
            if phrase and phrase not in found:
                found.append(phrase)
    return found


def facets(text: str, entity_names: list[str]) -> list[Facet]:
    """Roles the text gives named entities; only names the entity extractor also found."""
    known = {name.lower(): name for name in entity_names}
    found: list[Facet] = []

    def add(name: str, attribute: str) -> None:
        canonical = known.get(name.lower())
        if canonical is None:
            # The extractor may name "Maya" where the pattern caught "Maya Lopez".
            canonical = next((k for n, k in known.items() if name.lower().startswith(n)), None)
        facet = Facet(entity=canonical, attribute=attribute) if canonical else None
        if facet and facet not in found:
            found.append(facet)

    for pattern in (_MY_ROLE_NAME, _NAME_IS_MY_ROLE):
        for match in pattern.finditer(text):
            add(match.group("name"), match.group("role").lower())
    for match in _WORK_AT.finditer(text):
        add(match.group("name"), "employer")
    return found


__all__ = ["Facet", "facets", "interests"]
