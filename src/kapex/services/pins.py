"""Safety pins: ``suppress`` keeps a topic out of memory, ``constraint`` is always injected.

A suppress pin matches a memory by meaning (cosine of the pin's topic to the memory, or of
the topic read with the pin's note), by words (an informative word of the pin's topic — a
name, or a content word that is not a time word, light verb or feeling — appears in the
memory's topic, entities or text: "Gareth" of
"my stepfather Gareth", "calorie" of "calorie counting") or by **person**: a pin that names
someone by role ("my ex-husband") covers memories that name that role ("my ex") and the
people the user's memories give that role ("my ex-husband Gareth" → every memory naming
Gareth, "Gareth turned up drunk" included). Matching is deliberately generous:
a user who asked for a topic to be left alone is harmed more by a miss than by an extra
omission. The same rule decides at ingest (the turn is discarded) and at read time (a stored
memory is hidden).

A topic that lists several things ("weight, dieting and calories") is matched by each of
them as well as by the whole: the embedding of a list sits far from a sentence about one of
its items ("lost four kilos": 0.32 to the list, 0.42 to "weight").

People go on talking about a topic without its name: after "gambling" is pinned, "borrowed
100k to stake on the match" names neither the topic nor anything like it in a few words.
Two readings reach such memories:

- **Fields** (``kapex.models.topic_fields``): a pin that names a topic of the shipped bank
  ("drinking" names the alcohol field) also matches a memory that field's classifier reads as
  about it (``FIELD_LEVEL``). This works from the first memory, also for a pin set before
  anything was said.
- **Neighbours**: a memory close in meaning to one the pin matched
  (``SUPPRESS_NEIGHBOUR_COSINE``) is hidden too — one step only, never a chain of steps, so
  that the topic cannot spread.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime

import numpy as np

from kapex.access.tiers import Limits
from kapex.clock import iso_z
from kapex.engine.concepts import facets, roles_named, same_role
from kapex.engine.lexical import tokenize
from kapex.engine.topic_groups import GENERIC
from kapex.errors import NotFound
from kapex.models.topic_fields import FIELD_LEVEL, TopicFields, about
from kapex.safety.instructions import neutralise
from kapex.schemas.memory import Deleted, PinBody, PinList, PinRequest, PinUpdate
from kapex.schemas.profile import Profile
from kapex.services.index_cache import NodeView, UserView
from kapex.services.models import LocalModels
from kapex.services.user_views import UserViews
from kapex.store.memory import MemoryStore, PinRecord

#: A pin's topic is a few words and a memory a sentence: MiniLM cosines of a sentence *about*
#: a short topic run 0.2–0.65, of an unrelated one mostly below 0.2. Of the memories the
#: suppress-pin scenarios expect hidden, 0.25 reaches 66% by meaning alone (0.3: 48%) and
#: none they expect shown. The price: over twelve typical pins ("gambling", "divorce", "my
#: dad", "travel"…) a pin matches 1.5% of 3,000 ordinary LoCoMo turns on average (0.3: 0.5%),
#: at most 3.9% for a broad one, mostly light chat the pin then hides — the generous side,
#: by the pins' policy (module contract).
SUPPRESS_COSINE = 0.25
#: A suppress pin's note is what the user said about the topic ("my dad's drinking: I can't
#: keep going over it", "calorie counting: in recovery from an eating disorder"); the topic
#: and note read together reach memories the topic's few words do not. Notes are mostly
#: generic requests, longer than a topic, so they count from a higher cosine: at 0.3 they
#: reach 52% instead of 44% of the memories the new blind set expects hidden (studied sets
#: 66% → 67%, older blind sets 68% → 70%), none expected shown, and raise a pin's reach
#: into ordinary LoCoMo turns from 1.36% to 1.62% on average (at 0.25: 2.57%).
NOTE_COSINE = 0.3
#: Two memories on one sensitive matter sit at cosines 0.3–0.6 from each other, a memory on
#: it and an unrelated one of the same user below 0.2 (measured on the suppress-pin
#: scenarios of tests/scenarios).
SUPPRESS_NEIGHBOUR_COSINE = 0.4
#: How many of a matched memory's nearest memories the neighbour step looks at.
NEIGHBOURS = 50
Scale = Callable[[float], float]


def _unchanged(cosine: float) -> float:
    return cosine


def content_words(text: str) -> set[str]:
    """Stemmed content words, as lexical search sees them."""
    return set(tokenize(text))


_LIST_SEPARATOR = re.compile(r"\s*(?:[,;/&]|\band\b|\bor\b)\s*", re.IGNORECASE)


def topic_facets(topic: str) -> list[str]:
    """The things a pin's topic lists, each alone; [] when it names one thing."""
    parts = [part for part in _LIST_SEPARATOR.split(topic) if len(part) > 2]
    return parts if len(parts) > 1 else []


