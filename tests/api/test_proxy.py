"""The OpenAI-compatible proxy, driven with the real ``openai`` package over real HTTP.

KAPEX runs under uvicorn on a real port with a stand-in LLM server (``tests.openai_stub``)
as its upstream, so streaming, the background write and the wire bytes are what a user's
client would see. Memory behaviour runs on both backends; how upstream failures map is
independent of storage and runs on SQLite.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from kapex.api.app import create_app
from kapex.clock import ManualClock
from kapex.safety.crisis import GUIDANCE
from kapex.services.container import Services
from kapex.services.models import LocalModels
from tests.conftest import START, make_settings
from tests.live import listening_socket, serve
from tests.openai_stub import COMPLETION, MODELS, StubUpstream

SYSTEM = "You are Pawpal, a friendly assistant for pet owners."
DOG = "My dog Biscuit is terrified of thunderstorms and hides under the bed."


@dataclass
class Proxy:
    """A running KAPEX with the stub as its upstream, and one trial tenant."""

    url: str
    services: Services
    stub: StubUpstream
    key: str
    tenant_id: str
    clock: ManualClock

    def openai(self, **options: Any) -> openai.OpenAI:
        return openai.OpenAI(
            base_url=f"{self.url}/api/v1/proxy", api_key=self.key, max_retries=0, **options
        )

    def http(self) -> httpx.Client:
        return httpx.Client(base_url=f"{self.url}/api/v1", timeout=10)

    def remember(self, user: str, content: str) -> None:
        with self.http() as client:
            response = client.post(
                "/ingest",
                headers={"X-API-Key": self.key},
                json={"user_id": user, "content": content},
            )
        assert response.status_code == 201, response.text

    def stored(self, user: str) -> list[Any]:
        """The user's memories as storage holds them, in write order."""
        return self.services.memory_store.load_nodes(self.tenant_id, user)

    def wait_for(self, user: str, count: int) -> list[Any]:
        """The user's memories once there are ``count`` (the write runs after the answer)."""
        return self.wait_until(user, lambda rows: len(rows) >= count)

    def wait_until(self, user: str, done: Callable[[list[Any]], bool]) -> list[Any]:
        deadline = time.monotonic() + 20
        while not done(rows := self.stored(user)):
            assert time.monotonic() < deadline, f"still {len(rows)} memories: {rows}"
            time.sleep(0.02)
        return rows


@pytest.fixture
def stub() -> Iterator[StubUpstream]:
    upstream = StubUpstream()
    with serve(upstream.app()) as url:
        upstream.url = url
        yield upstream


@pytest.fixture
def local(tmp_path: Path) -> dict[str, Any]:
    """SQLite with in-process counters: for behaviour that does not depend on storage."""
    return {"data_dir": tmp_path / "var", "database_url": None, "redis_url": None}


@pytest.fixture
def start_proxy(models: LocalModels, stub: StubUpstream) -> Iterator[Callable[..., Proxy]]:
    with contextlib.ExitStack() as stack:

        def start(backend: dict[str, Any], **overrides: Any) -> Proxy:
            settings = {"proxy_upstream_url": f"{stub.url}/v1", **overrides}
            services = Services.build(make_settings(backend, **settings), models=models)
            stack.callback(services.close)
            clock = ManualClock(START)
            url = stack.enter_context(serve(create_app(services, clock=clock)))
            signup = httpx.post(
                f"{url}/api/v1/trial/signup",
                json={
                    "company_name": "Pawpal",
                    "email": f"dev-{uuid.uuid4().hex[:8]}@pawpal.example",
                    "name": "Ana",
                },
            )
            assert signup.status_code == 201, signup.text
            body = signup.json()
            return Proxy(url, services, stub, body["api_key"], body["tenant_id"], clock)

        yield start


@pytest.fixture
def proxy(start_proxy: Callable[..., Proxy], backend: dict[str, Any]) -> Proxy:
    return start_proxy(backend)


@pytest.fixture
def local_proxy(start_proxy: Callable[..., Proxy], local: dict[str, Any]) -> Proxy:
    return start_proxy(local)


def _chat(proxy: Proxy, **fields: Any) -> httpx.Response:
    """A raw call, for what the ``openai`` client would hide (status, bytes, headers)."""
    headers = {"Authorization": f"Bearer {proxy.key}", **fields.pop("headers", {})}
    body = {"model": "stub-model", "messages": [{"role": "user", "content": "Hi"}], **fields}
    with proxy.http() as client:
        return client.post("/proxy/chat/completions", headers=headers, json=body)


