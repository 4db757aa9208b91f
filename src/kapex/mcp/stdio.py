"""``kapex mcp``: the tools over stdio, for one end user, calling KAPEX through the SDK.

Configuration (environment, as MCP hosts pass it): ``KAPEX_API_KEY``, ``KAPEX_USER_ID`` (the
end user whose memory the assistant may use), optionally ``KAPEX_BASE_URL`` and
``KAPEX_SESSION_ID``. Stdout carries the protocol, so everything else goes to stderr.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from mcp.server.mcpserver import Context

from kapex.client.aio import AsyncKapex
from kapex.errors import ConfigurationError
from kapex.mcp.memory import ClientMemory
from kapex.mcp.tools import build_server
from kapex.schemas.common import USER_ID_PATTERN


@dataclass(frozen=True)
class StdioConfig:
    api_key: str
    user_id: str
    base_url: str | None
    session_id: str | None

    @classmethod
    def from_env(cls, *, user_id: str | None = None) -> StdioConfig:
        """Arguments first, then ``KAPEX_*``; refuses with what to set when something lacks."""
        key = os.environ.get("KAPEX_API_KEY", "")
        user = user_id or os.environ.get("KAPEX_USER_ID", "")
        if not key:
            raise ConfigurationError(
                "kapex mcp needs KAPEX_API_KEY in its environment (in your MCP host's server "
                'configuration, under "env").'
            )
        if not re.fullmatch(USER_ID_PATTERN, user):
            raise ConfigurationError(
                "kapex mcp needs KAPEX_USER_ID: the end user whose memory this assistant may "
                "use (1-128 characters of letters, digits and _.:@-)."
            )
        return cls(
            api_key=key,
            user_id=user,
            base_url=os.environ.get("KAPEX_BASE_URL") or None,
            session_id=os.environ.get("KAPEX_SESSION_ID") or None,
        )


async def serve_stdio(config: StdioConfig) -> None:
    """Serve the tools on stdin/stdout until the host closes the pipe."""
    async with AsyncKapex(config.api_key, base_url=config.base_url) as client:
        memory = ClientMemory(client, user_id=config.user_id, session_id=config.session_id)

        def resolve(_ctx: Context[Any, Any]) -> ClientMemory:
            return memory

        await build_server(resolve).run_stdio_async()
