"""The response models the SDK returns: the service's own wire schemas plus ``WithMeta``.

Each class here *is* the server's schema (``isinstance(r, kapex.schemas.memory.IngestResponse)``
holds) with the response headers attached (``r.request_id``, ``r.rate_limit``,
``r.trial_days_remaining``), and it ignores body fields it does not know so a newer server
never breaks an older SDK. Item models inside lists (``NodeSummary``, ``MemoryItem``...) are
the server's classes unchanged.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from kapex.client.meta import WithMeta
from kapex.schemas import accounts, memory, profile
from kapex.schemas.accounts import KeyInfo, LimitsBody, UsageBody
from kapex.schemas.memory import (
    ConceptBody,
    EntityBody,
    IngestSafety,
    MemoryItem,
    NodeSummary,
    PinBody,
    QuerySafety,
    SaliencePoint,
    ScoringBody,
    TurnItem,
    UserSummary,
)
from kapex.schemas.profile import PresetBody


class SignupResponse(accounts.SignupResponse, WithMeta):
    pass


class HealthResponse(accounts.HealthResponse, WithMeta):
    pass


class AccountResponse(accounts.AccountResponse, WithMeta):
    pass


class KeyCreated(accounts.KeyCreated, WithMeta):
    pass


class KeyList(accounts.KeyList, WithMeta):
    pass


class KeyRevoked(accounts.KeyRevoked, WithMeta):
    pass


class IngestResponse(memory.IngestResponse, WithMeta):
    pass


class BatchIngestResponse(memory.BatchIngestResponse, WithMeta):
    pass


class QueryResponse(memory.QueryResponse, WithMeta):
    pass


class ProcessResponse(memory.ProcessResponse, WithMeta):
    pass


class UserList(memory.UserList, WithMeta):
    pass


class NodeList(memory.NodeList, WithMeta):
    pass


class NodeDetail(memory.NodeDetail, WithMeta):
    pass


class EntityList(memory.EntityList, WithMeta):
    pass


class PinCreated(memory.PinBody, WithMeta):
    pass


class PinList(memory.PinList, WithMeta):
    pass


class Deleted(memory.Deleted, WithMeta):
    pass


class ExportResponse(memory.ExportResponse, WithMeta):
    pass


class Profile(profile.Profile, WithMeta):
    pass


class PresetList(profile.PresetList, WithMeta):
    pass


class TopicBody(BaseModel):
    """One topic of a user's memory (``GET /users/{id}/topics``); extra fields are kept."""

    model_config = ConfigDict(extra="allow")

    label: str


class TopicList(WithMeta):
    """A user's topics with their counts and live salience, as the service lists them."""

    user_id: str
    topics: list[TopicBody]


class Raw(WithMeta):
    """The body of a ``request()`` call to a path this SDK has no method for."""

    model_config = ConfigDict(extra="allow")

    def body(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


__all__ = [
    "AccountResponse",
    "BatchIngestResponse",
    "ConceptBody",
    "Deleted",
    "EntityBody",
    "EntityList",
    "ExportResponse",
    "HealthResponse",
    "IngestResponse",
    "IngestSafety",
    "KeyCreated",
    "KeyInfo",
    "KeyList",
    "KeyRevoked",
    "LimitsBody",
    "MemoryItem",
    "NodeDetail",
    "NodeList",
    "NodeSummary",
    "PinBody",
    "PinCreated",
    "PinList",
    "PresetBody",
    "PresetList",
    "ProcessResponse",
    "Profile",
    "QueryResponse",
    "QuerySafety",
    "Raw",
    "SaliencePoint",
    "ScoringBody",
    "SignupResponse",
    "TopicBody",
    "TopicList",
    "TurnItem",
    "UsageBody",
    "UserList",
    "UserSummary",
]
