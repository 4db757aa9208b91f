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


_TRIGGERS = {
    "sqlite": [
        "CREATE TRIGGER crash_on_record_insert BEFORE INSERT ON idempotency "
        "WHEN NEW.response LIKE '%node_id%' BEGIN SELECT RAISE(ABORT, 'injected crash'); END",
        "CREATE TRIGGER crash_on_record_update BEFORE UPDATE ON idempotency "
        "WHEN NEW.response LIKE '%node_id%' BEGIN SELECT RAISE(ABORT, 'injected crash'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION crash_on_record() RETURNS trigger AS $$ BEGIN "
        "IF NEW.response::text LIKE '%node_id%' THEN RAISE EXCEPTION 'injected crash'; "
        "END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER crash_on_record BEFORE INSERT OR UPDATE ON idempotency "
        "FOR EACH ROW EXECUTE FUNCTION crash_on_record()",
    ],
}
_DROP = {
    "sqlite": ["DROP TRIGGER crash_on_record_insert", "DROP TRIGGER crash_on_record_update"],
    "postgresql": ["DROP TRIGGER crash_on_record ON idempotency", "DROP FUNCTION crash_on_record"],
}


def test_a_crash_while_recording_the_key_stores_nothing_so_the_retry_stores_once(
    api: Api,
) -> None:
    # The database itself fails the write of the key's record (as a killed worker would
    # leave it unwritten): the turn must not have been committed without it.
    from sqlalchemy import text

    _, headers = api.tenant()
    engine = api.services.engine
    dialect = engine.dialect.name
    keyed = {**headers, "Idempotency-Key": "crash-record"}
    body = {"user_id": "atomic", "content": "I signed the lease on a flat by the river."}
    with engine.begin() as conn:
        for statement in _TRIGGERS[dialect]:
            conn.execute(text(statement))
    try:
        crashed = api.client.post("/api/v1/ingest", headers=keyed, json=body)
        assert crashed.status_code >= 500
    finally:
        with engine.begin() as conn:
            for statement in _DROP[dialect]:
                conn.execute(text(statement))
    retried = api.client.post("/api/v1/ingest", headers=keyed, json=body)
    assert retried.status_code == 201, retried.text
    assert [n["node_id"] for n in _nodes(api, headers, "atomic")] == [retried.json()["node_id"]]
