"""LangChain v1's own agent loop (``create_agent``) with ``KapexMiddleware``, a stub LLM
server and a live KAPEX server."""

from __future__ import annotations

import asyncio
import subprocess
import sys

from langchain.agents import create_agent
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI

from kapex.client import AsyncKapex, Kapex
from kapex.integrations.langchain import KapexMiddleware
from tests.integrations.stub_llm import ToolCall, stub_llm
from tests.live import LiveServer


@tool
def recipe_search(query: str) -> str:
    """Find a recipe."""
    return f"Found: vegetable curry ({query})"


def _model(base_url: str) -> ChatOpenAI:
    return ChatOpenAI(model="stub-model", base_url=base_url, api_key="stub", max_retries=0)


def test_the_block_is_prepended_on_every_model_call_and_the_answer_stored(
    live: LiveServer,
) -> None:
    kapex = Kapex(live.key(), base_url=live.url)
    kapex.ingest("ana", "I'm vegetarian and I'm allergic to peanuts.")
    with stub_llm(
        ToolCall("recipe_search", {"query": "no peanuts"}), "Try a vegetable curry."
    ) as llm:
        agent = create_agent(
            _model(llm.base_url),
            tools=[recipe_search],
            system_prompt="You are a cooking assistant.",
            middleware=[KapexMiddleware(client=kapex)],
        )
        result = agent.invoke(
            {"messages": [{"role": "user", "content": "What should I cook for dinner?"}]},
            context={"user_id": "ana"},
        )
        systems = llm.system_messages()
    assert result["messages"][-1].content == "Try a vegetable curry."
    assert len(systems) == 2  # the tool call, then the answer: the block is in both
    for system in systems:
        assert "peanuts" in system
        assert system.index("peanuts") < system.index("You are a cooking assistant.")
    stored = [n.summary for n in kapex.nodes("ana", order="recent")]
    assert any("What should I cook for dinner?" in s for s in stored)
    assert any("vegetable curry" in s for s in stored)
    assert not any("Found:" in s for s in stored)  # tool output is not a memory
    assert len(stored) == 3
    kapex.close()


def test_the_async_agent_loop_uses_the_async_client(live: LiveServer) -> None:
    key = live.key()
    with Kapex(key, base_url=live.url) as kapex:
        kapex.ingest("ben", "My daughter Iris turns seven on Saturday.")

    async def run(base_url: str) -> str:
        async with AsyncKapex(key, base_url=live.url) as memory:
            agent = create_agent(
                _model(base_url),
                system_prompt="Be brief.",
                middleware=[KapexMiddleware(user_id="ben", async_client=memory, session_id="s1")],
            )
            result = await agent.ainvoke(
                {"messages": [{"role": "user", "content": "Party ideas for Iris?"}]}
            )
            return str(result["messages"][-1].content)

    with stub_llm("A garden treasure hunt.") as llm:
        answer = asyncio.run(run(llm.base_url))
        [system] = llm.system_messages()
    assert answer == "A garden treasure hunt." and "seven" in system
    with Kapex(key, base_url=live.url) as kapex:
        stored = {n.summary: n.session_id for n in kapex.nodes("ben")}
    assert len(stored) == 3
    assert {s for text, s in stored.items() if "Party" in text or "treasure" in text} == {"s1"}


def test_a_missing_langchain_names_the_extra_to_install() -> None:
    probe = "import sys; sys.modules['langchain'] = None; import kapex.integrations.langchain"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 1
    assert "pip install 'kapex[langchain]'" in done.stderr
