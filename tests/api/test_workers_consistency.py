"""Two real server processes on one database: whichever process answers, a query sees every
write acknowledged before it, as each process catches its view up (``services/user_views.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
from prometheus_client.parser import text_string_to_metric_families

from tests.processes import KEY_SHAPE, Server, free_port, release_ports, serve_env

pytestmark = pytest.mark.slow

WORDS = ["amber", "birch", "cobalt", "dahlia", "ember", "fjord", "garnet", "heron", "indigo"]


@pytest.fixture(params=["sqlite", "postgres"])
def workers(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[list[str]]:
    shared: dict[str, str] = {}
    if request.param == "postgres":
        redis_at = request.getfixturevalue("redis_url")
        redis.Redis.from_url(redis_at).flushdb()
        shared = {
            "KAPEX_DATABASE_URL": request.getfixturevalue("postgres_url"),
            "KAPEX_REDIS_URL": redis_at,
        }
    servers: list[Server] = []
    urls: list[str] = []
    try:
        # One after the other: the first migrates the database (on SQLite nothing makes two
        # processes' migrations wait for each other, as PostgreSQL's advisory lock does).
        for index in range(2):
            port = free_port()
            env = serve_env(tmp_path / "var", **shared)  # one data dir: one SQLite database
            servers.append(Server(["--port", str(port)], env, tmp_path / f"serve{index}.log"))
            urls.append(f"http://127.0.0.1:{port}")
            servers[-1].wait_ready(f"{urls[-1]}/api/v1/health")
        yield urls
    finally:
        logs = [server.stop() for server in servers]
        release_ports()
    assert not any(KEY_SHAPE.search(log) for log in logs)


def _caught_up(url: str) -> float:
    text = httpx.get(f"{url}/metrics", timeout=10).text
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "kapex_index_cache_total" and sample.labels == {"result": "catch_up"}
    )


def test_every_acknowledged_write_is_seen_by_the_other_process(workers: list[str]) -> None:
    clients = [httpx.Client(base_url=f"{url}/api/v1", timeout=60) for url in workers]
    signup = clients[0].post(
        "/trial/signup",
        json={"company_name": "Two", "email": "two@example.com", "name": "T"},
    )
    assert signup.status_code == 201, signup.text
    headers = {"X-API-Key": signup.json()["api_key"]}

    def ask(client: httpx.Client, text: str) -> str:
        response = client.post(
            "/query", headers=headers, json={"user_id": "u", "current_input": text}
        )
        assert response.status_code == 200, response.text
        return str(response.json()["context"])

    stored = []
    for turn, word in enumerate(WORDS):
        writer, reader = clients[turn % 2], clients[(turn + 1) % 2]
        response = writer.post(
            "/ingest",
            headers=headers,
            json={"user_id": "u", "content": f"The password for locker {turn} is {word}."},
        )
        assert response.status_code == 201, response.text
        stored.append(response.json()["node_id"])
        # Right after the acknowledgement, the other process answers with it.
        assert word in ask(reader, f"What is the password for locker {turn}?")
    gone = clients[0].delete(f"/users/u/nodes/{stored[2]}", headers=headers)
    assert gone.status_code == 200
    assert WORDS[2] not in ask(clients[1], "What is the password for locker 2?")
    assert all(_caught_up(url) > 0 for url in workers)  # by catching up, not reloading
    for client in clients:
        client.close()
