"""Specific inputs are answered by relevance, open ones by what matters now."""

from __future__ import annotations

import pytest

from kapex.engine.ranking import (
    earlier_answers,
    firmer_answers,
    rank,
    salience_weight,
    specificity,
)


def test_an_input_that_finds_nothing_stored_is_open() -> None:
    assert specificity(best_cosine=0.2, lexical_coverage=0.0, entity_hit=False) == 0.0


@pytest.mark.parametrize(
    ("cosine", "coverage", "entity"), [(0.6, 0.0, False), (0.1, 1.0, False), (0.1, 0.0, True)]
)
def test_any_clear_evidence_makes_an_input_specific(
    cosine: float, coverage: float, entity: bool
) -> None:
    assert specificity(best_cosine=cosine, lexical_coverage=coverage, entity_hit=entity) == 1.0


def test_a_learned_openness_estimate_moves_specificity_half_way() -> None:
    found = specificity(best_cosine=0.6, lexical_coverage=0.0, entity_hit=False, openness=1.0)
    assert found == pytest.approx(0.5)
    vague = specificity(best_cosine=0.1, lexical_coverage=0.0, entity_hit=False, openness=0.0)
    assert vague == pytest.approx(0.5)


def test_the_salience_weight_moves_from_specific_to_open() -> None:
    assert salience_weight(1.0, specific=0.15, open_=0.85) == pytest.approx(0.15)
    assert salience_weight(0.0, specific=0.15, open_=0.85) == pytest.approx(0.85)


def test_for_an_open_input_a_grave_memory_beats_a_closer_match() -> None:
    args = {"certainty": 0.7, "statement": True, "superseded": False, "sigma": 0.0}
    weight = salience_weight(0.0, specific=0.15, open_=0.85)
    grave = rank(relevance=0.3, salience=0.7, weight=weight, **args)
    trivia = rank(relevance=1.0, salience=0.15, weight=weight, **args)
    assert grave.score > trivia.score
    assert (grave.channel, trivia.channel) == ("salient", "relevant")


def test_a_hedged_statement_ranks_below_an_equally_relevant_committed_one() -> None:
    args = {"relevance": 0.8, "salience": 0.3, "weight": 0.15, "superseded": False, "sigma": 1.0}
    committed = rank(certainty=0.8, statement=True, **args)
    hedged = rank(certainty=0.1, statement=True, **args)
    question = rank(certainty=0.1, statement=False, **args)
    assert committed.score > hedged.score
    assert question.score == pytest.approx(rank(certainty=1.0, statement=True, **args).score)


def test_a_superseded_memory_keeps_a_reduced_score() -> None:
    args = {
        "relevance": 0.8,
        "salience": 0.3,
        "weight": 0.15,
        "certainty": 1.0,
        "statement": True,
        "sigma": 1.0,
    }
    assert rank(superseded=True, **args).score < rank(superseded=False, **args).score


def test_for_an_open_input_an_open_matter_outranks_a_fresher_settled_one() -> None:
    weight = salience_weight(0.0, specific=0.15, open_=0.85)
    args = {"weight": weight, "certainty": 0.8, "statement": True, "superseded": False}
    args["sigma"] = 0.0
    settled = rank(relevance=0.5, salience=1.0, worked_through=True, **args)
    pending = rank(relevance=0.1, salience=0.77, **args)
    assert pending.score > settled.score


def test_a_question_about_a_settled_matter_is_still_answered_by_it() -> None:
    weight = salience_weight(1.0, specific=0.15, open_=0.85)
    args = {"weight": weight, "certainty": 0.8, "statement": True, "superseded": False}
    args["sigma"] = 1.0
    settled = rank(relevance=0.9, salience=0.6, worked_through=True, **args)
    unrelated = rank(relevance=0.2, salience=0.8, **args)
    assert settled.score > unrelated.score


def test_for_a_specific_input_a_grave_memory_that_answers_less_ranks_below_the_answer() -> None:
    # Ungated, 0.15 of salience lifted the grave memory (0.62) over the answer (0.61).
    weight = salience_weight(1.0, specific=0.15, open_=0.85)
    args = {"weight": weight, "certainty": 0.7, "statement": True, "superseded": False}
    grave = rank(relevance=0.55, salience=1.0, sigma=1.0, **args)
    answer = rank(relevance=0.7, salience=0.1, sigma=1.0, **args)
    assert answer.score > grave.score


