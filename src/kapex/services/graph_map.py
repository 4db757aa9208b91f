"""A user's memory graph as a picture needs it: topics, memories, entities, concepts, edges.

Contract of ``build_map``:
- memories are the ``limit`` most salient (ties by id); ``truncated`` says whether some were
  left out, ``total_memories`` how many there are;
- entities and concepts are those linked to a memory on the map, each with the live salience
  of its most salient linked memory; edges join two nodes that are both on the map — links to
  entities and concepts as stored, plus ``supersedes`` from a newer memory to the one it
  restates;
- topics group the memories on the map (``count``, and ``salience``: the highest live
  salience among them), most salient first.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kapex.schemas.memory import GraphEdge, GraphMap, GraphNode, GraphTopic
from kapex.services.annotations import Annotation

#: How much of a memory's summary labels its dot (the full text is one click away).
LABEL_CHARS = 80


def _label(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= LABEL_CHARS else flat[: LABEL_CHARS - 1] + "…"


def build_map(
    user_id: str,
    annotated: list[tuple[Any, float, Annotation]],
    *,
    entities: Iterable[Any],
    concepts: Iterable[Any],
    edges: Iterable[Any],
    limit: int,
) -> GraphMap:
    """The map of ``annotated`` memories (module contract)."""
    ranked = sorted(annotated, key=lambda item: (-item[1], item[0].node_id))
    shown = ranked[:limit]
    live = {row.node_id: value for row, value, _ in shown}

    topics: dict[str, GraphTopic] = {}
    nodes: list[GraphNode] = []
    for row, value, note in shown:
        topic = topics.get(note.topic_id)
        if topic is None:
            topic = GraphTopic(topic_id=note.topic_id, label=note.topic_label, count=0, salience=0)
            topics[note.topic_id] = topic
        topic.count += 1
        topic.salience = max(topic.salience, round(value, 4))
        nodes.append(
            GraphNode(
                id=row.node_id,
                kind="memory",
                label=_label(row.summary),
                salience=round(value, 4),
                topic_id=note.topic_id,
                category=None,
                role=row.role,
                flags=list(note.flags),  # type: ignore[arg-type]
            )
        )

    links: list[GraphEdge] = []
    reach: dict[str, float] = {}
    for edge in edges:
        if edge.src_id in live:
            reach[edge.dst_id] = max(reach.get(edge.dst_id, 0.0), live[edge.src_id])
            links.append(GraphEdge(source=edge.src_id, target=edge.dst_id, kind=edge.kind))
    for row, _, note in shown:
        if note.superseded_by and note.superseded_by in live:
            links.append(
                GraphEdge(source=note.superseded_by, target=row.node_id, kind="supersedes")
            )

    linked: set[str] = set()
    for kind, rows, key, label, category in (
        ("entity", entities, "entity_id", "name", "label"),
        ("concept", concepts, "concept_id", "label", "kind"),
    ):
        for other in rows:
            node_id = getattr(other, key)
            if node_id in reach:
                linked.add(node_id)
                nodes.append(
                    GraphNode(
                        id=node_id,
                        kind=kind,  # type: ignore[arg-type]
                        label=_label(getattr(other, label)),
                        salience=round(reach[node_id], 4),
                        topic_id=None,
                        category=getattr(other, category),
                        role=None,
                        flags=[],
                    )
                )
    on_map = set(live) | linked
    return GraphMap(
        user_id=user_id,
        total_memories=len(annotated),
        truncated=len(shown) < len(annotated),
        topics=sorted(topics.values(), key=lambda t: (-t.salience, -t.count, t.topic_id)),
        nodes=nodes,
        edges=[e for e in links if e.source in on_map and e.target in on_map],
    )


__all__ = ["LABEL_CHARS", "build_map"]
