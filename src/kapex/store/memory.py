"""The memory graph in storage: users, nodes, entities, edges, events, pins, idempotency.

Every method takes ``tenant_id`` and ``user_id`` and puts both in its WHERE clause, so no id a
caller sends can reach another tenant's rows. Each write to a user's graph bumps
``users.revision`` in the same transaction: workers holding an in-memory index of the user
compare revisions to know when to catch up, and the same transaction appends what changed to
the user's change record (``store/changes.py``, read by ``services/user_views.py``).
"""

from __future__ import annotations

import contextlib
import threading
import uuid
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
    update,
)

from kapex import metrics
from kapex.clock import as_utc
from kapex.errors import UserLimitReached
from kapex.store import changes, snapshots
from kapex.store.database import read_connection
from kapex.store.graph_links import ConceptLink, drop_orphans, link_node, owner_of
from kapex.store.schema import (
    USER_TABLES,
    concepts,
    edges,
    entities,
    fit,
    node_events,
    nodes,
    pins,
    users,
)


@dataclass(frozen=True)
class NewNode:
    node_id: str
    node_type: str
    topic: str
    topic_id: str
    summary: str
    content: str
    role: str
    session_id: str | None
    domain: str
    event_time: datetime
    base_score: float
    processing_count: int
    signals: dict[str, Any]
    entities: list[tuple[str, str]]  # (name, label)
    concepts: list[ConceptLink]
    safety: dict[str, Any]
    metadata: dict[str, Any]
    model_id: str
    embedding: bytes
    superseded_by: str | None = None
    passages: list[str] | None = None
    passage_vectors: bytes | None = None
    words: str | None = None  # the content's words, space-separated (``nodes.words``)


@dataclass(frozen=True)
class GraphUpdate:
    """Changes an ingest makes to nodes that already exist: processing and re-mention
    events, and the older memories the new one supersedes."""

    processed_node_ids: Sequence[str] = ()
    processing_step: int = 1  # how much each processed memory's count rises
    rementioned_node_ids: Sequence[str] = ()
    superseded_node_ids: Sequence[str] = ()


@dataclass(frozen=True)
class WriteResult:
    """What a write did. ``row`` is the stored node exactly as a read would return it, so
    the caller builds its cached view with the same constructor as a reload does."""

    revision: int
    evicted_node_ids: list[str]
    created_user: bool
    row: Any
    incarnation: str | None = None  # ``users.incarnation``


@dataclass(frozen=True)
class PinRecord:
    pin_id: str
    topic: str
    kind: str
    note: str | None
    model_id: str
    embedding: bytes
    created_at: datetime


#: What ``view_rows`` reads: every column but those only listings, exports and safety read.
VIEW_COLUMNS = [
    c
    for c in nodes.c
    if c.name not in {"tenant_id", "user_id", "domain", "updated_at", "last_accessed_at", "safety"}
]


class StoredRow(SimpleNamespace):
    """A node row as written: attribute access like a row read back from storage."""


class UnitOfWork:
    """One transaction that the store's writes in this context join, opened at first use.

    Opening lazily matters: a unit wraps a whole turn, model inference included, but holds
    the database (and, on SQLite, the single writer's lock) only from its first write to its
    commit. Anything else that must commit with those writes (an idempotency record) runs
    on ``connection()``.
    """

    def __init__(self, engine: Engine, lock: threading.Lock) -> None:
        self.engine = engine
        self._lock = lock
        self._conn: Connection | None = None

    def connection(self) -> Connection:
        """The unit's connection, inside its transaction (begun now if not yet)."""
        if self._conn is None:
            self._lock.acquire()
            try:
                self._conn = self.engine.connect()
                self._conn.begin()
            except BaseException:
                self._lock.release()
                raise
        return self._conn

    def end(self, *, commit: bool) -> None:
        """Commit or roll back what the unit wrote (nothing to do if it wrote nothing)."""
        if self._conn is None:
            return
        try:
            if commit:
                self._conn.commit()
            else:
                self._conn.rollback()
        finally:
            self._conn.close()
            self._conn = None
            self._lock.release()


