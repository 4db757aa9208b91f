"""The local models of one process, loaded once and shared by every request.

All are read-only after loading, so threads share them freely; tests share one instance
across apps to keep start-up out of the suite's time.

Two embedders, often one object: ``embedder`` makes the vectors retrieval stores and
searches (``KAPEX_EMBEDDER``); ``signals`` is the model the calibrated detectors were built
on (crisis prototypes, self-disclosure and urgency prototypes: MiniLM). A vector goes to a
detector only if ``signals`` made it (``signal_vectors``); with another retrieval model the
detector's vector is computed apart, so no detector ever reads a vector of the wrong model.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

from kapex.engine.signals import SELF_DISCLOSURE_PROTOTYPES, URGENCY_PROTOTYPES
from kapex.models.embedder import Embedder, MiniLMEmbedder, load_embedder
from kapex.models.ner import EntityExtractor
from kapex.models.sentiment import SentimentAnalyzer
from kapex.models.tokens import TokenCounter
from kapex.safety.crisis import CrisisDetector
from kapex.safety.pii import PiiScrubber


@dataclass(frozen=True)
class LocalModels:
    embedder: Embedder
    signals: Embedder
    entities: EntityExtractor
    sentiment: SentimentAnalyzer
    tokens: TokenCounter
    crisis: CrisisDetector
    scrubbers: dict[str, PiiScrubber]
    self_disclosure_prototypes: np.ndarray
    urgency_prototypes: np.ndarray
    #: Runs entity extraction beside the embedding within a request (services/ingest.py).
    pool: ThreadPoolExecutor

    @classmethod
    def load(cls, *, threads: int = 1, embedder: str = "minilm") -> LocalModels:
        signals = MiniLMEmbedder(threads=threads)
        retrieval = signals if embedder == "minilm" else load_embedder(embedder, threads=threads)
        return cls(
            embedder=retrieval,
            signals=signals,
            entities=EntityExtractor(),
            sentiment=SentimentAnalyzer(),
            tokens=TokenCounter(),
            crisis=CrisisDetector(signals),
            scrubbers={style: PiiScrubber(style=style) for style in ("typed", "generic")},
            self_disclosure_prototypes=signals.embed(list(SELF_DISCLOSURE_PROTOTYPES)),
            urgency_prototypes=signals.embed(list(URGENCY_PROTOTYPES)),
            pool=ThreadPoolExecutor(max_workers=4, thread_name_prefix="kapex-models"),
        )

    def signal_vectors(self, texts: list[str], retrieval: np.ndarray) -> np.ndarray:
        """Vectors of ``texts`` for the calibrated detectors: ``retrieval`` itself (the
        retrieval vectors of the same texts) when both models are one, else the signal
        model's own."""
        if self.embedder.model_id == self.signals.model_id:
            return retrieval
        return self.signals.embed(texts)
