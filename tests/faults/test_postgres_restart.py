"""PostgreSQL restarts under load: 503 UNAVAILABLE (JSON, Retry-After) while it is down, then
the same server process recovers on its own.

The test runs a private PostgreSQL cluster of its own (initdb in a temporary folder, as the
``postgres`` user, on a port of the test range), never the shared one.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.processes import Server, free_port, release_ports, serve_env

pytestmark = pytest.mark.slow

PRIVATE_PG_PORT = int(os.environ.get("KAPEX_TEST_PRIVATE_PG_PORT", "8126"))


def _binary(name: str) -> str | None:
    """A PostgreSQL server program: on PATH, or where Debian installs it."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _as_postgres(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    program = _binary(name)
    assert program is not None, name
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, program, *args], check=True, capture_output=True, text=True)


class PrivatePostgres:
    def __init__(self, port: int) -> None:
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix="kapex-pg-"))
        self.data = self.folder / "data"
        self.url = f"postgresql://postgres@127.0.0.1:{port}/kapex"

    def create(self) -> None:
        if None in (_binary("initdb"), _binary("pg_ctl"), _binary("createdb")):
            pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        _as_postgres("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        self.start()
        _as_postgres("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "kapex")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}"
        _as_postgres("pg_ctl", "-D", str(self.data), "-o", options, "-w", "-l",
                     str(self.folder / "server.log"), "start")  # fmt: skip

    def stop(self) -> None:
        _as_postgres("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, AssertionError):
            _as_postgres("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    cluster = PrivatePostgres(PRIVATE_PG_PORT)
    try:
        cluster.create()
        yield cluster
    finally:
        cluster.destroy()


def test_a_postgres_restart_gives_503s_then_recovers_without_a_kapex_restart(
    private_postgres: PrivatePostgres, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}/api/v1"
    env = serve_env(tmp_path / "var", KAPEX_DATABASE_URL=private_postgres.url)
    server = Server(["--port", str(port)], env, tmp_path / "serve.log")
    try:
        server.wait_ready(f"{base}/health")
        signup = httpx.post(
            f"{base}/trial/signup",
            json={"company_name": "PG", "email": f"{uuid.uuid4().hex}@example.com", "name": "P"},
        ).json()
        headers = {"X-API-Key": signup["api_key"]}
        seen: Counter[int] = Counter()
        bad: list[str] = []
        acknowledged: list[str] = []
        stop = threading.Event()

        def load() -> None:
            index = 0
            with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
                while not stop.is_set():
                    index += 1
                    try:
                        if index % 5 == 0:
                            response = client.post(
                                "/ingest",
                                headers={"Idempotency-Key": f"pg-{index}"},
                                json={"user_id": "pg-user", "content": f"Day {index} of rowing."},
                            )
                        else:
                            response = client.post(
                                "/query",
                                json={"user_id": "pg-user", "current_input": "How is rowing?"},
                            )
                    except httpx.HTTPError as error:  # a reset connection is a defect
                        bad.append(f"transport: {error!r}")
                        continue
                    seen[response.status_code] += 1
                    if response.status_code == 201:
                        acknowledged.append(response.json()["node_id"])
                    elif response.status_code == 503:
                        body = response.json()
                        if body["error"]["code"] != "UNAVAILABLE" or not response.headers.get(
                            "Retry-After"
                        ):
                            bad.append(f"503 without the contract: {body}")
                    elif response.status_code not in (200,):
                        bad.append(f"{response.status_code}: {response.text[:200]}")
                    time.sleep(0.05)

        runner = threading.Thread(target=load)
        runner.start()
        time.sleep(3)
        private_postgres.stop()
        time.sleep(4)
        down_health = httpx.get(f"{base}/health", timeout=30)
        private_postgres.start()
        recovered = False
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if httpx.get(f"{base}/health", timeout=30).status_code == 200:
                recovered = True
                break
            time.sleep(0.5)
        time.sleep(3)
        stop.set()
        runner.join()

        assert down_health.status_code == 503 and down_health.json()["storage"] == "down"
        assert recovered, "health must come back without restarting KAPEX"
        assert bad == []
        assert seen[503] > 0, "the outage must have been seen"
        assert seen[200] > 0 and seen[201] > 0
        after = httpx.post(
            f"{base}/query",
            headers=headers,
            json={"user_id": "pg-user", "current_input": "How is rowing?"},
            timeout=30,
        )
        assert after.status_code == 200
        nodes = httpx.get(
            f"{base}/users/pg-user/nodes?limit=500", headers=headers, timeout=30
        ).json()["nodes"]
        assert set(acknowledged) <= {n["node_id"] for n in nodes}, "no acknowledged write lost"
    finally:
        server.stop()
        release_ports()
