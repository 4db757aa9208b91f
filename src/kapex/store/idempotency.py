"""Idempotency keys: the database decides which request stores a turn.

Contract:
- ``claim`` inserts the key's row under the table's primary key (``tenant_id, idem_key``)
  with a random claim token and a lease. Exactly one concurrent caller's insert lands, on
  SQLite and PostgreSQL alike (PostgreSQL makes a concurrent insert of the same key wait for
  the first transaction, then skip); every other caller reads the row instead. No process
  lock is involved, so this holds across workers and hosts.
- The owner stores each turn and calls ``record`` *inside the same transaction* as the
  turn's node (``MemoryStore.unit_of_work``). ``record`` only succeeds while the owner still
  holds the claim, so a turn is committed together with its idempotency record or not at all:
  a worker killed at any point leaves either nothing or both.
- A claim whose lease ran out (its worker died) is taken over by the next request with the
  same key and body; it resumes after the items already recorded, so a batch is never
  stored twice either. A lease is renewed each time an item is recorded.
- Rows older than the replay window are forgotten when the key is claimed again.

The stored ``response`` is ``{"results": [<ingest response>, ...]}``, one entry per turn
recorded so far.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from kapex.clock import as_utc
from kapex.store.schema import idempotency


@dataclass(frozen=True)
class Claim:
    """What claiming a key found.

    ``owned``: this request holds the key and must do the work (``token`` proves it);
    ``completed``: an earlier request finished, ``results`` is its response; otherwise
    another request is working on it until ``lease_until``. ``request_hash`` is the hash
    the key was first used with: a different one means the key was reused for another body.
    """

    tenant_id: str
    key: str
    owned: bool
    completed: bool
    request_hash: str
    results: list[dict[str, Any]]
    token: str | None = None
    lease_until: datetime | None = None


def _results(response: Any) -> list[dict[str, Any]]:
    if isinstance(response, dict) and "results" in response:
        return list(response["results"])
    return [response]  # rows written before claims existed held one ingest response


class IdempotencyStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert

    def claim(
        self,
        tenant_id: str,
        idem_key: str,
        *,
        user_id: str,
        request_hash: str,
        now: datetime,
        lease: timedelta,
        not_before: datetime | None = None,
    ) -> Claim:
        """Claim ``idem_key`` for a request with ``request_hash``, or report who has it.

        Rows created before ``not_before`` (the replay window) no longer count, unless a
        worker still holds them.
        """
        key = and_(idempotency.c.tenant_id == tenant_id, idempotency.c.idem_key == idem_key)
        token = secrets.token_hex(16)
        with self._engine.begin() as conn:
            if not_before is not None:
                conn.execute(
                    delete(idempotency).where(
                        key,
                        idempotency.c.created_at < not_before,
                        or_(
                            idempotency.c.completed_at.is_not(None),
                            idempotency.c.lease_until < now,
                        ),
                    )
                )
            inserted = conn.execute(
                self._insert(idempotency)
                .values(
                    tenant_id=tenant_id,
                    idem_key=idem_key,
                    user_id=user_id,
                    request_hash=request_hash,
                    response={"results": []},
                    created_at=now,
                    claim_token=token,
                    lease_until=now + lease,
                    completed_at=None,
                )
                .on_conflict_do_nothing(index_elements=["tenant_id", "idem_key"])
                .returning(idempotency.c.idem_key)
            ).first()
            if inserted is not None:
                return Claim(
                    tenant_id=tenant_id,
                    key=idem_key,
                    owned=True,
                    completed=False,
                    request_hash=request_hash,
                    results=[],
                    token=token,
                    lease_until=now + lease,
                )
            row = conn.execute(select(idempotency).where(key)).one()
            found = Claim(
                tenant_id=tenant_id,
                key=idem_key,
                owned=False,
                completed=row.completed_at is not None,
                request_hash=row.request_hash,
                results=_results(row.response),
                lease_until=as_utc(row.lease_until) if row.lease_until else None,
            )
            if found.completed or found.request_hash != request_hash:
                return found
            if found.lease_until is not None and found.lease_until > now:
                return found
            # The worker holding the key stopped renewing its lease: take the claim over,
            # provided nobody else did in between (the token is what we read).
            taken = conn.execute(
                update(idempotency)
                .where(
                    key,
                    idempotency.c.claim_token == row.claim_token,
                    idempotency.c.completed_at.is_(None),
                )
                .values(claim_token=token, lease_until=now + lease)
            )
            if taken.rowcount != 1:
                return found
            current = conn.execute(select(idempotency.c.response).where(key)).scalar_one()
        return Claim(
            tenant_id=tenant_id,
            key=idem_key,
            owned=True,
            completed=False,
            request_hash=request_hash,
            results=_results(current),
            token=token,
            lease_until=now + lease,
        )

    @staticmethod
    def record(
        conn: Connection,
        tenant_id: str,
        idem_key: str,
        *,
        token: str,
        results: list[dict[str, Any]],
        now: datetime,
        lease: timedelta,
        completed: bool,
    ) -> bool:
        """Store the responses so far in the caller's transaction; False if the claim was lost.

        ``completed`` marks the request finished: later requests replay ``results``.
        """
        values: dict[str, Any] = {"response": {"results": results}, "lease_until": now + lease}
        if completed:
            values.update(completed_at=now, claim_token=None, lease_until=None)
        updated = conn.execute(
            update(idempotency)
            .where(
                idempotency.c.tenant_id == tenant_id,
                idempotency.c.idem_key == idem_key,
                idempotency.c.claim_token == token,
            )
            .values(**values)
        )
        return updated.rowcount == 1

    def release(self, claim: Claim, *, progress: int) -> None:
        """Give a claim up after a failure, so a retry need not wait for the lease.

        With nothing recorded the key is forgotten; otherwise its lease ends at once and the
        next request with the same body resumes after the recorded items.
        """
        mine = and_(
            idempotency.c.tenant_id == claim.tenant_id,
            idempotency.c.idem_key == claim.key,
            idempotency.c.claim_token == claim.token,
        )
        with self._engine.begin() as conn:
            if progress == 0:
                conn.execute(delete(idempotency).where(mine))
            else:
                conn.execute(
                    update(idempotency).where(mine).values(lease_until=idempotency.c.created_at)
                )
