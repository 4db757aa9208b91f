"""A LangChain v1 agent with KAPEX memory.

pip install 'kapex[langchain]' langchain-openai
export KAPEX_API_KEY=kpx_... KAPEX_BASE_URL=http://127.0.0.1:8080/api/v1
export OPENAI_BASE_URL=... OPENAI_API_KEY=...
python examples/langchain_agent.py --user user_001 "What should I cook tonight?"
"""

from __future__ import annotations

import argparse

from langchain.agents import create_agent
from langchain_openai import ChatOpenAI

from kapex.integrations.langchain import KapexMiddleware


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("message")
    parser.add_argument("--user", required=True)
    parser.add_argument("--model", default="gpt-4o-mini")
    args = parser.parse_args()

    agent = create_agent(
        ChatOpenAI(model=args.model),
        system_prompt="You are a helpful assistant.",
        # Recalls before the first model call, stores the exchange after the agent answers.
        middleware=[KapexMiddleware()],
    )
    result = agent.invoke(
        {"messages": [{"role": "user", "content": args.message}]},
        context={"user_id": args.user},  # the end user, per run
    )
    print(result["messages"][-1].content)


if __name__ == "__main__":
    main()
