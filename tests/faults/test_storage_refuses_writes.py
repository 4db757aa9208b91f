"""SQLite that cannot take writes — a read-only database file, a full disk: each write gets a
clear 503 saying so, reads keep working, nothing half-written is left behind, and writes
work again once the operator has fixed it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, text

from kapex.api.app import create_app
from kapex.services.container import Services
from kapex.services.models import LocalModels
from tests.conftest import make_settings

pytestmark = pytest.mark.slow


@pytest.fixture
def sqlite_app(tmp_path: Path, models: LocalModels) -> Iterator[tuple[TestClient, Services]]:
    backend = {"data_dir": tmp_path / "var", "database_url": None, "redis_url": None}
    services = Services.build(make_settings(backend), models=models)
    with TestClient(create_app(services)) as client:
        yield client, services
    services.close()


def _tenant(client: TestClient) -> dict[str, str]:
    signup = client.post(
        "/api/v1/trial/signup",
        json={"company_name": "Disk", "email": "disk@example.com", "name": "D"},
    )
    return {"X-API-Key": signup.json()["api_key"]}


def _ingest(client: TestClient, headers: dict[str, str], text_: str, key: str) -> Any:
    return client.post(
        "/api/v1/ingest",
        headers={**headers, "Idempotency-Key": key},
        json={"user_id": "u", "content": text_},
    )


def _consistent(services: Services) -> None:
    with services.engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        counted = conn.execute(text("SELECT node_count FROM users WHERE user_id = 'u'")).scalar()
        stored = conn.execute(text("SELECT count(*) FROM nodes WHERE user_id = 'u'")).scalar()
        dangling = conn.execute(
            text(
                "SELECT count(*) FROM edges WHERE src_id NOT IN (SELECT node_id FROM nodes) "
                "AND src_id NOT IN (SELECT concept_id FROM concepts)"
            )
        ).scalar()
        pending = conn.execute(
            text("SELECT count(*) FROM idempotency WHERE completed_at IS NULL")
        ).scalar()
    assert counted == stored and dangling == 0 and pending == 0


def test_a_read_only_database_file_gets_a_clear_503_and_reads_keep_working(
    sqlite_app: tuple[TestClient, Services], tmp_path: Path
) -> None:
    client, services = sqlite_app
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not available to make the file read-only")
    headers = _tenant(client)
    assert _ingest(client, headers, "I planted tomatoes in the garden.", "ro-1").status_code == 201
    database = tmp_path / "var" / "kapex.db"
    with services.engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    services.engine.dispose()
    made = subprocess.run(["chattr", "+i", str(database)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"this filesystem cannot make a file immutable: {made.stderr!r}")
    try:
        refused = _ingest(client, headers, "The tomatoes need more sun.", "ro-2")
        assert refused.status_code == 503, refused.text
        error = refused.json()["error"]
        assert error["code"] == "UNAVAILABLE"
        assert "read-only" in error["message"] and "nothing was stored" in error["message"]
        assert int(refused.headers["Retry-After"]) >= 1
        block = client.post(
            "/api/v1/query",
            headers=headers,
            json={"user_id": "u", "current_input": "What did I plant?"},
        )
        assert block.status_code == 200 and "tomatoes" in block.json()["context"]
    finally:
        subprocess.run(["chattr", "-i", str(database)], check=True)
        services.engine.dispose()
    _consistent(services)
    again = _ingest(client, headers, "The tomatoes need more sun.", "ro-2")
    assert again.status_code == 201, again.text
    _consistent(services)


def test_a_full_disk_gets_a_clear_503_leaves_nothing_half_written_and_recovers(
    sqlite_app: tuple[TestClient, Services],
) -> None:
    client, services = sqlite_app
    headers = _tenant(client)
    assert _ingest(client, headers, "My sister is getting married.", "full-0").status_code == 201
    with services.engine.connect() as conn:
        pages = conn.execute(text("PRAGMA page_count")).scalar_one()

    # SQLite reports a full disk and a database at its page limit with the same error
    # (SQLITE_FULL); the limit lets the test fill "the disk" without filling this machine's.
    def cap(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    event.listen(services.engine, "connect", cap)
    services.engine.dispose()
    long_text = "We booked the venue by the lake for the wedding in June. " * 400
    results = [
        _ingest(client, headers, f"{i}: {long_text}", f"full-{i}").status_code for i in range(1, 8)
    ]
    assert 503 in results, results
    full = _ingest(client, headers, f"99: {long_text}", "full-99")
    assert full.status_code == 503
    message = full.json()["error"]["message"]
    assert "full" in message and "nothing was stored" in message
    assert full.headers["Retry-After"]
    stored_before = {i for i, code in enumerate(results, start=1) if code == 201}

    event.remove(services.engine, "connect", cap)
    services.engine.dispose()
    _consistent(services)
    retried = _ingest(client, headers, f"99: {long_text}", "full-99")
    assert retried.status_code == 201, retried.text
    nodes = client.get("/api/v1/users/u/nodes?limit=500", headers=headers).json()["nodes"]
    assert len(nodes) == 1 + len(stored_before) + 1
    _consistent(services)
