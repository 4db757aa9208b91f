"""The PostgreSQL pool: a pooled connection is pinged only when its socket shows a sign, a
connection whose server side ended is replaced on checkout, and the hot reads run without a
transaction around them."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, text

from kapex.settings import Settings
from kapex.store import database


@pytest.fixture
def engine(postgres_url: str) -> Any:
    engine = database.connect(Settings(database_url=postgres_url).sqlalchemy_url)
    yield engine
    engine.dispose()


def _count_real_pings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per checkout the dialect's real ping (a round trip) decides."""
    calls: list[int] = []
    quiet = database._quiet_and_idle

    def watching(dbapi_connection: Any) -> bool:
        answer = quiet(dbapi_connection)
        if not answer:
            calls.append(1)
        return answer

    monkeypatch.setattr(database, "_quiet_and_idle", watching)
    return calls


def test_a_quiet_pooled_connection_is_handed_out_without_a_round_trip(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    calls = _count_real_pings(monkeypatch)
    for _ in range(5):
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar() == 1
    assert calls == []


def test_a_connection_ended_by_the_server_is_replaced_on_checkout(
    engine: Engine, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with engine.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
    # What a restart does to every pooled connection: the server ends the backend (the
    # timeout makes the call wait until the backend has gone, its goodbye sent).
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s, 10000)", (pid,))
    calls = _count_real_pings(monkeypatch)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT pg_backend_pid()")).scalar() != pid
    assert calls, "the socket's sign must hand the decision to the real ping"


def test_the_hot_reads_open_no_transaction(engine: Engine) -> None:
    with database.read_connection(engine) as conn:
        conn.execute(text("SELECT 1"))
        assert conn.connection.dbapi_connection.info.transaction_status == 0  # IDLE
    with engine.connect() as conn:  # the pooled connection is back to transactions
        conn.execute(text("SELECT 1"))
        assert conn.connection.dbapi_connection.info.transaction_status != 0
