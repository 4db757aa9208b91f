"""Safety pins: ``suppress`` keeps a topic out of memory, ``constraint`` is always injected.

A suppress pin matches a memory by meaning (cosine of the pin's topic to the memory) or by
words (every content word of the pin's topic appears in the memory's topic, entities or
text). Matching is deliberately generous: a user who asked for a topic to be left alone is
harmed more by a miss than by an extra omission.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

import numpy as np

from kapex.access.tiers import Limits
from kapex.clock import iso_z
from kapex.engine.lexical import tokenize
from kapex.errors import NotFound
from kapex.safety.instructions import neutralise
from kapex.schemas.memory import Deleted, PinBody, PinList, PinRequest
from kapex.schemas.profile import Profile
from kapex.services.index_cache import UserView
from kapex.services.models import LocalModels
from kapex.services.user_views import UserViews
from kapex.store.memory import MemoryStore, PinRecord

SUPPRESS_COSINE = 0.5
Scale = Callable[[float], float]


def _unchanged(cosine: float) -> float:
    return cosine


def content_words(text: str) -> set[str]:
    """Stemmed content words, as lexical search sees them."""
    return set(tokenize(text))


def _words_match(pin: PinRecord, text: str) -> bool:
    wanted = content_words(pin.topic)
    return bool(wanted) and wanted <= content_words(text)


def suppressing_pin(
    view: UserView, text: str, vector: np.ndarray, *, scale: Scale = _unchanged
) -> PinRecord | None:
    """The first suppress pin that the text falls under, if any. ``scale`` puts the
    embedder's cosine on the scale ``SUPPRESS_COSINE`` was calibrated on."""
    for row, pin in enumerate(view.pins):
        if pin.kind != "suppress":
            continue
        cosine = scale(float(view.pin_vectors[row] @ vector))
        if cosine >= SUPPRESS_COSINE or _words_match(pin, text):
            return pin
    return None


def suppressed_nodes(view: UserView, *, scale: Scale = _unchanged) -> set[str]:
    """Ids of the user's memories that some suppress pin hides.

    Worked out once per loaded view: pins change only through a reload, and new content that
    a pin would hide is discarded at ingest, so nodes added later never need checking.
    """
    if view.hidden is None:
        hidden: set[str] = set()
        if any(p.kind == "suppress" for p in view.pins):
            for node in view.nodes.values():
                text = " ".join([node.topic, node.summary, *node.entities])
                if suppressing_pin(view, text, node.vector, scale=scale) is not None:
                    hidden.add(node.node_id)
        view.hidden = hidden
    return view.hidden


def constraint_text(pin: PinRecord) -> str:
    """The pin's line text for the context block. A pin's words often come from the end user,
    so they go through the same instruction neutralisation as memory text."""
    return neutralise(f"{pin.topic}: {pin.note}" if pin.note else pin.topic).text


def _body(user_id: str, pin: PinRecord) -> PinBody:
    return PinBody(
        pin_id=pin.pin_id,
        user_id=user_id,
        topic=pin.topic,
        kind=pin.kind,
        note=pin.note,
        created_at=iso_z(pin.created_at),
    )


class PinService:
    def __init__(self, *, store: MemoryStore, views: UserViews, models: LocalModels) -> None:
        self._store = store
        self._views = views
        self._models = models

    def add(
        self,
        tenant_id: str,
        user_id: str,
        request: PinRequest,
        *,
        limits: Limits,
        profile: Profile,
        now: datetime,
    ) -> PinBody:
        # A pin is stored text like any memory: it is scrubbed of PII the same way.
        scrubber = self._models.scrubbers[profile.safety.pii_placeholder_style]
        topic = scrubber.scrub(request.topic).text
        note = scrubber.scrub(request.note).text if request.note else None
        # Embedded as memories are, so pin and memory are compared like with like.
        vector = self._models.embedder.embed([topic])[0]
        pin = PinRecord(
            pin_id=str(uuid.uuid4()),
            topic=topic,
            kind=request.kind,
            note=note,
            model_id=self._models.embedder.model_id,
            embedding=vector.astype(np.float32).tobytes(),
            created_at=now,
        )
        self._store.add_pin(tenant_id, user_id, pin, now=now, max_users=limits.max_users)
        self._views.forget(tenant_id, user_id)
        return _body(user_id, pin)

    def list(self, tenant_id: str, user_id: str) -> PinList:
        return PinList(pins=[_body(user_id, p) for p in self._store.list_pins(tenant_id, user_id)])

    def delete(self, tenant_id: str, user_id: str, pin_id: str) -> Deleted:
        if not self._store.delete_pin(tenant_id, user_id, pin_id):
            raise NotFound(f"No pin {pin_id!r} for user {user_id!r}.")
        self._views.forget(tenant_id, user_id)
        return Deleted(status="deleted", pin_id=pin_id)


__all__ = ["PinService", "constraint_text", "suppressed_nodes", "suppressing_pin"]
