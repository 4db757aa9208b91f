"""The read path: the token-budgeted context block for the next LLM call.

Three channels compete for one budget (``engine.context``): ``pinned`` constraints, the
``relevant`` memories retrieval finds for the input, and ``salient`` memories that matter now
(high live salience, not yet worked through) even if not asked about. How much each memory's
relevance and salience count depends on how specific the input is (``engine.ranking``).
Salience is evaluated at the request's ``timestamp``; the read path writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

import numpy as np

from kapex.clock import iso_z
from kapex.engine.context import ContextBlock, ContextItem, build_context, confidence_of
from kapex.engine.lexical import plain_apostrophes
from kapex.engine.ranking import (
    RankingRules,
    earlier_answers,
    firmer_answers,
    hedging,
    rank,
    salience_weight,
    specificity,
)
from kapex.engine.retrieval import Query, SearchWeights
from kapex.engine.salience import most_salient, salience_many
from kapex.engine.temporal import asks_about_plans, asks_current_state, resolve_temporal
from kapex.safety.crisis import guidance
from kapex.schemas.memory import (
    Considered,
    Explanation,
    MemoryItem,
    QueryRequest,
    QueryResponse,
    QuerySafety,
)
from kapex.schemas.profile import Profile
from kapex.services.index_cache import UserView
from kapex.services.models import LocalModels
from kapex.services.pins import constraint_text, prepare_pins, suppressed_nodes
from kapex.services.user_views import UserViews
from kapex.services.webhook import CrisisNotifier

_WORD = re.compile(r"\w+")
#: Relevant candidates offered to the block builder even for the smallest budget.
MIN_RELEVANT_OFFERED = 20
#: How many memories are offered on salience alone (the budget decides how many fit).
SALIENT_POOL = 40
RULES = RankingRules()


@dataclass
class _Considered:
    """One memory the ranking looked at, and why it is or is not offered."""

    item: ContextItem
    topic_label: str  # empty unless the request asks for an explanation
    superseded_by: str | None
    reason: str | None = None  # set when left out before packing
    topic_id: str | None = None  # the memory's own topic (``item.topic`` is its subject)


class RecallService:
    def __init__(
        self,
        *,
        views: UserViews,
        models: LocalModels,
        notifier: CrisisNotifier | None = None,
        search: SearchWeights | None = None,
    ) -> None:
        """``search``: the retrieval stages no profile setting covers (engine defaults
        unless a benchmark ablation switches some off); the profile's weights replace its
        four signal weights on every query."""
        self._views = views
        self._models = models
        self._notifier = notifier
        self._search = search or SearchWeights()

    def with_search(self, search: SearchWeights) -> RecallService:
        """The same service with other retrieval stage settings (for ablations)."""
        return RecallService(
            views=self._views, models=self._models, notifier=self._notifier, search=search
        )

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
        vector = self._models.embedder.embed([request.current_input], role="query")[0]
        signal = self._models.signal_vectors([request.current_input], vector[None, :])[0]
        crisis = self._models.crisis.detect(
            request.current_input, vector=signal, vector_model=self._models.signals.model_id
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
        sigma = 1.0
        considered: list[_Considered] = []
        if view is None:
            block = self._block([], budget=budget, profile=profile, guidance=guidance_text)
            memories: list[MemoryItem] = []
        else:
            with view.lock:
                sigma, considered = self._consider(
                    view, request, vector, signal, profile=profile, at=at, labels=request.explain
                )
                offered = [c.item for c in considered if c.reason is None]
                block = self._block(
                    offered,
                    budget=budget,
                    profile=profile,
                    guidance=guidance_text,
                    openness=1.0 - sigma,
                )
                memories = [self._memory_item(view, item) for item in block.items]
        explanation = _explain(sigma, considered, block) if request.explain else None
        return QueryResponse(
            user_id=request.user_id,
            context=block.text,
            token_count=block.token_count,
            max_tokens=budget,
            memories=memories,
            safety=safety,
            explanation=explanation,
        )

    def _block(
        self,
        candidates: list[ContextItem],
        *,
        budget: int,
        profile: Profile,
        guidance: str | None,
        openness: float = 1.0,
    ) -> ContextBlock:
        return build_context(
            candidates,
            max_tokens=budget,
            counter=self._models.tokens,
            template=profile.injection_template,
            crisis_guidance=guidance,
            openness=openness,
        )

    def _consider(
        self,
        view: UserView,
        request: QueryRequest,
        vector: np.ndarray,
        signal: np.ndarray,
        *,
        profile: Profile,
        at: datetime,
        labels: bool,
    ) -> tuple[float, list[_Considered]]:
        """The input's specificity and every memory worth offering, scored and channelled.
        ``vector`` is the input's retrieval vector, ``signal`` the signal model's (the
        openness head reads that one). Topic labels are read only for an explanation
        (``labels``): a label is computed from its topic's words, for every candidate."""
        considered = [
            _Considered(
                item=ContextItem(
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
                ),
                topic_label="",
                superseded_by=None,
            )
            for pin in view.pins
            if pin.kind == "constraint"
        ]
        if not view.nodes:
            return 1.0, considered
        prepare_pins(view, self._models.embedder.embed, self._models.fields)
        hidden = suppressed_nodes(view, scale=self._models.embedder.reference_scale)
        ids, columns = view.arrays()
        live = salience_many(**columns, at=at, decay=profile.decay_profile)

        settings = profile.retrieval
        lowered = request.current_input.lower()
        words = set(_WORD.findall(lowered))
        names = view.index.entity_names
        # The time and tense rules read plain apostrophes ("what’s my job now?").
        asked = plain_apostrophes(request.current_input)
        cue = resolve_temporal(asked, reference=at)
        query = Query(
            text=request.current_input,
            vector=vector,
            # Entity matching can only ever match names the user's memories carry, so the
            # input's words are looked up in that vocabulary (no model call needed).
            entities=frozenset(words & names) | {n for n in names if " " in n and n in lowered},
            speakers=frozenset(words & view.index.speakers),
            time_range=cue.time_range,
        )
        best_cosine, coverage = view.index.evidence(query)
        openness = self._models.openness(request.current_input, signal)
        sigma = specificity(
            best_cosine=best_cosine,
            lexical_coverage=coverage,
            entity_hit=bool(query.entities),
            openness=openness,
            rules=RULES,
        )
        weight = salience_weight(
            sigma, specific=settings.salience_weight, open_=settings.open_salience_weight
        )
        weights = replace(
            self._search,
            dense=settings.dense_weight,
            lexical=settings.lexical_weight,
            entity=settings.entity_weight,
            temporal=settings.temporal_weight,
        )
        relevance: dict[str, float] = {}
        passages: dict[str, str] = {}
        for c in view.index.search(query, pool=settings.candidate_pool, weights=weights):
            if c.relevance >= settings.min_relevance:
                relevance[c.node_id] = c.relevance
                if c.passage:
                    # The part of a long message that answers the input is its line.
                    passages[c.node_id] = c.passage
        # Relevance decides which candidates are worth formatting (they come best first), and
        # salience adds the memories that matter unasked. A line costs at least ~8 word
        # pieces: more candidates than could ever fit the budget are not worth formatting.
        budget = request.max_tokens or profile.injection_template.max_tokens
        limit = max(MIN_RELEVANT_OFFERED, budget // 6)
        pool = list(relevance)[:limit]
        chosen = set(pool)
        # The most salient memories are candidates whatever the input: an open question in a
        # large graph is answered by them even when decay has brought them below the floor
        # that reserves room for them next to a specific question.
        for row in most_salient(live, SALIENT_POOL):
            if ids[row] not in chosen:
                pool.append(ids[row])
                chosen.add(ids[row])

        # Relevance comes scaled to the best candidate; salience is scaled the same way, so
        # the blend weighs how a memory compares with the others on each axis, whatever
        # the absolute level decay has brought salience down to.
        peak = max((float(live[view.row_of(n)]) for n in pool), default=0.0) or 1.0
        scored: dict[str, _Considered] = {}
        subject = view.topics.subjects(view.nodes[n].topic_id for n in pool)
        for node_id in pool:
            node = view.nodes[node_id]
            value = float(live[view.row_of(node_id)])
            ranked = rank(
                relevance=relevance.get(node_id, 0.0),
                salience=value / peak,
                weight=weight,
                certainty=node.lcs,
                statement=node.statement,
                superseded=node.superseded_by is not None,
                worked_through=node.processing_count > 0,
                sigma=sigma,
                rules=RULES,
            )
            successor = view.nodes.get(node.superseded_by) if node.superseded_by else None
            age_days = max(0.0, (at - node.event_time).total_seconds() / 86400)
            scored[node_id] = _Considered(
                item=ContextItem(
                    node_id=node_id,
                    channel=ranked.channel,
                    text=passages.get(node_id) or node.summary,
                    # The share cap counts subjects: fragments of one topic count as one.
                    topic=subject.get(node.topic_id, node.topic_id),
                    role=node.role,  # type: ignore[arg-type]
                    event_time=node.event_time,
                    salience=value,
                    relevance=relevance.get(node_id, 0.0),
                    confidence=confidence_of(node.lcs, age_days, node.role),
                    score=ranked.score,
                    statement=node.statement,
                    until=successor.event_time if successor else None,
                ),
                topic_label=(
                    view.topics.label(node.topic_id, fallback=node.topic) if labels else ""
                ),
                superseded_by=node.superseded_by,
                reason="suppressed" if node_id in hidden else None,
                topic_id=node.topic_id,
            )
        if sigma >= RULES.current_from:
            self._answer_rules(view, scored, relevance, pool, asked, cue.time_range is None)
        _below_successors(scored)
        return sigma, considered + sorted(scored.values(), key=lambda c: -c.item.score)

    def _answer_rules(
        self,
        view: UserView,
        scored: dict[str, _Considered],
        relevance: dict[str, float],
        pool: list[str],
        asked: str,
        untimed: bool,
    ) -> None:
        """For a specific question, cap answers below a better one (``engine.ranking``): a
        plan held open below a firm one when it asks about plans, an earlier answer below
        the newest when it asks how things stand now (``untimed``: it names no time)."""
        plans = asks_about_plans(asked)
        now = untimed and asks_current_state(asked)
        if not (plans or now):
            return
        scale = self._models.embedder.reference_scale

        def similarity(a: str, b: str) -> float:
            # Only pairs of answers are compared: two rows each.
            first, second = view.index.vectors_of([a, b])
            return scale(float(first @ second))

        def cap_below(node_id: str, other: str) -> None:
            cap = scored[other].item.score * RULES.earlier_answer_factor
            item = scored[node_id].item
            scored[node_id].item = replace(item, score=min(item.score, cap))

        candidates = {n: relevance[n] for n in pool if n in relevance}
        held_open = {
            n
            for n in candidates
            if view.nodes[n].statement and hedging(view.nodes[n].lcs, rules=RULES)
        }
        if plans:
            firm = sorted(
                (n for n in candidates if view.nodes[n].statement and n not in held_open),
                key=lambda n: -scored[n].item.score,
            )
            for node_id, other in firmer_answers(
                candidates, held_open, firm, similarity, rules=RULES
            ).items():
                cap_below(node_id, other)
        if now:
            # A hedged plan is not news that replaces a fact ("might move to the canal flat").
            answered = {n: v for n, v in candidates.items() if n not in held_open}
            times = {n: view.nodes[n].event_time.timestamp() for n in answered}
            earlier, newest = earlier_answers(answered, times, similarity, rules=RULES)
            if newest is not None:
                for node_id in earlier:
                    cap_below(node_id, newest)

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
                topic_id=None,
                topic_label=None,
                superseded_by=None,
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
            topic_id=node.topic_id,
            topic_label=view.topics.label(node.topic_id, fallback=node.topic),
            superseded_by=node.superseded_by,
        )


