"""Accounts: trial signup, keys, the account view and the operator's actions."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from kapex.access import keys as keymod
from kapex.access.ratelimit import RateLimiter
from kapex.access.tiers import (
    ENTERPRISE_CEILING,
    TIER_NAMES,
    Limits,
    tenant_limits,
    trial_end_for,
)
from kapex.clock import iso_z
from kapex.errors import EmailAlreadyRegistered, NotFound, ValidationFailed
from kapex.schemas.accounts import (
    AccountResponse,
    KeyCreated,
    KeyInfo,
    KeyList,
    KeyRevoked,
    LimitsBody,
    SignupRequest,
    SignupResponse,
    UsageBody,
)
from kapex.settings import Settings
from kapex.store.accounts import (
    AccountStore,
    DuplicateEmail,
    DuplicateTenantId,
    KeyRecord,
    TenantRecord,
)
from kapex.store.memory import MemoryStore

_MAX_SLUG = 40


def slugify(company_name: str) -> str:
    """``Acme Health`` → ``acme_health``; non-Latin names fall back to ``tenant``."""
    ascii_name = unicodedata.normalize("NFKD", company_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:_MAX_SLUG].strip("_")
    return slug or "tenant"


def tenant_status(tenant: TenantRecord, now: datetime) -> str:
    if tenant.suspended:
        return "suspended"
    if tenant.tier == "trial":
        assert tenant.trial_ends is not None
        return "trial_active" if now < tenant.trial_ends else "trial_expired"
    return "active"


def limits_body(limits: Limits) -> LimitsBody:
    return LimitsBody(**limits.as_dict())


@dataclass(frozen=True)
class IssuedKey:
    record: KeyRecord
    plaintext: str


class AccountService:
    def __init__(
        self,
        *,
        settings: Settings,
        accounts: AccountStore,
        memory: MemoryStore,
        limiter: RateLimiter,
    ) -> None:
        self._settings = settings
        self._accounts = accounts
        self._memory = memory
        self._limiter = limiter

    # --- keys -------------------------------------------------------------------------

    def _issue_key(self, tenant_id: str, name: str, now: datetime) -> IssuedKey:
        plaintext = keymod.new_key()
        record = KeyRecord(
            key_id=keymod.new_key_id(),
            tenant_id=tenant_id,
            name=name,
            prefix=keymod.display_prefix(plaintext),
            key_hash=keymod.hash_key(plaintext, secret=self._settings.secret_key),
            created_at=now,
            last_used_at=None,
            revoked_at=None,
        )
        return IssuedKey(record=record, plaintext=plaintext)

    def create_key(self, tenant_id: str, *, name: str, now: datetime) -> KeyCreated:
        issued = self._issue_key(tenant_id, name, now)
        self._accounts.add_key(issued.record)
        return KeyCreated(
            key_id=issued.record.key_id,
            name=name,
            api_key=issued.plaintext,
            prefix=issued.record.prefix,
            created_at=iso_z(now),
        )

    def list_keys(self, tenant_id: str) -> KeyList:
        return KeyList(
            keys=[
                KeyInfo(
                    key_id=k.key_id,
                    name=k.name,
                    prefix=k.prefix,
                    created_at=iso_z(k.created_at),
                    last_used_at=iso_z(k.last_used_at) if k.last_used_at else None,
                )
                for k in self._accounts.list_keys(tenant_id)
            ]
        )

    def revoke_key(self, tenant_id: str, key_id: str, *, now: datetime) -> KeyRevoked:
        if not self._accounts.revoke_key(tenant_id, key_id, now):
            raise NotFound(f"No active key {key_id!r} in this account.")
        return KeyRevoked(status="revoked", key_id=key_id)

    # --- signup and account -----------------------------------------------------------

    def signup(self, request: SignupRequest, *, now: datetime, base_url: str) -> SignupResponse:
        email = str(request.email).strip().lower()
        if self._accounts.email_taken(email):
            raise EmailAlreadyRegistered(
                "This email already has a KAPEX account. Use its API key, or contact "
                f"{self._settings.support_contact} to recover access."
            )
        slug = slugify(request.company_name)
        trial_ends = trial_end_for(now, days=self._settings.trial_days)
        sequence = self._accounts.slug_count(slug) + 1
        for _attempt in range(50):
            tenant_id = f"tn_{slug}_{sequence:02d}"
            issued = self._issue_key(tenant_id, "default", now)
            record = TenantRecord(
                tenant_id=tenant_id,
                company_name=request.company_name,
                email=email,
                contact_name=request.name,
                tier="trial",
                suspended=False,
                trial_ends=trial_ends,
                custom_limits=None,
                profile=None,
                created_at=now,
            )
            try:
                self._accounts.create_tenant(record, slug=slug, first_key=issued.record)
            except DuplicateTenantId:
                sequence += 1  # a concurrent signup with the same company took this number
                continue
            except DuplicateEmail as exc:
                raise EmailAlreadyRegistered("This email already has a KAPEX account.") from exc
            return SignupResponse(
                status="trial_active",
                tenant_id=tenant_id,
                api_key=issued.plaintext,
                trial_ends=iso_z(trial_ends),
                limits=limits_body(tenant_limits(record)),
                quickstart=self._settings.quickstart_url,
                base_url=base_url,
            )
        raise RuntimeError("could not allocate a tenant id after 50 attempts")

    def account(self, tenant: TenantRecord, *, now: datetime) -> AccountResponse:
        limits = tenant_limits(tenant)
        return AccountResponse(
            tenant_id=tenant.tenant_id,
            company_name=tenant.company_name,
            tier=tenant.tier,
            status=tenant_status(tenant, now),  # type: ignore[arg-type]
            trial_ends=iso_z(tenant.trial_ends) if tenant.trial_ends else None,
            limits=limits_body(limits),
            usage=UsageBody(
                users=self._memory.count_users(tenant.tenant_id),
                requests_today=self._limiter.requests_today(tenant.tenant_id, limits),
            ),
        )

    # --- operator actions (CLI) ---------------------------------------------------------

    def require_tenant(self, tenant_id: str) -> TenantRecord:
        tenant = self._accounts.get_tenant(tenant_id)
        if tenant is None:
            raise NotFound(f"No tenant {tenant_id!r}.")
        return tenant

    def set_tier(
        self, tenant_id: str, tier: str, *, custom_limits: dict[str, int] | None = None
    ) -> TenantRecord:
        """Upgrade (or change) a tenant's plan; data is kept and a trial block lifts at once."""
        if tier not in TIER_NAMES or tier == "trial":
            raise ValidationFailed(f"tier must be one of starter, scale, enterprise; got {tier!r}")
        tenant = self.require_tenant(tenant_id)
        if tier == "enterprise":
            custom_limits = self._checked_custom_limits(custom_limits or {})
        elif custom_limits:
            raise ValidationFailed("custom limits apply only to the enterprise tier")
        self._accounts.update_tenant(tenant_id, tier=tier, custom_limits=custom_limits)
        return replace(tenant, tier=tier, custom_limits=custom_limits)

    @staticmethod
    def _checked_custom_limits(values: dict[str, int]) -> dict[str, int]:
        allowed = ENTERPRISE_CEILING.__dataclass_fields__
        for name, value in values.items():
            if name not in allowed:
                raise ValidationFailed(f"unknown limit {name!r}; use one of {sorted(allowed)}")
            ceiling = getattr(ENTERPRISE_CEILING, name)
            if not isinstance(value, int) or not 1 <= value <= ceiling:
                raise ValidationFailed(f"{name} must be a whole number from 1 to {ceiling}")
        return values

    def extend_trial(self, tenant_id: str, *, days: int, now: datetime) -> TenantRecord:
        """Push the trial end ``days`` past the later of now and the current end."""
        if not 1 <= days <= 365:
            raise ValidationFailed("days must be from 1 to 365")
        tenant = self.require_tenant(tenant_id)
        if tenant.tier != "trial" or tenant.trial_ends is None:
            raise ValidationFailed(f"{tenant_id} is not on a trial")
        new_end = max(now, tenant.trial_ends) + timedelta(days=days)
        self._accounts.update_tenant(tenant_id, trial_ends=new_end)
        return replace(tenant, trial_ends=new_end)

    def set_suspended(self, tenant_id: str, *, suspended: bool) -> TenantRecord:
        tenant = self.require_tenant(tenant_id)
        self._accounts.update_tenant(tenant_id, suspended=int(suspended))
        return replace(tenant, suspended=suspended)

    def rotate_keys(self, tenant_id: str, *, now: datetime, name: str = "rotated") -> KeyCreated:
        """Issue a new key and revoke every other key of the tenant."""
        self.require_tenant(tenant_id)
        old = self._accounts.list_keys(tenant_id)
        created = self.create_key(tenant_id, name=name, now=now)
        for key in old:
            self._accounts.revoke_key(tenant_id, key.key_id, now)
        return created

    def tenants_with_usage(self, *, now: datetime) -> list[AccountResponse]:
        return [self.account(t, now=now) for t in self._accounts.list_tenants()]
