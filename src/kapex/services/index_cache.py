"""Each worker's in-memory view of recently used users: retrieval index plus node facts.

Consistency across workers and hosts: every write to a user's graph bumps ``users.revision``
in the same transaction as the write. Before using a cached view, a request reads the current
revision (one indexed primary-key lookup) and reloads the user from storage when it differs.
A worker applies its own writes in place when they are the next revision, so the common path
never reloads. Deleting a user removes the row, so every worker drops its view on next use.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from kapex.engine.lazy_map import LazyMap
from kapex.engine.lexical import content_words, tokenize, tokens_of
from kapex.engine.retrieval import UserIndex
from kapex.engine.topic_groups import TopicGroups, member_of
from kapex.services import view_nodes
from kapex.services.view_nodes import NodeView, RestoredNodes
from kapex.store.memory import PinRecord

__all__ = ["IndexCache", "NodeView", "SalienceColumns", "UserView"]

log = logging.getLogger(__name__)


class SalienceColumns:
    """The per-node values salience is computed from, as arrays kept in step with the view.

    Rows are added, updated and removed one at a time (removal moves the last row into the
    gap), so a query or an eviction at the node cap never rebuilds 5,000 rows in Python.
    """

    FIELDS = ("base_score", "event_ts", "processing_count", "last_remention_ts", "remention_count")

    def __init__(self) -> None:
        self.ids: list[str] = []
        self._row: dict[str, int] = {}
        self._data = np.zeros((len(self.FIELDS), 64), dtype=np.float64)

    def put(self, node: NodeView) -> None:
        row = self._row.get(node.node_id)
        if row is None:
            row = len(self.ids)
            if row == self._data.shape[1]:
                self._data = np.hstack([self._data, np.zeros_like(self._data)])
            self._row[node.node_id] = row
            self.ids.append(node.node_id)
        remention = node.last_remention_at.timestamp() if node.last_remention_at else np.nan
        self._data[:, row] = (
            node.base_score,
            node.event_time.timestamp(),
            node.processing_count,
            remention,
            node.remention_count,
        )

    def drop(self, node_id: str) -> None:
        row = self._row.pop(node_id, None)
        if row is None:
            return
        last = len(self.ids) - 1
        if row != last:
            moved = self.ids[last]
            self.ids[row] = moved
            self._row[moved] = row
            self._data[:, row] = self._data[:, last]
        self.ids.pop()

    def row(self, node_id: str) -> int:
        """The position of a node in ``ids`` and in every array."""
        return self._row[node_id]

    def arrays(self) -> dict[str, np.ndarray]:
        count = len(self.ids)
        return {name: self._data[i, :count] for i, name in enumerate(self.FIELDS)}

    @property
    def nbytes(self) -> int:
        return int(self._data.nbytes)

    def state(self) -> dict[str, Any]:
        return {"ids": list(self.ids), "data": self._data[:, : len(self.ids)].copy()}

    def detached(self) -> SalienceColumns:
        """A copy for ``state`` to read while these columns go on changing."""
        columns = SalienceColumns()
        columns.ids = list(self.ids)
        columns._data = self._data[:, : len(self.ids)].copy()
        return columns

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> SalienceColumns:
        columns = cls()
        columns.ids = list(state["ids"])
        columns._row = {node_id: row for row, node_id in enumerate(columns.ids)}
        data = np.asarray(state["data"], dtype=np.float64).reshape(len(cls.FIELDS), -1)
        capacity = 64  # as ``put`` grows it: 64 columns, doubled as needed
        while capacity < data.shape[1]:
            capacity *= 2
        columns._data = np.zeros((len(cls.FIELDS), capacity))
        columns._data[:, : data.shape[1]] = data
        return columns


#: What one memory's Python objects cost beyond its vectors and text (its NodeView, ids in
#: the index's lists and dicts, its topic membership, salience row), and what one distinct
#: term of its text costs (its BM25 posting and counter entry, its topic words). Measured
#: with tracemalloc on conversational turns (``tests/services/test_index_cache.py`` checks
#: the estimate stays within a factor of the measured size).
NODE_OVERHEAD_BYTES = 2_600
TERM_BYTES = 230
#: Per topic: its running vector sum and centroid (float64).
TOPIC_VECTOR_COPIES = 2


def _positions(ids: Sequence[str | None], at: Mapping[str, int]) -> np.ndarray:
    """Node ids as their positions in a snapshot's node list (-1 for an empty slot)."""
    return np.array([-1 if i is None else at[i] for i in ids], dtype=np.int32)


def _named(positions: np.ndarray, ids: list[str]) -> list[str | None]:
    return [None if k < 0 else ids[k] for k in positions.tolist()]


