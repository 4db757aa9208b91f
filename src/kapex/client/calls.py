"""Every endpoint as data: method, path, body and response model, for both clients.

``Kapex`` and ``AsyncKapex`` differ only in how they send; what they send is built here, once.
Bodies leave out arguments left at ``None`` so the server's documented defaults apply, and
the service, not the SDK, validates them (one set of rules, one set of error messages).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar
from urllib.parse import quote

from pydantic import BaseModel

from kapex.client import types as t
from kapex.client.meta import WithMeta
from kapex.schemas.memory import TurnItem

Model = TypeVar("Model", bound=WithMeta)
Method = Literal["GET", "POST", "PUT", "DELETE", "PATCH"]
Item = TurnItem | Mapping[str, Any]


@dataclass(frozen=True)
class Call(Generic[Model]):
    """One HTTP request and the model its 2xx body is read into."""

    method: Method
    path: str
    model: type[Model]
    json: Any = None
    params: dict[str, Any] = field(default_factory=dict)
    authenticated: bool = True
    idempotency_key: str | None = None
    content: bytes | None = None
    content_type: str | None = None

    @property
    def writes(self) -> bool:
        """Writes carry an ``Idempotency-Key`` so a retry cannot apply them twice."""
        return self.method in ("POST", "PUT", "PATCH", "DELETE")


def _seg(value: str) -> str:
    # A user id may hold ":" and "@"; anything else path-special must not change the route.
    return quote(value, safe=":@")


def _body(**fields: Any) -> dict[str, Any]:
    return {k: _jsonable(v) for k, v in fields.items() if v is not None}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    return value


def _item(item: Item) -> dict[str, Any]:
    if isinstance(item, BaseModel):
        return item.model_dump(mode="json", exclude_none=True)
    return {k: _jsonable(v) for k, v in item.items() if v is not None}


# --- accounts -----------------------------------------------------------------------------


def signup(*, company_name: str, email: str, name: str) -> Call[t.SignupResponse]:
    return Call(
        "POST",
        "/trial/signup",
        t.SignupResponse,
        json=_body(company_name=company_name, email=email, name=name),
        authenticated=False,
    )


def health() -> Call[t.HealthResponse]:
    return Call("GET", "/health", t.HealthResponse, authenticated=False)


def account() -> Call[t.AccountResponse]:
    return Call("GET", "/account", t.AccountResponse)


def keys() -> Call[t.KeyList]:
    return Call("GET", "/keys", t.KeyList)


def create_key(name: str) -> Call[t.KeyCreated]:
    return Call("POST", "/keys", t.KeyCreated, json=_body(name=name))


def revoke_key(key_id: str) -> Call[t.KeyRevoked]:
    return Call("DELETE", f"/keys/{_seg(key_id)}", t.KeyRevoked)


# --- memory -------------------------------------------------------------------------------


def ingest(
    user_id: str,
    content: str,
    *,
    role: str | None,
    session_id: str | None,
    timestamp: datetime | None,
    metadata: Mapping[str, Any] | None,
    idempotency_key: str | None,
) -> Call[t.IngestResponse]:
    return Call(
        "POST",
        "/ingest",
        t.IngestResponse,
        json=_body(
            user_id=user_id,
            content=content,
            role=role,
            session_id=session_id,
            timestamp=timestamp,
            metadata=dict(metadata) if metadata is not None else None,
        ),
        idempotency_key=idempotency_key,
    )


def ingest_batch(
    user_id: str, items: Iterable[Item], *, idempotency_key: str | None
) -> Call[t.BatchIngestResponse]:
    return Call(
        "POST",
        "/ingest/batch",
        t.BatchIngestResponse,
        json={"user_id": user_id, "items": [_item(i) for i in items]},
        idempotency_key=idempotency_key,
    )


def query(
    user_id: str,
    current_input: str,
    *,
    session_id: str | None,
    max_tokens: int | None,
    timestamp: datetime | None,
) -> Call[t.QueryResponse]:
    return Call(
        "POST",
        "/query",
        t.QueryResponse,
        json=_body(
            user_id=user_id,
            current_input=current_input,
            session_id=session_id,
            max_tokens=max_tokens,
            timestamp=timestamp,
        ),
    )


def process(
    user_id: str,
    message: str,
    *,
    session_id: str | None,
    response: str | None,
    max_tokens: int | None,
    timestamp: datetime | None,
    idempotency_key: str | None,
) -> Call[t.ProcessResponse]:
    return Call(
        "POST",
        "/process",
        t.ProcessResponse,
        json=_body(
            user_id=user_id,
            message=message,
            session_id=session_id,
            response=response,
            max_tokens=max_tokens,
            timestamp=timestamp,
        ),
        idempotency_key=idempotency_key,
    )


# --- users, nodes, entities, topics, export -----------------------------------------------


def users_page(*, limit: int, cursor: str | None) -> Call[t.UserList]:
    return Call("GET", "/users", t.UserList, params=_body(limit=limit, cursor=cursor))


def delete_user(user_id: str) -> Call[t.Deleted]:
    return Call("DELETE", f"/users/{_seg(user_id)}", t.Deleted)


def nodes_page(user_id: str, *, order: str, limit: int, cursor: str | None) -> Call[t.NodeList]:
    return Call(
        "GET",
        f"/users/{_seg(user_id)}/nodes",
        t.NodeList,
        params=_body(order=order, limit=limit, cursor=cursor),
    )


def node(user_id: str, node_id: str) -> Call[t.NodeDetail]:
    return Call("GET", f"/users/{_seg(user_id)}/nodes/{_seg(node_id)}", t.NodeDetail)


def delete_node(user_id: str, node_id: str) -> Call[t.Deleted]:
    return Call("DELETE", f"/users/{_seg(user_id)}/nodes/{_seg(node_id)}", t.Deleted)


def entities(user_id: str) -> Call[t.EntityList]:
    return Call("GET", f"/entities/{_seg(user_id)}", t.EntityList)


def topics(user_id: str) -> Call[t.TopicList]:
    return Call("GET", f"/users/{_seg(user_id)}/topics", t.TopicList)


def export(user_id: str) -> Call[t.ExportResponse]:
    return Call("GET", f"/context/{_seg(user_id)}", t.ExportResponse)


# --- pins ---------------------------------------------------------------------------------


def pins(user_id: str) -> Call[t.PinList]:
    return Call("GET", f"/users/{_seg(user_id)}/pins", t.PinList)


def pin(
    user_id: str, topic: str, *, kind: str, note: str | None, idempotency_key: str | None
) -> Call[t.PinCreated]:
    return Call(
        "POST",
        f"/users/{_seg(user_id)}/pins",
        t.PinCreated,
        json=_body(topic=topic, kind=kind, note=note),
        idempotency_key=idempotency_key,
    )


def unpin(user_id: str, pin_id: str) -> Call[t.Deleted]:
    return Call("DELETE", f"/users/{_seg(user_id)}/pins/{_seg(pin_id)}", t.Deleted)


# --- profile ------------------------------------------------------------------------------


def profile() -> Call[t.Profile]:
    return Call("GET", "/profile", t.Profile)


def update_profile(*, preset: str | None, updates: Mapping[str, Any] | None) -> Call[t.Profile]:
    return Call(
        "PUT",
        "/profile",
        t.Profile,
        json=_body(preset=preset, updates=dict(updates) if updates is not None else None),
    )


def presets() -> Call[t.PresetList]:
    return Call("GET", "/profile/presets", t.PresetList)


# --- anything else ------------------------------------------------------------------------


def raw(
    method: Method,
    path: str,
    *,
    json: Any,
    params: Mapping[str, Any] | None,
    content: bytes | None,
    content_type: str | None,
) -> Call[t.Raw]:
    return Call(
        method,
        path if path.startswith("/") else f"/{path}",
        t.Raw,
        json=json,
        params=dict(params or {}),
        content=content,
        content_type=content_type,
    )
