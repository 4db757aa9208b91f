"""``kapex bench load``: mixed traffic from many tenants against N workers on PostgreSQL + Redis.

What it does, in order:

1. creates ``tenants`` trial tenants and lifts their rate limits (an operator's bulk job: the
   limiter still counts every request, it just never refuses, so the service is measured,
   not the plan);
2. starts N workers on the given database and Redis, as ``balance`` says: ``proxy`` (the
   default, the topology of ``deploy/compose.yaml``) runs N single-worker servers and sends
   each request to the next one in turn, as the round-robin proxy in front of them does;
   ``kernel`` runs one ``kapex serve --workers N``, whose workers share one listening socket
   and keep each connection they accept — with keep-alive clients the kernel's split of the
   connections decides each worker's share of the load (measured: 12 of 16 connections on
   one worker), so a worker can queue while the other idles;
3. gives each of ``users`` end users per tenant a few memories (batches, not timed);
4. runs closed-loop traffic at each concurrency level for ``seconds``: every client picks a
   random tenant and user and sends a query (80%) or an ingest (20%), then the next request
   as soon as the answer arrives;
5. reports per level: completed requests per second, p50/p95/p99 latency (all, query,
   ingest), errors, and where the time went — the server's CPU (its whole process group), the
   load generator's own CPU, the rest of the machine's, and the server's model and storage
   time from its own ``/metrics``.

The saturation point is the lowest concurrency that reaches 95% of the best throughput
measured (more clients after that only queue); the best level under the latency target
(p99 < 250 ms) is reported separately. Each level's cost per request in server CPU gives what
the machine could serve with every core given to the server, labelled as the extrapolation
it is — on a shared machine the server gets only part of the CPU.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families
from tqdm import tqdm

from kapex.bench.corpus import questions, turns
from kapex.bench.keepalive import KeepAlive
from kapex.bench.report import percentile
from kapex.bench.server import process_group
from kapex.clock import SystemClock
from kapex.errors import ConfigurationError
from kapex.schemas.accounts import SignupRequest
from kapex.services.operator import OperatorConsole
from kapex.settings import Settings

QUERY_SHARE = 0.8
P99_TARGET_MS = 250.0
THROUGHPUT_TARGET = 150.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class LoadConfig:
    database_url: str
    redis_url: str
    workers: int = 2
    levels: tuple[int, ...] = (2, 4, 8, 16, 32)
    # A level long enough for the server to reach steady state and for p99 to mean something.
    seconds: float = 60.0
    tenants: int = 8
    users: int = 20
    seed_turns: int = 3
    port: int = 8120
    #: "proxy": N one-worker servers on ports ``port``…, requests spread in turn; "kernel":
    #: one ``kapex serve --workers N`` on ``port`` (see the module docstring).
    balance: str = "proxy"

    def ports(self) -> list[int]:
        count = self.workers if self.balance == "proxy" else 1
        return [self.port + i for i in range(count)]


@dataclass
class Sample:
    kind: str
    status: int
    seconds: float


@dataclass
class LevelResult:
    concurrency: int
    elapsed: float
    samples: list[Sample] = field(default_factory=list)
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    machine_busy: float = 0.0
    model_seconds: float = 0.0
    write_seconds: float = 0.0
    handled_seconds: float = 0.0
    #: One-text embeddings answered by the embedding cache, and by the model.
    cache_hits: float = 0.0
    cache_misses: float = 0.0
    #: Request time each server spent (its share of the work).
    handled_by_server: list[float] = field(default_factory=list)


def _group_cpu_seconds(pgid: int) -> float:
    """User + system CPU of every process in the server's process group."""
    total = 0
    for entry in process_group(pgid):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime after "(comm)"
    return total / CLOCK_TICKS


def _machine_busy_seconds() -> float:
    """CPU seconds every process on this machine has used (all cores), from /proc/stat."""
    parts = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(v) for v in parts]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / CLOCK_TICKS


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _metric_sums(text: str) -> dict[str, float]:
    sums = {"model": 0.0, "write": 0.0, "http": 0.0, "hit": 0.0, "miss": 0.0}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "kapex_model_seconds_sum":
                sums["model"] += sample.value
            elif sample.name == "kapex_stage_seconds_sum" and sample.labels.get("stage") == "write":
                sums["write"] += sample.value
            elif sample.name == "kapex_http_request_duration_seconds_sum":
                sums["http"] += sample.value
            elif sample.name == "kapex_embedding_cache_total":
                sums[sample.labels["result"]] += sample.value
    return sums


