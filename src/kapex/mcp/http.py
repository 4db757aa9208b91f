"""``/mcp`` on the KAPEX server: the MCP tools over streamable HTTP, per tenant and end user.

Each request is authenticated like any API call (same gate, same rate limits, same error
body), with one documented exception: besides ``X-API-Key``, the key may come as
``Authorization: Bearer kpx_…``, because MCP hosts configure remote servers with a bearer
token. The end user is the ``X-Kapex-User-Id`` header (required), the session the optional
``X-Kapex-Session-Id``; a tool can never name another user.

The transport runs stateless with JSON responses: no session lives in a worker, so any
worker of ``kapex serve --workers N`` can answer any request. Host and Origin headers are
checked against ``KAPEX_PUBLIC_URL`` (and loopback) against DNS rebinding.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from mcp.server.mcpserver import Context
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from mcp.server.transport_security import TransportSecuritySettings
from pydantic import ValidationError
from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from kapex.access.gate import Caller
from kapex.clock import Clock
from kapex.errors import Forbidden, ValidationFailed
from kapex.mcp.memory import Order, PinKind
from kapex.mcp.tools import build_server
from kapex.schemas.common import USER_ID_PATTERN
from kapex.schemas.memory import (
    Deleted,
    IngestRequest,
    IngestResponse,
    NodeSummary,
    PinBody,
    PinRequest,
    QueryRequest,
    QueryResponse,
)
from kapex.services.container import Services
from kapex.services.profiles import profile_of

USER_HEADER = "x-kapex-user-id"
SESSION_HEADER = "x-kapex-session-id"
_STATE_KEY = "kapex_mcp_memory"
#: Authenticates one request by ``X-API-Key`` or ``Authorization: Bearer`` (raising the
#: API's errors); supplied by the API layer, which holds the one rule for both.
Admit = Callable[[Request], Caller]


def allowed_hosts(public_url: str | None) -> TransportSecuritySettings:
    """Loopback always; the public address too when ``KAPEX_PUBLIC_URL`` names one.

    Patterns follow the MCP SDK: an exact ``host[:port]`` or ``host:*`` for any port.
    """
    hosts = ["127.0.0.1:*", "localhost:*", "[::1]:*", "127.0.0.1", "localhost", "[::1]"]
    origins = ["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"]
    if public_url:
        parts = urlsplit(public_url)
        if parts.hostname:
            netloc = parts.netloc.rsplit("@", 1)[-1]
            hosts += [netloc, f"{parts.hostname}:*", parts.hostname]
            origins += [f"{parts.scheme}://{netloc}"]
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True, allowed_hosts=hosts, allowed_origins=origins
    )


def _matches(value: str, patterns: list[str]) -> bool:
    return any(value == p or (p.endswith(":*") and value.startswith(p[:-1])) for p in patterns)


def check_host(request: Request, security: TransportSecuritySettings) -> None:
    """Refuse, in the API's error shape, a Host or Origin this server does not answer to
    (a browser tricked by DNS rebinding would send one)."""
    host = request.headers.get("host", "")
    origin = request.headers.get("origin")
    if not _matches(host, security.allowed_hosts) or (
        origin and not _matches(origin, security.allowed_origins)
    ):
        raise Forbidden(
            "This MCP endpoint does not answer to that Host or Origin. If clients reach the "
            "server under another address, set KAPEX_PUBLIC_URL to it."
        )


class ServiceMemory:
    """One end user's memory through the in-process services (the ``Memory`` protocol)."""

    def __init__(
        self,
        services: Services,
        caller: Caller,
        *,
        user_id: str,
        session_id: str | None,
        now: datetime,
    ) -> None:
        self._services = services
        self._caller = caller
        self._tenant = caller.tenant.tenant_id
        self._profile = profile_of(caller.tenant)
        self._user = user_id
        self._session = session_id
        self._now = now

    async def context(self, message: str, *, max_tokens: int | None) -> QueryResponse:
        request = _valid(
            QueryRequest,
            user_id=self._user,
            current_input=message,
            session_id=self._session,
            max_tokens=max_tokens,
        )
        return await asyncio.to_thread(
            self._services.recall.query,
            self._tenant,
            request,
            profile=self._profile,
            now=self._now,
        )

    async def remember(self, content: str) -> IngestResponse:
        request = _valid(
            IngestRequest, user_id=self._user, content=content, session_id=self._session
        )
        return await asyncio.to_thread(
            self._services.ingest.ingest,
            self._tenant,
            request,
            limits=self._caller.limits,
            profile=self._profile,
            now=self._now,
        )

    async def memories(self, *, limit: int, order: Order) -> list[NodeSummary]:
        page = await asyncio.to_thread(
            self._services.graph.nodes,
            self._tenant,
            self._user,
            order=order,
            limit=limit,
            cursor=None,
            profile=self._profile,
            now=self._now,
        )
        return list(page.nodes)

    async def pins(self) -> list[PinBody]:
        listing = await asyncio.to_thread(self._services.pins.list, self._tenant, self._user)
        return list(listing.pins)

    async def forget(self, memory_id: str) -> Deleted:
        return await asyncio.to_thread(
            self._services.graph.delete_node, self._tenant, self._user, memory_id
        )

    async def pin(self, topic: str, *, kind: PinKind, note: str | None) -> PinBody:
        request = _valid(PinRequest, topic=topic, kind=kind, note=note)
        return await asyncio.to_thread(
            self._services.pins.add,
            self._tenant,
            self._user,
            request,
            limits=self._caller.limits,
            profile=self._profile,
            now=self._now,
        )

    async def unpin(self, pin_id: str) -> Deleted:
        return await asyncio.to_thread(self._services.pins.delete, self._tenant, self._user, pin_id)


def _valid(model: type[Any], **fields: Any) -> Any:
    try:
        return model.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        raise ValidationFailed(f"Invalid input: {problems}.") from None


def _resolve(ctx: Context[Any, Any]) -> ServiceMemory:
    request = ctx.request_context.request
    memory = request.scope.get("state", {}).get(_STATE_KEY) if request is not None else None
    if memory is None:  # only reachable if the endpoint below was bypassed
        raise ValidationFailed("This MCP endpoint serves authenticated HTTP requests only.")
    return memory  # type: ignore[no-any-return]


class McpEndpoint:
    """The ASGI app mounted at ``/mcp``: authenticate, bind the user, hand over to MCP."""

    def __init__(
        self, services: Services, *, clock: Clock, admit: Admit, public_url: str | None
    ) -> None:
        self._services = services
        self._clock = clock
        self._admit = admit
        self._security = allowed_hosts(public_url)
        server = build_server(_resolve)
        # Building the SDK's own app creates its session manager, which is all we mount.
        server.streamable_http_app(
            stateless_http=True, json_response=True, transport_security=self._security
        )
        self._manager: StreamableHTTPSessionManager = server.session_manager

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Run for the app's lifetime (the transport's task group lives here)."""
        async with self._manager.run():
            yield

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        check_host(request, self._security)
        now = self._clock.now()
        caller = await asyncio.to_thread(self._admit, request)
        user = request.headers.get(USER_HEADER, "")
        if not re.fullmatch(USER_ID_PATTERN, user):
            raise ValidationFailed(
                "Send the end user's id in the X-Kapex-User-Id header (1-128 characters of "
                "letters, digits and _.:@-): MCP tools act on that user's memory only."
            )
        session = request.headers.get(SESSION_HEADER) or None
        scope.setdefault("state", {})[_STATE_KEY] = ServiceMemory(
            self._services, caller, user_id=user, session_id=session, now=now
        )
        await self._manager.handle_request(scope, receive, send)
