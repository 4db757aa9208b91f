"""How a new turn relates to what is already stored.

A turn can work a topic through (processing: the topic's memories decay faster), mention it
again unresolved (a re-mention spike for the closest memories), restate an attribute an older
memory stated (supersession), and form or join graph concepts (topics, interests, facets).
These are decided here, under the user's view lock, before the turn is written; the store
applies them in the turn's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from kapex.engine import supersession
from kapex.engine.concepts import facets, interests
from kapex.schemas.memory import TurnItem
from kapex.services.index_cache import UserView
from kapex.store.graph_links import ConceptLink
from kapex.store.memory import GraphUpdate

#: At most this many older memories get a re-mention spike from one turn (the closest ones).
MAX_RELATED = 5
#: At most this many memories of a topic are marked processed by one processing turn (the
#: newest ones); a topic larger than this is rarely worked through as one. Each marked memory
#: costs an update, an event row (two for a resolution) and a change-record row: at 200, the
#: processing turns were the slowest twentieth of ingests at 5,000 memories (p95 54 ms against
#: 34 ms at 50, `kapex bench latency` on a busy machine), with every scenario passing at both.
MAX_PROCESSED = 50
#: A newer memory supersedes an older one only if they are at least this close in meaning
#: as well as stating the same attribute of the same subject (engine/supersession.py).
SUPERSEDE_COSINE = 0.25


@dataclass(frozen=True)
class Turn:
    """A validated turn with its owner and clock resolved."""

    user_id: str
    item: TurnItem
    event_time: datetime


def processing_step(markers: list[str]) -> int:
    """How far one processing turn works a topic through: a resolution ("we made our peace",
    "it's behind me") counts twice, any other processing once."""
    return 2 if "resolution" in markers else 1


def processing_count(view: UserView, topic: str | None) -> int:
    """How often the topic a processing turn joins has been worked through already: the turn
    that resolves a topic carries the topic's processing, or it would outlast the memories it
    resolves."""
    members = view.topics.members(topic) if topic else set()
    return max((view.nodes[n].processing_count for n in members), default=0)


def sessions_about(view: UserView, related: list[str], turn: Turn) -> int:
    """How many earlier sessions held memories about the same thing (for CSCV)."""
    return len(
        {
            view.nodes[i].session_id
            for i in related
            if view.nodes[i].session_id and view.nodes[i].session_id != turn.item.session_id
        }
    )


def graph_update(
    view: UserView,
    turn: Turn,
    *,
    topic: str | None,
    related: list[str],
    processing: bool,
    step: int = 1,
    claims: list[supersession.Claim],
    vector: np.ndarray,
    speaker: str | None = None,
) -> tuple[GraphUpdate, str | None]:
    """What a new turn changes in older memories, and the newer memory that already
    supersedes it (imported history can arrive out of order).

    - A processing turn marks its whole topic processed (the newest ``MAX_PROCESSED``
      memories) and the memories closest to it in meaning, by ``step`` (a resolution counts
      twice): working a topic through makes all of it recede, not only the sentence most
      like the new one.
    - Any other user turn on a topic is an unresolved re-mention: a spike for the few
      memories closest to it.
    - A statement of an attribute supersedes older statements of the same attribute of the
      same subject; a statement older than one already stored is itself superseded. In a
      conversation with named speakers (``speaker``), "I" is whoever speaks: statements by
      two different speakers are about two different people.
    """
    members = view.topics.members(topic) if topic else set()
    processed: list[str] = []
    rementioned: list[str] = []
    if processing:
        newest = sorted(members, key=lambda n: view.nodes[n].event_time, reverse=True)
        processed = list(dict.fromkeys([*newest[:MAX_PROCESSED], *related]))
    elif turn.item.role == "user":
        rementioned = related[:MAX_RELATED]
    superseded: list[str] = []
    newer: tuple[datetime, str] | None = None
    said_by = speaker.strip().lower() if isinstance(speaker, str) and speaker.strip() else None
    if claims:
        for node in view.stating({c.family for c in claims}):
            if (
                node.role != "user"
                or (said_by and node.speaker and node.speaker.strip().lower() != said_by)
                or float(node.vector @ vector) < SUPERSEDE_COSINE
                or not supersession.superseded(claims, node.claims)
            ):
                continue
            if node.event_time <= turn.event_time:
                if node.superseded_by is None:
                    superseded.append(node.node_id)
            elif newer is None or node.event_time < newer[0]:
                newer = (node.event_time, node.node_id)
    update = GraphUpdate(
        processed_node_ids=processed,
        processing_step=step if processed else 1,
        rementioned_node_ids=rementioned,
        superseded_node_ids=superseded,
    )
    return update, newer[1] if newer else None


def concepts(
    view: UserView,
    topic_id: str,
    joined: str | None,
    *,
    label: str,
    text: str,
    role: str,
    names: list[str],
) -> list[ConceptLink]:
    """The topic a recurring subject forms, and the interests and facets the user states."""
    links: list[ConceptLink] = []
    if joined is not None:
        # A topic becomes a graph node when it recurs; its first memory is linked then.
        first = tuple(view.topics.members(joined)) if view.topics.size(joined) == 1 else ()
        links.append(ConceptLink(kind="topic", key=topic_id, label=label, also=first))
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
