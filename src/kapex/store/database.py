"""Connecting to the database and bringing its schema to the current migration.

One SQLAlchemy Core code path serves SQLite (default, embedded, under ``KAPEX_DATA_DIR``) and
PostgreSQL (``KAPEX_DATABASE_URL``, psycopg 3). Migrations run at start-up on both; on
PostgreSQL an advisory lock makes concurrently starting workers take turns.
"""

from __future__ import annotations

import select
from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text

MIGRATIONS = Path(__file__).parent / "migrations"
# An arbitrary constant shared by every KAPEX process: the key of the migration lock.
_MIGRATION_LOCK_ID = 7_311_004


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers proceed during a write; busy_timeout makes concurrent writers wait
    # instead of failing with "database is locked".
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def connect(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their folder created."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=20
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
    _ping_only_when_in_doubt(engine)
    return engine


def _ping_only_when_in_doubt(engine: Engine) -> None:
    """Make the pool's pre-ping a round trip only when the socket says something happened.

    An idle PostgreSQL connection receives nothing unsolicited while it lives: a server
    that stops or restarts (fast, smart or immediate shutdown, a killed backend) sends its
    FATAL message and/or closes the socket, which then polls readable or hung up. So a
    pooled connection whose socket is quiet, in good state and outside a transaction is
    handed out as is, and any sign at all (readable, error, hang-up, a bad status, anything
    unexpected) falls back to the dialect's real ping, which decides exactly as before
    (invalidating the pool when it fails). This saves a round trip on every checkout. What
    it cannot see: a backend told to stop that has not yet said so (the first statement
    then fails as it would have a moment after a successful ping; the disconnect
    invalidates the pool as before), and a peer gone without closing the socket (found by
    the first statement instead of by the ping, which would have waited for TCP to give up
    just the same).
    """
    real_ping = engine.dialect.do_ping

    def do_ping(dbapi_connection: Any) -> bool:
        if _quiet_and_idle(dbapi_connection):
            return True
        return real_ping(dbapi_connection)

    engine.dialect.do_ping = do_ping  # type: ignore[method-assign]


def _quiet_and_idle(dbapi_connection: Any) -> bool:
    try:
        pgconn = dbapi_connection.pgconn
        if dbapi_connection.closed or pgconn.status != 0 or pgconn.transaction_status != 0:
            return False  # not CONNECTION_OK or not PQTRANS_IDLE
        poller = select.poll()
        poller.register(pgconn.socket, select.POLLIN | select.POLLPRI)
        return not poller.poll(0)  # POLLERR, POLLHUP and POLLNVAL are always reported
    except Exception:  # anything unexpected: let the real ping decide
        return False


def read_connection(engine: Engine) -> Connection:
    """A connection for one read-only statement.

    On PostgreSQL it runs in autocommit: one statement is its own snapshot either way, and
    this saves the BEGIN and the ROLLBACK round trips around it (psycopg sends each
    separately). SQLite's driver opens no transaction for a read in the first place.
    """
    connection = engine.connect()
    if engine.dialect.name == "postgresql":
        connection.execution_options(isolation_level="AUTOCOMMIT")
    return connection


def migrate(engine: Engine) -> None:
    """Apply every pending migration (idempotent; safe to call from every worker)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID}
            )
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def ping(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # any failure to reach storage means "down" for /health
        return False


# SQLite's messages and PostgreSQL's SQLSTATEs for "the database will not take writes".
_FULL = ("database or disk is full", "no space left on device")
_READ_ONLY = ("attempt to write a readonly database", "read-only transaction", "readonly")
_PG_FULL, _PG_READ_ONLY = "53100", "25006"


def write_refusal(error: BaseException) -> Literal["full", "read_only"] | None:
    """Why the database refused a write, when the error says it is full or read-only."""
    original = getattr(error, "orig", None)
    code = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    message = str(original or error).lower()
    if code == _PG_FULL or any(marker in message for marker in _FULL):
        return "full"
    if code == _PG_READ_ONLY or any(marker in message for marker in _READ_ONLY):
        return "read_only"
    return None
