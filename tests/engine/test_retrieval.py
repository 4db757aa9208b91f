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


def conversation() -> UserIndex:
    """One session: a question by Ben, Ana's reply, then small talk; n9 is elsewhere."""
    built = UserIndex(dim=DIM)
    turns = [
        ("q", "Ben", "Where did you go hiking last summer?"),
        ("a", "Ana", "Up to the glacier, it was breathtaking"),
        ("x", "Ben", "Nice photos of the glacier!"),
        ("y", "Ana", "Thanks, see you soon"),
    ]
    for i, (node_id, speaker, text) in enumerate(turns):
        built.add(node_id, unit(20 + i), text, session_id="s", speaker=speaker, event_time=1e9)
    built.add("n9", unit(30), "A quiet week at work", session_id="t", speaker="Ana")
    return built


PLAIN = SearchWeights(context=0.0, after=0.0, before=0.0, other_speaker=1.0)
ALONE = SearchWeights(context=0.0, words=0.0, after=0.0, before=0.0, other_speaker=1.0)


def test_reply_is_found_through_the_question_it_answers():
    index = conversation()
    found = {c.node_id: c for c in index.search(query("hiking", unit(99)), pool=2, weights=PLAIN)}
    # The reply holds no query word itself; it is read with the question's words.
    assert "a" in found
    assert "lexical" in found["a"].sources
    alone = {c.node_id: c for c in index.search(query("hiking", unit(99)), pool=2, weights=ALONE)}
    assert "a" not in alone or "lexical" not in alone["a"].sources


def test_relevance_spreads_to_the_next_turn_as_a_neighbour():
    index = conversation()
    spread = SearchWeights(
        dense=0.0, lexical=1.0, context=0.0, words=0.0, after=0.9, before=0.0, reach=1
    )
    found = index.search(query("hiking", unit(99)), pool=1, weights=spread)
    by_id = {c.node_id: c for c in found}
    assert [c.node_id for c in found[:2]] == ["q", "a"]
    assert by_id["a"].sources == {"neighbour"}
    assert by_id["a"].relevance == pytest.approx(0.9 * by_id["q"].relevance, rel=1e-5)


def one_voice(second: np.ndarray, *, role: str = "user") -> UserIndex:
    """Two consecutive user turns: "q" matches the query, "b" is ``second``."""
    built = UserIndex(dim=DIM)
    built.add("q", unit(40), "I drive an old estate car", session_id="s", role="user")
    built.add("b", second, "Dinner at my sister's on Sunday", session_id="s", role=role)
    return built


SPREAD = SearchWeights(dense=0.0, lexical=1.0, context=0.0, words=0.0, after=0.9, before=0.0)


def test_a_users_next_statement_on_something_else_takes_no_relevance_from_the_one_before():
    unrelated = one_voice(unit(41))  # random 16-d unit vectors: cosine well under 0.1
    assert float(unit(40) @ unit(41)) < 0.1
    found = {c.node_id: c for c in unrelated.search(query("car", unit(99)), weights=SPREAD)}
    assert "b" not in found or found["b"].relevance == 0.0


def test_a_users_next_message_continuing_the_same_thing_is_read_with_it():
    close = unit(40) + 0.05 * unit(41)
    continued = one_voice(close / np.linalg.norm(close))
    found = {c.node_id: c for c in continued.search(query("car", unit(99)), weights=SPREAD)}
    assert found["b"].relevance == pytest.approx(0.9 * found["q"].relevance, rel=1e-5)


def test_a_reply_in_another_voice_is_read_with_what_it_answers_whatever_its_words():
    replied = one_voice(unit(41), role="assistant")
    found = {c.node_id: c for c in replied.search(query("car", unit(99)), weights=SPREAD)}
    assert found["b"].relevance == pytest.approx(0.9 * found["q"].relevance, rel=1e-5)


def test_turns_by_other_speakers_are_damped_when_the_query_names_one():
    index = conversation()
    weights = SearchWeights(context=0.0, after=0.0, before=0.0, other_speaker=0.5)
    ask = query("glacier", unit(99), speakers=frozenset({"ana"}))
    by_id = {c.node_id: c for c in index.search(ask, pool=4, weights=weights)}
    neutral = {c.node_id: c for c in index.search(ask, pool=4, weights=PLAIN)}
    assert by_id["x"].relevance == pytest.approx(0.5 * neutral["x"].relevance)
    assert by_id["a"].relevance == pytest.approx(neutral["a"].relevance)


def test_context_scores_the_turn_read_with_the_one_before_it():
    index = conversation()
    c = 0.6
    weights = SearchWeights(dense=1.0, lexical=0.0, context=c, after=0.0, before=0.0)
    ask = query("zzz", unit(21))
    relevance = {x.node_id: x.relevance for x in index.search(ask, pool=5, weights=weights)}
    blended = {
        node_id: (unit(20 + i) + c * unit(19 + i)) if i else unit(20)
        for i, node_id in enumerate(["q", "a", "x", "y"])
    }
    cosines = {k: max(0.0, float(v @ unit(21) / np.linalg.norm(v))) for k, v in blended.items()}
    cosines["n9"] = max(0.0, float(unit(30) @ unit(21)))
    peak = max(cosines.values())
    for node_id, value in relevance.items():
        assert value == pytest.approx(cosines[node_id] / peak, abs=1e-5)


