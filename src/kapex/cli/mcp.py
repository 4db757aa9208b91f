"""``kapex mcp``: run the KAPEX MCP server over stdio for an MCP host (Claude Desktop, Cursor...).

Needs ``pip install 'kapex[mcp]'``. The streamable HTTP transport needs no command: every
``kapex serve`` answers MCP at ``/mcp`` (docs/mcp.md).
"""

from __future__ import annotations

import argparse
import asyncio
import sys


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "mcp",
        help="serve the memory tools to an MCP host over stdio",
        description=(
            "Serve get_context, remember, list_memories, forget, pin and unpin over stdio for "
            "one end user. Configure with KAPEX_API_KEY, KAPEX_USER_ID and KAPEX_BASE_URL."
        ),
    )
    parser.add_argument("--user", help="the end user (default: $KAPEX_USER_ID)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        from kapex.mcp.stdio import StdioConfig, serve_stdio
    except ModuleNotFoundError as missing:
        print(
            f"kapex mcp needs {missing.name!r}, which is not installed. Install it with:\n"
            "    pip install 'kapex[mcp]'",
            file=sys.stderr,
        )
        return 2
    config = StdioConfig.from_env(user_id=args.user)
    asyncio.run(serve_stdio(config))
    return 0
