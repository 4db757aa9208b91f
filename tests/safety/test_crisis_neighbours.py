"""The neighbour head: what it holds, how it reads margins, and when the detector uses it."""

from __future__ import annotations

import numpy as np
import pytest

from kapex.errors import ModelIntegrityError
from kapex.safety.crisis import CrisisDetector
from kapex.safety.crisis_lexicon import CATEGORIES
from kapex.safety.crisis_model import CLASSES
from kapex.safety.crisis_neighbours import (
    ARTEFACT_PATH,
    NeighbourHead,
    Neighbours,
    margins_of,
)
from tests.safety.conftest import tampered_copy


def test_the_shipped_neighbour_artefact_is_checked_by_sha256(tmp_path):
    head = NeighbourHead.load()
    assert head.embedding_model == "all-MiniLM-L6-v2-onnx-int8"
    assert set(head.meta["thresholds"]) == set(CATEGORIES)
    tampered = tampered_copy(ARTEFACT_PATH, tmp_path)
    with pytest.raises(ModelIntegrityError):
        NeighbourHead.load(tampered)


def test_a_margin_is_nearest_crises_minus_nearest_look_alikes_above_the_floor():
    labels = np.array([CLASSES.index(c) for c in ("self_harm", "self_harm", "none", "abuse")])
    similarities = np.array([[0.9, 0.7, 0.6, 0.3]])
    margins = margins_of(similarities, labels, k=2, floor=0.5)[0]
    assert margins[CATEGORIES.index("self_harm")] == pytest.approx(0.8 - 0.6)
    # The nearest abuse message is below the floor: the category is not read at all.
    assert margins[CATEGORIES.index("abuse")] == -np.inf


def _toy_head(category: str, vector: np.ndarray) -> NeighbourHead:
    """A head holding one crisis of ``category`` at ``vector`` and one non-crisis opposite."""
    unit = vector / np.linalg.norm(vector)
    neighbours = Neighbours(
        np.stack([unit, -unit]).astype(np.float32),
        np.array([CLASSES.index(category), CLASSES.index("none")]),
        k=1,
        floor=0.5,
    )
    meta = {
        "embedding_model": "all-MiniLM-L6-v2-onnx-int8",
        "thresholds": dict.fromkeys(CATEGORIES, 0.5),
        "spreads": dict.fromkeys(CATEGORIES, 0.5),
    }
    return NeighbourHead(neighbours, meta)


def test_the_neighbour_head_speaks_only_when_the_other_components_are_silent(embedder, clauses):
    quiet = "We are planning a picnic by the river on Saturday with my cousins."
    head = _toy_head("medical_emergency", embedder.embed([quiet])[0])
    detector = CrisisDetector(embedder, clauses=clauses, neighbours=head)
    result = detector.assess(quiet)
    assert not result.stacked.detected and result.neighbours.detected
    assert result.combined.category == "medical_emergency"
    assert any(r.startswith("neighbours:") for r in result.combined.reasons)

    # A crisis the clause reading finds keeps its own category, whatever it resembles.
    explicit = "I am going to kill myself tonight, the rope is ready."
    head = _toy_head("abuse", embedder.embed([explicit])[0])
    detector = CrisisDetector(embedder, clauses=clauses, neighbours=head)
    assert detector.detect(explicit).category == "self_harm"


def test_text_not_read_as_english_is_left_to_the_multilingual_head(embedder, clauses):
    text = "Estamos planeando un picnic junto al río el sábado con mis primos."
    head = _toy_head("abuse", embedder.embed([text])[0])
    detector = CrisisDetector(embedder, clauses=clauses, neighbours=head)
    assert not detector.assess(text).neighbours.detected


def test_ordinary_chat_is_below_the_floor_of_the_shipped_head(embedder, clauses):
    detector = CrisisDetector(embedder, clauses=clauses)
    for text in (
        "Can you recommend a pasta recipe for four people?",
        "What do Melanie's kids like to do on weekends?",
        "The dog loves playing fetch at the beach.",
    ):
        assert not detector.assess(text).neighbours.detected


