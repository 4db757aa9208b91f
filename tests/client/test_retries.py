"""The retry rule against real servers: 429 from a tenant at its limit (PostgreSQL + Redis),
503s and dropped connections from a real proxy in front of KAPEX, and idempotent writes that
are stored once however many times they are sent."""

from __future__ import annotations

import asyncio
import itertools
import random

import pytest
import redis

from kapex.client import AsyncKapex, ConnectionFailed, Kapex, RateLimited, Unavailable
from kapex.client.transport import ClientConfig, RetryPolicy
from tests.client.faults import faulty_proxy
from tests.live import LiveServer, free_port


def _nodes(live: LiveServer, key: str, user: str) -> int:
    with Kapex(key, base_url=live.url) as kapex:
        return len(list(kapex.nodes(user)))


def _tenant_at_its_limit(live: LiveServer, *, rpm: int) -> tuple[str, str]:
    signed = live.signup()
    live.services.accounts.set_tier(
        signed["tenant_id"], "enterprise", custom_limits={"rate_limit_rpm": rpm}
    )
    key = signed["api_key"]
    with Kapex(key, base_url=live.url, max_retries=0) as kapex:
        for _ in range(rpm):
            kapex.account()
        with pytest.raises(RateLimited):
            kapex.account()
    return signed["tenant_id"], key


@pytest.mark.slow
def test_a_rate_limited_write_waits_for_retry_after_then_is_stored_once(make_live: object) -> None:
    live = make_live(shared=True)  # type: ignore[operator]
    tenant, key = _tenant_at_its_limit(live, rpm=3)
    # The window would last a minute; shorten it in Redis so the test waits two seconds.
    store = redis.Redis.from_url(live.services.settings.redis_url)
    [window] = [k for k in store.keys("*kapex-rpm*") if tenant.encode() in k]
    store.expire(window, 2)

    with Kapex(key, base_url=live.url, max_retries=3) as kapex:
        stored = kapex.ingest("u1", "I started learning Portuguese.")
    assert stored.node_id and stored.meta.attempts >= 2
    assert stored.rate_limit is not None and stored.rate_limit.remaining == 2
    assert _nodes(live, key, "u1") == 1


def test_rate_limited_after_the_retries_carries_retry_after(make_live: object) -> None:
    live = make_live()  # type: ignore[operator]
    _tenant, key = _tenant_at_its_limit(live, rpm=2)
    with (
        Kapex(key, base_url=live.url, max_retries=1, max_retry_wait=0.5) as kapex,
        pytest.raises(RateLimited) as refused,
    ):
        kapex.ingest("u1", "This is refused.")
    assert refused.value.retry_after is not None and 1 <= refused.value.retry_after <= 60
    assert refused.value.meta.attempts == 1  # the wait exceeded max_retry_wait: no sleep
    assert refused.value.request_id and refused.value.status_code == 429


def test_a_write_answered_503_after_it_was_stored_is_not_stored_twice(live: LiveServer) -> None:
    key = live.key()
    with (
        faulty_proxy(live, ["stored-then-503", "stored-then-503"]) as proxy,
        Kapex(key, base_url=proxy.origin + "/api/v1", max_retries=2) as kapex,
    ):
        stored = kapex.ingest("u1", "My brother Teo got married in June.")
    sent = [r for r in proxy.received if r.path == "/api/v1/ingest"]
    assert len(sent) == 3 and stored.meta.attempts == 3
    assert {r.headers["idempotency-key"] for r in sent} == {stored.meta.idempotency_key}
    # Retry-After: 1 was honoured between attempts.
    assert all(later.at - earlier.at >= 0.95 for earlier, later in itertools.pairwise(sent))
    assert _nodes(live, key, "u1") == 1


def test_a_dropped_connection_is_retried_and_the_batch_stored_once(live: LiveServer) -> None:
    key = live.key()
    items = [{"content": f"Step {i} of the sourdough recipe works."} for i in range(3)]
    with (
        faulty_proxy(live, ["stored-then-drop"]) as proxy,
        Kapex(key, base_url=proxy.origin + "/api/v1") as kapex,
    ):
        answer = kapex.ingest_batch("u1", items)
    assert len(answer.results) == 3 and answer.meta.attempts == 2
    assert _nodes(live, key, "u1") == 3


