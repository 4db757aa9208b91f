"""KAPEX as a LlamaIndex long-term memory block.

``KapexMemoryBlock`` goes in ``Memory.from_defaults(memory_blocks=[...])``:

- ``get`` returns the KAPEX context block for the latest user message in the chat history;
  ``Memory`` puts it into the system message (``insert_method="system"``, the default);
- ``put`` stores the user and assistant messages it is given (tool and system messages are
  not memories). LlamaIndex puts into long-term blocks the messages that *leave* short-term
  memory (``token_limit`` × ``chat_history_token_ratio``), so a turn reaches KAPEX when it is
  flushed from the chat buffer, not the moment it is said (docs/integrations.md).

A failed write is logged and the conversation goes on (``raise_errors=True`` to raise).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from kapex.client.aio import AsyncKapex
from kapex.errors import KapexError
from kapex.integrations.common import failed_write, missing_extra

try:
    from llama_index.core.base.llms.types import ChatMessage, MessageRole
    from llama_index.core.memory.memory import BaseMemoryBlock
except ImportError as missing:
    raise missing_extra("LlamaIndex", "llamaindex", missing) from None

_ROLES = {MessageRole.USER: "user", MessageRole.ASSISTANT: "assistant"}
MAX_BATCH = 100  # the service's limit on items per batch


class KapexMemoryBlock(BaseMemoryBlock[str]):
    """One end user's KAPEX memory as a LlamaIndex memory block."""

    name: str = Field(default="kapex_memory", description="The name of the memory block.")
    description: str | None = Field(
        default="What KAPEX remembers about this user that bears on the conversation."
    )
    user_id: str = Field(description="The end user whose memory this is.")
    session_id: str | None = Field(
        default=None, description="Session for stored turns (default: the Memory's session)."
    )
    max_tokens: int | None = Field(default=None, description="Size limit of the block.")
    client: AsyncKapex | None = Field(default=None, exclude=True)
    raise_errors: bool = False

    def _kapex(self) -> AsyncKapex:
        if self.client is None:
            self.client = AsyncKapex()
        return self.client

    async def _aget(self, messages: list[ChatMessage] | None = None, **block_kwargs: Any) -> str:
        latest = [m for m in messages or [] if m.role == MessageRole.USER and m.content]
        if not latest:
            return ""
        answer = await self._kapex().query(
            self.user_id,
            str(latest[-1].content),
            session_id=self.session_id,
            max_tokens=self.max_tokens,
        )
        return answer.context

    async def _aput(self, messages: list[ChatMessage]) -> None:
        items = [
            {
                "content": str(message.content),
                "role": _ROLES[message.role],
                **self._session_of(message),
            }
            for message in messages
            if message.role in _ROLES and message.content and str(message.content).strip()
        ]
        try:
            for start in range(0, len(items), MAX_BATCH):
                await self._kapex().ingest_batch(self.user_id, items[start : start + MAX_BATCH])
        except KapexError as error:
            failed_write(error, raise_errors=self.raise_errors)

    def _session_of(self, message: ChatMessage) -> dict[str, str]:
        session = self.session_id or message.additional_kwargs.get("session_id")
        return {"session_id": str(session)[:128]} if session else {}


__all__ = ["KapexMemoryBlock"]
