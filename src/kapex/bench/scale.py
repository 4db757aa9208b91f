"""``kapex bench scale``: one big user served by two workers on PostgreSQL + Redis.

What it does, in order:

1. fills one user with ``memories`` generated chat turns in this process (the service layer,
   as ``kapex bench latency`` does; not timed);
2. times cold loads of that user here: a fresh ``UserViews`` reading it from PostgreSQL,
   which is what a worker pays for a user it never held (and, before the change record, for
   every user another worker had written to);
3. starts two ``kapex serve`` processes (one worker each) on the same database and Redis,
   and plays ``turns`` turns the way a ``/process`` user behind a round-robin proxy does:
   ingest on one worker, then query on the other, alternating — so every request finds the
   user changed by the other worker and catches up;
4. reports query and ingest p50/p95/p99, cold-load time, catch-up time per changed memory
   (from the workers' ``/metrics``), each view's size in the cache and each worker's RSS.
"""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.engine import Engine
from tqdm import tqdm

from kapex.access.tiers import tenant_limits
from kapex.bench.corpus import questions, turns
from kapex.bench.report import median, percentile
from kapex.bench.server import process_group
from kapex.schemas.accounts import SignupRequest
from kapex.schemas.memory import TurnItem
from kapex.services.container import Services
from kapex.services.index_cache import IndexCache, UserView
from kapex.services.profiles import profile_of
from kapex.services.user_views import UserViews
from kapex.settings import Settings
from kapex.store.schema import nodes, user_changes, user_snapshots, users

#: Targets from issue 14 (5,000 memories; 150 ms is the target at 50,000).
TARGETS = {"query_p95_ms": 60.0, "ingest_p95_ms": 60.0, "cold_load_ms": 100.0}
#: Issue 14's targets for a user of 50,000 memories and more.
TARGETS_50K = {"query_p95_ms": 150.0, "ingest_p95_ms": 150.0, "cold_load_ms": 1000.0}


def targets_for(memories: int) -> dict[str, float]:
    return TARGETS_50K if memories >= 50_000 else TARGETS


START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
USER = "big-user"
#: The user ``copy_user`` makes of ``copies`` copies of ``USER``.
COPIED_USER = "copied-user"


@dataclass
class ScaleConfig:
    database_url: str
    redis_url: str
    memories: int = 5000
    turns: int = 200
    cold_loads: int = 5
    cache_mb: int = 512
    port: int = 8130
    #: The turns run on ``copies`` copies of the filled user stored as one user (``copy_user``):
    #: how a user ten times the fill is measured without an hour-long fill.
    copies: int = 1


#: Turns per ``ingest_many`` call when filling the user: the batch endpoint's maximum.
FILL_BATCH = 100


def _bench_tenant(services: Services, config: ScaleConfig) -> tuple[str, str]:
    """The bench's tenant (one per size, found by its email, so that a database filled once
    serves later runs) and a fresh API key for it."""
    email = f"scale-{config.memories}@example.com"
    found = [t for t in services.account_store.list_tenants() if t.email == email]
    if found:
        tenant_id = found[0].tenant_id
        key = services.accounts.create_key(tenant_id, name="scale", now=START).api_key
    else:
        signup = services.accounts.signup(
            SignupRequest(company_name=f"Scale {config.memories}", email=email, name="S"),
            now=START,
            base_url="http://127.0.0.1/api/v1",
        )
        tenant_id, key = signup.tenant_id, signup.api_key
    # Room for many runs' turns (up to the tier's ceiling): the cap evicts no filled memory.
    services.accounts.set_tier(
        tenant_id,
        "enterprise",
        custom_limits={
            "rate_limit_rpm": 1_000_000,
            "rate_limit_daily": 10_000_000,
            "max_nodes_per_user": min(
                100_000, 2 * config.memories * config.copies + 10 * config.turns
            ),
        },
    )
    return tenant_id, key


def fill_user(
    services: Services,
    tenant_id: str,
    *,
    first: int,
    memories: int,
    limits: Any,
    profile: Any,
    progress: bool,
) -> None:
    """Store generated chat turns ``first`` to ``memories`` for the bench user, half an hour
    apart, 40 to a session, through the batch ingest service (what ``POST /ingest/batch``
    runs: one batched embedding per call, each turn processed and stored as a single ingest
    would be). Not timed; an interrupted fill resumes where it stopped."""
    texts = list(turns(memories))
    with tqdm(
        total=memories, initial=first, desc="fill (batched ingest)", disable=not progress
    ) as bar:
        for start in range(first, memories, FILL_BATCH):
            items = [
                TurnItem(
                    content=text,
                    session_id=f"s{index // 40}",
                    timestamp=START + timedelta(minutes=30 * index),
                )
                for index, text in enumerate(texts[start : start + FILL_BATCH], start=start)
            ]
            services.ingest.ingest_many(
                tenant_id,
                USER,
                items,
                limits=limits,
                profile=profile,
                now=items[-1].timestamp or START,
            )
            bar.update(len(items))