# --- memory in -------------------------------------------------------------------------------


def test_the_upstream_receives_the_users_memory_in_its_system_message(proxy: Proxy) -> None:
    proxy.remember("ana", DOG)
    tools = [
        {
            "type": "function",
            "function": {"name": "find_vet", "parameters": {"type": "object", "properties": {}}},
        }
    ]
    completion = proxy.openai().chat.completions.create(
        model="stub-model",
        user="ana",
        temperature=0.3,
        tools=tools,  # type: ignore[arg-type]
        response_format={"type": "text"},
        messages=[
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": "A storm is coming tonight, how can I help my dog?"},
        ],
        extra_body={"x_future_field": {"nested": [1, 2.5, None]}},
    )
    assert completion.choices[0].message.content == proxy.stub.reply
    sent = proxy.stub.last.body
    assert sent is not None
    system = sent["messages"][0]
    assert system["role"] == "system"
    assert system["content"].startswith(SYSTEM + "\n\n")
    assert "Biscuit is terrified of thunderstorms" in system["content"]
    assert sent["messages"][1] == {
        "role": "user",
        "content": "A storm is coming tonight, how can I help my dog?",
    }
    # Everything else passes through as sent, including fields no schema knows yet.
    assert sent["temperature"] == 0.3 and sent["tools"] == tools and sent["user"] == "ana"
    assert sent["response_format"] == {"type": "text"}
    assert sent["x_future_field"] == {"nested": [1, 2.5, None]}
    assert sent["model"] == "stub-model" and len(sent["messages"]) == 2


def test_without_a_system_message_the_block_becomes_the_first_message(proxy: Proxy) -> None:
    proxy.remember("ana", DOG)
    asked = [
        {"role": "user", "content": "Hello!"},
        {"role": "assistant", "content": "Hi, how can I help?"},
        {"role": "user", "content": "What is my dog afraid of?"},
    ]
    proxy.openai().chat.completions.create(model="stub-model", user="ana", messages=asked)  # type: ignore[arg-type]
    sent = proxy.stub.last.body
    assert sent is not None
    assert sent["messages"][0]["role"] == "system"
    assert "thunderstorms" in sent["messages"][0]["content"]
    assert sent["messages"][1:] == asked


def test_content_part_arrays_are_read_and_the_block_joins_them_as_a_part(proxy: Proxy) -> None:
    proxy.remember("ana", DOG)
    system_parts = [{"type": "text", "text": SYSTEM}]
    question = [
        {"type": "text", "text": "Look at this photo."},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
        {"type": "text", "text": "Why is my dog hiding during storms?"},
    ]
    proxy.openai().chat.completions.create(
        model="stub-model",
        user="ana",
        messages=[
            {"role": "system", "content": system_parts},
            {"role": "user", "content": question},
        ],  # type: ignore[list-item]
    )
    sent = proxy.stub.last.body
    assert sent is not None
    parts = sent["messages"][0]["content"]
    assert parts[0] == system_parts[0] and parts[1]["type"] == "text"
    assert "thunderstorms" in parts[1]["text"]
    assert sent["messages"][1]["content"] == question
    # Both text parts were the query, and both are what is remembered.
    rows = proxy.wait_for("ana", 3)
    assert rows[1].content == "Look at this photo.\nWhy is my dog hiding during storms?"


def test_a_user_without_memories_gets_the_request_forwarded_untouched(proxy: Proxy) -> None:
    response = _chat(proxy, user="newcomer", messages=[{"role": "user", "content": "Hello"}])
    assert response.status_code == 200, response.text
    assert proxy.stub.last.body is not None
    assert proxy.stub.last.body["messages"] == [{"role": "user", "content": "Hello"}]


def test_a_crisis_message_brings_crisis_guidance_into_the_system_message(proxy: Proxy) -> None:
    proxy.openai().chat.completions.create(
        model="stub-model",
        user="ana",
        messages=[
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": "honestly I don't want to be alive anymore"},
        ],
    )
    sent = proxy.stub.last.body
    assert sent is not None
    assert GUIDANCE["self_harm"] in sent["messages"][0]["content"]


# --- the answer ------------------------------------------------------------------------------


