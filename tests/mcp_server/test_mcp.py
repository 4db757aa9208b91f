"""The KAPEX MCP server driven by the MCP SDK's own client: over stdio (``kapex mcp`` as a
subprocess calling a live server) and over streamable HTTP (``/mcp`` of ``kapex serve
--workers 2``), plus the HTTP endpoint's authentication rules."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import httpx2
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from kapex.client import Kapex
from kapex.mcp import tools
from tests.live import LiveServer, free_port, wait_for_port

TOOLS = {"get_context", "remember", "list_memories", "forget", "pin", "unpin"}


def _text(result: Any) -> str:
    assert not result.is_error, result.content
    return "\n".join(c.text for c in result.content)


async def _round_trip(connect: Any) -> dict[str, Any]:
    """list tools, remember → get_context → list_memories → forget → get_context, each step on
    a fresh connection from ``connect()`` (so with several workers any may answer)."""
    seen: dict[str, Any] = {}
    async with connect() as client:
        listed = (await client.list_tools()).tools
        seen["tools"] = {t.name: t for t in listed}
    async with connect() as client:
        seen["remember"] = _text(
            await client.call_tool(
                "remember", {"content": "I adopted a retired greyhound called Comet."}
            )
        )
    async with connect() as client:
        seen["context"] = _text(
            await client.call_tool("get_context", {"message": "Any tips for walking my dog?"})
        )
    async with connect() as client:
        seen["listing"] = _text(await client.call_tool("list_memories", {"order": "recent"}))
    memory_id = seen["remember"].split("memory id ")[1].rstrip(").")
    async with connect() as client:
        seen["forget"] = _text(await client.call_tool("forget", {"memory_id": memory_id}))
        seen["after"] = _text(
            await client.call_tool("get_context", {"message": "Any tips for walking my dog?"})
        )
        seen["again"] = await client.call_tool("forget", {"memory_id": memory_id})
    seen["memory_id"] = memory_id
    return seen


def _assert_round_trip(seen: dict[str, Any]) -> None:
    assert set(seen["tools"]) == TOOLS
    assert seen["tools"]["forget"].annotations.destructive_hint is True
    assert seen["tools"]["get_context"].annotations.read_only_hint is True
    assert seen["tools"]["remember"].annotations.destructive_hint is False
    assert "Comet" in seen["context"]
    assert seen["memory_id"] in seen["listing"]
    assert seen["forget"] == f"Forgot memory {seen['memory_id']}."
    assert "Comet" not in seen["after"]
    assert seen["again"].is_error and "no memory" in seen["again"].content[0].text.lower()


def test_tools_name_no_user_and_none_erases_a_whole_user() -> None:
    server = tools.build_server(lambda _ctx: None)  # type: ignore[arg-type, return-value]
    listed = asyncio.run(server.list_tools())
    assert {t.name for t in listed} == TOOLS
    for tool in listed:
        assert "user_id" not in tool.input_schema["properties"]
        assert tool.description and len(tool.description) > 80
        for leak in ("endpoint", "HTTP", "node", "salience", "API", "user_id"):
            assert leak not in tool.description, (tool.name, leak)
    assert not any("delete_user" in t.name or "all memories" in t.description for t in listed)


def test_stdio_round_trip_through_a_live_server(live: LiveServer) -> None:
    key = live.key()
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "kapex.cli.main", "mcp"],
        env={"KAPEX_API_KEY": key, "KAPEX_USER_ID": "claude_user", "KAPEX_BASE_URL": live.url},
    )
    seen = asyncio.run(_round_trip(lambda: Client(params)))
    _assert_round_trip(seen)
    with Kapex(key, base_url=live.url) as kapex:  # the memory really went, for that user only
        assert list(kapex.nodes("claude_user")) == []


def test_stdio_without_a_user_says_what_to_set(live: LiveServer) -> None:
    env = {**os.environ, "KAPEX_API_KEY": live.key(), "KAPEX_BASE_URL": live.url}
    env.pop("KAPEX_USER_ID", None)
    done = subprocess.run(
        [sys.executable, "-m", "kapex.cli.main", "mcp"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2 and "KAPEX_USER_ID" in done.stderr and done.stdout == ""


# --- streamable HTTP ----------------------------------------------------------------------


def _http_client(origin: str, headers: dict[str, str]) -> Any:
    def connect() -> Client:
        http = httpx2.AsyncClient(headers=headers, timeout=60)
        return Client(streamable_http_client(f"{origin}/mcp", http_client=http))

    return connect


@pytest.fixture
def two_workers(tmp_path: Path, postgres_url: str, redis_url: str) -> Iterator[str]:
    """``kapex serve --workers 2`` on PostgreSQL and Redis, as a user runs it."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    port = free_port()
    env = {
        **os.environ,
        "KAPEX_DATA_DIR": str(tmp_path / "var"),
        "KAPEX_DATABASE_URL": postgres_url,
        "KAPEX_REDIS_URL": redis_url,
        "KAPEX_PURGE_INTERVAL_SECONDS": "0",
        "KAPEX_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "ORT_DISABLE_TELEMETRY": "1",
    }
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "kapex.cli.main", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    origin = f"http://127.0.0.1:{port}"
    try:
        wait_for_port(port, timeout=120)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:  # both workers load their models before serving
            if (tmp_path / "serve.log").read_text().count("Application startup complete") >= 2:
                break
            time.sleep(0.2)
        yield origin
    finally:
        process.terminate()
        process.wait(timeout=60)
        log.close()
    served = (tmp_path / "serve.log").read_text()
    assert served.count("Started server process") == 2, served[-2000:]


