"""The local models of one process, loaded once and shared by every request.

All are read-only after loading, so threads share them freely; tests share one instance
across apps to keep start-up out of the suite's time.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

from kapex.engine.signals import SELF_DISCLOSURE_PROTOTYPES, URGENCY_PROTOTYPES
from kapex.models.embedder import Embedder, MiniLMEmbedder
from kapex.models.judgements import Judgements
from kapex.models.ner import EntityExtractor
from kapex.models.sentiment import SentimentAnalyzer
from kapex.models.tokens import TokenCounter
from kapex.safety.crisis import CrisisDetector
from kapex.safety.pii import PiiScrubber

#: Longest turn (in sentences) whose sentences are judged one by one for gravity; longer
#: messages are documents and carry their weight in the whole.
GRAVITY_SENTENCES = 4
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")


@dataclass(frozen=True)
class LocalModels:
    embedder: Embedder
    entities: EntityExtractor
    sentiment: SentimentAnalyzer
    tokens: TokenCounter
    crisis: CrisisDetector
    scrubbers: dict[str, PiiScrubber]
    self_disclosure_prototypes: np.ndarray
    urgency_prototypes: np.ndarray
    #: Runs entity extraction beside the embedding within a request (services/ingest.py).
    pool: ThreadPoolExecutor

    judgements: Judgements

    def gravity(self, text: str, vector: np.ndarray) -> float:
        """The learned importance of what a turn tells, in [0, 1].

        One vector averages a whole turn, so grave news told between two trivia ("Got
        milk. They found a lump. Raining again.") is diluted; for turns of two to
        ``GRAVITY_SENTENCES`` sentences the sentences are also judged (one batched embedding
        call) and the gravest counts.
        """
        whole = float(self.judgements.gravity([text], vector[None, :])[0])
        sentences = [s for s in _SENTENCE.split(text.strip()) if len(s.split()) >= 3]
        if not 2 <= len(sentences) <= GRAVITY_SENTENCES:
            return whole
        parts = self.judgements.gravity(sentences, self.embedder.embed(sentences))
        return max(whole, float(parts.max()))

    def openness(self, text: str, vector: np.ndarray) -> float:
        """How open a request is: 1 about the user's life as a whole, 0 about one thing."""
        return float(self.judgements.openness([text], vector[None, :])[0])

    @classmethod
    def load(cls, *, threads: int = 1) -> LocalModels:
        embedder = MiniLMEmbedder(threads=threads)
        return cls(
            embedder=embedder,
            entities=EntityExtractor(),
            sentiment=SentimentAnalyzer(),
            tokens=TokenCounter(),
            crisis=CrisisDetector(embedder),
            judgements=Judgements.load(embedder.model_id),
            scrubbers={style: PiiScrubber(style=style) for style in ("typed", "generic")},
            self_disclosure_prototypes=embedder.embed(list(SELF_DISCLOSURE_PROTOTYPES)),
            urgency_prototypes=embedder.embed(list(URGENCY_PROTOTYPES)),
            pool=ThreadPoolExecutor(max_workers=4, thread_name_prefix="kapex-models"),
        )
