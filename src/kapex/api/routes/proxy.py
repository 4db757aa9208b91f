"""The OpenAI-compatible proxy: ``base_url=…/api/v1/proxy`` in any OpenAI client.

The one place outside MCP where ``Authorization: Bearer kpx_…`` authenticates (OpenAI
clients send their key no other way); ``X-API-Key`` works too.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import ValidationError
from starlette.background import BackgroundTask
from starlette.types import Receive, Scope, Send

from kapex.api.deps import KeyOrBearerCallerDep, NowDep, ServicesDep, read_body
from kapex.api.errors import from_pydantic_errors
from kapex.errors import ValidationFailed
from kapex.schemas.chat import ChatCompletionRequest
from kapex.services.profiles import profile_of
from kapex.services.proxy import SESSION_HEADER, USER_HEADER, Reply

router = APIRouter(prefix="/proxy")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


async def chat_body(
    request: Request, _caller: KeyOrBearerCallerDep, services: ServicesDep
) -> tuple[dict[str, Any], ChatCompletionRequest]:
    """The body as sent (to forward) and its validated view (to read), after authentication."""
    raw = await read_body(request, max_bytes=services.settings.proxy_max_body_bytes)
    try:
        payload = json.loads(raw, parse_constant=_no_constant)
    except ValueError:
        raise ValidationFailed("The body is not valid JSON.") from None
    if not isinstance(payload, dict):
        raise ValidationFailed("The body must be a JSON object (a chat-completions request).")
    try:
        return payload, ChatCompletionRequest.model_validate(payload)
    except ValidationError as exc:
        raise from_pydantic_errors(list(exc.errors(include_url=False))) from None


@router.post("/chat/completions")
async def chat_completions(
    caller: KeyOrBearerCallerDep,
    body: Annotated[tuple[dict[str, Any], ChatCompletionRequest], Depends(chat_body)],
    services: ServicesDep,
    now: NowDep,
    user_id: Annotated[str | None, Header(alias=USER_HEADER)] = None,
    session_id: Annotated[str | None, Header(alias=SESSION_HEADER)] = None,
) -> Response:
    payload, request = body
    reply = await services.proxy.chat(
        caller.tenant.tenant_id,
        payload,
        request,
        user_header=user_id,
        session_header=session_id,
        limits=caller.limits,
        profile=profile_of(caller.tenant),
        now=now,
    )
    return _response(reply)


@router.get("/models")
async def models(_caller: KeyOrBearerCallerDep, services: ServicesDep) -> Response:
    return _response(await services.proxy.models())


class _Relay(StreamingResponse):
    """A streamed answer that releases its upstream connection however sending ends.

    The stream's own ``finally`` covers most endings, but a caller that hangs up before the
    first chunk leaves a generator that never started, with no ``finally`` to run, and the
    pooled upstream connection would stay taken.
    """

    def __init__(self, reply: Reply, *, background: BackgroundTask | None) -> None:
        assert reply.stream is not None
        super().__init__(
            reply.stream,
            status_code=reply.status,
            media_type=reply.content_type,
            # Proxies in front of KAPEX (nginx) must pass each event on as it comes.
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
            background=background,
        )
        self._close = reply.close

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            if self._close is not None:
                await self._close()


def _response(reply: Reply) -> Response:
    """The upstream's answer as it came; the memory write runs after the last byte is sent."""
    after = BackgroundTask(reply.after) if reply.after else None
    if reply.stream is None:
        return Response(
            reply.body, status_code=reply.status, media_type=reply.content_type, background=after
        )
    return _Relay(reply, background=after)
