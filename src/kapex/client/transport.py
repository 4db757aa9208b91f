"""What both clients share: configuration, the retry rule, building requests, reading answers.

Retry rule (the contract both clients honour):

- Retried: ``429 RATE_LIMITED``, ``503 UNAVAILABLE`` and connection failures (refused,
  reset, DNS, a dropped keep-alive). Nothing else: a ``400`` will not get better by asking
  again, and a timeout after the request was sent may still be running on the server.
- Wait: the server's ``Retry-After`` when it sent one. If that is longer than
  ``max_retry_wait`` the call fails at once with the server's figure (``RateLimited.retry_after``)
  instead of sleeping into a window that will still be shut (a per-day limit says hours).
  Without ``Retry-After``: exponential backoff from ``RETRY_BASE`` seconds, capped at
  ``RETRY_MAX_BACKOFF``, with half of each wait random so many clients do not retry in step.
- Writes (POST/PUT/PATCH/DELETE) carry an ``Idempotency-Key`` made once per call and sent
  unchanged on every retry, so a retried ingest is stored once.
"""

from __future__ import annotations

import os
import random
import uuid
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from pydantic import ValidationError as PydanticValidationError

from kapex import __version__
from kapex.client.calls import Call
from kapex.client.errors import ApiError, ConnectionFailed, Timeout, error_from_response
from kapex.client.meta import ResponseMeta, WithMeta
from kapex.errors import ConfigurationError, KapexError

DEFAULT_BASE_URL = "http://127.0.0.1:8080/api/v1"
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_RETRY_WAIT = 60.0
RETRY_BASE = 0.5
RETRY_MAX_BACKOFF = 8.0
RETRY_STATUSES = frozenset({429, 503})
# Failures where the server cannot have acted on the request, or where acting twice is made
# harmless by the Idempotency-Key. Read/write timeouts are not here: see the module docstring.
RETRY_ERRORS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.RemoteProtocolError,
    httpx.ReadError,
    httpx.WriteError,
)
USER_AGENT = f"kapex-python/{__version__}"

Model = TypeVar("Model", bound=WithMeta)


@dataclass(frozen=True)
class ClientConfig:
    """A client's settings, from arguments first and ``KAPEX_*`` environment variables second."""

    api_key: str | None
    base_url: str
    timeout: float | None
    """Seconds per request; ``None`` leaves it to an injected ``http_client``."""
    max_retries: int
    max_retry_wait: float

    @classmethod
    def resolve(
        cls,
        *,
        api_key: str | None,
        base_url: str | None,
        timeout: float | None,
        max_retries: int | None,
        max_retry_wait: float | None,
    ) -> ClientConfig:
        key = api_key if api_key is not None else os.environ.get("KAPEX_API_KEY") or None
        url = base_url or os.environ.get("KAPEX_BASE_URL") or DEFAULT_BASE_URL
        retries = DEFAULT_MAX_RETRIES if max_retries is None else max_retries
        if retries < 0:
            raise ConfigurationError("max_retries must be 0 or more.")
        return cls(
            api_key=key,
            base_url=url.rstrip("/"),
            timeout=timeout,
            max_retries=retries,
            max_retry_wait=DEFAULT_MAX_RETRY_WAIT if max_retry_wait is None else max_retry_wait,
        )


class RetryPolicy:
    """When to retry and how long to wait first (the rule in the module docstring)."""

    def __init__(self, config: ClientConfig, *, rng: random.Random | None = None) -> None:
        self._config = config
        self._rng = rng or random.Random()

    def wait_after_status(
        self, status: int, retry_after: int | None, *, attempt: int
    ) -> float | None:
        """Seconds to wait before attempt ``attempt + 1``, or ``None`` to give up now."""
        if status not in RETRY_STATUSES or attempt > self._config.max_retries:
            return None
        if retry_after is not None:
            return float(retry_after) if retry_after <= self._config.max_retry_wait else None
        return self.backoff(attempt)

    def wait_after_error(self, *, attempt: int) -> float | None:
        if attempt > self._config.max_retries:
            return None
        return self.backoff(attempt)

    def backoff(self, attempt: int) -> float:
        ceiling = min(RETRY_MAX_BACKOFF, RETRY_BASE * 2.0 ** (attempt - 1))
        return ceiling / 2 + self._rng.uniform(0, ceiling / 2)


def new_idempotency_key() -> str:
    return f"kapex-{uuid.uuid4().hex}"


def request_args(
    config: ClientConfig, call: Call[Any], *, idempotency_key: str | None
) -> dict[str, Any]:
    """Keyword arguments for ``httpx.Client.request`` / ``AsyncClient.request``."""
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    if call.authenticated:
        if not config.api_key:
            raise ConfigurationError(
                "No API key. Pass api_key=... or set KAPEX_API_KEY (create a key with "
                "POST /trial/signup or POST /keys)."
            )
        headers["X-API-Key"] = config.api_key
    if idempotency_key:
        headers["Idempotency-Key"] = idempotency_key
    args: dict[str, Any] = {
        "method": call.method,
        "url": config.base_url + call.path,
        "headers": headers,
        "params": call.params or None,
    }
    if config.timeout is not None:
        args["timeout"] = config.timeout
    if call.content is not None:
        args["content"] = call.content
        if call.content_type:
            headers["Content-Type"] = call.content_type
    elif call.json is not None:
        args["json"] = call.json
    return args


def read_response(
    call: Call[Model],
    response: httpx.Response,
    *,
    idempotency_key: str | None,
    attempts: int,
) -> Model:
    """The typed body of a 2xx answer; an ``ApiError`` subclass for anything else."""
    meta = ResponseMeta.from_headers(
        response.status_code,
        response.headers,
        idempotency_key=idempotency_key,
        attempts=attempts,
    )
    try:
        body = response.json() if response.content else None
    except ValueError:
        body = None
    if response.status_code >= 400:
        raise error_from_response(response.status_code, body, meta)
    if not isinstance(body, dict):
        raise ApiError(
            f"Expected a JSON object from {call.method} {call.path}, got "
            f"{response.headers.get('content-type') or 'no content type'}. Is base_url the "
            "KAPEX /api/v1 address?",
            status_code=response.status_code,
            meta=meta,
            code="UNEXPECTED_RESPONSE",
        )
    try:
        model = call.model.model_validate(body)
    except PydanticValidationError as exc:
        raise ApiError(
            f"The response of {call.method} {call.path} does not match this SDK's schema "
            f"({exc.error_count()} problem(s)); upgrade the kapex package.",
            status_code=response.status_code,
            meta=meta,
            code="UNEXPECTED_RESPONSE",
        ) from exc
    model._meta = meta
    return model


def connection_error(exc: Exception, call: Call[Any], config: ClientConfig) -> KapexError:
    where = f"{call.method} {config.base_url}{call.path}"
    if isinstance(exc, httpx.TimeoutException) and not isinstance(
        exc, httpx.ConnectTimeout | httpx.PoolTimeout
    ):
        return Timeout(
            f"No answer to {where} in time. The request may still complete on the server; "
            "writes are safe to resend with the same idempotency key."
        )
    return ConnectionFailed(
        f"Could not reach KAPEX at {config.base_url} ({exc.__class__.__name__}). Is the server "
        "running, and is KAPEX_BASE_URL right?"
    )
