"""Loading a user's view (index + node facts) through the cache, revision-checked."""

from __future__ import annotations

from typing import Any

import numpy as np

from kapex import metrics
from kapex.clock import as_utc
from kapex.engine.retrieval import UserIndex
from kapex.services.index_cache import IndexCache, NodeView, UserView
from kapex.store.memory import MemoryStore


def vector_from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)


def node_view(row: Any) -> NodeView:
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
        vector=vector_from_bytes(row.embedding),
    )


def index_text(content: str, view: NodeView) -> str:
    """What lexical search sees of a node: its whole stored text plus its entity names."""
    return " ".join([content, *view.entities])


class UserViews:
    def __init__(self, *, store: MemoryStore, cache: IndexCache, dim: int) -> None:
        self._store = store
        self._cache = cache
        self._dim = dim

    def current(self, tenant_id: str, user_id: str) -> UserView | None:
        """The user's up-to-date view, or None when the user does not exist."""
        revision = self._store.revision(tenant_id, user_id)
        if revision is None:
            self._cache.forget_user(tenant_id, user_id)
            return None
        cached = self._cache.get(tenant_id, user_id)
        if cached is not None and cached.revision == revision:
            metrics.INDEX_CACHE.labels("hit").inc()
            return cached
        metrics.INDEX_CACHE.labels("miss").inc()
        with metrics.timed(metrics.STAGE_SECONDS, "view", "load"):
            return self._load(tenant_id, user_id, revision)

    def _load(self, tenant_id: str, user_id: str, revision: int) -> UserView:
        view = UserView(revision=revision, index=UserIndex(dim=self._dim))
        for row in self._store.load_nodes(tenant_id, user_id):
            node = node_view(row)
            view.add(node, text=index_text(row.content, node))
        view.pins = self._store.list_pins(tenant_id, user_id)
        view.pin_vectors = _pin_matrix(view, self._dim)
        self._cache.put(tenant_id, user_id, view)
        return view

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
