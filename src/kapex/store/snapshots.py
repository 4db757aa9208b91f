"""Each user's packed view (``user_snapshots``): read in one query, replaced when newer.

A snapshot is derived data. What keeps it safe to use is checked by the reader
(``services/user_views.py``): the user's incarnation and the embedding model must match,
and the change record must reach back to its revision. What keeps it from outliving the
user is checked here: it is written in a transaction that first locks the user's row and
finds the same incarnation at a revision at least the snapshot's, and erasure deletes it with
the user's other rows (``USER_TABLES``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.exc import IntegrityError

from kapex.store.graph_links import owner_of
from kapex.store.schema import user_snapshots, users


@dataclass(frozen=True)
class Snapshot:
    incarnation: str | None
    revision: int
    model_id: str
    format: str
    blob: bytes


def read(conn: Connection, tenant_id: str, user_id: str) -> Snapshot | None:
    if conn.dialect.name == "postgresql":
        return _read_binary(conn, tenant_id, user_id)
    row = conn.execute(
        select(
            user_snapshots.c.incarnation,
            user_snapshots.c.revision,
            user_snapshots.c.model_id,
            user_snapshots.c.format,
            user_snapshots.c.blob,
        ).where(owner_of(user_snapshots, (tenant_id, user_id)))
    ).first()
    if row is None:
        return None
    return Snapshot(
        incarnation=row.incarnation,
        revision=int(row.revision),
        model_id=row.model_id,
        format=row.format,
        blob=bytes(row.blob),
    )


def _read_binary(conn: Connection, tenant_id: str, user_id: str) -> Snapshot | None:
    """``read`` on PostgreSQL, asking for the row in binary format: bytea in the default
    text format arrives hex-encoded, twice its size, and took 3.5 times as long to read."""
    driver = conn.connection.driver_connection
    assert driver is not None
    with driver.cursor(binary=True) as cursor:
        cursor.execute(
            "SELECT incarnation, revision, model_id, format, blob FROM user_snapshots"
            " WHERE tenant_id = %s AND user_id = %s",
            (tenant_id, user_id),
        )
        row = cursor.fetchone()
    if row is None:
        return None
    incarnation, revision, model_id, format_, blob = row
    return Snapshot(
        incarnation=incarnation,
        revision=int(revision),
        model_id=model_id,
        format=format_,
        blob=bytes(blob),
    )


def stored_revision(
    conn: Connection, tenant_id: str, user_id: str, *, format: str | None = None
) -> int | None:
    """The revision of the user's snapshot (if of ``format``, when given), without reading
    it."""
    where = [owner_of(user_snapshots, (tenant_id, user_id))]
    if format is not None:
        where.append(user_snapshots.c.format == format)
    value = conn.execute(select(user_snapshots.c.revision).where(*where)).scalar()
    return None if value is None else int(value)


def write(conn: Connection, tenant_id: str, user_id: str, snapshot: Snapshot) -> bool:
    """Store ``snapshot`` in place of the user's stored one; False (nothing written) when the
    user is gone or was created again, or a snapshot as new of the same incarnation, model
    and format is already stored. Run in a transaction."""
    owner = (tenant_id, user_id)
    user = conn.execute(
        select(users.c.revision, users.c.incarnation)
        .where(owner_of(users, owner))
        # FOR KEY SHARE on PostgreSQL: erasure (a DELETE) waits for this transaction, while
        # writes to the user (which update its revision) go on during a large write.
        .with_for_update(read=True, key_share=True)
    ).first()
    if (
        user is None
        or user.incarnation != snapshot.incarnation
        or int(user.revision) < snapshot.revision
    ):
        return False
    held = conn.execute(
        select(user_snapshots.c.revision).where(
            owner_of(user_snapshots, owner),
            user_snapshots.c.incarnation.is_not_distinct_from(snapshot.incarnation),
            user_snapshots.c.model_id == snapshot.model_id,
            user_snapshots.c.format == snapshot.format,
        )
    ).scalar()
    if held is not None and held >= snapshot.revision:
        return False
    conn.execute(delete(user_snapshots).where(owner_of(user_snapshots, owner)))
    try:
        with conn.begin_nested():
            conn.execute(
                insert(user_snapshots).values(
                    tenant_id=tenant_id,
                    user_id=user_id,
                    incarnation=snapshot.incarnation,
                    revision=snapshot.revision,
                    model_id=snapshot.model_id,
                    format=snapshot.format,
                    blob=snapshot.blob,
                )
            )
    except IntegrityError:
        return False  # another worker stored one at the same moment: either will do
    return True
