"""A LlamaIndex agent whose long-term memory is KAPEX.

pip install 'kapex[llamaindex]' llama-index-llms-openai
export KAPEX_API_KEY=kpx_... KAPEX_BASE_URL=http://127.0.0.1:8080/api/v1
export OPENAI_API_KEY=...
python examples/llamaindex_memory.py --user user_001 "How should I train this week?"
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from llama_index.core.agent.workflow import FunctionAgent
from llama_index.core.memory import Memory

from kapex.integrations.llamaindex import KapexMemoryBlock


async def answer(
    message: str, *, user_id: str, llm: Any, session_id: str = "conversation-1"
) -> str:
    memory = Memory.from_defaults(
        session_id=session_id,
        # KAPEX's block goes into the system message; turns reach KAPEX as they leave the
        # short-term chat buffer (docs/integrations.md).
        memory_blocks=[KapexMemoryBlock(user_id=user_id)],
    )
    agent = FunctionAgent(tools=[], llm=llm, system_prompt="You are a helpful assistant.")
    return str(await agent.run(user_msg=message, memory=memory))


def main() -> None:
    from llama_index.llms.openai import OpenAI  # any LlamaIndex LLM with function calling

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("message")
    parser.add_argument("--user", required=True)
    parser.add_argument("--model", default="gpt-4o-mini")
    args = parser.parse_args()
    print(asyncio.run(answer(args.message, user_id=args.user, llm=OpenAI(model=args.model))))


if __name__ == "__main__":
    main()