def test_process_retried_after_503_stores_the_turn_once(live: LiveServer) -> None:
    key = live.key()
    with (
        faulty_proxy(live, ["stored-then-503"]) as proxy,
        Kapex(key, base_url=proxy.origin + "/api/v1") as kapex,
    ):
        turn = kapex.process("u1", "I'm nervous about Friday's exam.", response="Good luck!")
    assert turn.meta.attempts == 2 and len(turn.ingested_node_ids) == 2
    assert _nodes(live, key, "u1") == 2


def test_reads_are_retried_without_an_idempotency_key(live: LiveServer) -> None:
    key = live.key()
    with (
        faulty_proxy(live, ["503", "503-no-retry-after"]) as proxy,
        Kapex(key, base_url=proxy.origin + "/api/v1", max_retries=2) as kapex,
    ):
        account = kapex.account()
    assert account.meta.attempts == 3 and account.tier == "trial"
    assert all("idempotency-key" not in r.headers for r in proxy.received)


def test_503_beyond_the_retries_raises_unavailable(live: LiveServer) -> None:
    with (
        faulty_proxy(live, ["503", "503", "503"]) as proxy,
        Kapex(live.key(), base_url=proxy.origin + "/api/v1", max_retries=1) as kapex,
        pytest.raises(Unavailable) as down,
    ):
        kapex.account()
    assert down.value.retry_after == 1 and down.value.meta.attempts == 2
    assert len(proxy.received) == 2


def test_a_retry_after_longer_than_the_cap_fails_at_once(live: LiveServer) -> None:
    with (
        faulty_proxy(live, ["429-long"]) as proxy,
        Kapex(live.key(), base_url=proxy.origin + "/api/v1", max_retry_wait=60) as kapex,
        pytest.raises(RateLimited) as refused,
    ):
        kapex.ingest("u1", "Refused for the day.")
    assert refused.value.retry_after == 3600 and len(proxy.received) == 1


def test_other_errors_are_never_retried(live: LiveServer) -> None:
    with (
        faulty_proxy(live, ["500"]) as proxy,
        Kapex(live.key(), base_url=proxy.origin + "/api/v1", max_retries=3) as kapex,
        pytest.raises(Exception, match="INTERNAL_ERROR"),
    ):
        kapex.account()
    assert len(proxy.received) == 1


def test_nobody_listening_is_retried_then_reported() -> None:
    closed = f"http://127.0.0.1:{free_port()}/api/v1"
    with (
        Kapex("kpx_" + "a" * 43, base_url=closed, max_retries=2) as kapex,
        pytest.raises(ConnectionFailed, match="Could not reach KAPEX"),
    ):
        kapex.account()


def test_the_async_client_follows_the_same_rule(live: LiveServer) -> None:
    key = live.key()

    async def scenario() -> tuple[int, str | None]:
        async with AsyncKapex(key, base_url=proxy.origin + "/api/v1") as kapex:
            stored = await kapex.ingest("u1", "We booked a trip to Kyoto for April.")
            return stored.meta.attempts, stored.node_id

    with faulty_proxy(live, ["stored-then-503", "stored-then-drop"]) as proxy:
        attempts, node = asyncio.run(scenario())
    assert attempts == 3 and node
    keys = {r.headers["idempotency-key"] for r in proxy.received if r.method == "POST"}
    assert len(keys) == 1
    assert _nodes(live, key, "u1") == 1


def test_backoff_is_exponential_capped_and_jittered() -> None:
    config = ClientConfig.resolve(
        api_key="k", base_url=None, timeout=None, max_retries=10, max_retry_wait=None
    )
    policy = RetryPolicy(config, rng=random.Random(7))
    waits = [policy.wait_after_status(503, None, attempt=n) for n in range(1, 9)]
    assert all(w is not None for w in waits)
    for attempt, wait in enumerate(waits, start=1):
        ceiling = min(8.0, 0.5 * 2 ** (attempt - 1))
        assert ceiling / 2 <= wait <= ceiling  # type: ignore[operator]
    assert len({round(w, 6) for w in waits[-4:]}) == 4  # jitter: capped waits still differ
    assert policy.wait_after_status(400, None, attempt=1) is None
    assert policy.wait_after_status(429, 30, attempt=1) == 30.0
    assert policy.wait_after_status(429, 61, attempt=1) is None
    assert policy.wait_after_status(503, None, attempt=11) is None
