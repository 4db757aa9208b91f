"""LlamaIndex's own agent loop (``ReActAgent``) with ``Memory`` holding a ``KapexMemoryBlock``,
a stub LLM server and a live KAPEX server."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

import httpx
import pytest
from llama_index.core.agent.workflow import FunctionAgent, ReActAgent
from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    CompletionResponse,
    LLMMetadata,
)
from llama_index.core.llms.function_calling import FunctionCallingLLM
from llama_index.core.memory import InsertMethod, Memory

from kapex.client import AsyncKapex, Kapex
from kapex.integrations.llamaindex import KapexMemoryBlock
from tests.integrations.stub_llm import stub_llm
from tests.live import LiveServer


class ChatCompletionsLLM(FunctionCallingLLM):
    """A minimal LlamaIndex LLM speaking the OpenAI chat-completions wire format.

    (llama-index-llms-openai pins openai<3 while the Agents SDK needs openai>=3, so the test
    environment cannot hold both; this class is all the test needs from it. It offers no
    tools, so it never asks for a tool call.)
    """

    base_url: str

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(
            model_name="stub-model", is_chat_model=True, is_function_calling_model=True
        )

    def _prepare_chat_with_tools(
        self, tools: Sequence[Any], user_msg: Any = None, chat_history: Any = None, **kwargs: Any
    ) -> dict[str, Any]:
        history = list(chat_history or [])
        if user_msg is not None:
            history.append(
                user_msg
                if isinstance(user_msg, ChatMessage)
                else ChatMessage(role="user", content=str(user_msg))
            )
        return {"messages": history}

    def get_tool_calls_from_response(self, response: Any, **kwargs: Any) -> list[Any]:
        return []

    def _payload(self, messages: Sequence[ChatMessage]) -> dict[str, Any]:
        return {
            "model": "stub-model",
            "messages": [{"role": m.role.value, "content": str(m.content)} for m in messages],
        }

    def chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        body = httpx.post(f"{self.base_url}/chat/completions", json=self._payload(messages))
        text = body.json()["choices"][0]["message"]["content"]
        return ChatResponse(message=ChatMessage(role="assistant", content=text))

    async def achat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        async with httpx.AsyncClient() as http:
            body = await http.post(
                f"{self.base_url}/chat/completions", json=self._payload(messages)
            )
        text = body.json()["choices"][0]["message"]["content"]
        return ChatResponse(message=ChatMessage(role="assistant", content=text))

    def stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> Iterator[ChatResponse]:
        answer = self.chat(messages)
        yield ChatResponse(message=answer.message, delta=str(answer.message.content))

    async def astream_chat(
        self, messages: Sequence[ChatMessage], **kwargs: Any
    ) -> AsyncIterator[ChatResponse]:
        answer = await self.achat(messages)

        async def one() -> AsyncIterator[ChatResponse]:
            yield ChatResponse(message=answer.message, delta=str(answer.message.content))

        return one()

    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        raise NotImplementedError

    async def acomplete(
        self, prompt: str, formatted: bool = False, **kwargs: Any
    ) -> CompletionResponse:
        raise NotImplementedError

    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> Any:
        raise NotImplementedError

    async def astream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> Any:
        raise NotImplementedError


def _react(answer: str) -> str:
    return f"Thought: I can answer without using any more tools.\nAnswer: {answer}"


QUESTIONS = (
    "How many kilometres should I run this week for my race training?",
    "What should I eat the night before a long run on Sunday?",
)


# LlamaIndex's workflow engine inspects its agent with inspect.getmembers (touching pydantic's
# deprecated attributes) and calls its own deprecated is_running: its warnings, not ours.
@pytest.mark.filterwarnings("ignore::pydantic.warnings.PydanticDeprecationWarning")
@pytest.mark.filterwarnings("ignore:is_running called from within a step:DeprecationWarning")
@pytest.mark.parametrize(
    ("agent_kind", "insert", "reply"),
    [
        # FunctionAgent sends Memory's system message as it is.
        ("function", InsertMethod.SYSTEM, lambda text: text),
        # ReActAgent replaces the system message with its own prompt, so the block must ride
        # in the user message (documented in docs/integrations.md).
        ("react", InsertMethod.USER, _react),
    ],
)
def test_the_block_reaches_the_model_and_flushed_turns_reach_kapex(
    live: LiveServer, agent_kind: str, insert: InsertMethod, reply: Any
) -> None:
    key = live.key()
    with Kapex(key, base_url=live.url) as kapex:
        kapex.ingest("dara", "I'm training for the Berlin marathon in September.")

    async def conversation(base_url: str) -> list[str]:
        async with AsyncKapex(key, base_url=live.url) as memory_client:
            memory = Memory.from_defaults(
                session_id="run-club",
                token_limit=30,  # a small chat buffer: the first turn leaves it on the second
                chat_history_token_ratio=0.5,
                token_flush_size=10,
                tokenizer_fn=str.split,  # word counts: the flush point is predictable
                insert_method=insert,
                memory_blocks=[KapexMemoryBlock(user_id="dara", client=memory_client)],
            )
            llm = ChatCompletionsLLM(base_url=base_url)
            agent: Any = (
                FunctionAgent(tools=[], llm=llm, system_prompt="You coach runners.")
                if agent_kind == "function"
                else ReActAgent(tools=[], llm=llm)
            )
            return [str(await agent.run(user_msg=q, memory=memory)) for q in QUESTIONS]

    with stub_llm(reply("About 45 km."), reply("Pasta with vegetables.")) as llm:
        answers = asyncio.run(conversation(llm.base_url))
        chats = llm.chats()
    assert [a.strip() for a in answers] == ["About 45 km.", "Pasta with vegetables."]
    for chat in chats:  # the block, on every call, where the insert method puts it
        role = "system" if insert is InsertMethod.SYSTEM else "user"
        carrying = [m for m in chat["messages"] if m["role"] == role]
        assert any("Berlin marathon" in m["content"] for m in carrying), chat
    with Kapex(key, base_url=live.url) as kapex:
        stored = {n.summary: n for n in kapex.nodes("dara")}
    texts = " | ".join(stored)
    assert "kilometres should I run" in texts and "About 45 km." in texts  # turn 1, flushed
    assert {n.session_id for s, n in stored.items() if "45 km" in s} == {"run-club"}


def test_the_block_is_empty_for_a_user_without_memories(live: LiveServer) -> None:
    async def get() -> str:
        async with AsyncKapex(live.key(), base_url=live.url) as client:
            block = KapexMemoryBlock(user_id="nobody", client=client)
            return await block.aget([ChatMessage(role="user", content="Hello")])

    assert asyncio.run(get()) == ""


def test_a_missing_llamaindex_names_the_extra_to_install() -> None:
    probe = "import sys; sys.modules['llama_index'] = None; import kapex.integrations.llamaindex"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 1
    assert "pip install 'kapex[llamaindex]'" in done.stderr
