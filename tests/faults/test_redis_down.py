"""Redis, the shared rate-limit store, goes away: KAPEX keeps serving (fail open).

The documented behaviour (docs/operations.md): while Redis is unreachable each worker counts
on its own in-process counters, so limits still apply but per worker; every response stays
in the JSON shape; ``/health`` answers 200 with ``status: degraded`` and
``rate_limit_store: down``; a warning is logged; and the shared counters are used again as
soon as Redis answers. The test runs its own redis-server and stops it, never the shared one.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.conftest import Api

pytestmark = pytest.mark.slow

PRIVATE_REDIS_PORT = 8125


class PrivateRedis:
    def __init__(self, port: int, folder: Path) -> None:
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self._folder = folder
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        server = shutil.which("redis-server")
        if server is None:
            pytest.skip("redis-server is not installed")
        self._process = subprocess.Popen(
            [
                server,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self._folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.RedisError:
                time.sleep(0.05)
        raise AssertionError("private redis-server did not start")

    def kill(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=10)
            self._process = None


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(PRIVATE_REDIS_PORT, tmp_path)
    server.start()
    yield server
    server.kill()


def test_without_redis_requests_are_served_with_per_worker_limits_and_a_warning(
    make_api,
    private_redis: PrivateRedis,
    caplog: pytest.LogCaptureFixture,  # type: ignore[no-untyped-def]
) -> None:
    api: Api = make_api(redis_url=private_redis.url, rate_limit_store_retry_seconds=1)
    _, headers = api.tenant()
    assert api.client.get("/api/v1/health").json()["rate_limit_store"] == "ok"
    assert api.client.get("/api/v1/account", headers=headers).status_code == 200

    private_redis.kill()
    with caplog.at_level(logging.WARNING, logger="kapex.ratelimit"):
        health = api.client.get("/api/v1/health")
        served = api.client.get("/api/v1/account", headers=headers)
        ingest = api.client.post(
            "/api/v1/ingest", headers=headers, json={"user_id": "u", "content": "Still here."}
        )
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["rate_limit_store"] == "down"
    assert health.json()["storage"] == "ok"
    assert served.status_code == 200 and ingest.status_code == 201, ingest.text
    assert "X-RateLimit-Remaining" in served.headers
    assert any("rate-limit store" in r.getMessage() for r in caplog.records)

    # Limits still hold, counted by this worker alone.
    codes = [api.client.get("/api/v1/account", headers=headers).status_code for _ in range(70)]
    assert 429 in codes
    assert codes.count(200) <= 60

    private_redis.start()
    time.sleep(1.2)  # the shared store is tried again after rate_limit_store_retry_seconds
    assert api.client.get("/api/v1/health").json()["rate_limit_store"] == "ok"
    # Back on the (fresh) shared counters.
    back = api.client.get("/api/v1/account", headers=headers)
    assert back.status_code == 200
    assert redis.Redis(port=PRIVATE_REDIS_PORT).dbsize() > 0


def test_an_unreachable_redis_at_start_up_does_not_stop_the_service(make_api) -> None:  # type: ignore[no-untyped-def]
    api: Api = make_api(redis_url=f"redis://127.0.0.1:{PRIVATE_REDIS_PORT}/0")
    signup = api.client.post(
        "/api/v1/trial/signup",
        json={"company_name": "No Redis", "email": "nr@example.com", "name": "N"},
    )
    assert signup.status_code == 201
    health = api.client.get("/api/v1/health")
    assert health.status_code == 200 and health.json()["rate_limit_store"] == "down"
