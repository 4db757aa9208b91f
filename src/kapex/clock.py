"""The only place that reads the wall clock.

Everything else receives ``now`` as an argument, so tests (and imported history) can run on
any clock: ``ManualClock`` is a real clock whose time a test sets and advances.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that stands still until told to move (for tests and simulations)."""

    def __init__(self, start: datetime) -> None:
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, moment: datetime) -> None:
        self._now = moment.astimezone(UTC)


def as_utc(moment: datetime) -> datetime:
    """A timezone-aware UTC datetime; naive values are taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def iso_z(moment: datetime) -> str:
    """ISO 8601 in UTC with a trailing Z, to the second, as the API shows times."""
    return as_utc(moment).replace(microsecond=0).isoformat().replace("+00:00", "Z")
