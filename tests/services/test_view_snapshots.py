"""A worker that never held a user loads its stored snapshot and catches up from it
(``services/user_views.py``, ``services/view_snapshot.py``), and ends with exactly the view
the worker that made every write holds, and the one a build from every row gives."""

from __future__ import annotations

import gc
import tracemalloc
from typing import Any

import numpy as np
import pytest
from sqlalchemy import event, func, select

from kapex import metrics
from kapex.engine.retrieval import Query
from kapex.services import view_snapshot
from kapex.services.index_cache import IndexCache, UserView
from kapex.services.user_views import UserViews
from kapex.store.schema import user_snapshots
from tests.conftest import Api, ingest
from tests.services.test_catch_up import TURNS, _facts

MORE = [
    "Rosa brought her lemon cake on Sunday; Ana loved it.",
    "I ran 18 km this morning, my longest run so far.",
    "Sam found a rescue dog called Biscuit at the shelter in Lisbon.",
    "Ana's teacher says she reads very well for her age.",
]


def _views(api: Api) -> UserViews:
    """A worker's views that never held anyone, storing a snapshot every 2 revisions."""
    return UserViews(
        store=api.services.memory_store,
        cache=IndexCache(capacity_bytes=2**30),
        embedder=api.services.models.embedder,
        snapshot_every=2,
        snapshot_min_nodes=1,
        vectors=api.services.settings.index_vectors,
        snapshot_vectors=api.services.settings.snapshot_vectors,
    )


def _loaded(views: UserViews, tenant_id: str, user_id: str) -> UserView:
    view = views.current(tenant_id, user_id)
    assert view is not None
    return view


def _counted(result: str) -> float:
    return float(metrics.INDEX_CACHE.labels(result)._value.get())


def _answers(view: UserView, vectors: list[np.ndarray]) -> list[Any]:
    """What search, the topics and the salience columns give for each probe."""
    found = []
    for vector in vectors:
        query = Query(text="where do I live and who visits on Sunday", vector=vector)
        found.append(view.index.search(query))
        found.append(view.index.nearest(vector, k=5))
    labels = {t: view.topics.label(t) for t in view.topics.topic_ids()}
    threads = sorted(sorted(view.thread_members(node.thread)) for node in view.nodes.values())
    return [found, labels, sorted(view.known_entities().items()), threads]


def _snapshot_revision(api: Api, tenant_id: str) -> int | None:
    with api.services.engine.connect() as conn:
        return conn.execute(
            select(user_snapshots.c.revision).where(user_snapshots.c.tenant_id == tenant_id)
        ).scalar()


@pytest.mark.parametrize(
    ("matrix", "packed"), [("float32", "float32"), ("float16", "float16"), ("float32", "float16")]
)
def test_a_view_loaded_from_its_snapshot_equals_the_one_built_write_by_write(
    make_api: Any, matrix: str, packed: str
) -> None:
    """Under each setting: a float16 snapshot reads half the bytes, and every view (written
    to in place, restored, built from the rows) holds the same float16 values."""
    writer = make_api(index_vectors=matrix, snapshot_vectors=packed)  # writes in place
    tenant_id, headers = writer.tenant()
    for text in TURNS:
        ingest(writer, headers, "u", text)
    first = _views(writer)
    _loaded(first, tenant_id, "u")  # built from every row; stores the snapshot
    first.close()
    taken = _snapshot_revision(writer, tenant_id)
    assert taken is not None
    with writer.services.engine.connect() as conn:
        stored = conn.execute(
            select(user_snapshots.c.format, user_snapshots.c.blob).where(
                user_snapshots.c.tenant_id == tenant_id
            )
        ).one()
    assert stored.format == f"{view_snapshot.FORMAT}/{matrix}/{packed}"
    assert view_snapshot.unpack(stored.blob)["index"]["_vectors"].dtype == np.dtype(packed)
    for text in MORE:  # the snapshot falls behind: a load must apply these on top
        ingest(writer, headers, "u", text)
    live = writer.services.cache.get(tenant_id, "u")
    assert live is not None and live.revision > taken

    restored_before = _counted("snapshot")
    cold = _views(writer)
    restored = _loaded(cold, tenant_id, "u")
    cold.close()
    assert _counted("snapshot") == restored_before + 1
    assert restored.revision == live.revision
    assert restored.index.state()["_vectors"].dtype == live.index.state()["_vectors"].dtype
    assert restored.index._vectors.dtype == np.dtype(matrix)
    assert _facts(restored) == _facts(live)
    probes = [node.vector for node in live.nodes.values()]
    assert _answers(restored, probes) == _answers(live, probes)

    # And both equal a view built from every row, without a snapshot.
    with writer.services.engine.begin() as conn:
        conn.execute(user_snapshots.delete())
    rebuilt = _views(writer)
    built = _loaded(rebuilt, tenant_id, "u")
    rebuilt.close()
    assert _facts(built) == _facts(live)


