"""The gate every authenticated request passes: key, tenant state, then rate limits.

Order matters and is part of the contract: an address that has used up its failed-auth
allowance is refused before its key is even looked at (key guessing gets nowhere); then the
key; then the tenant's state (suspended, trial expired); then the tenant's rate limits, so a
blocked tenant does not burn its quota.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kapex.access import keys as keymod
from kapex.access.ratelimit import RateLimiter, Window
from kapex.access.tiers import Limits, tenant_limits, trial_days_remaining
from kapex.clock import iso_z
from kapex.errors import Forbidden, RateLimited, TrialExpired, Unauthorized
from kapex.settings import Settings
from kapex.store.accounts import AccountStore, TenantRecord


@dataclass(frozen=True)
class Caller:
    """An authenticated request's tenant and what the response headers need."""

    tenant: TenantRecord
    key_id: str
    limits: Limits
    window: Window
    trial_days_remaining: int | None


class GateRefusal(Exception):
    """Wraps an ApiError with the rate-limit window its response must describe."""

    def __init__(self, error: Exception, window: Window, trial_days: int | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.window = window
        self.trial_days = trial_days


class Gate:
    def __init__(self, *, settings: Settings, accounts: AccountStore, limiter: RateLimiter) -> None:
        self._settings = settings
        self._accounts = accounts
        self._limiter = limiter

    def admit(self, presented: str | None, *, address: str, now: datetime) -> Caller:
        """Authenticate and count one request, or raise GateRefusal."""
        guard = self._limiter.auth_failures_exhausted(address)
        if not guard.allowed:
            raise GateRefusal(RateLimited(guard.window.retry_after), guard.window)
        found = None
        if presented and keymod.looks_like_key(presented):
            digest = keymod.hash_key(presented, secret=self._settings.secret_key)
            found = self._accounts.key_by_hash(digest)
            if found and (
                found[0].revoked_at is not None
                or not keymod.hashes_match(found[0].key_hash, digest)
            ):
                found = None
        if found is None:
            failure = self._limiter.hit_auth_failure(address)
            raise GateRefusal(Unauthorized(), failure.window)
        key, tenant = found
        limits = tenant_limits(tenant)
        days = (
            trial_days_remaining(tenant.trial_ends, now)
            if tenant.tier == "trial" and tenant.trial_ends
            else None
        )
        self._refuse_blocked(tenant, now=now, limits=limits, days=days)
        decision = self._limiter.hit_tenant(tenant.tenant_id, limits)
        if not decision.allowed:
            raise GateRefusal(RateLimited(decision.window.retry_after), decision.window, days)
        # Coarse last-use tracking: one write per key per minute at most.
        if key.last_used_at is None or (now - key.last_used_at).total_seconds() >= 60:
            self._accounts.touch_key(key.key_id, now)
        return Caller(
            tenant=tenant,
            key_id=key.key_id,
            limits=limits,
            window=decision.window,
            trial_days_remaining=days,
        )

    def _refuse_blocked(
        self, tenant: TenantRecord, *, now: datetime, limits: Limits, days: int | None
    ) -> None:
        contact = self._settings.support_contact
        if tenant.suspended:
            window = self._limiter.peek_tenant(tenant.tenant_id, limits)
            raise GateRefusal(
                Forbidden(f"This account is suspended. Contact {contact}."), window, days
            )
        if tenant.tier == "trial" and tenant.trial_ends and now >= tenant.trial_ends:
            window = self._limiter.peek_tenant(tenant.tenant_id, limits)
            date = iso_z(tenant.trial_ends)[:10]
            raise GateRefusal(
                TrialExpired(f"Your trial expired on {date}. Contact {contact} to continue."),
                window,
                days,
            )
