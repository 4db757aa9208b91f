"""``kapex bench scale --cold-only``: the copied user is the filled one N times over, and
loads like any user (PostgreSQL: the copy is one SQL statement)."""

from __future__ import annotations

from typing import Any

from tests.conftest import Api, ingest
from tests.services.test_catch_up import TURNS

from kapex.bench import cold_load, scale
from kapex.services.index_cache import IndexCache
from kapex.services.user_views import UserViews


def test_copies_of_a_user_load_as_one_user_of_that_many_memories(make_api: Any) -> None:
    api: Api = make_api()
    if api.services.engine.dialect.name != "postgresql":
        return  # PostgreSQL SQL; the SQLite run has nothing to check
    tenant_id, headers = api.tenant()
    for text in TURNS:
        ingest(api, headers, "source", text)
    revision = scale.copy_user(api.services.engine, tenant_id, "source", "copied", 3)
    assert revision == 3 * len(TURNS)
    assert api.services.memory_store.revision(tenant_id, "copied") == revision
    views = UserViews(
        store=api.services.memory_store,
        cache=IndexCache(capacity_bytes=2**30),
        embedder=api.services.models.embedder,
    )
    source = views.current(tenant_id, "source")
    copied = views.current(tenant_id, "copied")
    views.close()
    assert source is not None and copied is not None
    assert len(copied.nodes) == 3 * len(source.nodes)
    assert not set(copied.nodes) & set(source.nodes)  # new ids for every copy
    summaries = sorted(n.summary for n in source.nodes.values())
    assert sorted(n.summary for n in copied.nodes.values()) == sorted(summaries * 3)
    sessions = {n.session_id for n in copied.nodes.values() if n.session_id}
    assert len(sessions) == 3 * len({n.session_id for n in source.nodes.values() if n.session_id})
    # Timed in parts: a fresh worker's load reads the snapshot the first load wrote.
    parts = cold_load.cold_load(api.services, tenant_id, "copied")
    assert parts["total"] > 0 and set(cold_load.PARTS) <= set(parts)
