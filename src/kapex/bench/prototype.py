"""Research tool: a KAPEX-like retrieval pipeline over ``UserIndex``, in process.

Not the product path (that goes through the service layer); this exists to measure retrieval
ideas one at a time on LoCoMo with the same scorer as every other system. Each idea is a field
of ``PrototypeSettings`` so an experiment is a list of settings values.

Pipeline per question: tokens, vector, entity names (index vocabulary words in the question),
temporal cue, then ``UserIndex.search``; optionally each of the first results pulls in its
neighbouring turns right after it; the ranking is cut at the budget by ``locomo.pack`` with
lines rendered by ``line`` (compact by default: "- [8 May 2023] Speaker: text").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from kapex.bench.baselines import compact_line
from kapex.bench.locomo import Conversation, LineFormat, Retrieved, TokenCounter, Turn, pack
from kapex.engine.lexical import tokenize
from kapex.engine.retrieval import Query, SearchWeights, UserIndex
from kapex.engine.temporal import resolve_temporal, to_epoch
from kapex.models.embedder import Embedder

# A capitalised word that does not start a sentence: a cheap stand-in for named entities.
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\b")


@dataclass(frozen=True, slots=True)
class PrototypeSettings:
    weights: SearchWeights = field(default_factory=SearchWeights)
    pool: int = 50
    entities: bool = True
    speakers: bool = True
    temporal: bool = True
    neighbours: int = 0
    context_dense: float = 0.0
    context_lexical: bool = False
    neighbour_depth: int = 10
    line: LineFormat = compact_line


def turn_entities(turn: Turn) -> set[str]:
    """The speaker and capitalised words inside sentences."""
    return {turn.speaker, *_NAME.findall(turn.text)}


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

    def ingest_conversation(self, conv: Conversation) -> None:
        index = UserIndex(dim=self._embedder.dim)
        vectors = self._embedder.embed([t.content for t in conv.turns])
        for position, (turn, vector) in enumerate(zip(conv.turns, vectors, strict=True)):
            text = turn.content
            previous = conv.turns[position - 1] if position else None
            if previous is not None and previous.session == turn.session:
                # Ingest-time context: a reply's meaning often lives in the turn before it.
                vector = vector + self.settings.context_dense * vectors[position - 1]
                vector = vector / np.linalg.norm(vector)
                if self.settings.context_lexical:
                    text = f"{previous.content} {text}"
            index.add(
                turn.dia_id,
                vector,
                text,
                entities=turn_entities(turn) if self.settings.entities else (),
                event_time=to_epoch(turn.time),
                session_id=turn.session_id,
                speaker=turn.speaker,
            )
        lines = [self.settings.line(t) for t in conv.turns]
        costs = self._counter.count_many(lines)
        self._indexes[conv.conv_id] = index
        self._costs[conv.conv_id] = {t.dia_id: c for t, c in zip(conv.turns, costs, strict=True)}

    def retrieve(
        self, conv: Conversation, question: str, *, at: datetime, budget: int
    ) -> Retrieved:
        return pack(self.ranking(conv, question, at=at), self._costs[conv.conv_id], budget=budget)

    def ranking(self, conv: Conversation, question: str, *, at: datetime) -> list[str]:
        index = self._indexes[conv.conv_id]
        settings = self.settings
        tokens = tokenize(question)
        words = {w.lower() for w in re.findall(r"\w+", question)}
        entities = frozenset(words & index.entity_names) if settings.entities else frozenset()
        speakers = frozenset(words & index.speakers) if settings.speakers else frozenset()
        cue = resolve_temporal(question, reference=at) if settings.temporal else None
        query = Query(
            text=question,
            vector=self._embedder.embed([question])[0],
            entities=entities,
            time_range=cue.time_range if cue else None,
            tokens=tuple(tokens),
            speakers=speakers,
        )
        found = [
            c.node_id for c in index.search(query, pool=settings.pool, weights=settings.weights)
        ]
        if settings.neighbours:
            found = _with_neighbours(index, found, settings.neighbours, settings.neighbour_depth)
        return found


def _with_neighbours(index: UserIndex, ranked: list[str], window: int, depth: int) -> list[str]:
    """Each of the first ``depth`` results followed by the turns right after it (replies
    often hold the answer a question-like turn sets up), without repeats."""
    seen: set[str] = set()
    out: list[str] = []
    for position, node_id in enumerate(ranked):
        group = [node_id]
        if position < depth:
            group += index.neighbours(node_id, before=0, after=window)
        for member in group:
            if member not in seen:
                seen.add(member)
                out.append(member)
    return out


__all__ = ["PrototypeSettings", "PrototypeSystem", "turn_entities"]
