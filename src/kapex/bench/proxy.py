"""``kapex bench proxy``: what the proxy adds before the upstream's first byte, and that the
memory write stays out of the response time.

The upstream is ``StubLLM``, in the bench process, answering at once: what is measured is
KAPEX's time. It notes when each request reaches it on the clock the client reads, so
"sent → reached the upstream" is exact. Every proxied call is paired with the same call sent
straight to the stub; *added* is the difference within each pair, which cancels most of the
noise of a shared machine.

- In-process: ``ProxyService.chat`` (the memory query and the block's placement, then the
  upstream call) paired with the bare ``Upstream`` call, at ``nodes`` memories.
- Over HTTP: a real ``kapex serve`` on the same database. Each round times the direct
  call, the same call when there is nothing to write (a tool-call continuation answered
  with a tool call: the same memory query, no write), and the call whose turn is written;
  then it reads the user's revision (was the turn already stored when the answer was
  complete?) and waits for the write, plus ``SETTLE_S``, so a write never overlaps the
  next round.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from tqdm import tqdm

from kapex.access.tiers import tenant_limits
from kapex.bench.corpus import questions
from kapex.bench.latency import START, bench_tenant, fill_user
from kapex.bench.report import median, percentile
from kapex.bench.server import kapex_serve
from kapex.bench.stub_llm import StubLLM
from kapex.schemas.chat import ChatCompletionRequest
from kapex.schemas.memory import QueryRequest
from kapex.services.container import Services
from kapex.services.profiles import profile_of
from kapex.services.upstream import Upstream
from kapex.settings import Settings

TARGET_ADDED_MS = 20.0
#: Pause after each stored turn before the next call (see ``_over_http``).
SETTLE_S = 0.05
USER = "bench-user"
SYSTEM = "You are a helpful assistant. Answer briefly."
_TOOL_CALL = {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}


def _payload(seq: int, question: str, *, tool_turn: bool = False) -> dict[str, Any]:
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": question},
    ]
    if tool_turn:
        messages += [
            {"role": "assistant", "content": None, "tool_calls": [_TOOL_CALL]},
            {"role": "tool", "tool_call_id": "call_1", "content": "no result"},
        ]
    return {"model": "bench", "messages": messages, "temperature": 0.2, "bench_seq": seq}


def _stats(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(median(samples) * 1000, 2),
        "p95_ms": round(percentile(samples, 95) * 1000, 2),
        "n": len(samples),
    }


def run_proxy_bench(
    *,
    nodes: int = 5000,
    calls: int = 200,
    http_calls: int = 100,
    port: int = 0,
    stub_port: int = 0,
    progress: bool = True,
) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="kapex-bench-proxy-"))
    load_before = os.getloadavg()[0]
    stub = StubLLM()
    with stub.serve(port=stub_port) as upstream_url:
        settings = Settings(
            data_dir=workdir, purge_interval_seconds=0, proxy_upstream_url=upstream_url
        )
        services = Services.build(settings)
        try:
            # Room for the turns the HTTP calls add, so nothing is evicted mid-run.
            tenant_id, api_key = bench_tenant(services, max_nodes=nodes + 4 * http_calls + 100)
            tenant = services.accounts.require_tenant(tenant_id)
            limits, profile = tenant_limits(tenant), profile_of(tenant)
            fill_user(
                services,
                tenant_id,
                USER,
                nodes=nodes,
                limits=limits,
                profile=profile,
                progress=progress,
            )
            at = START + timedelta(minutes=30 * nodes)
            in_process = asyncio.run(
                _in_process(
                    services, stub, upstream_url, tenant_id, calls=calls, at=at, progress=progress
                )
            )
            with kapex_serve(
                workdir, port=port, env={"KAPEX_PROXY_UPSTREAM_URL": upstream_url}
            ) as served:
                http = _over_http(
                    services,
                    stub,
                    served.base,
                    upstream_url,
                    tenant_id,
                    api_key,
                    calls=http_calls,
                    progress=progress,
                )
        finally:
            services.close()
    return {
        "nodes": nodes,
        "in_process": in_process,
        "http": http,
        "machine": {
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        },
    }


async def _in_process(
    services: Services,
    stub: StubLLM,
    upstream_url: str,
    tenant_id: str,
    *,
    calls: int,
    at: datetime,
    progress: bool,
) -> dict[str, Any]:
    tenant = services.accounts.require_tenant(tenant_id)
    limits, profile = tenant_limits(tenant), profile_of(tenant)
    direct = Upstream(upstream_url, key=None, timeout=30)
    asked = list(questions(calls + 1, seed=11))
    embed: list[float] = []
    recall: list[float] = []
    bare: list[float] = []
    proxied: list[float] = []
    added: list[float] = []
    for index, question in enumerate(tqdm(asked, desc="proxy (in-process)", disable=not progress)):
        t0 = time.perf_counter()
        services.models.embedder.embed([question])
        embed_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        services.recall.query(
            tenant_id, QueryRequest(user_id=USER, current_input=question), profile=profile, now=at
        )
        query_s = time.perf_counter() - t0

        seq = 2 * index
        t0 = time.perf_counter()
        await direct.post("/chat/completions", _payload(seq, question))
        bare_s = stub.arrived[seq] - t0

        payload = _payload(seq + 1, question)
        t0 = time.perf_counter()
        # The write (``Reply.after``) is not run: this measures the way in.
        await services.proxy.chat(
            tenant_id,
            payload,
            ChatCompletionRequest.model_validate(payload),
            user_header=USER,
            session_header=None,
            limits=limits,
            profile=profile,
            now=at,
        )
        proxied_s = stub.arrived[seq + 1] - t0
        if index:  # the first pair warms connections and lazy imports
            embed.append(embed_s)
            recall.append(query_s)
            bare.append(bare_s)
            proxied.append(proxied_s)
            added.append(proxied_s - bare_s)
    await direct.aclose()
    await services.proxy.aclose()
    return {
        "embedding": _stats(embed),
        "memory_query": _stats(recall),
        "direct_to_upstream": _stats(bare),
        "proxy_to_upstream": _stats(proxied),
        "added": _stats(added),
    }


def _over_http(
    services: Services,
    stub: StubLLM,
    base: str,
    upstream_url: str,
    tenant_id: str,
    api_key: str,
    *,
    calls: int,
    progress: bool,
) -> dict[str, Any]:
    headers = {"X-API-Key": api_key, "X-Kapex-User-Id": USER}
    proxy_url = f"{base}/proxy/chat/completions"
    direct_url = f"{upstream_url}/chat/completions"
    names: tuple[str, ...] = (
        "direct_arrival",
        "proxy_arrival",
        "added",
        "direct_response",
        "proxy_response",
        "response_no_write",
        "stored",
        "direct_first_chunk",
        "proxy_first_chunk",
    )
    samples: dict[str, list[float]] = {name: [] for name in names}
    unstored_at_answer = 0

    def revision() -> int:
        return services.memory_store.revision(tenant_id, USER) or 0

    def wait_for_revision(wanted: int) -> float:
        while revision() < wanted:
            time.sleep(0.001)
        return time.perf_counter()

    seq = 10_000
    asked = list(questions(calls + 1, seed=23))
    with httpx.Client(timeout=60) as client:
        for index, question in enumerate(tqdm(asked, "proxy (HTTP)", disable=not progress)):
            seq += 3
            t0 = time.perf_counter()
            client.post(direct_url, json=_payload(seq, question)).raise_for_status()
            direct_done = time.perf_counter()

            t2 = time.perf_counter()
            client.post(
                proxy_url, headers=headers, json=_payload(seq + 2, question, tool_turn=True)
            ).raise_for_status()
            no_write_done = time.perf_counter()

            before = revision()
            t1 = time.perf_counter()
            answer = client.post(proxy_url, headers=headers, json=_payload(seq + 1, question))
            proxy_done = time.perf_counter()
            answer.raise_for_status()
            stored_at_answer = revision() >= before + 2
            stored = wait_for_revision(before + 2)
            # The write's tail (the worker's cached index catching up) must not overlap the
            # next round's calls either.
            time.sleep(SETTLE_S)

            if index == 0:  # the first round warms connections and lazy imports
                continue
            samples["direct_arrival"].append(stub.arrived[seq] - t0)
            samples["proxy_arrival"].append(stub.arrived[seq + 1] - t1)
            samples["added"].append(stub.arrived[seq + 1] - t1 - (stub.arrived[seq] - t0))
            samples["direct_response"].append(direct_done - t0)
            samples["proxy_response"].append(proxy_done - t1)
            samples["response_no_write"].append(no_write_done - t2)
            samples["stored"].append(stored - t1)
            unstored_at_answer += not stored_at_answer

        for index, question in enumerate(questions(calls // 2 + 1, seed=29)):
            seq += 2
            before = revision()
            direct_first = _first_chunk(client, direct_url, {}, _payload(seq, question))
            proxy_first = _first_chunk(client, proxy_url, headers, _payload(seq + 1, question))
            wait_for_revision(before + 2)
            time.sleep(SETTLE_S)
            if index:
                samples["direct_first_chunk"].append(direct_first)
                samples["proxy_first_chunk"].append(proxy_first)
    result: dict[str, Any] = {name: _stats(values) for name, values in samples.items()}
    result["unstored_at_answer"] = [unstored_at_answer, len(samples["stored"])]
    return result


def _first_chunk(
    client: httpx.Client, url: str, headers: dict[str, str], payload: dict[str, Any]
) -> float:
    """Seconds from sending a streamed call to its first body bytes (then read to the end)."""
    t0 = time.perf_counter()
    first = float("nan")
    with client.stream("POST", url, headers=headers, json={**payload, "stream": True}) as answer:
        answer.raise_for_status()
        for _ in answer.iter_raw():
            if first != first:  # NaN: nothing yet
                first = time.perf_counter() - t0
    return first


def render_markdown(results: dict[str, Any]) -> str:
    inproc, http = results["in_process"], results["http"]
    added = inproc["added"]
    reached = added["p50_ms"] <= TARGET_ADDED_MS and added["p95_ms"] <= TARGET_ADDED_MS
    unstored, total = http["unstored_at_answer"]
    machine = results["machine"]
    ratio = added["p50_ms"] / inproc["embedding"]["p50_ms"]
    overhead = added["p50_ms"] - inproc["memory_query"]["p50_ms"]

    def row(label: str, stats: dict[str, float]) -> str:
        return f"| {label} | {stats['p50_ms']} ms | {stats['p95_ms']} ms |"

    lines = [
        "## Proxy (`kapex bench proxy`)",
        "",
        f"One user with {results['nodes']:,} memories on SQLite. The upstream is a stub "
        "OpenAI-compatible server in the bench process that answers at once, so the time is "
        "KAPEX's. Each proxied call is paired with the same call sent straight to the stub; "
        "*added* is the difference within each pair. Measured on "
        f"{machine['cpus']} CPUs shared with other jobs (load average "
        f"{machine['load_average'][0]} at the start, {machine['load_average'][1]} at the end; "
        f"Python {machine['python']}): expect noise, compare the ratio to the bare embedding "
        "call of the same run, and rerun with `.venv/bin/kapex bench proxy` (about five "
        "minutes on an idle machine, most of it filling the user).",
        "",
        "| measure | p50 | p95 |",
        "|---|---|---|",
        row("**added before the upstream's first byte, in-process**", added),
        row("— of which the memory query (`RecallService.query` alone)", inproc["memory_query"]),
        row("— baseline: one bare embedding call (the floor of any query)", inproc["embedding"]),
        row("sent → reached the stub, direct (in-process)", inproc["direct_to_upstream"]),
        row("sent → reached the stub, `ProxyService.chat`", inproc["proxy_to_upstream"]),
        row("added before the upstream's first byte, over HTTP", http["added"]),
        row("answer complete, direct to the stub (HTTP)", http["direct_response"]),
        row("answer complete through the proxy, turn written after", http["proxy_response"]),
        row("answer complete through the proxy, nothing to write", http["response_no_write"]),
        row("turn stored, from sending the call", http["stored"]),
        row("first streamed chunk, direct", http["direct_first_chunk"]),
        row("first streamed chunk, through the proxy", http["proxy_first_chunk"]),
        "",
        f"Target, at most {TARGET_ADDED_MS:g} ms added in-process (p50 and p95) at "
        f"{results['nodes']:,} memories: {'reached' if reached else 'not reached'}. "
        f"Added p50 is {ratio:.1f}× the bare embedding call of the same run, and the memory "
        "query itself is most of it: the rest (placing the block, the JSON, the upstream "
        f"connection) is {f'{overhead:.1f} ms' if overhead >= 0.5 else 'under a millisecond'}"
        " p50.",
        "",
        f"The write stays out of the response: for {unstored} of {total} calls the turn was "
        "not yet stored when the answer was complete (the turn is stored "
        f"{http['stored']['p50_ms']} ms p50 after sending, the answer complete after "
        f"{http['proxy_response']['p50_ms']} ms). With the same memory query, a call whose "
        f"turn is written answered in {http['proxy_response']['p50_ms']} ms p50 "
        f"({http['proxy_response']['p95_ms']} p95), one with nothing to write in "
        f"{http['response_no_write']['p50_ms']} ms ({http['response_no_write']['p95_ms']} p95).",
    ]
    return "\n".join(lines)


def save_json(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2))
