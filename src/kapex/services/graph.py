"""Browsing, exporting and erasing a user's memory graph."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime
from typing import Any

from kapex.clock import as_utc, iso_z
from kapex.engine.salience import NodeState, salience, salience_many
from kapex.errors import NotFound, ValidationFailed
from kapex.schemas.memory import (
    ConceptBody,
    Deleted,
    EntityBody,
    EntityList,
    ExportResponse,
    NodeDetail,
    NodeList,
    NodeSummary,
    SaliencePoint,
    ScoringBody,
    TopicBody,
    TopicList,
    UserList,
    UserSummary,
)
from kapex.schemas.profile import Profile
from kapex.services.cursors import decode_cursor, encode_cursor
from kapex.services.user_views import UserViews, node_view
from kapex.store.memory import MemoryStore

MAX_PAGE = 500


def _state(row: Any) -> NodeState:
    return node_view(row).state()


def _summary(row: Any, live: float, *, topic_label: str) -> NodeSummary:
    return NodeSummary(
        node_id=row.node_id,
        topic=row.topic,
        topic_id=row.topic_id,
        topic_label=topic_label,
        superseded_by=row.superseded_by,
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
        metadata=dict(row.metadata),
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
    def __init__(self, *, store: MemoryStore, views: UserViews) -> None:
        self._store = store
        self._views = views

    def users(self, tenant_id: str, *, limit: int, cursor: str | None) -> UserList:
        after = decode_cursor("users", cursor) if cursor is not None else None
        rows = self._store.list_users(tenant_id, limit=limit + 1, after=after)
        page = rows[:limit]
        return UserList(
            users=[
                UserSummary(
                    user_id=r["user_id"],
                    node_count=int(r["node_count"]),
                    created_at=iso_z(r["created_at"]),
                    last_active_at=iso_z(r["last_active_at"]),
                )
                for r in page
            ],
            next_cursor=encode_cursor("users", page[-1]["user_id"]) if len(rows) > limit else None,
        )

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
    ) -> NodeList:
        if order not in ("salience", "recent"):
            raise ValidationFailed("order must be 'salience' or 'recent'")
        if not 1 <= limit <= MAX_PAGE:
            raise ValidationFailed(f"limit must be from 1 to {MAX_PAGE}")
        offset = 0
        if cursor is not None:
            position = decode_cursor(f"nodes:{order}", cursor)
            if not position.isdigit():
                raise ValidationFailed("cursor is not one this API returned")
            offset = int(position)
        rows = self._store.load_nodes(tenant_id, user_id)
        scored = [(r, salience(_state(r), at=now, decay=profile.decay_profile)) for r in rows]
        if order == "salience":
            scored.sort(key=lambda pair: (-pair[1], pair[0].node_id))
        else:
            scored.sort(
                key=lambda pair: (as_utc(pair[0].event_time), pair[0].node_id), reverse=True
            )
        page = scored[offset : offset + limit]
        more = offset + limit < len(scored)
        labels = self._labels(tenant_id, user_id)
        return NodeList(
            user_id=user_id,
            nodes=[_summary(r, s, topic_label=labels(r)) for r, s in page],
            next_cursor=encode_cursor(f"nodes:{order}", str(offset + limit)) if more else None,
        )

    def _labels(self, tenant_id: str, user_id: str) -> Callable[[Any], str]:
        """A node row's topic label, from the user's live topics."""
        view = self._views.current(tenant_id, user_id)
        if view is None:
            return lambda row: str(row.topic)
        return lambda row: view.topics.label(row.topic_id, fallback=row.topic)

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
        row = self._store.get_node(tenant_id, user_id, node_id)
        if row is None:
            raise NotFound(f"No memory {node_id!r} for user {user_id!r}.")
        decay = profile.decay_profile
        # Creation is the node's own event time; later events are stored as they happen.
        moments = [("created", as_utc(row.event_time))] + [
            (event.kind, as_utc(event.at))
            for event in self._store.node_events(tenant_id, user_id, node_id)
        ]
        history = [
            SaliencePoint(
                at=iso_z(at),
                event=kind,
                salience=round(salience(_state(row), at=at, decay=decay), 4),
            )
            for kind, at in moments
        ]
        live = salience(_state(row), at=now, decay=decay)
        history.append(SaliencePoint(at=iso_z(now), event="now", salience=round(live, 4)))
        base = _summary(row, live, topic_label=self._labels(tenant_id, user_id)(row)).model_dump()
        return NodeDetail(
            **base,
            content=row.content,
            entities=list(row.entities),
            scoring=ScoringBody(**row.signals),
            safety=dict(row.safety),
            salience_history=history,
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
