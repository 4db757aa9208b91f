"""Sixteen named profiles for real domains; every non-default value carries its reason.

Contract: ``PRESETS[name].profile`` is a valid ``Profile`` whose ``preset`` is ``name``;
``reasons`` has exactly one entry per dotted field whose value differs from ``Profile()``
(enforced at import: a preset is built *from* its reasons). ``DEFAULT_PRESET`` is the profile
every new tenant starts with.

Decay rates read as half-lives: t½ = ln 2 / base_rate days (0.02 → 35 d, 0.1 → 7 d).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kapex.schemas.profile import Profile, deep_merge

DEFAULT_PRESET = "default"


@dataclass(frozen=True, slots=True)
class Preset:
    name: str
    description: str
    profile: Profile
    reasons: dict[str, str]


def _preset(name: str, description: str, changes: dict[str, tuple[Any, str]]) -> Preset:
    updates: dict[str, Any] = {"preset": name}
    for path, (value, _) in changes.items():
        section, field = path.split(".")
        updates.setdefault(section, {})[field] = value
    return Preset(
        name=name,
        description=description,
        profile=deep_merge(Profile(), updates),
        reasons={path: reason for path, (_, reason) in changes.items()},
    )


_DEFINITIONS: tuple[tuple[str, str, dict[str, tuple[Any, str]]], ...] = (
    (
        "default",
        "General-purpose assistant: month-scale memory, balanced channels, 1,000-token block.",
        {},
    ),
    (
        "reflective",
        "Journaling and therapy-style support: slow decay, strong processing, larger budget.",
        {
            "decay_profile.base_rate": (0.008, "themes in reflective work span months (t½ ≈ 87 d)"),
            "decay_profile.processing_boost": (
                1.5,
                "working a topic through is the point; processed topics should clearly recede",
            ),
            "decay_profile.spike_half_life_days": (
                7.0,
                "an unresolved theme that resurfaces stays live until the next weekly session",
            ),
            "injection_template.max_tokens": (
                2000,
                "long reflective conversations benefit from more remembered context",
            ),
            "injection_template.salient_share": (
                0.4,
                "unresolved themes should surface even when the user does not name them",
            ),
            "signal_weights.swv": (0.35, "emotional intensity is the main marker of importance"),
        },
    ),
    (
        "customer_service",
        "Support desks: recency-biased, fast decay, focused 500-token block on the open case.",
        {
            "decay_profile.base_rate": (0.1, "a case is about this week's issue (t½ ≈ 7 d)"),
            "decay_profile.residual_floor": (0.05, "closed tickets should nearly vanish"),
            "injection_template.max_tokens": (500, "an agent needs the case, not the life story"),
            "retrieval.salience_weight": (
                0.3,
                "with fast decay salience tracks recency, so this biases ranking to recent turns",
            ),
            "signal_weights.sdv": (0.2, "personal disclosure matters less than the issue"),
            "signal_weights.pdv": (0.3, "deadlines and outages are what make a turn matter"),
        },
    ),
    (
        "education",
        "Tutoring and study: practice is processing, so practised material recedes and gaps stay.",
        {
            "decay_profile.base_rate": (
                0.03,
                "course material is revisited over weeks (t½ ≈ 23 d)",
            ),
            "decay_profile.processing_boost": (
                3.0,
                "each practice session separates mastered from unpractised material sharply",
            ),
            "decay_profile.spike_half_life_days": (2.0, "a stumble is a cue for the next session"),
            "injection_template.max_topic_share": (0.4, "cover more distinct concepts per block"),
            "signal_weights.lcs": (0.2, "a learner's hedging marks shaky understanding"),
        },
    ),
    (
        "healthcare",
        "Health and care settings: conservative; medical facts persist and constraints get room.",
        {
            "decay_profile.base_rate": (0.005, "diagnoses and medications stay relevant for years"),
            "decay_profile.processing_boost": (
                0.3,
                "talking a diagnosis through does not make it less medically relevant",
            ),
            "decay_profile.residual_floor": (
                0.3,
                "a medical fact never fades below 30% of its score",
            ),
            "injection_template.salient_share": (
                0.25,
                "open health matters should surface even when not asked about",
            ),
            "retrieval.min_relevance": (0.3, "avoid surfacing unrelated sensitive history"),
        },
    ),
    (
        "coaching",
        "Life and career coaching: goals recur across sessions and working through them counts.",
        {
            "decay_profile.base_rate": (0.015, "goals are pursued over quarters (t½ ≈ 46 d)"),
            "decay_profile.processing_boost": (1.5, "reflection on a goal marks progress"),
            "decay_profile.spike_strength": (0.4, "a goal raised again unresolved is a priority"),
            "signal_weights.cscv": (0.25, "themes that return across sessions are the real goals"),
        },
    ),
    (
        "sales_crm",
        "Sales and account management: people, companies, numbers and close dates.",
        {
            "decay_profile.base_rate": (0.03, "deals move over weeks (t½ ≈ 23 d)"),
            "injection_template.max_tokens": (800, "a briefing before a call, not a dossier"),
            "retrieval.entity_weight": (0.3, "accounts and contacts are the main retrieval key"),
            "signal_weights.specificity": (0.15, "deal sizes, names and dates are what matter"),
            "signal_weights.pdv": (0.25, "close dates and renewals drive priority"),
        },
    ),
    (
        "companion",
        "Social companion apps: remembers feelings and life events, surfaces them unasked.",
        {
            "decay_profile.base_rate": (0.01, "a friend remembers for months (t½ ≈ 69 d)"),
            "injection_template.max_tokens": (1500, "richer personal context makes the chat warm"),
            "injection_template.salient_share": (0.4, "ask about the exam, the move, the loss"),
            "signal_weights.swv": (0.3, "feelings are the substance of the conversation"),
            "signal_weights.unprompted": (0.1, "what the user raises unasked matters to them"),
        },
    ),
    (
        "productivity",
        "Task and work assistants: deadlines first, short memory for finished work.",
        {
            "decay_profile.base_rate": (0.06, "tasks turn over within weeks (t½ ≈ 12 d)"),
            "decay_profile.spike_half_life_days": (
                1.5,
                "a re-raised task is urgent for a day or two",
            ),
            "injection_template.max_tokens": (600, "a compact task context"),
            "retrieval.temporal_weight": (0.15, "'due Friday', 'last sprint' cues are precise"),
            "signal_weights.pdv": (0.3, "deadlines decide what matters"),
        },
    ),
    (
        "research_assistant",
        "Research and analysis: exact terms and sources matter, large and diverse context.",
        {
            "decay_profile.base_rate": (0.01, "a research project runs for months"),
            "decay_profile.processing_boost": (0.5, "analysing a source does not retire it"),
            "injection_template.max_tokens": (3000, "synthesis needs many sources at once"),
            "injection_template.max_topic_share": (
                0.7,
                "several findings on one question are useful",
            ),
            "retrieval.lexical_weight": (0.45, "paper titles, acronyms and terms match exactly"),
            "signal_weights.sdv": (0.15, "personal disclosure is rare and less central here"),
        },
    ),
    (
        "gaming_npc",
        "Game characters remembering players: short, vivid, emotionally coloured memory.",
        {
            "decay_profile.base_rate": (
                0.04,
                "play sessions are frequent; old deeds fade (t½ ≈ 17 d)",
            ),
            "injection_template.max_tokens": (400, "NPC prompts are small and latency-bound"),
            "injection_template.max_topic_share": (0.4, "varied callbacks keep characters lively"),
            "signal_weights.swv": (0.35, "dramatic moments are what a character remembers"),
        },
    ),
    (
        "hr_support",
        "HR helpdesks: grievances and accommodations stay on file even when discussed.",
        {
            "decay_profile.processing_boost": (
                0.5,
                "talking a grievance through does not close it for the record",
            ),
            "decay_profile.residual_floor": (0.2, "an accommodation or complaint must not vanish"),
            "retrieval.min_relevance": (0.3, "keep unrelated personal matters out of answers"),
            "safety.pii_placeholder_style": (
                "generic",
                "do not even reveal which identifier was given",
            ),
        },
    ),
    (
        "legal_intake",
        "Legal intake: facts of a matter do not fade, and certainty of statements matters.",
        {
            "decay_profile.base_rate": (0.003, "the facts of a matter stay relevant for years"),
            "decay_profile.processing_boost": (0.0, "discussing a fact does not change it"),
            "decay_profile.residual_floor": (0.4, "no stated fact of the case may fade away"),
            "injection_template.max_tokens": (2000, "a matter has many relevant facts"),
            "signal_weights.lcs": (0.25, "hedged and certain statements must be told apart"),
            "signal_weights.specificity": (0.15, "names, dates and amounts are material facts"),
        },
    ),
    (
        "fitness",
        "Fitness and training coaches: upcoming events, injuries as constraints, quick turnover.",
        {
            "decay_profile.base_rate": (0.05, "training blocks last weeks (t½ ≈ 14 d)"),
            "decay_profile.spike_half_life_days": (2.0, "a sore knee mentioned again matters now"),
            "injection_template.max_tokens": (600, "workout plans need a compact context"),
            "signal_weights.pdv": (0.25, "races and test days set priorities"),
        },
    ),
    (
        "finance_advisor",
        "Personal finance: goals, amounts and commitments persist; certainty matters.",
        {
            "decay_profile.base_rate": (0.01, "financial goals span months to years"),
            "decay_profile.residual_floor": (0.2, "a stated goal or debt must not vanish"),
            "retrieval.min_relevance": (0.3, "avoid surfacing unrelated money worries"),
            "signal_weights.lcs": (0.2, "'I will save' and 'maybe I'll save' differ"),
            "signal_weights.specificity": (0.15, "amounts and dates are the substance"),
        },
    ),
    (
        "travel_concierge",
        "Travel planning: dates, places and preferences; past trips fade quickly.",
        {
            "decay_profile.base_rate": (0.05, "a trip is planned over weeks (t½ ≈ 14 d)"),
            "injection_template.max_tokens": (800, "an itinerary context, not a biography"),
            "retrieval.entity_weight": (0.25, "cities, hotels and airlines are the key"),
            "retrieval.temporal_weight": (0.15, "'in June', 'next weekend' cues are precise"),
            "signal_weights.pdv": (0.3, "departure dates drive what matters"),
        },
    ),
)

PRESETS: dict[str, Preset] = {
    name: _preset(name, description, changes) for name, description, changes in _DEFINITIONS
}


def profile_for(name: str) -> Profile:
    """The profile of a named preset; ``KeyError`` for an unknown name."""
    return PRESETS[name].profile


__all__ = ["DEFAULT_PRESET", "PRESETS", "Preset", "profile_for"]
