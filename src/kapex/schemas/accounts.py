"""Wire contract of the account, key and health endpoints (``docs/api.md``, "Accounts and keys")."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, EmailStr, StringConstraints

from kapex.schemas.common import Name, Request, Response, check_text, check_visible


class LimitsBody(BaseModel):
    max_users: int
    max_nodes_per_user: int
    rate_limit_rpm: int
    rate_limit_daily: int
    features: Literal["all"] = "all"


class SignupRequest(Request):
    company_name: Name
    email: EmailStr
    name: Name


class SignupResponse(Response):
    status: Literal["trial_active"]
    tenant_id: str
    api_key: str
    trial_ends: str
    limits: LimitsBody
    quickstart: str
    base_url: str


class UsageBody(BaseModel):
    users: int
    requests_today: int


class AccountResponse(Response):
    tenant_id: str
    company_name: str
    tier: str
    status: Literal["trial_active", "trial_expired", "active", "suspended"]
    trial_ends: str | None
    limits: LimitsBody
    usage: UsageBody


#: A key's name: a label people choose ("prod-backend"), up to 100 characters as stored.
KeyName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(check_text),
    AfterValidator(check_visible),
]


class KeyCreateRequest(Request):
    name: KeyName


class KeyCreated(Response):
    key_id: str
    name: str
    api_key: str
    prefix: str
    created_at: str


class KeyInfo(BaseModel):
    key_id: str
    name: str
    prefix: str
    created_at: str
    last_used_at: str | None


class KeyList(Response):
    keys: list[KeyInfo]


class KeyRevoked(Response):
    status: Literal["revoked"]
    key_id: str


class HealthResponse(Response):
    status: Literal["ok", "degraded"]
    version: str
    storage: Literal["ok", "down"]
    rate_limit_store: Literal["ok", "local", "down"]
