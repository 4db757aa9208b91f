"""KAPEX through its real service layer, as a benchmark ``System``.

KAPEX runs exactly as a tenant would use it: one tenant (an operator-raised enterprise plan so
that a long conversation fits one user), one user per conversation, every turn ingested with
its session's date as ``timestamp``, its role, its ``session_id`` and ``{"item_id", "speaker"}``
as metadata (a message longer than the API accepts is cut to ``MAX_TEXT_CHARS``, as a client
would have to: three degenerate BEAM answers are); every question asked through the query
path at the budget, with ``timestamp`` just after the last session. The tenant's profile is
the product default unless the run says otherwise: decay, salience, the salient and pinned
channels, diversity and safety all stay on.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from kapex.access.tiers import tenant_limits
from kapex.bench.evidence import Conversation, Progress, Retrieved, Turn, no_progress
from kapex.clock import SystemClock
from kapex.engine.retrieval import SearchWeights
from kapex.schemas.accounts import SignupRequest
from kapex.schemas.common import MAX_TEXT_CHARS
from kapex.schemas.memory import QueryRequest, TurnItem
from kapex.schemas.profile import Profile
from kapex.services.container import Services
from kapex.services.profiles import profile_of

#: A ranking for recall@k is the block at a budget large enough to hold 25+ memories.
RANKING_BUDGET = 4000


class KapexSystem:
    """The KAPEX service layer as a ``System``; ``profile`` overrides the tenant default."""

    def __init__(
        self,
        services: Services,
        *,
        name: str = "KAPEX",
        profile: Profile | None = None,
        tenant_id: str | None = None,
        ingested: Iterable[str] = (),
        batch: int = 1,
    ) -> None:
        """A new bench tenant, or ``tenant_id`` of an earlier run on the same database whose
        ``ingested`` conversations are complete (they are not ingested again). ``batch``:
        turns per ingest request (1, as a chat app sends them; more, as an import does)."""
        self.name = name
        self._batch = batch
        self._services = services
        self.tenant_id = tenant_id or self._signup(services)
        tenant = services.accounts.require_tenant(self.tenant_id)
        self._limits = tenant_limits(tenant)
        self.profile = profile or profile_of(tenant)
        self._recall = services.recall
        self._ingested: set[str] = set(ingested)

    @property
    def ingested(self) -> frozenset[str]:
        """Conversations fully ingested by this tenant."""
        return frozenset(self._ingested)

    @staticmethod
    def _signup(services: Services) -> str:
        signup = services.accounts.signup(
            SignupRequest(
                company_name="Bench", email=f"bench-{uuid.uuid4().hex}@example.com", name="B"
            ),
            now=SystemClock().now(),
            base_url="http://127.0.0.1/api/v1",
        )
        services.accounts.set_tier(
            signup.tenant_id,
            "enterprise",
            custom_limits={
                "rate_limit_rpm": 1_000_000,
                "rate_limit_daily": 100_000_000,
                "max_nodes_per_user": 100_000,
            },
        )
        return signup.tenant_id

    def variant(
        self, name: str, *, profile: Profile | None = None, search: SearchWeights | None = None
    ) -> KapexSystem:
        """The same tenant and memories, queried with another profile or retrieval stages:
        an ablation reuses one ingestion for every query-time variant."""
        other = copy.copy(self)
        other.name = name
        other.profile = profile or self.profile
        if search is not None:
            other._recall = self._services.recall.with_search(search)
        return other

    def ingest_conversation(self, conv: Conversation, *, progress: Progress = no_progress) -> None:
        """Ingest every turn, one request each as a chat app would (once per conversation:
        a second call for the same conversation is a no-op, so variants can share data)."""
        if conv.conv_id in self._ingested:
            progress(len(conv.turns))
            return
        for start in range(0, len(conv.turns), self._batch):
            turns = conv.turns[start : start + self._batch]
            self._services.ingest.ingest_many(
                self.tenant_id,
                conv.conv_id,
                [_item(turn) for turn in turns],
                limits=self._limits,
                profile=self.profile,
                now=turns[-1].time,
            )
            progress(len(turns))
        self._ingested.add(conv.conv_id)

    def retrieve(
        self, conv: Conversation, question: str, *, at: datetime, budget: int
    ) -> Retrieved:
        block = self._recall.query(
            self.tenant_id,
            QueryRequest(
                user_id=conv.conv_id, current_input=question, max_tokens=budget, timestamp=at
            ),
            profile=self.profile,
            now=at,
        )
        ids = [m.metadata["item_id"] for m in block.memories if "item_id" in m.metadata]
        return Retrieved(item_ids=ids, token_count=block.token_count)

    def ranking(self, conv: Conversation, question: str, *, at: datetime) -> list[str]:
        return self.retrieve(conv, question, at=at, budget=RANKING_BUDGET).item_ids


def _item(turn: Turn) -> TurnItem:
    metadata: dict[str, Any] = {"item_id": turn.item_id}
    if turn.speaker:
        metadata["speaker"] = turn.speaker
    return TurnItem(
        content=turn.content[:MAX_TEXT_CHARS],
        role=turn.role,
        session_id=turn.session_id,
        timestamp=turn.time,
        metadata=metadata,
    )


__all__ = ["RANKING_BUDGET", "KapexSystem"]
