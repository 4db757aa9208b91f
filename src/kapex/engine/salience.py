"""Salience over time: write-time score, processing-modulated decay, re-mention spikes.

Contract (evaluated at read time, from stored values and the read's moment ``at``)::

    Δt     = max(0, at − event_time) in days
    λ      = base_rate · (1 + processing_boost · processing_count)
    κ      = residual_floor · B
    spike  = spike_strength · B · (1 − e^(−remention_count)) · 0.5^(Δr / spike_half_life_days)
             with Δr = at − last_remention_at in days, and spike = 0 before the re-mention
             and for trivia (B at or below ``signals.TRIVIAL_LEVEL``)
    S(at)  = clip(κ + (B − κ)·e^(−λ·Δt) + spike, 0, 1)

This keeps the reference model's properties with two changes. The decaying part is B − κ
rather than B, so a fresh memory starts at exactly its write-time score B and settles at the
floor κ instead of starting above B. The spike is proportional to B: re-mentioning what
matters keeps it near the top, while chatter about a hobby, mentioned forty times, gains
almost nothing from being mentioned again (a fixed spike had lifted every re-mentioned trivia
above a month-old bereavement). Properties (pinned by tests): S ∈ [0, 1]; with no new
events S never rises as time passes; more processing ⇒ lower S at every later moment; a
processed topic falls below an equally scored unresolved one. Time is the conversation's own
clock: imported history decays against its own timestamps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from kapex.engine.signals import TRIVIAL_LEVEL
from kapex.schemas.profile import DecayProfile

_DAY = 86400.0


@dataclass(frozen=True, slots=True)
class NodeState:
    base_score: float
    event_time: datetime
    processing_count: int
    last_remention_at: datetime | None
    remention_count: int


def salience(state: NodeState, *, at: datetime, decay: DecayProfile) -> float:
    """S of one node at ``at`` (formula in the module docstring)."""
    base = min(1.0, max(0.0, state.base_score))
    days = max(0.0, (at - state.event_time).total_seconds() / _DAY)
    rate = decay.base_rate * (1.0 + decay.processing_boost * max(0, state.processing_count))
    floor = decay.residual_floor * base
    value = floor + (base - floor) * math.exp(-rate * days)
    if state.last_remention_at is not None and state.remention_count > 0 and base > TRIVIAL_LEVEL:
        since = (at - state.last_remention_at).total_seconds() / _DAY
        if since >= 0.0:
            height = decay.spike_strength * base * (1.0 - math.exp(-state.remention_count))
            value += height * 0.5 ** (since / decay.spike_half_life_days)
    return min(1.0, max(0.0, value))


def salience_many(
    base_score: np.ndarray,
    event_ts: np.ndarray,
    processing_count: np.ndarray,
    last_remention_ts: np.ndarray,
    remention_count: np.ndarray,
    *,
    at: datetime,
    decay: DecayProfile,
) -> np.ndarray:
    """S for many nodes at once; timestamps are POSIX seconds (``datetime.timestamp()``).

    ``last_remention_ts`` is NaN for a node never re-mentioned. Returns float64 in [0, 1],
    equal (to float rounding) to ``salience`` node by node.
    """
    now = at.timestamp()
    base = np.clip(np.asarray(base_score, dtype=np.float64), 0.0, 1.0)
    days = np.maximum(0.0, (now - np.asarray(event_ts, dtype=np.float64)) / _DAY)
    counts = np.maximum(0.0, np.asarray(processing_count, dtype=np.float64))
    rate = decay.base_rate * (1.0 + decay.processing_boost * counts)
    floor = decay.residual_floor * base
    value = floor + (base - floor) * np.exp(-rate * days)
    since = (now - np.asarray(last_remention_ts, dtype=np.float64)) / _DAY
    mentions = np.asarray(remention_count, dtype=np.float64)
    # NaN compares False: never re-mentioned. Trivia gets no spike: the newer of two
    # parallel trivial turns must not lift the older one above itself.
    active = (since >= 0.0) & (mentions > 0) & (base > TRIVIAL_LEVEL)
    if active.any():
        height = decay.spike_strength * base[active] * (1.0 - np.exp(-mentions[active]))
        value[active] += height * np.exp2(-since[active] / decay.spike_half_life_days)
    return np.clip(value, 0.0, 1.0)


def most_salient(values: np.ndarray, count: int) -> np.ndarray:
    """Rows of the ``count`` highest values, highest first (ties in row order)."""
    count = min(count, len(values))
    if count <= 0:
        return np.zeros(0, dtype=np.int64)
    top = np.argpartition(-values, count - 1)[:count]
    return top[np.argsort(-values[top], kind="stable")]


__all__ = ["NodeState", "most_salient", "salience", "salience_many"]
