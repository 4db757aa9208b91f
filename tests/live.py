"""Real servers over real sockets for the SDK, MCP, integration, import and example tests.

- ``LiveServer``: the KAPEX app served by uvicorn in a thread, with a ``ManualClock`` the
  test can move (trial expiry) and the ``Services`` it runs on.
- ``StubServer``: a tiny HTTP server whose answers the test scripts (an OpenAI-compatible
  LLM, a faulty proxy in front of KAPEX, a 503 with ``Retry-After``). It records every request
  it receives with its arrival time.
- ``serve``: any ASGI app under uvicorn on a bound socket (the proxy's streaming tests: what
  a caller sees on the wire, the first chunk before the last, needs a real port — a
  ``TestClient`` hands back a response only once the whole app call is over).

Ports: ephemeral by default; ``KAPEX_TEST_PORTS=8130-8139`` confines every server the tests
start to that range (for machines where agents share the port space).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import uvicorn

from kapex.api.app import create_app
from kapex.clock import ManualClock
from kapex.services.container import Services

_ports_lock = threading.Lock()
_next_port = itertools.count()
_emails = itertools.count(1)


def free_port() -> int:
    """A free TCP port on loopback, from ``KAPEX_TEST_PORTS`` when set."""
    spec = os.environ.get("KAPEX_TEST_PORTS")
    if not spec:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return int(sock.getsockname()[1])
    low, high = (int(p) for p in spec.split("-"))
    with _ports_lock:
        for _ in range(high - low + 1):
            port = low + next(_next_port) % (high - low + 1)
            with socket.socket() as sock:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    raise RuntimeError(f"no free port in KAPEX_TEST_PORTS={spec}")


def wait_for_port(port: int, *, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.05)
    raise AssertionError(f"nothing listening on port {port} after {timeout} s")


class _ThreadedUvicorn(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # the test thread is not the main thread
        pass


@dataclass
class LiveServer:
    """The KAPEX app on a real socket; ``url`` is its ``/api/v1`` base."""

    services: Services
    clock: ManualClock
    port: int
    _server: _ThreadedUvicorn
    _thread: threading.Thread

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.origin}/api/v1"

    @classmethod
    def start(cls, services: Services, clock: ManualClock) -> LiveServer:
        # As `kapex serve` does (kapex.logs): uvicorn's access log prints query strings.
        logging.getLogger("uvicorn.access").disabled = True
        port = free_port()
        config = uvicorn.Config(
            create_app(services, clock=clock),
            host="127.0.0.1",
            port=port,
            log_config=None,
            access_log=False,
            lifespan="on",
        )
        server = _ThreadedUvicorn(config)
        thread = threading.Thread(target=server.run, name=f"kapex-live-{port}", daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise AssertionError("the live KAPEX server did not start")
            time.sleep(0.02)
        return cls(services=services, clock=clock, port=port, _server=server, _thread=thread)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=15)

    def signup(self, company: str = "Acme Health") -> dict[str, Any]:
        """A fresh trial tenant, created through the service (not over HTTP)."""
        from kapex.schemas.accounts import SignupRequest

        created = self.services.accounts.signup(
            SignupRequest(
                company_name=company,
                email=f"dev{next(_emails)}-{uuid.uuid4().hex[:6]}@example.com",
                name="Jordan Park",
            ),
            now=self.clock.now(),
            base_url=self.url,
        )
        return created.model_dump()

    def key(self, company: str = "Acme Health") -> str:
        return str(self.signup(company)["api_key"])


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float  # time.monotonic() on arrival

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None
    drop: bool = False  # close the connection without answering


Handler = Callable[[Received], Reply]


class StubServer:
    """A real HTTP server on loopback whose replies come from ``handler``."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.received: list[Received] = []
        stub = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: Any) -> None:  # keep test output quiet
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                got = Received(
                    method=self.command,
                    path=self.path,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=self.rfile.read(length) if length else b"",
                    at=time.monotonic(),
                )
                stub.received.append(got)
                reply = stub.handler(got)
                if reply.drop:
                    self.close_connection = True
                    with contextlib.suppress(OSError):
                        self.connection.shutdown(socket.SHUT_RDWR)
                    return
                payload = (
                    reply.raw
                    if reply.raw is not None
                    else json.dumps(reply.body).encode()
                    if reply.body is not None
                    else b""
                )
                self.send_response(reply.status)
                headers = {"Content-Type": "application/json", **reply.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

        self.port = free_port()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", self.port), _Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@contextlib.contextmanager
def stub_server(handler: Handler) -> Iterator[StubServer]:
    server = StubServer(handler)
    try:
        yield server
    finally:
        server.stop()


def chat_completion(content: str, *, model: str = "stub-model") -> dict[str, Any]:
    """An OpenAI chat-completions answer carrying ``content``."""
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def listening_socket(*, reuse: bool = True) -> socket.socket:
    """A bound socket on 127.0.0.1, on a free port of ``KAPEX_TEST_PORTS`` if set.

    ``reuse`` lets a server take a port still in TIME_WAIT from the previous test; a socket
    bound without it is never shared (Linux lets two sockets that both ask for reuse bind
    one port while neither listens).
    """
    wanted = os.environ.get("KAPEX_TEST_PORTS", "")
    candidates = [0]
    if wanted:
        low, _, high = wanted.partition("-")
        candidates = list(range(int(low), int(high or low) + 1))
    for port in candidates:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if reuse:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            sock.close()
            continue
        return sock
    raise RuntimeError(f"no free port in KAPEX_TEST_PORTS={wanted}")


@contextlib.contextmanager
def serve(app: Any) -> Iterator[str]:
    """Run ``app`` with uvicorn in a thread; yields its base URL, stops it on exit."""
    sock = listening_socket()
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        log_config=None,
        access_log=False,
        ws="none",
        lifespan="on",
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
