"""``kapex bench scale --cold-only --copies N``: cold loads of a big user, timed in parts.

Filling a user of 50,000 memories through ingest takes hours on a small machine, and a cold
load does not depend on what the memories say, only on how many there are and what their
columns hold. So this bench takes the scale bench's filled user (``scale.USER``) and stores
``copies`` copies of its memories, under new ids, as one other user (``scale.COPIED_USER``):
each copy with its own ids (md5 of the original id and the copy's number, supersession links
mapped the same way), its own sessions (prefixed with the copy's number) and its own
revisions (``seq`` shifted by the source's revision per copy). Topics are shared, so a
topic holds ``copies`` times the members.

It then times cold loads of that user as a worker does them (``UserViews.current`` on a
fresh ``UserViews``), median of ``loads``, in parts read from the worker's own stage
histograms (``services/user_views.py``): reading the snapshot row, unpacking it, restoring
the view, catching up with the change record; first with the snapshot at the user's revision,
then ``behind`` revisions behind it (``behind`` turns ingested after the snapshot was
written), and the same for the source user. PostgreSQL only (the copy is one SQL statement).
"""

from __future__ import annotations

import gc
import os
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from prometheus_client import REGISTRY
from sqlalchemy import delete, func, select

from kapex.access.tiers import tenant_limits
from kapex.bench import scale
from kapex.bench.corpus import turns
from kapex.bench.scale import ScaleConfig
from kapex.schemas.memory import TurnItem
from kapex.services.container import Services
from kapex.services.index_cache import IndexCache
from kapex.services.profiles import profile_of
from kapex.services.user_views import UserViews
from kapex.settings import Settings
from kapex.store.schema import nodes, user_snapshots

#: When the turns ingested after a snapshot are said (after every filled one).
AFTER = datetime(2027, 6, 1, tzinfo=UTC)
#: The parts of a load from a snapshot, as ``UserViews`` times them.
PARTS = ("snapshot_read", "snapshot_unpack", "snapshot_restore", "snapshot_catch_up")


def _stage_sum(stage: str) -> float:
    value = REGISTRY.get_sample_value("kapex_stage_seconds_sum", {"path": "view", "stage": stage})
    return value or 0.0


def cold_load(services: Services, tenant_id: str, user_id: str) -> dict[str, float]:
    """One load of the user by a worker that never held it, in parts (seconds); waits for
    the snapshot write the load may start, outside the time."""
    views = UserViews(
        store=services.memory_store,
        cache=IndexCache(capacity_bytes=2**40),
        embedder=services.models.embedder,
        vectors=services.settings.index_vectors,
        snapshot_vectors=services.settings.snapshot_vectors,
    )
    before = {part: _stage_sum(part) for part in PARTS}
    cpu = time.process_time()
    t0 = time.perf_counter()
    view = views.current(tenant_id, user_id)
    total = time.perf_counter() - t0
    cpu = time.process_time() - cpu
    views.close()
    assert view is not None
    parts = {part: _stage_sum(part) - before[part] for part in PARTS}
    del view
    gc.collect()
    return {"total": total, "cpu": cpu, **parts}


def _medians(loads: list[dict[str, float]]) -> dict[str, float]:
    return {k: round(statistics.median(x[k] for x in loads) * 1000, 1) for k in loads[0]}


def _ingest(services: Services, tenant_id: str, user_id: str, count: int, seed: int) -> None:
    tenant = services.accounts.require_tenant(tenant_id)
    says = list(turns(count, seed=seed))
    for index, content in enumerate(says):
        moment = AFTER + timedelta(minutes=30 * index)
        services.ingest.ingest_many(
            tenant_id,
            user_id,
            [TurnItem(content=content, session_id="after", timestamp=moment)],
            limits=tenant_limits(tenant),
            profile=profile_of(tenant),
            now=moment,
        )