def _servers_metrics(config: LoadConfig) -> list[dict[str, float]]:
    """The model, write and request-time sums and embedding-cache counts of each server."""
    return [
        _metric_sums(httpx.get(f"http://127.0.0.1:{port}/metrics").text) for port in config.ports()
    ]


def _prepare_tenants(config: LoadConfig, data_dir: Path) -> list[str]:
    settings = Settings(
        database_url=config.database_url,
        redis_url=config.redis_url,
        data_dir=data_dir,
        purge_interval_seconds=0,
    )
    console = OperatorConsole.open(settings)
    keys = []
    run = uuid.uuid4().hex[:8]
    for index in range(config.tenants):
        signup = console.accounts.signup(
            SignupRequest(
                company_name=f"Load {run} {index}",
                email=f"load-{run}-{index}@example.com",
                name="Load",
            ),
            now=SystemClock().now(),
            base_url="http://127.0.0.1/api/v1",
        )
        console.accounts.set_tier(
            signup.tenant_id,
            "enterprise",
            custom_limits={"rate_limit_rpm": 1_000_000, "rate_limit_daily": 1_000_000_000},
        )
        keys.append(signup.api_key)
    console.engine.dispose()
    return keys


def _start_servers(config: LoadConfig, data_dir: Path) -> list[subprocess.Popen[bytes]]:
    if config.balance not in ("proxy", "kernel"):
        raise ConfigurationError("--balance is proxy or kernel")
    workers = "1" if config.balance == "proxy" else str(config.workers)
    servers: list[subprocess.Popen[bytes]] = []
    try:
        for port in config.ports():
            servers.append(_start_server(config, data_dir, port, workers))
    except BaseException:
        _stop(servers)
        raise
    return servers


def _stop(servers: list[subprocess.Popen[bytes]]) -> None:
    for server in servers:
        os.killpg(server.pid, signal.SIGTERM)
    for server in servers:
        server.wait(timeout=60)


def _start_server(
    config: LoadConfig, data_dir: Path, port: int, workers: str
) -> subprocess.Popen[bytes]:
    log = data_dir / f"serve-{port}.log"
    env = {
        **os.environ,
        "KAPEX_DATABASE_URL": config.database_url,
        "KAPEX_REDIS_URL": config.redis_url,
        "KAPEX_DATA_DIR": str(data_dir),
        "KAPEX_PURGE_INTERVAL_SECONDS": "0",
        "KAPEX_LOG_LEVEL": "warning",
        "ORT_DISABLE_TELEMETRY": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "kapex.cli.main", "serve", "--port", str(port),
         "--workers", workers],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 180
    base = f"http://127.0.0.1:{port}/api/v1"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"kapex serve exited: {log.read_text()[-1500:]}")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError("kapex serve did not become ready within 180 s")


async def _seed(base: str, keys: list[str], config: LoadConfig, progress: bool) -> None:
    texts = list(turns(len(keys) * config.users * config.seed_turns, seed=11))
    jobs = [(key, user) for key in keys for user in range(config.users)]
    bar = tqdm(total=len(jobs), desc="seed memories", disable=not progress)
    gate = asyncio.Semaphore(8)
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:

        async def seed_one(index: int, key: str, user: int) -> None:
            items = texts[index * config.seed_turns : (index + 1) * config.seed_turns]
            async with gate:
                response = await client.post(
                    "/ingest/batch",
                    headers={"X-API-Key": key},
                    json={"user_id": f"user-{user}", "items": [{"content": t} for t in items]},
                )
                response.raise_for_status()
                bar.update()

        await asyncio.gather(*(seed_one(i, k, u) for i, (k, u) in enumerate(jobs)))
    bar.close()


