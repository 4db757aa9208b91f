from __future__ import annotations

import pytest

from kapex.models.sentiment import SentimentAnalyzer


@pytest.fixture(scope="module")
def analyzer() -> SentimentAnalyzer:
    return SentimentAnalyzer()


def test_positive_and_negative_turns_have_opposite_signs(analyzer: SentimentAnalyzer) -> None:
    assert analyzer.valence("I am so happy and excited about the baby!") > 0.4
    assert analyzer.valence("I hate Mondays, everything is awful") < -0.4


def test_neutral_and_empty_text_are_zero(analyzer: SentimentAnalyzer) -> None:
    assert analyzer.valence("The meeting is at the office.") == 0.0
    assert analyzer.valence("   ") == 0.0
