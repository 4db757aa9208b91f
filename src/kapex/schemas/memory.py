"""Wire contract of the memory endpoints (``docs/api.md``, "Memory")."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

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
    check_visible,
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
    gravity: float = 0.0
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
    explain: bool = False


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
    topic_id: str | None
    topic_label: str | None
    superseded_by: str | None


class Considered(BaseModel):
    """One memory the ranking looked at for an explained query."""

    node_id: str
    summary: str
    channel: Literal["relevant", "salient", "pinned"]
    relevance: float
    salience: float
    score: float
    topic_id: str | None
    topic_label: str | None
    included: bool
    reason: Literal["included", "budget", "topic_cap", "suppressed", "superseded"]
    superseded_by: str | None
    line: str | None


class Explanation(BaseModel):
    """How the block was chosen: the input's specificity (1 = a specific question answered
    by relevance, 0 = an open one answered by what matters now) and every memory considered,
    best first, with the reason it is in the block or not."""

    mode: Literal["specific", "mixed", "open"]
    specificity: float
    considered: list[Considered]


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
    explanation: Explanation | None = Field(default=None, exclude_if=lambda v: v is None)


class ProcessResponse(QueryResponse):
    ingested_node_ids: list[str | None]


class PinRequest(Request):
    topic: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
        AfterValidator(check_visible),
    ]
    kind: Literal["suppress", "constraint"]
    note: Annotated[CleanStr, StringConstraints(max_length=2000)] | None = None


class PinUpdate(Request):
    """``PATCH`` of a pin: the fields sent replace the stored ones (``note: null`` clears it)."""

    topic: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
        | None
    ) = None
    kind: Literal["suppress", "constraint"] | None = None
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


NodeChannel = Literal["salient", "relevant", "hidden"]
NodeFlag = Literal["crisis", "pii_redacted", "superseded", "pinned", "suppressed"]


class NodeSummary(BaseModel):
    node_id: str
    topic: str
    topic_id: str
    topic_label: str
    superseded_by: str | None
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
    channel: NodeChannel
    flags: list[NodeFlag]
    pin_ids: list[str]
    metadata: dict[str, Any]


class NodeList(Response):
    user_id: str
    total: int
    nodes: list[NodeSummary]
    next_cursor: str | None


class SaliencePoint(BaseModel):
    at: str
    event: str
    salience: float


class CurvePoint(BaseModel):
    at: str
    salience: float


class NodeDetail(NodeSummary):
    content: str
    entities: list[str]
    scoring: ScoringBody
    safety: dict[str, Any]
    salience_history: list[SaliencePoint]
    salience_curve: list[CurvePoint]


class UserSummary(BaseModel):
    user_id: str
    node_count: int
    created_at: str
    last_active_at: str


class UserList(Response):
    users: list[UserSummary]
    total: int
    next_cursor: str | None


class UserDetail(UserSummary):
    first_event_at: str | None
    last_event_at: str | None
    pin_count: int


class GraphTopic(BaseModel):
    topic_id: str
    label: str
    count: int
    salience: float


class GraphNode(BaseModel):
    id: str
    kind: Literal["memory", "entity", "concept"]
    label: str
    salience: float
    topic_id: str | None
    category: str | None
    role: str | None
    flags: list[NodeFlag]


class GraphEdge(BaseModel):
    source: str
    target: str
    kind: str


class GraphMap(Response):
    user_id: str
    total_memories: int
    truncated: bool
    topics: list[GraphTopic]
    nodes: list[GraphNode]
    edges: list[GraphEdge]


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
    kind: Literal["topic", "interest", "facet"]
    label: str
    mention_count: int
    first_seen: str
    last_seen: str
    salience: float


class TopicBody(BaseModel):
    topic_id: str
    label: str
    count: int
    share: float
    salience: float
    unresolved: int
    first_seen: str
    last_seen: str


class TopicList(Response):
    user_id: str
    topics: list[TopicBody]


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
