"""Trial signup (seed: "Trial Signup Flow", "Receive Your API Key"; API.md §2)."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from sqlalchemy import func, select

from kapex.store.schema import api_keys, tenants
from tests.conftest import START, Api


def _tenant_count(api: Api) -> int:
    with api.services.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(tenants)).scalar_one())


def test_signup_needs_no_key_and_returns_the_seed_body(api: Api) -> None:
    company = f"Acme Health {uuid.uuid4().hex[:6]}"
    response = api.client.post(
        "/api/v1/trial/signup",
        json={"company_name": company, "email": "Dev@AcmeHealth.com", "name": "Jordan Park"},
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {
        "status",
        "tenant_id",
        "api_key",
        "trial_ends",
        "limits",
        "quickstart",
        "base_url",
    }
    assert body["status"] == "trial_active"
    slug = company.lower().replace(" ", "_")
    assert body["tenant_id"] == f"tn_{slug}_01"
    assert body["trial_ends"] == (START + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert body["limits"] == {
        "max_users": 25,
        "max_nodes_per_user": 5000,
        "rate_limit_rpm": 60,
        "rate_limit_daily": 10000,
        "features": "all",
    }
    assert body["base_url"] == "http://testserver/api/v1"
    assert body["quickstart"].startswith("http")
    assert re.fullmatch(r"kpx_[A-Za-z0-9_-]{43}", body["api_key"])


def test_the_same_company_name_gets_the_next_sequence_number(api: Api) -> None:
    company = f"Globex {uuid.uuid4().hex[:6]}"
    first = api.signup(company)["tenant_id"]
    second = api.signup(company)["tenant_id"]
    assert first.endswith("_01") and second.endswith("_02")
    assert first[:-3] == second[:-3]


def test_a_company_name_without_latin_letters_still_gets_a_tenant_id(api: Api) -> None:
    tenant_id = api.signup("株式会社")["tenant_id"]
    assert re.fullmatch(r"tn_tenant_\d{2}", tenant_id)


def test_the_key_is_shown_once_and_only_its_hash_is_stored(api: Api) -> None:
    data = api.signup(f"Hashco {uuid.uuid4().hex[:6]}")
    key = data["api_key"]
    with api.services.engine.connect() as conn:
        rows = conn.execute(select(api_keys).where(api_keys.c.tenant_id == data["tenant_id"])).all()
    assert len(rows) == 1
    stored = " ".join(str(v) for v in rows[0])
    assert key not in stored and key[12:] not in stored
    listed = api.client.get("/api/v1/keys", headers={"X-API-Key": key}).json()
    assert key not in str(listed)


def test_a_registered_email_conflicts_whatever_its_case(api: Api) -> None:
    email = f"Owner-{uuid.uuid4().hex[:6]}@Example.com"
    api.signup(f"First {uuid.uuid4().hex[:4]}", email=email)
    before = _tenant_count(api)
    response = api.client.post(
        "/api/v1/trial/signup",
        json={"company_name": "Second", "email": email.upper(), "name": "Sam"},
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "EMAIL_ALREADY_REGISTERED"
    assert _tenant_count(api) == before


def test_missing_or_invalid_fields_are_rejected_and_nothing_is_stored(api: Api) -> None:
    before = _tenant_count(api)
    bad_bodies = [
        {},
        {"company_name": "Acme", "name": "Jo"},
        {"company_name": "Acme", "email": "not-an-email", "name": "Jo"},
        {"company_name": "   ", "email": "a@example.com", "name": "Jo"},
        {"company_name": "Acme", "email": "a@example.com", "name": ""},
        {"company_name": 42, "email": "a@example.com", "name": "Jo"},
        {"company_name": "Acme", "email": ["a@example.com"], "name": "Jo"},
        {"company_name": "Acme\u0000", "email": "a@example.com", "name": "Jo"},
        {"company_name": "Acme", "email": "a@example.com", "name": "Jo", "plan": "free"},
    ]
    for body in bad_bodies:
        response = api.client.post("/api/v1/trial/signup", json=body)
        assert response.status_code == 400, (body, response.text)
        error = response.json()["error"]
        assert error["code"] == "VALIDATION_ERROR"
        assert error["details"] and all({"field", "problem"} <= set(d) for d in error["details"])
    assert _tenant_count(api) == before


def test_malformed_json_wrong_media_type_and_huge_bodies_store_nothing(api: Api) -> None:
    before = _tenant_count(api)
    url = "/api/v1/trial/signup"
    malformed = api.client.post(
        url, content=b'{"company_name": "Acme",', headers={"Content-Type": "application/json"}
    )
    assert malformed.status_code == 400
    assert malformed.json()["error"]["code"] == "VALIDATION_ERROR"
    lone_surrogate = api.client.post(
        url,
        content=b'{"company_name": "\\ud800", "email": "a@example.com", "name": "Jo"}',
        headers={"Content-Type": "application/json"},
    )
    assert lone_surrogate.status_code == 400
    form = api.client.post(url, data={"company_name": "Acme"})
    assert form.status_code == 415
    assert form.json()["error"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    huge = api.client.post(
        url, json={"company_name": "x" * 1_100_000, "email": "a@b.co", "name": "J"}
    )
    assert huge.status_code == 413
    assert huge.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"
    assert _tenant_count(api) == before


def test_unicode_company_names_are_kept_as_sent(api: Api) -> None:
    company = f"Café Zoë 🚀 {uuid.uuid4().hex[:4]}"
    data = api.signup(company)
    account = api.client.get("/api/v1/account", headers={"X-API-Key": data["api_key"]}).json()
    assert account["company_name"] == company
    assert data["tenant_id"].startswith("tn_cafe_zoe_")


def test_signups_are_limited_per_client_address(make_api) -> None:  # type: ignore[no-untyped-def]
    api = make_api(signup_limit_per_hour=3)
    for _ in range(3):
        api.signup(f"Burst {uuid.uuid4().hex[:6]}")
    refused = api.client.post(
        "/api/v1/trial/signup",
        json={"company_name": "Burst", "email": f"{uuid.uuid4().hex}@example.com", "name": "B"},
    )
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "RATE_LIMITED"
    retry = int(refused.headers["Retry-After"])
    assert 1 <= retry <= 3600
    assert f"Retry after {retry} seconds" in refused.json()["error"]["message"]
    assert refused.headers["X-RateLimit-Limit"] == "3"
    assert refused.headers["X-RateLimit-Remaining"] == "0"
