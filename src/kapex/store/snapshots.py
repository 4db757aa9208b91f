"""Each user's packed view (``user_snapshots``): read in one query, replaced when newer.

A snapshot is derived data. What keeps it safe to use is checked by the reader
(``services/user_views.py``): the user's incarnation and the embedding model must match,
and the change record must reach back to its revision. What keeps it from outliving the
user is checked here: it is written in a transaction that first locks the user's row and
finds the same incarnation at a revision at least the snapshot's, and erasure deletes it with
the user's other rows (``USER_TABLES``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from psycopg import sql as psql
from psycopg.errors import UniqueViolation
from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError

from kapex.store.graph_links import owner_of
from kapex.store.schema import user_snapshots, users


@dataclass(frozen=True)
class Snapshot:
    incarnation: str | None
    revision: int
    model_id: str
    format: str
    #: Read: the blob, on PostgreSQL a view of the driver's buffer (``_read_binary``).
    #: Written: the blob or its parts in order (``view_snapshot.parts``), which PostgreSQL
    #: receives one after the other (``_insert_binary``).
    blob: bytes | memoryview | list[bytes | memoryview]


@contextmanager
def connection(engine: Engine) -> Iterator[Connection]:
    """A connection for reading or writing a snapshot, closed after use on PostgreSQL
    instead of returned to the pool: libpq never shrinks a connection's buffers, which grow
    to the largest message it carried. Pooled, every connection that once carried a
    snapshot held a buffer its size for the worker's life (measured at 50,660 memories:
    128 MB for a read and 128 MB more for a write, on two of the pool's connections). A new
    connection costs ~8 ms, paid once per cold load or snapshot write, by the next request
    that finds no idle one in the pool."""
    with engine.connect() as conn:
        try:
            yield conn
        finally:
            if conn.dialect.name == "postgresql":
                conn.invalidate()


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
    """``read`` on PostgreSQL, as binary ``COPY`` output. Binary, because bytea in the
    default text format arrives hex-encoded, twice its size (3.5 times as long to read).
    ``COPY``, because a query's row is copied twice on the way (into the driver's result,
    then into a ``bytes``), while a ``COPY`` message is handed over as it arrived: the blob
    is a view of that one buffer (at 100 MB a quarter less time than the query)."""
    driver = conn.connection.driver_connection
    assert driver is not None
    statement = psql.SQL(
        "COPY (SELECT incarnation, revision, model_id, format, blob FROM user_snapshots"
        " WHERE tenant_id = {} AND user_id = {}) TO STDOUT (FORMAT binary)"
    ).format(psql.Literal(tenant_id), psql.Literal(user_id))
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        messages = [memoryview(message) for message in copy]
    row = copied_row(messages)
    if row is None:
        return None
    incarnation, revision, model_id, format_, blob = row
    assert revision is not None and model_id is not None and format_ is not None
    assert blob is not None
    return Snapshot(
        incarnation=None if incarnation is None else bytes(incarnation).decode(),
        revision=int.from_bytes(revision, "big", signed=True),
        model_id=bytes(model_id).decode(),
        format=bytes(format_).decode(),
        blob=blob,
    )


_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"


def copied_row(messages: list[memoryview]) -> list[memoryview | None] | None:
    """The first row of binary ``COPY`` output (its fields' bytes, None for NULL), or None
    when there is none. A field within one message is a view of it, not a copy (the server
    sends each row as one message, the header with the first)."""
    reader = _Reader(messages)
    if reader.take(len(_SIGNATURE)) != _SIGNATURE:
        raise ValueError("not binary COPY output")
    reader.take(4)  # flags
    reader.take(int.from_bytes(reader.take(4), "big"))  # header extension
    fields = int.from_bytes(reader.take(2), "big", signed=True)
    if fields < 0:
        return None  # the trailer: no row
    row: list[memoryview | None] = []
    for _ in range(fields):
        length = int.from_bytes(reader.take(4), "big", signed=True)
        row.append(None if length < 0 else reader.take(length))
    return row


class _Reader:
    """Bytes read in order from a list of messages."""

    def __init__(self, messages: list[memoryview]) -> None:
        self._messages = [m.cast("B") for m in messages if len(m)]
        self._at = 0  # offset in the first message

    def take(self, count: int) -> memoryview:
        if not self._messages:
            raise ValueError("binary COPY output ended early")
        first = self._messages[0]
        if self._at + count <= len(first):
            part = first[self._at : self._at + count]
            self._at += count
            if self._at == len(first):
                self._messages.pop(0)
                self._at = 0
            return part
        # Across messages: joined (only small fields are, as PostgreSQL sends rows).
        pieces = []
        while count:
            if not self._messages:
                raise ValueError("binary COPY output ended early")
            first = self._messages[0]
            piece = first[self._at : self._at + count]
            pieces.append(bytes(piece))
            count -= len(piece)
            self._at += len(piece)
            if self._at == len(first):
                self._messages.pop(0)
                self._at = 0
        return memoryview(b"".join(pieces))


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
    values = {
        "tenant_id": tenant_id,
        "user_id": user_id,
        "incarnation": snapshot.incarnation,
        "revision": snapshot.revision,
        "model_id": snapshot.model_id,
        "format": snapshot.format,
    }
    parts = snapshot.blob if isinstance(snapshot.blob, list) else [snapshot.blob]
    try:
        with conn.begin_nested():
            if conn.dialect.name == "postgresql":
                _insert_binary(conn, values, parts)
            else:
                # The values as execution parameters, not in the statement: SQLAlchemy
                # caches a statement's compiled form with the statement itself, whose values
                # would then keep the first blob written alive for the process's life.
                conn.execute(insert(user_snapshots), {**values, "blob": b"".join(parts)})
    except (IntegrityError, UniqueViolation):
        return False  # another worker stored one at the same moment: either will do
    return True


def _insert_binary(
    conn: Connection, values: dict[str, str | int | None], parts: list[bytes | memoryview]
) -> None:
    """Insert the row as binary ``COPY`` input, the blob's parts sent as they are: an
    ``INSERT`` needs the whole blob as one parameter, which the driver then copies into a
    buffer as big that the connection keeps (measured at 50,660 memories: the 103 MB blob
    and the 128 MB buffer; ``connection``)."""
    driver = conn.connection.driver_connection
    assert driver is not None
    columns = [*values, "blob"]
    statement = psql.SQL("COPY user_snapshots ({}) FROM STDIN (FORMAT binary)").format(
        psql.SQL(", ").join(psql.Identifier(c) for c in columns)
    )
    head = bytearray(_SIGNATURE + bytes(8) + len(columns).to_bytes(2, "big"))
    for value in values.values():
        if value is None:
            head += (-1).to_bytes(4, "big", signed=True)
        else:
            # Every column but the revision (int4) is text, sent as its UTF-8 bytes.
            field = (
                value.to_bytes(4, "big", signed=True) if isinstance(value, int) else value.encode()
            )
            head += len(field).to_bytes(4, "big") + field
    head += sum(len(memoryview(p).cast("B")) for p in parts).to_bytes(4, "big")
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        copy.write(head)
        for part in parts:
            copy.write(part)
        copy.write((-1).to_bytes(2, "big", signed=True))
