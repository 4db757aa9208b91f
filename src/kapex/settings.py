"""Service settings, read once at start-up from ``KAPEX_*`` environment variables.

Every field is documented in ``docs/configuration.md`` (a test checks that each one is).
Tests build their own ``Settings(...)`` instead of patching a global.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from kapex.errors import ConfigurationError

DEFAULT_SECRET = "kapex-development-secret-change-me"


class Settings(BaseSettings):
    """All configuration of one KAPEX process."""

    model_config = SettingsConfigDict(env_prefix="KAPEX_", extra="ignore", frozen=True)

    environment: Literal["development", "production"] = "development"
    secret_key: str = Field(default=DEFAULT_SECRET, min_length=16, repr=False)
    data_dir: Path = Path("./var")
    database_url: str | None = None
    redis_url: str | None = None

    public_url: str | None = None
    quickstart_url: str = "https://getkapex.ai/docs/quickstart"
    support_contact: str = "support@sandstonecloud.com"

    trial_days: int = Field(default=30, ge=1, le=365)
    retention_days_after_expiry: int = Field(default=30, ge=0, le=3650)
    purge_interval_seconds: int = Field(default=3600, ge=0)

    require_https: Literal["auto", "always", "never"] = "auto"
    trusted_proxies: list[str] = Field(default_factory=lambda: ["127.0.0.1", "::1"])

    signup_limit_per_hour: int = Field(default=20, ge=1)
    auth_failure_limit_per_minute: int = Field(default=30, ge=1)
    rate_limit_store_retry_seconds: float = Field(default=5.0, gt=0, le=300)
    max_body_bytes: int = Field(default=1_000_000, ge=1024)
    idempotency_lease_seconds: float = Field(default=30.0, ge=1, le=3600)

    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["text", "json"] = "text"
    metrics_token: str | None = Field(default=None, min_length=16, repr=False)
    model_threads: int = Field(default=1, ge=1, le=64)
    embedder: Literal["minilm", "e5"] = "minilm"
    # Vectors of recently embedded single texts per worker (kapex/models/embedding_cache.py).
    embedding_cache_size: int = Field(default=4096, ge=0)
    index_cache_mb: int = Field(default=512, ge=1)
    # How a worker holds each user's embedding matrix. float16 halves it with LoCoMo recall
    # unchanged (docs/benchmarks.md, "Compact vectors"); float32 by default: that saves only
    # ~16% of a view, and a search over a float16 matrix is ~9x slower (51,000 memories).
    index_vectors: Literal["float32", "float16"] = "float32"
    # float16: each memory's vector is rounded to float16 as it enters a worker's view (the
    # matrix stays float32, so searches keep their speed) and a user's snapshot stores the
    # vectors in half the bytes, restored exactly (the same values float16 matrices hold).
    # Halves the read of a big user's cold load (docs/benchmarks.md, "Scale").
    snapshot_vectors: Literal["float32", "float16"] = "float32"

    crisis_webhook_url: str | None = None
    crisis_webhook_secret: str | None = Field(default=None, repr=False)

    proxy_upstream_url: str | None = None
    proxy_upstream_key: str | None = Field(default=None, repr=False)
    proxy_timeout_seconds: float = Field(default=120.0, gt=0, le=3600)
    proxy_max_body_bytes: int = Field(default=20_000_000, ge=1024)

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_networks(cls, value: list[str]) -> list[str]:
        for entry in value:
            ipaddress.ip_network(entry, strict=False)
        return value

    @field_validator("proxy_upstream_url")
    @classmethod
    def _upstream_is_http(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError(
                "must be the upstream's OpenAI-compatible base URL, starting with http:// or "
                "https://, e.g. http://127.0.0.1:11434/v1"
            )
        return value

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            url = self.database_url
            # Users write postgres:// or postgresql://; we drive PostgreSQL with psycopg 3.
            for prefix in ("postgres://", "postgresql://"):
                if url.startswith(prefix):
                    return "postgresql+psycopg://" + url[len(prefix) :]
            return url
        return f"sqlite:///{(self.data_dir / 'kapex.db').resolve()}"

    def check_safe_to_start(self) -> None:
        """Refuse to run production with the published development secret."""
        if self.environment != "development" and self.secret_key == DEFAULT_SECRET:
            raise ConfigurationError(
                "KAPEX_SECRET_KEY is the development default. Set KAPEX_SECRET_KEY to a long "
                "random value, e.g. the output of "
                "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`."
            )
        if self.crisis_webhook_url and not self.crisis_webhook_secret:
            raise ConfigurationError(
                "KAPEX_CRISIS_WEBHOOK_URL is set without KAPEX_CRISIS_WEBHOOK_SECRET: "
                "webhook calls are signed, so set a secret too."
            )
        if self.proxy_upstream_key and not self.proxy_upstream_url:
            raise ConfigurationError(
                "KAPEX_PROXY_UPSTREAM_KEY is set without KAPEX_PROXY_UPSTREAM_URL: set the "
                "upstream's base URL too (e.g. http://127.0.0.1:11434/v1), or unset the key."
            )
