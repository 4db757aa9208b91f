"""Sentiment valence from VADER (lexicon and rules, MIT; its data ships in the package).

Contract: ``valence(text)`` is VADER's compound score in [-1, 1]; 0.0 for neutral or empty text.
VADER measures polarity, not urgency, and misses euphemisms ("passed away"); the engine's
SWV signal adds its own intensity lexicon for that reason.
"""

from __future__ import annotations

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from kapex import metrics


class SentimentAnalyzer:
    """VADER compound valence of a text."""

    def __init__(self) -> None:
        self._analyzer = SentimentIntensityAnalyzer()

    @metrics.timed_model("sentiment")
    def valence(self, text: str) -> float:
        if not text.strip():
            return 0.0
        return float(self._analyzer.polarity_scores(text)["compound"])


__all__ = ["SentimentAnalyzer"]
