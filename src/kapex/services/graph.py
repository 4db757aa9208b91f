"""Browsing, exporting and erasing a user's memory graph."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

import numpy as np

from kapex.clock import as_utc, iso_z
from kapex.engine.replay import NodeEvent, replay
from kapex.engine.salience import NodeState, salience, salience_many
from kapex.errors import NotFound, ValidationFailed
from kapex.schemas.memory import (
    ConceptBody,
    CurvePoint,
    Deleted,
    EntityBody,
    EntityList,
    ExportResponse,
    GraphMap,
    NodeDetail,
    NodeList,
    NodeSummary,
    SaliencePoint,
    ScoringBody,
    TopicBody,
    TopicList,
    UserDetail,
    UserList,
    UserSummary,
)
from kapex.schemas.profile import Profile
from kapex.services.annotations import Annotation, NodeFilter, annotate, offered_unasked
from kapex.services.cursors import decode_cursor, encode_cursor
from kapex.services.graph_map import build_map
from kapex.services.models import LocalModels
from kapex.services.pins import prepare_pins
from kapex.services.user_views import UserViews, node_view
from kapex.store.memory import MemoryStore

MAX_PAGE = 500


#: The orders and directions ``GET /users/{id}/nodes`` accepts (``_sorted`` says what each means).
ORDERS = ("salience", "recent", "topic")
DIRECTIONS = ("asc", "desc")


def _state(row: Any) -> NodeState:
    return node_view(row).state()


def _summary(row: Any, live: float, note: Annotation) -> NodeSummary:
    return NodeSummary(
        node_id=row.node_id,
        topic=row.topic,
        topic_id=note.topic_id,
        topic_label=note.topic_label,
        summary=row.summary,
        role=row.role,
        node_type=row.node_type,
        domain=row.domain,
        session_id=row.session_id,
        event_time=iso_z(row.event_time),
        created_at=iso_z(row.created_at),
        salience=round(live, 4),
        base_score=round(float(row.base_score), 4),
        processing_count=int(row.processing_count),
        superseded_by=note.superseded_by,
        channel=note.channel,  # type: ignore[arg-type]
        flags=list(note.flags),  # type: ignore[arg-type]
        pin_ids=list(note.pin_ids),
        metadata=dict(row.metadata),
    )


def _sorted(
    scored: list[tuple[Any, float, Annotation]], *, order: str, direction: str | None
) -> list[tuple[Any, float, Annotation]]:
    """Rows in the listing's order; ties broken by node id so pages never overlap."""
    descending = (direction or ("asc" if order == "topic" else "desc")) == "desc"
    by_id = sorted(scored, key=lambda item: item[0].node_id)
    if order == "salience":
        return sorted(by_id, key=lambda item: item[1], reverse=descending)
    if order == "recent":
        return sorted(by_id, key=lambda item: as_utc(item[0].event_time), reverse=descending)
    # By topic, and within a topic most salient first whichever way the topics run.
    within = sorted(by_id, key=lambda item: -item[1])
    return sorted(within, key=lambda item: item[2].topic_label.casefold(), reverse=descending)


def _live_salience(rows: list[Any], *, profile: Profile, now: datetime) -> dict[str, float]:
    """Each stored node's salience at ``now``, in one vectorised pass."""
    values = salience_many(
        base_score=np.array([r.base_score for r in rows], dtype=np.float64),
        event_ts=np.array([as_utc(r.event_time).timestamp() for r in rows]),
        processing_count=np.array([r.processing_count for r in rows], dtype=np.float64),
        last_remention_ts=np.array(
            [
                as_utc(r.last_remention_at).timestamp() if r.last_remention_at else np.nan
                for r in rows
            ]
        ),
        remention_count=np.array([r.remention_count for r in rows], dtype=np.float64),
        at=now,
        decay=profile.decay_profile,
    )
    return {r.node_id: float(v) for r, v in zip(rows, values, strict=True)}