def copy_user(engine: Engine, tenant_id: str, source: str, target: str, copies: int) -> int:
    """Store ``copies`` copies of ``source``'s memories as ``target`` (replacing any held);
    returns ``target``'s revision."""
    assert engine.dialect.name == "postgresql", "the copy is PostgreSQL SQL"
    with engine.begin() as conn:
        revision = conn.execute(
            select(users.c.revision).where(
                users.c.tenant_id == tenant_id, users.c.user_id == source
            )
        ).scalar_one()
        for table in (nodes, user_changes, user_snapshots, users):
            conn.execute(
                delete(table).where(table.c.tenant_id == tenant_id, table.c.user_id == target)
            )
        row = conn.execute(
            select(users).where(users.c.tenant_id == tenant_id, users.c.user_id == source)
        ).one()
        conn.execute(
            insert(users).values(
                {
                    **row._mapping,
                    "user_id": target,
                    "revision": revision * copies,
                    "incarnation": uuid.uuid4().hex,
                }
            )
        )
        mapped = {
            "node_id": "md5(node_id || ':' || k)",
            "superseded_by": "CASE WHEN superseded_by IS NULL THEN NULL"
            " ELSE md5(superseded_by || ':' || k) END",
            "user_id": ":target",
            "seq": "seq + k * :revision",
            "session_id": "CASE WHEN session_id IS NULL THEN NULL"
            " ELSE 'c' || k || '-' || session_id END",
        }
        names = [c.name for c in nodes.c]
        values = ", ".join(mapped.get(n, n) for n in names)
        conn.execute(
            text(
                f"INSERT INTO nodes ({', '.join(names)}) SELECT {values} FROM nodes,"
                " generate_series(0, :copies - 1) AS k"
                " WHERE tenant_id = :tenant AND user_id = :source"
            ),
            {
                "target": target,
                "revision": revision,
                "copies": copies,
                "tenant": tenant_id,
                "source": source,
            },
        )
        count = conn.execute(
            select(func.count()).where(nodes.c.tenant_id == tenant_id, nodes.c.user_id == target)
        ).scalar_one()
        conn.execute(
            users.update()
            .where(users.c.tenant_id == tenant_id, users.c.user_id == target)
            .values(node_count=count)
        )
    with engine.begin() as conn:  # committed: statistics as a table this size would have
        conn.execute(text("ANALYZE nodes"))
    return int(revision * copies)


def filled_tenant(services: Services, config: ScaleConfig, *, progress: bool) -> tuple[str, str]:
    """The bench tenant (id, key) with ``USER`` filled to ``config.memories``: a database
    filled by an earlier run is reused, topped up where it holds fewer."""
    tenant_id, key = _bench_tenant(services, config)
    tenant = services.accounts.require_tenant(tenant_id)
    held = services.memory_store.revision(tenant_id, USER) or 0
    if held < config.memories:
        fill_user(
            services,
            tenant_id,
            first=held,
            memories=config.memories,
            limits=tenant_limits(tenant),
            profile=profile_of(tenant),
            progress=progress,
        )
    return tenant_id, key


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _stats(samples: list[float]) -> dict[str, float]:
    return {
        "n": len(samples),
        "p50_ms": _ms(percentile(samples, 50)),
        "p95_ms": _ms(percentile(samples, 95)),
        "p99_ms": _ms(percentile(samples, 99)),
    }


def _group_rss_mb(pgid: int) -> float:
    """Resident memory of every process in a server's process group."""
    total = 0
    for entry in process_group(pgid):
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return round(total / 1024, 1)


def _stage(url: str, stage: str) -> tuple[float, float]:
    """(sum of seconds, count) of the worker's ``view`` stage ``stage`` from its /metrics."""
    seconds = count = 0.0
    text = httpx.get(url.replace("/api/v1", "/metrics"), timeout=10).text
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.labels.get("path") == "view" and sample.labels.get("stage") == stage:
                if sample.name == "kapex_stage_seconds_sum":
                    seconds += sample.value
                elif sample.name == "kapex_stage_seconds_count":
                    count += sample.value
    return seconds, count


