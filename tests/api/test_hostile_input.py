"""Input an attacker or a broken client sends: the same clear 4xx on both backends, never a 500.

Each test here was written against a defect found by probing the running service.
"""

from __future__ import annotations

import secrets

import pytest

from tests.conftest import Api, ingest

NUL = "\x00"
ZERO_WIDTH = "\u200b\u200c\u200d\ufeff"


def _code(response) -> str:  # type: ignore[no-untyped-def]
    return response.json()["error"]["code"]  # type: ignore[no-any-return]


def test_nul_in_a_pin_topic_is_a_400_on_every_backend(api: Api) -> None:
    _, headers = api.tenant()
    response = api.client.post(
        "/api/v1/users/u1/pins",
        headers=headers,
        json={"topic": f"my ex{NUL}", "kind": "suppress"},
    )
    assert response.status_code == 400, response.text
    assert _code(response) == "VALIDATION_ERROR"
    assert api.client.get("/api/v1/users/u1/pins", headers=headers).json()["pins"] == []


def test_control_characters_in_the_profile_never_reach_a_block(api: Api) -> None:
    _, headers = api.tenant()
    before = api.client.get("/api/v1/profile", headers=headers).json()
    for header in (f"Memory{NUL}:", "Memory\x1b[31m:", "Memory\x7f"):
        response = api.client.put(
            "/api/v1/profile",
            headers=headers,
            json={"updates": {"injection_template": {"header": header}}},
        )
        assert response.status_code == 400, (header, response.text)
        assert _code(response) == "VALIDATION_ERROR"
    assert api.client.get("/api/v1/profile", headers=headers).json() == before


@pytest.mark.parametrize(
    "body",
    [
        {"user_id": "u", "content": ZERO_WIDTH},
        {"user_id": "u", "content": " \u3164 \u2800 "},
        {"user_id": "u", "content": f"hello{NUL}"},
        {"user_id": "u", "content": "hello", "session_id": "s\x07"},
        {"user_id": "u", "content": "hello", "metadata": {f"k{NUL}": 1}},
        {"user_id": "u", "content": "hello", "metadata": {"k": ["ok", "bad\x1b"]}},
    ],
    ids=["zero-width", "fillers", "nul", "bell", "metadata-key", "metadata-nested"],
)
def test_invisible_or_control_text_is_refused_at_ingest(api: Api, body: dict) -> None:  # type: ignore[type-arg]
    _, headers = api.tenant()
    response = api.client.post("/api/v1/ingest", headers=headers, json=body)
    assert response.status_code == 400, response.text
    assert _code(response) == "VALIDATION_ERROR"
    assert api.client.get("/api/v1/users", headers=headers).json()["users"] == []


def test_text_with_joiners_tabs_and_newlines_is_still_accepted(api: Api) -> None:
    _, headers = api.tenant()
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    ingest(api, headers, "u", f"Our family photo {family}\twas taken\r\nyesterday.")
    blank_pin = api.client.post(
        "/api/v1/users/u/pins", headers=headers, json={"topic": ZERO_WIDTH, "kind": "suppress"}
    )
    assert blank_pin.status_code == 400


def test_a_nul_in_a_path_or_query_is_a_400_not_a_500(api: Api) -> None:
    _, headers = api.tenant()
    ingest(api, headers, "u", "I play the violin.")
    for path in (
        "/api/v1/users/u/nodes/ab%00cd",
        "/api/v1/users/u/nodes?cursor=%00",
        "/api/v1/users?cursor=a%00",
    ):
        response = api.client.get(path, headers=headers)
        assert response.status_code == 400, (path, response.text)
    for path in ("/api/v1/keys/key%00x", "/api/v1/users/u/pins/ab%00cd"):
        assert api.client.delete(path, headers=headers).status_code == 400, path


def test_over_long_fields_are_400_and_only_over_long_text_is_413(api: Api) -> None:
    _, headers = api.tenant()
    cases = [
        ({"user_id": "u", "content": "hi", "session_id": "s" * 129}, 400),
        ({"user_id": "u", "content": "x" * 32_001}, 413),
    ]
    for body, status in cases:
        response = api.client.post("/api/v1/ingest", headers=headers, json=body)
        assert response.status_code == status, (body, response.text)
    name = api.client.post("/api/v1/keys", headers=headers, json={"name": "n" * 201})
    assert name.status_code == 400
    topic = api.client.post(
        "/api/v1/users/u/pins", headers=headers, json={"topic": "t" * 501, "kind": "suppress"}
    )
    assert topic.status_code == 400


