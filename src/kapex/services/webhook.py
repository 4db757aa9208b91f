"""The operator's crisis webhook: a signed event, delivered in the background.

Contract of ``CrisisNotifier``:
- ``notify(...)`` never blocks and never raises: it puts the event on a bounded queue and
  returns. When the queue is full the event is dropped and a warning is logged, so a slow or
  dead receiver can never hold up or fail a request.
- One worker thread POSTs each event as JSON
  ``{"event": "crisis_detected", "event_id", "tenant_id", "user_id", "category", "node_id",
  "at", "source"}`` with ``X-Kapex-Signature: sha256=<hex HMAC-SHA256 of the raw body>`` and
  ``X-Kapex-Timestamp`` (the event time, Unix seconds). A transport error, a timeout, ``408``,
  ``429`` or a ``5xx`` is retried with exponential backoff, ``attempts`` tries in all; any
  other answer is final. ``event_id`` is the same on every try, so receivers can drop repeats.
- ``close()`` stops the worker: events still queued get one try each within ``grace``
  seconds, retries are abandoned.

Privacy reasoning: the event says *that* a message of this user was flagged and in which
category, never *what* it said: the message may carry health details and the receiver is
outside the memory's erasure guarantees. Operators look the node up through the API, where
deletion still reaches it.

Security reasoning: the signature covers the exact bytes sent, and the body carries ``at``
and ``event_id``, so a receiver that checks the signature with a constant-time comparison
and rejects old ``at`` values is safe from forged and replayed events.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import queue
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import httpx

from kapex.clock import as_utc, iso_z
from kapex.settings import Settings

__all__ = ["CrisisNotifier", "sign"]

log = logging.getLogger(__name__)

Source = Literal["ingest", "query"]
#: Seconds to wait for the receiver: connect, send and read each.
TIMEOUT_SECONDS = 5.0
ATTEMPTS = 3
#: First retry after this many seconds, doubling each time (0.5 s, 1 s).
BACKOFF_SECONDS = 0.5
#: Events waiting for delivery; beyond this they are dropped (a crisis burst must not grow
#: memory without bound while the receiver is down).
QUEUE_SIZE = 1000
_RETRY_STATUSES = frozenset({408, 429})


def sign(body: bytes, secret: str) -> str:
    """The ``X-Kapex-Signature`` value for ``body``: ``sha256=<hex HMAC-SHA256>``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class _Event:
    body: bytes
    timestamp: str
    event_id: str


_STOP = object()


class CrisisNotifier:
    """Posts crisis events to one operator URL from a background thread (module contract)."""

    def __init__(
        self,
        url: str,
        *,
        secret: str,
        timeout: float = TIMEOUT_SECONDS,
        attempts: int = ATTEMPTS,
        backoff: float = BACKOFF_SECONDS,
        queue_size: int = QUEUE_SIZE,
    ) -> None:
        if attempts < 1:
            raise ValueError("attempts must be at least 1")
        self._url = url
        self._secret = secret
        self._attempts = attempts
        self._backoff = backoff
        self._queue: queue.Queue[_Event | object] = queue.Queue(maxsize=queue_size)
        self._stopping = threading.Event()
        self._client = httpx.Client(timeout=timeout, follow_redirects=False)
        self._thread = threading.Thread(target=self._run, name="kapex-crisis-webhook", daemon=True)
        self._thread.start()

    @classmethod
    def from_settings(cls, settings: Settings) -> CrisisNotifier | None:
        """A notifier for the configured URL, or ``None`` when no webhook is configured."""
        if not settings.crisis_webhook_url:
            return None
        if not settings.crisis_webhook_secret:
            # Settings.check_safe_to_start refuses this too; never send unsigned events.
            raise ValueError("crisis_webhook_secret is required with crisis_webhook_url")
        return cls(settings.crisis_webhook_url, secret=settings.crisis_webhook_secret)

    def notify(
        self,
        *,
        tenant_id: str,
        user_id: str,
        category: str | None,
        node_id: str | None,
        source: Source,
        at: datetime,
    ) -> None:
        """Queue one event for delivery; returns at once (see the module contract)."""
        if self._stopping.is_set():
            log.warning("crisis webhook is closed; event for tenant %s dropped", tenant_id)
            return
        event_id = str(uuid.uuid4())
        payload = {
            "event": "crisis_detected",
            "event_id": event_id,
            "tenant_id": tenant_id,
            "user_id": user_id,
            "category": category,
            "node_id": node_id,
            "at": iso_z(at),
            "source": source,
        }
        event = _Event(
            body=json.dumps(payload, separators=(",", ":")).encode(),
            timestamp=str(int(as_utc(at).timestamp())),
            event_id=event_id,
        )
        try:
            self._queue.put_nowait(event)
        except queue.Full:
            log.warning(
                "crisis webhook queue is full (%d events); event %s for tenant %s dropped",
                self._queue.maxsize,
                event_id,
                tenant_id,
            )

    def close(self, *, grace: float = 2.0) -> None:
        """Stop the worker, waiting at most ``grace`` seconds for it (it is a daemon thread,
        so a receiver that hangs cannot keep the process alive)."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        # When the queue is full the worker is busy and checks ``_stopping`` after each event.
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(_STOP)
        self._thread.join(grace)
        if not self._thread.is_alive():
            self._client.close()

    # --- worker ----------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            assert isinstance(item, _Event)
            self._deliver(item)
            if self._stopping.is_set() and self._queue.empty():
                return

    def _deliver(self, event: _Event) -> None:
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "kapex-crisis-webhook",
            "X-Kapex-Signature": sign(event.body, self._secret),
            "X-Kapex-Timestamp": event.timestamp,
            "X-Kapex-Event-Id": event.event_id,
        }
        problem = ""
        for attempt in range(self._attempts):
            # Waiting on the stop event lets close() cut a backoff short.
            if attempt and self._stopping.wait(self._backoff * 2 ** (attempt - 1)):
                break
            try:
                response = self._client.post(self._url, content=event.body, headers=headers)
            except httpx.HTTPError as error:
                problem = error.__class__.__name__
                continue
            if response.is_success:
                return
            problem = f"HTTP {response.status_code}"
            if response.status_code < 500 and response.status_code not in _RETRY_STATUSES:
                break
        log.warning("crisis webhook event %s not delivered: %s", event.event_id, problem)
