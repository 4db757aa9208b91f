"""The salience columns stay equal to the nodes they describe through adds, drops and updates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from kapex.services.index_cache import NodeView, SalienceColumns

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
            nodes[key].processing_count += 1
            columns.put(nodes[key])
    arrays = columns.arrays()
    assert sorted(columns.ids) == sorted(nodes)
    for row, node_id in enumerate(columns.ids):
        node = nodes[node_id]
        assert arrays["base_score"][row] == node.base_score
        assert arrays["event_ts"][row] == node.event_time.timestamp()
        assert arrays["processing_count"][row] == node.processing_count
