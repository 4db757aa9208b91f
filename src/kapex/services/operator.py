"""The operator's services: storage, counters, accounts and retention — no local models.

``kapex admin`` uses this directly (it starts in a fraction of a second); the serving
process builds on it (``services/container.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from kapex.access.ratelimit import RateLimiter
from kapex.services.accounts import AccountService
from kapex.services.index_cache import IndexCache
from kapex.services.retention import RetentionService
from kapex.settings import Settings
from kapex.store import database
from kapex.store.accounts import AccountStore
from kapex.store.memory import MemoryStore


@dataclass
class OperatorConsole:
    settings: Settings
    engine: Engine
    account_store: AccountStore
    memory_store: MemoryStore
    limiter: RateLimiter
    cache: IndexCache
    accounts: AccountService
    retention: RetentionService

    @classmethod
    def open(cls, settings: Settings) -> OperatorConsole:
        engine = database.connect(settings.sqlalchemy_url)
        database.migrate(engine)
        account_store, memory_store = AccountStore(engine), MemoryStore(engine)
        limiter = RateLimiter(
            redis_url=settings.redis_url,
            signup_per_hour=settings.signup_limit_per_hour,
            auth_failures_per_minute=settings.auth_failure_limit_per_minute,
            retry_shared_after=settings.rate_limit_store_retry_seconds,
        )
        cache = IndexCache(capacity_bytes=settings.index_cache_mb * 2**20)
        return cls(
            settings=settings,
            engine=engine,
            account_store=account_store,
            memory_store=memory_store,
            limiter=limiter,
            cache=cache,
            accounts=AccountService(
                settings=settings, accounts=account_store, memory=memory_store, limiter=limiter
            ),
            retention=RetentionService(
                accounts=account_store,
                memory=memory_store,
                limiter=limiter,
                cache=cache,
                retention_days=settings.retention_days_after_expiry,
            ),
        )
