"""What the node listings say about each memory beyond its stored fields, and how they filter.

For each memory, evaluated at one moment:

- **topic** — ``topic_id``/``topic_label`` as the node carries them. A node written before
  topics were stored has its theme instead: the theme id, labelled with the topic of the
  theme's first memory (or the node's own topic when that memory is gone).
- **flags** — ``crisis`` (crisis detected at ingest), ``pii_redacted`` (PII replaced before
  storage), ``superseded`` (a newer memory restates it), ``suppressed`` (a suppress pin hides
  it from every block) and ``pinned`` (a constraint pin is about it). Both pin flags use the
  pin-matching rule the read and write paths use (``services/pins.py``), so what the listing
  shows is what retrieval does.
- **channel** — how the memory can reach a context block now: ``hidden`` (suppressed),
  ``salient`` (it would be offered unasked: live salience at or above the profile's
  ``salient_floor`` and not yet worked through) or ``relevant`` (only when an input asks about
  it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from kapex.errors import ValidationFailed
from kapex.schemas.profile import Profile
from kapex.services.index_cache import UserView
from kapex.services.pins import matching_pins, node_text, suppressed_nodes
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


def offered_unasked(live: float, processing_count: int, *, profile: Profile) -> bool:
    """Whether a memory qualifies for the salient channel: it still matters (live salience at
    the floor or above) and it has not been worked through."""
    return live >= profile.injection_template.salient_floor and processing_count == 0


def _topic(row: Any, first_of: Callable[[str], Any | None], *, stored: bool) -> tuple[str, str]:
    if stored and row.topic_id:
        return row.topic_id, row.topic_label or row.topic
    theme = getattr(row, "theme_id", None) or row.node_id
    first = row if theme == row.node_id else first_of(theme)
    return theme, first.topic if first is not None else row.topic


def annotate(
    rows: list[Any],
    *,
    live: dict[str, float],
    view: UserView | None,
    profile: Profile,
    first_of: Callable[[str], Any | None],
) -> dict[str, Annotation]:
    """Annotations of ``rows`` (stored nodes) at the moment ``live`` was evaluated at.

    ``view`` is the user's current view (pins and vectors); a node the view has not seen yet
    (written after it was loaded) is matched against no pin. ``first_of`` finds a stored node
    by id (the first memory of a theme, for its label).
    """
    hidden: set[str] = set()
    pins_of: dict[str, list[PinRecord]] = {}
    if view is not None:
        with view.lock:
            hidden = set(suppressed_nodes(view))
            if view.pins:
                for row in rows:
                    node = view.nodes.get(row.node_id)
                    found = matching_pins(view, node_text(node), node.vector) if node else []
                    if found:
                        pins_of[row.node_id] = found
    columns = set(rows[0]._fields) if rows else set()
    stored_topics = {"topic_id", "topic_label"} <= columns
    notes: dict[str, Annotation] = {}
    for row in rows:
        safety = row.safety or {}
        superseded_by = row.superseded_by if "superseded_by" in columns else None
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
        elif offered_unasked(live[row.node_id], int(row.processing_count), profile=profile):
            channel = "salient"
        else:
            channel = "relevant"
        topic_id, topic_label = _topic(row, first_of, stored=stored_topics)
        notes[row.node_id] = Annotation(
            topic_id=topic_id,
            topic_label=topic_label,
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
