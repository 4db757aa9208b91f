"""Connecting to the database and bringing its schema to the current migration.

One SQLAlchemy Core code path serves SQLite (default, embedded, under ``KAPEX_DATA_DIR``) and
PostgreSQL (``KAPEX_DATABASE_URL``, psycopg 3). Migrations run at start-up on both; on
PostgreSQL an advisory lock makes concurrently starting workers take turns.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text

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
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


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
