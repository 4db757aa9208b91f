"""What the node listings say about each memory beyond its stored fields, and how they filter.

For each memory, evaluated at one moment:

- **topic** — the ``topic_id`` stored on the node, labelled as the user's topics name it now
  (``UserView.topics``; the node's own topic words before the view knows it).
- **flags** — ``crisis`` (crisis detected at ingest), ``pii_redacted`` (PII replaced before
  storage), ``superseded`` (a newer memory restates it), ``suppressed`` (a suppress pin hides
  it from every block) and ``pinned`` (a constraint pin is about it). Both pin flags use the
  pin-matching rule the read and write paths use (``services/pins.py``), so what the listing
  shows is what retrieval does.
- **channel** — how the memory can reach a context block now: ``hidden`` (suppressed),
  ``salient`` (every block considers it, whatever the input: it is among the
  ``SALIENT_POOL`` most salient memories, as the read path picks them) or ``relevant`` (only
  when an input asks about it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kapex.engine.salience import most_salient, salience_many
from kapex.errors import ValidationFailed
from kapex.schemas.profile import Profile
from kapex.services.index_cache import UserView
from kapex.services.pins import Scale, matching_pins, node_text, suppressed_nodes
from kapex.services.recall import SALIENT_POOL
from kapex.store.memory import PinRecord

CHANNELS = ("salient", "relevant", "hidden")
FLAGS = ("crisis", "pii_redacted", "superseded", "pinned", "suppressed")
ROLES = ("user", "assistant")


@dataclass(frozen=True, slots=True)
class Annotation:
    topic_id: str
    topic_label: str
    superseded_by: str | None
    channel: str
    flags: tuple[str, ...]
    pin_ids: tuple[str, ...]


def offered_unasked(view: UserView, *, at: datetime, profile: Profile, scale: Scale) -> set[str]:
    """The memories every block considers at ``at`` whatever the input: the ``SALIENT_POOL``
    most salient (``services/recall.py`` picks them the same way), less those a suppress pin
    hides."""
    with view.lock:
        ids, columns = view.arrays()
        live = salience_many(**columns, at=at, decay=profile.decay_profile)
        return {ids[row] for row in most_salient(live, SALIENT_POOL)} - suppressed_nodes(
            view, scale=scale
        )


def _topic_label(row: Any, view: UserView | None) -> str:
    if view is None:
        return str(row.topic)
    return view.topics.label(row.topic_id, fallback=row.topic)


def annotate(
    rows: list[Any], *, view: UserView | None, offered: set[str], scale: Scale
) -> dict[str, Annotation]:
    """Annotations of ``rows`` (stored nodes); ``offered`` is ``offered_unasked`` at the
    listing's moment; ``scale`` maps the embedder's cosines onto the pins' (pins.py).

    ``view`` is the user's current view (topics, pins and vectors); a node the view has not
    seen yet (written after it was loaded) is matched against no pin.
    """
    hidden: set[str] = set()
    pins_of: dict[str, list[PinRecord]] = {}
    if view is not None:
        with view.lock:
            hidden = set(suppressed_nodes(view, scale=scale))
            if view.pins:
                for row in rows:
                    node = view.nodes.get(row.node_id)
                    found = (
                        matching_pins(
                            view,
                            node_text(node),
                            node.vector,
                            entities=node.entities,
                            scale=scale,
                        )
                        if node
                        else []
                    )
                    if found:
                        pins_of[row.node_id] = found
    notes: dict[str, Annotation] = {}
    for row in rows:
        safety = row.safety or {}
        superseded_by = row.superseded_by
        flags = [
            flag
            for flag, present in (
                ("crisis", bool(safety.get("crisis_detected"))),
                ("pii_redacted", bool(safety.get("pii_redacted"))),
                ("superseded", bool(superseded_by)),
                ("pinned", any(p.kind == "constraint" for p in pins_of.get(row.node_id, ()))),
                ("suppressed", row.node_id in hidden),
            )
            if present
        ]
        if row.node_id in hidden:
            channel = "hidden"
        elif row.node_id in offered:
            channel = "salient"
        else:
            channel = "relevant"
        notes[row.node_id] = Annotation(
            topic_id=row.topic_id,
            topic_label=_topic_label(row, view),
            superseded_by=superseded_by,
            channel=channel,
            flags=tuple(flags),
            pin_ids=tuple(p.pin_id for p in pins_of.get(row.node_id, ())),
        )
    return notes


@dataclass(frozen=True, slots=True)
class NodeFilter:
    """Which memories a listing keeps; every given criterion must hold."""

    role: str | None = None
    topic: str | None = None
    channel: str | None = None
    flags: frozenset[str] = frozenset()
    text: str | None = None

    @classmethod
    def parse(
        cls,
        *,
        role: str | None,
        topic: str | None,
        channel: str | None,
        flags: Iterable[str],
        text: str | None,
    ) -> NodeFilter:
        """A filter from query parameters; unknown values are a ``ValidationFailed``."""
        wanted = frozenset(flags)
        for field, value, allowed in (
            ("role", role, ROLES),
            ("channel", channel, CHANNELS),
        ):
            if value is not None and value not in allowed:
                raise ValidationFailed(
                    f"{field} must be one of {', '.join(allowed)}.",
                    details=[{"field": field, "problem": f"unknown value {value!r}"}],
                )
        unknown = sorted(wanted - set(FLAGS))
        if unknown:
            raise ValidationFailed(
                f"flag must be one of {', '.join(FLAGS)}.",
                details=[{"field": "flag", "problem": f"unknown value {unknown[0]!r}"}],
            )
        return cls(
            role=role,
            topic=topic or None,
            channel=channel,
            flags=wanted,
            text=text.strip().casefold() if text and text.strip() else None,
        )

    def keeps(self, row: Any, note: Annotation) -> bool:
        if self.role is not None and row.role != self.role:
            return False
        if self.topic is not None and note.topic_id != self.topic:
            return False
        if self.channel is not None and note.channel != self.channel:
            return False
        if not self.flags <= set(note.flags):
            return False
        if self.text is not None:
            haystack = " ".join([row.summary, row.content, note.topic_label]).casefold()
            return self.text in haystack
        return True


__all__ = ["CHANNELS", "FLAGS", "Annotation", "NodeFilter", "annotate", "offered_unasked"]
