"""Moving a tenant's stored vectors to the running embedder (``kapex admin reembed``).

After ``KAPEX_EMBEDDER`` changes, memories embedded by the old model are found by words only
(``services/user_views.py``). This re-embeds them with the running model, user by user;
each user's vectors change in one transaction that bumps its revision, so serving workers
reload that user and never compare vectors of two models. Running it again finds nothing
left to do; stopping it half-way leaves every user either migrated or untouched.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from kapex.models.embedder import Embedder
from kapex.services.message_vectors import embed_messages
from kapex.store.embeddings import EmbeddingStore, NewVectors, StaleVector

BATCH = 32


class Reembedder:
    def __init__(self, *, store: EmbeddingStore, embedder: Embedder) -> None:
        self._store = store
        self._embedder = embedder

    def pending(self, tenant_id: str) -> int:
        """Vectors of the tenant made by another model than the running one."""
        return self._store.count_stale(tenant_id, self._embedder.model_id)

    def run(self, tenant_id: str, *, progress: Callable[[int], object] = lambda _: None) -> int:
        """Re-embed every stale vector of the tenant; returns how many were replaced."""
        model_id = self._embedder.model_id
        done = 0
        for user_id in self._store.users_with_stale(tenant_id, model_id):
            stale = self._store.stale(tenant_id, user_id, model_id)
            replaced = []
            for start in range(0, len(stale), BATCH):
                chunk = stale[start : start + BATCH]
                replaced += self._embed(chunk)
                progress(len(chunk))
            self._store.replace(tenant_id, user_id, model_id, replaced)
            done += len(stale)
        return done

    def _embed(self, chunk: list[StaleVector]) -> list[tuple[StaleVector, NewVectors]]:
        """New vectors for a chunk: memories as messages (a long one cut into passages again
        from its stored passages), pin topics as one passage each, in one model call."""
        shown = [" ".join(item.passages) if item.passages else item.text for item in chunk]
        embedded = embed_messages(self._embedder, [item.text for item in chunk], shown=shown)
        out = []
        for item, vectors in zip(chunk, embedded, strict=True):
            blob = vectors.vector.astype(np.float32).tobytes()
            passages, passage_blob = vectors.stored() if item.kind == "node" else (None, None)
            out.append((item, NewVectors(blob, passages, passage_blob)))
        return out


__all__ = ["Reembedder"]
