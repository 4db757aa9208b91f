"""The read path: the token-budgeted context block for the next LLM call.

Three channels compete for one budget (``engine.context``): ``pinned`` constraints, the
``relevant`` memories retrieval finds for the input, and ``salient`` memories that matter now
(high live salience, not yet worked through) even if not asked about. Salience is evaluated at
the request's ``timestamp``; the read path writes nothing to the graph.
"""

from __future__ import annotations

import re
from datetime import datetime

import numpy as np

from kapex.clock import iso_z
from kapex.engine.context import ContextBlock, ContextItem, build_context, confidence_of
from kapex.engine.retrieval import Query, SearchWeights
from kapex.engine.salience import salience_many
from kapex.engine.temporal import resolve_temporal
from kapex.safety.crisis import guidance
from kapex.schemas.memory import MemoryItem, QueryRequest, QueryResponse, QuerySafety
from kapex.schemas.profile import Profile
from kapex.services.index_cache import UserView
from kapex.services.models import LocalModels
from kapex.services.pins import constraint_text, suppressed_nodes
from kapex.services.user_views import UserViews
from kapex.services.webhook import CrisisNotifier

_WORD = re.compile(r"\w+")
#: Salient memories rank at this fraction of their salience, below strong answers.
SALIENT_RANK = 0.5
#: Relevant candidates offered to the block builder even for the smallest budget.
MIN_RELEVANT_OFFERED = 20
#: How many salient candidates are offered (the budget decides how many fit).
SALIENT_POOL = 20


