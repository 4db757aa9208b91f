"""The per-user change record: what each revision of a user changed.

Every write to a user's graph bumps ``users.revision`` and, in the same transaction, appends
one row per memory it touched (``added``, ``updated``, ``deleted``) or one row saying the
whole view must be rebuilt (``pins`` changed, or ``rebuild`` after re-embedding). A worker
holding revision *r* reads the rows after *r* and applies them (``services/user_views.py``)
instead of reloading the user: work in proportion to what changed, not to the user's size.

Rows older than ``KEEP_REVISIONS`` behind the user's latest are trimmed every
``TRIM_EVERY`` revisions; a worker that far behind reloads the user whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select, update

from kapex.store.graph_links import owner_of
from kapex.store.schema import user_changes, users

#: How many revisions of history are kept per user: a worker further behind than this
#: reloads the user (a full load costs about as much as applying a few thousand changes).
KEEP_REVISIONS = 2_000
TRIM_EVERY = 200

ADDED, UPDATED, DELETED, PINS, REBUILD = "added", "updated", "deleted", "pins", "rebuild"
#: What an ``added`` or ``updated`` row becomes when its memory is deleted: it keeps its
#: revision (so the record stays complete) and loses the id.
ERASED = "erased"


@dataclass(frozen=True)
class Change:
    revision: int
    kind: str
    node_id: str | None
    seq: int | None = None  # a deleted memory's


def bump(conn: Connection, tenant_id: str, user_id: str, **values: object) -> int | None:
    """Raise the user's revision (and set ``values``); the new revision, None if no user."""
    revision = conn.execute(
        update(users)
        .where(owner_of(users, (tenant_id, user_id)))
        .values(revision=users.c.revision + 1, **values)
        .returning(users.c.revision)
    ).scalar()
    return None if revision is None else int(revision)


def record(
    conn: Connection,
    tenant_id: str,
    user_id: str,
    revision: int,
    changes: Iterable[tuple[str, str | None]],
    *,
    deleted_seqs: Iterable[int] = (),
) -> None:
    """Append what ``revision`` changed, as (kind, node id) pairs, and the memories it
    deleted by their ``seq``, in the write's transaction."""
    owner = {"tenant_id": tenant_id, "user_id": user_id, "revision": revision}
    rows = [{**owner, "kind": kind, "node_id": node_id, "seq": None} for kind, node_id in changes]
    rows += [{**owner, "kind": DELETED, "node_id": None, "seq": seq} for seq in deleted_seqs]
    if rows:
        conn.execute(insert(user_changes), rows)
    if revision % TRIM_EVERY == 0:
        conn.execute(
            delete(user_changes).where(
                owner_of(user_changes, (tenant_id, user_id)),
                user_changes.c.revision <= revision - KEEP_REVISIONS,
            )
        )


def erase(conn: Connection, tenant_id: str, user_id: str, node_ids: list[str]) -> None:
    """Take deleted memories' ids out of the record (erasure leaves no trace of them)."""
    conn.execute(
        update(user_changes)
        .where(owner_of(user_changes, (tenant_id, user_id)), user_changes.c.node_id.in_(node_ids))
        .values(kind=ERASED, node_id=None)
    )


def since(conn: Connection, tenant_id: str, user_id: str, revision: int) -> list[Change]:
    """Every recorded change after ``revision``, oldest first."""
    rows = conn.execute(
        select(
            user_changes.c.revision,
            user_changes.c.kind,
            user_changes.c.node_id,
            user_changes.c.seq,
        )
        .where(owner_of(user_changes, (tenant_id, user_id)), user_changes.c.revision > revision)
        .order_by(user_changes.c.revision, user_changes.c.change_id)
    ).all()
    return [Change(int(r.revision), r.kind, r.node_id, r.seq) for r in rows]