def test_a_snapshot_read_from_a_copy_is_the_view_when_copied_whatever_changes_after(
    make_api: Any,
) -> None:
    api = make_api()
    tenant_id, headers = api.tenant()
    stored = [ingest(api, headers, "u", text)["node_id"] for text in TURNS]
    first = _views(api)
    _loaded(first, tenant_id, "u")  # built from every row; stores the snapshot
    first.close()
    ingest(api, headers, "u", MORE[0])
    views = _views(api)
    view = _loaded(views, tenant_id, "u")  # restored: its memories are made as they are read
    assert view.nodes.rows and view.nodes.made
    taken = view_snapshot.pack(view.state())
    copy = view.detached()  # what a snapshot write takes under the view's lock
    # The view moves on, in place: new memories, re-mentions and processing, a deletion.
    assert api.client.delete(f"/api/v1/users/u/nodes/{stored[2]}", headers=headers).is_success
    for text in MORE[1:]:
        ingest(api, headers, "u", text)
    assert views.current(tenant_id, "u") is view
    views.close()
    assert view.revision > copy.revision and stored[2] not in view.nodes
    assert view_snapshot.pack(copy.state()) == taken


def test_a_snapshot_is_rewritten_as_the_user_moves_on(make_api: Any) -> None:
    api = make_api()
    tenant_id, headers = api.tenant()
    for text in TURNS[:3]:
        ingest(api, headers, "u", text)
    views = _views(api)
    view = _loaded(views, tenant_id, "u")
    views.close()
    assert _snapshot_revision(api, tenant_id) == view.revision
    for text in TURNS[3:]:
        ingest(api, headers, "u", text)
    again = _views(api)
    caught = _loaded(again, tenant_id, "u")
    again.close()  # the load applied 5 revisions, more than 2: a newer snapshot is stored
    assert _snapshot_revision(api, tenant_id) == caught.revision


def test_an_erased_user_leaves_no_snapshot_and_a_new_one_does_not_get_the_old_one(
    make_api: Any,
) -> None:
    api = make_api()
    tenant_id, headers = api.tenant()
    ingest(api, headers, "u", "My sister Maya lives in Porto.")
    ingest(api, headers, "u", "Maya works as a nurse in Porto.")
    views = _views(api)
    _loaded(views, tenant_id, "u")
    views.close()
    assert _snapshot_revision(api, tenant_id) is not None
    assert api.client.delete("/api/v1/users/u", headers=headers).status_code == 200
    assert _snapshot_revision(api, tenant_id) is None
    ingest(api, headers, "u", "I started learning the cello.")
    fresh = _views(api)
    view = _loaded(fresh, tenant_id, "u")
    fresh.close()
    assert [n.summary for n in view.nodes.values()] == ["I started learning the cello."]


def test_a_snapshot_in_a_format_the_worker_does_not_know_is_not_used_but_replaced(
    api: Api,
) -> None:
    tenant_id, headers = api.tenant()
    for text in TURNS[:4]:
        ingest(api, headers, "u", text)
    views = _views(api)
    _loaded(views, tenant_id, "u")
    views.close()
    with api.services.engine.begin() as conn:
        conn.execute(user_snapshots.update().values(format="kxv0", blob=b"old"))
    built_before = _counted("miss")
    other = _views(api)
    view = _loaded(other, tenant_id, "u")
    other.close()
    assert _counted("miss") == built_before + 1
    assert len(view.nodes) == 4
    restored_before = _counted("snapshot")
    third = _views(api)
    _loaded(third, tenant_id, "u")  # from the snapshot the build stored in its place
    third.close()
    assert _counted("snapshot") == restored_before + 1


