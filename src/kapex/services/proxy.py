"""The transparent proxy: an OpenAI-compatible chat call with the user's memory built in.

What happens to one call (``ProxyService.chat``):

1. Whose memory: the ``X-Kapex-User-Id`` header, else the request's standard ``user``
   field (neither → 400 saying which to set); the session from ``X-Kapex-Session-Id``.
2. Memory in: the latest user message's text is the query input. The user's context block
   (crisis guidance first when that message reads as a crisis), within the profile's
   budget, joins the system message (``engine.chat.with_context``). Every other part of the
   request is forwarded exactly as sent.
3. The upstream's answer goes back unchanged: whole, or chunk by chunk as it arrives when
   the caller asked for ``stream: true``.
4. Memory out, after the response has been sent (``Reply.after``, run by the route as a
   background task): the user's message and the assistant's text are ingested as one turn.
   - The user's message is written only by the call that opens the turn (the conversation
     ends with it). A call that continues a turn (its last message is a tool result) writes
     only the reply, so an agent's tool round trips do not store the message again.
   - Nothing is written for an answer that did not complete (an upstream error, a stream
     that broke off or that the caller hung up on): a client's retry then stores the
     message once, not twice.
   - A failed write is logged and counted in ``writes``, never reported to the caller,
     who already has its answer.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from kapex.access.tiers import Limits
from kapex.engine.chat import (
    StreamedReply,
    ends_with_user,
    latest_user_text,
    reply_text,
    with_context,
)
from kapex.errors import ApiError, Unavailable, UpstreamError, UpstreamTimeout, ValidationFailed
from kapex.metrics import PROXY_WRITES
from kapex.schemas.chat import ChatCompletionRequest
from kapex.schemas.common import MAX_TEXT_CHARS, USER_ID_PATTERN
from kapex.schemas.memory import QueryRequest, TurnItem
from kapex.schemas.profile import Profile
from kapex.services.ingest import IngestService
from kapex.services.recall import RecallService
from kapex.services.upstream import Upstream

log = logging.getLogger(__name__)

USER_HEADER = "X-Kapex-User-Id"
SESSION_HEADER = "X-Kapex-Session-Id"
_USER_ID = re.compile(USER_ID_PATTERN)
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_MAX_SESSION_CHARS = 128
_NOT_CONFIGURED = (
    "The proxy has no upstream LLM server. The operator sets KAPEX_PROXY_UPSTREAM_URL to an "
    "OpenAI-compatible base URL (e.g. http://127.0.0.1:11434/v1 for Ollama), plus "
    "KAPEX_PROXY_UPSTREAM_KEY if that server wants a key, and restarts KAPEX."
)


@dataclass
class WriteCounter:
    """How the background writes went since the process started (for logs and metrics)."""

    written: int = 0
    failed: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, *, ok: bool) -> None:
        with self._lock:
            if ok:
                self.written += 1
            else:
                self.failed += 1
        # The caller never sees a failed write: /metrics is where an operator does.
        PROXY_WRITES.labels("written" if ok else "failed").inc()


@dataclass(frozen=True)
class Turn:
    """What a call will write once its answer is complete."""

    tenant_id: str
    user_id: str
    session_id: str | None
    #: The user's message, or "" when this call continues a turn (module docstring).
    user_text: str
    limits: Limits
    profile: Profile
    now: datetime


@dataclass(frozen=True)
class Reply:
    """The answer to send: a whole ``body`` or a ``stream``, and what to run once it is sent.

    ``close`` releases a stream's upstream connection; the sender calls it however the
    sending ends (a caller hanging up before the stream was even started included).
    """

    status: int
    content_type: str
    body: bytes = b""
    stream: AsyncIterator[bytes] | None = None
    close: Callable[[], Awaitable[None]] | None = None
    after: Callable[[], None] | None = None


class ProxyService:
    def __init__(
        self, *, recall: RecallService, ingest: IngestService, upstream: Upstream | None
    ) -> None:
        self._recall = recall
        self._ingest = ingest
        self._upstream = upstream
        self.writes = WriteCounter()

    async def aclose(self) -> None:
        if self._upstream is not None:
            await self._upstream.aclose()

    async def models(self) -> Reply:
        """The upstream's model list, as it sent it."""
        answer = await self._require_upstream().get("/models")
        return Reply(status=answer.status, content_type=answer.content_type, body=answer.body)

    async def chat(
        self,
        tenant_id: str,
        payload: dict[str, Any],
        request: ChatCompletionRequest,
        *,
        user_header: str | None,
        session_header: str | None,
        limits: Limits,
        profile: Profile,
        now: datetime,
    ) -> Reply:
        """Answer one chat-completions call (``payload`` as sent, ``request`` its validated
        view) with the user's memory in the system message; see the module docstring."""
        upstream = self._require_upstream()
        user_id = end_user(request.user, header=user_header)
        session_id = session_of(session_header)
        messages = payload["messages"]
        text = memory_text(latest_user_text(messages))
        forwarded = dict(payload)
        if text:
            # The embedding and the ranking are CPU work: off the event loop.
            recalled = await asyncio.to_thread(
                self._recall.query,
                tenant_id,
                QueryRequest(user_id=user_id, current_input=text, session_id=session_id),
                profile=profile,
                now=now,
            )
            forwarded["messages"] = with_context(messages, recalled.context)
        turn = Turn(
            tenant_id=tenant_id,
            user_id=user_id,
            session_id=session_id,
            user_text=text if ends_with_user(messages) else "",
            limits=limits,
            profile=profile,
            now=now,
        )
        if request.stream:
            stream = await upstream.open_stream("/chat/completions", forwarded)
            reply = StreamedReply(max_chars=MAX_TEXT_CHARS)
            return Reply(
                status=stream.status,
                content_type=stream.content_type,
                stream=_relay(stream.chunks(), reply, close=stream.aclose),
                close=stream.aclose,
                after=partial(self._remember_stream, turn, reply),
            )
        answer = await upstream.post("/chat/completions", forwarded)
        return Reply(
            status=answer.status,
            content_type=answer.content_type,
            body=answer.body,
            after=partial(self._remember_answer, turn, answer.body),
        )

    def _require_upstream(self) -> Upstream:
        if self._upstream is None:
            raise Unavailable(_NOT_CONFIGURED)
        return self._upstream

    def _remember_answer(self, turn: Turn, body: bytes) -> None:
        try:
            completion = json.loads(body)
        except ValueError:
            completion = None
        self.remember(turn, reply_text(completion))

    def _remember_stream(self, turn: Turn, reply: StreamedReply) -> None:
        if not reply.complete:
            log.info("proxy: stream for user %s did not complete; nothing written", turn.user_id)
            return
        self.remember(turn, reply.text)

    def remember(self, turn: Turn, reply: str) -> None:
        """Ingest the turn's user message (if it has one) and ``reply`` (if not blank).

        Never raises: this runs after the caller has its answer, so a failure is logged and
        counted in ``writes`` instead.
        """
        items = [
            TurnItem(content=text, role=role, session_id=turn.session_id)  # type: ignore[arg-type]
            for text, role in ((turn.user_text, "user"), (memory_text(reply), "assistant"))
            if text
        ]
        if not items:
            return
        try:
            self._ingest.ingest_many(
                turn.tenant_id,
                turn.user_id,
                items,
                limits=turn.limits,
                profile=turn.profile,
                now=turn.now,
            )
        except ApiError as exc:  # a refusal such as the tier's user limit: expected, not a bug
            self.writes.count(ok=False)
            log.warning(
                "proxy: turn of user %s not written: %s %s", turn.user_id, exc.code, exc.message
            )
        except Exception:
            self.writes.count(ok=False)
            log.exception("proxy: turn of user %s not written", turn.user_id)
        else:
            self.writes.count(ok=True)


