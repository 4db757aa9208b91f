"""Folding disguised text to the plain letters a model would read, keeping positions.

Instruction neutralisation must see what a language model sees. Models read straight
through disguises that defeat a regular expression: full-width and other compatibility forms,
invisible format characters, combining marks stacked on letters, look-alike letters from other
alphabets ("іgnоrе" with Cyrillic і and о), leetspeak ("1gn0r3"), and letters spaced or
dotted apart ("i g n o r e", "i.g.n.o.r.e"). ``fold`` undoes all of these at once and returns
the folded text with, for every folded character, the index of the original character it came
from, so a span found in the folded text maps back to the original.

Contract: ``fold(text)`` → ``Folded(text, origin)`` with ``len(origin) == len(text)`` and
``origin`` non-decreasing; plain lower-case ASCII prose folds to itself (lower-cased).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Letters of other scripts that render like Latin ones (Unicode's confusables, the common
# Cyrillic and Greek subset used in practice).
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "в": "b", "с": "c", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i",
        "ј": "j", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "ԛ": "q", "ѕ": "s",
        "т": "t", "у": "y", "х": "x", "ԝ": "w", "ь": "b", "г": "r", "п": "n", "л": "n",
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "γ": "y", "μ": "u", "ς": "s",
        "ɡ": "g", "ı": "i", "ɑ": "a", "ꞵ": "b",
    }
)  # fmt: skip
# Leetspeak digits and symbols, read as letters only between letters ("1gn0r3" but not "2025").
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
# Single letters joined by one separator, three or more in a row: "i g n o r e", "r.u.l.e.s".
# The separator is the same all along, so "i.g.n.o.r.e y.o.u" stays two words.
_SPACED = re.compile(
    r"(?<![^\W_])[^\W\d_](?P<sep>[ .\-_*·])(?:[^\W\d_](?P=sep))+[^\W\d_](?![^\W_])"
)


@dataclass(frozen=True, slots=True)
class Folded:
    text: str
    origin: list[int]


def _letters(text: str) -> Folded:
    """Compatibility forms, format characters, combining marks and look-alikes, lower-cased."""
    # ASCII has no compatibility forms, format characters, combining marks or look-alikes:
    # it only lower-cases, one character for one. Most text is ASCII, and the general loop
    # below cost ~5 ms on a 2,000-character message.
    if text.isascii():
        return Folded(text.lower(), list(range(len(text))))
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char.isascii():
            out.append(char.lower())
            origin.append(index)
            continue
        for piece in unicodedata.normalize("NFKD", char):
            if unicodedata.category(piece) in ("Cf", "Mn", "Me"):
                continue
            folded = piece.lower().translate(_CONFUSABLES)
            for letter in folded:
                out.append(letter)
                origin.append(index)
    return Folded("".join(out), origin)


_TOKEN = re.compile(r"[^\s]+")


def _unleet(folded: Folded) -> Folded:
    """Leet characters read as letters inside a word that has at least two real letters."""
    chars = list(folded.text)
    for match in _TOKEN.finditer(folded.text):
        word = match.group()
        if sum(c.isalpha() for c in word) < 2 or not any(c in _LEET for c in word):
            continue
        core = word.strip(".,;:?!\"'()[]")
        start = match.start() + word.index(core) if core else match.start()
        for offset, char in enumerate(core):
            if char in _LEET:
                chars[start + offset] = _LEET[char]
    return Folded("".join(chars), folded.origin)


def _unspace(folded: Folded) -> Folded:
    text, origin = folded.text, folded.origin
    out: list[str] = []
    kept: list[int] = []
    cursor = 0
    for match in _SPACED.finditer(text):
        out.append(text[cursor : match.start()])
        kept.extend(origin[cursor : match.start()])
        for offset in range(match.start(), match.end(), 2):
            out.append(text[offset])
            kept.append(origin[offset])
        cursor = match.end()
    out.append(text[cursor:])
    kept.extend(origin[cursor:])
    return Folded("".join(out), kept)


def fold(text: str) -> Folded:
    """The text as a model reads it, with each character's origin (module contract)."""
    return _unspace(_unleet(_letters(text)))


__all__ = ["Folded", "fold"]
