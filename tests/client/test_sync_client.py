"""``Kapex`` against the real app on a real socket: every endpoint, typed, with its headers."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from datetime import UTC, datetime

import httpx
import pytest

from kapex.client import Kapex, TurnItem
from kapex.schemas import memory as wire
from tests.live import LiveServer, Reply, stub_server


def _client(live: LiveServer, **options: object) -> Kapex:
    key = live.key()
    return Kapex(key, base_url=live.url, **options)  # type: ignore[arg-type]


def test_signup_then_every_memory_endpoint_round_trips_typed(live: LiveServer) -> None:
    with Kapex(base_url=live.url, api_key="") as anonymous:
        signed = anonymous.signup("Acme Health", email="sdk@example.com", name="Jordan Park")
    assert signed.api_key.startswith("kpx_") and signed.status == "trial_active"

    with Kapex(signed.api_key, base_url=live.url) as kapex:
        stored = kapex.ingest(
            "user_001",
            "I just got promoted to engineering manager at Dataflow.",
            session_id="s1",
            metadata={"source": "sdk-test"},
        )
        assert isinstance(stored, wire.IngestResponse) and stored.node_id
        batch = kapex.ingest_batch(
            "user_001",
            [
                {"content": "My sister Maya is visiting from Porto next week."},
                TurnItem(content="Congratulations on the promotion!", role="assistant"),
            ],
        )
        assert len(batch.results) == 2 and all(r.node_id for r in batch.results)

        block = kapex.query("user_001", "How is the new job going?", max_tokens=500)
        assert "engineering manager" in block.context
        assert block.token_count <= 500 and block.memories

        turn = kapex.process("user_001", "Maya arrives on Tuesday.", session_id="s2")
        assert turn.ingested_node_ids and turn.ingested_node_ids[0]

        nodes = list(kapex.nodes("user_001"))
        assert {n.node_id for n in nodes} >= {stored.node_id, *turn.ingested_node_ids}
        detail = kapex.node("user_001", stored.node_id)
        assert detail.metadata == {"source": "sdk-test"} and "Dataflow" in detail.content
        assert [u.user_id for u in kapex.users()] == ["user_001"]
        assert kapex.entities("user_001").entities

        pin = kapex.pin("user_001", "peanut allergy", kind="constraint", note="severe")
        assert [p.pin_id for p in kapex.pins("user_001").pins] == [pin.pin_id]
        assert "peanut" in kapex.query("user_001", "What should I cook?").context
        assert kapex.unpin("user_001", pin.pin_id).pin_id == pin.pin_id

        exported = kapex.export("user_001")
        assert len(exported.nodes) == len(nodes)
        assert kapex.delete_node("user_001", stored.node_id).node_id == stored.node_id
        erased = kapex.delete_user("user_001")
        assert erased.nodes_deleted == len(nodes) - 1
        assert list(kapex.nodes("user_001")) == []


def test_account_keys_profile_and_presets(live: LiveServer) -> None:
    with _client(live) as kapex:
        account = kapex.account()
        assert account.tier == "trial" and account.limits.max_users == 25
        created = kapex.create_key("prod-backend")
        assert created.api_key.startswith("kpx_")
        assert "prod-backend" in {k.name for k in kapex.keys().keys}
        with Kapex(created.api_key, base_url=live.url) as second:
            assert second.account().tenant_id == account.tenant_id
        assert kapex.revoke_key(created.key_id).status == "revoked"

        presets = kapex.presets().presets
        assert len(presets) == 16 and presets[0].values.injection_template.max_tokens >= 50
        assert kapex.update_profile(preset="reflective").preset == "reflective"
        updated = kapex.update_profile(updates={"injection_template": {"max_tokens": 800}})
        assert updated.injection_template.max_tokens == 800
        assert kapex.profile().injection_template.max_tokens == 800
        assert kapex.health().status == "ok"


def test_every_response_carries_request_id_rate_limit_and_trial_days(live: LiveServer) -> None:
    with _client(live) as kapex:
        first = kapex.ingest("user_001", "I run every morning before work.")
        second = kapex.account()
    assert first.request_id and first.request_id != second.request_id
    assert first.rate_limit is not None and second.rate_limit is not None
    assert first.rate_limit.limit == 60
    assert second.rate_limit.remaining == first.rate_limit.remaining - 1
    assert first.trial_days_remaining == 30
    assert first.meta.status_code == 201 and first.meta.attempts == 1
    assert first.meta.idempotency_key and second.meta.idempotency_key is None


def test_nodes_are_fetched_page_by_page_as_the_loop_advances(live: LiveServer) -> None:
    requests: list[httpx.Request] = []
    http = httpx.Client(event_hooks={"request": [requests.append]})
    with _client(live, http_client=http) as kapex:
        kapex.ingest_batch(
            "user_001", [{"content": f"Note {i}: the tomato plant grew again."} for i in range(7)]
        )
        requests.clear()
        listing = kapex.nodes("user_001", order="recent", page_size=3)
        assert requests == []  # nothing is fetched before the loop starts
        first = next(iter(listing))
        assert len(requests) == 1 and first.summary
        everything = listing.to_list()
        pages = list(listing.pages())
    assert len(everything) == 7 and len({n.node_id for n in everything}) == 7
    assert [len(p.nodes) for p in pages] == [3, 3, 1]  # type: ignore[attr-defined]
    assert all(p.request_id for p in pages)  # type: ignore[attr-defined]
    assert not http.is_closed  # an injected client is the caller's to close
    http.close()


def test_timestamps_and_roles_reach_the_server(live: LiveServer) -> None:
    when = datetime(2023, 5, 8, 13, 56, tzinfo=UTC)
    with _client(live) as kapex:
        stored = kapex.ingest(
            "user_001", "We adopted a puppy called Biscuit.", timestamp=when, role="user"
        )
        answer = kapex.ingest("user_001", "What a lovely name for a puppy!", role="assistant")
        detail = kapex.node("user_001", stored.node_id)
        reply = kapex.node("user_001", answer.node_id)
    assert detail.event_time.startswith("2023-05-08")
    assert reply.role == "assistant"


def test_the_client_reads_its_configuration_from_the_environment(
    live: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KAPEX_API_KEY", live.key())
    monkeypatch.setenv("KAPEX_BASE_URL", live.url + "/")
    with Kapex() as kapex:
        assert kapex.base_url == live.url
        assert kapex.account().tier == "trial"
        assert "kpx_" not in repr(kapex)


def test_the_one_liner_returns_the_context_string(live: LiveServer) -> None:
    script = (
        "import kapex\n"
        "print(repr(kapex.process('user_42', 'My daughter Lina starts school in September.')))\n"
        "print(repr(kapex.process('user_42', 'What should I pack for Lina?', 's')))\n"
    )
    env = {**os.environ, "KAPEX_API_KEY": live.key(), "KAPEX_BASE_URL": live.url}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    first, second = (ast.literal_eval(line) for line in done.stdout.splitlines())
    assert first == ""  # nothing remembered yet
    assert "Lina" in second and "September" in second


def test_topics_reads_the_users_topics_listing() -> None:
    # The topics endpoint arrives with the ranking work (GET /users/{id}/topics); until this
    # branch meets it, a stub server stands in to pin down the path and the typed result.
    listing = {
        "user_id": "user:7",
        "topics": [{"topic_id": "t1", "label": "choir rehearsals", "node_count": 4}],
    }
    with (
        stub_server(lambda _got: Reply(body=listing)) as stub,
        Kapex("kpx_" + "a" * 43, base_url=stub.origin + "/api/v1") as kapex,
    ):
        topics = kapex.topics("user:7")
        [request] = stub.received
    assert request.method == "GET" and request.path == "/api/v1/users/user:7/topics"
    assert topics.topics[0].label == "choir rehearsals"
    assert topics.topics[0].model_extra == {"topic_id": "t1", "node_count": 4}
