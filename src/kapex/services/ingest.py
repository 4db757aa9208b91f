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
import math
import time
import uuid
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

import numpy as np
from pydantic import BaseModel

from kapex import metrics
from kapex.access.tiers import Limits
from kapex.engine import signals as sig
from kapex.engine import supersession
from kapex.engine.lexical import content_words, plain_apostrophes
from kapex.engine.people import others, people
from kapex.engine.processing import WORKED_THROUGH, processing_markers
from kapex.engine.salience import salience_many
from kapex.engine.signals import is_statement
from kapex.engine.topic_groups import member_of
from kapex.engine.topics import domain_of, topic_label, transcript_summary
from kapex.errors import RequestInProgress, ValidationFailed
from kapex.models.dates import mentioned_times
from kapex.safety.crisis import NOT_SCREENED
from kapex.safety.instructions import Neutralised, neutralise
from kapex.safety.pii import ScrubResult, merge_types
from kapex.schemas.memory import IngestRequest, IngestResponse, IngestSafety, ScoringBody, TurnItem
from kapex.schemas.profile import Profile
from kapex.services import relations
from kapex.services.index_cache import UserView
from kapex.services.message_vectors import MessageVectors, embed_messages
from kapex.services.models import LocalModels
from kapex.services.pins import (
    learn_people,
    prepare_pins,
    suppressing_neighbour,
    suppressing_pin,
)
from kapex.services.relations import Turn
from kapex.services.user_views import UserViews
from kapex.services.webhook import CrisisNotifier
from kapex.store.idempotency import Claim, IdempotencyStore
from kapex.store.memory import MemoryStore, NewNode

#: Cosine above which an older memory is "about the same thing" as a new turn. MiniLM puts
#: paraphrases around 0.66 and unrelated chat around 0.05.
RELATED_COSINE = 0.55
#: Below this processing-head score a turn is told raw (the bank's grades for a raw telling,
#: ongoing distress or a stuck matter are at most 0.25; data/judgements/README.md).
RAW = 0.25
#: Nearest memories looked at per turn: the candidates for its topic and its related memories.
NEAREST = 10
IDEMPOTENCY_WINDOW = timedelta(hours=24)
#: Default time a claimed Idempotency-Key waits for its worker before another request may
#: take it over (``KAPEX_IDEMPOTENCY_LEASE_SECONDS``); renewed as each turn is stored. Far
#: above one turn's time (~0.5 s at most).
IDEMPOTENCY_LEASE = timedelta(seconds=30)
EVICTION_SPARE = 8
Written = TypeVar("Written", bound=BaseModel)
SUMMARY_WORDS = 60
#: Names and sentiment are read from a message's first READ_CHARS characters: longer than
#: any chat turn, and it bounds the cost of a long assistant answer (on 2,000 characters,
#: VADER alone took ~30 ms; its compound score saturates on long text anyway).
READ_CHARS = 1000


@dataclass(frozen=True)
class Prepared:
    """An item's text after scrubbing and neutralisation, and its share of the batch's one
    embedding call."""

    scrubbed: ScrubResult
    safe: Neutralised
    vectors: Future[list[MessageVectors]]
    index: int