def _node_bytes(node: NodeView, content: str, terms: int) -> int:
    """The memory one node holds in a view, beyond the index's preallocated arrays."""
    passages = sum(len(p) for p in node.passages)
    return (
        NODE_OVERHEAD_BYTES
        + node.vector.nbytes  # the NodeView's own copy; the index matrix is counted apart
        + len(content)
        + len(node.summary)
        + len(node.topic)
        + passages
        + TERM_BYTES * terms
    )


@dataclass
class UserView:
    """One user's memories as the read and write paths need them.

    Derived data (known entity names, topics, the salience columns) is kept up to date as
    nodes come and go: a request at 5,000 nodes must not walk every node in Python.
    """

    revision: int
    index: UserIndex
    #: Which creation of the user this view is of (``users.incarnation``).
    incarnation: str | None = None
    #: Memories restored from a snapshot are made on first read (``services/view_nodes.py``).
    nodes: LazyMap[NodeView] = field(default_factory=LazyMap)
    pins: list[PinRecord] = field(default_factory=list)
    pin_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 384), np.float32))
    #: Per pin, the vectors of the things its topic lists, when it lists several (pins.py);
    #: embedded on first need, with the view.
    pin_facets: list[np.ndarray] | None = None
    #: Per pin, the classifiers of the topic fields it names (pins.py), set with pin_facets.
    pin_fields: list[np.ndarray] | None = None
    #: Per pin, its topic read with its note (pins.py), set with pin_facets.
    pin_notes: np.ndarray | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)
    hidden: set[str] | None = None  # nodes a suppress pin hides (services/pins.py)
    pin_people: dict[str, set[str]] | None = None  # names a pinned matter involves (pins.py)
    pin_topic_nodes: dict[str, set[str]] | None = None  # memories under a pin's topic (pins.py)
    topics: TopicGroups = field(default_factory=TopicGroups)
    _known: dict[str, str] = field(default_factory=dict)
    _stating: dict[str, set[str]] = field(default_factory=dict)
    _threads: dict[str, set[str]] = field(default_factory=dict)  # thread -> its memories
    _columns: SalienceColumns = field(default_factory=SalienceColumns)
    _by_seq: dict[int, str] = field(default_factory=dict)
    _held: dict[str, int] = field(default_factory=dict)  # node id -> _node_bytes
    _held_total: int = 0
    #: The revision of the newest stored snapshot of the user this worker knows of
    #: (``services/user_views.py`` writes a new one when the view is far enough past it).
    saved_revision: int = 0
    #: The node columns of the snapshot this view was restored from (None when built).
    _restored: RestoredNodes | None = None

    def size_bytes(self) -> int:
        """What this view holds in memory, measured from its arrays and estimated for its
        Python objects (``_node_bytes``): what the cache's byte budget is charged. A view
        restored from a snapshot is charged as if every memory were made (each is, once read)
        and, on top, the snapshot's columns it keeps for them (``engine/sizes.py``): made or
        not, a memory's row in them is kept."""
        topics = len(self.topics) * TOPIC_VECTOR_COPIES * self.index.dim * 8
        restored = 0
        if self._restored is not None:
            restored = self._restored.nbytes + self.nodes.rows_bytes
        return (
            self._held_total
            + self.index.array_bytes()
            + self._columns.nbytes
            + int(self.pin_vectors.nbytes)
            + sum(int(f.nbytes) for f in self.pin_facets or ())
            + sum(int(c.nbytes) for c in self.pin_fields or ())
            + (int(self.pin_notes.nbytes) if self.pin_notes is not None else 0)
            + topics
            + restored
            + self.topics.restored_bytes()
        )

    def known_entities(self) -> dict[str, str]:
        """Entity spellings seen before, keyed case-insensitively (for the NER ruler)."""
        return self._known

    def add(self, node: NodeView, *, content: str, words: Sequence[str] | None = None) -> None:
        """Hold a memory: its facts, its place in search and in its topic. ``content`` is
        the stored text (search also sees the entity names); ``words``, its
        ``content_words`` when already split (at ingest), saves splitting it again."""
        if words is None:
            words = content_words(content)
        self.nodes[node.node_id] = node
        self._by_seq[node.seq] = node.node_id
        self.topics.add(
            member_of(
                node.node_id,
                node.vector,
                content,
                entities=node.entities,
                speakers=self.index.speakers,
                split=words,
            ),
            node.topic_id,
        )
        for claim in node.claims:
            self._stating.setdefault(claim.family, set()).add(node.node_id)
        self._threads.setdefault(node.thread, set()).add(node.node_id)
        for name in node.entities:
            self._known.setdefault(name.lower(), name)
        # Tokenised once here: the index takes the tokens and the size estimate counts them.
        own = tokens_of(words)
        tokens = own + tokenize(" ".join(node.entities))
        self._hold(node, content, terms=len(set(tokens)))
        names = [e.lower() for e in node.entities]
        if node.speaker:
            names.append(node.speaker.lower())
        self.index.add(
            node.node_id,
            node.vector,
            tokens,
            entities=names,
            event_time=node.event_time.timestamp(),
            session_id=node.session_id,
            speaker=node.speaker,
            role=node.role,
            passages=node.passages,
            passage_vectors=node.passage_vectors,
            # The turn's own length, without the entity names the index text ends with.
            length=len(own),
        )
        self._columns.put(node)

    def _hold(self, node: NodeView, content: str, *, terms: int) -> None:
        size = _node_bytes(node, content, terms)
        self._held_total += size - self._held.get(node.node_id, 0)
        self._held[node.node_id] = size

    def remove(self, node_id: str) -> None:
        node = self.nodes.pop(node_id, None)
        if node is not None:
            for claim in node.claims:
                self._stating.get(claim.family, set()).discard(node_id)
            thread = node.thread
            held = self._threads.get(thread, set())
            held.discard(node_id)
            if not held:
                self._threads.pop(thread, None)
            self.topics.remove(node_id)
            self.index.remove(node_id)
            self._columns.drop(node_id)
            self._held_total -= self._held.pop(node_id, 0)
            self._by_seq.pop(node.seq, None)
            if self.hidden is not None:
                self.hidden.discard(node_id)

    def detached(self) -> UserView:
        """A copy of what ``state`` reads that later changes to this view do not reach,
        taken under ``lock`` in a few milliseconds: small arrays are copied, the vector
        matrix lent (``UserIndex.detached``; call ``index.returned()`` once the copy is
        read), and containers whose items are replaced rather than changed in place (nodes,
        term counts, name sets, restored columns, topic members) only shallowly. For
        ``state`` only."""
        return UserView(
            revision=self.revision,
            index=self.index.detached(),
            incarnation=self.incarnation,
            nodes=self.nodes.detached(),
            topics=self.topics.detached(),
            _known=dict(self._known),
            _stating={family: set(held) for family, held in self._stating.items()},
            _threads={thread: set(held) for thread, held in self._threads.items()},
            _columns=self._columns.detached(),
            _held=dict(self._held),
            _held_total=self._held_total,
            _restored=self._restored,
        )

    def state(self) -> dict[str, Any]:
        """Everything this view holds except its pins, as plain values and arrays, for a
        snapshot (``services/view_snapshot.py``); ``from_state`` restores an equal view.
        Node vectors are not repeated: they are the index's rows. Read it from a
        ``detached`` copy: it takes a full pass over the view."""
        made = list(self.nodes.made.values())
        rows = list(self.nodes.rows.values())
        node = view_nodes.columns(made, dim=self.index.dim)
        if rows:
            assert self._restored is not None
            node = view_nodes.joined(self._restored.columns(rows), node)
        ids: list[str] = node["node_id"]
        node["held"] = np.array([self._held.get(i, 0) for i in ids], dtype=np.int64)
        # Memories are named by their position in ``nodes`` everywhere but there: ids are
        # the longest strings of a snapshot, and decoding each five times cost more than
        # looking them up.
        at = {node_id: k for k, node_id in enumerate(ids)}
        index = self.index.state()
        index["ids"] = _positions(index["ids"], at)
        columns = self._columns.state()
        columns["ids"] = _positions(columns["ids"], at)
        topics = self.topics.state()
        topics["members"] = _positions(topics["members"], at)
        for topic in topics["topics"]:
            topic[1] = [at[i] for i in topic[1]]
        return {
            "revision": self.revision,
            "incarnation": self.incarnation,
            "node": node,
            "known": dict(self._known),
            "stating": {
                family: sorted(at[i] for i in held) for family, held in self._stating.items()
            },
            "threads": {
                thread: sorted(at[i] for i in held) for thread, held in self._threads.items()
            },
            "held_total": self._held_total,
            "topics": topics,
            "columns": columns,
            "index": index,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], *, vectors: str | None = None) -> UserView:
        """The view ``state`` describes (``state``); pins are the caller's to set. Its
        memories' ``NodeView`` objects and topic members are made when first read. Its
        vector matrix is held as ``vectors`` (``UserIndex.from_state``)."""
        node = state["node"]
        ids = node["node_id"]
        index = UserIndex.from_state(
            {**state["index"], "ids": _named(state["index"]["ids"], ids)}, vectors=vectors
        )

        def vector_of(node_id: str) -> np.ndarray:
            # One copy per memory, shared by its NodeView and its topic member, as a built
            # view shares it and is charged for: a copy each kept one vector per memory more
            # than charged (77 MB at 50,000 memories once all are made).
            made = nodes.made.get(node_id) or topics.members_made.get(node_id)
            if made is not None:
                return made.vector
            vector: np.ndarray = index.vectors_of([node_id])[0]
            return vector

        restored = RestoredNodes(node, vector_of, dim=index.dim)
        nodes = LazyMap(rows={node_id: k for k, node_id in enumerate(ids)}, make=restored.node)
        state_topics = state["topics"]
        topics = TopicGroups.from_state(
            {
                **state_topics,
                "members": _named(state_topics["members"], ids),
                "topics": [[t[0], [ids[k] for k in t[1]], *t[2:]] for t in state_topics["topics"]],
            },
            vector_of=vector_of,
        )
        return cls(
            revision=int(state["revision"]),
            index=index,
            incarnation=state["incarnation"],
            nodes=nodes,
            topics=topics,
            _known=dict(state["known"]),
            _stating={family: {ids[k] for k in held} for family, held in state["stating"].items()},
            _threads={thread: {ids[k] for k in held} for thread, held in state["threads"].items()},
            _columns=SalienceColumns.from_state(
                {**state["columns"], "ids": _named(state["columns"]["ids"], ids)}
            ),
            _by_seq=dict(zip(node["seq"].tolist(), ids, strict=True)),
            _held=dict(zip(ids, node["held"].tolist(), strict=True)),
            _held_total=int(state["held_total"]),
            _restored=restored,
        )

    def created_at_seq(self, seq: int) -> str | None:
        """The memory the user's revision ``seq`` created, if this view holds it."""
        return self._by_seq.get(seq)

    def stating(self, families: set[str]) -> list[NodeView]:
        """The memories that state an attribute of one of these families (supersession)."""
        ids = set().union(*(self._stating.get(f, set()) for f in families))
        return [self.nodes[i] for i in sorted(ids)]

    def thread_members(self, thread: str) -> set[str]:
        """The memories that tell one matter (``services/relations.thread_of``)."""
        return set(self._threads.get(thread, ()))

    def changed(self, node_id: str, **facts: Any) -> None:
        """Set what a write changes on a held memory (its processing and re-mention state,
        what supersedes it): the node is replaced, and its salience row with it."""
        node = self.nodes[node_id] = replace(self.nodes[node_id], **facts)
        self._columns.put(node)

    def arrays(self) -> tuple[list[str], dict[str, np.ndarray]]:
        """Node ids and the columns salience is computed from, in one consistent order."""
        return self._columns.ids, self._columns.arrays()

    def row_of(self, node_id: str) -> int:
        """A node's position in the order ``arrays`` uses."""
        return self._columns.row(node_id)


