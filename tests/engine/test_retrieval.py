from datetime import UTC, datetime

import numpy as np
import pytest

from kapex.engine.retrieval import SOURCES, Query, SearchWeights, UserIndex
from kapex.engine.temporal import TimeRange

DIM = 16


def unit(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=DIM).astype(np.float32)
    return vector / np.linalg.norm(vector)


def epoch(y: int, m: int, d: int) -> float:
    return datetime(y, m, d, tzinfo=UTC).timestamp()


@pytest.fixture
def index() -> UserIndex:
    built = UserIndex(dim=DIM)
    texts = [
        "Caroline went to a support group yesterday",
        "Melanie painted a sunrise by the lake",
        "We took the kids camping in the mountains",
        "I started pottery classes last month",
        "My sister Ana adopted a puppy called Coco",
        "Work has been busy lately",
    ]
    for i, text in enumerate(texts):
        built.add(
            f"n{i}",
            unit(i),
            text,
            entities=["Ana", "Coco"] if i == 4 else [],
            event_time=epoch(2023, 5 + i, 8),
            session_id=f"s{i // 3}",
        )
    return built


def query(text: str, vector: np.ndarray, **extra) -> Query:
    return Query(text=text, vector=vector, **extra)


def test_keyword_only_hit_survives_the_merge(index):
    # The query vector points exactly at n1, so pottery (n3) is found by its keyword alone.
    found = index.search(query("pottery", unit(1)), pool=1)
    by_id = {c.node_id: c for c in found}
    assert {"n1", "n3"} <= set(by_id)
    assert by_id["n3"].sources == {"lexical"}
    assert by_id["n1"].sources == {"dense"}


def test_best_match_on_both_signals_ranks_first(index):
    found = index.search(query("camping with the kids", unit(2)), pool=3)
    assert found[0].node_id == "n2"
    assert found[0].sources >= {"dense", "lexical"}


def test_relevance_is_in_unit_interval_and_sorted(index):
    found = index.search(query("sunrise camping pottery", unit(9)), pool=6)
    relevances = [c.relevance for c in found]
    assert all(0.0 <= r <= 1.0 for r in relevances)
    assert relevances == sorted(relevances, reverse=True)
    assert all(c.sources <= SOURCES and c.sources for c in found)


def test_entity_named_in_query_nominates_its_memories(index):
    found = index.search(query("how is the dog", unit(0), entities=frozenset({"COCO"})), pool=1)
    by_id = {c.node_id: c for c in found}
    assert "entity" in by_id["n4"].sources


def test_temporal_range_nominates_memories_inside_it(index):
    august = TimeRange(datetime(2023, 8, 1, tzinfo=UTC), datetime(2023, 9, 1, tzinfo=UTC))
    found = index.search(query("what happened", unit(0), time_range=august), pool=1)
    by_id = {c.node_id: c for c in found}
    assert "temporal" in by_id["n3"].sources
    without = {c.node_id: c for c in index.search(query("what happened", unit(0)), pool=6)}
    assert by_id["n3"].relevance > without["n3"].relevance


def test_removed_memory_is_never_returned(index):
    index.remove("n3")
    found = index.search(query("pottery classes", unit(3)), pool=6)
    assert "n3" not in {c.node_id for c in found}
    assert len(index) == 5
    assert "n3" not in index


def test_slot_of_a_removed_memory_is_reused_cleanly(index):
    index.remove("n3")
    index.add("n9", unit(3), "violin lessons", session_id="s1", event_time=epoch(2023, 8, 9))
    found = index.search(query("pottery", unit(3)), pool=6)
    assert all(c.node_id != "n3" for c in found)
    assert index.search(query("violin", unit(3)), pool=1)[0].node_id == "n9"


def test_neighbours_follow_turn_order_within_the_session(index):
    assert index.neighbours("n1") == ["n0", "n2"]
    assert index.neighbours("n3", before=2, after=2) == ["n4", "n5"]
    assert index.neighbours("missing") == []


def test_entity_vocabulary_is_lower_case(index):
    assert index.entity_names == {"ana", "coco"}


def test_feedback_pulls_the_dense_pass_towards_the_first_results(index):
    # Lexical-only weights make n3 the first result; full feedback then searches with n3's
    # vector, so the dense pass nominates n3 although the query vector points elsewhere.
    weights = SearchWeights(dense=0.0, lexical=1.0, feedback=0.0)
    plain = index.search(query("pottery", unit(7)), pool=1, weights=weights)
    assert plain[0].node_id == "n3"
    assert "dense" not in plain[0].sources
    with_feedback = SearchWeights(dense=0.0, lexical=1.0, feedback=1.0, feedback_depth=1)
    moved = index.search(query("pottery", unit(7)), pool=1, weights=with_feedback)
    assert moved[0].node_id == "n3"
    assert "dense" in moved[0].sources


def test_empty_index_returns_nothing():
    assert UserIndex(dim=DIM).search(query("anything", unit(0))) == []


def test_wrong_vector_shape_is_refused():
    with pytest.raises(ValueError):
        UserIndex(dim=DIM).add("x", np.ones(DIM + 1, dtype=np.float32), "text")


def test_re_adding_an_id_replaces_the_memory(index):
    index.add("n0", unit(0), "guitar practice")
    assert len(index) == 6
    assert index.search(query("support group", unit(11)), pool=6)[0].node_id != "n0"
