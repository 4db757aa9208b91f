"""Prometheus metrics of a KAPEX process, exposed as text at ``GET /metrics``.

Labels are chosen from small fixed sets only: route templates (``/api/v1/users/{user_id}``,
never the filled-in path), methods, status codes, stage, model and outcome names. No key,
tenant id, user id or content ever becomes a label (``tests/api/test_metrics.py`` checks).

Several workers: ``kapex serve`` points ``PROMETHEUS_MULTIPROC_DIR`` at a fresh folder before
its workers start, each worker writes its samples there, and ``/metrics`` on any worker
returns the sum over all of them (prometheus_client's multiprocess mode). Without that
variable (tests, an embedding app) the process's own registry is exposed.

The list of metrics with what each is for is in ``docs/operations.md``.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from functools import wraps
from typing import ParamSpec, TypeVar

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

P = ParamSpec("P")
R = TypeVar("R")

#: Request latency buckets (seconds): fine where the targets are (p99 < 250 ms).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
#: Stage and model buckets: most stages take milliseconds.
STAGE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0)

HTTP_REQUESTS = Counter(
    "kapex_http_requests_total",
    "HTTP requests answered, by method, route template and status code.",
    ["method", "route", "status"],
)
HTTP_LATENCY = Histogram(
    "kapex_http_request_duration_seconds",
    "Time from the request reaching KAPEX to its response, by method, route and status.",
    ["method", "route", "status"],
    buckets=LATENCY_BUCKETS,
)
STAGE_SECONDS = Histogram(
    "kapex_stage_seconds",
    "Time spent in one stage of the ingest or query path.",
    ["path", "stage"],
    buckets=STAGE_BUCKETS,
)
MODEL_SECONDS = Histogram(
    "kapex_model_seconds",
    "Time spent in one call of a local model.",
    ["model"],
    buckets=STAGE_BUCKETS,
)
INDEX_CACHE = Counter(
    "kapex_index_cache_total",
    "Lookups of a user's in-memory retrieval index: hit, catch_up (applied the changes "
    "other workers made), snapshot (loaded from its stored snapshot and caught up) or miss "
    "(built from every stored memory).",
    ["result"],
)
EMBEDDING_CACHE = Counter(
    "kapex_embedding_cache_total",
    "One-text embedding calls answered from the worker's embedding cache (hit) or by the "
    "model (miss).",
    ["result"],
)
RATE_LIMIT_DECISIONS = Counter(
    "kapex_rate_limit_decisions_total",
    "Rate-limit decisions by kind (tenant, batch, signup, auth_failure) and outcome.",
    ["kind", "decision"],
)
RATE_LIMIT_STORE_ERRORS = Counter(
    "kapex_rate_limit_store_errors_total",
    "Calls that could not reach the shared rate-limit store (Redis) and counted locally.",
)
IDEMPOTENCY = Counter(
    "kapex_idempotency_total",
    "Requests with an Idempotency-Key by outcome: stored, replayed, in_progress, mismatch.",
    ["outcome"],
)
PROXY_WRITES = Counter(
    "kapex_proxy_writes_total",
    "Turns the proxy wrote after answering, by outcome: written, failed (never seen by callers).",
    ["outcome"],
)
STORAGE_UNAVAILABLE = Counter(
    "kapex_storage_unavailable_total",
    "Requests answered 503 because the database refused or dropped the connection.",
)


@contextlib.contextmanager
def timed(histogram: Histogram, *labels: str) -> Iterator[None]:
    """Observe the block's duration on ``histogram`` with ``labels``."""
    started = time.perf_counter()
    try:
        yield
    finally:
        histogram.labels(*labels).observe(time.perf_counter() - started)


def timed_model(model: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a model adapter's method so each call counts as model time."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            with timed(MODEL_SECONDS, model):
                return function(*args, **kwargs)

        return wrapper

    return decorate


def exposition() -> tuple[bytes, str]:
    """The current metrics as Prometheus text, and its content type."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
