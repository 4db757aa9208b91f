"""Text as the crisis detector reads it: folded, chat forms expanded, misspellings tolerated.

Contract: ``Reader(key_terms, known_words).read(text)`` returns the normalised text: lower case,
accents folded ("médicaments" → "medicaments", "ß" → "ss"), one kind of apostrophe, letter
runs of three or more squeezed to two, leetspeak inside words undone ("k1ll" → "kill",
"d!e" → "die"), chat forms expanded ("im gonna" → "i'm going to", "2nite" → "tonight"), and
every word that is not a known word but is within a small edit distance of exactly one
*key term* replaced by that term ("sucide" → "suicide", "myslef" → "myself"). Words are
separated by single spaces; punctuation is kept so clauses can still be told apart.

Why tolerant matching and not a list of typos: people misspell in ways nobody lists, and a
list grown from examples is the failure issue 9 describes. A correction is only made when the
word is *not* an English word (the MiniLM vocabulary is the dictionary: "hill" is never read as
"kill") and the nearest key term is unambiguous, so ordinary text is left as typed. Distance is
Damerau–Levenshtein: 1 for words of 4–7 letters, 2 from 8 letters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["Reader", "edit_distance", "fold"]

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_REPEATS = re.compile(r"([a-z])\1{2,}")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9@$!*'+]+")
# Leetspeak inside a word that also has letters: "k1ll", "su!c!de", "s3lf".
_LEET = str.maketrans({"1": "i", "3": "e", "4": "a", "0": "o", "5": "s", "7": "t", "@": "a",
                       "$": "s", "!": "i"})  # fmt: skip
_LEET_WORD = re.compile(r"^(?=.*[a-z])(?=.*[0-9@$!])[a-z0-9@$!]{3,}$")

#: Chat forms, applied word by word after folding (whole words only).
CHAT_FORMS: dict[str, str] = {
    "im": "i'm", "ive": "i've", "ill": "i'll", "id": "i'd", "dont": "don't", "cant": "can't",
    "wont": "won't", "isnt": "isn't", "doesnt": "doesn't", "didnt": "didn't", "wouldnt":
    "wouldn't", "couldnt": "couldn't", "shouldnt": "shouldn't", "aint": "ain't", "wasnt":
    "wasn't", "arent": "aren't", "thats": "that's", "theyre": "they're", "youre": "you're",
    "hes": "he's", "shes": "she's", "wanna": "want to", "gonna": "going to", "gunna": "going to",
    "gona": "going to", "gna": "going to", "gotta": "have to", "finna": "going to", "tryna":
    "trying to", "imma": "i'm going to", "ima": "i'm going to", "i'ma": "i'm going to", "u": "you",
    "ur": "your", "r": "are", "b": "be", "n": "and", "2": "to", "4": "for", "rn": "right now",
    "tmrw": "tomorrow", "tmr": "tomorrow", "tomorow": "tomorrow", "2nite": "tonight", "2night":
    "tonight", "tonite": "tonight", "tnight": "tonight", "nite": "night", "cuz": "because", "bc":
    "because", "coz": "because", "abt": "about", "bout": "about", "thru": "through", "pls":
    "please", "plz": "please", "ppl": "people", "wen": "when", "wat": "what", "rly": "really",
    "srsly": "seriously", "prolly": "probably", "kinda": "kind of", "sorta": "sort of", "lemme":
    "let me", "gimme": "give me", "no1": "no one", "noone": "no one", "every1": "everyone",
    "some1": "someone", "any1": "anyone", "myslf": "myself", "mysef": "myself", "wnt": "want",
    "rdy": "ready", "gonn": "going", "mornin": "morning", "kil": "kill", "kild": "killed",
    "dy": "die", "ded": "dead",
}  # fmt: skip
#: Word pairs written as one or split wrongly.
_JOINED = {
    "my self": "myself",
    "your self": "yourself",
    "him self": "himself",
    "her self": "herself",
    "every one": "everyone",
}
_JOINED_RE = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in _JOINED) + r")\b")
#: A run-together word is a sentence only if it holds one of these ("iwanttodie").
_SENTENCE_WORDS = frozenset(
    "i im me my myself you u him her them to want wanna gonna going will just".split()  # noqa: SIM905
)
_G_DROPPED = re.compile(r"\b([a-z]{3,}in)'?\b")  # "thinkin'", "endin" → "-ing" if known


def fold(text: str) -> str:
    """Lower case without accents, uniform apostrophes, squeezed letter runs and spaces."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).replace("ß", "ss"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _REPEATS.sub(r"\1\1", text)
    return _SPACES.sub(" ", text).strip()


