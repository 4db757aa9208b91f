"""A view's per-memory facts (``NodeView``) and their column form in a snapshot.

A view restored from a snapshot keeps its memories' facts as the snapshot's columns
(``RestoredNodes``) and makes a ``NodeView`` only when a request reads that memory
(``engine/lazy_map.py``): a query reads a few hundred of 5,000, and creating them all (with
their datetimes and claims) was most of a cold load. A memory that changes is made first, so
the columns are never written and a snapshot of the view reuses them for every memory still
unmade (``columns``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from kapex.engine.salience import NodeState
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

    def state(self) -> NodeState:
        """What salience is evaluated from."""
        return NodeState(
            base_score=self.base_score,
            event_time=self.event_time,
            processing_count=self.processing_count,
            last_remention_at=self.last_remention_at,
            remention_count=self.remention_count,
        )

    @property
    def speaker(self) -> str | None:
        """Who said it in a multi-party conversation, when the caller says so in metadata."""
        value = self.metadata.get("speaker")
        return value if isinstance(value, str) and value.strip() else None


#: The node facts a snapshot stores as JSON lists, one value per memory, by field name.
LISTED = (
    "node_id",
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
    "seq",
    "base_score",
    "lcs",
    "processing_count",
    "remention_count",
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


def _claims(node: NodeView) -> list[list[Any]]:
    return [[c.family, sorted(c.subjects), sorted(c.things)] for c in node.claims]


def columns(nodes: Sequence[NodeView], *, dim: int) -> dict[str, Any]:
    """The facts of these nodes as a snapshot's columns (their vectors are the index's)."""
    passage_counts = [0 if n.passage_vectors is None else len(n.passage_vectors) for n in nodes]
    passage_vectors = [n.passage_vectors for n in nodes if n.passage_vectors is not None]
    listed: dict[str, Any] = {name: [getattr(n, name) for n in nodes] for name in LISTED}
    listed["entities"] = [list(e) for e in listed["entities"]]
    listed["metadata"] = [dict(m) for m in listed["metadata"]]
    listed["passages"] = [list(p) for p in listed["passages"]]
    return {
        **listed,
        "claims": [_claims(n) for n in nodes],
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
        self.listed = {name: node[name] for name in (*LISTED, "claims")}
        self.ids: list[str] = node["node_id"]
        # Copies: a view into the snapshot's bytes would keep the whole blob alive.
        self.times = {name: np.array(node[name]) for name in TIMES}
        self._vector_of = vector_of
        self.passage_counts = np.array(node["passage_counts"])
        self.passage_ends = [0, *np.cumsum(self.passage_counts).tolist()]
        self.passage_vectors = np.array(node["passage_vectors"]).reshape(-1, dim)

    def node(self, k: int) -> NodeView:
        listed = self.listed
        times = [_time(int(self.times[name][k])) for name in TIMES]
        event_time, created_at = times[0], times[1]
        assert event_time is not None and created_at is not None
        a, z = self.passage_ends[k], self.passage_ends[k + 1]
        claims = listed["claims"][k]
        return NodeView(
            node_id=listed["node_id"][k],
            topic=listed["topic"][k],
            topic_id=listed["topic_id"][k],
            summary=listed["summary"][k],
            role=listed["role"][k],
            node_type=listed["node_type"][k],
            session_id=listed["session_id"][k],
            event_time=event_time,
            created_at=created_at,
            base_score=listed["base_score"][k],
            lcs=listed["lcs"][k],
            processing_count=listed["processing_count"][k],
            last_remention_at=times[2],
            remention_count=listed["remention_count"][k],
            entities=list(listed["entities"][k]),
            metadata=dict(listed["metadata"][k]),
            vector=self._vector_of(listed["node_id"][k]),
            superseded_by=listed["superseded_by"][k],
            claims=[Claim(f, frozenset(s), frozenset(t)) for f, s, t in claims] if claims else [],
            statement=listed["statement"][k],
            passages=list(listed["passages"][k]),
            passage_vectors=self.passage_vectors[a:z] if z > a else None,
            seq=listed["seq"][k],
        )

    def columns(self, rows: list[int]) -> dict[str, Any]:
        """``columns`` of these rows' memories, read from the columns without making them."""
        slices = [
            np.arange(self.passage_ends[k], self.passage_ends[k + 1], dtype=np.int64)
            for k in rows
            if self.passage_counts[k]
        ]
        taken = np.concatenate(slices) if slices else np.zeros(0, np.int64)
        return {
            **{name: [values[k] for k in rows] for name, values in self.listed.items()},
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