def test_a_packed_state_comes_back_equal_and_unknown_dtypes_are_refused() -> None:
    state = {
        "index": {"vectors": np.arange(6, dtype=np.float32).reshape(2, 3), "ids": ["a", None]},
        "metadata": [{"$array": 0}],  # data that looks like structure stays data
        "times": np.array([1, -(2**63)], dtype=np.int64),
    }
    back = view_snapshot.unpack(view_snapshot.pack(state))
    assert back["index"]["ids"] == ["a", None]
    assert back["metadata"] == [{"$array": 0}]
    assert np.array_equal(back["index"]["vectors"], state["index"]["vectors"])
    assert np.array_equal(back["times"], state["times"])
    with pytest.raises(ValueError):
        view_snapshot.unpack(view_snapshot.pack({"x": np.array(["text"])}))
    with pytest.raises(ValueError):
        view_snapshot.unpack(b"not a snapshot")


def test_an_unreadable_snapshot_is_built_around(api: Api) -> None:
    tenant_id, headers = api.tenant()
    for text in TURNS[:3]:
        ingest(api, headers, "u", text)
    views = _views(api)
    _loaded(views, tenant_id, "u")
    views.close()
    with api.services.engine.begin() as conn:  # the format it claims, not its contents
        conn.execute(user_snapshots.update().values(blob=b"KXV1 damaged"))
    built_before = _counted("miss")
    other = _views(api)
    view = _loaded(other, tenant_id, "u")
    other.close()
    assert _counted("miss") == built_before + 1
    assert len(view.nodes) == 3


def test_a_restored_view_keeps_nothing_of_the_snapshot_bytes(api: Api) -> None:
    tenant_id, headers = api.tenant()
    for text in TURNS:
        ingest(api, headers, "u", text)
    view = api.services.cache.get(tenant_id, "u")
    assert view is not None
    blob = bytearray(view_snapshot.pack(view.state()))
    restored = UserView.from_state(view_snapshot.unpack(blob))
    assert _facts(restored) == _facts(view)
    blob.extend(b"!")  # a bytearray cannot grow while any array still views its bytes


def test_a_snapshot_write_and_load_keep_nothing_of_the_blob_or_its_connection(api: Api) -> None:
    """What a worker keeps after storing and loading a snapshot is the view alone: no copy
    of the blob (SQLAlchemy's statement cache once kept the first one written), and on
    PostgreSQL no pooled connection that carried one (libpq keeps a buffer its size)."""
    tenant_id, headers = api.tenant()
    for text in TURNS:
        ingest(api, headers, "u", text)
    engine = api.services.engine
    carried: list[Any] = []
    event.listen(engine, "checkout", lambda dbapi, *_: carried.append(dbapi))
    tracemalloc.start(25)
    try:
        writer = _views(api)
        _loaded(writer, tenant_id, "u")  # built from every row; stores the snapshot
        writer.close()
        loader = _views(api)
        _loaded(loader, tenant_id, "u")  # from the snapshot
        loader.close()
        gc.collect()
        kept = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(True, view_snapshot.__file__, all_frames=True)]
        )
    finally:
        tracemalloc.stop()
    with engine.connect() as conn:
        size = conn.execute(
            select(func.length(user_snapshots.c.blob)).where(
                user_snapshots.c.tenant_id == tenant_id
            )
        ).scalar_one()
    # Packing's and unpacking's allocations still alive: the decoded header's lists the
    # view holds, never a buffer of the blob's size.
    assert max(trace.size for trace in kept.traces) < size // 4
    if engine.dialect.name == "postgresql":
        # Only the snapshot reads (none found by the first load, then the one written) and
        # the write were left unpooled; every other query went back to the pool.
        distinct = {id(c): c for c in carried}.values()
        closed = [c for c in distinct if c.closed]
        assert len(closed) == 3 and len(distinct) > len(closed)
