from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kapex.engine.signals import (
    TRIVIAL_BAND,
    TRIVIAL_LEVEL,
    TurnFeatures,
    is_small_talk,
    life_events,
    novelty,
    prototype_similarity,
    score_turn,
)
from kapex.schemas.profile import SignalWeights

NOW = datetime(2023, 5, 8, 13, 0, tzinfo=UTC)


def features(text: str, **overrides: object) -> TurnFeatures:
    values: dict[str, object] = {
        "text": text,
        "role": "user",
        "valence": 0.0,
        "entities": (),
        "mentioned_times": (),
        "event_time": NOW,
        "self_disclosure_sim": 0.2,
        "urgency_sim": 0.2,
        "novelty": 1.0,
        "topic_session_count": 0,
        "crisis": False,
        "processing": False,
    }
    values.update(overrides)
    return TurnFeatures(**values)  # type: ignore[arg-type]


# Similarities and valences as the real models give them for these two sentences.
DEATH = features(
    "My father passed away last week",
    mentioned_times=(NOW - timedelta(days=7),),
    self_disclosure_sim=0.80,
    urgency_sim=0.23,
)
LUNCH = features(
    "I had Thai food for lunch", entities=("Thai",), self_disclosure_sim=0.23, urgency_sim=0.19
)


def test_a_death_in_the_family_scores_far_above_lunch_on_a_cold_start() -> None:
    death, lunch = score_turn(DEATH), score_turn(LUNCH)
    assert death.base_score > 0.55
    assert lunch.base_score < 0.3
    assert "life_event" in death.modifiers
    assert death.sdv > lunch.sdv
    assert death.swv > lunch.swv


@pytest.mark.parametrize("text", ["hi", "hey, how are you?", "thanks!", "ok cool", "lol"])
def test_small_talk_scores_very_low(text: str) -> None:
    scoring = score_turn(features(text, valence=0.5))
    assert scoring.base_score < 0.1
    assert "small_talk" in scoring.modifiers


def test_hedged_statement_scores_lower_certainty() -> None:
    hedged = score_turn(features("Maybe I'll switch jobs, I guess, not sure"))
    committed = score_turn(features("I will definitely switch jobs"))
    assert hedged.lcs < 0.4 < 0.7 < committed.lcs


@pytest.mark.parametrize(
    "text",
    ["Dunno, probably selling the car", "No idea if the lease gets renewed, who knows"],
)
def test_informal_hedges_lower_certainty_as_much_as_formal_ones(text: str) -> None:
    assert score_turn(features(text)).lcs <= 0.3


@pytest.mark.parametrize(
    "text",
    [
        "Lisbon in May, hopefully, depending on whether Sam gets the time off",
        "Torn between renting in Leith or staying put, nothing booked yet",
    ],
)
def test_a_plan_held_open_by_what_it_depends_on_is_hedged(text: str) -> None:
    assert score_turn(features(text)).lcs <= 0.3


def test_a_plan_made_binding_by_an_act_is_more_certain_than_a_bare_one() -> None:
    bound = score_turn(features("Paid the deposit on the cottage in Cornwall for July"))
    bare = score_turn(features("The cottage in Cornwall for July"))
    unbooked = score_turn(features("We haven't booked the cottage in Cornwall yet"))
    assert bound.lcs > bare.lcs > unbooked.lcs


def test_a_question_is_less_certain_than_a_statement() -> None:
    assert score_turn(features("Is it my fault?")).lcs < score_turn(features("It is my fault.")).lcs


def test_never_seen_topic_has_zero_consistency_and_recurring_topics_gain() -> None:
    scores = [score_turn(features("I miss my mom", topic_session_count=n)).cscv for n in range(5)]
    assert scores[0] == 0.0
    assert scores == sorted(scores)
    assert scores[4] > 0.8


def test_imminent_dates_and_urgency_words_raise_proximity() -> None:
    soon = features("My surgery is tomorrow", mentioned_times=(NOW + timedelta(days=1),))
    urgent = features("I need this asap, the deadline is close")
    calm = features("I like surgery documentaries")
    assert score_turn(soon).pdv > 0.9
    assert score_turn(urgent).pdv >= 0.9
    assert score_turn(calm).pdv == 0.0


