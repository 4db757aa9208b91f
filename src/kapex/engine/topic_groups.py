"""Topics a person would name, grown one memory at a time.

A topic is a group of a user's memories about one thing: a hobby ("choir rehearsals"), a
project ("Lantern"), a person's illness, a falling-out with a friend. It is found from three
kinds of evidence, measured on the memory being added:

- **words**: the informative words it shares with the topic's *characteristic* words (words
  most of the topic's memories use) or, for a young topic, with its nearest member; without
  one, only a near-paraphrase joins;
- **meaning**: the cosine of its vector to the topic's centroid (the normalised sum of its
  members' vectors) and to the topic's nearest member;
- **names**: a name the topic's memories carry (people, places, projects) is strong evidence;
  a memory that names other people and shares nothing else with the topic is held to a
  higher bar, because similar events with different people are different topics (a row with
  a friend and a silence from a brother).

Contract: ``TopicGroups`` is pure (no I/O, no clock) and incremental: ``assign`` looks only
at the candidate topics the caller's nearest neighbours and the word index point to, so a
write costs the same at 50 or 50,000 memories; nothing is ever re-clustered. The same
memories added in the same order give the same topics. Thresholds live in ``TopicRules``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from kapex.engine.lazy_map import LazyMap
from kapex.engine.lexical import content_words, stem
from kapex.engine.people import KIN
from kapex.engine.sizes import WORD_ENTRY_BYTES, offsets_bytes

#: Words that say nothing about what a memory is about (stemmed at import). Chat is full of
#: time words and light verbs; two memories sharing "today" or "went" share no topic.
_GENERIC_WORDS = """
    today tonight yesterday tomorrow morning afternoon evening night day days week weeks
    weekend month months year years time times ago now later soon finally still again
    thing things stuff bit lot way kind sort something anything everything nothing
    new old good great nice bad big little small first last next other another same whole
    made make makes making take took taken taking went go goes going gone come came coming
    got get say said tell told think thought know knew feel felt want wanted need needed
    look looked see saw seen put keep kept give gave find found start started try tried
    back around almost already always ever never maybe much many most really pretty quite
    one two three four five six seven eight nine ten half hour hours minute minutes
    people someone everyone anyone person guy guys place home work
    love loved lovely awesome amazing cool sweet wonderful glad happy sad proud excited
    fun nice beautiful inspiring tough hard special totally agree sure hope hopefully
    thanks thank wow yeah great awesome super best better worse worst favorite favourite
    help sound sounds share talk talked mean means meant lucky enjoy enjoyed glad cute
    worried worry worrying anxious nervous scared afraid stressed stress upset angry mad
    frustrated annoyed tired exhausted bored lonely hopeful relieved grateful thankful
    feeling feelings emotional overwhelmed struggling
    """
GENERIC = frozenset(stem(w) for w in _GENERIC_WORDS.split())


@dataclass(frozen=True, slots=True)
class TopicRules:
    """When a memory joins a topic (a documented tunable; see docs/engine.md).

    Measured with MiniLM: paraphrases sit near 0.6, two turns of one hobby near 0.3, two
    different family crises near 0.15, two worries told in the same words near 0.55.
    ``word_bonus`` is what one shared informative word adds to the cosine evidence (at most
    ``max_shared_words`` count).
    """

    #: Joining on meaning alone: a near-paraphrase of one of the topic's memories. "I'm
    #: worried about my sister's health" and "I'm worried about my job security" share a
    #: frame (cosine ≈ 0.55), not a topic.
    paraphrase_cosine: float = 0.8
    #: Joining on meaning and words: a shared informative word, ``cosine + word_bonus·shared
    #: ≥ evidence``, and the centroid cosine at least ``floor_cosine``.
    word_bonus: float = 0.15
    max_shared_words: int = 2
    evidence: float = 0.45
    floor_cosine: float = 0.3
    #: A word is characteristic of a topic once this share of its memories (and at least two)
    #: use it.
    characteristic_share: float = 0.4
    #: A memory naming only people the topic never names must be this close in meaning.
    other_names_cosine: float = 0.6
    #: A word most memories of an established topic (this many members) use is the topic's
    #: own word: a memory using it joins even when MiniLM finds little else in common
    #: (short turns of one hobby sit at 0.1–0.3 — "dug two beds at the allotment" and "the
    #: allotment shed door has rotted" — and held one hobby in five topics under the floor).
    established_size: int = 3
    established_floor_cosine: float = 0.1
    #: Two topics are one subject for the share cap when their centroids are this close
    #: (fragments of one hobby sit near 0.6, different matters of one person near 0.3) or
    #: when both are established and share a characteristic word.
    subject_cosine: float = 0.55


@dataclass
class Topic:
    topic_id: str
    members: set[str] = field(default_factory=set)
    vector_sum: np.ndarray | None = None
    words: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    surface: dict[str, Counter[str]] = field(default_factory=dict)
    order: dict[str, int] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.members)

    def centroid(self) -> np.ndarray:
        assert self.vector_sum is not None
        norm = float(np.linalg.norm(self.vector_sum))
        return self.vector_sum / norm if norm > 0 else self.vector_sum

    def characteristic(self, rules: TopicRules) -> set[str]:
        """Words most members use, and names many members carry (a name is stronger
        evidence than a word, so it needs fewer members: half the share)."""
        least = max(2.0, rules.characteristic_share * self.size)
        common = {w for w, n in self.words.items() if n >= least}
        fewest = max(1.0, rules.characteristic_share * self.size / 2)
        return common | {w for w, n in self.names.items() if n >= fewest}


@dataclass(frozen=True, slots=True)
class Member:
    """What the groups keep of one memory."""

    node_id: str
    vector: np.ndarray
    words: frozenset[str]
    names: frozenset[str]
    surface: tuple[tuple[str, str], ...] = ()  # (stem, word as written) for labels


class TopicGroups:
    """One user's topics, under ids the caller chooses."""

    def __init__(self, *, rules: TopicRules | None = None) -> None:
        self.rules = rules or TopicRules()
        self._topics: dict[str, Topic] = {}
        self._topic_of: dict[str, str] = {}
        self._members: LazyMap[Member] = LazyMap()
        #: The members a snapshot restored, as its columns (``from_state``); None when built.
        self._restored: _MemberColumns | None = None
        self._labels: dict[str, str] = {}  # computed on first read, dropped when members change
        self._sequence = 0

    def __len__(self) -> int:
        return len(self._topics)

    def topic_of(self, node_id: str) -> str | None:
        return self._topic_of.get(node_id)

    def member(self, node_id: str) -> Member:
        """A memory's membership (its words, names and vector), made on first read."""
        return self._members[node_id]

    @property
    def members_made(self) -> dict[str, Member]:
        """The members made so far (all of them in groups that were built, not restored)."""
        return self._members.made

    def restored_bytes(self) -> int:
        """What the members a snapshot restored keep as its columns (0 when built)."""
        if self._restored is None:
            return 0
        return self._restored.nbytes + self._members.rows_bytes

    def members(self, topic_id: str) -> set[str]:
        topic = self._topics.get(topic_id)
        return set(topic.members) if topic else set()

    def size(self, topic_id: str) -> int:
        topic = self._topics.get(topic_id)
        return topic.size if topic else 0

    def topic_ids(self) -> list[str]:
        return list(self._topics)

    def subjects(self, topic_ids: Iterable[str]) -> dict[str, str]:
        """The subject each of ``topic_ids`` belongs to, for the share cap (a topic's own id
        when it stands alone).

        Topics grow one memory at a time, so a hobby talked about in short turns can be split
        into fragments formed before any of them was established; capping each fragment
        lets the hobby fill the block. Among the topics of one block, fragments of one
        subject are joined here, at read time, without re-clustering anything stored.
        """
        rules = self.rules
        known = [t for t in dict.fromkeys(topic_ids) if t in self._topics]
        parent = {t: t for t in known}

        def root(t: str) -> str:
            while parent[t] != t:
                parent[t] = parent[parent[t]]
                t = parent[t]
            return t

        centroids = {t: self._topics[t].centroid() for t in known}
        words = {
            t: self._topics[t].characteristic(rules)
            if self._topics[t].size >= rules.established_size
            else set()
            for t in known
        }
        for i, a in enumerate(known):
            for b in known[i + 1 :]:
                close = float(centroids[a] @ centroids[b]) >= rules.subject_cosine
                if close or words[a] & words[b]:
                    parent[root(b)] = root(a)
        return {t: root(t) for t in known}

    def assign(self, member: Member, *, nearest: Sequence[tuple[str, float]]) -> str | None:
        """The existing topic ``member`` belongs to, or None for a new topic.

        ``nearest`` is the memory's nearest stored memories with their cosines, best first
        (from the retrieval index); their topics are the candidates.
        """
        rules = self.rules
        best_member: dict[str, tuple[float, str]] = {}
        for node_id, cosine in nearest:
            topic_id = self._topic_of.get(node_id)
            if topic_id is not None and cosine > best_member.get(topic_id, (-1.0, ""))[0]:
                best_member[topic_id] = (cosine, node_id)
        chosen: str | None = None
        chosen_score = -1.0
        for topic_id, (member_cos, member_id) in best_member.items():
            topic = self._topics[topic_id]
            centroid_cos = float(topic.centroid() @ member.vector)
            characteristic = topic.characteristic(rules)
            shared = member.words & characteristic
            own_word = bool(shared) and topic.size >= rules.established_size
            if topic.size < 3:
                # A young topic has no characteristic words yet: its nearest member speaks.
                shared |= member.words & self._members[member_id].words
            meaning = max(centroid_cos, member_cos)
            score = meaning + rules.word_bonus * min(len(shared), rules.max_shared_words)
            # A join needs a shared informative word and some likeness to the topic as a whole
            # (``floor_cosine``), so one word cannot chain a conversation into one topic; on
            # meaning alone, only a near-paraphrase joins. Chat style ("Wow, that's amazing!")
            # is close in meaning to every other compliment, but it shares no word with them.
            joins = (
                member_cos >= rules.paraphrase_cosine
                or (own_word and centroid_cos >= rules.established_floor_cosine)
                or (bool(shared) and centroid_cos >= rules.floor_cosine and score >= rules.evidence)
            )
            other_names = member.names and topic.names and not (member.names & set(topic.names))
            if joins and other_names and not shared and meaning < rules.other_names_cosine:
                joins = False
            if joins and score > chosen_score:
                chosen, chosen_score = topic_id, score
        return chosen

    def add(self, member: Member, topic_id: str) -> None:
        """Put a memory in a topic (created when new); re-adding a memory moves it."""
        if member.node_id in self._topic_of:
            self.remove(member.node_id)
        topic = self._topics.get(topic_id)
        if topic is None:
            topic = self._topics[topic_id] = Topic(topic_id=topic_id)
        topic.members.add(member.node_id)
        self._labels.pop(topic_id, None)
        vector = np.asarray(member.vector, dtype=np.float64)
        topic.vector_sum = vector.copy() if topic.vector_sum is None else topic.vector_sum + vector
        topic.words.update(member.words)
        topic.names.update(member.names)
        for word, written in member.surface:
            topic.surface.setdefault(word, Counter())[written] += 1
            topic.order.setdefault(word, self._sequence)
            self._sequence += 1
        self._topic_of[member.node_id] = topic_id
        self._members[member.node_id] = member

    def remove(self, node_id: str) -> None:
        """Take a memory out of its topic; an emptied topic disappears."""
        topic_id = self._topic_of.pop(node_id, None)
        member = self._members.pop(node_id, None)
        if topic_id is None or member is None:
            return
        topic = self._topics[topic_id]
        topic.members.discard(node_id)
        self._labels.pop(topic_id, None)
        if not topic.members:
            del self._topics[topic_id]
            return
        assert topic.vector_sum is not None
        topic.vector_sum = topic.vector_sum - np.asarray(member.vector, dtype=np.float64)
        topic.words.subtract(member.words)
        topic.names.subtract(member.names)
        for word, written in member.surface:
            topic.surface[word][written] -= 1
        topic.words = +topic.words
        topic.names = +topic.names

    def detached(self) -> TopicGroups:
        """A copy for ``state`` to read while these groups go on changing: each topic's
        counts copied (they change in place), members shared (they never change)."""
        copy = TopicGroups(rules=self.rules)
        copy._sequence = self._sequence
        copy._topics = {
            topic_id: Topic(
                topic_id=topic_id,
                members=set(t.members),
                vector_sum=t.vector_sum,  # replaced on every change, never written in place
                words=t.words.copy(),
                names=t.names.copy(),
                surface={word: written.copy() for word, written in t.surface.items()},
                order=dict(t.order),
            )
            for topic_id, t in self._topics.items()
        }
        copy._members = self._members.detached()
        copy._restored = self._restored
        return copy

    def state(self) -> dict[str, Any]:
        """The topics and their members as plain values and arrays (``from_state``); the
        members' vectors are not included: the caller holds them."""
        topics = list(self._topics.values())
        made = list(self._members.made.values())
        restored = self._restored
        rows = list(self._members.rows.values())
        if rows:
            assert restored is not None
            ids, words, names, surface = restored.gathered(rows)
        else:
            ids, words, names, surface = [], [], [], []
        return {
            "sequence": self._sequence,
            "topics": [
                [
                    t.topic_id,
                    sorted(t.members),
                    dict(t.words),
                    dict(t.names),
                    {word: dict(written) for word, written in t.surface.items()},
                    dict(t.order),
                ]
                for t in topics
            ],
            "sums": np.array([t.vector_sum for t in topics], dtype=np.float64),
            # Flat, with each member's counts: a list per member would cost more to decode.
            "members": ids + [m.node_id for m in made],
            # The members' words, names and surface forms are read only when a member is made
            # (rarely on a query): JSON text in a byte array, decoded on first use, not with
            # the snapshot's header (at 50,000 memories they were 60% of it).
            "words": _encoded(words + [w for m in made for w in sorted(m.words)]),
            "word_counts": _counts(restored, "word", rows, [len(m.words) for m in made]),
            "names": _encoded(names + [n for m in made for n in sorted(m.names)]),
            "name_counts": _counts(restored, "name", rows, [len(m.names) for m in made]),
            "surface": _encoded(surface + [x for m in made for pair in m.surface for x in pair]),
            "surface_counts": _counts(restored, "surface", rows, [len(m.surface) for m in made]),
        }

    @classmethod
    def from_state(
        cls, state: dict[str, Any], *, vector_of: Callable[[str], np.ndarray]
    ) -> TopicGroups:
        """The groups ``state`` describes; a member's vector is ``vector_of(node_id)``, asked
        when the member is first read (members are made on demand, see ``LazyMap``)."""
        groups = cls()
        groups._sequence = int(state["sequence"])
        sums = np.array(state["sums"], dtype=np.float64)
        for i, (topic_id, members, words, names, surface, order) in enumerate(state["topics"]):
            groups._topics[topic_id] = Topic(
                topic_id=topic_id,
                members=set(members),
                vector_sum=sums[i],
                words=Counter(words),
                names=Counter(names),
                surface={w: Counter(c) for w, c in surface.items()},
                order=dict(order),
            )
            for node_id in members:
                groups._topic_of[node_id] = topic_id
        restored = groups._restored = _MemberColumns(state, vector_of)
        groups._members = LazyMap(
            rows={node_id: k for k, node_id in enumerate(restored.ids)}, make=restored.member
        )
        return groups

    def label(self, topic_id: str, *, fallback: str = "") -> str:
        """One or two words most of the topic's memories use, as the user wrote them, in the
        order they first appeared ("choir rehearsal", "Lantern", "Rosalind"). A topic of one
        memory has no recurring words: it keeps ``fallback`` (the memory's own label)."""
        topic = self._topics.get(topic_id)
        if topic is None or topic.size < 2:
            return fallback
        label = self._labels.get(topic_id)
        if label is None:
            label = self._labels[topic_id] = self._recurring_words(topic) or ""
        return label or fallback

    @staticmethod
    def _recurring_words(topic: Topic) -> str:
        least = max(2, int(0.25 * topic.size))
        recurring = [
            (n + (topic.size if w in topic.names else 0), w)
            for w, n in topic.words.items()
            if n >= least and w in topic.surface
        ]
        if not recurring:
            return ""
        recurring.sort(key=lambda pair: (-pair[0], topic.order.get(pair[1], 0)))
        top = sorted((w for _, w in recurring[:2]), key=lambda w: topic.order.get(w, 0))
        words = [topic.surface[w].most_common(1)[0][0] for w in top]
        return " ".join(words)


