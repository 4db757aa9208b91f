"""Write-time scoring: how much a turn matters, from its own text, on a cold start.

Contract: ``score_turn(features, weights=...)`` is deterministic — the same ``TurnFeatures``
and weights give the same ``Scoring`` — and pure (no model calls: the services compute the
valence, entities, dates and embedding similarities and pass them in). Every signal and the
base score are in [0, 1], rounded to 4 decimals.

Twelve signals: five base signals (SDV, CSCV, LCS, SWV, PDV) and seven content modifiers
(life_event, crisis, unprompted, processing, novelty, specificity, small_talk). The assistant
discount is a role rule, reported among the modifiers as ``assistant``.

Base score::

    W = (w_sdv·SDV + w_cscv·CSCV + w_lcs·LCS + w_swv·SWV + w_pdv·PDV) / Σw
    G = gravity: the learned importance of what the turn tells (a death, a diagnosis, an
        eviction near 1; lunch, weather, shopping near 0), from ``models.judgements``
    A = Σ additive modifiers that apply (life_event, crisis, unprompted, processing,
        novelty, specificity)
    R = w_g·G + (1 − w_g)·W + A;  R' = TRIVIAL_LEVEL if R < TRIVIAL_BAND else R
    B = clip(R' · m_small_talk · m_assistant, 0, 1)

The signals say how a turn is told (personal, certain, emotional, urgent, recurring);
gravity says how much what it tells matters in a life, which no word list can judge on
language it has not seen.

Each formula is documented on the function that computes it and in docs/engine.md.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import numpy as np

from kapex.engine import lexicons as lx
from kapex.schemas.profile import SignalWeights

#: Where "trivial" ends: write-time scores below it are all TRIVIAL_LEVEL (``score_turn``).
TRIVIAL_BAND = 0.25
TRIVIAL_LEVEL = 0.05
#: The gravity from which a turn tells a grave matter (a life event, ``score_turn``).
GRAVE_LEVEL = 0.5
#: Sentences whose embeddings define "self-disclosure" for ``self_disclosure_sim``.
SELF_DISCLOSURE_PROTOTYPES: tuple[str, ...] = (
    "I have been struggling with my mental health lately.",
    "My mother was diagnosed with cancer last year.",
    "I just went through a painful breakup with my partner.",
    "I lost my job and I am worried about money.",
    "I feel lonely since I moved to a new city.",
    "My father passed away and I miss him every day.",
    "I am pregnant with our first child.",
    "I got promoted to manager at work and I am proud of myself.",
    "Being transgender is a big part of who I am.",
    "My faith and my family mean everything to me.",
)
#: Sentences whose embeddings define "urgency" for ``urgency_sim``.
URGENCY_PROTOTYPES: tuple[str, ...] = (
    "I need help with this right now, it is urgent.",
    "The deadline is tomorrow and I am not ready.",
    "My exam is in two days.",
    "Something bad just happened and I do not know what to do.",
    "The surgery is scheduled for next week.",
    "I have to decide by tonight.",
)


@dataclass(frozen=True, slots=True)
class TurnFeatures:
    """Everything the scorer reads about one turn; computed by the services.

    ``novelty`` is 1 − the maximum cosine similarity to the user's existing nodes (1.0 on an
    empty graph); ``gravity`` is the learned importance of what the turn tells, in [0, 1];
    ``topic_session_count`` is the number of distinct earlier sessions holding a similar node;
    ``follows_question`` is True when the turn answers a question the assistant just asked (so
    the mention was prompted).
    """

    text: str
    role: Literal["user", "assistant"]
    valence: float
    entities: tuple[str, ...]
    mentioned_times: tuple[datetime, ...]
    event_time: datetime
    self_disclosure_sim: float
    urgency_sim: float
    novelty: float
    topic_session_count: int
    crisis: bool
    processing: bool
    follows_question: bool = False
    gravity: float = 0.0


@dataclass(frozen=True, slots=True)
class Scoring:
    base_score: float
    gravity: float
    sdv: float
    cscv: float
    lcs: float
    swv: float
    pdv: float
    modifiers: list[str]
    signal_modifiers_applied: bool

    def as_dict(self) -> dict[str, Any]:
        """The signals as the API reports and storage keeps them (4 decimals)."""
        return {
            "base_score": round(self.base_score, 4),
            "gravity": round(self.gravity, 4),
            "sdv": round(self.sdv, 4),
            "cscv": round(self.cscv, 4),
            "lcs": round(self.lcs, 4),
            "swv": round(self.swv, 4),
            "pdv": round(self.pdv, 4),
            "signal_modifiers_applied": self.signal_modifiers_applied,
            "modifiers": list(self.modifiers),
        }


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))


def _ramp(value: float, low: float, high: float) -> float:
    """0 at or below ``low``, 1 at or above ``high``, linear between."""
    return _clip((value - low) / (high - low))


def prototype_similarity(vec: np.ndarray, prototype_matrix: np.ndarray) -> float:
    """Max cosine of a unit vector to the rows of a unit-row matrix; 0.0 with no rows."""
    if prototype_matrix.size == 0:
        return 0.0
    return float(np.clip(np.max(prototype_matrix @ vec), -1.0, 1.0))


def novelty(vec: np.ndarray, existing: np.ndarray) -> float:
    """1 − max cosine of a unit vector to the user's stored vectors; 1.0 when none exist."""
    if existing.size == 0:
        return 1.0
    return _clip(1.0 - prototype_similarity(vec, existing))


