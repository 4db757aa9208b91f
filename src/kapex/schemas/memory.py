"""Wire contract of the memory endpoints (API.md §3)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

from kapex.schemas.common import (
    CleanStr,
    MaxTokens,
    Metadata,
    Request,
    Response,
    SessionId,
    Text,
    Timestamp,
    UserId,
)

Role = Literal["user", "assistant"]
CrisisCategory = Literal["self_harm", "harm_to_others", "abuse", "medical_emergency"]
PiiType = Literal["EMAIL", "PHONE", "GOV_ID", "CARD", "IBAN", "BANK_ACCOUNT", "IP", "ADDRESS"]


class TurnItem(Request):
    content: Text
    role: Role = "user"
    session_id: SessionId | None = None
    timestamp: Timestamp | None = None
    metadata: Metadata = Field(default_factory=dict)


class IngestRequest(TurnItem):
    user_id: UserId


class BatchIngestRequest(Request):
    user_id: UserId
    items: Annotated[list[TurnItem], Field(min_length=1, max_length=100)]


class ScoringBody(BaseModel):
    base_score: float
    sdv: float
    cscv: float
    lcs: float
    swv: float
    pdv: float
    signal_modifiers_applied: bool
    modifiers: list[str]


#: How sure the detector is that the turn is a crisis: 0.5 and above exactly when
#: ``crisis_detected`` (docs/safety.md says how operators should read it).
CrisisConfidence = Annotated[float, Field(ge=0.0, le=1.0)]


class IngestSafety(BaseModel):
    crisis_detected: bool
    crisis_category: CrisisCategory | None
    crisis_confidence: CrisisConfidence
    pii_redacted: list[PiiType]
    instructions_neutralised: bool


class IngestResponse(Response):
    node_id: str | None
    topic: str | None
    scoring: ScoringBody | None
    entities_created: list[str]
    safety: IngestSafety
    evicted_node_ids: list[str]
    suppressed_by_pin: str | None = Field(default=None, exclude_if=lambda v: v is None)


class BatchIngestResponse(Response):
    results: list[IngestResponse]


class QueryRequest(Request):
    user_id: UserId
    current_input: Text
    session_id: SessionId | None = None
    max_tokens: MaxTokens | None = None
    timestamp: Timestamp | None = None


class ProcessRequest(Request):
    user_id: UserId
    message: Text
    session_id: SessionId | None = None
    response: Text | None = None
    max_tokens: MaxTokens | None = None
    timestamp: Timestamp | None = None


class MemoryItem(BaseModel):
    node_id: str
    topic: str
    summary: str
    salience: float
    relevance: float
    channel: Literal["relevant", "salient", "pinned"]
    confidence: Literal["high", "medium", "low"]
    role: str
    node_type: str
    event_time: str | None
    created_at: str | None
    session_id: str | None
    metadata: dict[str, Any]


class QuerySafety(BaseModel):
    crisis_detected: bool
    crisis_category: CrisisCategory | None
    crisis_confidence: CrisisConfidence


class QueryResponse(Response):
    user_id: str
    context: str
    token_count: int
    max_tokens: int
    memories: list[MemoryItem]
    safety: QuerySafety


class ProcessResponse(QueryResponse):
    ingested_node_ids: list[str | None]


class PinRequest(Request):
    topic: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
    kind: Literal["suppress", "constraint"]
    note: Annotated[CleanStr, StringConstraints(max_length=2000)] | None = None


class PinBody(BaseModel):
    pin_id: str
    user_id: str
    topic: str
    kind: str
    note: str | None
    created_at: str


class PinList(Response):
    pins: list[PinBody]


class NodeSummary(BaseModel):
    node_id: str
    topic: str
    summary: str
    role: str
    node_type: str
    domain: str
    session_id: str | None
    event_time: str
    created_at: str
    salience: float
    base_score: float
    processing_count: int
    metadata: dict[str, Any]


class NodeList(Response):
    user_id: str
    nodes: list[NodeSummary]
    next_cursor: str | None


class SaliencePoint(BaseModel):
    at: str
    event: str
    salience: float


class NodeDetail(NodeSummary):
    content: str
    entities: list[str]
    scoring: ScoringBody
    safety: dict[str, Any]
    salience_history: list[SaliencePoint]


class UserSummary(BaseModel):
    user_id: str
    node_count: int
    created_at: str
    last_active_at: str


class UserList(Response):
    users: list[UserSummary]
    next_cursor: str | None


class EntityBody(BaseModel):
    entity_id: str
    name: str
    label: str
    mention_count: int
    first_seen: str
    last_seen: str
    salience: float


class ConceptBody(BaseModel):
    concept_id: str
    kind: Literal["theme", "interest", "facet"]
    label: str
    mention_count: int
    first_seen: str
    last_seen: str
    salience: float


class EntityList(Response):
    user_id: str
    entities: list[EntityBody]
    concepts: list[ConceptBody]


class Deleted(Response):
    status: Literal["deleted"]
    node_id: str | None = Field(default=None, exclude_if=lambda v: v is None)
    user_id: str | None = Field(default=None, exclude_if=lambda v: v is None)
    nodes_deleted: int | None = Field(default=None, exclude_if=lambda v: v is None)
    pin_id: str | None = Field(default=None, exclude_if=lambda v: v is None)


class ExportResponse(Response):
    user_id: str
    exported_at: str
    user: dict[str, Any]
    nodes: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    concepts: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    pins: list[dict[str, Any]]
    events: list[dict[str, Any]]
