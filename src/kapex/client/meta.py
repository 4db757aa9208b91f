"""What every response says besides its body: request id, rate-limit figures, trial days.

``WithMeta`` is mixed into each response model the SDK returns (``kapex.client.types``), so
``client.ingest(...).request_id`` works on the same object whose fields are the body.
"""

from __future__ import annotations

import email.utils
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, PrivateAttr

from kapex.clock import SystemClock


@dataclass(frozen=True, slots=True)
class RateLimit:
    """The tenant's rate-limit window closest to exhaustion (per minute or per day)."""

    limit: int
    remaining: int
    reset: int
    """Unix seconds at which the window ends."""


@dataclass(frozen=True, slots=True)
class ResponseMeta:
    """The headers of one response that matter to a caller, parsed."""

    status_code: int
    request_id: str | None = None
    rate_limit: RateLimit | None = None
    trial_days_remaining: int | None = None
    retry_after: int | None = None
    idempotency_key: str | None = None
    """The ``Idempotency-Key`` this call sent (writes only), the same on every retry."""
    attempts: int = 1
    """How many HTTP requests this call took (1 + retries)."""

    @classmethod
    def from_headers(
        cls,
        status_code: int,
        headers: Mapping[str, str],
        *,
        idempotency_key: str | None = None,
        attempts: int = 1,
        now: datetime | None = None,
    ) -> ResponseMeta:
        limit = _int(headers.get("x-ratelimit-limit"))
        remaining = _int(headers.get("x-ratelimit-remaining"))
        reset = _int(headers.get("x-ratelimit-reset"))
        rate = (
            RateLimit(limit=limit, remaining=remaining, reset=reset)
            if limit is not None and remaining is not None and reset is not None
            else None
        )
        return cls(
            status_code=status_code,
            request_id=headers.get("x-request-id"),
            rate_limit=rate,
            trial_days_remaining=_int(headers.get("x-trial-days-remaining")),
            retry_after=parse_retry_after(headers.get("retry-after"), now=now),
            idempotency_key=idempotency_key,
            attempts=attempts,
        )


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> int | None:
    """Whole seconds from a ``Retry-After`` header (delta-seconds or an HTTP date), ≥ 0."""
    if value is None or not value.strip():
        return None
    seconds = _int(value)
    if seconds is not None:
        return max(0, seconds)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    reference = now or SystemClock().now()
    return max(0, round((when - reference).total_seconds()))


class WithMeta(BaseModel):
    """Mixin for response models: the parsed headers ride along, outside the body.

    Unknown body fields are ignored (not refused) so an older SDK keeps working when the
    service adds a field.
    """

    model_config = ConfigDict(extra="ignore")

    _meta: ResponseMeta = PrivateAttr(default_factory=lambda: ResponseMeta(status_code=0))

    @property
    def meta(self) -> ResponseMeta:
        return self._meta

    @property
    def request_id(self) -> str | None:
        return self._meta.request_id

    @property
    def rate_limit(self) -> RateLimit | None:
        return self._meta.rate_limit

    @property
    def trial_days_remaining(self) -> int | None:
        return self._meta.trial_days_remaining


__all__ = ["RateLimit", "ResponseMeta", "WithMeta", "parse_retry_after"]
