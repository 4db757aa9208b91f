"""Ingest, query and process (``docs/api.md``, "Memory")."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header
from starlette.concurrency import run_in_threadpool

from kapex.api.deps import CallerDep, NowDep, ServicesDep, batch_body, json_body
from kapex.schemas.memory import (
    BatchIngestRequest,
    BatchIngestResponse,
    IngestRequest,
    IngestResponse,
    ProcessRequest,
    ProcessResponse,
    QueryRequest,
    QueryResponse,
)
from kapex.services.profiles import profile_of

router = APIRouter()
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=255)]


# The two busiest routes are ``async`` and hand their blocking service call (models,
# storage) to the thread pool themselves: FastAPI checks the response of a plain ``def``
# route in a second hop to a thread, which cost more CPU than the check.
@router.post("/ingest", status_code=201)
async def ingest(
    caller: CallerDep,
    body: Annotated[IngestRequest, Depends(json_body(IngestRequest))],
    services: ServicesDep,
    now: NowDep,
    idempotency_key: IdempotencyKey = None,
) -> IngestResponse:
    return await run_in_threadpool(
        services.ingest.ingest,
        caller.tenant.tenant_id,
        body,
        limits=caller.limits,
        profile=profile_of(caller.tenant),
        now=now,
        idempotency_key=idempotency_key,
    )


@router.post("/ingest/batch", status_code=201)
def ingest_batch(
    caller: CallerDep,
    body: Annotated[BatchIngestRequest, Depends(batch_body(BatchIngestRequest))],
    services: ServicesDep,
    now: NowDep,
    idempotency_key: IdempotencyKey = None,
) -> BatchIngestResponse:
    results = services.ingest.ingest_many(
        caller.tenant.tenant_id,
        body.user_id,
        body.items,
        limits=caller.limits,
        profile=profile_of(caller.tenant),
        now=now,
        idempotency_key=idempotency_key,
    )
    return BatchIngestResponse(results=results)


@router.post("/query")
async def query(
    caller: CallerDep,
    body: Annotated[QueryRequest, Depends(json_body(QueryRequest))],
    services: ServicesDep,
    now: NowDep,
) -> QueryResponse:
    return await run_in_threadpool(
        services.recall.query,
        caller.tenant.tenant_id,
        body,
        profile=profile_of(caller.tenant),
        now=now,
    )


@router.post("/process")
def process(
    caller: CallerDep,
    body: Annotated[ProcessRequest, Depends(json_body(ProcessRequest))],
    services: ServicesDep,
    now: NowDep,
    idempotency_key: IdempotencyKey = None,
) -> ProcessResponse:
    return services.process.process(
        caller.tenant.tenant_id,
        body,
        limits=caller.limits,
        profile=profile_of(caller.tenant),
        now=now,
        idempotency_key=idempotency_key,
    )
