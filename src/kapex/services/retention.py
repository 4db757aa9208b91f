"""Retention: an expired trial's data is kept for the grace period, then purged completely."""

from __future__ import annotations

from datetime import datetime

from kapex.access.ratelimit import RateLimiter
from kapex.access.tiers import purge_due, tenant_limits
from kapex.services.index_cache import IndexCache
from kapex.store.accounts import AccountStore
from kapex.store.memory import MemoryStore


class RetentionService:
    def __init__(
        self,
        *,
        accounts: AccountStore,
        memory: MemoryStore,
        limiter: RateLimiter,
        cache: IndexCache,
        retention_days: int,
    ) -> None:
        self._accounts = accounts
        self._memory = memory
        self._limiter = limiter
        self._cache = cache
        self._retention_days = retention_days

    def purge_expired(self, *, now: datetime) -> list[str]:
        """Purge every trial tenant whose grace period has ended; returns their ids."""
        purged = []
        for tenant in self._accounts.list_tenants():
            if tenant.tier != "trial" or tenant.trial_ends is None:
                continue
            if not purge_due(tenant.trial_ends, now, retention_days=self._retention_days):
                continue
            self._memory.delete_tenant_data(tenant.tenant_id)
            self._accounts.delete_tenant(tenant.tenant_id)
            self._limiter.forget_tenant(tenant.tenant_id, tenant_limits(tenant))
            self._cache.forget_tenant(tenant.tenant_id)
            purged.append(tenant.tenant_id)
        return purged
