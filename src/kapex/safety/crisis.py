"""Crisis detection: self-harm, harm to others, abuse and medical emergencies in one message.

Contract: ``CrisisDetector(embedder).detect(text)`` returns a ``CrisisResult``; the same text
always gives the same result (no randomness, no clock). ``detected`` is true when the score
reaches ``THRESHOLD``; ``category`` is one of ``CATEGORIES`` when detected, else ``None``;
``reasons`` names the rules or prototypes that fired, for logs and review.

Two signals are combined, and either can raise the alarm:

* the lexicon (``crisis_lexicon``): precise, explainable, catches slang ("kms", "unalive")
  that sentence embeddings place far from any prototype;
* embedding prototypes: the maximum cosine to crisis prototypes minus ``ANTI_WEIGHT`` times
  the maximum cosine to idiom and tech anti-prototypes, which catches paraphrases the
  lexicon has no rule for while "this bug is killing me" stays near its anti-prototype.

Safety reasoning: a hit is never used to suppress or drop a message; it only adds care to the
context block and may notify an operator. That is why recall is favoured over precision.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from kapex.models.embedder import Embedder
from kapex.safety.crisis_lexicon import (
    ABUSE,
    ACCIDENT_MARKERS,
    CATEGORIES,
    CLAUSE_BREAK,
    FIRST_PERSON,
    HARM_TO_OTHERS,
    INTENT_MARKERS,
    JOKE_MARKERS,
    MEDICAL,
    NEGATION,
    NEGATION_EXCEPTIONS,
    RETURN_CUES,
    SELF_HARM,
    TECH_CONTEXT,
    THIRD_PERSON,
    Rule,
    normalise,
)
from kapex.safety.crisis_rules import RULES

__all__ = ["CATEGORIES", "CrisisDetector", "CrisisResult", "guidance"]

THRESHOLD = 0.75
# Cosine margin (prototype minus weighted anti-prototype) at which embeddings alone alarm.
# Embedding-only alarms were the main source of false positives (everyday health talk,
# "sleep for a week"), so alone they need a close match; with weak lexicon evidence a
# smaller margin suffices (see ``_combine``).
EMBEDDING_MARGIN = 0.50
ANTI_WEIGHT = 0.6
JOKE_DAMPING = 0.5
# Words before a match that a negation must fall within to cancel it.
NEGATION_WINDOW_WORDS = 5

PROTOTYPES: dict[str, tuple[str, ...]] = {
    SELF_HARM: (
        "I want to kill myself",
        "I am thinking about suicide",
        "I don't want to live anymore",
        "I want to die, I can't go on",
        "everyone would be better off if I were dead",
        "I have been cutting myself to cope",
        "I am planning to end my life",
        "this is my goodbye letter, I won't be here tomorrow",
        "I wish I could disappear and never exist again",
        "I have pills saved up to overdose",
        "my family would be happier if I was gone",
        "I want to go to sleep and never wake up",
        "how much of this medication is a lethal dose",
    ),
    HARM_TO_OTHERS: (
        "I am going to kill him",
        "I want to hurt someone badly",
        "I am planning to attack people with a gun",
        "I'm going to stab my roommate",
        "I can't control the urge to hurt my child",
        "I will make them pay with violence",
        "next time I see that person I'm going to kill them",
    ),
    ABUSE: (
        "my partner hits me",
        "my parent beats me and I am scared to go home",
        "I was sexually abused",
        "he threatens to kill me if I leave",
        "someone is touching me inappropriately and told me to keep it secret",
        "she locks me in my room and doesn't feed me",
        "my partner slams me against the wall",
        "he forces me to do sexual things",
    ),
    MEDICAL: (
        "I have severe chest pain and can't breathe",
        "someone is having a seizure",
        "I think she is having a stroke",
        "he is unconscious and not breathing",
        "I took too many pills by accident",
        "severe allergic reaction, my throat is swelling",
        "I am bleeding heavily and it won't stop",
        "call an ambulance, medical emergency",
        "his arm is numb and he has chest pain",
    ),
}

ANTI_PROTOTYPES: tuple[str, ...] = (
    "this bug is killing me",
    "kill the zombie process",
    "kill -9 the process and restart the server",
    "terminate the job and execute the script",
    "we need a kill switch for the feature",
    "I want to end my subscription",
    "I'm dying to see that movie",
    "that joke killed, I was dying of laughter",
    "she's killing it at work",
    "shoot me an email",
    "I could murder a burger",
    "my phone battery died",
    "I would never hurt myself",
    "I'm not suicidal, just tired",
    "I'm safe and not in danger",
    "my boss will kill me if I'm late",
    "the game character died",
    "I'm exhausted and stressed about work",
    "my muscles are sore after the gym",
    "a relative passed away from an illness years ago",
    "I'm so bored I could die",
    "the movie's villain kills the hero",
    "a minor everyday health complaint like a cold or sore muscles",
    "taking my usual vitamins and prescribed medicine",
    "a class about first aid and health",
)

GUIDANCE: dict[str, str] = {
    SELF_HARM: (
        "The user may be at risk of suicide or self-harm. Respond with warmth and care: "
        "acknowledge what they are going through, ask whether they are safe right now, and "
        "share the support resources below. Do not lecture, judge or change the subject."
    ),
    HARM_TO_OTHERS: (
        "The user may be at risk of harming someone. Respond calmly and with care, without "
        "judgement: encourage them to step away from the situation and any means of harm, "
        "and share the support resources below. If someone is in immediate danger, urge them "
        "to contact emergency services."
    ),
    ABUSE: (
        "The user may be experiencing abuse. Believe them, respond with care and without "
        "blame, ask whether they are safe right now, and share the support resources below. "
        "Do not suggest confronting the person they describe."
    ),
    MEDICAL: (
        "The user may be describing a medical emergency. Tell them calmly to contact "
        "emergency services now, then share the support resources below. Do not attempt "
        "a diagnosis."
    ),
}


def guidance(category: str) -> str:
    """Short instructions for the model when ``category`` was detected; resources are added
    by the service from the tenant's configuration."""
    if category not in GUIDANCE:
        raise ValueError(f"unknown crisis category {category!r}; expected one of {CATEGORIES}")
    return GUIDANCE[category]


