"""One call per conversation turn: recall for the message first, then remember the exchange."""

from __future__ import annotations

from datetime import datetime

from kapex.access.tiers import Limits
from kapex.schemas.memory import ProcessRequest, ProcessResponse, QueryRequest, TurnItem
from kapex.schemas.profile import Profile
from kapex.services.ingest import IngestService
from kapex.services.recall import RecallService


class ProcessService:
    def __init__(self, *, recall: RecallService, ingest: IngestService) -> None:
        self._recall = recall
        self._ingest = ingest

    def process(
        self,
        tenant_id: str,
        request: ProcessRequest,
        *,
        limits: Limits,
        profile: Profile,
        now: datetime,
        idempotency_key: str | None = None,
    ) -> ProcessResponse:
        # Retrieval runs before the message is stored, so it can never retrieve itself.
        answer = self._recall.query(
            tenant_id,
            QueryRequest(
                user_id=request.user_id,
                current_input=request.message,
                session_id=request.session_id,
                max_tokens=request.max_tokens,
                timestamp=request.timestamp,
            ),
            profile=profile,
            now=now,
            # One webhook event per crisis: the ingest of this same message sends it.
            alert=False,
        )
        items = [
            TurnItem(
                content=request.message,
                role="user",
                session_id=request.session_id,
                timestamp=request.timestamp,
            )
        ]
        if request.response is not None:
            items.append(
                TurnItem(
                    content=request.response,
                    role="assistant",
                    session_id=request.session_id,
                    timestamp=request.timestamp,
                )
            )
        # With a key, a retry stores nothing new and returns the first write's node ids; its
        # block is recalled afresh (reads change nothing).
        results = self._ingest.ingest_many(
            tenant_id,
            request.user_id,
            items,
            limits=limits,
            profile=profile,
            now=now,
            idempotency_key=idempotency_key,
            kind="process",
        )
        return ProcessResponse(
            **answer.model_dump(), ingested_node_ids=[r.node_id for r in results]
        )
