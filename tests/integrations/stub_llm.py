"""An OpenAI-compatible chat-completions server for the framework tests (a real HTTP server).

It answers from a script: each request takes the next reply (a text, or a tool call), and
every request is kept so a test can read the system message the framework sent.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tests.live import Received, Reply, StubServer, chat_completion, stub_server


@dataclass
class ToolCall:
    name: str
    arguments: dict[str, Any]


@dataclass
class StubLLM:
    server: StubServer
    script: list[str | ToolCall] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"{self.server.origin}/v1"

    def chats(self) -> list[dict[str, Any]]:
        return [r.json() for r in self.server.received if r.path.endswith("/chat/completions")]

    def system_messages(self) -> list[str]:
        """The system text of every chat request (several system messages joined, in order)."""
        return [
            "\n".join(
                _text(m["content"])
                for m in chat["messages"]
                if m["role"] in ("system", "developer")
            )
            for chat in self.chats()
        ]


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content if isinstance(part, dict))


def _tool_call(call: ToolCall) -> dict[str, Any]:
    answer = chat_completion("")
    message = answer["choices"][0]["message"]
    message["content"] = None
    message["tool_calls"] = [
        {
            "id": f"call_{uuid.uuid4().hex[:8]}",
            "type": "function",
            "function": {"name": call.name, "arguments": json.dumps(call.arguments)},
        }
    ]
    answer["choices"][0]["finish_reason"] = "tool_calls"
    return answer


@contextmanager
def stub_llm(*script: str | ToolCall) -> Iterator[StubLLM]:
    pending = list(script)

    def handle(got: Received) -> Reply:
        if got.path.endswith("/models"):
            return Reply(body={"object": "list", "data": [{"id": "stub-model", "object": "model"}]})
        step = pending.pop(0) if pending else "OK."
        if isinstance(step, ToolCall):
            return Reply(body=_tool_call(step))
        return Reply(body=chat_completion(step))

    with stub_server(handle) as server:
        yield StubLLM(server=server, script=list(script))
