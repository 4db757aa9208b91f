"""``kapex bench latency``: ingest and query latency at 5,000 nodes, RSS and start-up time.

In-process numbers call the service layer directly (what one request costs the engine);
HTTP numbers go through a real ``kapex serve`` process on the same database (what a client
sees on loopback). The baseline measured in the same process is one bare embedding call,
the floor under every ingest and query.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from tqdm import tqdm

from kapex.access.tiers import Limits, tenant_limits
from kapex.bench.corpus import questions, turns
from kapex.bench.report import median, percentile
from kapex.bench.server import kapex_serve
from kapex.clock import SystemClock
from kapex.schemas.accounts import SignupRequest
from kapex.schemas.memory import IngestRequest, QueryRequest
from kapex.schemas.profile import Profile
from kapex.services.container import Services
from kapex.services.profiles import profile_of
from kapex.settings import Settings

TARGETS = {
    "ingest_p50_ms": 10.0,
    "ingest_p95_ms": 25.0,
    "query_p50_ms": 15.0,
    "query_p95_ms": 40.0,
    "worker_rss_mb": 500.0,
    "startup_s": 3.0,
}
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _stats(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": _ms(median(samples)),
        "p95_ms": _ms(percentile(samples, 95)),
        "n": len(samples),
    }


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def run_latency(
    *, nodes: int = 5000, queries: int = 300, http_requests: int = 200, progress: bool = True
) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="kapex-bench-"))
    settings = Settings(data_dir=workdir, purge_interval_seconds=0)
    started = time.perf_counter()
    services = Services.build(settings)
    build_s = time.perf_counter() - started

    floor = []
    for text in turns(200, seed=3):
        t0 = time.perf_counter()
        services.models.embedder.embed([text])
        floor.append(time.perf_counter() - t0)

    tenant_id, api_key = bench_tenant(services, max_nodes=nodes)
    tenant = services.accounts.require_tenant(tenant_id)
    limits = tenant_limits(tenant)
    profile = profile_of(tenant)
    ingest_times = fill_user(
        services,
        tenant_id,
        "bench-user",
        nodes=nodes,
        limits=limits,
        profile=profile,
        progress=progress,
    )

    ask_at = START + timedelta(minutes=30 * nodes)
    query_times: list[float] = []
    for text in tqdm(list(questions(queries)), desc="query (in-process)", disable=not progress):
        t0 = time.perf_counter()
        services.recall.query(
            tenant_id,
            QueryRequest(user_id="bench-user", current_input=text, max_tokens=1000),
            profile=profile,
            now=ask_at,
        )
        query_times.append(time.perf_counter() - t0)
    bench_rss = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    services.close()

    http = _over_http(workdir, api_key, http_requests=http_requests, progress=progress)
    tail = ingest_times[-1000:]
    return {
        "nodes": nodes,
        "baseline_embed": _stats(floor),
        "in_process": {
            "ingest": _stats(ingest_times),
            "ingest_last_1000": _stats(tail),
            "query": _stats(query_times),
            "services_build_s": round(build_s, 2),
            "bench_process_peak_rss_mb": bench_rss,
        },
        "http": http,
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
    }


def bench_tenant(services: Services, *, max_nodes: int) -> tuple[str, str]:
    """A tenant for a benchmark: (tenant_id, api_key).

    Benchmarks are an operator's bulk job: custom limits so the tier's rate limit is not
    what gets measured, and room for ``max_nodes`` memories per user.
    """
    signup = services.accounts.signup(
        SignupRequest(company_name="Bench", email="bench@example.com", name="Bench"),
        now=START,
        base_url="http://127.0.0.1/api/v1",
    )
    services.accounts.set_tier(
        signup.tenant_id,
        "enterprise",
        custom_limits={
            "rate_limit_rpm": 1_000_000,
            "rate_limit_daily": 10_000_000,
            "max_nodes_per_user": max_nodes,
        },
    )
    return signup.tenant_id, signup.api_key


def fill_user(
    services: Services,
    tenant_id: str,
    user_id: str,
    *,
    nodes: int,
    limits: Limits,
    profile: Profile,
    progress: bool,
) -> list[float]:
    """Ingest ``nodes`` generated chat turns for ``user_id``, half an hour apart from
    ``START``, 40 to a session; returns each write's duration in seconds."""
    times: list[float] = []
    for index, text in enumerate(
        tqdm(list(turns(nodes)), desc="ingest (in-process)", disable=not progress)
    ):
        moment = START + timedelta(minutes=30 * index)
        request = IngestRequest(
            user_id=user_id, content=text, session_id=f"s{index // 40}", timestamp=moment
        )
        t0 = time.perf_counter()
        services.ingest.ingest(tenant_id, request, limits=limits, profile=profile, now=moment)
        times.append(time.perf_counter() - t0)
    return times