class IngestService:
    def __init__(
        self,
        *,
        store: MemoryStore,
        idempotency: IdempotencyStore,
        views: UserViews,
        models: LocalModels,
        notifier: CrisisNotifier | None = None,
        lease: timedelta = IDEMPOTENCY_LEASE,
    ) -> None:
        self._lease = lease
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
        # An IngestRequest is a TurnItem with its owner: it is ingested as it is.
        [response] = self._ingest(
            tenant_id,
            request.user_id,
            [request],
            limits=limits,
            profile=profile,
            now=now,
            idempotency_key=idempotency_key,
            fingerprint=(
                request_fingerprint("ingest", request.model_dump(mode="json"))
                if idempotency_key
                else ""
            ),
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
        idempotency_key: str | None = None,
        kind: str = "batch",
    ) -> list[IngestResponse]:
        """Ingest ``items`` in order. With a key, a retry stores nothing new; ``kind`` names
        the endpoint, so one key cannot replay across endpoints."""
        fingerprint = ""
        if idempotency_key:
            body = {"user_id": user_id, "items": [i.model_dump(mode="json") for i in items]}
            fingerprint = request_fingerprint(kind, body)
        return self._ingest(
            tenant_id,
            user_id,
            items,
            limits=limits,
            profile=profile,
            now=now,
            idempotency_key=idempotency_key,
            fingerprint=fingerprint,
        )

    # --- steps -------------------------------------------------------------------------

    def _ingest(
        self,
        tenant_id: str,
        user_id: str,
        items: list[TurnItem],
        *,
        limits: Limits,
        profile: Profile,
        now: datetime,
        idempotency_key: str | None,
        fingerprint: str,
    ) -> list[IngestResponse]:
        """Ingest ``items`` in order, each turn in one transaction with its idempotency record.

        With a key, the key is claimed first (``store/idempotency.py``): a finished request
        is replayed, one in flight gets 409, and a claim abandoned by a dead worker is
        resumed after the items it recorded.
        """
        claim: Claim | None = None
        done: list[IngestResponse] = []
        if idempotency_key:
            claim = self._claim(tenant_id, user_id, idempotency_key, fingerprint, now=now)
            done = [IngestResponse.model_validate(r) for r in claim.results]
            if claim.completed:
                return done
        started = time.monotonic()
        # Scrubbing and one batched embedding of every passage of the items still to store
        # start before the user's view is locked.
        first = len(done)
        prepared = self._prepare(items[first:], profile)
        view = self._views.current(tenant_id, user_id) or self._views.empty()
        with view.lock:
            for index in range(first, len(items)):
                item = items[index]
                try:
                    with (
                        metrics.timed(metrics.STAGE_SECONDS, "ingest", "turn"),
                        self._store.unit_of_work() as unit,
                    ):
                        response = self._one(
                            tenant_id,
                            Turn(user_id=user_id, item=item, event_time=item.timestamp or now),
                            prepared=prepared[index - first],
                            view=view,
                            limits=limits,
                            profile=profile,
                            now=now,
                        )
                        if claim is not None and claim.token is not None:
                            recorded = self._idempotency.record(
                                unit.connection(),
                                tenant_id,
                                claim.key,
                                token=claim.token,
                                results=[r.model_dump(mode="json") for r in [*done, response]],
                                now=now + timedelta(seconds=time.monotonic() - started),
                                lease=self._lease,
                                completed=index == len(items) - 1,
                            )
                            if not recorded:
                                raise RequestInProgress(
                                    message="This request took too long and another request "
                                    "with the same Idempotency-Key took over; retry to get "
                                    "its response."
                                )
                except BaseException as failure:
                    # The view may hold the rolled-back turn: rebuild it from storage.
                    self._views.forget(tenant_id, user_id)
                    view.revision = -1
                    if claim is not None and not isinstance(failure, RequestInProgress):
                        self._idempotency.release(claim, progress=len(done))
                    raise
                done.append(response)
        return done

    def _claim(
        self, tenant_id: str, user_id: str, key: str, fingerprint: str, *, now: datetime
    ) -> Claim:
        claim = self._idempotency.claim(
            tenant_id,
            key,
            user_id=user_id,
            request_hash=fingerprint,
            now=now,
            lease=self._lease,
            not_before=now - IDEMPOTENCY_WINDOW,
        )
        if claim.request_hash != fingerprint:
            metrics.IDEMPOTENCY.labels("mismatch").inc()
            raise ValidationFailed(
                "This Idempotency-Key was already used with a different body. Use a new key "
                "for a new turn."
            )
        if not claim.owned and not claim.completed:
            metrics.IDEMPOTENCY.labels("in_progress").inc()
            wait = (claim.lease_until - now).total_seconds() if claim.lease_until else 1
            raise RequestInProgress(math.ceil(wait))
        metrics.IDEMPOTENCY.labels("replayed" if claim.completed else "stored").inc()
        return claim

    def _prepare(self, items: list[TurnItem], profile: Profile) -> list[Prepared]:
        """Scrub and neutralise every item, and start one model call that embeds every
        passage of every item (``services/message_vectors.py``)."""
        models = self._models
        scrubber = models.scrubbers[profile.safety.pii_placeholder_style]
        scrubbed = [scrubber.scrub(item.content) for item in items]
        safe = [neutralise(s.text) for s in scrubbed]
        vectors = models.pool.submit(
            embed_messages,
            models.embedder,
            [s.text for s in scrubbed],
            shown=[x.text for x in safe],
        )
        return [
            Prepared(scrubbed=s, safe=x, vectors=vectors, index=i)
            for i, (s, x) in enumerate(zip(scrubbed, safe, strict=True))
        ]

    def _one(
        self,
        tenant_id: str,
        turn: Turn,
        *,
        prepared: Prepared,
        view: UserView,
        limits: Limits,
        profile: Profile,
        now: datetime,
    ) -> IngestResponse:
        models = self._models
        scrubbed, safe = prepared.scrubbed, prepared.safe
        # The caller's metadata is stored and returned too: its strings are scrubbed alike.
        scrubber = models.scrubbers[profile.safety.pii_placeholder_style]
        metadata = scrubber.scrub_data(turn.item.metadata)
        known = view.known_entities()  # read-only until _apply, under the view's lock
        # Entity extraction runs beside the embedding: on chat-length turns (LoCoMo's, 27
        # words on average) ingest measured 15.0 ms against 21.3 ms in line; on very short
        # turns the two are within noise. A long message is read for names up to READ_CHARS.
        entity_job = models.pool.submit(
            # The known spellings, not the view's lower-case index of them: a mapping would
            # be read as name → label.
            models.entities.extract,
            scrubbed.text[:READ_CHARS],
            known=tuple(known.values()),
        )
        embedded = prepared.vectors.result()[prepared.index]
        vector = embedded.vector
        role = turn.item.role
        # Detectors read vectors of the model they were calibrated on, never another's.
        signal = models.signal_vectors([scrubbed.text], vector[None, :])[0]
        # Crisis detection is about the end user: an assistant turn quotes resources and
        # paraphrases the user, whose own turn is the one screened (docs/safety.md).
        crisis = (
            models.crisis.detect(scrubbed.text, vector=signal, vector_model=models.signals.model_id)
            if role == "user"
            else NOT_SCREENED
        )
        safety = IngestSafety(
            crisis_detected=crisis.detected,
            crisis_category=crisis.category,  # type: ignore[arg-type]
            crisis_confidence=crisis.confidence,
            pii_redacted=merge_types(scrubbed.types, metadata.types),  # type: ignore[arg-type]
            instructions_neutralised=safe.flagged,
        )
        # A suppress pin may cover a person the turn names ("my ex-husband" covers Gareth):
        # only then does the check wait for the names.
        suppressing = any(p.kind == "suppress" for p in view.pins)
        named = [e.name for e in entity_job.result()] if suppressing else []
        # Cosine thresholds were set on MiniLM; another embedder's cosines are mapped onto it.
        scale = models.embedder.reference_scale
        if suppressing:
            prepare_pins(view, models.embedder.embed, models.fields)
        pin = suppressing_pin(view, scrubbed.text, vector, scale=scale, entities=named)
        if pin is None and suppressing:
            pin = suppressing_neighbour(view, vector, scale=scale)
        if pin is not None:
            # The job reads the view, which stays locked only until we return.
            learn_people(view, pin, scrubbed.text, [e.name for e in entity_job.result()])
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
        persons = [e.name for e in found if e.label == "PERSON"]
        created = [n for n in names if n.lower() not in known]
        node_id = str(uuid.uuid4())
        nearest = [(n, scale(c)) for n, c in view.index.nearest(vector, k=NEAREST)]
        member = member_of(
            node_id, vector, scrubbed.text, entities=names, speakers=view.index.speakers
        )
        joined = view.topics.assign(member, nearest=nearest)
        topic_id = joined or str(uuid.uuid4())
        related = [n for n, cosine in nearest if cosine >= RELATED_COSINE]
        gravity = models.gravity(scrubbed.text, signal)
        learned = models.processing(scrubbed.text, signal)
        who = people(scrubbed.text, persons)
        # Someone named only as the writer's co-agent ("Mark and I went to a support group")
        # does not make the turn news about someone else.
        about = others(scrubbed.text, persons)
        continued = relations.thread_of(
            view,
            nearest,
            who=who,
            about=about,
            grave=gravity >= sig.GRAVE_LEVEL,
            raw=learned < RAW,
            # Read as worked through and more than trivia, it may go back to a matter told
            # in other words.
            worked=role == "user" and learned >= WORKED_THROUGH and gravity >= sig.TRIVIAL_BAND,
            named=frozenset(name.lower() for name in names) - (who - about),
        )
        thread = continued.thread if continued else None
        returning = relations.goes_back(continued, gravity=gravity)
        # The English rules read plain apostrophes ("I’ve made my peace" is a marker too).
        read = plain_apostrophes(scrubbed.text)
        markers = (
            processing_markers(read, learned=learned, returning=returning) if role == "user" else []
        )
        # Working through counts for a matter raised before; a turn that says a matter is
        # resolved is itself worked through even when it names nothing stored. A turn in
        # crisis never is: "I keep thinking about ending it" must not make that matter fade.
        processing = (
            bool(markers) and bool(thread or "resolution" in markers) and not crisis.detected
        )
        step = relations.processing_step(markers)
        # A later turn about a matter already worked through carries the matter's state: told
        # calmly, it is more of the same, not a new open matter (the newest mention of a
        # settled loss must not outlast it). Told raw or in crisis, it is open again.
        opened = learned < RAW or crisis.detected
        carried = relations.processing_count(view, thread) if processing or not opened else 0
        best_cosine = nearest[0][1] if nearest else 0.0
        statement = role == "user" and is_statement(scrubbed.text)
        # Who a statement is about is a person: "now employed by the county council" is the
        # user's job, not the council's.
        claims = supersession.claims(read, names=set(persons)) if statement else []
        features = sig.TurnFeatures(
            text=read,
            role=role,
            valence=models.sentiment.valence(scrubbed.text[:READ_CHARS]),
            entities=tuple(names),
            mentioned_times=tuple(mentioned_times(read, relative_to=turn.event_time)),
            event_time=turn.event_time,
            self_disclosure_sim=sig.prototype_similarity(signal, models.self_disclosure_prototypes),
            urgency_sim=sig.prototype_similarity(signal, models.urgency_prototypes),
            novelty=1.0 - max(0.0, best_cosine),
            topic_session_count=relations.sessions_about(view, related, turn),
            crisis=crisis.detected,
            processing=processing,
            gravity=gravity,
        )
        scoring = sig.score_turn(features, weights=profile.signal_weights)
        passages, passage_blob = embedded.stored()
        update, newer = relations.graph_update(
            view,
            turn,
            thread=thread,
            related=related,
            processing=processing,
            step=step,
            claims=claims,
            vector=vector,
            speaker=metadata.value.get("speaker"),
        )
        view.topics.add(member, topic_id)
        try:
            label = view.topics.label(topic_id, fallback=topic_label(safe.text, names))
        finally:
            view.topics.remove(node_id)
        node = NewNode(
            node_id=node_id,
            node_type="memory",
            topic=topic_label(safe.text, names),
            topic_id=topic_id,
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
            processing_count=carried + (step if processing else 0),
            signals={
                **scoring.as_dict(),
                # A new matter gets a new id, never the memory's: erasing this memory must
                # leave no trace of its id in the memories that go back to the matter.
                "thread": thread or str(uuid.uuid4()),
                "statement": statement,
                "claims": [[c.family, sorted(c.subjects), sorted(c.things)] for c in claims],
            },
            entities=[(e.name, e.label) for e in found],
            concepts=relations.concepts(
                view, topic_id, joined, label=label, text=safe.text, role=role, names=names
            ),
            safety=safety.model_dump(),
            metadata=metadata.value,
            model_id=models.embedder.model_id,
            embedding=vector.astype(np.float32).tobytes(),
            superseded_by=newer,
            passages=passages,
            passage_vectors=passage_blob,
            # Split once here, so that no worker loading the user splits it again.
            words=" ".join(content_words(scrubbed.text)),
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
        self._views.applied(tenant_id, turn.user_id, view, result=result, change=update)
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


def request_fingerprint(kind: str, body: dict) -> str:
    """What an Idempotency-Key is bound to: the endpoint and the validated body."""
    return hashlib.sha256(json.dumps([kind, body], sort_keys=True).encode()).hexdigest()
