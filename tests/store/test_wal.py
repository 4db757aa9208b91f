"""SQLite's log is checkpointed by a background thread, never inside a serving commit."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import create_engine, text

from kapex.store import database
from kapex.store.wal import WalCheckpointer, background_checkpoints

ROW = b"x" * 3000  # about one page per row: 400 rows are well past SQLite's 1,000-page default


def _engine(tmp_path: Path):
    engine = database.connect(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)"))
    return engine


def _write(engine, rows: int, commits: int) -> None:
    for _ in range(commits):
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO t (body) VALUES (:b)"), [{"b": ROW}] * rows)


def test_commits_of_a_serving_process_leave_the_log_to_the_background(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    checkpointer = WalCheckpointer(engine, every=3600)  # the thread will not run in this test
    size_before = (tmp_path / "wal.db").stat().st_size
    _write(engine, rows=400, commits=5)  # 2,000 pages: the default would have checkpointed
    assert (tmp_path / "wal.db").stat().st_size == size_before
    assert (tmp_path / "wal.db-wal").stat().st_size > 2000 * 3000
    checkpointer.stop()
    engine.dispose()


def test_the_background_thread_copies_the_log_into_the_database(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    checkpointer = WalCheckpointer(engine, every=0.05)
    _write(engine, rows=400, commits=1)
    deadline = time.monotonic() + 10
    # The file grows page by page while a checkpoint runs: wait for all of it.
    while (tmp_path / "wal.db").stat().st_size <= 400 * 3000 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (tmp_path / "wal.db").stat().st_size > 400 * 3000
    checkpointer.stop()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 400
    engine.dispose()


def test_only_a_sqlite_file_gets_a_checkpointer(tmp_path: Path) -> None:
    postgres = create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/unused")
    memory = create_engine("sqlite://")
    assert background_checkpoints(postgres) is None
    assert background_checkpoints(memory) is None
    engine = _engine(tmp_path)
    checkpointer = background_checkpoints(engine)
    assert checkpointer is not None
    checkpointer.stop()
    engine.dispose()
