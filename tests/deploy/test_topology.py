"""``deploy/compose.yaml``'s topology as real processes on loopback.

A TLS-terminating proxy (``tests/deploy/proxy.py``, standing in for nginx) in front of two
``kapex serve`` processes — the first with two workers — on one PostgreSQL and one Redis.
The API processes require HTTPS and trust only the proxy, exactly as in the compose file.
"""

from __future__ import annotations

import json
import ssl
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import redis
from prometheus_client.parser import text_string_to_metric_families

from tests.deploy.proxy import TlsProxy
from tests.processes import KEY_SHAPE, Server, free_port, make_cert, release_ports, serve_env

pytestmark = pytest.mark.slow

FORWARDED = {"X-Forwarded-Proto": "https"}  # what the proxy adds; believed from loopback


@dataclass
class Topology:
    proxy: TlsProxy
    apis: list[Server]
    api_urls: list[str]
    cert: str

    def client(self) -> httpx.Client:
        trust = ssl.create_default_context(cafile=self.cert)
        return httpx.Client(base_url=self.proxy.url + "/api/v1", verify=trust, timeout=60)


@pytest.fixture(scope="module")
def topology(
    tmp_path_factory: pytest.TempPathFactory, postgres_url: str, redis_url: str
) -> Iterator[Topology]:
    folder = tmp_path_factory.mktemp("topology")
    redis.Redis.from_url(redis_url).flushdb()
    cert, key = make_cert(folder)
    proxy_port = free_port()
    api_ports = [free_port(), free_port()]
    proxy_url = f"https://127.0.0.1:{proxy_port}"
    apis = []
    for index, (port, workers) in enumerate(zip(api_ports, ("2", "1"), strict=True)):
        env = serve_env(
            folder / f"var{index}",
            KAPEX_DATABASE_URL=postgres_url,
            KAPEX_REDIS_URL=redis_url,
            KAPEX_REQUIRE_HTTPS="always",
            KAPEX_TRUSTED_PROXIES='["127.0.0.1"]',
            KAPEX_PUBLIC_URL=proxy_url,
            KAPEX_LOG_FORMAT="json",
        )
        args = ["--port", str(port), "--workers", workers]
        apis.append(Server(args, env, folder / f"api{index}.log"))
    api_urls = [f"http://127.0.0.1:{port}" for port in api_ports]
    proxy = TlsProxy(api_urls, port=proxy_port, cert=cert, key=key)
    try:
        for server, url in zip(apis, api_urls, strict=True):
            server.wait_ready(f"{url}/api/v1/health", headers=FORWARDED)
        proxy.start()
        yield Topology(proxy=proxy, apis=apis, api_urls=api_urls, cert=cert)
    finally:
        proxy.stop()
        logs = [server.stop() for server in apis]
        release_ports()
    for log in logs:
        assert not KEY_SHAPE.search(log), "an API key reached a server log"


def _signup(client: httpx.Client) -> dict[str, str]:
    response = client.post(
        "/trial/signup",
        json={"company_name": "Topo", "email": f"{uuid.uuid4().hex}@example.com", "name": "T"},
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_the_api_answers_over_tls_through_the_proxy_from_both_processes(
    topology: Topology,
) -> None:
    with topology.client() as client:
        signup = _signup(client)
        assert signup["base_url"] == topology.proxy.url + "/api/v1"
        headers = {"X-API-Key": signup["api_key"]}
        turns = [
            "My daughter Ana starts school in Porto in September.",
            "I have been training for a half marathon.",
            "Work has been stressful since the reorganisation.",
            "We are thinking about adopting a rescue dog.",
        ]
        for index, text in enumerate(turns):
            response = client.post(
                "/ingest",
                headers={**headers, "Idempotency-Key": f"turn-{index}"},
                json={"user_id": "topo-user", "content": text},
            )
            assert response.status_code == 201, response.text
        # Round robin: consecutive queries land on different processes; every one of them
        # must see every write, whichever process stored it.
        for _ in range(4):
            block = client.post(
                "/query",
                headers=headers,
                json={"user_id": "topo-user", "current_input": "Where will Ana go to school?"},
            )
            assert block.status_code == 200
            assert "Porto" in block.json()["context"]
        nodes = client.get("/users/topo-user/nodes", headers=headers).json()["nodes"]
        assert len(nodes) == 4


def test_an_api_process_refuses_plaintext_from_anyone_but_the_proxy(topology: Topology) -> None:
    direct = httpx.get(f"{topology.api_urls[0]}/api/v1/health", timeout=10)
    assert direct.status_code == 403
    assert direct.json()["error"]["code"] == "FORBIDDEN"


def test_metrics_are_not_exposed_by_the_proxy_and_sum_both_workers(topology: Topology) -> None:
    with topology.client() as client:
        assert client.get(topology.proxy.url + "/metrics").status_code == 404
        key = _signup(client)["api_key"]
    api = topology.api_urls[0]  # the process with two workers
    sent = 30
    with httpx.Client(base_url=api, headers={**FORWARDED, "X-API-Key": key}) as direct:
        for _ in range(sent):
            assert direct.get("/api/v1/keys").status_code == 200
        for _ in range(4):  # whichever worker answers the scrape, it reports both
            text = direct.get("/metrics").text
            counted = sum(
                sample.value
                for family in text_string_to_metric_families(text)
                for sample in family.samples
                if sample.name == "kapex_http_requests_total"
                and sample.labels == {"method": "GET", "route": "/api/v1/keys", "status": "200"}
            )
            assert counted == sent


def test_access_logs_are_json_lines_with_the_route_template(topology: Topology) -> None:
    lines = [
        json.loads(line)
        for line in topology.apis[0].log.read_text().splitlines()
        if line.startswith("{")
    ]
    access = [line for line in lines if line.get("logger") == "kapex.access"]
    assert access, "access lines are expected"
    assert any(line.get("route") == "/api/v1/users/{user_id}/nodes" for line in access) or any(
        line.get("route") == "/api/v1/query" for line in access
    )
    assert all({"request_id", "status", "duration_ms"} <= set(line) for line in access)


def test_a_killed_api_process_is_routed_around(topology: Topology) -> None:
    topology.apis[1].kill_hard()
    with topology.client() as client:
        headers = {"X-API-Key": _signup(client)["api_key"]}
        codes = [client.get("/account", headers=headers).status_code for _ in range(6)]
    assert codes == [200] * 6
