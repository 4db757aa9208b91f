"""A memory's salience as it stood at each moment of its life, replayed from its events.

A node stores only its current state (processing count, re-mention count, last re-mention).
Evaluating ``salience`` with that state at a past moment would apply later events early: a
topic worked through last week would look worked through from the day it was said. Replay
evaluates each moment with only the events at or before it, so every point is what KAPEX
would have answered at that moment.

Contract of ``replay`` (``until`` is taken as at least the node's ``event_time``):
- ``points`` run in time order from ``event_time`` to ``until``: ``samples`` evenly spaced
  moments, plus for every event the value just before it (``event`` None) and at it (the
  event's kind), so the drop at a processing event and the jump at a re-mention are drawn
  where they happen; the first point is ``"created"``, the last ``"now"``.
- ``marks`` are the created point, one point per event kind and moment (the value at it)
  and the ``"now"`` point, in time order.
- With every event at or before ``until``, the ``"now"`` value equals ``salience`` of the
  stored state at ``until``; with no events the curve never rises.
An event dated before the memory itself (imported history out of order) counts from the
memory's own time. A memory can be born worked through (the turn that resolves a topic
carries the topic's processing): ``processed_at_creation`` counts from its first moment.
Events of one kind at one moment (a resolution counts twice) are one mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from kapex.engine.salience import NodeState, salience
from kapex.schemas.profile import DecayProfile

EventKind = Literal["processed", "remention"]


@dataclass(frozen=True, slots=True)
class NodeEvent:
    kind: EventKind
    at: datetime


@dataclass(frozen=True, slots=True)
class CurvePoint:
    at: datetime
    salience: float
    event: str | None


@dataclass(frozen=True, slots=True)
class Replay:
    points: list[CurvePoint]
    marks: list[CurvePoint]


def state_at(
    base_score: float,
    event_time: datetime,
    events: Sequence[NodeEvent],
    at: datetime,
    *,
    inclusive: bool = True,
    processed_at_creation: int = 0,
) -> NodeState:
    """The node's state counting only the events at (``inclusive``) or before ``at``."""
    processed = processed_at_creation
    mentions = 0
    last: datetime | None = None
    for event in events:
        when = max(event.at, event_time)
        if when > at or (when == at and not inclusive):
            continue
        if event.kind == "processed":
            processed += 1
        else:
            mentions += 1
            last = when if last is None else max(last, when)
    return NodeState(
        base_score=base_score,
        event_time=event_time,
        processing_count=processed,
        last_remention_at=last,
        remention_count=mentions,
    )


def replay(
    *,
    base_score: float,
    event_time: datetime,
    events: Sequence[NodeEvent],
    until: datetime,
    decay: DecayProfile,
    processed_at_creation: int = 0,
    samples: int = 96,
) -> Replay:
    """The salience curve and its marked moments (module contract)."""
    end = max(until, event_time)

    def value(at: datetime, *, inclusive: bool = True) -> float:
        state = state_at(
            base_score,
            event_time,
            events,
            at,
            inclusive=inclusive,
            processed_at_creation=processed_at_creation,
        )
        return salience(state, at=at, decay=decay)

    happened = sorted(
        {(max(e.at, event_time), e.kind) for e in events if max(e.at, event_time) <= end}
    )
    start = value(event_time, inclusive=False)
    created = CurvePoint(at=event_time, salience=start, event="created")
    span = end - event_time
    moments = [event_time + span * (i / samples) for i in range(1, samples)]
    points = [created]
    marks = [created]
    pending = list(happened)
    for moment in [*moments, end]:
        while pending and pending[0][0] <= moment:
            when, kind = pending.pop(0)
            mark = CurvePoint(at=when, salience=value(when), event=kind)
            points.append(CurvePoint(at=when, salience=value(when, inclusive=False), event=None))
            points.append(mark)
            marks.append(mark)
        if moment < end:
            points.append(CurvePoint(at=moment, salience=value(moment), event=None))
    now = CurvePoint(at=end, salience=value(end), event="now")
    points.append(now)
    marks.append(now)
    return Replay(points=points, marks=marks)


__all__ = ["CurvePoint", "NodeEvent", "Replay", "replay", "state_at"]
