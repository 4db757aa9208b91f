"""The OpenAI Agents SDK's own runner with ``KapexSession`` and ``KapexInstructions``, a stub
LLM server (chat completions) and a live KAPEX server."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest
from agents import Agent, OpenAIChatCompletionsModel, Runner, SQLiteSession, function_tool
from openai import AsyncOpenAI

from kapex.client import AsyncKapex, Kapex
from kapex.integrations.openai_agents import KapexInstructions, KapexSession
from tests.integrations.stub_llm import ToolCall, stub_llm
from tests.live import LiveServer


@function_tool
def weather(city: str) -> str:
    """The weather forecast for a city."""
    return f"Sunny in {city}."


@pytest.fixture(autouse=True)
def _no_tracing(monkeypatch: pytest.MonkeyPatch) -> None:
    # The SDK would export traces to OpenAI's servers; the tests stay offline.
    monkeypatch.setenv("OPENAI_AGENTS_DISABLE_TRACING", "1")


def test_the_runner_gets_the_block_in_its_instructions_and_turns_reach_kapex(
    live: LiveServer, tmp_path: object
) -> None:
    key = live.key()
    with Kapex(key, base_url=live.url) as kapex:
        kapex.ingest("cleo", "I get seasick, so no boat trips for me.")

    async def conversation(base_url: str) -> list[str]:
        async with AsyncKapex(key, base_url=live.url) as memory:
            model = OpenAIChatCompletionsModel(
                model="stub-model",
                openai_client=AsyncOpenAI(base_url=base_url, api_key="stub", max_retries=0),
            )
            agent = Agent(
                name="travel",
                instructions=KapexInstructions("You plan trips.", client=memory),
                model=model,
                tools=[weather],
            )
            session = KapexSession(SQLiteSession("trip-1"), user_id="cleo", client=memory)
            answers = []
            for question in ("Ideas for a day in Lisbon?", "And the weather there?"):
                result = await Runner.run(
                    agent, question, session=session, context={"user_id": "cleo"}
                )
                answers.append(str(result.final_output))
            assert len(await session.get_items()) >= 4  # history lives in the inner session
            return answers

    with stub_llm(
        "Walk Alfama and take tram 28.",
        ToolCall("weather", {"city": "Lisbon"}),
        "Sunny: a good day for the Belem tower.",
    ) as llm:
        answers = asyncio.run(conversation(llm.base_url))
        systems = llm.system_messages()
    assert answers == ["Walk Alfama and take tram 28.", "Sunny: a good day for the Belem tower."]
    assert len(systems) == 3
    assert all(s.index("seasick") < s.index("You plan trips.") for s in systems)
    with Kapex(key, base_url=live.url) as kapex:
        stored = {n.summary: n for n in kapex.nodes("cleo")}
    texts = " | ".join(stored)
    for said in ("day in Lisbon", "tram 28", "weather there", "Belem tower"):
        assert said in texts
    assert "Sunny in Lisbon." not in texts  # tool output is history, not memory
    assert len(stored) == 5
    assert {n.session_id for n in stored.values() if "Lisbon" in n.summary} == {"trip-1"}


def test_without_memories_the_instructions_are_unchanged(live: LiveServer) -> None:
    key = live.key()

    async def run(base_url: str) -> None:
        async with AsyncKapex(key, base_url=live.url) as memory:
            model = OpenAIChatCompletionsModel(
                model="stub-model", openai_client=AsyncOpenAI(base_url=base_url, api_key="x")
            )
            agent = Agent(
                name="a",
                instructions=KapexInstructions("Be kind.", user_id="new_user", client=memory),
                model=model,
            )
            await Runner.run(agent, "Hello!")

    with stub_llm("Hi!") as llm:
        asyncio.run(run(llm.base_url))
        assert llm.system_messages() == ["Be kind."]


def test_a_missing_agents_sdk_names_the_extra_to_install() -> None:
    probe = "import sys; sys.modules['agents'] = None; import kapex.integrations.openai_agents"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 1
    assert "pip install 'kapex[openai-agents]'" in done.stderr
