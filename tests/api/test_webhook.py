"""The operator's crisis webhook, against a real HTTP receiver on 127.0.0.1."""

from __future__ import annotations

import hmac
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from kapex.services.webhook import TIMEOUT_SECONDS, CrisisNotifier, sign
from tests.conftest import Api

SECRET = "webhook-test-secret-0123456789"
SELF_HARM = (
    "I can't do this anymore. I've been thinking about ending my life and I have the pills ready."
)


class Receiver:
    """A tiny HTTP server that records each POST and answers as ``reply`` says."""

    def __init__(self, reply: Callable[[int], int | None]) -> None:
        self.reply = reply
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.attempts = 0
        self.arrived = threading.Event()
        self.release = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                owner.attempts += 1
                status = owner.reply(owner.attempts)
                if status is None:  # never answer (until the test ends)
                    owner.arrived.set()
                    owner.release.wait(30)
                    return
                if 200 <= status < 300:
                    owner.received.append((dict(self.headers), body))
                    owner.arrived.set()
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/crisis"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def wait(self, seconds: float = 10.0) -> None:
        assert self.arrived.wait(seconds), "the webhook never arrived"

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receivers() -> Iterator[Callable[[Callable[[int], int | None]], Receiver]]:
    started: list[Receiver] = []

    def start(reply: Callable[[int], int | None]) -> Receiver:
        started.append(Receiver(reply))
        return started[-1]

    yield start
    for receiver in started:
        receiver.stop()


def hooked_api(make_api: Callable[..., Api], receiver: Receiver) -> tuple[Api, str, dict[str, str]]:
    api = make_api(crisis_webhook_url=receiver.url, crisis_webhook_secret=SECRET)
    tenant_id, headers = api.tenant()
    return api, tenant_id, headers


def test_a_crisis_at_ingest_posts_a_signed_event_without_the_message(
    make_api: Any, receivers: Any
) -> None:
    receiver = receivers(lambda attempt: 204)
    api, tenant_id, headers = hooked_api(make_api, receiver)
    response = api.client.post(
        "/api/v1/ingest", headers=headers, json={"user_id": "u-7", "content": SELF_HARM}
    )
    assert response.status_code == 201 and response.json()["safety"]["crisis_detected"] is True
    receiver.wait()
    [(sent, body)] = receiver.received
    assert hmac.compare_digest(sent["X-Kapex-Signature"], sign(body, SECRET))
    assert sent["X-Kapex-Signature"] != sign(body, "another-secret-entirely")
    event = json.loads(body)
    assert event == {
        "event": "crisis_detected",
        "event_id": sent["X-Kapex-Event-Id"],
        "tenant_id": tenant_id,
        "user_id": "u-7",
        "category": "self_harm",
        "node_id": response.json()["node_id"],
        "at": "2026-06-18T12:00:00Z",
        "source": "ingest",
    }
    assert sent["X-Kapex-Timestamp"] == str(int(datetime(2026, 6, 18, 12, tzinfo=UTC).timestamp()))
    for fragment in ("ending my life", "pills", "can't do this"):
        assert fragment not in body.decode()


def test_a_crisis_at_query_posts_an_event_and_calm_traffic_posts_none(
    make_api: Any, receivers: Any
) -> None:
    receiver = receivers(lambda attempt: 200)
    api, tenant_id, headers = hooked_api(make_api, receiver)
    for text in ("I adopted a cat named Miso.", "this bug is killing me"):
        api.client.post("/api/v1/ingest", headers=headers, json={"user_id": "q", "content": text})
        api.client.post(
            "/api/v1/query", headers=headers, json={"user_id": "q", "current_input": text}
        )
    message = "My husband hit me again last night and he says he'll kill me if I tell anyone."
    asked = api.client.post(
        "/api/v1/query", headers=headers, json={"user_id": "q", "current_input": message}
    )
    assert asked.json()["safety"]["crisis_category"] == "abuse"
    receiver.wait()
    api.services.close()  # drains the queue: every event queued so far has been tried
    [(_, body)] = receiver.received
    event = json.loads(body)
    assert (event["source"], event["category"], event["node_id"], event["tenant_id"]) == (
        "query",
        "abuse",
        None,
        tenant_id,
    )
    assert "husband" not in body.decode()


