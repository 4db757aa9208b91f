"""Shared fixtures: real databases, real Redis, the real app over ASGI.

Every API test runs twice: on embedded SQLite with in-process rate limits, and on PostgreSQL
with Redis rate limits. The PostgreSQL database is created for this test session and dropped
after it. Set KAPEX_TEST_REQUIRE_SERVICES=1 (CI does) to turn "service not reachable" into a
failure instead of a skip.
"""

from __future__ import annotations

import itertools
import logging
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
import redis
from fastapi.testclient import TestClient

from kapex.api.app import create_app
from kapex.clock import ManualClock
from kapex.services.container import Services
from kapex.services.models import LocalModels
from kapex.settings import Settings

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
# The test *clients* log every URL they request, including the deliberately misplaced keys of
# the URL tests; those lines are not the server's logs, so they stay out of the run's log.
for client_logger in ("httpx", "httpx2", "httpcore", "httpcore2"):
    logging.getLogger(client_logger).setLevel(logging.WARNING)

PG_ADMIN_URL = os.environ.get(
    "KAPEX_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("KAPEX_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REQUIRE = os.environ.get("KAPEX_TEST_REQUIRE_SERVICES") == "1"
# Runs sharing one PostgreSQL server create their databases under their own prefix.
DATABASE_PREFIX = os.environ.get("KAPEX_TEST_DATABASE_PREFIX", "kapex_test_")
START = datetime(2026, 6, 18, 12, 0, tzinfo=UTC)
_emails = itertools.count(1)


def _unavailable(what: str, error: Exception) -> None:
    message = f"{what} is not reachable ({error.__class__.__name__}: {error})"
    if REQUIRE:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def models() -> LocalModels:
    """The local models, loaded once for the whole run (they are read-only)."""
    # With the embedding cache a server has, so every test runs the path it serves.
    return LocalModels.load(threads=1, cache_size=Settings().embedding_cache_size)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    name = f"{DATABASE_PREFIX}{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        _unavailable("PostgreSQL", exc)
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture(scope="session")
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        _unavailable("Redis", exc)
    return REDIS_URL


@pytest.fixture(params=["sqlite", "postgres"], ids=["sqlite+local-limits", "postgres+redis"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, Any]:
    """Storage and counter settings for one of the two real stacks."""
    if request.param == "sqlite":
        return {"data_dir": tmp_path / "var", "database_url": None, "redis_url": None}
    url = request.getfixturevalue("postgres_url")
    redis_at = request.getfixturevalue("redis_url")
    redis.Redis.from_url(redis_at).flushdb()
    return {"data_dir": tmp_path / "var", "database_url": url, "redis_url": redis_at}


def make_settings(backend: dict[str, Any], **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "development",
        "secret_key": "test-secret-key-0123456789",
        "purge_interval_seconds": 0,
        "signup_limit_per_hour": 1000,
        "auth_failure_limit_per_minute": 1000,
        **backend,
        **overrides,
    }
    return Settings(**values)


@dataclass
class Api:
    """The real app over ASGI, its services and its clock."""

    client: TestClient
    services: Services
    clock: ManualClock

    def signup(self, company: str = "Acme Health", **fields: Any) -> dict[str, Any]:
        body = {
            "company_name": company,
            "email": f"dev{next(_emails)}-{uuid.uuid4().hex[:6]}@example.com",
            "name": "Jordan Park",
            **fields,
        }
        response = self.client.post("/api/v1/trial/signup", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    def tenant(self, company: str = "Acme Health") -> tuple[str, dict[str, str]]:
        """A fresh trial tenant: (tenant_id, headers carrying its key)."""
        data = self.signup(company)
        return data["tenant_id"], {"X-API-Key": data["api_key"]}


def ingest(
    api: Api, headers: dict[str, str], user: str, content: str, **extra: Any
) -> dict[str, Any]:
    response = api.client.post(
        "/api/v1/ingest", headers=headers, json={"user_id": user, "content": content, **extra}
    )
    assert response.status_code == 201, response.text
    return response.json()


def query(api: Api, headers: dict[str, str], user: str, text: str, **extra: Any) -> dict[str, Any]:
    response = api.client.post(
        "/api/v1/query", headers=headers, json={"user_id": user, "current_input": text, **extra}
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def make_api(backend: dict[str, Any], models: LocalModels) -> Iterator[Any]:
    built: list[Api] = []

    def factory(**overrides: Any) -> Api:
        services = Services.build(make_settings(backend, **overrides), models=models)
        clock = ManualClock(START)
        client = TestClient(create_app(services, clock=clock))
        client.__enter__()
        api = Api(client=client, services=services, clock=clock)
        built.append(api)
        return api

    yield factory
    for api in built:
        api.client.__exit__(None, None, None)
        api.services.close()


@pytest.fixture
def api(make_api: Any) -> Api:
    return make_api()  # type: ignore[no-any-return]


@pytest.fixture
def make_live(tmp_path: Path, models: LocalModels, request: pytest.FixtureRequest) -> Iterator[Any]:
    """Start the real app on a real socket (``tests/live.py``): SQLite with in-process limits,
    or ``shared=True`` for PostgreSQL with Redis limits."""
    from tests.live import LiveServer

    started: list[LiveServer] = []

    def factory(*, shared: bool = False, **overrides: Any) -> LiveServer:
        if shared:
            url = request.getfixturevalue("postgres_url")
            redis_at = request.getfixturevalue("redis_url")
            redis.Redis.from_url(redis_at).flushdb()
            where = {"data_dir": tmp_path / "var", "database_url": url, "redis_url": redis_at}
        else:
            where = {
                "data_dir": tmp_path / f"var{len(started)}",
                "database_url": None,
                "redis_url": None,
            }
        services = Services.build(make_settings(where, **overrides), models=models)
        server = LiveServer.start(services, ManualClock(START))
        started.append(server)
        return server

    yield factory
    for server in started:
        server.stop()
        server.services.close()


@pytest.fixture
def live(make_live: Any) -> Any:
    """The real app on SQLite, served by uvicorn on a real socket."""
    return make_live()
