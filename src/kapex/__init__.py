"""KAPEX: memory middleware for LLM applications.

``kapex.process(user_id, message)`` is the one-liner (see ``kapex.client``); importing
``kapex`` itself loads nothing else, so the service and the SDK share this package cheaply.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__", "process"]


def process(user_id: str, message: str, session_id: str | None = None) -> str:
    """Remember ``message`` for ``user_id`` and return the context block for answering it.

    Configured by ``KAPEX_API_KEY`` and ``KAPEX_BASE_URL``; see ``kapex.client.process``.
    """
    from kapex.client.default import process as _process

    return _process(user_id, message, session_id=session_id)
