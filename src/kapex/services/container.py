"""Wiring: builds every service of one process from its settings, once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from kapex import __version__
from kapex.access.gate import Gate
from kapex.schemas.accounts import HealthResponse
from kapex.services.graph import GraphService
from kapex.services.ingest import IngestService
from kapex.services.models import LocalModels
from kapex.services.operator import OperatorConsole
from kapex.services.pins import PinService
from kapex.services.process import ProcessService
from kapex.services.profiles import ProfileService
from kapex.services.proxy import ProxyService
from kapex.services.recall import RecallService
from kapex.services.upstream import Upstream
from kapex.services.user_views import UserViews
from kapex.services.webhook import CrisisNotifier
from kapex.settings import Settings
from kapex.store import database
from kapex.store.idempotency import IdempotencyStore
from kapex.store.wal import WalCheckpointer, background_checkpoints


@dataclass
class Services(OperatorConsole):
    """Everything a serving process needs: the operator's services plus the memory engine."""

    models: LocalModels
    views: UserViews
    gate: Gate
    ingest: IngestService
    recall: RecallService
    process: ProcessService
    graph: GraphService
    pins: PinService
    profiles: ProfileService
    proxy: ProxyService
    notifier: CrisisNotifier | None
    checkpointer: WalCheckpointer | None

    @classmethod
    def build(cls, settings: Settings, *, models: LocalModels | None = None) -> Services:
        """Connect, migrate and load the local models (``models`` may be shared by tests)."""
        settings.check_safe_to_start()
        base = OperatorConsole.open(settings)
        loaded = models or LocalModels.load(
            threads=settings.model_threads,
            embedder=settings.embedder,
            cache_size=settings.embedding_cache_size,
        )
        views = UserViews(
            store=base.memory_store,
            cache=base.cache,
            embedder=loaded.embedder,
            vectors=settings.index_vectors,
            snapshot_vectors=settings.snapshot_vectors,
        )
        notifier = CrisisNotifier.from_settings(settings)
        ingest = IngestService(
            store=base.memory_store,
            idempotency=IdempotencyStore(base.engine),
            views=views,
            models=loaded,
            notifier=notifier,
            lease=timedelta(seconds=settings.idempotency_lease_seconds),
        )
        recall = RecallService(views=views, models=loaded, notifier=notifier)
        upstream = (
            Upstream(
                settings.proxy_upstream_url,
                key=settings.proxy_upstream_key,
                timeout=settings.proxy_timeout_seconds,
            )
            if settings.proxy_upstream_url
            else None
        )
        return cls(
            **base.__dict__,
            models=loaded,
            views=views,
            gate=Gate(settings=settings, accounts=base.account_store, limiter=base.limiter),
            ingest=ingest,
            recall=recall,
            process=ProcessService(recall=recall, ingest=ingest),
            graph=GraphService(store=base.memory_store, views=views, models=loaded),
            pins=PinService(store=base.memory_store, views=views, models=loaded),
            profiles=ProfileService(accounts=base.account_store),
            proxy=ProxyService(recall=recall, ingest=ingest, upstream=upstream),
            notifier=notifier,
            # A serving process keeps SQLite's log checkpoints off its requests (store/wal.py).
            checkpointer=background_checkpoints(base.engine),
        )

    def health(self) -> HealthResponse:
        """Storage and the rate-limit store; ``degraded`` when either is down.

        Only storage being down makes the service unable to serve (the route answers 503);
        without Redis it serves on per-worker counters (``access/ratelimit.py``).
        """
        storage_ok = database.ping(self.engine)
        if self.limiter.shared:
            rate_store = "ok" if self.limiter.healthy() else "down"
        else:
            rate_store = "local"
        return HealthResponse(
            status="ok" if storage_ok and rate_store != "down" else "degraded",
            version=__version__,
            storage="ok" if storage_ok else "down",
            rate_limit_store=rate_store,  # type: ignore[arg-type]
        )

    def close(self) -> None:
        self.views.close()
        if self.notifier is not None:
            self.notifier.close()
        if self.checkpointer is not None:
            self.checkpointer.stop()
        self.engine.dispose()
