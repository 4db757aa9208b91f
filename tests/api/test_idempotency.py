"""``Idempotency-Key``: a retried or duplicated ingest is stored exactly once.

The database arbitrates: the key is claimed by an insert under the table's primary key, and
the turn's node and the completed idempotency record commit in one transaction. These tests
race real requests through the real app on both backends.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from kapex.services.ingest import IDEMPOTENCY_LEASE
from kapex.store.idempotency import IdempotencyStore
from tests.conftest import Api


def _nodes(api: Api, headers: dict[str, str], user: str) -> list[dict[str, Any]]:
    response = api.client.get(f"/api/v1/users/{user}/nodes", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["nodes"]  # type: ignore[no-any-return]


def _race(api: Api, requests: list[tuple[str, dict[str, str], dict[str, Any]]]) -> list[Any]:
    """Send every request at the same moment from its own thread; responses in order."""
    barrier = threading.Barrier(len(requests))
    results: list[Any] = [None] * len(requests)

    def send(index: int) -> None:
        path, headers, body = requests[index]
        barrier.wait()
        results[index] = api.client.post(path, headers=headers, json=body)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_simultaneous_requests_with_one_key_store_the_turn_once(api: Api) -> None:
    _, headers = api.tenant()
    for round_ in range(8):
        user = f"race{round_}"
        keyed = {**headers, "Idempotency-Key": f"race-{round_}"}
        body = {"user_id": user, "content": f"I started learning the cello, round {round_}."}
        responses = _race(api, [("/api/v1/ingest", keyed, body)] * 4)
        codes = [r.status_code for r in responses]
        assert set(codes) <= {201, 409}, [r.text for r in responses]
        stored = [r.json() for r in responses if r.status_code == 201]
        assert stored, codes
        assert all(s == stored[0] for s in stored)
        for refused in (r for r in responses if r.status_code == 409):
            assert refused.json()["error"]["code"] == "REQUEST_IN_PROGRESS"
            assert int(refused.headers["Retry-After"]) >= 1
        nodes = _nodes(api, headers, user)
        assert [n["node_id"] for n in nodes] == [stored[0]["node_id"]]
        # Once the first has finished, every retry gets its response.
        again = api.client.post("/api/v1/ingest", headers=keyed, json=body)
        assert again.status_code == 201 and again.json() == stored[0]


def test_a_batch_with_a_key_is_stored_once_and_replayed(api: Api) -> None:
    _, headers = api.tenant()
    keyed = {**headers, "Idempotency-Key": "batch-1"}
    body = {
        "user_id": "batcher",
        "items": [{"content": "My sister Maya lives in Lisbon."}, {"content": "I love tennis."}],
    }
    responses = _race(api, [("/api/v1/ingest/batch", keyed, body)] * 3)
    assert {r.status_code for r in responses} <= {201, 409}
    first = next(r.json() for r in responses if r.status_code == 201)
    again = api.client.post("/api/v1/ingest/batch", headers=keyed, json=body)
    assert again.status_code == 201 and again.json() == first
    assert len(_nodes(api, headers, "batcher")) == 2
    single = api.client.post(
        "/api/v1/ingest", headers=keyed, json={"user_id": "batcher", "content": "I love tennis."}
    )
    assert single.status_code == 400, "a key used for a batch cannot be reused for one turn"


def test_a_request_in_flight_answers_409_with_retry_after(api: Api) -> None:
    tenant_id, headers = api.tenant()
    store = IdempotencyStore(api.services.engine)
    body = {"user_id": "inflight", "content": "I am moving to Porto next spring."}
    # Another worker has claimed the key and is still working on it.
    claim = store.claim(
        tenant_id,
        "busy-1",
        user_id="inflight",
        request_hash=_hash_of_single(body),
        now=api.clock.now(),
        lease=IDEMPOTENCY_LEASE,
    )
    assert claim.owned
    response = api.client.post(
        "/api/v1/ingest", headers={**headers, "Idempotency-Key": "busy-1"}, json=body
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "REQUEST_IN_PROGRESS"
    assert 1 <= int(response.headers["Retry-After"]) <= IDEMPOTENCY_LEASE.total_seconds()
    assert _nodes(api, headers, "inflight") == []


def test_a_claim_abandoned_by_a_crashed_worker_is_taken_over_after_its_lease(api: Api) -> None:
    tenant_id, headers = api.tenant()
    store = IdempotencyStore(api.services.engine)
    body = {"user_id": "crashed", "content": "We adopted a puppy called Pepper."}
    store.claim(
        tenant_id,
        "crash-1",
        user_id="crashed",
        request_hash=_hash_of_single(body),
        now=api.clock.now(),
        lease=IDEMPOTENCY_LEASE,
    )
    api.clock.advance(IDEMPOTENCY_LEASE + timedelta(seconds=1))
    keyed = {**headers, "Idempotency-Key": "crash-1"}
    first = api.client.post("/api/v1/ingest", headers=keyed, json=body)
    assert first.status_code == 201, first.text
    again = api.client.post("/api/v1/ingest", headers=keyed, json=body)
    assert again.json() == first.json()
    assert len(_nodes(api, headers, "crashed")) == 1


def test_keys_expire_after_a_day(api: Api) -> None:
    _, headers = api.tenant()
    keyed = {**headers, "Idempotency-Key": "daily"}
    body = {"user_id": "daily", "content": "I ran five kilometres this morning."}
    first = api.client.post("/api/v1/ingest", headers=keyed, json=body)
    api.clock.advance(timedelta(hours=24, seconds=1))
    later = api.client.post("/api/v1/ingest", headers=keyed, json=body)
    assert later.status_code == 201
    assert later.json()["node_id"] != first.json()["node_id"]
    assert len(_nodes(api, headers, "daily")) == 2


def test_an_over_long_key_is_refused(api: Api) -> None:
    _, headers = api.tenant()
    response = api.client.post(
        "/api/v1/ingest",
        headers={**headers, "Idempotency-Key": "k" * 256},
        json={"user_id": "u", "content": "hello there"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


def _hash_of_single(body: dict[str, Any]) -> str:
    from kapex.schemas.memory import IngestRequest
    from kapex.services.ingest import request_fingerprint

    return request_fingerprint("ingest", IngestRequest.model_validate(body).model_dump(mode="json"))
