"""Specific inputs are answered by relevance, open ones by what matters now."""

from __future__ import annotations

import pytest

from kapex.engine.ranking import rank, salience_weight, specificity


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
    weight = salience_weight(0.0, specific=0.15, open_=0.85)
    grave = rank(
        relevance=0.3, salience=0.7, weight=weight, certainty=0.7, statement=True, superseded=False
    )
    trivia = rank(
        relevance=1.0, salience=0.15, weight=weight, certainty=0.7, statement=True, superseded=False
    )
    assert grave.score > trivia.score
    assert (grave.channel, trivia.channel) == ("salient", "relevant")


def test_a_hedged_statement_ranks_below_an_equally_relevant_committed_one() -> None:
    args = {"relevance": 0.8, "salience": 0.3, "weight": 0.15, "superseded": False}
    committed = rank(certainty=0.8, statement=True, **args)
    hedged = rank(certainty=0.1, statement=True, **args)
    question = rank(certainty=0.1, statement=False, **args)
    assert committed.score > hedged.score
    assert question.score == pytest.approx(rank(certainty=1.0, statement=True, **args).score)


def test_a_superseded_memory_keeps_a_reduced_score() -> None:
    args = {"relevance": 0.8, "salience": 0.3, "weight": 0.15, "certainty": 1.0, "statement": True}
    assert rank(superseded=True, **args).score < rank(superseded=False, **args).score


def test_for_an_open_input_an_open_matter_outranks_a_fresher_settled_one() -> None:
    weight = salience_weight(0.0, specific=0.15, open_=0.85)
    args = {"weight": weight, "certainty": 0.8, "statement": True, "superseded": False}
    settled = rank(relevance=0.5, salience=1.0, worked_through=True, **args)
    pending = rank(relevance=0.1, salience=0.77, **args)
    assert pending.score > settled.score


def test_a_question_about_a_settled_matter_is_still_answered_by_it() -> None:
    weight = salience_weight(1.0, specific=0.15, open_=0.85)
    args = {"weight": weight, "certainty": 0.8, "statement": True, "superseded": False}
    settled = rank(relevance=0.9, salience=0.6, worked_through=True, **args)
    unrelated = rank(relevance=0.2, salience=0.8, **args)
    assert settled.score > unrelated.score