@dataclass(frozen=True)
class CrisisResult:
    detected: bool
    category: str | None
    score: float
    reasons: list[str] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        return round(min(1.0, self.score / THRESHOLD * 0.5), 4)


NOT_SCREENED = CrisisResult(False, None, 0.0, ["not screened: assistant turn"])


@dataclass(frozen=True)
class _LexiconHit:
    rule: Rule
    category: str
    weight: float


class CrisisDetector:
    """Lexicon plus embedding prototypes; build once, it holds the prototype matrices."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder
        labels: list[str] = []
        texts: list[str] = []
        for category, examples in PROTOTYPES.items():
            labels.extend([category] * len(examples))
            texts.extend(examples)
        self._proto_labels = np.array(labels)
        self._protos = embedder.embed(texts)
        self._anti = embedder.embed(list(ANTI_PROTOTYPES))

    def detect(
        self, text: str, *, vector: np.ndarray | None = None, vector_model: str | None = None
    ) -> CrisisResult:
        """``vector``: the caller's embedding of ``text`` if it has one. It stands in for the
        whole-message embedding when normalising changed nothing but case and spacing (the
        model is uncased), which saves one model call per message on the hot path."""
        norm = normalise(text)
        if vector is not None and norm == " ".join(text.lower().split()):
            whole = vector[None, :].astype(np.float32)
        else:
            whole = self._embedder.embed([norm or " "])
        return self._combine(norm, self._with_sentences(norm, whole))

    def detect_many(self, texts: Sequence[str]) -> list[CrisisResult]:
        """One result per text, in order."""
        normalised = [normalise(t) for t in texts]
        wholes = self._embedder.embed([n or " " for n in normalised])
        return [
            self._combine(norm, self._with_sentences(norm, wholes[i : i + 1]))
            for i, norm in enumerate(normalised)
        ]

    def _with_sentences(self, norm: str, whole: np.ndarray) -> np.ndarray:
        """The whole-message vector, plus sentence vectors when the message warrants a closer
        look: a lexicon sign, or a whole-message margin already above SENTENCE_GATE. A crisis
        sentence diluted in a long message still lifts the whole above the gate; ordinary
        long messages (99% of LoCoMo's) skip the extra model calls."""
        units = _sentences(norm)
        if len(units) == 1:
            return whole
        if not _lexicon_hits(norm) and self._embedding_margin(whole)[1] < SENTENCE_GATE:
            return whole
        return np.vstack([whole, self._embedder.embed(units[1:])])

    def _combine(self, norm: str, vectors: np.ndarray) -> CrisisResult:
        hits = _lexicon_hits(norm)
        lexicon_score: dict[str, float] = {}
        for hit in hits:
            lexicon_score[hit.category] = min(
                1.0, lexicon_score.get(hit.category, 0.0) + hit.weight
            )
        reasons = [f"lexicon:{h.rule.name}" for h in hits]
        best_lexicon = max(lexicon_score.items(), key=lambda kv: kv[1], default=(None, 0.0))

        embed_category, margin = self._embedding_margin(vectors)
        # Map the margin onto the score scale so that EMBEDDING_MARGIN lands on THRESHOLD.
        embed_score = float(np.clip(margin / EMBEDDING_MARGIN * THRESHOLD, 0.0, 1.0))
        if JOKE_MARKERS.search(norm) or _negated_statement(norm):
            embed_score *= JOKE_DAMPING

        lexicon_category, lexicon_value = best_lexicon
        if lexicon_value >= THRESHOLD:
            return CrisisResult(True, lexicon_category, round(lexicon_value, 4), reasons)
        # Weak lexicon evidence and a moderately close prototype reinforce each other
        # (noisy-or), so a farewell sign plus a farewell-like sentence is enough.
        score = 1.0 - (1.0 - lexicon_value) * (1.0 - embed_score)
        if score < THRESHOLD:
            return CrisisResult(False, None, round(score, 4), reasons)
        reasons.append(f"embedding:{embed_category}:{margin:.2f}")
        category = lexicon_category if lexicon_value >= embed_score else embed_category
        return CrisisResult(True, category, round(score, 4), reasons)

    def _embedding_margin(self, vectors: np.ndarray) -> tuple[str, float]:
        best_category, best_margin = SELF_HARM, -1.0
        for row in vectors:
            sims = self._protos @ row
            anti = float((self._anti @ row).max())
            index = int(sims.argmax())
            margin = float(sims[index]) - ANTI_WEIGHT * anti
            if margin > best_margin:
                best_category, best_margin = str(self._proto_labels[index]), margin
        return best_category, best_margin


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")
MAX_SENTENCES = 6
#: Whole-message embedding margin above which the sentences are embedded one by one too.
#: On the labelled sets any gate up to 0.25 left recall and false positives unchanged; 0.2
#: keeps a margin of safety for diluted messages (docs/benchmarks.md, safety section).
SENTENCE_GATE = 0.2


def _sentences(norm: str) -> list[str]:
    """The whole message plus, for longer messages, its first sentences: a crisis sentence
    inside a long chatty message would otherwise be diluted in the mean embedding."""
    parts = [p for p in _SENTENCE_SPLIT.split(norm) if len(p.split()) >= 3]
    if len(parts) <= 1:
        return [norm or " "]
    return [norm, *parts[:MAX_SENTENCES]]


def _lexicon_hits(norm: str) -> list[_LexiconHit]:
    joking = JOKE_MARKERS.search(norm) is not None
    tech = TECH_CONTEXT.search(norm) is not None
    first_person = FIRST_PERSON.search(norm) is not None
    hits: list[_LexiconHit] = []
    returning = RETURN_CUES.search(norm) is not None
    for rule in RULES:
        matches = {
            m.group(0)
            for m in rule.pattern.finditer(norm)
            if not (rule.negatable and _negated(norm, m))
        }
        if not matches:
            continue
        if (rule.first_person and not first_person) or (rule.farewell and returning):
            continue
        if tech and rule.category == HARM_TO_OTHERS:
            continue
        count = 1 if rule.weight >= 1.0 else min(2, len(matches))
        weight = rule.weight * count * (JOKE_DAMPING if joking and rule.hyperbole_prone else 1.0)
        hits.append(_LexiconHit(rule, _resolve_category(rule, norm), weight))
    return hits


def _resolve_category(rule: Rule, norm: str) -> str:
    if rule.name == "overdose":
        if ACCIDENT_MARKERS.search(norm) or THIRD_PERSON.search(norm):
            return MEDICAL
        if INTENT_MARKERS.search(norm) or FIRST_PERSON.search(norm):
            return SELF_HARM
    return rule.category


def _negated(norm: str, match: re.Match[str]) -> bool:
    """True when a negation sits in the same clause within a few words before the match."""
    prefix = norm[: match.start()]
    breaks = list(CLAUSE_BREAK.finditer(prefix))
    if breaks:
        prefix = prefix[breaks[-1].end() :]
    words = prefix.split()[-NEGATION_WINDOW_WORDS:]
    window = " ".join(words)
    window = NEGATION_EXCEPTIONS.sub(" ", window)
    return NEGATION.search(window) is not None


_DENIAL = re.compile(
    r"\b(?:i would never|i'd never|i'm not (?:suicidal|going to|in danger|thinking)|"
    r"i am not (?:suicidal|going to)|i've never|not thinking (?:about|of)|i'm safe|never hit|"
    r"never (?:thought|hurt|laid))\b"
)


def _negated_statement(norm: str) -> bool:
    """Embeddings do not see negation; a message that denies risk outright is left to the
    lexicon, whose rules for genuine ideation ("don't want to live") ignore negation."""
    return _DENIAL.search(norm) is not None
