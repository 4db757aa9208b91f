"""KAPEX as an MCP server: ``kapex mcp`` over stdio, and ``/mcp`` (streamable HTTP) on the server.

``tools`` holds the six tools and their model-facing descriptions; ``memory`` what they need
from KAPEX for one end user; ``stdio`` runs them against a KAPEX server through the SDK;
``http`` serves them inside the KAPEX server (needs ``kapex[server]``). See docs/mcp.md.
"""