def prepare_pins(
    view: UserView, embed: Callable[[list[str]], np.ndarray], fields: TopicFields | None
) -> None:
    """Give the view, once, what its pins are matched with beyond their own vector: the
    vectors of the things each topic lists (``topic_facets``), of a suppress pin's topic
    read with its note (``NOTE_COSINE``; zeros without a note) — one model call for all of
    them, none when there are none — and the classifiers of the fields each topic or listed
    thing names (``fields``: None when the embedder has no field artefact)."""
    if view.pin_facets is not None:
        return
    facets = [topic_facets(pin.topic) for pin in view.pins]
    flat = [facet for listed in facets for facet in listed]
    noted = [
        (row, f"{pin.topic}: {pin.note}")
        for row, pin in enumerate(view.pins)
        if pin.kind == "suppress" and pin.note
    ]
    dim = view.pin_vectors.shape[1]
    texts = flat + [text for _, text in noted]
    embedded = embed(texts) if texts else np.zeros((0, dim), np.float32)
    vectors = embedded[: len(flat)]
    notes = np.zeros((len(view.pins), dim), np.float32)
    for (row, _), vector in zip(noted, embedded[len(flat) :], strict=True):
        notes[row] = vector
    out, classifiers, start = [], [], 0
    for row, listed in enumerate(facets):
        own = vectors[start : start + len(listed)]
        start += len(listed)
        out.append(own)
        named = (
            fields.fields_for(np.vstack([view.pin_vectors[row : row + 1], own])) if fields else ()
        )
        classifiers.append(
            fields.classifiers(named) if fields and named else np.zeros((0, dim + 1))
        )
    view.pin_fields = classifiers
    view.pin_notes = notes
    view.pin_facets = out


def _topic_cosine(view: UserView, row: int, vector: np.ndarray) -> float:
    """The text's cosine to the pin's topic, or to the closest thing the topic lists."""
    cosine = float(view.pin_vectors[row] @ vector)
    if view.pin_facets is not None and len(view.pin_facets[row]):
        cosine = max(cosine, float((view.pin_facets[row] @ vector).max()))
    return cosine


def _field_probability(view: UserView, row: int, vector: np.ndarray) -> float:
    """How likely the text is about one of the fields the pin names (0: names none)."""
    return about(view.pin_fields[row], vector) if view.pin_fields is not None else 0.0


def _words_match(pin: PinRecord, text: str) -> bool:
    wanted = {w for w in content_words(pin.topic) if len(w) > 2 and w not in GENERIC}
    return bool(wanted & content_words(text))


def _by_topic(
    view: UserView, row: int, pin: PinRecord, text: str, vector: np.ndarray, scale: Scale
) -> bool:
    """Whether the text falls under the pin's topic itself: by meaning (of the topic, or of
    the topic read with its note), field or words."""
    return (
        scale(_topic_cosine(view, row, vector)) >= SUPPRESS_COSINE
        or (
            view.pin_notes is not None and scale(float(view.pin_notes[row] @ vector)) >= NOTE_COSINE
        )
        or _field_probability(view, row, vector) >= FIELD_LEVEL
        or _words_match(pin, text)
    )


def _under_topic(view: UserView, scale: Scale) -> dict[str, set[str]]:
    """For each suppress pin: the memories that fall under its topic itself (``_by_topic``).
    Worked out once per loaded view; both the names a matter involves (``_people_of``) and
    the memories it hides (``suppressed_nodes``) start from them."""
    if view.pin_topic_nodes is None:
        view.pin_topic_nodes = {
            pin.pin_id: {
                node.node_id
                for node in view.nodes.values()
                if _by_topic(view, row, pin, node_text(node), node.vector, scale)
            }
            for row, pin in enumerate(view.pins)
            if pin.kind == "suppress"
        }
    return view.pin_topic_nodes


