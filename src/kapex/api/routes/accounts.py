"""Signup, health, account and keys (``docs/api.md``, "Accounts and keys")."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse

from kapex.api.deps import CallerDep, NowDep, ServicesDep, json_body, signup_body
from kapex.errors import Unavailable
from kapex.schemas.accounts import (
    AccountResponse,
    HealthResponse,
    KeyCreated,
    KeyCreateRequest,
    KeyList,
    KeyRevoked,
    SignupRequest,
    SignupResponse,
)
from kapex.schemas.common import Identifier

router = APIRouter()


def _base_url(request: Request, services: ServicesDep) -> str:
    if services.settings.public_url:
        return services.settings.public_url.rstrip("/") + "/api/v1"
    network = request.app.state.network
    scheme = "https" if network.is_https(request) else request.url.scheme
    return f"{scheme}://{request.url.netloc}/api/v1"


@router.post("/trial/signup", status_code=201)
def signup(
    request: Request,
    body: Annotated[SignupRequest, Depends(signup_body(SignupRequest))],
    services: ServicesDep,
    now: NowDep,
) -> SignupResponse:
    return services.accounts.signup(body, now=now, base_url=_base_url(request, services))


@router.get("/health", response_model=HealthResponse)
def health(services: ServicesDep) -> JSONResponse:
    report = services.health()
    if report.storage == "ok":
        return JSONResponse(report.model_dump())
    return JSONResponse(
        report.model_dump(), status_code=503, headers={"Retry-After": str(Unavailable.retry_after)}
    )


@router.get("/account")
def account(caller: CallerDep, services: ServicesDep, now: NowDep) -> AccountResponse:
    return services.accounts.account(caller.tenant, now=now)


@router.get("/keys")
def list_keys(caller: CallerDep, services: ServicesDep) -> KeyList:
    return services.accounts.list_keys(caller.tenant.tenant_id)


@router.post("/keys", status_code=201)
def create_key(
    caller: CallerDep,
    body: Annotated[KeyCreateRequest, Depends(json_body(KeyCreateRequest))],
    services: ServicesDep,
    now: NowDep,
) -> KeyCreated:
    return services.accounts.create_key(caller.tenant.tenant_id, name=body.name, now=now)


@router.delete("/keys/{key_id}")
def revoke_key(
    key_id: Annotated[Identifier, Path()], caller: CallerDep, services: ServicesDep, now: NowDep
) -> KeyRevoked:
    return services.accounts.revoke_key(caller.tenant.tenant_id, key_id, now=now)
