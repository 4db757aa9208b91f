"""The write path: one conversation turn into the user's memory graph.

Order: PII is scrubbed first, so nothing downstream (models, storage, logs) ever sees the
raw identifiers; then crisis detection and instruction neutralisation; then suppression pins
(suppressed content is discarded, not stored); then the models and the scorer; then one
transaction stores the node, its entities and edges, the processing counts or re-mention
spikes of the related older nodes, and any eviction at the node cap.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from kapex.access.tiers import Limits
from kapex.engine import signals as sig
from kapex.engine.concepts import facets, interests
from kapex.engine.processing import processing_markers
from kapex.engine.salience import salience_many
from kapex.engine.topics import domain_of, topic_label, transcript_summary
from kapex.errors import ValidationFailed
from kapex.models.dates import mentioned_times
from kapex.safety.crisis import NOT_SCREENED
from kapex.safety.instructions import neutralise
from kapex.safety.pii import merge_types
from kapex.schemas.memory import IngestRequest, IngestResponse, IngestSafety, ScoringBody, TurnItem
from kapex.schemas.profile import Profile
from kapex.services.index_cache import NodeView, UserView
from kapex.services.models import LocalModels
from kapex.services.pins import suppressing_pin
from kapex.services.user_views import UserViews, index_text
from kapex.services.webhook import CrisisNotifier
from kapex.store.graph_links import ConceptLink
from kapex.store.idempotency import IdempotencyStore
from kapex.store.memory import GraphUpdate, MemoryStore, NewNode

#: Cosine above which an older memory is "about the same thing" as a new turn. MiniLM puts
#: paraphrases around 0.66 and unrelated chat around 0.05 (research/local-models.md).
RELATED_COSINE = 0.55
#: Cosine above which a new turn joins the theme of its nearest memory: near-paraphrases,
#: the "same thing mentioned again" that diversity must keep from monopolising a block.
#: Looser links would chain a whole conversation into one theme.
THEME_COSINE = 0.7
#: At most this many older memories are touched (processed or re-mentioned) by one turn.
MAX_RELATED = 5
IDEMPOTENCY_WINDOW = timedelta(hours=24)
EVICTION_SPARE = 8
SUMMARY_WORDS = 60


@dataclass(frozen=True)
class Turn:
    """A validated turn with its owner and clock resolved."""

    user_id: str
    item: TurnItem
    event_time: datetime


class IngestService:
    def __init__(
        self,
        *,
        store: MemoryStore,
        idempotency: IdempotencyStore,
        views: UserViews,
        models: LocalModels,
        notifier: CrisisNotifier | None = None,
    ) -> None:
        self._store = store
        self._idempotency = idempotency
        self._views = views
        self._models = models
        self._notifier = notifier

    # --- public ------------------------------------------------------------------------

    def ingest(
        self,
        tenant_id: str,
        request: IngestRequest,
        *,
        limits: Limits,
        profile: Profile,
        now: datetime,
        idempotency_key: str | None = None,
    ) -> IngestResponse:
        fingerprint = ""
        if idempotency_key:
            fingerprint = _fingerprint(request.model_dump(mode="json"))
            earlier = self._replay(tenant_id, idempotency_key, fingerprint, now=now)
            if earlier is not None:
                return IngestResponse.model_validate(earlier)
        # An IngestRequest is a TurnItem with its owner: it is ingested as it is.
        [response] = self.ingest_many(
            tenant_id, request.user_id, [request], limits=limits, profile=profile, now=now
        )
        if idempotency_key:
            self._idempotency.remember_response(
                tenant_id,
                request.user_id,
                idempotency_key,
                request_hash=fingerprint,
                response=response.model_dump(mode="json"),
                now=now,
            )
        return response

    def ingest_many(
        self,
        tenant_id: str,
        user_id: str,
        items: list[TurnItem],
        *,
        limits: Limits,
        profile: Profile,
        now: datetime,
    ) -> list[IngestResponse]:
        view = self._views.current(tenant_id, user_id) or self._views.empty()
        with view.lock:
            return [
                self._one(
                    tenant_id,
                    Turn(user_id=user_id, item=item, event_time=item.timestamp or now),
                    view=view,
                    limits=limits,
                    profile=profile,
                    now=now,
                )
                for item in items
            ]

    # --- steps -------------------------------------------------------------------------

    def _replay(self, tenant_id: str, key: str, fingerprint: str, *, now: datetime) -> dict | None:
        found = self._idempotency.idempotent_response(
            tenant_id, key, not_before=now - IDEMPOTENCY_WINDOW
        )
        if found is None:
            return None
        stored_hash, response = found
        if stored_hash != fingerprint:
            raise ValidationFailed(
                "This Idempotency-Key was already used with a different body. Use a new key "
                "for a new turn."
            )
        return response

    def _one(
        self,
        tenant_id: str,
        turn: Turn,
        *,
        view: UserView,
        limits: Limits,
        profile: Profile,
        now: datetime,
    ) -> IngestResponse:
        models = self._models
        scrubber = models.scrubbers[profile.safety.pii_placeholder_style]
        scrubbed = scrubber.scrub(turn.item.content)
        # The caller's metadata is stored and returned too: its strings are scrubbed alike.
        metadata = scrubber.scrub_data(turn.item.metadata)
        known = view.known_entities()  # read-only until _apply, under the view's lock
        # Entity extraction runs beside the embedding: on chat-length turns (LoCoMo's, 27
        # words on average) ingest measured 15.0 ms against 21.3 ms in line; on very short
        # turns the two are within noise.
        entity_job = models.pool.submit(models.entities.extract, scrubbed.text, known=known)
        vector = models.embedder.embed([scrubbed.text])[0]
        role = turn.item.role
        # Crisis detection is about the end user: an assistant turn quotes resources and
        # paraphrases the user, whose own turn is the one screened (docs/safety.md).
        crisis = (
            models.crisis.detect(
                scrubbed.text, vector=vector, vector_model=models.embedder.model_id
            )
            if role == "user"
            else NOT_SCREENED
        )
        safe = neutralise(scrubbed.text)
        safety = IngestSafety(
            crisis_detected=crisis.detected,
            crisis_category=crisis.category,  # type: ignore[arg-type]
            crisis_confidence=crisis.confidence,
            pii_redacted=merge_types(scrubbed.types, metadata.types),  # type: ignore[arg-type]
            instructions_neutralised=safe.flagged,
        )
        pin = suppressing_pin(view, scrubbed.text, vector)
        if pin is not None:
            entity_job.result()  # the job reads the view, which stays locked only until we return
            self._alert(tenant_id, turn.user_id, crisis.category, None, now=now)
            return IngestResponse(
                node_id=None,
                topic=None,
                scoring=None,
                entities_created=[],
                safety=safety,
                evicted_node_ids=[],
                suppressed_by_pin=pin.pin_id,
            )

        found = entity_job.result()
        names = [e.name for e in found]
        created = [n for n in names if n.lower() not in known]
        related, best_cosine, sessions = self._related(view, vector, turn)
        processing = role == "user" and bool(processing_markers(scrubbed.text))
        features = sig.TurnFeatures(
            text=scrubbed.text,
            role=role,
            valence=models.sentiment.valence(scrubbed.text),
            entities=tuple(names),
            mentioned_times=tuple(mentioned_times(scrubbed.text, relative_to=turn.event_time)),
            event_time=turn.event_time,
            self_disclosure_sim=sig.prototype_similarity(vector, models.self_disclosure_prototypes),
            urgency_sim=sig.prototype_similarity(vector, models.urgency_prototypes),
            novelty=1.0 - max(0.0, best_cosine),
            topic_session_count=sessions,
            crisis=crisis.detected,
            processing=processing,
        )
        scoring = sig.score_turn(features, weights=profile.signal_weights)
        node_id = str(uuid.uuid4())
        theme = view.nodes[related[0]].theme if related and best_cosine >= THEME_COSINE else node_id
        concept_links = _concepts(
            view, theme, related[:1], node_id, text=safe.text, role=role, names=names
        )
        node = NewNode(
            node_id=node_id,
            node_type="memory",
            topic=topic_label(safe.text, names),
            theme_id=theme,
            summary=transcript_summary(
                safe.text,
                role=role,
                speaker=metadata.value.get("speaker"),
                max_words=SUMMARY_WORDS,
            ),
            content=scrubbed.text,
            role=role,
            session_id=turn.item.session_id,
            domain=domain_of(scrubbed.text, names, labels=[e.label for e in found]),
            event_time=turn.event_time,
            base_score=scoring.base_score,
            processing_count=1 if processing else 0,
            signals=scoring.as_dict(),
            entities=[(e.name, e.label) for e in found],
            concepts=concept_links,
            safety=safety.model_dump(),
            metadata=metadata.value,
            model_id=models.embedder.model_id,
            embedding=vector.astype(np.float32).tobytes(),
        )
        update = GraphUpdate(
            processed_node_ids=related if processing else (),
            rementioned_node_ids=related if role == "user" and not processing else (),
        )
        result = self._store.write_node(
            tenant_id,
            turn.user_id,
            node,
            change=update,
            now=now,
            max_users=limits.max_users,
            max_nodes=limits.max_nodes_per_user,
            evict_order=self._evict_order(view, turn, profile, limits),
        )
        self._apply(
            tenant_id, turn, view, node, update, vector, result.revision, result.evicted_node_ids
        )
        self._alert(tenant_id, turn.user_id, crisis.category, node_id, now=now)
        return IngestResponse(
            node_id=node_id,
            topic=node.topic,
            scoring=ScoringBody(**scoring.as_dict()),
            entities_created=created,
            safety=safety,
            evicted_node_ids=result.evicted_node_ids,
        )

    def _alert(
        self,
        tenant_id: str,
        user_id: str,
        category: str | None,
        node_id: str | None,
        *,
        now: datetime,
    ) -> None:
        """Tell the operator's webhook about a crisis turn (``category`` set), if one is
        configured; a suppress pin never silences this."""
        if category is not None and self._notifier is not None:
            self._notifier.notify(
                tenant_id=tenant_id,
                user_id=user_id,
                category=category,
                node_id=node_id,
                source="ingest",
                at=now,
            )

    def _related(
        self, view: UserView, vector: np.ndarray, turn: Turn
    ) -> tuple[list[str], float, int]:
        """Older memories about the same thing; the best cosine to any; sessions they span."""
        if not view.nodes:
            return [], 0.0, 0
        nearest = view.index.nearest(vector, k=MAX_RELATED)
        best = nearest[0][1] if nearest else 0.0
        related = [node_id for node_id, cosine in nearest if cosine >= RELATED_COSINE]
        sessions = {
            view.nodes[i].session_id
            for i in related
            if view.nodes[i].session_id and view.nodes[i].session_id != turn.item.session_id
        }
        return related, best, len(sessions)

    @staticmethod
    def _evict_order(
        view: UserView, turn: Turn, profile: Profile, limits: Limits
    ) -> list[str] | None:
        if len(view.nodes) + 1 <= limits.max_nodes_per_user:
            return None
        ids, columns = view.arrays()
        values = salience_many(**columns, at=turn.event_time, decay=profile.decay_profile)
        # The storage evicts what its own count says is over the cap; a few spare ids cover a
        # concurrent writer having added more than this view has seen.
        wanted = min(len(ids), len(ids) + 1 - limits.max_nodes_per_user + EVICTION_SPARE)
        lowest = np.argpartition(values, wanted - 1)[:wanted]
        return [ids[i] for i in lowest[np.argsort(values[lowest], kind="stable")]]

    def _apply(
        self,
        tenant_id: str,
        turn: Turn,
        view: UserView,
        node: NewNode,
        update: GraphUpdate,
        vector: np.ndarray,
        revision: int,
        evicted: list[str],
    ) -> None:
        """Bring this worker's cached view up to the new revision without a reload."""
        if revision != view.revision + 1:
            # Another worker wrote in between: the next read reloads from storage.
            self._views.forget(tenant_id, turn.user_id)
            view.revision = -1
            return
        for node_id in evicted:
            view.remove(node_id)
        for node_id in update.processed_node_ids:
            view.nodes[node_id].processing_count += 1
            view.touched(node_id)
        for node_id in update.rementioned_node_ids:
            view.nodes[node_id].remention_count += 1
            view.nodes[node_id].last_remention_at = node.event_time
            view.touched(node_id)
        fresh = NodeView(
            node_id=node.node_id,
            topic=node.topic,
            theme=node.theme_id,
            summary=node.summary,
            role=node.role,
            node_type=node.node_type,
            session_id=node.session_id,
            event_time=node.event_time,
            created_at=node.event_time,
            base_score=node.base_score,
            lcs=float(node.signals["lcs"]),
            processing_count=node.processing_count,
            last_remention_at=None,
            remention_count=0,
            entities=[n for n, _ in node.entities],
            metadata=node.metadata,
            vector=vector,
        )
        view.add(fresh, text=index_text(node.content, fresh))
        view.revision = revision
        self._views.remember(tenant_id, turn.user_id, view)


def _concepts(
    view: UserView,
    theme: str,
    nearest: list[str],
    node_id: str,
    *,
    text: str,
    role: str,
    names: list[str],
) -> list[ConceptLink]:
    """The theme a recurring topic forms, and the interests and facets the user states."""
    links: list[ConceptLink] = []
    if theme != node_id:
        # The theme is named after its first memory (or, if that was erased, the nearest);
        # it appears when the topic recurs, and its first memory is linked then.
        root = view.nodes.get(theme) or view.nodes[nearest[0]]
        also = (theme,) if theme in view.nodes and view.theme_size(theme) == 1 else ()
        links.append(ConceptLink(kind="theme", key=theme, label=root.topic, also=also))
    if role != "user":
        return links  # what the assistant said is never a fact about the user
    links += [ConceptLink(kind="interest", key=i, label=i) for i in interests(text)]
    links += [
        ConceptLink(
            kind="facet", key=f"{f.entity.lower()}:{f.attribute}", label=f.label, entity=f.entity
        )
        for f in facets(text, names)
    ]
    return links


def _fingerprint(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
