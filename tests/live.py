"""Real HTTP servers for tests that need a socket (streaming, clients that speak HTTP only).

``TestClient`` runs the app in-process and hands back a response only once the whole app
call is over: background tasks included, streams collected whole. What a caller sees on the
wire (the first chunk before the last, an answer before the write behind it) needs uvicorn
on a real port.

Ports come from ``KAPEX_TEST_PORTS`` (``8140-8149``: the range a machine shared by several
runs gives this one), else the operating system picks a free one.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import uvicorn


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
