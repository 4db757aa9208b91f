"""The local models of one process, loaded once and shared by every request.

All are read-only after loading, so threads share them freely; tests share one instance
across apps to keep start-up out of the suite's time.

Two embedders, often one object: ``embedder`` makes the vectors retrieval stores and
searches (``KAPEX_EMBEDDER``); ``signals`` is the model the calibrated detectors and learned
heads were built on (crisis prototypes, self-disclosure and urgency prototypes, the gravity,
openness and processing heads: MiniLM). A vector goes to a detector only if ``signals`` made it
(``signal_vectors``); with another retrieval model the detector's vector is computed apart,
so no detector ever reads a vector of the wrong model.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

from kapex.engine.signals import SELF_DISCLOSURE_PROTOTYPES, URGENCY_PROTOTYPES
from kapex.models.embedder import E5_MODEL_ID, Embedder, MiniLMEmbedder, load_embedder
from kapex.models.embedding_cache import CachedEmbedder, EmbeddingCache
from kapex.models.judgements import Judgements
from kapex.models.ner import EntityExtractor
from kapex.models.sentiment import SentimentAnalyzer
from kapex.models.tokens import TokenCounter
from kapex.models.topic_fields import TopicFields
from kapex.safety.crisis import CrisisDetector
from kapex.safety.crisis_multilingual import MultilingualHead
from kapex.safety.pii import PiiScrubber

#: Longest turn (in sentences) whose sentences are judged one by one for gravity; longer
#: messages are documents and carry their weight in the whole.
GRAVITY_SENTENCES = 4
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")


@dataclass(frozen=True)
class LocalModels:
    embedder: Embedder
    signals: Embedder
    entities: EntityExtractor
    sentiment: SentimentAnalyzer
    tokens: TokenCounter
    crisis: CrisisDetector
    judgements: Judgements
    #: What people say about commonly avoided topics, embedded by ``embedder`` (suppress
    #: pins reach through them, services/pins.py); None without an artefact for it.
    fields: TopicFields | None
    scrubbers: dict[str, PiiScrubber]
    self_disclosure_prototypes: np.ndarray
    urgency_prototypes: np.ndarray
    #: Runs entity extraction beside the embedding within a request (services/ingest.py).
    pool: ThreadPoolExecutor

    @classmethod
    def load(
        cls, *, threads: int = 1, embedder: str = "minilm", cache_size: int = 0
    ) -> LocalModels:
        """``threads``: per model call, and for numpy's BLAS in the whole process;
        ``cache_size``: one-text vectors remembered across both embedders (0: none)."""
        # Retrieval's matrix products are small (a few thousand rows × 384): OpenBLAS's own
        # thread per core made each one wait for a woken thread on a busy machine (a query
        # took 3× its CPU time in wall time). Requests run side by side instead, as for
        # the embedder; results are the same (each row's dot product is summed alike).
        threadpool_limits(limits=threads, user_api="blas")
        signals: Embedder = MiniLMEmbedder(threads=threads)
        retrieval = signals if embedder == "minilm" else load_embedder(embedder, threads=threads)
        # The crisis detector's multilingual head reads e5 vectors: one e5 engine serves both
        # when retrieval uses e5 too.
        multilingual = MultilingualHead.if_installed(
            embedder=retrieval if retrieval.model_id == E5_MODEL_ID else None, threads=threads
        )
        if cache_size > 0:
            cache = EmbeddingCache(cache_size)
            same = retrieval is signals
            signals = CachedEmbedder(signals, cache)
            retrieval = signals if same else CachedEmbedder(retrieval, cache)
        return cls(
            embedder=retrieval,
            signals=signals,
            entities=EntityExtractor(),
            sentiment=SentimentAnalyzer(),
            tokens=TokenCounter(),
            crisis=CrisisDetector(signals, multilingual=multilingual),
            judgements=Judgements.load(signals.model_id),
            fields=TopicFields.load(retrieval.model_id),
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

    def gravity(self, text: str, signal_vector: np.ndarray) -> float:
        """The learned importance of what a turn tells, in [0, 1] (``signal_vector``: the
        signal model's vector of ``text``).

        One vector averages a whole turn, so grave news told between two trivia ("Got
        milk. They found a lump. Raining again.") is diluted; for turns of two to
        ``GRAVITY_SENTENCES`` sentences the sentences are also judged (one batched embedding
        call) and the gravest counts.
        """
        whole = float(self.judgements.gravity([text], signal_vector[None, :])[0])
        sentences = [s for s in _SENTENCE.split(text.strip()) if len(s.split()) >= 3]
        if not 2 <= len(sentences) <= GRAVITY_SENTENCES:
            return whole
        parts = self.judgements.gravity(sentences, self.signals.embed(sentences))
        return max(whole, float(parts.max()))

    def processing(self, text: str, signal_vector: np.ndarray) -> float:
        """How far a turn shows a matter worked through or come through, in [0, 1]."""
        return float(self.judgements.processing([text], signal_vector[None, :])[0])

    def openness(self, text: str, signal_vector: np.ndarray) -> float:
        """How open a request is: 1 about the user's life as a whole, 0 about one thing."""
        return float(self.judgements.openness([text], signal_vector[None, :])[0])
