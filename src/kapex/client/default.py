"""``kapex.process(user_id, message)``: the one-liner, on a client configured from the
environment (``KAPEX_API_KEY``, ``KAPEX_BASE_URL``) and created on first use."""

from __future__ import annotations

import atexit
import threading

from kapex.client.sync import Kapex

_lock = threading.Lock()
_client: Kapex | None = None


def default_client() -> Kapex:
    """The shared environment-configured client (thread-safe; closed at interpreter exit)."""
    global _client
    with _lock:
        if _client is None:
            _client = Kapex()
            atexit.register(_client.close)
        return _client


def process(user_id: str, message: str, session_id: str | None = None) -> str:
    """Remember ``message`` for ``user_id`` and return the context block for answering it.

    Retrieval runs before the message is stored, so the block never quotes the message back.
    Append the returned string to your system prompt; it is empty for a user with no memories.
    The signature is the product's documented one-liner, so ``session_id`` may be positional.
    """
    return default_client().process(user_id, message, session_id=session_id).context