def timed_loads(
    services: Services, tenant_id: str, user_id: str, *, loads: int, behind: int, seed: int = 91
) -> dict[str, Any]:
    """Median parts of ``loads`` cold loads with a snapshot at the user's revision, then
    with one ``behind`` revisions behind (a fresh snapshot written first, then ``behind``
    turns ingested)."""
    store = services.memory_store
    with services.engine.begin() as conn:
        conn.execute(
            delete(user_snapshots).where(
                user_snapshots.c.tenant_id == tenant_id, user_snapshots.c.user_id == user_id
            )
        )
    cold_load(services, tenant_id, user_id)  # built from the rows; writes the snapshot
    with services.engine.connect() as conn:
        size = conn.execute(
            select(func.octet_length(user_snapshots.c.blob)).where(
                user_snapshots.c.tenant_id == tenant_id, user_snapshots.c.user_id == user_id
            )
        ).scalar_one()
    at_revision = [cold_load(services, tenant_id, user_id) for _ in range(loads)]
    with services.engine.connect() as conn:
        memories = conn.execute(
            select(func.count()).where(nodes.c.tenant_id == tenant_id, nodes.c.user_id == user_id)
        ).scalar_one()
    result: dict[str, Any] = {
        "memories": int(memories),
        "revision": store.revision(tenant_id, user_id),
        "snapshot_mb": round(size / 2**20, 1),
        "at_revision_ms": _medians(at_revision),
    }
    if behind:
        services.views.forget(tenant_id, user_id)
        _ingest(services, tenant_id, user_id, behind, seed)
        behind_loads = [cold_load(services, tenant_id, user_id) for _ in range(loads)]
        result["behind"] = behind
        result["behind_ms"] = _medians(behind_loads)
    return result


def run_cold(
    config: ScaleConfig, *, copies: int, loads: int, behind: int, progress: bool = True
) -> dict[str, Any]:
    """Fill (or find) the scale bench's user, copy it ``copies`` times as ``scale.COPIED_USER``,
    and time cold loads of both (``timed_loads``)."""
    settings = Settings(
        database_url=config.database_url,
        redis_url=config.redis_url,
        data_dir=Path(tempfile.mkdtemp(prefix="kapex-cold-")),
        purge_interval_seconds=0,
    )
    services = Services.build(settings)
    # The bench tenant's node cap counts the copies (``scale._bench_tenant``).
    config = replace(config, copies=copies)
    tenant_id, _ = scale.filled_tenant(services, config, progress=progress)
    scale.copy_user(services.engine, tenant_id, scale.USER, scale.COPIED_USER, copies)
    gc.freeze()  # as a worker does once started (api/asgi.py)
    results = {
        "index_vectors": settings.index_vectors,
        "snapshot_vectors": settings.snapshot_vectors,
        "source": timed_loads(services, tenant_id, scale.USER, loads=loads, behind=behind),
        "copied": timed_loads(services, tenant_id, scale.COPIED_USER, loads=loads, behind=behind),
        "copies": copies,
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()},
    }
    services.views.close()
    services.close()
    return results


def render_markdown(results: dict[str, Any]) -> str:
    lines = [
        "| user | memories | snapshot | snapshot at | total | CPU | read | unpack | restore"
        " | catch-up |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name in ("source", "copied"):
        r = results[name]
        for label, key in (("user's revision", "at_revision_ms"), ("behind", "behind_ms")):
            if key not in r:
                continue
            m = r[key]
            at = label if key == "at_revision_ms" else f"{r['behind']} revisions behind"
            lines.append(
                f"| {name} | {r['memories']:,} | {r['snapshot_mb']} MB | {at} | {m['total']} ms"
                f" | {m['cpu']} ms | {m['snapshot_read']} ms | {m['snapshot_unpack']} ms"
                f" | {m['snapshot_restore']} ms | {m['snapshot_catch_up']} ms |"
            )
    return "\n".join(lines)