class _MemberColumns:
    """Members restored from a snapshot, as its flat columns: ``member(k)`` makes the k-th."""

    def __init__(self, state: dict[str, Any], vector_of: Callable[[str], np.ndarray]) -> None:
        self.ids: list[str] = state["members"]
        # Copies: a view into the snapshot's bytes would keep the whole blob alive.
        self._encoded = {name: bytes(state[name]) for name in ("words", "names", "surface")}
        self.counts = {
            "word": np.array(state["word_counts"]),
            "name": np.array(state["name_counts"]),
            "surface": np.array(state["surface_counts"]),
        }
        self.word_ends = [0, *np.cumsum(state["word_counts"]).tolist()]
        self.name_ends = [0, *np.cumsum(state["name_counts"]).tolist()]
        self.surface_ends = [0, *(2 * np.cumsum(state["surface_counts"])).tolist()]
        self._vector_of = vector_of

    @property
    def nbytes(self) -> int:
        """What these columns keep, their words counted decoded: the first member made
        decodes every member's (the ids are shared with the view's maps)."""
        encoded = sum(len(e) for e in self._encoded.values())
        counts = sum(int(c.nbytes) for c in self.counts.values())
        ends = (self.word_ends, self.name_ends, self.surface_ends)
        words = int(self.word_ends[-1] + self.name_ends[-1] + self.surface_ends[-1])
        offsets = sum(offsets_bytes(len(e)) for e in ends)
        return encoded + counts + offsets + WORD_ENTRY_BYTES * words

    @cached_property
    def words(self) -> list[str]:
        return _decoded(self._encoded["words"])

    @cached_property
    def names(self) -> list[str]:
        return _decoded(self._encoded["names"])

    @cached_property
    def surface(self) -> list[str]:
        return _decoded(self._encoded["surface"])

    def member(self, k: int) -> Member:
        pairs = self.surface[self.surface_ends[k] : self.surface_ends[k + 1]]
        node_id = self.ids[k]
        return Member(
            node_id=node_id,
            vector=self._vector_of(node_id),
            words=frozenset(self.words[self.word_ends[k] : self.word_ends[k + 1]]),
            names=frozenset(self.names[self.name_ends[k] : self.name_ends[k + 1]]),
            surface=tuple(zip(pairs[::2], pairs[1::2], strict=True)),
        )

    def gathered(self, rows: list[int]) -> tuple[list[str], list[str], list[str], list[str]]:
        """The ids and flat words, names and surface pairs of these rows, in their order."""
        words, names, surface = [], [], []
        for k in rows:
            words += self.words[self.word_ends[k] : self.word_ends[k + 1]]
            names += self.names[self.name_ends[k] : self.name_ends[k + 1]]
            surface += self.surface[self.surface_ends[k] : self.surface_ends[k + 1]]
        return [self.ids[k] for k in rows], words, names, surface


