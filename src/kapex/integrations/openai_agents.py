"""KAPEX memory for the OpenAI Agents SDK.

- ``KapexSession`` wraps the session you already use (``SQLiteSession``, Redis, ...): history
  stays there, and every user message and assistant answer added to it is also copied to
  the end user's KAPEX memory. Tool calls, tool output and reasoning items are not copied.
- ``KapexInstructions`` is an ``instructions`` callable: it asks KAPEX for the block for the
  latest user message of the turn and returns it *before* your own instructions.

The end user is ``user_id=`` or the run context's ``user_id`` (``Runner.run(...,
context=...)``). A failed copy is logged and the run goes on (``raise_errors=True`` to raise).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kapex.client.aio import AsyncKapex
from kapex.errors import KapexError
from kapex.integrations.common import failed_write, missing_extra, user_from

try:
    from agents import Agent, RunContextWrapper, TResponseInputItem
    from agents.memory import Session, SessionSettings
except ImportError as missing:
    raise missing_extra("the OpenAI Agents SDK", "openai-agents", missing) from None


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, Iterable):
        return "".join(
            str(part.get("text", ""))
            for part in content
            if isinstance(part, Mapping) and part.get("type") in ("input_text", "output_text")
        )
    return ""


def message_of(item: Any) -> tuple[str, str] | None:
    """``(role, text)`` for a user or assistant message item, ``None`` for anything else."""
    if not isinstance(item, Mapping) or item.get("type", "message") != "message":
        return None
    role = item.get("role")
    if role not in ("user", "assistant"):
        return None
    text = _text(item.get("content"))
    return (role, text) if text.strip() else None


class KapexSession:
    """A ``Session`` that keeps history in ``inner`` and copies each turn to KAPEX."""

    def __init__(
        self,
        inner: Session,
        *,
        user_id: str,
        client: AsyncKapex | None = None,
        raise_errors: bool = False,
    ) -> None:
        self.inner = inner
        self.session_id = inner.session_id
        self.session_settings: SessionSettings | None = getattr(inner, "session_settings", None)
        self._user = user_id
        self._client = client
        self._raise = raise_errors

    def _kapex(self) -> AsyncKapex:
        if self._client is None:
            self._client = AsyncKapex()
        return self._client

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        return await self.inner.get_items(limit)

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        await self.inner.add_items(items)
        turns = [found for item in items if (found := message_of(item))]
        if not turns:
            return
        batch = [
            {"content": text, "role": role, "session_id": self.session_id} for role, text in turns
        ]
        try:
            await self._kapex().ingest_batch(self._user, batch)
        except KapexError as error:
            failed_write(error, raise_errors=self._raise)

    async def pop_item(self) -> TResponseInputItem | None:
        # Only the local history is rewound: what KAPEX stored stays a memory.
        return await self.inner.pop_item()

    async def clear_session(self) -> None:
        await self.inner.clear_session()


class KapexInstructions:
    """``Agent(instructions=KapexInstructions("You are ...", user_id=...))``."""

    def __init__(
        self,
        instructions: str,
        *,
        user_id: str | None = None,
        client: AsyncKapex | None = None,
        max_tokens: int | None = None,
    ) -> None:
        self._instructions = instructions
        self._user = user_id
        self._client = client
        self._max_tokens = max_tokens

    async def __call__(self, context: RunContextWrapper[Any], agent: Agent[Any]) -> str:
        latest = [m for item in context.turn_input if (m := message_of(item)) and m[0] == "user"]
        if not latest:
            return self._instructions
        if self._client is None:
            self._client = AsyncKapex()
        block = await self._client.query(
            user_from(context.context, self._user), latest[-1][1], max_tokens=self._max_tokens
        )
        if not block.context:
            return self._instructions
        return f"{block.context}\n\n{self._instructions}"


__all__ = ["KapexInstructions", "KapexSession", "message_of"]