async def _relay(
    chunks: AsyncIterator[bytes],
    reply: StreamedReply,
    *,
    close: Callable[[], Awaitable[None]],
) -> AsyncIterator[bytes]:
    """Pass the upstream's bytes on as they come, reading the reply from them on the way.

    A failure after the first byte can no longer change the status line, so it ends the
    stream with an error event in KAPEX's error shape; OpenAI clients raise it as an error.
    """
    try:
        async for chunk in chunks:
            reply.feed(chunk)
            yield chunk
        reply.end()
    except (UpstreamError, UpstreamTimeout) as exc:
        reply.complete = False
        yield b"data: " + json.dumps(exc.body()).encode() + b"\n\n"
    finally:
        await close()


def end_user(field: str | None, *, header: str | None) -> str:
    """The end user whose memory a call uses: the header, else the ``user`` field."""
    if header is not None:
        if not _USER_ID.match(header):
            raise ValidationFailed(
                f"{USER_HEADER} must be 1–128 characters of letters, digits and _ . : @ -.",
                details=[{"field": USER_HEADER, "problem": "not a valid user id"}],
            )
        return header
    if field is not None:
        if not _USER_ID.match(field):
            raise ValidationFailed(
                "The request's `user` is not a valid KAPEX user id (1–128 characters of "
                f"letters, digits and _ . : @ -). Send the end user's id in the {USER_HEADER} "
                "header instead (it takes precedence), or change `user`.",
                details=[{"field": "user", "problem": "not a valid user id"}],
            )
        return field
    raise ValidationFailed(
        'Say whose memory to use: set the request\'s `user` field (e.g. user="user_123" in '
        f"client.chat.completions.create) or send the {USER_HEADER} header.",
        details=[{"field": "user", "problem": f"missing; or send {USER_HEADER}"}],
    )


def session_of(header: str | None) -> str | None:
    if header is None:
        return None
    if not 1 <= len(header) <= _MAX_SESSION_CHARS:
        raise ValidationFailed(
            f"{SESSION_HEADER} must be 1–{_MAX_SESSION_CHARS} characters.",
            details=[{"field": SESSION_HEADER, "problem": "wrong length"}],
        )
    return header


def memory_text(text: str) -> str:
    """``text`` as memory can take it: no NULs or lone surrogates (storage refuses them),
    at most ``MAX_TEXT_CHARS`` (a longer message is remembered by its start); "" if blank."""
    cleaned = _SURROGATE.sub("\ufffd", text.replace("\x00", ""))[:MAX_TEXT_CHARS]
    return cleaned if cleaned.strip() else ""
