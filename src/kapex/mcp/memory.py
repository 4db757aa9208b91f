"""What the MCP tools need from KAPEX, for one end user, and its SDK implementation.

The tools never name the user: a ``Memory`` is already bound to one (from ``KAPEX_USER_ID``
over stdio, from the ``X-Kapex-User-Id`` header over HTTP), so a model cannot reach another
user's memory by choosing an argument. Nothing here can delete a whole user.

``ClientMemory`` calls a KAPEX server through the SDK (``kapex mcp`` over stdio);
``kapex.mcp.http.ServiceMemory`` calls the services in-process (``/mcp`` on the server).
"""

from __future__ import annotations

from typing import Literal, Protocol

from kapex.client import calls
from kapex.client.aio import AsyncKapex
from kapex.schemas.memory import Deleted, IngestResponse, NodeSummary, PinBody, QueryResponse

Order = Literal["salience", "recent"]
PinKind = Literal["constraint", "suppress"]


class Memory(Protocol):
    """One end user's memory, as the tools use it. Errors are ``KapexError`` subclasses."""

    async def context(self, message: str, *, max_tokens: int | None) -> QueryResponse: ...

    async def remember(self, content: str) -> IngestResponse: ...

    async def memories(self, *, limit: int, order: Order) -> list[NodeSummary]: ...

    async def pins(self) -> list[PinBody]: ...

    async def forget(self, memory_id: str) -> Deleted: ...

    async def pin(self, topic: str, *, kind: PinKind, note: str | None) -> PinBody: ...

    async def unpin(self, pin_id: str) -> Deleted: ...


class ClientMemory:
    """A user's memory on a KAPEX server, reached through ``AsyncKapex``."""

    def __init__(self, client: AsyncKapex, *, user_id: str, session_id: str | None) -> None:
        self._client = client
        self._user = user_id
        self._session = session_id

    async def context(self, message: str, *, max_tokens: int | None) -> QueryResponse:
        return await self._client.query(
            self._user, message, session_id=self._session, max_tokens=max_tokens
        )

    async def remember(self, content: str) -> IngestResponse:
        return await self._client.ingest(self._user, content, session_id=self._session)

    async def memories(self, *, limit: int, order: Order) -> list[NodeSummary]:
        # One page is the best `limit` memories: no need to walk the whole listing.
        page = await self._client.send(
            calls.nodes_page(self._user, order=order, limit=limit, cursor=None)
        )
        return list(page.nodes)

    async def pins(self) -> list[PinBody]:
        return list((await self._client.pins(self._user)).pins)

    async def forget(self, memory_id: str) -> Deleted:
        return await self._client.delete_node(self._user, memory_id)

    async def pin(self, topic: str, *, kind: PinKind, note: str | None) -> PinBody:
        return await self._client.pin(self._user, topic, kind=kind, note=note)

    async def unpin(self, pin_id: str) -> Deleted:
        return await self._client.unpin(self._user, pin_id)
