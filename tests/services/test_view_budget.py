"""The index cache's byte budget, through the real app: a user too big for the whole cache
is still answered correctly (rebuilt each time), and the budget is never exceeded."""

from __future__ import annotations

from typing import Any

from tests.conftest import Api, ingest, query

CITIES = ["Porto", "Lisbon", "Madrid", "Berlin", "Oslo", "Dublin", "Vienna", "Prague"]


def test_a_user_bigger_than_the_cache_still_gets_answers(make_api: Any) -> None:
    api: Api = make_api(index_cache_mb=1)
    tenant_id, headers = api.tenant()
    api.services.accounts.set_tier(tenant_id, "scale")  # room for 151 turns a minute
    items = [
        {"content": f"My friend number {i} moved to {CITIES[i % len(CITIES)]} last year."}
        for i in range(150)
    ]
    items.append({"content": "My daughter Ana starts school in Coimbra in September."})
    for start in range(0, len(items), 100):  # a batch holds at most 100 items
        response = api.client.post(
            "/api/v1/ingest/batch",
            headers=headers,
            json={"user_id": "big", "items": items[start : start + 100]},
        )
        assert response.status_code == 201, response.text
    for _ in range(2):
        block = query(api, headers, "big", "Where will Ana go to school?")
        assert "Coimbra" in block["context"]
    assert not api.services.cache.holds(tenant_id, "big")
    assert api.services.cache.held_bytes <= 2**20


def test_a_user_that_fits_is_kept_between_requests(make_api: Any) -> None:
    api: Api = make_api(index_cache_mb=1)
    tenant_id, headers = api.tenant()
    ingest(api, headers, "small", "My daughter Ana starts school in Coimbra in September.")
    assert "Coimbra" in query(api, headers, "small", "Where will Ana go to school?")["context"]
    assert api.services.cache.holds(tenant_id, "small")
