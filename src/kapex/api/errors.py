"""Rendering every error, from every layer, as ``{"error": {"code", "message"}}``."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from kapex import metrics
from kapex.access.keys import redact_keys
from kapex.errors import (
    ApiError,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    Unavailable,
    UnsupportedMediaType,
    ValidationFailed,
    status_of,
)
from kapex.schemas.common import is_too_large
from kapex.store.database import write_refusal


def _redacted(body: dict[str, Any]) -> dict[str, Any]:
    """The body with anything key-shaped masked, as the access log does: messages quote
    paths, field names and values a client sent, and a client may have sent a key."""
    error = dict(body["error"])
    error["message"] = redact_keys(error["message"])
    if "details" in error:
        error["details"] = [
            {name: redact_keys(str(text)) for name, text in detail.items()}
            for detail in error["details"]
        ]
    return {"error": error}


def error_response(error: ApiError, *, headers: dict[str, str] | None = None) -> JSONResponse:
    """The one rendering of an error: its status, the redacted body, ``Retry-After``."""
    merged = dict(headers or {})
    retry_after = getattr(error, "retry_after", None)
    if retry_after is not None:
        # 429, 409 for a request still in flight, and 503: when to try again.
        merged["Retry-After"] = str(retry_after)
    return JSONResponse(_redacted(error.body()), status_code=status_of(error), headers=merged)


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    return ".".join(parts) or "body"


def from_pydantic_errors(errors: Sequence[Mapping[str, Any]]) -> ApiError:
    """Map pydantic errors to 413 (something too big) or 400 with a details list."""
    details = [
        {"field": _field(tuple(e.get("loc", ()))), "problem": str(e.get("msg", "invalid"))}
        for e in errors
    ]
    if any(is_too_large(e) for e in errors):
        too_big = next(d for d, e in zip(details, errors, strict=True) if is_too_large(e))
        return PayloadTooLarge(f"{too_big['field']} is over its limit: {too_big['problem']}.")
    if any(e.get("type") == "json_invalid" for e in errors):
        return ValidationFailed("The body is not valid JSON.", details=details)
    summary = "; ".join(f"{d['field']}: {d['problem']}" for d in details[:3])
    return ValidationFailed(f"Invalid request: {summary}.", details=details)


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves on this path (the router names only the first).

    Asked of the routes themselves, method by method, so included routers count too.
    """
    allowed = []
    for method in _METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in request.app.routes):
            allowed.append(method)
    return allowed


storage_log = logging.getLogger("kapex.storage")
_REFUSALS = {
    "full": "Storage is full: nothing was stored. Retry later; the operator must free disk "
    "space first.",
    "read_only": "Storage is read-only: nothing was stored (reads still work). Retry later, "
    "once the operator has made the database writable again.",
}


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(OperationalError)
    async def _storage_down(_request: Request, exc: OperationalError) -> JSONResponse:
        # The database refused or dropped the connection, or will not take writes: a
        # retryable outage, not a bug. Each turn is one transaction, so nothing half-written
        # is left behind.
        metrics.STORAGE_UNAVAILABLE.inc()
        reason = write_refusal(exc)
        if reason is None:
            return error_response(Unavailable())
        storage_log.error("the database refuses writes (%s)", reason.replace("_", "-"))
        return error_response(Unavailable(_REFUSALS[reason]))

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(from_pydantic_errors(list(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        error: ApiError
        if exc.status_code == 404:
            error = NotFound("No such endpoint. The API lives under /api/v1; see the README.")
        elif exc.status_code == 405:
            error = MethodNotAllowed()
        elif exc.status_code == 413:
            error = PayloadTooLarge()
        elif exc.status_code == 415:
            error = UnsupportedMediaType()
        else:
            error = ValidationFailed(str(exc.detail))
        response = error_response(error)
        if exc.status_code == 405:
            response.headers["Allow"] = ", ".join(_allowed_methods(request))
        return response
