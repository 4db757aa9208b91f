"""What the framework adapters share: the polite missing-extra error and turn copying rules."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from kapex.errors import KapexError

log = logging.getLogger("kapex.integrations")


def missing_extra(framework: str, extra: str, error: ImportError) -> ImportError:
    """The ImportError to raise when ``framework`` is not installed, naming the fix."""
    return ImportError(
        f"This KAPEX integration needs {framework}, which is not installed "
        f"({error.name or error}). Install it with:\n    pip install 'kapex[{extra}]'"
    )


def turn_items(
    user_text: str | None, assistant_text: str | None, *, session_id: str | None
) -> list[dict[str, Any]]:
    """The batch items for one exchange; blank sides are left out."""
    items: list[dict[str, Any]] = []
    for role, text in (("user", user_text), ("assistant", assistant_text)):
        if text and text.strip():
            item: dict[str, Any] = {"content": text, "role": role}
            if session_id:
                item["session_id"] = session_id
            items.append(item)
    return items


def user_from(context: Any, fixed: str | None) -> str:
    """The end user: ``fixed`` if given, else ``context["user_id"]`` / ``context.user_id``."""
    if fixed:
        return fixed
    found = context.get("user_id") if isinstance(context, Mapping) else None
    found = found or getattr(context, "user_id", None)
    if not isinstance(found, str) or not found:
        raise KapexError(
            "KAPEX needs the end user's id: pass user_id=... to the integration, or run the "
            "agent with a context carrying user_id."
        )
    return found


def failed_write(error: KapexError, *, raise_errors: bool) -> None:
    """A memory write failed: by default the conversation goes on and the failure is logged."""
    if raise_errors:
        raise error
    log.warning("KAPEX did not store the turn: %s", error)
