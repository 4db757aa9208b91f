"""Stored vectors and the model that made them: finding and replacing another model's.

Every node and pin row carries ``model_id`` beside ``embedding``. ``kapex admin reembed``
reads the rows a tenant holds from another model than the running one and writes new
vectors in place, one user per transaction, bumping the user's revision so every worker
reloads the user's index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, and_, bindparam, func, select, update

from kapex.store import changes
from kapex.store.schema import nodes, pins


@dataclass(frozen=True)
class StaleVector:
    """A row whose vector another model made: the table, its id, the text to embed and, for
    a long message, its passages."""

    kind: str  # "node" | "pin"
    row_id: str
    text: str
    passages: list[str] | None = None


@dataclass(frozen=True)
class NewVectors:
    """What replaces a stale row's vectors (passages only for a long message)."""

    embedding: bytes
    passages: list[str] | None = None
    passage_vectors: bytes | None = None


class EmbeddingStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def count_stale(self, tenant_id: str, model_id: str) -> int:
        """How many node and pin vectors of the tenant another model made."""
        with self._engine.connect() as conn:
            return sum(
                int(
                    conn.execute(
                        select(func.count())
                        .select_from(table)
                        .where(table.c.tenant_id == tenant_id, table.c.model_id != model_id)
                    ).scalar_one()
                )
                for table in (nodes, pins)
            )

    def users_with_stale(self, tenant_id: str, model_id: str) -> list[str]:
        """Users of the tenant holding a vector another model made, in id order."""
        with self._engine.connect() as conn:
            found = {
                row[0]
                for table in (nodes, pins)
                for row in conn.execute(
                    select(table.c.user_id)
                    .where(table.c.tenant_id == tenant_id, table.c.model_id != model_id)
                    .distinct()
                )
            }
        return sorted(found)

    def stale(self, tenant_id: str, user_id: str, model_id: str) -> list[StaleVector]:
        """The user's rows whose vector another model made (nodes: stored content; pins:
        the topic, which is what a pin's vector embeds)."""
        with self._engine.connect() as conn:
            found = [
                StaleVector("node", r.node_id, r.content, r.passages)
                for r in conn.execute(
                    select(nodes.c.node_id, nodes.c.content, nodes.c.passages)
                    .where(*_stale_rows(nodes, tenant_id, user_id, model_id))
                    .order_by(nodes.c.seq)
                )
            ]
            found += [
                StaleVector("pin", r.pin_id, r.topic)
                for r in conn.execute(
                    select(pins.c.pin_id, pins.c.topic).where(
                        *_stale_rows(pins, tenant_id, user_id, model_id)
                    )
                )
            ]
        return found

    def replace(
        self,
        tenant_id: str,
        user_id: str,
        model_id: str,
        vectors: Sequence[tuple[StaleVector, NewVectors]],
    ) -> None:
        """Write new vectors of ``model_id`` in one transaction and bump the user's revision."""
        with self._engine.begin() as conn:
            node_rows = [
                {
                    "row_id": item.row_id,
                    "vector": new.embedding,
                    "new_passages": new.passages,
                    "new_passage_vectors": new.passage_vectors,
                }
                for item, new in vectors
                if item.kind == "node"
            ]
            if node_rows:
                conn.execute(
                    update(nodes)
                    .where(_row(nodes, tenant_id, user_id, nodes.c.node_id))
                    .values(
                        model_id=model_id,
                        embedding=bindparam("vector"),
                        passages=bindparam("new_passages"),
                        passage_vectors=bindparam("new_passage_vectors"),
                    ),
                    node_rows,
                )
            pin_rows = [
                {"row_id": item.row_id, "vector": new.embedding}
                for item, new in vectors
                if item.kind == "pin"
            ]
            if pin_rows:
                conn.execute(
                    update(pins)
                    .where(_row(pins, tenant_id, user_id, pins.c.pin_id))
                    .values(model_id=model_id, embedding=bindparam("vector")),
                    pin_rows,
                )
            # New vectors reach every worker by a rebuild: cheaper than per-node changes
            # when every node changed, and it re-embeds the pins of the old model too.
            revision = changes.bump(conn, tenant_id, user_id)
            if revision is not None:
                changes.record(conn, tenant_id, user_id, revision, [(changes.REBUILD, None)])


def _row(table: Any, tenant_id: str, user_id: str, key: Any) -> Any:
    return and_(
        table.c.tenant_id == tenant_id, table.c.user_id == user_id, key == bindparam("row_id")
    )


def _stale_rows(table, tenant_id: str, user_id: str, model_id: str) -> tuple:  # type: ignore[no-untyped-def]
    return (
        table.c.tenant_id == tenant_id,
        table.c.user_id == user_id,
        table.c.model_id != model_id,
    )


__all__ = ["EmbeddingStore", "NewVectors", "StaleVector"]
