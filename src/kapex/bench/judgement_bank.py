"""The hand-written banks the judgement heads learn from (``data/judgements/``).

Contract: ``read_bank(folder)`` reads every ``*.txt`` file of one head's folder
(``gravity/`` or ``openness/``) and returns its items in a fixed order. A file is::

    # comments
    @family bereavement
    @event death_of_parent 0.79 | where the target comes from
    one message per line
    ...

An event may appear in several files (first pass, second pass…) but must carry the same
target everywhere. Every item belongs to a split fixed by its *event*, never by its wording:
within each family the events are ordered by the sha1 of ``family/event`` and every third one
is ``holdout``. So the held-out score is measured on event types (and their wordings) that the
head never saw, and nobody chose which events those are.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

__all__ = ["BankError", "BankItem", "assign_splits", "bank_digest", "read_bank"]

HOLDOUT_EVERY = 3


class BankError(ValueError):
    """A bank file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class BankItem:
    text: str
    family: str
    event: str
    target: float
    split: str  # "train" or "holdout"


def _event_key(family: str, event: str) -> str:
    return hashlib.sha1(f"{family}/{event}".encode()).hexdigest()


def assign_splits(events_by_family: dict[str, list[str]]) -> dict[tuple[str, str], str]:
    """Every third event of each family (in sha1 order) is held out."""
    splits: dict[tuple[str, str], str] = {}
    for family, events in events_by_family.items():
        ordered = sorted(set(events), key=lambda event: _event_key(family, event))
        for position, event in enumerate(ordered):
            held = position % HOLDOUT_EVERY == HOLDOUT_EVERY - 1
            splits[(family, event)] = "holdout" if held else "train"
    return splits


def _parse(path: Path) -> list[tuple[str, str, float, str]]:
    rows: list[tuple[str, str, float, str]] = []
    family = event = None
    target = 0.0
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{path.name}:{number}"
        if line.startswith("@family "):
            family, event = line.split(None, 1)[1].strip(), None
        elif line.startswith("@event "):
            head = line.split("|", 1)[0].split()
            if len(head) != 3:
                raise BankError(f"{where}: expected '@event NAME TARGET | source'")
            event, target = head[1], float(head[2])
            if not 0.0 <= target <= 1.0:
                raise BankError(f"{where}: target {target} is outside [0, 1]")
        elif family is None or event is None:
            raise BankError(f"{where}: a message before any @family/@event header")
        else:
            rows.append((line, family, target, event))
    return rows


def read_bank(folder: Path) -> list[BankItem]:
    """All items of one bank folder, with their targets and splits."""
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise BankError(f"no *.txt bank files in {folder}")
    rows = [row for path in files for row in _parse(path)]
    targets: dict[tuple[str, str], float] = {}
    events: dict[str, list[str]] = defaultdict(list)
    seen: set[str] = set()
    for text, family, target, event in rows:
        key = (family, event)
        if targets.setdefault(key, target) != target:
            raise BankError(f"{family}/{event} has targets {targets[key]} and {target}")
        if text.lower() in seen:
            raise BankError(f"duplicate message in {folder.name}: {text!r}")
        seen.add(text.lower())
        events[family].append(event)
    splits = assign_splits(events)
    return [
        BankItem(text=text, family=family, event=event, target=target, split=splits[family, event])
        for text, family, target, event in rows
    ]


def bank_digest(folder: Path) -> str:
    """sha256 over the bank's files, so an artefact names the exact bank it was trained on."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.txt")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
