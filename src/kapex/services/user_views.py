"""Loading a user's view (index + node facts) through the cache, revision-checked.

Vectors are only ever compared with vectors of the same model. A node whose stored vector
was made by another model than the running embedder (``KAPEX_EMBEDDER`` changed, and
``kapex admin reembed`` not yet run) enters the index with a zero vector: words, names and
dates still find it, cosine never does. Pins are few, so a pin of another model is
re-embedded when the view loads (its meaning is what suppression matches on).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

import numpy as np

from kapex.clock import as_utc
from kapex.engine.retrieval import UserIndex
from kapex.models.embedder import Embedder
from kapex.services.index_cache import IndexCache, NodeView, UserView
from kapex.services.message_vectors import stored_passages
from kapex.store.memory import MemoryStore, PinRecord

log = logging.getLogger(__name__)


def vector_from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)


def node_view(row: Any, *, model_id: str | None = None, dim: int = 384) -> NodeView:
    """The node as the read path holds it; its vector is zeros (and its passages are left
    out) unless ``model_id`` (when given) made it."""
    foreign = model_id is not None and row.model_id != model_id
    passages, passage_vectors = stored_passages(
        None if foreign else row.passages, row.passage_vectors, dim=dim
    )
    return NodeView(
        node_id=row.node_id,
        topic=row.topic,
        theme=row.theme_id,
        summary=row.summary,
        role=row.role,
        node_type=row.node_type,
        session_id=row.session_id,
        event_time=as_utc(row.event_time),
        created_at=as_utc(row.created_at),
        base_score=float(row.base_score),
        lcs=float(row.signals.get("lcs", 0.5)),
        processing_count=int(row.processing_count),
        last_remention_at=as_utc(row.last_remention_at) if row.last_remention_at else None,
        remention_count=int(row.remention_count),
        entities=list(row.entities),
        metadata=dict(row.metadata),
        vector=np.zeros(dim, np.float32) if foreign else vector_from_bytes(row.embedding),
        passages=passages,
        passage_vectors=passage_vectors,
    )


def index_text(content: str, view: NodeView) -> str:
    """What lexical search sees of a node: its whole stored text plus its entity names."""
    return " ".join([content, *view.entities])


class UserViews:
    def __init__(self, *, store: MemoryStore, cache: IndexCache, embedder: Embedder) -> None:
        self._store = store
        self._cache = cache
        self._embedder = embedder
        self._dim = embedder.dim

    def current(self, tenant_id: str, user_id: str) -> UserView | None:
        """The user's up-to-date view, or None when the user does not exist."""
        revision = self._store.revision(tenant_id, user_id)
        if revision is None:
            self._cache.forget_user(tenant_id, user_id)
            return None
        cached = self._cache.get(tenant_id, user_id)
        if cached is not None and cached.revision == revision:
            return cached
        return self._load(tenant_id, user_id, revision)

    def _load(self, tenant_id: str, user_id: str, revision: int) -> UserView:
        view = UserView(revision=revision, index=UserIndex(dim=self._dim))
        model_id = self._embedder.model_id
        foreign = 0
        for row in self._store.load_nodes(tenant_id, user_id):
            node = node_view(row, model_id=model_id, dim=self._dim)
            foreign += row.model_id != model_id
            view.add(node, text=index_text(row.content, node))
        if foreign:
            log.warning(
                "%d memories of a user of tenant %s were embedded by another model than %s: "
                "they are found by words only until `kapex admin reembed %s` is run",
                foreign,
                tenant_id,
                model_id,
                tenant_id,
            )
        view.pins = [self._same_model(pin) for pin in self._store.list_pins(tenant_id, user_id)]
        view.pin_vectors = _pin_matrix(view, self._dim)
        self._cache.put(tenant_id, user_id, view)
        return view

    def _same_model(self, pin: PinRecord) -> PinRecord:
        if pin.model_id == self._embedder.model_id:
            return pin
        vector = self._embedder.embed([pin.topic])[0]
        return replace(
            pin, model_id=self._embedder.model_id, embedding=vector.astype(np.float32).tobytes()
        )

    def empty(self) -> UserView:
        """A view for a user about to be created by this request."""
        return UserView(revision=0, index=UserIndex(dim=self._dim))

    def forget(self, tenant_id: str, user_id: str) -> None:
        self._cache.forget_user(tenant_id, user_id)

    def remember(self, tenant_id: str, user_id: str, view: UserView) -> None:
        self._cache.put(tenant_id, user_id, view)


def _pin_matrix(view: UserView, dim: int) -> np.ndarray:
    if not view.pins:
        return np.zeros((0, dim), np.float32)
    return np.vstack([vector_from_bytes(p.embedding) for p in view.pins])