@pytest.mark.slow
def test_http_round_trip_with_two_workers(two_workers: str) -> None:
    with Kapex(base_url=f"{two_workers}/api/v1") as anonymous:
        key = anonymous.signup("MCP Co", email=f"{uuid.uuid4().hex}@example.com", name="M").api_key
    headers = {"Authorization": f"Bearer {key}", "X-Kapex-User-Id": "http_user"}
    seen = asyncio.run(_round_trip(_http_client(two_workers, headers)))
    _assert_round_trip(seen)
    # X-API-Key works as well as Bearer, and the user header scopes what the tools see.
    other = {"X-API-Key": key, "X-Kapex-User-Id": "someone_else"}

    async def other_user() -> str:
        async with _http_client(two_workers, other)() as client:
            return _text(await client.call_tool("list_memories", {}))

    assert asyncio.run(other_user()) == "(no memories yet)"


def test_http_pins_round_trip_and_errors_reach_the_model(live: LiveServer) -> None:
    headers = {"X-API-Key": live.key(), "X-Kapex-User-Id": "pin_user"}

    async def scenario() -> tuple[str, str, str, Any]:
        async with _http_client(live.origin, headers)() as client:
            pinned = _text(
                await client.call_tool(
                    "pin", {"topic": "severe peanut allergy", "note": "told us twice"}
                )
            )
            context = _text(await client.call_tool("get_context", {"message": "Dinner ideas?"}))
            pin_id = pinned.split("pin id ")[1].rstrip(").")
            listing = _text(await client.call_tool("list_memories", {}))
            removed = _text(await client.call_tool("unpin", {"pin_id": pin_id}))
            bad = await client.call_tool("get_context", {"message": "x", "max_tokens": 10})
            return context, listing, removed, bad

    context, listing, removed, bad = asyncio.run(scenario())
    assert "peanut" in context
    assert "Pins:" in listing and "constraint: severe peanut allergy (told us twice)" in listing
    assert removed.startswith("Removed pin ")
    assert bad.is_error


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({}, 401, "UNAUTHORIZED"),
        ({"Authorization": "Bearer not-a-kapex-key"}, 401, "UNAUTHORIZED"),
        ({"Authorization": "Basic a3B4Og=="}, 401, "UNAUTHORIZED"),
        ({"X-API-Key": "{key}"}, 400, "VALIDATION_ERROR"),  # no X-Kapex-User-Id
        ({"X-API-Key": "{key}", "X-Kapex-User-Id": "bad user!"}, 400, "VALIDATION_ERROR"),
    ],
)
def test_http_refusals_use_the_api_error_body(
    live: LiveServer, headers: dict[str, str], status: int, code: str
) -> None:
    key = live.key()
    filled = {k: v.replace("{key}", key) for k, v in headers.items()}
    response = httpx.post(
        f"{live.origin}/mcp",
        headers={**filled, "Accept": "application/json, text/event-stream"},
        json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
    )
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.headers["X-Request-ID"] and "X-RateLimit-Limit" in response.headers


def test_bearer_keys_are_accepted_on_mcp_only(live: LiveServer) -> None:
    key = live.key()
    api = httpx.get(f"{live.url}/account", headers={"Authorization": f"Bearer {key}"})
    assert api.status_code == 401
    in_url = httpx.post(
        f"{live.origin}/mcp?api_key={key}",
        headers={"X-API-Key": key, "X-Kapex-User-Id": "u"},
        json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
    )
    assert in_url.status_code == 401 and "URL" in in_url.json()["error"]["message"]


def test_mcp_calls_count_against_the_tenant_rate_limit(live: LiveServer) -> None:
    key = live.key()
    headers = {"X-API-Key": key, "X-Kapex-User-Id": "u"}
    before = httpx.get(f"{live.url}/account", headers={"X-API-Key": key})

    async def one_call() -> None:
        async with _http_client(live.origin, headers)() as client:
            await client.call_tool("list_memories", {})

    asyncio.run(one_call())
    after = httpx.get(f"{live.url}/account", headers={"X-API-Key": key})
    spent = int(before.headers["X-RateLimit-Remaining"]) - int(
        after.headers["X-RateLimit-Remaining"]
    )
    assert spent >= 2  # at least the tool call and the account read after it


def test_hosts_outside_the_public_url_are_refused(make_live: Any) -> None:
    live = make_live(public_url="https://memory.example.com")
    key = live.key()
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    base = {
        "X-API-Key": key,
        "X-Kapex-User-Id": "u",
        "Accept": "application/json, text/event-stream",
    }
    rebound = httpx.post(f"{live.origin}/mcp", headers={**base, "Host": "evil.example"}, json=body)
    public = httpx.post(
        f"{live.origin}/mcp", headers={**base, "Host": "memory.example.com"}, json=body
    )
    foreign_page = httpx.post(
        f"{live.origin}/mcp", headers={**base, "Origin": "https://evil.example"}, json=body
    )
    assert rebound.status_code == 403 and rebound.json()["error"]["code"] == "FORBIDDEN"
    assert "KAPEX_PUBLIC_URL" in rebound.json()["error"]["message"]
    assert foreign_page.status_code == 403
    assert public.status_code == 200
    assert {t["name"] for t in public.json()["result"]["tools"]} == TOOLS
