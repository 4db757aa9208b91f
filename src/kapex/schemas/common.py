"""Field types shared by the wire contract, with the limits API.md §1 sets."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from kapex.clock import as_utc

MAX_TEXT_CHARS = 32_000
MAX_METADATA_BYTES = 2_048
USER_ID_PATTERN = r"^[A-Za-z0-9_.:@-]{1,128}$"
# Error types that mean "too big" (413) rather than "wrong" (400).
TOO_LARGE_ERRORS = frozenset({"string_too_long", "metadata_too_large"})
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _clean_text(value: str) -> str:
    # PostgreSQL text cannot hold NUL, and lone surrogates cannot be encoded as UTF-8: both
    # would fail deep in storage, so they are rejected at the edge with a clear message.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    if _SURROGATE.search(value):
        raise ValueError("must be valid Unicode (no lone surrogates)")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


def _metadata_size(value: dict[str, Any]) -> dict[str, Any]:
    size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())
    if size > MAX_METADATA_BYTES:
        from pydantic_core import PydanticCustomError

        raise PydanticCustomError(
            "metadata_too_large",
            "metadata is {size} bytes when serialised; the limit is {limit}",
            {"size": size, "limit": MAX_METADATA_BYTES},
        )
    _walk_strings(value)
    return value


def _walk_strings(value: Any) -> None:
    if isinstance(value, str):
        _clean_text(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _clean_text(key)
            _walk_strings(item)
    elif isinstance(value, list):
        for item in value:
            _walk_strings(item)


def _utc(value: datetime) -> datetime:
    return as_utc(value)


CleanStr = Annotated[str, AfterValidator(_clean_text)]
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_clean_text),
    AfterValidator(_not_blank),
]
UserId = Annotated[str, StringConstraints(pattern=USER_ID_PATTERN)]
SessionId = Annotated[
    str, StringConstraints(min_length=1, max_length=128), AfterValidator(_clean_text)
]
Text = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_TEXT_CHARS),
    AfterValidator(_clean_text),
    AfterValidator(_not_blank),
]
Metadata = Annotated[dict[str, Any], AfterValidator(_metadata_size)]
Timestamp = Annotated[datetime, AfterValidator(_utc)]
MaxTokens = Annotated[int, Field(ge=50, le=32_000, strict=True)]


class Request(BaseModel):
    """Base of every request body: unknown fields are errors, types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Response(BaseModel):
    model_config = ConfigDict(extra="forbid")
