"""The vectors of recently embedded single texts, so a repeated text skips the model.

Apps send the same text again and again: the same opening question, a retry, a query made
with the turn just ingested (``/process`` ingests and then queries one message). A query's
embedding was about 40% of its CPU time, and the vector of a text never changes for a model.

Only one-text calls are remembered: the query and a chat turn's ingest are such calls, and a
text embedded alone can give a vector a few bits apart from the same text padded inside a
batch, so serving a batch row for a lone text could change a result that is otherwise
exact. The key is (model id, role, text): two models' vectors are never comparable
(``kapex.models.embedder``) and a model with roles embeds a query apart from a passage.

Bounded by entry count (``KAPEX_EMBEDDING_CACHE_SIZE``): a MiniLM row is 1.5 KB, so the
default 4,096 costs about 6 MB per worker plus the texts. Thread-safe: requests embed from
the thread pool.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from kapex import metrics
from kapex.models.embedder import Embedder, Role


class EmbeddingCache:
    """A least-recently-used map of (model id, role, text) to one vector."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._vectors: OrderedDict[tuple[str, str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._vectors)

    def get(self, key: tuple[str, str, str]) -> np.ndarray | None:
        with self._lock:
            vector = self._vectors.get(key)
            if vector is not None:
                self._vectors.move_to_end(key)
        return vector

    def put(self, key: tuple[str, str, str], vector: np.ndarray) -> None:
        with self._lock:
            self._vectors[key] = vector
            self._vectors.move_to_end(key)
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)


class CachedEmbedder:
    """``inner`` with its one-text calls answered from ``cache`` when it has seen the text."""

    def __init__(self, inner: Embedder, cache: EmbeddingCache) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self._cache = cache

    def embed(self, texts: Sequence[str], *, role: Role = "passage") -> np.ndarray:
        if len(texts) != 1:
            return self.inner.embed(texts, role=role)
        key = (self.model_id, role, texts[0])
        vector = self._cache.get(key)
        metrics.EMBEDDING_CACHE.labels("miss" if vector is None else "hit").inc()
        if vector is None:
            vector = self.inner.embed(texts, role=role)[0]
            vector.setflags(write=False)  # shared by every later caller of the same text
            self._cache.put(key, vector)
        # A fresh array per call: callers own what embed returns, as without the cache.
        return vector[None, :].copy()

    def reference_scale(self, cosine: float) -> float:
        return self.inner.reference_scale(cosine)
