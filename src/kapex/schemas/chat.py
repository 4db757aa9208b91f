"""The part of an OpenAI chat-completions request the proxy reads.

Only what memory needs is validated (``messages``, ``user``, ``stream``); every other field,
known today or added by a future version of the format, is allowed and forwarded exactly as
the caller sent it. Unlike KAPEX's own bodies these models accept unknown fields: the proxy
must never refuse a request its upstream would take.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field


class ChatMessage(BaseModel):
    """One message: a role, and content that is text, an array of parts, or absent."""

    model_config = ConfigDict(extra="allow", strict=True)

    role: str
    content: str | list[dict[str, Any]] | None = None


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)

    messages: Annotated[list[ChatMessage], Field(min_length=1)]
    user: str | None = None
    stream: bool | None = None
