"""Linking memories into the graph: entities and concepts, their edges, and cleanup.

Entities (people, places, organisations) and concepts (themes, interests, facets) are graph
nodes counted per mention; a memory links to them with typed edges. When memories are
deleted, whatever only they linked to goes too, so erasure leaves no dangling node.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, case, delete, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from kapex.store.schema import concepts, edges, entities, fit


def owner_of(table: Any, owner: tuple[str, str]) -> Any:
    """The WHERE clause that keeps a statement inside one tenant's user."""
    return and_(table.c.tenant_id == owner[0], table.c.user_id == owner[1])


@dataclass(frozen=True)
class ConceptLink:
    """A topic, interest or facet a new memory belongs to (``engine/topic_groups.py``,
    ``engine/concepts.py``).

    ``also``: earlier memories to link too (a topic's first member, once the topic recurs);
    ``entity``: for a facet, the entity it describes. A topic's label follows its members, so
    the stored label is refreshed on every link.
    """

    kind: str
    key: str
    label: str
    also: tuple[str, ...] = ()
    entity: str | None = None

    @property
    def edge_kind(self) -> str:
        return {"topic": "about", "interest": "shows_interest", "facet": "describes"}[self.kind]


def link_node(
    conn: Connection,
    *,
    postgres: bool,
    owner: tuple[str, str],
    node_id: str,
    entity_labels: list[tuple[str, str]],
    concept_links: list[ConceptLink],
    at: datetime,
    now: datetime,
) -> None:
    """Link a new memory to its entities and concepts, creating or counting each."""
    entity_ids = {
        name.lower(): upsert_counted(
            conn,
            entities,
            postgres=postgres,
            values={
                "name": fit(entities.c.name, name),
                "norm_name": fit(entities.c.norm_name, name.strip().lower()),
                "label": label,
            },
            conflict=("norm_name",),
            owner=owner,
            at=at,
        )
        for name, label in entity_labels
    }
    links = [(node_id, entity_id, "mentions") for entity_id in entity_ids.values()]
    for concept in concept_links:
        concept_id = upsert_counted(
            conn,
            concepts,
            postgres=postgres,
            values={
                "kind": concept.kind,
                "key": fit(concepts.c.key, concept.key),
                "label": fit(concepts.c.label, concept.label),
            },
            conflict=("kind", "key"),
            owner=owner,
            at=at,
            refresh=("label",) if concept.kind == "topic" else (),
        )
        links += [(member, concept_id, concept.edge_kind) for member in (node_id, *concept.also)]
        if concept.entity and concept.entity.lower() in entity_ids:
            links.append((concept_id, entity_ids[concept.entity.lower()], "facet_of"))
    if links:
        conn.execute(
            insert(edges),
            [
                {
                    "edge_id": str(uuid.uuid4()),
                    "tenant_id": owner[0],
                    "user_id": owner[1],
                    "src_id": src,
                    "dst_id": dst,
                    "kind": kind,
                    "created_at": now,
                }
                for src, dst, kind in links
            ],
        )


def upsert_counted(
    conn: Connection,
    table: Any,
    *,
    postgres: bool,
    values: dict[str, Any],
    conflict: tuple[str, ...],
    owner: tuple[str, str],
    at: datetime,
    refresh: tuple[str, ...] = (),
) -> str:
    """Create an entity or concept row, or count one more mention of it: one statement.

    ``table``'s first column is its id; ``conflict`` names the columns that, with the
    owner, identify the row; ``refresh`` names columns the new values overwrite. First and
    last seen move outward, whatever order turns arrive in (imported history may come out of
    order).
    """
    id_column = next(iter(table.c))
    row = {
        id_column.name: str(uuid.uuid4()),
        "tenant_id": owner[0],
        "user_id": owner[1],
        "first_seen": at,
        "last_seen": at,
        "mention_count": 1,
        **values,
    }
    statement = _upsert_statement(table, postgres, conflict, refresh)
    return str(conn.execute(statement, row).scalar_one())


@functools.cache
def _upsert_statement(
    table: Any, postgres: bool, conflict: tuple[str, ...], refresh: tuple[str, ...]
) -> Any:
    """``upsert_counted``'s statement, built once per table and shape: a turn runs several,
    and building one (with its cache key) cost more CPU than running it. The inserted
    columns come from the parameters it is executed with."""
    id_column = next(iter(table.c))
    statement = (pg_insert if postgres else sqlite_insert)(table)
    incoming = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[table.c.tenant_id, table.c.user_id, *(table.c[c] for c in conflict)],
        set_={
            "mention_count": table.c.mention_count + 1,
            "first_seen": case(
                (incoming.first_seen < table.c.first_seen, incoming.first_seen),
                else_=table.c.first_seen,
            ),
            "last_seen": case(
                (incoming.last_seen > table.c.last_seen, incoming.last_seen),
                else_=table.c.last_seen,
            ),
            **{column: incoming[column] for column in refresh},
        },
    ).returning(id_column)


def drop_orphans(conn: Connection, owner: tuple[str, str], candidates: set[str]) -> None:
    """Among ``candidates`` (what deleted memories linked to): concepts nothing links to
    any more, with their facet links, then entities nothing links to. Only the candidates
    are checked, so an eviction at the node cap stays cheap."""
    if not candidates:
        return
    mine = owner_of(edges, owner)
    still = {
        row.dst_id
        for row in conn.execute(
            select(edges.c.dst_id).where(mine, edges.c.dst_id.in_(candidates))
        ).all()
    }
    orphans = candidates - still
    if not orphans:
        return
    described = conn.execute(select(edges.c.dst_id).where(mine, edges.c.src_id.in_(orphans))).all()
    conn.execute(delete(edges).where(mine, edges.c.src_id.in_(orphans)))
    conn.execute(
        delete(concepts).where(owner_of(concepts, owner), concepts.c.concept_id.in_(orphans))
    )
    entity_ids = orphans | {row.dst_id for row in described}
    still = {
        row.dst_id
        for row in conn.execute(
            select(edges.c.dst_id).where(mine, edges.c.dst_id.in_(entity_ids))
        ).all()
    }
    conn.execute(
        delete(entities).where(
            owner_of(entities, owner), entities.c.entity_id.in_(entity_ids - still)
        )
    )
