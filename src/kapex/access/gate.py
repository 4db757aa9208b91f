"""The gate every authenticated request passes: key, tenant state, then rate limits.

Order matters and is part of the contract: the key; then the tenant's state (suspended,
trial expired); then the tenant's rate limits, so a blocked tenant does not burn its quota.

Failed authentications are limited per client address: past the allowance a wrong key gets
429 instead of 401. A valid key is never refused because of failures from its address —
behind a shared proxy or NAT one bad client must not lock out everyone else. Guessing gains
nothing from this: a key carries 256 random bits, and a lookup is one indexed equality (keys
of the wrong shape never reach the database).
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
            if not failure.allowed:
                raise GateRefusal(RateLimited(failure.window.retry_after), failure.window)
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

    def admit_items(self, caller: Caller, *, items: int) -> Window:
        """Count a batch's items beyond the one ``admit`` counted; raise GateRefusal if the
        batch does not fit the tenant's windows (nothing is counted then)."""
        if items <= 1:
            return caller.window
        decision = self._limiter.hit_tenant_items(
            caller.tenant.tenant_id, caller.limits, extra_items=items - 1
        )
        if not decision.allowed:
            raise GateRefusal(
                RateLimited(decision.window.retry_after),
                decision.window,
                caller.trial_days_remaining,
            )
        return decision.window

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
