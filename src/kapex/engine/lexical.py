"""Lexical matching: tokenisation and an incremental BM25 index.

Tokenisation lower-cases, splits on Unicode word characters, drops English stop words and
one-character tokens, and reduces each word to its Snowball (Porter 2) stem, so "painting",
"paints" and "painted" all match "paint". Digits are kept: years and counts are strong cues.

``BM25Index`` holds documents under caller-chosen hashable ids and supports ``add`` and
``remove`` at any time. Postings are per term; each term's postings are cached as numpy arrays
until the term's documents change, so scoring a query touches only the postings of its terms:
the cost grows with the number of matching documents, not with the size of the index.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import snowballstemmer

from kapex.engine.lazy_map import LazyMap
from kapex.engine.sizes import offsets_bytes

#: Phones and word processors type the typographic apostrophe ("I’ve", "don’t"); the
#: engine's English rules (processing markers, hedges, frames, time cues) are written with the
#: plain one, so the services hand them text through ``plain_apostrophes``.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


def plain_apostrophes(text: str) -> str:
    """``text`` with typographic apostrophes made plain, as the rule readers expect."""
    return text.translate(_APOSTROPHES)


# A compact English list: function words and chat filler that carry no topic. Pronouns are
# kept out of the index because names, not "she"/"her", identify who a memory is about.
STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above after again against all am an and any are aren as at be because been before
    being below between both but by can cannot could couldn did didn do does doesn doing don
    down during each few for from further had hadn has hasn have haven having he her here hers
    herself him himself his how i if in into is isn it its itself just let me more most mustn
    my myself no nor not of off on once only or other ought our ours ourselves out over own
    same shan she should shouldn so some such than that the their theirs them themselves then
    there these they this those through to too under until up very was wasn we were weren what
    when where which while who whom why will with won would wouldn you your yours yourself
    yourselves s t ll re ve d m o y ma also yeah yes oh ok okay hey hi hello wow thanks thank
    really lot lots just got get gets getting like
    """.split()  # noqa: SIM905 - a word block is easier to review than a quoted list
)

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*", re.UNICODE)
# A Snowball stemmer keeps its cursor on the instance, so one shared by the server's threads
# raised IndexError under concurrent requests: each thread gets its own.
_stemmers = threading.local()


def _stemmer() -> snowballstemmer.EnglishStemmer:
    mine = getattr(_stemmers, "english", None)
    if mine is None:
        mine = _stemmers.english = snowballstemmer.EnglishStemmer()
    return mine


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball English stem of a lower-case word (cached: stemming is the hot path).

    Safe from any number of threads.
    """
    stemmed: str = _stemmer().stemWord(word)
    return stemmed


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry content, as written (case kept), in order: no stop
    words, no one-character words, clitics cut ("Rosalind's" → "Rosalind")."""
    words: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group().split("'")[0]
        if len(word) < 2 or word.lower() in STOP_WORDS:
            continue
        words.append(word)
    return words


def tokenize(text: str) -> list[str]:
    """Stemmed content tokens of ``text`` in order, duplicates kept (BM25 needs counts)."""
    return tokens_of(content_words(text))


def tokens_of(words: Iterable[str]) -> list[str]:
    """The stemmed tokens of words ``content_words`` gave (``tokenize`` in two steps)."""
    return [stem(word.lower()) for word in words]


