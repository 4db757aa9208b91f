"""Migrations create exactly the schema the code uses, on both backends."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kapex.store import database
from kapex.store.schema import metadata
from tests.conftest import make_settings


def test_migrated_database_matches_the_code_schema(backend: dict[str, Any]) -> None:
    engine = database.connect(make_settings(backend).sqlalchemy_url)
    database.migrate(engine)
    database.migrate(engine)  # idempotent: a second worker starting changes nothing
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert diff == []
