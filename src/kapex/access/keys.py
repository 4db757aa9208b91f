"""API keys: generation, hashing and the shape check.

Security reasoning:
- A key is ``kpx_`` + 43 url-safe characters from ``secrets.token_urlsafe(32)``: 256 bits of
  randomness, far above the 128 the contract asks. The prefix makes leaked keys easy to spot
  (secret scanners, log greps) and lets us reject malformed keys without a database lookup.
- Only ``HMAC-SHA256(secret_key, key)`` is stored. A stolen database therefore yields neither
  usable keys nor hashes that can be checked offline without the server secret. A fast hash is
  right here (unlike passwords): the input already carries 256 bits of entropy.
- Lookup is by the hash (an indexed equality), then confirmed with ``hmac.compare_digest`` so
  the final comparison does not leak timing information about how much of a hash matched.
- ``display_prefix`` (the first 12 characters) is safe to show and store: it carries 48 of the
  256 bits, leaving 208 unknown.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

KEY_PREFIX = "kpx_"
_KEY_SHAPE = re.compile(r"^kpx_[A-Za-z0-9_-]{43}$")
#: Query parameters whose presence means a client put a credential in the URL.
URL_KEY_PARAMS = frozenset({"api_key", "apikey", "key", "token", "x-api-key", "api-key"})


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def new_key_id() -> str:
    return "key_" + secrets.token_hex(8)


def looks_like_key(candidate: str) -> bool:
    return bool(_KEY_SHAPE.match(candidate))


def hash_key(key: str, *, secret: str) -> str:
    return hmac.new(secret.encode(), key.encode(), hashlib.sha256).hexdigest()


def hashes_match(stored: str, presented: str) -> bool:
    return hmac.compare_digest(stored.encode(), presented.encode())


def display_prefix(key: str) -> str:
    return key[:12]


def redact_keys(text: str) -> str:
    """Replace anything shaped like a KAPEX key (or a key-like query value) in log text."""
    text = re.sub(r"kpx_[A-Za-z0-9_-]{8,}", "kpx_[REDACTED]", text)
    return re.sub(
        r"(?i)([?&](?:api[_-]?key|apikey|key|token|x-api-key)=)[^&\s\"]*", r"\1[REDACTED]", text
    )