def _below_successors(scored: dict[str, _Considered]) -> None:
    """An outdated memory never outranks the memory that superseded it."""
    for considered in scored.values():
        successor = scored.get(considered.superseded_by or "")
        if successor is not None and considered.item.score >= successor.item.score:
            considered.item = replace(
                considered.item, score=successor.item.score * RULES.superseded_factor
            )


def _explain(sigma: float, considered: list[_Considered], block: ContextBlock) -> Explanation:
    """Why each memory the ranking looked at is in the block or not."""
    left_out = {item.node_id: reason for item, reason in block.left_out}
    lines = {item.node_id: line for item, line in zip(block.items, block.lines, strict=True)}
    rows = []
    for c in considered:
        item = c.item
        if item.node_id in lines:
            reason = "included"
        elif c.reason is not None:
            reason = c.reason
        elif c.superseded_by and left_out.get(item.node_id) == "budget":
            reason = "superseded"
        else:
            reason = left_out.get(item.node_id, "budget")
        rows.append(
            Considered(
                node_id=item.node_id,
                summary=item.text,
                channel=item.channel,
                relevance=round(item.relevance, 4),
                salience=round(item.salience, 4),
                score=round(item.score, 4),
                topic_id=c.topic_id,
                topic_label=c.topic_label or None,
                included=item.node_id in lines,
                reason=reason,  # type: ignore[arg-type]
                superseded_by=c.superseded_by,
                line=lines.get(item.node_id),
            )
        )
    mode: Literal["specific", "mixed", "open"] = (
        "specific" if sigma >= 2 / 3 else "open" if sigma <= 1 / 3 else "mixed"
    )
    return Explanation(mode=mode, specificity=round(sigma, 4), considered=rows)
