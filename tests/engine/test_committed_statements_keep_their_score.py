"""The certainty factor discounts hedged statements, not every statement.

A statement said firmly (LCS at or above ``RankingRules.committed_at``) keeps its whole score,
as a question, a request or an assistant's answer does (none of them is a statement); a
hedged one loses up to ``hedge_weight``. Discounting every statement by 1 − LCS put the
user's own committed words below equally relevant assistant answers on long user–assistant
chats (BEAM), where the evidence is mostly what the user said.
"""

import pytest

from kapex.engine.ranking import RankingRules, hedging, rank

ARGS = {"relevance": 0.7, "salience": 0.2, "weight": 0.15, "superseded": False, "sigma": 0.9}


def test_a_committed_statement_scores_as_an_equally_relevant_assistant_answer() -> None:
    committed = rank(certainty=0.7, statement=True, **ARGS)
    answer = rank(certainty=0.0, statement=False, **ARGS)  # what the assistant said
    assert committed.score == pytest.approx(answer.score)
    assert rank(certainty=RankingRules().committed_at, statement=True, **ARGS).score == (
        pytest.approx(answer.score)
    )


def test_a_hedged_statement_still_loses_up_to_the_hedge_weight() -> None:
    rules = RankingRules()
    firm = rank(certainty=0.9, statement=True, **ARGS).score
    hedged = rank(certainty=0.0, statement=True, **ARGS).score
    assert hedged == pytest.approx(firm * (1 - rules.hedge_weight))
    halfway = rank(certainty=rules.committed_at / 2, statement=True, **ARGS).score
    assert hedged < halfway < firm


def test_hedging_is_zero_from_committed_and_one_when_fully_hedged() -> None:
    assert hedging(1.0) == 0.0
    assert hedging(RankingRules().committed_at) == 0.0
    assert hedging(0.0) == pytest.approx(1.0)
    assert hedging(-0.5) == pytest.approx(1.0)
