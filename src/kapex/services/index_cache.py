"""Each worker's in-memory view of recently used users: retrieval index plus node facts.

Consistency across workers and hosts: every write to a user's graph bumps ``users.revision``
in the same transaction as the write. Before using a cached view, a request reads the current
revision (one indexed primary-key lookup) and reloads the user from storage when it differs.
A worker applies its own writes in place when they are the next revision, so the common path
never reloads. Deleting a user removes the row, so every worker drops its view on next use.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from kapex.engine.retrieval import UserIndex
from kapex.store.memory import PinRecord


@dataclass
class NodeView:
    """What the read path needs of one node without going back to storage."""

    node_id: str
    topic: str
    theme: str
    summary: str
    role: str
    node_type: str
    session_id: str | None
    event_time: datetime
    created_at: datetime
    base_score: float
    lcs: float
    processing_count: int
    last_remention_at: datetime | None
    remention_count: int
    entities: list[str]
    metadata: dict
    vector: np.ndarray

    @property
    def speaker(self) -> str | None:
        """Who said it in a multi-party conversation, when the caller says so in metadata."""
        value = self.metadata.get("speaker")
        return value if isinstance(value, str) and value.strip() else None


@dataclass
class UserView:
    """One user's memories as the read and write paths need them.

    Derived data (known entity names, the salience columns) is cached and rebuilt only
    after a change: a query at 5,000 nodes must not walk every node in Python.
    """

    revision: int
    index: UserIndex
    nodes: dict[str, NodeView] = field(default_factory=dict)
    pins: list[PinRecord] = field(default_factory=list)
    pin_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 384), np.float32))
    lock: threading.RLock = field(default_factory=threading.RLock)
    hidden: set[str] | None = None  # nodes a suppress pin hides (services/pins.py)
    _known: dict[str, str] = field(default_factory=dict)
    _theme_sizes: dict[str, int] = field(default_factory=dict)
    _columns: tuple[list[str], dict[str, np.ndarray]] | None = None

    def known_entities(self) -> dict[str, str]:
        """Entity spellings seen before, keyed case-insensitively (for the NER ruler)."""
        return self._known

    def theme_size(self, theme: str) -> int:
        """How many of the user's memories belong to a theme."""
        return self._theme_sizes.get(theme, 0)

    def add(self, node: NodeView, *, text: str) -> None:
        self.nodes[node.node_id] = node
        self._theme_sizes[node.theme] = self._theme_sizes.get(node.theme, 0) + 1
        for name in node.entities:
            self._known.setdefault(name.lower(), name)
        names = [e.lower() for e in node.entities]
        if node.speaker:
            names.append(node.speaker.lower())
        self.index.add(
            node.node_id,
            node.vector,
            text,
            entities=names,
            event_time=node.event_time.timestamp(),
            session_id=node.session_id,
            speaker=node.speaker,
        )
        self._columns = None

    def remove(self, node_id: str) -> None:
        node = self.nodes.pop(node_id, None)
        if node is not None:
            self._theme_sizes[node.theme] -= 1
            self.index.remove(node_id)
            self._columns = None

    def touched(self) -> None:
        """Call after changing a node's processing or re-mention state in place."""
        self._columns = None

    def arrays(self) -> tuple[list[str], dict[str, np.ndarray]]:
        """Node ids and the columns salience is computed from, in one consistent order."""
        if self._columns is None:
            self._columns = self._build_columns()
        return self._columns

    def _build_columns(self) -> tuple[list[str], dict[str, np.ndarray]]:
        ids = list(self.nodes)
        views = [self.nodes[i] for i in ids]
        nan = float("nan")
        columns = {
            "base_score": np.array([v.base_score for v in views], dtype=np.float64),
            "event_ts": np.array([v.event_time.timestamp() for v in views], dtype=np.float64),
            "processing_count": np.array([v.processing_count for v in views], dtype=np.float64),
            "last_remention_ts": np.array(
                [v.last_remention_at.timestamp() if v.last_remention_at else nan for v in views],
                dtype=np.float64,
            ),
            "remention_count": np.array([v.remention_count for v in views], dtype=np.float64),
        }
        return ids, columns


class IndexCache:
    """A bounded LRU of ``UserView`` keyed by (tenant, user)."""

    def __init__(self, *, capacity: int) -> None:
        self._capacity = capacity
        self._views: OrderedDict[tuple[str, str], UserView] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, tenant_id: str, user_id: str) -> UserView | None:
        with self._lock:
            view = self._views.get((tenant_id, user_id))
            if view is not None:
                self._views.move_to_end((tenant_id, user_id))
            return view

    def put(self, tenant_id: str, user_id: str, view: UserView) -> None:
        with self._lock:
            self._views[(tenant_id, user_id)] = view
            self._views.move_to_end((tenant_id, user_id))
            while len(self._views) > self._capacity:
                self._views.popitem(last=False)

    def forget_user(self, tenant_id: str, user_id: str) -> None:
        with self._lock:
            self._views.pop((tenant_id, user_id), None)

    def forget_tenant(self, tenant_id: str) -> None:
        with self._lock:
            for key in [k for k in self._views if k[0] == tenant_id]:
                del self._views[key]

    def holds(self, tenant_id: str, user_id: str) -> bool:
        with self._lock:
            return (tenant_id, user_id) in self._views