def test_assistant_turns_are_discounted() -> None:
    user = score_turn(DEATH)
    assistant = score_turn(replace(DEATH, role="assistant"))
    assert assistant.base_score < user.base_score
    assert "assistant" in assistant.modifiers
    assert "unprompted" not in assistant.modifiers


def test_crisis_and_processing_add_to_the_score() -> None:
    text = "I can't cope with my job anymore"
    plain = score_turn(features(text, gravity=0.4))
    assert score_turn(features(text, gravity=0.4, crisis=True)).base_score > plain.base_score
    assert score_turn(features(text, gravity=0.4, processing=True)).base_score > plain.base_score


def test_trivia_starts_level_whatever_the_noise_in_its_score() -> None:
    chair = score_turn(features("Got a new desk chair, it's fine.", gravity=0.2))
    lamp = score_turn(features("Got a new desk lamp, it's fine.", gravity=0.05))
    assert chair.base_score == lamp.base_score == TRIVIAL_LEVEL
    assert score_turn(features("Got a new desk lamp", gravity=0.6)).base_score > TRIVIAL_BAND


def test_answering_a_question_is_not_unprompted() -> None:
    assert "unprompted" in score_turn(DEATH).modifiers
    assert "unprompted" not in score_turn(replace(DEATH, follows_question=True)).modifiers


def test_novelty_only_rewards_meaningful_turns() -> None:
    assert score_turn(DEATH).base_score > score_turn(replace(DEATH, novelty=0.0)).base_score
    assert (
        "novelty" not in score_turn(features("I had a sandwich", self_disclosure_sim=0.1)).modifiers
    )


def test_weights_change_the_base_score() -> None:
    heavy_swv = SignalWeights(sdv=0.0, cscv=0.0, lcs=0.0, swv=1.0, pdv=0.0)
    assert score_turn(DEATH, weights=heavy_swv).base_score != score_turn(DEATH).base_score


def test_life_event_names() -> None:
    assert life_events("We got married and then I got promoted") == ["career", "wedding"]
    assert life_events("I had Thai food") == []


def test_small_talk_detection_ignores_substance() -> None:
    assert is_small_talk("Hey! Good morning :)")
    assert not is_small_talk("hey, my mom is in the hospital")


def test_prototype_similarity_and_novelty_are_cosines() -> None:
    protos = np.eye(3, dtype=np.float32)
    vec = np.array([0.6, 0.8, 0.0], dtype=np.float32)
    assert prototype_similarity(vec, protos) == pytest.approx(0.8)
    assert prototype_similarity(vec, np.zeros((0, 3), dtype=np.float32)) == 0.0
    assert novelty(vec, np.zeros((0, 3), dtype=np.float32)) == 1.0
    assert novelty(vec, protos) == pytest.approx(0.2)


@given(
    text=st.text(max_size=200),
    valence=st.floats(-1, 1),
    sims=st.tuples(st.floats(-1, 1), st.floats(-1, 1), st.floats(0, 1)),
    sessions=st.integers(0, 100),
    crisis=st.booleans(),
    processing=st.booleans(),
    role=st.sampled_from(["user", "assistant"]),
)
def test_signals_are_bounded_and_deterministic(
    text: str,
    valence: float,
    sims: tuple[float, float, float],
    sessions: int,
    crisis: bool,
    processing: bool,
    role: str,
) -> None:
    turn = features(
        text,
        role=role,
        valence=valence,
        self_disclosure_sim=sims[0],
        urgency_sim=sims[1],
        novelty=sims[2],
        topic_session_count=sessions,
        crisis=crisis,
        processing=processing,
    )
    scoring = score_turn(turn)
    for value in (
        scoring.base_score,
        scoring.sdv,
        scoring.cscv,
        scoring.lcs,
        scoring.swv,
        scoring.pdv,
    ):
        assert 0.0 <= value <= 1.0
    assert scoring == score_turn(turn)
    assert scoring.signal_modifiers_applied == bool(scoring.modifiers)
