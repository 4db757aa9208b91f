"""The scenario runner's traffic, seen from a scripted HTTP server on a real socket.

What the runner sends (batches, fresh users, deletes, retries) is the contract here; the
server's answers are scripted so each rule is seen on its own. The runner against the real
app is ``tests/api/test_scenarios.py`` and ``tests/cli/test_bench_scenarios.py``.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.live import Received, Reply, StubServer, stub_server

from kapex.bench.paced import Paced
from kapex.bench.scenarios import ScenarioRunner, family_of, run_file, section_name


class FakeKapex:
    """Answers like KAPEX with scripted rate-limit headers; ``throttle`` answers the next N
    queries with 429."""

    def __init__(self) -> None:
        self.ids = itertools.count(1)
        self.throttle = 0
        self.remaining = 1000

    def __call__(self, got: Received) -> Reply:
        headers = {
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(int(time.time()) + 1),
        }
        path = got.path.removeprefix("/api/v1")
        if path == "/trial/signup":
            return Reply(201, {"tenant_id": "tn_x_01", "api_key": "kpx_" + "a" * 43})
        if path == "/ingest":
            return Reply(201, self._ingested(), headers)
        if path == "/ingest/batch":
            items = got.json()["items"]
            return Reply(201, {"results": [self._ingested() for _ in items]}, headers)
        if path == "/query":
            if self.throttle:
                self.throttle -= 1
                return Reply(429, {"error": {"code": "RATE_LIMITED"}}, {"Retry-After": "2"})
            body = {"context": "", "memories": [], "token_count": 0, "safety": {}}
            return Reply(200, {**body, "safety": {"crisis_detected": False}}, headers)
        return Reply(200, {"status": "deleted"}, headers)

    def _ingested(self) -> dict[str, Any]:
        safety = {"crisis_detected": False, "instructions_neutralised": False}
        return {"node_id": f"n{next(self.ids)}", "safety": safety}


@pytest.fixture
def fake() -> Iterator[tuple[FakeKapex, StubServer]]:
    script = FakeKapex()
    with stub_server(script) as server:
        yield script, server


def ingest(text: str, user: str = "A") -> dict[str, Any]:
    step = {"ingest": {"content": text, "role": "user", "timestamp": "2024-01-01T00:00:00Z"}}
    return {**step, "user": user}


def query(user: str = "A") -> dict[str, Any]:
    body = {"current_input": "hi", "timestamp": "2024-01-02T00:00:00Z", "max_tokens": 100}
    return {"query": body, "expect": {"empty": True}, "user": user}


def calls(server: StubServer) -> list[tuple[str, str]]:
    return [(r.method, r.path.removeprefix("/api/v1")) for r in server.received]


def test_three_consecutive_ingests_of_a_user_go_as_one_batch_and_two_as_singles(
    fake: tuple[FakeKapex, StubServer],
) -> None:
    _, server = fake
    steps = [ingest("a"), ingest("b"), ingest("c"), ingest("d", "B"), ingest("e", "B"), query()]
    with httpx.Client(base_url=server.origin) as client:
        run = run_file([{"name": "recency_x", "steps": steps}], client=client)
    assert run.results[0].passed, run.results[0].reasons
    sent = calls(server)
    assert sent[:5] == [
        ("POST", "/trial/signup"),
        ("POST", "/ingest/batch"),
        ("POST", "/ingest"),
        ("POST", "/ingest"),
        ("POST", "/query"),
    ]
    assert len(server.received[1].json()["items"]) == 3
    assert {m for m, _ in sent[5:]} == {"DELETE"} and len(sent) == 7


def test_a_run_of_more_than_a_hundred_ingests_is_sent_in_batches_of_a_hundred(
    fake: tuple[FakeKapex, StubServer],
) -> None:
    _, server = fake
    steps = [ingest(f"turn {i}") for i in range(230)]
    with httpx.Client(base_url=server.origin) as client:
        run_file([{"name": "topic_domination_x", "steps": steps}], client=client)
    sizes = [len(r.json()["items"]) for r in server.received if r.path.endswith("/batch")]
    assert sizes == [100, 100, 30]


def test_every_scenario_gets_fresh_users_that_are_deleted_after_it(
    fake: tuple[FakeKapex, StubServer],
) -> None:
    _, server = fake
    scenario = {"name": "isolation_x", "steps": [ingest("a"), query("B")]}
    with httpx.Client(base_url=server.origin) as client:
        run_file([scenario, scenario], client=client)
    posted = [r.json() for r in server.received if r.method == "POST"]
    users = [body["user_id"] for body in posted if "user_id" in body]
    deleted = [r.path.rsplit("/", 1)[1] for r in server.received if r.method == "DELETE"]
    assert len(set(users)) == 4
    assert sorted(deleted) == sorted(set(users))


def test_a_429_is_retried_after_its_retry_after_and_a_short_window_is_waited_out(
    fake: tuple[FakeKapex, StubServer],
) -> None:
    script, server = fake
    script.throttle = 1
    waits: list[float] = []
    with httpx.Client(base_url=server.origin) as client:
        http = Paced(client, api_key="kpx_" + "a" * 43, sleep=waits.append)
        result = ScenarioRunner(http).run({"name": "x", "steps": [query()]})
        assert result.passed, result.reasons
        assert waits == [2.0]
        script.remaining = 2
        http.call("POST", "/query", {})
        http.call("POST", "/ingest/batch", {"items": []}, cost=3)
    assert len(waits) == 2 and 0 < waits[1] <= 2.5
    assert calls(server).count(("POST", "/query")) == 3


def test_families_and_doc_sections_come_from_names() -> None:
    assert family_of("constraint_pin_deaf_user") == "suppress_pin + constraint_pin"
    assert family_of("isolation_two_users") == "empty_user + isolation"
    assert family_of("knowledge_update_phone") == "knowledge_update"
    assert family_of("recencyish") == "other"
    assert section_name(Path("/x/dev.json")) == "scenarios-dev"
    assert section_name(Path("tests/Hold Out.json")) == "scenarios-hold-out"
