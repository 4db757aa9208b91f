"""A real HTTP proxy in front of the live server that misbehaves on cue.

Each request takes the next fault from a script (then ``"pass"`` forever):

- ``"pass"``: forward to KAPEX and relay its answer;
- ``"stored-then-503"``: forward (the server acts on it), then answer 503 with Retry-After,
  as a load balancer timing out on a slow backend would;
- ``"stored-then-drop"``: forward, then close the connection without an answer;
- ``"503"`` / ``"503-no-retry-after"``: answer 503 without forwarding;
- ``"429-long"``: answer 429 with a Retry-After of an hour, without forwarding;
- ``"500"``: answer 500 INTERNAL_ERROR without forwarding.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from tests.live import LiveServer, Received, Reply, StubServer, stub_server

_HOP = {"host", "content-length", "connection", "transfer-encoding", "accept-encoding"}


def _error(status: int, code: str, message: str, **headers: str) -> Reply:
    return Reply(
        status=status,
        body={"error": {"code": code, "message": message}},
        headers={"X-Request-ID": f"proxy-{status}", **headers},
    )


@contextmanager
def faulty_proxy(live: LiveServer, script: list[str]) -> Iterator[StubServer]:
    pending = list(script)
    http = httpx.Client(base_url=live.origin, timeout=60)

    def forward(got: Received) -> httpx.Response:
        headers = {k: v for k, v in got.headers.items() if k not in _HOP}
        return http.request(got.method, got.path, headers=headers, content=got.body)

    def handle(got: Received) -> Reply:
        fault = pending.pop(0) if pending else "pass"
        if fault == "503":
            return _error(503, "UNAVAILABLE", "Storage is unreachable.", **{"Retry-After": "1"})
        if fault == "503-no-retry-after":
            return _error(503, "UNAVAILABLE", "Storage is unreachable.")
        if fault == "429-long":
            return _error(429, "RATE_LIMITED", "Daily limit.", **{"Retry-After": "3600"})
        if fault == "500":
            return _error(500, "INTERNAL_ERROR", "Internal error. Quote request id proxy-500.")
        answer = forward(got)
        if fault == "stored-then-503":
            return _error(503, "UNAVAILABLE", "Upstream timed out.", **{"Retry-After": "1"})
        if fault == "stored-then-drop":
            return Reply(drop=True)
        relayed = {
            k: v
            for k, v in answer.headers.items()
            if k.lower() not in _HOP and k.lower() != "content-encoding"
        }
        return Reply(status=answer.status_code, raw=answer.content, headers=relayed)

    with stub_server(handle) as proxy:
        yield proxy
    http.close()
