"""Authentication and the error contract (seed: "Authentication", "Error Codes"; API.md §1)."""

from __future__ import annotations

import uuid

import pytest

from kapex import errors
from tests.conftest import Api

UNAUTHORIZED_MESSAGE = "Invalid or missing API key. Include a valid key in the X-API-Key header."
QUERY = {"user_id": "user_001", "current_input": "How is the project going?"}


def test_a_request_without_a_key_gets_the_seed_401_body(api: Api) -> None:
    response = api.client.post("/api/v1/query", json=QUERY)
    assert response.status_code == 401
    assert response.json() == {"error": {"code": "UNAUTHORIZED", "message": UNAUTHORIZED_MESSAGE}}


@pytest.mark.parametrize(
    "key",
    ["your_api_key_here", "kpx_short", "kpx_" + "A" * 43, "", ("kpx_" + "é" * 43).encode()],
    ids=["seed-placeholder", "malformed", "unknown", "empty", "non-ascii"],
)
def test_malformed_or_unknown_keys_are_unauthorized(api: Api, key: str | bytes) -> None:
    response = api.client.post("/api/v1/query", json=QUERY, headers={"X-API-Key": key})  # type: ignore[dict-item]
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHORIZED"


def test_the_seed_example_request_works_with_a_real_key(api: Api) -> None:
    _, headers = api.tenant()
    response = api.client.post(
        "/api/v1/query", json=QUERY, headers={**headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["memories"] == []


@pytest.mark.parametrize("param", ["api_key", "apikey", "key", "token"])
def test_a_key_in_the_query_string_never_authenticates_even_with_a_valid_header(
    api: Api, param: str
) -> None:
    tenant_key = api.signup(f"Url {uuid.uuid4().hex[:6]}")["api_key"]
    response = api.client.get(
        f"/api/v1/account?{param}={tenant_key}", headers={"X-API-Key": tenant_key}
    )
    assert response.status_code == 401
    message = response.json()["error"]["message"]
    assert "X-API-Key header" in message and tenant_key not in message


def test_a_key_sent_in_another_header_or_a_form_never_authenticates(api: Api) -> None:
    key = api.signup(f"Hdr {uuid.uuid4().hex[:6]}")["api_key"]
    bearer = api.client.get("/api/v1/account", headers={"Authorization": f"Bearer {key}"})
    assert bearer.status_code == 401
    form = api.client.post("/api/v1/keys", data={"X-API-Key": key, "name": "x"})
    assert form.status_code == 401


def test_unknown_routes_and_wrong_methods_answer_before_authentication(api: Api) -> None:
    missing = api.client.get("/api/v1/nope")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "NOT_FOUND"
    wrong = api.client.get("/api/v1/ingest")
    assert wrong.status_code == 405
    assert wrong.json()["error"]["code"] == "METHOD_NOT_ALLOWED"


def test_an_unauthenticated_caller_never_learns_about_validation(api: Api) -> None:
    response = api.client.post(
        "/api/v1/ingest", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 401
    wrong_type = api.client.post(
        "/api/v1/ingest", content=b"x", headers={"Content-Type": "text/plain"}
    )
    assert wrong_type.status_code == 401


def test_health_and_signup_are_the_only_open_endpoints(api: Api) -> None:
    assert api.client.get("/api/v1/health").status_code == 200
    for method, path in [
        ("GET", "/api/v1/account"),
        ("GET", "/api/v1/keys"),
        ("POST", "/api/v1/keys"),
        ("POST", "/api/v1/ingest"),
        ("POST", "/api/v1/ingest/batch"),
        ("POST", "/api/v1/query"),
        ("POST", "/api/v1/process"),
        ("GET", "/api/v1/users"),
        ("GET", "/api/v1/users/u1/nodes"),
        ("GET", "/api/v1/entities/u1"),
        ("GET", "/api/v1/context/u1"),
        ("GET", "/api/v1/profile"),
        ("PUT", "/api/v1/profile"),
        ("GET", "/api/v1/profile/presets"),
        ("DELETE", "/api/v1/users/u1"),
    ]:
        response = api.client.request(method, path)
        assert response.status_code == 401, (method, path, response.status_code)


def test_health_reports_storage_and_rate_limit_store(api: Api) -> None:
    body = api.client.get("/api/v1/health").json()
    assert body["status"] == "ok" and body["storage"] == "ok"
    expected = "ok" if api.services.settings.redis_url else "local"
    assert body["rate_limit_store"] == expected
    assert body["version"]


def test_every_response_carries_a_request_id_and_echoes_a_sane_one(api: Api) -> None:
    echoed = api.client.get("/api/v1/health", headers={"X-Request-ID": "req-123"})
    assert echoed.headers["X-Request-ID"] == "req-123"
    replaced = api.client.get("/api/v1/health", headers={"X-Request-ID": "bad id\twith junk"})
    assert replaced.headers["X-Request-ID"] != "bad id\twith junk"
    assert len(replaced.headers["X-Request-ID"]) >= 16


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/api/v1/nope", 404),
        ("PATCH", "/api/v1/health", 405),
        ("GET", "/api/v1/account", 401),
    ],
)
def test_error_responses_carry_rate_limit_headers(
    api: Api, method: str, path: str, status: int
) -> None:
    response = api.client.request(method, path)
    assert response.status_code == status
    for header in (
        "X-RateLimit-Limit",
        "X-RateLimit-Remaining",
        "X-RateLimit-Reset",
        "X-Request-ID",
    ):
        assert header in response.headers
    assert set(response.json()) == {"error"}
    assert set(response.json()["error"]) == {"code", "message"}


def test_an_internal_error_is_a_500_with_the_request_id_and_no_trace(api: Api) -> None:
    def explode() -> None:
        raise RuntimeError("secret stack detail")

    api.client.app.add_api_route("/api/v1/test-explode", explode)  # type: ignore[attr-defined]
    response = api.client.get("/api/v1/test-explode", headers={"X-Request-ID": "trace-me"})
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["code"] == "INTERNAL_ERROR"
    assert "trace-me" in error["message"] and "secret stack detail" not in error["message"]
    assert "X-RateLimit-Limit" in response.headers


def test_every_error_class_has_a_status_and_keeps_the_body_shape() -> None:
    classes = [
        c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.ApiError)
    ]
    concrete = [c for c in classes if c is not errors.ApiError]
    assert set(concrete) == set(errors.STATUS)
    for cls in concrete:
        if cls is errors.RateLimited:
            error = cls(12)
        elif cls is errors.InternalError:
            error = cls("req-1")
        else:
            error = cls()
        body = error.body()
        assert set(body) == {"error"}
        assert body["error"]["code"] == cls.code and body["error"]["code"].isupper()
        assert isinstance(body["error"]["message"], str) and body["error"]["message"]
        assert 400 <= errors.status_of(error) < 600
