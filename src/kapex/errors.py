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
    │   └── Unavailable             503 UNAVAILABLE (carries ``retry_after``)
    ├── ConfigurationError          refuses start-up (bad or unsafe settings)
    └── ModelIntegrityError         a local model file is missing or fails its sha256

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
    Unavailable: 503,
}


def status_of(error: ApiError) -> int:
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
    "UserLimitReached",
    "ValidationFailed",
    "status_of",
]
