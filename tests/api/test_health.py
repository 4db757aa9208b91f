"""``GET /health``: no key needed; 503 with ``status: degraded`` when storage is down."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from fastapi.testclient import TestClient

from kapex.api.app import create_app
from kapex.services.container import Services
from kapex.services.models import LocalModels
from tests.conftest import PG_ADMIN_URL, make_settings


@pytest.fixture
def own_database(postgres_url: str) -> Iterator[str]:
    """A database of this test's own, which the test takes down and brings back."""
    name = f"kapex_health_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _set_reachable(url: str, reachable: bool) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(reachable).lower()}')
        if not reachable:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )


def test_health_is_503_degraded_while_storage_is_down_and_recovers(
    own_database: str, models: LocalModels, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    backend = {"data_dir": tmp_path, "database_url": own_database, "redis_url": None}
    services = Services.build(make_settings(backend), models=models)
    client = TestClient(create_app(services))
    assert client.get("/api/v1/health").json()["status"] == "ok"

    _set_reachable(own_database, False)
    down = client.get("/api/v1/health")
    assert down.status_code == 503
    assert down.json()["status"] == "degraded" and down.json()["storage"] == "down"
    assert int(down.headers["Retry-After"]) >= 1
    refused = client.get("/api/v1/account", headers={"X-API-Key": "kpx_" + "a" * 43})
    assert refused.status_code == 503
    assert refused.json()["error"]["code"] == "UNAVAILABLE"
    assert int(refused.headers["Retry-After"]) >= 1

    _set_reachable(own_database, True)
    assert client.get("/api/v1/health").status_code == 200
    services.close()
