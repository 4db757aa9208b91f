"""An OpenAI Agents SDK agent with KAPEX memory.

pip install 'kapex[openai-agents]'
export KAPEX_API_KEY=kpx_... KAPEX_BASE_URL=http://127.0.0.1:8080/api/v1
export OPENAI_BASE_URL=... OPENAI_API_KEY=...
python examples/openai_agents_session.py --user user_001 "Plan my Saturday."
"""

from __future__ import annotations

import argparse
import asyncio

from agents import Agent, OpenAIChatCompletionsModel, Runner, SQLiteSession
from openai import AsyncOpenAI

from kapex.integrations.openai_agents import KapexInstructions, KapexSession


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("message")
    parser.add_argument("--user", required=True)
    parser.add_argument("--model", default="gpt-4o-mini")
    parser.add_argument("--conversation", default="conversation-1")
    args = parser.parse_args()

    agent = Agent(
        name="assistant",
        # The block for the user's latest message, in front of your own instructions.
        instructions=KapexInstructions("You are a helpful assistant.", user_id=args.user),
        model=OpenAIChatCompletionsModel(model=args.model, openai_client=AsyncOpenAI()),
    )
    # History stays in SQLite; every user message and answer is also copied to KAPEX.
    session = KapexSession(SQLiteSession(args.conversation), user_id=args.user)
    result = await Runner.run(agent, args.message, session=session)
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
