"""The tier table and trial arithmetic (seed: "Rate Limits", "Trial Limits")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kapex.access.tiers import TIERS, limits_for, purge_due, trial_days_remaining


def test_the_tier_table_is_the_seeds() -> None:
    assert (TIERS["trial"].rate_limit_rpm, TIERS["trial"].rate_limit_daily) == (60, 10_000)
    assert (TIERS["starter"].rate_limit_rpm, TIERS["starter"].rate_limit_daily) == (120, 50_000)
    assert (TIERS["scale"].rate_limit_rpm, TIERS["scale"].rate_limit_daily) == (300, 200_000)
    assert (TIERS["trial"].max_users, TIERS["trial"].max_nodes_per_user) == (25, 5_000)


def test_enterprise_limits_are_the_operators_over_the_scale_defaults() -> None:
    custom = limits_for("enterprise", {"rate_limit_rpm": 9_000})
    assert custom.rate_limit_rpm == 9_000
    assert custom.rate_limit_daily == TIERS["scale"].rate_limit_daily


@given(st.integers(min_value=-(10**8), max_value=10**8))
def test_days_remaining_are_whole_rounded_up_and_never_negative(seconds: int) -> None:
    now = datetime(2026, 7, 1, tzinfo=UTC)
    days = trial_days_remaining(now + timedelta(seconds=seconds), now)
    assert days >= 0
    if seconds > 0:
        assert (days - 1) * 86_400 < seconds <= days * 86_400


def test_purge_is_due_exactly_when_the_grace_period_ends() -> None:
    ends = datetime(2026, 7, 18, tzinfo=UTC)
    assert not purge_due(ends, ends + timedelta(days=30) - timedelta(seconds=1), retention_days=30)
    assert purge_due(ends, ends + timedelta(days=30), retention_days=30)