def _loads_by_kind(url: str) -> dict[str, int]:
    """How many of the worker's loads were from a snapshot and how many built from rows."""
    counts = {"snapshot": 0, "miss": 0}
    text = httpx.get(url.replace("/api/v1", "/metrics"), timeout=10).text
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "kapex_index_cache_total" and sample.labels["result"] in counts:
                counts[sample.labels["result"]] += int(sample.value)
    return counts


def _serve(config: ScaleConfig, port: int, data_dir: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "KAPEX_DATABASE_URL": config.database_url,
        "KAPEX_REDIS_URL": config.redis_url,
        "KAPEX_DATA_DIR": str(data_dir),
        "KAPEX_PURGE_INTERVAL_SECONDS": "0",
        "KAPEX_LOG_LEVEL": "warning",
        "KAPEX_INDEX_CACHE_MB": str(config.cache_mb),
        "ORT_DISABLE_TELEMETRY": "1",
    }
    log = (data_dir / f"serve-{port}.log").open("w")
    return subprocess.Popen(
        [sys.executable, "-m", "kapex.cli.main", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _wait_ready(server: subprocess.Popen[bytes], base: str) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("kapex serve exited during start-up")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError("kapex serve did not become ready within 180 s")


def _cold_load(services: Services, tenant_id: str, user: str) -> tuple[float, UserView]:
    """Seconds for one load of the user by a worker that never held it (from its snapshot
    when one is stored, caught up with the changes after it), and the view. Waits for the
    snapshot write the load may start, outside the time."""
    views = UserViews(
        store=services.memory_store,
        cache=IndexCache(capacity_bytes=2**40),
        embedder=services.models.embedder,
    )
    t0 = time.perf_counter()
    view = views.current(tenant_id, user)
    seconds = time.perf_counter() - t0
    views.close()
    assert view is not None
    return seconds, view


def _cold_loads(services: Services, tenant_id: str, user: str, times: int) -> dict[str, Any]:
    """Cold loads three ways: first with the snapshot as the fill left it (up to
    ``SNAPSHOT_EVERY`` revisions behind, so the load includes a catch-up); then, alternating,
    a load without any snapshot (built from every memory: the cost before snapshots, and
    still the cost of a user's very first load) and a load from the snapshot that build
    wrote (at the user's revision)."""
    store = services.memory_store
    user_revision = store.revision(tenant_id, user) or 0
    behind = user_revision - (store.snapshot_revision(tenant_id, user) or 0)
    as_filled = _cold_load(services, tenant_id, user)[0]
    built, restored = [], []
    for _ in range(times):
        with services.engine.begin() as conn:
            conn.execute(delete(user_snapshots).where(user_snapshots.c.tenant_id == tenant_id))
        built.append(_cold_load(services, tenant_id, user)[0])
        seconds, view = _cold_load(services, tenant_id, user)
        restored.append(seconds)
    return {
        "n": times,
        "median_ms": _ms(median(restored)),
        "max_ms": _ms(max(restored)),
        "as_filled_ms": _ms(as_filled),
        "as_filled_behind": behind,
        "without_snapshot_median_ms": _ms(median(built)),
        "without_snapshot_max_ms": _ms(max(built)),
        # As a worker holds it: restored from the snapshot (charged for the columns it
        # keeps, more than a view built from the rows).
        "view_bytes": view.size_bytes(),
        # A database filled once serves later runs, whose turns add to the user.
        "memories": len(view.nodes),
    }


def run_scale(config: ScaleConfig, *, progress: bool = True) -> dict[str, Any]:
    data_dir = Path(tempfile.mkdtemp(prefix="kapex-scale-"))
    settings = Settings(
        database_url=config.database_url,
        redis_url=config.redis_url,
        data_dir=data_dir,
        purge_interval_seconds=0,
    )
    services = Services.build(settings)
    tenant_id, key = filled_tenant(services, config, progress=progress)
    user = USER
    if config.copies > 1:
        user = COPIED_USER
        copy_user(services.engine, tenant_id, USER, user, config.copies)
    services.views.close()  # the snapshot write the fill may have started, finished
    # As a worker does once started (api/asgi.py), so the cold loads here cost what a
    # worker's do.
    gc.freeze()
    cold = _cold_loads(services, tenant_id, user, config.cold_loads)
    before = services.memory_store.revision(tenant_id, user) or 0

    ports = (config.port, config.port + 1)
    servers = [_serve(config, port, data_dir) for port in ports]
    bases = [f"http://127.0.0.1:{port}/api/v1" for port in ports]
    ingests: list[float] = []
    queries: list[float] = []
    alone_ingests: list[float] = []
    alone_queries: list[float] = []
    try:
        for server, base in zip(servers, bases, strict=True):
            _wait_ready(server, base)
        idle_rss = [_group_rss_mb(s.pid) for s in servers]
        clients = [httpx.Client(base_url=b, headers={"X-API-Key": key}, timeout=120) for b in bases]
        # Each worker loads the user once (a worker's first sight of it), not timed.
        for client in clients:
            client.post("/query", json={"user_id": user, "current_input": "hello"})
        loaded = [_stage(b, "load") for b in bases]
        first_kinds = [_loads_by_kind(b) for b in bases]
        says = list(turns(config.turns, seed=77))
        asks = list(questions(config.turns, seed=78))
        base_caught = [_stage(b, "catch_up") for b in bases]
        for index in tqdm(range(config.turns), desc="turns", disable=not progress):
            writer, reader = clients[index % 2], clients[(index + 1) % 2]
            moment = START + timedelta(minutes=30 * (config.memories * config.copies + index))
            t0 = time.perf_counter()
            written = writer.post(
                "/ingest",
                json={"user_id": user, "content": says[index], "timestamp": moment.isoformat()},
            )
            ingests.append(time.perf_counter() - t0)
            written.raise_for_status()
            t0 = time.perf_counter()
            asked = reader.post("/query", json={"user_id": user, "current_input": asks[index]})
            queries.append(time.perf_counter() - t0)
            asked.raise_for_status()
        caught = [_stage(b, "catch_up") for b in bases]
        alternated = services.memory_store.revision(tenant_id, user) or 0
        reloads = [_stage(b, "load")[1] - first[1] for b, first in zip(bases, loaded, strict=True)]
        busy_rss = [_group_rss_mb(s.pid) for s in servers]
        # Baseline in the same run: the same kind of turns on one worker, which always finds
        # its own view current (what the two-worker numbers would be without catching up).
        says, asks = list(turns(config.turns, seed=79)), list(questions(config.turns, seed=80))
        for index in tqdm(range(config.turns // 2), desc="one worker", disable=not progress):
            moment = START + timedelta(
                minutes=30 * (config.memories * config.copies + config.turns + index)
            )
            t0 = time.perf_counter()
            clients[0].post(
                "/ingest",
                json={"user_id": user, "content": says[index], "timestamp": moment.isoformat()},
            ).raise_for_status()
            alone_ingests.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            clients[0].post(
                "/query", json={"user_id": user, "current_input": asks[index]}
            ).raise_for_status()
            alone_queries.append(time.perf_counter() - t0)
        for client in clients:
            client.close()
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
    with services.engine.connect() as conn:
        changed = conn.execute(
            select(func.count()).where(
                user_changes.c.tenant_id == tenant_id,
                user_changes.c.revision > before,
                user_changes.c.revision <= alternated,
                user_changes.c.kind.in_(("added", "updated", "deleted")),
            )
        ).scalar_one()
    services.close()
    catch_seconds = sum(c[0] - b[0] for c, b in zip(caught, base_caught, strict=True))
    catch_count = sum(c[1] - b[1] for c, b in zip(caught, base_caught, strict=True))
    return {
        "memories": cold["memories"],
        "requested": config.memories,
        "copies": config.copies,
        "turns": config.turns,
        "cache_mb": config.cache_mb,
        "query": _stats(queries),
        "ingest": _stats(ingests),
        "one_worker": {"query": _stats(alone_queries), "ingest": _stats(alone_ingests)},
        "cold_load": cold,
        "worker_first_load_ms": [_ms(s / max(n, 1)) for s, n in loaded],
        "worker_first_load_from": [
            "snapshot" if kinds["snapshot"] else "rows" for kinds in first_kinds
        ],
        "catch_up": {
            "count": int(catch_count),
            "mean_ms": _ms(catch_seconds / max(catch_count, 1)),
            "changed_memories": int(changed),
            "per_changed_memory_ms": round(catch_seconds * 1000 / max(changed, 1), 2),
        },
        "full_reloads_during_turns": int(sum(reloads)),
        "view_mb": round(cold["view_bytes"] / 2**20, 1),
        "worker_rss_mb": {"idle": idle_rss, "after_turns": busy_rss},
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()},
    }


def render_markdown(results: dict[str, Any]) -> str:
    q, i, cold, catch = (results[k] for k in ("query", "ingest", "cold_load", "catch_up"))
    rss, one = results["worker_rss_mb"], results["one_worker"]
    targets = targets_for(results["memories"])
    copies = results.get("copies", 1)
    made = (
        f"{copies} copies of a user filled to {results['requested']:,}, stored as one user"
        if copies > 1
        else f"filled to {results['requested']:,}"
    )
    verdict = {
        "query_p95_ms": q["p95_ms"],
        "ingest_p95_ms": i["p95_ms"],
        "cold_load_ms": cold["median_ms"],
    }
    lines = [
        "## Scale: one big user on two workers (`kapex bench scale`)",
        "",
        f"One user of {results['memories']:,} memories ({made}, "
        "plus the turns of earlier runs on the same database) on PostgreSQL + Redis, two "
        "`kapex serve` "
        f"processes (one worker each, `KAPEX_INDEX_CACHE_MB={results['cache_mb']}`). "
        f"{results['turns']} turns as a `/process` user behind a round-robin proxy makes them: "
        "ingest on one worker, then query on the other, alternating, so every request finds "
        "the user changed by the other worker. Latencies are over HTTP on loopback, on a "
        f"{results['machine']['cpus']}-CPU machine shared with other jobs (load average at "
        f"the end {results['machine']['load_average'][0]:.1f}).",
        "",
        "| measure | p50 | p95 | p99 | target |",
        "|---|---|---|---|---|",
        f"| query (after the other worker's ingest) | {q['p50_ms']} ms | {q['p95_ms']} ms "
        f"| {q['p99_ms']} ms | p95 ≤ {targets['query_p95_ms']:.0f} ms |",
        f"| ingest (after the other worker's query) | {i['p50_ms']} ms | {i['p95_ms']} ms "
        f"| {i['p99_ms']} ms | p95 ≤ {targets['ingest_p95_ms']:.0f} ms |",
        f"| baseline: query, one worker (view always current) | {one['query']['p50_ms']} ms "
        f"| {one['query']['p95_ms']} ms | {one['query']['p99_ms']} ms | |",
        f"| baseline: ingest, one worker | {one['ingest']['p50_ms']} ms "
        f"| {one['ingest']['p95_ms']} ms | {one['ingest']['p99_ms']} ms | |",
        "",
        f"- **Cold load** (a worker that never held the user reads its snapshot from "
        f"PostgreSQL and restores the view): median {cold['median_ms']} ms, worst "
        f"{cold['max_ms']} ms of {cold['n']} (target ≤ {targets['cold_load_ms']:.0f} ms). "
        "With the snapshot as the fill left it, "
        + (
            f"{cold['as_filled_behind']} revisions behind the user (so the load also caught up)"
            if cold["as_filled_behind"]
            else "at the user's revision (nothing to catch up)"
        )
        + f": {cold['as_filled_ms']} ms. Baseline in the "
        "same run, alternating: the view built from every memory (no snapshot: the load "
        f"before snapshots, and a user's very first load) median "
        f"{cold['without_snapshot_median_ms']} ms, worst {cold['without_snapshot_max_ms']} "
        "ms. Each worker's first load in the turns below: "
        + ", ".join(
            f"{v} ms (from {kind})"
            for v, kind in zip(
                results["worker_first_load_ms"], results["worker_first_load_from"], strict=True
            )
        )
        + ".",
        f"- **Catch-up** instead: {catch['count']} catch-ups took {catch['mean_ms']} ms on "
        f"average and applied {catch['changed_memories']} changed memories (each new memory "
        "plus those it re-mentioned, processed or superseded): "
        f"**{catch['per_changed_memory_ms']} ms per changed memory**. Full reloads during the "
        f"turns: {results['full_reloads_during_turns']}. Baseline, the behaviour before the "
        "change record: every one of these requests paid a cold load.",
        f"- **Memory**: the user's view, restored from its snapshot as the workers hold it, is "
        f"charged {results['view_mb']} MB of the cache. Worker "
        f"RSS (models loaded, no user): {', '.join(f'{v} MB' for v in rss['idle'])}; after the "
        f"turns, holding the user: {', '.join(f'{v} MB' for v in rss['after_turns'])}.",
        "",
        "Against the targets: "
        + "; ".join(
            f"{name} {value} ({'met' if value <= targets[name] else 'not met'})"
            for name, value in verdict.items()
        )
        + ".",
        "",
        "```bash",
        "createdb kapex_scale && .venv/bin/kapex bench scale \\",
        "  --database-url postgresql://postgres@127.0.0.1:5432/kapex_scale \\",
        f"  --redis-url redis://127.0.0.1:6379/0 --memories {results['requested']} "
        f"--turns {results['turns']}" + (f" --copies {copies}" if copies > 1 else ""),
        "```",
    ]
    return "\n".join(lines)
