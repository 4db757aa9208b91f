"""``kapex bench locomo``: KAPEX through its real service layer, beside the plain baselines.

KAPEX runs exactly as a tenant would use it: one tenant (an operator-raised enterprise plan so
that a long conversation fits one user), one user per conversation, every turn ingested with
its session's date as ``timestamp``, its ``session_id`` and ``{"dia_id", "speaker"}`` as
metadata; every question asked through the query path at the budget, with ``timestamp`` just
after the last session. The tenant's profile is the product default: decay, salience, the
salient and pinned channels, diversity and safety all stay on.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from kapex.access.tiers import tenant_limits
from kapex.bench.baselines import baselines
from kapex.bench.locomo import Conversation, Retrieved, TokenCounter, render_markdown, run_benchmark
from kapex.bench.plot import plot
from kapex.clock import SystemClock
from kapex.schemas.accounts import SignupRequest
from kapex.schemas.memory import QueryRequest, TurnItem
from kapex.services.container import Services
from kapex.services.profiles import profile_of
from kapex.settings import Settings

#: A ranking for recall@k is the block at a budget large enough to hold 25+ memories.
RANKING_BUDGET = 4000


class KapexSystem:
    """The KAPEX service layer as a LoCoMo ``System``."""

    name = "KAPEX"

    def __init__(self, services: Services) -> None:
        self._services = services
        signup = services.accounts.signup(
            SignupRequest(company_name="LoCoMo bench", email="locomo@example.com", name="Bench"),
            now=SystemClock().now(),
            base_url="http://127.0.0.1/api/v1",
        )
        self._tenant_id = signup.tenant_id
        services.accounts.set_tier(
            self._tenant_id,
            "enterprise",
            custom_limits={
                "rate_limit_rpm": 1_000_000,
                "rate_limit_daily": 100_000_000,
                "max_nodes_per_user": 100_000,
            },
        )
        tenant = services.accounts.require_tenant(self._tenant_id)
        self._limits = tenant_limits(tenant)
        self._profile = profile_of(tenant)

    def ingest_conversation(self, conv: Conversation) -> None:
        for turn in conv.turns:
            item = TurnItem(
                content=turn.content,
                role="user",
                session_id=turn.session_id,
                timestamp=turn.time,
                metadata={"dia_id": turn.dia_id, "speaker": turn.speaker},
            )
            self._services.ingest.ingest_many(
                self._tenant_id,
                conv.conv_id,
                [item],
                limits=self._limits,
                profile=self._profile,
                now=turn.time,
            )

    def _block(self, conv: Conversation, question: str, *, at: datetime, budget: int) -> Any:
        return self._services.recall.query(
            self._tenant_id,
            QueryRequest(
                user_id=conv.conv_id, current_input=question, max_tokens=budget, timestamp=at
            ),
            profile=self._profile,
            now=at,
        )

    def retrieve(
        self, conv: Conversation, question: str, *, at: datetime, budget: int
    ) -> Retrieved:
        block = self._block(conv, question, at=at, budget=budget)
        ids = [m.metadata["dia_id"] for m in block.memories if "dia_id" in m.metadata]
        return Retrieved(dia_ids=ids, token_count=block.token_count)

    def ranking(self, conv: Conversation, question: str, *, at: datetime) -> list[str]:
        return self.retrieve(conv, question, at=at, budget=RANKING_BUDGET).dia_ids


def run(
    data_dir: Path, *, budgets: tuple[int, ...], plot_path: Path | None, with_baselines: bool = True
) -> tuple[dict[str, Any], str]:
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    workdir = Path(tempfile.mkdtemp(prefix="kapex-locomo-"))
    services = Services.build(Settings(data_dir=workdir, purge_interval_seconds=0))
    systems: list[Any] = [KapexSystem(services)]
    if with_baselines:
        systems += baselines(embedder=services.models.embedder, counter=TokenCounter())
    results = run_benchmark(data_dir, systems, budgets=budgets)
    services.close()
    if plot_path is not None:
        plot(results, plot_path)
    return results, render_markdown(results)
