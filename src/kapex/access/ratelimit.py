"""Rate limits: per tenant (minute and day) and per client address (signup, failed auth).

Counting is delegated to the maintained ``limits`` library with fixed windows. On Redis each
hit is one atomic ``INCR`` (with the expiry set on the first hit), so any number of workers
and hosts share one exact count: of 1,000 concurrent requests against 60/minute exactly 60
are let through. The hit every request makes (``hit_tenant``: minute and day windows) is one
Lua script on Redis, one round trip instead of four, counting in the library's own keys.
Without Redis the counters live in the process (``MemoryStorage``, guarded by a lock per
key) — exact for one process, and ``/health`` reports ``rate_limit_store: local`` so an
operator running several workers sees that limits are not shared.

Windows start at a key's first hit and last exactly one period; ``X-RateLimit-Reset`` is the
end of the current window in Unix seconds. The library reads the wall clock itself; that is
the one place outside ``kapex.clock`` where time is not passed in.

Redis unreachable: KAPEX fails open, not shut. Each call that cannot reach Redis (half a
second at most) falls back to the process's own counters, logs a warning and leaves Redis
alone for ``retry_shared_after`` seconds before trying again. Limits therefore still apply,
per worker instead of shared, and ``/health`` reports ``rate_limit_store: down``. We chose
this over refusing every request with 503 because the counters protect the service, while
the memory itself lives in the database: losing Redis should cost exactness, not the service.

A batch counts one request per item (``hit_tenant_items``): in the day window fully, in the
minute window up to the whole window, so a batch bigger than a plan's per-minute limit still
fits a fresh minute. A batch that does not fit is refused whole and uses nothing up.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from limits import RateLimitItem, RateLimitItemPerDay, RateLimitItemPerHour, RateLimitItemPerMinute
from limits.errors import StorageError
from limits.storage import MemoryStorage, RedisStorage, Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

from kapex import metrics
from kapex.access.tiers import Limits

log = logging.getLogger("kapex.ratelimit")
T = TypeVar("T")
#: How long one call may wait for Redis before the local counters answer instead.
REDIS_TIMEOUT_SECONDS = 0.5
#: ``hit_tenant`` on Redis: each window in turn counted as the library's INCR script counts
#: it (expiry set by the first hit), then its TTL read; a window over its limit ends the
#: script, so a refused minute leaves the day uncounted, as the one-by-one calls did.
_HIT_WINDOWS_SCRIPT = b"""
local out = {}
for i, key in ipairs(KEYS) do
  local count = redis.call("incrby", key, 1)
  if count == 1 then
    redis.call("expire", key, ARGV[2 * i - 1])
  end
  out[#out + 1] = count
  out[#out + 1] = redis.call("ttl", key)
  if count > tonumber(ARGV[2 * i]) then
    break
  end
end
return out
"""


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


def _sync_storage(url: str, **options: float | bool) -> Storage:
    storage = storage_from_string(url, **options)
    if not isinstance(storage, Storage):
        raise ValueError(f"{url.split(':')[0]} is not a synchronous rate-limit store")
    return storage


class RateLimiter:
    """Applies KAPEX's limits on a shared counter store (or this process's, see above)."""

    def __init__(
        self,
        *,
        redis_url: str | None,
        signup_per_hour: int,
        auth_failures_per_minute: int,
        retry_shared_after: float = 5.0,
    ) -> None:
        self.shared = redis_url is not None
        self._storage: Storage | None = (
            _sync_storage(
                redis_url,
                wrap_exceptions=True,
                socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                socket_timeout=REDIS_TIMEOUT_SECONDS,
            )
            if redis_url
            else None
        )
        self._shared = FixedWindowRateLimiter(self._storage) if self._storage else None
        self._hit_windows = (
            self._storage.get_connection().register_script(_HIT_WINDOWS_SCRIPT)
            if isinstance(self._storage, RedisStorage)
            else None
        )
        self._local = FixedWindowRateLimiter(MemoryStorage())
        self._retry_after = retry_shared_after
        self._shared_down_until = 0.0
        self._signup = RateLimitItemPerHour(signup_per_hour, namespace="kapex-signup")
        self._auth_failures = RateLimitItemPerMinute(
            auth_failures_per_minute, namespace="kapex-authfail"
        )

    def _run(self, operation: Callable[[FixedWindowRateLimiter], T]) -> T:
        """``operation`` on the shared counters, or on this process's while Redis is down."""
        if self._shared is not None and time.monotonic() >= self._shared_down_until:
            try:
                return operation(self._shared)
            except StorageError as error:
                self._shared_down_until = time.monotonic() + self._retry_after
                metrics.RATE_LIMIT_STORE_ERRORS.inc()
                log.warning(
                    "rate-limit store unreachable (%s); counting in this process for %.0f s",
                    error.storage_error.__class__.__name__,
                    self._retry_after,
                )
        return operation(self._local)

    def healthy(self) -> bool:
        """Whether the shared store answers now (always True without one)."""
        if self._storage is None:
            return True
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
        items = self._tenant_items(limits)

        def hit(limiter: FixedWindowRateLimiter) -> Decision:
            # Every request passes here: the count each increment returns gives the window's
            # remaining requests, so only its expiry is read back.
            counted = (
                self._hit_shared(tenant_id, items)
                if limiter is self._shared
                else self._hit_one_by_one(limiter, tenant_id, items)
            )
            windows = [
                Window(limit=item.amount, remaining=max(0, item.amount - count), reset_at=reset)
                for item, (count, reset) in zip(items, counted, strict=False)
            ]
            if counted[-1][0] > items[len(counted) - 1].amount:
                return Decision(False, windows[-1])
            return Decision(True, min(windows, key=lambda w: w.remaining / w.limit))

        decision = self._run(hit)
        metrics.RATE_LIMIT_DECISIONS.labels("tenant", _outcome(decision)).inc()
        return decision

    def _hit_shared(
        self, tenant_id: str, items: tuple[RateLimitItem, ...]
    ) -> list[tuple[int, float]]:
        """(count, window end) of each window counted, in one round trip to Redis."""
        assert self._hit_windows is not None and isinstance(self._storage, RedisStorage)
        keys = [self._storage.prefixed_key(item.key_for(tenant_id)) for item in items]
        limits = [value for item in items for value in (item.get_expiry(), item.amount)]
        try:
            out = self._hit_windows(keys, limits)
        except self._storage.base_exceptions as error:
            raise StorageError(error) from error
        now = time.time()
        return [(int(out[i]), max(int(out[i + 1]), 0) + now) for i in range(0, len(out), 2)]

    @staticmethod
    def _hit_one_by_one(
        limiter: FixedWindowRateLimiter, tenant_id: str, items: tuple[RateLimitItem, ...]
    ) -> list[tuple[int, float]]:
        """What ``_hit_shared`` does, on counters without scripts (this process's)."""
        counted = []
        for item in items:
            key = item.key_for(tenant_id)
            count = limiter.storage.incr(key, item.get_expiry())
            counted.append((count, limiter.storage.get_expiry(key)))
            if count > item.amount:
                break
        return counted

    def hit_tenant_items(self, tenant_id: str, limits: Limits, *, extra_items: int) -> Decision:
        """Count ``extra_items`` more requests (a batch's items beyond its first), all or none.

        The minute window is charged at most up to its whole limit (see the module doc).
        """
        minute, day = self._tenant_items(limits)
        costs = ((minute, min(extra_items, max(0, minute.amount - 1))), (day, extra_items))

        def hit(limiter: FixedWindowRateLimiter) -> Decision:
            for item, cost in costs:
                if cost and not limiter.test(item, tenant_id, cost=cost):
                    return Decision(False, _window(limiter, item, tenant_id))
            for item, cost in costs:
                if cost:
                    limiter.hit(item, tenant_id, cost=cost)
            return Decision(True, self._closest(limiter, tenant_id, limits))

        decision = self._run(hit)
        metrics.RATE_LIMIT_DECISIONS.labels("batch", _outcome(decision)).inc()
        return decision

    def peek_tenant(self, tenant_id: str, limits: Limits) -> Window:
        """The tenant's window closest to exhaustion, without counting a request."""
        return self._run(lambda limiter: self._closest(limiter, tenant_id, limits))

    def _closest(self, limiter: FixedWindowRateLimiter, tenant_id: str, limits: Limits) -> Window:
        windows = [_window(limiter, item, tenant_id) for item in self._tenant_items(limits)]
        return min(windows, key=lambda w: w.remaining / w.limit)

    def requests_today(self, tenant_id: str, limits: Limits) -> int:
        day = self._tenant_items(limits)[1]
        stats = self._run(lambda limiter: limiter.get_window_stats(day, tenant_id))
        return limits.rate_limit_daily - stats.remaining

    def hit_signup(self, address: str) -> Decision:
        def hit(limiter: FixedWindowRateLimiter) -> Decision:
            allowed = limiter.hit(self._signup, address)
            return Decision(allowed, _window(limiter, self._signup, address))

        decision = self._run(hit)
        metrics.RATE_LIMIT_DECISIONS.labels("signup", _outcome(decision)).inc()
        return decision

    def hit_auth_failure(self, address: str) -> Decision:
        """Count a failed authentication from ``address``; refused once over its allowance."""

        def hit(limiter: FixedWindowRateLimiter) -> Decision:
            allowed = limiter.hit(self._auth_failures, address)
            return Decision(allowed, _window(limiter, self._auth_failures, address))

        decision = self._run(hit)
        metrics.RATE_LIMIT_DECISIONS.labels("auth_failure", _outcome(decision)).inc()
        return decision

    def peek_anonymous(self, address: str) -> Window:
        return self._run(lambda limiter: _window(limiter, self._auth_failures, address))

    def forget_tenant(self, tenant_id: str, limits: Limits) -> None:
        """Drop a purged tenant's counters (the library keys a counter by its amount too)."""

        def clear(limiter: FixedWindowRateLimiter) -> None:
            for item in self._tenant_items(limits):
                limiter.clear(item, tenant_id)

        self._run(clear)


def _outcome(decision: Decision) -> str:
    return "allowed" if decision.allowed else "refused"
