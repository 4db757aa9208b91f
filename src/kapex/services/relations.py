"""How a new turn relates to what is already stored.

A turn can work a matter through (processing: the memories of its thread decay faster),
mention it again unresolved (a re-mention spike for the closest memories), restate an
attribute an older memory stated (supersession), and form or join graph concepts (topics,
interests, facets).
These are decided here, under the user's view lock, before the turn is written; the store
applies them in the turn's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from kapex.engine import supersession
from kapex.engine.concepts import facets, interests
from kapex.engine.people import people
from kapex.engine.signals import GRAVE_LEVEL, TRIVIAL_BAND
from kapex.schemas.memory import TurnItem
from kapex.services.index_cache import UserView
from kapex.store.graph_links import ConceptLink
from kapex.store.memory import GraphUpdate

#: At most this many older memories get a re-mention spike from one turn (the closest ones).
MAX_RELATED = 5
#: At most this many memories of a thread are marked processed by one processing turn (the
#: newest ones); a thread longer than this is rarely worked through as one. Each marked memory
#: costs an update, an event row (two for a resolution) and a change-record row: at 200, the
#: processing turns were the slowest twentieth of ingests at 5,000 memories (p95 54 ms against
#: 34 ms at 50, `kapex bench latency` on a busy machine), with every scenario passing at both.
MAX_PROCESSED = 50
#: A turn continues the matter of the stored memory closest to it in meaning when the two are
#: at least this close (MiniLM scale). Two different grave matters told side by side (a
#: pregnancy loss and a father's memory-clinic referral; one's own cancer and a father's) sit
#: at 0.3–0.5 from each other, so a topic, which groups what is alike, holds both; a turn that
#: goes back to one of them is nearest to that one.
THREAD_COSINE = 0.3
#: A turn at least this close to the matter it goes back to is read by the processing head
#: (``engine.processing.WORKED_THROUGH``), as is a turn more than trivia on a looser link. In
#: a chatty register small talk sits 0.3 from a grave matter told the same way ("the nephew
#: showed me voice notes", "the MOT is due" beside a scan result), and the head reads such
#: calm updates as worked through.
RETURNING_COSINE = 0.4
#: A turn that reads as worked through goes back to a weighty matter at least this close
#: when nothing is ``THREAD_COSINE`` close: people work a matter through in other words than
#: they told it ("fourth session with the counsellor, the handovers went fine" sits 0.29 from
#: the divorce it is about). The head reads calm news as worked through too: the guards of
#: ``_worked_matter`` and of the caller (more than trivia) keep news out.
WORKING_COSINE = 0.2
#: A newer memory supersedes an older one only if they are at least this close in meaning
#: as well as stating the same attribute of the same subject (engine/supersession.py). Two
#: jobs or two cars are two different things: "I work as a receptionist at a dental
#: practice" and "now employed by the county council" sit 0.23 apart, a junior analyst's
#: role and the lead role she was promoted to 0.24, and at the earlier 0.25 neither update
#: counted. 0.1 still keeps apart statements the frames misread with nothing in common;
#: studied behaviour sets +1 (the promotion), none lost; LoCoMo within a question or two.
SUPERSEDE_COSINE = 0.1


@dataclass(frozen=True, slots=True)
class Link:
    """How a new turn continues a stored matter (``thread_of``): the matter's thread, the
    cosine to the memory it continues, and whether both name someone in common."""

    thread: str
    cosine: float
    shared_person: bool


@dataclass(frozen=True)
class Turn:
    """A validated turn with its owner and clock resolved."""

    user_id: str
    item: TurnItem
    event_time: datetime


def processing_step(markers: list[str]) -> int:
    """How far one processing turn works a matter through: a resolution ("we made our peace",
    "it's behind me") counts twice, any other processing once."""
    return 2 if "resolution" in markers else 1


def thread_of(
    view: UserView,
    nearest: list[tuple[str, float]],
    *,
    who: frozenset[str] = frozenset(),
    about: frozenset[str] | None = None,
    grave: bool = False,
    raw: bool = False,
    worked: bool = False,
    named: frozenset[str] = frozenset(),
) -> Link | None:
    """The matter a new turn goes back to, and how close: the thread of the closest stored
    memory (``nearest``: memories and cosines, best first) at least ``THREAD_COSINE`` close,
    with that cosine; None when the turn tells something new.

    A thread follows one matter through the turns that return to it (the loss, the support
    group, the room repainted, the tree planted), each joining the thread of the memory it is
    nearest to; working a matter through makes that thread recede, not every memory that
    resembles it (``graph_update``). Two kinds of turn continue a memory only through the
    people both name (``who``, ``engine.people``): a grave turn (``grave``) that names
    anyone — news about someone else is another matter, whatever the words share ("Dad
    rang, it's bowel cancer" after the user's own diagnosis) — and a turn told raw (``raw``:
    a first telling or ongoing distress, "we got burgled last week" after a mugging).
    ``about`` (default ``who``) are the people a grave turn is news about: not those named
    only as the writer's co-agents (``engine.people.others``), with whom the writer is
    going through their own matter ("Mark and I went to a support group").

    A turn the processing head reads as worked through (``worked``: the caller also asks
    that it be more than trivia) that no stored memory continues this way goes back to the
    closest weighty matter at least ``WORKING_COSINE`` close (``_worked_matter``), without the
    person rule: a matter is worked through in other words than it was told (the garden
    planted, the counsellor seen), and the counsellor it names is not news about someone else.
    """
    about = who if about is None else about
    for node_id, cosine in nearest:
        if cosine < THREAD_COSINE:
            break
        node = view.nodes[node_id]
        shared = bool(who & people(node.summary, node.entities))
        if (raw or (grave and about)) and not shared:
            continue
        return Link(node.thread, cosine, shared)
    return _worked_matter(view, nearest, who=who, named=named) if worked else None


def _worked_matter(
    view: UserView,
    nearest: list[tuple[str, float]],
    *,
    who: frozenset[str],
    named: frozenset[str],
) -> Link | None:
    """The weighty matter a turn that reads as worked through goes back to when it is
    looser than ``THREAD_COSINE`` to everything stored: the closest user memory at least
    ``WORKING_COSINE`` close that mattered when told (base score at least ``GRAVE_LEVEL``)
    and names everything the turn names (``named``, lower-cased). Calm news reads as worked
    through too; news that names a new town, client or firm is something new ("quoted for a
    loft job in Ashby" beside a lawsuit), the counsellor seen or the garden planted names
    none."""
    for node_id, cosine in nearest:
        if cosine < WORKING_COSINE:
            return None
        node = view.nodes[node_id]
        if (
            node.role == "user"
            and node.base_score >= GRAVE_LEVEL
            and named <= {name.lower() for name in node.entities}
        ):
            return Link(node.thread, cosine, bool(who & people(node.summary, node.entities)))
    return None


def goes_back(continued: Link | None, *, gravity: float) -> bool:
    """Whether a turn that continues a thread (``thread_of``) clearly goes back to its
    matter, so that the processing head may read it: at least ``RETURNING_COSINE`` close,
    itself more than trivia (``gravity``), or naming someone the matter names. Small talk
    loosely like a stored matter is not about it ("the MOT is due" beside a crash); news of
    the person a matter is about is ("Fraser's started a group chat" after years of silence
    between brothers), however light its words."""
    return continued is not None and (
        continued.cosine >= RETURNING_COSINE or gravity >= TRIVIAL_BAND or continued.shared_person
    )


def processing_count(view: UserView, thread: str | None) -> int:
    """How often the matter a processing turn goes back to has been worked through already:
    the turn that resolves it carries the thread's processing, or it would outlast the
    memories it resolves."""
    members = view.thread_members(thread) if thread else set()
    return max((view.nodes[n].processing_count for n in members), default=0)


def sessions_about(view: UserView, related: list[str], turn: Turn) -> int:
    """How many earlier sessions held memories about the same thing (for CSCV)."""
    return len(
        {
            view.nodes[i].session_id
            for i in related
            if view.nodes[i].session_id and view.nodes[i].session_id != turn.item.session_id
        }
    )


def graph_update(
    view: UserView,
    turn: Turn,
    *,
    thread: str | None,
    related: list[str],
    processing: bool,
    step: int = 1,
    claims: list[supersession.Claim],
    vector: np.ndarray,
    speaker: str | None = None,
) -> tuple[GraphUpdate, str | None]:
    """What a new turn changes in older memories, and the newer memory that already
    supersedes it (imported history can arrive out of order).

    - A processing turn marks the thread it goes back to processed (its newest
      ``MAX_PROCESSED`` memories), by ``step`` (a resolution counts twice): working a matter
      through makes all of it recede, not only the sentence most like the new one, and not
      another matter told in similar words.
    - Any other user turn is an unresolved re-mention of the few memories closest to it (at
      least ``RELATED_COSINE``, ``related``): a spike.
    - A statement of an attribute supersedes older statements of the same attribute of the
      same subject; a statement older than one already stored is itself superseded. In a
      conversation with named speakers (``speaker``), "I" is whoever speaks: statements by
      two different speakers are about two different people.
    """
    members = view.thread_members(thread) if thread else set()
    processed: list[str] = []
    rementioned: list[str] = []
    if processing:
        newest = sorted(members, key=lambda n: view.nodes[n].event_time, reverse=True)
        processed = newest[:MAX_PROCESSED]
    elif turn.item.role == "user":
        rementioned = related[:MAX_RELATED]
    superseded: list[str] = []
    newer: tuple[datetime, str] | None = None
    said_by = speaker.strip().lower() if isinstance(speaker, str) and speaker.strip() else None
    if claims:
        for node in view.stating({c.family for c in claims}):
            if (
                node.role != "user"
                or (said_by and node.speaker and node.speaker.strip().lower() != said_by)
                or float(node.vector @ vector) < SUPERSEDE_COSINE
                or not supersession.superseded(claims, node.claims)
            ):
                continue
            if node.event_time <= turn.event_time:
                if node.superseded_by is None:
                    superseded.append(node.node_id)
            elif newer is None or node.event_time < newer[0]:
                newer = (node.event_time, node.node_id)
    update = GraphUpdate(
        processed_node_ids=processed,
        processing_step=step if processed else 1,
        rementioned_node_ids=rementioned,
        superseded_node_ids=superseded,
    )
    return update, newer[1] if newer else None


def concepts(
    view: UserView,
    topic_id: str,
    joined: str | None,
    *,
    label: str,
    text: str,
    role: str,
    names: list[str],
) -> list[ConceptLink]:
    """The topic a recurring subject forms, and the interests and facets the user states."""
    links: list[ConceptLink] = []
    if joined is not None:
        # A topic becomes a graph node when it recurs; its first memory is linked then.
        first = tuple(view.topics.members(joined)) if view.topics.size(joined) == 1 else ()
        links.append(ConceptLink(kind="topic", key=topic_id, label=label, also=first))
    if role != "user":
        return links  # what the assistant said is never a fact about the user
    links += [ConceptLink(kind="interest", key=i, label=i) for i in interests(text)]
    links += [
        ConceptLink(
            kind="facet", key=f"{f.entity.lower()}:{f.attribute}", label=f.label, entity=f.entity
        )
        for f in facets(text, names)
    ]
    return links