def test_a_cursor_this_api_never_returned_is_a_400(api: Api) -> None:
    _, headers = api.tenant()
    for user in ("a", "b", "c"):
        ingest(api, headers, user, f"I like the colour {user}.")
    for path in ("/api/v1/users?cursor=bad", "/api/v1/users/a/nodes?cursor=bad"):
        response = api.client.get(path, headers=headers)
        assert response.status_code == 400, (path, response.text)
        assert "cursor" in response.json()["error"]["message"]
    first = api.client.get("/api/v1/users?limit=2", headers=headers).json()
    second = api.client.get(
        f"/api/v1/users?limit=2&cursor={first['next_cursor']}", headers=headers
    ).json()
    assert [u["user_id"] for u in first["users"] + second["users"]] == ["a", "b", "c"]
    assert second["next_cursor"] is None
    nodes_cursor = api.client.get("/api/v1/users?limit=1", headers=headers).json()["next_cursor"]
    mixed = api.client.get(f"/api/v1/users/a/nodes?cursor={nodes_cursor}", headers=headers)
    assert mixed.status_code == 400, "a users cursor is not a nodes cursor"


def test_a_trailing_slash_is_a_json_404_not_a_redirect(api: Api) -> None:
    _, headers = api.tenant()
    for path in ("/api/v1/account/", "/api/v1/health/", "/api/v1/users/"):
        response = api.client.get(path, headers=headers, follow_redirects=False)
        assert response.status_code == 404, path
        assert "location" not in response.headers
        assert _code(response) == "NOT_FOUND"


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PUT", "/api/v1/keys", {"GET", "POST"}),
        ("PATCH", "/api/v1/profile", {"GET", "PUT"}),
        ("PUT", "/api/v1/users/u/pins", {"GET", "POST"}),
        ("POST", "/api/v1/users/u/nodes/n1", {"GET", "DELETE"}),
        ("GET", "/api/v1/ingest", {"POST"}),
    ],
)
def test_405_lists_every_method_the_path_allows(
    api: Api, method: str, path: str, allowed: set[str]
) -> None:
    response = api.client.request(method, path)
    assert response.status_code == 405
    assert _code(response) == "METHOD_NOT_ALLOWED"
    assert {m.strip() for m in response.headers["Allow"].split(",")} == allowed


def test_key_shaped_text_is_redacted_from_every_error_message(api: Api) -> None:
    _, headers = api.tenant()
    leaked = "kpx_" + secrets.token_urlsafe(32)
    responses = [
        api.client.get(f"/api/v1/users/{leaked}/nodes/n1", headers=headers),
        api.client.delete(f"/api/v1/users/{leaked}", headers=headers),
        api.client.post(
            "/api/v1/ingest", headers=headers, json={"user_id": "u", "content": "x", leaked: 1}
        ),
        api.client.put("/api/v1/profile", headers=headers, json={"preset": leaked}),
        api.client.put(
            "/api/v1/profile", headers=headers, json={"updates": {leaked: {"base_rate": 1}}}
        ),
        api.client.delete(f"/api/v1/keys/{leaked}", headers=headers),
    ]
    for response in responses:
        assert 400 <= response.status_code < 500, response.text
        assert leaked not in response.text
        assert leaked[:12] not in response.text


def test_text_that_derives_long_labels_is_stored_on_every_backend(api: Api) -> None:
    # Found by the fuzzer on PostgreSQL: one 5,000-character "word" became a 5,000-character
    # topic, over its column's length (SQLite never checks lengths, PostgreSQL does).
    _, headers = api.tenant()
    word = "0" * 5_000
    response = api.client.post(
        "/api/v1/ingest", headers=headers, json={"user_id": "u", "content": word}
    )
    assert response.status_code == 201, response.text
    assert len(response.json()["topic"]) <= 200
    processed = api.client.post(
        "/api/v1/process",
        headers=headers,
        json={"user_id": "u", "message": "0", "response": "Zz" * 3_000},
    )
    assert processed.status_code == 200, processed.text


def test_a_key_name_longer_than_stored_names_is_a_400(api: Api) -> None:
    _, headers = api.tenant()
    response = api.client.post("/api/v1/keys", headers=headers, json={"name": "n" * 150})
    assert response.status_code == 400, response.text
    assert (
        api.client.post("/api/v1/keys", headers=headers, json={"name": "n" * 100}).status_code
        == 201
    )