def _people_of(view: UserView, scale: Scale = _unchanged) -> dict[str, set[str]]:
    """For each pin: the lower-cased names of who and what its matter involves — the names
    the user's memories give the role a pin names ("my ex-husband Gareth"), and, for a
    suppress pin, the names in the memories that fall under its topic ("let go from
    Halvorsen; my line manager Marcus…" under "my old job at the bank": Marcus's email later
    is the old job too). Worked out once per loaded view, like ``suppressed_nodes``, and
    grown at ingest by ``learn_people``; never from memories a name matched, so a matter
    cannot spread from name to name."""
    if view.pin_people is None:
        people: dict[str, set[str]] = {}
        for pin in view.pins:
            roles = roles_named(pin.topic)
            named = {
                f.entity.lower()
                for node in view.nodes.values()
                for f in facets(node.summary, list(node.entities))
                if any(same_role(f.attribute, role) for role in roles)
            }
            for node_id in _under_topic(view, scale).get(pin.pin_id, ()):
                if node_id in view.nodes:
                    named.update(name.lower() for name in view.nodes[node_id].entities)
            people[pin.pin_id] = named
        view.pin_people = people
    return view.pin_people


def learn_people(view: UserView, pin: PinRecord, text: str, names: list[str]) -> None:
    """Remember who ``text`` gives the pin's role (a turn the pin discards still says who
    the pinned person is: "my ex-husband Gareth…")."""
    known = _people_of(view).get(pin.pin_id)
    if known is not None:
        roles = roles_named(pin.topic)
        known.update(
            f.entity.lower()
            for f in facets(text, names)
            if any(same_role(f.attribute, role) for role in roles)
        )
        if not _person_match(view, pin, text, names):
            # Discarded as the topic itself, not for naming someone: what it names is the
            # matter's too.
            known.update(name.lower() for name in names)


def _person_match(
    view: UserView,
    pin: PinRecord,
    text: str,
    entities: Sequence[str],
    scale: Scale = _unchanged,
) -> bool:
    roles = roles_named(pin.topic)
    if any(same_role(named, role) for named in roles_named(text) for role in roles):
        return True
    people = _people_of(view, scale).get(pin.pin_id, set())
    if not people:
        return False
    if any(name.lower() in people for name in entities):
        return True
    words = set(re.findall(r"[\w'-]+", text.lower()))
    return any(set(person.split()) <= words for person in people)


def matching_pins(
    view: UserView,
    text: str,
    vector: np.ndarray,
    *,
    kind: str | None = None,
    scale: Scale = _unchanged,
    entities: Sequence[str] = (),
) -> list[PinRecord]:
    """The pins (of ``kind``, or of any kind) whose topic the text falls under, by meaning,
    by words or by person (module contract). ``scale`` puts the embedder's cosine on the
    scale ``SUPPRESS_COSINE`` was calibrated on; ``entities`` are names found in the text."""
    return [
        pin
        for row, pin in enumerate(view.pins)
        if kind in (None, pin.kind)
        and (
            _by_topic(view, row, pin, text, vector, scale)
            or _person_match(view, pin, text, entities, scale)
        )
    ]


def suppressing_pin(
    view: UserView,
    text: str,
    vector: np.ndarray,
    *,
    scale: Scale = _unchanged,
    entities: Sequence[str] = (),
) -> PinRecord | None:
    """The first suppress pin that the text falls under, if any."""
    found = matching_pins(view, text, vector, kind="suppress", scale=scale, entities=entities)
    return found[0] if found else None


def node_text(node: NodeView) -> str:
    """What a pin's topic is matched against: the memory's topic, summary and entities."""
    return " ".join([node.topic, node.summary, *node.entities])


