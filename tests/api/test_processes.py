"""Real server processes: the README quickstart, TLS, and limits shared by two workers.

These start ``kapex serve`` as a subprocess exactly as a user would and talk HTTP to it.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.processes import KEY_SHAPE, Server, free_port, release_ports, serve_env

pytestmark = pytest.mark.slow


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[list[Server]]:
    started: list[Server] = []
    yield started
    for server in started:
        logs = server.stop()
        assert not KEY_SHAPE.search(logs), "an API key reached the server log"
    release_ports()


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return serve_env(tmp_path / "var", **extra)


def test_the_readme_quickstart_gives_a_key_and_a_200(tmp_path: Path, servers: list[Server]) -> None:
    port = free_port()
    server = Server(["--port", str(port)], _env(tmp_path), tmp_path / "serve.log")
    servers.append(server)
    base = f"http://127.0.0.1:{port}/api/v1"
    server.wait_ready(f"{base}/health")
    signup = httpx.post(
        f"{base}/trial/signup",
        json={"company_name": "Acme Health", "email": "dev@acmehealth.com", "name": "Jordan Park"},
    )
    assert signup.status_code == 201
    key = signup.json()["api_key"]
    assert signup.json()["base_url"] == base
    query = httpx.post(
        f"{base}/query",
        headers={"X-API-Key": key},
        json={"user_id": "user_001", "current_input": "How is the project going?"},
    )
    assert query.status_code == 200
    leaked = httpx.get(f"{base}/account?api_key={key}", headers={"X-API-Key": key})
    assert leaked.status_code == 401
    assert (tmp_path / "var" / "kapex.db").exists()


def test_the_server_speaks_tls_itself(tmp_path: Path, servers: list[Server]) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    port = free_port()
    server = Server(
        ["--port", str(port), "--ssl-certfile", str(cert), "--ssl-keyfile", str(key)],
        _env(tmp_path, KAPEX_REQUIRE_HTTPS="always"),
        tmp_path / "tls.log",
    )
    servers.append(server)
    server.wait_ready(f"https://127.0.0.1:{port}/api/v1/health", verify=False)
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=3)


async def _storm(urls: list[str], key: str, total: int) -> list[int]:
    # No kept-alive connections: a connection the server closes for idling (uvicorn's
    # keep-alive timeout) while the storm waits for the pool would fail a request that was
    # never sent (httpx.ReadError), a client race that says nothing about the limit.
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=0)
    # Waiting for a pooled connection is not a failure: the test is about counts, not speed.
    async with httpx.AsyncClient(limits=limits, timeout=httpx.Timeout(60, pool=None)) as client:
        responses = await asyncio.gather(
            *(
                client.get(f"{urls[i % len(urls)]}/account", headers={"X-API-Key": key})
                for i in range(total)
            )
        )
    return [r.status_code for r in responses]


def test_two_server_processes_share_one_exact_limit(
    tmp_path: Path, servers: list[Server], postgres_url: str, redis_url: str
) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    env = _env(tmp_path, KAPEX_DATABASE_URL=postgres_url, KAPEX_REDIS_URL=redis_url)
    ports = [free_port(), free_port()]
    for index, port in enumerate(ports):
        servers.append(Server(["--port", str(port)], env, tmp_path / f"worker{index}.log"))
    urls = [f"http://127.0.0.1:{p}/api/v1" for p in ports]
    for server, url in zip(servers, urls, strict=True):
        server.wait_ready(f"{url}/health")
    signup = httpx.post(
        f"{urls[0]}/trial/signup",
        json={
            "company_name": "Two Workers",
            "email": f"{uuid.uuid4().hex}@example.com",
            "name": "T",
        },
    )
    key = signup.json()["api_key"]
    # The limit under test is the day window (60 a day, minute window out of the way), so a
    # storm slowed down by a busy machine cannot span two windows.
    subprocess.run(
        [sys.executable, "-m", "kapex.cli.main", "admin", "upgrade", signup.json()["tenant_id"],
         "--tier", "enterprise", "--rpm", "100000", "--daily", "60"],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )  # fmt: skip
    codes = asyncio.run(_storm(urls, key, 1000))
    assert codes.count(200) == 60
    assert codes.count(429) == 940
