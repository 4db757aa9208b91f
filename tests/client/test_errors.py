"""Every error code the service sends arrives as its own exception class, provoked for real
wherever the service can be made to send it."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from typing import Any

import psycopg
import pytest

from kapex import errors as server_errors
from kapex.client import (
    ApiError,
    EmailAlreadyRegistered,
    Forbidden,
    InternalServerError,
    Kapex,
    KapexError,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    Timeout,
    TrialExpired,
    Unauthorized,
    Unavailable,
    UnsupportedMediaType,
    UserLimitReached,
    ValidationError,
)
from kapex.client.errors import BY_CODE
from tests.client.faults import faulty_proxy
from tests.conftest import PG_ADMIN_URL
from tests.live import LiveServer, Reply, stub_server


def test_every_code_the_service_defines_has_its_own_class() -> None:
    server_codes = {cls.code for cls in server_errors.STATUS}
    assert set(BY_CODE) == server_codes
    for code, cls in BY_CODE.items():
        assert issubclass(cls, ApiError) and issubclass(cls, KapexError) and cls.code == code
    assert (
        issubclass(KapexError, server_errors.KapexError) or KapexError is server_errors.KapexError
    )


def _raises(kind: type[ApiError], call: Any) -> ApiError:
    with pytest.raises(kind) as caught:
        call()
    error = caught.value
    assert type(error) is kind and error.error_code == kind.code
    assert error.request_id and error.message and error.status_code >= 400
    return error


def test_client_errors_from_the_live_service(live: LiveServer) -> None:
    signed = live.signup()
    key = signed["api_key"]
    with Kapex(key, base_url=live.url) as kapex:
        invalid = _raises(ValidationError, lambda: kapex.ingest("bad user!", "Hello there."))
        assert invalid.details and invalid.details[0]["field"] == "user_id"
        _raises(NotFound, lambda: kapex.node("u1", "no-such-node"))
        _raises(MethodNotAllowed, lambda: kapex.request("PATCH", "/ingest", json={}))
        _raises(PayloadTooLarge, lambda: kapex.ingest("u1", "x" * 32_001))
        _raises(
            UnsupportedMediaType,
            lambda: kapex.request("POST", "/ingest", content=b"hi", content_type="text/plain"),
        )
        email = f"{uuid.uuid4().hex}@example.com"
        kapex.signup("Twice Ltd", email=email, name="T")
        _raises(EmailAlreadyRegistered, lambda: kapex.signup("Twice Ltd", email=email, name="T"))
    with Kapex("kpx_" + "z" * 43, base_url=live.url) as stranger:
        unauthorized = _raises(Unauthorized, stranger.account)
        assert "X-API-Key" in unauthorized.message


def test_plan_and_account_errors_from_the_live_service(live: LiveServer) -> None:
    small = live.signup("Small Co")
    live.services.accounts.set_tier(
        small["tenant_id"], "enterprise", custom_limits={"max_users": 1, "rate_limit_rpm": 4}
    )
    with Kapex(small["api_key"], base_url=live.url, max_retries=0) as kapex:
        kapex.ingest("first_user", "Hello.")
        _raises(UserLimitReached, lambda: kapex.ingest("second_user", "Hello."))
        kapex.account()
        kapex.account()
        limited = _raises(RateLimited, kapex.account)
        assert isinstance(limited, RateLimited) and (limited.retry_after or 0) >= 1

    suspended = live.signup("Paused Co")
    live.services.accounts.set_suspended(suspended["tenant_id"], suspended=True)
    with Kapex(suspended["api_key"], base_url=live.url) as kapex:
        assert "suspended" in _raises(Forbidden, kapex.account).message

    expiring = live.signup("Expiring Co")
    live.clock.advance(timedelta(days=31))
    with Kapex(expiring["api_key"], base_url=live.url) as kapex:
        expired = _raises(TrialExpired, kapex.account)
    assert "expired on" in expired.message and expired.meta.trial_days_remaining == 0


def test_storage_going_away_raises_unavailable(make_live: Any, postgres_url: str) -> None:
    name = f"kapex_gone_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    live = make_live(database_url=f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}")
    key = live.key()
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    with Kapex(key, base_url=live.url, max_retries=1) as kapex:
        gone = _raises(Unavailable, kapex.account)
    assert gone.meta.attempts == 2  # a 503 is retried before it is reported


def test_an_internal_error_carries_the_request_id_to_quote(live: LiveServer) -> None:
    with (
        faulty_proxy(live, ["500"]) as proxy,
        Kapex(live.key(), base_url=proxy.origin + "/api/v1") as kapex,
    ):
        crash = _raises(InternalServerError, kapex.account)
    assert crash.request_id == "proxy-500" and "proxy-500" in str(crash)


def test_unknown_codes_and_foreign_bodies_still_raise_api_error() -> None:
    replies = iter(
        [
            Reply(status=502, body={"error": {"code": "FUTURE_CODE", "message": "LLM down"}}),
            Reply(
                status=502, raw=b"<html>Bad gateway</html>", headers={"Content-Type": "text/html"}
            ),
            Reply(
                status=200, raw=b"<html>a login page</html>", headers={"Content-Type": "text/html"}
            ),
        ]
    )
    with (
        stub_server(lambda _got: next(replies)) as stub,
        Kapex("kpx_" + "a" * 43, base_url=stub.origin) as kapex,
    ):
        upstream = _raises_base(kapex.account)
        assert upstream.error_code == "FUTURE_CODE" and upstream.message == "LLM down"
        foreign = _raises_base(kapex.account)
        assert foreign.status_code == 502 and "base_url" in foreign.message
        wrong = _raises_base(kapex.account)
        assert wrong.error_code == "UNEXPECTED_RESPONSE"


def _raises_base(call: Any) -> ApiError:
    with pytest.raises(ApiError) as caught:
        call()
    assert type(caught.value) is ApiError
    return caught.value


def test_a_slow_answer_is_a_timeout_and_is_not_resent() -> None:
    def slow(_got: Any) -> Reply:
        time.sleep(1.5)
        return Reply(body={})

    with (
        stub_server(slow) as stub,
        Kapex("kpx_" + "a" * 43, base_url=stub.origin, timeout=0.3) as kapex,
    ):
        with pytest.raises(Timeout, match="same idempotency key"):
            kapex.ingest("u1", "Slow.")
        assert len(stub.received) == 1


def test_a_missing_key_is_reported_before_any_request() -> None:
    with (
        Kapex(api_key="", base_url="http://127.0.0.1:9/api/v1") as kapex,
        pytest.raises(KapexError, match="KAPEX_API_KEY"),
    ):
        kapex.account()
