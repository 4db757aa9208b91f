"""Every embedder keeps the contract: unit rows of ``dim`` floats, roles where it has them."""

from __future__ import annotations

import numpy as np
import pytest

from kapex.errors import ConfigurationError
from kapex.models.embedder import EMBEDDERS, E5Embedder, load_embedder


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
