"""A long message is read on its own, and is not read into the turn after it either.

On BEAM's user–assistant chats the user's short follow-up to a 500-word assistant answer was
scored as if it held the answer's words and meaning (previous-turn word and vector mixing),
so it matched whatever the answer matched and lost what it said itself: the extraction and
multi-session questions, answered mostly by the user's own messages, fell below a plain dense
retriever. The previous turn now lends its words and vector scaled by both turns' share of
``alone_at`` (``SearchWeights``), so two chat-length turns are still read together.
"""

import numpy as np
import pytest

from kapex.engine.retrieval import Query, SearchWeights, UserIndex

DIM = 16


def unit(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=DIM).astype(np.float32)
    return vector / np.linalg.norm(vector)


#: The query's words once, among 200 other words: a long answer that mentions them.
LONG_ANSWER = "Drip irrigation timers: " + " ".join(f"filler{i}" for i in range(200))


def _session(previous: str) -> UserIndex:
    index = UserIndex(dim=DIM)
    index.add("before", unit(1), previous, session_id="s", event_time=1.0)
    index.add(
        "reply", unit(2), "Thanks, the budget is five hundred.", session_id="s", event_time=2.0
    )
    index.add("other", unit(3), "My sister visits in June.", session_id="s2", event_time=3.0)
    return index


def _lexical(index: UserIndex, text: str) -> dict[str, float]:
    words_only = SearchWeights(
        dense=0.0, lexical=1.0, context=0.0, after=0.0, before=0.0, long_words=1.0
    )
    found = index.search(Query(text=text, vector=unit(9)), pool=5, weights=words_only)
    return {c.node_id: c.relevance for c in found}


def _dense(index: UserIndex, vector: np.ndarray) -> dict[str, float]:
    vectors_only = SearchWeights(
        dense=1.0, lexical=0.0, words=0.0, context=0.6, after=0.0, before=0.0
    )
    found = index.search(Query(text="zzz", vector=vector), pool=5, weights=vectors_only)
    return {c.node_id: c.relevance for c in found}


def test_a_short_reply_after_a_long_answer_does_not_take_the_answer_s_words():
    # Read with the whole answer the reply would match as well as the answer does; it gets a
    # share of the answer's words (alone_at / its length) and ranks well below it.
    found = _lexical(_session(LONG_ANSWER), "drip irrigation timers")
    assert found["before"] == pytest.approx(1.0)
    assert found.get("reply", 0.0) < 0.75


def test_a_short_reply_after_a_short_question_is_still_read_with_it():
    index = _session("Any tips for drip irrigation timers?")
    assert "reply" in _lexical(index, "drip irrigation timers")


def test_a_short_reply_after_a_long_answer_keeps_its_own_vector():
    # Asked with the previous turn's vector, the reply inherits part of its meaning after a
    # short question, and next to nothing after a long answer (cosines, before scaling).
    own = float(unit(2) @ unit(1))
    after_long = _raw(_session(LONG_ANSWER))
    after_short = _raw(_session("Any tips for drip irrigation timers?"))
    assert after_short - own > 0.1
    assert after_long - own < 0.25 * (after_short - own)


def _raw(index: UserIndex) -> float:
    """The reply's cosine to unit(1) as read in context (relevance times the peak, which is
    the previous turn's own cosine of 1)."""
    return _dense(index, unit(1))["reply"]
