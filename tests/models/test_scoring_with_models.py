"""Write-time scoring end to end on the real local models, on an empty graph."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pytest

from kapex.engine.processing import processing_markers
from kapex.engine.signals import (
    SELF_DISCLOSURE_PROTOTYPES,
    URGENCY_PROTOTYPES,
    Scoring,
    TurnFeatures,
    prototype_similarity,
    score_turn,
)
from kapex.models.dates import mentioned_times
from kapex.models.embedder import MiniLMEmbedder
from kapex.models.judgements import Judgements
from kapex.models.ner import EntityExtractor
from kapex.models.sentiment import SentimentAnalyzer

NOW = datetime(2023, 5, 8, 13, 0, tzinfo=UTC)


@dataclass
class Models:
    embedder: MiniLMEmbedder
    ner: EntityExtractor
    sentiment: SentimentAnalyzer
    disclosure: np.ndarray
    urgency: np.ndarray
    judgements: Judgements


@pytest.fixture(scope="module")
def models() -> Models:
    embedder = MiniLMEmbedder()
    return Models(
        embedder=embedder,
        ner=EntityExtractor(),
        sentiment=SentimentAnalyzer(),
        disclosure=embedder.embed(list(SELF_DISCLOSURE_PROTOTYPES)),
        urgency=embedder.embed(list(URGENCY_PROTOTYPES)),
        judgements=Judgements.load(embedder.model_id),
    )


def score(models: Models, text: str) -> Scoring:
    vector = models.embedder.embed([text])[0]
    features = TurnFeatures(
        text=text,
        role="user",
        valence=models.sentiment.valence(text),
        entities=tuple(e.name for e in models.ner.extract(text)),
        mentioned_times=tuple(mentioned_times(text, relative_to=NOW)),
        event_time=NOW,
        self_disclosure_sim=prototype_similarity(vector, models.disclosure),
        urgency_sim=prototype_similarity(vector, models.urgency),
        novelty=1.0,
        topic_session_count=0,
        crisis=False,
        processing=bool(processing_markers(text)),
        gravity=float(models.judgements.gravity([text], vector[None, :])[0]),
    )
    return score_turn(features)


def test_bereavement_far_outscores_lunch_on_an_empty_graph(models: Models) -> None:
    death = score(models, "My father passed away last week")
    lunch = score(models, "I had Thai food for lunch")
    assert death.base_score > 0.55
    assert lunch.base_score < 0.3


@pytest.mark.parametrize("text", ["hi, how are you?", "thanks!", "ok cool", "good morning"])
def test_small_talk_is_very_low(models: Models, text: str) -> None:
    assert score(models, text).base_score < 0.1


@pytest.mark.parametrize(
    "text",
    [
        "I just got promoted to engineering manager at Dataflow",
        "My mom was diagnosed with breast cancer yesterday",
        "My girlfriend broke up with me and I can't stop crying",
    ],
)
def test_life_events_score_high(models: Models, text: str) -> None:
    assert score(models, text).base_score > 0.55


def test_hedged_plans_score_below_committed_ones(models: Models) -> None:
    hedged = score(models, "Maybe I'll switch jobs, I guess, not sure")
    committed = score(models, "I will definitely switch jobs in June")
    assert hedged.lcs < committed.lcs
    assert hedged.base_score < committed.base_score
