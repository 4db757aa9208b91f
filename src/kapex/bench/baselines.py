"""Plain retrievers over single turns: the baselines every benchmark run reports beside KAPEX.

Each turn is one document (``Turn.content``: "Speaker: text" with a photo caption appended on
LoCoMo, the message as said on BEAM). A query ranks every turn of its conversation;
``evidence.pack`` cuts the ranking at the token budget, counting each turn as the line a
``LineFormat`` renders: on LoCoMo ``dated_line`` ("[1:56 pm on 8 May, 2023] Speaker: text"),
what published peers were given to store; on BEAM, whose messages run to thousands of words,
``block_line``, the line KAPEX itself would spend on the turn, so that every system is cut by
the same token walk over the same lines.

- ``BM25Baseline``: Okapi BM25 (k1 1.5, b 0.75), lower-case word tokens of two or more
  characters minus English stop words, no stemming (the bm25s defaults the peers used);
  ``stemmed=True`` uses KAPEX's Snowball tokeniser instead.
- ``DenseBaseline``: cosine over the run's embedder (questions embedded as queries, turns as
  passages).
- ``RRFBaseline``: reciprocal-rank fusion (k = 60) of the two rankings.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import datetime

import numpy as np

from kapex.bench.evidence import (
    Conversation,
    LineFormat,
    Progress,
    Retrieved,
    TokenCounter,
    Turn,
    no_progress,
    pack,
)
from kapex.engine.lexical import STOP_WORDS, BM25Index, tokenize
from kapex.engine.topics import ASSISTANT_FRAMING, transcript_summary
from kapex.models.embedder import Embedder, Role
from kapex.services.ingest import SUMMARY_WORDS

RRF_K = 60
_PLAIN_WORD = re.compile(r"(?u)\b\w\w+\b")


def dated_line(turn: Turn) -> str:
    """The line a turn costs in the block: its session's stamp as written, then the content."""
    return f"[{turn.date_text}] {turn.content}"


def compact_line(turn: Turn) -> str:
    """A shorter line: "- [8 May 2023] Speaker: text"."""
    return f"- [{turn.time.day} {turn.time:%B %Y}] {turn.content}"


def block_line(turn: Turn) -> str:
    """The line KAPEX's block gives a memory of this turn: "- [15 Mar 2024] " and the
    extractive summary the service stores (assistant turns framed "the assistant said:")."""
    text = transcript_summary(
        turn.content, role=turn.role, speaker=turn.speaker, max_words=SUMMARY_WORDS
    )
    if turn.role == "assistant":
        text = "the assistant said: " + text.removeprefix(ASSISTANT_FRAMING).lstrip()
    return f"- [{turn.time.day} {turn.time:%b %Y}] {' '.join(text.split())}"


def plain_tokens(text: str) -> list[str]:
    """bm25s-style tokens: lower-case words of two or more characters, stop words removed."""
    return [w for w in _PLAIN_WORD.findall(text.lower()) if w not in STOP_WORDS]


class TurnRetriever(ABC):
    """Shared plumbing: one ranking per question, cut at the budget by ``pack``."""

    name = "turns"

    def __init__(self, *, counter: TokenCounter, line: LineFormat = dated_line) -> None:
        self._counter = counter
        self._line = line
        self._ids: dict[str, list[str]] = {}
        self._costs: dict[str, dict[str, int]] = {}

    def ingest_conversation(self, conv: Conversation, *, progress: Progress = no_progress) -> None:
        ids = [t.item_id for t in conv.turns]
        costs = self._counter.count_many([self._line(t) for t in conv.turns])
        self._ids[conv.conv_id] = ids
        self._costs[conv.conv_id] = dict(zip(ids, costs, strict=True))
        self._index(conv)
        progress(len(ids))

    def retrieve(
        self, conv: Conversation, question: str, *, at: datetime, budget: int
    ) -> Retrieved:
        ranked = self.ranking(conv, question, at=at)
        return pack(ranked, self._costs[conv.conv_id], budget=budget)

    def ranking(self, conv: Conversation, question: str, *, at: datetime) -> list[str]:
        scores = self._scores(conv, question)
        ids = self._ids[conv.conv_id]
        # Stable: equal scores keep conversation order, so runs are reproducible.
        return [ids[i] for i in np.argsort(-scores, kind="stable")]

    @abstractmethod
    def _index(self, conv: Conversation) -> None:
        """Build whatever ``_scores`` needs for ``conv``."""

    @abstractmethod
    def _scores(self, conv: Conversation, question: str) -> np.ndarray:
        """One score per turn of ``conv``, in turn order; higher ranks first."""


