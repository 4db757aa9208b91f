"""Rate limits: per tenant (minute and day) and per client address (signup, failed auth).

Counting is delegated to the maintained ``limits`` library with fixed windows. On Redis each
hit is one atomic ``INCR`` (with the expiry set on the first hit), so any number of workers
and hosts share one exact count: of 1,000 concurrent requests against 60/minute exactly 60
are let through. Without Redis the counters live in the process (``MemoryStorage``, guarded
by a lock per key) — exact for one process, and ``/health`` reports ``rate_limit_store: local``
so an operator running several workers sees that limits are not shared.

Windows start at a key's first hit and last exactly one period; ``X-RateLimit-Reset`` is the
end of the current window in Unix seconds. The library reads the wall clock itself; that is
the one place outside ``kapex.clock`` where time is not passed in.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, RateLimitItemPerDay, RateLimitItemPerHour, RateLimitItemPerMinute
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

from kapex.access.tiers import Limits


@dataclass(frozen=True)
class Window:
    """One limit's state after a request, as the X-RateLimit-* headers show it."""

    limit: int
    remaining: int
    reset_at: float  # Unix seconds when the window ends

    @property
    def reset(self) -> int:
        return math.ceil(self.reset_at)

    @property
    def retry_after(self) -> int:
        return max(1, math.ceil(self.reset_at - time.time()))


@dataclass(frozen=True)
class Decision:
    allowed: bool
    window: Window  # the window closest to exhaustion (the one that refused, if refused)


def _window(limiter: FixedWindowRateLimiter, item: RateLimitItem, *ids: str) -> Window:
    stats = limiter.get_window_stats(item, *ids)
    return Window(limit=item.amount, remaining=max(0, stats.remaining), reset_at=stats.reset_time)


class RateLimiter:
    """Applies KAPEX's limits on a shared counter store."""

    def __init__(
        self, *, redis_url: str | None, signup_per_hour: int, auth_failures_per_minute: int
    ) -> None:
        self.shared = redis_url is not None
        self._storage: Storage = storage_from_string(redis_url) if redis_url else MemoryStorage()
        self._limiter = FixedWindowRateLimiter(self._storage)
        self._signup = RateLimitItemPerHour(signup_per_hour, namespace="kapex-signup")
        self._auth_failures = RateLimitItemPerMinute(
            auth_failures_per_minute, namespace="kapex-authfail"
        )

    def healthy(self) -> bool:
        try:
            return bool(self._storage.check())
        except Exception:  # any storage error means unhealthy; health must not raise
            return False

    @staticmethod
    def _tenant_items(limits: Limits) -> tuple[RateLimitItem, RateLimitItem]:
        return (
            RateLimitItemPerMinute(limits.rate_limit_rpm, namespace="kapex-rpm"),
            RateLimitItemPerDay(limits.rate_limit_daily, namespace="kapex-rpd"),
        )

    def hit_tenant(self, tenant_id: str, limits: Limits) -> Decision:
        """Count one request against the tenant's per-minute and per-day windows."""
        for item in self._tenant_items(limits):
            if not self._limiter.hit(item, tenant_id):
                return Decision(False, _window(self._limiter, item, tenant_id))
        return Decision(True, self.peek_tenant(tenant_id, limits))

    def peek_tenant(self, tenant_id: str, limits: Limits) -> Window:
        """The tenant's window closest to exhaustion, without counting a request."""
        windows = [_window(self._limiter, item, tenant_id) for item in self._tenant_items(limits)]
        return min(windows, key=lambda w: w.remaining / w.limit)

    def requests_today(self, tenant_id: str, limits: Limits) -> int:
        day = self._tenant_items(limits)[1]
        return limits.rate_limit_daily - self._limiter.get_window_stats(day, tenant_id).remaining

    def hit_signup(self, address: str) -> Decision:
        allowed = self._limiter.hit(self._signup, address)
        return Decision(allowed, _window(self._limiter, self._signup, address))

    def hit_auth_failure(self, address: str) -> Decision:
        allowed = self._limiter.hit(self._auth_failures, address)
        return Decision(allowed, _window(self._limiter, self._auth_failures, address))

    def auth_failures_exhausted(self, address: str) -> Decision:
        """Whether this address already used up its failed-authentication allowance."""
        window = _window(self._limiter, self._auth_failures, address)
        return Decision(window.remaining > 0, window)

    def peek_anonymous(self, address: str) -> Window:
        return _window(self._limiter, self._auth_failures, address)

    def forget_tenant(self, tenant_id: str, limits: Limits) -> None:
        """Drop a purged tenant's counters (the library keys a counter by its amount too)."""
        for item in self._tenant_items(limits):
            self._limiter.clear(item, tenant_id)
