"""A stand-in OpenAI-compatible LLM server: records what it receives, answers as told.

It is a real Starlette app served by uvicorn (``tests.live.serve``), so the proxy talks to it
over HTTP exactly as it would to llama.cpp, Ollama or a hosted API.
"""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

#: The exact bytes of a non-streamed answer: odd spacing and fields no schema knows, so a
#: proxy that re-serialised the answer instead of relaying it would be caught.
COMPLETION = (
    b'{"id": "chatcmpl-stub1", "object": "chat.completion", "created": 1767000000,\n'
    b' "model": "stub-model", "system_fingerprint": "fp_stub",\n'
    b' "choices": [{"index": 0, "finish_reason": "stop", "logprobs": null,\n'
    b'   "message": {"role": "assistant", "content": "%s"}}],\n'
    b' "usage": {"prompt_tokens": 12, "completion_tokens": 9, "total_tokens": 21},\n'
    b' "x_vendor_extension": {"kept": true}}'
)
MODELS = (
    b'{"object": "list", "data": [{"id": "stub-model", "object": "model", "created": 1767000000,'
    b' "owned_by": "stub"}, {"id": "stub-small", "object": "model", "created": 1767000001,'
    b' "owned_by": "stub"}]}'
)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None


@dataclass
class StubUpstream:
    """What the stub answers; tests change these fields before a call."""

    #: Where it listens, once served.
    url: str = ""
    reply: str = "Biscuit sounds like a wonderful dog."
    #: Answer with this status and ``error_body`` instead of a completion.
    status: int = 200
    error_body: Any = None
    #: Seconds to wait before answering (before the first byte).
    delay: float = 0.0
    #: Streaming: after the first chunk, wait until the test sets this (at most 10 s).
    hold: threading.Event | None = None
    #: Streaming: after the first chunk, wait this long (a stall mid-answer).
    stall: float = 0.0
    #: Streaming: after the first chunk, drop the connection.
    break_off: bool = False
    received: list[Received] = field(default_factory=list)
    #: Set once the stub has sent the last byte of a streamed answer.
    finished: threading.Event = field(default_factory=threading.Event)
    #: Set when a streamed answer was abandoned: its reader hung up before the end.
    abandoned: threading.Event = field(default_factory=threading.Event)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v1/chat/completions", self._chat, methods=["POST"]),
                Route("/v1/models", self._models, methods=["GET"]),
            ]
        )

    @property
    def last(self) -> Received:
        return self.received[-1]

    async def _models(self, request: Request) -> Response:
        self.received.append(Received("/v1/models", dict(request.headers), None))
        if self.status != 200:
            return self._error()
        return Response(MODELS, media_type="application/json")

    async def _chat(self, request: Request) -> Response:
        body = json.loads(await request.body())
        self.received.append(Received("/v1/chat/completions", dict(request.headers), body))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.status != 200:
            return self._error()
        if body.get("stream"):
            return StreamingResponse(self._events(), media_type="text/event-stream")
        content = json.dumps(self.reply)[1:-1].encode()
        return Response(COMPLETION % content, media_type="application/json")

    def _error(self) -> Response:
        if isinstance(self.error_body, str):
            return Response(self.error_body, status_code=self.status, media_type="text/plain")
        return JSONResponse(self.error_body, status_code=self.status)

    async def _events(self) -> Any:
        words = self.reply.split(" ")
        pieces = [words[0], *(" " + w for w in words[1:])]
        try:
            yield _chunk({"role": "assistant", "content": pieces[0]})
            if self.hold is not None:
                await asyncio.to_thread(self.hold.wait, 10)
            if self.stall:
                await asyncio.sleep(self.stall)
            if self.break_off:
                raise ConnectionAbortedError("the stub drops the connection mid-answer")
            for piece in pieces[1:]:
                yield _chunk({"content": piece})
            yield _chunk({}, finish_reason="stop")
            yield b"data: [DONE]\n\n"
            self.finished.set()
        finally:
            if not self.finished.is_set():
                self.abandoned.set()


def _chunk(delta: dict[str, Any], *, finish_reason: str | None = None) -> bytes:
    event = {
        "id": "chatcmpl-stub2",
        "object": "chat.completion.chunk",
        "created": 1767000000,
        "model": "stub-model",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    }
    return b"data: " + json.dumps(event).encode() + b"\n\n"
