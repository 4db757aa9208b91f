"""``Idempotency-Key`` on the multi-turn writes: a retried batch or process call stores nothing
new and answers as the first time; the key cannot be replayed on another endpoint."""

from __future__ import annotations

from tests.conftest import Api


def _count(api: Api, headers: dict[str, str], user: str) -> int:
    listed = api.client.get(f"/api/v1/users/{user}/nodes?limit=500", headers=headers)
    return len(listed.json()["nodes"])


def test_a_retried_batch_is_stored_once_and_answered_the_same(api: Api) -> None:
    _, headers = api.tenant()
    body = {
        "user_id": "u1",
        "items": [{"content": "I moved to Lisbon in May."}, {"content": "I teach yoga."}],
    }
    keyed = {**headers, "Idempotency-Key": "batch-1"}
    first = api.client.post("/api/v1/ingest/batch", headers=keyed, json=body)
    again = api.client.post("/api/v1/ingest/batch", headers=keyed, json=body)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert _count(api, headers, "u1") == 2
    changed = {**body, "items": [{"content": "Something else."}]}
    reused = api.client.post("/api/v1/ingest/batch", headers=keyed, json=changed)
    assert reused.status_code == 400 and "Idempotency-Key" in reused.json()["error"]["message"]


def test_a_retried_process_call_stores_the_turn_once(api: Api) -> None:
    _, headers = api.tenant()
    body = {"user_id": "u1", "message": "My cat Miso is sick.", "response": "I'm sorry."}
    keyed = {**headers, "Idempotency-Key": "turn-1"}
    first = api.client.post("/api/v1/process", headers=keyed, json=body)
    again = api.client.post("/api/v1/process", headers=keyed, json=body)
    assert first.status_code == again.status_code == 200
    assert again.json()["ingested_node_ids"] == first.json()["ingested_node_ids"]
    assert _count(api, headers, "u1") == 2


def test_one_key_cannot_replay_across_endpoints(api: Api) -> None:
    _, headers = api.tenant()
    keyed = {**headers, "Idempotency-Key": "shared"}
    single = {"user_id": "u1", "content": "I play the cello."}
    assert api.client.post("/api/v1/ingest", headers=keyed, json=single).status_code == 201
    batch = {"user_id": "u1", "items": [{"content": "I play the cello."}]}
    crossed = api.client.post("/api/v1/ingest/batch", headers=keyed, json=batch)
    assert crossed.status_code == 400
    assert _count(api, headers, "u1") == 1