def specificity(features: TurnFeatures) -> float:
    """Concrete detail: min(1, (entities + resolved dates + numbers) / 3)."""
    details = (
        len(features.entities)
        + len(features.mentioned_times)
        + len(lx.NUMBER.findall(features.text))
    )
    return min(1.0, details / 3.0)


def self_disclosure(features: TurnFeatures) -> float:
    """SDV = person · (0.45·domains + 0.20·specificity + 0.35·prototype).

    person: 1.0 with a first-person-singular word, 0.6 with only "we/our", else 0.25 (talk
    about others still discloses a little). domains: min(1, life areas named / 2) over
    relationships, health, work, feelings, life. prototype: the embedding similarity to the
    self-disclosure prototypes, ramped from 0.15 (unrelated) to 0.50 (a clear disclosure).
    """
    text = features.text
    if lx.FIRST_PERSON_SINGULAR.search(text):
        person = 1.0
    elif lx.FIRST_PERSON_PLURAL.search(text):
        person = 0.6
    else:
        person = 0.25
    areas = sum(1 for pattern in lx.DISCLOSURE_DOMAINS.values() if pattern.search(text))
    domains = min(1.0, areas / 2.0)
    prototype = _ramp(features.self_disclosure_sim, 0.15, 0.50)
    return _clip(person * (0.45 * domains + 0.20 * specificity(features) + 0.35 * prototype))


def cross_session_consistency(features: TurnFeatures) -> float:
    """CSCV = 1 − e^(−n/2) for n earlier sessions on the topic: 0, .39, .63, .78, .86 …"""
    return _clip(1.0 - math.exp(-max(0, features.topic_session_count) / 2.0))


def linguistic_certainty(features: TurnFeatures) -> float:
    """LCS = clip(0.7 − 0.2·hedges + 0.1·boosters − 0.25·[ends with "?"], 0, 1).

    hedges and boosters count distinct phrases ("maybe", "I guess" / "definitely", "I will").
    """
    text = features.text
    hedges = len({m.group(0).lower() for m in lx.HEDGES.finditer(text)})
    boosters = len({m.group(0).lower() for m in lx.BOOSTERS.finditer(text)})
    question = 0.25 if text.rstrip().endswith("?") else 0.0
    return _clip(0.7 - 0.2 * hedges + 0.1 * boosters - question)


def sentiment_intensity(features: TurnFeatures) -> float:
    """SWV = min(1, max(ramp(|valence|, 0.25, 0.9), heavy) + 0.1·emphasis).

    valence is VADER's compound, ramped so that everyday politeness ("thanks!", "nice")
    stays low and only strong feeling nears 1; heavy is the largest weight of the heavy-word lexicon
    (euphemisms and clinical words VADER under-weights, e.g. "passed away" 0.8); emphasis is 1
    when the turn has "!" or a shouted word of 3+ capitals.
    """
    text = features.text
    heavy = max((w for pattern, w in lx.HEAVY_WORD_PATTERNS if pattern.search(text)), default=0.0)
    shouted = any(len(word) >= 3 and word.isupper() for word in text.split())
    emphasis = 1.0 if "!" in text or shouted else 0.0
    return _clip(max(_ramp(abs(features.valence), 0.25, 0.9), heavy) + 0.1 * emphasis)


def proximity(features: TurnFeatures) -> float:
    """PDV = max(time, cues, 0.8·prototype).

    time: for each mentioned date d days from the turn, 0.8·0.5^(|d|/7) for today and the
    past and 0.5^(d/14) ahead (what is coming — a deadline, an operation — matters more and
    for longer than what just happened); cues: 0.5 per distinct urgency phrase
    ("asap", "tonight", "deadline"), capped at 1; prototype: similarity to the urgency
    prototypes ramped from 0.20 to 0.55.
    """
    day = features.event_time.date()
    time_score = 0.0
    for moment in features.mentioned_times:
        delta = (moment.date() - day).days
        score = 0.5 ** (delta / 14.0) if delta > 0 else 0.8 * 0.5 ** (-delta / 7.0)
        time_score = max(time_score, score)
    cues = min(1.0, 0.5 * len({m.group(0).lower() for m in lx.URGENCY.finditer(features.text)}))
    prototype = 0.8 * _ramp(features.urgency_sim, 0.20, 0.55)
    return _clip(max(time_score, cues, prototype))


