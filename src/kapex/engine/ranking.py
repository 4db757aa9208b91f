"""What comes first in the block: how specific the input is, and what matters for it.

A specific input ("when is my vet appointment?") is answered by relevance; an open one
("where do things stand for me?") by what matters now — live salience, which already puts
unresolved matters above worked-through ones. Between the two the blend moves smoothly with
the input's *specificity* σ ∈ [0, 1]::

    evidence = max(ramp(best cosine, cosine_floor, cosine_clear), lexical coverage, entity hit)
    σ        = evidence                                  without an openness estimate
             = (1 − openness_share)·evidence + openness_share·(1 − openness)   with one
    ω        = ω_specific + (ω_open − ω_specific)·(1 − σ)         (the profile's two weights)
    score    = ((1 − ω)·relevance + ω·salience·resolved factor·gate) · certainty factor
               (relevance and salience each scaled to the best candidate)
    resolved factor  = worked_through_factor for a memory worked through, else 1
    gate             = 1 − relevance_gate·ramp(σ, gate_from, 1)·(1 − relevance)
    certainty factor = 1 − hedge_weight·max(0, (committed_at − LCS) / committed_at)
                                                                   (statements only)

For a specific input, importance orders the memories that answer it, not the rest: the
gate lets salience count in proportion to relevance as σ rises (a grave memory that does not
answer a specific question no longer outranks one that does), and in full for an open input.

What matters now is *unresolved* first: a worked-through memory's salience still counts, at
``worked_through_factor``. Faster decay alone leaves the freshest turn of a topic (often the
one that says it is settled, and scored high because it is a processing turn) above an older
open matter for weeks; relevance is untouched, so a question about the settled matter is
still answered by it.

Evidence is what retrieval found: the raw cosine of the nearest memory, the share of the
input's informative words (by idf) the best lexical match holds, whether the input names an
entity the user's memories carry. The openness estimate comes from a learned head over the
input's embedding when one is loaded.

A specific question about how things stand *now* ("who's my doctor these days?", "what am I
driving?": ``temporal.asks_current_state``, pointing at no other time) is answered by the
newest of the memories that answer it: every other answer (relevance at least
``answer_share`` of the best) ranks below it, at most ``earlier_answer_factor`` of its
score. People seldom announce that a fact changed in words a rule can read ("the practice
handed me to a nurse practitioner"), but the question's tense says which answer it wants.

A memory's **channel** says why it is in the block: ``relevant`` when relevance contributed
more to its score than salience did, ``salient`` otherwise. A memory superseded by a newer
one always ranks below its successor.

Contract: pure and deterministic; every weight lives in ``RankingRules`` or the profile.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Literal

Channel = Literal["pinned", "relevant", "salient"]


@dataclass(frozen=True, slots=True)
class RankingRules:
    """Constants of the ranking policy, with the measurement behind each.

    - ``cosine_floor`` / ``cosine_clear``: MiniLM cosines of an open question to the nearest
      chat memory sit near 0.2–0.25; a question about a stored thing reaches 0.4–0.7.
    - ``openness_share``: how much the learned openness estimate counts against retrieval
      evidence; half each, so either can make an input specific.
    - ``hedge_weight``: a fully hedged statement ("I might maybe…, not sure", LCS ≈ 0) loses
      30% of its score against a committed one (LCS ≥ ``committed_at`` loses nothing, an
      LCS of 0.3 loses 15%): enough to order two
      plans whose relevance differs by the wording of the question (0.71 against 0.61 for
      "maybe flights to X too? dunno" against "booked flights to Y, paid"; at 20% the
      hedged one led, and since the relevance gate it leads unless informal hedges such as
      "dunno" count too), too little to bury a hedged answer under unrelated memories (those
      sit below half the best relevance).
    - ``committed_at``: the certainty (LCS) from which a statement is committed (the block
      states it without "(probably)", ``engine.context.confidence_of``) and loses nothing;
      below it the loss grows to ``hedge_weight`` for a fully hedged one. The factor orders
      the user's statements by how firmly they were said; it is not a discount on every
      statement. Discounting all of them (1 − hedge_weight·(1 − LCS): a committed 0.7 lost
      9%) put the user's own words below the assistant's answers, which are not statements
      and never discounted: on BEAM's user–assistant chats, where the evidence is mostly
      the user's messages, that cost 1.4 / 1.7 points of evidence recall at 1,000 tokens
      (chats 1–5 / 6–10). The hedged plan above still loses 30% against the booked one.
    - ``superseded_factor``: an outdated memory keeps 60% of its score, so it can still answer
      "what did I drive before?" but never outranks its successor (enforced separately).
    - ``relevance_gate``: how far salience needs relevance to count for a specific input. At
      1 a fully specific input weighs each memory's salience by its relevance. Ungated, the
      specific weight (0.15) cost 1.1 / 1.9 points of LoCoMo evidence recall at 1,000 tokens
      (tuned / held-out conversations), all of it specific questions; gated it costs 0.2 /
      0.5 while every behaviour scenario still passes.
    - ``gate_from``: the specificity below which the gate is off. An open question ("what's
      going on in my world lately?") still finds a best match, often by its time words
      ("lately" against "this weekend"), and at σ ≈ 0.2 the full gate cut a grave memory
      that matches no word of it by a fifth, enough for weekend trivia to lead; from 0.3 up
      the gate rises to its full strength at σ = 1, so specific questions keep it.
    - ``current_from``, ``answer_share``, ``earlier_answer_factor``: from specificity 0.5 a
      question about the present is answered by the newest of its answers (memories at
      least half as relevant as the best: an update is often worded apart from the fact it
      replaces, "registered at the practice by the station" against "my dentist Dr Patel",
      0.53 of it); the earlier ones rank below it at up to 70% of its score, if they say
      something about the same thing: ``same_answer_cosine`` is the least cosine between an
      earlier answer and the newest. Half the relevance of the best is a loose test in a
      small graph, where every memory is half as relevant as the best: without this the
      newest small talk outdated a plan stated firmly before it. On the scenario sets
      studied, every rightly outdated fact sat at 0.20–0.72 from its update, and 3 of the
      10 other memories the rule demoted below 0.15. Below σ 0.5
      the question is open ("what's on my mind at the moment?") and what matters orders
      the block. The same three levels put a plan held open below a firm answer about the
      same thing, for a specific question about what is going to happen
      (``firmer_answers``, ``engine.temporal.asks_about_plans``): "I might go somewhere on
      holiday this year, maybe Crete" below "flights to Lisbon are booked" for "where am I
      going on holiday this year?", which relevance alone ranked the other way (the hedge
      only discounts a score by 30%). Studied sets +2 (fresh4, fresh6), none lost. For every
      specific question it gave +3 but cost LoCoMo 1.3 / 0.7 points at 500 / 1,000 tokens:
      conversation is full of hedged remarks ("I think it was…") that are the evidence.
    - ``worked_through_factor``: the share of its salience a worked-through memory keeps in
      the score; at one half, an open matter at 0.23 outranks a settled one at 0.30 (a
      charge awaiting court, nine weeks old, against the turn saying a family row is
      settled, three weeks old), while a settled bereavement still outranks trivia at 0.1.
    """

    cosine_floor: float = 0.25
    cosine_clear: float = 0.5
    openness_share: float = 0.5
    hedge_weight: float = 0.3
    committed_at: float = 0.6
    superseded_factor: float = 0.6
    worked_through_factor: float = 0.5
    relevance_gate: float = 1.0
    gate_from: float = 0.3
    current_from: float = 0.5
    answer_share: float = 0.5
    earlier_answer_factor: float = 0.7
    same_answer_cosine: float = 0.15


def _ramp(value: float, low: float, high: float) -> float:
    return min(1.0, max(0.0, (value - low) / (high - low)))


def specificity(
    *,
    best_cosine: float,
    lexical_coverage: float,
    entity_hit: bool,
    openness: float | None = None,
    rules: RankingRules | None = None,
) -> float:
    """σ ∈ [0, 1] of an input (formula in the module docstring)."""
    rules = rules or RankingRules()
    evidence = max(
        _ramp(best_cosine, rules.cosine_floor, rules.cosine_clear),
        min(1.0, max(0.0, lexical_coverage)),
        1.0 if entity_hit else 0.0,
    )
    if openness is None:
        return evidence
    share = rules.openness_share
    return min(1.0, max(0.0, (1 - share) * evidence + share * (1.0 - openness)))


def hedging(certainty: float, *, rules: RankingRules | None = None) -> float:
    """How hedged a statement of this certainty (LCS) is, in [0, 1]: 0 from
    ``committed_at`` up, 1 for a fully hedged one."""
    rules = rules or RankingRules()
    level = min(1.0, max(0.0, certainty))
    return max(0.0, (rules.committed_at - level) / rules.committed_at)


def salience_weight(sigma: float, *, specific: float, open_: float) -> float:
    """ω: how much live salience counts in the score for an input of specificity σ."""
    return specific + (open_ - specific) * (1.0 - min(1.0, max(0.0, sigma)))


@dataclass(frozen=True, slots=True)
class Ranked:
    score: float
    channel: Channel


def rank(
    *,
    relevance: float,
    salience: float,
    weight: float,
    certainty: float,
    statement: bool,
    superseded: bool,
    sigma: float,
    worked_through: bool = False,
    rules: RankingRules | None = None,
) -> Ranked:
    """A memory's score and channel for an input of specificity ``sigma`` whose salience
    weight is ``weight``."""
    rules = rules or RankingRules()
    from_relevance = (1.0 - weight) * relevance
    from_salience = weight * salience * (rules.worked_through_factor if worked_through else 1.0)
    gate = rules.relevance_gate * _ramp(sigma, rules.gate_from, 1.0)
    from_salience *= 1.0 - gate * (1.0 - relevance)
    score = from_relevance + from_salience
    if statement:
        score *= 1.0 - rules.hedge_weight * hedging(certainty, rules=rules)
    if superseded:
        score *= rules.superseded_factor
    return Ranked(score=score, channel="relevant" if from_relevance >= from_salience else "salient")


def answers_to(relevance: dict[str, float], *, rules: RankingRules) -> set[str]:
    """The memories that answer a question: at least ``answer_share`` as relevant as the
    best (the one reading both answer rules share)."""
    best = max(relevance.values(), default=0.0)
    return {n for n, v in relevance.items() if best > 0 and v >= rules.answer_share * best}


def earlier_answers(
    relevance: dict[str, float],
    times: dict[str, float],
    similarity: Callable[[str, str], float],
    *,
    rules: RankingRules | None = None,
) -> tuple[set[str], str | None]:
    """The answers to a present-state question that the newest answer outdates, and that
    newest answer: answers are memories at least ``answer_share`` as relevant as the best
    (``times``: event times as POSIX seconds); an earlier one is outdated only if it is at
    least ``same_answer_cosine`` near the newest (``similarity``: a MiniLM-scale cosine).
    ``(set(), None)`` with fewer than two."""
    rules = rules or RankingRules()
    answers = answers_to(relevance, rules=rules)
    if len(answers) < 2:
        return set(), None
    newest = max(answers, key=lambda n: times[n])
    return {
        n
        for n in answers
        if times[n] < times[newest] and similarity(n, newest) >= rules.same_answer_cosine
    }, newest


def firmer_answers(
    relevance: dict[str, float],
    held_open: Collection[str],
    firm: Sequence[str],
    similarity: Callable[[str, str], float],
    *,
    rules: RankingRules | None = None,
) -> dict[str, str]:
    """The answers held open (hedged statements) that a firm answer about the same thing
    outranks, each with that firm answer: answers are memories at least ``answer_share`` as
    relevant as the best; ``firm`` are the committed statements, best first, and the first
    at least ``same_answer_cosine`` near a hedged answer is the one it ranks below."""
    rules = rules or RankingRules()
    answers = answers_to(relevance, rules=rules)
    outranked: dict[str, str] = {}
    for node_id in held_open:
        if node_id not in answers:
            continue
        for other in firm:
            if other in answers and similarity(node_id, other) >= rules.same_answer_cosine:
                outranked[node_id] = other
                break
    return outranked


__all__ = [
    "Channel",
    "Ranked",
    "RankingRules",
    "earlier_answers",
    "firmer_answers",
    "hedging",
    "rank",
    "salience_weight",
    "specificity",
]
