"""The examples run as a user would run them, against a live KAPEX server and a stub
OpenAI-compatible LLM server, so they cannot silently rot."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kapex.client import Kapex
from tests.integrations.stub_llm import stub_llm
from tests.integrations.test_llamaindex import ChatCompletionsLLM
from tests.live import LiveServer

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _env(live: LiveServer, key: str, llm_url: str = "http://127.0.0.1:9/v1") -> dict[str, str]:
    return {
        **os.environ,
        "KAPEX_API_KEY": key,
        "KAPEX_BASE_URL": live.url,
        "OPENAI_BASE_URL": llm_url,
        "OPENAI_API_KEY": "stub",
        "OPENAI_AGENTS_DISABLE_TRACING": "1",
    }


def _remember(live: LiveServer, key: str, user: str, text: str) -> None:
    with Kapex(key, base_url=live.url) as kapex:
        kapex.ingest(user, text)


def _stored(live: LiveServer, key: str, user: str) -> str:
    with Kapex(key, base_url=live.url) as kapex:
        return " | ".join(n.summary for n in kapex.nodes(user))


def test_the_chat_loop_injects_the_block_and_stores_each_exchange(live: LiveServer) -> None:
    key = live.key()
    _remember(live, key, "sam", "I'm learning to play the banjo.")
    with stub_llm("Practise rolls slowly.", "Try 'Cripple Creek'.") as llm:
        done = subprocess.run(
            [sys.executable, str(EXAMPLES / "chat_loop.py"), "--user", "sam", "--model", "m"],
            input="How should I practise my banjo this week?\nWhich banjo song next?\n\n",
            env=_env(live, key, llm.base_url),
            capture_output=True,
            text=True,
            timeout=120,
        )
        systems = llm.system_messages()
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "assistant> Practise rolls slowly.",
        "assistant> Try 'Cripple Creek'.",
    ]
    assert all("banjo" in s and s.endswith("You are a warm, concise assistant.") for s in systems)
    stored = _stored(live, key, "sam")
    assert "Practise rolls slowly." in stored and "Which banjo song next?" in stored


def test_the_curl_flow_runs_end_to_end(live: LiveServer) -> None:
    env = {**os.environ, "KAPEX_BASE_URL": live.url, "KAPEX_USER_ID": "curl_user"}
    env.pop("KAPEX_API_KEY", None)
    done = subprocess.run(
        ["bash", str(EXAMPLES / "curl_flow.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Trial key (shown once): kpx_" in done.stderr
    outputs = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert [o.get("status") for o in outputs if "status" in o] == ["deleted"]
    assert any("engineering manager" in o.get("context", "") for o in outputs)
    assert any(o.get("kind") == "constraint" for o in outputs)


def test_the_langchain_example(live: LiveServer) -> None:
    key = live.key()
    _remember(live, key, "lee", "I am lactose intolerant.")
    with stub_llm("A tomato risotto without cheese.") as llm:
        done = subprocess.run(
            [
                sys.executable,
                str(EXAMPLES / "langchain_agent.py"),
                "--user",
                "lee",
                "--model",
                "m",
                "What should I cook tonight?",
            ],
            env=_env(live, key, llm.base_url),
            capture_output=True,
            text=True,
            timeout=120,
        )
        [system] = llm.system_messages()
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "A tomato risotto without cheese."
    assert "lactose" in system
    assert "tomato risotto" in _stored(live, key, "lee")


def test_the_openai_agents_example(live: LiveServer, tmp_path: Path) -> None:
    key = live.key()
    _remember(live, key, "kim", "I work night shifts at the hospital.")
    with stub_llm("Sleep until noon, then a park walk.") as llm:
        done = subprocess.run(
            [
                sys.executable,
                str(EXAMPLES / "openai_agents_session.py"),
                "--user",
                "kim",
                "--model",
                "m",
                "Plan my Saturday around my shifts.",
            ],
            env=_env(live, key, llm.base_url),
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
        )
        [system] = llm.system_messages()
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Sleep until noon, then a park walk."
    assert "night shifts" in system and system.endswith("You are a helpful assistant.")
    assert "park walk" in _stored(live, key, "kim")


def _module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.filterwarnings("ignore::pydantic.warnings.PydanticDeprecationWarning")
@pytest.mark.filterwarnings("ignore:is_running called from within a step:DeprecationWarning")
def test_the_llamaindex_example(live: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # The example's own LLM package (llama-index-llms-openai) cannot share this environment
    # with openai>=3, so the test hands it the test's chat-completions LLM instead.
    key = live.key()
    _remember(live, key, "ola", "My left knee hurts after long runs.")
    monkeypatch.setenv("KAPEX_API_KEY", key)
    monkeypatch.setenv("KAPEX_BASE_URL", live.url)
    example = _module(EXAMPLES / "llamaindex_memory.py")
    with stub_llm("Two easy runs and a rest day.") as llm:
        reply: Any = asyncio.run(
            example.answer(
                "How should I train this week?",
                user_id="ola",
                llm=ChatCompletionsLLM(base_url=llm.base_url),
            )
        )
        [system] = llm.system_messages()
    assert reply.strip() == "Two easy runs and a rest day."
    assert "knee" in system


def test_the_mcp_snippets_configure_what_kapex_mcp_reads() -> None:
    desktop = json.loads((EXAMPLES / "mcp" / "claude_desktop_config.json").read_text())
    server = desktop["mcpServers"]["kapex-memory"]
    assert [server["command"], *server["args"]] == ["kapex", "mcp"]
    assert set(server["env"]) == {"KAPEX_API_KEY", "KAPEX_USER_ID", "KAPEX_BASE_URL"}
    remote = json.loads((EXAMPLES / "mcp" / "cursor_mcp.json").read_text())
    http = remote["mcpServers"]["kapex-memory"]
    assert http["url"].endswith("/mcp")
    assert http["headers"]["Authorization"].startswith("Bearer kpx_")
    assert "X-Kapex-User-Id" in http["headers"]