#: Every request reads the user's version: the statement is built once (see ``_VERSION``'s use).
_VERSION = select(users.c.revision, users.c.incarnation).where(
    users.c.tenant_id == bindparam("tenant_id"), users.c.user_id == bindparam("user_id")
)

#: The write path's statements, built once: a turn runs six to eight, and building one (its
#: bind parameters and cache key) cost more CPU than executing it. Values come as execution
#: parameters; every statement keeps the tenant and user in its WHERE clause.
_BUMP = (
    update(users)
    .where(users.c.tenant_id == bindparam("w_tenant"), users.c.user_id == bindparam("w_user"))
    .values(
        revision=users.c.revision + 1,
        node_count=users.c.node_count + 1,
        last_active_at=bindparam("w_now"),
    )
    .returning(users.c.revision, users.c.node_count, users.c.incarnation)
)
_INSERT_NODE = insert(nodes)
_INSERT_EVENTS = insert(node_events)
_MINE = (
    nodes.c.tenant_id == bindparam("w_tenant"),
    nodes.c.user_id == bindparam("w_user"),
    nodes.c.node_id.in_(bindparam("w_ids", expanding=True)),
)
_SUPERSEDE = (
    update(nodes)
    .where(*_MINE)
    .values(superseded_by=bindparam("w_newer"), updated_at=bindparam("w_at"))
)
_PROCESS = (
    update(nodes)
    .where(*_MINE)
    .values(
        processing_count=nodes.c.processing_count + bindparam("w_step"),
        updated_at=bindparam("w_at"),
    )
)
_REMENTION = (
    update(nodes)
    .where(*_MINE)
    .values(
        remention_count=nodes.c.remention_count + 1,
        last_remention_at=bindparam("w_at"),
        updated_at=bindparam("w_at"),
    )
)

_current_unit: ContextVar[UnitOfWork | None] = ContextVar("kapex_unit_of_work", default=None)


def _lock_id(tenant_id: str) -> int:
    return zlib.crc32(tenant_id.encode())


def _owner(table: Any, tenant_id: str, user_id: str) -> Any:
    return owner_of(table, (tenant_id, user_id))


class MemoryStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._postgres = engine.dialect.name == "postgresql"
        # SQLite has one writer at a time anyway; this lock makes the user-limit check and the
        # insert one step for the threads of this process (the only writers SQLite serves).
        self._local_lock = threading.Lock()

    # --- users ---------------------------------------------------------------------------

    def count_users(self, tenant_id: str) -> int:
        with self._engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count()).select_from(users).where(users.c.tenant_id == tenant_id)
                ).scalar_one()
            )

    def version(self, tenant_id: str, user_id: str) -> tuple[int, str | None] | None:
        """The user's revision and incarnation (one primary-key lookup); None if no user."""
        with read_connection(self._engine) as conn:
            row = conn.execute(_VERSION, {"tenant_id": tenant_id, "user_id": user_id}).first()
        return None if row is None else (int(row.revision), row.incarnation)

    def revision(self, tenant_id: str, user_id: str) -> int | None:
        with self._engine.connect() as conn:
            value = conn.execute(
                select(users.c.revision).where(_owner(users, tenant_id, user_id))
            ).scalar()
        return None if value is None else int(value)

    @staticmethod
    def _users_matching(tenant_id: str, contains: str | None) -> list[Any]:
        where = [users.c.tenant_id == tenant_id]
        if contains:
            # Lower-cased on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does
            # not, and a search box must behave the same on both.
            where.append(func.lower(users.c.user_id).contains(contains.lower(), autoescape=True))
        return where

    def list_users(
        self, tenant_id: str, *, limit: int, after: str | None, contains: str | None = None
    ) -> list[dict[str, Any]]:
        """Users in id order after ``after``; ``contains`` keeps ids containing it (any case)."""
        query = select(users).where(*self._users_matching(tenant_id, contains))
        if after:
            query = query.where(users.c.user_id > after)
        with self._engine.connect() as conn:
            rows = conn.execute(query.order_by(users.c.user_id).limit(limit)).all()
        return [dict(r._mapping) for r in rows]

    def count_matching_users(self, tenant_id: str, *, contains: str | None) -> int:
        with self._engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count())
                    .select_from(users)
                    .where(*self._users_matching(tenant_id, contains))
                ).scalar_one()
            )

    def user_span(self, tenant_id: str, user_id: str) -> dict[str, Any]:
        """When the user's memories begin and end (their own clock) and how many pins they have."""
        with self._engine.connect() as conn:
            first, last = conn.execute(
                select(func.min(nodes.c.event_time), func.max(nodes.c.event_time)).where(
                    _owner(nodes, tenant_id, user_id)
                )
            ).one()
            pin_count = conn.execute(
                select(func.count()).select_from(pins).where(_owner(pins, tenant_id, user_id))
            ).scalar_one()
        return {"first_event_at": first, "last_event_at": last, "pin_count": int(pin_count)}

    def _ensure_user(
        self, conn: Connection, tenant_id: str, user_id: str, *, now: datetime, max_users: int
    ) -> bool:
        """Create the user if new (within the tier's limit); True when it was created."""
        if self._postgres:
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _lock_id(tenant_id)})
        exists = conn.execute(
            select(users.c.user_id).where(_owner(users, tenant_id, user_id))
        ).first()
        if exists:
            return False
        count = conn.execute(
            select(func.count()).select_from(users).where(users.c.tenant_id == tenant_id)
        ).scalar_one()
        if count >= max_users:
            raise UserLimitReached(
                f"This plan allows {max_users} users and all are in use. Delete a user "
                "(DELETE /users/{user_id}) or upgrade the plan."
            )
        conn.execute(
            insert(users).values(
                tenant_id=tenant_id,
                user_id=user_id,
                created_at=now,
                last_active_at=now,
                revision=0,
                node_count=0,
                incarnation=uuid.uuid4().hex,
            )
        )
        return True

    # --- writes --------------------------------------------------------------------------

    @contextlib.contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """A transaction that ``write_node`` calls made in this context join.

        Commits when the block ends normally and rolls back if it raises, so whatever the
        block writes on ``unit.connection()`` commits with the nodes or not at all.
        """
        unit = UnitOfWork(self._engine, self._local_lock)
        token = _current_unit.set(unit)
        try:
            yield unit
        except BaseException:
            _current_unit.reset(token)
            unit.end(commit=False)
            raise
        _current_unit.reset(token)
        unit.end(commit=True)

    def write_node(
        self,
        tenant_id: str,
        user_id: str,
        node: NewNode,
        *,
        change: GraphUpdate,
        now: datetime,
        max_users: int,
        max_nodes: int,
        evict_order: list[str] | None = None,
    ) -> WriteResult:
        """Store a node, its entities, edges and events, and the updates to older nodes.

        ``evict_order`` lists the user's unpinned node ids from lowest salience up (the caller
        evaluates salience); at the node cap the first ones are evicted in this transaction.
        Inside ``unit_of_work()`` the write joins the unit's transaction and commits with it;
        otherwise it is a transaction of its own.
        """
        with metrics.timed(metrics.STAGE_SECONDS, "ingest", "write"), self._writing() as conn:
            return self._write_node(
                conn,
                tenant_id,
                user_id,
                node,
                change=change,
                now=now,
                max_users=max_users,
                max_nodes=max_nodes,
                evict_order=evict_order,
            )

    @contextlib.contextmanager
    def _writing(self) -> Iterator[Connection]:
        """The connection a write uses: the open unit of work's, or a transaction of its own."""
        unit = _current_unit.get()
        if unit is not None and unit.engine is self._engine:
            yield unit.connection()
            return
        with self._local_lock, self._engine.begin() as conn:
            yield conn

    def _write_node(
        self,
        conn: Connection,
        tenant_id: str,
        user_id: str,
        node: NewNode,
        *,
        change: GraphUpdate,
        now: datetime,
        max_users: int,
        max_nodes: int,
        evict_order: list[str] | None,
    ) -> WriteResult:
        bump = {"w_tenant": tenant_id, "w_user": user_id, "w_now": now}
        # Existing users (the common case) need one statement; only a new user pays for
        # the user-limit check and its lock.
        row = conn.execute(_BUMP, bump).first()
        created = row is None
        if created:
            self._ensure_user(conn, tenant_id, user_id, now=now, max_users=max_users)
            row = conn.execute(_BUMP, bump).one()
        assert row is not None  # the user exists now
        revision, count, incarnation = row
        evicted: list[str] = []
        evicted_seqs: list[int] = []
        overflow = count - max_nodes
        if overflow > 0 and evict_order:
            evicted = list(evict_order[:overflow])
            evicted_seqs = self._delete_nodes(conn, tenant_id, user_id, evicted)
            conn.execute(
                update(users)
                .where(_owner(users, tenant_id, user_id))
                .values(node_count=users.c.node_count - len(evicted_seqs))
            )
        stored = self._insert_node(conn, tenant_id, user_id, node, seq=int(revision), now=now)
        self._apply_update(conn, tenant_id, user_id, change, node=node)
        updated = dict.fromkeys(
            [*change.processed_node_ids, *change.rementioned_node_ids, *change.superseded_node_ids]
        )
        changes.record(
            conn,
            tenant_id,
            user_id,
            int(revision),
            [(changes.ADDED, node.node_id), *((changes.UPDATED, i) for i in updated)],
            deleted_seqs=evicted_seqs,
        )
        return WriteResult(
            revision=int(revision),
            evicted_node_ids=evicted,
            created_user=created,
            row=stored,
            incarnation=incarnation,
        )

    def _insert_node(
        self,
        conn: Connection,
        tenant_id: str,
        user_id: str,
        node: NewNode,
        *,
        seq: int,
        now: datetime,
    ) -> Any:
        values = dict(
            node_id=node.node_id,
            tenant_id=tenant_id,
            user_id=user_id,
            node_type=node.node_type,
            seq=seq,
            topic=fit(nodes.c.topic, node.topic),
            topic_id=node.topic_id,
            summary=node.summary,
            content=node.content,
            role=node.role,
            session_id=node.session_id,
            domain=fit(nodes.c.domain, node.domain),
            event_time=node.event_time,
            created_at=now,
            updated_at=now,
            last_accessed_at=None,
            base_score=node.base_score,
            signals=node.signals,
            processing_count=node.processing_count,
            last_remention_at=None,
            remention_count=0,
            entities=[name for name, _ in node.entities],
            safety=node.safety,
            metadata=node.metadata,
            model_id=node.model_id,
            embedding=node.embedding,
            superseded_by=node.superseded_by,
            passages=node.passages,
            passage_vectors=node.passage_vectors,
            words=node.words,
        )
        conn.execute(_INSERT_NODE, values)
        link_node(
            conn,
            postgres=self._postgres,
            owner=(tenant_id, user_id),
            node_id=node.node_id,
            entity_labels=node.entities,
            concept_links=node.concepts,
            at=node.event_time,
            now=now,
        )
        return StoredRow(**values)

    def _apply_update(
        self, conn: Connection, tenant_id: str, user_id: str, change: GraphUpdate, *, node: NewNode
    ) -> None:
        at = node.event_time
        owner = {"w_tenant": tenant_id, "w_user": user_id, "w_at": at}
        if change.superseded_node_ids:
            conn.execute(
                _SUPERSEDE,
                {**owner, "w_ids": list(change.superseded_node_ids), "w_newer": node.node_id},
            )
        if change.processed_node_ids:
            conn.execute(
                _PROCESS,
                {
                    **owner,
                    "w_ids": list(change.processed_node_ids),
                    "w_step": change.processing_step,
                },
            )
        if change.rementioned_node_ids:
            conn.execute(_REMENTION, {**owner, "w_ids": list(change.rementioned_node_ids)})
        events = [
            {"tenant_id": tenant_id, "user_id": user_id, "node_id": node_id, "kind": kind, "at": at}
            for kind, ids, times in (
                ("processed", change.processed_node_ids, change.processing_step),
                ("remention", change.rementioned_node_ids, 1),
            )
            for node_id in ids
            # One row per unit of count, so replaying the events reaches the stored count.
            for _ in range(times)
        ]
        if events:
            conn.execute(_INSERT_EVENTS, events)

    def _delete_nodes(
        self, conn: Connection, tenant_id: str, user_id: str, node_ids: Iterable[str]
    ) -> list[int]:
        """Delete memories with their edges and events, then whatever they alone linked to,
        and take their ids out of the change record. Returns the deleted memories' ``seq``
        (what the change record names them by)."""
        ids = list(node_ids)
        if not ids:
            return []
        mine_nodes = (_owner(nodes, tenant_id, user_id), nodes.c.node_id.in_(ids))
        seqs = [int(s) for s in conn.execute(select(nodes.c.seq).where(*mine_nodes)).scalars()]
        mine = _owner(edges, tenant_id, user_id)
        linked = conn.execute(select(edges.c.dst_id).where(mine, edges.c.src_id.in_(ids))).all()
        # One statement per column: each uses its owner-first index, where an OR across both
        # columns made SQLite scan every edge of the user.
        conn.execute(delete(edges).where(mine, edges.c.src_id.in_(ids)))
        conn.execute(delete(edges).where(mine, edges.c.dst_id.in_(ids)))
        conn.execute(
            delete(node_events).where(
                _owner(node_events, tenant_id, user_id), node_events.c.node_id.in_(ids)
            )
        )
        conn.execute(delete(nodes).where(*mine_nodes))
        changes.erase(conn, tenant_id, user_id, ids)
        drop_orphans(conn, (tenant_id, user_id), {row.dst_id for row in linked})
        return seqs

    def delete_node(self, tenant_id: str, user_id: str, node_id: str) -> bool:
        with self._engine.begin() as conn:
            deleted = self._delete_nodes(conn, tenant_id, user_id, [node_id])
            if deleted:
                revision = changes.bump(
                    conn, tenant_id, user_id, node_count=users.c.node_count - len(deleted)
                )
                if revision is not None:
                    changes.record(conn, tenant_id, user_id, revision, [], deleted_seqs=deleted)
        return bool(deleted)

    def delete_user(self, tenant_id: str, user_id: str) -> int | None:
        """Erase every row about the user in one transaction; None if the user is unknown."""
        with self._engine.begin() as conn:
            count = conn.execute(
                select(users.c.node_count).where(_owner(users, tenant_id, user_id))
            ).scalar()
            if count is None:
                return None
            for table in USER_TABLES:
                conn.execute(delete(table).where(_owner(table, tenant_id, user_id)))
        return int(count)

    def delete_tenant_data(self, tenant_id: str) -> None:
        with self._engine.begin() as conn:
            for table in USER_TABLES:
                conn.execute(delete(table).where(table.c.tenant_id == tenant_id))

    # --- reads ---------------------------------------------------------------------------

    def load_nodes(self, tenant_id: str, user_id: str) -> list[Any]:
        """Every node of the user in write order (what the retrieval index is built from)."""
        with self._engine.connect() as conn:
            return list(
                conn.execute(
                    select(nodes).where(_owner(nodes, tenant_id, user_id)).order_by(nodes.c.seq)
                ).all()
            )

    def view_rows(
        self, tenant_id: str, user_id: str, node_ids: Iterable[str] | None = None
    ) -> list[Any]:
        """The user's nodes (or the given ones that exist) in write order, with just the
        columns a worker's view is built from: a load reads and decodes nothing else."""
        where = [_owner(nodes, tenant_id, user_id)]
        if node_ids is not None:
            ids = list(node_ids)
            if not ids:
                return []
            where.append(nodes.c.node_id.in_(ids))
        with self._engine.connect() as conn:
            return list(
                conn.execute(select(*VIEW_COLUMNS).where(*where).order_by(nodes.c.seq)).all()
            )

    def node_states(self, tenant_id: str, user_id: str, node_ids: list[str]) -> list[Any]:
        """What writes change on existing memories (processing, re-mentions, supersession),
        for the given ones that exist: all a view catching up needs of a memory it holds."""
        if not node_ids:
            return []
        columns = (
            nodes.c.node_id,
            nodes.c.processing_count,
            nodes.c.remention_count,
            nodes.c.last_remention_at,
            nodes.c.superseded_by,
        )
        with self._engine.connect() as conn:
            return list(
                conn.execute(
                    select(*columns).where(
                        _owner(nodes, tenant_id, user_id), nodes.c.node_id.in_(node_ids)
                    )
                ).all()
            )

    def snapshot(self, tenant_id: str, user_id: str) -> snapshots.Snapshot | None:
        """The user's packed view, if one is stored (``store/snapshots.py``)."""
        with snapshots.connection(self._engine) as conn:
            return snapshots.read(conn, tenant_id, user_id)

    def snapshot_revision(
        self, tenant_id: str, user_id: str, *, format: str | None = None
    ) -> int | None:
        """The revision of the user's snapshot (of that ``format`` when given)."""
        with self._engine.connect() as conn:
            return snapshots.stored_revision(conn, tenant_id, user_id, format=format)

    def save_snapshot(self, tenant_id: str, user_id: str, snapshot: snapshots.Snapshot) -> bool:
        """Store ``snapshot`` unless the user is gone or a newer one is held (``write``)."""
        with snapshots.connection(self._engine) as conn, conn.begin():
            return snapshots.write(conn, tenant_id, user_id, snapshot)

    def changes_since(self, tenant_id: str, user_id: str, revision: int) -> list[changes.Change]:
        """What the user's revisions after ``revision`` changed (``store/changes.py``)."""
        with self._engine.connect() as conn:
            return changes.since(conn, tenant_id, user_id, revision)

    def node_listing(self, tenant_id: str, user_id: str) -> list[Any]:
        """Every node of the user in write order, without the columns only scoring and
        retrieval read (embedding, signals, entities): what listings and maps show."""
        skipped = {"embedding", "signals", "entities", "model_id", "tenant_id", "user_id"}
        columns = [c for c in nodes.c if c.name not in skipped]
        with self._engine.connect() as conn:
            return list(
                conn.execute(
                    select(*columns).where(_owner(nodes, tenant_id, user_id)).order_by(nodes.c.seq)
                ).all()
            )

    def get_node(self, tenant_id: str, user_id: str, node_id: str) -> Any | None:
        with self._engine.connect() as conn:
            return conn.execute(
                select(nodes).where(_owner(nodes, tenant_id, user_id), nodes.c.node_id == node_id)
            ).first()

    def node_events(self, tenant_id: str, user_id: str, node_id: str) -> list[Any]:
        with self._engine.connect() as conn:
            return list(
                conn.execute(
                    select(node_events)
                    .where(
                        _owner(node_events, tenant_id, user_id), node_events.c.node_id == node_id
                    )
                    .order_by(node_events.c.at, node_events.c.event_id)
                ).all()
            )

    def list_events(self, tenant_id: str, user_id: str) -> list[Any]:
        with self._engine.connect() as conn:
            return list(
                conn.execute(
                    select(node_events)
                    .where(_owner(node_events, tenant_id, user_id))
                    .order_by(node_events.c.at, node_events.c.event_id)
                ).all()
            )

    def list_entities(self, tenant_id: str, user_id: str) -> list[Any]:
        with self._engine.connect() as conn:
            return list(
                conn.execute(
                    select(entities)
                    .where(_owner(entities, tenant_id, user_id))
                    .order_by(entities.c.norm_name)
                ).all()
            )

    def list_concepts(self, tenant_id: str, user_id: str) -> list[Any]:
        with self._engine.connect() as conn:
            return list(
                conn.execute(
                    select(concepts)
                    .where(_owner(concepts, tenant_id, user_id))
                    .order_by(concepts.c.kind, concepts.c.key)
                ).all()
            )

    def list_edges(self, tenant_id: str, user_id: str) -> list[Any]:
        with self._engine.connect() as conn:
            return list(
                conn.execute(
                    select(edges)
                    .where(_owner(edges, tenant_id, user_id))
                    .order_by(edges.c.created_at)
                ).all()
            )

    def user_row(self, tenant_id: str, user_id: str) -> Any | None:
        with self._engine.connect() as conn:
            return conn.execute(select(users).where(_owner(users, tenant_id, user_id))).first()

    # --- pins ----------------------------------------------------------------------------

    def add_pin(
        self, tenant_id: str, user_id: str, pin: PinRecord, *, now: datetime, max_users: int
    ) -> None:
        with self._local_lock, self._engine.begin() as conn:
            self._ensure_user(conn, tenant_id, user_id, now=now, max_users=max_users)
            conn.execute(insert(pins).values(tenant_id=tenant_id, user_id=user_id, **pin.__dict__))
            self._pins_changed(conn, tenant_id, user_id)

    @staticmethod
    def _pins_changed(conn: Connection, tenant_id: str, user_id: str) -> None:
        revision = changes.bump(conn, tenant_id, user_id)
        if revision is not None:
            changes.record(conn, tenant_id, user_id, revision, [(changes.PINS, None)])

    def list_pins(self, tenant_id: str, user_id: str) -> list[PinRecord]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(pins)
                .where(_owner(pins, tenant_id, user_id))
                .order_by(pins.c.created_at, pins.c.pin_id)
            ).all()
        return [
            PinRecord(
                pin_id=r.pin_id,
                topic=r.topic,
                kind=r.kind,
                note=r.note,
                model_id=r.model_id,
                embedding=r.embedding,
                created_at=as_utc(r.created_at),
            )
            for r in rows
        ]

    def update_pin(self, tenant_id: str, user_id: str, pin: PinRecord) -> bool:
        """Replace the pin's topic, kind, note and embedding; False when it does not exist."""
        with self._engine.begin() as conn:
            result = conn.execute(
                update(pins)
                .where(_owner(pins, tenant_id, user_id), pins.c.pin_id == pin.pin_id)
                .values(
                    topic=pin.topic,
                    kind=pin.kind,
                    note=pin.note,
                    model_id=pin.model_id,
                    embedding=pin.embedding,
                )
            )
            if result.rowcount:
                self._pins_changed(conn, tenant_id, user_id)
        return result.rowcount > 0

    def delete_pin(self, tenant_id: str, user_id: str, pin_id: str) -> bool:
        with self._engine.begin() as conn:
            result = conn.execute(
                delete(pins).where(_owner(pins, tenant_id, user_id), pins.c.pin_id == pin_id)
            )
            if result.rowcount:
                self._pins_changed(conn, tenant_id, user_id)
        return result.rowcount > 0