def edit_distance(a: str, b: str, *, limit: int = 2) -> int:
    """Optimal-string-alignment (Damerau–Levenshtein) distance, ``limit + 1`` when larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _deletes(word: str, depth: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def _max_distance(word: str) -> int:
    return 1 if len(word) < 8 else 2


class Reader:
    """Normalises text for the lexicon; build once (it indexes the key terms)."""

    def __init__(self, key_terms: Iterable[str], known_words: Iterable[str]) -> None:
        self._terms = frozenset(t for t in key_terms if len(t) >= 4)
        self._known = frozenset(known_words) | self._terms | frozenset(CHAT_FORMS.values())
        self._index: dict[str, set[str]] = {}
        for term in self._terms:
            for variant in _deletes(term, _max_distance(term)):
                self._index.setdefault(variant, set()).add(term)
        self._cache: dict[str, str] = {}

    def read(self, text: str) -> str:
        folded = _JOINED_RE.sub(lambda m: _JOINED[m.group(0)], fold(text))
        return _WORD.sub(lambda m: self._word(m.group(0)), folded)

    def _word(self, word: str) -> str:
        if word in self._cache:
            return self._cache[word]
        fixed = self._fix(word)
        if len(self._cache) < 50_000:
            self._cache[word] = fixed
        return fixed

    def _fix(self, word: str) -> str:
        if word in CHAT_FORMS:
            return CHAT_FORMS[word]
        core = word.strip("'")
        if core in self._known or core.isdigit() or self._inflected(core):
            return word
        if _LEET_WORD.match(core):
            unleet = core.translate(_LEET)
            if unleet in self._known:
                return unleet
            core = unleet
        if "*" in core:
            return self._wildcard(core) or word
        dropped = _G_DROPPED.fullmatch(core)
        if dropped and dropped.group(1) + "g" in self._known:
            return dropped.group(1) + "g"
        return self._nearest(core) or self._split(core) or word

    def _inflected(self, word: str) -> bool:
        """'goodbyes', 'hurts', 'stabbed', 'choking': a known word with an ending is known."""
        for ending in ("s", "es", "ed", "d", "ing", "ly", "er"):
            stem = word.removesuffix(ending)
            if ending == "d" and not stem.endswith("e"):
                continue  # "used" is "use" + d; "killd" is a misspelling, not an inflection
            if (
                stem != word
                and len(stem) >= 3
                and (stem in self._known or stem + "e" in self._known)
            ):
                return True
        return len(word) > 4 and word[-3:] in ("ing", "ied") and word[:-4] in self._known

    def _nearest(self, word: str) -> str | None:
        if len(word) < 4 or not word.isalpha():
            return None
        depth = _max_distance(word)
        candidates = {
            term for variant in _deletes(word, depth) for term in self._index.get(variant, ())
        }
        scored = sorted(
            (edit_distance(word, term, limit=depth), term)
            for term in candidates
            if abs(len(term) - len(word)) <= depth
        )
        # Two edits only when the word starts as the term does: people slip in the middle of a
        # word, and "sparring" is not "slurring".
        scored = [
            (d, t)
            for d, t in scored
            if d <= min(depth, _max_distance(t)) and (d < 2 or t[:2] == word[:2])
        ]
        if not scored:
            return None
        tied = [t for d, t in scored if d == scored[0][0]]
        if len(tied) > 1:
            # Equally close to two forms of one word ("killd": "kill", "killed"): any of them
            # reads the same to the cues, so take the base form. Two different words: leave it.
            base = min(tied, key=len)
            if not all(t.startswith(base) for t in tied):
                return None
            return base
        return scored[0][1]

    def _split(self, word: str) -> str | None:
        """Words typed without spaces ("iwanttodie" → "i want to die"): the split into the
        fewest known words (at most four), kept only when one of them is a key term and one a
        pronoun or auxiliary, so compounds, names and brands are left as typed."""
        if len(word) < 6 or len(word) > 24 or not word.isalpha():
            return None
        best: list[list[str] | None] = [None] * (len(word) + 1)
        best[0] = []
        for end in range(1, len(word) + 1):
            for start in range(max(0, end - 12), end):
                head = best[start]
                part = word[start:end]
                if head is None or len(head) >= 4:
                    continue
                if part in self._known and (len(part) > 1 or part in ("i", "a")):
                    current = best[end]
                    if current is None or len(head) + 1 < len(current):
                        best[end] = [*head, part]
        parts = best[-1]
        if (
            parts is None
            or len(parts) < 2
            or not any(p in self._terms for p in parts)
            or not any(p in _SENTENCE_WORDS for p in parts)
        ):
            return None  # a compound ("painkillers", "unalive"), not a sentence run together
        return " ".join(parts)

    def _wildcard(self, word: str) -> str | None:
        """'s*icide' → 'suicide': each star stands for one letter."""
        pattern = re.compile("^" + ".".join(re.escape(p) for p in word.split("*")) + "$")
        hits = [t for t in self._terms if len(t) == len(word) and pattern.match(t)]
        return hits[0] if len(hits) == 1 else None
