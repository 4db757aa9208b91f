"""Typed dependencies: the services, the clock, the authenticated caller and JSON bodies.

Body parsing is a dependency that itself depends on authentication, so the documented order
holds: unknown route (404) and wrong method (405) are decided by the router, then the key,
then the body — an unauthenticated caller never learns anything about validation.
"""

from __future__ import annotations

import re
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
Dependency = TypeVar("Dependency", bound=Callable[..., Any])


# The two dependencies below are ``async`` although they do not await: FastAPI runs a plain
# ``def`` dependency in its thread pool, and a hop to a thread and back for an attribute read
# cost more CPU than the read (two hops on every request).
async def services_dependency(request: Request) -> Services:
    return get_services(request)


def get_services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


ServicesDep = Annotated[Services, Depends(services_dependency)]


def get_now(request: Request) -> datetime:
    return request.app.state.clock.now()  # type: ignore[no-any-return]


async def now_dependency(request: Request) -> datetime:
    return get_now(request)


NowDep = Annotated[datetime, Depends(now_dependency)]


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


#: The 401 message where ``Authorization: Bearer`` is accepted too.
BEARER_UNAUTHORIZED = (
    "Invalid or missing API key. Send your KAPEX key in the X-API-Key header or as "
    "Authorization: Bearer kpx_…"
)
_BEARER = re.compile(r"^Bearer[ \t]+(\S+)[ \t]*$", re.IGNORECASE)


def presented_key(request: Request, *, bearer: bool = False) -> str | None:
    """The key a request presents: ``X-API-Key``; with ``bearer``, else ``Authorization: Bearer``.

    Bearer is accepted only by the routes OpenAI-style clients call, which can send their key
    no other way (the proxy; MCP clients likewise). Everywhere else a key in ``Authorization``
    is refused like any key outside ``X-API-Key``: one documented header means a key pasted
    into the wrong place fails loudly instead of working on some routes only. When both are
    sent, ``X-API-Key`` is the one checked.
    """
    key = request.headers.get("x-api-key")
    if key is None and bearer:
        match = _BEARER.match(request.headers.get("authorization", ""))
        key = match.group(1) if match else None
    return key


def admit(request: Request, *, bearer: bool = False) -> Caller:
    """Pass ``request`` through the gate (key, tenant state, rate limits: one hit per call).

    Records the window and trial days the middleware turns into headers, refusals included.
    A plain function, so mounts that are not FastAPI routes (MCP) authenticate the same way.
    """
    services, now = get_services(request), get_now(request)
    refuse_keys_in_url(request)
    try:
        caller = services.gate.admit(
            presented_key(request, bearer=bearer),
            address=request.state.client_address,
            now=now,
        )
    except GateRefusal as refusal:
        request.state.rate_window = refusal.window
        request.state.trial_days_remaining = refusal.trial_days
        if bearer and isinstance(refusal.error, Unauthorized):
            raise Unauthorized(BEARER_UNAUTHORIZED) from None
        raise refusal.error from None
    request.state.rate_window = caller.window
    request.state.trial_days_remaining = caller.trial_days_remaining
    request.state.tenant_id = caller.tenant.tenant_id
    return caller


def authenticated(request: Request) -> Caller:
    """The caller, authenticated by its ``X-API-Key`` header (every route but the exceptions)."""
    return admit(request)


def authenticated_key_or_bearer(request: Request) -> Caller:
    """The caller, by ``X-API-Key`` or ``Authorization: Bearer`` (OpenAI-style clients)."""
    return admit(request, bearer=True)


CallerDep = Annotated[Caller, Depends(authenticated)]
KeyOrBearerCallerDep = Annotated[Caller, Depends(authenticated_key_or_bearer)]


async def read_body(request: Request, *, max_bytes: int) -> bytes:
    """The raw body of a JSON request, after checking its media type and size."""
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
    return bytes(body)


async def read_json(request: Request, model: type[Model], *, max_bytes: int) -> Model:
    """Check media type and size, then parse and validate the body strictly."""
    body = await read_body(request, max_bytes=max_bytes)
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        raise from_pydantic_errors([dict(e) for e in exc.errors(include_url=False)]) from None


def json_body(
    model: type[Model],
) -> Callable[..., Coroutine[Any, Any, Model]]:
    """A dependency parsing ``model`` from the body of an authenticated request."""

    async def dependency(request: Request, _caller: CallerDep, services: ServicesDep) -> Model:
        return await read_json(request, model, max_bytes=services.settings.max_body_bytes)

    return _describes(dependency, model)


def batch_body(model: type[Model]) -> Callable[..., Coroutine[Any, Any, Model]]:
    """A batch body: parsed like ``json_body``, then each item beyond the first is counted
    against the tenant's limits (``access/ratelimit.py`` says how)."""

    async def dependency(request: Request, caller: CallerDep, services: ServicesDep) -> Model:
        body = await read_json(request, model, max_bytes=services.settings.max_body_bytes)
        items = len(getattr(body, "items", ()))
        try:
            request.state.rate_window = services.gate.admit_items(caller, items=items)
        except GateRefusal as refusal:
            request.state.rate_window = refusal.window
            raise refusal.error from None
        return body

    return _describes(dependency, model)


def signup_body(model: type[Model]) -> Callable[..., Coroutine[Any, Any, Model]]:
    """The signup body, after the per-address signup limit is counted."""

    async def dependency(request: Request, services: ServicesDep) -> Model:
        refuse_keys_in_url(request)
        decision = services.limiter.hit_signup(request.state.client_address)
        request.state.rate_window = decision.window
        if not decision.allowed:
            raise RateLimited(decision.window.retry_after)
        return await read_json(request, model, max_bytes=services.settings.max_body_bytes)

    return _describes(dependency, model)


def _describes(dependency: Dependency, model: type[BaseModel]) -> Dependency:
    """Mark ``dependency`` as parsing ``model``: the OpenAPI document shows it as the body."""
    dependency.kapex_body_model = model  # type: ignore[attr-defined]
    return dependency
