"""KAPEX memory for LangChain v1 agents (``create_agent``, running on LangGraph).

``KapexMiddleware`` does two things around each agent run:

- before the first model call it asks KAPEX for the context block for the latest user
  message, and every model call of the run gets that block *prepended* to its system message
  (the developer's own system prompt follows it and keeps the last word);
- after the agent finishes it stores the exchange: the latest user message and the agent's
  final answer (tool calls and intermediate steps are not memories).

The end user is ``user_id=`` or the run's context (``agent.invoke(..., context={"user_id":
...})``). A failed write is logged and the conversation goes on (``raise_errors=True`` to
raise instead). No ``BaseStore`` adapter: see docs/integrations.md for why.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any, NotRequired

from kapex.client.aio import AsyncKapex
from kapex.client.sync import Kapex
from kapex.errors import KapexError
from kapex.integrations.common import failed_write, missing_extra, turn_items, user_from

try:
    from langchain.agents.middleware import AgentMiddleware, AgentState, ModelRequest
    from langchain.agents.middleware.types import ModelResponse, PrivateStateAttr
    from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, SystemMessage
    from langgraph.channels.untracked_value import UntrackedValue
    from langgraph.runtime import Runtime
except ImportError as missing:
    raise missing_extra("LangChain v1", "langchain", missing) from None


class KapexState(AgentState[Any]):
    """The agent state plus this run's block (not checkpointed, not part of the output)."""

    kapex_context: NotRequired[Annotated[str, UntrackedValue, PrivateStateAttr]]


def _text(message: AnyMessage) -> str:
    return message.text if isinstance(message.text, str) else str(message.content)


def _exchange(messages: Sequence[AnyMessage]) -> tuple[str | None, str | None]:
    """The latest user message and the final answer that follows it."""
    last_user = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1)
    if last_user < 0:
        return None, None
    answers = [
        m for m in messages[last_user + 1 :] if isinstance(m, AIMessage) and not m.tool_calls
    ]
    return _text(messages[last_user]), (_text(answers[-1]) if answers else None)


def _with_block(request: ModelRequest[Any], block: str) -> ModelRequest[Any]:
    if not block:
        return request
    existing = request.system_message
    own = _text(existing) if existing is not None else ""
    content = f"{block}\n\n{own}" if own else block
    return request.override(system_message=SystemMessage(content=content))


class KapexMiddleware(AgentMiddleware[KapexState, Any]):
    """Memory in before the model, memory out after the agent (see the module docstring)."""

    state_schema = KapexState

    def __init__(
        self,
        *,
        user_id: str | None = None,
        session_id: str | None = None,
        max_tokens: int | None = None,
        client: Kapex | None = None,
        async_client: AsyncKapex | None = None,
        raise_errors: bool = False,
    ) -> None:
        super().__init__()
        self._user = user_id
        self._session = session_id
        self._max_tokens = max_tokens
        self._client = client
        self._async_client = async_client
        self._raise = raise_errors

    @property
    def name(self) -> str:
        return "KapexMiddleware"

    def _sync(self) -> Kapex:
        if self._client is None:
            self._client = Kapex()
        return self._client

    # --- before: recall ---------------------------------------------------------------

    def before_agent(self, state: KapexState, runtime: Runtime[Any]) -> dict[str, Any] | None:
        message, _ = _exchange(state["messages"])
        if not message:
            return None
        block = self._sync().query(
            user_from(runtime.context, self._user),
            message,
            session_id=self._session,
            max_tokens=self._max_tokens,
        )
        return {"kapex_context": block.context}

    async def abefore_agent(
        self, state: KapexState, runtime: Runtime[Any]
    ) -> dict[str, Any] | None:
        if self._async_client is None:
            return await asyncio.to_thread(self.before_agent, state, runtime)
        message, _ = _exchange(state["messages"])
        if not message:
            return None
        block = await self._async_client.query(
            user_from(runtime.context, self._user),
            message,
            session_id=self._session,
            max_tokens=self._max_tokens,
        )
        return {"kapex_context": block.context}

    def wrap_model_call(
        self,
        request: ModelRequest[Any],
        handler: Callable[[ModelRequest[Any]], ModelResponse[Any]],
    ) -> ModelResponse[Any] | AIMessage:
        return handler(_with_block(request, str(request.state.get("kapex_context") or "")))

    async def awrap_model_call(
        self,
        request: ModelRequest[Any],
        handler: Callable[[ModelRequest[Any]], Awaitable[ModelResponse[Any]]],
    ) -> ModelResponse[Any] | AIMessage:
        return await handler(_with_block(request, str(request.state.get("kapex_context") or "")))

    # --- after: remember --------------------------------------------------------------

    def after_agent(self, state: KapexState, runtime: Runtime[Any]) -> dict[str, Any] | None:
        items = turn_items(*_exchange(state["messages"]), session_id=self._session)
        if items:
            try:
                self._sync().ingest_batch(user_from(runtime.context, self._user), items)
            except KapexError as error:
                failed_write(error, raise_errors=self._raise)
        return None

    async def aafter_agent(self, state: KapexState, runtime: Runtime[Any]) -> dict[str, Any] | None:
        if self._async_client is None:
            return await asyncio.to_thread(self.after_agent, state, runtime)
        items = turn_items(*_exchange(state["messages"]), session_id=self._session)
        if items:
            try:
                await self._async_client.ingest_batch(user_from(runtime.context, self._user), items)
            except KapexError as error:
                failed_write(error, raise_errors=self._raise)
        return None


__all__ = ["KapexMiddleware", "KapexState"]
