"""The hand-written bank of topic fields (``data/topic_fields/``).

Contract: ``read_fields(folder)`` reads every ``*.txt`` file and returns the fields in file
and header order. A file is::

    # comments
    @topic alcohol | drinking; booze; my drinking
    a sentence someone says about it, one per line
    ...
    @near alcohol
    a sentence that shares the topic's words or setting but is not about it
    ...

Every topic sentence has a fixed split, by the sha1 of its text: every third is ``holdout``
(measured as a memory the anchors never saw). ``@near`` sentences are never anchors; they
measure how far a field over-reaches. A malformed line, an unknown ``@near`` topic, a topic
defined twice or a duplicate sentence (case-insensitive, across the bank) is a
``BankError`` naming the file and line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from kapex.bench.judgement_bank import BankError

__all__ = ["Field", "read_fields"]

HOLDOUT_EVERY = 3


@dataclass
class Field:
    name: str
    aliases: list[str]
    sentences: list[str] = field(default_factory=list)
    near: list[str] = field(default_factory=list)

    def split(self, sentence: str) -> str:
        digest = int(hashlib.sha1(sentence.encode()).hexdigest(), 16)
        return "holdout" if digest % HOLDOUT_EVERY == 0 else "train"


def read_fields(folder: Path) -> list[Field]:
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise BankError(f"no *.txt topic-field files in {folder}")
    fields: dict[str, Field] = {}
    seen: set[str] = set()
    for path in files:
        current: list[str] | None = None
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            line = raw.strip()
            where = f"{path.name}:{number}"
            if not line or line.startswith("#"):
                continue
            if line.startswith("@topic "):
                head, _, aliases = line[len("@topic ") :].partition("|")
                name = head.strip()
                if not name or name in fields:
                    raise BankError(f"{where}: topic {name!r} is empty or defined twice")
                names = [a.strip() for a in aliases.split(";") if a.strip()]
                fields[name] = Field(name=name, aliases=[name.replace("_", " "), *names])
                current = fields[name].sentences
            elif line.startswith("@near "):
                name = line[len("@near ") :].strip()
                if name not in fields:
                    raise BankError(f"{where}: @near {name!r} before its @topic")
                current = fields[name].near
            elif current is None:
                raise BankError(f"{where}: a sentence before any @topic header")
            elif line.lower() in seen:
                raise BankError(f"{where}: duplicate sentence {line!r}")
            else:
                seen.add(line.lower())
                current.append(line)
    return list(fields.values())