def test_the_reply_reaches_the_caller_byte_for_byte(proxy: Proxy) -> None:
    response = _chat(proxy, user="ana")
    assert response.status_code == 200
    assert response.content == COMPLETION % proxy.stub.reply.encode()
    assert response.headers["content-type"] == "application/json"
    for header in ("X-RateLimit-Remaining", "X-Request-ID", "X-Trial-Days-Remaining"):
        assert header in response.headers


def test_the_model_list_is_the_upstreams(proxy: Proxy) -> None:
    listed = proxy.openai().models.list()
    assert [m.id for m in listed.data] == ["stub-model", "stub-small"]
    with proxy.http() as client:
        raw = client.get("/proxy/models", headers={"X-API-Key": proxy.key})
    assert raw.status_code == 200 and raw.content == MODELS


# --- memory out ------------------------------------------------------------------------------


def test_the_turn_is_written_after_the_answer_with_its_session(proxy: Proxy) -> None:
    client = proxy.openai(default_headers={"X-Kapex-Session-Id": "walk-42"})
    client.chat.completions.create(
        model="stub-model",
        user="ana",
        messages=[
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": "We adopted a beagle called Biscuit last week!"},
        ],
    )
    rows = proxy.wait_for("ana", 2)
    assert [(r.role, r.content, r.session_id) for r in rows] == [
        ("user", "We adopted a beagle called Biscuit last week!", "walk-42"),
        ("assistant", proxy.stub.reply, "walk-42"),
    ]
    assert proxy.services.proxy.writes.written == 1
    assert proxy.services.proxy.writes.failed == 0


@contextlib.contextmanager
def writes_blocked(services: Services) -> Iterator[None]:
    """Another connection holds the database's write lock until the block ends."""
    raw = services.engine.raw_connection()
    try:
        cursor = raw.cursor()
        if services.engine.dialect.name == "sqlite":
            cursor.execute("BEGIN IMMEDIATE")
        else:  # plain reads go on; every write to the memories waits
            cursor.execute("LOCK TABLE nodes IN EXCLUSIVE MODE")
        yield
    finally:
        raw.rollback()
        raw.close()


def test_the_answer_does_not_wait_for_the_write(proxy: Proxy) -> None:
    # The key's first use records it (a write); get that out of the way.
    assert _chat(proxy, user="warm-up").status_code == 200
    proxy.wait_for("warm-up", 2)
    with writes_blocked(proxy.services):
        answered = _chat(proxy, user="ana", messages=[{"role": "user", "content": DOG}])
        assert answered.status_code == 200
        assert proxy.stored("ana") == []
    rows = proxy.wait_for("ana", 2)
    assert [r.role for r in rows] == ["user", "assistant"]


def test_a_refused_write_is_logged_and_counted_and_never_reaches_the_caller(
    local_proxy: Proxy, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="kapex.services.proxy")
    local_proxy.services.accounts.set_tier(
        local_proxy.tenant_id, "enterprise", custom_limits={"max_users": 1}
    )
    assert _chat(local_proxy, user="ana").status_code == 200
    local_proxy.wait_for("ana", 2)

    answered = _chat(local_proxy, user="ben", messages=[{"role": "user", "content": DOG}])
    assert answered.status_code == 200
    assert answered.content == COMPLETION % local_proxy.stub.reply.encode()
    _wait_for_log(caplog, "not written")
    writes = local_proxy.services.proxy.writes
    assert (writes.written, writes.failed) == (1, 1)
    assert local_proxy.stored("ben") == []
    with local_proxy.http() as client:
        scraped = client.get(f"{local_proxy.url}/metrics").text
    assert re.search(r'kapex_proxy_writes_total\{outcome="failed"\} [1-9]', scraped)


def test_the_user_header_names_the_end_user_and_wins_over_the_user_field(proxy: Proxy) -> None:
    response = _chat(proxy, user="app-hash-77", headers={"X-Kapex-User-Id": "ana"})
    assert response.status_code == 200
    assert len(proxy.wait_for("ana", 2)) == 2
    assert proxy.stub.last.body is not None and proxy.stub.last.body["user"] == "app-hash-77"
    assert proxy.stored("app-hash-77") == []


