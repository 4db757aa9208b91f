"""A terminal chat whose assistant remembers the user, with any OpenAI-compatible LLM server.

    pip install kapex openai
    export KAPEX_API_KEY=kpx_...              # from POST /api/v1/trial/signup
    export KAPEX_BASE_URL=http://127.0.0.1:8080/api/v1
    export OPENAI_BASE_URL=http://127.0.0.1:11434/v1   # Ollama, llama.cpp, vLLM, LM Studio...
    export OPENAI_API_KEY=unused-for-local-servers
    python examples/chat_loop.py --user user_001 --model llama3.2

Each turn: ask KAPEX for the block about the user's message, put it in front of the system
prompt, call the model, then store the exchange. Type an empty line or Ctrl-D to stop.
"""

from __future__ import annotations

import argparse
import sys

from openai import OpenAI

from kapex.client import Kapex

SYSTEM_PROMPT = "You are a warm, concise assistant."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--user", required=True, help="the end user's id in KAPEX")
    parser.add_argument("--model", default="llama3.2", help="the model name on the LLM server")
    parser.add_argument("--session", default=None, help="a session id for this conversation")
    args = parser.parse_args()

    llm = OpenAI()  # OPENAI_BASE_URL and OPENAI_API_KEY from the environment
    with Kapex() as kapex:  # KAPEX_API_KEY and KAPEX_BASE_URL from the environment
        for line in sys.stdin:
            message = line.strip()
            if not message:
                break
            # 1. Memory in: what KAPEX knows about this user that bears on the message.
            block = kapex.query(args.user, message, session_id=args.session).context
            system = f"{block}\n\n{SYSTEM_PROMPT}" if block else SYSTEM_PROMPT
            # 2. The model call, exactly as without KAPEX but for the system message.
            reply = llm.chat.completions.create(
                model=args.model,
                messages=[
                    {"role": "system", "content": system},
                    {"role": "user", "content": message},
                ],
            )
            answer = reply.choices[0].message.content or ""
            print(f"assistant> {answer}", flush=True)
            # 3. Memory out: the exchange, stored for the next conversations.
            kapex.ingest_batch(
                args.user,
                [
                    {"content": message, "role": "user", "session_id": args.session},
                    {"content": answer, "role": "assistant", "session_id": args.session},
                ],
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
