"""Character n-gram features of the chars head: stable, unit length, tolerant of misspellings."""

from __future__ import annotations

import numpy as np

from kapex.safety.crisis_model import CHAR_BUCKETS, char_features


def test_char_features_are_unit_length_and_the_same_on_every_call():
    first = char_features("i want to end it tonight")
    assert first.shape == (CHAR_BUCKETS,)
    assert np.isclose(np.linalg.norm(first), 1.0)
    assert np.array_equal(first, char_features("i want to end it tonight"))


def test_a_misspelling_stays_closer_to_its_word_than_an_unrelated_word_does():
    word = char_features("overdosing")
    assert float(word @ char_features("ovredosing")) > 0.3
    assert float(word @ char_features("overdosing")) > float(word @ char_features("gardening"))
    assert float(word @ char_features("ovredosing")) > float(word @ char_features("gardening"))


def test_empty_text_gives_a_zero_vector_not_a_division_by_zero():
    assert not char_features("").any()
    assert not char_features("!!! ...").any()