def test_a_tool_round_trip_writes_the_users_message_once(proxy: Proxy) -> None:
    question = {"role": "user", "content": "Find me a vet open on Sundays for Biscuit."}
    proxy.stub.reply = ""  # the first answer is a tool call: no text
    assert _chat(proxy, user="ana", messages=[question]).status_code == 200
    assert len(proxy.wait_for("ana", 1)) == 1
    proxy.stub.reply = "Green Paws Clinic is open on Sundays."
    continued = [
        question,
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "find_vet", "arguments": "{}"},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "Green Paws Clinic, Sundays 9-5"},
    ]
    assert _chat(proxy, user="ana", messages=continued).status_code == 200
    # One write stores the user's message (if it wrongly did) before the reply: once the
    # reply is there, everything this call wrote is.
    rows = proxy.wait_until("ana", lambda rows: any(r.role == "assistant" for r in rows))
    assert [(r.role, r.content) for r in rows] == [
        ("user", question["content"]),
        ("assistant", "Green Paws Clinic is open on Sundays."),
    ]


# --- streaming -------------------------------------------------------------------------------


def test_streaming_delivers_the_first_chunk_before_the_upstream_has_finished(
    proxy: Proxy,
) -> None:
    proxy.stub.hold = threading.Event()
    proxy.stub.reply = "Try a snug crate with a blanket over it during storms."
    stream = proxy.openai().chat.completions.create(
        model="stub-model",
        user="ana",
        stream=True,
        messages=[{"role": "user", "content": "Biscuit hates thunder, any tips?"}],
    )
    chunks = iter(stream)
    first = next(chunks)
    # The stub is still waiting for us: the proxy passed the first chunk on unbuffered.
    assert not proxy.stub.finished.is_set()
    assert first.choices[0].delta.content == "Try"
    proxy.stub.hold.set()
    rest = [c.choices[0].delta.content or "" for c in chunks]
    assert "Try" + "".join(rest) == proxy.stub.reply
    assert proxy.stub.finished.is_set()
    rows = proxy.wait_for("ana", 2)
    assert [(r.role, r.content) for r in rows] == [
        ("user", "Biscuit hates thunder, any tips?"),
        ("assistant", proxy.stub.reply),
    ]


