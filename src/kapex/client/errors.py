"""What the SDK raises: one class per error code the service sends, all under ``KapexError``.

The hierarchy::

    KapexError                       the root shared with the service (``kapex.errors``)
    ├── ApiError                     the service answered with an error body
    │   ├── ValidationError          400 VALIDATION_ERROR (``details`` names each bad field)
    │   ├── Unauthorized             401 UNAUTHORIZED
    │   ├── TrialExpired             403 TRIAL_EXPIRED
    │   ├── Forbidden                403 FORBIDDEN
    │   ├── UserLimitReached         403 USER_LIMIT_REACHED
    │   ├── NotFound                 404 NOT_FOUND
    │   ├── MethodNotAllowed         405 METHOD_NOT_ALLOWED
    │   ├── EmailAlreadyRegistered   409 EMAIL_ALREADY_REGISTERED
    │   ├── PayloadTooLarge          413 PAYLOAD_TOO_LARGE
    │   ├── UnsupportedMediaType     415 UNSUPPORTED_MEDIA_TYPE
    │   ├── RateLimited              429 RATE_LIMITED (``retry_after`` seconds)
    │   ├── InternalServerError      500 INTERNAL_ERROR (quote ``request_id`` to support)
    │   └── Unavailable              503 UNAVAILABLE (``retry_after`` when the server sent one)
    └── ConnectionFailed             no answer: refused, reset, DNS, TLS (after the retries)
        └── Timeout                  no answer within the client's timeout

An error code this SDK does not know yet (a newer server) raises ``ApiError`` itself with the
code the server sent, so ``except ApiError`` keeps working across upgrades.
"""

from __future__ import annotations

from typing import Any, ClassVar

from kapex.client.meta import ResponseMeta
from kapex.errors import KapexError


class ApiError(KapexError):
    """The service answered with ``{"error": {"code", "message"}}`` and a non-2xx status."""

    code: ClassVar[str] = "API_ERROR"

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        meta: ResponseMeta,
        code: str | None = None,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.meta = meta
        self.error_code = code or self.code
        self.details = details or []

    @property
    def request_id(self) -> str | None:
        """The id the server logged this request under: quote it when asking for support."""
        return self.meta.request_id

    def __str__(self) -> str:
        where = f" (request {self.meta.request_id})" if self.meta.request_id else ""
        return f"{self.status_code} {self.error_code}: {self.message}{where}"


class ValidationError(ApiError):
    code = "VALIDATION_ERROR"


class Unauthorized(ApiError):
    code = "UNAUTHORIZED"


class TrialExpired(ApiError):
    code = "TRIAL_EXPIRED"


class Forbidden(ApiError):
    code = "FORBIDDEN"


class UserLimitReached(ApiError):
    code = "USER_LIMIT_REACHED"


class NotFound(ApiError):
    code = "NOT_FOUND"


class MethodNotAllowed(ApiError):
    code = "METHOD_NOT_ALLOWED"


class EmailAlreadyRegistered(ApiError):
    code = "EMAIL_ALREADY_REGISTERED"


class PayloadTooLarge(ApiError):
    code = "PAYLOAD_TOO_LARGE"


class UnsupportedMediaType(ApiError):
    code = "UNSUPPORTED_MEDIA_TYPE"


class RateLimited(ApiError):
    """Too many requests. ``retry_after``: whole seconds until the window reopens."""

    code = "RATE_LIMITED"

    @property
    def retry_after(self) -> int | None:
        return self.meta.retry_after


class InternalServerError(ApiError):
    code = "INTERNAL_ERROR"


class Unavailable(ApiError):
    """The service cannot reach its storage right now; retrying later is the remedy."""

    code = "UNAVAILABLE"

    @property
    def retry_after(self) -> int | None:
        return self.meta.retry_after


class RequestInProgress(ApiError):
    """A request with the same ``Idempotency-Key`` is still being processed: retry the same
    call after ``retry_after`` seconds to get its response."""

    code = "REQUEST_IN_PROGRESS"

    @property
    def retry_after(self) -> int | None:
        return self.meta.retry_after


class UpstreamError(ApiError):
    """The proxy's upstream LLM server refused or failed the call (its answer is in
    ``details`` when it gave one)."""

    code = "UPSTREAM_ERROR"


class UpstreamTimeout(ApiError):
    """The proxy's upstream LLM server did not answer in time."""

    code = "UPSTREAM_TIMEOUT"


class ConnectionFailed(KapexError):
    """No HTTP answer at all (after the retries): the server is down or unreachable."""

    code = "CONNECTION_FAILED"


class Timeout(ConnectionFailed):
    """The server did not answer within the client's ``timeout``."""

    code = "TIMEOUT"


#: Every code the service sends, to the class raised for it.
BY_CODE: dict[str, type[ApiError]] = {
    cls.code: cls
    for cls in (
        ValidationError,
        Unauthorized,
        TrialExpired,
        Forbidden,
        UserLimitReached,
        NotFound,
        MethodNotAllowed,
        EmailAlreadyRegistered,
        PayloadTooLarge,
        UnsupportedMediaType,
        RateLimited,
        InternalServerError,
        Unavailable,
        RequestInProgress,
        UpstreamError,
        UpstreamTimeout,
    )
}

# A body that is not KAPEX's error shape (a proxy's HTML 502, say) is classified by status.
_BY_STATUS: dict[int, type[ApiError]] = {
    400: ValidationError,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    405: MethodNotAllowed,
    413: PayloadTooLarge,
    415: UnsupportedMediaType,
    429: RateLimited,
    500: InternalServerError,
    503: Unavailable,
    504: UpstreamTimeout,
}


def error_from_response(status_code: int, body: Any, meta: ResponseMeta) -> ApiError:
    """The exception for an error response; ``body`` is the decoded JSON or ``None``."""
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and isinstance(error.get("code"), str):
        code = error["code"]
        message = str(error.get("message") or code)
        details = error.get("details") if isinstance(error.get("details"), list) else None
        # A code this SDK does not know yet (a newer server) stays a plain ApiError.
        cls = BY_CODE.get(code, ApiError)
        return cls(message, status_code=status_code, meta=meta, code=code, details=details)
    cls = _BY_STATUS.get(status_code, ApiError)
    return cls(
        f"HTTP {status_code} without a KAPEX error body (is base_url pointing at KAPEX?)",
        status_code=status_code,
        meta=meta,
    )


__all__ = [
    "BY_CODE",
    "ApiError",
    "ConnectionFailed",
    "EmailAlreadyRegistered",
    "Forbidden",
    "InternalServerError",
    "KapexError",
    "MethodNotAllowed",
    "NotFound",
    "PayloadTooLarge",
    "RateLimited",
    "RequestInProgress",
    "Timeout",
    "TrialExpired",
    "Unauthorized",
    "Unavailable",
    "UnsupportedMediaType",
    "UpstreamError",
    "UpstreamTimeout",
    "UserLimitReached",
    "ValidationError",
    "error_from_response",
]
