"""Idempotency keys: a retried ingest with the same key returns the first response."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, delete, insert, select

from kapex.clock import as_utc
from kapex.store.schema import idempotency


class IdempotencyStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def idempotent_response(
        self, tenant_id: str, idem_key: str, *, not_before: datetime
    ) -> tuple[str, dict[str, Any]] | None:
        with self._engine.connect() as conn:
            row = conn.execute(
                select(
                    idempotency.c.request_hash, idempotency.c.response, idempotency.c.created_at
                ).where(idempotency.c.tenant_id == tenant_id, idempotency.c.idem_key == idem_key)
            ).first()
        if row is None or as_utc(row.created_at) < not_before:
            return None
        return row.request_hash, row.response

    def remember_response(
        self,
        tenant_id: str,
        user_id: str,
        idem_key: str,
        *,
        request_hash: str,
        response: dict[str, Any],
        now: datetime,
    ) -> None:
        with self._engine.begin() as conn:
            conn.execute(
                delete(idempotency).where(
                    idempotency.c.tenant_id == tenant_id, idempotency.c.idem_key == idem_key
                )
            )
            conn.execute(
                insert(idempotency).values(
                    tenant_id=tenant_id,
                    idem_key=idem_key,
                    user_id=user_id,
                    request_hash=request_hash,
                    response=response,
                    created_at=now,
                )
            )