def test_removing_a_turn_relinks_its_session():
    index = conversation()
    index.remove("a")
    assert index.neighbours("q") == ["x"]
    assert index.neighbours("x") == ["q", "y"]
    # "x" now follows the question, so it carries the question's words.
    found = {c.node_id for c in index.search(query("hiking", unit(99)), pool=2, weights=PLAIN)}
    assert "x" in found


def test_speaker_vocabulary_is_lower_case():
    assert conversation().speakers == {"ana", "ben"}


def test_empty_index_returns_nothing():
    assert UserIndex(dim=DIM).search(query("anything", unit(0))) == []


def test_wrong_vector_shape_is_refused():
    with pytest.raises(ValueError):
        UserIndex(dim=DIM).add("x", np.ones(DIM + 1, dtype=np.float32), "text")


def test_re_adding_an_id_replaces_the_memory(index):
    index.add("n0", unit(0), "guitar practice")
    assert len(index) == 6
    assert index.search(query("support group", unit(11)), pool=6)[0].node_id != "n0"


def test_a_long_message_is_shown_by_its_best_passage():
    built = UserIndex(dim=DIM)
    passages = ["Intro about the weather.", "The vet appointment is on Tuesday.", "Sign-off."]
    vectors = np.stack([unit(40), unit(41), unit(42)])
    built.add("long", unit(41), " ".join(passages), passages=passages, passage_vectors=vectors)
    built.add("short", unit(44), "Lunch was pasta.")
    dense = SearchWeights(dense=1.0, lexical=0.0, context=0.0, after=0.0, before=0.0)
    found = built.search(query("vet appointment", unit(41)), pool=2, weights=dense)
    assert found[0].node_id == "long"
    assert found[0].passage == "The vet appointment is on Tuesday."
    assert found[1].passage is None  # one passage: the message itself


def test_a_long_message_is_ranked_by_its_whole_vector_not_its_best_passage():
    # One of the long message's many passages happens to match the query exactly; the message
    # as a whole does not. A short message that matches as a whole ranks first: the best of
    # many passages favours a message for its length alone (passage_scores, off by default).
    built = UserIndex(dim=DIM)
    passages = [f"Part {i} of a long answer." for i in range(6)]
    vectors = np.stack([unit(60 + i) for i in range(6)])
    built.add("long", unit(70), " ".join(passages), passages=passages, passage_vectors=vectors)
    near = unit(63) + 0.8 * unit(71)
    built.add("short", near / np.linalg.norm(near), "A short statement.")
    dense = SearchWeights(dense=1.0, lexical=0.0, context=0.0, after=0.0, before=0.0)
    ask = query("zzz", unit(63))
    assert [c.node_id for c in built.search(ask, pool=2, weights=dense)] == ["short", "long"]
    by_best = SearchWeights(
        dense=1.0, lexical=0.0, context=0.0, after=0.0, before=0.0, passage_scores=True
    )
    found = built.search(ask, pool=2, weights=by_best)
    assert found[0].node_id == "long"
    assert found[0].relevance == pytest.approx(1.0)


def test_a_removed_long_message_leaves_no_passage_behind():
    built = UserIndex(dim=DIM)
    passages = ["First part.", "Second part."]
    vectors = np.stack([unit(51), unit(52)])
    built.add("long", unit(50), " ".join(passages), passages=passages, passage_vectors=vectors)
    built.add("other", unit(53), "Something else")
    built.remove("long")
    found = built.search(query("part", unit(52)), pool=5)
    assert [c.node_id for c in found] == ["other"]
    again = ["Third part.", "Fourth part."]
    vectors = np.stack([unit(55), unit(52)])
    built.add("again", unit(52), " ".join(again), passages=again, passage_vectors=vectors)
    best = built.search(query("zzz", unit(52)), pool=5)[0]
    assert (best.node_id, best.passage) == ("again", "Fourth part.")


def _held(vectors: str) -> UserIndex:
    index = UserIndex(dim=DIM, vectors=vectors)
    for i in range(40):
        index.add(
            f"n{i}",
            unit(i),
            f"turn {i} about the garden and tomatoes" if i % 3 else f"turn {i} about chess",
            entities=["Maya"] if i % 5 == 0 else [],
            event_time=1_700_000_000.0 + 60 * i,
            session_id=f"s{i // 10}",
            speaker="Maya" if i % 2 else None,
        )
    index.remove("n7")
    index.remove("n12")
    index.add("n40", unit(40), "a new turn about chess openings", session_id="s0")
    return index


def test_an_index_restored_from_its_state_answers_every_query_as_the_original() -> None:
    index = _held("float32")
    restored = UserIndex.from_state(index.state())
    for seed in range(100, 110):
        query = Query(text="chess garden Maya", vector=unit(seed), entities=frozenset({"maya"}))
        assert restored.search(query) == index.search(query)
        assert restored.nearest(unit(seed), k=5) == index.nearest(unit(seed), k=5)
    restored.add("n41", unit(41), "one more turn", session_id="s1")  # grows as the original
    index.add("n41", unit(41), "one more turn", session_id="s1")
    assert restored.search(Query(text="turn", vector=unit(3))) == index.search(
        Query(text="turn", vector=unit(3))
    )


def test_a_float16_index_holds_half_the_matrix_and_ranks_like_float32() -> None:
    full, half = _held("float32"), _held("float16")
    assert half.array_bytes() < full.array_bytes()
    assert half.vectors_of(["n1"]).dtype == np.float32
    for seed in range(100, 110):
        wide = [node_id for node_id, _ in full.nearest(unit(seed), k=5)]
        narrow = [node_id for node_id, _ in half.nearest(unit(seed), k=5)]
        assert wide == narrow