@pytest.mark.slow
def test_the_shipped_neighbour_artefact_is_rebuilt_from_the_repository(
    embedder, data_dir, tmp_path
):
    from kapex.bench.crisis_train_neighbours import train_neighbours

    report = train_neighbours(data_dir, embedder=embedder, out=tmp_path / "n.npz")
    rebuilt = NeighbourHead.load(tmp_path / "n.npz", sha256=report["sha256"])
    shipped = NeighbourHead.load()
    # The same messages, labels and thresholds. Bytes may differ by a rounding: one CI run
    # rebuilt a different sha256 than the same code did locally (int8 inference is not
    # bit-stable across runs), so vectors and thresholds are compared within tolerances far
    # below what moves a decision.
    assert np.array_equal(rebuilt._neighbours.labels, shipped._neighbours.labels)
    assert np.allclose(rebuilt._neighbours.vectors, shipped._neighbours.vectors, atol=0.01)
    for category in CATEGORIES:
        assert rebuilt.meta["thresholds"][category] == pytest.approx(
            shipped.meta["thresholds"][category], abs=0.01
        )
    # The price in false positives was fixed before recall was seen: at most one point of
    # the pool's not-yet-flagged hard negatives per category.
    found = report["meta"]["out_of_family"]
    assert found["false_positives_with_neighbours"] - found["false_positives_others"] <= 0.04


def test_a_short_message_with_no_warning_sign_is_not_read_by_resemblance(embedder, clauses):
    # Read as a medical emergency by the neighbour head before the rule: the topic alone.
    detector = CrisisDetector(embedder, clauses=clauses)
    result = detector.assess("My mum has been unwell lately.")
    assert not result.neighbours.detected and not result.combined.detected


def _margins_the_long_way(head: NeighbourHead, vector: np.ndarray) -> np.ndarray:
    n = head._neighbours
    unit = vector / max(float(np.linalg.norm(vector)), 1e-9)
    return margins_of((n.vectors @ unit)[None, :], n.labels, n.k, n.floor)[0]


def test_the_heads_margins_are_margins_of_bit_for_bit():
    head = NeighbourHead.load()
    stored = head._neighbours.vectors
    rng = np.random.default_rng(7)
    vectors = [rng.standard_normal(stored.shape[1]).astype(np.float32) for _ in range(100)]
    # Near labelled messages, so the categories' margins are above the floor and compared.
    vectors += [
        row + 0.01 * rng.standard_normal(row.size).astype(np.float32) for row in stored[::11]
    ]
    finite = 0
    for vector in vectors:
        fast, slow = head.margins(vector), _margins_the_long_way(head, vector)
        assert fast.dtype == slow.dtype and fast.tobytes() == slow.tobytes()
        finite += int(np.isfinite(fast).sum())
    assert finite > 100


def test_margins_keep_the_minus_one_fill_when_a_class_has_few_rows():
    # Two crisis rows against k=3: margins_of fills the rest of the top three with -1.0.
    vectors = np.eye(4, dtype=np.float32)[[0, 1, 2, 2, 3, 3, 3]]
    labels = np.array(
        [
            CLASSES.index(c)
            for c in ("self_harm", "self_harm", "none", "none", "abuse", "abuse", "abuse")
        ]
    )
    meta = {"embedding_model": "test", "thresholds": dict.fromkeys(CATEGORIES, 0.0),
            "spreads": dict.fromkeys(CATEGORIES, 1.0)}  # fmt: skip
    head = NeighbourHead(Neighbours(vectors, labels, 3, -2.0), meta)
    for vector in (np.array([1, 0.5, 0, 0], np.float32), np.array([0, 0, 1, -0.2], np.float32)):
        fast, slow = head.margins(vector), _margins_the_long_way(head, vector)
        assert fast.tobytes() == slow.tobytes()


def test_nearest_crisis_is_the_similarity_of_the_closest_category_of_crises(embedder):
    vector = embedder.embed(["We are planning a picnic by the river on Saturday."])[0]
    head = _toy_head("abuse", vector)
    assert head.nearest_crisis(vector) == pytest.approx(1.0, abs=1e-3)
    assert head.nearest_crisis(-vector) == pytest.approx(-1.0, abs=1e-3)


def test_a_learned_detection_with_no_warning_sign_needs_some_labelled_crisis_nearby(
    embedder, clauses
):
    text = "I keep thinking how much lighter things would be for them if I just wasnt here"
    shipped = CrisisDetector(embedder, clauses=clauses).assess(text)
    assert not shipped.hits and shipped.stacked.detected
    # The same message, with every labelled crisis far from it: ordinary chat's situation
    # (the lexical head's words are everywhere), so the learned heads' reading does not stand.
    vector = embedder.embed([text])[0]
    far = _toy_head("self_harm", -vector)
    result = CrisisDetector(embedder, clauses=clauses, neighbours=far).assess(text)
    assert not result.stacked.detected and not result.combined.detected
    assert any("far from every labelled crisis" in r for r in result.stacked.reasons)
