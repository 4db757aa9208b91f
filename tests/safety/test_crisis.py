"""Crisis detection behaviours: who, what, when, negation, languages, slang, the shipped model."""

from __future__ import annotations

import numpy as np
import pytest

from kapex.errors import ConfigurationError, ModelIntegrityError
from kapex.safety.crisis import CATEGORIES, NOT_SCREENED, CrisisDetector, guidance
from kapex.safety.crisis_model import ARTEFACT_PATH, CrisisModel
from tests.safety.conftest import tampered_copy

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def detector(embedder) -> CrisisDetector:
    return CrisisDetector(embedder)


def category(detector: CrisisDetector, text: str) -> str | None:
    return detector.detect(text).category


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Reported in issue 9 as missed by the earlier detector.
        ("I want to take my own life.", "self_harm"),
        ("I'm on the roof of my building and I'm done with everything.", "self_harm"),
        (
            "Tomorrow I'll make sure my stepfather never hurts anyone again, the knife is ready.",
            "harm_to_others",
        ),
        ("quiero matarme", "self_harm"),
    ],
)
def test_the_misses_reported_in_the_issue_are_detected(detector, text, expected):
    assert category(detector, text) == expected


def test_a_resolved_past_is_not_a_crisis(detector):
    assert not detector.detect(
        "I used to cut myself in college but I've been fine for years."
    ).detected


@pytest.mark.parametrize(
    "text",
    [
        "honestly might kms tonight",
        "i want to unalive myself",
        "thinking about ctb this weekend",
        "i want to kil myself",
        "im thinkin about sucide every day",
        "i want to k1ll myself",
        "I WANT TO END MY LIFE",
    ],
)
def test_slang_misspellings_and_shouting_are_read_as_self_harm(detector, text):
    assert category(detector, text) == "self_harm"


@pytest.mark.parametrize(
    "text",
    [
        "Je vais me tuer ce soir.",
        "Ich will nicht mehr leben.",
        "Eu vou me matar.",
        "Voglio farla finita.",
        "No quiero seguir viviendo.",
    ],
)
def test_the_core_statements_are_read_in_five_other_languages(detector, text):
    assert category(detector, text) == "self_harm"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("If he leaves me this weekend I'm going to end it, I've decided.", "self_harm"),
        ("If my ex shows up at the door tonight I'm going to stab him.", "harm_to_others"),
        ("My husband choked me last night and says he'll do it again.", "abuse"),
        ("my dad hits me with his belt when he's drunk", "abuse"),
        ("My mum's face is drooping and she can't lift her arm.", "medical_emergency"),
        ("My son swallowed bleach from under the sink.", "medical_emergency"),
        ("My friend just texted that she's going to kill herself tonight.", "self_harm"),
    ],
)
def test_conditionals_recent_acts_and_third_parties_are_crises(detector, text, expected):
    assert category(detector, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I'm not thinking of ending it, I just need to vent.",
        "I would never hurt my kids, I'm just exhausted.",
        "Please don't hurt yourself, you matter so much to me.",
        "If you're having thoughts of suicide, call or text 988.",
        "In the novel the main character kills himself in the last chapter.",
        "I attempted suicide when I was 19 and I'm really glad I'm still here.",
        "this bug is killing me",
        "kill -9 the zombie process and restart the worker",
        "My brother ate my fries, I'm going to kill him lol",
        "I've had a mild headache since this morning.",
    ],
)
def test_denials_advice_fiction_the_past_jokes_and_tech_are_not_crises(detector, text):
    assert not detector.detect(text).detected


@pytest.mark.parametrize(
    "text",
    [
        # Plain questions about one's own life name family, pets and work, as abuse does.
        "Tell me about my dog and my work",
        "my dog and my cat",
        "Remind me what my boss said",
        "What do you know about my family?",
        "tell me about my day",
    ],
)
def test_plain_chat_about_the_writers_own_life_is_not_a_crisis(detector, text):
    assert not detector.detect(text).detected


def test_confidence_is_half_or_more_exactly_when_detected(detector):
    for text in ("I want to kill myself", "what should I cook tonight?", "he beats me"):
        result = detector.detect(text)
        assert 0.0 <= result.confidence <= 1.0
        assert result.detected == (result.confidence >= 0.5)
        assert (result.category is not None) == result.detected
        assert result.reasons


def test_vectors_of_another_model_are_never_read_as_the_detectors_own(detector):
    text = "My neighbour collapsed and isn't breathing."
    own = detector.detect(text)
    foreign = np.ones(384, dtype=np.float32) / np.sqrt(384)
    assert detector.detect(text, vector=foreign, vector_model="some-other-model") == own
    assert detector.detect(text, vector=foreign) == own  # no model named: not trusted either


def test_batch_matches_single_and_results_are_deterministic(detector):
    texts = ["my baby isn't breathing", "this bug is killing me", "he beats me"]
    batch = detector.detect_many(texts)
    assert batch == [detector.detect(t) for t in texts] == detector.detect_many(texts)
    assert detector.detect_many([]) == []


def test_assistant_turns_have_a_fixed_not_screened_result():
    assert not NOT_SCREENED.detected and NOT_SCREENED.confidence == 0.0


class _OtherModel:
    """A stand-in embedding model with another id (the detector must refuse it)."""

    model_id = "multilingual-e5-small-test"
    dim = 384

    def embed(self, texts):
        return np.zeros((len(texts), 384), dtype=np.float32)


def test_the_detector_refuses_an_embedder_of_another_model():
    with pytest.raises(ConfigurationError, match="trained on"):
        CrisisDetector(_OtherModel())


def test_the_shipped_artefact_is_checked_by_sha256(tmp_path):
    model = CrisisModel.load()
    assert model.embedding_model == "all-MiniLM-L6-v2-onnx-int8"
    assert set(model.thresholds["combined"]) == set(CATEGORIES)
    tampered = tampered_copy(ARTEFACT_PATH, tmp_path)
    with pytest.raises(ModelIntegrityError):
        CrisisModel.load(tampered)


def test_guidance_exists_for_every_category_and_mentions_resources():
    for name in CATEGORIES:
        assert "resources" in guidance(name)
    with pytest.raises(ValueError):
        guidance("boredom")


@pytest.mark.parametrize(
    "text",
    [
        # Both read as self-harm by resemblance alone before the rule.
        "Where will I end up living?",
        "Where am I going to sleep tonight?",
        "When do I go in for the knee operation?",
    ],
)
def test_a_short_question_with_no_warning_sign_is_not_read_by_resemblance(detector, text):
    result = detector.assess(text)
    assert not result.hits
    assert not result.combined.detected and not result.neighbours.detected


@pytest.mark.parametrize(
    "text",
    [
        "is it normal to want to die every single day?",
        "how many of my sleeping pills would it take to not wake up?",
    ],
)
def test_a_short_question_carrying_a_warning_sign_is_still_a_crisis(detector, text):
    assert detector.detect(text).category == "self_harm"