def suppressed_nodes(view: UserView, *, scale: Scale = _unchanged) -> set[str]:
    """Ids of the user's memories that some suppress pin hides.

    Worked out once per loaded view: pins change only through a reload, and new content that
    a pin would hide is discarded at ingest, so nodes added later never need checking.
    """
    if view.hidden is None:
        hidden: set[str] = set()
        suppress = [p for p in view.pins if p.kind == "suppress"]
        if suppress:
            topical = set().union(*_under_topic(view, scale).values())
            direct = [
                node
                for node in view.nodes.values()
                if node.node_id in topical
                or any(
                    _person_match(view, pin, node_text(node), node.entities, scale)
                    for pin in suppress
                )
            ]
            hidden = {node.node_id for node in direct}
            for node in direct:
                hidden |= {
                    node_id
                    for node_id, cosine in view.index.nearest(node.vector, k=NEIGHBOURS)
                    if scale(cosine) >= SUPPRESS_NEIGHBOUR_COSINE
                }
        view.hidden = hidden
    return view.hidden


def suppressing_neighbour(
    view: UserView, vector: np.ndarray, *, scale: Scale = _unchanged
) -> PinRecord | None:
    """The suppress pin that hides a stored memory close in meaning to a new turn (the
    neighbour step of the module contract, at ingest): the pin that matched that memory."""
    for node_id in suppressed_nodes(view, scale=scale):
        node = view.nodes[node_id]
        if scale(float(node.vector @ vector)) >= SUPPRESS_NEIGHBOUR_COSINE:
            pin = suppressing_pin(
                view, node_text(node), node.vector, scale=scale, entities=node.entities
            )
            if pin is not None:  # matched by the pin itself, not as a neighbour
                return pin
    return None


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

    def _embedded(
        self,
        pin_id: str,
        topic: str,
        kind: str,
        note: str | None,
        *,
        profile: Profile,
        at: datetime,
    ) -> PinRecord:
        # A pin is stored text like any memory: it is scrubbed of PII the same way.
        scrubber = self._models.scrubbers[profile.safety.pii_placeholder_style]
        clean_topic = scrubber.scrub(topic).text
        # Embedded as memories are, so pin and memory are compared like with like.
        vector = self._models.embedder.embed([clean_topic])[0]
        return PinRecord(
            pin_id=pin_id,
            topic=clean_topic,
            kind=kind,
            note=scrubber.scrub(note).text if note else None,
            model_id=self._models.embedder.model_id,
            embedding=vector.astype(np.float32).tobytes(),
            created_at=at,
        )

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
        pin = self._embedded(
            str(uuid.uuid4()), request.topic, request.kind, request.note, profile=profile, at=now
        )
        self._store.add_pin(tenant_id, user_id, pin, now=now, max_users=limits.max_users)
        self._views.forget(tenant_id, user_id)
        return _body(user_id, pin)

    def update(
        self, tenant_id: str, user_id: str, pin_id: str, request: PinUpdate, *, profile: Profile
    ) -> PinBody:
        """Change a pin's topic, kind or note (a ``note`` of null clears it); fields left out
        keep their value. The pin keeps its id and creation time."""
        current = next(
            (p for p in self._store.list_pins(tenant_id, user_id) if p.pin_id == pin_id), None
        )
        if current is None:
            raise NotFound(f"No pin {pin_id!r} for user {user_id!r}.")
        sent = request.model_fields_set
        pin = self._embedded(
            pin_id,
            request.topic if "topic" in sent and request.topic else current.topic,
            request.kind if "kind" in sent and request.kind else current.kind,
            request.note if "note" in sent else current.note,
            profile=profile,
            at=current.created_at,
        )
        if not self._store.update_pin(tenant_id, user_id, pin):
            raise NotFound(f"No pin {pin_id!r} for user {user_id!r}.")
        self._views.forget(tenant_id, user_id)
        return _body(user_id, pin)

    def list(self, tenant_id: str, user_id: str) -> PinList:
        return PinList(pins=[_body(user_id, p) for p in self._store.list_pins(tenant_id, user_id)])

    def delete(self, tenant_id: str, user_id: str, pin_id: str) -> Deleted:
        if not self._store.delete_pin(tenant_id, user_id, pin_id):
            raise NotFound(f"No pin {pin_id!r} for user {user_id!r}.")
        self._views.forget(tenant_id, user_id)
        return Deleted(status="deleted", pin_id=pin_id)


__all__ = [
    "PinService",
    "constraint_text",
    "matching_pins",
    "node_text",
    "prepare_pins",
    "suppressed_nodes",
    "suppressing_neighbour",
    "suppressing_pin",
    "topic_facets",
]
