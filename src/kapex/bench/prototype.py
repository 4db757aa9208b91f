"""Research tool: a KAPEX-like retrieval pipeline over ``UserIndex``, in process.

Not the product path (that goes through the service layer); this exists to measure retrieval
ideas one at a time on LoCoMo with the same scorer as every other system. Each idea is a field
of ``PrototypeSettings`` (or of its ``SearchWeights``) so an experiment is a list of values.

Pipeline per question: stemmed tokens, vector, entity and speaker names (words of the
question found in the index's vocabularies), temporal cue, then ``UserIndex.search``; the
ranking is cut at the budget by ``locomo.pack`` with lines rendered by ``line`` (compact by
default: "- [8 May 2023] Speaker: text").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from kapex.bench.baselines import compact_line
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
from kapex.engine.lexical import tokenize
from kapex.engine.retrieval import Query, SearchWeights, UserIndex
from kapex.engine.temporal import resolve_temporal, to_epoch
from kapex.models.embedder import Embedder

# A capitalised word that does not start a sentence: a cheap stand-in for named entities.
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\b")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class PrototypeSettings:
    weights: SearchWeights = field(default_factory=SearchWeights)
    pool: int = 50
    entities: bool = True
    speakers: bool = True
    temporal: bool = True
    line: LineFormat = compact_line


def turn_entities(turn: Turn) -> set[str]:
    """The speaker and capitalised words inside sentences."""
    names = set(_NAME.findall(turn.text))
    return names | {turn.speaker} if turn.speaker else names


class PrototypeSystem:
    def __init__(
        self,
        *,
        embedder: Embedder,
        counter: TokenCounter,
        settings: PrototypeSettings | None = None,
        name: str = "KAPEX prototype",
    ) -> None:
        self.name = name
        self.settings = settings or PrototypeSettings()
        self._embedder = embedder
        self._counter = counter
        self._indexes: dict[str, UserIndex] = {}
        self._costs: dict[str, dict[str, int]] = {}

    def ingest_conversation(self, conv: Conversation, *, progress: Progress = no_progress) -> None:
        settings = self.settings
        index = UserIndex(dim=self._embedder.dim)
        vectors = self._embedder.embed([t.content for t in conv.turns])
        for turn, vector in zip(conv.turns, vectors, strict=True):
            index.add(
                turn.item_id,
                vector,
                turn.content,
                entities=turn_entities(turn) if settings.entities else (),
                event_time=to_epoch(turn.time),
                session_id=turn.session_id,
                speaker=turn.speaker if settings.speakers else None,
            )
        costs = self._counter.count_many([settings.line(t) for t in conv.turns])
        self._indexes[conv.conv_id] = index
        self._costs[conv.conv_id] = {t.item_id: c for t, c in zip(conv.turns, costs, strict=True)}
        progress(len(conv.turns))

    def retrieve(
        self, conv: Conversation, question: str, *, at: datetime, budget: int
    ) -> Retrieved:
        return pack(self.ranking(conv, question, at=at), self._costs[conv.conv_id], budget=budget)

    def ranking(self, conv: Conversation, question: str, *, at: datetime) -> list[str]:
        index = self._indexes[conv.conv_id]
        settings = self.settings
        words = {w.lower() for w in _WORD.findall(question)}
        cue = resolve_temporal(question, reference=at) if settings.temporal else None
        query = Query(
            text=question,
            vector=self._embedder.embed([question])[0],
            entities=frozenset(words & index.entity_names),
            speakers=frozenset(words & index.speakers),
            time_range=cue.time_range if cue else None,
            tokens=tuple(tokenize(question)),
        )
        found = index.search(query, pool=settings.pool, weights=settings.weights)
        return [c.node_id for c in found]


__all__ = ["PrototypeSettings", "PrototypeSystem", "turn_entities"]
