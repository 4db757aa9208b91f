"""The salience columns stay equal to the nodes they describe through adds, drops and updates."""

from __future__ import annotations

import gc
import tracemalloc
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from kapex.engine.retrieval import UserIndex
from kapex.services import view_snapshot
from kapex.services.index_cache import IndexCache, NodeView, SalienceColumns, UserView

START = datetime(2026, 1, 1, tzinfo=UTC)


def _node(index: int, score: float) -> NodeView:
    return NodeView(
        node_id=f"n{index}",
        topic="t",
        topic_id="t",
        summary="s",
        role="user",
        node_type="memory",
        session_id=None,
        event_time=START + timedelta(hours=index),
        created_at=START,
        base_score=score,
        lcs=0.5,
        processing_count=0,
        last_remention_at=None,
        remention_count=0,
        entities=[],
        metadata={},
        vector=np.zeros(384, np.float32),
        superseded_by=None,
        claims=[],
        statement=True,
    )


@given(
    st.lists(
        st.tuples(st.sampled_from(["put", "drop", "process"]), st.integers(0, 30)), max_size=200
    )
)
def test_columns_match_the_nodes_after_any_sequence_of_changes(ops: list[tuple[str, int]]) -> None:
    columns, nodes = SalienceColumns(), {}
    for op, index in ops:
        key = f"n{index}"
        if op == "put":
            nodes[key] = _node(index, index / 30)
            columns.put(nodes[key])
        elif op == "drop":
            nodes.pop(key, None)
            columns.drop(key)
        elif key in nodes:
            nodes[key] = replace(nodes[key], processing_count=nodes[key].processing_count + 1)
            columns.put(nodes[key])
    arrays = columns.arrays()
    assert sorted(columns.ids) == sorted(nodes)
    for row, node_id in enumerate(columns.ids):
        node = nodes[node_id]
        assert arrays["base_score"][row] == node.base_score
        assert arrays["event_ts"][row] == node.event_time.timestamp()
        assert arrays["processing_count"][row] == node.processing_count


# --- the cache's byte budget -------------------------------------------------------------

TURNS = [
    "My daughter Ana starts school in Porto in September and she is nervous about it.",
    "I have been training for a half marathon, running four times a week before work.",
    "Work has been stressful since the reorganisation; my new manager micromanages everything.",
    "We are thinking about adopting a rescue dog, maybe a greyhound from the local shelter.",
    "My mother's birthday is on the twelfth and I still have not booked the restaurant.",
]


def _view(nodes: int, *, seed: int = 0) -> UserView:
    rng = np.random.default_rng(seed)
    view = UserView(revision=1, index=UserIndex(dim=384))
    for index in range(nodes):
        vector = rng.normal(size=384).astype(np.float32)
        node = replace(
            _node(index, 0.5),
            vector=vector / np.linalg.norm(vector),
            entities=["Ana", "Porto"] if index % 2 else [],
        )
        view.add(node, content=f"{TURNS[index % len(TURNS)]} (turn {index})")
    return view


def test_the_size_a_view_is_charged_is_close_to_the_memory_it_takes() -> None:
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    view = _view(600)
    measured = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert 0.7 * measured <= view.size_bytes() <= 1.4 * measured


def test_a_restored_view_is_charged_at_least_what_it_keeps_however_much_is_made() -> None:
    """A restored view keeps the snapshot's columns beside what it makes from them: it is
    charged as if every memory were made, plus those columns. Once every memory and topic
    member is made (and a snapshot written, which keeps each memory's record), it keeps
    about what a built view does and more than one restored; the charge covers both."""
    blob = view_snapshot.pack(_view(600).state())
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    view = UserView.from_state(view_snapshot.unpack(blob))
    del blob
    gc.collect()
    restored = tracemalloc.get_traced_memory()[0] - before
    for node_id in list(view.nodes):
        view.nodes[node_id]
        view.topics.member(node_id)
    view.state()
    gc.collect()
    made = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert restored < made <= view.size_bytes() <= 1.4 * made


def test_removing_memories_gives_their_bytes_back() -> None:
    view = _view(200)
    full = view.size_bytes()
    for index in range(150):
        view.remove(f"n{index}")
    assert view.size_bytes() < full - 150 * 3_000


def test_a_full_cache_evicts_the_least_recently_used_user() -> None:
    views = {name: _view(100, seed=i) for i, name in enumerate("abc")}
    size = views["a"].size_bytes()
    cache = IndexCache(capacity_bytes=int(2.5 * size))
    cache.put("t", "a", views["a"])
    cache.put("t", "b", views["b"])
    assert cache.get("t", "a") is views["a"]  # a is now the most recently used
    cache.put("t", "c", views["c"])
    assert not cache.holds("t", "b")
    assert cache.holds("t", "a") and cache.holds("t", "c")
    assert cache.held_bytes <= int(2.5 * size)


def test_a_user_that_grows_is_charged_again_and_pushes_others_out() -> None:
    small, growing = _view(50, seed=1), _view(50, seed=2)
    cache = IndexCache(capacity_bytes=int(2.2 * small.size_bytes()))
    cache.put("t", "small", small)
    cache.put("t", "growing", growing)
    for index in range(50, 90):
        growing.add(_node(index, 0.5), content=TURNS[index % len(TURNS)])
    cache.put("t", "growing", growing)
    assert cache.holds("t", "growing") and not cache.holds("t", "small")
    assert cache.held_bytes == growing.size_bytes()


def test_a_user_bigger_than_the_whole_cache_is_not_kept_and_evicts_no_one() -> None:
    small, big = _view(20), _view(300)
    cache = IndexCache(capacity_bytes=2 * small.size_bytes())
    cache.put("t", "small", small)
    cache.put("t", "big", big)
    assert not cache.holds("t", "big")
    assert cache.holds("t", "small")
