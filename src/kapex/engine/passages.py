"""Long messages cut into passages: retrievable pieces that keep their message.

Contract of ``split_passages(text, max_words=...)``:
- a text of at most ``max_words`` words is one passage, the whole text (stripped);
- a longer text becomes passages of at most ``max_words`` words each, cut at sentence ends
  or line breaks where possible (a single longer sentence or line is cut between words),
  with whitespace collapsed to single spaces (a block line is one line anyway);
- joined with spaces, the passages are the text's words, in order, each exactly once; none
  is empty.

A chat turn is one passage; an assistant's 2,000-character answer is four or five. The
retrieval index scores a message by its best passage as well as by the whole, and the context
block shows the passage that answers the input instead of the message's opening.
"""

from __future__ import annotations

import re

#: Words per passage: about one block line (the summary line is 60 words), and well inside
#: the 256 word pieces the default embedder reads.
PASSAGE_WORDS = 80
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


__all__ = ["PASSAGE_WORDS", "split_passages"]
