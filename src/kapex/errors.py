"""Every error KAPEX reports, one class per stable code.

The hierarchy::

    KapexError                      base: a stable ``code`` and a human ``message``
    ├── ApiError                    reaches the client; its HTTP status comes from STATUS
    │   ├── ValidationFailed        400 VALIDATION_ERROR (optional ``details`` list)
    │   ├── Unauthorized            401 UNAUTHORIZED
    │   ├── TrialExpired            403 TRIAL_EXPIRED
    │   ├── Forbidden               403 FORBIDDEN
    │   ├── UserLimitReached        403 USER_LIMIT_REACHED
    │   ├── NotFound                404 NOT_FOUND
    │   ├── MethodNotAllowed        405 METHOD_NOT_ALLOWED
    │   ├── EmailAlreadyRegistered  409 EMAIL_ALREADY_REGISTERED
    │   ├── RequestInProgress       409 REQUEST_IN_PROGRESS (carries ``retry_after``)
    │   ├── PayloadTooLarge         413 PAYLOAD_TOO_LARGE
    │   ├── UnsupportedMediaType    415 UNSUPPORTED_MEDIA_TYPE
    │   ├── RateLimited             429 RATE_LIMITED (carries ``retry_after``)
    │   ├── InternalError           500 INTERNAL_ERROR
    │   ├── UpstreamError           502 UPSTREAM_ERROR, or the upstream's own status (below)
    │   ├── Unavailable             503 UNAVAILABLE (carries ``retry_after``)
    │   └── UpstreamTimeout         504 UPSTREAM_TIMEOUT
    ├── ConfigurationError          refuses start-up (bad or unsafe settings)
    └── ModelIntegrityError         a local model file is missing or fails its sha256

``UpstreamError`` is the one error whose status is not fixed: the proxy relays the upstream
LLM server's own 4xx/5xx (a 404 for an unknown model stays a 404, a 429 stays a 429 so the
client backs off), except 401, 403 and 407. Those mean the upstream refused the *operator's*
credentials, which the caller can neither see nor fix; relaying them would tell the caller
its KAPEX key is wrong, so they become 502. Anything KAPEX could not get an answer for
(connection refused, a broken response) is 502 too.

Only ``api`` turns these into responses; everything below raises them. Messages are for
humans and must never contain a key or a secret.
"""

from __future__ import annotations

from typing import Any, ClassVar


class KapexError(Exception):
    """Base of every KAPEX error: a stable upper-case code and a human message."""

    code: ClassVar[str] = "INTERNAL_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigurationError(KapexError):
    code = "CONFIGURATION_ERROR"


class ModelIntegrityError(KapexError):
    code = "MODEL_INTEGRITY_ERROR"


class ApiError(KapexError):
    """An error with a documented HTTP status and body."""

    default_message: ClassVar[str] = "Something went wrong."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message}}


