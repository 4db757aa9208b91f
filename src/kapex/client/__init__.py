"""The KAPEX Python SDK: ``Kapex`` (blocking) and ``AsyncKapex`` (asyncio) on httpx.

Installed by ``pip install kapex`` without the service's models and database drivers::

    from kapex.client import Kapex

    with Kapex() as kapex:  # KAPEX_API_KEY and KAPEX_BASE_URL from the environment
        kapex.ingest("user_001", "I just moved to Lisbon.")
        block = kapex.query("user_001", "Where should I eat tonight?").context

Every response is the service's own schema with ``request_id``, ``rate_limit`` and
``trial_days_remaining`` attached; every error is a ``KapexError`` (see ``kapex.client.errors``).
"""

from kapex.client.aio import AsyncKapex
from kapex.client.default import default_client, process
from kapex.client.errors import (
    ApiError,
    ConnectionFailed,
    EmailAlreadyRegistered,
    Forbidden,
    InternalServerError,
    KapexError,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    Timeout,
    TrialExpired,
    Unauthorized,
    Unavailable,
    UnsupportedMediaType,
    UserLimitReached,
    ValidationError,
)
from kapex.client.meta import RateLimit, ResponseMeta
from kapex.client.pagination import AsyncPages, Pages
from kapex.client.sync import Kapex
from kapex.schemas.memory import TurnItem

__all__ = [
    "ApiError",
    "AsyncKapex",
    "AsyncPages",
    "ConnectionFailed",
    "EmailAlreadyRegistered",
    "Forbidden",
    "InternalServerError",
    "Kapex",
    "KapexError",
    "MethodNotAllowed",
    "NotFound",
    "Pages",
    "PayloadTooLarge",
    "RateLimit",
    "RateLimited",
    "ResponseMeta",
    "Timeout",
    "TrialExpired",
    "TurnItem",
    "Unauthorized",
    "Unavailable",
    "UnsupportedMediaType",
    "UserLimitReached",
    "ValidationError",
    "default_client",
    "process",
]
