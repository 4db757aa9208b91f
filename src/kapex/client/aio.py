"""``AsyncKapex``: the asyncio client, the same methods as ``Kapex`` as coroutines."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from datetime import datetime
from types import TracebackType
from typing import Any, Literal

import httpx

from kapex.client import calls
from kapex.client import types as t
from kapex.client.calls import Call, Item, Method
from kapex.client.meta import parse_retry_after
from kapex.client.pagination import AsyncPages
from kapex.client.transport import (
    DEFAULT_TIMEOUT,
    RETRY_ERRORS,
    RETRY_STATUSES,
    ClientConfig,
    Model,
    RetryPolicy,
    connection_error,
    new_idempotency_key,
    read_response,
    request_args,
)

Order = Literal["salience", "recent"]
PinKind = Literal["suppress", "constraint"]


class AsyncKapex:
    """A KAPEX asyncio client; configured like ``Kapex`` (arguments, else ``KAPEX_*``).

    ``timeout`` is seconds per HTTP request (default 60; with an injected ``http_client`` and no
    ``timeout`` the client's own applies). ``max_retries`` (default 2) and ``max_retry_wait``
    (default 60 s) shape the retry rule described in ``kapex.client.transport``. Pass
    ``http_client`` to share a connection pool or add proxies, certificates or event hooks;
    the SDK never closes a client it did not create. Use it as a context manager, or call
    ``close()``.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        max_retry_wait: float | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        if timeout is None and http_client is None:
            timeout = DEFAULT_TIMEOUT
        self._config = ClientConfig.resolve(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient()
        self._retry = RetryPolicy(self._config)

    @property
    def base_url(self) -> str:
        return self._config.base_url

    def __repr__(self) -> str:  # never the key
        return f"AsyncKapex(base_url={self._config.base_url!r})"

    # --- lifecycle ----------------------------------------------------------------------

    async def close(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncKapex:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # --- sending ------------------------------------------------------------------------

    async def send(self, call: Call[Model]) -> Model:
        """Send one described call with the retry rule; returns its typed body."""
        key = (call.idempotency_key or new_idempotency_key()) if call.writes else None
        attempt = 0
        while True:
            attempt += 1
            try:
                response = await self._http.request(
                    **request_args(self._config, call, idempotency_key=key)
                )
            except RETRY_ERRORS as exc:
                wait = self._retry.wait_after_error(attempt=attempt)
                if wait is None:
                    raise connection_error(exc, call, self._config) from exc
                await asyncio.sleep(wait)
                continue
            except httpx.TransportError as exc:
                raise connection_error(exc, call, self._config) from exc
            if response.status_code in RETRY_STATUSES:
                wait = self._retry.wait_after_status(
                    response.status_code,
                    parse_retry_after(response.headers.get("retry-after")),
                    attempt=attempt,
                )
                if wait is not None:
                    await response.aclose()
                    await asyncio.sleep(wait)
                    continue
            return read_response(call, response, idempotency_key=key, attempts=attempt)

    async def request(
        self,
        method: Method,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        content: bytes | None = None,
        content_type: str | None = None,
    ) -> t.Raw:
        """Call a path under ``base_url`` that this SDK has no method for yet."""
        return await self.send(
            calls.raw(
                method, path, json=json, params=params, content=content, content_type=content_type
            )
        )

    # --- accounts -----------------------------------------------------------------------

    async def signup(self, company_name: str, *, email: str, name: str) -> t.SignupResponse:
        """Start a trial (no key needed). The key in the answer is shown only this once."""
        return await self.send(calls.signup(company_name=company_name, email=email, name=name))

    async def health(self) -> t.HealthResponse:
        return await self.send(calls.health())

    async def account(self) -> t.AccountResponse:
        return await self.send(calls.account())

    async def keys(self) -> t.KeyList:
        return await self.send(calls.keys())

    async def create_key(self, name: str) -> t.KeyCreated:
        return await self.send(calls.create_key(name))

    async def revoke_key(self, key_id: str) -> t.KeyRevoked:
        return await self.send(calls.revoke_key(key_id))

    # --- memory -------------------------------------------------------------------------

    async def ingest(
        self,
        user_id: str,
        content: str,
        *,
        role: Literal["user", "assistant"] | None = None,
        session_id: str | None = None,
        timestamp: datetime | None = None,
        metadata: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> t.IngestResponse:
        """Store one conversation turn. A retry of this call can never store it twice."""
        return await self.send(
            calls.ingest(
                user_id,
                content,
                role=role,
                session_id=session_id,
                timestamp=timestamp,
                metadata=metadata,
                idempotency_key=idempotency_key,
            )
        )

    async def ingest_batch(
        self, user_id: str, items: Iterable[Item], *, idempotency_key: str | None = None
    ) -> t.BatchIngestResponse:
        """Store up to 100 turns in order, all or nothing (``items``: dicts or ``TurnItem``)."""
        return await self.send(calls.ingest_batch(user_id, items, idempotency_key=idempotency_key))

    async def query(
        self,
        user_id: str,
        current_input: str,
        *,
        session_id: str | None = None,
        max_tokens: int | None = None,
        timestamp: datetime | None = None,
    ) -> t.QueryResponse:
        """The context block for the next LLM call (``.context``) and what is in it."""
        return await self.send(
            calls.query(
                user_id,
                current_input,
                session_id=session_id,
                max_tokens=max_tokens,
                timestamp=timestamp,
            )
        )

    async def process(
        self,
        user_id: str,
        message: str,
        *,
        session_id: str | None = None,
        response: str | None = None,
        max_tokens: int | None = None,
        timestamp: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> t.ProcessResponse:
        """One call per turn: the block for ``message``, then ``message`` (and ``response``)
        stored."""
        return await self.send(
            calls.process(
                user_id,
                message,
                session_id=session_id,
                response=response,
                max_tokens=max_tokens,
                timestamp=timestamp,
                idempotency_key=idempotency_key,
            )
        )

    # --- users and their memory ---------------------------------------------------------

    def users(self, *, page_size: int = 100) -> AsyncPages[t.UserSummary]:
        """Every end user of the tenant, fetched ``page_size`` at a time as you iterate."""
        return AsyncPages(
            lambda cursor: self.send(calls.users_page(limit=page_size, cursor=cursor)),
            lambda page: page.users,  # type: ignore[attr-defined]
        )

    async def delete_user(self, user_id: str) -> t.Deleted:
        """Erase everything stored about ``user_id`` (irreversible)."""
        return await self.send(calls.delete_user(user_id))

    def nodes(
        self, user_id: str, *, order: Order = "salience", page_size: int = 100
    ) -> AsyncPages[t.NodeSummary]:
        """Every memory of ``user_id`` with live salience, fetched as you iterate."""
        return AsyncPages(
            lambda cursor: self.send(
                calls.nodes_page(user_id, order=order, limit=page_size, cursor=cursor)
            ),
            lambda page: page.nodes,  # type: ignore[attr-defined]
        )

    async def node(self, user_id: str, node_id: str) -> t.NodeDetail:
        return await self.send(calls.node(user_id, node_id))

    async def delete_node(self, user_id: str, node_id: str) -> t.Deleted:
        return await self.send(calls.delete_node(user_id, node_id))

    async def entities(self, user_id: str) -> t.EntityList:
        return await self.send(calls.entities(user_id))

    async def topics(self, user_id: str) -> t.TopicList:
        return await self.send(calls.topics(user_id))

    async def export(self, user_id: str) -> t.ExportResponse:
        """Everything stored about ``user_id`` as one document (data portability)."""
        return await self.send(calls.export(user_id))

    # --- pins ---------------------------------------------------------------------------

    async def pins(self, user_id: str) -> t.PinList:
        return await self.send(calls.pins(user_id))

    async def pin(
        self,
        user_id: str,
        topic: str,
        *,
        kind: PinKind,
        note: str | None = None,
        idempotency_key: str | None = None,
    ) -> t.PinCreated:
        """``constraint``: always in the block. ``suppress``: never recalled, never stored."""
        return await self.send(
            calls.pin(user_id, topic, kind=kind, note=note, idempotency_key=idempotency_key)
        )

    async def unpin(self, user_id: str, pin_id: str) -> t.Deleted:
        return await self.send(calls.unpin(user_id, pin_id))

    # --- profile ------------------------------------------------------------------------

    async def profile(self) -> t.Profile:
        return await self.send(calls.profile())

    async def update_profile(
        self, *, preset: str | None = None, updates: Mapping[str, Any] | None = None
    ) -> t.Profile:
        """Switch to a named preset, or deep-merge ``updates`` into the active profile."""
        return await self.send(calls.update_profile(preset=preset, updates=updates))

    async def presets(self) -> t.PresetList:
        return await self.send(calls.presets())
