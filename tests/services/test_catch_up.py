"""A worker whose view of a user is behind applies only the changes other workers made
(``services/user_views.py``), and ends with exactly the view a full load would build."""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlalchemy import delete, update

from kapex import metrics
from kapex.services.index_cache import IndexCache, UserView
from kapex.services.user_views import UserViews
from kapex.store.schema import nodes, user_changes
from tests.conftest import Api, ingest, query

TURNS = [
    "I live in Porto with my partner Sam.",
    "My daughter Ana starts school in September; she is nervous.",
    "I have been training for a half marathon.",
    "Actually we moved: I live in Lisbon now.",
    "Ana is less nervous about school now that she met her teacher.",
    "Sam and I are thinking about adopting a rescue dog.",
    "The half marathon is in October, in Lisbon.",
    "My mother Rosa visits us every Sunday.",
]


def _counted(result: str) -> float:
    return float(metrics.INDEX_CACHE.labels(result)._value.get())


def _cold(api: Api, tenant_id: str, user_id: str) -> UserView:
    views = UserViews(
        store=api.services.memory_store,
        cache=IndexCache(capacity_bytes=2**30),
        embedder=api.services.models.embedder,
    )
    view = views.current(tenant_id, user_id)
    assert view is not None
    return view


def _facts(view: UserView) -> dict[str, Any]:
    """Everything a request reads from a view, per memory and per salience column."""
    ids, columns = view.arrays()
    rows = {node_id: row for row, node_id in enumerate(ids)}
    return {
        node_id: (
            node.processing_count,
            node.remention_count,
            node.last_remention_at,
            node.superseded_by,
            node.topic_id,
            tuple(node.entities),
            node.vector.tobytes(),
            tuple(_value(columns[name][rows[node_id]]) for name in sorted(columns)),
            view.topics.topic_of(node_id),
        )
        for node_id, node in view.nodes.items()
    }


def _value(number: float) -> float | None:
    return None if np.isnan(number) else float(number)  # NaN (never re-mentioned) != NaN


def _same_search(left: UserView, right: UserView, vector: np.ndarray) -> None:
    assert left.index.nearest(vector, k=5) == right.index.nearest(vector, k=5)


def test_a_view_behind_catches_up_to_what_a_full_load_builds(make_api: Any) -> None:
    reader, writer = make_api(), make_api()  # two workers on one database
    tenant_id, headers = reader.tenant()
    ingest(reader, headers, "u", TURNS[0])
    query(reader, headers, "u", "Where do I live?")  # the reader holds the user
    held = reader.services.cache.get(tenant_id, "u")
    assert held is not None
    caught_before = _counted("catch_up")
    for text in TURNS[1:]:
        ingest(writer, headers, "u", text)
    changed = writer.services.memory_store.changes_since(tenant_id, "u", held.revision)
    assert {c.kind for c in changed} >= {"added", "updated"}  # re-mentions, supersession
    block = query(reader, headers, "u", "Where do I live now?")
    assert "Lisbon" in block["context"]
    assert _counted("catch_up") == caught_before + 1
    assert reader.services.cache.get(tenant_id, "u") is held  # updated in place, not reloaded
    cold = _cold(reader, tenant_id, "u")
    assert held.revision == cold.revision
    assert _facts(held) == _facts(cold)
    for node in cold.nodes.values():
        _same_search(held, cold, node.vector)


def test_deleted_memories_leave_a_view_that_catches_up(make_api: Any) -> None:
    reader, writer = make_api(), make_api()
    tenant_id, headers = reader.tenant()
    stored = [ingest(reader, headers, "u", text)["node_id"] for text in TURNS[:4]]
    query(reader, headers, "u", "Where do I live?")
    gone = writer.client.delete(f"/api/v1/users/u/nodes/{stored[3]}", headers=headers)
    assert gone.status_code == 200, gone.text
    ingest(writer, headers, "u", TURNS[4])
    block = query(reader, headers, "u", "Where do I live now?")
    assert "Lisbon" not in block["context"]
    held = reader.services.cache.get(tenant_id, "u")
    assert held is not None and stored[3] not in held.nodes
    assert _facts(held) == _facts(_cold(reader, tenant_id, "u"))


def test_a_view_whose_changes_were_trimmed_is_loaded_whole(make_api: Any) -> None:
    reader, writer = make_api(), make_api()
    tenant_id, headers = reader.tenant()
    ingest(reader, headers, "u", TURNS[0])
    query(reader, headers, "u", "Where do I live?")
    ingest(writer, headers, "u", TURNS[3])
    with writer.services.engine.begin() as conn:  # as trimming would, past the reader
        conn.execute(delete(user_changes).where(user_changes.c.tenant_id == tenant_id))
    held = reader.services.cache.get(tenant_id, "u")
    assert "Lisbon" in query(reader, headers, "u", "Where do I live now?")["context"]
    assert reader.services.cache.get(tenant_id, "u") is not held  # loaded whole


def test_a_pin_made_on_another_worker_reloads_the_view(make_api: Any) -> None:
    reader, writer = make_api(), make_api()
    tenant_id, headers = reader.tenant()
    for text in TURNS[:3]:
        ingest(reader, headers, "u", text)
    assert "marathon" in query(reader, headers, "u", "What am I training for?")["context"]
    pinned = writer.client.post(
        "/api/v1/users/u/pins",
        headers=headers,
        json={"topic": "half marathon training", "kind": "suppress"},
    )
    assert pinned.status_code == 201, pinned.text
    held = reader.services.cache.get(tenant_id, "u")
    assert "marathon" not in query(reader, headers, "u", "What am I training for?")["context"]
    assert reader.services.cache.get(tenant_id, "u") is not held  # loaded whole


def test_memories_split_at_ingest_load_as_those_split_at_load(api: Api) -> None:
    tenant_id, headers = api.tenant()
    for text in TURNS:
        ingest(api, headers, "u", text)
    asks = ["Where do I live now?", "What is Ana nervous about?", "Who visits on Sunday?"]
    api.services.cache.forget_user(tenant_id, "u")
    split_at_ingest = [query(api, headers, "u", text) for text in asks]
    held = _facts(_cold(api, tenant_id, "u"))
    with api.services.engine.begin() as conn:  # as rows stored before migration 0007
        conn.execute(update(nodes).where(nodes.c.tenant_id == tenant_id).values(words=None))
    api.services.cache.forget_user(tenant_id, "u")
    assert [query(api, headers, "u", text) for text in asks] == split_at_ingest
    assert _facts(_cold(api, tenant_id, "u")) == held


def test_a_user_erased_and_created_again_elsewhere_is_not_mixed_with_the_old_one(
    make_api: Any,
) -> None:
    reader, writer = make_api(), make_api()
    tenant_id, headers = reader.tenant()
    ingest(reader, headers, "u", "My sister Maya lives in Porto.")
    ingest(reader, headers, "u", "Maya works as a nurse in Porto.")
    assert "Porto" in query(reader, headers, "u", "Where does Maya live?")["context"]
    assert writer.client.delete("/api/v1/users/u", headers=headers).status_code == 200
    for text in TURNS[1:5]:  # more revisions than the reader's view has
        ingest(writer, headers, "u", text)
    block = query(reader, headers, "u", "Where does Maya live?")
    assert "Porto" not in block["context"]
    held = reader.services.cache.get(tenant_id, "u")
    assert held is not None
    assert _facts(held) == _facts(_cold(reader, tenant_id, "u"))
