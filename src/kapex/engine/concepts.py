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
#: A role with what people put around it: an ex, a step-parent, an in-law, a former boss;
#: "ex" alone names a former partner.
ROLE = rf"(?:(?:ex|step)-?|former |late )?(?:{_ROLES})(?:-in-law)?|ex"
_MY_ROLE_NAME = re.compile(rf"\b[Mm]y (?P<role>{ROLE}),? (?P<name>[A-Z][\w'-]+(?: [A-Z][\w'-]+)?)")
_NAME_IS_MY_ROLE = re.compile(
    rf"\b(?P<name>[A-Z][\w'-]+(?: [A-Z][\w'-]+)?)(?:,| is|, who is) my (?P<role>{ROLE})\b"
)
_MY_ROLE = re.compile(rf"\bmy (?P<role>{ROLE})\b", re.IGNORECASE)
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


#: Words for one role: "stepdad" and "stepfather", "mum" and "mother" name one person.
_SAME_ROLE = {
    "mom": "mother",
    "mum": "mother",
    "dad": "father",
    "grandma": "grandmother",
    "grandpa": "grandfather",
    "neighbour": "neighbor",
    "colleague": "coworker",
    "fiancee": "fiance",
    "manager": "boss",
}


#: What "my ex" alone names: a former partner, never a former boss or neighbour.
_EX_PARTNERS = frozenset(
    f"ex-{role}" for role in ("husband", "wife", "partner", "boyfriend", "girlfriend", "fiance")
)


def role_key(role: str) -> str:
    """One spelling per role: "Ex husband", "ex-husband" and "former husband" are one, and
    so are "stepdad" and "step-father"."""
    key = re.sub(r"^former-", "ex-", re.sub(r"\s+|-", "-", role.strip().lower()))
    parts = re.fullmatch(r"((?:ex-|step-?|late-)?)(.*?)((?:-in-law)?)", key)
    assert parts is not None  # every part is optional
    prefix, base, suffix = parts.groups()
    prefix = "step-" if prefix == "step" else prefix
    return f"{prefix}{_SAME_ROLE.get(base, base)}{suffix}"


def same_role(a: str, b: str) -> bool:
    """Whether two role keys can name one person: equal (a late wife is the wife), or "ex"
    and a particular former partner."""
    a, b = a.removeprefix("late-"), b.removeprefix("late-")
    return a == b or (a == "ex" and b in _EX_PARTNERS) or (b == "ex" and a in _EX_PARTNERS)


def roles_named(text: str) -> set[str]:
    """The keys of the roles the text names with "my" ("my ex-husband", "my stepdad")."""
    return {role_key(m.group("role")) for m in _MY_ROLE.finditer(text)}


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
            add(match.group("name"), role_key(match.group("role")))
    for match in _WORK_AT.finditer(text):
        add(match.group("name"), "employer")
    return found


__all__ = ["ROLE", "Facet", "facets", "interests", "role_key", "roles_named", "same_role"]
