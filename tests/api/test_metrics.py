"""``/metrics``: Prometheus text with route templates, stages and decisions, never ids."""

from __future__ import annotations

import asyncio
import re

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import Api, ingest, query


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _value(text: str, name: str, **labels: str) -> float:
    return _samples(text).get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_stages_models_cache_and_limits_are_counted(api: Api) -> None:
    tenant_id, headers = api.tenant()
    before = api.client.get("/metrics").text
    ingest(api, headers, "metric-user", "My brother Tom moved to Oslo for a new job.")
    query(api, headers, "metric-user", "Where does Tom live?")
    api.client.get("/api/v1/users/metric-user/nodes/not-a-node", headers=headers)
    response = api.client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    after = response.text
    route = {"method": "POST", "route": "/api/v1/ingest", "status": "201"}
    assert _value(after, "kapex_http_requests_total", **route) == (
        _value(before, "kapex_http_requests_total", **route) + 1
    )
    assert _value(after, "kapex_http_request_duration_seconds_count", **route) >= 1
    not_found = {
        "method": "GET",
        "route": "/api/v1/users/{user_id}/nodes/{node_id}",
        "status": "404",
    }
    assert _value(after, "kapex_http_requests_total", **not_found) >= 1
    for model in ("embedder", "entities", "sentiment"):
        assert _value(after, "kapex_model_seconds_count", model=model) > 0
    assert _value(after, "kapex_stage_seconds_count", path="ingest", stage="write") > 0
    assert _value(after, "kapex_stage_seconds_count", path="ingest", stage="turn") > 0
    assert _value(after, "kapex_index_cache_total", result="hit") > 0
    assert _value(after, "kapex_rate_limit_decisions_total", kind="tenant", decision="allowed") > 0
    # Nothing that identifies a tenant, a user, a key or what they said.
    for secret in (tenant_id, "metric-user", headers["X-API-Key"], "Oslo", "not-a-node"):
        assert secret not in after


def test_metrics_are_served_to_this_machine_only_without_a_token(api: Api) -> None:
    async def get(client: tuple[str, int], **headers: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=api.client.app, client=client)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            return await http.get("/metrics", headers=headers)

    assert asyncio.run(get(("127.0.0.1", 5000))).status_code == 200
    outside = asyncio.run(get(("203.0.113.7", 5000)))
    assert outside.status_code == 403 and "KAPEX_METRICS_TOKEN" in outside.text
    # A request relayed by a local proxy for an outside client is from outside.
    relayed = asyncio.run(get(("127.0.0.1", 5000), **{"X-Forwarded-For": "203.0.113.7"}))
    assert relayed.status_code == 403


def test_a_metrics_token_admits_any_address_that_presents_it(make_api) -> None:  # type: ignore[no-untyped-def]
    api = make_api(metrics_token="scrape-token-0123456789")
    assert api.client.get("/metrics").status_code == 401
    wrong = api.client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    good = api.client.get("/metrics", headers={"Authorization": "Bearer scrape-token-0123456789"})
    assert good.status_code == 200 and re.search(r"^kapex_http_requests_total", good.text, re.M)