def _user(row: dict[str, Any]) -> UserSummary:
    return UserSummary(
        user_id=row["user_id"],
        node_count=int(row["node_count"]),
        created_at=iso_z(row["created_at"]),
        last_active_at=iso_z(row["last_active_at"]),
    )


def _plain(row: Any) -> dict[str, Any]:
    """A row as JSON-ready data (times as ISO strings, vectors as base64)."""
    out: dict[str, Any] = {}
    for key, value in row._mapping.items():
        if isinstance(value, datetime):
            out[key] = iso_z(value)
        elif isinstance(value, bytes | memoryview):
            out[key] = base64.b64encode(bytes(value)).decode()
        else:
            out[key] = value
    out.pop("tenant_id", None)
    return out


class GraphService:
    def __init__(self, *, store: MemoryStore, views: UserViews, models: LocalModels) -> None:
        self._store = store
        self._views = views
        self._models = models

    def users(
        self, tenant_id: str, *, limit: int, cursor: str | None, search: str | None = None
    ) -> UserList:
        """A page of the tenant's users in id order; ``search`` keeps ids containing it."""
        contains = search.strip() if search and search.strip() else None
        after = decode_cursor("users", cursor) if cursor is not None else None
        rows = self._store.list_users(tenant_id, limit=limit + 1, after=after, contains=contains)
        page = rows[:limit]
        return UserList(
            users=[_user(r) for r in page],
            total=self._store.count_matching_users(tenant_id, contains=contains),
            next_cursor=encode_cursor("users", page[-1]["user_id"]) if len(rows) > limit else None,
        )

    def user(self, tenant_id: str, user_id: str) -> UserDetail:
        row = self._store.user_row(tenant_id, user_id)
        if row is None:
            raise NotFound(f"No user {user_id!r} in this account.")
        span = self._store.user_span(tenant_id, user_id)
        return UserDetail(
            **_user(dict(row._mapping)).model_dump(),
            first_event_at=iso_z(span["first_event_at"]) if span["first_event_at"] else None,
            last_event_at=iso_z(span["last_event_at"]) if span["last_event_at"] else None,
            pin_count=span["pin_count"],
        )

    def annotated(
        self, tenant_id: str, user_id: str, *, profile: Profile, now: datetime
    ) -> list[tuple[Any, float, Annotation]]:
        """Every memory of the user with its live salience and annotation at ``now``."""
        return self._annotate(
            tenant_id,
            user_id,
            self._store.node_listing(tenant_id, user_id),
            profile=profile,
            now=now,
        )

    def _annotate(
        self, tenant_id: str, user_id: str, rows: list[Any], *, profile: Profile, now: datetime
    ) -> list[tuple[Any, float, Annotation]]:
        if not rows:
            return []
        live = _live_salience(rows, profile=profile, now=now)
        # The view knows the user's topics (their labels) and pins (with their vectors).
        view = self._views.current(tenant_id, user_id)
        scale = self._models.embedder.reference_scale
        if view is not None:
            with view.lock:
                prepare_pins(view, self._models.embedder.embed, self._models.fields)
        offered = offered_unasked(view, at=now, profile=profile, scale=scale) if view else set()
        notes = annotate(rows, view=view, offered=offered, scale=scale)
        return [(r, live[r.node_id], notes[r.node_id]) for r in rows]

    def nodes(
        self,
        tenant_id: str,
        user_id: str,
        *,
        order: str,
        limit: int,
        cursor: str | None,
        profile: Profile,
        now: datetime,
        direction: str | None = None,
        where: NodeFilter | None = None,
    ) -> NodeList:
        if order not in ORDERS:
            raise ValidationFailed(f"order must be one of {', '.join(ORDERS)}")
        if direction is not None and direction not in DIRECTIONS:
            raise ValidationFailed("direction must be 'asc' or 'desc'")
        if not 1 <= limit <= MAX_PAGE:
            raise ValidationFailed(f"limit must be from 1 to {MAX_PAGE}")
        # A cursor belongs to one order and direction: a page of one is never read as another's.
        listing = f"nodes:{order}:{direction or 'default'}"
        offset = 0
        if cursor is not None:
            position = decode_cursor(listing, cursor)
            if not position.isdigit():
                raise ValidationFailed("cursor is not one this API returned")
            offset = int(position)
        kept = [
            item
            for item in self.annotated(tenant_id, user_id, profile=profile, now=now)
            if where is None or where.keeps(item[0], item[2])
        ]
        page = _sorted(kept, order=order, direction=direction)[offset : offset + limit]
        more = offset + limit < len(kept)
        return NodeList(
            user_id=user_id,
            total=len(kept),
            nodes=[_summary(r, live, note) for r, live, note in page],
            next_cursor=encode_cursor(listing, str(offset + limit)) if more else None,
        )

    def topics(self, tenant_id: str, user_id: str, *, profile: Profile, now: datetime) -> TopicList:
        """The user's topics, most salient first: how many memories each holds, its share of
        all memories, the live salience of its most salient memory, and how many of its
        memories are still unresolved (never worked through)."""
        view = self._views.current(tenant_id, user_id)
        if view is None:
            raise NotFound(f"No user {user_id!r} in this account.")
        with view.lock:
            _, columns = view.arrays()
            live = salience_many(**columns, at=now, decay=profile.decay_profile)
            total = max(1, len(view.nodes))
            bodies = []
            for topic_id in view.topics.topic_ids():
                members = [view.nodes[n] for n in view.topics.members(topic_id)]
                values = [float(live[view.row_of(m.node_id)]) for m in members]
                times = [m.event_time for m in members]
                first = min(members, key=lambda m: m.event_time)
                bodies.append(
                    TopicBody(
                        topic_id=topic_id,
                        label=view.topics.label(topic_id, fallback=first.topic),
                        count=len(members),
                        share=round(len(members) / total, 4),
                        salience=round(max(values), 4),
                        unresolved=sum(1 for m in members if m.processing_count == 0),
                        first_seen=iso_z(min(times)),
                        last_seen=iso_z(max(times)),
                    )
                )
        bodies.sort(key=lambda b: (-b.salience, b.topic_id))
        return TopicList(user_id=user_id, topics=bodies)

    def node(
        self, tenant_id: str, user_id: str, node_id: str, *, profile: Profile, now: datetime
    ) -> NodeDetail:
        """One memory with its salience replayed from its events (``engine/replay.py``)."""
        stored = self._store.get_node(tenant_id, user_id, node_id)
        if stored is None:
            raise NotFound(f"No memory {node_id!r} for user {user_id!r}.")
        ((row, live, note),) = self._annotate(
            tenant_id, user_id, [stored], profile=profile, now=now
        )
        events = [
            NodeEvent(kind=event.kind, at=as_utc(event.at))
            for event in self._store.node_events(tenant_id, user_id, node_id)
        ]
        logged = sum(1 for event in events if event.kind == "processed")
        curve = replay(
            base_score=float(row.base_score),
            event_time=as_utc(row.event_time),
            events=events,
            until=now,
            decay=profile.decay_profile,
            # What the count holds beyond its logged events, the memory was born with.
            processed_at_creation=max(0, int(row.processing_count) - logged),
        )
        return NodeDetail(
            **_summary(row, live, note).model_dump(),
            content=row.content,
            entities=list(row.entities),
            scoring=ScoringBody(**row.signals),
            safety=dict(row.safety),
            salience_history=[
                SaliencePoint(at=iso_z(m.at), event=m.event or "", salience=round(m.salience, 4))
                for m in curve.marks
            ],
            salience_curve=[
                CurvePoint(at=iso_z(p.at), salience=round(p.salience, 4)) for p in curve.points
            ],
        )

    def map(
        self, tenant_id: str, user_id: str, *, limit: int, profile: Profile, now: datetime
    ) -> GraphMap:
        """The user's graph for drawing: the ``limit`` most salient memories and what they
        link to (``services/graph_map.py``)."""
        if self._store.user_row(tenant_id, user_id) is None:
            raise NotFound(f"No user {user_id!r} in this account.")
        return build_map(
            user_id,
            self.annotated(tenant_id, user_id, profile=profile, now=now),
            entities=self._store.list_entities(tenant_id, user_id),
            concepts=self._store.list_concepts(tenant_id, user_id),
            edges=self._store.list_edges(tenant_id, user_id),
            limit=limit,
        )

    def entities(
        self, tenant_id: str, user_id: str, *, profile: Profile, now: datetime
    ) -> EntityList:
        """Entities and concepts, each with the live salience of its most salient memory."""
        rows = self._store.load_nodes(tenant_id, user_id)
        live = {r.node_id: salience(_state(r), at=now, decay=profile.decay_profile) for r in rows}
        best: dict[str, float] = {}
        for edge in self._store.list_edges(tenant_id, user_id):
            if edge.src_id in live:
                best[edge.dst_id] = max(best.get(edge.dst_id, 0.0), live[edge.src_id])

        def counted(row: Any, key: str) -> dict[str, Any]:
            return {
                "mention_count": int(row.mention_count),
                "first_seen": iso_z(row.first_seen),
                "last_seen": iso_z(row.last_seen),
                "salience": round(best.get(key, 0.0), 4),
            }

        return EntityList(
            user_id=user_id,
            entities=[
                EntityBody(
                    entity_id=e.entity_id, name=e.name, label=e.label, **counted(e, e.entity_id)
                )
                for e in self._store.list_entities(tenant_id, user_id)
            ],
            concepts=[
                ConceptBody(
                    concept_id=c.concept_id, kind=c.kind, label=c.label, **counted(c, c.concept_id)
                )
                for c in self._store.list_concepts(tenant_id, user_id)
            ],
        )

    def delete_node(self, tenant_id: str, user_id: str, node_id: str) -> Deleted:
        if not self._store.delete_node(tenant_id, user_id, node_id):
            raise NotFound(f"No memory {node_id!r} for user {user_id!r}.")
        self._views.forget(tenant_id, user_id)
        return Deleted(status="deleted", node_id=node_id)

    def delete_user(self, tenant_id: str, user_id: str) -> Deleted:
        deleted = self._store.delete_user(tenant_id, user_id)
        self._views.forget(tenant_id, user_id)
        if deleted is None:
            raise NotFound(f"No user {user_id!r} in this account.")
        return Deleted(status="deleted", user_id=user_id, nodes_deleted=deleted)

    def export(self, tenant_id: str, user_id: str, *, now: datetime) -> ExportResponse:
        user = self._store.user_row(tenant_id, user_id)
        if user is None:
            raise NotFound(f"No user {user_id!r} in this account.")
        return ExportResponse(
            user_id=user_id,
            exported_at=iso_z(now),
            user=_plain(user),
            nodes=[_plain(r) for r in self._store.load_nodes(tenant_id, user_id)],
            entities=[_plain(r) for r in self._store.list_entities(tenant_id, user_id)],
            concepts=[_plain(r) for r in self._store.list_concepts(tenant_id, user_id)],
            edges=[_plain(r) for r in self._store.list_edges(tenant_id, user_id)],
            pins=[_plain_pin(p) for p in self._store.list_pins(tenant_id, user_id)],
            events=[_plain(r) for r in self._store.list_events(tenant_id, user_id)],
        )


def _plain_pin(pin: Any) -> dict[str, Any]:
    return {
        "pin_id": pin.pin_id,
        "topic": pin.topic,
        "kind": pin.kind,
        "note": pin.note,
        "model_id": pin.model_id,
        "embedding": base64.b64encode(pin.embedding).decode(),
        "created_at": iso_z(pin.created_at),
    }