class BM25Baseline(TurnRetriever):
    def __init__(
        self, *, counter: TokenCounter, line: LineFormat = dated_line, stemmed: bool = False
    ) -> None:
        super().__init__(counter=counter, line=line)
        self.name = "BM25 (stemmed)" if stemmed else "BM25"
        self._tokens = tokenize if stemmed else plain_tokens
        self._indexes: dict[str, BM25Index] = {}

    def _index(self, conv: Conversation) -> None:
        index = BM25Index(k1=1.5, b=0.75)
        for row, turn in enumerate(conv.turns):
            index.add(row, self._tokens(turn.content))
        self._indexes[conv.conv_id] = index

    def _scores(self, conv: Conversation, question: str) -> np.ndarray:
        scores = np.zeros(len(conv.turns), dtype=np.float32)
        rows, values = self._indexes[conv.conv_id].score_rows(self._tokens(question))
        scores[rows] = values
        return scores


class DenseBaseline(TurnRetriever):
    def __init__(
        self, *, counter: TokenCounter, embedder: Embedder, line: LineFormat = dated_line
    ) -> None:
        super().__init__(counter=counter, line=line)
        self.name = f"dense ({embedder.model_id})"
        self._embedder = embedder
        self._matrices: dict[str, np.ndarray] = {}

    def _index(self, conv: Conversation) -> None:
        self._matrices[conv.conv_id] = self._embedder.embed([t.content for t in conv.turns])

    def _scores(self, conv: Conversation, question: str) -> np.ndarray:
        scores: np.ndarray = (
            self._matrices[conv.conv_id] @ self._embedder.embed([question], role="query")[0]
        )
        return scores


class RRFBaseline(TurnRetriever):
    def __init__(
        self,
        *,
        counter: TokenCounter,
        embedder: Embedder,
        line: LineFormat = dated_line,
        stemmed: bool = False,
    ) -> None:
        super().__init__(counter=counter, line=line)
        self.name = "BM25 (stemmed) + dense, RRF" if stemmed else "BM25 + dense, RRF"
        self._parts: Sequence[TurnRetriever] = (
            BM25Baseline(counter=counter, line=line, stemmed=stemmed),
            DenseBaseline(counter=counter, embedder=embedder, line=line),
        )

    def _index(self, conv: Conversation) -> None:
        for part in self._parts:
            part._index(conv)

    def _scores(self, conv: Conversation, question: str) -> np.ndarray:
        fused = np.zeros(len(conv.turns), dtype=np.float64)
        for part in self._parts:
            order = np.argsort(-part._scores(conv, question), kind="stable")
            fused[order] += 1.0 / (RRF_K + np.arange(1, len(order) + 1))
        return fused


class CachingEmbedder:
    """Remembers document embeddings so several baselines in one run embed each turn once.

    Only texts seen before are served from the cache; a question is embedded afresh by every
    system that asks, so query latency stays honest.
    """

    def __init__(self, embedder: Embedder) -> None:
        self.model_id = embedder.model_id
        self.dim = embedder.dim
        self._embedder = embedder
        self._cache: dict[str, np.ndarray] = {}

    def reference_scale(self, cosine: float) -> float:
        return self._embedder.reference_scale(cosine)

    def embed(self, texts: Sequence[str], *, role: Role = "passage") -> np.ndarray:
        if role == "query" or len(texts) == 1:
            return self._embedder.embed(texts, role=role)
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            self._cache.update(zip(missing, self._embedder.embed(missing), strict=True))
        return np.stack([self._cache[t] for t in texts])


def baselines(
    *, embedder: Embedder, counter: TokenCounter, line: LineFormat = dated_line
) -> list[TurnRetriever]:
    """The three plain retrievers (BM25, dense, their fusion), sharing one embedding cache."""
    shared = CachingEmbedder(embedder)
    return [
        BM25Baseline(counter=counter, line=line),
        DenseBaseline(counter=counter, embedder=shared, line=line),
        RRFBaseline(counter=counter, embedder=shared, line=line),
    ]


__all__ = [
    "BM25Baseline",
    "CachingEmbedder",
    "DenseBaseline",
    "RRFBaseline",
    "TurnRetriever",
    "baselines",
    "block_line",
    "compact_line",
    "dated_line",
    "plain_tokens",
]
