"""Who a turn is about: the relatives and named people it mentions.

Contract: ``people(text, names)`` returns the canonical kinship roles the text names ("Dad",
"my father" → ``father``) and the lower-cased person ``names`` given (from entity
extraction), as a frozenset; empty when it names nobody. Used to tell two grave matters apart
that are told in similar words: a father's memory-clinic referral and a couple's pregnancy
loss are different matters because they happen to different people.

``others(text, names)`` is the subset the text is news *about*: a person named only as the
writer's co-agent, coordinated with "I" or "me" ("Mark and I went to a support group", "me
and my sister cleared the flat"), shares the writer's act, so the turn is about the writer's
matter, not news of that person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Kinship words name the same person in any register: "Dad" and "my father" are one person.
KIN = {
    **dict.fromkeys(("dad", "daddy", "papa", "pa", "pop", "father"), "father"),
    **dict.fromkeys(("mum", "mom", "mam", "mummy", "mommy", "mama", "ma", "mother"), "mother"),
    **dict.fromkeys(
        ("gran", "granny", "grandma", "nan", "nana", "nanna", "grandmother"), "grandmother"
    ),
    **dict.fromkeys(("grandad", "granddad", "grandpa", "gramps", "grandfather"), "grandfather"),
    **dict.fromkeys(("bro", "brother"), "brother"),
    **dict.fromkeys(("sis", "sister"), "sister"),
    **dict.fromkeys(("hubby", "husband"), "husband"),
    **dict.fromkeys(("wifey", "wife"), "wife"),
}
#: Roles with one spelling, named as people in a family or a couple.
_ROLES = (
    "son",
    "daughter",
    "partner",
    "boyfriend",
    "girlfriend",
    "fiance",
    "fiancee",
    "uncle",
    "aunt",
    "auntie",
    "cousin",
    "niece",
    "nephew",
    "stepdad",
    "stepmum",
    "stepmom",
    "stepson",
    "stepdaughter",
)
_ROLE = re.compile(r"\b(" + "|".join(sorted([*KIN, *_ROLES], key=len, reverse=True)) + r")s?\b")


def people(text: str, names: Iterable[str] = ()) -> frozenset[str]:
    """The people a text names (see the module contract)."""
    roles = {KIN.get(m.group(1), m.group(1)) for m in _ROLE.finditer(text.lower())}
    return frozenset(roles | {n.strip().lower() for n in names if n.strip()})


#: A predicate whose subject is a pair acting on each other ("Dad and I haven't spoken in
#: years", "me and Jo fell out"): the turn is about the two of them, so the other person is
#: who it is about, not a co-agent.
_RECIPROCAL = (
    r"(?!\s+(?:(?:had|have had|['’]ve had|are having|keep having) (?:a |another |the )?"
    r"(?:big |huge )?(?:fight|row|argument|falling[- ]out)|fought|argued|rowed|fell out|"
    r"broke up|split|separated|divorced|(?:have|hadn['’]?t|haven['’]?t|are|aren['’]?t|were|"
    r"weren['’]?t)(?: not)? (?:been )?(?:spoken|talked|speaking|talking)|(?:don['’]?t|do not|"
    r"never|no longer) (?:speak|talk|get on|get along)))"
)
#: A one-word person coordinated with the writer: "Mark and I", "my husband and me", "me and
#: my sister" (the person's word is the group). Longer coordinations ("my aunt in Leeds and
#: I") are left as they are: a missed co-agent only keeps the stricter reading.
_WITH_WRITER = re.compile(
    r"\b(?:my\s+)?([\w'-]+)\s+and\s+(?:i|me)\b"
    + _RECIPROCAL
    + r"|\b(?:i|me)\s+and\s+(?:my\s+)?([\w'-]+)\b"
    + _RECIPROCAL,
    re.IGNORECASE,
)


def others(text: str, names: Iterable[str] = ()) -> frozenset[str]:
    """The people a text names other than as the writer's co-agent (module contract): a
    person also named elsewhere in the text stays."""
    alone = _WITH_WRITER.sub(" I ", text)
    kept = [
        n
        for n in names
        if n.strip() and re.search(rf"\b{re.escape(n.strip().lower())}\b", alone.lower())
    ]
    return people(alone, kept)


__all__ = ["KIN", "others", "people"]
