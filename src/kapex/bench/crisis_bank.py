"""The crisis bank: hand-written messages in families, read from ``tests/data/crisis_bank``.

Contract: ``load_bank(folder)`` reads every ``*.txt`` file of the folder. A file is a series of
families; each starts with a header line
``# family: NAME | label: LABEL | kind: KIND | lang: LANG | split: SPLIT`` and is followed by
one message per line. ``LABEL`` is a crisis category or ``none``; ``SPLIT`` is ``train``,
``dev`` or ``test`` and belongs to the whole family, so held-out numbers measure wording the
detector has never seen, not sentences it has memorised. ``fresh`` marks sets written later,
before looking at any failure, and kept in a folder of their own (``tests/data/crisis_fresh``)
that training never reads: an untouched check after tuning. The protocol the bank was written
under is ``PROTOCOL.md`` beside the files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kapex.safety.crisis_lexicon import CATEGORIES

__all__ = ["SPLITS", "BankItem", "load_bank"]

SPLITS = ("train", "dev", "test", "fresh")
_HEADER = re.compile(
    r"^# family: (?P<family>\S+) \| label: (?P<label>\w+) \| kind: (?P<kind>\w+) \| "
    r"lang: (?P<lang>\w+) \| split: (?P<split>\w+)$"
)


@dataclass(frozen=True)
class BankItem:
    text: str
    label: str
    family: str
    kind: str
    lang: str
    split: str

    @property
    def category(self) -> str | None:
        return None if self.label == "none" else self.label


def load_bank(folder: Path) -> list[BankItem]:
    """Every message of the bank, in file and line order (see the module contract)."""
    items: list[BankItem] = []
    families: set[str] = set()
    for path in sorted(Path(folder).glob("*.txt")):
        header: re.Match[str] | None = None
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            if line.startswith("#"):
                header = _HEADER.match(line)
                if header is None:
                    raise ValueError(f"{path}:{number}: malformed family header {line!r}")
                family = header["family"]
                if family in families:
                    raise ValueError(f"{path}:{number}: family {family} appears twice")
                families.add(family)
                if header["label"] not in (*CATEGORIES, "none"):
                    raise ValueError(f"{path}:{number}: unknown label {header['label']!r}")
                if header["split"] not in SPLITS:
                    raise ValueError(f"{path}:{number}: unknown split {header['split']!r}")
                continue
            if header is None:
                raise ValueError(f"{path}:{number}: a message before any family header")
            items.append(
                BankItem(
                    text=line.strip(),
                    label=header["label"],
                    family=header["family"],
                    kind=header["kind"],
                    lang=header["lang"],
                    split=header["split"],
                )
            )
    return items