def test_a_receiver_that_fails_twice_gets_the_event_on_the_third_try(
    make_api: Any, receivers: Any
) -> None:
    receiver = receivers(lambda attempt: 503 if attempt <= 2 else 200)
    api, _, headers = hooked_api(make_api, receiver)
    api.client.post("/api/v1/ingest", headers=headers, json={"user_id": "r", "content": SELF_HARM})
    receiver.wait()
    assert receiver.attempts == 3 and len(receiver.received) == 1


def test_a_receiver_that_never_answers_does_not_slow_the_request(
    make_api: Any, receivers: Any
) -> None:
    receiver = receivers(lambda attempt: None)
    api, _, headers = hooked_api(make_api, receiver)
    started = time.monotonic()
    response = api.client.post(
        "/api/v1/ingest", headers=headers, json={"user_id": "slow", "content": SELF_HARM}
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 201 and response.json()["node_id"]
    receiver.wait()  # the worker really is stuck on the receiver now
    assert elapsed < TIMEOUT_SECONDS
    started = time.monotonic()
    again = api.client.post(
        "/api/v1/query", headers=headers, json={"user_id": "slow", "current_input": SELF_HARM}
    )
    assert again.status_code == 200 and time.monotonic() - started < TIMEOUT_SECONDS


def test_a_full_queue_drops_the_event_and_logs_it(
    receivers: Any, caplog: pytest.LogCaptureFixture
) -> None:
    receiver = receivers(lambda attempt: None)
    notifier = CrisisNotifier(receiver.url, secret=SECRET, queue_size=1)
    at = datetime(2026, 6, 18, 12, tzinfo=UTC)
    try:
        notifier.notify(
            tenant_id="t",
            user_id="u",
            category="medical_emergency",
            node_id=None,
            source="query",
            at=at,
        )
        receiver.wait()  # the worker holds the first event; the queue is empty again
        with caplog.at_level(logging.WARNING, logger="kapex.services.webhook"):
            started = time.monotonic()
            for _ in range(3):
                notifier.notify(
                    tenant_id="t",
                    user_id="u",
                    category="abuse",
                    node_id=None,
                    source="ingest",
                    at=at,
                )
            assert time.monotonic() - started < 1.0
        dropped = [r for r in caplog.records if "queue is full" in r.getMessage()]
        assert len(dropped) == 2
    finally:
        receiver.release.set()
        notifier.close()


def test_process_sends_one_event_per_crisis_and_none_for_the_assistant_reply(
    make_api: Any, receivers: Any
) -> None:
    receiver = receivers(lambda attempt: 200)
    api, _, headers = hooked_api(make_api, receiver)
    answered = api.client.post(
        "/api/v1/process",
        headers=headers,
        json={
            "user_id": "p-1",
            "message": SELF_HARM,
            "response": "I'm so sorry. If you might act on thoughts of suicide, call or text 988 "
            "right now, or the Samaritans on 116 123; you don't have to go through this alone.",
        },
    )
    assert answered.status_code == 200 and answered.json()["safety"]["crisis_detected"] is True
    receiver.wait()
    api.services.close()  # drains the queue: every event queued so far has been tried
    [(_, body)] = receiver.received
    event = json.loads(body)
    user_node = answered.json()["ingested_node_ids"][0]
    assert (event["source"], event["category"], event["node_id"]) == (
        "ingest",
        "self_harm",
        user_node,
    )


def test_no_webhook_is_built_without_a_url(make_api: Any) -> None:
    api = make_api()
    assert api.services.notifier is None
    _, headers = api.tenant()
    response = api.client.post(
        "/api/v1/ingest", headers=headers, json={"user_id": "n", "content": SELF_HARM}
    )
    assert response.status_code == 201 and response.json()["safety"]["crisis_detected"] is True
