"""Per-tenant rate limits (seed: "Rate Limits", "Rate Limit Headers", "When Rate Limited")."""

from __future__ import annotations

import asyncio
import time
import uuid

import httpx

from kapex.access.tiers import limits_for
from tests.conftest import Api


def test_every_response_reports_the_tenants_window(api: Api) -> None:
    _, headers = api.tenant(f"Hdrs {uuid.uuid4().hex[:6]}")
    first = api.client.get("/api/v1/account", headers=headers)
    second = api.client.get("/api/v1/account", headers=headers)
    assert first.headers["X-RateLimit-Limit"] == "60"
    assert int(first.headers["X-RateLimit-Remaining"]) == 59
    assert int(second.headers["X-RateLimit-Remaining"]) == 58
    reset = int(second.headers["X-RateLimit-Reset"])
    assert time.time() < reset <= time.time() + 61


def test_the_sixty_first_request_in_a_minute_is_refused_with_retry_after(api: Api) -> None:
    _, headers = api.tenant(f"Burst {uuid.uuid4().hex[:6]}")
    statuses = [api.client.get("/api/v1/account", headers=headers).status_code for _ in range(60)]
    assert statuses == [200] * 60
    refused = api.client.get("/api/v1/account", headers=headers)
    assert refused.status_code == 429
    retry = int(refused.headers["Retry-After"])
    assert 1 <= retry <= 60
    assert refused.json() == {
        "error": {
            "code": "RATE_LIMITED",
            "message": f"Rate limit exceeded. Retry after {retry} seconds.",
        }
    }
    assert refused.headers["X-RateLimit-Remaining"] == "0"


def test_all_keys_of_a_tenant_share_its_limit(api: Api) -> None:
    _, headers = api.tenant(f"Shared {uuid.uuid4().hex[:6]}")
    other = {
        "X-API-Key": api.client.post("/api/v1/keys", json={"name": "b"}, headers=headers).json()[
            "api_key"
        ]
    }
    for _ in range(59):
        assert api.client.get("/api/v1/account", headers=other).status_code == 200
    assert api.client.get("/api/v1/account", headers=headers).status_code == 429


def test_the_daily_limit_applies_and_is_reported_when_closer(api: Api) -> None:
    tenant_id, headers = api.tenant(f"Daily {uuid.uuid4().hex[:6]}")
    api.services.accounts.set_tier(
        tenant_id, "enterprise", custom_limits={"rate_limit_rpm": 1000, "rate_limit_daily": 5}
    )
    responses = [api.client.get("/api/v1/account", headers=headers) for _ in range(6)]
    assert [r.status_code for r in responses] == [200] * 5 + [429]
    assert responses[0].headers["X-RateLimit-Limit"] == "5"
    assert int(responses[-1].headers["Retry-After"]) > 60


def test_repeated_failed_authentication_from_one_address_is_rate_limited(make_api) -> None:  # type: ignore[no-untyped-def]
    api = make_api(auth_failure_limit_per_minute=5)
    codes = [
        api.client.get("/api/v1/account", headers={"X-API-Key": f"kpx_{'x' * 43}"}).status_code
        for _ in range(7)
    ]
    assert codes[:5] == [401] * 5 and codes[5:] == [429, 429]
    blocked = api.client.get("/api/v1/account", headers={"X-API-Key": f"kpx_{'y' * 43}"})
    assert blocked.status_code == 429 and blocked.headers["X-RateLimit-Limit"] == "5"


def test_unauthenticated_responses_describe_the_address_limit(make_api) -> None:  # type: ignore[no-untyped-def]
    api = make_api(auth_failure_limit_per_minute=7)
    health = api.client.get("/api/v1/health")
    assert health.headers["X-RateLimit-Limit"] == "7"
    assert health.headers["X-RateLimit-Remaining"] == "7"
    api.client.get("/api/v1/account")
    assert api.client.get("/api/v1/health").headers["X-RateLimit-Remaining"] == "6"


async def _burst(api: Api, headers: dict[str, str], count: int) -> list[int]:
    transport = httpx.ASGITransport(app=api.client.app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        responses = await asyncio.gather(
            *(client.get("/api/v1/account", headers=headers) for _ in range(count))
        )
    return [r.status_code for r in responses]


def test_a_thousand_concurrent_requests_let_exactly_sixty_through(api: Api) -> None:
    _, headers = api.tenant(f"Storm {uuid.uuid4().hex[:6]}")
    codes = asyncio.run(_burst(api, headers, 1000))
    assert codes.count(200) == 60
    assert codes.count(429) == 940


def test_others_failed_authentications_never_refuse_a_valid_key(make_api) -> None:  # type: ignore[no-untyped-def]
    # Behind a shared proxy or NAT one bad client must not lock everyone else out.
    api = make_api(auth_failure_limit_per_minute=5)
    _, headers = api.tenant()
    guesses = [
        api.client.get("/api/v1/account", headers={"X-API-Key": f"kpx_{'x' * 43}"}).status_code
        for _ in range(8)
    ]
    assert guesses == [401] * 5 + [429] * 3
    valid = api.client.get("/api/v1/account", headers=headers)
    assert valid.status_code == 200
    assert valid.headers["X-RateLimit-Limit"] == "60", "the tenant's window, not the address's"


def test_each_batch_item_counts_against_the_tenants_limits(api: Api) -> None:
    _, headers = api.tenant()
    items = [{"content": f"Note number {i} about my week."} for i in range(10)]
    response = api.client.post(
        "/api/v1/ingest/batch", headers=headers, json={"user_id": "b", "items": items}
    )
    assert response.status_code == 201, response.text
    assert response.headers["X-RateLimit-Remaining"] == "50"
    account = api.client.get("/api/v1/account", headers=headers).json()
    assert account["usage"]["requests_today"] == 11


def test_a_batch_that_does_not_fit_the_window_is_refused_whole(api: Api) -> None:
    _, headers = api.tenant()
    for _ in range(55):
        assert api.client.get("/api/v1/account", headers=headers).status_code == 200
    items = [{"content": f"Item {i} of a long import."} for i in range(10)]
    refused = api.client.post(
        "/api/v1/ingest/batch", headers=headers, json={"user_id": "b", "items": items}
    )
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert api.client.get("/api/v1/users", headers=headers).json()["users"] == []
    # A refused batch does not use the window up: single requests still fit.
    assert api.client.get("/api/v1/account", headers=headers).status_code == 200


def test_a_batch_larger_than_the_minute_window_fits_a_fresh_window(api: Api) -> None:
    _, headers = api.tenant()
    items = [{"content": f"Imported message {i}."} for i in range(100)]
    response = api.client.post(
        "/api/v1/ingest/batch", headers=headers, json={"user_id": "big", "items": items}
    )
    assert response.status_code == 201, response.text
    assert response.headers["X-RateLimit-Remaining"] == "0"
    assert api.client.get("/api/v1/account", headers=headers).status_code == 429


def test_a_request_the_minute_refuses_is_not_counted_against_the_day(api: Api) -> None:
    tenant_id, headers = api.tenant(f"Minute {uuid.uuid4().hex[:6]}")
    custom = {"rate_limit_rpm": 2, "rate_limit_daily": 100}
    api.services.accounts.set_tier(tenant_id, "enterprise", custom_limits=custom)
    responses = [api.client.get("/api/v1/account", headers=headers) for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 429, 429]
    assert [r.headers["X-RateLimit-Limit"] for r in responses] == ["2"] * 4
    assert int(responses[-1].headers["Retry-After"]) <= 60
    limits = limits_for("enterprise", custom)
    assert api.services.limiter.requests_today(tenant_id, limits) == 2
