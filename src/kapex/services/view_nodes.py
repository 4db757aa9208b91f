"""A view's per-memory facts (``NodeView``) and their column form in a snapshot.

A view restored from a snapshot keeps its memories' facts as the snapshot's columns
(``RestoredNodes``) and makes a ``NodeView`` only when a request reads that memory
(``engine/lazy_map.py``): a query reads a few hundred of 5,000, and creating them all (with
their datetimes and claims) was most of a cold load. A memory that changes is made first, so
the columns are never written and a snapshot of the view reuses them for every memory still
unmade (``columns``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any

import numpy as np

from kapex.engine.salience import NodeState
from kapex.engine.sizes import offsets_bytes
from kapex.engine.supersession import Claim


@dataclass(frozen=True)
class NodeView:
    """What the read path needs of one node without going back to storage. Replaced when
    the memory changes (``UserView.changed``), never changed in place: a snapshot write's
    copy of the view shares the nodes (``UserView.detached``)."""

    node_id: str
    topic: str
    topic_id: str
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
    superseded_by: str | None
    claims: list[Claim]
    statement: bool  # False for the user's questions and requests
    #: A long message's passages and their vectors (``services/message_vectors.py``).
    passages: list[str] = field(default_factory=list)
    passage_vectors: np.ndarray | None = None
    #: The revision that created it (``nodes.seq``): how the change record names a deleted
    #: memory, whose id is erased (``store/changes.py``).
    seq: int = 0
    #: The matter it tells (``services/relations.thread_of``): an id shared by the memories
    #: that go back to one matter, made when the first of them was stored.
    thread: str = ""

    def state(self) -> NodeState:
        """What salience is evaluated from."""
        return NodeState(
            base_score=self.base_score,
            event_time=self.event_time,
            processing_count=self.processing_count,
            last_remention_at=self.last_remention_at,
            remention_count=self.remention_count,
        )

    @cached_property
    def record(self) -> bytes:
        """``RECORDED`` and the claims as the snapshot's JSON record (``columns``). Encoded
        once: the node never changes, and every snapshot write after the first packs mostly
        the same nodes (at 5,000 memories encoding them all was a third of a write's CPU,
        taken from the requests running beside it)."""
        facts = [getattr(self, name) for name in RECORDED]
        claims = [[c.family, sorted(c.subjects), sorted(c.things)] for c in self.claims]
        return json.dumps([*facts, claims], separators=(",", ":")).encode()

    @property
    def speaker(self) -> str | None:
        """Who said it in a multi-party conversation, when the caller says so in metadata."""
        value = self.metadata.get("speaker")
        return value if isinstance(value, str) and value.strip() else None


#: A node's facts that a snapshot stores as one JSON record per memory, decoded when the
#: memory is made: a cold load decodes only the ids (the header's JSON was a quarter of it).
RECORDED = (
    "topic",
    "topic_id",
    "summary",
    "role",
    "node_type",
    "session_id",
    "superseded_by",
    "entities",
    "metadata",
    "statement",
    "passages",
    "base_score",
    "lcs",
    "processing_count",
    "remention_count",
    "thread",
)
#: The times, stored as arrays of microseconds since the epoch.
TIMES = ("event_time", "created_at", "last_remention_at")
#: Stands for "no time" in those arrays.
NO_TIME = np.iinfo(np.int64).min
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _micros(times: Sequence[datetime | None]) -> np.ndarray:
    """Times as whole microseconds since the epoch (exact, unlike float seconds)."""
    return np.array(
        [NO_TIME if t is None else (t - _EPOCH) // _MICROSECOND for t in times], dtype=np.int64
    )


def _time(micros: int) -> datetime | None:
    return None if micros == NO_TIME else _EPOCH + micros * _MICROSECOND


def columns(nodes: Sequence[NodeView], *, dim: int) -> dict[str, Any]:
    """The facts of these nodes as a snapshot's columns (their vectors are the index's):
    ids as a list, ``RECORDED`` and claims as one JSON record per node in one byte array,
    the rest as arrays."""
    passage_counts = [0 if n.passage_vectors is None else len(n.passage_vectors) for n in nodes]
    passage_vectors = [n.passage_vectors for n in nodes if n.passage_vectors is not None]
    records = [n.record for n in nodes]
    return {
        "node_id": [n.node_id for n in nodes],
        "seq": np.array([n.seq for n in nodes], dtype=np.int64),
        "records": np.frombuffer(b"".join(records), dtype=np.uint8),
        "record_lengths": np.array([len(r) for r in records], dtype=np.int64),
        **{name: _micros([getattr(n, name) for n in nodes]) for name in TIMES},
        "passage_counts": np.array(passage_counts, dtype=np.int64),
        "passage_vectors": (
            np.vstack(passage_vectors).astype(np.float32)
            if passage_vectors
            else np.zeros((0, dim), np.float32)
        ),
    }


class RestoredNodes:
    """The node columns of a snapshot (``columns``): ``node(k)`` makes the k-th memory's
    ``NodeView``, its vector ``vector_of(node_id)`` (a copy of its row of the index, made
    then: a matrix of every node's vector was 8 MB and 5 ms per load). Never written."""

    def __init__(
        self, node: dict[str, Any], vector_of: Callable[[str], np.ndarray], *, dim: int
    ) -> None:
        self.dim = dim
        self.ids: list[str] = node["node_id"]
        # Copies: a view into the snapshot's bytes would keep the whole blob alive.
        self.seq = np.array(node["seq"])
        self.records = bytes(node["records"])
        self.record_ends = [0, *np.cumsum(node["record_lengths"]).tolist()]
        self.times = {name: np.array(node[name]) for name in TIMES}
        self._vector_of = vector_of
        self.passage_counts = np.array(node["passage_counts"])
        self.passage_ends = [0, *np.cumsum(self.passage_counts).tolist()]
        self.passage_vectors = np.array(node["passage_vectors"]).reshape(-1, dim)

    @property
    def nbytes(self) -> int:
        """What these columns keep (the ids are shared with the view's maps)."""
        arrays = (self.seq, self.passage_counts, self.passage_vectors, *self.times.values())
        offsets = offsets_bytes(len(self.record_ends) + len(self.passage_ends))
        return len(self.records) + sum(int(a.nbytes) for a in arrays) + offsets

    def _facts(self, k: int) -> list[Any]:
        facts: list[Any] = json.loads(self.records[self.record_ends[k] : self.record_ends[k + 1]])
        return facts

    def node(self, k: int) -> NodeView:
        *facts, claims = self._facts(k)
        recorded = dict(zip(RECORDED, facts, strict=True))
        times = [_time(int(self.times[name][k])) for name in TIMES]
        event_time, created_at = times[0], times[1]
        assert event_time is not None and created_at is not None
        a, z = self.passage_ends[k], self.passage_ends[k + 1]
        node_id = self.ids[k]
        return NodeView(
            node_id=node_id,
            event_time=event_time,
            created_at=created_at,
            last_remention_at=times[2],
            vector=self._vector_of(node_id),
            claims=[Claim(f, frozenset(s), frozenset(t)) for f, s, t in claims],
            passage_vectors=self.passage_vectors[a:z] if z > a else None,
            seq=int(self.seq[k]),
            **recorded,
        )

    def columns(self, rows: list[int]) -> dict[str, Any]:
        """``columns`` of these rows' memories, read from the columns without making them
        (their records are copied as bytes, not decoded)."""
        slices = [
            np.arange(self.passage_ends[k], self.passage_ends[k + 1], dtype=np.int64)
            for k in rows
            if self.passage_counts[k]
        ]
        taken = np.concatenate(slices) if slices else np.zeros(0, np.int64)
        ends = self.record_ends
        records = b"".join([self.records[ends[k] : ends[k + 1]] for k in rows])
        return {
            "node_id": [self.ids[k] for k in rows],
            "seq": self.seq[rows],
            "records": np.frombuffer(records, dtype=np.uint8),
            "record_lengths": np.array([ends[k + 1] - ends[k] for k in rows], dtype=np.int64),
            **{name: self.times[name][rows] for name in TIMES},
            "passage_counts": self.passage_counts[rows],
            "passage_vectors": self.passage_vectors[taken],
        }


def joined(first: dict[str, Any], then: dict[str, Any]) -> dict[str, Any]:
    """Two sets of ``columns``, one after the other."""
    out: dict[str, Any] = {}
    for name, values in first.items():
        more = then[name]
        if isinstance(values, np.ndarray):
            out[name] = np.concatenate([values, more.astype(values.dtype, copy=False)])
        else:
            out[name] = values + more
    return out