async def _run_level(
    ports: list[int], keys: list[str], config: LoadConfig, concurrency: int, seed: int
) -> LevelResult:
    rng = random.Random(seed)
    asks = list(questions(500, seed=seed))
    says = list(turns(5000, seed=seed + 1))

    def fresh(*pools: list[str]) -> str:
        # Users rarely send the same words twice: a text drawn from a pool of a few dozen
        # would let the embedding cache answer most requests and flatter the benchmark.
        return " ".join(rng.choice(pool) for pool in pools)

    result = LevelResult(concurrency=concurrency, elapsed=0.0)
    turn = itertools.count()
    stop_at = time.perf_counter() + config.seconds

    async def loop() -> None:
        # One keep-alive connection per server for each client, as a browser or SDK keeps.
        servers = [KeepAlive("127.0.0.1", port, timeout=60) for port in ports]
        while time.perf_counter() < stop_at:
            key = rng.choice(keys)
            user = f"user-{rng.randrange(config.users)}"
            if rng.random() < QUERY_SHARE:
                kind, path = "query", "/api/v1/query"
                body = {"user_id": user, "current_input": fresh(says, asks)}
            else:
                kind, path = "ingest", "/api/v1/ingest"
                body = {"user_id": user, "content": fresh(says, says)}
            started = time.perf_counter()
            server = servers[next(turn) % len(servers)]  # round robin, as the proxy does
            try:
                status = await server.post(path, body, headers={"X-API-Key": key})
            except (OSError, asyncio.IncompleteReadError):  # TimeoutError is an OSError
                status = 0
            result.samples.append(Sample(kind, status, time.perf_counter() - started))
        for server in servers:
            await server.close()

    began = time.perf_counter()
    await asyncio.gather(*(loop() for _ in range(concurrency)))
    result.elapsed = time.perf_counter() - began
    return result


def run_load(config: LoadConfig, *, progress: bool = True) -> dict[str, Any]:
    """Run the whole benchmark and return JSON-ready results."""
    if not config.database_url.startswith(("postgres://", "postgresql://")):
        raise ConfigurationError(
            "kapex bench load measures the scaled-out stack: give --database-url "
            "postgresql://… (and --redis-url redis://…)."
        )
    data_dir = Path(tempfile.mkdtemp(prefix="kapex-load-"))
    keys = _prepare_tenants(config, data_dir)
    servers = _start_servers(config, data_dir)
    levels: list[LevelResult] = []
    try:
        asyncio.run(_seed(f"http://127.0.0.1:{config.port}/api/v1", keys, config, progress))
        for index, concurrency in enumerate(
            tqdm(config.levels, desc="concurrency levels", disable=not progress)
        ):
            before = _servers_metrics(config)
            cpu0 = sum(_group_cpu_seconds(server.pid) for server in servers)
            own0, busy0 = _own_cpu_seconds(), _machine_busy_seconds()
            level = asyncio.run(
                _run_level(config.ports(), keys, config, concurrency, seed=100 + index)
            )
            level.server_cpu = sum(_group_cpu_seconds(server.pid) for server in servers) - cpu0
            level.client_cpu = _own_cpu_seconds() - own0
            level.machine_busy = _machine_busy_seconds() - busy0
            after = _servers_metrics(config)
            spent = [
                {name: a[name] - b[name] for name in a} for a, b in zip(after, before, strict=True)
            ]
            level.model_seconds = sum(d["model"] for d in spent)
            level.write_seconds = sum(d["write"] for d in spent)
            level.cache_hits = sum(d["hit"] for d in spent)
            level.cache_misses = sum(d["miss"] for d in spent)
            level.handled_by_server = [d["http"] for d in spent]
            level.handled_seconds = sum(level.handled_by_server)
            levels.append(level)
    finally:
        _stop(servers)
    # Kept, with the servers' logs, only if the run failed.
    shutil.rmtree(data_dir, ignore_errors=True)
    return summarise(config, levels)


def _latency(samples: list[Sample], kind: str | None) -> dict[str, float]:
    chosen = [s.seconds * 1000 for s in samples if kind is None or s.kind == kind]
    return {
        "n": len(chosen),
        "p50_ms": round(percentile(chosen, 50), 1),
        "p95_ms": round(percentile(chosen, 95), 1),
        "p99_ms": round(percentile(chosen, 99), 1),
    }


