"""Keys never reach logs (seed: "Do Not … Log API keys in application logs")."""

from __future__ import annotations

import logging
import re
import uuid

import pytest

from tests.conftest import Api

KEY = re.compile(r"kpx_[A-Za-z0-9_-]{20,}")


def test_no_key_reaches_any_log_record(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    data = api.signup(f"Logs {uuid.uuid4().hex[:6]}")
    key = data["api_key"]
    headers = {"X-API-Key": key}
    api.client.get("/api/v1/account", headers=headers)
    api.client.get(f"/api/v1/account?api_key={key}", headers=headers)
    api.client.get(f"/api/v1/account?token={key}")
    api.client.delete(f"/api/v1/keys/{key}", headers=headers)
    api.client.get(f"/api/v1/{key}")
    api.client.post(
        "/api/v1/ingest", headers=headers, json={"user_id": "u", "content": f"my key is {key}"}
    )
    api.client.get("/api/v1/account", headers={"X-API-Key": key[:-1] + "x"})

    def explode() -> None:
        raise RuntimeError("boom")

    api.client.app.add_api_route("/api/v1/test-explode", explode)  # type: ignore[attr-defined]
    api.client.get("/api/v1/test-explode", headers=headers)
    texts = [r.getMessage() + (r.exc_text or "") for r in caplog.records]
    assert any(r.name == "kapex.access" for r in caplog.records), "access log lines are expected"
    leaked = [t for t in texts if KEY.search(t)]
    assert leaked == []


def test_json_access_lines_carry_request_tenant_route_status_and_duration(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    import json

    from kapex.logs import JsonLines

    tenant_id, headers = api.tenant()
    caplog.set_level(logging.INFO, logger="kapex.access")
    api.client.get(
        "/api/v1/users/someone/nodes/n1", headers={**headers, "X-Request-ID": "req-json-1"}
    )
    [record] = [r for r in caplog.records if getattr(r, "request_id", None) == "req-json-1"]
    line = json.loads(JsonLines().format(record))
    assert line["request_id"] == "req-json-1"
    assert line["tenant"] == tenant_id
    assert line["route"] == "/api/v1/users/{user_id}/nodes/{node_id}"
    assert line["status"] == 404 and line["method"] == "GET"
    assert isinstance(line["duration_ms"], float)
    assert line["logger"] == "kapex.access" and line["level"] == "info"
    assert "\n" not in JsonLines().format(record)
