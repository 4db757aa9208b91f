"""The operator's OpenAI-compatible LLM server, as the proxy reaches it.

Contract of ``Upstream``:
- One pooled ``httpx.AsyncClient``, opened on first use and closed by ``aclose()`` (the app's
  shutdown); a call after that opens a fresh one.
- A request carries KAPEX's own credentials (``Authorization: Bearer`` with
  ``KAPEX_PROXY_UPSTREAM_KEY``, when one is set) and nothing from the caller's headers.

  Security reasoning: the caller authenticates to KAPEX with its KAPEX key, often in the
  same ``Authorization`` header; forwarding caller headers would hand that key to a third
  party. The upstream key, for its part, never appears in a message or a log line.
- ``timeout`` bounds the connection and each wait for the next bytes of an answer: a long
  streamed answer is fine while it keeps coming; a non-streamed one must arrive whole within
  it (a generation is one wait).
- Every failure is a KAPEX error: no answer in time → ``UpstreamTimeout`` (504); no
  connection or a broken answer → ``UpstreamError`` (502); an answer outside 2xx →
  ``UpstreamError`` carrying the upstream's status and body (``errors`` decides which
  statuses are relayed as they are).
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from kapex.errors import UpstreamError, UpstreamTimeout

log = logging.getLogger(__name__)

#: Upstream error bodies are relayed up to this size (they are short; a broken upstream's
#: are not, and the caller needs their start, not megabytes).
MAX_ERROR_BODY_CHARS = 4_000


@dataclass(frozen=True)
class Answer:
    """A complete 2xx answer: its status, media type and bytes exactly as sent."""

    status: int
    content_type: str
    body: bytes


class Stream:
    """A 2xx answer still arriving; ``chunks()`` yields its bytes as they come."""

    def __init__(self, response: httpx.Response, upstream: Upstream) -> None:
        self._response = response
        self._upstream = upstream
        self.status = response.status_code
        self.content_type = response.headers.get("content-type", "text/event-stream")

    async def chunks(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.aiter_bytes():
                yield chunk
        except httpx.HTTPError as exc:
            raise self._upstream.failure(exc) from None

    async def aclose(self) -> None:
        """Release the connection (idempotent)."""
        await self._response.aclose()


class Upstream:
    """Requests to the OpenAI-compatible server at ``url`` (its base URL, e.g. ``…/v1``)."""

    def __init__(self, url: str, *, key: str | None, timeout: float) -> None:
        self._url = url.rstrip("/")
        self._headers = {"Accept": "application/json, text/event-stream"}
        if key:
            self._headers["Authorization"] = f"Bearer {key}"
        self.timeout = timeout
        self._client: httpx.AsyncClient | None = None
        parts = urlsplit(self._url)
        # For logs: where the upstream is, never the credentials a URL can carry.
        self.host = f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)

    def _http(self) -> httpx.AsyncClient:
        if self._client is None or self._client.is_closed:
            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(self.timeout), headers=self._headers
            )
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def get(self, path: str) -> Answer:
        """GET ``path`` and return the whole 2xx answer."""
        return await self._send(self._http().build_request("GET", self._url + path))

    async def post(self, path: str, payload: dict[str, Any]) -> Answer:
        """POST ``payload`` as JSON to ``path`` and return the whole 2xx answer."""
        return await self._send(self._post_request(path, payload))

    async def open_stream(self, path: str, payload: dict[str, Any]) -> Stream:
        """POST ``payload`` to ``path`` and return the 2xx answer as soon as its headers come."""
        try:
            response = await self._http().send(self._post_request(path, payload), stream=True)
        except httpx.HTTPError as exc:
            raise self.failure(exc) from None
        if not 200 <= response.status_code < 300:
            try:
                body = await response.aread()
            except httpx.HTTPError as exc:
                raise self.failure(exc) from None
            finally:
                await response.aclose()
            raise self.refusal(response.status_code, body, response.headers.get("content-type"))
        return Stream(response, self)

    def _post_request(self, path: str, payload: dict[str, Any]) -> httpx.Request:
        # ASCII escapes keep any string the caller sent (lone surrogates included) sendable.
        content = json.dumps(payload, separators=(",", ":")).encode()
        return self._http().build_request(
            "POST",
            self._url + path,
            content=content,
            headers={"Content-Type": "application/json"},
        )

    async def _send(self, request: httpx.Request) -> Answer:
        try:
            response = await self._http().send(request)
        except httpx.HTTPError as exc:
            raise self.failure(exc) from None
        content_type = response.headers.get("content-type", "application/json")
        if not 200 <= response.status_code < 300:
            raise self.refusal(response.status_code, response.content, content_type)
        return Answer(status=response.status_code, content_type=content_type, body=response.content)

    def failure(self, exc: httpx.HTTPError) -> UpstreamError | UpstreamTimeout:
        """The KAPEX error for a request that got no (complete) answer."""
        if isinstance(exc, httpx.TimeoutException):
            log.warning("upstream %s: no answer within %gs (%s)", self.host, self.timeout, exc)
            return UpstreamTimeout(
                f"The upstream LLM server did not answer within {self.timeout:g} seconds. "
                "Retry, or ask the operator to raise KAPEX_PROXY_TIMEOUT_SECONDS."
            )
        if isinstance(exc, httpx.ConnectError):
            log.warning("upstream %s: cannot connect (%s)", self.host, exc)
            return UpstreamError(
                "KAPEX could not connect to the upstream LLM server. Retry shortly; if it "
                "persists, the operator should check that the server is running and that "
                "KAPEX_PROXY_UPSTREAM_URL points at it."
            )
        log.warning("upstream %s: broken answer (%s: %s)", self.host, type(exc).__name__, exc)
        return UpstreamError(
            "The upstream LLM server broke off its answer. Retry shortly; if it persists, the "
            "operator should check the server's logs."
        )

    def refusal(self, status: int, body: bytes, content_type: str | None) -> UpstreamError:
        """The KAPEX error wrapping a non-2xx answer: its status and what it said."""
        if status in UpstreamError.NOT_RELAYED:
            # About the operator's credentials: the caller cannot fix them, and the body may
            # echo part of the upstream key, so it stays out of the response (see ``errors``).
            log.warning("upstream %s refused KAPEX's credentials: HTTP %d", self.host, status)
            return UpstreamError(
                f"The upstream LLM server refused KAPEX's credentials (HTTP {status}). The "
                "operator should check KAPEX_PROXY_UPSTREAM_KEY.",
                upstream_status=status,
            )
        if 300 <= status < 400:
            log.warning("upstream %s answered with a redirect: HTTP %d", self.host, status)
            return UpstreamError(
                f"The upstream LLM server answered with a redirect (HTTP {status}). The "
                "operator should check KAPEX_PROXY_UPSTREAM_URL (its base URL, e.g. …/v1).",
                upstream_status=status,
            )
        log.info("upstream %s answered HTTP %d", self.host, status)
        said = _parsed(body, content_type)
        detail = _message_in(said)
        message = f"The upstream LLM server answered HTTP {status}"
        return UpstreamError(
            f"{message}: {detail}" if detail else f"{message}.",
            upstream_status=status,
            upstream_body=said,
        )


def _parsed(body: bytes, content_type: str | None) -> Any:
    """The upstream's error body: its JSON when it is JSON, else its text (clipped)."""
    text = body.decode("utf-8", errors="replace")
    if "json" in (content_type or "") and len(text) <= MAX_ERROR_BODY_CHARS * 4:
        try:
            return json.loads(text)
        except ValueError:
            pass
    return text[:MAX_ERROR_BODY_CHARS] if text else None


def _message_in(said: Any) -> str:
    """The human message in an error body: OpenAI's ``error.message``, or the usual others."""
    if isinstance(said, dict):
        error = said.get("error")
        for candidate in (
            error.get("message") if isinstance(error, dict) else error,
            said.get("message"),
            said.get("detail"),
        ):
            if isinstance(candidate, str) and candidate.strip():
                return candidate.strip()[:500]
        return ""
    return said.strip()[:500] if isinstance(said, str) else ""
