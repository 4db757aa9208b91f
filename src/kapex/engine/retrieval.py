"""Per-user retrieval: dense, lexical, entity and temporal signals merged before ranking.

``UserIndex`` is the in-memory structure for one user's memories: a float32 matrix of unit
embeddings, a BM25 index over stemmed tokens, inverted indexes of entity and speaker names,
event times and the turn order within each session. It is pure: no I/O, no clock; the caller
loads it from storage and keeps it in step with writes and deletions.

Turns are read in their session's context: a turn's BM25 document is scored as if it also
held the words of the turn before it, and its dense score is that of ``v + context·v_prev``
(see ``SearchWeights``). Links between turns are refreshed lazily, per changed session; the
context is applied per query, so nothing is reindexed when a link or a weight changes.

``search`` works in four steps:

1. every signal nominates candidates: the ``pool`` nearest by cosine, the ``pool`` best by
   BM25, the ``pool`` naming most of the query's entities, and the ``pool`` inside (or
   nearest) the query's time range (ties broken by cosine);
2. the nominees are merged *before* ranking, so a keyword-only hit is kept even when its
   cosine is poor;
3. every memory gets ``relevance``, a weighted mean of its signals, each in [0, 1]: cosine
   over the best cosine, BM25 over the best BM25, the share of the query's entities it
   names, its temporal score. A signal the query does not carry takes no part in the mean;
4. relevance spreads to the neighbouring turns of the same session, which join the
   candidates (source ``"neighbour"``), and turns said by someone other than the speakers
   the query names are damped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import numpy as np

from kapex.engine.lexical import BM25Index, tokenize
from kapex.engine.passages import PassageIndex
from kapex.engine.session_context import (
    cosine_in_context,
    refuse_in_pool,
    spread_to_neighbours,
    walk,
)
from kapex.engine.temporal import TimeRange, temporal_score

SOURCES = frozenset({"dense", "lexical", "entity", "temporal", "neighbour"})
_NEIGHBOUR_ONLY = frozenset({"neighbour"})


@dataclass(frozen=True, slots=True)
class SearchWeights:
    """How retrieval weighs its signals; a named, documented tunable.

    - ``dense``, ``lexical``, ``entity``, ``temporal``: weights of the weighted mean that is
      ``relevance`` (signals the query does not carry drop out of the mean).
    - ``context``: each turn's vector is read as ``v + context·v_prev`` (the turn before it in
      its session), so a short reply inherits the topic of what it answers.
    - ``words``: each turn's BM25 document is scored as if it held ``words ×`` the words of
      the turn before it (1: the two turns' words as one document).
    - ``after`` / ``before``: a turn inherits ``after ×`` the relevance of the turn before it
      and ``before ×`` that of the turn after it, up to ``reach`` steps (shrinking each step):
      answers sit right after the question that matches, and vice versa.
    - ``same_voice_from`` / ``same_voice_full``: spreading between two turns of one voice
      (the same speaker, else the same role) scales from 0 at this cosine between them to in
      full at that one: a reply is read with what it answers, but one person's next message
      is often a new statement. Across a change of voice spreading is unchanged. 0.3 is the
      cosine at which a turn continues a matter (``services.relations.THREAD_COSINE``).
    - ``other_speaker``: multiplies the relevance of turns said by someone other than the
      speakers the query names ("What did Melanie paint?" is mostly answered by Melanie).
    - ``alone_at``: a turn of this many content words or more is read on its own: context,
      word mixing and spreading reach it scaled by ``alone_at / length`` (0: every turn
      gets them in full). Reading is mutual: a long turn is not read into the turn after it
      either, so the previous turn's vector and words reach a turn scaled by both turns'
      share (a user's short follow-up to a 500-word answer is not scored as the answer).
    - ``words_within``: the previous turn never adds more words to a turn's document than
      the turn itself has (a long answer does not drown the short question after it).
    - ``passages``: a long message is shown by the passage that answers the query best.
    - ``passage_scores``: a long message is also scored by its best passage (the better of
      the whole's cosine and the passage's). Off: a message with many passages has many
      chances at a high cosine, so the maximum favours long messages for their length alone
      (on BEAM, where the evidence is mostly the user's shorter messages and the long ones
      are assistant answers, dense ranking by the maximum lost 12–13 points of evidence
      recall at 1,000 tokens against the whole message's cosine on both halves).
    - ``long_words``: the lexical score of a turn read on its own (see ``alone_at``) is
      scaled between 1 and ``long_words`` as it grows: a long message matches many query
      words by volume alone.
    - ``pool_fusion``: within the ``pool`` most relevant candidates, relevance moves this
      share of the way to the reciprocal-rank fusion of their dense and lexical ranks
      (``session_context.refuse_in_pool``); 0 leaves the weighted mean alone.

    Defaults were measured on LoCoMo (4 conversations tuned, 3 held out) and on BEAM's
    development chats (1–5 tuned, 6–10 held out), and a stage is kept only if it helps on
    both (docs/benchmarks.md). On LoCoMo's chat-length turns, spreading, context and word
    mixing, the speaker factor and the temporal signal each add recall; on BEAM, whose
    assistant answers run to hundreds of words, the same stages cost 13 points until
    ``alone_at`` (24 content words, LoCoMo's 90th percentile turn) lets long messages be
    read on their own and ``long_words`` halves their lexical pull. Fusion within the pool
    cost recall on both held-out splits and stays off; the entity signal is 0 in the
    default profile (neutral on LoCoMo, −3 points on BEAM).
    """

    dense: float = 0.6
    lexical: float = 0.4
    entity: float = 0.15
    temporal: float = 0.4
    context: float = 0.6
    words: float = 1.0
    after: float = 0.85
    before: float = 0.75
    reach: int = 2
    other_speaker: float = 0.8
    pool_fusion: float = 0.0
    alone_at: float = 24.0
    same_voice_from: float = 0.1
    same_voice_full: float = 0.3
    words_within: bool = False
    passages: bool = True
    passage_scores: bool = False
    long_words: float = 0.5


@dataclass(frozen=True, slots=True)
class Query:
    """What to search for: the text, its unit vector, entity names it mentions, a time range."""

    text: str
    vector: np.ndarray
    entities: frozenset[str] = frozenset()
    time_range: TimeRange | None = None
    speakers: frozenset[str] = frozenset()
    tokens: tuple[str, ...] | None = None

    def lexical_tokens(self) -> list[str]:
        return list(self.tokens) if self.tokens is not None else tokenize(self.text)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A memory worth considering: its id, relevance in [0, 1], the signals that found it,
    and for a long message the passage that answers the query best (None otherwise)."""

    node_id: str
    relevance: float
    sources: frozenset[str] = field(default_factory=frozenset)
    passage: str | None = None


class UserIndex:
    """One user's searchable memories. Node ids are unique; re-adding an id replaces it."""

    def __init__(
        self, *, dim: int = 384, vectors: str = "float32", precision: str | None = None
    ) -> None:
        """``vectors``: how the embedding matrix is held, ``float32`` or ``float16`` (half
        the memory; each search reads it back as float32). ``precision``: the dtype whose
        values it holds (``vectors`` unless said): with ``float16`` in a float32 matrix the
        caller adds float16 values, searches run at float32 speed, and ``state`` gives the
        matrix as float16, which ``from_state`` reads back exactly (half the bytes)."""
        self.dim = dim
        self.precision = np.dtype(precision or vectors)
        self._lengths = np.zeros(0, dtype=np.float32)
        self._vectors = np.zeros((0, dim), dtype=np.dtype(vectors))
        self._alive = np.zeros(0, dtype=bool)
        self._has_speaker = np.zeros(0, dtype=bool)
        self._voice = np.zeros(0, dtype=np.int64)
        self._times = np.zeros(0, dtype=np.float64)
        self._row_of: dict[str, int] = {}
        self._ids: list[str | None] = []
        self._free: list[int] = []
        self._entities_of: list[frozenset[str]] = []
        self._rows_of_entity: dict[str, set[int]] = {}
        self._speaker_of: list[str | None] = []
        self._rows_of_speaker: dict[str, set[int]] = {}
        self._session_of: list[str | None] = []
        self._order: list[int] = []
        self._sessions: dict[str, list[int]] = {}
        self._prev = np.zeros(0, dtype=np.int64)
        self._next = np.zeros(0, dtype=np.int64)
        self._prev_dot = np.zeros(0, dtype=np.float32)
        self._stale_sessions: set[str] = set()
        self._sequence = 0
        self._lexical = BM25Index()
        self._passages = PassageIndex(dim=dim)
        #: Rows of ``_vectors`` a snapshot write is reading (``detached``): the matrix is
        #: copied before one of them changes, instead of under the view's lock.
        self._lent_rows = 0

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, node_id: str) -> bool:
        return node_id in self._row_of

    def array_bytes(self) -> int:
        """Bytes of the index's numpy arrays at their allocated capacity (the vector matrix
        dominates); the per-memory Python objects are accounted by the caller."""
        arrays = (
            self._vectors,
            self._alive,
            self._has_speaker,
            self._voice,
            self._times,
            self._prev,
            self._next,
            self._prev_dot,
            self._lengths,
        )
        own = sum(a.nbytes for a in arrays)
        return int(own) + self._lexical.array_bytes() + self._passages.array_bytes()

    @property
    def speakers(self) -> frozenset[str]:
        """Every speaker name (lower-cased) some memory was said by."""
        return frozenset(self._rows_of_speaker)

    @property
    def entity_names(self) -> frozenset[str]:
        """Every entity name (lower-cased) some memory carries: a vocabulary for queries."""
        return frozenset(self._rows_of_entity)

    def add(
        self,
        node_id: str,
        vector: np.ndarray,
        text: str | Sequence[str],
        *,
        entities: Iterable[str] = (),
        event_time: float | None = None,
        session_id: str | None = None,
        speaker: str | None = None,
        role: str | None = None,
        passages: Sequence[str] = (),
        passage_vectors: np.ndarray | None = None,
        length: int | None = None,
    ) -> None:
        """Hold a memory. ``vector`` must be a unit vector of ``dim`` floats; ``text`` is the
        raw text or its tokens; ``event_time`` is POSIX seconds (None if unknown). A long
        message also brings its ``passages`` and their unit vectors (one row each): its
        cosine is then the better of the whole's and its best passage's. ``speaker`` or, when
        there is none, ``role`` is the turn's voice (``_leans_on``). ``length``: how many
        content words the turn itself says, when ``text`` also carries other words (the
        length rule of ``SearchWeights.alone_at`` reads it); default, the words of ``text``."""
        if node_id in self._row_of:
            self.remove(node_id)
        vector = np.asarray(vector, dtype=np.float32).reshape(-1)
        if vector.shape != (self.dim,):
            raise ValueError(f"vector has shape {vector.shape}, expected ({self.dim},)")
        row = self._free.pop() if self._free else self._grow()
        names = frozenset(e.lower() for e in entities if e.strip())
        self._row_of[node_id] = row
        self._ids[row] = node_id
        self._own_row(row)
        self._vectors[row] = vector
        self._alive[row] = True
        self._times[row] = np.nan if event_time is None else float(event_time)
        self._entities_of[row] = names
        for name in names:
            self._rows_of_entity.setdefault(name, set()).add(row)
        self._session_of[row] = session_id
        self._speaker_of[row] = speaker.lower() if speaker else None
        if speaker:
            self._rows_of_speaker.setdefault(speaker.lower(), set()).add(row)
        self._has_speaker[row] = bool(speaker)
        self._voice[row] = voice_code(speaker or role)
        self._order[row] = self._sequence
        self._sequence += 1
        if session_id is not None:
            self._sessions.setdefault(session_id, []).append(row)
            self._stale_sessions.add(session_id)
        tokens = tokenize(text) if isinstance(text, str) else list(text)
        self._lengths[row] = len(tokens) if length is None else length
        self._lexical.add(row, tokens)
        if len(passages) > 1 and passage_vectors is not None:
            self._passages.add(row, passages, passage_vectors)

    def remove(self, node_id: str) -> None:
        """Forget a memory everywhere; unknown ids are ignored."""
        row = self._row_of.pop(node_id, None)
        if row is None:
            return
        self._lexical.remove(row)
        self._passages.remove(row)
        for name in self._entities_of[row]:
            rows = self._rows_of_entity[name]
            rows.discard(row)
            if not rows:
                del self._rows_of_entity[name]
        speaker = self._speaker_of[row]
        if speaker is not None:
            said = self._rows_of_speaker[speaker]
            said.discard(row)
            if not said:
                del self._rows_of_speaker[speaker]
        self._speaker_of[row] = None
        self._has_speaker[row] = False
        self._voice[row] = 0
        session_id = self._session_of[row]
        if session_id is not None:
            members = self._sessions[session_id]
            members.remove(row)
            if not members:
                del self._sessions[session_id]
            self._stale_sessions.add(session_id)
        self._prev[row] = -1
        self._next[row] = -1
        self._lengths[row] = 0.0
        self._ids[row] = None
        self._alive[row] = False
        self._own_row(row)
        self._vectors[row] = 0.0
        self._times[row] = np.nan
        self._entities_of[row] = frozenset()
        self._session_of[row] = None
        self._free.append(row)

    def vectors_of(self, node_ids: Sequence[str]) -> np.ndarray:
        """The vectors of these memories, one row each, as a new float32 array."""
        rows = self._vectors[[self._row_of[i] for i in node_ids]]
        return rows.astype(np.float32, copy=False)

    #: The index's numpy arrays (one value per row), by attribute name.
    _ARRAYS = (
        "_vectors",
        "_alive",
        "_has_speaker",
        "_voice",
        "_times",
        "_prev",
        "_next",
        "_prev_dot",
        "_lengths",
    )

    def state(self) -> dict[str, Any]:
        """Everything the index holds, as plain values and arrays: ``from_state`` restores
        an index that answers every call exactly as this one does (rows, free slots and
        add order included), without adding its memories one by one. Its arrays are views
        of the index's: take it from a ``detached`` copy when the index may change before
        it is packed."""
        size = len(self._ids)
        return {
            "dim": self.dim,
            **{name: getattr(self, name)[:size] for name in self._ARRAYS},
            # In its precision: a float32 matrix of float16 values packs as float16, exactly.
            "_vectors": self._vectors[:size].astype(self.precision, copy=False),
            "ids": list(self._ids),
            "free": list(self._free),
            "entities": [sorted(e) for e in self._entities_of],
            "speakers": list(self._speaker_of),
            "sessions": list(self._session_of),
            "order": np.array(self._order, dtype=np.int64),
            "stale": sorted(self._stale_sessions),
            "sequence": self._sequence,
            "lexical": self._lexical.state(),
            "passages": self._passages.state(),
        }

    def detached(self) -> UserIndex:
        """A copy for ``state`` to read while this index goes on changing, made in a few
        milliseconds: the small arrays are copied (rows change in place), the per-row lists
        and maps only shallowly (what they hold, sets of names and term counts, is replaced
        when a row changes, never changed in place). The vector matrix is lent, not copied
        (100 MB at 56,000 memories): until ``returned``, changing one of its rows copies it
        first. Not for searching: the inverted maps of names and sessions are left out."""
        size = len(self._ids)
        copy = UserIndex.__new__(UserIndex)
        copy.dim = self.dim
        copy.precision = self.precision
        for name in self._ARRAYS:
            if name != "_vectors":
                setattr(copy, name, getattr(self, name)[:size].copy())
        copy._vectors = self._vectors[:size]
        self._lent_rows = size
        copy._ids = list(self._ids)
        copy._free = list(self._free)
        copy._entities_of = list(self._entities_of)
        copy._speaker_of = list(self._speaker_of)
        copy._session_of = list(self._session_of)
        copy._order = list(self._order)
        copy._stale_sessions = set(self._stale_sessions)
        copy._sequence = self._sequence
        copy._lexical = self._lexical.detached()
        copy._passages = self._passages.detached()
        return copy

    def returned(self) -> None:
        """The snapshot write that took a ``detached`` copy is done reading it."""
        self._lent_rows = 0

    def _own_row(self, row: int) -> None:
        """Before ``row`` of the vector matrix changes in place (see ``detached``)."""
        if row < self._lent_rows:
            self._vectors = self._vectors.copy()
            self._lent_rows = 0

    @classmethod
    def from_state(cls, state: dict[str, Any], *, vectors: str | None = None) -> UserIndex:
        """The index ``state`` describes, its matrix held as ``vectors`` (as packed unless
        said; the values are the packed ones either way)."""
        packed = state["_vectors"].dtype.name
        index = cls(dim=int(state["dim"]), vectors=vectors or packed, precision=packed)
        size = len(state["ids"])
        # The capacity ``_grow`` would have reached (64 rows, doubled as needed), so a
        # restored index grows, and is charged, as the one it was taken from.
        capacity = 64
        while capacity < size:
            capacity *= 2
        for name in cls._ARRAYS:
            held = state[name]
            shape = (capacity, *held.shape[1:])
            empty = _EMPTY[name]
            dtype = index._vectors.dtype if name == "_vectors" else held.dtype
            # Zeros come from fresh pages the system zeroes as they are touched.
            grown = np.zeros(shape, dtype) if not empty else np.full(shape, empty, dtype)
            grown[:size] = held
            setattr(index, name, grown)
        index._ids = list(state["ids"])
        index._row_of = {node_id: row for row, node_id in enumerate(index._ids) if node_id}
        index._free = list(state["free"])
        index._entities_of = [frozenset(e) for e in state["entities"]]
        index._speaker_of = list(state["speakers"])
        index._session_of = list(state["sessions"])
        index._order = state["order"].tolist()
        index._stale_sessions = set(state["stale"])
        index._sequence = int(state["sequence"])
        for row, names in enumerate(index._entities_of):
            for name in names:
                index._rows_of_entity.setdefault(name, set()).add(row)
        for row, speaker in enumerate(index._speaker_of):
            if speaker is not None:
                index._rows_of_speaker.setdefault(speaker, set()).add(row)
        # A session's rows in row order; ``_relink`` orders them by turn, so any order does.
        for row, session_id in enumerate(index._session_of):
            if session_id is not None:
                index._sessions.setdefault(session_id, []).append(row)
        index._lexical = BM25Index.from_state(state["lexical"])
        index._passages = PassageIndex.from_state(state["passages"], dim=index.dim)
        return index

    def nearest(self, vector: np.ndarray, *, k: int) -> list[tuple[str, float]]:
        """The ``k`` memories most similar to a unit vector, with their cosines, best first."""
        n_rows = len(self._ids)
        if not self._row_of or k <= 0:
            return []
        cosine = self._vectors[:n_rows] @ np.asarray(vector, dtype=np.float32)
        cosine = np.where(self._alive[:n_rows], cosine, -np.inf)
        rows = _top(cosine, k, self._alive[:n_rows])
        rows = rows[np.argsort(-cosine[rows], kind="stable")]
        return [(self._id_at(int(r)), float(cosine[r])) for r in rows]

    def neighbours(self, node_id: str, *, before: int = 1, after: int = 1) -> list[str]:
        """The memories said just before and after ``node_id`` in its session, in order
        (by event time, then by the order they were added)."""
        row = self._row_of.get(node_id)
        session_id = None if row is None else self._session_of[row]
        if row is None or session_id is None:
            return []
        self._relink()
        chosen = walk(self._prev, row, before)[::-1] + walk(self._next, row, after)
        return [self._id_at(r) for r in chosen]

    def search(
        self, query: Query, *, pool: int = 50, weights: SearchWeights | None = None
    ) -> list[Candidate]:
        """Candidates for ``query`` by descending relevance (ties by node order).

        Each signal nominates up to ``pool`` memories; the result holds the union, so its
        length is at most ``4 * pool``.
        """
        weights = weights or SearchWeights()
        if not self._row_of:
            return []
        self._relink()
        alive = self._alive
        n_rows = len(self._ids)
        cosine = self._vectors[:n_rows] @ np.asarray(query.vector, dtype=np.float32)
        if weights.passages and weights.passage_scores:
            cosine = np.maximum(cosine, self._passages.best_cosine(query.vector, n_rows=n_rows))
        lexical = np.zeros(n_rows, dtype=np.float32)
        words = query.lexical_tokens()
        need = self._need_context(n_rows, weights)
        # What the previous turn lends: both turns must be short enough to be read together.
        read_with_prev = need * self._need_of_previous(need, n_rows)
        if weights.words > 0:
            rows, values = self._lexical.score_rows_in_context(
                words,
                prev=self._prev[:n_rows],
                weight=self._word_share(n_rows, weights, read_with_prev),
            )
        else:
            rows, values = self._lexical.score_rows(words)
        lexical[rows] = values
        if weights.long_words < 1.0:
            # A long message matches many query words by volume alone: its lexical score
            # counts for less, down to ``long_words`` for the longest.
            lexical *= weights.long_words + (1.0 - weights.long_words) * need
        if weights.context > 0:
            cosine = cosine_in_context(
                cosine,
                self._prev[:n_rows],
                self._prev_dot[:n_rows],
                context=weights.context * read_with_prev,
            )
        cosine = np.where(alive[:n_rows], np.clip(cosine, 0.0, 1.0), 0.0)
        entity = _share(self._rows_of_entity, query.entities, n_rows)
        speaker = _share(self._rows_of_speaker, query.speakers, n_rows)
        temporal = None
        if query.time_range is not None:
            temporal = temporal_score(self._times[:n_rows], query.time_range)
            temporal[~alive[:n_rows]] = 0.0

        nominees: dict[str, np.ndarray] = {
            "dense": _top(cosine, pool, alive[:n_rows]),
            "lexical": _top(lexical, pool, lexical > 0),
            "entity": _top(entity + 0.01 * cosine, pool, entity > 0),
        }
        if temporal is not None:
            nominees["temporal"] = _top(temporal + 0.01 * cosine, pool, temporal >= 0.5)

        relevance = self._fuse(cosine, lexical, entity, temporal, weights)

        merged = np.unique(np.concatenate(list(nominees.values())))
        if weights.after > 0 or weights.before > 0:
            relevance, merged = spread_to_neighbours(
                relevance,
                merged,
                self._prev[:n_rows],
                self._next[:n_rows],
                after=weights.after * need * self._leans_on(self._prev, n_rows, weights),
                before=weights.before * need * self._leans_on(self._next, n_rows, weights),
                reach=weights.reach,
            )
            nominees["neighbour"] = merged
        if speaker.any() and weights.other_speaker != 1.0:
            said_by_other = self._has_speaker[:n_rows] & (speaker == 0)
            relevance = np.where(said_by_other, relevance * weights.other_speaker, relevance)
        if weights.pool_fusion > 0:
            relevance = refuse_in_pool(
                relevance, merged, cosine, lexical, share=weights.pool_fusion, size=pool
            )
        order = merged[np.lexsort((self._orders(merged), -relevance[merged]))]
        # Which signals nominated each row, gathered once: a query at 5,000 memories has
        # some 340 candidates, and asking every signal about each took a sixth of search.
        found_by: dict[int, set[str]] = {}
        for name, rows in nominees.items():
            if name != "neighbour":
                for row in rows.tolist():
                    found_by.setdefault(row, set()).add(name)
        candidates = []
        for row in order.tolist():
            candidates.append(
                Candidate(
                    node_id=self._id_at(row),
                    relevance=float(relevance[row]),
                    sources=frozenset(found_by.get(row, ())) or _NEIGHBOUR_ONLY,
                    passage=(
                        self._passages.best_text(row, query.vector, words)
                        if weights.passages
                        else None
                    ),
                )
            )
        return candidates

    def evidence(self, query: Query) -> tuple[float, float]:
        """How clearly the input points at something stored: the best raw cosine of any
        memory to the input, and the lexical coverage of its best match
        (``BM25Index.coverage``). Open requests ("catch me up") score low on both."""
        n_rows = len(self._ids)
        if not self._row_of:
            return 0.0, 0.0
        cosine = self._vectors[:n_rows] @ np.asarray(query.vector, dtype=np.float32)
        best = float(np.max(np.where(self._alive[:n_rows], cosine, -1.0)))
        return best, self._lexical.coverage(query.lexical_tokens())

    def _relink(self) -> None:
        """Recompute previous/next links of the sessions changed since the last search."""
        for session_id in self._stale_sessions:
            members = sorted(self._sessions.get(session_id, ()), key=self._turn_key)
            links = [(-1, members[0]), *pairwise(members)] if members else []
            for before, after in links:
                if before >= 0:
                    self._next[before] = after
                    pair = self._vectors[[before, after]].astype(np.float32)
                    self._prev_dot[after] = float(pair[0] @ pair[1])
                self._prev[after] = before
            if members:
                self._prev_dot[members[0]] = 0.0
                self._next[members[-1]] = -1
        self._stale_sessions.clear()

    def _fuse(
        self,
        cosine: np.ndarray,
        lexical: np.ndarray,
        entity: np.ndarray,
        temporal: np.ndarray | None,
        weights: SearchWeights,
    ) -> np.ndarray:
        parts = [(weights.dense, _scaled(cosine)), (weights.lexical, _scaled(lexical))]
        if entity.any():
            parts.append((weights.entity, entity))
        if temporal is not None:
            parts.append((weights.temporal, temporal))
        total = sum(w for w, _ in parts) or 1.0
        fused = sum(w * signal for w, signal in parts) / total
        return np.clip(fused, 0.0, 1.0)

    def _leans_on(self, link: np.ndarray, n_rows: int, weights: SearchWeights) -> np.ndarray:
        """Per row, how far it may take relevance from the turn ``link`` points it to (the
        turn before it or after it, same session): in full across a change of voice, as a
        reply is read with what it answers; within one voice only as far as the two turns
        continue one thing (their cosine, ``same_voice_from`` to ``same_voice_full``).

        One person's consecutive messages are often separate statements ("I drive a 2009
        Corolla", then "Thanksgiving's at my sister's"): read as one exchange, the second
        took 85% of the first's relevance to "what do I drive?" and led the block."""
        linked = link[:n_rows]
        other = np.where(linked >= 0, linked, 0)
        voice = self._voice[:n_rows]
        same = (linked >= 0) & (voice == voice[other])
        # ``_prev_dot[row]`` is the cosine of a row and the turn before it: for the link
        # forward, the cosine is stored on the turn after.
        cosine = self._prev_dot[:n_rows] if link is self._prev else self._prev_dot[other]
        span = max(weights.same_voice_full - weights.same_voice_from, 1e-9)
        continues = np.clip((cosine - weights.same_voice_from) / span, 0.0, 1.0)
        leans: np.ndarray = np.where(same, continues, 1.0).astype(np.float32)
        return leans

    def _need_context(self, n_rows: int, weights: SearchWeights) -> np.ndarray:
        """Per row, how much a turn needs its neighbours to be understood: 1 for a turn of
        up to ``alone_at`` content words, falling as ``alone_at / length`` beyond (1 for
        every turn when ``alone_at`` is 0)."""
        if weights.alone_at <= 0:
            return np.ones(n_rows, dtype=np.float32)
        lengths = np.maximum(self._lengths[:n_rows], 1.0)
        return np.minimum(1.0, weights.alone_at / lengths).astype(np.float32)

    def _need_of_previous(self, need: np.ndarray, n_rows: int) -> np.ndarray:
        """Per row, ``need`` of the turn before it in its session (1 for a first turn)."""
        prev = self._prev[:n_rows]
        return np.where(prev >= 0, need[np.maximum(prev, 0)], 1.0).astype(np.float32)

    def _word_share(self, n_rows: int, weights: SearchWeights, need: np.ndarray) -> np.ndarray:
        """Per row, the share of the previous turn's words read into this turn's document:
        ``words × need``, and with ``words_within`` never more words than the turn has."""
        share = weights.words * need
        if weights.words_within:
            prev = self._prev[:n_rows]
            before = np.where(prev >= 0, self._lengths[prev], 0.0)
            ratio = np.where(before > 0, self._lengths[:n_rows] / np.maximum(before, 1.0), 1.0)
            share = share * np.minimum(1.0, ratio)
        return share.astype(np.float32)

    def _orders(self, rows: np.ndarray) -> np.ndarray:
        return np.array([self._order[r] for r in rows.tolist()], dtype=np.int64)

    def _turn_key(self, row: int) -> tuple[float, int]:
        time = self._times[row]
        return (float("-inf") if np.isnan(time) else float(time), self._order[row])

    def _id_at(self, row: int) -> str:
        node_id = self._ids[row]
        if node_id is None:
            raise KeyError(row)
        return node_id

    def _grow(self) -> int:
        row = len(self._ids)
        if row >= len(self._vectors):
            capacity = max(64, 2 * len(self._vectors))
            for name in self._ARRAYS:
                array = getattr(self, name)
                shape = (capacity, *array.shape[1:])
                setattr(self, name, _resized(array, shape, _EMPTY[name]))
            self._lent_rows = 0  # a new matrix: the lent one is no longer written
        self._ids.append(None)
        self._entities_of.append(frozenset())
        self._session_of.append(None)
        self._speaker_of.append(None)
        self._order.append(0)
        return row


def voice_code(voice: str | None) -> int:
    """A stable non-zero number for a voice (a speaker's name or a role), 0 for none: rows
    compare voices by number, and a restored index reads the same numbers."""
    if not voice:
        return 0
    digest = hashlib.blake2b(voice.strip().lower().encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True) or 1


def _share(rows_of: dict[str, set[int]], names: Iterable[str], n_rows: int) -> np.ndarray:
    """Per row, the share of ``names`` it carries."""
    wanted = {n.lower() for n in names}
    share = np.zeros(n_rows, dtype=np.float32)
    for name in wanted:
        rows = rows_of.get(name)
        if rows:
            share[list(rows)] += 1.0 / len(wanted)
    return share


#: What a row of each array holds before anything is added to it (as ``_grow`` fills it).
_EMPTY: dict[str, float | bool] = {
    "_vectors": 0.0,
    "_alive": False,
    "_has_speaker": False,
    "_voice": 0,
    "_times": np.nan,
    "_prev": -1,
    "_next": -1,
    "_prev_dot": 0.0,
    "_lengths": 0.0,
}


def _resized(array: np.ndarray, shape: tuple[int, ...], fill: float | bool) -> np.ndarray:
    grown = np.full(shape, fill, dtype=array.dtype)
    grown[: len(array)] = array
    return grown


def _scaled(signal: np.ndarray) -> np.ndarray:
    peak = float(signal.max()) if signal.size else 0.0
    return signal / peak if peak > 0 else signal


def _top(scores: np.ndarray, k: int, eligible: np.ndarray) -> np.ndarray:
    """Rows of the ``k`` highest eligible scores (unordered)."""
    rows = np.flatnonzero(eligible)
    if k <= 0:
        return rows[:0]
    if len(rows) > k:
        rows = rows[np.argpartition(-scores[rows], k - 1)[:k]]
    return rows


__all__ = ["SOURCES", "Candidate", "Query", "SearchWeights", "UserIndex"]
