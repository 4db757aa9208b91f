from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kapex.engine.salience import NodeState, salience, salience_many
from kapex.engine.signals import TRIVIAL_LEVEL
from kapex.schemas.profile import DecayProfile

T0 = datetime(2023, 1, 1, tzinfo=UTC)

decays = st.builds(
    DecayProfile,
    base_rate=st.floats(0.0, 2.0),
    processing_boost=st.floats(0.0, 10.0),
    residual_floor=st.floats(0.0, 0.5),
    spike_strength=st.floats(0.0, 1.0),
    spike_half_life_days=st.floats(0.01, 90.0),
)
offsets = st.floats(0.0, 2000.0)  # days after T0


@st.composite
def states(draw: st.DrawFn) -> NodeState:
    remention = draw(st.one_of(st.none(), offsets))
    return NodeState(
        base_score=draw(st.floats(0.0, 1.0)),
        event_time=T0,
        processing_count=draw(st.integers(0, 50)),
        last_remention_at=None if remention is None else T0 + timedelta(days=remention),
        remention_count=0 if remention is None else draw(st.integers(1, 50)),
    )


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


@given(state=states(), decay=decays, when=st.floats(-100.0, 5000.0))
def test_salience_is_within_unit_interval(
    state: NodeState, decay: DecayProfile, when: float
) -> None:
    assert 0.0 <= salience(state, at=at(when), decay=decay) <= 1.0


@given(state=states(), decay=decays, first=offsets, gap=st.floats(0.0, 2000.0))
def test_salience_never_rises_without_new_events(
    state: NodeState, decay: DecayProfile, first: float, gap: float
) -> None:
    last_event = (state.last_remention_at - T0).days + 1 if state.last_remention_at else 0
    start = max(first, last_event)
    earlier = salience(state, at=at(start), decay=decay)
    later = salience(state, at=at(start + gap), decay=decay)
    assert later <= earlier + 1e-12


@given(
    base=st.floats(0.05, 1.0),
    count=st.integers(0, 20),
    more=st.integers(1, 20),
    days=st.floats(1.0, 400.0),
)
def test_more_processing_means_faster_decay(
    base: float, count: int, more: int, days: float
) -> None:
    decay = DecayProfile()
    less = NodeState(base, T0, count, None, 0)
    processed = NodeState(base, T0, count + more, None, 0)
    slower = salience(less, at=at(days), decay=decay)
    faster = salience(processed, at=at(days), decay=decay)
    assert faster <= slower
    if slower - decay.residual_floor * base > 1e-9:  # both at the floor: equal in floats
        assert faster < slower


@given(base=st.floats(0.05, 1.0), days=st.floats(1.0, 400.0), mentions=st.integers(0, 5))
def test_processed_topic_falls_below_an_equally_scored_unresolved_one(
    base: float, days: float, mentions: int
) -> None:
    decay = DecayProfile()
    remention = at(days / 2) if mentions else None
    unresolved = NodeState(base, T0, 0, remention, mentions)
    processed = NodeState(base, T0, 2, None, 0)
    assert salience(processed, at=at(days), decay=decay) < salience(
        unresolved, at=at(days), decay=decay
    )


def test_a_fresh_memory_starts_at_its_score_and_keeps_a_floor() -> None:
    decay = DecayProfile(residual_floor=0.1)
    state = NodeState(0.8, T0, 0, None, 0)
    assert salience(state, at=T0, decay=decay) == pytest.approx(0.8)
    assert salience(state, at=at(10_000), decay=decay) == pytest.approx(0.08)


def test_an_unresolved_remention_spikes_then_fades() -> None:
    decay = DecayProfile()
    quiet = NodeState(0.5, T0, 0, None, 0)
    mentioned = NodeState(0.5, T0, 0, at(30), 1)
    assert salience(mentioned, at=at(29), decay=decay) == salience(quiet, at=at(29), decay=decay)
    spike = salience(mentioned, at=at(30), decay=decay) - salience(quiet, at=at(30), decay=decay)
    assert spike == pytest.approx(decay.spike_strength * 0.5 * (1 - np.exp(-1)))
    later = salience(mentioned, at=at(60), decay=decay) - salience(quiet, at=at(60), decay=decay)
    assert later < spike / 100


def test_a_remention_lifts_what_matters_more_than_chatter() -> None:
    decay = DecayProfile()
    grave = NodeState(0.6, T0, 0, at(1), 5)
    chatter = NodeState(0.075, T0, 0, at(1), 5)

    def lift(state: NodeState) -> float:
        quiet = NodeState(state.base_score, T0, 0, None, 0)
        return salience(state, at=at(1), decay=decay) - salience(quiet, at=at(1), decay=decay)

    assert lift(grave) == pytest.approx(8 * lift(chatter))


def test_trivia_gets_no_spike_so_a_parallel_newer_turn_ranks_above_it() -> None:
    decay = DecayProfile()
    older = NodeState(TRIVIAL_LEVEL, T0, 0, at(20), 1)  # re-mentioned by the newer twin
    newer = NodeState(TRIVIAL_LEVEL, at(20), 0, None, 0)
    assert salience(older, at=at(21), decay=decay) == salience(
        NodeState(TRIVIAL_LEVEL, T0, 0, None, 0), at=at(21), decay=decay
    )
    assert salience(newer, at=at(21), decay=decay) > salience(older, at=at(21), decay=decay)


def test_imported_history_decays_on_its_own_clock() -> None:
    decay = DecayProfile()
    old = NodeState(0.7, datetime(2019, 1, 1, tzinfo=UTC), 0, None, 0)
    assert salience(old, at=datetime(2019, 1, 1, tzinfo=UTC), decay=decay) == pytest.approx(0.7)


@given(nodes=st.lists(states(), min_size=1, max_size=30), decay=decays, when=st.floats(-10, 3000))
def test_salience_many_matches_salience(
    nodes: list[NodeState], decay: DecayProfile, when: float
) -> None:
    moment = at(when)
    expected = [salience(n, at=moment, decay=decay) for n in nodes]
    got = salience_many(
        np.array([n.base_score for n in nodes]),
        np.array([n.event_time.timestamp() for n in nodes]),
        np.array([n.processing_count for n in nodes]),
        np.array(
            [n.last_remention_at.timestamp() if n.last_remention_at else np.nan for n in nodes]
        ),
        np.array([n.remention_count for n in nodes]),
        at=moment,
        decay=decay,
    )
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)
