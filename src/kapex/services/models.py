"""The local models of one process, loaded once and shared by every request.

All are read-only after loading, so threads share them freely; tests share one instance
across apps to keep start-up out of the suite's time.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

from kapex.engine.signals import SELF_DISCLOSURE_PROTOTYPES, URGENCY_PROTOTYPES
from kapex.models.embedder import Embedder, MiniLMEmbedder
from kapex.models.ner import EntityExtractor
from kapex.models.sentiment import SentimentAnalyzer
from kapex.models.tokens import TokenCounter
from kapex.safety.crisis import CrisisDetector
from kapex.safety.pii import PiiScrubber


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

    def gravity(self, text: str, vector: np.ndarray) -> float:
        """The learned importance of what a turn tells, in [0, 1]."""
        return 0.0

    def openness(self, text: str, vector: np.ndarray) -> float | None:
        """How open a request is (1: about the user's life in general), or None."""
        return None

    @classmethod
    def load(cls, *, threads: int = 1) -> LocalModels:
        embedder = MiniLMEmbedder(threads=threads)
        return cls(
            embedder=embedder,
            entities=EntityExtractor(),
            sentiment=SentimentAnalyzer(),
            tokens=TokenCounter(),
            crisis=CrisisDetector(embedder),
            scrubbers={style: PiiScrubber(style=style) for style in ("typed", "generic")},
            self_disclosure_prototypes=embedder.embed(list(SELF_DISCLOSURE_PROTOTYPES)),
            urgency_prototypes=embedder.embed(list(URGENCY_PROTOTYPES)),
            pool=ThreadPoolExecutor(max_workers=4, thread_name_prefix="kapex-models"),
        )
