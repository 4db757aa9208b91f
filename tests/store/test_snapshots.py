"""Snapshot rows (``store/snapshots.py``): what is read is what was written, on both
backends; on PostgreSQL the blob is read as binary ``COPY`` output without a copy and stored
out of line without compression."""

from __future__ import annotations

import struct
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

import numpy as np
import pytest
from sqlalchemy import insert, text

from kapex.store import database, snapshots
from kapex.store.schema import users
from kapex.store.snapshots import Snapshot, copied_row
from tests.conftest import make_settings

NOW = datetime(2026, 12, 7, tzinfo=UTC)
SIGNATURE = b"PGCOPY\n\xff\r\n\x00"


def _copy_output(*fields: bytes | None, extension: bytes = b"") -> bytes:
    header = SIGNATURE + struct.pack(">II", 0, len(extension)) + extension
    row = struct.pack(">h", len(fields)) + b"".join(
        struct.pack(">i", -1) if f is None else struct.pack(">i", len(f)) + f for f in fields
    )
    return header + row + struct.pack(">h", -1)


def test_a_copied_row_is_read_whole_however_the_output_is_split() -> None:
    output = _copy_output(b"abc", None, b"x" * 1000, extension=b"ext!")
    for cuts in ([], [5], [19, 23], [30, 500, 1001], list(range(1, len(output)))):
        bounds = [0, *cuts, len(output)]
        messages = [memoryview(output[a:b]) for a, b in pairwise(bounds)]
        row = copied_row(messages)
        assert row is not None
        assert [None if f is None else bytes(f) for f in row] == [b"abc", None, b"x" * 1000]


def test_a_field_within_one_message_is_a_view_of_it() -> None:
    output = bytearray(_copy_output(b"blob" * 100))
    row = copied_row([memoryview(output)])
    assert row is not None and row[0] is not None
    output[30] ^= 0xFF  # the field sees the buffer's bytes: it was not copied
    assert bytes(row[0]) != b"blob" * 100


def test_copy_output_without_a_row_or_cut_short_or_of_another_kind() -> None:
    assert copied_row([memoryview(SIGNATURE + bytes(8) + struct.pack(">h", -1))]) is None
    with pytest.raises(ValueError):
        copied_row([memoryview(_copy_output(b"abcdef")[:-6])])
    with pytest.raises(ValueError):
        copied_row([memoryview(b"not copy output at all")])


def test_a_snapshot_reads_back_as_written(backend: dict[str, Any]) -> None:
    engine = database.connect(make_settings(backend).sqlalchemy_url)
    database.migrate(engine)
    blob = bytes(range(256)) * 4096 + b"\x00end"  # 1 MB, stored out of line
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM user_snapshots WHERE tenant_id = 't-snap'"))
        conn.execute(text("DELETE FROM users WHERE tenant_id = 't-snap'"))
        conn.execute(
            insert(users).values(
                tenant_id="t-snap",
                user_id="ü-1",
                created_at=NOW,
                last_active_at=NOW,
                revision=7,
                incarnation=None,
            )
        )
        # Written as parts, as a worker writes them (an array's bytes among them).
        parts = [blob[:1000], np.frombuffer(blob, np.uint8)[1000:].data]
        written = Snapshot(
            incarnation=None, revision=7, model_id="model-é", format="kxv4/float32", blob=parts
        )
        assert snapshots.write(conn, "t-snap", "ü-1", written)
    with engine.connect() as conn:
        read = snapshots.read(conn, "t-snap", "ü-1")
        assert snapshots.read(conn, "t-snap", "nobody") is None
        if engine.dialect.name == "postgresql":
            storage = conn.execute(
                text(
                    "SELECT attstorage FROM pg_attribute"
                    " WHERE attrelid = 'user_snapshots'::regclass AND attname = 'blob'"
                )
            ).scalar()
            assert storage == "e"  # EXTERNAL: out of line, never compressed
    engine.dispose()
    assert read is not None
    if backend["database_url"] is not None:
        assert isinstance(read.blob, memoryview)  # the driver's buffer, not a copy
    assert bytes(read.blob) == blob
    assert (read.incarnation, read.revision, read.model_id, read.format) == (
        None,
        7,
        "model-é",
        "kxv4/float32",
    )
