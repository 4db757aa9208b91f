"""Each worker's view of a user, kept consistent with storage.

The consistency rule lives here and only here (``UserViews``): every write to a user's graph
bumps ``users.revision`` in the same transaction. A request reads the current revision (one
indexed primary-key lookup) and uses its cached view only when the revisions match, else it
reloads the user. A worker applies its own write in place when the write produced the very
next revision; any other write (another worker's, in between) makes the view stale, and the
next read reloads it.

A node's cached form has one constructor, ``node_view``, used for a row read back from
storage and for the row a write returns, so a warm and a cold worker answer identically.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kapex import metrics
from kapex.clock import as_utc
from kapex.engine.retrieval import UserIndex
from kapex.engine.signals import is_statement
from kapex.engine.supersession import Claim
from kapex.services.index_cache import IndexCache, NodeView, UserView
from kapex.store.memory import GraphUpdate, MemoryStore, WriteResult


def vector_from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)


def node_view(row: Any) -> NodeView:
    """The cached form of a stored node row (the one constructor; see the module doc)."""
    signals = row.signals
    return NodeView(
        node_id=row.node_id,
        topic=row.topic,
        topic_id=row.topic_id,
        summary=row.summary,
        role=row.role,
        node_type=row.node_type,
        session_id=row.session_id,
        event_time=as_utc(row.event_time),
        created_at=as_utc(row.created_at),
        base_score=float(row.base_score),
        lcs=float(signals.get("lcs", 0.5)),
        processing_count=int(row.processing_count),
        last_remention_at=as_utc(row.last_remention_at) if row.last_remention_at else None,
        remention_count=int(row.remention_count),
        entities=list(row.entities),
        metadata=dict(row.metadata),
        vector=vector_from_bytes(row.embedding),
        superseded_by=row.superseded_by,
        claims=[
            Claim(family=family, subjects=frozenset(subjects), things=frozenset(things))
            for family, subjects, things in signals.get("claims", ())
        ],
        statement=bool(signals.get("statement", is_statement(row.content))),
    )


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
        view = self.empty()
        view.revision = revision
        for row in self._store.load_nodes(tenant_id, user_id):
            view.add(node_view(row), content=row.content)
        view.pins = self._store.list_pins(tenant_id, user_id)
        view.pin_vectors = _pin_matrix(view, self._dim)
        self._cache.put(tenant_id, user_id, view)
        return view

    def empty(self) -> UserView:
        """A view for a user about to be created by this request."""
        return UserView(revision=0, index=UserIndex(dim=self._dim))

    def forget(self, tenant_id: str, user_id: str) -> None:
        self._cache.forget_user(tenant_id, user_id)

    def applied(
        self,
        tenant_id: str,
        user_id: str,
        view: UserView,
        *,
        result: WriteResult,
        change: GraphUpdate,
    ) -> None:
        """Bring ``view`` up to the revision a write of this worker produced, in place, or
        mark it stale when another write came in between (the rule in the module doc)."""
        if result.revision != view.revision + 1:
            self._cache.forget_user(tenant_id, user_id)
            view.revision = -1
            return
        stored = result.row
        for node_id in result.evicted_node_ids:
            view.remove(node_id)
        for node_id in change.processed_node_ids:
            if node_id in view.nodes:
                view.nodes[node_id].processing_count += 1
                view.touched(node_id)
        for node_id in change.rementioned_node_ids:
            if node_id in view.nodes:
                view.nodes[node_id].remention_count += 1
                view.nodes[node_id].last_remention_at = as_utc(stored.event_time)
                view.touched(node_id)
        for node_id in change.superseded_node_ids:
            if node_id in view.nodes:
                view.nodes[node_id].superseded_by = stored.node_id
        view.add(node_view(stored), content=stored.content)
        view.revision = result.revision
        self._cache.put(tenant_id, user_id, view)


def _pin_matrix(view: UserView, dim: int) -> np.ndarray:
    if not view.pins:
        return np.zeros((0, dim), np.float32)
    return np.vstack([vector_from_bytes(p.embedding) for p in view.pins])
