"""Field types shared by the wire contract, with the limits ``docs/api.md`` ("Rules that hold
for every endpoint") sets.

One rule for text, everywhere (``check_text``): every string a client sends — body fields at
any depth (metadata keys and values, profile updates), path and query parameters — is
refused with ``400 VALIDATION_ERROR`` if it holds a control character (NUL included; tab,
newline and carriage return are fine) or a lone surrogate. PostgreSQL text cannot hold NUL and
UTF-8 cannot encode a lone surrogate; without this rule the two backends would disagree, and
control characters would reach every context block. Text a person must have written (content,
queries, names, pin topics) must also hold at least one visible character: whitespace and
zero-width characters alone are blank.

Size: only a text over the 32,000-character limit (and metadata over 2 KB) is "too large"
(``413``); any other over-long field is a ``400`` like any other invalid value.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)
from pydantic_core import PydanticCustomError

from kapex.clock import as_utc

MAX_TEXT_CHARS = 32_000
MAX_METADATA_BYTES = 2_048
USER_ID_PATTERN = r"^[A-Za-z0-9_.:@-]{1,128}$"
_ALLOWED_CONTROLS = frozenset("\t\n\r")
# Letters and symbols that render as nothing (Hangul fillers, the blank Braille pattern):
# beside whitespace and format characters (category Cf: zero-width space and joiners, BOM).
_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def check_text(value: str) -> str:
    """The one rule every client string passes: no control characters, valid Unicode."""
    for char in value:
        category = unicodedata.category(char)
        if category == "Cc" and char not in _ALLOWED_CONTROLS:
            raise ValueError(f"must not contain control characters (found U+{ord(char):04X})")
        if category == "Cs":
            raise ValueError("must be valid Unicode (no lone surrogates)")
    return value


def _visible(char: str) -> bool:
    return not (char.isspace() or unicodedata.category(char) == "Cf" or char in _INVISIBLE)


def check_visible(value: str) -> str:
    """Text a person wrote must show something: whitespace and zero-width alone are blank."""
    if not any(_visible(char) for char in value):
        raise ValueError("must not be blank (whitespace or invisible characters only)")
    return value


def check_strings(value: Any) -> Any:
    """``check_text`` on every string inside ``value``: dict keys too, at any depth."""
    if isinstance(value, str):
        check_text(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_strings(key)
            check_strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            check_strings(item)
    return value


def is_too_large(error: Mapping[str, Any]) -> bool:
    """Whether a pydantic error means "too big" (413) rather than "wrong" (400)."""
    if error.get("type") == "metadata_too_large":
        return True
    limit = (error.get("ctx") or {}).get("max_length")
    return (
        error.get("type") == "string_too_long"
        and isinstance(limit, int)
        and (limit >= MAX_TEXT_CHARS)
    )


def _metadata_size(value: dict[str, Any]) -> dict[str, Any]:
    size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())
    if size > MAX_METADATA_BYTES:
        raise PydanticCustomError(
            "metadata_too_large",
            "metadata is {size} bytes when serialised; the limit is {limit}",
            {"size": size, "limit": MAX_METADATA_BYTES},
        )
    return value


def _utc(value: datetime) -> datetime:
    return as_utc(value)


CleanStr = Annotated[str, AfterValidator(check_text)]
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(check_text),
    AfterValidator(check_visible),
]
UserId = Annotated[str, StringConstraints(pattern=USER_ID_PATTERN)]
SessionId = Annotated[
    str, StringConstraints(min_length=1, max_length=128), AfterValidator(check_text)
]
Text = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_TEXT_CHARS),
    AfterValidator(check_text),
    AfterValidator(check_visible),
]
#: ``check_text`` as a JSON-schema pattern, so clients and fuzzers can read the rule (the
#: validation itself is ``check_text``). Ids have no use for tabs or newlines either.
NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f-\x9f]*$"

#: Ids a client names in a path (node, pin, key ids): opaque, but still client text.
Identifier = Annotated[
    str,
    StringConstraints(min_length=1, max_length=128),
    AfterValidator(check_text),
    Field(json_schema_extra={"pattern": NO_CONTROL_CHARACTERS}),
]
Metadata = Annotated[dict[str, Any], AfterValidator(_metadata_size)]
Timestamp = Annotated[datetime, AfterValidator(_utc)]
MaxTokens = Annotated[int, Field(ge=50, le=32_000, strict=True)]


class CleanModel(BaseModel):
    """Applies ``check_text`` to every string of every field, whatever its declared type."""

    @field_validator("*", mode="after")
    @classmethod
    def _clean_strings(cls, value: Any) -> Any:
        return check_strings(value)


class Request(CleanModel):
    """Base of every request body: unknown fields are errors, types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Response(BaseModel):
    model_config = ConfigDict(extra="forbid")