_REQUEST = re.compile(
    r"^\W*(?:can|could|would|will|should|do|does|did|is|are|am|what|which|who|whom|when|"
    r"where|why|how|please|help me|tell me|remind me|let'?s|give me|show me|write|draft|"
    r"find|recommend|suggest|explain)\b",
    re.IGNORECASE,
)


def is_statement(text: str) -> bool:
    """False for a question or a request ("Can you help me…", "What should I…?"): what the
    user asked is quoted, never framed as a fact about them or as a hedge."""
    stripped = text.strip()
    return bool(stripped) and not (stripped.endswith("?") or _REQUEST.match(stripped))


def life_events(text: str) -> list[str]:
    """Names of the major life events a text mentions (death, birth, diagnosis, …)."""
    return [name for name, pattern in lx.LIFE_EVENTS.items() if pattern.search(text)]


def is_small_talk(text: str) -> bool:
    """A turn made only of greetings, thanks, acknowledgements and pleasantries."""
    stripped = text.strip()
    return not stripped or bool(lx.SMALL_TALK.match(stripped))


def score_turn(features: TurnFeatures, *, weights: SignalWeights | None = None) -> Scoring:
    """The signals, modifiers and base score of one turn (formulas in the module docstring).

    Additive modifiers: life_event +w when a major life event is named or gravity ≥ 0.5;
    crisis +w when the
    safety check flagged the turn; unprompted +w for a user disclosure (SDV ≥ 0.3) that does
    not answer the assistant's question; processing +w for a processing event; novelty
    +w·novelty·max(SDV, SWV) (new *and* meaningful; applied when ≥ 0.01); specificity
    +w·specificity. Multipliers: small_talk (when the whole turn is small talk and no crisis)
    and assistant (every assistant turn).
    """
    w = weights or SignalWeights()
    sdv = self_disclosure(features)
    cscv = cross_session_consistency(features)
    lcs = linguistic_certainty(features)
    swv = sentiment_intensity(features)
    pdv = proximity(features)
    total = w.sdv + w.cscv + w.lcs + w.swv + w.pdv
    weighted = (w.sdv * sdv + w.cscv * cscv + w.lcs * lcs + w.swv * swv + w.pdv * pdv) / total
    gravity = _clip(features.gravity)
    told = w.gravity * gravity + (1.0 - w.gravity) * weighted

    modifiers: list[str] = []
    additive = 0.0
    if life_events(features.text) or gravity >= GRAVE_LEVEL:
        modifiers.append("life_event")
        additive += w.life_event
    if features.crisis:
        modifiers.append("crisis")
        additive += w.crisis
    user = features.role == "user"
    if (
        user
        and sdv >= 0.3
        and not features.follows_question
        and not lx.REPLY_OPENERS.match(features.text)
    ):
        modifiers.append("unprompted")
        additive += w.unprompted
    if features.processing:
        modifiers.append("processing")
        additive += w.processing
    novelty_bonus = w.novelty * _clip(features.novelty) * max(sdv, swv)
    if novelty_bonus >= 0.01:
        modifiers.append("novelty")
        additive += novelty_bonus
    detail = specificity(features)
    if detail > 0.0 and w.specificity > 0.0:
        modifiers.append("specificity")
        additive += w.specificity * detail

    factor = 1.0
    if not features.crisis and is_small_talk(features.text):
        modifiers.append("small_talk")
        factor *= w.small_talk_factor
    if not user:
        modifiers.append("assistant")
        factor *= w.assistant_factor

    # Below TRIVIAL_BAND the score only says "trivial" (the gravity head's error is ~0.15,
    # and a desk chair scored twice a desk lamp): all such turns start at one low level, so
    # among trivia the newer ranks first, and none gains on what matters.
    raw = told + additive
    base = _clip((TRIVIAL_LEVEL if raw < TRIVIAL_BAND else raw) * factor)
    return Scoring(
        base_score=round(base, 4),
        gravity=round(gravity, 4),
        sdv=round(sdv, 4),
        cscv=round(cscv, 4),
        lcs=round(lcs, 4),
        swv=round(swv, 4),
        pdv=round(pdv, 4),
        modifiers=modifiers,
        signal_modifiers_applied=bool(modifiers),
    )


__all__ = [
    "GRAVE_LEVEL",
    "SELF_DISCLOSURE_PROTOTYPES",
    "URGENCY_PROTOTYPES",
    "Scoring",
    "TurnFeatures",
    "is_small_talk",
    "is_statement",
    "life_events",
    "novelty",
    "prototype_similarity",
    "score_turn",
    "specificity",
]
