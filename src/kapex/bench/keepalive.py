"""A minimal HTTP/1.1 client for the load generator: one keep-alive connection, JSON POSTs.

The generator runs on the machine it measures, so every millisecond of its CPU is taken from
the server. httpx cost about 2.5 ms of CPU per request (URL and header models, cookie
handling, its connection pool), a sixth of the server's own cost; this client writes the
request bytes and reads the status line, headers and ``Content-Length`` body, nothing more.
It speaks only to ``kapex serve`` (uvicorn), which sends every JSON answer with a length.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any


class KeepAlive:
    """One connection to ``host:port``, opened on first use and again after a failure."""

    def __init__(self, host: str, port: int, *, timeout: float) -> None:
        self._host, self._port, self._timeout = host, port, timeout
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: Any, *, headers: dict[str, str]) -> int:
        """POST ``body`` as JSON and return the status (the answer is read and dropped).

        Raises OSError, asyncio.TimeoutError or asyncio.IncompleteReadError on failure; the
        connection is closed then, and the next call opens a new one.
        """
        payload = json.dumps(body).encode()
        lines = [f"POST {path} HTTP/1.1", f"Host: {self._host}:{self._port}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}", "", ""]
        request = "\r\n".join(lines).encode() + payload
        try:
            return await asyncio.wait_for(self._exchange(request), self._timeout)
        except BaseException:
            await self.close()
            raise

    async def _exchange(self, request: bytes) -> int:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self._host, self._port)
        assert self._reader is not None
        self._writer.write(request)
        head = await self._reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        length, closing = None, False
        for line in header_lines:
            name, _, value = line.partition(":")
            name = name.lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection":
                closing = value.strip().lower() == "close"
        if length is None:
            raise OSError(f"answer without Content-Length: {status_line}")
        await self._reader.readexactly(length)
        if closing:
            await self.close()
        return int(status_line.split(" ", 2)[1])

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = self._reader = None
