"""Typed dependencies: the services, the clock, the authenticated caller and JSON bodies.

Body parsing is a dependency that itself depends on authentication, so the documented order
holds: unknown route (404) and wrong method (405) are decided by the router, then the key,
then the body — an unauthenticated caller never learns anything about validation.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from pydantic import BaseModel, ValidationError

from kapex.access.gate import Caller, GateRefusal
from kapex.access.keys import URL_KEY_PARAMS
from kapex.api.errors import from_pydantic_errors
from kapex.errors import PayloadTooLarge, RateLimited, Unauthorized, UnsupportedMediaType
from kapex.services.container import Services

Model = TypeVar("Model", bound=BaseModel)


def get_services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


ServicesDep = Annotated[Services, Depends(get_services)]


def get_now(request: Request) -> datetime:
    return request.app.state.clock.now()  # type: ignore[no-any-return]


NowDep = Annotated[datetime, Depends(get_now)]


def refuse_keys_in_url(request: Request) -> None:
    """A key in a URL is exposed (logs, history, proxies): refuse even with a valid header."""
    if any(name.lower() in URL_KEY_PARAMS for name in request.query_params):
        services = get_services(request)
        failure = services.limiter.hit_auth_failure(request.state.client_address)
        request.state.rate_window = failure.window
        raise Unauthorized(
            "API keys belong in the X-API-Key header only, never in the URL. A key sent in a "
            "URL must be treated as exposed: revoke it (DELETE /api/v1/keys/{key_id}) and "
            "create a new one."
        )


def authenticated(request: Request, services: ServicesDep, now: NowDep) -> Caller:
    return admit(request, services, now=now, presented=request.headers.get("x-api-key"))


def admit(request: Request, services: Services, *, now: datetime, presented: str | None) -> Caller:
    """Pass ``presented`` (the key as this route accepts it) through the gate, or raise."""
    refuse_keys_in_url(request)
    try:
        caller = services.gate.admit(presented, address=request.state.client_address, now=now)
    except GateRefusal as refusal:
        request.state.rate_window = refusal.window
        request.state.trial_days_remaining = refusal.trial_days
        raise refusal.error from None
    request.state.rate_window = caller.window
    request.state.trial_days_remaining = caller.trial_days_remaining
    return caller


CallerDep = Annotated[Caller, Depends(authenticated)]


async def read_json(request: Request, model: type[Model], *, max_bytes: int) -> Model:
    """Check media type and size, then parse and validate the body strictly."""
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise UnsupportedMediaType(
            "Send the body as JSON with the header Content-Type: application/json."
        )
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise PayloadTooLarge(f"The body is over the {max_bytes:,}-byte limit.")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > max_bytes:
            raise PayloadTooLarge(f"The body is over the {max_bytes:,}-byte limit.")
    try:
        return model.model_validate_json(bytes(body))
    except ValidationError as exc:
        raise from_pydantic_errors(list(exc.errors(include_url=False))) from None


def json_body(
    model: type[Model],
) -> Callable[..., Coroutine[Any, Any, Model]]:
    """A dependency parsing ``model`` from the body of an authenticated request."""

    async def dependency(request: Request, _caller: CallerDep, services: ServicesDep) -> Model:
        return await read_json(request, model, max_bytes=services.settings.max_body_bytes)

    return dependency


def signup_body(model: type[Model]) -> Callable[..., Coroutine[Any, Any, Model]]:
    """The signup body, after the per-address signup limit is counted."""

    async def dependency(request: Request, services: ServicesDep) -> Model:
        refuse_keys_in_url(request)
        decision = services.limiter.hit_signup(request.state.client_address)
        request.state.rate_window = decision.window
        if not decision.allowed:
            raise RateLimited(decision.window.retry_after)
        return await read_json(request, model, max_bytes=services.settings.max_body_bytes)

    return dependency