class RecallService:
    def __init__(
        self, *, views: UserViews, models: LocalModels, notifier: CrisisNotifier | None = None
    ) -> None:
        self._views = views
        self._models = models
        self._notifier = notifier

    def query(
        self,
        tenant_id: str,
        request: QueryRequest,
        *,
        profile: Profile,
        now: datetime,
        alert: bool = True,
    ) -> QueryResponse:
        """``alert=False`` leaves the crisis webhook to the caller (``/process`` alerts once,
        from the ingest of the same message, which knows the stored node)."""
        at = request.timestamp or now
        budget = request.max_tokens or profile.injection_template.max_tokens
        embedder = self._models.embedder
        vector = embedder.embed([request.current_input])[0]
        crisis = self._models.crisis.detect(
            request.current_input, vector=vector, vector_model=embedder.model_id
        )
        safety = QuerySafety(
            crisis_detected=crisis.detected,
            crisis_category=crisis.category,  # type: ignore[arg-type]
            crisis_confidence=crisis.confidence,
        )
        view = self._views.current(tenant_id, request.user_id)
        guidance_text = None
        if crisis.detected and crisis.category:
            resources = " ".join(profile.safety.support_resources)
            guidance_text = f"{guidance(crisis.category)} {resources}".strip()
            if alert and self._notifier is not None:
                self._notifier.notify(
                    tenant_id=tenant_id,
                    user_id=request.user_id,
                    category=crisis.category,
                    node_id=None,
                    source="query",
                    at=now,
                )
        if view is None:
            block = self._block([], budget=budget, profile=profile, guidance=guidance_text)
            memories: list[MemoryItem] = []
        else:
            with view.lock:
                candidates = self._candidates(
                    view, request, vector, budget=budget, profile=profile, at=at
                )
                block = self._block(
                    candidates, budget=budget, profile=profile, guidance=guidance_text
                )
                memories = [self._memory_item(view, item) for item in block.items]
        return QueryResponse(
            user_id=request.user_id,
            context=block.text,
            token_count=block.token_count,
            max_tokens=budget,
            memories=memories,
            safety=safety,
        )

    def _block(
        self, candidates: list[ContextItem], *, budget: int, profile: Profile, guidance: str | None
    ) -> ContextBlock:
        return build_context(
            candidates,
            max_tokens=budget,
            counter=self._models.tokens,
            template=profile.injection_template,
            crisis_guidance=guidance,
        )

    def _candidates(
        self,
        view: UserView,
        request: QueryRequest,
        vector: np.ndarray,
        *,
        budget: int,
        profile: Profile,
        at: datetime,
    ) -> list[ContextItem]:
        items: list[ContextItem] = [
            ContextItem(
                node_id=pin.pin_id,
                channel="pinned",
                text=constraint_text(pin),
                topic=pin.pin_id,
                role="user",
                event_time=None,
                salience=1.0,
                relevance=1.0,
                confidence="high",
                score=2.0,
            )
            for pin in view.pins
            if pin.kind == "constraint"
        ]
        if not view.nodes:
            return items
        hidden = suppressed_nodes(view)
        ids, columns = view.arrays()
        live = salience_many(**columns, at=at, decay=profile.decay_profile)

        settings = profile.retrieval
        lowered = request.current_input.lower()
        words = set(_WORD.findall(lowered))
        names = view.index.entity_names
        cue = resolve_temporal(request.current_input, reference=at)
        query = Query(
            text=request.current_input,
            vector=vector,
            # Entity matching can only ever match names the user's memories carry, so the
            # input's words are looked up in that vocabulary (no model call needed).
            entities=frozenset(words & names) | {n for n in names if " " in n and n in lowered},
            speakers=frozenset(words & view.index.speakers),
            time_range=cue.time_range,
        )
        weights = SearchWeights(
            dense=settings.dense_weight,
            lexical=settings.lexical_weight,
            entity=settings.entity_weight,
            temporal=settings.temporal_weight,
        )
        mix = settings.salience_weight
        found = [
            c
            for c in view.index.search(query, pool=settings.candidate_pool, weights=weights)
            if c.relevance >= settings.min_relevance and c.node_id not in hidden
        ]
        # Relevance decides what enters the relevant channel (candidates come best first);
        # the salience mix orders the block. A line costs at least ~8 word pieces: more
        # candidates than could ever fit the budget (with room for diversity skips) are not
        # worth formatting.
        limit = max(MIN_RELEVANT_OFFERED, budget // 6)
        chosen: set[str] = set()
        for c in found[:limit]:
            node_salience = float(live[view.row_of(c.node_id)])
            score = (1 - mix) * c.relevance + mix * node_salience
            items.append(
                self._item(view, c.node_id, "relevant", node_salience, c.relevance, score, at)
            )
            chosen.add(c.node_id)

        # Only memories above the floor can be offered unasked: sort those, not every node.
        above = np.flatnonzero(live >= profile.injection_template.salient_floor)
        offered = 0
        for row in above[np.argsort(-live[above], kind="stable")]:
            if offered >= SALIENT_POOL:
                break
            node_id = ids[row]
            node = view.nodes[node_id]
            if node_id in chosen or node_id in hidden or node.processing_count > 0:
                continue
            value = float(live[row])
            # Unasked memories come after the ones that answer the input.
            items.append(self._item(view, node_id, "salient", value, 0.0, SALIENT_RANK * value, at))
            offered += 1
        return items

    @staticmethod
    def _item(
        view: UserView,
        node_id: str,
        channel: str,
        salience: float,
        relevance: float,
        score: float,
        at: datetime,
    ) -> ContextItem:
        node = view.nodes[node_id]
        age_days = max(0.0, (at - node.event_time).total_seconds() / 86400)
        return ContextItem(
            node_id=node_id,
            channel=channel,  # type: ignore[arg-type]
            text=node.summary,
            topic=node.theme,
            role=node.role,  # type: ignore[arg-type]
            event_time=node.event_time,
            salience=salience,
            relevance=relevance,
            confidence=confidence_of(node.lcs, salience, age_days, node.role),
            score=score,
        )

    @staticmethod
    def _memory_item(view: UserView, item: ContextItem) -> MemoryItem:
        node = view.nodes.get(item.node_id)
        if node is None:  # a constraint pin
            return MemoryItem(
                node_id=item.node_id,
                topic=item.text,
                summary=item.text,
                salience=1.0,
                relevance=1.0,
                channel="pinned",
                confidence="high",
                role="user",
                node_type="constraint",
                event_time=None,
                created_at=None,
                session_id=None,
                metadata={},
            )
        return MemoryItem(
            node_id=node.node_id,
            topic=node.topic,
            summary=node.summary,
            salience=round(item.salience, 4),
            relevance=round(item.relevance, 4),
            channel=item.channel,
            confidence=item.confidence,
            role=node.role,
            node_type=node.node_type,
            event_time=iso_z(node.event_time),
            created_at=iso_z(node.created_at),
            session_id=node.session_id,
            metadata=node.metadata,
        )