class BM25Index:
    """Okapi BM25 over an editable set of documents.

    ``k1`` saturates term frequency, ``b`` normalises by document length; idf is the
    non-negative Lucene variant ``ln(1 + (N - df + 0.5) / (df + 0.5))``.
    """

    def __init__(self, *, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self._row_of: dict[Hashable, int] = {}
        self._id_of: list[Hashable | None] = []
        self._free: list[int] = []
        #: Per row: term -> count; None for a row restored from a snapshot and not read
        #: since (``_counts_of`` makes it from ``_restored``).
        self._terms_of: list[dict[str, int] | None] = []
        self._lengths = np.zeros(0, dtype=np.float32)
        self._total_length = 0.0
        #: Per term: row -> count (a restored term's made on first read).
        self._postings: LazyMap[dict[int, int]] = LazyMap()
        self._restored: _RestoredTerms | None = None
        self._arrays: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, doc_id: Hashable) -> bool:
        return doc_id in self._row_of

    def array_bytes(self) -> int:
        """Bytes of the per-document length array and of the term counts a snapshot
        restored (postings made from them are Python objects, charged by the caller)."""
        restored = self._restored.nbytes if self._restored is not None else 0
        return int(self._lengths.nbytes) + restored

    def add(self, doc_id: Hashable, tokens: Sequence[str]) -> None:
        """Index ``tokens`` under ``doc_id``, replacing any document already held under it."""
        if doc_id in self._row_of:
            self.remove(doc_id)
        row = self._free.pop() if self._free else self._grow()
        counts = Counter(tokens)
        self._row_of[doc_id] = row
        self._id_of[row] = doc_id
        self._terms_of[row] = counts
        self._lengths[row] = len(tokens)
        self._total_length += len(tokens)
        for term, tf in counts.items():
            self._postings.setdefault(term, {})[row] = tf
            self._arrays.pop(term, None)

    def remove(self, doc_id: Hashable) -> None:
        """Forget ``doc_id``; unknown ids are ignored so removal is idempotent."""
        row = self._row_of.pop(doc_id, None)
        if row is None:
            return
        for term in self._counts_of(row):
            postings = self._postings[term]
            del postings[row]
            if not postings:
                del self._postings[term]
            self._arrays.pop(term, None)
        self._total_length -= float(self._lengths[row])
        self._lengths[row] = 0.0
        self._terms_of[row] = {}
        self._id_of[row] = None
        self._free.append(row)

    def scores(self, tokens: Iterable[str]) -> dict[Hashable, float]:
        """BM25 score of every document sharing at least one term with the query."""
        rows, values = self.score_rows(tokens)
        return {
            self._id_of[r]: float(v) for r, v in zip(rows.tolist(), values.tolist(), strict=True)
        }

    def score_rows(self, tokens: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """Matching internal rows and their scores; rows map back through ``id_at``.

        A repeated query term counts once: questions rarely repeat words on purpose.
        """
        n_docs = len(self._row_of)
        terms = [t for t in dict.fromkeys(tokens) if t in self._postings]
        if not terms or n_docs == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        avg_length = max(self._total_length / n_docs, 1e-9)
        accumulated = np.zeros(len(self._id_of), dtype=np.float32)
        touched = np.zeros(len(self._id_of), dtype=bool)
        for term in terms:
            rows, tfs = self._postings_array(term)
            df = len(rows)
            idf = math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
            norm = self.k1 * (1.0 - self.b + self.b * self._lengths[rows] / avg_length)
            accumulated[rows] += idf * tfs * (self.k1 + 1.0) / (tfs + norm)
            touched[rows] = True
        rows = np.flatnonzero(touched)
        return rows, accumulated[rows]

    def coverage(self, tokens: Iterable[str]) -> float:
        """How much of the query the best-matching document holds, in [0, 1]: its BM25 score
        over the query's idf mass (a word no document has counts at the highest idf). A
        document holding each query word once at average length scores exactly its share
        of the idf mass, so 1.0 means "some memory says all of it"."""
        unique = list(dict.fromkeys(tokens))
        n_docs = len(self._row_of)
        if not unique or n_docs == 0:
            return 0.0
        mass = 0.0
        for term in unique:
            df = len(self._postings.get(term, ()))
            mass += math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
        _, scores = self.score_rows(unique)
        best = float(scores.max()) if scores.size else 0.0
        return min(1.0, best / mass) if mass > 0 else 0.0

    def score_rows_in_context(
        self, tokens: Iterable[str], *, prev: np.ndarray, weight: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """``score_rows`` as if each row's document also held ``weight[row]`` × the words of
        row ``prev[row]`` (-1: none): its term counts and its length grow by that share, and
        document frequencies and the average length are those of the grown documents.

        Arrays are indexed by internal row and cover every row. With ``weight`` 1 this equals
        indexing each document with its predecessor's words appended; computed per query
        from the plain postings, so the weight can change without reindexing.
        """
        n_docs = len(self._row_of)
        terms = [t for t in dict.fromkeys(tokens) if t in self._postings]
        if not terms or n_docs == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        size = len(self._id_of)
        prev = prev[:size]
        share = np.where(prev >= 0, weight[:size], 0.0).astype(np.float32)
        nxt = np.full(size, -1, dtype=np.int64)
        linked = np.flatnonzero(share > 0)
        nxt[prev[linked]] = linked
        lengths = self._lengths[:size] + share * np.where(prev >= 0, self._lengths[prev], 0.0)
        avg_length = max(float(lengths.sum()) / n_docs, 1e-9)
        accumulated = np.zeros(size, dtype=np.float32)
        touched = np.zeros(size, dtype=bool)
        for term in terms:
            rows, tfs = self._postings_array(term)
            counts = np.zeros(size, dtype=np.float32)
            counts[rows] = tfs
            followers = nxt[rows]
            carried = followers >= 0
            counts[followers[carried]] += share[followers[carried]] * tfs[carried]
            holders = np.flatnonzero(counts > 0)
            df = len(holders)
            idf = math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
            tf = counts[holders]
            norm = self.k1 * (1.0 - self.b + self.b * lengths[holders] / avg_length)
            accumulated[holders] += idf * tf * (self.k1 + 1.0) / (tf + norm)
            touched[holders] = True
        rows = np.flatnonzero(touched)
        return rows, accumulated[rows]

    def id_at(self, row: int) -> Hashable:
        doc_id = self._id_of[row]
        if doc_id is None:
            raise KeyError(row)
        return doc_id

    def _counts_of(self, row: int) -> dict[str, int]:
        counts = self._terms_of[row]
        if counts is None:
            assert self._restored is not None
            counts = self._terms_of[row] = self._restored.counts_of(row)
        return counts

    def detached(self) -> BM25Index:
        """A copy for ``state`` to read while this index goes on changing: a row's term
        counts are replaced when the row changes, never changed in place, so the list of
        them is copied shallowly (the postings are left out)."""
        copy = BM25Index(k1=self.k1, b=self.b)
        copy._id_of = list(self._id_of)
        copy._free = list(self._free)
        copy._terms_of = list(self._terms_of)
        copy._lengths = self._lengths[: len(self._id_of)].copy()
        copy._total_length = self._total_length
        copy._restored = self._restored
        return copy

    def state(self) -> dict[str, Any]:
        """Everything the index holds, as plain values and arrays (``from_state`` restores
        it exactly): each row's term counts in one vocabulary-indexed array, not per term."""
        vocabulary: dict[str, int] = {}
        starts = [0]
        terms: list[int] = []
        counts: list[int] = []
        restored = self._restored
        for row, row_terms in enumerate(self._terms_of):
            if row_terms is None:
                assert restored is not None
                pairs = restored.pairs_of(row)
            else:
                pairs = row_terms.items()
            for term, tf in pairs:
                terms.append(vocabulary.setdefault(term, len(vocabulary)))
                counts.append(tf)
            starts.append(len(terms))
        return {
            "k1": self.k1,
            "b": self.b,
            "ids": list(self._id_of),
            "free": list(self._free),
            "total_length": self._total_length,
            "vocabulary": list(vocabulary),
            "lengths": self._lengths[: len(self._id_of)].copy(),
            "starts": np.array(starts, dtype=np.int64),
            "terms": np.array(terms, dtype=np.int32),
            "counts": np.array(counts, dtype=np.int32),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> BM25Index:
        """The index ``state`` describes; each row's term counts and each term's postings
        are made from the state's arrays when first read (a query reads a few terms)."""
        index = cls(k1=state["k1"], b=state["b"])
        ids: list[Hashable | None] = list(state["ids"])
        index._id_of = ids
        index._row_of = {doc_id: row for row, doc_id in enumerate(ids) if doc_id is not None}
        index._free = list(state["free"])
        index._terms_of = [None] * len(ids)
        index._lengths = np.array(state["lengths"], dtype=np.float32)
        index._total_length = float(state["total_length"])
        restored = index._restored = _RestoredTerms(state)
        index._postings = LazyMap(
            rows={term: v for v, term in enumerate(restored.vocabulary)},
            make=restored.postings_of,
        )
        return index

    def _postings_array(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        cached = self._arrays.get(term)
        if cached is None:
            postings = self._postings[term]
            cached = (
                np.fromiter(postings.keys(), dtype=np.int64, count=len(postings)),
                np.fromiter(postings.values(), dtype=np.float32, count=len(postings)),
            )
            self._arrays[term] = cached
        return cached

    def _grow(self) -> int:
        row = len(self._id_of)
        self._id_of.append(None)
        self._terms_of.append({})
        if row >= len(self._lengths):
            grown = np.zeros(max(16, 2 * len(self._lengths)), dtype=np.float32)
            grown[: len(self._lengths)] = self._lengths
            self._lengths = grown
        return row


class _RestoredTerms:
    """A snapshot's term counts (``BM25Index.state``), read per row or per term on demand.
    Its arrays are copies: views into the snapshot's bytes would keep the blob alive."""

    def __init__(self, state: dict[str, Any]) -> None:
        self.vocabulary: list[str] = state["vocabulary"]
        self.starts = state["starts"].tolist()
        self.terms = np.array(state["terms"])
        self.counts = np.array(state["counts"])
        # The same entries grouped by term, rows ascending within each term.
        order = np.argsort(self.terms, kind="stable")
        rows = np.repeat(np.arange(len(self.starts) - 1), np.diff(state["starts"]))
        self.term_rows = rows[order]
        self.term_counts = self.counts[order]
        self.term_starts = np.searchsorted(
            self.terms[order], np.arange(len(self.vocabulary) + 1)
        ).tolist()

    @property
    def nbytes(self) -> int:
        """What these columns keep (the vocabulary's words are shared with the postings)."""
        arrays = (self.terms, self.counts, self.term_rows, self.term_counts)
        offsets = offsets_bytes(len(self.starts) + len(self.term_starts))
        return sum(int(a.nbytes) for a in arrays) + offsets

    def pairs_of(self, row: int) -> Iterable[tuple[str, int]]:
        a, z = self.starts[row], self.starts[row + 1]
        vocabulary = self.vocabulary
        return zip(
            [vocabulary[t] for t in self.terms[a:z].tolist()],
            self.counts[a:z].tolist(),
            strict=True,
        )

    def counts_of(self, row: int) -> dict[str, int]:
        return dict(self.pairs_of(row))

    def postings_of(self, term: int) -> dict[int, int]:
        a, z = self.term_starts[term], self.term_starts[term + 1]
        return dict(zip(self.term_rows[a:z].tolist(), self.term_counts[a:z].tolist(), strict=True))


__all__ = ["STOP_WORDS", "BM25Index", "content_words", "stem", "tokenize", "tokens_of"]
