from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kapex.engine.replay import NodeEvent, replay, state_at
from kapex.engine.salience import NodeState, salience
from kapex.schemas.profile import DecayProfile

T0 = datetime(2024, 3, 1, tzinfo=UTC)
DECAY = DecayProfile()


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


events = st.lists(
    st.builds(
        NodeEvent,
        kind=st.sampled_from(["processed", "remention"]),
        at=st.floats(-5.0, 300.0).map(day),
    ),
    max_size=12,
)


@given(base=st.floats(0.0, 1.0), history=events, until=st.floats(0.0, 400.0))
def test_the_last_point_is_the_live_value_of_the_stored_state(
    base: float, history: list[NodeEvent], until: float
) -> None:
    end = day(until)
    counted = [e for e in history if max(e.at, T0) <= end]
    mentions = [max(e.at, T0) for e in counted if e.kind == "remention"]
    stored = NodeState(
        base_score=base,
        event_time=T0,
        processing_count=sum(e.kind == "processed" for e in counted),
        last_remention_at=max(mentions) if mentions else None,
        remention_count=len(mentions),
    )
    curve = replay(base_score=base, event_time=T0, events=history, until=end, decay=DECAY)
    assert curve.points[-1].event == curve.marks[-1].event == "now"
    assert curve.points[-1].salience == salience(stored, at=end, decay=DECAY)
    assert curve.points[0].event == "created" and curve.points[0].at == T0
    times = [p.at for p in curve.points]
    assert times == sorted(times)
    marked = [(m.at, m.event) for m in curve.marks[1:-1]]
    assert marked == sorted({(max(e.at, T0), e.kind) for e in counted})


@given(base=st.floats(0.0, 1.0), until=st.floats(0.0, 400.0))
def test_without_events_the_curve_never_rises(base: float, until: float) -> None:
    curve = replay(base_score=base, event_time=T0, events=[], until=day(until), decay=DECAY)
    values = [p.salience for p in curve.points]
    assert all(later <= earlier + 1e-12 for earlier, later in itertools.pairwise(values))


def test_processing_lowers_salience_from_its_moment_on_not_before() -> None:
    worked_through = [NodeEvent("processed", day(20))]
    curve = replay(base_score=0.8, event_time=T0, events=worked_through, until=day(60), decay=DECAY)
    untouched = replay(base_score=0.8, event_time=T0, events=[], until=day(60), decay=DECAY)
    before = [p for p in curve.points if p.at < day(20)]
    assert [p.salience for p in before] == [p.salience for p in untouched.points if p.at < day(20)]
    just_before, at_event = [p for p in curve.points if p.at == day(20)][:2]
    assert just_before.event is None and at_event.event == "processed"
    assert at_event.salience < just_before.salience
    assert curve.marks[-1].salience < untouched.marks[-1].salience


def test_a_remention_spikes_salience_where_it_happens() -> None:
    curve = replay(
        base_score=0.5,
        event_time=T0,
        events=[NodeEvent("remention", day(30))],
        until=day(31),
        decay=DECAY,
    )
    just_before, at_event = [p for p in curve.points if p.at == day(30)][:2]
    assert at_event.salience > just_before.salience
    assert [m.event for m in curve.marks] == ["created", "remention", "now"]


def test_an_event_dated_before_the_memory_counts_from_the_memory_itself() -> None:
    early = [NodeEvent("processed", day(-3))]
    assert state_at(0.5, T0, early, T0).processing_count == 1
    curve = replay(base_score=0.5, event_time=T0, events=early, until=day(10), decay=DECAY)
    assert curve.marks[1].at == T0 and curve.marks[1].event == "processed"


def test_a_query_moment_before_the_memory_gives_just_its_creation() -> None:
    curve = replay(base_score=0.4, event_time=T0, events=[], until=day(-10), decay=DECAY)
    assert {p.at for p in curve.points} == {T0}
    assert curve.points[-1].salience == 0.4


def test_events_of_one_kind_at_one_moment_are_one_mark_counted_in_full() -> None:
    resolution = [NodeEvent("processed", day(5)), NodeEvent("processed", day(5))]
    curve = replay(base_score=0.6, event_time=T0, events=resolution, until=day(9), decay=DECAY)
    assert [m.event for m in curve.marks] == ["created", "processed", "now"]
    twice = NodeState(0.6, T0, processing_count=2, last_remention_at=None, remention_count=0)
    assert curve.marks[-1].salience == salience(twice, at=day(9), decay=DECAY)


def test_a_memory_born_worked_through_recedes_from_its_first_moment() -> None:
    born = replay(
        base_score=0.6, event_time=T0, events=[], until=day(9), decay=DECAY, processed_at_creation=2
    )
    plain = replay(base_score=0.6, event_time=T0, events=[], until=day(9), decay=DECAY)
    twice = NodeState(0.6, T0, processing_count=2, last_remention_at=None, remention_count=0)
    assert born.marks[-1].salience == salience(twice, at=day(9), decay=DECAY)
    assert born.marks[-1].salience < plain.marks[-1].salience
