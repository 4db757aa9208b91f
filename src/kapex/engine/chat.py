"""The OpenAI chat-completions format: where memory goes in, and what comes out of it.

Pure functions on the JSON shapes every OpenAI-compatible server speaks (llama.cpp server,
Ollama, vLLM, LM Studio, hosted APIs): the text a message carries, the context block placed
in the system message, and the assistant's reply read from a completion or assembled from
the server-sent events of a streamed one. Nothing here knows about storage or HTTP.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

#: Roles whose message carries the instructions the context block joins. ``developer`` is
#: the newer OpenAI name for ``system`` (reasoning models); a request has one or the other.
SYSTEM_ROLES = frozenset({"system", "developer"})
#: What separates the block from the operator's own system prompt.
SEPARATOR = "\n\n"


def message_text(content: Any) -> str:
    """The text of a message's ``content``.

    A string is its own text; an array of content parts gives the text of its ``text``
    parts, one per line (image, audio and file parts carry no text); anything else (``None``
    for an assistant's tool call) gives ``""``.
    """
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(
            part["text"]
            for part in content
            if isinstance(part, Mapping)
            and part.get("type") == "text"
            and isinstance(part.get("text"), str)
        )
    return ""


def latest_user_text(messages: Sequence[Mapping[str, Any]]) -> str:
    """The text of the last ``user`` message (``""`` when there is none)."""
    for message in reversed(messages):
        if message.get("role") == "user":
            return message_text(message.get("content"))
    return ""


def ends_with_user(messages: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the conversation's last message is the user's: a new user turn, as opposed to
    a tool result or an assistant prefill continuing a turn already under way."""
    return bool(messages) and messages[-1].get("role") == "user"


def with_context(messages: Sequence[Mapping[str, Any]], block: str) -> list[dict[str, Any]]:
    """A copy of ``messages`` with ``block`` added to the system message.

    The block goes after the text of the first ``system`` (or ``developer``) message, as a
    new text part when that message's content is an array of parts; with no such message a
    system message holding the block is put first. An empty block changes nothing. The
    messages given are never modified, and every other field of every message is kept.
    """
    copied = [dict(message) for message in messages]
    if not block:
        return copied
    for message in copied:
        if message.get("role") in SYSTEM_ROLES:
            content = message.get("content")
            if isinstance(content, list):
                message["content"] = [*content, {"type": "text", "text": block}]
            elif isinstance(content, str) and content.strip():
                message["content"] = content.rstrip() + SEPARATOR + block
            else:
                message["content"] = block
            return copied
    return [{"role": "system", "content": block}, *copied]


def reply_text(completion: Any) -> str:
    """The assistant's text in a chat completion (its first choice); ``""`` when it has none
    (a tool call, a refusal) or the shape is not a chat completion."""
    if not isinstance(completion, Mapping):
        return ""
    choices = completion.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], Mapping):
        return ""
    message = choices[0].get("message")
    return message_text(message.get("content")) if isinstance(message, Mapping) else ""


class StreamedReply:
    """Assembles the assistant's text from a streamed completion, fed the bytes as they pass.

    Reads server-sent events (``data: {...}`` lines, events separated by a blank line) and
    appends the first choice's ``delta.content``. ``complete`` turns true when the stream
    says it has ended: the ``data: [DONE]`` sentinel, or a ``finish_reason`` on the first
    choice (some servers omit the sentinel). Text beyond ``max_chars`` is not kept, so a
    runaway answer cannot grow memory without bound.
    """

    def __init__(self, *, max_chars: int) -> None:
        self._max_chars = max_chars
        self._pending = b""
        self._data: list[str] = []
        self._parts: list[str] = []
        self._length = 0
        self.complete = False

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def feed(self, chunk: bytes) -> None:
        lines = (self._pending + chunk).split(b"\n")
        self._pending = lines.pop()
        for raw in lines:
            line = raw.rstrip(b"\r").decode("utf-8", errors="replace")
            if not line:
                self._dispatch()
            elif line.startswith("data:"):
                value = line[5:]
                self._data.append(value[1:] if value.startswith(" ") else value)

    def end(self) -> None:
        """The stream is over: read what is left (a last event without its blank line)."""
        if self._pending:
            self.feed(b"\n")
        self._dispatch()

    def _dispatch(self) -> None:
        if not self._data:
            return
        data, self._data = "\n".join(self._data), []
        if data.strip() == "[DONE]":
            self.complete = True
            return
        try:
            event = json.loads(data)
        except ValueError:
            return
        choices = event.get("choices") if isinstance(event, Mapping) else None
        if not isinstance(choices, list):
            return
        for choice in choices:
            if not isinstance(choice, Mapping) or choice.get("index", 0) != 0:
                continue
            delta = choice.get("delta")
            content = delta.get("content") if isinstance(delta, Mapping) else None
            if isinstance(content, str) and self._length < self._max_chars:
                kept = content[: self._max_chars - self._length]
                self._parts.append(kept)
                self._length += len(kept)
            if choice.get("finish_reason"):
                self.complete = True
