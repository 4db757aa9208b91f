"""Several keys per tenant, shown once, revocable at once (seed: "Security Best Practices")."""

from __future__ import annotations

import uuid

from tests.conftest import Api


def test_a_tenant_can_hold_several_keys_for_teams_and_environments(api: Api) -> None:
    _, headers = api.tenant(f"Multi {uuid.uuid4().hex[:6]}")
    created = api.client.post("/api/v1/keys", json={"name": "prod-backend"}, headers=headers)
    assert created.status_code == 201
    body = created.json()
    assert set(body) == {"key_id", "name", "api_key", "prefix", "created_at"}
    assert body["api_key"].startswith(body["prefix"]) and body["name"] == "prod-backend"
    assert (
        api.client.get("/api/v1/account", headers={"X-API-Key": body["api_key"]}).status_code == 200
    )
    listing = api.client.get("/api/v1/keys", headers=headers).json()["keys"]
    assert {k["name"] for k in listing} == {"default", "prod-backend"}
    assert all(
        "api_key" not in k and set(k) == {"key_id", "name", "prefix", "created_at", "last_used_at"}
        for k in listing
    )


def test_a_revoked_key_fails_on_the_very_next_request(api: Api) -> None:
    _, headers = api.tenant(f"Revoke {uuid.uuid4().hex[:6]}")
    extra = api.client.post("/api/v1/keys", json={"name": "ci"}, headers=headers).json()
    other = {"X-API-Key": extra["api_key"]}
    assert api.client.get("/api/v1/account", headers=other).status_code == 200
    revoked = api.client.delete(f"/api/v1/keys/{extra['key_id']}", headers=headers)
    assert revoked.json() == {"status": "revoked", "key_id": extra["key_id"]}
    assert api.client.get("/api/v1/account", headers=other).status_code == 401
    assert api.client.get("/api/v1/account", headers=headers).status_code == 200


def test_rotation_is_create_deploy_revoke(api: Api) -> None:
    _, old = api.tenant(f"Rotate {uuid.uuid4().hex[:6]}")
    old_id = api.client.get("/api/v1/keys", headers=old).json()["keys"][0]["key_id"]
    new = {
        "X-API-Key": api.client.post("/api/v1/keys", json={"name": "v2"}, headers=old).json()[
            "api_key"
        ]
    }
    assert api.client.delete(f"/api/v1/keys/{old_id}", headers=new).status_code == 200
    assert api.client.get("/api/v1/account", headers=old).status_code == 401
    assert api.client.get("/api/v1/account", headers=new).status_code == 200


def test_a_tenant_cannot_see_or_revoke_another_tenants_keys(api: Api) -> None:
    _, mine = api.tenant(f"Mine {uuid.uuid4().hex[:6]}")
    _, theirs = api.tenant(f"Theirs {uuid.uuid4().hex[:6]}")
    their_key_id = api.client.get("/api/v1/keys", headers=theirs).json()["keys"][0]["key_id"]
    response = api.client.delete(f"/api/v1/keys/{their_key_id}", headers=mine)
    assert response.status_code == 404
    assert api.client.get("/api/v1/account", headers=theirs).status_code == 200
    assert their_key_id not in str(api.client.get("/api/v1/keys", headers=mine).json())


def test_key_creation_validates_its_body(api: Api) -> None:
    _, headers = api.tenant(f"Keyval {uuid.uuid4().hex[:6]}")
    for body in ({}, {"name": ""}, {"name": 5}, {"name": "x" * 500}):
        response = api.client.post("/api/v1/keys", json=body, headers=headers)
        assert response.status_code in (400, 413), body
    assert len(api.client.get("/api/v1/keys", headers=headers).json()["keys"]) == 1


def test_the_account_endpoint_describes_the_tenant(api: Api) -> None:
    tenant_id, headers = api.tenant(f"Acct {uuid.uuid4().hex[:6]}")
    body = api.client.get("/api/v1/account", headers=headers).json()
    assert body["tenant_id"] == tenant_id
    assert body["tier"] == "trial" and body["status"] == "trial_active"
    assert body["limits"]["rate_limit_rpm"] == 60
    assert body["usage"] == {"users": 0, "requests_today": 1}
