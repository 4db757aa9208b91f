"""Per-user retrieval: dense, lexical, entity and temporal signals merged before ranking.

``UserIndex`` is the in-memory structure for one user's memories: a float32 matrix of unit
embeddings, a BM25 index over stemmed tokens, an inverted index of entity names, event times
and session membership. It is pure: no I/O, no clock; the caller loads it from storage and
keeps it in step with writes and deletions.

``search`` works in three steps:

1. every signal nominates candidates: the ``pool`` nearest by cosine, the ``pool`` best by
   BM25, the memories naming most of the query's entities and those inside (or nearest) the
   query's time range (ties broken by cosine);
2. the nominees are merged *before* ranking, so a keyword-only hit is kept even when its
   cosine is poor;
3. each candidate gets ``relevance``, a weighted mean of the signals it has, each scaled to
   [0, 1]: cosine over the best cosine, BM25 over the best BM25, the share of the query's
   entities it names, and its temporal score. A signal the query does not carry (no entities,
   no time range) takes no part in the mean.

Optionally, pseudo-relevance feedback moves the query vector towards the mean of the first
pass's best candidates and scores the dense signal again (see ``SearchWeights.feedback``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from kapex.engine.lexical import BM25Index, tokenize
from kapex.engine.temporal import TimeRange, temporal_score

SOURCES = frozenset({"dense", "lexical", "entity", "temporal", "neighbour"})


@dataclass(frozen=True, slots=True)
class SearchWeights:
    """How much each signal counts in ``relevance``; a named, documented tunable.

    The defaults were chosen on LoCoMo evidence recall (see docs/benchmarks.md): lexical
    matching is the stronger single signal on conversational memories, dense similarity
    catches paraphrase, and the entity and temporal signals decide between near ties.
    ``feedback`` is the share of the feedback centroid (of the first ``feedback_depth``
    results) mixed into the query vector for a second dense pass; 0 turns it off.
    """

    dense: float = 0.5
    lexical: float = 0.5
    entity: float = 0.15
    temporal: float = 0.15
    other_speaker: float = 1.0
    context: float = 0.0
    lexical_context: float = 0.0
    feedback: float = 0.0
    feedback_depth: int = 3
    after: float = 0.0
    before: float = 0.0
    reach: int = 2


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
    """A memory worth considering: its id, relevance in [0, 1], the signals that found it."""

    node_id: str
    relevance: float
    sources: frozenset[str] = field(default_factory=frozenset)


class UserIndex:
    """One user's searchable memories. Node ids are unique; re-adding an id replaces it."""

    def __init__(self, *, dim: int = 384) -> None:
        self.dim = dim
        self._vectors = np.zeros((0, dim), dtype=np.float32)
        self._alive = np.zeros(0, dtype=bool)
        self._has_speaker = np.zeros(0, dtype=bool)
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

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, node_id: str) -> bool:
        return node_id in self._row_of

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
    ) -> None:
        """Hold a memory. ``vector`` must be a unit vector of ``dim`` floats; ``text`` is the
        raw text or its tokens; ``event_time`` is POSIX seconds (None if unknown)."""
        if node_id in self._row_of:
            self.remove(node_id)
        vector = np.asarray(vector, dtype=np.float32).reshape(-1)
        if vector.shape != (self.dim,):
            raise ValueError(f"vector has shape {vector.shape}, expected ({self.dim},)")
        row = self._free.pop() if self._free else self._grow()
        names = frozenset(e.lower() for e in entities if e.strip())
        self._row_of[node_id] = row
        self._ids[row] = node_id
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
        self._order[row] = self._sequence
        self._sequence += 1
        if session_id is not None:
            self._sessions.setdefault(session_id, []).append(row)
            self._stale_sessions.add(session_id)
        tokens = tokenize(text) if isinstance(text, str) else list(text)
        self._lexical.add(row, tokens)

    def remove(self, node_id: str) -> None:
        """Forget a memory everywhere; unknown ids are ignored."""
        row = self._row_of.pop(node_id, None)
        if row is None:
            return
        self._lexical.remove(row)
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
        session_id = self._session_of[row]
        if session_id is not None:
            members = self._sessions[session_id]
            members.remove(row)
            if not members:
                del self._sessions[session_id]
            self._stale_sessions.add(session_id)
        self._prev[row] = -1
        self._next[row] = -1
        self._ids[row] = None
        self._alive[row] = False
        self._vectors[row] = 0.0
        self._times[row] = np.nan
        self._entities_of[row] = frozenset()
        self._session_of[row] = None
        self._free.append(row)

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
        chosen = _walk(self._prev, row, before)[::-1] + _walk(self._next, row, after)
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
        alive = self._alive
        n_rows = len(self._ids)
        cosine = self._vectors[:n_rows] @ np.asarray(query.vector, dtype=np.float32)
        lexical = np.zeros(n_rows, dtype=np.float32)
        rows, values = self._lexical.score_rows(query.lexical_tokens())
        lexical[rows] = values
        if weights.context > 0 or weights.lexical_context > 0:
            cosine, lexical = self._in_context(cosine, lexical, weights)
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
        if weights.feedback > 0:
            first = np.unique(np.concatenate(list(nominees.values())))
            best = first[np.argsort(-relevance[first], kind="stable")[: weights.feedback_depth]]
            centroid = self._vectors[best].mean(axis=0)
            moved = (1.0 - weights.feedback) * query.vector + weights.feedback * centroid
            moved = moved / max(float(np.linalg.norm(moved)), 1e-12)
            cosine = np.where(alive[:n_rows], np.clip(self._vectors[:n_rows] @ moved, 0, 1), 0)
            nominees["dense"] = _top(cosine, pool, alive[:n_rows])
            relevance = self._fuse(cosine, lexical, entity, temporal, weights)

        merged = np.unique(np.concatenate(list(nominees.values())))
        if weights.after > 0 or weights.before > 0:
            relevance, merged = self._spread(relevance, merged, weights)
            nominees["neighbour"] = merged
        if speaker.any() and weights.other_speaker != 1.0:
            said_by_other = self._has_speaker[:n_rows] & (speaker == 0)
            relevance = np.where(said_by_other, relevance * weights.other_speaker, relevance)
        order = merged[np.lexsort((self._orders(merged), -relevance[merged]))]
        found_by = {name: set(rows.tolist()) for name, rows in nominees.items()}
        candidates = []
        for row in order.tolist():
            sources = frozenset(
                n for n, rows in found_by.items() if n != "neighbour" and row in rows
            )
            candidates.append(
                Candidate(
                    node_id=self._id_at(row),
                    relevance=float(relevance[row]),
                    sources=sources or frozenset({"neighbour"}),
                )
            )
        return candidates

    def _in_context(
        self, cosine: np.ndarray, lexical: np.ndarray, weights: SearchWeights
    ) -> tuple[np.ndarray, np.ndarray]:
        """Read each turn together with the one before it in its session.

        Dense: the cosine with the unit vector of ``v + c·v_prev`` (exact, from the two
        cosines and the stored ``v·v_prev``). Lexical: ``bm25 + c·bm25_prev``. A reply
        ("Yes, every summer!") means little without the turn it answers."""
        self._relink()
        n_rows = len(cosine)
        prev = self._prev[:n_rows]
        linked = prev >= 0
        c = weights.context
        norm = np.sqrt(np.maximum(1.0 + c * c + 2.0 * c * self._prev_dot[:n_rows], 1e-12))
        with_prev = (cosine + c * cosine[prev]) / norm
        cosine = np.where(linked, with_prev, cosine)
        lexical = lexical + weights.lexical_context * np.where(linked, lexical[prev], 0.0)
        return cosine.astype(np.float32), lexical.astype(np.float32)

    def _spread(
        self, relevance: np.ndarray, nominees: np.ndarray, weights: SearchWeights
    ) -> tuple[np.ndarray, np.ndarray]:
        """Let relevance flow to the next (``after``) and previous (``before``) turns of the
        same session, ``reach`` steps deep, shrinking by the factor at each step; a turn keeps
        the best of its own and what it inherits. A reply usually holds the answer that the
        turn before it set up, and vice versa."""
        self._relink()
        n_rows = len(relevance)
        prev, nxt = self._prev[:n_rows], self._next[:n_rows]
        spread = relevance.copy()
        rows = nominees
        forward = backward = relevance
        for _ in range(weights.reach):
            forward = weights.after * np.where(prev >= 0, forward[prev], 0.0)
            backward = weights.before * np.where(nxt >= 0, backward[nxt], 0.0)
            spread = np.maximum(spread, np.maximum(forward, backward))
            steps = [rows]
            if weights.after > 0:
                steps.append(nxt[rows])
            if weights.before > 0:
                steps.append(prev[rows])
            rows = np.unique(np.concatenate(steps))
            rows = rows[rows >= 0]
        return spread, rows

    def _relink(self) -> None:
        """Recompute previous/next links of the sessions changed since the last search."""
        for session_id in self._stale_sessions:
            members = sorted(self._sessions.get(session_id, ()), key=self._turn_key)
            for before, after in pairwise(members):
                self._next[before] = after
                self._prev[after] = before
                self._prev_dot[after] = float(self._vectors[before] @ self._vectors[after])
            if members:
                self._prev[members[0]] = -1
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
            self._vectors = _resized(self._vectors, (capacity, self.dim), 0.0)
            self._alive = _resized(self._alive, (capacity,), False)
            self._has_speaker = _resized(self._has_speaker, (capacity,), False)
            self._times = _resized(self._times, (capacity,), np.nan)
            self._prev = _resized(self._prev, (capacity,), -1)
            self._next = _resized(self._next, (capacity,), -1)
            self._prev_dot = _resized(self._prev_dot, (capacity,), 0.0)
        self._ids.append(None)
        self._entities_of.append(frozenset())
        self._session_of.append(None)
        self._speaker_of.append(None)
        self._order.append(0)
        return row


def _share(rows_of: dict[str, set[int]], names: Iterable[str], n_rows: int) -> np.ndarray:
    """Per row, the share of ``names`` it carries."""
    wanted = {n.lower() for n in names}
    share = np.zeros(n_rows, dtype=np.float32)
    for name in wanted:
        rows = rows_of.get(name)
        if rows:
            share[list(rows)] += 1.0 / len(wanted)
    return share


def _walk(links: np.ndarray, row: int, steps: int) -> list[int]:
    out: list[int] = []
    while len(out) < steps and (row := int(links[row])) >= 0:
        out.append(row)
    return out


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