def _over_http(workdir: Path, key: str, *, http_requests: int, progress: bool) -> dict[str, Any]:
    with (
        kapex_serve(workdir) as served,
        httpx.Client(base_url=served.base, headers={"X-API-Key": key}, timeout=30) as client,
    ):
        ingest_times, query_times = [], []
        ask_at = SystemClock().now()
        texts = list(turns(http_requests, seed=99))
        for text in tqdm(texts, desc="ingest (HTTP)", disable=not progress):
            t1 = time.perf_counter()
            client.post(
                "/ingest", json={"user_id": "bench-user", "content": text}
            ).raise_for_status()
            ingest_times.append(time.perf_counter() - t1)
        for text in tqdm(
            list(questions(http_requests, seed=5)), desc="query (HTTP)", disable=not progress
        ):
            t1 = time.perf_counter()
            client.post(
                "/query",
                json={
                    "user_id": "bench-user",
                    "current_input": text,
                    "timestamp": ask_at.isoformat(),
                },
            ).raise_for_status()
            query_times.append(time.perf_counter() - t1)
        rss = _peak_rss_mb(served.pid)
    return {
        "startup_s": round(served.startup_s, 2),
        "ingest": _stats(ingest_times),
        "query": _stats(query_times),
        "worker_peak_rss_mb": rss,
    }


def verdicts(results: dict[str, Any]) -> dict[str, tuple[float, float, bool]]:
    """Each target with the measured value and whether it was reached."""
    measured = {
        "ingest_p50_ms": results["in_process"]["ingest"]["p50_ms"],
        "ingest_p95_ms": results["in_process"]["ingest"]["p95_ms"],
        "query_p50_ms": results["in_process"]["query"]["p50_ms"],
        "query_p95_ms": results["in_process"]["query"]["p95_ms"],
        "worker_rss_mb": results["http"]["worker_peak_rss_mb"],
        "startup_s": results["http"]["startup_s"],
    }
    return {k: (measured[k], TARGETS[k], measured[k] <= TARGETS[k]) for k in TARGETS}


def _row(label: str, local: dict[str, float], remote: dict[str, float] | None) -> str:
    over_http = f"{remote['p50_ms']} ms | {remote['p95_ms']} ms" if remote else " | "
    return f"| {label} | {local['p50_ms']} ms | {local['p95_ms']} ms | {over_http} |"


def render_markdown(results: dict[str, Any]) -> str:
    inproc, http, floor = results["in_process"], results["http"], results["baseline_embed"]
    ratio = inproc["ingest"]["p50_ms"] / floor["p50_ms"] if floor["p50_ms"] else float("nan")
    qratio = inproc["query"]["p50_ms"] / floor["p50_ms"] if floor["p50_ms"] else float("nan")
    lines = [
        "## Latency (`kapex bench latency`)",
        "",
        f"One user filled with {results['nodes']:,} generated chat turns on SQLite; "
        f"{results['machine']['cpus']} CPUs, Python {results['machine']['python']}. "
        f"Baseline in the same process: one bare embedding call, p50 {floor['p50_ms']} ms.",
        "",
        "| measure | in-process p50 | p95 | over HTTP p50 | p95 |",
        "|---|---|---|---|---|",
        _row(f"ingest (all {results['nodes']:,})", inproc["ingest"], http["ingest"]),
        _row("ingest (last 1,000)", inproc["ingest_last_1000"], None),
        _row(
            f"query at {results['nodes']:,} nodes, 1,000-token block",
            inproc["query"],
            http["query"],
        ),
        "",
        f"Ingest p50 is {ratio:.1f}× and query p50 {qratio:.1f}× the bare embedding call.",
        "",
        "| target | measured | target | reached |",
        "|---|---|---|---|",
    ]
    for name, (value, target, ok) in verdicts(results).items():
        lines.append(f"| {name} | {value} | ≤ {target} | {'yes' if ok else 'no'} |")
    lines += [
        "",
        f"Start-up: `kapex serve` answers `/health` {http['startup_s']} s after launch "
        f"(in-process service build {inproc['services_build_s']} s, mostly loading the models). "
        f"Worker peak RSS {http['worker_peak_rss_mb']} MB.",
    ]
    return "\n".join(lines)


def save_json(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2))