class IndexCache:
    """A least-recently-used set of ``UserView`` keyed by (tenant, user), bounded in bytes.

    Each view is charged its ``size_bytes()`` when it is put (after every load, catch-up or
    own write); users are evicted from the least recently used until the total fits. A view
    bigger than the whole budget is served to its request but not kept: the bound holds,
    and that user is rebuilt on each use (the log says to raise the budget).
    """

    def __init__(self, *, capacity_bytes: int) -> None:
        self._capacity = capacity_bytes
        self._views: OrderedDict[tuple[str, str], UserView] = OrderedDict()
        self._sizes: dict[tuple[str, str], int] = {}
        self._total = 0
        self._lock = threading.Lock()

    @property
    def held_bytes(self) -> int:
        """What the views held now were charged, together."""
        with self._lock:
            return self._total

    def get(self, tenant_id: str, user_id: str) -> UserView | None:
        with self._lock:
            view = self._views.get((tenant_id, user_id))
            if view is not None:
                self._views.move_to_end((tenant_id, user_id))
            return view

    def put(self, tenant_id: str, user_id: str, view: UserView) -> None:
        key = (tenant_id, user_id)
        size = view.size_bytes()
        with self._lock:
            self._drop(key)
            if size > self._capacity:
                log.warning(
                    "a user of tenant %s needs %.1f MB, more than the whole index cache "
                    "(KAPEX_INDEX_CACHE_MB): it is rebuilt on every use",
                    tenant_id,
                    size / 2**20,
                )
                return
            while self._views and self._total + size > self._capacity:
                self._drop(next(iter(self._views)))
            self._views[key] = view
            self._sizes[key] = size
            self._total += size

    def _drop(self, key: tuple[str, str]) -> None:
        if self._views.pop(key, None) is not None:
            self._total -= self._sizes.pop(key)

    def forget_user(self, tenant_id: str, user_id: str) -> None:
        with self._lock:
            self._drop((tenant_id, user_id))

    def forget_tenant(self, tenant_id: str) -> None:
        with self._lock:
            for key in [k for k in self._views if k[0] == tenant_id]:
                self._drop(key)

    def holds(self, tenant_id: str, user_id: str) -> bool:
        with self._lock:
            return (tenant_id, user_id) in self._views