def test_a_stream_that_breaks_off_ends_with_an_error_and_writes_nothing(
    local_proxy: Proxy, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kapex.services.proxy")
    local_proxy.stub.break_off = True
    stream = local_proxy.openai().chat.completions.create(
        model="stub-model",
        user="ana",
        stream=True,
        messages=[{"role": "user", "content": "Biscuit hates thunder, any tips?"}],
    )
    with pytest.raises(openai.APIError) as raised:
        list(stream)
    assert raised.value.code == "UPSTREAM_ERROR"  # type: ignore[attr-defined]
    _wait_for_log(caplog, "did not complete")
    assert local_proxy.stored("ana") == []


def test_a_caller_hanging_up_mid_stream_releases_the_upstream_and_writes_nothing(
    local_proxy: Proxy, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kapex.services.proxy")
    local_proxy.stub.hold = threading.Event()
    body = {
        "model": "stub-model",
        "user": "ana",
        "stream": True,
        "messages": [{"role": "user", "content": "Biscuit hates thunder, any tips?"}],
    }
    headers = {"X-API-Key": local_proxy.key}
    with (
        local_proxy.http() as client,
        client.stream("POST", "/proxy/chat/completions", headers=headers, json=body) as answer,
    ):
        assert next(answer.iter_raw()).startswith(b"data: ")
    # We hung up while the stub was mid-answer: the proxy lets go of the upstream too.
    assert local_proxy.stub.abandoned.wait(10)
    local_proxy.stub.hold.set()
    _wait_for_log(caplog, "did not complete")
    assert local_proxy.stored("ana") == []


def _wait_for_log(caplog: pytest.LogCaptureFixture, text: str) -> None:
    deadline = time.monotonic() + 10
    while not any(text in r.getMessage() for r in caplog.records):
        assert time.monotonic() < deadline, f"no log line with {text!r}"
        time.sleep(0.02)


# --- upstream failures -----------------------------------------------------------------------


@pytest.mark.parametrize("status", [400, 404, 422, 429, 500, 503])
def test_an_upstream_error_keeps_its_status_and_body_in_kapexs_error_shape(
    local_proxy: Proxy, status: int
) -> None:
    said = {"error": {"message": "The model `gpt-9` does not exist", "type": "invalid_request"}}
    local_proxy.stub.status, local_proxy.stub.error_body = status, said
    response = _chat(local_proxy, user="ana")
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == "UPSTREAM_ERROR"
    assert "The model `gpt-9` does not exist" in error["message"]
    assert error["upstream"] == {"status": status, "body": said}
    assert "X-RateLimit-Remaining" in response.headers


def test_the_openai_client_raises_the_matching_error_and_nothing_is_written(
    local_proxy: Proxy,
) -> None:
    local_proxy.stub.status = 404
    local_proxy.stub.error_body = {"error": {"message": "no such model"}}
    with pytest.raises(openai.NotFoundError) as raised:
        local_proxy.openai().chat.completions.create(
            model="gpt-9", user="ana", messages=[{"role": "user", "content": "Hi there"}]
        )
    assert raised.value.code == "UPSTREAM_ERROR"
    local_proxy.stub.status = 200
    _chat(local_proxy, user="ana", messages=[{"role": "user", "content": "Second try"}])
    rows = local_proxy.wait_for("ana", 2)
    assert [r.content for r in rows if r.role == "user"] == ["Second try"]


def test_a_plain_text_upstream_error_is_relayed_as_text(local_proxy: Proxy) -> None:
    local_proxy.stub.status, local_proxy.stub.error_body = 502, "Bad gateway from the GPU box"
    response = _chat(local_proxy, user="ana", stream=True)
    assert response.status_code == 502
    error = response.json()["error"]
    assert error["upstream"] == {"status": 502, "body": "Bad gateway from the GPU box"}
    assert error["message"].endswith("Bad gateway from the GPU box")


@pytest.mark.parametrize("status", [401, 403])
def test_an_upstream_refusing_the_operators_key_is_a_502_without_its_body(
    local_proxy: Proxy, status: int
) -> None:
    local_proxy.stub.status = status
    local_proxy.stub.error_body = {"error": {"message": "Incorrect API key provided: sk-ab***yz"}}
    response = _chat(local_proxy, user="ana")
    assert response.status_code == 502
    error = response.json()["error"]
    assert error["code"] == "UPSTREAM_ERROR"
    assert error["upstream"] == {"status": status}
    assert "KAPEX_PROXY_UPSTREAM_KEY" in error["message"] and "sk-ab" not in response.text


@pytest.mark.parametrize("stream", [False, True])
def test_an_upstream_that_does_not_answer_in_time_is_a_504(
    start_proxy: Callable[..., Proxy], local: dict[str, Any], stream: bool
) -> None:
    proxy = start_proxy(local, proxy_timeout_seconds=0.3)
    proxy.stub.delay = 2.0
    response = _chat(proxy, user="ana", stream=stream)
    assert response.status_code == 504
    assert response.json()["error"]["code"] == "UPSTREAM_TIMEOUT"
    assert "KAPEX_PROXY_TIMEOUT_SECONDS" in response.json()["error"]["message"]
    with pytest.raises(openai.InternalServerError) as raised:
        proxy.openai().chat.completions.create(
            model="stub-model", user="ana", messages=[{"role": "user", "content": "Hi"}]
        )
    assert raised.value.status_code == 504


def test_a_stream_that_stalls_mid_answer_ends_with_a_timeout_error(
    start_proxy: Callable[..., Proxy], local: dict[str, Any]
) -> None:
    proxy = start_proxy(local, proxy_timeout_seconds=0.3)
    proxy.stub.stall = 2.0
    stream = proxy.openai().chat.completions.create(
        model="stub-model",
        user="ana",
        stream=True,
        messages=[{"role": "user", "content": "Hi"}],
    )
    with pytest.raises(openai.APIError) as raised:
        list(stream)
    assert raised.value.code == "UPSTREAM_TIMEOUT"  # type: ignore[attr-defined]


def test_an_upstream_that_refuses_connections_is_a_502(
    start_proxy: Callable[..., Proxy], local: dict[str, Any]
) -> None:
    closed = listening_socket(reuse=False)  # bound, never listening: connections are refused
    port = closed.getsockname()[1]
    try:
        proxy = start_proxy(local, proxy_upstream_url=f"http://127.0.0.1:{port}/v1")
        response = _chat(proxy, user="ana")
    finally:
        closed.close()
    assert response.status_code == 502
    error = response.json()["error"]
    assert error["code"] == "UPSTREAM_ERROR" and "KAPEX_PROXY_UPSTREAM_URL" in error["message"]
    assert "upstream" not in error


def test_without_an_upstream_the_proxy_says_what_to_configure(
    start_proxy: Callable[..., Proxy], local: dict[str, Any]
) -> None:
    proxy = start_proxy(local, proxy_upstream_url=None)
    chat = _chat(proxy, user="ana")
    with proxy.http() as client:
        listed = client.get("/proxy/models", headers={"Authorization": f"Bearer {proxy.key}"})
    for response in (chat, listed):
        assert response.status_code == 503
        error = response.json()["error"]
        assert error["code"] == "UNAVAILABLE" and "KAPEX_PROXY_UPSTREAM_URL" in error["message"]


# --- who is calling, for whom ----------------------------------------------------------------


def test_a_call_without_an_end_user_is_a_400_saying_what_to_set(local_proxy: Proxy) -> None:
    response = _chat(local_proxy)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert "`user`" in error["message"] and "X-Kapex-User-Id" in error["message"]
    assert local_proxy.stub.received == []


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"user": "has spaces"}, "`user`"),
        ({"user": "ana", "headers": {"X-Kapex-User-Id": "a/b"}}, "X-Kapex-User-Id"),
        ({"user": "ana", "headers": {"X-Kapex-Session-Id": "s" * 129}}, "X-Kapex-Session-Id"),
        ({"user": "ana", "messages": []}, "messages"),
        ({"user": "ana", "messages": [{"content": "no role"}]}, "role"),
        ({"user": "ana", "stream": "yes"}, "stream"),
    ],
)
def test_invalid_calls_are_400s_naming_the_problem(
    local_proxy: Proxy, fields: dict[str, Any], named: str
) -> None:
    response = _chat(local_proxy, **fields)
    assert response.status_code == 400, response.text
    assert named in response.json()["error"]["message"]
    assert local_proxy.stub.received == []


