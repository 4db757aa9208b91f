"""A stand-in OpenAI-compatible LLM server for ``kapex bench proxy``.

It answers at once, so what a benchmark measures through it is KAPEX's time, and it notes on
the bench process's clock when each request reached it (by the request's ``bench_seq``
field, which the proxy forwards like any other field). ``scripts/fuzz`` runs it as the proxy's
upstream (``python -m kapex.bench.stub_llm PORT``), so the fuzzer reaches the proxy's own code
rather than its "no upstream configured" answer.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

_REPLY = "Noted, thanks for telling me."


def _completion(message: dict[str, Any], finish: str) -> bytes:
    choice = {"index": 0, "finish_reason": finish, "message": message}
    body = {"id": "chatcmpl-bench", "object": "chat.completion", "model": "bench"}
    return json.dumps({**body, "choices": [choice]}).encode()


#: A turn with text to remember, and a tool call (nothing to remember).
TEXT_ANSWER = _completion({"role": "assistant", "content": _REPLY}, "stop")
TOOL_CALL_ANSWER = _completion(
    {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": "call_2", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}
        ],
    },
    "tool_calls",
)


class StubLLM:
    """Answers chat completions at once; ``arrived[bench_seq]`` is when each one came in."""

    def __init__(self) -> None:
        self.arrived: dict[int, float] = {}

    async def _chat(self, request: Request) -> Response:
        body = json.loads(await request.body())
        if "bench_seq" in body:
            self.arrived[body["bench_seq"]] = time.perf_counter()
        if body.get("stream") is True:
            return StreamingResponse(_events(), media_type="text/event-stream")
        # A call continuing after a tool result is answered with another tool call.
        answer = TOOL_CALL_ANSWER if body["messages"][-1]["role"] == "tool" else TEXT_ANSWER
        return Response(answer, media_type="application/json")

    @contextlib.contextmanager
    def serve(self, *, port: int = 0) -> Iterator[str]:
        """Serve on 127.0.0.1 (``port`` 0: a free one) in a thread; yields the base URL."""
        app = Starlette(
            routes=[
                Route("/v1/chat/completions", self._chat, methods=["POST"]),
                Route("/v1/models", _models, methods=["GET"]),
            ]
        )
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False, ws="none"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the stub LLM server did not start")
            time.sleep(0.01)
        try:
            yield f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            sock.close()


async def _events() -> AsyncIterator[bytes]:
    words = _REPLY.split(" ")
    deltas = [
        {"role": "assistant", "content": words[0]},
        *({"content": " " + w} for w in words[1:]),
    ]
    for index, delta in enumerate([*deltas, {}]):
        finish = "stop" if index == len(deltas) else None
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        chunk = {"id": "chatcmpl-bench", "object": "chat.completion.chunk", "choices": [choice]}
        yield b"data: " + json.dumps(chunk).encode() + b"\n\n"
    yield b"data: [DONE]\n\n"


async def _models(_request: Request) -> Response:
    listing = {"object": "list", "data": [{"id": "bench", "object": "model", "owned_by": "stub"}]}
    return Response(json.dumps(listing), media_type="application/json")


if __name__ == "__main__":  # python -m kapex.bench.stub_llm PORT: serve until killed
    import sys

    with StubLLM().serve(port=int(sys.argv[1])) as url:
        print(url, flush=True)
        threading.Event().wait()