def summarise(config: LoadConfig, levels: list[LevelResult]) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for level in levels:
        ok = [s for s in level.samples if 200 <= s.status < 300]
        cores = os.cpu_count() or 1
        handled = max(level.handled_seconds, 1e-9)
        rows.append(
            {
                "concurrency": level.concurrency,
                "seconds": round(level.elapsed, 1),
                "requests": len(level.samples),
                "throughput_rps": round(len(ok) / level.elapsed, 1),
                "errors": len(level.samples) - len(ok),
                "all": _latency(level.samples, None),
                "query": _latency(level.samples, "query"),
                "ingest": _latency(level.samples, "ingest"),
                "server_cores": round(level.server_cpu / level.elapsed, 2),
                "client_cores": round(level.client_cpu / level.elapsed, 2),
                "other_cores": round(
                    max(0.0, level.machine_busy - level.server_cpu - level.client_cpu)
                    / level.elapsed,
                    2,
                ),
                "machine_cores": cores,
                "cpu_ms_per_request": round(level.server_cpu / max(len(ok), 1) * 1000, 1),
                "model_share": round(level.model_seconds / handled, 2),
                "write_share": round(level.write_seconds / handled, 2),
                "embedding_cache_hit_share": round(
                    level.cache_hits / max(level.cache_hits + level.cache_misses, 1), 2
                ),
                "server_shares": [round(h / handled, 2) for h in level.handled_by_server],
            }
        )
    peak = max((r["throughput_rps"] for r in rows), default=0.0)
    saturation = next((r["concurrency"] for r in rows if r["throughput_rps"] >= 0.95 * peak), None)
    within = [r for r in rows if r["all"]["p99_ms"] < P99_TARGET_MS]
    best = max(within, key=lambda r: r["throughput_rps"]) if within else None
    return {
        "config": {
            "workers": config.workers,
            "balance": config.balance,
            "levels": list(config.levels),
            "seconds_per_level": config.seconds,
            "tenants": config.tenants,
            "users_per_tenant": config.users,
            "seed_turns_per_user": config.seed_turns,
            "query_share": QUERY_SHARE,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "load_average_at_end": Path("/proc/loadavg").read_text().split()[:3],
        },
        "levels": rows,
        "saturation_concurrency": saturation,
        "best_under_target": best,
    }


def _topology(config: dict[str, Any]) -> str:
    workers = config["workers"]
    if config.get("balance", "proxy") == "proxy":
        return (
            f"{workers} single-worker servers, each request sent to the next in turn (the "
            "round-robin proxy of `deploy/compose.yaml`),"
        )
    return f"{workers} workers of one `kapex serve --workers {workers}` (one shared socket)"