def test_a_body_that_is_not_a_json_object_is_a_400(local_proxy: Proxy) -> None:
    headers = {"X-API-Key": local_proxy.key, "Content-Type": "application/json"}
    with local_proxy.http() as client:
        for content in (b"[1, 2]", b"{not json", b'{"messages": NaN}'):
            response = client.post("/proxy/chat/completions", headers=headers, content=content)
            assert response.status_code == 400, content
            assert response.json()["error"]["code"] == "VALIDATION_ERROR"


def test_bearer_authenticates_on_the_proxy_routes_and_nowhere_else(local_proxy: Proxy) -> None:
    bearer = {"Authorization": f"Bearer {local_proxy.key}"}
    with local_proxy.http() as client:
        assert client.get("/proxy/models", headers=bearer).status_code == 200
        assert (
            client.get("/proxy/models", headers={"X-API-Key": local_proxy.key}).status_code == 200
        )
        assert client.get("/account", headers=bearer).status_code == 401
        assert client.post("/query", headers=bearer, json={}).status_code == 401
        refused = client.get("/proxy/models", headers={"Authorization": "Bearer sk-not-kapex"})
        assert refused.status_code == 401
        assert "Authorization: Bearer" in refused.json()["error"]["message"]
        assert client.get("/proxy/models").status_code == 401


def test_each_call_counts_once_against_the_rate_limit(local_proxy: Proxy) -> None:
    first = _chat(local_proxy, user="ana", stream=True)
    second = _chat(local_proxy, user="ana")
    remaining = [int(r.headers["X-RateLimit-Remaining"]) for r in (first, second)]
    assert remaining[0] - remaining[1] == 1


def test_an_expired_trial_is_refused_before_the_upstream_is_called(local_proxy: Proxy) -> None:
    local_proxy.clock.advance(timedelta(days=31))
    with pytest.raises(openai.PermissionDeniedError) as raised:
        local_proxy.openai().chat.completions.create(
            model="stub-model", user="ana", messages=[{"role": "user", "content": "Hi"}]
        )
    assert raised.value.code == "TRIAL_EXPIRED"
    assert raised.value.response.headers["X-Trial-Days-Remaining"] == "0"
    assert local_proxy.stub.received == []


def test_the_callers_key_never_reaches_the_upstream_and_the_operators_key_does(
    start_proxy: Callable[..., Proxy], local: dict[str, Any]
) -> None:
    proxy = start_proxy(local, proxy_upstream_key="sk-operator-upstream-key")
    proxy.openai().chat.completions.create(
        model="stub-model", user="ana", messages=[{"role": "user", "content": "Hi"}]
    )
    proxy.openai().models.list()
    for received in proxy.stub.received:
        assert received.headers["authorization"] == "Bearer sk-operator-upstream-key"
        assert proxy.key not in json.dumps(received.headers)
