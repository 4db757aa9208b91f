"""A tenant's profile: a named preset, optionally with its own range-checked changes."""

from __future__ import annotations

from typing import Any

from kapex.engine.presets import DEFAULT_PRESET, PRESETS, profile_for
from kapex.errors import ValidationFailed
from kapex.schemas.profile import Profile, deep_merge
from kapex.store.accounts import AccountStore, TenantRecord


def profile_of(tenant: TenantRecord) -> Profile:
    """The tenant's active profile (stored whole; the default preset when never set)."""
    if tenant.profile:
        return Profile.model_validate(tenant.profile)
    return profile_for(DEFAULT_PRESET)


class ProfileService:
    def __init__(self, *, accounts: AccountStore) -> None:
        self._accounts = accounts

    def presets(self) -> dict[str, Any]:
        return {
            "presets": [
                {
                    "name": preset.name,
                    "description": preset.description,
                    "values": preset.profile.model_dump(),
                    "reasons": preset.reasons,
                }
                for preset in PRESETS.values()
            ]
        }

    def update(self, tenant: TenantRecord, body: dict[str, Any]) -> Profile:
        """Apply ``{"preset": name}`` or ``{"updates": {...}}`` (deep-merged, range-checked)."""
        if not isinstance(body, dict) or set(body) - {"preset", "updates"} or len(body) != 1:
            raise ValidationFailed(
                'Send either {"preset": "<name>"} or {"updates": {...}}.',
                details=[{"field": "body", "problem": "exactly one of preset, updates"}],
            )
        if "preset" in body:
            name = body["preset"]
            if not isinstance(name, str) or name not in PRESETS:
                raise ValidationFailed(
                    f"Unknown preset {name!r}; GET /profile/presets lists them.",
                    details=[{"field": "preset", "problem": "unknown preset"}],
                )
            profile = profile_for(name)
        else:
            updates = body["updates"]
            if not isinstance(updates, dict):
                raise ValidationFailed(
                    "updates must be an object.",
                    details=[{"field": "updates", "problem": "must be an object"}],
                )
            profile = deep_merge(profile_of(tenant), updates)
        self._accounts.update_tenant(tenant.tenant_id, profile=profile.model_dump(mode="json"))
        return profile
