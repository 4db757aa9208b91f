"""HTTPS only (seed: "KAPEX rejects plaintext HTTP connections"; API.md "HTTPS")."""

from __future__ import annotations

import asyncio
import uuid

import httpx

from tests.conftest import Api


async def _get(
    api: Api,
    path: str,
    *,
    client: tuple[str, int],
    headers: dict[str, str],
    base: str = "http://testserver",
) -> httpx.Response:
    transport = httpx.ASGITransport(app=api.client.app, client=client)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url=base) as http:
        return await http.get(path, headers=headers)


def test_plaintext_is_refused_before_the_key_is_looked_at(make_api) -> None:  # type: ignore[no-untyped-def]
    api = make_api(require_https="always")
    for key in ("kpx_" + "z" * 43, "garbage"):
        response = api.client.get("/api/v1/account", headers={"X-API-Key": key})
        assert response.status_code == 403
        error = response.json()["error"]
        assert error["code"] == "FORBIDDEN" and "HTTPS is required" in error["message"]
    # A refused plaintext request does not count as a failed authentication.
    assert api.client.get("/api/v1/health").status_code == 403


def test_https_requests_are_served_when_https_is_required(make_api) -> None:  # type: ignore[no-untyped-def]
    api = make_api(require_https="always")
    response = asyncio.run(
        _get(
            api,
            "/api/v1/health",
            client=("203.0.113.9", 5000),
            headers={},
            base="https://testserver",
        )
    )
    assert response.status_code == 200


def test_forwarded_proto_is_trusted_only_from_configured_proxies(make_api) -> None:  # type: ignore[no-untyped-def]
    api = make_api(require_https="always", trusted_proxies=["10.0.0.0/8"])
    via_proxy = asyncio.run(
        _get(
            api, "/api/v1/health", client=("10.1.2.3", 4000), headers={"X-Forwarded-Proto": "https"}
        )
    )
    assert via_proxy.status_code == 200
    spoofed = asyncio.run(
        _get(
            api,
            "/api/v1/health",
            client=("198.51.100.7", 4000),
            headers={"X-Forwarded-Proto": "https"},
        )
    )
    assert spoofed.status_code == 403


def test_auto_mode_requires_https_off_loopback_only(make_api) -> None:  # type: ignore[no-untyped-def]
    api = make_api(require_https="auto")
    # TestClient's server is "testserver" (no IP address): served like a local socket.
    assert api.client.get("/api/v1/health").status_code == 200


def test_the_proxy_supplied_client_address_is_used_for_address_limits(make_api) -> None:  # type: ignore[no-untyped-def]
    api = make_api(require_https="never", trusted_proxies=["10.0.0.0/8"], signup_limit_per_hour=1)

    async def signup(forwarded_for: str) -> int:
        transport = httpx.ASGITransport(app=api.client.app, client=("10.0.0.2", 1))  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            response = await http.post(
                "/api/v1/trial/signup",
                json={
                    "company_name": "Fwd",
                    "email": f"{uuid.uuid4().hex}@example.com",
                    "name": "F",
                },
                headers={"X-Forwarded-For": forwarded_for},
            )
            return response.status_code

    assert asyncio.run(signup("198.51.100.1")) == 201
    assert asyncio.run(signup("198.51.100.2")) == 201
    assert asyncio.run(signup("198.51.100.1")) == 429
