"""kill -9 of the server in the middle of an ingest burst: nothing acknowledged is lost,
nothing is stored twice when clients retry with their Idempotency-Keys.

Runs on SQLite (where the node and its idempotency record used to be written in separate
transactions, so a retry after a crash stored the turn again) and on PostgreSQL + Redis.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.processes import KEY_SHAPE, Server, free_port, release_ports, serve_env

pytestmark = pytest.mark.slow

TURNS = 48
THREADS = 4
LEASE = "3"  # seconds a dead server's claims block a retry (KAPEX_IDEMPOTENCY_LEASE_SECONDS)


@pytest.fixture(params=["sqlite", "postgres"])
def stack(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    env = serve_env(tmp_path / "var", KAPEX_IDEMPOTENCY_LEASE_SECONDS=LEASE)
    if request.param == "postgres":
        import redis

        env["KAPEX_DATABASE_URL"] = request.getfixturevalue("postgres_url")
        env["KAPEX_REDIS_URL"] = request.getfixturevalue("redis_url")
        redis.Redis.from_url(env["KAPEX_REDIS_URL"]).flushdb()
    yield env
    release_ports()


def _turn(index: int) -> tuple[str, dict[str, Any]]:
    return f"burst-{index}", {
        "user_id": f"burst-user-{index % THREADS}",
        "content": f"Entry {index}: today I repaired bicycle number {index} in the workshop.",
    }


def _send(base: str, key: str, index: int, acknowledged: dict[int, dict[str, Any]]) -> None:
    idem, body = _turn(index)
    try:
        response = httpx.post(
            f"{base}/ingest",
            headers={"X-API-Key": key, "Idempotency-Key": idem},
            json=body,
            timeout=30,
        )
    except httpx.HTTPError:
        return  # the server died under this request: not acknowledged
    if response.status_code == 201:
        acknowledged[index] = response.json()


def test_no_acknowledged_write_is_lost_or_doubled_across_a_kill_9(
    stack: dict[str, str], tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}/api/v1"
    server = Server(["--port", str(port)], stack, tmp_path / "before.log")
    server.wait_ready(f"{base}/health")
    signup = httpx.post(
        f"{base}/trial/signup",
        json={"company_name": "Burst", "email": f"{uuid.uuid4().hex}@example.com", "name": "B"},
    ).json()
    key = signup["api_key"]
    subprocess.run(  # no rate limit in the way of the burst
        [sys.executable, "-m", "kapex.cli.main", "admin", "upgrade", signup["tenant_id"],
         "--tier", "enterprise", "--rpm", "100000", "--daily", "1000000"],
        env={**os.environ, **stack}, check=True, capture_output=True,
    )  # fmt: skip

    acknowledged: dict[int, dict[str, Any]] = {}

    def worker(offset: int) -> None:
        for index in range(offset, TURNS, THREADS):
            _send(base, key, index, acknowledged)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 120
    while len(acknowledged) < TURNS // 4 and time.monotonic() < deadline:
        time.sleep(0.02)
    server.kill_hard()  # mid-burst: some turns acknowledged, some in flight, some not sent
    for thread in threads:
        thread.join()
    before_log = server.stop()
    assert 0 < len(acknowledged) < TURNS, "the kill must land mid-burst"

    restarted = Server(["--port", str(port)], stack, tmp_path / "after.log")
    try:
        restarted.wait_ready(f"{base}/health")
        final: dict[int, dict[str, Any]] = {}
        for index in range(TURNS):  # every client retries every turn with its key
            idem, body = _turn(index)
            for _ in range(40):
                response = httpx.post(
                    f"{base}/ingest",
                    headers={"X-API-Key": key, "Idempotency-Key": idem},
                    json=body,
                    timeout=30,
                )
                if response.status_code != 409:  # 409: a dead server's claim, until its lease
                    break
                time.sleep(float(response.headers["Retry-After"]))
            assert response.status_code == 201, response.text
            final[index] = response.json()
        for index, first in acknowledged.items():
            assert final[index] == first, "an acknowledged turn must replay, not be redone"
        stored: list[dict[str, Any]] = []
        for user in range(THREADS):
            listing = httpx.get(
                f"{base}/users/burst-user-{user}/nodes?limit=500",
                headers={"X-API-Key": key},
                timeout=30,
            )
            stored += listing.json()["nodes"]
        node_ids = sorted(n["node_id"] for n in stored)
        assert len(node_ids) == TURNS, "each turn stored exactly once"
        assert node_ids == sorted(r["node_id"] for r in final.values())
    finally:
        after_log = restarted.stop()
    assert not KEY_SHAPE.search(before_log + after_log)