def render_markdown(results: dict[str, Any], *, plot_name: str) -> str:
    config, rows = results["config"], results["levels"]
    best = results["best_under_target"]
    lines = [
        "## Load (`kapex bench load`)",
        "",
        f"{_topology(config)} on PostgreSQL "
        f"+ Redis; {config['tenants']} tenants × {config['users_per_tenant']} users, each with "
        f"{config['seed_turns_per_user']} memories to start; closed-loop clients sending "
        f"{int(config['query_share'] * 100)}% queries and "
        f"{100 - int(config['query_share'] * 100)}% ingests, "
        f"{config['seconds_per_level']:.0f} s per concurrency level "
        f"({config['seconds_per_level'] * len(rows):.0f} s in all). The load generator runs on "
        f"the same {results['machine']['cpus']}-CPU machine. Load average at the end: "
        f"{' '.join(results['machine']['load_average_at_end'])}.",
        "",
        "| clients | req/s | errors | p50 | p95 | p99 | query p50/p99 | ingest p50/p99 "
        "| server CPU | CPU per request | generator CPU | other CPU | model time | write time "
        "| embedding cache hits |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['concurrency']} | {r['throughput_rps']} | {r['errors']} "
            f"| {r['all']['p50_ms']} ms | {r['all']['p95_ms']} ms | {r['all']['p99_ms']} ms "
            f"| {r['query']['p50_ms']}/{r['query']['p99_ms']} ms "
            f"| {r['ingest']['p50_ms']}/{r['ingest']['p99_ms']} ms "
            f"| {r['server_cores']} cores | {r['cpu_ms_per_request']} ms "
            f"| {r['client_cores']} | {r['other_cores']} "
            f"| {int(r['model_share'] * 100)}% | {int(r['write_share'] * 100)}% "
            f"| {int(r['embedding_cache_hit_share'] * 100)}% |"
        )
    lines += [
        "",
        "CPU columns are cores in use on average (the machine has "
        f"{results['machine']['cpus']}): the server's process group, this load generator, and "
        "everything else on the machine (PostgreSQL and Redis included: they run here too). "
        "Model and write time are shares of the server's request time (from its `/metrics`); "
        "embedding cache hits are the one-text embeddings (each query's, each turn's) the "
        "servers' embedding cache answered without the model. Every query and turn the "
        "generator sends joins two sentences drawn from thousands, so texts seldom repeat, "
        "as in real chat: the cache is not what these numbers measure.",
        "",
        f"Saturation: {results['saturation_concurrency']} concurrent clients reach 95% of the "
        f"best throughput measured; more clients only queue. ",
    ]
    if best:
        lines[-1] += (
            f"Best within p99 < {P99_TARGET_MS:.0f} ms: {best['throughput_rps']} req/s at "
            f"{best['concurrency']} clients (target ≥ {THROUGHPUT_TARGET:.0f} req/s: "
            f"{'reached' if best['throughput_rps'] >= THROUGHPUT_TARGET else 'not reached'})."
        )
    else:
        lines[-1] += f"No level kept p99 under {P99_TARGET_MS:.0f} ms."
    if rows:
        cost = min(r["cpu_ms_per_request"] for r in rows if r["cpu_ms_per_request"] > 0)
        cores = results["machine"]["cpus"]
        lines += [
            "",
            f"The server's cost was {cost} ms of CPU per request at best, so with all {cores} "
            f"cores to itself it could serve about {cores * 1000 / cost:.0f} req/s before CPU "
            "runs out (an extrapolation from the measured cost, not a measurement).",
        ]
    lines += [
        "",
        "What limits it: CPU, and on a shared machine the server gets only part of it. A query "
        "whose text was embedded before skips the model (the embedding cache column), but this "
        "generator's texts seldom repeat, so nearly every request pays for its embedding. "
        "Beyond the model, a query's cost is spread thin: FastAPI's request handling and two "
        "hops to the thread pool, the gate (a PostgreSQL key lookup and one Redis script for "
        "both rate windows), the user's revision check in PostgreSQL (each connection taken "
        "from the pool is pinged first, so a restarted database is noticed), retrieval, crisis "
        "screening and the block builder — none above about a sixth of the whole. An ingest "
        "costs about three queries: spaCy's entity tagger, crisis screening of a longer text, "
        "the gravity model's sentence embeddings and about ten PostgreSQL statements. With more"
        " clients than the server has cores, requests only queue, which is why p50 grows in "
        "step with the clients once throughput is flat. The generator is a bare keep-alive HTTP"
        " client (`bench/keepalive.py`); the 'other CPU' column is what the rest of the machine"
        " took (PostgreSQL and Redis among it): compare runs by the server CPU per request, and"
        " rerun on a quiet machine for absolute numbers:```bashcreatedb kapex_load && "
        ".venv/bin/kapex bench load \\  --database-url "
        "postgresql://postgres@127.0.0.1:5432/kapex_load \\  --redis-url "
        "redis://127.0.0.1:6379/0 --workers 2 --levels 2,4,8,16,32 --seconds 60```",
        f"![throughput and latency against concurrency]({plot_name})",
    ]
    return "\n".join(lines)


def plot(results: dict[str, Any], path: Path) -> None:
    """Throughput and p50/p95/p99 against concurrency (needs the ``bench`` extra)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = results["levels"]
    clients = [r["concurrency"] for r in rows]
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
    left.plot(clients, [r["throughput_rps"] for r in rows], marker="o")
    left.axhline(THROUGHPUT_TARGET, linestyle=":", color="grey", label="target 150 req/s")
    left.set_xlabel("concurrent clients")
    left.set_ylabel("completed requests / s")
    left.set_xscale("log", base=2)
    left.set_xticks(clients, [str(c) for c in clients])
    left.legend(fontsize="small")
    for name in ("p50_ms", "p95_ms", "p99_ms"):
        right.plot(clients, [r["all"][name] for r in rows], marker="o", label=name[:3])
    right.axhline(P99_TARGET_MS, linestyle=":", color="grey", label="p99 target")
    right.set_xlabel("concurrent clients")
    right.set_ylabel("latency (ms)")
    right.set_xscale("log", base=2)
    right.set_xticks(clients, [str(c) for c in clients])
    right.legend(fontsize="small")
    for axis in (left, right):
        axis.grid(alpha=0.3)
        axis.minorticks_off()
    figure.suptitle(f"kapex bench load: {results['config']['workers']} workers, 80% query")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