def test_for_a_specific_input_the_graver_of_two_equal_answers_comes_first() -> None:
    weight = salience_weight(1.0, specific=0.15, open_=0.85)
    args = {"weight": weight, "certainty": 0.7, "statement": True, "superseded": False}
    grave = rank(relevance=0.8, salience=0.9, sigma=1.0, **args)
    trivia = rank(relevance=0.8, salience=0.1, sigma=1.0, **args)
    assert grave.score > trivia.score


def test_for_an_open_input_salience_counts_whatever_the_relevance() -> None:
    args = {"weight": 0.85, "certainty": 0.7, "statement": False, "superseded": False}
    unasked = rank(relevance=0.0, salience=1.0, sigma=0.0, **args)
    assert unasked.score == pytest.approx(0.85)


def test_a_mostly_open_input_does_not_gate_a_grave_memory_that_matches_none_of_its_words() -> None:
    # "What's going on lately?" finds weekend trivia by its time words (σ ≈ 0.2); a grave
    # letter nearly twice as salient, matching no word of it, must still come first.
    sigma = 0.22
    weight = salience_weight(sigma, specific=0.15, open_=0.85)
    args = {"weight": weight, "certainty": 0.7, "statement": True, "superseded": False}
    grave = rank(relevance=0.0, salience=1.0, sigma=sigma, **args)
    trivia = rank(relevance=0.71, salience=0.55, sigma=sigma, **args)
    assert grave.score > trivia.score


def _alike(a: str, b: str) -> float:
    return 0.5


def test_a_present_state_question_is_answered_by_the_newest_of_its_answers() -> None:
    relevance = {"old": 0.9, "newer": 0.8, "newest": 0.5, "unrelated": 0.3}
    times = {"old": 1.0, "newer": 2.0, "newest": 3.0, "unrelated": 4.0}
    # "newest" is little more than half as relevant as the best, still an answer; the later
    # but unrelated memory is not one.
    assert earlier_answers(relevance, times, _alike) == ({"old", "newer"}, "newest")
    only = earlier_answers({"only": 0.9, "weak": 0.2}, {"only": 1.0, "weak": 2.0}, _alike)
    assert only == (set(), None)
    assert earlier_answers({}, {}, _alike) == (set(), None)


def test_the_newest_answer_outdates_only_answers_about_the_same_thing() -> None:
    relevance = {"plan": 0.6, "chat": 0.5}
    times = {"plan": 1.0, "chat": 2.0}
    # The newest memory is half as relevant as the plan but says nothing near it: no update.
    apart = {frozenset(("plan", "chat")): 0.05}
    earlier, newest = earlier_answers(relevance, times, lambda a, b: apart[frozenset((a, b))])
    assert (earlier, newest) == (set(), "chat")
    near = {frozenset(("plan", "chat")): 0.3}
    earlier, _ = earlier_answers(relevance, times, lambda a, b: near[frozenset((a, b))])
    assert earlier == {"plan"}


def test_a_plan_held_open_ranks_below_a_firm_answer_about_the_same_thing() -> None:
    relevance = {"maybe_trip": 0.9, "booked_trip": 0.5, "boiler": 0.6, "far": 0.3}
    near = {frozenset(("maybe_trip", "booked_trip")): 0.35}

    def cosine(a: str, b: str) -> float:
        return near.get(frozenset((a, b)), 0.02)

    found = firmer_answers(relevance, {"maybe_trip"}, ["boiler", "booked_trip"], cosine)
    # The boiler is a firmer and better answer but about something else: the trip decides.
    assert found == {"maybe_trip": "booked_trip"}


def test_a_firm_statement_that_hardly_answers_does_not_outrank_a_hedged_answer() -> None:
    relevance = {"maybe_trip": 0.9, "far": 0.3}
    found = firmer_answers(relevance, {"maybe_trip"}, ["far"], lambda a, b: 0.9)
    assert found == {}
