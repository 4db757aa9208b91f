"""``kapex bench long-messages``: what a long message costs to ingest, per embedder.

In-process, on a fresh SQLite database: the ingest of chat turns and of 2,000-character
assistant answers one request at a time, a 100-item batch of such answers, a query, and the
floor under each (one bare embedding call of the same text in the same process), plus the
service's build time and the process's peak RSS. Run once per embedder
(``--embedder minilm|e5``) in its own process, so start-up and memory are the embedder's.
"""

from __future__ import annotations

import resource
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from kapex.access.tiers import tenant_limits
from kapex.bench.corpus import long_messages, questions, turns
from kapex.bench.kapex_system import KapexSystem
from kapex.bench.report import median, percentile
from kapex.bench.suite import build_services
from kapex.schemas.memory import QueryRequest, TurnItem

TARGETS = {"long_ingest_p50_ms": 40.0, "batch_100_long_s": 4.0, "turn_ingest_p50_ms": 15.0}
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def run(*, embedder: str, samples: int = 40) -> dict[str, Any]:
    started = time.perf_counter()
    services = build_services(embedder=embedder)
    build_s = time.perf_counter() - started
    system = KapexSystem(services)
    tenant = services.accounts.require_tenant(system.tenant_id)
    limits, profile = tenant_limits(tenant), system.profile
    model = services.models.embedder
    # The floor is one bare model call: beneath the embedding cache, which would answer a
    # chat turn's text from its ingest (and printed 0.0 ms).
    bare = getattr(model, "inner", model)
    chat, answers = list(turns(samples, seed=5)), list(long_messages(samples))

    def timed(texts: list[str], role: str, user: str) -> list[float]:
        out = []
        for index, text in enumerate(texts):
            moment = START + timedelta(minutes=index)
            item = TurnItem(content=text, role=role, session_id="s", timestamp=moment)  # type: ignore[arg-type]
            t0 = time.perf_counter()
            services.ingest.ingest_many(
                system.tenant_id, user, [item], limits=limits, profile=profile, now=moment
            )
            out.append(time.perf_counter() - t0)
        return out

    def floor(texts: list[str]) -> list[float]:
        out = []
        for text in texts:
            t0 = time.perf_counter()
            bare.embed([text])
            out.append(time.perf_counter() - t0)
        return out

    timed(chat[:5], "user", "warm-up")
    turn_ms, long_ms = timed(chat, "user", "u-chat"), timed(answers, "assistant", "u-long")
    turn_floor, long_floor = floor(chat), floor(answers)
    batch = [
        TurnItem(content=text, role="assistant", session_id="b", timestamp=START)
        for text in long_messages(100, seed=29)
    ]
    t0 = time.perf_counter()
    services.ingest.ingest_many(
        system.tenant_id, "u-batch", batch, limits=limits, profile=profile, now=START
    )
    batch_s = time.perf_counter() - t0
    query_ms = []
    for text in questions(samples):
        t0 = time.perf_counter()
        services.recall.query(
            system.tenant_id,
            QueryRequest(user_id="u-long", current_input=text, max_tokens=1000),
            profile=profile,
            now=START + timedelta(days=1),
        )
        query_ms.append(time.perf_counter() - t0)
    services.close()
    ms = lambda values: round(median(values) * 1000, 1)  # noqa: E731
    return {
        "embedder": embedder,
        "model_id": model.model_id,
        "build_s": round(build_s, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "turn_ingest_p50_ms": ms(turn_ms),
        "turn_embed_p50_ms": ms(turn_floor),
        "long_ingest_p50_ms": ms(long_ms),
        "long_ingest_p95_ms": round(percentile(long_ms, 95) * 1000, 1),
        "long_embed_p50_ms": ms(long_floor),
        "batch_100_long_s": round(batch_s, 2),
        "query_p50_ms": ms(query_ms),
    }


def render_markdown(result: dict[str, Any]) -> str:
    r = result
    rows = [
        ("start-up (service build, models loaded)", f"{r['build_s']} s"),
        ("peak RSS of the process", f"{r['peak_rss_mb']} MB"),
        (
            "chat turn: ingest p50 / bare embedding p50",
            f"{r['turn_ingest_p50_ms']} / {r['turn_embed_p50_ms']} ms",
        ),
        (
            "2,000-char answer: ingest p50 (p95) / bare embedding p50",
            f"{r['long_ingest_p50_ms']} ({r['long_ingest_p95_ms']}) / {r['long_embed_p50_ms']} ms",
        ),
        ("100 such answers in one batch", f"{r['batch_100_long_s']} s"),
        ("query p50 (small user)", f"{r['query_p50_ms']} ms"),
    ]
    lines = [
        f"### Embedder `{result['embedder']}` ({result['model_id']}): `kapex bench long-messages`",
        "",
        "| measure | value |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in rows),
        "",
        "Targets: "
        + ", ".join(
            f"{key} ≤ {limit} ({'met' if result[key] <= limit else 'not met'})"
            for key, limit in TARGETS.items()
        )
        + ". In-process, on the machine the run was taken on; ratios to the bare embedding "
        "call of the same process are the stable part of these numbers.",
    ]
    return "\n".join(lines) + "\n"


def section_name(embedder: str) -> str:
    return f"long-messages-{embedder}"


__all__ = ["TARGETS", "render_markdown", "run", "section_name"]
