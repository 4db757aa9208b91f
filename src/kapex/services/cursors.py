"""Opaque page cursors: what a listing returns as ``next_cursor`` and accepts back.

A cursor names the listing it belongs to, so one listing's cursor is never taken for
another's, and anything this API did not return is refused with ``400`` instead of being
read as a position.
"""

from __future__ import annotations

import base64
import binascii

from kapex.errors import ValidationFailed


def encode_cursor(kind: str, position: str) -> str:
    """A cursor for ``position`` in the listing ``kind`` (url-safe, no padding)."""
    raw = f"{kind}:{position}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str) -> str:
    """The position a cursor of listing ``kind`` carries; ``ValidationFailed`` otherwise."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    prefix = f"{kind}:"
    if not raw.startswith(prefix) or len(raw) == len(prefix):
        raise ValidationFailed(
            "cursor is not one this API returned: pass next_cursor from the previous page "
            "unchanged, or leave it out to start from the first page."
        )
    return raw[len(prefix) :]
