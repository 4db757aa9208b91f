"""A small TLS-terminating reverse proxy, doing for the tests what nginx does in
``deploy/compose.yaml``: HTTPS in front, round-robin over the API processes, the client's
address in ``X-Forwarded-For`` and ``X-Forwarded-Proto: https``, ``/metrics`` not exposed,
and a request that could not reach one process retried on the next (never one that reached
a process: an ingest must not be sent twice).
"""

from __future__ import annotations

import itertools
import threading
import time
from typing import Any

import httpx
import uvicorn

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "upgrade", "host", "te"}


class RoundRobinProxy:
    """An ASGI app forwarding every request to the next upstream that accepts a connection."""

    def __init__(self, upstreams: list[str]) -> None:
        self.upstreams = upstreams
        self._turn = itertools.count()
        self._client: httpx.AsyncClient | None = None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    self._client = httpx.AsyncClient(timeout=60)
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    if self._client is not None:
                        await self._client.aclose()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if scope["path"] == "/metrics":
            await self._answer(send, 404, b'{"error": "not here"}', [])
            return
        headers = [
            (k.decode(), v.decode())
            for k, v in scope["headers"]
            if k.decode().lower() not in HOP_BY_HOP
            and k.decode().lower() not in ("x-forwarded-for", "x-forwarded-proto")
        ]
        headers += [("X-Forwarded-For", scope["client"][0]), ("X-Forwarded-Proto", "https")]
        target = scope["raw_path"].decode() + (
            "?" + scope["query_string"].decode() if scope["query_string"] else ""
        )
        assert self._client is not None
        start = next(self._turn)
        for attempt in range(len(self.upstreams)):
            upstream = self.upstreams[(start + attempt) % len(self.upstreams)]
            try:
                response = await self._client.request(
                    scope["method"], upstream + target, headers=headers, content=body
                )
            except httpx.ConnectError:
                continue  # nothing reached this upstream: safe to try the next
            except httpx.TransportError:
                await self._answer(send, 502, b'{"error": "upstream failed"}', [])
                return
            kept = [(k, v) for k, v in response.headers.items() if k.lower() not in HOP_BY_HOP]
            kept = [
                (k, v) for k, v in kept if k.lower() not in ("content-length", "content-encoding")
            ]
            await self._answer(send, response.status_code, response.content, kept)
            return
        await self._answer(send, 502, b'{"error": "no upstream"}', [])

    @staticmethod
    async def _answer(send: Any, status: int, body: bytes, headers: list[tuple[str, str]]) -> None:
        raw = [(k.encode(), v.encode()) for k, v in headers]
        raw.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": body})


class TlsProxy:
    """The proxy served over TLS by uvicorn in a background thread."""

    def __init__(self, upstreams: list[str], *, port: int, cert: str, key: str) -> None:
        config = uvicorn.Config(
            RoundRobinProxy(upstreams),
            host="127.0.0.1",
            port=port,
            ssl_certfile=cert,
            ssl_keyfile=key,
            log_level="warning",
            lifespan="on",
        )
        self.server = uvicorn.Server(config)
        self.url = f"https://127.0.0.1:{port}"
        self._thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise AssertionError("the TLS proxy did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=10)