def _encoded(values: list[str]) -> np.ndarray:
    return np.frombuffer(json.dumps(values, separators=(",", ":")).encode(), dtype=np.uint8)


def _decoded(encoded: bytes) -> list[str]:
    values: list[str] = json.loads(encoded)
    return values


def _counts(
    restored: _MemberColumns | None, kind: str, rows: list[int], made: list[int]
) -> np.ndarray:
    """Per member, how many of ``kind`` it holds: restored rows first, then made members."""
    held = restored.counts[kind][rows] if restored is not None and rows else np.zeros(0)
    return np.concatenate([held.astype(np.int64), np.asarray(made, np.int64)])


# A name set off as an address: after a greeting or thanks, or between a comma and the end of
# the clause ("Hey Mel!", "Thanks, Melanie.", "Totally agree, Jon!").
_VOCATIVE = re.compile(
    r"(?:\b(?:hi|hey|hello|hiya|thanks|thank you|congrats|congratulations|wow|yeah|yes|oh|"
    r"sorry|bye|morning|evening|dear)\b,?\s+|,\s*)"
    r"(?P<name>[A-Z][a-z]+)(?=\s*[!?.,]|\s*$)",
    re.IGNORECASE,
)


def member_of(
    node_id: str,
    vector: np.ndarray,
    text: str,
    *,
    entities: Iterable[str] = (),
    speakers: Iterable[str] = (),
    split: Sequence[str] | None = None,
) -> Member:
    """What topic grouping needs of a memory: its vector, its informative stemmed words (no
    stop words, digits, generic words or words under three letters) and the stemmed words of
    the names it carries (stronger evidence than ordinary words), with each word as written
    for labels (capitalised mid-sentence or a name: as written; otherwise lower-cased).

    ``speakers``: the names of the people talking in a multi-party transcript. They are left
    out, as is any name used as a vocative: in "Thanks, Mel!" a name is an address, not what
    the turn is about. ``split``: ``content_words(text)`` when the caller has them already.
    """
    addressed = [m.group("name") for m in _VOCATIVE.finditer(text)]
    ignored = {
        stem(part.lower()) for name in (*speakers, *addressed) for part in content_words(name)
    }
    names = frozenset(
        key
        for name in entities
        for part in content_words(name)
        if len(part) > 1 and (key := stem(part.lower())) not in ignored
    )
    words: set[str] = set(names)
    surface: dict[str, str] = {}
    for position, word in enumerate(content_words(text) if split is None else split):
        lower = KIN.get(word.lower(), word.lower())
        key = stem(lower)
        if len(lower) < 3 or lower.isdigit() or key in GENERIC or key in ignored:
            continue
        words.add(key)
        proper = key in names or (position > 0 and word[0].isupper())
        surface.setdefault(key, word if proper else lower)
    return Member(
        node_id=node_id,
        vector=np.asarray(vector, dtype=np.float32),
        words=frozenset(words),
        names=names,
        surface=tuple(surface.items()),
    )


__all__ = ["GENERIC", "Member", "TopicGroups", "TopicRules", "member_of"]
