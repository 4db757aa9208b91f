"""Crisis detection behaviours: slang, farewell notes, idioms, tech talk, negation, categories."""

from __future__ import annotations

import pytest

from kapex.safety.crisis import CATEGORIES, CrisisDetector, guidance

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def detector(embedder) -> CrisisDetector:
    return CrisisDetector(embedder)


@pytest.mark.parametrize(
    "text",
    [
        "honestly i want to kms, nothing helps",
        "im gonna unalive myself",
        "I've been stockpiling my sleeping pills",
        "i cut myself again last night",
        "everyone would be better off without me",
        "I just want to end it all",
    ],
)
def test_slang_and_plain_ideation_are_self_harm(detector, text):
    result = detector.detect(text)
    assert result.detected and result.category == "self_harm"


def test_farewell_note_is_detected(detector):
    result = detector.detect("i'm done. goodbye everyone. i love you all, it's not your fault")
    assert result.category == "self_harm"


def test_farewell_with_a_return_is_not_a_crisis(detector):
    assert not detector.detect("goodbye everyone, see you after the holidays!").detected


@pytest.mark.parametrize(
    "text",
    [
        "this bug is killing me",
        "I'm dying to see that movie",
        "that joke killed",
        "she's killing it at work",
        "shoot me an email",
        "I could murder a burger",
        "I want to end my subscription",
    ],
)
def test_idioms_are_not_a_crisis(detector, text):
    assert not detector.detect(text).detected


@pytest.mark.parametrize(
    "text",
    [
        "kill -9 the zombie process",
        "terminate the process and kill the child process too",
        "we need a kill switch on the feature flag",
        "execute the job at midnight",
    ],
)
def test_tech_talk_is_not_a_crisis(detector, text):
    assert not detector.detect(text).detected


@pytest.mark.parametrize("text", ["I would never hurt myself", "I'm not suicidal, just tired"])
def test_negated_statements_are_not_a_crisis(detector, text):
    assert not detector.detect(text).detected


@pytest.mark.parametrize(
    "text", ["I don't want to live anymore", "i dont want to be alive anymore"]
)
def test_negation_does_not_cancel_genuine_ideation(detector, text):
    assert detector.detect(text).category == "self_harm"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I'm going to hurt him when he gets home", "harm_to_others"),
        ("he hits me when he's drunk", "abuse"),
        ("she locks me in my room for days", "abuse"),
        ("my uncle touched me and told me not to tell", "abuse"),
        ("I have chest pain and can't breathe", "medical_emergency"),
        ("my dad is having a seizure", "medical_emergency"),
    ],
)
def test_each_category_is_reported(detector, text, category):
    assert detector.detect(text).category == category


def test_accidental_overdose_is_medical_and_intended_overdose_is_self_harm(detector):
    assert detector.detect("I accidentally overdosed on my meds").category == "medical_emergency"
    assert detector.detect("i'm going to overdose tonight").category == "self_harm"


def test_joke_marker_weakens_a_hyperbolic_threat(detector):
    assert detector.detect("I'm going to kill him").detected
    assert not detector.detect("my brother ate my fries, I'm going to kill him lol").detected


def test_emotional_use_of_touched_is_not_abuse(detector):
    assert not detector.detect("your message really touched me").detected


def test_detection_carries_reasons_and_a_score_over_the_threshold(detector):
    result = detector.detect("I want to kill myself")
    assert result.reasons and result.score >= 0.75
    quiet = detector.detect("what should I cook for dinner tonight?")
    assert quiet == type(quiet)(False, None, quiet.score, quiet.reasons)
    assert quiet.score < 0.75


def test_detection_is_deterministic_and_batch_matches_single(detector):
    texts = ["my baby isn't breathing", "this bug is killing me", "he beats me"]
    batch = detector.detect_many(texts)
    assert batch == [detector.detect(t) for t in texts]
    assert batch == detector.detect_many(texts)


def test_detect_many_of_nothing_is_empty(detector):
    assert detector.detect_many([]) == []


def test_guidance_exists_for_every_category_and_mentions_resources():
    for category in CATEGORIES:
        assert "resources" in guidance(category)
    with pytest.raises(ValueError):
        guidance("boredom")
