"""Plans and their limits, and the trial rules that derive from them.

The trial row is the product's published table. Starter and scale are our decision (the
published contract leaves them open; ``docs/api.md`` lists them): users and nodes grow with
price so that the per-user memory stays the product's shape — 5,000 nodes already hold about
a year of daily conversation, so paid tiers buy more end users first and deeper memory second.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from math import ceil
from typing import Any, Literal

TierName = Literal["trial", "starter", "scale", "enterprise"]
TIER_NAMES: tuple[TierName, ...] = ("trial", "starter", "scale", "enterprise")


@dataclass(frozen=True)
class Limits:
    rate_limit_rpm: int
    rate_limit_daily: int
    max_users: int
    max_nodes_per_user: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "max_users": self.max_users,
            "max_nodes_per_user": self.max_nodes_per_user,
            "rate_limit_rpm": self.rate_limit_rpm,
            "rate_limit_daily": self.rate_limit_daily,
            "features": "all",
        }


TIERS: dict[str, Limits] = {
    "trial": Limits(
        rate_limit_rpm=60, rate_limit_daily=10_000, max_users=25, max_nodes_per_user=5_000
    ),
    "starter": Limits(
        rate_limit_rpm=120, rate_limit_daily=50_000, max_users=1_000, max_nodes_per_user=10_000
    ),
    "scale": Limits(
        rate_limit_rpm=300, rate_limit_daily=200_000, max_users=25_000, max_nodes_per_user=50_000
    ),
}

#: Upper bounds an operator may set for an enterprise tenant (a typo should not mean 10^12).
ENTERPRISE_CEILING = Limits(
    rate_limit_rpm=1_000_000,
    rate_limit_daily=1_000_000_000,
    max_users=10_000_000,
    max_nodes_per_user=100_000,
)


def limits_for(tier: str, custom: dict[str, int] | None) -> Limits:
    """A tenant's limits: the tier table, or the operator's numbers for enterprise."""
    if tier == "enterprise":
        base = asdict(TIERS["scale"])
        base.update(custom or {})
        return Limits(**base)
    return TIERS[tier]


def trial_days_remaining(trial_ends: datetime, now: datetime) -> int:
    """Whole days left, rounded up, never negative (the X-Trial-Days-Remaining header)."""
    seconds = (trial_ends - now).total_seconds()
    return max(0, ceil(seconds / 86_400))


def trial_end_for(signup: datetime, *, days: int) -> datetime:
    return signup + timedelta(days=days)


def purge_due(trial_ends: datetime, now: datetime, *, retention_days: int) -> bool:
    """Data of an expired trial is kept ``retention_days`` after expiry, then purged."""
    return now >= trial_ends + timedelta(days=retention_days)


def tenant_limits(tenant: Any) -> Limits:
    """A tenant's limits: its tier's, or its enterprise custom limits."""
    return limits_for(tenant.tier, tenant.custom_limits)
