"""The trial lifecycle (seed: "Trial Expiration", "Trial Limits"; API.md "Trial lifecycle")."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from kapex.store.schema import TENANT_TABLES
from tests.conftest import Api


def test_trial_responses_count_down_the_days_remaining(api: Api) -> None:
    _, headers = api.tenant(f"Days {uuid.uuid4().hex[:6]}")
    assert (
        api.client.get("/api/v1/account", headers=headers).headers["X-Trial-Days-Remaining"] == "30"
    )
    api.clock.advance(timedelta(days=7, hours=12))
    assert (
        api.client.get("/api/v1/account", headers=headers).headers["X-Trial-Days-Remaining"] == "23"
    )
    api.clock.advance(timedelta(days=22, hours=11))
    assert (
        api.client.get("/api/v1/account", headers=headers).headers["X-Trial-Days-Remaining"] == "1"
    )


def test_an_expired_trial_gets_403_trial_expired_on_every_authenticated_request(api: Api) -> None:
    data = api.signup(f"Expiring {uuid.uuid4().hex[:6]}")
    headers = {"X-API-Key": data["api_key"]}
    api.clock.advance(timedelta(days=30))
    date = data["trial_ends"][:10]
    for method, path in [
        ("GET", "/api/v1/account"),
        ("GET", "/api/v1/keys"),
        ("POST", "/api/v1/query"),
    ]:
        response = api.client.request(
            method, path, headers=headers, json={"user_id": "u", "current_input": "hi"}
        )
        assert response.status_code == 403
        assert response.json() == {
            "error": {
                "code": "TRIAL_EXPIRED",
                "message": (
                    f"Your trial expired on {date}. Contact support@sandstonecloud.com to continue."
                ),
            }
        }
        assert response.headers["X-Trial-Days-Remaining"] == "0"


def test_the_support_contact_is_configurable(make_api) -> None:  # type: ignore[no-untyped-def]
    api = make_api(support_contact="help@example.org")
    _, headers = api.tenant(f"Contact {uuid.uuid4().hex[:6]}")
    api.clock.advance(timedelta(days=31))
    message = api.client.get("/api/v1/account", headers=headers).json()["error"]["message"]
    assert "help@example.org" in message


def test_an_upgrade_lifts_the_block_at_once_and_keeps_the_data(api: Api) -> None:
    tenant_id, headers = api.tenant(f"Upgrade {uuid.uuid4().hex[:6]}")
    api.client.post(
        "/api/v1/ingest",
        headers=headers,
        json={"user_id": "u1", "content": "I moved to Lisbon in May."},
    )
    api.clock.advance(timedelta(days=40))
    assert api.client.get("/api/v1/account", headers=headers).status_code == 403
    api.services.accounts.set_tier(tenant_id, "starter")
    response = api.client.get("/api/v1/account", headers=headers)
    assert response.status_code == 200
    assert response.json()["tier"] == "starter" and response.json()["status"] == "active"
    assert "X-Trial-Days-Remaining" not in response.headers
    assert response.headers["X-RateLimit-Limit"] == "120"
    nodes = api.client.get("/api/v1/users/u1/nodes", headers=headers).json()["nodes"]
    assert len(nodes) == 1


def test_an_operator_can_extend_a_trial_and_suspend_a_tenant(api: Api) -> None:
    tenant_id, headers = api.tenant(f"Ops {uuid.uuid4().hex[:6]}")
    api.clock.advance(timedelta(days=31))
    assert api.client.get("/api/v1/account", headers=headers).status_code == 403
    api.services.accounts.extend_trial(tenant_id, days=14, now=api.clock.now())
    extended = api.client.get("/api/v1/account", headers=headers)
    assert extended.status_code == 200 and extended.headers["X-Trial-Days-Remaining"] == "14"
    api.services.accounts.set_suspended(tenant_id, suspended=True)
    suspended = api.client.get("/api/v1/account", headers=headers)
    assert suspended.status_code == 403 and suspended.json()["error"]["code"] == "FORBIDDEN"
    api.services.accounts.set_suspended(tenant_id, suspended=False)
    assert api.client.get("/api/v1/account", headers=headers).status_code == 200


def _rows_of(api: Api, tenant_id: str) -> int:
    with api.services.engine.connect() as conn:
        return sum(
            len(conn.execute(select(t).where(t.c.tenant_id == tenant_id)).all())
            for t in TENANT_TABLES
        )


def test_expired_data_is_kept_thirty_days_then_purged_completely(api: Api) -> None:
    tenant_id, headers = api.tenant(f"Purge {uuid.uuid4().hex[:6]}")
    api.client.post(
        "/api/v1/ingest",
        headers=headers,
        json={"user_id": "u1", "content": "My sister Ana lives in Porto."},
    )
    api.client.post(
        "/api/v1/users/u1/pins", headers=headers, json={"topic": "peanuts", "kind": "constraint"}
    )
    api.clock.advance(timedelta(days=30 + 29))
    assert api.services.retention.purge_expired(now=api.clock.now()) == []
    assert _rows_of(api, tenant_id) > 0
    api.clock.advance(timedelta(days=1))
    assert tenant_id in api.services.retention.purge_expired(now=api.clock.now())
    assert _rows_of(api, tenant_id) == 0
    assert not api.services.cache.holds(tenant_id, "u1")
    assert api.client.get("/api/v1/account", headers=headers).status_code == 401


def test_paid_tenants_are_never_purged(api: Api) -> None:
    tenant_id, _ = api.tenant(f"Paid {uuid.uuid4().hex[:6]}")
    api.services.accounts.set_tier(tenant_id, "scale")
    api.clock.advance(timedelta(days=400))
    assert tenant_id not in api.services.retention.purge_expired(now=api.clock.now())
