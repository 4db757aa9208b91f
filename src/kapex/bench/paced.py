"""An HTTP client for one KAPEX tenant that paces itself to the tenant's rate limit."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

API_PREFIX = "/api/v1"
_MAX_ATTEMPTS = 8


class Paced:
    """An HTTP client for one tenant that never runs into its rate limit on purpose.

    It remembers the last ``X-RateLimit-Remaining``/``X-RateLimit-Reset`` the server sent
    and, before a request costing more than what remains, sleeps until the window resets; a
    ``429`` is retried after its ``Retry-After``. ``notify`` hears about every wait.
    """

    def __init__(
        self,
        client: httpx.Client,
        *,
        api_key: str | None = None,
        notify: Callable[[str], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = client
        self._headers = {"X-API-Key": api_key} if api_key else {}
        self._notify = notify or (lambda _message: None)
        self._sleep = sleep
        self._remaining: int | None = None
        self._reset_at: float | None = None
        self.requests = 0
        self.waited_s = 0.0

    def use_key(self, api_key: str) -> None:
        self._headers = {"X-API-Key": api_key}

    def call(
        self, method: str, path: str, body: Mapping[str, Any] | None = None, *, cost: int = 1
    ) -> httpx.Response:
        """Send one request (``cost`` is what it counts against the limit: a batch's items)."""
        for _attempt in range(_MAX_ATTEMPTS):
            self._wait_for_room(cost)
            response = self._client.request(
                method, API_PREFIX + path, json=body, headers=self._headers
            )
            self.requests += 1
            self._remember(response)
            if response.status_code != 429:
                return response
            retry_after = float(response.headers.get("Retry-After") or 1)
            self._pause(retry_after, "the server answered 429")
        return response

    def _remember(self, response: httpx.Response) -> None:
        remaining, reset = (
            response.headers.get("X-RateLimit-Remaining"),
            response.headers.get("X-RateLimit-Reset"),
        )
        if remaining is not None and reset is not None and "X-API-Key" in self._headers:
            self._remaining, self._reset_at = int(remaining), float(reset)

    def _wait_for_room(self, cost: int) -> None:
        if self._remaining is None or self._reset_at is None or self._remaining >= cost:
            return
        wait = self._reset_at - time.time() + 0.5
        if wait > 0:
            self._pause(wait, f"{self._remaining} requests left in the window, {cost} needed")
        self._remaining = None

    def _pause(self, seconds: float, why: str) -> None:
        self._notify(f"rate limit: waiting {seconds:.0f} s ({why})")
        self._sleep(seconds)
        self.waited_s += seconds
