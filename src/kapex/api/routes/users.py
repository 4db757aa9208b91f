"""Users, nodes, topics, entities, erasure, export and pins (``docs/api.md``, "Memory")."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Response

from kapex.api.deps import CallerDep, NowDep, ServicesDep, json_body
from kapex.schemas.common import USER_ID_PATTERN, Identifier
from kapex.schemas.memory import (
    Deleted,
    EntityList,
    ExportResponse,
    GraphMap,
    NodeChannel,
    NodeDetail,
    NodeFlag,
    NodeList,
    PinBody,
    PinList,
    PinRequest,
    PinUpdate,
    Role,
    TopicList,
    UserDetail,
    UserList,
)
from kapex.services.annotations import NodeFilter
from kapex.services.profiles import profile_of

router = APIRouter()
UserIdPath = Annotated[str, Path(pattern=USER_ID_PATTERN)]
IdPath = Annotated[Identifier, Path()]
Limit = Annotated[int, Query(ge=1, le=500)]
Cursor = Annotated[Identifier | None, Query(max_length=512)]
Order = Annotated[Literal["salience", "recent", "topic"], Query()]
Direction = Annotated[Literal["asc", "desc"] | None, Query()]
#: The graph view stays readable to the tier's node cap of 5,000 by clustering on the client.
MAX_MAP_MEMORIES = 5000


@router.get("/users")
def list_users(
    caller: CallerDep,
    services: ServicesDep,
    limit: Limit = 100,
    cursor: Cursor = None,
    q: Annotated[Identifier | None, Query(max_length=128)] = None,
) -> UserList:
    return services.graph.users(caller.tenant.tenant_id, limit=limit, cursor=cursor, search=q)


@router.get("/users/{user_id}")
def get_user(user_id: UserIdPath, caller: CallerDep, services: ServicesDep) -> UserDetail:
    return services.graph.user(caller.tenant.tenant_id, user_id)


@router.delete("/users/{user_id}")
def delete_user(user_id: UserIdPath, caller: CallerDep, services: ServicesDep) -> Deleted:
    return services.graph.delete_user(caller.tenant.tenant_id, user_id)


@router.get("/users/{user_id}/nodes")
def list_nodes(
    user_id: UserIdPath,
    caller: CallerDep,
    services: ServicesDep,
    now: NowDep,
    order: Order = "salience",
    limit: Limit = 50,
    cursor: Cursor = None,
    direction: Direction = None,
    role: Annotated[Role | None, Query()] = None,
    topic: Annotated[Identifier | None, Query(max_length=128)] = None,
    channel: Annotated[NodeChannel | None, Query()] = None,
    flag: Annotated[list[NodeFlag] | None, Query()] = None,
    q: Annotated[Identifier | None, Query(max_length=500)] = None,
) -> NodeList:
    where = NodeFilter.parse(role=role, topic=topic, channel=channel, flags=flag or [], text=q)
    return services.graph.nodes(
        caller.tenant.tenant_id,
        user_id,
        order=order,
        direction=direction,
        where=where,
        limit=limit,
        cursor=cursor,
        profile=profile_of(caller.tenant),
        now=now,
    )


@router.get("/users/{user_id}/graph", response_model=None, responses={200: {"model": GraphMap}})
def graph_map(
    user_id: UserIdPath,
    caller: CallerDep,
    services: ServicesDep,
    now: NowDep,
    limit: Annotated[int, Query(ge=1, le=MAX_MAP_MEMORIES)] = MAX_MAP_MEMORIES,
) -> Response:
    found = services.graph.map(
        caller.tenant.tenant_id, user_id, limit=limit, profile=profile_of(caller.tenant), now=now
    )
    # Up to 10,000 nodes and edges: serialised once rather than validated again on the way out.
    return Response(found.model_dump_json(), media_type="application/json")


@router.get("/users/{user_id}/nodes/{node_id}")
def get_node(
    user_id: UserIdPath, node_id: IdPath, caller: CallerDep, services: ServicesDep, now: NowDep
) -> NodeDetail:
    return services.graph.node(
        caller.tenant.tenant_id, user_id, node_id, profile=profile_of(caller.tenant), now=now
    )


@router.delete("/users/{user_id}/nodes/{node_id}")
def delete_node(
    user_id: UserIdPath, node_id: IdPath, caller: CallerDep, services: ServicesDep
) -> Deleted:
    return services.graph.delete_node(caller.tenant.tenant_id, user_id, node_id)


@router.get("/users/{user_id}/topics")
def topics(user_id: UserIdPath, caller: CallerDep, services: ServicesDep, now: NowDep) -> TopicList:
    return services.graph.topics(
        caller.tenant.tenant_id, user_id, profile=profile_of(caller.tenant), now=now
    )


@router.get("/entities/{user_id}")
def entities(
    user_id: UserIdPath, caller: CallerDep, services: ServicesDep, now: NowDep
) -> EntityList:
    return services.graph.entities(
        caller.tenant.tenant_id, user_id, profile=profile_of(caller.tenant), now=now
    )


@router.get("/context/{user_id}")
def export(
    user_id: UserIdPath, caller: CallerDep, services: ServicesDep, now: NowDep
) -> ExportResponse:
    return services.graph.export(caller.tenant.tenant_id, user_id, now=now)


@router.post("/users/{user_id}/pins", status_code=201)
def add_pin(
    user_id: UserIdPath,
    caller: CallerDep,
    body: Annotated[PinRequest, Depends(json_body(PinRequest))],
    services: ServicesDep,
    now: NowDep,
) -> PinBody:
    return services.pins.add(
        caller.tenant.tenant_id,
        user_id,
        body,
        limits=caller.limits,
        profile=profile_of(caller.tenant),
        now=now,
    )


@router.patch("/users/{user_id}/pins/{pin_id}")
def update_pin(
    user_id: UserIdPath,
    pin_id: IdPath,
    caller: CallerDep,
    body: Annotated[PinUpdate, Depends(json_body(PinUpdate))],
    services: ServicesDep,
) -> PinBody:
    return services.pins.update(
        caller.tenant.tenant_id, user_id, pin_id, body, profile=profile_of(caller.tenant)
    )


@router.get("/users/{user_id}/pins")
def list_pins(user_id: UserIdPath, caller: CallerDep, services: ServicesDep) -> PinList:
    return services.pins.list(caller.tenant.tenant_id, user_id)


@router.delete("/users/{user_id}/pins/{pin_id}")
def delete_pin(
    user_id: UserIdPath, pin_id: IdPath, caller: CallerDep, services: ServicesDep
) -> Deleted:
    return services.pins.delete(caller.tenant.tenant_id, user_id, pin_id)
