"""Every embedder keeps the contract: unit rows of ``dim`` floats, roles where it has them."""

from __future__ import annotations

import numpy as np
import pytest

from kapex.errors import ConfigurationError
from kapex.models.embedder import (
    EMBEDDERS,
    E5Embedder,
    MiniLMEmbedder,
    length_batches,
    load_embedder,
)


@pytest.fixture(scope="module")
def e5() -> E5Embedder:
    return E5Embedder()


def test_e5_returns_unit_rows_and_reads_queries_and_passages_differently(e5: E5Embedder) -> None:
    texts = ["Where did I go hiking?", "Up to the glacier last summer."]
    passages = e5.embed(texts)
    assert passages.shape == (2, e5.dim) and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    query = e5.embed(texts[:1], role="query")
    assert not np.allclose(query[0], passages[0])
    assert e5.embed([]).shape == (0, e5.dim)


def test_e5_cosines_are_put_on_the_reference_scale(e5: E5Embedder) -> None:
    close = e5.embed(["We adopted a dog.", "We got a new puppy."])
    far = e5.embed(["We adopted a dog.", "The quarterly report is due Friday."])
    assert e5.reference_scale(float(close[0] @ close[1])) > 0.5
    assert e5.reference_scale(float(far[0] @ far[1])) < 0.2


def test_an_unknown_embedder_name_says_which_exist() -> None:
    with pytest.raises(ConfigurationError, match="minilm, e5"):
        load_embedder("word2vec")
    assert set(EMBEDDERS) == {"minilm", "e5"}


def test_length_batches_keep_long_texts_apart_from_short_ones() -> None:
    lengths = np.array([250, 12, 60, 14, 256, 70, 9])
    batches = length_batches(lengths, 32)
    assert sorted(int(row) for batch in batches for row in batch) == list(range(7))
    for batch in batches:
        assert lengths[batch].max() <= 2 * lengths[batch].min()
    assert [len(b) for b in length_batches(np.full(70, 20), 32)] == [32, 32, 6]


def test_a_mixed_length_call_gives_each_text_the_vector_it_has_alone() -> None:
    # A long message is embedded with its short passages in one call: bucketing by length
    # must neither reorder the rows nor change what any row reads.
    model = MiniLMEmbedder()
    long_text = " ".join(f"The harbour ferry timetable changed in week {n}." for n in range(40))
    texts = ["my sister moved to Leeds", long_text, "", "ok", "We adopted a grey cat called Moss."]
    together = model.embed(texts)
    alone = np.vstack([model.embed([t]) for t in texts])
    assert together.shape == (5, model.dim)
    np.testing.assert_allclose(together, alone, atol=1e-6)
