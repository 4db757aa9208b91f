"""Long messages cut into passages: retrievable pieces that keep their message.

Contract of ``split_passages(text, max_words=...)``:
- a text of at most ``max_words`` words is one passage, the whole text (stripped);
- a longer text becomes passages of at most ``max_words`` words each, cut at sentence ends
  or line breaks where possible (a single longer sentence or line is cut between words),
  with whitespace collapsed to single spaces (a block line is one line anyway);
- joined with spaces, the passages are the text's words, in order, each exactly once; none
  is empty.

A chat turn is one passage; an assistant's 2,000-character answer is five or six. The
retrieval index scores a message by its best passage as well as by the whole, and the context
block shows the passage that answers the input instead of the message's opening.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from kapex.engine.lexical import tokenize

#: Words per passage: one block line (a memory's summary line is at most 60 words too), and
#: well inside the 256 word pieces the default embedder reads.
PASSAGE_WORDS = 60
_UNIT_END = re.compile(r"(?<=[.!?])\s+|\n\s*")
_WORD = re.compile(r"\S+")


def split_passages(text: str, *, max_words: int = PASSAGE_WORDS) -> list[str]:
    """Passages of ``text`` (module contract)."""
    stripped = text.strip()
    if not stripped:
        return []
    if len(_WORD.findall(stripped)) <= max_words:
        return [stripped]
    passages: list[str] = []
    current: list[str] = []
    used = 0
    for unit in _units(stripped, max_words):
        size = len(_WORD.findall(unit))
        if current and used + size > max_words:
            passages.append(" ".join(current))
            current, used = [], 0
        current.append(unit)
        used += size
    if current:
        passages.append(" ".join(current))
    return passages


def _units(text: str, max_words: int) -> list[str]:
    """Sentences and lines of ``text``, any longer than ``max_words`` cut between words."""
    units: list[str] = []
    for piece in _UNIT_END.split(text):
        words = piece.split()
        for start in range(0, len(words), max_words):
            units.append(" ".join(words[start : start + max_words]))
    return [u for u in units if u]


class PassageIndex:
    """The passages of a user's long messages, keyed by the message's index row.

    A message of one passage holds none here (its whole vector is its passage). Slots of
    removed passages are reused; arrays grow by doubling, as ``UserIndex``'s do.
    """

    def __init__(self, *, dim: int) -> None:
        self.dim = dim
        self._vectors = np.zeros((0, dim), dtype=np.float32)
        self._owner = np.zeros(0, dtype=np.int64)
        self._texts: list[str] = []
        self._words: list[frozenset[str]] = []
        self._free: list[int] = []
        self._slots_of: dict[int, list[int]] = {}

    def __len__(self) -> int:
        return sum(len(slots) for slots in self._slots_of.values())

    def array_bytes(self) -> int:
        """Bytes of the passage vectors and their owner rows at allocated capacity."""
        return int(self._vectors.nbytes + self._owner.nbytes)

    def add(self, row: int, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Hold the passages of the message at ``row`` (two or more; fewer holds nothing)."""
        self.remove(row)
        if len(texts) < 2:
            return
        vectors = np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)
        slots = []
        for text, vector in zip(texts, vectors, strict=True):
            slot = self._free.pop() if self._free else self._grow()
            self._vectors[slot] = vector
            self._owner[slot] = row
            self._texts[slot] = text
            self._words[slot] = frozenset(tokenize(text))
            slots.append(slot)
        self._slots_of[row] = slots

    def remove(self, row: int) -> None:
        for slot in self._slots_of.pop(row, ()):
            self._owner[slot] = -1
            self._vectors[slot] = 0.0
            self._texts[slot] = ""
            self._words[slot] = frozenset()
            self._free.append(slot)

    def best_cosine(self, vector: np.ndarray, *, n_rows: int) -> np.ndarray:
        """Per message row, the best cosine of one of its passages to ``vector`` (-1 for a
        message without passages)."""
        best = np.full(n_rows, -1.0, dtype=np.float32)
        if not self._slots_of:
            return best
        held = np.flatnonzero(self._owner[: len(self._texts)] >= 0)
        cosine = self._vectors[held] @ np.asarray(vector, dtype=np.float32)
        np.maximum.at(best, self._owner[held], cosine)
        return best

    def best_text(self, row: int, vector: np.ndarray, words: Iterable[str]) -> str | None:
        """The passage of the message at ``row`` that answers best: cosine to the query
        plus the share of the query's words it holds. None for a one-passage message."""
        slots = self._slots_of.get(row)
        if not slots:
            return None
        wanted = set(words)
        cosine = self._vectors[slots] @ np.asarray(vector, dtype=np.float32)
        overlap = [len(wanted & self._words[s]) / len(wanted) if wanted else 0.0 for s in slots]
        return self._texts[slots[int(np.argmax(cosine + np.array(overlap)))]]

    def state(self) -> dict[str, Any]:
        """Everything the index holds, as plain values and arrays (``from_state``)."""
        size = len(self._texts)
        return {
            "vectors": self._vectors[:size].copy(),
            "owner": self._owner[:size].copy(),
            "texts": list(self._texts),
            "words": [sorted(w) for w in self._words],
            "free": list(self._free),
            "slots": [[row, list(slots)] for row, slots in self._slots_of.items()],
        }

    def detached(self) -> PassageIndex:
        """A copy for ``state`` to read while this index goes on changing (a row's slot list
        is replaced, never changed in place)."""
        size = len(self._texts)
        copy = PassageIndex(dim=self.dim)
        copy._vectors = self._vectors[:size].copy()
        copy._owner = self._owner[:size].copy()
        copy._texts = list(self._texts)
        copy._words = list(self._words)
        copy._free = list(self._free)
        copy._slots_of = dict(self._slots_of)
        return copy

    @classmethod
    def from_state(cls, state: dict[str, Any], *, dim: int) -> PassageIndex:
        index = cls(dim=dim)
        index._vectors = np.array(state["vectors"], dtype=np.float32).reshape(-1, dim)
        index._owner = np.array(state["owner"], dtype=np.int64)
        index._texts = list(state["texts"])
        index._words = [frozenset(w) for w in state["words"]]
        index._free = list(state["free"])
        index._slots_of = {int(row): list(slots) for row, slots in state["slots"]}
        return index

    def _grow(self) -> int:
        slot = len(self._texts)
        if slot >= len(self._vectors):
            capacity = max(64, 2 * len(self._vectors))
            grown = np.zeros((capacity, self.dim), dtype=np.float32)
            grown[: len(self._vectors)] = self._vectors
            self._vectors = grown
            owner = np.full(capacity, -1, dtype=np.int64)
            owner[: len(self._owner)] = self._owner
            self._owner = owner
        self._texts.append("")
        self._words.append(frozenset())
        return slot


__all__ = ["PASSAGE_WORDS", "PassageIndex", "split_passages"]