class ValidationFailed(ApiError):
    code = "VALIDATION_ERROR"
    default_message = "The request is not valid."

    def __init__(
        self, message: str | None = None, *, details: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(message)
        self.details = details or []

    def body(self) -> dict[str, Any]:
        body = super().body()
        if self.details:
            body["error"]["details"] = self.details
        return body


class Unauthorized(ApiError):
    code = "UNAUTHORIZED"
    default_message = "Invalid or missing API key. Include a valid key in the X-API-Key header."


class TrialExpired(ApiError):
    code = "TRIAL_EXPIRED"
    default_message = "Your trial has expired."


class Forbidden(ApiError):
    code = "FORBIDDEN"
    default_message = "Access denied."


class UserLimitReached(ApiError):
    code = "USER_LIMIT_REACHED"
    default_message = "Your plan's user limit is reached."


class NotFound(ApiError):
    code = "NOT_FOUND"
    default_message = "Not found."


class MethodNotAllowed(ApiError):
    code = "METHOD_NOT_ALLOWED"
    default_message = "This method is not allowed on this endpoint."


class EmailAlreadyRegistered(ApiError):
    code = "EMAIL_ALREADY_REGISTERED"
    default_message = "This email already has a KAPEX account."


class RequestInProgress(ApiError):
    """Another request with the same ``Idempotency-Key`` is still being processed."""

    code = "REQUEST_IN_PROGRESS"

    def __init__(self, retry_after: int = 1, message: str | None = None) -> None:
        self.retry_after = max(1, int(retry_after))
        super().__init__(
            message
            or "A request with this Idempotency-Key is still being processed. Retry after "
            f"{self.retry_after} seconds to get its response."
        )


class PayloadTooLarge(ApiError):
    code = "PAYLOAD_TOO_LARGE"
    default_message = "The request body is too large."


class UnsupportedMediaType(ApiError):
    code = "UNSUPPORTED_MEDIA_TYPE"
    default_message = "Send the body as JSON with Content-Type: application/json."


class RateLimited(ApiError):
    code = "RATE_LIMITED"

    def __init__(self, retry_after: int) -> None:
        self.retry_after = max(1, int(retry_after))
        super().__init__(f"Rate limit exceeded. Retry after {self.retry_after} seconds.")


class InternalError(ApiError):
    code = "INTERNAL_ERROR"

    def __init__(self, request_id: str) -> None:
        super().__init__(f"Internal error. Quote request id {request_id} when you contact support.")


class Unavailable(ApiError):
    code = "UNAVAILABLE"
    default_message = "Storage is unreachable. Retry shortly."
    #: Seconds a client should wait before retrying (the ``Retry-After`` header).
    retry_after = 5


class UpstreamError(ApiError):
    """The upstream LLM server refused or failed a proxied request.

    ``upstream_status`` is the upstream's HTTP status (``None`` when it never answered) and
    ``upstream_body`` its answer (parsed JSON, or text), shown to the caller under
    ``error.upstream`` so nothing the upstream said is lost in the wrapping.
    """

    code = "UPSTREAM_ERROR"
    default_message = "The upstream LLM server failed. Retry shortly."
    #: Upstream statuses about the operator's credentials, never relayed (module docstring).
    NOT_RELAYED: ClassVar[frozenset[int]] = frozenset({401, 403, 407})

    def __init__(
        self,
        message: str | None = None,
        *,
        upstream_status: int | None = None,
        upstream_body: Any = None,
    ) -> None:
        super().__init__(message)
        self.upstream_status = upstream_status
        self.upstream_body = upstream_body

    @property
    def relayed_status(self) -> int | None:
        """The upstream's status when it is passed on as KAPEX's own; else ``None``."""
        status = self.upstream_status
        if status is None or not 400 <= status < 600 or status in self.NOT_RELAYED:
            return None
        return status

    def body(self) -> dict[str, Any]:
        body = super().body()
        if self.upstream_status is not None:
            upstream: dict[str, Any] = {"status": self.upstream_status}
            if self.upstream_body is not None:
                upstream["body"] = self.upstream_body
            body["error"]["upstream"] = upstream
        return body


class UpstreamTimeout(ApiError):
    code = "UPSTREAM_TIMEOUT"
    default_message = (
        "The upstream LLM server did not answer in time. Retry, or ask the operator to raise "
        "KAPEX_PROXY_TIMEOUT_SECONDS."
    )


#: The one place that maps an error class to its HTTP status.
STATUS: dict[type[ApiError], int] = {
    ValidationFailed: 400,
    Unauthorized: 401,
    TrialExpired: 403,
    Forbidden: 403,
    UserLimitReached: 403,
    NotFound: 404,
    MethodNotAllowed: 405,
    EmailAlreadyRegistered: 409,
    RequestInProgress: 409,
    PayloadTooLarge: 413,
    UnsupportedMediaType: 415,
    RateLimited: 429,
    InternalError: 500,
    UpstreamError: 502,
    Unavailable: 503,
    UpstreamTimeout: 504,
}


def status_of(error: ApiError) -> int:
    """The response status: the table's, or the upstream's own when it is relayed."""
    if isinstance(error, UpstreamError) and error.relayed_status is not None:
        return error.relayed_status
    return STATUS[type(error)]


__all__ = [
    "STATUS",
    "ApiError",
    "ConfigurationError",
    "EmailAlreadyRegistered",
    "Forbidden",
    "InternalError",
    "KapexError",
    "MethodNotAllowed",
    "ModelIntegrityError",
    "NotFound",
    "PayloadTooLarge",
    "RateLimited",
    "RequestInProgress",
    "TrialExpired",
    "Unauthorized",
    "Unavailable",
    "UnsupportedMediaType",
    "UpstreamError",
    "UpstreamTimeout",
    "UserLimitReached",
    "ValidationFailed",
    "status_of",
]
