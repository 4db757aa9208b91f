"""Settings are data, read once, and every one is documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from kapex.errors import ConfigurationError
from kapex.settings import Settings

DOC = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"


def test_every_setting_is_documented() -> None:
    text = DOC.read_text()
    missing = [name for name in Settings.model_fields if f"`KAPEX_{name.upper()}`" not in text]
    assert missing == []


def test_production_refuses_the_default_secret() -> None:
    with pytest.raises(ConfigurationError, match="KAPEX_SECRET_KEY"):
        Settings(environment="production").check_safe_to_start()
    Settings(environment="production", secret_key="a-real-secret-value-123").check_safe_to_start()


def test_a_webhook_without_a_secret_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="WEBHOOK_SECRET"):
        Settings(crisis_webhook_url="https://ops.example.com/hook").check_safe_to_start()


def test_a_proxy_upstream_key_without_its_url_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="KAPEX_PROXY_UPSTREAM_URL"):
        Settings(proxy_upstream_key="sk-upstream").check_safe_to_start()


def test_the_proxy_upstream_is_an_http_base_url() -> None:
    with pytest.raises(ValidationError, match="http://"):
        Settings(proxy_upstream_url="127.0.0.1:11434/v1")
    assert Settings(proxy_upstream_url="http://h:1/v1/").proxy_upstream_url == "http://h:1/v1"
    assert Settings(proxy_upstream_url="").proxy_upstream_url is None


def test_postgres_urls_are_driven_with_psycopg() -> None:
    settings = Settings(database_url="postgresql://kapex@db:5432/kapex")
    assert settings.sqlalchemy_url == "postgresql+psycopg://kapex@db:5432/kapex"
