"""How the server serves the inspector at /ui: no key, exact types, a strict policy, no escape."""

from __future__ import annotations

import re

import httpx
import pytest

from kapex.ui import CONTENT_SECURITY_POLICY, STATIC, UiAssets
from tests.ui.conftest import Server


def fetch(server: Server, path: str, method: str = "GET") -> httpx.Response:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        return client.request(method, path)


def test_the_page_is_served_without_a_key_under_a_strict_policy(server: Server) -> None:
    for path in ("/ui", "/ui/"):
        page = fetch(server, path)
        assert page.status_code == 200
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["referrer-policy"] == "no-referrer"
        assert page.headers["x-frame-options"] == "DENY"
        assert page.headers["cache-control"] == "no-cache"
        assert "<title>KAPEX memory inspector</title>" in page.text
    policy = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert policy["script-src"] == policy["connect-src"] == "'self'"
    assert policy["default-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY


def test_every_asset_the_page_loads_is_served_from_this_server_with_its_type(
    server: Server,
) -> None:
    page = fetch(server, "/ui").text
    # Nothing inline, nothing from another host: the page works offline and under the policy.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert " style=" not in page and "<style" not in page
    references = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert references and all(ref.startswith("/ui/") for ref in references)
    kinds = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
    seen = set()
    for ref in references:
        asset = fetch(server, ref)
        assert asset.status_code == 200, ref
        suffix = ref[ref.rfind(".") :]
        seen.add(suffix)
        if suffix in kinds:
            assert asset.headers["content-type"] == kinds[suffix]
            assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
            assert "http://" not in asset.text.replace("http://www.w3.org/", "")
            assert "https://" not in asset.text
        assert asset.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert {".js", ".css"} <= seen


@pytest.mark.parametrize(
    "path",
    [
        "/ui/nothing-here.js",
        "/ui/../pyproject.toml",
        "/ui/%2e%2e/%2e%2e/pyproject.toml",
        "/ui/..%2f..%2fsettings.py",
        "/ui/assets/../../__init__.py",
        "/ui//etc/passwd",
    ],
)
def test_nothing_outside_the_built_page_is_served(server: Server, path: str) -> None:
    response = fetch(server, path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"


def test_head_requests_answer_like_get_without_a_body(server: Server) -> None:
    head = fetch(server, "/ui", method="HEAD")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_an_installation_without_a_built_page_says_how_to_build_it(tmp_path: object) -> None:
    empty = UiAssets(root=tmp_path)  # type: ignore[arg-type]
    assert not empty.built and empty.get("") is None
    assert UiAssets(STATIC).built
